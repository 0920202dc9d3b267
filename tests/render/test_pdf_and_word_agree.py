"""Page 1 of the PDF and page 1 of the Word file as LibreOffice lays it out look like the
same house side by side: the title, the marking in the header, the first heading and the
page number stand in the same places, and the header's text is of the same size.

Tolerances, in points (1/72 in): 6 vertically, where a line of the body text is 12 to
14: the two layout engines round line heights and paragraph spacing each its own way
(Word adds the space after a paragraph to the space before the next, CSS takes the larger
of the two), and a box moved by half a line is a difference a reader sees, a line's worth
of drift is not the same house. 6 horizontally: LibreOffice pads the TLP label with
no-break spaces where the PDF pads its box; the text starts at the same margin. The
header's font size must agree to 0.1 pt: both read it from the same Word style.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, libreoffice_pdf

pytestmark = [pytest.mark.slow, pytest.mark.e2e,
              pytest.mark.skipif(shutil.which("soffice") is None,
                                 reason="LibreOffice is not installed")]

VERTICAL, HORIZONTAL, FONT_SIZE = 6.0, 6.0, 0.1
TITLE = "Will Belarus join"
HEADER = "22 March 2022"  # the header's text at the top left: the memo's date
# The first heading of each built-in template's page 1: its bottom line's label.
FIRST_HEADING = {"memo": "Bottom line up front", "briefing-note": "Summary",
                 "one-pager": "Bottom line"}


@dataclass(frozen=True)
class Line:
    text: str
    left: float  # of its first visible character, from the page's left edge
    baseline: float  # from the page's top edge
    size: float  # the font size of its first visible character


def page_one(pdf: Path) -> tuple[float, list[Line]]:
    """The text lines of the PDF's first page as pdfminer reads them, and the page's
    height."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    page = next(iter(extract_pages(str(pdf), page_numbers=[0])))
    lines: list[Line] = []

    def walk(item: object) -> None:
        if isinstance(item, LTTextLine):
            chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
            if chars:
                first = chars[0]
                text = " ".join(item.get_text().replace("\u00a0", " ").split())
                lines.append(Line(text, first.x0, page.height - first.matrix[5], first.size))
            return
        for child in getattr(item, "__iter__", lambda: iter(()))():
            walk(child)

    walk(page)
    return page.height, lines


def find(lines: list[Line], text: str, where: str) -> Line:
    found = [line for line in lines if line.text.startswith(text) and line.size > 2]
    assert found, f"{text!r} is not on page 1 of {where}: {[line.text for line in lines]}"
    return found[0]


def build(project, template: str) -> tuple[Path, Path]:
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    example = project.root / "briefings" / "belarus-2022.yaml"
    text = example.read_text(encoding="utf-8").replace(
        "\ntitle: Will", f"\ntemplate: {template}\ntitle: Will", 1)
    spec = example.with_name(f"{template}.yaml")
    spec.write_text(text, encoding="utf-8")
    result = project.run("build", spec, "--format", "pdf,docx")
    assert result.exit_code == 0, result.stderr
    return project.output / f"{template}.pdf", project.output / f"{template}.docx"


@pytest.mark.parametrize("template", ["memo", "briefing-note", "one-pager"])
def test_page_one_of_the_pdf_and_of_the_word_file_agree(project, tmp_path, template):
    pdf, word = build(project, template)
    height, ours = page_one(pdf)
    _, theirs = page_one(libreoffice_pdf(word, tmp_path / "libreoffice"))
    places = {
        "the title": TITLE,
        "the marking in the header": "TLP:AMBER",
        "the first heading": FIRST_HEADING[template],
        "the header's text": HEADER,
        "the page number": "Page 1 of",
    }
    for what, text in places.items():
        pdf_line, word_line = find(ours, text, "the PDF"), find(theirs, text, "the Word file")
        assert abs(pdf_line.baseline - word_line.baseline) <= VERTICAL, \
            f"{template}: {what} stands {pdf_line.baseline:.1f} pt from the top in the PDF, " \
            f"{word_line.baseline:.1f} pt in the Word file"
        assert abs(pdf_line.left - word_line.left) <= HORIZONTAL, \
            f"{template}: {what} starts {pdf_line.left:.1f} pt from the left in the PDF, " \
            f"{word_line.left:.1f} pt in the Word file"
    # The label found is the header's (the first line that starts with it), not the text's
    # statement of the marking ("Handling marking: TLP:AMBER").
    assert find(ours, "TLP:AMBER", "the PDF").baseline < height / 10
    pdf_header, word_header = find(ours, HEADER, "the PDF"), find(theirs, HEADER,
                                                                  "the Word file")
    assert abs(pdf_header.size - word_header.size) <= FONT_SIZE, \
        f"{template}: the header's text is {pdf_header.size} pt in the PDF, " \
        f"{word_header.size} pt in the Word file"
