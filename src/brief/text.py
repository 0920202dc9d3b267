"""Text every format can hold: the PDF (HTML), the Word file (XML) and the email.

XML 1.0 cannot hold control characters other than tab and line ends, nor noncharacters
(U+FFFE, U+FFFF, ...) or lone surrogates. In a spec they are refused at their line,
except the breaks that pasting brings: Word's line break (U+000B, a vertical tab) and page
break (U+000C, a form feed), and Unicode's line and paragraph separators (U+2028, U+2029),
which become line breaks (or spaces) with a warning. In a source, which cannot be edited,
they are left out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_WORD_BREAKS = "\v\f\u2028\u2029"
# Control characters other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates and the 66 noncharacters of Unicode.
_NOT_CHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + last) for plane in range(1, 17) for last in
              (0xFFFE, 0xFFFF)) + "]")
# Word's document properties (title, subject, author, keywords, category) hold 255.
WORD_PROPERTY_LENGTH = 255
# Anything `clean_source_text` may leave out or replace: control characters, the line
# and paragraph separators, and everything from the surrogates up (the noncharacters are
# among them). A class of ranges only, so a clean text is passed over quickly.
_MAYBE_UNCLEAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
                            "\ud800-\U0010ffff]")


@dataclass(frozen=True)
class TextCheck:
    """What checking a spec's text found: the text to use, the reason it cannot be used
    (`problem`), and what was changed in it, for a warning (`changed`)."""

    text: str
    problem: str | None = None
    changed: str | None = None


def _name(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x1B: "ESCAPE"}.get(ord(char), "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def check_text(text: str, *, multiline: bool, markdown: bool = False) -> TextCheck:
    """Check a text value of a spec. `multiline`: the value may hold line breaks (else
    they become spaces); `markdown`: a line break pasted from Word is a Markdown line
    break there, and a page break a new paragraph."""
    bad = _NOT_CHARACTERS.search(text)
    if bad:
        char = bad[0]
        if "\ud800" <= char <= "\udfff":
            return TextCheck(text, f"the text holds U+{ord(char):04X}, half of a surrogate "
                             "pair and no character: no document can hold it")
        return TextCheck(text, f"the text holds {_name(char)}, a noncharacter: no document "
                         "can hold it")
    control = next((m[0] for m in _CONTROL.finditer(text) if m[0] not in _WORD_BREAKS), None)
    if control:
        return TextCheck(text, f"the text holds the control character {_name(control)}, "
                         "which no document can show")
    word = any(char in text for char in _WORD_BREAKS)
    if markdown:
        text = text.replace("\v", "  \n").replace("\u2028", "  \n")
        text = text.replace("\f", "\n\n").replace("\u2029", "\n\n")
    for char in (*_WORD_BREAKS, "\r\n", "\r"):
        text = text.replace(char, "\n")
    if multiline:
        return TextCheck(text, changed="a line or page break pasted from another program is "
                         "shown as a line break" if word else None)
    broken = "\n" in text.strip()
    return TextCheck(" ".join(text.split()), changed="this value is shown on one line: its "
                     "line breaks are shown as spaces" if broken else None)


def clean_source_text(text: str) -> tuple[str, int]:
    """Source text with what no document can hold left out (a Word break or a form feed
    becomes a space); and how many characters were left out or replaced."""
    if not _MAYBE_UNCLEAN.search(text):  # nearly every block: one quick scan, not three
        return text, 0
    count = 0

    def space(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " " if match[0] in _WORD_BREAKS else ""

    text = _CONTROL.sub(space, text)
    text, separated = re.subn("[\u2028\u2029]", " ", text)
    text, replaced = _NOT_CHARACTERS.subn("", text)
    return text, count + separated + replaced


def shortened(text: str, limit: int = WORD_PROPERTY_LENGTH) -> str:
    """`text` cut to `limit` characters (its last one an ellipsis) if longer."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# A word diff: ("=", words kept), ("-", words dropped), ("+", words added), in order.
WordOps = tuple[tuple[str, str], ...]


def word_ops(old: str, new: str) -> WordOps:
    """The word diff of two texts (split at white space): the words kept, dropped and
    added, in order. `brief diff`, a quote's near miss and `brief review` show it."""
    a, b = old.split(), new.split()
    ops: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            ops.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def show_word_ops(ops: WordOps, context: int | None = None) -> str:
    """A word diff as one line: `kept [-dropped-] {+added+}`; with `context`, a run of
    more than three times that many kept words is cut to `context` words beside each
    change (`… the war in the coming weeks`)."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    parts = []
    for index, (op, text) in enumerate(ops):
        kept = text.split()
        if op == "=" and context is not None and len(kept) > 3 * context:
            head = " ".join(kept[:context]) if index > 0 else ""
            tail = " ".join(kept[-context:]) if index < len(ops) - 1 else ""
            text = " ".join(part for part in (head, "…", tail) if part)
        parts.append(marks[op].format(text))
    return " ".join(parts)
