"""WeasyPrint imported the quick way (no `ldconfig`/`gcc` subprocesses), and the usual
way when the quick one fails. Each case runs in a new interpreter: an import is once a
process."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from brief.render.weasyprint_import import _Hushed

# Counts the subprocesses started, imports WeasyPrint through brief's helper, lays out a
# page, and says what it saw.
QUICK = """
import ctypes.util, subprocess, sys
started = []
original_init = subprocess.Popen.__init__
def spy(self, args, *rest, **kwargs):
    started.append(args)
    original_init(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = spy
find_library = ctypes.util.find_library
from brief.render.weasyprint_import import load_weasyprint
load_weasyprint()
import weasyprint
pdf = weasyprint.HTML(string="<p>Hello</p>").write_pdf()
print("started", len(started))
print("pdf", pdf[:5])
print("find_library restored", ctypes.util.find_library is find_library)
"""

# A machine where the loader does not find the libraries by their file names
# ('libgobject-2.0.so.0', ...) but `ctypes.util.find_library` does: the quick import
# fails, and the usual one must succeed, with WeasyPrint's message kept off stdout.
LOADER_BLIND = """
import cffi.api, ctypes.util, sys
blind = {"libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0",
         "libfontconfig.so.1", "libpangoft2-1.0.so.0"}
original = cffi.api._load_backend_lib
def load(backend, name, flags):
    if name in blind:
        raise OSError(f"cannot open shared object file {name}")
    return original(backend, name, flags)
cffi.api._load_backend_lib = load
asked = []
real_find_library = ctypes.util.find_library
def find_library(name):
    asked.append(name)
    return real_find_library(name)
ctypes.util.find_library = find_library
from brief.render.weasyprint_import import load_weasyprint
load_weasyprint()
import weasyprint
pdf = weasyprint.HTML(string="<p>Hello</p>").write_pdf()
sys.stderr.write(f"asked {len(asked)}\\n")
sys.stderr.write(f"pdf {pdf[:5]!r}\\n")
"""


def run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)


@pytest.mark.slow
def test_the_quick_import_starts_no_subprocess_and_lays_out_a_page():
    result = run(QUICK)
    assert result.stdout.splitlines() == [
        "started 0", "pdf b'%PDF-'", "find_library restored True"]


@pytest.mark.slow
def test_where_only_find_library_finds_the_libraries_the_usual_import_is_used():
    result = run(LOADER_BLIND)
    # WeasyPrint's "could not import some external libraries" was printed by the quick
    # attempt, in vain: the user does not see it.
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "pdf b'%PDF-'" in lines
    asked = int(next(line for line in lines if line.startswith("asked")).split()[1])
    assert asked > 0  # the libraries were found the usual way, by find_library


@pytest.mark.slow
def test_a_machine_without_the_libraries_gets_weasyprints_own_error():
    """Where neither way finds them, the usual import's OSError is what is raised."""
    script = LOADER_BLIND.replace("return real_find_library(name)", "return None")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "OSError" in result.stderr and "libgobject-2.0-0" in result.stderr
    # The usual import's message is WeasyPrint's own, printed once (the quick attempt's
    # copy was dropped).
    assert result.stdout.count("WeasyPrint could not import some external libraries") == 1


def test_only_the_importing_thread_is_hushed(capsys):
    hushed = _Hushed(sys.stdout, threading.get_ident())
    hushed.write("dropped\n")
    other = threading.Thread(target=hushed.write, args=("passed on\n",))
    other.start()
    other.join()
    hushed.flush()
    assert capsys.readouterr().out == "passed on\n"
