"""Rebuilding a spec again and again, warm: what `brief watch` and `brief preview` share.

A `Rebuilder` keeps its PDF worker (WeasyPrint loaded, fonts warm) for its whole run, and
this process keeps python-docx, the parsed sources (by SHA-256, in `sources.loading`),
the compiled templates and reference.docx's styles. `watched` says which files a spec's
build reads, so that a change to any of them, and to nothing else, rebuilds it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..charts import spec_charts
from ..errors import BriefError, BriefNote, display_path, plural
from ..files import project_root
from ..folders import built_in, searched_folders
from ..options import BuildOptions
from ..output import interrupt_held, stop_if_interrupted
from ..pipeline import build
from ..sources.images import pictures_named
from ..spec import read_spec
from ..spec.library import library_candidates

if TYPE_CHECKING:
    from ..pipeline import BuildResult, Progress
    from ..render.pdf.worker import PdfWorker


@dataclass(frozen=True)
class Rebuild:
    """One build of a spec: its result, or the problems that stopped it."""

    spec: Path
    seconds: float
    result: BuildResult | None = None
    problems: tuple[BriefError, ...] = ()
    pdf: bytes | None = None  # the memo's PDF, as written
    first: bool = False  # the first build of the spec since brief started
    # The files written whose content differs from what the output folder held before
    # (a manifest's time of building aside).
    changed: tuple[Path, ...] = ()
    # The warnings (and notes) shown for the first time since the last build that got
    # this far, and those that are gone; on the first build, every warning is new.
    new_warnings: tuple[BriefError, ...] = ()
    gone_warnings: tuple[BriefError, ...] = ()


@dataclass(frozen=True)
class Watched:
    """What a spec's build reads: files, and folders read whole (templates, scales)."""

    files: frozenset[Path] = frozenset()
    trees: frozenset[Path] = frozenset()

    def folders(self) -> list[Path]:
        """The folders to watch (not recursively): each file's folder, each tree and its
        subfolders, and the folder a missing tree would be made in."""
        folders: set[Path] = {f.parent for f in self.files}
        for tree in self.trees:
            if tree.is_dir():
                folders.add(tree)
                folders.update(p for p in tree.rglob("*") if p.is_dir())
            else:
                folders.add(_existing_parent(tree))
        return sorted(f for f in folders if f.is_dir())

    def __or__(self, other: Watched) -> Watched:
        return Watched(self.files | other.files, self.trees | other.trees)

    def matters(self, path: Path) -> bool:
        """Does a change at `path` change the build?"""
        path = path.resolve()
        return path in self.files or any(t == path or t in path.parents for t in self.trees)


@dataclass
class Rebuilder:
    """Builds one spec, warm, each time it is asked."""

    spec: Path
    options: BuildOptions = field(default_factory=BuildOptions)
    worker: PdfWorker | None = None
    builds: int = 0
    # What each output file held when last seen, by path (see `_fingerprint`).
    outputs: dict[Path, str] | None = None
    warnings: dict[tuple[Any, ...], BriefError] | None = None  # those of the last build
    lock: threading.Lock = field(default_factory=threading.Lock)  # one build at a time
    # Told of the version built as it goes (`pipeline.Progress`): the preview shows it.
    progress: Progress | None = None

    def build(self) -> Rebuild:

        with self.lock:
            return self._build()

    def switch(self, options: BuildOptions) -> Rebuild:
        """Build with other options from now on (another version of the memo), at once."""
        with self.lock:
            self.options = options
            return self._build()

    def _build(self) -> Rebuild:
        self.builds += 1
        first = self.builds == 1
        started = time.perf_counter()
        if self.outputs is None:  # what the output folder holds before brief writes it
            self.outputs = _fingerprints(_output_files(self.options.output_folder))
        if self.worker is not None:
            self.worker.ensure_running()
        try:
            result = build(self.spec, self.options, pdf_worker=self.worker,
                           progress=self.progress)
        except BriefError as error:
            return Rebuild(self.spec, time.perf_counter() - started, problems=error.problems,
                           first=first)
        seconds = time.perf_counter() - started
        now = _fingerprints(result.written)
        changed = tuple(p for p in result.written if self.outputs.get(p) != now.get(p))
        self.outputs.update(now)
        warnings: dict[tuple[Any, ...], BriefError] = {
            _identity(w): w for w in result.checked.warnings}
        before = self.warnings or {}
        self.warnings = warnings
        pdf = next((p for p in result.written if p.suffix == ".pdf"), None)
        return Rebuild(self.spec, seconds, result, pdf=pdf.read_bytes() if pdf else None,
                       first=first, changed=changed,
                       new_warnings=tuple(w for k, w in warnings.items() if k not in before),
                       gone_warnings=tuple(w for k, w in before.items() if k not in warnings))

    def watched(self) -> Watched:
        """The files this spec's build reads, as far as the spec can be read now."""

        spec_path = self.spec.resolve()
        library = library_candidates(project_root(spec_path.parent, self.options.root))
        try:
            spec, _, _ = read_spec(spec_path, self.options.root)
        except BriefError:  # not YAML at all, yet (or a library that is not)
            return Watched(frozenset([spec_path, *library]))
        root = project_root(spec.folder, self.options.root)
        files = {spec_path, *library, *(d.path.resolve() for d in spec.libraries)}
        for entry in spec.sources.values():
            if isinstance(entry.file, str) and entry.file:
                files.add((spec.folder / entry.file).resolve())
        if isinstance(spec.previous, str) and spec.previous:  # the last edition, for its box
            files.add((spec.folder / spec.previous).resolve())
        files |= {(spec.folder / file).resolve() for file, _ in pictures_named(spec)}
        files |= {(spec.folder / chart.data).resolve() for chart in spec_charts(spec)
                  if isinstance(chart.data, str) and chart.data}
        trees = {f.resolve() for f in searched_folders(spec.folder, root)}
        if isinstance(spec.template, str) and ("/" in spec.template or "\\" in spec.template):
            trees.add((spec.folder / spec.template).resolve())
        return Watched(frozenset(files), frozenset(t for t in trees if not built_in(t)))


def changes(watched: Callable[[], Watched], stop: Any = None) -> Iterator[set[Path] | None]:
    """Yield None once the files are being watched (a build started then misses no
    save), then the set of files changed each time files that matter change (after
    editors finish writing them); follow the files a spec reads as it names new ones."""
    import watchfiles

    interrupt_held()  # one held by an earlier build of this process is not for this watch
    started = restarted = False
    while True:
        now = watched()
        for batch in watchfiles.watch(
                *now.folders(), watch_filter=_filter(now),
                recursive=False, debounce=1600, step=30, stop_event=stop,
                raise_interrupt=False, rust_timeout=200, yield_on_timeout=True):
            if not batch:  # nothing changed for a while: the watch is set up
                if not started:
                    started = True
                    yield None
                    stop_if_interrupted()
                elif restarted:  # a save while the watch changed over was not seen
                    restarted = False
                    yield set(now.files)
                    stop_if_interrupted()
                continue
            yield {Path(path) for _, path in batch}
            stop_if_interrupted()
            if watched() != now:
                restarted = True
                break  # the spec names other files now (or is half-saved): watch those
        else:
            return  # stopped


def _identity(warning: BriefError) -> tuple[Any, ...]:
    """A warning, known again after the lines above it moved: its kind, message, file
    and key path, not its line and column."""
    where = warning.where
    return (type(warning).__name__, warning.message, str(where.file), where.key,
            warning.hint)


def _output_files(folder: Path) -> list[Path]:
    """The files a build may have written in the output folder."""
    try:
        return [p for p in folder.iterdir() if p.suffix in OUTPUT_SUFFIXES
                and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []


OUTPUT_SUFFIXES = (".pdf", ".docx", ".eml", ".json")


def _fingerprints(paths: Sequence[Path]) -> dict[Path, str]:
    found = {}
    for path in paths:
        fingerprint = _fingerprint(path)
        if fingerprint is not None:
            found[path] = fingerprint
    return found


def _fingerprint(path: Path) -> str | None:
    """The SHA-256 of a file's content; of a build manifest, without the time it was
    built (which every build changes: a manifest otherwise the same is not written
    again)."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if path.suffix == ".json":
        try:
            manifest = json.loads(content)
        except ValueError:
            manifest = None
        if isinstance(manifest, dict):
            manifest.pop("built", None)
            content = json.dumps(manifest, sort_keys=True).encode()
    return hashlib.sha256(content).hexdigest()


def _filter(watched: Watched) -> Callable[[Any, str], bool]:
    return lambda _change, path: watched.matters(Path(path))


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def report(rebuild: Rebuild, say: Callable[[str, bool], None]) -> None:
    """Print a rebuild's lines, stamped with the time: `say(line, is_error)`. Problems,
    and the warnings not shown before (all of them, the first time), go to standard error,
    before the line saying what became of the spec: which files changed, and how many
    warnings there are."""

    stamp = f"{datetime.datetime.now():%H:%M:%S} {display_path(rebuild.spec)}"
    if rebuild.result is None:
        for problem in rebuild.problems:
            say(problem.format(), True)
        say(f"{stamp}: failed ({plural(len(rebuild.problems), 'problem')}) in "
            f"{rebuild.seconds:.2f} s; the outputs are as they were", True)
        return
    for warning in rebuild.new_warnings:
        say(warning.format(), True)
    for warning in rebuild.gone_warnings:
        say(f"no longer: {warning.format().splitlines()[0]}", True)
    built = "built" if rebuild.first else "rebuilt"
    say(f"{stamp}: {built} in {rebuild.seconds:.2f} s; {_changed(rebuild)}"
        f"{_warning_count(rebuild)}", False)


def _changed(rebuild: Rebuild) -> str:
    """Which files changed, by folder: `wrote memo.pdf, memo.json in output/`."""
    assert rebuild.result is not None
    folders = {p.parent for p in rebuild.result.written}
    where = ", ".join(display_path(f) + "/" for f in sorted(folders))
    if not rebuild.changed:
        if rebuild.first:
            return f"nothing changed: {where} already held these files"
        return f"nothing changed in {where}"
    by_folder: dict[Path, list[str]] = {}
    for path in rebuild.changed:
        by_folder.setdefault(path.parent, []).append(path.name)
    return "wrote " + "; ".join(f"{', '.join(names)} in {display_path(folder)}/"
                                for folder, names in by_folder.items())


def _warning_count(rebuild: Rebuild) -> str:
    """After the first build: how many warnings and notes there are, and how many of them
    are new (the new ones are printed above)."""
    assert rebuild.result is not None
    total = len(rebuild.result.checked.warnings)
    if rebuild.first or not (total or rebuild.gone_warnings):
        return ""
    news = [f"{len(rebuild.new_warnings)} new"] if rebuild.new_warnings else []
    news += [f"{len(rebuild.gone_warnings)} gone"] if rebuild.gone_warnings else []
    return f"; {counted(rebuild.result.checked.warnings)}" + (f" ({', '.join(news)})" if news
                                                              else ", as before")


def counted(warnings: Sequence[BriefError]) -> str:
    """`2 warnings, 1 note`: warnings and notes counted apart (`--strict` leaves notes
    alone); `0 warnings` when there are none."""
    notes = sum(isinstance(w, BriefNote) for w in warnings)
    parts = [plural(len(warnings) - notes, "warning")] if len(warnings) > notes else []
    parts += [plural(notes, "note")] if notes else []
    return ", ".join(parts) or "0 warnings"


def unique(specs: Sequence[Path]) -> list[Path]:
    return list(dict.fromkeys(s.resolve() for s in specs))
