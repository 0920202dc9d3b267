"""Where each piece of a built Word file came from: the trace brief writes into every
.docx it builds, and `brief review` reads back from a reviewed copy.

Each paragraph brief writes (in the body, in tables, in footnotes) starts with a hidden
bookmark (`_brief_L44_3`: the spec's line at build time, then the paragraph's number in
the trace). The trace itself is a custom XML part of the package (`customXml/`), which
Word and LibreOffice both keep when they save the file: for each paragraph, its text as
written and which runs of it came from which key of the spec; for each key, its value
at build time (the analyst's Markdown, a passage's quote), so that a change the reviewer
made can be told apart from a change made to the spec since.

What the trace holds is already in the memo (its text) or is the spec's structure (key
paths and line numbers): no YAML comment and nothing the release leaves out.

As `render/docx/trace.py` writes it:

- Paragraphs are numbered 1, 2, ... through the body (table cells in document order),
  then the footnotes (`part="footnotes"`; the house's separators are not traced). Every
  paragraph brief wrote is traced, empty ones too (a picture's: `text` "", no segments).
  `block` is the layout block's kind (`render/layout.py`: "bluf", "section", "sources",
  ...); a footnote's is that of the paragraph that cites it.
- The line in a bookmark's name is that of the paragraph's first segment whose `path` is a
  traced key (0 if none). LibreOffice 7.4 renames the bookmarks in footnotes when it saves
  (`_brief_L101_128_Copy_1`): `bookmark_base` gives the name brief wrote, and
  `BuildTrace.paragraph` finds a paragraph by either.
- ANALYST paths are keys of `keys`: "title", "subtitle", "organisation", "memo.to" (and
  "memo.from", "memo.cc", "memo.subject"), "bluf", "decision_requested.text",
  "key_judgments[i].text", "sections[i].title", "sections[i].text",
  "sections[i].points[j].text" (".actor", ".levers", ".implication", ".pros[k]",
  ".cons[k]", ".figure.caption"; ".pros" where the spec writes the list as its one
  item, `pros: Costs nothing.`), "...passages[k].translation",
  "sources.<id>.assessment". QUOTATION paths are passages, "...passages[k]": the key's
  value is its `quote` ("" for a passage chosen by paragraph number) and its line the
  quote's. GENERATED segments may carry a `path` too (the key the text is about: a
  citation's passage, a likelihood statement's judgment, "...recommended") beside their
  `control`: "marking", "memo", "date", "labels.<label>" (the template's labels),
  "numbered_headings", "portion_marks", "likelihood", "likelihood_ranges",
  "citation_style", "sources.<id>", "translator", "source_summary", "previous". A
  portion mark or a likelihood's range that brief puts into the analyst's text is a
  GENERATED segment within the ANALYST ones; the text of a key may run over several
  paragraphs (Markdown paragraphs, list items, a table's cells).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii
from typing import Any

from .ooxml import W

ANALYST = "analyst"  # the analyst's own words: bluf, judgment and point text, headings
QUOTATION = "quotation"  # a passage of a source, verified: cannot be reworded
GENERATED = "generated"  # what brief wrote: labels, citations, the marking, numbers

NAMESPACE = "urn:x-brief:trace:1"  # the custom XML part's namespace (and schema reference)
BOOKMARK_PREFIX = "_brief_"  # hidden bookmarks (Word hides names starting with "_")
VERSION = 1


@dataclass(frozen=True)
class Origin:
    """Where a run of a paragraph's text came from."""

    kind: str  # ANALYST, QUOTATION or GENERATED
    path: str = ""  # the spec's key path: "sections[2].points[0].text"; "" if none
    # For generated text, the setting or template label that controls it, as the user
    # would look it up: "labels.bluf", "marking", "citation_style", "sources.wolff".
    control: str = ""


@dataclass(frozen=True)
class Segment:
    """Characters `start` to `end` of a paragraph's text, and where they came from."""

    start: int
    end: int
    origin: Origin


@dataclass(frozen=True)
class TracedParagraph:
    """A paragraph brief wrote: its bookmark, the layout block it belongs to ("bluf",
    "section", "sources", ...), its text as written (`paragraph_text`), and the
    segments of that text (in order, covering it all)."""

    bookmark: str
    block: str
    text: str
    segments: tuple[Segment, ...]
    part: str = "body"  # "body" or "footnotes"


@dataclass(frozen=True)
class TracedKey:
    """A key of the spec that text of the memo came from, as it was at build time."""

    path: str  # "bluf", "key_judgments[0].text", "sections[1].points[2].passages[0]"
    kind: str  # ANALYST or QUOTATION
    line: int  # of its value in the spec, 1-based
    column: int
    value: str  # the Markdown as written (analyst text), or the passage's quote
    source: str = ""  # a passage's source id


@dataclass(frozen=True)
class BuildTrace:
    """The trace of one built .docx."""

    spec: str  # the spec's file name as the build was given it, relative to the project
    spec_sha256: str  # of the spec's bytes at build time
    built: str  # when, ISO 8601 (the build's stamp)
    release: str | None = None  # the release the file shows, if any
    review_copy: bool = False  # written by `brief build --review`
    keys: dict[str, TracedKey] = field(default_factory=dict)
    paragraphs: tuple[TracedParagraph, ...] = ()

    def paragraph(self, bookmark: str) -> TracedParagraph | None:
        """The paragraph of a bookmark, as brief named it or LibreOffice renamed it."""
        bookmark = bookmark_base(bookmark)
        for paragraph in self.paragraphs:
            if paragraph.bookmark == bookmark:
                return paragraph
        return None

    def to_xml(self) -> bytes:
        """The custom XML part: the trace as JSON in one element (Word and LibreOffice
        keep a custom XML part as it is)."""
        try:
            text = self.json_text()
        except TypeError:  # a value not of the trace's types (a briefing made by hand)
            text = json.dumps(self.as_data(), ensure_ascii=True, separators=(",", ":"),
                              sort_keys=True)
        text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<trace xmlns="{NAMESPACE}" version="{VERSION}">{text}</trace>').encode()

    def json_text(self) -> str:
        """The trace as `json.dumps(self.as_data(), ensure_ascii=True, separators=(",",
        ":"), sort_keys=True)` writes it, character for character, written directly: each
        string by the json module's own encoder, each origin once (a long memo's trace
        has thousands of segments and a few hundred origins). TypeError for a value of
        another type than the fields declare."""
        string = encode_basestring_ascii

        def integer(value: int) -> str:
            if type(value) is not int:
                raise TypeError(value)
            return int.__repr__(value)

        origins: dict[Origin, str] = {}
        for paragraph in self.paragraphs:
            for segment in paragraph.segments:
                if segment.origin not in origins:
                    origin = segment.origin
                    origins[origin] = (f'{{"control":{string(origin.control)},"kind":'
                                       f'{string(origin.kind)},"path":{string(origin.path)}}}')
        keys = ",".join(
            f'{string(path)}:{{"column":{integer(key.column)},"kind":{string(key.kind)},'
            f'"line":{integer(key.line)},"path":{string(key.path)},'
            f'"source":{string(key.source)},"value":{string(key.value)}}}'
            for path, key in sorted(self.keys.items()))
        paragraphs = ",".join(
            f'{{"block":{string(p.block)},"bookmark":{string(p.bookmark)},'
            f'"part":{string(p.part)},"segments":['
            + ",".join(f'{{"end":{integer(s.end)},"origin":{origins[s.origin]},'
                       f'"start":{integer(s.start)}}}' for s in p.segments)
            + f'],"text":{string(p.text)}}}' for p in self.paragraphs)
        release = "null" if self.release is None else string(self.release)
        if type(self.review_copy) is not bool:
            raise TypeError(self.review_copy)
        return (f'{{"built":{string(self.built)},"keys":{{{keys}}},'
                f'"paragraphs":[{paragraphs}],"release":{release},'
                f'"review_copy":{"true" if self.review_copy else "false"},'
                f'"spec":{string(self.spec)},"spec_sha256":{string(self.spec_sha256)}}}')

    def as_data(self) -> dict[str, Any]:
        """The trace as `dataclasses.asdict` gives it, made directly (asdict's deep copy
        of thousands of segments took a third of a long memo's Word render)."""
        data = {name: getattr(self, name) for name in
                ("spec", "spec_sha256", "built", "release", "review_copy")}
        data["keys"] = {path: {"path": key.path, "kind": key.kind, "line": key.line,
                               "column": key.column, "value": key.value, "source": key.source}
                        for path, key in self.keys.items()}
        data["paragraphs"] = [
            {"bookmark": p.bookmark, "block": p.block, "text": p.text, "part": p.part,
             "segments": [{"start": s.start, "end": s.end, "origin": {
                 "kind": s.origin.kind, "path": s.origin.path, "control": s.origin.control}}
                 for s in p.segments]} for p in self.paragraphs]
        return data

    @classmethod
    def from_xml(cls, data: bytes) -> BuildTrace:
        """Read the part `to_xml` wrote; raise ValueError if it is not one."""
        from lxml import etree

        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                          no_network=True))
        except etree.XMLSyntaxError as exc:
            raise ValueError(f"the trace is not XML: {exc}") from None
        if root.tag != f"{{{NAMESPACE}}}trace":
            raise ValueError("not brief's trace")
        if root.get("version") != str(VERSION):
            raise ValueError(f"trace version {root.get('version')}, not {VERSION}")
        try:
            trace = _trace(json.loads(root.text or ""))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"the trace cannot be read: {exc}") from None
        _check_types(trace)
        return trace


def _trace(data: dict[str, Any]) -> BuildTrace:
    keys = {path: TracedKey(**key) for path, key in data["keys"].items()}
    paragraphs = tuple(
        TracedParagraph(p["bookmark"], p["block"], p["text"],
                        tuple(Segment(s["start"], s["end"], Origin(**s["origin"]))
                              for s in p["segments"]), p.get("part", "body"))
        for p in data["paragraphs"])
    return BuildTrace(data["spec"], data["spec_sha256"], data["built"], data.get("release"),
                      bool(data.get("review_copy")), keys, paragraphs)


def _check_types(trace: BuildTrace) -> None:
    """Raise ValueError where a value of `trace` is not of its field's type (or a
    segment ends before it starts): a damaged trace must not reach the code that reads
    it."""
    def strings(*values: Any) -> bool:
        return all(isinstance(value, str) for value in values)

    def whole(*values: Any) -> bool:
        return all(type(value) is int for value in values)

    if not strings(trace.spec, trace.spec_sha256, trace.built) or \
            not (trace.release is None or strings(trace.release)):
        raise ValueError("the trace cannot be read: its spec, digest or stamp is no text")
    for path, key in trace.keys.items():
        if not (strings(path, key.path, key.kind, key.value, key.source) and
                whole(key.line, key.column)):
            raise ValueError(f"the trace cannot be read: its key {path!r} is damaged")
    for paragraph in trace.paragraphs:
        if not strings(paragraph.bookmark, paragraph.block, paragraph.text, paragraph.part) \
                or not all(whole(s.start, s.end) and 0 <= s.start <= s.end and
                           strings(s.origin.kind, s.origin.path, s.origin.control)
                           for s in paragraph.segments):
            raise ValueError("the trace cannot be read: its paragraph "
                             f"{paragraph.bookmark!r} is damaged")


def read_trace(package: bytes) -> BuildTrace | None:
    """The trace of a .docx's bytes (the custom XML part in brief's namespace), or None
    when it has none. Raises ValueError for a trace that cannot be read."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith("customXml/item") and "Props" not in name \
                    and name.endswith(".xml"):
                data = archive.read(name)
                if NAMESPACE.encode() in data[:400]:
                    return BuildTrace.from_xml(data)
    return None


def bookmark_name(line: int, number: int) -> str:
    """The hidden bookmark of the `number`th traced paragraph, whose first key is at
    `line` of the spec: `_brief_L44_3` (Word allows 40 characters)."""
    return f"{BOOKMARK_PREFIX}L{line}_{number}"


def is_trace_bookmark(name: str) -> bool:
    return name.startswith(BOOKMARK_PREFIX)


_COPY = re.compile(r"(?:_Copy_\d+)+$")


def bookmark_base(name: str) -> str:
    """A trace bookmark's name as brief wrote it. LibreOffice 7.4 (measured) renames the
    bookmarks of footnotes when it saves a reviewed file, `_brief_L101_128_Copy_1`: the
    suffix is dropped (the paragraph's number keeps the name unique)."""
    return _COPY.sub("", name)


_T, _DEL_TEXT, _TAB, _BR, _CR, _P = (f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}tab",
                                     f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}p")
_HYPHEN, _TABS = f"{{{W}}}noBreakHyphen", f"{{{W}}}tabs"
_GIVES_TEXT = (_T, _DEL_TEXT, _TAB, _BR, _CR, _HYPHEN, _P)
_DELETED = (f"{{{W}}}del", f"{{{W}}}moveFrom")
_INSERTED = (f"{{{W}}}ins", f"{{{W}}}moveTo")


def paragraph_text(paragraph: Any, *, version: str = "written") -> str:
    """The text of a `w:p` element as brief counts it, on both sides of the round trip:
    `w:t` as it is, a tab as "\\t", a line break as "\\n", a non-breaking hyphen as "-";
    nothing for anything else (footnote references, pictures, fields' instructions,
    bookmarks). Paragraphs nested inside (a text box's) are not counted.

    `version`: "written" (the file as it stands, no tracked changes expected),
    "before" (tracked insertions left out, deletions kept: the text as brief wrote it,
    if nothing was changed without tracking) or "after" (insertions kept, deletions
    left out: as the reviewer wants it)."""
    return "".join(text for _, text in paragraph_pieces(paragraph, version=version))


def paragraph_pieces(paragraph: Any, *, version: str = "written"
                     ) -> Iterator[tuple[Any, str]]:
    """The text of `paragraph_text`, piece by piece: each element that gives text (a
    `w:t`, `w:delText`, `w:tab`, ...) and its text, in document order."""
    if version == "written":
        # The file as brief wrote it: lxml finds the elements that give text itself,
        # unless a paragraph is nested inside (a text box's), whose text is its own.
        found = list(paragraph.iterdescendants(*_GIVES_TEXT))
        if not any(element.tag == _P for element in found):
            yield from _pieces(found)
            return
    for element in _walk(paragraph, version):
        tag = element.tag
        if tag in (_T, _DEL_TEXT):
            if tag == _DEL_TEXT and version == "after":
                continue
            yield element, element.text or ""
        elif tag == _TAB:
            if element.getparent() is not None and element.getparent().tag == f"{{{W}}}tabs":
                continue  # a tab stop of the paragraph's properties, not a tab
            yield element, "\t"
        elif tag in (_BR, _CR):
            yield element, "\n"
        elif tag == _HYPHEN:
            yield element, "-"


def _pieces(elements: list[Any]) -> Iterator[tuple[Any, str]]:
    """`paragraph_pieces` of the written file, given its elements that give text."""
    for element in elements:
        tag = element.tag
        if tag in (_T, _DEL_TEXT):
            yield element, element.text or ""
        elif tag == _TAB:
            if element.getparent().tag == _TABS:
                continue  # a tab stop of the paragraph's properties, not a tab
            yield element, "\t"
        elif tag == _HYPHEN:
            yield element, "-"
        else:
            yield element, "\n"


def _walk(element: Any, version: str) -> Iterator[Any]:
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        if child.tag == _P:
            continue  # a paragraph inside (a text box's): its own
        if version == "before" and child.tag in _INSERTED:
            continue
        if version == "after" and child.tag in _DELETED:
            continue
        yield child
        yield from _walk(child, version)
