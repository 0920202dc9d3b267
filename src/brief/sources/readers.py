"""Read source files of every form analysts save: text, Markdown, HTML, PDF, Word.

This module only chooses the reader: each format has a module of its own (`text`, `web`,
`pdf`, `word`), and each returns a `SourceText` (see `base`): raw blocks of text (each with
the line or page it came from) and whatever metadata the file itself carries. `paragraphs`
turns blocks into numbered paragraphs the same way for every format.

The format is chosen by content first (`%PDF-`, a Word package, Word 2003 XML, a Word
97-2003 or RTF file, an OpenDocument text, an HTML document), then by extension. Word
97-2003, RTF and OpenDocument files are converted to .docx by LibreOffice (`libreoffice`)
and read as Word files.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

from ..errors import BriefError, SourceError, Where
from .base import FORMAT_NAMES, SourceText
from .libreoffice import KINDS, convert_to_docx
from .pdf import read_pdf
from .text import read_text
from .web import read_web_page
from .word import read_word

FORMATS = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html",
           ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx", ".docm": "docx",
           ".dotx": "docx", ".dotm": "docx", ".doc": "doc", ".dot": "doc", ".rtf": "rtf",
           ".odt": "odt"}
# A Word 97-2003 document is an OLE2 compound file.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_2003 = b"schemas.microsoft.com/office/word/2003/wordml"


def detect_format(path: Path, raw: bytes) -> str:
    """Return text, html, pdf or docx (a Word package of any flavour, or Word 2003 XML),
    or doc, rtf or odt (read through LibreOffice), from the content first and then the
    extension."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as package:
                names = set(package.namelist())
                if "word/document.xml" in names or (
                        "_rels/.rels" in names and any(n.startswith("word/") for n in names)):
                    return "docx"
                if "mimetype" in names and package.getinfo("mimetype").file_size < 100 and \
                        package.read("mimetype") == b"application/vnd.oasis.opendocument.text":
                    return "odt"
        except zipfile.BadZipFile:
            pass
    if raw.startswith(_OLE2) and (path.suffix.lower() in (".doc", ".dot")
                                  or "WordDocument".encode("utf-16-le") in raw):
        return "doc"
    if raw.startswith(b"{\\rtf"):
        return "rtf"
    head = raw[:2048].lstrip(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith(b"<?xml") and _WORD_2003 in head and b"worddocument" in head:
        return "docx"
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
            return read_pdf(path, raw, where)
        if kind == "docx":
            return read_word(path, raw, where)
        if kind in KINDS:
            return read_word(path, convert_to_docx(path, raw, kind, where), where)
        if kind == "html":
            return read_web_page(path, raw, where)
        return read_text(raw, path, where)
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
