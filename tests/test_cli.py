"""The command line: documented commands, exit codes, and never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from brief import __version__
from brief.cli import cli
from conftest import REPO

pytestmark = pytest.mark.e2e


def test_every_command_is_documented_in_the_readme(project):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    help_text = project.run("--help").stdout
    commands = re.findall(r"^  (\w+)\s", help_text.split("Commands:")[1], re.MULTILINE)
    assert sorted(commands) == sorted(cli.commands)
    for command in commands:
        assert f"brief {command}" in readme, command
        for param in cli.commands[command].params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in readme, f"brief {command} {option}"


def test_version(project):
    assert project.run("--version").stdout == f"brief, version {__version__}\n"


def test_missing_argument_is_a_usage_error(project):
    result = project.run("build")
    assert result.exit_code == 2
    # In brief's form, as every other message (not click's "Error: Missing argument").
    assert result.stderr == (
        "error: missing argument 'SPECS...'.\n"
        "    hint: usage: brief build [OPTIONS] SPECS...; `brief build -h` lists its options\n")


def test_check_reports_every_problem_in_every_spec(project):
    good = project.spec("good")
    bad = project.spec("bad", sections=[{"title": "R", "kind": "risks", "points": [
        {"text": "x", "passages": [{"source": "gazette", "quote": "nowhere to be seen"},
                                   {"source": "lines", "paragraph": 7}]}]}])
    result = project.run("check", good, bad)
    assert result.exit_code == 1
    assert result.stdout == ("good.yaml: OK, 3 passages verified in 2 sources\n"
                             "bad.yaml: failed (2 problems)\n"
                             "2 specs checked: 1 OK (1 with warnings), 1 with errors\n")
    assert "bad.yaml:" in result.stderr
    assert "quote not found in source 'gazette'" in result.stderr
    assert "source 'lines' has 3 paragraphs; there is no paragraph 7" in result.stderr
    assert result.stderr.endswith("brief check: failed (2 problems)\n")
    assert "Traceback" not in result.stderr


def test_check_prints_each_specs_problems_before_the_summary_line_last(project):
    good = project.spec("good")
    bad = project.spec("bad", sections=[{"title": "R", "kind": "risks", "points": [
        {"text": "x", "passages": [{"source": "gazette", "quote": "nowhere to be seen"}]}]}])
    # stdout and stderr as a terminal shows them, interleaved.
    result = CliRunner().invoke(cli, ["check", str(bad), str(good)], prog_name="brief")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    error = next(i for i, line in enumerate(lines) if "quote not found" in line)
    assert lines[error].startswith("bad.yaml:")
    assert error < lines.index("bad.yaml: failed (1 problem)") \
        < lines.index("good.yaml: OK, 3 passages verified in 2 sources")
    assert lines[-2:] == ["brief check: failed (1 problem)",
                          "2 specs checked: 1 OK (1 with warnings), 1 with errors"]


def test_python_dash_m_brief(project):
    result = subprocess.run([sys.executable, "-m", "brief", "check", str(project.spec())],
                            capture_output=True, text=True, cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "memo.yaml: OK, 3 passages verified in 2 sources\n"


@pytest.mark.slow
def test_help_and_check_do_not_import_the_renderers(project):
    """`brief --help` and `brief check` stay fast: WeasyPrint and python-docx load lazily."""
    code = (
        "import sys; from brief.cli import main; sys.argv = ['brief', 'check', 'memo.yaml'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))")
    project.spec()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=project.root)
    assert result.stdout.splitlines()[-1] == "[]", result.stderr


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(project):
    """`brief sources FILE | head`: no traceback, no "internal error", the status of a
    command stopped by SIGPIPE."""
    shell = (f"{sys.executable} -m brief sources sources/gazette.txt | head -c 10;"
             " echo \" ${PIPESTATUS[0]}\"")
    big = project.root / "sources" / "gazette.txt"
    big.write_text("A paragraph of the gazette, long enough.\n\n" * 20000, encoding="utf-8")
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True,
                            cwd=project.root, check=True)
    assert result.stderr == ""
    assert result.stdout.endswith(" 141\n")
