"""Messages about the library's entries: each at the line of the key that gave the value,
with the paths as the file that names them writes them."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import Project

LIBRARY = """\
gazette-2024:
  file: sources/captured/gazette/2026-12-05T063835Z.txt
  title: The Quirks Gazette
  reliability: B
"""


def _project(project: Project, library: str = LIBRARY, **entry: object) -> Path:
    folder = project.root / "sources" / "captured" / "gazette"
    folder.mkdir(parents=True, exist_ok=True)
    source = (project.root / "sources" / "quirks.txt").read_text(encoding="utf-8")
    (folder / "2026-12-05T063835Z.txt").write_text(source, encoding="utf-8")
    (project.root / "sources.yaml").write_text(library, encoding="utf-8")
    (project.root / "briefings").mkdir(exist_ok=True)
    data = yaml.safe_load(yaml.safe_dump(project.minimal))
    for section in data["sections"]:
        for point in section["points"]:
            for passage in point["passages"]:
                passage["source"] = "gazette-2024"
    data["sources"] = {"gazette-2024": entry} if entry else ["gazette-2024"]
    path = project.root / "briefings" / "memo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_a_snapshot_the_spec_names_is_reported_at_the_specs_line(project, monkeypatch):
    path = _project(project, snapshot="2026-12-09T000000Z")
    monkeypatch.chdir(project.root)
    result = project.run("check", "briefings/memo.yaml")
    assert result.exit_code == 1
    line = _line(path, "snapshot:")
    assert (f"briefings/memo.yaml:{line}:15: error: sources.gazette-2024.snapshot: no "
            "snapshot 2026-12-09T000000Z in gazette/, the folder of "
            "sources/captured/gazette/2026-12-05T063835Z.txt") in result.stderr
    assert "sources.yaml:" not in result.stderr
    path = _project(project, snapshot="2026-12-09")
    result = project.run("check", "briefings/memo.yaml")
    assert f"briefings/memo.yaml:{line}:15: error: sources.gazette-2024.snapshot: " \
        "snapshot '2026-12-09' is not the name of a capture" in result.stderr


def test_a_snapshot_the_library_names_is_reported_at_the_librarys_line(project,
                                                                        monkeypatch):
    _project(project, LIBRARY + "  snapshot: 2026-12-09T000000Z\n")
    monkeypatch.chdir(project.root)
    result = project.run("check", "briefings/memo.yaml")
    assert result.exit_code == 1
    assert ("sources.yaml:5:13: error: gazette-2024.snapshot: no snapshot "
            "2026-12-09T000000Z in gazette/") in result.stderr


def test_a_library_entry_without_its_file_is_reported_once(project, monkeypatch):
    _project(project, LIBRARY.replace(
        "  file: sources/captured/gazette/2026-12-05T063835Z.txt\n", ""))
    monkeypatch.chdir(project.root)
    result = project.run("check", "briefings/memo.yaml")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["sources.yaml:1:1: error: gazette-2024: missing required key 'file': "
                      "the library's source 'gazette-2024' needs the path of its file, "
                      "relative to the library"]


def test_a_library_file_outside_the_project_is_given_as_the_library_writes_it(
        project, monkeypatch):
    _project(project, LIBRARY.replace(
        "sources/captured/gazette/2026-12-05T063835Z.txt", "../outside.txt"))
    (project.root.parent / "outside.txt").write_text("Far away.\n", encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = project.run("check", "briefings/memo.yaml")
    assert result.exit_code == 1
    assert "error: gazette-2024.file: the source file ../outside.txt is outside the " \
        "project" in result.stderr
    assert ("hint: copy the file into the project (its sources/ folder, say) and give "
            "that path as `file:` in sources.yaml") in result.stderr
    assert "Zotero" not in result.stderr


def test_a_library_entry_without_a_title_is_told_to_get_one_in_the_library(
        project, monkeypatch):
    _project(project, LIBRARY.replace("  title: The Quirks Gazette\n", ""))
    monkeypatch.chdir(project.root)
    result = project.run("check", "briefings/memo.yaml")
    assert result.exit_code == 1
    assert "hint: add `title:` under 'gazette-2024' in the library, sources.yaml" \
        in result.stderr
