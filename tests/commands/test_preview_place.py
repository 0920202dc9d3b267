"""`brief preview` keeps the reader's place at the top of each page when the exact pages
replace the draft (a paragraph begun on the page before), in Debian's chromium."""

from __future__ import annotations

import pytest
from test_preview import Preview, wait_for_text

pytestmark = [pytest.mark.e2e, pytest.mark.slow]



def words(n: int) -> str:
    """Sentences whose every few words are their own (the reader's place is found by them)."""
    return " ".join(f"In case {n}.{k} the ministry has not said what plan {n}.{k} costs, nor "
                    f"who pays for plan {n}.{k}, nor when works {n}.{k} begin." for k in range(3))

# The first line of the body of page `n` (its largest runs aside: the running head and
# foot and the footnotes are smaller): its text, and its height below the header.
FIRST_LINE = """n => {
  const header = document.querySelector("header").getBoundingClientRect().bottom;
  const page = document.querySelectorAll("#pages .page")[n - 1];
  const spans = [...page.querySelectorAll(".text span")];
  const size = Math.max(...spans.map(s => parseFloat(s.style.fontSize)));
  const body = spans.filter(s => parseFloat(s.style.fontSize) > size * 0.8
                                 && !/^(Page|OFFICIAL)/.test(s.textContent));
  return spans.indexOf(body[0]);
}"""

# A line of page `n` (the pages are laid out alike before and after the save): its text,
# and how far below the header it stands.
PLACE = """([n, index]) => {
  const header = document.querySelector("header").getBoundingClientRect().bottom;
  const page = document.querySelectorAll("#pages .page")[n - 1];
  const line = page.querySelectorAll(".text span")[index];
  return [line.textContent, line.getBoundingClientRect().top - header];
}"""


def points(first: str) -> list[dict[str, object]]:
    return [{"text": f"{first if n == 0 else f'Point {n:02}'}: " + words(n),
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}
            for n in range(24)]


def test_the_place_at_the_top_of_each_page_is_kept_from_the_draft_to_the_pages(project,
                                                                                browser):
    spec = project.spec(sections=[{"title": "Risks", "kind": "risks",
                                   "points": points("Point 00")}])
    running = Preview(project, spec)
    try:
        page = browser.new_page(viewport={"width": 1100, "height": 600})
        page.goto(running.url)
        wait_for_text(page, "Point 23")
        pages = page.evaluate("() => document.querySelectorAll('#pages .page').length")
        assert pages >= 4
        moved = []
        for number, first in zip(range(2, 5), ("Point 0A", "Point 0B", "Point 0C"),
                                 strict=True):
            line = [number, page.evaluate(FIRST_LINE, number)]
            page.evaluate("by => window.scrollBy(0, by)", page.evaluate(PLACE, line)[1] - 100)
            text, before = page.evaluate(PLACE, line)
            assert abs(before - 100) < 2
            version = page.evaluate("() => document.body.dataset.version")
            project.spec(sections=[{"title": "Risks", "kind": "risks",
                                    "points": points(first)}])
            page.wait_for_function(
                "v => document.body.dataset.version !== v"
                " && document.body.dataset.view === 'pages'", arg=version, timeout=30_000)
            wait_for_text(page, first)
            moved.append((number, text, before, *page.evaluate(PLACE, line)))
        # The line the reader was reading is where it was, in the exact pages too.
        assert all(now == text and abs(after - before) < 30
                   for _, text, before, now, after in moved), moved
    finally:
        code, _, err = running.stop()
    assert code == 0, err
