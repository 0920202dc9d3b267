"""Find templates along the search path.

A template is a folder holding `template.yaml` and any of the files the renderers
use (`document.html.j2`, `style.css`, `reference.docx`). Names are looked up in
`templates/` beside the spec, then in the project's `templates/` (the folder brief
is run in), then among the built-ins shipped in the package. A template need only
hold the files it changes: any other file comes from the built-in template of the
same name, or else from the built-in `memo`.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .. import schema
from ..citations import BRIEF_STYLE, bundled, cites_in_text, is_style
from ..citations import suggestion as style_suggestion
from ..dates import DEFAULT_FORMAT, picture_problem
from ..errors import BriefError, BriefErrors, TemplateError, Where, display_path
from ..files import inside, is_dir, is_file
from ..folders import BUILTIN_TEMPLATES, template_folders
from ..model import Briefing, Section
from ..schema import did_you_mean, internal, key, keys
from ..spec import SECTION_KINDS
from ..standards.markings import DEFAULT_CLASSIFICATIONS, MarkingOrder
from ..yamlfile import YamlDocument, load_yaml
from .style import DEFAULTS, read_style

BUILTIN_FOLDER = BUILTIN_TEMPLATES
DEFAULT_TEMPLATE = "memo"


@dataclass(frozen=True)
class Labels:
    """The words both formats print, each of which a template.yaml may change under
    `labels:` (the table of labels in docs/spec.md is made from these)."""

    bluf: str = key("The heading of the bottom line up front (in the email too).",
                    default="Bottom line up front")
    sources: str = key("The heading of the list of sources, and the incentives table's "
                       "column of sources.", default="Sources")
    notes: str = key("The heading of the endnotes (`citations: endnotes`).", default="Notes")
    levers: str = key("What leads an actor's levers and constraints, and the incentives "
                      "table's column of them.", default="Levers and constraints")
    actor: str = key("The incentives table's column of actors.", default="Actor")
    wants: str = key("The incentives table's column of what each actor wants.",
                     default="What they want")
    key_judgments: str = key("The heading of the key judgments.", default="Key judgments")
    confidence: str = key("The statement after each key judgment, with `{confidence}`.",
                          default="We have {confidence} confidence in this judgment.")
    implication: str = key("What leads an indicator's `implication`.",
                           default="What it would mean")
    option: str = key("The options table's column of options.", default="Option")
    pros: str = key("The options table's column of what speaks for each.", default="For")
    cons: str = key("The options table's column of what speaks against it.",
                    default="Against")
    recommended: str = key("The flag of the recommended option.", default="Recommended")
    legend: str = key("The heading of what the memo's estimative words and grades mean.",
                      default="What we mean by these words")
    likelihood: str = key("The title of the likelihood scale's words, before the scale's "
                          "name.", default="Likelihood")
    confidence_levels: str = key("The title of the confidence levels.", default="Confidence")
    reliability: str = key("The title of the sources' reliability grades, and what leads a "
                           "source's grade in the list of sources.",
                           default="Source reliability")
    accessed: str = key("What follows a web page's address in the list of sources when "
                        "it says when the page was read (`accessed`, `brief capture`), "
                        "with `{date}`.", default="accessed {date}")
    credibility: str = key("The title of the passages' credibility grades.",
                           default="Credibility of information")
    decision: str = key("The heading of the decision requested (in the email too).",
                        default="Decision requested")
    deadline: str = key("The line under the decision requested, with `{deadline}`.",
                        default="Needed by {deadline}")
    changes: str = key("The heading of the box of what changed since the previous edition "
                       "(`previous`), with `{date}`, that edition's date.",
                       default="Since our memo of {date}")
    changes_undated: str = key("That heading when the previous edition has no date.",
                               default="Since our last memo")
    change_likelihood: str = key(
        "A key judgment whose likelihood moved, with `{number}`, `{now}` and `{then}`.",
        default="Key judgment {number} moved from {then} to {now}.")
    change_confidence: str = key(
        "A key judgment whose confidence moved, with `{number}`, `{now}` and `{then}`.",
        default="Our confidence in key judgment {number} went from {then} to {now}.")
    change_reworded: str = key(
        "A key judgment reworded, with a `change_note` but the same estimate, with "
        "`{number}`.", default="Key judgment {number} is reworded.")
    change_note: str = key(
        "What leads the analyst's `change_note` after a judgment's moves, with `{note}`: "
        "the reason for the whole move, likelihood and confidence alike.",
        default="Why: {note}")
    change_added: str = key("A key judgment added, with `{number}` and `{text}`.",
                            default="New key judgment {number}: {text}")
    change_removed: str = key("A key judgment dropped, with `{text}`.",
                              default="We no longer judge: {text}")
    change_sources: str = key("The sources added, with `{sources}` (their short names).",
                              default="New sources: {sources}.")
    change_none: str = key("The box's one item when no judgment moved and no source was "
                           "added.", default="Our key judgments stand as before.")
    table: str = key("What leads a table's caption, before its number: \"Table 2: Troops "
                     "by district\" (Word's caption field counts the tables by it too).",
                     default="Table")
    sign_off: str = key("The email's sign-off, before the sender.", default="Regards,")
    figure: str = key("The word before a figure's number in its caption: \"Figure 2: "
                      "...\" (Word numbers it with a SEQ field of this name).",
                      default="Figure")
    figures: str = key("The heading of the list of figures (`list_of_figures`).",
                       default="Figures")
    figure_source: str = key("What leads the source a figure is taken from, after its "
                             "caption: \"Source: Wolff & Bayok 2022 [B]\".",
                             default="Source")
    marking: str = key(
        "What opens the statement of the marking a screen reader hears first, \"Handling "
        "marking: TLP:AMBER\" (see [accessibility](accessibility.md)).",
        default="Handling marking")
    chart_data: str = key("The caption of a chart's data table, before the figure's number "
                          "(\"Data of Figure 1\").", default="Data of")
    our_translation: str = key("After a quote the analyst translated.",
                               default="(our translation)")
    translated_by: str = key("After a quote a named person translated, with `{translator}`.",
                             default="(translated by {translator})")
    machine_translation: str = key(
        "After a quote a machine translated, with `{translator}` (the tool and version).",
        default="(machine translation: {translator})")
    original: str = key("What leads a translated quote's original, in its note.",
                        default="Original")
    source_summary: str = key("The heading of the source summary (`source_summary`).",
                              default="Source summary")
    summary_sources: str = key(
        "The source summary's count of sources, with `{count}` and `{grades}` (each grade's "
        "count, from `summary_grade` and `summary_ungraded`).",
        default="Sources cited: {count} ({grades}).")
    summary_grade: str = key("One grade's count, with `{count}`, `{grade}` and `{meaning}`.",
                             default="{count} graded {grade}, {meaning}")
    summary_ungraded: str = key("The count of sources without a grade, with `{count}`.",
                                default="{count} ungraded")
    summary_judgments: str = key(
        "The key judgments resting on one source and on weak ones, with `{single}`, `{weak}` "
        "and `{total}`.",
        default="Key judgments resting on a single source: {single} of {total}; resting "
        "only on sources graded D to F or ungraded: {weak} of {total}.")
    summary_unsourced: str = key("The key judgments citing no source, with `{count}` and "
                                 "`{total}` (only when there are some).",
                                 default="Key judgments citing no source: {count} of {total}.")
    summary_paraphrased: str = key("The machine-paraphrased sources, with `{sources}`.",
                                   default="Machine-paraphrased: {sources}.")
    summary_captured: str = key("The sources captured from the web, with `{sources}` (each "
                                "with its access date).",
                                default="Captured from the web: {sources}.")
    summary_translated: str = key("The sources quoted in translation, with `{sources}`.",
                                  default="Quoted in translation: {sources}.")


# Headings both renderers print; a template.yaml may change them under `labels:`.
DEFAULT_LABELS: dict[str, str] = dataclasses.asdict(Labels())
# How passages are cited: after the passage, as footnotes, or as numbered endnotes.
CitationStyle = Literal["inline", "footnotes", "endnotes"]
CITATION_STYLES: tuple[str, ...] = typing.get_args(CitationStyle)
# What a template's `include` may name: the key judgments, and the kinds of section.
INCLUDABLE = ("key_judgments", *SECTION_KINDS)


def setting(doc: str, *, default: Any, problem: str,
            check: Callable[[Any, Path], bool] | None = None, values: str | None = None,
            shown_default: str | None = None, inherit: bool = True) -> Any:
    """Declare a setting of template.yaml (see `brief.schema.key`): `problem`, the message
    when a value is wrong (`{value}` the value, `{date_problem}` what is wrong with a date
    picture); `check`, the rule a value must pass, given the template's folder (none: it
    must be one of the choices its type lists, or true or false); `inherit`: a template
    that does not set it takes the built-in's value (not so `stylesheets`: files of its
    own folder)."""
    return key(doc, default=default, values=values, shown_default=shown_default,
               check=check, problem=problem, inherit=inherit)


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _classifications_ok(value: Any) -> bool:
    if not isinstance(value, list) or not value:
        return False
    names = [item.get("marking") if isinstance(item, dict) else item for item in value]
    return all(isinstance(n, str) and n.strip() for n in names) and len(set(names)) == len(
        names) and all(set(item) <= {"marking", "abbreviation"} and all(
            isinstance(v, str) for v in item.values()) for item in value
            if isinstance(item, dict))


@dataclass(frozen=True, kw_only=True)
class Template:
    """A resolved template: the keys of its template.yaml, each declared here with what it
    means and its default (the table of docs/spec.md is made from them), and where its
    files are."""

    name: str = key("The template's name, as `brief templates list` shows it.",
                    shown_default="its folder's name")
    description: str = key("What the template is for, in a line.", default="")
    labels: dict[str, str] = key(
        "The words both formats print, each changed on its own (see the table of labels "
        "below).", values="mapping of label to text", shown_default="the built-in's")
    style: dict[str, str] = key(
        "The design tokens of both formats: page size, margins, fonts, colours, logo, "
        "header and footer text (see [house style](house-style.md#the-tokens)).",
        values="mapping of token to value", shown_default="the built-in's")
    citations: CitationStyle = setting(
        "How passages are cited: `inline` after each passage, `footnotes` (CSS footnotes; "
        "native Word footnotes), `endnotes` (numbered, listed before the sources). The "
        "built-in `memo` and `briefing-note` use `footnotes`. With an author-date "
        "`citation_style` (`apa`, `harvard-cite-them-right`) it is `inline` unless the "
        "template sets it: \"(Wolff & Bayok, 2022, para. 10)\" after the passage.",
        default="inline",
        problem="`citations` must be one of " + ", ".join(CITATION_STYLES) +
        ", not '{value}'")
    citation_style: str = setting(
        "How citations and the list of sources are written: `brief` (its own short style, "
        "`Wolff & Bayok 2022, ¶10 [B2]`), a bundled CSL style (`chicago-note-bibliography`, "
        "`apa`, `harvard-cite-them-right`, `oscola`) or a `.csl` file of the template folder "
        "(see [house style](house-style.md#citation-styles)).", default=BRIEF_STYLE,
        check=is_style, values="a style name or .csl file",
        problem="`citation_style` must name a bundled style (" + ", ".join(bundled()) +
        ") or a .csl file of the template folder, not '{value}'{suggestion}")
    passages: Literal["quoted", "cited"] = setting(
        "`quoted`: each passage shown as a block quotation; `cited`: only the citations, "
        "after the point.", default="quoted",
        problem="`passages` must be quoted or cited, not '{value}'")
    incentives: Literal["list", "table"] = setting(
        "`list`: a sub-heading per actor; `table`: actor, what they want, levers and "
        "constraints, sources.", default="list",
        problem="`incentives` must be list or table, not '{value}'")
    numbered_headings: bool = setting(
        "`true` numbers the sections `1.`, `2.` …", default=False,
        problem="`numbered_headings` must be true or false")
    header_layout: Literal["rows", "inline"] = setting(
        "The To, From, Date and Subject lines: `rows` (each on its own line) or `inline` "
        "(on one line).", default="rows", problem="`header_layout` must be rows or inline")
    include: tuple[str, ...] = setting(
        "The section kinds shown, e.g. `[risks, incentives, recommendations]`.",
        default=INCLUDABLE, check=lambda v, _: isinstance(v, list) and set(v) <= set(
            INCLUDABLE), values="list of section kinds: " + ", ".join(
            f"`{k}`" for k in INCLUDABLE),
        shown_default="all", problem="`include` must list section kinds: " + ", ".join(
            INCLUDABLE))
    max_pages: int | None = setting(
        "The build fails, saying so, if the PDF needs more pages (measured on the PDF's "
        "layout, also for Word-only builds).", default=None,
        check=lambda v, _: v is None or (isinstance(v, int) and v >= 1),
        values="a whole number",
        problem="`max_pages` must be a whole number of pages")
    table_style: str = setting(
        "The Word table style of the tables in the text (Markdown pipe tables): brief's "
        "own Memo Table, or any table style of reference.docx (`Table Grid`, `Light Grid "
        "Accent 1`, the house's own; the error at a name it lacks lists those it has); its "
        "cells' font and header row reach the PDF and the web page too.", default="Memo Table",
        check=lambda v, _: isinstance(v, str) and bool(v.strip()), values="a style name",
        problem="`table_style` must be the name of a table style of reference.docx")
    stylesheets: tuple[str, ...] = setting(
        "More CSS files of the template folder, applied to the PDF after `style.css`.",
        default=(), check=lambda v, folder: isinstance(v, list) and all(
            isinstance(n, str) and is_file(folder / n) for n in v),
        values="list of file names", inherit=False,
        problem="`stylesheets` must list CSS files of the template folder")
    fonts: tuple[str, ...] = setting(
        "Font files (`.ttf`, `.otf`) of the template folder that the PDF uses, so that it "
        "shows the house's fonts on a machine that lacks them (see [house style]"
        "(house-style.md#fonts)).", default=(), check=lambda v, folder: isinstance(
            v, list) and all(isinstance(n, str) and n.lower().endswith((".ttf", ".otf"))
                             and is_file(folder / n) for n in v),
        values="list of file names", inherit=False,
        problem="`fonts` must list .ttf or .otf font files of the template folder")
    likelihood_scale: str | None = setting(
        "The likelihood scale of key judgments, unless the spec names one: `icd-203`, "
        "`uk-yardstick` or a house scale (see [Key judgments](#key-judgments-and-"
        "likelihood-scales)). Without one, `icd-203`.", default=None,
        check=lambda v, _: v is None or (isinstance(v, str) and bool(v.strip())),
        values="the name of a scale",
        problem="`likelihood_scale` must name a scale, such as icd-203")
    likelihood_ranges: bool = setting(
        "`true` prints a likelihood's range after its word: \"unlikely (20–45%)\".",
        default=True, problem="`likelihood_ranges` must be true or false")
    date_format: str = setting(
        "How dates are printed: a Word date picture of `d`, `dd`, `ddd`, `dddd`, `M`, "
        "`MM`, `MMM`, `MMMM`, `yy`, `yyyy` and 'quoted text' (see [Dates](#dates)).",
        default=DEFAULT_FORMAT, check=lambda v, _: picture_problem(v) is None,
        values="a date picture",
        problem="`date_format` must be {date_problem}, not '{value}'")
    max_quote_words: int = setting(
        "A passage longer than this many words is warned about.", default=80,
        check=lambda v, _: _whole_number(v), values="a whole number",
        problem="`max_quote_words` must be a whole number of words")
    left_out: Literal["note", "warning"] = setting(
        "How a build reports the sections `include` leaves out: `note` (shown, never an "
        "error) or `warning` (an error with `--strict`).", default="note",
        problem="`left_out` must be note or warning, not '{value}'")
    portion_marks: bool = setting(
        "`true` prints each portion's marking before it: `(TLP:AMBER) …`. A memo whose "
        "portions carry more than one marking has them anyway; a spec's own "
        "`portion_marks` overrides both.", default=False,
        problem="`portion_marks` must be true or false")
    classifications: tuple[Any, ...] = setting(
        "The house's classifications, lowest first, for releases (see [Releases]"
        "(#releases-and-portion-markings)).", default=DEFAULT_CLASSIFICATIONS,
        check=lambda v, _: _classifications_ok(v),
        values="list of text, or of `{marking: SECRET, abbreviation: S}`",
        problem="`classifications` must list the house's classifications, lowest first: "
        "each a text, or `{{marking: SECRET, abbreviation: S}}`")
    review_copy: bool = setting(
        "`true` writes, with every build's Word file, `<name>-review.docx`: the copy to "
        "send a reviewer, with Track Changes on and protected for tracked changes, as "
        "`brief build --review` does (see docs/review.md).", default=False,
        problem="`review_copy` must be true or false")
    list_of_figures: bool = setting(
        "`true` lists the memo's numbered figures (\"Figure 1: caption\", each a link to "
        "its figure) after the memo header, with their page numbers; in Word a table of "
        "figures field showing the PDF's page numbers, which Word updates to its own on F9.",
        default=False,
        problem="`list_of_figures` must be true or false")
    source_summary: bool = setting(
        "`true` adds the source summary statement of ICD 206 before the list of sources: "
        "the sources cited, by grade, the key judgments resting on a single source or only "
        "on sources graded D to F or ungraded, and the sources machine-paraphrased, captured "
        "or translated, all counted from the spec (see \"Source summary\"). The built-in "
        "`memo` sets it.", default=False,
        problem="`source_summary` must be true or false")
    # Filled in when the template is found, not read from template.yaml: its folders (its
    # own first, then the built-ins it falls back on), the tokens its own template.yaml sets
    # (applied to Word; `style` holds every token: its own, else its built-in's, else the
    # defaults), and the logo's file.
    folders: tuple[Path, ...] = internal(dataclasses.MISSING, compare=True)
    own_style: dict[str, str] = internal(dataclasses.MISSING, compare=True)
    logo: Path | None = internal(None, compare=True)

    @property
    def marking_order(self) -> MarkingOrder:
        """The order of the markings this house uses (its classifications, and TLP's)."""
        names = tuple(c["marking"] if isinstance(c, dict) else c for c in self.classifications)
        short = {c["marking"]: c["abbreviation"] for c in self.classifications
                 if isinstance(c, dict) and c.get("abbreviation")}
        return MarkingOrder(names, short)

    @property
    def table_kinds(self) -> frozenset[str]:
        """Section kinds shown as tables, which cite their passages in their cells."""
        return frozenset({"options", *(["incentives"] if self.incentives == "table" else [])})

    def shown_sections(self, briefing: Briefing) -> list[Section]:
        """The briefing's sections of the kinds the template shows (`include`). The
        renderers take them from `render.layout`, which asks this once; layouts made before
        it call it from document.html.j2."""
        return [s for s in briefing.sections if s.kind in self.include]

    def setting_where(self, key: str) -> Where:
        """Where the template's own template.yaml sets `key` (that line), else the file."""
        try:
            document = _settings(self.folder)
        except BriefError:
            return Where(self.folder / "template.yaml")
        if isinstance(document.data, dict) and key in document.data:
            return document.where((key,))
        return Where(self.folder / "template.yaml")

    @property
    def folder(self) -> Path:
        return self.folders[0]

    def file(self, name: str) -> Path:
        """Return the first `name` along the template's folders; a file must lie inside
        its folder, its links followed (a template may not reach out of it)."""
        for folder in self.folders:
            candidate = folder / name
            if is_file(candidate):
                if not inside(candidate, [folder]):
                    raise TemplateError(
                        f"template '{self.name}' uses {name}, which lies outside its folder "
                        f"{display_path(folder)}: a template reads only its own files",
                        Where(self.folder / "template.yaml"),
                        hint=f"copy the file into {display_path(folder)}")
                return candidate
        raise TemplateError(
            f"template '{self.name}' has no file {name}",
            Where(self.folder / "template.yaml"),
            hint=f"add {name} to {display_path(self.folder)}")


# The folders a spec's templates are looked for in (see `brief.folders`).
search_path = template_folders


def available(folders: list[Path]) -> list[str]:
    """Names of all templates along `folders`."""
    names: list[str] = []
    for folder in folders:
        if is_dir(folder):
            for child in sorted(folder.iterdir()):
                if is_file(child / "template.yaml") and child.name not in names:
                    names.append(child.name)
    return names


def find_template(name: str, spec_folder: Path, root: Path,
                  where: Where | None = None) -> Template:
    """Resolve a template name (or a path to a template folder) in the project (`root`)
    or among the built-ins."""
    if "/" in name or "\\" in name or name.startswith("."):
        folder = (spec_folder / name).resolve()
        if not inside(folder, [root, BUILTIN_FOLDER]):
            raise TemplateError(
                f"the template {name} is outside the project ({root}): brief "
                "reads only files inside it", where,
                hint="copy the template into the project's templates/ folder")
        if not is_file(folder / "template.yaml"):
            raise TemplateError(
                f"no template at {display_path(folder)} (a template folder holds "
                "template.yaml)", where,
                hint="give the path of a template folder relative to the spec, or a "
                "template name")
        return _load(folder)
    folders = search_path(spec_folder, root)
    for base in folders:
        if is_file(base / name / "template.yaml"):
            if not inside(base / name, [root, BUILTIN_FOLDER]):
                raise TemplateError(
                    f"the template '{name}' in {display_path(base)} is a link to a folder "
                    f"outside the project ({root}): brief reads only files "
                    "inside it", where,
                    hint="copy the template into the project's templates/ folder")
            return _load(base / name)
    names = available(folders)
    guess = did_you_mean(name, names)
    searched = ", ".join(display_path(f) for f in folders)
    raise TemplateError(
        f"unknown template '{name}'{guess}", where,
        details=[f"searched: {searched}"],
        hint=f"the templates available are: {', '.join(names)}")


def _valid(fld: dataclasses.Field[Any], value: Any, folder: Path) -> bool:
    """Whether `value` is one a setting takes: it passes the setting's `check`, else it is
    one of the choices its type lists, or true or false."""
    if fld.metadata["check"] is not None:
        return bool(fld.metadata["check"](value, folder))
    hint = schema.type_hints(Template)[fld.name]
    if hint is bool:
        return isinstance(value, bool)
    return value in typing.get_args(hint)


def _settings(folder: Path) -> YamlDocument:
    """template.yaml of a template folder, with the places of its keys and values."""
    settings_file = folder / "template.yaml"
    document = load_yaml(settings_file, "template.yaml", "template", TemplateError)
    if document.data is None:
        document.data = {}
    if not isinstance(document.data, dict):
        raise TemplateError("template.yaml must be a mapping of keys", Where(settings_file))
    return document


def _load(folder: Path) -> Template:
    """The template in `folder`; every problem of its template.yaml at once, each at its
    line (`BriefErrors` when there are several)."""
    problems: list[TemplateError] = []
    template = _read(folder, problems)
    problems.sort(key=lambda p: (p.where.line or 0, p.where.column or 0) if p.where else (0, 0))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise BriefErrors(problems)
    return template


def _read(folder: Path, problems: list[TemplateError]) -> Template:
    document = _settings(folder)
    settings: dict[str, Any] = document.data
    labels = settings.get("labels", {}) or {}
    unknown = sorted(set(labels) - set(DEFAULT_LABELS)) if isinstance(labels, dict) else []
    if not isinstance(labels, dict) or unknown:
        problems.append(TemplateError(
            "`labels` must map " + ", ".join(DEFAULT_LABELS) + " to text"
            + (f"; unknown label '{unknown[0]}'" if unknown else ""),
            document.where(("labels", unknown[0]) if unknown else ("labels",),
                           at_key=bool(unknown))))
        labels = {}
    name = folder.name
    fallbacks = [BUILTIN_FOLDER / name, BUILTIN_FOLDER / DEFAULT_TEMPLATE]
    folders = [folder] + [f for f in fallbacks if is_dir(f) and f.resolve() != folder.resolve()]
    own_style = read_style(settings.get("style"), document, problems)
    builtin = next((f for f in fallbacks if is_file(f / "template.yaml")), None)
    builtin_document = (None if builtin is None or builtin.resolve() == folder.resolve()
                        else _settings(builtin))
    inherited_settings = builtin_document.data if builtin_document else {}
    inherited = read_style(inherited_settings.get("style"), builtin_document or document, [])
    values: dict[str, Any] = {}
    for setting_key, fld in keys(Template):
        if "problem" not in fld.metadata:  # name, description, labels, style: read above
            continue
        # A setting comes from the template's own template.yaml, else from the built-in it
        # falls back on (if it `inherit`s), else it is the default.
        inherit = inherited_settings if fld.metadata["inherit"] else {}
        default = list(fld.default) if isinstance(fld.default, tuple) else fld.default
        value = settings.get(setting_key, inherit.get(setting_key, default))
        if not _valid(fld, value, folder):
            problems.append(TemplateError(
                fld.metadata["problem"].format(value=value, date_problem=picture_problem(value),
                                               suggestion=style_suggestion(value)),
                document.where((setting_key,))))
            value = inherit.get(setting_key, default)
        values[setting_key] = value
    if "citations" not in settings and cites_in_text(values["citation_style"], folder):
        values["citations"] = "inline"  # an author-date style cites in the text
    style = {**DEFAULTS, **inherited, **own_style}
    logo = None
    if style["logo"]:
        logo = next((f / style["logo"] for f in folders if is_file(f / style["logo"])), None)
        where = document.where(("style", "logo"))
        if logo is not None and not inside(logo, folders):
            problems.append(TemplateError(
                f"the logo {style['logo']} lies outside the template's folder (it is a link): "
                "a template reads only its own files", where,
                hint=f"copy the image into {display_path(folder)}"))
            logo = None
        elif logo is None:
            problems.append(TemplateError(
                f"logo file not found: {style['logo']}", where,
                hint=f"put the image in {display_path(folder)}, or set `logo: \"\"` for none"))
    # Each setting is the Template field of the same name; lists are kept as tuples.
    settings_fields: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                                       for key, value in values.items()}
    return Template(
        name=str(settings.get("name", name)),
        description=str(settings.get("description", "")),
        folders=tuple(dict.fromkeys(folders)),
        labels={**DEFAULT_LABELS, **{k: str(v) for k, v in labels.items()}},
        **settings_fields,
        style=style,
        own_style=own_style,
        logo=logo,
    )


def reference_table() -> str:
    """The table of template.yaml's keys in docs/spec.md, made from `Template`."""
    return schema.reference_table(Template, schema.Columns(
        type="values", required=False, default=schema.shown_value, none="none"))


def labels_table() -> str:
    """The table of template.yaml's `labels` in docs/spec.md, made from `Labels`."""
    return schema.reference_table(Labels, schema.Columns(
        key="label", type=None, required=False, default=schema.shown_value))
