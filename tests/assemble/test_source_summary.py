"""The source summary statement of ICD 206 (`source_summary: true`, on in the built-in
memo): written by brief from the spec, the same in the PDF, the Word file and both email
bodies, counting only what a release shows."""

from __future__ import annotations

import email
import json
from pathlib import Path

import docx
import pytest

from conftest import REPO, flat, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

EXAMPLE_SUMMARY = (
    "Sources cited: 2 (1 graded B, usually reliable; 1 graded D, not usually reliable). "
    "Key judgments resting on a single source: 2 of 3; resting only on sources graded D to "
    "F or ungraded: 0 of 3. Machine-paraphrased: Wolff & Bayok 2022.")


def after_heading(path: Path, heading: str) -> list[str]:
    """The Word file's paragraphs from a heading to the next heading."""
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]
    start = paragraphs.index(("Heading 1", heading))
    following = []
    for style, text in paragraphs[start + 1:]:
        if style.startswith("Heading"):
            break
        following.append(text)
    return following


def test_the_examples_summary_in_every_format(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    from click.testing import CliRunner

    from brief.cli import cli

    result = CliRunner().invoke(cli, ["build", "briefings/belarus-2022.yaml", "-o",
                                      str(tmp_path), "--email"], prog_name="brief")
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(tmp_path / "belarus-2022.pdf")))
    # with the sources, before their list (pdftotext drops the hyphen of "Machine-" where
    # the line breaks after it: hyphens are compared apart)
    assert f"Source summary {EXAMPLE_SUMMARY} Sources Wolff & Bayok 2022:".replace(
        "-", "") in text.replace("-", "")
    assert "Machine-paraphrased" in " ".join(pdf_pages(tmp_path / "belarus-2022.pdf",
                                                       raw=True)).replace("-\n", "-")
    assert after_heading(tmp_path / "belarus-2022.docx", "Source summary") == [EXAMPLE_SUMMARY]
    [eml] = tmp_path.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes())
    bodies = {part.get_content_type(): part.get_payload(decode=True).decode("utf-8")
              for part in message.walk()
              if part.get_content_type() in ("text/plain", "text/html")}
    assert f"SOURCE SUMMARY {EXAMPLE_SUMMARY}" in flat(bodies["text/plain"])
    assert f"Source summary</h2> <p>{EXAMPLE_SUMMARY.replace('&', '&amp;')}</p>" in flat(
        bodies["text/html"])


SOURCES = {
    "gazette": {"file": "sources/quirks.txt", "title": "The Quirks Gazette",
                "authors": ["Ann Example"], "date": "2024-04-30", "reliability": "E"},
    "lines": {"file": "sources/one-per-line.txt", "title": "Lines",
              "authors": ["Bo One", "Cy Two"], "date": 2023, "reliability": "A",
              "paraphrased": True},
}


def test_a_release_counts_only_what_it_shows(project):
    spec = project.spec(
        marking="TLP:AMBER", portion_marking="TLP:CLEAR", sources=SOURCES,
        key_judgments=[
            {"text": "Costs are unlikely to be known soon.", "likelihood": "unlikely",
             "confidence": "moderate", "passages": [
                 {"source": "gazette", "quote": "its costs were not known"}]},
            {"text": "Critics will likely ask for delay.", "likelihood": "likely",
             "confidence": "low", "passages": [
                 {"source": "gazette", "paragraph": 4},
                 {"source": "lines", "paragraphs": "1-2", "marking": "TLP:AMBER"}]},
            {"text": "Nobody will likely notice.", "likelihood": "likely",
             "confidence": "low", "marking": "TLP:AMBER"}],
        sections=[{"title": "Risks", "kind": "risks", "points": [
            {"text": "Costs are unknown.", "passages": [
                {"source": "gazette", "quote": "its costs were not known"}]}]}],
        releases=[{"marking": "TLP:CLEAR"}])
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((project.output / "memo-TLP-CLEAR.json").read_text("utf-8"))
    assert manifest["source_summary"] == {
        "sources": 1, "graded E": 1, "key judgments": 2, "single": 2, "weak": 2,
        "unsourced": 0, "paraphrased": 0, "captured": 0, "translated": 0}
    assert after_heading(project.output / "memo.docx", "Source summary") == [
        "Sources cited: 2 (1 graded A, completely reliable; 1 graded E, unreliable). "
        "Key judgments resting on a single source: 1 of 3; resting only on sources graded "
        "D to F or ungraded: 1 of 3. Key judgments citing no source: 1 of 3. Machine-paraphrased: "
        "One & Two 2023."]
    # The release withholds the third judgment and the passage from `lines`: neither it
    # nor its source is counted.
    assert after_heading(project.output / "memo-TLP-CLEAR.docx", "Source summary") == [
        "Sources cited: 1 (1 graded E, unreliable). Key judgments resting on a single "
        "source: 2 of 2; resting only on sources graded D to F or ungraded: 2 of 2."]


def test_a_house_rewords_or_leaves_out_the_summary(project):
    project.template("reworded", "labels:\n  source_summary: Sourcing\n"
                     "  summary_sources: \"We cite {count} sources ({grades}).\"\n"
                     "  summary_grade: \"{count} × {grade}\"\n")
    spec = project.spec(template="reworded", sources=SOURCES)
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert after_heading(project.output / "memo.docx", "Sourcing") == [
        "We cite 2 sources (1 × A; 1 × E). Machine-paraphrased: One & Two 2023."]
    project.template("plain", "source_summary: false\n")
    for template in ("plain", "briefing-note"):
        result = project.run("build", project.spec(template=template, sources=SOURCES),
                             "--format", "docx", "--force")
        assert result.exit_code == 0, result.stderr
        headings = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs
                    if p.style.name.startswith("Heading")]
        assert "Source summary" not in headings and "Sources" in headings, template
