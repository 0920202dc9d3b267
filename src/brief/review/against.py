"""A reviewed file against the spec it is reviewed with: whether it was built from this
spec at all, and the words of the spec's sources closest to what a reviewer wants a
quotation to say."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..errors import BriefError, ReviewError, Where, display_path
from ..files import project_root
from ..origins import QUOTATION, BuildTrace, TracedKey
from ..sources.loading import load_source
from ..sources.matching import NormalisedText, closest_passage, normalise
from ..spec.schema import BriefingSpec
from ..yamlfile import YamlDocument
from .findings import Closest
from .keys import as_written, parse_key_path, value_at


def spec_name(spec: BriefingSpec, root: Path | None) -> str:
    """The spec's path relative to its project, as a build's trace names it."""
    base = project_root(spec.folder, root)
    try:
        return PurePosixPath(spec.path.relative_to(base)).as_posix()
    except ValueError:
        return spec.path.name


def still_matching(trace: BuildTrace, document: YamlDocument) -> int:
    """How many of the keys the trace holds read in `document` as they did at the build."""
    return sum(1 for key in trace.keys.values() if _reads(document, key))


def _reads(document: YamlDocument, key: TracedKey) -> bool:
    """Whether `key` reads in the spec as it did at the build (a passage by paragraph
    number, which quotes nothing: whether it is still there)."""
    keys = as_written(document.data, parse_key_path(key.path))
    if key.kind == QUOTATION:
        if not key.value:
            return isinstance(value_at(document.data, keys), dict)
        keys = (*keys, "quote")
    return bool(value_at(document.data, keys) == key.value)


def check_belongs(trace: BuildTrace, spec: BriefingSpec, reviewed: Path,
                  root: Path | None) -> None:
    """Raise `ReviewError` where the reviewed file was built from another spec, or from
    a version of this one none of whose words are left."""
    document = spec.document
    assert document is not None  # read_spec keeps it
    name = spec_name(spec, root)
    sha = document.file.sha256 if document.file is not None else ""
    if sha == trace.spec_sha256:
        return
    matching, total = still_matching(trace, document), len(trace.keys)
    built = trace.spec or "a spec it does not name"
    same_name = PurePosixPath(trace.spec).as_posix() == name or (
        PurePosixPath(trace.spec).name == spec.path.name and matching)
    if same_name and (matching or not total):
        return  # this spec, changed since the build: three-way, key by key
    renamed = trace.spec and _gone(project_root(spec.folder, root), trace.spec)
    if renamed and total and matching * 2 >= total:
        return  # the spec it was built from is gone, and this one holds most of its words
    if same_name:
        raise ReviewError(
            f"{display_path(reviewed)} was built from an older version of "
            f"{display_path(spec.path)}: none of its {total} traced "
            "keys reads in the spec as it did then", Where(spec.path),
            hint="review it against the version of the spec it was built from (git "
            "show), or build the memo again and send the new .docx for review")
    raise ReviewError(
        f"{display_path(reviewed)} was built from {built}, not from "
        f"{display_path(spec.path)}; {matching} of its {total} traced "
        "keys read the same in this spec", Where(spec.path),
        hint=f"review it against {built}: brief review {built} {display_path(reviewed)}")


def _gone(base: Path, name: str) -> bool:
    """Whether the spec a trace names, relative to the project, is no longer in it. A
    name that leads out of the project, or that the file system refuses, names none of
    its files: nothing outside the project is looked at."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:
        return True
    try:
        return not (base / relative).exists()
    except (OSError, ValueError):
        return True


def closest_in_sources(spec: BriefingSpec, root: Path | None) -> Closest:
    """The closest words of a source of `spec` to those given: (its paragraph's number,
    the words, how similar, 0-100). Each source is read once, when first asked for; one
    that cannot be read has no words close to any."""
    base = project_root(spec.folder, root)
    read: dict[str, list[NormalisedText]] = {}

    def closest(source_id: str, words: str) -> tuple[int, str, float] | None:
        if source_id not in read:
            read[source_id] = []
            entry = spec.sources.get(source_id)
            if entry is not None and entry.file:
                try:
                    source = load_source(entry, spec.folder,
                                         spec.where((*entry.key_path, "file")), base)
                except BriefError:
                    source = None
                if source is not None:
                    read[source_id] = [normalise(p.text) for p in source.paragraphs]
        near = closest_passage(words, read[source_id])
        return (near.index + 1, near.text, near.similarity) if near is not None else None

    return closest
