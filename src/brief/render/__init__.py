"""Stage 5: renderers. Each takes the format-neutral `Briefing` and a `Template`
and returns the bytes of one output format."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Briefing
from ..templates import Template

Renderer = Callable[[Briefing, Template], bytes]


def _pdf(briefing: Briefing, template: Template) -> bytes:
    from .html import render_pdf

    return render_pdf(briefing, template)


def _docx(briefing: Briefing, template: Template) -> bytes:
    from .docx import render_docx

    return render_docx(briefing, template)


# Output formats, by file extension, in the order they are built.
RENDERERS: dict[str, Renderer] = {"pdf": _pdf, "docx": _docx}
