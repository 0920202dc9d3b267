"""Write new values, and comments, into a spec's text: every byte of what is not
changed stays as it was (comments, key order, quoting, line layout)."""

from __future__ import annotations

import itertools
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import BriefError
from ..yamlfile import KeyPath, Loader, format_key_path, parse_yaml
from .markdown_edit import word_edits


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


@dataclass(frozen=True)
class ItemEdit:
    """Insert a new item `text: TEXT` into the block list at `path` (a section's points),
    just after its item `after` (an index into the list as it is before any insertion),
    written as that item is written (its indentation; `- text: …`, quoted only where
    YAML needs it, in the quoting the list's other texts use). Several after one item
    go in the order given. `comment`: lines of a YAML comment written just above it, as
    `CommentEdit` writes them."""

    path: KeyPath
    after: int
    text: str
    comment: tuple[str, ...] = ()


Edit = ValueEdit | CommentEdit | ItemEdit


class EditError(Exception):
    """An edit cannot be made: `reason` says why, `path` where (`line`, when known)."""

    def __init__(self, reason: str, path: KeyPath, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.line = line


def shifted(path: KeyPath, items: Sequence[ItemEdit]) -> KeyPath:
    """Where the key at `path` stands once `items` are inserted: an item of a list that
    gains items before it moves on by as many."""
    for length in range(len(path), 0, -1):
        index = path[length - 1]
        if isinstance(index, int):
            more = sum(1 for item in items if item.path == path[:length - 1]
                       and item.after < index)
            if more:
                path = (*path[:length - 1], index + more, *path[length:])
    return path


def edit_spec_text(text: str, edits: Sequence[Edit]) -> str:
    """Return the spec's `text` with `edits` made.

    A value is rewritten in the style it was written in (plain, 'single' or "double"
    quoted, literal `|` or folded `>` block): only the changed words and the line they
    are on change, the rest of a block keeps its lines; a plain scalar that the new
    words would make mean something else in YAML (`: `, ` #`, a leading `-`...) is
    quoted. A new item goes after the last line of the item it follows (see
    `ItemEdit`). Raise `EditError` when a path is not a string scalar of `text` (for
    an item: a block list of mappings, with no anchor or alias), or the result would
    not read back (with YAML) as the values given."""
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    crlf = "\r\n" in body and body.count("\r\n") == body.count("\n")
    if crlf:
        body = body.replace("\r\n", "\n")
    data, root = _read(body, edits[0].path if edits else ())
    changes: list[tuple[int, int, int, str]] = []  # (start, end, order, new text)
    for order, edit in enumerate(edits):
        node = _node(root, edit.path)
        if isinstance(edit, ItemEdit):  # before a comment at the same place: order < 0
            start, new = _new_item(body, node, edit)
            changes.append((start, start, order - len(edits), new))
        elif isinstance(edit, ValueEdit):
            if not (isinstance(node, yaml.ScalarNode) and isinstance(_get(data, edit.path), str)):
                raise EditError("the value there is not text", edit.path)
            if _get(data, edit.path) != edit.value:
                parent = _node(root, edit.path[:-1])
                start, end, new = _rewritten(body, node, edit, bool(parent.flow_style))
                changes.append((start, end, order, new))
        else:
            start = _comment_place(body, root, edit.path)
            changes.append((start, start, order, _comment(body, start, edit.lines)))
    starts = sorted((c[0], c[1]) for c in changes if c[0] != c[1])
    for (_, end), (start, _) in itertools.pairwise(starts):
        if start < end:
            raise EditError("two edits change the same value", edits[0].path)
    result = body
    for start, end, _, new in sorted(changes, key=lambda c: (c[0], c[2]), reverse=True):
        result = result[:start] + new + result[end:]
    _verify(result, edited_data(data, edits), edits)
    if crlf:
        result = result.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + result


def edited_data(data: Any, edits: Sequence[Edit]) -> Any:
    """What a spec whose data is `data` reads as once `edits` are made: each value set
    (at its path before any new item goes in), each new item in its place; a comment
    changes nothing."""
    wanted = json.loads(json.dumps(data))
    for edit in edits:
        if isinstance(edit, ValueEdit):
            _set(wanted, edit.path, edit.value)
    _insert_items(wanted, [e for e in edits if isinstance(e, ItemEdit)])
    return wanted


def _read(text: str, path: KeyPath) -> tuple[Any, Any]:
    """The data (read as brief reads a spec, with its limits) and YAML's node tree."""
    try:
        data = parse_yaml(text, Path("spec.yaml")).data
        root = yaml.compose(text, Loader=Loader)
    except (BriefError, yaml.YAMLError) as exc:
        raise EditError(f"the spec does not read as YAML: {exc}", path) from None
    return data, root


def _node(root: Any, path: KeyPath) -> Any:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and \
                0 <= part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            raise EditError(f"the spec has no {format_key_path(path)}", path)
    return node


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: KeyPath, value: str) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _rewritten(text: str, node: Any, edit: ValueEdit, flow: bool) -> tuple[int, int, str]:
    """The scalar's span and its new text: the changed words written into it in its
    own style where that reads back as the value, else the whole value written anew
    (inside a flow collection, `[a, b]`, on one line, quoted unless it reads plain
    there)."""
    start, end = node.start_mark.index, node.end_mark.index
    if text[start:start + 1] in ("&", "!"):
        raise EditError("the value carries an anchor (&name) or a tag (!name), and an "
                        "anchored value may be used elsewhere (*name): change it in the "
                        "spec by hand", edit.path)
    source = text[start:end]
    style = node.style or ""
    if style in ("|", ">") and "+" not in text[start:text.find("\n", start)]:
        end = _block_end(text, start, end)
        source = text[start:end]
    surgery = _surgery(source, node.value, edit.value, style, _indent(text, start, style))
    if surgery is not None and style in ("|", ">") and not surgery.endswith("\n"):
        surgery = None  # the next line would join the block's last
    if surgery is not None and _reads_as(surgery, edit.value, flow):
        return start, end, surgery
    if surgery is not None and style == "":  # the same lines, in double quotes
        quoted = '"' + surgery.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if _reads_as(quoted, edit.value, flow):
            return start, end, quoted
    if flow:
        if "\n" in edit.value:
            raise EditError("the value stands in a list or mapping written on one line "
                            "([a, b]) and the new one has several lines: write it in the "
                            "spec by hand", edit.path)
        plain = style == "" and _reads_as(edit.value, edit.value, flow)
        return start, end, edit.value if plain else json.dumps(edit.value, ensure_ascii=False)
    if style in ("|", ">"):  # a block ends with its line: so does what replaces it
        anew = _written_anew(text, start, edit.value, style)
        return start, end, anew if anew.endswith("\n") else anew + "\n"
    if "\n" in edit.value.rstrip("\n"):
        return _as_block(text, start, end, edit.value, style)
    return start, end, _written_anew(text, start, edit.value, style)


def _as_block(text: str, start: int, end: int, value: str, style: str
              ) -> tuple[int, int, str]:
    """A value of several lines written as a literal block in place of the old value; a
    comment after the old value is kept after the block's `|`."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    if rest.strip() and not rest.lstrip().startswith("#"):
        return start, end, _written_anew(text, start, value, style)  # checked afterwards
    block = _written_anew(text, start, value, style)
    header, _, lines = block.partition("\n")
    return start, min(line_end + 1, len(text)), f"{header}{rest.rstrip()}\n{lines}"


def _block_end(text: str, start: int, end: int) -> int:
    """A block scalar's end without the blank lines after it, which YAML counts in."""
    last = len(text[start:end].rstrip()) + start
    newline = text.find("\n", last)
    return min(end, newline + 1) if newline >= 0 else end


def _indent(text: str, start: int, style: str) -> str:
    """The indentation of the value's continuation lines."""
    if style in ("|", ">"):
        line = text.find("\n", start) + 1
        match = re.match(r"[ ]*", text[line:])
        return match[0] if match else "  "
    line_start = text.rfind("\n", 0, start) + 1
    lead = len(text[line_start:start]) - len(text[line_start:start].lstrip(" -"))
    return " " * (lead + 2)


def _surgery(source: str, old: str, new: str, style: str, indent: str) -> str | None:
    """The value's source with the changed words replaced in place, or None where its
    characters cannot be followed."""
    spans = _spans(source, old, style, len(indent))
    if spans is None:
        return None
    result = source
    for edit in reversed(word_edits(old, new)):
        a = spans[edit.start][0] if edit.start < len(old) else _tail(spans, source, style)
        b = spans[edit.end - 1][1] if edit.end > edit.start else a
        line = result.rfind("\n", 0, a) + 1
        if not edit.text and result[b - 1:b] == "\n" and not result[line:a].strip():
            a = line  # a whole line deleted: its indentation too
        result = result[:a] + _encoded(edit.text, style, indent) + result[b:]
    return result


def _tail(spans: list[tuple[int, int]], source: str, style: str) -> int:
    if not spans:
        return len(source) - (1 if style in ("'", '"') else 0)
    return spans[-1][1]


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
            "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _spans(source: str, value: str, style: str, indent: int) -> list[tuple[int, int]] | None:
    """For each character of the value, where it stands in the scalar's source (a line
    break of the source, with the next line's indentation, for a space or line break
    of the value), or None where the source cannot be followed."""
    spans: list[tuple[int, int]] = []
    at = 1 if style in ("'", '"') else 0
    if style in ("|", ">"):
        at = _indented(source, source.find("\n") + 1, indent)
    for char in value:
        if style == '"':
            while (skip := re.match(r"\\\n[ \t]*", source[at:])) is not None:
                at += skip.end()  # an escaped line break: nothing
        if at >= len(source):
            return None
        end = _block_span(source, at, char, style, indent) if style in ("|", ">") else \
            _flow_span(source, at, char, style)
        if end is None:
            return None
        spans.append((at, end))
        at = end
    return spans


def _indented(source: str, at: int, indent: int) -> int:
    """Past at most `indent` spaces from `at`."""
    end = at
    while end < len(source) and end - at < indent and source[end] == " ":
        end += 1
    return end


def _block_span(source: str, at: int, char: str, style: str, indent: int) -> int | None:
    found = source[at]
    if found == "\n" and char == "\n":
        end = at + 1
        blank = re.match(r"[ ]*\n", source[end:])
        if style == ">" and blank:  # a folded block's line break is a blank line
            end += blank.end()
        return _indented(source, end, indent)
    if found == "\n" and char == " " and style == ">":
        return _indented(source, at + 1, indent)
    return at + 1 if found == char else None


def _flow_span(source: str, at: int, char: str, style: str) -> int | None:
    found = source[at]
    if char in " \n" and found in " \t\n":
        run = re.match(r"[ \t\n]+", source[at:])
        assert run is not None
        return at + run.end() if "\n" in run[0] else at + 1
    if style == "'" and char == "'" and source.startswith("''", at):
        return at + 2
    if style == '"' and found == "\\":
        length = _escape_length(source, at, char)
        return None if length is None else at + length
    return at + 1 if found == char else None


def _escape_length(source: str, at: int, char: str) -> int | None:
    code = source[at + 1:at + 2]
    if _ESCAPES.get(code) == char:
        return 2
    for letter, digits in (("x", 2), ("u", 4), ("U", 8)):
        if code == letter:
            try:
                if chr(int(source[at + 2:at + 2 + digits], 16)) == char:
                    return 2 + digits
            except ValueError:
                return None
    return None


def _encoded(words: str, style: str, indent: str) -> str:
    if style == "'":
        return words.replace("'", "''")
    if style == '"':
        return json.dumps(words, ensure_ascii=False)[1:-1]
    if style == "|":
        return words.replace("\n", "\n" + indent)
    if style == ">":  # a line break of a folded block is a blank line
        return words.replace("\n", "\n\n" + indent)
    return words


def _reads_as(scalar: str, value: str, flow: bool = False) -> bool:
    """Whether `scalar` (as written after a key, a block with its lines; or in a flow
    list) reads as `value`."""
    try:
        read = yaml.load(f"x: [{scalar}]" if flow else "x: " + scalar, Loader=Loader)
    except yaml.YAMLError:
        return False
    return isinstance(read, dict) and read.get("x") == ([value] if flow else value)


def _written_anew(text: str, start: int, value: str, style: str) -> str:
    """The whole value in the plainest style that reads as it: plain if it can stay
    so, else double-quoted; a multi-line value a literal block."""
    if "\n" in value.rstrip("\n") or (style in ("|", ">") and value.endswith("\n")):
        indent = _indent(text, start, "|" if style in ("|", ">") else "")
        chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else (
            "-" if not value.endswith("\n") else "+")
        lines = [indent + line if line else "" for line in value.rstrip("\n").split("\n")]
        return f"|{chomp}\n" + "\n".join(lines) + "\n"
    if style not in ("'", '"') and _plain_reads(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_reads(value: str) -> bool:
    try:
        return value.strip() == value and yaml.load("x: " + value, Loader=Loader) == {"x": value}
    except yaml.YAMLError:
        return False


def _comment_place(text: str, root: Any, path: KeyPath) -> int:
    """Where a comment on the key at `path` goes: the start of the line its key (or, for
    a list item, its `- `) is on."""
    if not path:
        return 0
    parent = _node(root, path[:-1])
    _node(root, path)  # the key is there
    if isinstance(parent, yaml.MappingNode):
        mark = next(k for k, _ in parent.value if k.value == path[-1]).start_mark
    else:
        mark = parent.value[path[-1]].start_mark
    return text.rfind("\n", 0, mark.index) + 1


def _comment(text: str, start: int, lines: Sequence[str]) -> str:
    line = text[start:text.find("\n", start) if "\n" in text[start:] else len(text)]
    return _comment_lines(line[:len(line) - len(line.lstrip(" "))], lines)


def _comment_lines(indent: str, lines: Sequence[str]) -> str:
    out = []
    width = max(88 - len(indent) - 2, 30)
    for comment in lines:
        wrapped = textwrap.wrap(comment, width=width, subsequent_indent="  ",
                                break_long_words=False, break_on_hyphens=False) or [""]
        out += [f"{indent}# {part}".rstrip() for part in wrapped]
    return "".join(part + "\n" for part in out)


def _verify(result: str, wanted: Any, edits: Sequence[Edit]) -> None:
    path = edits[0].path if edits else ()
    try:
        data = parse_yaml(result, Path("spec.yaml")).data
    except BriefError as exc:
        raise EditError(f"the edited spec would not read: {exc}", path) from None
    if data != wanted:
        items = [e for e in edits if isinstance(e, ItemEdit)]
        for edit in edits:
            if isinstance(edit, ValueEdit) and \
                    _found(data, shifted(edit.path, items)) != edit.value:
                raise EditError("the new value would not read back as written", edit.path)
        raise EditError("the edit would change other values of the spec", path)


def _found(data: Any, path: KeyPath) -> Any:
    try:
        return _get(data, path)
    except (KeyError, IndexError, TypeError):
        return None


# -- a new item of a list --------------------------------------------------------------

def _new_item(text: str, node: Any, edit: ItemEdit) -> tuple[int, str]:
    """Where the new item goes (after the last line of item `edit.after`) and its lines."""
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"`{format_key_path(edit.path)}` is not written as a list (a list "
                        "of one may be written as its one item): add the point in the spec "
                        "by hand", edit.path, line)
    if node.flow_style:
        raise EditError(f"the list `{format_key_path(edit.path)}` is written on one line "
                        "([a, b]): add the point in the spec by hand", edit.path, line)
    if not 0 <= edit.after < len(node.value):
        raise EditError(f"the spec has no {format_key_path((*edit.path, edit.after))}",
                        edit.path, line)
    item = node.value[edit.after]
    if not isinstance(item, yaml.MappingNode) or item.flow_style:
        raise EditError(f"{format_key_path((*edit.path, edit.after))} is not written as a "
                        "block of keys (`- text: …`): add the point in the spec by hand",
                        edit.path, item.start_mark.line + 1)
    if _anchored(text, node):
        raise EditError(f"the list `{format_key_path(edit.path)}` carries an anchor (&name) "
                        "or an alias (*name), which other keys may share: add the point in "
                        "the spec by hand", edit.path, line)
    dash = text.rfind("-", 0, item.start_mark.index)
    line_start = text.rfind("\n", 0, dash) + 1
    if dash < 0 or text[line_start:dash].strip(" ") or \
            text[dash + 1:item.start_mark.index].strip(" \n"):
        raise EditError(f"{format_key_path((*edit.path, edit.after))} is not written as "
                        "`- key: value`: add the point in the spec by hand", edit.path,
                        item.start_mark.line + 1)
    column = dash - line_start
    gap = max(item.start_mark.column - column - 1, 1)
    value = _item_text(edit.text, node)
    newline = _item_end(text, _content_end(text, item), column)
    written = _comment_lines(" " * column, edit.comment) if edit.comment else ""
    written += " " * column + "-" + " " * gap + f"text: {value}\n"
    if newline < 0:
        return len(text), "\n" + written
    return newline + 1, written


def _anchored(text: str, node: Any) -> bool:
    """Whether an anchor or alias stands on the list or anywhere in it."""
    start, end = node.start_mark.index, node.end_mark.index
    try:
        return any(isinstance(token, yaml.AnchorToken | yaml.AliasToken)
                   and start <= token.start_mark.index < end
                   for token in yaml.scan(text, Loader=Loader))
    except yaml.YAMLError:
        return True


def _item_end(text: str, end: int, column: int) -> int:
    """The newline ending an item whose own text ends at `end`, past the comment lines
    indented under it (a passage commented out stays with its point)."""
    newline = text.find("\n", end)
    while newline >= 0:
        following = text.find("\n", newline + 1)
        line = text[newline + 1:following if following >= 0 else len(text)]
        if not (line.lstrip(" ").startswith("#") and len(line) - len(line.lstrip(" ")) > column):
            break
        newline = following
    return newline


def _content_end(text: str, node: Any) -> int:
    """The end of the last character of `node`'s own text (not the blank lines or
    comments after it, which YAML may count in)."""
    ends = [n.end_mark.index for n in _nodes(node) if isinstance(n, yaml.ScalarNode)
            or n.flow_style]  # a block collection's end is the next token's start
    return len(text[:max(ends, default=node.start_mark.index)].rstrip())


def _nodes(node: Any) -> list[Any]:
    out = [node]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += [key, *_nodes(value)]
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            out += _nodes(value)
    return out


def _item_text(value: str, node: Any) -> str:
    """`value` as the list's other items write their `text`: plain where it reads so
    (unless they all quote theirs), else in their quotes (by default double quotes, or
    single where they spare a backslash)."""
    styles = [v.style or "" for item in node.value if isinstance(item, yaml.MappingNode)
              for k, v in item.value if k.value == "text" and isinstance(v, yaml.ScalarNode)
              and (v.style or "") in ("", "'", '"')]
    single, double = styles.count("'"), styles.count('"')
    quote = "'" if single > double or (single == double and ("\\" in value or '"' in value)
                                       ) else '"'
    if (not styles or "" in styles) and _plain_reads(value):
        return value
    if quote == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _insert_items(data: Any, items: Sequence[ItemEdit]) -> None:
    """The new items in the data the edited spec should read as."""
    by_place: dict[tuple[KeyPath, int], list[str]] = {}
    for edit in items:
        by_place.setdefault((edit.path, edit.after), []).append(edit.text)
    for (path, after), texts in sorted(by_place.items(), key=lambda p: -p[0][1]):
        _get(data, path)[after + 1:after + 1] = [{"text": t} for t in texts]
