"""Reviews made by hand, for the tests of `brief review`'s deciding half: a `BuildTrace`
from a few lines describing the paragraphs a build wrote (their words and where they
came from), and a `ReviewedDocument` from a few operations a reviewer made on them
("replace", "delete", "insert-after", "untracked", "comment"), without Word, LibreOffice
or a build."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief.origins import (
    ANALYST,
    GENERATED,
    QUOTATION,
    BuildTrace,
    Origin,
    Segment,
    TracedKey,
    TracedParagraph,
    bookmark_name,
)
from brief.review.keys import parse_key_path, value_at
from brief.review.reviewed import (
    DELETE,
    INSERT,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Anchor,
    Change,
    Comment,
    ReviewedDocument,
    ReviewedParagraph,
)
from brief.yamlfile import parse_yaml

# The spec the tests review: plain words (the stand-in for Markdown editing below takes
# the Markdown as the words a reader sees), comments, a block scalar and quoting styles.
SPEC = """\
# The desk's memo on the plan.
title: Test memo
date: 2024-05-01
marking: OFFICIAL-SENSITIVE
memo:
  to: The Minister
  from: Test desk
sources:
  gazette:
    file: sources/quirks.txt
    title: The Quirks Gazette
    authors: [Ann Example]
    publisher: Gazette
    date: 2024-04-30
bluf: The plan is rushed. Its costs are not known to anyone.
sections:
  - title: Risks
    kind: risks
    points:
      - text: Costs are unknown.  # the desk's view
        passages:
          - source: gazette
            quote: its costs were not known
      - text: 'Critics say the plan was rushed.'
        passages:
          - source: gazette
            quote: Critics argued that the plan was rushed, and
"""

# The paragraphs a build of SPEC wrote: (block, [(kind, key path or control, words)]).
PARAGRAPHS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("bluf", [(GENERATED, "labels.bluf", "Bottom line up front")]),
    ("bluf", [(ANALYST, "bluf", "The plan is rushed. Its costs are not known to anyone.")]),
    ("section", [(ANALYST, "sections[0].title", "Risks")]),
    ("section", [(ANALYST, "sections[0].points[0].text", "Costs are unknown."),
                 (GENERATED, "", " \u201c"),
                 (QUOTATION, "sections[0].points[0].passages[0]", "its costs were not known"),
                 (GENERATED, "citation_style", "\u201d [1]")]),
    ("section", [(ANALYST, "sections[0].points[1].text", "Critics say the plan was rushed."),
                 (GENERATED, "", " \u201c"),
                 (QUOTATION, "sections[0].points[1].passages[0]",
                  "Critics argued that the plan was rushed, and"),
                 (GENERATED, "citation_style", "\u201d [1]")]),
    ("sources", [(GENERATED, "sources.gazette", "[1] Ann Example, The Quirks Gazette")]),
]


def trace_of(spec: Path, text: str | None = None, *, name: str = "memo.yaml",
             paragraphs: Sequence[tuple[str, Sequence[tuple[str, str, str]]]] = PARAGRAPHS,
             footnotes: Sequence[str] = ()) -> BuildTrace:
    """The trace a build of `spec` (its `text` then: as now by default) would carry."""
    text = spec.read_text(encoding="utf-8") if text is None else text
    document = parse_yaml(text, spec)
    keys: dict[str, TracedKey] = {}
    traced = []
    for number, (block, pieces) in enumerate(paragraphs, 1):
        segments, at, line = [], 0, 1
        for kind, path, words in pieces:
            origin = Origin(kind, path if kind != GENERATED else "",
                            path if kind == GENERATED else "")
            segments.append(Segment(at, at + len(words), origin))
            at += len(words)
            if kind in (ANALYST, QUOTATION):
                keys[path] = _key(document, path, kind)
                line = keys[path].line if line == 1 else line
        traced.append(TracedParagraph(bookmark_name(line, number), block,
                                      "".join(w for _, _, w in pieces), tuple(segments)))
    for number, words in enumerate(footnotes, len(traced) + 1):
        traced.append(TracedParagraph(
            bookmark_name(1, number), "footnote", words,
            (Segment(0, len(words), Origin(GENERATED, "", "citation_style")),), "footnotes"))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return BuildTrace(name, sha, "2026-12-03T09:00:00Z", keys=keys,
                      paragraphs=tuple(traced))


def _key(document, path: str, kind: str) -> TracedKey:
    keys = parse_key_path(path)
    if kind == QUOTATION:
        value = value_at(document.data, (*keys, "quote"))
        line, column = document.value_marks[(*keys, "quote")]
        source = value_at(document.data, (*keys, "source"))
        return TracedKey(path, kind, line, column, value, source)
    line, column = document.value_marks[keys]
    return TracedKey(path, kind, line, column, value_at(document.data, keys))


@dataclass
class _Paragraph:
    traced: TracedParagraph | None
    before: str
    changes: list[Change] = field(default_factory=list)
    bookmarks: tuple[tuple[str, int], ...] = ()
    after: str | None = None  # a new paragraph's words


@dataclass
class Reviewer:
    """A reviewer working on the paragraphs of a trace, as a test describes it."""

    trace: BuildTrace
    path: Path = Path("reviewed.docx")
    author: str = "Head of Desk"
    date: str | None = "2026-12-04T10:00:00Z"
    comments: list[Comment] = field(default_factory=list)
    last_modified_by: str = ""

    def __post_init__(self) -> None:
        self.paragraphs = [_Paragraph(p, p.text, bookmarks=((p.bookmark, 0),))
                           for p in self.trace.paragraphs]

    def _find(self, words: str) -> tuple[_Paragraph, int]:
        for paragraph in self.paragraphs:
            at = paragraph.before.find(words)
            if at >= 0:
                return paragraph, at
        raise AssertionError(f"no paragraph holds {words!r}")

    def _change(self, kind: str, start: int, end: int, text: str, author: str | None
                ) -> Change:
        return Change(kind, self.author if author is None else author, self.date,
                      start, end, start, start, text)

    def replace(self, old: str, new: str, author: str | None = None) -> Reviewer:
        """A tracked replacement, as LibreOffice records one: a deletion, then an
        insertion where it ends."""
        paragraph, at = self._find(old)
        paragraph.changes += [self._change(DELETE, at, at + len(old), old, author),
                              self._change(INSERT, at + len(old), at + len(old), new,
                                           author)]
        return self

    def delete(self, old: str, author: str | None = None) -> Reviewer:
        paragraph, at = self._find(old)
        paragraph.changes.append(self._change(DELETE, at, at + len(old), old, author))
        return self

    def insert_after(self, anchor: str, new: str, author: str | None = None) -> Reviewer:
        paragraph, at = self._find(anchor)
        at += len(anchor)
        paragraph.changes.append(self._change(INSERT, at, at, new, author))
        return self

    def untracked(self, old: str, new: str) -> Reviewer:
        """A change made with tracking off (or accepted): the text brief wrote differs."""
        paragraph, at = self._find(old)
        paragraph.before = paragraph.before[:at] + new + paragraph.before[at + len(old):]
        return self

    def new_paragraph(self, after: str, words: str, author: str | None = None) -> Reviewer:
        """A paragraph the reviewer added after the one holding `after`."""
        paragraph, _ = self._find(after)
        index = self.paragraphs.index(paragraph)
        change = Change(PARAGRAPH_INSERT, self.author if author is None else author,
                        self.date, 0, 0, 0, len(words), "")
        insert = Change(INSERT, change.author, self.date, 0, 0, 0, len(words), words)
        self.paragraphs.insert(index + 1, _Paragraph(None, "", [change, insert], after=words))
        return self

    def join(self, words: str, author: str | None = None) -> Reviewer:
        """The paragraph mark of the paragraph holding `words` deleted: joined to the next."""
        paragraph, _ = self._find(words)
        end = len(paragraph.before)
        paragraph.changes.append(Change(PARAGRAPH_DELETE, self.author if author is None
                                        else author, self.date, end, end, end, end, ""))
        return self

    def drop_bookmarks(self) -> Reviewer:
        """As an editor that loses bookmarks would."""
        for paragraph in self.paragraphs:
            paragraph.bookmarks = ()
        return self

    def comment(self, anchor: str, text: str, author: str | None = None,
                replies: Sequence[tuple[str, str]] = (), done: bool = False) -> Reviewer:
        paragraph, at = self._find(anchor)
        index = self.paragraphs.index(paragraph)
        self.comments.append(Comment(
            self.author if author is None else author, "HD", self.date, text,
            Anchor(index, at, index, at + len(anchor), anchor),
            tuple(Comment(name, "", self.date, words, None) for name, words in replies),
            done))
        return self

    def document(self) -> ReviewedDocument:
        paragraphs = []
        for index, paragraph in enumerate(self.paragraphs):
            after = paragraph.after or _after(paragraph.before, paragraph.changes)
            part = paragraph.traced.part if paragraph.traced is not None else "body"
            paragraphs.append(ReviewedParagraph(index, part, paragraph.before, after,
                                                tuple(paragraph.changes),
                                                paragraph.bookmarks))
        return ReviewedDocument(self.path, tuple(paragraphs), tuple(self.comments),
                                self.trace, self.last_modified_by, "2026-12-04T11:00:00Z")


def _after(before: str, changes: Sequence[Change]) -> str:
    out, at = [], 0
    for change in sorted(changes, key=lambda c: (c.before_start, c.kind != DELETE)):
        out.append(before[at:change.before_start])
        if change.kind == INSERT:
            out.append(change.text)
        at = max(at, change.before_end)
    out.append(before[at:])
    return "".join(out)
