"""`brief review SPEC REVIEWED.docx` through the command line, on reviews made by hand
(tests/review/review_builder.py: the reviewed file read is given, not read from a Word
file; tests/review/ reviews real files): what it prints, its exit status, `--apply`."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from review_builder import SPEC, Reviewer, trace_of

from brief.commands import review as review_command

pytestmark = pytest.mark.e2e


@pytest.fixture
def memo(project):
    return project.spec("memo", SPEC)


@pytest.fixture
def reviewed(project, monkeypatch):
    """`reviewed(reviewer)`: the file name to give `brief review` for that review."""

    def give(reviewer: Reviewer) -> Path:
        path = project.root / "reviewed.docx"
        path.write_bytes(b"PK stand-in")
        documents = {path.name: reviewer.document()}
        monkeypatch.setattr(review_command, "read_reviewed",
                            lambda p: documents[Path(p).name])
        return Path("reviewed.docx")

    return give


def review_lines(memo: Path) -> Reviewer:
    return (Reviewer(trace_of(memo)).replace("rushed", "hurried")
            .comment("costs are not known", "Check this line with the Political Director"))


def test_review_lists_each_change_at_its_line_and_exits_0_when_all_can_be_applied(
        project, memo, reviewed):
    result = project.run("review", memo, reviewed(review_lines(memo)))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "[-rushed" in lines[1] and "{+hurried" in lines[1]  # the word diff
    assert lines[:1] + lines[2:] == [
        "memo.yaml:15:19: bluf: Head of Desk, 4 Dec 2026: reworded",
        "    can be applied; it will read: The plan is hurried.…",
        "memo.yaml:15:31: bluf: Head of Desk, 4 Dec 2026: comment",
        "    on: \"costs are not known\"",
        "    # review, Head of Desk, 4 Dec 2026: Check this line with the Political "
        "Director",
        "reviewed.docx: 1 change: 1 can be applied, 0 already in the spec, 0 cannot be "
        "applied; 1 comment",
    ]
    assert memo.read_text(encoding="utf-8") == SPEC  # nothing written without --apply


def test_review_exits_3_when_a_change_cannot_be_applied(project, memo, reviewed):
    reviewer = Reviewer(trace_of(memo)).replace("its costs were not known",
                                                "its costs were known")
    result = project.run("review", memo, reviewed(reviewer))
    assert result.exit_code == 3
    line = next(n for n, text in enumerate(SPEC.splitlines(), 1)
                if "quote: its costs" in text)
    # At the word deleted ("not"): the replacement is reduced to the words it changes.
    assert f"memo.yaml:{line}:35: sections[0].points[0].passages[0]: Head of Desk, 4 Dec " \
        "2026: words deleted" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "reviewed.docx: 1 change: 0 can be applied, 0 already in the spec, 1 cannot be "
        "applied; 0 comments")


def test_apply_writes_only_the_changed_lines_and_the_comments_keeps_a_backup_and_checks(
        project, memo, reviewed):
    result = project.run("review", memo, reviewed(review_lines(memo)), "--apply")
    assert result.exit_code == 0, result.stderr
    new = memo.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(SPEC.splitlines(), new.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "-bluf: The plan is rushed. Its costs are not known to anyone.",
        "+# review, Head of Desk, 4 Dec 2026: Check this line with the Political Director",
        "+bluf: The plan is hurried. Its costs are not known to anyone.",
    ]
    assert (project.root / "memo.yaml.bak").read_text(encoding="utf-8") == SPEC
    lines = result.stdout.splitlines()
    assert lines[-3:] == [
        "reviewed.docx: 1 change: 1 applied, 0 already in the spec, 0 cannot be applied; "
        "1 comment (written beside its key)",
        "wrote memo.yaml (the spec as it was: memo.yaml.bak)",
        "memo.yaml: OK, 2 passages verified in 1 source",
    ]


def test_apply_keeps_the_specs_permissions_at_every_moment(project, memo, reviewed,
                                                            monkeypatch):
    """A spec only its owner may read: the new spec, its backup and the copy read back to
    check it are never readable by others, not even before they are moved into place."""
    import brief.output
    import brief.review.apply

    seen: dict[str, int] = {}
    real_move, real_read = brief.output._move, brief.review.apply.read_spec

    def move(temp: Path, target: Path) -> None:
        seen[target.name] = temp.stat().st_mode & 0o777
        real_move(temp, target)

    def read_spec(path: Path, *args):  # type: ignore[no-untyped-def]
        seen["read back"] = path.stat().st_mode & 0o777
        return real_read(path, *args)

    monkeypatch.setattr(brief.output, "_move", move)
    monkeypatch.setattr(brief.review.apply, "read_spec", read_spec)
    memo.chmod(0o600)
    result = project.run("review", memo, reviewed(review_lines(memo)), "--apply")
    assert result.exit_code == 0, result.stderr
    assert seen == {"read back": 0o600, "memo.yaml": 0o600, "memo.yaml.bak": 0o600}
    assert memo.stat().st_mode & 0o777 == 0o600
    assert (project.root / "memo.yaml.bak").stat().st_mode & 0o777 == 0o600


def test_apply_twice_applies_once(project, memo, reviewed):
    name = reviewed(review_lines(memo))
    project.run("review", memo, name, "--apply", "--no-backup")
    once = memo.read_bytes()
    assert not (project.root / "memo.yaml.bak").exists()
    again = project.run("review", memo, name, "--apply")
    assert again.exit_code == 0, again.stderr
    assert memo.read_bytes() == once
    assert not (project.root / "memo.yaml.bak").exists()  # nothing to write: no backup
    assert "    already in the spec" in again.stdout.splitlines()
    assert again.stdout.splitlines()[-2:] == [
        "reviewed.docx: 1 change: 0 can be applied, 1 already in the spec, 0 cannot be "
        "applied; 1 comment",
        "nothing written into memo.yaml: what can be applied is in it already"]


def test_apply_writes_nothing_when_the_spec_would_not_read(project, memo, reviewed):
    reviewer = Reviewer(trace_of(memo)).insert_after(
        "Costs are unknown.", " See\ufdd0 this.")  # a noncharacter: no document holds it
    result = project.run("review", memo, reviewed(reviewer), "--apply")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "memo.yaml: error: the review was not written into memo.yaml: the spec would not "
        "read as intended")
    assert "a noncharacter: no document can hold it" in result.stderr
    assert memo.read_text(encoding="utf-8") == SPEC
    assert sorted(p.name for p in project.root.iterdir()) == ["memo.yaml", "reviewed.docx",
                                                              "sources"]


def test_only_and_reject_and_an_unknown_author(project, memo, reviewed):
    reviewer = (Reviewer(trace_of(memo)).replace("rushed", "hurried")
                .replace("Costs are unknown.", "Costs are high.", author="Deputy"))
    name = reviewed(reviewer)
    only = project.run("review", memo, name, "--reject", "deputy")
    # One replacement (a deletion and an insertion): counted as the report counts it.
    assert "1 change by Deputy left out" in only.stdout.splitlines()
    assert "Costs" not in only.stdout
    wrong = project.run("review", memo, name, "--only", "Deptuy")
    assert wrong.exit_code == 1 and wrong.stdout == ""
    assert wrong.stderr.splitlines()[0] == (
        "reviewed.docx: error: --only 'Deptuy': no change or comment of reviewed.docx is "
        "by that author; did you mean 'Deputy'?")


def test_json_for_other_tools(project, memo, reviewed):
    result = project.run("review", memo, reviewed(review_lines(memo)), "--json")
    data = json.loads(result.stdout)
    assert [(f["key"], f["line"], f["outcome"]) for f in data["findings"]] == [
        ("bluf", 15, "apply"), ("bluf", 15, "comment")]
    assert data["cannot"] == 0 and data["applied"] is False


def test_no_backup_needs_apply(project, memo, reviewed):
    result = project.run("review", memo, reviewed(review_lines(memo)), "--no-backup")
    assert result.exit_code == 2
    assert "--no-backup is for --apply" in result.stderr


def test_a_change_made_without_tracking_says_who_saved_the_file(project, memo, reviewed):
    reviewer = Reviewer(trace_of(memo), last_modified_by="Head of Desk").untracked(
        "Costs are unknown.", "Costs are not known.")
    result = project.run("review", memo, reviewed(reviewer))
    assert result.exit_code == 0, result.stderr
    line = next(n for n, text in enumerate(SPEC.splitlines(), 1) if "Costs are" in text)
    assert result.stdout.splitlines()[0] == (
        f"memo.yaml:{line}:25: sections[0].points[0].text: author unknown: made without "
        "tracking (the file was last saved by Head of Desk on 4 Dec 2026)")


def test_apply_into_a_folder_it_cannot_write_to_is_one_message(project, memo, reviewed,
                                                                 monkeypatch):
    """The new spec is read back from a hidden file beside it first: a folder that takes
    no new file is said so (as root, chmod would not stop the write: refuse it here)."""
    import os

    real_open = os.open

    def refuse(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".brief-review"):
            raise PermissionError(1, "Operation not permitted", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = project.run("review", memo, reviewed(review_lines(memo)), "--apply")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "memo.yaml: error: cannot write into ., the spec's folder: Operation not permitted",
        "    hint: nothing was written; brief review --apply writes the new spec beside the "
        "old, so make the folder writable"]
    assert memo.read_text(encoding="utf-8") == SPEC
    assert sorted(p.name for p in project.root.iterdir()) == ["memo.yaml", "reviewed.docx",
                                                              "sources"]


@pytest.mark.parametrize("name", ["{root}/other.yaml", "../{folder}/other.yaml", "x" * 5000],
                         ids=["absolute", "out of the project", "longer than a file name"])
def test_the_spec_a_trace_names_is_looked_for_only_inside_the_project(
        project, memo, reviewed, name):
    """A trace that names its spec by an absolute path, one that leads out of the
    project, or one no file system takes, names no spec of the project: that spec is
    gone (renamed), and this one, holding its words, is read (never "built from
    /elsewhere", and never an internal error)."""
    (project.root / "other.yaml").write_text(SPEC, encoding="utf-8")
    name = name.format(root=project.root.resolve(), folder=project.root.name)
    older = trace_of(memo, SPEC + "# an older version\n", name=name)
    result = project.run("review", memo, reviewed(Reviewer(older).replace("rushed",
                                                                          "hurried")))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "reviewed.docx: 1 change: 1 can be applied, 0 already in the spec, 0 cannot be "
        "applied; 0 comments")


def test_apply_to_a_spec_given_through_a_symbolic_link_rewrites_the_file_it_leads_to(
        project, memo, reviewed):
    """The link stays a link, and the file it leads to reads as the reviewer wanted (the
    new spec checked from that file's folder, where its sources are)."""
    folder = project.root / "desk"
    folder.mkdir()
    (project.root / "sources").rename(folder / "sources")
    real = memo.rename(folder / "memo.yaml")
    memo.symlink_to(Path("desk") / "memo.yaml")
    result = project.run("review", memo, reviewed(review_lines(memo)), "--apply")
    assert result.exit_code == 0, result.stderr
    assert memo.is_symlink() and memo.resolve() == real.resolve()
    assert "hurried" in real.read_text(encoding="utf-8")
    assert (project.root / "memo.yaml.bak").read_text(encoding="utf-8") == SPEC
    assert sorted(p.name for p in folder.iterdir()) == ["memo.yaml", "sources"]
