"""`brief check` across the memos of a project (two grades of one source), and `brief
sources --library` (the library, and where each source is cited)."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import Project
from sources.test_library import LIBRARY, library_spec


@pytest.fixture
def library(project: Project):
    path = project.root / "sources.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def passage_line(path, line: int) -> int:
    """The line where the passage holding `line` starts (its `- `)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n in range(line, 0, -1) if lines[n - 1].lstrip().startswith("- "))


@pytest.mark.e2e
@pytest.mark.slow
def test_check_warns_where_two_memos_grade_one_file_differently(project, library):
    """The library grades the gazette B; a spec grading the same file (under its own id)
    C is told so, with both places, and so is the memo citing the library: in a check of
    both, once."""
    by_library = library_spec(project, "by-library")
    own = project.spec("own", sources={"gazette": {"reliability": "C"}})
    result = project.run("check", by_library, own)
    assert result.exit_code == 0, result.stderr
    own_line = line_of(own, "reliability: C")
    assert ("sources.yaml:8:16: warning: gazette-2024.reliability: source 'gazette-2024' "
            f"is graded B here, and 'gazette' is graded C in own.yaml:{own_line}: the same "
            "file") in result.stderr
    assert result.stderr.count("here, and") == 1
    alone = project.run("check", own)
    assert (f"own.yaml:{own_line}:18: warning: sources.gazette.reliability: source "
            "'gazette' is graded C here, and 'gazette-2024' is graded B in by-library.yaml "
            "(from sources.yaml:8): the same file (SHA-256 ") in alone.stderr
    assert "2 specs checked: 2 OK" in result.stdout


def test_check_of_one_spec_compares_it_with_the_projects_other_memos(project, library):
    library_spec(project, "by-library")
    own = project.spec("own", sources={"gazette": {"reliability": "C"}})
    result = project.run("check", own)
    assert result.exit_code == 0
    assert "'gazette-2024' is graded B in by-library.yaml (from sources.yaml:8)" \
        in result.stderr


def test_an_override_is_placed_at_the_specs_line(project, library):
    over = library_spec(project, "over", sources={"gazette-2024": {"reliability": "A"}})
    library_spec(project, "plain")
    result = project.run("check", over)
    line = line_of(over, "reliability: A")
    assert (f"over.yaml:{line}:18: warning: sources.gazette-2024.reliability: source "
            "'gazette-2024' is graded A here, and 'gazette-2024' is graded B in plain.yaml "
            "(from sources.yaml:8)") in result.stderr


def test_memos_that_agree_are_not_warned(project, library):
    library_spec(project, "one")
    two = library_spec(project, "two")
    result = project.run("check", two)
    assert result.exit_code == 0
    assert "is graded" not in result.stderr


def test_the_same_address_is_the_same_source(project):
    data = yaml.safe_load(project.spec().read_text(encoding="utf-8"))
    data["sources"]["gazette"]["url"] = "https://example.org/gazette"
    data["sources"]["gazette"]["reliability"] = "A"
    first = project.spec("first", yaml.safe_dump(data))
    data["sources"]["gazette"]["reliability"] = "E"
    data["sources"]["gazette"]["file"] = "sources/enc-utf8.txt"
    data["sections"] = data["sections"][2:]
    project.spec("second", yaml.safe_dump(data))
    result = project.run("check", first)
    assert ("'gazette' is graded E in second.yaml:" in result.stderr
            and "the same address (https://example.org/gazette)" in result.stderr)


def test_sources_library_lists_each_source_and_where_it_is_cited(project, library):
    library_spec(project, "memo")
    result = project.run("sources", "--library")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# the source library: sources.yaml, 2 sources"
    assert "gazette-2024 [B]: The Quirks Gazette" in lines
    assert "  assessment: A local paper, usually right." in lines
    path = project.root / "memo.yaml"
    first, second = (passage_line(path, n) for n, text in
                     enumerate(path.read_text().splitlines(), 1)
                     if "source: gazette-2024" in text)
    assert f"  cited by memo.yaml (2 places), lines {first}, {second}\n" in result.stdout
    data = json.loads(project.run("sources", "--library", "--json").stdout)
    lines_entry = data["sources"][1]
    assert (lines_entry["id"], lines_entry["reliability"], lines_entry["file"],
            lines_entry["file_found"]) == ("lines-2023", "D", "sources/one-per-line.txt", True)
    third = passage_line(path, line_of(path, "source: lines-2023"))
    assert lines_entry["cited_by"] == [
        {"spec": "memo.yaml", "key_paths": ["sections[2].points[0].passages[0]"],
         "places": [f"memo.yaml:{third} sections[2].points[0].passages[0]"]}]


def test_sources_library_shows_each_memos_grade_snapshot_and_own_id(project, library):
    """A memo's own grade, the snapshot it quotes, and a memo citing the library's file
    under its own id are listed under the library's source."""
    over = library_spec(project, "over", sources={"gazette-2024": {
        "reliability": "C", "snapshot": "2026-12-05T063835Z", "accessed": "2026-12-06"}})
    project.spec("own", sources={"gazette": {"reliability": "C"}})
    result = project.run("sources", "--library")
    assert result.exit_code == 0, result.stderr
    grade = line_of(over, "reliability: C")
    entry = line_of(over, "gazette-2024:")
    assert f"  cited by over.yaml (3 places), lines {entry}, " in result.stdout
    assert (f"    graded C there (over.yaml:{grade}); quotes the snapshot "
            "2026-12-05T063835Z; accessed 2026-12-06\n") in result.stdout
    own = project.root / "own.yaml"
    assert "  cited by own.yaml as 'gazette' (3 places), lines " in result.stdout
    assert "    graded C there (own.yaml:15); 'gazette' is the same file (SHA-256 " \
        in result.stdout
    assert f"lines {line_of(own, 'gazette:')}, " in result.stdout
    data = json.loads(project.run("sources", "--library", "--json").stdout)
    uses = data["sources"][0]["cited_by"]
    assert uses[0]["places"][0] == f"over.yaml:{entry} sources.gazette-2024"
    assert [(u["spec"], u.get("as"), u.get("reliability"), u.get("snapshot"))
            for u in uses] == [("over.yaml", None, "C", "2026-12-05T063835Z"),
                               ("own.yaml", "gazette", "C", None)]


def test_sources_library_without_a_library_says_so(project):
    result = project.run("sources", "--library")
    assert result.exit_code == 1
    assert "error: the project (.) keeps no source library" in result.stderr


def test_sources_without_a_path_or_library_is_a_usage_error(project):
    result = project.run("sources")
    assert result.exit_code == 2
    assert "missing argument 'PATH'" in result.stderr


def test_with_strict_a_grading_conflict_is_an_error():
    from brief.cli.building import _with_conflicts
    from brief.errors import BriefErrors, BriefWarning, Where

    conflict = BriefWarning("source 'a' is graded B here, and 'b' is graded C in b.yaml:3",
                            Where(None, 1))
    with pytest.raises(BriefErrors) as raised:
        _with_conflicts(None, [conflict], strict=True)  # type: ignore[arg-type]
    assert [p.format() for p in raised.value.problems] == [
        "error: source 'a' is graded B here, and 'b' is graded C in b.yaml:3"]


def test_sources_library_says_which_files_are_missing(project, library):
    library.write_text(LIBRARY.replace("sources/quirks.txt", "sources/gone.txt"))
    result = project.run("sources", "--library")
    assert "  file: sources/gone.txt (not found)\n" in result.stdout
    assert "  file: sources/one-per-line.txt\n" in result.stdout


def test_one_override_is_one_warning_a_spec_and_once_in_a_folder(project, library):
    """Three memos take the library's grade B; one grades the gazette A: its check warns
    once, naming the others; a memo taking the library's grade is warned once, at the
    library's line; a check of them all, once."""
    over = library_spec(project, "over", sources={"gazette-2024": {"reliability": "A"}})
    for name in ("one", "two", "three"):
        library_spec(project, name)
    result = project.run("check", over)
    assert result.stderr.count("here, and") == 1
    line = line_of(over, "reliability: A")
    assert (f"over.yaml:{line}:18: warning: sources.gazette-2024.reliability: source "
            "'gazette-2024' is graded A here, and 'gazette-2024' is graded B in one.yaml "
            "(from sources.yaml:8): the same file (SHA-256 ") in result.stderr
    assert "; so do 2 other memos: three.yaml (from sources.yaml:8), two.yaml (from " \
        "sources.yaml:8)" in result.stderr
    plain = project.run("check", project.root / "two.yaml")
    assert plain.stderr.count("here, and") == 1
    assert ("sources.yaml:8:16: warning: gazette-2024.reliability: source 'gazette-2024' "
            f"is graded B here, and 'gazette-2024' is graded A in over.yaml:{line}") \
        in plain.stderr
    every = project.run("check", *(project.root / f"{name}.yaml" for name in
                                   ("one", "over", "two", "three")))
    assert every.exit_code == 0, every.stderr
    assert every.stderr.count("here, and") == 1


def test_a_check_of_the_projects_folder_leaves_out_the_library(project, library):
    library_spec(project, "one")
    result = project.run("check", project.root)
    assert result.exit_code == 0, result.stderr
    assert "sources.yaml: " not in result.stdout and "top level of the spec" not in \
        result.stderr
