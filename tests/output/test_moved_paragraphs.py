"""`brief check` and `brief build` say when a passage selected by paragraph number reads
otherwise than at the last build, the source's bytes unchanged: brief now splits or joins
that source's paragraphs otherwise (provenance.moved_paragraphs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import brief
from brief.errors import BriefNote
from brief.provenance import build_manifest, manifest_bytes
from brief.sources import load_source_file
from brief.version import __version__

pytestmark = pytest.mark.e2e


def last_build(project, version=None, **recorded):
    """Write output/memo.json as an earlier build would have, where the passage at
    `recorded`'s key (`paragraph` of the Actors section, `paragraphs` of the
    Recommendations) recorded other text."""
    checked = brief.check(project.spec())
    manifest = build_manifest(checked, {})
    keys = {"paragraph": ["sections", 1, "points", 0, "passages", 0],
            "paragraphs": ["sections", 2, "points", 0, "passages", 0]}
    for selector, texts in recorded.items():
        entry = next(p for p in manifest["passages"] if p["key"] == keys[selector])
        entry["text"] = texts
    if version is not None:
        manifest["tool"]["version"] = version
    project.output.mkdir(exist_ok=True)
    (project.output / "memo.json").write_bytes(manifest_bytes(manifest))
    return manifest


def notes_of(result):
    """The notes of moved paragraphs (the minimal spec has warnings of its own)."""
    assert result.exit_code == 0, result.stderr
    return [line.partition(" note: ")[::2] for line in result.stderr.splitlines()
            if " note: " in line and "at the last build" in line]


def line_of(project, text):
    return (project.root / "memo.yaml").read_text().splitlines().index(text) + 1


GAZETTE = "sources/quirks.txt"


def paragraph_text(number, file=GAZETTE):
    return load_source_file(Path(file)).paragraph(number).text


def test_a_paragraph_that_moved_is_said_at_its_selector(project):
    """The last build read the Critics paragraph as paragraph 4 where brief now reads it
    as paragraph 5 (as a reader that joined two paragraphs would have)."""
    last_build(project, paragraph=[paragraph_text(5)])
    result = project.run("check", "memo.yaml")
    line = line_of(project, "      paragraph: 4")
    assert notes_of(result) == [(
        f"memo.yaml:{line}:18:",
        "sections[1].points[0].passages[0].paragraph: paragraph 4 of 'gazette' now reads "
        "differently than at the last build (the text file is unchanged; brief reads it "
        "otherwise now): check that paragraph: 4 still "
        "selects what you meant; the text you selected before is now paragraph 5")]
    assert f"hint: run `brief sources {GAZETTE}` to see the numbered paragraphs; the next " \
        "build records them as they read now" in result.stderr


def test_a_moved_paragraph_is_a_note_and_the_next_build_records_it_anew(project):
    """A note, not a warning: `--strict` does not make it an error (so that a strict
    build can record the paragraphs anew); after a build, the next check says no more."""
    last_build(project, paragraph=[paragraph_text(5)])
    said = [w for w in brief.check(project.spec()).warnings if "at the last build" in w.message]
    assert len(said) == 1 and isinstance(said[0], BriefNote)
    assert project.run("build", "memo.yaml", "--force").exit_code == 0
    assert notes_of(project.run("check", "memo.yaml")) == []


def test_the_note_names_the_versions_that_read_otherwise_and_a_path_from_here(project,
                                                                             monkeypatch):
    """Built by another version of brief: the note names both. Checked from another
    folder: the command it suggests names the source from there."""
    last_build(project, version="0.0.9", paragraph=[paragraph_text(5)])
    (project.root / "elsewhere").mkdir()
    monkeypatch.chdir(project.root / "elsewhere")
    result = project.run("build", "../memo.yaml", "--output", "../output", "--force")
    [(_, note)] = notes_of(result)
    assert f"(brief {__version__} reads this text file otherwise than brief 0.0.9 did)" \
        in note
    assert f"hint: run `brief sources ../{GAZETTE}` to see" in result.stderr


def test_where_the_text_selected_before_stands_now(project):
    """Split into two paragraphs now, joined into one, or gone."""
    second = paragraph_text(2, "sources/one-per-line.txt")
    cases = [
        ({"paragraph": [paragraph_text(4) + " " + paragraph_text(5)]},
         "paragraph 4 of 'gazette' now reads", "is now paragraphs 4–5"),
        ({"paragraph": [paragraph_text(5)[:60]]},
         "paragraph 4 of 'gazette' now reads", "is now part of paragraph 5"),
        ({"paragraph": ["A paragraph no reader finds."]},
         "paragraph 4 of 'gazette' now reads", "is no longer a paragraph of it"),
        ({"paragraphs": [second, paragraph_text(3, "sources/one-per-line.txt")]},
         "paragraphs 1–2 of 'lines' now read", "is now paragraphs 2–3")]
    for recorded, begins, ends in cases:
        last_build(project, **recorded)
        [(_, warning)] = notes_of(project.run("check", "memo.yaml"))
        assert warning.partition(": ")[2].startswith(begins) and warning.endswith(
            f"the text you selected before {ends}"), warning


def test_no_word_when_the_text_or_the_source_changed_or_the_selector(project):
    """Only a source read otherwise is said: not a source whose bytes changed since (the
    analyst's own edit), nor a selector changed since, nor a paragraph that reads the
    same with other spacing, nor a manifest of another spec."""
    manifest = last_build(project, paragraph=[paragraph_text(5)])
    manifest["sources"]["gazette"]["sha256"] = "0" * 64
    (project.output / "memo.json").write_text(json.dumps(manifest))
    assert notes_of(project.run("check", "memo.yaml")) == []
    manifest = last_build(project, paragraph=[paragraph_text(5)])
    entry = next(p for p in manifest["passages"] if p["selector"].get("paragraph") == 4)
    entry["selector"]["paragraph"] = 3
    (project.output / "memo.json").write_text(json.dumps(manifest))
    assert notes_of(project.run("check", "memo.yaml")) == []
    last_build(project, paragraph=["  ".join(paragraph_text(4).split(" "))])
    assert notes_of(project.run("check", "memo.yaml")) == []
    manifest = last_build(project, paragraph=[paragraph_text(5)])
    manifest["spec"]["path"] = str(project.root / "other.yaml")
    (project.output / "memo.json").write_text(json.dumps(manifest))
    assert notes_of(project.run("check", "memo.yaml")) == []
    (project.output / "memo.json").write_text("{not json")
    assert notes_of(project.run("check", "memo.yaml")) == []


def test_the_last_build_is_looked_for_in_the_build_s_output_folder(project):
    """`brief build --output FOLDER` reads its last manifest there (the library's
    `check(..., output=FOLDER)`), and nowhere else."""
    last_build(project, paragraph=[paragraph_text(5)])
    elsewhere = project.root / "elsewhere"
    (project.output / "memo.json").rename(elsewhere.mkdir() or elsewhere / "memo.json")
    spec = project.root / "memo.yaml"
    assert not [w for w in brief.check(spec).warnings if "last build" in w.message]
    [moved] = [w for w in brief.check(spec, output=elsewhere).warnings
               if "last build" in w.message]
    assert moved.message.endswith("the text you selected before is now paragraph 5")
