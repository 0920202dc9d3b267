"""`brief watch`: rebuild each spec's outputs whenever a file it reads is saved."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import plural
from ..options import BuildOptions
from ..render.pdf.worker import PdfWorker
from .rebuild import Rebuilder, Watched, changes, report, unique


def watch(specs: Sequence[Path], options: BuildOptions, say: Callable[[str, bool], None],
          stop: Any = None) -> None:
    """Build every spec, then rebuild a spec each time a file its build reads changes,
    until `stop` is set (or Ctrl-C). `say(line, is_error)` prints a line."""

    worker = PdfWorker.start() if "pdf" in options.formats else None
    try:
        rebuilders = [Rebuilder(spec, options, worker) for spec in unique(specs)]

        def everything() -> Watched:
            return functools.reduce(operator.or_, (r.watched() for r in rebuilders))

        for changed in changes(everything, stop):
            if changed is None:  # watching: a save from now on is seen, even mid-build
                for rebuilder in rebuilders:
                    report(rebuilder.build(), say)
                their = "its" if len(rebuilders) == 1 else "their"
                say(f"watching {plural(len(rebuilders), 'spec')} and {their} sources and "
                    "templates; Ctrl-C stops", False)
                continue
            for rebuilder in rebuilders:
                watched = rebuilder.watched()
                if any(watched.matters(path) for path in changed):
                    report(rebuilder.build(), say)
    finally:
        if worker is not None:
            worker.close()
