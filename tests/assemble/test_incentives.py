"""Actors' incentives with their levers: as a list, or as a table in both formats."""

from __future__ import annotations

import subprocess

import docx
import pytest

from conftest import flat, pdf_pages

pytestmark = pytest.mark.e2e

ACTORS = [{"title": "Actors", "kind": "incentives", "points": [
    {"actor": "Critics", "text": "They want delay.", "levers": "Their votes in *parliament*.",
     "passages": [{"source": "gazette", "paragraph": 4}]},
    {"actor": "Critics", "text": "They want the costs known.",
     "passages": [{"source": "gazette", "quote": "its costs were not known"}]},
    {"actor": "Officials", "text": "They want to start soon.", "levers": "The budget.",
     "passages": [{"source": "gazette", "quote": "Officials said"}]},
]}]


def build(project, incentives: str):
    folder = project.root / "templates" / "actors"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(f"name: actors\nincentives: {incentives}\n")
    result = project.run("build", project.spec(template="actors", sections=ACTORS))
    assert result.exit_code == 0, result.stderr
    return (flat(" ".join(pdf_pages(project.output / "memo.pdf"))),
            docx.Document(str(project.output / "memo.docx")))


@pytest.mark.slow
def test_levers_follow_the_point_in_a_list(project):
    pdf, word = build(project, "list")
    assert "They want delay. Levers and constraints: Their votes in parliament. Critics " \
        "argued" in pdf
    texts = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("List Continue", "Levers and constraints: Their votes in parliament.") in texts
    assert not word.tables


@pytest.mark.slow
def test_incentives_table_in_both_formats(project):
    _, word = build(project, "table")
    # The table's rows, as a reader sees them across the page.
    layout = subprocess.run(["pdftotext", "-layout", str(project.output / "memo.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    rows_seen = [flat(line) for line in layout.splitlines()]
    assert "Actor What they want Levers and constraints Sources" in rows_seen
    assert "Critics They want delay. Their votes in parliament. Example 2024, ¶4" in rows_seen
    assert "They want the costs known. Example 2024, ¶4" in rows_seen
    assert "Officials They want to start soon. The budget. Example 2024, ¶3" in rows_seen
    [table] = word.tables
    assert table.style.name == "Incentives Table"
    actor, wants, levers, sources = (cell.width for cell in table.rows[0].cells)
    assert actor < wants == levers and actor == sources  # the actor's column narrow
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Actor", "What they want", "Levers and constraints", "Sources"],
        ["Critics", "They want delay.", "Their votes in parliament.", "Example 2024, ¶4"],
        ["Critics", "They want the costs known.", "", "Example 2024, ¶4"],
        ["Officials", "They want to start soon.", "The budget.", "Example 2024, ¶3"],
    ]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated on each page
    assert word.tables[0].cell(1, 0)._tc is word.tables[0].cell(2, 0)._tc  # merged actor


def test_levers_only_in_incentives(project):
    sections = [{"title": "R", "kind": "risks", "points": [
        {"text": "x", "levers": "y", "passages": []}]}]
    result = project.run("check", project.spec(sections=sections))
    assert result.exit_code == 1
    assert "'levers' is only used in 'incentives' sections, and this section is of kind " \
        "'risks'" in result.stderr
