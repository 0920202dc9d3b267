"""Where a build looks for templates and likelihood scales: beside the spec, in the
project, then the built-in ones shipped inside the package. Kept apart from what is found
there, so that a build can tell whether a folder changed without reading any of it."""

from __future__ import annotations

import functools
from pathlib import Path

from .files import unique_folders

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
BUILTIN_SCALES = Path(__file__).parent / "standards" / "scales"


def template_folders(spec_folder: Path, root: Path) -> list[Path]:
    """The folders that hold templates, in the order they are searched: beside the spec,
    in the project (`root`), then the built-ins."""
    return unique_folders([spec_folder / "templates", root / "templates", BUILTIN_TEMPLATES])


def scale_folders(spec_folder: Path, root: Path) -> list[Path]:
    """The folders that hold scales, in the order they are searched: beside the spec, in
    the project (`root`), then the built-ins."""
    return unique_folders([spec_folder / "scales", root / "scales", BUILTIN_SCALES])


def searched_folders(spec_folder: Path, root: Path) -> list[Path]:
    """The folders a build looks in for templates and scales, in the order it does."""
    return [*template_folders(spec_folder, root), *scale_folders(spec_folder, root)]


def built_in(folder: Path) -> bool:
    """Whether `folder` is one of brief's own, which change only with its version."""
    resolved = folder.resolve()
    return any(resolved == b or b in resolved.parents for b in _built_ins())


@functools.cache
def _built_ins() -> tuple[Path, Path]:
    """brief's own folders, resolved once a process (they are brief's files)."""
    return BUILTIN_TEMPLATES.resolve(), BUILTIN_SCALES.resolve()
