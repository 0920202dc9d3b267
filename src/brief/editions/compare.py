"""What changed between two editions: key judgments matched across them (by `id`, else by
their wording, not by their place alone), their likelihood, confidence, wording and
passages; the sources and their grades; each point's passages; and the decision
requested, and the bottom line. Recommendations are the points of `recommendations`
sections."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..text import WordOps, word_ops
from .edition import Edition, Judgment, Passage, Point, SourceRef

T = TypeVar("T")
# How alike two wordings must be (difflib's ratio of their words) to be one judgment or
# point reworded, rather than one dropped and another added.
SAME_POINT = 0.5
# A word diff: ("=", words kept), ("-", words dropped), ("+", words added).
WordDiff = WordOps


@dataclass(frozen=True)
class PassageChanges:
    """How the passages behind a judgment or point changed."""

    added: tuple[Passage, ...] = ()
    removed: tuple[Passage, ...] = ()
    # A passage kept whose credibility changed: (passage then, passage now).
    regraded: tuple[tuple[Passage, Passage], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.regraded)


@dataclass(frozen=True)
class JudgmentChange:
    """A key judgment in either edition or both, and what changed in it."""

    old: Judgment | None
    new: Judgment | None
    words: WordDiff = ()  # empty when the wording is the same
    passages: PassageChanges = PassageChanges()

    @property
    def status(self) -> str:
        """`added`, `removed`, `changed` or `unchanged`."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if (self.words or self.passages or self.likelihood_moved
                             or self.confidence_moved) else "unchanged"

    @property
    def likelihood_moved(self) -> bool:
        return self.old is not None and self.new is not None and \
            self.old.likelihood != self.new.likelihood

    @property
    def confidence_moved(self) -> bool:
        return self.old is not None and self.new is not None and \
            self.old.confidence != self.new.confidence


@dataclass(frozen=True)
class PointChange:
    """A point of a section in either edition or both, and what changed in it."""

    old: Point | None
    new: Point | None
    words: WordDiff = ()
    passages: PassageChanges = PassageChanges()

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.words or self.passages else "unchanged"

    @property
    def point(self) -> Point:
        point = self.new or self.old
        assert point is not None
        return point


@dataclass(frozen=True)
class SourceChange:
    """A source added, removed, or graded anew."""

    old: SourceRef | None
    new: SourceRef | None

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "regraded"


@dataclass(frozen=True)
class EditionChanges:
    """What changed from the `old` edition to the `new` one."""

    old: Edition
    new: Edition
    judgments: tuple[JudgmentChange, ...]  # every judgment of either, in the new order
    points: tuple[PointChange, ...]  # the points that changed, in the new order
    sources: tuple[SourceChange, ...]
    decision_words: WordDiff = ()  # the decision requested, reworded
    bluf_words: WordDiff = ()  # the bottom line, reworded
    deadline: tuple[str | None, str | None] | None = None  # (then, now), if it moved

    @property
    def compared(self) -> bool:
        """Whether both editions record their judgments (an old manifest does not)."""
        return self.old.recorded and self.new.recorded

    @property
    def changed_judgments(self) -> tuple[JudgmentChange, ...]:
        return tuple(c for c in self.judgments if c.status != "unchanged")

    @property
    def decision_changed(self) -> bool:
        return bool(self.decision_words) or self.deadline is not None or (
            self.compared and (self.old.decision is None) != (self.new.decision is None))

    def __bool__(self) -> bool:
        return bool(self.changed_judgments or self.points or self.sources
                    or self.decision_changed or self.bluf_words)


def compare(old: Edition, new: Edition) -> EditionChanges:
    """What changed from `old` to `new` (see the module's docstring)."""
    judgments: list[JudgmentChange] = []
    if old.judgments is not None and new.judgments is not None:
        for before, after in match(old.judgments, new.judgments, lambda j: j.id,
                                   lambda j: j.text):
            judgments.append(JudgmentChange(
                before, after, _words(before.text, after.text) if before and after else (),
                _passages(before.passages, after.passages) if before and after
                else PassageChanges()))
    decision_words: WordDiff = ()
    deadline = None
    if old.recorded and new.recorded:
        if old.decision is not None and new.decision is not None:
            decision_words = _words(old.decision, new.decision)
        if old.decision is not None and new.decision is not None and \
                old.deadline != new.deadline:
            deadline = (old.deadline, new.deadline)
    both = old.recorded and new.recorded  # an old manifest records no points nor grades
    bluf_words = _words(old.bluf, new.bluf) if old.bluf and new.bluf else ()
    return EditionChanges(old, new, tuple(judgments), _points(old, new) if both else (),
                          _sources(old.sources, new.sources, graded=both),
                          decision_words=decision_words, deadline=deadline,
                          bluf_words=bluf_words)


def match(old: Sequence[T], new: Sequence[T], id_of: Callable[[T], str | None],
          text_of: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Pair the items of two editions: by id where both have the same, then by the same
    wording, then the most alike wordings (at least `SAME_POINT` alike; the nearer in
    place first among equals). Return the pairs in the new order, each item of `old`
    left over (removed) after the new item it followed."""
    pairs: dict[int, int] = {}  # new index -> old index
    ids = {id_of(item): n for n, item in enumerate(old) if id_of(item)}
    for n, item in enumerate(new):
        wanted = id_of(item)
        if wanted and wanted in ids:
            pairs[n] = ids[wanted]
    for n, item in enumerate(new):
        if n in pairs:
            continue
        same = next((o for o, before in enumerate(old) if o not in pairs.values()
                     and _normal(text_of(before)) == _normal(text_of(item))
                     and not (id_of(before) and id_of(item))), None)
        if same is not None:
            pairs[n] = same
    candidates = sorted(
        ((-_alike(text_of(before), text_of(after)), abs(o - n), n, o)
         for n, after in enumerate(new) if n not in pairs
         for o, before in enumerate(old) if o not in pairs.values()
         if not (id_of(before) and id_of(after))), key=lambda c: c[:3])
    for score, _, n, o in candidates:
        if -score >= SAME_POINT and n not in pairs and o not in pairs.values():
            pairs[n] = o
    result: list[tuple[T | None, T | None]] = []
    taken = set(pairs.values())
    left = [o for o in range(len(old)) if o not in taken]
    for n, item in enumerate(new):
        result.append((old[pairs[n]] if n in pairs else None, item))
    for o in left:  # after the last new item that came from an old one before it
        at = max((i + 1 for i, (before, _) in enumerate(result)
                  if before is not None and old.index(before) < o), default=0)
        result.insert(at, (old[o], None))
    return result


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _normal(a).split(), _normal(b).split(),
                                   autojunk=False).ratio()


def _words(old: str, new: str) -> WordDiff:
    """The word diff of two wordings; empty when they read the same."""
    if _normal(old) == _normal(new):
        return ()
    return word_ops(old, new)


def _passages(old: tuple[Passage, ...], new: tuple[Passage, ...]) -> PassageChanges:
    before = {(p.source, p.selector): p for p in old}
    after = {(p.source, p.selector): p for p in new}
    return PassageChanges(
        tuple(p for k, p in after.items() if k not in before),
        tuple(p for k, p in before.items() if k not in after),
        tuple((before[k], p) for k, p in after.items()
              if k in before and before[k].credibility != p.credibility))


def _points(old: Edition, new: Edition) -> tuple[PointChange, ...]:
    """The points that changed, section by section (a section known by its title, else
    by its kind where each edition has one section of it)."""
    def sections(edition: Edition) -> dict[str, list[Point]]:
        found: dict[str, list[Point]] = {}
        for point in edition.points:
            found.setdefault(point.section, []).append(point)
        return found

    before, after = sections(old), sections(new)
    kinds_before = _single_kinds(old)
    kinds_after = _single_kinds(new)
    changes: list[PointChange] = []
    done: set[str] = set()
    for title, points in after.items():
        was: str | None = title
        if title not in before:  # renamed: the one section of its kind in each edition
            was = next((t for t, k in kinds_before.items() if k == kinds_after.get(title)
                        and t not in after), None)
        done.add(was or "")
        for then, now in match(before.get(was or "", []), points, lambda _: None,
                               lambda p: p.text):
            change = PointChange(then, now, _words(then.text, now.text) if then and now else (),
                                 _passages(then.passages, now.passages) if then and now
                                 else PassageChanges())
            if change.status != "unchanged":
                changes.append(change)
    for title, points in before.items():
        if title not in done:
            changes += [PointChange(p, None) for p in points]
    return tuple(changes)


def _single_kinds(edition: Edition) -> dict[str, str]:
    """Each section's title with its kind, for the kinds that only one section has."""
    kinds: dict[str, str] = {}
    for point in edition.points:
        kinds.setdefault(point.section, point.kind)
    counts = list(kinds.values())
    return {title: kind for title, kind in kinds.items() if counts.count(kind) == 1}


def _sources(old: tuple[SourceRef, ...], new: tuple[SourceRef, ...], *, graded: bool
             ) -> tuple[SourceChange, ...]:
    """Sources added, removed, or graded anew (known by their file, else their id)."""
    def key(source: SourceRef) -> str:
        return source.file

    before = {key(s): s for s in old}
    by_id = {s.id: s for s in old}
    changes = []
    seen = set()
    for source in new:
        then = before.get(key(source)) or by_id.get(source.id)
        if then is None:
            changes.append(SourceChange(None, source))
            continue
        seen.add(then.id)
        if graded and then.reliability != source.reliability:
            changes.append(SourceChange(then, source))
    changes += [SourceChange(s, None) for s in old if s.id not in seen]
    order = ("added", "removed", "regraded")
    return tuple(sorted(changes, key=lambda c: order.index(c.status)))
