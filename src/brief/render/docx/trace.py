"""The trace a built Word file carries (`brief.origins`): which spec key each run of text
came from, a hidden bookmark at the start of every paragraph brief writes, and the trace
itself as a custom XML part of the package.

`DocxWriter` draws as before, inside `with tracer.analyst(path)`,
`tracer.quotation(path)` or `tracer.generated(control)`: each run written inside takes
that origin (the innermost). At every change of origin the tracer looks at what was
added since the last change (after the last element it saw, in the body and in the
footnotes) and gives the runs and paragraphs it finds there the origin that was in force
while they were written. `finish` then walks every paragraph once: its segments, its
bookmark, and the part.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

from ...model import Briefing, Figure, SourceEntry
from ...ooxml import W
from ...origins import (
    ANALYST,
    GENERATED,
    NAMESPACE,
    QUOTATION,
    BuildTrace,
    Origin,
    Segment,
    TracedKey,
    TracedParagraph,
    bookmark_name,
    paragraph_pieces,
)

_P, _R, _SECT, _TYPE = f"{{{W}}}p", f"{{{W}}}r", f"{{{W}}}sectPr", f"{{{W}}}type"
_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_CUSTOM_XML_PROPS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                     "customXmlProps")
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
# The ids of the trace's bookmarks start here, clear of the captions' (figures.py) and of
# any the house's files hold.
BOOKMARK_IDS = 20000
# The trace's item id: the same in every file (a file holds one trace).
_BRIEFS = Origin(GENERATED)  # a run no origin was given: brief's own
ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper() + "}"


class Tracer:
    """Records where each run of a Word document's text came from while it is written."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.footnotes: Any = None  # the footnotes' root element, when notes are footnotes
        self.stack: list[Origin] = [Origin(GENERATED)]
        self.kind = ""  # the layout block being drawn
        self.runs: dict[Any, Origin] = {}
        self.splits: dict[Any, tuple[tuple[int, Origin], ...]] = {}
        self.blocks: dict[Any, str] = {}  # each paragraph's layout block
        self.seen: dict[Any, Any] = {body: None}

    def follow_footnotes(self, root: Any) -> None:
        self.footnotes = root
        self.seen[root] = root[-1] if len(root) else None  # its separators are not ours

    # The origins, as the writer states them.
    def analyst(self, path: str) -> contextlib.AbstractContextManager[None]:
        """The analyst's text at `path`; with no path (text the spec did not give: the
        key judgments' empty intro, a briefing made by hand), the origin in force stays."""
        path = _known(path)
        return self.origin(Origin(ANALYST, path) if path else self.stack[-1])

    def quotation(self, path: str) -> contextlib.AbstractContextManager[None]:
        path = _known(path)
        return self.origin(Origin(QUOTATION, path) if path else self.stack[-1])

    def generated(self, control: str, path: str = "") -> contextlib.AbstractContextManager[None]:
        return self.origin(Origin(GENERATED, _known(path), control))

    @contextlib.contextmanager
    def origin(self, origin: Origin) -> Iterator[None]:
        self.flush()
        self.stack.append(origin)
        try:
            yield
        finally:
            self.flush()
            self.stack.pop()

    @contextlib.contextmanager
    def block(self, kind: str, control: str = "") -> Iterator[None]:
        """A layout block: what it writes outside any other origin is generated, under
        `control`."""
        self.flush()
        self.kind = kind
        with self.generated(control):
            yield

    def split(self, run: Any, parts: tuple[tuple[int, Origin], ...]) -> None:
        """A run whose text has several origins: its first `parts[0][0]` characters
        come from `parts[0][1]`, and so on (the last takes the rest)."""
        self.flush()
        self.splits[run] = parts

    def caption(self, since: Any, figure: Figure) -> None:
        """The caption of `figure`, written after the element `since`: its own words are
        the analyst's (the figure's `caption`), its number and the rest brief's."""
        if not figure.caption or not figure.origin.endswith(".figure"):
            return  # a chart's caption is made of its title and data: left brief's
        element = since.getnext() if since is not None else self.body[0]
        while element is not None:
            if element.tag == _P:
                runs = [r for r in element.iter(_R) if r.findtext(f"{{{W}}}t")]
                text = runs[-1].findtext(f"{{{W}}}t") if runs else ""
                if text and text.endswith(figure.caption_text):
                    lead = len(text) - len(figure.caption_text)
                    generated = self.stack[-1]
                    self.split(runs[-1], (
                        (lead, generated),
                        (len(figure.caption), Origin(ANALYST, f"{figure.origin}.caption")),
                        (0, generated)))
                    return
            element = element.getnext()

    def claim(self, element: Any) -> None:
        """Give the runs added to `element`, written before the last element seen (runs
        added to an earlier paragraph), the origin in force."""
        for run in element.iter(_R):
            self.runs.setdefault(run, self.stack[-1])

    def assessment(self, run: Any, source: SourceEntry) -> None:
        """The run of a source's grade and assessment: the assessment is the analyst's
        (`sources.<id>.assessment`), the rest brief's."""
        assessment = (source.assessment or "").strip()
        text = run.findtext(f"{{{W}}}t") or ""
        at = text.rfind(assessment) if assessment and source.origin else -1
        if at < 0:
            return
        generated = self.stack[-1]
        self.split(run, ((at, generated), (len(assessment), Origin(
            ANALYST, f"{source.origin}.assessment")), (0, generated)))

    def flush(self) -> None:
        """Give what was written since the last call the origin in force."""
        origin = self.stack[-1]
        for root in (self.body, self.footnotes):
            if root is None:
                continue
            start = self.seen[root]
            element = start if start is not None else (root[0] if len(root) else None)
            last = None
            while element is not None:
                if element.tag != _SECT and element.get(_TYPE) is None:  # not a separator
                    for found in element.iter(_P, _R):
                        if found.tag == _R:
                            self.runs.setdefault(found, origin)
                        else:
                            self.blocks.setdefault(found, self.kind)
                    last = element
                element = element.getnext()
            if last is not None:
                self.seen[root] = last

    def finish(self, document: Any, briefing: Briefing, *,
               review_copy: bool = False) -> BuildTrace:
        """Bookmark every paragraph written and add the trace to the package."""
        self.flush()
        keys = {key.path: TracedKey(key.path, key.kind, key.line, key.column, key.value,
                                    key.source) for key in briefing.spec_keys}
        paragraphs: list[TracedParagraph] = []
        number = 0
        roots = [("body", self.body)] + ([("footnotes", self.footnotes)]
                                         if self.footnotes is not None else [])
        for part, root in roots:
            for paragraph in root.iter(_P):
                if paragraph not in self.blocks:
                    continue  # the house's own (a footnote separator)
                number += 1
                text, segments = self._segments(paragraph)
                line = next((keys[s.origin.path].line for s in segments
                             if s.origin.path in keys), 0)
                name = bookmark_name(line, number)
                _bookmark(paragraph, name, number)
                paragraphs.append(TracedParagraph(name, self.blocks[paragraph], text,
                                                  segments, part))
        trace = BuildTrace(briefing.spec_file, briefing.spec_sha256,
                           briefing.stamp.isoformat(), briefing.release, review_copy, keys,
                           tuple(paragraphs))
        add_trace_part(document, trace.to_xml())
        return trace

    def _segments(self, paragraph: Any) -> tuple[str, tuple[Segment, ...]]:
        text = ""
        pieces: list[tuple[int, int, Origin]] = []
        consumed: dict[Any, int] = {}
        for element, piece in paragraph_pieces(paragraph):
            if not piece:
                continue
            run = element.getparent()
            while run is not None and run.tag != _R:
                run = run.getparent()
            origin = self.runs.get(run, _BRIEFS) if run is not None else _BRIEFS
            start = len(text)
            text += piece
            split = self.splits.get(run)
            if split is None:
                pieces.append((start, len(text), origin))
                continue
            # the run's characters before this piece (a tab, then its text)
            before = consumed.get(run, 0)
            consumed[run] = before + len(piece)
            limit = 0
            for index, (length, part_origin) in enumerate(split):
                low, limit = limit, (1 << 30) if index == len(split) - 1 else limit + length
                at, end = max(low, before), min(limit, before + len(piece))
                if end > at:
                    pieces.append((start + at - before, start + end - before, part_origin))
        segments: list[Segment] = []
        for start, end, origin in pieces:
            if segments and segments[-1].origin == origin and segments[-1].end == start:
                segments[-1] = Segment(segments[-1].start, end, origin)
            else:
                segments.append(Segment(start, end, origin))
        return text, tuple(segments)


def _known(path: str) -> str:
    """A key path, or "" where the model object had none (`".text"` of a point that came
    from no spec)."""
    return "" if path.startswith(".") else path


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """A hidden bookmark, empty, at the start of the paragraph's content."""
    from lxml import etree

    start = etree.Element(f"{{{W}}}bookmarkStart",
                          {f"{{{W}}}id": str(BOOKMARK_IDS + number), f"{{{W}}}name": name})
    end = etree.Element(f"{{{W}}}bookmarkEnd", {f"{{{W}}}id": str(BOOKMARK_IDS + number)})
    at = 1 if len(paragraph) and paragraph[0].tag == f"{{{W}}}pPr" else 0
    paragraph.insert(at, start)
    paragraph.insert(at + 1, end)


def add_trace_part(document: Any, xml: bytes) -> None:
    """The trace as a custom XML part, with its properties (its item id and the
    namespace as schema reference), related from the document part as Word relates its
    own (the bibliography's)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    taken = {str(part.partname) for part in package.iter_parts()}
    number = next(n for n in range(1, len(taken) + 2)
                  if f"/customXml/item{n}.xml" not in taken
                  and f"/customXml/itemProps{n}.xml" not in taken)
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
             f'<ds:datastoreItem xmlns:ds="{_DS}" ds:itemID="{ITEM_ID}"><ds:schemaRefs>'
             f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>')
    item = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", xml, package)
    props_part = Part(PackURI(f"/customXml/itemProps{number}.xml"), _PROPS_TYPE,
                      props.encode(), package)
    item.relate_to(props_part, _CUSTOM_XML_PROPS)
    document.part.relate_to(item, _CUSTOM_XML)

