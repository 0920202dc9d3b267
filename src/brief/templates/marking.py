"""The marking in reference.docx's headers and footers: where a house retyped its header
(the placeholders gone) or brings its own letterhead, the marking is put back, after a tab
at the right of the first line where the house's text leaves room, or else on a line of its
own at the top, and a warning says which. Every header and footer a page can show is seen
to: the default ones, the first page's where a section has one, the even pages' where the
document has them (a missing one is added, so no page goes out unmarked)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import BriefWarning, Where
from ..ooxml import PPR_ORDER, RPR_ORDER, order, qn
from .header import story_parts

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "r": _R}
_TYPES = f"{_R}/"
_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
PAGES = {"default": "every page", "first": "the first page", "even": "even pages"}
HINT = ("type {classification} and {tlp} in reference.docx's header and footer where the "
        "marking should stand (docs/house-style.md, \"Header and footer\")")
ROOM = 40  # characters of the house's own text that leave room for the marking


def _on(element: Any) -> bool:
    return element is not None and element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _shown(parts: dict[str, bytes], final: Any) -> Iterator[tuple[str, str, str]]:
    """Each (header or footer, page kind, the pages it is on) that a page of the memo can
    show. The memo has one section, reference.docx's last (`final`), which already refers
    to the headers and footers it inherits (`word._inherit_headers`)."""
    from lxml import etree

    settings = parts.get("word/settings.xml")
    even = settings is not None and _on(etree.fromstring(settings).find("w:evenAndOddHeaders",
                                                                         _NS))
    kinds = ["default"] + (["first"] if _on(final.find("w:titlePg", _NS)) else []) + (
        ["even"] if even else [])
    for story in ("header", "footer"):
        for kind in kinds:
            pages = PAGES[kind] if len(kinds) == 1 or kind != "default" else (
                "the pages after the first" if "first" in kinds and not even else "odd pages")
            yield story, kind, pages


def restore_marking(parts: dict[str, bytes], section: Any, styles: Any,
                    where: Where) -> list[BriefWarning]:
    """Put `{classification}` and `{tlp}` in each header and footer a page can show that
    has no place for the marking; one warning for each, saying where it went."""
    from lxml import etree

    marking = styles.find("Marking", "paragraph")
    marking_style = None if marking is None else marking.get(qn("w:styleId"))
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in parts:
        return []
    rels = etree.fromstring(parts[rels_name])
    stories = story_parts(parts, section)
    warnings, seen = [], set()
    for story, kind, pages in list(_shown(parts, section)):
        place = f"{story} for {pages}"
        name = stories.get((story, kind), "")
        if not name:
            name = _add_story(parts, rels, section, story, kind)
            root = etree.fromstring(parts[name])
            _marking_line(root, marking_style)
            message = (f"reference.docx has no {place}: brief adds one with the marking on "
                       "a line of its own")
        else:
            if name in seen or name not in parts:
                continue
            seen.add(name)
            root = etree.fromstring(parts[name])
            text = "".join(t.text or "" for t in root.iter(qn("w:t")))
            warnings += _typed_labels(text, place, where)
            if "{marking}" in text or ("{classification}" in text and "{tlp}" in text):
                continue
            has = [p for p in ("{classification}", "{tlp}") if p in text]
            if has and _beside(root, has[0]):
                missing = "{tlp}" if has[0] == "{classification}" else "{classification}"
                message = (f"reference.docx's {place} has {has[0]} but no {missing}: brief "
                           f"puts the marking where {has[0]} stands")
            else:
                message = (f"reference.docx's {place} has no {{classification}} and {{tlp}}: "
                           "brief puts the marking "
                           + _place(root, section, styles, marking_style))
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
        warnings.append(BriefWarning(message, where, hint=HINT))
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    return warnings


_TYPED = re.compile(r"TLP:(?:RED|AMBER\+STRICT|AMBER|GREEN|CLEAR|WHITE)")


def _typed_labels(text: str, place: str, where: Where) -> list[BriefWarning]:
    """A TLP label typed out in the header: it shows whatever the memo's marking is, and
    in the header's colours, not the label's."""
    return [BriefWarning(f"reference.docx's {place} has the TLP label {label} typed out: "
                         "the Word file would show it whatever the memo's marking, in the "
                         "header's colours", where,
                         hint="type {tlp} in its place, and brief paints the memo's label")
            for label in dict.fromkeys(_TYPED.findall(text))]


def _beside(root: Any, present: str) -> bool:
    """Put the other of `{classification}` and `{tlp}` just after `present`, where one
    text holds it whole (a marking is one or the other, so it shows in that place)."""
    other = "{tlp}" if present == "{classification}" else "{classification}"
    for text in root.iter(qn("w:t")):
        if present in (text.text or ""):
            text.text = (text.text or "").replace(present, present + other, 1)
            return True
    return False


def _place(root: Any, section: Any, styles: Any, marking_style: str | None) -> str:
    """Put the marking's placeholders in the header (or footer) `root`; say where."""
    first = next((child for child in root if child.tag in (qn("w:p"), qn("w:tbl"))), None)
    if first is not None and first.tag == qn("w:p") and _room(first):
        _after_tabs(first, section, _style_stops(first, styles))
        return "after a tab at the right of its first line"
    _marking_line(root, marking_style)
    return "on a line of its own at the top"


def _room(paragraph: Any) -> bool:
    """Whether the house's first line leaves room at the right: short text, aligned left,
    no tab of its own, nothing floating over it."""
    justified = paragraph.find("w:pPr/w:jc", _NS)
    if justified is not None and justified.get(qn("w:val")) not in ("left", "start", "both"):
        return False
    if any(True for _ in paragraph.iter(qn("w:tab"), qn("w:ptab"),
                                        "{http://schemas.openxmlformats.org/drawingml/2006/"
                                        "wordprocessingDrawing}anchor", qn("w:pict"),
                                        qn("w:txbxContent"))):
        return False
    return len("".join(t.text or "" for t in paragraph.iter(qn("w:t")))) <= ROOM


def _run(parent: Any, text: str | None) -> Any:
    from lxml import etree

    run = etree.SubElement(parent, qn("w:r"))
    if text is None:
        etree.SubElement(run, qn("w:tab"))
    else:
        etree.SubElement(run, qn("w:t")).text = text
    return run


def _style_stops(paragraph: Any, styles: Any) -> set[int]:
    """The tab stops the paragraph's style sets, through the styles it is based on."""
    named = paragraph.find("w:pPr/w:pStyle", _NS)
    style = styles.by_id(named.get(qn("w:val")) or "") if named is not None else None
    style = style if style is not None else styles.find("Normal", "paragraph")
    stops: set[int] = set()
    for _ in range(20):  # a chain of basedOn, which an edited file may make circular
        if style is None:
            break
        for stop in style.iterfind("w:pPr/w:tabs/w:tab", _NS):
            if stop.get(qn("w:val")) != "clear":
                stops.add(int(float(stop.get(qn("w:pos")) or 0)))
        based_on = style.find("w:basedOn", _NS)
        style = styles.by_id(based_on.get(qn("w:val")) or "") if based_on is not None else None
    return stops


def _after_tabs(paragraph: Any, section: Any, inherited: set[int]) -> None:
    """The classification centred and the TLP label at the right of the line, as the PDF
    has them: tab stops of the paragraph's own at the middle and the right margin (those
    its style sets are cleared: they would catch the tabs first)."""
    from lxml import etree

    width = _text_width(section)
    p_pr = paragraph.find("w:pPr", _NS)
    if p_pr is None:
        p_pr = etree.Element(qn("w:pPr"))
        paragraph.insert(0, p_pr)
    for old in p_pr.findall("w:tabs", _NS):
        p_pr.remove(old)
    tabs = etree.SubElement(p_pr, qn("w:tabs"))
    order(p_pr, PPR_ORDER)
    for position in sorted(inherited - {width // 2, width}):
        etree.SubElement(tabs, qn("w:tab"), {qn("w:val"): "clear", qn("w:pos"): str(position)})
    for kind, position in (("center", width // 2), ("right", width)):
        etree.SubElement(tabs, qn("w:tab"), {qn("w:val"): kind, qn("w:pos"): str(position)})
    for text in (None, "{classification}", None, "{tlp}"):
        run = _run(paragraph, text)
        if text == "{classification}":  # as the Marking style shows it: bold
            r_pr = etree.Element(qn("w:rPr"))
            etree.SubElement(r_pr, qn("w:b"))
            run.insert(0, r_pr)
            order(r_pr, RPR_ORDER)


def _marking_line(root: Any, marking_style: str | None) -> None:
    """A line of its own at the top: in the Marking style, whose tab stops put the
    classification in the middle and the TLP label at the right."""
    from lxml import etree

    paragraph = etree.Element(qn("w:p"))
    if marking_style:
        p_pr = etree.SubElement(paragraph, qn("w:pPr"))
        etree.SubElement(p_pr, qn("w:pStyle"), {qn("w:val"): marking_style})
    for text in (None, "{classification}", None, "{tlp}"):
        _run(paragraph, text)
    root.insert(0, paragraph)


def _text_width(section: Any) -> int:
    """The width between the margins, in twentieths of a point."""
    def twips(element: Any, attr: str, default: int) -> int:
        try:
            return int(float(element.get(qn(f"w:{attr}"))))
        except (TypeError, ValueError, AttributeError):
            return default

    size, margins = section.find("w:pgSz", _NS), section.find("w:pgMar", _NS)
    return max(twips(size, "w", 11906) - twips(margins, "left", 1134)
               - twips(margins, "right", 1134), 1440)


def _add_story(parts: dict[str, bytes], rels: Any, section: Any, story: str, kind: str
               ) -> str:
    """A new, empty header (or footer) part, referred to by `section` for `kind` pages."""
    from lxml import etree

    number = 1
    while f"word/{story}{number}.xml" in parts:
        number += 1
    name = f"word/{story}{number}.xml"
    tag = "hdr" if story == "header" else "ftr"
    parts[name] = (f'<w:{tag} xmlns:w="{_NS["w"]}" xmlns:r="{_R}"/>').encode()
    ids = {rel.get("Id") for rel in rels}
    rel_id = next(f"rIdBrief{n}" for n in range(1, 1000) if f"rIdBrief{n}" not in ids)
    etree.SubElement(rels, f"{{{rels.nsmap[None]}}}Relationship" if None in rels.nsmap
                     else "Relationship", Id=rel_id, Type=_TYPES + story,
                     Target=f"{story}{number}.xml")
    types = parts["[Content_Types].xml"]
    override = (f'<Override PartName="/{name}" ContentType="{_CONTENT.format(kind=story)}"/>'
                ).encode()
    parts["[Content_Types].xml"] = re.sub(rb"</Types>\s*$", override + b"</Types>", types)
    reference = etree.Element(qn(f"w:{story}Reference"), {qn("w:type"): kind,
                                                         f"{{{_R}}}id": rel_id})
    section.insert(0, reference)
    return name
