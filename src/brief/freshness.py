"""Is a build's output still up to date? The build manifest records what the memo was
built from (`inputs`): brief's version, the build's options, and the SHA-256 of every file
read (the spec, its sources, the project's template and scale files); and what the
template and scale folders held, so that a template added beside the spec is noticed. A
build whose manifest still matches all of it, and whose outputs are still the files it
wrote, need not run again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import display_path
from .files import InputFile
from .folders import built_in
from .options import BuildOptions
from .version import __version__


@dataclass(frozen=True)
class Inputs:
    """What a build read, as it was when read: the spec's bytes, and the SHA-256 of every
    file, with the names in each folder searched for templates and scales. The spec's and
    the sources' SHA-256 are those of the bytes the build read; the template's and the
    scales' files are hashed, and the folders listed, as the spec is checked: before
    anything is rendered, so that no file saved during the build is recorded as built."""

    spec: InputFile
    files: tuple[tuple[str, str | None], ...]  # resolved path, SHA-256 (None: unreadable)
    folders: tuple[tuple[str, list[str]], ...]  # resolved path, the names in it


def read_inputs(spec: InputFile, spec_path: Path, sources: Iterable[tuple[Path, str]],
                template_folders: Iterable[Path], logo: Path | None,
                searched_folders: Iterable[Path], taken: dict[Any, Any] | None = None
                ) -> Inputs:
    """The inputs of a build of the spec read as `spec` (at `spec_path`, resolved) from
    `sources` (each path with the SHA-256 of the bytes read), with a template's folders and
    logo and the folders searched for templates and scales. Built-in folders are left out:
    they change only with brief's version, which is recorded. The other versions of a spec
    (its releases) pass the same `taken`, so that each file is hashed, and each folder
    listed, once for all of them."""
    taken = {} if taken is None else taken

    def once(make: Callable[[Path], Any], path: Path) -> Any:
        if (make, path) not in taken:
            taken[make, path] = make(path)
        return taken[make, path]

    sources = list(sources)
    read = {spec_path.resolve(): spec.sha256, **{p.resolve(): h for p, h in sources}}
    files = [spec_path, *(p for p, _ in sources), *([logo] if logo else [])]
    for folder in template_folders:
        if not built_in(folder):
            files += once(_tree, folder)
    listings: dict[str, list[str]] = {}
    for folder in searched_folders:
        if not built_in(folder):
            listings[str(folder.resolve())] = once(_listing, folder)
            files += once(_yaml_files, folder)
    hashes: dict[str, str | None] = {}
    for path in dict.fromkeys(files):
        resolved = path.resolve()
        hashes[str(resolved)] = read[resolved] if resolved in read else once(
            _file_sha256, path)
    return Inputs(spec, tuple(hashes.items()), tuple(listings.items()))


def inputs_record(inputs: Inputs, options: BuildOptions) -> dict[str, Any]:
    """What a build read and how, as its manifest records it (under `inputs`)."""
    return {"brief": __version__, "options": options.record(), "files": dict(inputs.files),
            "folders": {folder: list(names) for folder, names in inputs.folders}}


def read_manifests(output_folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The build manifests in `output_folder`, read once for a batch of specs."""
    found = []
    for path in sorted(output_folder.glob("*.json")) if output_folder.is_dir() else ():
        manifest = read_manifest(path)
        if manifest is not None:
            found.append((path, manifest))
    return found


def unchanged_since(spec_path: Path, options: BuildOptions,
                    manifests: list[tuple[Path, dict[str, Any]]] | None = None
                    ) -> Path | None:
    """The manifest in the options' output folder (or among `manifests`, read before) of
    an earlier build of this spec with these `options`, if every input and output that
    build recorded is unchanged; else None."""
    recorded = options.record()
    spec = str(spec_path.resolve())
    found = [(path, manifest) for path, manifest in (
        manifests if manifests is not None else read_manifests(options.output_folder))
        if isinstance(manifest.get("inputs"), dict)
        and isinstance(manifest.get("spec"), dict) and manifest["spec"].get("path") == spec
        and manifest["inputs"].get("options") == recorded]
    if not found or not all(_unchanged(path.parent, m) for path, m in found):
        return None
    return found[0][0]


def _unchanged(folder: Path, manifest: dict[str, Any]) -> bool:
    inputs = manifest["inputs"]
    if inputs.get("brief") != __version__:
        return False
    for path, sha256 in (inputs.get("files") or {}).items():
        if _file_sha256(Path(path)) != sha256:
            return False
    for path, names in (inputs.get("folders") or {}).items():
        if _listing(Path(path)) != names:
            return False
    return all(_file_sha256(folder / name) == sha256
               for name, sha256 in (manifest.get("outputs") or {}).items())


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The build manifest at `path`; None if there is none, or it is no manifest."""
    try:
        if path.stat().st_size > 16 * 1024 * 1024:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "manifest" in data else None


def _tree(folder: Path) -> list[Path]:
    """Every file in `folder` and its subfolders, by path."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(child.name for child in folder.iterdir())
    except OSError:
        return []


def _file_sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def unchanged_line(spec: Path, manifest: Path) -> str:
    """What a spec that is not built again says."""
    return (f"{display_path(spec)}: unchanged since {display_path(manifest)}; not built "
            "again (--force rebuilds)")
