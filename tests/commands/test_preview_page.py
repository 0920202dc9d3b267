"""The preview's page itself, in Debian's chromium: its clock, its badge over stale pages,
its problems where the reader is, its count of warnings and notes, and no request the
preview refuses."""

from __future__ import annotations

import re

import pytest
from test_preview import Preview, forty_points, wait_for_text, wait_until_written

from red_memo import red_memo

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Every text the status line shows, in order.
STATUSES = """
new MutationObserver(() => {
  const log = window.statuses = window.statuses || [];
  const text = document.getElementById("status").textContent;
  if (log[log.length - 1] !== text) log.push(text);
}).observe(document, {childList: true, subtree: true, characterData: true});
"""


def test_the_page_says_times_one_way_and_a_failed_save_where_the_reader_is(project, browser):
    spec = forty_points(project)
    running = Preview(project, spec)
    try:
        page = browser.new_page(viewport={"width": 1000, "height": 600})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.add_init_script(STATUSES)
        page.goto(running.url)
        wait_for_text(page, "Point 39:")
        forty_points(project, text="Point 0: revised.")
        wait_for_text(page, "Point 0: revised.")
        page.wait_for_function(
            "() => document.getElementById('status').textContent.startsWith('built at')",
            timeout=30_000)
        statuses = page.evaluate("() => window.statuses")
        # One clock, 24 hours, as the terminal says it.
        times = [re.search(r" at ([^;\s]+)", s) for s in statuses if " at " in s]
        assert all(t and re.fullmatch(r"\d\d:\d\d:\d\d", t[1]) for t in times), statuses
        assert any(s.startswith("checked at ") for s in statuses), statuses
        assert page.inner_text("#view") == "Exact pages"

        # A broken save, read far down the memo: the problems are in the window, and the
        # pages under them are marked as the last good ones.
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        forty_points(project, passages=[{"source": "gazette", "quote": "costs not knwon"}])
        page.wait_for_selector("#problems.shown", timeout=20_000)
        box = page.locator("#problems").bounding_box()
        header = page.locator("header").bounding_box()
        assert box and header and header["height"] <= box["y"] < 600, box
        assert page.inner_text("#view") == "Last good pages (the save has problems)"
        # Nothing was asked for that the preview refuses (no /favicon.ico), nor logged.
        assert all(url.startswith(running.url) for url in asked), asked
        assert not [e for e in errors if "sandboxed" not in e], errors
    finally:
        code, _, err = running.stop()
    assert code == 0, err


def test_notes_are_counted_as_notes_not_warnings(project, browser):
    running = Preview(project, red_memo(project))
    try:
        page = browser.new_page()
        page.goto(running.url)
        wait_for_text(page, "Costs are unknown.")
        wait_until_written(page)
        shown = page.text_content("#warning-list") or ""
        notes = shown.count(": note: ")
        warnings = shown.count(": warning: ")
        assert notes, shown
        expected = ", ".join([f"{warnings} warning{'s' * (warnings != 1)}"] * bool(warnings)
                             + [f"{notes} note{'s' * (notes != 1)}"])
        assert page.inner_text("#warnings summary") == expected
    finally:
        code, _, err = running.stop()
    assert code == 0, err
