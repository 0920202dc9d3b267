"""A memo with charts, built through the command line: a bar chart from a CSV and a dot
plot written in the spec, in the PDF (the chart's words, a Figure with its alternative
text and a Caption, the data as a table with header cells) and in Word (the picture, SVG
and PNG, with its alt text; the caption in the Caption style with a SEQ field; the data
table)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import Project, flat, pdf_pages
from pdf_structure import structure

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TRADE = "partner,share\nRussia,41\nEU,22\nUkraine,12\nChina,4\nOther,21\n"
BAR = {"type": "bar", "title": "Belarus's exports by partner, 2021", "data": "data/trade.csv",
       "units": "%", "y_label": "Share of exports", "source": "gazette"}
DOTS = {"type": "dotplot", "title": "Troops in Belarus, estimates",
        "data": {"estimate": ["NATO", "Ukraine"], "troops": [30000, 35000],
                 "low": [25000, 30000], "high": [35000, 40000]},
        "low": "low", "high": "high", "x_label": "Who estimates", "credit": "Press reports"}
BAR_ALT = ("Bar chart: Belarus's exports by partner, 2021: Russia 41 %, EU 22 %, "
           "Ukraine 12 %, China 4 %, Other 21 %.")


def chart_spec(project: Project, *charts: dict[str, Any]) -> Path:
    (project.root / "data").mkdir(exist_ok=True)
    (project.root / "data" / "trade.csv").write_text(TRADE, encoding="utf-8")
    points = [{"text": f"Point {n}.", "chart": chart} for n, chart in enumerate(charts, 1)]
    return project.spec(sections=[
        {"title": "Risks", "kind": "risks", "points": [
            {"text": "Costs are unknown.",
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]},
        {"title": "Trade", "kind": "text", "text": "What the numbers say.", "points": points}])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project(tmp_path_factory.mktemp("charts"))
    spec = chart_spec(project, BAR, DOTS)
    result = project.run("build", spec, "--output", project.output)
    assert result.exit_code == 0, result.stderr
    return project


def test_the_pdf_shows_each_chart_with_its_words_caption_and_data(built: Project) -> None:
    text = flat(" ".join(pdf_pages(built.output / "memo.pdf")))
    assert "Share of exports (%)" in text  # the axis label, as text
    assert "Russia" in text and "Who estimates" in text
    assert ("Figure 1: Belarus's exports by partner, 2021. Source: Example 2024."
            in text)
    assert "Figure 2: Troops in Belarus, estimates. Press reports." in text
    assert "Data of Figure 1 partner share (%) Russia 41 EU 22" in text
    assert "NATO 30,000 25,000 35,000" in text


def test_the_pdf_tags_each_chart_as_a_figure_with_alt_text(built: Project) -> None:
    tree = structure(built.output / "memo.pdf")
    alts = [f.alt for f in tree.all("Figure") if f.alt]
    assert alts == [BAR_ALT, "Dot plot of estimates with their ranges: Troops in Belarus, "
                    "estimates: NATO 30,000 (range 25,000 to 35,000), Ukraine 35,000 "
                    "(range 30,000 to 40,000)."]
    captions = [flat(c.text) for c in tree.all("Caption")]
    assert captions[:2] == ["Figure 1: Belarus's exports by partner, 2021. Source: "
                            "Example 2024.", "Data of Figure 1"]
    tables = [t for t in tree.all("Table") if "Data of Figure" in t.text]
    assert len(tables) == 2
    heads = [flat(th.text) for th in tables[0].all("TH")]
    assert heads[:3] == ["partner", "share (%)", "Russia"]
    assert [th.attributes.get("Scope") for th in tables[0].all("TH")][:3] == [
        "/Column", "/Column", "/Row"]


def test_word_shows_the_same_picture_with_alt_text_caption_and_table(built: Project) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(built.output / "memo.docx"))
    pictures = document.inline_shapes
    assert [p._inline.docPr.get("descr") for p in pictures][:1] == [BAR_ALT]
    body = document.element.body.xml
    assert body.count("asvg:svgBlip") == 2  # the SVG, with the PNG as fallback
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [c.text for c in captions] == [
        "Figure 1: Belarus's exports by partner, 2021. Source: Example 2024.",
        "Data of Figure 1", "Figure 2: Troops in Belarus, estimates. Press reports.",
        "Data of Figure 2"]
    fields = [f.text for f in document.element.body.iter(qn("w:instrText"))]
    assert [f.strip() for f in fields] == ["SEQ Figure \\* ARABIC"] * 2
    table = document.tables[-2]
    assert [c.text for c in table.rows[0].cells] == ["partner", "share (%)"]
    assert [c.text for c in table.rows[1].cells] == ["Russia", "41"]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Data of Figure 1"
    with zipfile.ZipFile(built.output / "memo.docx") as package:
        svgs = [n for n in package.namelist() if n.endswith(".svg")]
        assert len(svgs) == 2
        assert b"Share of exports (%)" in package.read(svgs[0])


def test_a_chart_is_drawn_the_same_each_build(project: Project) -> None:
    spec = chart_spec(project, BAR)
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    first = project.files()["memo.docx"]
    assert project.run("build", spec, "--format", "docx", "--force").exit_code == 0
    assert project.files()["memo.docx"] == first


def test_the_pdf_with_charts_passes_pdf_ua(built: Project) -> None:
    import page as page_validation

    report = page_validation.validate_pdf(built.output / "memo.pdf", profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


def test_libreoffice_shows_the_charts_captions_and_data_tables(built: Project,
                                                               tmp_path: Path) -> None:
    import shutil

    import pikepdf

    from conftest import libreoffice_pdf

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    shown = libreoffice_pdf(built.output / "memo.docx", tmp_path)
    text = flat(" ".join(pdf_pages(shown)))
    assert "Figure 1: Belarus's exports by partner, 2021. Source: Example 2024." in text
    assert "Data of Figure 1" in text
    assert "share (%) Russia 41 EU 22 Ukraine 12 China 4 Other 21" in text
    assert "Figure 2: Troops in Belarus, estimates. Press reports." in text
    with pikepdf.open(shown) as pdf:
        pictures = sum(len(page.get_images()) for page in pdf.pages)
        drawn = sum(len(page.Contents.read_bytes()) if not isinstance(page.Contents, list)
                    else 0 for page in pdf.pages)
    assert pictures >= 2 or drawn > 20_000  # the SVG drawn as vectors, or its PNG



def test_an_archival_pdf_with_charts_passes_pdf_a_and_pdf_ua(project: Project) -> None:
    import page as page_validation

    spec = chart_spec(project, BAR, DOTS)
    result = project.run("build", spec, "--format", "pdf", "--pdf-variant", "pdf/a-3b")
    assert result.exit_code == 0, result.stderr
    for profile in ("3b", "ua1"):
        report = page_validation.validate_pdf(project.output / "memo.pdf", profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile
