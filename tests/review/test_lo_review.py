"""The conftest's `lo_review` helper: a review in LibreOffice when it can run, a skip
with its reason when it cannot, and a failure instead in CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviews import tracked

import conftest


@pytest.mark.parametrize("ci", [False, True])
def test_without_the_tool_it_skips_outside_ci_and_fails_in_ci(monkeypatch, tmp_path, ci):
    missing = tmp_path / "shared" / "tools" / "lo_review.py"
    monkeypatch.setattr(conftest, "LO_REVIEW", missing)
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match=f"{missing} is missing"):
        conftest.lo_review(tmp_path / "memo.docx", "delete:x")
    assert not (tmp_path / "memo-reviewed.docx").exists()


def test_comments_need_the_full_libreoffice_writer(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "_has_uno", lambda: True)
    monkeypatch.setattr(conftest, "LO_REVIEW", Path(conftest.__file__))  # any file that exists
    monkeypatch.setattr(conftest.subprocess, "run", lambda *a, **k: type(
        "Done", (), {"stdout": "install ok not-installed", "returncode": 0})())
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="full libreoffice-writer package"):
        conftest.lo_review(tmp_path / "memo.docx", "comment:a=>b")


@pytest.mark.slow
@conftest.needs_libreoffice
def test_text_libreoffice_cannot_find_fails_the_test_with_its_words(tmp_path):
    from reviews import build_example

    built = build_example(tmp_path / "example")
    with pytest.raises(AssertionError, match="not found: 'Lukashenko resigns'"):
        conftest.lo_review(built, "delete:Lukashenko resigns", out=tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()
    reviewed = conftest.lo_review(built, "delete:Lukashenko", out=tmp_path / "out.docx")
    assert [(t.kind, t.author, t.text) for t in tracked(reviewed)] == [
        ("del", "Head of Desk", "Lukashenko")]
