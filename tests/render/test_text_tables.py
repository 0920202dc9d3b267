"""A pipe table of the analyst's text in every format: the PDF a tagged Table with its
Caption and TH cells scoped to their columns, its header row repeated on a later page and
no row split; the Word file a real table in the Memo Table style, its header row repeated
(tblHeader), its rows kept whole (cantSplit), its caption in the Caption style numbered by a
SEQ field; the email an HTML table and a plain-text one."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from conftest import (
    Project,
    docx_paragraphs,
    flat,
    libreoffice_pdf,
    needs_libreoffice,
    pdf_pages,
)
from pdf_structure import Element, structure

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TROOPS = """\
The *plan* is rushed.

Table: Troops by *district*

| District | Troops | Change |
|:---------|-------:|:------:|
| Brest    |  4,000 | **up** |
| Gomel    |  3,500 | down |
"""
SANCTIONS = """\
| Package | Measures |
|---|---|
| First | [Export bans](https://example.org/bans) |
| Second | Airspace |

Table: Sanctions by package
"""
DISTRIBUTION = {"from": "Desk <desk@example.org>", "to": ["Minister <min@example.org>"]}


def build(project: Project, *args: str, **overrides: Any) -> None:
    overrides.setdefault("bluf", TROOPS)
    spec = project.spec(distribution=DISTRIBUTION, **overrides)
    result = project.run("build", spec, *args)
    assert result.exit_code == 0, result.stderr


def with_sanctions(project: Project) -> list[dict[str, Any]]:
    sections = project.minimal["sections"]
    return [{**sections[0], "text": SANCTIONS}, *sections[1:]]


def test_the_pdf_shows_each_table_under_its_numbered_caption(project: Project) -> None:
    build(project, sections=with_sanctions(project))
    text = flat(pdf_pages(project.output / "memo.pdf", raw=True)[0])
    assert ("Table 1: Troops by district District Troops Change Brest 4,000 up "
            "Gomel 3,500 down") in text
    assert "Table 2: Sanctions by package Package Measures First Export bans Second" in text


def test_the_pdf_tags_a_table_with_its_caption_and_scoped_header_cells(
        project: Project) -> None:
    build(project, sections=with_sanctions(project))
    tables = [t for t in structure(project.output / "memo.pdf").all("Table")
              if t.elements[0].role == "Caption"]  # not the minimal spec's incentives table
    assert len(tables) == 2
    first = tables[0]
    assert [kid.role for kid in first.elements] == ["Caption", "THead", "TBody"]
    assert first.elements[0].text == "Table 1: Troops by district"
    header_cells = first.elements[1].all("TH")
    assert [cell.text for cell in header_cells] == ["District", "Troops", "Change"]
    assert all(str(cell.attributes["Scope"]) == "/Column" for cell in header_cells)
    rows = first.elements[2].all("TR")
    assert [[cell.text for cell in row.all("TD")] for row in rows] == [
        ["Brest", "4,000", "up"], ["Gomel", "3,500", "down"]]
    link = tables[1].all("Link")
    assert [element.text for element in link] == ["Export bans"]


def test_a_long_table_repeats_its_header_row_and_splits_no_row(project: Project) -> None:
    rows = "".join(f"| {n} | Row {n} of the table, with words enough |\n" for n in range(1, 90))
    build(project, bluf=f"Table: A long table\n\n| N | Text |\n|--:|---|\n{rows}")
    pages = pdf_pages(project.output / "memo.pdf", raw=True)
    assert len(pages) >= 2
    assert "N Text" in flat(pages[1])  # the header row again at the top of the next page
    for page in pages:  # every row whole on one page: its number and its text together
        for line in page.splitlines():
            if line.startswith("Row "):
                pytest.fail(f"a row split from its number: {line!r}")
    table = [t for t in structure(project.output / "memo.pdf").all("Table")
             if t.elements[0].role == "Caption"]
    assert len(table) == 1 and len(table[0].all("TR")) == 90  # one table, read once
    assert table[0].all_pages >= {1, 2}


def word_tables(path: Path) -> list[Any]:
    return list(docx.Document(str(path)).tables)


def test_the_word_table_is_a_real_table_with_a_repeating_header_row(project: Project) -> None:
    build(project, sections=with_sanctions(project))
    tables = word_tables(project.output / "memo.docx")
    data = [t for t in tables if t.style.name == "Memo Table"]
    assert len(data) == 2
    first = data[0]
    assert [[cell.text for cell in row.cells] for row in first.rows] == [
        ["District", "Troops", "Change"], ["Brest", "4,000", "up"], ["Gomel", "3,500", "down"]]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in first.rows)
    assert first.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert first.rows[1].cells[2].paragraphs[0].alignment == 1  # centre
    assert all(run.bold for cell in first.rows[0].cells for run in cell.paragraphs[0].runs)
    description = first._tbl.tblPr.find(qn("w:tblCaption"))
    assert description.get(qn("w:val")) == "Table 1: Troops by district"


def test_the_word_caption_has_the_caption_style_and_a_seq_field(project: Project) -> None:
    build(project, sections=with_sanctions(project))
    path = project.output / "memo.docx"
    captions = [text for style, text in docx_paragraphs(path) if style == "Caption"]
    assert captions == ["Table 1: Troops by district", "Table 2: Sanctions by package"]
    document = docx.Document(str(path))
    fields = [f.text for f in document.element.body.iter(qn("w:instrText"))]
    assert fields == [" SEQ Table \\* ARABIC ", " SEQ Table \\* ARABIC "]
    # the caption stands just before its table in the body
    body = list(document.element.body)
    tables = [i for i, e in enumerate(body) if e.tag == qn("w:tbl")]
    for index in tables[-2:]:
        style = body[index - 1].find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert style is not None and style.get(qn("w:val")) == "Caption"


def test_a_template_label_changes_the_caption_and_the_field(project: Project) -> None:
    project.template("house", "labels:\n  table: Tabelle\n")
    build(project, template="house")
    captions = [text for style, text in docx_paragraphs(project.output / "memo.docx")
                if style == "Caption"]
    assert captions == ["Tabelle 1: Troops by district"]
    assert "Tabelle 1: Troops by district" in flat(pdf_pages(project.output / "memo.pdf")[0])


def test_the_email_has_an_html_table_and_a_plain_text_one(project: Project) -> None:
    build(project, "--email")
    message = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                       policy=email.policy.default)
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert ("Table 1: Troops by district\n"
            "District | Troops | Change\n"
            "---------+--------+-------\n"
            "Brest    |  4,000 |   up\n"
            "Gomel    |  3,500 |  down\n") in plain
    assert '<th scope="col" style="border: 1px solid #9aa9bd' in html
    assert '<span class="caption-label">Table 1:</span> Troops by <em>district</em>' in html
    assert ">4,000</td>" in html and "text-align: right" in html


def test_a_table_of_a_section_the_template_leaves_out_is_not_numbered(
        project: Project) -> None:
    project.template("house", "include: [risks, recommendations]\n")
    sections = project.minimal["sections"]
    actors = {**sections[1], "text": SANCTIONS}
    build(project, template="house", sections=[sections[0], actors, sections[2]])
    text = flat(pdf_pages(project.output / "memo.pdf")[0])
    assert "Table 1: Troops by district" in text and "Sanctions by package" not in text


def test_a_table_too_large_is_refused_at_its_key_and_nothing_is_written(
        project: Project) -> None:
    wide = "|" + "c|" * 101 + "\n|" + "-|" * 101 + "\n"
    spec = project.spec(bluf="Intro.\n\n" + wide)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{spec.name}:22:7: error: bluf: the table at line 3 of this text has 101 columns: a "
        "memo's table holds at most 100 columns and 5,000 cells; put the rest in an annex or a "
        "file of its own")
    assert project.files() == {}


def test_every_table_element_is_one_table(project: Project) -> None:
    """The structure tree reads each table once: no stray Table for a caption or a row."""
    build(project)
    root: Element = structure(project.output / "memo.pdf")
    assert len(root.all("Table")) == 1 + 1  # and the table of the memo header (To, From)


def test_a_memo_with_tables_passes_pdf_ua_validation(project: Project) -> None:
    import subprocess
    import sys

    import page as page_validation

    rows = "".join(f"| {n} | Row {n} |\n" for n in range(1, 70))  # over a page break
    # (no link in it: outloud warns of any link's annotation without the Print flag, which
    # WeasyPrint leaves out, tables or not)
    build(project, bluf=TROOPS + f"\nTable: Long\n\n| N | Text |\n|--:|---|\n{rows}")
    path = project.output / "memo.pdf"
    report = page_validation.validate_pdf(path, profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    assert report.is_compliant
    run = subprocess.run([str(Path(sys.executable).parent / "outloud"), "--json", "-",
                          "--layer", "conformance", "--fail-on", "never", str(path)],
                         capture_output=True, text=True, check=True)
    import json

    assert json.loads(run.stdout)["results"][0]["findings"] == []


@needs_libreoffice
def test_libreoffice_shows_the_table_under_its_caption(project: Project,
                                                        tmp_path: Path) -> None:
    build(project)
    converted = libreoffice_pdf(project.output / "memo.docx", tmp_path / "lo")
    text = flat(" ".join(pdf_pages(converted)))
    assert "Table 1: Troops by district" in text
    assert "District Troops Change Brest 4,000 up Gomel 3,500 down" in text


def test_tables_in_lists_in_cells_and_of_a_header_only_are_drawn_everywhere(
        project: Project) -> None:
    project.template("house", "incentives: table\n")
    bluf = ("| only | header |\n|---|---|\n\n- An item with a table:\n\n"
            "    | x | y |\n    |---|---|\n    | 1 | 2 |\n")
    sections = project.minimal["sections"]
    actors = {**sections[1], "points": [{**sections[1]["points"][0],
                                         "levers": "| L | M |\n|---|---|\n| 3 | 4 |"}]}
    build(project, "--format", "pdf,docx,html", "--email", template="house", bluf=bluf,
          sections=[sections[0], actors, sections[2]])
    text = flat(pdf_pages(project.output / "memo.pdf", raw=True)[0])
    assert "Table 1 only header" in text and "Table 2 x y 1 2" in text
    assert "Table 3 L M 3 4" in text  # in the incentives table's cell
    document = docx.Document(str(project.output / "memo.docx"))
    body_tables = [[c.text for c in row.cells] for t in document.tables for row in t.rows
                   if t.style.name == "Memo Table"]
    assert body_tables == [["only", "header"], ["x", "y"], ["1", "2"]]
    [incentives] = [t for t in document.tables if t.style.name == "Incentives Table"]
    [nested] = incentives.rows[1].cells[2].tables
    assert [[c.text for c in row.cells] for row in nested.rows] == [["L", "M"], ["3", "4"]]
    html = (project.output / "memo.html").read_text(encoding="utf-8")
    assert html.count('<table class="data">') == 3


def test_word_columns_are_as_wide_as_their_text_and_never_past_the_page(
        project: Project) -> None:
    wide = ("| " + " | ".join(f"Column {n} with a long heading" for n in range(8)) + " |\n"
            + "|---" * 8 + "|\n| " + " | ".join(["x"] * 8) + " |\n")
    build(project, bluf=TROOPS + "\n" + wide)
    document = docx.Document(str(project.output / "memo.docx"))
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    narrow, broad = [t for t in document.tables if t.style.name == "Memo Table"]
    narrow_widths = [column.width for column in narrow.columns]
    assert sum(narrow_widths) < text_width / 2  # three short columns: a narrow table
    assert narrow_widths[0] > narrow_widths[1]  # "District" is longer than "Troops"
    broad_widths = [column.width for column in broad.columns]
    assert text_width * 0.98 <= sum(broad_widths) <= text_width
    assert min(broad_widths) >= text_width * 0.08 * 0.9


def test_a_table_with_an_empty_corner_has_row_headers(project: Project) -> None:
    matrix = "|  | 2021 | 2022 |\n|---|--:|--:|\n| Russia | 41 % | 48 % |\n| EU | 22 % | 15 % |\n"
    build(project, "--format", "pdf,docx,html", bluf=matrix)
    [table] = [t for t in structure(project.output / "memo.pdf").all("Table")
               if t.elements[0].role == "Caption"]
    body_rows = table.elements[2].all("TR")
    assert [[(c.role, c.text) for c in row.elements] for row in body_rows] == [
        [("TH", "Russia"), ("TD", "41 %"), ("TD", "48 %")],
        [("TH", "EU"), ("TD", "22 %"), ("TD", "15 %")]]
    assert str(body_rows[0].elements[0].attributes["Scope"]) == "/Row"
    assert str(table.elements[1].all("TH")[1].attributes["Scope"]) == "/Column"
    page = (project.output / "memo.html").read_text(encoding="utf-8")
    assert '<th scope="row">Russia</th>' in page
    document = docx.Document(str(project.output / "memo.docx"))
    [word_table] = [t for t in document.tables if t.style.name == "Memo Table"]
    assert word_table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert not word_table.rows[1].cells[1].paragraphs[0].runs[0].bold


def test_a_table_caption_is_drawn_as_the_caption_style_says_on_one_line(
        project: Project) -> None:
    """The PDF sets a table's caption as Word does: the whole of it in the Caption style
    (the built-in one bold, not italic, as the figures' captions), on one line above a
    table narrower than it."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    narrow = ("Table: Troops by district, March 2022\n\n| District | Troops |\n|---|--:|\n"
              "| Brest | 4,000 |\n")
    build(project, "--format", "pdf,docx", bluf=narrow)
    lines = [line for page in extract_pages(project.output / "memo.pdf")
             for box in page if hasattr(box, "__iter__")
             for line in box if isinstance(line, LTTextLine)]
    caption = [line for line in lines if line.get_text().startswith("Table 1")]
    assert [line.get_text().strip() for line in caption] == [
        "Table 1: Troops by district, March 2022"]
    fonts = {char.fontname.split("+")[-1] for char in caption[0] if isinstance(char, LTChar)}
    assert fonts == {"DejaVu-Sans-Bold"}  # bold throughout, no italic
    document = docx.Document(str(project.output / "memo.docx"))
    word = next(p for p in document.paragraphs if p.text.startswith("Table 1"))
    assert word.style.name == "Caption" and word.style.font.bold
    assert not word.style.font.italic
    assert {(run.bold, run.italic) for run in word.runs if run.text.strip()} <= {(None, None)}


def test_the_paragraph_after_a_table_has_space_before_it_in_word(project: Project) -> None:
    build(project, "--format", "docx", bluf=TROOPS + "\nAfter the table.\n")
    document = docx.Document(str(project.output / "memo.docx"))
    table = next(t for t in document.tables if t.style.name == "Memo Table")
    after = table._tbl.getnext()
    assert docx.text.paragraph.Paragraph(after, None).text == "After the table."
    assert after.pPr.find(qn("w:spacing")).get(qn("w:before")) == "120"
