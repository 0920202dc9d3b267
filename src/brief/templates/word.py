"""The house style of a template's reference.docx, as both formats use it.

A communications officer edits reference.docx in Word or LibreOffice; each editor names
some styles its own way (LibreOffice saves Word's `heading 1` as `Heading 1`, Normal may
come back as "Default Paragraph Style", a character style "Citation" as "Quotation").
This module reads the file with lxml only, finds brief's styles by name, style ID or
those other names, adds a style the file lacks, based on its own Normal and headings
(`additions`, with a warning), applies the `style:` tokens of template.yaml, and tidies
what Word would otherwise repair. The result, `HouseStyle`, gives the Word renderer its starting
document and the PDF renderer its CSS (`render.word_css`): one house style, both formats.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BriefWarning, TemplateError, Where
from ..files import check_zip, read_input
from ..ooxml import NS as _NS
from ..ooxml import PPR_ORDER, RPR_ORDER, W, order, qn
from . import Template, table_styles
from .additions import (
    STYLE_ORDER,
    as_document,
    ensure_numbering,
    ensure_part,
    make_style,
    order_styles,
    record_added,
    take_added,
    tidy_package,
    tidy_stories,
)
from .counts import check_counts
from .header import HeaderImage, header_image, running_paragraph
from .links import clean
from .marking import restore_marking
from .style import PAGE_SIZES_MM, length_mm

# The styles brief writes with, by the name Word gives them, and their kind.
PARAGRAPH, CHARACTER, TABLE = "paragraph", "character", "table"
STYLES: dict[str, str] = {
    "Normal": PARAGRAPH, "Title": PARAGRAPH, "Subtitle": PARAGRAPH, "Organisation": PARAGRAPH,
    "Memo Header": PARAGRAPH, "Heading 1": PARAGRAPH, "Heading 2": PARAGRAPH,
    "BLUF": PARAGRAPH, "Decision": PARAGRAPH, "List Bullet": PARAGRAPH,
    "List Number": PARAGRAPH, "List Continue": PARAGRAPH, "Passage": PARAGRAPH,
    "Source": PARAGRAPH, "Marking": PARAGRAPH, "Footnote Text": PARAGRAPH, "Note": PARAGRAPH,
    "Citation": CHARACTER, "Hyperlink": CHARACTER, "Fingerprint": CHARACTER,
    "Footnote Reference": CHARACTER, "Incentives Table": TABLE, "Options Table": TABLE,
    "Memo Table": TABLE, "Caption": PARAGRAPH,
}
# Word's own styles, which a Word file holds only once they have been used (Word adds
# Caption with the first caption inserted): added, as Word adds them, without a warning.
WORD_ADDS = ("Caption",)
# Other names editors save brief's styles under (compared without case or spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "Normal": ("Default Paragraph Style", "Default Style", "Standard"),
    "Citation": ("Quotation",),  # LibreOffice's own "Citation" character style
    "Hyperlink": ("Internet Link", "Internet link"),
    "Footnote Reference": ("Footnote Anchor", "Footnote Characters"),
    "Footnote Text": ("Footnote",),
    "Note": ("Endnote", "Endnote Text"),
}
# The names Word itself writes in styles.xml where they differ from what it shows (and
# python-docx looks up).
_WORD_NAMES = {"Heading 1": "heading 1", "Heading 2": "heading 2", "Header": "header",
               "Footer": "footer", "Caption": "caption"}


def _key(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text).casefold()


def word_name(name: str) -> str:
    """The name as Word writes it in styles.xml (`heading 1` for Heading 1)."""
    return _WORD_NAMES.get(name, name)


@dataclass
class Styles:
    """styles.xml, with brief's styles found in it."""

    root: Any  # lxml element w:styles
    _index: dict[tuple[str, str, str], list[Any]] | None = field(default=None, repr=False)

    def all(self) -> list[Any]:
        return list(self.root.iterfind("w:style", _NS))

    def changed(self) -> None:
        """Forget the index: a style was added or renamed."""
        self._index = None

    def _lookup(self, how: str, kind: str, key: str) -> list[Any]:
        if self._index is None:
            self._index = {}
            for style in self.all():
                style_kind = style.get(qn("w:type")) or PARAGRAPH
                name = style.find("w:name", _NS)
                keys = (("name", _key(name.get(qn("w:val")) or "") if name is not None else ""),
                        ("id", _key(style.get(qn("w:styleId")) or "")))
                for by, value in keys:
                    self._index.setdefault((by, style_kind, value), []).append(style)
                    self._index.setdefault((by, "*", value), []).append(style)
        return self._index.get((how, kind, key), [])

    def by_id(self, style_id: str) -> Any | None:
        return next((s for s in self._lookup("id", "*", _key(style_id))
                     if s.get(qn("w:styleId")) == style_id), None)

    def named(self, name: str) -> list[Any]:
        """Every style of any kind with this name, case and spaces aside."""
        return self._lookup("name", "*", _key(name))

    def find(self, name: str, kind: str) -> Any | None:
        """The style brief calls `name`: by its name, then its style ID, then the other
        names editors give it; of the right kind; case and spaces aside."""
        for wanted in (name, *ALIASES.get(name, ())):
            for how in ("name", "id"):
                found = self._lookup(how, kind, _key(wanted))
                if found:
                    return found[0]
        if name == "Normal":  # whatever the editor calls it, the default paragraph style
            return next((s for s in self.all() if (s.get(qn("w:type")) or PARAGRAPH) == kind
                         and s.get(qn("w:default")) in ("1", "true")), None)
        return None


@dataclass
class HouseStyle:
    """A template's reference.docx, made ready for a build."""

    parts: dict[str, bytes]  # the package's files, its styles found, completed, tidied
    styles: Styles
    section: Any  # the body's w:sectPr
    warnings: list[BriefWarning] = field(default_factory=list)
    # The first paragraph of the default header and footer (`render.word_css` shows it).
    running: dict[str, Any] = field(default_factory=dict)
    # brief's styles the file lacked, which were made from its own Normal and headings;
    # and those `brief templates new --from-word` made so and wrote into it.
    added: tuple[str, ...] = ()
    added_before: tuple[str, ...] = ()
    # The first picture of the default header (the house's logo), for the PDF's header.
    header_image: HeaderImage | None = None

    def style(self, name: str) -> Any | None:
        return self.styles.find(name, STYLES.get(name, PARAGRAPH))

    @functools.cached_property
    def docx(self) -> bytes:
        """The package, zipped again (only a build of the Word file needs it)."""
        return _zipped(self.parts)


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, content in parts.items():
            rebuilt.writestr(name, content)
    return out.getvalue()


def table_style_name(house: HouseStyle, template: Template) -> str:
    """The name, as reference.docx writes it, of the table style of the tables in the text
    (template.yaml's `table_style`); an error at that setting if the file has none of it."""
    wanted = template.table_style
    found = house.styles.find(wanted, TABLE)
    if found is None:
        names = [str(name.get(qn("w:val"))) for style in house.styles.all()
                 if style.get(qn("w:type")) == TABLE
                 and (name := style.find("w:name", _NS)) is not None]
        raise TemplateError(
            f"'{wanted}' is not a table style of reference.docx",
            template.setting_where("table_style"), hint=table_styles.hint(wanted, names))
    name = found.find("w:name", _NS)
    return str(name.get(qn("w:val"))) if name is not None else wanted


def house_style(template: Template) -> HouseStyle:
    """Read the template's reference.docx: find brief's styles in it, add the missing
    ones based on its own, apply the template's own `style:` tokens."""
    reference = template.file("reference.docx")
    data = read_input(reference, "template", Where(reference), TemplateError, "reference.docx")
    return _house_style(reference, data, tuple(sorted(template.own_style.items())))


@functools.lru_cache(maxsize=8)
def _house_style(reference: Path, data: bytes, tokens: tuple[tuple[str, str], ...]
                 ) -> HouseStyle:
    from lxml import etree

    check_zip(data, "reference.docx", Where(reference), TemplateError)
    where = Where(reference)
    try:
        return _prepare(data, tokens, where, reference)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as exc:
        # Any part of the package that is missing or is not XML, whichever step reads it.
        problem = f"no {exc.args[0]}" if isinstance(exc, KeyError) else str(exc)
        raise TemplateError(f"reference.docx cannot be opened as a Word file: {problem}",
                            where, hint="open it in Word or LibreOffice and save it as .docx "
                            "(Word 2007-365)") from None


def _prepare(data: bytes, tokens: tuple[tuple[str, str], ...], where: Where, reference: Path
             ) -> HouseStyle:
    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: package.read(info) for info in package.infolist()
             if not info.is_dir()}
    _check_main_part(parts, where)
    check_counts(parts, where)
    warnings = clean(parts, where)  # what reaches outside the file, and macros
    added_before = take_added(parts)
    as_document(parts)
    styles_name = ensure_part(parts, "styles", f'<w:styles xmlns:w="{W}"/>')
    styles = Styles(etree.fromstring(parts[styles_name]))
    document = etree.fromstring(parts["word/document.xml"])
    body = document.find("w:body", _NS)
    if body is None:
        raise ValueError("its document.xml has no body")
    section = body.find("w:sectPr", _NS)
    if section is None:
        section = etree.SubElement(body, qn("w:sectPr"))
    _inherit_headers(body, section)
    _complete_page_setup(section)
    added = _complete(styles, parts)
    lacking = tuple(name for name in added if name not in WORD_ADDS)
    warnings += [BriefWarning(
        _lacks_styles(lacking), where,
        hint="to see and edit them in Word's or LibreOffice's Styles pane, make the "
        "template with `brief templates new NAME --from-word FILE`, which writes them "
        "into reference.docx")] if lacking else []
    _tidy(styles, document, parts)
    apply_tokens(styles, section, dict(tokens))
    running = {kind: running_paragraph(parts, section, kind) for kind in ("header", "footer")}
    logo, image_warnings = header_image(parts, section, where)
    warnings += image_warnings
    warnings += restore_marking(parts, section, styles, where)
    parts[styles_name] = etree.tostring(styles.root, xml_declaration=True,
                                        encoding="UTF-8", standalone=True)
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    return HouseStyle(parts, styles, section, warnings,
                      {k: v for k, v in running.items() if v is not None}, tuple(added),
                      added_before, logo)


def _lacks_styles(added: tuple[str, ...]) -> str:
    return (f"reference.docx lacks {len(added)} of brief's styles; added, based on its own "
            f"Normal and headings: {', '.join(added)}")


def _inherit_headers(body: Any, section: Any) -> None:
    """Give the last section the headers and footers it shows by inheritance from the
    sections before it (Word's 'Link to Previous'): a memo keeps only that section."""
    shown: dict[tuple[str, str], Any] = {}
    for earlier in body.iterfind("w:p/w:pPr/w:sectPr", _NS):
        for reference in earlier:
            if reference.tag in (qn("w:headerReference"), qn("w:footerReference")):
                shown[(reference.tag, reference.get(qn("w:type"), "default"))] = reference
    own = {(r.tag, r.get(qn("w:type"), "default")) for r in section
           if r.tag in (qn("w:headerReference"), qn("w:footerReference"))}
    for key, reference in shown.items():
        if key not in own:
            section.insert(0, copy.deepcopy(reference))
    order(section, _SECT_ORDER)


# A4 with 20 mm margins, in twentieths of a point: what `page_setup` takes where the file
# says nothing (pandoc writes a section with no page size or margins).
_PAGE_DEFAULTS = {"w:pgSz": {"w": "11906", "h": "16838"},
                  "w:pgMar": {"top": "1134", "right": "1134", "bottom": "1134", "left": "1134",
                              "header": "709", "footer": "709", "gutter": "0"}}


def _complete_page_setup(section: Any) -> None:
    """The page size and margins the section lacks, which Word would take as its own
    defaults and python-docx reads as none."""
    for tag, defaults in _PAGE_DEFAULTS.items():
        element = _child(section, tag, _SECT_ORDER)
        for attr, value in defaults.items():
            if element.get(qn(f"w:{attr}")) is None:
                element.set(qn(f"w:{attr}"), value)


_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def _check_main_part(parts: dict[str, bytes], where: Where) -> None:
    """A package brief can read: the parts every Word file has, the document where Word
    puts it."""
    for name in _PACKAGE_PARTS:
        if name not in parts:
            raise TemplateError(
                f"reference.docx has no part {name}: it is not a Word document", where,
                hint="open it in Word or LibreOffice and save it as a Word document (.docx)")
    if b"http://purl.oclc.org/ooxml/wordprocessingml/main" in parts["word/document.xml"][:2000]:
        raise TemplateError(
            "reference.docx is saved as Strict Open XML, which brief cannot read", where,
            hint="in Word: File > Save As > Word Document (.docx), not Strict Open XML "
            "Document")
    main = re.search(rb'<Relationship [^<>]*officeDocument/2006/relationships/officeDocument'
                     rb'"[^<>]*>', parts["_rels/.rels"]) or re.search(
        rb'<Relationship [^<>]*Type="[^"]*/officeDocument"[^<>]*>', parts["_rels/.rels"])
    target = re.search(rb'Target="/?([^"]*)"', main[0]) if main else None
    if target is None or target[1] != b"word/document.xml":
        found = target[1].decode(errors="replace") if target else "none"
        raise TemplateError(
            f"reference.docx's main document part is {found}, not word/document.xml, "
            "where brief reads it", where,
            hint="open it in Word or LibreOffice and save it as a Word document (.docx)")


def house_reference(word_file: Path, data: bytes
                    ) -> tuple[bytes, tuple[str, ...], tuple[BriefWarning, ...]]:
    """The organisation's Word file made a reference.docx (`tidy_reference`), with a note
    of the styles added to it, which `brief templates check` reports; their names; and
    what else was done to it that the house should hear of (the marking put into its
    header and footer, a logo the PDF cannot show)."""
    house = _house_style(word_file, data, ())
    parts = dict(house.parts)
    record_added(parts, house.added)
    others = tuple(w for w in house.warnings if w.message != _lacks_styles(house.added))
    return _zipped(parts), house.added, others


def tidy_reference(reference: Path, data: bytes) -> HouseStyle:
    """A reference.docx as brief reads it, with no tokens applied: brief's styles named
    as Word names them, the missing ones added, what Word would repair tidied (its
    `docx`), and the names of the styles added."""
    return _house_style(reference, data, ())


def _complete(styles: Styles, parts: dict[str, bytes]) -> list[str]:
    """Give every style brief uses its Word name; make those the file lacks from its own
    Normal and headings (`additions`), and give brief's lists their numbering. The names
    of the styles made."""
    added = []
    for name, kind in STYLES.items():
        found = styles.find(name, kind)
        if found is None:
            style_id = re.sub(r"\W", "", name)
            while styles.by_id(style_id) is not None:
                style_id += "Brief"
            found = make_style(styles, name, kind, style_id)
            styles.root.append(found)
            styles.changed()
            added.append(name)
        _rename(styles, found, name, kind)
    ensure_numbering(styles, parts)
    return added


def _rename(styles: Styles, style: Any, name: str, kind: str) -> None:
    """Call the style by Word's name, so the Word file reads as Word writes it; another
    style of another kind with that name gives way."""
    wanted = word_name(name)
    for other in list(styles.named(wanted)):
        element = other.find("w:name", _NS)
        if other is not style:
            element.set(qn("w:val"), f"{element.get(qn('w:val'))} ({other.get(qn('w:type'))})")
            styles.changed()
    element = style.find("w:name", _NS)
    if element is None:
        from lxml import etree

        element = etree.Element(qn("w:name"))
        style.insert(0, element)
    if element.get(qn("w:val")) != wanted:
        element.set(qn("w:val"), wanted)
        styles.changed()


# The order of w:pPr's children in the WordprocessingML schema.
_SECT_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
               "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
               "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _tidy(styles: Styles, document: Any, parts: dict[str, bytes]) -> None:
    """What Word would repair: properties out of the schema's order (LibreOffice writes
    some so), styles based on or followed by styles the file lacks, a grid's character
    spacing written as an unsigned number, and a stylesWithEffects.xml (Word 2010's copy
    of the styles) that no longer agrees."""
    from lxml import etree

    stories = {name: etree.fromstring(content) for name, content in parts.items()
               if re.fullmatch(r"word/(header|footer)\d*\.xml", name)}
    for style in styles.all():  # a reference to a style the file no longer has
        for link in ("w:basedOn", "w:next", "w:link"):
            element = style.find(link, _NS)
            if element is not None and styles.by_id(element.get(qn("w:val")) or "") is None:
                style.remove(element)
    for root in (styles.root, document, *stories.values()):
        for p_pr in root.iter(qn("w:pPr")):
            order(p_pr, PPR_ORDER)
        for r_pr in root.iter(qn("w:rPr")):
            order(r_pr, RPR_ORDER)
        for grid in root.iter(qn("w:docGrid")):
            space = number(grid.get(qn("w:charSpace")))
            if space is not None and space >= 2 ** 31:
                grid.set(qn("w:charSpace"), str(int(space) - 2 ** 32))
    tidy_stories(stories)
    order_styles(styles)
    for name, root in stories.items():
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    tidy_package(parts)
    # The thumbnail is of the reference document, not of any memo.
    for name in [n for n in parts if n.startswith("docProps/thumbnail")]:
        del parts[name]
    if "_rels/.rels" in parts:
        parts["_rels/.rels"] = re.sub(rb"<Relationship [^<>]*docProps/thumbnail[^<>]*/>", b"",
                                      parts["_rels/.rels"])
    if "docProps/app.xml" in parts:
        parts["docProps/app.xml"] = re.sub(rb"<Application>[^<]*</Application>",
                                           b"<Application>brief</Application>",
                                           parts["docProps/app.xml"])
    if "word/settings.xml" in parts:  # Word 2013 and later's layout, not Word 2010's
        parts["word/settings.xml"] = re.sub(
            rb'(<w:compatSetting w:name="compatibilityMode" [^<>]*w:val=")1[0-4]"', rb'\g<1>15"',
            parts["word/settings.xml"])
    if "word/stylesWithEffects.xml" in parts:
        del parts["word/stylesWithEffects.xml"]
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
            if name in parts:
                parts[name] = re.sub(rb"<[^<>]*stylesWithEffects[^<>]*/>", b"", parts[name])


# --- the tokens of template.yaml, applied to the styles -----------------------------------

HEADING_STYLES = ("Title", "Subtitle", "Organisation", "Heading 1", "Heading 2")
ACCENT_STYLES = ("Title", "Organisation", "Heading 1", "Citation", "Hyperlink")
FONT_STYLES = tuple(n for n, kind in STYLES.items() if kind != TABLE)


def _child(parent: Any, tag: str, names: tuple[str, ...]) -> Any:
    from lxml import etree

    found = parent.find(tag, _NS)
    if found is None:
        found = etree.SubElement(parent, qn(tag))
        order(parent, names)
    return found


def _p_pr(style: Any) -> Any:
    return _child(style, "w:pPr", STYLE_ORDER)


def _r_pr(style: Any) -> Any:
    return _child(style, "w:rPr", STYLE_ORDER)


def apply_tokens(styles: Styles, section: Any, tokens: dict[str, str]) -> None:
    """Set the design tokens a template.yaml gives on the styles and the page setup."""
    def hex_of(token: str) -> str:
        return tokens[token].lstrip("#").upper()

    page = _child(section, "w:pgSz", _SECT_ORDER)
    if "page_size" in tokens:
        width, height = PAGE_SIZES_MM[tokens["page_size"]]
        page.set(qn("w:w"), str(round(width / 25.4 * 1440)))
        page.set(qn("w:h"), str(round(height / 25.4 * 1440)))
        page.attrib.pop(qn("w:orient"), None)
    margins = _child(section, "w:pgMar", _SECT_ORDER)
    for side in ("top", "right", "bottom", "left"):
        if f"margin_{side}" in tokens:
            margins.set(qn(f"w:{side}"),
                        str(round(length_mm(tokens[f"margin_{side}"]) / 25.4 * 1440)))
    _place_header_tabs(styles, section)
    for name in FONT_STYLES:
        token = "heading_font" if name in HEADING_STYLES else "body_font"
        style = styles.find(name, STYLES[name])
        if token in tokens and style is not None:
            fonts = _child(_r_pr(style), "w:rFonts", RPR_ORDER)
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{attr}"), tokens[token])
            for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
    normal = styles.find("Normal", PARAGRAPH)
    if "font_size" in tokens:
        size = str(round(float(tokens["font_size"].removesuffix("pt")) * 2))
        _child(_r_pr(normal), "w:sz", RPR_ORDER).set(qn("w:val"), size)
    if "text_colour" in tokens:
        _child(_r_pr(normal), "w:color", RPR_ORDER).set(qn("w:val"), hex_of("text_colour"))
    if "accent_colour" in tokens:
        for name in ACCENT_STYLES:
            _child(_r_pr(styles.find(name, STYLES[name])), "w:color", RPR_ORDER).set(
                qn("w:val"), hex_of("accent_colour"))
        for name, path in (("BLUF", "w:pBdr/w:left"), ("Title", "w:pBdr/w:bottom"),
                           ("Decision", "w:pBdr/*")):
            for edge in _p_pr(styles.find(name, PARAGRAPH)).iterfind(path, _NS):
                edge.set(qn("w:color"), hex_of("accent_colour"))
    if "marking_colour" in tokens:
        _child(_r_pr(styles.find("Marking", PARAGRAPH)), "w:color", RPR_ORDER).set(
            qn("w:val"), hex_of("marking_colour"))
    if "bluf_background" in tokens:
        for shading in _p_pr(styles.find("BLUF", PARAGRAPH)).iterfind("w:shd", _NS):
            shading.set(qn("w:fill"), hex_of("bluf_background"))


def page_setup(section: Any) -> tuple[float, float, dict[str, float]]:
    """The page's width and height and its margins, in millimetres."""
    def mm(element: Any, attr: str, default: float) -> float:
        value = element.get(qn(f"w:{attr}")) if element is not None else None
        try:
            return int(float(value)) / 1440 * 25.4 if value is not None else default
        except ValueError:
            return default

    size, margins = section.find("w:pgSz", _NS), section.find("w:pgMar", _NS)
    width, height = mm(size, "w", 210.0), mm(size, "h", 297.0)
    return width, height, {side: mm(margins, side, 20.0)
                           for side in ("top", "right", "bottom", "left")}


def _place_header_tabs(styles: Styles, section: Any) -> None:
    """Put the Marking style's centre and right tab stops at the middle and the right
    margin of the page, as its size and margins now are; clear the tab stops it would
    inherit (Word's Header has its own), which would catch the tabs first."""
    from lxml import etree

    marking = styles.find("Marking", PARAGRAPH)
    if marking is None:
        return
    width, _, margins = page_setup(section)
    text_width = round((width - margins["left"] - margins["right"]) / 25.4 * 1440)
    stops = {"center": text_width // 2, "right": text_width}
    p_pr = _p_pr(marking)
    tabs = p_pr.find("w:tabs", _NS)
    if tabs is not None:
        p_pr.remove(tabs)
    tabs = _child(p_pr, "w:tabs", PPR_ORDER)
    inherited: list[int] = []
    base = marking
    for _ in range(20):  # a chain of basedOn, which an edited file may make circular
        based_on = base.find("w:basedOn", _NS)
        base = styles.by_id(based_on.get(qn("w:val"))) if based_on is not None else None
        if base is None:
            break
        inherited += [int(t.get(qn("w:pos")) or 0) for t in base.iterfind("w:pPr/w:tabs/w:tab",
                                                                          _NS)]
    for position in sorted(set(inherited) - set(stops.values())):
        etree.SubElement(tabs, qn("w:tab"), {qn("w:val"): "clear", qn("w:pos"): str(position)})
    for kind, position in stops.items():
        etree.SubElement(tabs, qn("w:tab"), {qn("w:val"): kind, qn("w:pos"): str(position)})


def number(value: str | None) -> float | None:
    """A number attribute of the XML, or None where it is missing or not a number."""
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
