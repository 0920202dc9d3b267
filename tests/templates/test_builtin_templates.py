"""The three built-in templates all build the example, each as it promises."""

from __future__ import annotations

import shutil

import docx
import pytest

from conftest import REPO, flat, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture
def example(project):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    return project.root / "briefings" / "belarus-2022.yaml"


def build_as(project, example, template: str):
    text = example.read_text(encoding="utf-8").replace(
        "\ntitle: Will", f"\ntemplate: {template}\ntitle: Will", 1)
    spec = example.with_name(f"{template}.yaml")
    spec.write_text(text, encoding="utf-8")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    return (project.output / f"{template}.pdf", project.output / f"{template}.docx")


def test_one_pager_fits_on_one_page_with_short_citations(project, example):
    pdf, word = build_as(project, example, "one-pager")
    [page] = pdf_pages(pdf)
    text = flat(page)
    assert "Bottom line" in text
    assert "A staged \"false-flag\" incident inside Belarus could be used as the pretext for " \
        "entry. (Wolff & Bayok 2022, ¶1 [B])" in text
    assert "operation inside Belarus may very well be the pretext" not in text  # not quoted
    assert "Background and source note" not in text  # text sections are left out
    # Key judgments are kept, each with its confidence; the options table is left out.
    judgment = "Belarusian troops are unlikely (20–45%) to enter the war in the coming " \
        "weeks. (Wolff & Bayok 2022, ¶10 [B2]; Wolff & Bayok 2022, ¶11 [B3])"
    assert f"{judgment} We have moderate confidence in this judgment." in text
    assert "Options" not in text
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert "A staged \"false-flag\" incident inside Belarus could be used as the pretext for " \
        "entry. (Wolff & Bayok 2022, ¶1 [B])" in paragraphs
    assert "Background and source note" not in paragraphs
    assert paragraphs[paragraphs.index(judgment) + 1] == \
        "We have moderate confidence in this judgment."
    assert not any("operation inside Belarus may very well" in p for p in paragraphs)


def test_one_pager_says_when_the_content_does_not_fit(project, example):
    padding = "".join(f"  Padding paragraph {n} of the bottom line, to overflow one page.\n\n"
                      for n in range(30))
    long = example.read_text(encoding="utf-8").replace("bluf: |\n", "bluf: |\n" + padding, 1)
    for formats in ("pdf,docx", "docx"):  # a Word-only build is checked on the PDF's layout
        text = long.replace("\ntitle: Will", "\ntemplate: one-pager\ntitle: Will", 1)
        spec = example.with_name("long.yaml")
        spec.write_text(text, encoding="utf-8")
        result = project.run("build", spec, "--format", formats)
        assert result.exit_code == 1
        assert "error: the memo does not fit: it takes 2 pages, and template 'one-pager' " \
            "allows 1 page\n    hint: shorten the bottom line or the points, drop a section, " \
            "or build it with `template: memo`\n" in result.stderr
        assert not project.output.exists()


def test_briefing_note_numbers_sections_tables_incentives_and_footnotes(project, example):
    pdf, word = build_as(project, example, "briefing-note")
    text = flat(" ".join(pdf_pages(pdf)))
    assert "Summary Belarusian troops are unlikely" in text
    assert "1. Key judgments" in text and "2. Risk factors" in text
    assert "6. Recommendations" in text
    assert "(Wolff & Bayok 2022, ¶10 [B2])" not in text  # footnotes, not inline
    assert "1. Wolff & Bayok 2022, ¶10 [B2]." in text
    document = docx.Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:8] == ["Summary", "Decision requested", "1. Key judgments",
                            "2. Risk factors", "3. What each actor wants", "4. What to watch",
                            "5. Options", "6. Recommendations"]
    assert [t.style.name for t in document.tables] == ["Incentives Table", "Options Table"]
    assert document.element.body.xpath(".//w:footnoteReference")


def test_memo_cites_in_footnotes_and_stays_within_five_pages(project, example):
    pdf, _ = build_as(project, example, "memo")
    text = flat(" ".join(pdf_pages(pdf)))
    assert "(Wolff & Bayok 2022, ¶10 [B2])" not in text
    assert "1. Wolff & Bayok 2022, ¶10 [B2]." in text
    assert len(pdf_pages(pdf)) == 5


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_one_pager_word_file_fits_one_page_in_libreoffice(project, example, tmp_path):
    import subprocess

    _, word = build_as(project, example, "one-pager")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)
    assert len(pdf_pages(tmp_path / "one-pager.pdf")) == 1
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert "To: Director, Policy Planning   From: Eastern Europe desk   Date: 22 March 2022   " \
        "Subject: Likelihood of Belarusian troops entering the war, and how to respond" \
        in paragraphs
