"""The marking survives whatever the house does to reference.docx's header and footer:
LibreOffice re-saving it (its runs merged), a header retyped without the placeholders, a
letterhead of its own with a first-page header. The Word file shows the marking on every
header and footer a page can show, a TLP label bold in its colour on black, as the PDF
does; where it cannot, the build stops with a message naming reference.docx."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_house_style import house_project

from conftest import (
    edit_in_libreoffice,
    libreoffice_pdf,
    needs_libreoffice,
    pdf_pages,
    pixels_of_colour,
)

AMBER, RED = (0xFF, 0xC0, 0x00), (0xFF, 0x2B, 0x2B)
LONG_BLUF = "\n\n".join(["A paragraph to run the memo onto a second page."] * 40)
HINT = ("    hint: type {classification} and {tlp} in reference.docx's header and footer "
        "where the marking should stand (docs/house-style.md, \"Header and footer\")")


def label_runs(story, label: str) -> list:
    """The runs of a header or footer (its tables too) that show `label`."""
    paragraphs = [*story.paragraphs, *(p for table in story.tables for row in table.rows
                                       for cell in row.cells for p in cell.paragraphs)]
    return [run for p in paragraphs for run in p.runs if label in run.text]


def assert_painted(story, label: str, rgb: tuple[int, int, int], where: str) -> None:
    """The story shows `label` once, bold in its TLP colour on black."""
    runs = label_runs(story, label)
    assert len(runs) == 1, (where, [r.text for r in runs])
    run = runs[0]
    assert run.text == f"\u00a0{label}\u00a0", where
    assert run.bold is True, where
    assert tuple(run.font.color.rgb) == rgb, where
    shading = run._r.find(f"{qn('w:rPr')}/{qn('w:shd')}")
    assert shading is not None and shading.get(qn("w:fill")) == "000000", where


def word_positions(pdf: Path, word: str, page: int = 1) -> list[tuple[float, float]]:
    """(left, top) of each `word` on a page of the PDF, in points, as pdftotext sees it."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], capture_output=True, text=True, check=True).stdout
    return [(float(m[1]), float(m[2])) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">'
        + re.escape(word) + "</word>", xml)]


def marking_warnings(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    return [f"{line}\n{lines[i + 1]}" for i, line in enumerate(lines)
            if "reference.docx: warning:" in line and ("{tlp}" in line or "marking" in line)]


@pytest.mark.slow
@pytest.mark.e2e
@needs_libreoffice
def test_the_tlp_label_survives_libreoffice_in_both_files_on_every_page(project, tmp_path):
    reference = house_project(project)
    edit_in_libreoffice(reference)  # opened and saved, nothing changed
    with zipfile.ZipFile(reference) as package:
        header = package.read("word/header1.xml").decode()
    # LibreOffice saved tab, {classification}, tab and {tlp} as one run.
    assert "<w:tab/><w:t>{classification}</w:t><w:tab/><w:t>{tlp}</w:t></w:r>" in header
    settings = reference.parent / "template.yaml"  # and the header's text set (the issue's
    settings.write_text(settings.read_text().replace(  # second case)
        'header_text: ""', "header_text: Policy Planning Staff of the Ministry"))
    result = project.run("build", project.spec(template="house", marking="TLP:AMBER",
                                               bluf=LONG_BLUF))
    assert result.exit_code == 0, result.stderr
    assert marking_warnings(result.stderr) == []
    built = docx.Document(str(project.output / "memo.docx"))
    assert len(built.sections) == 1 and not built.sections[0].different_first_page_header_footer
    assert not built.settings.odd_and_even_pages_header_footer
    for name in ("header", "footer"):
        assert_painted(getattr(built.sections[0], name), "TLP:AMBER", AMBER, name)
    pdf = project.output / "memo.pdf"
    word = libreoffice_pdf(project.output / "memo.docx", tmp_path / "lo")
    for rendering in (pdf, word):
        pages = pdf_pages(rendering)
        assert len(pages) >= 2, rendering
        for number, page in enumerate(pages, start=1):
            # in the header and the footer (page 1 states it for a screen reader too)
            assert page.count("TLP:AMBER") >= 2, (rendering, number)
            assert pixels_of_colour(rendering, number, AMBER) > 30, (rendering, number)
            assert pixels_of_colour(rendering, number, (0, 0, 0)) > 300, (rendering, number)
    # In the same place: at the right of the header's line, not dropped to a line below.
    (pdf_x, pdf_y), *_ = word_positions(pdf, "TLP:AMBER")
    (word_x, word_y), *_ = word_positions(word, "TLP:AMBER")
    assert abs(pdf_x - word_x) < 6 and abs(pdf_y - word_y) < 6, ((pdf_x, pdf_y), (word_x, word_y))
    (header_y,) = {round(y) for _, y in word_positions(word, "Policy")}
    assert abs(word_y - header_y) < 3


@pytest.mark.slow
@pytest.mark.e2e
def test_a_retyped_header_gets_the_marking_back_with_a_warning(project):
    reference = house_project(project)
    document = docx.Document(str(reference))
    for story in (document.sections[0].header, document.sections[0].footer):
        paragraph = story.paragraphs[0]
        for child in list(paragraph._p):
            if child.tag in (qn("w:r"), qn("w:fldSimple")):
                paragraph._p.remove(child)
        paragraph.add_run("Ministry of Examples")  # placeholders gone
    document.save(str(reference))
    result = project.run("build", project.spec(template="house", marking="TLP:AMBER"))
    assert result.exit_code == 0, result.stderr
    assert marking_warnings(result.stderr) == [
        f"templates/house/reference.docx: warning: reference.docx's {story} for every page "
        "has no {classification} and {tlp}: brief puts the marking after a tab at the right "
        f"of its first line\n{HINT}" for story in ("header", "footer")]
    built = docx.Document(str(project.output / "memo.docx")).sections[0]
    for name in ("header", "footer"):
        story = getattr(built, name)
        assert story.paragraphs[0].text == "Ministry of Examples\t\t\u00a0TLP:AMBER\u00a0"
        assert_painted(story, "TLP:AMBER", AMBER, name)
    for page in pdf_pages(project.output / "memo.pdf"):
        assert page.count("TLP:AMBER") >= 2


def make_letterhead(path: Path) -> Path:
    """A letterhead as python-docx makes one: the first page's header (address block,
    tabs of its own) and another for the pages after it, a footer; no placeholders."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.paragraphs[0].text = "University of Examples\tFaculty of Law\tRoom 1"
    first.add_paragraph("Example Street 1, 1234 Example")
    section.header.paragraphs[0].text = "University of Examples"
    section.footer.paragraphs[0].text = "www.example.org"
    document.save(str(path))
    return path


@pytest.mark.slow
@pytest.mark.e2e
@needs_libreoffice
def test_a_letterhead_with_a_first_page_header_shows_the_marking_on_both(project, tmp_path):
    reference = house_project(project)
    make_letterhead(reference)
    result = project.run("build", project.spec(template="house", marking="TLP:RED",
                                               bluf=LONG_BLUF))
    assert result.exit_code == 0, result.stderr
    start = "templates/house/reference.docx: warning: reference.docx"
    assert marking_warnings(result.stderr) == [
        f"{start}'s header for the pages after the first has no {{classification}} and "
        f"{{tlp}}: brief puts the marking after a tab at the right of its first line\n{HINT}",
        f"{start}'s header for the first page has no {{classification}} and {{tlp}}: brief "
        f"puts the marking on a line of its own at the top\n{HINT}",
        f"{start}'s footer for the pages after the first has no {{classification}} and "
        f"{{tlp}}: brief puts the marking after a tab at the right of its first line\n{HINT}",
        f"{start} has no footer for the first page: brief adds one with the marking on a "
        f"line of its own\n{HINT}"]
    built = docx.Document(str(project.output / "memo.docx")).sections[0]
    assert built.different_first_page_header_footer
    for name in ("first_page_header", "header", "first_page_footer", "footer"):
        assert_painted(getattr(built, name), "TLP:RED", RED, name)
    # The house's own text stays: its address block under the marking on the first page.
    assert [p.text for p in built.first_page_header.paragraphs][1:] == [
        "University of Examples\tFaculty of Law\tRoom 1", "Example Street 1, 1234 Example"]
    word = libreoffice_pdf(project.output / "memo.docx", tmp_path / "lo")
    pages = pdf_pages(word)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.count("TLP:RED") >= 2, number
        assert pixels_of_colour(word, number, RED) > 30, number
    assert "University of Examples" in pages[0] and "Example Street" in pages[0]


@pytest.mark.e2e
def test_a_tlp_label_typed_in_the_header_is_an_error_and_nothing_is_written(project):
    reference = house_project(project)
    document = docx.Document(str(reference))
    for run in document.sections[0].header.paragraphs[0].runs:
        run.text = run.text.replace("{tlp}", "TLP:AMBER")  # typed, in the header's colours
    document.save(str(reference))
    result = project.run("build", project.spec(template="house", marking="TLP:AMBER"))
    assert result.exit_code == 1
    assert (
        "templates/house/reference.docx: error: the Word file would show the marking "
        "TLP:AMBER on the header of every page in other colours than the PDF (bold #FFC000 on "
        "black)\n    hint: type {tlp} in reference.docx where the label is typed out, and "
        "brief paints it\n") in result.stderr
    assert not project.output.exists()


@pytest.mark.e2e
def test_a_typed_label_of_another_colour_is_an_error_and_templates_check_names_it(project):
    reference = house_project(project)
    document = docx.Document(str(reference))
    for run in document.sections[0].header.paragraphs[0].runs:
        run.text = run.text.replace("{tlp}", "TLP:AMBER")
    document.save(str(reference))
    result = project.run("build", project.spec(template="house", marking="TLP:RED"))
    assert result.exit_code == 1
    assert (
        "templates/house/reference.docx: error: the Word file would show TLP:AMBER on the "
        "header of every page, where the memo is marked TLP:RED\n    hint: type {tlp} in "
        "reference.docx where the label is typed out, and brief puts the memo's label "
        "there\n") in result.stderr
    assert not project.output.exists()
    checked = project.run("templates", "check", "house")
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[:4] == [
        "templates/house/reference.docx: error: reference.docx's header for every page has "
        "the TLP label TLP:AMBER typed out: the Word file would show it whatever the memo's "
        "marking, in the header's colours",
        "    hint: type {tlp} in its place, and brief paints the memo's label",
        "templates/house/reference.docx: error: reference.docx's header for every page has "
        "{classification} but no {tlp}: brief puts the marking where {classification} stands",
        HINT]
