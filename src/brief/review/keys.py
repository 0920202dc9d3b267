"""Key paths of the spec as the trace writes them (`sections[2].points[0].text`), and
the values they lead to."""

from __future__ import annotations

import re
from typing import Any

from ..yamlfile import KeyPath


def parse_key_path(text: str) -> KeyPath:
    """`sections[2].points[0].text` as a key path."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at `path` of the spec's data; None where there is none."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def as_written(data: Any, path: KeyPath) -> KeyPath:
    """`path` as the spec writes it: where a list of one is written as its one item
    (`pros: It answers the repression.` for `pros[0]`), the key itself."""
    if path and path[-1] == 0 and value_at(data, path) is None and \
            isinstance(value_at(data, path[:-1]), str):
        return path[:-1]
    return path
