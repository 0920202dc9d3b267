"""What `table_style` may name: the table styles of a reference.docx, said shortly.

A reference.docx made by Word 2010 or LibreOffice holds about a hundred table styles, most
of them a family in seven colours ("Light Grid", "Light Grid Accent 1" to "Accent 6");
Word 2013 and later name theirs otherwise ("Grid Table 4 Accent 1"), and keeps them out of
a file until a table in it uses one. The hint of an unknown name lists every family once.
"""

from __future__ import annotations

import re

from ..schema import nearest_choice

_ACCENT = re.compile(r"^(?P<family>.+) Accent (?P<n>\d)$")
# Word 2013's names, which a file saved by Word 2010 or LibreOffice does not hold
_NEWER = re.compile(r"^(Grid|List|Plain) Table \d", re.IGNORECASE)


def shown(names: list[str]) -> str:
    """The names, each family in colours written once: "Light Grid (and Accent 1 to 6)"."""
    accents: dict[str, list[str]] = {}
    for name in names:
        if (match := _ACCENT.match(name)) is not None:
            accents.setdefault(match["family"], []).append(match["n"])
    parts: list[str] = []
    for name in dict.fromkeys(names):
        if (match := _ACCENT.match(name)) is not None and match["family"] in names:
            continue
        if name in accents:
            numbers = sorted(accents[name])
            parts.append(f"{name} (and Accent {numbers[0]} to {numbers[-1]})"
                         if len(numbers) > 1 else f"{name} (and Accent {numbers[0]})")
        else:
            parts.append(name)
    return ", ".join(parts)


def hint(wanted: str, names: list[str]) -> str:
    """What to write instead of `wanted`, a name none of `names` is."""
    if not names:
        return ("add a table style to reference.docx in Word (Table Design > New Table "
                "Style), or leave `table_style` out for brief's own Memo Table")
    close = nearest_choice(wanted, names)
    newer = ("that is a name of Word 2013 and later, which this reference.docx does not "
             "hold (to add it: open reference.docx in Word, give a table that style, save); "
             if _NEWER.match(wanted) else "")
    return (newer + (f"did you mean '{close}'? " if close and not newer else "")
            + f"its table styles: {shown(names)}")
