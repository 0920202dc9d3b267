"""Working with templates: list them, copy a built-in one for editing, and check one.

`check_template` renders a small sample briefing that uses every part of a template
(`brief/sample/sample.yaml`) through both renderers, so an undefined variable, a
missing Word style or a missing font is found before an analyst meets it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..citations import style_file
from ..citations.csl import Cite, format_citations
from ..citations.styling import SourceFacts, csl_item
from ..errors import BriefError, BriefWarning, TemplateError, Where, display_path
from ..files import read_input
from ..pipeline import check
from ..render.docx import render_docx
from ..render.pdf.html import render_pdf
from ..templates import (
    BUILTIN_FOLDER,
    DEFAULT_TEMPLATE,
    Template,
    available,
    find_template,
    search_path,
)
from ..templates.fonts import font_warnings
from ..templates.style import TEXT_TOKENS, TOKENS
from ..templates.word import house_reference, house_style

SAMPLE_SPEC = Path(__file__).parent.parent / "sample" / "sample.yaml"


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    folder: Path
    description: str
    built_in: bool


def list_templates(spec_folder: Path, project_folder: Path) -> list[TemplateInfo]:
    """Every template a spec in `spec_folder` can use, as the search path finds it."""
    folders = search_path(spec_folder, project_folder)
    found = []
    for name in available(folders):
        template = find_template(name, spec_folder, project_folder)
        found.append(TemplateInfo(name, template.folder, template.description,
                                  template.folder.parent.resolve() == BUILTIN_FOLDER.resolve()))
    return found


def _new_target(name: str, project_folder: Path) -> Path:
    """templates/NAME of the project, which must not exist yet."""
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", name):
        raise TemplateError(f"'{name}' cannot name a template: use letters, digits, '-' or '_'")
    target = project_folder / "templates" / name
    if target.exists():
        raise TemplateError(f"{display_path(target)} already exists", Where(target),
                            hint="choose another name, or edit the template that is there")
    return target


def new_template(name: str, source: str, project_folder: Path) -> Path:
    """Copy template `source` into the project's templates/NAME, for editing."""
    target = _new_target(name, project_folder)
    original = find_template(source, project_folder, project_folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(original.folder, target)
    for file in ("document.html.j2", "style.css", "reference.docx"):
        if not (target / file).exists():  # a partial template: copy what it falls back on
            shutil.copy(original.file(file), target / file)
    settings = target / "template.yaml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)
    settings.write_text(_house_copy(text), encoding="utf-8")
    return target


WORD_SUFFIXES = (".docx", ".dotx")


def new_template_from_word(name: str, word_file: Path, project_folder: Path
                           ) -> tuple[Path, tuple[str, ...], tuple[BriefWarning, ...]]:
    """Make templates/NAME from the organisation's own Word file (.docx, or a .dotx
    template): the built-in memo's layout with the file as its reference.docx, its page
    setup, headers, footers, theme and styles kept, and brief's styles it lacks written
    into it, made from its own Normal and headings. The folder, the styles added, and
    what else was done to the file (the marking put into its header, say)."""
    target = _new_target(name, project_folder)
    where = Where(word_file)
    if word_file.suffix.lower() not in WORD_SUFFIXES:
        raise TemplateError(
            f"{display_path(word_file)} is not a Word document or template", where,
            hint="give a .docx or a .dotx (in Word: File > Save As > Word Document or Word "
            "Template; a .doc or .dotm, save it as one of those first)")
    try:
        data = read_input(word_file, "template", where, TemplateError, "the Word file")
    except FileNotFoundError:
        raise TemplateError(f"{display_path(word_file)} does not exist", where,
                            hint="give the path of the organisation's .docx or .dotx") from None
    reference, added, notes = house_reference(word_file, data)  # problems raised first
    new_template(name, DEFAULT_TEMPLATE, project_folder)
    (target / "reference.docx").write_bytes(reference)
    return target, added, notes


_STYLE_BLOCK = re.compile(r"(?ms)^(?:#[^\n]*\n)*style:[ \t]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*")
_HOUSE_STYLE_NOTE = """\
# The house style is reference.docx: open it in Word or LibreOffice, change its styles
# (Heading 1, Normal, BLUF, Passage...) and page setup, save it as .docx, and both the
# Word file and the PDF follow (docs/house-style.md maps each style to the PDF).
# A token set under `style:` wins over reference.docx in both formats; uncomment only
# those you want to hold whatever reference.docx says.
"""


_CITATIONS_NOTE = (r"# citations: \1   # as the built-in; set it and an author-date "
                   r"citation_style\n#   (apa, harvard-cite-them-right) cites in notes too, not "
                   r"in the text")


def _house_copy(text: str) -> str:
    """A template.yaml for a house's copy: its `style:` tokens commented out, so that
    reference.docx alone sets the house style, with the values a token takes; and its
    `citations:`, which it takes from the built-in unless it sets it."""

    # `citations:` left to the built-in it falls back on, so that an author-date
    # `citation_style` cites in the text, as it does in a template that does not set it
    text = re.sub(r"(?m)^citations: *(\w+) *$", _CITATIONS_NOTE, text, count=1)
    match = _STYLE_BLOCK.search(text)
    if match is None:
        return text
    block = match.group(0)
    lines = block[block.index("style:"):].splitlines()
    allowed = {token.name: token.doc for token in TOKENS}
    commented = ["style:"]
    for line in lines[1:]:
        if not line.strip():
            continue
        token = line.strip().split(":", 1)[0]
        if token in TEXT_TOKENS:  # what the header and footer show: not in reference.docx
            commented.append(line)
            continue
        described = token in allowed and not re.search(r"\s#", line)
        commented.append(f"#{line}" + (f"  # {allowed[token]}" if described else ""))
    return text[:match.start()] + _HOUSE_STYLE_NOTE + "\n".join(commented) + "\n" + \
        text[match.end():]


def template_notes(template: Template) -> list[str]:
    """What `brief templates check` says of a template besides its problems: the styles
    `brief templates new --from-word` added to its reference.docx."""
    try:
        added = house_style(template).added_before
    except BriefError:
        return []  # reported among the problems
    if not added:
        return []
    return [f"{display_path(template.file('reference.docx'))}: {len(added)} of brief's styles "
            "were added to it by `brief templates new --from-word`, based on its own Normal "
            f"and headings (edit them in Word's Styles pane): {', '.join(added)}"]


def check_template(template: Template) -> list[BriefError]:
    """Every problem of a template: render the sample briefing through both formats."""

    problems: list[BriefError] = []
    try:  # the fonts it names that are not installed; its `fonts:` files
        problems += [w.as_error() for w in font_warnings(template)]
    except BriefError as error:
        problems.append(error)
    try:  # styles reference.docx lacks, which the Word file takes from the built-in memo
        problems += [w.as_error() for w in house_style(template).warnings]
    except BriefError as error:
        problems.append(error)
    problems += _figures_problems(template)
    problems += _citation_style_problems(template)
    briefing = check(SAMPLE_SPEC, SAMPLE_SPEC.parent).briefing
    for render in (render_pdf, render_docx):
        try:
            render(briefing, template)
        except BriefError as error:  # each once: a setting both formats use fails in both
            if all(error.format() != known.format() for known in problems):
                problems.append(error)
    return problems


def _citation_style_problems(template: Template) -> list[BriefError]:
    """A citation style the build could not run: it is loaded and cites a sample source,
    as a build would (a note, the same note again, a later one, the list of sources)."""
    where = template.setting_where("citation_style")
    try:
        path = style_file(template.citation_style, template.folders, where)
        if path is not None:
            sample = {"sample": csl_item(SourceFacts(
                "Belarus and the war", ("Stefan Wolff",), "The Conversation", "March 2022",
                "https://example.org/", accessed="2026-12-05"))}
            format_citations(path, where, "en", sample, [
                Cite("sample", ("paragraph", "1")), Cite("sample", ("paragraph", "1")),
                Cite("sample", ("paragraph", "2"))], [Cite("sample")])
    except BriefError as error:
        return [error]
    return []


def _figures_problems(template: Template) -> list[BriefError]:
    """A list of figures asked for (`list_of_figures: true`) that the template's own
    document.html.j2, copied before figures existed, has no macro to draw."""
    if not template.list_of_figures:
        return []
    try:
        layout = template.file("document.html.j2")
        text = read_input(layout, "template", Where(layout), TemplateError, "template file")
    except (BriefError, FileNotFoundError):
        return []  # reported when the sample is rendered
    if re.search(rb"\{%-?\s*macro\s+figures\s*\(", text):
        return []
    return [TemplateError(
        "template.yaml asks for a list of figures (`list_of_figures: true`), and its "
        "document.html.j2 has no `figures` macro to draw it: the PDF would have none",
        Where(layout), hint="copy `{% macro figures(block) %}` from the built-in memo's "
        "document.html.j2")]
