"""Where each change of a reviewed file stands in what brief wrote: its paragraphs matched
to the trace's (by their hidden bookmarks, else by their text), and each change's
offsets carried from the reviewed paragraph into the traced paragraph's text, where the
trace's segments say which key of the spec the words came from.

Changes made without tracking are found here too: where a paragraph's text before the
tracked changes is not the text brief wrote, the difference is a change of its own
(author unknown)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..origins import Segment, TracedParagraph
from .markdown_edit import word_edits
from .reviewed import (
    DELETE,
    FORMAT,
    INSERT,
    MOVE_FROM,
    MOVE_TO,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Change,
    ReviewedDocument,
    ReviewedParagraph,
)

UNTRACKED = "untracked"  # a `Placed.kind`: a difference from the build, not tracked
JOIN = "join"  # a `Placed.kind`: the break between two paragraphs of one key deleted


@dataclass(frozen=True)
class Placed:
    """One change, placed in the text brief wrote: characters `start` to `end` of the
    traced `paragraph` become `text` (or, for FORMAT, take `formatting`)."""

    kind: str  # INSERT, DELETE, MOVE_FROM, MOVE_TO, FORMAT, or UNTRACKED
    author: str
    date: str | None
    paragraph: TracedParagraph
    start: int
    end: int
    text: str  # the new words ("" for a deletion; the formatted words for FORMAT)
    formatting: tuple[tuple[str, bool], ...] = ()
    detail: str = ""
    order: int = 0  # the change's place in the reviewed file, to keep them in order
    move: str = ""  # a move's name, pairing its MOVE_FROM with its MOVE_TO


@dataclass(frozen=True)
class NewParagraph:
    """A paragraph of the reviewed file that brief did not write."""

    text: str
    author: str
    date: str | None
    after: TracedParagraph | None  # the traced paragraph it follows, if any
    tracked: bool
    part: str = "body"  # where it stands: "body" or "footnotes"
    index: int = -1  # its index among the reviewed file's paragraphs (a comment's anchor)


@dataclass(frozen=True)
class Joined:
    """The reviewer joined traced paragraph `first` to the next one."""

    first: TracedParagraph
    author: str
    date: str | None


@dataclass(frozen=True)
class Missing:
    """A traced paragraph the reviewed file no longer has, with no tracked deletion."""

    paragraph: TracedParagraph


@dataclass(frozen=True)
class Placement:
    """Every change of a reviewed file, placed."""

    changes: tuple[Placed, ...]
    new: tuple[NewParagraph, ...]
    joined: tuple[Joined, ...]
    missing: tuple[Missing, ...]
    matched: int  # traced paragraphs found in the reviewed file
    traced: int  # traced paragraphs in all
    pieces: dict[int, list[_Piece]] = field(default_factory=dict, repr=False)

    def where(self, index: int, offset: int) -> tuple[TracedParagraph, int] | None:
        """The traced paragraph and offset of `offset` in reviewed paragraph `index`'s
        `before` text."""
        found = self.pieces.get(index)
        if not found:
            return None
        piece = _piece_at(found, offset)
        return piece.paragraph, piece.to_traced(offset)


@dataclass(frozen=True)
class _Piece:
    """Characters `start` to `end` of a reviewed paragraph's `before` text, which are
    traced `paragraph`'s text (perhaps changed without tracking)."""

    start: int
    end: int
    paragraph: TracedParagraph
    opcodes: tuple[tuple[str, int, int, int, int], ...]  # traced text -> before slice

    def alike(self) -> bool:
        """Whether the words are the traced paragraph's, give or take a change made
        without tracking (not another paragraph's, under a bookmark gone astray)."""
        same = sum(a2 - a1 for tag, a1, a2, _, _ in self.opcodes if tag == "equal")
        longest = max(len(self.paragraph.text), self.end - self.start)
        return longest == 0 or same / longest >= 0.5

    def to_traced(self, offset: int, *, at_end: bool = False) -> int:
        """The offset in the traced text of `offset` in the reviewed `before` text."""
        local = offset - self.start
        for tag, a1, a2, b1, b2 in self.opcodes:
            if b1 <= local < b2 or (local == b2 and (at_end or tag != "equal")):
                if tag == "equal":
                    return a1 + (local - b1)
                return a2 if at_end or local > b1 else a1
        return len(self.paragraph.text)


def place(document: ReviewedDocument, paragraphs: Sequence[TracedParagraph]) -> Placement:
    """Match the reviewed file's paragraphs to the traced ones and place every change."""
    by_bookmark = {p.bookmark: p for p in paragraphs}
    pieces: dict[int, list[_Piece]] = {}
    used: set[str] = set()
    for reviewed in document.paragraphs:
        marks = _marks(reviewed, by_bookmark, used)
        kept = [piece for piece in _pieces(reviewed, marks) if piece.alike()] if marks else []
        if kept:
            used.update(piece.paragraph.bookmark for piece in kept)
            pieces[reviewed.index] = kept
    for part in dict.fromkeys(p.part for p in paragraphs):
        _match_by_text([r for r in document.paragraphs if r.part == part],
                       [p for p in paragraphs if p.part == part], pieces, used)
    following = {p.bookmark: paragraphs[i + 1] for i, p in enumerate(paragraphs[:-1])}
    placed: list[Placed] = []
    new: list[NewParagraph] = []
    joined: list[Joined] = []
    last: TracedParagraph | None = None
    order = 0
    for reviewed in document.paragraphs:
        found = pieces.get(reviewed.index)
        if not found:
            if reviewed.after.strip():
                new.append(_new_paragraph(reviewed, last))
            continue
        for piece in found:
            for item in _untracked(piece, reviewed):
                placed.append(_ordered(item, order))
                order += 1
        for change in reviewed.changes:
            if change.kind == PARAGRAPH_DELETE:
                piece = _piece_at(found, change.before_start, at_end=True)
                join = _join(piece.paragraph, following.get(piece.paragraph.bookmark), change)
                if join is not None:
                    placed.append(_ordered(join, order))
                    order += 1
                else:
                    joined.append(Joined(piece.paragraph, change.author, change.date))
                continue
            if change.kind == PARAGRAPH_INSERT:
                continue  # the paragraph is new: reported with its words
            placed.extend(_ordered(item, order) for item in _placed(change, found))
            order += 1
        last = found[-1].paragraph
    missing = [Missing(p) for p in paragraphs if p.bookmark not in used]
    return Placement(tuple(placed), tuple(new), tuple(joined), tuple(missing),
                     len(used), len(paragraphs), pieces)


def _marks(reviewed: ReviewedParagraph, by_bookmark: dict[str, TracedParagraph],
           used: set[str]) -> list[tuple[TracedParagraph, int]]:
    """The traced paragraphs whose bookmarks `reviewed` holds, with their offsets. A
    bookmark LibreOffice renamed as it copied it (`_brief_L4_2_Copy_1`) keeps its name;
    one left at the very end of a paragraph's words (where LibreOffice moves a
    footnote's bookmark: to the end of the footnote before) is not this paragraph's."""
    marks = []
    for name, offset in reviewed.bookmarks:
        name = _COPY.sub("", name)
        if name not in by_bookmark or name in used:
            continue
        if offset >= len(reviewed.before) > 0 and by_bookmark[name].text:
            continue
        marks.append((by_bookmark[name], offset))
    return marks


_COPY = re.compile(r"_Copy_\d+$")


def _join(first: TracedParagraph, then: TracedParagraph | None, change: Change
          ) -> Placed | None:
    """Two paragraphs of one key's words joined (a paragraph break of the analyst's
    Markdown deleted): a change of that key; None where they are not one key's."""
    if then is None or not first.segments or not then.segments:
        return None
    origin = first.segments[-1].origin
    if origin != then.segments[0].origin or origin.kind != "analyst" or \
            first.segments[-1].end != len(first.text):
        return None
    end = len(first.text)
    return Placed(JOIN, change.author, change.date, first, end, end, "")


def _ordered(item: Placed, order: int) -> Placed:
    return Placed(item.kind, item.author, item.date, item.paragraph, item.start, item.end,
                  item.text, item.formatting, item.detail, order, item.move)


def _pieces(reviewed: ReviewedParagraph, marks: list[tuple[TracedParagraph, int]]
            ) -> list[_Piece]:
    marks = sorted(marks, key=lambda mark: mark[1])
    marks[0] = (marks[0][0], 0)  # anything before the first bookmark is the first's
    found = []
    for index, (paragraph, offset) in enumerate(marks):
        end = marks[index + 1][1] if index + 1 < len(marks) else len(reviewed.before)
        found.append(_piece(paragraph, reviewed.before, offset, end))
    return found


def _piece(paragraph: TracedParagraph, before: str, start: int, end: int) -> _Piece:
    matcher = difflib.SequenceMatcher(None, paragraph.text, before[start:end], autojunk=False)
    return _Piece(start, end, paragraph, tuple(matcher.get_opcodes()))


def _match_by_text(candidates: Sequence[ReviewedParagraph],
                   paragraphs: Sequence[TracedParagraph],
                   pieces: dict[int, list[_Piece]], used: set[str]) -> None:
    """Match the paragraphs (of one part: the body, or the footnotes) that carry no
    bookmark (lost in an editor, or new) with the traced ones left, in order, by their
    text."""
    left = [p for p in paragraphs if p.bookmark not in used]
    unmatched = [r for r in candidates if r.index not in pieces and r.before.strip()]
    if not left or not unmatched:
        return
    matcher = difflib.SequenceMatcher(None, [p.text for p in left],
                                      [r.before for r in unmatched], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            pairs: Iterable[tuple[TracedParagraph, ReviewedParagraph]] = zip(
                left[a1:a2], unmatched[b1:b2], strict=True)
        elif tag == "replace":
            pairs = [(t, r) for t, r in zip(left[a1:a2], unmatched[b1:b2], strict=False)
                     if difflib.SequenceMatcher(None, t.text, r.before).ratio() >= 0.6]
        else:
            continue
        for traced, reviewed in pairs:
            if reviewed.index in pieces or traced.bookmark in used:
                continue
            used.add(traced.bookmark)
            pieces[reviewed.index] = [_piece(traced, reviewed.before, 0,
                                             len(reviewed.before))]


def _new_paragraph(reviewed: ReviewedParagraph, last: TracedParagraph | None) -> NewParagraph:
    tracked = [c for c in reviewed.changes if c.kind in (PARAGRAPH_INSERT, INSERT, MOVE_TO)]
    author = tracked[0].author if tracked else ""
    date = tracked[0].date if tracked else None
    return NewParagraph(reviewed.after, author, date, last, bool(tracked), reviewed.part,
                        reviewed.index)


def _piece_at(found: list[_Piece], offset: int, *, at_end: bool = False) -> _Piece:
    for piece in found:
        if piece.start <= offset < piece.end or (at_end and offset == piece.end):
            return piece
    return found[-1] if offset >= found[-1].start else found[0]


def _untracked(piece: _Piece, reviewed: ReviewedParagraph) -> list[Placed]:
    """The differences between what brief wrote and the paragraph as it reads before its
    tracked changes: changes made without tracking."""
    before = reviewed.before[piece.start:piece.end]
    if before == piece.paragraph.text:
        return []
    return [Placed(UNTRACKED, "", None, piece.paragraph, edit.start, edit.end, edit.text)
            for edit in word_edits(piece.paragraph.text, before)]


def _placed(change: Change, found: list[_Piece]) -> list[Placed]:
    """`change` in the traced text: a deletion across two joined paragraphs is split."""
    if change.kind in (INSERT, MOVE_TO):
        piece = _piece_at(found, change.before_start, at_end=True)
        at = piece.to_traced(change.before_start)
        return [Placed(change.kind, change.author, change.date, piece.paragraph, at, at,
                       change.text, detail=change.detail, move=change.move)]
    out = []
    for piece in found:
        start, end = max(change.before_start, piece.start), min(change.before_end, piece.end)
        if start >= end and not (change.before_start == change.before_end == start):
            continue
        first, last = piece.to_traced(start), piece.to_traced(end, at_end=True)
        text = "" if change.kind in (DELETE, MOVE_FROM) else \
            piece.paragraph.text[first:last]
        kind = change.kind if change.kind in (DELETE, MOVE_FROM, FORMAT) else DELETE
        out.append(Placed(kind, change.author, change.date, piece.paragraph, first, last,
                          text, change.formatting, change.detail, move=change.move))
    return out


def segments_at(paragraph: TracedParagraph, start: int, end: int) -> list[Segment]:
    """The segments characters `start` to `end` touch; for an insertion (`start ==
    end`), the one it joins: the analyst's words where it stands at their edge."""
    if start < end:
        return [s for s in paragraph.segments if s.start < end and start < s.end]
    around = [s for s in paragraph.segments if s.start <= start <= s.end]
    if not around:
        return list(paragraph.segments[-1:])
    inside = [s for s in around if s.start < start < s.end]
    if inside:
        return inside[:1]
    own = [s for s in around if s.origin.kind == "analyst"]
    return (own or around)[:1]
