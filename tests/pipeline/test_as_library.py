"""brief used as a library, where a web service or a task queue would call it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from brief import build
from brief.options import BuildOptions


def _build_in_pool(spec: str, output: str) -> list[str]:
    result = build(Path(spec), BuildOptions(output=Path(output), root=Path(spec).parent))
    return sorted(path.name for path in result.written)


@pytest.mark.slow
def test_brief_builds_inside_a_daemonic_pool_worker(project):
    """A pool's (or Celery's) workers are daemonic and may have no children: brief renders
    the PDF in the worker itself instead of forking its own PDF process."""
    spec = project.spec()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        written = pool.apply(_build_in_pool, (str(spec), str(project.output)))
    assert written == ["memo.docx", "memo.json", "memo.pdf"]
    assert (project.output / "memo.pdf").read_bytes().startswith(b"%PDF-")
