"""Stages 1-4 as `pipeline.check` runs them, and the manifest made from what they read:
the input of rendering, with nothing rendered and nothing written."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest

from brief.errors import BriefErrors
from brief.pipeline import check
from brief.provenance import build_manifest
from conftest import Project


def test_check_reads_and_verifies_everything_and_writes_nothing(project: Project):
    checked = check(project.spec(), project.root)
    assert checked.root == project.root
    assert checked.template.name == "memo"
    assert sorted(checked.sources) == ["gazette", "lines"]
    assert list(checked.passages) == [
        ("sections", 0, "points", 0, "passages", 0),
        ("sections", 1, "points", 0, "passages", 0),
        ("sections", 2, "points", 0, "passages", 0)]
    assert [r.texts for r in checked.passages.values()] == [
        ("its costs were not known",),
        ("Critics argued that the plan was rushed. Critics argued that the plan was rushed, "
         "and that its costs were not known.",),
        ("First line paragraph about Minsk.", "Second line paragraph about Moscow.")]
    assert checked.briefing.title == "Test memo"
    assert [q.citation.label for q in checked.briefing.quotations()] == [
        "Example 2024, ¶4", "Example 2024, ¶4", "One & Two 2023, ¶1–2"]
    assert [version.spec for version in checked.versions] == [checked.spec]
    assert not project.output.exists()


def test_check_finds_every_problem_at_once(project: Project):
    spec = project.spec(sections=[
        {"title": "Risks", "kind": "risks", "points": [
            {"text": "One.", "passages": [{"source": "gazette", "quote": "not in the gazette"}]},
            {"text": "Two.", "passages": [{"source": "nowhere", "paragraph": 1}]}]}])
    with pytest.raises(BriefErrors) as caught:
        check(spec, project.root)
    messages = [error.message for error in caught.value.errors]
    assert len(messages) == 2
    assert messages[0].startswith("quote not found in source 'gazette'")
    assert "nowhere" in messages[1]
    assert not project.output.exists()


def test_the_manifest_of_what_check_read(project: Project):
    checked = check(project.spec(), project.root)
    built = datetime.datetime(2024, 5, 2, 9, 30, tzinfo=datetime.UTC)
    manifest = build_manifest(checked, {Path("memo.pdf"): b"%PDF a memo"}, built)
    assert manifest["built"] == "2024-05-02T09:30:00+00:00"
    assert manifest["spec"]["sha256"] == hashlib.sha256(checked.spec.path.read_bytes()
                                                        ).hexdigest()
    assert manifest["sources"]["gazette"]["sha256"] == hashlib.sha256(
        (project.root / "sources" / "quirks.txt").read_bytes()).hexdigest()
    assert manifest["passages"][0]["text"] == ["its costs were not known"]
    assert [p["paragraphs"] for p in manifest["passages"]] == [[4, 4], [4, 4], [1, 2]]
    assert manifest["outputs"] == {"memo.pdf": hashlib.sha256(b"%PDF a memo").hexdigest()}
