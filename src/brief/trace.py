"""`BRIEF_TRACE=1`: a timeline of a build on stderr, for whoever makes brief faster.

Each line says when (seconds since brief's command began loading, and the clock's time,
which `bench/build_timeline.py` lines up with the moment it started the process), which
process (the command, or the PDF worker forked from it) and what had just happened:

    brief-trace 0.412 1733380000.1234 worker weasyprint imported

Off (a look at the environment each time) unless BRIEF_TRACE is set.
"""

from __future__ import annotations

import os
import sys
import time

_STARTED = time.perf_counter()
_process = "main"


def mark(event: str) -> None:
    """Say on stderr that `event` has just happened, when tracing."""
    if os.environ.get("BRIEF_TRACE"):
        sys.stderr.write(f"brief-trace {time.perf_counter() - _STARTED:.3f} {time.time():.4f} "
                         f"{_process} {event}\n")
        sys.stderr.flush()


def in_worker() -> None:
    """From now on this process is the PDF worker (called in it, after the fork)."""
    global _process
    _process = "worker"
