"""A page's access date in every CSL style (brief.citations.styling.with_access_dates): the
style's own where it prints one, brief's after the address where it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.citations import STYLES_FOLDER
from brief.citations.csl import Cite, format_citations
from brief.citations.styling import SourceFacts, csl_item, with_access_dates
from brief.errors import Where

PAGE = SourceFacts(title="Minsk’s narrowing options", authors=("Jane Analyst",),
                   publisher="The Daily Example", date="2022-03-18",
                   url="https://example.org/article.html", accessed="2026-12-05")
ITEMS = {"page": csl_item(PAGE)}
WHERE = Where(Path("templates/house/template.yaml"), 2)
READ = {"page": "accessed 5 December 2026"}


def text(spans) -> str:
    return "".join(span.text for span in spans)


@pytest.mark.parametrize(("style", "note", "entry"), [
    ("chicago-note-bibliography",
     "Jane Analyst, “Minsk’s Narrowing Options” (The Daily Example, March 18, 2022), "
     "https://example.org/article.html (accessed 5 December 2026)",
     "Analyst, Jane. “Minsk’s Narrowing Options.” The Daily Example, March 18, 2022. "
     "https://example.org/article.html. Accessed 5 December 2026."),
    ("apa", "Analyst, 2022",
     "Analyst, J. (2022, March 18). Minsk’s narrowing options. The Daily Example. "
     "https://example.org/article.html (accessed 5 December 2026)"),
    ("harvard-cite-them-right", "Analyst, 2022",
     "Analyst, J. (2022) Minsk’s narrowing options. The Daily Example. Available at: "
     "https://example.org/article.html (Accessed: December 5, 2026)."),
])
def test_every_style_shows_when_a_page_was_read(style, note, entry):
    path = STYLES_FOLDER / f"{style}.csl"
    made = with_access_dates(format_citations(path, WHERE, "en", ITEMS, [Cite("page")]),
                             path, WHERE, "en", ITEMS, READ)
    assert [text(n) for n in made.notes] == [note]
    assert [text(e) for _, e in made.bibliography] == [entry]


def test_a_page_without_an_access_date_is_left_as_the_style_made_it():
    path = STYLES_FOLDER / "chicago-note-bibliography.csl"
    made = format_citations(path, WHERE, "en", ITEMS, [Cite("page")])
    assert with_access_dates(made, path, WHERE, "en", ITEMS, {}) == made
