"""The tables of the analyst's text (Markdown pipe tables) as Word tables: the caption
above in the Caption style, numbered by a SEQ field; the table in the house's table style
(reference.docx's "Memo Table"), its header row repeated on each page, no row split across
pages, each column aligned as the Markdown says, its caption and size as the table's alt
text."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ...model import Span, TableBlock
from .tables import caption_field, describe_table, keep_rows_whole, repeat_as_header

TABLE_STYLE = "Memo Table"
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


def draw_table(container: Any, document: Any, table: TableBlock,
               span: Callable[[Any, Span], None], style: str = TABLE_STYLE, *,
               generated: Callable[[str], AbstractContextManager[None]] | None = None
               ) -> None:
    """Add `table` (its caption first) to `container`: the document's body, or a table
    cell, in the table style named `style`; `span` adds a run of rich text to a
    paragraph. What the caption's label and number are written inside: `generated`
    (the tracer's, `trace.Tracer.generated`), given the label's setting."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    caption = table_caption(container, document, table, span, generated)
    columns = max(len(table.header), 1)
    word_table = container.add_table(rows=1 + len(table.rows), cols=columns)
    word_table.style = document.styles[style]
    repeat_as_header(word_table.rows[0])
    keep_rows_whole(word_table)
    _look(word_table, first_column=table.row_headers)
    for index, (row, cells) in enumerate(zip(word_table.rows, (table.header, *table.rows),
                                             strict=True)):
        header = index == 0
        row_header = table.row_headers and index > 0
        for column, (cell, spans) in enumerate(zip(row.cells, cells, strict=False)):
            paragraph = cell.paragraphs[0]
            align = _ALIGN.get(table.alignment(column) or "")
            if align:
                paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
            bold = header or (row_header and column == 0)
            for part in spans:
                span(paragraph, Span(part.text, part.strong or bold, part.emphasis,
                                     part.code, part.href))
    _fit(word_table, table, _text_width(document, container))
    rows = len(table.rows)
    describe_table(word_table, caption or table.label,
                   f"{columns} column{'s' if columns != 1 else ''}, {rows} "
                   f"row{'s' if rows != 1 else ''} under the header row")


def _look(word_table: Any, *, first_column: bool) -> None:
    """Which of the table style's parts Word applies: the header row and the horizontal
    bands always; the first column's (bold, in most styles) only where the first column
    heads the rows, as the PDF and the web page set it."""
    from docx.oxml.ns import qn

    look = word_table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        return
    look.set(qn("w:firstColumn"), "1" if first_column else "0")
    look.set(qn("w:val"), "04A0" if first_column else "0420")  # the same, as a bit mask


def table_caption(container: Any, document: Any, table: TableBlock,
                  span: Callable[[Any, Span], None],
                  generated: Callable[[str], AbstractContextManager[None]] | None = None
                  ) -> str:
    """The caption paragraph above the table, "Table 2: Troops by district", in the
    Caption style with the number as a SEQ field; return its text ("" if none)."""
    text = table.caption_plain
    if not table.heading and not text:
        return ""
    paragraph = container.add_paragraph(style=document.styles["Caption"])
    paragraph.paragraph_format.keep_with_next = True  # above its table: kept with it
    if table.heading:
        with generated("labels.table") if generated is not None else nullcontext():
            paragraph.add_run(f"{table.label} ")
            caption_field(paragraph, seq_identifier(table.label), table.number)
            if text:
                paragraph.add_run(": ")
    for part in table.caption:
        span(paragraph, part)
    return f"{table.heading}: {text}" if table.heading and text else table.heading or text


def seq_identifier(label: str) -> str:
    """The SEQ field's identifier for a caption label: its letters and digits ("Table")."""
    return re.sub(r"\W", "", label) or "Table"


# The width of a character of 9 pt text (a bold one, with room to spare) and of a
# cell's padding, in EMU (1 pt = 12,700).
_CHARACTER = 7 * 12_700
_PADDING = 18 * 12_700
_NARROWEST = 0.08  # of the text width: no column narrower, however short its words


def _text_width(document: Any, container: Any) -> int:
    """The width a table may take: the page's text width, or its cell's."""
    if hasattr(container, "width") and container.width:
        return int(container.width)
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _fit(word_table: Any, table: TableBlock, width: int) -> None:
    """Give each column the width of its longest line (as pandoc does for pipe tables),
    the whole no wider than `width`: a narrow table stays narrow, a wide one shares the
    width in proportion, no column under 8 % of it."""
    columns = len(word_table.columns)
    longest = [3] * columns
    for cells in (table.header, *table.rows):
        for column, spans in enumerate(cells[:columns]):
            text = "".join(span.text for span in spans)
            longest[column] = max(longest[column], *(len(line) for line in text.split("\n")))
    natural = [n * _CHARACTER + _PADDING for n in longest]
    if sum(natural) > width:
        floor = int(width * _NARROWEST)
        natural = [max(floor, int(width * n / sum(natural))) for n in natural]
        natural = [int(n * width / sum(natural)) for n in natural]
    natural = [n // 635 * 635 for n in natural]  # whole twips, as Word stores them
    word_table.autofit = False
    for column, share in zip(word_table.columns, natural, strict=True):
        column.width = share
        for cell in column.cells:
            cell.width = share
