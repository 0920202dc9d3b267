"""The last touches to a PDF before WeasyPrint writes it (its `finisher`).

- The XMP metadata is left uncompressed, as PDF/A asks (a reader of the file can find it
  without inflating anything).
- A PDF/A file says that it meets PDF/UA-1 too (pdfuaid:part, with the extension schema
  PDF/A asks for any property outside its predefined schemas).
- Every stream that pydyf would compress is compressed here, at zlib's level 6 (`LEVEL`),
  not by pydyf at level 9.
- No stream's data ends in a carriage return. WeasyPrint writes "\\nendstream" after
  the data; data that ends in CR (compressed data does, by chance, one stream in 256)
  then reads as ending in a CR LF end of line, one byte short of its /Length, which
  PDF/A validators reject. Such a stream is written in hexadecimal (ASCIIHexDecode).
  pydyf makes two more streams as it writes the file, after the finisher: the object
  stream that holds the PDF's dictionaries and the cross-reference stream. They are
  checked the same way as pydyf adds them; a cross-reference stream is then written
  uncompressed, as its data ends in its own entry's generation number, 0.
- The attached files are listed in the order of their names, as a name tree must be
  (WeasyPrint lists them in the order given: the spec, then the manifest).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

_PDFUA_ID = b"""<rdf:Description xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#" rdf:about="">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about=""
 pdfuaid:part="1"/>
"""


# zlib's level for every stream brief compresses (pydyf's own is 9). Level 6, zlib's
# default, makes the example's PDF 2 % larger in a quarter of the time: its page
# contents took 2 ms a page at level 9 (docs/performance.md, "Last targets").
LEVEL = 6


def finisher(variant: str) -> Callable[[Any, Any], None]:
    """The finisher for a PDF of `variant` ('pdf/ua-1' or 'pdf/a-3b')."""

    def finish(document: Any, pdf: Any) -> None:
        metadata = _metadata_stream(pdf)
        if metadata is not None:
            metadata.compress = False
            if variant.startswith("pdf/a"):
                xmp = b"".join(metadata.stream)
                end = xmp.rindex(b"</rdf:RDF>")
                metadata.stream = [xmp[:end] + _PDFUA_ID + xmp[end:]]
        for pdf_object in pdf.objects:
            _no_trailing_cr(pdf_object)
            if variant.startswith("pdf/a"):
                _no_interpolation(pdf_object)
        _sort_attachments(pdf)
        _check_streams_written_later(pdf)

    return finish


def _check_streams_written_later(pdf: Any) -> None:
    """Make `pdf` check the streams pydyf adds as it writes the file (WeasyPrint calls
    `pdf.write` after the finisher): its object stream and cross-reference stream."""
    add_object = pdf.add_object

    def add_checked(pdf_object: Any) -> None:
        _no_trailing_cr(pdf_object)
        add_object(pdf_object)

    pdf.add_object = add_checked


def _sort_attachments(pdf: Any) -> None:
    reference = pdf.catalog.get("Names", {}).get("EmbeddedFiles")
    if reference is None:
        return
    names = pdf.objects[int(reference.split()[0])]["Names"]
    pairs = sorted(zip(names[::2], names[1::2], strict=True),
                   key=lambda pair: _string_bytes(pair[0]))
    names[:] = [item for pair in pairs for item in pair]


def _string_bytes(string: Any) -> bytes:
    """The bytes of a pydyf String, as it writes them and a PDF reader compares them."""
    value = string.string  # WeasyPrint gives a file name as UTF-8 bytes
    if isinstance(value, bytes):
        return value
    try:
        return str(value).encode("ascii")
    except UnicodeEncodeError:
        return b"\xfe\xff" + str(value).encode("utf-16-be")


def _metadata_stream(pdf: Any) -> Any:
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return None
    return pdf.objects[int(reference.split()[0])]  # pydyf's b"<number> 0 R"


def _no_trailing_cr(pdf_object: Any) -> None:
    import pydyf

    if not isinstance(pdf_object, pydyf.Stream):
        return
    if not pdf_object.compress and "Filter" in pdf_object.extra:
        return  # already encoded (an image): its data is left as it is
    data = b"\n".join(pydyf._to_bytes(item) for item in pdf_object.stream)
    if not pdf_object.compress and not data.endswith(b"\r"):
        return
    compressor = zlib.compressobj(level=LEVEL)
    compressed = compressor.compress(data) + compressor.flush()
    if compressed.endswith(b"\r") and pdf_object.extra.get("Type") == "/XRef" \
            and not data.endswith(b"\r"):
        # Its data ends with its own entry (type 1, its offset, generation 0): written as
        # it is, which every reader can read, rather than encoded twice.
        pdf_object.stream = [data]
        pdf_object.compress = False
        pdf_object.extra.pop("Filter", None)
        return
    data = compressed
    filters: Any = "/FlateDecode"
    if data.endswith(b"\r"):
        # The compressed data ends with the Adler-32 checksum of the data, whatever the
        # level: written in hexadecimal instead, it ends with ">".
        data = data.hex().encode("ascii") + b">"
        filters = pydyf.Array(["/ASCIIHexDecode", "/FlateDecode"])
    pdf_object.stream = [data]
    pdf_object.compress = False
    pdf_object.extra["Filter"] = filters


def _no_interpolation(pdf_object: Any) -> None:
    """PDF/A forbids an image's /Interpolate true, which WeasyPrint sets on every picture
    shown with `image-rendering: auto` (a logo in the header, say)."""
    extra = getattr(pdf_object, "extra", None)
    if isinstance(extra, dict) and str(extra.get("Interpolate", "")) == "true":
        extra["Interpolate"] = "false"
