"""The house's table style for the tables in the text: brief's Memo Table by default, or
template.yaml's `table_style`, a table style of reference.docx, used whole by the Word file
and carried to the PDF's and the web page's CSS; a name the file lacks is one error at its
line, in a build and in `brief templates check`."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from conftest import Project

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TABLE = "Table: Troops\n\n| District | Troops |\n|---|--:|\n| Brest | 4,000 |\n"


def test_the_built_in_memo_draws_text_tables_in_memo_table(project: Project) -> None:
    assert project.run("build", project.spec(bluf=TABLE)).exit_code == 0
    document = docx.Document(str(project.output / "memo.docx"))
    assert [t.style.name for t in document.tables if t.style.name != "Incentives Table"] == [
        "Memo Table"]
    assert document.tables[-1].style.base_style.name == "Table Grid"


def test_a_house_table_style_reaches_the_word_file_and_the_css(project: Project) -> None:
    project.template("house", "table_style: medium shading 1 accent 1\n")  # any case
    result = project.run("build", project.spec(template="house", bluf=TABLE),
                         "--format", "docx,html")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    assert [t.style.name for t in document.tables] == ["Medium Shading 1 Accent 1"]
    page = (project.output / "memo.html").read_text(encoding="utf-8")
    # the style's header row (white on Word's accent blue), on the text's tables
    assert "table.data thead th { background: #4f81bd; color: #ffffff; }" in page
    # its borders: lines between the rows, none between the columns, as in Word
    assert ("table.data { border-top: 1pt solid #7ba0cd; border-left: 1pt solid #7ba0cd; "
            "border-bottom: 1pt solid #7ba0cd; border-right: 1pt solid #7ba0cd; }") in page
    assert ("table.data th, table.data td { border-top: 1pt solid #7ba0cd; border-bottom: "
            "1pt solid #7ba0cd; border-left: none; border-right: none; }") in page
    # its banded rows (the first below the header shaded, as Word counts them)
    assert "table.data tbody tr:nth-child(odd) > * { background: #d3dfee; }" in page
    # its first column's bold only where the first column heads the rows, in Word too
    look = document.tables[0]._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstColumn")) == "0"


def test_the_default_memo_table_looks_alike_in_word_and_the_pdf(project: Project) -> None:
    """Memo Table: a bold header row with no shading, in Word and in the PDF's CSS; a table
    whose first column heads the rows has it bold in both."""
    rows = "Table: Trade\n\n|  | 2021 | 2022 |\n|---|--:|--:|\n| Russia | 41 | 45 |\n"
    result = project.run("build", project.spec(bluf=TABLE + "\n" + rows),
                         "--format", "docx,html")
    assert result.exit_code == 0, result.stderr
    page = (project.output / "memo.html").read_text(encoding="utf-8")
    thead = [line for line in page.splitlines() if line.startswith("table.data thead th")]
    assert thead and not any("background" in line for line in thead), thead
    # Table Grid's borders (Memo Table's base): single 0.5 pt black lines all round
    assert ("table.data th, table.data td { border-top: 0.5pt solid #000000; border-bottom: "
            "0.5pt solid #000000; border-left: 0.5pt solid #000000; border-right: 0.5pt solid "
            "#000000; }") in page
    document = docx.Document(str(project.output / "memo.docx"))
    tables = [t for t in document.tables if t.style.name == "Memo Table"]
    looks = [t._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstColumn")) for t in tables]
    assert looks == ["0", "1"]
    style = document.styles["Memo Table"].element
    assert style.find(f"{qn('w:tblStylePr')}/{qn('w:tcPr')}/{qn('w:shd')}") is None


def test_a_table_style_the_reference_lacks_is_one_error_at_its_line(project: Project) -> None:
    project.template("house", "table_style: Light Grid Acent 1\n")
    spec = project.spec(template="house", bluf=TABLE)
    result = project.run("build", spec)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("templates/house/template.yaml:2:14: error: table_style: 'Light Grid "
                        "Acent 1' is not a table style of reference.docx")
    # every name, each family of seven colours written once
    assert lines[1].startswith("    hint: did you mean 'Light Grid Accent 1'? its table "
                               "styles: Normal Table, Table Grid, Light Shading (and Accent 1 "
                               "to 6), Light List (and Accent 1 to 6), ")
    assert lines[1].endswith(", Incentives Table, Options Table, Memo Table")
    assert project.files() == {}
    checked = project.run("templates", "check", "house")
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert errors == [lines[0]]  # once, though both formats use it
    assert checked.stderr.endswith("brief templates check: failed (1 problem)\n")


def test_templates_check_draws_a_table_through_the_house_style(project: Project) -> None:
    """The sample memo `brief templates check` renders has a captioned table: a house whose
    reference.docx cannot draw one fails the check, not the analyst's build."""
    from brief.commands.templates import SAMPLE_SPEC
    from brief.markdown_text import parse_markdown
    from brief.model import TableBlock
    from brief.spec import load_spec

    spec = load_spec(SAMPLE_SPEC)
    texts = [section.text for section in spec.sections if section.text]
    tables = [b for text in texts for b in parse_markdown(text) if isinstance(b, TableBlock)]
    assert [t.caption_plain for t in tables] == ["Sample figures"]
    project.template("house", "")
    assert project.run("templates", "check", "house").exit_code == 0


def test_the_docs_table_style_example_is_a_style_of_the_copied_template(
        project: Project) -> None:
    """docs/house-style.md's `table_style:` example names a style the built-in
    reference.docx has: pasted into a copied template, the check passes."""
    import re
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "house-style.md").read_text(encoding="utf-8")
    example = re.search(r"^ *table_style: ([^#\n]+?) +#", docs, re.MULTILINE)
    assert example is not None
    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    copied = project.root / "templates" / "ours" / "template.yaml"
    text = copied.read_text(encoding="utf-8")
    # the settings a house-style editor looks for are there, commented out
    assert "\n# table_style: Memo Table\n" in text
    assert "\n# list_of_figures: false\n" in text
    assert "\n  # figures: Figures " in text
    copied.write_text(text.replace("# table_style: Memo Table",
                                   f"table_style: {example[1]}"), encoding="utf-8")
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 0, result.stderr


def test_a_word_2013_style_name_says_how_to_add_it(project: Project) -> None:
    project.template("house", "table_style: Grid Table 4 Accent 1\n")
    result = project.run("build", project.spec(template="house", bluf=TABLE))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith(
        "    hint: that is a name of Word 2013 and later, which this reference.docx does "
        "not hold (to add it: open reference.docx in Word, give a table that style, save); "
        "its table styles: Normal Table, Table Grid, ")
    assert project.files() == {}
