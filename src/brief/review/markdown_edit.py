"""Carry a change of the words a reader sees into the Markdown the analyst wrote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PlainEdit:
    """Replace characters `start` to `end` of the plain text with `text` (an insertion
    where `start == end`, a deletion where `text` is empty)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FormatEdit:
    """Make characters `start` to `end` of the plain text bold or not, italic or not
    (None: leave as it is)."""

    start: int
    end: int
    bold: bool | None = None
    italic: bool | None = None


class Unmappable(Exception):
    """An edit cannot be carried into the Markdown; `reason` says why, in words for the
    analyst ("the words '(TLP:AMBER)' are brief's portion mark, not the spec's")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def edit_markdown(markdown: str, plain: str,
                  edits: Sequence[PlainEdit | FormatEdit]) -> str:
    """Return `markdown` with `edits` made in it.

    `plain` is what a reader sees of `markdown` as brief rendered it (its paragraphs
    and list items joined by "\\n"), and the edits' offsets are into `plain`. The
    markup around changed words is kept: a change inside `**bold**` stays inside it, a
    link keeps its address, a list item its marker, a line break of the Markdown where
    it was. Raise `Unmappable` when an edit touches words the Markdown does not hold
    (text brief added: a portion mark, a likelihood term, a figure's number) or cannot
    be placed."""
    raise NotImplementedError


def word_edits(old: str, new: str) -> list[PlainEdit]:
    """The fewest whole-word edits that turn `old` into `new`, offsets into `old`."""
    raise NotImplementedError


def word_diff(old: str, new: str) -> str:
    """A one-line word diff for the terminal: `[-removed-]` and `{+added+}` around the
    changed words, with a few words of context either side (`...` where cut)."""
    raise NotImplementedError
