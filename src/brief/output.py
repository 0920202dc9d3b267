"""Stage 6: write output files atomically.

Every file is first written in full to a hidden temporary file beside its target;
only when all of them are written are they moved into place. A failed build leaves
earlier output untouched and no partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError, Where, display_path


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so set it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write each `path: content` pair atomically; return the paths written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            folder = target.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(
                    f"cannot create output folder {display_path(folder)}: {exc.strerror}",
                    Where(folder)) from None
            try:
                handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                                     suffix=".tmp")
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content)
                    stream.flush()
                    os.fsync(stream.fileno())
                # mkstemp makes the file private (0600); give it the usual permissions.
                os.chmod(temp_name, 0o666 & ~_umask())
            except OSError as exc:
                raise OutputError(f"cannot write {display_path(target)}: {exc.strerror}",
                                  Where(target)) from None
            staged.append((Path(temp_name), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(f"cannot write {display_path(target)}: {exc.strerror}",
                                  Where(target)) from None
    finally:
        for temp, _ in staged:
            if temp.exists():
                temp.unlink()
    return list(files)
