"""Section kinds `indicators` (what to watch) and `options` (a comparison table)."""

from __future__ import annotations

import subprocess

import docx
import pytest

from conftest import docx_reading_order, flat, pdf_pages

pytestmark = pytest.mark.e2e

QUOTE = {"source": "gazette", "quote": "its costs were not known"}
OPTIONS = {"title": "Options", "kind": "options", "points": [
    {"text": "Delay the plan.", "recommended": True, "pros": ["Time to cost it.", "Calm."],
     "cons": "Looks weak.", "passages": [QUOTE]},
    {"text": "Go ahead.", "pros": ["Keeps momentum."], "cons": ["Unknown costs."]},
]}
INDICATORS = {"title": "What to watch", "kind": "indicators", "points": [
    {"text": "A leaked estimate.", "implication": "Costs are **higher** than said.",
     "passages": [QUOTE]},
    {"text": "Resignations.", "implication": "The plan is in trouble."},
]}


@pytest.mark.slow
def test_indicators_show_each_signpost_and_what_it_would_mean(project):
    result = project.run("build", project.spec(sections=[INDICATORS]))
    assert result.exit_code == 0, result.stderr
    pdf = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "What to watch • A leaked estimate. What it would mean: Costs are higher than " \
        "said. its costs were not known1 • Resignations. What it would mean: The plan is in " \
        "trouble." in pdf
    paragraphs = [(p.style.name, p.text)
                  for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    start = paragraphs.index(("Heading 1", "What to watch"))
    assert paragraphs[start + 1:start + 6] == [
        ("List Bullet", "A leaked estimate."),
        ("List Continue", "What it would mean: Costs are higher than said."),
        ("Passage", "its costs were not known"),
        ("List Bullet", "Resignations."),
        ("List Continue", "What it would mean: The plan is in trouble.")]


def test_options_are_a_comparison_table_with_the_recommended_one_flagged(project):
    result = project.run("build", project.spec(sections=[OPTIONS]))
    assert result.exit_code == 0, result.stderr
    layout = subprocess.run(["pdftotext", "-layout", str(project.output / "memo.pdf"), "-"],
                            check=True, capture_output=True, text=True).stdout
    rows = [" ".join(line.split()) for line in layout.splitlines() if line.strip()]
    header = rows.index("Option For Against")
    assert rows[header + 1:header + 6] == [
        "✓ Recommended • Time to cost it. • Looks weak.",
        "Delay the plan. • Calm.",
        "Example 2024, ¶4",
        "Go ahead. • Keeps momentum. • Unknown costs.",
        "Source summary"]
    document = docx.Document(str(project.output / "memo.docx"))
    [table] = document.tables
    assert table.style.name == "Options Table"
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["Option", "For", "Against"],
        ["✓ Recommended\nDelay the plan.\nExample 2024, ¶4", "Time to cost it.\nCalm.",
         "Looks weak."],
        ["Go ahead.", "Keeps momentum.", "Unknown costs."]]
    # For and against are Word lists (bulleted by the List Bullet style's numbering).
    assert {p.style.name for p in table.rows[1].cells[1].paragraphs} == {"List Bullet"}
    assert table.rows[1].cells[1].paragraphs[0].style.element.xpath("./w:pPr/w:numPr")
    # Columns of the PDF's widths; no row split over a page break.
    widths = [cell.width for cell in table.rows[0].cells]
    assert widths[0] > widths[1] == widths[2]
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
    # The recommended row is shaded, its header row repeats on each page.
    assert table.rows[1].cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["EEF2F7"]
    assert not table.rows[2].cells[0]._tc.xpath("./w:tcPr/w:shd")
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert "Delay the plan." in docx_reading_order(project.output / "memo.docx")


def test_only_one_option_may_be_recommended(project):
    two = {**OPTIONS, "points": [{**p, "recommended": True} for p in OPTIONS["points"]]}
    result = project.run("check", project.spec(sections=[two]))
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: sections[0]: more than one option is marked 'recommended: true'; recommend "
        "one option, or none\nbrief check: failed (1 problem)\n")


def test_option_keys_belong_to_options_sections(project):
    risks = {"title": "Risks", "kind": "risks", "points": [
        {"text": "Costs.", "pros": ["Cheap."], "implication": "Bad."}]}
    result = project.run("check", project.spec(sections=[risks]))
    assert result.exit_code == 1
    assert "error: sections[0].points[0].implication: 'implication' is only used in " \
        "'indicators' sections, and this section is of kind 'risks'\n" in result.stderr
    assert "error: sections[0].points[0].pros: 'pros' is only used in 'options' sections, " \
        "and this section is of kind 'risks'\n" in result.stderr


def test_recommended_must_be_true_or_false(project):
    bad = {**OPTIONS, "points": [{**OPTIONS["points"][0], "recommended": "yes please"}]}
    result = project.run("check", project.spec(sections=[bad]))
    assert result.exit_code == 1
    assert "error: sections[0].points[0].recommended: expected true or false, found the " \
        "text 'yes please'\n" in result.stderr


@pytest.mark.slow
def test_endnotes_leave_out_the_citations_of_the_options_table(project):
    folder = project.root / "templates" / "notes"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("citations: endnotes\n")
    risks = {"title": "Risks", "kind": "risks", "points": [{"text": "Costs.",
                                                             "passages": [QUOTE]}]}
    result = project.run("build", project.spec(template="notes", sections=[OPTIONS, risks]))
    assert result.exit_code == 0, result.stderr
    pdf = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "Notes 1. Example 2024, ¶4. Source summary" in pdf  # one note: the risk's passage
    paragraphs = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs
                  if p.style.name == "Note"]
    assert paragraphs == ["1. Example 2024, ¶4."]
