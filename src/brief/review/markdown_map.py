"""The analyst's Markdown as a reader sees it, each character found again in the
Markdown as written: what `markdown_edit` carries a reviewer's change across."""

from __future__ import annotations

import re

from ..markdown_text import MarkdownProblem, parse_markdown
from ..model import Block, ListBlock, RichText, Span, TableBlock, TextBlock


class Unmappable(Exception):
    """An edit cannot be carried into the Markdown; `reason` says why, in words for the
    analyst ("the words '(TLP:AMBER)' are brief's portion mark, not the spec's")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The style of one character as a reader sees it: (strong, emphasis, code, link address).
Style = tuple[bool, bool, bool, str | None]


def render_plain(markdown: str) -> tuple[str, list[Style]]:
    return rendered_lines(markdown)[:2]


def rendered_lines(markdown: str) -> tuple[str, list[Style], list[int]]:
    """The plain text, each character's style, and the order in which its lines stand in
    the Markdown (a table's caption is shown first but written last)."""
    try:
        blocks = parse_markdown(markdown)
    except MarkdownProblem as problem:
        raise Unmappable(f"the Markdown cannot be read: {problem}") from None
    lines: list[tuple[list[Span], int]] = []
    _lines(blocks, lines)
    text: list[str] = []
    styles: list[Style] = []
    for number, (spans, _) in enumerate(lines):
        if number:
            text.append("\n")
            styles.append((False, False, False, None))
        for span in spans:
            text.append(span.text)
            styles.extend([(span.strong, span.emphasis, span.code, span.href)] * len(span.text))
    keys = [(key, part) for spans, key in lines
            for part in range("".join(span.text for span in spans).count("\n") + 1)]
    order = sorted(range(len(keys)), key=lambda n: keys[n])
    return "".join(text), styles, order


def _lines(blocks: RichText, out: list[tuple[list[Span], int]]) -> None:
    """Each line a reader sees, with its place in the Markdown."""
    block: Block
    for block in blocks:
        if isinstance(block, TextBlock):
            out.append((list(block.spans), len(out)))
        elif isinstance(block, ListBlock):
            for item in block.items:
                _lines(item, out)
        elif isinstance(block, TableBlock):
            first = len(out)
            cells = [*block.header, *(cell for row in block.rows for cell in row)]
            if block.caption:
                out.append((list(block.caption), first + len(cells)))
            out.extend((list(cell), first + n)
                       for n, cell in enumerate(cells))


# What the Markdown holds that a reader does not see, found before the characters are
# matched: links (`[` and `](address "title")`), images (all of them) and a table's
# delimiter row. Characters that may be markup (skipped where they do not match the
# text): emphasis and code marks, escapes, white space, and at a line's start list
# markers, heading and quote marks, a table's pipes and its caption's `Table:`.
_HIDDEN_LINK = re.compile(r'(!?)\[((?:[^\[\]]|\[[^\[\]]{0,1000}\]){0,1000})\]'
                          r'(\(\s*(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)'
                          r'(?:\s+(?:"[^"]*"|\'[^\']*\'|\([^()]*\)))?\s*\))')
_DELIMITER_ROW = re.compile(r"(?m)^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_LINE_MARKUP = re.compile(r"(?m)^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|#{1,6}[ \t]+|>[ \t]?)*")
_CAPTION = re.compile(r"(?m)^Table:[ \t]*")
_LINE_END_MARKS = re.compile(r"(?:[*_`]|\]\((?:[^()\s]|\([^()\s]*\))*\))*")
_LINE_START_MARKS = re.compile(r"(?:[*_`]|!?\[)*$")
_MAYBE_MARKUP = set("*_`\\| \t\n|")


class Source:
    """Where each character of the plain text stands in the Markdown as written."""

    def __init__(self, markdown: str, plain: str, order: list[int] | None = None) -> None:
        self.markdown = markdown
        hidden = [False] * len(markdown)
        optional = [char in _MAYBE_MARKUP for char in markdown]
        for match in _HIDDEN_LINK.finditer(markdown):
            if match[1]:
                spans = [(match.start(), match.end())]
            else:
                spans = [(match.start(), match.start(2)), (match.end(2), match.end())]
            for start, end in spans:
                hidden[start:end] = [True] * (end - start)
        for match in [*_DELIMITER_ROW.finditer(markdown), *_CAPTION.finditer(markdown)]:
            hidden[match.start():match.end()] = [True] * (match.end() - match.start())
        for match in _LINE_MARKUP.finditer(markdown):
            optional[match.start():match.end()] = [True] * (match.end() - match.start())
        lines = plain.split("\n")
        line_starts = [0]
        for line in lines:
            line_starts.append(line_starts[-1] + len(line) + 1)
        self.starts = [0] * len(plain)
        self.ends = [0] * len(plain)
        at = 0
        for number in order or range(len(lines)):
            first = line_starts[number]
            for index in range(first, first + len(lines[number])):
                at = self._find(plain[index], at, hidden, optional)
                escaped = at > 0 and markdown[at - 1] == "\\" and not plain[index].isalnum()
                self.starts[index] = at - 1 if escaped else at
                at = self._space(at, hidden) if plain[index] in " \t" else at + 1
                self.ends[index] = at
        for number in range(1, len(lines)):  # the line breaks: from the line before's end
            index = line_starts[number] - 1
            self.starts[index] = self.ends[index - 1] if index else 0
            self.ends[index] = self.starts[index + 1] if index + 1 < len(plain) else \
                len(markdown)
            if self.ends[index] < self.starts[index]:
                self.ends[index] = self.starts[index]
            # the marks that close the line before and open the next are theirs
            gap = markdown[self.starts[index]:self.ends[index]]
            closing = _LINE_END_MARKS.match(gap)
            opening = _LINE_START_MARKS.search(gap[closing.end():]) if closing else None
            self.starts[index] += closing.end() if closing else 0
            self.ends[index] -= len(opening[0]) if opening else 0

    def _space(self, at: int, hidden: list[bool]) -> int:
        end = at
        while end < len(self.markdown) and self.markdown[end] in " \t\n" and not hidden[end]:
            end += 1
        return max(end, at + 1)

    def _find(self, char: str, at: int, hidden: list[bool], optional: list[bool]) -> int:
        markdown = self.markdown
        while at < len(markdown):
            if not hidden[at]:
                found = markdown[at]
                if found == char or (char in " \t\n" and found in " \t\n"):
                    return at
                if not optional[at]:
                    break
            at += 1
        raise Unmappable("brief cannot follow this Markdown back to the words a reader "
                         "sees: make the change in the spec by hand")

    def gap(self, index: int) -> tuple[int, int]:
        """The Markdown between plain characters `index - 1` and `index` (from the start
        for 0, to the end for the last)."""
        start = self.ends[index - 1] if index > 0 else 0
        end = self.starts[index] if index < len(self.starts) else len(self.markdown)
        return start, end
