"""`BRIEF_TRACE=1`: a timeline of a build on stderr, for whoever makes brief faster.

Each line says when (seconds since brief's command began loading), which process (`main`,
the command, or `worker`, the PDF worker forked from it; both read the same clock) and
what had just happened, or is about to (`sending …`):

    brief-trace   0.412 worker WeasyPrint imported

`BRIEF_TRACE` set to a time (seconds since 1970, as `time.time()` gives it; what
`bench/build_speed.py --timeline` does) counts the seconds from that time instead: from
the moment the process was started. Off (a look at the environment each time) unless
BRIEF_TRACE is set.
"""

from __future__ import annotations

import os
import sys
import time

_STARTED = time.perf_counter()
_process = "main"


def mark(event: str) -> None:
    """Say on stderr that `event` has just happened, when tracing."""
    setting = os.environ.get("BRIEF_TRACE")
    if setting:
        sys.stderr.write(f"brief-trace {_seconds(setting):7.3f} {_process:6} {event}\n")
        sys.stderr.flush()


def _seconds(setting: str) -> float:
    """The seconds since the start: that given by `BRIEF_TRACE` if it is a time."""
    try:
        origin = float(setting)
    except ValueError:
        origin = 0
    if origin > 1e9:  # a time since 1970, not just "1"
        return time.time() - origin
    return time.perf_counter() - _STARTED


def in_worker() -> None:
    """From now on this process is the PDF worker (called in it, after the fork)."""
    global _process
    _process = "worker"
