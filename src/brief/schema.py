"""One way to declare the keys of a YAML file brief reads, and to document them.

A file's keys are the fields of a frozen dataclass, each declared with `key()`: its YAML
name, the sentence that documents it, its default, and what its reader needs to know
(the spec's reader: whether text is Markdown, whether a list may be given as its one item;
a template's settings: the rule a value must pass and the message when it does not).
Three files are declared so: the briefing spec (`brief.spec`), a template's
`template.yaml` (`brief.templates.Template`) and its design tokens
(`brief.templates.style.Style`). Their readers take the keys, names and defaults from
here, and the reference tables of docs/ are made from them (`reference_table`), so the
code, its defaults and the documentation cannot drift apart: `scripts/update_spec_docs.py`
rewrites every table and `tests/test_docs.py` fails while one is stale.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .dates import PartialDate


def key(doc: str, *, name: str | None = None, default: Any = dataclasses.MISSING,
        values: str | None = None, shown_default: str | None = None,
        kw_only: bool = False, **reading: Any) -> Any:
    """Declare a key: the sentence that documents it, its YAML `name` (the field's name
    if not given: `from` is a Python keyword) and its `default` (none: the key is
    required). For the docs: `values`, the values it takes, where its type does not say
    (a rule such as "a whole number of pages"); `shown_default`, the default as the docs
    give it, where the value itself does not say it ("all", "the folder's name").
    `reading`: what the file's reader needs to know, kept in the field's metadata (see
    `brief.spec.key` and `brief.templates.setting`). `kw_only`: a key with a default
    declared before required ones (the class is then built with keywords only)."""
    metadata = {"doc": doc, "key": name, "values": values, "shown_default": shown_default,
                **reading}
    if default is dataclasses.MISSING:
        return field(metadata=metadata)
    if kw_only:  # a key with a default declared among required ones
        return field(default=default, metadata=metadata, kw_only=True)
    return field(default=default, metadata=metadata)


def internal(default: Any = (), *, compare: bool = False) -> Any:
    """Declare a field that is filled in by the file's reader, not read from YAML: left out
    of comparisons and repr (a key path, the document read) unless `compare` (what belongs
    to the value, such as a template's folders); `dataclasses.MISSING`: no default."""
    return field(default=default, metadata={"internal": True}, compare=compare,
                 repr=compare)


@functools.cache
def keys(cls: type) -> list[tuple[str, dataclasses.Field[Any]]]:
    """Return the YAML keys of a schema class with their fields, in declaration order."""
    return [
        (f.metadata.get("key") or f.name, f)
        for f in dataclasses.fields(cls)
        if not f.metadata.get("internal")
    ]


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """A schema class's field types (worked out once: a spec reads thousands of objects)."""
    return typing.get_type_hints(cls)


def required(fld: dataclasses.Field[Any]) -> bool:
    """Whether a key must be given: it has no default."""
    return fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING


def nearest_choice(value: Any, choices: Iterable[Any], cutoff: float = 0.6,
                   also: Mapping[str, str] | None = None) -> str | None:
    """The one of `choices` (a closed vocabulary: a key's values, a scale's terms) that
    `value` is most probably a misspelling of, case and spacing aside, or means (`also`:
    other words for a choice, `medium` for `moderate`); None where none is near. The one
    way every reader finds its "did you mean"."""
    def folded(text: Any) -> str:
        return " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())

    by_form: dict[str, str] = {}
    for choice in choices:
        by_form.setdefault(folded(choice), str(choice))
    for word, choice in (also or {}).items():
        by_form.setdefault(folded(word), choice)
    close = difflib.get_close_matches(folded(value), list(by_form), n=1, cutoff=cutoff)
    return by_form[close[0]] if close else None


def did_you_mean(value: Any, choices: Iterable[Any], cutoff: float = 0.6,
                 also: Mapping[str, str] | None = None) -> str:
    """`; did you mean 'x'?` for the choice nearest `value` (see `nearest_choice`), or
    nothing."""
    close = nearest_choice(value, choices, cutoff, also)
    return f"; did you mean '{close}'?" if close is not None else ""


_TYPE_NAMES = {str: "text", int: "number", bool: "true/false", PartialDate: "date"}


def type_name(hint: Any, fld: dataclasses.Field[Any],
              titles: Mapping[str, str] | None = None) -> str:
    """What a key holds, as the docs say it: `text`, `` `a` \\| `b` ``, `list of ...`, or a
    link to the table of the class it holds (named in `titles`)."""
    if fld.metadata.get("values"):
        return str(fld.metadata["values"])
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in args if a is not type(None)]
        return type_name(inner, fld, titles)
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is tuple:
        item = type_name(args[0], fld, titles)
        return f"list of {item}" + (" (or one)" if fld.metadata.get("single_ok") else "")
    if origin is dict:
        return f"mapping of id to {type_name(args[1], fld, titles)}"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint is not PartialDate:
        title = (titles or {})[hint.__name__]
        text_ok = " (or its text alone)" if fld.metadata.get("text_ok") else ""
        return f"[{title}](#{title.lower().replace(' ', '-')}){text_ok}"
    name = _TYPE_NAMES[hint]
    return "Markdown" if fld.metadata.get("markdown") else name


def shown_value(value: Any) -> str:
    """A default as it is written in YAML: `true`, `80`, `[a, b]`, `"#1a1a1a"`."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(shown_value(v) for v in value) + "]"
    if isinstance(value, str) and (not value or value[0] in "#[{&*!|>'\"%@`"):
        return f'"{value}"'
    return str(value)


@dataclass(frozen=True)
class Columns:
    """The columns of a reference table: the heading of its first (the key) and of the
    values each key takes (none: no such column), whether it has a `required` column, and
    how a default is shown."""

    key: str = "key"
    type: str | None = "type"
    required: bool = True
    default: Callable[[Any], str] = str
    empty: tuple[Any, ...] = (None, ())  # defaults shown as an empty cell (or `none`)
    none: str = ""


def reference_table(cls: type, columns: Columns = Columns(),
                    titles: Mapping[str, str] | None = None) -> str:
    """The Markdown table of a schema class's keys: each key's name, what it holds,
    whether it is required, its default and its documentation."""
    hints = type_hints(cls)
    heads = [columns.key, *([columns.type] if columns.type else []),
             *(["required"] if columns.required else []), "default", "meaning"]
    out = ["| " + " | ".join(heads) + " |", "|" + " --- |" * len(heads)]
    for name, fld in keys(cls):
        must = required(fld)
        if fld.metadata.get("shown_default"):
            default = str(fld.metadata["shown_default"])
        elif must or fld.default in columns.empty:
            default = "" if must else columns.none
        else:
            default = f"`{columns.default(fld.default)}`"
        cells = [f"`{name}`",
                 *([type_name(hints[fld.name], fld, titles)] if columns.type else []),
                 *(["yes" if must else ""] if columns.required else []), default,
                 fld.metadata["doc"]]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class DocTable:
    """A table of docs/ made from a schema: the file, the name of its markers and the
    function that makes it. The table stands between `<!-- NAME:start ... -->` and
    `<!-- NAME:end -->`."""

    doc: str  # relative to the repository
    name: str
    make: Callable[[], str]

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(<!-- {re.escape(self.name)}:start[^>]*-->\n)(.*?)"
                          rf"(<!-- {re.escape(self.name)}:end -->)", re.DOTALL)

    def written(self, repo: Path) -> str | None:
        """The table as docs/ has it now (None: the markers are missing)."""
        match = self.pattern.search((repo / self.doc).read_text(encoding="utf-8"))
        return match[2] if match else None

    def update(self, repo: Path) -> bool:
        """Rewrite the table in its file; return whether it changed."""
        path = repo / self.doc
        text = path.read_text(encoding="utf-8")
        if not self.pattern.search(text):
            raise ValueError(f"{self.doc} has no <!-- {self.name}:start --> marker")
        table = self.make()
        new = self.pattern.sub(lambda m: m[1] + table + m[3], text)
        if new != text:
            path.write_text(new, encoding="utf-8")
        return new != text
