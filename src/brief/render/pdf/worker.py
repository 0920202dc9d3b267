"""The PDF renderer in a process of its own, so that a build uses both cores.

WeasyPrint takes half a second to import and most of a build's time to lay the memo
out. A `PdfWorker` is started as the build begins: it imports WeasyPrint while this
process reads and checks the inputs and renders the Word file, then lays out the PDFs it
is sent. `brief preview` and `brief watch` keep one for their whole run, warm.

Only where processes can be forked (Linux, the BSDs); elsewhere `PdfWorker.start` returns
None and the PDF is rendered in this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from ... import trace
from ...errors import BriefError, RenderError
from . import collector, warm

if TYPE_CHECKING:
    from ...model import Briefing
    from ...templates import Template
    from ..base import RenderOptions


class PdfWorker:
    """A forked process that renders PDFs; jobs are answered in the order sent."""

    def __init__(self, process: Any, connection: Connection) -> None:
        self._process = process
        self._connection = connection

    @classmethod
    def start(cls) -> PdfWorker | None:
        """Fork the worker (it starts importing WeasyPrint at once); None where processes
        cannot be forked (or not by this one, a daemonic process), or with BRIEF_WORKERS=0
        in the environment."""
        if os.environ.get("BRIEF_WORKERS") == "0":
            return None
        if "fork" not in multiprocessing.get_all_start_methods():
            return None
        if multiprocessing.current_process().daemon:
            # brief used as a library inside a daemonic worker (a multiprocessing pool,
            # Celery), which may have no children: the PDF is rendered here, in-process.
            return None
        worker = cls(*_fork())
        trace.mark("PDF worker forked")
        return worker

    def ensure_running(self) -> None:
        """Start the worker again if it has died (a preview outlives a worker killed for
        its memory)."""
        if not self._process.is_alive():
            self._connection.close()
            self._process.join()
            self._process, self._connection = _fork()

    def send(self, briefing: Briefing, template: Template, options: RenderOptions) -> None:
        """Ask for a PDF; `receive` returns it. Its HTML is rendered here, first: the
        worker may still be loading WeasyPrint."""
        from .html import render_html  # noqa: PLC0415 (imported after the fork)

        job = (briefing, template, options, render_html(briefing, template))
        trace.mark("sending the HTML to the PDF worker")  # before: the worker may get it first
        try:
            self._connection.send(job)
        except OSError:
            raise _stopped() from None

    def receive(self) -> bytes:
        """The next PDF asked for, or the `BriefError` its rendering raised."""
        trace.mark("waiting for the PDF")
        try:
            outcome, value = self._connection.recv()
        except (EOFError, OSError):
            raise _stopped() from None
        trace.mark("PDF received")
        if outcome == "pdf":
            assert isinstance(value, bytes)
            return value
        if outcome == "error":
            assert isinstance(value, BriefError)
            raise value
        raise RuntimeError(value)  # a bug in brief: reported as an internal error

    def close(self) -> None:
        """Stop the worker at once (it may still be importing WeasyPrint: a build that
        failed its checks does not wait for it) and reap it."""
        self._connection.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fork() -> tuple[Any, Connection]:
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, ours), name="brief-pdf",
                              daemon=True)
    process.start()
    theirs.close()
    return process, ours


def _stopped() -> RenderError:
    return RenderError("the PDF renderer stopped unexpectedly (it may have run out of memory)",
                       hint="run the build again; with BRIEF_WORKERS=0 the PDF is rendered in "
                       "brief's own process")


def _serve(connection: Connection, parents_end: Connection) -> None:
    """The worker: import WeasyPrint, then render each job until told to stop."""

    trace.in_worker()
    trace.mark("started")
    parents_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # The slow part, done while the parent checks. A failed import is reported when a PDF
    # is asked for, by the renderer's own import.
    from ..weasyprint_import import load_weasyprint  # noqa: PLC0415 (after the fork)

    with contextlib.suppress(Exception):
        load_weasyprint()
        trace.mark("WeasyPrint imported")
        # While the parent still checks the spec: what unpickling a job needs (the model,
        # the template) and the renderer, and a line laid out (fontconfig, Pango's font
        # map, WeasyPrint's own stylesheet), each of which the first PDF would wait for.
        from .html import warm_up  # noqa: PLC0415 (imported after the fork)

        if not connection.poll():  # the HTML has not come yet: it would not wait for this
            warm_up()
    warm.freeze()  # what is loaded stays out of the collector's walks
    trace.mark("ready; waiting for the HTML")
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        trace.mark("HTML received")
        if not _render_and_send(connection, job):
            return


@collector.paused()
def _render_and_send(connection: Any, job: Any) -> bool:
    """Render a job and send the PDF, or the error; False if the command is gone.

    The cycle collector stays paused until the PDF is sent: its first run after a render
    collects what the render left (a few hundred thousand objects: 15 ms for the example),
    which the command would otherwise wait for. It runs while the command writes the
    files."""
    briefing, template, options, html = job
    try:
        from .html import render_pdf  # noqa: PLC0415 (imported after the fork)

        answer: tuple[str, Any] = ("pdf", render_pdf(briefing, template, options, html))
    except BriefError as error:
        error.__cause__ = error.__context__ = None  # a library's exception may not pickle
        answer = ("error", error)
    except Exception as exc:
        answer = ("crash", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    trace.mark("sending the PDF")  # before: the command may receive it first
    try:
        connection.send(answer)
    except (OSError, ValueError):
        return False
    except Exception:  # an error that does not pickle: its message still does
        connection.send(("error", RenderError(str(answer[1]))))
    return True
