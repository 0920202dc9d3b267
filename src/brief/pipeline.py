"""The build pipeline, stage by stage.

    load spec -> load sources -> resolve passages -> assemble -> render -> write

Stages 1-4 read and check every input (`check` stops there). Nothing is written
until every format has rendered, and then all files are written atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import assemble
from .errors import BriefError, BriefErrors, BriefWarning, Where, collect
from .model import Briefing
from .output import write_files
from .passages import ResolvedPassage, resolve_passages
from .provenance import build_manifest, manifest_bytes
from .sources import Source, load_sources
from .sources.checks import all_source_warnings
from .spec import BriefingSpec, load_spec
from .standards.checks import estimative_warnings, grading_warnings, likelihood_errors
from .standards.likelihood import DEFAULT_SCALE, Scale, all_scales, find_scale, scale_folders
from .templates import Template, find_template
from .templates.fonts import font_warnings
from .yamlfile import KeyPath

if TYPE_CHECKING:
    from email.message import EmailMessage

    from .mail import SmtpSettings


@dataclass(frozen=True)
class Checked:
    """Everything read and verified for one spec: the input to rendering."""

    spec: BriefingSpec
    sources: Mapping[str, Source]
    passages: Mapping[KeyPath, ResolvedPassage]
    template: Template
    briefing: Briefing
    warnings: tuple[BriefWarning, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    written: tuple[Path, ...]
    draft: EmailMessage | None = None  # the email draft, when one was asked for


def check(spec_path: Path, project_folder: Path | None = None, *,
          strict: bool = False) -> Checked:
    """Run stages 1-4 for a spec; raise `BriefErrors` listing every problem found.

    Warnings are returned in `Checked.warnings`; with `strict`, they are errors too.
    """
    project_folder = Path.cwd() if project_folder is None else project_folder
    spec = load_spec(Path(spec_path))  # the later stages need a well-formed spec
    sources, errors = load_sources(spec)
    warnings = all_source_warnings(
        sources, {i: spec.where(spec.sources[i].key_path) for i in sources})
    template: Template | None = None
    try:
        template = find_template(spec.template, spec.folder, project_folder,
                                 spec.where(("template",)))
        warnings.extend(font_warnings(template))
    except BriefError as error:
        collect(errors, error)
    scale: Scale | None = None
    if template is not None:
        try:
            scale, others = _likelihood_scale(spec, template, project_folder)
            errors.extend(likelihood_errors(spec, scale))
            warnings.extend(estimative_warnings(spec, scale, others))
        except BriefError as error:
            collect(errors, error)
    warnings.extend(grading_warnings(spec))
    if strict:
        errors.extend(w.as_error() for w in warnings)
        warnings = []
    passages: Mapping[KeyPath, ResolvedPassage] = {}
    try:
        passages = resolve_passages(spec, sources)
    except BriefError as problems:
        collect(errors, problems)
    if errors:
        raise BriefErrors(errors)
    assert template is not None
    briefing = assemble(spec, sources, passages, template, scale=scale)
    return Checked(spec, sources, passages, template, briefing, tuple(warnings))


def _likelihood_scale(spec: BriefingSpec, template: Template,
                      project_folder: Path) -> tuple[Scale, list[Scale]]:
    """The scale the spec's key judgments use (the spec's, else the template's, else
    ICD 203), and the other scales there are."""
    folders = scale_folders(spec.folder, project_folder)
    if spec.likelihood_scale:
        name, where = spec.likelihood_scale, spec.where(("likelihood_scale",))
    else:
        name = template.likelihood_scale or DEFAULT_SCALE
        where = Where(template.folder / "template.yaml", key="likelihood_scale")
    scale = find_scale(name, folders, where)
    return scale, [s for s in all_scales(folders) if s.id != scale.id]


def build(spec_path: Path, output_folder: Path | None = None,
          formats: Iterable[str] = ("pdf", "docx"),
          project_folder: Path | None = None, *, strict: bool = False,
          pdf_variant: str | None = None, email: bool = False,
          extra_to: Sequence[str] = (), extra_cc: Sequence[str] = ()) -> BuildResult:
    """Check a spec, render it in each format, and write the files; with `email`, also
    an email draft (.eml) with the files attached, to the spec's distribution and any
    `extra_to` and `extra_cc` recipients."""
    from .render import FORMATS, PDF_VARIANTS, RENDERERS, Attachment, RenderOptions, warm_up

    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BriefError(f"unknown output format '{unknown[0] if unknown else ''}'; "
                         f"choose from {', '.join(FORMATS)}")
    if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
        raise BriefError(f"unknown PDF variant '{pdf_variant}'; choose from "
                         f"{', '.join(PDF_VARIANTS)}")
    project_folder = Path.cwd() if project_folder is None else project_folder
    warm_up(formats)  # loads the renderers' libraries while the inputs are checked
    checked = check(spec_path, project_folder, strict=strict)
    if email:
        from .mail import recipients_problem, require_distribution

        require_distribution(checked.spec)
        problem = recipients_problem(checked.spec, [*extra_to, *extra_cc])
        if problem:
            raise problem
    output_folder = project_folder / "output" if output_folder is None else output_folder
    if checked.template.max_pages and "pdf" not in formats:
        from .render.html import check_fits

        check_fits(checked.briefing, checked.template)  # measured on the PDF's layout
    options = RenderOptions(pdf_variant=pdf_variant)
    if pdf_variant == "pdf/a-3b":  # an archival copy carries what it was built from
        options = RenderOptions(pdf_variant, (
            Attachment(checked.spec.path.name, checked.spec.path.read_bytes(),
                       "The briefing spec this memo was built from"),
            Attachment(f"{checked.spec.output_stem}.json",
                       manifest_bytes(build_manifest(checked, {})),
                       "Build manifest: sources, their SHA-256, and every passage")))
    rendered = {fmt: RENDERERS[fmt](checked.briefing, checked.template, options)
                for fmt in sorted(formats, key=list(RENDERERS).index)}
    stem = checked.spec.output_stem
    files = {output_folder / f"{stem}.{fmt}": rendered[fmt] for fmt in FORMATS if fmt in rendered}
    draft = None
    if email:
        from .mail import compose

        draft = compose(checked.briefing, checked.spec, checked.template,
                        [(path.name, content) for path, content in files.items()],
                        extra_to=extra_to, extra_cc=extra_cc)
        files[output_folder / f"{stem}.eml"] = draft.as_bytes()
    manifest = build_manifest(checked, files)
    files[output_folder / f"{stem}.json"] = manifest_bytes(manifest)
    return BuildResult(checked, tuple(write_files(files)), draft)


def send(spec_path: Path, settings: SmtpSettings, output_folder: Path | None = None,
         project_folder: Path | None = None, *, strict: bool = False,
         extra_to: Sequence[str] = (), extra_cc: Sequence[str] = ()) -> tuple[BuildResult,
                                                                              list[str]]:
    """Build the memo and its email draft, then send the draft over SMTP; return the
    build and the addresses the memo went to."""
    from .mail import deliver

    result = build(spec_path, output_folder, project_folder=project_folder, strict=strict,
                   email=True, extra_to=extra_to, extra_cc=extra_cc)
    assert result.draft is not None
    return result, deliver(result.draft, settings)
