"""Sources in the forms analysts save them: web pages, PDFs, Word files."""

from __future__ import annotations

import shutil

import pytest

from brief.sources import load_source_file
from conftest import DATA, flat, pdf_pages

SOURCES = DATA / "sources"


def test_saved_web_page_main_text_and_metadata():
    source = load_source_file(SOURCES / "saved-page.html")
    assert source.format == "html"
    texts = [p.text for p in source.paragraphs]
    assert texts[0] == "Minsk’s narrowing options"
    assert texts[-1].startswith("Western governments should differentiate between Minsk")
    everything = " ".join(texts)
    for left_out in ("Subscribe", "Share on Facebook", "Great article", "All rights reserved",
                     "Privacy policy"):
        assert left_out not in everything
    meta = source.file_metadata
    assert meta.title == "Minsk’s narrowing options"
    assert meta.authors == ("Jane Analyst",)
    assert meta.date == "2022-03-18"
    assert meta.url == "https://example.org/world/minsk-narrowing-options"
    assert meta.publisher == "The Daily Example"


def test_pdf_paragraphs_keep_pages_and_rejoin_the_page_break(pdf_article):
    source = load_source_file(pdf_article)
    assert source.format == "pdf"
    labels = [(p.number, p.label) for p in source.paragraphs]
    assert labels[0] == (1, "p. 1, ¶1")
    crossing = source.paragraphs[6]
    assert crossing.label == "p. 1, ¶7"
    assert crossing.text.startswith("The paragraph that crosses the page break begins here")
    assert "its economy depends on Russian credit, its army on Russian equipment" \
        in crossing.text
    assert crossing.text.endswith("nobody in Moscow takes seriously.")
    assert source.paragraphs[7].label == "p. 2, ¶1"
    everything = " ".join(p.text for p in source.paragraphs)
    assert "The Example Review" not in everything  # running header
    assert "Page 1 of 2" not in everything  # running footer
    assert source.file_metadata.title == "Belarus between two capitals"
    assert source.file_metadata.authors == ("Petra Example",)


def test_word_file_paragraphs_and_metadata():
    source = load_source_file(SOURCES / "article.docx")
    assert source.format == "docx"
    assert [p.text for p in source.paragraphs][:2] == [
        "Sanctions and the Belarusian economy",
        "The economic situation in Belarus keeps deteriorating as Western sanctions widen."]
    assert source.file_metadata.title == "Sanctions and the Belarusian economy"
    assert source.file_metadata.authors == ("Sam Writer",)
    assert source.file_metadata.date == "2022-04-02"


def test_format_is_chosen_by_content_before_extension(project, pdf_article):
    renamed = project.root / "download.txt"
    shutil.copy(pdf_article, renamed)
    assert load_source_file(renamed).format == "pdf"
    page = project.root / "page.txt"
    shutil.copy(SOURCES / "saved-page.html", page)
    assert load_source_file(page).format == "html"


@pytest.mark.slow
@pytest.mark.e2e
def test_a_spec_cites_web_page_pdf_and_word_file(project, pdf_article):
    shutil.copy(pdf_article, project.root / "sources" / "article.pdf")
    sources = {
        "page": {"file": "sources/saved-page.html"},
        "pdf": {"file": "sources/article.pdf", "date": "2022"},
        "word": {"file": "sources/article.docx", "publisher": "Example Press"},
    }
    points = [
        {"text": "Web page.", "passages": [
            {"source": "page", "quote": "should differentiate between Minsk and Moscow"}]},
        {"text": "Across the page break.", "passages": [
            {"source": "pdf", "quote": "its economy depends on Russian credit"}]},
        {"text": "Word.", "passages": [{"source": "word", "paragraph": 3}]},
    ]
    spec = project.spec(sources=sources, sections=[
        {"title": "Risks", "kind": "risks", "points": points}])
    result = project.run("build", spec, "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "should differentiate between Minsk and Moscow" in text
    assert "its economy depends on Russian credit" in text
    assert "1. Analyst 2022, ¶4. 2. Example 2022, p. 1, ¶7. 3. Writer 2022, ¶3." in text
    # Titles and authors came from the files themselves.
    assert "Jane Analyst, “Minsk’s narrowing options”, The Daily Example, 18 March 2022." \
        in text
    assert "Petra Example, “Belarus between two capitals”, 2022." in text
    assert "Sam Writer, “Sanctions and the Belarusian economy”, Example Press, 2 April 2022." \
        in text


@pytest.mark.e2e
def test_source_without_any_title(project):
    spec = project.spec(sources={"gazette": {"title": None}})
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:9:11: error: sources.gazette: source 'gazette' has no title, and its file "
        "does not give one\n"
        "    hint: add `title:` to the source in the spec\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_quote_from_a_pdf_changed_by_a_word(project, pdf_article):
    shutil.copy(pdf_article, project.root / "sources" / "article.pdf")
    spec = project.spec(sources={"pdf": {"file": "sources/article.pdf"}}, sections=[
        {"title": "R", "kind": "risks", "points": [{"text": "x", "passages": [
            {"source": "pdf", "quote": "its economy depends on Chinese credit"}]}]}])
    result = project.run("check", spec)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("quote not found in source 'pdf' (article.pdf)")
    assert lines[2].startswith("    closest: ¶7 (p. 1, ¶7), ")
    assert lines[2].endswith('similar: "its economy depends on Russian credit"')
    assert lines[3] == "    diff:    its economy depends on [-Chinese-] {+Russian+} credit"
