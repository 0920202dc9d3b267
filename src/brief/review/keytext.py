"""A key's words as the memo shows them, and the reviewer's changes as edits of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..origins import ANALYST, TracedParagraph
from .markdown_edit import FormatEdit, PlainEdit
from .placing import FORMAT, JOIN, Placed


@dataclass(frozen=True)
class KeyText:
    """A key's words as the memo shows them (its segments, in trace order, joined by
    "\\n"), and where each segment starts in that text."""

    plain: str
    starts: dict[tuple[str, int], int]  # (bookmark, segment start) -> offset in plain


def key_text(paragraphs: Iterable[TracedParagraph], path: str, kind: str = ANALYST
             ) -> KeyText:
    pieces: list[str] = []
    starts: dict[tuple[str, int], int] = {}
    at, last = 0, None
    for paragraph in paragraphs:
        for segment in paragraph.segments:
            if segment.origin.path != path or segment.origin.kind != kind:
                continue
            if pieces and last != paragraph.bookmark:
                pieces.append("\n")
                at += 1
            starts[(paragraph.bookmark, segment.start)] = at
            words = paragraph.text[segment.start:segment.end]
            pieces.append(words)
            at += len(words)
            last = paragraph.bookmark
    return KeyText("".join(pieces), starts)


def plain_edits(text: KeyText, items: Sequence[Placed]) -> list[PlainEdit | FormatEdit]:
    """The changes as edits of the key's plain text: a deletion and an insertion at
    its edge (a replacement, as LibreOffice records one) become one edit."""
    edits: list[PlainEdit | FormatEdit] = []
    for item in sorted(items, key=lambda i: (i.order, i.start)):
        segment = next((s for s in item.paragraph.segments
                        if s.start <= item.start <= s.end and
                        (item.paragraph.bookmark, s.start) in text.starts), None)
        if segment is None:  # not the key's words (placed by origin: cannot be)
            continue
        base = text.starts[(item.paragraph.bookmark, segment.start)] - segment.start
        start, end = base + item.start, base + item.end
        if item.kind == JOIN:  # the "\n" between this paragraph's words and the next's
            edits.append(PlainEdit(start, start + 1, ""))
        elif item.kind == FORMAT:
            values = dict(item.formatting)
            edits.append(FormatEdit(start, end, values.get("bold"), values.get("italic")))
        else:
            edits.append(PlainEdit(start, end, item.text))
    return joined(edits)


def joined(edits: list[PlainEdit | FormatEdit]) -> list[PlainEdit | FormatEdit]:
    """`edits` with those that touch or overlap made one (a deletion and the insertion
    at its edge: a replacement, as LibreOffice records one)."""
    # At one place, an insertion before a replacement there: it reads before the words
    # that replace the deleted ones (which follow the deleted words in the file).
    plain = sorted((e for e in edits if isinstance(e, PlainEdit)),
                   key=lambda e: (e.start, e.end - e.start != 0, e.end))
    out: list[PlainEdit] = []
    for edit in plain:
        if out and out[-1].end == edit.start:  # touching: one edit
            last = out.pop()
            edit = PlainEdit(last.start, edit.end, last.text + edit.text)
        elif out and out[-1].end > edit.start:  # overlapping (a change without tracking)
            last = out.pop()
            edit = PlainEdit(last.start, max(last.end, edit.end), last.text + edit.text)
        out.append(edit)
    return [*out, *(e for e in edits if isinstance(e, FormatEdit))]


def joined_plain(edits: list[PlainEdit]) -> list[PlainEdit]:
    return [e for e in joined(list(edits)) if isinstance(e, PlainEdit)]


def excerpt(text: str, start: int, end: int, limit: int = 200) -> str:
    """The sentence(s) of `text` around characters `start` to `end`."""
    begin = max(text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
                text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    finish = min(stops) + 1 if stops else len(text)
    words = text[begin:finish].strip()
    if len(words) > limit:
        words = words[:limit - 1].rstrip() + "…"
    more = finish < len(text) - 1 and not words.endswith("…")  # cut: one "…", not two
    return ("…" if begin > 0 else "") + words + ("…" if more else "")


def moved_offset(offset: int, edits: Sequence[PlainEdit]) -> int:
    """Where `offset` of a text stands once `edits` are made in it."""
    return offset + sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= offset)
