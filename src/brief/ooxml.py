"""WordprocessingML as brief reads and writes it: the namespace, qualified names, and the
order Word's schema wants the children of a paragraph's or a run's properties in."""

from __future__ import annotations

import posixpath
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def relationships_part(part: str) -> str:
    """The name of the relationships part of the package part `part` ("" for the
    package's own): `word/_rels/document.xml.rels`."""
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def part_at(source: str, target: str) -> str:
    """The package part a relationship of the part `source` names by `target` (relative
    to the source's folder, or from the package's root where it begins with /)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def qn(tag: str) -> str:
    prefix, _, local = tag.partition(":")
    assert prefix == "w"
    return f"{{{W}}}{local}"


PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
              "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
              "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def order(parent: Any, names: tuple[str, ...]) -> None:
    """Put the children of `parent` in the schema's order (Word repairs a file where they
    are not)."""
    rank = {name: index for index, name in enumerate(names)}
    children = sorted(parent, key=lambda c: rank.get(str(c.tag).rsplit("}", 1)[-1],
                                                     len(rank)))
    for child in children:
        parent.append(child)
