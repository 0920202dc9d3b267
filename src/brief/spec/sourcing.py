"""A spec's sources together with the project's source library (see `library`): the
library's entries a spec cites by id, and the spec's own entries laid over them.

A spec's `sources` entry with the id of a library source changes only the keys it gives
(`assessment`, say): the others are the library's. A passage, figure or chart citing an
id that only the library holds takes that source as the library gives it; a list of ids
under `sources` does the same for sources the memo lists without quoting."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BriefError, SpecError
from ..files import InputFile
from ..schema import did_you_mean, keys
from ..yamlfile import KeyPath, YamlDocument
from .library import library_paths, read_library_file
from .schema import LIBRARY, BriefingSpec, SourceSpec

if TYPE_CHECKING:
    from .reader import Reader

_ID = re.compile(r"[A-Za-z0-9][\w.-]*")


@dataclass
class Library:
    """The project's library, read: its files, its entries by id (each `file` relative
    to the project's root, each key path `(LIBRARY, index of its file, id)`), and the
    problems of each entry, reported by the spec that cites it."""

    root: Path
    documents: tuple[YamlDocument, ...]
    entries: dict[str, SourceSpec]
    problems: dict[str, list[BriefError]] = field(default_factory=dict)
    settings: InputFile | None = None  # brief.yaml, where it names the library

    @property
    def inputs(self) -> list[InputFile]:
        """The files read: the library's and the brief.yaml that names it."""
        files = [d.file for d in self.documents if d.file is not None]
        return files + ([self.settings] if self.settings is not None else [])


def read_library(root: Path, reader_class: type[Reader]) -> Library | None:
    """The project's library (None: it keeps none); raise `SpecError` where a file of it
    cannot be read at all."""
    paths, settings = library_paths(root)
    if not paths:
        return None
    key = _stamp(root, paths, settings)
    if key is not None and key in _READ:
        return _READ[key]
    library = Library(root.resolve(), (), {}, settings=settings)
    documents = []
    for index, path in enumerate(paths):
        document = read_library_file(path, root).document
        documents.append(document)
        for raw_id, raw in document.data.items():
            _read_entry(library, reader_class(document), index, str(raw_id), raw)
    library.documents = tuple(documents)
    for entry_id, entry in library.entries.items():
        if not entry.file:
            where = documents[int(entry.key_path[1])].where((entry_id,), at_key=True)
            library.problems.setdefault(entry_id, []).append(SpecError(
                f"missing required key 'file': the library's source '{entry_id}' needs "
                "the path of its file, relative to the library", where,
                hint="export the library from Zotero with its files, or give `file:` "
                "under the id in sources.yaml"))
    if key is not None:
        _READ.clear()  # one library a project: the last read is kept
        _READ[key] = library
    return library


# The library read last, by its files' paths, times of change and sizes: `brief check`
# of a folder reads every spec of the project, each citing the same library.
_READ: dict[tuple[Any, ...], Library] = {}


def _stamp(root: Path, paths: list[Path], settings: InputFile | None
           ) -> tuple[Any, ...] | None:
    """What says a library is unchanged since it was read (None: a file cannot be
    looked at, and the library is read again)."""
    try:
        stats = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except OSError:
        return None
    return (str(root.resolve()), settings.sha256 if settings else None, stats)


def _read_entry(library: Library, reader: Reader, index: int, entry_id: str,
                raw: Any) -> None:
    """Read one entry of the library's file `index`, over what an earlier file (an
    export, under `sources.yaml`) gave of the same id."""
    document = reader.document
    if not _ID.fullmatch(entry_id):
        reader.fail(f"source id '{entry_id}' should be a short word of letters, digits, "
                    "'-' or '_'", (entry_id,), at_key=True)
    earlier = library.entries.get(entry_id)
    if raw is None and earlier is not None:
        return  # the id alone: nothing to add
    entry = reader.read(SourceSpec, raw, (entry_id,))
    library.problems.setdefault(entry_id, []).extend(reader.errors)
    if entry is None:
        return
    given = set(raw) if isinstance(raw, dict) else set()
    entry = dataclasses.replace(entry, id=entry_id, key_path=(LIBRARY, index, entry_id))
    if entry.file:
        folder = document.path.parent
        entry = dataclasses.replace(entry, file=os.path.relpath(
            os.path.normpath(folder.resolve() / entry.file), library.root))
    if earlier is not None:
        entry = laid_over(earlier, entry, given)
    library.entries[entry_id] = entry


def laid_over(base: SourceSpec, over: SourceSpec, given: set[str]) -> SourceSpec:
    """`base` with the keys `over` gives (`given`, by their YAML names) taken from it; the
    key path `over`'s where it gives the file."""
    changes = {fld.name: getattr(over, fld.name) for name, fld in keys(SourceSpec)
               if name in given}
    if "file" in given:
        changes["key_path"] = over.key_path
    return dataclasses.replace(base, **changes)


def with_library(spec: BriefingSpec, reader: Reader, library: Library | None
                 ) -> BriefingSpec:
    """The spec with its sources laid over the library's, and the library's sources it
    cites by id alone added (in the order first cited). A source in neither, and a spec
    with no sources where the project keeps no library, are reported."""
    data = reader.document.data if isinstance(reader.document.data, dict) else {}
    written = data.get("sources")
    if written is None and ("sources",) not in reader.invalid and library is None:
        fld = dict(keys(BriefingSpec))["sources"]
        if "sources" in data:
            reader.fail(f"'sources' is empty; {fld.metadata['doc']}", ("sources",))
        else:
            reader.fail(f"missing required key 'sources': {fld.metadata['doc']}", ())
        reader.invalid.add(("sources",))
        return spec
    if library is None:
        return spec
    reported: set[str] = set()
    sources: dict[str, SourceSpec] = {}
    for source_id, entry in spec.sources.items():
        raw = written.get(source_id) if isinstance(written, dict) else None
        given = set(raw) if isinstance(raw, dict) else set()
        sources[source_id] = _laid(spec, reader, library, entry, given, reported)
    for source_id in _cited(spec):
        if source_id not in sources and source_id in library.entries:
            sources[source_id] = _from_library(spec, library, library.entries[source_id])
            _report(reader, library, source_id, reported)
    return dataclasses.replace(spec, sources=sources, libraries=library.documents)


def _laid(spec: BriefingSpec, reader: Reader, library: Library, entry: SourceSpec,
          given: set[str], reported: set[str]) -> SourceSpec:
    """A spec's entry over the library's of the same id, or alone: an entry that gives a
    file other than the library's is a source of its own (a spec written before the
    library, whose id the library happens to use), and takes nothing from it."""
    base = library.entries.get(entry.id)
    if base is not None and "file" in given and not _same_file(spec, library, base, entry):
        base = None
    if base is not None:
        _report(reader, library, entry.id, reported)
        if "file" not in given:
            base = _from_library(spec, library, base)
        laid = laid_over(base, entry, given)
        return laid if "file" in given else dataclasses.replace(
            laid, override=(entry.key_path, frozenset(given)))
    if not entry.file and (*entry.key_path, "file") not in reader.invalid:
        if given:
            reader.fail(f"missing required key 'file': the source '{entry.id}' is not in "
                        "the project's library, so the spec gives its file",
                        entry.key_path)
        else:
            guess = did_you_mean(entry.id, library.entries)
            reader.fail(f"the project's library holds no source '{entry.id}'{guess}",
                        entry.key_path, at_key=True,
                        hint=library_hint(library))
        reader.invalid.add((*entry.key_path, "file"))
    return entry


def _same_file(spec: BriefingSpec, library: Library, base: SourceSpec,
               entry: SourceSpec) -> bool:
    """Whether the spec's entry names the library's file."""
    if not base.file or not entry.file:
        return False
    return os.path.normpath(library.root / base.file) == os.path.normpath(
        spec.folder / entry.file)


def library_hint(library: Library) -> str:
    """Where the library is and what it holds, for a message about an id it lacks."""
    names = sorted(library.entries)
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12
                                     else "")
    where = " and ".join(d.path.name for d in library.documents)
    return (f"the library ({where}) holds: {shown or 'nothing yet'}; "
            "`brief sources --library` lists it")


def _from_library(spec: BriefingSpec, library: Library, entry: SourceSpec) -> SourceSpec:
    """A library entry as the spec reads it: its file relative to the spec's folder."""
    if not entry.file:
        return entry
    path = os.path.normpath(library.root / entry.file)
    return dataclasses.replace(entry, file=os.path.relpath(path, spec.folder))


def _report(reader: Reader, library: Library, source_id: str, reported: set[str]) -> None:
    """Report, once, the problems of a library entry the spec cites."""
    if source_id not in reported:
        reported.add(source_id)
        reader.errors.extend(library.problems.get(source_id, []))


def _cited(spec: BriefingSpec) -> Iterator[str]:
    """The ids of the sources the spec cites: by passages, figures and charts."""
    for passage in spec.passages():
        yield passage.source
    for section in spec.sections:
        for point in section.points:
            if point.figure is not None and point.figure.source:
                yield point.figure.source
            if point.chart is not None and point.chart.source:
                yield point.chart.source


def library_key_path(path: KeyPath) -> bool:
    """Whether `path` is a place in the library (not in the spec)."""
    return path[:1] == (LIBRARY,)
