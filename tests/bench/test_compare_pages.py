"""bench/compare_pages.py tells two PDFs that look the same from two that do not: the pages
that differ and by how many pixels, the text, the page count and the structure tree."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow  # WeasyPrint writes the PDFs compared, pdftoppm draws them

_spec = importlib.util.spec_from_file_location("compare_pages",
                                               REPO / "bench" / "compare_pages.py")
assert _spec is not None and _spec.loader is not None
compare_pages = importlib.util.module_from_spec(_spec)
sys.modules["compare_pages"] = compare_pages  # its dataclass looks its module up there
_spec.loader.exec_module(compare_pages)

PAGE = """<html lang="en"><head><title>t</title><style>@page {{ size: A6 }}</style></head>
<body><h1>Heading</h1><p>{first}</p>{more}</body></html>"""


def write(path: Path, first: str = "One paragraph of text.", more: str = "") -> Path:
    from weasyprint import HTML

    HTML(string=PAGE.format(first=first, more=more)).write_pdf(path, pdf_tags=True)
    return path


def test_the_same_pdf_twice_is_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    before = write(tmp_path / "before.pdf")
    after = write(tmp_path / "after.pdf")
    assert compare_pages.main([str(before), str(after)]) == 0
    out = capsys.readouterr().out
    assert ": same; 1 pages" in out
    assert "page images: identical" in out
    assert "text (pdftotext): equal" in out
    assert "structure tree: equal" in out


def test_one_changed_word_is_found_on_its_page(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]):
    before = write(tmp_path / "before.pdf", more='<p style="break-before: page">Two.</p>')
    after = write(tmp_path / "after.pdf", more='<p style="break-before: page">Too.</p>')
    assert compare_pages.main([str(before), str(after), "--diff-dir",
                               str(tmp_path / "diff")]) == 1
    out = capsys.readouterr().out
    assert ": DIFFERENT; 2 pages" in out
    assert "page 1:" not in out  # the first page is the same
    changed = [line for line in out.splitlines() if line.startswith("  page 2: ")]
    assert len(changed) == 1 and "pixels differ" in changed[0]
    assert "text (pdftotext): DIFFERENT" in out and "+Too." in out
    assert "structure tree: equal" in out
    assert [path.name for path in (tmp_path / "diff").iterdir()] == ["after-page-2.png"]


def test_a_page_more_and_another_structure_are_differences(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]):
    before = write(tmp_path / "before.pdf")
    after = write(tmp_path / "after.pdf",
                  more='<ul style="break-before: page"><li>An item.</li></ul>')
    assert compare_pages.main([str(before), str(after)]) == 1
    out = capsys.readouterr().out
    assert "page count differs: 1 before, 2 after" in out
    assert "structure tree: DIFFERENT" in out and "+  /L" in out


def test_two_folders_are_compared_pdf_by_pdf(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]):
    for folder in ("main", "branch"):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder / "memo.pdf")
    write(tmp_path / "main" / "other.pdf", first="Before.")
    write(tmp_path / "branch" / "other.pdf", first="After.")
    assert compare_pages.main([str(tmp_path / "main"), str(tmp_path / "branch")]) == 1
    out = capsys.readouterr().out
    assert "memo.pdf: same; 1 pages" in out
    assert "other.pdf: DIFFERENT; 1 pages" in out


def test_a_missing_pdf_is_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    before = write(tmp_path / "before.pdf")
    assert compare_pages.main([str(before), str(tmp_path / "none.pdf")]) == 2
    assert capsys.readouterr().err == f"compare_pages: {tmp_path / 'none.pdf'} is not a file\n"
