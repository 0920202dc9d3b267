"""The trace's custom XML part (brief.origins.BuildTrace), written and read back, without
a build: what `render/docx/trace.py` writes and `brief review` reads."""

from __future__ import annotations

import dataclasses
import json

import pytest

from brief.origins import (
    ANALYST,
    GENERATED,
    QUOTATION,
    BuildTrace,
    Origin,
    Segment,
    TracedKey,
    TracedParagraph,
    bookmark_base,
)

TRACE = BuildTrace(
    "briefings/memo.yaml", "ab" * 32, "2024-05-01T00:00:00+00:00", "TLP:CLEAR", True,
    {"bluf": TracedKey("bluf", ANALYST, 12, 7, "The **plan** <is> & \"rushed\"."),
     "sections[0].points[0].passages[0]": TracedKey(
         "sections[0].points[0].passages[0]", QUOTATION, 20, 20, "its costs", "gazette")},
    (TracedParagraph("_brief_L12_1", "bluf", "The plan <is> & \"rushed\".", (
        Segment(0, 26, Origin(ANALYST, "bluf")),)),
     TracedParagraph("_brief_L20_2", "section", "its costs1", (
         Segment(0, 9, Origin(QUOTATION, "sections[0].points[0].passages[0]")),
         Segment(9, 10, Origin(GENERATED, "sections[0].points[0].passages[0]",
                               "citation_style"))), "footnotes")))


def test_the_part_holds_what_asdict_would_give() -> None:
    def text(data: object) -> str:
        return json.dumps(data, sort_keys=True)

    assert text(TRACE.as_data()) == text(dataclasses.asdict(TRACE))


def test_the_part_reads_back_as_written() -> None:
    xml = TRACE.to_xml()
    assert b"<is>" not in xml and b"&" not in xml.split(b"?>", 1)[1]  # escaped in the JSON
    assert BuildTrace.from_xml(xml) == TRACE


def test_a_part_that_is_not_a_trace_is_refused() -> None:
    with pytest.raises(ValueError, match="not brief's trace"):
        BuildTrace.from_xml(b"<other/>")


@pytest.mark.parametrize(("name", "base"), [
    ("_brief_L101_128_Copy_1", "_brief_L101_128"), ("_brief_L7_2", "_brief_L7_2"),
    ("_brief_L7_2_Copy_1_Copy_2", "_brief_L7_2")])
def test_a_bookmark_libreoffice_renamed_is_found(name: str, base: str) -> None:
    assert bookmark_base(name) == base
    assert TRACE.paragraph("_brief_L20_2_Copy_1") == TRACE.paragraphs[1]


def test_a_briefing_made_by_hand_is_traced_as_brief_s() -> None:
    """A briefing with no spec behind it (tests/briefings.py): every paragraph is traced;
    only the memo's own fields (its title, bottom line) name keys, no point or passage."""
    from pathlib import Path

    from brief.origins import read_trace
    from brief.render.docx import render_docx
    from brief.templates import find_template
    from briefings import briefing

    here = Path(__file__).parent
    trace = read_trace(render_docx(briefing(), find_template("memo", here, here)))
    assert trace is not None and trace.keys == {} and not trace.review_copy
    assert len(trace.paragraphs) > 20
    origins = {s.origin for p in trace.paragraphs for s in p.segments}
    assert {o.path for o in origins if o.path} == {"title", "subtitle", "organisation", "bluf"}
    assert all(o.kind == GENERATED and o.control for o in origins if not o.path)
    assert Origin(GENERATED, "", "labels.bluf") in origins


def test_the_json_written_directly_is_json_dumps_character_for_character() -> None:
    """`to_xml` writes the JSON itself (fast); it must be what `json.dumps` of `as_data`
    gives, escapes, non-ASCII text, a release of None and keys out of order included."""
    def dumped(trace: BuildTrace) -> str:
        return json.dumps(trace.as_data(), ensure_ascii=True, separators=(",", ":"),
                          sort_keys=True)

    keys = {"z": TracedKey("z", ANALYST, 3, 1, "Zürich \u2014 \"quoted\"\n\ttab \U0001f600"),
            **TRACE.keys}
    trace = dataclasses.replace(TRACE, keys=keys, release=None, review_copy=False,
                                paragraphs=(*TRACE.paragraphs, TracedParagraph(
                                    "_brief_L0_3", "sources", "", (), "body")))
    for each in (TRACE, trace):
        assert each.json_text() == dumped(each)
        assert BuildTrace.from_xml(each.to_xml()) == each
    odd = dataclasses.replace(TRACE, keys={"bluf": dataclasses.replace(
        TRACE.keys["bluf"], line=12.0)})  # not the declared type: json.dumps writes it
    with pytest.raises(TypeError):
        odd.json_text()
    assert b'"line":12.0' in odd.to_xml()


def test_a_paragraph_s_text_is_counted_alike_with_a_text_box_inside() -> None:
    """The written text of a paragraph (found by lxml at once) and its text before and
    after review (walked): the same when nothing is tracked; a paragraph nested inside (a
    text box's) counts for itself only, and a tab stop is no tab."""
    from lxml import etree

    from brief.ooxml import W
    from brief.origins import paragraph_pieces, paragraph_text

    paragraph = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>'
        '</w:pPr><w:r><w:t>One</w:t><w:tab/><w:t>two</w:t><w:br/><w:noBreakHyphen/>'
        '<w:cr/></w:r><w:r><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p>'
        '</w:txbxContent><w:t xml:space="preserve"> three</w:t></w:r></w:p>')
    assert paragraph_text(paragraph) == "One\ttwo\n-\n three"
    assert paragraph_text(paragraph, version="before") == "One\ttwo\n-\n three"
    plain = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:tabs><w:tab w:val="left" '
                             'w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:delText>b'
                             '</w:delText></w:r></w:p>')
    assert [text for _, text in paragraph_pieces(plain)] == ["a", "\t", "b"]
    assert paragraph_text(plain, version="after") == "a\t"
