"""Word files read from their XML, as Word shows them (sources/word.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from brief.sources import load_source_file
from conftest import DATA, REPO

FEATURES = DATA / "sources" / "word-features.docx"
CORPUS = REPO.parent / "shared" / "corpus" / "docx"

# What Word shows of tests/data/sources/word-features.docx (made by
# tests/tools/make_word_features.py), paragraph by paragraph, with each one's role.
SHOWN = [
    ("heading", "Features of a real Word file"),
    ("text", "When the king of Egypt died, the regent ruled."),  # smart tag, custom XML
    ("text", "A paragraph inside a content control is part of the body."),
    ("text", "The minister twice met the envoy in March in Geneva."),  # tracked changes
    ("text", "See Annex B and the treaty text, a 1 March 2022 note."),  # fields, hyperlink
    ("text", "Visa\u2011free travel\tcosts \u2265 5 euros."),  # symbol; hidden text left out
    ("text", "Drop caps begin the chapter."),
    ("text", "The chart shows the trend."),
    ("text", "Text in a text box is read once."),  # not its VML fallback too
    ("heading", "a list item without a full stop"),
    ("text", "then a paragraph that starts in lower case."),  # not joined to the item
    ("heading", "Actor\tAim"),  # a table row
    ("heading", "Minsk\tRoom to manoeuvre"),
    ("note", "Fees as of March 2022, per the consulate."),  # the footnote, after the body
]


def test_a_word_file_reads_as_word_shows_it():
    source = load_source_file(FEATURES)
    assert [(p.role, p.text) for p in source.paragraphs] == SHOWN
    assert source.file_metadata.title == "Features of a real Word file"
    assert source.file_metadata.authors == ("Test Author",)


def test_real_word_files_from_other_projects():
    """Files from pandoc's, Unstructured's and docling's test suites (shared/corpus)."""
    def texts(name):
        return [(p.role, p.text) for p in load_source_file(CORPUS / name).paragraphs]

    assert texts("notes.docx") == [
        ("heading", "A footnote"), ("text", "Test footnote. Test endnote."),
        ("note", "My note."), ("note", "This is an endnote at the end of the document.")]
    assert texts("track_changes_insertion.docx") == [
        ("text", "This is a text with two exciting insertions.")]
    boxes = [text for _, text in texts("textbox.docx")]
    assert len(boxes) == 22 and boxes.count("Case closed.") == 1
    assert "Implement appropriate epidemic prevention measures in accordance with the " \
        "Communicable Disease Control Act." in boxes
    breaks = [text for _, text in texts("page-breaks.docx")]
    assert breaks[0].startswith("First page, tab here:\tfollowed by line-break here: here:")
    assert len(breaks) == 7


@pytest.mark.e2e
def test_a_quote_in_a_smart_tag_a_tracked_insertion_and_a_footnote_verifies(project):
    shutil.copy(FEATURES, project.root / "sources" / "features.docx")
    quotes = ["the king of Egypt died", "twice met the envoy in March in Geneva",
              "Fees as of March 2022", "Text in a text box is read once"]
    points = [{"text": "x", "passages": [{"source": "word", "quote": q} for q in quotes]}]
    project.spec(sources={"word": {"file": "sources/features.docx"}},
                 sections=[{"title": "Risks", "kind": "risks", "points": points}])
    result = project.run("check", "memo.yaml")
    assert result.exit_code == 0, result.stderr


def _has_libreoffice() -> bool:
    return shutil.which("soffice") is not None


@pytest.mark.slow
@pytest.mark.skipif("CI" not in __import__("os").environ and not _has_libreoffice(),
                    reason="LibreOffice is not installed (scripts/install-system-deps --tests)")
def test_the_same_paragraphs_once_libreoffice_has_saved_the_file(tmp_path):
    """A colleague opens the file in LibreOffice and saves it: LibreOffice writes its own
    XML for content controls, fields, text boxes and notes, and brief reads the same."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(tmp_path / "saved"), str(FEATURES)],
                   check=True, capture_output=True, timeout=180)
    saved = load_source_file(tmp_path / "saved" / FEATURES.name)
    shown = [(p.role, p.text) for p in saved.paragraphs]
    # LibreOffice brings the date field up to date and writes the symbol as a character
    # of the Symbol font's private area; everything else reads as before.
    assert shown[:4] == SHOWN[:4] and shown[6:] == SHOWN[6:]
    assert shown[4][1].startswith("See Annex B and the treaty text, a ")
