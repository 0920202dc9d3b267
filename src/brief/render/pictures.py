"""Pictures as the renderers need them beyond their own bytes: an SVG drawn as a PNG, for
the Word file's fallback (Word before 2016, and other readers, show it in place of the
SVG).

The SVG is drawn by WeasyPrint, which draws it in the PDF too, so the two formats show
the same picture, then rasterised by PDFium (pypdfium2): both already brief's, offline,
and given only the SVG's own bytes (every fetch refused: `sources.images` has checked the
SVG refers to nothing outside itself). WeasyPrint loads only when a memo has an SVG.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from ..errors import RenderError
from ..model import Picture
from .weasyprint_import import load_weasyprint

# The fallback's resolution: enough for print at the picture's printed size.
FALLBACK_DPI = 150
_MOST_PIXELS = 3000  # its longer side, whatever the size printed


def svg_as_png(picture: Picture, width_mm: float) -> bytes:
    """The SVG `picture` drawn as a PNG for a width of `width_mm` on the page."""
    load_weasyprint()  # the quick way, when nothing has imported it yet
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"a picture draws only what it holds, not {url}")

    width = max(1.0, picture.width)
    height = max(1.0, picture.height)
    data = base64.b64encode(picture.data).decode("ascii")
    html = (f"<style>@page {{ size: {width}px {height}px; margin: 0 }} html, body {{ margin: 0 }}"
            f" img {{ display: block; width: {width}px; height: {height}px }}</style>"
            f'<img src="data:image/svg+xml;base64,{data}" alt="">')
    try:
        pdf = HTML(string=html, url_fetcher=NoFetching()).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; each is a picture not drawn
        raise RenderError(f"the SVG picture could not be drawn: {exc}") from None
    return _png_of_pdf(pdf, width, width_mm)


def _png_of_pdf(pdf: bytes, width_px: float, width_mm: float) -> bytes:
    import pypdfium2  # type: ignore[import-untyped]

    wanted = min(_MOST_PIXELS, max(16.0, width_mm / 25.4 * FALLBACK_DPI))
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        points = page.get_width()  # WeasyPrint's pages are in points: 3/4 of a px
        bitmap = page.render(scale=wanted / max(points, 1.0), fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
