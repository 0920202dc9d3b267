"""The paragraphs of a reviewed Word file and the tracked changes in them, read from the
XML of its parts (python-docx has no notion of tracked changes).

The body is read in reading order: its paragraphs, those of its tables' cells (rows,
cells, nested tables) and of its content controls; then the footnotes (Word's separator
notes left out). Each paragraph's text is counted as `origins.paragraph_text` counts it,
before the reviewer's changes and after them, and each change (an insertion, a deletion,
a move, a formatting change, a paragraph mark inserted or deleted) gets its offsets in
both. The places of the comments' anchors and of brief's trace bookmarks are kept too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..ooxml import W
from ..origins import is_trace_bookmark
from .changes import (
    DELETE,
    FORMAT,
    INSERT,
    MOVE_FROM,
    MOVE_TO,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Change,
    ReviewedParagraph,
)

_W = f"{{{W}}}"
_P, _R, _PPR, _RPR = f"{_W}p", f"{_W}r", f"{_W}pPr", f"{_W}rPr"
_KINDS = {f"{_W}ins": INSERT, f"{_W}del": DELETE, f"{_W}moveFrom": MOVE_FROM,
          f"{_W}moveTo": MOVE_TO}
_INSERTED = {INSERT, MOVE_TO}
_DELETED = {DELETE, MOVE_FROM}
_TEXT = {f"{_W}t", f"{_W}delText", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"}
# What holds paragraphs at the level of the body (or a cell, or a note).
_CONTAINERS = {f"{_W}{name}" for name in (
    "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "del", "moveFrom", "moveTo",
    "smartTag")}
_COMMENT_MARKS = {f"{_W}commentRangeStart": "start", f"{_W}commentRangeEnd": "end",
                  f"{_W}commentReference": "reference"}
_MOVE_RANGES = {f"{_W}moveFromRangeStart": MOVE_FROM, f"{_W}moveToRangeStart": MOVE_TO}
_MOVE_ENDS = {f"{_W}moveFromRangeEnd", f"{_W}moveToRangeEnd"}
_BOOKMARK = f"{_W}bookmarkStart"

# The run properties a formatting change is told in words by, and what brief's Markdown
# can say of them.
_TOGGLES = {"b": "bold", "i": "italic", "strike": "strikethrough", "dstrike":
            "double strikethrough", "caps": "capitals", "smallCaps": "small capitals",
            "vanish": "hidden"}
_OTHERS = {"u": "underline", "color": "colour", "sz": "size", "rFonts": "font",
           "highlight": "highlight", "vertAlign": "superscript or subscript",
           "rStyle": "character style", "shd": "shading"}
_MARKDOWN = ("bold", "italic")


def when(value: str | None) -> str | None:
    """A change's or comment's date: None when absent, or zero as LibreOffice writes
    comments' dates (`0-00-00T00:00:00Z`)."""
    if not value or value.startswith(("0-", "0000-")):
        return None
    return value


@dataclass
class OpenChange:
    """A change being read: where it started, in both texts."""

    kind: str
    author: str
    date: str | None
    before_start: int
    after_start: int
    move: str = ""
    detail: str = ""
    formatting: tuple[tuple[str, bool], ...] = ()
    before_end: int = -1
    after_end: int = -1


@dataclass
class ParagraphState:
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    at_before: int = 0
    at_after: int = 0
    changes: list[OpenChange] = field(default_factory=list)
    bookmarks: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Marks:
    """Where each comment's range starts and ends and where its reference stands, as
    (paragraph index, offset in its `before` text)."""

    start: dict[str, tuple[int, int]] = field(default_factory=dict)
    end: dict[str, tuple[int, int]] = field(default_factory=dict)
    reference: dict[str, tuple[int, int]] = field(default_factory=dict)


class Reader:
    """Reads the paragraphs of the body, then of the footnotes, into `paragraphs`."""

    def __init__(self, styles: dict[str, str], default_style: str) -> None:
        self.styles = styles
        self.default_style = default_style
        self.paragraphs: list[ReviewedParagraph] = []
        self.marks = Marks()
        self._waiting: list[tuple[str, str]] = []  # marks met between paragraphs
        self._moves: dict[str, tuple[str, str]] = {}  # open move ranges: id -> kind, name
        self._last_move: dict[str, str] = {}  # the name of the last range of each kind

    def body(self, container: Any, part: str = "body", footnote: int | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, part, footnote)
            elif tag in _CONTAINERS:
                self.body(child, part, footnote)
            elif isinstance(tag, str):
                self._mark_between(child)

    def footnotes(self, root: Any) -> None:
        for note in root.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") or note.get(f"{_W}id") in ("-1", "0"):
                continue  # Word's separators
            try:
                number = int(note.get(f"{_W}id") or "")
            except ValueError:
                number = None
            self.body(note, "footnotes", number)

    def finish(self) -> None:
        """Marks left waiting after the last paragraph: at its end."""
        if self.paragraphs:
            last = self.paragraphs[-1]
            for kind, name in self._waiting:
                self._place(kind, name, last.index, len(last.before), None)
        self._waiting = []

    # Between paragraphs: a comment's range or a bookmark may start or end there.
    def _mark_between(self, element: Any) -> None:
        tag = element.tag
        if tag in _COMMENT_MARKS:
            kind, name = _COMMENT_MARKS[tag], element.get(f"{_W}id") or ""
            if kind == "start" or not self.paragraphs:
                self._waiting.append((kind, name))
            else:
                last = self.paragraphs[-1]
                self._place(kind, name, last.index, len(last.before), None)
        elif tag == _BOOKMARK and is_trace_bookmark(element.get(f"{_W}name") or ""):
            self._waiting.append(("bookmark", element.get(f"{_W}name") or ""))
        else:
            self._move_range(element)

    def _place(self, kind: str, name: str, index: int, offset: int,
               paragraph: ParagraphState | None) -> None:
        if kind == "bookmark":
            if paragraph is not None:
                paragraph.bookmarks.append((name, offset))
        else:
            getattr(self.marks, kind).setdefault(name, (index, offset))

    def _move_range(self, element: Any) -> None:
        tag = element.tag
        if tag in _MOVE_RANGES:
            kind, name = _MOVE_RANGES[tag], element.get(f"{_W}name") or ""
            self._moves[element.get(f"{_W}id") or ""] = (kind, name)
            self._last_move[kind] = name
        elif tag in _MOVE_ENDS:
            self._moves.pop(element.get(f"{_W}id") or "", None)

    def _move_name(self, kind: str) -> str:
        names = [name for open_kind, name in self._moves.values() if open_kind == kind]
        return names[-1] if names else ""

    def _paragraph(self, element: Any, part: str, footnote: int | None) -> None:
        index = len(self.paragraphs)
        state = ParagraphState()
        for kind, name in self._waiting:
            self._place(kind, name, index, 0, state)
        self._waiting = []
        self._walk(element, state, False, False)
        before, after = "".join(state.before), "".join(state.after)
        self._paragraph_mark(element, state)
        self._paragraph_format(element, state, len(before), len(after))
        changes = tuple(finished_changes(state.changes, before, after))
        self.paragraphs.append(ReviewedParagraph(
            index, part, before, after, changes, tuple(state.bookmarks),
            self._style(element), footnote))

    def _style(self, paragraph: Any) -> str:
        style = paragraph.find(f"{_PPR}/{_W}pStyle")
        if style is None:
            return self.default_style
        name = style.get(f"{_W}val") or ""
        return self.styles.get(name, name)

    def _walk(self, element: Any, state: ParagraphState, inserted: bool, deleted: bool) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in (_P, _PPR):
                continue
            if tag in _TEXT:
                self._text(child, state, inserted, deleted)
            elif tag in _KINDS:
                self._change(child, state, inserted, deleted)
            elif tag == _R and child.find(f"{_RPR}/{_W}rPrChange") is not None:
                self._format(child, state, inserted, deleted)
            elif tag == _RPR:
                continue
            elif tag in _COMMENT_MARKS:
                self._place(_COMMENT_MARKS[tag], child.get(f"{_W}id") or "",
                            len(self.paragraphs), state.at_before, state)
            elif tag == _BOOKMARK:
                name = child.get(f"{_W}name") or ""
                if is_trace_bookmark(name):
                    state.bookmarks.append((name, state.at_before))
            else:
                self._move_range(child)
                self._walk(child, state, inserted, deleted)

    def _text(self, element: Any, state: ParagraphState, inserted: bool, deleted: bool) -> None:
        tag = element.tag
        if tag == f"{_W}tab":
            parent = element.getparent()
            if parent is not None and parent.tag == f"{_W}tabs":
                return
        text = _PIECES.get(tag)
        if text is None:
            text = element.text or ""
        if not inserted:
            state.before.append(text)
            state.at_before += len(text)
        if not deleted and tag != f"{_W}delText":
            state.after.append(text)
            state.at_after += len(text)

    def _change(self, element: Any, state: ParagraphState, inserted: bool, deleted: bool) -> None:
        kind = _KINDS[element.tag]
        move = self._move_name(kind) if kind in (MOVE_FROM, MOVE_TO) else ""
        change = OpenChange(kind, element.get(f"{_W}author") or "", when(element.get(f"{_W}date")),
                       state.at_before, state.at_after, move)
        state.changes.append(change)
        self._walk(element, state, inserted or kind in _INSERTED, deleted or kind in _DELETED)
        change.before_end, change.after_end = state.at_before, state.at_after
        if kind in (MOVE_FROM, MOVE_TO) and not change.move:  # its range starts inside it
            change.move = self._move_name(kind) or self._last_move.get(kind, "")

    def _format(self, run: Any, state: ParagraphState, inserted: bool, deleted: bool) -> None:
        properties = run.find(_RPR)
        old = properties.find(f"{_W}rPrChange")
        detail, formatting = describe_format(properties, old.find(_RPR))
        change = OpenChange(FORMAT, old.get(f"{_W}author") or "", when(old.get(f"{_W}date")),
                       state.at_before, state.at_after, detail=detail,
                       formatting=formatting)
        state.changes.append(change)
        self._walk(run, state, inserted, deleted)
        change.before_end, change.after_end = state.at_before, state.at_after

    def _paragraph_mark(self, element: Any, state: ParagraphState) -> None:
        """The paragraph mark inserted (a new paragraph, or one split in two) or deleted
        (joined to the next), as `w:pPr/w:rPr/w:ins` or `w:del` say."""
        mark = element.find(f"{_PPR}/{_RPR}")
        if mark is None:
            return
        for child in mark:
            kind = {f"{_W}ins": PARAGRAPH_INSERT, f"{_W}moveTo": PARAGRAPH_INSERT,
                    f"{_W}del": PARAGRAPH_DELETE, f"{_W}moveFrom": PARAGRAPH_DELETE
                    }.get(child.tag)
            if kind is None:
                continue
            detail = ("paragraph break inserted: the text after it is a new paragraph"
                      if kind == PARAGRAPH_INSERT else
                      "paragraph break deleted: joined to the next paragraph")
            at_before, at_after = state.at_before, state.at_after
            state.changes.append(OpenChange(kind, child.get(f"{_W}author") or "",
                                       when(child.get(f"{_W}date")), at_before, at_after,
                                       detail=detail, before_end=at_before,
                                       after_end=at_after))

    def _paragraph_format(self, element: Any, state: ParagraphState, before: int,
                          after: int) -> None:
        """A change of the paragraph's style or formatting (`w:pPrChange`)."""
        old = element.find(f"{_PPR}/{_W}pPrChange")
        if old is None:
            return
        style = self._style(element)
        was = old.find(f"{_PPR}/{_W}pStyle")
        was_name = self.default_style if was is None else self.styles.get(
            was.get(f"{_W}val") or "", was.get(f"{_W}val") or "")
        detail = (f"paragraph style {was_name!r} changed to {style!r}" if was_name != style
                  else "paragraph formatting changed")
        state.changes.append(OpenChange(FORMAT, old.get(f"{_W}author") or "",
                                   when(old.get(f"{_W}date")), 0, 0, detail=detail,
                                   before_end=before, after_end=after))


_PIECES = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def _on(properties: Any, name: str) -> bool:
    element = None if properties is None else properties.find(f"{_W}{name}")
    if element is None:
        return False
    if name == "u":
        return (element.get(f"{_W}val") or "single") != "none"
    return (element.get(f"{_W}val") or "true").lower() not in ("0", "false", "off")


def _value(properties: Any, name: str) -> str | None:
    element = None if properties is None else properties.find(f"{_W}{name}")
    if element is None:
        return None
    return " ".join(f"{k}={v}" for k, v in sorted(element.attrib.items()))


def describe_format(now: Any, was: Any) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """What a formatting change did, in words ("bold added, italic removed"), and what
    it did of what brief's Markdown can say ((("bold", True),))."""
    words: list[str] = []
    formatting: list[tuple[str, bool]] = []
    for name, label in _TOGGLES.items():
        on, before = _on(now, name), _on(was, name)
        if on != before:
            words.append(f"{label} {'added' if on else 'removed'}")
            if label in _MARKDOWN:
                formatting.append((label, on))
    if _on(now, "u") != _on(was, "u"):
        words.append(f"underline {'added' if _on(now, 'u') else 'removed'}")
    for name, label in _OTHERS.items():
        if name != "u" and _value(now, name) != _value(was, name):
            words.append(f"{label} changed")
    return ", ".join(words) or "formatting changed", tuple(formatting)


def finished_changes(opened: list[OpenChange], before: str, after: str) -> Iterator[Change]:
    """The changes read, as `Change`s: those that changed nothing left out (an insertion
    deleted again), and the pieces of one change split over runs joined."""
    merged: list[OpenChange] = []
    for change in opened:
        if change.kind in _INSERTED and change.after_start == change.after_end:
            continue  # nothing of it is left
        if change.kind in _DELETED and change.before_start == change.before_end:
            continue  # it deleted what another change had inserted
        if change.kind == FORMAT and change.before_start == change.before_end \
                and change.after_start == change.after_end:
            continue
        last = merged[-1] if merged else None
        if last is not None and _joins(last, change):
            last.before_end, last.after_end = change.before_end, change.after_end
        else:
            merged.append(replace(change))
    for change in merged:
        text = (before[change.before_start:change.before_end] if change.kind in _DELETED
                else after[change.after_start:change.after_end])
        yield Change(change.kind, change.author, change.date, change.before_start,
                     change.before_end, change.after_start, change.after_end, text,
                     change.detail, change.move, change.formatting)


def _joins(last: OpenChange, change: OpenChange) -> bool:
    return (last.kind == change.kind and last.author == change.author
            and last.date == change.date and last.move == change.move
            and last.detail == change.detail and last.formatting == change.formatting
            and last.kind not in (PARAGRAPH_INSERT, PARAGRAPH_DELETE)
            and last.before_end == change.before_start
            and last.after_end == change.after_start)
