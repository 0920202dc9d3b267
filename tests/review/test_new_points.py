"""A reviewer's new paragraph after a point, on the example built and reviewed in Word (as
Word 365 writes a new paragraph: its paragraph mark inserted) and in LibreOffice
(through UNO, a paragraph break typed): `brief review` says it becomes a new point,
`--apply` adds exactly its line to the spec, `brief check` passes and points at it, a
new build shows it in its place; where a new paragraph cannot be a point (an actor's
section, the options' table) it is reported as before, and a list written on one line
is refused with nothing written."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import yaml
from reviews import AUTHOR, DATE, EXAMPLE, build_example
from word_review import word_review

from conftest import docx_paragraphs, flat, lo_review, pdf_pages, word_problems

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

NEW = "Moscow may raise gas prices in January."
AFTER = "This might embrace personnel from Belarus."  # the last passage of risk 3
SPEC = "briefings/belarus-2022.yaml"


@pytest.fixture
def example(project) -> Path:
    """The example copied into the project and built: its .docx."""
    return build_example(project.root)


def in_word(docx_file: Path, *operations: str, name: str = "reviewed.docx") -> Path:
    reviewed = word_review(docx_file, *operations, author=AUTHOR, date=DATE,
                           out=docx_file.parent.parent / "reviews" / name)
    assert word_problems(reviewed) == []
    return reviewed


def line_of(text: str, words: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if words in line)


def added_lines(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`, none removed or changed."""
    diff = [line for line in difflib.ndiff(old.splitlines(True), new.splitlines(True))
            if line[:2] in ("- ", "+ ")]
    assert all(line.startswith("+ ") for line in diff), diff
    return [line[2:] for line in diff]


def assert_a_new_point(project, reviewed: Path, *, when: str) -> None:
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    point = line_of(original, "Russia's offensive has stalled") - 1  # its `text: >-`
    listed = project.run("review", EXAMPLE, reviewed)
    assert listed.exit_code == 0, listed.stdout + listed.stderr
    assert listed.stdout.splitlines()[:2] == [
        f"{SPEC}:{point}:15: sections[0].points[2].text: {AUTHOR}{when}: new paragraph",
        "    can be applied: it becomes a new point `sections[0].points[3]`, after "
        f"`sections[0].points[2]` (line {point}), and will read: \"{NEW}\"; it cites no "
        f"passages yet: find them (brief find {SPEC} 'Moscow may raise gas prices in "
        "January') and add `passages:` under it"]
    assert listed.stdout.splitlines()[-1] == (
        "reviews/reviewed.docx: 1 change: 1 can be applied, 0 already in the spec, 0 cannot "
        "be applied; 0 comments")
    assert spec.read_text(encoding="utf-8") == original

    applied = project.run("review", EXAMPLE, reviewed, "--apply")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    new_spec = spec.read_text(encoding="utf-8")
    # With a comment saying whose it is, and that it cites no passages yet.
    assert added_lines(original, new_spec) == [
        f"      # review, {AUTHOR}{when}: a new point; no passages yet\n",
        f"      - text: {NEW}\n"]
    at = line_of(new_spec, NEW)
    assert new_spec.splitlines()[at - 3].strip() == f"quote: {AFTER}"  # after the point
    assert f"{SPEC}:{at}:15: warning: sections[0].points[3]: a new point from the review " \
        "cites no passages yet" in applied.stderr
    assert f"{SPEC}: OK, 32 passages verified" in applied.stdout
    checked = project.run("check", EXAMPLE)
    assert checked.exit_code == 0, checked.stderr

    rebuilt = project.run("build", EXAMPLE)
    assert rebuilt.exit_code == 0, rebuilt.stderr
    paragraphs = docx_paragraphs(project.output / "belarus-2022.docx")
    texts = [text for _, text in paragraphs]
    at = texts.index(NEW)
    assert paragraphs[at][0] == "List Bullet"  # a point, as its siblings are
    assert texts[at - 1] == AFTER and texts[at + 1].startswith("Lukashenko's rhetoric")
    pdf = flat(" ".join(pdf_pages(project.output / "belarus-2022.pdf")))
    assert pdf.index(AFTER) < pdf.index(NEW) < pdf.index("rhetoric and diplomatic moves")

    backup = spec.with_name(spec.name + ".bak")
    kept = backup.read_bytes()
    again = project.run("review", EXAMPLE, reviewed, "--apply")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert "    already in the spec (the point `sections[0].points[3]`)" in again.stdout
    assert "wrote" not in again.stdout
    assert spec.read_text(encoding="utf-8") == new_spec and backup.read_bytes() == kept


def test_a_new_point_through_word(project, example):
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>{NEW}")
    assert_a_new_point(project, reviewed, when=", 4 Dec 2026")


def test_a_new_point_through_libreoffice(project, example):
    """LibreOffice makes a paragraph break of a "\\r" typed through UNO."""
    reviewed = lo_review(example, f"insert-after:{AFTER}=>\r{NEW}", author=AUTHOR,
                         out=project.root / "reviews" / "reviewed.docx")
    assert_a_new_point(project, reviewed, when=_lo_date(project, reviewed))


def _lo_date(project, reviewed: Path) -> str:
    """LibreOffice dates a change with the day it was made."""
    listed = project.run("review", EXAMPLE, reviewed, "--json")
    date = json.loads(listed.stdout)["findings"][0]["date"]
    from brief.review.reviewers import short_date

    return f", {short_date(date)}" if date else ""


def test_several_new_points_in_a_row_in_order(project, example):
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>Second: new.",
                       f"paragraph-after:{AFTER}=>First.")  # each right after the point
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    applied = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    assert "new point `sections[0].points[3]`" in applied.stdout
    assert "new point `sections[0].points[4]`" in applied.stdout
    new_spec = spec.read_text(encoding="utf-8")
    note = f"      # review, {AUTHOR}, 4 Dec 2026: a new point; no passages yet\n"
    assert added_lines(original, new_spec) == [
        note, "      - text: First.\n", note, '      - text: "Second: new."\n']
    spec.write_text(original, encoding="utf-8")
    as_json = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup", "--json")
    assert as_json.exit_code == 0, as_json.stdout + as_json.stderr
    assert json.loads(as_json.stdout)["new_points"] == [
        {"key": "sections[0].points[3]", "line": line_of(new_spec, "First."), "column": 15,
         "text": "First."},
        {"key": "sections[0].points[4]", "line": line_of(new_spec, "Second: new."),
         "column": 15, "text": "Second: new."}]


def test_reject_leaves_a_new_point_out(project, example):
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>{NEW}")
    spec = project.root / EXAMPLE
    original = spec.read_bytes()
    result = project.run("review", EXAMPLE, reviewed, "--apply", "--reject", AUTHOR)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"1 change by {AUTHOR} left out" in result.stdout
    assert spec.read_bytes() == original


@pytest.mark.parametrize(("anchor", "where", "words", "why"), [
    ("US$6 billion (£4.5 billion) of Chinese language investments in Belarusian "
     "infrastructure", "after the point `sections[1].points[5]`", "China may lend more.",
     "a point of an `incentives` section names its `actor`: add it to the spec by hand, "
     "with the actor"),
    ("Punishes the use of Belarusian territory for the invasion.",
     "in the option `sections[3].points[1]`", "Costly for our allies.",
     "in an `options` section a new paragraph may be a new option or one of this option's "
     "pros or cons: add it to the spec by hand where it belongs"),
    ("Lukashenko is therefore at President Putin's mercy", "after `key_judgments[1]` "
     "(after its quotations)", "Minsk has no say.", "a key judgment takes no second "
     "paragraph, and a new one needs its likelihood and confidence: add it to the spec by "
     "hand"),
    ("before a new offensive.", "inside the point `sections[0].points[2]` (between two of "
     "its paragraphs)", "Between its text and passages.",
     "a point's words are one paragraph: add it to them, or make it a point of its own "
     "after this one, in the spec by hand"),
])
def test_after_an_actors_point_an_option_or_inside_a_point_it_is_reported_as_before(
        project, example, anchor, where, words, why):
    reviewed = in_word(example, f"paragraph-after:{anchor}=>{words}")
    spec = project.root / EXAMPLE
    original = spec.read_bytes()
    result = project.run("review", EXAMPLE, reviewed, "--apply")
    assert result.exit_code == 3, result.stdout + result.stderr
    says = [line.strip() for line in result.stdout.splitlines()
            if line.startswith("    not applied")]
    assert len(says) == 1 and says[0].startswith(f"not applied: a new paragraph {where} ")
    assert says[0].endswith(f"reads: \"{words}\"; {why}")
    assert spec.read_bytes() == original
    assert not spec.with_name(spec.name + ".bak").exists()


def test_a_list_written_on_one_line_is_refused_and_nothing_written(project, example):
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>{NEW}")
    spec = project.root / EXAMPLE
    text = spec.read_text(encoding="utf-8")
    start = text.index("    points:\n", text.index("kind: risks"))
    end = text.index("\n\n", start)
    points = yaml.safe_load(text[start:end])["points"]  # the same points, as JSON: [{…}]
    flow = text[:start] + "    points: " + json.dumps(points, ensure_ascii=False) + text[end:]
    spec.write_text(flow, encoding="utf-8")
    result = project.run("review", EXAMPLE, reviewed, "--apply")
    assert result.exit_code == 1
    assert f"{SPEC}:{line_of(flow, '    points: [')}: error: sections[0].points: cannot " \
        "write the review into the spec: the list `sections[0].points` is written on one " \
        "line ([a, b]): add the point in the spec by hand" in result.stderr
    assert spec.read_text(encoding="utf-8") == flow
    assert not spec.with_name(spec.name + ".bak").exists()


def test_with_a_reworded_implication_in_the_same_list(project, example):
    """A new signpost and an implication reworded in the same list: both written (the
    read-back expects the reworded implication, not the one before the review)."""
    reviewed = in_word(example, "paragraph-after:hold on power at risk; it becomes less "
                       "likely.=>Rail links to the border closed to civilians.",
                       "replace:Minsk is being readied for entry=>Minsk is being made ready "
                       "for entry")
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    applied = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    assert "new point `sections[2].points[4]`" in applied.stdout
    now = spec.read_text(encoding="utf-8")
    assert "        implication: Minsk is being made ready for entry.\n" in now
    assert ("it becomes less likely.\n"
            f"      # review, {AUTHOR}, 4 Dec 2026: a new point; no passages yet\n"
            "      - text: Rail links to the border closed to civilians.\n") in now
    assert len(now.splitlines()) == len(original.splitlines()) + 2


def test_a_comment_on_the_new_point_goes_above_it(project, example):
    """The reviewer comments on the words of the point they added: the comment is written
    above the new point, under its note, not at the top of the spec; twice: already."""
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>{NEW}",
                       "comment:gas prices in January=>Check with the energy desk.")
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    listed = project.run("review", EXAMPLE, reviewed)
    assert f"    # review, {AUTHOR}, 4 Dec 2026: Check with the energy desk. (above the new " \
        "point `sections[0].points[3]`)" in listed.stdout.splitlines()
    applied = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    assert added_lines(original, spec.read_text(encoding="utf-8")) == [
        f"      # review, {AUTHOR}, 4 Dec 2026: a new point; no passages yet\n",
        f"      # review, {AUTHOR}, 4 Dec 2026: Check with the energy desk.\n",
        f"      - text: {NEW}\n"]
    again = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[-1].startswith("nothing written into ")
    assert sum(line.startswith("    already in the spec")
               for line in again.stdout.splitlines()) == 2  # the point and the comment


def test_with_a_rewording_and_a_comment_on_the_point_after_it(project, example):
    """The new point moves the next one on: its rewording and comment still land on it."""
    reviewed = in_word(example, f"paragraph-after:{AFTER}=>{NEW}",
                       "replace:Lukashenko's rhetoric=>Lukashenko's harsher rhetoric",
                       "comment:diplomatic moves=>Since when?")
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    applied = project.run("review", EXAMPLE, reviewed, "--apply", "--no-backup")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    lines = spec.read_text(encoding="utf-8").splitlines()
    at = lines.index(f"      - text: {NEW}")
    assert lines[at + 1:at + 3] == [
        f"      # review, {AUTHOR}, 4 Dec 2026: Since when?",
        "      - text: Lukashenko's harsher rhetoric and diplomatic moves point towards "
        "escalation."]
    assert lines[at - 1] == f"      # review, {AUTHOR}, 4 Dec 2026: a new point; no passages yet"
    assert len(lines) == len(original.splitlines()) + 3
    assert project.run("check", EXAMPLE).exit_code == 0
