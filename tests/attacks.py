"""Hostile inputs, as an attacker would send them: each maker writes its files into a
folder and returns the spec that uses them. Shared by the tests and bench/bombs.py.

The compressed bombs are built without compressing gigabytes: a deflate stream of
repeated, fully flushed blocks of zeros expands to any size, and costs a few KB a GB.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024

SPEC = """title: A memo
sources:
  src: {{file: {file}, title: The source}}
bluf: The bottom line.
sections:
  - title: Risks
    kind: risks
    points:
      - text: A risk.
        passages: [{{source: src, paragraph: 1}}]
"""


def spec_for(folder: Path, source: str) -> Path:
    """A valid spec citing paragraph 1 of `source`."""
    spec = folder / "memo.yaml"
    spec.write_text(SPEC.format(file=source), encoding="utf-8")
    return spec


def deflate_bomb(size: int, *, wrapper: bool) -> bytes:
    """A deflate stream (zlib-wrapped if `wrapper`) of `size` bytes of zeros, made of one
    fully flushed block of a megabyte repeated: a few KB for a GB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # a final, empty block
    body = block * (size // MB) + tail
    if not wrapper:
        return body
    checksum = 1
    for _ in range(size // MB):
        checksum = zlib.adler32(bytes(MB), checksum)
    return b"\x78\xda" + body + struct.pack(">I", checksum)


# --- YAML ---------------------------------------------------------------------------------

def yaml_alias_bomb(folder: Path) -> Path:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[index]
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    spec = folder / "memo.yaml"
    spec.write_text("title: Lol\nbluf: x\nsources: {}\nsections: []\nextra:\n"
                    + "".join(f"  {line}\n" for line in lines), encoding="utf-8")
    return spec


def yaml_deep_nesting(folder: Path) -> Path:
    spec = folder / "memo.yaml"
    spec.write_text("title: Deep\nbluf: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    return spec


def yaml_recursive_alias(folder: Path) -> Path:
    spec = folder / "memo.yaml"
    spec.write_text("title: Loop\nbluf: x\nsources: {}\nsections:\n"
                    "  - {title: R, kind: &r [*r]}\n", encoding="utf-8")
    return spec


def spec_too_large(folder: Path) -> Path:
    spec = folder / "memo.yaml"
    spec.write_text("title: Big\nbluf: |\n" + "  words and more words\n" * 100_000,
                    encoding="utf-8")
    return spec


def brackets(folder: Path) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = spec_for(folder, "sources/a.txt")
    text = spec.read_text(encoding="utf-8").replace("bluf: The bottom line.",
                                                    "bluf: '" + "[" * 20_000 + "'")
    spec.write_text(text, encoding="utf-8")
    return spec


def largest_spec(folder: Path) -> Path:
    """A spec just under the 1 MB limit, dense with Markdown: 1,834 points, each citing a
    passage (not an attack: the most a spec may hold, which must still check quickly)."""
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = spec_for(folder, "sources/a.txt")
    line = ("**Bold words** and *emphasis* with a [link](https://example.org/x) and "
            "`code` — ") * 6
    point = f"      - text: '{line}'\n        passages: [{{source: src, paragraph: 1}}]\n"
    one = "      - text: A risk.\n        passages: [{source: src, paragraph: 1}]\n"
    text = spec.read_text(encoding="utf-8")
    count = (MB - len(text)) // len(point.encode("utf-8"))
    spec.write_text(text.replace(one, point * count), encoding="utf-8")
    return spec


# --- Word ---------------------------------------------------------------------------------

def _zip(entries: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip file of raw deflated entries: name -> (deflated data, crc, size it claims)."""
    out, central = bytearray(), bytearray()
    for name, (data, crc, size) in entries.items():
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size,
                           len(encoded), 0) + encoded + data
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc,
                               len(data), size, len(encoded), 0, 0, 0, 0, 0,
                               offset) + encoded
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(central), len(out), 0)
    return bytes(out + central + end)


def _plain_part(text: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(text) + compressor.flush(), zlib.crc32(text), len(text)


CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="rels" ContentType="'
                 b'application/vnd.openxmlformats-package.relationships+xml"/><Override '
                 b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats'
                 b'-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>')


def docx_zip_bomb(folder: Path, size: int = 2048 * MB, *, honest: bool = True) -> Path:
    """A .docx whose document part inflates to `size` bytes; the zip says so (`honest`),
    or claims a few hundred bytes."""
    bomb = deflate_bomb(size, wrapper=False)
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(bytes(MB), crc)
    entries = {"[Content_Types].xml": _plain_part(CONTENT_TYPES),
               "_rels/.rels": _plain_part(RELS),
               "word/document.xml": (bomb, crc, size if honest else 300)}
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "bomb.docx").write_bytes(_zip(entries))
    return spec_for(folder, "sources/bomb.docx")


def docx_lying_zip_bomb(folder: Path) -> Path:
    return docx_zip_bomb(folder, honest=False)


# --- PDF ----------------------------------------------------------------------------------

def _pdf(content: bytes, filters: str = "/Filter /FlateDecode", length: str | None = None
         ) -> bytes:
    """A one-page PDF whose page draws `content` (with its cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        (f"<< {length or f'/Length {len(content)}'} {filters} >>\nstream\n").encode()
        + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def pdf_flate_bomb(folder: Path) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "bomb.pdf").write_bytes(_pdf(deflate_bomb(1024 * MB, wrapper=True)))
    return spec_for(folder, "sources/bomb.pdf")


def pdf_operator_bomb(folder: Path) -> Path:
    operators = b"BT /F1 1 Tf 10 10 Td " + b"(a) Tj " * 2_000_000 + b"ET"
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "bomb.pdf").write_bytes(_pdf(zlib.compress(operators, 9)))
    return spec_for(folder, "sources/bomb.pdf")


def pdf_padded(folder: Path) -> Path:
    """A real page, its drawing padded with 5 MB of spaces: no bomb, but a PDF of 5 KB
    that unpacks to far more than a real one of its size, for a raised limit to let in."""
    content = b"BT /F1 12 Tf 72 720 Td (A padded page says hello.) Tj ET" + b" " * (5 * MB)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "padded.pdf").write_bytes(_pdf(zlib.compress(content, 9)))
    return spec_for(folder, "sources/padded.pdf")


def pdf_self_length(folder: Path) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    (folder / "sources" / "loop.pdf").write_bytes(_pdf(content, filters="",
                                                       length="/Length 4 0 R"))
    return spec_for(folder, "sources/loop.pdf")


# --- Files that are not files -------------------------------------------------------------

def dev_zero(folder: Path) -> Path:
    return spec_for(folder, "/dev/zero")


def fifo(folder: Path) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    os.mkfifo(folder / "sources" / "pipe.txt")
    return spec_for(folder, "sources/pipe.txt")


def huge_text(folder: Path) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    with open(folder / "sources" / "huge.txt", "wb") as stream:  # sparse: no disk used
        stream.truncate(2048 * MB)
    return spec_for(folder, "sources/huge.txt")


BOMBS: dict[str, Callable[[Path], Path]] = {
    "yaml alias bomb": yaml_alias_bomb, "yaml deep nesting": yaml_deep_nesting,
    "yaml recursive alias": yaml_recursive_alias, "spec of 2 MB": spec_too_large,
    "20,000 brackets": brackets, "spec of 1 MB (allowed)": largest_spec,
    "docx zip bomb": docx_zip_bomb,
    "docx lying zip bomb": docx_lying_zip_bomb, "pdf 1 GB stream": pdf_flate_bomb,
    "pdf 2M operators": pdf_operator_bomb, "pdf /Length loop": pdf_self_length,
    "/dev/zero": dev_zero, "fifo": fifo, "2 GB text source": huge_text,
}


# --- Bombs under the size limits (issue 29): what costs is counted, not bytes ------------

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _repeated_part(head: bytes, unit: bytes, count: int, tail: bytes
                   ) -> tuple[bytes, int, int]:
    """A deflated part of `head`, `unit` `count` times and `tail`, made a block at a time
    (its whole never held in memory): the deflated data, its CRC and its size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    per_block = max(1, MB // len(unit))
    block = unit * per_block
    pieces = [head, *[block] * (count // per_block), unit * (count % per_block), tail]
    for piece in pieces:
        out.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    out.append(compressor.flush())
    return b"".join(out), crc, size


def _word_source(folder: Path, unit: bytes, count: int, *, first: bytes = b"",
                 last: bytes = b"") -> Path:
    """A .docx source (sources/bomb.docx) whose body is `first`, then `unit` `count`
    times, then `last`."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD_NS}">'
            "<w:body>").encode() + first
    entries = {"[Content_Types].xml": _plain_part(CONTENT_TYPES),
               "_rels/.rels": _plain_part(RELS),
               "word/document.xml": _repeated_part(head, unit, count,
                                                   last + b"</w:body></w:document>")}
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "bomb.docx").write_bytes(_zip(entries))
    return spec_for(folder, "sources/bomb.docx")


def docx_paragraph_bomb(folder: Path, paragraphs: int = 6_100_000) -> Path:
    """A .docx of 0.6 MB whose document.xml unpacks to 199 MB (under the 200 MB limit):
    6.1 million one-letter paragraphs."""
    return _word_source(folder, b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", paragraphs)


def docx_run_bomb(folder: Path, runs: int = 8_000_000) -> Path:
    """A .docx of two paragraphs, a real one and one of 8 million one-letter runs: few
    paragraphs, 24 million XML elements, 190 MB unpacked."""
    return _word_source(folder, b"<w:r><w:t>a</w:t></w:r>", runs,
                        first=b"<w:p><w:r><w:t>The first paragraph.</w:t></w:r></w:p><w:p>",
                        last=b"</w:p>")


def docx_text_bomb(folder: Path, paragraphs: int = 21) -> Path:
    """A .docx of 21 paragraphs of 9 MB of text each: 190 MB unpacked, few elements."""
    return _word_source(folder, b"<w:p><w:r><w:t>" + b"word " * (9 * MB // 5)
                        + b"</w:t></w:r></w:p>", paragraphs)


def _pdf_pages(content: bytes, pages: int, filters: str = "/Filter /FlateDecode") -> bytes:
    """A PDF of `pages` pages, each drawing the same `content`."""
    first_page = 4
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               (f"<< /Type /Pages /Kids [{' '.join(f'{first_page + n} 0 R' for n in range(pages))}]"
                f" /Count {pages} >>").encode(),
               (f"<< /Length {len(content)} {filters} >>\nstream\n").encode() + content
               + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first_page + pages)] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def _text_operators(size: int) -> bytes:
    """`size` bytes (about) of one-letter text operators, `(a) Tj ` and, one in five,
    `(b) Tj `: it deflates 33 times, within what a PDF may unpack to."""
    import random

    chooser = random.Random(29)
    block = b"".join(b"(b) Tj " if chooser.random() < 0.2 else b"(a) Tj "
                     for _ in range(MB // 7))
    return b"BT /F1 1 Tf 10 10 Td " + block * (size // len(block)) + b"ET"


def _pdf_source(folder: Path, data: bytes, name: str = "bomb.pdf") -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / name).write_bytes(data)
    return spec_for(folder, f"sources/{name}")


def pdf_text_bomb(folder: Path, size: int = 190 * MB) -> Path:
    """A PDF of 5.8 MB (for 190 MB) whose one page's content stream, deflated 33 times
    (under the 40 times a PDF may unpack to), holds `size` bytes of text operators."""
    compressor = zlib.compressobj(6)
    operators = _text_operators(size)
    content = compressor.compress(operators) + compressor.flush()
    return _pdf_source(folder, _pdf(content))


def pdf_plain_text_bomb(folder: Path, size: int = 43 * MB) -> Path:
    """The same, not compressed: a PDF of 45 MB (under the 50 MB a source may be)."""
    return _pdf_source(folder, _pdf(_text_operators(size), filters=""))


def pdf_drawing_bomb(folder: Path, operations: int = 3_000_000) -> Path:
    """A page of a line of text and `operations` drawing operators and operands
    (`x y m`, at random places), not compressed: each costs pdfminer's parser time, none
    lays out a character."""
    import random

    chooser = random.Random(29)
    content = b"BT /F1 12 Tf 72 720 Td (A page says hello.) Tj ET " + b"".join(
        b"%d %d m " % (chooser.randrange(1000), chooser.randrange(1000))
        for _ in range(operations // 3))
    return _pdf_source(folder, _pdf(content, filters=""))


def pdf_scattered_text(folder: Path, letters: int = 3_000) -> Path:
    """A page of `letters` letters, each set on its own at a random place: as many
    blocks of text, which pdfminer orders in time and memory as their number squared."""
    import random

    chooser = random.Random(29)
    content = b"BT /F1 4 Tf " + b"".join(
        b"1 0 0 1 %d %d Tm (a) Tj " % (chooser.randrange(590), chooser.randrange(840))
        for _ in range(letters)) + b"ET"
    return _pdf_source(folder, _pdf(zlib.compress(content, 6)))


def pdf_many_pages(folder: Path, pages: int = 6_000, blocks: int = 1) -> Path:
    """A PDF of `pages` pages, each with a line of text and `blocks` - 1 more lines far
    below it (one content stream for all)."""
    content = (b"BT /F1 12 Tf 72 720 Td (A page of many says hello.) Tj"
               + b" 0 -200 Td (A block below.) Tj" * (blocks - 1) + b" ET")
    return _pdf_source(folder, _pdf_pages(content, pages, filters=""))


BOMBS.update({
    "docx 6.1M paragraphs": docx_paragraph_bomb, "docx 8M runs in 1 ¶": docx_run_bomb,
    "docx 190 MB of text": docx_text_bomb, "pdf 190 MB text stream": pdf_text_bomb,
    "pdf 45 MB plain text": pdf_plain_text_bomb, "pdf 3M drawing ops": pdf_drawing_bomb,
    "pdf 3,000 scattered ¶": pdf_scattered_text, "pdf 6,000 pages": pdf_many_pages,
})
