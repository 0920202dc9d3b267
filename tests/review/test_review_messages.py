"""What `brief review` says, as a new user's trial found it (issue 23): what `--only` and
`--reject` left out, counted as the report counts; the "it will read" of a three-way
merge; a label of a built-in template; `--apply` on a spec that fails to read or check
on its own; `--no-backup` beside an older backup. Real reviews (LibreOffice, and Word
as word_review writes one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviews import AUTHOR, DATE, EXAMPLE, build_example
from word_review import word_review

from conftest import lo_review

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture
def example(project) -> Path:
    return build_example(project.root, "-f", "docx")


def in_word(docx_file: Path, *operations: str) -> Path:
    return word_review(docx_file, *operations, author=AUTHOR, date=DATE,
                       out=docx_file.parent.parent / "reviews" / "reviewed.docx")


def test_what_only_leaves_out_is_counted_as_the_report_counts(project, example):
    first = lo_review(example, "replace:be decided in Moscow=>be settled in Moscow",
                      author=AUTHOR, out=project.root / "reviews" / "first.docx")
    both = lo_review(first, "replace:in the coming weeks=>in the next few weeks",
                     "replace:rests more with Moscow=>rests far more with Moscow",
                     "comment:differentiate between Minsk and Moscow=>Is this lawful?",
                     author="Legal Adviser", out=project.root / "reviews" / "both.docx")
    result = project.run("review", EXAMPLE, both, "--only", AUTHOR)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # Four tracked marks and a comment by the Legal Adviser: two changes and a comment.
    assert "2 changes and 1 comment by Legal Adviser left out" in lines, lines
    assert not any("or comments" in line for line in lines)
    rejected = project.run("review", EXAMPLE, both, "--reject", "Legal Adviser", "--json")
    assert '"2 changes and 1 comment by Legal Adviser left out"' in rejected.stdout
    mine = project.run("review", EXAMPLE, both, "--only", "legal adviser")
    assert "1 change by Head of Desk left out" in mine.stdout.splitlines()


def test_a_change_merged_onto_a_spec_changed_since_says_how_it_will_read(project, example):
    spec = project.root / EXAMPLE
    file = in_word(example, "replace:be decided in Moscow=>be settled in Moscow")
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "be decided in Moscow, not in Minsk.", "be decided in Moscow, not in Minsk itself."),
        encoding="utf-8")
    result = project.run("review", EXAMPLE, file)
    assert result.exit_code == 0, result.stderr
    assert ("    can be applied, with the spec's changes since the build kept; it will read: "
            "Whether Belarus enters the war will very likely be settled in Moscow, not in "
            "Minsk itself.") in result.stdout.splitlines()


def test_a_new_line_reads_as_a_new_paragraph_and_a_long_sentence_ends_in_one_ellipsis(
        project, example):
    spec = project.root / EXAMPLE
    before = spec.read_bytes()
    file = lo_review(example,
                     "insert-after:in line with its own calls for de-escalation.=>\n"
                     "Also brief the Council secretariat before the talks.",
                     "replace:by two academics=>by two respected academics",
                     author=AUTHOR, out=project.root / "reviews" / "reviewed.docx")
    result = project.run("review", EXAMPLE, file)
    assert result.exit_code == 3, result.stderr
    lines = result.stdout.splitlines()
    assert ("    not applied: a new line in `sections[4].points[3].text` reads: \"Also brief "
            "the Council secretariat before the talks.\"; add it to the spec by hand (a line "
            "broken inside the words: as a paragraph of its own after the point, it would "
            "have become a new point)") in lines
    [reads] = [line for line in lines if "it will read: Our main source" in line]
    assert reads.endswith("…") and not reads.endswith("……"), reads
    assert "respected academics" in reads
    assert spec.read_bytes() == before


def test_a_reworded_label_names_the_template_and_how_to_change_it(project, example):
    file = in_word(example, "replace:Bottom line up front=>Summary")
    result = project.run("review", EXAMPLE, file)
    assert result.exit_code == 3, result.stderr
    assert ("    cannot be applied: brief writes these words: the template label "
            "`labels.bluf` of the built-in template `memo`; to change it, copy the template "
            "(brief templates new NAME --from memo), give `bluf:` under `labels:` in "
            "templates/NAME/template.yaml, and set `template: NAME` in the spec"
            ) in result.stdout.splitlines()
    # Done so, the label is the project's own: its template.yaml is named.
    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    spec = project.root / EXAMPLE
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "\nmarking: ", "\ntemplate: ours\nmarking: ", 1), encoding="utf-8")
    built = project.run("build", EXAMPLE, "-f", "docx")
    assert built.exit_code == 0, built.stderr
    ours = in_word(example, "replace:Bottom line up front=>Summary")
    again = project.run("review", EXAMPLE, ours)
    assert ("    cannot be applied: brief writes these words: the template label "
            "`labels.bluf`: give `bluf:` under `labels:` in templates/ours/template.yaml"
            ) in again.stdout.splitlines(), again.stdout


def test_apply_on_a_spec_with_problems_of_its_own_writes_nothing(project, example):
    spec = project.root / EXAMPLE
    file = in_word(example, "replace:be decided in Moscow=>be settled in Moscow")
    text = spec.read_text(encoding="utf-8").replace("\nmarking: ", "\nbogus_key: 1\nmarking: ",
                                                    1)
    spec.write_text(text, encoding="utf-8")
    before = spec.read_bytes()
    result = project.run("review", EXAMPLE, file, "--apply")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        "reviews/reviewed.docx: 1 change: 1 can be applied, 0 already in the spec, 0 cannot "
        "be applied; 0 comments")
    line = text.splitlines().index("bogus_key: 1") + 1
    assert result.stderr.splitlines()[:2] == [
        f"{EXAMPLE}: the review was not written into it: the spec has problems of its own, "
        "below; fix these first, then run brief review --apply again",
        f"{EXAMPLE}:{line}:1: error: bogus_key: unknown key 'bogus_key' at the top level of "
        "the spec"]
    assert result.stderr.splitlines()[-1] == "brief review: failed (1 problem)"
    assert spec.read_bytes() == before
    assert sorted(p.name for p in spec.parent.iterdir()) == ["belarus-2022.yaml", "sources"]
    # Fixed, the same review is written, and checked after.
    spec.write_text(text.replace("bogus_key: 1\n", ""), encoding="utf-8")
    again = project.run("review", EXAMPLE, file, "--apply", "--no-backup")
    assert again.exit_code == 0, again.stderr
    assert "be settled in Moscow" in spec.read_text(encoding="utf-8")
    assert again.stdout.splitlines()[-1].startswith(f"{EXAMPLE}: OK, ")


def test_no_backup_beside_an_older_backup_says_it_was_left_as_it_was(project, example):
    spec = project.root / EXAMPLE
    bak = spec.with_name("belarus-2022.yaml.bak")
    first = in_word(example, "replace:be decided in Moscow=>be settled in Moscow")
    assert project.run("review", EXAMPLE, first, "--apply").exit_code == 0
    older = bak.read_bytes()
    second = word_review(example, "replace:rests more with Moscow=>rests far more with Moscow",
                         author=AUTHOR, date=DATE,
                         out=project.root / "reviews" / "second.docx")
    result = project.run("review", EXAMPLE, second, "--apply", "--no-backup")
    assert result.exit_code == 0, result.stderr
    assert (f"wrote {EXAMPLE} (no backup; the older {EXAMPLE}.bak was left as it was: it is "
            "not the spec as it was before this --apply)") in result.stdout.splitlines()
    assert bak.read_bytes() == older
    assert "rests far more with Moscow" in spec.read_text(encoding="utf-8")
    # Without an older backup, the line says nothing of one.
    bak.unlink()
    third = word_review(example, "replace:in the coming weeks=>in the next few weeks",
                        author=AUTHOR, date=DATE, out=project.root / "reviews" / "third.docx")
    quiet = project.run("review", EXAMPLE, third, "--apply", "--no-backup")
    assert f"wrote {EXAMPLE}" in quiet.stdout.splitlines()
    assert not bak.exists()
