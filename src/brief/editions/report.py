"""What changed between two editions as `brief diff` prints it: text for the analyst, in
the order a reader meets it (the bottom line, the decision requested, key judgments,
sources, points, recommendations), or JSON for other tools."""

from __future__ import annotations

from typing import Any

from ..dates import display_date
from ..errors import display_path
from ..text import show_word_ops
from .compare import (
    EditionChanges,
    JudgmentChange,
    PassageChanges,
    PointChange,
    SourceChange,
    WordDiff,
)
from .edition import Edition, Judgment, Passage


def changes_text(changes: EditionChanges) -> list[str]:
    """The lines `brief diff` prints."""
    old, new = changes.old, changes.new
    lines = [f"{_named(old)} → {_named(new)}"]
    if not changes.compared:
        lines.append(f"note: {display_path(_unrecorded(changes).path)} was written by an "
                     "earlier brief, which did not record key judgments, points or the "
                     "decision: only the sources are compared (build that edition again to "
                     "record them)")
    if not changes:
        lines.append("no changes to the bottom line, decision requested, key judgments, "
                     "sources, passages or recommendations")
        return lines
    if changes.bluf_words:
        lines += ["", "Bottom line", f"  reworded: {word_diff(changes.bluf_words)}"]
    if changes.decision_changed:
        lines += ["", "Decision requested", *_decision_lines(changes)]
    if changes.changed_judgments:
        lines += ["", "Key judgments"]
        for change in changes.changed_judgments:
            lines += _judgment_lines(change)
    if changes.sources:
        lines += ["", "Sources"]
        for source in changes.sources:
            if source.new is not None and source.old is None:
                lines.append(f"  added: {source.new.id} {_title(source.new.title)}"
                             f"{_graded(source.new.reliability)}")
            elif source.old is not None and source.new is None:
                lines.append(f"  removed: {source.old.id} {_title(source.old.title)}")
            elif source.old is not None and source.new is not None:
                lines.append(f"  {source.new.id}: graded {source.old.reliability or 'ungraded'}"
                             f" → {source.new.reliability or 'ungraded'}")
    for heading, recommendations in (("Points", False), ("Recommendations", True)):
        found = [c for c in changes.points
                 if (c.point.kind == "recommendations") == recommendations]
        if found:
            lines += ["", heading, *(line for c in found for line in _point_lines(c))]
    return lines


def _unrecorded(changes: EditionChanges) -> Edition:
    return changes.new if changes.old.recorded else changes.old


def _named(edition: Edition) -> str:
    date = display_date(edition.date)
    return f"{display_path(edition.path)}" + (f" ({date})" if date else "")


def _title(title: str | None) -> str:
    return f"“{title}”" if title else "(untitled)"


def _graded(reliability: str | None) -> str:
    return f", graded {reliability}" if reliability else ", ungraded"


def _estimate(judgment: Judgment) -> str:
    scale_range = f" ({judgment.range})" if judgment.range else ""
    return f"*{judgment.likelihood}*{scale_range}"


def _judgment_lines(change: JudgmentChange) -> list[str]:
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        return [f"  KJ {old.number} removed: {_estimate(old)}, confidence {old.confidence}: "
                f"{old.text}"]
    if old is None:
        return [f"  KJ {new.number} added: {_estimate(new)}, confidence {new.confidence}: "
                f"{new.text}"]
    name = f"KJ {new.number}" + (f" (KJ {old.number} before)" if old.number != new.number
                                 else "")
    moves = []
    if change.likelihood_moved:
        moves.append(f"{_estimate(old)} → {_estimate(new)}")
    if change.confidence_moved:
        moves.append(f"confidence {old.confidence} → {new.confidence}")
    lines = [f"  {name}: {', '.join(moves)}" if moves else f"  {name}:"]
    if new.change_note and (moves or change.words):
        lines.append(f"      why: {' '.join(new.change_note.split())}")
    if change.words:
        lines.append(f"      reworded: {word_diff(change.words)}")
    lines += _passage_lines(change.passages)
    return lines


def _passage_lines(passages: PassageChanges) -> list[str]:
    return [*(f"      passage added: {p.label}" for p in passages.added),
            *(f"      passage removed: {p.label}" for p in passages.removed),
            *(f"      passage {now.label}: credibility {then.credibility or 'ungraded'} → "
              f"{now.credibility or 'ungraded'}" for then, now in passages.regraded)]


def _point_lines(change: PointChange) -> list[str]:
    point = change.point
    place = f"  {point.section}, point {point.number}"
    if change.status == "added":
        return [f"{place} added: {point.text}"]
    if change.status == "removed":
        return [f"{place} removed: {point.text}"]
    assert change.old is not None and change.new is not None
    moved = f" (point {change.old.number} before)" if change.old.number != point.number else ""
    lines = [f"{place}{moved}:"]
    if change.words:
        lines.append(f"      reworded: {word_diff(change.words)}")
    return lines + _passage_lines(change.passages)


def _decision_lines(changes: EditionChanges) -> list[str]:
    old, new = changes.old, changes.new
    if new.decision is None:
        return [f"  removed: {old.decision}"]
    if old.decision is None:
        return [f"  added: {new.decision}"]
    lines = [f"  reworded: {word_diff(changes.decision_words)}"] if changes.decision_words else []
    if changes.deadline is not None:
        then, now = (display_date(d) or "none" for d in changes.deadline)
        lines.append(f"  deadline: {then} → {now}")
    return lines


_CONTEXT = 4  # words kept on each side of a change, where a long run is unchanged


def word_diff(words: WordDiff) -> str:
    """A word diff as text: `kept [-dropped-] {+added+}`; a long run of words kept is cut
    to the few beside each change (`… the war in the coming weeks`)."""
    return show_word_ops(words, _CONTEXT)


def changes_json(changes: EditionChanges) -> dict[str, Any]:
    """What `brief diff --json` prints."""
    return {
        "old": _edition_json(changes.old), "new": _edition_json(changes.new),
        "complete": changes.compared,
        "bluf": {"from": changes.old.bluf, "to": changes.new.bluf,
                 "words": _words_json(changes.bluf_words)} if changes.bluf_words else None,
        "key_judgments": [_judgment_json(c) for c in changes.changed_judgments],
        "sources": [_source_json(c) for c in changes.sources],
        "points": [_point_json(c) for c in changes.points
                   if c.point.kind != "recommendations"],
        "recommendations": [_point_json(c) for c in changes.points
                            if c.point.kind == "recommendations"],
        "decision": {"from": changes.old.decision, "to": changes.new.decision,
                     "words": _words_json(changes.decision_words),
                     "deadline": {"from": changes.old.deadline, "to": changes.new.deadline}}
        if changes.decision_changed else None,
    }


def _source_json(change: SourceChange) -> dict[str, Any]:
    source = change.new or change.old
    assert source is not None
    return {"status": change.status, "id": source.id, "title": source.title,
            "reliability": {"from": change.old.reliability if change.old else None,
                            "to": change.new.reliability if change.new else None}}


def _edition_json(edition: Edition) -> dict[str, Any]:
    return {"path": display_path(edition.path), "title": edition.title, "date": edition.date,
            "likelihood_scale": edition.scale}


def _words_json(words: WordDiff) -> list[dict[str, str]]:
    names = {"=": "kept", "-": "removed", "+": "added"}
    return [{names[op]: text} for op, text in words]


def _judgment_json(change: JudgmentChange) -> dict[str, Any]:
    def judgment(j: Judgment | None) -> dict[str, Any] | None:
        return None if j is None else {
            "number": j.number, "id": j.id, "text": j.text, "likelihood": j.likelihood,
            "range": j.range, "confidence": j.confidence}

    old, new = change.old, change.new
    moves: dict[str, Any] = {"likelihood": None, "confidence": None}
    if old is not None and new is not None:
        if change.likelihood_moved:
            moves["likelihood"] = {"from": old.likelihood, "to": new.likelihood}
        if change.confidence_moved:
            moves["confidence"] = {"from": old.confidence, "to": new.confidence}
    return {
        "status": change.status, "old": judgment(old), "new": judgment(new), **moves,
        "change_note": new.change_note if new else None,
        "words": _words_json(change.words), "passages": _passages_json(change.passages),
    }


def _passages_json(passages: PassageChanges) -> dict[str, Any]:
    def passage(p: Passage) -> dict[str, Any]:
        return {"source": p.source, **dict(p.selector), "credibility": p.credibility,
                "label": p.label}

    return {"added": [passage(p) for p in passages.added],
            "removed": [passage(p) for p in passages.removed],
            "regraded": [{**passage(now), "credibility": {"from": then.credibility,
                                                          "to": now.credibility}}
                         for then, now in passages.regraded]}


def _point_json(change: PointChange) -> dict[str, Any]:
    point = change.point
    return {"status": change.status, "section": point.section, "kind": point.kind,
            "number": point.number, "old_number": change.old.number if change.old else None,
            "text": point.text, "old_text": change.old.text if change.old else None,
            "words": _words_json(change.words), "passages": _passages_json(change.passages)}
