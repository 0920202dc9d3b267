"""Citations inline, as footnotes or as endnotes: the same in the PDF and the Word file."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest

from conftest import docx_footnotes, flat, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

LABELS = ["Example 2024, ¶4", "Example 2024, ¶4", "One & Two 2023, ¶1–2"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build_with(project, citations: str):
    folder = project.root / "templates" / "cited"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(f"name: cited\ncitations: {citations}\n")
    result = project.run("build", project.spec(template="cited"))
    assert result.exit_code == 0, result.stderr
    return project.output / "memo.pdf", project.output / "memo.docx"


def test_footnotes_in_both_formats(project):
    pdf, word = build_with(project, "footnotes")
    text = flat(" ".join(pdf_pages(pdf)))
    assert "(Example 2024, ¶4)" not in text  # no longer inline
    for number, label in enumerate(LABELS, start=1):
        assert f"{number}. {label}." in text  # at the foot of the page
    assert docx_footnotes(word) == [f"{label}." for label in LABELS]
    document = docx.Document(str(word))
    references = document.element.body.findall(f".//{W}footnoteReference")
    assert [r.get(f"{W}id") for r in references] == ["1", "2", "3"]
    assert document.settings.element.find(f"{W}footnotePr") is not None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_word_footnotes(project, tmp_path):
    _, word = build_with(project, "footnotes")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)
    text = flat(" ".join(pdf_pages(tmp_path / "memo.pdf")))
    for label in LABELS:
        assert f"{label}." in text
    assert "(Example 2024, ¶4)" not in text


def test_endnotes_in_both_formats(project):
    pdf, word = build_with(project, "endnotes")
    notes = " ".join(f"{n}. {label}." for n, label in enumerate(LABELS, start=1))
    assert f"Notes {notes} Source summary" in flat(" ".join(pdf_pages(pdf)))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(word)).paragraphs]
    start = paragraphs.index(("Heading 1", "Notes"))
    assert paragraphs[start + 1:start + 4] == [
        ("Note", f"{n}. {label}.") for n, label in enumerate(LABELS, start=1)]
    assert paragraphs[start + 4] == ("Heading 1", "Source summary")


def test_endnotes_list_only_the_sections_shown_in_both_formats(project):
    folder = project.root / "templates" / "cited"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        "name: cited\ncitations: endnotes\ninclude: [risks, recommendations]\n")
    result = project.run("build", project.spec(template="cited"))
    assert result.exit_code == 0, result.stderr
    shown = [(1, "Example 2024, ¶4"), (3, "One & Two 2023, ¶1–2")]  # note 2: Actors, left out
    notes = " ".join(f"{n}. {label}." for n, label in shown)
    assert f"Notes {notes} Source summary" in flat(
        " ".join(pdf_pages(project.output / "memo.pdf")))
    paragraphs = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    start = paragraphs.index("Notes")
    assert paragraphs[start + 1:start + 4] == [f"{n}. {label}." for n, label in shown] + [
        "Source summary"]
