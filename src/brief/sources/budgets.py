"""What reading a Word file or a PDF may cost, counted in what costs: the paragraphs, XML
elements and characters of a Word file; a PDF's pages, and its drawing operations,
characters and blocks of text (page by page, and in all).

Bytes are a poor measure of it: a Word file of 1 MB may unpack to six million
paragraphs within the 200 MB unpacked limit, a PDF of 6 MB to a page of millions of text
operators, and each ran for minutes and took gigabytes. Each budget is far above any real
document's (a book of 350 pages in PDF has 700,000 characters, a Word document of 2,000
pages some 30,000 paragraphs and a million XML elements; real pages hold at most 10,000
characters, 120,000 drawing operations and a few hundred blocks of text), is counted as the
file is read and stops the reading as soon as it is spent, and is raised by its
environment variable (docs/spec.md, "The project and its limits").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..errors import SourceError, Where
from ..files import Budget

BUDGETS = {
    "word paragraphs": Budget("BRIEF_MAX_WORD_PARAGRAPHS", 100_000, "paragraphs"),
    "word elements": Budget("BRIEF_MAX_WORD_ELEMENTS", 2_000_000, "XML elements"),
    "word characters": Budget("BRIEF_MAX_WORD_CHARACTERS", 20_000_000, "characters of text"),
    "pdf pages": Budget("BRIEF_MAX_PDF_PAGES", 5_000, "pages"),
    "pdf page operations": Budget("BRIEF_MAX_PDF_PAGE_OPERATIONS", 500_000,
                                  "drawing operators and operands"),
    "pdf page characters": Budget("BRIEF_MAX_PDF_PAGE_CHARACTERS", 100_000,
                                  "characters"),
    "pdf page blocks": Budget("BRIEF_MAX_PDF_PAGE_BLOCKS", 500, "separate blocks of text"),
    "pdf characters": Budget("BRIEF_MAX_PDF_CHARACTERS", 5_000_000, "characters"),
    "pdf operations": Budget("BRIEF_MAX_PDF_OPERATIONS", 20_000_000,
                             "drawing operators and operands"),
    "pdf block pairs": Budget("BRIEF_MAX_PDF_BLOCK_PAIRS", 5_000_000,
                              "pairs of blocks of text to put in order, page by page"),
}


_ODT_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODT_SPACES, _ODT_COUNT = f"{{{_ODT_TEXT}}}s", f"{{{_ODT_TEXT}}}c"


class Spent(Exception):
    """The budget `kind` is spent (`found` says where: " on page 3")."""

    def __init__(self, kind: str, found: str = "") -> None:
        super().__init__(kind)
        self.kind, self.found = kind, found


def budget(kind: str) -> int:
    """The budget of `kind` (a key of BUDGETS), from its variable if set."""
    return BUDGETS[kind].most()


def over_budget(kind: str, name: str, where: Where | None, found: str = "") -> SourceError:
    """The error for the source `name` ("the Word file x.docx") holding more of `kind`
    than its budget; `found` says where ("on page 3")."""
    entry = BUDGETS[kind]
    most = budget(kind)
    return SourceError(
        f"{name} has more than {most:,} {entry.what}{found}: more than brief reads of a source",
        where, hint=f"if the file is what you mean, allow more with "
        f"{entry.variable}={most * 10} (for example), or copy the part you cite into a "
        ".txt file")


def count_word_xml(streams: Iterable[Any], paragraphs: Collection[str]) -> None:
    """Count the XML elements, paragraphs (elements whose tag is in `paragraphs`) and
    characters of text of a Word file's parts (`streams`, read a megabyte at a time by a
    streaming parser: no tree is built) and raise `Spent` at the first budget passed: a
    small file may unpack to millions of paragraphs. A part that is no XML stops the
    count (the reading then says what is wrong with it)."""
    from lxml import etree

    most = {kind: budget(kind) for kind in ("word elements", "word paragraphs",
                                            "word characters")}

    class Count:
        elements = paragraphs_seen = characters = 0

        def start(self, tag: str, attrib: Any) -> None:
            self.elements += 1
            if self.elements > most["word elements"]:
                raise Spent("word elements")
            if tag == _ODT_SPACES:  # an .odt's `<text:s text:c="N"/>`: N spaces of text
                count = attrib.get(_ODT_COUNT) or "1"
                self.characters += int(count) if count.isascii() and count.isdigit() else 1
                if self.characters > most["word characters"]:
                    raise Spent("word characters")
            if tag in paragraphs:
                self.paragraphs_seen += 1
                if self.paragraphs_seen > most["word paragraphs"]:
                    raise Spent("word paragraphs")

        def data(self, text: str) -> None:
            self.characters += len(text)
            if self.characters > most["word characters"]:
                raise Spent("word characters")

        def close(self) -> None:
            pass

    count = Count()
    try:
        for stream in streams:
            parser = etree.XMLParser(target=count, resolve_entities=False, no_network=True,
                                     huge_tree=False)
            with stream:
                while chunk := stream.read(1024 * 1024):
                    parser.feed(chunk)
                parser.close()
    except etree.XMLSyntaxError:
        pass
