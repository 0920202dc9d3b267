"""Stage 2: reading sources and numbering their paragraphs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from brief.sources import load_source_file, split_paragraphs
from conftest import DATA, REPO

SAMPLES = REPO / "briefings" / "sources"
SHARED = REPO.parent / "shared" / "articles"


def paragraphs_of(path: Path) -> list[str]:
    return [p.text for p in split_paragraphs(path.read_text(encoding="utf-8"))]


def test_samples_are_byte_for_byte_copies_of_shared_articles():
    if not SHARED.is_dir():
        pytest.skip("../shared/articles is not beside this checkout")
    for name in ("korybko-belarus-2020.txt", "wolff-bayok-belarus-2022.txt"):
        assert (SAMPLES / name).read_bytes() == (SHARED / name).read_bytes()


@pytest.mark.parametrize(("text", "shown"), [
    ("a<b and c>d", "a<b and c>d"),  # a comparison, not a tag
    ("Signed, <Insert agency name here>.", "Signed, <Insert agency name here>."),
    ("the <u>new</u> <span class=\"x\">policy</span><br/>", "the new policy"),
    ("<B>Loud</B> and <bold>clear</bold>", "Loud and <bold>clear</bold>"),
])
def test_only_real_html_tags_are_removed_from_text(text, shown):
    assert [p.text for p in split_paragraphs(text)] == [shown]


def test_text_is_composed_as_nfc():
    [paragraph] = split_paragraphs("Jaz\u0307dz\u0307ewski")
    assert paragraph.text == "Ja\u017cd\u017cewski"


def test_blank_line_separated_text_with_page_breaks_and_tags():
    paragraphs = paragraphs_of(SAMPLES / "korybko-belarus-2020.txt")
    assert len(paragraphs) == 42
    assert paragraphs[0] == ("Russian-Belarusian Relations: Back to Being Brothers? "
                             "Crimea 2.0 Is Unlikely")
    assert paragraphs[3] == "Region: Europe, Russia and FSU"  # <u> tags removed
    # A word hyphenated over a page break is joined, keeping its hyphen.
    assert "considering the visa-free travel regime in place" in paragraphs[11]
    # A sentence broken over a page break is one paragraph again.
    assert paragraphs[17].endswith(
        "For these reasons, a forthcoming Russian military intervention in Belarus is unlikely.")
    assert "following the first phone call between him and Putin comes in." in paragraphs[25]
    assert paragraphs[18] == "Lukashenko's Signals"


def test_a_russian_title_and_by_line_stay_paragraphs_of_their_own():
    # A title and a by-line end without punctuation, but the next starts with a capital.
    paragraphs = paragraphs_of(DATA / "sources" / "russian-headed.txt")
    assert len(paragraphs) == 6
    assert paragraphs[0] == "Белорусская армия не спешит воевать"
    assert paragraphs[1] == "Иван Петров, 20 марта 2022 года"
    assert paragraphs[2].startswith("Белорусская армия остаётся небольшой")


@pytest.mark.parametrize("start", ["Белорусская", "Ωστόσο", "Élysée", "Øresund", "Ärger"])
def test_a_capital_in_any_script_starts_a_paragraph(start):
    text = f"The title\n\n{start} said so."
    assert [p.text for p in split_paragraphs(text)] == ["The title", f"{start} said so."]


@pytest.mark.parametrize("start", ["армия", "ωστόσο", "élan", "øre", "ärger", "visa"])
def test_a_lower_case_start_in_any_script_joins_a_page_break(start):
    text = f"One sentence broken,\n\n{start} over a page."
    joined = f"One sentence broken, {start} over a page."
    assert [p.text for p in split_paragraphs(text)] == [joined]


def test_one_paragraph_per_line_when_there_are_no_blank_lines():
    paragraphs = paragraphs_of(SAMPLES / "wolff-bayok-belarus-2022.txt")
    assert len(paragraphs) == 25
    assert paragraphs[7] == "A tough selection for Lukashenko"
    assert paragraphs[22].startswith("This isn’t a suggestion that the west")
    assert paragraphs[24].endswith("Justus Liebig College Giessen.")  # no final newline


def test_blank_lines_at_the_ends_do_not_merge_line_paragraphs():
    assert [p.text for p in split_paragraphs("\n\nOne.\nTwo.\n\n\n")] == ["One.", "Two."]
    assert [p.text for p in split_paragraphs("One\nstill one.\n\nTwo.")] == [
        "One still one.", "Two."]


def test_numbering_is_the_same_every_time():
    path = SAMPLES / "korybko-belarus-2020.txt"
    first = split_paragraphs(path.read_text(encoding="utf-8"))
    assert first == split_paragraphs(path.read_text(encoding="utf-8"))
    assert [p.number for p in first] == list(range(1, 43))
    assert first[11].line == 25  # the line a paragraph starts on


def test_line_endings_and_bom_do_not_change_numbering():
    text = (DATA / "sources" / "quirks.txt").read_text(encoding="utf-8")
    windows = "\ufeff" + text.replace("\n", "\r\n")
    assert [p.text for p in split_paragraphs(windows)] == [
        p.text for p in split_paragraphs(text)]


def test_quirks_file_paragraphs():
    assert paragraphs_of(DATA / "sources" / "quirks.txt") == [
        "The Quirks Gazette",
        "By Ann Example",
        "Officials said the “new\u00a0policy” would start soon — perhaps next week… "
        "The minister’s office declined to comment.",
        "Critics argued that the plan was rushed. Critics argued that the plan was rushed, "
        "and that its costs were not known.",
        "A second report found that the cross-border trade had fallen by half since the "
        "spring, and that the decline was steepest in the north.",
        "Share this article on social media.",
    ]


@pytest.mark.e2e
def test_brief_sources_lists_numbered_paragraphs(project):
    result = project.run("sources", "sources/one-per-line.txt")
    assert result.exit_code == 0
    assert result.stdout == (
        "# sources/one-per-line.txt\n"
        "format: text, utf-8; 3 paragraphs; SHA-256 "
        f"{hashlib.sha256(DATA.joinpath('sources/one-per-line.txt').read_bytes()).hexdigest()[:12]}\n"
        "¶1   First line paragraph about Minsk.\n"
        "¶2   Second line paragraph about Moscow.\n"
        "¶3   Third line: the end.\n")


@pytest.mark.e2e
def test_brief_sources_of_a_spec_lists_each_source(project):
    result = project.run("sources", project.spec())
    assert result.exit_code == 0
    assert "# gazette: sources/quirks.txt\nformat: text, utf-8; 6 paragraphs; SHA-256 " \
        in result.stdout
    assert "\n¶1   The Quirks Gazette\n" in result.stdout
    assert "\n\n# lines: sources/one-per-line.txt\n" in result.stdout


@pytest.mark.e2e
def test_brief_sources_json_with_pages_and_metadata(project, pdf_article):
    result = project.run("sources", pdf_article, "--json")
    assert result.exit_code == 0
    [source] = json.loads(result.stdout)["sources"]
    assert source["format"] == "pdf"
    assert source["sha256"] == hashlib.sha256(pdf_article.read_bytes()).hexdigest()
    assert source["metadata"]["title"] == "Belarus between two capitals"
    seventh = source["paragraphs"][6]
    assert (seventh["number"], seventh["page"], seventh["page_paragraph"]) == (7, 1, 7)
    assert seventh["text"].startswith("The paragraph that crosses the page break")
    assert "\n\n" in seventh["raw"]  # the two pieces as the file has them


@pytest.mark.e2e
def test_brief_sources_shows_pages_and_metadata(project):
    result = project.run("sources", "sources/saved-page.html")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:7] == [
        "format: html, utf-8; 4 paragraphs; SHA-256 " + hashlib.sha256(
            (project.root / "sources/saved-page.html").read_bytes()).hexdigest()[:12],
        "title: Minsk’s narrowing options",
        "authors: Jane Analyst",
        "date: 2022-03-18",
        "publisher: The Daily Example",
        "url: https://example.org/world/minsk-narrowing-options",
    ]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("file_name", "problem", "hint"),
    [
        ("gone.txt", "source file not found: {path}",
         "paths under `sources` are relative to the spec file's folder"),
        ("empty.txt", "source file is empty: {path}", "paste the article's text into the file"),
        ("binary.bin", "source file is binary, not text: {path}",
         "sources may be text (.txt, .md), HTML, PDF or Word (.docx) files"),
        ("undecidable.txt", "cannot tell the encoding of undecidable.txt: byte 0x81 at line "
         "1, column 6 is neither UTF-8 nor Windows-1252",
         "save undecidable.txt as UTF-8 (in a text editor: Save As, Encoding: UTF-8)"),
    ],
)
def test_unusable_source_file(project, file_name, problem, hint):
    project.output.mkdir()
    (project.output / "memo.pdf").write_bytes(b"earlier")
    spec = project.spec(sources={"gazette": {"file": f"sources/{file_name}"}})
    result = project.run("build", spec)
    assert result.exit_code == 1
    path = project.root / "sources" / file_name
    assert result.stderr == (
        f"memo.yaml:9:11: error: sources.gazette.file: {problem.format(path=path)}\n"
        f"    hint: {hint}\n"
        "brief build: failed (1 problem); no files were written\n")
    assert project.files() == {"memo.pdf": b"earlier"}


@pytest.mark.parametrize(
    ("file_name", "encoding"),
    [("enc-utf8.txt", "utf-8"), ("enc-utf8-bom.txt", "utf-8-sig"), ("enc-utf16.txt", "utf-16"),
     ("enc-utf16le-nobom.txt", "utf-16-le"), ("enc-windows-1252.txt", "windows-1252")],
)
def test_text_encodings_are_detected(file_name, encoding):
    source = load_source_file(DATA / "sources" / file_name)
    assert source.encoding == encoding
    assert [p.text for p in source.paragraphs] == [
        "Café society in Minsk.", "The minister said “not now” — twice."]
