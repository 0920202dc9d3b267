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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import TemplateError, Where, display_path
from .style import DEFAULTS, read_style

BUILTIN_FOLDER = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = "memo"
# Headings both renderers print; a template.yaml may change them under `labels:`.
DEFAULT_LABELS = {"bluf": "Bottom line up front", "sources": "Sources", "notes": "Notes",
                  "levers": "Levers and constraints", "actor": "Actor",
                  "wants": "What they want"}
# How passages are cited: after the passage, as footnotes, or as numbered endnotes.
CITATION_STYLES = ("inline", "footnotes", "endnotes")


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
    include: tuple[str, ...] = ("risks", "incentives", "recommendations", "text")
    stylesheets: tuple[str, ...] = ()  # more CSS files for the PDF, after style.css
    header_layout: str = "rows"  # the To/From/Date/Subject header: "rows" or "inline"

    def shows(self, section: Any) -> bool:
        """Whether the template shows sections of this one's kind."""
        return section.kind in self.include

    @property
    def folder(self) -> Path:
        return self.folders[0]

    def file(self, name: str) -> Path:
        """Return the first `name` along the template's folders."""
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        raise TemplateError(
            f"template '{self.name}' has no file {name}",
            Where(self.folder / "template.yaml"),
            hint=f"add {name} to {display_path(self.folder)}")


def search_path(spec_folder: Path, project_folder: Path) -> list[Path]:
    """The folders that hold templates, in the order they are searched."""
    folders = [spec_folder / "templates", project_folder / "templates", BUILTIN_FOLDER]
    unique: list[Path] = []
    for folder in folders:
        if folder.resolve() not in [f.resolve() for f in unique]:
            unique.append(folder)
    return unique


def available(folders: list[Path]) -> list[str]:
    """Names of all templates along `folders`."""
    names: list[str] = []
    for folder in folders:
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if (child / "template.yaml").is_file() and child.name not in names:
                    names.append(child.name)
    return names


def find_template(name: str, spec_folder: Path, project_folder: Path,
                  where: Where | None = None) -> Template:
    """Resolve a template name (or a path to a template folder)."""
    if "/" in name or "\\" in name or name.startswith("."):
        folder = (spec_folder / name).resolve()
        if not (folder / "template.yaml").is_file():
            raise TemplateError(
                f"no template at {display_path(folder)} (a template folder holds "
                "template.yaml)", where,
                hint="give the path of a template folder relative to the spec, or a "
                "template name")
        return _load(folder)
    folders = search_path(spec_folder, project_folder)
    for base in folders:
        if (base / name / "template.yaml").is_file():
            return _load(base / name)
    names = available(folders)
    close = difflib.get_close_matches(name, names, n=1)
    guess = f"; did you mean '{close[0]}'?" if close else ""
    searched = ", ".join(display_path(f) for f in folders)
    raise TemplateError(
        f"unknown template '{name}'{guess}", where,
        details=[f"searched: {searched}"],
        hint=f"the templates available are: {', '.join(names)}")


def _settings(folder: Path) -> dict[str, Any]:
    """The mapping in a template folder's template.yaml."""
    settings_file = folder / "template.yaml"
    try:
        settings = yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TemplateError(
            f"template.yaml cannot be read: {getattr(exc, 'problem', exc)}",
            Where(settings_file, mark.line + 1 if mark else None,
                  mark.column + 1 if mark else None)) from None
    if not isinstance(settings, dict):
        raise TemplateError("template.yaml must be a mapping of keys", Where(settings_file))
    return settings


def _load(folder: Path) -> Template:
    settings_file = folder / "template.yaml"
    settings = _settings(folder)
    labels = settings.get("labels", {}) or {}
    unknown = sorted(set(labels) - set(DEFAULT_LABELS)) if isinstance(labels, dict) else []
    if not isinstance(labels, dict) or unknown:
        raise TemplateError(
            "template.yaml: `labels` must map "
            + ", ".join(DEFAULT_LABELS) + " to text"
            + (f"; unknown label '{unknown[0]}'" if unknown else ""),
            Where(settings_file))
    name = folder.name
    fallbacks = [BUILTIN_FOLDER / name, BUILTIN_FOLDER / DEFAULT_TEMPLATE]
    folders = [folder] + [f for f in fallbacks if f.is_dir() and f.resolve() != folder.resolve()]
    own_style = read_style(settings.get("style"), Where(settings_file))
    builtin = next((f for f in fallbacks if (f / "template.yaml").is_file()), None)
    inherited_settings = ({} if builtin is None or builtin.resolve() == folder.resolve()
                          else _settings(builtin))
    inherited = read_style(inherited_settings.get("style"), Where(settings_file))
    citations = str(settings.get("citations", inherited_settings.get("citations", "inline")))
    incentives = str(settings.get("incentives", inherited_settings.get("incentives", "list")))
    if incentives not in ("list", "table"):
        raise TemplateError(f"template.yaml: `incentives` must be list or table, not "
                            f"'{incentives}'", Where(settings_file))
    def setting(name: str, default: Any) -> Any:
        return settings.get(name, inherited_settings.get(name, default))

    passages = str(setting("passages", "quoted"))
    numbered = setting("numbered_headings", False)
    max_pages = setting("max_pages", None)
    include = setting("include", ["risks", "incentives", "recommendations", "text"])
    stylesheets = settings.get("stylesheets", [])  # files of this folder: not inherited
    header_layout = str(setting("header_layout", "rows"))
    problem = (f"`passages` must be quoted or cited, not '{passages}'"
               if passages not in ("quoted", "cited") else
               "`numbered_headings` must be true or false" if not isinstance(numbered, bool)
               else "`max_pages` must be a whole number of pages" if max_pages is not None
               and (not isinstance(max_pages, int) or max_pages < 1)
               else "`include` must list section kinds: risks, incentives, recommendations, "
               "text" if not isinstance(include, list) or not set(include) <= {
                   "risks", "incentives", "recommendations", "text"}
               else "`header_layout` must be rows or inline"
               if header_layout not in ("rows", "inline")
               else "`stylesheets` must list CSS files of the template folder"
               if not isinstance(stylesheets, list) or not all(
                   isinstance(n, str) and (folder / n).is_file() for n in stylesheets)
               else None)
    if problem:
        raise TemplateError(f"template.yaml: {problem}", Where(settings_file))
    if citations not in CITATION_STYLES:
        raise TemplateError(f"template.yaml: `citations` must be one of "
                            f"{', '.join(CITATION_STYLES)}, not '{citations}'",
                            Where(settings_file))
    style = {**DEFAULTS, **inherited, **own_style}
    logo = None
    if style["logo"]:
        logo = next((f / style["logo"] for f in folders if (f / style["logo"]).is_file()), None)
        if logo is None:
            raise TemplateError(f"logo file not found: {style['logo']}", Where(settings_file),
                                hint=f"put the image in {display_path(folder)}, or set "
                                "`logo: \"\"` for none")
    return Template(
        name=str(settings.get("name", name)),
        description=str(settings.get("description", "")),
        folders=tuple(dict.fromkeys(folders)),
        labels={**DEFAULT_LABELS, **{k: str(v) for k, v in labels.items()}},
        citations=citations,
        incentives=incentives,
        passages=passages,
        numbered_headings=numbered,
        max_pages=max_pages,
        include=tuple(include),
        stylesheets=tuple(stylesheets),
        header_layout=header_layout,
        style=style,
        own_style=own_style,
        logo=logo,
    )
