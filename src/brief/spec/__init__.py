"""Stage 1: load a briefing spec and check it against the spec format.

The format is defined once, by the dataclasses below: each field's metadata holds
its YAML key and the sentence that documents it (`docs/spec.md` is checked against
them in the tests). `load_spec` reads every key, collects every problem with its
line, and raises them together so `brief check` can report them all.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import schema
from ..dates import DateProblem, PartialDate
from ..errors import BriefError, BriefErrors, BriefWarning, SpecError, SpecWarning, Where
from ..markdown_text import link_allowed, markdown_problem
from ..schema import internal, keys, type_hints
from ..standards.markings import tlp_problem
from ..text import WORD_PROPERTY_LENGTH, check_text
from ..yamlfile import KeyPath, YamlDocument, load_yaml

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
Credibility = Literal[1, 2, 3, 4, 5, 6]
Confidence = Literal["low", "moderate", "high"]


def key(doc: str, *, name: str | None = None, default: Any = dataclasses.MISSING,
        markdown: bool = False, single_ok: bool = False, text_ok: bool = False,
        verbatim: bool = False, link: bool = False, hint: str | None = None) -> Any:
    """Declare a spec key (see `brief.schema.key`): its documentation, YAML name and
    default, and a hint shown when a value is not one of its choices. `single_ok`: a list
    may be given as its one item; `text_ok`: a mapping may be given as its `text` alone;
    `verbatim`: text kept as written, line breaks and spaces included (a quote, a file
    name), where other text that is not Markdown is shown on one line; `link`: a web
    address."""
    return schema.key(doc, name=name, default=default, markdown=markdown,
                      single_ok=single_ok, text_ok=text_ok, verbatim=verbatim, link=link,
                      hint=hint)


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
    marking: str | None = portion_marking("passage")
    key_path: KeyPath = internal()

    @property
    def paragraph_range(self) -> tuple[int, int] | None:
        """Return the first and last paragraph selected by number, if any."""
        if self.paragraph is not None:
            return (self.paragraph, self.paragraph)
        if self.paragraphs is not None:
            match = _RANGE.fullmatch(self.paragraphs)
            if match:
                return (int(match[1]), int(match[2] or match[1]))
        return None


_RANGE = re.compile(r"\s*(\d+)\s*(?:[-–—]\s*(\d+)\s*)?")


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
        "as its own statement after the judgment.")
    passages: tuple[PassageSpec, ...] = key(
        "Passages from the sources that support the judgment.", default=())
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
        from email.utils import getaddresses

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
        "Path of the source file, relative to the spec file: text (`.txt`, `.md`), a saved "
        "web page (`.html`), a PDF or a Word file (`.docx`); inside the project (see "
        "\"The project\").", verbatim=True)
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
    id: str = field(default="", metadata={"internal": True})
    key_path: KeyPath = internal()


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
    key_path: KeyPath = internal()


@dataclass(frozen=True)
class BriefingSpec:
    """A briefing spec: one memo, its sources and its content."""

    title: str = key("The memo's title.")
    bluf: str = key("The bottom line up front (Markdown): the answer, first.", markdown=True)
    sources: dict[str, SourceSpec] = key(
        "The source articles, as a mapping from a short id (used by passages) to the "
        "source's details.")
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
    output_name: str | None = key(
        "Name of the output files, without extension, from `{name}` (the spec's file "
        "name), `{title}`, `{date}` and `{marking}`: `\"{date}-{title}\"`. Made safe for "
        "every file system. Default: the spec's file name.", default=None)
    path: Path = field(default=Path(), metadata={"internal": True})
    document: YamlDocument | None = field(default=None, metadata={"internal": True},
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


# The YAML keys of a spec class with their fields, in declaration order.
spec_keys = keys


def read_spec(path: Path) -> tuple[BriefingSpec, list[BriefError], list[BriefWarning]]:
    """Read the spec at `path` as far as it can be read, and check it: return the spec
    (values that are wrong replaced by their defaults, and listed in `invalid`), every
    problem found, and the warnings about text changed to be shown (a line break pasted
    from Word). Raise `SpecError` only when nothing can be checked: the file is missing,
    is not YAML, is empty, or is not a mapping."""
    path = Path(path)
    document = load_yaml(path)
    if document.data is None:
        raise SpecError(
            "the spec is empty",
            document.where(()),
            hint="a spec needs at least `title`, `bluf`, `sources` and `sections`; "
            "see docs/spec.md",
        )
    reader = _Reader(document)
    spec = reader.read(BriefingSpec, document.data, ())
    if spec is None:
        raise BriefErrors(reader.errors)
    spec = dataclasses.replace(spec, path=path.resolve(), document=document,
                               invalid=frozenset(reader.invalid))
    _check_meaning(spec, reader)  # may find more values invalid: passages not to resolve
    return (dataclasses.replace(spec, invalid=frozenset(reader.invalid)), reader.errors,
            reader.warnings)


def load_spec(path: Path) -> BriefingSpec:
    """Read and check the spec at `path`; raise `BriefErrors` listing every problem."""
    spec, errors, _ = read_spec(path)
    if errors:
        raise BriefErrors(errors)
    return spec


def _describe(value: Any) -> str:
    """Describe a YAML value the way a user sees it, for 'found …' messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


class _Reader:
    """Reads YAML data into spec dataclasses, collecting errors instead of stopping.

    A value that cannot be read is reported, its key path is added to `invalid`, and its
    field takes its default (or an empty value, if it has none), so that the rest of the
    spec is still read and checked.
    """

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.errors: list[BriefError] = []
        self.warnings: list[BriefWarning] = []
        self.invalid: set[KeyPath] = set()
        data = document.data if isinstance(document.data, dict) else {}
        self.language = str(data.get("language") or "en")

    def fail(self, message: str, path: KeyPath, *, at_key: bool = False,
             hint: str | None = None) -> None:
        self.errors.append(SpecError(message, self.document.where(path, at_key=at_key),
                                     hint=hint))

    def read(self, cls: type, value: Any, path: KeyPath) -> Any:
        """Read a mapping into dataclass `cls`; return None when it is not a mapping."""
        if not isinstance(value, dict):
            what = "the spec" if not path else "this key"
            self.fail(f"expected {what} to be a mapping of keys, found {_describe(value)}",
                      path)
            self.invalid.add(path)
            return None
        hints = type_hints(cls)
        known = dict(keys(cls))
        misspelt = set()  # keys the user probably meant by an unknown key
        for name in value:
            if name not in known:
                misspelt.add(self._unknown_key(name, list(known), path, cls))
        kwargs: dict[str, Any] = {}
        for name, fld in known.items():
            child = (*path, name)
            required = fld.default is dataclasses.MISSING
            if name not in value or value[name] is None:
                if required:
                    if name in value:
                        self.fail(f"'{name}' is empty; {fld.metadata['doc']}", child)
                    elif name not in misspelt:
                        self.fail(f"missing required key '{name}': {fld.metadata['doc']}",
                                  path)
                    self.invalid.add(child)
                    kwargs[fld.name] = _empty(hints[fld.name])
                continue
            converted = self._convert(hints[fld.name], value[name], child, fld)
            if converted is _INVALID:
                self.invalid.add(child)
                if required:
                    kwargs[fld.name] = _empty(hints[fld.name])
            else:
                kwargs[fld.name] = converted
        if "key_path" in hints:
            kwargs["key_path"] = path
        return cls(**kwargs)

    def _unknown_key(self, name: Any, known: list[str], path: KeyPath,
                     cls: type) -> str | None:
        """Report an unknown key; return the known key it is probably a misspelling of."""
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
        message = f"unknown key '{name}' {_PLACE_NAMES[cls.__name__]}"
        if close:
            message += f"; did you mean '{close[0]}'?"
        self.fail(message, (*path, name), at_key=True,
                  hint=f"the keys allowed here are: {', '.join(known)}")
        return close[0] if close else None

    def _convert(self, hint: Any, value: Any, path: KeyPath,
                 fld: dataclasses.Field[Any] | None = None) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):  # X | None: None handled by caller
            (inner,) = [a for a in args if a is not type(None)]
            return self._convert(inner, value, path, fld)
        if hint is str:
            if isinstance(value, str):
                return self._text(value, path, fld)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return str(value)
            self.fail(f"expected text, found {_describe(value)}", path,
                      hint="put text in quotes if YAML reads it as something else")
            return _INVALID
        if hint is PartialDate:
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                try:
                    return PartialDate.parse(str(value), self.language)
                except DateProblem as problem:
                    self.fail(problem.message, path, hint=problem.fix)
                    return _INVALID
            self.fail(f"expected a date, found {_describe(value)}", path,
                      hint="write it as 2022-03-25, 25 March 2022 or March 2022")
            return _INVALID
        if hint is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            self.fail(f"expected a whole number, found {_describe(value)}", path)
            return _INVALID
        if hint is bool:
            if isinstance(value, bool):
                return value
            self.fail(f"expected true or false, found {_describe(value)}", path)
            return _INVALID
        if origin is Literal:
            if value in args and not isinstance(value, bool):
                return value
            choices = ", ".join(str(a) for a in args)
            close = difflib.get_close_matches(str(value), [str(a) for a in args], n=1)
            guess = f"; did you mean '{close[0]}'?" if close else ""
            self.fail(f"expected one of {choices}, found {_describe(value)}{guess}", path,
                      hint=fld.metadata.get("hint") if fld is not None else None)
            return _INVALID
        if origin is tuple:
            if isinstance(value, str) and fld is not None and fld.metadata.get("single_ok"):
                value = [value]
            if not isinstance(value, list):
                self.fail(f"expected a list, found {_describe(value)}", path,
                          hint="write each item on its own line starting with '- '")
                return _INVALID
            items = []
            for index, item in enumerate(value):
                converted = self._convert(args[0], item, (*path, index), fld)
                if converted is _INVALID or converted is None:
                    self.invalid.add((*path, index))
                else:
                    items.append(converted)
            return tuple(items)
        if origin is dict:
            if not isinstance(value, dict):
                self.fail(f"expected a mapping of keys, found {_describe(value)}", path)
                return _INVALID
            result = {}
            for item_key, item in value.items():
                converted = self._convert(args[1], item, (*path, item_key))
                if converted is _INVALID or converted is None:
                    self.invalid.add((*path, item_key))
                    continue
                if isinstance(converted, SourceSpec):
                    converted = dataclasses.replace(converted, id=str(item_key))
                result[str(item_key)] = converted
            return result
        if dataclasses.is_dataclass(hint):
            if isinstance(value, str) and fld is not None and fld.metadata.get("text_ok"):
                value = {"text": value}
            result = self.read(hint, value, path)  # type: ignore[arg-type]
            return _INVALID if result is None else result
        raise TypeError(f"spec type not supported: {hint!r}")  # a bug in brief, not input

    def _text(self, value: str, path: KeyPath, fld: dataclasses.Field[Any] | None) -> Any:
        """A text value as every format can hold it (see `brief.text`); Markdown that can
        be shown, with links only to web and mail addresses."""
        meta = fld.metadata if fld is not None else {}
        markdown = bool(meta.get("markdown"))
        checked = check_text(value, multiline=markdown or bool(meta.get("verbatim")),
                             markdown=markdown)
        if checked.problem:
            self.fail(checked.problem, path, hint="delete the character: it comes from "
                      "copying out of another program, and no reader would see it")
            return _INVALID
        if checked.changed:
            self.warnings.append(SpecWarning(checked.changed,
                                             self.document.where(path)))
        problem = markdown_problem(checked.text) if markdown else None
        if meta.get("link") and not link_allowed(checked.text):
            problem = (f"{checked.text!r} is not a web address: a source's `url` is an http "
                       "or https address")
        if problem:
            self.fail(problem, path, hint="write a link as [words](https://address)"
                      if "link" in problem else None)
            return _INVALID
        return checked.text


def _empty(hint: Any) -> Any:
    """The stand-in for a required value that could not be read."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    return "" if hint is str else None


_INVALID = object()
_PLACE_NAMES = {
    "BriefingSpec": "at the top level of the spec", "SourceSpec": "in a source",
    "MemoHeader": "in memo", "SectionSpec": "in a section", "PointSpec": "in a point",
    "PassageSpec": "in a passage", "KeyJudgmentSpec": "in a key judgment",
    "DistributionSpec": "in distribution", "DecisionSpec": "in decision_requested",
    "ReleaseSpec": "in a release",
}


_PLACEHOLDER = re.compile(r"\{(name|title|date|marking)\}")
_WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def safe_file_name(text: str, fallback: str, limit: int = 100) -> str:
    """`text` as a file name every file system and mail client takes: ASCII letters,
    digits, `-`, `_` and `.`, at most `limit` characters; `fallback` if nothing is left."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-._")
    name = re.sub(r"[-._]{2,}", "-", name)[:limit].rstrip("-._")
    if not name or _WINDOWS_RESERVED.match(name):
        return fallback
    return name


def _check_meaning(spec: BriefingSpec, reader: _Reader) -> None:
    """Checks that span several keys: selectors, source ids, section kinds, markings. A
    check that rests on a value already reported as wrong is skipped: one mistake, one
    message."""
    if spec.output_name:
        unknown = [m for m in re.findall(r"\{([^{}]*)\}", spec.output_name)
                   if m not in ("name", "title", "date", "marking")]
        if unknown:
            reader.fail(f"unknown placeholder '{{{unknown[0]}}}' in output_name; use {{name}}, "
                        "{title}, {date} or {marking}", ("output_name",))
    for source_id, source in spec.sources.items():
        if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", source_id):
            reader.fail(f"source id '{source_id}' should be a short word of letters, digits, "
                        "'-' or '_'", source.key_path, at_key=True)
    # Ids written under `sources`, even of entries that could not be read: a passage
    # naming one of those is not also reported as naming an unknown source.
    written = reader.document.data.get("sources") if isinstance(reader.document.data,
                                                                dict) else None
    source_ids = [str(i) for i in written] if isinstance(written, dict) else None
    for section in spec.sections:
        kind_known = spec.intact((*section.key_path, "kind"))
        if kind_known and section.kind == "text" and not section.text \
                and spec.intact((*section.key_path, "text")):
            reader.fail("a section of kind 'text' needs a 'text' key with its Markdown",
                        section.key_path)
        if kind_known and section.kind != "text" and not section.points \
                and spec.intact((*section.key_path, "points")):
            reader.fail(f"a section of kind '{section.kind}' needs at least one point "
                        "under 'points'", section.key_path)
        for point in section.points:
            if kind_known and section.kind == "incentives" and not point.actor \
                    and spec.intact((*point.key_path, "actor")):
                reader.fail("every point in an 'incentives' section must name its 'actor'",
                            point.key_path, hint="add `actor: Lukashenko` (for example)")
            for only_there, kind in KIND_ONLY_KEYS.items():
                if kind_known and section.kind != kind and getattr(point, only_there):
                    reader.fail(f"'{only_there}' is only used in '{kind}' sections, and "
                                f"this section is of kind '{section.kind}'",
                                (*point.key_path, only_there), at_key=True)
            for passage in point.passages:
                _check_passage(spec, passage, source_ids, reader)
        if section.kind == "options" and sum(p.recommended for p in section.points) > 1:
            reader.fail("more than one option is marked 'recommended: true'; recommend one "
                        "option, or none", section.key_path)
    for judgment in spec.key_judgments:
        for passage in judgment.passages:
            _check_passage(spec, passage, source_ids, reader)
    for path, marking in markings_of(spec):
        problem = tlp_problem(marking)
        if problem:
            reader.fail(problem[0], path, hint=problem[1])
    for distribution in [spec.distribution, *(r.distribution for r in spec.releases)]:
        if distribution is not None:
            _check_distribution(distribution, reader)
    for path, value in ((("title",), spec.title), (("memo", "subject"), spec.memo.subject),
                        (("author",), spec.author), (("organisation",), spec.organisation),
                        (("marking",), spec.marking)):
        if value and len(value) > WORD_PROPERTY_LENGTH:
            reader.warnings.append(SpecWarning(
                f"this is {len(value)} characters long: the Word file's properties hold "
                f"{WORD_PROPERTY_LENGTH}, so there it is shortened (the memo shows it whole)",
                reader.document.where(path)))


def markings_of(spec: BriefingSpec) -> list[tuple[KeyPath, str]]:
    """Every marking the spec gives, with its key path: the memo's, the portions' and
    the releases'."""
    found: list[tuple[KeyPath, str]] = []

    def add(path: KeyPath, marking: str | None) -> None:
        if marking:
            found.append(((*path, "marking") if path else ("marking",), marking))

    add((), spec.marking)
    if spec.portion_marking:
        found.append((("portion_marking",), spec.portion_marking))
    if spec.decision_requested is not None:
        add(spec.decision_requested.key_path, spec.decision_requested.marking)
    for judgment in spec.key_judgments:
        add(judgment.key_path, judgment.marking)
        for passage in judgment.passages:
            add(passage.key_path, passage.marking)
    for section in spec.sections:
        add(section.key_path, section.marking)
        for point in section.points:
            add(point.key_path, point.marking)
            for passage in point.passages:
                add(passage.key_path, passage.marking)
    for release in spec.releases:
        add(release.key_path, release.marking)
    return found


# An address as mail servers take it: an ASCII local part (RFC 5322 atoms and dots), one @,
# a dotted or bare host name.
_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


def _check_distribution(distribution: DistributionSpec, reader: _Reader) -> None:
    """Every entry of `from`, `to` and `cc` must be one mail address."""
    from email.utils import getaddresses

    fields = [("from", 0, distribution.from_)]
    fields += [("to", i, a) for i, a in enumerate(distribution.to)]
    fields += [("cc", i, a) for i, a in enumerate(distribution.cc)]
    for name, index, entry in fields:
        parsed = getaddresses([entry])
        path = (*distribution.key_path, name) + (() if name == "from" else (index,))
        if len(parsed) != 1 or not _ADDRESS.fullmatch(parsed[0][1]):
            reader.fail(f"expected one mail address, `Name <name@example.org>` or "
                        f"`name@example.org`, found {_describe(entry)}", path,
                        hint="write each recipient as its own list item")


def _check_passage(spec: BriefingSpec, passage: PassageSpec, source_ids: list[str] | None,
                   reader: _Reader) -> None:
    """Check a passage's source and selector; a passage found wrong is marked invalid, so
    that it is not resolved too."""
    path = passage.key_path
    problems = len(reader.errors)
    if source_ids is not None and passage.source not in source_ids \
            and spec.intact((*path, "source")):
        close = difflib.get_close_matches(passage.source, source_ids, n=1)
        guess = f"; did you mean '{close[0]}'?" if close else ""
        reader.fail(f"unknown source '{passage.source}'{guess}", (*path, "source"),
                    hint=f"the sources defined under `sources` are: {', '.join(source_ids)}")
    if spec.intact(path):  # else a selector could not be read; that was reported
        _check_selector(passage, reader)
    if len(reader.errors) > problems:
        reader.invalid.add(path)


def _check_selector(passage: PassageSpec, reader: _Reader) -> None:
    path = passage.key_path
    if (passage.from_ is None) != (passage.to is None):
        reader.fail("'from' and 'to' go together: give both, or neither", path)
    selectors = [name for name, value in (
        ("quote", passage.quote), ("paragraph", passage.paragraph),
        ("paragraphs", passage.paragraphs), ("from/to", passage.from_ or passage.to))
        if value is not None]
    if len(selectors) != 1:
        found = "none" if not selectors else " and ".join(f"'{s}'" for s in selectors)
        reader.fail(f"a passage needs exactly one of 'quote', 'paragraph', 'paragraphs' or "
                    f"'from'/'to'; found {found}", path)
    if passage.quote is None and (passage.prefix is not None or passage.suffix is not None):
        reader.fail("'prefix' and 'suffix' only go with 'quote'", path)
    if passage.quote is not None and not passage.quote.strip():
        reader.fail("'quote' is empty", (*path, "quote"))
    if passage.paragraphs is not None:
        match = _RANGE.fullmatch(passage.paragraphs)
        if not match:
            reader.fail(f"expected a paragraph range such as '9-10', found "
                        f"{_describe(passage.paragraphs)}", (*path, "paragraphs"))
        elif match[2] and int(match[2]) < int(match[1]):
            reader.fail(f"paragraph range '{passage.paragraphs}' runs backwards",
                        (*path, "paragraphs"))
    rng = passage.paragraph_range
    if rng and rng[0] < 1:
        reader.fail("paragraphs are numbered from 1", path)


_TITLES = {"BriefingSpec": "Top level", "SourceSpec": "Source", "MemoHeader": "Memo header",
           "SectionSpec": "Section", "PointSpec": "Point", "PassageSpec": "Passage",
           "KeyJudgmentSpec": "Key judgment", "DistributionSpec": "Distribution",
           "DecisionSpec": "Decision requested", "ReleaseSpec": "Release"}
_COLUMNS = schema.Columns(default=schema.shown_value, empty=(None, (), MemoHeader()))


def reference_tables() -> str:
    """The key tables of docs/spec.md, made from the spec classes' field docs."""
    return "\n".join(
        f"### {_TITLES[cls.__name__]}\n\n" + schema.reference_table(cls, _COLUMNS, _TITLES)
        for cls in (BriefingSpec, DecisionSpec, MemoHeader, DistributionSpec, SourceSpec,
                    KeyJudgmentSpec, SectionSpec, PointSpec, PassageSpec, ReleaseSpec))
