"""Design tokens: the house style that `template.yaml` sets for both formats at once.

A token changed under `style:` in a template's `template.yaml` changes the PDF (the
tokens become CSS custom properties and the `@page` rule, ahead of `style.css`) and
the Word file (the tokens a template sets are applied over its `reference.docx`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..errors import TemplateError, Where
from ..yamlfile import YamlDocument


@dataclass(frozen=True)
class Token:
    name: str
    kind: str  # page, length, points, font or colour
    default: str
    doc: str


TOKENS = (
    Token("page_size", "page", "A4", "Paper size: `A4`, `A5`, `Letter` or `Legal`."),
    Token("margin_top", "length", "24mm", "Top page margin (`mm`, `cm`, `in` or `pt`)."),
    Token("margin_right", "length", "20mm", "Right page margin."),
    Token("margin_bottom", "length", "22mm", "Bottom page margin."),
    Token("margin_left", "length", "20mm", "Left page margin."),
    Token("body_font", "font", "DejaVu Sans", "Font of the text."),
    Token("heading_font", "font", "DejaVu Sans", "Font of the title and headings."),
    Token("font_size", "points", "10pt", "Size of the text, in points."),
    Token("text_colour", "colour", "#1a1a1a", "Colour of the text: `\"#rrggbb\"`, in quotes."),
    Token("accent_colour", "colour", "#1f3a5f",
          "Colour of the title, headings, rules, citations and links."),
    Token("marking_colour", "colour", "#b00020",
          "Colour of the handling marking at the top and bottom of every page."),
    Token("bluf_background", "colour", "#eef2f7",
          "Colour of the box behind the bottom line up front."),
    Token("logo", "file", "",
          "A PNG or JPEG file in the template folder, shown at the top left of every page "
          "(empty: no logo)."),
    Token("header_text", "text", "",
          "Text at the top left of every page, after the logo (the organisation, say)."),
    Token("footer_text", "text", "",
          "Text at the bottom left of every page (`Not for publication`, say)."),
)
# Tokens that are text to show, not CSS values.
TEXT_TOKENS = ("logo", "header_text", "footer_text")
DEFAULTS = {token.name: token.default for token in TOKENS}
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4),
                 "Legal": (215.9, 355.6)}
_CHECKS = {
    "page": (lambda v: v in PAGE_SIZES_MM, "one of " + ", ".join(PAGE_SIZES_MM)),
    "length": (lambda v: re.fullmatch(r"\d+(\.\d+)?(mm|cm|in|pt)", v) is not None,
               "a length such as `20mm`, `2cm`, `0.8in` or `56pt`"),
    "points": (lambda v: re.fullmatch(r"\d+(\.\d+)?pt", v) is not None,
               "a size in points such as `10pt`"),
    "font": (lambda v: bool(v.strip()) and '"' not in v, "a font family name"),
    "colour": (lambda v: re.fullmatch(r"#[0-9a-fA-F]{6}", v) is not None,
               "a colour written `#rrggbb`"),
    "text": (lambda v: "\n" not in v, "one line of text"),
    "file": (lambda v: v == "" or (re.fullmatch(r"[\w./ -]+\.(png|jpe?g)", v, re.I) is not None
                                   and not v.startswith("/") and ".." not in v),
             "the name of a .png or .jpg file inside the template folder"),
}


def read_style(raw: Any, document: YamlDocument, problems: list[TemplateError]
               ) -> dict[str, str]:
    """Check the `style:` mapping of a template.yaml; return the tokens it sets, and add a
    problem for each token that is unknown or has a value of the wrong kind."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(TemplateError("`style` must be a mapping of design tokens",
                                      document.where(("style",))))
        return {}
    tokens = {token.name: token for token in TOKENS}
    style: dict[str, str] = {}
    for name, value in raw.items():
        where = document.where(("style", name))
        if name not in tokens:
            close = difflib.get_close_matches(str(name), list(tokens), n=1)
            guess = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(TemplateError(
                f"unknown style token '{name}'{guess}", document.where(("style", name),
                                                                       at_key=True),
                hint="the tokens are: " + ", ".join(tokens)))
            continue
        check, expected = _CHECKS[tokens[name].kind]
        if value is None:
            problems.append(_empty(name, tokens[name].kind, expected, document, where))
            continue
        text = str(value).strip()
        if not check(text):
            problems.append(TemplateError(
                f"style token '{name}': expected {expected}, found {value!r}", where))
            continue
        style[name] = text
    return style


def _empty(name: str, kind: str, expected: str, document: YamlDocument,
           where: Where) -> TemplateError:
    """A token with no value; most often a colour written without quotes, which YAML
    reads as a comment."""
    line = document.text.splitlines()[where.line - 1] if where.line else ""
    written = re.search(r"#[0-9A-Fa-f]{3,8}\b", line)
    if kind == "colour" or written:
        colour = written.group(0) if written else "#1f3a5f"
        return TemplateError(
            f"style token '{name}' has no value: in YAML a # starts a comment, so the colour "
            f"{colour} was read as a note, not as the value", where,
            hint=f'put the colour in quotes: {name}: "{colour}"')
    return TemplateError(f"style token '{name}' has no value: expected {expected}", where)


def length_mm(value: str) -> float:
    """A token length in millimetres."""
    number, unit = float(re.sub(r"[a-z]+$", "", value)), re.sub(r"^[\d.]+", "", value)
    return number * {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}[unit]


def css(style: dict[str, str], logo_uri: str | None = None) -> str:
    """The tokens as CSS: custom properties for `style.css`, the page rule, the logo."""
    variables = "\n".join(
        f"  --{name.replace('_', '-')}: {_css_value(name, value)};"
        for name, value in style.items() if name not in ("page_size", *TEXT_TOKENS) and
        not name.startswith("margin_"))
    margins = " ".join(style[f"margin_{side}"] for side in ("top", "right", "bottom", "left"))
    # The top-left box holds the logo (as its background) and the header text after it.
    logo = ""
    if logo_uri:
        logo = (f'  @top-left {{ width: 70mm; padding-left: 32mm; background: url("{logo_uri}")'
                " no-repeat left center; background-size: auto 9mm; }\n")
    return (f":root {{\n{variables}\n}}\n"
            f"@page {{ size: {style['page_size']}; margin: {margins};\n{logo}}}\n")


def _css_value(name: str, value: str) -> str:
    return f'"{value}"' if name.endswith("_font") else value
