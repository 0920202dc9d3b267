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

from conftest import pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

REBUILT = re.compile(r"^\d\d:\d\d:\d\d memo\.yaml: rebuilt in \d+\.\d\d s; wrote "
                     r"output/memo\.pdf, output/memo\.docx, output/memo\.json$")
BUILT = re.compile(REBUILT.pattern.replace(": rebuilt in", ": built in"))  # the first build


class Watching:
    def __init__(self, root: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brief", "watch", *args], cwd=root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.readers = [threading.Thread(target=self._read, args=(name,), daemon=True)
                        for name in ("stdout", "stderr")]
        for reader in self.readers:
            reader.start()

    def _read(self, name: str) -> None:
        for line in getattr(self.process, name):
            self.lines.put((name, line.rstrip("\n")))

    def next(self, name: str, pattern: str, timeout: float = 30) -> str:
        """The next line on `name` (stdout or stderr) that holds `pattern`."""
        seen = []
        while True:
            try:
                stream, line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line with {pattern!r} on {name}; saw {seen}") from None
            seen.append(line)
            if stream == name and pattern in line:
                return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)

    def rest(self, name: str) -> list[str]:
        """The lines on `name` not yet taken by `next`, once the process has ended."""
        for reader in self.readers:
            reader.join(timeout=20)
        lines = []
        while not self.lines.empty():
            stream, line = self.lines.get()
            if stream == name:
                lines.append(line)
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
        assert REBUILT.match(watching.next("stdout", "memo.yaml"))
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
