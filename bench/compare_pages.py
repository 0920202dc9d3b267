"""Do two PDFs look the same? Page images, text, page count and structure tree compared.

Each page of each PDF is drawn at 100 dpi (`pdftoppm -r 100`) and compared pixel by pixel;
the script prints which pages differ and by how many pixels, whether the page counts are
equal, whether the text (`pdftotext -layout`) is the same, and whether the structure trees
(the tagged PDF's element types, their nesting, alt texts and actual texts, in order) are
the same. It exits 1 when anything differs, 0 when nothing does, 2 when a file is missing
or cannot be read.

Given two folders (two builds: e.g. output/ of main and of a branch), it compares every PDF
of the first with the PDF of the same name in the second.

Run: .venv/bin/python bench/compare_pages.py BEFORE.pdf AFTER.pdf [--diff-dir DIR]
     .venv/bin/python bench/compare_pages.py BEFORE_FOLDER AFTER_FOLDER
`--diff-dir` writes, for each page that differs, an image of the after page with the
differing pixels in red; `--no-tags` skips the structure trees; `--dpi` changes 100.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

DPI = 100


@dataclass
class Comparison:
    """What differs between two PDFs."""

    pages_before: int
    pages_after: int
    differing: list[tuple[int, int, int]] = field(default_factory=list)  # page, pixels, of
    text_equal: bool = True
    tags_equal: bool | None = None  # None: not compared
    text_diff: str = ""
    tags_diff: str = ""

    @property
    def same(self) -> bool:
        return (self.pages_before == self.pages_after and not self.differing
                and self.text_equal and self.tags_equal is not False)


def page_images(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    """Each page of `pdf` as a PNG in `folder`, in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")],
                   check=True, capture_output=True)
    # pdftoppm pads the page number to the width of the last one: sort by the number.
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[-1]))


def differing_pixels(before: Path, after: Path, diff_image: Path | None) -> tuple[int, int]:
    """How many pixels differ between two page images, and of how many."""
    from PIL import Image, ImageChops

    with Image.open(before) as first, Image.open(after) as second:
        a, b = first.convert("RGB"), second.convert("RGB")
    if a.size != b.size:  # a page of another size: every pixel differs
        return max(a.size[0] * a.size[1], b.size[0] * b.size[1]), b.size[0] * b.size[1]
    red, green, blue = ImageChops.difference(a, b).split()
    mask = ImageChops.lighter(ImageChops.lighter(red, green), blue).point(
        lambda value: 255 if value else 0)
    total = a.size[0] * a.size[1]
    count = total - mask.histogram()[0]
    if count and diff_image is not None:
        marked = b.copy()
        marked.paste((255, 0, 0), mask=mask)
        diff_image.parent.mkdir(parents=True, exist_ok=True)
        marked.save(diff_image)
    return count, total


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                            capture_output=True)
    return result.stdout.decode("utf-8", "replace")


def structure(pdf: Path) -> list[str]:
    """The structure tree, one line an element: its depth, type, alt text and actual text."""
    from pypdf import PdfReader

    root = PdfReader(pdf).trailer["/Root"]
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return []
    lines: list[str] = []

    def walk(node: object, depth: int) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth)
            return
        if not hasattr(node, "get"):
            return  # a marked-content identifier: the content itself is compared as text
        kind = node.get("/S")
        if kind is not None:
            alt, actual = node.get("/Alt", ""), node.get("/ActualText", "")
            lines.append(f"{'  ' * depth}{kind} {alt!s} {actual!s}".rstrip())
        kids = node.get("/K")
        if kids is not None:
            walk(kids, depth + (kind is not None))

    walk(tree, 0)
    return lines


def first_difference(before: list[str], after: list[str]) -> str:
    """The first line where two lists of lines part, for the report."""
    import difflib

    diff = list(difflib.unified_diff(before, after, "before", "after", n=1, lineterm=""))
    return "\n".join(diff[:12])


def compare(before: Path, after: Path, dpi: int = DPI, diff_dir: Path | None = None,
            tags: bool = True) -> Comparison:
    with tempfile.TemporaryDirectory() as tmp:
        images_before = page_images(before, Path(tmp) / "before", dpi)
        images_after = page_images(after, Path(tmp) / "after", dpi)
        result = Comparison(len(images_before), len(images_after))
        for number, (a, b) in enumerate(zip(images_before, images_after, strict=False), 1):
            target = diff_dir / f"{after.stem}-page-{number}.png" if diff_dir else None
            count, total = differing_pixels(a, b, target)
            if count:
                result.differing.append((number, count, total))
    text_before, text_after = pdf_text(before), pdf_text(after)
    result.text_equal = text_before == text_after
    if not result.text_equal:
        result.text_diff = first_difference(text_before.splitlines(), text_after.splitlines())
    if tags:
        tree_before, tree_after = structure(before), structure(after)
        result.tags_equal = tree_before == tree_after
        if not result.tags_equal:
            result.tags_diff = first_difference(tree_before, tree_after)
    return result


def report(name: str, result: Comparison) -> None:
    pages = (f"{result.pages_before} pages" if result.pages_before == result.pages_after
             else f"page count differs: {result.pages_before} before, "
                  f"{result.pages_after} after")
    verdict = "same" if result.same else "DIFFERENT"
    print(f"{name}: {verdict}; {pages}")
    for number, count, total in result.differing:
        print(f"  page {number}: {count} of {total} pixels differ "
              f"({count / total * 100:.3f} %)")
    if not result.differing and result.pages_before == result.pages_after:
        print("  page images: identical")
    print(f"  text (pdftotext): {'equal' if result.text_equal else 'DIFFERENT'}")
    if result.text_diff:
        print("    " + result.text_diff.replace("\n", "\n    "))
    if result.tags_equal is not None:
        print(f"  structure tree: {'equal' if result.tags_equal else 'DIFFERENT'}")
        if result.tags_diff:
            print("    " + result.tags_diff.replace("\n", "\n    "))


def pairs(before: Path, after: Path) -> list[tuple[str, Path, Path]]:
    """The PDFs to compare: the two files, or each PDF of one folder with its namesake."""
    if before.is_dir() and after.is_dir():
        found = [(pdf.name, pdf, after / pdf.name) for pdf in sorted(before.glob("*.pdf"))]
        if not found:
            raise FileNotFoundError(f"{before} holds no PDF")
        return found
    return [(f"{before} vs {after}", before, after)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path,
                        help="a PDF, or a folder of PDFs, built before the change (by the "
                             "commit before it: git worktree add /tmp/base HEAD~1)")
    parser.add_argument("after", type=Path,
                        help="the same PDF, or a folder of PDFs of the same names, built "
                             "after it")
    parser.add_argument("--dpi", type=int, default=DPI,
                        help=f"the resolution each page is drawn at to compare its pixels "
                             f"({DPI})")
    parser.add_argument("--diff-dir", type=Path, help="write marked images of pages that differ")
    parser.add_argument("--no-tags", action="store_true", help="skip the structure trees")
    arguments = parser.parse_args(argv)
    try:
        found = pairs(arguments.before, arguments.after)
        for _, first, second in found:
            for pdf in (first, second):
                if not pdf.is_file():
                    raise FileNotFoundError(f"{pdf} is not a file")
        same = True
        for name, first, second in found:
            result = compare(first, second, arguments.dpi, arguments.diff_dir,
                             not arguments.no_tags)
            report(name, result)
            same = same and result.same
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        print(f"compare_pages: {error} {detail.decode(errors='replace').strip()}".strip(),
              file=sys.stderr)
        return 2
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
