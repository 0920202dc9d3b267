"""The whole pipeline on the example briefing: both files read back as a reader sees them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from brief.pipeline import check
from conftest import REPO, docx_footnotes, docx_paragraphs, docx_reading_order, flat, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

EXAMPLE = REPO / "briefings" / "belarus-2022.yaml"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    """The example built once, as `brief build` writes it, with its checked model."""
    from click.testing import CliRunner

    from brief.cli import cli

    out = tmp_path_factory.mktemp("output")
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(out)],
                                    prog_name="brief")
        checked = check(EXAMPLE)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    return out, result.stdout, checked


def test_build_reports_what_it_wrote(example):
    out, stdout, _ = example
    lines = stdout.splitlines()
    assert lines[0] == "briefings/belarus-2022.yaml: 32 passages verified in 2 sources"
    assert lines[1].startswith(f"wrote {out / 'belarus-2022.pdf'} (")
    assert lines[2].startswith(f"wrote {out / 'belarus-2022.docx'} (")
    assert lines[3].startswith(f"wrote {out / 'belarus-2022.json'} (")
    assert lines[3].endswith("(build manifest: check it later with `brief verify`)")
    assert sorted(p.name for p in out.iterdir()) == [
        "belarus-2022.docx", "belarus-2022.json", "belarus-2022.pdf"]


def landmarks(checked) -> list[str]:
    """What a reader must find, in this order, in both outputs."""
    briefing = checked.briefing
    marks = [briefing.title, "Bottom line up front"]
    if briefing.decision is not None:
        marks += ["Decision requested", briefing.decision.body[0].plain,
                  f"Needed by {briefing.decision.deadline}"]
    for section in briefing.sections:
        marks.append(section.title)
        for group in section.groups:
            if group.heading:
                marks.append(group.heading)
            for point in group.points:
                marks.append(point.body[0].plain)
                if section.kind == "options":  # a table: the option, then its citations
                    marks.extend(q.citation.label for q in point.quotations)
                    continue
                if point.estimate:
                    marks.append(point.estimate.statement)
                for quotation in point.quotations:
                    marks.extend(quotation.texts)
    marks.append("Sources")
    marks.extend(f"{s.short}:" for s in briefing.sources)
    marks.append("What we mean by these words")
    marks.extend(f"{legend.title}:" for legend in briefing.legends)
    return [flat(m) for m in marks]


def assert_in_order(text: str, marks: list[str]) -> None:
    position = 0
    for mark in marks:
        found = text.find(mark, position)
        assert found != -1, f"not found after position {position}: {mark!r}"
        position = found + len(mark)


def footnote_quotations(checked) -> list:
    """The quotations cited in footnotes: all but those of the options table, which shows
    their citations in the table."""
    return [q for s in checked.briefing.sections if s.kind != "options"
            for g in s.groups for p in g.points for q in p.quotations]


def footnotes(checked) -> list[str]:
    """Every footnote as the PDF prints it: `1. Wolff & Bayok 2022, ¶1 [B].`, in document
    order, numbered as they are called."""
    return [f"{n}. {q.citation.label}." for n, q in enumerate(footnote_quotations(checked), 1)]


def test_pdf_holds_every_passage_and_citation_in_order(example):
    out, _, checked = example
    text = flat(" ".join(pdf_pages(out / "belarus-2022.pdf", raw=True)))
    assert_in_order(text, landmarks(checked))
    for source in checked.briefing.sources:  # may run over a page break, and its footnotes
        assert flat(source.reference)[:60] in text
    assert_in_order(text, footnotes(checked))
    assert len(footnotes(checked)) == 30  # 32 passages; the options table cites its 2 itself
    # Spot checks written out by hand, as the source has them (curly apostrophes), each
    # followed by its footnote call, with the grade of source and passage.
    assert "Minsk simply doesn't have any realistic option other than to re-engage Moscow30" \
        in text
    assert "30. Korybko 2020, ¶8 [D]." in text
    assert "This isn’t a suggestion that the west ought to actively promote regime change in " \
        "Belarus.26" in text
    assert "26. Wolff & Bayok 2022, ¶23 [B]." in text
    assert "For these reasons, a forthcoming Russian military intervention in Belarus is " \
        "unlikely.29" in text
    assert "Lukashenko is therefore at President Putin's mercy4" in text
    assert "4. Korybko 2020, ¶24 [D3]." in text


def docx_text(path: Path) -> str:
    return flat(" ".join(docx_reading_order(path)))


def test_docx_holds_the_same_content_in_the_same_order(example):
    out, _, checked = example
    assert_in_order(docx_text(out / "belarus-2022.docx"), landmarks(checked))
    for source in checked.briefing.sources:
        assert flat(f"{source.short}: {source.reference}") in docx_text(
            out / "belarus-2022.docx")
    # Native Word footnotes, numbered by Word in the same order.
    assert docx_footnotes(out / "belarus-2022.docx") == [
        f"{q.citation.label}." for q in footnote_quotations(checked)]


def test_pdf_and_docx_have_the_same_words(example):
    """Apart from page furniture, the two files carry the same words: the body's in the
    same order (see above), and the footnotes', which each format places itself."""
    out, _, _ = example
    # Page furniture: the running header's date (the first on each page) and the marking.
    pdf = " ".join(page.replace("22 March 2022", " ", 1)
                   for page in pdf_pages(out / "belarus-2022.pdf"))
    statement = "Handling marking: TLP:AMBER"  # in both: the text's, not furniture
    pdf = flat(pdf.replace(statement, "\0").replace("TLP:AMBER", " ").replace("\0", statement))
    for number in range(1, 10):
        pdf = pdf.replace(f"Page {number} of ", " ")
    # A table's header row is repeated on each page it runs over, in both formats; Word
    # keeps it once in the file.
    first = pdf.index("Option For Against") + len("Option For Against")
    pdf = pdf[:first] + pdf[first:].replace("Option For Against", " ")

    def words(text: str) -> list[str]:
        # Upper case is a style in both (CSS text-transform, Word's All Caps); pdftotext
        # drops the hyphen of a word broken at a line end ("machine-|paraphrased"); a
        # footnote call is glued to its word in the PDF ("Ukraine1") and is no text in
        # Word; list numbers and footnote numbers ("1.") are text only in the PDF.
        kept = []
        for word in text.lower().split():
            word = re.sub(r"(?<=\D)\d+$", "", word.replace("-", ""))
            if word and not word.isdigit() and not re.fullmatch(r"\d+\.", word) \
                    and word != "•":
                kept.append(word)
        return kept

    word_file = out / "belarus-2022.docx"
    in_word = words(docx_text(word_file)) + words(" ".join(docx_footnotes(word_file)))
    assert Counter(words(pdf)) == Counter(in_word)


def test_marking_on_every_pdf_page_top_and_bottom(example):
    out, _, _ = example
    pages = pdf_pages(out / "belarus-2022.pdf")
    assert 1 <= len(pages) <= 5
    for number, page in enumerate(pages, start=1):
        # header and footer; page 1 also states it, out of sight, for a screen reader
        assert page.count("TLP:AMBER") == (3 if number == 1 else 2), f"page {number}"
        assert f"Page {number} of {len(pages)}" in page


def test_pdf_metadata(example):
    out, _, _ = example
    info = PdfReader(out / "belarus-2022.pdf").metadata
    assert info.title == "Will Belarus join Russia's war in Ukraine?"
    assert info.author == "Eastern Europe desk"
    assert info.subject == "Likelihood of Belarusian troops entering the war, and how to respond"
    assert info["/Keywords"] == "TLP:AMBER"
    assert PdfReader(out / "belarus-2022.pdf").trailer["/Root"]["/Lang"] == "en"


def test_docx_styles_header_footer_and_properties(example):
    out, _, _ = example
    document = docx.Document(str(out / "belarus-2022.docx"))
    used = {style for style, _ in docx_paragraphs(out / "belarus-2022.docx")}
    assert used == {"Organisation", "Title", "Subtitle", "Memo Header", "BLUF", "Decision",
                    "Heading 1", "Heading 2", "List Bullet", "List Continue", "List Number",
                    "Passage", "Source", "Normal"}
    assert [t.style.name for t in document.tables] == ["Options Table"]
    for section in document.sections:
        # The date at the left, no classification in the centre, the TLP label at the
        # right (framed by no-break spaces on its black shading).
        assert [p.text for p in section.header.paragraphs] == [
            "22 March 2022\t\t\xa0TLP:AMBER\xa0"]
        assert [p.text for p in section.footer.paragraphs] == ["Page  of \t\t\xa0TLP:AMBER\xa0"]
        fields = section.footer._element.xpath(".//w:fldSimple/@w:instr")
        assert [f.strip() for f in fields] == ["PAGE", "NUMPAGES"]
        assert not section.different_first_page_header_footer
    props = document.core_properties
    assert props.title == "Will Belarus join Russia's war in Ukraine?"
    assert props.keywords == "TLP:AMBER"
    assert props.author == "Eastern Europe desk"
    # The marking is a custom property too (File > Properties > Custom in Word).
    with zipfile.ZipFile(out / "belarus-2022.docx") as package:
        custom = package.read("docProps/custom.xml").decode("utf-8")
    assert re.search(r'<property [^>]*name="Marking"><vt:lpwstr>TLP:AMBER</vt:lpwstr>',
                     custom)
    # The reference document's own body text is gone.
    assert "Reference document" not in docx_text(out / "belarus-2022.docx")


def test_recommendations_are_a_real_numbered_list_restarting_at_one(example):
    out, _, _ = example
    document = docx.Document(str(out / "belarus-2022.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 7  # 3 key judgments, 4 recommendations
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(num_ids[:3])) == len(set(num_ids[3:])) == 1
    assert num_ids[0] != num_ids[3]
    numbering = document.part.numbering_part.element
    for num_id in (num_ids[0], num_ids[3]):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx_like_the_pdf(example, tmp_path):
    """LibreOffice, a real Word client, converts the .docx: same pages, marking, numbering."""
    out, _, _ = example
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "belarus-2022.docx")],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "belarus-2022.pdf"
    assert converted.exists(), result.stdout + result.stderr
    lo_pages = pdf_pages(converted)
    weasy_pages = pdf_pages(out / "belarus-2022.pdf")
    assert abs(len(lo_pages) - len(weasy_pages)) <= 1
    for number, page in enumerate(lo_pages, start=1):
        # header and footer; page 1 also states it, out of sight, for a screen reader
        assert page.count("TLP:AMBER") == (3 if number == 1 else 2), f"page {number}"
        assert f"Page {number} of {len(lo_pages)}" in page
    text = flat(" ".join(lo_pages))
    assert "1. Differentiate between Minsk and Moscow" in text
    assert "4. Ask Beijing" in text
    assert "3. If Belarus does enter" in text
    # Word's footnotes, as LibreOffice lays them out at the foot of its pages.
    assert "Korybko 2020, ¶8 [D]." in text and "Wolff & Bayok 2022, ¶23 [B]." in text


def test_source_list_shows_each_fingerprint_in_both_formats(example):
    out, _, checked = example
    pdf = flat(" ".join(pdf_pages(out / "belarus-2022.pdf")))
    word = docx_text(out / "belarus-2022.docx")
    for source in checked.sources.values():
        fingerprint = f"SHA-256 {source.sha256[:12]}"
        assert fingerprint in pdf
        assert fingerprint in word


def test_pdf_fonts_are_embedded_and_subset(example):
    out, _, _ = example
    listing = subprocess.run(["pdffonts", str(out / "belarus-2022.pdf")], check=True,
                             capture_output=True, text=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for row in listing:
        # columns: name type encoding emb sub uni object ID
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
        assert "DejaVu" in row
