"""brief: build verified policy memos, as PDF and Word, from a YAML briefing spec."""

from .errors import BriefError
from .pipeline import BuildResult, build, check

__version__ = "0.1.0"
__all__ = ["BriefError", "BuildResult", "__version__", "build", "check"]
