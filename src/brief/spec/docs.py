"""The spec's key tables in docs/spec.md, made from the spec classes' declarations."""

from __future__ import annotations

from .. import schema
from .schema import (
    BriefingSpec,
    ChartSpec,
    DecisionSpec,
    DistributionSpec,
    FigureSpec,
    KeyJudgmentSpec,
    MemoHeader,
    PassageSpec,
    PointSpec,
    ReleaseSpec,
    SectionSpec,
    SourceSpec,
)

_TITLES = {"BriefingSpec": "Top level", "SourceSpec": "Source", "MemoHeader": "Memo header",
           "SectionSpec": "Section", "PointSpec": "Point", "PassageSpec": "Passage",
           "KeyJudgmentSpec": "Key judgment", "DistributionSpec": "Distribution",
           "DecisionSpec": "Decision requested", "ReleaseSpec": "Release",
           "FigureSpec": "Figure", "ChartSpec": "Chart"}
_COLUMNS = schema.Columns(default=schema.shown_value, empty=(None, (), MemoHeader()))


def reference_tables() -> str:
    """The key tables of docs/spec.md, made from the spec classes' field docs."""
    return "\n".join(
        f"### {_TITLES[cls.__name__]}\n\n" + schema.reference_table(cls, _COLUMNS, _TITLES)
        for cls in (BriefingSpec, DecisionSpec, MemoHeader, DistributionSpec, SourceSpec,
                    KeyJudgmentSpec, SectionSpec, PointSpec, FigureSpec, ChartSpec, PassageSpec,
                    ReleaseSpec))
