"""A paragraph that a page or column break splits is joined again although something
stands between its halves (a figure's labels, a caption, a stray letter), and although
its first half ends a sentence at the column's edge in a document that marks new
paragraphs by an indent (sources/pdf_paragraphs.py). Pages set line by line with
WeasyPrint, so that each line ends where the test says."""

from __future__ import annotations

import pytest

from brief.sources import load_source_file

pytestmark = pytest.mark.slow

WORDS = str.split(
    "the committee heard that rural clinics lacked staff and funding while the ministry "
    "promised new posts for nurses and doctors in the northern districts before winter")

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: 160mm 200mm; margin: 0; }}
body {{ margin: 0; font: 10pt "DejaVu Sans Mono", monospace; }}
div {{ position: absolute; white-space: nowrap; }}
.line {{ left: 20mm; }}
.indent {{ left: 26.35mm; }}
.label {{ font-size: 6pt; }}
section {{ page-break-after: always; position: relative; height: 200mm; }}
</style></head><body>{pages}</body></html>"""


FILLERS = {1: "a", 2: "an", 3: "the", 4: "from", 5: "about", 6: "around", 7: "between"}
WIDTH = 48  # characters of a full line (a monospaced font: lines end where we say)


def full_line(start: int, width: int = WIDTH) -> str:
    """Words from `start` filling a line to `width` characters (or one less)."""
    out = ""
    for i in range(40):
        word = WORDS[(start + i) % len(WORDS)]
        if len(out) + len(word) + 1 > width:
            break
        out = f"{out} {word}" if out else word
    left = width - len(out) - 1
    return f"{out} {FILLERS[left]}" if left in FILLERS else out


def paragraph_lines(start: int, lines: int, ends: bool = True) -> list[str]:
    """`lines` lines, the first indented by 3 characters, the last a short one that ends
    the paragraph (if it `ends`)."""
    out = [full_line(start + 7 * n, WIDTH - 3 if n == 0 else WIDTH) for n in range(lines)]
    return [*out[:-1], " ".join(out[-1].split()[:4]) + "."] if ends else out


def write(path, pages: list[list[tuple[str, str, float, float]]], extra: str = "",
          classes: dict[int, str] | None = None) -> None:
    """Pages of (class, text, left mm (or None for a line's), top mm); `extra` CSS, and
    `classes` in place of the class of the first page's items by their index."""
    from weasyprint import HTML

    pages = [[((classes or {}).get(n, kind) if number == 0 else kind, *rest)
              for n, (kind, *rest) in enumerate(page)] for number, page in enumerate(pages)]

    html = "".join(
        "<section>" + "".join(
            f'<div class="{kind}" style="top:{top}mm;'
            + (f'left:{left}mm' if left is not None else "") + f'">{text}</div>'
            for kind, text, left, top in page) + "</section>" for page in pages)
    HTML(string=PAGE.format(pages=html).replace("</style>", extra + "</style>")).write_pdf(
        path)


def body(paragraphs: list[list[str]], top: float) -> list[tuple]:
    """The lines of paragraphs, the first line of each indented, 5 mm apart from `top`."""
    out = []
    for lines in paragraphs:
        for n, text in enumerate(lines):
            out.append(("line" + (" indent" if n == 0 else ""), text, None, top))
            top += 5
    return out


def texts(path) -> list[str]:
    return [p.text for p in load_source_file(path).paragraphs]


def test_a_paragraph_goes_on_past_a_figure_its_caption_and_a_stray_letter(tmp_path):
    first = paragraph_lines(0, 4)
    second = [*paragraph_lines(5, 3, ends=False),
              "and the nurses of the northern district said the"]
    rest = ["promised posts had not come by the winter."]
    pages = [
        body([first, second], 20),
        [("label", "0", 30, 20), ("label", "25", 30, 35), ("label", "50", 30, 50),
         ("label", "Age group", 70, 60),  # a chart's labels, its caption, a stray letter
         ("line", "Figure 1. Clinics by district", None, 70), ("line", "e", None, 80),
         ("line", rest[0], None, 90), *body([paragraph_lines(9, 3)], 95)],
    ]
    write(tmp_path / "figure.pdf", pages)
    got = texts(tmp_path / "figure.pdf")
    assert " ".join(first) in got
    assert " ".join(second + rest) in got  # one paragraph across the figure
    assert "Figure 1. Clinics by district" in got
    assert " ".join(paragraph_lines(9, 3)) in got


def test_a_sentence_end_at_the_column_edge_does_not_end_the_paragraph(tmp_path):
    """In a document that indents its paragraphs, a full line that ends a sentence at
    the page's foot goes on when the next page's first line is not indented; an
    indented one begins a paragraph."""
    split = [*paragraph_lines(6, 2, ends=False),
             "before the winter came the rural clinics closed."]
    after = [full_line(2), "and the clinics closed."]
    ended = [*paragraph_lines(8, 2, ends=False),
             "in the northern districts the nurses had left."]
    begun = paragraph_lines(2, 2)
    pages = [
        body([paragraph_lines(0, 3), paragraph_lines(3, 3), split], 20),
        [("line", after[0], None, 20), ("line", after[1], None, 25),
         *body([paragraph_lines(7, 3), ended], 30)],
        body([begun], 20),
    ]
    write(tmp_path / "indents.pdf", pages)
    got = texts(tmp_path / "indents.pdf")
    assert " ".join(split + after) in got  # joined across the page break
    assert " ".join(ended) in got and " ".join(begun) in got  # indented: a new paragraph


def test_running_heads_with_the_page_number_and_a_section_head_are_left_out(tmp_path):
    """A running foot that names the chapter beside the printed page number (`CHAPTER
    ONE 3`, `4 A BOOK`: the number follows the page's), and a running head that stands
    on one page only (a section's) where the other pages have theirs, are furniture."""
    pages = []
    for number in range(1, 7):
        head = "A Report on Clinics" if number != 4 else "Rural clinics | 2.1"
        foot = f"CHAPTER ONE {number + 2}" if number % 2 else f"{number + 2} A BOOK"
        if number in (1, 3):
            foot = f"{number + 2} {['', 'RURAL', '', 'NORTHERN'][number]} CLINICS"
        pages.append([("line", head, None, 8), ("line", foot, None, 190),
                      *body([paragraph_lines(number, 4), paragraph_lines(number + 3, 3)],
                            30)])
    write(tmp_path / "heads.pdf", pages)
    got = "\n".join(texts(tmp_path / "heads.pdf"))
    for furniture in ("Rural clinics | 2.1", "CHAPTER ONE", "A BOOK", "RURAL CLINICS",
                      "A Report on Clinics"):
        assert furniture not in got
    assert " ".join(paragraph_lines(6, 4)) in got


def test_a_first_line_that_hangs_out_left_of_the_rest_begins_one_paragraph(tmp_path):
    """A list item whose bullet is a picture: its first line stands left of the others,
    which are not each a paragraph of their own."""
    item = [full_line(0), *(full_line(7 * n, WIDTH - 3) for n in range(1, 4))]
    item[-1] = " ".join(item[-1].split()[:4]) + "."
    pages = [[("line", item[0], None, 20),
              *(("line indent", text, None, 25 + 5 * n) for n, text in enumerate(item[1:])),
              *body([paragraph_lines(3, 3)], 50)]]
    write(tmp_path / "hanging.pdf", pages)
    assert texts(tmp_path / "hanging.pdf") == [" ".join(item), " ".join(paragraph_lines(3, 3))]


def test_a_figures_labels_are_one_paragraph_as_a_reader_counts_it(tmp_path):
    """A chart's axis labels are not numbered one by one as the article's paragraphs: they
    are one paragraph (still quotable); its caption and the list items around it, short
    as they are, stay paragraphs of their own."""
    before, after = paragraph_lines(0, 3), paragraph_lines(4, 3)
    items = ["- Austria.", "- Belgium.", "- Bulgaria."]
    pages = [[*body([before], 20),
              ("line", "Figure 2. Cases by age", None, 40),
              *(("label", label, 30, 50 + 6 * n) for n, label in
                enumerate(["150", "100", "50", "0"])),
              ("label", "0-4 5-14 15-24", 40, 76), ("label", "Age group", 60, 82),
              *body([after], 92),
              *(("line", item, None, 112 + 5 * n) for n, item in enumerate(items))]]
    write(tmp_path / "chart.pdf", pages)
    assert texts(tmp_path / "chart.pdf") == [
        " ".join(before), "Figure 2. Cases by age", "150 100 50 0 0-4 5-14 15-24 Age group",
        " ".join(after), *items]


def test_letter_spaced_text_reads_as_its_words(tmp_path):
    """A line set with its letters spaced out (a scan's text layer, a spaced heading),
    which pdfminer reads as `f e t c h`, reads as its words."""
    pages = [[("line", "fetch the data from the server", None, 20),
              *body([paragraph_lines(0, 3)], 30)]]
    write(tmp_path / "spaced.pdf", pages, extra=".spaced { letter-spacing: 0.6em; }",
          classes={0: "line spaced"})
    assert texts(tmp_path / "spaced.pdf") == [
        "fetch the data from the server", " ".join(paragraph_lines(0, 3))]


def test_a_list_of_citation_marks_is_left_out_whole(tmp_path):
    """Raised citation numbers (`traps16,24–26`) are kept out of the words they follow,
    with the commas and dashes of their list."""
    pages = [[("line", "Penning traps<sup>16,24–26</sup>, and multizone arrays<sup>27,28"
               "</sup>.", None, 20)]]
    write(tmp_path / "marks.pdf", pages, extra="sup { font-size: 0.6em; }")
    assert texts(tmp_path / "marks.pdf") == ["Penning traps, and multizone arrays."]


def test_a_column_top_read_before_its_neighbours_end_goes_back_to_it(tmp_path):
    """pdfminer may read the top of the right-hand column before the rest of the left one
    (their first blocks side by side): the paragraph that the left column's foot leaves
    open goes on with the right column's top, which begins in lower case, not with the
    right column's next paragraph."""
    lead = paragraph_lines(0, 3)
    opened = paragraph_lines(3, 5, ends=False)
    went_on = ["pressures from the ministry on the clinics grew and", full_line(9),
               "the nurses left."]
    later = paragraph_lines(6, 3)
    right = 135
    pages = [[*body([lead], 20), ("line", "<b>A hard year</b>", None, 45),
              *body([opened], 55),
              *(("line", text, right, 20 + 5 * n) for n, text in enumerate(went_on)),
              *((("line indent" if n == 0 else "line"), text, right + (6.35 if n == 0 else 0),
                 55 + 5 * n) for n, text in enumerate(later))]]
    write(tmp_path / "columns.pdf", pages, extra="@page { size: 260mm 200mm; }")
    got = texts(tmp_path / "columns.pdf")
    assert " ".join(opened + went_on) in got
    assert " ".join(later) in got


def test_a_table_of_figures_beside_the_text_is_no_footnote(tmp_path):
    """A sidebar's table of key figures, set smaller than the body in the lower part of
    the page (its cells `2024`, `16.5`, `8%`, `3.2 %`), is one paragraph of the body, not
    footnotes; the `Source:` line below its row heads follows it, and the heading and text
    under it are paragraphs of their own."""
    lead, more = paragraph_lines(0, 4), paragraph_lines(4, 4)
    heads = ["Revenue", "growth-%", "EBITA-%", "P/E (adj.)"]
    columns = [["2024", "275.5", "-14%", "3.2 %", "16.5"],
               ["2025e", "295.6", "8%", "3.5 %", "11.9"]]
    side = 140
    pages = [[*body([lead, more], 20),
              *(("label", head, side, 120 + 4 * n) for n, head in enumerate(heads, 1)),
              ("label", "Source: Inderes", side, 145),
              *(("label", cell, side + 25 + 15 * c, 120 + 4 * n)
                for c, cells in enumerate(columns) for n, cell in enumerate(cells)),
              ("line", "<b>Guidance</b>", side, 150),
              ("label", "Kreate estimates that its revenue in 2025 will increase.", side,
               158)]]
    write(tmp_path / "sidebar.pdf", pages, extra="@page { size: 260mm 200mm; }")
    source = load_source_file(tmp_path / "sidebar.pdf")
    assert [p.role for p in source.paragraphs if p.role == "note"] == []
    got = [p.text for p in source.paragraphs]
    assert got[:2] == [" ".join(lead), " ".join(more)]
    table = got[2].split()
    assert sorted(table) == sorted(" ".join(heads + columns[0] + columns[1]).split())
    assert got[3:] == ["Source: Inderes", "Guidance",
                       "Kreate estimates that its revenue in 2025 will increase."]


def test_a_source_line_read_between_a_tables_row_heads_and_figures_follows_it():
    """pdfminer may read a table's row heads, the `Source:` line under them, then its
    figures: the table is still one paragraph, the source line after it; a heading set
    larger under the table begins a paragraph of its own."""
    from brief.sources.pdf_paragraphs import Line, build_paragraphs

    def line(text: str, x0: float, y0: float, box: int, size: float = 9.0) -> Line:
        return Line(text, x0, x0 + 5 * len(text), y0, y0 + size, size, False, "Sans", 1,
                    box)

    heads = [line(text, 670, 339 - 12 * n, 1) for n, text in
             enumerate(["Revenue", "growth-%", "EBITA"])]
    source = [line("Source: Inderes", 670, 285, 2)]
    figures = [line(text, 765 + 40 * column, 339 - 12 * n, 3 + column)
               for column, cells in enumerate([["275.5", "-14%", "8.8"],
                                               ["295.6", "7%", "10.3"]])
               for n, text in enumerate(cells)]
    heading = [line("Guidance", 670, 255, 7, size=12.0)]
    text = [line("Kreate estimates that its revenue will increase.", 670, 235, 8)]
    prose = [line(text, 60, 600 - 12 * n, 0) for n, text in  # (the body's line width)
             enumerate(paragraph_lines(0, 12) + paragraph_lines(5, 12))]
    got = [p.text for p in build_paragraphs(
        prose + heads + source + figures + heading + text, 9.0, 12.0, figures=True)]
    assert got[2:] == ["Revenue growth-% EBITA 275.5 -14% 8.8 295.6 7% 10.3",
                       "Source: Inderes",
                       "Guidance", "Kreate estimates that its revenue will increase."]
