"""The rest of Word's styling reaches the PDF: the header's and footer's paragraph styles
and their distance from the page's edge, the Citation style on every citation (tables
included, in both formats), and list numbers drawn as the list's level says. Each PDF is
read back with pdfminer: the size, colour, font and place of its characters."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt, RGBColor

from brief.render import RenderOptions
from brief.render.docx import render_docx
from brief.render.pdf.html import render_pdf
from brief.templates import find_template
from briefings import briefing

pytestmark = pytest.mark.slow

WINE = (0x8B, 0x1E, 0x3F)
MM = 72 / 25.4  # points in a millimetre
ASCENT, DESCENT = 0.928, 0.236  # DejaVu Sans's, in font sizes: its line is their sum


def house(project, settings: str = "") -> Path:
    """A house template holding a copy of the built-in memo's reference.docx."""
    return project.template("house", settings, files=("reference.docx",)) / "reference.docx"


def characters(pdf: bytes, tmp_path: Path) -> tuple[float, list]:
    """The first page's characters, and the page's height."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    page = next(iter(extract_pages(str(path), page_numbers=[0])))
    found = []

    def walk(item: object) -> None:
        if isinstance(item, LTChar):
            found.append(item)
        for child in getattr(item, "__iter__", lambda: iter(()))():
            walk(child)

    walk(page)
    return page.height, found


def text_of(chars: list, start: str, right_of: float = 0) -> list:
    """The characters of the first run of text that starts with `start` (and starts
    `right_of` points or more from the page's left edge)."""
    text = "".join(c.get_text() for c in chars)
    for found in re.finditer(re.escape(start), text):
        run = chars[found.start():found.end()]
        if run[0].x0 >= right_of:
            return run
    raise AssertionError(f"{start!r} is not on the page")


def rgb(char) -> tuple[int, ...]:
    colour = char.graphicstate.ncolor
    return tuple(round(float(c) * 255) for c in colour)


def test_the_header_and_footer_take_their_paragraph_style_and_distance(project, tmp_path):
    reference = house(project)
    document = docx.Document(str(reference))
    section = document.sections[0]
    section.header_distance, section.footer_distance = Mm(15), Mm(12)
    for story, style, size, colour in ((section.header, "Header", 11, RGBColor(*WINE)),
                                       (section.footer, "Footer", 7, RGBColor(0, 0, 0xCC))):
        paragraph = story.paragraphs[0]
        paragraph.style = document.styles[style]
        for r_pr in paragraph._p.xpath(".//w:r/w:rPr"):  # the house's look is the style's
            r_pr.getparent().remove(r_pr)
        document.styles[style].font.size = Pt(size)
        document.styles[style].font.color.rgb = colour
        document.styles[style].font.bold = False
    document.save(str(reference))
    template = find_template("house", project.root, project.root)

    height, chars = characters(render_pdf(briefing(marking="TLP:GREEN"), template,
                                          RenderOptions()), tmp_path)
    date = text_of(chars, "1 May 2024")  # the header's text: the memo's date
    assert {round(c.size, 1) for c in date} == {11.0}
    assert {rgb(c) for c in date} == {WINE}
    assert "Bold" not in date[0].fontname
    # The top of its line 15 mm from the page's top edge, as Word puts it (to a point).
    # Its line's top 15 mm from the page's top edge, as Word puts it: the baseline a font's
    # ascent below that.
    assert abs((height - date[0].matrix[5]) - (15 * MM + ASCENT * 11)) <= 1
    page = text_of(chars, "Page 1 of 1")
    assert {round(c.size, 1) for c in page} == {7.0}
    assert {rgb(c) for c in page} == {(0, 0, 0xCC)}
    # Its line's bottom 12 mm from the page's bottom edge: the baseline a descent above.
    assert abs(page[0].matrix[5] - (12 * MM + DESCENT * 7)) <= 1
    # The marking in the header takes the header's font size; the label stays bold.
    label = text_of(chars, "TLP:GREEN", right_of=300)  # at the right, not the statement
    assert {round(c.size, 1) for c in label} == {11.0} and "Bold" in label[0].fontname

    built = docx.Document(io_of(render_docx(briefing(), template))).sections[0]
    assert (round(built.header_distance.mm), round(built.footer_distance.mm)) == (15, 12)
    assert built.header.paragraphs[0].style.name == "Header"


def io_of(data: bytes):
    import io

    return io.BytesIO(data)


def test_citations_in_tables_take_the_citation_style_in_both_formats(project, tmp_path):
    reference = house(project, "incentives: table\ncitations: footnotes\n")
    document = docx.Document(str(reference))
    document.styles["Citation"].font.color.rgb = RGBColor(*WINE)
    document.save(str(reference))
    template = find_template("house", project.root, project.root)

    _, chars = characters(render_pdf(briefing(), template, RenderOptions()), tmp_path)
    wine = "".join(c.get_text() for c in chars if rgb(c) == WINE)
    # Only the table cites in the text (the passages' citations are footnotes, in their
    # own style): its citation, in the Citation style's colour.
    assert wine == "Example 2024, ¶4"

    built = docx.Document(io_of(render_docx(briefing(), template)))
    [table] = built.tables
    cited = [run for row in table.rows[1:] for paragraph in row.cells[3].paragraphs
             for run in paragraph.runs]
    assert [(run.text, run.style.name) for run in cited] == [("Example 2024, ¶4", "Citation")]


@pytest.mark.parametrize("bold", [False, True])
def test_list_numbers_are_drawn_as_the_lists_level_says(project, tmp_path, bold):
    """Word draws a list's numbers in the paragraph's look, changed by the numbering
    level's own run properties: not bold in the built-in memo, bold where the house's
    list level says so."""
    reference = house(project)
    if bold:
        with zipfile.ZipFile(reference) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        numbering = parts["word/numbering.xml"].decode()
        style_num = re.search(r'w:styleId="ListNumber".*?<w:numId w:val="(\d+)"/>',
                              parts["word/styles.xml"].decode(), re.S)
        assert style_num is not None
        abstract = re.search(rf'<w:num w:numId="{style_num[1]}"><w:abstractNumId w:val="(\d+)"',
                             numbering)
        assert abstract is not None
        numbering = re.sub(
            rf'(<w:abstractNum w:abstractNumId="{abstract[1]}".*?<w:lvl w:ilvl="0".*?</w:pPr>)',
            r"\1<w:rPr><w:b/></w:rPr>", numbering, count=1, flags=re.S)
        parts["word/numbering.xml"] = numbering.encode()
        with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
    template = find_template("house", project.root, project.root)
    _, chars = characters(render_pdf(briefing(), template, RenderOptions()), tmp_path)
    number = text_of(chars, "1.Watch Moscow") if "1.Watch" in "".join(
        c.get_text() for c in chars) else text_of(chars, "1. Watch Moscow")
    assert ("Bold" in number[0].fontname) is bold
    assert "Bold" not in number[-1].fontname  # the point's own text
