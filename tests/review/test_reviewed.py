"""`read_reviewed`: a reviewed Word file read back: each paragraph's text before and
after the reviewer's tracked changes, the changes with their exact offsets, the comments
with their anchors and replies, brief's trace (bad input: test_reviewed_inputs.py; an
.odt written by hand: test_reviewed_odt.py).

Real files: a review LibreOffice makes (through UNO, as a head of desk would) of the
example's .docx, pandoc's test file of a tracked insertion, and a review written as
Word 365 writes it (tests/data/review/word365/: moves, formatting changes, replies)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reviewed_files import REVIEW, W, check_offsets, zip_parts, zipped

from brief.errors import ReviewError
from brief.origins import NAMESPACE, paragraph_text
from brief.review.reviewed import (
    DELETE,
    FORMAT,
    INSERT,
    MOVE_FROM,
    MOVE_TO,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Anchor,
    Change,
    ReviewedDocument,
    read_reviewed,
)
from conftest import REPO, SYSTEM_PYTHON, needs_libreoffice


@pytest.fixture
def word365(tmp_path: Path) -> Path:
    return zipped(REVIEW / "word365", tmp_path / "reviewed.docx")


def test_word365_paragraphs_in_reading_order_with_their_text_before_and_after(word365):
    document = read_reviewed(word365)
    assert [(p.part, p.style, p.before, p.after) for p in document.paragraphs] == [
        ("body", "heading 1", "Bottom line", "Bottom line"),
        ("body", "Normal", "Troops are unlikely to enter the war. Moscow decides.",
         "Troops are unlikely to enter the war. "),
        ("body", "Normal", "Lukashenko only waits.", "Moscow decides. Lukashenko waits."),
        ("body", "Normal", "He needs money.", "He needs Russian money."),
        ("body", "Normal", "Cell text", "Cell linked text"),  # a hyperlink in a cell
        ("body", "Normal", "Inner old", "Inner "),  # a nested table, a content control
        ("body", "Normal", "", ""),
        ("body", "Normal", "Page  words", "Page 42 words"),  # a field, a smart tag
        ("body", "Normal", "4 Dec", "5 Dec"),  # a field's result, its code left out
        ("body", "Normal", "Controlled old paragraph.", "Controlled paragraph."),
        ("footnotes", "footnote text", "Wolff, 2022.", "Wolff, Die Welt, 2022."),
    ]
    assert [p.index for p in document.paragraphs] == list(range(11))
    assert [p.footnote for p in document.paragraphs][-2:] == [None, 1]
    assert [p.bookmarks for p in document.paragraphs if p.bookmarks] == [
        (("_brief_L3_0", 0),), (("_brief_L4_1", 0),), (("_brief_L9_2", 0),),
        (("_brief_L12_3", 0),), (("_brief_L20_4", 0),), (("_brief_L30_5", 0),)]


def counted_as_brief_counts(path: Path) -> None:
    """`before` and `after` of each paragraph read are `origins.paragraph_text` of its
    `w:p`, both ways (the body's, then the footnotes' but Word's two separators)."""
    from lxml import etree

    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    elements = [*body.iter(f"{{{W}}}p"), *list(notes.iter(f"{{{W}}}p"))[2:]]
    document = read_reviewed(path)
    for version in ("before", "after"):
        assert [getattr(p, version) for p in document.paragraphs] == \
            [paragraph_text(p, version=version) for p in elements]


def test_word365_texts_are_counted_as_brief_counts_them(word365):
    counted_as_brief_counts(word365)


def test_word365_changes_with_their_authors_dates_and_exact_offsets(word365):
    document = read_reviewed(word365)
    changes = {p.index: p.changes for p in document.paragraphs if p.changes}
    desk, analyst = "Head of Desk", "Analyst"
    assert changes == {
        0: (Change(FORMAT, desk, "2026-12-04T09:58:00Z", 0, 11, 0, 11, "Bottom line",
                   "paragraph style 'Normal' changed to 'heading 1'"),),
        # bold added over two runs: one change
        1: (Change(FORMAT, desk, "2026-12-04T10:00:00Z", 11, 19, 11, 19, "unlikely",
                   "bold added", formatting=(("bold", True),)),
            Change(MOVE_FROM, desk, "2026-12-04T10:01:00Z", 38, 53, 38, 38,
                   "Moscow decides.", move="move1")),
        2: (Change(MOVE_TO, desk, "2026-12-04T10:01:00Z", 0, 0, 0, 16, "Moscow decides. ",
                   move="move1"),
            Change(DELETE, desk, "2026-12-04T10:02:00Z", 11, 16, 27, 27, "only "),
            Change(PARAGRAPH_DELETE, desk, "2026-12-04T10:02:00Z", 22, 22, 33, 33, "",
                   "paragraph break deleted: joined to the next paragraph")),
        3: (Change(INSERT, analyst, "2026-12-04T11:00:00Z", 8, 8, 8, 16, " Russian"),
            Change(PARAGRAPH_INSERT, analyst, "2026-12-04T11:00:00Z", 15, 15, 23, 23, "",
                   "paragraph break inserted: the text after it is a new paragraph")),
        4: (Change(INSERT, desk, "2026-12-04T10:03:00Z", 5, 5, 5, 12, "linked "),),
        5: (Change(DELETE, desk, "2026-12-04T10:04:00Z", 6, 9, 6, 6, "old"),),
        7: (Change(INSERT, desk, "2026-12-04T10:04:00Z", 5, 5, 5, 7, "42"),
            Change(FORMAT, desk, "2026-12-04T10:04:00Z", 6, 11, 8, 13, "words",
                   "italic removed", formatting=(("italic", False),))),
        8: (Change(DELETE, desk, "2026-12-04T10:04:00Z", 0, 5, 0, 0, "4 Dec"),
            Change(INSERT, desk, "2026-12-04T10:04:00Z", 5, 5, 0, 5, "5 Dec")),
        # "new " inserted by the head of desk and deleted again by the analyst: nothing
        9: (Change(DELETE, desk, "2026-12-04T10:04:00Z", 11, 15, 11, 11, "old "),),
        10: (Change(INSERT, desk, "2026-12-04T10:06:00Z", 7, 7, 7, 17, "Die Welt, "),),
    }
    check_offsets(document)


def test_word365_comments_with_anchors_replies_and_resolved_state(word365):
    comments = read_reviewed(word365).comments
    assert [(c.id, c.author, c.initials, c.date, c.text, c.anchor, c.done)
            for c in comments] == [
        ("0", "Head of Desk", "HD", "2026-12-04T10:00:00Z",
         "Check this line\nwith the Political Director first", Anchor(1, 11, 1, 19, "unlikely"),
         True),
        # anchored only by its reference: the point before it
        ("2", "Head of Desk", "HD", "2026-12-04T10:02:00Z", "Say who waits for what.",
         Anchor(2, 11, 2, 11, ""), False),
        # from a paragraph into a table's cell; no date
        ("3", "Head of Desk", "HD", None, "Is the table still needed?",
         Anchor(3, 9, 4, 9, "money.\nCell text"), False),
    ]
    # a reply, and a reply to the reply: one thread, in order, anchored as the comment
    assert [(r.id, r.author, r.text, r.anchor, r.replies) for r in comments[0].replies] == [
        ("1", "Analyst", "Checked: he agrees.", comments[0].anchor, ()),
        ("4", "Head of Desk", "Thanks.", comments[0].anchor, ())]
    assert [c.replies for c in comments[1:]] == [(), ()]


def test_word365_headers_and_footers_apart_from_the_paragraphs(word365):
    """The marking changed in the header (what brief generated): read, but not among
    the paragraphs comments are anchored in."""
    document = read_reviewed(word365)
    assert [(p.index, p.part, p.style, p.before, p.after, p.changes)
            for p in document.headers_footers] == [
        (0, "header", "header", "22 March 2022\tTLP:AMBER", "22 March 2022\tTLP:RED",
         (Change(DELETE, "Head of Desk", "2026-12-04T10:07:00Z", 14, 23, 14, 14,
                 "TLP:AMBER"),
          Change(INSERT, "Head of Desk", "2026-12-04T10:07:00Z", 23, 23, 14, 21,
                 "TLP:RED"))),
        (1, "footer", "footer", "Page 1", "Page 1", ())]
    assert all(p.part in ("body", "footnotes") for p in document.paragraphs)


def test_word365_trace_and_document_properties(word365):
    document = read_reviewed(word365)
    assert document.trace is not None
    assert document.trace.spec == "briefings/memo.yaml" and document.trace.review_copy
    traced = document.trace.paragraph("_brief_L4_1")
    assert traced is not None and traced.text == document.paragraphs[1].before
    assert (document.last_modified_by, document.modified, document.tracking_on) == (
        "Head of Desk", "2026-12-04T10:05:00Z", True)
    assert document.path == word365


def test_a_file_without_trace_comments_or_footnotes_reads():
    """pandoc's test file: Word 2013's tracked insertion, nothing of brief's."""
    document = read_reviewed(REVIEW / "track_changes_insertion.docx")
    assert [(p.before, p.after, p.changes) for p in document.paragraphs] == [
        ("This is a text with insertions.", "This is a text with two exciting insertions.",
         (Change(INSERT, "eng-dept", "2014-06-25T10:40:00Z", 20, 20, 20, 33,
                 "two exciting "),))]
    assert (document.comments, document.trace, document.tracking_on) == ((), None, True)
    check_offsets(document)


def test_comments_python_docx_adds_to_a_file_with_tracked_changes(tmp_path):
    """python-docx 1.2 writes comments as Word does (comments.xml, a range and a
    reference in the body): on pandoc's file, one before its tracked insertion, one
    after; their anchors are offsets of the text before the insertion."""
    from docx import Document

    word = Document(str(REVIEW / "track_changes_insertion.docx"))
    first, last = word.paragraphs[0].runs[0], word.paragraphs[0].runs[-1]
    word.add_comment(first, text="Check this line\nwith the Political Director first",
                     author="Head of Desk", initials="HD")
    word.add_comment(last, text="Why two?", author="Deputy", initials="D")
    word.save(str(tmp_path / "reviewed.docx"))
    document = read_reviewed(tmp_path / "reviewed.docx")
    assert [(c.id, c.author, c.initials, c.text, c.anchor, c.replies, c.done)
            for c in document.comments] == [
        ("0", "Head of Desk", "HD", "Check this line\nwith the Political Director first",
         Anchor(0, 0, 0, 20, "This is a text with "), (), False),
        ("1", "Deputy", "D", "Why two?", Anchor(0, 20, 0, 31, "insertions."), (), False)]
    assert all(c.date is not None and c.date.endswith("Z") for c in document.comments)
    assert document.paragraphs[0].changes[0].text == "two exciting "


def test_a_damaged_trace_is_one_clear_error(tmp_path):
    path = zipped(REVIEW / "word365", tmp_path / "reviewed.docx", {
        "customXml/item1.xml": f'<trace xmlns="{NAMESPACE}" version="1">{{"keys": '
                               f'</trace>'.encode()})
    with pytest.raises(ReviewError) as caught:
        read_reviewed(path)
    assert caught.value.message.startswith(
        f"the trace brief wrote into the reviewed file {path} is damaged "
        "(customXml/item1.xml: the trace cannot be read: ")
    assert caught.value.hint == (
        "build the memo again (brief build) and send the new .docx for review; the changes "
        "in this file must then be copied into the spec by hand")
    assert caught.value.where.file == path


def test_a_trace_part_that_is_not_brief_s_is_no_trace(tmp_path):
    """Another custom XML part (the bibliography Word's own reference.docx holds) is
    left alone."""
    bibliography = (b'<?xml version="1.0"?><b:Sources xmlns:b="http://schemas.openxmlformats'
                    b'.org/officeDocument/2006/bibliography" SelectedStyle="APA"/>')
    path = zipped(REVIEW / "word365", tmp_path / "reviewed.docx",
                  {"customXml/item1.xml": bibliography})
    assert read_reviewed(path).trace is None


# --- A review made in LibreOffice --------------------------------------------------------

LO_REVIEW = next((p for p in (REPO / "tests" / "tools" / "lo_review.py",
                              REPO.parent / "shared" / "tools" / "lo_review.py")
                  if p.exists()), None)


@pytest.fixture(scope="module")
def libreoffice_review(tmp_path_factory) -> Path:
    """The example's .docx as brief builds it, reviewed by a head of desk in LibreOffice
    (once for the module): two rewordings in the bottom line, a deleted sentence, a word
    changed inside a quotation, a clause inserted in an actor's point, a word deleted in an
    option's cons (a list item in a table), two comments."""
    if LO_REVIEW is None:
        pytest.skip("lo_review.py (../shared/tools) is not here")
    folder = tmp_path_factory.mktemp("lo-review")
    subprocess.run([sys.executable, "-m", "brief", "build", str(REPO / "briefings" /
                    "belarus-2022.yaml"), "-f", "docx", "-o", str(folder)], check=True,
                   capture_output=True, cwd=folder, timeout=300,
                   env={**os.environ, "NO_COLOR": "1"})
    reviewed = folder / "reviewed.docx"
    subprocess.run([SYSTEM_PYTHON, str(LO_REVIEW), str(folder / "belarus-2022.docx"),
                    "--out", str(reviewed), "--author", "Head of Desk",
                    "replace:unlikely to enter the war=>very unlikely to join the war",
                    "replace:rests more with Moscow=>rests chiefly with Moscow",
                    "delete:The warning sign to watch is a staged incident inside Belarus.",
                    "insert-after:To survive in power=>, above all else",
                    "replace:extra unpopular=>very unpopular",
                    "delete: further",  # in a list item: the .odt puts the list in the deletion
                    "comment:differentiate between Minsk and Moscow=>Check this line with "
                    "the Political Director first",
                    "comment:a staged incident=>Which incident?"],
                   check=True, capture_output=True, timeout=300)
    shutil.rmtree(folder / "output", ignore_errors=True)
    return reviewed


@pytest.mark.slow
@needs_libreoffice
def test_a_review_made_in_libreoffice(libreoffice_review):
    document = read_reviewed(libreoffice_review)
    changed = [p for p in document.paragraphs if p.changes]
    desk = {c.author for p in changed for c in p.changes}
    assert desk == {"Head of Desk"}
    assert all(c.date is not None and c.date.startswith("20") for p in changed
               for c in p.changes)
    words = [(c.kind, c.text) for p in changed for c in p.changes]
    assert words == [
        (DELETE, "unlikely to enter the war"), (INSERT, "very unlikely to join the war"),
        (DELETE, "rests more with Moscow"), (INSERT, "rests chiefly with Moscow"),
        (DELETE, "The warning sign to watch is a staged incident inside Belarus."),
        (DELETE, "extra unpopular"), (INSERT, "very unpopular"),
        (INSERT, ", above all else"), (DELETE, " further")]
    bluf = changed[0]
    assert bluf.before.startswith("Belarusian troops are unlikely to enter the war in the "
                                  "coming weeks, but the decision rests more with Moscow")
    assert bluf.after.startswith("Belarusian troops are very unlikely to join the war in "
                                 "the coming weeks, but the decision rests chiefly with "
                                 "Moscow")
    assert "The warning sign" not in bluf.after
    assert changed[1].before.startswith("Sending Belarusian troops to battle")  # the quote
    assert changed[2].after.startswith("To survive in power, above all else. Sending")
    check_offsets(document)
    counted_as_brief_counts(libreoffice_review)
    assert document.tracking_on and document.last_modified_by == "Head of Desk"


@pytest.mark.slow
@needs_libreoffice
def test_comments_made_in_libreoffice(libreoffice_review):
    document = read_reviewed(libreoffice_review)
    comments = [(c.author, c.date, c.text, c.anchor.text if c.anchor else None, c.replies,
                 c.done) for c in document.comments]
    # LibreOffice writes no date on a comment ("0-00-00T00:00:00Z"): read as none
    assert comments == [
        ("Head of Desk", None, "Which incident?", "a staged incident", (), False),
        ("Head of Desk", None, "Check this line with the Political Director first",
         "differentiate between Minsk and Moscow", (), False)]
    for comment in document.comments:
        anchor = comment.anchor
        assert anchor is not None and anchor.first == anchor.last
        paragraph = document.paragraphs[anchor.first]
        assert paragraph.before[anchor.start:anchor.end] == anchor.text


# LibreOffice 7.4's own "Reply" (Writer's comment menu) threads nothing in the file: the
# reply is a comment of its own at the point where the comment ends, its text starting
# with a line that quotes the comment (Writer's `SwAnnotationWin::InitAnswer`); every
# comment's date is zero. As LibreOffice 7.4 writes it:
LIBREOFFICE_BODY = f"""<w:document xmlns:w="{W}"><w:body><w:p>
<w:r><w:t xml:space="preserve">Troops are </w:t></w:r><w:commentRangeStart w:id="0"/>
<w:r><w:t>unlikely</w:t></w:r><w:commentRangeEnd w:id="0"/>
<w:r><w:commentReference w:id="0"/></w:r><w:r><w:commentReference w:id="1"/></w:r>
<w:r><w:t xml:space="preserve"> to enter.</w:t></w:r></w:p></w:body></w:document>"""
LIBREOFFICE_COMMENTS = f"""<w:comments xmlns:w="{W}">
<w:comment w:id="0" w:author="Head of Desk" w:date="0-00-00T00:00:00Z" w:initials="">
<w:p><w:r><w:t>Too confident?</w:t></w:r></w:p></w:comment>
<w:comment w:id="1" w:author="Analyst" w:date="0-00-00T00:00:00Z" w:initials="">
<w:p><w:r><w:t>Reply to Head of Desk (12/04/2026, 10:00): "Too confident?"</w:t></w:r></w:p>
<w:p><w:r><w:t>No: three sources agree.</w:t></w:r></w:p></w:comment></w:comments>"""


def test_a_reply_made_in_libreoffice(tmp_path):
    path = zip_parts(tmp_path, "reviewed.docx", {"word/document.xml": LIBREOFFICE_BODY.encode(),
                                            "word/comments.xml": LIBREOFFICE_COMMENTS.encode()})
    comments = read_reviewed(path).comments
    anchor = Anchor(0, 11, 0, 19, "unlikely")
    assert [(c.author, c.date, c.text, c.anchor) for c in comments] == [
        ("Head of Desk", None, "Too confident?", anchor)]
    assert [(r.author, r.date, r.text, r.anchor, r.id) for r in comments[0].replies] == [
        ("Analyst", None, "No: three sources agree.", Anchor(0, 19, 0, 19, ""), "1")]


@pytest.fixture(scope="module")
def libreoffice_odt(libreoffice_review, tmp_path_factory) -> Path:
    """The same review, saved by LibreOffice as OpenDocument text (.odt)."""
    folder = tmp_path_factory.mktemp("lo-odt")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "odt", "--outdir", str(folder), str(libreoffice_review)],
                   check=True, capture_output=True, timeout=180)
    return folder / "reviewed.odt"


@pytest.mark.slow
@needs_libreoffice
def test_a_review_saved_as_odt_reads_as_the_docx(libreoffice_review, libreoffice_odt):
    """Every paragraph (footnotes too), change and comment as in the .docx; what
    differs: the comments' ids (their names in the .odt), and no trace (an .odt keeps no
    custom XML part)."""
    docx, odt = read_reviewed(libreoffice_review), read_reviewed(libreoffice_odt)
    assert [(p.part, p.before, p.after) for p in odt.paragraphs] == \
        [(p.part, p.before, p.after) for p in docx.paragraphs]
    assert [p.footnote is not None for p in odt.paragraphs] == \
        [p.footnote is not None for p in docx.paragraphs]

    def changes(document: ReviewedDocument) -> list[tuple]:
        return [(p.index, c.kind, c.author, c.before_start, c.before_end, c.after_start,
                 c.after_end, c.text) for p in document.paragraphs for c in p.changes]

    assert changes(odt) == changes(docx) and len(changes(odt)) == 9
    # a word deleted in a list item (an option's cons, in the options table): LibreOffice
    # writes it in a list inside the deletion
    with zipfile.ZipFile(libreoffice_odt) as package:
        content = package.read("content.xml").decode()
    inside = r"(?:(?!</text:deletion>).)*"
    assert re.search(rf"<text:deletion>{inside}<text:list\b{inside}further", content)
    [con] = [p for p in odt.paragraphs if p.before.startswith("Pushes Lukashenko")]
    assert (con.style, con.before, con.after) == (
        "List Bullet", "Pushes Lukashenko further towards the Kremlin.",
        "Pushes Lukashenko towards the Kremlin.")
    assert [(p.part, p.before, p.after) for p in odt.headers_footers] == \
        [(p.part, p.before, p.after) for p in docx.headers_footers]
    assert [p.part for p in docx.headers_footers] == ["header", "footer"]
    assert "TLP:AMBER" in docx.headers_footers[0].before  # the marking brief wrote
    assert [(c.author, c.date, c.text) for c in odt.comments] == \
        [(c.author, c.date, c.text) for c in docx.comments]
    assert odt.comments[1].anchor == docx.comments[1].anchor
    # A comment on words the review deletes: LibreOffice, saving the .odt, anchors it
    # where they were (the .odt says no more)
    staged = docx.comments[0].anchor
    assert staged is not None and staged.text == "a staged incident"
    assert odt.comments[0].anchor == Anchor(staged.first, staged.end, staged.last,
                                            staged.end, "")
    assert odt.paragraphs[9].style == docx.paragraphs[9].style == "BLUF"
    assert (odt.trace, odt.tracking_on, odt.last_modified_by) == (None, True, "Head of Desk")
    check_offsets(odt)


@pytest.mark.slow
@needs_libreoffice
def test_a_word_review_saved_again_by_libreoffice(word365, tmp_path):
    """A head of desk reviews in Word, a deputy opens the file in LibreOffice and saves
    it: the tracked changes read as before, moves paired by name (LibreOffice writes a
    move's range inside the move), the comments at their words, the resolved one still
    resolved. LibreOffice 7.4 keeps no thread: each reply comes back as a comment of its
    own on the same words, in order."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(tmp_path / "saved"), str(word365)],
                   check=True, capture_output=True, timeout=180)
    word, saved = read_reviewed(word365), read_reviewed(tmp_path / "saved" / "reviewed.docx")

    def changes(document: ReviewedDocument, paragraphs: range) -> list[tuple]:
        return [(c.kind, c.author, c.date, c.before_start, c.before_end, c.after_start,
                 c.after_end, c.text, c.detail.lower(), c.move, c.formatting)
                for p in document.paragraphs if p.index in paragraphs for c in p.changes]

    # the paragraphs before the nested table's, but for the paragraph mark the analyst
    # inserted: LibreOffice 7.4 drops that, a deletion inside an inline content control,
    # and a block content control's paragraph, and recomputes fields (brief's .docx has
    # no content controls or fields); it names the style "Heading 1"
    assert changes(saved, range(5)) == [
        change for change in changes(word, range(5)) if change[0] != PARAGRAPH_INSERT]
    assert [p.bookmarks for p in saved.paragraphs if p.bookmarks] == \
        [p.bookmarks for p in word.paragraphs if p.bookmarks]
    assert [(c.author, c.text, c.anchor, c.done, c.replies) for c in saved.comments[:3]] == [
        ("Head of Desk", "Check this line\nwith the Political Director first",
         word.comments[0].anchor, True, ()),
        ("Analyst", "Checked: he agrees.", word.comments[0].anchor, False, ()),
        ("Head of Desk", "Thanks.", word.comments[0].anchor, False, ())]
    assert saved.trace == word.trace  # the custom XML part is kept
    check_offsets(saved)
