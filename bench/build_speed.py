"""Cold builds as a user runs them, against the peer: pandoc making the PDF alone of the
same memo through WeasyPrint.

brief is installed with pip into a scratch folder (not editable: its bytecode compiled,
as a normal `pip install` leaves it), and run as a new process each time, with
PYTHONDONTWRITEBYTECODE unset. The peer's Markdown is pandoc's reading of brief's own
.docx of the example (`pandoc memo.docx -t markdown`); pandoc runs the `weasyprint`
command installed beside this Python, twice: with its own page style (the headline
ratio, as issue 28 states it) and with the template's style.css (`--css`: a fairer peer,
its pages alike brief's). Runs are interleaved (brief, pandoc, pandoc with brief's CSS,
brief, ...) and the medians compared; the CPU time (user + system of each command and
the processes it waited for: brief's PDF worker, pandoc's weasyprint) is printed beside
the wall-clock time, and the load average beside every figure.

`--busy` measures everything twice, quietly and with a second process keeping one core
busy (a shared terminal server), and prints the two side by side. `--against DIR`
installs a second checkout of brief (e.g. `git worktree add /tmp/base HEAD~1`) and builds
it in the same rounds: the change measured interleaved, on the same busy machine.

Also printed: `brief check`, `brief --help`, a build skipped because nothing changed,
what telling whether a build is up to date costs beyond reading its inputs (the
fingerprint of brief's code, the libraries' versions, the fonts), and the outputs' sizes.

Run: make bench   (or: .venv/bin/python bench/build_speed.py [--runs N] [--busy]
     [--against DIR])
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


def install(site: Path, source: Path = REPO) -> Path:
    """pip install brief from `source` (not editable, bytecode compiled) into `site`; its
    `brief`."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-warn-script-location", "--target", str(site), str(source)],
                   check=True, capture_output=True)
    return site / "bin" / "brief"


def load() -> str:
    """The machine's load average over the last minute, to print beside a figure."""
    return f"{os.getloadavg()[0]:.2f}"


@dataclass
class Command:
    argv: list[str]
    env: dict[str, str]


@dataclass
class Timing:
    wall: float  # seconds, median
    cpu: float  # user + system seconds of the command and its children, median
    load: str  # the load average when the rounds ended


def timed(command: Command, cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the command's and its children's)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command.argv, cwd=cwd, check=True, capture_output=True, env=command.env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(commands: dict[str, Command], cwd: Path, runs: int) -> dict[str, Timing]:
    """Each command's median times over `runs` rounds, the commands taking turns (in the
    opposite order every other round, so that none always follows the same one)."""
    for command in commands.values():
        timed(command, cwd)  # warm the file cache and write the bytecode; not counted
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs):
        names = list(commands) if round_ % 2 == 0 else list(reversed(commands))
        for name in names:
            wall, cpu = timed(commands[name], cwd)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]), load())
            for name in commands}


@contextlib.contextmanager
def busy_core(busy: bool) -> Iterator[None]:
    """With `busy`, a second process keeps one core busy meanwhile."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        yield
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()


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


def timeline(command: Command, cwd: Path, runs: int) -> list[tuple[str, float, float]]:
    """A traced build (BRIEF_TRACE=1) `runs` times: each event of the timeline, the median
    seconds from the moment the process was started, and its spread (the interquartile
    range)."""
    seen: dict[str, list[float]] = {}
    order: list[str] = []
    for _ in range(runs):
        # BRIEF_TRACE set to the time the process is started: seconds counted from then.
        stderr = subprocess.run(command.argv, cwd=cwd, check=True, capture_output=True,
                                text=True, env={**command.env,
                                                "BRIEF_TRACE": f"{time.time():.6f}"}).stderr
        for line in stderr.splitlines():
            if line.startswith("brief-trace "):  # brief-trace SECONDS PROCESS EVENT
                _, stamp, process, event = line.split(None, 3)
                name = f"{process:6} {event}"
                if name not in seen:
                    order.append(name)
                seen.setdefault(name, []).append(float(stamp))
    rows = []
    for name in order:
        quartiles = statistics.quantiles(seen[name], n=4) if len(seen[name]) > 1 else [0, 0, 0]
        rows.append((name, statistics.median(seen[name]), quartiles[2] - quartiles[0]))
    return sorted(rows, key=lambda row: row[1])


def print_timeline(command: Command, runs: int) -> None:
    print(f"timeline of a cold build (BRIEF_TRACE=1, medians of {runs} runs, seconds since "
          f"the process was started; load average {load()}):")
    for name, seconds, spread in timeline(command, REPO, runs):
        print(f"  {seconds:6.3f} s (±{spread / 2:.3f})  {name}")


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def template_css(spec: Path) -> Path:
    """The style.css of the built-in template the spec names (memo unless it says)."""
    import yaml

    name = (yaml.safe_load(spec.read_text(encoding="utf-8")) or {}).get("template", "memo")
    return REPO / "src" / "brief" / "templates" / str(name) / "style.css"


def peers(pandoc: str, out: Path, scratch: Path, env: dict[str, str]) -> dict[str, Command]:
    """pandoc making the PDF of the memo brief built into `out` (its Markdown read from
    brief's .docx) through WeasyPrint: with its own page style, and with brief's CSS."""
    markdown = scratch / "memo.md"
    subprocess.run([pandoc, str(out / f"{EXAMPLE.stem}.docx"), "-t", "markdown", "-o",
                    str(markdown)], check=True)
    return {
        "pandoc": Command([pandoc, str(markdown), "--pdf-engine=weasyprint", "-o",
                           str(scratch / "pandoc.pdf")], env),
        "pandoc+css": Command([pandoc, str(markdown), "--pdf-engine=weasyprint", "--css",
                               str(template_css(EXAMPLE)), "--metadata", "title=memo",
                               "-o", str(scratch / "pandoc-css.pdf")], env),
    }


ROWS = [
    ("build", "brief build, PDF + DOCX"),
    ("base", "brief build of --against, PDF + DOCX"),
    ("pandoc", "pandoc, PDF only, its own style"),
    ("pandoc+css", "pandoc, PDF only, brief's style.css"),
]


def report(columns: dict[str, dict[str, Timing]], runs: int, pdfs: dict[str, Path]) -> None:
    """The cold builds' table, a column per condition (quiet, busy), and the ratios."""
    names = list(columns)
    print(f"cold builds, medians of {runs} interleaved runs, pip-installed "
          "(wall s / CPU s, load average):")
    print(f"{'':48}" + "".join(f"{name:>26}" for name in names))
    for key, label in ROWS:
        if key not in columns[names[0]]:
            continue
        cells = "".join(f"{t.wall:9.2f} s /{t.cpu:5.2f} s ({t.load:>5})"
                        for t in (columns[name][key] for name in names))
        count = f", {pages(pdfs[key])} pages" if key in pdfs else ""
        print(f"{label + count:48}{cells}")
    for peer, label in (("pandoc", "ratio brief / pandoc (the headline)"),
                        ("pandoc+css", "ratio brief / pandoc with brief's CSS"),
                        ("base", "ratio brief / --against")):
        if peer in columns[names[0]]:
            cells = "".join(f"{columns[n]['build'].wall / columns[n][peer].wall:26.2f}"
                            for n in names)
            print(f"{label:48}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--busy", action="store_true",
                        help="measure again with one core kept busy, printed beside")
    parser.add_argument("--against", type=Path,
                        help="a checkout of brief to build in the same rounds")
    parser.add_argument("--timeline", action="store_true",
                        help="print only the timeline of a cold build (BRIEF_TRACE=1)")
    arguments = parser.parse_args()
    runs = arguments.runs
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        brief = str(install(scratch / "site"))
        env = environment(scratch / "site")
        out = scratch / "out"
        build = [brief, "build", str(EXAMPLE), "-o", str(out), "--force"]
        subprocess.run(build, cwd=REPO, check=True, capture_output=True, env=env)
        commands = {"build": Command(build, env)}
        if arguments.timeline:
            print_timeline(commands["build"], runs)
            return
        pdfs = {"build": out / f"{EXAMPLE.stem}.pdf"}
        if arguments.against:
            base = str(install(scratch / "base", arguments.against.resolve()))
            commands["base"] = Command([base, "build", str(EXAMPLE), "-o",
                                        str(scratch / "base-out"), "--force"],
                                       environment(scratch / "base"))
        pandoc = shutil.which("pandoc")
        if pandoc:
            commands.update(peers(pandoc, out, scratch, env))
            pdfs.update({"pandoc": scratch / "pandoc.pdf",
                         "pandoc+css": scratch / "pandoc-css.pdf"})
        columns = {"quiet": interleaved(commands, REPO, runs)}
        if arguments.busy:
            with busy_core(True):
                columns["one core busy"] = interleaved(commands, REPO, runs)
        others = interleaved({
            "check": Command([brief, "check", str(EXAMPLE)], env),
            "help": Command([brief, "--help"], env),
            "skip": Command([brief, "build", str(EXAMPLE), "-o", str(out)], env),
        }, REPO, runs)
        report(columns, runs, pdfs)
        print_timeline(commands["build"], runs)
        if not pandoc:
            print("pandoc: not installed, no comparison (scripts/install-system-deps --bench)")
        print(f"brief build of an unchanged spec (skipped):           {others['skip'].wall:.2f} s")
        costs = fingerprints(env, runs)
        print("of which telling whether it is up to date: brief's code "
              f"{costs['code_fingerprint'] * 1000:.0f} ms, libraries "
              f"{costs['library_versions'] * 1000:.0f} ms, fonts "
              f"{costs['fonts_fingerprint'] * 1000:.0f} ms")
        print(f"brief check:                                          {others['check'].wall:.2f} s")
        print(f"brief --help:                                         {others['help'].wall:.2f} s")
        print(f"(load average {load()})")
        sizes = ", ".join(f"{p.suffix[1:].upper()} {p.stat().st_size / 1024:.0f} KB"
                          for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".docx"))
        print(f"output sizes: {sizes}")


if __name__ == "__main__":
    main()
