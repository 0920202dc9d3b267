"""Tables in Word as the schema and screen readers want them: shading, a caption and a
description, and a header row that repeats on each page."""

from __future__ import annotations

from typing import Any

from ...ooxml import PPR_ORDER, order


def shading(colour: str) -> Any:
    """A `w:shd` element: a plain background of `colour` (`#rrggbb`)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    return shading


def shade_cell(cell: Any, colour: str) -> None:
    """Give a table cell a background colour."""
    cell._tc.get_or_add_tcPr().append(shading(colour))


# The order of w:trPr's children in the WordprocessingML schema.
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter",
               "cantSplit", "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")


# w:tblPr's children in the schema's order.
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def describe_table(table: Any, caption: str, description: str) -> None:
    """Give a table the title and description (Word's Table Properties, Alt Text) that a
    screen reader announces as it enters the table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", description)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        properties.append(element)
    order(properties, TBLPR_ORDER)


def repeat_as_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def caption_field(paragraph: Any, identifier: str, number: int) -> None:
    """Word's caption number: a SEQ field counting `identifier` (`SEQ Table \\* ARABIC`),
    as Word's own Insert Caption writes it (begin, instruction, separate, result, end), with
    `number` as its result until Word updates it, so that Word's "Insert Table of Figures"
    lists the captions of that label."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(child: Any) -> None:
        element = OxmlElement("w:r")
        element.append(child)
        paragraph._p.append(element)

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" SEQ {identifier} \\* ARABIC "
    result = OxmlElement("w:t")
    result.text = str(number)
    for child in (char("begin"), instruction, char("separate"), result, char("end")):
        run(child)


def keep_rows_whole(table: Any) -> None:
    """Keep each row of a table on one page (a row split over a page break loses its
    cells' context)."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        order(row._tr.trPr, TRPR_ORDER)


# The space between a table and the paragraph after it (6 pt, in twentieths of a point):
# Word sets the next paragraph right under the table's last border.
SPACE_AFTER_TABLE = "120"


def space_after_tables(document: Any) -> None:
    """Give each paragraph that follows a table of the body some space before it, unless
    its own formatting sets one: as the PDF leaves a table's margin below it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for table in document.element.body.iterchildren(qn("w:tbl")):
        after = table.getnext()
        if after is None or after.tag != qn("w:p"):
            continue
        p_pr = after.get_or_add_pPr()
        spacing = p_pr.find(qn("w:spacing"))
        if spacing is None:
            spacing = OxmlElement("w:spacing")
            p_pr.append(spacing)
            order(p_pr, PPR_ORDER)
        if spacing.get(qn("w:before")) is None and spacing.get(qn("w:beforeLines")) is None:
            spacing.set(qn("w:before"), SPACE_AFTER_TABLE)
