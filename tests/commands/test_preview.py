"""`brief preview` in a real browser: Debian's chromium, headless, driven by Playwright
(pointed at that executable; nothing is downloaded). The preview runs as a user runs it,
a process of its own, stopped with Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Project, flat, pdf_pages
from red_memo import PARTNERS_BLUF, RED, red_memo

pytestmark = pytest.mark.e2e




class Preview:
    """`brief preview SPEC --no-browser` running in the project's folder."""

    def __init__(self, project: Project, spec: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brief", "preview", str(spec), "--no-browser", *args],
            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        assert " at http://127.0.0.1:" in first, first + self.process.stderr.read()
        self.first = first
        self.url = first.split(" at ")[1].split()[0]

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, out, err


@pytest.fixture
def preview(project: Project) -> Iterator[Preview]:
    running = Preview(project, project.spec())
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def text_shown(page: object) -> str:
    return page.inner_text("#pages")  # type: ignore[attr-defined, no-any-return]


def wait_until_written(page: object) -> None:
    """Wait until the build shown has written its files: its exact pages are shown as soon
    as the PDF is laid out, and the files follow once the Word file is made too."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getElementById('status').textContent.startsWith('built at')",
        timeout=30_000)


def wait_for_text(page: object, text: str, timeout: float = 20) -> float:
    """Wait until `text` is in the pages' text layer; return how long it took."""
    start = time.perf_counter()
    page.wait_for_function(  # type: ignore[attr-defined]
        "text => document.getElementById('pages').innerText.includes(text)", arg=text,
        timeout=timeout * 1000)
    return time.perf_counter() - start


@pytest.mark.slow
def test_the_page_shows_the_memo_and_each_saved_change(project, preview, browser):
    page = browser.new_page()
    page.goto(preview.url)
    wait_for_text(page, "Test memo")
    # The PDF's pages, as images with their text over them: selectable and searchable.
    assert page.locator(".page").count() >= 1
    assert page.locator(".page img").first.evaluate("i => i.naturalWidth") > 1000
    assert "Costs are unknown." in text_shown(page)
    assert "OFFICIAL-SENSITIVE" in text_shown(page)
    # The same as the PDF written to output/ (a preview builds as `brief build` does).
    wait_until_written(page)
    assert (project.output / "memo.pdf").exists() and (project.output / "memo.docx").exists()

    project.spec(title="Test memo on the budget")
    seconds = wait_for_text(page, "Test memo on the budget")
    print(f"shown {seconds:.2f} s after saving")
    assert page.locator("#problems").is_hidden()


# Each view the page shows, as it shows it: which (draft or exact pages), the badge that
# says so, and the text a reader sees in it (the draft's page, or the pages' text layer).
VIEWS_SHOWN = """
new MutationObserver(() => {
  const view = document.body.dataset.view;
  const log = window.viewsShown = window.viewsShown || [];
  if (!view || (log.length && log[log.length - 1].version === document.body.dataset.version))
    return;
  const frame = document.querySelector("#pages .draft iframe");
  log.push({view, version: document.body.dataset.version,
            badge: document.getElementById("view").textContent,
            text: view === "draft" ? frame.contentDocument.body.innerText
                                   : document.getElementById("pages").innerText});
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-version"]});
"""


@pytest.mark.slow
def test_a_save_shows_the_memos_html_at_once_then_the_exact_pages(project, preview, browser):
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.add_init_script(VIEWS_SHOWN)
    page.goto(preview.url)
    wait_for_text(page, "Test memo")
    assert page.inner_text("#view") == "Exact pages"

    project.spec(title="Test memo on the budget")
    wait_for_text(page, "Test memo on the budget")
    page.wait_for_function("() => document.body.dataset.view === 'pages'")
    views = page.evaluate("() => window.viewsShown")
    # First the draft (the memo's HTML, marked as such), then the exact pages.
    drafts = [v for v in views if "Test memo on the budget" in v["text"]]
    # (the pages may be shown again as the build ends: the same pages, a status changed)
    drafts = [v for n, v in enumerate(drafts) if n == 0 or v["view"] != drafts[n - 1]["view"]]
    assert [v["view"] for v in drafts] == ["draft", "pages"], views
    draft, exact = drafts
    assert draft["badge"] == "Draft layout: laying out the PDF…"
    assert exact["badge"] == "Exact pages"
    # The draft holds the memo's content, as the pages do.
    for text in ("Costs are unknown.", "OFFICIAL-SENSITIVE"):
        assert text in draft["text"] and text in flat(exact["text"])
    assert page.locator("#pages .draft").count() == 0  # replaced by the pages
    assert page.inner_text("#view") == "Exact pages"
    # Nothing was fetched from anywhere but the preview's own secret address.
    assert asked and all(url.startswith(preview.url) for url in asked), asked
    assert any("/draft/" in url for url in asked)


def test_the_draft_runs_no_script_and_may_fetch_nothing(project, preview):
    status, _ = fetch(f"{preview.url}state?after=0")  # waits for the first build's draft
    assert status == 200
    request = urllib.request.Request(f"{preview.url}draft/1.html")
    with urllib.request.urlopen(request, timeout=30) as answer:
        policy = answer.headers["Content-Security-Policy"]
        draft = answer.read().decode("utf-8")
    assert policy.startswith("default-src 'none';") and "script-src" not in policy
    assert "connect-src" not in policy and "frame-src" not in policy
    assert "Test memo" in draft and "<script" not in draft
    status, _ = fetch(f"{preview.url.rstrip('/')}x/draft/1.html")
    assert status == 403


def forty_points(project, **first):
    """A spec long enough to scroll: 40 points of one section, each quoting a passage;
    `first`, keys of the first point given instead of its own (a save that changes it)."""
    points = [{"text": f"Point {n}: the ministry has not said what the plan costs.",
               "passages": [{"source": "gazette", "quote": "its costs were not known"}]}
              for n in range(40)]
    points[0] |= first
    return project.spec(sections=[{"title": "Risks", "kind": "risks", "points": points}])


@pytest.mark.slow
def test_the_reader_keeps_their_place_from_the_pages_to_the_draft_and_back(project, browser):
    spec = forty_points(project)
    running = Preview(project, spec)
    try:
        page = browser.new_page(viewport={"width": 1000, "height": 600})
        page.goto(running.url)
        wait_for_text(page, "Point 30:")
        place = """text => {
          const header = document.querySelector("header").getBoundingClientRect().bottom;
          const frame = document.querySelector("#pages .draft iframe");
          const where = frame ? frame.contentDocument : document;
          const shift = frame ? frame.getBoundingClientRect().top : 0;
          const found = [...where.querySelectorAll(frame ? "li, p" : ".text span")]
            .find(e => e.textContent.includes(text) && !e.querySelector("li, p"));
          return found.getBoundingClientRect().top + shift - header;
        }"""
        page.evaluate("""() => {
          const span = [...document.querySelectorAll('.text span')]
            .find(s => s.textContent.includes('Point 30:'));
          window.scrollBy(0, span.getBoundingClientRect().top
                             - document.querySelector('header').getBoundingClientRect().bottom
                             - 100);
        }""")
        before = page.evaluate(place, "Point 30:")
        assert 80 < before < 120
        forty_points(project, text="Point 0: revised.")
        page.wait_for_function("() => document.body.dataset.view === 'draft'",
                               polling="raf")
        in_draft = page.evaluate(place, "Point 30:")
        page.wait_for_function("() => document.body.dataset.view === 'pages'")
        wait_for_text(page, "Point 0: revised.")
        in_pages = page.evaluate(place, "Point 30:")
        # Where the reader was, on screen, in the draft and in the new pages.
        assert abs(in_draft - before) < 40, (before, in_draft)
        assert abs(in_pages - before) < 40, (before, in_pages)
    finally:
        code, _, err = running.stop()
    assert code == 0, err


@pytest.mark.slow
def test_a_broken_quote_is_shown_in_the_page_above_the_last_good_memo(project, preview,
                                                                      browser):
    page = browser.new_page()
    page.goto(preview.url)
    wait_for_text(page, "Costs are unknown.")
    spec = project.spec(sections=[
        {"title": "Risks", "kind": "risks", "points": [
            {"text": "Costs are known.", "passages": [
                {"source": "gazette", "quote": "its costs were not knwon"}]}]}])
    page.wait_for_selector("#problems.shown", timeout=20_000)
    shown = page.inner_text("#problem-list")
    checked = project.run("check", spec)
    assert checked.exit_code == 1
    # As `brief check` prints it: the file and line, the message, the closest passage and
    # the word diff.
    printed = checked.stderr.rsplit("brief check: failed", 1)[0].strip()
    assert shown.strip() == printed
    assert shown.startswith("memo.yaml:32:14: error: sections[0].points[0].passages[0].quote: "
                            "quote not found in source 'gazette'")
    assert "closest" in shown
    # The last good memo is still there, beneath.
    assert "Costs are unknown." in text_shown(page)
    assert "1 problem" in page.inner_text("#status")

    project.spec(sections=[
        {"title": "Risks", "kind": "risks", "points": [
            {"text": "Costs are known.", "passages": [
                {"source": "gazette", "quote": "its costs were not known"}]}]}])
    wait_for_text(page, "Costs are known.")
    assert page.locator("#problems").is_hidden()


@pytest.mark.slow
def test_ctrl_c_stops_the_preview_cleanly(project, preview):
    assert preview.first.startswith("preview of the memo of memo.yaml at http://127.0.0.1:")
    with urllib.request.urlopen(preview.url + "state", timeout=20) as answer:
        assert answer.status == 200
    code, _, err = preview.stop()
    assert code == 0, err
    assert err.rstrip().endswith("stopped the preview")
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err  # watchfiles' own line at Ctrl-C
    with pytest.raises(OSError):
        urllib.request.urlopen(preview.url, timeout=5)


@pytest.mark.slow
def test_the_preview_serves_this_machine_only(project, preview):
    assert preview.url.startswith("http://127.0.0.1:")
    port = urllib.parse.urlsplit(preview.url).port
    listening = []  # (address, port) of every socket listening on the port, from the kernel
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, and no other interface


def test_a_port_in_use_is_one_clear_message(project):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = project.run("preview", project.spec(), "--no-browser", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot serve the preview on 127.0.0.1:{port}: Address already in use\n"
        "    hint: choose another port with --port, or leave it out to take a free one\n"
        "brief preview: failed (1 problem)\n")
    assert project.files() == {}


def fetch(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_preview_answers_only_requests_for_its_own_address(project, preview):
    """A page of another site that DNS rebinding points at 127.0.0.1 sends its own Host:
    it gets no memo (421), while the browser at the printed address and at localhost
    does."""
    port = urllib.parse.urlsplit(preview.url).port
    assert port
    state = f"{preview.url}state?after=-1"
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{int(port) + 1}",
                 f"evil.localhost:{port}"):
        status, body = fetch(state, host)
        assert status == 421, host
        assert b"TLP" not in body and b"Belarus" not in body and b"Test memo" not in body
        status, _ = fetch(preview.url, host)
        assert status == 421, host
    for host in (None, f"localhost:{port}"):
        status, body = fetch(state, host)
        assert status == 200, host
        assert json.loads(body)["version"] >= 0


def test_the_preview_answers_only_at_its_secret_address(project, preview):
    """Another user of the machine (or a page that guesses the port) gets no memo: the
    printed address holds a secret, and every other path is refused."""
    origin, secret = re.fullmatch(r"(http://127\.0\.0\.1:\d+/)([A-Za-z0-9_-]{22})/",
                                  preview.url).groups()
    for path in ("", "state?after=-1", "page/1/1.jpg", f"{secret[:-1]}x/state",
                 f"{secret[:-1]}/state", f"x{secret}/state", f"{secret}state",
                 f"../{secret}/state"):
        status, body = fetch(origin + path)
        assert status == 403, path
        assert b"TLP" not in body and b"Test memo" not in body and b"version" not in body
        assert b"open the address that brief preview printed" in body
    state = {"version": 0, "view": "draft"}
    while state["view"] == "draft":  # the first build's draft, then its pages
        status, body = fetch(f"{preview.url}state?after={state['version']}")
        assert status == 200
        state = json.loads(body)
    assert state["pages"] and state["pages"][0]["image"] == \
        f"page/{state['pagesVersion']}/1.jpg"
    status, image = fetch(preview.url + state["pages"][0]["image"])
    assert status == 200 and image.startswith(b"\xff\xd8")  # a JPEG


def test_a_query_of_thousands_of_digits_is_answered_without_a_traceback(project, preview):
    status, body = fetch(f"{preview.url}state?after={'9' * 5000}")
    assert status == 200
    assert "version" in json.loads(body)
    code, _, err = preview.stop()
    assert code == 0
    assert "Traceback" not in err and "ValueError" not in err


@pytest.fixture
def red_preview(project: Project) -> Iterator[Preview]:
    running = Preview(project, red_memo(project))
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def wait_for_version(page: object, version: str) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        "v => document.body.dataset.showing === v", arg=version, timeout=30_000)


@pytest.mark.slow
def test_the_picker_shows_each_release_and_a_save_rebuilds_only_the_one_shown(
        project, red_preview, browser):
    page = browser.new_page()
    page.add_init_script(VIEWS_SHOWN)
    page.goto(red_preview.url)
    wait_for_text(page, RED)
    wait_until_written(page)  # the picker comes with the first build's result
    assert "To: Political Director" in flat(text_shown(page))
    picker = page.locator("#version")
    assert picker.is_visible()
    assert [o.strip() for o in picker.locator("option").all_inner_texts()] == [
        "Memo (TLP:RED)", "TLP:AMBER release", "TLP:CLEAR release"]
    assert picker.input_value() == ""
    # Only the version on screen is built: the memo, not its two releases.
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]

    picker.select_option(label="TLP:CLEAR release")
    wait_for_version(page, "TLP:CLEAR")
    wait_for_text(page, PARTNERS_BLUF)
    shown = flat(text_shown(page))
    assert RED not in shown and "They want delay." not in shown
    assert "To: Partner desk" in shown and "Political Director" not in shown
    assert "TLP:CLEAR" in shown and "TLP:AMBER" not in shown and "TLP:RED" not in shown
    wait_until_written(page)
    assert sorted(project.files()) == ["memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.json",
                                       "memo-TLP-CLEAR.pdf", "memo.docx", "memo.json",
                                       "memo.pdf"]
    memo_pdf = (project.output / "memo.pdf").read_bytes()

    # A save rebuilds the release on screen, not the memo.
    red_memo(project, title="Costs of the plan, revised")
    wait_for_text(page, "Costs of the plan, revised")
    assert page.locator("#version").input_value() == "TLP:CLEAR"
    wait_until_written(page)
    # Its draft too is the release: what is withheld from it is not in it.
    drafts = [v["text"] for v in page.evaluate("() => window.viewsShown")
              if v["view"] == "draft" and "Costs of the plan, revised" in v["text"]]
    assert drafts and all(RED not in flat(d) and "TLP:CLEAR" in d for d in drafts)
    assert "Costs of the plan, revised" in flat(
        " ".join(pdf_pages(project.output / "memo-TLP-CLEAR.pdf")))
    assert (project.output / "memo.pdf").read_bytes() == memo_pdf
    assert not (project.output / "memo-TLP-AMBER.pdf").exists()

    # Back to the memo: built now, with the save.
    picker.select_option(label="Memo (TLP:RED)")
    wait_for_version(page, "")
    wait_for_text(page, RED)
    assert "Costs of the plan, revised" in flat(text_shown(page))
    code, out, _ = red_preview.stop()
    assert code == 0
    assert "showing the TLP:CLEAR release" in out and "showing the memo" in out


@pytest.mark.slow
def test_the_preview_opens_on_the_release_asked_for(project, browser):
    running = Preview(project, red_memo(project), "--release", "TLP:CLEAR")
    # The first line says which version is on screen.
    assert running.first.startswith("preview of the TLP:CLEAR release of memo.yaml at "
                                    "http://127.0.0.1:")
    try:
        page = browser.new_page()
        page.goto(running.url)
        wait_for_text(page, PARTNERS_BLUF)
        wait_for_version(page, "TLP:CLEAR")
        assert RED not in text_shown(page)
        wait_until_written(page)
        assert sorted(project.files()) == ["memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.json",
                                           "memo-TLP-CLEAR.pdf"]
        # The page asks only for the versions it offers.
        status, _ = fetch(running.url + "show?version=TLP:GREEN")
        assert status == 404
        assert not (project.output / "memo-TLP-GREEN.pdf").exists()
    finally:
        code, _, err = running.stop()
    assert code == 0, err



def blank_pdf(width: float, pages: int = 1) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pages_shown_when_laid_out_give_way_to_the_last_written_when_the_build_fails(
        tmp_path):
    """The preview shows a PDF's pages as soon as it is laid out, before the Word file is
    made and the files written; if the build then fails, the pages of the last PDF written
    come back (the page says they are the last good version)."""
    from brief.commands.preview import PreviewState
    from brief.commands.rebuild import Rebuild
    from brief.errors import BriefError, Where

    spec = tmp_path / "memo.yaml"
    state = PreviewState(spec)
    written, laid_out = blank_pdf(595), blank_pdf(420, pages=2)
    state.update(Rebuild(spec, 0.5, pdf=written))
    first = state.as_json()
    assert [p["width"] for p in first["pages"]] == [595]
    state.show_draft(b"<!DOCTYPE html><p>draft</p>")
    assert state.as_json()["view"] == "draft"
    assert state.as_json()["draft"] == f"draft/{state.version}.html"

    state.show_pages(laid_out)
    shown = state.as_json()
    assert shown["view"] == "pages" and [p["width"] for p in shown["pages"]] == [420, 420]
    assert shown["pagesVersion"] > first["pagesVersion"]
    assert shown["built"].endswith("writing the files…")

    state.update(Rebuild(spec, 0.9, problems=(BriefError("the Word file failed",
                                                          Where(spec)),)))
    failed = state.as_json()
    assert [p["width"] for p in failed["pages"]] == [595]
    assert failed["pagesVersion"] > shown["pagesVersion"]  # the page shows them again
    assert failed["problems"] == [f"{spec}: error: the Word file failed"]
    assert failed["view"] == "pages"


@pytest.mark.slow
def test_a_link_in_the_draft_is_not_followed_and_a_note_link_scrolls_the_page(project,
                                                                             browser):
    spec = project.spec(sources={"gazette": {"url": "https://gazette.example/plan"}})
    running = Preview(project, spec)
    try:
        page = browser.new_page(viewport={"width": 1000, "height": 400})
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(running.url)
        wait_for_text(page, "Costs are unknown.")
        wait_until_written(page)
        # The draft, shown again (as after a save), held on screen for the test.
        page.evaluate("async () => { if (await showDraft('draft/1.html')) showView('draft'); }")
        draft = page.frame_locator("#pages .draft iframe")
        link = draft.locator("a[href='https://gazette.example/plan']").first
        link.click()
        page.wait_for_timeout(300)
        frame = page.locator("#pages .draft iframe")
        assert frame.evaluate("f => f.contentWindow.location.href").startswith(running.url)
        assert all(url.startswith(running.url) for url in asked), asked
        # A link back from a note to its call scrolls the page to the call.
        back = draft.locator("a.back-link").first
        target = back.get_attribute("href")
        assert target and target.startswith("#note-call-")
        back.click()
        below_header = page.evaluate('''id => {
          const frame = document.querySelector("#pages .draft iframe");
          const call = frame.contentDocument.getElementById(id);
          return frame.getBoundingClientRect().top + call.getBoundingClientRect().top
                 - document.querySelector("header").getBoundingClientRect().bottom;
        }''', target[1:])
        assert 0 <= below_header < 30
    finally:
        code, _, err = running.stop()
    assert code == 0, err


def test_each_page_is_drawn_in_order_at_twice_its_size_in_points():
    """The pages are drawn by pdfium here and made JPEGs in threads: each image is its own
    page's, in the PDF's order."""
    import io

    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from brief.commands.preview import pdf_pages

    writer = PdfWriter()
    for width in (595, 420, 300, 500):
        writer.add_blank_page(width=width, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert len(PdfReader(io.BytesIO(out.getvalue())).pages) == 4
    pages = pdf_pages(out.getvalue())
    assert [p.width for p in pages] == [595, 420, 300, 500]
    for page in pages:
        image = Image.open(io.BytesIO(page.image))
        assert image.format == "JPEG"
        assert image.size == (round(page.width * 2), 842 * 2)


@pytest.mark.slow
def test_the_first_build_over_up_to_date_outputs_writes_nothing(project):
    # Built by `brief build`: the preview's first build says nothing changed, leaves every
    # file as it was (its modification time too), and the next build is not run again.
    spec = project.spec()
    assert project.run("build", "memo.yaml").exit_code == 0
    times = {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()}
    running = Preview(project, spec)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with urllib.request.urlopen(running.url + "state", timeout=20) as answer:
                if json.loads(answer.read())["built"].startswith("built at"):
                    break
            time.sleep(0.2)
        code, out, err = running.stop()
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
    assert code == 0, err
    assert re.search(r"memo\.yaml: built in \d+\.\d\d s; nothing changed: output/ already "
                     r"held these files", out), out
    assert {p.name: p.stat().st_mtime_ns for p in project.output.iterdir()} == times
    again = project.run("build", "memo.yaml")
    assert "unchanged since output/memo.json; not built again" in again.stdout
