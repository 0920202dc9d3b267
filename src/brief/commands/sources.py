"""The sources `brief sources` and `brief find` read: those of a spec, inside its project,
or one source file on its own."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from ..errors import BriefErrors, Where, display_path
from ..files import project_root
from ..sources import Source, load_source_file, load_sources
from ..spec import read_spec, safe_file_name


def source_id(file: Path, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A short id for a source file, from the first word of its name (`wolff` for
    wolff-bayok-belarus-2022.txt), not one of `taken`."""
    base = safe_file_name(file.stem.lower(), fallback="source", limit=24)
    base = re.split(r"[^a-z0-9]+", base)[0] or "source"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    return name


def sources_of(path: Path, root: Path | None, *, name_files: bool
               ) -> tuple[list[Source], str]:
    """The sources of a spec (inside its project) and its language, or the one source
    file `path` (with an id from its name if `name_files`, else none)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return [load_source_file(path, source_id(path) if name_files else "", Where(path))], "en"
    spec, errors, _ = read_spec(path, root)
    sources, problems = load_sources(spec, project_root(spec.folder, root))
    if problems or (not sources and errors):
        raise BriefErrors(problems or errors)
    return list(sources.values()), spec.language


def listing(loaded: list[Source], *, as_json: bool) -> list[str]:
    """What `brief sources` prints of each source: its details and numbered paragraphs, as
    lines, or one JSON document for other tools."""
    if as_json:
        return [json.dumps({"sources": [{
            "id": source.id or None, "path": str(source.path), "format": source.format,
            "encoding": source.encoding, "sha256": source.sha256,
            "metadata": dataclasses.asdict(source.file_metadata),
            "paragraphs": [dataclasses.asdict(p) for p in source.paragraphs],
        } for source in loaded]}, indent=2, ensure_ascii=False)]
    lines: list[str] = []
    for index, source in enumerate(loaded):
        if index:
            lines.append("")
        label = f"{source.id}: " if source.id else ""
        lines.append(f"# {label}{display_path(source.path)}")
        encoding = f", {source.encoding}" if source.encoding else ""
        lines.append(f"format: {source.format}{encoding}; {len(source.paragraphs)} "
                     f"paragraphs; SHA-256 {source.sha256[:12]}")
        meta = source.file_metadata
        for name, value in (("title", meta.title), ("authors", ", ".join(meta.authors)),
                            ("date", meta.date), ("publisher", meta.publisher),
                            ("url", meta.url)):
            if value:
                lines.append(f"{name}: {value}")
        for paragraph in source.paragraphs:
            page = f"({paragraph.label}) " if paragraph.page is not None else ""
            note = "[note] " if paragraph.role == "note" else ""
            lines.append(f"¶{paragraph.number:<4}{page}{note}{paragraph.text}")
    return lines
