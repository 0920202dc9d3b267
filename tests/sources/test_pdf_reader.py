"""PDF paragraphs from the layout (sources/pdf.py): a multi-page, two-column PDF with
running headers, page numbers, footnotes and hyphenated line ends, as WeasyPrint sets
it, reads as the paragraphs its author wrote."""

from __future__ import annotations

import subprocess
import sys

import pytest

from brief.sources import load_source_file
from conftest import REPO

pytestmark = pytest.mark.slow

WORDS = str.split(
    "the ministry argues that sanctions relief depends on verifiable steps by Minsk "
    "towards political independence from Moscow while negotiators from Vilnius and "
    "Warsaw insist on humanitarian guarantees for prisoners and journalists")

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Two columns</title><style>
@page {{ size: A5; margin: 22mm 14mm 20mm;
  @top-center {{ content: "The Example Quarterly · Issue 4"; font-size: 7pt; }}
  @bottom-right {{ content: counter(page); font-size: 7pt; }} }}
body {{ font: 9pt/1.3 "DejaVu Serif", serif; columns: 2; column-gap: 6mm;
        hyphens: auto; text-align: justify; }}
h1 {{ font-size: 14pt; column-span: all; }}
p {{ margin: 0; text-indent: 1.2em; }}
.fn {{ float: footnote; font-size: 7pt; }}
</style></head><body><h1>Minsk and its neighbours</h1>{body}</body></html>"""


def paragraph(number: int) -> str:
    words = [WORDS[(number * 7 + i) % len(WORDS)] for i in range(40 + number % 5 * 9)]
    return f"Paragraph {number} says that " + " ".join(words) + f" at the end of {number}."


@pytest.fixture(scope="module")
def two_columns(tmp_path_factory):
    from weasyprint import HTML as Document

    body = "".join(
        f"<p>{paragraph(n)}"
        + (f'<span class="fn">Note {n}: the source is an interview held in March.</span>'
           if n in (5, 17) else "") + "</p>" for n in range(1, 41))
    path = tmp_path_factory.mktemp("pdf") / "two-columns.pdf"
    Document(string=HTML.format(body=body)).write_pdf(path)
    return path


def test_the_paragraphs_of_a_two_column_pdf_are_the_ones_its_author_wrote(two_columns):
    source = load_source_file(two_columns)
    pages = {p.page for p in source.paragraphs}
    assert len(pages) >= 4
    body = [p for p in source.paragraphs if p.role != "note"]
    # line-end hyphens are joined, with a soft hyphen (which no reader sees) between halves
    assert [p.text.replace("\u00ad", "") for p in body] == ["Minsk and its neighbours"] + [
        paragraph(n) for n in range(1, 41)]  # hyphenated words joined, breaks rejoined
    notes = [p.text for p in source.paragraphs if p.role == "note"]
    assert notes == [f"{mark}. Note {n}: the source is an interview held in March."
                     for mark, n in ((1, 5), (2, 17))]
    everything = " ".join(p.text for p in source.paragraphs)
    assert "Example Quarterly" not in everything  # the running header


@pytest.mark.e2e
def test_quotes_across_breaks_and_hyphens_verify(project, two_columns):
    import shutil

    shutil.copy(two_columns, project.root / "sources" / "two-columns.pdf")
    source = load_source_file(project.root / "sources" / "two-columns.pdf")
    crossing = next(p for p in source.paragraphs if "\n\n" in p.raw)  # column or page
    words = crossing.text.split()
    quotes = [" ".join(words[:-3]).replace("\u00ad", ""),
              "the source is an interview held in March"]
    hyphenated = [p for p in source.paragraphs if "\u00ad" in p.text]
    assert hyphenated, "WeasyPrint hyphenated no word at a line end"
    words = hyphenated[0].text.split()
    broken = next(i for i, w in enumerate(words) if "\u00ad" in w)
    quotes.append(" ".join(words[:broken + 1]).replace("\u00ad", "").strip(".,"))
    points = [{"text": "x", "passages": [
        {"source": "pdf", "quote": q, **({"prefix": "Note 5:"} if "interview" in q else {})}
        for q in quotes]}]
    project.spec(sources={"pdf": {"file": "sources/two-columns.pdf", "title": "Two",
                                  "date": "2022"}},
                 sections=[{"title": "Risks", "kind": "risks", "points": points}])
    result = project.run("check", "memo.yaml")
    assert "error" not in result.stderr, result.stderr


@pytest.mark.e2e
def test_what_pdfminer_logs_of_a_file_does_not_reach_the_user(tmp_path):
    """pdfminer logs what it passes over in a file ("Execute called on non-indirect
    object (inline image?)"), which Python would print as it is, in no message of
    brief's: the command line sends the reader libraries' logging nowhere. (A process of
    its own: pytest catches logging in its own.)"""
    pdf = REPO.parent / "shared" / "corpus" / "pdf" / "multi_page.pdf"
    if not pdf.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    script = (
        "import logging, sys\n"
        "import brief.sources.pdf as pdf\n"
        "read = pdf.read_pdf_blocks\n"
        "def logging_read(raw):  # as pdfminer does on such a page\n"
        "    logging.getLogger('pdfminer.pdfinterp').warning(\n"
        "        'Execute called on non-indirect object (inline image?) <PDFStream(12)>')\n"
        "    return read(raw)\n"
        "pdf.read_pdf_blocks = logging_read\n"
        "from brief.cli import main\n"
        f"sys.argv = ['brief', 'sources', {str(pdf)!r}]\n"
        "main()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert result.stderr == ""
