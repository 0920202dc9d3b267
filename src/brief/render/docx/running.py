"""The header's and footer's placeholders, found however Word or LibreOffice split or
merged their runs (a placeholder over several runs, several placeholders and tabs in one
run, fields between them), and the marking checked once they are filled: on every header
and footer a page of the memo can show, in its TLP colours when it is a TLP label."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from ...errors import TemplateError, Where
from ...model import Briefing
from ...standards.markings import TLP_BACKGROUND

_NAMES = ("marking|title|date|organisation|author|subject|logo|header_text|footer_text|"
          "header_line|footer_lead|classification|tlp")
PLACEHOLDER = re.compile(r"\{(" + _NAMES + r")\}")
_SPLIT = re.compile(r"(\{(?:" + _NAMES + r")\})")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What Word and LibreOffice put between the runs of one word, which shows nothing.
_BETWEEN = {f"{_W}{tag}" for tag in ("proofErr", "bookmarkStart", "bookmarkEnd", "permStart",
                                     "permEnd", "commentRangeStart", "commentRangeEnd")}


def own_runs(paragraph: Any) -> list[Any]:
    """The paragraph's runs, not those of a text box anchored in it."""
    return [run for run in paragraph.iter(f"{_W}r")
            if next(run.iterancestors(f"{_W}p"), None) is paragraph]


def _content(run: Any) -> list[Any]:
    return [child for child in run if child.tag != f"{_W}rPr"]


def _text_run(run: Any) -> bool:
    content = _content(run)
    return len(content) == 1 and content[0].tag == f"{_W}t"


def split_runs(paragraph: Any) -> None:
    """Give each placeholder of the paragraph a run of its own holding only its text, the
    rest of the text keeping its run's formatting."""
    for run in own_runs(paragraph):  # a run of a tab, a text and a tab: one run each
        content = _content(run)
        if len(content) > 1 and any(c.tag == f"{_W}t" for c in content):
            for child in content:
                twin = copy.deepcopy(run)
                for other in _content(twin):
                    twin.remove(other)
                twin.append(child)
                run.addprevious(twin)
            run.getparent().remove(run)
    for group in _text_groups(paragraph):
        _gather(group)
    for run in own_runs(paragraph):
        if not _text_run(run):
            continue
        pieces = [p for p in _SPLIT.split(run.find(f"{_W}t").text or "") if p]
        if len(pieces) < 2:
            continue
        for piece in pieces:
            twin = copy.deepcopy(run)
            set_text(twin.find(f"{_W}t"), piece)
            run.addprevious(twin)
        run.getparent().remove(run)


def _text_groups(paragraph: Any) -> Iterator[list[Any]]:
    """Runs of text only that stand side by side, with nothing shown between them."""
    group: list[Any] = []
    parents = {id(run.getparent()): run.getparent() for run in own_runs(paragraph)}
    for parent in parents.values():
        for child in parent:
            if child.tag == f"{_W}r" and _text_run(child):
                group.append(child)
            elif child.tag not in _BETWEEN:
                if len(group) > 1:
                    yield group
                group = []
        if len(group) > 1:
            yield group
        group = []


def _gather(group: list[Any]) -> None:
    """Move each placeholder split over several runs into the run where it starts."""
    texts = [run.find(f"{_W}t") for run in group]
    owner = [index for index, text in enumerate(texts) for _ in (text.text or "")]
    joined = "".join(text.text or "" for text in texts)
    for match in PLACEHOLDER.finditer(joined):
        for position in range(match.start(), match.end()):
            owner[position] = owner[match.start()]
    if owner == [index for index, text in enumerate(texts) for _ in (text.text or "")]:
        return
    for index, text in enumerate(texts):
        kept = "".join(c for c, o in zip(joined, owner, strict=True) if o == index)
        if kept or not text.text:
            set_text(text, kept)
        else:  # all its text went to the run before
            group[index].getparent().remove(group[index])


def set_text(text: Any, value: str) -> None:
    text.text = value
    text.set(_SPACE, "preserve")


# --- the check --------------------------------------------------------------------------

def _on(r_pr: Any, tag: str) -> bool:
    element = r_pr.find(f"{_W}{tag}") if r_pr is not None else None
    return element is not None and element.get(f"{_W}val", "true") not in ("0", "false", "off")


def _painted(run: Any, colour: str) -> bool:
    r_pr = run.find(f"{_W}rPr")
    if r_pr is None or not _on(r_pr, "b"):
        return False
    color, shading = r_pr.find(f"{_W}color"), r_pr.find(f"{_W}shd")
    return (color is not None and (color.get(f"{_W}val") or "").upper() == colour
            and shading is not None
            and (shading.get(f"{_W}fill") or "").upper() == TLP_BACKGROUND.lstrip("#"))


_LABEL = re.compile(r"TLP:(?:RED|AMBER\+STRICT|AMBER|GREEN|CLEAR|WHITE)")
PAGES = {"default": "every page", "first": "the first page", "even": "even pages"}


def shown_stories(document: Any) -> Iterator[tuple[str, Any]]:
    """Each header and footer a page of the document can show, with where it is shown:
    the default one, the first page's where a section has one, the even pages' where the
    document has them."""
    even = document.settings.odd_and_even_pages_header_footer
    sections = list(document.sections)
    for number, section in enumerate(sections, start=1):
        kinds = ["default"] + (["first"] if section.different_first_page_header_footer else []
                               ) + (["even"] if even else [])
        for kind in kinds:
            prefix = "" if kind == "default" else f"{kind}_page_"
            for story in ("header", "footer"):
                place = (f"the {story} of {PAGES[kind]}"
                         + (f" of section {number}" if len(sections) > 1 else ""))
                yield place, getattr(section, prefix + story)


def check_marking(document: Any, briefing: Briefing, reference: Any) -> None:
    """Every header and footer a page can show must show the marking as the PDF does: a
    TLP label bold in its colour on black; a classification as text."""
    if not briefing.marking:
        return
    colour = (briefing.tlp_colour or "").lstrip("#").upper()
    for place, story in shown_stories(document):
        element = story._get_or_add_definition()._element
        runs = [run for run in element.iter(f"{_W}r")
                if briefing.marking in "".join(t.text or "" for t in run.iter(f"{_W}t"))
                and not _on(run.find(f"{_W}rPr"), "vanish")]
        if not runs:
            raise TemplateError(
                f"the Word file would not show the marking {briefing.marking} on {place}, "
                "as the PDF does", Where(reference),
                hint="put {classification} and {tlp} in that header or footer of "
                "reference.docx, in text that is not hidden")
        shown = "".join(t.text or "" for run in element.iter(f"{_W}r")
                        if not _on(run.find(f"{_W}rPr"), "vanish") for t in run.iter(f"{_W}t"))
        other = next((label for label in _LABEL.findall(shown) if label != briefing.marking),
                     None)
        if other:
            raise TemplateError(
                f"the Word file would show {other} on {place}, where the memo is marked "
                f"{briefing.marking}", Where(reference),
                hint="type {tlp} in reference.docx where the label is typed out, and brief "
                "puts the memo's label there")
        if briefing.tlp and not all(_painted(run, colour) for run in runs):
            raise TemplateError(
                f"the Word file would show the marking {briefing.marking} on {place} in "
                f"other colours than the PDF (bold #{colour} on black)", Where(reference),
                hint="type {tlp} in reference.docx where the label is typed out, and brief "
                "paints it")
