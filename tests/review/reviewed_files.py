"""What the tests of `brief review`'s reader share: the reviewed files of
tests/data/review, zipped as Word would, and the check of a change's offsets."""

from __future__ import annotations

import zipfile
from pathlib import Path

from brief.review.reviewed import DELETE, FORMAT, INSERT, MOVE_FROM, MOVE_TO, ReviewedDocument
from conftest import DATA

REVIEW = DATA / "review"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def zipped(folder: Path, target: Path, replace: dict[str, bytes] | None = None) -> Path:
    """The unpacked package in `folder` as a .docx at `target` (with some parts
    replaced, or left out where given None)."""
    replace = replace or {}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in replace:
                package.write(path, name)
        for name, data in replace.items():
            if data is not None:
                package.writestr(name, data)
    return target


def write_file(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    return folder / name


def zip_parts(folder: Path, name: str, parts: dict[str, bytes]) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as package:
        for part, data in parts.items():
            package.writestr(part, data)
    return path


def check_offsets(document: ReviewedDocument) -> None:
    """Every change's offsets cut its words out of the paragraph's texts exactly."""
    for paragraph in document.paragraphs:
        for change in paragraph.changes:
            before = paragraph.before[change.before_start:change.before_end]
            after = paragraph.after[change.after_start:change.after_end]
            if change.kind in (INSERT, MOVE_TO):
                assert (before, after) == ("", change.text), change
            elif change.kind in (DELETE, MOVE_FROM):
                assert (before, after) == (change.text, ""), change
            elif change.kind == FORMAT:
                assert before == after == change.text, change
            else:  # a paragraph mark: at the paragraph's end
                assert (change.before_start, change.after_start) == (
                    len(paragraph.before), len(paragraph.after)), change
            # the text around the change is the same on both sides
            assert paragraph.before[:change.before_start] == \
                paragraph.after[:change.after_start] or paragraph.changes[0] != change
