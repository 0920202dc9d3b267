"""Stage 5, the Word renderer: `render_docx` given a hand-made `Briefing`
(tests/briefings.py) and a template returns a .docx, read back here with python-docx."""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
import pytest

from brief.render.docx import render_docx
from brief.templates import Template, find_template
from briefings import briefing
from conftest import Project, docx_footnotes, docx_paragraphs, word_problems


def builtin(name: str = "memo") -> Template:
    here = Path(__file__).parent
    return find_template(name, here, here)


def rendered(tmp_path: Path, template: Template | None = None, **changes: object) -> Path:
    path = tmp_path / "memo.docx"
    path.write_bytes(render_docx(briefing(**changes), template or builtin()))
    return path


def test_the_memo_in_the_models_order_in_words_styles(tmp_path):
    paragraphs = docx_paragraphs(rendered(tmp_path))
    assert [text for style, text in paragraphs if style.startswith("Heading")] == [
        "Bottom line up front", "Decision requested", "Risks", "Actors", "Critics",
        "Recommendations", "Sources"]
    assert paragraphs[:8] == [
        ("Normal", "Handling marking: OFFICIAL-SENSITIVE"),
        ("Organisation", "Test desk"),
        ("Title", "Minsk between two capitals"),
        ("Subtitle", "What the Kremlin wants"),
        ("Memo Header", "To:\tThe Minister"),
        ("Memo Header", "From:\tTest desk"),
        ("Memo Header", "Date:\t1 May 2024"),
        ("Heading 1", "Bottom line up front")]
    start = paragraphs.index(("Heading 1", "Recommendations"))
    assert paragraphs[start:start + 5] == [
        ("Heading 1", "Recommendations"),
        ("List Number", "Watch Moscow."),
        ("Passage", "Second line paragraph about Moscow."),
        ("List Number", "Talk to Warsaw."),
        ("Heading 1", "Sources")]
    assert ("Decision", "Needed by 8 May 2024") in paragraphs
    assert ("Heading 2", "Critics") in paragraphs


def test_rich_text_and_escaping(tmp_path):
    document = docx.Document(str(rendered(tmp_path)))
    bluf = next(p for p in document.paragraphs if p.style.name == "BLUF")
    assert bluf.text == "The plan is rushed; see the gazette."
    assert [(r.text, r.bold, r.italic) for r in bluf.runs if r.bold or r.italic] == [
        ("plan", True, None), ("rushed", None, True)]
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://example.org/gazette" in links
    # text stays text: what looks like markup is shown as written
    assert "Two risks <script>stand</script> out." in [p.text for p in document.paragraphs]


def test_each_quotation_cites_in_a_footnote(tmp_path):
    path = rendered(tmp_path)
    assert docx_footnotes(path) == [
        "Example 2024, ¶4.", "Example 2024, ¶4.", "One & Two 2023, ¶2."]
    passages = [text for style, text in docx_paragraphs(path) if style == "Passage"]
    assert passages == ["its costs were not known", "Critics argued that the plan was rushed.",
                        "Second line paragraph about Moscow."]


def test_the_sources_with_their_fingerprints(tmp_path):
    sources = [text for style, text in docx_paragraphs(rendered(tmp_path)) if style == "Source"]
    assert sources == [
        "Example 2024: Ann Example, “The Quirks Gazette”, Gazette, 30 April 2024. "
        "https://example.org/gazette Source reliability: B (usually reliable). "
        "SHA-256 1b7965203652",
        "One & Two 2023: Bo One and Cy Two, “Lines”, 2023. SHA-256 6c3d2b301679"]


def test_properties_header_and_footer_carry_the_marking(tmp_path):
    document = docx.Document(str(rendered(tmp_path, marking="TLP:AMBER")))
    properties = document.core_properties
    assert (properties.title, properties.author, properties.keywords, properties.language) == (
        "Minsk between two capitals", "Ann Analyst", "TLP:AMBER", "en")
    moment = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    assert properties.created == moment and properties.modified == moment
    section = document.sections[0]
    assert "TLP:AMBER" in section.header.paragraphs[0].text
    assert "TLP:AMBER" in section.footer.paragraphs[0].text


def test_the_same_briefing_makes_the_same_bytes_and_its_stamp_is_in_them(tmp_path):
    template = builtin()
    first, again = render_docx(briefing(), template), render_docx(briefing(), template)
    assert first == again
    later = datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)
    assert render_docx(briefing(stamp=later), template) != first


def test_a_template_that_leaves_a_kind_out(tmp_path, project: Project):
    project.template("house", "include: [risks, recommendations]\n")
    house = find_template("house", project.root, project.root)
    headings = [text for style, text in docx_paragraphs(rendered(tmp_path, house))
                if style.startswith("Heading")]
    assert headings == ["Bottom line up front", "Decision requested", "Risks",
                        "Recommendations", "Sources"]


@pytest.mark.slow
def test_the_word_file_is_clean_for_word(tmp_path):
    assert word_problems(rendered(tmp_path, marking="TLP:AMBER")) == []


def test_each_footnote_reference_and_paragraph_has_the_style_it_asks_for(tmp_path):
    """Styles are looked up once a document (`package.remember_style_ids`), by name and as
    themselves: every footnote's reference mark in the body still carries the Footnote
    Reference character style, and each paragraph its own style."""
    from docx.oxml.ns import qn

    path = rendered(tmp_path)
    document = docx.Document(str(path))
    reference = document.styles["Footnote Reference"].style_id
    marks = document.element.body.findall(f".//{qn('w:footnoteReference')}")
    assert marks and len(marks) == len(docx_footnotes(path))
    for mark in marks:
        style = mark.getparent().find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        assert style is not None and style.get(qn("w:val")) == reference
    assert {p.style.name for p in document.paragraphs} >= {
        "Title", "Heading 1", "Memo Header", "Passage"}
