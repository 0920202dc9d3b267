"""`brief watch`: a process of its own, as a user runs it, rebuilding on each save."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import flat, pdf_pages
from red_memo import RED, red_memo

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

REBUILT = re.compile(r"^\d\d:\d\d:\d\d memo\.yaml: rebuilt in \d+\.\d\d s; wrote "
                     r"memo\.pdf, memo\.docx, memo\.json in output/(; \d+ warnings?.*)?$")
BUILT = re.compile(REBUILT.pattern.replace(": rebuilt in", ": built in"))  # the first build


class Watching:
    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brief", "watch", *args], cwd=root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # A queue for each stream: the order of lines between the two is not kept.
        self.lines: dict[str, queue.Queue[str]] = {"stdout": queue.Queue(),
                                                   "stderr": queue.Queue()}
        self.readers = [threading.Thread(target=self._read, args=(name,), daemon=True)
                        for name in ("stdout", "stderr")]
        for reader in self.readers:
            reader.start()

    def _read(self, name: str) -> None:
        for line in getattr(self.process, name):
            self.lines[name].put(line.rstrip("\n"))

    def next(self, name: str, pattern: str, timeout: float = 30) -> str:
        """The next line on `name` (stdout or stderr) that holds `pattern`; the lines of
        that stream before it are passed over."""
        seen = []
        while True:
            try:
                line = self.lines[name].get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line with {pattern!r} on {name}; saw {seen}") from None
            seen.append(line)
            if pattern in line:
                return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)

    def rest(self, name: str) -> list[str]:
        """The lines on `name` not yet taken by `next`, once the process has ended."""
        for reader in self.readers:
            reader.join(timeout=20)
        lines = []
        while not self.lines[name].empty():
            lines.append(self.lines[name].get())
        return lines


def test_watch_rebuilds_on_each_save_and_stops_on_ctrl_c(project):
    spec = project.spec()
    watching = Watching(project.root, "memo.yaml")
    try:
        assert BUILT.match(watching.next("stdout", "built in"))
        assert watching.next("stdout", "watching") == (
            "watching 1 spec and its sources and templates; Ctrl-C stops")
        # A file the spec does not read changes: nothing happens; then the spec is saved.
        (project.root / "notes.txt").write_text("not a source", encoding="utf-8")
        project.spec(title="Test memo, revised")
        line = watching.next("stdout", "memo.yaml")
        assert REBUILT.match(line), line
        assert "Test memo, revised" in pdf_pages(project.output / "memo.pdf")[0]

        # A source is saved: the memo is built again.
        with (project.root / "sources" / "quirks.txt").open("a", encoding="utf-8") as f:
            f.write("\nA paragraph added at the end.\n")
        assert REBUILT.match(watching.next("stdout", "memo.yaml"))

        # A broken quote: the problem as `brief check` prints it; the outputs stay.
        before = project.files()
        project.spec(sections=[{"title": "R", "kind": "risks", "points": [
            {"text": "x", "passages": [{"source": "gazette", "quote": "nowhere to be seen"}]}]}])
        assert watching.next("stderr", "error:").startswith(
            "memo.yaml:32:14: error: sections[0].points[0].passages[0].quote: quote not found")
        assert re.match(r"^\d\d:\d\d:\d\d memo\.yaml: failed \(1 problem\) in \d+\.\d\d s; "
                        r"the outputs are as they were$", watching.next("stderr", "failed"))
        assert project.files() == before
    finally:
        code = watching.stop()
    assert code == 0
    assert watching.rest("stderr") == ["stopped watching"]  # not watchfiles' own line
    assert spec.exists()


def test_watch_follows_the_template(project):
    project.spec(template="house")
    folder = project.template("house", "style:\n  accent_colour: '#114477'\n")
    watching = Watching(project.root, ".")  # a folder of specs
    try:
        assert BUILT.match(watching.next("stdout", "built in"))
        (folder / "template.yaml").write_text("name: house\nstyle:\n  accent_colour: '#aa2200'\n",
                                              encoding="utf-8")
        assert REBUILT.match(watching.next("stdout", "memo.yaml"))
    finally:
        assert watching.stop() == 0


STAMP = r"^\d\d:\d\d:\d\d "


def test_each_save_prints_what_changed_not_every_warning_again(project):
    """The first build over outputs that are up to date says that nothing changed; each
    save prints the files that changed and the warnings that are new or gone, not every
    warning again."""
    project.spec()
    assert project.run("build", "memo.yaml").exit_code == 0
    watching = Watching(project.root, "memo.yaml")
    try:
        first_warnings = watching.next("stderr", "no reliability grade")
        assert re.match(STAMP + r"memo\.yaml: built in \d+\.\d\d s; nothing changed: output/ "
                        r"already held these files$", watching.next("stdout", "built in"))
        watching.next("stdout", "watching")
        # A save that grades a source: one warning fewer, said once; none printed again.
        project.spec(sources={"gazette": {"reliability": "B"}})
        line = watching.next("stdout", "memo.yaml")
        assert re.match(STAMP + r"memo\.yaml: rebuilt in \d+\.\d\d s; wrote memo\.pdf, "
                        r"memo\.docx, memo\.json in output/; 4 warnings \(1 gone\)$", line), line
        assert watching.next("stderr", "no longer") == (
            "no longer: memo.yaml:9:5: warning: sources.gazette: source 'gazette' has no "
            "reliability grade")
        # Saved as it was: the warning is new again, printed alone.
        project.spec()
        line = watching.next("stdout", "memo.yaml")
        assert re.match(STAMP + r"memo\.yaml: rebuilt in \d+\.\d\d s; wrote memo\.pdf, "
                        r"memo\.docx, memo\.json in output/; 5 warnings \(1 new\)$", line), line
        # Saved again, the same: nothing changed, and no warning printed.
        project.spec()
        line = watching.next("stdout", "memo.yaml")
        assert re.match(STAMP + r"memo\.yaml: rebuilt in \d+\.\d\d s; nothing changed in "
                        r"output/; 5 warnings, as before$", line), line
    finally:
        assert watching.stop() == 0
    assert first_warnings.startswith("memo.yaml:9:5: warning: sources.gazette: ")
    errors = watching.rest("stderr")
    assert [e for e in errors if "warning:" in e] == [
        "memo.yaml:9:5: warning: sources.gazette: source 'gazette' has no reliability grade"]
    assert errors[-1] == "stopped watching"


def test_a_save_rebuilds_only_the_memo_not_its_releases(project):
    red_memo(project)
    watching = Watching(project.root, "memo.yaml")
    try:
        assert BUILT.match(watching.next("stdout", "built in"))
        assert watching.next("stdout", "releases") == (
            "memo.yaml: its releases TLP:AMBER, TLP:CLEAR are not rebuilt on each save: "
            "`brief build` builds them, and `brief watch --release TLP:AMBER` watches one")
        assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]
        red_memo(project, title="Test memo, revised")
        assert REBUILT.match(watching.next("stdout", "memo.yaml"))
        assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]
    finally:
        assert watching.stop() == 0
    # `brief build` builds every version: the memo was built by the watch, alone, and is
    # built again with its releases.
    built = project.run("build", "memo.yaml")
    assert built.exit_code == 0, built.stderr
    assert sorted(project.files()) == [
        "memo-TLP-AMBER.docx", "memo-TLP-AMBER.json", "memo-TLP-AMBER.pdf",
        "memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.json", "memo-TLP-CLEAR.pdf",
        "memo.docx", "memo.json", "memo.pdf"]


def test_watch_a_release(project):
    red_memo(project)
    watching = Watching(project.root, "memo.yaml", "--release", "TLP:CLEAR")
    try:
        assert re.match(STAMP + r"memo\.yaml: built in \d+\.\d\d s; wrote memo-TLP-CLEAR\.pdf, "
                        r"memo-TLP-CLEAR\.docx, memo-TLP-CLEAR\.json in output/$",
                        watching.next("stdout", "built in"))
        red_memo(project, title="Test memo, revised")
        watching.next("stdout", "rebuilt in")
    finally:
        assert watching.stop() == 0
    assert sorted(project.files()) == [
        "memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.json", "memo-TLP-CLEAR.pdf"]
    text = flat(" ".join(pdf_pages(project.output / "memo-TLP-CLEAR.pdf")))
    assert "Test memo, revised" in text and RED not in text and "They want delay" not in text


def test_the_pictures_a_spec_shows_are_watched(project):
    from brief.commands.rebuild import Rebuilder

    spec = project.spec(bluf='The border.\n\n![The border](figures/map.png "The border")\n',
                        sections=[{"title": "Risks", "kind": "risks", "points": [{
                            "text": "A risk.", "figure": {"file": "figures/chart.svg",
                                                          "alt": "A chart"}}]}])
    watched = Rebuilder(spec).watched()
    figures = project.root.resolve() / "figures"
    assert {figures / "map.png", figures / "chart.svg"} <= set(watched.files)


def test_the_data_of_a_specs_charts_is_watched(project):
    from brief.commands.rebuild import Rebuilder

    spec = project.spec(sections=[{"title": "Risks", "kind": "risks", "points": [{
        "text": "A risk.", "chart": {"type": "bar", "title": "Exports",
                                     "data": "data/trade.csv"}}]}])
    watched = Rebuilder(spec).watched()
    assert project.root.resolve() / "data" / "trade.csv" in watched.files


def test_watch_over_up_to_date_outputs_writes_nothing(project):
    # A memo without releases, built: watch's first build (of the memo alone) finds the
    # same files, says so and leaves them as they were; the next build is not run again.
    project.spec()
    assert project.run("build", "memo.yaml").exit_code == 0
    times = {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()}
    before = project.files()
    watching = Watching(project.root, "memo.yaml")
    try:
        assert re.match(STAMP + r"memo\.yaml: built in \d+\.\d\d s; nothing changed: output/ "
                        r"already held these files$", watching.next("stdout", "built in"))
        watching.next("stdout", "watching")
    finally:
        assert watching.stop() == 0
    assert project.files() == before
    assert {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()} == times
    again = project.run("build", "memo.yaml")
    assert again.exit_code == 0
    assert "unchanged since output/memo.json; not built again" in again.stdout + again.stderr


def test_watch_after_a_build_of_every_release_rewrites_no_file_it_holds(project):
    # The memo's manifest records a build of the memo alone (its releases were not
    # built); every other file is the same and keeps its modification time.
    red_memo(project)
    assert project.run("build", "memo.yaml").exit_code == 0
    times = {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()}
    watching = Watching(project.root, "memo.yaml")
    try:
        assert "wrote memo.json in output/" in watching.next("stdout", "built in")
    finally:
        assert watching.stop() == 0
    times.pop("memo.json")
    assert {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()
            if p.name != "memo.json"} == times
