"""The example built in each bundled CSL style (`citation_style:`): the footnotes and the
list of sources as the style writes them, the same in the PDF and the Word file; a style
brief does not know, and a broken .csl file, each one message and no output."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, docx_footnotes, docx_paragraphs

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = ("The Complex Calculations That Will Decide Whether Belarus Enters the Conflict on "
         "Russia's Side")
KORYBKO = "Russian-Belarusian Relations: Back to Being Brothers? Crimea 2.0 Is Unlikely"
WOLFF_PUBLISHER = "The Conversation (machine-paraphrased republication)"
KORYBKO_PUBLISHER = "Global Research (first published by OneWorld)"

# Footnotes 1, 2, 5 and 15 of the example, and the start of each entry of its sources, in
# the style's order (then "Source reliability: …" and the fingerprint, as in brief's own).
EXPECTED = {
    "chicago-note-bibliography": (
        [f"Stefan Wolff and Anastasiya Bayok, {TITLE} ({WOLFF_PUBLISHER}, March 2022), "
         "para. 10 [B2].",
         "Ibid., para. 11 [B3].",
         f"Wolff and Bayok, {TITLE}, para. 1 [B3].",  # Chicago's short form: no date
         f"Korybko, {KORYBKO}, para. 24 [D]."],
        [f"Korybko, Andrew. {KORYBKO}. {KORYBKO_PUBLISHER}, August 17, 2020.",
         f"Wolff, Stefan, and Anastasiya Bayok. {TITLE}. {WOLFF_PUBLISHER}, March 2022."]),
    "apa": (
        ["Wolff & Bayok, 2022, para. 10 [B2].", "Wolff & Bayok, 2022, para. 11 [B3].",
         "Wolff & Bayok, 2022, para. 1 [B3].", "Korybko, 2020, para. 24 [D]."],
        [f"Korybko, A. (2020). {KORYBKO}. {KORYBKO_PUBLISHER}.",
         "Wolff, S., & Bayok, A. (2022). The complex calculations that will decide whether "
         f"Belarus enters the conflict on Russia's side. {WOLFF_PUBLISHER}."]),
    "harvard-cite-them-right": (
        ["Wolff and Bayok, 2022, para. 10 [B2].", "Wolff and Bayok, 2022, para. 11 [B3].",
         "Wolff and Bayok, 2022, para. 1 [B3].", "Korybko, 2020, para. 24 [D]."],
        [f"Korybko, A. (2020) {KORYBKO}. {KORYBKO_PUBLISHER}.",
         "Wolff, S. and Bayok, A. (2022) The complex calculations that will decide whether "
         f"Belarus enters the conflict on Russia's side. {WOLFF_PUBLISHER}."]),
    # British, as OSCOLA is (its default-locale) for a memo in `en`: single quotation marks;
    # a report's date is its year, as OSCOLA gives a book's
    "oscola": (
        [f"S Wolff and A Bayok, ‘{TITLE}’ ({WOLFF_PUBLISHER} 2022) para 10 [B2].",
         "ibid 11 [B3].",
         f"Wolff and Bayok, ‘{TITLE}’ para 1 [B3].",
         f"Korybko, ‘{KORYBKO}’ para 24 [D]."],
        # a full stop before the grade that follows
        [f"Korybko A, ‘{KORYBKO}’ ({KORYBKO_PUBLISHER} 2020).",
         f"Wolff S and Bayok A, ‘{TITLE}’ ({WOLFF_PUBLISHER} 2022)."]),
}


def build_in_style(project, settings: str, formats: str = "pdf,docx") -> tuple:
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    project.template("house", settings)
    example = project.root / "briefings" / "belarus-2022.yaml"
    spec = example.with_name("house.yaml")
    spec.write_text(example.read_text(encoding="utf-8").replace(
        "\ntitle: Will", "\ntemplate: house\ntitle: Will", 1), encoding="utf-8")
    return spec, project.run("build", spec, "--format", formats)


def one_line(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_the_example_cites_in_the_style_in_both_formats(project, style):
    # an author-date style cites in the text unless the template asks for notes: this
    # template asks for them, where the built-in memo would cite in the text
    settings = "citations: footnotes\n" if style == "harvard-cite-them-right" else ""
    _, result = build_in_style(project, f"citation_style: {style}\n{settings}")
    assert result.exit_code == 0, result.stderr
    notes, sources = EXPECTED[style]
    footnotes = docx_footnotes(project.output / "house.docx")
    pdf = one_line(project.output / "house.pdf")
    if style == "apa":  # in the text, after each passage, in parentheses
        assert footnotes == []
        passages = [text for kind, text in docx_paragraphs(project.output / "house.docx")
                    if kind == "Passage"]
        for number, note in zip((0, 1, 4, 14), notes, strict=True):
            assert passages[number].endswith(f" ({note[:-1]})")
            assert f"({note[:-1]})" in pdf
    else:
        assert len(footnotes) == 30  # two passages are cited in the options table
        assert [footnotes[0], footnotes[1], footnotes[4], footnotes[14]] == notes
        for note in notes:  # the same notes in the PDF, numbered as in Word
            assert f"{footnotes.index(note) + 1}. {note}" in pdf
    entries = [text for kind, text in docx_paragraphs(project.output / "house.docx")
               if kind == "Source" and "SHA-256" in text]
    assert [entry.split(" Source reliability:")[0] for entry in entries] == sources
    assert entries[0].endswith("Source reliability: D (not usually reliable). Opinion from "
                               "an outlet with a strong editorial line; written before the "
                               "war. Used only for how Minsk's dependence on Moscow was "
                               "argued in 2020. SHA-256 c08af389cf50")
    for entry in entries:
        assert entry in pdf


def test_chicago_puts_a_reports_title_in_italics_in_every_format(project):
    import docx
    from lxml import etree

    _, result = build_in_style(project, "citation_style: chicago-note-bibliography\n",
                               "pdf,docx,html")
    assert result.exit_code == 0, result.stderr
    # the PDF's and the web page's HTML: the title in <em>, no markup shown as text
    page = (project.output / "house.html").read_text(encoding="utf-8")
    assert f"Stefan Wolff and Anastasiya Bayok, <em>{TITLE}</em> (" in page
    assert "&lt;i&gt;" not in page and "<i>" not in page
    document = docx.Document(str(project.output / "house.docx"))
    part = next(rel.target_part for rel in document.part.rels.values()
                if rel.reltype.endswith("/footnotes"))
    first = next(n for n in etree.fromstring(part.blob).iter(f"{W}footnote")
                 if n.get(f"{W}type") is None)
    italic = ["".join(r.itertext()) for r in first.iter(f"{W}r")
              if r.find(f"{W}rPr/{W}i") is not None]
    assert italic == [TITLE]
    entry = next(p for p in document.paragraphs if p.text.startswith("Wolff, Stefan"))
    assert [r.text for r in entry.runs if r.italic] == [TITLE]


def test_a_style_brief_does_not_know_is_one_message_with_a_guess(project):
    _, result = build_in_style(project, "citation_style: chicago-note-bibliografy\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "templates/house/template.yaml:2:17: error: citation_style: `citation_style` must "
        "name a bundled style (brief, apa, chicago-note-bibliography, harvard-cite-them-right, "
        "oscola) or a .csl file of the template folder, not 'chicago-note-bibliografy'; did "
        "you mean 'chicago-note-bibliography'?")
    assert project.files() == {}


def test_a_broken_csl_file_is_one_message_at_its_line(project):
    (project.root / "templates" / "house").mkdir(parents=True)
    (project.root / "templates" / "house" / "house.csl").write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="note">\n'
        '  <citation><layout><text variable="title"></layout></citation>\n</style>\n')
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    (project.root / "templates" / "house" / "template.yaml").write_text(
        "name: house\ncitation_style: house.csl\n")
    example = project.root / "briefings" / "belarus-2022.yaml"
    spec = example.with_name("house.yaml")
    spec.write_text(example.read_text(encoding="utf-8").replace(
        "\ntitle: Will", "\ntemplate: house\ntitle: Will", 1), encoding="utf-8")
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "templates/house/house.csl:3:52: error: the citation style house.csl is not "
        "well-formed XML: Opening and ending tag mismatch: text line 3 and layout, line 3, "
        "column 53",
        "    hint: fix the file, or choose a bundled style"]
    assert project.files() == {}
    check = project.run("check", spec)  # `brief check` says the same
    assert check.exit_code == 1 and "house.csl:3:52: error" in check.stderr


@pytest.mark.parametrize(("style", "cited"), [
    ("apa", "(Example, 2022, p. 1, ¶7)"),
    ("chicago-note-bibliography",
     "1. Petra Example, “Belarus Between Two Capitals,” 2022, 1, ¶7.")])
def test_a_pdfs_page_and_paragraph_stay_one_exact_pinpoint(project, pdf_article, style, cited):
    shutil.copy(pdf_article, project.root / "sources" / "article.pdf")
    project.template("house", f"citation_style: {style}\ncitations: "
                     f"{'inline' if style == 'apa' else 'footnotes'}\n")
    spec = project.spec(template="house", sources={
        "pdf": {"file": "sources/article.pdf", "date": "2022"}}, sections=[
        {"title": "Risks", "kind": "risks", "points": [
            {"text": "Across the page break.", "passages": [
                {"source": "pdf", "quote": "its economy depends on Russian credit"}]}]}])
    result = project.run("build", spec, "--format", "pdf,docx")
    assert result.exit_code == 0, result.stderr
    assert cited in one_line(project.output / "memo.pdf")
    word = [text for _, text in docx_paragraphs(project.output / "memo.docx")]
    notes = docx_footnotes(project.output / "memo.docx")
    if style == "apa":
        assert any(text.endswith(f" {cited}") for text in word)
    else:
        assert notes == [cited.removeprefix("1. ")]


HOUSE_CSL = ('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
             'class="note" version="1.0">\n  <info><title>House</title></info>\n'
             '  <citation>{layout}</citation>\n</style>\n')


def house_style(project, layout: str) -> Path:
    (project.root / "templates" / "house").mkdir(parents=True)
    (project.root / "templates" / "house" / "house.csl").write_text(
        HOUSE_CSL.format(layout=layout))
    (project.root / "templates" / "house" / "template.yaml").write_text(
        "name: house\ncitation_style: house.csl\n")
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    example = project.root / "briefings" / "belarus-2022.yaml"
    spec = example.with_name("house.yaml")
    spec.write_text(example.read_text(encoding="utf-8").replace(
        "\ntitle: Will", "\ntemplate: house\ntitle: Will", 1), encoding="utf-8")
    return spec


def test_a_style_without_a_bibliography_keeps_brief_s_list_of_sources(project):
    spec = house_style(project, '<layout suffix="."><text variable="title"/>'
                                '<text variable="locator" prefix=", "/></layout>')
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert docx_footnotes(project.output / "house.docx")[0] == (
        "The complex calculations that will decide whether Belarus enters the conflict on "
        "Russia's side, 10 [B2].")
    entries = [text for kind, text in docx_paragraphs(project.output / "house.docx")
               if kind == "Source" and "SHA-256" in text]
    assert entries[0].startswith("Wolff & Bayok 2022: Stefan Wolff and Anastasiya Bayok")
    assert project.run("templates", "check", "house").exit_code == 0


def test_a_style_brief_cannot_run_is_one_message_at_the_csl_file_also_in_templates_check(
        project):
    spec = house_style(project, '<layout><text macro="author"/></layout>')
    message = ("templates/house/house.csl:4: error: the citation style house.csl cannot "
               "be used: it calls the macro 'author', which it does not define")
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert project.files() == {}
    checked = project.run("templates", "check", "house")
    assert checked.exit_code == 1
    assert message in checked.stderr + checked.stdout
