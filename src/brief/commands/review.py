"""`brief review SPEC REVIEWED.docx`: what a reviewer's tracked changes and comments ask
of the spec, each at its line, and (`--apply`) the spec with them written in."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefError, BriefWarning, ReviewError, Where, display_path, plural, visible
from ..origins import BuildTrace, read_trace
from ..pipeline import check
from ..render import RENDERERS
from ..render.base import RenderOptions
from ..review.against import check_belongs, closest_in_sources
from ..review.apply import Applied, apply_review
from ..review.findings import ALREADY, APPLY, CANNOT, COMMENT, Finding, Review, find
from ..review.markdown_edit import plain_text
from ..review.new_points import find_hint
from ..review.reviewed import ReviewedDocument, read_reviewed
from ..review.reviewers import who
from ..spec.reader import read_spec


@dataclass(frozen=True)
class Outcome:
    review: Review
    applied: Applied | None = None
    # With --apply: the spec's own problems, found before anything was written (then
    # nothing was).
    refused: BriefError | None = None
    asked_to_apply: bool = False  # --apply, whether or not anything was to be written


def review(spec_path: Path, reviewed: Path, root: Path | None, *, only: Sequence[str] = (),
           reject: Sequence[str] = (), apply: bool = False, backup: bool = True) -> Outcome:
    """Read `reviewed` against the spec; with `apply`, write what can be applied."""
    spec, problems, _ = read_spec(spec_path, root)
    document = read_reviewed(reviewed)
    notes: tuple[str, ...] = ()
    if document.trace is not None:
        check_belongs(document.trace, spec, reviewed, root)
    else:
        _check_marked(document, spec_path)
        document = dataclasses.replace(document, trace=_fresh_trace(document, spec_path,
                                                                    root))
        notes = (_untraced_note(document),)
    assert spec.document is not None and spec.document.file is not None
    found = find(document, spec.document, closest_in_sources(spec, root), only=only,
                 reject=reject, root=root)
    found = dataclasses.replace(found, notes=notes + found.notes)
    applied = None
    if apply and (found.values or found.comments or found.items):
        try:  # the spec as it is, before the review: its own problems are not the review's
            check(spec_path, root)
        except BriefError as error:
            return Outcome(found, None, error, asked_to_apply=True)
        applied = apply_review(found, spec.document.file.content, problems, root=root,
                               backup=backup)
    return Outcome(found, applied, asked_to_apply=apply)


def _check_marked(document: ReviewedDocument, spec: Path) -> None:
    """Refuse a file with neither brief's trace nor any of its hidden bookmarks: one
    brief did not make (a new document, or the memo's words pasted into one), whose
    every paragraph would otherwise read as deleted and added again."""
    if any(p.bookmarks for p in document.paragraphs):
        return
    raise ReviewError(
        f"{display_path(document.path)} was not made by brief from this spec: it holds "
        "none of the marks brief writes into its Word files; review the .docx `brief "
        "build` wrote", Where(spec),
        hint=f"brief build {display_path(spec)} writes the memo's .docx (with --review, a "
        "copy made for review): send that to the reviewer, or copy the changes in this "
        "file into the spec by hand")


def _lost(document: ReviewedDocument) -> str:
    """Why a file that carries brief's bookmarks has no trace."""
    if document.opendocument:
        return ("is an OpenDocument file (.odt), which keeps no trace of the build "
                "(OpenDocument has no place for brief's custom XML part)")
    return ("carries no trace of the build it came from (a program that drops custom XML "
            "parts saved it)")


def _untraced_note(document: ReviewedDocument) -> str:
    """Why a file that carries brief's bookmarks has no trace, and what was done."""
    note = (f"{display_path(document.path)} {_lost(document)}: its paragraphs were matched "
            "by their words with a build of the spec as it is now")
    if document.opendocument:
        note += "; next time, save the review as Word 2007-365 (.docx)"
    return note


def _fresh_trace(document: ReviewedDocument, spec: Path, root: Path | None) -> BuildTrace:
    """The trace a build of the spec as it is now would write into its .docx (the memo's,
    not its releases'), to match the paragraphs of `document`, which lost its own. A
    spec that does not build cannot give one: one message, nothing read."""
    try:
        checked = check(spec, root, main_only=True)
        data = RENDERERS["docx"](checked.briefing, checked.template, RenderOptions())
    except BriefError as problem:
        shown = display_path(spec)
        count = plural(len(getattr(problem, "errors", ())) or 1, "problem")
        raise ReviewError(
            f"{display_path(document.path)} {_lost(document)}, and {shown} does not build "
            f"as it is now ({count}): brief matches such a file's paragraphs by their "
            "words with a build of the spec, so it cannot read this one", Where(spec),
            hint=f"fix the spec (brief check {shown} lists its problems), then run brief "
            "review again; next time, ask for the review back as the .docx brief "
            "build wrote") from None
    trace = read_trace(data)
    assert trace is not None, "a .docx brief renders carries its trace"
    return trace


def finding_lines(finding: Finding, spec: Path) -> list[str]:
    """A finding as `brief review` prints it: where, who, what; then, indented, the word
    diff and what brief can do."""
    place = display_path(spec)
    if finding.line is not None:
        place += f":{finding.line}"
        if finding.column is not None:
            place += f":{finding.column}"
    key = f" {finding.path}:" if finding.path else ""
    lines = [f"{place}:{key} {who(finding.author, finding.date)}: {finding.what}"]
    if finding.anchor:
        lines.append(f"    on: \"{' '.join(finding.anchor.split())}\"")
    if finding.text and finding.outcome != COMMENT:
        lines.append(f"    comment: {' '.join(finding.text.split())}")
    if finding.diff:
        lines.append(f"    {finding.diff}")
    lines.append(f"    {finding.says}")
    lines += [f"    reply, {reply}" for reply in finding.replies]
    return [visible(line) for line in lines]


def summary(outcome: Outcome) -> str:
    """The last line: how many changes and comments, and what became of them."""
    findings = outcome.review.findings
    changes = [f for f in findings if f.what != "comment"]
    comments = [f for f in findings if f.what == "comment"]
    counts = {kind: sum(1 for f in changes if f.outcome == kind)
              for kind in (APPLY, ALREADY, CANNOT)}
    applied = outcome.applied is not None
    parts = [f"{plural(len(changes), 'change')}"]
    if changes:
        done = "applied" if applied else "can be applied"
        parts[0] += (f": {counts[APPLY]} {done}, {counts[ALREADY]} already in the spec, "
                     f"{counts[CANNOT]} cannot be applied")
    parts.append(plural(len(comments), "comment") +
                 (_beside(len(comments)) if applied and comments else ""))
    line = f"{display_path(outcome.review.reviewed)}: {'; '.join(parts)}"
    if outcome.applied is not None:
        kept = outcome.applied.backup
        older = outcome.applied.older
        line += (f"\nwrote {display_path(outcome.applied.spec)}" +
                 (f" (the spec as it was: {display_path(kept)})" if kept else "") +
                 (f" (no backup; the older {display_path(older)} was left as it was: it is "
                  "not the spec as it was before this --apply)" if older else ""))
    elif not findings:
        line += " (nothing to do)"
    elif outcome.asked_to_apply and outcome.refused is None:
        why = "no change of the review can be applied" if counts[CANNOT] and \
            not counts[ALREADY] else "what can be applied is in it already"
        line += f"\nnothing written into {display_path(outcome.review.spec)}: {why}"
    return line


def lines(outcome: Outcome) -> list[str]:
    review = outcome.review
    out: list[str] = list(review.notes)  # first: they say how to read what follows
    for finding in review.findings:
        out += finding_lines(finding, review.spec)
    out += review.left_out
    out.append(summary(outcome))
    return out


def as_json(outcome: Outcome) -> str:
    review = outcome.review
    return json.dumps({
        "spec": display_path(review.spec),
        "reviewed": display_path(review.reviewed),
        "built": review.trace.built,
        "findings": [{
            "file": display_path(review.spec), "line": f.line, "column": f.column,
            "key": f.path, "author": f.author, "date": f.date, "what": f.what,
            "outcome": f.outcome, "says": f.says, "diff": f.diff, "anchor": f.anchor,
            "comment": f.text, "replies": list(f.replies), "untracked": f.untracked}
            for f in review.findings],
        "left_out": list(review.left_out),
        "notes": list(review.notes),
        "cannot": review.cannot,
        "applied": outcome.applied is not None,
        "backup": display_path(outcome.applied.backup)
        if outcome.applied is not None and outcome.applied.backup else None,
        "new_points": [{"key": key, "line": line, "column": column, "text": text}
                       for key, line, column, text in (outcome.applied.points
                                                       if outcome.applied else ())],
    }, indent=2, ensure_ascii=False)


def new_point_warnings(outcome: Outcome) -> list[BriefWarning]:
    """After --apply: each new point the review added, at its line of the spec as
    written, with no passages yet."""
    if outcome.applied is None:
        return []
    spec = outcome.applied.spec
    return [BriefWarning("a new point from the review cites no passages yet",
                         Where(spec, line, column, path),
                         hint=find_hint(spec, plain_text(text)))
            for path, line, column, text in outcome.applied.points]


def _beside(count: int) -> str:
    return " (written beside its key)" if count == 1 else " (written beside their keys)"
