"""The Word document as a whole, apart from its body: the style IDs python-docx looks up,
the header's and footer's placeholders filled in, the document's properties, and the
package zipped again with the memo's date on every entry."""

from __future__ import annotations

import datetime
import io
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
from .running import PLACEHOLDER, check_marking, own_runs, set_text, split_runs
from .tables import shading


def remember_style_ids(document: Any) -> None:
    """Look each style up once, by name or as itself. python-docx searches the whole
    styles part every time a paragraph or run is given a style (for the default style of
    its type, and for a name): two thirds of a build's Word time."""
    part = document.part
    look_up = part.get_style_id
    known: dict[tuple[Any, Any], Any] = {}

    def style_id(style_or_name: Any, style_type: Any) -> Any:
        # A style given as itself is known by its element (python-docx makes a new
        # object over the same element for each look-up).
        key = (style_or_name if isinstance(style_or_name, str) else
               getattr(style_or_name, "element", None), style_type)
        if key[0] is None:
            return look_up(style_or_name, style_type)
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


class _Story:
    """A header or footer part, as python-docx's paragraphs want their parent."""

    def __init__(self, part: Any) -> None:
        self.part = part


def header_footer_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of every header and footer of the document (in their tables and
    text boxes too), once each, as python-docx's paragraphs."""
    from docx.oxml.ns import qn
    from docx.parts.hdrftr import FooterPart, HeaderPart
    from docx.text.paragraph import Paragraph

    return [Paragraph(paragraph, _Story(part)) for part in document.part.package.iter_parts()
            if isinstance(part, HeaderPart | FooterPart)
            for paragraph in part.element.iter(qn("w:p"))]


def fill_placeholders(document: Any, briefing: Briefing, template: Template) -> None:
    """Fill `{marking}` and the other placeholders of the headers and footers, however
    Word or LibreOffice cut their runs; paint a TLP label; put the logo where `{logo}`
    stands. Then check that every page shows the marking as the PDF does."""
    from docx.oxml.ns import qn

    header_text, footer_text = template.style["header_text"], template.style["footer_text"]
    # padded with no-break spaces, so the black shading frames the label
    label = f"\u00a0{briefing.tlp}\u00a0" if briefing.tlp else ""
    values = {"marking": label or briefing.marking or "", "title": briefing.title,
              "date": briefing.date or "", "organisation": briefing.organisation or "",
              "author": briefing.author or "", "subject": briefing.subject, "logo": "",
              "header_text": header_text, "footer_text": footer_text,
              "header_line": " · ".join(t for t in (header_text, briefing.date) if t),
              "footer_lead": f"{footer_text} · " if footer_text else "",
              "classification": briefing.classification or "", "tlp": label}
    for paragraph in header_footer_paragraphs(document):
        split_runs(paragraph._p)
        for run in own_runs(paragraph._p):
            text = run.find(qn("w:t"))
            name = PLACEHOLDER.fullmatch(text.text or "") if text is not None else None
            if name is None:
                continue
            set_text(text, values[name[1]])
            if name[1] == "logo" and template.logo is not None:
                _add_logo(paragraph, run, briefing, template.logo)
            elif name[1] in ("tlp", "marking") and briefing.tlp:
                paint_tlp(run, briefing.tlp_colour or "#FFFFFF")
    check_marking(document, briefing, template.file("reference.docx"))


def _add_logo(paragraph: Any, run: Any, briefing: Briefing, logo: Any) -> None:
    """The logo, in a run of its own before `run`."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

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
    run.addprevious(picture._r)


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
        set_custom_property(document, "Marking", briefing.marking)


_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for all


def set_custom_property(document: Any, name: str, value: str) -> None:
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
