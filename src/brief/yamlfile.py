"""Read a YAML file into plain Python values and remember where each value stood.

PyYAML forgets line numbers once it builds Python objects, so we compose the node
tree ourselves and record the position of every key and value by its key path.
Duplicate keys, which PyYAML silently lets through, are reported. Dates stay text
(`2022-03-25` is read as written): brief checks and shows them itself, and an
impossible date is then the spec's problem at its line, not YAML's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SpecError, Where

KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """Return a key path as the user would write it: `sections[0].points[1].text`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the positions of its keys and values."""

    path: Path
    data: Any
    text: str = ""  # the file's text, as read
    value_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: KeyPath, *, at_key: bool = False) -> Where:
        """Return the place of the value (or the key) at `path`, for error messages."""
        marks = self.key_marks if at_key else self.value_marks
        mark = marks.get(path) or self.value_marks.get(path)
        probe = path
        while mark is None and probe:
            probe = probe[:-1]
            mark = self.value_marks.get(probe)
        line, column = mark if mark else (None, None)
        return Where(self.path, line, column, format_key_path(path) or None)


def read_text_file(path: Path, what: str) -> str:
    """Read a UTF-8 text file, raising `SpecError` if it is missing or not text."""
    if not path.exists():
        raise SpecError(
            f"{what} not found: {path}",
            Where(path),
            hint="check the path; relative paths are taken from the folder you run brief in",
        )
    if path.is_dir():
        raise SpecError(f"{what} is a folder, not a file: {path}", Where(path))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            f"{what} is not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded",
            Where(path, line, column),
            hint="save the file with UTF-8 encoding",
        ) from None


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with dates left as text."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path: Path) -> YamlDocument:
    """Parse the YAML file at `path`, raising `SpecError` with line and column."""
    text = read_text_file(path, "spec file")
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            document = YamlDocument(path, None, text)
            document.data = _construct(loader, node, (), document) if node else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        details = []
        context = exc.context_mark
        if exc.context and context and mark and context.line != mark.line:
            details.append(f"{exc.context} at line {context.line + 1}, column "
                           f"{context.column + 1}")
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        details.append(f"nothing else in {path.name} is checked until it reads as YAML")
        raise SpecError(
            f"YAML syntax error: {problem}",
            Where(path, mark.line + 1, mark.column + 1) if mark else Where(path),
            details=details,
            hint="check indentation and quoting near this line; text with ': ' or '#' "
            "in it must be put in quotes",
        ) from None
    except yaml.YAMLError as exc:  # errors without a position, e.g. bad characters
        raise SpecError(f"YAML error: {exc}", Where(path)) from None
    return document


def _construct(
    loader: Loader, node: yaml.Node, path: KeyPath, document: YamlDocument
) -> Any:
    document.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolve `<<` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise SpecError(
                    "a mapping key must be plain text",
                    Where(document.path, key_node.start_mark.line + 1,
                          key_node.start_mark.column + 1),
                )
            if key in result:
                first_line = document.key_marks[(*path, key)][0]
                raise SpecError(
                    f"duplicate key '{key}' (first given on line {first_line})",
                    Where(document.path, key_node.start_mark.line + 1,
                          key_node.start_mark.column + 1, format_key_path((*path, key))),
                    hint="YAML keeps only the last of two equal keys: remove or rename one",
                )
            child = (*path, key)
            document.key_marks[child] = (key_node.start_mark.line + 1,
                                         key_node.start_mark.column + 1)
            result[key] = _construct(loader, value_node, child, document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, item, (*path, index), document)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
