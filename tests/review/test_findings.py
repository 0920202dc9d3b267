"""What `brief review` decides of each change and comment of a review, on reviews made by
hand (review_builder): the key and line it belongs to, and whether it can be applied."""

from __future__ import annotations

import dataclasses

import pytest
from review_builder import PARAGRAPHS, SPEC, Reviewer, trace_of

from brief.errors import ReviewError
from brief.origins import ANALYST, GENERATED, Origin, Segment, TracedKey, TracedParagraph
from brief.review.against import check_belongs, closest_in_sources
from brief.review.findings import ALREADY, APPLY, CANNOT, COMMENT, find
from brief.review.keys import parse_key_path
from brief.review.reviewed import Change, ReviewedParagraph
from brief.review.spec_edit import ItemEdit
from brief.spec.reader import read_spec

SPEC_LINES = SPEC.splitlines()
# The comment a new point is written with: whose it is, and that it cites no passages yet.
NOTE = ("review, Head of Desk, 4 Dec 2026: a new point; no passages yet",)


def line_of(words: str) -> int:
    return next(n for n, line in enumerate(SPEC_LINES, 1) if words in line)


@pytest.fixture
def memo(project):
    return project.spec("memo", SPEC)


def review_of(spec, reviewer, **options):
    read, _, _ = read_spec(spec)
    document = reviewer.document()
    check_belongs(document.trace, read, document.path, None)
    return find(document, read.document, closest_in_sources(read, None), **options)


def test_a_reworded_bottom_line_can_be_applied_at_its_line(memo):
    reviewer = Reviewer(trace_of(memo)).replace("rushed", "hurried")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    # at "rushed"
    assert (finding.path, finding.line, finding.column) == ("bluf", line_of("bluf:"), 19)
    assert (finding.author, finding.date, finding.what) == (
        "Head of Desk", "2026-12-04T10:00:00Z", "reworded")
    assert finding.outcome == APPLY
    assert "[-rushed.-]" in finding.diff and "{+hurried.+}" in finding.diff
    assert finding.says == "can be applied; it will read: The plan is hurried.…"
    [edit] = review.values
    assert edit.path == ("bluf",)
    assert edit.value == "The plan is hurried. Its costs are not known to anyone."
    assert review.cannot == 0


def test_all_changes_of_one_key_make_one_new_value(memo):
    reviewer = (Reviewer(trace_of(memo)).replace("rushed", "hurried")
                .delete(" to anyone").insert_after("The plan", " itself"))
    review = review_of(memo, reviewer)
    # in the order of the spec's words
    assert [(f.what, f.column) for f in review.findings] == [
        ("words inserted", 15), ("reworded", 19), ("words deleted", 51)]
    assert all(f.outcome == APPLY for f in review.findings)
    [edit] = review.values
    assert edit.value == "The plan itself is hurried. Its costs are not known."


def test_a_changed_quotation_cannot_be_applied_and_the_source_offers_its_words(memo):
    reviewer = Reviewer(trace_of(memo)).insert_after(
        "Critics argued that the plan was rushed, and", " that its costs were not known")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert finding.path == "sections[0].points[1].passages[0]"
    assert finding.line == line_of("quote: Critics argued")
    assert finding.outcome == CANNOT
    assert finding.says.startswith(
        "cannot be applied: a verified quotation says what its source says; source "
        "'gazette' says: \"Critics argued that the plan was rushed, and\"; the source's "
        "closest words to the reviewer's (¶4, 100% similar): ")
    assert "and that its costs were not known\": quote them instead" in finding.says
    assert review.values == () and review.cannot == 1


def test_a_quotation_reworded_as_the_source_does_not_say_it(memo):
    reviewer = Reviewer(trace_of(memo)).replace("its costs were not known",
                                                "the weather in Minsk was fine")
    [finding] = review_of(memo, reviewer).findings
    assert finding.outcome == CANNOT
    assert finding.says.endswith("the source has no words closer to the reviewer's than "
                                 "the quote: keep it, or choose another passage (brief "
                                 "find SPEC WORDS)")


def test_a_changed_heading_names_the_template_label_that_writes_it(memo):
    reviewer = Reviewer(trace_of(memo)).replace("Bottom line up front", "Summary")
    [finding] = review_of(memo, reviewer).findings
    assert finding.path == "labels.bluf" and finding.line is None
    assert finding.outcome == CANNOT
    # The memo's template is the built-in `memo`: the label is changed in a copy of it.
    assert finding.says == (
        "cannot be applied: brief writes these words: the template label `labels.bluf` of "
        "the built-in template `memo`; to change it, copy the template (brief templates "
        "new NAME --from memo), give `bluf:` under `labels:` in "
        "templates/NAME/template.yaml, and set `template: NAME` in the spec")


def test_a_change_across_the_analysts_words_and_a_citation_is_split(memo):
    reviewer = Reviewer(trace_of(memo)).delete(" are unknown. \u201c")
    review = review_of(memo, reviewer)
    by_path = {f.path: f for f in review.findings}
    assert by_path["sections[0].points[0].text"].outcome == APPLY
    assert [e.value for e in review.values] == ["Costs"]
    assert by_path[""].outcome == CANNOT  # the opening quotation mark: brief's own


def test_a_comment_goes_beside_its_key_with_its_replies(memo):
    reviewer = Reviewer(trace_of(memo)).comment(
        "costs are not known", "Check this line with the Political Director first",
        replies=[("Analyst", "Done: he agrees.")])
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert (finding.path, finding.outcome, finding.anchor) == (
        "bluf", COMMENT, "costs are not known")
    assert finding.replies == ("Analyst, 4 Dec 2026: Done: he agrees.",)
    [comment] = review.comments
    assert comment.path == ("bluf",)
    assert comment.lines == (
        "review, Head of Desk, 4 Dec 2026: Check this line with the Political Director "
        "first", "  reply, Analyst, 4 Dec 2026: Done: he agrees.")


def test_a_comment_on_a_heading_goes_with_what_it_heads(memo):
    reviewer = Reviewer(trace_of(memo)).comment("Bottom line", "Shorter, please")
    [comment] = review_of(memo, reviewer).comments
    assert comment.path == ("bluf",)


def test_a_comment_on_no_words_of_the_spec_goes_beside_its_first_key(memo):
    reviewer = Reviewer(trace_of(memo)).comment("Ann Example", "Fine memo")
    reviewer.comments[0] = dataclasses.replace(reviewer.comments[0], anchor=None)
    [finding] = review_of(memo, reviewer).findings
    assert (finding.path, finding.line, finding.outcome) == ("title", 2, COMMENT)


def test_a_change_made_without_tracking_is_found_and_can_be_applied(memo):
    reviewer = Reviewer(trace_of(memo), last_modified_by="Head of Desk").untracked(
        "Costs are unknown.", "Costs are not known.")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert finding.untracked and finding.author == ""
    assert finding.what == ("made without tracking (the file was last "
                            "saved by Head of Desk on 4 Dec 2026)")
    assert finding.outcome == APPLY
    assert [e.value for e in review.values] == ["Costs are not known."]


def test_a_tracked_change_where_the_words_changed_without_tracking_too_is_not_applied(
        memo):
    """Which came first cannot be told (a reader that lost a tracked deletion would
    give the same): neither is applied."""
    reviewer = (Reviewer(trace_of(memo)).untracked("Costs are unknown.", "Costs are.")
                .insert_after("Costs are", " high and"))
    review = review_of(memo, reviewer)
    assert [f.outcome for f in review.findings] == [CANNOT, CANNOT]
    assert review.findings[0].says == (
        "cannot be applied: the words here read otherwise than the build wrote them, where "
        "a tracked change is too; make the change by hand")
    assert review.values == ()


def test_paragraphs_that_lost_their_bookmarks_are_matched_by_their_words(memo):
    reviewer = Reviewer(trace_of(memo)).replace("rushed", "hurried").drop_bookmarks()
    review = review_of(memo, reviewer)
    assert [(f.path, f.outcome) for f in review.findings] == [("bluf", APPLY)]


def test_footnote_bookmarks_libreoffice_moved_and_renamed_are_not_taken_at_their_word(memo):
    """LibreOffice 7.4 moves each footnote's bookmark to the end of the footnote before
    it, renamed `..._Copy_1`: the footnotes are matched by their words instead."""
    trace = trace_of(memo, footnotes=[" Ann Example 2024, ¶4.", " Ann Example 2024, ¶2.",
                                      " Ann Example 2024, ¶4."])
    reviewer = Reviewer(trace).replace("rushed", "hurried")
    notes = reviewer.paragraphs[-3:]
    names = [n.traced.bookmark for n in notes]
    notes[0].bookmarks = ((names[0], 0), (names[1], len(notes[0].before)))
    notes[1].bookmarks = ((names[2] + "_Copy_1", len(notes[1].before)),)
    notes[2].bookmarks = ()
    review = review_of(memo, reviewer)
    assert [(f.path, f.what) for f in review.findings] == [("bluf", "reworded")]


def test_a_new_paragraph_after_a_point_becomes_the_next_point(memo):
    reviewer = Reviewer(trace_of(memo)).new_paragraph("Costs are unknown.",
                                                      "Ministers disagree.")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert finding.outcome == APPLY and finding.what == "new paragraph"
    assert (finding.path, finding.line) == ("sections[0].points[0].text",
                                            line_of("Costs are unknown"))
    assert finding.says == (
        "can be applied: it becomes a new point `sections[0].points[1]`, after "
        f"`sections[0].points[0]` (line {line_of('Costs are unknown')}), and will read: "
        "\"Ministers disagree.\"; it cites no passages yet: find them (brief find memo.yaml "
        "'Ministers disagree') and add `passages:` under it")
    assert review.items == (ItemEdit(("sections", 0, "points"), 0, "Ministers disagree.", NOTE),)
    assert review.values == () and review.cannot == 0


def test_new_paragraphs_in_a_row_become_points_in_order_their_words_as_markdown(memo):
    reviewer = (Reviewer(trace_of(memo))  # each right after the point: the last first
                .new_paragraph("Costs are unknown.", "Costs *may* be [higher].")
                .new_paragraph("Costs are unknown.", "Ministers disagree.")
                .new_paragraph("Critics say", "- Not a list."))
    review = review_of(memo, reviewer)
    assert [f.says.split(", after")[0] for f in review.findings] == [
        "can be applied: it becomes a new point `sections[0].points[1]`",
        "can be applied: it becomes a new point `sections[0].points[2]`",
        "can be applied: it becomes a new point `sections[0].points[4]`"]  # past the two
    assert review.items == (
        ItemEdit(("sections", 0, "points"), 0, "Ministers disagree.", NOTE),
        ItemEdit(("sections", 0, "points"), 0, "Costs \\*may\\* be \\[higher\\].", NOTE),
        ItemEdit(("sections", 0, "points"), 1, "\\- Not a list.", NOTE))


def test_a_new_paragraph_anywhere_but_after_a_point_is_reported_as_before(memo):
    reviewer = Reviewer(trace_of(memo)).new_paragraph("The plan is rushed.",
                                                      "Ministers disagree.")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert finding.outcome == CANNOT and finding.what == "new paragraph"
    assert finding.path == "bluf"
    assert finding.says == (
        f"not applied: a new paragraph after `bluf` (line {line_of('bluf:')}) reads: "
        "\"Ministers disagree.\"; add it to the spec by hand, where it belongs (only a "
        "paragraph after a point of a section becomes a new point)")
    assert review.items == ()


def test_a_new_paragraph_after_a_point_the_spec_no_longer_has_is_not_applied(memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("Costs are unknown.", "Costs are not known."),
                    encoding="utf-8")
    reviewer = Reviewer(trace).new_paragraph("Costs are unknown.", "Ministers disagree.")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert (finding.outcome, finding.path) == (CANNOT, "sections[0].points[0].text")
    assert finding.says == (
        "cannot be applied: a new paragraph after `sections[0].points[0]` reads: "
        "\"Ministers disagree.\"; the spec's `sections[0].points[0]` changed since the "
        "build, so where the new point goes cannot be told: add it to the spec by hand (a "
        "new point needs its passages)")
    assert review.items == ()


def test_a_new_paragraph_after_a_point_with_its_own_marking_is_not_applied(memo):
    """Written without one, the new point would take the section's marking: a release
    for a wider audience could show words the reviewer wrote beside a marked point."""
    memo.write_text(SPEC.replace("      - text: Costs are unknown.  # the desk's view\n",
                                 "      - text: Costs are unknown.  # the desk's view\n"
                                 "        marking: OFFICIAL-SENSITIVE\n"), encoding="utf-8")
    reviewer = Reviewer(trace_of(memo)).new_paragraph("Costs are unknown.", "Ministers "
                                                      "disagree.")
    review = review_of(memo, reviewer)
    [finding] = review.findings
    assert finding.outcome == CANNOT
    assert finding.says.endswith(
        "reads: \"Ministers disagree.\"; the point it follows is marked "
        "`OFFICIAL-SENSITIVE`, and a new point would take the section's marking: add it to "
        "the spec by hand, with its `marking`")
    assert review.items == ()


def test_a_new_point_already_in_the_spec_is_said_so(memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("      - text: 'Critics say", "      - text: Ministers "
                                 "disagree.\n      - text: 'Critics say"), encoding="utf-8")
    review = review_of(memo, Reviewer(trace).new_paragraph("Costs are unknown.",
                                                           "Ministers disagree."))
    assert [(f.outcome, f.says) for f in review.findings] == [
        (ALREADY, "already in the spec (the point `sections[0].points[1]`)")]
    assert review.items == ()


def test_of_two_new_points_the_one_added_by_hand_is_there_and_the_other_follows_it(memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("      - text: 'Critics say", "      - text: Ministers "
                                 "disagree.\n      - text: 'Critics say"), encoding="utf-8")
    reviewer = (Reviewer(trace).new_paragraph("Costs are unknown.", "Costs may grow.")
                .new_paragraph("Costs are unknown.", "Ministers disagree."))
    review = review_of(memo, reviewer)
    assert [(f.outcome, f.says.split(", after")[0]) for f in review.findings] == [
        (ALREADY, "already in the spec (the point `sections[0].points[1]`)"),
        (APPLY, "can be applied: it becomes a new point `sections[0].points[2]`")]
    assert review.items == (ItemEdit(("sections", 0, "points"), 1, "Costs may grow.", NOTE),)


def test_only_and_reject_take_or_leave_a_new_point(memo):
    reviewer = (Reviewer(trace_of(memo)).replace("rushed", "hurried")
                .new_paragraph("Costs are unknown.", "Ministers disagree.",
                               author="Legal Adviser"))
    left = review_of(memo, reviewer, reject=("Legal Adviser",))
    assert left.items == () and [f.path for f in left.findings] == ["bluf"]
    assert left.left_out == ("1 change by Legal Adviser left out",)
    taken = review_of(memo, reviewer, only=("Legal Adviser",))
    assert [i.text for i in taken.items] == ["Ministers disagree."]
    assert taken.values == ()


def test_a_spec_changed_elsewhere_since_the_build_takes_the_change(project, memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("known to anyone", "known to anyone at all"),
                    encoding="utf-8")
    review = review_of(memo, Reviewer(trace).replace("rushed", "hurried"))
    assert (review.findings[0].outcome, review.findings[0].says) == (
        APPLY, "can be applied, with the spec's changes since the build kept; it will read: "
        "The plan is hurried.…")
    assert [e.value for e in review.values] == [
        "The plan is hurried. Its costs are not known to anyone at all."]
    assert review.notes == ("memo.yaml changed since reviewed.docx was built (by you, or "
                            "by an earlier --apply of this review): each change is carried "
                            "onto the spec as it is now",)


def test_a_point_added_before_since_the_build_the_change_follows_its_words(project, memo):
    trace = trace_of(memo)
    added = SPEC.replace("    points:\n      - text: Costs are unknown.",
                         "    points:\n      - text: A point added since.\n"
                         "        passages:\n          - source: gazette\n"
                         "            quote: its costs were not known\n"
                         "      - text: Costs are unknown.")
    memo.write_text(added, encoding="utf-8")
    review = review_of(memo, Reviewer(trace).replace("Costs are unknown.", "Costs are high.")
                       .comment("Costs are", "Which costs?"))
    # The comment on "Costs are" first: the change's column is its changed word's.
    assert [(f.path, f.line, f.outcome) for f in review.findings] == [
        ("sections[0].points[1].text", 24, COMMENT), ("sections[0].points[1].text", 24, APPLY)]
    assert [(e.path, e.value) for e in review.values] == [
        (("sections", 0, "points", 1, "text"), "Costs are high.")]
    assert [c.path for c in review.comments] == [("sections", 0, "points", 1, "text")]


def test_a_comment_on_the_list_of_sources_goes_beside_the_source(memo):
    reviewer = Reviewer(trace_of(memo)).comment("The Quirks Gazette", "Is this reliable?")
    [finding] = review_of(memo, reviewer).findings
    assert (finding.path, finding.line, finding.outcome) == (
        "sources.gazette", line_of("  gazette:") + 1, COMMENT)


def test_a_comment_on_the_heading_of_the_list_of_sources_goes_beside_sources(memo):
    paragraphs = [*PARAGRAPHS[:-1], ("sources", [(GENERATED, "labels.sources", "Sources")]),
                  PARAGRAPHS[-1]]
    reviewer = Reviewer(trace_of(memo, paragraphs=paragraphs)).comment(
        "Sources", "Add the Reuters piece")
    [finding] = review_of(memo, reviewer).findings
    assert (finding.path, finding.line, finding.outcome) == (
        "sources", line_of("sources:") + 1, COMMENT)


def test_a_spec_changed_where_the_reviewer_changed_it_is_a_conflict(project, memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("is rushed.", "is late."), encoding="utf-8")
    review = review_of(memo, Reviewer(trace).replace("rushed", "hurried"))
    [finding] = review.findings
    assert finding.outcome == CANNOT and finding.line == line_of("bluf:")
    assert finding.says == (
        "cannot be applied: the spec's words here changed since the build (it now reads: "
        "The plan is late.…); make the change by hand")
    assert review.values == ()


def test_words_inserted_at_the_edge_of_words_changed_since_are_a_conflict(project, memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("is rushed.", "is hurried."), encoding="utf-8")
    review = review_of(memo, Reviewer(trace).insert_after("The plan is ", "very "))
    assert [f.outcome for f in review.findings] == [CANNOT]
    assert review.values == ()


def test_a_change_the_spec_already_has_is_said_so(project, memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("is rushed.", "is hurried."), encoding="utf-8")
    review = review_of(memo, Reviewer(trace).replace("rushed", "hurried"))
    assert [(f.outcome, f.says) for f in review.findings] == [
        (ALREADY, "already in the spec")]
    assert review.values == ()


def test_a_key_gone_from_the_spec_is_reported(project, memo):
    trace = trace_of(memo)
    memo.write_text(SPEC.replace("      - text: 'Critics say the plan was rushed.'\n"
                                 "        passages:\n          - source: gazette\n"
                                 "            quote: Critics argued that the plan was "
                                 "rushed, and\n", ""), encoding="utf-8")
    review = review_of(memo, Reviewer(trace).replace("Critics say", "Critics said"))
    [finding] = review.findings
    assert finding.says == ("cannot be applied: the spec has no "
                            "`sections[0].points[1].text` any more (it changed since the "
                            "build); make the change by hand")


def test_only_and_reject_choose_whose_changes_are_taken(memo):
    reviewer = (Reviewer(trace_of(memo)).replace("rushed", "hurried")
                .replace("Costs are unknown.", "Costs are high.", author="Deputy"))
    only = review_of(memo, reviewer, only=["head of desk"])
    assert [f.author for f in only.findings] == ["Head of Desk"]
    # One replacement (a deletion and an insertion): one change, as the report counts it.
    assert only.left_out == ("1 change by Deputy left out",)
    rejected = review_of(memo, reviewer, reject=["DEPUTY"])
    assert [f.author for f in rejected.findings] == ["Head of Desk"]


def test_an_author_not_in_the_file_is_an_error_with_the_names_it_holds(memo):
    reviewer = Reviewer(trace_of(memo)).replace("rushed", "hurried")
    with pytest.raises(ReviewError) as caught:
        review_of(memo, reviewer, only=["Head of Desc"])
    assert caught.value.message == ("--only 'Head of Desc': no change or comment of "
                                    "reviewed.docx is by that author; did you mean "
                                    "'Head of Desk'?")
    assert caught.value.hint == "the file's reviewers: 'Head of Desk'"


def test_a_file_built_from_another_spec_is_refused(project, memo):
    other = project.spec("other", SPEC.replace("Test memo", "Another memo"))
    reviewer = Reviewer(trace_of(memo)).replace("rushed", "hurried")
    with pytest.raises(ReviewError) as caught:
        review_of(other, reviewer)
    assert caught.value.message == (
        "reviewed.docx was built from memo.yaml, not from other.yaml; "
        "6 of its 6 traced keys read the same in this spec")
    assert caught.value.hint == "review it against memo.yaml: brief review memo.yaml " \
        "reviewed.docx"


def test_a_file_built_from_a_spec_since_renamed_is_reviewed_against_the_new_name(project,
                                                                                memo):
    reviewer = Reviewer(trace_of(memo)).replace("rushed", "hurried")
    renamed = project.root / "plan.yaml"
    renamed.write_text(SPEC.replace("title: Test memo", "title: The plan"), encoding="utf-8")
    memo.unlink()
    review = review_of(renamed, reviewer)
    assert [(f.path, f.outcome) for f in review.findings] == [("bluf", APPLY)]


def test_a_file_built_from_a_version_of_the_spec_with_nothing_left_is_refused(project, memo):
    trace = trace_of(memo)
    for old, new in (("rushed. Its", "late. Our"), ("Risks", "Dangers"),
                     ("Costs are unknown", "Costs vary"), ("costs were not known",
                                                           "costs were"),
                     ("'Critics say", "'They say"), ("quote: Critics argued that the",
                                                     "quote: Critics argued that")):
        memo.write_text(memo.read_text(encoding="utf-8").replace(old, new),
                        encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        review_of(memo, Reviewer(trace))
    assert caught.value.message == (
        "reviewed.docx was built from an older version of memo.yaml: "
        "none of its 6 traced keys reads in the spec as it did then")


def test_a_file_without_a_trace_is_refused(memo):
    document = Reviewer(trace_of(memo)).document()
    read, _, _ = read_spec(memo)
    document = type(document)(document.path, document.paragraphs, (), None)
    with pytest.raises(ReviewError) as caught:
        find(document, read.document, closest_in_sources(read, None))
    assert caught.value.message.startswith(
        "reviewed.docx carries no trace of a brief build: it was not built by brief (or "
        "was saved by a program that drops custom XML parts)")


def test_key_paths_read_as_written():
    assert parse_key_path("sections[2].points[0].passages[1]") == (
        "sections", 2, "points", 0, "passages", 1)


def test_a_comment_holding_control_characters_is_written_as_yaml_can_hold_it(memo):
    reviewer = Reviewer(trace_of(memo), author="Mallory\x1b[2J").comment(
        "costs are not known", "Look\x07 here\nand\u202ethere")
    [comment] = review_of(memo, reviewer).comments
    assert comment.lines == (
        "review, Mallory\\x1b[2J, 4 Dec 2026: Look\\x07 here and\\u202ethere",)


def test_a_paragraph_of_the_bottom_line_deleted_whole_is_deleted_from_it(project):
    spec = project.spec("memo", SPEC.replace(
        "bluf: The plan is rushed. Its costs are not known to anyone.",
        "bluf: |\n  The plan is rushed.\n\n  Its costs are not known to anyone.\n"))
    paragraphs = [PARAGRAPHS[0], ("bluf", [(ANALYST, "bluf", "The plan is rushed.")]),
                  ("bluf", [(ANALYST, "bluf", "Its costs are not known to anyone.")]),
                  *PARAGRAPHS[2:]]
    reviewer = (Reviewer(trace_of(spec, paragraphs=paragraphs)).join("The plan is rushed.")
                .delete("Its costs are not known to anyone."))
    review = review_of(spec, reviewer)
    assert [(f.what, f.outcome) for f in review.findings] == [
        ("paragraphs joined", APPLY), ("words deleted", APPLY)]
    assert [e.value for e in review.values] == ["The plan is rushed.\n"]


def test_paragraphs_of_two_keys_joined_cannot_be_applied(memo):
    reviewer = Reviewer(trace_of(memo)).join("Costs are unknown.")
    [finding] = review_of(memo, reviewer).findings
    assert (finding.path, finding.what, finding.outcome) == (
        "sections[0].points[0].text", "paragraphs joined", CANNOT)


def test_a_list_of_one_written_as_its_item_takes_the_change_at_the_key(project):
    """`pros: Costs nothing.` is the list `pros[0]` to the memo: the change goes to `pros`."""
    spec = project.spec("memo", SPEC + (
        "  - title: Options\n    kind: options\n    points:\n      - text: Wait.\n"
        "        pros: Costs nothing.\n        cons: [Loses time.]\n"))
    paragraphs = [*PARAGRAPHS, ("section", [(ANALYST, "sections[1].points[0].pros[0]",
                                             "Costs nothing.")])]
    trace = trace_of(spec, paragraphs=[p for p in paragraphs if "pros" not in str(p)])
    line, column = read_spec(spec)[0].document.value_marks[("sections", 1, "points", 0,
                                                            "pros")]
    key = TracedKey("sections[1].points[0].pros[0]", ANALYST, line, column, "Costs nothing.")
    trace = dataclasses.replace(
        trace, keys={**trace.keys, key.path: key},
        paragraphs=(*trace.paragraphs, TracedParagraph(
            "_brief_L99_99", "section", "Costs nothing.",
            (Segment(0, 14, Origin(ANALYST, key.path)),))))
    review = review_of(spec, Reviewer(trace).replace("nothing", "little"))
    assert [(f.path, f.line, f.outcome) for f in review.findings] == [
        ("sections[1].points[0].pros", line, APPLY)]
    assert [(e.path, e.value) for e in review.values] == [
        (("sections", 1, "points", 0, "pros"), "Costs little.")]


def test_a_change_in_the_page_header_names_the_spec_key_brief_writes_it_from(memo):
    old, new = "OFFICIAL-SENSITIVE", "OFFICIAL"
    header = ReviewedParagraph(0, "header", f"{old}  Test memo", f"{new}  Test memo", (
        Change("delete", "Head of Desk", "2026-12-04T10:00:00Z", 0, len(old), 0, 0, old),
        Change("insert", "Head of Desk", "2026-12-04T10:00:00Z", len(old), len(old), 0,
               len(new), new)))
    document = Reviewer(trace_of(memo)).document()
    document = dataclasses.replace(document, headers_footers=(header,))
    read, _, _ = read_spec(memo)
    [finding] = find(document, read.document, closest_in_sources(read, None)).findings
    assert (finding.path, finding.line, finding.what, finding.outcome) == (
        "marking", line_of("marking:"), "changed in the page header", CANNOT)
    assert finding.says == ("cannot be applied: brief writes the page header: the spec's "
                            "`marking`")
