"""Read a spec file into the spec classes, as far as it can be read: every value that is
not as the format asks is reported at its line, and the rest is still read and checked."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any, Literal

from ..dates import DateProblem, PartialDate
from ..errors import BriefError, BriefErrors, BriefWarning, SpecError, SpecWarning, Where
from ..files import project_root
from ..markdown_text import link_allowed, markdown_problem_at
from ..schema import did_you_mean, keys, nearest_choice, type_hints
from ..text import check_text
from ..yamlfile import KeyPath, YamlDocument, describe, load_yaml
from .checks import check_meaning
from .schema import BriefingSpec, SourceSpec
from .sourcing import read_library, with_library


def read_spec(path: Path, root: Path | None = None
              ) -> tuple[BriefingSpec, list[BriefError], list[BriefWarning]]:
    """Read the spec at `path` as far as it can be read, and check it: return the spec
    (values that are wrong replaced by their defaults, and listed in `invalid`; the
    sources it takes from the project's library added), every problem found, and the
    warnings about text changed to be shown (a line break pasted from Word). Raise
    `SpecError` only when nothing can be checked: the file is missing, is not YAML, is
    empty, or is not a mapping, or the project's library (in `root`, else the root
    found from the spec's folder) cannot be read."""
    path = Path(path)
    document = load_yaml(path)
    if document.data is None:
        raise SpecError(
            "the spec is empty",
            document.where(()),
            hint="a spec needs at least `title`, `bluf`, `sources` and `sections`; "
            "see docs/spec.md",
        )
    reader = Reader(document)
    library = None
    if isinstance(document.data, dict):
        library = read_library(project_root(path.parent, root), Reader)
        reader.library_ids = frozenset(library.entries) if library is not None else None
    spec = reader.read(BriefingSpec, document.data, ())
    if spec is None:
        raise BriefErrors(reader.errors)
    spec = dataclasses.replace(spec, path=path.resolve(), document=document)
    spec = with_library(spec, reader, library)
    spec = dataclasses.replace(spec, invalid=frozenset(reader.invalid),
                               library_inputs=tuple(library.inputs) if library else ())
    check_meaning(spec, reader)  # may find more values invalid: passages not to resolve
    return (dataclasses.replace(spec, invalid=frozenset(reader.invalid)), reader.errors,
            reader.warnings)


def load_spec(path: Path) -> BriefingSpec:
    """Read and check the spec at `path`; raise `BriefErrors` listing every problem."""
    spec, errors, _ = read_spec(path)
    if errors:
        raise BriefErrors(errors)
    return spec


class Reader:
    """Reads YAML data into spec dataclasses, collecting errors instead of stopping.

    A value that cannot be read is reported, its key path is added to `invalid`, and its
    field takes its default (or an empty value, if it has none), so that the rest of the
    spec is still read and checked.
    """

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.errors: list[BriefError] = []
        self.warnings: list[BriefWarning] = []
        self.invalid: set[KeyPath] = set()
        # The ids of the project's library (None: the project keeps none), which a
        # spec's `sources` may list, or name without keys.
        self.library_ids: frozenset[str] | None = None
        data = document.data if isinstance(document.data, dict) else {}
        self.language = str(data.get("language") or "en")

    def fail(self, message: str, path: KeyPath, *, at_key: bool = False,
             hint: str | None = None) -> None:
        self.errors.append(SpecError(message, self.document.where(path, at_key=at_key),
                                     hint=hint))

    def _line_of(self, path: KeyPath, address: str | None) -> Where:
        """The place of the value at `path`, or of the line within it that holds the link
        or image `address` (a Markdown image in a block of text, reported at its own
        line), where the spec's text holds it as written."""
        where = self.document.where(path)
        if not address or where.line is None:
            return where
        lines = self.document.text.splitlines()
        needle = f"]({address}"
        key = self.document.where(path, at_key=True)
        indent = (key.column or 1) - 1 if key.line is not None else 0
        for number in range(where.line - 1, len(lines)):
            column = lines[number].find(needle)
            if column >= 0:
                start = max(lines[number].rfind("[", 0, column), 0)
                start -= 1 if lines[number][start - 1:start] == "!" else 0  # an image's
                return Where(where.file, number + 1, start + 1, where.key)
            text = lines[number]
            if number > where.line - 1 and text.strip() and \
                    len(text) - len(text.lstrip()) <= indent:
                break  # past the value: the next key of the spec
        return where

    def read(self, cls: type, value: Any, path: KeyPath) -> Any:
        """Read a mapping into dataclass `cls`; return None when it is not a mapping."""
        if not isinstance(value, dict):
            what = "the spec" if not path else "this key"
            self.fail(f"expected {what} to be a mapping of keys, found {describe(value)}",
                      path)
            self.invalid.add(path)
            return None
        hints = type_hints(cls)
        known = dict(keys(cls))
        misspelt = set()  # keys the user probably meant by an unknown key
        for name in value:
            if name not in known:
                misspelt.add(self._unknown_key(name, list(known), path, cls))
        kwargs: dict[str, Any] = {}
        for name, fld in known.items():
            child = (*path, name)
            required = fld.default is dataclasses.MISSING
            if name not in value or value[name] is None:
                if required:
                    if name in value:
                        self.fail(f"'{name}' is empty; {fld.metadata['doc']}", child)
                    elif name not in misspelt:
                        self.fail(f"missing required key '{name}': {fld.metadata['doc']}",
                                  path)
                    self.invalid.add(child)
                    kwargs[fld.name] = _empty(hints[fld.name])
                continue
            converted = self._convert(hints[fld.name], value[name], child, fld)
            if converted is _INVALID:
                self.invalid.add(child)
                if required:
                    kwargs[fld.name] = _empty(hints[fld.name])
            else:
                kwargs[fld.name] = converted
        if "key_path" in hints:
            kwargs["key_path"] = path
        return cls(**kwargs)

    def _unknown_key(self, name: Any, known: list[str], path: KeyPath,
                     cls: type) -> str | None:
        """Report an unknown key; return the known key it is probably a misspelling of."""
        close = nearest_choice(name, known)
        message = f"unknown key '{name}' {_PLACE_NAMES[cls.__name__]}"
        if close:
            message += f"; did you mean '{close}'?"
        self.fail(message, (*path, name), at_key=True,
                  hint=f"the keys allowed here are: {', '.join(known)}")
        return close

    def _convert(self, hint: Any, value: Any, path: KeyPath,
                 fld: dataclasses.Field[Any] | None = None) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):  # X | None: None handled by caller
            (inner,) = [a for a in args if a is not type(None)]
            return self._convert(inner, value, path, fld)
        if hint is object:  # raw YAML, read by its own reader (a chart's inline data)
            return value
        if hint in (str, PartialDate, int, bool):
            return self._scalar(hint, value, path, fld)
        if origin is Literal:
            return self._choice(args, value, path, fld)
        if origin is tuple:
            return self._list(args[0], value, path, fld)
        if origin is dict:
            return self._mapping(args[1], value, path)
        if dataclasses.is_dataclass(hint):
            if isinstance(value, str) and fld is not None and fld.metadata.get("text_ok"):
                value = {"text": value}
            result = self.read(hint, value, path)  # type: ignore[arg-type]
            return _INVALID if result is None else result
        raise TypeError(f"spec type not supported: {hint!r}")  # a bug in brief, not input

    def _scalar(self, hint: Any, value: Any, path: KeyPath,
                fld: dataclasses.Field[Any] | None) -> Any:
        """Text, a date, a whole number or a yes/no value."""
        if hint is str:
            if isinstance(value, str):
                return self._text(value, path, fld)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return str(value)
            self.fail(f"expected text, found {describe(value)}", path,
                      hint="put text in quotes if YAML reads it as something else")
            return _INVALID
        if hint is PartialDate:
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                try:
                    return PartialDate.parse(str(value), self.language)
                except DateProblem as problem:
                    self.fail(problem.message, path, hint=problem.fix)
                    return _INVALID
            self.fail(f"expected a date, found {describe(value)}", path,
                      hint="write it as 2022-03-25, 25 March 2022 or March 2022")
            return _INVALID
        if hint is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            self.fail(f"expected a whole number, found {describe(value)}", path)
            return _INVALID
        if isinstance(value, bool):
            return value
        self.fail(f"expected true or false, found {describe(value)}", path)
        return _INVALID

    def _choice(self, choices: tuple[Any, ...], value: Any, path: KeyPath,
                fld: dataclasses.Field[Any] | None) -> Any:
        """One of a `Literal`'s values."""
        if value in choices and not isinstance(value, bool):
            return value
        listed = ", ".join(str(a) for a in choices)
        guess = did_you_mean(value, choices,
                             also=fld.metadata.get("also") if fld is not None else None)
        self.fail(f"expected one of {listed}, found {describe(value)}{guess}", path,
                  hint=fld.metadata.get("hint") if fld is not None else None)
        return _INVALID

    def _list(self, item_hint: Any, value: Any, path: KeyPath,
              fld: dataclasses.Field[Any] | None) -> Any:
        """A list (one item alone, where the key allows it), read item by item."""
        if isinstance(value, str) and fld is not None and fld.metadata.get("single_ok"):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"expected a list, found {describe(value)}", path,
                      hint="write each item on its own line starting with '- '")
            return _INVALID
        items = []
        for index, item in enumerate(value):
            converted = self._convert(item_hint, item, (*path, index), fld)
            if converted is _INVALID or converted is None:
                self.invalid.add((*path, index))
            else:
                items.append(converted)
        return tuple(items)

    def _mapping(self, value_hint: Any, value: Any, path: KeyPath) -> Any:
        """A mapping of ids to values (the sources), read value by value."""
        if isinstance(value, list) and value_hint is SourceSpec:
            return self._library_list(value, path)
        if not isinstance(value, dict):
            self.fail(f"expected a mapping of keys, found {describe(value)}", path)
            return _INVALID
        result = {}
        for item_key, item in value.items():
            if item is None and value_hint is SourceSpec and self.library_ids is not None:
                result[str(item_key)] = SourceSpec(id=str(item_key),
                                                   key_path=(*path, item_key))
                continue  # the library's source as it is
            converted = self._convert(value_hint, item, (*path, item_key))
            if converted is _INVALID or converted is None:
                self.invalid.add((*path, item_key))
                continue
            if isinstance(converted, SourceSpec):
                converted = dataclasses.replace(converted, id=str(item_key))
            result[str(item_key)] = converted
        return result

    def _library_list(self, value: list[Any], path: KeyPath) -> Any:
        """`sources` as a list of the library's ids, each taken as the library gives it."""
        if self.library_ids is None:
            self.fail("expected a mapping of ids to sources, found a list: a list of ids "
                      "takes the sources from the project's library, and this project "
                      "keeps none", path, hint="give each source's keys under its id, or "
                      "keep the sources in sources.yaml at the project's root (see "
                      "docs/spec.md, \"The source library\")")
            return _INVALID
        result = {}
        for index, item in enumerate(value):
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                result[str(item)] = SourceSpec(id=str(item), key_path=(*path, index))
            else:
                self.fail(f"expected the id of a source of the library, found "
                          f"{describe(item)}", (*path, index))
                self.invalid.add((*path, index))
        return result

    def _text(self, value: str, path: KeyPath, fld: dataclasses.Field[Any] | None) -> Any:
        """A text value as every format can hold it (see `brief.text`); Markdown that can
        be shown, with links only to web and mail addresses."""
        meta = fld.metadata if fld is not None else {}
        markdown = bool(meta.get("markdown"))
        checked = check_text(value, multiline=markdown or bool(meta.get("verbatim")),
                             markdown=markdown)
        if checked.problem:
            self.fail(checked.problem, path, hint="delete the character: it comes from "
                      "copying out of another program, and no reader would see it")
            return _INVALID
        if checked.changed:
            self.warnings.append(SpecWarning(checked.changed,
                                             self.document.where(path)))
        problem, address = markdown_problem_at(checked.text) if markdown else (None, None)
        if meta.get("link") and not link_allowed(checked.text):
            problem = (f"{checked.text!r} is not a web address: a source's `url` is an http "
                       "or https address")
        if problem:
            self.errors.append(SpecError(
                problem, self._line_of(path, address),
                hint="write a link as [words](https://address)" if "link" in problem
                else None))
            return _INVALID
        return checked.text


def _empty(hint: Any) -> Any:
    """The stand-in for a required value that could not be read."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    return "" if hint is str else None


_INVALID = object()
_PLACE_NAMES = {
    "BriefingSpec": "at the top level of the spec", "SourceSpec": "in a source",
    "MemoHeader": "in memo", "SectionSpec": "in a section", "PointSpec": "in a point",
    "PassageSpec": "in a passage", "KeyJudgmentSpec": "in a key judgment",
    "DistributionSpec": "in distribution", "DecisionSpec": "in decision_requested",
    "ReleaseSpec": "in a release",
    "FigureSpec": "in a figure", "ChartSpec": "in a chart",
}
