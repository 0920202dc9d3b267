"""Warnings about sources: shown, never fatal, unless --strict."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO

pytestmark = pytest.mark.e2e

SPINNER_WARNING = (
    "briefings/belarus-2022.yaml:16:5: warning: sources.wolff: source 'wolff' ¶1 contains "
    "'{that a}', a leftover of a text spinner: this copy was probably machine-paraphrased, "
    "and its wording may not be the author's\n"
    "    hint: find the original article and cite it; quoting a spun copy puts words in the "
    "author's mouth; or mark the source `paraphrased: true`, and the memo's source summary "
    "says so\n")


def example_project(project, *, paraphrased=True):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    if not paraphrased:
        text = spec.read_text(encoding="utf-8")
        assert "    paraphrased: true\n" in text
        spec.write_text(text.replace("    paraphrased: true\n", ""), encoding="utf-8")
    return spec


def test_spinner_leftover_is_a_warning_until_the_source_is_marked_paraphrased(project):
    result = project.run("check", example_project(project, paraphrased=False))
    assert result.exit_code == 0
    assert result.stdout == "briefings/belarus-2022.yaml: OK, 32 passages verified in 2 " \
        "sources\n"
    assert result.stderr == SPINNER_WARNING


def test_a_source_marked_paraphrased_is_not_warned_about_again(project):
    # the example's Wolff & Bayok copy says `paraphrased: true`: the analyst knows
    result = project.run("check", example_project(project))
    assert result.exit_code == 0
    assert result.stdout == "briefings/belarus-2022.yaml: OK, 32 passages verified in 2 " \
        "sources\n"
    assert result.stderr == ""


def test_strict_makes_warnings_errors_and_writes_nothing(project):
    spec = example_project(project, paraphrased=False)
    result = project.run("build", spec, "--strict")
    assert result.exit_code == 1
    assert result.stderr == SPINNER_WARNING.replace(": warning: ", ": error: ") + \
        "brief build: failed (1 problem); no files were written\n"
    assert not project.output.exists()


@pytest.mark.slow
def test_short_source_warns_but_builds(project):
    result = project.run("build", project.spec())
    assert result.exit_code == 0
    assert "memo.yaml:16:5: warning: sources.lines: source 'lines' has only 14 words: is it " \
        "the whole article?\n    hint: check that the file holds the article's full text\n" \
        in result.stderr
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]


def test_mostly_boilerplate_source(project):
    lines = ["Share this article on Facebook.", "Subscribe to our newsletter today.",
             "Copyright 2024 Example Media. All rights reserved.", "Click here to comment."]
    body = "The minister resigned on Tuesday after a long dispute."
    (project.root / "sources" / "page.txt").write_text("\n\n".join(lines * 3 + [body]))
    spec = project.spec(sources={"gazette": {"file": "sources/page.txt"}}, sections=[
        {"title": "R", "kind": "risks", "points": [{"text": "x", "passages": [
            {"source": "gazette", "quote": "The minister resigned"}]}]}])
    result = project.run("check", spec)
    assert result.exit_code == 0
    assert "warning: sources.gazette: source 'gazette' is mostly boilerplate: 88% of its " \
        "words are in share, subscribe, copyright and similar lines" in result.stderr
