"""Pipe tables in the analyst's Markdown: header, alignment, inline Markdown in cells,
ragged rows as GitHub draws them, a caption before or after, and a table too large refused
with one message naming its line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import attacks
from brief.markdown_text import MarkdownProblem, markdown_problem, parse_markdown
from brief.model import TableBlock, TextBlock
from conftest import Project

TABLE = """\
| District | Troops | Change |
|:---------|-------:|:------:|
| Brest    |  4,000 | **up** |
| Gomel    |  3,500 | *down* |"""


def cells(spans_rows: tuple[tuple[tuple[object, ...], ...], ...]) -> list[list[str]]:
    return [["".join(s.text for s in cell) for cell in row] for row in spans_rows]  # type: ignore[attr-defined]


def only_table(text: str) -> TableBlock:
    blocks = parse_markdown(text)
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1, blocks
    return tables[0]


def test_a_pipe_table_has_its_header_rows_and_alignments() -> None:
    table = only_table(TABLE)
    assert cells((table.header,)) == [["District", "Troops", "Change"]]
    assert cells(table.rows) == [["Brest", "4,000", "up"], ["Gomel", "3,500", "down"]]
    assert table.align == ("left", "right", "center")
    assert table.rows[0][2][0].strong and table.rows[1][2][0].emphasis
    assert table.caption == () and table.number == 0


def test_a_link_in_a_cell_is_a_link_and_is_checked_like_any_other() -> None:
    table = only_table("| a | b |\n|---|---|\n| [site](https://example.org) | `x|y` |")
    assert table.rows[0][0][0].href == "https://example.org"
    assert cells(table.rows) == [["site", "x|y"]]
    assert markdown_problem("Table: [x](file:///etc/passwd)\n| a | b |\n|---|---|\n"
                            "| [x](javascript:alert) | 2 |") == (
        "the link to 'file:///etc/passwd' is not a web or mail address: only http, https and "
        "mailto links go into a memo")


@pytest.mark.parametrize("text", [
    "Table: Troops by *district*\n\n" + TABLE,
    "Table: Troops by *district*\n" + TABLE,
    TABLE + "\n\nTable: Troops by *district*",
    TABLE + "\nTable: Troops by *district*",
    "table: Troops by *district*\n\n" + TABLE,
])
def test_a_caption_starts_with_table_before_or_after_the_table(text: str) -> None:
    blocks = parse_markdown("Before.\n\n" + text + "\n\nAfter.")
    assert [type(b).__name__ for b in blocks] == ["TextBlock", "TableBlock", "TextBlock"]
    table = blocks[1]
    assert isinstance(table, TableBlock)
    assert table.caption_plain == "Troops by district"
    assert table.caption[1].emphasis
    assert len(table.rows) == 2  # the caption is not a row


def test_a_paragraph_that_merely_mentions_a_table_is_text() -> None:
    blocks = parse_markdown("Table: see below.\n\nNo table here.")
    assert all(isinstance(b, TextBlock) for b in blocks)
    assert blocks[0].plain == "Table: see below."  # type: ignore[union-attr]


def test_ragged_rows_are_padded_or_cut_as_github_does() -> None:
    table = only_table("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |")
    assert cells(table.rows) == [["1", "", ""], ["1", "2", "3"]]


def test_a_table_of_a_header_only_has_no_rows() -> None:
    assert only_table("| a | b |\n|---|---|").rows == ()


@pytest.mark.parametrize(("text", "message"), [
    ("Intro.\n\n|" + "c|" * 101 + "\n|" + "-|" * 101 + "\n",
     "the table at line 3 of this text has 101 columns: a memo's table holds at most 100 "
     "columns and 5,000 cells; put the rest in an annex or a file of its own"),
    ("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 2600,
     "the table at line 1 of this text has 2,601 rows of 2 columns (5,202 cells): a memo's "
     "table holds at most 100 columns and 5,000 cells; put the rest in an annex or a file of "
     "its own"),
])
def test_a_table_too_large_is_refused_at_its_line(text: str, message: str) -> None:
    assert markdown_problem(text) == message
    with pytest.raises(MarkdownProblem, match="at most 100 columns"):
        parse_markdown(text)


def test_the_largest_table_allowed_is_read() -> None:
    text = "|" + "c|" * 100 + "\n|" + "-|" * 100 + "\n" + ("|" + "1|" * 100 + "\n") * 49
    table = only_table(text)
    assert len(table.header) == 100 and len(table.rows) == 49


def test_a_row_of_thousands_of_code_spans_is_refused_before_it_is_parsed(
        tmp_path: Path) -> None:
    spec = attacks.table_of_code_spans(tmp_path)
    text = spec.read_text(encoding="utf-8").split("bluf: |\n", 1)[1].split("\nsections:")[0]
    assert markdown_problem(text.replace("\n  ", "\n").strip()) == (
        "the table at line 1 of this text has a row of 40,000 cells (line 3): a memo's table "
        "holds at most 100 columns; put the rest in an annex or a file of its own")


def test_an_escaped_pipe_is_no_cell_of_its_own() -> None:
    text = "| a | b |\n|---|---|\n| " + "x \\| " * 150 + " | 2 |\n"
    assert markdown_problem(text) is None
    table = only_table(text)
    assert cells(table.rows)[0][1] == "2" and cells(table.rows)[0][0].count("|") == 150


@pytest.mark.e2e
def test_the_build_of_such_a_spec_names_the_key_and_writes_nothing(project: Project) -> None:
    spec = attacks.table_of_code_spans(project.root)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "memo.yaml:4:7: error: bluf: the table at line 1 of this text has a row of 40,000 "
        "cells (line 3)")
    assert not project.output.exists()


def test_the_plain_text_email_lines_a_table_up_or_lists_a_wide_one() -> None:
    from brief.render.email.bodies import plain_table

    narrow = dataclasses.replace(only_table("Table: Troops\n\n" + TABLE), number=2)
    assert plain_table(narrow) == (
        "Table 2: Troops\n"
        "District | Troops | Change\n"
        "---------+--------+-------\n"
        "Brest    |  4,000 |   up\n"
        "Gomel    |  3,500 |  down")
    header = " | ".join(f"Heading number {n}" for n in range(6))
    wide = only_table(f"| {header} |\n" + "|---" * 6 + "|\n| " + " | ".join("abcdef") + " |")
    assert plain_table(wide, "  ") == (
        "  - Heading number 0: a; Heading number 1: b; Heading number 2: c; Heading\n"
        "    number 3: d; Heading number 4: e; Heading number 5: f")
