"""The cycle collector is paused while WeasyPrint lays a memo out and draws it (a fifth of
a long memo's render otherwise), and is as it was afterwards, even when the render fails."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from brief.errors import RenderError
from brief.render import RenderOptions
from brief.render.pdf import collector
from brief.render.pdf.html import render_pdf
from brief.templates import find_template
from briefings import briefing


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of each collection the cycle collector makes meanwhile."""
    made: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            made.append(info["generation"])

    gc.callbacks.append(count)
    try:
        yield made
    finally:
        gc.callbacks.remove(count)


def test_the_collector_is_paused_in_the_block_and_enabled_after():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_in_the_block_still_enables_it_again():
    with pytest.raises(RenderError), collector.paused():
        raise RenderError("the PDF could not be rendered")
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.slow
def test_a_render_collects_nothing_until_it_ends_and_leaves_the_collector_on(
        collections: list[int]):
    here = Path(__file__).parent
    memo, template = briefing(), find_template("memo", here, here)
    options = RenderOptions()
    render_pdf(memo, template, options)  # WeasyPrint loaded, its caches filled
    gc.collect()  # the allocations counted towards the next collection start at 0
    collections.clear()
    pdf = render_pdf(memo, template, options)
    assert pdf.startswith(b"%PDF-")
    assert len(collections) <= 1  # the one the collector makes as the pause ends, if any
    assert gc.isenabled()
    # the same render with the collector on collects many times over
    gc.enable()
    from brief.render.pdf.html import _rendered  # the render within the pause

    _rendered(memo, template, "pdf/ua-1", {"pdf_variant": "pdf/ua-1", "pdf_tags": True}, None)
    assert len(collections) > 5


@pytest.mark.slow
def test_the_worker_sends_the_pdf_before_the_collector_runs(collections: list[int]):
    """The PDF worker keeps the collector paused until the PDF is sent: the collection of
    what the render left is made while the command writes the files, not before."""
    from brief.render.pdf.html import render_html
    from brief.render.pdf.worker import _render_and_send

    here = Path(__file__).parent
    memo, template = briefing(), find_template("memo", here, here)
    options = RenderOptions()
    render_pdf(memo, template, options)  # WeasyPrint loaded, its caches filled
    sent: list[tuple[object, bool, list[int]]] = []

    class Command:  # the worker's end of the pipe, as the worker uses it
        def send(self, answer: object) -> None:
            sent.append((answer, gc.isenabled(), list(collections)))

    gc.collect()
    collections.clear()
    assert _render_and_send(Command(), (memo, template, options, render_html(memo, template)))
    [((outcome, pdf), enabled, collected)] = sent
    assert outcome == "pdf" and pdf.startswith(b"%PDF-")
    assert not enabled and collected == []  # nothing collected before the PDF was sent
    assert gc.isenabled()
