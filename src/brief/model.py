"""The format-neutral briefing: what every renderer draws, and nothing about how.

Rich text is a tuple of blocks (paragraphs and lists) made of styled spans, so the
HTML and Word renderers show the same words with the same emphasis.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    # Text brief put into the analyst's (a portion mark, a likelihood's range): the setting
    # that controls it, for the Word file's trace; "" for the analyst's own words. Not
    # compared: the same words read the same.
    control: str = field(default="", compare=False)


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


@dataclass(frozen=True)
class Picture:
    """An image as the renderers draw it: its bytes and their format, whatever made them
    (a file of the project, a chart brief drew). `width` and `height` are its own size in
    CSS pixels (1/96 inch), which gives its proportions."""

    data: bytes = field(repr=False)
    format: str  # "png", "jpeg" or "svg"
    width: float
    height: float

    @property
    def mime(self) -> str:
        return {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}[self.format]


@dataclass(frozen=True)
class DataTable:
    """Values as a table (a chart's data, for a reader who cannot see the chart): the
    header row, the rows, and which columns hold numbers (set right)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    lead: str = "Data of"  # its caption, before the figure's number: "Data of Figure 1"


@dataclass(frozen=True)
class Figure:
    """A picture in the memo's text, with its alternative text and caption. Figures with
    a caption are numbered `Figure 1`, `Figure 2`, ... through the memo in order (their
    own count, apart from tables'); one without a caption is not numbered. `alt` is empty
    only for a decorative picture, which a screen reader skips."""

    alt: str
    picture: Picture | None = None  # None until assembled from `file`
    caption: str = ""
    credit: str = ""  # "Map: OpenStreetMap contributors"
    file: str = ""  # the file as the spec names it ("" for a picture brief drew)
    width: str | None = None  # as given: "60%", "80mm", "8cm", "3in"; None: the text width
    decorative: bool = False
    number: int = 0  # 0: not numbered
    label: str = "Figure"  # the word before its number (the template's `figure` label)
    citation: Citation | None = None  # a figure taken from a source: cited as a passage
    source_note: str = ""  # the citation as printed: "Source: Wolff & Bayok 2022 [B]"
    # Rich text drawn after the caption, in both formats (a chart's data as a table, for
    # a reader who cannot see the chart); the email leaves it out with the picture.
    description: tuple[Block, ...] = ()
    table: DataTable | None = None  # a chart's data, shown as a table after it
    origin: str = ""  # the spec's key path of the figure ("sections[1].points[0].figure")

    @property
    def numbered_label(self) -> str:
        """`Figure 2`, or "" for a figure without a number."""
        return f"{self.label} {self.number}" if self.number else ""

    @property
    def caption_text(self) -> str:
        """What follows the number in the caption: the caption, the credit and the source,
        each a sentence: `The border. Map: OpenStreetMap contributors. Source: ...`."""
        return " ".join(_sentence(part) for part in (self.caption, self.credit,
                                                      self.source_note) if part)

    @property
    def table_caption(self) -> str:
        """The caption of a chart's data table: `Data of Figure 2`."""
        if self.table is None:
            return ""
        return f"{self.table.lead} {self.numbered_label or self.label}".strip()

    @property
    def list_entry(self) -> str:
        """The figure in the list of figures: `Figure 2: The border`, its caption without
        the credit and the source."""
        if self.number and self.caption:
            return f"{self.numbered_label}: {self.caption}"
        return self.numbered_label or self.caption

    @property
    def full_caption(self) -> str:
        """The caption as printed: `Figure 2: The border. Map: ...`."""
        if self.number and self.caption_text:
            return f"{self.numbered_label}: {self.caption_text}"
        return self.numbered_label or self.caption_text


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def figure_width(width: str | None, text_width_mm: float) -> float:
    """A figure's `width` in millimetres, within a text `text_width_mm` wide: a share
    (`60%`) of it or a length (`80mm`, `8cm`, `3in`), never more than the text width;
    the text width when not given."""
    if not width:
        return text_width_mm
    match = WIDTH.fullmatch(width)
    if match is None:
        return text_width_mm
    value, unit = float(match[1]), match[2].lower()
    mm = text_width_mm * value / 100 if unit == "%" else value * _MM[unit]
    return max(1.0, min(mm, text_width_mm))


# A figure's width: a share of the text width or a length.
WIDTH = re.compile(r"\s*(\d{1,4}(?:\.\d{1,3})?)\s*(%|mm|cm|in|pt)\s*", re.IGNORECASE)
_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}



@dataclass(frozen=True)
class TableBlock:
    """A table of the analyst's Markdown (a pipe table): a header row, the rows of the
    body (each as wide as the header: a short row is padded with empty cells, a long one
    cut, as GitHub does), each cell's text a run of spans; the columns' alignments, its
    caption and its number among the memo's tables ("Table 2"; 0 before the memo is
    assembled, and in text that is not part of a memo)."""

    header: tuple[tuple[Span, ...], ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    align: tuple[str | None, ...] = ()  # "left", "center", "right" or None, a column each
    caption: tuple[Span, ...] = ()
    number: int = 0
    label: str = "Table"  # the template's word for a table, before its number

    @property
    def heading(self) -> str:
        """What leads the caption: "Table 2" (nothing for a table not numbered)."""
        return f"{self.label} {self.number}" if self.number else ""

    @property
    def caption_plain(self) -> str:
        return "".join(span.text for span in self.caption)

    @property
    def row_headers(self) -> bool:
        """Whether the first column heads the rows: its header cell is empty, as in a table
        of figures by year and by country (`|  | 2021 | 2022 |`)."""
        return len(self.header) > 1 and not "".join(s.text for s in self.header[0]).strip()

    def alignment(self, column: int) -> str | None:
        """How a column's cells are aligned: "left", "center", "right" or None."""
        return self.align[column] if column < len(self.align) else None




Block = Union[TextBlock, ListBlock, Figure, TableBlock]  # noqa: UP007 (a runtime alias, for isinstance)
RichText = tuple[Block, ...]


@dataclass(frozen=True)
class Citation:
    """Where a passage comes from: a source's short name and its place in the source."""

    source_id: str
    short: str  # "Wolff & Bayok 2022"
    location: str  # "¶9", "¶21–22", "p. 3, ¶2"
    grade: str | None = None  # Admiralty grade: "B2", "B", or None when ungraded
    # The citation in the template's CSL style (`citation_style`), as rich text without a
    # note's last full stop (an abbreviation's kept: "Ibid.") or an author-date citation's
    # parentheses; () in brief's own.
    styled: tuple[Span, ...] = ()

    @property
    def label(self) -> str:
        """The citation as printed: `Wolff & Bayok 2022, ¶9 [B2]`, or in the template's
        style, its grade after it: `Stefan Wolff and Anastasiya Bayok, “…,” para. 9 [B2]`."""
        return "".join(span.text for span in self.label_spans)

    @property
    def label_spans(self) -> tuple[Span, ...]:
        """The label as rich text: a style's italics kept (a title in italics)."""
        grade = f" [{self.grade}]" if self.grade else ""
        if not self.styled:
            return (Span(f"{self.short}, {self.location}{grade}"),)
        if grade:  # after an abbreviation's full stop: "Ibid. [B]"
            return (*self.styled, Span(grade))
        last = self.styled[-1]  # "Ibid.": the renderers end the note with its full stop
        if last.text.endswith("."):
            return (*self.styled[:-1], Span(last.text[:-1], last.strong, last.emphasis,
                                            href=last.href))
        return self.styled


@dataclass(frozen=True)
class Quotation:
    """A verified passage, as it stands in the source, with its citation."""

    texts: tuple[str, ...]  # one per paragraph
    citation: Citation
    is_quote: bool  # part of a paragraph, rather than whole paragraphs
    note: int = 0  # its number as a footnote or endnote: 1, 2, ... in document order
    # A quote in translation: the analyst's translation (shown in place of `texts`, which
    # stay the verified original, given in the note), who made it, as the memo says it
    # ("(our translation)"), and the original's language (BCP 47), for `lang`.
    translation: RichText = ()
    translated_by: str = ""
    language: str | None = None
    origin: str = ""  # the spec's key path of its passage: "sections[2].points[0].passages[1]"

    @property
    def original(self) -> str:
        """The verified original, its paragraphs joined, for the note of a translation."""
        return " ".join(" ".join(text.split()) for text in self.texts)


@dataclass(frozen=True)
class Estimate:
    """How likely a key judgment is, and how confident the analyst is in it."""

    likelihood: str  # the scale's term: "unlikely"
    range: str  # "20–45%"
    confidence: str  # "low", "moderate" or "high"
    statement: str  # "We have moderate confidence in this judgment."


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
    # The spec's key path of the point ("sections[2].points[0]", "key_judgments[1]"): its
    # text at `.text`, its levers at `.levers`, its pros at `.pros[0]`, ...
    origin: str = ""
    # The lists the spec wrote as their one item (`pros: Costs nothing.`, not a list):
    # that item's origin is the key itself (`.pros`).
    single: tuple[str, ...] = ()

    def item_origin(self, key: str, index: int) -> str:
        """The origin of item `index` of the point's list `key` ("pros", "cons")."""
        if key in self.single and index == 0:
            return f"{self.origin}.{key}"
        return f"{self.origin}.{key}[{index}]"


@dataclass(frozen=True)
class PointGroup:
    """Points under one sub-heading (an actor), or under none."""

    heading: str | None
    points: tuple[Point, ...]
    origin: str = ""  # the spec's key path of the heading: "sections[1].points[0].actor"


@dataclass(frozen=True)
class Section:
    title: str
    kind: str
    intro: RichText
    groups: tuple[PointGroup, ...]
    numbered: bool
    mark: str = ""  # the section's portion mark, "(TLP:AMBER)", where portion marks are on
    origin: str = ""  # the spec's key path: "sections[2]" (its title and `text`); "" if none

    @property
    def heading(self) -> str:
        """The heading as a reader sees it: the title, after the section's portion mark
        where there is one (`(TLP:AMBER) Risk factors`)."""
        return f"{self.mark} {self.title}" if self.mark else self.title


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
    #: when a web page was read, as the list shows it after the address: "accessed 5
    #: December 2026" (the template's label `accessed`)
    accessed: str | None = None
    # Its entry in the template's CSL style's bibliography (`citation_style`), as rich
    # text, in place of `short: reference URL`; () in brief's own style.
    styled: tuple[Span, ...] = ()
    origin: str = ""  # the spec's key path of the source ("sources.wolff"); "" if a library's

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
    origin: str = ""  # the spec's key path: "decision_requested"


@dataclass(frozen=True)
class ChangesBox:
    """What changed since the previous edition of the memo (`previous:` in the spec),
    shown after the bottom line: "Since our memo of 22 March 2022", then one item each."""

    heading: str
    items: tuple[RichText, ...]


@dataclass(frozen=True)
class SourceSummary:
    """The source summary statement (ICD 206), which brief writes from the spec: how many
    sources of each grade, how many key judgments rest on one source or on weak ones, and
    which sources were machine-paraphrased, captured from the web or quoted in translation.
    The counts are kept beside the sentences, for the manifest."""

    heading: str
    body: RichText
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class HeaderField:
    label: str
    value: str
    origin: str = ""  # the spec's key path of the value ("memo.to"); "" for the date


@dataclass(frozen=True)
class SpecKey:
    """A key of the spec that the memo's text came from, as it was at build time (what a
    built Word file's trace records of it: `origins.TracedKey`)."""

    path: str  # "bluf", "key_judgments[0].text", "sections[1].points[2].passages[0]"
    kind: str  # "analyst" or "quotation"
    line: int  # of its value in the spec, 1-based (0: not known)
    column: int
    value: str  # the Markdown as written, or the passage's quote
    source: str = ""  # a passage's source id


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
    changes: ChangesBox | None = None  # what changed since the previous edition
    source_summary: SourceSummary | None = None  # ICD 206's, with `source_summary: true`
    # The moment written into the outputs' metadata (`dates.stamp`): the same inputs, the
    # same bytes.
    stamp: datetime.datetime = UNDATED
    # Where the memo came from, for the trace a Word file carries (`origins`): the spec's
    # file relative to the project, its SHA-256, and each key the text came from.
    spec_file: str = ""
    spec_sha256: str = ""
    spec_keys: tuple[SpecKey, ...] = ()
    release: str | None = None  # the marking of the release this is, if it is one

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


def quotations_in(sections: Iterable[Section], *, noted: bool = False) -> list[Quotation]:
    """The quotations of `sections`, in document order; with `noted`, only those cited in
    notes (not those of a table, which cites them in its cells)."""
    return [q for s in sections for g in s.groups for p in g.points for q in p.quotations
            if q.note or not noted]


def figures_in(blocks: RichText) -> list[Figure]:
    """The figures of rich text, in order, those in lists too."""
    found: list[Figure] = []
    for block in blocks:
        if isinstance(block, Figure):
            found.append(block)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(figures_in(item))
    return found


def section_texts(section: Section) -> Iterable[RichText]:
    """The rich texts of a section, in the order the memo shows them."""
    yield section.intro
    for group in section.groups:
        for point in group.points:
            yield from (point.body, point.levers, point.implication, *point.pros,
                        *point.cons)


def memo_figures(briefing: Briefing, sections: Iterable[Section]) -> list[Figure]:
    """The figures of a memo that shows `sections`, in order: the bottom line's, the
    decision's, then each section's (the list of figures)."""
    texts = [briefing.bluf, *([briefing.decision.body] if briefing.decision else []),
             *(text for section in sections for text in section_texts(section))]
    return [figure for text in texts for figure in figures_in(text)]
