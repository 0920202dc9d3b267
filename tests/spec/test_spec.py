"""Stage 1: reading the spec. Each bad spec gets one exact message and exit code 1."""

from __future__ import annotations

import pytest

from brief.dates import PartialDate
from brief.errors import BriefErrors, SpecError
from brief.spec import load_spec
from conftest import DATA


def test_minimal_spec_loads_with_types_and_defaults(project):
    spec = load_spec(project.spec())
    assert spec.title == "Test memo"
    assert spec.date == PartialDate(2024, 5, 1)  # read as brief reads dates, not as YAML
    assert spec.template == "memo"
    assert spec.sources["gazette"].authors == ("Ann Example",)
    assert spec.sources["lines"].date == PartialDate(2023)  # a year alone is a date
    assert spec.memo.from_ == "Test desk"
    passage = spec.sections[2].points[0].passages[0]
    assert passage.paragraph_range == (1, 2)
    assert spec.where(passage.key_path).line is not None


def test_a_single_author_may_be_given_as_text(project):
    spec = load_spec(project.spec(sources={"gazette": {"authors": "Ann Example"}}))
    assert spec.sources["gazette"].authors == ("Ann Example",)


def check(project, path) -> tuple[int, str, str]:
    result = project.run("check", path)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.e2e
def test_yaml_syntax_error_names_line_and_column(project):
    path = project.spec(text="title: Test\nbluf: [never closed\nsections: []\n")
    code, out, err = check(project, path)
    assert code == 1
    assert out == ""
    assert err == (
        "memo.yaml:3:9: error: YAML syntax error: did not find expected ',' or ']'\n"
        "    while parsing a flow sequence at line 2, column 7\n"
        "    nothing else in memo.yaml is checked until it reads as YAML\n"
        "    hint: check indentation and quoting near this line; text with ': ' or '#' "
        "in it must be put in quotes\n"
        "brief check: failed (1 problem)\n")


def minimal_text(*replacements: tuple[str, str]) -> str:
    """tests/data/minimal.yaml with some text replaced; its line numbers stay as they are."""
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.e2e
def test_unknown_key_suggests_the_close_one(project):
    path = project.spec(text=minimal_text(("title: Test memo", "titel: Test memo")))
    code, _, err = check(project, path)
    assert code == 1
    assert err == (
        "memo.yaml:2:1: error: titel: unknown key 'titel' at the top level of the spec; "
        "did you mean 'title'?\n"
        "    hint: the keys allowed here are: title, bluf, sources, sections, key_judgments, "
        "decision_requested, likelihood_scale, subtitle, date, author, organisation, memo, "
        "marking, portion_marking, portion_marks, releases, distribution, template, language, "
        "previous, output_name\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_unknown_nested_key_and_wrong_kind_are_all_reported(project):
    path = project.spec(text=minimal_text(("kind: risks", "kind: risk"),
                                          ("- text: Costs", "- txt: Costs")))
    code, _, err = check(project, path)
    assert code == 1
    assert err == (
        "memo.yaml:24:11: error: sections[0].kind: expected one of risks, incentives, "
        "recommendations, indicators, options, text, found the text 'risk'; did you mean "
        "'risks'?\n"
        "memo.yaml:26:9: error: sections[0].points[0].txt: unknown key 'txt' in a point; "
        "did you mean 'text'?\n"
        "    hint: the keys allowed here are: text, actor, levers, implication, pros, cons, "
        "recommended, passages, figure, chart, marking\n"
        "brief check: failed (2 problems)\n")


@pytest.mark.e2e
def test_wrong_types_say_what_was_expected_and_found(project):
    code, _, err = check(project, project.spec(title=["a", "list"], sections="none"))
    assert code == 1
    assert "memo.yaml:2:1: error: title: expected text, found a list" in err
    assert "error: sections: expected a list, found the text 'none'" in err


@pytest.mark.e2e
def test_missing_required_key(project):
    code, _, err = check(project, project.spec(bluf=None))
    assert code == 1
    assert err.startswith("memo.yaml:1:1: error: missing required key 'bluf': The bottom "
                          "line up front (Markdown): the answer, first.\n")


@pytest.mark.e2e
def test_empty_spec(project):
    code, _, err = check(project, project.spec(text="# nothing here\n"))
    assert code == 1
    assert err == (
        "memo.yaml: error: the spec is empty\n"
        "    hint: a spec needs at least `title`, `bluf`, `sources` and `sections`; "
        "see docs/spec.md\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_spec_that_is_not_a_mapping(project):
    code, _, err = check(project, project.spec(text="- title: a list\n"))
    assert code == 1
    assert err.startswith("memo.yaml:1:1: error: expected the spec to be a mapping of keys, "
                          "found a list\n")


@pytest.mark.e2e
def test_nonexistent_spec_path(project):
    code, _, err = check(project, "nowhere.yaml")
    assert code == 1
    assert err == (
        "nowhere.yaml: error: spec file not found: nowhere.yaml\n"
        "    hint: check the path; relative paths are taken from the folder you run brief in\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_duplicate_key_is_an_error(project):
    path = project.spec(text=minimal_text() + "title: Again\n")
    code, _, err = check(project, path)
    assert code == 1
    assert err.startswith(
        "memo.yaml:43:1: error: title: duplicate key 'title' (first given on line 2)\n")


@pytest.mark.e2e
def test_spec_not_utf8(project):
    path = project.root / "memo.yaml"
    path.write_bytes("title: Caf\u00e9\n".encode("latin-1"))
    code, _, err = check(project, path)
    assert code == 1
    assert err.startswith("memo.yaml:1:11: error: spec file is not UTF-8 text: byte 0xe9 "
                          "cannot be decoded\n")


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ({"source": "gazete", "quote": "x"},
         "unknown source 'gazete'; did you mean 'gazette'?"),
        ({"source": "gazette"},
         "a passage needs exactly one of 'quote', 'paragraph', 'paragraphs' or 'from'/'to'; "
         "found none"),
        ({"source": "gazette", "quote": "x", "paragraph": 2},
         "a passage needs exactly one of 'quote', 'paragraph', 'paragraphs' or 'from'/'to'; "
         "found 'quote' and 'paragraph'"),
        ({"source": "gazette", "from": "x"},
         "'from' and 'to' go together: give both, or neither"),
        ({"source": "gazette", "paragraph": 2, "prefix": "x"},
         "'prefix' and 'suffix' only go with 'quote'"),
        ({"source": "gazette", "paragraphs": "two"},
         "expected a paragraph range such as '9-10', found the text 'two'"),
        ({"source": "gazette", "paragraphs": "5-2"},
         "paragraph range '5-2' runs backwards"),
    ],
)
def test_bad_passages(project, passage, message):
    sections = [{"title": "Risks", "kind": "risks",
                 "points": [{"text": "x", "passages": [passage]}]}]
    assert spec_problems(project, sections) == [message]


def spec_problems(project, sections) -> list[str]:
    """The messages `load_spec` gives for the minimal spec with these sections."""
    with pytest.raises(BriefErrors) as raised:
        load_spec(project.spec(sections=sections))
    return [e.message for e in raised.value.errors]


def test_actor_rules(project):
    assert spec_problems(project, [
        {"title": "A", "kind": "incentives", "points": [{"text": "no actor"}]},
        {"title": "B", "kind": "risks", "points": [{"text": "x", "actor": "Putin"}]},
    ]) == [
        "every point in an 'incentives' section must name its 'actor'",
        "'actor' is only used in 'incentives' sections, and this section is of kind 'risks'",
    ]


def test_text_section_needs_text_and_others_need_points(project):
    assert spec_problems(project, [{"title": "A", "kind": "text"},
                                   {"title": "B", "kind": "risks"}]) == [
        "a section of kind 'text' needs a 'text' key with its Markdown",
        "a section of kind 'risks' needs at least one point under 'points'",
    ]


def test_spec_errors_are_spec_errors(project):
    with pytest.raises(SpecError):
        load_spec(project.spec(text="[1, 2"))


# A spec with four problems of different stages: a wrong kind (the spec's structure), a
# TLP label that does not exist, and two quotes that are not in their source.
FOUR_PROBLEMS = """\
title: Test memo
marking: TLP:YELLOW
sources:
  gazette: {file: sources/quirks.txt, title: The Quirks Gazette, authors: [Ann Example]}
bluf: The plan is rushed.
sections:
  - title: Risks
    kind: risk
    points:
      - text: Costs are unknown.
        passages:
          - {source: gazette, quote: its costs were not knowable}
  - title: Actors
    kind: incentives
    points:
      - actor: Critics
        text: They want delay.
        passages:
          - {source: gazette, quote: the critics want nothing}
"""


@pytest.mark.e2e
@pytest.mark.parametrize("command", ["check", "build"])
def test_every_problem_of_a_spec_is_reported_in_one_run(project, command):
    result = project.run(command, project.spec(text=FOUR_PROBLEMS))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "memo.yaml:2:10: error: marking: unknown TLP label 'TLP:YELLOW'\n"
        "    hint: the TLP 2.0 labels are TLP:RED, TLP:AMBER+STRICT, TLP:AMBER, TLP:GREEN, "
        "TLP:CLEAR, written exactly so; other text is shown as a classification banner\n"
        "memo.yaml:8:11: error: sections[0].kind: expected one of risks, incentives, "
        "recommendations, indicators, options, text, found the text 'risk'; did you mean "
        "'risks'?\n"
        "memo.yaml:12:38: error: sections[0].points[0].passages[0].quote: quote not found in "
        "source 'gazette' (quirks.txt)\n"
        "    quote:   \"its costs were not knowable\"\n"
        "    closest: ¶4, 88% similar: \"its costs were not known.\"\n"
        "    diff:    its costs were not [-knowable-] {+known.+}\n"
        "    hint: copy the words exactly as the source has them (only spacing, quote marks, "
        "dashes and ellipses may differ), or cite whole paragraphs with `paragraph:`\n"
        "memo.yaml:19:38: error: sections[1].points[0].passages[0].quote: quote not found in "
        "source 'gazette' (quirks.txt)\n"
        "    quote:   \"the critics want nothing\"\n"
        "    closest: ¶4, 58% similar: \"rushed. Critics argued that\"\n"
        "    diff:    [-the critics want nothing-] {+rushed. Critics argued that+}\n"
        "    hint: copy the words exactly as the source has them (only spacing, quote marks, "
        "dashes and ellipses may differ), or cite whole paragraphs with `paragraph:`\n"
        f"brief {command}: failed (4 problems)"
        + ("; no files were written\n" if command == "build" else "\n"))
    assert project.files() == {}


@pytest.mark.e2e
def test_a_missing_source_file_and_spec_errors_are_reported_together(project):
    text = FOUR_PROBLEMS.replace("sources/quirks.txt", "sources/missing.txt")
    result = project.run("check", project.spec(text=text))
    lines = [line for line in result.stderr.splitlines() if not line.startswith("    ")]
    assert lines == [
        "memo.yaml:2:10: error: marking: unknown TLP label 'TLP:YELLOW'",
        "memo.yaml:4:19: error: sources.gazette.file: source file not found: "
        f"{project.root / 'sources/missing.txt'}",
        "memo.yaml:8:11: error: sections[0].kind: expected one of risks, incentives, "
        "recommendations, indicators, options, text, found the text 'risk'; did you mean "
        "'risks'?",
        "brief check: failed (3 problems)"]


@pytest.mark.e2e
def test_a_value_that_cannot_be_read_is_reported_once(project):
    """A wrong value is one message: the checks resting on it (here, that a point of an
    'incentives' section names its actor, that a 'text' section has text, that a
    passage's source exists) stay quiet."""
    text = FOUR_PROBLEMS.replace("kind: incentives", "kind: [incentives]").replace(
        "actor: Critics", "actor: {who: Critics}").replace(
        "{source: gazette, quote: the critics want nothing}",
        "{source: [gazette], quote: want delay}")
    result = project.run("check", project.spec(text=text))
    messages = [line.split(": error: ", 1)[1] for line in result.stderr.splitlines()
                if ": error: " in line]
    assert messages == [
        "marking: unknown TLP label 'TLP:YELLOW'",
        "sections[0].kind: expected one of risks, incentives, recommendations, indicators, "
        "options, text, found the text 'risk'; did you mean 'risks'?",
        "sections[0].points[0].passages[0].quote: quote not found in source 'gazette' "
        "(quirks.txt)",
        "sections[1].kind: expected one of risks, incentives, recommendations, indicators, "
        "options, text, found a list; did you mean 'incentives'?",
        "sections[1].points[0].actor: expected text, found a mapping of keys",
        "sections[1].points[0].passages[0].source: expected text, found a list"]


@pytest.mark.e2e
def test_a_passage_the_spec_check_refuses_is_not_resolved_too(project):
    """A passage without a selector is one error, not also a quotation of some paragraph."""
    sections = [{"title": "Risks", "kind": "risks", "points": [
        {"text": "x", "passages": [{"source": "gazette"}, {"source": "gazette",
                                                             "paragraph": 0}]}]}]
    result = project.run("check", project.spec(sections=sections))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [e.split(": error: ")[1] for e in errors] == [
        "sections[0].points[0].passages[0]: a passage needs exactly one of 'quote', "
        "'paragraph', 'paragraphs' or 'from'/'to'; found none",
        "sections[0].points[0].passages[1]: paragraphs are numbered from 1"]
