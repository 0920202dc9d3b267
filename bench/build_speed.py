"""Cold builds as a user runs them, against the peer: pandoc making the PDF alone of the
same memo through WeasyPrint.

brief is installed with pip into a scratch folder (not editable: its bytecode compiled,
as a normal `pip install` leaves it), and run as a new process each time, with
PYTHONDONTWRITEBYTECODE unset. The peer's Markdown is pandoc's reading of brief's own
.docx of the example (`pandoc memo.docx -t markdown`); pandoc runs the `weasyprint`
command installed beside this Python. Runs are interleaved (brief, pandoc, brief, ...)
and the medians compared. Also printed: `brief check`, `brief --help`, a build skipped
because nothing changed, what telling whether a build is up to date costs beyond reading
its inputs (the fingerprint of brief's code, the libraries' versions, the fonts), and the
outputs' sizes.

Run: make bench   (or: .venv/bin/python bench/build_speed.py [--runs N])
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "briefings" / "belarus-2022.yaml"


def environment(site: Path) -> dict[str, str]:
    """A user's environment: bytecode written and read, brief from `site`, and the
    `weasyprint` command beside this Python on the PATH (pandoc runs it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(site)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return env


def install(site: Path) -> Path:
    """pip install brief (not editable, bytecode compiled) into `site`; its `brief`."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-warn-script-location", "--target", str(site), str(REPO)],
                   check=True, capture_output=True)
    return site / "bin" / "brief"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def interleaved(commands: dict[str, list[str]], cwd: Path, env: dict[str, str],
                runs: int) -> dict[str, float]:
    """Each command's median time over `runs` rounds, the commands taking turns."""
    for command in commands.values():
        timed(command, cwd, env)  # warm the file cache and write the bytecode; not counted
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command, cwd, env))
    return {name: statistics.median(values) for name, values in times.items()}


# Run in a new process: the first call of each is what a build pays (each is cached after).
FINGERPRINTS = """
import time
from brief import freshness
for name in ("code_fingerprint", "library_versions", "fonts_fingerprint"):
    start = time.perf_counter()
    getattr(freshness, name)()
    print(name, time.perf_counter() - start)
"""


def fingerprints(env: dict[str, str], runs: int) -> dict[str, float]:
    """The median cost of each fingerprint a build records, the first time in a process."""
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        lines = subprocess.run([sys.executable, "-c", FINGERPRINTS], check=True, env=env,
                               capture_output=True, text=True).stdout.split("\n")
        for name, seconds in (line.split() for line in lines if line):
            times.setdefault(name, []).append(float(seconds))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        brief = str(install(scratch / "site"))
        env = environment(scratch / "site")
        out = scratch / "out"
        build = [brief, "build", str(EXAMPLE), "-o", str(out), "--force"]
        subprocess.run(build, cwd=REPO, check=True, capture_output=True, env=env)
        commands = {"build": build}
        pandoc = shutil.which("pandoc")
        if pandoc:
            markdown = scratch / "memo.md"
            subprocess.run([pandoc, str(out / "belarus-2022.docx"), "-t", "markdown", "-o",
                            str(markdown)], check=True)
            commands["pandoc"] = [pandoc, str(markdown), "--pdf-engine=weasyprint", "-o",
                                  str(scratch / "pandoc.pdf")]
        medians = interleaved(commands, REPO, env, runs)
        others = interleaved({
            "check": [brief, "check", str(EXAMPLE)],
            "help": [brief, "--help"],
            "skip": [brief, "build", str(EXAMPLE), "-o", str(out)],
        }, REPO, env, runs)
        print(f"brief build, PDF + DOCX, cold (median of {runs}, pip-installed): "
              f"{medians['build']:.2f} s")
        if pandoc:
            print(f"pandoc --pdf-engine=weasyprint, PDF only (median of {runs}, interleaved): "
                  f"{medians['pandoc']:.2f} s")
            print(f"ratio brief build (both formats) / pandoc (PDF only): "
                  f"{medians['build'] / medians['pandoc']:.2f}")
        else:
            print("pandoc: not installed, no comparison (scripts/install-system-deps --bench)")
        print(f"brief build of an unchanged spec (skipped):           {others['skip']:.2f} s")
        costs = fingerprints(env, runs)
        print("of which telling whether it is up to date: brief's code "
              f"{costs['code_fingerprint'] * 1000:.0f} ms, libraries "
              f"{costs['library_versions'] * 1000:.0f} ms, fonts "
              f"{costs['fonts_fingerprint'] * 1000:.0f} ms")
        print(f"brief check:                                          {others['check']:.2f} s")
        print(f"brief --help:                                         {others['help']:.2f} s")
        sizes = ", ".join(f"{p.suffix[1:].upper()} {p.stat().st_size / 1024:.0f} KB"
                          for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".docx"))
        print(f"output sizes: {sizes}")


if __name__ == "__main__":
    main()
