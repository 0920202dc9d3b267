"""How much of what costs a template's reference.docx may hold, counted on its bytes
before any part is parsed: its XML elements, its styles and its numbering definitions.

Bytes are not the right budget here: a reference.docx of 2 MB may unpack to 200,000
numbering definitions, each of which brief and python-docx work through. The budgets
stand far above any real house's file (the largest Word templates seen hold some 30,000
elements, 600 styles and 30 numbering definitions); each is raised by its environment
variable (`BRIEF_MAX_TEMPLATE_ELEMENTS=5000000`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import TemplateError, Where
from ..files import Budget


@dataclass(frozen=True)
class Counted(Budget):
    parts: str = ""  # the parts it is counted in (a suffix of their names), "" for all
    pattern: bytes | None = None  # what is counted; None for every element


BUDGETS = (
    Counted("BRIEF_MAX_TEMPLATE_LISTS", 10_000, "numbering definitions (w:abstractNum and "
            "w:num)", "numbering.xml", rb"<(?:\w+:)?(?:abstractNum|num)[\s/>]"),
    Counted("BRIEF_MAX_TEMPLATE_STYLES", 10_000, "styles", "styles.xml",
            rb"<(?:\w+:)?style[\s/>]"),
    Counted("BRIEF_MAX_TEMPLATE_ELEMENTS", 1_000_000, "XML elements"),
)


def _count(entry: Counted, data: bytes) -> int:
    if entry.pattern is None:  # every start tag (and the few declarations and comments)
        return data.count(b"<") - data.count(b"</")
    return len(re.findall(entry.pattern, data))


def check_counts(parts: dict[str, bytes], where: Where) -> None:
    """Refuse a package that holds more of anything costly than its budget allows."""
    for entry in BUDGETS:
        most = entry.most()
        counted = {name: _count(entry, data) for name, data in parts.items()
                   if name.endswith((".xml", ".rels")) and name.endswith(entry.parts)}
        total = sum(counted.values())
        if total <= most:
            continue
        largest = max(counted, key=lambda name: counted[name])
        place = f"'s {largest}" if entry.parts else ""
        share = f" ({counted[largest]:,} of them in {largest})" if not entry.parts else ""
        raise TemplateError(
            f"reference.docx{place} holds {total:,} {entry.what}{share}, more than the "
            f"{most:,} brief reads in a template", where,
            hint=f"a real house style holds far fewer: make reference.docx again from the "
            f"house's Word file; if it is what you mean, allow more with "
            f"{entry.variable}={total}")
