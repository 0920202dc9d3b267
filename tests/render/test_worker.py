"""The PDF worker process: the same PDF as rendering in brief's own process, and a clear
message if it dies."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from brief.errors import RenderError
from brief.options import BuildOptions
from brief.pipeline import check
from brief.render.pdf.worker import PdfWorker

pytestmark = pytest.mark.e2e


@pytest.mark.slow
def test_the_worker_renders_the_same_pdf_as_brief_itself(project, monkeypatch):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    in_worker = (project.output / "memo.pdf").read_bytes()
    monkeypatch.setenv("BRIEF_WORKERS", "0")
    assert PdfWorker.start() is None
    result = project.run("build", spec, "--force")
    assert result.exit_code == 0, result.stderr
    assert (project.output / "memo.pdf").read_bytes() == in_worker


def test_a_worker_that_dies_is_a_clear_error(project):
    checked = check(project.spec())
    from brief.render import RenderOptions

    worker = PdfWorker.start()
    assert worker is not None
    with worker:
        os.kill(worker._process.pid, signal.SIGKILL)
        worker._process.join()
        with pytest.raises(RenderError) as raised:
            worker.send(checked.briefing, checked.template, RenderOptions())
            worker.receive()
    assert raised.value.format() == (
        "error: the PDF renderer stopped unexpectedly (it may have run out of memory)\n"
        "    hint: run the build again; with BRIEF_WORKERS=0 the PDF is rendered in brief's "
        "own process")


@pytest.mark.slow
def test_a_rebuild_after_the_worker_died_starts_it_again(project):
    from brief.commands.rebuild import Rebuilder

    worker = PdfWorker.start()
    assert worker is not None
    with worker:
        rebuilder = Rebuilder(project.spec(), BuildOptions(output=project.output), worker)
        assert rebuilder.build().result is not None
        os.kill(worker._process.pid, signal.SIGKILL)
        worker._process.join()
        again = rebuilder.build()
        assert again.result is not None, [p.format() for p in again.problems]
        assert again.pdf is not None and again.pdf.startswith(b"%PDF-")


def traced_build(project, *env: tuple[str, str]) -> subprocess.CompletedProcess[str]:
    spec = project.spec()
    return subprocess.run([sys.executable, "-m", "brief", "build", str(spec), "--force"],
                          cwd=project.root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **dict(env)}, check=True)


TRACE_LINE = re.compile(r"^brief-trace +(\d+\.\d{3}) (main  |worker) (\S.*)$")


def trace_lines(stderr: str) -> list[tuple[float, str]]:
    """Each line of the timeline (`brief-trace SECONDS PROCESS EVENT`, as documented):
    its seconds, and its process and event."""
    found = []
    for line in stderr.splitlines():
        if line.startswith("brief-trace"):
            match = TRACE_LINE.match(line)
            assert match, line
            found.append((float(match[1]), f"{match[2].strip()} {match[3]}"))
    return found


@pytest.mark.slow
def test_brief_trace_prints_the_timeline_of_both_processes_in_order(project):
    result = traced_build(project, ("BRIEF_TRACE", "1"))
    order = [event for _, event in trace_lines(result.stderr)]
    # Each process's own events in the order they happen; the worker gets the HTML only
    # once the command has sent it, and the command has the PDF only once it was sent.
    assert [e for e in order if e.startswith("main")] == [
        "main command line read", "main PDF worker forked", "main pipeline imported",
        "main spec read", "main sources read", "main passages resolved", "main checked",
        "main sending the HTML to the PDF worker", "main rendered here: docx",
        "main waiting for the PDF", "main PDF received", "main manifest made",
        "main files written"]
    assert [e for e in order if e.startswith("worker")] == [
        "worker started", "worker WeasyPrint imported", "worker ready; waiting for the HTML",
        "worker HTML received", "worker PDF laid out", "worker PDF drawn, tagged and written",
        "worker sending the PDF"]
    seconds = {event: stamp for stamp, event in trace_lines(result.stderr)}
    assert seconds["worker HTML received"] >= seconds["main sending the HTML to the PDF worker"]
    assert seconds["main PDF received"] >= seconds["worker sending the PDF"]
    assert (project.output / "memo.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_brief_trace_counts_from_the_time_it_is_given(project):
    started = time.time() - 100  # as if the process had started 100 s ago
    result = traced_build(project, ("BRIEF_TRACE", f"{started:.6f}"))
    assert all(stamp >= 100 for stamp, _ in trace_lines(result.stderr))


@pytest.mark.slow
def test_brief_trace_of_an_up_to_date_spec_says_nothing_was_built(project):
    spec = project.spec()
    subprocess.run([sys.executable, "-m", "brief", "build", str(spec)], cwd=project.root,
                   capture_output=True, timeout=120, check=True)
    result = subprocess.run([sys.executable, "-m", "brief", "build", str(spec)],
                            cwd=project.root, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "BRIEF_TRACE": "1"}, check=True)
    assert [event for _, event in trace_lines(result.stderr)] == [
        "main command line read",
        "main up to date: nothing built (--force builds, and traces the build)"]


@pytest.mark.slow
def test_without_brief_trace_a_build_prints_no_timeline(project):
    result = traced_build(project)
    assert "brief-trace" not in result.stderr
    assert (project.output / "memo.pdf").exists()
