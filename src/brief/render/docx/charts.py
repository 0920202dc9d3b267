"""A chart in Word: the picture inline, as SVG with its PNG beside it (a Word before 2016,
or LibreOffice, shows the PNG), with its alternative text; its caption below it in the
Caption style with a `SEQ Figure` field, so that Word's Insert Table of Figures lists it;
then its data as a table with a repeating header row, as the PDF shows it."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from ...model import Chart
from ...ooxml import order
from .tables import TRPR_ORDER, describe_table, repeat_as_header

SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office 2016's SVG picture extension
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def add_chart(document: Any, chart: Chart, data_label: str, indent: bool = True) -> None:
    """Append `chart` to the document: picture, caption, data table."""
    from docx.shared import Mm

    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    width = min(Mm(chart.width_mm), text_width)
    paragraph = document.add_paragraph(style=_style(document, "Normal"))
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run()
    inline = run.add_picture(io.BytesIO(chart.png), width=width)
    _describe(inline, chart)
    _add_svg(document, inline, chart)
    caption = document.add_paragraph(style=_style(document, "Caption"))
    caption.add_run("Figure ")
    _seq_field(caption, "Figure", str(chart.number))
    caption.add_run(". " + chart.sentence)
    words = " ".join(block.plain for block in chart.caption if hasattr(block, "plain"))
    if words:
        caption.add_run(" " + words)
    if chart.source_line:
        caption.add_run(f" {chart.source_line}.")
    _data_table(document, chart, f"{data_label} {chart.label}")


def _style(document: Any, name: str) -> Any:
    """The style `name`, or Normal where the house's reference.docx has none."""
    try:
        return document.styles[name]
    except KeyError:
        return document.styles["Normal"]


def _describe(inline: Any, chart: Chart) -> None:
    """The picture's alternative text (Word's Alt Text: `descr`) and its name."""
    doc_pr = inline._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("name", f"{chart.label}: {chart.title}"[:250])


def _add_svg(document: Any, inline: Any, chart: Chart) -> None:
    """Add the SVG to the picture, which Word shows in place of the PNG."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    package = document.part.package
    taken = {str(part.partname) for part in package.iter_parts()}
    number = 1
    while f"/word/media/chart{number}.svg" in taken:
        number += 1
    part = Part(PackURI(f"/word/media/chart{number}.svg"), "image/svg+xml", chart.svg,
                package)
    r_id = document.part.relate_to(part, RT.IMAGE)
    blip = inline._inline.graphic.graphicData.pic.blipFill.blip
    ext_list = parse_xml(
        f'<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:ext uri="{SVG_BLIP}"><asvg:svgBlip xmlns:asvg="{ASVG}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:embed="{r_id}"/></a:ext></a:extLst>')
    for old in blip.findall(qn("a:extLst")):
        blip.remove(old)
    blip.append(ext_list)


def _seq_field(paragraph: Any, name: str, shown: str) -> None:
    """A `SEQ` field, its result (the number) already in it, as Word writes one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {name} \\* ARABIC ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _data_table(document: Any, chart: Chart, caption: str) -> None:
    """The chart's data as a table, its caption above it, its header row repeated."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    table_data = chart.table
    heading = document.add_paragraph(caption, style=_style(document, "Caption"))
    heading.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1 + len(table_data.rows), cols=len(table_data.header))
    with contextlib.suppress(KeyError):  # a house's reference.docx without it
        table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    repeat_as_header(table.rows[0])
    for row_index, cells in enumerate((table_data.header, *table_data.rows)):
        row = table.rows[row_index]
        for column, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(8)
            if row_index == 0:
                run.bold = True
            if table_data.numeric[column] and row_index > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        order(row._tr.trPr, TRPR_ORDER)
    describe_table(table, caption, f"The values of {chart.label}: "
                   + ", ".join(table_data.header) + ", a row for each "
                   + (table_data.header[0] or "label"))
