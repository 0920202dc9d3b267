"""Handling markings: Traffic Light Protocol 2.0 labels, or free classification text.

A marking that starts with `TLP` must be one of FIRST's TLP 2.0 labels, written as
FIRST writes them; any other marking (`OFFICIAL-SENSITIVE`) is a classification,
shown as a banner. Both renderers and the email draft take their colours from here.
"""

from __future__ import annotations

import difflib
import re

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
    close = exact or difflib.get_close_matches(marking.upper(), TLP_LABELS, n=1, cutoff=0.75)
    guess = f"; did you mean '{close[0]}'?" if close else ""
    hint = ("TLP 2.0 renamed TLP:WHITE to TLP:CLEAR; " if squeezed == "TLPWHITE" else "") + \
        "the TLP 2.0 labels are " + ", ".join(TLP_LABELS) + \
        ", written exactly so; other text is shown as a classification banner"
    return f"unknown TLP label '{marking}'{guess}", hint
