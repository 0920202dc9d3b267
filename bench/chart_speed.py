"""What a chart costs: matplotlib's import in a new process (the charting library brief
loads only when a memo has a chart), and the example built with and without two charts
(a bar chart from a CSV and a dot plot written in the spec), cold (`brief build` as a new
process, as a user runs it) and warm (a second build in the same process, as `brief
watch` and `brief preview` rebuild). Medians of several runs, interleaved, in a scratch
copy of the example project.

Run: .venv/bin/python bench/chart_speed.py [--runs N]
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
IMPORT = ("import time; t = time.perf_counter(); "
          "from matplotlib.figure import Figure; "
          "from matplotlib.backends.backend_svg import FigureCanvasSVG; "
          "print(time.perf_counter() - t)")
CHARTS = """
      - text: Belarus's trade leans on Russia (illustrative figures).
        chart:
          type: bar
          title: Exports by partner (illustrative)
          data: data/trade.csv
          units: "%"
          credit: Illustrative figures
      - text: Estimates of Russian troops in Belarus varied (illustrative figures).
        chart:
          type: dotplot
          title: Russian troops in Belarus, estimates (illustrative)
          data:
            estimate: [NATO, Ukraine, Open sources]
            troops: [30000, 35000, 25000]
            low: [25000, 30000, 15000]
            high: [35000, 40000, 30000]
          low: low
          high: high
          credit: Illustrative figures
"""
WARM = ("import sys, time\nfrom pathlib import Path\nimport brief\n"
        "from brief.options import BuildOptions\n"
        "spec = Path(sys.argv[1])\n"
        "options = BuildOptions(output=spec.parent / 'out-warm')\n"
        "brief.build(spec, options)\n"
        "t = time.perf_counter()\nbrief.build(spec, options)\n"
        "print(time.perf_counter() - t)\n")


def projects(scratch: Path) -> dict[str, Path]:
    """The example as it is, and with the two charts at the end of its last section."""
    shutil.copytree(REPO / "briefings", scratch / "briefings")
    plain = scratch / "briefings" / "belarus-2022.yaml"
    (scratch / "briefings" / "data").mkdir()
    (scratch / "briefings" / "data" / "trade.csv").write_text(
        "partner,share\nRussia,41\nEU,22\nUkraine,12\nChina,4\nOther,21\n", encoding="utf-8")
    charted = plain.with_name("charted.yaml")
    charted.write_text(plain.read_text(encoding="utf-8").rstrip("\n") + CHARTS,
                       encoding="utf-8")
    return {"without a chart": plain, "with two charts": charted}


# As a user runs brief: bytecode written once and read after (this environment sets
# PYTHONDONTWRITEBYTECODE, which would compile every module on every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    imports = [float(subprocess.run([sys.executable, "-c", IMPORT], check=True,
                                    capture_output=True, text=True, env=ENV).stdout)
               for _ in range(runs)]
    print(f"matplotlib (Figure and the SVG canvas) imported in a new process: "
          f"{statistics.median(imports):.2f} s (median of {runs})")
    with tempfile.TemporaryDirectory() as folder:
        specs = projects(Path(folder))
        cold: dict[str, list[float]] = {name: [] for name in specs}
        warm: dict[str, list[float]] = {name: [] for name in specs}
        for _ in range(runs):
            for name, spec in specs.items():
                cold[name].append(seconds([sys.executable, "-m", "brief", "build", str(spec),
                                           "--force", "--output", str(spec.parent / "out")]))
                warm[name].append(float(subprocess.run(
                    [sys.executable, "-c", WARM, str(spec)], check=True, capture_output=True,
                    text=True, env=ENV).stdout))
        for name in specs:
            print(f"the example {name}: cold build {statistics.median(cold[name]):.2f} s, "
                  f"warm rebuild {statistics.median(warm[name]):.2f} s "
                  f"(medians of {runs})")


if __name__ == "__main__":
    main()
