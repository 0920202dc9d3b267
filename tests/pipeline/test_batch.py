"""`brief build` of many specs or a folder: in parallel, one line per spec and one for all,
unchanged specs skipped by their manifest, a failing spec failing alone."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from conftest import pdf_pages

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(r"^(\d+) specs: (\d+) built, (\d+) unchanged, (\d+) failed \([\d.]+ s"
                     r"(, [\d.]+ memos/s)?\)$")


def summary(stdout: str) -> tuple[int, ...]:
    match = SUMMARY.match(stdout.splitlines()[-1])
    assert match, stdout
    return tuple(int(n) for n in match.groups()[:4])


def three_specs(project):
    project.spec("alpha", title="Alpha memo")
    project.spec("beta", title="Beta memo")
    project.spec("broken", sections=[{"title": "R", "kind": "risks", "points": [
        {"text": "x", "passages": [{"source": "gazette", "quote": "nowhere to be seen"}]}]}])


@pytest.mark.slow
def test_a_folder_is_built_in_parallel_and_one_failure_stops_no_other(project):
    three_specs(project)
    result = project.run("build", project.root)
    assert result.exit_code == 1
    assert summary(result.stdout) == (3, 2, 0, 1)
    lines = sorted(result.stdout.splitlines()[:-1])
    assert lines[0].startswith("alpha.yaml: 3 passages verified; wrote output/alpha.pdf, "
                               "output/alpha.docx, output/alpha.json (")
    assert lines[1].startswith("beta.yaml: 3 passages verified; wrote output/beta.pdf, ")
    assert "broken.yaml:32:14: error: sections[0].points[0].passages[0].quote: quote not " \
        "found in source 'gazette'" in result.stderr
    assert "broken.yaml: failed (1 problem); no files were written" in \
        result.stderr.splitlines()
    assert "\r" not in result.stderr  # no progress bar when standard error is not a terminal
    assert sorted(project.files()) == ["alpha.docx", "alpha.json", "alpha.pdf", "beta.docx",
                                       "beta.json", "beta.pdf"]
    assert "Alpha memo" in pdf_pages(project.output / "alpha.pdf")[0]
    assert "Beta memo" in pdf_pages(project.output / "beta.pdf")[0]


@pytest.mark.slow
def test_unchanged_specs_are_skipped_until_an_input_changes(project):
    three_specs(project)
    project.run("build", project.root)
    built = project.files()
    again = project.run("build", project.root)
    assert summary(again.stdout) == (3, 0, 2, 1)
    assert "alpha.yaml: unchanged since output/alpha.json; not built again (--force " \
        "rebuilds)" in again.stdout.splitlines()
    assert project.files() == built

    # A source both specs read changes: both are built again.
    with (project.root / "sources" / "one-per-line.txt").open("a", encoding="utf-8") as f:
        f.write("\nA line added.\n")
    assert summary(project.run("build", project.root).stdout) == (3, 2, 0, 1)
    # A template of the project's own appears where the spec would find it.
    project.template("memo", "description: ours\n")
    assert summary(project.run("build", project.root).stdout) == (3, 2, 0, 1)
    assert summary(project.run("build", project.root).stdout) == (3, 0, 2, 1)
    # An output edited or removed since is written again.
    (project.output / "alpha.pdf").write_bytes(b"%PDF-1.7 edited")
    (project.output / "beta.docx").unlink()
    assert summary(project.run("build", project.root).stdout) == (3, 2, 0, 1)
    # --force builds what is unchanged; other options are another build.
    assert summary(project.run("build", project.root, "--force").stdout) == (3, 2, 0, 1)
    assert summary(project.run("build", project.root, "-f", "pdf").stdout) == (3, 2, 0, 1)


@pytest.mark.slow
def test_one_unchanged_spec_says_so(project):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    result = project.run("build", spec)
    assert result.exit_code == 0
    assert result.stdout == "memo.yaml: unchanged since output/memo.json; not built again " \
        "(--force rebuilds)\n"
    forced = project.run("build", spec, "--force")
    assert "wrote output/memo.pdf" in forced.stdout


@pytest.mark.slow
def test_several_specs_are_named_or_a_folder_with_none_is_refused(project):
    three_specs(project)
    result = project.run("build", "alpha.yaml", "beta.yaml", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (2, 2, 0, 0)
    (project.root / "empty").mkdir()
    refused = project.run("build", "empty")
    assert refused.exit_code == 1
    assert refused.stderr == ("error: empty holds no specs (.yaml files)\n"
                              "    hint: name a spec, or the folder that holds them "
                              "(briefings/, say)\n"
                              "brief build: failed (1 problem); no files were written\n")


def test_check_takes_a_folder(project):
    three_specs(project)
    result = project.run("check", project.root)
    assert result.exit_code == 1
    assert "alpha.yaml: OK, 3 passages verified in 2 sources" in result.stdout
    assert "beta.yaml: OK, 3 passages verified in 2 sources" in result.stdout
    assert "broken.yaml:32:14: error:" in result.stderr
    # A line for them all, last (the minimal spec has warnings of its own).
    assert result.stdout.splitlines()[-1] == \
        "3 specs checked: 2 OK (2 with warnings), 1 with errors"
    strict = project.run("check", project.root, "--strict")
    assert strict.stdout.splitlines()[-1] == "3 specs checked: 0 OK, 3 with errors"
    assert "broken.yaml: failed (5 problems)" in strict.stdout.splitlines()
    (project.root / "broken.yaml").unlink()
    assert project.run("check", "alpha.yaml", "beta.yaml").stdout.splitlines()[-1] == \
        "2 specs checked: 2 OK (2 with warnings), 0 with errors"
    # One spec named alone: its own line says it all.
    assert project.run("check", "alpha.yaml").stdout == \
        "alpha.yaml: OK, 3 passages verified in 2 sources\n"


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal(project):
    project.spec("alpha")
    project.spec("beta")
    leader, follower = pty.openpty()
    environment = {**os.environ, "COLUMNS": "100"}
    process = subprocess.Popen([sys.executable, "-m", "brief", "build", "."],
                               cwd=project.root, stdout=subprocess.PIPE, stderr=follower,
                               env=environment)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: brief has ended
            break
        if not chunk:
            break
        shown += chunk
    out, _ = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 0
    terminal = shown.decode()
    assert "building" in terminal and "2/2" in terminal
    assert summary(out.decode()) == (2, 2, 0, 0)


@pytest.mark.e2e
def test_two_specs_that_would_write_the_same_files_are_refused_before_building(project):
    folder = project.root / "briefings"
    folder.mkdir()
    first = project.spec(output_name="weekly")
    second = project.spec(name="other", output_name="weekly")
    for spec in (first, second):
        spec.rename(folder / spec.name)
    result = project.run("build", folder)
    assert result.exit_code == 1
    assert result.stderr == (
        "briefings/other.yaml: error: briefings/memo.yaml and briefings/other.yaml both write "
        "output/weekly.pdf (and the other files of that name): one would overwrite the other\n"
        "    hint: give each spec its own `output_name`, or build them into different folders "
        "with -o\n"
        "brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.e2e
def test_two_specs_of_one_file_name_in_two_folders_are_refused_before_building(project):
    """Neither names `output_name`: each is named after its file without being read as
    YAML (`batch._quick_stem`), and the two names are the same."""
    for folder in ("east", "west"):
        (project.root / folder).mkdir()
        project.spec().rename(project.root / folder / "weekly.yaml")
    result = project.run("build", project.root / "east", project.root / "west")
    assert result.exit_code == 1
    assert result.stderr == (
        "west/weekly.yaml: error: east/weekly.yaml and west/weekly.yaml both write "
        "output/weekly.pdf (and the other files of that name): one would overwrite the other\n"
        "    hint: give each spec its own `output_name`, or build them into different folders "
        "with -o\n"
        "brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.slow
def test_a_spec_that_is_not_yaml_shares_its_name_with_no_other(project):
    """A file of the same name that is not a spec at all is left to its own build, which
    fails alone: the good spec of that name is built."""
    (project.root / "west").mkdir()
    good = project.spec("weekly")
    (project.root / "west" / "weekly.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = project.run("build", good, project.root / "west")
    assert result.exit_code == 1
    assert summary(result.stdout) == (2, 1, 0, 1)
    assert "west/weekly.yaml" in result.stderr and "both write" not in result.stderr
    assert (project.output / "weekly.pdf").exists()
