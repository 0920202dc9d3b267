"""Carry a change of the words a reader sees into the Markdown the analyst wrote.

How: brief's own Markdown reader renders the Markdown to the plain text a reader sees
(each character with its style), and each of those characters is found again in the
Markdown as written (`Source`): what lies between them (`**`, a link's `](address)`,
an escape's backslash, a list marker, an image) is the markup, kept as it was. An edit
of the plain text then changes only the characters it covers:

- a word replaced inside `**bold**` stays inside it; a change that spans two runs of
  markup (`bold claim` of `**bold** claim`) is shared between them word by word, in
  proportion to the words each held;
- an insertion where a run of markup begins or ends goes outside the markup, unless it
  continues the run's word (no space between): `strong` + `er` stays bold, `strong` +
  ` point` does not;
- deleting the whole of an emphasised span, or a link's text, removes its markers too;
- a deleted word before a line break of the Markdown takes the space before it, not the
  line break, so the lines of a YAML block keep their layout.

The result is rendered again and must read exactly as the edited plain text (and, for a
formatting change, in the new formatting), else `Unmappable`: brief never writes
Markdown that would read otherwise than the reviewer wanted.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import show_word_ops, word_ops
from .markdown_map import Source, Style, Unmappable, render_plain, rendered_lines

__all__ = ["FormatEdit", "PlainEdit", "Unmappable", "edit_markdown", "plain_text",
           "word_diff", "word_edits"]


@dataclass(frozen=True)
class PlainEdit:
    """Replace characters `start` to `end` of the plain text with `text` (an insertion
    where `start == end`, a deletion where `text` is empty)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FormatEdit:
    """Make characters `start` to `end` of the plain text bold or not, italic or not
    (None: leave as it is)."""

    start: int
    end: int
    bold: bool | None = None
    italic: bool | None = None


NEW_LINE = "the change makes a new paragraph or line: make it in the spec by hand"
_CONTEXT = 4  # words of context either side of a change, in `word_diff`


def plain_text(markdown: str) -> str:
    """What a reader sees of `markdown` as brief renders it: its paragraphs, list items
    and table cells (the caption first) joined by "\\n"; figures leave no text."""
    return render_plain(markdown)[0]


def edit_markdown(markdown: str, plain: str,
                  edits: Sequence[PlainEdit | FormatEdit]) -> str:
    """Return `markdown` with `edits` made in it.

    `plain` is what a reader sees of `markdown` as brief rendered it (its paragraphs
    and list items joined by "\\n"), and the edits' offsets are into `plain`. The
    markup around changed words is kept: a change inside `**bold**` stays inside it, a
    link keeps its address, a list item its marker, a line break of the Markdown where
    it was. Raise `Unmappable` when an edit touches words the Markdown does not hold
    (text brief added: a portion mark, a likelihood term, a figure's number) or cannot
    be placed."""
    rendered, styles, order = rendered_lines(markdown)
    source = Source(markdown, rendered, order)
    ours = _Plain(plain, rendered)
    moved = sorted((ours.moved(edit) for edit in edits), key=lambda e: (e.start, e.end))
    for first, second in itertools.pairwise(moved):
        if second.start < first.end:
            raise Unmappable("two of the changes overlap: make them in the spec by hand")
    expected, shifted = _expected(rendered, styles, moved)
    result = markdown
    done: list[PlainEdit] = []

    def in_source(edit: PlainEdit | FormatEdit) -> tuple[int, int]:
        """Where an edit stands in the Markdown (a table's caption is shown first but
        written last): the edits are made from the last to the first."""
        at = source.starts[edit.start] if edit.start < len(rendered) else len(markdown)
        return at, edit.start

    for edit in sorted(moved, key=in_source, reverse=True):
        if isinstance(edit, FormatEdit):
            result = _format(result, source, styles, edit)
            continue
        done.append(edit)
        wanted = rendered
        for made in sorted(done, key=lambda e: e.start, reverse=True):
            wanted = wanted[:made.start] + made.text + wanted[made.end:]
        result = _carried(result, source, rendered, styles, edit, wanted)
    _check(result, expected, shifted)
    return result


def _carried(result: str, source: Source, rendered: str, styles: list[Style],
             edit: PlainEdit, wanted: str) -> str:
    """`result` with `edit` made, reading as `wanted`: the edit as given, else the same
    edit moved by the one space it begins or ends with (` word` for `word `)."""
    for variant in _variants(edit, rendered):
        for share in ("words", "first", "last"):
            attempt = _replace(result, source, rendered, styles, variant, share)
            try:
                if render_plain(attempt)[0] == wanted:
                    return attempt
            except Unmappable:
                continue
    raise Unmappable("brief cannot write this change into the Markdown so that it reads "
                     "as the reviewer wanted: make it in the spec by hand")


def _variants(edit: PlainEdit, rendered: str) -> list[PlainEdit]:
    start, end, text = edit.start, edit.end, edit.text
    variants = [edit]
    if not text and start < end:
        if rendered[start].isspace() and end < len(rendered) and \
                rendered[end] == rendered[start]:
            variants.append(PlainEdit(start + 1, end + 1, ""))
        if rendered[end - 1].isspace() and start > 0 and rendered[start - 1] == \
                rendered[end - 1]:
            variants.append(PlainEdit(start - 1, end - 1, ""))
    elif start == end and text:
        if text[0].isspace() and start < len(rendered) and rendered[start] == text[0]:
            variants.append(PlainEdit(start + 1, start + 1, text[1:] + text[0]))
        if text[-1].isspace() and start > 0 and rendered[start - 1] == text[-1]:
            variants.append(PlainEdit(start - 1, start - 1, text[-1] + text[:-1]))
    return variants


class _Plain:
    """The plain text the edits were made in, matched to brief's rendering of the
    Markdown: the characters only it has are what brief added (a portion mark, a
    likelihood's range)."""

    def __init__(self, plain: str, rendered: str) -> None:
        self.plain = plain
        self.at: list[int | None] = list(range(len(plain)))
        if plain != rendered:
            self.at = [None] * len(plain)
            matcher = difflib.SequenceMatcher(None, plain, rendered, autojunk=False)
            for block in matcher.get_matching_blocks():
                for offset in range(block.size):
                    self.at[block.a + offset] = block.b + offset
            if sum(1 for index in self.at if index is not None) < len(rendered):
                raise Unmappable("the text in the Word file does not hold the spec's text as "
                                 "brief wrote it: it was changed without tracking, or the "
                                 "spec changed since the build")
        self.rendered = rendered

    def moved(self, edit: PlainEdit | FormatEdit) -> PlainEdit | FormatEdit:
        """`edit` with its offsets into brief's rendering of the Markdown."""
        if not 0 <= edit.start <= edit.end <= len(self.plain):
            raise Unmappable(f"the change at characters {edit.start} to {edit.end} is "
                             "outside the text")
        if edit.start == edit.end:
            position = self._position(edit.start)
            return _with(edit, position, position)
        inside = self.at[edit.start:edit.end]
        if any(index is None for index in inside):
            added = "".join(self.plain[i] for i in range(edit.start, edit.end)
                            if self.at[i] is None).strip()
            raise Unmappable(f"the words {added!r} are not in the spec: brief adds them (a "
                             "portion mark, a likelihood's range, a number or a label)")
        first, last = inside[0], inside[-1]
        assert first is not None and last is not None
        if last - first != len(inside) - 1:
            raise Unmappable("the change spans words brief added between the spec's words")
        return _with(edit, first, last + 1)

    def _position(self, offset: int) -> int:
        if offset < len(self.plain) and self.at[offset] is not None:
            return self.at[offset]  # type: ignore[return-value]
        if offset > 0 and self.at[offset - 1] is not None:
            return self.at[offset - 1] + 1  # type: ignore[operator]
        if offset == len(self.plain) == 0:
            return 0
        raise Unmappable("the words were inserted among words brief adds (a portion mark, "
                         "a likelihood's range, a number or a label), not the spec's")


def _with(edit: PlainEdit | FormatEdit, start: int, end: int) -> PlainEdit | FormatEdit:
    if isinstance(edit, PlainEdit):
        return PlainEdit(start, end, edit.text)
    return FormatEdit(start, end, edit.bold, edit.italic)


def _expected(rendered: str, styles: list[Style], edits: list[PlainEdit | FormatEdit]
              ) -> tuple[str, list[FormatEdit]]:
    """The plain text the edits should give, and the formatting edits' ranges in it."""
    text = rendered
    formats: list[FormatEdit] = []
    for edit in reversed(edits):
        if isinstance(edit, PlainEdit):
            text = text[:edit.start] + edit.text + text[edit.end:]
    delta = 0
    for edit in edits:
        if isinstance(edit, PlainEdit):
            delta += len(edit.text) - (edit.end - edit.start)
        else:
            formats.append(FormatEdit(edit.start + delta, edit.end + delta, edit.bold,
                                      edit.italic))
    return text, formats


def _check(result: str, expected: str, formats: list[FormatEdit]) -> None:
    try:
        text, styles = render_plain(result)
    except Unmappable:
        text, styles = "", []
    if text != expected:
        raise Unmappable("brief cannot write this change into the Markdown so that it reads "
                         "as the reviewer wanted: make it in the spec by hand")
    for edit in formats:
        for style in styles[edit.start:edit.end]:
            if (edit.bold is not None and style[0] != edit.bold) or (
                    edit.italic is not None and style[1] != edit.italic):
                raise Unmappable("brief cannot carry this formatting change into the "
                                 "Markdown: make it in the spec by hand")


def _replace(result: str, source: Source, rendered: str, styles: list[Style],
             edit: PlainEdit, share: str = "words") -> str:
    start, end, text = edit.start, edit.end, edit.text
    if "\n" in text:
        raise Unmappable(NEW_LINE)
    if not text and start < end:
        start, end = _keep_line_break(source, rendered, start, end)
    if start == end:
        return _insert(result, source, rendered, styles, start, text)
    # The Markdown from the end of the character before to the start of the one after:
    # the markup at either end is the edit's only if nothing is left between it.
    before_start, before_end = source.gap(start)
    after_start, after_end = source.gap(end)
    before = _junction(result[before_start:before_end], last=True)
    after = _junction(result[after_start:after_end], last=False)
    left, right = before_end - len(before), after_start + len(after)
    pieces = _pieces(source, start, end)
    shares = _share(text, [rendered[a:b] for a, b in pieces], share)
    items: list[tuple[bool, str]] = [(True, before)]
    for number, ((a, _), share) in enumerate(zip(pieces, shares, strict=True)):
        if number:
            items.append((True, result[source.ends[pieces[number - 1][1] - 1]:
                                        source.starts[a]]))
        items.append((False, _escaped(share, styles[a], at_line_start=_line_start(
            result, source.starts[a]))))
    items.append((True, after))
    return result[:left] + _joined(items) + result[right:]


def _keep_line_break(source: Source, rendered: str, start: int, end: int
                     ) -> tuple[int, int]:
    """A deletion of `word ` whose space is a line break of the Markdown deletes ` word`
    instead, so that the line break stays."""
    last = end - 1
    if rendered[last] == " " and "\n" in source.markdown[source.starts[last]:source.ends[last]] \
            and start > 0 and rendered[start - 1] == " " and \
            "\n" not in source.markdown[source.starts[start - 1]:source.ends[start - 1]]:
        return start - 1, end - 1
    return start, end


def _junction(markup: str, *, last: bool) -> str:
    """The inline markup of a gap next to the edited words: the end of the gap before
    them (`last`), or the start of the gap after, up to any white space."""
    if last:
        return re.split(r"[ \t\n]", markup)[-1]
    return re.split(r"[ \t\n]", markup)[0]


def _pieces(source: Source, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of plain characters start to end that stand together in the Markdown."""
    pieces = [[start, start + 1]]
    for index in range(start + 1, end):
        if source.starts[index] == source.ends[index - 1]:
            pieces[-1][1] = index + 1
        else:
            pieces.append([index, index + 1])
    return [(a, b) for a, b in pieces]


def _share(text: str, old: list[str], how: str = "words") -> list[str]:
    """Cut `text` into one part for each old piece: in proportion to the old pieces'
    words (`how="words"`), cutting between words, with the white space where the old
    had it; or all of it in the first piece, or the last."""
    if len(old) == 1:
        return [text]
    if how != "words":
        empty = [""] * (len(old) - 1)
        return [text, *empty] if how == "first" else [*empty, text]
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    counts = [sum(1 for word in piece.split() if any(c.isalnum() for c in word))
              for piece in old]
    total = sum(counts) or 1
    cuts = [0]
    seen = 0
    for number, count in enumerate(counts[:-1]):
        seen += count
        word = int(len(starts) * seen / total + 0.5)
        cut = starts[word] if word < len(starts) else len(text)
        if old[number + 1][:1].isspace():  # the old space began the next piece
            while cut > cuts[-1] and text[cut - 1].isspace():
                cut -= 1
        cuts.append(max(cut, cuts[-1]))
    cuts.append(len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _joined(items: list[tuple[bool, str]]) -> str:
    """Markup and words joined; where the words between two pieces of markup are all
    gone, an opening mark and its closing mark meet, and both are dropped."""
    out: list[str] = []
    markup: list[str] = []  # the pieces of markup with no words between them yet
    for is_markup, text in items:
        if is_markup:
            _cancel(markup, text)
        elif text:
            out += markup
            markup = []
            out.append(text)
    return "".join(out + markup)


_OPENING = re.compile(r"(\*+|_+|`+|!?\[)$")
_CLOSING = re.compile(r"\*+|_+|`+|\]\((?:[^()]|\([^()]*\))*\)")


def _cancel(markup: list[str], after: str) -> None:
    """Add `after` to the pieces of `markup`, less the marks that close at its start what
    opens at the end of the piece before (`**` and `**`, `[` and `](address)`)."""
    while markup and after:
        before = markup[-1]
        opening, closing = _OPENING.search(before), _CLOSING.match(after)
        if not (opening and closing):
            break
        mark, close = opening[1], closing[0]
        if (mark.endswith("[") and not close.startswith("]")) or (
                not mark.endswith("[") and mark != close):
            break
        markup[-1], after = before[:opening.start()], after[closing.end():]
        if not markup[-1]:
            markup.pop()
    if after:
        markup.append(after)


def _insert(result: str, source: Source, rendered: str, styles: list[Style], at: int,
            text: str) -> str:
    """Insert `text` before plain character `at`: where markup stands there, outside it,
    unless the text continues the word on that side."""
    gap_start, gap_end = source.gap(at)
    if at < len(rendered) and at > 0 and source.starts[at] == source.ends[at - 1]:
        where = source.starts[at]  # inside a run of text
        style: Style | None = styles[at]
    else:
        left = rendered[at - 1] if at > 0 else " "
        right = rendered[at] if at < len(rendered) else " "
        before = styles[at - 1] if at > 0 else None
        after = styles[at] if at < len(rendered) else None
        if text[:1].strip() and left.strip():  # it continues the word before
            where, style = gap_start, before
        elif text[-1:].strip() and right.strip():  # it begins the word after
            where, style = gap_end, after
        elif _weight(before) > _weight(after):  # the end of a styled run: after it
            where, style = _after_markup(result, gap_start, gap_end), after
        else:  # the start of a styled run (or plain on both sides): before it
            where, style = _before_markup(result, gap_start, gap_end), before
    escaped = _escaped(text, style or (False, False, False, None),
                       at_line_start=_line_start(result, where))
    return result[:where] + escaped + result[where:]


def _weight(style: Style | None) -> int:
    return 0 if style is None else sum(bool(part) for part in style)


def _after_markup(result: str, start: int, end: int) -> int:
    """The end of the closing markup at the start of the gap (before any white space)."""
    return start + len(_junction(result[start:end], last=False))


def _before_markup(result: str, start: int, end: int) -> int:
    """The start of the opening markup at the end of the gap (after any white space)."""
    return end - len(_junction(result[start:end], last=True))


def _line_start(result: str, at: int) -> bool:
    """Whether only white space, list markers or quote marks stand before `at` on its
    line: Markdown reads what is written there as the start of a line."""
    before = result[result.rfind("\n", 0, at) + 1:at]
    return _LINE_MARKERS.fullmatch(before) is not None


_NEEDS_ESCAPE = re.compile(r"([\\`*\[\]])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LINE_START_MARKUP = re.compile(r"^(?:[-+*#>]|\d{1,9}(?=[.)]))")  # escaped before its end
_LINE_MARKERS = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)*")


def _escaped(text: str, style: Style, *, at_line_start: bool) -> str:
    """New words as the analyst would type them in Markdown: characters that Markdown
    would read as markup escaped with a backslash (none inside code, which shows every
    character as it is)."""
    if style[2]:
        if "`" in text:
            raise Unmappable("a backtick cannot be written inside code: make the change in "
                             "the spec by hand")
        return text
    escaped = _NEEDS_ESCAPE.sub(lambda m: "\\" + m[0], text)
    stripped = escaped.lstrip()
    marker = _LINE_START_MARKUP.match(stripped) if at_line_start else None
    if marker:  # `\- `, `1\. `: not a list
        at = len(escaped) - len(stripped) + (marker.end() if stripped[0].isdigit() else 0)
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def as_markdown(text: str) -> str:
    """Words a reader sees written as the analyst would type them in Markdown: what
    Markdown would read as markup escaped with a backslash."""
    return _escaped(text, (False, False, False, None), at_line_start=True)


def _format(result: str, source: Source, styles: list[Style], edit: FormatEdit) -> str:
    """Make words bold or italic (`**`, `*` around them), or not (their markers taken
    away where they are exactly the styled words)."""
    if edit.start == edit.end:
        return result
    pieces = _pieces(source, edit.start, edit.end)
    first, last = source.starts[edit.start], source.ends[edit.end - 1]
    adds = ""
    for want, part, marker in ((edit.bold, 0, "**"), (edit.italic, 1, "*")):
        if want is None or all(styles[i][part] == want for i in range(edit.start, edit.end)):
            continue
        if want:
            adds += marker
            continue
        before = _junction(result[source.gap(edit.start)[0]:first], last=True)
        after = _junction(result[last:source.gap(edit.end)[1]], last=False)
        opening = re.search(r"(\*\*|__)$" if part == 0 else r"(?<![*_])([*_])$", before)
        closing = re.match(r"(\*\*|__)" if part == 0 else r"([*_])(?![*_])", after)
        if not (opening and closing and opening[1] == closing[1]):
            raise Unmappable("the formatting was taken off part of the words it covers: "
                             "make the change in the spec by hand")
        result = result[:last] + result[last + len(closing[1]):]
        result = result[:first - len(opening[1])] + result[first:]
        first, last = first - len(opening[1]), last - len(opening[1])
    if adds:
        if len(pieces) > 1:
            raise Unmappable("the words made bold or italic hold markup already: make the "
                             "change in the spec by hand")
        result = result[:first] + adds + result[first:last] + adds[::-1] + result[last:]
    return result


def word_edits(old: str, new: str) -> list[PlainEdit]:
    """The fewest whole-word edits that turn `old` into `new`, offsets into `old`.

    Where both have as many lines (paragraphs, list items), line by line: a change
    never moves a word across a line break."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) == 1 or len(old_lines) != len(new_lines):
        return _word_edits(old, new)
    edits: list[PlainEdit] = []
    at = 0
    for before, after in zip(old_lines, new_lines, strict=True):
        edits += [PlainEdit(e.start + at, e.end + at, e.text) for e in _word_edits(before, after)]
        at += len(before) + 1
    return edits


def _word_edits(old: str, new: str) -> list[PlainEdit]:
    """`word_edits` of the whole of two texts.

    The words are matched first; each run of changed words is then taken with the white
    space around it, less the white space both sides share (so that a word inserted at
    a line's start goes after the line break, and a word deleted at a line's end takes
    the space before it, not the line break)."""
    a_words = [(m.start(), m.end()) for m in re.finditer(r"\S+", old)]
    b_words = [(m.start(), m.end()) for m in re.finditer(r"\S+", new)]

    def bounds(words: list[tuple[int, int]], text: str, first: int, last: int
               ) -> tuple[int, int]:
        """From the end of word `first - 1` to the start of word `last`."""
        start = words[first - 1][1] if first > 0 else 0
        end = words[last][0] if last < len(words) else len(text)
        return start, end

    matcher = difflib.SequenceMatcher(None, [old[a:b] for a, b in a_words],
                                      [new[a:b] for a, b in b_words], autojunk=False)
    edits: list[PlainEdit] = []
    opcodes = matcher.get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "equal":
            edits += _by_line(old, new, bounds(a_words, old, i1, i2),
                              bounds(b_words, new, j1, j2))
            continue
        for offset in range(i2 - i1 + 1):  # the white space before, between and after
            i, j = i1 + offset, j1 + offset
            if (offset == 0 and number > 0) or (offset == i2 - i1 and
                                                 number < len(opcodes) - 1):
                continue  # beside changed words: theirs
            edits.append(_trimmed(old, new, bounds(a_words, old, i, i),
                                  bounds(b_words, new, j, j)))
    return _merged([edit for edit in edits if edit.start != edit.end or edit.text])


def _by_line(old: str, new: str, a: tuple[int, int], b: tuple[int, int]
             ) -> list[PlainEdit]:
    """The edit of old characters `a` to new characters `b`; where both hold the same
    line breaks, one edit for each line, so that no line break is rewritten."""
    a_breaks = [i for i in range(*a) if old[i] == "\n"]
    b_breaks = [i for i in range(*b) if new[i] == "\n"]
    if not a_breaks or len(a_breaks) != len(b_breaks):
        return [_trimmed(old, new, a, b)]
    a_cuts, b_cuts = [a[0], *a_breaks], [b[0], *b_breaks]
    a_ends, b_ends = [*a_breaks, a[1]], [*b_breaks, b[1]]
    return [_trimmed(old, new, (a1 + (n > 0), a2), (b1 + (n > 0), b2))
            for n, (a1, a2, b1, b2) in enumerate(zip(a_cuts, a_ends, b_cuts, b_ends,
                                                     strict=True))]


def _trimmed(old: str, new: str, a: tuple[int, int], b: tuple[int, int]) -> PlainEdit:
    """Old characters `a` replaced by new characters `b`, less the white space both
    begin and end with."""
    (a1, a2), (b1, b2) = a, b
    while a1 < a2 and b1 < b2 and old[a1] == new[b1] and old[a1].isspace():
        a1, b1 = a1 + 1, b1 + 1
    while a2 > a1 and b2 > b1 and old[a2 - 1] == new[b2 - 1] and old[a2 - 1].isspace():
        a2, b2 = a2 - 1, b2 - 1
    return PlainEdit(a1, a2, new[b1:b2])


def _merged(edits: list[PlainEdit]) -> list[PlainEdit]:
    merged: list[PlainEdit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if merged and merged[-1].end == edit.start:
            last = merged.pop()
            edit = PlainEdit(last.start, edit.end, last.text + edit.text)
        merged.append(edit)
    return merged


def word_diff(old: str, new: str) -> str:
    """A one-line word diff for the terminal: `[-removed-]` and `{+added+}` around the
    changed words, with a few words of context either side (`…` where cut), as
    `brief diff` shows a rewording."""
    return show_word_ops(word_ops(old, new), _CONTEXT)
