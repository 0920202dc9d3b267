"""The edit-to-look loop, timed: a warm rebuild after a one-word change to the spec (both
formats, as `brief watch` and `brief preview` do it; and of a memo with two releases,
every version against the one on screen) and a batch of 20 memos. The preview's reload
is bench/preview_speed.py's.

Each figure is a median over several runs, in a scratch copy of the example project,
printed with the machine's load average and the CPU time (user + system) of brief's
processes, which a busy machine changes less than the seconds. With `--against DIR` (a
checkout of brief, such as `git worktree add /tmp/base HEAD~1`) the warm rebuilds and the
batch of that brief and of this one take turns, run by run, and both are printed. Warm
rebuilds run in a process of their own per brief (from its src/ folder); the batch runs
`brief build` of brief pip-installed into a scratch folder (bytecode compiled), as a user
runs it. `--busy` keeps one core busy meanwhile, as on a shared terminal server.

Run: make bench   (or: .venv/bin/python bench/rebuild_speed.py [--runs N] [--against DIR]
[--busy])
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def project_copy(scratch: Path) -> Path:
    """A copy of the example project."""
    shutil.copytree(REPO / "briefings", scratch / "briefings")
    return scratch / "briefings" / "belarus-2022.yaml"


def one_word_changed(spec: Path, run: int) -> str:
    """Put a word of its own (`draft7`, say) into the bottom line; return it."""
    import re

    word = f"draft{run}"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(re.sub(r"are \*\*unlikely( draft\d+)? to enter",
                           f"are **unlikely {word} to enter", text, count=1), encoding="utf-8")
    return word


def with_two_releases(spec: Path) -> Path:
    """A copy of the example beside it with a TLP:GREEN and a TLP:CLEAR release (what is
    not marked may go to both)."""
    copy = spec.with_name("releases.yaml")
    copy.write_text(spec.read_text(encoding="utf-8") + "\nportion_marking: TLP:CLEAR\n"
                    "releases:\n  - marking: TLP:GREEN\n  - marking: TLP:CLEAR\n",
                    encoding="utf-8")
    return copy


# Run in a process of its own, with one brief's src/ on its path: a cold build (not
# counted), then a rebuild after a one-word change for each line read, as `brief watch`
# makes them; prints each rebuild's seconds and the CPU seconds of this process and of its
# PDF worker.
WARM = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from rebuild_speed import one_word_changed
from brief.commands.rebuild import Rebuilder
from brief.options import BuildOptions
from brief.render.pdf.worker import PdfWorker

def cpu(worker):
    own = os.times()
    seconds = own.user + own.system
    if worker is not None:
        with open(f"/proc/{worker._process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds

spec, main_only = Path(sys.argv[1]), sys.argv[2] == "1"
worker = PdfWorker.start()
try:
    rebuilder = Rebuilder(spec, BuildOptions(output=spec.parent.parent / "output",
                                             main_only=main_only), worker)
    assert rebuilder.build().result is not None
    print("ready", flush=True)
    for line in sys.stdin:
        one_word_changed(spec, int(line))
        before = cpu(worker)
        rebuild = rebuilder.build()
        assert rebuild.result is not None, [p.format() for p in rebuild.problems]
        print(rebuild.seconds, cpu(worker) - before, flush=True)
finally:
    if worker is not None:
        worker.close()
"""


@dataclass
class Figures:
    """One brief's runs of one measurement: seconds, and CPU seconds of its processes."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def median(self) -> str:
        return (f"{statistics.median(self.seconds):.2f} s (CPU {statistics.median(self.cpu):.2f}"
                f" s; fastest {min(self.seconds):.2f}, slowest {max(self.seconds):.2f})")


def warm_rebuilds(specs: dict[str, tuple[Path, Path]], runs: int,
                  main_only: bool = False) -> dict[str, Figures]:
    """For each brief (name: its src/ folder, and its copy of the spec), the seconds and
    CPU seconds of each rebuild after a one-word change, warm (as `brief watch` does); of
    the memo alone with `main_only` (as watch and preview do), else of every version. The
    briefs take turns, rebuild by rebuild."""
    servers = {}
    for name, (src, spec) in specs.items():
        env = {**os.environ, "PYTHONPATH": str(src)}
        servers[name] = subprocess.Popen(
            [sys.executable, "-c", WARM, str(spec), "1" if main_only else "0",
             str(Path(__file__).parent)], env=env, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE)
    try:
        for server in servers.values():
            assert server.stdout is not None and server.stdout.readline() == "ready\n"
        figures = {name: Figures() for name in specs}
        for run in range(runs):
            for name, server in servers.items():
                assert server.stdin is not None and server.stdout is not None
                server.stdin.write(f"{run}\n")
                server.stdin.flush()
                seconds, cpu = (float(v) for v in server.stdout.readline().split())
                figures[name].seconds.append(seconds)
                figures[name].cpu.append(cpu)
        return figures
    finally:
        for server in servers.values():
            if server.stdin is not None:
                server.stdin.close()
            server.wait()


def batch_folder(scratch: Path, count: int = 20) -> Path:
    """A project of `count` copies of the example, each with a title of its own."""
    folder = scratch / "batch"
    shutil.copytree(REPO / "briefings", folder / "briefings")
    example = (folder / "briefings" / "belarus-2022.yaml").read_text(encoding="utf-8")
    (folder / "briefings" / "belarus-2022.yaml").unlink()
    for n in range(count):
        (folder / "briefings" / f"memo-{n:02d}.yaml").write_text(
            example.replace("Will Belarus join", f"({n}) Will Belarus join", 1),
            encoding="utf-8")
    return folder


def installed(repo: Path, site: Path) -> Path:
    """brief of the checkout `repo`, pip-installed (not editable, bytecode compiled) into
    `site`: the folder to put on PYTHONPATH."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-warn-script-location", "--target", str(site), str(repo)],
                   check=True, capture_output=True)
    return site


def batch_rates(folder: Path, sites: dict[str, Path], runs: int,
                count: int = 20) -> dict[str, Figures]:
    """For each brief (name: where it is installed), the seconds and CPU seconds (of
    `brief build` and every process it waited for) of `brief build briefings --force`
    of the `count` specs; the briefs take turns."""
    figures = {name: Figures() for name in sites}
    for run in range(runs + 1):
        for name, site in sites.items():
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            env["PYTHONPATH"] = str(site)
            start = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-m", "brief", "build", "briefings",
                                        "--force"], cwd=folder, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status):
                assert process.stderr is not None
                raise SystemExit(f"brief build failed:\n{process.stderr.read().decode()}")
            if run:  # the first run of each writes the bytecode and warms the file cache
                figures[name].seconds.append(seconds)
                figures[name].cpu.append(usage.ru_utime + usage.ru_stime)
    return figures


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9,
                        help="warm rebuilds of each kind (9); the batch is built a third as "
                             "many times (at least once)")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of brief to take turns with: the commit "
                             "before the change under test (git worktree add /tmp/base "
                             "HEAD~1)")
    parser.add_argument("--busy", action="store_true",
                        help="keep one core busy meanwhile (a shared terminal server)")
    arguments = parser.parse_args()
    runs = arguments.runs
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    repos = {"this": REPO, **({"against": arguments.against.resolve()}
                              if arguments.against else {})}
    busy = (subprocess.Popen([sys.executable, "-c", "while True: pass"])
            if arguments.busy else None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            measure(Path(tmp), repos, runs, busy=busy is not None)
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()


def label(name: str, repos: dict[str, Path]) -> str:
    """How a line names a checkout."""
    return "this checkout" if name == "this" else f"the checkout {repos[name]}"


def measure(scratch: Path, repos: dict[str, Path], runs: int, busy: bool) -> None:
    turns = ", interleaved" if len(repos) > 1 else ""
    copies = {name: project_copy(scratch / name) for name in repos}
    warm = warm_rebuilds({name: (repo / "src", copies[name]) for name, repo in repos.items()},
                         runs)
    where = f"{'one core kept busy; ' if busy else ''}{load()}"  # as the runs end
    for name, figures in warm.items():
        print(f"warm rebuild after a one-word change, PDF + DOCX, {label(name, repos)} "
              f"(median of {runs}{turns}): {figures.median()}; {where}")
    releases = {name: (repo / "src", with_two_releases(copies[name]))
                for name, repo in repos.items()}
    every = warm_rebuilds(releases, runs)["this"]
    shown = warm_rebuilds(releases, runs, main_only=True)["this"]
    print(f"warm rebuild of a memo with two releases (median of {runs}): every version "
          f"{statistics.median(every.seconds):.2f} s, the one on screen "
          f"{statistics.median(shown.seconds):.2f} s; {load()}")
    folder = batch_folder(scratch)
    sites = {name: installed(repo, scratch / f"site-{name}") for name, repo in repos.items()}
    batch_runs = max(1, runs // 3)
    rates = batch_rates(folder, sites, batch_runs)
    where = f"{'one core kept busy; ' if busy else ''}{load()}"
    for name, figures in rates.items():
        seconds = statistics.median(figures.seconds)
        print(f"batch build of 20 memos on {os.cpu_count()} cores, {label(name, repos)} "
              f"(median of {batch_runs}{turns}): {20 / seconds:.1f} memos/s "
              f"({seconds:.2f} s; CPU {statistics.median(figures.cpu):.2f} s, "
              f"{statistics.median(figures.cpu) / 20:.3f} s a memo); {where}")


if __name__ == "__main__":
    main()
