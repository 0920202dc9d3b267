"""Stage 6: write the output files of a build, all together or not at all.

Every target is checked first (a folder standing where a file goes is refused before
anything is written). Every file is then written in full to a hidden temporary file
beside its target; only when all are written are they moved into place, each earlier
file kept as a hidden backup until all are in, and put back if any move fails, so the
set on disk is the earlier one or the new one, never a mix. Interruptions (Ctrl-C, a
terminate signal) wait for the moves to finish. The temporary files of a build that was
killed are removed by the next build that writes to the folder, under a lock, so that
two builds never take each other's files for leftovers: only the files a build listed in
the folder's journal (`.brief-journal`) before making them, never a person's own file
that happens to look like one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, Where, display_path

try:
    import fcntl
except ImportError:  # a system without file locks
    fcntl = None  # type: ignore[assignment]

# Hidden files a build makes beside its targets: `.memo.pdf.3f9a0c1d2e4b.brief-tmp` while
# writing, `.memo.pdf.4f2a9c1e7d0b.brief-bak` while replacing. Their names are listed in the
# journal before they are made, so that a killed build's can be told from a person's.
_LEFTOVER = re.compile(r"^\.[^/\\]+\.[0-9a-f]{12}\.brief-(tmp|bak)$")
_JOURNAL = ".brief-journal"
_NO_LINKS = getattr(os, "O_NOFOLLOW", 0)
# Set when a Ctrl-C came while the files were moved into place (the build finished first).
_held_interrupt = threading.Event()


def interrupt_held() -> bool:
    """Whether a Ctrl-C came while the last build's files were moved into place (held
    until they were all in); asking clears it. A command that goes on after a build
    (`brief watch`, `brief preview`, a batch one spec at a time) stops there, as it would
    have at any other moment."""
    held = _held_interrupt.is_set()
    _held_interrupt.clear()
    return held


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed while the last build moved its files
    into place (it let them all in first): where a command would go on, it stops."""
    if interrupt_held():
        raise KeyboardInterrupt


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so set it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(files: Mapping[Path, bytes], folders_too: Iterable[Path] = (),
                modes: Mapping[Path, int] | None = None) -> list[Path]:
    """Write each `path: content` pair, all of them or none; return the paths written.
    What a killed build left is removed from their folders and from `folders_too` (those
    of the files a build leaves as they were). A file named in `modes` has those
    permissions from before it is moved into place (a spec only its owner may read is
    never, even for a moment, readable by others); the others the usual ones."""
    folders = sorted({target.parent for target in files} | set(folders_too))
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create output folder {display_path(folder)}: {exc.strerror}",
                Where(folder)) from None
    names = {target: (_hidden_name(target, "tmp"), _hidden_name(target, "bak"))
             for target in files}
    with contextlib.ExitStack() as stack:
        for folder in folders:
            if stack.enter_context(_locked(folder)):
                _remove_leftovers(folder)
                _record(folder, [name.name for temp_and_backup in names.values()
                                 for name in temp_and_backup if name.parent == folder])
                stack.callback(_forget, folder)
        for target in files:
            _check_target(target)
        staged = _stage(files, names, modes or {})
        try:
            _replace_all(staged, {target: backup for target, (_, backup) in names.items()})
        finally:
            for temp, _ in staged:
                with contextlib.suppress(OSError):
                    temp.unlink()
    return list(files)


def _hidden_name(target: Path, kind: str) -> Path:
    """A name for the hidden temporary file (`tmp`) or backup (`bak`) of `target`."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.brief-{kind}")


def _check_target(target: Path) -> None:
    """Refuse a target that cannot be replaced, before any file is."""
    if target.is_dir():
        raise OutputError(f"cannot write {display_path(target)}: a folder of that name is "
                          "in the way", Where(target),
                          hint="move or rename the folder, or write elsewhere with --output")
    if target.exists() and not target.is_file():
        raise OutputError(f"cannot write {display_path(target)}: something other than a "
                          "file is in the way", Where(target))
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {display_path(target)}: the folder "
                          f"{display_path(target.parent)} may not be written to",
                          Where(target), hint="write elsewhere with --output")


def _stage(files: Mapping[Path, bytes], names: Mapping[Path, tuple[Path, Path]],
           modes: Mapping[Path, int]) -> list[tuple[Path, Path]]:
    """Write every file to its hidden temporary file beside its target."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            temp = names[target][0]
            try:
                handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                staged.append((temp, target))
                with os.fdopen(handle, "wb") as stream:
                    _write(stream, content)
                    stream.flush()
                    os.fsync(stream.fileno())
                # Made private while written; give it its own or the usual permissions.
                os.chmod(temp, modes.get(target, 0o666 & ~_umask()))
            except OSError as exc:
                raise OutputError(f"cannot write {display_path(target)}: {exc.strerror}",
                                  Where(target)) from None
    except BaseException:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    return staged


def _replace_all(staged: list[tuple[Path, Path]], backup_names: Mapping[Path, Path]) -> None:
    """Move every staged file into place; if one cannot be, put back what was there."""
    backups: dict[Path, Path | None] = {}
    done: list[Path] = []
    with _signals_deferred():
        try:
            for temp, target in staged:
                backups[target] = _backup(target, backup_names[target])
                _move(temp, target)
                done.append(target)
        except OSError as exc:
            failed = staged[len(done)][1]
            for target in reversed(done):
                backup = backups.get(target)
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            raise OutputError(f"cannot write {display_path(failed)}: {exc.strerror}; the "
                              "files that were there before are back in place",
                              Where(failed)) from None
        finally:
            for backup in backups.values():
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()


def _write(stream: BinaryIO, content: bytes) -> None:
    """Write one file's bytes to its temporary file. (One named step, so that a test can
    stop a build in the middle of writing: tests/test_output.py.)"""
    stream.write(content)


def _move(temp: Path, target: Path) -> None:
    """Move one written file into place. (One named step, so that a test can make a move
    fail, or stop a build between two moves: tests/test_output.py.)"""
    os.replace(temp, target)


def _backup(target: Path, backup: Path) -> Path | None:
    """A second name (`backup`, a hard link) for the earlier file at `target`, to put it
    back."""
    if not target.exists():
        return None
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links: keep a copy

        shutil.copy2(target, backup)
    return backup


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and terminate signals until the block ends, then act on the terminate
    signals. A Ctrl-C during the moves (they take microseconds) lets the build finish: it
    is then done, and saying it was interrupted would not be true; it is held for a
    command that would go on (`interrupt_held`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    names = [s for s in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, s)]
    numbers = [getattr(signal, name) for name in names]
    earlier = {number: signal.getsignal(number) for number in numbers}
    for number in numbers:
        signal.signal(number, lambda received, _frame: caught.append(received))
    try:
        yield
    finally:
        for number, handler in earlier.items():
            signal.signal(number, handler)
        for number in caught:
            if number == signal.SIGINT:
                _held_interrupt.set()
            else:
                signal.raise_signal(number)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[bool]:
    """Hold a lock on the folder itself while writing into it; yield whether one could be
    held (not on a system without file locks)."""
    if fcntl is None:
        yield False
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)  # closing it releases the lock


def _record(folder: Path, names: list[str]) -> None:
    """List in the folder's journal the hidden files this build is about to make."""
    try:
        # Never through a link someone put in its place: the journal stays in the folder.
        handle = os.open(folder / _JOURNAL, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_LINKS,
                         0o666)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(names, stream)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        journal = folder / _JOURNAL
        raise OutputError(f"cannot write {display_path(journal)}: {exc.strerror}",
                          Where(journal), hint="brief lists there the files it is writing; "
                          "remove what stands in its place") from None


def _forget(folder: Path) -> None:
    """Remove the journal once the build's hidden files are gone."""
    with contextlib.suppress(OSError):
        (folder / _JOURNAL).unlink()


def _remove_leftovers(folder: Path) -> None:
    """Remove the hidden temporary files and backups that a killed build listed in the
    journal, and only those."""
    try:
        handle = os.open(folder / _JOURNAL, os.O_RDONLY | _NO_LINKS)
        with os.fdopen(handle, encoding="utf-8") as stream:
            names = json.load(stream)
    except (OSError, ValueError):  # no journal (nothing was killed), or a torn one
        names = []
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and _LEFTOVER.match(name):
            entry = folder / name
            if entry.is_file() and not entry.is_symlink():
                with contextlib.suppress(OSError):
                    entry.unlink()
