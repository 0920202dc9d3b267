"""A review LibreOffice saved as OpenDocument text (.odt), read as `reviewed` reads a
.docx: the paragraphs (body, lists, tables, then the footnotes) before and after the
tracked changes, the changes, the comments with their replies.

OpenDocument keeps tracked changes apart from the text: `text:tracked-changes` holds a
`text:changed-region` for each (who, when; a deletion's words themselves), and the text
marks where each one is: `text:change` where words were deleted, `text:change-start`
and `text:change-end` around words inserted or reformatted. Comments are
`office:annotation` (at their start) and `office:annotation-end`. What the .odt cannot
hold of brief's: its trace (a .docx's custom XML part): the file is read without it
(`trace` None), and its paragraphs are matched by brief's bookmarks, which LibreOffice
keeps. A deletion that joins paragraphs counts the paragraph break it deleted as "\\n".
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from ..origins import is_trace_bookmark
from .changes import (
    DELETE,
    FORMAT,
    INSERT,
    PARAGRAPH_INSERT,
    Comment,
    ReviewedDocument,
    ReviewedParagraph,
)
from .comments import Read, anchor_of, arrange
from .tracked import Marks, OpenChange, ParagraphState, finished_changes, when

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
DC = "http://purl.org/dc/elements/1.1/"
_T, _O = f"{{{TEXT}}}", f"{{{OFFICE}}}"
_PARAGRAPHS = {f"{_T}p", f"{_T}h"}
_CONTAINERS = {f"{_T}{name}" for name in ("list", "list-item", "list-header", "section",
                                          "index-body")} | \
    {f"{{{TABLE}}}{name}" for name in ("table", "table-header-rows", "table-rows",
                                       "table-row", "table-cell", "table-row-group")}
_SKIPPED = {f"{_T}note-citation", f"{_T}tracked-changes", f"{_T}sequence-decls",
            f"{_O}annotation", f"{_T}soft-page-break", f"{_T}bookmark-end",
            f"{_T}reference-mark-start", f"{_T}reference-mark-end"}
_CHARACTERS = {f"{_T}tab": "\t", f"{_T}line-break": "\n"}
# What brief's .docx writes as Word's own characters, and LibreOffice as Unicode ones.
_UNICODE = str.maketrans({"\u2011": "-", "\u00ad": None})
_WHITE = re.compile(r"[ \t\r\n]+")


class _Spaces:
    """OpenDocument's white space in a paragraph's character data: each run of spaces,
    tabs and line ends is one space, and none at the paragraph's start (a space kept is
    `text:s`, a tab `text:tab`, a line break `text:line-break`)."""

    def __init__(self) -> None:
        self.after_space = True

    def data(self, raw: str) -> str:
        text = _WHITE.sub(" ", raw)
        if self.after_space and text.startswith(" "):
            text = text[1:]
        if text:
            self.after_space = text.endswith(" ")
        return text

    def literal(self, text: str) -> str:
        self.after_space = False
        return text


class _Region:
    """A changed region: its kind (INSERT, DELETE, FORMAT), who, when, and for a
    deletion the words deleted."""

    def __init__(self, kind: str, author: str, date: str | None, deleted: str) -> None:
        self.kind, self.author, self.date, self.deleted = kind, author, date, deleted


class OpenDocumentReader:
    """Reads an OpenDocument text's paragraphs, changes and comments."""

    def __init__(self, content: Any, styles: Any) -> None:
        self.names = _style_names(content, styles)
        self.regions = _regions(content)
        self.paragraphs: list[ReviewedParagraph] = []
        self.marks = Marks()
        self.comments: list[Read] = []
        self.parents: dict[str, str] = {}
        self.done: dict[str, bool] = {}
        self._notes: list[tuple[Any, int | None]] = []
        self._open: dict[str, OpenChange] = {}  # regions open across paragraphs, by id
        self._white = _Spaces()

    def read(self, content: Any) -> None:
        body = content.find(f"{_O}body/{_O}text")
        if body is None:
            return
        self.blocks(body, "body", None)
        notes, self._notes = self._notes, []
        for body_of_note, number in notes:
            self.blocks(body_of_note, "footnotes", number)

    def blocks(self, container: Any, part: str, footnote: int | None) -> None:
        for child in container:
            if child.tag in _PARAGRAPHS:
                self._paragraph(child, part, footnote)
            elif child.tag in _CONTAINERS:
                self.blocks(child, part, footnote)

    def _paragraph(self, element: Any, part: str, footnote: int | None) -> None:
        state = ParagraphState()
        self._white = _Spaces()
        for name, region in list(self._open.items()):  # an insertion going on from before
            self._open[name] = self._start(state, region, name)
        self._walk(element, state)
        before, after = "".join(state.before), "".join(state.after)
        for name in list(self._open):  # an insertion going on: the paragraph break too
            change = self._open[name]
            change.before_end, change.after_end = state.at_before, state.at_after
            if change.kind == INSERT:
                state.changes.append(OpenChange(
                    PARAGRAPH_INSERT, change.author, change.date, len(before), len(after),
                    detail="paragraph break inserted: the text after it is a new paragraph",
                    before_end=len(before), after_end=len(after)))
        style = element.get(f"{_T}style-name") or ""
        self.paragraphs.append(ReviewedParagraph(
            len(self.paragraphs), part, before, after,
            tuple(finished_changes(state.changes, before, after)), tuple(state.bookmarks),
            self.names.get(style, style), footnote))

    def _start(self, state: ParagraphState, region: Any, name: str) -> OpenChange:
        change = OpenChange(region.kind, region.author, region.date, state.at_before,
                            state.at_after,
                            detail="formatting changed" if region.kind == FORMAT else "")
        state.changes.append(change)
        return change

    def _emit(self, state: ParagraphState, text: str) -> None:
        text = text.translate(_UNICODE)
        if not text:
            return
        if not any(change.kind == INSERT for change in self._open.values()):
            state.before.append(text)
            state.at_before += len(text)
        state.after.append(text)
        state.at_after += len(text)

    def _walk(self, element: Any, state: ParagraphState) -> None:
        if element.text:
            self._emit(state, self._white.data(element.text))
        for child in element:
            self._child(child, state)
            if child.tail:
                self._emit(state, self._white.data(child.tail))

    def _child(self, child: Any, state: ParagraphState) -> None:
        tag = child.tag
        handler = self._HANDLERS.get(tag) if isinstance(tag, str) else None
        if handler is not None:
            handler(self, child, state)
        elif tag in _CHARACTERS:
            self._emit(state, self._white.literal(_CHARACTERS[tag]))
        elif isinstance(tag, str) and tag not in _SKIPPED and not tag.startswith(
                ("{urn:oasis:names:tc:opendocument:xmlns:drawing",
                 "{http://www.w3.org/2000/svg")):
            self._walk(child, state)  # a span, a link, a field's text
        if tag == f"{_O}annotation":
            self._annotation(child, state)

    def _spaces(self, element: Any, state: ParagraphState) -> None:
        self._emit(state, self._white.literal(" " * _space_count(element)))

    def _change(self, element: Any, state: ParagraphState) -> None:
        """Words deleted here: in the text before, not after."""
        region = self.regions.get(element.get(f"{_T}change-id") or "")
        if region is None or region.kind != DELETE or not region.deleted:
            return
        text = region.deleted.translate(_UNICODE)
        state.changes.append(OpenChange(
            DELETE, region.author, region.date, state.at_before, state.at_after,
            before_end=state.at_before + len(text), after_end=state.at_after))
        state.before.append(text)
        state.at_before += len(text)

    def _change_start(self, element: Any, state: ParagraphState) -> None:
        name = element.get(f"{_T}change-id") or ""
        region = self.regions.get(name)
        if region is not None and region.kind in (INSERT, FORMAT):
            self._open[name] = self._start(state, region, name)

    def _change_end(self, element: Any, state: ParagraphState) -> None:
        change = self._open.pop(element.get(f"{_T}change-id") or "", None)
        if change is not None:
            change.before_end, change.after_end = state.at_before, state.at_after

    def _bookmark(self, element: Any, state: ParagraphState) -> None:
        name = element.get(f"{_T}name") or ""
        if is_trace_bookmark(name):
            state.bookmarks.append((name, state.at_before))

    def _note(self, element: Any, state: ParagraphState) -> None:
        body = element.find(f"{_T}note-body")
        if body is not None and element.get(f"{_T}note-class", "footnote") == "footnote":
            digits = "".join(c for c in element.get(f"{_T}id") or "" if c.isdigit())
            self._notes.append((body, int(digits) if digits else None))

    def _annotation_end(self, element: Any, state: ParagraphState) -> None:
        self.marks.end.setdefault(element.get(f"{_O}name") or "",
                                  (len(self.paragraphs), state.at_before))

    def _annotation(self, element: Any, state: ParagraphState) -> None:
        name = element.get(f"{_O}name") or f"annotation {len(self.comments)}"
        self.marks.start.setdefault(name, (len(self.paragraphs), state.at_before))
        texts = ["".join(_plain(p)).translate(_UNICODE) for p in element.iter(f"{_T}p")]
        comment = Comment(element.findtext(f"{{{DC}}}creator") or "",
                          element.findtext(f"{{{META}}}creator-initials") or "",
                          when(element.findtext(f"{{{DC}}}date")), "\n".join(texts), None,
                          id=name)
        self.comments.append(Read(comment, name, len(self.comments)))
        parent = element.get(f"{{{LOEXT}}}parent-name")
        if parent:
            self.parents[name] = parent
        self.done[name] = (element.get(f"{{{LOEXT}}}resolved") or "") == "true"

    _HANDLERS: ClassVar[dict[str, Callable[[OpenDocumentReader, Any, ParagraphState],
                                           None]]] = {
        f"{_T}s": _spaces, f"{_T}change": _change, f"{_T}change-start": _change_start,
        f"{_T}change-end": _change_end, f"{_T}bookmark": _bookmark,
        f"{_T}bookmark-start": _bookmark, f"{_T}note": _note,
        f"{_O}annotation-end": _annotation_end}

    def result(self) -> tuple[tuple[ReviewedParagraph, ...], tuple[Comment, ...]]:
        paragraphs = tuple(self.paragraphs)
        read = [Read(_anchored(item.comment, anchor_of(item.para_id, self.marks, paragraphs)),
                     item.para_id, item.order) for item in self.comments]
        return paragraphs, arrange(read, self.parents, self.done)


def _anchored(comment: Comment, anchor: Any) -> Comment:
    return replace(comment, anchor=anchor)


def _plain(element: Any, spaces: _Spaces | None = None) -> list[str]:
    """The text of a paragraph of a deletion or a comment: spaces, tabs and breaks as
    characters; notes and comments inside left out."""
    spaces = spaces or _Spaces()
    pieces = [spaces.data(element.text or "")]
    for child in element:
        tag = child.tag
        if tag == f"{_T}s":
            pieces.append(spaces.literal(" " * _space_count(child)))
        elif tag in _CHARACTERS:
            pieces.append(spaces.literal(_CHARACTERS[tag]))
        elif isinstance(tag, str) and tag not in _SKIPPED and tag != f"{_T}note":
            pieces.extend(_plain(child, spaces))
        pieces.append(spaces.data(child.tail or ""))
    return pieces


def _space_count(element: Any) -> int:
    """How many spaces a `<text:s text:c="N"/>` stands for (1 where N is no number;
    the reader's budget has counted them already)."""
    count = element.get(f"{_T}c") or "1"
    return int(count) if count.isascii() and count.isdigit() else 1


def _regions(content: Any) -> dict[str, _Region]:
    regions: dict[str, _Region] = {}
    for region in content.iter(f"{_T}changed-region"):
        name = region.get(f"{_T}id") or region.get(
            "{http://www.w3.org/XML/1998/namespace}id") or ""
        for kind, tag in ((INSERT, "insertion"), (DELETE, "deletion"),
                          (FORMAT, "format-change")):
            change = region.find(f"{_T}{tag}")
            if change is None:
                continue
            info = change.find(f"{_O}change-info")
            author = date = None
            if info is not None:
                author = info.findtext(f"{{{DC}}}creator")
                date = info.findtext(f"{{{DC}}}date")
            deleted = "\n".join("".join(_plain(p)) for p in _deleted_paragraphs(change)
                                ) if kind == DELETE else ""
            regions[name] = _Region(kind, author or "", when(date), deleted)
    return regions


def _deleted_paragraphs(element: Any) -> list[Any]:
    """The paragraphs a deletion holds, in order: LibreOffice wraps those of a list item
    in the list (`text:list`, `text:list-item`) and those of a table in its cells."""
    found: list[Any] = []
    for child in element:
        if child.tag in _PARAGRAPHS:
            found.append(child)
        elif child.tag in _CONTAINERS:
            found.extend(_deleted_paragraphs(child))
    return found


def _style_names(content: Any, styles: Any) -> dict[str, str]:
    """Each paragraph style's name as LibreOffice shows it ("Heading 1"), by the name the
    file uses ("Heading_20_1"), the automatic styles ("P12") by the style they are
    based on."""
    names: dict[str, str] = {}
    for root in (styles, content):
        if root is None:
            continue
        for style in root.iter(f"{{{STYLE}}}style"):
            name = style.get(f"{{{STYLE}}}name") or ""
            names[name] = style.get(f"{{{STYLE}}}display-name") or name
    for style in (content.iter(f"{{{STYLE}}}style") if content is not None else ()):
        name = style.get(f"{{{STYLE}}}name") or ""
        parent = style.get(f"{{{STYLE}}}parent-style-name")
        if parent and style.getparent() is not None and \
                style.getparent().tag == f"{_O}automatic-styles":
            names[name] = names.get(parent, parent)
    return names


def read_opendocument(package: zipfile.ZipFile, path: Path,
                      xml: Callable[[str], Any]) -> ReviewedDocument:
    """The .odt in `package` (`xml` reads one of its parts, or None if absent)."""
    content, styles = xml("content.xml"), xml("styles.xml")
    reader = OpenDocumentReader(content, styles)
    if content is not None:
        reader.read(content)
    paragraphs, comments = reader.result()
    margins = OpenDocumentReader(content, styles)
    for page in (() if styles is None else styles.iter(f"{{{STYLE}}}master-page")):
        for part in page:
            kind = str(part.tag).rsplit("}", 1)[-1].split("-")[0]  # header-left: header
            if kind in ("header", "footer"):
                margins.blocks(part, kind, None)
    meta = xml("meta.xml")
    by = modified = None
    if meta is not None:
        by = meta.findtext(f"{_O}meta/{{{DC}}}creator")
        modified = meta.findtext(f"{_O}meta/{{{DC}}}date")
    return ReviewedDocument(path, paragraphs, comments, None, (by or "").strip(),
                            (modified or "").strip() or None,
                            _tracking(xml("settings.xml"), content),
                            tuple(margins.paragraphs))


def _tracking(settings: Any, content: Any) -> bool:
    if settings is not None:
        for item in settings.iter(f"{{{CONFIG}}}config-item"):
            if item.get(f"{{{CONFIG}}}name") == "RecordChanges":
                return (item.text or "").strip() == "true"
    tracked = None if content is None else content.find(
        f"{_O}body/{_O}text/{_T}tracked-changes")
    return tracked is not None and tracked.get(f"{_T}track-changes", "true") == "true"
