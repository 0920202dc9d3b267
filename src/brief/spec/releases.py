"""Releases: versions of a memo for wider audiences, made from one spec.

Every portion of a memo (the bottom line, the decision requested, each key judgment,
section, point and passage) has a marking: its own `marking`, else that of what holds
it, else the spec's `portion_marking`, else the memo's `marking`. So nothing unmarked
goes wider than the memo unless the analyst says so. A release at a lower marking keeps
only the portions marked at or below it; its title, subtitle and memo header are the
memo's (or its own `title` and `memo`), its bottom line is the memo's if that is marked low
enough (else the release must give its own), and its sources are those it still cites.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..errors import BriefError, BriefNote, BriefWarning, SpecError, Where, visible
from ..schema import did_you_mean
from ..standards.markings import TLP_COLOURS, TLP_ORDER, MarkingOrder, tlp_problem
from ..yamlfile import KeyPath
from .checks import markings_of
from .schema import BriefingSpec, KeyJudgmentSpec, ReleaseSpec, SectionSpec

BLUF: KeyPath = ("bluf",)


def portion_markings(spec: BriefingSpec) -> dict[KeyPath, str | None]:
    """The marking of every portion of the spec, by key path (None for a memo that has
    no marking)."""
    default = spec.portion_marking or spec.marking
    marks: dict[KeyPath, str | None] = {BLUF: spec.bluf_marking or default}
    if spec.decision_requested is not None:
        marks[spec.decision_requested.key_path] = spec.decision_requested.marking or default
    for judgment in spec.key_judgments:
        held = marks[judgment.key_path] = judgment.marking or default
        for passage in judgment.passages:
            marks[passage.key_path] = passage.marking or held
    for section in spec.sections:
        in_section = marks[section.key_path] = section.marking or default
        for point in section.points:
            in_point = marks[point.key_path] = point.marking or in_section
            for passage in point.passages:
                marks[passage.key_path] = passage.marking or in_point
    return marks


def shown_markings(spec: BriefingSpec) -> list[str]:
    """The markings of the portions a portion mark is printed before (the bottom line, the
    decision requested, each key judgment, section and point: not passages, which show
    none), each once, in the memo's order."""
    if not spec.marking:
        return []
    marks = portion_markings(spec)
    return list(dict.fromkeys(m for path, m in marks.items()
                              if m and "passages" not in path))


def portion_marks_on(spec: BriefingSpec, template_marks: bool) -> bool:
    """Whether each portion's marking is printed before it: as the spec's `portion_marks`
    says; else on where the template's are, or where the portions carry more than one
    marking (a reader could not tell otherwise which portion may go wider)."""
    if not spec.marking:
        return False
    if spec.portion_marks is not None:
        return spec.portion_marks
    return template_marks or len(shown_markings(spec)) > 1


def portion_marks_note(spec: BriefingSpec, template_marks: bool) -> BriefNote | None:
    """The note of a memo whose portion marks are on because its portions carry more
    than one marking, which neither the spec nor the template asked for."""
    if spec.portion_marks is not None or template_marks or not portion_marks_on(spec, False):
        return None
    markings = shown_markings(spec)
    return BriefNote(
        f"portion marks are on: the memo's portions carry {len(markings)} markings "
        f"({', '.join(markings)}), so each is printed before it: ({markings[-1]}) …",
        spec.where(("marking",)),
        hint="`portion_marks: false` in the spec turns them off; `portion_marks: true` "
        "keeps them, without this note")


def release_where(spec: BriefingSpec, release: ReleaseSpec) -> Where:
    """Where a release is asked for: its entry under `releases`, or the command line."""
    if release.key_path:
        return spec.where((*release.key_path, "marking"))
    return Where(spec.path, key="--release")


def marking_problems(spec: BriefingSpec, order: MarkingOrder,
                     releases: Iterable[ReleaseSpec]) -> list[BriefError]:
    """What is wrong with the spec's portion markings and releases: a portion marked in
    another system than the memo, or above it; a release that is not below the memo, or
    whose bottom line would be marked above it."""
    problems: list[BriefError] = []
    releases = list(releases)
    given = [(path, marking) for path, marking in markings_of(spec)
             if path != ("marking",) and spec.intact(path) and tlp_problem(marking) is None]
    given += [(("--release",), r.marking) for r in releases if not r.key_path]
    if not given:
        return problems
    memo = spec.marking
    if not memo or not spec.intact(("marking",)) or tlp_problem(memo):
        if not memo:
            path, marking = given[0]
            problems.append(SpecError(
                f"'{marking}' marks a portion or a release, but the memo itself has no "
                "`marking`", _where(spec, path),
                hint="give the memo its `marking`: the most restrictive of its portions'"))
        return problems
    for path, marking in given:
        problem = _level_problem(marking, memo, order)
        if problem:
            problems.append(SpecError(problem[0], _where(spec, path), hint=problem[1]))
        elif path[-1:] != ("--release",) and path[:1] != ("releases",) \
                and order.above(marking, memo):
            problems.append(SpecError(
                f"'{marking}' is above the memo's own marking, {memo}: a memo is marked "
                "with its most restrictive portion's marking", _where(spec, path),
                hint=f"mark the memo {marking}, or this portion lower"))
    if any(_level_problem(m, memo, order) for _, m in given):
        return problems
    marks = portion_markings(spec)
    seen: set[str] = set()
    for release in releases:
        where = release_where(spec, release)
        if release.marking in seen:
            problems.append(SpecError(f"the release {release.marking} is asked for twice",
                                      where))
            continue
        seen.add(release.marking)
        if not order.above(memo, release.marking):
            problems.append(SpecError(
                f"a release at {release.marking} is not for a wider audience than the memo "
                f"itself ({memo})", where,
                hint=f"a release's marking is below the memo's: {', '.join(_below(memo, order))}"
                if _below(memo, order) else "nothing is below the memo's marking"))
            continue
        bluf = marks[BLUF]
        if release.bluf is None and bluf is not None and order.above(bluf, release.marking):
            problems.append(SpecError(
                f"the {release.marking} release has no bottom line it may carry: the memo's "
                f"is marked {bluf}", where,
                hint="give the release its own `bluf:` under `releases:`, or set "
                "`portion_marking:` if what is not marked may go wider"))
    return problems


def _where(spec: BriefingSpec, path: KeyPath) -> Where:
    return Where(spec.path, key="--release") if path == ("--release",) else spec.where(path)


def _level_problem(marking: str, memo: str, order: MarkingOrder) -> tuple[str, str] | None:
    """Why `marking` cannot be compared with the memo's marking, if it cannot."""
    if memo in TLP_COLOURS and marking not in TLP_COLOURS:
        unknown = _unknown_marking(marking, order)
        if unknown is not None:
            return unknown
    if (marking in TLP_COLOURS) != (memo in TLP_COLOURS):
        kinds = ("a TLP label", "a classification")
        mine, theirs = (kinds if marking in TLP_COLOURS else kinds[::-1])
        return (f"'{marking}' is {mine}, and the memo is marked with {theirs} ({memo})",
                "mark a memo's portions and releases in the memo's own system")
    for name in (marking, memo):
        if order.rank(name) is None:
            return (f"'{name}' is not among the template's classifications: "
                    f"{', '.join(order.classifications)}",
                    "add it to `classifications:` in the template's template.yaml, lowest "
                    "first, or use one of these")
    return None


def _unknown_marking(marking: str, order: MarkingOrder) -> tuple[str, str] | None:
    """Why `marking`, given where a TLP label is wanted, is no marking at all (a typo of a
    TLP label, nothing, a line break, a path); None for one of the house's
    classifications, which is a marking of the other system."""
    if order.rank(marking) is not None:
        return None
    problem = tlp_problem(marking)
    if problem is not None:
        return problem
    shown = visible(marking if len(marking) <= 60 else marking[:57] + "...")
    guess = did_you_mean(marking.strip(), TLP_ORDER)
    return (f"'{shown}' is not a marking: a memo marked with a TLP label is released under "
            f"a TLP label{guess}", "give one of " + ", ".join(TLP_ORDER) + ", written so")


def _below(memo: str, order: MarkingOrder) -> list[str]:
    levels = order.levels(memo)
    return list(levels[:levels.index(memo)]) if memo in levels else []


def release_spec(spec: BriefingSpec, release: ReleaseSpec, order: MarkingOrder
                 ) -> BriefingSpec:
    """The spec of a release: the portions marked at or below it, under its marking."""
    marks = portion_markings(spec)
    level = release.marking

    def kept(path: KeyPath) -> bool:
        marking = marks.get(path)
        return marking is None or not order.above(marking, level)

    judgments = tuple(
        dataclasses.replace(j, passages=tuple(p for p in j.passages if kept(p.key_path)))
        for j in spec.key_judgments if kept(j.key_path))
    sections: list[SectionSpec] = []
    for section in spec.sections:
        if not kept(section.key_path):
            continue
        points = tuple(
            dataclasses.replace(pt, passages=tuple(p for p in pt.passages if kept(p.key_path)))
            for pt in section.points if kept(pt.key_path))
        if points or (section.kind == "text" and section.text):
            sections.append(dataclasses.replace(section, points=points))
    decision = spec.decision_requested
    if decision is not None and not kept(decision.key_path):
        decision = None
    cited = {p.source for p in [*(p for j in judgments for p in j.passages),
                                *(p for s in sections for pt in s.points for p in pt.passages)]}
    name = spec.output_name or "{name}"
    return dataclasses.replace(
        spec, title=release.title or spec.title, bluf=release.bluf or spec.bluf,
        marking=level, key_judgments=judgments, sections=tuple(sections),
        decision_requested=decision,
        sources={i: s for i, s in spec.sources.items() if i in cited},
        distribution=release.distribution or spec.distribution, releases=(),
        memo=release.memo if release.memo is not None else spec.memo,
        bluf_marking=level if release.bluf else spec.bluf_marking,
        output_name=name if "{marking}" in name else f"{name}-{{marking}}")


def release_warnings(spec: BriefingSpec, released: BriefingSpec,
                     release: ReleaseSpec, order: MarkingOrder) -> list[BriefWarning]:
    """What a release loses that a reader of it would miss: a key judgment it keeps
    without any of the passages it rests on, a portion marked for it that it leaves out
    with what holds it, or everything."""
    found: list[BriefWarning] = []
    kept: dict[KeyPath, KeyJudgmentSpec] = {j.key_path: j for j in released.key_judgments}
    for number, judgment in enumerate(spec.key_judgments, start=1):
        now = kept.get(judgment.key_path)
        if now is not None and judgment.passages and not now.passages:
            found.append(BriefWarning(
                f"the {release.marking} release keeps key judgment {number} but none of the "
                "passages it rests on: they are marked above the release",
                spec.where(judgment.key_path),
                hint="mark a passage that may go wider, or leave the judgment out of the "
                "release by marking it"))
    found += _stranded(spec, release, order)
    header = spec.memo
    if release.memo is None and release.distribution is not None and (header.to or header.cc):
        shown = "; ".join(f"{name} {value}" for name, value in (("To:", header.to),
                                                                 ("Cc:", header.cc)) if value)
        found.append(BriefWarning(
            f"the {release.marking} release goes to its own distribution but keeps the "
            f"memo's header, \"{visible(shown)}\"", release_where(spec, release),
            hint="give the release its own `memo:` (`to`, `from`, `cc`, `subject`)"))
    if not released.key_judgments and not released.sections:
        found.append(BriefWarning(
            f"the {release.marking} release reads empty: every key judgment and section is "
            "marked above it", release_where(spec, release),
            hint="mark the portions that may go to this audience with its marking (a "
            "section's too: a point goes no wider than its section), or set "
            "`portion_marking:`"))
    return found


def _stranded(spec: BriefingSpec, release: ReleaseSpec, order: MarkingOrder
              ) -> list[BriefWarning]:
    """A warning at each portion marked for this release (at or below its marking) that
    it leaves out all the same, because what holds the portion is marked above it: a
    point marked TLP:CLEAR in a section marked (or left at `portion_marking`) TLP:AMBER
    goes no wider than its section. Only the outermost such portion is named."""
    marks = portion_markings(spec)
    level = release.marking
    default = "from `portion_marking`" if spec.portion_marking else "the memo's marking"
    # (portion, what it is, its holder, the holder as the message names it and as the
    # hint does, the holder's own marking)
    held: list[tuple[KeyPath, str, KeyPath, str, str, str | None]] = []
    for number, judgment in enumerate(spec.key_judgments, start=1):
        held += [(p.key_path, "passage", judgment.key_path, f"its key judgment ({number})",
                  f"key judgment {number}", judgment.marking)
                 for p in judgment.passages if p.marking]
    for section in spec.sections:
        title = f"\"{visible(section.title)}\""
        for point in section.points:
            if point.marking:
                held.append((point.key_path, "point", section.key_path,
                             f"its section, {title},", f"the section {title}",
                             section.marking))
            held += [(p.key_path, "passage", point.key_path, "its point", "the point",
                      point.marking or section.marking) for p in point.passages if p.marking]
    found: list[BriefWarning] = []
    for path, kind, holder, named, fix, given in held:
        mine, theirs = marks[path], marks[holder]
        if mine is None or theirs is None or order.above(mine, level) \
                or not order.above(theirs, level):
            continue
        found.append(BriefWarning(
            f"this {kind} is marked {mine}, but {named} is marked {theirs}"
            f"{'' if given else ' (' + default + ')'}: the {level} release leaves it out "
            f"with {named.split(',')[0].split(' (')[0]}",
            spec.where((*path, "marking")),
            hint=f"a portion goes no wider than what holds it: give {fix} `marking: {level}` "
            f"if it may go to this audience{' whole, title and all' if kind == 'point' else ''}"
            f", or move the {kind} to one that may"))
    return found
