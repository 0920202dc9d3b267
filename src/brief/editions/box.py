"""The memo's "Since our memo of 22 March 2022" box, written from what changed since the
previous edition (`previous:`), in the template's words (its labels): each key judgment
whose likelihood or confidence moved, with the analyst's `change_note`; the judgments
added and dropped; the sources added. And the warning of `brief check` for a likelihood
that moved without a `change_note`."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..dates import DateProblem, format_date, parse_date
from ..errors import BriefWarning, SpecWarning
from ..markdown_text import parse_markdown
from ..model import ChangesBox, RichText, Span, TextBlock
from ..spec import BriefingSpec
from .compare import EditionChanges, JudgmentChange
from .edition import Edition, Judgment

_FIELD = re.compile(r"\{(\w+)\}")


def changes_box(changes: EditionChanges, labels: Mapping[str, str], shorts: Mapping[str, str],
                *, date_format: str, language: str, release: bool = False) -> ChangesBox:
    """The box of `changes` (from the previous edition to this memo); `shorts` are the
    sources' short names. A `release` (a version for a wider audience) leaves out the
    judgments dropped: one withheld from it would read as dropped, and its words must not
    reach that audience."""
    date = _date(changes.old.date, date_format, language)
    heading = labels["changes"].replace("{date}", date) if date else labels["changes_undated"]
    items: list[RichText] = []
    for change in changes.judgments:
        item = _judgment_item(change, labels, release)
        if item:
            items.append(item)
    added = [shorts.get(c.new.id, c.new.id) for c in changes.sources
             if c.new is not None and c.old is None]
    if added:
        items.append((TextBlock(_fill(labels["change_sources"],
                                      sources=(Span(", ".join(added)),))),))
    if not items:
        items.append((TextBlock((Span(labels["change_none"]),)),))
    return ChangesBox(heading, tuple(items))


def _date(iso: str | None, picture: str, language: str) -> str | None:
    if not iso:
        return None
    try:
        return format_date(parse_date(iso, language), picture, language)
    except DateProblem:
        return iso


def _judgment_item(change: JudgmentChange, labels: Mapping[str, str],
                   release: bool) -> RichText:
    old, new = change.old, change.new
    if new is None:
        if release or old is None:
            return ()
        return (TextBlock(_fill(labels["change_removed"], text=_inline(old.text))),)
    number = (Span(str(new.number)),)
    sentences: list[Span] = []
    if old is None:
        sentences += _fill(labels["change_added"], number=number, text=_inline(new.text))
    else:
        sentences += _moves(change, labels, number)
    if not sentences:
        return ()
    note = parse_markdown(new.change_note)
    if note and isinstance(note[0], TextBlock):  # "… went from moderate to low. Why: …"
        why = _fill(labels["change_note"], note=note[0].spans)
        return (TextBlock((*sentences, Span(" "), *why)), *note[1:])
    return (TextBlock(tuple(sentences)), *note)


def _moves(change: JudgmentChange, labels: Mapping[str, str],
           number: tuple[Span, ...]) -> list[Span]:
    """What moved in a judgment of both editions, in the template's words."""
    old, new = change.old, change.new
    assert old is not None and new is not None
    sentences: list[Span] = []
    if change.likelihood_moved:
        sentences += _fill(labels["change_likelihood"], number=number,
                           now=_estimate(new), then=_estimate(old))
    if change.confidence_moved:
        sentences += [Span(" ")] if sentences else []
        sentences += _fill(labels["change_confidence"], number=number,
                           now=(Span(new.confidence),), then=(Span(old.confidence),))
    if not sentences and new.change_note and change.words:
        sentences += _fill(labels["change_reworded"], number=number)
    return sentences


def _estimate(judgment: Judgment) -> tuple[Span, ...]:
    return (Span(judgment.likelihood, strong=True),
            *([Span(f" ({judgment.range})")] if judgment.range else []))


def _inline(markdown: str) -> tuple[Span, ...]:
    """A judgment's words as spans of one paragraph."""
    blocks = parse_markdown(markdown)
    return tuple(span for block in blocks if isinstance(block, TextBlock)
                 for span in block.spans) or (Span(markdown),)


def _fill(label: str, **values: tuple[Span, ...]) -> tuple[Span, ...]:
    """`label` with each `{name}` replaced by its spans (an unknown name left as written)."""
    spans: list[Span] = []
    at = 0
    for field in _FIELD.finditer(label):
        if field[1] not in values:
            continue
        if field.start() > at:
            spans.append(Span(label[at:field.start()]))
        spans.extend(values[field[1]])
        at = field.end()
    if at < len(label):
        spans.append(Span(label[at:]))
    return tuple(spans)


def previous_warnings(spec: BriefingSpec, previous: Edition) -> list[BriefWarning]:
    """A warning when the previous edition is dated after this memo: `previous` names
    another memo, or a later edition, than the last one."""
    if not previous.date or spec.date is None:
        return []
    try:
        then = parse_date(previous.date)
    except DateProblem:  # not a date: nothing to compare
        return []
    # After the memo only where it cannot be the same day or earlier, as far as both are
    # known (`2022-03` is not after `2022-03-15`).
    if then.first_day() <= spec.date.last_day():
        return []
    return [SpecWarning(
        f"the previous edition ({spec.previous}) is dated {previous.date}, after this memo "
        f"({spec.date.iso})", spec.where(("previous",)),
        hint="name the last edition before this one (its spec or build manifest)")]



def change_note_warnings(spec: BriefingSpec, changes: EditionChanges | None
                         ) -> list[BriefWarning]:
    """A warning at each key judgment whose likelihood moved since the previous edition
    without a `change_note` saying why; and at each `change_note` the memo does not show:
    with no previous edition named, or on a judgment that has not changed since it (a
    note left from an earlier edition)."""
    if changes is None:
        return [SpecWarning(
            f"key judgment {number} has a change_note, but the spec names no previous "
            "edition: the note is shown only in the box of what changed since it",
            spec.where(("key_judgments", number - 1, "change_note")),
            hint="name the last edition's spec or build manifest with `previous:`, or "
            "remove the note") for number, judgment in enumerate(spec.key_judgments, 1)
            if judgment.change_note]
    found: list[BriefWarning] = []
    for change in changes.judgments:
        old, new = change.old, change.new
        if old is not None and new is not None and new.change_note and not (
                change.likelihood_moved or change.confidence_moved or change.words):
            found.append(SpecWarning(
                f"key judgment {new.number} has not changed since the previous edition "
                f"({spec.previous}): its change_note is not shown; is it left from an "
                "earlier edition?", spec.where(("key_judgments", new.number - 1,
                                                "change_note")),
                hint="remove the note, or change the judgment it explains"))
        if old is None or new is None or not change.likelihood_moved or new.change_note:
            continue
        path = ("key_judgments", new.number - 1, "likelihood")
        found.append(SpecWarning(
            f"key judgment {new.number} moved from '{old.likelihood}' to '{new.likelihood}' "
            f"since the previous edition ({spec.previous}), with no `change_note` saying why",
            spec.where(path),
            hint="add `change_note:` to the judgment: the memo's \"Since our memo of …\" box "
            "gives it as the reason, as ICD 203 asks a product to explain a change of "
            "judgment"))
    return found
