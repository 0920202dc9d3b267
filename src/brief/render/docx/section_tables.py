"""Sections drawn as tables in Word: the options compared, and the actors' incentives
(`incentives: table`), each cell's text traced to its key of the spec."""

from __future__ import annotations

from typing import Any

from ...model import Section
from ...ooxml import order
from .tables import TRPR_ORDER, describe_table, repeat_as_header, shade_cell


def options_table(writer: Any, section: Section) -> None:
    """The options compared: option (and its citations), for, against; the recommended
    option flagged and shaded. `writer` is the `DocxWriter`."""
    labels, trace = writer.labels, writer.trace
    points = [point for group in section.groups for point in group.points]
    table = writer.document.add_table(rows=1 + len(points), cols=3)
    table.style = writer.document.styles["Options Table"]
    header = table.rows[0]
    repeat_as_header(header)
    for cell, label in zip(header.cells, ("option", "pros", "cons"), strict=True):
        with trace.generated(f"labels.{label}"):
            cell.paragraphs[0].add_run(labels[label]).bold = True
    for row, point in zip(table.rows[1:], points, strict=True):
        option, pros, cons = row.cells
        if point.recommended:
            with trace.generated("labels.recommended", f"{point.origin}.recommended"):
                flag = option.paragraphs[0].add_run(f"✓ {labels['recommended']}")
                flag.bold = True
                option.add_paragraph()
            for cell in row.cells:
                shade_cell(cell, writer.template.style["bluf_background"])
        with trace.analyst(f"{point.origin}.text"):
            writer.rich_in(option, point.body)
        for quotation in point.quotations:
            with trace.generated("citation_style", quotation.origin):
                writer.spans(option.add_paragraph(), quotation.citation.label_spans,
                             "Citation")
        for cell, items, key in ((pros, point.pros, "pros"), (cons, point.cons, "cons")):
            for index, item in enumerate(items):  # a real Word list, as the PDF's
                with trace.analyst(point.item_origin(key, index)):
                    writer.rich_in(cell, item, list_style="List Bullet")
    fit_columns(writer.document, table, (0.38, 0.31, 0.31))
    describe_table(table, section.title, f"{labels['option']}, "
                   f"{labels['pros']} and {labels['cons']}, an option a row"
                   + (f"; the recommended one marked {labels['recommended']}"
                      if any(point.recommended for point in points)
                      else ""))


def incentives_table(writer: Any, section: Section) -> None:
    """The actors' incentives as a table: actor, what they want, levers, sources."""
    labels, trace = writer.labels, writer.trace
    rows = [(group.heading, point) for group in section.groups for point in group.points]
    table = writer.document.add_table(rows=1 + len(rows), cols=4)
    table.style = writer.document.styles["Incentives Table"]
    header = table.rows[0]
    repeat_as_header(header)
    for cell, label in zip(header.cells, ("actor", "wants", "levers", "sources"),
                           strict=True):
        with trace.generated(f"labels.{label}"):
            cell.paragraphs[0].add_run(labels[label]).bold = True
    first_row = 1
    for group in section.groups:
        last_row = first_row + len(group.points) - 1
        actor = table.cell(first_row, 0)
        if last_row > first_row:
            actor = actor.merge(table.cell(last_row, 0))
        with trace.analyst(group.origin):
            actor.paragraphs[0].add_run(group.heading or "").bold = True
        first_row = last_row + 1
    for index, (_, point) in enumerate(rows, start=1):
        cells = table.rows[index].cells
        with trace.analyst(f"{point.origin}.text"):
            writer.rich_in(cells[1], point.body)
        with trace.analyst(f"{point.origin}.levers"):
            writer.rich_in(cells[2], point.levers)
        for number, quotation in enumerate(point.quotations):
            with trace.generated("citation_style", quotation.origin):
                paragraph = cells[3].paragraphs[0] if number == 0 else cells[3].add_paragraph()
                writer.spans(paragraph, quotation.citation.label_spans, "Citation")
    fit_columns(writer.document, table, (0.16, 0.34, 0.34, 0.16))  # the actor's column narrow
    describe_table(table, section.title, f"{labels['actor']}, "
                   f"{labels['wants']}, {labels['levers']} and "
                   f"{labels['sources']}, an actor's aim a row")


def fit_columns(document: Any, table: Any, shares: tuple[float, ...]) -> None:
    """Give the table's columns these shares of the text width, and keep each row on
    one page (a row split over a page break loses its cells' context)."""
    from docx.oxml import OxmlElement

    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        for cell in column.cells:
            cell.width = int(width * share)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        order(row._tr.trPr, TRPR_ORDER)
