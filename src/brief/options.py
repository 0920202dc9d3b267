"""The options of a build, in one object with one set of defaults.

The command line makes a `BuildOptions` once, from its parameters, and passes it whole to
`pipeline.build` and to what drives it (`batch`, `rebuild`, `watch`, `preview`). The build
manifest records the options that change what a build writes (`BuildOptions.record`), so
that a later build with other options is not skipped (see `freshness`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BriefError
from .render import FORMATS
from .render.base import PDF_VARIANTS

DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class BuildOptions:
    """How to build a spec. Sequences are kept as tuples (a list given is copied), formats
    without repeats; an unknown format or PDF variant is refused when the options are made.
    """

    formats: tuple[str, ...] = DEFAULT_FORMATS  # of `render.FORMATS`
    pdf_variant: str | None = None  # of `render.PDF_VARIANTS`; None: the renderer's default
    email: bool = False  # also an email draft (.eml) with the files attached
    extra_to: tuple[str, ...] = ()  # recipients of the draft beside the spec's distribution
    extra_cc: tuple[str, ...] = ()
    # The releases to build instead of the memo and the spec's own `releases`; None: those.
    releases: tuple[str, ...] | None = None
    main_only: bool = False  # the memo alone, not the releases its spec lists
    review: bool = False  # also the Word file made for review: output/<name>-review.docx
    strict: bool = False  # warnings are errors
    output: Path | None = None  # the folder written into; None: output/ in the current folder
    root: Path | None = None  # the project's folder; None: found from the spec's (`files`)
    # The build command's own: `pipeline.build` builds whatever these say.
    force: bool = False  # build even a spec whose outputs are up to date
    jobs: int | None = None  # specs built at a time; None: one per core

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # the dataclass is frozen: this is its constructor
        set_field(self, "formats", tuple(dict.fromkeys(self.formats)))
        set_field(self, "extra_to", tuple(self.extra_to))
        set_field(self, "extra_cc", tuple(self.extra_cc))
        if self.releases is not None:
            set_field(self, "releases", tuple(self.releases))
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise BriefError(f"unknown output format '{unknown[0] if unknown else ''}'; "
                             f"choose from {', '.join(FORMATS)}")
        if self.main_only and self.releases:
            raise BriefError("--main-only and --release ask for different versions: give one "
                             "or the other")
        if self.pdf_variant is not None and self.pdf_variant not in PDF_VARIANTS:
            raise BriefError(f"unknown PDF variant '{self.pdf_variant}'; choose from "
                             f"{', '.join(PDF_VARIANTS)}")

    @property
    def output_folder(self) -> Path:
        """The folder the files are written into."""
        return Path.cwd() / "output" if self.output is None else self.output

    @property
    def workers(self) -> int:
        """How many specs to build at a time."""
        return self.jobs or os.cpu_count() or 1

    def record(self) -> dict[str, Any]:
        """The options that change what a build writes, as the build manifest records them
        (under `inputs.options`), with `SOURCE_DATE_EPOCH`, which changes the dates."""
        return {"formats": sorted(self.formats), "pdf_variant": self.pdf_variant,
                "email": self.email, "to": list(self.extra_to), "cc": list(self.extra_cc),
                "releases": None if self.releases is None else list(self.releases),
                # Only when asked: a manifest of a build of everything reads as it always has.
                **({"main_only": True} if self.main_only else {}),
                **({"review": True} if self.review else {}),
                "strict": self.strict,
                "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip() or None}

