"""Render a briefing to HTML through the template's Jinja2 files, and to PDF with WeasyPrint."""

from __future__ import annotations

import base64
import functools
import io
import mimetypes
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ... import trace
from ...errors import BriefError, RenderError, TemplateError, Where
from ...files import inside, is_file, read_input
from ...model import Briefing, quotations_in
from ...templates import Template
from ...templates.fonts import font_face_css
from ...templates.style import css as style_css
from ...templates.word import HouseStyle, house_style, table_style_name
from ..base import DEFAULT_PDF_VARIANT, RenderOptions
from ..layout import KINDS, LayoutBlock, layout
from ..markup import inline_html, rich_html, spans_html
from ..weasyprint_import import load_weasyprint
from . import collector, notes, tags, warm, wraps
from .finish import finisher
from .word_css import header_image_css, word_css


def render_html(briefing: Briefing, template: Template) -> str:
    """Return the briefing as an HTML page, through the template's `document.html.j2`."""
    import jinja2
    from markupsafe import Markup

    html_file = template.file("document.html.j2")
    house = house_style(template)
    # reference.docx's styles as CSS, and its header's logo where the template has none
    house_css = _house_css(house, table_style_name(house, template)) + (
        "" if template.logo else header_image_css(house))
    env = _jinja_environment(template.name, template.folders)
    env.loader.template = template
    try:
        page = env.get_template("document.html.j2")
        return page.render(briefing=briefing, template=template,
                           layout=layout(briefing, template),
                           # by its full address: it may come from a fallback folder
                           stylesheet=template.file("style.css").as_uri(),
                           # reference.docx's styles after style.css, the template's
                           # own further stylesheets last
                           stylesheets=[*_font_faces(template), _data_url(house_css),
                                        *(template.file(name).as_uri()
                                          for name in template.stylesheets)],
                           tokens_css=Markup(style_css(
                               template.style,
                               template.logo.as_uri() if template.logo else None)))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}",
                            Where(Path(exc.filename or html_file), exc.lineno)) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc, html_file)
        raise TemplateError(
            f"template uses an undefined value: {exc.message}", Where(file, line),
            hint="check the spelling against the variables listed in docs/spec.md") from None
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_frame(exc, html_file)
        raise TemplateError(f"the template reaches for something a memo's layout may not "
                            f"use: {exc}", Where(file, line),
                            hint="use only the variables listed in docs/spec.md") from None
    except jinja2.TemplateError as exc:  # any other fault of the template's own Jinja
        file, line = _template_frame(exc, html_file)
        raise TemplateError(f"the template cannot be rendered: {exc}", Where(file, line)) \
            from None


# The house style as CSS of each reference.docx read (`house_style` keeps each one, by its
# bytes): made once, not again at each rebuild. Keyed by the house style itself (its id,
# with the object kept so that the id stays its own).
_HOUSE_CSS: dict[tuple[int, str], tuple[HouseStyle, str]] = {}


def _house_css(house: HouseStyle, table_style: str) -> str:
    kept = _HOUSE_CSS.get((id(house), table_style))
    if kept is None or kept[0] is not house:
        if len(_HOUSE_CSS) >= 16:
            _HOUSE_CSS.clear()
        kept = _HOUSE_CSS[id(house), table_style] = (house, word_css(house, table_style))
    return kept[1]


@functools.lru_cache(maxsize=16)
def _jinja_environment(name: str, folders: tuple[Path, ...]) -> Any:
    """The Jinja environment of a template's folders. It is kept, so that a preview or a
    batch build compiles each template file once, and again only when the file changes."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Loader(jinja2.BaseLoader):
        """The template's own files (and those it falls back on), within the size limit:
        `{% include %}` reaches nothing else."""

        template: Template  # the latest of this name and these folders, set by the caller

        def get_source(self, environment: Any, name: str) -> tuple[str, str, Any]:
            template = self.template
            path = template.file(name)
            data = read_input(path, "template", Where(path), TemplateError, "template file")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateError(f"{name} is not UTF-8 text", Where(path)) from None
            seen = _file_state(path)
            return text, str(path), lambda: _file_state(template.file(name)) == seen

    # A sandbox: a template received from someone else cannot reach Python through it.
    env = ImmutableSandboxedEnvironment(
        loader=Loader(), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, auto_reload=True)
    env.filters["rich"] = rich_html
    env.filters["spans"] = spans_html
    env.filters["inline"] = inline_html
    env.globals["draw"] = jinja2.pass_context(_draw)
    env.globals["quotations_in"] = quotations_in  # for layouts made before `layout`
    return env


def _draw(context: Any, block: LayoutBlock) -> Any:
    """`draw(block)` of templates: the block drawn by the template's macro named after its
    kind (nothing, if the template has none), after the blank lines that stand before it
    (see `_blank_lines`)."""
    from jinja2.exceptions import TemplateRuntimeError
    from jinja2.runtime import Macro
    from markupsafe import Markup

    if not isinstance(block, LayoutBlock):
        raise TemplateRuntimeError(f"draw() draws a block of `layout`, not {block!r}")
    blocks = context.get("layout", ())
    place = next((i for i, b in enumerate(blocks) if b is block), None)
    before = after = ""
    if place is not None:
        before = _blank_lines(blocks[place - 1] if place else None, block)
        after = _blank_lines(block, None) if place == len(blocks) - 1 else ""
    macro = context.vars.get(block.kind)
    drawn = macro(block) if isinstance(macro, Macro) else ""
    return Markup(before) + drawn + Markup(after)


# The blank lines the memo's HTML has always had between blocks: one after the place of
# each of these kinds in the memo's order, whether or not the memo has a block of that
# kind. They mean nothing to the PDF, and keep the HTML (so the PDF) byte for byte as it
# was when the layout was written out in document.html.j2.
_BLANK_LINE_AFTER = frozenset({"title", "header", "bluf", "decision", "section", "notes",
                               "source_summary", "sources"})


def _blank_lines(previous: LayoutBlock | None, block: LayoutBlock | None) -> str:
    """The blank lines between two blocks (`None`: the start or the end of the memo)."""
    if previous is not None and block is not None and previous.kind == block.kind:
        return ""
    start = KINDS.index(previous.kind) if previous is not None else 0
    end = KINDS.index(block.kind) if block is not None else len(KINDS)
    return "\n" * sum(kind in _BLANK_LINE_AFTER for kind in KINDS[start:end])


def _file_state(path: Path) -> tuple[Path, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return path, status.st_mtime_ns, status.st_size


def _font_faces(template: Template) -> list[str]:
    """The house's font files (`fonts:` in template.yaml) as a stylesheet of @font-face
    rules, if it lists any."""
    faces = font_face_css(template)
    return [_data_url(faces)] if faces else []


def _data_url(css: str) -> str:

    return "data:text/css;base64," + base64.b64encode(css.encode("utf-8")).decode("ascii")


def check_fit(pages: int, template: Template) -> None:
    """Raise `RenderError` if the memo takes more pages than the template allows."""
    if template.max_pages is not None and pages > template.max_pages:
        allowed = f"{template.max_pages} page{'s' if template.max_pages != 1 else ''}"
        raise RenderError(
            f"the memo does not fit: it takes {pages} pages, and template "
            f"'{template.name}' allows {allowed}",
            Where(template.folder / "template.yaml"),
            hint="shorten the bottom line or the points, drop a section, or build it with "
            "`template: memo`")


def _template_frame(exc: BaseException, default: Path) -> tuple[Path, int | None]:
    """Find the template file and line an exception was raised at."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".html")):
            return Path(frame.filename), frame.lineno
    return default, None


def _laid_out(briefing: Briefing, template: Template, options: dict[str, Any],
              html: str | None = None) -> tuple[Any, Any]:
    """Lay the briefing (or its `html`, rendered before) out with WeasyPrint, fetching only
    local files (brief is offline), and check that it fits the pages the template allows;
    return WeasyPrint's document."""
    html = render_html(briefing, template) if html is None else html
    load_weasyprint()  # the quick way, when nothing has imported it yet
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):
        """Fetches only data URLs and the template's own files (within the size limit),
        and remembers what it refused: the network, and any other file."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []
            self.outside: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith("file:"):
                self.refused.append(url)
                raise ValueError(f"brief builds offline and does not fetch {url}")
            from urllib.request import url2pathname

            path = Path(url2pathname(urlsplit(url).path))
            allowed = [*template.folders, *([template.logo] if template.logo else [])]
            if not is_file(path) or not inside(path, allowed):
                self.outside.append(url)
                raise ValueError(f"a template reads only its own files, not {url}")
            data = read_input(path, "template", Where(path), TemplateError, "template file")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    fetcher = OfflineFetcher()
    warm.install()  # stylesheets and fonts kept from the last build in this process
    try:
        document = HTML(string=html, base_url=str(template.folder) + "/",
                        url_fetcher=fetcher).render(font_config=warm.font_config(),
                                                    **options)
    except Exception as exc:  # WeasyPrint raises many kinds; each is a failed render
        raise RenderError(f"the PDF could not be rendered: {exc}",
                          Where(template.file("document.html.j2"))) from exc
    _refuse_fetched(fetcher, template)
    check_fit(len(document.pages), template)
    return document, fetcher


def _refuse_fetched(fetcher: Any, template: Template) -> None:
    """Fail if the layout reached for the network or a file not of the template (which
    WeasyPrint was refused, and would quietly have left out)."""
    if fetcher.refused:
        raise TemplateError(
            f"the template refers to {fetcher.refused[0]}, but brief does not use the network",
            Where(template.file("document.html.j2")),
            hint="copy the file into the template folder and refer to it by its file name")
    if fetcher.outside:
        raise TemplateError(
            f"the template refers to {fetcher.outside[0]}, which is not a file of the "
            "template: a template reads only its own files",
            Where(template.file("document.html.j2")),
            hint="copy the file into the template folder and refer to it by its file name")


def warm_up() -> None:
    """Lay out and write a line of text, so that what WeasyPrint sets up once a process
    (fontconfig, Pango's font map, its user-agent stylesheet) is ready for the first memo:
    the PDF worker does this while it waits for its first job."""
    load_weasyprint()
    from weasyprint import HTML

    HTML(string="<p>brief</p>").write_pdf()


def check_fits(briefing: Briefing, template: Template) -> None:
    """Lay the PDF out (without writing it) to check it fits the template's pages."""
    try:
        _laid_out(briefing, template, {})
    finally:
        warm.release_fonts()


def render_pdf(briefing: Briefing, template: Template,
               options: RenderOptions | None = None, html: str | None = None) -> bytes:
    """Return the briefing as a tagged PDF: PDF/UA-1, or with `options.pdf_variant`
    'pdf/a-3b' a PDF/A-3b that meets PDF/UA-1 too. `html` is its HTML if rendered before
    (a build renders it while the PDF worker is still loading WeasyPrint)."""
    options = options or RenderOptions()
    variant = options.pdf_variant or DEFAULT_PDF_VARIANT
    extra: dict[str, Any] = {"pdf_variant": variant, "pdf_tags": True}
    if options.attachments:

        from weasyprint import Attachment

        extra["attachments"] = [
            Attachment(file_obj=io.BytesIO(a.content), name=a.name, description=a.description,
                       created=briefing.stamp, modified=briefing.stamp, relationship="Source")
            for a in options.attachments]
    try:
        with collector.paused():  # a fifth of a long memo's render otherwise (collector.py)
            return _rendered(briefing, template, variant, extra, html)
    finally:
        warm.release_fonts()  # the copies of a house's fonts: not left in /tmp


def _rendered(briefing: Briefing, template: Template, variant: str, extra: dict[str, Any],
              html: str | None) -> bytes:
    # First, and under its lock: a build without a worker imports WeasyPrint in a thread
    # meanwhile, and two threads importing its modules at once see them half made.
    load_weasyprint()
    notes.install()
    document, fetcher = _laid_out(briefing, template, extra, html)
    trace.mark("PDF laid out")
    tags.install()
    wraps.install()
    wraps.mark(document)
    try:
        pdf = document.write_pdf(finisher=finisher(variant), **extra)
    except BriefError as exc:  # the tagging's: an <img> without alt text
        if exc.where.file is None:
            exc.where = Where(template.file("document.html.j2"))
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; each is a failed render
        raise RenderError(f"the PDF could not be rendered: {exc}",
                          Where(template.file("document.html.j2"))) from exc
    _refuse_fetched(fetcher, template)  # attachments are fetched only as the PDF is written
    trace.mark("PDF drawn, tagged and written")
    assert isinstance(pdf, bytes)
    return pdf
