"""Building many specs at once: `brief build briefings/`.

The specs whose manifest shows nothing changed are found first, in this process, in
milliseconds. The others are built in a pool of processes, one per core, forked once
WeasyPrint and python-docx are loaded, fontconfig and Pango started and the manifest's
fingerprints taken, so that no worker pays for these again; each worker then keeps the
parsed stylesheets and the font configuration from one memo to the next
(`render.pdf.warm`). A spec that fails does not stop the others.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import pipeline  # noqa: F401
from ..errors import BriefError, Where, display_path, internal_error, plural
from ..freshness import (
    code_fingerprint,
    fonts_fingerprint,
    library_versions,
    read_manifests,
    unchanged_line,
    unchanged_since,
)
from ..options import BuildOptions
from ..output import interrupt_held, stop_if_interrupted
from ..pipeline import build
from ..render.pdf import warm
from ..render.weasyprint_import import load_weasyprint
from ..spec import read_spec


@dataclass(frozen=True)
class Outcome:
    """What became of one spec of a batch."""

    spec: Path
    status: str  # "built", "unchanged" or "failed"
    seconds: float = 0.0
    report: tuple[str, ...] = ()  # lines for standard output
    problems: tuple[str, ...] = ()  # warnings and errors, formatted, for standard error
    written: tuple[Path, ...] = ()


def build_all(specs: Sequence[Path], options: BuildOptions,
              on_outcome: Callable[[Outcome], None],
              on_stopping: Callable[[int], None] | None = None) -> list[Outcome]:
    """Build every spec into the options' output folder, `options.workers` at a time
    (unless `options.force`, those whose outputs are up to date are not built again),
    calling `on_outcome` as each one ends; return the outcomes in the order the specs were
    given. At Ctrl-C, `on_stopping` is told how many builds under way are let finish."""

    _refuse_shared_names(specs, options)
    outcomes: dict[Path, Outcome] = {}
    to_build: list[Path] = []
    started = time.perf_counter()
    manifests = read_manifests(options.output_folder) if not options.force else []
    for spec in specs:
        manifest = unchanged_since(spec, options, manifests) if not options.force else None
        if manifest is not None:
            outcome = Outcome(spec, "unchanged", time.perf_counter() - started,
                              report=(unchanged_line(spec, manifest),))
            outcomes[spec] = outcome
            on_outcome(outcome)
        else:
            to_build.append(spec)
    def done(outcome: Outcome) -> None:
        if outcome.spec in outcomes:  # reported already, when a Ctrl-C came after
            return
        outcomes[outcome.spec] = outcome
        on_outcome(outcome)

    interrupt_held()  # one held by an earlier build of this process is not for this batch

    try:
        if len(to_build) == 1 or options.workers == 1:
            for spec in to_build:
                done(_build_one(spec, options, render_here=False))
                stop_if_interrupted()  # Ctrl-C while its files were written: no more specs
        elif to_build:
            _in_pool(to_build, options, done, on_stopping or (lambda _: None))
    except KeyboardInterrupt:
        raise BatchInterrupted([outcomes[spec] for spec in specs if spec in outcomes],
                               [spec for spec in specs if spec not in outcomes]) from None
    return [outcomes[spec] for spec in specs]


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch. The builds under way when it came were let finish (a memo
    is never left half-built); `outcomes` are those of the specs built or found up to
    date, `not_built` the specs that were not built."""

    def __init__(self, outcomes: list[Outcome], not_built: list[Path]) -> None:
        super().__init__()
        self.outcomes = outcomes
        self.not_built = not_built


def check_summary(checked: int, failed: int, warned: int) -> str:
    """What `brief check` of several specs says last, of them all:
    `3 specs checked: 2 OK (1 with warnings), 1 with errors`."""
    warnings = f" ({warned} with warnings)" if warned else ""
    return (f"{plural(checked, 'spec')} checked: {checked - failed} OK{warnings}, "
            f"{failed} with errors")


def _refuse_shared_names(specs: Sequence[Path], options: BuildOptions) -> None:
    """Two specs whose outputs have the same name (their `output_name`) would write over
    each other: refused before anything is built. A spec that cannot be read is left to
    its own build, which reports it."""
    quick = {spec: _quick_stem(spec) for spec in specs}
    stems = {spec: _output_stem(spec, options.root) if stem is None else stem
             for spec, stem in quick.items()}
    counts = collections.Counter(stems.values())
    named: dict[str, Path] = {}
    for spec_path in specs:
        stem = stems[spec_path]
        if stem is not None and counts[stem] > 1:  # read whole: is it a spec at all?
            stem = _output_stem(spec_path, options.root)
        if stem is None:
            continue
        if stem in named:
            written = display_path(options.output_folder / f"{stem}.pdf")
            raise BriefError(
                f"{display_path(named[stem])} and {display_path(spec_path)} both write "
                f"{written} (and the other files of that name): one would overwrite the "
                "other", Where(spec_path),
                hint="give each spec its own `output_name`, or build them into different "
                "folders with -o")
        named[stem] = spec_path


def _quick_stem(spec_path: Path) -> str | None:
    """The name of a spec's outputs without reading it as YAML, when it does not mention
    `output_name` (not even in an escape): its file's name (a batch of 20 specs starts
    0.4 s sooner). None where only reading it tells."""
    try:
        data = spec_path.read_bytes()
    except OSError:
        return None
    quick = b"output_name" not in data and b"\\" not in data
    return spec_path.resolve().stem if quick else None  # as `read_spec` names it


def _output_stem(spec_path: Path, root: Path | None) -> str | None:
    """The name of a spec's outputs; None if it cannot be read."""
    try:
        spec, _, _ = read_spec(spec_path, root)
    except BriefError:
        return None
    return spec.output_stem


def _in_pool(specs: list[Path], options: BuildOptions, done: Callable[[Outcome], None],
             stopping: Callable[[int], None]) -> None:
    """Build the specs in a pool of workers, calling `done` as each ends. A spec is handed
    to a worker only when one is free, so that at Ctrl-C no more are under way than
    there are workers: those finish (the workers ignore Ctrl-C; so does this process
    meanwhile, or a second Ctrl-C would leave memos written but not counted), and no
    other begins. A pool whose worker died (the memory ran out, say) is replaced for the
    specs still waiting."""
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        _load_renderers(options.formats)
    waiting = collections.deque(specs)
    workers = min(options.workers, len(specs))
    while waiting:
        with concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, mp_context=context,
                initializer=_ignore_interrupts) as pool:
            _through(pool, waiting, workers, options, done, stopping)


def _through(pool: concurrent.futures.ProcessPoolExecutor, waiting: collections.deque[Path],
             workers: int, options: BuildOptions, done: Callable[[Outcome], None],
             stopping: Callable[[int], None]) -> None:
    """Hand the waiting specs to the pool's workers as they free up, until none waits or
    the pool broke (a worker died: those it was building are then failed; the specs not
    yet handed wait for a new pool)."""
    under_way: dict[concurrent.futures.Future[Outcome], Path] = {}
    broken = False
    try:
        while (waiting and not broken) or under_way:
            while waiting and len(under_way) < workers and not broken:
                spec = waiting.popleft()
                under_way[pool.submit(_build_one, spec, options, True)] = spec
            finished, _ = concurrent.futures.wait(
                under_way, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                broken = broken or isinstance(future.exception(),
                                              concurrent.futures.BrokenExecutor)
                done(_outcome(future, under_way[future]))
                del under_way[future]
    except KeyboardInterrupt:
        with _interrupts_ignored():
            stopping(sum(not future.done() for future in under_way))
            for future in concurrent.futures.as_completed(under_way):
                done(_outcome(future, under_way[future]))
        raise


def _outcome(future: concurrent.futures.Future[Outcome], spec: Path) -> Outcome:
    """A build's outcome; a failed one where its worker died under it."""
    try:
        return future.result()
    except concurrent.futures.BrokenExecutor:
        return Outcome(spec, "failed", problems=(
            f"{display_path(spec)}: error: the process building it stopped abruptly (it may "
            "have run out of memory, or been killed)\n    hint: build it again on its own "
            "(`brief build SPEC`) to see why",
            f"{display_path(spec)}: failed (1 problem); its files may not have been written"))


@contextlib.contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """Ignore Ctrl-C until the block ends (in the main thread, where signals arrive)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    earlier = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, earlier)


def _load_renderers(formats: Iterable[str]) -> None:
    """Import what rendering needs, start fontconfig and Pango, and take the fingerprints
    every build manifest records (brief's code, the libraries, the fonts: in a thread,
    meanwhile), so that the forked workers start with all of it done once."""

    fingerprints = threading.Thread(target=_fingerprints, name="brief-fingerprints")
    fingerprints.start()
    try:
        if "pdf" in formats:
            load_weasyprint()

            with contextlib.suppress(Exception):  # a failure is the workers' to report
                warm.prepare()
        if "docx" in formats:
            import docx  # noqa: F401
    finally:
        fingerprints.join()  # no thread may be running when the workers are forked
    warm.freeze()


def _fingerprints() -> None:
    with contextlib.suppress(Exception):  # a failure is each build's own to report
        code_fingerprint()
        library_versions()
        fonts_fingerprint()


def _ignore_interrupts() -> None:

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _build_one(spec: Path, options: BuildOptions, render_here: bool) -> Outcome:
    """Build one spec; its errors (and any failure of brief's own) become its outcome."""

    started = time.perf_counter()
    try:
        result = build(spec, options, render_here=render_here)
    except BriefError as error:
        return Outcome(spec, "failed", time.perf_counter() - started, problems=(
            *(p.format() for p in error.problems),
            f"{display_path(spec)}: failed ({plural(len(error.problems), 'problem')}); "
            "no files were written"))
    except Exception as exc:  # a bug in brief: this spec fails, the batch goes on
        if os.environ.get("BRIEF_DEBUG"):
            raise
        return Outcome(spec, "failed", time.perf_counter() - started,
                       problems=(f"{display_path(spec)}: {internal_error(exc)}",))
    checked = result.checked
    seconds = time.perf_counter() - started
    count = len(checked.passages)
    names = ", ".join(display_path(p) for p in result.written)
    return Outcome(spec, "built", seconds, written=result.written,
                   problems=tuple(w.format() for w in checked.warnings),
                   report=(f"{display_path(spec)}: {plural(count, 'passage')} "
                           f"verified; wrote {names} ({seconds:.1f} s)",))
