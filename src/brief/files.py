"""The files a build reads: only regular files, each within its size limit, and only
inside the project (a template's files: inside the template).

The project root is the folder `--root` names; else the nearest folder, from the spec's
own upwards, that holds a `briefings/` folder or a `brief.yaml` file; else the spec's
own folder. Paths are resolved, symbolic links followed, before they are checked.

Size limits, each raised by its environment variable (`200MB`, `2GB`): a spec 1 MB
(BRIEF_MAX_SPEC_SIZE), a source file 50 MB (BRIEF_MAX_SOURCE_SIZE), a template's file or
a scale 10 MB (BRIEF_MAX_TEMPLATE_FILE_SIZE), a picture 20 MB (BRIEF_MAX_IMAGE_SIZE), a
chart's data file 10 MB (BRIEF_MAX_DATA_SIZE), a page `brief capture` fetches 20 MB
(BRIEF_MAX_CAPTURE_SIZE), the project's source library 20 MB (BRIEF_MAX_LIBRARY_SIZE), a
reviewed Word file `brief review` reads 50 MB (BRIEF_MAX_REVIEW_SIZE), and what a Word file
or a PDF unpacks to 200 MB (BRIEF_MAX_UNPACKED_SIZE).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefError, Where, display_path

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    variable: str
    default: int
    what: str  # "a spec", "a source file", ...


@dataclass(frozen=True)
class Budget:
    """How many of something costly to read (paragraphs, pages, styles ...) a file may
    hold: counted as it is read, far above what any real file holds."""

    variable: str
    default: int
    what: str  # "paragraphs", "XML elements", ...

    def most(self) -> int:
        """The budget, from its variable if set (`1000000`, `1_000_000`, `1,000,000`)."""
        value = os.environ.get(self.variable, "").strip()
        if not value:
            return self.default
        digits = value.replace("_", "").replace(",", "")
        if not (digits.isdigit() and digits.isascii() and len(digits) <= 18
                and int(digits) > 0):
            raise BriefError(f"{self.variable} must be a whole number above 0 such as "
                             f"{self.default * 10}, not {value[:40]!r}")
        return int(digits)


LIMITS = {
    "spec": Limit("BRIEF_MAX_SPEC_SIZE", 1 * MB, "a spec"),
    "source": Limit("BRIEF_MAX_SOURCE_SIZE", 50 * MB, "a source file"),
    "template": Limit("BRIEF_MAX_TEMPLATE_FILE_SIZE", 10 * MB, "a template's file"),
    "image": Limit("BRIEF_MAX_IMAGE_SIZE", 20 * MB, "a picture"),
    "unpacked": Limit("BRIEF_MAX_UNPACKED_SIZE", 200 * MB,
                      "the unpacked contents of a Word file or a PDF"),
    "data": Limit("BRIEF_MAX_DATA_SIZE", 10 * MB, "a chart's data file"),
    "capture": Limit("BRIEF_MAX_CAPTURE_SIZE", 20 * MB, "a page `brief capture` fetches"),
    "library": Limit("BRIEF_MAX_LIBRARY_SIZE", 20 * MB, "the project's source library"),
    "review": Limit("BRIEF_MAX_REVIEW_SIZE", 50 * MB, "a reviewed Word file"),
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": MB, "MB": MB, "G": 1024 * MB,
          "GB": 1024 * MB}


def limit(kind: str) -> int:
    """The size limit of `kind` (a key of LIMITS), in bytes, from its variable if set."""
    entry = LIMITS[kind]
    value = os.environ.get(entry.variable)
    if not value:
        return entry.default
    match = _SIZE.fullmatch(value)
    if not match:
        raise BriefError(f"{entry.variable} must be a size such as 200MB or 2GB, not "
                         f"{value!r}")
    return int(float(match[1]) * _UNITS[(match[2] or "").upper()])


def size_text(size: int) -> str:
    """`3.2 MB`, `512 KB` or `90 bytes`."""
    if size >= MB:
        return f"{size / MB:.1f} MB".replace(".0 MB", " MB")
    return f"{size // 1024} KB" if size >= 1024 else f"{size} bytes"


def too_large(kind: str, name: str, where: Where | None, error: type[BriefError],
              found: str) -> BriefError:
    entry = LIMITS[kind]
    most = limit(kind)
    return error(f"{name} {found}, more than the {size_text(most)} brief allows for "
                 f"{entry.what}",
                 where, hint=f"if the file is what you mean, allow more with "
                 f"{entry.variable}={size_text(most * 10).replace(' ', '')} (for example)")


def _not_a_file(mode: int) -> str | None:
    """What a file system entry is, when it is not a regular file."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_input(path: Path, kind: str, where: Where | None, error: type[BriefError],
               what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, refused if it is anything else (a folder,
    a pipe, a device) or larger than the limit of `kind`. A missing file raises
    FileNotFoundError, for the caller to say what it was looking for."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:  # a name too long, a loop of links, no permission...
        raise error(f"{what} cannot be read: {exc.strerror}: {_shown(path)}", where) from None
    other = _not_a_file(info.st_mode)
    if other:
        raise error(f"{what} is {other}, not a file: {_shown(path)}", where,
                    hint="name a file")
    most = limit(kind)
    if info.st_size > most:
        raise too_large(kind, _shown(path), where, error, f"is {size_text(info.st_size)}")
    try:
        with open(path, "rb") as stream:
            data = stream.read(most + 1)
    except OSError as exc:
        raise error(f"{what} cannot be read: {exc.strerror}: {_shown(path)}", where) from None
    if len(data) > most:  # it grew while we looked
        raise too_large(kind, f"{display_path(path)}", where, error, "is larger")
    return data


@dataclass(frozen=True)
class InputFile:
    """A file's bytes as a build read them, once, and their SHA-256, taken then: what the
    manifest, the freshness record and a PDF/A attachment give, whatever the file holds
    by the time they are made."""

    path: Path
    content: bytes = field(repr=False)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.content).hexdigest())


def project_root(spec_folder: Path, named: Path | None = None) -> Path:
    """The root of the project a spec belongs to (see the module doc)."""
    if named is not None:
        return named.resolve()
    spec_folder = spec_folder.resolve()
    for folder in (spec_folder, *spec_folder.parents):
        if is_dir(folder / "briefings") or is_file(folder / "brief.yaml"):
            return folder
    return spec_folder


def inside(path: Path, folders: Iterable[Path]) -> bool:
    """Whether `path`, its symbolic links followed, lies inside one of `folders` (a path
    that cannot be resolved lies nowhere)."""
    try:
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder.resolve()) for folder in folders)
    except (OSError, RuntimeError):
        return False


def is_file(path: Path) -> bool:
    """Whether `path` is a file (a name the file system cannot even look up is none)."""
    try:
        return path.is_file()
    except OSError:
        return False


def is_dir(path: Path) -> bool:
    """Whether `path` is a folder (a name the file system cannot look up is none)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """A path as a message shows it: relative where it can be, and cut short when long."""
    text = display_path(path)
    return text if len(text) <= 120 else text[:60] + "…" + text[-55:]


def check_zip(data: bytes, name: str, where: Where | None, error: type[BriefError]) -> None:
    """Refuse a zip package (a .docx) that unpacks to more than the `unpacked` limit:
    by what its directory says, then by inflating each part with a cap (a zip may
    understate its sizes)."""

    most = limit("unpacked")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > 10_000:
                raise error(f"{name} has {len(infos)} parts: it is no Word file", where)
            if any(info.flag_bits & 0x1 for info in infos):
                raise error(f"{name} is a ZIP file protected by a password: brief cannot "
                            "read it", where, hint="a ZIP tool put the password on it: "
                            "save it again from Word or LibreOffice as .docx, with none")
            declared = sum(info.file_size for info in infos)
            if declared > most:
                raise too_large("unpacked", name, where, error,
                                f"unpacks to {size_text(declared)}")
            total = 0
            for info in infos:
                with package.open(info) as part:
                    while chunk := part.read(MB):
                        total += len(chunk)
                        if total > most:
                            raise too_large("unpacked", name, where, error,
                                            "unpacks to more than its directory says")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
            ValueError, NotImplementedError) as exc:
        raise error(f"{name} is not a readable Word file: {exc}", where,
                    hint="open it in Word or LibreOffice and save it as .docx") from None


def unique_folders(folders: list[Path]) -> list[Path]:
    """`folders` without the repeats (the spec's folder may be the project's)."""
    unique: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:  # each resolved once (a warm rebuild checks these each time)
        resolved = folder.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(folder)
    return unique


SPEC_SUFFIXES = (".yaml", ".yml")


# The YAML files of a project that are not specs: its source library and its settings.
NOT_SPECS = ("sources.yaml", "sources.yml", "brief.yaml")


def spec_paths(paths: Iterable[Path]) -> list[Path]:
    """The specs named: each file as given, and the `.yaml` and `.yml` files directly in
    each folder, by name (the library and brief.yaml left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            specs = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in SPEC_SUFFIXES and p.is_file()
                           and p.name not in NOT_SPECS)
            if not specs:
                raise BriefError(f"{display_path(path)} holds no specs (.yaml files)",
                                 hint="name a spec, or the folder that holds them "
                                 "(briefings/, say)")
            found += specs
        else:
            found.append(path)
    return list(dict.fromkeys(found))
