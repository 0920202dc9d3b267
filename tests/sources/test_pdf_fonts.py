"""A PDF whose ToUnicode map gives a ligature glyph as its last letter only (`irst` for
"first", `he` for "The", as a real report's font does) reads as the page shows it, from
the font's own encoding (sources/pdf_fonts.py). The PDF is written by hand: Helvetica,
its glyphs 28 and 29 named `fi` and `ff` in its encoding."""

from __future__ import annotations

from attacks import pdf_file
from brief.sources import load_source_file

CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Broken def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
%(count)d beginbfchar
%(pairs)s
endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


def pdf(text: bytes, cmap: dict[int, str]) -> bytes:
    """A one-page PDF showing `text` (bytes of the font's codes) in Helvetica, glyph 28
    named `fi` and 29 `ff`, with a ToUnicode map of `cmap` (code: text)."""
    pairs = b"\n".join(b"<%02X> <%s>" % (code, value.encode("utf-16-be").hex().encode())
                       for code, value in sorted(cmap.items()))
    tounicode = CMAP % {b"count": len(cmap), b"pairs": pairs}
    content = b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [28 /fi /ff] >> /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tounicode), tounicode),
    ]
    return pdf_file(objects)


LETTERS = {code: chr(code) for code in range(32, 127)}


def test_a_ligature_that_the_text_layer_gives_as_its_last_letter_reads_whole(tmp_path):
    path = tmp_path / "ligatures.pdf"
    path.write_bytes(pdf(b"The \x1crst di\x1derences", {**LETTERS, 28: "i", 29: "f"}))
    assert [p.text for p in load_source_file(path).paragraphs] == ["The first differences"]


def test_a_right_map_is_kept(tmp_path):
    """A ToUnicode map that gives the ligature whole, or something else altogether, is
    left as it is."""
    path = tmp_path / "ligatures.pdf"
    path.write_bytes(pdf(b"\x1crst \x1d", {**LETTERS, 28: "fi", 29: "x"}))
    assert [p.text for p in load_source_file(path).paragraphs] == ["first x"]


def test_glyphs_that_cannot_be_read_are_said_with_their_pages(tmp_path):
    """A glyph that neither the ToUnicode map nor the encoding names is left out of the
    words (pdfminer's `(cid:N)` is no word), and the source's warning says on which
    page."""
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(pdf(b"The \x81\x81 rate", LETTERS))
    source = load_source_file(path)
    assert [p.text for p in source.paragraphs] == ["The rate"]
    assert source.notes == (
        "2 glyphs of the PDF (on page 1) have no Unicode mapping, in the font's program "
        "either, and are left out of the words: words with them cannot be quoted as "
        "printed",)


def cff_font() -> bytes:
    """A CFF font program (what a PDF embeds as FontFile3) with its own encoding: codes
    1 to 4 its glyphs `H`, `e`, `minus` and `C3` (a name that says nothing)."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    names = [".notdef", "space", "H", "e", "minus", "C3"]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    strings = {}
    for name in names:
        pen = T2CharStringPen(500, None)
        pen.moveTo((0, 0))
        pen.lineTo((400, 0))
        pen.lineTo((400, 600))
        pen.closePath()
        strings[name] = pen.getCharString()
    builder.setupCFF("Test", {"FullName": "Test"}, strings, {})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    cff = builder.font["CFF "].cff
    encoding = [".notdef"] * 256
    for code, name in ((1, "H"), (2, "e"), (3, "minus"), (4, "C3"), (32, "space")):
        encoding[code] = name
    cff[cff.fontNames[0]].Encoding = encoding
    out = io.BytesIO()
    cff.compile(out, builder.font)
    return out.getvalue()


def embedded(text: bytes, cid: bool = False) -> bytes:
    """A one-page PDF showing `text` in the font of `cff_font`, embedded, with neither an
    encoding nor a ToUnicode map in the PDF (as some typesetters write math fonts); with
    `cid`, as a CID font (Identity-H: two bytes a glyph, its index in the font)."""
    program = cff_font()
    content = b"BT /F1 12 Tf 72 700 Td <" + text.hex().encode() + b"> Tj ET"
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H "
            b"/DescendantFonts [8 0 R] >>") if cid else (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Test /FirstChar 1 /LastChar 32 "
        b"/Widths [%s] /FontDescriptor 6 0 R >>" % b" ".join([b"500"] * 32))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font,
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 4 /FontBBox [0 0 500 600] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 600 /StemV 80 "
        b"/FontFile3 7 0 R >>",
        b"<< /Subtype /%s /Length %d >>\nstream\n%s\nendstream" % (
            b"CIDFontType0C" if cid else b"Type1C", len(program), program),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /ABCDEF+Test /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R "
        b"/DW 500 >>",
    ]
    return pdf_file(objects)


def test_glyphs_without_a_unicode_map_read_from_the_fonts_own_names(tmp_path):
    """A font with no Unicode map in the PDF reads from its embedded program's encoding
    and glyph names (`minus` is `−`); a glyph whose name says nothing (`C3`) is left out
    of the words, and the warning says on which page."""
    path = tmp_path / "math.pdf"
    path.write_bytes(embedded(b"\x01\x02 \x03 \x04\x01"))
    source = load_source_file(path)
    assert [p.text for p in source.paragraphs] == ["He \u2212 H"]
    assert source.notes == (
        "1 glyph of the PDF (on page 1) has no Unicode mapping, in the font's program "
        "either, and are left out of the words: words with them cannot be quoted as "
        "printed",)


def test_a_pdf_whose_glyphs_cannot_be_read_at_all_says_so(tmp_path):
    """A PDF all of whose glyphs have no Unicode mapping anywhere is not called a scan."""
    import pytest

    from brief.errors import SourceError

    path = tmp_path / "unread.pdf"
    path.write_bytes(embedded(b"\x04\x04"))
    with pytest.raises(SourceError) as raised:
        load_source_file(path)
    assert raised.value.message == (
        f"the PDF {path} has no text that can be read: 2 glyphs of the PDF (on page 1) "
        "have no Unicode mapping, in the font's program either, and are left out of the "
        "words: words with them cannot be quoted as printed")


def test_a_cid_fonts_glyphs_read_from_the_fonts_own_names(tmp_path):
    """The same for a CID font whose codes are its glyphs' indexes (Identity-H): glyph 2
    is `H`, 3 `e`, 4 `minus`, 5 `C3` (unread), 1 a space."""
    path = tmp_path / "cid.pdf"
    path.write_bytes(embedded(bytes([0, 2, 0, 3, 0, 1, 0, 4, 0, 1, 0, 5, 0, 2]), cid=True))
    source = load_source_file(path)
    assert [p.text for p in source.paragraphs] == ["He \u2212 H"]
    assert len(source.notes) == 1 and source.notes[0].startswith(
        "1 glyph of the PDF (on page 1) has no Unicode mapping")


def truetype_font() -> bytes:
    """A TrueType symbol font (a (3,0) cmap, codes 0xF001 on) whose codes 1 to 4 are the
    glyphs `H`, `e`, `minus` and `C3`, as `cff_font`'s."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

    names = [".notdef", "space", "H", "e", "minus", "C3"]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((0, 0))
        pen.lineTo((400, 0))
        pen.lineTo((400, 600))
        pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupPost(keepGlyphNames=True)
    builder.setupMaxp()
    symbol = cmap_format_4(4)
    symbol.platformID, symbol.platEncID, symbol.language = 3, 0, 0
    symbol.cmap = {0xF000 + code: name for code, name in
                   ((1, "H"), (2, "e"), (3, "minus"), (4, "C3"), (32, "space"))}
    builder.font["cmap"].tables = [symbol]
    out = io.BytesIO()
    builder.font.save(out)
    return out.getvalue()


def test_a_truetype_fonts_glyphs_read_from_its_own_names(tmp_path):
    """The same for an embedded TrueType font: its cmap gives each code's glyph, whose
    name (in its `post` table) says what it is."""
    program = truetype_font()
    pdf = embedded(b"\x01\x02 \x03 \x04\x01")
    pdf = pdf.replace(b"/Subtype /Type1 /BaseFont", b"/Subtype /TrueType /BaseFont")
    pdf = pdf.replace(b"/FontFile3 7 0 R", b"/FontFile2 9 0 R")
    # a ninth object, the font program, before the cross-reference table
    xref = pdf.index(b"xref\n")
    ninth = b"9 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        len(program), program)
    head = pdf[:xref] + ninth
    offsets = [head.index(b"%d 0 obj\n" % number) for number in range(1, 10)]
    out = head + b"xref\n0 10\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 10 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(head)
    path = tmp_path / "truetype.pdf"
    path.write_bytes(out)
    source = load_source_file(path)
    assert [p.text for p in source.paragraphs] == ["He \u2212 H"]
    assert len(source.notes) == 1 and source.notes[0].startswith(
        "1 glyph of the PDF (on page 1) has no Unicode mapping")
