"""Where the PDF put its anchors: the page of each figure (`figure-N`, the named
destinations WeasyPrint writes for the ids it links to), for the Word file's list of
figures, whose page numbers Word itself fills in only when the list is updated."""

from __future__ import annotations

import io
import re

_FIGURE = re.compile(r"figure-(\d+)")


def figure_pages(pdf: bytes) -> dict[int, int]:
    """Each numbered figure's page in `pdf` (from 1), by its number; {} if unreadable."""
    from pdfminer.pdfdocument import PDFDocument, PDFNoValidXRef
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(pdf)))
        numbers = {page.pageid: index for index, page in
                   enumerate(PDFPage.create_pages(document), 1)}
        names = resolve1(resolve1(document.catalog.get("Names", {})).get("Dests"))
        pairs = resolve1(names.get("Names", [])) if isinstance(names, dict) else []
    except (PDFSyntaxError, PDFNoValidXRef, AttributeError, TypeError, ValueError):
        return {}
    found: dict[int, int] = {}
    for name, dest in zip(pairs[::2], pairs[1::2], strict=False):
        text = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        match = _FIGURE.fullmatch(text)
        dest = resolve1(dest)
        if isinstance(dest, dict):
            dest = resolve1(dest.get("D"))
        if match is None or not isinstance(dest, list) or not dest:
            continue
        page = getattr(dest[0], "objid", None)
        if page in numbers:
            found[int(match[1])] = numbers[page]
    return found
