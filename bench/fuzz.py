"""Fuzz brief with mutated specs (tests/fuzzing.py): check each, build each that `brief
check` accepts, and print how many ended in an internal error (any exception but brief's
own messages), by cause. The aim is none.

Run: make fuzz   (or: .venv/bin/python bench/fuzz.py [--runs 10000] [--keep DIR])
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))


def run(first: int, count: int) -> tuple[Counter[str], dict[str, str], int, int]:
    """Fuzz `count` specs, seeds `first` on: the causes of internal errors (with a spec
    for each), how many `brief check` accepted, and how many of those built."""
    from brief.errors import BriefError
    from brief.options import BuildOptions
    from brief.pipeline import build, check
    from fuzzing import mutated_spec, text_mutated_spec

    causes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    accepted = built = 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(TESTS / "data" / "sources", root / "sources")
        spec = root / "memo.yaml"
        for seed in range(first, first + count):
            rng = random.Random(seed)
            text = text_mutated_spec(rng) if seed % 4 == 0 else mutated_spec(rng)
            spec.write_text(text, encoding="utf-8")
            stage = "check"
            try:
                checked = check(spec, root)
                accepted += 1
                stage = "build"
                build(spec, BuildOptions(output=root / "output", root=root,
                                         email=checked.spec.distribution is not None))
                built += 1
            except BriefError:
                if stage == "check":
                    continue
                cause = "checked, then refused by build"
                causes[cause] += 1
                examples.setdefault(cause, text)
            except Exception as exc:
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                cause = (f"{stage}: {type(exc).__name__}: {str(exc)[:80]} "
                         f"({Path(frame.filename).name}:{frame.lineno})")
                causes[cause] += 1
                examples.setdefault(cause, text)
    return causes, examples, accepted, built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write a spec of each cause into DIR")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    share = -(-args.runs // workers)
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        results = pool.starmap(run, [(i * share, min(share, args.runs - i * share))
                                     for i in range(workers)])
    causes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    accepted = built = 0
    for found, kept, ok, done in results:
        causes.update(found)
        for cause, text in kept.items():
            examples.setdefault(cause, text)
        accepted += ok
        built += done
    took = time.perf_counter() - start
    print(f"{args.runs} mutated specs in {took:.0f} s: {accepted} accepted by brief check, "
          f"{built} of them built")
    print(f"internal errors: {sum(causes.values())} ({len(causes)} distinct causes)")
    for cause, count in causes.most_common():
        print(f"  {count:5d}  {cause}")
    if args.keep and examples:
        args.keep.mkdir(parents=True, exist_ok=True)
        for number, (cause, text) in enumerate(examples.items(), start=1):
            (args.keep / f"cause-{number}.yaml").write_text(f"# {cause}\n{text}",
                                                            encoding="utf-8")


if __name__ == "__main__":
    main()
