"""`brief watch`: rebuild each spec's outputs whenever a file it reads is saved.

Each save rebuilds one version of the memo: the memo itself, or the releases asked for
with `--release`. The releases a spec lists are built by `brief build` (a save would
otherwise wait for every version).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import display_path, plural
from ..options import BuildOptions
from ..output import stop_if_interrupted
from ..render.pdf.worker import PdfWorker
from .rebuild import Rebuild, Rebuilder, Watched, changes, report, unique


def watch(specs: Sequence[Path], options: BuildOptions, say: Callable[[str, bool], None],
          stop: Any = None) -> None:
    """Build every spec, then rebuild a spec each time a file its build reads changes,
    until `stop` is set (or Ctrl-C). `say(line, is_error)` prints a line. Without
    `releases` in the options, only the memo is built, not the releases its spec lists."""

    if options.releases is None:
        options = dataclasses.replace(options, main_only=True)
    worker = PdfWorker.start() if "pdf" in options.formats else None
    try:
        rebuilders = [Rebuilder(spec, options, worker) for spec in unique(specs)]

        def everything() -> Watched:
            return functools.reduce(operator.or_, (r.watched() for r in rebuilders))

        for changed in changes(everything, stop):
            if changed is None:  # watching: a save from now on is seen, even mid-build
                for rebuilder in rebuilders:
                    rebuild = rebuilder.build()
                    report(rebuild, say)
                    _releases_not_watched(rebuild, say)
                    stop_if_interrupted()  # Ctrl-C while it wrote: build no other
                their = "its" if len(rebuilders) == 1 else "their"
                say(f"watching {plural(len(rebuilders), 'spec')} and {their} sources and "
                    "templates; Ctrl-C stops", False)
                continue
            for rebuilder in rebuilders:
                watched = rebuilder.watched()
                if any(watched.matters(path) for path in changed):
                    report(rebuilder.build(), say)
                    stop_if_interrupted()
    finally:
        if worker is not None:
            worker.close()


def _releases_not_watched(rebuild: Rebuild, say: Callable[[str, bool], None]) -> None:
    """Say once that the releases a spec lists are not rebuilt on each save."""
    if rebuild.result is None or not rebuild.result.checked.spec.releases:
        return
    if not rebuild.result.checked.versions or rebuild.result.checked.versions[0].release:
        return  # releases were asked for
    markings = [r.marking for r in rebuild.result.checked.spec.releases]
    say(f"{display_path(rebuild.spec)}: its {'release' if len(markings) == 1 else 'releases'} "
        f"{', '.join(markings)} {'is' if len(markings) == 1 else 'are'} not rebuilt on each "
        f"save: `brief build` builds {'it' if len(markings) == 1 else 'them'}, and "
        f"`brief watch --release {markings[0]}` watches one", False)
