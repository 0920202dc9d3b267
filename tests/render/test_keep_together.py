"""A point is kept with its first passage, and a passage with its citation, where a page
breaks: read back page by page from the PDF, and from the Word file's paragraph
properties (Keep with next, Keep lines together)."""

from __future__ import annotations

import docx
import pytest
import yaml

from conftest import flat, pdf_pages

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PARAGRAPH = ("The {} paragraph of the report says that the talks in Minsk were long and that "
             "the two delegations left without a text they could both sign, although each "
             "said that work would go on.")
POINT = "The point that must keep its passage."


def memo(project, filler_lines: int):
    """A memo whose point, with a passage of two paragraphs, comes after `filler_lines`
    lines of text: so many that the page breaks at the point or in its passage."""
    (project.root / "sources" / "report.txt").write_text(
        "\n\n".join(PARAGRAPH.format(n) for n in ("first", "second", "third")) + "\n",
        encoding="utf-8")
    filler = "\n\n".join(f"Filler line {n} of the section, long enough to fill a line."
                         for n in range(1, filler_lines + 1))
    spec = {
        "title": "Keep together", "date": "2024-05-01",
        "sources": {"report": {"file": "sources/report.txt", "title": "The report",
                               "reliability": "B"}},
        "bluf": "The bottom line.",
        "sections": [
            {"title": "Background", "kind": "text", "text": filler},
            {"title": "Points", "kind": "risks", "points": [
                {"text": POINT, "passages": [{"source": "report", "paragraphs": "1-2"}]}]}]}
    return project.spec(text=yaml.safe_dump(spec, sort_keys=False))


def pages_of(pages: list[str], text: str) -> list[int]:
    return [number for number, page in enumerate(pages, start=1) if text in flat(page)]


@pytest.mark.parametrize("filler_lines", [
    25,  # the page once broke between the passage's two paragraphs: its first without
         # its citation (a footnote, under the second)
    27,  # the point was once alone at the foot of page 1, its passage over the page
])
def test_a_point_keeps_its_passage_and_a_passage_its_citation(project, filler_lines):
    result = project.run("build", memo(project, filler_lines))
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages(project.output / "memo.pdf")
    assert len(pages) == 2
    # The page breaks here: page 1 ends with the filler, whose last line fits on it.
    assert pages_of(pages, f"Filler line {filler_lines} of the section") == [1]
    # The point, both paragraphs of its passage and the citation, on one page: the next.
    assert pages_of(pages, POINT) == [2]
    assert pages_of(pages, flat(PARAGRAPH.format("first"))) == [2]
    assert pages_of(pages, flat(PARAGRAPH.format("second"))) == [2]
    assert pages_of(pages, "1. The report n.d., ¶1–2 [B].") == [2]

    document = docx.Document(str(project.output / "memo.docx"))
    kept = {p.text: (p.paragraph_format.keep_with_next, p.paragraph_format.keep_together)
            for p in document.paragraphs}
    assert kept[POINT] == (True, None)  # with the passage's first paragraph
    assert kept[PARAGRAPH.format("first")] == (True, True)  # with the second, whole
    assert kept[PARAGRAPH.format("second")] == (None, True)  # whole, with its citation
    filler = "Filler line 1 of the section, long enough to fill a line."
    assert kept[filler] == (None, None)


def test_a_point_without_passages_is_not_kept_with_what_follows(project):
    spec = project.spec(sections=[{"title": "Notes", "kind": "risks", "points": [
        {"text": "A point on its own."},
        {"text": "Costs are unknown.", "passages": [
            {"source": "gazette", "quote": "its costs were not known"}]}]}])
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    kept = {p.text: p.paragraph_format.keep_with_next for p in document.paragraphs}
    assert kept["A point on its own."] is None
    assert kept["Costs are unknown."] is True
