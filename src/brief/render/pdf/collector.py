"""Python's cycle collector paused while WeasyPrint lays out and draws a memo.

WeasyPrint makes hundreds of thousands of small objects as it lays a memo out (boxes,
computed styles, Pango layouts), and Python's cycle collector walks the heap again and again
as they pile up: 15-20 % of a 40-page memo's render went to it (docs/performance.md,
"Layout"), for almost nothing freed (the peak memory of that render grew by 2 MB with the
collector paused). Objects are still freed as their last reference goes; the cycles left
are collected at the collector's next run after the render.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the block, and restore it as it was, even on an error
    (a collector the caller had paused stays paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
