"""Read a Word file's paragraphs from its XML, as Word shows them.

python-docx's `Paragraph.text` reads only the runs directly under a paragraph: text in
smart tags, custom XML, content controls and tracked insertions is lost, and text boxes,
footnotes and endnotes are not read at all. Here the package is read with lxml:

- body paragraphs in order, those inside content controls (`w:sdt`) and tables too (a
  table row is one paragraph, its cells separated by a tab);
- within a paragraph: runs inside hyperlinks, smart tags, custom XML, fields (their
  results, not their codes), inline content controls, insertions and move destinations;
  deletions and move sources left out; tabs, breaks, no-break and soft hyphens and
  symbols mapped to characters; hidden text left out;
- text boxes after the paragraph that anchors them, once (not their VML fallback too);
- a drop cap (a framed first letter) joined to its paragraph;
- footnotes and endnotes after the body, marked as notes; headers and footers left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import SourceError, Where
from ..files import MB, check_zip
from ..ooxml import W, part_at, relationships_part
from .base import Block, FileMetadata, SourceText, split_authors
from .budgets import Spent, count_word_xml, over_budget

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"

# Elements whose content is part of the paragraph's text as Word shows it.
_TRANSPARENT = {f"{_W}{name}" for name in (
    "hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "sdt", "sdtContent",
    "r", "dir", "bdo", "drawing", "pict", "object", "hlink")}
# ... and those whose content is not (deleted or moved away, field codes, properties).
_SKIPPED = {f"{_W}{name}" for name in (
    "del", "moveFrom", "instrText", "delText", "delInstrText", "rPr", "pPr", "sdtPr",
    "sdtEndPr", "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
    "footnoteRef", "endnoteRef", "separator", "continuationSeparator")}
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
               f"{_W}noBreakHyphen": "\u2011", f"{_W}softHyphen": "\u00ad"}


def read_word(path: Path, raw: bytes, where: Where) -> SourceText:
    """The paragraphs of the Word file `path` (whose bytes are `raw`): a package (.docx,
    .docm, .dotx, .dotm) in its transitional or Strict Open XML flavour, or a Word 2003
    XML document (one .xml file)."""
    from lxml import etree

    if not raw.startswith(b"PK"):
        return _read_word_2003(path, raw, where)
    check_zip(raw, f"the Word file {path.name}", where, SourceError)
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        parts = _parts(package)
        names = set(package.namelist())
        _within_budget((package.open(parts[kind]) for kind in _READ if parts[kind] in names),
                       path, where)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

        def part(kind: str) -> Any:
            if parts[kind] not in names:
                return None
            return _transitional(etree.fromstring(package.read(parts[kind]), parser))

        document = part("officeDocument")
        styles = _heading_styles(part("styles"))
        notes = [part("footnotes"), part("endnotes")]
        core = part("core-properties")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise SourceError(f"the Word file {path} cannot be read: {exc}", where,
                          hint="open it in Word or LibreOffice and save it as .docx") from None
    body = document.find(f"{_W}body") if document is not None else None
    if body is None:
        raise SourceError(f"the Word file {path} cannot be read: it has no document body",
                          where, hint="open it in Word or LibreOffice and save it as .docx")
    blocks = list(_join_drop_caps(_body_blocks(body, styles)))
    for notes_part in notes:
        if notes_part is None:
            continue
        for note in notes_part:
            if note.get(f"{_W}type") in ("separator", "continuationSeparator",
                                         "continuationNotice"):
                continue
            blocks.extend(Block(block.text, note=True)
                          for block, _ in _body_blocks(note, styles) if block.text.strip())
    return SourceText("docx", None, tuple(b for b in blocks if b.text.strip()),
                      _core_metadata(core))


# The parts read, by the last word of their relationship's type, in the order read.
_READ = ("officeDocument", "styles", "footnotes", "endnotes", "core-properties")
_DEFAULT_PARTS = {"officeDocument": "word/document.xml", "styles": "word/styles.xml",
                  "footnotes": "word/footnotes.xml", "endnotes": "word/endnotes.xml",
                  "core-properties": "docProps/core.xml"}
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parts(package: zipfile.ZipFile) -> dict[str, str]:
    """The names of the parts read, found as Word finds them: from the package's
    relationships (`_rels/.rels`) and the main document's, whatever the flavour
    (transitional and Strict Open XML name the types apart, with the same last word);
    where a relationship is missing, the name Word gives the part."""
    found = dict(_DEFAULT_PARTS)
    found.update(_relationships(package, ""))
    main = found["officeDocument"]
    for kind, name in _relationships(package, main).items():
        if kind in ("styles", "footnotes", "endnotes"):
            found[kind] = name
    return found


def _relationships(package: zipfile.ZipFile, source: str) -> dict[str, str]:
    """The parts the part `source` ("" for the package) is related to, by the last word of
    each relationship's type; none if its relationships are missing, too large or no XML."""
    from lxml import etree

    name = relationships_part(source)
    try:
        if package.getinfo(name).file_size > MB:
            return {}
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(package.read(name), parser)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    found: dict[str, str] = {}
    for relationship in root.iter(f"{{{_RELATIONSHIPS}}}Relationship"):
        kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
        target = relationship.get("Target") or ""
        if relationship.get("TargetMode") == "External" or not target or kind in found:
            continue
        found[kind] = part_at(source, target)
    return found


# Strict Open XML's namespaces (and Word 2003 XML's), each with the transitional one it
# stands for: the reader maps them, and reads every flavour alike.
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_NAMESPACES = {
    W_STRICT: W, W_2003: W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/math":
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/drawingml/main":
        "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://purl.oclc.org/ooxml/drawingml/picture":
        "http://schemas.openxmlformats.org/drawingml/2006/picture"}
_PARAGRAPHS = {f"{{{namespace}}}p" for namespace in (W, W_STRICT, W_2003)}


def _transitional(root: Any) -> Any:
    """`root` with the names of Strict Open XML (or Word 2003 XML) elements and attributes
    mapped to the transitional ones (a transitional part is left as it is)."""
    if not set(root.nsmap.values()) & _NAMESPACES.keys() and not \
            str(root.tag).startswith(tuple(f"{{{n}}}" for n in _NAMESPACES)):
        return root

    def mapped(name: str) -> str:
        if name.startswith("{"):
            namespace, _, local = name[1:].partition("}")
            if namespace in _NAMESPACES:
                return f"{{{_NAMESPACES[namespace]}}}{local}"
        return name

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        element.tag = mapped(element.tag)
        for key in [k for k in element.attrib if k.startswith("{")]:
            name = mapped(key)
            if name != key:
                element.attrib[name] = element.attrib.pop(key)
    return root


def _within_budget(streams: Iterable[Any], path: Path, where: Where) -> None:
    """Refuse a Word file whose parts (those `read_word` reads, in its order, as
    `streams`) hold more paragraphs, XML elements or characters of text than their
    budgets (`count_word_xml`)."""
    try:
        count_word_xml(streams, _PARAGRAPHS)
    except Spent as spent:
        raise over_budget(spent.kind, f"the Word file {path.name}", where) from None


WX = "http://schemas.microsoft.com/office/word/2003/auxHint"
# Word 2003 XML's sections and groups of bordered paragraphs, which hold the body's.
_SECTIONS = {f"{{{WX}}}{name}" for name in ("sect", "sub-section", "pBdrGroup")}
OFFICE = "urn:schemas-microsoft-com:office:office"


def _read_word_2003(path: Path, raw: bytes, where: Where) -> SourceText:
    """A Word 2003 XML document (`w:wordDocument`, one file): the same paragraphs as a
    .docx, its styles within it, its notes (within their paragraphs) after the body."""
    from lxml import etree

    _within_budget([io.BytesIO(raw)], path, where)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = _transitional(etree.fromstring(raw, parser))
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"the Word file {path} cannot be read: {exc}", where,
                          hint="open it in Word or LibreOffice and save it as .docx") from None
    body = root.find(f"{_W}body") if root.tag == f"{_W}wordDocument" else None
    if body is None:
        raise SourceError(f"the Word file {path} cannot be read: it has no document body",
                          where, hint="open it in Word or LibreOffice and save it as .docx")
    styles = _heading_styles(root.find(f"{_W}styles"))
    blocks = list(_join_drop_caps(_body_blocks(body, styles)))
    for note in body.iter(f"{_W}footnote", f"{_W}endnote"):
        blocks.extend(Block(block.text, note=True)
                      for block, _ in _body_blocks(note, styles) if block.text.strip())
    properties = root.find(f"{{{OFFICE}}}DocumentProperties")

    def value(name: str) -> str | None:
        element = properties.find(f"{{{OFFICE}}}{name}") if properties is not None else None
        return (element.text or "").strip() or None if element is not None else None

    created = value("Created")
    date = created[:10] if created and re.match(r"\d{4}-\d{2}-\d{2}", created) else None
    return SourceText("docx", None, tuple(b for b in blocks if b.text.strip()),
                      FileMetadata(title=value("Title"),
                                   authors=split_authors(value("Author")), date=date))


def _body_blocks(container: Any, styles: set[str]) -> Iterator[tuple[Block, Any]]:
    """Each paragraph (or table row) of `container` in reading order, with its element."""
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            text, boxes = _paragraph_text(child)
            yield Block(text, heading=_is_heading(child, styles)), child
            for box in boxes:
                yield from _body_blocks(box, styles)
        elif tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    cells.append(" ".join(_paragraph_text(p)[0] for p in
                                          cell.iter(f"{_W}p")).strip())
                yield Block("\t".join(c for c in cells if c)), row
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins",
                     f"{_W}moveTo") or tag in _SECTIONS:
            yield from _body_blocks(child, styles)


def _paragraph_text(paragraph: Any) -> tuple[str, list[Any]]:
    """The text of a paragraph as Word shows it, and the text boxes anchored in it."""
    pieces: list[str] = []
    boxes: list[Any] = []
    field_depth: list[bool] = []  # for each open complex field: showing its result yet?

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{_W}fldChar":
                kind = child.get(f"{_W}fldCharType")
                if kind == "begin":
                    field_depth.append(False)
                elif kind == "separate" and field_depth:
                    field_depth[-1] = True
                elif kind == "end" and field_depth:
                    field_depth.pop()
            elif tag == f"{_W}r":
                if not _hidden(child):
                    walk(child)
            elif field_depth and not field_depth[-1]:
                continue  # between a field's begin and separate: its code
            elif tag == f"{_W}t":
                pieces.append(child.text or "")
            elif tag in _CHARACTERS:
                if tag == f"{_W}br" and child.get(f"{_W}type") in ("page", "column"):
                    pieces.append(" ")
                else:
                    pieces.append(_CHARACTERS[tag])
            elif tag == f"{_W}sym":
                pieces.append(_symbol(child.get(f"{_W}font", ""), child.get(f"{_W}char", "")))
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")  # the fallback repeats it (VML)
                if choice is not None:
                    walk(choice)
            elif tag in _TRANSPARENT or not tag.startswith(_W):
                walk(child)  # drawings and shapes: only for the text boxes inside
    walk(paragraph)
    return "".join(pieces), boxes


def _hidden(run: Any) -> bool:
    properties = run.find(f"{_W}rPr")
    if properties is None:
        return False
    vanish = properties.find(f"{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")


# The Symbol font's characters that are not ASCII's: Greek letters and the signs
# documents use (Adobe's Symbol encoding).
_SYMBOL_FONT = dict(zip(
    "ABGDEZHQIKLMNXOPRSTUFCYWJabgdezhqiklmnxoprstufcywj",
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩϑαβγδεζηθικλμνξοπρστυφχψωϕ", strict=True))
_SYMBOL_FONT.update({
    "-": "\u2212", "\xa2": "\u2032", "\xa3": "\u2264", "\xa5": "\u221e", "\xac": "\u2190",
    "\xad": "\u2191", "\xae": "\u2192", "\xaf": "\u2193", "\xb0": "\xb0", "\xb1": "\xb1",
    "\xb2": "\u2033", "\xb3": "\u2265", "\xb4": "\xd7", "\xb7": "\u2022", "\xb8": "\xf7",
    "\xb9": "\u2260", "\xbb": "\u2248", "\xbc": "\u2026", "\xd2": "\xae", "\xd3": "\xa9",
    "\xd4": "\u2122", "\xe2": "\xae", "\xe3": "\xa9", "\xe4": "\u2122", "\xd7": "\u22c5"})


def _symbol(font: str, code: str) -> str:
    """A `w:sym` character. Symbol fonts put theirs at F020-F0FF: the Symbol font's are
    mapped to Unicode; other symbol fonts' (Wingdings and the like) are pictures, left
    out."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF020 <= value <= 0xF0FF:
        char = chr(value - 0xF000)
        if font.lower() != "symbol":
            return ""
        return _SYMBOL_FONT.get(char, char if char.isascii() and not char.isalpha() else "")
    return chr(value) if value >= 0x20 and value != 0x7F and not 0xD800 <= value < 0xE000 \
        else ""


def _join_drop_caps(blocks: Iterator[tuple[Block, Any]]) -> Iterator[Block]:
    """Blocks, a drop cap's letter (a paragraph framed as one) joined to the next."""
    pending = ""
    for block, element in blocks:
        frame = element.find(f"{_W}pPr/{_W}framePr") if element.tag == f"{_W}p" else None
        if frame is not None and frame.get(f"{_W}dropCap") in ("drop", "margin"):
            pending += block.text.strip()
            continue
        if pending:
            block = Block(pending + block.text, heading=block.heading)
            pending = ""
        yield block
    if pending:
        yield Block(pending)


def _heading_styles(styles: Any) -> set[str]:
    """IDs of the paragraph styles that are headings (Heading 1-9, Title, Subtitle, in
    Word's or LibreOffice's spelling), or have an outline level."""
    found: set[str] = set()
    if styles is None:
        return found
    for style in styles.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        label = name.get(f"{_W}val", "") if name is not None else ""
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        if re.match(r"(?i)(heading\b|title$|subtitle$)", label) or (
                outline is not None and outline.get(f"{_W}val", "9") < "9"):
            found.add(style.get(f"{_W}styleId", ""))
    return found


def _is_heading(paragraph: Any, styles: set[str]) -> bool:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    if style is not None and style.get(f"{_W}val") in styles:
        return True
    outline = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
    return outline is not None and outline.get(f"{_W}val", "9") < "9"


def _core_metadata(core: Any) -> FileMetadata:
    if core is None:
        return FileMetadata()

    def value(namespace: str, name: str) -> str | None:
        element = core.find(f"{{{namespace}}}{name}")
        text = (element.text or "").strip() if element is not None else ""
        return text or None

    dc = "http://purl.org/dc/elements/1.1/"
    created = value("http://purl.org/dc/terms/", "created")
    date = created[:10] if created and re.match(r"\d{4}-\d{2}-\d{2}", created) else None
    return FileMetadata(title=value(dc, "title"), authors=split_authors(value(dc, "creator")),
                        date=date)
