"""What brief adds to a house's own Word file so that a memo can be written with it: the
styles it lacks, made from the house's own Normal and headings (so that what is added
looks like the house, not like brief's navy memo), the numbering its lists need, and the
parts of the package a Word file may do without (numbering.xml, styles.xml).

Each added style says only what gives it its role (a border, an indent, a size); its font
and colour come from the house's style it is based on, or from its document defaults.
"""

from __future__ import annotations

import re
from typing import Any

from ..ooxml import NS as _NS
from ..ooxml import PPR_ORDER, RPR_ORDER, W, order, qn

# How each of brief's styles is made where the house lacks it: the house styles it is
# based on, the first the file has (else Normal), and its own properties, in the schema's
# order. {accent} is the colour of the house's Heading 1 (its text colour otherwise).
_RECIPES: dict[str, tuple[tuple[str, ...], str]] = {
    "Normal": ((), ""),
    "Heading 1": ((), '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/>'
                  '<w:outlineLvl w:val="0"/></w:pPr>'
                  '<w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>'),
    "Heading 2": (("Heading 1",), '<w:pPr><w:spacing w:before="160" w:after="60"/>'
                  '<w:outlineLvl w:val="1"/></w:pPr>'
                  '<w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'),
    "Title": (("Heading 1",), '<w:pPr><w:spacing w:before="0" w:after="60"/>'
              '<w:outlineLvl w:val="9"/></w:pPr>'
              '<w:rPr><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr>'),
    "Subtitle": (("Heading 2",), '<w:pPr><w:spacing w:before="0" w:after="160"/>'
                 '<w:outlineLvl w:val="9"/></w:pPr><w:rPr><w:b w:val="0"/><w:i/></w:rPr>'),
    "Organisation": (("Heading 1",), '<w:pPr><w:spacing w:before="0" w:after="60"/>'
                     '<w:outlineLvl w:val="9"/></w:pPr>'
                     '<w:rPr><w:caps/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    "Memo Header": ((), '<w:pPr><w:tabs><w:tab w:val="left" w:pos="1418"/></w:tabs>'
                    '<w:spacing w:before="0" w:after="0"/><w:ind w:left="1418" '
                    'w:hanging="1418"/></w:pPr>'),
    "BLUF": ((), '<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" '
             'w:color="{accent}"/></w:pBdr><w:spacing w:after="120"/><w:ind w:left="227"/>'
             '</w:pPr>'),
    "Decision": ((), '<w:pPr><w:pBdr><w:top w:val="single" w:sz="8" w:space="4" '
                 'w:color="{accent}"/><w:left w:val="single" w:sz="8" w:space="4" '
                 'w:color="{accent}"/><w:bottom w:val="single" w:sz="8" w:space="4" '
                 'w:color="{accent}"/><w:right w:val="single" w:sz="8" w:space="4" '
                 'w:color="{accent}"/></w:pBdr><w:spacing w:after="120"/>'
                 '<w:ind w:left="113" w:right="113"/></w:pPr>'),
    "List Bullet": (("List Paragraph",), '<w:pPr><w:spacing w:after="60"/>'
                    '<w:ind w:left="360" w:hanging="360"/><w:contextualSpacing/></w:pPr>'),
    "List Number": (("List Paragraph",), '<w:pPr><w:spacing w:after="60"/>'
                    '<w:ind w:left="360" w:hanging="360"/><w:contextualSpacing/></w:pPr>'),
    "List Continue": ((), '<w:pPr><w:spacing w:after="60"/><w:ind w:left="360"/></w:pPr>'),
    "Passage": (("Quote",), '<w:pPr><w:spacing w:after="120"/>'
                '<w:ind w:left="567" w:right="567"/></w:pPr><w:rPr><w:i/></w:rPr>'),
    "Source": ((), '<w:pPr><w:spacing w:after="60"/><w:ind w:left="284" w:hanging="284"/>'
               '</w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    "Marking": (("Header",), '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
                '<w:rPr><w:b/><w:bCs/></w:rPr>'),
    "Footnote Text": ((), '<w:pPr><w:spacing w:after="0"/></w:pPr>'
                      '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
    "Note": (("Footnote Text",), '<w:pPr><w:spacing w:after="40"/></w:pPr>'),
    "Citation": ((), ""),
    "Hyperlink": ((), '<w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/>'
                  '<w:u w:val="single"/></w:rPr>'),
    "Fingerprint": ((), '<w:rPr><w:color w:val="595959"/><w:sz w:val="14"/>'
                    '<w:szCs w:val="14"/></w:rPr>'),
    "Footnote Reference": ((), '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    "Incentives Table": (("Table Grid",), "{table}"),
    "Options Table": (("Table Grid",), "{table}"),
    "Memo Table": (("Table Grid",), "{table}"),
    # Word's own Caption, without its grey-blue (too faint on the bottom line's shading):
    # a figure's caption (under it) or a table's (above it, kept with it by the renderer)
    "Caption": ((), '<w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr>'
                '<w:rPr><w:i/><w:iCs/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'),
}
_EDGE = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="{{accent}}"/>'
_TABLE = ('<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:tblPr><w:tblBorders>'
          + "".join(_EDGE.format(edge) for edge in ("top", "left", "bottom", "right",
                                                    "insideH", "insideV"))
          + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/>'
          '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
          '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
          '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr></w:tblStylePr>')
# The order of w:style's children in the WordprocessingML schema.
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
               "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked",
               "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
               "tblPr", "trPr", "tcPr", "tblStylePr")
# The order of w:lvl's children in the WordprocessingML schema.
_LVL_ORDER = ("start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
              "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr")
_KIND_DEFAULT_BASE = {"character": "Default Paragraph Font", "table": "Normal Table"}


def make_style(styles: Any, name: str, kind: str, style_id: str) -> Any:
    """A new style `name` for the house: based on the first of its recipe's house styles
    the file has (else on Normal), with the few properties that give it its role."""
    from lxml import etree

    bases, body = _RECIPES[name]
    body = body.replace("{table}", _TABLE).replace("{accent}", accent(styles))
    style = etree.fromstring(f'<w:style xmlns:w="{W}" w:type="{kind}" w:styleId="{style_id}">'
                             f'<w:name w:val="{name}"/>{body}</w:style>')
    base = next((found for found in (_house(styles, b, kind) for b in bases) if found is not None),
                None)
    if base is None and name != "Normal":
        base = _house(styles, _KIND_DEFAULT_BASE.get(kind, "Normal"), kind)
    if base is not None:
        etree.SubElement(style, qn("w:basedOn")).set(qn("w:val"), base.get(qn("w:styleId")))
    normal = _house(styles, "Normal", kind) if kind == "paragraph" else None
    if normal is not None and name not in ("Normal", "Marking", "Footnote Text", "Note"):
        etree.SubElement(style, qn("w:next")).set(qn("w:val"), normal.get(qn("w:styleId")))
    if kind == "paragraph":
        etree.SubElement(style, qn("w:qFormat"))
    order(style, STYLE_ORDER)
    if name == "Normal" and not any(s.get(qn("w:default")) in ("1", "true")
                                    and s.get(qn("w:type")) == "paragraph"
                                    for s in styles.all()):
        style.set(qn("w:default"), "1")
    return style


def _house(styles: Any, name: str, kind: str) -> Any | None:
    """The house's own style of that name (as brief finds it), if it has one."""
    return styles.find(name, kind)


def accent(styles: Any) -> str:
    """The colour of the house's Heading 1 (through the styles it is based on), for the
    rules and borders of the styles brief adds; Word's automatic colour otherwise."""
    style = styles.find("Heading 1", "paragraph")
    for _ in range(20):  # a chain of basedOn, which an edited file may make circular
        if style is None:
            break
        colour = style.find("w:rPr/w:color", _NS)
        value = colour.get(qn("w:val")) if colour is not None else None
        if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            return value.upper()
        based_on = style.find("w:basedOn", _NS)
        style = styles.by_id(based_on.get(qn("w:val"))) if based_on is not None else None
    return "auto"


# --- the parts a Word file may do without -------------------------------------------------

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
PART_TYPES = {"numbering": f"{_WML}.numbering+xml", "styles": f"{_WML}.styles+xml"}
DOCUMENT_TYPE = f"{_WML}.document.main+xml"
# A Word template (.dotx) and a macro-enabled one: the same package, another content type.
TEMPLATE_TYPES = (f"{_WML}.template.main+xml",)


def ensure_part(parts: dict[str, bytes], kind: str, empty: str) -> str:
    """The name of the document's `kind` part (numbering, styles), made (as `empty`) and
    related to the document where the package has none."""
    from lxml import etree

    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name]) if rels_name in parts else \
        etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
    rel_type = f"{_R}/{kind}"
    for rel in rels:
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = (rel.get("Target") or "").lstrip("/")
            name = target if target.startswith("word/") else f"word/{target}"
            if name not in parts:  # a damaged package: said as for any missing part
                raise KeyError(name)
            return name
    name = f"word/{kind}.xml"
    if name not in parts:
        parts[name] = empty.encode()
    ids = {rel.get("Id") for rel in rels}
    rel_id = next(f"rIdBrief{n}" for n in range(1, 100) if f"rIdBrief{n}" not in ids)
    etree.SubElement(rels, f"{{{_PR}}}Relationship", Id=rel_id, Type=rel_type,
                     Target=f"{kind}.xml")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in types.findall(f"{{{_CT}}}Override"):
        if override.get("PartName") == f"/{name}":
            types.remove(override)
    etree.SubElement(types, f"{{{_CT}}}Override", PartName=f"/{name}",
                     ContentType=PART_TYPES[kind])
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
    return name


def as_document(parts: dict[str, bytes]) -> None:
    """A Word template (.dotx) as a document: its main part's content type changed."""
    content_types = parts.get("[Content_Types].xml", b"")
    for template_type in TEMPLATE_TYPES:
        content_types = content_types.replace(template_type.encode(), DOCUMENT_TYPE.encode())
    parts["[Content_Types].xml"] = content_types


def ensure_numbering(styles: Any, parts: dict[str, bytes]) -> None:
    """Give List Bullet and List Number a list of the file's numbering: a bullet and a
    decimal list made where the style has none, or one the numbering part lacks."""
    from lxml import etree

    name = ensure_part(parts, "numbering", f'<w:numbering xmlns:w="{W}"/>')
    numbering = etree.fromstring(parts[name])
    nums = {num.get(qn("w:numId")) for num in numbering.iterfind("w:num", _NS)}
    for number in [*numbering.iter(qn("w:nsid")), *numbering.iter(qn("w:tmpl"))]:
        number.set(qn("w:val"), (number.get(qn("w:val")) or "").zfill(8))  # pandoc's are short
    for level in numbering.iter(qn("w:lvl")):  # LibreOffice writes some out of order
        order(level, _LVL_ORDER)
        for child, names in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER)):
            for properties in level.iterfind(child, _NS):
                order(properties, names)
    for style_name, fmt, text in (("List Bullet", "bullet", "\u2022"),
                                  ("List Number", "decimal", "%1.")):
        style = styles.find(style_name, "paragraph")
        if style is None:
            continue
        num_id = style.find("w:pPr/w:numPr/w:numId", _NS)
        if num_id is not None and num_id.get(qn("w:val")) in nums:
            continue
        new_id = _add_list(numbering, fmt, text)
        nums.add(new_id)
        p_pr = style.find("w:pPr", _NS)
        if p_pr is None:
            p_pr = etree.SubElement(style, qn("w:pPr"))
            order(style, STYLE_ORDER)
        for old in p_pr.findall("w:numPr", _NS):
            p_pr.remove(old)
        num_pr = etree.SubElement(p_pr, qn("w:numPr"))
        etree.SubElement(num_pr, qn("w:numId")).set(qn("w:val"), new_id)
        order(p_pr, PPR_ORDER)
    parts[name] = etree.tostring(numbering, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)


def _add_list(numbering: Any, fmt: str, text: str) -> str:
    """Add a one-level list (an abstractNum and a num) to numbering.xml; its numId."""
    from lxml import etree

    abstract_ids = [int(a.get(qn("w:abstractNumId")) or 0)
                    for a in numbering.iterfind("w:abstractNum", _NS)]
    num_ids = [int(n.get(qn("w:numId")) or 0) for n in numbering.iterfind("w:num", _NS)]
    abstract_id, num_id = str(max(abstract_ids, default=-1) + 1), str(max(num_ids, default=0) + 1)
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="B21EF{int(abstract_id) % 0x1000:03X}"/>'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>')
    # Every abstractNum comes before the first num, and after the pictures of bullets.
    first_num = numbering.find("w:num", _NS)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        cleanup = numbering.find("w:numIdMacAtCleanup", _NS)
        if cleanup is not None:
            cleanup.addprevious(abstract)
        else:
            numbering.append(abstract)
    num = etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="{num_id}">'
                           f'<w:abstractNumId w:val="{abstract_id}"/></w:num>')
    last_num = numbering.findall("w:num", _NS)
    if last_num:
        last_num[-1].addnext(num)
    else:
        abstract.addnext(num)
    return num_id


def tidy_package(parts: dict[str, bytes]) -> None:
    """What a house's file carries that a memo does not need and Word's schema does not
    allow as written: its building blocks (the glossary document, whose styles are its
    own), the HTML layout Word keeps of pasted web pages (webSettings' divs), and the
    Version Word writes on a bibliography's sources."""
    glossary = [name for name in parts if name.startswith("word/glossary/")]
    for name in glossary:
        del parts[name]
    if glossary:
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
            if name in parts:
                parts[name] = re.sub(rb"<(Relationship|Override) [^<>]*"
                                     rb"(glossaryDocument|/word/glossary/)[^<>]*/>", b"",
                                     parts[name])
    if "word/webSettings.xml" in parts:
        parts["word/webSettings.xml"] = re.sub(rb"<w:divs>.*</w:divs>|<w:divs/>", b"",
                                               parts["word/webSettings.xml"], flags=re.S)
    if "word/settings.xml" in parts:  # pandoc writes some out of the schema's order
        parts["word/settings.xml"] = _settings_first(parts["word/settings.xml"])
    for name in [n for n in parts if re.fullmatch(r"customXml/item\d+\.xml", n)]:
        parts[name] = re.sub(rb"(<(?:\w+:)?Sources\b[^<>]*?)\s+Version=\"[^\"]*\"", rb"\1",
                             parts[name])


_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_VML = "{urn:schemas-microsoft-com:vml}"


def tidy_stories(stories: dict[str, Any]) -> None:
    """What Word would repair in the headers and footers: drawings' ids that repeat from
    one header to another (python-docx numbers each part from 1, LibreOffice names every
    shape shape_0), a date field's placeholder LibreOffice took as its date, and a tool's
    own markup (Open XML PowerTools' Insert)."""
    drawing_ids = iter(range(10001, 2 ** 31))
    shape_ids: set[str] = set()
    for root in stories.values():
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            if element.tag == f"{_DRAWING}docPr":
                element.set("id", str(next(drawing_ids)))
            elif element.tag.startswith(_VML) and element.tag != f"{_VML}shapetype" \
                    and element.get("id") is not None:
                shape_id = element.get("id")
                while shape_id in shape_ids:
                    shape_id += "_"
                shape_ids.add(shape_id)
                element.set("id", shape_id)
            elif element.tag == qn("w:date"):
                full = element.get(qn("w:fullDate"))
                if full is not None and not re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z?", full):
                    del element.attrib[qn("w:fullDate")]
            elif element.tag.startswith("{http://powertools.codeplex.com/"):
                element.getparent().remove(element)


# The order of w:settings' children in the WordprocessingML schema (others, Word 2010's
# and later's, after them).
_SETTINGS_NAMES = """writeProtection view zoom removePersonalInformation removeDateAndTime
doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText
printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts
saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader
bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors
activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter
stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves
doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet
defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps
showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders
bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery
doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin
doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne
strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture
doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText
doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars
rsids mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats
doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType
schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"""
_SETTINGS_ORDER = tuple(_SETTINGS_NAMES.split())


def _settings_first(settings: bytes) -> bytes:
    """settings.xml with its settings in the schema's order."""
    from lxml import etree

    root = etree.fromstring(settings)
    rank = {name: index for index, name in enumerate(_SETTINGS_ORDER)}
    children = sorted(root, key=lambda c: rank.get(str(c.tag).rsplit("}", 1)[-1], len(rank)))
    for child in children:
        root.append(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# The order of the children of a table style's conditional formatting and of a cell's
# properties in the WordprocessingML schema.
_TBLSTYLEPR_ORDER = ("pPr", "rPr", "tblPr", "trPr", "tcPr")
_TCPR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
               "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")


def order_styles(styles: Any) -> None:
    """Each style's children, and its table parts', in the schema's order (pandoc and
    LibreOffice write some out of it)."""
    for style in styles.all():
        order(style, STYLE_ORDER)
        for conditional in style.iterfind("w:tblStylePr", _NS):
            order(conditional, _TBLSTYLEPR_ORDER)
        for cell in style.iter(qn("w:tcPr")):
            order(cell, _TCPR_ORDER)


# --- which styles brief added, kept in the file for `brief templates check` -----------------

ADDED_PROPERTY = "brief: styles added"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def record_added(parts: dict[str, bytes], names: tuple[str, ...]) -> None:
    """Note in the file's custom properties (which Word and LibreOffice keep) which of
    brief's styles were added to it."""
    from lxml import etree

    if not names:
        return
    name = "docProps/custom.xml"
    if name not in parts:
        parts[name] = f'<Properties xmlns="{_CUSTOM}" xmlns:vt="{_VT}"/>'.encode()
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdBriefCustom" Type="{_R}/custom-properties" '
            f'Target="docProps/custom.xml"/></Relationships>'.encode())
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/docProps/custom.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
    root = etree.fromstring(parts[name])
    ids = [int(p.get("pid", "1")) for p in root.findall(f"{{{_CUSTOM}}}property")]
    prop = etree.SubElement(root, f"{{{_CUSTOM}}}property",
                            fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",
                            pid=str(max(ids, default=1) + 1), name=ADDED_PROPERTY)
    etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = ", ".join(names)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def take_added(parts: dict[str, bytes]) -> tuple[str, ...]:
    """The styles `record_added` noted, the note taken out (a memo does not carry it)."""
    from lxml import etree

    name = "docProps/custom.xml"
    if ADDED_PROPERTY.encode() not in parts.get(name, b""):
        return ()
    root = etree.fromstring(parts[name])
    names: tuple[str, ...] = ()
    for prop in root.findall(f"{{{_CUSTOM}}}property"):
        if prop.get("name") == ADDED_PROPERTY:
            names = tuple(n.strip() for n in "".join(prop.itertext()).split(",") if n.strip())
            root.remove(prop)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return names
