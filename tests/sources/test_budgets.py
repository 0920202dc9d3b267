"""Word files and PDFs that stay under the byte limits but would cost minutes and
gigabytes to read (issue 29): each is refused by the budget of what costs (paragraphs,
XML elements, text, pages, drawing operations, characters, blocks of text), with one
message at the source's line, exit status 1 and nothing written; a raised budget reads
the file. The times and peaks are measured by bench/bombs.py."""

from __future__ import annotations

import functools

import pytest

import attacks

pytestmark = pytest.mark.e2e

HINT = ("\n    hint: if the file is what you mean, allow more with {variable} (for example), or "
        "copy the part you cite into a .txt file\n")


def refused(project, spec, message: str, variable: str) -> None:
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"memo.yaml:3:15: error: sources.src.file: {message}: more than brief reads of a "
        f"source" + HINT.format(variable=variable)), result.stderr
    assert "Traceback" not in result.stderr
    assert not project.output.exists()
    assert sorted(p.name for p in project.root.iterdir()) == ["memo.yaml", "sources"]


@pytest.mark.slow
@pytest.mark.parametrize(("maker", "message", "variable"), [
    (attacks.docx_paragraph_bomb, "the Word file bomb.docx has more than 100,000 paragraphs",
     "BRIEF_MAX_WORD_PARAGRAPHS=1000000"),
    (attacks.docx_run_bomb, "the Word file bomb.docx has more than 2,000,000 XML elements",
     "BRIEF_MAX_WORD_ELEMENTS=20000000"),
    (attacks.docx_text_bomb, "the Word file bomb.docx has more than 20,000,000 characters of "
     "text", "BRIEF_MAX_WORD_CHARACTERS=200000000"),
    (functools.partial(attacks.pdf_text_bomb, size=1024 * 1024),
     "the PDF bomb.pdf has more than 100,000 characters on page 1",
     "BRIEF_MAX_PDF_PAGE_CHARACTERS=1000000"),
    (functools.partial(attacks.pdf_plain_text_bomb, size=1024 * 1024),
     "the PDF bomb.pdf has more than 100,000 characters on page 1",
     "BRIEF_MAX_PDF_PAGE_CHARACTERS=1000000"),
    (functools.partial(attacks.pdf_drawing_bomb, operations=510_000),
     "the PDF bomb.pdf has more than 500,000 drawing operators and operands on page 1",
     "BRIEF_MAX_PDF_PAGE_OPERATIONS=5000000"),
    (functools.partial(attacks.pdf_scattered_text, letters=800),
     "the PDF bomb.pdf has more than 500 separate blocks of text on page 1",
     "BRIEF_MAX_PDF_PAGE_BLOCKS=5000"),
    (functools.partial(attacks.pdf_many_pages, pages=5_001),
     "the PDF bomb.pdf has more than 5,000 pages", "BRIEF_MAX_PDF_PAGES=50000"),
], ids=["docx paragraphs", "docx runs", "docx text", "pdf text stream", "pdf plain text",
        "pdf drawing", "pdf scattered text", "pdf pages"])
def test_a_source_that_costs_more_than_its_budget_is_refused(project, maker, message,
                                                             variable):
    for child in project.root.iterdir():  # the bomb alone, to see nothing else appear
        if child.is_dir():
            for file in child.iterdir():
                file.unlink()
    spec = maker(project.root)
    refused(project, spec, message, variable)


@pytest.mark.parametrize(("variable", "most", "message"), [
    ("BRIEF_MAX_PDF_PAGES", 2, "more than 2 pages"),
    ("BRIEF_MAX_PDF_CHARACTERS", 60, "more than 60 characters"),
    ("BRIEF_MAX_PDF_OPERATIONS", 25, "more than 25 drawing operators and operands"),
    ("BRIEF_MAX_PDF_PAGE_CHARACTERS", 25, "more than 25 characters on page 1"),
])
def test_a_pdf_over_a_lowered_budget_is_refused_and_within_it_read(project, monkeypatch,
                                                                     variable, most, message):
    """Three pages, each of a line of 26 characters, drawn by 10 operators and operands:
    the budgets in all count every page."""
    spec = attacks.pdf_many_pages(project.root, pages=3)
    monkeypatch.setenv(variable, str(most))
    refused(project, spec, f"the PDF bomb.pdf has {message}", f"{variable}={most * 10}")
    monkeypatch.setenv(variable, str(most * 10 // 2))
    result = project.run("sources", "sources/bomb.pdf")
    assert result.exit_code == 0, result.stderr
    assert "¶1   (p. 1, ¶1) A page of many says hello.\n" in result.stdout
    assert result.stdout.count("A page of many says hello.") == 3


def test_a_word_file_at_its_budget_reads_and_one_over_is_refused(project, monkeypatch):
    spec = attacks.docx_paragraph_bomb(project.root, paragraphs=3)
    monkeypatch.setenv("BRIEF_MAX_WORD_PARAGRAPHS", "3")
    result = project.run("sources", "sources/bomb.docx")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(" a\n") == 3
    monkeypatch.setenv("BRIEF_MAX_WORD_PARAGRAPHS", "2")
    refused(project, spec, "the Word file bomb.docx has more than 2 paragraphs",
            "BRIEF_MAX_WORD_PARAGRAPHS=20")


@pytest.mark.parametrize("value", ["lots", "0", "-5", "200k", "1e6"])
def test_a_budget_that_is_no_number_is_one_message(project, monkeypatch, value):
    attacks.docx_paragraph_bomb(project.root, paragraphs=3)
    monkeypatch.setenv("BRIEF_MAX_WORD_ELEMENTS", value)
    result = project.run("check", "memo.yaml")
    assert result.exit_code == 1
    assert "BRIEF_MAX_WORD_ELEMENTS must be a whole number above 0 such as 20000000, not " \
        f"{value!r}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pdf_over_its_budget_of_pairs_of_blocks_is_refused(project, monkeypatch):
    """Each page's blocks are put in order by comparing each pair: three pages of two
    blocks are three pairs."""
    spec = attacks.pdf_many_pages(project.root, pages=3, blocks=2)
    monkeypatch.setenv("BRIEF_MAX_PDF_BLOCK_PAIRS", "2")
    refused(project, spec, "the PDF bomb.pdf has more than 2 pairs of blocks of text to put "
            "in order, page by page", "BRIEF_MAX_PDF_BLOCK_PAIRS=20")
    monkeypatch.setenv("BRIEF_MAX_PDF_BLOCK_PAIRS", "3")
    result = project.run("sources", "sources/bomb.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("A block below.") == 3
