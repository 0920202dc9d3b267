"""Stage 5: renderers. Each takes the format-neutral `Briefing` and a `Template`
and returns the bytes of one output format."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from .base import DEFAULT_PDF_VARIANT, PDF_VARIANTS, Attachment, RenderOptions

if TYPE_CHECKING:  # not imported at run time: a build starts its PDF worker before them
    from ..model import Briefing
    from ..templates import Template

__all__ = [
    "DEFAULT_PDF_VARIANT",
    "FORMATS",
    "PDF_VARIANTS",
    "RENDERERS",
    "REVIEW_SUFFIX",
    "Attachment",
    "RenderOptions",
    "cross_reference",
    "review_copy",
    "warm_up",
]

Renderer = Callable[["Briefing", "Template", RenderOptions], bytes]


def _pdf(briefing: Briefing, template: Template, options: RenderOptions) -> bytes:
    from .pdf.html import render_pdf  # noqa: PLC0415 (the worker forks first)

    return render_pdf(briefing, template, options)


def _docx(briefing: Briefing, template: Template, options: RenderOptions) -> bytes:
    from .docx import render_docx  # noqa: PLC0415 (the worker forks first)

    return render_docx(briefing, template)


def review_copy(briefing: Briefing, template: Template) -> bytes:
    """The Word file made for review (`brief build --review`): Track Changes on, the
    document protected for tracked changes, its trace saying it is a review copy."""
    from .docx import render_docx  # noqa: PLC0415 (the worker forks first)

    return render_docx(briefing, template, review=True)


def _html(briefing: Briefing, template: Template, options: RenderOptions) -> bytes:
    # The web page is the PDF's HTML made to stand alone: it lives beside it.
    from .pdf.web import render_web  # noqa: PLC0415 (the worker forks first)

    return render_web(briefing, template)


# The review copy's name: the memo's, then this (`memo-review.docx`).
REVIEW_SUFFIX = "-review"

# Output formats, by file extension, as users see them listed.
FORMATS = ("pdf", "docx", "html")
# The renderers, in the order they run: Word first, so that WeasyPrint's slow import
# (started by `warm_up`) has finished when the PDF's turn comes.
RENDERERS: dict[str, Renderer] = {"docx": _docx, "html": _html, "pdf": _pdf}


def cross_reference(rendered: dict[str, bytes], template: Template) -> dict[str, bytes]:
    """What one format takes from another once all have rendered: the Word file's list of
    figures the page numbers of the PDF's layout (Word's own fills them in only when the
    list is updated, and a file that asked Word to do so on opening would show a dialog)."""
    if "docx" not in rendered or "pdf" not in rendered or not template.list_of_figures:
        return rendered
    from .docx.figures import with_page_numbers  # noqa: PLC0415 (the worker forks first)
    from .pdf.anchors import figure_pages  # noqa: PLC0415 (the worker forks first)

    return {**rendered, "docx": with_page_numbers(rendered["docx"],
                                                  figure_pages(rendered["pdf"]))}


def warm_up(formats: Collection[str]) -> None:
    """Start importing WeasyPrint in a thread, when a PDF will be needed.

    The import takes about half a second, much of it outside the GIL (loading Pango and
    its fonts), so it overlaps with checking the spec and rendering the Word file. The
    thread is not a daemon: an interpreter never exits in the middle of it.
    """
    if "pdf" not in formats:
        return

    from .weasyprint_import import load_weasyprint  # noqa: PLC0415 (the worker forks first)

    def load() -> None:
        # A failed import is reported properly when the PDF renderer imports it again.
        with contextlib.suppress(Exception):
            load_weasyprint()

    threading.Thread(target=load, name="brief-warm-up").start()
