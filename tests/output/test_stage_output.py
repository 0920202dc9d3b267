"""Stage 6 on its own: `output.write_files` given the bytes of each file, without a build.
(tests/test_output.py has the same promises kept through the CLI.)"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import brief.output
from brief.errors import OutputError
from brief.output import write_files


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_file_is_written_and_its_folders_made(tmp_path: Path) -> None:
    files = {tmp_path / "out" / "memo.pdf": b"%PDF a memo",
             tmp_path / "out" / "memo.json": b"{}",
             tmp_path / "out" / "deeper" / "memo.docx": b"PK a memo"}
    assert write_files(files) == list(files)
    assert contents(tmp_path / "out") == {"memo.json": b"{}", "memo.pdf": b"%PDF a memo"}
    assert (tmp_path / "out" / "deeper" / "memo.docx").read_bytes() == b"PK a memo"
    assert hidden(tmp_path / "out") == [] and hidden(tmp_path / "out" / "deeper") == []


def test_an_earlier_set_is_replaced_whole(tmp_path: Path) -> None:
    write_files({tmp_path / "memo.pdf": b"old pdf", tmp_path / "memo.json": b"old json"})
    write_files({tmp_path / "memo.pdf": b"new pdf", tmp_path / "memo.json": b"new json"})
    assert contents(tmp_path) == {"memo.json": b"new json", "memo.pdf": b"new pdf"}


def test_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_files({tmp_path / "memo.pdf": b"pdf"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "memo.pdf").stat().st_mode) == 0o640


def test_a_folder_in_the_way_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "memo.pdf").write_bytes(b"old pdf")
    (tmp_path / "memo.docx").mkdir()
    with pytest.raises(OutputError) as caught:
        write_files({tmp_path / "memo.pdf": b"new pdf", tmp_path / "memo.docx": b"new docx",
                     tmp_path / "memo.json": b"new json"})
    assert caught.value.message.endswith("memo.docx: a folder of that name is in the way")
    assert caught.value.hint == "move or rename the folder, or write elsewhere with --output"
    assert contents(tmp_path) == {"memo.pdf": b"old pdf"}
    assert hidden(tmp_path) == []


def test_a_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "taken").write_bytes(b"a file")
    with pytest.raises(OutputError) as caught:
        write_files({tmp_path / "taken" / "memos" / "memo.pdf": b"pdf"})
    assert caught.value.message.startswith("cannot create output folder ")
    assert caught.value.message.endswith("taken/memos: Not a directory")
    with pytest.raises(OutputError) as caught:
        write_files({tmp_path / "taken" / "memo.pdf": b"pdf"})
    assert caught.value.message.endswith("taken: File exists")
    assert (tmp_path / "taken").read_bytes() == b"a file"


def test_a_move_that_fails_puts_back_every_file_moved_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second of three moves fails: the first file is put back as it was, and a file
    that was not there before is not left there."""
    write_files({tmp_path / "memo.pdf": b"old pdf", tmp_path / "memo.json": b"old json"})
    moved: list[str] = []
    real_move = brief.output._move

    def failing_move(temp: Path, target: Path) -> None:
        moved.append(target.name)
        if len(moved) == 2:
            raise OSError(28, "No space left on device")
        real_move(temp, target)

    monkeypatch.setattr(brief.output, "_move", failing_move)
    with pytest.raises(OutputError) as caught:
        write_files({tmp_path / "memo.pdf": b"new pdf", tmp_path / "memo.eml": b"new eml",
                     tmp_path / "memo.json": b"new json"})
    assert moved == ["memo.pdf", "memo.eml"]
    assert caught.value.message.endswith(
        "memo.eml: No space left on device; the files that were there before are back in "
        "place")
    assert contents(tmp_path) == {"memo.json": b"old json", "memo.pdf": b"old pdf"}
    assert hidden(tmp_path) == []


def test_a_write_that_is_interrupted_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C half-way through writing the second file: no target changes, and the
    temporary files are removed."""
    write_files({tmp_path / "memo.pdf": b"old pdf", tmp_path / "memo.docx": b"old docx"})
    written: list[bytes] = []
    real_write = brief.output._write

    def interrupted_write(stream, content: bytes) -> None:  # type: ignore[no-untyped-def]
        written.append(content)
        if len(written) == 2:
            stream.write(content[:3])
            raise KeyboardInterrupt
        real_write(stream, content)

    monkeypatch.setattr(brief.output, "_write", interrupted_write)
    with pytest.raises(KeyboardInterrupt):
        write_files({tmp_path / "memo.pdf": b"new pdf", tmp_path / "memo.docx": b"new docx"})
    assert written == [b"new pdf", b"new docx"]
    assert contents(tmp_path) == {"memo.docx": b"old docx", "memo.pdf": b"old pdf"}
    assert hidden(tmp_path) == []


def test_what_a_killed_write_listed_is_removed_and_nothing_else(tmp_path: Path) -> None:
    """Only the hidden files the journal lists, and only names brief makes: a journal that
    lists a person's file, or a path outside the folder, removes neither."""
    leftovers = [".memo.pdf.3f9a0c1d2e4b.brief-tmp", ".memo.docx.4f2a9c1e7d0b.brief-bak"]
    kept = [".keep.me", ".notes.20261204.bak", ".memo.pdf.k3j9x_a2.tmp",
            ".memo.pdf.0123456789ab.brief-tmp", "memo.pdf.3f9a0c1d2e4b.brief-tmp"]
    for name in leftovers + kept:
        (tmp_path / name).write_bytes(b"half a file")
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / ".x.pdf.aaaaaaaaaaaa.brief-tmp").write_bytes(b"elsewhere")
    (tmp_path / ".brief-journal").write_text(json.dumps(
        [*leftovers, ".notes.20261204.bak", ".memo.pdf.k3j9x_a2.tmp",
         "memo.pdf.3f9a0c1d2e4b.brief-tmp", "inner/.x.pdf.aaaaaaaaaaaa.brief-tmp",
         "../.y.pdf.aaaaaaaaaaaa.brief-tmp"]))
    write_files({tmp_path / "memo.pdf": b"pdf"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "inner", "memo.pdf"])
    assert (tmp_path / "inner" / ".x.pdf.aaaaaaaaaaaa.brief-tmp").exists()


def test_a_torn_journal_removes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".memo.pdf.3f9a0c1d2e4b.brief-tmp").write_bytes(b"half a file")
    (tmp_path / ".brief-journal").write_text('[".memo.pdf.3f9a0c1d2e4b.brief-t')
    write_files({tmp_path / "memo.pdf": b"pdf"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".memo.pdf.3f9a0c1d2e4b.brief-tmp", "memo.pdf"]


def test_a_link_in_the_journal_s_place_is_neither_read_nor_written_through(tmp_path: Path
                                                                           ) -> None:
    """A `.brief-journal` that is a link to a file elsewhere: the build neither reads
    the names it lists nor writes its own journal into that file."""
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('[".memo.pdf.3f9a0c1d2e4b.brief-tmp"]')
    out = tmp_path / "out"
    out.mkdir()
    (out / ".memo.pdf.3f9a0c1d2e4b.brief-tmp").write_bytes(b"someone's")
    (out / ".brief-journal").symlink_to(elsewhere)
    with pytest.raises(OutputError) as raised:
        write_files({out / "memo.pdf": b"pdf"})
    assert raised.value.message == (f"cannot write {out / '.brief-journal'}: Too many levels "
                                    "of symbolic links")
    assert elsewhere.read_text() == '[".memo.pdf.3f9a0c1d2e4b.brief-tmp"]'
    assert (out / ".memo.pdf.3f9a0c1d2e4b.brief-tmp").read_bytes() == b"someone's"
    assert not (out / "memo.pdf").exists()
