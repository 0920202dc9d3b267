"""Stage 1: load a briefing spec and check it against the spec format.

The format is defined once, by the dataclasses below: each field's metadata holds
its YAML key and the sentence that documents it (`docs/spec.md` is checked against
them in the tests). `load_spec` reads every key, collects every problem with its
line, and raises them together so `brief check` can report them all.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from email.utils import getaddresses
from pathlib import Path
from typing import Any, Literal

from .. import schema
from ..dates import PartialDate
from ..errors import Where
from ..files import InputFile
from ..schema import internal, keys
from ..yamlfile import KeyPath, YamlDocument

# The kinds of section, with what each holds: `SectionKind` is their type (the two are
# one list; tests/test_docs.py checks it), and a template's `include` names them.
SectionKind = Literal["risks", "incentives", "recommendations", "indicators", "options", "text"]
SECTION_KINDS: dict[str, str] = {
    "risks": "risk factors: each point is one risk, with the passages that support it",
    "incentives": "what each actor wants: every point names its `actor`, and the output "
    "groups points by actor in order of first appearance",
    "recommendations": "numbered recommendations",
    "indicators": "what to watch: each point is a signpost that would change a judgment, "
    "with what seeing it would mean (`implication`)",
    "options": "the options open to the reader, compared in a table: each point is an option "
    "with its `pros` and `cons`; `recommended: true` marks the one the memo recommends",
    "text": "free Markdown in the section's `text` (background, context); points are optional",
}
# Keys of a point that only one kind of section uses.
KIND_ONLY_KEYS = {"actor": "incentives", "levers": "incentives", "implication": "indicators",
                  "pros": "options", "cons": "options", "recommended": "options"}
Reliability = Literal["A", "B", "C", "D", "E", "F"]
# What kind of work a source is, as CSL names it (`type:`): how a citation style cites it.
SourceType = Literal["article-newspaper", "article-journal", "article-magazine", "webpage",
                     "post-weblog", "report", "book", "chapter", "document"]
Credibility = Literal[1, 2, 3, 4, 5, 6]
Confidence = Literal["low", "moderate", "high"]


def key(doc: str, *, name: str | None = None, default: Any = dataclasses.MISSING,
        markdown: bool = False, single_ok: bool = False, text_ok: bool = False,
        verbatim: bool = False, link: bool = False, hint: str | None = None,
        also: dict[str, str] | None = None, values: str | None = None,
        shown_default: str | None = None, kw_only: bool = False) -> Any:
    """Declare a spec key (see `brief.schema.key`): its documentation, YAML name and
    default, and a hint shown when a value is not one of its choices; `also`: other words
    for its choices, which a "did you mean" names (`medium`: `moderate`). `single_ok`: a list
    may be given as its one item; `text_ok`: a mapping may be given as its `text` alone;
    `verbatim`: text kept as written, line breaks and spaces included (a quote, a file
    name), where other text that is not Markdown is shown on one line; `link`: a web
    address; `values`: what the key takes, where its type does not say."""
    return schema.key(doc, name=name, default=default, markdown=markdown,
                      single_ok=single_ok, text_ok=text_ok, verbatim=verbatim, link=link,
                      hint=hint, also=also, values=values, shown_default=shown_default,
                      kw_only=kw_only)


def portion_marking(what: str) -> Any:
    """Declare the `marking` of a portion of the memo."""
    return key(f"The handling marking of this {what}, where it differs from what holds it "
               "(portion marking): a release for a wider audience leaves out every portion "
               "marked above its own marking (see \"Releases\").", default=None)


@dataclass(frozen=True)
class PassageSpec:
    """A passage of a source that supports a point, picked by one selector."""

    source: str = key("Id of the source, as given under `sources`.")
    quote: str | None = key(
        "The exact words to quote. Differences of whitespace and line breaks, curly or "
        "straight quotes, dash forms and `...` or `…` are ignored; everything else must match.",
        default=None, verbatim=True)
    prefix: str | None = key(
        "Words just before the quote, to pick one of several places where it occurs.",
        default=None, verbatim=True)
    suffix: str | None = key(
        "Words just after the quote, to pick one of several places where it occurs.",
        default=None, verbatim=True)
    paragraph: int | None = key(
        "Quote a whole paragraph by its number (see `brief sources FILE`).", default=None)
    paragraphs: str | None = key(
        "Quote a run of whole paragraphs, written `9-10`.", default=None)
    from_: str | None = key(
        "With `to`: quote everything from these words (which must occur once) ...",
        name="from", default=None, verbatim=True)
    to: str | None = key(
        "... to the first place after them where these words occur; may span paragraphs.",
        default=None, verbatim=True)
    scope: Literal["page"] | None = key(
        "`page`: look for the quote in the whole web page, not only in its article (a "
        "caption, a sidebar); it is cited as the web page, without a paragraph number.",
        default=None)
    credibility: Credibility | None = key(
        "How credible this piece of information is, on the Admiralty scale: 1 confirmed by "
        "other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 truth "
        "cannot be judged. Shown with the source's grade where the passage is cited (`B2`).",
        default=None,
        hint="credibility is a number from 1 (confirmed by other sources) to 6 (truth cannot "
        "be judged)")
    translation: str | None = key(
        "The analyst's translation of `quote` into the memo's language (Markdown): the memo "
        "shows it, with \"(our translation)\", and gives the verified original in the note "
        "(see \"Quotes in translation\").", default=None, markdown=True)
    translator: str | None = key(
        "Who translated the quote: `analyst` (the default: \"our translation\"), a name, "
        "or `machine` and the machine translation tool with its version (`machine DeepL "
        "(2026-11)`), which the memo discloses.",
        default=None)
    marking: str | None = portion_marking("passage")
    key_path: KeyPath = internal()

    @property
    def paragraph_range(self) -> tuple[int, int] | None:
        """Return the first and last paragraph selected by number, if any."""
        if self.paragraph is not None:
            return (self.paragraph, self.paragraph)
        if self.paragraphs is not None:
            match = PASSAGE_RANGE.fullmatch(self.paragraphs)
            if match:
                return (int(match[1]), int(match[2] or match[1]))
        return None


PASSAGE_RANGE = re.compile(r"\s*(\d+)\s*(?:[-–—]\s*(\d+)\s*)?")


ChartType = Literal["bar", "line", "timeline", "dotplot"]


@dataclass(frozen=True)
class ChartSpec:
    """A chart drawn from data: numbered as a figure, with its data as a table for a
    screen reader."""

    type: ChartType = key(
        "What kind of chart: `bar`, `line`, `timeline` or `dotplot` (see \"Charts\").")
    title: str = key("What the chart shows (`Belarus's exports by partner, 2021`): the "
                     "figure's caption, and the first words of its alternative text.")
    data: object = key(
        "The data: a CSV file in the project, relative to the spec (`data/trade.csv`; a "
        "header row, then one row for each label; `,` or `;` between values), or the "
        "columns written in the spec, each a list of values (`partner: [Russia, EU]`).",
        values="a CSV file, or a mapping of column to list of values")
    x: str | None = key(
        "The column of labels (bar, dot plot), of the years, dates or numbers along the "
        "axis (line) or of the dates (timeline). Default: the first column.", default=None)
    y: tuple[str, ...] = key(
        "The column of values (a list for several bars or lines). Default: the second "
        "column.", default=(), single_ok=True)
    low: str | None = key("Dot plots: the column of each estimate's low end.", default=None)
    high: str | None = key("Dot plots: the column of each estimate's high end.",
                           default=None)
    label: str | None = key("Timelines: the column that says what happened. Default: the "
                            "second column.", default=None)
    x_label: str | None = key("The label of the axis of `x`.", default=None)
    y_label: str | None = key("The label of the axis of values. Default: the column's "
                              "name.", default=None)
    units: str | None = key(
        "The values' units (`%`, `bn USD`, `troops`): shown on the axis, in the table and "
        "in the alternative text.", default=None)
    caption: str | None = key("More words under the title: what to see in the chart "
                              "(Markdown).", default=None, markdown=True)
    source: str | None = key(
        "Id of the source (under `sources`) the data comes from: cited and graded under "
        "the chart as a quotation is.", default=None)
    credit: str | None = key("Where the data comes from, in words, when it is no source "
                             "of the spec (`Belstat, 2022`).", default=None)
    alt: str | None = key(
        "The chart's alternative text for a screen reader. Default: written by brief from "
        "the data (`Bar chart: ... Russia 41 %, EU 22 %`).", default=None)
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class FigureSpec:
    """A picture shown with a point: a map, a photograph, a chart drawn elsewhere."""

    file: str = key(
        "The picture: a PNG, JPEG or SVG file, by its path from the spec's folder, inside "
        "the project (see \"The project\").", verbatim=True)
    alt: str = key(
        "What the picture shows, for a reader who cannot see it (a screen reader reads it "
        "in its place): required, and empty (`alt: \"\"`) only with `decorative: true`.")
    caption: str | None = key(
        "The caption, shown below the picture after its number (`Figure 2: ...`). A "
        "figure without one is not numbered.", default=None)
    credit: str | None = key(
        "Who made the picture, or where it comes from (`Map: OpenStreetMap "
        "contributors`); shown after the caption.", default=None)
    source: str | None = key(
        "The source it is taken from, by its id under `sources`: cited after the caption "
        "with the source's grade, as a passage is; the point's `passages` quote its text.",
        default=None)
    width: str | None = key(
        "How wide it is shown: a share of the text width (`60%`) or a length (`80mm`, "
        "`8cm`, `3in`). Default: the width of the text. Never wider than the text.",
        default=None)
    decorative: bool = key(
        "`true` for a picture that only decorates, which a screen reader skips (its `alt` "
        "is then empty).", default=False)
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class PointSpec:
    """One point of a section: the analyst's own words and the passages behind them."""

    text: str = key("The point, in the analyst's own words (Markdown).", markdown=True)
    actor: str | None = key(
        "Who the point is about. Required in `incentives` sections, where points are "
        "grouped by actor; not allowed elsewhere.", default=None)
    levers: str | None = key(
        "In `incentives` sections: the actor's levers or constraints (Markdown), shown "
        "after the point, or in its own column where the template shows a table.",
        default=None, markdown=True)
    implication: str | None = key(
        "In `indicators` sections: what seeing the signpost would mean for the judgments "
        "(Markdown).", default=None, markdown=True)
    pros: tuple[str, ...] = key(
        "In `options` sections: what speaks for the option (Markdown, a list or one).",
        default=(), single_ok=True, markdown=True)
    cons: tuple[str, ...] = key(
        "In `options` sections: what speaks against it (Markdown, a list or one).",
        default=(), single_ok=True, markdown=True)
    recommended: bool = key(
        "In `options` sections: `true` for the option the memo recommends.", default=False)
    passages: tuple[PassageSpec, ...] = key(
        "Passages from the sources that support the point.", default=())
    figure: FigureSpec | None = key(
        "A picture shown after the point's text: `file`, `alt`, `caption`, `credit`, "
        "`source`, `width`, `decorative` (see \"Figures\").", default=None)
    chart: ChartSpec | None = key(
        "A chart drawn from data, shown after the point (see \"Charts\").", default=None)
    marking: str | None = portion_marking("point")
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class KeyJudgmentSpec:
    """A key judgment: how likely something is, how confident the analyst is, and why."""

    text: str = key(
        "The judgment, in the analyst's own words (Markdown). If it uses a likelihood word, "
        "that word must be its `likelihood`'s.", markdown=True)
    likelihood: str = key(
        "How likely, as a term of the likelihood scale (`unlikely`, `very likely`; see "
        "`likelihood_scale`). Shown in the judgment, with its range if the template says so.")
    confidence: Confidence = key(
        "How confident the analyst is in the judgment: `low`, `moderate` or `high`; shown "
        "as its own statement after the judgment.", also={"medium": "moderate"})
    passages: tuple[PassageSpec, ...] = key(
        "Passages from the sources that support the judgment.", default=())
    id: str | None = key(
        "A short name that stays with the judgment from edition to edition (`entry`), so "
        "that `brief diff` and `previous` know it however it is reworded. Default: matched "
        "by its wording.", default=None)
    change_note: str | None = key(
        "Why the judgment changed since the previous edition (Markdown): shown in the memo's "
        "\"Since our memo of …\" box (see `previous`). `brief check` warns when a "
        "judgment's likelihood moved without one.", default=None, markdown=True)
    marking: str | None = portion_marking("key judgment")
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class DistributionSpec:
    """Who the memo goes to by email: the To, Cc and From of `brief build --email` and
    `brief send`."""

    from_: str = key(
        "The sender, `Name <address>` (the desk's address); `brief send` sends from it.",
        name="from")
    to: tuple[str, ...] = key(
        "Recipients, `Name <address>` or `address`, as a list (or one).", single_ok=True)
    cc: tuple[str, ...] = key("Copy recipients, as a list (or one).", default=(),
                              single_ok=True)
    key_path: KeyPath = internal()

    def addresses(self) -> list[str]:
        """Every recipient's bare address (To, then Cc), lower case."""

        return [address.lower() for _, address in getaddresses([*self.to, *self.cc])]


@dataclass(frozen=True)
class SectionSpec:
    """A section of the memo."""

    title: str = key("The section heading.")
    kind: SectionKind = key(
        "What the section holds: `risks`, `incentives`, `recommendations`, `indicators`, "
        "`options` or `text` (see \"Section kinds\").")
    text: str | None = key(
        "Markdown shown under the heading, before the points. Required for `text` sections.",
        default=None, markdown=True)
    points: tuple[PointSpec, ...] = key(
        "The section's points, in order. Required for every kind but `text`.", default=())
    marking: str | None = portion_marking("section (and of everything in it that has none "
                                           "of its own)")
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class SourceSpec:
    """A source article, and how to cite it."""

    file: str = key(
        "Path of the source file, relative to the spec file (in the source library: to the "
        "library): text (`.txt`, `.md`), a saved "
        "web page (`.html`), a PDF or a Word file (`.docx`, `.docm`, `.dotx`, `.dotm`, Word "
        "2003 XML; `.doc`, `.rtf` and `.odt` through LibreOffice); inside the project (see "
        "\"The project\"). Required, unless the project's source library holds the source "
        "(see \"The source library\").", default="", verbatim=True,
        shown_default="the library's")
    title: str | None = key(
        "The article's title. Taken from the file (web page, PDF, Word) when not given; "
        "one of the two must give it.", default=None)
    authors: tuple[str, ...] = key(
        "Author names, `First Last`, as a list (or one name). Taken from the file when "
        "not given.", default=(), single_ok=True)
    publisher: str | None = key("Where it was published. Taken from a web page's site "
                                "name when not given.", default=None)
    date: PartialDate | None = key(
        "Publication date: `2022-03-18`, `18 March 2022`, or as precise as known "
        "(`March 2022`, `2022`). Taken from the file when not given.", default=None)
    url: str | None = key("Where the article can be found, an `http` or `https` address. "
                          "Taken from a web page's canonical URL when not given.",
                          default=None, link=True)
    reliability: Reliability | None = key(
        "The source's reliability, on the Admiralty scale: A completely reliable, B usually "
        "reliable, C fairly reliable, D not usually reliable, E unreliable, F reliability "
        "cannot be judged. Shown where the source is cited and in the list of sources.",
        default=None,
        hint="grade the source with one letter, A (completely reliable) to F (cannot be "
        "judged), and put your reasons under `assessment`")
    assessment: str | None = key(
        "Why the source is graded so, or how to read it; shown after its grade in the list "
        "of sources.", default=None, verbatim=True)
    cite_as: str | None = key(
        "Short form for citations, instead of the default `Surname Year` "
        "(`Wolff & Bayok 2022`).", default=None)
    accessed: PartialDate | None = key(
        "When the page was read, as for `date`: shown after its address in the list of "
        "sources (\"accessed 5 December 2026\"). `brief capture` writes it; a `snapshot` "
        "gives its own.", default=None)
    snapshot: str | None = key(
        "Which capture of a page this memo quotes: the name `brief capture` gave it, the "
        "time it was read (`2026-12-05T061500Z`), a file beside `file` in its "
        "`sources/captured/ID/` folder. Its access date is the one it was read on.",
        default=None, verbatim=True)
    item_type: SourceType | None = key(
        "What kind of work it is, for a CSL citation style (`citation_style`): "
        "`article-newspaper`, `article-journal`, `article-magazine`, `webpage`, "
        "`post-weblog`, `report`, `book`, `chapter` or `document`. Without it: "
        "`article-newspaper` when `container` is given, else `webpage` with a `url`, else "
        "`report` with a `publisher`, else `document`.", name="type", default=None)
    container: str | None = key(
        "The newspaper, journal or site the article appeared in, which a CSL citation style "
        "prints in italics (`The Conversation`).", default=None)
    language: str | None = key(
        "The source's language, a BCP 47 tag (`ru`, `be`, `uk`), where it is not the "
        "memo's: its quotations are marked so that a screen reader reads them in it.",
        default=None)
    paraphrased: bool = key(
        "`true` for a copy whose wording a machine rewrote (a spun republication): the "
        "memo's source summary names it.", default=False)
    id: str = field(default="", metadata={"internal": True})
    key_path: KeyPath = internal()
    # A library source the spec changes: the key path of the spec's entry, and the keys
    # it gives (see `spec.sourcing`).
    override: tuple[KeyPath, frozenset[str]] | None = internal(None)

    def place(self, key: str) -> KeyPath:
        """The key path of one of the source's keys: in the spec where the spec gives it,
        else where the source is (the spec, or the library)."""
        if self.override is not None and key in self.override[1]:
            return (*self.override[0], key)
        return (*self.key_path, key)


@dataclass(frozen=True)
class MemoHeader:
    """The To/From/Subject block at the top of a memo."""

    to: str | None = key("Who the memo is for.", default=None)
    from_: str | None = key("Who it is from.", name="from", default=None)
    cc: str | None = key("Who else receives it.", default=None)
    subject: str | None = key("Subject line; defaults to the title.", default=None)


@dataclass(frozen=True)
class DecisionSpec:
    """What the principal is asked to decide or do: the ask, shown right after the bottom
    line and at the top of the email."""

    text: str = key("What the principal is asked to decide or do (Markdown).", markdown=True)
    deadline: PartialDate | None = key(
        "By when the decision is needed: a date, as for `date`.", default=None)
    marking: str | None = portion_marking("decision request")
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class ReleaseSpec:
    """A version of the memo for a wider audience, made from the same spec."""

    marking: str = key(
        "The release's marking, below the memo's: `TLP:CLEAR` of a `TLP:AMBER` memo, or "
        "`OFFICIAL` of an `OFFICIAL-SENSITIVE` one. Every portion marked above it is left "
        "out, and every page and the email carry it.")
    title: str | None = key("The title of this version, if not the memo's.", default=None)
    bluf: str | None = key(
        "The bottom line for this audience (Markdown). Needed when the memo's own bottom "
        "line is marked above the release.", default=None, markdown=True)
    distribution: DistributionSpec | None = key(
        "Who this version goes to by email: `from`, `to`, `cc`. Default: the memo's.",
        default=None)
    memo: MemoHeader | None = key(
        "The memo header of this version: `to`, `from`, `cc`, `subject`, in place of the "
        "memo's whole header (nothing of the memo's is kept). Default: the memo's.",
        default=None)
    key_path: KeyPath = internal()


class _NoSources(dict[str, SourceSpec]):
    """The `sources` of a spec that writes none (all from the library): an empty mapping
    that a dataclass takes as a default, as it takes no mutable one."""

    __hash__ = object.__hash__  # type: ignore[assignment]

    def __setitem__(self, key: str, value: SourceSpec) -> None:
        raise TypeError("a spec's sources are not changed in place")


NO_SOURCES: dict[str, SourceSpec] = _NoSources()


@dataclass(frozen=True)
class BriefingSpec:
    """A briefing spec: one memo, its sources and its content."""

    title: str = key("The memo's title.")
    bluf: str = key("The bottom line up front (Markdown): the answer, first.", markdown=True)
    sources: dict[str, SourceSpec] = key(
        "The source articles, as a mapping from a short id (used by passages) to the "
        "source's details. A source of the project's library needs no entry (a passage "
        "cites it by its id); an entry with its id changes what this memo gives of it "
        "(`assessment`, say), and a list of ids (`[wolff-2022, korybko-2020]`) lists them "
        "from the library as they are (see \"The source library\"). Required where the "
        "project keeps no library.", values="mapping of id to [Source](#source), "
        "or list of library ids", default=NO_SOURCES, kw_only=True,
        shown_default="the library's sources the memo cites")
    sections: tuple[SectionSpec, ...] = key("The memo's sections, in order.")
    key_judgments: tuple[KeyJudgmentSpec, ...] = key(
        "The key judgments, shown after the bottom line: each with its likelihood, "
        "confidence and passages.", default=())
    decision_requested: DecisionSpec | None = key(
        "What the principal is asked to decide or do, and by when: `text` (Markdown) and "
        "`deadline`, or the text alone. Shown right after the bottom line, and first in the "
        "email.", default=None, text_ok=True)
    likelihood_scale: str | None = key(
        "The likelihood scale of the key judgments: `icd-203` (US ICD 203) or "
        "`uk-yardstick` (UK Probability Yardstick), or a house scale in `scales/`. "
        "Default: the template's, else `icd-203`.", default=None)
    subtitle: str | None = key("A line under the title.", default=None)
    date: PartialDate | None = key(
        "The memo's date: `2022-03-18`, `18 March 2022`, `March 18, 2022`, or as precise as "
        "known (`March 2022`). Shown as the template's `date_format` says (`18 March 2022`). "
        "A date in numbers only in another order (`18/03/2022`) is refused: it reads "
        "differently in different countries.", default=None)
    author: str | None = key("The analyst or team who wrote it.", default=None)
    organisation: str | None = key("The organisation issuing the memo.", default=None)
    memo: MemoHeader = key("The memo header: `to`, `from`, `cc`, `subject`.",
                           default=MemoHeader())
    marking: str | None = key(
        "Handling marking: a Traffic Light Protocol 2.0 label (`TLP:RED`, "
        "`TLP:AMBER+STRICT`, `TLP:AMBER`, `TLP:GREEN`, `TLP:CLEAR`), shown in its colour at "
        "the right of every page's header and footer; or classification text "
        "(`OFFICIAL-SENSITIVE`), shown as a banner at the top and bottom of every page. "
        "Also in the files' properties and the email's subject.", default=None)
    portion_marking: str | None = key(
        "The marking of every portion (section, point, passage, key judgment, the bottom "
        "line, the decision requested) that has no `marking` of its own. Default: the "
        "memo's `marking`, so that nothing unmarked reaches a wider release.", default=None)
    portion_marks: bool | None = key(
        "`true` prints each portion's marking before it, `(TLP:AMBER) …`, in both formats; "
        "`false` never. Default: the template's `portion_marks`, and on where the memo's "
        "portions carry more than one marking (with a note saying so).", default=None)
    releases: tuple[ReleaseSpec, ...] = key(
        "Versions for wider audiences, each built beside the memo (see \"Releases\").",
        default=())
    distribution: DistributionSpec | None = key(
        "Who receives the memo by email: `from`, `to`, `cc` (see \"Email\").",
        default=None)
    template: str = key(
        "The template: a name looked up in `templates/` next to the spec, the project's "
        "`templates/`, then the built-ins; or a path to a template folder.",
        default="memo")
    language: str = key("Language of the memo, as a BCP 47 tag (`en`, `en-GB`).",
                        default="en")
    previous: str | None = key(
        "The last edition of this memo: its spec, or the build manifest (`.json`) written "
        "beside it; relative to the spec, inside the project. The memo then carries a short "
        "\"Since our memo of …\" box after the bottom line: judgments that moved (with their "
        "`change_note`), added or dropped, and sources added (see \"Editions\").",
        default=None, verbatim=True)
    output_name: str | None = key(
        "Name of the output files, without extension, from `{name}` (the spec's file "
        "name), `{title}`, `{date}` and `{marking}`: `\"{date}-{title}\"`. Made safe for "
        "every file system. Default: the spec's file name.", default=None)
    path: Path = field(default=Path(), metadata={"internal": True})
    # The bottom line's marking where it is not that of the unmarked portions: a
    # release's own bottom line is written for the release's audience.
    bluf_marking: str | None = field(default=None, metadata={"internal": True})
    document: YamlDocument | None = field(default=None, metadata={"internal": True},
                                          compare=False, repr=False)
    # The source library's files (see `spec.library`): a source taken from it has the key
    # path (LIBRARY, the file's index here, its id, ...).
    libraries: tuple[YamlDocument, ...] = field(default=(), metadata={"internal": True},
                                                compare=False, repr=False)
    # The library's files and the brief.yaml naming it, as read: inputs of the build.
    library_inputs: tuple[InputFile, ...] = field(default=(), metadata={"internal": True},
                                                  compare=False, repr=False)
    # Key paths of the values that could not be read as the format asks (each reported).
    invalid: frozenset[KeyPath] = field(default=frozenset(), metadata={"internal": True},
                                        compare=False, repr=False)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def name(self) -> str:
        """The spec's file name without its extension."""
        return self.path.stem

    @property
    def output_stem(self) -> str:
        """The name of the output files, without extension (see `output_name`)."""
        if not self.output_name:
            return self.name
        values = {"name": self.name, "title": self.title,
                  "date": self.date.iso if self.date else "", "marking": self.marking or ""}
        return safe_file_name(_PLACEHOLDER.sub(lambda m: values[m[1]], self.output_name),
                              fallback=self.name)

    def where(self, path: KeyPath, *, at_key: bool = False) -> Where:
        """Return the place of `path` in the spec file, for error messages."""
        if path[:1] == (LIBRARY,) and len(path) >= 2 and isinstance(path[1], int):
            return self.libraries[path[1]].where(path[2:], at_key=at_key)
        assert self.document is not None
        return self.document.where(path, at_key=at_key)

    def intact(self, path: KeyPath) -> bool:
        """Whether the value at `path`, and everything under it, was read as written: a
        spec with errors is still checked as far as its intact parts go."""
        return not any(bad[:len(path)] == path for bad in self.invalid)

    def passages(self) -> list[PassageSpec]:
        """Every passage of the spec, in document order."""
        return [*(p for j in self.key_judgments for p in j.passages),
                *(p for s in self.sections for pt in s.points for p in pt.passages)]


# The first part of the key path of a source taken from the project's library.
LIBRARY = "<library>"

# The YAML keys of a spec class with their fields, in declaration order.
spec_keys = keys


_PLACEHOLDER = re.compile(r"\{(name|title|date|marking)\}")
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def safe_file_name(text: str, fallback: str, limit: int = 100) -> str:
    """`text` as a file name every file system and mail client takes: ASCII letters,
    digits, `-`, `_` and `.`, at most `limit` characters; `fallback` if nothing is left."""

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")
    name = re.sub(r"[-._]{2,}", "-", name)[:limit].rstrip("-._")
    if not name or _WINDOWS_RESERVED.match(name):
        return fallback
    return name


