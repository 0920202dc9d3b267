"""Print how long resolving passages takes: 1,000 passages against 5 MB of sources, and
how the time grows with the size of the sources and with the number of passages.

The sources are made up (seeded, so every run uses the same text): paragraphs of
words from a large vocabulary, with curly quotes and dashes; the quotes are typed
with straight ones. Loading the files is timed apart from resolving the passages.

Run: .venv/bin/python bench/resolve_speed.py
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from brief.errors import Where
from brief.passages import Resolver
from brief.sources import load_source_file
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


def run(megabytes: float, count: int) -> tuple[float, float, float, int]:
    rng = random.Random(20221)
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_sources(Path(tmp), int(megabytes * 1_000_000), rng)
        started = time.perf_counter()
        sources = {f"s{i}": load_source_file(p, f"s{i}") for i, p in enumerate(paths)}
        loaded = time.perf_counter() - started
        passages = make_passages(sources, count, rng)
        started = time.perf_counter()
        resolver = Resolver(sources, lambda path: Where())
        resolver.prepare()
        indexing = time.perf_counter() - started
        started = time.perf_counter()
        resolved = resolver.resolve_all(passages)
        resolving = time.perf_counter() - started
    return loaded, indexing, resolving, len(resolved)


def main() -> None:
    loaded, indexing, resolving, count = run(5, 1000)
    print(f"1000 passages against 5 MB of sources ({FILES} files):")
    print(f"  loading and numbering the sources: {loaded:.2f} s")
    print(f"  indexing them (normal form):       {indexing:.2f} s")
    print(f"  resolving the passages:            {resolving:.2f} s, "
          f"{resolving / count * 1000:.3f} ms a passage")
    print(f"  total:                             {loaded + indexing + resolving:.2f} s")
    print("scaling (index + resolve):")
    for megabytes, passages in ((1, 1000), (2.5, 1000), (5, 1000), (5, 250), (5, 4000)):
        _, index_time, seconds, _ = run(megabytes, passages)
        print(f"  {megabytes:>4} MB, {passages:>4} passages: index {index_time:.2f} s, "
              f"resolve {seconds:.2f} s")


if __name__ == "__main__":
    main()
