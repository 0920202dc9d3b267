"""The PDF worker process: the same PDF as rendering in brief's own process, and a clear
message if it dies."""

from __future__ import annotations

import os
import signal

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
