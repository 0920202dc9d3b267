"""What the Word file's trace costs: `render_docx` of this checkout against another
(before the trace), on the example and on the 40-page memo (long_memo.py's generator),
interleaved, CPU seconds, medians.

Each run is a fresh process that checks the spec once, then renders the Word file
`--renders` times (the first render pays python-docx's imports and is left out); the run's
figure is the median of the others. The two checkouts take turns, run by run.

Run: .venv/bin/python bench/docx_trace.py --against /tmp/base [--runs 5] [--renders 6]
     (/tmp/base: `git archive <commit> | tar -x -C /tmp/base`, the checkout before)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from profile_render import memos

REPO = Path(__file__).resolve().parents[1]

TIMED = """
import json, statistics, sys, time
from pathlib import Path
from brief.pipeline import check
from brief.render.docx import render_docx
checked = check(Path(sys.argv[1]), main_only=True)
times, size = [], 0
for _ in range(int(sys.argv[2])):
    start = time.process_time()
    size = len(render_docx(checked.briefing, checked.template))
    times.append(time.process_time() - start)
print(json.dumps([statistics.median(times[1:]), size]))
"""


def timed(source: Path, spec: Path, renders: int) -> tuple[float, int]:
    environment = {**os.environ, "PYTHONPATH": str(source / "src")}
    result = subprocess.run([sys.executable, "-c", TIMED, str(spec), str(renders)],
                            check=True, capture_output=True, text=True, env=environment,
                            cwd=spec.parent)
    seconds, size = json.loads(result.stdout.splitlines()[-1])
    return float(seconds), int(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", type=Path, required=True,
                        help="the checkout before: its src/ is imported")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--renders", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = memos(Path(tmp), (40,))
        print(f"render_docx, CPU seconds a render, medians of {args.runs} runs interleaved "
              f"(each the median of {args.renders - 1} renders): base {args.against} vs "
              f"this checkout {REPO}")
        print(f"{'memo':<16} {'base':>8} {'new':>8} {'new/base':>9} {'base KB':>8} "
              f"{'new KB':>8}  load average")
        for name in ("example", "40-page memo"):
            figures: dict[str, list[tuple[float, int]]] = {"base": [], "new": []}
            loads = []
            for _ in range(args.runs):
                for label, source in (("base", args.against), ("new", REPO)):
                    figures[label].append(timed(source, found[name], args.renders))
                loads.append(os.getloadavg()[0])
            base = statistics.median(t for t, _ in figures["base"])
            new = statistics.median(t for t, _ in figures["new"])
            print(f"{name:<16} {base:8.3f} {new:8.3f} {new / base:9.2f} "
                  f"{figures['base'][0][1] / 1024:8.0f} {figures['new'][0][1] / 1024:8.0f}"
                  f"  {statistics.median(loads):.2f}")


if __name__ == "__main__":
    main()
