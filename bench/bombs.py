"""Print how long `brief check` takes, and how much memory it reaches, on hostile inputs:
a YAML alias bomb, deep nesting, a zip-bomb .docx, a PDF with a 1 GB stream, a PDF of two
million text operators, a PDF whose /Length refers to itself, /dev/zero and a FIFO as
sources, a bottom line of 20,000 `[` and one of 20,000 links that never close
(`[a](x(y)`). Each is refused with a message (the 20,000 `[` and links, and
a spec of 1 MB, dense with Markdown, are allowed and check OK); and those under the byte
limits that cost what they hold (issue 29): a Word file of 6.1 million paragraphs, of a
paragraph of 8 million runs, of 190 MB of text; a PDF whose page holds 190 MB of text
operators (compressed 33 times, or 45 MB plain), 3 million drawing operations or 3,000
letters each set on its own, and one of 6,000 pages; templates (`brief check` reads the
spec's template's reference.docx) of 200,000 lists and of 100,000 styles, refused, and one
full of links outside itself, which checks with a warning for each. The aim is under 5 s
and 500 MB each.

Run: .venv/bin/python bench/bombs.py [CASE...]   (each case in a fresh process, with a 120 s
cap; the cases whose names contain a CASE given, or all)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from attacks import BOMBS  # tests/attacks.py makes the hostile inputs

BRIEF = [sys.executable, "-m", "brief"]


def measure(spec: Path, timeout: float = 120.0) -> tuple[float, float, str]:
    """Seconds, peak memory (MB) and the first line of stderr of `brief check SPEC`."""
    code = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "try:\n"
            f"    p = subprocess.run({BRIEF!r} + ['check', sys.argv[1]], capture_output=True,"
            f" text=True, timeout={timeout})\n"
            "    out = (p.stderr or p.stdout).splitlines()\n"
            "except subprocess.TimeoutExpired:\n"
            "    out = ['(still running after the time limit)']\n"
            "took = time.perf_counter() - start\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(f'{took:.2f}\\t{peak:.0f}\\t{out[0] if out else \"\"}')\n")
    result = subprocess.run([sys.executable, "-c", code, str(spec)], capture_output=True,
                            text=True, cwd=spec.parent, timeout=timeout + 30)
    took, peak, line = result.stdout.rstrip("\n").split("\t", 2)
    return float(took), float(peak), line


def main() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        print(f"{'case':<24} {'seconds':>8} {'peak MB':>8}  first line of the message")
        for name, make in BOMBS.items():
            if sys.argv[1:] and not any(word in name for word in sys.argv[1:]):
                continue
            case = root / name.replace("/", "").replace(" ", "-")
            case.mkdir()
            spec = make(case)
            took, peak, line = measure(spec)
            verdict = "" if took < 5 and peak < 500 else "  <- over the aim"
            print(f"{name:<24} {took:8.2f} {peak:8.0f}  {line[:110]}{verdict}")
            for child in case.iterdir():  # a FIFO or a large file must not linger
                if child.is_file() or child.is_fifo():
                    child.unlink()
    os.sync()


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(all cases: {time.perf_counter() - start:.1f} s)")
