"""Shared fixtures: a project folder with test sources, valid specs with overrides,
the CLI run in-process, and readers that see the outputs as a reader would."""

from __future__ import annotations

import copy
import functools
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from brief.cli import cli

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return `base` with `overrides` merged in; a value of None deletes the key."""
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class Project:
    """A temporary project folder holding tests/data's sources; the working folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(DATA / "sources", root / "sources")
        self.minimal = yaml.safe_load((DATA / "minimal.yaml").read_text(encoding="utf-8"))

    def spec(self, name: str = "memo", text: str | None = None, **overrides: Any) -> Path:
        """Write a spec: `text` as given, or the minimal valid spec with `overrides`."""
        path = self.root / f"{name}.yaml"
        if text is None:
            text = yaml.safe_dump(merge(self.minimal, overrides), sort_keys=False,
                                  allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    def template(self, name: str, settings: str = "", files: tuple[str, ...] = ()) -> Path:
        """A house template `name` in the project: a template.yaml with `settings` (it
        takes every other setting from the built-in memo), and copies of some of the
        memo's `files`."""
        from brief.templates import BUILTIN_FOLDER

        folder = self.root / "templates" / name
        folder.mkdir(parents=True)
        (folder / "template.yaml").write_text(f"name: {name}\n{settings}", encoding="utf-8")
        for file in files:
            shutil.copy(BUILTIN_FOLDER / "memo" / file, folder / file)
        return folder

    def run(self, *args: str | Path) -> Result:
        result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="brief",
                                    catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def files(self) -> dict[str, bytes]:
        """Every file under the project's output folder, by name, with its bytes."""
        if not self.output.exists():
            return {}
        return {p.name: p.read_bytes() for p in sorted(self.output.iterdir()) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@functools.lru_cache(maxsize=1)
def _word_validator() -> Any:
    from openxml_audit import FileFormat, OpenXmlValidator
    from openxml_audit.semantic.constraints import cross_part

    # openxml-audit 0.8 caches what it finds in other parts (the footnote ids a reference
    # may name) by id(package), in constraints shared by every validation: once a package
    # is freed Python gives its id to the next, which was then checked against an earlier
    # file's parts ("footnote id 3 not found"). A number of our own per package instead.
    original, numbers = cross_part._cache_key, itertools.count()

    def cache_key(context: Any, part_path: str, part_uris: list[str]) -> tuple[int, str]:
        package = context.package
        if not hasattr(package, "_brief_number"):
            package._brief_number = next(numbers)
        return (package._brief_number, original(context, part_path, part_uris)[1])

    cross_part._cache_key = cache_key
    return OpenXmlValidator(file_format=FileFormat.MICROSOFT_365)


# LibreOffice, driven by Debian's python3 (which has python3-uno), as a person edits a file.
EDIT_STYLES = Path(__file__).parent / "tools" / "lo_edit_styles.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


# CI installs both (scripts/install-system-deps --tests), so there the tests always run.
needs_libreoffice = pytest.mark.skipif(
    "CI" not in os.environ and not _has_uno(),
    reason="LibreOffice with python3-uno is not installed (scripts/install-system-deps --tests)")


def edit_in_libreoffice(reference: Path, *changes: str) -> None:
    """Open `reference` in LibreOffice, change its paragraph styles ("Heading 1:size=20:
    colour=8B1E3F"), and save it in Word's format, as a person would (no change: it is
    only saved again)."""
    subprocess.run([SYSTEM_PYTHON, str(EDIT_STYLES), str(reference), *changes], check=True,
                   capture_output=True, timeout=180)


# A head of desk's review in LibreOffice (tracked changes and comments, through UNO), by the
# shared tool beside the repository (../shared/tools/lo_review.py).
LO_REVIEW = REPO.parent / "shared" / "tools" / "lo_review.py"
_LO_LOCK = Path(tempfile.gettempdir()) / "brief-tests-lo-review.lock"


def _lo_review_missing(operations: tuple[str, ...]) -> str | None:
    """Why `lo_review` cannot run here, or None."""
    if not LO_REVIEW.exists():
        return f"{LO_REVIEW} is missing (the shared tools beside the repository)"
    if not _has_uno():
        return "LibreOffice with python3-uno is not installed (scripts/install-system-deps --tests)"
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "libreoffice-writer"],
                            capture_output=True, text=True).stdout
    if any(op.startswith("comment:") for op in operations) and "ok installed" not in status:
        return ("comments need the full libreoffice-writer package, not -nogui "
                "(scripts/install-system-deps --tests)")
    return None


def lo_review(docx_file: Path, *operations: str, author: str = "Head of Desk",
              out: Path | None = None) -> Path:
    """Review `docx_file` in LibreOffice as a head of desk would, with Track Changes on:
    "replace:OLD=>NEW", "delete:TEXT", "insert-after:ANCHOR=>TEXT", "comment:ANCHOR=>TEXT"
    (each on the first place the text is found), saved as Word 2007-365 to `out`
    (default: beside it, "-reviewed"). Skips when LibreOffice cannot, except in CI (`CI`
    set), where it fails. One LibreOffice at a time, across pytest-xdist's processes."""
    import fcntl

    why = _lo_review_missing(operations)
    if why is not None:
        if "CI" in os.environ:
            pytest.fail(f"cannot review in LibreOffice: {why}")
        pytest.skip(why)
    out = out or docx_file.with_name(f"{docx_file.stem}-reviewed.docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    with _LO_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            code, stderr = _run_alone([SYSTEM_PYTHON, str(LO_REVIEW), str(docx_file), "--out",
                                       str(out), "--author", author, *operations])
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert code == 0, f"lo_review.py {operations}: {stderr.strip()[-800:]}"
    return out


def _run_alone(command: list[str], timeout: float = 300) -> tuple[int, str]:
    """Run `command` in a process group of its own, and end whatever of that group is
    left when it returns: lo_review.py leaves its LibreOffice running when it stops on
    text it cannot find or on an error."""
    import contextlib
    import signal

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stderr = f"no answer in {timeout} s"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return process.returncode, stderr


def word_problems(path: Path) -> list[str]:
    """What openxml-audit finds in a .docx against the OOXML schema and the repairs
    Microsoft 365's Word is known to make (none, for a file Word opens as it is)."""
    return [str(error) for error in _word_validator().validate(str(path)).errors]


@pytest.fixture(autouse=True)
def every_word_file_is_clean_for_word(tmp_path: Path) -> Iterator[None]:
    """Every .docx a test has brief write (under an output folder) passes openxml-audit."""
    yield
    for path in sorted(tmp_path.rglob("*.docx")):
        if "output" in path.relative_to(tmp_path).parts[:-1] and path.is_file():
            problems = word_problems(path)
            assert not problems, f"{path.name}: {problems[:3]}"


def pdf_pages(path: Path, *, raw: bool = False) -> list[str]:
    """The text of each page of a PDF, as pdftotext (poppler) reads it: in the reading
    order it guesses from the text's positions, or (`raw`) in the order the PDF draws it,
    which for WeasyPrint's PDFs is the document's order, table cells included."""
    mode = ["-raw"] if raw else []
    text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_fonts(pdf: Path) -> set[str]:
    """The names of the fonts the PDF embeds, as pdffonts (poppler) lists them, without
    their subset prefix or hyphens ("DejaVuSansBold")."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout
    return {line.split()[0].split("+")[-1].replace("-", "")
            for line in listing.splitlines()[2:]}


def flat(text: str) -> str:
    """Fold all white space, so text wrapped over lines compares equal."""
    return " ".join(text.split())


def docx_footnotes(path: Path) -> list[str]:
    """The text of each footnote of a .docx, in order, read from its footnotes part."""
    import docx
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    document = docx.Document(str(path))
    parts = [rel.target_part for rel in document.part.rels.values()
             if rel.reltype.endswith("/footnotes")]
    if not parts:
        return []
    root = etree.fromstring(parts[0].blob)
    return ["".join(note.itertext()).strip() for note in root.iter(f"{w}footnote")
            if note.get(f"{w}type") is None]


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph of a .docx, read by python-docx."""
    import docx

    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def docx_reading_order(path: Path) -> list[str]:
    """The text of every body paragraph and table cell of a .docx, in reading order
    (a merged cell once), read by python-docx."""
    import docx
    from docx.table import Table

    texts: list[str] = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        texts.extend(p.text for p in cell.paragraphs)
        else:
            texts.append(item.text)
    return texts


# A PDF as analysts download them: two pages, a running header and "Page X of Y" footer,
# and a paragraph that starts on page 1 and ends on page 2.
PDF_ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Belarus between two capitals</title><meta name="author" content="Petra Example">
<style>
@page { size: A5; margin: 20mm 15mm;
  @top-center { content: "The Example Review"; font-size: 8pt; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font: 10pt/1.5 "DejaVu Serif", serif; }
p { margin: 0 0 8pt; }
</style></head><body>
<h1>Belarus between two capitals</h1>
{filler}
<p>The paragraph that crosses the page break begins here and argues at some length that
the government in Minsk has fewer options every month, because its economy depends on
Russian credit, its army on Russian equipment and its leader on Russian goodwill, while
its links with the West have withered since the disputed elections of 2020 and the
crackdown that followed them, so that any attempt to balance between the two capitals
now looks less like a strategy than a habit that nobody in Moscow takes seriously.</p>
<p>A final paragraph on the second page says that Minsk still hopes for Chinese help.</p>
</body></html>"""


def make_pdf_article(path: Path) -> Path:
    """Write the two-page test PDF with WeasyPrint; return its path."""
    from weasyprint import HTML

    filler = "\n".join(
        f"<p>Filler paragraph {n} describes the relations between Minsk and Moscow in the "
        f"years before the war, with little that matters for this test but its length, "
        f"which pushes the long paragraph across the page break.</p>" for n in range(1, 6))
    HTML(string=PDF_ARTICLE.replace("{filler}", filler)).write_pdf(path)
    return path


@pytest.fixture(scope="session")
def pdf_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf_article(tmp_path_factory.mktemp("pdf") / "article.pdf")


def page_pixels(pdf: Path, page: int, dpi: int = 100) -> tuple[int, int, bytes]:
    """A page of the PDF as pdftoppm renders it: width, height and RGB bytes."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(root)], check=True, capture_output=True)
        data = root.with_suffix(".ppm").read_bytes()
    # Binary PPM: "P6", width, height and 255, each followed by one white-space byte.
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header is not None
    return int(header[1]), int(header[2]), data[header.end():]


def pixels_of_colour(pdf: Path, page: int, rgb: tuple[int, int, int]) -> int:
    """How many pixels of exactly `rgb` a page of the PDF shows (rendered by pdftoppm)."""
    _, _, pixels = page_pixels(pdf, page)
    target = bytes(rgb)
    return sum(1 for i in range(0, len(pixels), 3) if pixels[i:i + 3] == target)


def colour_box(pdf: Path, page: int, rgb: tuple[int, int, int],
               band: tuple[float, float] = (0.0, 1.0)) -> tuple[float, ...] | None:
    """Where a page shows pixels of exactly `rgb`: (left, top, right, bottom) as fractions
    of the page's width and height, or None if it shows none; only in the horizontal
    `band` between two fractions of the height, if given."""
    width, height, pixels = page_pixels(pdf, page, dpi=60)
    target = bytes(rgb)
    first, last = int(band[0] * height) * width * 3, int(band[1] * height) * width * 3
    found = [i // 3 for i in range(first, min(last, len(pixels)), 3)
             if pixels[i:i + 3] == target]
    if not found:
        return None
    xs, ys = [i % width for i in found], [i // width for i in found]
    return (min(xs) / width, min(ys) / height, max(xs) / width, max(ys) / height)


def libreoffice_pdf(docx_file: Path, folder: Path) -> Path:
    """The .docx as LibreOffice (a real Word client) lays it out, converted to PDF."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx_file)],
                   check=True, capture_output=True, timeout=180)
    return folder / docx_file.with_suffix(".pdf").name


def make_png(path: Path, rgb: tuple[int, int, int], width: int = 120, height: int = 40) -> Path:
    """Write a plain PNG of one colour (a stand-in logo), without an imaging library."""
    import struct
    import zlib

    row = b"\x00" + bytes(rgb) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))
    return path


# Debian's chromium, headless, with nothing of its own reaching the network (Playwright
# drives it; it never downloads a browser).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, started once for a test module."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "chromium is not installed: scripts/install-system-deps --tests"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
