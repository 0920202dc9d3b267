"""Long memos: a quarterly assessment, generated, built at about 5, 10, 20 and 40 pages.

The generator writes a scratch project deterministically (the same bytes every run): a spec
of 12 sections (risks, incentives, indicators, options, recommendations and text), 200
passages at 40 pages (one a point) quoted from 12 sources of every format brief reads (.txt,
.md, .html, .docx made with python-docx, .pdf made with WeasyPrint), 3 pipe tables and 2
figures (a PNG and an SVG). `size` is the number of pages aimed at; the points and passages
grow with it, the sections, sources, tables and figures do not.

Each size is built cold (a new `brief build` process, brief pip-installed, not editable, its
bytecode compiled: build_speed.py's helpers) and warm (a rebuild after a one-word change in
one process, as `brief watch` does), the sizes taking turns; printed per size: pages,
seconds, seconds a page, and peak memory (the largest resident set of the build's
processes, from wait4). With pandoc installed, the peer (pandoc making the PDF alone of the
40-page memo's Markdown, read from brief's own .docx, through WeasyPrint) is timed beside
the largest size.

With `--against DIR` (another checkout of brief: the commit before the change under test,
`git worktree add /tmp/base HEAD~1`) it builds only cold, this checkout's brief and DIR's
(each pip-installed) and the pandoc peer taking turns, run by run, and prints for each
size the medians of the seconds and of the CPU seconds (user + system of the command and
of the processes it waited for), and each brief's ratio to pandoc.

Run: make bench   (or: .venv/bin/python bench/long_memo.py [--runs N] [--sizes 5,10,20,40]
[--busy] [--against DIR]: `--busy` keeps one core busy meanwhile, as on a shared terminal
server)
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import environment, install

SIZES = (5, 10, 20, 40)
SECTIONS = 12
SOURCES = 12
FORMATS = ("txt", "md", "html", "docx", "pdf")
STAMP = datetime.datetime(2022, 9, 30, tzinfo=datetime.UTC)  # the sources' date
FIXED_PAGES = 3  # the header, key judgments, section introductions, tables and figures


def passage_count(size: int) -> int:
    """How many passages a memo of about `size` pages quotes: 200 at 40 pages, one a point,
    and at least one a section."""
    return max(SECTIONS + 3, round((size - FIXED_PAGES) * 200 / (40 - FIXED_PAGES)))

WORDS = """border garrison ministry pipeline tariff harvest militia convoy reserve credit refinery
exercise airfield railway brigade parliament pension grain potash fertiliser customs corridor
embassy loan subsidy ammunition drone patrol election court union treaty shipment warehouse
depot factory port turbine reactor bond ration rouble wage""".split()  # noqa: SIM905
VERBS = ("reported", "confirmed", "denied", "announced", "delayed", "expanded", "reduced",
         "questioned", "suspended", "approved", "doubled", "halved")
PLACES = ("Minsk", "Brest", "Gomel", "Grodno", "Vitebsk", "Mogilev", "Pinsk", "Mozyr",
          "Orsha", "Lida", "Baranovichi", "Bobruisk")
KINDS = ("risks", "incentives", "indicators", "risks", "options", "recommendations",
         "risks", "indicators", "text", "recommendations", "risks", "text")
ACTORS = ("Minsk", "Moscow", "Kyiv", "Warsaw", "Vilnius", "Brussels")


def sentence(rng: random.Random, tag: str) -> str:
    """One sentence of a source, unique by its `tag` (so that every quote is found once)."""
    a, b, c = rng.sample(WORDS, 3)
    return (f"Officials in {rng.choice(PLACES)} {rng.choice(VERBS)} that the {a} {b} "
            f"programme numbered {tag} would affect the {c} sector before the winter")


@dataclass
class Source:
    key: str
    format: str
    title: str
    paragraphs: list[list[str]] = field(default_factory=list)  # sentences, no full stops

    @property
    def file(self) -> str:
        return f"sources/{self.key}.{self.format}"


def make_sources(rng: random.Random, paragraphs: int) -> list[Source]:
    sources = []
    for n in range(SOURCES):
        fmt = FORMATS[n % len(FORMATS)]
        source = Source(f"src{n + 1:02d}", fmt, f"Quarterly field report {n + 1} ({fmt})")
        for p in range(paragraphs):
            source.paragraphs.append([sentence(rng, f"{n + 1}-{p + 1}-{s + 1}")
                                      for s in range(3)])
        sources.append(source)
    return sources


def paragraph_text(sentences: list[str]) -> str:
    return " ".join(f"{s}." for s in sentences)


def write_source(folder: Path, source: Source) -> None:
    path = folder / source.file
    texts = [paragraph_text(p) for p in source.paragraphs]
    if source.format == "txt":
        path.write_text(source.title + "\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    elif source.format == "md":
        path.write_text(f"# {source.title}\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    elif source.format == "html":
        path.write_text(html_page(source.title, texts), encoding="utf-8")
    elif source.format == "docx":
        import docx

        document = docx.Document()
        document.core_properties.title = source.title
        document.core_properties.author = "Field office"
        document.core_properties.created = document.core_properties.modified = STAMP
        document.add_heading(source.title, level=1)
        for text in texts:
            document.add_paragraph(text)
        saved = io.BytesIO()
        document.save(saved)
        path.write_bytes(same_dates(saved.getvalue()))
    else:
        from weasyprint import HTML

        HTML(string=html_page(source.title, texts)).write_pdf(path)


def same_dates(package: bytes) -> bytes:
    """The .docx with every part dated STAMP (the zip's dates are the clock's otherwise)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(zipfile.ZipInfo(item.filename, STAMP.timetuple()[:6]),
                         old.read(item), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def html_page(title: str, texts: list[str]) -> str:
    body = "\n".join(f"<p>{t}</p>" for t in texts)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            f'</title><style>@page {{ size: A4; margin: 20mm }} body {{ font: 10pt/1.4 '
            f'"DejaVu Serif", serif }}</style></head><body><main><article><h1>{title}</h1>'
            f"\n{body}\n</article></main></body></html>\n")


def png(path: Path, width: int = 240, height: int = 120) -> None:
    """A small PNG of two colour bands, without an imaging library."""
    rows = b"".join(b"\x00" + (bytes((31, 78, 121)) if y < height // 2 else
                               bytes((200, 120, 40))) * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<rect x="20" y="120" width="60" height="60" fill="#1f4e79"/>
<rect x="110" y="80" width="60" height="100" fill="#1f4e79"/>
<rect x="200" y="40" width="60" height="140" fill="#c87828"/>
<rect x="290" y="100" width="60" height="80" fill="#1f4e79"/>
<line x1="10" y1="180" x2="390" y2="180" stroke="black"/>
</svg>
"""


def quote(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def table(n: int, rows: int) -> list[str]:
    lines = ["", "| Region | Q1 | Q2 | Q3 | Change |", "| --- | ---: | ---: | ---: | --- |"]
    for r in range(rows):
        lines.append(f"| {PLACES[(n + r) % len(PLACES)]} | {10 + r * 3 + n} | {12 + r * 2} "
                     f"| {9 + r * 4} | {'up' if r % 2 else 'down'} |")
    lines += ["", f"Table: Indicator {n + 1} by region, 2022", ""]
    return lines


def point_lines(kind: str, index: int, text: str, passages: list[tuple[str, str]],
                extra: list[str]) -> list[str]:
    lines = [f"      - text: {quote(text)}"]
    if kind == "incentives":
        lines.append(f"        actor: {ACTORS[index % len(ACTORS)]}")
    if kind == "indicators":
        implication = f"Revisit the judgment on {PLACES[index % len(PLACES)]}"
        lines.append(f"        implication: {quote(implication)}")
    if kind == "options":
        lines += ["        pros: [Keeps the alliance together., Costs little.]",
                  "        cons: [Slow to show results.]"]
        if index == 0:
            lines.append("        recommended: true")
    lines += extra
    if passages:
        lines.append("        passages:")
        lines += [f"          - {{source: {key}, quote: {quote(q)}}}" for key, q in passages]
    return lines


def analyst_text(rng: random.Random, n: int, sentences: int = 4) -> str:
    """A point's own text: four sentences of an analyst's prose."""
    return " ".join(
        f"The {a} and {b} figures for {rng.choice(PLACES)} suggest a {c} trend that "
        f"deserves attention in the next quarter ({n}.{k})."
        for k, (a, b, c) in enumerate(rng.sample(WORDS, 3) for _ in range(sentences)))


def make_spec(size: int, sources: list[Source], rng: random.Random) -> str:
    """The spec's text, its passages (`passage_count`) spread over 12 sections."""
    total = passage_count(size)
    quotes = [(s.key, s.paragraphs[p][q]) for p in range(len(sources[0].paragraphs))
              for q in (0, 2) for s in sources][:total]
    lines = [
        "title: Quarterly assessment of the Belarusian regime",
        "subtitle: Security, economy and foreign relations, third quarter of 2022",
        "date: 2022-10-03", "author: Eastern Europe desk",
        "organisation: Policy Planning Staff", "marking: TLP:AMBER", "", "sources:"]
    for s in sources:
        lines += [f"  {s.key}:", f"    file: {s.file}", f"    title: {quote(s.title)}",
                  f"    authors: {quote(f'{PLACES[int(s.key[3:]) - 1]} field office')}",
                  "    publisher: Field office", "    date: 2022-09-30", "    reliability: B"]
    lines += ["", "bluf: |",
              "  The regime is **stable for the coming quarter**, but its economy weakens and",
              "  its dependence on Moscow grows. Twelve areas are assessed below.", "",
              "key_judgments:"]
    for k in range(3):
        key, q = quotes[k]
        lines += [f"  - text: Judgment {k + 1} on the regime's stability holds this quarter.",
                  "    likelihood: likely", "    confidence: moderate", "    passages:",
                  f"      - {{source: {key}, quote: {quote(q)}}}"]
    lines += ["", "sections:"]
    rest = quotes[3:]
    per_section = [len(rest) // SECTIONS + (1 if i < len(rest) % SECTIONS else 0)
                   for i in range(SECTIONS)]
    start = 0
    for i, kind in enumerate(KINDS):
        mine, start = rest[start:start + per_section[i]], start + per_section[i]
        lines += [f"  - title: {quote(f'Area {i + 1}: {PLACES[i]} and its region')}",
                  f"    kind: {kind}", "    text: |",
                  f"      {analyst_text(rng, i, 2)}"]
        if i in (1, 5, 9):  # the three pipe tables
            lines += [f"      {line}" if line else "" for line in table(i, 4 + size // 5)]
        groups = [[one] for one in mine] or [[]]
        if kind == "text":
            lines += ["    points:"] if any(groups) else []
            groups = [g for g in groups if g]
        else:
            lines.append("    points:")
        for j, group in enumerate(groups):
            extra = []
            if (i, j) in ((0, 0), (6, 0)):  # the two figures: a PNG and an SVG
                name = "bands.png" if i == 0 else "bars.svg"
                alt = f"Chart of area {i + 1}: four bars, the third highest"
                extra = ["        figure:", f"          file: figures/{name}",
                         f"          alt: {quote(alt)}",
                         f"          caption: {quote(f'Activity in area {i + 1}, 2022')}",
                         "          width: 60%"]
            lines += point_lines(kind, j, analyst_text(rng, j), group, extra)
    return "\n".join(lines) + "\n"


def generate(folder: Path, size: int) -> Path:
    """Write the quarterly assessment of about `size` pages into `folder`; its spec."""
    rng = random.Random(28)
    paragraphs = passage_count(size) // (2 * SOURCES) + 8
    sources = make_sources(rng, paragraphs)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "figures").mkdir(exist_ok=True)
    for source in sources:
        write_source(folder, source)
    png(folder / "figures" / "bands.png")
    (folder / "figures" / "bars.svg").write_text(SVG, encoding="utf-8")
    spec = folder / "quarterly.yaml"
    spec.write_text(make_spec(size, sources, rng), encoding="utf-8")
    return spec


def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak memory (KiB: the largest resident set of the process and of the
    processes it waited for) of one command."""
    seconds, memory, _ = run_cpu(command, cwd, env)
    return seconds, memory


def run_cpu(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, float]:
    """`run`'s seconds and peak memory, and the CPU seconds (user + system) of the process
    and of the processes it waited for."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"{command} failed:\n{errors.read().decode()}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


# Run in a new process with the pip-installed brief: a cold build (not counted), then
# `runs` rebuilds after a one-word change, as `brief watch` makes them; prints each time.
WARM = """
import sys
from pathlib import Path
from brief.commands.rebuild import Rebuilder
from brief.options import BuildOptions
from brief.render.pdf.worker import PdfWorker

spec, output, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
worker = PdfWorker.start()
try:
    rebuilder = Rebuilder(spec, BuildOptions(output=output), worker)
    assert rebuilder.build().result is not None
    text = spec.read_text(encoding="utf-8")
    for run in range(runs):
        spec.write_text(text.replace("is **stable", f"is **stable draft{run}", 1),
                        encoding="utf-8")
        rebuild = rebuilder.build()
        assert rebuild.result is not None, [p.format() for p in rebuild.problems]
        print(rebuild.seconds)
finally:
    if worker is not None:
        worker.close()
"""


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="the pages aimed at, comma-separated")
    parser.add_argument("--busy", action="store_true",
                        help="keep one core busy meanwhile (a shared terminal server)")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of brief: cold builds of both and of the "
                             "peer, taking turns")
    arguments = parser.parse_args()
    runs, sizes = arguments.runs, [int(s) for s in arguments.sizes.split(",")]
    busy = (subprocess.Popen([sys.executable, "-c", "while True: pass"])
            if arguments.busy else None)
    try:
        if arguments.against:
            against(arguments.against.resolve(), runs, sizes, busy=busy is not None)
        else:
            measure(runs, sizes, busy=busy is not None)
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()


def measure(runs: int, sizes: list[int], busy: bool) -> None:
    """Build each size cold and warm, and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        brief = str(install(scratch / "site"))
        env = environment(scratch / "site")
        specs = {size: generate(scratch / f"memo{size}", size) for size in sizes}
        commands = {size: [brief, "build", str(spec), "-o", str(spec.parent / "output"),
                           "--force"] for size, spec in specs.items()}
        largest = max(sizes)
        pandoc = shutil.which("pandoc")
        for size, command in commands.items():  # warm the file cache and the bytecode
            run(command, specs[size].parent, env)
        if pandoc:
            markdown = scratch / "peer.md"
            subprocess.run([pandoc, str(specs[largest].parent / "output" / "quarterly.docx"),
                            "-t", "markdown", "-o", str(markdown)], check=True)
            peer = [pandoc, str(markdown), "--pdf-engine=weasyprint", "-o",
                    str(scratch / "peer.pdf")]
            run(peer, scratch, env)
        cold: dict[int | str, list[tuple[float, int]]] = {key: [] for key in [*sizes, "peer"]}
        for _ in range(runs):
            for size, command in commands.items():
                cold[size].append(run(command, specs[size].parent, env))
            if pandoc:
                cold["peer"].append(run(peer, scratch, env))
        warm: dict[int, list[float]] = {size: [] for size in sizes}
        warm_memory: dict[int, int] = {}
        for size, spec in specs.items():
            folder = scratch / f"warm{size}"
            shutil.copytree(spec.parent, folder, ignore=shutil.ignore_patterns("output"))
            with tempfile.TemporaryFile() as out:
                process = subprocess.Popen(
                    [sys.executable, "-c", WARM, str(folder / spec.name),
                     str(folder / "output"), str(runs)], cwd=folder, env=env, stdout=out)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
                assert process.returncode == 0, "the warm rebuilds failed"
                out.seek(0)
                warm[size] = [float(line) for line in out.read().split()]
                warm_memory[size] = usage.ru_maxrss
        load = os.getloadavg()
        print(f"long memo (a quarterly assessment: 12 sections, 12 sources), cold and warm "
              f"builds, PDF + DOCX, medians of {runs} interleaved runs"
              f"{', one core kept busy' if busy else ''}; load average "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
        print(f"{'aim':>5} {'pages':>5} {'passages':>8} {'cold s':>7} {'s/page':>7} "
              f"{'warm s':>7} {'s/page':>7} {'cold MB':>8} {'warm MB':>8}")
        for size in sizes:
            count = pages(specs[size].parent / "output" / "quarterly.pdf")
            seconds = statistics.median(t for t, _ in cold[size])
            memory = max(m for _, m in cold[size]) / 1024
            rebuild = statistics.median(warm[size])
            print(f"{size:>5} {count:>5} {passage_count(size):>8} {seconds:>7.2f} "
                  f"{seconds / count:>7.3f} {rebuild:>7.2f} {rebuild / count:>7.3f} "
                  f"{memory:>8.0f} {warm_memory[size] / 1024:>8.0f}")
        if pandoc:
            peer_seconds = statistics.median(t for t, _ in cold["peer"])
            ours = statistics.median(t for t, _ in cold[largest])
            peer_pages = pages(scratch / "peer.pdf")
            print(f"pandoc --pdf-engine=weasyprint, PDF only, of the {largest}-page aim's "
                  f"Markdown (from brief's .docx): {peer_seconds:.2f} s ({peer_pages} "
                  f"pages); ratio brief build (both formats) / pandoc: {ours / peer_seconds:.2f}")
        else:
            print("pandoc: not installed, no comparison (scripts/install-system-deps --bench)")


def against(base: Path, runs: int, sizes: list[int], busy: bool) -> None:
    """Cold builds of each size by this checkout's brief and by `base`'s, and the pandoc
    peer of the largest, taking turns; medians of seconds and CPU seconds."""
    from build_speed import REPO

    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        briefs = {"new": str(install(scratch / "site-new", REPO)),
                  "base": str(install(scratch / "site-base", base))}
        envs = {name: environment(scratch / f"site-{name}") for name in briefs}
        specs = {size: generate(scratch / f"memo{size}", size) for size in sizes}

        def command(name: str, size: int) -> list[str]:
            spec = specs[size]
            return [briefs[name], "build", str(spec), "-o",
                    str(spec.parent / f"output-{name}"), "--force"]

        largest = max(sizes)
        pandoc = shutil.which("pandoc")
        for size in sizes:  # the file cache and the bytecode warmed
            for name in briefs:
                run(command(name, size), specs[size].parent, envs[name])
        peer: list[str] = []
        if pandoc:
            markdown = scratch / "peer.md"
            subprocess.run([pandoc, str(specs[largest].parent / "output-new" /
                                        "quarterly.docx"), "-t", "markdown", "-o",
                            str(markdown)], check=True)
            peer = [pandoc, str(markdown), "--pdf-engine=weasyprint", "-o",
                    str(scratch / "peer.pdf")]
            run(peer, scratch, envs["new"])
        figures: dict[tuple[str, int], list[tuple[float, float]]] = {}
        loads = []
        for _ in range(runs):
            for size in sizes:
                for name in ("base", "new"):
                    seconds, _, cpu = run_cpu(command(name, size), specs[size].parent,
                                              envs[name])
                    figures.setdefault((name, size), []).append((seconds, cpu))
                if peer and size == largest:
                    seconds, _, cpu = run_cpu(peer, scratch, envs["new"])
                    figures.setdefault(("peer", size), []).append((seconds, cpu))
            loads.append(os.getloadavg()[0])
        print(f"long memo, cold builds (PDF + DOCX), medians of {runs} interleaved runs: base "
              f"{base} against this checkout{'; one core kept busy' if busy else ''}; load "
              f"average {min(loads):.2f}-{max(loads):.2f} on {os.cpu_count()} cores")

        def median(key: tuple[str, int], which: int) -> float:
            return statistics.median(pair[which] for pair in figures[key])

        for size in sizes:
            count = pages(specs[size].parent / "output-new" / "quarterly.pdf")
            line = (f"{size:>3} ({count} pages): base {median(('base', size), 0):.2f} s "
                    f"(CPU {median(('base', size), 1):.2f}), new {median(('new', size), 0):.2f}"
                    f" s (CPU {median(('new', size), 1):.2f}); new/base "
                    f"{median(('new', size), 0) / median(('base', size), 0):.3f} (CPU "
                    f"{median(('new', size), 1) / median(('base', size), 1):.3f})")
            if ("peer", size) in figures:
                peer_seconds = median(("peer", size), 0)
                line += (f"; pandoc {peer_seconds:.2f} s (CPU {median(('peer', size), 1):.2f})"
                         f": ratio base {median(('base', size), 0) / peer_seconds:.3f}, new "
                         f"{median(('new', size), 0) / peer_seconds:.3f}")
            print(line)


if __name__ == "__main__":
    main()
