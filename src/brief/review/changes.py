"""What a reviewed Word file holds, as `reviewed.read_reviewed` reads it: its paragraphs
before and after the tracked changes, the changes, the comments and their replies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..origins import BuildTrace

INSERT = "insert"  # w:ins
DELETE = "delete"  # w:del
MOVE_FROM = "move-from"  # w:moveFrom: words moved away from here
MOVE_TO = "move-to"  # w:moveTo: words moved here
FORMAT = "format"  # w:rPrChange: the words' formatting changed (bold, italic, ...)
PARAGRAPH_INSERT = "paragraph-insert"  # the paragraph mark inserted: a new paragraph
PARAGRAPH_DELETE = "paragraph-delete"  # the paragraph mark deleted: joined to the next


@dataclass(frozen=True)
class Change:
    """One tracked change within a paragraph.

    Offsets are into the paragraph's `before` text (brief's words, with tracked
    deletions kept and insertions left out) and its `after` text (the reviewer's: the
    other way round). An insertion is empty in `before` (`before_start ==
    before_end`, where it goes); a deletion is empty in `after`. A formatting change
    covers the same words in both; `detail` says what changed ("bold added",
    "italic removed")."""

    kind: str  # INSERT, DELETE, MOVE_FROM, MOVE_TO, FORMAT, PARAGRAPH_INSERT, ...
    author: str  # "" when the file does not say
    date: str | None  # ISO 8601 as the file gives it; None when absent or zero
    before_start: int
    before_end: int
    after_start: int
    after_end: int
    text: str  # the words inserted, deleted or moved (the formatted words for FORMAT)
    detail: str = ""
    move: str = ""  # a move's name, pairing its MOVE_FROM with its MOVE_TO
    # For FORMAT: what the formatting is now, of what brief's Markdown can say:
    # (("bold", True),) for bold added, (("italic", False),) for italic removed.
    formatting: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class ReviewedParagraph:
    """A paragraph of the reviewed file, in document order (the body, its tables'
    cells in reading order, then the footnotes)."""

    index: int  # its place in `ReviewedDocument.paragraphs`
    part: str  # "body" or "footnotes" ("header", "footer": `headers_footers`)
    before: str  # `origins.paragraph_text(version="before")`
    after: str  # `origins.paragraph_text(version="after")`
    changes: tuple[Change, ...]
    # brief's trace bookmarks in it (`origins.is_trace_bookmark`), each with its offset in
    # `before`: usually one, at 0; two or more where the reviewer joined paragraphs.
    bookmarks: tuple[tuple[str, int], ...] = ()
    style: str = ""  # the paragraph style's name as the file gives it ("Heading 1")
    footnote: int | None = None  # for a footnote's paragraph: the footnote's w:id


@dataclass(frozen=True)
class Anchor:
    """The words a comment is attached to: from `start` in the `before` text of
    paragraph `first` to `end` in that of paragraph `last` (offsets as in `Change`)."""

    first: int
    start: int
    last: int
    end: int
    text: str  # the words, as they read before the changes


@dataclass(frozen=True)
class Comment:
    author: str
    initials: str
    date: str | None  # None when absent or zero (LibreOffice may write 0-00-00)
    text: str  # its paragraphs joined by "\n"
    anchor: Anchor | None  # None for a comment whose anchor cannot be found
    replies: tuple[Comment, ...] = ()  # in order (Word's commentsExtended, LibreOffice's)
    done: bool = False  # marked resolved
    id: str = ""  # its w:id in the file


@dataclass(frozen=True)
class ReviewedDocument:
    path: Path
    paragraphs: tuple[ReviewedParagraph, ...]
    comments: tuple[Comment, ...]  # top-level comments, in document order
    trace: BuildTrace | None  # None: the file carries no trace (not built by brief)
    last_modified_by: str = ""  # docProps/core.xml, for changes made without tracking
    modified: str | None = None  # its date, ISO 8601
    tracking_on: bool = False  # settings.xml's w:trackRevisions
    # The headers' and footers' paragraphs (part "header" or "footer"; `index` their
    # place here), each part once, in the order the document names them: what brief
    # writes there (the date, the marking, page numbers) is generated. Not in
    # `paragraphs`, whose indices comments' anchors use.
    headers_footers: tuple[ReviewedParagraph, ...] = ()
    opendocument: bool = False  # an .odt (OpenDocument keeps no custom XML part: no trace)
