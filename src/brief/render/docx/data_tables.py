"""A chart's data in Word: a table after the chart, its caption above it ("Data of
Figure 1", in the Caption style), its header row repeated on each page, each row kept on
one page, and a title and description a screen reader announces (Word's Alt Text of a
table): what the PDF shows as a tagged Table."""

from __future__ import annotations

import contextlib
from typing import Any

from ...model import Figure
from ...ooxml import order
from .tables import TRPR_ORDER, describe_table, repeat_as_header


def add_data_table(document: Any, container: Any, figure: Figure) -> None:
    """Append `figure`'s data table to `container` (the document, or a table cell)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    data = figure.table
    if data is None:
        return
    caption = figure.table_caption
    heading = container.add_paragraph(caption, style=_style(document, "Caption"))
    heading.paragraph_format.keep_with_next = True
    table = container.add_table(rows=1 + len(data.rows), cols=len(data.header))
    with contextlib.suppress(KeyError):  # a house's reference.docx without it
        table.style = document.styles["Table Grid"]
    repeat_as_header(table.rows[0])
    table.autofit = False  # as narrow as the values need, not the text's width
    for index, column in enumerate(table.columns):
        width = Mm(30 if data.numeric[index] else 50)
        column.width = width  # the grid, which LibreOffice follows
        for cell in column.cells:
            cell.width = width  # each cell's, which Word follows
    for row_index, cells in enumerate((data.header, *data.rows)):
        row = table.rows[row_index]
        for column, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(8)
            run.bold = row_index == 0 or None
            if data.numeric[column] and row_index > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        order(row._tr.trPr, TRPR_ORDER)
    describe_table(table, caption, f"The values {figure.numbered_label or 'the chart'} "
                   f"shows: {', '.join(data.header)}; a row for each {data.header[0]}")


def _style(document: Any, name: str) -> Any:
    """The style `name`, or Normal where the house's reference.docx has none."""
    try:
        return document.styles[name]
    except KeyError:
        return document.styles["Normal"]
