"""`brief preview`: the memo in a browser, rebuilt and shown again each time it is saved.

A web server on 127.0.0.1 (never another interface) serves one page. The page shows the
PDF as the principal will see it: each page as an image, with its text laid over it,
invisible, where the PDF has it, so that it can be selected and searched. It asks the
server for news (a long poll). A save shows in two steps: as soon as the spec is checked,
the memo's HTML (the same HTML and CSS the PDF is laid out from, as `--format html` makes
it: self-contained) is shown, marked as a draft layout, while the PDF is laid out; then
the PDF's exact pages replace it, as soon as it is laid out (the Word file is made after
it, and the files written, as `brief build` writes them, all or none). When the build
fails, the problems that stopped it, as `brief check` prints them, are shown above the
last good pages. A picker switches between the memo and each of its releases: only the
version shown is built, when chosen and on each save (`brief build` builds them all).

Everything is served under a secret of the preview's own (`/k3J9.../`), printed in its
address: another user of the machine, or a page of another site, cannot guess it, and a
request that does not name this preview's address as its Host (DNS rebinding) is refused.
The draft is served with a policy that lets it fetch nothing at all (its fonts and
pictures are in it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import io
import json
import secrets
import threading
import webbrowser
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..checked import Checked
from ..errors import BriefError, display_path
from ..options import BuildOptions
from ..render.pdf.web import render_web
from ..render.pdf.worker import PdfWorker
from .rebuild import Rebuild, Rebuilder, changes, counted, report

HOST = "127.0.0.1"  # the memo may be TLP:RED: it is shown to this machine only
LONG_POLL_SECONDS = 25
PAGE_SCALE = 2.0  # pixels per PDF point in the page images: sharp on a high-DPI screen
PAGE_POLICY = ("default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' "
               "'unsafe-inline'; img-src 'self' data:")  # data: the empty icon
# The draft runs no script and fetches nothing: its stylesheets, fonts and pictures are in it.
DRAFT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "font-src data:; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class ShownPage:
    width: float  # in PDF points
    height: float
    image: bytes  # JPEG
    text: tuple[dict[str, Any], ...]  # runs of text: x, y, w, h (points from the top left)


@dataclass
class PreviewState:
    """What the page shows; `version` goes up with each rebuild."""

    spec: Path
    version: int = 0
    pages: tuple[ShownPage, ...] = ()
    built: str = ""  # when the pages shown were built, and in how long
    checked: str = ""  # when the draft shown was checked (HH:MM:SS, as `built` says it)
    problems: tuple[str, ...] = ()  # as `brief check` prints them
    warnings: tuple[str, ...] = ()  # and notes
    warnings_shown: str = ""  # counted: `2 warnings, 1 note`
    # The versions the picker offers: "" for the memo, else a release's marking, with
    # their labels; and the one shown.
    versions: tuple[tuple[str, str], ...] = ()
    showing: str = ""
    # The draft: the memo's HTML, shown while its PDF is laid out (`view` "draft"), until
    # the exact pages replace it (`view` "pages").
    draft: bytes = b""
    view: str = "pages"
    # The PDF whose pages are shown (`pages_version` goes up when they change), and the
    # last one written (a build that fails after its PDF was shown goes back to it).
    pdf: bytes = b""
    pages_version: int = 0
    written: tuple[bytes, tuple[ShownPage, ...]] = (b"", ())
    changed: threading.Condition = field(default_factory=threading.Condition)

    def show_pages(self, pdf: bytes) -> None:
        """Show the PDF's pages as soon as it is laid out, before its files are written."""
        pages = pdf_pages(pdf)
        with self.changed:
            self.version += 1
            self._show(pdf, pages)
            self.built = f"laid out at {_clock()}; writing the files…"
            self.changed.notify_all()

    def _show(self, pdf: bytes, pages: tuple[ShownPage, ...]) -> None:
        if pdf != self.pdf:
            self.pdf, self.pages = pdf, pages
            self.pages_version += 1
        self.view = "pages"

    def update(self, rebuild: Rebuild, showing: str | None = None) -> None:
        pdf, pages = self.written
        if rebuild.pdf is not None and rebuild.pdf not in (self.pdf, pdf):
            pdf, pages = rebuild.pdf, pdf_pages(rebuild.pdf)
        elif rebuild.pdf is not None and rebuild.pdf == self.pdf:
            pdf, pages = self.pdf, self.pages  # shown when it was laid out
        with self.changed:
            self.version += 1
            self._show(pdf, pages)
            if rebuild.pdf is not None:
                self.written = (pdf, pages)
            if showing is not None:
                self.showing = showing
            if rebuild.result is not None:
                self.versions = _versions(rebuild.result.checked, self.showing)
            if rebuild.result is not None:
                self.built = f"built at {_clock()} in {rebuild.seconds:.2f} s"
                self.problems = ()
                self.warnings = tuple(w.format() for w in rebuild.result.checked.warnings)
                self.warnings_shown = counted(rebuild.result.checked.warnings)
            else:
                self.problems = tuple(p.format() for p in rebuild.problems)
            self.changed.notify_all()

    def show_draft(self, draft: bytes) -> None:
        """Show the memo's HTML, as soon as it is checked, while its PDF is laid out (the
        problems and warnings shown are those of the last build until it is done)."""
        with self.changed:
            self.version += 1
            self.draft = draft
            self.view = "draft"
            self.checked = _clock()
            self.problems = ()  # the spec is sound now
            self.changed.notify_all()

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "spec": display_path(self.spec),
                "view": self.view,
                "draft": f"draft/{self.version}.html" if self.view == "draft" else "",
                "built": self.built, "checked": self.checked, "problems": list(self.problems),
                "warnings": list(self.warnings), "warningsShown": self.warnings_shown,
                "versions": [{"id": v, "label": label} for v, label in self.versions],
                "showing": self.showing,
                "pagesVersion": self.pages_version,
                "pages": [{"width": p.width, "height": p.height,
                           "image": f"page/{self.pages_version}/{n}.jpg",
                           "text": list(p.text)}
                          for n, p in enumerate(self.pages, 1)]}

    def wait(self, after: int, timeout: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.version > after, timeout)


def _clock() -> str:
    return datetime.datetime.now().strftime("%H:%M:%S")


def _versions(checked: Checked, showing: str) -> tuple[tuple[str, str], ...]:
    """The memo and each release its spec lists (and the one shown, if it lists none
    such), as the picker offers them."""
    spec = checked.spec
    memo = f"Memo ({spec.marking})" if spec.marking else "Memo"
    releases = [r.marking for r in spec.releases]
    if showing and showing not in releases:
        releases.append(showing)
    titles = {r.marking: r.title for r in spec.releases}
    return (("", memo), *((m, f"{m} release" + (f": {titles[m]}" if titles.get(m) else ""))
                          for m in releases))


def pdf_pages(pdf: bytes) -> tuple[ShownPage, ...]:
    """Each page of the PDF as an image and the runs of text on it, placed. Each page's
    image is made into a JPEG in a thread while pdfium draws the next (PIL encodes outside
    the GIL; pdfium, which is not thread-safe, is called from this thread alone)."""
    import pypdfium2  # type: ignore[import-untyped]

    shown = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="brief-jpeg") as encoder:
            for page in document:
                width, height = page.get_size()
                image = encoder.submit(_jpeg, page.render(scale=PAGE_SCALE))
                shown.append((width, height, image, _text_runs(page, height)))
            return tuple(ShownPage(width, height, image.result(), runs)
                         for width, height, image, runs in shown)
    finally:
        document.close()


def _jpeg(bitmap: Any) -> bytes:
    """A page drawn by pdfium as a JPEG: a tenth of PNG's time to encode, and the text is
    crisp in the layer above."""
    image = io.BytesIO()
    bitmap.to_pil().save(image, "JPEG", quality=90)
    return image.getvalue()


def _text_runs(page: Any, height: float) -> tuple[dict[str, Any], ...]:
    """The runs of text on a page: x, y, w, h in points from its top left, and the text."""
    text = page.get_textpage()
    runs = []
    for index in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(index)
        words = text.get_text_bounded(left, bottom, right, top).strip("\r\n")
        if words.strip():
            runs.append({"x": round(left, 2), "y": round(height - top, 2),
                         "w": round(right - left, 2), "h": round(top - bottom, 2),
                         "text": words})
    return tuple(runs)


def _handler(state: PreviewState, secret: str, show: Callable[[str], None]
             ) -> type[BaseHTTPRequestHandler]:
    page = resources.files("brief").joinpath("preview.html").read_bytes()
    root = f"/{secret}/"

    class Handler(BaseHTTPRequestHandler):
        server_version = "brief-preview"

        def do_GET(self) -> None:
            if not self._asked_of_us():
                return
            address = urlsplit(self.path)
            if not secrets.compare_digest(address.path[:len(root)].encode(), root.encode()):
                self.send_error(HTTPStatus.FORBIDDEN, "open the address that brief preview "
                                "printed")
                return
            address = address._replace(path=address.path[len(root) - 1:])
            if address.path == "/":
                self._send(page, "text/html; charset=utf-8")
            elif address.path == "/state":
                after = parse_qs(address.query).get("after", ["-1"])[0]
                state.wait(_version(after), LONG_POLL_SECONDS)
                with state.changed:
                    body = json.dumps(state.as_json(), ensure_ascii=False).encode("utf-8")
                self._send(body, "application/json")
            elif address.path.startswith("/page/"):
                self._page_image(address.path)
            elif address.path.startswith("/draft/"):
                with state.changed:
                    draft = state.draft
                # The version in the address only makes it new to the browser's cache.
                self._send(draft, "text/html; charset=utf-8", policy=DRAFT_POLICY)
            elif address.path == "/show":
                self._show(parse_qs(address.query).get("version", [""])[0])
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _asked_of_us(self) -> bool:
            """Whether the request names this preview's own address as its Host: a page of
            another site that a DNS trick points at 127.0.0.1 names its own, and gets
            nothing (no memo leaves for a page the analyst did not open)."""
            port = self.server.server_address[1]  # type: ignore[index]
            if self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}"):
                return True
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST,
                            "this preview answers only at its own address")
            return False

        def _page_image(self, path: str) -> None:
            parts = path.removesuffix(".jpg").split("/")  # "", "page", version, number
            pages = state.pages
            if len(parts) == 4 and parts[3].isdigit() and 1 <= int(parts[3]) <= len(pages):
                # The version in the address only makes it new to the browser's cache.
                self._send(pages[int(parts[3]) - 1].image, "image/jpeg", cache=True)
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _show(self, version: str) -> None:
            """Show another version of the memo: built now, and on each save from now."""
            with state.changed:
                offered = [v for v, _ in state.versions]
            if version not in offered:
                self.send_error(HTTPStatus.NOT_FOUND, "no such version of the memo")
                return
            show(version)
            self._send(b"", "text/plain")

        def _send(self, body: bytes, kind: str, cache: bool = False,
                  policy: str = PAGE_POLICY) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
            self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the browser went away (a reload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal shows rebuilds, not requests

    return Handler


def _version(text: str) -> int:
    """The version the page last showed, from `?after=`: a whole number of at most 18
    digits (a longer one, or none, asks for the current version)."""
    digits = text.removeprefix("-")
    return int(text) if digits.isdigit() and digits.isascii() and len(digits) <= 18 else -1


def preview(spec: Path, options: BuildOptions, port: int, open_browser: bool,
            say: Callable[[str, bool], None], stop: Any = None) -> None:
    """Serve the preview of `spec` on 127.0.0.1:`port` (0: a free port), rebuilding it
    (and writing its outputs) whenever a file it reads changes, until `stop` is set or
    Ctrl-C. Only the version shown is built: the memo, or the release `options.releases`
    names; the page switches between them."""

    showing = options.releases[0] if options.releases else ""
    state = PreviewState(spec, showing=showing)
    secret = secrets.token_urlsafe(16)
    rebuilder = Rebuilder(spec, version_options(options, showing), progress=_Shown(state))
    building = threading.Lock()  # a build and the page's update, one after another

    def show(version: str) -> None:
        with building:
            if version == state.showing:
                return
            say(f"showing {'the memo' if not version else 'the ' + version + ' release'}",
                False)
            _rebuilt(state, rebuilder.switch(version_options(options, version)), say,
                     showing=version)

    try:
        server = ThreadingHTTPServer((HOST, port), _handler(state, secret, show))
    except OSError as exc:
        raise BriefError(f"cannot serve the preview on {HOST}:{port}: {exc.strerror}",
                         hint="choose another port with --port, or leave it out to take "
                         "a free one") from None
    server.daemon_threads = True
    address = f"http://{HOST}:{server.server_address[1]}/{secret}/"
    worker = rebuilder.worker = PdfWorker.start()
    serving = threading.Thread(target=server.serve_forever, name="brief-preview", daemon=True)
    try:
        serving.start()
        version = f"the {showing} release" if showing else "the memo"
        say(f"preview of {version} of {display_path(spec)} at {address} (Ctrl-C stops)",
            False)
        for changed in changes(rebuilder.watched, stop):
            with building:
                _rebuilt(state, rebuilder.build(), say)
            if changed is None and open_browser:  # the first build: show it

                webbrowser.open(address)
    finally:
        server.shutdown()
        server.server_close()
        if worker is not None:
            worker.close()


def version_options(options: BuildOptions, version: str) -> BuildOptions:
    """The options that build one version: the memo alone (""), or one release."""
    if not version:
        return dataclasses.replace(options, releases=None, main_only=True)
    return dataclasses.replace(options, releases=(version,), main_only=False)


@dataclass
class _Shown:
    """Each step of a build, shown as it is made (`pipeline.Progress`): the version's HTML
    as a draft once it is checked, then its PDF's pages once laid out."""

    state: PreviewState

    def checked(self, version: Checked) -> None:
        try:
            draft = render_web(version.briefing, version.template)
        except BriefError:  # the build says what is wrong; the last pages stay meanwhile
            return
        self.state.show_draft(draft)

    def laid_out(self, version: Checked, pdf: bytes) -> None:
        self.state.show_pages(pdf)


def _rebuilt(state: PreviewState, rebuild: Rebuild, say: Callable[[str, bool], None],
             showing: str | None = None) -> None:
    state.update(rebuild, showing)
    report(rebuild, say)
