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

    from brief.render.docx import render_docx
    from brief.render.docx.trace import read_trace
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
