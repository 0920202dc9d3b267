"""Pipe tables in the analyst's Markdown, as GitHub writes them, with a caption as pandoc
writes it:

    Table: Troops by district, March 2022

    | District | Troops | Change |
    |:---------|-------:|:------:|
    | Brest    |  4,000 | **up** |

A header row, a separator row of dashes (a colon at the left, the right or both ends sets
the column's alignment), then the rows of the body, each cell holding inline Markdown. A
row shorter than the header is padded with empty cells, a longer one is cut, as GitHub
does. The caption is a paragraph that starts with `Table:`, just before or just after the
table (with or without a blank line between); the memo numbers its tables "Table 1",
"Table 2", ... in order (`assemble`).

`table_extension` is the Python-Markdown extension `markdown_text` parses with;
`table_problem` refuses a table too large to be a memo's before anything is parsed;
`table_block` turns the parsed table into the model's `TableBlock`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from .model import Span, TableBlock

# The largest table a memo holds: more is data for an annex or a file, not a page.
MAX_COLUMNS = 100
MAX_CELLS = 5000

# A caption: a paragraph that starts with `Table:` (pandoc's syntax; any case).
_CAPTION = re.compile(r"(?is)\A[ \t]*table:[ \t]*(\S.*)\Z")
# A separator row: cells of dashes, each with a colon at either end or none.
_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def table_problem(text: str) -> str | None:
    """Why a table in Markdown `text` is too large for a memo, if one is: more than
    `MAX_COLUMNS` columns or `MAX_CELLS` cells. Counted from the lines, before
    Python-Markdown reads them (which would take long over a huge table)."""
    if "|" not in text or "-" not in text:
        return None
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if "-" not in line or not _SEPARATOR.match(line):
            continue
        columns = _count_cells(line)
        rows = 1
        for at, row in enumerate(lines[number:], start=number + 1):
            if not row.strip():
                break
            rows += 1
            # A row of more cells than a table may have columns: GitHub would cut it, but
            # splitting it (code spans and all) takes Python-Markdown quadratic time.
            if (cells := _count_cells(row)) > MAX_COLUMNS:
                return (f"the table at line {number - 1} of this text has a row of {cells:,} "
                        f"cells (line {at}): a memo's table holds at most {MAX_COLUMNS} "
                        "columns; put the rest in an annex or a file of its own")
        if columns > MAX_COLUMNS or columns * rows > MAX_CELLS:
            size = f"{columns:,} columns" if columns > MAX_COLUMNS else \
                f"{rows:,} rows of {columns} columns ({columns * rows:,} cells)"
            return (f"the table at line {number - 1} of this text has {size}: a memo's table "
                    f"holds at most {MAX_COLUMNS} columns and {MAX_CELLS:,} cells; put the "
                    "rest in an annex or a file of its own")
    return None


def _count_cells(separator: str) -> int:
    """The cells of a row: its pipes (an escaped one aside) less those at its ends, plus
    one (a pipe in a code span counts too: an upper bound)."""
    row = separator.strip().replace("\\|", "")
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return row.count("|") + 1


def table_extension() -> Any:
    """The Python-Markdown extension for pipe tables with a caption (see the module)."""
    from markdown.extensions import Extension
    from markdown.extensions.tables import TableProcessor

    class CaptionedTables(TableProcessor):
        """Python-Markdown's pipe tables, with a `Table:` caption line at the start or end
        of the table's block, or in a paragraph of its own just before or after it."""

        def test(self, parent: Element, block: str) -> bool:
            lines = block.split("\n")
            if len(lines) > 2 and _CAPTION.match(lines[0]):
                lines = lines[1:]
            return super().test(parent, "\n".join(lines))

        def run(self, parent: Element, blocks: list[str]) -> None:
            lines = blocks[0].split("\n")
            caption = None
            if len(lines) > 2 and _CAPTION.match(lines[0]):
                caption, lines = lines[0], lines[1:]
            if len(lines) > 2 and _CAPTION.match(lines[-1]):
                caption, lines = caption or lines[-1], lines[:-1]
            if caption is None:
                caption = _caption_before(parent) or _caption_after(blocks)
            blocks[0] = "\n".join(lines)
            super().run(parent, blocks)
            table = parent[-1]
            if caption is not None:
                match = _CAPTION.match(caption)
                assert match is not None
                element = Element("caption")
                element.text = match[1].strip()
                table.insert(0, element)

    class Tables(Extension):
        def extendMarkdown(self, md: Any) -> None:
            if "|" not in md.ESCAPED_CHARS:
                md.ESCAPED_CHARS.append("|")
            processor = CaptionedTables(md.parser, {"use_align_attribute": True})
            md.parser.blockprocessors.register(processor, "table", 75)

    return Tables()


def _caption_before(parent: Element) -> str | None:
    """A caption in the paragraph just before the table (taken out of the text)."""
    if len(parent) and parent[-1].tag == "p" and not len(parent[-1]):
        previous = parent[-1]
        if previous.text and _CAPTION.match(previous.text):
            parent.remove(previous)
            return previous.text
    return None


def _caption_after(blocks: list[str]) -> str | None:
    """A caption in the block just after the table (taken out of the blocks to come)."""
    if len(blocks) > 1 and _CAPTION.match(blocks[1]):
        return blocks.pop(1)
    return None


def table_block(table: Element, spans: Callable[[Element], tuple[Span, ...]]) -> TableBlock:
    """The model's table of a parsed table element; `spans` gives a cell's rich text."""
    caption: tuple[Span, ...] = ()
    header: tuple[tuple[Span, ...], ...] = ()
    rows: list[tuple[tuple[Span, ...], ...]] = []
    align: tuple[str | None, ...] = ()
    for part in table:
        if part.tag == "caption":
            caption = spans(part)
        elif part.tag == "thead":
            for row in part:
                header = tuple(spans(cell) for cell in row)
                align = tuple(cell.get("align") for cell in row)
        elif part.tag == "tbody":
            rows.extend(tuple(spans(cell) for cell in row) for row in part)
    # Python-Markdown gives a table without body rows one empty row: a table of a header
    # only has none.
    if len(rows) == 1 and not any(rows[0]):
        rows = []
    return TableBlock(header, tuple(rows), align, caption)
