"""Where `brief review` writes a comment: beside the key of the spec the words it is on
came from, and, for words brief wrote itself (a heading, a label, a deadline line, the
source summary), beside the key of the block of the memo they belong to."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from review_builder import PARAGRAPHS, SPEC, Reviewer, trace_of

from brief.origins import GENERATED, BuildTrace, Origin, Segment, TracedParagraph
from brief.pipeline import check
from brief.render import RENDERERS
from brief.render.base import RenderOptions
from brief.render.layout import KINDS
from brief.review.against import closest_in_sources
from brief.review.commenting import BLOCK_KEYS
from brief.review.findings import COMMENT, find
from brief.review.reviewed import Anchor, Comment
from brief.spec.reader import read_spec
from conftest import REPO


def comment_keys(spec, reviewer: Reviewer) -> dict[str, str]:
    """Each comment's text, and the key `brief review` writes it beside."""
    read, _, _ = read_spec(spec)
    review = find(reviewer.document(), read.document, closest_in_sources(read, None))
    assert all(f.outcome == COMMENT for f in review.findings)
    return {f.text: f.path for f in review.findings}


def test_every_kind_of_block_the_memo_shows_has_its_key():
    """A new block kind (render/layout.py) must say where a comment on it goes."""
    assert set(BLOCK_KEYS) == set(KINDS)


def _example_trace(root) -> BuildTrace:
    shutil.copytree(REPO / "briefings", root / "briefings")
    checked = check(root / "briefings" / "belarus-2022.yaml", root, main_only=True)
    data = RENDERERS["docx"](checked.briefing, checked.template, RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("customXml/item") and "Props" not in name:
                try:
                    return BuildTrace.from_xml(package.read(name))
                except ValueError:
                    continue
    raise AssertionError("the example's .docx carries no trace")


# The example's words that brief writes, in the body, each with the key a comment on
# them goes beside (a label repeated, once: each is checked).
EXAMPLE_BODY = {
    ("marking", "Handling marking: TLP:AMBER"): "marking",
    ("header", "To:"): "memo",
    ("header", "From:"): "memo",
    ("header", "Date:"): "memo",
    ("header", "22 March 2022"): "date",
    ("header", "Subject:"): "memo",
    ("bluf", "Bottom line up front"): "bluf",
    ("decision", "Decision requested"): "decision_requested",
    ("decision", "Needed by 25 March 2022"): "decision_requested.deadline",
    ("section", "Key judgments"): "key_judgments",
    ("section", "(20–45%)"): "key_judgments[0].likelihood",
    ("section", "(80–95%)"): "key_judgments[1].likelihood",
    ("section", "(55–80%)"): "key_judgments[2].likelihood",
    ("section", "We have moderate confidence in this judgment."):
        "key_judgments[0].confidence, key_judgments[1].confidence",
    ("section", "We have low confidence in this judgment."): "key_judgments[2].confidence",
    ("section", "Levers and constraints:"):
        "sections[1].points[0].levers, sections[1].points[2].levers, "
        "sections[1].points[4].levers",
    ("section", "What it would mean:"):
        "sections[2].points[0].implication, sections[2].points[1].implication, "
        "sections[2].points[2].implication, sections[2].points[3].implication",
    ("section", "Option"): "sections[3]",
    ("section", "For"): "sections[3]",
    ("section", "Against"): "sections[3]",
    ("section", "✓ Recommended"): "sections[3].points[0].recommended",
    ("section", "Wolff & Bayok 2022, ¶23 [B]"):
        "sections[3].points[0].passages[0], sections[3].points[2].passages[0]",
    ("source_summary", "Source summary"): "sources",
    ("sources", "Sources"): "sources",
    ("sources", "SHA-256 0523da05eb3b"): "sources.wolff",
    ("sources", "SHA-256 c08af389cf50"): "sources.korybko",
    ("legend", "What we mean by these words"): "key_judgments",
}


@pytest.mark.slow
def test_a_comment_on_what_brief_wrote_goes_beside_the_key_of_its_block(project):
    """Every run of words brief wrote into the example's Word file, each with a comment
    on it: the comment goes beside the key of the block it belongs to (the deadline line
    beside the decision's `deadline`, the source summary beside `sources`), a footnote's
    beside the passage it cites."""
    trace = _example_trace(project.root)
    reviewer = Reviewer(trace)
    runs = []
    for index, paragraph in enumerate(trace.paragraphs):
        for segment in paragraph.segments:
            words = paragraph.text[segment.start:segment.end]
            if segment.origin.kind == GENERATED and words.strip():
                reviewer.comments.append(Comment("Head of Desk", "", None, str(len(runs)),
                                                 Anchor(index, segment.start, index,
                                                        segment.end, words)))
                runs.append((paragraph, segment.origin, words.strip()))
    keys = comment_keys(project.root / "briefings" / "belarus-2022.yaml", reviewer)
    body: dict[tuple[str, str], list[str]] = {}
    for number, (paragraph, origin, words) in enumerate(runs):
        key = keys[str(number)]
        if paragraph.part == "footnotes":  # a citation: beside its passage
            assert key == origin.path and key.endswith("]"), (words, key)
        elif paragraph.block == "sources" and origin.control.startswith("sources.") and \
                not words.startswith("SHA-256"):
            assert key == origin.control, (words, key)  # a source's entry: its key
        elif paragraph.block == "source_summary" and words != "Source summary":
            assert key == "sources", (words, key)
        elif paragraph.block == "legend" and words != "What we mean by these words":
            assert key == "key_judgments", (words, key)  # no likelihood_scale: its words
        else:
            body.setdefault((paragraph.block, words), []).append(key)
    assert {place: ", ".join(found) for place, found in body.items()} == EXAMPLE_BODY
    assert {p.block for p, _, _ in runs} == {
        "marking", "header", "bluf", "decision", "section", "source_summary", "sources",
        "legend"}


# Blocks the example does not show, as a build writes them.
def test_a_comment_on_the_list_of_figures_goes_beside_its_first_figure(project):
    spec = project.spec("memo", SPEC)
    paragraphs = [("figures", [(GENERATED, "labels.figures", "Figures")]),
                  ("figures", [(GENERATED, "labels.figures", "Figure 1. Costs")]),
                  *PARAGRAPHS]
    trace = trace_of(spec, paragraphs=paragraphs)
    # The figure's caption, as the writer traces it: brief's words, with the figure's key.
    figure = TracedParagraph("_brief_L1_99", "section", "Figure 1. Costs", (
        Segment(0, 15, Origin(GENERATED, "sections[0].points[0]", "labels.figure")),))
    trace = BuildTrace(trace.spec, trace.spec_sha256, trace.built, keys=trace.keys,
                       paragraphs=(*trace.paragraphs[:5], figure, *trace.paragraphs[5:]))
    reviewer = Reviewer(trace).comment("Figures", "Drop this list")
    assert comment_keys(spec, reviewer) == {"Drop this list": "sections[0].points[0]"}


def test_a_comment_on_the_endnotes_heading_goes_beside_the_first_note(project):
    spec = project.spec("memo", SPEC)
    paragraphs = [*PARAGRAPHS[:-1], ("notes", [(GENERATED, "labels.notes", "Notes")]),
                  ("notes", [(GENERATED, "citation_style", "1. Gazette, ¶3")]),
                  PARAGRAPHS[-1]]
    trace = trace_of(spec, paragraphs=paragraphs)
    note = trace.paragraphs[6]  # a note, as the writer traces it: with its passage
    note = TracedParagraph(note.bookmark, "notes", note.text, (Segment(
        0, len(note.text), Origin(GENERATED, "sections[0].points[1].passages[0]",
                                  "citation_style")),))
    trace = BuildTrace(trace.spec, trace.spec_sha256, trace.built, keys=trace.keys,
                       paragraphs=(*trace.paragraphs[:6], note, *trace.paragraphs[7:]))
    reviewer = (Reviewer(trace).comment("Notes", "Footnotes instead?")
                .comment("Gazette", "Which edition?"))
    assert comment_keys(spec, reviewer) == {
        "Footnotes instead?": "sections[0].points[1].passages[0]",
        "Which edition?": "sections[0].points[1].passages[0]"}


def test_a_comment_on_the_since_our_memo_box_goes_beside_previous(project):
    spec = project.spec("memo", SPEC + "previous: output/memo-1.json\n")
    paragraphs = [*PARAGRAPHS[:2],
                  ("changes", [(GENERATED, "previous", "Since our memo of 1 April 2024")]),
                  *PARAGRAPHS[2:]]
    reviewer = Reviewer(trace_of(spec, paragraphs=paragraphs)).comment(
        "Since our memo", "Say what changed first")
    assert comment_keys(spec, reviewer) == {"Say what changed first": "previous"}
