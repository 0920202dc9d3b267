"""The commands that help write a memo: templates, verify, diff, sources, find, new,
capture."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import (
    BriefError,
    BriefErrors,
    display_path,
    plural,
)
from ..files import size_text
from .app import (
    _handles_errors,
    _root_option,
    cli,
)

if TYPE_CHECKING:
    pass



@cli.group("templates")
def templates_group() -> None:
    """List, copy and check house-style templates (see docs/house-style.md)."""


@templates_group.command("list")
@_handles_errors
def templates_list_command() -> None:
    """List the templates a spec in this folder can use, and where each is."""
    from ..commands.templates import list_templates  # noqa: PLC0415

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
    from ..commands.templates import new_template, new_template_from_word  # noqa: PLC0415

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
    from ..commands.templates import (  # noqa: PLC0415
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

    from ..commands.verify import drift_errors, verify  # noqa: PLC0415

    report = verify(manifest, root)
    changed = ", ".join(f"'{s}'" for s in report.changed_sources)
    if report.drifts:
        if changed:
            click.echo(f"{display_path(manifest)}: sources changed since the build: {changed}",
                       err=True)
        raise drift_errors(report)
    note = f" (changed since the build: {changed}; their passages still match)" \
        if changed else ""
    match = "matches its source" if report.passages == 1 else "match their sources"
    click.echo(f"{display_path(manifest)}: OK, {plural(report.passages, 'passage')} still "
               f"{match}{note}")

@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other tools.")
@_root_option
@_handles_errors
def diff_command(old: Path, new: Path, as_json: bool, root: Path | None) -> None:
    """What changed from edition OLD of a memo to NEW (each a spec or a build manifest)."""
    from ..commands.diff import diff_lines  # noqa: PLC0415
    click.echo("\n".join(diff_lines(old, new, root, as_json=as_json)))

@cli.command("sources")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for other tools.")
@click.option("--library", is_flag=True, help="List the project's source library (of the "
              "project PATH is in, else of the current folder's), with where each memo "
              "cites each source.")
@_root_option
def sources_command(path: Path | None, as_json: bool, library: bool,
                    root: Path | None) -> None:
    """Show a source FILE's details and numbered paragraphs, or those of every source
    of a spec; with --library, the project's source library.

    Use the numbers with `paragraph:` and `paragraphs:` in a spec. The fingerprint is
    the file's SHA-256, as the memo's list of sources and the build manifest give it.
    """
    if path is None and not library:
        raise click.UsageError("missing argument 'PATH': a source file or a spec (or "
                               "--library)")
    _sources(path, as_json, library, root)


@_handles_errors
def _sources(path: Path | None, as_json: bool, library: bool, root: Path | None) -> None:
    if library:
        from ..commands.library import library_listing  # noqa: PLC0415

        for line in library_listing(path or Path.cwd(), root, as_json=as_json):
            click.echo(line)
        return
    assert path is not None  # sources_command's
    from ..commands.sources import listing, sources_of  # noqa: PLC0415

    for line in listing(sources_of(path, root, name_files=False)[0], as_json=as_json):
        click.echo(line)


@cli.command("find")
@click.argument("path", metavar="SOURCE|SPEC", type=click.Path(path_type=Path))
@click.argument("words", nargs=-1, required=True)
@click.option("-n", "--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="How many paragraphs to show.")
@click.option("--source", "source_ids", multiple=True, metavar="ID",
              help="Search only this source of the spec (repeatable).")
@click.option("--max-words", type=click.IntRange(3, 1000), metavar="N", help="Suggest "
              "quotes of at most N words (default: the template's `max_quote_words`, 80).")
@_root_option
@_handles_errors
def find_command(path: Path, words: tuple[str, ...], limit: int, source_ids: tuple[str, ...],
                 max_words: int | None, root: Path | None) -> None:
    """Find the paragraphs of a source file, or of every source of a spec, that best
    match WORDS; print each with the selector that quotes its best sentence(s).

    Paste a selector under a point's `passages:` in the spec: each one shown resolves to
    exactly its place (with a `prefix:` where the sentence alone occurs more than once).
    """
    from ..commands.find import find_in, hit_heading, selector_yaml  # noqa: PLC0415

    found = find_in(path, root, " ".join(words), limit=limit, source_ids=source_ids,
                    max_words=max_words)
    if not found.hits:
        click.echo(f"no paragraph of {display_path(path)} matches {' '.join(words)!r}",
                   err=True)
        sys.exit(1)
    for index, hit in enumerate(found.hits):
        if index:
            click.echo()
        click.echo(hit_heading(hit))
        click.echo(selector_yaml(hit.selector))
    if len(found.hits) < limit:
        unquoted = found.paragraphs - len(found.hits)
        why = (f"; {plural(unquoted, 'other')} cannot be quoted in at most the words "
               "allowed (try a larger --max-words)" if unquoted > 0 else "")
        hold = "paragraph holds" if found.paragraphs == 1 else "paragraphs hold"
        click.echo(f"{plural(len(found.hits), 'result')} of the {limit} asked for: "
                   f"{found.paragraphs} {hold} {' '.join(words)!r}{why}", err=True)


@cli.command("new")
@click.argument("name")
@click.argument("more", nargs=-1, metavar="[FILE]...", type=click.Path(path_type=Path))
@click.option("--source", "sources", multiple=True, metavar="FILE [FILE ...]",
              type=click.Path(path_type=Path),
              help="The source articles (text, web page, PDF or Word files): several after "
              "one --source, or --source before each. A file outside the project is "
              "copied into briefings/sources/.")
@_handles_errors
def new_command(name: str, more: tuple[Path, ...], sources: tuple[Path, ...]) -> None:
    """Start a new spec, briefings/NAME.yaml (NAME.yaml if NAME ends in .yaml), with its
    sources' details filled in.

    The project is the folder at or above the current one that holds briefings/ (or
    brief.yaml), else the current folder, where briefings/ is made. brief reads only
    files inside the project: a source outside it is copied, byte for byte, into the
    sources/ folder beside the spec (briefings/sources/), and the spec names the copy; a
    different file of the same name there is never replaced (the copy takes a free name).
    Titles, authors, publishers, dates and addresses are taken from the files where they
    say them; every other part of a spec is there as a commented example.
    """
    from ..commands.starter import new_spec  # noqa: PLC0415

    started = new_spec(name, (*sources, *more), Path.cwd())
    for copied in started.copied:
        copy = display_path(copied.copy)
        if copied.clash == "same":
            click.echo(f"{copied.given} is outside the project; the spec names its copy "
                       f"already there, {copy} (the same bytes)")
        else:
            other = (f"; {display_path(copied.copy.parent / copied.given.name)} is another "
                     "file, kept" if copied.clash == "other" else "")
            click.echo(f"copied {copied.given} into the project as {copy} (brief reads only "
                       f"files inside the project){other}")
    path = display_path(started.path)
    click.echo(f"created {path} with {plural(started.sources, 'source')}: fill it in, then "
               f"run `brief check {path}`")


@cli.command("capture")
@click.argument("url")
@click.option("--as", "as_id", default=None, metavar="ID",
              help="The source's id in the library (default: the author's surname and the "
              "year, else the page's name).")
@click.option("--timeout", default=30.0, show_default=True, metavar="SECONDS",
              type=click.FloatRange(0.1, 600),
              help="How long the whole fetch may take, redirects included.")
@_handles_errors
def capture_command(url: str, as_id: str | None, timeout: float) -> None:
    """Fetch the web page at URL once and keep it as a source: the bytes as served, the
    time, the final address, the status, the headers and the SHA-256, under
    sources/captured/ID/; add it to the project's library, sources.yaml, and print the
    lines that cite it.

    The only command that reaches the network: builds read the snapshot. Capturing an
    address again keeps both snapshots and says whether the article text changed.
    """
    from ..commands.capture import capture, change_lines  # noqa: PLC0415

    done = capture(url, Path.cwd(), as_id=as_id, timeout=timeout)
    fetched = done.fetched
    hops = f"; {plural(len(fetched.redirects), 'redirect')} to {fetched.final_url}" \
        if fetched.redirects else ""
    click.echo(f"captured {fetched.url} ({fetched.status} {fetched.reason}, "
               f"{size_text(len(fetched.body))}, {done.format.upper()}{hops}) at "
               f"{fetched.retrieved.strftime('%Y-%m-%d %H:%M:%S UTC')}: snapshot "
               f"{done.snapshot} of '{done.id}'")
    for note in done.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"  kept {display_path(done.page)} (the bytes as served) and "
               f"{display_path(done.record)} (the record: headers, redirects, SHA-256, "
               "the article text)")
    title = f", “{done.title}”" if done.title else ""
    click.echo(f"  brief reads {plural(done.paragraphs, 'paragraph')} of article text"
               f"{title}")
    if done.change is not None:
        for line in change_lines(done.change):
            click.echo(line)
    library = display_path(done.library)
    if done.added:
        click.echo(f"added '{done.id}' to {library}: grade it there (`reliability:`, "
                   "`assessment:`)")
    else:
        click.echo(f"{library}'s '{done.id}' still names the snapshot it named; to quote "
                   f"this one, give its name under the id in a spec's `sources:` (not "
                   f"under a passage):\n  sources:\n    {done.id}:\n"
                   f"      snapshot: {done.snapshot}")
    click.echo("\ncite it from the library, in a point's passages:")
    click.echo("\n".join(f"  {line}" for line in done.passage.splitlines()))
    click.echo("\nor give it in a spec's own sources (briefings/):")
    click.echo(done.spec_entry)
