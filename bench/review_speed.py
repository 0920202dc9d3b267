"""Print how long `brief review` takes on the example reviewed in LibreOffice: the reviewed
file read (`read_reviewed`), what it asks of the spec decided (`find`: placing each change,
carrying it into the Markdown, the source's closest words for a changed quotation), and the
whole command as a user runs it, cold (a new process each time), listing and with
`--apply` (on a fresh copy of the spec each run).

brief is pip-installed into a scratch folder (not editable, its bytecode compiled:
build_speed.py's helpers). The example is built once as .docx and reviewed once, as a head
of desk would, with Track Changes on: in LibreOffice through UNO (../shared/tools/
lo_review.py, with Debian's python3-uno), else, where LibreOffice is absent, as Word 365
writes a review (tests/review/word_review.py): rewordings, deletions, an insertion, words
changed inside a quotation and in an option's cons, two comments. The in-process figures
are medians of `--repeat` calls after the first (each first call, which pays the imports,
printed apart); the command's, medians of `--runs` runs after one not counted; the load
average beside each.

Run: make bench   (or: .venv/bin/python bench/review_speed.py [--runs N] [--repeat N])
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import environment, install, load

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
LO_REVIEW = next((p for p in (REPO / "tests" / "tools" / "lo_review.py",
                              REPO.parent / "shared" / "tools" / "lo_review.py")
                  if p.exists()), None)
OPERATIONS = (
    "replace:unlikely to enter the war=>very unlikely to join the war",
    "replace:rests more with Moscow=>rests chiefly with Moscow",
    "delete:The warning sign to watch is a staged incident inside Belarus.",
    "insert-after:To survive in power=>, above all else",
    "replace:extra unpopular=>very unpopular",
    "delete: further",
    "comment:differentiate between Minsk and Moscow=>Check this line with the Political "
    "Director first",
    "comment:a staged incident=>Which incident?",
)

# Run with the installed brief: each stage's first call, then the median of the rest (ms).
STAGES = """
import json, statistics, sys, time
from pathlib import Path
spec_path, reviewed, root, repeat = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), \\
    int(sys.argv[4])
out = {}
def timed(name, run):
    start = time.perf_counter()
    result = run()
    first = time.perf_counter() - start
    took = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    out[name] = (first * 1000, statistics.median(took) * 1000)
    return result
from brief.review.reviewed import read_reviewed
from brief.review.against import check_belongs, closest_in_sources
from brief.review.findings import find
from brief.spec.reader import read_spec
spec, _, _ = timed("read_spec", lambda: read_spec(spec_path, root))
document = timed("read_reviewed", lambda: read_reviewed(reviewed))
timed("check_belongs", lambda: check_belongs(document.trace, spec, reviewed, root))
review = timed("find", lambda: find(document, spec.document, closest_in_sources(spec, root)))
out["findings"] = len(review.findings)
out["changes"] = sum(len(p.changes) for p in document.paragraphs)
print(json.dumps(out))
"""


def make_review(brief: Path, env: dict[str, str], project: Path) -> tuple[Path, str]:
    """The example built as .docx and reviewed: the file, and who reviewed it."""
    subprocess.run([str(brief), "build", "briefings/belarus-2022.yaml", "-f", "docx"],
                   cwd=project, env=env, check=True, capture_output=True)
    built = project / "output" / "belarus-2022.docx"
    reviewed = project / "reviewed.docx"
    uno = shutil.which("soffice") and Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    if LO_REVIEW is not None and uno:
        subprocess.run([SYSTEM_PYTHON, str(LO_REVIEW), str(built), "--out", str(reviewed),
                        "--author", "Head of Desk", *OPERATIONS], check=True,
                       capture_output=True, timeout=300)
        return reviewed, "LibreOffice (lo_review.py)"
    sys.path.insert(0, str(REPO / "tests" / "review"))
    from word_review import word_review  # the tests' reviewer, imported on demand

    word_review(built, *OPERATIONS, author="Head of Desk", out=reviewed)
    return reviewed, "Word 365, as tests/review/word_review.py writes it (no LibreOffice)"


def command(argv: list[str], env: dict[str, str], cwd: Path, runs: int,
            before: object = None) -> float:
    """The median seconds of `argv` over `runs` new processes (one more first, not
    counted); `before` (if given) is called before each, untimed."""
    took = []
    for index in range(runs + 1):
        if callable(before):
            before()
        start = time.perf_counter()
        result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
        wall = time.perf_counter() - start
        if result.returncode not in (0, 3):  # 3: some change cannot be applied
            sys.exit(f"{' '.join(argv)} failed:\n{result.stderr.decode()}")
        if index:
            took.append(wall)
    return statistics.median(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command")
    parser.add_argument("--repeat", type=int, default=20, help="calls of each stage")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="brief-review-bench-") as scratch:
        site, project = Path(scratch) / "site", Path(scratch) / "project"
        brief = install(site)
        env = environment(site)
        shutil.copytree(REPO / "briefings", project / "briefings")
        reviewed, by = make_review(brief, env, project)
        spec = project / "briefings" / "belarus-2022.yaml"
        original = spec.read_bytes()
        stages = json.loads(subprocess.run(
            [sys.executable, "-c", STAGES, str(spec), str(reviewed), str(project),
             str(args.repeat)], env=env, check=True, capture_output=True, text=True,
            cwd=project).stdout)
        print(f"brief review of the example ({len(original.splitlines())} lines) reviewed "
              f"in {by}: {stages['changes']} tracked changes, {stages['findings']} findings "
              f"(load average {load()})")
        print(f"  in one process (first call, with its imports; then the median of "
              f"{args.repeat}):")
        for name in ("read_spec", "read_reviewed", "check_belongs", "find"):
            first, median = stages[name]
            print(f"    {name:14} {first:7.1f} ms first, {median:6.1f} ms after")
        argv = [str(brief), "review", "briefings/belarus-2022.yaml", str(reviewed)]
        listing = command(argv, env, project, args.runs)
        print(f"  brief review, cold: {listing:.2f} s (median of {args.runs}; load average "
              f"{load()})")
        applying = command([*argv, "--apply", "--no-backup"], env, project, args.runs,
                           before=lambda: spec.write_bytes(original))
        print(f"  brief review --apply, cold (the spec written, then checked): "
              f"{applying:.2f} s (median of {args.runs}; load average {load()})")
        spec.write_bytes(original)


if __name__ == "__main__":
    main()
