"""The people of a review: who made a change or a comment and when, as brief writes it,
and whose changes `--only` and `--reject` take."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from ..errors import ReviewError, Where, display_path, visible
from ..schema import did_you_mean
from .reviewed import Comment, ReviewedDocument


def short_date(date: str | None) -> str:
    """`4 Dec 2026` of an ISO 8601 date; '' where there is none."""
    if not date:
        return ""
    try:
        day = datetime.date.fromisoformat(date[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%b %Y}"


def who(author: str, date: str | None) -> str:
    """`Head of Desk, 4 Dec 2026`."""
    return ", ".join(part for part in (author or "author unknown", short_date(date)) if part)


def authors_of(document: ReviewedDocument) -> list[str]:
    """Everyone whose tracked change or comment the file holds, in order of appearance."""
    names: dict[str, None] = {}
    for paragraph in document.paragraphs:
        names.update((c.author, None) for c in paragraph.changes if c.author)

    def of_comment(comment: Comment) -> None:
        if comment.author:
            names[comment.author] = None
        for reply in comment.replies:
            of_comment(reply)

    for comment in document.comments:
        of_comment(comment)
    return list(names)


def author_filter(document: ReviewedDocument, only: Sequence[str], reject: Sequence[str]
                  ) -> Callable[[str], bool]:
    """Whose changes to take: `--only` and `--reject` names (any case); an unknown name
    is an error, with the names the file holds."""
    known = authors_of(document)
    lower = {name.casefold(): name for name in known}
    for option, names in (("--only", only), ("--reject", reject)):
        for name in names:
            if name.casefold() not in lower:
                listed = ", ".join(f"'{n}'" for n in known) or "nobody"
                raise ReviewError(
                    f"{option} '{name}': no change or comment of "
                    f"{display_path(document.path)} is by that author"
                    f"{did_you_mean(name, known)}", Where(document.path),
                    hint=f"the file's reviewers: {listed}")
    wanted = {n.casefold() for n in only}
    refused = {n.casefold() for n in reject}

    def keep(author: str) -> bool:
        name = author.casefold()
        return (not wanted or name in wanted) and name not in refused

    return keep


def comment_lines(comment: Comment) -> tuple[str, ...]:
    """A comment, and its replies, as YAML comment lines (without the `#`): each on
    one line, control characters written as escapes (YAML allows none)."""
    done = " (resolved)" if comment.done else ""
    lines = [f"review, {who(comment.author, comment.date)}{done}: {comment.text}"]
    lines += [f"  reply, {who(r.author, r.date)}: {r.text}" for r in comment.replies]
    return tuple(visible(" ".join(line.split())) if not line.startswith("  ") else
                 "  " + visible(" ".join(line.split())) for line in lines)
