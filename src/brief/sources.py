"""Stage 2: read source articles and number their paragraphs.

Paragraph numbering rules (documented in docs/spec.md, "How paragraphs are numbered"):

1. Line endings are normalised and a UTF-8 byte-order mark is dropped.
2. If the text has blank lines between its lines of text, a paragraph is a run of
   non-blank lines between blank lines (its lines joined with a space). Otherwise
   each line is a paragraph.
3. A paragraph split by a page break is joined again: when a paragraph ends
   without closing punctuation (its last character is a letter, digit, comma or
   hyphen) and the next begins with a lower-case letter, they are one paragraph,
   joined with a space, or with nothing after a hyphen (`visa-` + `free`).
4. Inline HTML tags such as `<u>…</u>` are removed; the words inside stay.
5. Paragraphs are numbered from 1 in file order. Every paragraph counts, headings
   and by-lines included, so the numbers are the ones `brief sources FILE` shows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefError, SourceError, Where, collect
from .spec import BriefingSpec, SourceSpec


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph: its text as shown, and the line it starts on."""

    number: int
    text: str
    line: int


@dataclass(frozen=True)
class Source:
    """A loaded source article: its spec entry, numbered paragraphs and fingerprint."""

    spec: SourceSpec
    path: Path
    paragraphs: tuple[Paragraph, ...]
    sha256: str

    @property
    def id(self) -> str:
        return self.spec.id

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_OPEN_END = re.compile(r"[\w,\-]\Z")
_LOWER_START = re.compile(r"\A[^\W\d_A-Z]")  # a letter that is not upper-case


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split source text into numbered paragraphs by the rules in this module's doc."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # Only blank lines between text count: not those at the start or end of the file.
    has_blank_lines = bool(filled) and any(
        not line.strip() for line in lines[filled[0]:filled[-1]])
    blocks: list[tuple[int, list[str]]] = []  # (first line number, lines)
    current: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = []
            continue
        if has_blank_lines and current:
            current.append(line.strip())
        else:
            current = [line.strip()]
            blocks.append((number, current))

    merged: list[tuple[int, str]] = []
    for first_line, block in blocks:
        body = _TAG.sub("", " ".join(block))
        body = re.sub(r"[ \t]{2,}", " ", body).strip()
        if not body:
            continue
        if merged and _OPEN_END.search(merged[-1][1]) and _LOWER_START.search(body):
            previous_line, previous = merged[-1]
            joiner = "" if previous.endswith("-") else " "
            merged[-1] = (previous_line, previous + joiner + body)
        else:
            merged.append((first_line, body))
    return tuple(Paragraph(i, body, line) for i, (line, body) in enumerate(merged, start=1))


def read_source_text(path: Path, where: Where) -> tuple[str, bytes]:
    """Read a source file as text; raise `SourceError` if it cannot be used."""
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
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            f"source file is binary, not text: {path}", where,
            hint="sources must be plain text (.txt or .md) saved as UTF-8")
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"source file is not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line}, "
            f"column {column} of {path.name} cannot be decoded", where,
            hint=f"save {path.name} with UTF-8 encoding (in a text editor: Save As, "
            "Encoding: UTF-8)") from None


def load_source(spec_entry: SourceSpec, folder: Path, where: Where) -> Source:
    """Load one source file named by the spec, relative to the spec's `folder`."""
    path = (folder / spec_entry.file).resolve()
    text, raw = read_source_text(path, where)
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise SourceError(f"source file has no text: {path}", where)
    return Source(spec_entry, path, paragraphs, hashlib.sha256(raw).hexdigest())


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
