"""The format-neutral briefing: what every renderer draws, and nothing about how.

Rich text is a tuple of blocks (paragraphs and lists) made of styled spans, so the
HTML and Word renderers show the same words with the same emphasis.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Union

from .dates import UNDATED
from .standards.grading import RELIABILITY
from .standards.markings import TLP_COLOURS, classification, tlp_label


@dataclass(frozen=True)
class Span:
    """A run of text with one style. `text` may be "\\n" for a line break."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of rich text."""

    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


Block = Union[TextBlock, ListBlock]  # noqa: UP007 (a runtime alias, used in isinstance)
RichText = tuple[Block, ...]


@dataclass(frozen=True)
class Citation:
    """Where a passage comes from: a source's short name and its place in the source."""

    source_id: str
    short: str  # "Wolff & Bayok 2022"
    location: str  # "¶9", "¶21–22", "p. 3, ¶2"
    grade: str | None = None  # Admiralty grade: "B2", "B", or None when ungraded

    @property
    def label(self) -> str:
        """The citation as printed: `Wolff & Bayok 2022, ¶9 [B2]`."""
        grade = f" [{self.grade}]" if self.grade else ""
        return f"{self.short}, {self.location}{grade}"


@dataclass(frozen=True)
class Quotation:
    """A verified passage, as it stands in the source, with its citation."""

    texts: tuple[str, ...]  # one per paragraph
    citation: Citation
    is_quote: bool  # part of a paragraph, rather than whole paragraphs
    note: int = 0  # its number as a footnote or endnote: 1, 2, ... in document order


@dataclass(frozen=True)
class Estimate:
    """How likely a key judgment is, and how confident the analyst is in it."""

    likelihood: str  # the scale's term: "unlikely"
    range: str  # "20–45%"
    confidence: str  # "low", "moderate" or "high"
    statement: str  # "We have moderate confidence in this judgment."


@dataclass(frozen=True)
class DataTable:
    """Values as a table (a chart's data, for a reader who cannot see the chart): the
    header row, the rows, and which columns hold numbers (set right)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn from data: a figure whose picture brief drew, with its data."""

    title: str  # the caption's first words
    caption: RichText  # more words under the title
    alt: str  # the alternative text: the analyst's, or written from the data
    svg: bytes  # the picture, for the PDF and Word
    png: bytes  # the same picture, for a Word that shows no SVG
    width_mm: float
    height_mm: float
    table: DataTable  # the data, for a screen reader
    credit: str | None = None  # where the data comes from, in words
    citation: Citation | None = None  # the source it comes from, with its grade
    number: int = 0  # its number as a figure: 1, 2, ... in document order

    @property
    def label(self) -> str:
        """`Figure 1`."""
        return f"Figure {self.number}"

    @property
    def sentence(self) -> str:
        """The title as the caption prints it, after the label: ending in a full stop."""
        title = self.title.rstrip()
        return title if title.endswith((".", "?", "!")) else title + "."

    @property
    def source_line(self) -> str | None:
        """`Source: Wolff & Bayok 2022 [B]`, `Source: Belstat, 2022`, or None."""
        parts = []
        if self.citation is not None:
            grade = f" [{self.citation.grade}]" if self.citation.grade else ""
            location = f", {self.citation.location}" if self.citation.location else ""
            parts.append(f"{self.citation.short}{location}{grade}")
        if self.credit:
            parts.append(self.credit)
        return "Source: " + "; ".join(parts) if parts else None


@dataclass(frozen=True)
class Point:
    """One point: the analyst's words, then the passages that support them."""

    body: RichText
    quotations: tuple[Quotation, ...]
    number: int | None = None  # set in numbered sections
    levers: RichText = ()  # an actor's levers or constraints (incentives sections)
    estimate: Estimate | None = None  # key judgments: the likelihood is marked in `body`
    implication: RichText = ()  # indicators: what seeing the signpost would mean
    pros: tuple[RichText, ...] = ()  # options: what speaks for it
    cons: tuple[RichText, ...] = ()  # options: what speaks against it
    recommended: bool = False  # options: the one the memo recommends
    chart: Chart | None = None  # a chart drawn from data, shown after the point


@dataclass(frozen=True)
class PointGroup:
    """Points under one sub-heading (an actor), or under none."""

    heading: str | None
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Section:
    title: str
    kind: str
    intro: RichText
    groups: tuple[PointGroup, ...]
    numbered: bool


@dataclass(frozen=True)
class SourceEntry:
    """A source in the list of sources."""

    id: str
    short: str
    reference: str  # full reference, without the URL
    url: str | None
    reliability: str | None  # the Admiralty grade, A-F
    sha256: str
    assessment: str | None = None  # the analyst's note on the source

    @property
    def fingerprint(self) -> str:
        """The short form of the file's SHA-256, as the source list shows it."""
        return self.sha256[:12]

    @property
    def reliability_note(self) -> str:
        """The grade and the assessment, as the source list prints them after
        `Reliability:`: `B (usually reliable). Academic analysis, spun copy.`"""

        parts = []
        if self.reliability:
            parts.append(f"{self.reliability} ({RELIABILITY[self.reliability]}).")
        text = (self.assessment or "").strip()
        if text:
            parts.append(text if text.endswith((".", "!", "?")) else text + ".")
        return " ".join(parts)


@dataclass(frozen=True)
class LegendEntry:
    key: str  # "very likely", "B", "2"
    meaning: str  # "80–95%", "usually reliable"


@dataclass(frozen=True)
class Legend:
    """What a set of words or grades means: one line of the memo's legend."""

    title: str  # "Likelihood (ICD 203)"
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class Decision:
    """What the principal is asked to decide or do, and by when."""

    body: RichText
    deadline: str | None = None  # as displayed: "25 March 2022"


@dataclass(frozen=True)
class HeaderField:
    label: str
    value: str


@dataclass(frozen=True)
class Briefing:
    """The whole memo, ready to render."""

    title: str
    subtitle: str | None
    organisation: str | None
    author: str | None
    date: str | None  # as displayed
    marking: str | None
    language: str
    subject: str
    header: tuple[HeaderField, ...]
    bluf: RichText
    sections: tuple[Section, ...]
    sources: tuple[SourceEntry, ...]
    legends: tuple[Legend, ...] = ()  # likelihood, confidence and grades, when used
    decision: Decision | None = None  # the ask, shown right after the bottom line
    # The moment written into the outputs' metadata (`dates.stamp`): the same inputs, the
    # same bytes.
    stamp: datetime.datetime = UNDATED

    @property
    def tlp(self) -> str | None:
        """The TLP label of the marking, if it is one."""

        return tlp_label(self.marking)

    @property
    def tlp_colour(self) -> str | None:
        """The TLP label's standard colour (printed on black)."""

        return TLP_COLOURS.get(self.marking or "")

    @property
    def classification(self) -> str | None:
        """The marking, if it is classification text rather than a TLP label."""

        return classification(self.marking)

    def section(self, kind: str) -> Section | None:
        """The first section of `kind`, if any."""
        return next((s for s in self.sections if s.kind == kind), None)

    def quotations(self) -> list[Quotation]:
        """Every quotation, in document order."""
        return quotations_in(self.sections)

    def charts(self) -> list[Chart]:
        """Every chart, in document order."""
        return [p.chart for s in self.sections for g in s.groups for p in g.points
                if p.chart is not None]


def quotations_in(sections: Iterable[Section], *, noted: bool = False) -> list[Quotation]:
    """The quotations of `sections`, in document order; with `noted`, only those cited in
    notes (not those of a table, which cites them in its cells)."""
    return [q for s in sections for g in s.groups for p in g.points for q in p.quotations
            if q.note or not noted]
