"""The source summary statement of ICD 206, written by brief from the spec.

ICD 206 asks every product for a summary of its sourcing: how many sources, of what
grades, which judgments rest on a single source, and what a reader should know of how the
sources were obtained. brief counts these from the spec it builds (a release's spec
holds only what the release shows, so nothing withheld is counted), in the words of the
template's `summary_*` labels:

- the sources the memo lists, by Admiralty reliability grade, and those ungraded;
- of the key judgments the memo shows, those whose passages all come from one source,
  and those whose sources are all graded D, E or F (none counts a judgment that cites
  nothing: it is named apart);
- the sources marked `paraphrased: true` (a machine rewrote the copy quoted), those
  captured from the web (an `accessed` date or a `snapshot`), with their access dates,
  and those quoted in translation (a passage with `translation`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from .dates import PartialDate, format_date
from .model import SourceSummary, Span, TextBlock
from .spec import BriefingSpec, SourceSpec
from .standards.grading import RELIABILITY, WEAK_RELIABILITY
from .templates import Template


def accessed_date(source: SourceSpec, template: Template, language: str) -> str | None:
    """When a captured page was read (its `accessed`), as the memo prints dates; None for
    a source that was not captured."""
    value: Any = getattr(source, "accessed", None)
    if value is None or value == "":
        return None
    if isinstance(value, str):  # an ISO date or time, as a capture may record it
        try:
            value = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if isinstance(value, PartialDate):
        return format_date(value, template.date_format, language)
    return str(value)


def source_summary(spec: BriefingSpec, shorts: Mapping[str, str],
                   template: Template) -> SourceSummary | None:
    """The summary of the memo's sourcing (see the module's docstring), or None for a memo
    that lists no source."""
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
    named = _named(spec, shorts, template, labels["accessed"])
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


def _judgments(spec: BriefingSpec) -> dict[str, int]:
    """How many key judgments rest on a single source, only on weak sources (D to F), or
    on none."""
    single = weak = unsourced = 0
    for judgment in spec.key_judgments:
        cited = {p.source for p in judgment.passages if p.source in spec.sources}
        if not cited:
            unsourced += 1
            continue
        single += len(cited) == 1
        weak += all(spec.sources[s].reliability in WEAK_RELIABILITY for s in cited)
    return {"single": single, "weak": weak, "unsourced": unsourced}


def _named(spec: BriefingSpec, shorts: Mapping[str, str], template: Template,
           accessed_label: str) -> dict[str, list[str]]:
    """The short names of the sources machine-paraphrased, captured (each with its access
    date) and quoted in translation, in the spec's order."""
    translated = {p.source for p in spec.passages() if p.translation}
    named: dict[str, list[str]] = {"summary_paraphrased": [], "summary_captured": [],
                                   "summary_translated": []}
    for source_id, source in spec.sources.items():
        short = shorts.get(source_id, source_id)
        if source.paraphrased:
            named["summary_paraphrased"].append(short)
        accessed = accessed_date(source, template, spec.language)
        if accessed or getattr(source, "snapshot", None):
            named["summary_captured"].append(
                f"{short} ({accessed_label.replace('{date}', accessed)})" if accessed else short)
        if source_id in translated:
            named["summary_translated"].append(short)
    return named
