"""What the PDF renderer keeps between builds in one process (`brief watch`, `brief
preview`, a batch's workers): the memo's stylesheets parsed, and WeasyPrint's font
configuration; and Python's cycle collector, kept out of the way of a render.

Every build parses the template's style.css, reference.docx's styles as CSS and the style
tokens' `<style>` again, and compiles their selectors (about a sixth of a warm render of
the example), and makes a new fontconfig configuration with its Pango font map (whose
fonts are then loaded again). Both are the same from one build to the next:

- A stylesheet is kept by what it is: its address and its bytes (a file is read each build,
  so a change to style.css shows at once; a `data:` URL is its bytes). What parsing a
  stylesheet does to the document besides (its `@page` rules) is done again for each
  document from the kept copy. A stylesheet with rules that change more than that
  (`@font-face`, `@import`, `@layer`, `@counter-style`, `@color-profile`) is never kept.
- The font configuration is kept as long as no `@font-face` was added to it: a template
  with its own font files (`fonts:`) gets a new one each build, so a changed font file
  shows in the next. A font installed on the machine shows once brief is started again
  (as in the build manifest's fonts fingerprint, taken once a process). The copies of
  the font files WeasyPrint makes for it are removed as soon as the PDF is written
  (`release_fonts`).
"""

from __future__ import annotations

import collections
import gc
import io
import re
import shutil
import threading
from typing import Any

# Kept stylesheets by (address, bytes, media type), most recently used last: a few
# templates' worth, so that a batch of several templates keeps them all.
_SHEETS: collections.OrderedDict[tuple[Any, ...], Any] = collections.OrderedDict()
_MOST = 32
_LOCK = threading.Lock()
_FONTS: list[Any] = []  # the kept FontConfiguration, if any
# At-rules whose parsing changes the document beyond its selectors and `@page` rules (an
# `@` written with an escape, such as `@\66 ont-face`, is taken for one of them).
_NOT_KEPT = re.compile(rb"@(font-face|import|layer|counter-style|color-profile|\\)",
                       re.IGNORECASE)


def install() -> None:
    """Make WeasyPrint keep the stylesheets of documents (once a process)."""
    import weasyprint.css

    if not getattr(weasyprint.css.CSS, "brief_keeps", False):
        weasyprint.css.CSS = _keeping(weasyprint.css.CSS)


def font_config() -> Any:
    """The font configuration to lay the next memo out with: the one kept, unless a
    document added `@font-face` fonts to it (then a new one, kept in its place)."""
    from weasyprint.text.fonts import FontConfiguration

    with _LOCK:
        if not _FONTS or _FONTS[0]._folder is not None:  # fonts were added to it
            _FONTS[:] = [FontConfiguration()]
        return _FONTS[0]


def release_fonts() -> None:
    """Remove the folder where WeasyPrint copied the fonts a memo added (`@font-face`: a
    template's `fonts:`), now that its PDF is written, and keep that configuration no
    longer (the next memo gets a new one, as it would anyway). WeasyPrint removes the
    folder only when the configuration is collected, which never happens to the last one
    a process made: the PDF worker is stopped, not wound down, and at a build's exit
    the module that removes it is already gone. Each build with a house font left a copy
    of the house's font files in the temporary folder."""
    with _LOCK:
        if _FONTS and _FONTS[0]._folder is not None:
            config = _FONTS.pop()
            folder, config._folder = config._folder, None
            shutil.rmtree(folder, ignore_errors=True)


def prepare() -> None:
    """Lay a few words out once, in the fonts the built-in templates use, with the kept
    font configuration: fontconfig and Pango start, and load those fonts, here (a batch
    does this before it forks its workers, which then start with them loaded)."""
    from weasyprint import HTML

    words = "".join(f'<p style="font-family: {family}">a <b>b</b> <i>c</i></p>'
                    for family in ("DejaVu Sans", "DejaVu Serif"))
    HTML(string=f"<html><body>{words}</body></html>").render(font_config=font_config())


def freeze() -> None:
    """Leave what is loaded now (WeasyPrint, python-docx, brief) out of the collector's
    walks from now on: in a process that is about to render, or to fork processes that
    will (their pages of memory then stay shared, too)."""
    gc.freeze()


def forget() -> None:
    """Drop every kept stylesheet and the font configuration."""
    with _LOCK:
        _SHEETS.clear()
        _FONTS.clear()


def _keeping(original: type) -> Any:
    """WeasyPrint's `CSS` as `find_stylesheets` calls it for a `<link>` or a `<style>`,
    answered from the kept stylesheets where it can be."""

    def make(*args: Any, **kwargs: Any) -> Any:
        source = _source(args, kwargs)
        if source is None:
            return original(*args, **kwargs)
        url, content, base_url = source
        key = (url, content, base_url, kwargs.get("media_type", "print"))
        with _LOCK:
            kept = _SHEETS.get(key)
            if kept is not None:
                _SHEETS.move_to_end(key)
        if kept is None:
            kept = original(file_obj=io.BytesIO(content), base_url=base_url,
                            url_fetcher=kwargs.get("url_fetcher"),
                            media_type=kwargs.get("media_type", "print"),
                            page_rules=[], layers=[], counter_style={}, color_profiles={})
            with _LOCK:
                _SHEETS[key] = kept
                while len(_SHEETS) > _MOST:
                    _SHEETS.popitem(last=False)
        return _for_document(kept, kwargs)

    make.brief_keeps = True  # type: ignore[attr-defined]
    return make


def _source(args: tuple[Any, ...], kwargs: dict[str, Any]
            ) -> tuple[str | None, bytes, str | None] | None:
    """A stylesheet that may be kept: (its address, its bytes, its base URL); None for
    any other call of `CSS`, and for a stylesheet that cannot be fetched (WeasyPrint's
    own call then reports it) or is not kept."""
    allowed = {"url", "string", "base_url", "url_fetcher", "media_type", "font_config",
               "counter_style", "color_profiles", "page_rules", "layers", "_check_mime_type"}
    if args or set(kwargs) - allowed:
        return None
    if isinstance(kwargs.get("string"), str):
        content, url, base_url = kwargs["string"].encode("utf-8"), None, kwargs.get("base_url")
    elif isinstance(kwargs.get("url"), str) and kwargs.get("_check_mime_type"):
        fetched = _fetched(kwargs["url"], kwargs.get("url_fetcher"))
        if fetched is None:
            return None
        content, url = fetched
        base_url = url
    else:
        return None
    if _NOT_KEPT.search(content):
        return None
    return url, content, base_url


def _fetched(url: str, fetcher: Any) -> tuple[bytes, str] | None:
    """A stylesheet's bytes and final address, if it is plain CSS without a charset of
    its own (as the template's files and brief's `data:` URLs are)."""
    from weasyprint.urls import fetch

    if fetcher is None:
        return None
    try:
        with fetch(fetcher, url) as response:
            if response.content_type != "text/css" or response.charset is not None:
                return None
            content = response.read()
            return (content if isinstance(content, bytes) else content.encode("utf-8"),
                    response.url)
    except Exception:  # refused, or unreadable: WeasyPrint's own call reports it
        return None


def _for_document(kept: Any, kwargs: dict[str, Any]) -> Any:
    """The kept stylesheet for one document: its `@page` rules added to the document's,
    its compiled selectors shared (WeasyPrint only reads them, as it does its own
    user-agent stylesheet's)."""
    page_rules = kwargs.get("page_rules")
    page_rules = [] if page_rules is None else page_rules
    page_rules.extend(kept.page_rules)
    layers = kwargs.get("layers")
    sheet = object.__new__(type(kept))
    sheet.__dict__.update(kept.__dict__)
    sheet.page_rules = page_rules
    sheet.layers = [] if layers is None else layers
    return sheet
