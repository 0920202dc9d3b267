"""Stage 2: read the source articles a spec names, and number their paragraphs
(see `paragraphs` for the rules)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..errors import BriefError, SourceError, Where, collect, display_path
from ..files import LIMITS, inside, read_input
from ..spec import BriefingSpec, SourceSpec
from ..spec.schema import LIBRARY
from ..text import clean_source_text
from .base import FileMetadata, SourceText
from .budgets import BUDGETS
from .paragraphs import Paragraph, number_paragraphs
from .readers import read_file


@dataclass(frozen=True)
class Source:
    """A loaded source article: its paragraphs, metadata and fingerprint."""

    id: str
    path: Path
    format: str
    encoding: str | None
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    file_metadata: FileMetadata
    spec: SourceSpec | None = None
    left_out: int = 0  # characters of the file no document can hold (see brief.text)
    notes: tuple[str, ...] = ()  # what the reader noticed (see `SourceText.notes`)
    #: a web page's whole text, numbered apart from the article: for `scope: page`
    page_paragraphs: tuple[Paragraph, ...] = ()

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def page_view(self) -> Source:
        """The source as its whole web page: `scope: page` quotes are found here."""
        return dataclasses.replace(self, paragraphs=self.page_paragraphs, page_paragraphs=())

    @property
    def metadata(self) -> FileMetadata:
        """The source's details: the spec's where given, else the file's own."""
        spec, own = self.spec, self.file_metadata
        if spec is None:
            return own
        return FileMetadata(
            title=spec.title or own.title, authors=spec.authors or own.authors,
            date=spec.date.iso if spec.date else own.date, url=spec.url or own.url,
            publisher=spec.publisher or own.publisher)


def read_source(path: Path, where: Where) -> tuple[SourceText, bytes]:
    """Read a source file of any supported format; raise `SourceError` if it is unusable:
    missing, not a regular file (a folder, a pipe, a device), too large, or unreadable."""
    raw = _raw_source(path, where)
    return read_file(path, raw, where), raw


def _raw_source(path: Path, where: Where) -> bytes:
    """A source file's bytes, or the `SourceError` saying why there are none."""
    try:
        raw = read_input(path, "source", where, SourceError, "source file")
    except FileNotFoundError:
        raise SourceError(
            f"source file not found: {path}", where,
            hint="paths under `sources` are relative to the spec file's folder") from None
    if not raw.strip():
        raise SourceError(f"source file is empty: {path}", where,
                          hint="paste the article's text into the file")
    return raw


@dataclass(frozen=True)
class _Read:
    """What reading a file's bytes gives, whatever the spec calls the source."""

    format: str
    encoding: str | None
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    metadata: FileMetadata
    left_out: int
    notes: tuple[str, ...]
    page_paragraphs: tuple[Paragraph, ...]


# Sources read before, by their SHA-256, kind of file and the limits they were read under
# (a file read under a raised budget is refused under a lower one): a preview or a batch
# build reads an unchanged source (a long PDF takes seconds) once. Oldest first.
_READ: dict[tuple[str, str, tuple[str | None, ...]], _Read] = {}
_LIMIT_VARIABLES = (LIMITS["unpacked"].variable, *(b.variable for b in BUDGETS.values()))
_READ_KEPT = 64


def load_source_file(path: Path, source_id: str = "", where: Where | None = None,
                     spec_entry: SourceSpec | None = None) -> Source:
    """Load the source file at `path` and number its paragraphs."""
    where = where or Where(path)
    raw = _raw_source(path, where)
    key = (hashlib.sha256(raw).hexdigest(), path.suffix.lower(),
           tuple(os.environ.get(variable) for variable in _LIMIT_VARIABLES))
    read = _READ.pop(key, None) or _read(path, raw, where, key[0])
    _READ[key] = read
    while len(_READ) > _READ_KEPT:
        del _READ[next(iter(_READ))]
    return Source(source_id, path, read.format, read.encoding, read.paragraphs, read.sha256,
                  read.metadata, spec_entry, read.left_out, read.notes, read.page_paragraphs)


def _read(path: Path, raw: bytes, where: Where, sha256: str) -> _Read:
    text = read_file(path, raw, where)
    blocks, left_out = [], 0
    for block in text.blocks:
        clean, count = clean_source_text(block.text)
        blocks.append(dataclasses.replace(block, text=clean) if count else block)
        left_out += count
    paragraphs = number_paragraphs(blocks, whole=text.whole_paragraphs,
                                   strip_tags=text.format == "text")
    if not paragraphs:
        raise SourceError(f"source file has no text: {path}", where)
    metadata = FileMetadata(**{name: _clean(value) for name, value in
                               dataclasses.asdict(text.metadata).items()})
    page = number_paragraphs(
        (dataclasses.replace(b, text=clean_source_text(b.text)[0]) for b in text.page_blocks),
        whole=True)
    return _Read(text.format, text.encoding, paragraphs, sha256, metadata, left_out,
                 text.notes, page)


def _clean(value: Any) -> Any:
    """A file's own detail (a title, authors) without what no document can hold."""
    if isinstance(value, str):
        return " ".join(clean_source_text(value)[0].split()) or None
    if isinstance(value, (tuple, list)):
        return tuple(c for c in (_clean(v) for v in value) if c)
    return value


# A snapshot `brief capture` kept is named by the time it was read (UTC).
_SNAPSHOT = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})T\d{6}Z(?:-\d+)?")


def _snapshot(spec_entry: SourceSpec, path: Path, where: Where) -> tuple[Path, SourceSpec]:
    """The file of the snapshot a source names (`snapshot:`), beside its `file`; and the
    entry with the access date of that snapshot, or of the captured file it names (a
    snapshot's name is the time it was read)."""
    name = spec_entry.snapshot
    if name is not None:
        if not _SNAPSHOT.fullmatch(name):
            raise SourceError(f"snapshot {name!r} is not the name of a capture, the time it "
                              "was read such as 2026-12-05T061500Z", where,
                              hint="`brief capture` prints the name of each snapshot")
        found = sorted(p for p in path.parent.glob(f"{name}.*") if p.suffix != ".json")
        if not found:
            kept = sorted(p.stem for p in path.parent.glob("*.json")
                          if _SNAPSHOT.fullmatch(p.stem))
            raise SourceError(
                f"no snapshot {name} in {path.parent.name}/, the folder of "
                f"{display_path(Path(os.path.normpath(path)))}", where,
                hint=f"its snapshots: {', '.join(kept)}" if kept
                else "capture the page with `brief capture URL`")
        path = found[0]  # the file the manifest names, beside the spec's own
        file = (Path(spec_entry.file).parent / path.name).as_posix()
        spec_entry = dataclasses.replace(spec_entry, file=file)
    stamp = _SNAPSHOT.fullmatch(path.stem)
    if stamp and (name is not None or spec_entry.accessed is None):
        accessed = parse_date(stamp["date"])
        spec_entry = dataclasses.replace(spec_entry, accessed=accessed)
    return path, spec_entry


def load_source(spec_entry: SourceSpec, folder: Path, where: Where, root: Path, *,
                snapshot_where: Where | None = None) -> Source:
    """Load one source named by the spec, relative to the spec's `folder`; it must lie
    inside the project (`root`), its symbolic links followed; the snapshot it names
    (`snapshot:`) in its file's folder."""
    path = folder / spec_entry.file
    path, spec_entry = _snapshot(spec_entry, path, snapshot_where or where)
    library = where.file if spec_entry.key_path[:1] == (LIBRARY,) else None
    if not inside(path, [root]):
        raise SourceError(
            f"the source file {_as_written(spec_entry, path, library)} is outside the "
            f"project ({root}): brief reads only files inside it", where,
            hint=_outside_hint(library))
    source = load_source_file(path.resolve(), spec_entry.id, where, spec_entry)
    if not source.metadata.title:
        raise SourceError(
            f"source '{spec_entry.id}' has no title, and its file does not give one",
            where.with_key(where.key.rsplit(".", 1)[0] if where.key else spec_entry.id),
            hint="add `title:` to the source in the spec" if library is None else
            f"add `title:` under '{spec_entry.id}' in the library, {library.name}")
    return source


def _as_written(spec_entry: SourceSpec, path: Path, library: Path | None) -> str:
    """A source's file as its entry gives it: relative to the library's folder for a
    library's entry, else to the spec's."""
    if library is None:
        return spec_entry.file
    return Path(os.path.relpath(os.path.normpath(path), library.parent)).as_posix()


def _outside_hint(library: Path | None) -> str:
    """How to bring a source file into the project, for the file that names it."""
    if library is None:
        return ("copy the file into the project (its sources/ folder, say), or name a "
                "wider project with --root")
    if library.suffix.lower() in (".yaml", ".yml"):
        return (f"copy the file into the project (its sources/ folder, say) and give "
                f"that path as `file:` in {library.name}")
    return ("export the library from Zotero into the project with \"Export Files\" "
            "ticked, so that its files are saved beside it")


def load_sources(spec: BriefingSpec, root: Path) -> tuple[dict[str, Source], list[BriefError]]:
    """Load every source of the spec (inside the project, `root`); return those that
    loaded and the problems found."""
    sources: dict[str, Source] = {}
    errors: list[BriefError] = []
    for source_id, entry in spec.sources.items():
        if not entry.file or not spec.intact((*entry.key_path, "file")):
            continue  # its `file` is missing or could not be read; that was reported
        where = spec.where((*entry.key_path, "file"))
        at = spec.where(entry.place("snapshot")) if entry.snapshot else None
        try:
            sources[source_id] = load_source(entry, spec.folder, where, root,
                                             snapshot_where=at)
        except BriefError as error:
            collect(errors, error)
    return sources, errors
