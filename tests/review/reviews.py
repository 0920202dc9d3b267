"""Helpers for the review tests: the example memo built, and what a reviewed .docx holds
(each paragraph before and after its tracked changes, the changes, the comments), read
straight from its XML with brief's own count of a paragraph's text."""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from brief.cli import cli
from brief.origins import paragraph_text
from conftest import REPO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE = "briefings/belarus-2022.yaml"
AUTHOR = "Head of Desk"  # the reviewer
DATE = "2026-12-04T10:15:00Z"  # the Word reviewer's; LibreOffice writes its own


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def copy_example(root: Path) -> Path:
    """The example (briefings/: the spec and its sources) copied into `root`; its spec."""
    shutil.copytree(REPO / "briefings", root / "briefings")
    return root / EXAMPLE


def build_example(root: Path, *options: str) -> Path:
    """The example copied into `root` and built there (with `options`, `-f docx` say);
    its .docx."""
    copy_example(root)
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build", EXAMPLE, *options],
                                    catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return root / "output" / "belarus-2022.docx"


def part(docx_file: Path, name: str) -> Any | None:
    from lxml import etree

    with zipfile.ZipFile(docx_file) as package:
        if name not in package.namelist():
            return None
        return etree.fromstring(package.read(name))


@dataclass(frozen=True)
class Tracked:
    kind: str  # "ins", "del", "moveFrom", "moveTo", "rPrChange"
    author: str
    date: str
    text: str


def body_paragraphs(docx_file: Path) -> list[Any]:
    return list(part(docx_file, "word/document.xml").iter(w("p")))


def versions(docx_file: Path) -> list[tuple[str, str]]:
    """Each body paragraph's text before and after the tracked changes."""
    return [(paragraph_text(p, version="before"), paragraph_text(p, version="after"))
            for p in body_paragraphs(docx_file)]


def tracked(docx_file: Path) -> list[Tracked]:
    """The tracked changes of the body, in order, with their words."""
    found = []
    for element in part(docx_file, "word/document.xml").iter(
            w("ins"), w("del"), w("moveFrom"), w("moveTo"), w("rPrChange")):
        if element.tag == w("rPrChange"):
            run = element.getparent().getparent()
            text = "".join(t.text or "" for t in run.iter(w("t")))
        else:
            text = "".join(t.text or "" for t in element.iter(w("t"), w("delText")))
        found.append(Tracked(element.tag.rsplit("}", 1)[1], element.get(w("author"), ""),
                             element.get(w("date"), ""), text))
    return found


@dataclass(frozen=True)
class Note:
    id: str
    author: str
    date: str
    text: str
    anchor: str  # the words between its range start and end, as the build wrote them


def comments(docx_file: Path) -> list[Note]:
    """The comments of a reviewed file, with the words each is anchored to."""
    root = part(docx_file, "word/comments.xml")
    if root is None:
        return []
    anchors = _anchors(part(docx_file, "word/document.xml"))
    return [Note(c.get(w("id")), c.get(w("author"), ""), c.get(w("date"), ""),
                 "\n".join("".join(t.text or "" for t in p.iter(w("t")))
                           for p in c.iter(w("p"))), anchors.get(c.get(w("id")), ""))
            for c in root.iter(w("comment"))]


def _anchors(document: Any) -> dict[str, str]:
    open_ranges: dict[str, list[str]] = {}
    anchors: dict[str, str] = {}
    for element in document.iter(w("commentRangeStart"), w("commentRangeEnd"), w("t"),
                                 w("delText")):
        if element.tag == w("commentRangeStart"):
            open_ranges[element.get(w("id"))] = []
        elif element.tag == w("commentRangeEnd"):
            anchors[element.get(w("id"))] = "".join(open_ranges.pop(element.get(w("id")), []))
        else:
            for words in open_ranges.values():
                words.append(element.text or "")
    return anchors
