"""The review round trip as issue 23's "Done when" tries it on the example: build, a head
of desk's review in LibreOffice (through UNO) and in Word (as Word 365 writes one: two
rewordings, in the bottom line and a key judgment, a deleted sentence, a clause inserted
in an actor's point, a word changed inside a quotation, two comments), `brief review`
listing each at its spec line, `--apply` taking all but the quotation's change, the spec
changed only there, the new build reading as the reviewer wanted, and a second round.

The reviews of the built example run now; the tests through `brief review` wait for the
command (the switch below)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from reviews import AUTHOR, DATE, EXAMPLE, build_example, comments, part, tracked, versions, w
from word_review import word_review

from conftest import docx_paragraphs, flat, lo_review, pdf_pages, word_problems

# The switch: True once `brief review` is merged (issue 23, parts A-D).
REVIEW_COMMAND = True
needs_review_command = pytest.mark.skipif(
    not REVIEW_COMMAND, reason="needs brief review (issue 23, parts A-D)")

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

DIRECTOR = "Check this line with the Political Director first"
DROP = "Drop this option?"
# (old words, new words, the spec key they are in); each the first of its words in the memo.
REWORD_BLUF = ("rests more with Moscow than with Minsk",
               "rests with Moscow far more than with Minsk", "bluf")
REWORD_JUDGMENT = ("be decided in Moscow", "be settled in Moscow", "key_judgments[1].text")
DELETED = (" The warning sign to watch is a staged incident inside Belarus.", "", "bluf")
INSERTED = ("To survive in power", "To survive in power, and to keep his army intact",
            "sections[1].points[0].text")
QUOTATION = ("extra unpopular", "even more unpopular", "key_judgments[0].passages[0]")
COMMENTED = (("differentiate between Minsk and Moscow", DIRECTOR, "bluf"),
             ("Support a change of regime in Minsk", DROP, "sections[3].points[2].text"))
OPERATIONS = (f"replace:{REWORD_BLUF[0]}=>{REWORD_BLUF[1]}",
              f"replace:{REWORD_JUDGMENT[0]}=>{REWORD_JUDGMENT[1]}",
              f"delete:{DELETED[0]}",
              f"insert-after:{INSERTED[0]}=>, and to keep his army intact",
              f"replace:{QUOTATION[0]}=>{QUOTATION[1]}",
              f"comment:{COMMENTED[0][0]}=>{DIRECTOR}",
              f"comment:{COMMENTED[1][0]}=>{DROP}")
APPLIED = (REWORD_BLUF, REWORD_JUDGMENT, INSERTED)


@pytest.fixture
def example(project) -> Path:
    """The example copied into the project and built: its .docx."""
    return build_example(project.root)


def in_libreoffice(docx_file: Path, *operations: str, name: str = "reviewed.docx") -> Path:
    return lo_review(docx_file, *operations, author=AUTHOR,
                     out=docx_file.parent.parent / "reviews" / name)


def in_word(docx_file: Path, *operations: str, author: str = AUTHOR,
            name: str = "reviewed.docx") -> Path:
    return word_review(docx_file, *operations, author=author, date=DATE,
                       out=docx_file.parent.parent / "reviews" / name)


def spec_line(text: str, words: str) -> int:
    """The line of the spec that holds `words` (the first)."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if words in line]
    assert found, words
    return found[0]


def assert_the_review_is_in_the_file(reviewed: Path, built: Path, *, dated: bool) -> None:
    """What the reviewer did is in the reviewed file's XML, where it was done, with the
    reviewer's name; brief's own words and its trace are kept."""
    before = [b for b, _ in versions(reviewed)]
    after = [a for _, a in versions(reviewed)]
    for old, new, _ in (REWORD_BLUF, REWORD_JUDGMENT, QUOTATION):
        assert any(old in text for text in before) and any(new in text for text in after)
        # only the first place: the quotation is quoted again under an actor's point
        assert sum(text.count(old) for text in after) == \
            sum(text.count(old) for text in before) - 1
    assert any(DELETED[0] in text for text in before)
    assert not any(DELETED[0] in text for text in after)
    assert any(INSERTED[1] in text for text in after)
    changes = tracked(reviewed)
    assert {t.author for t in changes} == {AUTHOR}
    assert sorted((t.kind, t.text) for t in changes) == sorted([
        ("del", REWORD_BLUF[0]), ("ins", REWORD_BLUF[1]),
        ("del", REWORD_JUDGMENT[0]), ("ins", REWORD_JUDGMENT[1]),
        ("del", DELETED[0]), ("ins", ", and to keep his army intact"),
        ("del", QUOTATION[0]), ("ins", QUOTATION[1])])
    if dated:
        assert {t.date for t in changes} == {DATE}
    notes = comments(reviewed)
    assert [(n.author, n.text, n.anchor) for n in notes] == [
        (AUTHOR, DIRECTOR, COMMENTED[0][0]), (AUTHOR, DROP, COMMENTED[1][0])]
    # brief's trace (part A: custom XML, hidden bookmarks) comes back as it was written.
    for name in ("customXml/item1.xml",):
        assert part(built, name) is not None and part(reviewed, name) is not None
        assert part(reviewed, name).tag == part(built, name).tag
    marks = {b.get(w("name")) for b in part(built, "word/document.xml").iter(w("bookmarkStart"))}
    kept = {b.get(w("name")) for b in part(reviewed, "word/document.xml").iter(w("bookmarkStart"))}
    assert {m for m in marks if m.startswith("_brief_")} <= kept


def test_the_example_reviewed_in_libreoffice(example):
    reviewed = in_libreoffice(example, *OPERATIONS)
    assert_the_review_is_in_the_file(reviewed, example, dated=False)
    # LibreOffice 7.4 writes no date on a comment: brief reads "0-00-00T00:00:00Z" as none.
    assert {n.date for n in comments(reviewed)} <= {"0-00-00T00:00:00Z", ""}


def test_the_example_reviewed_in_word(example):
    reviewed = in_word(example, *OPERATIONS)
    assert_the_review_is_in_the_file(reviewed, example, dated=True)
    assert {n.date for n in comments(reviewed)} == {DATE}
    assert word_problems(reviewed) == []


# -- through `brief review` ----------------------------------------------------------

def assert_listed(output: str, spec: str, *, dated: bool) -> None:
    """`brief review` prints each change and comment at its spec line and key path, with
    the reviewer, and says the quotation's change cannot be applied."""
    for old, _, path in (*APPLIED, QUOTATION, DELETED):
        line = spec_line(spec, old.strip()[:30])
        assert re.search(rf"belarus-2022\.yaml:{line}:\d+", output), (line, old)
        assert path in output, path
    for anchor, text, path in COMMENTED:
        assert text in output and anchor in output and path in output
        assert re.search(rf"belarus-2022\.yaml:{spec_line(spec, anchor)}:\d+", output)
    assert AUTHOR in output
    if dated:
        assert "4 Dec 2026" in output or "2026-12-04" in output
    assert "quotation" in output.lower()
    assert "[-" in output and "{+" in output  # the old and new words as a word diff


def assert_applied(old_spec: str, new_spec: str) -> None:
    """The spec changed only where the reviewer's applicable changes and comments are: the
    quotation kept, every other line as it was (comments, quoting, layout)."""
    removed, added = [], []
    for line in difflib.ndiff(old_spec.splitlines(), new_spec.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    changed = {spec_line(old_spec, words) for words in (
        "rests more with Moscow than with Minsk", "The warning sign to watch",
        "be decided in Moscow", "To survive in power")}
    assert {spec_line(old_spec, line) for line in removed if line.strip()} <= changed
    assert len(removed) <= len(changed)
    for line in added:
        assert line.strip().startswith("#") or any(words in line for words in (
            "far more than with Minsk", "be settled in Moscow", "keep his army intact")), line
    review_comments = [line for line in added if line.strip().startswith("# review, " + AUTHOR)]
    assert len(review_comments) == 2
    assert DIRECTOR in flat(" ".join(a.strip("# ") for a in added))
    lines = new_spec.splitlines()
    bluf = next(n for n, line in enumerate(lines) if line.startswith("bluf:"))
    above = " ".join(line.strip("# ") for line in lines[bluf - 3:bluf] if line.startswith("#"))
    assert DIRECTOR in flat(above)
    assert "extra unpopular" in new_spec and "even more unpopular" not in new_spec


def assert_built_as_reviewed(project) -> None:
    result = project.run("build", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    pdf = flat(" ".join(pdf_pages(project.output / "belarus-2022.pdf")))
    word = flat(" ".join(text for _, text in docx_paragraphs(project.output / "belarus-2022.docx")))
    for memo in (pdf, word):
        for _, new, _ in APPLIED:
            assert new in memo
        assert REWORD_BLUF[0] not in memo and REWORD_JUDGMENT[0] not in memo
        assert DELETED[0].strip() not in memo
        assert "extra unpopular" in memo and "even more unpopular" not in memo


def round_trip(project, example: Path, review, *, dated: bool) -> None:
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    reviewed = review(example, *OPERATIONS)

    listed = project.run("review", EXAMPLE, reviewed)
    assert listed.exit_code == 3, listed.stderr  # the quotation's change cannot be applied
    assert_listed(listed.stdout, original, dated=dated)
    assert spec.read_text(encoding="utf-8") == original  # listing changes nothing

    applied = project.run("review", EXAMPLE, reviewed, "--apply")
    assert applied.exit_code == 3, applied.stderr
    assert "quotation" in applied.stdout.lower() and "extra unpopular" in applied.stdout
    new_spec = spec.read_text(encoding="utf-8")
    assert_applied(original, new_spec)
    backups = [p for p in spec.parent.iterdir() if p.is_file() and p != spec
               and p.read_bytes() == original.encode()]
    assert backups, "a backup of the previous spec is kept"
    assert project.run("check", EXAMPLE).exit_code == 0
    assert_built_as_reviewed(project)

    # The second round, on the new build: the same, and the first round's comments stay.
    second = review(project.output / "belarus-2022.docx", "replace:far more=>much more",
                    name="second.docx")
    files = sorted(p.name for p in spec.parent.iterdir())
    again = project.run("review", EXAMPLE, second, "--apply", "--no-backup")
    assert again.exit_code == 0, again.stdout + again.stderr
    final = spec.read_text(encoding="utf-8")
    assert "rests with Moscow much more than with Minsk" in flat(final)
    assert DIRECTOR in flat(final) and DROP in flat(final)
    assert sorted(p.name for p in spec.parent.iterdir()) == files  # --no-backup: none
    assert project.run("check", EXAMPLE).exit_code == 0


@needs_review_command
def test_round_trip_through_libreoffice(project, example):
    round_trip(project, example, in_libreoffice, dated=False)


@needs_review_command
def test_round_trip_through_word(project, example):
    round_trip(project, example, in_word, dated=True)


@needs_review_command
def test_whose_changes_to_take(project, example):
    """Two reviewers in Word: `--reject` leaves one's changes out, `--only` takes one's."""
    spec = project.root / EXAMPLE
    original = spec.read_text(encoding="utf-8")
    first = in_word(example, f"replace:{REWORD_BLUF[0]}=>{REWORD_BLUF[1]}", name="first.docx")
    both = in_word(first, f"replace:{REWORD_JUDGMENT[0]}=>{REWORD_JUDGMENT[1]}",
                   author="Legal Adviser", name="both.docx")
    result = project.run("review", EXAMPLE, both, "--apply", "--reject", "Legal Adviser",
                         "--no-backup")
    assert result.exit_code == 0, result.stdout + result.stderr
    text = flat(spec.read_text(encoding="utf-8"))
    assert REWORD_BLUF[1] in text and REWORD_JUDGMENT[0] in text
    spec.write_text(original, encoding="utf-8")
    result = project.run("review", EXAMPLE, both, "--apply", "--only", "Legal Adviser",
                         "--no-backup")
    assert result.exit_code == 0, result.stdout + result.stderr
    text = flat(spec.read_text(encoding="utf-8"))
    assert REWORD_JUDGMENT[1] in text and REWORD_BLUF[0] in text
