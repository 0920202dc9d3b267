"""Print how long `brief find` takes to search, and how long the quotes it offers are: the
two sample articles (briefings/sources), and the longest PDF of ../shared/corpus (a WHO
guideline of 1,321 paragraphs) where it is there. Reading the sources is timed apart; each
search starts with no word stemmed yet.

Run: .venv/bin/python bench/find_speed.py
"""

from __future__ import annotations

import time
from pathlib import Path

from brief.commands import find
from brief.sources import load_source_file

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ([ROOT / "briefings" / "sources" / "wolff-bayok-belarus-2022.txt",
      ROOT / "briefings" / "sources" / "korybko-belarus-2020.txt"],
     ["Chinese investment", "Lukashenko Russia", "Crimea", "Wagner mercenaries"]),
    ([ROOT.parent / "shared" / "corpus" / "pdf" / "test-3820.pdf"],
     ["vaccine recommendations", "hepatitis treatment children"]),
]


def main() -> None:
    for files, queries in CASES:
        if not all(f.exists() for f in files):
            print(f"{files[0].name}: not there, skipped")
            continue
        started = time.perf_counter()
        sources = [load_source_file(f, f.stem.split("-")[0]) for f in files]
        count = sum(len(s.paragraphs) for s in sources)
        print(f"{', '.join(f.name for f in files)}: {count} paragraphs, read in "
              f"{time.perf_counter() - started:.2f} s")
        for query in queries:
            find._stem.cache_clear()
            started = time.perf_counter()
            hits = find.search(sources, query, limit=5)
            took = time.perf_counter() - started
            lengths = [len(h.sentence.split()) if "quote" in h.selector else
                       len(h.source.paragraph(h.paragraph).text.split()) for h in hits]
            print(f"  {query!r}: {took:.2f} s, {len(hits)} hits, quotes of {lengths} words")


if __name__ == "__main__":
    main()
