"""The same inputs give the same bytes: PDF, .docx and .eml, dated by the memo (or by
SOURCE_DATE_EPOCH), never by the moment of the build."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import time
import zipfile

import docx
import pytest

from drafts import DISTRIBUTION

pytestmark = pytest.mark.e2e


def build_twice(project, monkeypatch, *args):
    spec = project.spec(distribution=DISTRIBUTION)
    first = project.run("build", spec, "--email", *args)
    assert first.exit_code == 0, first.stderr
    before = project.files()
    time.sleep(1.1)  # a build that stamped the clock would differ by now
    second = project.run("build", spec, "--email", "--force", *args)
    assert second.exit_code == 0, second.stderr
    return before, project.files()


@pytest.mark.slow
def test_two_builds_of_the_same_inputs_are_byte_identical(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before, after = build_twice(project, monkeypatch)
    for name in ("memo.pdf", "memo.docx", "memo.eml"):
        assert before[name] == after[name], name
    # The manifest records each output's SHA-256.
    manifest = json.loads(after["memo.json"])
    for name in ("memo.pdf", "memo.docx", "memo.eml"):
        assert manifest["outputs"][name] == hashlib.sha256(after[name]).hexdigest()


@pytest.mark.slow
def test_the_memo_date_stamps_the_word_file_and_the_email(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _, files = build_twice(project, monkeypatch)
    path = project.output / "memo.docx"
    with zipfile.ZipFile(path) as package:
        assert {info.date_time for info in package.infolist()} == {(2024, 5, 1, 0, 0, 0)}
    assert str(docx.Document(str(path)).core_properties.created) == "2024-05-01 00:00:00+00:00"
    draft = email.message_from_bytes(files["memo.eml"], policy=email.policy.default)
    assert draft["Date"] == "Wed, 01 May 2024 00:00:00 +0000"
    assert draft["Message-ID"].endswith("@example.org>")
    assert all("=_brief_" in part.get_boundary() for part in draft.walk()
               if part.is_multipart())


@pytest.mark.slow
def test_source_date_epoch_sets_the_stamp(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    before, after = build_twice(project, monkeypatch, "--pdf-variant", "pdf/a-3b")
    for name in ("memo.pdf", "memo.docx", "memo.eml", "memo.json"):
        assert before[name] == after[name], name
    with zipfile.ZipFile(project.output / "memo.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    draft = email.message_from_bytes(after["memo.eml"], policy=email.policy.default)
    assert draft["Date"] == "Tue, 14 Nov 2023 22:13:20 +0000"
    assert json.loads(after["memo.json"])["built"] == "2023-11-14T22:13:20+00:00"


@pytest.mark.parametrize("value", ["yesterday", "1.5e9"])
def test_a_bad_source_date_epoch_is_one_clear_message(project, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = project.run("build", project.spec())
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: SOURCE_DATE_EPOCH is '{value}', not a number of seconds since 1970\n"
        "    hint: set it to a whole number, such as the output of `git log -1 --format=%ct`, "
        "or unset it\n"
        "brief build: failed (1 problem); no files were written\n")
    assert project.files() == {}
