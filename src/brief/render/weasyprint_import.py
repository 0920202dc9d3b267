"""WeasyPrint imported without the subprocesses its library look-up would start.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for each
(`weasyprint/text/ffi.py`: 'libgobject-2.0-0', 'gobject-2.0', ..., 'libgobject-2.0.so.0').
cffi's `dlopen` of a name the loader does not know asks `ctypes.util.find_library`, which
on Linux runs `ldconfig -p` and then `gcc` for each: sixteen subprocesses, about 0.16 s of
a cold build. `load_weasyprint` imports WeasyPrint first with `find_library` answering
None (for the importing thread only), so that WeasyPrint goes on to the names the loader
finds itself ('libgobject-2.0.so.0'); should that fail (a machine where only
`find_library` finds the libraries: a Linux with them outside the loader's paths), the
half-imported modules are dropped and WeasyPrint is imported again the usual way. The
message WeasyPrint prints when a library is missing is kept off the screen the first time.

Every import of WeasyPrint in brief goes through `load_weasyprint` first (it waits for an
import another thread has begun); once it has run,
`import weasyprint` is free.
"""

from __future__ import annotations

import ctypes.util
import sys
import threading
from typing import Any

_lock = threading.Lock()


def load_weasyprint() -> None:
    """Import WeasyPrint (and its `text.ffi`, which loads the libraries), the quick way
    first. Raises what the usual import raises when WeasyPrint cannot be imported."""
    if _loaded:
        return
    # Under the lock even when WeasyPrint is in sys.modules: another thread may be halfway
    # through importing it (a build without a worker imports it in a thread meanwhile), and
    # its modules, half made, would fail the render (`weasyprint.layout` without
    # `LayoutContext`).
    with _lock:
        if not _imported():
            try:
                _quick_import()
            except Exception:
                _forget_weasyprint()
                import weasyprint  # noqa: F401  (the usual way, find_library and all)
        _loaded.append(True)


_loaded: list[bool] = []  # non-empty once WeasyPrint is wholly imported in this process


def _imported() -> bool:
    """Whether WeasyPrint was wholly imported before (by `import weasyprint` elsewhere)."""
    module = sys.modules.get("weasyprint")
    return module is not None and hasattr(module, "Document") and "weasyprint.text.ffi" in \
        sys.modules


def _quick_import() -> None:
    """Import WeasyPrint with `ctypes.util.find_library` answering None and anything it
    prints dropped, in this thread only: other threads see both as they were."""
    me = threading.get_ident()
    find_library = ctypes.util.find_library

    def loader_only(name: str) -> str | None:
        return None if threading.get_ident() == me else find_library(name)

    stdout = sys.stdout
    hushed = _Hushed(stdout, me)
    ctypes.util.find_library = loader_only
    if stdout is not None:  # None without a console (pythonw): print() writes nothing
        sys.stdout = hushed
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library
        if sys.stdout is hushed:
            sys.stdout = stdout  # unless something else has replaced it meanwhile


def _forget_weasyprint() -> None:
    """Drop what a failed import left of WeasyPrint, so that it is imported anew."""
    for name in [name for name in sys.modules
                 if name == "weasyprint" or name.startswith("weasyprint.")]:
        del sys.modules[name]


class _Hushed:
    """A stream that drops what one thread writes and passes on what the others write."""

    def __init__(self, stream: Any, thread: int) -> None:
        self._stream = stream
        self._thread = thread

    def write(self, text: str) -> int:
        if threading.get_ident() == self._thread:
            return len(text)
        return int(self._stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
