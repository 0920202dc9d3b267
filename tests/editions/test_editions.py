"""Editions (`brief.editions`): matching judgments across editions, the "Since our memo of
…" box in the template's words and in a release, and manifests written before brief
recorded editions. Fast: small specs, checked without rendering."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from brief import check
from brief.editions import changes_box, compare
from brief.editions.compare import match
from brief.editions.edition import Edition, Judgment, SourceRef
from brief.model import TextBlock
from brief.templates import DEFAULT_LABELS


def test_judgments_pair_by_id_then_wording_then_likeness_not_by_place():
    old = ["Troops will stay out.", "Moscow decides.", "A staged incident is the pretext.",
           "Sanctions bite by summer."]
    new = ["A staged incident inside Belarus is the likely pretext.",  # old 3, reworded
           "Sanctions bite by summer.",  # old 4, as it was
           "China stays neutral.",  # new
           "The Kremlin makes the call."]  # old 2, by its id
    ids = {"Moscow decides.": "moscow", "The Kremlin makes the call.": "moscow"}
    pairs = match(old, new, ids.get, lambda text: text)
    assert pairs == [
        ("Troops will stay out.", None),  # dropped, listed where it stood
        ("A staged incident is the pretext.", new[0]),
        ("Sanctions bite by summer.", new[1]),
        (None, "China stays neutral."),
        ("Moscow decides.", "The Kremlin makes the call.")]


def test_two_judgments_with_different_ids_are_never_one():
    pairs = match(["Moscow decides."], ["Moscow decides."], {"Moscow decides.": None}.get,
                  lambda t: t)
    assert pairs == [("Moscow decides.", "Moscow decides.")]
    named = [("a", "Moscow decides."), ("b", "Moscow decides.")]
    assert match(named[:1], named[1:], lambda item: item[0], lambda item: item[1]) == [
        (named[0], None), (None, named[1])]


def edition(*judgments: Judgment, sources: tuple[SourceRef, ...] = (),
            date: str | None = "2024-03-22") -> Edition:
    return Edition(Path("memo.yaml"), Path("memo.yaml"), "Memo", date, "ICD 203", sources,
                   (), judgments)


def judgment(number: int, text: str, likelihood: str = "likely", range_: str = "55–80%",
             confidence: str = "moderate", note: str | None = None) -> Judgment:
    return Judgment(number, text, likelihood, range_, confidence, change_note=note)


def plain(box) -> list[str]:
    return ["".join(b.plain for b in item if isinstance(b, TextBlock)) for item in box.items]


def test_a_release_lists_no_judgment_as_dropped():
    """A judgment withheld from a release would read as dropped, and its words would
    reach the wider audience."""
    before = edition(judgment(1, "Troops stay out.", "unlikely", "20–45%"),
                     judgment(2, "A secret judgment."))
    after = edition(judgment(1, "Troops stay out.", "likely", note="Units *moved*."))
    changes = compare(before, after)
    labels = DEFAULT_LABELS
    memo = changes_box(changes, labels, {}, date_format="d MMMM yyyy", language="en")
    assert memo.heading == "Since our memo of 22 March 2024"
    assert plain(memo) == ["Key judgment 1 moved from unlikely (20–45%) to likely (55–80%). "
                           "Why: Units moved.", "We no longer judge: A secret judgment."]
    release = changes_box(changes, labels, {}, date_format="d MMMM yyyy", language="en",
                          release=True)
    assert plain(release) == plain(memo)[:1]
    # The change note keeps its emphasis; the terms are in bold.
    spans = release.items[0][0].spans
    assert [s.text for s in spans if s.strong] == ["unlikely", "likely"]
    assert [s.text for s in spans if s.emphasis] == ["moved"]


def test_nothing_moved_and_an_undated_previous_edition():
    same = edition(judgment(1, "Troops stay out."), date=None)
    box = changes_box(compare(same, same), DEFAULT_LABELS, {}, date_format="d MMMM yyyy",
                      language="en")
    assert (box.heading, plain(box)) == ("Since our last memo",
                                         ["Our key judgments stand as before."])


SPEC = """\
title: Memo
date: 2024-05-10
previous: {previous}
marking: TLP:AMBER
portion_marking: TLP:CLEAR
template: {template}
sources:
  gazette:
    file: sources/quirks.txt
    title: The Quirks Gazette
    authors: [Ann Example]
    date: 2024-04-30
    reliability: B
{more_sources}bluf: The plan is rushed.
key_judgments:
  - text: The plan will likely fail.
    likelihood: likely
    confidence: {confidence}
    change_note: Its costs are now known to be unknown.
    passages:
      - source: gazette
        quote: its costs were not known
{secret}sections:
  - title: Risks
    kind: risks
    points:
      - text: Costs are unknown.
        passages:
          - source: gazette
            quote: its costs were not known
releases:
  - marking: TLP:CLEAR
"""
SECRET = """\
  - text: The minister will very likely resign.
    likelihood: very likely
    confidence: low
    marking: TLP:AMBER
"""
LINES = """\
  lines:
    file: sources/one-per-line.txt
    title: Lines
    authors: [Bo One]
    date: 2023
    reliability: C
"""


def spec(project, name: str, *, previous: str = "march.yaml", confidence: str = "moderate",
         secret: bool = False, lines: bool = False, template: str = "memo") -> Path:
    text = SPEC.format(previous=previous, confidence=confidence, template=template,
                       secret=SECRET if secret else "", more_sources=LINES if lines else "")
    if name == "march":
        text = text.replace("date: 2024-05-10", "date: 2024-03-22").replace(
            "    likelihood: likely\n", "    likelihood: unlikely\n").replace(
            "will likely fail", "will fail")
    return project.spec(name, text)


def test_the_box_of_the_memo_and_of_its_release(project):
    spec(project, "march", secret=True)
    may = spec(project, "may", confidence="high", lines=True)
    checked = check(may)
    memo, release = checked.versions
    assert memo.briefing.changes is not None and release.briefing.changes is not None
    assert plain(memo.briefing.changes) == [
        "Key judgment 1 moved from unlikely (20–45%) to likely (55–80%). Our confidence in "
        "key judgment 1 went from moderate to high. Why: Its costs are now known to be "
        "unknown.",  # the note gives the reason for the whole move, not the last sentence
        "We no longer judge: The minister will very likely resign.",
        "New sources: One 2023."]
    # Neither the judgment withheld from the release nor the source it does not cite.
    assert plain(release.briefing.changes) == plain(memo.briefing.changes)[:1]
    assert [w.message for w in checked.warnings if "change_note" in w.message] == []
    # What the build read: a new previous edition means a new box, so a build again.
    previous = project.root / "march.yaml"
    assert dict(memo.inputs.files)[str(previous.resolve())] == \
        hashlib.sha256(previous.read_bytes()).hexdigest()


def test_the_box_speaks_in_the_templates_labels(project):
    project.template("ours", "labels:\n"
                     "  changes: Depuis notre note du {date}\n"
                     "  change_likelihood: 'Jugement {number} : {then} devient {now}.'\n"
                     "  change_note: 'Pourquoi : {note}'\n")
    spec(project, "march")
    checked = check(spec(project, "may", template="ours"))
    box = checked.briefing.changes
    assert box is not None and box.heading == "Depuis notre note du 22 March 2024"
    assert plain(box)[0] == ("Jugement 1 : unlikely (20–45%) devient likely (55–80%). "
                             "Pourquoi : Its costs are now known to be unknown.")


def test_a_previous_edition_with_problems_is_reported_in_its_own_file(project):
    march = spec(project, "march")
    march.write_text(march.read_text("utf-8").replace("confidence: moderate",
                                                       "confidence: sure"), "utf-8")
    result = project.run("check", spec(project, "may"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "march.yaml:18:17: error: key_judgments[0].confidence: expected one of low, "
        "moderate, high, found the text 'sure'")


def test_an_old_manifest_gives_its_sources_only(project):
    (project.root / "old.json").write_text(json.dumps({
        "manifest": 1, "tool": {"name": "brief", "version": "0.0.9"},
        "spec": {"path": str(project.root / "march.yaml")},
        "sources": {"gazette": {"file": "sources/quirks.txt", "sha256": "ab" * 32,
                                "metadata": {"title": "The Quirks Gazette"}}},
        "passages": []}), encoding="utf-8")
    spec(project, "may", lines=True)
    result = project.run("diff", "old.json", "may.yaml")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "old.json → may.yaml (10 May 2024)\n"
        "note: old.json was written by an earlier brief, which did not record key judgments, "
        "points or the decision: only the sources are compared (build that edition again "
        "to record them)\n\nSources\n  added: lines “Lines”, graded C\n")
    assert json.loads(project.run("diff", "old.json", "may.yaml", "--json").stdout)[
        "complete"] is False


@pytest.mark.parametrize(("edition_record", "problem"), [
    ({"title": "Memo"}, "is damaged: `key_judgments` is missing"),
    ({"title": "Memo", "key_judgments": [{"number": "one"}], "points": [], "sources": {}},
     "is damaged: a value is not as brief writes it"),
    ({"title": "Memo", "key_judgments": [], "points": "x", "sources": {}},
     "is damaged: a value is not as brief writes it"),
])
def test_a_damaged_manifest_is_one_message(project, edition_record, problem):
    (project.root / "bad.json").write_text(json.dumps({
        "manifest": 1, "spec": {"path": "march.yaml"}, "sources": {}, "passages": [],
        "edition": edition_record}), encoding="utf-8")
    spec(project, "may")
    result = project.run("diff", "bad.json", "may.yaml")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"bad.json: error: the build manifest bad.json {problem}\n"
        "    hint: build the spec again to make a new manifest\n"
        "brief diff: failed (1 problem)\n")


def test_a_change_note_the_memo_would_not_show_is_a_warning(project):
    spec(project, "march")
    march = spec(project, "march-again", previous="march.yaml")
    text = march.read_text("utf-8").replace("date: 2024-05-10", "date: 2024-03-22").replace(
        "    likelihood: likely\n", "    likelihood: unlikely\n").replace(
        "will likely fail", "will fail")
    march.write_text(text, "utf-8")
    def notes() -> list[str]:
        return [w.format().splitlines()[0] for w in check(march).warnings
                if "change_note" in w.message]

    assert notes() == [
        "march-again.yaml:19:18: warning: key_judgments[0].change_note: key judgment 1 has "
        "not changed since the previous edition (march.yaml): its change_note is not shown; "
        "is it left from an earlier edition?"]
    march.write_text(text.replace("previous: march.yaml\n", ""), "utf-8")
    assert notes() == [
        "march-again.yaml:18:18: warning: key_judgments[0].change_note: key judgment 1 has a "
        "change_note, but the spec names no previous edition: the note is shown only in the "
        "box of what changed since it"]


def test_a_judgment_added_carries_its_note_and_ids_are_each_its_own(project):
    spec(project, "march")
    may = spec(project, "may", secret=True)
    text = may.read_text("utf-8").replace("    marking: TLP:AMBER\n", "    marking: TLP:AMBER\n"
                                          "    change_note: The minister lost a vote.\n")
    may.write_text(text, "utf-8")
    assert plain(check(may).briefing.changes)[1] == (
        "New key judgment 2: The minister will very likely resign. Why: The minister lost a "
        "vote.")
    may.write_text(text.replace("  - text: The plan", "  - id: plan\n    text: The plan")
                   .replace("  - text: The minister", "  - id: plan\n    text: The minister"),
                   "utf-8")
    result = project.run("check", may)
    assert result.stderr.splitlines()[:2] == [
        "may.yaml:24:9: error: key_judgments[1].id: key judgment 2 has the id 'plan' of key "
        "judgment 1: each judgment's id must be its own",
        "    hint: `brief diff` and `previous` know a judgment by its id from edition to "
        "edition"]


def test_a_previous_edition_that_is_no_file_or_leads_outside_is_refused(project, tmp_path_factory):
    spec(project, "march")
    (project.root / "folder.yaml").mkdir()
    os.mkfifo(project.root / "pipe.json")
    outside = tmp_path_factory.mktemp("elsewhere") / "march.yaml"
    outside.write_text((project.root / "march.yaml").read_text("utf-8"), "utf-8")
    (project.root / "link.yaml").symlink_to(outside)
    found = {}
    for name in ("folder.yaml", "pipe.json", "link.yaml"):
        result = project.run("check", spec(project, "may", previous=name))
        assert result.exit_code == 1
        found[name] = result.stderr.splitlines()[0]
    assert found == {
        "folder.yaml": "may.yaml:3:11: error: previous: spec is a folder: folder.yaml",
        "pipe.json": "may.yaml:3:11: error: previous: build manifest is not a file: pipe.json",
        "link.yaml": "may.yaml:3:11: error: previous: the previous edition link.yaml is "
        "outside the project (.): brief reads only files inside it"}


def test_a_house_layout_without_the_box_is_a_warning(project):
    from brief.templates import BUILTIN_FOLDER

    folder = project.template("old-house", files=("document.html.j2",))
    page = (BUILTIN_FOLDER / "memo" / "document.html.j2").read_text("utf-8")
    start = page.index("{% macro changes(")
    end = page.index("{% endmacro %}", start) + len("{% endmacro %}\n")
    (folder / "document.html.j2").write_text(page[:start] + page[end:], "utf-8")
    spec(project, "march")
    checked = check(spec(project, "may", template="old-house"))
    assert [w.format().splitlines() for w in checked.warnings if "macro" in w.message] == [[
        "may.yaml:3:11: warning: previous: template 'old-house' does not show what changed "
        "since the previous edition in the PDF (the Word file and the email do): its "
        "document.html.j2 has no macro `changes`",
        "    hint: copy the macro `changes` from the built-in memo's document.html.j2 into "
        "the template's"]]
    assert not [w for w in check(spec(project, "may")).warnings if "macro" in w.message]


def test_a_previous_edition_dated_after_the_memo_is_a_warning(project):
    spec(project, "march")
    may = spec(project, "may")

    def dated(date: str) -> list[str]:
        may.write_text(re.sub(r"date: \S+", f"date: {date}", may.read_text("utf-8"), count=1),
                       "utf-8")
        return [w.format().splitlines()[0] for w in check(may).warnings
                if "previous edition (" in w.message]

    assert dated("2024-03-01") == [
        "may.yaml:3:11: warning: previous: the previous edition (march.yaml) is dated "
        "2024-03-22, after this memo (2024-03-01)"]
    assert dated("2024-03-22") == []  # the same day: a corrected edition
    assert dated("March 2024") == []  # as far as both are known, the same


def test_an_edition_recorded_by_a_newer_brief_is_refused(project):
    (project.root / "new.json").write_text(json.dumps({
        "manifest": 1, "spec": {"path": "march.yaml"}, "sources": {}, "passages": [],
        "edition": {"version": 2, "title": "Memo"}}), encoding="utf-8")
    spec(project, "may")
    assert project.run("diff", "new.json", "may.yaml").stderr == (
        "new.json: error: the build manifest new.json records its edition in a newer form (2) "
        "than this brief reads (1)\n"
        "    hint: use the version of brief that built it, or a newer one\n"
        "brief diff: failed (1 problem)\n")
