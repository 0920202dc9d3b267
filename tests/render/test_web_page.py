"""`--format html`: the memo as one self-contained, accessible web page. Read back with
lxml as a browser's parser sees it, and checked with axe-core in Debian's chromium (driven
by Playwright; axe-core installed from npm by scripts/install-system-deps --tests, nothing
downloaded here)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from conftest import REPO, Project, make_png

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TABLE = """\
The **plan** is *rushed*.

Table: Troops by district

| District | Troops |
|:---------|-------:|
| Brest    |  4,000 |
| Gomel    |  3,500 |
"""
AXE = Path(os.environ.get("BRIEF_TEST_TOOLS", Path.home() / ".cache" / "brief-tests")) \
    / "node_modules" / "axe-core" / "axe.min.js"


def web_page(project: Project, *args: str, **overrides: Any) -> Any:
    result = project.run("build", project.spec(**overrides), "--format", "html", *args)
    assert result.exit_code == 0, result.stderr
    return lxml.html.fromstring((project.output / "memo.html").read_bytes())


def test_only_the_page_and_the_manifest_are_written_and_the_manifest_names_it(
        project: Project) -> None:
    web_page(project)
    assert sorted(project.files()) == ["memo.html", "memo.json"]
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    assert list(manifest["outputs"]) == ["memo.html"]
    assert manifest["inputs"]["options"]["formats"] == ["html"]


def test_the_page_has_its_language_title_and_landmarks_with_the_marking(
        project: Project) -> None:
    page = web_page(project, language="en-GB")
    assert page.get("lang") == "en-GB"
    assert page.findtext(".//title") == "Test memo"
    body = page.body
    assert [child.tag for child in body] == ["header", "main", "footer"]
    assert " ".join(body[0].text_content().split()) == (
        "Handling marking: OFFICIAL-SENSITIVE")
    assert " ".join(body[2].text_content().split()) == "OFFICIAL-SENSITIVE"
    headings = [(h.tag, " ".join(h.text_content().split()))
                for h in body[1].iter("h1", "h2", "h3")]
    assert headings[:3] == [("h1", "Test memo"), ("h2", "Bottom line up front"),
                            ("h2", "Risks")]
    assert headings[-1] == ("h2", "Sources")


def test_the_page_is_self_contained(project: Project) -> None:
    folder = project.template("house", "style:\n  logo: logo.png\n")
    make_png(folder / "logo.png", (255, 0, 255))
    page = web_page(project, template="house")
    html = (project.output / "memo.html").read_text(encoding="utf-8")
    assert page.xpath("//link") == [] and page.xpath("//script") == []
    assert "file:" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert 'url("data:image/png;base64,' in html  # the logo, inside the file
    assert all(src.startswith("data:") for src in page.xpath("//img/@src"))
    # and shown above the marking, as the PDF shows it in its page header
    [logo] = page.xpath("//body/header/img")
    assert logo.get("alt") == "house logo" and logo.get("src").startswith("data:image/png")


def test_a_pipe_table_has_its_caption_and_scoped_header_cells(project: Project) -> None:
    page = web_page(project, bluf=TABLE)
    [table] = page.xpath("//table[@class='data']")
    assert " ".join(table.find("caption").text_content().split()) == (
        "Table 1: Troops by district")
    assert [(th.get("scope"), th.text_content()) for th in table.iter("th")] == [
        ("col", "District"), ("col", "Troops")]
    assert [[td.text_content() for td in tr.iter("td")] for tr in table.find("tbody")] == [
        ["Brest", "4,000"], ["Gomel", "3,500"]]


def test_footnotes_are_links_to_notes_that_link_back(project: Project) -> None:
    page = web_page(project)  # the built-in memo cites in footnotes
    calls = page.xpath("//sup[@class='footnote-call']/a")
    assert [call.text for call in calls] == ["1", "2", "3"]
    notes = page.xpath("//section[@class='web-notes']//li")
    assert [note.get("id") for note in notes] == ["note-1", "note-2", "note-3"]
    assert [call.get("href") for call in calls] == ["#note-1", "#note-2", "#note-3"]
    assert notes[0].text.strip() == "Example 2024, ¶4."
    back = notes[0].xpath(".//a[@class='back-link']")[0]
    assert back.get("href") == "#note-call-1" and calls[0].get("id") == "note-call-1"
    # the notes come before the sources, and the footnote text left the paragraph
    sections = [s.get("class") for s in page.xpath("//main/section")]
    assert sections.index("web-notes") == sections.index("sources") - 1
    assert page.xpath("//span[@class='footnote']") == []


def test_endnotes_link_back_to_their_calls(project: Project) -> None:
    project.template("cited", "citations: endnotes\n")
    page = web_page(project, template="cited")
    calls = page.xpath("//sup[@class='note-call']/a")
    assert [call.get("id") for call in calls] == ["note-call-1", "note-call-2", "note-call-3"]
    back = page.xpath("//li[@id='note-2']/a[@class='back-link']/@href")
    assert back == ["#note-call-2"]


def test_a_memo_without_a_marking_has_no_banner(project: Project) -> None:
    page = web_page(project, marking=None)
    assert [child.tag for child in page.body] == ["main"]


# --- axe-core in chromium ------------------------------------------------------------------

needs_axe = pytest.mark.skipif(
    "CI" not in os.environ and not AXE.is_file(),
    reason=f"axe-core is not installed at {AXE} (scripts/install-system-deps --tests)")



def axe_violations(browser: Any, page_file: Path) -> list[str]:
    """The violations of serious or critical impact axe-core finds in the page, as
    `impact id: help (first element)`; the page may fetch nothing but itself."""
    assert AXE.is_file(), f"axe-core is not installed at {AXE}"
    page = browser.new_page()
    fetched: list[str] = []

    def route(request: Any) -> None:
        if request.request.url != page_file.as_uri():
            fetched.append(request.request.url)
            request.abort()
        else:
            request.continue_()

    try:
        page.route("**/*", route)
        page.goto(page_file.as_uri())
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        results = page.evaluate("async () => await axe.run(document, "
                                "{resultTypes: ['violations']})")
    finally:
        page.close()
    assert fetched == [], "the page fetched something besides itself"
    return [f"{v['impact']} {v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@needs_axe
def test_the_example_passes_axe_in_chromium(tmp_path: Path, browser: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    monkeypatch.chdir(tmp_path)
    project = Project.__new__(Project)
    project.root = tmp_path
    result = project.run("build", "briefings/belarus-2022.yaml", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert axe_violations(browser, tmp_path / "output" / "belarus-2022.html") == []


@needs_axe
@pytest.mark.parametrize("template", ["memo", "briefing-note", "one-pager"])
def test_a_memo_with_a_table_passes_axe_in_chromium(project: Project, browser: Any,
                                                    template: str) -> None:
    web_page(project, bluf=TABLE, template=template)
    assert axe_violations(browser, project.output / "memo.html") == []


def test_a_template_picture_is_put_in_and_nothing_else_is_fetched(project: Project) -> None:
    folder = project.template("house", "", files=("document.html.j2",))
    make_png(folder / "mark.png", (0, 128, 0))
    layout = (folder / "document.html.j2").read_text(encoding="utf-8")
    layout = layout.replace("<h1>{{ briefing.title }}</h1>",
                            '<img src="mark.png" alt="House mark"><img src="https://example.org/'
                            'x.png" alt="Tracker"><h1>{{ briefing.title }}</h1>')
    layout = layout.replace("<head>", '<head><link rel="icon" href="https://example.org/i">')
    (folder / "document.html.j2").write_text(layout, encoding="utf-8")
    page = web_page(project, template="house")
    images = {img.get("alt"): img.get("src") for img in page.iter("img")}
    assert images["House mark"].startswith("data:image/png;base64,")
    assert images["Tracker"] is None  # left out, its alt text kept
    assert page.xpath("//link") == []


def test_the_email_draft_attaches_the_web_page(project: Project) -> None:
    import email
    import email.policy

    distribution = {"from": "Desk <desk@example.org>", "to": ["Minister <min@example.org>"]}
    result = project.run("build", project.spec(distribution=distribution), "--format",
                         "pdf,html", "--email")
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes((project.output / "memo.eml").read_bytes(),
                                       policy=email.policy.default)
    attached = {part.get_filename(): part for part in message.iter_attachments()}
    assert sorted(attached) == ["memo.html", "memo.pdf"]
    assert attached["memo.html"].get_content_type() == "text/html"
    assert attached["memo.html"].get_content().encode("utf-8") == (
        project.output / "memo.html").read_bytes()


@needs_axe
def test_a_memo_with_a_logo_and_a_tlp_marking_passes_axe(project: Project,
                                                          browser: Any) -> None:
    folder = project.template("house", "style:\n  logo: logo.png\n")
    make_png(folder / "logo.png", (0, 0, 128))
    web_page(project, template="house", marking="TLP:AMBER", bluf=TABLE)
    assert axe_violations(browser, project.output / "memo.html") == []


@needs_axe
def test_axe_does_find_a_house_css_too_faint_to_read(project: Project, browser: Any) -> None:
    """The check can fail: a house stylesheet that greys the text out is caught."""
    folder = project.template("faint", "stylesheets: [faint.css]\n")
    (folder / "faint.css").write_text("p { color: #c8c8c8; }\n", encoding="utf-8")
    web_page(project, template="faint")
    violations = axe_violations(browser, project.output / "memo.html")
    assert violations and violations[0].startswith("serious color-contrast: ")


@needs_axe
def test_a_table_with_row_headers_passes_axe(project: Project, browser: Any) -> None:
    matrix = "Table: Exports\n\n|  | 2021 | 2022 |\n|---|--:|--:|\n| Russia | 41 % | 48 % |\n"
    web_page(project, bluf=matrix)
    assert axe_violations(browser, project.output / "memo.html") == []
