"""What `brief check` and `brief sources --library` say of the project's source library
and of the sources its memos share: where two memos grade one source differently (the
same file, by its SHA-256, or the same address), and where each library source is cited.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, BriefWarning, SpecError, Where, display_path, plural
from ..files import (
    NOT_SPECS,
    SPEC_SUFFIXES,
    is_dir,
    is_file,
    project_root,
    read_input,
    unique_folders,
)
from ..spec import BriefingSpec, SourceSpec, read_spec
from ..spec.reader import Reader
from ..spec.schema import LIBRARY
from ..spec.sourcing import read_library
from ..yamlfile import format_key_path


@dataclass(frozen=True)
class Graded:
    """A source as one spec grades it: the spec, the source's id there, its grade, the
    place of the grade (or of the entry), and what makes it the same source elsewhere."""

    spec: Path
    source_id: str
    reliability: str | None
    where: Where
    sha256: str | None
    url: str | None


def project_specs(root: Path, named: Iterable[Path] = (), folders: Iterable[Path] = ()
                  ) -> list[Path]:
    """The specs of the project: those named, and the `.yaml` files in `briefings/`, at
    the root and in `folders` (a checked spec's own) that are specs (the library and
    brief.yaml are not)."""
    found = [p.resolve() for p in named]
    for folder in unique_folders([root / "briefings", root, *folders]):
        if is_dir(folder):
            found += sorted(p.resolve() for p in folder.iterdir()
                            if p.suffix.lower() in SPEC_SUFFIXES and is_file(p)
                            and p.name not in NOT_SPECS)
    return list(dict.fromkeys(found))


def graded_sources(spec: BriefingSpec) -> Iterator[Graded]:
    """Each source of `spec` with its grade and what identifies it (its file's SHA-256,
    where the file can be read; its address)."""
    for source_id, entry in spec.sources.items():
        yield Graded(spec.path, source_id, entry.reliability, _grade_place(spec, entry),
                     *_identity(spec.folder, entry))


def _identity(folder: Path, entry: SourceSpec) -> tuple[str | None, str | None]:
    """What makes a source the same one elsewhere: its file's SHA-256 (its `file` taken
    from `folder`) and its address without a trailing slash; None where it has none."""
    return (_sha256(folder / entry.file) if entry.file else None,
            entry.url.rstrip("/") if entry.url else None)


def _grade_place(spec: BriefingSpec, entry: SourceSpec) -> Where:
    return spec.where(entry.place("reliability"))


def _sha256(path: Path) -> str | None:
    """A source file's SHA-256 (None: it cannot be read), hashed once while unchanged."""
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
        if key not in _HASHED:
            _HASHED[key] = hashlib.sha256(
                read_input(path, "source", None, BriefError)).hexdigest()
        return _HASHED[key]
    except (OSError, BriefError):
        return None


# Source files hashed by this process (a check of a folder compares every spec with
# every other), by path, time of change and size.
_HASHED: dict[tuple[str, int, int], str] = {}


# Two grades of one source (known by its file's SHA-256 or its address).
Conflict = tuple[str | None, frozenset[str]]


def grading_conflicts(spec: BriefingSpec, root: Path | None,
                      others: Iterable[Path] = (), *,
                      reported: set[Conflict] | None = None) -> list[BriefWarning]:
    """Warnings where other memos of the project (or `others`) grade a source of `spec`
    differently (the same file or address, another grade): one a source and other grade,
    at the place of this spec's grade (the library's, where it takes the library's). A
    source's two grades in `reported` (a check of several specs: its file's SHA-256 or
    its address, and the grades) are not reported again; those reported now are added."""
    root = project_root(spec.folder, root)
    mine = [g for g in graded_sources(spec) if g.reliability]
    if not mine:
        return []
    theirs: list[Graded] = []
    for path in project_specs(root, others, [spec.folder]):
        if path == spec.path.resolve():
            continue
        try:
            other, _, _ = read_spec(path, root)
        except BriefError:
            continue  # not a spec, or one that cannot be read: its own check says so
        theirs += [g for g in graded_sources(other) if g.reliability]
    reported = set() if reported is None else reported
    warnings = []
    for graded in mine:
        differing: dict[str, list[tuple[Graded, str]]] = {}
        for their in theirs:
            same = _same(graded, their)
            if same and graded.reliability != their.reliability:
                differing.setdefault(str(their.reliability), []).append((their, same))
        for grade, found in differing.items():
            conflict = (graded.sha256 or graded.url,
                        frozenset({str(graded.reliability), grade}))
            if conflict not in reported:
                reported.add(conflict)
                warnings.append(_conflict(graded, found))
    return warnings


def _same(one: Graded, other: Graded) -> str | None:
    """How two sources are known to be one: the same file, or the same address."""
    if one.sha256 and one.sha256 == other.sha256:
        return f"the same file (SHA-256 {one.sha256[:12]})"
    if one.url and one.url == other.url:
        return f"the same address ({one.url})"
    return None


def _place(their: Graded) -> str:
    line = f":{their.where.line}" if their.where.line else ""
    place = f"{display_path(their.spec)}{line}"
    if their.where.file is not None and Path(their.where.file).resolve() != their.spec:
        place = f"{display_path(their.spec)} (from {display_path(their.where.file)}{line})"
    return place


def _conflict(graded: Graded, found: list[tuple[Graded, str]]) -> BriefWarning:
    (their, same), rest = found[0], [t for t, _ in found[1:]]
    also = ""
    if rest:
        names = list(dict.fromkeys(_place(t) for t in rest))
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3
                                        else "")
        verb = "does" if len(rest) == 1 else "do"
        also = f"; so {verb} {plural(len(rest), 'other memo')}: {shown}"
    return BriefWarning(
        f"source '{graded.source_id}' is graded {graded.reliability} here, and "
        f"'{their.source_id}' is graded {their.reliability} in {_place(their)}: {same}"
        f"{also}",
        graded.where,
        hint="grade the source once, in the project's library (sources.yaml), or say in "
        "its `assessment` why this memo grades it otherwise")


@dataclass(frozen=True)
class Cited:
    """Where a library source is cited: a spec, the id it cites it by (its own, for the
    same file or address under another id), the places (`file:line key path`), and what
    the memo takes otherwise than the library: its grade, its snapshot, its access date."""

    spec: Path
    paths: tuple[str, ...]
    places: tuple[str, ...] = ()
    source_id: str = ""
    same: str | None = None  # how a source under another id is the library's
    reliability: str | None = None  # the memo's own grade, where it differs
    graded_at: str | None = None
    snapshot: str | None = None
    accessed: str | None = None


def library_listing(root_hint: Path, root: Path | None, *, as_json: bool = False
                    ) -> list[str]:
    """What `brief sources --library` prints: each source of the project's library, its
    details and grade, and where each spec of the project cites it (as lines, or one JSON
    document for other tools)."""
    root = project_root(root_hint if is_dir(root_hint) else root_hint.parent, root)
    library = read_library(root, Reader)
    if library is None:
        raise SpecError(f"the project ({display_path(root)}) keeps no source library",
                        hint="keep the sources in sources.yaml at the project's root, or "
                        "export them there from Zotero (see docs/spec.md, \"The source "
                        "library\")")
    cited = _citations(root, library.entries)
    details = {source_id: _details(entry, root) for source_id, entry in
               library.entries.items()}
    if as_json:
        return [json.dumps({
            "library": [display_path(d.path) for d in library.documents],
            "sources": [{"id": source_id, **details[source_id], "cited_by": [
                _use_json(use) for use in cited.get(source_id, [])]}
                for source_id in details]},
            indent=2, ensure_ascii=False)]
    names = " and ".join(display_path(d.path) for d in library.documents)
    lines = [f"# the source library: {names}, {len(library.entries)} sources"]
    for source_id, shown in details.items():
        lines.append("")
        grade = f" [{shown['reliability']}]" if shown["reliability"] else ""
        lines.append(f"{source_id}{grade}: {shown['title'] or '(no title)'}")
        for name in ("authors", "date", "publisher", "url", "accessed", "file",
                     "assessment"):
            value = shown[name]
            if value:
                text = ", ".join(value) if isinstance(value, list) else value
                missing = " (not found)" if name == "file" and not shown["file_found"] else ""
                lines.append(f"  {name}: {' '.join(str(text).split())}{missing}")
        uses = cited.get(source_id, [])
        if not uses:
            lines.append("  cited by: no memo")
        for use in uses:
            lines += _use_lines(use)
    return lines


def _use_json(use: Cited) -> dict[str, Any]:
    shown: dict[str, Any] = {"spec": display_path(use.spec), "key_paths": list(use.paths),
                             "places": list(use.places)}
    if use.same:
        shown.update({"as": use.source_id, "same": use.same})
    for name in ("reliability", "graded_at", "snapshot", "accessed"):
        if getattr(use, name):
            shown[name] = getattr(use, name)
    return shown


def _use_lines(use: Cited) -> list[str]:
    """How one memo cites a library source, wrapped."""
    alias = f" as '{use.source_id}'" if use.same else ""
    numbers = [p.split(" ", 1)[0].rsplit(":", 1)[-1] for p in use.places]
    shown = ", ".join(n for n in numbers if n.isdigit())
    lines = textwrap.wrap(f"cited by {display_path(use.spec)}{alias} "
                          f"({plural(len(use.places), 'place')}), "
                          f"line{'s' if len(numbers) > 1 else ''} {shown}", width=100,
                          initial_indent="  ", subsequent_indent="    ")
    extras = []
    if use.reliability:
        extras.append(f"graded {use.reliability} there ({use.graded_at})")
    if use.snapshot:
        extras.append(f"quotes the snapshot {use.snapshot}")
    if use.accessed:
        extras.append(f"accessed {use.accessed}")
    if use.same:
        extras.append(f"'{use.source_id}' is {use.same}")
    if extras:
        lines += textwrap.wrap("; ".join(extras), width=100, initial_indent="    ",
                               subsequent_indent="    ", break_on_hyphens=False)
    return lines


def _details(entry: SourceSpec, root: Path) -> dict[str, Any]:
    return {"title": entry.title, "authors": list(entry.authors),
            "date": entry.date.iso if entry.date else None, "publisher": entry.publisher,
            "url": entry.url,
            "accessed": entry.accessed.iso if entry.accessed else None,
            "file": entry.file or None,
            "file_found": bool(entry.file) and is_file(root / entry.file),
            "reliability": entry.reliability, "assessment": entry.assessment}


def _citations(root: Path, entries: dict[str, SourceSpec]) -> dict[str, list[Cited]]:
    """For each library id, the specs of the project that cite it (by its id, or by their
    own id for the same file or address), with the places."""
    known = {source_id: Graded(root, source_id, entry.reliability, Where(),
                               *_identity(root, entry))
             for source_id, entry in entries.items()}
    found: dict[str, list[Cited]] = {}
    for path in project_specs(root):
        try:
            spec, _, _ = read_spec(path, root)
        except BriefError:
            continue
        for graded, entry in zip(graded_sources(spec), spec.sources.values(), strict=True):
            library_id, same = _library_id(graded, entry, known)
            if library_id is not None:
                found.setdefault(library_id, []).append(
                    _cited(spec, entry, entries[library_id], same))
    return found


def _library_id(graded: Graded, entry: SourceSpec, known: dict[str, Graded]
                ) -> tuple[str | None, str | None]:
    """The library's id for a spec's source, and how it is the same where the spec
    calls it otherwise (None: it is not the library's)."""
    if entry.key_path[:1] == (LIBRARY,) or entry.override is not None:
        return entry.id, None
    for library_id, theirs in known.items():
        same = _same(graded, theirs)
        if same:
            return library_id, None if library_id == entry.id else same
    return None, None


def _cited(spec: BriefingSpec, entry: SourceSpec, base: SourceSpec, same: str | None
           ) -> Cited:
    """How `spec` cites the library's source `base` (as its `entry`)."""
    places = []
    own = entry.override[0] if entry.override is not None else entry.key_path
    if own[:1] != (LIBRARY,) and own:
        places.append((own, spec.where(own, at_key=True)))
    for passage in spec.passages():
        if passage.source == entry.id:
            places.append((passage.key_path, spec.where(passage.key_path, at_key=True)))
    shown = tuple(f"{display_path(spec.path)}:{where.line} {format_key_path(key_path)}"
                  if where.line else format_key_path(key_path)
                  for key_path, where in places)
    regraded = entry.reliability if entry.reliability != base.reliability else None
    at = spec.where(entry.place("reliability")) if regraded else None
    accessed = entry.accessed.iso if entry.accessed and entry.accessed != base.accessed \
        else None
    return Cited(spec.path, tuple(format_key_path(k) for k, _ in places), shown, entry.id,
                 same, regraded,
                 f"{display_path(spec.path)}:{at.line}" if at and at.line else None,
                 entry.snapshot, accessed)
