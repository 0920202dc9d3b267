"""Read a text file (.txt, .md): its encoding detected, its lines grouped into blocks.

The encoding: a byte-order mark (UTF-8, UTF-16), UTF-16 without one, UTF-8, then
Windows-1252.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError, Where
from .base import BYTE_ORDER_MARKS, Block, SourceText


def read_text(raw: bytes, path: Path, where: Where) -> SourceText:
    """The blocks of the text file `path`, whose bytes are `raw`."""
    text, encoding = decode_text(raw, path, where)
    return SourceText("text", encoding, text_blocks(text))


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
