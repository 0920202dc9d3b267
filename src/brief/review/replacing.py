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

from collections.abc import Sequence
from dataclasses import replace

from .markdown_edit import PlainEdit, word_edits
from .placing import Placed
from .reviewed import DELETE, INSERT


def replacements(items: Sequence[Placed]) -> list[Placed]:
    """`items` (the placed changes of a file), each deletion joined with the insertions
    its reviewer made beside or inside it, and reduced to the words that changed."""
    deletions = [i for i in items if i.kind == DELETE and i.end > i.start and not i.text]
    partner: dict[int, list[Placed]] = {}
    taken: set[int] = set()
    for index, item in enumerate(items):
        if item.kind != INSERT or not item.text:
            continue
        deletion = _beside(item, deletions)
        if deletion is not None:
            partner.setdefault(id(deletion), []).append(item)
            taken.add(index)
    out: list[Placed] = []
    for index, item in enumerate(items):
        if index in taken:
            continue
        inserted = partner.get(id(item))
        out += _reduced(item, inserted) if inserted else [item]
    return out


def _beside(insertion: Placed, deletions: Sequence[Placed]) -> Placed | None:
    """The deletion `insertion` replaces: by the same reviewer, in the same paragraph,
    with the insertion at its edge or inside it (the nearest in the file's order)."""
    near = [d for d in deletions if d.author == insertion.author
            and d.paragraph == insertion.paragraph
            and d.start <= insertion.start <= d.end]
    return min(near, key=lambda d: abs(d.order - insertion.order), default=None)


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
    exactly where each edit is (`ally {+on its western flank+}.`), with `context` words
    kept either side of a change (`…` where cut), as `brief diff` shows a rewording."""
    parts: list[str] = []
    at = 0
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for index, edit in enumerate(ordered):
        parts.append(_kept(text[at:edit.start], context, first=index == 0, last=False))
        removed = _marked(text[edit.start:edit.end], "[-{}-]")
        added = _marked(edit.text, "{{+{}+}}")
        parts.append(f"{removed.rstrip()} {added.lstrip()}" if removed.strip() and
                     added.strip() else removed + added)
        at = edit.end
    parts.append(_kept(text[at:], context, first=not ordered, last=True))
    return " ".join("".join(parts).split(" ")).strip().replace("\n", " ")


def _marked(words: str, mark: str) -> str:
    """`words` marked, the white space at their edges left outside the marks."""
    inner = words.strip()
    if not inner:
        return words if words.isspace() else ""
    lead = words[:len(words) - len(words.lstrip())]
    trail = words[len(words.rstrip()):]
    return f"{lead and ' '}{mark.format(' '.join(inner.split()))}{trail and ' '}"


def _kept(words: str, context: int, *, first: bool, last: bool) -> str:
    """Kept words between changes, cut to `context` words beside each where many."""
    lead = " " if words[:1].isspace() else ""
    trail = " " if words[-1:].isspace() else ""
    kept = words.split()
    if len(kept) > 3 * context:
        head = "" if first else " ".join(kept[:context])
        tail = "" if last else " ".join(kept[-context:])
        return lead + " ".join(p for p in (head, "…", tail) if p) + trail
    return lead + " ".join(kept) + trail
