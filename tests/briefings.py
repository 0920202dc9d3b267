"""Briefings made by hand, as `assemble` would make them: the input of the renderers'
stage tests (tests/test_stage_render_*.py), with no spec, source or build behind them."""

from __future__ import annotations

import datetime

from brief.model import (
    Briefing,
    Citation,
    Decision,
    HeaderField,
    ListBlock,
    Point,
    PointGroup,
    Quotation,
    Section,
    SourceEntry,
    Span,
    TextBlock,
)

GAZETTE_SHA256 = "1b79652036524a341acbc376f931b7cbe182c6d9336d70c00f2ceb17f20fa211"
LINES_SHA256 = "6c3d2b3016793f70d3c468a0840857dffc693fd2ebc663df835be713da6c054a"


def text(*spans: str | Span) -> TextBlock:
    return TextBlock(tuple(Span(s) if isinstance(s, str) else s for s in spans))


def quotation(words: str, short: str, location: str, note: int, *, source: str = "gazette",
              is_quote: bool = True) -> Quotation:
    return Quotation((words,), Citation(source, short, location), is_quote, note)


def briefing(**changes: object) -> Briefing:
    """A memo of three sections (risks; incentives, by actor; numbered recommendations),
    a decision, two sources, and text a renderer must escape; `changes` replace fields."""
    fields: dict[str, object] = dict(
        title="Minsk between two capitals",
        subtitle="What the Kremlin wants",
        organisation="Test desk",
        author="Ann Analyst",
        date="1 May 2024",
        marking="OFFICIAL-SENSITIVE",
        language="en",
        subject="Minsk between two capitals",
        header=(HeaderField("To", "The Minister"), HeaderField("From", "Test desk"),
                HeaderField("Date", "1 May 2024")),
        bluf=(text("The ", Span("plan", strong=True), " is ", Span("rushed", emphasis=True),
                   "; see ", Span("the gazette", href="https://example.org/gazette"), "."),),
        decision=Decision((text("Approve the visit."),), "8 May 2024"),
        sections=(
            Section("Risks", "risks", (text("Two risks <script>stand</script> out."),), (
                PointGroup(None, (
                    Point((text("Costs are unknown."),),
                          (quotation("its costs were not known", "Example 2024", "¶4", 1),)),
                    Point((ListBlock(False, ((text("Delay & doubt."),), (text("Protest."),))),),
                          ()),
                )),), False),
            Section("Actors", "incentives", (), (
                PointGroup("Critics", (
                    Point((text("They want delay."),),
                          (quotation("Critics argued that the plan was rushed.",
                                     "Example 2024", "¶4", 2, is_quote=False),)),)),
            ), False),
            Section("Recommendations", "recommendations", (), (
                PointGroup(None, (
                    Point((text("Watch Moscow."),),
                          (quotation("Second line paragraph about Moscow.", "One & Two 2023",
                                     "¶2", 3, source="lines"),), number=1),
                    Point((text("Talk to Warsaw."),), (), number=2),
                )),), True),
        ),
        sources=(
            SourceEntry("gazette", "Example 2024",
                        "Ann Example, “The Quirks Gazette”, Gazette, 30 April 2024.",
                        "https://example.org/gazette", "B", GAZETTE_SHA256),
            SourceEntry("lines", "One & Two 2023", "Bo One and Cy Two, “Lines”, 2023.", None,
                        None, LINES_SHA256),
        ),
        stamp=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
    )
    fields.update(changes)
    return Briefing(**fields)  # type: ignore[arg-type]
