"""A PDF whose ToUnicode map gives a ligature glyph as its last letter only (`irst` for
"first", `he` for "The", as a real report's font does) reads as the page shows it, from
the font's own encoding (sources/pdf_fonts.py). The PDF is written by hand: Helvetica,
its glyphs 28 and 29 named `fi` and `ff` in its encoding."""

from __future__ import annotations

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
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


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
    """A glyph that neither the ToUnicode map nor the encoding names shows as (cid:N),
    and the source's warning says on which page."""
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(pdf(b"The \x81\x81 rate", LETTERS))
    source = load_source_file(path)
    assert source.notes == (
        "2 glyphs of the PDF (on page 1) have no Unicode mapping and show as (cid:N): "
        "words with them cannot be quoted as printed",)
