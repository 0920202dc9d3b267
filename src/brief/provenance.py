"""The build manifest: what a memo was built from, so that it can be verified later.

Every build writes `<spec name>.json` beside its documents: the tool's version, each
source's SHA-256 and details, and each passage's selector, the paragraphs (and pages)
it resolved to, and its character offsets within them. `brief verify` (`commands.verify`)
re-checks a manifest against the sources as they are now, reporting every passage that
drifted; and the next check of the spec warns of each passage selected by paragraph
number that brief now reads otherwise than the last build did (`moved_paragraphs`).
It also records the edition the memo makes (`edition`: its key judgments, sources and
grades, points and their passages, the decision requested), which `brief diff` and a
later edition's `previous:` compare (`brief.editions`).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .checked import Checked
from .dates import source_date_epoch
from .editions import edition_record
from .errors import BriefNote, BriefWarning
from .freshness import manifest_root, project_entry, recorded_path, relative_path
from .passages import ResolvedPassage
from .sources import Source
from .sources.base import FORMAT_NAMES
from .sources.matching import normal_form
from .spec import BriefingSpec, PassageSpec, spec_keys
from .spec.schema import LIBRARY
from .version import __version__
from .yamlfile import KeyPath

MANIFEST_VERSION = 1


def build_manifest(checked: Checked, outputs: Mapping[Path, bytes],
                   built: datetime.datetime | None = None,
                   inputs: Mapping[str, Any] | None = None,
                   folder: Path | None = None) -> dict[str, Any]:
    """Return the manifest of a checked spec and its rendered files,
    built at `built` (default: `SOURCE_DATE_EPOCH` if set, else now); `inputs` is what the
    build read (`freshness.inputs_record`), which tells a later build whether it may skip.
    Its paths are relative to the project's folder, and that folder is given relative to
    `folder`, where the manifest is written (default: the outputs', else the working
    folder's output/), so that a project moved or shared still verifies."""

    spec = checked.spec
    root = checked.inputs.root
    if folder is None:
        folder = next(iter(outputs)).parent if outputs else Path("output")
    passages = []
    for passage in spec.passages():
        resolved: ResolvedPassage = checked.passages[passage.key_path]
        source: Source = checked.sources[passage.source]
        if resolved.scope == "page":
            source = source.page_view()
        first, last = (source.paragraph(resolved.first_paragraph),
                       source.paragraph(resolved.last_paragraph))
        passages.append({
            "key": list(passage.key_path),
            "line": spec.where(passage.key_path).line,
            "selector": selector(passage),
            "paragraphs": [resolved.first_paragraph, resolved.last_paragraph],
            "pages": [first.page, last.page] if first.page is not None else None,
            "start": resolved.start,
            "end": resolved.end,
            "spans": [list(span) for span in resolved.spans] or None,
            "text": list(resolved.texts),
        })
    return {
        "manifest": MANIFEST_VERSION,
        "tool": {"name": "brief", "version": __version__},
        "built": (built or source_date_epoch() or datetime.datetime.now(datetime.UTC))
        .isoformat(timespec="seconds"),
        **({"project": project_entry(root, folder)} if root is not None else {}),
        "spec": {"path": relative_path(spec.path.resolve(), root),
                 "sha256": checked.inputs.spec.sha256},  # as read
        "marking": spec.marking,
        "release": checked.release.marking if checked.release else None,
        "sources": {
            source_id: {
                # the file read: a snapshot's (`snapshot:`) where the spec names one
                "file": (source.spec or spec.sources[source_id]).file,
                "path": relative_path(source.path.resolve(), root),
                "sha256": source.sha256,
                "format": source.format,
                "encoding": source.encoding,
                "paragraphs": len(source.paragraphs),
                "metadata": dataclasses.asdict(source.metadata),
                # a web page's access date, and the snapshot quoted (`brief capture`)
                **({"accessed": source.spec.accessed.iso}
                   if source.spec and source.spec.accessed else {}),
                **({"snapshot": source.spec.snapshot}
                   if source.spec and source.spec.snapshot else {}),
                **_library_entry(spec, source_id, root),
            }
            for source_id, source in checked.sources.items()
        },
        "passages": passages,
        # The source summary's counts (ICD 206), as the memo states them.
        **({"source_summary": dict(checked.briefing.source_summary.counts)}
           if checked.briefing.source_summary is not None else {}),
        # What `brief diff` and a later edition's `previous:` compare.
        **({"edition": edition_record(checked.edition)} if checked.edition else {}),
        "outputs": {path.name: _sha256(content) for path, content in outputs.items()},
        **({"inputs": dict(inputs)} if inputs is not None else {}),
    }


def _library_entry(spec: BriefingSpec, source_id: str, root: Path | None
                   ) -> dict[str, Any]:
    """`library`: the project's library file a source was taken from (none: the spec's)."""
    path = spec.sources[source_id].key_path
    if path[:1] != (LIBRARY,) or not isinstance(path[1], int):
        return {}
    return {"library": relative_path(spec.libraries[path[1]].path.resolve(), root)}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def selector(passage: PassageSpec) -> dict[str, Any]:
    """The passage's selector as the spec gives it (its YAML keys, without empty ones)."""
    return {name: getattr(passage, fld.name) for name, fld in spec_keys(PassageSpec)
            if getattr(passage, fld.name) is not None}


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# A manifest larger than this is not one brief wrote: it is not read for its outputs.
_MANIFEST_MOST = 64 * 1024 * 1024


def superseded(files: Mapping[Path, bytes], dropped: Sequence[Path] = ()) -> list[Path]:
    """The files the last build of each memo wrote that this one (`files`, not yet
    written) does not: those the manifest it is about to replace lists under `outputs`, in
    the same folder, each still as that build wrote it (its SHA-256 the manifest's). A
    file a person has changed since, or that no manifest of brief's lists, is never among
    them; nor is one that this build writes. The manifests `dropped` (of releases the spec
    no longer lists: `dropped_releases`) go with every file they list, themselves too."""
    found: list[Path] = list(dropped)
    for manifest in [*(path for path in files if path.suffix == ".json"), *dropped]:
        for target, digest in _listed(manifest, files).items():
            try:
                if _sha256(target.read_bytes()) == digest:
                    found.append(target)
            except OSError:
                continue
    return found


def left_in_place(files: Mapping[Path, bytes], removed: Sequence[Path],
                  review_suffix: str) -> list[tuple[Path, bool]]:
    """The files of a memo's own names that this build (`files`, not yet written) neither
    writes nor removes (`removed`, from `superseded`), each with whether it is a review
    copy: those the last build wrote and a person changed since, and a review copy
    (`<name><review_suffix>.docx`) an earlier `--review` build left (a later build without
    `--review` that found it changed, or older). A build says it kept them."""
    gone = set(removed)
    found: dict[Path, bool] = {}
    for manifest in (path for path in files if path.suffix == ".json"):
        review = manifest.with_name(f"{manifest.stem}{review_suffix}.docx")
        for target in (*_listed(manifest, files), review):
            if target not in files and target not in gone and not target.is_symlink() \
                    and target.is_file():
                found[target] = target == review
    return sorted(found.items())


def _listed(manifest: Path, files: Mapping[Path, bytes]) -> dict[Path, str]:
    """The outputs the manifest at `manifest` (as it is, before this build replaces it)
    lists, in its folder, with their SHA-256; those this build writes (`files`) left out."""
    try:
        if manifest.is_symlink() or manifest.stat().st_size > _MANIFEST_MOST:
            return {}
        previous = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return {}
    outputs = previous.get("outputs") if isinstance(previous, dict) else None
    listed = {}
    for name, digest in (outputs.items() if isinstance(outputs, dict) else ()):
        target = manifest.parent / str(name)
        if (not isinstance(name, str) or Path(name).name != name or name in ("", ".", "..")
                or target in files or target.is_symlink() or not target.is_file()):
            continue
        listed[target] = digest
    return listed


def dropped_releases(spec: BriefingSpec, files: Mapping[Path, bytes],
                     folder: Path) -> list[Path]:
    """The manifests in `folder` of this spec's releases that the spec no longer lists
    (built by any command), with this build's `files` not among them: `superseded` then
    finds the files each wrote, as it does for the memo's own manifest."""
    listed = {release.marking for release in spec.releases}
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        if path in files or path.is_symlink():
            continue
        try:
            if path.stat().st_size > _MANIFEST_MOST:
                continue
            manifest = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        built_from = manifest.get("spec") if isinstance(manifest, dict) else None
        release = manifest.get("release") if isinstance(manifest, dict) else None
        if not isinstance(built_from, dict) or not isinstance(built_from.get("path"), str) \
                or not isinstance(release, str) or release in listed:
            continue
        if recorded_path(manifest_root(path, manifest), built_from["path"]) == \
                spec.path.resolve():
            found.append(path)
    return found


def already_written(files: Mapping[Path, bytes]) -> set[Path]:
    """The files (not yet written) that the folder already holds as they are: the same
    bytes, or, for a build manifest, the same record but for its time of building."""
    found = set()
    for path, content in files.items():
        try:
            if path.is_symlink() or not path.is_file() or \
                    path.stat().st_size > _MANIFEST_MOST:
                continue
            held = path.read_bytes()
        except OSError:
            continue
        if held == content or (path.suffix == ".json" and _without_time(held) is not None
                               and _without_time(held) == _without_time(content)):
            found.add(path)
    return found


def _without_time(content: bytes) -> dict[str, Any] | None:
    """A build manifest without the time it was built; None if it is no manifest."""
    try:
        manifest = json.loads(content)
    except ValueError:
        return None
    if not isinstance(manifest, dict) or "manifest" not in manifest:
        return None
    manifest.pop("built", None)
    return manifest


def moved_paragraphs(spec: BriefingSpec, sources: Mapping[str, Source],
                     passages: Mapping[KeyPath, ResolvedPassage],
                     manifest: Mapping[str, Any] | None, at: Path | None = None
                     ) -> list[BriefWarning]:
    """Passages selected by number (`paragraph`, `paragraphs`) whose paragraphs read
    otherwise than the last build's `manifest` recorded, although the selector and the
    source's bytes are the same: brief now splits or joins that source's paragraphs
    otherwise (a reader mended), and the number may no longer select what the analyst
    meant. Each note says where the text selected before stands now, if anywhere. `at` is
    where the manifest was read (default: output/ in the working folder)."""
    if not isinstance(manifest, Mapping) or not isinstance(manifest.get("passages"), list):
        return []
    recorded_sources, built_from = manifest.get("sources"), manifest.get("spec")
    if not isinstance(recorded_sources, Mapping) or not isinstance(built_from, Mapping) or \
            not isinstance(built_from.get("path"), str):
        return []
    root = manifest_root(at or Path("output") / f"{spec.output_stem}.json", dict(manifest))
    if recorded_path(root, built_from["path"]) != spec.path.resolve():
        return []
    before = {tuple(p["key"]): p for p in manifest["passages"]
              if isinstance(p, Mapping) and isinstance(p.get("key"), list)}
    found: list[BriefWarning] = []
    for passage in spec.passages():
        resolved, old = passages.get(passage.key_path), before.get(tuple(passage.key_path))
        if resolved is None or old is None or passage.paragraph_range is None or \
                resolved.scope is not None or old.get("selector") != selector(passage):
            continue
        source = sources[resolved.source_id]
        recorded = recorded_sources.get(resolved.source_id)
        texts = old.get("text")
        if not isinstance(recorded, Mapping) or recorded.get("sha256") != source.sha256 or \
                not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            continue
        if [normal_form(t) for t in texts] == [normal_form(t) for t in resolved.texts]:
            continue
        found.append(_moved(spec, passage, resolved, source, texts,
                            _version_of(manifest)))
    return found


def _version_of(manifest: Mapping[str, Any]) -> str | None:
    """The version of brief that made `manifest`."""
    tool = manifest.get("tool")
    version = tool.get("version") if isinstance(tool, Mapping) else None
    return version if isinstance(version, str) else None


def _moved(spec: BriefingSpec, passage: PassageSpec, resolved: ResolvedPassage,
           source: Source, texts: list[str], built_with: str | None) -> BriefNote:
    """The note that the paragraphs `passage` selects read otherwise than `texts`."""
    key = "paragraph" if passage.paragraph is not None else "paragraphs"
    value = passage.paragraph if key == "paragraph" else passage.paragraphs
    first, last = resolved.first_paragraph, resolved.last_paragraph
    which = f"paragraph {first}" if first == last else f"paragraphs {first}–{last}"
    verb = "reads" if first == last else "read"
    name = FORMAT_NAMES.get(source.format, "source")
    why = (f"brief {__version__} reads this {name} otherwise than brief {built_with} did"
           if built_with and built_with != __version__ else
           f"the {name} is unchanged; brief reads it otherwise now")
    file = _from_here(spec.path.parent / spec.sources[resolved.source_id].file)
    return BriefNote(  # a note: a --strict build records the paragraphs anew
        f"{which} of '{resolved.source_id}' now {verb} differently than at the last build "
        f"({why}): check that {key}: {value} still selects what you meant; the text you "
        f"selected before {_now_at(source, ' '.join(texts))}",
        spec.where((*passage.key_path, key)),
        hint=f"run `brief sources {file}` to see the numbered paragraphs; the next build "
        "records them as they read now")


def _from_here(path: Path) -> str:
    """`path` as a command typed in the current folder names it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _now_at(source: Source, text: str) -> str:
    """Where `text` (a paragraph, or paragraphs joined by a space) stands in `source`."""
    found = paragraphs_now(source, text)
    if found is not None:
        first, last, whole = found
        if not whole:
            return f"is now part of paragraph {first}"
        return f"is now paragraph {first}" if first == last else \
            f"is now paragraphs {first}–{last}"
    return "is no longer a paragraph of it"


def paragraphs_now(source: Source, text: str) -> tuple[int, int, bool] | None:
    """The paragraphs (first, last, numbered from 1) of `source` that read `text` (a
    paragraph, or paragraphs joined by a space), and whether they are whole paragraphs
    (else `text` is part of paragraph `first`); None where it is not in the source."""
    wanted = normal_form(text)
    paragraphs = [normal_form(p.text) for p in source.paragraphs]
    for first in range(len(paragraphs)):
        joined = paragraphs[first]
        last = first
        while len(joined) < len(wanted) and last + 1 < len(paragraphs):
            last += 1
            joined += " " + paragraphs[last]
        if joined == wanted:
            return first + 1, last + 1, True
    within = next((n for n, p in enumerate(paragraphs, 1) if wanted and wanted in p), None)
    return None if within is None else (within, within, False)
