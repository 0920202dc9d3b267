"""The project's source library: the sources a project keeps in one file, so that a spec
cites `source: wolff-2022` without typing the source in again.

The library is `sources.yaml` at the project's root (a mapping of id to a source entry,
with the keys of a spec's `sources` entry, `file` relative to the library), or a file
exported from Zotero: CSL-JSON (`sources.json`), BibTeX (`sources.bib`) or RIS
(`sources.ris`); `library:` in the project's `brief.yaml` may name another file. Beside
an export, `sources.yaml` adds to its entries, id by id, what the export cannot carry
(the grade, the assessment, the file): exported again, the library keeps them.

Every format is read into a `YamlDocument` whose data is the YAML library's (id to a
mapping of a source's keys) and whose marks are the lines of the file read, so that one
reader (`spec.reader`) reads every library, and every problem is reported at its line.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SpecError, Where
from ..files import InputFile, inside, is_file, read_input
from ..schema import keys
from ..yamlfile import KeyPath, YamlDocument, describe, load_yaml
from .schema import SourceSpec

SIDE_FILE = "sources.yaml"
EXPORTS = ("sources.json", "sources.bib", "sources.ris")
_NAMES = (SIDE_FILE, "sources.yml", *EXPORTS)
_ID = re.compile(r"[A-Za-z0-9][\w.-]*")
# Lines of a Zotero item's `extra` field (a note, in an export) that brief reads.
_EXTRA = re.compile(r"^\s*(reliability|assessment|cite_as|file)\s*:\s*(.*?)\s*$",
                    re.IGNORECASE | re.MULTILINE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
           "dec")


@dataclass(frozen=True)
class LibraryFile:
    """One file of the library, read: its document (data: id to a source's keys)."""

    path: Path
    document: YamlDocument


def library_candidates(root: Path) -> list[Path]:
    """The files that hold or name a project's library where they exist (for a watcher:
    creating one changes what a build reads)."""
    return [(root / name).resolve() for name in ("brief.yaml", *_NAMES)
            if is_file(root / name)]


def library_paths(root: Path) -> tuple[list[Path], InputFile | None]:
    """The files of the project's library, in the order they are read (an export first,
    then `sources.yaml`, whose entries add to the export's), none where the project keeps
    no library; and `brief.yaml` as read, where it names the library. Raise `SpecError`
    where `brief.yaml` names a file that is missing or outside the project, or where the
    project holds two exports."""
    named, settings = _named_in_settings(root)
    return _paths(root, named), settings


def _paths(root: Path, named: Path | None) -> list[Path]:
    found = [root / name for name in _NAMES if is_file(root / name)]
    if named is not None:
        side = [p for p in found if p.name in (SIDE_FILE, "sources.yml")
                and p.resolve() != named]
        return [named, *side] if named.suffix.lower() in (".json", ".bib", ".ris") \
            else [named]
    exports = [p for p in found if p.name in EXPORTS]
    if len(exports) > 1:
        raise SpecError(
            f"the project holds two source libraries, {exports[0].name} and "
            f"{exports[1].name}: brief reads one", Where(exports[1]),
            hint="delete one, or name the one to read with `library:` in brief.yaml")
    yaml_files = [p for p in found if p.suffix.lower() in (".yaml", ".yml")]
    if len(yaml_files) > 1:
        raise SpecError("the project holds both sources.yaml and sources.yml: brief reads "
                        "one", Where(yaml_files[1]), hint="merge them into sources.yaml")
    return [*exports, *yaml_files]


def _named_in_settings(root: Path) -> tuple[Path | None, InputFile | None]:
    """The library `brief.yaml` names with `library:`, if it names one, and brief.yaml."""
    settings = root / "brief.yaml"
    if not is_file(settings):
        return None, None
    document = load_yaml(settings, "brief.yaml", kind="template")
    data = document.data
    if data is None or not isinstance(data, dict) or data.get("library") is None:
        return None, None
    value = data["library"]
    where = document.where(("library",))
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"expected the library's file name, found {describe(value)}", where,
                        hint="write `library: sources.bib` (relative to brief.yaml)")
    path = root / value
    if not inside(path, [root]):
        raise SpecError(f"the source library {value} is outside the project ({root}): "
                        "brief reads only files inside it", where,
                        hint="keep the library in the project's folder")
    if path.suffix.lower() not in (".yaml", ".yml", ".json", ".bib", ".ris"):
        raise SpecError(f"brief cannot read {value} as a source library: it reads YAML "
                        "(.yaml), CSL-JSON (.json), BibTeX (.bib) or RIS (.ris)", where)
    if not is_file(path):
        raise SpecError(f"the source library {value} is not there", where,
                        hint="export it from Zotero to that name, or correct `library:`")
    return path.resolve(), document.file


def read_library_file(path: Path, root: Path) -> LibraryFile:
    """Read one library file into a document of id to a source's keys; raise `SpecError`
    at its line where it cannot be read at all."""
    if not inside(path, [root]):
        raise SpecError(f"the source library {path.name} is outside the project ({root}) "
                        "(a link?): brief reads only files inside it", Where(path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        document = load_yaml(path, "source library", kind="library")
        if document.data is None:
            document.data = {}
        if not isinstance(document.data, dict):
            raise SpecError(f"expected the source library to be a mapping of ids to "
                            f"sources, found {describe(document.data)}", document.where(()),
                            hint="write each source as `wolff-2022:` followed by its keys, "
                            "indented (see docs/spec.md, \"The source library\")")
        return LibraryFile(path, document)
    raw = _raw(path)
    key = (str(path), hashlib.sha256(raw).hexdigest())
    if key in _EXPORTS_READ:
        return _EXPORTS_READ[key]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(f"the source library is not UTF-8 text: byte 0x{raw[exc.start]:02x} "
                        "cannot be decoded", Where(path, raw.count(b"\n", 0, exc.start) + 1),
                        hint="export it again from Zotero with the UTF-8 character set"
                        ) from None
    reader = {".json": _csl_json, ".bib": _bibtex, ".ris": _ris}[suffix]
    document = reader(text, path)
    document.file = InputFile(path, raw)
    _EXPORTS_READ.clear()  # one library a project: the last read is kept
    _EXPORTS_READ[key] = LibraryFile(path, document)
    return _EXPORTS_READ[key]


# The export read last, by its path and SHA-256: a batch of specs, or `brief check` of a
# folder, reads a library of thousands of items once.
_EXPORTS_READ: dict[tuple[str, str], LibraryFile] = {}


def _raw(path: Path) -> bytes:
    try:
        return read_input(path, "library", Where(path), SpecError, "source library")
    except FileNotFoundError:
        raise SpecError(f"the source library is not there: {path}", Where(path)) from None


class _Entries:
    """A library document being made: each entry's keys and the lines they stand at."""

    def __init__(self, path: Path, text: str) -> None:
        self.document = YamlDocument(path, {}, text)
        self.made: dict[str, int] = {}  # ids made from each author and year, counted

    def add(self, wanted_id: str | None, line: int, fields: dict[str, tuple[Any, int]],
            ) -> None:
        """Add an entry (its id made from its first author and year where it has none
        fit for a spec) with its keys and their lines."""
        entry_id = wanted_id if wanted_id and _ID.fullmatch(wanted_id) else \
            self._made_id(fields)
        fields = _declared(fields)
        path: KeyPath = (entry_id,)
        self.document.data[entry_id] = {k: v for k, (v, _) in fields.items()}
        self.document.value_marks[path] = self.document.key_marks[path] = (line, 1)
        for name, (_, at) in fields.items():
            self.document.value_marks[(*path, name)] = (at, 1)
            self.document.key_marks[(*path, name)] = (at, 1)

    def _made_id(self, fields: dict[str, tuple[Any, int]]) -> str:
        authors = fields.get("authors", ((), 0))[0]
        first = authors[0] if authors else fields.get("title", ("source", 0))[0]
        word = re.sub(r"[^a-z0-9]+", "", str(first).split()[-1].lower()) or "source"
        year = re.match(r"\d{4}", str(fields.get("date", ("", 0))[0]))
        base = f"{word}-{year[0]}" if year else word
        count = self.made.get(base, 0)
        made = base
        while made in self.document.data:
            count += 1
            made = f"{base}{_letters(count)}"
        self.made[base] = count
        return made


def _declared(fields: dict[str, tuple[Any, int]]) -> dict[str, tuple[Any, int]]:
    """An item's details that a source's keys hold: the journal or site (`container`),
    the CSL type, the access date and the language where the spec format has those keys,
    else the journal or site as its `publisher` where it names none."""
    declared = {name for name, _ in keys(SourceSpec)}
    if "container" in fields and "container" not in declared:
        fields.setdefault("publisher", fields["container"])
    return {name: value for name, value in fields.items() if name in declared}


# The item types of a source's `type`, from each format's own.
_TYPES = {"article-newspaper": "article-newspaper", "article-journal": "article-journal",
          "webpage": "webpage", "post-weblog": "webpage", "report": "report",
          "book": "book", "article": "article-journal", "online": "webpage",
          "techreport": "report", "NEWS": "article-newspaper", "JOUR": "article-journal",
          "ELEC": "webpage", "BLOG": "webpage", "RPRT": "report", "BOOK": "book"}


def _letters(count: int) -> str:
    """`b` for 1, `c` for 2, ... `z`, then `ba`...: the letters after a made id."""
    letters = ""
    count += 1
    while count:
        count, digit = divmod(count, 26)
        letters = chr(ord("a") + digit) + letters
    return letters


def _from_note(note: str, line: int, fields: dict[str, tuple[Any, int]]) -> None:
    """The grade, assessment, short form and file an item's `extra` (or note) gives, one
    `key: value` a line (`reliability: B`)."""
    for match in _EXTRA.finditer(note):
        fields.setdefault(match[1].lower(), (match[2], line + note.count("\n", 0,
                                                                           match.start())))


class _LineFinder:
    """The line of an offset in a text, found by bisection (a library of thousands of
    items is read in one pass, not in one pass per value)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [match.start() for match in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self.ends, offset) + 1


_FINDERS: dict[int, _LineFinder] = {}


def _line_at(text: str, offset: int) -> int:
    """The 1-based line of `offset` in `text` (the text being read)."""
    finder = _FINDERS.get(id(text))
    if finder is None or finder.text is not text:
        _FINDERS.clear()
        finder = _FINDERS[id(text)] = _LineFinder(text)
    return finder(offset)


# CSL-JSON, as Zotero exports it: a list of items.


def _csl_json(text: str, path: Path) -> YamlDocument:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(f"the source library is not JSON: {exc.msg}",
                        Where(path, exc.lineno, exc.colno),
                        hint="export it again from Zotero (CSL JSON)") from None
    except RecursionError:
        raise SpecError("the source library nests lists or objects too deeply to be a "
                        "CSL-JSON library", Where(path, 1),
                        hint="export it again from Zotero (CSL JSON)") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SpecError("expected a CSL-JSON library: a list of items", Where(path, 1),
                        hint="export it from Zotero as CSL JSON")
    entries = _Entries(path, text)
    start = 0
    for item in items:
        found = text.find('"id"', start)
        start = found + 1 if found >= 0 else start
        line = _line_at(text, found) if found >= 0 else 1
        fields: dict[str, tuple[Any, int]] = {}
        for name, value in _csl_fields(item):
            fields[name] = (value, _key_line(text, found, item, name, line))
        _from_note(str(item.get("note") or ""), line, fields)
        wanted = item.get("citation-key") or item.get("id")
        entries.add(str(wanted) if wanted is not None else None, line, fields)
    return entries.document


_CSL_KEYS = {"title": "title", "authors": "author", "publisher": "publisher",
             "date": "issued", "url": "URL", "file": "file", "container": "container-title",
             "type": "type", "accessed": "accessed", "language": "language"}


def _key_line(text: str, start: int, item: dict[str, Any], name: str, line: int) -> int:
    """The line of an item's key, looked for after its `id` (else the id's line)."""
    found = text.find(f'"{_CSL_KEYS.get(name, name)}"', max(start, 0))
    return _line_at(text, found) if found >= 0 else line


def _csl_fields(item: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if item.get("title"):
        yield "title", item["title"]
    names = [_csl_name(n) for n in item.get("author") or [] if isinstance(n, dict)]
    if names:
        yield "authors", [n for n in names if n]
    for name, key in (("publisher", "publisher"), ("container", "container-title"),
                      ("url", "URL"), ("file", "file"), ("language", "language")):
        if item.get(key):
            yield name, item[key]
    if item.get("type") in _TYPES:
        yield "type", _TYPES[item["type"]]
    for name, key in (("date", "issued"), ("accessed", "accessed")):
        date = _csl_date(item.get(key))
        if date:
            yield name, date


def _csl_date(value: Any) -> str | None:
    """A CSL date (`{"date-parts": [[2022, 3]]}`) as brief reads one (`2022-03`)."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not (parts and isinstance(parts, list) and isinstance(parts[0], list) and parts[0]):
        return None
    try:
        return "-".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts[0]))
    except (TypeError, ValueError):
        return None


def _csl_name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return str(name["literal"])
    return " ".join(str(name[k]) for k in ("given", "family") if name.get(k))


# BibTeX, as Zotero exports it: `@type{key, field = {value}, ...}`.

_BIB_ENTRY = re.compile(r"@\s*(\w+)\s*[{(]")
_BIB_FIELD = re.compile(r"\s*,?\s*([A-Za-z][\w:-]*)\s*=\s*")
_LATEX = [(r"\&", "&"), (r"\%", "%"), (r"\$", "$"), (r"\_", "_"), (r"\#", "#"),
          (r"\textendash", "–"), (r"\textemdash", "—"), ("---", "—"), ("--", "–"),
          ("~", "\u00a0"), ("``", "“"), ("''", "”")]


def _bibtex(text: str, path: Path) -> YamlDocument:
    entries = _Entries(path, text)
    position = 0
    while (match := _BIB_ENTRY.search(text, position)) is not None:
        kind = match[1].lower()
        close = _closing(text, match.end() - 1, path)
        position = close + 1
        if kind in ("comment", "preamble", "string"):
            continue
        body = text[match.end():close]
        key, _, rest = body.partition(",")
        fields = _bib_fields(rest, text, match.end() + len(key) + 1, path)
        if kind in _TYPES:
            fields["type"] = (_TYPES[kind], _line_at(text, match.start()))
        entries.add(key.strip(), _line_at(text, match.start()), fields)
    return entries.document


_BRACKETS = re.compile(r"\\.|[{}()]", re.DOTALL)


def _closing(text: str, start: int, path: Path) -> int:
    """The offset of the brace (or parenthesis) closing the one at `start`."""
    depth, opener = 0, text[start]
    closer = "}" if opener == "{" else ")"
    for match in _BRACKETS.finditer(text, start):
        char = match[0]
        if char in (opener, "{"):
            depth += 1
        elif char in (closer, "}"):
            depth -= 1
            if depth == 0:
                return match.start()
    raise SpecError("this BibTeX entry is never closed: a brace is missing",
                    Where(path, _line_at(text, start)),
                    hint="export the library again from Zotero")


def _bib_fields(body: str, text: str, offset: int, path: Path
                ) -> dict[str, tuple[Any, int]]:
    raw: dict[str, tuple[str, int]] = {}
    position = 0
    while (match := _BIB_FIELD.match(body, position)) is not None:
        start = match.end()
        line = _line_at(text, offset + match.start(1))
        if start < len(body) and body[start] in "{\"":
            end = _value_end(body, start, text, offset, path)
            value = body[start + 1:end]
            position = end + 1
        else:
            bare = re.match(r"[^,\s}]*", body[start:])
            value = bare[0] if bare else ""
            position = start + len(value)
        raw[match[1].lower()] = (value, line)
    return _bib_to_source(raw)


def _value_end(body: str, start: int, text: str, offset: int, path: Path) -> int:
    if body[start] == '"':
        end = body.find('"', start + 1)
        if end < 0:
            raise SpecError("this BibTeX value is never closed: a quote is missing",
                            Where(path, _line_at(text, offset + start)))
        return end
    return _closing(body, start, path) if body.count("}", start) else len(body)


def _latex(value: str) -> str:
    for code, char in _LATEX:
        value = value.replace(code, char)
    value = re.sub(r"\\[a-zA-Z]+\s*", "", value)  # a command brief cannot show
    return " ".join(value.replace("{", "").replace("}", "").split())


def _bib_to_source(raw: dict[str, tuple[str, int]]) -> dict[str, tuple[Any, int]]:
    fields: dict[str, tuple[Any, int]] = {}
    if "title" in raw:
        fields["title"] = (_latex(raw["title"][0]), raw["title"][1])
    if "author" in raw:
        value, line = raw["author"]
        fields["authors"] = ([_bib_name(n) for n in re.split(r"\s+and\s+", value)
                              if n.strip()], line)
    for key, names in (("publisher", ("publisher", "institution", "organization",
                                      "howpublished")),
                       ("container", ("journaltitle", "journal", "booktitle")),
                       ("language", ("langid", "language")), ("accessed", ("urldate",))):
        for name in names:
            if name in raw and key not in fields:
                fields[key] = (_latex(raw[name][0]), raw[name][1])
    date = _bib_date(raw)
    if date:
        fields["date"] = date
    if "url" in raw:
        fields["url"] = (raw["url"][0].strip(), raw["url"][1])
    if "file" in raw:
        fields["file"] = (_zotero_file(raw["file"][0]), raw["file"][1])
    for name in ("extra", "note", "annote", "annotation"):
        if name in raw:
            _from_note(raw[name][0].replace("\\par", "\n"), raw[name][1], fields)
    return fields


def _bib_name(name: str) -> str:
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return _latex(name)  # an organisation, kept whole
    if "," in name:
        last, _, first = name.partition(",")
        return _latex(f"{first.strip()} {last.strip()}")
    return _latex(name)


def _bib_date(raw: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    if "date" in raw:
        return (raw["date"][0].strip(), raw["date"][1])
    if "year" not in raw:
        return None
    year, line = raw["year"][0].strip(), raw["year"][1]
    month = raw.get("month", ("", 0))[0].strip().lower()[:3]
    if month in _MONTHS:
        return (f"{year}-{_MONTHS.index(month) + 1:02d}", line)
    if month.isdigit():
        return (f"{year}-{int(month):02d}", line)
    return (year, line)


def _zotero_file(value: str) -> str:
    """The first attachment's path from Zotero's `file` field
    (`Full Text PDF:files/12/wolff.pdf:application/pdf;...`), or the field as it is."""
    first = re.split(r"(?<!\\);", value)[0]
    parts = re.split(r"(?<!\\):", first)
    path = parts[1] if len(parts) >= 3 else first
    return path.replace("\\:", ":").replace("\\;", ";").strip()


# RIS: `TY  - JOUR` ... `ER  -`, a tag and its value a line.

_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _ris(text: str, path: Path) -> YamlDocument:
    entries = _Entries(path, text)
    item: dict[str, list[tuple[str, int]]] = {}
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _RIS_LINE.match(line.rstrip())
        if match is None:
            if line.strip() and item:  # a value carried on to the next line
                tag = next(reversed(item))
                value, at = item[tag][-1]
                item[tag][-1] = (f"{value}\n{line.strip()}", at)
            continue
        tag, value = match[1], (match[2] or "").strip()
        if tag == "TY":
            item, start = {}, number
        if tag == "ER":
            if item:
                entries.add(_first(item, "ID"), start, _ris_to_source(item))
            item = {}
            continue
        item.setdefault(tag, []).append((value, number))
    if item:
        raise SpecError("this RIS record has no end (`ER  -`)", Where(path, start),
                        hint="export the library again from Zotero")
    return entries.document


def _first(item: dict[str, list[tuple[str, int]]], *tags: str) -> str | None:
    for tag in tags:
        if item.get(tag):
            return item[tag][0][0]
    return None


def _ris_to_source(item: dict[str, list[tuple[str, int]]]) -> dict[str, tuple[Any, int]]:
    fields: dict[str, tuple[Any, int]] = {}

    def put(name: str, *tags: str) -> None:
        for tag in tags:
            if item.get(tag):
                fields[name] = (item[tag][0][0], item[tag][0][1])
                return

    put("title", "TI", "T1")
    authors = [*item.get("AU", []), *item.get("A1", [])]
    if authors:
        fields["authors"] = ([_bib_name(a) for a, _ in authors], authors[0][1])
    put("publisher", "PB")
    put("container", "T2", "JO", "JF")
    put("url", "UR")
    put("file", "L1", "L4")
    put("language", "LA")
    if item.get("TY") and item["TY"][0][0] in _TYPES:
        fields["type"] = (_TYPES[item["TY"][0][0]], item["TY"][0][1])
    for key, tags in (("date", ("DA", "PY", "Y1")), ("accessed", ("Y2",))):
        for tag in tags:
            if item.get(tag):
                value, line = item[tag][0]
                parts = [p.strip() for p in value.split("/") if p.strip()]
                fields[key] = ("-".join(parts[:3]), line)
                break
    for note, line in item.get("N1", []):
        _from_note(re.sub(r"<[^>]+>", "\n", note), line, fields)
    return fields

