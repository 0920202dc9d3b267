"""Handling markings: Traffic Light Protocol 2.0 labels, or free classification text.

A marking that starts with `TLP` must be one of FIRST's TLP 2.0 labels, written as
FIRST writes them; any other marking (`OFFICIAL-SENSITIVE`) is a classification,
shown as a banner. Both renderers and the email draft take their colours from here.
"""

from __future__ import annotations

import re

from ..schema import did_you_mean

# FIRST, Traffic Light Protocol 2.0 (2022): each label's colour, printed on black.
TLP_COLOURS = {
    "TLP:RED": "#FF2B2B",
    "TLP:AMBER+STRICT": "#FFC000",
    "TLP:AMBER": "#FFC000",
    "TLP:GREEN": "#33FF00",
    "TLP:CLEAR": "#FFFFFF",
}
TLP_BACKGROUND = "#000000"
TLP_LABELS = tuple(TLP_COLOURS)
_TLP_LIKE = re.compile(r"(?i)^\s*tlp\b")


def is_tlp_like(marking: str) -> bool:
    """Whether `marking` looks meant as a TLP label (it starts with `TLP`)."""
    return bool(_TLP_LIKE.match(marking))


def tlp_label(marking: str | None) -> str | None:
    """The TLP label `marking` is, or None for no marking or a classification."""
    return marking if marking in TLP_COLOURS else None


def classification(marking: str | None) -> str | None:
    """The classification text `marking` is, or None for no marking or a TLP label."""
    return marking if marking and marking not in TLP_COLOURS else None


def tlp_problem(marking: str) -> tuple[str, str] | None:
    """For a TLP-like marking that is no TLP 2.0 label: the message and the hint."""
    if not is_tlp_like(marking) or marking in TLP_COLOURS:
        return None
    squeezed = re.sub(r"[^A-Z+]", "", marking.upper())
    exact = [label for label in TLP_LABELS if label.replace(":", "") == squeezed]
    if squeezed in ("TLPWHITE", "TLPCLEAR"):
        exact = ["TLP:CLEAR"]
    guess = f"; did you mean '{exact[0]}'?" if exact else \
        did_you_mean(marking, TLP_LABELS, cutoff=0.75)
    hint = ("TLP 2.0 renamed TLP:WHITE to TLP:CLEAR; " if squeezed == "TLPWHITE" else "") + \
        "the TLP 2.0 labels are " + ", ".join(TLP_LABELS) + \
        ", written exactly so; other text is shown as a classification banner"
    shown = marking if len(marking) <= 60 else marking[:57] + "..."
    return f"unknown TLP label '{shown}'{guess}", hint


# TLP 2.0's labels from the widest audience to the narrowest.
TLP_ORDER = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
# Classifications from the lowest, unless a template lists its house's own.
DEFAULT_CLASSIFICATIONS = ("UNCLASSIFIED", "OFFICIAL", "OFFICIAL-SENSITIVE", "CONFIDENTIAL",
                           "SECRET", "TOP SECRET")


class MarkingOrder:
    """Which of two markings is the more restrictive: TLP 2.0's order for TLP labels,
    and the template's list of classifications (lowest first) for the others. A
    classification may have a short form for portion marks (`SECRET` as `S`)."""

    def __init__(self, classifications: tuple[str, ...] = DEFAULT_CLASSIFICATIONS,
                 abbreviations: dict[str, str] | None = None) -> None:
        self.classifications = classifications
        self.abbreviations = abbreviations or {}

    def levels(self, marking: str) -> tuple[str, ...]:
        """The markings of `marking`'s system, lowest first."""
        return TLP_ORDER if marking in TLP_COLOURS else self.classifications

    def rank(self, marking: str) -> int | None:
        """The place of `marking` in its system (0 the lowest), or None if it has none."""
        levels = self.levels(marking)
        return levels.index(marking) if marking in levels else None

    def comparable(self, marking: str, other: str) -> bool:
        """Whether both markings are of one system, and known to it."""
        return (self.levels(marking) is self.levels(other)
                and self.rank(marking) is not None and self.rank(other) is not None)

    def above(self, marking: str, other: str) -> bool:
        """Whether `marking` restricts more than `other` (both comparable)."""
        return (self.rank(marking) or 0) > (self.rank(other) or 0)

    def portion_mark(self, marking: str) -> str:
        """The mark before a portion: `(TLP:AMBER)`, or a classification's short form."""
        return f"({self.abbreviations.get(marking, marking)})"
