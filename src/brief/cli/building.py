"""The commands that build a memo: build, watch, preview, email, send, and check."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import trace
from ..errors import (
    BriefError,
    BriefErrors,
    BriefNote,
    BriefWarning,
    display_path,
    plural,
)
from ..files import spec_paths
from ..freshness import unchanged_line, unchanged_since
from ..options import BuildOptions
from ..render.pdf.worker import PdfWorker
from .app import (
    _build_options,
    _formats_option,
    _handles_errors,
    _main_only_option,
    _output_option,
    _pdf_variant_option,
    _print_warnings,
    _release_option,
    _root_option,
    _size,
    _strict_option,
    _verified,
    cli,
)

if TYPE_CHECKING:
    from ..checked import Checked
    from ..commands.batch import Outcome
    from ..pipeline import BuildResult

_force_option = click.option(
    "--force", is_flag=True,
    help="Build even a spec whose outputs are up to date (its build manifest shows the same "
    "spec, sources, template and scale folders, options, brief version and code, libraries "
    "and fonts).")
_jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 256), metavar="N",
                            help="Build N specs at a time. Default: one per core.")


@cli.command("build")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option
@_formats_option
@_strict_option
@_pdf_variant_option
@click.option("--email", "email", is_flag=True,
              help="Also write output/<name>.eml: an email draft to the spec's "
              "distribution, with the files attached.")
@click.option("--review", "review", is_flag=True,
              help="Also write output/<name>-review.docx, the Word file to send for review: "
              "Track Changes on and protected for tracked changes; `brief review` brings "
              "the reviewer's changes and comments back into the spec (docs/review.md).")
@_release_option
@_main_only_option
@_force_option
@_jobs_option
@_root_option
@_handles_errors
def build_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Check each SPEC and write its memo as output/<spec name>.pdf and .docx.

    SPEC is a spec file or a folder of them (briefings/, say); several are built in
    parallel. Nothing is written for a spec unless every passage verifies and every format
    renders; files are replaced atomically, so a failed build leaves earlier output as it
    was. A spec whose outputs are up to date is not built again (--force rebuilds).
    """
    _build_specs(specs, _build_options(params))


def _build_specs(specs: tuple[Path, ...], options: BuildOptions) -> None:
    """Build each spec (a file, or a folder of them): one as `brief build SPEC` does, that
    is not built again while its outputs are up to date; several side by side."""
    paths = spec_paths(specs)
    if len(paths) == 1 and not paths[0].is_dir() and not specs[0].is_dir():
        _build_one_spec(paths[0], options)
    else:
        _build_many(paths, options)


def _build_one_spec(spec: Path, options: BuildOptions) -> None:
    trace.mark("command line read")
    if not options.force:
        manifest = unchanged_since(spec, options)
        if manifest is not None:
            trace.mark("up to date: nothing built (--force builds, and traces the build)")
            click.echo(unchanged_line(spec, manifest))
            return
    # Started first: WeasyPrint loads in it while the rest of brief is imported.
    worker = PdfWorker.start() if "pdf" in options.formats else None
    try:
        from ..pipeline import build  # noqa: PLC0415 (after the worker's fork)

        trace.mark("pipeline imported")
        result = build(spec, options, pdf_worker=worker)
    finally:
        if worker is not None:
            worker.close()
    _report_build(result)


def _build_many(specs: list[Path], options: BuildOptions) -> None:
    """Build every spec, with a progress bar on a terminal, and a line for each spec and
    one for them all; exit 1 if any failed."""
    from ..commands.batch import BatchInterrupted, build_all  # noqa: PLC0415 (the pipeline)

    started = time.perf_counter()
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=len(specs), label="building", file=sys.stderr,
                                show_pos=True, show_eta=False)
        bar.render_progress()

    def report(outcome: Outcome) -> None:
        if bar is not None:
            click.echo("\r\033[K", nl=False, err=True)  # the bar's line, cleared
        for line in outcome.problems:
            click.echo(line, err=True)
        for line in outcome.report:
            click.echo(line)
        if bar is not None:
            bar.update(1)

    def stopping(under_way: int) -> None:
        if not under_way:
            return
        if bar is not None:
            click.echo("\r\033[K", nl=False, err=True)
        memos = "the memo" if under_way == 1 else f"the {under_way} memos"
        click.echo(f"brief: stopping once {memos} being built {'is' if under_way == 1 else 'are'} "
                   "written (none is left half-written); no other is begun, and Ctrl-C "
                   "again changes nothing", err=True)

    not_built: list[Path] = []
    try:
        outcomes = build_all(specs, options, on_outcome=report, on_stopping=stopping)
    except BatchInterrupted as stopped:
        outcomes, not_built = stopped.outcomes, stopped.not_built
    if bar is not None:
        click.echo("\r\033[K", nl=False, err=True)
    seconds = time.perf_counter() - started
    counts = {status: sum(o.status == status for o in outcomes)
              for status in ("built", "unchanged", "failed")}
    rate = f", {counts['built'] / seconds:.1f} memos/s" if counts["built"] > 1 else ""
    stopped_at = f", {len(not_built)} not built: interrupted" if not_built else ""
    click.echo(f"{plural(len(specs), 'spec')}: {counts['built']} built, "
               f"{counts['unchanged']} unchanged, {counts['failed']} failed{stopped_at} "
               f"({seconds:.1f} s{rate})")
    if not_built:
        sys.exit(130)
    if counts["failed"]:
        sys.exit(1)


def _report_build(result: BuildResult) -> None:
    _print_warnings(result.checked)
    click.echo(_verified(result.checked))
    for path in result.written:
        what = {".json": " (build manifest: check it later with `brief verify`)",
                ".eml": " (email draft: open it in your mail program to send it)"}
        click.echo(f"wrote {display_path(path)} ({_size(path)}){what.get(path.suffix, '')}")
    for path in result.removed:
        click.echo(f"removed {display_path(path)} (the last build's, not built this time)")
    for path, review_copy in result.kept:
        click.echo(f"kept {display_path(path)} from an earlier --review build (not built "
                   "this time: --review replaces it)" if review_copy else
                   f"kept {display_path(path)} (the last build's, not built this time: "
                   "changed since it was written)")


@cli.command("watch")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option
@_formats_option
@_strict_option
@_pdf_variant_option
@_release_option
@_root_option
@_handles_errors
def watch_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Build each SPEC (a file, or a folder of them), then rebuild it whenever its spec,
    one of its sources, or a file of its template or scales is saved.

    A save rebuilds the memo alone (--release: the releases named), and prints the
    files that changed and the warnings that are new; a problem is printed as `brief
    check` prints it, and the outputs stay as they were. Ctrl-C stops.
    """
    from ..commands.watch import watch  # noqa: PLC0415 (loads the pipeline)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a watch ends
        watch(spec_paths(specs), _build_options(params),
              say=lambda line, error: click.echo(line, err=error))
    click.echo("stopped watching", err=True)


@cli.command("preview")
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="The port to serve on, on 127.0.0.1 only. Default: a free one.")
@click.option("--no-browser", is_flag=True, help="Do not open the system's browser.")
@_output_option
@_strict_option
@click.option("--release", "releases", metavar="MARKING", callback=lambda _c, _p, v: (v,) * bool(v),
              help="Show the version for a wider audience at MARKING (TLP:CLEAR, say) first; "
              "the page's picker switches between the memo and each release.")
@_root_option
@_handles_errors
def preview_command(spec: Path, port: int, no_browser: bool, **params: Any) -> None:
    """Show SPEC's memo in the browser, and show it again each time it is saved.

    Serves a page on 127.0.0.1 (this machine only) with the PDF's pages, their text
    selectable and searchable. Saving the spec, a source or a file of the template
    rebuilds the version shown, the memo or one of its releases (writing output/ as
    `brief build` does), and the page shows it again; a problem is shown in the page, as
    `brief check` prints it, above the last good version. Ctrl-C stops.
    """
    from ..commands.preview import preview  # noqa: PLC0415 (loads the pipeline)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a preview ends
        preview(spec, _build_options(params), port, not no_browser,
                say=lambda line, error: click.echo(line, err=error))
    click.echo("stopped the preview", err=True)


@cli.command("email")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option
@_strict_option
@_release_option
@_main_only_option
@_force_option
@_jobs_option
@_root_option
@_handles_errors
def email_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Build SPEC's memo and an email draft of it, output/<spec name>.eml.

    The same as `brief build SPEC --email`: a memo whose outputs (the draft among them)
    are up to date is not built again (--force rebuilds). The draft goes to the spec's
    `distribution` (To, Cc, From); its subject and bodies open with the marking; the PDF
    and the Word file are attached. Outlook opens it as a draft to send.
    """
    _build_specs(specs, _build_options(params, email=True))


@cli.command("send")
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--host", help="The mail server. Default: $BRIEF_SMTP_HOST, else localhost.")
@click.option("--port", type=click.IntRange(1, 65535),
              help="Its port. Default: $BRIEF_SMTP_PORT, else 587 (starttls), 465 (tls) or "
              "25 (none).")
@click.option("--security", type=click.Choice(["starttls", "tls", "none"]),
              help="starttls (the default, or $BRIEF_SMTP_SECURITY): upgrade to TLS, and "
              "refuse a server that cannot; tls: TLS from the start; none: unencrypted, and "
              "never with a password.")
@click.option("--cafile", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="A certificate authority to trust for the server's certificate "
              "(default: $BRIEF_SMTP_CAFILE, else the system's).")
@click.option("--to", "extra_to", multiple=True,
              help="Another recipient, beside the distribution (repeatable). Refused for "
              "TLP:RED memos unless the distribution names them.")
@click.option("--cc", "extra_cc", multiple=True, help="Another copy recipient (repeatable).")
@_output_option
@_strict_option
@_release_option
@_main_only_option
@_root_option
@_handles_errors
def send_command(spec: Path, host: str | None, port: int | None, security: str | None,
                 cafile: Path | None, **params: Any) -> None:
    """Build SPEC's memo and email it to its distribution over SMTP.

    The message is the draft `brief email` writes (also written to output/). The login
    comes from the environment, BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD, never from the
    spec. A TLP:RED memo goes to nobody its distribution does not name.
    """
    from ..delivery import SmtpSettings  # noqa: PLC0415 (loads the email renderer)
    from ..pipeline import send  # noqa: PLC0415

    settings = SmtpSettings.from_environment(host, port, security, cafile)
    # What the build wrote, and its warnings, are shown before anything is sent: a send
    # that fails leaves them in the output folder, and says so.
    result, recipients = send(spec, settings, _build_options(params), on_built=_report_build)
    encrypted = {"starttls": "STARTTLS", "tls": "TLS", "none": "unencrypted"}
    subjects = " and ".join(f"\"{draft['Subject']}\"" for draft in result.drafts)
    click.echo(f"sent {subjects} to {plural(len(recipients), 'recipient')} "
               f"({', '.join(recipients)}) via {settings.address} "
               f"({encrypted[settings.security]})")


def _with_conflicts(checked: Checked, conflicts: list[BriefWarning], strict: bool
                    ) -> Checked:
    """The check's warnings with those of the grades other memos give its sources (with
    --strict, errors)."""
    if conflicts and strict:
        raise BriefErrors([w.as_error() for w in conflicts])
    return dataclasses.replace(checked, warnings=(*checked.warnings, *conflicts))


@cli.command("check")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_strict_option
@_release_option
@_root_option
@_handles_errors
def check_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Run every check on each SPEC (a file, or a folder of them) without rendering, and
    report all problems."""
    from ..commands.batch import check_summary  # noqa: PLC0415
    from ..commands.library import grading_conflicts  # noqa: PLC0415
    from ..pipeline import check  # noqa: PLC0415

    options, paths, counts = _build_options(params), spec_paths(specs), [0, 0]
    several = len(paths) > 1 or any(spec.is_dir() for spec in specs)
    problems: list[BriefError] = []
    reported: set[tuple[str | None, frozenset[str]]] = set()  # grades of a source, once
    for spec in paths:
        try:
            checked = check(spec, options.root, strict=options.strict,
                            releases=options.releases, output=options.output_folder)
            conflicts = grading_conflicts(checked.spec, options.root, paths,
                                          reported=reported)
            checked = _with_conflicts(checked, conflicts, options.strict)
        except BriefError as error:
            if not several:
                raise
            # Each spec's problems under it, as they are found, and its own line.
            for problem in error.problems:
                click.echo(problem.format(), err=True)
            click.echo(f"{display_path(spec)}: failed "
                       f"({plural(len(error.problems), 'problem')})")
            problems.extend(error.problems)
            counts[0] += 1
            continue
        _print_warnings(checked)
        counts[1] += any(not isinstance(w, BriefNote) for w in checked.warnings)
        click.echo(_verified(checked, ok=True))
    if several:  # a line for them all, last
        if problems:
            click.echo(f"brief check: failed ({plural(len(problems), 'problem')})", err=True)
        click.echo(check_summary(len(paths), *counts))
    if problems:
        sys.exit(1)
