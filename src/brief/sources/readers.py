"""Read source files of every form analysts save: text, Markdown, HTML, PDF, Word.

Each reader returns a `SourceText`: raw blocks of text (each with the line or page it
came from) and whatever metadata the file itself carries. `sources` turns blocks
into numbered paragraphs the same way for every format.

The format is chosen by content first (`%PDF-`, a Word package, an HTML document),
then by extension. Text files have their encoding detected: a byte-order mark
(UTF-8, UTF-16), UTF-16 without one, UTF-8, then Windows-1252.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BriefError, SourceError, Where
from ..files import LIMITS, MB, limit, size_text

#: How messages name each format.
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word file", "html": "web page", "text": "text file"}
#: Byte-order marks, and the encoding each one announces.
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                    (codecs.BOM_UTF16_BE, "utf-16"))
FORMATS = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html",
           ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}


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


def detect_format(path: Path, raw: bytes) -> str:
    """Return text, html, pdf or docx, from the content first and then the extension."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as package:
                if "word/document.xml" in package.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
    head = raw[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (
            path.suffix.lower() in (".html", ".htm", ".xhtml") and head.startswith(b"<")):
        return "html"
    return FORMATS.get(path.suffix.lower(), "text")


def read_file(path: Path, raw: bytes, where: Where) -> SourceText:
    """Read the source file `path` (whose bytes are `raw`). Whatever a reading library
    raises on a file it cannot read becomes a `SourceError` here."""
    kind = detect_format(path, raw)
    try:
        if kind == "pdf":
            return _read_pdf(path, raw, where)
        if kind == "docx":
            from .word import read_word

            return read_word(path, raw, where)
        if kind == "html":
            from .web import read_web_page

            return read_web_page(path, raw, where)
        text, encoding = decode_text(raw, path, where)
        return SourceText("text", encoding, text_blocks(text))
    except BriefError:
        raise
    except RecursionError:
        raise SourceError(f"the {FORMAT_NAMES[kind]} {path.name} cannot be read: its structure "
                          "refers to itself, or nests too deep", where,
                          hint="open it and save a copy, or copy its text into a .txt file"
                          ) from None
    except Exception as exc:  # a library's own error on a file it cannot read
        raise SourceError(f"the {FORMAT_NAMES[kind]} {path.name} cannot be read "
                          f"({type(exc).__name__})", where,
                          hint="open it and save a copy, or copy its text into a .txt file"
                          ) from None


def decode_text(raw: bytes, path: Path, where: Where) -> tuple[str, str]:
    """Return the text of a text file and the encoding it was read with."""
    for bom, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    sample = raw[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        encoding = ("utf-16-le" if odd > len(sample) // 8 and even == 0 else
                    "utf-16-be" if even > len(sample) // 8 and odd == 0 else "")
        if encoding:
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
        raise SourceError(
            f"source file is binary, not text: {path}", where,
            hint="sources may be text (.txt, .md), HTML, PDF or Word (.docx) files")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return raw.decode("windows-1252"), "windows-1252"
    except UnicodeDecodeError:
        line = raw.count(b"\n", 0, first_bad) + 1
        column = first_bad - (raw.rfind(b"\n", 0, first_bad) + 1) + 1
        raise SourceError(
            f"cannot tell the encoding of {path.name}: byte 0x{raw[first_bad]:02x} at line "
            f"{line}, column {column} is neither UTF-8 nor Windows-1252", where,
            hint=f"save {path.name} as UTF-8 (in a text editor: Save As, Encoding: UTF-8)"
        ) from None


def text_blocks(text: str) -> tuple[Block, ...]:
    """Group the lines of a text into blocks.

    If the text has blank lines between its lines of text, a block is a run of lines
    between blank lines; otherwise every line is a block.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # Only blank lines between text count: not those at the start or end of the file.
    has_blank_lines = bool(filled) and any(
        not line.strip() for line in lines[filled[0]:filled[-1]])
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = []
            continue
        if has_blank_lines and current:
            current.append(line)
        else:
            current = [line]
            blocks.append((number, current))
    return tuple(Block("\n".join(block), line=number) for number, block in blocks)


def _read_pdf(path: Path, raw: bytes, where: Where) -> SourceText:
    """Paragraphs of a PDF from its layout (see `pdf`), and its metadata."""
    _limit_pdf_inflation()
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    from .pdf import read_pdf_blocks

    try:
        # A real PDF unpacks to a few times its size; one that unpacks to far more is a
        # trap (a page of millions of drawing operators): 40 times, 4 MB at least, unless
        # BRIEF_MAX_UNPACKED_SIZE says otherwise.
        chosen = os.environ.get(LIMITS["unpacked"].variable)
        _INFLATE.allow(limit("unpacked") if chosen else
                       min(limit("unpacked"), max(4 * MB, 40 * len(raw))))
        blocks, notes = read_pdf_blocks(raw)
        info = PDFDocument(PDFParser(io.BytesIO(raw))).info
    except _Inflated:
        raise SourceError(
            f"the PDF {path.name} ({size_text(len(raw))}) unpacks to more than "
            f"{size_text(_INFLATE.allowed)}: more than a real PDF of its size needs",
            where, hint=f"if the file is what you mean, allow it with "
            f"{LIMITS['unpacked'].variable}=1GB (for example)") from None
    except (PDFSyntaxError, PDFPasswordIncorrect, ValueError, KeyError) as exc:
        raise SourceError(f"the PDF {path} cannot be read: {exc}", where,
                          hint="if it is protected, save an unprotected copy") from None
    finally:
        _INFLATE.allow(None)
    if not blocks:
        raise SourceError(f"the PDF {path} has no text (is it a scan?)", where,
                          hint="run it through OCR, or copy its text into a .txt file")
    return SourceText("pdf", None, tuple(blocks), _pdf_metadata(info[0] if info else {}),
                      notes=tuple(notes))


def _pdf_metadata(info: dict[str, object]) -> FileMetadata:
    from pdfminer.utils import decode_text as decode_pdf_text

    def value(name: str) -> str | None:
        raw = info.get(name)
        if hasattr(raw, "resolve"):
            raw = raw.resolve()
        if isinstance(raw, bytes):
            text = decode_pdf_text(raw).strip()
            return text or None
        return raw.strip() or None if isinstance(raw, str) else None

    date = value("CreationDate")
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", date or "")
    if match:
        date = "-".join(p for p in match.groups() if p)
    author = value("Author")
    authors = split_authors(author, commas=True)
    return FileMetadata(title=value("Title"), authors=authors, date=date)


class _Inflated(Exception):
    """A PDF unpacked to more than it is allowed."""


class _InflationLimit:
    """Stands in for `zlib` inside pdfminer (which inflates a stream whole, however large
    it grows): inflates as zlib does, but no more than a PDF is allowed in all, while
    `allowed` is set. `allow(None)` lifts the limit once the PDF is read."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    def __init__(self) -> None:
        self.allowed: int = 0
        self.remaining: int | None = None

    def allow(self, size: int | None) -> None:
        self.allowed, self.remaining = size or 0, size

    def _spend(self, size: int) -> None:
        if self.remaining is not None:
            self.remaining -= size
            if self.remaining < 0:
                raise _Inflated

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS,
                   bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        if self.remaining is None:
            return zlib.decompress(data, wbits, bufsize)
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, self.remaining + 1)
        self._spend(len(out))
        if not inflater.eof:  # as zlib.decompress says of a stream cut short
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated "
                             "stream")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        limit = self
        inflater = zlib.decompressobj(*args, **kwargs)

        class Counted:
            def decompress(self, data: bytes, max_length: int = 0) -> bytes:
                out = inflater.decompress(data, max_length)
                limit._spend(len(out))
                return out

            def __getattr__(self, name: str) -> Any:
                return getattr(inflater, name)

        return Counted()


_INFLATE = _InflationLimit()


def _limit_pdf_inflation() -> None:
    """Put `_INFLATE` in the place of zlib in pdfminer's stream decoding."""
    from pdfminer import pdftypes

    pdftypes.zlib = _INFLATE  # type: ignore[assignment]
