"""Word files read from their XML, as Word shows them (sources/word.py)."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest

from brief.errors import SourceError
from brief.sources import load_source_file
from conftest import DATA, REPO
from word_flavours import libreoffice_copy, package_copy, strict_copy

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


def test_a_strict_open_xml_word_file_reads_as_the_transitional_one(tmp_path):
    strict = tmp_path / "strict.docx"
    strict.write_bytes(strict_copy(FEATURES.read_bytes()))
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(strict).read(
        "word/document.xml")
    source = load_source_file(strict)
    assert [(p.role, p.text) for p in source.paragraphs] == SHOWN
    assert source.file_metadata.title == "Features of a real Word file"


def test_the_main_document_is_found_by_its_relationship(tmp_path):
    """Any part name is allowed: Word finds the document, its styles and notes from the
    package's relationships, and so does brief."""
    moved = tmp_path / "moved.docx"
    moved.write_bytes(strict_copy(FEATURES.read_bytes(), {
        "word/document.xml": "word/main.xml", "word/footnotes.xml": "word/notes1.xml"}))
    assert "word/document.xml" not in zipfile.ZipFile(moved).namelist()
    assert [(p.role, p.text) for p in load_source_file(moved).paragraphs] == SHOWN


def test_a_strict_word_file_over_its_budget_is_refused(tmp_path, monkeypatch):
    strict = tmp_path / "strict.docx"
    strict.write_bytes(strict_copy(FEATURES.read_bytes()))
    monkeypatch.setenv("BRIEF_MAX_WORD_PARAGRAPHS", "5")
    with pytest.raises(SourceError) as refused:
        load_source_file(strict)
    assert refused.value.message == "the Word file strict.docx has more than 5 paragraphs: " \
        "more than brief reads of a source"


@pytest.mark.parametrize("suffix", [".docm", ".dotx", ".dotm"])
def test_macro_enabled_documents_and_templates_read_as_documents(tmp_path, suffix):
    path = tmp_path / f"features{suffix}"
    path.write_bytes(package_copy(FEATURES.read_bytes(), suffix))
    assert [(p.role, p.text) for p in load_source_file(path).paragraphs] == SHOWN


def test_a_word_2003_xml_document_reads_natively():
    """Word 2003's single-file XML (`w:wordDocument`): sections, tracked changes as
    annotations, a hyperlink, a footnote inside its paragraph, the file's own details."""
    source = load_source_file(DATA / "sources" / "word-2003.xml")
    assert source.format == "docx"
    assert [(p.role, p.text) for p in source.paragraphs] == [
        ("heading", "Minsk after the vote"),
        ("text", "The minister twice met the envoy in Geneva."),
        ("text", "Visa-free travel\tcosts 5 euros."),
        ("heading", "Actor\tAim"),
        ("note", "Per the ministry's own account.")]
    meta = source.file_metadata
    assert (meta.title, meta.authors, meta.date) == (
        "A memo saved as Word 2003 XML", ("Jane Analyst", "John Reviewer"), "2022-03-18")


@pytest.mark.slow
@pytest.mark.skipif("CI" not in __import__("os").environ and not _has_libreoffice(),
                    reason="LibreOffice is not installed (scripts/install-system-deps --tests)")
@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_a_word_97_document_rtf_and_odt_read_through_libreoffice(tmp_path, monkeypatch,
                                                                 suffix):
    """LibreOffice saves the features file in the older format; brief has LibreOffice
    convert it back to a .docx and reads the same paragraphs (LibreOffice's round trip
    brings the date field up to date, writes the Symbol character in its private area,
    and loses a REF field's target in .doc and a text box in RTF)."""
    saved = libreoffice_copy(FEATURES, suffix, tmp_path)
    renamed = saved.rename(tmp_path / f"source{suffix}.bin")  # known by content, not name
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where it converts
    source = load_source_file(renamed)
    shown = [(p.role, p.text) for p in source.paragraphs]
    expected = [p for p in SHOWN if suffix != ".rtf" or "text box" not in p[1]]
    assert shown[:4] == expected[:4] and shown[6:] == expected[6:]
    assert source.file_metadata.title == "Features of a real Word file"
    assert not list(tmp_path.glob("brief-convert-*"))


def _odt_linking(target: str, path: Path) -> Path:
    """An OpenDocument text whose picture is linked (not stored) from `target`."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
        'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:'
        'opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:'
        'drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names'
        ':tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"><office:body>'
        "<office:text><text:p>The first paragraph of an old report.</text:p><text:p>"
        '<draw:frame draw:name="map" svg:width="2cm" svg:height="2cm"><draw:image xlink:'
        f'href="{target}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
        "</draw:frame></text:p><text:p>A second paragraph.</text:p></office:text>"
        "</office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-'
        'entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
        'opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.slow
@pytest.mark.skipif("CI" not in __import__("os").environ and not _has_libreoffice(),
                    reason="LibreOffice is not installed (scripts/install-system-deps --tests)")
def test_libreoffice_opens_nothing_a_converted_file_links_to(tmp_path):
    """A picture linked from the web (a server here that counts its requests) and one
    linked from a file elsewhere on the machine (a named pipe, which would hang whoever
    opened it): LibreOffice, left to itself, fetches both as it converts; brief's
    conversion opens neither, and reads the text."""
    asked: list[str] = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.mkfifo(outside / "map.png")
    try:
        for target in (f"http://127.0.0.1:{server.server_address[1]}/map.png",
                       (outside / "map.png").as_uri()):
            source = load_source_file(_odt_linking(target, tmp_path / "report.odt"))
            assert [p.text for p in source.paragraphs] == [
                "The first paragraph of an old report.", "A second paragraph."]
    finally:
        server.shutdown()
    assert asked == []


def test_a_doc_without_libreoffice_says_so_at_the_source_line(project, monkeypatch):
    (project.root / "sources" / "old.doc").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    monkeypatch.setenv("PATH", str(project.root / "no-programs"))
    points = [{"text": "x", "passages": [{"source": "old", "paragraph": 1}]}]
    project.spec(sources={"old": {"file": "sources/old.doc", "title": "Old"}},
                 sections=[{"title": "Risks", "kind": "risks", "points": points}])
    result = project.run("check", "memo.yaml")
    assert result.exit_code != 0
    place, _, message = result.stderr.splitlines()[0].partition(" error: ")
    line = (project.root / "memo.yaml").read_text().splitlines().index(
        "    file: sources/old.doc") + 1
    assert place == f"memo.yaml:{line}:11:"
    assert message == "sources.old.file: old.doc is a Word 97-2003 .doc: brief reads it " \
        "through LibreOffice, whose program (soffice) is not installed or not on the PATH; " \
        "save it as .docx"
