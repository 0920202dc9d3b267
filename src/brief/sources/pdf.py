"""Read a PDF source: its paragraphs (see `pdf_layout`) and its metadata, with what it
may unpack to capped, so that a small file cannot make pdfminer inflate gigabytes."""

from __future__ import annotations

import io
import os
import re
import zlib
from pathlib import Path
from typing import Any

from ..errors import SourceError, Where
from ..files import LIMITS, MB, limit, size_text
from .base import FileMetadata, SourceText, split_authors
from .budgets import Spent, over_budget
from .pdf_layout import read_pdf_blocks


def read_pdf(path: Path, raw: bytes, where: Where) -> SourceText:
    """Paragraphs of a PDF from its layout (see `pdf`), and its metadata."""
    _limit_pdf_inflation()
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    try:
        # A real PDF unpacks to a few times its size; one that unpacks to far more is a
        # trap (a page of millions of drawing operators): 40 times, 4 MB at least, unless
        # BRIEF_MAX_UNPACKED_SIZE says otherwise.
        chosen = os.environ.get(LIMITS["unpacked"].variable)
        _INFLATE.allow(limit("unpacked") if chosen else
                       min(limit("unpacked"), max(4 * MB, 40 * len(raw))))
        blocks, notes = read_pdf_blocks(raw)
        info = PDFDocument(PDFParser(io.BytesIO(raw))).info
    except Spent as spent:
        raise over_budget(spent.kind, f"the PDF {path.name}", where, spent.found) from None
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
    unread = [note for note in notes if "no Unicode mapping" in note]
    if not blocks and unread:
        raise SourceError(f"the PDF {path} has no text that can be read: {unread[0]}",
                          where, hint="copy its text from a viewer that shows it into a "
                          ".txt file, or run the pages through OCR")
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
