"""`brief review --apply`: a review's new values and comments written into the spec,
checked by brief's own reader before the spec is replaced (atomically, with a backup of
the spec as it was)."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefError, ReviewError, Where, display_path
from ..output import write_files
from ..spec.reader import read_spec
from ..yamlfile import YamlDocument, format_key_path, parse_yaml
from .findings import Review
from .keys import parse_key_path, value_at
from .spec_edit import Edit, EditError, edit_spec_text, edited_data, shifted


@dataclass(frozen=True)
class Applied:
    spec: Path
    backup: Path | None
    values: int  # keys given new words
    comments: int  # comments written
    older: Path | None = None  # with no backup: an older one beside the spec, left as it was
    # The new points, each (its key path, its line and column in the new spec, its text).
    points: tuple[tuple[str, int | None, int | None, str], ...] = ()


def backup_path(spec: Path) -> Path:
    """Where `--apply` keeps the spec as it was: beside it, `memo.yaml.bak`."""
    return spec.with_name(spec.name + ".bak")


def apply_review(review: Review, content: bytes, problems: list[BriefError], *,
                 root: Path | None, backup: bool = True) -> Applied | None:
    """Write `review`'s edits into the spec whose bytes, as the review read them, are
    `content` (`problems`: what brief's reader found in them). None when there is
    nothing to write. Raise `ReviewError`, and write nothing, where an edit cannot be
    made, the spec changed on disk since it was read, or the edited spec does not read
    back as intended."""
    edits: list[Edit] = [*review.items, *review.values, *review.comments]
    if not edits:
        return None
    spec = review.spec
    if spec.read_bytes() != content:
        raise ReviewError(f"{display_path(spec)} changed while the review was read",
                          Where(spec), hint="run brief review again")
    try:
        text = content.decode("utf-8")
        new = edit_spec_text(text, edits)
    except EditError as problem:
        raise ReviewError(f"cannot write the review into the spec: {problem.reason}",
                          Where(spec, problem.line, key=format_key_path(problem.path) or None),
                          hint="nothing was written; make this change by hand") from None
    # A spec given through a symbolic link: the file it leads to is the one rewritten
    # (replacing the link would leave that file as it was, and the link gone).
    target = spec.resolve() if spec.is_symlink() else spec
    read = _check(review, target, new, problems, root, parse_yaml(text, spec).data)
    files = {target: new.encode("utf-8")}
    kept = backup_path(spec) if backup else None
    if kept is not None:
        files[kept] = content
    mode = spec.stat().st_mode & 0o7777
    write_files(files, modes=dict.fromkeys(files, mode))  # the spec keeps who may read it
    older = backup_path(spec) if kept is None and backup_path(spec).exists() else None
    return Applied(spec, kept, len(review.values), len(review.comments), older,
                   _new_points(review, read))


def _new_points(review: Review, read: YamlDocument
                ) -> tuple[tuple[str, int | None, int | None, str], ...]:
    """Each new point's key path, its line and column in the spec as written, its text."""
    out: list[tuple[str, int | None, int | None, str]] = []
    seen: dict[tuple[object, ...], int] = {}
    for item in review.items:
        number = seen[(item.path, item.after)] = seen.get((item.path, item.after), -1) + 1
        at = shifted((*item.path, item.after), review.items)[-1]
        assert isinstance(at, int)
        path = (*shifted(item.path, review.items), at + 1 + number)
        line, column = read.value_marks.get((*path, "text"), (None, None))
        out.append((format_key_path(path), line, column, item.text))
    return tuple(out)


def _check(review: Review, target: Path, new: str, before: list[BriefError],
           root: Path | None, data: object) -> YamlDocument:
    """Read the edited spec with brief's reader, from a hidden file beside `target`, the
    spec's file (so that what it names is found as from the spec): no problem the spec
    did not have (where new points moved a problem's key on, at its new key), each
    edited key holds the value intended, and each list given new points (`data`: the
    spec's before) holds them, after the points they follow, and nothing else new."""
    spec = review.spec
    probe = target.with_name(f".{target.name}.{secrets.token_hex(6)}.brief-review")
    try:
        try:
            # Only its owner may read it: the spec may be one that others may not.
            with os.fdopen(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                           "w", encoding="utf-8", newline="") as stream:
                stream.write(new)
        except OSError as exc:
            raise ReviewError(f"cannot write into {display_path(target.parent)}, the spec's "
                              f"folder: {exc.strerror}", Where(spec),
                              hint="nothing was written; brief review --apply writes the "
                              "new spec beside the old, so make the folder writable") from None
        try:
            read, problems, _ = read_spec(probe, root)
        except BriefError as error:
            raise _refused(spec, [error.message]) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(probe)
    known = {(p.message, _moved(p.where.key, review)) for p in before}
    new_problems = [p for p in problems if (p.message, p.where.key) not in known]
    if new_problems:
        raise _refused(spec, [f"{p.where.key}: {p.message}" if p.where.key else p.message
                              for p in new_problems])
    assert read.document is not None
    for edit in review.values:
        if value_at(read.document.data, shifted(edit.path, review.items)) != edit.value:
            raise _refused(spec, [f"{format_key_path(edit.path)} would not read as the "
                                  "reviewer's words"])
    expected = edited_data(data, [*review.values, *review.items])
    for path in dict.fromkeys(item.path for item in review.items):
        if value_at(expected, path) != value_at(read.document.data, path):
            raise _refused(spec, [f"{format_key_path(path)} would not hold the new points "
                                  "after the points they follow, and nothing else new"])
    return read.document


def _moved(key: str | None, review: Review) -> str | None:
    """A problem's key, moved on past the new points inserted before it."""
    if not key or not review.items:
        return key
    return format_key_path(shifted(parse_key_path(key), review.items))


def _refused(spec: Path, reasons: list[str]) -> ReviewError:
    return ReviewError(f"the review was not written into {display_path(spec)}: the spec "
                       "would not read as intended", Where(spec), details=reasons,
                       hint="nothing was written; make these changes by hand")
