"""The house style edited in a real editor: LibreOffice, driven through UNO as a person
edits styles in its Styles pane and saves as Word, and both formats follow."""

from __future__ import annotations

import datetime
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from brief.templates import BUILTIN_FOLDER
from conftest import (
    docx_paragraphs,
    edit_in_libreoffice,
    needs_libreoffice,
    pdf_pages,
    pixels_of_colour,
    word_problems,
)

# DejaVu Sans's ascent and descent, the height pdftotext gives a word, in font sizes.
LINE_BOX = 1.164


def word_heights(pdf: Path, word: str) -> list[float]:
    """The font size, in points, of each `word` on the PDF's first page (from the height
    of its box, as pdftotext -bbox reads it)."""
    import re

    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [round((float(m[2]) - float(m[1])) / LINE_BOX, 1) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + word + "</word>",
        xml) for m in [(None, m[1], m[2])]]


def house_project(project):
    result = project.run("templates", "new", "house")
    assert result.exit_code == 0, result.stderr
    return project.root / "templates" / "house" / "reference.docx"


@pytest.mark.slow
@pytest.mark.e2e
@needs_libreoffice
def test_a_reference_docx_saved_by_libreoffice_builds_as_it_was(project):
    reference = house_project(project)
    edit_in_libreoffice(reference)  # opened and saved, nothing changed
    names = {style.name for style in docx.Document(str(reference)).styles}
    assert "Citation" not in names and "Quotation" in names  # LibreOffice's own name for it
    result = project.run("build", project.spec(template="house"))
    assert result.exit_code == 0, result.stderr
    assert "reference.docx has no" not in result.stderr
    paragraphs = docx_paragraphs(project.output / "memo.docx")
    assert ("Heading 1", "Bottom line up front") in paragraphs
    citation = docx.Document(str(project.output / "memo.docx")).styles["Citation"]
    assert citation.type == WD_STYLE_TYPE.CHARACTER


@pytest.mark.slow
@pytest.mark.e2e
@needs_libreoffice
def test_styles_changed_in_libreoffice_change_both_formats(project):
    reference = house_project(project)
    edit_in_libreoffice(reference, "Heading 1:size=20:colour=8B1E3F", "Normal:size=12")
    result = project.run("build", project.spec(template="house", bluf="Plainly worded."))
    assert result.exit_code == 0, result.stderr
    built = docx.Document(str(project.output / "memo.docx"))
    heading = built.styles["Heading 1"]
    assert heading.font.size.pt == 20 and str(heading.font.color.rgb) == "8B1E3F"
    assert built.styles["Normal"].font.size.pt == 12
    pdf = project.output / "memo.pdf"
    assert word_heights(pdf, "Bottom") == [20.0]  # "Bottom line up front", a Heading 1
    assert word_heights(pdf, "Plainly") == [12.0]  # the bottom line: Normal's size
    assert pixels_of_colour(pdf, 1, (0x8B, 0x1E, 0x3F)) > 200  # the heading's new colour


def test_the_built_in_reference_documents_are_clean_for_word():
    for template in ("memo", "one-pager"):
        assert word_problems(BUILTIN_FOLDER / template / "reference.docx") == [], template


def test_a_word_file_word_would_repair_is_found(tmp_path):
    blank = tmp_path / "blank.docx"
    docx.Document().save(str(blank))  # python-docx's own: Word 2010's styles disagree
    assert any("stylesWithEffects" in problem for problem in word_problems(blank))


@pytest.mark.e2e
def test_the_word_file_is_of_its_build_and_its_language(project):
    result = project.run("build", project.spec(language="de"), "--format", "docx")
    assert result.exit_code == 0, result.stderr
    path = project.output / "memo.docx"
    built = docx.Document(str(path))
    # Dated as the memo is (not the moment of the build: the same inputs, the same bytes).
    assert built.core_properties.created == datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    assert built.core_properties.modified == datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert "<Application>brief</Application>" in app
    assert not [name for name in names if "thumbnail" in name]
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" ' \
        'w:val="15"' in settings
    assert '<w:lang w:val="de"' in styles and '<w:themeFontLang w:val="de"' in settings


@pytest.mark.slow
@pytest.mark.e2e
def test_header_and_footer_text_typed_in_word_reach_the_pdf(project):
    reference = house_project(project)
    document = docx.Document(str(reference))
    header = document.sections[0].header.paragraphs[0]
    for run in header.runs:
        run.text = run.text.replace("{header_line}", "Ministry of Examples · {date}")
    footer = document.sections[0].footer.paragraphs[0]
    footer.runs[0].text = "Internal · page "
    document.save(str(reference))
    long_bluf = "\n\n".join(["A paragraph to run the memo onto a second page."] * 40)
    result = project.run("build", project.spec(template="house", bluf=long_bluf))
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages(project.output / "memo.pdf")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Ministry of Examples · 1 May 2024" in page, number
        assert f"Internal · page {number} of {len(pages)}" in page, number
    built = docx.Document(str(project.output / "memo.docx")).sections[0]
    assert built.header.paragraphs[0].text.startswith("Ministry of Examples · 1 May 2024")
    assert built.footer.paragraphs[0].text.startswith("Internal · page ")


@pytest.mark.slow
@pytest.mark.e2e
def test_the_names_libreoffice_gives_are_understood(project):
    """The issue's dead end: LibreOffice's Quotation for Citation, a paragraph style
    "Citation" added by hand after it, `heading 1` saved as `Heading 1`, and Normal
    called Default Paragraph Style; an inline-cited memo builds, in Word's names."""
    reference = house_project(project)
    document = docx.Document(str(reference))
    styles = document.styles.element
    for style_id, name in (("Citation", "Quotation"), ("Heading1", "Heading 1"),
                           ("Normal", "Default Paragraph Style")):
        style = styles.xpath(f"w:style[@w:styleId='{style_id}']")[0]
        style.set(qn("w:styleId"), name.replace(" ", ""))
        style.xpath("w:name")[0].set(qn("w:val"), name)
    for based in styles.xpath("w:style/w:basedOn[@w:val='Normal']"):
        based.set(qn("w:val"), "DefaultParagraphStyle")
    document.styles.add_style("Citation", WD_STYLE_TYPE.PARAGRAPH)
    document.save(str(reference))
    settings = reference.parent / "template.yaml"
    settings.write_text(settings.read_text() + "citations: inline\n")
    result = project.run("build", project.spec(template="house"))
    assert result.exit_code == 0, result.stderr
    assert "reference.docx has no" not in result.stderr
    built = docx.Document(str(project.output / "memo.docx"))
    cited = [run for p in built.paragraphs for run in p.runs if run.text.startswith("(")]
    assert cited and all(run.style.name == "Citation" for run in cited)
    assert built.styles["Citation"].type == WD_STYLE_TYPE.CHARACTER
    assert ("Heading 1", "Bottom line up front") in docx_paragraphs(project.output / "memo.docx")


@pytest.mark.e2e
@pytest.mark.parametrize(("part", "damage", "problem"), [
    ("word/header1.xml", lambda xml: b"<w:hdr",
     "Namespace prefix w on hdr is not defined, line 1, column 7 (<string>, line 1)"),
    ("word/document.xml", lambda xml: xml.replace(b"w:body>", b"w:bodx>"),
     "its document.xml has no body"),
    ("word/_rels/document.xml.rels", lambda xml: b"<<",
     "StartTag: invalid element name, line 1, column 2 (<string>, line 1)"),
    ("word/styles.xml", None, "no word/styles.xml"),
])
def test_a_damaged_reference_docx_is_one_message(project, part, damage, problem):
    reference = house_project(project)
    original = reference.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as package, \
            zipfile.ZipFile(reference, "w") as damaged:
        for info in package.infolist():
            content = package.read(info)
            if info.filename != part:
                damaged.writestr(info, content)
            elif damage is not None:
                damaged.writestr(info, damage(content))
    result = project.run("build", project.spec(template="house"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"templates/house/reference.docx: error: reference.docx cannot be opened as a Word "
        f"file: {problem}\n    hint: open it in Word or LibreOffice and save it as .docx "
        "(Word 2007-365)\n")
    assert not project.output.exists()
