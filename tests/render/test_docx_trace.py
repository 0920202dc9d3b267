"""The trace a built Word file carries (brief.origins): a hidden bookmark at the start of
every paragraph brief writes, and the custom XML part that says, for each, its text as
written and which characters came from which key of the spec. Read back from the file
as `brief review` reads it: the paragraphs' text counted by `origins.paragraph_text`."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from brief.origins import (
    ANALYST,
    GENERATED,
    QUOTATION,
    BuildTrace,
    bookmark_base,
    is_trace_bookmark,
    paragraph_text,
    read_trace,
)
from conftest import (
    DATA,
    REPO,
    SYSTEM_PYTHON,
    Project,
    libreoffice_pdf,
    make_png,
    needs_libreoffice,
    page_pixels,
    pdf_pages,
)

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RUSSIAN = DATA / "translation" / "minsk-army-2022.txt"


def traced_paragraphs(docx: Path) -> list[tuple[str, list[str], str]]:
    """Every paragraph of the body (tables' cells too) and of the notes: its part, the
    trace bookmarks in it, and its text."""
    found = []
    with zipfile.ZipFile(docx) as archive:
        for part, name in (("body", "word/document.xml"), ("footnotes", "word/footnotes.xml")):
            if name not in archive.namelist():
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{W}p"):
                note = paragraph.getparent()
                if note.get(f"{W}type") is not None:
                    continue  # a footnote separator: the house's
                marks = [b.get(f"{W}name") for b in paragraph.iter(f"{W}bookmarkStart")
                         if is_trace_bookmark(b.get(f"{W}name", ""))]
                found.append((part, marks, paragraph_text(paragraph)))
    return found


def check_trace(docx: Path) -> BuildTrace:
    """Every paragraph has its own bookmark, the trace's text is the paragraph's, its
    segments cover that text in order, and each analyst's or quoted segment names a key
    the trace holds, of its kind."""
    trace = read_trace(docx.read_bytes())
    assert trace is not None
    paragraphs = traced_paragraphs(docx)
    assert len(paragraphs) == len(trace.paragraphs)
    for (part, marks, text), traced in zip(paragraphs, trace.paragraphs, strict=True):
        assert marks == [traced.bookmark]
        assert (part, text) == (traced.part, traced.text)
        at = 0
        for segment in traced.segments:
            assert segment.start == at < segment.end
            at = segment.end
            if segment.origin.kind in (ANALYST, QUOTATION):
                key = trace.keys[segment.origin.path]
                assert key.kind == segment.origin.kind
            else:
                assert segment.origin.kind == GENERATED and segment.origin.control
        assert at == len(text)
        first = next((trace.keys[s.origin.path].line for s in traced.segments
                      if s.origin.path in trace.keys), 0)
        assert traced.bookmark.startswith(f"_brief_L{first}_")
    return trace


def segment_texts(trace: BuildTrace, kind: str) -> dict[str, str]:
    """The text of each key's segments of `kind`, joined, by key path."""
    found: dict[str, str] = {}
    for paragraph in trace.paragraphs:
        for segment in paragraph.segments:
            if segment.origin.kind == kind:
                found[segment.origin.path] = found.get(segment.origin.path, "") + \
                    paragraph.text[segment.start:segment.end]
    return found


def test_the_example_is_traced_paragraph_by_paragraph(project: Project) -> None:
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    trace = check_trace(project.output / "belarus-2022.docx")
    lines = spec.read_text(encoding="utf-8").splitlines()
    assert trace.spec == "briefings/belarus-2022.yaml" and len(trace.spec_sha256) == 64
    assert not trace.review_copy and trace.release is None
    bluf = trace.keys["bluf"]
    assert bluf.kind == ANALYST and bluf.value.startswith("Belarusian troops are ")
    assert lines[bluf.line - 1].strip().startswith("bluf:") or \
        lines[bluf.line - 1].strip().startswith("Belarusian troops")
    passage = trace.keys["sections[0].points[1].passages[0]"]
    assert passage.kind == QUOTATION and passage.source == "wolff"
    assert passage.value in lines[passage.line - 1]
    analyst = segment_texts(trace, ANALYST)
    assert analyst["sections[1].points[0].actor"] == "Lukashenko"
    assert analyst["sections[0].title"] == "Risk factors"
    assert analyst["sections[3].points[0].pros[0]"].startswith("Leaves Lukashenko")
    # a list the spec writes as its one item (`pros: Answers …`): traced at the key itself
    one = trace.keys["sections[3].points[2].pros"]
    assert (one.value, lines[one.line - 1].strip()) == (
        "Answers the repression of 2020 at its root.",
        "pros: Answers the repression of 2020 at its root.")
    assert analyst["sections[3].points[2].pros"] == one.value
    assert "sections[3].points[2].pros[0]" not in trace.keys | analyst
    assert analyst["sections[3].points[2].cons[0]"].startswith("Would drive")
    assert analyst["sources.wolff.assessment"] == trace.keys["sources.wolff.assessment"].value
    quoted = segment_texts(trace, QUOTATION)
    assert quoted["sections[0].points[1].passages[0]"].startswith("Lukashenko and his regime")
    controls = {s.origin.control for p in trace.paragraphs for s in p.segments}
    assert {"labels.bluf", "marking", "citation_style", "sources.wolff", "labels.levers",
            "labels.implication", "labels.option", "likelihood_ranges"} <= controls
    judgment = next(p for p in trace.paragraphs
                    if p.segments[0].origin.path == "key_judgments[0].text")
    assert [judgment.text[s.start:s.end] for s in judgment.segments
            if s.origin.control == "likelihood_ranges"] == [" (20–45%)"]
    # the bookmark of a paragraph names the line of its first key in the spec
    point = next(p for p in trace.paragraphs
                 if p.segments[0].origin.path == "sections[0].points[0].text")
    line = trace.keys["sections[0].points[0].text"].line
    assert point.bookmark.startswith(f"_brief_L{line}_")
    assert "A staged" in lines[line - 1]
    # nothing the memo does not show: no YAML comment
    assert not any(key.value.lstrip().startswith("#") for key in trace.keys.values())


def many_kinds(project: Project) -> Path:
    """A spec with a table in its bottom line, a decision, a figure, a chart, options, an
    actor's levers, a signpost, a quote in translation and a release."""
    shutil.copy(RUSSIAN, project.root / "sources" / RUSSIAN.name)
    (project.root / "figures").mkdir()
    make_png(project.root / "figures" / "map.png", (20, 40, 200))
    russian = {"file": f"sources/{RUSSIAN.name}", "title": "Белорусская армия",
               "authors": ["Иван Петров"], "date": "2022-03-20", "language": "ru"}
    chart = {"type": "dotplot", "title": "Troops, estimates",
             "data": {"who": ["NATO", "Kyiv"], "troops": [30000, 35000],
                      "low": [25000, 30000], "high": [35000, 40000]},
             "low": "low", "high": "high", "credit": "Press reports"}
    return project.spec(
        bluf="The **plan** is *rushed*.\n\n| Year | Cost |\n| --- | --- |\n| 2024 | 5 |\n\n"
             "Table: What it costs\n",
        decision_requested={"text": "Approve the *visit*.", "deadline": "2024-05-08"},
        sources={"minsk": russian},
        sections=[
            {"title": "Risks", "kind": "risks", "text": "Two risks stand out.", "points": [
                {"text": "Costs are unknown.", "figure": {
                    "file": "figures/map.png", "alt": "A map", "caption": "The border",
                    "credit": "OpenStreetMap"},
                 "passages": [{"source": "gazette", "quote": "its costs were not known"}]},
                {"text": "The army is not ready.", "chart": chart, "passages": [
                    {"source": "minsk", "quote": "моральный дух войск остается низким",
                     "translation": "the troops' morale remains *low*"}]}]},
            {"title": "Actors", "kind": "incentives", "points": [
                {"text": "To stay in power.", "actor": "Lukashenko", "levers": "Few."}]},
            {"title": "What to watch", "kind": "indicators", "points": [
                {"text": "Troops move.", "implication": "Entry is near."}]},
            {"title": "Options", "kind": "options", "points": [
                {"text": "Wait.", "pros": ["Cheap."], "cons": ["Slow.", "Risky."],
                 "recommended": True},
                {"text": "Act.", "pros": ["Quick."], "cons": ["Dear."],
                 "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]}])


@pytest.mark.parametrize("settings", ["", "citations: endnotes\nincentives: table\n",
                                      "passages: cited\nnumbered_headings: true\n"])
def test_every_kind_of_paragraph_is_traced(project: Project, settings: str) -> None:
    spec = many_kinds(project)
    if settings:
        project.template("house", settings, files=("reference.docx",))
        text = spec.read_text(encoding="utf-8")
        spec.write_text("template: house\n" + text, encoding="utf-8")
    result = project.run("build", spec, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    trace = check_trace(project.output / "memo.docx")
    analyst = segment_texts(trace, ANALYST)
    assert analyst["sections[0].points[0].figure.caption"] == "The border"
    assert analyst["decision_requested.text"] == "Approve the visit."
    assert "2024" in analyst["bluf"] and "What it costs" in analyst["bluf"]
    caption = next(p for p in trace.paragraphs if p.text == "Table 1: What it costs")
    assert [(caption.text[s.start:s.end], s.origin.control or s.origin.path)
            for s in caption.segments] == [("Table 1: ", "labels.table"),
                                           ("What it costs", "bluf")]
    assert analyst["sections[3].points[0].cons[1]"] == "Risky."
    quoted = segment_texts(trace, QUOTATION)
    if "cited" not in settings:  # passages shown, not only cited
        assert "its costs were not known" in quoted["sections[0].points[0].passages[0]"]
        assert analyst["sections[0].points[1].passages[0].translation"] == \
            "the troops' morale remains low"
        assert "моральный дух войск остаётся низким" in \
            quoted["sections[0].points[1].passages[0]"]


def test_portion_marks_are_brief_s_within_the_analyst_s_text(project: Project) -> None:
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    project.template("marked", "portion_marks: true\n", files=("reference.docx",))
    spec = project.root / "briefings" / "belarus-2022.yaml"
    spec.write_text("template: marked\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    trace = check_trace(project.output / "belarus-2022.docx")
    marks = [(p.text[s.start:s.end], p.segments[i + 1].origin.path)
             for p in trace.paragraphs for i, s in enumerate(p.segments)
             if s.origin.control == "portion_marks" and i + 1 < len(p.segments)]
    assert ("(TLP:AMBER) ", "bluf") in marks
    assert any(path == "sections[0].points[0].text" for _, path in marks)


def test_a_release_is_traced_with_only_what_it_shows(project: Project) -> None:
    secret = "A source inside the ministry says so."
    spec = project.spec(marking="TLP:AMBER", portion_marking="TLP:CLEAR",
                        releases=[{"marking": "TLP:CLEAR"}], sections=[
                            {"title": "Risks", "kind": "risks", "points": [
                                {"text": "Costs are unknown.", "passages": [
                                    {"source": "gazette", "quote": "its costs were not known"}]},
                                {"text": secret, "marking": "TLP:AMBER"}]}])
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    memo = check_trace(project.output / "memo.docx")
    released = [name for name in project.files() if name.endswith(".docx")
                and name != "memo.docx"]
    assert len(released) == 1
    release = check_trace(project.output / released[0])
    assert (memo.release, release.release) == (None, "TLP:CLEAR")
    assert "sections[0].points[1].text" in memo.keys
    assert "sections[0].points[1].text" not in release.keys
    assert secret not in "".join(p.text for p in release.paragraphs)
    assert not any(secret in key.value for key in release.keys.values())


def test_the_same_spec_gives_the_same_bytes(project: Project) -> None:
    spec = many_kinds(project)
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    first = (project.output / "memo.docx").read_bytes()
    assert project.run("build", spec, "--format", "docx", "--force").exit_code == 0
    assert (project.output / "memo.docx").read_bytes() == first




LO_REVIEW = REPO.parent / "shared" / "tools" / "lo_review.py"


@needs_libreoffice
@pytest.mark.skipif(not LO_REVIEW.exists(), reason="../shared/tools/lo_review.py is not here")
def test_the_trace_survives_a_review_in_libreoffice(project: Project) -> None:
    """Reviewed in LibreOffice (a tracked replacement and deletion, a comment) and saved
    as .docx: every bookmark is still there, and the trace reads back as it was."""
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    built = project.output / "belarus-2022.docx"
    reviewed = project.root / "reviewed.docx"
    subprocess.run([SYSTEM_PYTHON, str(LO_REVIEW), str(built), "--out", str(reviewed),
                    "replace:are unlikely=>are not expected", "delete:Minsk has little say. ",
                    "comment:Risk factors=>Check this with the Political Director"],
                   check=True, capture_output=True, timeout=180)
    before, after = read_trace(built.read_bytes()), read_trace(reviewed.read_bytes())
    assert after == before
    marks = [mark for _, found, _ in traced_paragraphs(reviewed) for mark in found]
    # LibreOffice renames the footnotes' bookmarks (`_Copy_1` after the name)
    assert any(mark.endswith("_Copy_1") for mark in marks)
    assert sorted(bookmark_base(mark) for mark in marks) == \
        sorted(p.bookmark for p in before.paragraphs)
    assert all(after.paragraph(mark) is not None for mark in marks)
    with zipfile.ZipFile(reviewed) as archive:
        document = archive.read("word/document.xml")
        assert b"<w:del " in document and b"<w:ins " in document  # the review is in it
        assert "word/comments.xml" in archive.namelist()


def without_trace(docx: Path, out: Path) -> Path:
    """The .docx with its trace taken out: no trace bookmark, no custom XML part of
    brief's (the file as brief wrote it before it traced)."""
    with zipfile.ZipFile(docx) as archive, zipfile.ZipFile(out, "w") as stripped:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename in ("word/document.xml", "word/footnotes.xml"):
                root = etree.fromstring(data)
                for mark in root.iter(f"{W}bookmarkStart"):
                    if is_trace_bookmark(mark.get(f"{W}name", "")):
                        number = mark.get(f"{W}id")
                        mark.getparent().remove(mark)
                        for end in root.iter(f"{W}bookmarkEnd"):
                            if end.get(f"{W}id") == number:
                                end.getparent().remove(end)
                                break
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            stripped.writestr(item, data)
    return out


@needs_libreoffice
def test_the_trace_changes_nothing_libreoffice_shows(project: Project) -> None:
    """The example's .docx and its review copy, laid out by LibreOffice, give the same
    pixels as the same file without its trace bookmarks."""
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    spec = project.root / "briefings" / "belarus-2022.yaml"
    assert project.run("build", spec, "--format", "docx", "--review").exit_code == 0
    work = project.root / "laid-out"
    work.mkdir()
    without_trace(project.output / "belarus-2022.docx", work / "bare.docx")
    shutil.copy(project.output / "belarus-2022.docx", work / "traced.docx")
    shutil.copy(project.output / "belarus-2022-review.docx", work / "review.docx")
    pdfs = [libreoffice_pdf(work / name, work) for name in
            ("bare.docx", "traced.docx", "review.docx")]
    pages = [len(pdf_pages(pdf)) for pdf in pdfs]
    assert pages[0] >= 4 and pages == [pages[0]] * 3
    for page in range(1, pages[0] + 1):
        bare_page = page_pixels(pdfs[0], page, dpi=72)
        assert page_pixels(pdfs[1], page, dpi=72) == bare_page
        assert page_pixels(pdfs[2], page, dpi=72) == bare_page
