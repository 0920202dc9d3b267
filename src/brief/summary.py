"""The source summary statement of ICD 206, written by brief from the spec.

ICD 206 asks every product for a summary of its sourcing: how many sources, of what
grades, which judgments rest on a single source, and what a reader should know of how the
sources were obtained. brief counts these from the spec it builds (a release's spec
holds only what the release shows, so nothing withheld is counted), in the words of the
template's `summary_*` labels:

- the sources the memo cites (by a passage, a figure or a chart), by Admiralty
  reliability grade, and those ungraded;
- of the key judgments the memo shows, those whose passages all come from one source,
  and those whose sources are all weak: graded D, E or F, or ungraded, as `brief check`
  warns (none counts a judgment that cites nothing: it is named apart);
- of the sources cited, those marked `paraphrased: true` (a machine rewrote the copy
  quoted), those captured from the web (an `accessed` date or a `snapshot`), with their
  access dates as the list of sources shows them, and those quoted in translation (a
  passage with `translation`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping

from .model import SourceSummary, Span, TextBlock
from .spec import BriefingSpec
from .standards.grading import RELIABILITY, is_weak
from .templates import Template


def source_summary(spec: BriefingSpec, shorts: Mapping[str, str], template: Template,
                   accessed: Mapping[str, str | None]) -> SourceSummary | None:
    """The summary of the memo's sourcing (see the module's docstring), or None for a memo
    that cites no source. `accessed`: each source's access date as the list of sources
    shows it (a snapshot's own date, for a source that names one), else None."""
    cited = set(_cited(spec))
    spec = dataclasses.replace(
        spec, sources={i: s for i, s in spec.sources.items() if i in cited})
    if not spec.sources:
        return None
    labels = template.labels

    def fill(label: str, **values: object) -> str:
        text = labels[label]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    sentences = [_grades(spec, fill)]
    counts: list[tuple[str, int]] = [("sources", len(spec.sources))]
    counts += [(f"graded {letter}" if letter else "ungraded", n)
               for letter, n in _by_grade(spec).items()]
    if spec.key_judgments and "key_judgments" in template.include:
        judgments = _judgments(spec)
        total = len(spec.key_judgments)
        sentences.append(fill("summary_judgments", single=judgments["single"],
                              weak=judgments["weak"], total=total))
        if judgments["unsourced"]:
            sentences.append(fill("summary_unsourced", count=judgments["unsourced"],
                                  total=total))
        counts += [("key judgments", total), *judgments.items()]
    named = _named(spec, shorts, accessed)
    for label, sources in named.items():
        if sources:
            sentences.append(fill(label, sources=", ".join(sources)))
        counts.append((label.removeprefix("summary_"), len(sources)))
    return SourceSummary(labels["source_summary"], (TextBlock((Span(" ".join(sentences)),)),),
                         tuple(counts))


def _by_grade(spec: BriefingSpec) -> dict[str, int]:
    """How many sources have each grade, in the scale's order ("" for none)."""
    found = [s.reliability or "" for s in spec.sources.values()]
    return {letter: found.count(letter) for letter in (*RELIABILITY, "") if letter in found}


def _grades(spec: BriefingSpec, fill: Callable[..., str]) -> str:
    parts = [fill("summary_grade", count=count, grade=letter, meaning=RELIABILITY[letter])
             if letter else fill("summary_ungraded", count=count)
             for letter, count in _by_grade(spec).items()]
    return fill("summary_sources", count=len(spec.sources), grades="; ".join(parts))


def _cited(spec: BriefingSpec) -> Iterator[str]:
    """The ids of the sources the spec cites: by passages, figures and charts."""
    for passage in spec.passages():
        yield passage.source
    for section in spec.sections:
        for point in section.points:
            for shown in (point.figure, point.chart):
                if shown is not None and shown.source:
                    yield shown.source


def _judgments(spec: BriefingSpec) -> dict[str, int]:
    """How many key judgments rest on a single source, only on weak sources (D to F, or
    ungraded: as `brief check` warns), or on none."""
    single = weak = unsourced = 0
    for judgment in spec.key_judgments:
        cited = {p.source for p in judgment.passages if p.source in spec.sources}
        if not cited:
            unsourced += 1
            continue
        single += len(cited) == 1
        weak += all(is_weak(spec.sources[s].reliability) for s in cited)
    return {"single": single, "weak": weak, "unsourced": unsourced}


def _named(spec: BriefingSpec, shorts: Mapping[str, str],
           accessed: Mapping[str, str | None]) -> dict[str, list[str]]:
    """The short names of the sources machine-paraphrased, captured (each with its access
    date) and quoted in translation, in the spec's order."""
    translated = {p.source for p in spec.passages() if p.translation}
    named: dict[str, list[str]] = {"summary_paraphrased": [], "summary_captured": [],
                                   "summary_translated": []}
    for source_id, source in spec.sources.items():
        short = shorts.get(source_id, source_id)
        if source.paraphrased:
            named["summary_paraphrased"].append(short)
        when = accessed.get(source_id)
        if when or source.snapshot:
            named["summary_captured"].append(f"{short} ({when})" if when else short)
        if source_id in translated:
            named["summary_translated"].append(short)
    return named
