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

from .errors import BriefError, SpecError, Where
from .files import InputFile, read_input

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
    file: InputFile | None = field(default=None, repr=False)  # its bytes, as read (`load_yaml`)
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


def describe(value: Any) -> str:
    """Describe a YAML value the way a user sees it, for 'found …' messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


def read_text_file(path: Path, what: str, kind: str = "spec",
                   error: type[BriefError] = SpecError) -> str:
    """Read a UTF-8 text file (a spec, or a template's file: `kind`), raising `error` if
    it is missing, not a regular file, too large or not text."""
    return _read_text(path, what, kind, error)[0]


def _read_text(path: Path, what: str, kind: str, error: type[BriefError]
               ) -> tuple[str, bytes]:
    """`read_text_file`'s text, and the bytes it was decoded from."""
    try:
        raw = read_input(path, kind, Where(path), error, what)
    except FileNotFoundError:
        raise error(
            f"{what} not found: {path}", Where(path),
            hint="check the path; relative paths are taken from the folder you run brief in",
        ) from None
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            f"{what} is not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded",
            Where(path, line, column),
            hint="save the file with UTF-8 encoding",
        ) from None


# A spec is a few hundred lines and nests a few levels: these leave room for any real one.
MAX_DEPTH = 50
MAX_VALUES = 20_000  # values in the data, counting each use of an alias
_FAST_PARSER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}


class Loader(_FAST_PARSER):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader (libyaml's parser where it is installed), with dates left as
    text. Only its parser, resolver and scalar constructors are used: nodes are composed
    by `_compose`, which does not recurse."""


class PythonLoader(yaml.SafeLoader):
    """The same loader over PyYAML's own parser, which sets no nesting limit of its own.

    libyaml 0.2.6 (in PyYAML 6.0.4's wheels) stops flow nesting past 1,000 levels in its
    scanner, which reads a run of `[[[` to its end before it gives the first event; the
    file is then read again with this parser, so that brief's own limit is the one met."""


_DATES_AS_TEXT = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != f"{_TAG}timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.yaml_implicit_resolvers = PythonLoader.yaml_implicit_resolvers = _DATES_AS_TEXT


class _Refused(Exception):
    """YAML that parses but is not plain data a spec can hold, or is too big."""

    def __init__(self, message: str, mark: Any, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


def load_yaml(path: Path, what: str = "spec file", kind: str = "spec",
              error: type[BriefError] = SpecError) -> YamlDocument:
    """Parse the YAML file at `path` (a spec, or a template's file: `kind`) into plain
    data, raising `error` with line and column. Only strings, numbers, booleans, null,
    lists and mappings with text keys are taken; nesting, and values counted through
    aliases, are capped."""
    text, raw = _read_text(path, what, kind, error)
    document = parse_yaml(text, path, error)
    document.file = InputFile(path, raw)
    return document


def parse_yaml(text: str, path: Path, error: type[BriefError] = SpecError,
               loader_class: type[Any] = Loader) -> YamlDocument:
    """Parse `text`, read from `path`, as `load_yaml` does (with `loader_class`'s parser)."""
    waits = f"nothing else in {path.name} is checked until it reads as YAML"
    try:
        try:
            return _parse(text, path, loader_class)
        except yaml.MarkedYAMLError as exc:
            if loader_class is PythonLoader or "nesting depth" not in (exc.problem or ""):
                raise
            return _parse(text, path, PythonLoader)
    except _Refused as refused:
        mark = refused.mark
        raise error(refused.message,
                    Where(path, mark.line + 1, mark.column + 1) if mark else Where(path),
                    details=[waits], hint=refused.hint) from None
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
        details.append(waits)
        raise error(
            f"YAML syntax error: {problem}",
            Where(path, mark.line + 1, mark.column + 1) if mark else Where(path),
            details=details,
            hint="check indentation and quoting near this line; text with ': ' or '#' "
            "in it must be put in quotes",
        ) from None
    except yaml.YAMLError as exc:  # errors without a position, e.g. bad characters
        raise error(f"YAML error: {exc}", Where(path), details=[waits]) from None


def _parse(text: str, path: Path, loader_class: type[Any]) -> YamlDocument:
    loader = loader_class(text)
    try:
        node = _compose(loader)
        document = YamlDocument(path, None, text)
        document.data = None if node is None else _construct(
            loader, node, (), document, _Budget())
        return document
    finally:
        loader.dispose()


def _compose(loader: Any) -> yaml.Node | None:
    """The node tree of the one document in the loader's stream, built from the parser's
    events with a stack rather than by recursion: nesting deeper than MAX_DEPTH, an alias
    of the value it stands in (which would make the data contain itself), an alias of
    nothing and a second document are refused at their line."""
    root: yaml.Node | None = None
    stack: list[list[Any]] = []  # [node, key waiting for its value (mappings)]
    anchors: dict[str, yaml.Node] = {}
    open_anchors: set[str] = set()
    documents = 0

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent[0], yaml.SequenceNode):
            parent[0].value.append(node)
        elif parent[1] is None:
            parent[1] = node
        else:
            parent[0].value.append((parent[1], node))
            parent[1] = None

    while True:
        event: Any = loader.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return root
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused("the file holds more than one YAML document (a line `---` "
                               "starts another)", event.start_mark,
                               hint="keep one document: remove the second `---`")
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise _Refused(f"the alias *{event.anchor} stands inside the value it names, "
                               "so that value would contain itself", event.start_mark,
                               hint="write the value out, or use the alias elsewhere")
            if event.anchor not in anchors:
                raise _Refused(f"the alias *{event.anchor} names no anchor (&{event.anchor})",
                               event.start_mark)
            attach(anchors[event.anchor])
        elif isinstance(event, yaml.ScalarEvent):
            explicit = event.tag not in (None, "!")
            tag = event.tag if explicit else loader.resolve(yaml.ScalarNode, event.value,
                                                            event.implicit)
            # (PyYAML's stubs know only its own Mark class, not libyaml's)
            start, end = event.start_mark, event.end_mark
            node: Any = yaml.ScalarNode(tag, event.value, start, end,  # type: ignore[arg-type]
                                        style=event.style)
            node.explicit = explicit
            if event.anchor:
                anchors[event.anchor] = node
            attach(node)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _Refused(f"the YAML nests more than {MAX_DEPTH} levels deep",
                               event.start_mark, hint="a spec needs a few levels; check the "
                               "brackets and indentation here")
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) \
                else yaml.MappingNode
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(
                kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None,  # type: ignore[arg-type]
                        flow_style=event.flow_style)
            if event.anchor:
                anchors[event.anchor] = node
                open_anchors.add(event.anchor)
            attach(node)
            stack.append([node, None, event.anchor])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node, _, anchor = stack.pop()
            node.end_mark = event.end_mark
            open_anchors.discard(anchor)


@dataclass
class _Budget:
    """How many values the data has so far, aliases counted each time they are used."""

    values: int = 0


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _scalar(loader: Any, node: Any) -> Any:
    """A plain scalar's value: text, number, boolean or null; any other tag is refused."""
    if getattr(node, "explicit", False) and node.tag != f"{_TAG}str":
        raise _Refused(f"the tag {_tag_name(node.tag)} is not plain YAML data, which is all "
                       "brief reads", node.start_mark,
                       hint="write the value plainly; put text in quotes")
    if node.tag not in _PLAIN_TAGS:
        raise _Refused(f"{_tag_name(node.tag)} values are not plain YAML data, which is all "
                       "brief reads", node.start_mark, hint="put the value in quotes")
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # a number too long to read, say
        shown = node.value if len(node.value) <= 30 else node.value[:27] + "..."
        what = {"int": "a whole number", "float": "a number"}.get(
            node.tag.removeprefix(_TAG), node.tag.removeprefix(_TAG))
        raise _Refused(f"cannot read {shown!r} as {what}",
                       node.start_mark, hint="put it in quotes to keep it as text") from None


def _key(loader: Any, node: yaml.Node) -> str:
    """A mapping key, which must be text (a whole number is taken as its digits)."""
    if not isinstance(node, yaml.ScalarNode):
        raise _Refused("a key must be text, not a list or a mapping", node.start_mark)
    if node.tag == f"{_TAG}merge":
        raise _Refused("merge keys (`<<`) are not plain YAML data, which is all brief reads",
                       node.start_mark, hint="write the keys out")
    value = _scalar(loader, node)
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None:
        read_as = "nothing (null)"
    elif isinstance(value, bool):
        read_as = "a yes/no value"
    else:
        read_as = "a number"
    raise _Refused(f"a key must be text, and `{node.value}` is read as {read_as}",
                   node.start_mark, hint="put the key in quotes")


def _construct(loader: Any, node: yaml.Node, path: KeyPath, document: YamlDocument,
               budget: _Budget) -> Any:
    budget.values += 1
    if budget.values > MAX_VALUES:
        raise _Refused(f"the YAML holds more than {MAX_VALUES:,} values (counting each use "
                       "of an alias): no spec or template needs so many", node.start_mark,
                       hint="look for aliases (`*name`) that repeat large values")
    document.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        if node.tag != f"{_TAG}map":
            raise _Refused(f"{_tag_name(node.tag)} values are not plain YAML data, which is "
                           "all brief reads", node.start_mark,
                           hint="write a plain mapping of keys")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node)
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
            result[key] = _construct(loader, value_node, child, document, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != f"{_TAG}seq":
            raise _Refused(f"{_tag_name(node.tag)} values are not plain YAML data, which is "
                           "all brief reads", node.start_mark, hint="write a plain list")
        return [_construct(loader, item, (*path, index), document, budget)
                for index, item in enumerate(node.value)]
    return _scalar(loader, node)
