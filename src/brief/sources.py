"""Stage 2: read source articles and number their paragraphs.

`readers` turns each file (text, Markdown, HTML, PDF, Word) into blocks of text;
here blocks become numbered paragraphs by the same rules for every format
(documented in docs/spec.md, "How paragraphs are numbered"):

1. In text files, a block is a run of lines between blank lines, or a single line if
   the file has no blank lines between its lines of text (see `readers.text_blocks`).
   A block's lines are joined with a space.
2. A paragraph split by a page break is joined again: when a block ends without
   closing punctuation (its last character is a letter, digit, comma or hyphen) and
   the next begins with a lower-case letter, they are one paragraph, joined with a
   space, or with nothing after a hyphen (`visa-` + `free`).
3. Inline HTML tags such as `<u>…</u>` are removed; the words inside stay.
4. Paragraphs are numbered from 1 in file order. Every paragraph counts, headings
   and by-lines included, so the numbers are the ones `brief sources FILE` shows.
   In a PDF, each paragraph also has its page and its number among the paragraphs
   that start on that page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefError, SourceError, Where, collect
from .readers import Block, FileMetadata, SourceText, read_file, text_blocks
from .spec import BriefingSpec, SourceSpec


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph: its text as shown, and where it stands in the file."""

    number: int
    text: str  # tags removed, lines and page breaks joined
    raw: str  # as the file has it; blocks joined again are separated by a blank line
    line: int | None = None
    page: int | None = None
    page_paragraph: int | None = None  # its number among the paragraphs starting on its page

    @property
    def label(self) -> str:
        """How a citation names it: `¶12`, or `p. 3, ¶2` in a paged source."""
        if self.page is None:
            return f"¶{self.number}"
        return f"p. {self.page}, ¶{self.page_paragraph}"


@dataclass(frozen=True)
class Source:
    """A loaded source article: its paragraphs, metadata and fingerprint."""

    id: str
    path: Path
    format: str
    encoding: str | None
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    file_metadata: FileMetadata
    spec: SourceSpec | None = None

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    @property
    def metadata(self) -> FileMetadata:
        """The source's details: the spec's where given, else the file's own."""
        spec, own = self.spec, self.file_metadata
        if spec is None:
            return own
        return FileMetadata(
            title=spec.title or own.title, authors=spec.authors or own.authors,
            date=spec.date or own.date, url=spec.url or own.url,
            publisher=spec.publisher or own.publisher)


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_OPEN_END = re.compile(r"[\w,\-]\Z")
_LOWER_START = re.compile(r"\A[^\W\d_A-Z]")  # a letter that is not upper-case


def number_paragraphs(blocks: Iterable[Block]) -> tuple[Paragraph, ...]:
    """Turn blocks into numbered paragraphs by the rules in this module's doc."""
    merged: list[tuple[Block, str, str]] = []  # (first block, text, raw)
    for block in blocks:
        body = _TAG.sub("", " ".join(line.strip() for line in block.text.split("\n")))
        body = re.sub(r"[ \t]{2,}", " ", body).strip()
        if not body:
            continue
        if merged and _OPEN_END.search(merged[-1][1]) and _LOWER_START.search(body):
            first, previous, raw = merged[-1]
            joiner = "" if previous.endswith("-") else " "
            merged[-1] = (first, previous + joiner + body, raw + "\n\n" + block.text)
        else:
            merged.append((block, body, block.text))
    paragraphs = []
    on_page: dict[int, int] = {}
    for number, (block, body, raw) in enumerate(merged, start=1):
        page_paragraph = None
        if block.page is not None:
            page_paragraph = on_page[block.page] = on_page.get(block.page, 0) + 1
        paragraphs.append(Paragraph(number, body, raw, block.line, block.page, page_paragraph))
    return tuple(paragraphs)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Number the paragraphs of plain text."""
    return number_paragraphs(text_blocks(text))


def read_source(path: Path, where: Where) -> tuple[SourceText, bytes]:
    """Read a source file of any supported format; raise `SourceError` if it is unusable."""
    if not path.exists():
        raise SourceError(
            f"source file not found: {path}", where,
            hint="paths under `sources` are relative to the spec file's folder")
    if path.is_dir():
        raise SourceError(f"source file is a folder: {path}", where)
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(f"source file is empty: {path}", where,
                          hint="paste the article's text into the file")
    return read_file(path, raw, where), raw


def load_source_file(path: Path, source_id: str = "", where: Where | None = None,
                     spec_entry: SourceSpec | None = None) -> Source:
    """Load the source file at `path` and number its paragraphs."""
    where = where or Where(path)
    text, raw = read_source(path, where)
    paragraphs = number_paragraphs(text.blocks)
    if not paragraphs:
        raise SourceError(f"source file has no text: {path}", where)
    return Source(source_id, path, text.format, text.encoding, paragraphs,
                  hashlib.sha256(raw).hexdigest(), text.metadata, spec_entry)


def load_source(spec_entry: SourceSpec, folder: Path, where: Where) -> Source:
    """Load one source named by the spec, relative to the spec's `folder`."""
    source = load_source_file((folder / spec_entry.file).resolve(), spec_entry.id, where,
                              spec_entry)
    if not source.metadata.title:
        raise SourceError(
            f"source '{spec_entry.id}' has no title, and its file does not give one",
            where.with_key(where.key.rsplit(".", 1)[0] if where.key else spec_entry.id),
            hint="add `title:` to the source in the spec")
    return source


def load_sources(spec: BriefingSpec) -> tuple[dict[str, Source], list[BriefError]]:
    """Load every source of the spec; return those that loaded and the problems found."""
    sources: dict[str, Source] = {}
    errors: list[BriefError] = []
    for source_id, entry in spec.sources.items():
        where = spec.where((*entry.key_path, "file"))
        try:
            sources[source_id] = load_source(entry, spec.folder, where)
        except BriefError as error:
            collect(errors, error)
    return sources, errors
