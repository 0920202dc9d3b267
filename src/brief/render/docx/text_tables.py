"""The tables of the analyst's text (Markdown pipe tables) as Word tables: the caption
above in the Caption style, numbered by a SEQ field; the table in the house's table style
(reference.docx's "Memo Table"), its header row repeated on each page, no row split across
pages, each column aligned as the Markdown says, its caption and size as the table's alt
text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...model import Span, TableBlock
from .tables import caption_field, describe_table, keep_rows_whole, repeat_as_header

TABLE_STYLE = "Memo Table"
_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


def draw_table(container: Any, document: Any, table: TableBlock,
               span: Callable[[Any, Span], None], style: str = TABLE_STYLE) -> None:
    """Add `table` (its caption first) to `container`: the document's body, or a table
    cell, in the table style named `style`; `span` adds a run of rich text to a
    paragraph."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    caption = table_caption(container, document, table, span)
    columns = max(len(table.header), 1)
    word_table = container.add_table(rows=1 + len(table.rows), cols=columns)
    word_table.style = document.styles[style]
    repeat_as_header(word_table.rows[0])
    keep_rows_whole(word_table)
    for index, (row, cells) in enumerate(zip(word_table.rows, (table.header, *table.rows),
                                             strict=True)):
        header = index == 0
        for column, (cell, spans) in enumerate(zip(row.cells, cells, strict=False)):
            paragraph = cell.paragraphs[0]
            align = _ALIGN.get(table.alignment(column) or "")
            if align:
                paragraph.alignment = getattr(WD_ALIGN_PARAGRAPH, align)
            for part in spans:
                span(paragraph, Span(part.text, part.strong or header, part.emphasis,
                                     part.code, part.href))
    rows = len(table.rows)
    describe_table(word_table, caption or table.label,
                   f"{columns} column{'s' if columns != 1 else ''}, {rows} "
                   f"row{'s' if rows != 1 else ''} under the header row")


def table_caption(container: Any, document: Any, table: TableBlock,
                  span: Callable[[Any, Span], None]) -> str:
    """The caption paragraph above the table, "Table 2: Troops by district", in the
    Caption style with the number as a SEQ field; return its text ("" if none)."""
    text = table.caption_plain
    if not table.heading and not text:
        return ""
    paragraph = container.add_paragraph(style=document.styles["Caption"])
    if table.heading:
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
