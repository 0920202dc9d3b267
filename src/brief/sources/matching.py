"""Find a quote in a text, forgiving only typographic differences.

`normalise` folds the differences a quote may have from its source without being
a different quote: runs of whitespace and line breaks, curly and straight quotes,
dash forms (and spaces around dashes), `…` and `...`, soft hyphens and zero-width
characters, compatibility forms such as ligatures, composed and decomposed accents
(both sides are compared in Unicode's NFC), Cyrillic `ё` written as `е`, and a word
broken at a line end (`protec- tion` is `protection`: a hyphen after a letter, then white
space, then a lower-case letter; not in web pages, whose text has no line ends: there
`Arbeiter- und` is a suspended compound, kept as written). Everything else (words, case,
punctuation) must match. It keeps a map back to the original text, so a match is shown as
it stands in the source.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from ..text import show_word_ops, word_ops

_ONE_TO_ONE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # Russian writers often leave out the diaeresis of ё: `е` and `ё` are one letter here
    # (the memo shows the source's).
    "\u0451": "\u0435", "\u0401": "\u0415",
})
# Characters with a one-character normal form, each replaced by `str.replace` where the
# text holds it: much faster than `str.translate` on text that is not ASCII, and than a
# regular expression calling back for each.
_ONE_TO_ONE_PAIRS = tuple((chr(code), form) for code, form in _ONE_TO_ONE.items())
# Spans whose normal form may differ from the original. Only these are visited, so a
# plain single space or hyphen costs nothing: most of a text is never touched. Every
# alternative starts with a required character, and a plain space fails at once unless
# white space or a dash follows it. The look-ahead first (every character an alternative
# can start with, in one class) lets `re` pass over a letter with one test rather than
# trying each alternative there: the scan of a source takes half the time.
_SPANS = re.compile(
    r"(?=[\s\-.\u2026\u00ad\u200b\u200c\u200d\u2060\ufeff"
    r"\u00a0-\u00bf\u2000-\u218f\u2460-\u24ff\ufb00-\ufb4f\uff00-\uffef])(?:"
    r" (?=[\s-])\s*(?:-+\s*)?"          # a space before more space or a dash
    r"|[^\S ]\s*(?:-+\s*)?"             # any other white space, with what follows
    r"|-{2,}\s*|-+\s+"                 # doubled dashes, or a dash before white space
    r"|\u2026|\.\s\.\s\."              # ellipses
    r"|[\u00ad\u200b\u200c\u200d\u2060\ufeff]+"  # invisible characters
    r"|[\u00a0-\u00bf\u2000-\u218f\u2460-\u24ff\ufb00-\ufb4f\uff00-\uffef]"  # NFKC forms
    r")"
)


def _span_form(span: str) -> str:
    if "-" in span:
        return "-"
    if span.isspace():
        return " "
    if span in ("\u2026", ". . ."):
        return "..."
    if span.strip("\u00ad\u200b\u200c\u200d\u2060\ufeff") == "":
        return ""
    return unicodedata.normalize("NFKC", span)


@dataclass(frozen=True)
class NormalisedText:
    """A text in normal form, with a map from its positions back to the original."""

    original: str
    text: str
    # Segments of (normal start, original start, original end, copied verbatim?)
    _starts: tuple[int, ...]
    _segments: tuple[tuple[int, int, int, bool], ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original offsets of the normal-form span [start, end)."""
        return self._to_original(start, at_end=False), self._to_original(end - 1, at_end=True)

    def _to_original(self, index: int, *, at_end: bool) -> int:
        seg = bisect.bisect_right(self._starts, index) - 1
        norm_start, orig_start, orig_end, verbatim = self._segments[seg]
        if verbatim:
            return orig_start + (index - norm_start) + (1 if at_end else 0)
        return orig_end if at_end else orig_start


def _is_line_end_hyphen(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a hyphen and white space between a letter and a
    lower-case letter: a word broken at a line end."""
    return (text[start] in "-\u2010" and text[start + 1:end].isspace() and start > 0
            and text[start - 1].isalpha() and end < len(text) and text[end].islower())


def normalise(original: str, *, join_hyphens: bool = True) -> NormalisedText:
    """Return `original` in normal form with its map back (see the module doc). The map
    leads back to `original` in NFC (sources are kept so, quotes may not be).
    `join_hyphens=False`: a hyphen before a space is kept as written, for texts without
    line ends to break words at (a web page's `Arbeiter- und Soldatenräte`)."""
    if not unicodedata.is_normalized("NFC", original):
        original = unicodedata.normalize("NFC", original)
    text = original
    for char, form in _ONE_TO_ONE_PAIRS:
        if char in text:
            text = text.replace(char, form)
    pieces: list[str] = []
    starts: list[int] = []
    segments: list[tuple[int, int, int, bool]] = []
    length = 0
    position = 0

    def add(piece: str, orig_start: int, orig_end: int, verbatim: bool) -> None:
        nonlocal length
        if not piece:
            return
        starts.append(length)
        segments.append((length, orig_start, orig_end, verbatim))
        pieces.append(piece)
        length += len(piece)

    for match in _SPANS.finditer(text):
        span = match.group()
        form = _span_form(span)
        if form == "-" and join_hyphens and _is_line_end_hyphen(original, match.start(),
                                                                 match.end()):
            form = ""
        if form == span:
            continue
        add(text[position:match.start()], position, match.start(), True)
        add(form, match.start(), match.end(), False)
        position = match.end()
    add(text[position:], position, len(text), True)
    if not segments:
        starts.append(0)
        segments.append((0, 0, len(original), False))
    return NormalisedText(original, "".join(pieces), tuple(starts), tuple(segments))


def normal_form(text: str, *, join_hyphens: bool = True) -> str:
    """Return just the normal form of `text`, stripped."""
    return normalise(text, join_hyphens=join_hyphens).text.strip()


# Chinese, Japanese and Korean characters: each stands on a word boundary, since these
# scripts do not put spaces between words.
CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
       "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f"
       "\U00020000-\U0003134f")
_CJK = re.compile(f"[{CJK}]")


def _is_word(char: str) -> bool:
    return (char.isalnum() or char == "_") and not (char > "\u10ff" and _CJK.match(char))


def is_word(char: str) -> bool:
    """Whether a character belongs to a word that runs on past it (a Chinese, Japanese or
    Korean character is a word of its own)."""
    return _is_word(char)


def find_all(haystack: str, needle: str) -> list[int]:
    """Return the start of every occurrence of `needle` in `haystack` on word boundaries.

    A needle that starts (ends) with a letter or digit must not start (end) inside
    a word of the haystack: "Minsk" does not match inside "Minskers".
    """
    found: list[int] = []
    if not needle:
        return found
    check_start = _is_word(needle[0])
    check_end = _is_word(needle[-1])
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        ok = not (check_start and start > 0 and _is_word(haystack[start - 1]))
        ok = ok and not (check_end and end < len(haystack) and _is_word(haystack[end]))
        if ok:
            found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def has_context(haystack: str, start: int, end: int, prefix: str | None,
                suffix: str | None) -> bool:
    """Whether the match [start, end) is preceded by `prefix` and followed by `suffix`.

    Both are compared in normal form, ignoring the space between them and the match.
    """
    if prefix and not haystack[:start].rstrip().endswith(normal_form(prefix)):
        return False
    return not (suffix and not haystack[end:].lstrip().startswith(normal_form(suffix)))


@dataclass(frozen=True)
class NearMiss:
    """The closest passage to a quote that was not found, and how close it is."""

    index: int  # which of the candidate texts
    text: str  # as it stands in the original
    similarity: float  # 0 to 100


def closest_passage(quote: str, texts: list[NormalisedText]) -> NearMiss | None:
    """Return the passage of `texts` most like `quote`, widened to whole words."""
    from rapidfuzz import fuzz

    best: tuple[float, int, int, int] | None = None
    for index, candidate in enumerate(texts):
        if not candidate.text:
            continue
        if len(quote) <= len(candidate.text):
            result = fuzz.partial_ratio_alignment(quote, candidate.text)
            if result is None:
                continue
            score, start, end = result.score, result.dest_start, result.dest_end
        else:
            score, start, end = fuzz.ratio(quote, candidate.text), 0, len(candidate.text)
        if best is None or score > best[0]:
            best = (score, index, start, end)
    if best is None:
        return None
    score, index, start, end = best
    candidate = texts[index]
    while start > 0 and _is_word(candidate.text[start - 1]):
        start -= 1
    while end < len(candidate.text) and _is_word(candidate.text[end]):
        end += 1
    orig_start, orig_end = candidate.original_span(start, max(end, start + 1))
    return NearMiss(index, candidate.original[orig_start:orig_end].strip(), score)


def word_diff(expected: str, found: str) -> str:
    """Return a one-line word diff: `[-removed-]` and `{+added+}` against `expected`
    (both in their normal form: a quote is matched so)."""
    return show_word_ops(word_ops(normal_form(expected), normal_form(found)))
