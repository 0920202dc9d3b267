"""The finisher's care for PDF/A: no stream's data ends in a carriage return, the two
streams pydyf makes as it writes the file (object stream, cross-reference stream)
included, and the attached files are listed in the order of their names.

The PDFs here are pydyf's own, written as WeasyPrint writes them (`PDF.write` with an
object stream and a cross-reference stream, after the finisher), and checked by the
PDF/A validator page-validation and by pikepdf (qpdf)."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import page as page_validation
import pikepdf
import pydyf
import pytest

from brief.render.pdf.finish import finisher

STREAM_LENGTH = "PDFA3B-STREAM-LENGTH-001"  # page-validation's rule: data ends at /Length


def small_pdf(padding: int) -> pydyf.PDF:
    """A one-page PDF whose Info holds `padding` characters: they change the object
    stream's data, and so the offsets the cross-reference stream lists."""
    pdf = pydyf.PDF()
    content = pydyf.Stream([b"0 0 m 10 10 l S"], compress=True)
    pdf.add_object(content)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference,
                                   "MediaBox": pydyf.Array([0, 0, 100, 100]),
                                   "Contents": content.reference,
                                   "Resources": pydyf.Dictionary()}))
    pdf.info["Producer"] = pydyf.String(noise(padding))
    return pdf


def noise(length: int) -> str:
    """`length` characters that compress badly."""
    return "".join(hashlib.sha256(str(n).encode()).hexdigest()
                   for n in range(length // 64 + 1))[:length]


def written(pdf: pydyf.PDF) -> bytes:
    output = io.BytesIO()
    pdf.write(output, b"1.7", True, True)  # as WeasyPrint calls it
    return output.getvalue()


def streams(raw: bytes) -> dict[str, bytes]:
    """Each stream's data, by /Type (or object number), as its /Length delimits it."""
    found = {}
    for match in re.finditer(rb"(\d+) 0 obj\n<<(.*?)>>\nstream\n", raw, re.DOTALL):
        length = int(re.search(rb"/Length (\d+)", match[2])[1])
        data = raw[match.end():match.end() + length]
        assert raw[match.end() + length:].startswith(b"\nendstream")
        kind = re.search(rb"/Type /(\w+)", match[2])
        found[(kind[1] if kind else match[1]).decode()] = data
    return found


def padding_ending_in_cr(kind: str) -> int:
    """A padding that makes pydyf's `kind` stream end in CR when nothing intervenes."""
    return next(n for n in range(5000) if streams(written(small_pdf(n)))[kind].endswith(b"\r"))


def stream_length_failures(raw: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "written.pdf"
    path.write_bytes(raw)
    report = page_validation.validate_pdf(path, profile="3b")
    return [f.rule_id for f in report.failures if f.rule_id == STREAM_LENGTH]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ObjStm", "XRef"])
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_streams_pydyf_writes_after_the_finisher_never_end_in_cr(kind, variant, tmp_path):
    padding = padding_ending_in_cr(kind)
    # Written as it comes, the stream's data ends in CR, which the validator rejects.
    assert stream_length_failures(written(small_pdf(padding)), tmp_path) == [STREAM_LENGTH]

    pdf = small_pdf(padding)
    finisher(variant)(None, pdf)
    raw = written(pdf)
    assert not [kind for kind, data in streams(raw).items() if data.endswith(b"\r")]
    assert stream_length_failures(raw, tmp_path) == []
    with pikepdf.open(io.BytesIO(raw)) as read:
        assert read.check_pdf_syntax() == []
        assert read.pages[0].Contents.read_bytes() == b"0 0 m 10 10 l S"
        assert str(read.trailer.Info.Producer) == noise(padding)
        assert read.trailer.Size == len(pdf.objects)


def test_attached_files_are_listed_in_the_order_of_their_names():
    pdf = small_pdf(0)
    files = pydyf.Array()
    for name in ("spec.yaml", "manifest.json", "Appendix.pdf", "notes.md"):
        filespec = pydyf.Dictionary({"Type": "/Filespec", "F": pydyf.String(name.encode()),
                                     "UF": pydyf.String(name)})
        pdf.add_object(filespec)
        files.extend([filespec["F"], filespec.reference])
    tree = pydyf.Dictionary({"Names": files})
    pdf.add_object(tree)
    pdf.catalog["Names"] = pydyf.Dictionary({"EmbeddedFiles": tree.reference})
    finisher("pdf/a-3b")(None, pdf)
    with pikepdf.open(io.BytesIO(written(pdf))) as read:
        assert read.check_pdf_syntax() == []  # qpdf checks a name tree's order
        assert list(read.attachments) == ["Appendix.pdf", "manifest.json", "notes.md",
                                          "spec.yaml"]


def test_the_finisher_compresses_each_stream_once_at_its_level():
    """The page contents are compressed by the finisher at zlib's level 6 (a quarter of
    level 9's time, docs/performance.md), not again by pydyf, and read back as drawn."""
    import zlib

    from brief.render.pdf.finish import LEVEL

    drawing = b"\n".join(b"%d %d m %d %d l S" % (n, n, n + 5, n * 2) for n in range(400))
    pdf = small_pdf(10)
    content = next(o for o in pdf.objects if isinstance(o, pydyf.Stream))  # the page's
    content.stream = [drawing]
    finisher("pdf/ua-1")(None, pdf)
    assert LEVEL == 6 and not content.compress
    assert content.stream == [zlib.compress(drawing, LEVEL)] != [zlib.compress(drawing, 9)]
    with pikepdf.open(io.BytesIO(written(pdf))) as read:
        assert read.pages[0].Contents.read_bytes() == drawing
