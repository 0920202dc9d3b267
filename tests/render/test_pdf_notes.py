"""The footnote area's height added up from each note's own height (render/pdf/notes.py):
the pages are laid out exactly as WeasyPrint lays them out on its own, each note is laid
out once instead of once for every note placed after it on its page, and anything but a
plain stack of block notes is left to WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from brief.render.pdf import notes

pytestmark = pytest.mark.slow  # each test lays pages out with WeasyPrint, twice

NOTE_CSS = """@page { size: A6; margin: 12mm; @footnote { border-top: 0.5pt solid; padding-top: 3pt;
margin-top: 6pt; } }
body { font: 10pt/1.4 serif; margin: 0; }
.footnote { float: footnote; footnote-display: block; footnote-policy: line; font-size: 8pt; }
::footnote-marker { content: counter(footnote) ". "; }
"""


def page_html(css: str = NOTE_CSS, paragraphs: int = 14) -> str:
    """Paragraphs with one to three notes each, some notes several lines long: more notes
    than a page holds, so that some move to the next page with their line."""
    body = []
    for n in range(paragraphs):
        calls = "".join(f'<span class="footnote">Note {n}.{k}: '
                        f'{"a longer note that runs over two lines " * (n % 3)}source.</span>'
                        for k in range(1 + n % 3))
        body.append(f"<p>Paragraph {n} of the memo, a sentence or two of text that "
                    f"takes a line or more{calls} and ends here.</p>")
    return f"<html><head><style>{css}</style></head><body>{''.join(body)}</body></html>"


def boxes_of(html: str) -> list[list[tuple[str, str, float, float]]]:
    """Every box of every page: its kind, its text, where it is and how tall."""
    from weasyprint import HTML

    def walk(box: Any) -> Iterator[tuple[str, str, float, float]]:
        yield (type(box).__name__, getattr(box, "text", ""), round(box.position_y, 6),
               round(box.height, 6))
        for child in getattr(box, "children", ()):
            yield from walk(child)

    document = HTML(string=html).render()
    return [list(walk(page._page_box)) for page in document.pages]


@pytest.fixture
def weasyprint_alone() -> Iterator[Any]:
    """A function that lays `html` out with WeasyPrint's own footnote area, unchanged."""
    from weasyprint.layout import LayoutContext

    notes.install()
    patched = LayoutContext._update_footnote_area

    def laid_out(html: str) -> list[list[tuple[str, str, float, float]]]:
        LayoutContext._update_footnote_area = patched.original
        try:
            return boxes_of(html)
        finally:
            LayoutContext._update_footnote_area = patched

    yield laid_out
    LayoutContext._update_footnote_area = patched


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The notes measured alone, in order."""
    made: list[Any] = []
    alone = notes._alone

    def counted(context: Any, area: Any, note: Any) -> float | None:
        made.append(note)
        return alone(context, area, note)

    monkeypatch.setattr(notes, "_alone", counted)
    return made


def test_pages_of_notes_are_laid_out_as_weasyprint_lays_them_out(weasyprint_alone: Any,
                                                                measured: list[Any]):
    html = page_html()
    before = weasyprint_alone(html)
    after = boxes_of(html)
    assert len(after) >= 3  # the notes run over several pages
    assert after == before
    # each note measured once (a moved note again on its new page, if that page is wider)
    count = sum(1 + n % 3 for n in range(14))
    assert len(measured) == len({id(note) for note in measured}) == count


@pytest.mark.parametrize("css", [
    NOTE_CSS.replace("footnote-display: block", "footnote-display: inline"),
    NOTE_CSS + ".footnote { margin-bottom: 2pt; }",
    NOTE_CSS.replace("margin-top: 6pt;", "margin-top: 6pt; max-height: 20mm;"),
], ids=["inline notes", "margins between notes", "a maximum height"])
def test_other_footnote_areas_are_left_to_weasyprint(css: str, weasyprint_alone: Any,
                                                     measured: list[Any]):
    html = page_html(css)
    assert boxes_of(html) == weasyprint_alone(html)
    assert len(measured) <= 1  # seen not to be a plain stack, and then not measured again
