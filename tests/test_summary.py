"""The source summary's counts and sentences, from a spec (no build): captured pages with
their access dates (as the list of sources shows them), translations, judgments that cite
nothing or only weak sources, sources cited nowhere, a template that leaves the key
judgments out."""

from __future__ import annotations

import dataclasses

from brief.dates import PartialDate
from brief.spec import load_spec
from brief.summary import source_summary
from brief.templates import BUILTIN_FOLDER, find_template


def spec_with(project, **overrides):
    return load_spec(project.spec(**overrides))


JUDGMENTS = [
    {"text": "Costs are unlikely to be known soon.", "likelihood": "unlikely",
     "confidence": "moderate", "passages": [
         {"source": "gazette", "quote": "its costs were not known",
          "translation": "its costs were not known (sic)"},
         {"source": "lines", "paragraph": 1}]},
    {"text": "Nobody will likely notice.", "likelihood": "likely", "confidence": "low"},
]


def test_the_summary_names_captured_and_translated_sources(project):
    spec = spec_with(project, key_judgments=JUDGMENTS)
    gazette = spec.sources["gazette"]
    captured = dataclasses.replace(gazette, accessed=PartialDate(2026, 5, 3))
    lines = dataclasses.replace(spec.sources["lines"], snapshot="2026-11-30T081500Z")
    spec = dataclasses.replace(spec, sources={"gazette": captured, "lines": lines})
    memo = find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)
    # the access dates as the list of sources shows them (a snapshot's own, for `lines`)
    accessed = {"gazette": "accessed 3 May 2026", "lines": "accessed 30 November 2026"}
    summary = source_summary(spec, {"gazette": "Example 2024", "lines": "One & Two 2023"},
                             memo, accessed)
    assert summary is not None and summary.heading == "Source summary"
    [block] = summary.body
    assert block.plain == (  # type: ignore[union-attr]
        "Sources cited: 2 (2 ungraded). Key judgments resting on a single source: 0 of 2; "
        "resting only on sources graded D to F or ungraded: 1 of 2. Key judgments citing "
        "no source: 1 of 2. Captured from the web: Example 2024 (accessed 3 May 2026), One "
        "& Two 2023 (accessed 30 November 2026). Quoted in translation: Example 2024.")
    assert dict(summary.counts) == {
        "sources": 2, "ungraded": 2, "key judgments": 2, "single": 0, "weak": 1,
        "unsourced": 1, "paraphrased": 0, "captured": 2, "translated": 1}
    # A template that leaves the key judgments out says nothing of them.
    shown = dataclasses.replace(memo, include=("risks",))
    left_out = source_summary(spec, {"gazette": "G", "lines": "L"}, shown, accessed)
    assert left_out is not None
    assert "Key judgments" not in left_out.body[0].plain  # type: ignore[union-attr]


def test_a_judgment_on_an_ungraded_and_a_d_source_is_weak_as_check_warns(project):
    spec = spec_with(project, key_judgments=JUDGMENTS[:1])
    graded = dataclasses.replace(spec.sources["lines"], reliability="D")
    spec = dataclasses.replace(spec, sources={**spec.sources, "lines": graded})
    memo = find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)
    summary = source_summary(spec, {}, memo, {})
    assert summary is not None
    assert ("resting only on sources graded D to F or ungraded: 1 of 1."
            in summary.body[0].plain)  # type: ignore[union-attr]
    assert dict(summary.counts)["weak"] == 1


def test_a_source_cited_nowhere_is_not_counted(project):
    spec = spec_with(project, key_judgments=JUDGMENTS[:1])
    note = dataclasses.replace(spec.sources["gazette"], reliability=None, paraphrased=True,
                               accessed=PartialDate(2026, 12, 1))
    spec = dataclasses.replace(spec, sources={**spec.sources, "note": note})
    memo = find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)
    summary = source_summary(spec, {"gazette": "G", "lines": "L", "note": "Uncited Note"}, memo,
                             {"note": "accessed 1 December 2026"})
    assert summary is not None
    text = summary.body[0].plain  # type: ignore[union-attr]
    assert text.startswith("Sources cited: 2 (2 ungraded).")
    assert "Uncited Note" not in text
    assert "Captured" not in text and "Machine-paraphrased" not in text
    assert dict(summary.counts)["sources"] == 2
    # a memo that cites none of its sources has no summary
    uncited = dataclasses.replace(spec, key_judgments=(), sections=())
    assert source_summary(uncited, {}, memo, {}) is None


def test_a_memo_without_sources_has_no_summary(project):
    spec = dataclasses.replace(spec_with(project), sources={})
    memo = find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)
    assert source_summary(spec, {}, memo, {}) is None
