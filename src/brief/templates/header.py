"""The house's own header as the PDF shows it: the first paragraph of its default header
and footer (their text goes into the PDF's running header), and its logo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import BriefWarning, Where
from ..ooxml import NS as _NS
from ..ooxml import qn

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class HeaderImage:
    """A picture in the house's header: its bytes, type and size as the header draws it."""

    content: bytes
    mime: str
    width_mm: float
    height_mm: float


def story_parts(parts: dict[str, bytes], section: Any) -> dict[tuple[str, str], str]:
    """The part name of each header and footer the section refers to, by (story, kind):
    ("header", "default") -> "word/header1.xml"; a target Word writes relative to the
    document, or absolute, as LibreOffice may."""
    from lxml import etree

    rels = parts.get("word/_rels/document.xml.rels")
    if rels is None:
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in etree.fromstring(rels)}
    found = {}
    for story in ("header", "footer"):
        for reference in section.iterfind(f"w:{story}Reference", _NS):
            target = targets.get(reference.get(f"{{{_R}}}id"), "")
            if target:
                found[story, reference.get(qn("w:type"), "default")] = part_name(target)
    return found


def part_name(target: str) -> str:
    """The package part a relationship of the main document targets."""
    return target[1:] if target.startswith("/") else f"word/{target}"


def running_paragraph(parts: dict[str, bytes], section: Any, kind: str) -> Any | None:
    """The first line of the section's default header (or footer) that has words of the
    house's own, else its first line, if it has one."""
    from lxml import etree

    name = story_parts(parts, section).get((kind, "default"))
    content = parts.get(name) if name else None
    if content is None:
        return None
    paragraphs = list(etree.fromstring(content).iterfind("w:p", _NS))
    # The marking on a line of its own, which brief put above a house's own header text,
    # is drawn by the PDF's layout: the house's line is the first with words of its own.
    return next((p for p in paragraphs if _MARKING_ONLY.sub("", _text(p)).strip()),
                paragraphs[0] if paragraphs else None)


_MARKING_ONLY = re.compile(r"\{(classification|tlp|marking)\}")


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PICTURE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}
_EMU_PER_MM = 36_000


def header_image(parts: dict[str, bytes], section: Any, where: Where
                  ) -> tuple[HeaderImage | None, list[BriefWarning]]:
    """The first picture of the section's default header (or, where it has none, of its
    first-page header), which the PDF's header shows as Word's does; a picture the PDF
    cannot show (a WMF or EMF drawing) is a warning."""
    from lxml import etree

    stories = story_parts(parts, section)
    blip, content, picture_target = None, None, None
    for kind in ("default", "first"):  # the logo of every page, else of the first
        name = stories.get(("header", kind))
        header = parts.get(name) if name else None
        folder, _, file = name.rpartition("/") if name else ("", "", "")
        header_rels = parts.get(f"{folder}/_rels/{file}.rels") if name else None
        if header is None or header_rels is None:
            continue
        blip = next(etree.fromstring(header).iter(f"{{{_DRAWING}}}blip"), None)
        picture_id = blip.get(f"{{{_R}}}embed") if blip is not None else None
        picture_target = next((rel.get("Target") for rel in etree.fromstring(header_rels)
                               if rel.get("Id") == picture_id), None) if picture_id else None
        content = parts.get(f"word/{picture_target}") if picture_target else None
        if blip is not None and content is not None:
            break
    if blip is None or content is None:
        return None, []
    mime = next((m for magic, m in _PICTURE_TYPES.items() if content.startswith(magic)), None)
    if mime is None:
        return None, [BriefWarning(
            f"the picture in reference.docx's header ({picture_target}) is not PNG, JPEG or "
            "GIF, so the PDF's header cannot show it; the Word file does", where,
            hint="in Word or LibreOffice, replace it with the same picture saved as PNG")]
    extent = next((e for e in blip.iterancestors() for e in e.iterfind(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")),
        None)
    width = int(extent.get("cx", 0)) / _EMU_PER_MM if extent is not None else 30.0
    height = int(extent.get("cy", 0)) / _EMU_PER_MM if extent is not None else 12.0
    return HeaderImage(content, mime, round(width, 1), round(height, 1)), []
