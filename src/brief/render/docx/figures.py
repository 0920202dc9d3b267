"""Figures in the Word file: the picture inline in a paragraph of its own, kept with its
caption below it; its alt text as the picture's description (`wp:docPr/@descr`), or
marked decorative as Word marks it; an SVG as Word 2016 and later hold it (an
`asvg:svgBlip` beside a PNG drawn from it, which older readers show); and the caption in
the house's Caption style, its number a `SEQ Figure` field, so that Word's own "Insert
Table of Figures" lists it. The list of figures is such a table, `TOC \\c "Figure"`,
with its entries written in so that it reads right before Word updates it.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from typing import Any

from ...model import Figure, Picture, figure_width
from ...ooxml import PPR_ORDER, order
from ..pictures import svg_as_png
from .data_tables import add_data_table

EMU_PER_MM = 36000
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
DECORATIVE_EXTENSION = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Of the text's height, what a picture may take, leaving its caption room on the page.
MOST_OF_PAGE = 0.75
# The ids of the captions' bookmarks start here, clear of any the house's files hold.
BOOKMARK_IDS = 9000


def text_box_mm(document: Any) -> tuple[float, float]:
    """The width and height of the text on the last section's pages, in millimetres."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    return width / EMU_PER_MM, height / EMU_PER_MM


def picture_size_mm(figure: Figure, picture: Picture, text: tuple[float, float]
                    ) -> tuple[float, float]:
    """The picture's size on the page: its `width` (or the text width), in proportion,
    and shrunk to fit `MOST_OF_PAGE` of the text's height."""
    width = figure_width(figure.width, text[0])
    height = width * picture.height / max(picture.width, 1.0)
    most = text[1] * MOST_OF_PAGE
    if height > most:
        width, height = width * most / height, most
    return width, height


def add_figure(document: Any, figure: Figure, style: str = "Normal",
               container: Any = None, share: float = 1.0) -> None:
    """Append `figure` to the document (or to `container`, a table cell `share` of the
    text wide): its picture in a paragraph of `style` kept with the next, then its
    caption (if it has one) in the Caption style."""
    from docx.shared import Emu

    picture = figure.picture
    if picture is None:
        return
    box = text_box_mm(document)
    room = box[0] * share - _indents_mm(document, style)
    width, height = picture_size_mm(figure, picture, (room, box[1]))
    container = document if container is None else container
    paragraph = container.add_paragraph(style=style)
    layout = paragraph.paragraph_format
    layout.keep_with_next = bool(figure.full_caption)
    layout.first_line_indent = Emu(0)
    run = paragraph.add_run()
    raster = svg_as_png(picture, width) if picture.format == "svg" else picture.data
    shape = run.add_picture(io.BytesIO(raster), width=Emu(round(width * EMU_PER_MM)),
                            height=Emu(round(height * EMU_PER_MM)))
    inline = shape._inline
    describe(inline, figure)
    if picture.format == "svg":
        _add_svg(document, inline, picture.data)
    if figure.full_caption:
        in_box(add_caption(container, figure), document, style)
    add_data_table(document, container, figure)  # a chart's data, after its caption


def in_box(paragraph: Any, document: Any, style: str) -> None:
    """Give `paragraph` the box of the paragraphs around it, in `style` (the bottom line's
    shading and border): Word draws consecutive paragraphs of the same borders, shading
    and indents as one box, and a caption in its own style between them split the box in
    two around it."""
    from docx.oxml.ns import qn

    try:
        p_pr = document.styles[style].element.pPr
    except KeyError:
        return
    if p_pr is None or (p_pr.find(qn("w:pBdr")) is None and p_pr.find(qn("w:shd")) is None):
        return
    own = paragraph._p.get_or_add_pPr()
    for name in ("w:pBdr", "w:shd", "w:ind"):
        found = p_pr.find(qn(name))
        if found is not None:
            existing = own.find(qn(name))
            if existing is not None:
                own.remove(existing)
            own.append(copy.deepcopy(found))
    order(own, PPR_ORDER)


def _indents_mm(document: Any, name: str) -> float:
    """What a paragraph style takes from the text's width: its left and right indents (its
    own, else its base style's), and the space of a left border, in millimetres."""
    from docx.oxml.ns import qn

    try:
        style = document.styles[name]
    except KeyError:
        return 0.0
    taken: dict[str, int | None] = {"left": None, "right": None}
    border = 0.0
    while style is not None:
        layout = style.paragraph_format
        for side in taken:
            value = getattr(layout, f"{side}_indent")
            if taken[side] is None and value is not None:
                taken[side] = value
        p_pr = style.element.pPr
        edge = p_pr.find(f"{qn('w:pBdr')}/{qn('w:left')}") if p_pr is not None else None
        if edge is not None and not border:  # its line and the space to the text, in pt
            border = (int(edge.get(qn("w:sz"), "0")) / 8 + int(edge.get(qn("w:space"), "0")))
        style = style.base_style
    emu = sum(value or 0 for value in taken.values()) / EMU_PER_MM
    return max(0.0, emu + border * 25.4 / 72)


def describe(inline: Any, figure: Figure) -> None:
    """The picture's name and alternative text, or its mark as decorative (Word's own,
    which a screen reader passes over)."""
    from docx.oxml.ns import qn
    from lxml import etree

    properties = inline.docPr
    properties.set("name", figure.numbered_label or f"Picture {properties.get('id')}")
    if figure.decorative or not figure.alt:
        properties.attrib.pop("descr", None)
        extensions = etree.SubElement(properties, qn("a:extLst"))
        extension = etree.SubElement(extensions, qn("a:ext"), uri=DECORATIVE_EXTENSION)
        etree.SubElement(extension, f"{{{DECORATIVE_NS}}}decorative", nsmap={
            "adec": DECORATIVE_NS}).set("val", "1")
    else:
        properties.set("descr", figure.alt)


def _add_svg(document: Any, inline: Any, svg: bytes) -> None:
    """Hold the SVG itself beside the PNG drawn from it, as Word 2016 and later do."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import qn
    from lxml import etree

    part = document.part
    names = {str(p.partname) for p in part.package.iter_parts()}
    number = 1 + sum(1 for name in names if name.startswith("/word/media/"))
    while f"/word/media/image{number}.svg" in names:
        number += 1
    svg_part = Part(PackURI(f"/word/media/image{number}.svg"), "image/svg+xml", svg,
                    part.package)
    r_id = part.relate_to(svg_part, RELATIONSHIP_TYPE.IMAGE)
    blip = inline.find(f".//{{{A_NS}}}blip")
    extensions = blip.find(qn("a:extLst"))
    if extensions is None:
        extensions = etree.SubElement(blip, qn("a:extLst"))
    extension = etree.SubElement(extensions, qn("a:ext"), uri=SVG_EXTENSION)
    etree.SubElement(extension, f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS}).set(
        f"{{{R_NS}}}embed", r_id)


def add_caption(document: Any, figure: Figure) -> Any:
    """The figure's caption in the Caption style: `Figure {SEQ Figure}: caption`."""
    paragraph = document.add_paragraph(style="Caption")
    if figure.number:
        paragraph.add_run(f"{figure.label} ")
        seq_field(paragraph, f"SEQ {_field_word(figure.label)} \\* ARABIC", str(figure.number))
        if figure.caption_text:
            paragraph.add_run(f": {figure.caption_text}")
        bookmark(paragraph, figure)
    else:
        paragraph.add_run(figure.caption_text)
    return paragraph


def _field_word(label: str) -> str:
    """The SEQ field's name: the label, one word (Word's own caption labels are)."""
    word = "".join(ch for ch in label if ch.isalnum() or ch == "_")
    return word or "Figure"


def seq_field(paragraph: Any, instruction: str, shown: str) -> None:
    """A field (`SEQ Figure \\* ARABIC`) with its result as last computed."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        paragraph._p.append(run)

    char("begin")
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    paragraph._p.append(run)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def add_list_of_figures(document: Any, heading: str, figures: tuple[Figure, ...]) -> None:
    """The list of figures: Word's table of figures field over the captions, its result
    written in as Word writes it, so that it reads right and works before Word updates it:
    an entry per figure ("Figure 1: The border", without the credit and the source), a
    link to the bookmark on its caption, then a tab to a PAGEREF field of that bookmark.
    The field's stored page number is blank here (and the tab has no dots to it): a build
    that makes the PDF too writes the PDF's page numbers in (`with_page_numbers`); Word's
    own are given when the list is updated (F9). Marking the fields for an update on
    opening would make Word ask about it in a dialog."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    document.add_paragraph(heading, style="Heading 1")
    word = _field_word(figures[0].label) if figures else "Figure"
    width = text_box_mm(document)[0]
    for index, figure in enumerate(figures):
        paragraph = document.add_paragraph(style="Normal")
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Mm(width), WD_TAB_ALIGNMENT.RIGHT)
        if index == 0:
            _field_start(paragraph, f'TOC \\h \\z \\c "{word}"')
        _linked_entry(paragraph, figure)
        if index == len(figures) - 1:
            _field_char(paragraph._p, "end")


def bookmark_name(figure: Figure) -> str:
    """The bookmark on a numbered figure's caption, which the list of figures links to
    (hidden, as Word's own `_Toc` bookmarks are: its name starts with `_`)."""
    return f"_TocFigure{figure.number}"


def _linked_entry(paragraph: Any, figure: Figure) -> None:
    """`Figure 1: The border<tab>{PAGEREF}`, all a link to the caption's bookmark."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(figure))
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)

    def run(child: str, text: str | None = None) -> Any:
        element = OxmlElement("w:r")
        inner = OxmlElement(child)
        if text is not None:
            inner.set(qn("xml:space"), "preserve")
            inner.text = text
        element.append(inner)
        link.append(element)
        return inner

    run("w:t", figure.list_entry)
    run("w:tab")
    _field_char(link, "begin")
    run("w:instrText", f" PAGEREF {bookmark_name(figure)} \\h ")
    _field_char(link, "separate")
    _field_char(link, "end")


def _field_char(parent: Any, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    run.append(mark)
    parent.append(run)


def bookmark(paragraph: Any, figure: Figure) -> None:
    """Put the caption's bookmark round the whole of its paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    number = str(BOOKMARK_IDS + figure.number)
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), bookmark_name(figure))
    end.set(qn("w:id"), number)
    p_pr = paragraph._p.pPr
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _field_start(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = OxmlElement("w:r")
        if kind is not None:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run.append(mark)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run.append(instr)
        paragraph._p.append(run)


def with_page_numbers(package: bytes, pages: dict[int, int]) -> bytes:
    """The Word file `package` with the stored result of each list-of-figures entry's
    PAGEREF field set to the figure's page in `pages` (the PDF's, by figure number)."""
    from lxml import etree

    if not pages:
        return package
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        body = etree.fromstring(source.read("word/document.xml"))
        changed = False
        for instr in body.iter(f"{{{W_NS}}}instrText"):
            match = re.fullmatch(r"\s*PAGEREF _TocFigure(\d+) \\h\s*", instr.text or "")
            if match is None or int(match[1]) not in pages:
                continue
            separate = instr.getparent().getnext()
            end = separate.getnext() if separate is not None else None
            if end is None or end.find(f"{{{W_NS}}}fldChar") is None:
                continue
            run = etree.Element(f"{{{W_NS}}}r")
            etree.SubElement(run, f"{{{W_NS}}}t").text = str(pages[int(match[1])])
            separate.addnext(run)
            changed = True
        if not changed:
            return package
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/document.xml":
                    data = etree.tostring(body, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                target.writestr(info, data)
    return out.getvalue()
