"""Handling markings: TLP 2.0 labels in their colours at the right of every page's header
and footer, classification text as a banner, and unknown TLP-like labels refused."""

from __future__ import annotations

import shutil
import zipfile

import docx
import pytest
from pypdf import PdfReader

from conftest import colour_box, libreoffice_pdf, pdf_pages

pytestmark = pytest.mark.e2e

LONG_BLUF = "\n\n".join(["A paragraph of the bottom line, to run the memo onto more pages."] * 40)
COLOURS = {"TLP:RED": (0xFF, 0x2B, 0x2B), "TLP:AMBER+STRICT": (0xFF, 0xC0, 0x00),
           "TLP:AMBER": (0xFF, 0xC0, 0x00), "TLP:GREEN": (0x33, 0xFF, 0x00),
           "TLP:CLEAR": (0xFF, 0xFF, 0xFF)}
BLACK = (0, 0, 0)


def assert_label_top_and_bottom_right(pdf, page: int, rgb: tuple[int, int, int]) -> None:
    """The label's black box sits at the right of the header and of the footer, and the
    label's colour shows inside it."""
    for name, band in (("header", (0.0, 0.1)), ("footer", (0.9, 1.0))):
        box = colour_box(pdf, page, BLACK, band)
        assert box is not None, f"page {page}: no black label in the {name}"
        assert box[0] > 0.7 and box[2] > 0.8, f"page {page}: {name} label not right: {box}"
        if rgb != (0xFF, 0xFF, 0xFF):  # white is the page's: TLP:CLEAR shows as its box
            colour = colour_box(pdf, page, rgb, band)
            assert colour is not None and colour[0] >= box[0] and colour[2] <= box[2], \
                f"page {page}: {name} label colour {rgb} at {colour}, box {box}"


@pytest.mark.slow
@pytest.mark.parametrize("label", list(COLOURS))
def test_tlp_label_in_its_colour_on_black_right_of_every_pdf_page(project, label):
    result = project.run("build", project.spec(marking=label, bluf=LONG_BLUF), "-f", "pdf")
    assert result.exit_code == 0, result.stderr
    pdf = project.output / "memo.pdf"
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        # header and footer; page 1 also states it, out of sight, for a screen reader
        assert page.count(label) == (3 if number == 1 else 2), f"page {number}"
        assert_label_top_and_bottom_right(pdf, number, COLOURS[label])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_tlp_label_in_its_colour_on_every_page_of_the_word_file(project, tmp_path):
    result = project.run("build", project.spec(marking="TLP:RED", bluf=LONG_BLUF))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    label_run = document.sections[0].header.paragraphs[0].runs[-1]
    assert label_run.text == "\xa0TLP:RED\xa0"
    assert label_run.bold and str(label_run.font.color.rgb) == "FF2B2B"
    assert label_run._r.xpath("./w:rPr/w:shd/@w:fill") == ["000000"]
    converted = libreoffice_pdf(project.output / "memo.docx", tmp_path)
    pages = pdf_pages(converted)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        # header and footer; page 1 also states it, out of sight, for a screen reader
        assert page.count("TLP:RED") == (3 if number == 1 else 2), f"page {number}"
        assert_label_top_and_bottom_right(converted, number, COLOURS["TLP:RED"])


@pytest.mark.slow
def test_classification_is_a_centred_banner_top_and_bottom(project):
    result = project.run("build", project.spec(marking="OFFICIAL-SENSITIVE", bluf=LONG_BLUF))
    assert result.exit_code == 0, result.stderr
    pdf = project.output / "memo.pdf"
    for number, page in enumerate(pdf_pages(pdf), start=1):
        # header and footer; page 1 also states it, out of sight, for a screen reader
        assert page.count("OFFICIAL-SENSITIVE") == (3 if number == 1 else 2), f"page {number}"
        box = colour_box(pdf, number, (0xB0, 0x00, 0x20))  # the template's marking colour
        assert box is not None
        left, top, right, bottom = box
        assert abs((left + right) / 2 - 0.5) < 0.05, f"page {number}: not centred: {box}"
        assert top < 0.08 and bottom > 0.92
        assert colour_box(pdf, number, BLACK, (0.0, 0.1)) is None  # no TLP label
    section = docx.Document(str(project.output / "memo.docx")).sections[0]
    assert section.header.paragraphs[0].text == "1 May 2024\tOFFICIAL-SENSITIVE\t"
    assert section.footer.paragraphs[0].text.endswith("\tOFFICIAL-SENSITIVE\t")


@pytest.mark.slow
def test_marking_in_pdf_and_word_properties(project):
    result = project.run("build", project.spec(marking="TLP:AMBER+STRICT"))
    assert result.exit_code == 0, result.stderr
    assert PdfReader(project.output / "memo.pdf").metadata["/Keywords"] == "TLP:AMBER+STRICT"
    document = docx.Document(str(project.output / "memo.docx"))
    assert document.core_properties.keywords == "TLP:AMBER+STRICT"
    assert document.core_properties.category == "TLP:AMBER+STRICT"
    with zipfile.ZipFile(project.output / "memo.docx") as package:
        custom = package.read("docProps/custom.xml").decode("utf-8")
    assert 'name="Marking"><vt:lpwstr>TLP:AMBER+STRICT</vt:lpwstr>' in custom


@pytest.mark.parametrize(("marking", "message"), [
    ("TLP:YELLOW", "unknown TLP label 'TLP:YELLOW'"),
    ("tlp amber", "unknown TLP label 'tlp amber'; did you mean 'TLP:AMBER'?"),
    ("TLP: amber+strict", "unknown TLP label 'TLP: amber+strict'; did you mean "
     "'TLP:AMBER+STRICT'?"),
])
def test_unknown_tlp_label_is_an_error_with_the_valid_list(project, marking, message):
    result = project.run("build", project.spec(marking=marking))
    assert result.exit_code == 1
    assert result.stderr == (
        f"memo.yaml:3:10: error: marking: {message}\n"
        "    hint: the TLP 2.0 labels are TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, "
        "TLP:CLEAR, written exactly so; other text is shown as a classification banner\n"
        "brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


def test_tlp_white_points_to_its_tlp_2_name(project):
    result = project.run("check", project.spec(marking="TLP:WHITE"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "memo.yaml:3:10: error: marking: unknown TLP label 'TLP:WHITE'; did you mean "
        "'TLP:CLEAR'?\n    hint: TLP 2.0 renamed TLP:WHITE to TLP:CLEAR; the TLP 2.0 labels "
        "are ")
