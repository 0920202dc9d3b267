"""The house style as CSS (reference.docx's styles, `word_css`) is made once for each
house style a process reads, not again at each rebuild; a changed house style gets its
own."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from brief.render.pdf import html as pdf_html
from brief.render.pdf.html import render_html
from brief.templates import find_template
from brief.templates.word import house_style
from briefings import briefing


def house_css_of(page: str) -> str:
    """The house style's CSS, as the page links it (a data: URL)."""
    import base64

    found = re.search(r'href="data:text/css;base64,([^"]+)"', page)
    assert found is not None
    return base64.b64decode(found[1]).decode()


def test_the_house_css_is_made_once_and_anew_for_another_house_style(
        monkeypatch: pytest.MonkeyPatch) -> None:
    here = Path(__file__).parent
    template = find_template("memo", here, here)
    made: list[object] = []
    real = pdf_html.word_css

    def counted(house: object, table_style: str = "Memo Table") -> str:
        made.append(house)
        return real(house, table_style)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_html, "word_css", counted)
    pdf_html._HOUSE_CSS.clear()
    first = render_html(briefing(), template)
    second = render_html(briefing(), template)
    assert made == [house_style(template)]  # once, for both pages
    assert house_css_of(first) == house_css_of(second)
    assert "@page { size: 210.0mm 297.0mm" in house_css_of(first)
    # the style tokens changed (a different house style): its own CSS, made for it
    serif = dataclasses.replace(template, own_style={**template.own_style,
                                                     "body_font": "Liberation Serif"})
    third = render_html(briefing(), serif)
    assert len(made) == 2 and made[1] is house_style(serif) is not made[0]
    assert "Liberation Serif" in house_css_of(third)
    assert "Liberation Serif" not in house_css_of(first)
