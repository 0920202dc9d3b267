"""brief: build verified policy memos, as PDF and Word, from a YAML briefing spec."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import trace  # noqa: F401 (first: its clock starts as brief loads)
from .errors import BriefError
from .version import __version__

if TYPE_CHECKING:
    from .pipeline import BuildResult, build, check

__all__ = ["BriefError", "BuildResult", "__version__", "build", "check"]


def __getattr__(name: str) -> Any:
    # The pipeline is imported when first used, so that `brief --help` and the start of a
    # build (which sets the PDF renderer loading at once) do not wait for it.
    if name in ("BuildResult", "build", "check"):
        from . import pipeline  # noqa: PLC0415 (`import brief` stays light)

        return getattr(pipeline, name)
    raise AttributeError(f"module 'brief' has no attribute {name!r}")
