"""`brief find`: the passages that match some words, each with a selector that verifies
when pasted into a spec."""

from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.e2e


def pasted(project, output: str, sources: dict) -> str:
    """A spec whose only point cites every selector `brief find` printed."""
    selectors = yaml.safe_load("\n".join(line for line in output.splitlines()
                                         if not line.startswith("#")))
    spec = project.spec("pasted", sources=sources, sections=[
        {"title": "Risks", "kind": "risks", "points": [{"text": "x", "passages": selectors}]}])
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_best_passages_with_selectors_that_verify(project):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    result = project.run("find", spec, "Chinese", "investment", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "# wolff ¶14 (score 7.5): This contains US$6 billion (£4.5 billion) of Chinese language "
        "investments in Belarusian infrastructure as a part of the Belt and Street Initiative.\n"
        "- source: wolff\n"
        "  quote: This contains US$6 billion (£4.5 billion) of Chinese language investments in "
        "Belarusian infrastructure as a part of the Belt and Street Initiative.\n")
    assert result.stdout.count("- source:") == 2  # only two paragraphs have either word
    sources = {"wolff": {"file": "briefings/sources/wolff-bayok-belarus-2022.txt",
                         "title": "W"},
               "korybko": {"file": "briefings/sources/korybko-belarus-2020.txt", "title": "K"}}
    assert pasted(project, result.stdout, sources) == \
        "pasted.yaml: OK, 2 passages verified in 4 sources\n"  # with the minimal spec's two


def test_word_endings_and_typography_are_forgiven(project):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    first = project.run("find", spec, "false flag pretexts", "-n", "1").stdout
    assert first.startswith("# wolff ¶1 ")  # “false-flag” ... the pretext


def test_a_sentence_found_twice_gets_the_words_before_it(project):
    source = project.root / "sources" / "twice.txt"
    source.write_text("Moscow offered loans in March. Minsk wants credit and cheap gas.\n\n"
                      "Beijing offered roads in May. Minsk wants credit and cheap gas.\n",
                      encoding="utf-8")
    result = project.run("find", source, "cheap", "credit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "# twice ¶1 (score 0.4): Minsk wants credit and cheap gas.\n"
        "- source: twice\n"
        "  quote: Minsk wants credit and cheap gas.\n"
        "  prefix: in March.\n"
        "\n"
        "# twice ¶2 (score 0.4): Minsk wants credit and cheap gas.\n"
        "- source: twice\n"
        "  quote: Minsk wants credit and cheap gas.\n"
        "  prefix: in May.\n")
    assert pasted(project, result.stdout, {"twice": {"file": "sources/twice.txt",
                                                     "title": "T"}}) == \
        "pasted.yaml: OK, 2 passages verified in 3 sources\n"  # with the minimal spec's two


def test_nothing_found(project):
    result = project.run("find", "sources/quirks.txt", "zeppelin")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "no paragraph of sources/quirks.txt matches 'zeppelin'\n"
