"""`brief diff OLD NEW`: what changed between two editions of a memo, each a spec or the
build manifest written beside a memo. It reads them (each spec with the template and
scale it names, for the likelihoods' ranges; never a source) and builds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from ..editions import EditionChanges, changes_json, changes_text, compare, read_edition


def diff(old: Path, new: Path, root: Path | None = None) -> EditionChanges:
    """What changed from the edition at `old` to that at `new`; `root`: the project of
    each spec (default: found from its folder, as a build does)."""
    return compare(read_edition(old, root), read_edition(new, root))


def diff_lines(old: Path, new: Path, root: Path | None = None, *,
               as_json: bool = False) -> list[str]:
    """What `brief diff` prints: the changes as text, or as JSON with `as_json`."""
    changes = diff(old, new, root)
    if as_json:
        return [json.dumps(changes_json(changes), indent=2, ensure_ascii=False)]
    return changes_text(changes)
