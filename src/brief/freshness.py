"""Is a build's output still up to date? The build manifest records what the memo was
built from (`inputs`): brief's version and a fingerprint of its own code, the versions of
the libraries that draw the memo (WeasyPrint, python-docx, ...), the fonts fontconfig
offers, the build's options, and the SHA-256 of every file read (the spec, its sources,
the project's template and scale files); and what the folders along the search path held,
present and absent alike: every file under the template's folders (so that a
reference.docx or style.css added to a template that had none is noticed), and the names
in each folder searched for templates and scales (so that a template added beside the
spec is). A build whose manifest still matches all of it, and whose outputs are still the
files it wrote, need not run again.

The manifest gives paths relative to the project's folder, and that folder relative to
the manifest's own (`project`), so that a project moved or shared still verifies; a
manifest of an earlier brief, with absolute paths, is read as well.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
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
    # A template's folder (resolved), and every file under it (relative, with "/").
    trees: tuple[tuple[str, list[str]], ...] = ()
    root: Path | None = None  # the project's folder (resolved): the paths are given from it


def read_inputs(spec: InputFile, spec_path: Path, sources: Iterable[tuple[Path, str]],
                template_folders: Iterable[Path], logo: Path | None,
                searched_folders: Iterable[Path], taken: dict[Any, Any] | None = None,
                root: Path | None = None) -> Inputs:
    """The inputs of a build of the spec read as `spec` (at `spec_path`, resolved) from
    `sources` (each path with the SHA-256 of the bytes read), with a template's folders and
    logo and the folders searched for templates and scales. Built-in folders are left out:
    they change only with brief's version, which is recorded. The other versions of a spec
    (its releases) pass the same `taken`, so that each file is hashed, and each folder
    listed, once for all of them. `root` is the project's folder."""
    taken = {} if taken is None else taken

    def once(make: Callable[[Path], Any], path: Path) -> Any:
        if (make, path) not in taken:
            taken[make, path] = make(path)
        return taken[make, path]

    sources = list(sources)
    read = {spec_path.resolve(): spec.sha256, **{p.resolve(): h for p, h in sources}}
    files = [spec_path, *(p for p, _ in sources), *([logo] if logo else [])]
    trees: dict[str, list[str]] = {}
    for folder in template_folders:
        if not built_in(folder):
            files += once(_tree, folder)
            trees[str(folder.resolve())] = once(_tree_names, folder)
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
    return Inputs(spec, tuple(hashes.items()), tuple(listings.items()), tuple(trees.items()),
                  root.resolve() if root is not None else None)


def inputs_record(inputs: Inputs, options: BuildOptions) -> dict[str, Any]:
    """What a build read and how, as its manifest records it (under `inputs`): each path
    relative to the project's folder."""

    def relative(path: str) -> str:
        return relative_path(path, inputs.root)

    return {"brief": __version__, "code": code_fingerprint(), "libraries": library_versions(),
            "fonts": fonts_fingerprint(), "options": options.record(),
            "files": {relative(path): sha256 for path, sha256 in inputs.files},
            "folders": {relative(folder): list(names) for folder, names in inputs.folders},
            "trees": {relative(folder): list(names) for folder, names in inputs.trees}}


def relative_path(path: str | Path, root: Path | None) -> str:
    """`path` (resolved) as a manifest gives it: relative to the project's folder `root`,
    with "/" between names; a path outside it (or with no `root`) stays absolute."""
    path = Path(path)
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix() or "."
    return str(path)


def project_entry(root: Path, manifest_folder: Path) -> str:
    """The project's folder as a manifest in `manifest_folder` names it: relative to it."""
    try:
        return Path(os.path.relpath(root, manifest_folder.resolve())).as_posix()
    except ValueError:  # another drive
        return str(root)


def manifest_root(manifest_path: Path, manifest: dict[str, Any]) -> Path:
    """The project's folder of the manifest at `manifest_path`: the folder its `project`
    names, from the manifest's own folder. A manifest without one (of an earlier brief)
    gives absolute paths, which need none: its own folder is returned."""
    project = manifest.get("project")
    folder = manifest_path.parent.resolve()
    return Path(os.path.normpath(folder / project)) if isinstance(project, str) else folder


def recorded_path(root: Path, path: str) -> Path:
    """A path a manifest gives, relative to the project's folder `root` (or absolute)."""
    return Path(os.path.normpath(root / path))


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
    # A build of everything holds the memo that a build of the memo alone would write
    # (and a memo without releases records no `main_only`: see `pipeline`).
    also = {k: v for k, v in recorded.items() if k != "main_only"}
    spec = spec_path.resolve()
    found = []
    for path, manifest in (manifests if manifests is not None
                           else read_manifests(options.output_folder)):
        built_from = manifest.get("spec")
        if not isinstance(manifest.get("inputs"), dict) or not isinstance(built_from, dict) \
                or not isinstance(built_from.get("path"), str) \
                or manifest["inputs"].get("options") not in (recorded, also):
            continue
        root = manifest_root(path, manifest)
        if recorded_path(root, built_from["path"]) == spec:
            found.append((path, manifest, root))
    # Those of the spec as it is: a release the spec no longer lists left its files.
    current = _file_sha256(spec)
    found = [(path, m, root) for path, m, root in found if m["spec"].get("sha256") == current]
    # The memo's own manifest, not a release's (unless only releases were asked for).
    memo = next((path for path, m, _ in found if m.get("release") is None),
                found[0][0] if found and options.releases is not None else None)
    if memo is None or not all(_unchanged(path.parent, m, root) for path, m, root in found):
        return None
    return memo


def _unchanged(folder: Path, manifest: dict[str, Any], root: Path) -> bool:
    inputs = manifest["inputs"]
    if inputs.get("brief") != __version__ or inputs.get("code") != code_fingerprint() or \
            inputs.get("libraries") != library_versions() or \
            not all(isinstance(inputs.get(key), dict) for key in ("files", "folders", "trees")):
        return False  # made otherwise, or a record damaged: built again
    for path, sha256 in _mapping(inputs.get("files")).items():
        if _file_sha256(recorded_path(root, path)) != sha256:
            return False
    for path, names in _mapping(inputs.get("folders")).items():
        if _listing(recorded_path(root, path)) != names:
            return False
    for path, names in _mapping(inputs.get("trees")).items():
        if _tree_names(recorded_path(root, path)) != names:
            return False
    return all(_file_sha256(folder / name) == sha256
               for name, sha256 in _mapping(manifest.get("outputs")).items()) and \
        inputs.get("fonts") == fonts_fingerprint()  # last: it asks fontconfig


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


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


def _tree_names(folder: Path) -> list[str]:
    """Every file under `folder`, relative to it (with "/"): a file added is noticed."""
    try:
        return [p.relative_to(folder).as_posix() for p in _tree(folder)]
    except (OSError, ValueError):  # ValueError: a NUL in a damaged manifest's path
        return []


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(child.name for child in folder.iterdir())
    except (OSError, ValueError):  # ValueError: a NUL in a damaged manifest's path
        return []


def _file_sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except (OSError, ValueError):  # ValueError: a NUL in a damaged manifest's path
        return None


# --- what a build is made with, beside its inputs ---------------------------------------

BRIEF_CODE = Path(__file__).parent
# The libraries whose versions can change a memo's bytes: the PDF's and the Word file's
# writers, and what they lean on (names as their .dist-info folders give them).
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "pyphen",
             "fonttools", "pillow", "python_docx", "lxml", "markdown", "markdown_it_py",
             "jinja2", "babel")


@functools.cache
def code_fingerprint() -> str:
    """The SHA-256 of brief's own files (its code, built-in templates, scales and fonts),
    taken once a process: a brief changed without a new version number still rebuilds."""
    paths = []
    for folder, names, files in os.walk(BRIEF_CODE):
        names[:] = [n for n in names if n != "__pycache__"]  # Python's, made from the code
        paths += [Path(folder) / name for name in files]
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(BRIEF_CODE).as_posix().encode() + b"\0")
        digest.update((_file_sha256(path) or "unreadable").encode() + b"\0")
    return digest.hexdigest()


@functools.cache
def library_versions() -> dict[str, str | None]:
    """The installed version of each of `LIBRARIES` (None: not installed), read from the
    names of the .dist-info folders on the import path, without importing any of them."""
    found: dict[str, str] = {}
    for entry in filter(None, sys.path):  # not "": the working folder is no install
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name.removesuffix(".dist-info").partition("-")
                found.setdefault(project.lower().replace("-", "_").replace(".", "_"), version)
    return {library: found.get(library) for library in LIBRARIES}


@functools.cache
def fonts_fingerprint() -> str | None:
    """The SHA-256 of the fonts fontconfig offers the PDF (each file, its families and
    version): a font installed, removed or updated rebuilds. None if fontconfig cannot be
    asked."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{family}\t%{style}\t%{fontversion}\n"],
            capture_output=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return hashlib.sha256(b"\n".join(sorted(listing.splitlines()))).hexdigest()


def unchanged_line(spec: Path, manifest: Path) -> str:
    """What a spec that is not built again says."""
    return (f"{display_path(spec)}: unchanged since {display_path(manifest)}; not built "
            "again (--force rebuilds)")
