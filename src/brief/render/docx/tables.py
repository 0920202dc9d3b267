"""Tables in Word as the schema and screen readers want them: shading, a caption and a
description, and a header row that repeats on each page."""

from __future__ import annotations

from typing import Any

from ...ooxml import order


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
