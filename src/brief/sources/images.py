"""Stage 2: the pictures a spec shows (`figure` points and Markdown images), read and
checked before anything is drawn.

A picture is a PNG, a JPEG or an SVG file inside the project, known by its content
whatever its name says. Each is refused with one message at the spec's line when it is
larger than the limits (BRIEF_MAX_IMAGE_SIZE, 20 MB; BRIEF_MAX_IMAGE_PIXELS, 40 million
pixels, read from the file's header before anything is decoded), when it does not decode
whole (truncated, or not a picture at all), or, for an SVG, when it declares entities or
refers to anything but itself and pictures inside it (`file:`, `http:`, another file),
or has more than 200,000 elements (BRIEF_MAX_SVG_ELEMENTS):
nothing else is read and the network is never touched. An SVG is kept as brief wrote it
back after these checks: no DOCTYPE, no scripts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import itertools
import re
import struct
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, is_dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, SourceError, Where, collect, display_path
from ..files import Budget, inside, read_input
from ..markdown_text import parse_markdown
from ..model import Figure, Picture, figures_in
from ..schema import keys
from ..spec import BriefingSpec
from ..yamlfile import KeyPath

PIXELS = Budget("BRIEF_MAX_IMAGE_PIXELS", 40_000_000, "pixels")
SVG_ELEMENTS = Budget("BRIEF_MAX_SVG_ELEMENTS", 200_000, "SVG elements")
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(px|pt|mm|cm|in|pc)?\s*")
_PX = {"px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pc": 16.0}


@dataclass(frozen=True)
class LoadedPicture:
    """A picture file as a build read it: where, its SHA-256 (for the manifest and the
    freshness record), and the picture."""

    path: Path
    sha256: str
    picture: Picture


def picture_key(folder: Path, file: str) -> str:
    """How a spec's picture file is known: its resolved path from the spec's folder."""
    return str((folder / file).resolve())


def pictures_named(spec: BriefingSpec) -> list[tuple[str, KeyPath]]:
    """Every picture file the spec names, with the key path that names it: each figure's
    `file`, and each image in its Markdown texts (at the text's key)."""
    found: list[tuple[str, KeyPath]] = []
    for value, path, markdown in _values(spec, ()):
        if markdown:
            found += [(figure.file, path) for figure in _markdown_figures(value)]
        elif path[-2:-1] == ("figure",) and path[-1] == "file":
            found.append((value, path))
    return found


def _markdown_figures(text: str) -> list[Figure]:
    try:
        blocks = parse_markdown(text)
    except ValueError:  # reported when the spec was read
        return []
    return [f for f in figures_in(blocks) if f.file]


def _values(node: Any, path: KeyPath) -> Iterator[tuple[Any, KeyPath, bool]]:
    """The text values of the spec's classes, each with its key path and whether it is
    Markdown."""
    kind: type = type(node)
    for name, fld in keys(kind):
        value = getattr(node, fld.name)
        own = getattr(node, "key_path", path) or path
        here = (*own, name)
        items: Iterable[tuple[KeyPath, Any]] = (
            [((*here, k), v) for k, v in value.items()] if isinstance(value, dict) else
            [((*here, i), v) for i, v in enumerate(value)] if isinstance(value, tuple) else
            [(here, value)])
        for item_path, item in items:
            if isinstance(item, str):
                yield item, item_path, bool(fld.metadata.get("markdown"))
            elif is_dataclass(item) and not isinstance(item, type):
                yield from _values(item, item_path)


def load_pictures(spec: BriefingSpec, root: Path
                  ) -> tuple[dict[str, LoadedPicture], list[BriefError]]:
    """Read every picture the spec names (inside the project, `root`); return those read,
    by `picture_key`, and the problems found, each at the line that names the file."""
    pictures: dict[str, LoadedPicture] = {}
    errors: list[BriefError] = []
    tried: set[str] = set()  # a file named twice is read, or refused, once
    for file, path in pictures_named(spec):
        key = picture_key(spec.folder, file)
        if key in tried or not spec.intact(path):
            continue
        tried.add(key)
        try:
            pictures[key] = load_picture(spec.folder / file, file, spec.where(path), root)
        except BriefError as error:
            collect(errors, error)
    return pictures, errors


def load_picture(path: Path, name: str, where: Where, root: Path) -> LoadedPicture:
    """Read and check one picture file (see the module's docstring)."""
    if not inside(path, [root]):
        raise SourceError(
            f"the picture {name} is outside the project ({root}): brief reads only files "
            "inside it", where, hint="copy it into the project (a figures/ folder, say)")
    try:
        data = read_input(path, "image", where, SourceError, "picture")
    except FileNotFoundError:
        tried = display_path(path)
        raise SourceError(f"the picture {name} does not exist"
                          + (f" (brief looked for {tried})" if tried != name else ""), where,
                          hint="check the path: it is relative to the spec's folder") \
            from None
    picture = read_picture(data, name, where)
    return LoadedPicture(path.resolve(), hashlib.sha256(data).hexdigest(), picture)


def read_picture(data: bytes, name: str, where: Where | None) -> Picture:
    """The picture of a file's bytes, known by its content; raise `SourceError` when it is
    no PNG, JPEG or SVG, too large, broken, or refers to anything outside itself."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _raster(data, "png", name, where)
    if data.startswith(b"\xff\xd8\xff"):
        return _raster(data, "jpeg", name, where)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in \
            data[:65536].lower():
        return _svg(data, name, where)
    raise SourceError(
        f"{name} is not a PNG, JPEG or SVG picture (its content is none of them, whatever "
        "its name says)", where,
        hint="export the picture as PNG, JPEG or SVG and name that file")


def _raster(data: bytes, fmt: str, name: str, where: Where | None) -> Picture:
    size = _png_size(data) if fmt == "png" else _jpeg_size(data)
    if size is None:
        raise SourceError(f"{name} is a broken {fmt.upper()} file: its header cannot be "
                          "read", where, hint="export the picture again")
    width, height = size
    most = PIXELS.most()
    if width * height > most or not (width and height):
        raise SourceError(
            f"{name} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} million), more "
            f"than the {most / 1e6:.0f} million brief draws in a memo" if width and height
            else f"{name} is {width} × {height} pixels: it has nothing to show", where,
            hint=f"scale the picture down (no page needs more), or allow more with "
            f"{PIXELS.variable}" if width and height else None)
    upright = _decode(data, fmt, name, where)
    if upright is not None:  # a photograph turned by its EXIF orientation
        data, (width, height) = upright
    return Picture(data, fmt, float(width), float(height))


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's frame header (SOFn), found by walking its segments."""
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return int(width), int(height)
        at += 2 + length
    return None


def _decode(data: bytes, fmt: str, name: str, where: Where | None
            ) -> tuple[bytes, tuple[int, int]] | None:
    """Decode the picture whole (its size known to be within the budget), so that a
    truncated or corrupt file is refused here rather than drawn half or not at all. A
    JPEG that its EXIF turns (a phone's photograph) is returned turned upright, with its
    size: WeasyPrint turns it and Word does not, so both are given it upright."""
    from PIL import Image, ImageFile, ImageOps

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=[fmt.upper()]) as image:
                image.load()
                if fmt != "jpeg" or image.getexif().get(0x0112, 1) == 1:
                    return None
                turned = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                turned.save(out, format="JPEG", quality=95,
                            icc_profile=image.info.get("icc_profile"))
                return out.getvalue(), turned.size
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise SourceError(f"{name} is a broken {fmt.upper()} file ({exc}): it cannot be "
                          "drawn", where, hint="export the picture again; a file cut short "
                          "in a download or a copy reads so") from None


def _svg(data: bytes, name: str, where: Where | None) -> Picture:
    from lxml import etree

    def refuse(what: str) -> SourceError:
        return SourceError(f"the SVG {name} {what}: a memo's picture draws only what it "
                           "holds, and brief reads no other file and uses no network",
                           where, hint="export the SVG again with its pictures embedded "
                           "and its styles inline (a plain SVG)")

    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise refuse("declares entities (which may read other files or grow without end)")
    if data.count(b"<") > 2 * SVG_ELEMENTS.most() + 1000:  # its tags, before any is parsed
        raise _too_many(name, where)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{name} is not a readable SVG file: {exc}", where,
                          hint="export the picture again") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SourceError(f"{name} is not an SVG picture: its root element is not <svg>",
                          where)
    nodes = list(itertools.islice(root.iter(), SVG_ELEMENTS.most() + 1))
    if len(nodes) > SVG_ELEMENTS.most():
        raise _too_many(name, where)
    for node in nodes:
        _check_svg_node(node, refuse, name, where)
    for pi in root.xpath("//processing-instruction()") + [
            p for p in _siblings(root) if isinstance(p, etree._ProcessingInstruction)]:
        raise refuse(f"has a processing instruction <?{pi.target} ...?>")
    width, height = _svg_size(root)
    clean = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Picture(clean, "svg", width, height)


def _too_many(name: str, where: Where | None) -> SourceError:
    return SourceError(
        f"the SVG {name} has more than {SVG_ELEMENTS.most():,} elements: more than a "
        "picture in a memo needs, and slow to draw", where,
        hint=f"simplify the drawing, or allow more with {SVG_ELEMENTS.variable}")


def _siblings(root: Any) -> Iterator[Any]:
    node = root.getprevious()
    while node is not None:
        yield node
        node = node.getprevious()


def _check_svg_node(node: Any, refuse: Any, name: str, where: Where | None) -> None:
    from lxml import etree

    if not isinstance(node.tag, str):  # an entity reference or a comment
        if isinstance(node, etree._Entity):
            raise refuse(f"uses the entity &{node.name};")
        return
    local = etree.QName(node).localname
    namespace = etree.QName(node).namespace
    if namespace == "http://www.w3.org/2001/XInclude":
        raise refuse("includes another file (XInclude)")
    if local in ("script", "foreignObject") and namespace == SVG_NS:
        node.getparent().remove(node)
        return
    for attribute, value in node.attrib.items():
        local_attribute = etree.QName(attribute).localname
        if local_attribute.startswith("on"):  # an event handler: nothing to a page
            del node.attrib[attribute]
            continue
        if local_attribute in ("href", "src"):
            if local == "a" and re.match(r"(https?|mailto):", value.strip(), re.IGNORECASE):
                del node.attrib[attribute]  # a link in a picture: nothing a memo can follow
                continue
            _check_reference(value.strip(), refuse, name, where)
        for target in _URL.findall(value):
            if not target.startswith("#"):
                raise refuse(f"refers to {target!r}")
    if local == "style" and node.text:
        if "@import" in node.text:
            raise refuse("imports a stylesheet")
        for target in _URL.findall(node.text):
            if not target.startswith("#"):
                raise refuse(f"refers to {target!r}")


def _check_reference(value: str, refuse: Any, name: str, where: Where | None) -> None:
    """An SVG's link to another part of itself, or to a picture embedded in it (a data
    address of a PNG or JPEG, itself checked); nothing else."""
    if value.startswith("#") or not value:
        return
    match = re.match(r"data:image/(png|jpeg|jpg);base64,(.*)", value, re.DOTALL)
    if match is None:
        raise refuse(f"refers to {value[:80]!r}")
    try:
        inner = base64.b64decode(re.sub(r"\s+", "", match[2]), validate=True)
    except (binascii.Error, ValueError):
        raise refuse("holds a picture that cannot be read") from None
    if not inner.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        raise refuse("holds a picture that is no PNG or JPEG")
    read_picture(inner, f"the picture inside {name}", where)


def _svg_size(root: Any) -> tuple[float, float]:
    """An SVG's own size in CSS pixels: its width and height, else its viewBox's, else
    the 300 × 150 of the web."""
    sizes = [_length(root.get(a)) for a in ("width", "height")]
    box = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?",
                                         root.get("viewBox", ""))]
    width, height = sizes
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width is None and height is None:
            width, height = box[2], box[3]
        elif width is None:
            width = (height or 0) / ratio
        elif height is None:
            height = width * ratio
    return (width or 300.0, height or 150.0)


def _length(value: str | None) -> float | None:
    match = _LENGTH.fullmatch(value or "")
    if match is None:
        return None
    number = float(match[1]) * _PX[match[2] or "px"]
    return number if number > 0 else None

