"""`brief capture URL`: a page fetched once from a local HTTP server on 127.0.0.1 that
the tests start (pages that change, redirect, are slow, are huge, lie about their type),
kept with its record, added to the library, and cited by a spec that builds offline."""

from __future__ import annotations

import datetime
import hashlib
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import DATA

PAGE = (DATA / "sources" / "saved-page.html").read_bytes()
FIRST = "Belarus has long tried to balance between Russia and the West"


@dataclass
class Reply:
    status: int = 200
    body: bytes = PAGE
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0  # before the answer
    trickle: float = 0.0  # between pieces of the body
    length: bool = True  # send Content-Length
    announce: int | None = None  # a Content-Length other than the body's


@dataclass
class Server:
    """The local web server: its pages by path, and the requests it saw."""

    port: int = 0
    pages: dict[str, Reply] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    yield from serve()


def serve(context: ssl.SSLContext | None = None) -> Iterator[Server]:
    """The local web server in a thread (HTTPS with `context`), until the test ends."""
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append((self.path, dict(self.headers.items())))
            reply = state.pages.get(self.path, Reply(404, b"not here",
                                                     (("Content-Type", "text/plain"),)))
            try:
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(reply.announce or len(reply.body)))
                self.end_headers()
                if reply.trickle:
                    for start in range(0, len(reply.body), 200):
                        self.wfile.write(reply.body[start:start + 200])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                else:
                    self.wfile.write(reply.body)
            except OSError:
                pass  # the client gave up (a timeout, a refusal): as it should

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def captured(project) -> list[Path]:
    folder = project.root / "sources" / "captured"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def in_order(paths: list[Path]) -> list[Path]:
    """Snapshots in the order they were taken (`…Z`, then `…Z-2` in the same second)."""
    def order(path: Path) -> tuple[str, int]:
        stamp, _, counter = path.stem.partition("Z")
        return stamp, int(counter.lstrip("-") or 1)
    return sorted(paths, key=order)


def failed(project, server, *args: str) -> str:
    """The one message of a capture that fails, after checking nothing was written."""
    result = project.run("capture", *args)
    assert result.exit_code == 1, result.stdout
    assert captured(project) == []
    assert not (project.root / "sources.yaml").exists()
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("error: ")


def test_a_capture_keeps_the_bytes_the_record_and_adds_the_source_to_the_library(
        project, server):
    server.pages["/article.html"] = Reply()
    result = project.run("capture", server.url("/article.html"))
    assert result.exit_code == 0, result.stderr
    page, record = captured(project)
    folder = project.root / "sources" / "captured" / "analyst-2022"
    assert page.parent == folder and page.suffix == ".html" and record.suffix == ".json"
    assert page.read_bytes() == PAGE  # the bytes as served
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["url"] == data["final_url"] == server.url("/article.html")
    assert data["status"] == 200 and data["redirects"] == []
    assert data["sha256"] == hashlib.sha256(PAGE).hexdigest() and data["size"] == len(PAGE)
    assert ["Content-Type", "text/html; charset=utf-8"] in data["headers"]
    assert data["snapshot"] == page.stem and data["retrieved"].endswith("Z")
    assert data["retrieved"].replace("-", "").replace(":", "")[:15] == \
        page.stem.replace("-", "")[:15]
    assert data["article"][1].startswith(FIRST)
    assert data["metadata"]["title"] == "Minsk’s narrowing options"
    accessed = data["retrieved"][:10]

    library = yaml.safe_load((project.root / "sources.yaml").read_text(encoding="utf-8"))
    assert library == {"analyst-2022": {
        "file": f"sources/captured/analyst-2022/{page.name}",
        "title": "Minsk’s narrowing options", "authors": ["Jane Analyst"],
        "publisher": "The Daily Example", "date": datetime.date(2022, 3, 18),
        "url": server.url("/article.html"), "accessed": datetime.date.fromisoformat(accessed)}}
    text = (project.root / "sources.yaml").read_text(encoding="utf-8")
    assert "# reliability: F   # grade it" in text  # left to the analyst, with a comment

    assert f"snapshot {page.stem} of 'analyst-2022'" in result.stdout
    assert "added 'analyst-2022' to sources.yaml" in result.stdout
    assert f"  - source: analyst-2022\n    quote: {FIRST}" in result.stdout
    assert f"    file: sources/captured/analyst-2022/{page.name}\n" in result.stdout
    assert f"    accessed: {accessed}" in result.stdout
    assert [path for path, _ in server.seen] == ["/article.html"]


def test_no_cookie_is_kept_and_redirects_are_followed_and_recorded(project, server):
    server.pages["/old"] = Reply(301, b"", (("Location", "/middle"),
                                            ("Set-Cookie", "session=secret; Path=/")))
    server.pages["/middle"] = Reply(302, b"", (("Location", server.url("/article.html")),))
    server.pages["/article.html"] = Reply(headers=(
        ("Content-Type", "text/html"), ("Set-Cookie", "tracker=secret-too; Path=/")))
    result = project.run("capture", server.url("/old"), "--as", "minsk")
    assert result.exit_code == 0, result.stderr
    assert "2 redirects to " + server.url("/article.html") in result.stdout
    record = json.loads(captured(project)[1].read_text(encoding="utf-8"))
    assert record["final_url"] == server.url("/article.html")
    assert record["redirects"] == [
        {"status": 301, "from": server.url("/old"), "to": server.url("/middle")},
        {"status": 302, "from": server.url("/middle"), "to": server.url("/article.html")}]
    assert [path for path, _ in server.seen] == ["/old", "/middle", "/article.html"]
    assert all("Cookie" not in headers for _, headers in server.seen)
    assert ["Set-Cookie", "(not kept)"] in record["headers"]
    assert "secret" not in captured(project)[1].read_text(encoding="utf-8")
    library = yaml.safe_load((project.root / "sources.yaml").read_text(encoding="utf-8"))
    assert library["minsk"]["url"] == server.url("/article.html")


def test_capturing_again_keeps_both_snapshots_and_says_what_changed(project, server):
    server.pages["/article.html"] = Reply()
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    first = captured(project)
    time.sleep(0.01)
    again = project.run("capture", server.url("/article.html"))
    assert again.exit_code == 0, again.stderr
    assert len(captured(project)) == 4
    assert f"byte for byte the snapshot {first[0].stem}: its article text is unchanged" \
        in again.stdout
    server.pages["/article.html"] = Reply(body=PAGE.replace(b"narrowed sharply",
                                                            b"narrowed greatly"))
    changed = project.run("capture", server.url("/article.html"))
    assert changed.exit_code == 0, changed.stderr
    pages = in_order([p for p in captured(project) if p.suffix == ".html"])
    assert len(pages) == 3 and len({p.read_bytes() for p in pages}) == 2
    assert ("the article text changed since the snapshot " + pages[1].stem + ": 1 paragraph "
            "of 4 differs (1 word added, 1 removed)") in changed.stdout
    assert "has narrowed [-sharply-] {+greatly+} since" in changed.stdout
    assert ("sources.yaml's 'analyst-2022' still names the snapshot it named; to quote this "
            "one, give its name under the id in a spec's `sources:` (not under a passage):"
            f"\n  sources:\n    analyst-2022:\n      snapshot: {pages[2].stem}"
            ) in changed.stdout
    library = (project.root / "sources.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(library)["analyst-2022"]["file"].endswith(first[0].name)
    assert library.count("analyst-2022:") == 1


@pytest.mark.slow
def test_a_spec_names_which_snapshot_it_quotes(project, server):
    server.pages["/article.html"] = Reply()
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    time.sleep(0.01)
    server.pages["/article.html"] = Reply(body=PAGE.replace(b"narrowed sharply",
                                                            b"narrowed greatly"))
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    old, new = in_order([p for p in captured(project) if p.suffix == ".html"])
    entry = {"file": f"sources/captured/analyst-2022/{old.name}",
             "title": "Minsk", "url": server.url("/article.html")}
    passage = {"source": "minsk", "quote": "has narrowed greatly since the disputed "
               "elections"}
    points = [{"text": "Minsk's room shrinks.", "passages": [passage]}]
    sections = [{"title": "Risks", "kind": "risks", "points": points}]
    project.spec(sources={"minsk": entry}, sections=sections)
    stale = project.run("check", "memo.yaml")
    assert stale.exit_code == 1 and "has narrowed greatly since" in stale.stderr
    project.spec(sources={"minsk": {**entry, "snapshot": new.stem}}, sections=sections)
    assert project.run("check", "memo.yaml").exit_code == 0
    project.spec(sources={"minsk": {**entry, "snapshot": "2020-01-01T000000Z"}},
                 sections=sections)
    missing = project.run("check", "memo.yaml")
    assert missing.exit_code == 1
    assert "no snapshot 2020-01-01T000000Z in analyst-2022/, the folder of " \
        f"sources/captured/analyst-2022/{old.name}" in missing.stderr
    assert f"hint: its snapshots: {old.stem}, {new.stem}" in missing.stderr
    lines = (project.root / "memo.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "snapshot:" in text)
    assert f"memo.yaml:{line}" in missing.stderr


@pytest.mark.slow
@pytest.mark.e2e
def test_a_spec_citing_a_capture_builds_offline_with_the_access_date(
        project, server, monkeypatch):
    """The printed `sources:` entry works in a spec as it is; the build reaches nothing;
    the snapshot a spec names is the one quoted, built and verified."""
    server.pages["/article.html"] = Reply()
    result = project.run("capture", server.url("/article.html"))
    assert result.exit_code == 0
    spec = yaml.safe_load(result.stdout[result.stdout.index("sources:\n"):])
    accessed = spec["sources"]["analyst-2022"]["accessed"]
    points = [{"text": "Minsk's room shrinks.", "passages": [
        {"source": "analyst-2022", "quote": "room for manoeuvre has narrowed sharply"}]}]
    sections = [{"title": "Risks", "kind": "risks", "points": points}]
    project.spec(sources=spec["sources"], sections=sections)
    seen = len(server.seen)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the build reached the network: {args}")

    with monkeypatch.context() as offline:
        offline.setattr(socket.socket, "connect", refuse)
        offline.setattr(socket, "create_connection", refuse)
        build = project.run("build", "memo.yaml")
    assert build.exit_code == 0, build.stderr
    assert len(server.seen) == seen
    from docx import Document
    from pypdf import PdfReader

    day = datetime.date.fromisoformat(str(accessed))
    shown = f"{server.url('/article.html')} (accessed {day.day} {day:%B %Y})"
    pdf = "".join("".join(page.extract_text().split())  # the address may wrap
                  for page in PdfReader(project.output / "memo.pdf").pages)
    assert "".join(shown.split()) in pdf
    word = [p.text for p in Document(str(project.output / "memo.docx")).paragraphs]
    assert any(shown in text for text in word)

    # a later snapshot, named by the spec: built, recorded and verified as the one quoted
    server.pages["/article.html"] = Reply(body=PAGE.replace(b"narrowed sharply",
                                                            b"narrowed greatly"))
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    later = in_order([p for p in captured(project) if p.suffix == ".html"])[-1]
    points[0]["passages"][0]["quote"] = "room for manoeuvre has narrowed greatly"
    spec["sources"]["analyst-2022"]["snapshot"] = later.stem
    project.spec(sources=spec["sources"], sections=sections)
    assert project.run("build", "memo.yaml").exit_code == 0
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    assert manifest["sources"]["analyst-2022"]["file"] == \
        f"sources/captured/analyst-2022/{later.name}"
    assert manifest["sources"]["analyst-2022"]["snapshot"] == later.stem
    assert manifest["sources"]["analyst-2022"]["accessed"] == later.stem[:10]
    verified = project.run("verify", project.output / "memo.json")
    assert verified.exit_code == 0, verified.stderr
    assert "OK, 1 passage still matches its source" in verified.stdout


def test_too_many_redirects_and_redirects_out_of_the_web_are_refused(project, server):
    for n in range(12):
        server.pages[f"/hop{n}"] = Reply(302, b"", (("Location", f"/hop{n + 1}"),))
    assert failed(project, server, server.url("/hop0")) == (
        f"{server.url('/hop0')} redirects more than 10 times (the last to "
        f"{server.url('/hop11')}); nothing was captured")
    server.pages["/loop"] = Reply(301, b"", (("Location", "/loop"),))
    assert "redirects more than 10 times" in failed(project, server, server.url("/loop"))
    for target in ("file:///etc/passwd", "ftp://127.0.0.1/article.html"):
        server.pages["/out"] = Reply(302, b"", (("Location", target),))
        scheme = target.split(":")[0]
        assert failed(project, server, server.url("/out")) == (
            f"{server.url('/out')} redirects to {target!r}, a {scheme}: address; brief "
            "follows redirects to http and https pages only; nothing was captured")


def test_each_failure_is_one_message_and_writes_nothing(project, server):
    server.pages["/broken"] = Reply(500, b"oops", (("Content-Type", "text/plain"),))
    assert failed(project, server, server.url("/missing")) == (
        f"the server answered 404 Not Found for {server.url('/missing')}; nothing was "
        "captured")
    assert failed(project, server, server.url("/broken")) == (
        f"the server answered 500 Internal Server Error for {server.url('/broken')}; "
        "nothing was captured")
    https = server.url("/article.html").replace("http:", "https:")
    assert failed(project, server, https).startswith("TLS error talking to 127.0.0.1: ")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert failed(project, server, f"http://127.0.0.1:{port}/") == (
        f"127.0.0.1 refused the connection (http://127.0.0.1:{port}/); nothing was "
        "captured")
    for address, why in (("ftp://127.0.0.1/a.html", "its scheme is ftp:"),
                         ("file:///etc/passwd", "its scheme is file:"),
                         ("example.org/article", "it is not a web address")):
        assert failed(project, server, address) == (
            f"brief captures only http and https pages; {address!r}: {why}")
    assert failed(project, server, "https:///article") == \
        "the address 'https:///article' names no host"
    assert len(server.seen) == 2  # the 404 and the 500 (https failed before a request)


@pytest.mark.slow
def test_a_slow_page_times_out(project, server):
    server.pages["/slow"] = Reply(delay=2)
    assert failed(project, server, server.url("/slow"), "--timeout", "0.3") == (
        f"no answer from 127.0.0.1 within 0.3 seconds ({server.url('/slow')}); nothing was "
        "captured")
    # a page that answers at once but trickles in past the time allowed
    server.pages["/trickle"] = Reply(trickle=0.1)
    assert failed(project, server, server.url("/trickle"), "--timeout", "0.4") == (
        f"{server.url('/trickle')} took more than 0.4 seconds to arrive; nothing was "
        "captured")


def test_a_huge_page_is_refused_as_it_announces_itself_or_as_it_arrives(
        project, server, monkeypatch):
    monkeypatch.setenv("BRIEF_MAX_CAPTURE_SIZE", "2KB")
    huge = PAGE.replace(b"</article>", b"<p>" + b"word " * 4000 + b"</p></article>")
    server.pages["/announced"] = Reply(body=huge)
    server.pages["/unannounced"] = Reply(body=huge, length=False)
    assert failed(project, server, server.url("/announced")) == (
        f"{server.url('/announced')} is 21 KB (as the server says), more than the 2 KB "
        "brief allows for a page `brief capture` fetches")
    assert failed(project, server, server.url("/unannounced")) == (
        f"{server.url('/unannounced')} is larger, more than the 2 KB brief allows for a "
        "page `brief capture` fetches")
    monkeypatch.setenv("BRIEF_MAX_CAPTURE_SIZE", "1MB")
    assert project.run("capture", server.url("/unannounced")).exit_code == 0


@pytest.mark.slow
def test_pages_that_lie_about_their_type(project, server):
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    server.pages["/picture"] = Reply(body=png)
    assert failed(project, server, server.url("/picture")) == (
        f"{server.url('/picture')} is not a web page, a PDF or plain text (the server "
        "calls it text/html, and its bytes are not HTML); nothing was captured")
    server.pages["/image"] = Reply(body=png, headers=(("Content-Type", "image/png"),))
    assert "the server calls it image/png" in failed(project, server, server.url("/image"))
    server.pages["/empty"] = Reply(body=b"")
    assert failed(project, server, server.url("/empty")) == (
        f"{server.url('/empty')} is empty (the server sent no text); nothing was captured")
    server.pages["/bare"] = Reply(body=b"<html><body><nav>Home</nav></body></html>")
    assert failed(project, server, server.url("/bare")) == (
        f"{server.url('/bare')} was fetched, but brief cannot read it as a source: no "
        "article text found in the page; nothing was captured")
    bare = project.run("capture", server.url("/bare"))
    assert "save the page again" not in bare.stderr
    assert "hint: a page that builds its text with JavaScript, or shows it only after a " \
        "login, has none in the bytes served" in bare.stderr
    # HTML said to be anything else is kept as the web page it is
    server.pages["/octets"] = Reply(headers=(("Content-Type", "application/octet-stream"),))
    result = project.run("capture", server.url("/octets"))
    assert result.exit_code == 0, result.stderr
    assert ("note: the server calls it application/octet-stream, but the bytes are a web "
            "page (HTML): kept as .html") in result.stderr
    assert [p.suffix for p in captured(project)] == [".html", ".json"]


@pytest.mark.slow
def test_a_pdf_is_captured_as_a_pdf_whatever_the_server_calls_it(project, server):
    from weasyprint import HTML

    pdf = HTML(string="<h1>Grain exports</h1><p>The ministry says grain exports through "
               "the port of Klaipeda fell by a third in the year to March.</p>").write_pdf()
    server.pages["/report"] = Reply(body=pdf, headers=(("Content-Type", "text/html"),))
    result = project.run("capture", server.url("/report"), "--as", "grain")
    assert result.exit_code == 0, result.stderr
    assert "kept as .pdf" in result.stderr and "PDF" in result.stdout
    record, page = captured(project)
    assert page.suffix == ".pdf" and page.read_bytes() == pdf
    assert "grain exports through the port of Klaipeda" in \
        " ".join(json.loads(record.read_text(encoding="utf-8"))["article"])


def test_the_library_is_appended_to_and_its_ids_are_kept(project, server):
    library = project.root / "sources.yaml"
    own = "# our sources\nwolff-2022:\n  file: sources/quirks.txt\n  title: Mine\n"
    library.write_text(own, encoding="utf-8")
    server.pages["/article.html"] = Reply()
    refused = project.run("capture", server.url("/article.html"), "--as", "wolff-2022")
    assert refused.exit_code == 1 and server.seen == []
    assert "sources.yaml:2: error: sources.yaml already has a source 'wolff-2022' (not a " \
        "capture of " in refused.stderr
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    text = library.read_text(encoding="utf-8")
    assert text.startswith(own + "\n# captured by `brief capture` on ")
    assert set(yaml.safe_load(text)) == {"wolff-2022", "analyst-2022"}
    bad = project.run("capture", server.url("/article.html"), "--as", "Bad Id")
    assert bad.exit_code == 1 and "--as 'Bad Id': an id is lowercase letters" in bad.stderr


def test_a_broken_library_is_reported_at_its_line_before_anything_is_fetched(
        project, server):
    (project.root / "sources.yaml").write_text("a:\n  file: x.txt\n b: [\n",
                                               encoding="utf-8")
    server.pages["/article.html"] = Reply()
    result = project.run("capture", server.url("/article.html"))
    assert result.exit_code == 1 and server.seen == []
    assert "sources.yaml:3" in result.stderr and "is not valid YAML" in result.stderr
    assert captured(project) == []


def test_https_is_captured_from_a_site_whose_certificate_is_trusted_only(
        project, monkeypatch, tmp_path):
    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))  # trusts no one
    secure = serve(context)
    site = next(secure)
    try:
        site.pages["/article.html"] = Reply()
        url = site.url("/article.html").replace("http:", "https:")
        assert failed(project, site, url).startswith(
            "TLS error: the certificate of 127.0.0.1 cannot be trusted (")
        assert site.seen == []
        ca_file = tmp_path / "ca.pem"
        authority.cert_pem.write_to_path(str(ca_file))
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        result = project.run("capture", url)
        assert result.exit_code == 0, result.stderr
        assert json.loads(captured(project)[1].read_text(encoding="utf-8"))["final_url"] \
            == url
    finally:
        secure.close()


def test_an_address_in_cyrillic_is_fetched_as_a_browser_sends_it(project, server):
    """A Russian site's address (its path, and a redirect the server sends in UTF-8)."""
    wire = "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"
    raw_utf8 = "/новости/статья".encode().decode("latin-1")  # as the server sends it
    server.pages["/old"] = Reply(301, b"", (("Location", raw_utf8),))
    server.pages[wire] = Reply()
    result = project.run("capture", server.url("/новости/статья"))
    assert result.exit_code == 0, result.stderr
    result = project.run("capture", server.url("/old"))
    assert result.exit_code == 0, result.stderr
    assert [path for path, _ in server.seen] == [wire, "/old", wire]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in captured(project)
               if p.suffix == ".json"]
    assert {r["final_url"] for r in records} == {server.url(wire)}
    assert {p.parent.name for p in captured(project)} == {"analyst-2022"}  # one source
    assert "the page is byte for byte the snapshot" in result.stdout


def test_what_a_hostile_page_says_of_itself_stays_data_in_the_library(project, server):
    """A title and author that would be YAML (a key, a comment, a list, a flow mapping,
    a line break) are written quoted: the library reads back exactly what the page said."""
    title = 'Minsk: a "plan" # not a comment\n- item {a: b} [c] &x *y'
    author = "Jane Analyst]: evil"
    hostile = PAGE.replace(
        "<title>Minsk’s narrowing options | The Daily Example</title>".encode(),
        f"<title>{title}</title>".encode()).replace(
        b'content="Jane Analyst"', f'content="{author}"'.encode()).replace(
        "<h1>Minsk’s narrowing options</h1>".encode(), b"")
    server.pages["/article.html"] = Reply(body=hostile)
    result = project.run("capture", server.url("/article.html"), "--as", "hostile")
    assert result.exit_code == 0, result.stderr
    entry = yaml.safe_load((project.root / "sources.yaml").read_text(encoding="utf-8"))
    record = json.loads(captured(project)[1].read_text(encoding="utf-8"))
    assert entry["hostile"]["title"] == record["metadata"]["title"]
    assert "# not a comment" in entry["hostile"]["title"]
    assert entry["hostile"]["authors"] == record["metadata"]["authors"]
    assert set(entry["hostile"]) == {"file", "title", "authors", "publisher", "date", "url",
                                     "accessed"}


def test_a_page_cut_short_or_unwritable_leaves_nothing(project, server):
    server.pages["/cut"] = Reply(announce=len(PAGE) + 500)  # the connection closes early
    assert failed(project, server, server.url("/cut")) == (
        f"{server.url('/cut')} was cut short: {len(PAGE):,} of the {len(PAGE) + 500:,} "
        "bytes the server announced arrived; nothing was captured")
    server.pages["/article.html"] = Reply()
    (project.root / "sources" / "captured").mkdir(parents=True)
    (project.root / "sources" / "captured" / "minsk").write_text("in the way")
    result = project.run("capture", server.url("/article.html"), "--as", "minsk")
    assert result.exit_code == 1
    assert "error: cannot write sources/captured/minsk: File exists; nothing was captured" \
        in result.stderr
    assert not (project.root / "sources.yaml").exists()
    assert [p.name for p in (project.root / "sources" / "captured").iterdir()] == ["minsk"]


def test_another_id_for_a_page_captured_before_keeps_the_existing_source(project, server):
    server.pages["/article.html"] = Reply()
    server.pages["/old"] = Reply(301, b"", (("Location", "/article.html"),))
    assert project.run("capture", server.url("/article.html")).exit_code == 0
    for address in ("/article.html", "/old"):  # asked for, and arrived at
        time.sleep(0.01)
        again = project.run("capture", server.url(address), "--as", "minsk")
        assert again.exit_code == 0, again.stderr
        assert (f"note: {server.url('/article.html')} was captured before as "
                "'analyst-2022': this snapshot is kept with that source's, not as "
                "'minsk'") in again.stderr
        assert "of 'analyst-2022'" in again.stdout
    library = yaml.safe_load((project.root / "sources.yaml").read_text(encoding="utf-8"))
    assert set(library) == {"analyst-2022"}
    assert {p.parent.name for p in captured(project)} == {"analyst-2022"}
    assert len(captured(project)) == 6
