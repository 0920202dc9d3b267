"""Read a PDF's paragraphs from its layout, as a reader sees them on the page.

pdfminer.six finds the text lines (text inside embedded graphics, form XObjects, too) and
orders its blocks column by column; paragraphs are then built from the lines
(`pdf_paragraphs`):

- a new paragraph at a first-line indent (a line further right than the one before; a
  first line that hangs out left of the rest starts no paragraph at each line), at a gap
  larger than the document's normal line pitch, at a change of font size or weight, at a
  bullet, or after a short line that ends a sentence;
- running headers, footers and page numbers are found line by line and left out: text
  that repeats (digits masked) near the top or bottom of several pages (odd and even
  pages counted apart), page numbers in their common forms (`7`, `Page 7 of 9`, `7-45`,
  `- 7 -`), running heads whose number follows the page's (`INTRODUCTION 5`), a page's
  first or last line where other pages have their running text (a section's own head),
  and text set sideways in a margin;
- three or more labels in a row (a chart's, a diagram's, a table's cells) are one
  paragraph, as a reader counts a figure;
- footnotes (lines smaller than the body text below the page's last body line) are kept
  apart, after the body, as notes; footnote markers (raised small digits) are kept out of
  the words they follow, a list of them (`16,24–26`) whole;
- a paragraph broken by a column or page break is joined again when its last line runs to
  the column's edge and it ends without closing punctuation, or ends a sentence at the very
  edge in a document that indents its paragraphs while the next line is not indented; and
  when something stands between the halves (a figure and its labels, a caption, a margin
  head, a stray letter: `pdf_paragraphs`), with the first paragraph past it that can go on,
  or with the next column's top where pdfminer read it first;
- a word hyphenated at a line end is joined: `protec-` + `tion` gives `protection` (a soft
  hyphen stays between the halves), while a compound the document writes elsewhere with
  its hyphen (`visa-free`) keeps it;
- letter-spaced text (`f e t c h`) reads as its words;
- only text inside the page's crop box is read.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import threading
from collections import Counter
from typing import Any

from .base import Block
from .budgets import Spent, budget
from .pdf_fonts import resource_manager
from .pdf_paragraphs import (
    _HYPHEN_MARK,
    _SENTENCE_END,
    Line,
    _decide_hyphens,
    _overlaps,
    build_paragraphs,
)

_PAGE_NUMBER = re.compile(
    r"(?i)^\s*(?:(?:page|p\.|seite|s\.|pág\.?|strona)\s*)?(?:[-–—]\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*[-–—]\s*\d{1,4})?(?:\s*[-–—])?(?:\s*(?:of|/|von|de|z)\s*\d{1,4})?\s*$")


Span = tuple[float, float]  # a page's crop box, bottom to top


def pdf_pages_lines(raw: bytes) -> tuple[list[list[Line]], list[Span], Counter[int]]:
    """The text lines of each page, in pdfminer's reading order, each page's crop box
    (bottom, top), and the number of glyphs with no Unicode mapping on each page that
    has some."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdfpage import PDFPage

    manager = resource_manager()
    device = _counted_device(PDFPageAggregator)(manager, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[Line]] = []
    spans: list[Span] = []
    tally = _Tally()
    _TALLIES.current = tally
    _count_operations()
    try:
        for number, page in enumerate(PDFPage.get_pages(io.BytesIO(raw)), start=1):
            tally.new_page(number)
            interpreter.process_page(page)
            _page_lines(device.get_result(), page, number, pages, spans)
    finally:
        _TALLIES.current = None
    unmapped = Counter({number: sum(line.text.count("(cid:") for line in lines)
                        for number, lines in enumerate(pages, start=1)})
    for number in +unmapped:  # what no map reads stays out of the words
        for line in pages[number - 1]:
            if "(cid:" in line.text:
                line.text = re.sub(r"(?<=\S) {2,}(?=\S)", " ",
                                   _UNMAPPED.sub("", line.text)).strip()
    return pages, spans, +unmapped


_UNMAPPED = re.compile(r"\(cid:\d+\)")


class _Tally:
    """What reading a PDF has cost so far, against the budgets of `budgets`: pages; the
    drawing operations (operators and operands), characters and blocks of text (pdfminer's
    text boxes) of the page being read; operations, characters and pairs of blocks of a
    page (what ordering them costs) of all pages. Raises `Spent` as soon as one is spent."""

    def __init__(self) -> None:
        self.most = {kind: budget(kind) for kind in (
            "pdf pages", "pdf page operations", "pdf page characters", "pdf page blocks",
            "pdf characters", "pdf operations", "pdf block pairs")}
        self.page = self.operations = self.page_characters = 0
        self.characters = self.all_operations = self.pairs = 0

    def new_page(self, number: int) -> None:
        if number > self.most["pdf pages"]:
            raise Spent("pdf pages")
        self.page, self.operations, self.page_characters = number, 0, 0

    def operation(self, count: int) -> None:
        self.operations += count
        self.all_operations += count
        if self.operations > self.most["pdf page operations"]:
            raise Spent("pdf page operations", f" on page {self.page}")
        if self.all_operations > self.most["pdf operations"]:
            raise Spent("pdf operations")

    def character(self) -> None:
        self.page_characters += 1
        self.characters += 1
        if self.page_characters > self.most["pdf page characters"]:
            raise Spent("pdf page characters", f" on page {self.page}")
        if self.characters > self.most["pdf characters"]:
            raise Spent("pdf characters")

    def blocks(self, count: int) -> None:
        """A page (or a form on it) of `count` blocks of text, which pdfminer puts in order
        by comparing each pair of them."""
        self.pairs += count * (count - 1) // 2
        if count > self.most["pdf page blocks"]:
            raise Spent("pdf page blocks", f" on page {self.page}")
        if self.pairs > self.most["pdf block pairs"]:
            raise Spent("pdf block pairs")


class _Tallies(threading.local):
    current: _Tally | None = None


_TALLIES = _Tallies()  # the tally of the PDF this thread reads


def _count_operations() -> None:
    """Have pdfminer's parser of content streams count each object it reads (each
    operator and operand, each item of an array) in the tally of the PDF being read."""
    from pdfminer import pdfinterp

    if getattr(pdfinterp.PDFContentParser, "counted", False):
        return

    class CountedContentParser(pdfinterp.PDFContentParser):
        counted = True

        def push(self, *objs: Any) -> None:
            tally = _TALLIES.current
            if tally is not None:
                tally.operation(len(objs))
            super().push(*objs)

    pdfinterp.PDFContentParser = CountedContentParser  # type: ignore[misc]


def _counted_device(aggregator: type) -> type:
    """`aggregator` (pdfminer's PDFPageAggregator) counting each character it lays out,
    and refusing a page (or a form on it) of more blocks of text than the budget before
    pdfminer orders them (which takes time and memory as the square of their number)."""
    from pdfminer.layout import LTFigure, LTPage

    def group_textboxes(container: Any, laparams: Any, boxes: Any) -> Any:
        if _TALLIES.current is not None:
            _TALLIES.current.blocks(len(boxes))
        return super(type(container), container).group_textboxes(laparams, boxes)

    page_class = type("CountedPage", (LTPage,), {"group_textboxes": group_textboxes})
    figure_class = type("CountedFigure", (LTFigure,), {"group_textboxes": group_textboxes})

    class Counted(aggregator):
        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            self.cur_item.__class__ = page_class

        def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
            super().begin_figure(name, bbox, matrix)
            self.cur_item.__class__ = figure_class

        def render_char(self, *args: Any) -> Any:
            if _TALLIES.current is not None:
                _TALLIES.current.character()
            return super().render_char(*args)

    return Counted


def _page_lines(layout: Any, page: Any, number: int, pages: list[list[Line]],
                spans: list[Span]) -> None:
    """Add the text lines of the page `number` (laid out as `layout`) to `pages`, and its
    crop box to `spans`."""
    from pdfminer.layout import LTChar, LTFigure, LTTextBox, LTTextLine

    crop = page.cropbox or layout.bbox
    left, bottom, right, top = (min(crop[0], crop[2]), min(crop[1], crop[3]),
                                max(crop[0], crop[2]), max(crop[1], crop[3]))
    spans.append((bottom, top))
    lines: list[Line] = []
    box_number = 0

    def take(element: Any, lines: list[Line] = lines, number: int = number,
             crop: tuple[float, float, float, float] = (left, bottom, right, top)
             ) -> None:
        nonlocal box_number
        left, bottom, right, top = crop
        if isinstance(element, LTTextLine):
            chars = [c for c in element if isinstance(c, LTChar)]
            if not chars:
                return
            centre_x = (element.x0 + element.x1) / 2
            centre_y = (element.y0 + element.y1) / 2
            if not (left <= centre_x <= right and bottom <= centre_y <= top):
                return
            sizes = Counter(round(c.size * 2) / 2 for c in chars)
            size = sizes.most_common(1)[0][0]
            text, marked = _line_text(element, chars, size)
            bold = sum(1 for c in chars if "bold" in c.fontname.lower()) > len(chars) / 2
            font = Counter(c.fontname.split("+")[-1] for c in chars).most_common(1)[0][0]
            upright = sum(1 for c in chars if c.upright) > len(chars) / 2
            lines.append(Line(text, element.x0, element.x1, element.y0, element.y1,
                              size, bold, font, number, box_number, upright,
                              marked=marked))
        elif isinstance(element, (LTTextBox, LTFigure)):
            box_number += 1
            for child in element:
                take(child)

    for element in layout:
        take(element)
    pages.append(lines)


def _line_text(line: Any, chars: list[Any], size: float) -> tuple[str, bool]:
    """A line's text with footnote markers (small raised digits) left out, and whether it
    began with one."""
    from pdfminer.layout import LTChar

    out: list[str] = []
    marked = False
    base = min(c.y0 for c in chars if abs(c.size - size) < 1) if any(
        abs(c.size - size) < 1 for c in chars) else line.y0
    skipped = False  # the character before was a marker's
    for item in line:
        text = item.get_text()
        raised = isinstance(item, LTChar) and item.size < size * 0.8 and \
            item.y0 > base + size * 0.2
        if raised and (text.isdigit() or text in "*∗†‡§¹²³" or (
                skipped and text in ",–-‒")):  # `16,24–26`: the list's marks go too
            marked = marked or not "".join(out).strip()
            skipped = True
            continue
        skipped = False
        out.append(text)
    text = "".join(out).replace("\n", "").rstrip()
    return _letter_spaced(text, chars, size) or text, marked


def _letter_spaced(text: str, chars: list[Any], size: float) -> str | None:
    """The words of a letter-spaced line (`f e t c h  t h e`, as scans and spaced-out
    headings give it: most of its tokens one letter), from where its letters stand: a gap
    clearly wider than the gap between letters parts words. None for another line."""
    tokens = text.split()
    if len(tokens) < 4 or sum(len(token) == 1 for token in tokens) < len(tokens) * 0.7:
        return None
    letters = [c for c in chars if c.get_text().strip()]
    if len(letters) < 4:
        return None
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(letters)]
    usual = statistics.median(gaps)
    out = letters[0].get_text()
    for gap, char in zip(gaps, letters[1:], strict=True):
        out += (" " if gap > usual + size * 0.25 else "") + char.get_text()
    return out


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def mark_furniture(pages: list[list[Line]], spans: list[Span]) -> None:
    """Mark running headers, footers, page numbers and sideways margin text."""
    count = len(pages)
    of_parity = {0: count // 2, 1: (count + 1) // 2}  # how many even and odd pages
    # (parity, or 2 for any page; text with digits masked; height in 6 pt steps) → pages
    seen: dict[tuple[int, str, int], set[int]] = {}
    for lines in pages:
        for line in lines:
            if _zone(line, spans[line.page - 1]):
                masked, key_y = _masked(line.text), round(line.y0 / 6)
                for parity in (line.page % 2, 2):
                    seen.setdefault((parity, masked, key_y), set()).add(line.page)
    for lines in pages:
        upright = [line for line in lines if line.upright]
        if upright:
            for edge in (max(upright, key=lambda line: line.y1),
                         min(upright, key=lambda line: line.y0)):
                if _PAGE_NUMBER.match(edge.text):
                    for line in upright:
                        if abs(line.y0 - edge.y0) < edge.size * 0.5:
                            line.role = "furniture"
        for line in lines:
            if line.role == "furniture":
                continue
            if not line.upright:
                line.role = "furniture"
                continue
            if not _zone(line, spans[line.page - 1]):
                continue
            if _PAGE_NUMBER.match(line.text):
                line.role = "furniture"
                continue
            if (line.marked or _NOTE_START.match(line.text)) and _SENTENCE_END.search(
                    line.text.rstrip()):
                continue  # a footnote: notes repeat their form, not their place
            key_y = round(line.y0 / 6)
            masked = _masked(line.text)
            parity = line.page % 2
            if count > 1 and (
                    _pages_with(seen, 2, masked, key_y) >= max(2, count / 3)
                    or (of_parity[parity] > 1 and _pages_with(seen, parity, masked, key_y)
                        >= max(2, of_parity[parity] / 3))):
                line.role = "furniture"
    _mark_numbered_heads(pages, spans)
    _mark_at_furniture_heights(pages, spans)


_NUMBERED = re.compile(r"^\s*(\d{1,4})\s+\S.{0,70}$|^.{0,70}\S\s+(\d{1,4})\s*$")


def _mark_numbered_heads(pages: list[list[Line]], spans: list[Span]) -> None:
    """Mark running heads and feet that carry the page number beside a chapter's name
    (`INTRODUCTION 5`, `26 The EFSA Journal`): text with a number at its start or end, in
    the top or bottom margin, whose number follows the page's (the same offset from it on
    many pages)."""
    offsets: dict[int, set[int]] = {}
    found: list[tuple[Line, int]] = []
    for lines in pages:
        for line in lines:
            match = _NUMBERED.match(line.text)
            if match and line.role == "body" and line.upright and not line.bold and _zone(
                    line, spans[line.page - 1]):  # (a bold `1 Introduction` heads a section)
                offset = line.page - int(match[1] or match[2])
                offsets.setdefault(offset, set()).add(line.page)
                found.append((line, offset))
    if not offsets:
        return
    offset, on = max(offsets.items(), key=lambda item: len(item[1]))
    if len(on) >= max(3, len(pages) / 5):
        for line, its in found:
            if its == offset:
                line.role = "furniture"


def _mark_at_furniture_heights(pages: list[list[Line]], spans: list[Span]) -> None:
    """Mark a page's first or last line that stands in the margin at the height where
    other pages have their running head or foot (a section's own running head, found on
    one page only): short, and where two other pages at least have running text (page
    numbers aside)."""
    heights: dict[int, set[int]] = {}
    for lines in pages:
        for line in lines:
            if line.role == "furniture" and line.upright and not _PAGE_NUMBER.match(
                    line.text) and _zone(line, spans[line.page - 1]):
                heights.setdefault(round(line.y0 / 6), set()).add(line.page)
    for lines in pages:
        upright = [line for line in lines if line.upright and line.role == "body"]
        if not upright:
            continue
        for edge in {id(line): line for line in (max(upright, key=lambda line: line.y1),
                                                 min(upright, key=lambda line: line.y0))
                     }.values():
            key_y = round(edge.y0 / 6)
            others = set().union(*(heights.get(y, set()) for y in (key_y - 1, key_y, key_y + 1)))
            if len(others - {edge.page}) >= 2 and len(edge.text.strip()) <= 60 \
                    and not edge.marked and _zone(edge, spans[edge.page - 1]):
                edge.role = "furniture"


def _pages_with(seen: dict[tuple[int, str, int], set[int]], parity: int, masked: str,
                key_y: int) -> int:
    """On how many pages (of `parity`, or 2 for any) the text stands at about that height."""
    return max(len(seen.get((parity, masked, y), ())) for y in (key_y - 1, key_y, key_y + 1))


def _zone(line: Line, span: Span) -> bool:
    """Whether a line stands where running headers and footers do: the top or bottom 12%
    of the page."""
    bottom, top = span
    margin = (top - bottom) * 0.12
    return line.y0 > top - margin or line.y1 < bottom + margin


def mark_footnotes(pages: list[list[Line]], body_size: float, spans: list[Span]) -> None:
    """Mark the footnotes of each page: lines smaller than the body text, below the page's
    last line of body text, in the lower part of the page, starting with a marker and
    words (a table's cells of figures beside the text are no notes)."""
    for lines in pages:
        body = [line for line in lines if line.role == "body"]
        if not body:
            continue
        full = [line for line in body if abs(line.size - body_size) < 0.6]
        if not full:
            continue
        bottom, top = spans[lines[0].page - 1]
        small = [line for line in body if line.size < body_size - 0.6
                 and line.y1 < bottom + (top - bottom) * 0.7]
        for marker in sorted(small, key=lambda line: -line.y1):
            if marker.role == "note" or not (marker.marked or _NOTE_LINE.match(marker.text)):
                continue  # (a table's row of figures, `16.5 1.5 7.0 %`, begins no note)
            if any(_overlaps(other, marker) and other.y0 < marker.y0 for other in full):
                continue  # body text below it: not the foot of the column
            for line in small:
                if _overlaps(line, marker) and line.y1 <= marker.y1 + 1:
                    line.role = "note"


_NOTE_START = re.compile(r"^\s*(\d{1,3}|[*∗†‡§])")
#: a footnote's first line: its marker (a number, not a figure such as `2024`, `16.5`,
#: `8%`), then words
_NOTE_LINE = re.compile(r"^\s*(?:\d{1,3}(?![\d%]|[.,]\d|\s*%)|[*∗†‡§]).*?[^\W\d_]")




def read_pdf_blocks(raw: bytes) -> tuple[list[Block], list[str]]:
    """The paragraphs of a PDF as blocks (each with its page; footnotes after the body, as
    notes), and what the reader noticed for the analyst."""
    pages, spans, unmapped = pdf_pages_lines(raw)
    notes: list[str] = []
    all_lines = [line for lines in pages for line in lines]
    if not all_lines:
        return [], notes
    sizes: Counter[float] = Counter()
    for line in all_lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    mark_furniture(pages, spans)
    mark_footnotes(pages, body_size, spans)
    steps = [a.y0 - b.y0 for lines in pages for a, b in itertools.pairwise(lines)
             if a.box == b.box and a.role == b.role == "body"
             and abs(a.size - body_size) < 0.6 and 0 < a.y0 - b.y0 < body_size * 3]
    pitch = statistics.median(steps) if steps else body_size * 1.2
    body = build_paragraphs([line for line in all_lines if line.role == "body"], body_size,
                            pitch, figures=True)
    footnotes = build_paragraphs([line for line in all_lines if line.role == "note"],
                                 body_size, pitch)
    texts = [p.text for p in body + footnotes]
    words = " ".join(texts).replace(_HYPHEN_MARK, " ")
    blocks = [Block(_decide_hyphens(text, words), page=p.lines[0].page, raw=p.raw)
              for text, p in zip(texts[:len(body)], body, strict=True)]
    blocks += [Block(_decide_hyphens(text, words), page=p.lines[0].page, note=True,
                     raw=p.raw) for text, p in zip(texts[len(body):], footnotes, strict=True)]
    if unmapped:
        count, on = sum(unmapped.values()), sorted(unmapped)
        notes.append(f"{count} glyph{'s' if count != 1 else ''} of the PDF (on page"
                     f"{'s' if len(on) > 1 else ''} {', '.join(map(str, on[:10]))}"
                     f"{' …' if len(on) > 10 else ''}) {'have' if count != 1 else 'has'} no "
                     "Unicode mapping, in the font's program either, and are left out of "
                     "the words: words with them cannot be quoted as printed")
    empty = [str(n) for n, lines in enumerate(pages, start=1) if not lines]
    if empty and len(empty) < len(pages):
        notes.append(f"page{'s' if len(empty) > 1 else ''} {', '.join(empty[:10])}"
                     f"{' …' if len(empty) > 10 else ''} of the PDF "
                     f"{'have' if len(empty) > 1 else 'has'} no text layer (a scan?): "
                     "nothing there can be quoted")
    return blocks, notes
