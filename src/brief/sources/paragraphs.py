"""Number a source's paragraphs, by the same rules for every format.

`readers` turns each file (text, Markdown, HTML, PDF, Word) into blocks of text;
here blocks become numbered paragraphs by the same rules for every format
(documented in docs/spec.md, "How paragraphs are numbered"):

1. In text files, a block is a run of lines between blank lines, or a single line if
   the file has no blank lines between its lines of text (see `readers.text_blocks`).
   A block's lines are joined with a space.
2. In text files, a paragraph split by a page break is joined again: when a
   block ends without closing punctuation (its last character is a letter, digit, comma
   or hyphen) and the next begins with a lower-case letter, they are one paragraph,
   joined with a space, or with nothing after a hyphen (`visa-` + `free`). Web pages,
   Word files and PDFs (whose reader joins what page breaks split) give whole
   paragraphs: theirs are never joined.
3. In text and Markdown files, inline HTML tags such as `<u>…</u>` are removed (only
   tags with the names of HTML elements: `a<b and c>d` and `<Insert name here>` stay);
   the words inside stay.
4. Text is put in Unicode's composed form (NFC), as quotes are before they are compared.
5. Paragraphs are numbered from 1 in file order. Every paragraph counts, headings
   and by-lines included, so the numbers are the ones `brief sources FILE` shows.
   In a PDF, each paragraph also has its page and its number among the paragraphs
   that start on that page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .base import Block
from .text import text_blocks


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph: its text as shown, and where it stands in the file."""

    number: int
    text: str  # tags removed, lines and page breaks joined
    raw: str  # as the file has it; blocks joined again are separated by a blank line
    line: int | None = None
    page: int | None = None
    page_paragraph: int | None = None  # its number among the paragraphs starting on its page
    role: str = "text"  # "heading", "boilerplate", "note" or "text" (`paragraph_role`)

    @property
    def label(self) -> str:
        """How a citation names it: `¶12`, or `p. 3, ¶2` in a paged source."""
        if self.page is None:
            return f"¶{self.number}"
        return f"p. {self.page}, ¶{self.page_paragraph}"


# What share, subscribe, copyright and similar lines around an article say.
BOILERPLATE = re.compile(
    r"(?i)\b(share (this|on)|share buttons|subscribe|newsletter|sign up|cookie|copyright|"
    r"all rights reserved|follow us|click here|comment on|advertisement|related articles|"
    r"read more|become a member|disclaimer|for media inquiries)\b|©")
_CLOSED = re.compile(r"[.!;,:…]['\"’”)\]]*\Z")


def paragraph_role(text: str, heading: bool = False, note: bool = False) -> str:
    """What a paragraph is, for the warnings about passages that take one in:

    - `boilerplate`: at most 60 words, with share, subscribe, copyright or similar words;
    - `heading`: a heading the file marks as one (a Word heading style, a Markdown `#`),
      or a line of at most 12 words that does not end as a sentence does (a title, a
      by-line, a separator such as `*`);
    - `note`: a footnote or endnote (the reader says so);
    - `text`: anything else.
    """
    if note:
        return "note"
    words = text.split()
    if len(words) <= 60 and BOILERPLATE.search(text):
        return "boilerplate"
    if heading or text.startswith("#") or (len(words) <= 12 and not _CLOSED.search(text)):
        return "heading"
    return "text"


# The elements whose tags a text copied out of a web page may still hold.
_HTML_ELEMENTS = str.split(
    "a abbr acronym address article aside b bdi bdo big blockquote body br caption center "
    "cite code col colgroup dd del dfn div dl dt em figcaption figure font footer h1 h2 h3 "
    "h4 h5 h6 head header hr html i img ins kbd label li main mark nav nobr ol p pre q s "
    "samp section small span strike strong sub sup table tbody td tfoot th thead time tr "
    "tt u ul var wbr")
# A tag's attributes all have values: `<b and c>` is a comparison in a text, not a tag.
_TAG = re.compile(r"(?i)</?(?:" + "|".join(_HTML_ELEMENTS) + r")(?:\s+[\w:-]+\s*=\s*"
                  r"(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+))*\s*/?>")
_SPACES = re.compile(r"[ \t]{2,}")
_OPEN_END = re.compile(r"[\w,\-]\Z")


def _lower_start(body: str) -> bool:
    """Whether a text starts with a lower-case letter, in any script (`я`, `é`, `λ`: not
    `Я`, `É`, `Λ`, nor a letter that has no case)."""
    return body[:1].islower()


def number_paragraphs(blocks: Iterable[Block], *, whole: bool = False,
                      strip_tags: bool = False) -> tuple[Paragraph, ...]:
    """Turn blocks into numbered paragraphs by the rules in this module's doc. `whole`:
    the blocks are whole paragraphs already (web pages, Word files); `strip_tags`: remove
    inline HTML tags (text and Markdown files)."""
    merged: list[tuple[Block, str, str]] = []  # (first block, text, raw)
    for block in blocks:
        text = block.text
        body = " ".join(line.strip() for line in text.split("\n")) if "\n" in text else text
        if strip_tags and "<" in body:
            body = _TAG.sub("", body)
        if "  " in body or "\t" in body:
            body = _SPACES.sub(" ", body)
        body = unicodedata.normalize("NFC", body.strip())
        if not body:
            continue
        if (not whole and merged and not block.note and not merged[-1][0].note
                and _OPEN_END.match(merged[-1][1][-1:]) and _lower_start(body)):
            first, previous, raw = merged[-1]
            joiner = "" if previous.endswith("-") else " "
            merged[-1] = (first, previous + joiner + body, raw + "\n\n" + block.text)
        else:
            merged.append((block, body, block.raw or block.text))
    paragraphs = []
    on_page: dict[int, int] = {}
    for number, (block, body, raw) in enumerate(merged, start=1):
        page_paragraph = None
        if block.page is not None:
            page_paragraph = on_page[block.page] = on_page.get(block.page, 0) + 1
        paragraphs.append(Paragraph(number, body, raw, block.line, block.page, page_paragraph,
                                    paragraph_role(body, block.heading, block.note)))
    return tuple(paragraphs)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Number the paragraphs of plain text."""
    return number_paragraphs(text_blocks(text), strip_tags=True)
