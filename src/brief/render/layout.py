"""The memo's layout, written once: the blocks a memo shows, in their order.

`layout(briefing, template)` is the memo as the PDF and the Word file show it:

    marking      the handling marking, stated once for a reader who listens (if any)
    title        the organisation, title and subtitle
    header       the To/From/Cc/Date/Subject fields (if any)
    figures      the list of figures: each numbered figure's caption (with the
                 template's `list_of_figures: true`, when the memo has one)
    bluf         the bottom line up front
    decision     the decision requested of the principal (if any)
    changes      what changed since the previous edition (with `previous:` in the spec)
    section      one for each section the template shows (its `include`), numbered
                 from 1 in that order
    notes        the endnotes, for the sections shown (with `citations: endnotes`, if any)
    source_summary  the source summary statement of ICD 206, with the sources it sums up
                 (with the template's `source_summary: true`)
    sources      the list of sources (if any)
    legend       what the likelihood, confidence and grading words mean (if used)

`email_layout(briefing, template)` is the email body's summary of it, which puts the ask
before the bottom line: title (with the date), decision, bluf, changes, then the key judgments
(whatever the template's `include` says, as the email has always shown them) and the
recommendations sections the template shows, and the source summary. The email frames
these blocks with the marking, first and last, and closes with the attachments and the sign-off.

Each renderer walks its sequence and draws each block with one function per kind: the
PDF with the macro named after the kind in the template's `document.html.j2` (the
template's loop calls `draw(block)`, `render/pdf/html.py`), the Word file with the method
`DocxWriter.DRAW` names (`render/docx/writer.py`), the email with the functions of `_PLAIN`
and `_HTML` (`render/email/bodies.py`).

To add a block kind: add it to `KINDS` in its place, make its block in `layout` (and in
`email_layout` if the email shows it), carrying what its renderers need beyond the
briefing; then add one drawing function to each renderer: a macro named after the kind
in the built-in memo's `document.html.j2` (and, if it needs blank lines around it in the
HTML, a word in `render/pdf/html.py`'s `_BLANK_LINE_AFTER`), a method in
`DocxWriter.DRAW`, and entries in `render/email/bodies.py`'s `_PLAIN` and `_HTML` if the
email shows it; and, for `brief review`, the spec key a comment on its words goes beside
(`review/commenting.py`'s `BLOCK_KEYS`). A house template with no macro for a kind does
not show its blocks.
`tests/render/test_layout.py` checks that each renderer can draw every kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Briefing, Figure, Quotation, Section, memo_figures, quotations_in
from ..templates import Template

# Every kind of block, in the order the memo shows them.
KINDS = ("marking", "title", "header", "figures", "bluf", "decision", "changes", "section",
         "notes", "source_summary", "sources", "legend")


@dataclass(frozen=True)
class LayoutBlock:
    """One block of the memo. What it draws comes from the briefing; a block carries only
    what the layout decides: which section, its number, which notes."""

    kind: str  # one of KINDS
    section: Section | None = None  # "section": the section shown
    number: int = 0  # "section": its place among the sections shown, from 1
    notes: tuple[Quotation, ...] = ()  # "notes": the quotations cited in notes, in order
    figures: tuple[Figure, ...] = ()  # "figures": the numbered figures, in order


def layout(briefing: Briefing, template: Template) -> tuple[LayoutBlock, ...]:
    """The blocks the memo shows, in order (see the module's docstring)."""
    shown = template.shown_sections(briefing)  # the one place `include` is applied
    numbered = tuple(f for f in memo_figures(briefing, shown) if f.number) \
        if template.list_of_figures else ()
    blocks = [
        *([LayoutBlock("marking")] if briefing.marking else []),
        LayoutBlock("title"),
        *([LayoutBlock("header")] if briefing.header else []),
        *([LayoutBlock("figures", figures=numbered)] if numbered else []),
        LayoutBlock("bluf"),
        *([LayoutBlock("decision")] if briefing.decision is not None else []),
        *([LayoutBlock("changes")] if briefing.changes is not None else []),
        *(LayoutBlock("section", section, number)
          for number, section in enumerate(shown, start=1)),
    ]
    notes = tuple(quotations_in(shown, noted=True)) if template.citations == "endnotes" else ()
    if notes:  # no "Notes" heading over none
        blocks.append(LayoutBlock("notes", notes=notes))
    if briefing.source_summary is not None:
        blocks.append(LayoutBlock("source_summary"))
    if briefing.sources:  # no heading over an empty list (a release that cites nothing)
        blocks.append(LayoutBlock("sources"))
    if briefing.legends:
        blocks.append(LayoutBlock("legend"))
    return tuple(blocks)


def email_layout(briefing: Briefing, template: Template) -> tuple[LayoutBlock, ...]:
    """The blocks the email's body shows, in order: the ask before the bottom line, and of
    the sections only the key judgments and the recommendations."""
    # The key judgments are the briefing's whatever the template's `include` says (as
    # the email has always shown them); the recommendations are those the memo shows.
    judgments = [s for s in (briefing.section("key_judgments"),) if s is not None]
    recommendations = [s for s in template.shown_sections(briefing)
                       if s.kind == "recommendations"]
    return (
        LayoutBlock("title"),
        *([LayoutBlock("decision")] if briefing.decision is not None else []),
        LayoutBlock("bluf"),
        *([LayoutBlock("changes")] if briefing.changes is not None else []),
        *(LayoutBlock("section", section, number)
          for number, section in enumerate([*judgments, *recommendations], start=1)),
        *([LayoutBlock("source_summary")] if briefing.source_summary is not None else []),
    )
