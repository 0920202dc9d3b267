"""Stage 5, the PDF renderer with its layout: `render_pdf` given a hand-made `Briefing`
(tests/briefings.py), read back with pdftotext and pypdf. (Its HTML alone, without the
layout, is tests/test_stage_render_html.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.errors import RenderError
from brief.render import RenderOptions
from brief.render.pdf.html import check_fit, render_pdf
from brief.templates import Template, find_template
from briefings import briefing
from conftest import flat, pdf_pages


def builtin(name: str = "memo") -> Template:
    here = Path(__file__).parent
    return find_template(name, here, here)


def test_a_page_count_over_the_templates_limit_is_refused():
    check_fit(1, builtin("one-pager"))
    check_fit(9, builtin("memo"))  # no limit
    with pytest.raises(RenderError) as caught:
        check_fit(2, builtin("one-pager"))
    assert caught.value.message == (
        "the memo does not fit: it takes 2 pages, and template 'one-pager' allows 1 page")


@pytest.mark.slow
def test_the_pdf_shows_the_memo_in_order_with_its_footnotes(tmp_path):
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(render_pdf(briefing(), builtin(), RenderOptions()))
    text = flat(" ".join(pdf_pages(pdf)))
    marks = ["Minsk between two capitals", "What the Kremlin wants", "Bottom line up front",
             "The plan is rushed; see the gazette.", "Decision requested",
             "Approve the visit.", "Risks", "Two risks <script>stand</script> out.",
             "Costs are unknown.", "its costs were not known", "Actors", "Critics",
             "Recommendations", "1. Watch Moscow.", "2. Talk to Warsaw.", "Sources",
             "SHA-256 1b7965203652"]
    places = [text.find(mark) for mark in marks]
    assert -1 not in places, [m for m, at in zip(marks, places, strict=True) if at < 0]
    assert places == sorted(places)
    assert "1. Example 2024, ¶4. 2. Example 2024, ¶4. 3. One & Two 2023, ¶2." in text
    metadata = PdfReader(pdf).metadata
    assert metadata is not None
    assert (metadata.title, metadata.author) == ("Minsk between two capitals", "Ann Analyst")
