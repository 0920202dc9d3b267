"""Rich text as HTML: what the PDF's page and the email's HTML body both show of the
analyst's Markdown (see `model`: blocks of spans, lists and figures).

A figure is a `<figure>` holding its picture (an `<img>` whose source is the picture's
bytes as a data address, with its alt text; `alt=""` when decorative) and its caption
below it (`<figcaption>`), kept together on one page. The email's body leaves the picture
out and keeps its caption (`pictures=False`): the memo attached shows it.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from ..markdown_text import link_allowed
from ..model import Block, Figure, RichText, Span, TableBlock, TextBlock


def rich_html(blocks: RichText, pictures: bool = True, *, inline_styles: bool = False) -> Any:
    """Return rich text as safe HTML markup (the `rich` filter of templates); without
    `pictures`, each figure is its caption alone (the email's body); with `inline_styles`,
    tables carry their borders and padding in `style` attributes, for an email, which has
    no stylesheet."""
    from markupsafe import Markup

    return Markup("".join(
        _block_html(block, pictures, inline_styles,
                    before_figure=pictures and isinstance(after, Figure)
                    and after.picture is not None)
        for block, after in zip(blocks, (*blocks[1:], None), strict=False)))


def inline_html(blocks: RichText) -> Any:
    """Return the paragraphs of rich text as one run of safe inline HTML (the `inline`
    filter of templates: a translation, shown in the paragraph of its citation)."""
    from markupsafe import Markup

    return Markup(" ".join(_spans_html(block.spans) for block in blocks
                           if isinstance(block, TextBlock)))


def _block_html(block: Block, pictures: bool = True, inline_styles: bool = False, *,
                before_figure: bool = False) -> str:
    if isinstance(block, TextBlock):
        # a paragraph that leads into a picture goes to the next page with it rather than
        # stand alone above an empty half page (style.css: `p.before-figure`)
        lead = ' class="before-figure"' if before_figure else ""
        return f"<p{lead}>{_spans_html(block.spans)}</p>"
    if isinstance(block, Figure):
        return figure_html(block) if pictures else _caption_only(block)
    if isinstance(block, TableBlock):
        return table_html(block, inline_styles=inline_styles)
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        "<li>" + "".join(_block_html(b, pictures, inline_styles) for b in item) + "</li>"
        for item in block.items)
    return f"<{tag}{start}>{items}</{tag}>"


def figure_html(figure: Figure) -> str:
    """A figure as HTML: the picture inlined as a data address, its caption below."""
    picture = figure.picture
    if picture is None:  # not assembled: nothing to draw
        return _caption_only(figure)
    data = base64.b64encode(picture.data).decode("ascii")
    width = f' style="width: {escape(figure.width)}"' if figure.width else ""
    alt = "" if figure.decorative else figure.alt
    number = f' id="figure-{figure.number}"' if figure.number else ""
    caption = _caption_html(figure)
    described = "".join(_block_html(block) for block in figure.description)
    return (f'<figure class="figure"{number}{width}><img class="figure-picture" '
            f'src="data:{picture.mime};base64,{data}" alt="{escape(alt)}">'
            + (f"<figcaption>{caption}</figcaption>" if caption else "")
            + (f'<div class="figure-description">{described}</div>' if described else "")
            + "</figure>" + data_table_html(figure))


def data_table_html(figure: Figure) -> str:
    """A chart's data as a table after it, for a reader who cannot see the chart (and
    one who wants the numbers): its caption, a header row of column headers, and the
    first cell of each row its row header."""
    table = figure.table
    if table is None:
        return ""
    head = "".join(f'<th scope="col">{escape(cell, quote=False)}</th>'
                   for cell in table.header)
    rows = []
    for row in table.rows:
        cells = [f'<th scope="row">{escape(row[0], quote=False)}</th>']
        cells += [("<td class=\"number\">" if table.numeric[index] else "<td>")
                  + f"{escape(cell, quote=False)}</td>"
                  for index, cell in enumerate(row[1:], start=1)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="chart-data"><caption>'
            f"{escape(figure.table_caption, quote=False)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _caption_html(figure: Figure) -> str:
    if not figure.full_caption:
        return ""
    rest = escape(figure.caption_text, quote=False)
    if not figure.number:
        return rest
    label = f'<span class="figure-label">{escape(figure.numbered_label, quote=False)}'
    return label + (f":</span> {rest}" if rest else "</span>")


def _caption_only(figure: Figure) -> str:
    """A figure the email leaves out: its caption (or its alt text), in brackets."""
    shown = figure.full_caption or ("" if figure.decorative else figure.alt)
    return f'<p class="figure-left-out">[{escape(shown, quote=False)}]</p>' if shown else ""


def spans_html(spans: tuple[Span, ...]) -> Any:
    """A run of spans as safe HTML markup (the `spans` filter of templates): a citation in
    a CSL style, its titles in italics."""
    from markupsafe import Markup

    return Markup(_spans_html(spans))


def _spans_html(spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        if span.text == "\n":
            out.append("<br>")
            continue
        text = escape(span.text, quote=False)
        if span.code:
            text = f"<code>{text}</code>"
        if span.emphasis:
            text = f"<em>{text}</em>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        if span.href and link_allowed(span.href):
            text = f'<a href="{escape(span.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


# An email's table: what style.css gives `table.data`, as `style` attributes.
_EMAIL_TABLE = "border-collapse: collapse; margin: 4px 0 8px"
_EMAIL_CELL = "border: 1px solid #9aa9bd; padding: 2px 6px; vertical-align: top"
_EMAIL_CAPTION = "caption-side: top; text-align: left; font-style: italic"
# A table's caption this long or shorter is set on one line above the table, past its
# right edge if the table is narrower (a longer one wraps at the table's width): 60
# characters of bold 9 pt text take about 120 mm, within the text of any page brief sets.
ONE_LINE_CAPTION = 60


def table_html(table: TableBlock, *, inline_styles: bool = False) -> str:
    """A table of the analyst's text: its caption above it ("Table 2: ..."), its header
    cells `th` with their scope (so the PDF's TH has /Scope /Column), the columns'
    alignment on each cell (which an email's HTML keeps too); with `inline_styles`, its
    borders and padding in `style` attributes."""

    def cell(tag: str, column: int, spans: tuple[Span, ...]) -> str:
        align = table.alignment(column)
        styles = [_EMAIL_CELL] if inline_styles else []
        styles += [f"text-align: {align}"] if align else []
        style = f' style="{"; ".join(styles)}"' if styles else ""
        scope = ' scope="col"' if tag == "th" else ""
        if tag == "td" and column == 0 and table.row_headers:
            tag, scope = "th", ' scope="row"'
        return f"<{tag}{scope}{style}>{_spans_html(spans)}</{tag}>"

    caption = caption_html(table)
    if inline_styles and caption:
        caption = caption.replace("<caption>", f'<caption style="{_EMAIL_CAPTION}">', 1)
    elif len(f"{table.heading}: {table.caption_plain}") <= ONE_LINE_CAPTION:
        # on one line, however narrow the table, as Word sets it (style.css, `.one-line`)
        caption = caption.replace("<caption>", '<caption class="one-line">', 1)
    head = "".join(cell("th", i, spans) for i, spans in enumerate(table.header))
    body = "".join("<tr>" + "".join(cell("td", i, spans) for i, spans in enumerate(row))
                   + "</tr>" for row in table.rows)
    style = f' style="{_EMAIL_TABLE}"' if inline_styles else ""
    return (f'<table class="data"{style}>{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def caption_html(table: TableBlock) -> str:
    """The table's caption element: its number and caption, either alone if need be."""
    text = _spans_html(table.caption)
    if not table.heading and not text:
        return ""
    label = f'<span class="caption-label">{escape(table.heading)}{":" if text else ""}</span>'
    return f"<caption>{label}{' ' if text else ''}{text}</caption>" if table.heading \
        else f"<caption>{text}</caption>"
