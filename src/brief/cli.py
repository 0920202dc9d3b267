"""The `brief` command: a thin layer over the pipeline.

This is the only place where errors become messages and exit codes:
0 success, 1 a problem with the input (or the build), 2 a command-line usage error,
130 interrupted, 141 the reader of the output went away (a closed pipe).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import (
    BriefError,
    BriefErrors,
    DeliveryError,
    display_path,
    internal_error,
    plural,
)
from .files import spec_paths
from .freshness import unchanged_line, unchanged_since
from .options import DEFAULT_FORMATS, BuildOptions
from .render import FORMATS, PDF_VARIANTS
from .render.pdf.worker import PdfWorker
from .version import __version__

if TYPE_CHECKING:
    from .checked import Checked
    from .commands.batch import Outcome
    from .pipeline import BuildResult

F = TypeVar("F", bound=Callable[..., Any])


def _print_error(error: BriefError) -> None:
    errors = error.problems
    for problem in errors:
        click.echo(problem.format(), err=True)


def _end_quietly_on_closed_pipe() -> None:
    """The reader of our output went away (`brief sources FILE | head`): stop without a
    word, with the status a command killed by SIGPIPE has, as `cat` would."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python flushes stdout again at exit
    sys.exit(128 + 13)


def _handles_errors(command: F) -> F:
    """Turn a `BriefError` into its message on stderr and exit code 1; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BriefError as error:
            _print_error(error)
            count = len(error.problems)
            what = plural(count, "problem")
            context = click.get_current_context(silent=True)
            path = context.command_path if context else "brief"
            if isinstance(error, DeliveryError):
                outcome = "; the memo and its email draft were written to the output folder"
            elif path.endswith((" build", " email", " send")):
                outcome = "; no files were written"
            else:
                outcome = ""
            click.echo(f"{path}: failed ({what}){outcome}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("brief: interrupted; no files were written", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _end_quietly_on_closed_pipe()
        except Exception as exc:
            if os.environ.get("BRIEF_DEBUG"):
                raise
            click.echo(f"brief: {internal_error(exc)}", err=True)
            if os.environ.get("BRIEF_TRACEBACK"):
                traceback.print_exc()
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _verified(checked: Checked, *, ok: bool = False) -> str:
    """`spec.yaml: [OK, ]21 passages verified in 2 sources[; release TLP:CLEAR: 12
    passages]`."""
    releases = "".join(f"; release {v.release.marking}: {plural(len(v.passages), 'passage')}"
                       for v in checked.versions if v.release is not None)
    return (f"{display_path(checked.spec.path)}: {'OK, ' if ok else ''}"
            f"{plural(len(checked.passages), 'passage')} verified in "
            f"{plural(len(checked.sources), 'source')}{releases}")


def _print_warnings(checked: Checked) -> None:
    for warning in checked.warnings:
        click.echo(warning.format(), err=True)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def _build_options(params: dict[str, Any], **fixed: Any) -> BuildOptions:
    """The build options of a command: its click parameters (each named as a field of
    `BuildOptions`; those it lacks keep their defaults), and what the command itself
    fixes (`email=True`). No --release given means the memo and the spec's releases."""
    return BuildOptions(**{**params, "releases": params.get("releases") or None, **fixed})


# Options several commands share.
_output_option = click.option(
    "-o", "--output", "output", type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into. Default: output/ in the current folder.")
_strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_root_option = click.option(
    "--root", "root", type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="The project's folder: only files inside it are read. Default: the nearest folder, "
    "from the spec's upwards, that holds briefings/ or brief.yaml; else the spec's folder.")
_release_option = click.option(
    "--release", "releases", multiple=True, metavar="MARKING",
    help="Build only the version for a wider audience at MARKING (TLP:CLEAR, say): the "
    "portions marked above it are left out (repeatable; see docs/spec.md, \"Releases\").")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brief")
def cli() -> None:
    """Build verified policy memos (PDF and Word) from a YAML briefing spec.

    Every quoted passage is checked against its source and cited to the paragraph.
    See docs/spec.md for the spec format.
    """
    _quiet_reader_libraries()


# The libraries that read sources log what they pass over in a file (pdfminer: "Execute
# called on non-indirect object (inline image?)"), which Python would print as it is:
# brief says itself what the analyst needs to know of a source. watchfiles logs
# "KeyboardInterrupt caught, stopping watch" at Ctrl-C, which brief says in its own words.
READER_LOGGERS = ("pdfminer", "trafilatura", "htmldate", "courlan", "justext",
                  "charset_normalizer", "fontTools", "watchfiles")


def _quiet_reader_libraries() -> None:
    for name in READER_LOGGERS:
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> list[str]:
    formats = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format '{unknown[0] if unknown else value}'; "
            f"choose from {', '.join(FORMATS)} (comma-separated)")
    return formats


_formats_option = click.option(
    "-f", "--format", "formats", default=",".join(DEFAULT_FORMATS), show_default=True,
    callback=_formats,
    help="Formats to write, comma-separated: pdf, docx, html (the memo as one "
    "self-contained web page).")
_pdf_variant_option = click.option(
    "--pdf-variant", type=click.Choice(PDF_VARIANTS),
    help="Every PDF is tagged for screen readers: pdf/ua-1 (the default) is accessible "
    "PDF/UA-1; pdf/a-3b is an archival PDF/A-3b, accessible too, with the spec and "
    "manifest attached.")


@cli.command("build")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option
@_formats_option
@_strict_option
@_pdf_variant_option
@click.option("--email", "email", is_flag=True,
              help="Also write output/<name>.eml: an email draft to the spec's "
              "distribution, with the files attached.")
@_release_option
@click.option("--force", is_flag=True,
              help="Build even a spec whose outputs are up to date (its build manifest shows "
              "the same spec, sources, template, options and brief version).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), metavar="N",
              help="Build N specs at a time. Default: one per core.")
@_root_option
@_handles_errors
def build_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Check each SPEC and write its memo as output/<spec name>.pdf and .docx.

    SPEC is a spec file or a folder of them (briefings/, say); several are built in
    parallel. Nothing is written for a spec unless every passage verifies and every format
    renders; files are replaced atomically, so a failed build leaves earlier output as it
    was. A spec whose outputs are up to date is not built again (--force rebuilds).
    """
    options = _build_options(params)
    paths = spec_paths(specs)
    if len(paths) == 1 and not paths[0].is_dir() and not specs[0].is_dir():
        _build_one_spec(paths[0], options)
    else:
        _build_many(paths, options)


def _build_one_spec(spec: Path, options: BuildOptions) -> None:
    if not options.force:
        manifest = unchanged_since(spec, options)
        if manifest is not None:
            click.echo(unchanged_line(spec, manifest))
            return
    # Started first: WeasyPrint loads in it while the rest of brief is imported.
    worker = PdfWorker.start() if "pdf" in options.formats else None
    try:
        from .pipeline import build  # noqa: PLC0415 (after the worker's fork)

        result = build(spec, options, pdf_worker=worker)
    finally:
        if worker is not None:
            worker.close()
    _report_build(result)


def _build_many(specs: list[Path], options: BuildOptions) -> None:
    """Build every spec, with a progress bar on a terminal, and a line for each spec and
    one for them all; exit 1 if any failed."""
    from .commands.batch import build_all  # noqa: PLC0415 (loads the pipeline)

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

    outcomes = build_all(specs, options, on_outcome=report)
    if bar is not None:
        click.echo("\r\033[K", nl=False, err=True)
    seconds = time.perf_counter() - started
    counts = {status: sum(o.status == status for o in outcomes)
              for status in ("built", "unchanged", "failed")}
    rate = f", {counts['built'] / seconds:.1f} memos/s" if counts["built"] > 1 else ""
    click.echo(f"{plural(len(outcomes), 'spec')}: {counts['built']} built, "
               f"{counts['unchanged']} unchanged, {counts['failed']} failed "
               f"({seconds:.1f} s{rate})")
    if counts["failed"]:
        sys.exit(1)


def _report_build(result: BuildResult) -> None:
    _print_warnings(result.checked)
    click.echo(_verified(result.checked))
    for path in result.written:
        what = {".json": " (build manifest: check it later with `brief verify`)",
                ".eml": " (email draft: open it in your mail program to send it)"}
        click.echo(f"wrote {display_path(path)} ({_size(path)}){what.get(path.suffix, '')}")


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

    Prints one line per rebuild, with the time it took; a problem is printed as `brief
    check` prints it, and the outputs stay as they were. Ctrl-C stops.
    """
    from .commands.watch import watch  # noqa: PLC0415 (loads the pipeline)

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
@_root_option
@_handles_errors
def preview_command(spec: Path, port: int, no_browser: bool, **params: Any) -> None:
    """Show SPEC's memo in the browser, and show it again each time it is saved.

    Serves a page on 127.0.0.1 (this machine only) with the PDF's pages, their text
    selectable and searchable. Saving the spec, a source or a file of the template
    rebuilds the memo (writing output/ as `brief build` does) and the page shows the new
    version; a problem is shown in the page, as `brief check` prints it, above the last
    good version. Ctrl-C stops.
    """
    from .commands.preview import preview  # noqa: PLC0415 (loads the pipeline)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a preview ends
        preview(spec, _build_options(params), port, not no_browser,
                say=lambda line, error: click.echo(line, err=error))
    click.echo("stopped the preview", err=True)


@cli.command("email")
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=True))
@_output_option
@_strict_option
@_release_option
@_root_option
@_handles_errors
def email_command(spec: Path, **params: Any) -> None:
    """Build SPEC's memo and an email draft of it, output/<spec name>.eml.

    The same as `brief build SPEC --email`. The draft goes to the spec's `distribution`
    (To, Cc, From); its subject and bodies open with the marking; the PDF and the Word
    file are attached. Outlook opens it as a draft to send.
    """
    from .pipeline import build  # noqa: PLC0415

    _report_build(build(spec, _build_options(params, email=True)))


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
@_root_option
@_handles_errors
def send_command(spec: Path, host: str | None, port: int | None, security: str | None,
                 cafile: Path | None, **params: Any) -> None:
    """Build SPEC's memo and email it to its distribution over SMTP.

    The message is the draft `brief email` writes (also written to output/). The login
    comes from the environment, BRIEF_SMTP_USER and BRIEF_SMTP_PASSWORD, never from the
    spec. A TLP:RED memo goes to nobody its distribution does not name.
    """
    from .delivery import SmtpSettings  # noqa: PLC0415 (loads the email renderer)
    from .pipeline import send  # noqa: PLC0415

    settings = SmtpSettings.from_environment(host, port, security, cafile)
    result, recipients = send(spec, settings, _build_options(params))
    _report_build(result)
    encrypted = {"starttls": "STARTTLS", "tls": "TLS", "none": "unencrypted"}
    subjects = " and ".join(f"\"{draft['Subject']}\"" for draft in result.drafts)
    click.echo(f"sent {subjects} to {plural(len(recipients), 'recipient')} "
               f"({', '.join(recipients)}) via {settings.address} "
               f"({encrypted[settings.security]})")


@cli.command("check")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_strict_option
@_release_option
@_root_option
@_handles_errors
def check_command(specs: tuple[Path, ...], **params: Any) -> None:
    """Run every check on each SPEC (a file, or a folder of them) without rendering, and
    report all problems."""
    from .pipeline import check  # noqa: PLC0415

    options = _build_options(params)
    problems: list[BriefError] = []
    for spec in spec_paths(specs):
        try:
            checked = check(spec, options.root, strict=options.strict,
                            releases=options.releases, output=options.output_folder)
        except BriefError as error:
            problems.extend(error.problems)
            continue
        _print_warnings(checked)
        click.echo(_verified(checked, ok=True))
    if problems:
        raise BriefErrors(problems)


@cli.group("templates")
def templates_group() -> None:
    """List, copy and check house-style templates (see docs/house-style.md)."""


@templates_group.command("list")
@_handles_errors
def templates_list_command() -> None:
    """List the templates a spec in this folder can use, and where each is."""
    from .commands.templates import list_templates  # noqa: PLC0415

    for info in list_templates(Path.cwd(), Path.cwd()):
        where = "built in" if info.built_in else display_path(info.folder)
        click.echo(f"{info.name:<16} {where:<24} {info.description}")


@templates_group.command("new")
@click.argument("name")
@click.option("--from", "source", default=None,
              help="The template to start from.  [default: memo]")
@click.option("--from-word", "word_file", type=click.Path(path_type=Path), default=None,
              help="The organisation's own Word file (.docx or .dotx) to use as the house "
              "style: its page setup, headers, footers, theme and styles.")
@_handles_errors
def templates_new_command(name: str, source: str | None, word_file: Path | None) -> None:
    """Copy a template into templates/NAME of this project, for editing; or make one from
    the organisation's own Word file (--from-word)."""
    from .commands.templates import new_template, new_template_from_word  # noqa: PLC0415

    if word_file is not None:
        if source is not None:
            raise BriefError("--from and --from-word cannot be given together",
                             hint="--from-word takes the memo's layout with your Word file")
        folder, added, notes = new_template_from_word(name, word_file, Path.cwd())
        for note in notes:  # what brief did to the file, as a build would warn of it
            click.echo(note.format(), err=True)
        reference = display_path(folder / "reference.docx")
        click.echo(f"created {display_path(folder)} from {display_path(word_file)}, its "
                   f"reference.docx; use it with `template: {name}` in a spec")
        if added:
            click.echo(f"added to {reference} brief's styles it lacked, based on its own "
                       f"Normal and headings (edit them in Word's Styles pane): "
                       f"{', '.join(added)}")
        return
    source = source or "memo"
    folder = new_template(name, source, Path.cwd())
    click.echo(f"created {display_path(folder)} from '{source}': open "
               f"{display_path(folder / 'reference.docx')} in Word or LibreOffice, change its "
               "styles and page setup and save it as .docx (both the PDF and the Word file "
               f"follow), and use it with `template: {name}` in a spec")


@templates_group.command("check")
@click.argument("name")
@_handles_errors
def templates_check_command(name: str) -> None:
    """Check template NAME: render a sample memo through it in both formats, and check
    its Word styles and fonts."""
    from .commands.templates import (  # noqa: PLC0415
        check_template,
        find_template,
        template_notes,
    )

    template = find_template(name, Path.cwd(), Path.cwd())
    for note in template_notes(template):
        click.echo(note)
    problems = check_template(template)
    if problems:
        raise BriefErrors(problems)
    click.echo(f"template '{name}' ({display_path(template.folder)}): OK")


@cli.command("verify")
@click.argument("manifest", type=click.Path(path_type=Path))
@_root_option
@_handles_errors
def verify_command(manifest: Path, root: Path | None) -> None:
    """Re-check a build's passages against their sources as they are now.

    MANIFEST is the `<spec name>.json` that `brief build` wrote beside the memo. Every
    passage whose source changed so that it no longer matches, or whose paragraph moved,
    is reported at its line in the spec.
    """

    from .commands.verify import drift_errors, verify  # noqa: PLC0415

    report = verify(manifest, root)
    changed = ", ".join(f"'{s}'" for s in report.changed_sources)
    if report.drifts:
        if changed:
            click.echo(f"{display_path(manifest)}: sources changed since the build: {changed}",
                       err=True)
        raise drift_errors(report)
    note = f" (changed since the build: {changed}; their passages still match)" \
        if changed else ""
    click.echo(f"{display_path(manifest)}: OK, {plural(report.passages, 'passage')} still "
               f"match their sources{note}")


@cli.command("sources")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other tools.")
@_root_option
@_handles_errors
def sources_command(path: Path, as_json: bool, root: Path | None) -> None:
    """Show a source FILE's details and numbered paragraphs, or those of every source
    of a spec.

    Use the numbers with `paragraph:` and `paragraphs:` in a spec. The fingerprint is
    the file's SHA-256, as the memo's list of sources and the build manifest give it.
    """
    from .commands.sources import listing, sources_of  # noqa: PLC0415

    for line in listing(sources_of(path, root, name_files=False)[0], as_json=as_json):
        click.echo(line)


@cli.command("find")
@click.argument("path", metavar="SOURCE|SPEC", type=click.Path(path_type=Path))
@click.argument("words", nargs=-1, required=True)
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="How many paragraphs to show.")
@_root_option
@_handles_errors
def find_command(path: Path, words: tuple[str, ...], limit: int, root: Path | None) -> None:
    """Find the paragraphs of a source file, or of every source of a spec, that best
    match WORDS; print each with the selector that quotes its best sentence.

    Paste a selector under a point's `passages:` in the spec: each one shown resolves to
    exactly its place (with a `prefix:` where the sentence alone occurs more than once).
    """
    from .commands.find import hit_heading, search, selector_yaml  # noqa: PLC0415
    from .commands.sources import sources_of  # noqa: PLC0415

    sources, language = sources_of(path, root, name_files=True)
    hits = search(sources, " ".join(words), language=language, limit=limit)
    if not hits:
        click.echo(f"no paragraph of {display_path(path)} matches {' '.join(words)!r}",
                   err=True)
        sys.exit(1)
    for index, hit in enumerate(hits):
        if index:
            click.echo()
        click.echo(hit_heading(hit))
        click.echo(selector_yaml(hit.selector))


@cli.command("new")
@click.argument("name")
@click.option("--source", "sources", multiple=True, required=True,
              type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A source article (text, web page, PDF or Word file); repeatable.")
@_handles_errors
def new_command(name: str, sources: tuple[Path, ...]) -> None:
    """Start a new spec, briefings/NAME.yaml, with its sources' details filled in.

    Titles, authors, publishers, dates and addresses are taken from the files where they
    say them; every other part of a spec is there as a commented example.
    """
    from .commands.starter import new_spec  # noqa: PLC0415

    path = new_spec(name, sources, Path.cwd())
    click.echo(f"created {display_path(path)} with {plural(len(sources), 'source')}: fill "
               f"it in, then run `brief check {display_path(path)}`")


def main() -> None:
    """Entry point of the `brief` console script."""
    cli(prog_name="brief")
