"""What stages 1-4 give the renderers: a spec with everything it names read and verified."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .editions import Edition
from .errors import BriefWarning
from .freshness import Inputs
from .model import Briefing
from .passages import ResolvedPassage
from .sources import Source
from .spec import BriefingSpec, ReleaseSpec
from .templates import Template
from .yamlfile import KeyPath


@dataclass(frozen=True)
class Checked:
    """Everything read and verified for one spec: the input to rendering. A release (a
    version for a wider audience) is a `Checked` of its own, with its `release`."""

    spec: BriefingSpec
    sources: Mapping[str, Source]
    passages: Mapping[KeyPath, ResolvedPassage]
    template: Template
    briefing: Briefing
    inputs: Inputs  # what was read, as it was then: for the manifest and PDF/A attachments
    warnings: tuple[BriefWarning, ...] = ()  # of the memo and of every release
    release: ReleaseSpec | None = None
    # What a build writes: the memo, then its releases; or only the releases asked for.
    versions: tuple[Checked, ...] = ()
    root: Path | None = None  # the project's folder: only files inside it were read
    # The edition it makes, as `brief diff` and a later `previous:` compare it (manifest).
    edition: Edition | None = None
