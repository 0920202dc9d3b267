"""The house style of reference.docx as the PDF's CSS: the page setup, a rule for each
Word style brief uses on what it styles in the PDF, and the header's and footer's
running text, so that the PDF follows the house style edited once in Word."""

from __future__ import annotations

import base64
import re
from typing import Any

from ...ooxml import NS as _NS
from ...ooxml import qn
from ...templates.fonts import latin_font, theme_fonts
from ...templates.word import PARAGRAPH, STYLES, TABLE, HouseStyle, Styles, number, page_setup

# --- the styles, as the PDF's CSS ---------------------------------------------------------

# What each Word style styles in the PDF of the built-in layouts (docs/house-style.md has
# this table for house-style editors).
CSS_SELECTORS: dict[str, str] = {
    "Normal": "html", "Title": "h1", "Subtitle": ".subtitle", "Organisation": ".organisation",
    "Memo Header": ".memo-header th, .memo-header td", "Heading 1": "h2", "Heading 2": "h3",
    "BLUF": ".bluf",
    "Decision": ".decision", "List Bullet": "ul.points > li",
    "List Number": "ol.points > li", "Passage": "blockquote.passage",
    "Source": ".sources li", "Footnote Text": ".footnote", "Note": ".notes li",
    "Citation": "cite", "Hyperlink": "a", "Fingerprint": ".sources .fingerprint",
    "Incentives Table": "table.incentives", "Options Table": "table.options",
    "Memo Table": "table.data", "Caption": "figcaption, table > caption",
}
# Where a style's spacing, borders and background go, when not on its own selector: Normal's
# paragraph spacing on every paragraph. (The Title's rule is under the title, as in Word,
# not under the whole title block, which Word does not have.)
_BOXES = {"Normal": "p"}
_TEXT = ("font-family", "font-size", "color", "font-weight", "font-style", "text-transform",
         "text-align")
# Word's single line spacing is the font's own line height, about 1.17 of its size for
# the usual fonts (DejaVu Sans 1.16, Arial 1.15, Calibri 1.22); CSS's line-height counts
# in font sizes.
_LINE = 1.17
_ALIGN = {"left": "left", "start": "left", "center": "center", "right": "right",
          "end": "right", "both": "justify", "distribute": "justify"}
_BORDER_STYLES = {"single": "solid", "thick": "solid", "double": "double",
                  "dotted": "dotted", "dashed": "dashed"}


# A table style's edges (`w:tblBorders`), by the CSS side they draw.
_EDGES = {"top": "top", "left": "left", "start": "left", "bottom": "bottom", "right": "right",
          "end": "right", "insideH": "insideH", "insideV": "insideV"}


def _border(edge: Any) -> str:
    """A Word border (`w:top w:val="single" w:sz="4" w:color="auto"`) as CSS."""
    kind = _BORDER_STYLES.get(edge.get(qn("w:val"), ""), "none")
    if kind == "none":
        return "none"
    try:
        width = int(edge.get(qn("w:sz"), "4")) / 8
    except ValueError:
        width = 0.5
    return f"{max(width, 0.25):g}pt {kind} {_colour(edge.get(qn('w:color'))) or '#000000'}"


def _on(element: Any) -> bool | None:
    if element is None:
        return None
    return element.get(qn("w:val"), "true") not in ("false", "0", "off")


def _colour(value: str | None) -> str | None:
    if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return "#" + value.lower()
    return None


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _declarations(styles: Styles, name: str, theme: dict[str, str] | None = None
                  ) -> dict[str, str]:
    """The CSS a style's own properties (and those of the styles it is based on, Normal
    aside, which the PDF's text inherits) stand for; a paragraph style's font is always
    given, its own or Normal's (the PDF's layout gives some elements a font of their own),
    theme fonts (+Body, +Headings) by the names of the file's `theme`."""
    style = styles.find(name, STYLES.get(name, TABLE))
    normal = styles.find("Normal", PARAGRAPH)
    chain = []
    for _ in range(20):  # an edited file's basedOn may go round in a circle
        if style is None or (style is normal and name != "Normal") or style in chain:
            break
        chain.append(style)
        based_on = style.find("w:basedOn", _NS)
        style = styles.by_id(based_on.get(qn("w:val"))) if based_on is not None else None
    css: dict[str, str] = {}
    for style in reversed(chain):  # the base first; each style overrides what it sets
        css.update(_run_css(style.find("w:rPr", _NS), theme))
        css.update(_paragraph_css(style.find("w:pPr", _NS)))
        if STYLES.get(name, TABLE) == TABLE:
            css.update(_table_css(style))
    if name == "Normal":
        defaults = styles.root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)
        css = {**_run_css(defaults, theme), **css}
    elif STYLES.get(name, TABLE) == PARAGRAPH and "font-family" not in css:
        font = _declarations(styles, "Normal", theme).get("font-family")
        css.update({"font-family": font} if font else {})
    return css


def _run_css(r_pr: Any, theme: dict[str, str] | None = None) -> dict[str, str]:
    if r_pr is None:
        return {}
    css = {}
    font = latin_font(r_pr, theme or {})
    if font is not None:
        css["font-family"] = f"{_css_string(font[0])}, sans-serif"
    size = number(r_pr.find("w:sz", _NS).get(qn("w:val"))) \
        if r_pr.find("w:sz", _NS) is not None else None
    if size:
        css["font-size"] = f"{size / 2:g}pt"
    colour = r_pr.find("w:color", _NS)
    if colour is not None and _colour(colour.get(qn("w:val"))):
        css["color"] = str(_colour(colour.get(qn("w:val"))))
    for tag, prop, yes, no in (("w:b", "font-weight", "bold", "normal"),
                               ("w:i", "font-style", "italic", "normal"),
                               ("w:caps", "text-transform", "uppercase", "none")):
        on = _on(r_pr.find(tag, _NS))
        if on is not None:
            css[prop] = yes if on else no
    return css


def _paragraph_css(p_pr: Any) -> dict[str, str]:
    if p_pr is None:
        return {}
    css = {}
    align = p_pr.find("w:jc", _NS)
    if align is not None and align.get(qn("w:val")) in _ALIGN:
        css["text-align"] = _ALIGN[align.get(qn("w:val"))]
    spacing = p_pr.find("w:spacing", _NS)
    if spacing is not None:
        for attr, prop in (("before", "margin-top"), ("after", "margin-bottom")):
            value = number(spacing.get(qn(f"w:{attr}")))
            if value is not None:
                css[prop] = f"{value / 20:g}pt"
        line = number(spacing.get(qn("w:line")))
        if line:
            rule = spacing.get(qn("w:lineRule"), "auto")
            css["line-height"] = (f"{line / 240 * _LINE:.3g}" if rule == "auto"
                                  else f"{line / 20:g}pt")
    indent = p_pr.find("w:ind", _NS)
    if indent is not None:
        for attrs, prop in ((("left", "start"), "margin-left"), (("right", "end"),
                                                                 "margin-right")):
            value = next((number(indent.get(qn(f"w:{a}"))) for a in attrs
                          if indent.get(qn(f"w:{a}")) is not None), None)
            if value is not None:
                css[prop] = f"{value / 20:g}pt"
        first, hanging = (number(indent.get(qn("w:firstLine"))),
                          number(indent.get(qn("w:hanging"))))
        if first or hanging:
            css["text-indent"] = f"{(first or 0) / 20 - (hanging or 0) / 20:g}pt"
    for edge in p_pr.iterfind("w:pBdr/*", _NS):  # Word draws a border `space` outside
        side = str(edge.tag).rsplit("}", 1)[-1]
        if side not in ("top", "left", "bottom", "right"):
            continue
        kind = _BORDER_STYLES.get(edge.get(qn("w:val"), ""), "none")
        width = (number(edge.get(qn("w:sz"))) or 4) / 8
        colour = _colour(edge.get(qn("w:color"))) or "currentColor"
        css[f"border-{side}"] = f"{width:g}pt {kind} {colour}" if kind != "none" else "none"
        space = number(edge.get(qn("w:space")))
        if kind != "none" and space is not None:
            css[f"padding-{side}"] = f"{space:g}pt"
    shading = p_pr.find("w:shd", _NS)
    if shading is not None and _colour(shading.get(qn("w:fill"))):
        css["background"] = str(_colour(shading.get(qn("w:fill"))))
    for side in ("left", "right"):  # the indent is the text's; the box starts before it
        if f"margin-{side}" in css and f"padding-{side}" in css:
            width = float(css[f"border-{side}"].split("pt")[0])
            outside = float(css[f"margin-{side}"][:-2]) - float(css[f"padding-{side}"][:-2])
            css[f"margin-{side}"] = f"{max(outside - width, 0):g}pt"
    return css


def _table_borders(rule: Any, selector: str, declarations: dict[str, str]) -> None:
    """The table style's borders: its outer edges on the table, its inside lines on the
    cells (in the PDF's collapsed borders the table's edge is drawn where a cell's is
    none)."""
    edges = {side: declarations[f"--edge-{side}"] for side in
             ("top", "left", "bottom", "right", "insideH", "insideV")
             if f"--edge-{side}" in declarations}
    if not edges:
        return
    rule(selector, {f"border-{side}": edges[side] for side in ("top", "left", "bottom", "right")
                    if side in edges})
    inside = {"border-top": edges.get("insideH", "none"),
              "border-bottom": edges.get("insideH", "none"),
              "border-left": edges.get("insideV", "none"),
              "border-right": edges.get("insideV", "none")}
    rule(f"{selector} th, {selector} td", inside)


def _table_css(style: Any) -> dict[str, str]:
    """A table style's header row (its shading and text colour, as `--header-*`), the
    shading of its odd rows below it (Word's horizontal banding, `--band-background`), and
    its borders (`--edge-top`, ..., `--edge-insideH`, `--edge-insideV`)."""
    css = {}
    for edge in style.iterfind("w:tblPr/w:tblBorders/*", _NS):
        side = _EDGES.get(str(edge.tag).rsplit("}", 1)[-1])
        if side is not None:
            css[f"--edge-{side}"] = _border(edge)
    for part in style.iterfind("w:tblStylePr", _NS):
        kind = part.get(qn("w:type"))
        fill = part.find("w:tcPr/w:shd", _NS)
        colour = _colour(fill.get(qn("w:fill"))) if fill is not None else None
        if kind == "band1Horz" and colour:
            css["--band-background"] = str(colour)
        if kind != "firstRow":
            continue
        if colour:
            css["--header-background"] = str(colour)
        run = _run_css(part.find("w:rPr", _NS))
        if "color" in run:
            css["--header-colour"] = run["color"]
    return css


def word_css(house: HouseStyle, table_style: str = "Memo Table") -> str:
    """The house style of reference.docx as CSS for the PDF: the page setup, then a rule
    for each Word style brief uses, on what it styles in the PDF (`CSS_SELECTORS`); the
    tables of the text in `table_style` (template.yaml's `table_style`) in place of Memo
    Table."""
    width, height, margins = page_setup(house.section)
    rules = [f"@page {{ size: {width:.1f}mm {height:.1f}mm; margin: "
             + " ".join(f"{margins[side]:.1f}mm" for side in ("top", "right", "bottom", "left"))
             + "; }"]
    variables = {}

    def rule(selector: str, declarations: dict[str, str]) -> None:
        if declarations:
            body = "; ".join(f"{prop}: {value}" for prop, value in declarations.items())
            rules.append(f"{selector} {{ {body}; }}")

    theme = theme_fonts(house)
    for name, selector in CSS_SELECTORS.items():
        if name == "Memo Table" and house.styles.find(table_style, TABLE) is not None:
            name = table_style
        declarations = _declarations(house.styles, name, theme)
        if name in ("List Bullet", "List Number"):
            # Word's hanging indent is the room its number hangs in; CSS hangs a list's
            # marker outside the item by itself, so a negative indent would overlap it.
            declarations.pop("text-indent", None)
        if name == "Memo Header":  # a table in the PDF: its rows have their own spacing
            rule(selector, {k: v for k, v in declarations.items() if k in _TEXT})
        elif STYLES.get(name, TABLE) == TABLE:
            # A table style's text properties are its cells'; its header row has its own.
            rule(f"{selector} th, {selector} td", {
                k: v for k, v in declarations.items() if k in _TEXT or k == "line-height"})
            rule(f"{selector} thead th", {
                prop: declarations[var] for var, prop in (("--header-background", "background"),
                                                          ("--header-colour", "color"))
                if var in declarations})
            if selector == CSS_SELECTORS["Memo Table"]:  # the tables of the text
                _table_borders(rule, selector, declarations)
            if "--band-background" in declarations:  # Word's bands start below the header
                rule(f"{selector} tbody tr:nth-child(odd) > *",
                     {"background": declarations["--band-background"]})
        elif name in _BOXES:  # the box is drawn around more than the paragraph
            def own(prop: str, name: str = name) -> bool:
                return prop in _TEXT or prop == "line-height" or (
                    name != "Normal" and prop.startswith("margin"))

            rule(selector, {k: v for k, v in declarations.items() if own(k)})
            rule(_BOXES[name], {k: v for k, v in declarations.items() if not own(k)})
        else:
            rule(selector, declarations)
        if name == "Title":  # a house layout copied before drew the rule under the block
            rule(".title-block", {"border-bottom": "none"})
        if name == "Normal":
            variables.update({"--body-font": declarations.get("font-family", ""),
                              "--font-size": declarations.get("font-size", ""),
                              "--text-colour": declarations.get("color", "")})
        elif name == "Heading 1":
            variables.update({"--heading-font": declarations.get("font-family", ""),
                              "--accent-colour": declarations.get("color", "")})
        elif name == "BLUF":
            variables["--bluf-background"] = declarations.get("background", "")
    marking_style = house.style("Marking")
    marking = _run_css(marking_style.find("w:rPr", _NS)) if marking_style is not None else {}
    variables["--marking-colour"] = marking.get("color", "")
    # The left part of the header and footer (before the first tab), as CSS `content`.
    running = {kind: _running_content(house.running.get(kind))
               for kind in ("header", "footer")}
    margin_boxes = " ".join(f"@{box} {{ content: {running[kind]}; }}" for kind, box in
                            (("header", "top-left"), ("footer", "bottom-left"))
                            if running[kind])
    rules.extend(running_look(house))  # the paragraphs' own look; the runs' after it
    rules.extend(number_look(house))
    if margin_boxes:
        rules.append(f"@page {{ {margin_boxes} }}")
    root = "; ".join(f"{k}: {v.removesuffix(', sans-serif')}" for k, v in variables.items()
                     if v)
    return (f":root {{ {root}; }}\n" if root else "") + "\n".join(rules) + "\n"


# --- the header and footer, as the PDF's running text -------------------------------------

# Placeholders of the header and footer, as the running strings the PDF's layout sets.
_RUNNING_STRINGS = {"header_line": "header-line", "footer_lead": "footer-lead",
                    "date": "memo-date", "marking": "marking", "header_text": "header-text",
                    "footer_text": "footer-text", "title": "memo-title",
                    "organisation": "memo-organisation", "author": "memo-author",
                    "subject": "memo-subject"}
_FIELDS = {"PAGE": "counter(page)", "NUMPAGES": "counter(pages)",
           "SECTIONPAGES": "counter(pages)"}


def _running_content(paragraph: Any) -> str:
    """What a header (or footer) paragraph shows before its first tab, as CSS `content`
    and the run's look: `string(header-line)` for `{header_line}`, `counter(page)` for a
    PAGE field, the house's own words as they are."""
    if paragraph is None:
        return ""
    pieces: list[str] = []
    look: dict[str, str] = {}
    instruction, in_result = "", False
    # A simple field's own runs hold its last result, not text of the house's.
    results = {t for simple in paragraph.iter(qn("w:fldSimple")) for t in simple.iter(qn("w:t"))}
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:fldChar"), qn("w:instrText"),
                                  qn("w:fldSimple")):
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag == "tab" and element.getparent().tag == qn("w:r"):
            break  # what follows the first tab is the marking's, centred and at the right
        if tag == "fldSimple":
            pieces.append(_field(element.get(qn("w:instr"), "")))
        elif tag == "fldChar":
            kind_of = element.get(qn("w:fldCharType"))
            if kind_of == "begin":
                instruction = ""
            elif kind_of == "separate":
                pieces.append(_field(instruction))
                in_result = True
            elif kind_of == "end":
                in_result = False
        elif tag == "instrText":
            instruction += element.text or ""
        elif tag == "t" and not in_result and element not in results and element.text:
            if not look:
                look = {k: v for k, v in _run_css(element.getparent().find("w:rPr", _NS)).items()
                        if k in ("font-size", "color", "font-weight", "font-style")}
            pieces.extend(_text_content(element.text))
    if not any(pieces):
        return ""
    declarations = "; ".join(f"{k}: {v}" for k, v in look.items())
    return " ".join(p for p in pieces if p) + (f"; {declarations}" if declarations else "")


def _field(instruction: str) -> str:
    words = instruction.split()
    return _FIELDS.get(words[0].upper(), "") if words else ""


def _text_content(text: str) -> list[str]:
    """Header text as CSS `content`: words as strings, placeholders as running strings
    (`{logo}` is the logo's place, drawn by the layout itself)."""
    pieces = []
    for index, part in enumerate(re.split(r"\{(\w+)\}", text)):
        if index % 2 == 0:
            if part:
                pieces.append(_css_string(part))
        elif part in _RUNNING_STRINGS:
            pieces.append(f"string({_RUNNING_STRINGS[part]})")
    return pieces


# --- the header's and footer's own look, and their distance from the page's edge ----------

# The margin boxes of the header and of the footer, and the edge each is measured from.
_MARGIN_BOXES = {"header": ("top", ("top-left", "top-center", "top-right")),
                 "footer": ("bottom", ("bottom-left", "bottom-center", "bottom-right"))}
# Word's distance of the header and footer from the edge when the file does not say:
# 0.5 in, 720 twips.
_EDGE_DEFAULT = 720
# Room kept for the header's line inside the page margin, in points: Word pushes the text
# down when the header does not fit; the PDF's margin is fixed, so the header moves up.
_HEADER_LINE = 12.0


def _style_look(styles: Styles, style: Any) -> dict[str, str]:
    """The text properties and line height of a paragraph style, its whole chain of
    `basedOn` and the document's defaults included (a page's margin boxes inherit none of
    the text's)."""
    chain = []
    for _ in range(20):  # an edited file's basedOn may go round in a circle
        if style is None or style in chain:
            break
        chain.append(style)
        based_on = style.find("w:basedOn", _NS)
        style = styles.by_id(based_on.get(qn("w:val"))) if based_on is not None else None
    css = _run_css(styles.root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS))
    css.update(_paragraph_css(styles.root.find("w:docDefaults/w:pPrDefault/w:pPr", _NS)))
    for style in reversed(chain):
        css.update(_run_css(style.find("w:rPr", _NS)))
        css.update(_paragraph_css(style.find("w:pPr", _NS)))
    return {k: v for k, v in css.items()
            if (k in _TEXT and k != "text-align") or k == "line-height"}


def _paragraph_style(styles: Styles, paragraph: Any) -> Any:
    """The style of a header's or footer's paragraph: its `w:pStyle`, or Normal."""
    p_style = paragraph.find("w:pPr/w:pStyle", _NS) if paragraph is not None else None
    found = styles.by_id(p_style.get(qn("w:val")) or "") if p_style is not None else None
    return found if found is not None else styles.find("Normal", PARAGRAPH)


def _edge_distance(house: HouseStyle, kind: str) -> float:
    """How far the header (or footer) stands from the page's edge, in points, within the
    page margin less a line."""
    margins = house.section.find("w:pgMar", _NS)
    value = number(margins.get(qn(f"w:{kind}"))) if margins is not None else None
    side = _MARGIN_BOXES[kind][0]
    margin = page_setup(house.section)[2][side] / 25.4 * 72
    distance = (value if value is not None else _EDGE_DEFAULT) / 20
    return max(0.0, min(distance, margin - _HEADER_LINE))


def running_look(house: HouseStyle) -> list[str]:
    """The header's and footer's paragraph style (Word's Header and Footer, or the
    house's own) as the look of the PDF's margin boxes and of the marking in them, and
    each box at the header's (footer's) distance from the page's edge (`w:pgMar`'s
    `w:header` and `w:footer`), as Word places them."""
    rules = []
    for kind, (side, boxes) in _MARGIN_BOXES.items():
        look = _style_look(house.styles, _paragraph_style(house.styles, house.running.get(kind)))
        align = {"vertical-align": side,
                 f"padding-{side}": f"{_edge_distance(house, kind):.2f}pt"}
        body = "; ".join(f"{k}: {v}" for k, v in {**look, **align}.items())
        rules.append("@page { " + " ".join(f"@{box} {{ {body}; }}" for box in boxes) + " }")
        if kind == "header":  # the marking's running elements, drawn in the boxes
            text = {k: v for k, v in look.items() if k in ("font-family", "font-size")}
            rules.append(".tlp-label, .classification-banner { "
                         + "; ".join(f"{k}: {v}" for k, v in text.items())
                         + ("; " if text else "") + "letter-spacing: normal; }")
    return rules


def number_look(house: HouseStyle) -> list[str]:
    """The numbers of a numbered list as Word draws them: in the List Number paragraph's
    own look, changed by what its list's first level says (`w:lvl/w:rPr`)."""
    from lxml import etree

    style = house.style("List Number")
    css = {"font-weight": "normal", "font-style": "normal"}
    css.update({k: v for k, v in _declarations(house.styles, "List Number").items()
                if k in ("font-weight", "font-style", "color")})
    num_id = style.find("w:pPr/w:numPr/w:numId", _NS) if style is not None else None
    numbering = house.parts.get("word/numbering.xml")
    if num_id is not None and numbering:
        root = etree.fromstring(numbering)
        num = next((n for n in root.iterfind("w:num", _NS)
                    if n.get(qn("w:numId")) == num_id.get(qn("w:val"))), None)
        abstract = num.find("w:abstractNumId", _NS) if num is not None else None
        level = next((lvl for a in root.iterfind("w:abstractNum", _NS)
                      if abstract is not None
                      and a.get(qn("w:abstractNumId")) == abstract.get(qn("w:val"))
                      for lvl in a.iterfind("w:lvl", _NS) if lvl.get(qn("w:ilvl")) == "0"),
                     None)
        if level is not None:
            css.update({k: v for k, v in _run_css(level.find("w:rPr", _NS)).items()
                        if k in ("font-weight", "font-style", "color")})
    return ["ol.points > li::marker { " + "; ".join(f"{k}: {v}" for k, v in css.items())
            + "; }"]


def header_image_css(house: HouseStyle) -> str:
    """The house's header picture at the top left of every page, its size as in Word, with
    the header's text after it (for a template with no `logo` of its own)."""
    image = house.header_image
    if image is None:
        return ""
    data = base64.b64encode(image.content).decode("ascii")
    return (f"@page {{ @top-left {{ padding-left: {image.width_mm + 3:.1f}mm; "
            f'background: url("data:{image.mime};base64,{data}") no-repeat left center / '
            f"{image.width_mm:.1f}mm {image.height_mm:.1f}mm; }} }}\n")
