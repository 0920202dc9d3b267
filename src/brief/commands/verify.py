"""`brief verify`: every passage of a build manifest checked again against its sources as
they are now, and each that no longer matches reported at its line in the spec."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, BriefErrors, PassageError, SourceError, Where, display_path
from ..files import inside, project_root, read_input
from ..freshness import manifest_root, recorded_path
from ..passages import ResolvedPassage, Resolver
from ..provenance import MANIFEST_VERSION, paragraphs_now
from ..sources import Source, load_source_file
from ..spec import PassageSpec, spec_keys
from ..yamlfile import KeyPath, format_key_path


@dataclass(frozen=True)
class Drift:
    """A passage that no longer matches its source as it was when the memo was built."""

    key: str
    line: int | None
    message: str
    details: tuple[str, ...] = ()
    hint: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    spec_path: Path  # the spec the build was made from, where drifts are placed
    passages: int
    changed_sources: tuple[str, ...]
    drifts: tuple[Drift, ...]


def verify(manifest_path: Path, root: Path | None = None) -> VerifyReport:
    """Re-check every passage of a build manifest against its sources as they are now;
    sources are read only inside the project of the spec it names (`root`, else found
    from the spec's folder, as a build does). The manifest's paths are relative to the
    project's folder: the one it names from its own folder (a project moved or shared
    with its output/ still verifies), or `root`; an earlier brief's absolute paths are
    read as they are."""
    manifest = _read_manifest(manifest_path)
    where_manifest = Where(manifest_path)
    recorded_root = root.resolve() if root is not None else \
        manifest_root(manifest_path, manifest)
    spec_path = recorded_path(recorded_root, manifest["spec"]["path"])
    spec_folder = spec_path.parent
    if not spec_path.is_file():  # the project moved, and the manifest stayed behind
        relative = not Path(manifest["spec"]["path"]).is_absolute()
        raise BriefError(
            f"the spec {display_path(spec_path)} is not there: the project has moved since "
            "the build (or the manifest has), or the spec was taken away",
            Where(manifest_path, key="spec.path"),
            hint="name the project's folder with --root" if relative else
            "this manifest, of an earlier brief, gives absolute paths: build the spec again "
            "where it is now, to write one whose paths are relative to the project")
    root = project_root(spec_folder, root)
    changed: list[str] = []
    sources: dict[str, Source] = {}
    drifts: list[Drift] = []
    missing: dict[str, str] = {}
    for source_id, entry in manifest["sources"].items():
        path = (spec_folder / entry["file"]).resolve()
        if not inside(path, [root]):
            missing[source_id] = (f"the source file {entry['file']} is outside the project "
                                  f"({display_path(root)}): brief reads only files inside it")
            changed.append(source_id)
            continue
        try:
            source = load_source_file(path, source_id, where_manifest)
        except SourceError as error:
            missing[source_id] = error.message
            changed.append(source_id)
            continue
        if source.sha256 != entry["sha256"]:
            changed.append(source_id)
        # Every source, changed or not: a newer brief may read an unchanged file's
        # paragraphs otherwise (a paragraph no longer split in two).
        sources[source_id] = source

    def where(path: KeyPath) -> Where:
        return Where(manifest_path, key=format_key_path(path))

    resolver = Resolver(sources, where)
    for record in manifest["passages"]:
        key_path = tuple(record["key"])
        source_id = record["selector"]["source"]
        label = format_key_path(key_path)
        if source_id in missing:
            drifts.append(Drift(f"{label}.source", record["line"], missing[source_id]))
            continue
        passage = _passage_spec(record["selector"], key_path)
        try:
            now = resolver.resolve(passage)
        except PassageError as error:
            drifts.append(Drift(error.where.key or label, record["line"], error.message,
                                error.details, error.hint))
            continue
        then = (record["paragraphs"], record["text"])
        if ([now.first_paragraph, now.last_paragraph], list(now.texts)) != then:
            moved = _moved_by_number(record, sources[source_id], label)
            if moved is not None:
                drifts.append(moved)
                continue
            change = _describe_change(record, now)
            if source_id not in changed:
                change += (" (the source's file is the same as at the build: this brief "
                           "reads it otherwise)")
            drifts.append(Drift(label, record["line"], change))
    return VerifyReport(spec_path, len(manifest["passages"]),
                        tuple(changed), tuple(drifts))


def _describe_change(record: dict[str, Any], now: ResolvedPassage) -> str:
    first, last = record["paragraphs"]
    if list(now.texts) != record["text"]:
        return (f"the text at {_pilcrows(first, last)} changed: "
                f"was {_short(record['text'])}, now {_short(list(now.texts))}")
    return (f"the passage moved from ¶{first} to ¶{now.first_paragraph}: its citation is "
            f"out of date; build again to cite it at ¶{now.first_paragraph}")


def _moved_by_number(record: dict[str, Any], source: Source, label: str) -> Drift | None:
    """The drift of a passage selected by paragraph number whose text has not changed
    but moved (a paragraph put in above it): where it went, and the selector that picks
    it again; None where its text is no longer whole paragraphs of the source."""
    selector = record["selector"]
    key = "paragraph" if "paragraph" in selector else "paragraphs"
    if key not in selector:
        return None
    found = paragraphs_now(source, " ".join(record["text"]))
    if found is None or not found[2]:
        return None
    first, last, _ = found
    was_first, was_last = record["paragraphs"]
    if (first, last) == (was_first, was_last):  # where it was: its text changed, if little
        return None
    fix = f"paragraph: {first}" if first == last else f"paragraphs: {first}-{last}"
    return Drift(f"{label}.{key}", record["line"],
                 f"the text at {_pilcrows(was_first, was_last)} has moved to "
                 f"{_pilcrows(first, last)}: `{key}: {selector[key]}` now selects other "
                 f"text; write `{fix}` to select it again",
                 details=(f"was:     {_short(record['text'])}",),
                 hint=f"run `brief sources {display_path(source.path)}` to see the numbered "
                 "paragraphs")


def _pilcrows(first: int, last: int) -> str:
    return f"¶{first}" if first == last else f"¶{first}–{last}"


def _short(texts: list[str]) -> str:
    flat = " / ".join(" ".join(t.split()) for t in texts)
    return f'"{flat if len(flat) <= 80 else flat[:77] + "..."}"'


def _passage_spec(selector_keys: dict[str, Any], key_path: KeyPath) -> PassageSpec:
    names = {name: fld.name for name, fld in spec_keys(PassageSpec)}
    return PassageSpec(**{names[k]: v for k, v in selector_keys.items()}, key_path=key_path)


def _read_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BriefError(f"build manifest not found: {path}", Where(path),
                         hint="`brief build` writes it as output/<spec name>.json")
    try:
        data = read_input(path, "spec", Where(path), BriefError, "build manifest")
        manifest = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise BriefError(f"not a build manifest: {display_path(path)} is not JSON",
                         Where(path, line)) from None
    if not isinstance(manifest, dict) or manifest.get("manifest") != MANIFEST_VERSION:
        raise BriefError(f"not a build manifest of this version of brief: {path}", Where(path),
                         hint="build the spec again to make a new manifest")
    problem = _manifest_problem(manifest)
    if problem:
        key, what = problem
        raise BriefError(f"the build manifest {display_path(path)} is damaged: `{key}` {what}",
                         Where(path, key=key),
                         hint="build the spec again to make a new manifest")
    return manifest


def _manifest_problem(manifest: dict[str, Any]) -> tuple[str, str] | None:
    """Where a manifest is not as `build_manifest` writes it, and what is wrong there."""
    def text(value: Any) -> bool:
        return isinstance(value, str)

    if not (isinstance(manifest.get("spec"), dict) and text(manifest["spec"].get("path"))):
        return "spec.path", "is missing, or not text"
    sources = manifest.get("sources")
    if not isinstance(sources, dict):
        return "sources", "is missing, or not a mapping"
    for source_id, entry in sources.items():
        if not (isinstance(entry, dict) and text(entry.get("file"))
                and text(entry.get("sha256"))):
            return f"sources.{source_id}", "lacks its `file` or `sha256`"
    passages = manifest.get("passages")
    if not isinstance(passages, list):
        return "passages", "is missing, or not a list"
    keys = {name for name, _ in spec_keys(PassageSpec)}
    for number, record in enumerate(passages):
        at = f"passages[{number}]"
        if not isinstance(record, dict):
            return at, "is not a mapping"
        selector = record.get("selector")
        if not (isinstance(selector, dict) and text(selector.get("source"))
                and set(selector) <= keys and all(
                    isinstance(v, (str, int)) and not isinstance(v, bool)
                    for v in selector.values())):
            return f"{at}.selector", "is not a passage selector"
        key = record.get("key")
        if not (isinstance(key, list) and key and all(
                isinstance(k, (str, int)) and not isinstance(k, bool) for k in key)):
            return f"{at}.key", "is not a key path"
        paragraphs = record.get("paragraphs")
        if not (isinstance(paragraphs, list) and len(paragraphs) == 2
                and all(isinstance(n, int) for n in paragraphs)):
            return f"{at}.paragraphs", "is not a pair of paragraph numbers"
        if not (isinstance(record.get("text"), list) and all(text(t) for t in record["text"])):
            return f"{at}.text", "is not a list of texts"
        if not (record.get("line") is None or isinstance(record.get("line"), int)):
            return f"{at}.line", "is not a line number"
    return None


def drift_errors(report: VerifyReport) -> BriefErrors:
    """The drifted passages as errors placed at their lines in the spec."""
    return BriefErrors(
        PassageError(drift.message, Where(report.spec_path, drift.line, key=drift.key),
                     details=drift.details, hint=drift.hint)
        for drift in report.drifts)
