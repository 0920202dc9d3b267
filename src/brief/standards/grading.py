"""Source grading on the Admiralty (NATO) system: a source's reliability A-F, and the
credibility 1-6 of a piece of information it gives."""

from __future__ import annotations

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
# Grades a key judgment or recommendation should not rest on alone.
WEAK_RELIABILITY = ("D", "E", "F")


def grade(reliability: str | None, credibility: int | None) -> str | None:
    """The grade as cited: `B2`, `B`, `–2` (credibility of an ungraded source), or None."""
    if reliability is None and credibility is None:
        return None
    return f"{reliability or '–'}{credibility or ''}"


def is_weak(reliability: str | None) -> bool:
    """Whether a source so graded is too weak to rest a judgment on alone."""
    return reliability is None or reliability in WEAK_RELIABILITY
