"""`read_reviewed` on a review LibreOffice saved as OpenDocument text (.odt), written
by hand as LibreOffice writes it (the .odt LibreOffice itself saves is read in
test_reviewed.py, against the .docx of the same review)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviewed_files import check_offsets, zip_parts

from brief.errors import ReviewError
from brief.review.reviewed import (
    DELETE,
    FORMAT,
    INSERT,
    PARAGRAPH_INSERT,
    Anchor,
    Change,
    read_reviewed,
)

# An .odt as LibreOffice writes it, by hand, for what the round trip above does not
# make: an insertion that goes on into a new paragraph, a formatting change, runs of
# spaces, a list, a table, a footnote, brief's bookmarks, and a reply as LibreOffice
# 7.5 and later thread it (loext:parent-name), to a resolved comment.
ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')
ODT_CONTENT = f"""<office:document-content {ODT_NAMESPACES}>
<office:automatic-styles><style:style style:name="P1" style:family="paragraph"
 style:parent-style-name="Heading_20_1"/></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes>
 <text:changed-region text:id="ct1"><text:insertion><office:change-info>
  <dc:creator>Head of Desk</dc:creator><dc:date>2026-12-04T10:00:00</dc:date>
 </office:change-info></text:insertion></text:changed-region>
 <text:changed-region text:id="ct2"><text:format-change><office:change-info>
  <dc:creator>Analyst</dc:creator><dc:date>2026-12-04T11:00:00</dc:date>
 </office:change-info></text:format-change></text:changed-region>
 <text:changed-region text:id="ct3"><text:deletion><office:change-info>
  <dc:creator>Head of Desk</dc:creator><dc:date>2026-12-04T10:01:00</dc:date>
 </office:change-info><text:p>very<text:s/></text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:h text:style-name="P1"><text:bookmark text:name="_brief_L3_0"/>Bottom line</text:h>
<text:p text:style-name="Text_20_body"><text:bookmark-start text:name="_brief_L4_1"
/>Troops<text:s text:c="2"/>are <office:annotation office:name="c1" loext:resolved="true"
><dc:creator>Head of Desk</dc:creator><dc:date>0000-00-00T00:00:00</dc:date
><text:p>Too confident?</text:p></office:annotation><text:change text:change-id="ct3"
/><text:change-start text:change-id="ct2"/>unlikely<text:change-end text:change-id="ct2"
/><office:annotation-end office:name="c1"/> to enter<text:change-start text:change-id="ct1"
/>, for now.</text:p>
<text:p text:style-name="Text_20_body">A new paragraph<text:change-end text:change-id="ct1"
/><text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation
><text:note-body><text:p text:style-name="Footnote"><text:bookmark text:name="_brief_L30_2"
/><text:s/>Wolff 2022.</text:p></text:note-body></text:note></text:p>
<text:list><text:list-item><text:p text:style-name="P1">An item<office:annotation
 office:name="c2" loext:parent-name="c1"><dc:creator>Analyst</dc:creator
><dc:date>2026-12-04T11:10:00</dc:date><text:p>Sourced:</text:p><text:p>three
 reports.</text:p></office:annotation></text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>A cell</text:p></table:table-cell
></table:table-row></table:table>
</office:text></office:body></office:document-content>"""
ODT_STYLES = f"""<office:document-styles {ODT_NAMESPACES}><office:styles>
<style:style style:name="Heading_20_1" style:display-name="Heading 1"
 style:family="paragraph"/>
<style:style style:name="Text_20_body" style:display-name="Text body"
 style:family="paragraph"/>
</office:styles></office:document-styles>"""


def test_an_odt_as_libreoffice_writes_it(tmp_path):
    path = zip_parts(tmp_path, "reviewed.odt", {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": ODT_CONTENT.encode(), "styles.xml": ODT_STYLES.encode()})
    document = read_reviewed(path)
    assert [(p.part, p.style, p.before, p.after, p.bookmarks, p.footnote)
            for p in document.paragraphs] == [
        ("body", "Heading 1", "Bottom line", "Bottom line", (("_brief_L3_0", 0),), None),
        ("body", "Text body", "Troops  are very unlikely to enter",
         "Troops  are unlikely to enter, for now.", (("_brief_L4_1", 0),), None),
        ("body", "Text body", "", "A new paragraph", (), None),
        ("body", "Heading 1", "An item", "An item", (), None),
        ("body", "", "A cell", "A cell", (), None),
        ("footnotes", "Footnote", " Wolff 2022.", " Wolff 2022.", (("_brief_L30_2", 0),),
         1)]
    desk, analyst = "Head of Desk", "Analyst"
    assert [p.changes for p in document.paragraphs[1:3]] == [
        (Change(DELETE, desk, "2026-12-04T10:01:00", 12, 17, 12, 12, "very "),
         Change(FORMAT, analyst, "2026-12-04T11:00:00", 17, 25, 12, 20, "unlikely",
                "formatting changed"),
         Change(INSERT, desk, "2026-12-04T10:00:00", 34, 34, 29, 39, ", for now."),
         Change(PARAGRAPH_INSERT, desk, "2026-12-04T10:00:00", 34, 34, 39, 39, "",
                "paragraph break inserted: the text after it is a new paragraph")),
        (Change(INSERT, desk, "2026-12-04T10:00:00", 0, 0, 0, 15, "A new paragraph"),)]
    check_offsets(document)
    [comment] = document.comments
    assert (comment.author, comment.date, comment.text, comment.anchor, comment.done) == (
        desk, None, "Too confident?", Anchor(1, 12, 1, 25, "very unlikely"), True)
    assert [(r.author, r.date, r.text, r.anchor) for r in comment.replies] == [
        (analyst, "2026-12-04T11:10:00", "Sourced:\nthree reports.", Anchor(3, 7, 3, 7, ""))]
    assert document.trace is None




# Words deleted in list items: LibreOffice writes them inside the list (a nested list
# inside its own), as it saved key judgment 2 of the example (a LibreOffice .odt of such
# a deletion: test_reviewed.py).
ODT_LIST_DELETION = f"""<office:document-content {ODT_NAMESPACES}><office:body><office:text>
<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>
 <dc:creator>Head of Desk</dc:creator><dc:date>2026-12-04T10:00:00</dc:date>
 </office:change-info><text:list text:style-name="WWNum4"><text:list-item><text:p
 >decided</text:p></text:list-item><text:list-item><text:list><text:list-item><text:p
 >in Moscow, </text:p></text:list-item></text:list></text:list-item></text:list>
</text:deletion></text:changed-region></text:tracked-changes>
<text:list><text:list-item><text:p>It will be <text:change text:change-id="ct1"
/>Minsk.</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"""


def test_words_deleted_in_a_list_item(tmp_path):
    path = zip_parts(tmp_path, "reviewed.odt", {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": ODT_LIST_DELETION.encode()})
    [paragraph] = read_reviewed(path).paragraphs
    assert (paragraph.before, paragraph.after) == ("It will be decided\nin Moscow, Minsk.",
                                                   "It will be Minsk.")
    assert paragraph.changes == (Change(DELETE, "Head of Desk", "2026-12-04T10:00:00", 11,
                                        30, 11, 11, "decided\nin Moscow, "),)
    check_offsets(read_reviewed(path))


def test_a_run_of_spaces_counts_against_the_budget_and_a_count_that_is_no_number_is_one(
        tmp_path):
    """`<text:s text:c="N"/>` stands for N spaces: a few bytes asking for billions were
    a MemoryError, and a count in other digits ("²") a ValueError."""
    def odt(count: str) -> Path:
        return zip_parts(tmp_path, "reviewed.odt", {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": ODT_CONTENT.replace('text:c="2"', f'text:c="{count}"').encode()})

    with pytest.raises(ReviewError) as caught:
        read_reviewed(odt("99999999999"))
    assert caught.value.message == (
        f"the reviewed file {tmp_path / 'reviewed.odt'} has more than 20,000,000 "
        "characters of text: more than brief reads of a Word file")
    paragraph = read_reviewed(odt("²")).paragraphs[1]
    assert paragraph.before.startswith("Troops are ")
