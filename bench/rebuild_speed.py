"""The edit-to-look loop, timed: a warm rebuild after a one-word change to the spec (both
formats, as `brief watch` and `brief preview` do it; and of a memo with two releases,
every version against the one on screen), and a batch of 20 memos. (The preview, from
saving the spec to the new word on screen in chromium: bench/preview_speed.py.)

Each figure is a median over several runs, in a scratch copy of the example project.

Run: make bench   (or: .venv/bin/python bench/rebuild_speed.py [--runs N])
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


def warm_rebuilds(spec: Path, runs: int, main_only: bool = False) -> list[float]:
    """Seconds for each rebuild after a one-word change, warm (as `brief watch` does);
    of the memo alone with `main_only` (as watch and preview do), else of every version."""
    from brief.commands.rebuild import Rebuilder
    from brief.options import BuildOptions
    from brief.render.pdf.worker import PdfWorker

    worker = PdfWorker.start()
    try:
        rebuilder = Rebuilder(spec, BuildOptions(output=spec.parent.parent / "output",
                                                 main_only=main_only), worker)
        assert rebuilder.build().result is not None  # cold: not counted
        times = []
        for run in range(runs):
            one_word_changed(spec, run)
            rebuild = rebuilder.build()
            assert rebuild.result is not None, [p.format() for p in rebuild.problems]
            times.append(rebuild.seconds)
        return times
    finally:
        if worker is not None:
            worker.close()


def batch_rate(scratch: Path, runs: int, count: int = 20) -> float:
    """Memos per second for `brief build` of a folder of `count` specs."""
    folder = scratch / "batch"
    shutil.copytree(REPO / "briefings", folder / "briefings")
    example = (folder / "briefings" / "belarus-2022.yaml").read_text(encoding="utf-8")
    (folder / "briefings" / "belarus-2022.yaml").unlink()
    for n in range(count):
        (folder / "briefings" / f"memo-{n:02d}.yaml").write_text(
            example.replace("Will Belarus join", f"({n}) Will Belarus join", 1),
            encoding="utf-8")
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "brief", "build", "briefings", "--force"],
                       cwd=folder, check=True, capture_output=True)
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        spec = project_copy(scratch)
        warm = warm_rebuilds(spec, runs)
        print(f"warm rebuild after a one-word change, PDF + DOCX (median of {runs}): "
              f"{statistics.median(warm):.2f} s (fastest {min(warm):.2f}, slowest "
              f"{max(warm):.2f})")
        releases = with_two_releases(spec)
        every = warm_rebuilds(releases, runs)
        shown = warm_rebuilds(releases, runs, main_only=True)
        print(f"warm rebuild of a memo with two releases (median of {runs}): every version "
              f"{statistics.median(every):.2f} s, the one on screen "
              f"{statistics.median(shown):.2f} s")
        print(f"batch build of 20 memos on {os.cpu_count()} cores (median of 3): "
              f"{batch_rate(scratch, 3):.1f} memos/s")


if __name__ == "__main__":
    main()
