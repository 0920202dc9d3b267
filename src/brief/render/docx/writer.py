"""Render a briefing to Word with python-docx, starting from the template's reference.docx.

As with Pandoc's reference document, the body of reference.docx is dropped and its
styles, page setup, header and footer are kept. `{marking}`, `{title}`, `{date}`,
`{organisation}`, `{author}` and `{subject}` in the header and footer are filled in.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from ...errors import TemplateError, Where
from ...files import read_input
from ...markdown_text import link_allowed
from ...model import (
    Block,
    Briefing,
    ListBlock,
    Quotation,
    RichText,
    Span,
    TextBlock,
)
from ...ooxml import RPR_ORDER, order
from ...standards.markings import TLP_BACKGROUND
from ...templates import Template
from ...text import shortened
from ..layout import LayoutBlock, layout

_PLACEHOLDER = re.compile(
    r"\{(marking|title|date|organisation|author|subject|logo|header_text|footer_text|"
    r"header_line|footer_lead|classification|tlp)\}")


def render_docx(briefing: Briefing, template: Template) -> bytes:
    """Return the briefing as .docx bytes."""
    import docx

    from ...templates.word import house_style

    house = house_style(template)
    try:
        document = docx.Document(io.BytesIO(house.docx))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        reference = template.file("reference.docx")
        raise TemplateError(f"reference.docx cannot be opened: {exc}", Where(reference),
                            hint="open it in Word or LibreOffice and save it as .docx") from None
    _remember_style_ids(document)
    _clear_body(document)
    _fill_placeholders(document, briefing, template)
    _DocxWriter(document, template).write(briefing)
    _set_properties(document, briefing)
    out = io.BytesIO()
    document.save(out)
    return _stamped_zip(out.getvalue(), briefing.stamp)


def _remember_style_ids(document: Any) -> None:
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


def _stamped_zip(package: bytes, moment: datetime.datetime) -> bytes:
    """The package with every entry dated `moment` (python-docx dates them now), so that
    the same inputs give the same bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as original, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as stamped:
        for entry in original.infolist():
            info = zipfile.ZipInfo(entry.filename, moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Word writes it, whichever system builds the memo
            stamped.writestr(info, original.read(entry))
    return out.getvalue()


def _shading(colour: str) -> Any:
    """A `w:shd` element: a plain background of `colour` (`#rrggbb`)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    return shading


def _shade_cell(cell: Any, colour: str) -> None:
    """Give a table cell a background colour."""
    cell._tc.get_or_add_tcPr().append(_shading(colour))


# The order of w:trPr's children in the WordprocessingML schema.
_TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter",
               "cantSplit", "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")


# w:tblPr's children in the schema's order.
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _describe_table(table: Any, caption: str, description: str) -> None:
    """Give a table the title and description (Word's Table Properties, Alt Text) that a
    screen reader announces as it enters the table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", description)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        properties.append(element)
    order(properties, _TBLPR_ORDER)


def _repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _clear_body(document: Any) -> None:
    """Drop the reference's body content, keeping its final section properties."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _header_footer_paragraphs(document: Any) -> list[Any]:
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


def _fill_placeholders(document: Any, briefing: Briefing, template: Template) -> None:
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
    for paragraph in _header_footer_paragraphs(document):
        tlp_runs = _isolate_tlp(paragraph)
        texts = list(paragraph._p.iter(qn("w:t")))
        logo_run = None
        for text in texts:
            if text.text and "{logo}" in text.text:
                logo_run = text.getparent()
            if text.text and _PLACEHOLDER.search(text.text):
                text.text = _PLACEHOLDER.sub(lambda m: values[m[1]], text.text)
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        joined = "".join(t.text or "" for t in texts)
        if _PLACEHOLDER.search(joined):
            # Word split a placeholder over several runs: the text goes into the first.
            texts[0].text = _PLACEHOLDER.sub(lambda m: values[m[1]], joined)
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
                _paint_tlp(run, briefing.tlp_colour or "#FFFFFF")

def _isolate_tlp(paragraph: Any) -> list[Any]:
    """Give each `{tlp}` of the paragraph a run of its own (copying the formatting of the
    run it was in), so the label can be painted; return those runs."""
    import copy

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


def _paint_tlp(run: Any, colour: str) -> None:
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
    r_pr.append(_shading(TLP_BACKGROUND))
    order(r_pr, RPR_ORDER)  # w:rPr's children must stand in the schema's order


def _set_properties(document: Any, briefing: Briefing) -> None:
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


class _DocxWriter:
    """Appends the briefing to the document body, block by block, in the order of
    `layout` (which the PDF's template walks too)."""

    def __init__(self, document: Any, template: Template) -> None:
        self.document = document
        self.template = template
        self.labels = template.labels
        self.citations = template.citations
        self.incentives = template.incentives
        self.footnotes = _Footnotes(document) if self.citations == "footnotes" else None

    def write(self, briefing: Briefing) -> None:
        """Append the memo's blocks, in the order `layout` gives, each drawn by the method
        `DRAW` names for its kind."""
        for block in layout(briefing, self.template):
            self.DRAW[block.kind](self, briefing, block)
        if self.footnotes is not None:
            self.footnotes.finish()

    def draw_marking(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.marking_statement(f"{self.labels['marking']}: {briefing.marking}")

    def draw_title(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        if briefing.organisation:
            doc.add_paragraph(briefing.organisation, style="Organisation")
        doc.add_paragraph(briefing.title, style="Title")
        if briefing.subtitle:
            doc.add_paragraph(briefing.subtitle, style="Subtitle")

    def draw_header(self, briefing: Briefing, block: LayoutBlock) -> None:
        inline = self.template.header_layout == "inline"
        paragraph = None
        for field in briefing.header:
            if paragraph is None or not inline:
                paragraph = self.document.add_paragraph(style="Memo Header")
            elif inline:
                paragraph.add_run("   ")
            paragraph.add_run(f"{field.label}:").bold = True
            paragraph.add_run(f" {field.value}" if inline else f"\t{field.value}")

    def draw_bluf(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["bluf"], style="Heading 1")
        self.rich(briefing.bluf, "BLUF")

    def draw_decision(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        assert briefing.decision is not None
        doc.add_paragraph(self.labels["decision"], style="Heading 1")
        self.rich(briefing.decision.body, "Decision")
        if briefing.decision.deadline:
            doc.add_paragraph(style="Decision").add_run(self.labels["deadline"].replace(
                "{deadline}", briefing.decision.deadline)).bold = True

    def draw_section(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        section = block.section
        assert section is not None
        cited = self.template.passages == "cited"
        heading = f"{block.number}. " if self.template.numbered_headings else ""
        doc.add_paragraph(heading + section.title, style="Heading 1")
        self.rich(section.intro, "Normal")
        if section.kind == "incentives" and self.incentives == "table":
            self.incentives_table(section)
            return
        if section.kind == "options":
            self.options_table(section)
            return
        for group in section.groups:
            if group.heading:
                doc.add_paragraph(group.heading, style="Heading 2")
            num_id = self.new_numbering() if section.numbered else None
            for point in group.points:
                self.rich(point.body, "List Number" if section.numbered else "List Bullet",
                          num_id=num_id, continuation="List Continue")
                if cited and point.quotations:  # the citations run on after the point
                    labels = "; ".join(q.citation.label for q in point.quotations)
                    doc.paragraphs[-1].add_run(" ")
                    doc.paragraphs[-1].add_run(f"({labels})", style="Citation")
                if point.estimate:
                    statement = doc.add_paragraph(style="List Continue")
                    statement.add_run(point.estimate.statement).italic = True
                if point.levers:
                    self.labelled(self.labels["levers"], point.levers)
                if point.implication:
                    self.labelled(self.labels["implication"], point.implication)
                if cited:
                    continue
                for quotation in point.quotations:
                    for index, text in enumerate(quotation.texts):
                        paragraph = doc.add_paragraph(text, style="Passage")
                        if index == len(quotation.texts) - 1:
                            self.cite(paragraph, quotation)

    def draw_notes(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["notes"], style="Heading 1")
        for quotation in block.notes:
            self.document.add_paragraph(f"{quotation.note}. {quotation.citation.label}.",
                                        style="Note")

    def draw_sources(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["sources"], style="Heading 1")
        for source in briefing.sources:
            paragraph = self.document.add_paragraph(style="Source")
            paragraph.add_run(f"{source.short}:").bold = True
            paragraph.add_run(f" {source.reference}")
            if source.url:
                paragraph.add_run(" ")
                self.hyperlink(paragraph, Span(source.url, href=source.url))
            if source.reliability or source.assessment:
                paragraph.add_run(f" {self.labels['reliability']}: {source.reliability_note}")
            paragraph.add_run(f" SHA-256 {source.fingerprint}", style="Fingerprint")

    def draw_legend(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["legend"], style="Heading 1")
        for legend in briefing.legends:
            paragraph = self.document.add_paragraph(style="Source")
            paragraph.add_run(f"{legend.title}:").bold = True
            for index, entry in enumerate(legend.entries):
                paragraph.add_run(" " if index == 0 else "; ")
                paragraph.add_run(entry.key).bold = True
                paragraph.add_run(f" {entry.meaning}")
            paragraph.add_run(".")

    # How each kind of block is drawn (see brief/render/layout.py).
    DRAW: ClassVar[dict[str, Callable[[_DocxWriter, Briefing, LayoutBlock], None]]] = {
        "marking": draw_marking, "title": draw_title, "header": draw_header,
        "bluf": draw_bluf, "decision": draw_decision, "section": draw_section,
        "notes": draw_notes, "sources": draw_sources, "legend": draw_legend}

    def cite(self, paragraph: Any, quotation: Quotation) -> None:
        """Add the passage's citation, as the template's `citations:` asks."""
        if self.footnotes is not None:
            self.footnotes.add(paragraph, f"{quotation.citation.label}.")
        elif self.citations == "endnotes":
            paragraph.add_run(str(quotation.note), style="Footnote Reference")
        else:
            paragraph.add_run(" ")
            paragraph.add_run(f"({quotation.citation.label})", style="Citation")

    def labelled(self, label: str, text: RichText) -> None:
        """Text under the point, after its label: an actor's levers, a signpost's
        implication."""
        paragraph = self.document.add_paragraph(style="List Continue")
        paragraph.add_run(f"{label}:").bold = True
        first, rest = text[0], text[1:]
        if isinstance(first, TextBlock):
            paragraph.add_run(" ")
            for span in first.spans:
                self.span(paragraph, span)
        else:
            rest = text
        for block in rest:
            self.block(block, "List Continue")

    def marking_statement(self, text: str) -> None:
        """The marking, stated once at the start of the text for a reader who listens
        (a screen reader does not read the page headers that show it to the eye), as the
        PDF states it: in white 1 pt type on a 1 pt line, out of sight, but copied with
        the text."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt, RGBColor

        paragraph = self.document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.space_before = layout.space_after = Pt(0)
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(1)
        run = paragraph.add_run(text)
        run.font.size = Pt(1)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    def options_table(self, section: Any) -> None:
        """The options compared: option (and its citations), for, against; the
        recommended option flagged and shaded."""
        points = [point for group in section.groups for point in group.points]
        table = self.document.add_table(rows=1 + len(points), cols=3)
        table.style = self.document.styles["Options Table"]
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, label in zip(header.cells, ("option", "pros", "cons"), strict=True):
            cell.paragraphs[0].add_run(self.labels[label]).bold = True
        for row, point in zip(table.rows[1:], points, strict=True):
            option, pros, cons = row.cells
            if point.recommended:
                flag = option.paragraphs[0].add_run(f"✓ {self.labels['recommended']}")
                flag.bold = True
                option.add_paragraph()
                for cell in row.cells:
                    _shade_cell(cell, self.template.style["bluf_background"])
            self.rich_in(option, point.body)
            for quotation in point.quotations:
                option.add_paragraph().add_run(quotation.citation.label, style="Citation")
            for cell, items in ((pros, point.pros), (cons, point.cons)):
                for item in items:  # a real Word list, as the PDF's
                    self.rich_in(cell, item, list_style="List Bullet")
        self.fit_columns(table, (0.38, 0.31, 0.31))
        _describe_table(table, section.title, f"{self.labels['option']}, "
                        f"{self.labels['pros']} and {self.labels['cons']}, an option a row"
                        + (f"; the recommended one marked {self.labels['recommended']}"
                           if any(point.recommended for point in points)
                           else ""))

    def incentives_table(self, section: Any) -> None:
        """The actors' incentives as a table: actor, what they want, levers, sources."""
        rows = [(group.heading, point) for group in section.groups for point in group.points]
        table = self.document.add_table(rows=1 + len(rows), cols=4)
        table.style = self.document.styles["Incentives Table"]
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, label in zip(header.cells, ("actor", "wants", "levers", "sources"),
                               strict=True):
            cell.paragraphs[0].add_run(self.labels[label]).bold = True
        first_row = 1
        for group in section.groups:
            last_row = first_row + len(group.points) - 1
            actor = table.cell(first_row, 0)
            if last_row > first_row:
                actor = actor.merge(table.cell(last_row, 0))
            actor.paragraphs[0].add_run(group.heading or "").bold = True
            first_row = last_row + 1
        for index, (_, point) in enumerate(rows, start=1):
            cells = table.rows[index].cells
            self.rich_in(cells[1], point.body)
            self.rich_in(cells[2], point.levers)
            for number, quotation in enumerate(point.quotations):
                paragraph = cells[3].paragraphs[0] if number == 0 else cells[3].add_paragraph()
                paragraph.add_run(quotation.citation.label)
        self.fit_columns(table, (0.16, 0.34, 0.34, 0.16))  # the actor's column narrow
        _describe_table(table, section.title, f"{self.labels['actor']}, "
                        f"{self.labels['wants']}, {self.labels['levers']} and "
                        f"{self.labels['sources']}, an actor's aim a row")

    def fit_columns(self, table: Any, shares: tuple[float, ...]) -> None:
        """Give the table's columns these shares of the text width, and keep each row on
        one page (a row split over a page break loses its cells' context)."""
        from docx.oxml import OxmlElement

        section = self.document.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        table.autofit = False
        for column, share in zip(table.columns, shares, strict=True):
            for cell in column.cells:
                cell.width = int(width * share)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            order(row._tr.trPr, _TRPR_ORDER)

    def rich_in(self, cell: Any, blocks: RichText, list_style: str | None = None) -> None:
        """Rich text in a table cell: into its last paragraph, when that is empty, so a
        cell does not start with a blank line; lists as Word lists (and the whole of
        `blocks` as one item of a `list_style` list)."""
        for index, block in enumerate(blocks):
            if isinstance(block, ListBlock):
                for item in block.items:
                    self.rich_in(cell, item, "List Number" if block.ordered else "List Bullet")
                continue
            last = cell.paragraphs[-1]
            paragraph = last if index == 0 and not last.text else cell.add_paragraph()
            if list_style:
                paragraph.style = self.document.styles[list_style if index == 0
                                                       else "List Continue"]
            for span in block.spans:
                self.span(paragraph, span)

    def rich(self, blocks: RichText, style: str, *, num_id: int | None = None,
             continuation: str | None = None) -> None:
        """Add rich-text blocks; the first takes `style`, later ones `continuation`."""
        for index, block in enumerate(blocks):
            this_style = style if index == 0 or continuation is None else continuation
            self.block(block, this_style, num_id if index == 0 else None)

    def block(self, block: Block, style: str, num_id: int | None = None) -> None:
        if isinstance(block, TextBlock):
            paragraph = self.document.add_paragraph(style=style)
            if num_id is not None:
                self.set_numbering(paragraph, num_id)
            for span in block.spans:
                self.span(paragraph, span)
            return
        assert isinstance(block, ListBlock)
        list_style = "List Number" if block.ordered else "List Bullet"
        list_num = self.new_numbering(block.start) if block.ordered else None
        for item in block.items:
            self.rich(item, list_style, num_id=list_num, continuation="List Continue")

    def span(self, paragraph: Any, span: Span) -> None:
        if span.text == "\n":
            paragraph.add_run().add_break()
            return
        if span.href and link_allowed(span.href):
            self.hyperlink(paragraph, span)
            return
        run = paragraph.add_run(span.text)
        self.style_run(run, span)

    @staticmethod
    def style_run(run: Any, span: Span) -> None:
        if span.strong:
            run.bold = True
        if span.emphasis:
            run.italic = True
        if span.code:
            run.font.name = "DejaVu Sans Mono"

    def hyperlink(self, paragraph: Any, span: Span) -> None:
        """Add a real Word hyperlink (python-docx has no API for making one)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.text.run import Run

        assert span.href is not None
        rel_id = paragraph.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK,
                                          is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        run_element = OxmlElement("w:r")
        link.append(run_element)
        paragraph._p.append(link)
        run = Run(run_element, paragraph)
        run.text = span.text
        run.style = self.document.styles["Hyperlink"]
        self.style_run(run, span)

    def new_numbering(self, start: int = 1) -> int:
        """Return a new numbering instance of the List Number style, restarted at `start`."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        style = self.document.styles["List Number"]
        num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
        numbering = self.document.part.numbering_part.element
        if num_pr is None or num_pr.numId is None:
            return 0  # the house style's list has no numbering: leave it to the style
        base = numbering.num_having_numId(num_pr.numId.val)
        num = numbering.add_num(base.abstractNumId.val)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        return int(num.numId)

    @staticmethod
    def set_numbering(paragraph: Any, num_id: int) -> None:
        if num_id:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.get_or_add_numPr().get_or_add_numId().val = num_id
            p_pr.get_or_add_numPr().get_or_add_ilvl().val = 0


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SEPARATORS = (
    f'<w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote></w:footnotes>')
# Elements of w:settings that come after w:footnotePr, in the schema's order.
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions",
                      "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


class _Footnotes:
    """Native Word footnotes: the document's footnotes part, made if it has none."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        part = next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES), None)
        if part is None:
            part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                        _SEPARATORS.encode("utf-8"), document.part.package)
            document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.part = part
        self.element = etree.fromstring(part.blob)
        for note in self.element.xpath("./w:footnote[not(@w:type)]", namespaces={"w": _W}):
            self.element.remove(note)  # notes of the reference document are not ours
        self.next_id = 1
        self.styles = {s.name: s.style_id for s in document.styles}
        self._declare_separators(document)

    def _declare_separators(self, document: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        settings = document.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        footnote_pr = OxmlElement("w:footnotePr")
        for note_id in ("-1", "0"):
            ref = OxmlElement("w:footnote")
            ref.set(qn("w:id"), note_id)
            footnote_pr.append(ref)
        later = [child for child in settings
                 if child.tag.rsplit("}", 1)[-1] in _AFTER_FOOTNOTE_PR]
        if later:
            later[0].addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)

    def add(self, paragraph: Any, text: str) -> None:
        """Add a footnote holding `text`, referenced at the end of `paragraph`."""
        from docx.oxml import parse_xml
        from lxml import etree

        note_id = self.next_id
        self.next_id += 1
        reference_style = self.styles["Footnote Reference"]
        run = paragraph.add_run()
        run.style = paragraph.part.document.styles["Footnote Reference"]
        run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{_W}" w:id="{note_id}"/>'))
        self.element.append(etree.fromstring(
            f'<w:footnote xmlns:w="{_W}" w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.styles["Footnote Text"]}"/></w:pPr><w:r><w:rPr><w:rStyle '
            f'w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t '
            f'xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'))

    def finish(self) -> None:
        """Write the footnotes into their part of the package."""
        from lxml import etree

        self.part._blob = etree.tostring(self.element, xml_declaration=True,
                                         encoding="UTF-8", standalone=True)
