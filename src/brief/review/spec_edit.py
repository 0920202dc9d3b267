"""Write new values, and comments, into a spec's text: every byte of what is not
changed stays as it was (comments, key order, quoting, line layout)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..yamlfile import KeyPath


@dataclass(frozen=True)
class ValueEdit:
    """Give the string at `path` (a scalar of the spec) the value `value`."""

    path: KeyPath
    value: str


@dataclass(frozen=True)
class CommentEdit:
    """Write `lines` as a YAML comment on the lines just above the key at `path` (for a
    list item, above its first line), at that key's indentation: `# review, Head of
    Desk, 4 Dec 2026: Check this line with the Political Director first`. Long lines
    are wrapped, the continuation indented under the first."""

    path: KeyPath
    lines: tuple[str, ...]


class EditError(Exception):
    """An edit cannot be made: `reason` says why, `path` where."""

    def __init__(self, reason: str, path: KeyPath) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


def edit_spec_text(text: str, edits: Sequence[ValueEdit | CommentEdit]) -> str:
    """Return the spec's `text` with `edits` made.

    A value is rewritten in the style it was written in (plain, 'single' or "double"
    quoted, literal `|` or folded `>` block): only the changed words and the line they
    are on change, the rest of a block keeps its lines; a plain scalar that the new
    words would make mean something else in YAML (`: `, ` #`, a leading `-`...) is
    quoted. Raise `EditError` when a path is not a string scalar of `text`, or the
    result would not read back (with YAML) as the values given."""
    raise NotImplementedError
