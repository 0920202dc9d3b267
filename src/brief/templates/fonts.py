"""Fonts a template names, and whether this machine has them."""

from __future__ import annotations

import functools
import subprocess

from ..errors import BriefWarning, Where
from . import Template


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


def font_warnings(template: Template) -> list[BriefWarning]:
    """A warning for each font of the template's style that is not installed."""
    fonts = installed_fonts()
    if fonts is None:
        return []
    where = Where(template.folder / "template.yaml")
    return [
        BriefWarning(
            f"font '{template.style[token]}' ({token}) is not installed: the PDF would "
            "fall back to another font", where,
            hint="install the font, or choose an installed one under `style:` in "
            "template.yaml (`fc-list : family` lists them)")
        for token in ("body_font", "heading_font")
        if template.style[token].lower() not in fonts
    ]
