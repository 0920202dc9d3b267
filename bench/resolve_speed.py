"""Print how long resolving passages takes: 1,000 passages against 5 MB of sources, and
how the time grows with the size of the sources and with the number of passages.

The sources are made up (seeded, so every run uses the same text): paragraphs of
words from a large vocabulary, with curly quotes and dashes; the quotes are typed
with straight ones. Loading the files is timed apart from indexing them and resolving
the passages. Each figure is the median of `--runs` runs (3), wall-clock and CPU time
(this process's user + system seconds), with the machine's load average; the scaling
lines show whether the time grows linearly with the sources and with the passages.

To compare with another checkout, run this script with its source first on the path, the
two taking turns: `PYTHONPATH=/tmp/base/src .venv/bin/python bench/resolve_speed.py`.

Run: .venv/bin/python bench/resolve_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from brief.errors import Where
from brief.passages import Resolver
from brief.sources import load_source_file, loading
from brief.spec import PassageSpec

FILES = 5


def make_sources(folder: Path, total_bytes: int, rng: random.Random) -> list[Path]:
    syllables = ["ka", "lo", "mi", "nu", "re", "sa", "ti", "vo", "ze", "pa", "du", "gri"]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                         for _ in range(20000)})
    paths = []
    for number in range(FILES):
        paragraphs, size = [], 0
        while size < total_bytes // FILES:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(60, 120))]
            words[rng.randrange(len(words))] = "“quoted”"
            words[rng.randrange(len(words))] = "—"
            paragraph = " ".join(words).capitalize() + "."
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        path = folder / f"source-{number}.txt"
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def make_passages(sources: dict, count: int, rng: random.Random) -> list[PassageSpec]:
    passages = []
    for number in range(count):
        source_id = rng.choice(list(sources))
        paragraph = rng.choice(sources[source_id].paragraphs).text.split()
        start = rng.randrange(len(paragraph) - 14)
        quote = " ".join(paragraph[start:start + rng.randint(8, 14)])
        quote = quote.replace("“", '"').replace("”", '"').replace("—", "--")
        passages.append(PassageSpec(source=source_id, quote=quote,
                                    key_path=("passages", number)))
    return passages


Timing = tuple[float, float]  # wall-clock and CPU seconds


def timed(step):  # type: ignore[no-untyped-def]
    """Run `step`; its result, and its wall-clock and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def run(megabytes: float, count: int) -> tuple[Timing, Timing, Timing, int]:
    rng = random.Random(20221)
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_sources(Path(tmp), int(megabytes * 1_000_000), rng)
        loading._READ.clear()  # the files read in a run before: read them anew
        sources, loaded = timed(lambda: {f"s{i}": load_source_file(p, f"s{i}")
                                         for i, p in enumerate(paths)})
        passages = make_passages(sources, count, rng)

        def index() -> Resolver:
            resolver = Resolver(sources, lambda path: Where())
            resolver.prepare()
            return resolver

        resolver, indexing = timed(index)
        resolved, resolving = timed(lambda: resolver.resolve_all(passages))
    return loaded, indexing, resolving, len(resolved)


def medians(megabytes: float, count: int, runs: int) -> tuple[Timing, Timing, Timing, int]:
    """The median of each step's wall-clock and CPU time over `runs` runs."""
    results = [run(megabytes, count) for _ in range(runs)]

    def median(step: int) -> Timing:
        return (statistics.median(r[step][0] for r in results),  # type: ignore[index]
                statistics.median(r[step][1] for r in results))  # type: ignore[index]

    return median(0), median(1), median(2), results[0][3]


def show(timing: Timing) -> str:
    return f"{timing[0]:.2f} s (CPU {timing[1]:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    loaded, indexing, resolving, count = medians(5, 1000, runs)
    total = (loaded[0] + indexing[0] + resolving[0], loaded[1] + indexing[1] + resolving[1])
    print(f"1000 passages against 5 MB of sources ({FILES} files), medians of {runs} runs, "
          f"load average {os.getloadavg()[0]:.2f}:")
    print(f"  loading and numbering the sources: {show(loaded)}")
    print(f"  indexing them (normal form):       {show(indexing)}")
    print(f"  resolving the passages:            {show(resolving)}, "
          f"{resolving[0] / count * 1000:.3f} ms a passage")
    print(f"  total:                             {show(total)}")
    print("scaling (load + index + resolve, CPU seconds; per MB and per 1,000 passages):")
    for megabytes, passages in ((1, 1000), (2.5, 1000), (5, 1000), (5, 250), (5, 4000)):
        load, index_time, seconds, _ = medians(megabytes, passages, runs)
        print(f"  {megabytes:>4} MB, {passages:>4} passages: load {load[1]:.2f} s, "
              f"index {index_time[1]:.2f} s ({index_time[1] / megabytes:.3f} s/MB), "
              f"resolve {seconds[1]:.2f} s ({seconds[1] / passages * 1000:.2f} s/1,000)"
              f"; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
