"""The Word document as a whole, apart from its body: the style IDs python-docx looks up,
the header's and footer's placeholders filled in, the document's properties, and the
package zipped again with the memo's date on every entry."""

from __future__ import annotations

import copy
import datetime
import io
import re
import zipfile
from typing import Any

from ...errors import TemplateError, Where
from ...files import read_input
from ...model import (
    Briefing,
)
from ...ooxml import RPR_ORDER, order
from ...standards.markings import TLP_BACKGROUND
from ...templates import Template
from ...text import shortened
from .tables import shading

PLACEHOLDER = re.compile(
    r"\{(marking|title|date|organisation|author|subject|logo|header_text|footer_text|"
    r"header_line|footer_lead|classification|tlp)\}")



def remember_style_ids(document: Any) -> None:
    """Look each style name up once. python-docx searches the whole styles part every time
    a paragraph or run is given a style by name: two thirds of a build's Word time."""
    part = document.part
    look_up = part.get_style_id
    known: dict[tuple[str, Any], Any] = {}

    def style_id(style_or_name: Any, style_type: Any) -> Any:
        if not isinstance(style_or_name, str):
            return look_up(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = look_up(style_or_name, style_type)
        return known[key]

    part.get_style_id = style_id


def stamped_zip(package: bytes, moment: datetime.datetime) -> bytes:
    """The package with every entry dated `moment` (python-docx dates them now), so that
    the same inputs give the same bytes."""

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as original, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as stamped:
        for entry in original.infolist():
            info = zipfile.ZipInfo(entry.filename, moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Word writes it, whichever system builds the memo
            stamped.writestr(info, original.read(entry))
    return out.getvalue()


def clear_body(document: Any) -> None:
    """Drop the reference's body content, keeping its final section properties."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def header_footer_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of every header and footer the document defines, once each."""
    seen: set[int] = set()
    paragraphs = []
    for section in document.sections:
        for story in (section.header, section.first_page_header, section.even_page_header,
                      section.footer, section.first_page_footer, section.even_page_footer):
            if story.is_linked_to_previous or id(story.part) in seen:
                continue
            seen.add(id(story.part))
            paragraphs.extend(story.paragraphs)
            for table in story.tables:
                paragraphs.extend(p for row in table.rows for cell in row.cells
                                  for p in cell.paragraphs)
    return paragraphs


def fill_placeholders(document: Any, briefing: Briefing, template: Template) -> None:
    """Fill `{marking}` and the other placeholders of the headers and footers; put the
    logo where `{logo}` stands."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    header_text, footer_text = template.style["header_text"], template.style["footer_text"]
    values = {"marking": briefing.marking or "", "title": briefing.title,
              "date": briefing.date or "", "organisation": briefing.organisation or "",
              "author": briefing.author or "", "subject": briefing.subject, "logo": "",
              "header_text": header_text, "footer_text": footer_text,
              "header_line": " · ".join(t for t in (header_text, briefing.date) if t),
              "footer_lead": f"{footer_text} · " if footer_text else "",
              "classification": briefing.classification or "",
              # padded with no-break spaces, so the black shading frames the label
              "tlp": f"\u00a0{briefing.tlp}\u00a0" if briefing.tlp else ""}
    logo = template.logo
    for paragraph in header_footer_paragraphs(document):
        tlp_runs = isolate_tlp(paragraph)
        texts = list(paragraph._p.iter(qn("w:t")))
        logo_run = None
        for text in texts:
            if text.text and "{logo}" in text.text:
                logo_run = text.getparent()
            if text.text and PLACEHOLDER.search(text.text):
                text.text = PLACEHOLDER.sub(lambda m: values[m[1]], text.text)
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        joined = "".join(t.text or "" for t in texts)
        if PLACEHOLDER.search(joined):
            # Word split a placeholder over several runs: the text goes into the first.
            texts[0].text = PLACEHOLDER.sub(lambda m: values[m[1]], joined)
            for text in texts[1:]:
                text.text = ""
        if logo is not None and logo_run is not None:
            picture = paragraph.add_run()
            image = read_input(logo, "template", Where(logo), TemplateError, "logo")
            try:
                picture.add_picture(io.BytesIO(image), height=Mm(9))
            except Exception as exc:  # python-docx raises several kinds for an odd image
                raise TemplateError(f"the logo cannot be read as an image: {exc}",
                                    Where(logo), hint="save it as PNG or JPEG") from None
            # Alt text, which a screen reader reads in place of the picture.
            for properties in picture._r.iter(qn("wp:docPr")):
                properties.set("descr", f"{briefing.organisation or 'Organisation'} logo")
            logo_run.addprevious(picture._r)
        if briefing.tlp:
            for run in tlp_runs:
                paint_tlp(run, briefing.tlp_colour or "#FFFFFF")

def isolate_tlp(paragraph: Any) -> list[Any]:
    """Give each `{tlp}` of the paragraph a run of its own (copying the formatting of the
    run it was in), so the label can be painted; return those runs."""

    from docx.oxml.ns import qn

    found = []
    for run in list(paragraph._p.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or "{tlp}" not in (texts[0].text or ""):
            continue
        before, _, after = (texts[0].text or "").partition("{tlp}")
        texts[0].text = "{tlp}"
        for text, side in ((before, "addprevious"), (after, "addnext")):
            if text:
                twin = copy.deepcopy(run)
                twin.find(qn("w:t")).text = text
                twin.find(qn("w:t")).set(
                    "{http://www.w3.org/XML/1998/namespace}space", "preserve")
                getattr(run, side)(twin)
        found.append(run)
    return found


def paint_tlp(run: Any, colour: str) -> None:
    """Paint a TLP label run as FIRST asks: bold, in the label's colour, on black."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = run.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        run.insert(0, r_pr)
    for tag in ("w:b", "w:color", "w:shd", "w:highlight"):
        for old in r_pr.findall(qn(tag)):
            r_pr.remove(old)
    bold, color = OxmlElement("w:b"), OxmlElement("w:color")
    color.set(qn("w:val"), colour.lstrip("#").upper())
    r_pr.append(bold)
    r_pr.append(color)
    r_pr.append(shading(TLP_BACKGROUND))
    order(r_pr, RPR_ORDER)  # w:rPr's children must stand in the schema's order


def set_properties(document: Any, briefing: Briefing) -> None:
    from docx.oxml.ns import qn

    props = document.core_properties
    props.created = props.modified = briefing.stamp.replace(tzinfo=None)
    props.revision = 1
    # The text's language, for Word's spelling and a screen reader's voice.
    styles = document.styles.element
    for lang in [*styles.iter(qn("w:lang")),
                 *document.settings.element.iter(qn("w:themeFontLang"))]:
        lang.set(qn("w:val"), briefing.language)
    # Word's properties hold 255 characters; `brief check` warns where a value is longer.
    props.title = shortened(briefing.title)
    props.subject = shortened(briefing.subject)
    props.author = shortened(briefing.author or briefing.organisation or "")
    props.last_modified_by = "brief"
    props.keywords = shortened(briefing.marking or "")
    props.category = shortened(briefing.marking or "")
    props.comments = ""
    props.language = briefing.language
    if briefing.marking:
        _set_custom_property(document, "Marking", briefing.marking)


_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for all


def _set_custom_property(document: Any, name: str, value: str) -> None:
    """Set a text custom property (File > Properties > Custom); python-docx has no API."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    package = document.part.package
    part = next((rel.target_part for rel in package.rels.values()
                 if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES), None)
    if part is None:
        part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES,
                    f'<Properties xmlns="{_CUSTOM}" xmlns:vt="{_VT}"/>'.encode(), package)
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    root = etree.fromstring(part.blob)
    for old in root.findall(f"{{{_CUSTOM}}}property[@name='{name}']"):
        root.remove(old)
    ids = [int(p.get("pid", "1")) for p in root.findall(f"{{{_CUSTOM}}}property")]
    prop = etree.SubElement(root, f"{{{_CUSTOM}}}property", fmtid=_CUSTOM_FMTID,
                            pid=str(max(ids, default=1) + 1), name=name)
    etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
