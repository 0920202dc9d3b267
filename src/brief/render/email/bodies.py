"""The email's plain-text and HTML bodies: the memo's opening blocks (see
`render.layout.email_layout`), with the marking first and last."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ...model import (
    Block,
    Briefing,
    Figure,
    ListBlock,
    Quotation,
    RichText,
    TableBlock,
    TextBlock,
)
from ...standards.markings import TLP_BACKGROUND
from ...templates import Template
from ..layout import LayoutBlock, email_layout
from ..markup import rich_html, spans_html
from .headers import subject


def plain_body(briefing: Briefing, template: Template, names: Sequence[str],
               sender: str = "") -> str:
    """The text/plain body: marking, title and date, the decision requested, bottom line,
    what changed since the previous edition, key judgments, recommendations (the blocks of
    `email_layout`), attachments, sign-off."""
    out: list[str] = []
    if briefing.marking:
        out += [briefing.marking, ""]
    for block in email_layout(briefing, template):
        _PLAIN[block.kind](out, briefing, template, block)
    if names:
        out += [""] if out[-1] else []
        out.append(_wrap(_attached(names)))
    if sender:
        out += ["", template.labels["sign_off"], sender]
    if briefing.marking:
        out += ["", briefing.marking]
    return "\n".join(out) + "\n"


def _plain_title(out: list[str], briefing: Briefing, template: Template,
                 block: LayoutBlock) -> None:
    out += [briefing.title]
    if briefing.subtitle:
        out += [_wrap(briefing.subtitle)]
    if briefing.date:
        out += [briefing.date]


def _plain_decision(out: list[str], briefing: Briefing, template: Template,
                    block: LayoutBlock) -> None:
    assert briefing.decision is not None
    out += ["", template.labels["decision"].upper(), "", _plain(briefing.decision.body)]
    if briefing.decision.deadline:
        out += [_deadline(briefing, template)]


def _plain_bluf(out: list[str], briefing: Briefing, template: Template,
                block: LayoutBlock) -> None:
    out += ["", template.labels["bluf"].upper(), "", _plain(briefing.bluf)]


def _plain_changes(out: list[str], briefing: Briefing, template: Template,
                   block: LayoutBlock) -> None:
    assert briefing.changes is not None
    out += ["", briefing.changes.heading.upper(), ""]
    out += [_hanging("- ", item) for item in briefing.changes.items]


def _plain_section(out: list[str], briefing: Briefing, template: Template,
                   block: LayoutBlock) -> None:
    section = block.section
    assert section is not None
    heading = (f"{section.mark} " if section.mark else "") + section.title.upper()
    out += ([""] if out[-1] else []) + [heading, ""]
    for group in section.groups:
        for point in group.points:
            indent = " " * len(f"{point.number}. ")
            out.append(_hanging(f"{point.number}. ", point.body))
            if point.estimate:
                out.append(_wrap(point.estimate.statement, indent))
            cited = "; ".join(q.citation.label for q in point.quotations)
            if cited:
                out.append(_wrap(f"({cited})", indent))
            for quotation in point.quotations:
                if quotation.translation:
                    out.append(_wrap(_translated(quotation, template), indent))
            out.append("")


def _plain_source_summary(out: list[str], briefing: Briefing, template: Template,
                          block: LayoutBlock) -> None:
    summary = briefing.source_summary
    assert summary is not None
    out += ([""] if out[-1] else []) + [summary.heading.upper(), "", _plain(summary.body)]


def _translated(quotation: Quotation, template: Template) -> str:
    """A quote in translation, as the plain body gives it: the translation, who made it,
    its citation and the original."""
    translation = " ".join(b.plain for b in quotation.translation if isinstance(b, TextBlock))
    return (f"“{translation}” {quotation.translated_by} ({quotation.citation.label}; "
            f"{template.labels['original']}: “{quotation.original}”)")


# How the plain body draws each kind of block `email_layout` gives.
_PLAIN: dict[str, Callable[[list[str], Briefing, Template, LayoutBlock], None]] = {
    "title": _plain_title, "decision": _plain_decision, "bluf": _plain_bluf,
    "changes": _plain_changes, "section": _plain_section,
    "source_summary": _plain_source_summary}


def _deadline(briefing: Briefing, template: Template) -> str:
    assert briefing.decision is not None and briefing.decision.deadline
    return template.labels["deadline"].replace("{deadline}", briefing.decision.deadline) + "."


def _attached(names: Sequence[str]) -> str:
    return "The full memo is attached: " + " and ".join(names) + "."


def html_body(briefing: Briefing, template: Template, names: Sequence[str],
              sender: str = "") -> str:
    """The text/html body: the same as the plain one, with the marking in its colours."""
    parts = [f'<!DOCTYPE html><html lang="{escape(briefing.language)}"><head>'
             '<meta charset="utf-8">'
             f"<title>{escape(subject(briefing))}</title></head>"
             '<body style="font-family: sans-serif; font-size: 14px; line-height: 1.4">']
    marking = _marking_html(briefing, template)
    parts.append(marking)
    for block in email_layout(briefing, template):
        _HTML[block.kind](parts, briefing, template, block)
    if names:
        parts.append(f"<p>{escape(_attached(names))}</p>")
    if sender:
        parts.append(f"<p>{escape(template.labels['sign_off'])}<br>{escape(sender)}</p>")
    parts.append(marking)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _heading(template: Template) -> str:
    """The opening tag of a heading of the HTML body."""
    return f'<h2 style="font-size: 16px; color: {template.style["accent_colour"]}">'


def _html_title(parts: list[str], briefing: Briefing, template: Template,
                block: LayoutBlock) -> None:
    accent = template.style["accent_colour"]
    parts.append(f'<h1 style="font-size: 20px; color: {accent}">{escape(briefing.title)}</h1>')
    if briefing.subtitle:
        parts.append(f"<p><em>{escape(briefing.subtitle)}</em></p>")
    if briefing.date:
        parts.append(f"<p>{escape(briefing.date)}</p>")


def _html_decision(parts: list[str], briefing: Briefing, template: Template,
                   block: LayoutBlock) -> None:
    assert briefing.decision is not None
    parts.append(f'<div style="border: 1px solid {template.style["accent_colour"]}; '
                 'padding: 0 12px">')
    parts.append(f"{_heading(template)}{escape(template.labels['decision'])}</h2>")
    parts.append(str(rich_html(briefing.decision.body, pictures=False, inline_styles=True)))
    if briefing.decision.deadline:
        parts.append(f"<p><strong>{escape(_deadline(briefing, template))}</strong></p>")
    parts.append("</div>")


def _html_bluf(parts: list[str], briefing: Briefing, template: Template,
               block: LayoutBlock) -> None:
    parts.append(f'{_heading(template)}{escape(template.labels["bluf"])}</h2>')
    parts.append(str(rich_html(briefing.bluf, pictures=False, inline_styles=True)))


def _html_changes(parts: list[str], briefing: Briefing, template: Template,
                  block: LayoutBlock) -> None:
    assert briefing.changes is not None
    parts.append(f'<div style="border-left: 2px solid {template.style["accent_colour"]}; '
                 'padding: 0 12px">')
    parts.append(f"{_heading(template)}{escape(briefing.changes.heading)}</h2><ul>")
    parts += [f"<li>{rich_html(item)}</li>" for item in briefing.changes.items]
    parts.append("</ul></div>")


def _html_section(parts: list[str], briefing: Briefing, template: Template,
                  block: LayoutBlock) -> None:
    section = block.section
    assert section is not None
    accent = template.style["accent_colour"]
    parts.append(f"{_heading(template)}{escape(section.heading)}</h2><ol>")
    for group in section.groups:
        for point in group.points:
            cited = "; ".join(spans_html(q.citation.label_spans) for q in point.quotations)
            parts.append(f"<li>{rich_html(point.body, pictures=False, inline_styles=True)}")
            if point.estimate:
                parts.append(f"<p><em>{escape(point.estimate.statement)}</em></p>")
            if cited:
                parts.append(f'<p style="color: {accent}">({cited})</p>')
            parts += [_translated_html(q, template) for q in point.quotations
                      if q.translation]
            parts.append("</li>")
    parts.append("</ol>")


def _translated_html(quotation: Quotation, template: Template) -> str:
    """A quote in translation, as the HTML body gives it: the translation, who made it,
    its citation, and the original in its language."""
    lang = f' lang="{escape(quotation.language)}"' if quotation.language else ""
    return (f"<blockquote>{rich_html(quotation.translation, pictures=False)} "
            f"{escape(quotation.translated_by)} ({escape(quotation.citation.label)}; "
            f"{escape(template.labels['original'])}: <span{lang}>“"
            f"{escape(quotation.original)}”</span>)</blockquote>")


def _html_source_summary(parts: list[str], briefing: Briefing, template: Template,
                         block: LayoutBlock) -> None:
    summary = briefing.source_summary
    assert summary is not None
    parts.append(f"{_heading(template)}{escape(summary.heading)}</h2>")
    parts.append(str(rich_html(summary.body, pictures=False, inline_styles=True)))


# How the HTML body draws each kind of block `email_layout` gives.
_HTML: dict[str, Callable[[list[str], Briefing, Template, LayoutBlock], None]] = {
    "title": _html_title, "decision": _html_decision, "bluf": _html_bluf,
    "changes": _html_changes, "section": _html_section,
    "source_summary": _html_source_summary}


def _marking_html(briefing: Briefing, template: Template) -> str:
    if briefing.tlp:
        return (f'<p style="text-align: right"><span style="font-weight: bold; color: '
                f'{briefing.tlp_colour}; background-color: {TLP_BACKGROUND}; padding: 2px 6px">'
                f"{escape(briefing.tlp)}</span></p>")
    if briefing.classification:
        return (f'<p style="text-align: center; font-weight: bold; color: '
                f'{template.style["marking_colour"]}">{escape(briefing.classification)}</p>')
    return ""


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), width=76, initial_indent=indent,
                         subsequent_indent=indent)


def _plain(blocks: RichText, indent: str = "") -> str:
    """Rich text as plain text: paragraphs wrapped at 76 columns, lists with - and 1."""
    return "\n\n".join(_plain_block(block, indent) for block in blocks)


def _plain_block(block: Block, indent: str) -> str:
    if isinstance(block, TextBlock):
        return _wrap(block.plain, indent)
    if isinstance(block, Figure):  # left out, its caption kept: the memo attached shows it
        shown = block.full_caption or ("" if block.decorative else block.alt)
        return _wrap(f"[{shown}]", indent) if shown else ""
    if isinstance(block, TableBlock):
        return plain_table(block, indent)
    assert isinstance(block, ListBlock)
    return "\n".join(_hanging(f"{number}. " if block.ordered else "- ", item, indent)
                     for number, item in enumerate(block.items, start=block.start))


def _hanging(bullet: str, blocks: RichText, indent: str = "") -> str:
    """Rich text after a bullet or number, its later lines indented to the text."""
    inner = indent + " " * len(bullet)
    return indent + bullet + _plain(blocks, inner)[len(inner):]


def plain_table(table: TableBlock, indent: str = "") -> str:
    """A table as plain text: its caption, then its rows in columns padded to line up
    (aligned as the Markdown says) under the header and a rule; a table too wide for 76
    columns as one paragraph a row, each cell after its column's header."""
    def text(spans: tuple[Any, ...]) -> str:
        return " ".join("".join(span.text for span in spans).split())

    header = [text(cell) for cell in table.header]
    rows = [[text(cell) for cell in row] for row in table.rows]
    caption = " ".join(part for part in (
        f"{table.heading}:" if table.heading and table.caption else table.heading,
        text(table.caption)) if part)
    out = [_wrap(caption, indent)] if caption else []
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    if len(indent) + sum(widths) + 3 * max(len(widths) - 1, 0) <= 76:
        def line(cells: list[str]) -> str:
            return indent + " | ".join(
                cell.rjust(width) if table.alignment(i) == "right" else
                cell.center(width) if table.alignment(i) == "center" else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(cells, widths, strict=True))).rstrip()
        out += [line(header), indent + "-+-".join("-" * width for width in widths)]
        out += [line(row) for row in rows]
    else:
        out += [textwrap.fill("; ".join(f"{name}: {cell}" for name, cell in
                                        zip(header, row, strict=True) if cell),
                              width=76, initial_indent=indent + "- ",
                              subsequent_indent=indent + "  ") for row in rows]
    return "\n".join(out)
