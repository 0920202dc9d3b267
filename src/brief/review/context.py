"""What `brief review` finds, and what it decides with: each finding, the whole review,
and the context the deciding shares (the reviewed file, its trace, the spec as it is
now, whose changes to take)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..origins import ANALYST, BuildTrace
from ..yamlfile import YamlDocument, format_key_path
from .keys import as_written, parse_key_path, value_at
from .lines import WordLines
from .reviewed import ReviewedDocument
from .spec_edit import CommentEdit, ItemEdit, ValueEdit

APPLY = "apply"  # can be applied
ALREADY = "already"  # the spec already reads so
CANNOT = "cannot"  # cannot be applied
COMMENT = "comment"  # a comment: written beside its key

# Finds the closest words of a source to the reviewer's version of a quotation:
# (the passage's source id, the words wanted) -> (paragraph number, words, similarity).
Closest = Callable[[str, str], "tuple[int, str, float] | None"]


@dataclass(frozen=True)
class Finding:
    """One thing the review asks, at the spec's key, and what brief can do with it."""

    path: str  # the key path, as the user writes it ("" where there is none)
    line: int | None
    column: int | None
    author: str
    date: str | None
    what: str  # "reworded", "words deleted", "comment", ...
    outcome: str  # APPLY, ALREADY, CANNOT or COMMENT
    says: str  # what brief can do, in words
    diff: str = ""  # the word diff, where words changed
    anchor: str = ""  # a comment's words
    text: str = ""  # a comment's text
    replies: tuple[str, ...] = ()  # "Author, 4 Dec 2026: text"
    untracked: bool = False  # a change made without tracking


@dataclass(frozen=True)
class Review:
    """What `brief review` found in a reviewed file, and the edits it would make."""

    spec: Path
    reviewed: Path
    trace: BuildTrace
    findings: tuple[Finding, ...]
    values: tuple[ValueEdit, ...] = ()  # the keys' new values
    comments: tuple[CommentEdit, ...] = ()  # the comments to write
    left_out: tuple[str, ...] = ()  # what --only/--reject left out, in words
    notes: tuple[str, ...] = ()  # what the reader should know (spec changed since...)
    items: tuple[ItemEdit, ...] = ()  # the new points, each after a point of its list

    @property
    def cannot(self) -> int:
        return sum(1 for f in self.findings if f.outcome == CANNOT)


UNTRACKED_NAME = "changes made without tracking"


@dataclass
class Context:
    document: ReviewedDocument
    trace: BuildTrace
    spec: YamlDocument
    closest: Closest
    keep: Callable[[str], bool]
    saved_by: str  # "the file was last saved by X on D"
    lines: WordLines
    root: Path | None = None  # the project's, where the spec's template is looked for
    findings: list[Finding] = field(default_factory=list)
    values: list[ValueEdit] = field(default_factory=list)
    comments: list[CommentEdit] = field(default_factory=list)
    items: list[ItemEdit] = field(default_factory=list)
    # Each new point, by its reviewed paragraph's index (where a comment on it goes): its
    # place in `items` (None: in the spec already), its key, and the key of the words of
    # the point it follows (its line is the finding's).
    new_points: dict[int, tuple[int | None, str, str]] = field(default_factory=dict)
    # Whether --only/--reject left out a change or comment (`find` then counts them as
    # the report would, by deciding them too).
    leaves_out: bool = False
    placed: tuple[Any, ...] = ()  # every change taken (placing.Placed), for the diffs
    # What became of each half of a move, by the move's name: (kind, key path, outcome);
    # the moves refused (one half could not be applied): their halves' (kind, key path).
    moves: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    broken: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def where(self, path: str, *, quote: bool = False) -> tuple[int | None, int | None]:
        keys = parse_key_path(path)
        if quote and (*keys, "quote") in self.spec.value_marks:
            keys = (*keys, "quote")
        if keys in self.spec.value_marks:
            return self.spec.value_marks[keys]
        traced = self.trace.keys.get(path)
        if traced is not None:
            return traced.line, traced.column
        where = self.spec.where(keys)
        return where.line, where.column

    def locate(self, path: str) -> str:
        """Where a traced key's words stand in the spec as it is now: at `path`, or, where
        the spec moved them since the build (a point added before them), at the one
        other key that holds them as they were built."""
        traced = self.trace.keys.get(path)
        keys = as_written(self.spec.data, parse_key_path(path))
        if traced is None or traced.kind != ANALYST or \
                value_at(self.spec.data, keys) == traced.value:
            return format_key_path(keys)
        found = [other for other in self.spec.value_marks
                 if other and other[-1] == keys[-1]
                 and value_at(self.spec.data, other) == traced.value]
        return format_key_path(found[0]) if len(found) == 1 else path

    def present(self, path: str) -> str:
        """`path`, or its nearest parent the spec still has ('' if none)."""
        keys = parse_key_path(path)
        while keys and keys not in self.spec.value_marks:
            keys = keys[:-1]
        return format_key_path(keys)

    def add(self, path: str, author: str, date: str | None, what: str, outcome: str,
            says: str, **more: Any) -> None:
        located, quote = more.pop("located", True), more.pop("quote", False)
        line, column = self.where(path, quote=quote) if located else (None, None)
        words = more.pop("words", None)  # (the value as shown, start, end) of the change
        keys = parse_key_path(path)
        if quote and (*keys, "quote") in self.spec.value_marks:
            keys = (*keys, "quote")
        found = self.lines.place(keys, *words) if words and located else None
        line, column = found or (line, column)
        self.findings.append(Finding(path, line, column, author, date, what, outcome, says,
                                     **more))

    def taken(self, author: str, untracked: bool = False) -> bool:
        if self.keep(author) and not (untracked and not self.keep("")):
            return True
        self.leaves_out = True
        return False
