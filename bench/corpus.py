"""Print how well brief reads real documents nobody here wrote (../shared/corpus).

- Web pages (trafilatura's evaluation pages): of the strings that belong to the article,
  how many verify as quotes, and how many fail saying they are on the page outside the
  article text (and that `scope: page` cites them); of the boilerplate strings, how many
  stay out of the article text.
- PDFs and Word files: of the quotes a reader copies from the page
  (tests/data/corpus/quotes.yaml), how many verify, by kind (across page and column
  breaks, hyphenated line ends, text boxes, tracked changes, footnotes); how many running
  headers, footers and page numbers stay out; paragraph counts against a person's.
- Word files in every flavour: the same quotes, of each Word file saved as Strict Open
  XML, .docm, .dotx, .dotm, and (where LibreOffice is installed, which saves them) as
  Word 97-2003 .doc, RTF, .odt and Word 2003 XML.

Run: .venv/bin/python bench/corpus.py [web] [pdf] [docx]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from brief.errors import BriefError, PassageError, Where
from brief.passages import Resolver
from brief.sources import load_source_file
from brief.sources.matching import normal_form
from brief.spec import PassageSpec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from word_flavours import (  # noqa: E402 (the tests' helpers)
    LIBREOFFICE_FILTERS,
    libreoffice_copy,
    package_copy,
    strict_copy,
)

CORPUS = REPO.parent / "shared" / "corpus"
QUOTES = REPO / "tests" / "data" / "corpus" / "quotes.yaml"


@dataclass
class Rates:
    verified: int = 0
    explained: int = 0  # failed, saying the quote is on the page outside the article
    cut: int = 0  # failed, saying the quote begins or ends inside a word of the source
    tried: int = 0
    kept_out: int = 0
    furniture: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    kind_tried: Counter[str] = field(default_factory=Counter)
    paragraphs: list[tuple[str, int, int]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _verify(resolver: Resolver, quote: str) -> str:
    """"verified", "outside" (on the page, outside the article) or "failed"."""
    try:
        resolver.resolve(PassageSpec(source="s", quote=quote, key_path=("q",)))
    except PassageError as error:
        if "occurs" in error.message and "times" in error.message:
            return "verified"  # found more than once: a prefix picks one
        if "inside a word" in error.message:
            return "cut"  # the quote cuts a word short, and brief says so
        return "outside" if "outside the article text" in error.message else "failed"
    return "verified"


def measure_web(limit: int | None = None) -> Rates:
    expected = json.loads((CORPUS / "web" / "expected.json").read_text(encoding="utf-8"))
    rates = Rates()
    for number, entry in enumerate(expected.values()):
        if limit is not None and number >= limit:
            break
        path = CORPUS / "web" / entry["file"]
        try:
            source = load_source_file(path)
        except BriefError:
            rates.tried += len(entry["with"])
            rates.kept_out += len(entry["without"])
            rates.furniture += len(entry["without"])
            rates.misses.extend(f"{entry['file']}: unreadable: {q}" for q in entry["with"])
            continue
        resolver = Resolver({"s": source}, lambda key, path=path: Where(path))
        text = "\n".join(normal_form(p.text) for p in source.paragraphs)
        for quote in entry["with"]:
            rates.tried += 1
            outcome = _verify(resolver, quote)
            rates.verified += outcome == "verified"
            rates.explained += outcome == "outside"
            rates.cut += outcome == "cut"
            if outcome == "failed":
                rates.misses.append(f"{entry['file']}: {quote}")
        for boilerplate in entry["without"]:
            rates.furniture += 1
            rates.kept_out += normal_form(boilerplate) not in text
    return rates


def measure_files(kind: str) -> Rates:
    """Quotes, furniture and paragraph counts of the corpus's PDFs or Word files."""
    cases = yaml.safe_load(QUOTES.read_text(encoding="utf-8"))
    rates = Rates()
    for name, case in cases.items():
        if not name.startswith(kind + "/"):
            continue
        path = CORPUS / name
        source = load_source_file(path)
        resolver = Resolver({"s": source}, lambda key, path=path: Where(path))
        for quote_kind, quote in case["quotes"]:
            rates.tried += 1
            rates.kind_tried[quote_kind] += 1
            if _verify(resolver, quote) == "verified":
                rates.verified += 1
                rates.by_kind[quote_kind] += 1
            else:
                rates.misses.append(f"{name}: [{quote_kind}] {quote}")
        text = "\n".join(normal_form(p.text) for p in source.paragraphs)
        for furniture in case.get("furniture") or ():
            rates.furniture += 1
            if normal_form(furniture) not in text:
                rates.kept_out += 1
            else:
                rates.misses.append(f"{name}: furniture kept: {furniture}")
        if case.get("paragraphs"):
            # `paragraph pages: [first, last]`: a person counted those pages only
            first, last = case.get("paragraph pages") or (1, 10**6)
            counted = [p for p in source.paragraphs if p.page is None
                       or first <= p.page <= last]
            rates.paragraphs.append((name, case["paragraphs"], len(counted)))
    return rates


def measure_word_flavours() -> dict[str, tuple[int, int]]:
    """Of each flavour, the quotes of the corpus's Word files that verify, and all."""
    cases = {name: case for name, case in yaml.safe_load(
        QUOTES.read_text(encoding="utf-8")).items() if name.startswith("docx/")}
    flavours = [".strict.docx", ".docm", ".dotx", ".dotm"]
    if shutil.which("soffice"):
        flavours += list(LIBREOFFICE_FILTERS)
    found: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for flavour in flavours:
            verified = tried = 0
            for name, case in cases.items():
                original = CORPUS / name
                if flavour == ".strict.docx":
                    path = Path(folder) / f"{original.stem}{flavour}"
                    path.write_bytes(strict_copy(original.read_bytes()))
                elif flavour in LIBREOFFICE_FILTERS:
                    path = libreoffice_copy(original, flavour, Path(folder))
                else:
                    path = Path(folder) / f"{original.stem}{flavour}"
                    path.write_bytes(package_copy(original.read_bytes(), flavour))
                tried += len(case["quotes"])
                try:
                    source = load_source_file(path)
                except BriefError:
                    continue
                resolver = Resolver({"s": source}, lambda key, path=path: Where(path))
                verified += sum(_verify(resolver, quote) == "verified"
                                for _, quote in case["quotes"])
            found[flavour.lstrip(".")] = (verified, tried)
    return found


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "0/0"


def main(kinds: list[str]) -> None:
    for kind in kinds or ["web", "pdf", "docx"]:
        started = time.perf_counter()
        rates = measure_web() if kind == "web" else measure_files(kind)
        took = time.perf_counter() - started
        print(f"{kind}: quotes verified {_share(rates.verified, rates.tried)}", end="")
        if kind == "web":
            print(f"; verified or explained (outside the article, `scope: page`) "
                  f"{_share(rates.verified + rates.explained, rates.tried)}; with quotes "
                  f"that cut a word short (brief says so) "
                  f"{_share(rates.verified + rates.explained + rates.cut, rates.tried)}",
                  end="")
        print(f"; {'boilerplate' if kind == 'web' else 'furniture'} kept out "
              f"{_share(rates.kept_out, rates.furniture)}; {took:.1f} s")
        for quote_kind in sorted(rates.kind_tried):
            share = _share(rates.by_kind[quote_kind], rates.kind_tried[quote_kind])
            print(f"  {quote_kind}: {share}")
        for name, person, brief in rates.paragraphs:
            print(f"  paragraphs of {name}: {brief} (a person counts {person}, "
                  f"{abs(brief - person) / person:.0%} off)")
        if kind == "docx":
            for flavour, (verified, tried) in measure_word_flavours().items():
                print(f"  saved as {flavour}: quotes verified {_share(verified, tried)}")
        for miss in rates.misses[:40]:
            print(f"  miss: {miss[:150]}")


if __name__ == "__main__":
    main(sys.argv[1:])
