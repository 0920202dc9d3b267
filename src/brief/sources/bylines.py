"""What an article's own lines say about it, for a file that carries no details of its
own (a text file, a PDF or Word file saved without them): its title (the first heading
before the text), its by-line (`By Andrew Korybko`), its dateline (`Global Research,
August 17, 2020`), and the notes on its authors after the text (`Stefan Wolff receives
funding from ...`, `Andrew Korybko is an American ... analyst`).

The notes on the authors, with the share, copyright, credit and "about the author" lines
around them, are the article's *back matter*: `brief find` does not offer them as
passages on a topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .paragraphs import BOILERPLATE, Paragraph

# A front matter is the headings before the first paragraph of text; only its first few
# lines are looked at.
_FRONT_LINES = 10
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# `August 17, 2020`, `17 August 2020`, `2020-08-17`, and `Aug. 17, 2020`
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")
_BYLINE = re.compile(r"(?i)\A(?:by|written by|words by|authors?\s*:)\s*(?P<names>\S.*)\Z")
# What separates a by-line's names from the rest of it: `By A and B | Reuters | 3 March`
_PARTS = re.compile(r"\s+[|·•–—]\s+|\s+-\s+")
_NAMES = re.compile(r",\s*|\s+(?:and|&)\s+")
_PARTICLES = {"al", "bin", "da", "de", "del", "der", "di", "dos", "du", "ibn", "la", "le",
              "van", "von", "y"}
# `Region: Europe`, `Theme: History`, `Tags: ...`: a one-word label and its value
_LABEL = re.compile(r"(?i)\A(?:region|theme|topics?|tags?|categor(?:y|ies)|section|filed under|"
                    r"keywords|subjects?|posted in|published|updated|source|image|photo|"
                    r"credit|share|listen|read time|reading time)\s*:")
_NAVIGATION = re.compile(r"[|»›>]")
_DATE_WORDS = re.compile(r"(?i)\b(?:published|updated|posted|on|date[d]?|last)\b:?")
# How a note on an author begins after their name.
_BIO_VERB = re.compile(
    r"\A(?:is|was|receives|received|has|holds|works|worked|teaches|writes|wrote|serves|"
    r"leads|directs|does not work|do not work|researches|specialises|specializes|"
    r"contributes|covers|reports|lectures|heads|chairs)\b")
# What a note on an author says of them: their trade, their institution, their funding.
_BIO_CUE = re.compile(
    r"(?i)\b(?:professor|fellow|analyst|research(?:er)?|associate|affiliate|journalist|"
    r"editor|writer|director|author|correspondent|lecturer|student|candidate|scholar|"
    r"reporter|columnist|commentator|expert|economist|historian|founder|specialist|"
    r"post-?doc|ph\.?d|university|college|institute|funding|consult|shares in)")
_NOT_NAME = {"A", "An", "The", "This", "That", "These", "Those", "Our", "His", "Her", "Its",
             "Their", "Some", "Many", "Most", "Western", "Eastern"}
# A credit line after the text: where the article first appeared, its picture, its author
_CREDIT = re.compile(
    r"(?i)\A(?:this article (?:was|is|first)|originally published|first published|"
    r"republished|it first appeared|featured image|image|photo|picture|articles by|about "
    r"the authors?|source)\b")


@dataclass(frozen=True)
class Stated:
    """What the article's lines say about it; None (or empty) where they say nothing."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    #: where the authors were read: "by-line", or "notes" (the notes on the authors)
    authors_from: str = ""
    publisher: str | None = None
    date: str | None = None  # as the file writes it: `August 17, 2020`


def is_name(text: str) -> bool:
    """Whether `text` reads as a person's name: two to five words, each capitalised or a
    particle (`de`, `van`), no digits."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    return all(w[0].isupper() or w in _PARTICLES for w in words) and words[0][0].isupper() \
        and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)


def _byline(text: str) -> tuple[tuple[str, ...], list[str]]:
    """The names of a by-line, and the rest of it (a publisher, a date)."""
    match = _BYLINE.match(text.strip("*_ "))  # `*By Jane Doe*` in Markdown
    if not match:
        return (), []
    first, *rest = _PARTS.split(match["names"].strip())
    names = tuple(n.strip() for n in _NAMES.split(first) if n.strip())
    if not names or not all(is_name(n) for n in names):
        return (), []
    return names, rest


def _dateline(text: str) -> tuple[str | None, str | None]:
    """The publisher and date a dateline (`Global Research, August 17, 2020`) gives."""
    match = _DATE.search(text)
    if not match or len(text.split()) > 12:
        return None, None
    before = _DATE_WORDS.sub(" ", text[:match.start()])
    publisher = " ".join(before.strip(" ,;:|·•–—-").split())
    return (publisher if publisher and len(publisher.split()) <= 6 else None), match[0]


def _title(paragraph: Paragraph) -> str | None:
    """A front-matter heading as a title, or None if it is something else."""
    text = paragraph.text.lstrip("#").strip().strip("*_").strip()
    if (len(text) > 150 or sum(c.isalpha() for c in text) < 3 or _BYLINE.match(text)
            or _LABEL.match(text) or _NAVIGATION.search(text)
            or (_DATE.search(text) and len(text.split()) <= 8)):
        return None
    return text


def stated(paragraphs: Sequence[Paragraph]) -> Stated:
    """What the lines before the article's text, and the notes on its authors after it,
    say about it."""
    front = []
    for paragraph in paragraphs[:_FRONT_LINES]:
        if paragraph.role == "text" and not _BYLINE.match(paragraph.text):
            break
        front.append(paragraph)
    titles = [t for t in (_title(p) for p in front) if t]
    title = next((t for t in titles if len(t.split()) >= 3), titles[0] if titles else None)
    authors: tuple[str, ...] = ()
    publisher = date = None
    for paragraph in front:
        names, rest = _byline(paragraph.text)
        authors = authors or names
        for piece in (rest if names else [paragraph.text]):
            found_publisher, found_date = _dateline(piece)
            if names and not found_date and len(piece.split()) <= 6:
                found_publisher = piece.strip()  # `By A | The Daily Example | 3 March`
            date = date or found_date
            publisher = publisher or found_publisher
    if authors:
        return Stated(title, authors, "by-line", publisher, date)
    back = back_matter(paragraphs)
    noted = tuple(dict.fromkeys(name for p in paragraphs if p.number in back
                                if (name := _noted_author(p.text))))
    return Stated(title, noted, "notes" if noted else "", publisher, date)


def _noted_author(text: str) -> str | None:
    """The person a note on an author is about (`Stefan Wolff receives funding ...`)."""
    words = text.split()
    if not words or words[0] in _NOT_NAME or not _BIO_CUE.search(text):
        return None
    for count in (2, 3, 4):
        name = " ".join(words[:count])
        if is_name(name) and _BIO_VERB.match(" ".join(words[count:count + 3])):
            return name
    return None


def back_matter(paragraphs: Sequence[Paragraph]) -> frozenset[int]:
    """The numbers of the paragraphs after the article's text: the notes on its authors,
    and the headings, share, copyright and credit lines among and after them."""
    found: set[int] = set()
    for paragraph in reversed(paragraphs):
        text = paragraph.text
        if not (paragraph.role in ("heading", "boilerplate") or _boilerplate(paragraph)
                or _noted_author(text)
                or (len(text.split()) <= 30 and _CREDIT.search(text))):
            break
        found.add(paragraph.number)
    # Only what follows a note on an author or a share or copyright line: a heading alone
    # at the end of an article is not back matter of itself.
    if not any(_boilerplate(paragraph) or _noted_author(paragraph.text)
               for paragraph in paragraphs if paragraph.number in found):
        return frozenset()
    return frozenset(found)


def _boilerplate(paragraph: Paragraph) -> bool:
    """A share, subscribe or copyright line, or a disclaimer however long (that begins
    with what it is)."""
    return paragraph.role == "boilerplate" or bool(BOILERPLATE.search(paragraph.text[:40]))
