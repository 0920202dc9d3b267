"""Stage 5: a captured page's access date in the list of sources, in the HTML of the PDF
and in the Word file, given a hand-made `Briefing` (tests/briefings.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import lxml.html

from brief.render.docx import render_docx
from brief.render.pdf.html import render_html
from brief.templates import find_template
from briefings import briefing
from conftest import docx_paragraphs


def captured():
    memo = find_template("memo", Path(__file__).parent, Path(__file__).parent)
    model = briefing()
    gazette, lines = model.sources
    return dataclasses.replace(model, sources=(
        dataclasses.replace(gazette, accessed="accessed 3 May 2026"), lines)), memo


def test_a_captured_pages_access_date_in_both_formats(tmp_path):
    model, memo = captured()
    root = lxml.html.document_fromstring(render_html(model, memo))
    items = [" ".join(li.text_content().split()) for li in root.xpath(
        "//section[@class='sources']//li")]
    assert "https://example.org/gazette (accessed 3 May 2026) Source reliability: B" in items[0]
    assert "accessed" not in items[1]
    path = tmp_path / "memo.docx"
    path.write_bytes(render_docx(model, memo))
    sources = [text for style, text in docx_paragraphs(path) if style == "Source"]
    assert "https://example.org/gazette (accessed 3 May 2026) Source reliability: B" in \
        sources[0]
    assert "accessed" not in sources[1]
