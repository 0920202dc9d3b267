"""`brief find`: the passages that match some words, each with a selector that verifies
when pasted into a spec."""

from __future__ import annotations

import shutil
from pathlib import Path

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
        "# wolff ¶14 (score 8.2): This contains US$6 billion (£4.5 billion) of Chinese language "
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


def sample(project) -> Path:
    """The example briefing and its two sample articles (those of ../shared/articles)."""
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    return project.root / "briefings" / "belarus-2022.yaml"


def quotes(output: str) -> list[str]:
    """The quotes of the selectors `brief find` printed."""
    found = yaml.safe_load("\n".join(line for line in output.splitlines()
                                     if not line.startswith("#"))) or []
    return [s["quote"] for s in found if "quote" in s]


SAMPLE_SOURCES = {
    "wolff": {"file": "briefings/sources/wolff-bayok-belarus-2022.txt", "title": "W"},
    "korybko": {"file": "briefings/sources/korybko-belarus-2020.txt", "title": "K"}}


def test_a_quote_never_opens_a_quotation_it_does_not_close(project):
    """Korybko ¶22 quotes Lukashenko over five sentences: "Even if I agreed ... But not
    now." The sentence that matches opens the quotation; it is offered without its mark."""
    result = project.run("find", sample(project), "reunification", "favorable", "terms",
                         "-n", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "# korybko ¶22 (score 5.0): Even if I agreed to the reunification on the most "
        "favorable terms for Belarus, the people of Belarus would not accept it.\n"
        "- source: korybko\n"
        "  quote: Even if I agreed to the reunification on the most favorable terms for "
        "Belarus, the people of Belarus would not accept it.\n")
    assert pasted(project, result.stdout, SAMPLE_SOURCES) == \
        "pasted.yaml: OK, 1 passage verified in 4 sources\n"


@pytest.mark.slow
@pytest.mark.parametrize(("words", "limit"), [((), 80), (("--max-words", "25"), 25)])
def test_no_quote_is_longer_than_the_memo_warns_about(project, words, limit):
    """Korybko's paragraphs are long, some a single sentence of 90 words or more (¶6): what
    is offered is cut to its best sentences, or the best run of clauses of a long one, of
    at most the template's `max_quote_words` (80) or `--max-words`."""
    spec = sample(project)
    for topic in (("Wagner", "mercenaries"), ("phone", "calls", "Putin"),
                  ("balancing", "West"), ("Union", "State")):
        result = project.run("find", spec, *topic, "-n", "10", *words)
        assert result.exit_code == 0, result.stderr
        found = quotes(result.stdout)
        assert "paragraph: " not in result.stdout
        assert len(found) == result.stdout.count("- source:") >= 3
        assert all(3 <= len(q.split()) <= limit for q in found), found
        assert "words long" not in pasted(project, result.stdout, SAMPLE_SOURCES)
    first = project.run("find", spec, "Wagner", "mercenaries", "-n", "1", *words).stdout
    assert first.startswith("# korybko ¶6 ")  # a 95-word sentence, cut
    assert "Wagner mercenaries" in quotes(first)[0]


@pytest.mark.slow
def test_the_notes_on_the_authors_are_not_ranked_for_a_topic(project):
    """The OSCE, funding and Hamburg appear only in the notes on Wolff and Bayok at the end
    of their article, and "political analyst" in those on Korybko."""
    spec = sample(project)
    for topic in (("OSCE",), ("funding", "grants"), ("Hamburg",), ("political", "analyst")):
        result = project.run("find", spec, *topic)
        if result.exit_code == 0:
            assert "¶24" not in result.stdout and "¶25" not in result.stdout  # Wolff's
            assert "¶34" not in result.stdout and "¶40" not in result.stdout  # Korybko's
        else:
            assert result.stderr.startswith("no paragraph of ")
    assert project.run("find", spec, "OSCE").exit_code == 1


def test_a_place_finds_its_people_and_the_other_way_round(project):
    """Korybko's article names Crimea in its text only as "the Crimean one"."""
    spec = sample(project)
    result = project.run("find", spec, "Crimea", "-n", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# korybko ¶16 ")
    assert "along the lines of the Crimean one" in quotes(result.stdout)[0]
    ukrainian = project.run("find", spec, "Ukrainian", "-n", "20").stdout
    assert "Ukraine" in ukrainian and "¶1 " in ukrainian  # wolff ¶1: "attacking Ukraine"


def test_one_source_of_a_spec(project):
    spec = sample(project)
    result = project.run("find", spec, "Lukashenko", "--source", "wolff", "-n", "10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("- source: wolff") == 10
    assert "korybko" not in result.stdout
    both = project.run("find", spec, "Lukashenko", "--source", "wolff", "--source", "korybko",
                       "-n", "20")
    assert "# korybko" in both.stdout and "# wolff" in both.stdout
    unknown = project.run("find", spec, "Lukashenko", "--source", "wolf")
    assert unknown.exit_code == 1
    assert unknown.stdout == ""
    assert unknown.stderr == (
        "briefings/belarus-2022.yaml: error: briefings/belarus-2022.yaml has no source "
        "'wolf'\n"
        "    hint: the sources are: wolff, korybko\n"
        "brief find: failed (1 problem)\n")


def test_names_of_places_and_peoples_in_english_only():
    from brief.commands.find import place_names, terms

    words = ["Crimea", "Crimean", "Ukraine", "Ukrainians", "Europe", "European", "China",
             "Chinese", "Iraq", "Iraqi", "Belarus", "Belarusian", "Germany", "German",
             "human", "plan", "plans"]
    vocabulary = {t for word in words for t in terms(word)}
    assert place_names(vocabulary, "en-GB") == {
        "crimean": "crimea", "ukrainian": "ukrain", "european": "europ", "chines": "china",
        "iraqi": "iraq", "belarusian": "belarus", "germani": "german"}
    assert place_names(vocabulary, "de") == {}


@pytest.mark.parametrize(("words", "limit", "matched"), [
    (("Crimea", "--source", "korybko"), 15, "Crimean"),
    (("sanctions",), 10, "sanctions"),
    (("Lukashenko",), 8, "Lukashenko"),
    (("Chinese", "investment"), 6, "Chin"),  # Chinese, or China
])
def test_a_short_quote_holds_the_word_searched_for(project, words, limit, matched):
    """With `--max-words`, a long sentence is cut around the word found (at clause or word
    boundaries), never to its first words without it (korybko ¶16 was offered as "The
    official Kremlin website didn't say much about the details of their talk but")."""
    spec = sample(project)
    result = project.run("find", spec, *words, "--max-words", str(limit), "-n", "5")
    assert result.exit_code == 0, result.stderr
    found = quotes(result.stdout)
    assert found and len(found) == result.stdout.count("- source:")
    for quote in found:
        assert matched.casefold() in quote.casefold(), quote
        assert 3 <= len(quote.split()) <= limit, quote
    assert "words long" not in pasted(project, result.stdout, SAMPLE_SOURCES)
    if words[0] == "Crimea":  # the only paragraph of the text that names it
        assert result.stdout.startswith("# korybko ¶16 ")
        assert "official Kremlin website" not in found[0]


def test_as_many_results_as_asked_for_where_as_many_paragraphs_match(project):
    spec = sample(project)
    for limit in ("3", "8"):
        result = project.run("find", spec, "Lukashenko", "--max-words", "10", "-n", limit)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.count("- source:") == int(limit)
        assert len({line.split(" (score")[0] for line in result.stdout.splitlines()
                    if line.startswith("# ")}) == int(limit)  # each a paragraph of its own
        assert result.stderr == ""
    # Fewer paragraphs hold the word than were asked for: all of them, and a line that
    # says so (Wolff ¶22 and Korybko ¶20 alone say "sanctions")
    fewer = project.run("find", spec, "sanctions", "--max-words", "10", "-n", "3")
    assert fewer.exit_code == 0, fewer.stderr
    assert fewer.stdout.count("- source:") == 2
    assert fewer.stderr == "2 results of the 3 asked for: 2 paragraphs hold 'sanctions'\n"


def test_a_spinner_leftover_is_never_suggested(project):
    """Wolff ¶1, the only paragraph that says "false-flag", holds the spinner's `{that a}`
    (see ../shared/articles): the words after it are offered, not the token."""
    spec = sample(project)
    result = project.run("find", spec, "false-flag", "-n", "3")
    assert result.exit_code == 0, result.stderr
    assert "{" not in result.stdout
    assert quotes(result.stdout) == [
        "“false-flag” operation inside Belarus may very well be the pretext for the nation "
        "attacking Ukraine."]
    assert pasted(project, result.stdout, SAMPLE_SOURCES) == \
        "pasted.yaml: OK, 1 passage verified in 4 sources\n"
