"""A reviewer's replacement decided as one change, and reduced to the words it changes.

Word and LibreOffice both record a replacement (words selected and typed over) as a
deletion of the whole selection and an insertion beside it. Taken as they are recorded,
the insertion may land on the other side of an edge the deletion does not cross (a
likelihood's range `(80–95%)` replaced: the new range at the edge of the analyst's words,
and written into them), and the whole selection is rewritten where one word changed (a
bold run's end moved, a word diff and a column wider than the change). So, before a
change is matched to the origins of its words, each deletion is joined with the
insertions the same reviewer made at its edges or inside it, and the pair is reduced to
its fewest whole-word edits (`markdown_edit.word_edits`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .markdown_edit import PlainEdit, word_edits
from .placing import Placed
from .reviewed import DELETE, INSERT


def replacements(items: Sequence[Placed]) -> list[Placed]:
    """`items` (the placed changes of a file), each deletion joined with the insertions
    its reviewer made beside or inside it, next to it in the file (no other change
    between), and reduced to the words that changed."""
    by_order: dict[int, list[Placed]] = {}
    for item in items:
        by_order.setdefault(item.order, []).append(item)
    partner: dict[int, list[Placed]] = {}
    taken: set[int] = set()
    for item in items:
        if item.kind == DELETE and item.end > item.start and not item.text:
            found = _beside(item, by_order, taken)
            if found:
                partner[id(item)] = found
                taken.update(id(i) for i in found)
    out: list[Placed] = []
    for item in items:
        if id(item) in taken:
            continue
        inserted = partner.get(id(item))
        out += _reduced(item, inserted) if inserted else [item]
    return out


def _beside(deletion: Placed, by_order: dict[int, list[Placed]], taken: set[int]
            ) -> list[Placed]:
    """The insertions `deletion` is replaced by: by the same reviewer, in the same
    paragraph, at its edge or inside it, each next in the file's order to the deletion
    or to another of them (as Word and LibreOffice write a replacement)."""
    def fits(order: int) -> Placed | None:
        found = by_order.get(order, [])
        if len(found) != 1:
            return None
        item = found[0]
        ok = (item.kind == INSERT and item.text and id(item) not in taken
              and item.author == deletion.author and item.paragraph == deletion.paragraph
              and deletion.start <= item.start <= deletion.end)
        return item if ok else None

    out: list[Placed] = []
    for step in (1, -1):
        order = deletion.order + step
        while (item := fits(order)) is not None:
            out.append(item)
            order += step
    return out


def _reduced(deletion: Placed, insertions: list[Placed]) -> list[Placed]:
    """The deletion and its insertions as the fewest word edits: each a deletion (with
    the words that replace it, if any) or an insertion, in the file's order of the
    deletion."""
    old = deletion.paragraph.text[deletion.start:deletion.end]
    inserted = sorted(insertions, key=lambda i: i.order)
    # An insertion inside the deleted words (typed among them) reads after them: the
    # reviewer's new words replace the old ones whole.
    new = "".join(i.text for i in inserted if i.start == deletion.start) + \
        "".join(i.text for i in inserted if i.start != deletion.start)
    out = []
    for edit in word_edits(old, new):
        edit = _narrowed(old, edit)
        start, end = deletion.start + edit.start, deletion.start + edit.end
        out.append(replace(deletion, kind=DELETE if end > start else INSERT, start=start,
                           end=end, text=edit.text))
    return out


def _narrowed(old: str, edit: PlainEdit) -> PlainEdit:
    """`edit` of `old` as an insertion or a deletion of whole words where it keeps a
    word's start and end (`ally.` -> `ally on its western flank.`: ` on its western
    flank` inserted after `ally`); else as it is."""
    was, now = old[edit.start:edit.end], edit.text
    if not was or not now:
        return edit
    head = 0
    while head < min(len(was), len(now)) and was[head] == now[head]:
        head += 1
    tail = 0
    while tail < min(len(was), len(now)) - head and was[-1 - tail] == now[-1 - tail]:
        tail += 1
    if head + tail == len(was):
        piece = now[head:len(now) - tail]
        if piece.strip() and (piece[0].isspace() or piece[-1].isspace()):
            return PlainEdit(edit.start + head, edit.start + head, piece)
    elif head + tail == len(now):
        piece = was[head:len(was) - tail]
        if piece.strip() and (piece[0].isspace() or piece[-1].isspace()):
            return PlainEdit(edit.start + head, edit.end - tail, "")
    return edit


def edit_diff(text: str, edits: Sequence[PlainEdit], context: int = 4) -> str:
    """`edits` of `text` as a one-line word diff, `[-removed-]` and `{+added+}` placed
    exactly where each edit is, with `context` words kept either side of a change (`…`
    where cut), as `brief diff` shows a rewording. Read with its marks taken out (the
    kept words and `[-…-]` one side, the kept words and `{+…+}` the other), it gives the
    text before and after: a space is put beside a mark only where it parts no word
    (`ally{+ on its western flank+}.`, `in the [-coming-] {+next few+} weeks`)."""
    parts: list[list[str]] = []  # [kind, words]: "=" kept, "-" removed, "+" added
    at = 0
    for edit in _whole_words(text, sorted(edits, key=lambda e: (e.start, e.end))):
        parts += [["=", text[at:edit.start]], ["-", text[edit.start:edit.end]],
                  ["+", edit.text]]
        at = edit.end
    parts = [p for p in [*parts, ["=", text[at:]]] if p[1]]
    want = _sides(parts)
    for index, part in enumerate(parts):
        if part[0] == "=":
            continue
        words = part[1]
        for moved in (_outside(parts, index, words, lead=True),
                      _outside(parts, index, words, lead=False)):
            if moved is not None and _sides(moved) == want:
                parts[:] = moved
                words = parts[index][1] if index < len(parts) else words
    shown = []
    for index, (kind, words) in enumerate(parts):
        if kind == "=":
            shown.append(_cut(words, context, first=index == 0, last=index == len(parts) - 1))
            continue
        mark = "[-{}-]" if kind == "-" else "{{+{}+}}"
        shown.append(mark.format(words.replace("\n", " ")))
        following = parts[index + 1] if index + 1 < len(parts) else None
        if following is not None and following[0] != "=":
            spaced = [*parts[:index + 1], ["=", " "], *parts[index + 1:]]
            if _sides(spaced) == want:
                shown.append(" ")
    return re.sub(" {2,}", " ", "".join(shown).replace("\n", " ")).strip()


def _sides(parts: list[list[str]]) -> tuple[str, str]:
    """The text before and after of a diff's parts, white space folded."""
    old = "".join(w for k, w in parts if k != "+")
    new = "".join(w for k, w in parts if k != "-")
    return " ".join(old.split()), " ".join(new.split())


def _outside(parts: list[list[str]], index: int, words: str, *, lead: bool
             ) -> list[list[str]] | None:
    """The parts with the white space at one edge of mark `index` put outside it (None
    where there is none, or the mark would be empty)."""
    inner = words.lstrip() if lead else words.rstrip()
    if inner == words or not inner.strip():
        return None
    space = words[:len(words) - len(inner)] if lead else words[len(inner):]
    kind = parts[index][0]
    moved = [list(p) for p in parts]
    moved[index] = [kind, inner]
    moved.insert(index if lead else index + 1, ["=", " " if space else ""])
    return moved


def _cut(words: str, context: int, *, first: bool, last: bool) -> str:
    """Kept words between changes, cut to `context` words beside each where many."""
    if not words.strip():
        return " " if words else ""
    lead = " " if words[:1].isspace() else ""
    trail = " " if words[-1:].isspace() else ""
    kept = words.split()
    if len(kept) > 3 * context:
        head = "" if first else " ".join(kept[:context])
        tail = "" if last else " ".join(kept[-context:])
        return lead + " ".join(p for p in (head, "…", tail) if p) + trail
    return lead + " ".join(kept) + trail


def _whole_words(text: str, edits: list[PlainEdit]) -> list[PlainEdit]:
    """Each replacement inside a word (`rushed` of `rushed.`) widened to the whole word
    on both sides (`[-rushed.-] {+hurried.+}`), up to the edits beside it; insertions
    and deletions as they are."""
    out: list[PlainEdit] = []
    for index, edit in enumerate(edits):
        if edit.start == edit.end or not edit.text:
            out.append(edit)
            continue
        low = out[-1].end if out else 0
        high = edits[index + 1].start if index + 1 < len(edits) else len(text)
        start, end = edit.start, edit.end
        while start > low and not text[start - 1].isspace():
            start -= 1
        while end < high and not text[end].isspace():
            end += 1
        out.append(PlainEdit(start, end, text[start:edit.start] + edit.text +
                             text[edit.end:end]))
    return out
