"""The `brief` command group and what its commands share: errors become messages and
exit codes here, and nowhere else: 0 success, 1 a problem with the input (or the build),
2 a command-line usage error, 3 (`brief review`) a review holding a change that cannot be
applied, 130 interrupted, 141 the reader of the output went away (a closed pipe)."""

from __future__ import annotations

import functools
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import (
    BriefError,
    DeliveryError,
    display_path,
    internal_error,
    plural,
)
from ..options import DEFAULT_FORMATS, BuildOptions
from ..render import FORMATS, PDF_VARIANTS
from ..version import __version__

if TYPE_CHECKING:
    from ..checked import Checked


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
                kept = error.kept or "the memo and its email draft"
                outcome = f"; {kept} were written to the output folder"
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
_main_only_option = click.option("--main-only", is_flag=True, help="Build only the memo, "
                                 "not the releases its spec lists under `releases:`.")


class _BriefGroup(click.Group):
    """The command group, which says click's own errors (a missing argument, an option's
    bad value) in brief's form, `error: …` with a hint, as every other message: never
    click's `Error: …`."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            _print_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"error: {_lower_first(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("brief: interrupted; no files were written", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _print_usage_error(error: click.UsageError) -> None:
    context = error.ctx
    command = context.command_path if context else "brief"
    click.echo(f"error: {_lower_first(error.format_message())}", err=True)
    usage = context.get_usage().removeprefix("Usage: ") if context else ""
    shown = f"usage: {' '.join(usage.split())}; " if usage else ""
    lists = "its commands" if isinstance(context and context.command, click.Group) \
        else "its options"
    click.echo(f"    hint: {shown}`{command} -h` lists {lists}", err=True)


def _lower_first(message: str) -> str:
    """"Missing argument" as "missing argument", as brief's messages begin; a name
    ("SPEC", "TLP:CLEAR") as it is."""
    return message[:1].lower() + message[1:] if message[1:2].islower() else message


@click.group(cls=_BriefGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    """Entry point of the `brief` console script."""
    cli(prog_name="brief")
