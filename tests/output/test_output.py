"""Stage 6: output is written whole or not at all, where and in the formats asked for."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from conftest import flat, pdf_pages


@pytest.mark.slow
@pytest.mark.e2e
def test_build_writes_pdf_and_docx_into_output(project):
    result = project.run("build", project.spec())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "memo.yaml: 3 passages verified in 2 sources"
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "its costs were not known" in text
    assert "First line paragraph about Minsk. Second line paragraph about Moscow." in text
    # The memo cites in footnotes, at the foot of the page.
    assert "1. Example 2024, ¶4. 2. Example 2024, ¶4. 3. One & Two 2023, ¶1–2." in text


@pytest.mark.slow
@pytest.mark.e2e
def test_failed_build_leaves_earlier_output_untouched(project):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    before = project.files()
    mtimes = {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()}
    # One word of one quote changed: the build must fail and write nothing.
    text = spec.read_text(encoding="utf-8").replace("its costs were not known",
                                                    "its costs were not clear")
    spec.write_text(text, encoding="utf-8")
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "quote not found in source 'gazette'" in result.stderr
    assert result.stderr.endswith("brief build: failed (1 problem); no files were written\n")
    assert project.files() == before  # same names, same bytes: no temporary files left
    assert {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()} == mtimes


@pytest.mark.e2e
def test_format_and_output_folder_options(project):
    result = project.run("build", project.spec(), "--format", "pdf", "-o", "out/memos")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (project.root / "out" / "memos").iterdir()) == [
        "memo.json", "memo.pdf"]
    assert not project.output.exists()


@pytest.mark.e2e
def test_unknown_format_is_a_usage_error(project):
    result = project.run("build", project.spec(), "--format", "pdf,odt")
    assert result.exit_code == 2
    assert "invalid value for '-f' / '--format': unknown format 'odt'; choose from pdf, " \
        "docx, html (comma-separated)" in result.stderr
    assert not project.output.exists()


@pytest.mark.e2e
def test_output_folder_that_is_a_file(project):
    (project.root / "taken").write_text("a file, not a folder")
    result = project.run("build", project.spec(), "-o", "taken")
    assert result.exit_code == 2
    assert "error: invalid value for '-o' / '--output': Directory 'taken' is a file." \
        in result.stderr
    result = project.run("build", project.spec(), "-o", "taken/memos")
    assert result.exit_code == 1
    assert result.stderr == (
        "taken/memos: error: cannot create output folder taken/memos: Not a directory\n"
        "brief build: failed (1 problem); no files were written\n")
    assert (project.root / "taken").read_text() == "a file, not a folder"


@pytest.mark.e2e
def test_output_files_get_the_usual_permissions(project):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert project.run("build", project.spec(), "-f", "pdf").exit_code == 0
    finally:
        os.umask(old)
    mode = stat.S_IMODE((project.output / "memo.pdf").stat().st_mode)
    assert mode == 0o644  # not the 0600 of a temporary file


@pytest.mark.slow
@pytest.mark.e2e
def test_output_name_from_metadata_made_safe(project):
    spec = project.spec(title='Minsk’s choice: "now" or never?', date="2024-05-01",
                        output_name="{date}-{title}")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    assert sorted(project.files()) == [
        "2024-05-01-Minsks-choice-now-or-never.docx", "2024-05-01-Minsks-choice-now-or-never.json",
        "2024-05-01-Minsks-choice-now-or-never.pdf"]


@pytest.mark.e2e
def test_output_name_with_an_unknown_placeholder(project):
    result = project.run("check", project.spec(output_name="{date}-{subject}"))
    assert result.exit_code == 1
    assert "error: output_name: unknown placeholder '{subject}' in output_name; use {name}, " \
        "{title}, {date} or {marking}" in result.stderr


def test_safe_file_names():
    from brief.spec import safe_file_name

    assert safe_file_name("TLP:AMBER / Café ../x", "memo") == "TLP-AMBER-Cafe-x"
    assert safe_file_name("CON", "memo") == "memo"
    assert safe_file_name("???", "memo") == "memo"
    assert len(safe_file_name("a" * 300, "memo")) == 100


@pytest.mark.slow
@pytest.mark.e2e
def test_one_target_that_cannot_be_replaced_leaves_the_whole_set_as_it_was(project):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    before = project.files()
    (project.output / "memo.docx").unlink()
    (project.output / "memo.docx").mkdir()  # a folder where a file goes
    del before["memo.docx"]
    result = project.run("build", spec, "--format", "pdf,docx")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "output/memo.docx: error: cannot write output/memo.docx: a folder of that name is in "
        "the way\n"
        "    hint: move or rename the folder, or write elsewhere with --output\n"
        "brief build: failed (1 problem); no files were written\n")
    after = {name: data for name, data in project.files().items() if name != "memo.docx"}
    assert after == before  # the PDF and the manifest of the earlier build, untouched


@pytest.mark.slow
@pytest.mark.e2e
def test_a_move_that_fails_puts_back_the_files_moved_before_it(project, monkeypatch):
    """The targets check out, and the third move fails all the same (a disk error, say):
    the two files moved before it are put back as they were."""
    import brief.output

    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    before = project.files()
    source = project.root / "sources" / "quirks.txt"  # a new build, with other contents
    source.write_text(source.read_text() + "\nA new paragraph at the end.\n")
    moves = []
    real_move = brief.output._move

    def failing_move(src, dst):
        assert str(src).endswith(".brief-tmp")
        moves.append(dst)
        if len(moves) == 3:
            raise OSError(5, "Input/output error")
        return real_move(src, dst)

    # output.py's own step that moves a file into place, not the process-wide os.replace
    monkeypatch.setattr(brief.output, "_move", failing_move)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert "error: cannot write output/memo.json: Input/output error; the files that were " \
        "there before are back in place\n" in result.stderr
    assert project.files() == before
    assert not [p for p in project.output.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
@pytest.mark.e2e
def test_the_next_build_removes_what_a_killed_build_left_and_nothing_else(project):
    """What a build killed while writing left is removed by the next build; a person's
    own hidden files beside the outputs are kept, even where they look like brief's."""
    spec = project.spec()
    project.output.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", "import os, sys\nimport brief.output as output\n"
         "output._write = lambda stream, content: os._exit(9)\n"
         "folder = sys.argv[1]\n"
         "output.write_files({output.Path(folder, 'memo.pdf'): b'new'})\n",
         str(project.output)], capture_output=True, timeout=60)
    assert killed.returncode == 9
    left = sorted(p.name for p in project.output.iterdir())
    assert len(left) == 2 and left[0] == ".brief-journal" \
        and re.fullmatch(r"\.memo\.pdf\.[0-9a-f]{12}\.brief-tmp", left[1]), left
    people_s = [".keep.me", ".notes.20261204.bak", ".draft.txt.abcdefgh.tmp",
                ".memo.pdf.k3j9x_a2.tmp", ".memo.docx.0123456789ab.brief-bak"]
    for name in people_s:
        (project.output / name).write_bytes(b"not brief's")
    assert project.run("build", spec).exit_code == 0
    assert sorted(p.name for p in project.output.iterdir()) == sorted(
        [*people_s, "memo.docx", "memo.json", "memo.pdf"])


# A build in a process of its own that stops at a known point of output.py's write path
# and waits there (until a "go" file appears) for the test to signal it: `write`, half-way
# through writing the second file; `move`, after the first file is moved into place.
_STOPPED_BUILD = """
import sys, time
from pathlib import Path

import brief.output
from brief.cli import main

stop_at, here = sys.argv[1], Path(sys.argv[2])
writes, moves = [], []
real_write, real_move = brief.output._write, brief.output._move


def wait_here():
    here.write_text(stop_at)
    while not here.with_suffix(".go").exists():
        time.sleep(0.01)


def write(stream, content):
    writes.append(content)
    if stop_at == "write" and len(writes) == 2:
        stream.write(content[:len(content) // 2])
        stream.flush()
        wait_here()
    real_write(stream, content)


def move(temp, target):
    real_move(temp, target)
    moves.append(target)
    if stop_at == "move" and len(moves) == 1:
        wait_here()


brief.output._write, brief.output._move = write, move
sys.argv = ["brief", *sys.argv[3:]]
main()
"""


def _stopped_command(project: Any, stop_at: str, *args: str) -> subprocess.Popen[bytes]:
    """`brief ARGS` in a process of its own, waiting at `stop_at` of its first write (see
    `_STOPPED_BUILD`) until the test touches `stopped-at-STOP_AT.go`."""
    here = project.root / f"stopped-at-{stop_at}.txt"
    process = subprocess.Popen([sys.executable, "-c", _STOPPED_BUILD, stop_at, str(here), *args],
                               cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not here.exists():
        if process.poll() is not None:
            stdout, stderr = process.communicate()
            raise AssertionError(f"brief ended (exit {process.returncode}) without reaching "
                                 f"the point '{stop_at}' of its write path: "
                                 f"{stdout.decode()}{stderr.decode()}")
        assert time.monotonic() < deadline, f"brief never reached '{stop_at}'"
        time.sleep(0.02)
    return process


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize(("command", "said"), [
    ("build", "wrote output/memo.pdf"), ("watch", "stopped watching"),
    ("preview", "stopped the preview")])
def test_ctrl_c_while_the_files_are_moved_in_lets_them_all_in_then_stops(project, command,
                                                                         said):
    """Ctrl-C between two moves: the files are all moved in first (the set is the new one,
    whole); a build is then done (exit 0), and a watch or a preview stops there, as it
    would at any other moment, instead of running on as if no key had been pressed."""
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    earlier = project.files()
    source = project.root / "sources" / "quirks.txt"  # the next build makes other bytes
    source.write_text(source.read_text() + "\nA new paragraph at the end.\n")
    args = {"build": ("--force",), "watch": (), "preview": ("--no-browser",)}[command]
    process = _stopped_command(project, "move", command, str(spec), *args)
    process.send_signal(signal.SIGINT)
    time.sleep(0.2)  # the signal is received (and held) while the build waits
    (project.root / "stopped-at-move.go").touch()
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(f"`brief {command}` ran on after Ctrl-C") from None
    assert process.returncode == 0, stderr.decode()
    assert said in (stdout + stderr).decode()
    new = {name: data for name, data in project.files().items() if not name.startswith(".")}
    assert sorted(new) == sorted(earlier)
    assert all(new[name] != earlier[name] for name in new), "not the new set, whole"


@pytest.mark.slow
@pytest.mark.e2e
def test_ctrl_c_while_a_watch_writes_its_first_spec_builds_no_other(project):
    """`brief watch a.yaml b.yaml`: Ctrl-C while a's files are moved in: a's are all in,
    b is not built, and the watch stops."""
    specs = [str(project.spec(name)) for name in ("a", "b")]
    process = _stopped_command(project, "move", "watch", *specs)
    process.send_signal(signal.SIGINT)
    time.sleep(0.2)
    (project.root / "stopped-at-move.go").touch()
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("`brief watch` ran on after Ctrl-C") from None
    assert process.returncode == 0, stderr.decode()
    assert "stopped watching" in stderr.decode()
    assert sorted(p.name for p in project.output.iterdir() if not p.name.startswith(".")) \
        == ["a.docx", "a.json", "a.pdf"]


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize(("jobs", "built"), [("2", ["a", "b"]), ("1", ["a"])])
def test_ctrl_c_in_a_batch_lets_the_memos_under_way_finish_and_starts_no_other(project,
                                                                               jobs, built):
    """Ctrl-C while the first memos are being written, and Ctrl-C again: those finish (two
    at a time with `-j 2`; the one with `-j 1`) and are counted, no other is begun, and
    the summary says so, exit 130."""
    specs = [str(project.spec(name)) for name in ("a", "b", "c", "d")]
    process = _stopped_command(project, "move", "build", *specs, "-j", jobs)
    for _ in range(2):  # people press it twice
        process.send_signal(signal.SIGINT)
        time.sleep(0.2)  # the signal is received while the first build waits
    (project.root / "stopped-at-move.go").touch()
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()
    lines = stdout.decode().splitlines()
    assert sorted(line.split(":")[0] for line in lines[:-1]) == [f"{n}.yaml" for n in built]
    assert re.fullmatch(rf"4 specs: {len(built)} built, 0 unchanged, 0 failed, "
                        rf"{4 - len(built)} not built: interrupted \(\d+\.\d s.*\)",
                        lines[-1]), lines[-1]
    assert "no files were written" not in stderr.decode()
    if jobs == "2":
        assert "brief: stopping once the 2 memos being built are written (none is left " \
            "half-written); no other is begun, and Ctrl-C again changes nothing" in \
            stderr.decode().splitlines()
    assert sorted(p.name for p in project.output.iterdir() if not p.name.startswith(".")) \
        == sorted(f"{n}.{kind}" for n in built for kind in ("docx", "json", "pdf"))


# `brief ARGS` whose pool worker dies (as the out-of-memory killer would end it) as it
# moves the first file of memo `b` into place.
_DYING_WORKER = """
import os, sys
import brief.output
from brief.cli import main

real_move = brief.output._move


def move(temp, target):
    if target.name.startswith("b."):
        os._exit(9)
    real_move(temp, target)


brief.output._move = move
sys.argv = ["brief", *sys.argv[1:]]
main()
"""


@pytest.mark.slow
@pytest.mark.e2e
def test_a_worker_that_dies_fails_its_memo_and_the_batch_goes_on(project):
    """The memo whose worker died (and any the broken pool was building beside it) is
    one failure, said as such; the specs not yet begun are built in a new pool."""
    names = ("a", "b", "c", "d", "e")
    specs = [str(project.spec(name)) for name in names]
    result = subprocess.run([sys.executable, "-c", _DYING_WORKER, "build", *specs, "-j", "2"],
                            cwd=project.root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    failed = {line.split(":")[0] for line in result.stderr.splitlines()
              if line.endswith("failed (1 problem); its files may not have been written")}
    assert "b.yaml" in failed and len(failed) <= 2  # b, and perhaps the one beside it
    assert ("b.yaml: error: the process building it stopped abruptly (it may have run out "
            "of memory, or been killed)") in result.stderr.splitlines()
    built = {line.split(":")[0] for line in result.stdout.splitlines()
             if "passages verified; wrote" in line}
    # Every other spec built: those begun after b died, in a new pool.
    assert built == {f"{n}.yaml" for n in names} - failed
    assert result.stdout.splitlines()[-1].startswith(
        f"5 specs: {len(built)} built, 0 unchanged, {len(failed)} failed (")


@pytest.mark.slow
@pytest.mark.e2e
def test_a_build_killed_at_any_moment_leaves_a_whole_set(project):
    """A build killed (SIGKILL: nothing can defer it) half-way through writing its files
    leaves the earlier set whole; a build asked to terminate (SIGTERM) between two moves
    finishes the moves first, and leaves the new set whole; the next build removes any
    temporary files."""
    import hashlib
    import json

    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    earlier = project.files()
    source = project.root / "sources" / "quirks.txt"  # the next builds make other bytes
    source.write_text(source.read_text() + "\nA new paragraph at the end.\n")

    def consistent() -> bool:
        manifest = json.loads((project.output / "memo.json").read_text())
        return all(hashlib.sha256((project.output / name).read_bytes()).hexdigest() == digest
                   for name, digest in manifest["outputs"].items())

    def stopped_build(stop_at: str) -> subprocess.Popen[bytes]:
        return _stopped_command(project, stop_at, "build", str(spec), "--force")

    # Killed in the middle of writing the second file: the earlier set, byte for byte.
    process = stopped_build("write")
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    visible = {name: data for name, data in project.files().items() if not name.startswith(".")}
    assert visible == earlier, "a build killed while writing changed the earlier files"
    assert consistent(), "a mixed set after a kill while writing"
    assert [p for p in project.output.iterdir() if p.name.endswith(".brief-tmp")], \
        "the build was not killed inside the write path (it left no temporary file)"

    # Asked to terminate after the first of three moves: it moves the other two first.
    process = stopped_build("move")
    process.send_signal(signal.SIGTERM)
    time.sleep(0.2)  # the signal is received (and held) while the build waits
    (project.root / "stopped-at-move.go").touch()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGTERM  # it acts on the signal once all are in
    new = {name: data for name, data in project.files().items() if not name.startswith(".")}
    assert sorted(new) == sorted(earlier)
    assert all(new[name] != earlier[name] for name in new), "not the new set, whole"
    assert consistent(), "a mixed set after a terminate signal between two moves"

    assert project.run("build", spec, "--force").exit_code == 0
    assert not [p for p in project.output.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
@pytest.mark.e2e
def test_a_build_removes_what_the_last_build_wrote_and_this_one_does_not(project):
    """`-f docx,html`, then `-f docx`: the web page the first build wrote (its manifest
    lists it) goes, and the build says so; a person's own file stays, and so does an output
    changed since the build that wrote it."""
    spec = project.spec()
    assert project.run("build", spec, "--format", "docx,html").exit_code == 0
    (project.output / "mine.html").write_text("my own page", encoding="utf-8")
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert "removed output/memo.html (the last build's, not built this time)" in result.stdout
    assert sorted(project.files()) == ["memo.docx", "memo.json", "mine.html"]
    assert project.run("build", spec, "--format", "docx,html").exit_code == 0
    (project.output / "memo.html").write_text("edited by hand", encoding="utf-8")
    result = project.run("build", spec, "--format", "docx")
    assert "removed" not in result.stdout and "mine.html" not in result.stdout
    assert "kept output/memo.html (the last build's, not built this time: changed since " \
        "it was written)" in result.stdout.splitlines()
    assert (project.output / "memo.html").read_text(encoding="utf-8") == "edited by hand"
