"""Print how long `brief build` (both formats) and `brief check` take on the example,
cold (a new process each run), as medians over several runs; and, where pandoc is
installed, how long `pandoc --pdf-engine=weasyprint` takes for the same memo as PDF only.

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


# pandoc runs the `weasyprint` command: the one installed beside this Python.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def median_time(command: list[str], cwd: Path, runs: int) -> float:
    timed(command, cwd)  # warm the file cache; not counted
    return statistics.median(timed(command, cwd) for _ in range(runs))


def memo_markdown(out: Path) -> Path:
    """The example memo as Markdown, with the same words as brief's output."""
    from brief.pipeline import check

    briefing = check(EXAMPLE, REPO).briefing
    lines = [f"# {briefing.title}", "", briefing.subtitle or "", ""]
    lines += [f"**{f.label}:** {f.value}  " for f in briefing.header] + [""]
    lines += ["## Bottom line up front", "", *(b.plain for b in briefing.bluf
                                               if hasattr(b, "plain")), ""]
    for section in briefing.sections:
        lines += [f"## {section.title}", ""]
        for group in section.groups:
            if group.heading:
                lines += [f"### {group.heading}", ""]
            for point in group.points:
                lines += [f"- {point.body[0].plain}" if point.body else "-", ""]
                extras = [point.estimate.statement] if point.estimate else []
                extras += [b.plain for b in point.levers + point.implication
                           if hasattr(b, "plain")]
                extras += [b.plain for item in point.pros + point.cons for b in item
                           if hasattr(b, "plain")]
                lines += [f"  {text}" for text in extras] + ([""] if extras else [])
                for quotation in point.quotations:
                    lines += [f"  > {t}" for t in quotation.texts]
                    lines += [f"  > ({quotation.citation.label})", ""]
    lines += ["## Sources", ""] + [f"- **{s.short}:** {s.reference}" for s in briefing.sources]
    for legend in briefing.legends:
        lines += ["", f"**{legend.title}:** " + "; ".join(
            f"{e.key} {e.meaning}" for e in legend.entries)]
    path = out / "memo.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    brief = [sys.executable, "-m", "brief"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build = median_time([*brief, "build", str(EXAMPLE), "-o", str(out)], REPO, runs)
        email = median_time([*brief, "build", str(EXAMPLE), "-o", str(out), "--email"],
                            REPO, runs)
        check = median_time([*brief, "check", str(EXAMPLE)], REPO, runs)
        help_time = median_time([*brief, "--help"], REPO, runs)
        pdf, docx = out / "belarus-2022.pdf", out / "belarus-2022.docx"
        print(f"brief build, PDF + DOCX (median of {runs} cold runs): {build:.2f} s")
        print(f"brief build --email, + .eml draft (median of {runs}):  {email:.2f} s")
        print(f"brief check (median of {runs}):                        {check:.2f} s")
        print(f"brief --help (median of {runs}):                       {help_time:.2f} s")
        print(f"output sizes: PDF {pdf.stat().st_size / 1024:.0f} KB, "
              f"DOCX {docx.stat().st_size / 1024:.0f} KB, "
              f"EML {(out / 'belarus-2022.eml').stat().st_size / 1024:.0f} KB")
        if shutil.which("pandoc") is None:
            print("pandoc: not installed, no comparison (apt-get install pandoc)")
            return
        markdown = memo_markdown(out)
        command = ["pandoc", str(markdown), "--pdf-engine=weasyprint", "-o", str(out / "p.pdf")]
        try:
            pandoc = median_time(command, REPO, runs)
        except subprocess.CalledProcessError as failed:
            print(f"pandoc failed ({failed.stderr.decode(errors='replace').strip()}): "
                  "no comparison")
            return
        print(f"pandoc --pdf-engine=weasyprint, PDF only (median of {runs}): {pandoc:.2f} s")
        print(f"ratio brief build (both formats) / pandoc (PDF only): {build / pandoc:.2f}")


if __name__ == "__main__":
    main()
