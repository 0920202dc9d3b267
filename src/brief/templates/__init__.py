"""Find templates along the search path.

A template is a folder holding `template.yaml` and any of the files the renderers
use (`document.html.j2`, `style.css`, `reference.docx`). Names are looked up in
`templates/` beside the spec, then in the project's `templates/` (the folder brief
is run in), then among the built-ins shipped in the package. A template need only
hold the files it changes: any other file comes from the built-in template of the
same name, or else from the built-in `memo`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import DEFAULT_FORMAT, picture_problem
from ..errors import BriefErrors, TemplateError, Where, display_path
from ..files import inside, is_dir, is_file
from ..model import Briefing, Section
from ..standards.markings import DEFAULT_CLASSIFICATIONS, MarkingOrder
from ..yamlfile import YamlDocument, load_yaml
from .style import DEFAULTS, read_style

BUILTIN_FOLDER = Path(__file__).parent
DEFAULT_TEMPLATE = "memo"
# Headings both renderers print; a template.yaml may change them under `labels:`.
DEFAULT_LABELS = {"bluf": "Bottom line up front", "sources": "Sources", "notes": "Notes",
                  "levers": "Levers and constraints", "actor": "Actor",
                  "wants": "What they want", "key_judgments": "Key judgments",
                  "confidence": "We have {confidence} confidence in this judgment.",
                  "implication": "What it would mean", "option": "Option", "pros": "For",
                  "cons": "Against", "recommended": "Recommended",
                  "legend": "What we mean by these words", "likelihood": "Likelihood",
                  "confidence_levels": "Confidence", "reliability": "Source reliability",
                  "credibility": "Credibility of information",
                  "decision": "Decision requested", "deadline": "Needed by {deadline}",
                  "sign_off": "Regards,", "marking": "Handling marking"}
# How passages are cited: after the passage, as footnotes, or as numbered endnotes.
CITATION_STYLES = ("inline", "footnotes", "endnotes")
SECTION_KINDS = ("key_judgments", "risks", "incentives", "recommendations", "indicators",
                 "options", "text")
# The settings of template.yaml besides name, description, labels and style, in the order
# they are checked: (default, whether a value is valid in a template folder, the problem).
_SETTINGS: dict[str, tuple[Any, Callable[[Any, Path], bool], str]] = {
    "incentives": ("list", lambda v, _: v in ("list", "table"),
                   "`incentives` must be list or table, not '{value}'"),
    "passages": ("quoted", lambda v, _: v in ("quoted", "cited"),
                 "`passages` must be quoted or cited, not '{value}'"),
    "numbered_headings": (False, lambda v, _: isinstance(v, bool),
                          "`numbered_headings` must be true or false"),
    "max_pages": (None, lambda v, _: v is None or (isinstance(v, int) and v >= 1),
                  "`max_pages` must be a whole number of pages"),
    "include": (list(SECTION_KINDS),
                lambda v, _: isinstance(v, list) and set(v) <= set(SECTION_KINDS),
                "`include` must list section kinds: " + ", ".join(SECTION_KINDS)),
    "header_layout": ("rows", lambda v, _: v in ("rows", "inline"),
                      "`header_layout` must be rows or inline"),
    "stylesheets": ([], lambda v, folder: isinstance(v, list) and all(
        isinstance(n, str) and is_file(folder / n) for n in v),
        "`stylesheets` must list CSS files of the template folder"),
    "citations": ("inline", lambda v, _: v in CITATION_STYLES,
                  "`citations` must be one of " + ", ".join(CITATION_STYLES) +
                  ", not '{value}'"),
    "likelihood_scale": (None, lambda v, _: v is None or (isinstance(v, str) and bool(v.strip())),
                         "`likelihood_scale` must name a scale, such as icd-203"),
    "likelihood_ranges": (True, lambda v, _: isinstance(v, bool),
                          "`likelihood_ranges` must be true or false"),
    "date_format": (DEFAULT_FORMAT, lambda v, _: picture_problem(v) is None,
                    "`date_format` must be {date_problem}, not '{value}'"),
    "max_quote_words": (80, lambda v, _: isinstance(v, int) and not isinstance(v, bool)
                        and v >= 1, "`max_quote_words` must be a whole number of words"),
    "left_out": ("note", lambda v, _: v in ("note", "warning"),
                 "`left_out` must be note or warning, not '{value}'"),
    "portion_marks": (False, lambda v, _: isinstance(v, bool),
                      "`portion_marks` must be true or false"),
    "classifications": (list(DEFAULT_CLASSIFICATIONS), lambda v, _: _classifications_ok(v),
                        "`classifications` must list the house's classifications, lowest "
                        "first: each a text, or `{{marking: SECRET, abbreviation: S}}`"),
}


def _classifications_ok(value: Any) -> bool:
    if not isinstance(value, list) or not value:
        return False
    names = [item.get("marking") if isinstance(item, dict) else item for item in value]
    return all(isinstance(n, str) and n.strip() for n in names) and len(set(names)) == len(
        names) and all(set(item) <= {"marking", "abbreviation"} and all(
            isinstance(v, str) for v in item.values()) for item in value
            if isinstance(item, dict))


@dataclass(frozen=True)
class Template:
    """A resolved template: where its files are, in the order they are looked up."""

    name: str
    description: str
    folders: tuple[Path, ...]  # its own folder first, then the built-ins it falls back on
    labels: dict[str, str]
    citations: str  # one of CITATION_STYLES
    incentives: str  # "list" (grouped by actor) or "table"
    style: dict[str, str]  # every design token: its own, else its built-in's, else defaults
    own_style: dict[str, str]  # the tokens its own template.yaml sets (applied to Word)
    logo: Path | None = None
    passages: str = "quoted"  # "quoted" (each passage shown) or "cited" (citations only)
    numbered_headings: bool = False
    max_pages: int | None = None  # the PDF must fit in this many pages
    include: tuple[str, ...] = SECTION_KINDS
    stylesheets: tuple[str, ...] = ()  # more CSS files for the PDF, after style.css
    header_layout: str = "rows"  # the To/From/Date/Subject header: "rows" or "inline"
    likelihood_scale: str | None = None  # the scale of key judgments, unless the spec says
    likelihood_ranges: bool = True  # print a likelihood's range after its word
    date_format: str = DEFAULT_FORMAT  # Word's date picture: "d MMMM yyyy"
    max_quote_words: int = 80  # a longer passage is more than a principal will read
    left_out: str = "note"  # how a build reports sections `include` leaves out: note, warning
    portion_marks: bool = False  # print each portion's marking before it: "(TLP:AMBER) ..."
    classifications: tuple[Any, ...] = DEFAULT_CLASSIFICATIONS  # lowest first

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


def search_path(spec_folder: Path, root: Path) -> list[Path]:
    """The folders that hold templates, in the order they are searched: beside the spec,
    in the project (`root`), then the built-ins."""
    return unique_folders([spec_folder / "templates", root / "templates", BUILTIN_FOLDER])


def unique_folders(folders: list[Path]) -> list[Path]:
    """`folders` without the repeats (the spec's folder may be the project's)."""
    unique: list[Path] = []
    for folder in folders:
        if folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)
    return unique


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
    close = difflib.get_close_matches(name, names, n=1)
    guess = f"; did you mean '{close[0]}'?" if close else ""
    searched = ", ".join(display_path(f) for f in folders)
    raise TemplateError(
        f"unknown template '{name}'{guess}", where,
        details=[f"searched: {searched}"],
        hint=f"the templates available are: {', '.join(names)}")


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
    for key, (default, valid, problem) in _SETTINGS.items():
        # A setting comes from the template's own template.yaml, else from the built-in it
        # falls back on; `stylesheets` are files of its own folder, so they are not inherited.
        inherit = {} if key == "stylesheets" else inherited_settings
        value = settings.get(key, inherit.get(key, default))
        if not valid(value, folder):
            problems.append(TemplateError(
                problem.format(value=value, date_problem=picture_problem(value)),
                document.where((key,))))
            value = inherit.get(key, default)
        values[key] = value
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
