"""Where the PDF's layout and painting time goes: cProfile of brief's render step, in this
process, for the example and for bench/long_memo.py's 40-page quarterly assessment.

For each memo: the time of a first render in a process (WeasyPrint imported beforehand,
not counted) and of a second, then the cumulative time of a third, profiled,
by WeasyPrint stage (HTML parsing, style computation, boxes, layout with its lines
of text and its footnotes, drawing, the PDF's fonts and tags, brief's own passes), how
often the document was paginated, and the top entries by cumulative time. The figures
are in docs/performance.md.

With `--against FOLDER` (another checkout of brief, e.g. `git worktree add /tmp/base HEAD~1`),
it profiles nothing and instead times the render of this checkout and of that one,
interleaved (old and new taking turns, each render in a fresh process with WeasyPrint
imported beforehand), for the example, the 5- and 40-page memos and the other built-in
templates; it prints the medians of the render's wall-clock and CPU seconds (first and
second render in the process), with the load average. `--keep FOLDER` keeps the PDFs of
the last run, as FOLDER/base/<memo>.pdf and FOLDER/new/<memo>.pdf, for
`bench/compare_pages.py FOLDER/base FOLDER/new`.

Run: .venv/bin/python bench/profile_render.py [--size PAGES] [--top N]
     .venv/bin/python bench/profile_render.py --against /tmp/base [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_memo import generate

REPO = Path(__file__).resolve().parents[1]

# (label, file path ending, function): the cumulative time of each is printed.
STAGES = (
    ("brief: the memo's HTML (Jinja)", "brief/render/pdf/html.py", "render_html"),
    ("WeasyPrint: HTML parsed", "weasyprint/__init__.py", "__init__"),
    ("  style: stylesheets and cascade", "weasyprint/css/__init__.py",
     "get_all_computed_styles"),
    ("    stylesheets parsed", "weasyprint/css/__init__.py", "find_stylesheets"),
    ("    selectors compiled (cssselect2)", "cssselect2/compiler.py",
     "compile_selector_list"),
    ("  style: computed styles, all", "weasyprint/css/__init__.py", "set_computed_styles"),
    ("  boxes built", "weasyprint/formatting_structure/build.py",
     "build_formatting_structure"),
    ("  layout, all", "weasyprint/layout/__init__.py", "layout_document"),
    ("    pages made (every pass)", "weasyprint/layout/page.py", "make_all_pages"),
    ("    page made, per page", "weasyprint/layout/page.py", "make_page"),
    ("    margin boxes (running heads)", "weasyprint/layout/page.py", "make_margin_boxes"),
    ("    lines of text (Pango)", "weasyprint/text/line_break.py", "split_first_line"),
    ("    footnotes laid out", "weasyprint/layout/__init__.py", "layout_footnote"),
    ("    footnote area updated", "weasyprint/layout/__init__.py", "_update_footnote_area"),
    ("    ... by brief, notes added up", "brief/render/pdf/notes.py", "_update_footnote_area"),
    ("    ... each note measured once", "brief/render/pdf/notes.py", "_alone"),
    ("    footnotes reported to next page", "weasyprint/layout/column.py",
     "_report_footnotes"),
    ("  write_pdf, all", "weasyprint/document.py", "write_pdf"),
    ("    pages drawn", "weasyprint/draw/__init__.py", "draw_page"),
    ("    text drawn", "weasyprint/draw/text.py", "draw_text"),
    ("    fonts subset (HarfBuzz)", "weasyprint/pdf/fonts.py", "clean"),
    ("    fonts embedded", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("    structure tree (brief's tags)", "brief/render/pdf/tags.py", "add_tags"),
    ("    PDF serialised (pydyf)", "pydyf/__init__.py", "write"),
    ("brief: line-wrap marks", "brief/render/pdf/wraps.py", "mark"),
    ("brief: finisher (PDF/UA)", "brief/render/pdf/finish.py", "finish"),
)


# Generators: cProfile counts a call each time one is resumed, once a page it yields and
# once as it ends (6 for 5 pages); their counts are printed as resumes, not calls.
GENERATORS = {"layout_document", "make_all_pages"}


def cumulative(stats: pstats.Stats, ending: str, function: str) -> tuple[float, int]:
    """Seconds and calls of the outermost calls of `function` in files ending `ending`."""
    seconds, calls = 0.0, 0
    for (file, _, name), (_, primitive, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        if file.endswith(ending) and name == function:
            seconds, calls = seconds + cum, calls + primitive
    return seconds, calls


def profile(spec: Path, top: int) -> None:
    from pypdf import PdfReader

    from brief import pipeline
    from brief.render.pdf.html import render_pdf

    checked = pipeline.check(spec)
    import io

    times = []
    for _ in range(2):  # the first render in a process, then a second, not profiled
        start = time.perf_counter()
        pdf = render_pdf(checked.briefing, checked.template)
        times.append(time.perf_counter() - start)
    first, second = times
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    render_pdf(checked.briefing, checked.template)
    profiler.disable()
    profiled = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    total = sum(value[2] for value in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\n== {spec.name}: {pages} pages; render_pdf first in process {first:.2f} s, "
          f"second {second:.2f} s ({second / pages * 1000:.0f} ms a page); a third, "
          f"profiled: {profiled:.2f} s ({total:.2f} s of own time); the shares below are "
          f"of the profiled time")
    for label, ending, function in STAGES:
        seconds, calls = cumulative(stats, ending, function)
        counted = "resumes" if function in GENERATORS else "calls"
        print(f"{label:<40} {seconds:6.2f} s {seconds / profiled * 100:4.0f} %  {calls:>6} "
              f"{counted}")
    print("(resumes: a generator, counted once a page it yields and once as it ends; "
          "`page made, per page` counts the pages made)")
    print(f"\ntop {top} by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)


# One render timed in a fresh process: WeasyPrint imported and the spec checked first, then
# two renders; prints their wall-clock and CPU seconds as JSON. sys.argv: spec, output PDF.
TIMED = """
import json, sys, time
from pathlib import Path
import weasyprint
from brief import pipeline
from brief.render.pdf.html import render_pdf
checked = pipeline.check(Path(sys.argv[1]))
figures = []
for _ in range(2):
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render_pdf(checked.briefing, checked.template)
    figures.append((time.perf_counter() - wall, time.process_time() - cpu))
Path(sys.argv[2]).write_bytes(pdf)
print(json.dumps(figures))
"""


def memos(folder: Path, sizes: tuple[int, ...]) -> dict[str, Path]:
    """The memos timed: the example in each built-in template, and the long memos."""
    project = folder / "example"
    shutil.copytree(REPO / "briefings", project / "briefings")
    spec = project / "briefings" / "belarus-2022.yaml"
    found = {"example": spec}
    for template in ("briefing-note", "one-pager"):
        text = spec.read_text(encoding="utf-8").replace(
            "\nmarking:", f"\ntemplate: {template}\nmarking:", 1)
        (project / "briefings" / f"{template}.yaml").write_text(text, encoding="utf-8")
        found[template] = project / "briefings" / f"{template}.yaml"
    for size in sizes:
        (folder / f"long{size}").mkdir()
        found[f"{size}-page memo"] = generate(folder / f"long{size}", size)
    return found


def timed(source: Path, spec: Path, pdf: Path) -> list[tuple[float, float]]:
    environment = {**os.environ, "PYTHONPATH": str(source / "src")}
    result = subprocess.run([sys.executable, "-c", TIMED, str(spec), str(pdf)], check=True,
                            capture_output=True, text=True, env=environment)
    return [tuple(pair) for pair in json.loads(result.stdout.splitlines()[-1])]


def median(runs: list[list[tuple[float, float]]], which: int, kind: int) -> float:
    """The median of the `which`th render's wall-clock (kind 0) or CPU (1) seconds."""
    return statistics.median(run[which][kind] for run in runs)


def against(base: Path, runs: int, sizes: tuple[int, ...], keep: Path | None) -> None:
    """The render of this checkout and of `base`, interleaved; medians."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        found = memos(folder, sizes)
        print(f"render_pdf, {runs} runs each, interleaved: base {base} vs this checkout "
              f"{REPO}; seconds, medians (first render in a process / second)")
        print(f"{'memo':<16} {'base wall':>15} {'new wall':>15} {'base CPU':>15} "
              f"{'new CPU':>15} {'CPU new/base':>12}  load average")
        for name, spec in found.items():
            figures: dict[str, list[list[tuple[float, float]]]] = {"base": [], "new": []}
            loads = []
            for _ in range(runs):
                for label, source in (("base", base), ("new", REPO)):
                    pdf = (keep or folder) / label / f"{name.replace(' ', '-')}.pdf"
                    pdf.parent.mkdir(parents=True, exist_ok=True)
                    figures[label].append(timed(source, spec, pdf))
                loads.append(os.getloadavg()[0])

            cells = [f"{median(figures[label], 0, kind):6.2f}/"
                     f"{median(figures[label], 1, kind):.2f}"
                     for kind in (0, 1) for label in ("base", "new")]
            ratio = median(figures["new"], 1, 1) / median(figures["base"], 1, 1)
            print(f"{name:<16} {cells[0]:>15} {cells[1]:>15} {cells[2]:>15} {cells[3]:>15} "
                  f"{ratio:12.2f}  {statistics.median(loads):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--against", type=Path, help="another checkout: time both, interleaved")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="5,40", help="the long memos of --against")
    parser.add_argument("--keep", type=Path, help="keep --against's PDFs in this folder")
    arguments = parser.parse_args()
    if arguments.against:
        against(arguments.against, arguments.runs,
                tuple(int(size) for size in arguments.sizes.split(",")), arguments.keep)
        return
    import weasyprint  # noqa: F401  (its import is not what is measured here)

    profile(REPO / "briefings" / "belarus-2022.yaml", arguments.top)
    with tempfile.TemporaryDirectory() as tmp:
        profile(generate(Path(tmp), arguments.size), arguments.top)


if __name__ == "__main__":
    main()
