"""Stage 1: load a briefing spec and check it against the spec format.

The format is defined once, by the classes in `schema`: each field declares its YAML key
and the sentence that documents it (`docs` makes docs/spec.md's tables from them, and the
tests check the file against them). `reader` reads every key and collects every problem
with its line; `checks` checks what spans several keys; `load_spec` raises them together
so `brief check` can report them all. `releases` and `standards` check a read spec
against the analytic standards and derive its releases.
"""

from .reader import load_spec, read_spec
from .schema import (
    KIND_ONLY_KEYS,
    SECTION_KINDS,
    BriefingSpec,
    ChartSpec,
    Confidence,
    Credibility,
    DecisionSpec,
    DistributionSpec,
    KeyJudgmentSpec,
    MemoHeader,
    PassageSpec,
    PointSpec,
    ReleaseSpec,
    Reliability,
    SectionKind,
    SectionSpec,
    SourceSpec,
    safe_file_name,
    spec_keys,
)

__all__ = [
    "CHART_TYPES",
    "KIND_ONLY_KEYS",
    "SECTION_KINDS",
    "BriefingSpec",
    "ChartSpec",
    "Confidence",
    "Credibility",
    "DecisionSpec",
    "DistributionSpec",
    "KeyJudgmentSpec",
    "MemoHeader",
    "PassageSpec",
    "PointSpec",
    "ReleaseSpec",
    "Reliability",
    "SectionKind",
    "SectionSpec",
    "SourceSpec",
    "load_spec",
    "read_spec",
    "safe_file_name",
    "spec_keys",
]
