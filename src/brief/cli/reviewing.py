"""`brief review`: a reviewer's tracked changes and comments in a Word file brief built,
listed at the spec's lines, and (`--apply`) written into the spec. Exit status 0 when
every change can be applied (or has been), 3 when some cannot, 1 for an error."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import BriefError, display_path
from .app import _handles_errors, _print_warnings, _root_option, _verified, cli

CANNOT_APPLY = 3  # the exit status when some change of the review cannot be applied


@cli.command("review")
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("reviewed", metavar="REVIEWED.docx", type=click.Path(path_type=Path))
@click.option("--apply", "apply", is_flag=True, help="Write the changes that can be "
              "applied, and the comments, into SPEC (checked first; the spec as it was is "
              "kept as SPEC.bak), then check it as `brief check` does.")
@click.option("--only", "only", multiple=True, metavar="AUTHOR", help="Take only the "
              "changes and comments of AUTHOR (repeatable; any case).")
@click.option("--reject", "reject", multiple=True, metavar="AUTHOR", help="Leave out the "
              "changes and comments of AUTHOR (repeatable; any case).")
@click.option("--no-backup", "no_backup", is_flag=True, help="With --apply, keep no "
              "SPEC.bak.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other tools.")
@_root_option
def review_command(spec: Path, reviewed: Path, apply: bool, only: tuple[str, ...],
                   reject: tuple[str, ...], no_backup: bool, as_json: bool,
                   root: Path | None) -> None:
    """List what REVIEWED.docx (a Word file brief built from SPEC, reviewed in Word or
    LibreOffice) asks of SPEC: each tracked change, change made without tracking and
    comment, at the spec's line and key, with its author, date and a word diff, and
    whether brief can apply it.

    A change of the analyst's own words can be applied; one inside a verified quotation
    cannot (the source says what it says: the closest words of the source are shown);
    one of what brief writes (headings, labels, citations, the marking) names the
    setting that controls it. Exit status 3 when some change cannot be applied.
    """
    if no_backup and not apply:
        raise click.UsageError("--no-backup is for --apply")
    _review(spec, reviewed, apply, only, reject, no_backup, as_json, root)


@_handles_errors
def _review(spec: Path, reviewed: Path, apply: bool, only: tuple[str, ...],
            reject: tuple[str, ...], no_backup: bool, as_json: bool,
            root: Path | None) -> None:
    from ..commands.review import as_json as json_text  # noqa: PLC0415
    from ..commands.review import lines, review  # noqa: PLC0415

    outcome = review(spec, reviewed, root, only=only, reject=reject, apply=apply,
                     backup=not no_backup)
    if as_json:
        click.echo(json_text(outcome))
    else:
        for line in lines(outcome):
            click.echo(line)
    if outcome.refused is not None:
        click.echo(f"{display_path(spec)}: the review was not written into it: the spec has "
                   "problems of its own, below; fix these first, then run brief review "
                   "--apply again", err=True)
        raise outcome.refused
    if outcome.applied is not None:
        _check_again(spec, root, quiet=as_json, outcome=outcome)
    if outcome.review.cannot:
        sys.exit(CANNOT_APPLY)


def _check_again(spec: Path, root: Path | None, *, quiet: bool, outcome: Any) -> None:
    """`brief check` on the spec just written, as it prints it (its problems: exit 1),
    with a warning at each new point the review added (it cites no passages yet)."""
    from ..commands.review import new_point_warnings  # noqa: PLC0415
    from ..pipeline import check  # noqa: PLC0415

    try:
        checked = check(spec, root)
    except BriefError as error:
        click.echo(f"brief check {display_path(spec)}:", err=True)
        raise error from None
    if not quiet:
        _print_warnings(checked)
        for warning in new_point_warnings(outcome):
            click.echo(warning.format(), err=True)
        click.echo(_verified(checked, ok=True))
