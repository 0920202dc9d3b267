"""The memo's layout, written once (`brief.render.layout`): the order of its blocks, the
sections a template shows, and the renderers that walk it. Fast: a briefing made by hand,
no build, no PDF."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pytest
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from brief.errors import TemplateError
from brief.model import (
    Briefing,
    ChangesBox,
    Citation,
    Decision,
    HeaderField,
    Legend,
    LegendEntry,
    Point,
    PointGroup,
    Quotation,
    Section,
    SourceEntry,
    Span,
    TextBlock,
)
from brief.render import layout as layout_module
from brief.render.docx import render_docx
from brief.render.docx.writer import DocxWriter
from brief.render.email import bodies
from brief.render.layout import KINDS, email_layout, layout
from brief.render.pdf.html import render_html
from brief.templates import BUILTIN_FOLDER, Template, find_template


def text(words: str) -> tuple[TextBlock, ...]:
    return (TextBlock((Span(words),)),)


def quotation(words: str, note: int) -> Quotation:
    return Quotation((words,), Citation("src", "Source 2024", f"¶{note}"), True, note)


def section(title: str, kind: str, *points: str, first_note: int = 0) -> Section:
    return Section(title, kind, (), (PointGroup(None, tuple(
        Point(text(words), (quotation(f"passage of {words}", first_note + n - 1),)
              if first_note else (), number=n)
        for n, words in enumerate(points, start=1))),), True)


def briefing(*, marking: str | None = "TLP:AMBER", decision: bool = True,
             legends: bool = True) -> Briefing:
    return Briefing(
        title="Layout memo", subtitle="Every block", organisation="The Office", author="Desk",
        date="1 May 2024", marking=marking, language="en", subject="Layout",
        header=(HeaderField("To", "The Director"), HeaderField("Subject", "Layout")),
        bluf=text("The bottom line."),
        decision=Decision(text("Decide it."), "3 May 2024") if decision else None,
        sections=(section("Key judgments", "key_judgments", "Judged first.", first_note=1),
                  section("Risks", "risks", "A risk noted.", first_note=2),
                  section("Recommendations", "recommendations", "Do the thing.",
                          first_note=3),
                  section("Background", "text", "Some background.")),
        sources=(SourceEntry("src", "Source 2024", "A source.", None, "B", "ab" * 32),),
        legends=(Legend("Likelihood", (LegendEntry("likely", "55–80%"),)),) if legends
        else ())


@pytest.fixture(scope="module")
def memo() -> Template:
    return find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)


def kinds(blocks) -> list[str]:
    return [block.section.kind if block.section else block.kind for block in blocks]


def test_the_order_is_the_documented_one(memo):
    documented = re.findall(r"^    (\w+) {2,}", layout_module.__doc__ or "", re.MULTILINE)
    assert tuple(documented) == KINDS
    blocks = layout(briefing(), dataclasses.replace(memo, citations="endnotes"))
    assert [block.kind for block in blocks] == [
        "marking", "title", "header", "bluf", "decision", "section", "section", "section",
        "section", "notes", "sources", "legend"]
    # Each kind in its place in KINDS: a renderer that walks the sequence draws that order.
    places = [KINDS.index(block.kind) for block in blocks]
    assert places == sorted(places)


def test_blocks_the_memo_has_no_content_for_are_left_out(memo):
    blocks = layout(briefing(marking=None, decision=False, legends=False), memo)
    assert kinds(blocks) == ["title", "header", "bluf", "key_judgments", "risks",
                             "recommendations", "text", "sources"]  # footnotes: no notes


def test_no_heading_is_drawn_over_an_empty_list(memo):
    """A version that cites nothing (a release whose cited portions are all left out) has
    no "Sources" heading, nor a "Notes" one, with nothing under it, in any renderer."""
    bare = dataclasses.replace(briefing(), sections=(), sources=())
    endnotes = dataclasses.replace(memo, citations="endnotes")
    assert [b.kind for b in layout(bare, endnotes)] == [
        "marking", "title", "header", "bluf", "decision", "legend"]
    shown = walked(bare, endnotes)
    for name, output in shown.items():
        assert "Sources" not in output and "SOURCES" not in output, name
        assert "Notes" not in output, name
    assert "Sources" in walked(briefing(), endnotes)["html"]


def test_what_changed_stands_after_the_ask_in_every_renderer(memo):
    box = ChangesBox("Since our memo of 1 March 2024", (
        text("Key judgment 1 moved."), (TextBlock((Span("New sources: "),
                                                   Span("Gazette 2024", strong=True))),)))
    changed = dataclasses.replace(briefing(), changes=box)
    assert kinds(layout(changed, memo))[:6] == ["marking", "title", "header", "bluf",
                                               "decision", "changes"]
    assert kinds(email_layout(changed, memo))[:4] == ["title", "decision", "bluf", "changes"]
    shown = walked(changed, memo)
    for name, output in shown.items():
        at = [output.casefold().index(words.casefold()) for words in (
            "Decide it.", "Since our memo of 1 March 2024", "Key judgment 1 moved.",
            "Gazette 2024", "Judged first.")]
        assert at == sorted(at), name
    assert "SINCE OUR MEMO OF 1 MARCH 2024\n\n- Key judgment 1 moved.\n- New sources: " \
        "Gazette 2024\n" in shown["plain"]
    assert '<section class="changes-section">\n  <h2>Since our memo of 1 March 2024</h2>' \
        in shown["html"]
    assert all("Since our memo" not in output for output in walked(briefing(), memo).values())


def test_the_sections_shown_are_the_templates_numbered_in_order(memo):
    short = dataclasses.replace(memo, include=("risks", "text"), citations="endnotes")
    blocks = layout(briefing(), short)
    sections = [block for block in blocks if block.kind == "section"]
    assert [(b.number, b.section.title) for b in sections] == [(1, "Risks"),
                                                               (2, "Background")]
    notes = next(block for block in blocks if block.kind == "notes")
    assert [q.note for q in notes.notes] == [2]  # the notes of the sections shown only


def test_the_email_puts_the_ask_first_and_summarises(memo):
    assert kinds(email_layout(briefing(), memo)) == [
        "title", "decision", "bluf", "key_judgments", "recommendations"]
    hidden = dataclasses.replace(memo, include=("key_judgments", "risks"))
    assert kinds(email_layout(briefing(decision=False), hidden)) == [
        "title", "bluf", "key_judgments"]


def test_the_email_shows_the_key_judgments_whatever_the_template_includes(memo):
    # As it always has (the PDF and the Word file leave them out).
    hidden = dataclasses.replace(memo, include=("risks", "recommendations"))
    assert "key_judgments" in kinds(email_layout(briefing(), hidden))
    assert "key_judgments" not in kinds(layout(briefing(), hidden))


def walked(memo_briefing: Briefing, template: Template) -> dict[str, str]:
    """The text each renderer gives the briefing: the PDF's HTML, the Word file's
    paragraphs, both email bodies."""
    document = docx.Document(io.BytesIO(render_docx(memo_briefing, template)))
    return {"html": render_html(memo_briefing, template),
            "docx": "\n".join(p.text for p in document.paragraphs),
            "plain": bodies.plain_body(memo_briefing, template, ["memo.pdf"], "Desk"),
            "email html": bodies.html_body(memo_briefing, template, ["memo.pdf"], "Desk")}


def test_a_section_the_template_hides_is_absent_from_every_renderer(memo):
    shown = walked(briefing(), memo)
    assert all("Do the thing." in output for output in shown.values()), shown
    hidden = walked(briefing(), dataclasses.replace(memo, include=("key_judgments",
                                                                   "risks")))
    assert {name: "Do the thing." in output for name, output in hidden.items()} == {
        "html": False, "docx": False, "plain": False, "email html": False}
    assert "Some background." in shown["docx"] and "Some background." not in hidden["docx"]
    assert "Some background." in shown["html"] and "Some background." not in hidden["html"]


def test_every_renderer_draws_every_kind():
    assert set(DocxWriter.DRAW) == set(KINDS)
    emailed = {"title", "decision", "bluf", "changes", "section",  # email_layout's kinds
               "source_summary"}
    assert set(bodies._PLAIN) == set(bodies._HTML) == emailed
    source = (BUILTIN_FOLDER / "memo" / "document.html.j2").read_text(encoding="utf-8")
    macros = {macro.name for macro in
              ImmutableSandboxedEnvironment().parse(source).find_all(nodes.Macro)}
    assert set(KINDS) <= macros


def test_the_pdf_follows_the_layouts_order(memo):
    html = render_html(briefing(), dataclasses.replace(memo, citations="endnotes"))
    marks = ['class="marking-statement"', 'class="title-block"', 'class="memo-header',
             'class="bluf"', 'class="decision"', "kind-key_judgments", "kind-risks",
             "kind-recommendations", "kind-text", 'class="notes"', 'class="sources"',
             'class="legend"']
    places = [html.index(mark) for mark in marks]
    assert places == sorted(places)


def test_a_house_layout_without_a_macro_for_a_kind_does_not_show_it(tmp_path, memo):
    folder = tmp_path / "templates" / "plain"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("name: plain\n", encoding="utf-8")
    page = (BUILTIN_FOLDER / "memo" / "document.html.j2").read_text(encoding="utf-8")
    start = page.index("{% macro decision(")
    end = page.index("{% endmacro %}", start) + len("{% endmacro %}\n")
    (folder / "document.html.j2").write_text(page[:start] + page[end:], encoding="utf-8")
    template = find_template("plain", tmp_path, tmp_path)
    html = render_html(briefing(), template)
    assert "Decide it." not in html and 'class="decision"' not in html
    whole = render_html(briefing(), memo)
    assert body(html) == body(whole.replace(html_of_decision(whole), ""))


def body(html: str) -> str:
    return html[html.index("<body"):]


def html_of_decision(html: str) -> str:
    start = html.index('<section class="decision-section">')
    return html[start:html.index("</section>\n", start) + len("</section>\n")]


def test_draw_takes_only_a_block_of_the_layout(tmp_path):
    folder = tmp_path / "templates" / "odd"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("name: odd\n", encoding="utf-8")
    (folder / "document.html.j2").write_text("<p>{{ draw('bluf') }}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        render_html(briefing(), find_template("odd", tmp_path, tmp_path))
    assert raised.value.message == ("the template cannot be rendered: draw() draws a block "
                                    "of `layout`, not 'bluf'")
    assert (raised.value.where.file, raised.value.where.line) == (
        folder / "document.html.j2", 1)
