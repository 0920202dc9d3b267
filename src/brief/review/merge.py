"""Words edited on two sides of one text: the reviewer's edits made to the text as it was
built, carried onto the text as the analyst has changed it since (a three-way merge of
words), and plain edits made to a text."""

from __future__ import annotations

from collections.abc import Sequence

from .markdown_edit import PlainEdit, word_edits


def apply_edits(text: str, edits: Sequence[PlainEdit]) -> str:
    """`text` with `edits` (offsets into `text`, none overlapping) made."""
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[at:edit.start])
        out.append(edit.text)
        at = max(at, edit.end)
    out.append(text[at:])
    return "".join(out)


def _widened(edit: PlainEdit, base: str) -> PlainEdit:
    """`edit` with the spaces on either side of it: words inserted there touch it."""
    start, end = edit.start, edit.end
    while start > 0 and base[start - 1].isspace():
        start -= 1
    while end < len(base) and base[end].isspace():
        end += 1
    return PlainEdit(start, end, edit.text)


def _overlap(a: PlainEdit, b: PlainEdit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one place: which goes first?
    if a.start == a.end:  # words inserted inside or at the edge of words changed
        return b.start <= a.start <= b.end
    if b.start == b.end:
        return a.start <= b.start <= a.end
    return a.start < b.end and b.start < a.end


def merge3(base: str, ours: str, theirs: str) -> str | None:
    """`base` with both the edits that made `ours` and those that made `theirs` (each a
    set of whole-word edits of `base`); None where an edit of one side overlaps one of
    the other's (a conflict). Edits the two sides both made are made once."""
    mine, yours = word_edits(base, ours), word_edits(base, theirs)
    shared = set(mine) & set(yours)
    mine = [e for e in mine if e not in shared]
    yours = [e for e in yours if e not in shared]
    if any(_overlap(_widened(a, base), _widened(b, base)) for a in mine for b in yours):
        return None
    return apply_edits(base, [*shared, *mine, *yours])
