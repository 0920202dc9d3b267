"""`brief diff OLD NEW` and `previous:`: what changed between two editions of the example
(a likelihood moved, a source added), as the analyst reads it, and the memo's "Since our
memo of …" box in the PDF, the Word file and the email."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, docx_paragraphs, flat, pdf_pages
from pdf_structure import structure

BORDER = """Belarusian units move to the Ukrainian border

By Jane Example, 2 May 2022

Belarus has moved several battalion tactical groups to its southern border with Ukraine, \
the defence ministry in Minsk said on Monday.

Officials described the deployment as an exercise, but Western officials said the units \
were at combat readiness, and that more could follow within days.
"""
CHANGE_NOTE = "Belarus has moved battalion tactical groups to the Ukrainian border."


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def second_edition(project, *, previous: str | None = "belarus-2022.yaml",
                   note: bool = True, name: str = "belarus-2022-may") -> Path:
    """The example's next edition: dated 10 May, KJ 1 now a roughly even chance with low
    confidence (and why), a new source graded C behind it."""
    if not (project.root / "briefings").exists():
        shutil.copytree(REPO / "briefings", project.root / "briefings")
    folder = project.root / "briefings"
    (folder / "sources" / "border-2022.txt").write_text(BORDER, encoding="utf-8")
    text = (folder / "belarus-2022.yaml").read_text(encoding="utf-8")
    text = edit(text, "date: 2022-03-22\n", "date: 2022-05-10\n" + (
        f"previous: {previous}\n" if previous else ""))
    text = edit(text, """  - text: Belarusian troops are unlikely to enter the war in the coming \
weeks.
    likelihood: unlikely
    confidence: moderate
    passages:
""", f"""  - text: Belarusian troops have a roughly even chance of entering the war in the \
coming weeks.
    likelihood: roughly even chance
    confidence: low
{f'    change_note: {CHANGE_NOTE}' if note else ''}
    passages:
      - source: border
        quote: Belarus has moved several battalion tactical groups to its southern border
        credibility: 2
""")
    text = edit(text, "\ndistribution:", """  border:
    file: sources/border-2022.txt
    title: Belarusian units move to the Ukrainian border
    authors: Jane Example
    publisher: Example News
    date: 2022-05-02
    reliability: C

distribution:""")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


OLD = "briefings/belarus-2022.yaml"
NEW = "briefings/belarus-2022-may.yaml"
EXPECTED = f"""\
{OLD} (22 March 2022) → {NEW} (10 May 2022)

Key judgments
  KJ 1: *unlikely* (20–45%) → *roughly even chance* (45–55%), confidence moderate → low
      why: {CHANGE_NOTE}
      reworded: Belarusian troops [-are unlikely to enter-] {{+have a roughly even chance of \
entering+}} the war in the coming weeks.
      passage added: border “Belarus has moved several battalion tactical groups to its \
southern…”

Sources
  added: border “Belarusian units move to the Ukrainian border”, graded C
"""


def test_two_editions_of_the_example_as_the_analyst_reads_them(project):
    second_edition(project)
    result = project.run("diff", OLD, NEW)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == EXPECTED
    assert not project.output.exists()  # it reads; it never builds
    shutil.rmtree(project.root / "briefings" / "sources")  # and it reads no source
    assert project.run("diff", OLD, NEW).stdout == EXPECTED


def test_the_same_changes_as_json(project):
    second_edition(project)
    result = project.run("diff", OLD, NEW, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    changes = json.loads(result.stdout)
    assert changes["old"] == {"path": OLD, "title": "Will Belarus join Russia's war in Ukraine?",
                              "date": "2022-03-22", "likelihood_scale": "ICD 203"}
    assert changes["new"]["date"] == "2022-05-10" and changes["complete"] is True
    [judgment] = changes["key_judgments"]
    assert judgment["status"] == "changed"
    assert judgment["likelihood"] == {"from": "unlikely", "to": "roughly even chance"}
    assert judgment["confidence"] == {"from": "moderate", "to": "low"}
    assert (judgment["old"]["range"], judgment["new"]["range"]) == ("20–45%", "45–55%")
    assert judgment["change_note"] == CHANGE_NOTE
    assert judgment["words"][:3] == [{"kept": "Belarusian troops"},
                                     {"removed": "are unlikely to enter"},
                                     {"added": "have a roughly even chance of entering"}]
    assert [p["source"] for p in judgment["passages"]["added"]] == ["border"]
    assert judgment["passages"]["removed"] == []
    assert changes["sources"] == [{"status": "added", "id": "border",
                                   "title": "Belarusian units move to the Ukrainian border",
                                   "reliability": {"from": None, "to": "C"}}]
    assert changes["points"] == changes["recommendations"] == []
    assert changes["decision"] is None


def test_an_edition_compared_with_itself_has_no_changes(project):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    result = project.run("diff", OLD, OLD)
    assert result.stdout.splitlines()[1:] == [
        "no changes to the bottom line, decision requested, key judgments, sources, "
        "passages or recommendations"]


def rewrite(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        text = edit(text, old, new)
    path.write_text(text, encoding="utf-8")


def test_judgments_are_matched_by_id_or_wording_not_by_place(project):
    path = second_edition(project, previous=None)
    old_spec = project.root / OLD
    rewrite(old_spec, ("  - text: Whether Belarus", "  - id: moscow\n    text: Whether Belarus"))
    # The edition puts the judgment on Moscow first, reworded past recognition, with its
    # id; drops KJ 3; regrades a source; reworks the recommendations and the ask.
    text = path.read_text(encoding="utf-8")
    moscow = "  - text: Whether Belarus enters the war will very likely be decided in Moscow, " \
        "not in Minsk.\n"
    start = text.index(moscow)
    end = text.index("  - text: If Belarus does enter")
    block = text[start:end].replace(moscow, "  - id: moscow\n    text: The Kremlin, not "
                                    "Lukashenko, will very likely make the call.\n")
    text = text[:start] + text[end:]
    text = edit(text, "key_judgments:\n", "key_judgments:\n" + block)
    kj3 = text.index("  - text: If Belarus does enter")
    text = text[:kj3] + text[text.index("\nsections:"):]
    text = edit(text, "    reliability: D\n", "    reliability: E\n")
    text = edit(text, "      - text: >-\n          Ask Beijing", "      - text: >-\n"
                "          Press Beijing")
    text = edit(text, "  deadline: 2022-03-25", "  deadline: 2022-05-13")
    text = edit(text, "  The warning sign to watch is a staged incident inside Belarus.",
                "  The warning signs to watch are a staged incident inside Belarus and troops "
                "at the border.")
    path.write_text(text, encoding="utf-8")
    result = project.run("diff", OLD, NEW)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2:] == [
        "Bottom line",
        "  reworded: … him in. The warning [-sign-] {+signs+} to watch [-is-] {+are+} a "
        "staged incident inside [-Belarus.-] {+Belarus and troops at the border.+} We "
        "recommend that Western …",
        "",
        "Decision requested",
        "  deadline: 25 March 2022 → 13 May 2022",
        "",
        "Key judgments",
        "  KJ 1 (KJ 2 before):",
        "      reworded: [-Whether Belarus enters the war-] {+The Kremlin, not Lukashenko,+} "
        "will very likely [-be decided in Moscow, not in Minsk.-] {+make the call.+}",
        "  KJ 2 (KJ 1 before): *unlikely* (20–45%) → *roughly even chance* (45–55%), "
        "confidence moderate → low",
        f"      why: {CHANGE_NOTE}",
        "      reworded: Belarusian troops [-are unlikely to enter-] {+have a roughly even "
        "chance of entering+} the war in the coming weeks.",
        "      passage added: border “Belarus has moved several battalion tactical groups to "
        "its southern…”",
        "  KJ 3 removed: *likely* (55–80%), confidence low: If Belarus does enter, a staged "
        "incident inside Belarus will likely be the pretext.",
        "",
        "Sources",
        "  added: border “Belarusian units move to the Ukrainian border”, graded C",
        "  korybko: graded D → E",
        "",
        "Recommendations",
        "  Recommendations, point 4:",
        "      reworded: [-Ask-] {+Press+} Beijing to use its …"]


def test_passages_added_and_removed_per_point(project):
    path = second_edition(project, previous=None)
    rewrite(path, ("""          - source: wolff
            quote: The departure of the Belarusian ambassador from Ukraine is yet one more \
ominous signal of potential escalation.
      - text: Unrest""", """          - source: border
            quote: Officials described the deployment as an exercise
      - text: Unrest"""), ("""autonomy of their choice making
""", """autonomy of their choice making
            credibility: 4
"""))
    lines = project.run("diff", OLD, NEW).stdout.splitlines()
    at = lines.index("Points")
    assert lines[at:at + 6] == [
        "Points",
        "  Risk factors, point 2:",
        "      passage wolff “Lukashenko and his regime have very restricted autonomy of "
        "their…”: credibility ungraded → 4",
        "  What to watch, point 3:",
        "      passage added: border “Officials described the deployment as an exercise”",
        "      passage removed: wolff “The departure of the Belarusian ambassador from "
        "Ukraine is yet one…”"]


def test_a_bad_file_is_one_message_at_its_line(project):
    second_edition(project)
    (project.root / "broken.json").write_text('{"manifest": 1,\n  "spec": }\n',
                                              encoding="utf-8")
    result = project.run("diff", "broken.json", NEW)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("broken.json:2: error: not a build manifest: broken.json is not "
                             "JSON\nbrief diff: failed (1 problem)\n")
    (project.root / "list.json").write_text("[1, 2]\n", encoding="utf-8")
    assert project.run("diff", "list.json", NEW).stderr.splitlines()[0] == (
        "list.json: error: not a build manifest: list.json is JSON, but not the manifest "
        "`brief build` writes beside a memo")
    rewrite(project.root / NEW, ("    likelihood: roughly even chance\n",
                                 "    likelihood: [roughly]\n"))
    result = project.run("diff", OLD, NEW)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(
        f"{NEW}:67:17: error: key_judgments[0].likelihood: expected text, found a list")
    result = project.run("diff", OLD, "briefings/nothere.yaml")
    assert result.stderr == (
        "briefings/nothere.yaml: error: spec not found: briefings/nothere.yaml\n"
        "    hint: name a spec (.yaml) or the build manifest (.json) that `brief build` "
        "wrote beside the memo\nbrief diff: failed (1 problem)\n")


@pytest.mark.slow
def test_check_warns_at_a_likelihood_that_moved_without_a_change_note(project):
    second_edition(project, note=False)
    result = project.run("check", NEW)
    assert result.exit_code == 0
    warning = [line for line in result.stderr.splitlines() if "change_note` saying" in line]
    assert warning == [
        f"{NEW}:67:17: warning: key_judgments[0].likelihood: key judgment 1 moved from "
        "'unlikely' to 'roughly even chance' since the previous edition (belarus-2022.yaml), "
        "with no `change_note` saying why"]
    assert "change_note" not in project.run("check", OLD).stderr
    second_edition(project)  # with its note
    assert "change_note" not in project.run("check", NEW).stderr


def test_a_previous_edition_that_cannot_be_read_stops_the_build(project):
    second_edition(project, previous="belarus-2022-march.yaml")
    result = project.run("build", NEW)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{NEW}:6:11: error: previous: spec not found: briefings/belarus-2022-march.yaml\n"
        "    hint: name a spec (.yaml) or the build manifest (.json) that `brief build` "
        "wrote beside the memo\nbrief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()
    second_edition(project, previous="../../elsewhere.yaml")
    result = project.run("check", NEW)
    assert result.stderr.splitlines()[0] == (
        f"{NEW}:6:11: error: previous: the previous edition ../../elsewhere.yaml is outside "
        "the project (.): brief reads only files inside it")
    second_edition(project, previous="belarus-2022-may.yaml")
    assert project.run("check", NEW).stderr.splitlines()[0] == (
        f"{NEW}:6:11: error: previous: `previous` names this spec itself")


@pytest.mark.slow
@pytest.mark.e2e
def test_the_memo_says_what_changed_since_the_last_edition_in_every_format(project):
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    built = project.run("build", OLD, "--format", "docx")
    assert built.exit_code == 0, built.stderr
    # The last edition named by its manifest, which records what `brief diff` compares.
    second_edition(project, previous="../output/belarus-2022.json")
    assert project.run("diff", "output/belarus-2022.json", NEW).stdout.splitlines()[1:] == \
        EXPECTED.replace(OLD, "output/belarus-2022.json").splitlines()[1:]
    result = project.run("build", NEW, "--email")
    assert result.exit_code == 0, result.stderr
    box = ("Since our memo of 22 March 2022",
           "Key judgment 1 moved from unlikely (20–45%) to roughly even chance (45–55%). Our "
           f"confidence in key judgment 1 went from moderate to low. Why: {CHANGE_NOTE}",
           "New sources: Example 2022.")
    pdf = project.output / "belarus-2022-may.pdf"
    first_page = flat(pdf_pages(pdf)[0])
    assert flat(f"{box[0]} • {box[1]} • {box[2]}") in first_page
    assert first_page.index("Decision requested") < first_page.index(box[0]) < \
        first_page.index("Key judgments")
    # Tagged: a section with its heading and a list a screen reader counts.
    section = next(s for s in structure(pdf).all("Sect") if s.text.startswith(box[0]))
    assert [kid.role for kid in section.kids if not isinstance(kid, str)][:2] == ["H2", "Div"]
    # (the structure's reader puts a space between the pieces of an item: "low ." here)
    assert [item.text.replace(" .", ".") for item in section.all("LBody")] == list(box[1:])
    paragraphs = docx_paragraphs(project.output / "belarus-2022-may.docx")
    at = paragraphs.index(("Heading 1", box[0]))
    assert paragraphs[at + 1:at + 4] == [("List Bullet", box[1]), ("List Bullet", box[2]),
                                         ("Heading 1", "Key judgments")]
    draft = (project.output / "belarus-2022-may.eml").read_bytes()
    import email
    from email import policy

    message = email.message_from_bytes(draft, policy=policy.default)
    plain = message.get_body(("plain",)).get_content()
    assert flat(f"SINCE OUR MEMO OF 22 MARCH 2022 - {box[1]} - {box[2]}") in flat(plain)
    html = message.get_body(("html",)).get_content()
    assert "Since our memo of 22 March 2022</h2><ul> <li><p>Key judgment 1 moved from " \
        "<strong>unlikely</strong> (20–45%) to <strong>roughly even chance</strong>" in flat(html)
    manifest = json.loads((project.output / "belarus-2022-may.json").read_text("utf-8"))
    assert manifest["edition"]["key_judgments"][0]["change_note"] == CHANGE_NOTE


def test_watch_and_preview_follow_the_previous_edition(project):
    from brief.commands.rebuild import Rebuilder

    spec = second_edition(project, previous="../output/belarus-2022.json")
    watched = Rebuilder(spec).watched()
    assert (project.output / "belarus-2022.json").resolve() in watched.files
