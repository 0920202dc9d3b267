"""Fonts a template names, and whether this machine has them.

A font is named by the template's `style:` tokens, and by its reference.docx: in the
document defaults, in the styles brief uses (or the styles they are based on), and
through the theme (`+Body`, `+Headings`: `w:asciiTheme` pointing at the theme's minor or
major Latin font). A font neither installed nor given as a file under `fonts:` in
template.yaml would be replaced in the PDF by another; brief says so, at build (a
warning) and in `brief templates check` (an error). The files listed under `fonts:` are
read here, and given to the PDF as `@font-face` rules.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, BriefWarning, TemplateError, Where
from ..files import read_input
from ..ooxml import NS, qn
from . import Template
from .word import CHARACTER, STYLES, HouseStyle, house_style

_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
# Word's names for the theme's two fonts, as its font menu shows them.
THEME_NAMES = {"major": "+Headings", "minor": "+Body"}


@functools.lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str] | None:
    """The font families fontconfig knows (lower case), or None if it cannot be asked."""
    try:
        listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                                 check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(family.strip().lower() for line in listing.splitlines()
                     for family in line.split(","))


@functools.lru_cache(maxsize=64)
def fallback_font(family: str) -> str:
    """The font the PDF uses for a family this machine lacks: fontconfig's choice for the
    CSS brief writes, `"family", sans-serif`."""
    escaped = re.sub(r"([\\:,-])", r"\\\1", family)
    try:
        chosen = subprocess.run(["fc-match", "-f", "%{family[0]}", f"{escaped},sans-serif"],
                                capture_output=True, text=True, check=True,
                                timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chosen = ""
    return chosen or "another font"


# --- the fonts reference.docx names -------------------------------------------------------

def theme_fonts(house: HouseStyle) -> dict[str, str]:
    """The theme's Latin fonts: `major` (+Headings) and `minor` (+Body), where the file
    has a theme that names them."""
    from lxml import etree

    name = next((n for n in sorted(house.parts) if re.fullmatch(r"word/theme/theme\d*\.xml", n)),
                None)
    if name is None:
        return {}
    try:
        theme = etree.fromstring(house.parts[name])
    except etree.XMLSyntaxError:
        return {}
    fonts = {}
    for kind in ("major", "minor"):
        latin = theme.find(f".//{{{_DRAWING}}}{kind}Font/{{{_DRAWING}}}latin")
        if latin is not None and (latin.get("typeface") or "").strip():
            fonts[kind] = latin.get("typeface").strip()
    return fonts


def latin_font(r_pr: Any, theme: dict[str, str]) -> tuple[str, str] | None:
    """The Latin font run properties name, and how: `(font, "")` written out, `(font,
    "+Body")` through the theme. None where they name none (or a theme font of a file
    without a theme, and no font of their own)."""
    fonts = r_pr.find("w:rFonts", NS) if r_pr is not None else None
    if fonts is None:
        return None
    for attr in ("asciiTheme", "hAnsiTheme"):
        kind = (fonts.get(qn(f"w:{attr}")) or "")[:5]
        if kind in theme:
            return theme[kind], THEME_NAMES[kind]
    for attr in ("ascii", "hAnsi"):
        if (fonts.get(qn(f"w:{attr}")) or "").strip():
            return fonts.get(qn(f"w:{attr}")).strip(), ""
    return None


def _style_name(style: Any) -> str:
    name = style.find("w:name", NS)
    return (name.get(qn("w:val")) if name is not None else None) or \
        style.get(qn("w:styleId")) or "?"


def reference_fonts(house: HouseStyle) -> dict[str, list[str]]:
    """Each font reference.docx names for the text brief writes, with where it names it
    ("the document defaults", "style Title", "style Heading 1 (+Headings)")."""
    theme = theme_fonts(house)
    named: dict[str, list[str]] = {}

    def add(found: tuple[str, str] | None, place: str) -> None:
        if found is not None:
            font, through = found
            where = f"{place} ({through})" if through else place
            if where not in named.setdefault(font, []):
                named[font].append(where)

    add(latin_font(house.styles.root.find("w:docDefaults/w:rPrDefault/w:rPr", NS), theme),
        "the document defaults")
    brief_styles = {id(house.style(name)): name for name in STYLES}
    for name in STYLES:
        style, seen = house.style(name), list[Any]()
        while style is not None and style not in seen and len(seen) < 20:
            seen.append(style)  # the style, then those it is based on: the first font
            found = latin_font(style.find("w:rPr", NS), theme)
            if found is not None:
                own = brief_styles.get(id(style))
                add(found, f"style {own}" if own else
                    f"style {_style_name(style)}, which {name} is based on")
                break
            based_on = style.find("w:basedOn", NS)
            style = house.styles.by_id(based_on.get(qn("w:val"))) \
                if based_on is not None and STYLES[name] != CHARACTER else None
    return named


# --- the font files a house gives under `fonts:` ------------------------------------------

@dataclass(frozen=True)
class FontFile:
    """A font file of the template folder: the family names it answers to, its weight and
    style, as `@font-face` says them."""

    path: Path
    families: tuple[str, ...]
    weight: int
    style: str


def house_fonts(template: Template) -> tuple[FontFile, ...]:
    """The font files template.yaml lists under `fonts:`, read."""
    where = Where(template.folder / "template.yaml")
    files = []
    for name in template.fonts:
        path = template.file(name)
        files.append(_font_file(path, read_input(path, "template", where, TemplateError,
                                                 "font file"), where))
    return tuple(files)


@functools.lru_cache(maxsize=32)
def _font_file(path: Path, data: bytes, where: Where) -> FontFile:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        names = font["name"]
        families = [names.getDebugName(i) for i in (1, 16)]
        os2 = font.get("OS/2")
        weight = int(os2.usWeightClass) if os2 is not None else 400
        italic = bool(os2.fsSelection & 1) if os2 is not None else \
            bool(font["head"].macStyle & 2)
    except (TTLibError, KeyError, AttributeError, ValueError, AssertionError, OSError) as exc:
        raise TemplateError(
            f"{path.name}, listed under `fonts:`, is not a TrueType or OpenType font "
            f"({exc or type(exc).__name__})", where,
            hint="list .ttf or .otf files of the template folder, as the house's font "
            "files are") from None
    found = tuple(dict.fromkeys(f.strip() for f in families if f and f.strip()))
    if not found:
        raise TemplateError(f"{path.name}, listed under `fonts:`, names no font family",
                            where, hint="list .ttf or .otf files of the template folder")
    return FontFile(path, found, min(max(weight, 1), 1000), "italic" if italic else "normal")


def font_face_css(template: Template) -> str:
    """An `@font-face` rule for each family of each file under `fonts:`, so that the PDF
    uses the house's own font files."""
    rules = []
    for file in house_fonts(template):
        for family in file.families:
            quoted = family.replace("\\", "\\\\").replace('"', '\\"')
            rules.append(f'@font-face {{ font-family: "{quoted}"; src: url("'
                         f'{file.path.as_uri()}"); font-weight: {file.weight}; '
                         f"font-style: {file.style}; }}")
    return "\n".join(rules) + ("\n" if rules else "")


# --- the warnings -------------------------------------------------------------------------

def _fix(font: str) -> str:
    return ("install it (or list its .ttf or .otf file under `fonts:` in template.yaml), "
            f"or name a font this machine has; the PDF uses {fallback_font(font)} instead")


def font_warnings(template: Template) -> list[BriefWarning]:
    """A warning for each font the template's style tokens or its reference.docx name that
    is neither installed nor given under `fonts:`. A file under `fonts:` that is not a
    font raises `TemplateError`."""
    installed = installed_fonts()
    if installed is None:
        return []
    given = {family.lower() for file in house_fonts(template) for family in file.families}
    known = installed | given
    where = Where(template.folder / "template.yaml")
    warnings = [
        BriefWarning(f"font '{template.style[token]}' ({token}) is not installed", where,
                     hint=_fix(template.style[token]))
        for token in ("body_font", "heading_font")
        if template.style[token].lower() not in known
    ]
    try:
        house = house_style(template)
    except BriefError:  # said where the house style is read
        return warnings
    reference = template.file("reference.docx")
    known |= {template.style[token].lower() for token in ("body_font", "heading_font")}
    for font, places in reference_fonts(house).items():  # a token's font: said above
        if font.lower() not in known:
            warnings.append(BriefWarning(
                f"reference.docx names the font '{font}' ({', '.join(places)}), which is "
                "not installed", Where(reference), hint=_fix(font)))
    return warnings
