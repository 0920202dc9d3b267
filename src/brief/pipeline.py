"""The build pipeline, stage by stage.

    load spec -> load sources -> resolve passages -> assemble -> render -> write

Stages 1-4 read and check every input (`check` stops there). Nothing is written
until every format has rendered, and then all files are written atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import trace
from .assemble import assemble
from .charts import ChartData, load_charts
from .checked import Checked
from .editions import (
    Edition,
    change_note_warnings,
    changes_box,
    compare,
    edition_of_spec,
    previous_warnings,
    read_previous,
)
from .errors import (
    BriefError,
    BriefErrors,
    BriefNote,
    BriefWarning,
    DeliveryError,
    SpecError,
    Where,
    collect,
)
from .files import inside, project_root
from .folders import BUILTIN_SCALES, scale_folders, searched_folders
from .freshness import Inputs, inputs_record, read_inputs, read_manifest, relative_path
from .model import Briefing
from .options import BuildOptions
from .output import write_files
from .passages import ResolvedPassage, passage_warnings, resolve_passages
from .provenance import (
    already_written,
    build_manifest,
    dropped_releases,
    left_in_place,
    manifest_bytes,
    moved_paragraphs,
    superseded,
)
from .render import (
    FORMATS,
    RENDERERS,
    REVIEW_SUFFIX,
    Attachment,
    RenderOptions,
    cross_reference,
    review_copy,
    warm_up,
)
from .render.pdf.html import check_fits
from .render.pdf.worker import PdfWorker
from .sources import Source, load_sources
from .sources.checks import all_source_warnings
from .sources.images import LoadedPicture, load_pictures
from .spec import BriefingSpec, ReleaseSpec, read_spec
from .spec.releases import (
    marking_problems,
    portion_marks_note,
    release_spec,
    release_warnings,
)
from .spec.standards import (
    estimative_warnings,
    grading_warnings,
    language_warnings,
    likelihood_errors,
)
from .standards.likelihood import DEFAULT_SCALE, Scale, all_scales, find_scale
from .templates import Template, find_template
from .templates.checks import template_notes
from .templates.fonts import font_warnings
from .templates.word import house_style
from .yamlfile import KeyPath

Problem = TypeVar("Problem", bound=BriefError)

if TYPE_CHECKING:
    from email.message import EmailMessage

    from .delivery import SmtpSettings


class Progress(Protocol):
    """What a build tells of each version as it goes (`brief preview` shows each step)."""

    def checked(self, version: Checked) -> None:
        """The version is checked and assembled; its PDF is being laid out."""

    def laid_out(self, version: Checked, pdf: bytes) -> None:
        """Its PDF is laid out (the other formats are not yet rendered, nor anything
        written)."""


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    written: tuple[Path, ...]
    drafts: tuple[EmailMessage, ...] = ()  # the email drafts, when they were asked for
    # the files the last build wrote and this one did not (its manifest listed them), removed
    removed: tuple[Path, ...] = ()
    # the files of the memo's names it neither wrote nor removed (changed since the last
    # build wrote them, or a review copy of an earlier --review build), each with whether
    # it is a review copy: `provenance.left_in_place`
    kept: tuple[tuple[Path, bool], ...] = ()


def check(spec_path: Path, root: Path | None = None, *,
          strict: bool = False, releases: Sequence[str] | None = None,
          output: Path | None = None, main_only: bool = False) -> Checked:
    """Run stages 1-4 for a spec; raise `BriefErrors` listing every problem found.

    The spec is checked as far as it can be read: a wrong value is reported, and every
    other key, source and passage is still checked, so one run finds every problem.
    Warnings are returned in `Checked.warnings`; with `strict`, they are errors too.
    `releases` names the releases to check and build instead of the memo and the spec's
    own `releases`; with `main_only`, the memo alone is built (its releases are still
    checked, not assembled). Only files inside the project are read: `root`, or the root found
    from the spec's folder (see `brief.files`). The last build's manifest in `output` (the
    output folder; None: output/ in the current folder) says which passages selected by
    paragraph number now read otherwise (`provenance.moved_paragraphs`).
    """
    spec, errors, warnings = read_spec(Path(spec_path), root)
    root = project_root(spec.folder, root)
    if not inside(spec.path, [root]):
        raise SpecError(f"the spec is outside the project named by --root ({root})",
                        Where(spec.path),
                        hint="name the folder that holds the spec and its sources")
    trace.mark("spec read")
    sources, source_errors = load_sources(spec, root)
    errors += source_errors
    trace.mark("sources read")
    charts, chart_errors = load_charts(spec, root)
    errors += chart_errors
    pictures, picture_errors = load_pictures(spec, root)  # figures and Markdown images
    errors += picture_errors
    warnings += all_source_warnings(
        sources, {i: spec.where(spec.sources[i].key_path) for i in sources})
    template, scale = _house_style(spec, root, errors, warnings)
    previous = _previous(spec, root, errors)
    taken: dict[Any, Any] = {}  # the template's and scales' files, hashed once for every version
    # Taken as soon as the template is found: before anything is rendered.
    inputs = _read_inputs(spec, sources, template, taken, root, previous, pictures,
                          charts.values()) if template is not None else None
    edition = edition_of_spec(spec, scale)  # what `previous` is compared with
    if scale is not None and spec.intact(("key_judgments",)) and spec.intact(("previous",)):
        warnings += change_note_warnings(spec, compare(previous, edition)
                                         if previous is not None else None)
    warnings += previous_warnings(spec, previous) if previous is not None else []
    warnings += [*grading_warnings(spec), *language_warnings(spec)]
    wanted = _releases(spec, releases)
    if template is not None:
        errors += marking_problems(spec, template.marking_order, wanted)
    passages: Mapping[KeyPath, ResolvedPassage] = {}
    try:
        passages = resolve_passages(spec, sources)
    except BriefError as problems:
        collect(errors, problems)
    trace.mark("passages resolved")
    if template is not None:
        warnings += [*passage_warnings(spec, sources, passages, template),
                     *template_notes(spec, template)]
        note = portion_marks_note(spec, template.portion_marks) if not errors else None
        warnings += [note] if note is not None else []
        last_build = (Path.cwd() / "output" if output is None else output) / \
            f"{spec.output_stem}.json"
        warnings += moved_paragraphs(spec, sources, passages, read_manifest(last_build),
                                     last_build)
    released: list[tuple[ReleaseSpec, BriefingSpec]] = []
    if template is not None and not errors:  # the spec is sound: its releases can be made
        released = [(r, release_spec(spec, r, template.marking_order)) for r in wanted]
        warnings += [w for r, version in released
                     for w in release_warnings(spec, version, r, template.marking_order)]
        if main_only:
            released = []
    if strict:
        errors += [w.as_error() for w in warnings if not isinstance(w, BriefNote)]
        warnings = [w for w in warnings if isinstance(w, BriefNote)]
    if errors:  # warnings are shown once there are none, so the errors stand out
        raise BriefErrors(_in_file_order(errors, spec.path))
    assert template is not None and inputs is not None
    drawn = {key: loaded.picture for key, loaded in pictures.items()}
    spec_file = relative_path(spec.path, root)  # as the Word file's trace names it
    memo = Checked(spec, sources, passages, template, dataclasses.replace(
        _with_changes(assemble(spec, sources, passages, template, scale=scale,
                               pictures=drawn, charts=charts),
                      previous, edition, spec, template), spec_file=spec_file), inputs,
        edition=edition)
    versions = [] if releases is not None else [memo]
    for release, version in released:
        kept = {path: passages[path] for path in (p.key_path for p in version.passages())}
        used = {i: sources[i] for i in version.sources}
        released_edition = edition_of_spec(version, scale)
        versions.append(Checked(version, used, kept, template, dataclasses.replace(_with_changes(
            assemble(version, sources, kept, template, scale=scale, pictures=drawn,
                     charts=charts), previous, released_edition, version, template,
            release=True), spec_file=spec_file, release=release.marking),
            _read_inputs(version, used, template, taken, root, previous, pictures,
                         charts.values()), release=release, edition=released_edition))
    return dataclasses.replace(memo, warnings=tuple(_in_file_order(warnings, spec.path)),
                               versions=tuple(versions), root=root)


def _house_style(spec: BriefingSpec, root: Path, errors: list[BriefError],
                 warnings: list[BriefWarning]) -> tuple[Template | None, Scale | None]:
    """The spec's template, and the likelihood scale its key judgments are held to;
    their problems go into `errors` and `warnings`."""
    if not spec.intact(("template",)):
        return None, None
    try:
        template = find_template(spec.template, spec.folder, root,
                                 spec.where(("template",)))
    except BriefError as error:
        collect(errors, error)
        return None, None
    try:
        warnings += house_style(template).warnings
    except BriefError as error:
        collect(errors, error)
    try:  # the fonts of its style tokens and of reference.docx; its `fonts:` files
        warnings += font_warnings(template)
    except BriefError as error:
        collect(errors, error)
    if not spec.intact(("likelihood_scale",)):
        return template, None
    try:
        scale, others = _likelihood_scale(spec, template, root)
    except BriefError as error:
        collect(errors, error)
        return template, None
    errors += likelihood_errors(spec, scale, others)
    warnings += estimative_warnings(spec, scale, others)
    return template, scale


def _previous(spec: BriefingSpec, root: Path, errors: list[BriefError]) -> Edition | None:
    """The previous edition the spec's `previous:` names, if any; its problems go into
    `errors`."""
    if not spec.intact(("previous",)):
        return None
    try:
        return read_previous(spec, root)
    except BriefError as error:
        collect(errors, error)
        return None


def _with_changes(briefing: Briefing, previous: Edition | None, edition: Edition,
                  spec: BriefingSpec, template: Template, *, release: bool = False
                  ) -> Briefing:
    """The briefing with its "Since our memo of …" box, from the `previous` edition to
    this `edition` of `spec`, when the spec names a previous edition."""
    if previous is None:
        return briefing
    shorts = {s.id: s.short for s in briefing.sources}
    box = changes_box(compare(previous, edition), template.labels,
                      shorts, date_format=template.date_format, language=spec.language,
                      release=release)
    return dataclasses.replace(briefing, changes=box)


def _read_inputs(spec: BriefingSpec, sources: Mapping[str, Source], template: Template,
                 taken: dict[Any, Any], root: Path, previous: Edition | None = None,
                 pictures: Mapping[str, LoadedPicture] | None = None,
                 charts: Iterable[ChartData] = ()) -> Inputs:
    """What a build of `spec` reads: the spec and its sources as they were read, the
    template's and scales' files as they are now (`taken` holds those hashed for another
    version of the same spec), what every folder along the search path holds, beside
    the spec and in the project (`root`), the previous edition it names, and its
    `pictures` and charts' data as they were read."""
    assert spec.document is not None and spec.document.file is not None  # read_spec's
    earlier = [(previous.path, previous.sha256)] if previous and previous.sha256 else []
    return read_inputs(spec.document.file, spec.path,
                       [*((s.path, s.sha256) for s in sources.values()), *earlier,
                        *((f.path, f.sha256) for f in spec.library_inputs),
                        *((p.path, p.sha256) for p in (pictures or {}).values()),
                        *((c.file, c.sha256) for c in charts if c.file is not None)],
                       template.folders,
                       template.logo, searched_folders(spec.folder, root), taken, root)


def _releases(spec: BriefingSpec, asked: Sequence[str] | None) -> list[ReleaseSpec]:
    """The releases to check and build: those asked for on the command line (with what
    the spec says of them under `releases`), else the spec's `releases`."""
    if asked is None:
        return list(spec.releases)
    given = {r.marking: r for r in spec.releases}
    return [given.get(marking) or ReleaseSpec(marking=marking) for marking in asked]


def _in_file_order(problems: Iterable[Problem], spec_path: Path) -> list[Problem]:
    """Problems in the spec first, by line and column (as a reader goes down the file),
    then those of other files in the order they were found."""
    listed = list(problems)

    def place(index: int) -> tuple[int, int, int, int]:
        where = listed[index].where
        if where.file is not None and Path(where.file).resolve() == spec_path.resolve():
            return (0, where.line or 0, where.column or 0, index)
        return (1, 0, 0, index)

    return [listed[i] for i in sorted(range(len(listed)), key=place)]


def _likelihood_scale(spec: BriefingSpec, template: Template,
                      root: Path) -> tuple[Scale, list[Scale]]:
    """The scale the spec's key judgments use (the spec's, else the template's, else
    ICD 203), and the other scales there are."""
    folders = scale_folders(spec.folder, root)
    if spec.likelihood_scale:
        name, where = spec.likelihood_scale, spec.where(("likelihood_scale",))
    else:
        name = template.likelihood_scale or DEFAULT_SCALE
        where = Where(template.folder / "template.yaml", key="likelihood_scale")
    within = [root, BUILTIN_SCALES]
    scale = find_scale(name, folders, where, within)
    return scale, [s for s in all_scales(folders, within) if s.id != scale.id]


def build(spec_path: Path, options: BuildOptions | None = None, *,
          pdf_worker: PdfWorker | None = None, render_here: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """Check a spec, render it in each of the `options`' formats, and write the files;
    with `email`, also an email draft (.eml) with the files attached, to the spec's
    distribution and any `extra_to` and `extra_cc` recipients. The spec's releases are
    built beside the memo, each under its own name; `releases` builds only the releases it
    names. (Whether a build may be skipped is `freshness.unchanged_since`'s to say: this
    always builds, and `force` and `jobs` are the build command's.) The PDF is rendered
    in `pdf_worker`, or in a worker process of its own started here, while this process
    checks the inputs and renders the Word file; with `render_here`, every format is
    rendered in this process (a batch's workers do so: the batch itself uses every
    core). `progress` is told of each version as it goes (the preview shows each step);
    with it, the PDF is laid out before the other formats are rendered, not beside them."""

    options = BuildOptions() if options is None else options
    formats = options.formats
    own_worker = pdf_worker is None and "pdf" in formats and not render_here
    worker = PdfWorker.start() if own_worker else pdf_worker
    if worker is None and "pdf" in formats:
        warm_up(formats)  # no worker process: WeasyPrint loads in a thread meanwhile
    try:
        checked = check(spec_path, options.root, strict=options.strict,
                        releases=options.releases, output=options.output_folder,
                        main_only=options.main_only)
        if options.email:
            # Loaded only for a build with email drafts (the email package's policy and
            # message classes: about 15 ms of a cold build that has none).
            from .render.email import (  # noqa: PLC0415
                recipients_problem,
                require_distribution,
            )

            for version in checked.versions:
                require_distribution(version.spec)
                problem = recipients_problem(version.spec,
                                             [*options.extra_to, *options.extra_cc])
                if problem:
                    raise problem
        trace.mark("checked")
        files: dict[Path, bytes] = {}
        drafts: list[EmailMessage] = []
        for version in checked.versions:
            written, draft = _render(version, options, pdf_worker=worker, progress=progress)
            files.update(written)
            drafts.extend([draft] if draft is not None else [])
    finally:
        if own_worker and worker is not None:
            worker.close()
    # Read before the manifests that list them are replaced.
    stale = superseded(files, dropped_releases(checked.spec, files, options.output_folder))
    left = left_in_place(files, stale, REVIEW_SUFFIX)
    # A file the folder already holds as it is (a manifest, its time of building aside)
    # is left as it was: its modification time too.
    kept = already_written(files)
    write_files({path: content for path, content in files.items() if path not in kept},
                {path.parent for path in files})
    paths = tuple(files)
    trace.mark("files written")
    removed = []
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return BuildResult(checked, paths, tuple(drafts), tuple(removed), tuple(left))


def _render(checked: Checked, options: BuildOptions, pdf_worker: PdfWorker | None = None,
            progress: Progress | None = None
            ) -> tuple[dict[Path, bytes], EmailMessage | None]:
    """One version's files (each format, the email draft if asked, the manifest), not yet
    written."""

    formats, pdf_variant = options.formats, options.pdf_variant
    if checked.template.max_pages and "pdf" not in formats:

        check_fits(checked.briefing, checked.template)  # measured on the PDF's layout
    render_options = RenderOptions(pdf_variant=pdf_variant)
    if pdf_variant == "pdf/a-3b":  # an archival copy carries what it was built from
        manifest = Attachment(f"{checked.spec.output_stem}.json",
                              manifest_bytes(build_manifest(
                                  checked, {}, checked.briefing.stamp,
                                  folder=options.output_folder)),
                              "Build manifest: sources, their SHA-256, and every passage")
        spec = Attachment(checked.spec.path.name, checked.inputs.spec.content,
                          "The briefing spec this memo was built from")
        # A release never carries the spec: it holds every portion, the withheld ones too.
        render_options = RenderOptions(pdf_variant, (manifest,) if checked.release else (
            spec, manifest))
    worker = pdf_worker if "pdf" in formats else None
    if worker is not None:  # the PDF is laid out there while the Word file is made here
        worker.send(checked.briefing, checked.template, render_options)
    rendered: dict[str, bytes] = {}
    if progress is not None:
        progress.checked(checked)
        if worker is not None:  # the PDF on screen first; the other formats after it
            rendered["pdf"] = worker.receive()
            progress.laid_out(checked, rendered["pdf"])
    here = {fmt: RENDERERS[fmt](checked.briefing, checked.template, render_options)
            for fmt in sorted(formats, key=list(RENDERERS).index)
            if not (worker is not None and fmt == "pdf")}
    rendered |= here
    trace.mark(f"rendered here: {', '.join(sorted(here))}")
    # What the build read, and how: it tells a later build whether it may skip. Taken
    # while the worker still lays the PDF out (the fingerprints of brief's code and the
    # fonts cost tens of milliseconds the first time in a process).
    # A memo whose spec lists no releases is the same built alone or with them.
    inputs = inputs_record(checked.inputs, options if checked.spec.releases
                           else dataclasses.replace(options, main_only=False))
    if worker is not None and "pdf" not in rendered:
        rendered["pdf"] = worker.receive()
    rendered = cross_reference(rendered, checked.template)
    stem = checked.spec.output_stem
    output_folder = options.output_folder
    files = {output_folder / f"{stem}.{fmt}": rendered[fmt] for fmt in FORMATS if fmt in rendered}
    draft = None
    if options.email:
        from .render.email import compose  # noqa: PLC0415 (only with email drafts)

        draft = compose(checked.briefing, checked.spec, checked.template,
                        [(path.name, content) for path, content in files.items()],
                        extra_to=options.extra_to, extra_cc=options.extra_cc)
        files[output_folder / f"{stem}.eml"] = draft.as_bytes()
    if options.review or checked.template.review_copy:  # for the reviewer, not the draft
        review = cross_reference({**rendered, "docx": review_copy(
            checked.briefing, checked.template)}, checked.template)
        files[output_folder / f"{stem}{REVIEW_SUFFIX}.docx"] = review["docx"]
    files[output_folder / f"{stem}.json"] = manifest_bytes(
        build_manifest(checked, files, inputs=inputs, folder=output_folder))
    trace.mark("manifest made")
    return files, draft


def send(spec_path: Path, settings: SmtpSettings, options: BuildOptions | None = None,
         on_built: Callable[[BuildResult], None] | None = None
         ) -> tuple[BuildResult, list[str]]:
    """Build the memo (and its releases) with their email drafts, then send each draft
    over SMTP; return the build and the addresses the drafts went to. `on_built` is told
    of the build before anything is sent (what it wrote is there even if sending fails);
    a `DeliveryError` then carries what was written (`kept`)."""

    options = BuildOptions() if options is None else options
    result = build(spec_path, dataclasses.replace(options, email=True))
    if on_built is not None:
        on_built(result)
    try:
        return result, _deliver_all(result, settings)
    except DeliveryError as error:
        error.kept = written_versions(result.checked)
        raise


def written_versions(checked: Checked) -> str:
    """What a build with email drafts wrote, in words: "the memo and its email draft",
    "the TLP:CLEAR release and its email draft", "the memo, its TLP:AMBER and TLP:CLEAR
    releases, and their email drafts"."""
    versions = checked.versions or (checked,)
    releases = [v.release.marking for v in versions if v.release is not None]
    named = " and ".join([", ".join(releases[:-1]), releases[-1]] if len(releases) > 1
                         else releases)
    if len(versions) == 1:
        return f"the {named + ' release' if releases else 'memo'} and its email draft"
    if len(releases) == len(versions):
        return f"the {named} releases and their email drafts"
    return f"the memo, its {named} release{'s' if len(releases) > 1 else ''}, and their " \
        "email drafts"


def _deliver_all(result: BuildResult, settings: SmtpSettings) -> list[str]:
    from .delivery import deliver  # noqa: PLC0415 (only `brief send` delivers)

    recipients: list[str] = []
    for draft in result.drafts:
        recipients.extend(a for a in deliver(draft, settings) if a not in recipients)
    return recipients
