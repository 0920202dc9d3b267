"""What every source reader returns: blocks of text with where they came from, and what
the file says about itself. Shared by the readers of each format and the stages above."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

#: How messages name each format.
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word file", "html": "web page", "text": "text file",
                "doc": "Word 97-2003 .doc", "rtf": "RTF file", "odt": "OpenDocument text"}
#: Byte-order marks, and the encoding each one announces.
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                    (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Block:
    """A run of text as the file holds it: a paragraph, or a piece of one."""

    text: str
    line: int | None = None  # in a text file
    page: int | None = None  # in a PDF
    heading: bool = False  # the file marks it as a heading (a Word heading style)
    note: bool = False  # a footnote or endnote, placed after the body
    raw: str | None = None  # as the file has it, where that differs (a PDF's lines)


@dataclass(frozen=True)
class FileMetadata:
    """What a file says about itself; the spec's values take precedence."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class SourceText:
    format: str  # text, html, pdf or docx
    encoding: str | None
    blocks: tuple[Block, ...]
    metadata: FileMetadata = field(default_factory=FileMetadata)
    #: what the reader noticed that the analyst should know (undecodable glyphs, ...)
    notes: tuple[str, ...] = ()
    #: a web page's whole text, block by block, for quotes from outside its article
    page_blocks: tuple[Block, ...] = ()

    @property
    def whole_paragraphs(self) -> bool:
        """Whether blocks are whole paragraphs (web pages, Word files, PDFs, whose reader
        rejoins what page breaks split): never rejoined."""
        return self.format in ("html", "docx", "pdf")


def split_authors(text: str | None, *, commas: bool = False) -> tuple[str, ...]:
    """Author names from a file's author field: `A; B`, `A and B` (and `A, B` where
    `commas`: a PDF's Author field lists names so, while web pages and Word may write
    `Last, First`)."""
    pattern = r";|,|\band\b" if commas else r";|\band\b"
    return tuple(name.strip() for name in re.split(pattern, text or "") if name.strip())
