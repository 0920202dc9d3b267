"""Fonts of a PDF whose text layer maps glyphs to the wrong characters: what the font's
own encoding (its glyph names) says is taken instead where it is clearly better. A
ligature glyph (`fi`, `ff`, `ffi`, `Th`) that the file's ToUnicode map gives as its last
letter only (`irst` for "first", `he` for "The") reads as its letters. (A glyph that the
ToUnicode map leaves out pdfminer reads from the encoding itself.)

A font without a Unicode map for some of its glyphs (which pdfminer gives as `(cid:N)`)
is read from the embedded font program where it can be: a CFF font's own encoding and
glyph names, a TrueType font's glyph names, mapped to letters by the Adobe Glyph List
(`minus`, `uni2212`). Glyphs whose names say nothing (`C3`, `glyph12`) stay unread."""

from __future__ import annotations

import io
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
                recover_unmapped(font, spec)
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


def recover_unmapped(font: Any, spec: Any) -> None:
    """Give the glyphs that neither the font's ToUnicode map nor its PDF encoding maps the
    letters their names in the embedded font program say (see the module doc)."""
    from pdfminer.pdftypes import resolve1

    try:
        names = _program_names(font, resolve1(spec.get("Encoding")) if "Encoding" in spec
                               else None)
    except Exception:  # a broken font program: its glyphs stay as pdfminer reads them
        return
    if not names:
        return
    letters = {code: text for code, name in names.items() if (text := _letters(name))}
    if not letters:
        return
    table = getattr(font, "cid2unicode", None)
    unicode_map = getattr(font, "unicode_map", None)
    mapped = getattr(unicode_map, "cid2unichr", None)
    if isinstance(table, dict) and not getattr(font, "cidcoding", None):
        font.cid2unicode = table = dict(table)  # (pdfminer shares a named encoding's)
        for code, text in letters.items():  # a simple font: by its codes
            if code not in table and not (isinstance(mapped, dict) and code in mapped):
                table[code] = text
    elif unicode_map is None and getattr(font, "cidcoding", "") == "Adobe-Identity":
        from pdfminer.cmapdb import FileUnicodeMap

        font.unicode_map = FileUnicodeMap()
        font.unicode_map.cid2unichr.update(letters)  # Identity: a CID is a glyph's index


def _program_names(font: Any, encoding: Any) -> dict[int, str]:
    """The glyph names of the font's embedded program by code (a simple font: its own
    encoding, less the codes the PDF's encoding names) or, for a CID font, by glyph index."""
    from pdfminer.pdftypes import stream_value

    descriptor = getattr(font, "descriptor", None) or {}
    simple = not getattr(font, "cidcoding", None)
    named = set()
    if isinstance(encoding, dict):
        differences = encoding.get("Differences") or []
        code = 0
        for item in differences:
            if isinstance(item, int):
                code = item
            else:
                named.add(code)
                code += 1
    if "FontFile3" in descriptor:
        from fontTools.cffLib import CFFFontSet

        data = stream_value(descriptor["FontFile3"]).get_data()
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        top = cff[cff.fontNames[0]]
        if hasattr(top, "ROS"):
            return {}  # CID-keyed: its glyphs have numbers, not names
        if not simple:
            return dict(enumerate(top.charset))
        if isinstance(top.Encoding, str) or (encoding is not None
                                            and not isinstance(encoding, dict)):
            return {}  # a standard encoding, or the PDF's named one: pdfminer's already
        return {code: name for code, name in enumerate(top.Encoding)
                if name != ".notdef" and code not in named}
    if "FontFile2" in descriptor and simple:
        from fontTools.ttLib import TTFont

        program = TTFont(io.BytesIO(stream_value(descriptor["FontFile2"]).get_data()))
        out: dict[int, str] = {}
        for subtable in program["cmap"].tables:
            if (subtable.platformID, subtable.platEncID) in ((3, 0), (1, 0)):
                for code, name in subtable.cmap.items():
                    if code & 0xFF not in named:
                        out.setdefault(code & 0xFF, name)
        return out
    return {}


def _letters(name: str) -> str:
    """What the Adobe Glyph List makes of a glyph's name (`minus`: `−`, `uni2212`,
    `f_i`: `fi`), if it names printable letters outside the private use area."""
    from fontTools.agl import toUnicode

    text = toUnicode(name.split(".")[0]) if name not in (".notdef", "") else ""
    if not text or any(unicodedata.category(char) in ("Co", "Cc", "Cs", "Cn")
                       for char in text):
        return ""
    return text
