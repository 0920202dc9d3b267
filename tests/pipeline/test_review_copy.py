"""`brief build --review`: beside the memo, the Word file made for review, with Track
Changes on and protected for tracked changes, its trace saying so; per release too."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from brief.origins import read_trace
from conftest import REPO, SYSTEM_PYTHON, Project, docx_paragraphs, needs_libreoffice

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SECRET = "A source inside the ministry says so."
LO_REVIEW = REPO.parent / "shared" / "tools" / "lo_review.py"


def settings(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/settings.xml")


def test_the_review_copy_is_the_memo_with_track_changes_on(project: Project) -> None:
    spec = project.spec()
    result = project.run("build", spec, "--format", "docx", "--review")
    assert result.exit_code == 0, result.stderr
    memo, review = project.output / "memo.docx", project.output / "memo-review.docx"
    assert "wrote output/memo-review.docx (" in result.stdout
    assert docx_paragraphs(review) == docx_paragraphs(memo)  # the same memo
    assert b"<w:trackRevisions/>" in settings(review)
    assert b'<w:documentProtection w:edit="trackedChanges" w:enforcement="1"/>' in \
        settings(review)
    assert b"trackRevisions" not in settings(memo) and b"documentProtection" not in \
        settings(memo)
    trace, ordinary = read_trace(review.read_bytes()), read_trace(memo.read_bytes())
    assert trace is not None and ordinary is not None
    assert trace.review_copy and not ordinary.review_copy
    assert trace.paragraphs == ordinary.paragraphs and trace.keys == ordinary.keys
    properties = docx.Document(str(review)).part.package.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "custom-properties").blob
    assert b'name="Review copy"' in properties
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    assert "memo-review.docx" in manifest["outputs"]
    assert manifest["inputs"]["options"]["review"] is True


def test_without_review_no_review_copy(project: Project) -> None:
    assert project.run("build", project.spec(), "--format", "docx").exit_code == 0
    assert sorted(project.files()) == ["memo.docx", "memo.json"]


def test_a_build_without_review_removes_the_last_review_copy_or_says_it_kept_it(
        project: Project) -> None:
    """The review copy goes as any output the build no longer writes; one saved over
    since (a reviewer's edits, in the output folder) stays, and every build says so, so
    that it is not sent for review as this build's memo."""
    spec = project.spec()
    assert project.run("build", spec, "--format", "docx", "--review").exit_code == 0
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert "removed output/memo-review.docx (the last build's, not built this time)" in \
        result.stdout
    assert sorted(project.files()) == ["memo.docx", "memo.json"]
    assert project.run("build", spec, "--format", "docx", "--review").exit_code == 0
    review = project.output / "memo-review.docx"
    review.write_bytes(review.read_bytes() + b"saved over")
    kept = ("kept output/memo-review.docx from an earlier --review build (not built this "
            "time: --review replaces it)")
    for _ in range(2):  # the build after it, then the next
        result = project.run("build", spec, "--format", "docx", "--force")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[-1] == kept
        assert "removed" not in result.stdout
        assert review.read_bytes().endswith(b"saved over")
    result = project.run("build", spec, "--format", "docx", "--review")
    assert "wrote output/memo-review.docx (" in result.stdout and "kept" not in result.stdout


def test_a_house_that_always_sends_for_review(project: Project) -> None:
    project.template("house", "review_copy: true\n")
    spec = project.spec(template="house")
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    assert sorted(project.files()) == ["memo-review.docx", "memo.docx", "memo.json"]
    assert b'w:edit="trackedChanges"' in settings(project.output / "memo-review.docx")


def test_a_review_copy_for_each_release(project: Project) -> None:
    spec = project.spec(marking="TLP:AMBER", portion_marking="TLP:CLEAR",
                        releases=[{"marking": "TLP:CLEAR"}], sections=[
                            {"title": "Risks", "kind": "risks", "points": [
                                {"text": "Costs are unknown."},
                                {"text": SECRET, "marking": "TLP:AMBER"}]}])
    result = project.run("build", spec, "--format", "docx", "--review")
    assert result.exit_code == 0, result.stderr
    copies = sorted(name for name in project.files() if name.endswith("-review.docx"))
    assert len(copies) == 2, copies
    released = next(name for name in copies if name != "memo-review.docx")
    trace = read_trace((project.output / released).read_bytes())
    assert trace is not None and trace.release == "TLP:CLEAR" and trace.review_copy
    assert SECRET not in "".join(p.text for p in trace.paragraphs)
    assert not any(SECRET in key.value for key in trace.keys.values())


def test_a_spec_that_fails_writes_no_review_copy(project: Project) -> None:
    spec = project.spec(sections=[{"title": "Risks", "kind": "risks", "points": [
        {"text": "Costs.", "passages": [{"source": "gazette", "quote": "not in the source"}]}]}])
    result = project.run("build", spec, "--review")
    assert result.exit_code != 0
    assert "memo.yaml:32:14: error: sections[0].points[0].passages[0].quote: quote not found " \
        "in source 'gazette' (quirks.txt)" in result.stderr
    assert "brief build: failed (1 problem); no files were written" in result.stderr
    assert project.files() == {}


@needs_libreoffice
@pytest.mark.skipif(not LO_REVIEW.exists(), reason="../shared/tools/lo_review.py is not here")
def test_libreoffice_keeps_the_review_settings(project: Project) -> None:
    """A reviewer edits the review copy in LibreOffice: the edit is tracked, and the file
    LibreOffice saves still has Track Changes on, protected, with its trace."""
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    assert project.run("build", spec, "--format", "docx", "--review").exit_code == 0
    reviewed = project.root / "reviewed.docx"
    subprocess.run([SYSTEM_PYTHON, str(LO_REVIEW), str(project.output / "belarus-2022-review.docx"),
                    "--out", str(reviewed), "replace:are unlikely=>are not expected"],
                   check=True, capture_output=True, timeout=180)
    saved = settings(reviewed)
    assert b"<w:trackRevisions/>" in saved and b'w:edit="trackedChanges"' in saved
    trace = read_trace(reviewed.read_bytes())
    assert trace is not None and trace.review_copy
    with zipfile.ZipFile(reviewed) as archive:
        assert b"<w:ins " in archive.read("word/document.xml")


def test_the_email_draft_does_not_carry_the_review_copy(project: Project) -> None:
    spec = project.spec(distribution={"from": "desk@example.org", "to": ["boss@example.org"]})
    result = project.run("build", spec, "--format", "docx", "--review", "--email")
    assert result.exit_code == 0, result.stderr
    draft = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                     policy=email.policy.default)
    assert [part.get_filename() for part in draft.iter_attachments()] == ["memo.docx"]
    assert (project.output / "memo-review.docx").exists()
