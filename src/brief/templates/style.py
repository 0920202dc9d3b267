"""Design tokens: the house style that `template.yaml` sets for both formats at once.

A token changed under `style:` in a template's `template.yaml` changes the PDF (the
tokens become CSS custom properties and the `@page` rule, ahead of `style.css`) and
the Word file (the tokens a template sets are applied over its `reference.docx`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..errors import TemplateError, Where
from ..schema import did_you_mean, key, keys
from ..yamlfile import YamlDocument

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4),
                 "Legal": (215.9, 355.6)}
# Each kind of token: the rule its value must pass, and the values it takes, as the
# messages and the docs say them.
_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
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


def token(kind: str, default: str, doc: str) -> Any:
    """Declare a design token: its kind (page, length, points, font, colour, text or
    file: what values it takes), its default and the sentence that documents it."""
    return key(doc, default=default, values=_CHECKS[kind][1], kind=kind)


@dataclass(frozen=True)
class Style:
    """The design tokens of `style:` in template.yaml, in the order CSS and the docs give
    them (docs/house-style.md's table is made from these)."""

    page_size: str = token("page", "A4", "Paper size: `A4`, `A5`, `Letter` or `Legal`.")
    margin_top: str = token("length", "24mm", "Top page margin (`mm`, `cm`, `in` or `pt`).")
    margin_right: str = token("length", "20mm", "Right page margin.")
    margin_bottom: str = token("length", "22mm", "Bottom page margin.")
    margin_left: str = token("length", "20mm", "Left page margin.")
    body_font: str = token("font", "DejaVu Sans", "Font of the text.")
    heading_font: str = token("font", "DejaVu Sans", "Font of the title and headings.")
    font_size: str = token("points", "10pt", "Size of the text, in points.")
    text_colour: str = token("colour", "#1a1a1a",
                             "Colour of the text: `\"#rrggbb\"`, in quotes.")
    accent_colour: str = token("colour", "#1f3a5f",
                               "Colour of the title, headings, rules, citations and links.")
    marking_colour: str = token(
        "colour", "#b00020",
        "Colour of the handling marking at the top and bottom of every page.")
    bluf_background: str = token("colour", "#eef2f7",
                                 "Colour of the box behind the bottom line up front.")
    logo: str = token(
        "file", "",
        "A PNG or JPEG file in the template folder, shown at the top left of every page "
        "(empty: no logo).")
    header_text: str = token(
        "text", "", "Text at the top left of every page, after the logo (the organisation, "
        "say).")
    footer_text: str = token(
        "text", "", "Text at the bottom left of every page (`Not for publication`, say).")


@dataclass(frozen=True)
class Token:
    """A design token as the other modules see it, made from its field of `Style`."""

    name: str
    kind: str  # page, length, points, font, colour, text or file
    default: str
    doc: str


TOKENS = tuple(Token(name, fld.metadata["kind"], str(fld.default), fld.metadata["doc"])
               for name, fld in keys(Style))
# Tokens that are text to show, not CSS values.
TEXT_TOKENS = tuple(t.name for t in TOKENS if t.kind in ("file", "text"))
DEFAULTS = {t.name: t.default for t in TOKENS}


def reference_table() -> str:
    """The table of tokens in docs/house-style.md, made from `Style`."""
    return schema.reference_table(Style, schema.Columns(
        key="token", type="values", required=False, default=schema.shown_value, empty=()))


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
    tokens = dict(keys(Style))
    style: dict[str, str] = {}
    for name, value in raw.items():
        where = document.where(("style", name))
        if name not in tokens:
            guess = did_you_mean(name, tokens)
            problems.append(TemplateError(
                f"unknown style token '{name}'{guess}", document.where(("style", name),
                                                                       at_key=True),
                hint="the tokens are: " + ", ".join(tokens)))
            continue
        kind = tokens[name].metadata["kind"]
        check, expected = _CHECKS[kind]
        if value is None:
            problems.append(_empty(name, kind, expected, document, where))
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
