"""The sources `brief sources` and `brief find` read: those of a spec, inside its project,
or one source file on its own."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefErrors, Where
from ..files import project_root
from ..sources import Source, load_source_file, load_sources
from ..spec import read_spec
from .starter import source_id


def sources_of(path: Path, root: Path | None, *, name_files: bool
               ) -> tuple[list[Source], str]:
    """The sources of a spec (inside its project) and its language, or the one source
    file `path` (with an id from its name if `name_files`, else none)."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        return [load_source_file(path, source_id(path) if name_files else "", Where(path))], "en"
    spec, errors, _ = read_spec(path)
    sources, problems = load_sources(spec, project_root(spec.folder, root))
    if problems or (not sources and errors):
        raise BriefErrors(problems or errors)
    return list(sources.values()), spec.language
