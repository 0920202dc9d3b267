"""`brief capture URL`: fetch a web page once, keep what was read, and add it to the
project's library of sources (`sources.yaml`).

Each capture is a *snapshot* under the project's `sources/captured/ID/`, named by the
time it was read (UTC): `2026-12-05T061500Z.html` holds the bytes as served (`.pdf` for
a PDF, `.txt` for plain text), and `2026-12-05T061500Z.json` the record of the fetch:
the address asked for, the final address after the redirects (each one kept), the
status, the headers, the time, the SHA-256 and size of the bytes, and the article text
brief reads from them, paragraph by paragraph. Capturing an address again adds a
snapshot beside the others and says whether the article text changed; the library's
entry keeps naming the snapshot it named, and a spec chooses another with `snapshot:`.

The bytes are kept as served, with their headers beside them as JSON, rather than as a
WARC file: the page is then a source brief reads as it is (no new dependency, no
unpacking at each build), and the record is plain text any tool reads. A gzipped WARC
would take a fifth of the space (19 KB a page against 88 KB, the median of the test
corpus's pages); docs/spec.md, "Capturing web pages", gives the figures.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import BriefError, SourceError, SpecError, Where, display_path, plural
from ..files import project_root
from ..sources import Source, load_source_file
from ..sources.bylines import stated
from ..sources.matching import word_diff
from ..spec import safe_file_name
from ..version import __version__
from .fetch import DEFAULT_TIMEOUT, Fetched, check_address, fetch
from .find import sentences
from .starter import spec_date, yaml_flow_list, yaml_scalar

LIBRARY = "sources.yaml"
CAPTURED = Path("sources") / "captured"
_STAMP = "%Y-%m-%dT%H%M%SZ"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Change:
    """How the article text of a snapshot differs from that of the one before."""

    previous: str  # that snapshot's name
    same_bytes: bool
    paragraphs: int  # how many of the new snapshot's paragraphs differ
    added: int  # words
    removed: int
    example: str  # the first change, as a word diff
    before: int = 0  # paragraphs of the previous snapshot
    after: int = 0


@dataclass(frozen=True)
class Captured:
    """What `brief capture` kept, and how to cite it."""

    id: str
    fetched: Fetched
    snapshot: str  # its name, the time it was read: 2026-12-05T061500Z
    page: Path
    record: Path
    library: Path
    added: bool  # a new entry in the library (else the address was captured before)
    format: str
    paragraphs: int
    title: str | None
    notes: tuple[str, ...]
    change: Change | None
    spec_entry: str  # a `sources:` entry a spec takes as it is
    passage: str  # a passage quoting it from the library


def capture(url: str, working_folder: Path, *, as_id: str | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> Captured:
    """Fetch `url`, keep it as a snapshot in the project and add it to its library;
    nothing is written when anything fails."""
    check_address(url)
    if as_id is not None and not _ID.fullmatch(as_id):
        raise BriefError(f"--as {as_id!r}: an id is lowercase letters, digits and '-', "
                         "starting with a letter or digit", hint="such as --as wolff-2022")
    root = project_root(working_folder)
    library = root / LIBRARY
    entries = _library_entries(library)
    known = _captured_before(root, entries, url, as_id)
    if as_id and known is None:  # captured before under another id
        known = _captured_before(root, entries, url, None)
    if as_id and as_id in entries and known is None:
        raise BriefError(f"{display_path(library)} already has a source '{as_id}' (not a "
                         f"capture of {url})", Where(library, _line_of(library, as_id)),
                         hint="choose another id with --as, or leave --as out")
    fetched = fetch(url, timeout=timeout)
    kind, notes = _kind(fetched)
    source = _read(fetched, kind)
    if known is None:  # arrived, by redirects, at a page captured before
        known = _captured_before(root, entries, fetched.final_url, None)
    if as_id and known and known != as_id:
        notes = (*notes, f"{fetched.final_url} was captured before as '{known}': this "
                 f"snapshot is kept with that source's, not as '{as_id}'")
    source_id = known or as_id or _new_id(source, fetched, entries, root)
    folder = root / CAPTURED / source_id
    stamp = _free_stamp(folder, fetched.retrieved.strftime(_STAMP))
    page = folder / f"{stamp}.{kind}"
    record = folder / f"{stamp}.json"
    change = _change(folder, source, fetched)
    entry = _entry(source_id, source, fetched, page, library.parent)
    added = source_id not in entries
    _write(page, fetched.body, record, _record(fetched, source, stamp, kind, notes),
           library, entry if added else None)
    return Captured(source_id, fetched, stamp, page, record, library, added, kind,
                    len(source.paragraphs), source.file_metadata.title, notes, change,
                    _spec_entry(source_id, source, fetched, page, root),
                    _passage(source_id, source))


def _library_entries(library: Path) -> dict[str, dict[str, Any]]:
    """The library's entries by id (none if there is no library yet)."""
    if not library.is_file():
        return {}
    try:
        data = yaml.safe_load(library.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"the library {display_path(library)} cannot be read: {exc}",
                        Where(library)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecError(f"the library {display_path(library)} is not valid YAML: "
                        f"{getattr(exc, 'problem', None) or exc}",
                        Where(library, mark.line + 1 if mark else None),
                        hint="fix it, then capture again: brief adds the page to it") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SpecError(f"the library {display_path(library)} must be a mapping of ids to "
                        "sources", Where(library, 1))
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in data.items()}


def _line_of(library: Path, entry_id: str) -> int | None:
    """The line of the library's entry `entry_id` (None where it cannot be found)."""
    key = re.compile(rf"""^(['"]?){re.escape(entry_id)}\1\s*:""")
    try:
        lines = library.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, line in enumerate(lines, 1) if key.match(line)), None)


def _captured_before(root: Path, entries: dict[str, dict[str, Any]], url: str,
                     as_id: str | None) -> str | None:
    """The id under which `url` was captured before, if it was (by the address asked for
    or arrived at, in a snapshot's record)."""
    base = root / CAPTURED
    folders = [base / as_id] if as_id else sorted(base.glob("*")) if base.is_dir() else []
    for folder in folders:
        for record in sorted(folder.glob("*.json")):
            try:
                data = json.loads(record.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and url.strip() in (data.get("url"),
                                                          data.get("final_url")):
                return folder.name
    if as_id and as_id in entries and entries[as_id].get("url") == url.strip():
        return as_id
    return next((key for key, entry in entries.items() if entry.get("url") == url.strip()
                 and (base / key).is_dir() and not as_id), None)


def _kind(fetched: Fetched) -> tuple[str, tuple[str, ...]]:
    """What the bytes are, by their content (`html`, `pdf` or `txt`), and a note where the
    server called them something else; a refusal for anything brief cannot read."""
    declared = (fetched.header("Content-Type") or "").split(";")[0].strip().lower()
    body = fetched.body
    head = body[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if not body.strip():
        raise BriefError(f"{fetched.final_url} is empty (the server sent no text); nothing "
                         "was captured")
    if body.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or (
            declared in _HTML_TYPES and head.startswith(b"<")) or (
            head.startswith(b"<?xml") and b"<html" in head):
        kind = "html"
    elif declared == "text/plain" and b"\x00" not in body[:8192]:
        kind = "txt"
    else:
        said = f"the server calls it {declared}" if declared else "the server gives no type"
        raise BriefError(f"{fetched.final_url} is not a web page, a PDF or plain text "
                         f"({said}, and its bytes are not HTML); nothing was captured",
                         hint="brief captures articles: web pages, PDFs and plain text")
    expected = {"html": _HTML_TYPES, "pdf": ("application/pdf",), "txt": ("text/plain",)}
    notes: tuple[str, ...] = ()
    if declared not in expected[kind]:
        said = f"calls it {declared}" if declared else "gives no type"
        notes = (f"the server {said}, but the bytes are {_NAMES[kind]}: kept as .{kind}",)
    return kind, notes


_NAMES = {"html": "a web page (HTML)", "pdf": "a PDF", "txt": "plain text"}


def _read(fetched: Fetched, kind: str) -> Source:
    """The page as brief reads it as a source, its paragraphs numbered: a page brief finds
    no article in is refused now, not at the first build."""
    with tempfile.TemporaryDirectory(prefix="brief-capture-") as folder:
        path = Path(folder) / f"page.{kind}"
        path.write_bytes(fetched.body)
        try:
            return load_source_file(path, "", Where(None))
        except SourceError as error:
            message = error.message.replace(f"the web page {path}", "the page").replace(
                str(path), "the page")
            hint = _CAPTURE_HINT if kind == "html" else error.hint
            raise BriefError(f"{fetched.final_url} was fetched, but brief cannot read it "
                             f"as a source: {message}; nothing was captured",
                             hint=hint) from None


_CAPTURE_HINT = ("a page that builds its text with JavaScript, or shows it only after a "
                 "login, has none in the bytes served: open it in a browser, save it "
                 "(or copy its text into a .txt file) in the project's sources/, and give "
                 "that file as `file:`")


def _new_id(source: Source, fetched: Fetched, entries: dict[str, Any], root: Path) -> str:
    """An id for a new source: the first author's surname and the year (`wolff-2022`),
    else the page's own name in its address, else its host; not one taken."""
    meta, lines = source.file_metadata, stated(source.paragraphs)
    authors = meta.authors or lines.authors
    year = re.search(r"\b(1[89]|20)\d\d\b", meta.date or lines.date or "")
    base = ""
    if authors:
        base = authors[0].split()[-1] + (f"-{year[0]}" if year else "")
    else:
        parts = urlsplit(fetched.final_url)
        stem = Path(parts.path.rstrip("/")).stem
        base = stem if stem and stem.lower() not in ("index", "article") else \
            (parts.hostname or "page").removeprefix("www.").split(".")[0]
    base = safe_file_name(base.lower(), fallback="page", limit=40).replace(".", "-")
    base = re.sub(r"[^a-z0-9-]+", "-", base).strip("-") or "page"
    name, counter = base, 2
    while name in entries or (root / CAPTURED / name).exists():
        name, counter = f"{base}-{counter}", counter + 1
    return name


def _free_stamp(folder: Path, stamp: str) -> str:
    """The snapshot's name: the time it was read, with `-2`, `-3` after it when that
    second already has one."""
    name, counter = stamp, 2
    while any(folder.glob(f"{name}.*")):
        name, counter = f"{stamp}-{counter}", counter + 1
    return name


def snapshots(folder: Path) -> list[Path]:
    """The records of the snapshots in a capture's folder, oldest first."""
    return sorted(folder.glob("*.json"), key=lambda p: _order(p.stem))


def _order(stem: str) -> tuple[str, int]:
    found = re.fullmatch(r"(.*?Z)(?:-(\d+))?", stem)
    return (found[1], int(found[2] or 1)) if found else (stem, 1)


def _change(folder: Path, source: Source, fetched: Fetched) -> Change | None:
    """How the article text differs from that of the latest snapshot before."""
    records = snapshots(folder) if folder.is_dir() else []
    if not records:
        return None
    try:
        before = json.loads(records[-1].read_text(encoding="utf-8"))
        old = [str(p) for p in before["article"]]
        old_sha = str(before.get("sha256"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    new = [p.text for p in source.paragraphs]
    same_bytes = old_sha == hashlib.sha256(fetched.body).hexdigest()
    old_words, new_words = " ".join(old).split(), " ".join(new).split()
    added = removed = 0
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old_words, new_words,
                                                      autojunk=False).get_opcodes():
        if op != "equal":
            removed, added = removed + a2 - a1, added + b2 - b1
    differ = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    differ_count = len(differ) + abs(len(new) - len(old))
    example = ""
    if differ:
        example = _shortened(word_diff(*differ[0]))
    return Change(records[-1].stem, same_bytes, differ_count, added, removed, example,
                  len(old), len(new))


def _shortened(diff: str, most: int = 160) -> str:
    """A word diff cut to its first change and a few words around it."""
    start = min((i for i in (diff.find("[-"), diff.find("{+")) if i >= 0), default=0)
    begin = max(diff.rfind(" ", 0, max(start - 40, 0)) + 1, 0) if start > 40 else 0
    text = diff[begin:begin + most]
    return ("… " if begin else "") + text + (" …" if begin + most < len(diff) else "")


def _record(fetched: Fetched, source: Source, stamp: str, kind: str,
            notes: tuple[str, ...]) -> bytes:
    data = {
        "snapshot": stamp,
        "url": fetched.url,
        "final_url": fetched.final_url,
        "redirects": [{"status": s, "from": a, "to": b} for s, a, b in fetched.redirects],
        "status": fetched.status,
        "reason": fetched.reason,
        "retrieved": fetched.retrieved.isoformat(timespec="seconds").replace("+00:00", "Z"),
        # a cookie the site sets may be a session's key: its value is not kept
        "headers": [[k, "(not kept)" if k.lower() == "set-cookie" else v]
                    for k, v in fetched.headers],
        "file": f"{stamp}.{kind}",
        "format": source.format,
        "size": len(fetched.body),
        "sha256": hashlib.sha256(fetched.body).hexdigest(),
        "notes": list(notes),
        "metadata": {"title": source.file_metadata.title,
                     "authors": list(source.file_metadata.authors),
                     "publisher": source.file_metadata.publisher,
                     "date": source.file_metadata.date, "url": source.file_metadata.url},
        "article": [p.text for p in source.paragraphs],
        "captured_by": f"brief {__version__}",
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _details(source: Source, fetched: Fetched) -> list[tuple[str, str]]:
    """The source's details for its entry, from the page's metadata and its lines."""
    meta, lines = source.file_metadata, stated(source.paragraphs)
    found: list[tuple[str, str]] = [("title", yaml_scalar(meta.title or lines.title
                                                      or _title_from(fetched)))]
    authors = meta.authors or lines.authors
    if authors:
        found.append(("authors", yaml_flow_list(authors)))
    publisher = meta.publisher or lines.publisher
    if publisher:
        found.append(("publisher", yaml_scalar(publisher)))
    date = spec_date(meta.date) or spec_date(lines.date)
    if date:
        found.append(("date", date))
    found.append(("url", yaml_scalar(fetched.final_url)))
    found.append(("accessed", fetched.retrieved.date().isoformat()))
    return found


def _title_from(fetched: Fetched) -> str:
    parts = urlsplit(fetched.final_url)
    return f"{parts.hostname}{parts.path}".rstrip("/")


def _entry(source_id: str, source: Source, fetched: Fetched, page: Path,
           library_folder: Path) -> str:
    """The library's new entry, as YAML text: the file relative to the library."""
    file = Path(os.path.relpath(page, library_folder)).as_posix()
    when = fetched.retrieved.strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# captured by `brief capture` on {when}; its record: "
             f"{Path(file).with_suffix('.json').as_posix()}",
             f"{source_id}:", f"  file: {yaml_scalar(file)}"]
    lines += [f"  {key}: {value}" for key, value in _details(source, fetched)]
    lines.append("  # reliability: F   # grade it: A (completely reliable) to E "
                 "(unreliable), F (cannot be judged)")
    lines.append("  # assessment: why you grade it so, and how to read it")
    return "\n".join(lines) + "\n"


def _spec_entry(source_id: str, source: Source, fetched: Fetched, page: Path,
                root: Path) -> str:
    """A `sources:` entry a spec in briefings/ takes as it is."""
    folder = root / "briefings" if (root / "briefings").is_dir() else root
    file = Path(os.path.relpath(page, folder)).as_posix()
    lines = ["sources:", f"  {source_id}:", f"    file: {yaml_scalar(file)}"]
    lines += [f"    {key}: {value}" for key, value in _details(source, fetched)]
    return "\n".join(lines)


def _passage(source_id: str, source: Source) -> str:
    """A passage quoting the page's first sentence of some length."""
    quote = next((s for p in source.paragraphs[:8] if p.role == "text"
                  for s in sentences(p.text) if 6 <= len(s.split()) <= 35), None)
    if quote is None:
        return f"- source: {source_id}\n  paragraph: 1"
    return f"- source: {source_id}\n  quote: {yaml_scalar(quote)}"


def _write(page: Path, body: bytes, record: Path, data: bytes, library: Path,
           entry: str | None) -> None:
    """The snapshot, its record and the library's new entry; nothing at all where
    anything cannot be written (the library is appended to, never rewritten)."""
    made: list[Path] = []
    size = library.stat().st_size if library.is_file() else None
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        for path, content in ((page, body), (record, data)):
            with path.open("xb") as out:
                made.append(path)
                out.write(content)
        if entry is not None:
            _append(library, entry, size)
    except OSError as exc:
        for written in made:
            written.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            if size is not None:
                with library.open("r+b") as out:
                    out.truncate(size)
            elif entry is not None:
                library.unlink(missing_ok=True)
        raise BriefError(f"cannot write {display_path(Path(exc.filename or page))}: "
                         f"{exc.strerror or exc}; nothing was captured") from exc


def _append(library: Path, entry: str, size: int | None) -> None:
    if size is None:
        head = ("# The project's library of sources: a spec cites one with `source: ID`.\n"
                "# Each entry has the keys of a spec's `sources:` entry (docs/spec.md).\n")
        library.write_text(head + "\n" + entry, encoding="utf-8")
        return
    before = b""
    if size:
        with library.open("rb") as existing:
            existing.seek(size - 1)
            before = existing.read(1)
    with library.open("ab") as out:
        out.write((("\n" if before not in (b"\n", b"") else "") + "\n" + entry)
                  .encode("utf-8"))


def change_lines(change: Change) -> list[str]:
    """What a second capture says of the article text, against the snapshot before."""
    if change.same_bytes:
        return [f"the page is byte for byte the snapshot {change.previous}: its article "
                "text is unchanged"]
    if not change.added and not change.removed:
        return [f"the page's bytes differ from the snapshot {change.previous}, but its "
                "article text is unchanged"]
    lines = [f"the article text changed since the snapshot {change.previous}: "
             f"{plural(change.paragraphs, 'paragraph')} of {change.after} "
             f"{'differs' if change.paragraphs == 1 else 'differ'} "
             f"({plural(change.added, 'word')} added, {change.removed} removed)"]
    if change.example:
        lines.append(f"  first change: {change.example}")
    return lines
