"""Rich text as HTML: what the PDF's page and the email's HTML body both show of the
analyst's Markdown (see `model`: blocks of spans)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..markdown_text import link_allowed
from ..model import Block, RichText, Span, TextBlock


def rich_html(blocks: RichText) -> Any:
    """Return rich text as safe HTML markup (the `rich` filter of templates)."""
    from markupsafe import Markup

    return Markup("".join(_block_html(block) for block in blocks))


def _block_html(block: Block) -> str:
    if isinstance(block, TextBlock):
        return f"<p>{_spans_html(block.spans)}</p>"
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(
        "<li>" + "".join(_block_html(b) for b in item) + "</li>" for item in block.items)
    return f"<{tag}{start}>{items}</{tag}>"


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
