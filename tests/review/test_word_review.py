"""The Word reviewer the review tests use (word_review.py): each operation written as Word
365 writes it, into the example as brief built it, found across brief's runs; the file
clean for Word (openxml-audit) and read by LibreOffice with its tracked changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviews import build_example, comments, part, tracked, versions, w
from word_review import NotFound, word_review

from conftest import flat, libreoffice_pdf, lo_review, needs_libreoffice, pdf_pages, word_problems

DATE = "2026-12-04T10:15:00Z"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
BLUF = ("Belarusian troops are unlikely to enter the war in the coming weeks, but the decision "
        "rests more with Moscow than with Minsk.")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example"))


def review(built: Path, tmp_path: Path, *operations: str, author: str = "Head of Desk") -> Path:
    return word_review(built, *operations, author=author, date=DATE,
                       out=tmp_path / "output" / "reviewed.docx")


def paragraph_with(docx_file: Path, words: str) -> tuple[str, str]:
    return next(v for v in versions(docx_file) if words in v[0] or words in v[1])


@pytest.mark.slow
def test_a_replacement_across_brief_s_runs_is_a_deletion_then_an_insertion(built, tmp_path):
    # "unlikely to enter the war in the coming weeks" is bold, ", but the decision" is not:
    # two runs of brief's, split at the edges of the words.
    reviewed = review(built, tmp_path, "replace:the coming weeks, but the decision=>"
                      "the weeks ahead, though the decision")
    before, after = paragraph_with(reviewed, "rests more with Moscow")
    assert before.startswith(BLUF)
    assert after.startswith("Belarusian troops are unlikely to enter the war in the weeks ahead, "
                            "though the decision rests more with Moscow than with Minsk.")
    kinds = [(t.kind, t.author, t.date, t.text) for t in tracked(reviewed)]
    assert kinds == [("del", "Head of Desk", DATE, "the coming weeks, but the decision"),
                     ("ins", "Head of Desk", DATE, "the weeks ahead, though the decision")]
    document = part(reviewed, "word/document.xml")
    deleted = next(document.iter(w("del")))
    assert [r.find(w("rPr")) is not None for r in deleted.iter(w("r"))] == [True, False]
    assert all(r.get(w("rsidDel")) for r in deleted.iter(w("r")))
    settings = part(reviewed, "word/settings.xml")
    assert settings.find(w("trackRevisions")) is not None
    rsid = next(document.iter(w("ins")))[0].get(w("rsidR"))
    assert rsid in [r.get(w("val")) for r in settings.iter(w("rsid"))]
    assert all(p.get(f"{W14}paraId") and p.get(f"{W14}textId") for p in document.iter(w("p")))


@pytest.mark.slow
def test_deletions_insertions_formatting_and_moves(built, tmp_path):
    reviewed = review(built, tmp_path,
                      "delete: The warning sign to watch is a staged incident inside Belarus.",
                      "insert-after:keep pressure on the Kremlin=> and its financiers",
                      "bold:as our line",
                      "move:in the allied sanctions talks=>Approve")
    assert [t.kind for t in tracked(reviewed)] == ["del", "ins", "moveTo", "rPrChange", "moveFrom"]
    before, after = paragraph_with(reviewed, "The warning sign")
    assert "The warning sign" in before and "The warning sign" not in after
    _, after = paragraph_with(reviewed, "keep pressure")
    assert "keep pressure on the Kremlin and its financiers while leaving" in after
    before, after = paragraph_with(reviewed, "as our line")
    assert before.startswith("Approve differentiating between Minsk and Moscow as our line in "
                             "the allied sanctions talks.")
    assert after.startswith("Approvein the allied sanctions talks differentiating")
    document = part(reviewed, "word/document.xml")
    bold = next(document.iter(w("rPrChange")))
    assert bold.getparent().find(w("b")) is not None and bold.find(w("rPr")) is not None
    assert bold.getparent()[-1] is bold  # last of the run's properties, as the schema wants
    starts = {e.tag: e for e in document.iter(w("moveFromRangeStart"), w("moveToRangeStart"))}
    assert starts[w("moveFromRangeStart")].get(w("name")) == \
        starts[w("moveToRangeStart")].get(w("name"))
    ends = {e.tag: e.get(w("id")) for e in document.iter(w("moveFromRangeEnd"),
                                                         w("moveToRangeEnd"))}
    assert ends == {w("moveFromRangeEnd"): starts[w("moveFromRangeStart")].get(w("id")),
                    w("moveToRangeEnd"): starts[w("moveToRangeStart")].get(w("id"))}
    ids = [e.get(w("id")) for e in document.iter(w("ins"), w("del"), w("rPrChange"),
                                                 w("moveFrom"), w("moveTo"))]
    assert len(set(ids)) == len(ids)


@pytest.mark.slow
def test_comments_replies_and_resolved_threads_in_word_s_parts(built, tmp_path):
    reviewed = review(built, tmp_path,
                      "comment:differentiate between Minsk and Moscow=>Check this line with "
                      "the Political Director first",
                      "reply:Political Director=>She agrees.",
                      "resolve:Political Director",
                      "comment:Support a change of regime in Minsk=>Drop this option?")
    notes = comments(reviewed)
    assert [(n.author, n.date, n.text, n.anchor) for n in notes] == [
        ("Head of Desk", DATE, "Check this line with the Political Director first",
         "differentiate between Minsk and Moscow"),
        ("Head of Desk", DATE, "She agrees.", "differentiate between Minsk and Moscow"),
        ("Head of Desk", DATE, "Drop this option?", "Support a change of regime in Minsk")]
    paras = {c.get(w("id")): c.findall(w("p"))[-1].get(f"{W14}paraId")
             for c in part(reviewed, "word/comments.xml").iter(w("comment"))}
    extended = {e.get(f"{W15}paraId"): e for e in
                part(reviewed, "word/commentsExtended.xml").iter(f"{W15}commentEx")}
    assert set(extended) == set(paras.values())
    first, reply, other = (extended[paras[n.id]] for n in notes)
    assert reply.get(f"{W15}paraIdParent") == paras[notes[0].id]
    assert (first.get(f"{W15}done"), reply.get(f"{W15}done"), other.get(f"{W15}done")) == \
        ("1", "0", "0")
    assert first.get(f"{W15}paraIdParent") is None
    cid = "{http://schemas.microsoft.com/office/word/2016/wordml/cid}"
    durable = {e.get(f"{cid}paraId") for e in part(reviewed, "word/commentsIds.xml").iter()}
    assert set(paras.values()) <= durable
    people = [e.get(f"{W15}author") for e in part(reviewed, "word/people.xml").iter(f"{W15}person")]
    assert people == ["Head of Desk"]
    styles = {s.get(w("styleId")) for s in part(reviewed, "word/styles.xml").iter(w("style"))}
    assert {"CommentText", "CommentReference"} <= styles
    types = part(reviewed, "[Content_Types].xml")
    overrides = {e.get("PartName") for e in types}
    assert {"/word/comments.xml", "/word/commentsExtended.xml", "/word/commentsIds.xml",
            "/word/commentsExtensible.xml", "/word/people.xml"} <= overrides
    relations = {e.get("Target") for e in part(reviewed, "word/_rels/document.xml.rels")}
    assert {"comments.xml", "commentsExtended.xml", "commentsIds.xml", "people.xml"} <= relations


@pytest.mark.slow
def test_a_change_accepted_without_tracking_leaves_no_revision_marks(built, tmp_path):
    reviewed = review(built, tmp_path,
                      "accept-untracked:be decided in Moscow=>be settled in Moscow")
    assert tracked(reviewed) == []
    _, after = paragraph_with(reviewed, "settled in Moscow")
    assert after == paragraph_with(reviewed, "settled in Moscow")[0]
    assert "will very likely (80–95%) be settled in Moscow, not in Minsk." in after
    assert part(reviewed, "word/settings.xml").find(w("trackRevisions")) is None
    core = part(reviewed, "docProps/core.xml")
    modified_by = next(e for e in core if e.tag.endswith("lastModifiedBy"))
    assert modified_by.text == "Head of Desk"


@pytest.mark.slow
def test_text_the_file_does_not_hold_is_refused(built, tmp_path):
    with pytest.raises(NotFound, match="not found: 'Lukashenko resigns'"):
        review(built, tmp_path, "delete:Lukashenko resigns")
    with pytest.raises(NotFound, match="no comment holds 'nothing'"):
        review(built, tmp_path, "reply:nothing=>yes")
    assert not (tmp_path / "output" / "reviewed.docx").exists()


@pytest.mark.slow
def test_every_operation_together_is_clean_for_word(built, tmp_path):
    reviewed = review(built, tmp_path, *EVERYTHING)
    assert word_problems(reviewed) == []


EVERYTHING = (
    "replace:rests more with Moscow than with Minsk=>rests with Moscow far more than with Minsk",
    "delete: The warning sign to watch is a staged incident inside Belarus.",
    "insert-after:keep pressure on the Kremlin=> and its financiers",
    "comment:differentiate between Minsk and Moscow=>Check this line with the Political "
    "Director first",
    "reply:Political Director=>She agrees.",
    "resolve:Political Director",
    "bold:as our line",
    "move:in the allied sanctions talks=>Approve",
    "accept-untracked:be decided in Moscow=>be settled in Moscow",
    "replace:Bayok 2022, ¶10=>Bayok 2022, ¶12")


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_opens_the_word_review_and_shows_its_changes(built, tmp_path):
    reviewed = review(built, tmp_path, *EVERYTHING)
    pdf = flat(" ".join(pdf_pages(libreoffice_pdf(reviewed, tmp_path))))
    # LibreOffice shows the tracked changes: the deleted words and the inserted ones.
    assert "rests more with Moscow than with Minsk" in pdf
    assert "rests with Moscow far more than with Minsk" in pdf
    assert "keep pressure on the Kremlin and its financiers" in pdf
    assert "The warning sign to watch is a staged incident inside Belarus." in pdf
    assert "be settled in Moscow" in pdf and "be decided in Moscow" not in pdf
    assert "Bayok 2022, ¶12" in pdf and "Bayok 2022, ¶10" in pdf  # in the footnote


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_keeps_word_s_changes_as_changes_when_a_second_reviewer_saves(built,
                                                                                  tmp_path):
    """A second reviewer opens the Word review in LibreOffice, comments and saves: the
    first reviewer's changes come back as tracked changes with their name and date, so
    LibreOffice read them as revisions, not as text."""
    reviewed = review(built, tmp_path, *EVERYTHING[:4], "move:in the allied sanctions talks=>"
                      "Approve")
    second = lo_review(reviewed, "comment:Support a change of regime in Minsk=>Drop this?",
                       author="Legal Adviser", out=tmp_path / "second.docx")
    changes = {(t.kind, t.author, t.text) for t in tracked(second)}
    assert {("del", "Head of Desk", "rests more with Moscow than with Minsk"),
            ("ins", "Head of Desk", "rests with Moscow far more than with Minsk"),
            ("ins", "Head of Desk", " and its financiers")} <= changes
    assert {t.date for t in tracked(second) if t.author == "Head of Desk"} == {DATE}
    moved = {t.kind for t in tracked(second) if t.text == "in the allied sanctions talks"}
    assert moved == {"moveFrom", "moveTo"}
    assert [(n.author, n.text) for n in comments(second)] == [
        ("Head of Desk", "Check this line with the Political Director first"),
        ("Legal Adviser", "Drop this?")]


@pytest.mark.slow
def test_a_citation_in_a_footnote_is_changed_and_commented_there(built, tmp_path):
    reviewed = review(built, tmp_path, "replace:Bayok 2022, ¶10=>Bayok 2022, ¶12",
                      "comment:Korybko 2020, ¶24=>Is this source still current?")
    footnotes = part(reviewed, "word/footnotes.xml")
    deleted = ["".join(t.text for t in e.iter(w("delText"))) for e in footnotes.iter(w("del"))]
    inserted = ["".join(t.text for t in e.iter(w("t"))) for e in footnotes.iter(w("ins"))]
    assert (deleted, inserted) == (["Bayok 2022, ¶10"], ["Bayok 2022, ¶12"])
    assert tracked(reviewed) == []  # nothing in the body
    starts = [e.get(w("id")) for e in footnotes.iter(w("commentRangeStart"))]
    assert starts == [comments(reviewed)[0].id]
    assert comments(reviewed)[0].text == "Is this source still current?"
    revision_ids = [e.get(w("id")) for e in footnotes.iter(w("ins"), w("del"))]
    body_ids = [e.get(w("id")) for e in part(reviewed, "word/document.xml").iter()
                if e.tag in (w("bookmarkStart"), w("ins"), w("del"))]
    assert not set(revision_ids) & set(body_ids)
    assert word_problems(reviewed) == []
