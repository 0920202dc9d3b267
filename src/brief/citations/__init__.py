"""Citation styles: brief's own short style, the CSL styles brief ships (`styles/`), and a
template's own `.csl` file, named by template.yaml's `citation_style:`.

`csl` formats a memo's citations and its bibliography in a CSL style (citeproc-py), as the
model's rich text."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import TemplateError, Where, display_path
from ..files import inside, is_file
from ..schema import did_you_mean

# brief's own style, `Wolff & Bayok 2022, ¶10 [B2]` and its list of sources: the default.
BRIEF_STYLE = "brief"
STYLES_FOLDER = Path(__file__).parent / "styles"
# Other names a style is known by: the CSL repository's current file name for Chicago.
ALIASES = {"chicago-notes-bibliography": "chicago-note-bibliography"}


def bundled() -> list[str]:
    """The styles brief ships, brief's own first: `brief`, `apa`, ..."""
    return [BRIEF_STYLE, *sorted(p.stem for p in STYLES_FOLDER.glob("*.csl"))]


def is_style(value: object, folder: Path) -> bool:
    """Whether `value` names a style: a bundled one, or a `.csl` file of the template's
    `folder` (template.yaml's check)."""
    if not isinstance(value, str) or not value.strip():
        return False
    if value in bundled() or value in ALIASES:
        return True
    return value.lower().endswith(".csl") and is_file(folder / value)


def suggestion(value: object) -> str:
    """`; did you mean 'apa'?` for a style name brief does not know (near one, or the start
    of one: `chicago`); for a .csl file that is not there, that it is not."""
    if isinstance(value, str) and value.lower().endswith(".csl"):
        return f"; there is no {value} in the template folder"
    guess = did_you_mean(value, [*bundled(), *ALIASES])
    if guess or not isinstance(value, str) or len(value.strip()) < 3:
        return guess
    # the start of a style's name: `chicago`, `harvard`
    wanted = value.strip().lower()
    started = [name for name in bundled() if name.startswith(wanted)]
    return f"; did you mean '{started[0]}'?" if len(started) == 1 else ""


def style_file(name: str, folders: tuple[Path, ...], where: Where) -> Path | None:
    """The CSL file of style `name` (None for brief's own): a bundled style, or a `.csl`
    file along the template's folders, which must lie inside its folder."""
    name = ALIASES.get(name, name)
    if name == BRIEF_STYLE:
        return None
    if not name.lower().endswith(".csl"):
        path = STYLES_FOLDER / f"{name}.csl"
        if is_file(path):
            return path
        raise TemplateError(f"`citation_style` must name a bundled style ("
                            f"{', '.join(bundled())}) or a .csl file of the template folder, "
                            f"not '{name}'{suggestion(name)}", where)
    for folder in folders:
        path = folder / name
        if is_file(path):
            if not inside(path, [folder]):
                raise TemplateError(
                    f"the citation style {name} lies outside the template's folder (it is a "
                    "link): a template reads only its own files", where,
                    hint=f"copy the file into {display_path(folder)}")
            return path
    raise TemplateError(f"citation style file not found: {name}", where,
                        hint=f"put the .csl file in {display_path(folders[0])}")


# The root element of a CSL style that cites in the text (author-date, numeric).
_IN_TEXT = re.compile(r"<style\b[^>]*\bclass\s*=\s*[\"']in-text[\"']")


def cites_in_text(name: str, folder: Path) -> bool:
    """Whether style `name` (bundled, or a .csl file of `folder`) cites in the text, as an
    author-date style does ("(Wolff & Bayok, 2022, para. 10)"), rather than in notes. Read
    from the start of the file, where its `<style class="…">` stands; a file that cannot
    be read is left to the build to report."""
    name = ALIASES.get(name, name)
    if name == BRIEF_STYLE:
        return False
    path = folder / name if name.lower().endswith(".csl") else STYLES_FOLDER / f"{name}.csl"
    try:
        with path.open("rb") as file:
            head = file.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return _IN_TEXT.search(head) is not None
