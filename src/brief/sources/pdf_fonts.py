"""Fonts of a PDF whose text layer maps glyphs to the wrong characters: what the font's
own encoding (its glyph names) says is taken instead where it is clearly better. A
ligature glyph (`fi`, `ff`, `ffi`, `Th`) that the file's ToUnicode map gives as its last
letter only (`irst` for "first", `he` for "The") reads as its letters. (A glyph that the
ToUnicode map leaves out pdfminer reads from the encoding itself.)"""

from __future__ import annotations

import unicodedata
from typing import Any


def resource_manager() -> Any:
    """pdfminer's resource manager, each font of which is repaired as it is loaded."""
    from pdfminer.pdfinterp import PDFResourceManager

    class Repairing(PDFResourceManager):
        def get_font(self, objid: object, spec: Any) -> Any:
            known = bool(objid) and objid in self._cached_fonts
            font = super().get_font(objid, spec)
            if not known:
                repair_font(font)
            return font

    return Repairing()


def repair_font(font: Any) -> None:
    """Put the letters of the font's encoding in its ToUnicode map where the map drops
    the first letters of a ligature."""
    table = getattr(getattr(font, "unicode_map", None), "cid2unichr", None)
    named = getattr(font, "cid2unicode", None)
    if not isinstance(table, dict) or not isinstance(named, dict):
        return
    for cid, name in named.items():
        if not isinstance(name, str):
            continue
        letters = unicodedata.normalize("NFKC", name)
        mapped = table.get(cid)
        if isinstance(mapped, str) and len(letters) > 1 and letters.isalpha() \
                and len(mapped) < len(letters) and letters.endswith(mapped):
            table[cid] = letters
