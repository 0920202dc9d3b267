"""Releases: a version of a memo for a wider audience, made from the same spec by portion
marking, read back as its readers would see it."""

from __future__ import annotations

import json

import docx
import pytest

from conftest import docx_footnotes, docx_paragraphs, flat, pdf_pages
from drafts import DISTRIBUTION, read_eml
from red_memo import PARTNERS, PARTNERS_BLUF, RED, red_memo

pytestmark = pytest.mark.e2e

GAZETTE = {"source": "gazette", "quote": "its costs were not known"}
SECRET = "Minsk has asked us privately for a channel."


def marked_spec(project, **overrides):
    """A TLP:AMBER memo whose unmarked portions may go to TLP:CLEAR: one section, one point,
    one passage and one key judgment are marked TLP:AMBER."""
    settings = dict(
        marking="TLP:AMBER", portion_marking="TLP:CLEAR",
        key_judgments=[
            {"text": "Costs are unlikely to be known soon.", "likelihood": "unlikely",
             "confidence": "moderate",
             "passages": [GAZETTE, {"source": "gazette", "paragraph": 3,
                                    "marking": "TLP:AMBER"}]},
            {"text": "Minsk will likely ask again.", "likelihood": "likely",
             "confidence": "low", "marking": "TLP:AMBER",
             "passages": [{"source": "gazette", "paragraph": 5}]}],
        sections=[
            {"title": "Risks", "kind": "risks", "points": [
                {"text": "Costs are unknown.", "passages": [GAZETTE]},
                {"text": SECRET, "marking": "TLP:AMBER",
                 "passages": [{"source": "lines", "paragraphs": "1-2"}]}]},
            {"title": "Actors", "kind": "incentives", "marking": "TLP:AMBER", "points": [
                {"actor": "Critics", "text": "They want delay.",
                 "passages": [{"source": "gazette", "paragraph": 4}]}]}])
    settings.update(overrides)
    return project.spec(**settings)


@pytest.mark.slow
def test_a_release_leaves_out_what_is_marked_above_it(project):
    result = project.run("build", marked_spec(project), "--release", "TLP:CLEAR")
    assert result.exit_code == 0, result.stderr
    assert sorted(project.files()) == ["memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.json",
                                       "memo-TLP-CLEAR.pdf"]
    pages = [flat(page) for page in pdf_pages(project.output / "memo-TLP-CLEAR.pdf")]
    for page in pages:  # the release's own marking on every page, top and bottom
        assert page.count("TLP:CLEAR") >= 2
    text = " ".join(pages)
    assert "TLP:AMBER" not in text
    assert "Costs are unlikely (20–45%) to be known soon." in text
    assert "Costs are unknown." in text
    for left_out in (SECRET, "Minsk will likely ask again", "They want delay", "Actors",
                     "Lines", "One & Two 2023"):  # the source only AMBER portions cited
        assert left_out not in text
    # Notes numbered afresh: the two kept passages are notes 1 and 2.
    assert "1. Example 2024, ¶4. 2. Example 2024, ¶4." in text
    assert "3. " not in text.split("Sources")[0].split("Example 2024, ¶4.")[-1]
    word = docx.Document(str(project.output / "memo-TLP-CLEAR.docx"))
    body = [p.text for p in word.paragraphs]
    assert "Costs are unknown." in body and SECRET not in body
    assert not any("They want delay" in p or "Minsk will likely" in p for p in body)
    assert docx_footnotes(project.output / "memo-TLP-CLEAR.docx") == [
        "Example 2024, ¶4.", "Example 2024, ¶4."]
    header = " ".join(p.text for p in word.sections[0].header.paragraphs)
    assert "TLP:CLEAR" in header and "TLP:AMBER" not in header
    assert word.core_properties.keywords == "TLP:CLEAR"
    manifest = json.loads((project.output / "memo-TLP-CLEAR.json").read_text())
    assert [p["key"] for p in manifest["passages"]] == [
        ["key_judgments", 0, "passages", 0], ["sections", 0, "points", 0, "passages", 0]]
    assert list(manifest["sources"]) == ["gazette"]


@pytest.mark.slow
def test_the_releases_a_spec_lists_are_built_beside_the_memo(project):
    partners = {"from": "Test desk <desk@example.org>", "to": "Partner <desk@partner.example>"}
    spec = marked_spec(project, distribution=DISTRIBUTION, releases=[
        {"marking": "TLP:CLEAR", "title": "Costs of the plan", "distribution": partners}])
    result = project.run("build", spec, "--email")
    assert result.exit_code == 0, result.stderr
    assert sorted(project.files()) == [
        "memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.eml", "memo-TLP-CLEAR.json",
        "memo-TLP-CLEAR.pdf", "memo.docx", "memo.eml", "memo.json", "memo.pdf"]
    full = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert SECRET in full and "They want delay." in full
    memo, release = (read_eml(project.output / name) for name in ("memo.eml",
                                                                  "memo-TLP-CLEAR.eml"))
    assert memo["Subject"] == "[TLP:AMBER] Test memo"
    assert release["Subject"] == "[TLP:CLEAR] Costs of the plan"
    assert release["To"] == "Partner <desk@partner.example>"
    plain = release.get_body(("plain",)).get_content()
    assert plain.startswith("TLP:CLEAR\r\n\r\nCosts of the plan\r\n")
    assert "Minsk will likely" not in plain
    assert [a.get_filename() for a in release.iter_attachments()] == [
        "memo-TLP-CLEAR.pdf", "memo-TLP-CLEAR.docx"]


ONE_SECTION = {"key_judgments": [], "portion_marking": None}


@pytest.mark.parametrize(("overrides", "release", "message"), [
    ({**ONE_SECTION, "sections": [{"title": "Risks", "kind": "risks", "marking": "TLP:RED",
                                   "points": [{"text": "x"}]}]}, [],
     "memo.yaml:28:12: error: sections[0].marking: 'TLP:RED' is above the memo's own marking, "
     "TLP:AMBER: a memo is marked with its most restrictive portion's marking\n"
     "    hint: mark the memo TLP:RED, or this portion lower\n"),
    ({**ONE_SECTION, "sections": [{"title": "Risks", "kind": "risks", "marking": "OFFICIAL",
                                   "points": [{"text": "x"}]}]}, [],
     "memo.yaml:28:12: error: sections[0].marking: 'OFFICIAL' is a classification, and the "
     "memo is marked with a TLP label (TLP:AMBER)\n"
     "    hint: mark a memo's portions and releases in the memo's own system\n"),
    ({**ONE_SECTION, "marking": "OFFICIAL-SENSITIVE",
      "sections": [{"title": "Risks", "kind": "risks", "marking": "RESTRICTED",
                    "points": [{"text": "x"}]}]}, [],
     "memo.yaml:28:12: error: sections[0].marking: 'RESTRICTED' is not among the template's "
     "classifications: UNCLASSIFIED, OFFICIAL, OFFICIAL-SENSITIVE, CONFIDENTIAL, SECRET, "
     "TOP SECRET\n"
     "    hint: add it to `classifications:` in the template's template.yaml, lowest first, or "
     "use one of these\n"),
    ({}, ["--release", "TLP:RED"],
     "memo.yaml: error: --release: a release at TLP:RED is not for a wider audience than the "
     "memo itself (TLP:AMBER)\n"
     "    hint: a release's marking is below the memo's: TLP:CLEAR, TLP:GREEN\n"),
    ({"portion_marking": None}, ["--release", "TLP:GREEN"],
     "memo.yaml: error: --release: the TLP:GREEN release has no bottom line it may carry: the "
     "memo's is marked TLP:AMBER\n"
     "    hint: give the release its own `bluf:` under `releases:`, or set `portion_marking:` "
     "if what is not marked may go wider\n"),
    ({"marking": None, "portion_marking": None}, [],
     "memo.yaml:55:14: error: key_judgments[0].passages[1].marking: 'TLP:AMBER' marks a "
     "portion or a release, but the memo itself has no `marking`\n"
     "    hint: give the memo its `marking`: the most restrictive of its portions'\n"),
])
def test_markings_that_cannot_make_a_release(project, overrides, release, message):
    result = project.run("build", marked_spec(project, **overrides), *release)
    assert result.exit_code == 1
    assert result.stderr == message + "brief build: failed (1 problem); no files were written\n"
    assert project.files() == {}


def test_a_release_asked_for_twice_is_an_error(project):
    spec = marked_spec(project, releases=[{"marking": "TLP:CLEAR"}, {"marking": "TLP:CLEAR"}])
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert "error: releases[1].marking: the release TLP:CLEAR is asked for twice\n" \
        in result.stderr


def test_a_release_that_loses_what_it_rests_on_is_warned_about(project):
    judgment = {"text": "Costs are unlikely to be known soon.", "likelihood": "unlikely",
                "confidence": "moderate",
                "passages": [{**GAZETTE, "marking": "TLP:AMBER"}]}
    spec = marked_spec(project, key_judgments=[judgment])
    result = project.run("check", spec, "--release", "TLP:CLEAR")
    assert result.exit_code == 0, result.stderr
    assert "warning: key_judgments[0]: the TLP:CLEAR release keeps key judgment 1 but none of " \
        "the passages it rests on: they are marked above the release\n" in result.stderr
    empty = marked_spec(project, key_judgments=[{**judgment, "marking": "TLP:AMBER"}],
                        sections=[{"title": "Risks", "kind": "risks", "marking": "TLP:AMBER",
                                   "points": [{"text": "x"}]}])
    result = project.run("check", empty, "--release", "TLP:CLEAR", "--strict")
    assert result.exit_code == 1
    assert "memo.yaml: error: --release: the TLP:CLEAR release reads empty: every key " \
        "judgment and section is marked above it\n" in result.stderr


@pytest.mark.slow
def test_portion_marks_show_each_portions_marking_in_both_formats(project):
    project.template("marked", "portion_marks: true\n")
    result = project.run("build", marked_spec(project, template="marked"))
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    for marked in ("(TLP:CLEAR) The plan is rushed.",
                   "(TLP:CLEAR) Costs are unlikely (20–45%) to be known soon.",
                   "(TLP:AMBER) Minsk will likely (55–80%) ask again.",
                   "(TLP:CLEAR) Costs are unknown.", f"(TLP:AMBER) {SECRET}",
                   "(TLP:AMBER) They want delay."):
        assert marked in text
    body = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    assert "(TLP:CLEAR) Costs are unknown." in body and f"(TLP:AMBER) {SECRET}" in body


@pytest.mark.slow
def test_a_house_lists_its_classifications_with_short_portion_marks(project):
    project.template("house", "portion_marks: true\nclassifications:\n  - UNCLASSIFIED\n"
                     "  - {marking: CONFIDENTIAL, abbreviation: C}\n"
                     "  - {marking: SECRET, abbreviation: S}\n")
    spec = marked_spec(project, template="house", marking="SECRET",
                       portion_marking="UNCLASSIFIED",
                       key_judgments=[], sections=[
                           {"title": "Risks", "kind": "risks", "points": [
                               {"text": "Costs are unknown."},
                               {"text": SECRET, "marking": "SECRET"},
                               {"text": "They want delay.", "marking": "CONFIDENTIAL"}]}])
    result = project.run("build", spec, "--release", "CONFIDENTIAL", "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo-CONFIDENTIAL.pdf")))
    assert "(UNCLASSIFIED) Costs are unknown." in text and "(C) They want delay." in text
    assert SECRET not in text and "CONFIDENTIAL" in text


@pytest.mark.slow
def test_an_archival_release_carries_its_manifest_but_never_the_spec(project):
    from pypdf import PdfReader

    spec = marked_spec(project, releases=[{"marking": "TLP:CLEAR"}])
    result = project.run("build", spec, "--pdf-variant", "pdf/a-3b", "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert sorted(PdfReader(project.output / "memo.pdf").attachments) == [
        "memo.json", "memo.yaml"]
    attached = PdfReader(project.output / "memo-TLP-CLEAR.pdf").attachments
    assert sorted(attached) == ["memo-TLP-CLEAR.json"]
    manifest = json.loads(attached["memo-TLP-CLEAR.json"][0])
    assert (manifest["marking"], manifest["release"]) == ("TLP:CLEAR", "TLP:CLEAR")
    assert SECRET not in json.dumps(manifest, ensure_ascii=False)


@pytest.mark.parametrize(("given", "message"), [
    ("", "--release: '' is not a marking: a memo marked with a TLP label is released under "
     "a TLP label\n    hint: give one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, "
     "TLP:RED, written so\n"),
    ("../../etc/passwd", "--release: '../../etc/passwd' is not a marking: a memo marked with "
     "a TLP label is released under a TLP label\n    hint: give one of TLP:CLEAR, TLP:GREEN, "
     "TLP:AMBER, TLP:AMBER+STRICT, TLP:RED, written so\n"),
    ("TLP:CLAER", "--release: unknown TLP label 'TLP:CLAER'; did you mean 'TLP:CLEAR'?\n"),
    ("tlp:clear", "--release: unknown TLP label 'tlp:clear'; did you mean 'TLP:CLEAR'?\n"),
    ("x" * 100_000, "--release: '" + "x" * 57 + "...' is not a marking"),
    ("TLP:" + "Y" * 100_000, "--release: unknown TLP label 'TLP:" + "Y" * 53 + "...'"),
])
def test_a_release_that_is_no_marking_says_what_was_given_and_what_is_allowed(
        project, given, message):
    spec = marked_spec(project)
    result = project.run("check", spec, "--release", given)
    assert result.exit_code == 1
    assert f"memo.yaml: error: {message}" in result.stderr
    assert len(result.stderr) < 2_000  # a long value is not echoed whole


@pytest.mark.slow
def test_a_release_has_its_own_memo_header_in_both_formats_and_the_email(project):
    """The partners' copy of a TLP:RED memo does not say "To: Political Director"."""
    result = project.run("build", red_memo(project), "--email")
    assert result.exit_code == 0, result.stderr
    assert "keeps the memo's header" not in result.stderr
    for name, to, sender in (("memo", "Political Director", "Test desk"),
                             ("memo-TLP-AMBER", "Political Director", "Test desk"),
                             ("memo-TLP-CLEAR", "Partner desk", "Eastern Europe desk")):
        text = flat(" ".join(pdf_pages(project.output / f"{name}.pdf")))
        assert f"To: {to} From: {sender}" in text, name
        body = [p.text for p in docx.Document(str(project.output / f"{name}.docx")).paragraphs]
        assert f"To:\t{to}" in body and f"From:\t{sender}" in body, name
        if name.endswith("CLEAR"):
            assert "Political Director" not in text and RED not in text
            assert not any("Political Director" in p or "Test desk" in p for p in body)
    draft = read_eml(project.output / "memo-TLP-CLEAR.eml")
    assert draft["To"] == PARTNERS["to"] and draft["From"] == PARTNERS["from"]
    plain = draft.get_body(("plain",)).get_content()
    assert "Political Director" not in plain and "Regards,\r\nEastern Europe desk\r\n" in plain
    attached = {a.get_filename(): a.get_content() for a in draft.iter_attachments()}
    assert sorted(attached) == ["memo-TLP-CLEAR.docx", "memo-TLP-CLEAR.pdf"]
    assert attached["memo-TLP-CLEAR.pdf"] == (project.output / "memo-TLP-CLEAR.pdf").read_bytes()


def test_a_release_to_other_readers_with_the_memos_header_is_warned_about(project):
    spec = red_memo(project, releases=[
        {"marking": "TLP:CLEAR", "bluf": "Costs are unknown.", "distribution": PARTNERS}])
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    assert ("memo.yaml:51:12: warning: releases[0].marking: the TLP:CLEAR release goes to its "
            "own distribution but keeps the memo's header, \"To: Political Director\"\n"
            "    hint: give the release its own `memo:` (`to`, `from`, `cc`, `subject`)\n"
            ) in result.stderr


PORTION_MARKS_NOTE = (
    "memo.yaml:3:10: note: marking: portion marks are on: the memo's portions carry 3 "
    "markings (TLP:AMBER, TLP:CLEAR, TLP:RED), so each is printed before it: (TLP:RED) …\n"
    "    hint: `portion_marks: false` in the spec turns them off; `portion_marks: true` "
    "keeps them, without this note\n")


@pytest.mark.slow
def test_portions_of_more_than_one_marking_are_marked_by_default_with_a_note(project):
    result = project.run("build", red_memo(project))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("portion marks are on") == 1
    assert PORTION_MARKS_NOTE in result.stderr
    memo = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    for marked in ("(TLP:AMBER) The plan is rushed.", "(TLP:CLEAR) Costs are unknown.",
                   "(TLP:AMBER) They want delay.", f"(TLP:RED) {RED}"):
        assert marked in memo
    body = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    assert f"(TLP:RED) {RED}" in body and "(TLP:CLEAR) Costs are unknown." in body
    # The TLP:AMBER release still holds two markings; the partners' copy holds one (its
    # own bottom line is written for it): no marks.
    amber = flat(" ".join(pdf_pages(project.output / "memo-TLP-AMBER.pdf")))
    assert "(TLP:AMBER) They want delay." in amber and "(TLP:RED)" not in amber
    clear = flat(" ".join(pdf_pages(project.output / "memo-TLP-CLEAR.pdf")))
    assert "(TLP:" not in clear and "Costs are unknown." in clear
    clear_body = [p.text for p in docx.Document(
        str(project.output / "memo-TLP-CLEAR.docx")).paragraphs]
    assert "Costs are unknown." in clear_body


@pytest.mark.slow
def test_portion_marks_set_in_the_spec(project):
    # Off: no marks, and no note.
    result = project.run("build", red_memo(project, portion_marks=False), "--main-only")
    assert result.exit_code == 0, result.stderr
    assert "portion marks" not in result.stderr
    memo = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert RED in memo and "(TLP:" not in memo
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]  # no release
    # Off even where the template turns them on.
    project.template("marked", "portion_marks: true\n")
    result = project.run("build", red_memo(project, portion_marks=False, template="marked"),
                         "--main-only", "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert "(TLP:" not in flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    # On for a memo of one marking, without a note.
    result = project.run("build", project.spec(portion_marks=True), "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert "portion marks" not in result.stderr
    memo = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "(OFFICIAL-SENSITIVE) Costs are unknown." in memo


def test_portion_marks_must_be_true_or_false(project):
    result = project.run("check", project.spec(portion_marks="yes please"))
    assert result.exit_code == 1
    assert result.stderr == ("memo.yaml:48:16: error: portion_marks: expected true or false, "
                             "found the text 'yes please'\nbrief check: failed (1 problem)\n")


def test_a_releases_memo_header_is_checked_as_the_memos(project):
    spec = red_memo(project, releases=[{"marking": "TLP:CLEAR", "bluf": "Costs are unknown.",
                                        "memo": {"too": "Partner desk"}}])
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:54:5: error: releases[0].memo.too: unknown key 'too' in memo; did you "
        "mean 'to'?\n"
        "    hint: the keys allowed here are: to, from, cc, subject\n"
        "brief check: failed (1 problem)\n")


def test_a_point_marked_below_its_section_is_warned_about_at_the_point(project):
    """A point marked TLP:CLEAR in a section left at `portion_marking: TLP:AMBER` goes no
    wider than its section: the TLP:CLEAR release leaves it out, and says so at the point."""
    spec = red_memo(project, sections=[
        {"title": "Risk factors", "kind": "risks", "points": [
            {"text": "Costs are unknown.", "marking": "TLP:CLEAR",
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]}])
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    line = next(number for number, text in enumerate(spec.read_text().splitlines(), start=1)
                if text.strip() == "marking: TLP:CLEAR")  # the point's
    assert f"memo.yaml:{line}:14: warning: sections[0].points[0].marking: this point is marked " \
        "TLP:CLEAR, but its section, \"Risk factors\", is marked TLP:AMBER (from " \
        "`portion_marking`): the TLP:CLEAR release leaves it out with its section\n" \
        "    hint: a portion goes no wider than what holds it: give the section \"Risk " \
        "factors\" `marking: TLP:CLEAR` if it may go to this audience whole, title and all, " \
        "or move the point to one that may\n" in result.stderr
    assert result.stderr.count("this point is marked") == 1  # the TLP:AMBER release keeps it
    # Marked as the fix says, the section and its point go to the partners.
    fixed = red_memo(project, sections=[
        {"title": "Risk factors", "kind": "risks", "marking": "TLP:CLEAR", "points": [
            {"text": "Costs are unknown.", "marking": "TLP:CLEAR",
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]}])
    result = project.run("check", fixed)
    assert result.exit_code == 0, result.stderr
    assert "this point is marked" not in result.stderr and "reads empty" not in result.stderr


def trial_memo(project):
    """The trial's memo: TLP:RED, unmarked portions TLP:AMBER, the one point of "Risk
    factors" marked TLP:CLEAR (and so left out of the TLP:CLEAR release with its section)."""
    return red_memo(project, sections=[
        {"title": "Risk factors", "kind": "risks", "points": [
            {"text": "Costs are unknown.", "marking": "TLP:CLEAR",
             "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]},
        {"title": "Actors", "kind": "incentives", "points": [
            {"actor": "Minsk", "text": RED, "marking": "TLP:RED"}]}])


@pytest.mark.slow
def test_a_release_that_cites_nothing_has_no_sources_heading(project):
    result = project.run("build", trial_memo(project), "--release", "TLP:CLEAR", "--email")
    assert result.exit_code == 0, result.stderr
    assert "the TLP:CLEAR release reads empty" in result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo-TLP-CLEAR.pdf")))
    assert PARTNERS_BLUF in text and "Sources" not in text and "Risk factors" not in text
    body = [p.text for p in docx.Document(str(project.output / "memo-TLP-CLEAR.docx")).paragraphs]
    assert PARTNERS_BLUF in body and "Sources" not in body
    message = read_eml(project.output / "memo-TLP-CLEAR.eml")
    for part in ("plain", "html"):
        shown = message.get_body((part,)).get_content()
        assert PARTNERS_BLUF in flat(shown) and "Sources" not in shown and "SOURCES" not in shown
    # The memo itself cites its sources, under the heading.
    project.run("build", trial_memo(project), "--main-only")
    assert "Sources" in flat(" ".join(pdf_pages(project.output / "memo.pdf")))


@pytest.mark.slow
def test_a_sections_portion_mark_is_in_its_heading_in_both_formats(project):
    """A section with no introduction has its portion mark in its heading, not on a line
    of its own: "(TLP:AMBER) Risk factors", a heading to a screen reader too."""
    from pdf_structure import structure

    spec = trial_memo(project)
    result = project.run("build", spec, "--main-only", "--email")
    assert result.exit_code == 0, result.stderr
    headings = [text for style, text in docx_paragraphs(project.output / "memo.docx")
                if style == "Heading 1"]
    assert "(TLP:AMBER) Risk factors" in headings and "(TLP:AMBER) Actors" in headings
    assert not [text for _, text in docx_paragraphs(project.output / "memo.docx")
                if text.strip() in ("(TLP:AMBER)", "(TLP:RED)")]
    assert "(TLP:CLEAR) Costs are unknown." in [
        text for _, text in docx_paragraphs(project.output / "memo.docx")]
    tree = structure(project.output / "memo.pdf")
    assert {"(TLP:AMBER) Risk factors", "(TLP:AMBER) Actors"} <= {
        h.text for h in tree.all("H2")}
    assert not [p for p in tree.all("P") if p.text.strip() in ("(TLP:AMBER)", "(TLP:RED)")]
    lines = [line.strip() for line in pdf_pages(project.output / "memo.pdf")[0].splitlines()]
    assert "(TLP:AMBER)" not in lines and "(TLP:AMBER) Risk factors" in lines
    # An introduction is a paragraph of the section: it carries the section's mark too.
    spec = red_memo(project, portion_marks=True, sections=[
        {"title": "Risk factors", "kind": "text", "text": "Two risks stand out."}])
    assert project.run("build", spec, "--main-only").exit_code == 0
    body = docx_paragraphs(project.output / "memo.docx")
    assert ("Heading 1", "(TLP:AMBER) Risk factors") in body
    assert ("Normal", "(TLP:AMBER) Two risks stand out.") in body


def test_a_passage_marked_below_its_point_or_judgment_is_warned_about_once(project):
    """Only the outermost portion a release leaves out with what holds it is named: a
    passage marked TLP:CLEAR under a TLP:AMBER point, or key judgment."""
    spec = marked_spec(project, key_judgments=[
        {"text": "Minsk will likely ask again.", "likelihood": "likely", "confidence": "low",
         "marking": "TLP:AMBER", "passages": [{**GAZETTE, "marking": "TLP:CLEAR"}]}],
        sections=[{"title": "Risks", "kind": "risks", "points": [
            {"text": "Costs are unknown.", "passages": [GAZETTE]},
            {"text": SECRET, "marking": "TLP:AMBER",
             "passages": [{"source": "lines", "paragraphs": "1-2", "marking": "TLP:CLEAR"}]}]}])
    result = project.run("check", spec, "--release", "TLP:CLEAR")
    assert result.exit_code == 0, result.stderr
    warned = [line.split(": warning: ")[1] for line in result.stderr.splitlines()
              if "is marked TLP:CLEAR, but" in line]
    assert sorted(warned) == [
        "key_judgments[0].passages[0].marking: this passage is marked TLP:CLEAR, but its "
        "key judgment (1) is marked TLP:AMBER: the TLP:CLEAR release leaves it out with its "
        "key judgment",
        "sections[0].points[1].passages[0].marking: this passage is marked TLP:CLEAR, but "
        "its point is marked TLP:AMBER: the TLP:CLEAR release leaves it out with its point"]
