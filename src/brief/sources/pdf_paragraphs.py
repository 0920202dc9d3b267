"""Paragraphs of a PDF from its text lines (see `pdf_layout` for the rules), and the
words hyphenated at line ends decided."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*(?:[•▪◦●■□➢►✓·*‒–—-]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z][.)]\s)")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")
_OPEN_END = re.compile(r"[\w,\-–(\u2010\u00ad]$")
_HYPHEN_MARK = "\ue000"  # where a word was hyphenated at a line end, until decided


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool
    font: str  # the font most of its characters are set in, less any subset prefix
    page: int
    box: int  # pdfminer's text box (a column's piece), in reading order
    upright: bool = True
    role: str = "body"  # body, furniture or note
    marked: bool = False  # it begins with a raised footnote marker (left out of its text)



@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(_joined(self.lines))

    @property
    def raw(self) -> str:
        """Its lines as the file has them; a blank line where a column or page breaks it."""
        out = self.lines[0].text
        for before, line in itertools.pairwise(self.lines):
            out += ("\n" if (before.page, before.box) == (line.page, line.box) else "\n\n")
            out += line.text
        return out


def _joined(lines: list[Line]) -> Iterator[str]:
    for index, line in enumerate(lines):
        text = line.text.strip()
        if index == 0:
            yield text
            continue
        previous = lines[index - 1].text.rstrip()
        if re.search(r"[^\W\d_][-\u2010\u00ad]$", previous) and text[:1].isalpha():
            yield _HYPHEN_MARK + text
        else:
            yield " " + text




def _overlaps(a: Line, b: Line) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1



@dataclass
class _Layout:
    """What the lines of a document share: the body text's size, line pitch and line
    width, each text box's left and right edges, and whether new paragraphs are indented."""

    body_size: float
    pitch: float
    width: float
    box_left: dict[tuple[int, int], float]
    box_right: dict[tuple[int, int], float]
    indents: bool = False
    font: str = ""  # the body text's font

    #: each line's column's left edge: the leftmost of the lines of its size above and
    #: below it that overlap it (pdfminer may give a paragraph's first line a box of its own)
    column_left: dict[int, float] = field(default_factory=dict)

    def indented(self, line: Line) -> bool:
        left = min(self.box_left[(line.page, line.box)], self.column_left.get(id(line), line.x0))
        return line.x0 - left > line.size * 0.8

    def full(self, line: Line) -> bool:
        """Whether a line runs to its column's right edge."""
        return line.x1 >= self.box_right[(line.page, line.box)] - line.size * 2.5


def _layout(lines: list[Line], body_size: float, pitch: float) -> _Layout:
    widths = [line.x1 - line.x0 for line in lines if abs(line.size - body_size) < 0.6]
    layout = _Layout(body_size, pitch, statistics.median(widths) if widths else 0.0, {}, {})
    fonts = Counter(line.font for line in lines for _ in range(len(line.text))
                    if abs(line.size - body_size) < 0.6)
    layout.font = fonts.most_common(1)[0][0] if fonts else ""
    for line in lines:
        key = (line.page, line.box)
        layout.box_left[key] = min(layout.box_left.get(key, line.x0), line.x0)
        layout.box_right[key] = max(layout.box_right.get(key, line.x1), line.x1)
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page in by_page.values():
        for line in page:
            layout.column_left[id(line)] = min(
                other.x0 for other in page if _overlaps(other, line)
                and abs(other.size - line.size) <= 0.6
                and abs(other.y0 - line.y0) < line.size * 6)
    # after a short line that ends a sentence (a paragraph's end), is the next line indented?
    after_ends = [layout.indented(b) for a, b in itertools.pairwise(lines)
                  if a.page == b.page and _overlaps(a, b) and a.size == b.size == body_size
                  and _SENTENCE_END.search(a.text.rstrip()) and not layout.full(a)
                  and 0 < a.y0 - b.y0 < body_size * 2]
    layout.indents = len(after_ends) >= 3 and sum(after_ends) > len(after_ends) * 0.6
    return layout


def build_paragraphs(lines: list[Line], body_size: float, pitch: float, *,
                     figures: bool = False) -> list[Paragraph]:
    """Group lines (in reading order) into paragraphs by the rules of the module doc; with
    `figures`, the labels of a figure or the cells of a table are one paragraph (see
    `_figures_whole`)."""
    layout = _layout(lines, body_size, pitch)
    paragraphs: list[Paragraph] = []
    for line in lines:
        if not line.text.strip():
            continue
        if not paragraphs:
            paragraphs.append(Paragraph([line]))
            continue
        current = paragraphs[-1].lines
        last = current[-1]
        if not _continues(last, line, layout, current[0]):
            paragraphs.append(Paragraph([line]))
            continue
        orphan = _orphan(paragraphs, last, layout) if (last.page, last.box) != (
            line.page, line.box) and line.text.strip()[:1].isupper() else None
        if orphan is None:
            current.append(line)
        else:  # the second half was read before the first
            current.extend(paragraphs.pop(orphan).lines)
            paragraphs.append(Paragraph([line]))
    paragraphs = _rejoin_across(paragraphs, layout)
    return _figures_whole(paragraphs) if figures else paragraphs


def _label(paragraph: Paragraph) -> bool:
    """Whether a paragraph looks like a figure's labels or a table's cells: lines of a few
    words at most, not a caption, a bullet or a sentence."""
    text = paragraph.text.strip()
    return all(len(line.text.strip()) <= 30 and len(line.text.split()) <= 5
               for line in paragraph.lines) and not _CAPTION.match(text) \
        and not _BULLET.match(text) and not (
            len(text.split()) >= 4 and re.search(r"[.!?…]['\"’”]?$", text))


def _figures_whole(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Three or more labels in a row on a page (a chart's axis labels, a diagram's boxes,
    a table's cells) are one paragraph, as a reader counts a figure: `paragraph: N` counts
    what a reader counts, and a quote of a figure's words is still found. A one-line
    caption between them (`Source: Inderes` below a table's row heads, read before its
    figures) leaves the figure whole and follows it; a label set larger than the figure's
    (a heading after a table) begins another."""
    out: list[Paragraph] = []
    run: list[Paragraph] = []  # the labels, and the captions among them

    def close() -> None:
        labels = [paragraph for paragraph in run if not _held_caption(paragraph)]
        if len(labels) >= 3:
            out.append(Paragraph([line for paragraph in labels for line in paragraph.lines]))
            out.extend(paragraph for paragraph in run if _held_caption(paragraph))
        else:
            out.extend(run)
        run.clear()

    for paragraph in paragraphs:
        first = paragraph.lines[0]
        if run and first.page == run[0].lines[0].page and (
                (_label(paragraph) and first.size <= run[0].lines[0].size + 0.6)
                or _held_caption(paragraph)):
            run.append(paragraph)
            continue
        held = [] if not run or not _held_caption(run[-1]) else [run.pop()]
        close()
        out.extend(held)
        if _label(paragraph):
            run.append(paragraph)
        else:
            out.append(paragraph)
    held = [] if not run or not _held_caption(run[-1]) else [run.pop()]
    close()
    out.extend(held)
    return out


def _held_caption(paragraph: Paragraph) -> bool:
    """A one-line caption (`Source: …`, `Note: …`), which a figure's labels may pass."""
    return len(paragraph.lines) == 1 and _CAPTION.match(paragraph.text) is not None


def _continues(last: Line, line: Line, layout: _Layout, first: Line) -> bool:
    """Whether `line` goes on the paragraph that `last` ends (and `first` began)."""
    size = max(last.size, line.size)
    if last.page == line.page and abs(last.y0 - line.y0) < size * 0.3 and line.x0 >= last.x1:
        return True  # the same printed line, in two pieces
    if last.text.strip() in ("•", "▪", "◦", "●", "■", "-", "–", "*"):
        return True  # a bullet set apart from its text
    if abs(last.size - line.size) > 0.6:
        return False
    if _BULLET.match(line.text):
        return False
    left = layout.box_left[(line.page, line.box)]
    indented = line.x0 - left > size * 0.8
    step = last.y0 - line.y0
    pitch = layout.pitch
    same_block = (last.page, last.box) == (line.page, line.box) or (
        last.page == line.page and _overlaps(last, line)
        and 0 < step <= max(pitch, size * 1.2) * 1.4)
    last_full = last.x1 >= layout.box_right[(last.page, last.box)] - size * 2.5
    ends_sentence = _SENTENCE_END.search(last.text.rstrip()) is not None
    heading_like = not _BULLET.match(first.text) and (first.font, first.bold) == (
        last.font, last.bold)
    if (last.bold != line.bold or last.font != line.font) and heading_like and (
            not last_full or ends_sentence):
        return False  # a heading, or a run-in heading's paragraph begins
    hanging = line.x0 > first.x0 + size * 0.3 and (
        _BULLET.match(first.text) is not None or (last is first and layout.full(first)
                                                   and not ends_sentence))
    if same_block:
        if step <= 0 or step > max(pitch, size * 1.2) * 1.4:
            return False
        if indented and not hanging and line.x0 - left < size * 8 \
                and line.x0 - last.x0 > size * 0.8:  # (not where a first line hangs out)
            return False
        return not (not last_full and ends_sentence)
    return _goes_on_after_break(last, line, layout)


def _open_at_break(last: Line, layout: _Layout) -> bool:
    """Whether a paragraph whose last line before a column or page break is `last` may go
    on after it: body text, as wide as a column's lines."""
    return abs(last.size - layout.body_size) <= 0.6 and not last.bold \
        and last.x1 - last.x0 >= layout.width * 0.85


def _goes_on_after_break(last: Line, line: Line, layout: _Layout) -> bool:
    """Whether `line`, after a column or page break, goes on the paragraph `last` ends: its
    last line was as wide as a column's and open; or it ended a sentence at the column's
    very edge, in a document that indents its paragraphs, and `line` is not indented."""
    if not _open_at_break(last, layout) or line.font != last.font \
            or line.x0 - layout.box_left[(line.page, line.box)] > line.size * 0.8 \
            or len(line.text.strip()) <= 2:  # a stray letter, as a figure may hold
        return False
    if _OPEN_END.search(last.text.rstrip()):
        return True
    return layout.indents and layout.full(last) and last.x1 - last.x0 >= layout.width * 0.97 \
        and not layout.indented(line)


_CAPTION = re.compile(r"(?i)^\s*(?:fig(?:ure)?\.?|table|tab\.|chart|graph|source|note)\s*"
                      r"[\w.:|]")


def _rejoin_across(paragraphs: list[Paragraph], layout: _Layout) -> list[Paragraph]:
    """Join again a paragraph that a column or page break split where something stands
    between its halves: a figure and its labels, a caption, a margin head, a page number
    or a footer line, a stray letter (see `_interloper`). The second half is the first
    paragraph after the break that could go on it (body text in the same font, not
    indented); past a caption or other text in the body's font it must begin in lower
    case."""
    out = list(paragraphs)
    index = 0
    while index < len(out):
        last = out[index].lines[-1]
        found = None
        if _open_at_break(last, layout) and last.font == layout.font \
                and _OPEN_END.search(last.text.rstrip()):
            found = _second_half(out, index, layout)
            if found is None:
                found = _orphan(out, last, layout, before=index)
        if found is None:
            index += 1
            continue
        out[index].lines.extend(out.pop(found).lines)
        if found < index:
            index -= 1
    return out


def _orphan(paragraphs: list[Paragraph], last: Line, layout: _Layout,
            before: int | None = None) -> int | None:
    """The second half of a paragraph that `last` leaves open at a column break, where
    pdfminer's reading order put it before the first (the top of the next column, read
    before the end of its neighbour): an earlier paragraph on the page that begins in lower
    case after one that ended a sentence, in the same font, not indented, right of `last`
    and higher on the page; of the paragraphs before the one at `before` (the last)."""
    end = len(paragraphs) - 1 if before is None else before
    for candidate in range(end - 1, 0, -1):
        first = paragraphs[candidate].lines[0]
        if first.page != last.page:
            break
        previous = paragraphs[candidate - 1].lines[-1]
        if first.text.strip()[:1].islower() and len(first.text.strip()) > 2 \
                and _SENTENCE_END.search(previous.text.rstrip()) \
                and first.font == last.font and abs(first.size - last.size) <= 0.6 \
                and not layout.indented(first) and first.x0 >= last.x1 - last.size \
                and first.y0 > last.y0:
            return candidate
    return None


def _second_half(paragraphs: list[Paragraph], index: int, layout: _Layout) -> int | None:
    last = paragraphs[index].lines[-1]
    strict = False
    for later in range(index + 1, min(len(paragraphs), index + 400)):
        paragraph = paragraphs[later]
        first = paragraph.lines[0]
        if first.page > last.page + 2:
            return None
        if (first.page, first.box) != (last.page, last.box) and later > index + 1 \
                and abs(first.size - last.size) <= 0.6 and first.font == last.font \
                and not first.bold and not _BULLET.match(first.text) \
                and not layout.indented(first) and not _CAPTION.match(first.text) \
                and len(first.text.strip()) > 2:
            if first.text.strip()[:1].islower() or not strict:
                return later
            return None
        kind = _interloper(paragraph, last, layout)
        if kind is None:
            return None
        strict = strict or kind == "body-like"
    return None


def _interloper(paragraph: Paragraph, last: Line, layout: _Layout) -> str | None:
    """What may stand between the halves of a paragraph split by a break: text of another
    size or font (labels, captions, tables, margin heads), "body-like" text in the body's
    font (a caption, a short line such as a page number, a footer or a stray letter);
    None for a paragraph of the body."""
    lines = paragraph.lines
    text = paragraph.text
    if any(abs(line.size - last.size) > 0.6 or line.font != last.font or line.bold
           for line in lines):
        return "other"
    if _CAPTION.match(text) or len(text) <= 40 or (
            len(lines) <= 2 and all(line.x1 - line.x0 < layout.width * 0.6 for line in lines)):
        return "body-like"
    return None


def _decide_hyphens(text: str, words: str) -> str:
    """Resolve each line-end hyphen: keep it where the document writes the compound with a
    hyphen elsewhere, or the second half starts with a capital or digit; otherwise join
    the halves (a soft hyphen between them)."""
    if _HYPHEN_MARK not in text:
        return text

    def decide(match: re.Match[str]) -> str:
        before, after = match[1], match[2]
        compound = f"{before}-{after}"
        if after[:1].isupper() or after[:1].isdigit() or re.search(
                rf"(?<!\w){re.escape(compound)}(?!\w)", words):
            return compound
        return f"{before}\u00ad{after}"

    return re.sub(rf"(\w*)[-\u2010\u00ad]{_HYPHEN_MARK}(\w*)", decide, text)
