"""A new point written into a spec's text (`ItemEdit`): its lines added after the point it
follows, written as its siblings are, and every other byte kept; a list the text surgery
cannot extend safely refused."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from brief.review.spec_edit import (
    CommentEdit,
    EditError,
    ItemEdit,
    ValueEdit,
    edit_spec_text,
    shifted,
)
from brief.yamlfile import parse_yaml

POINTS = ("sections", 0, "points")
SPEC = """\
sections:
  - title: Risks
    kind: risks
    points:
      - text: Costs are unknown.  # the desk's view
        passages:
          - source: gazette
            quote: its costs were not known

      # the critics
      - text: >-
          Critics say the plan
          was rushed.
        passages:
          - source: gazette
            quote: Critics argued
  - title: Next
    kind: text
    text: Later.
"""


def added_lines(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; none removed or changed."""
    diff = [line for line in difflib.ndiff(old.splitlines(True), new.splitlines(True))
            if line[:2] in ("- ", "+ ")]
    assert all(line.startswith("+ ") for line in diff), diff
    return [line[2:] for line in diff]


def test_a_new_point_goes_after_the_last_line_of_the_point_it_follows() -> None:
    new = edit_spec_text(SPEC, [ItemEdit(POINTS, 0, "Ministers disagree.")])
    assert added_lines(SPEC, new) == ["      - text: Ministers disagree.\n"]
    lines = new.splitlines()
    assert lines[lines.index("      - text: Ministers disagree.") - 1] == \
        "            quote: its costs were not known"
    points = parse_yaml(new, Path("spec.yaml")).data["sections"][0]["points"]
    assert [p["text"] for p in points] == ["Costs are unknown.", "Ministers disagree.",
                                           "Critics say the plan was rushed."]


def test_comment_lines_indented_under_the_point_stay_with_it() -> None:
    """A passage commented out stays under its point, above the new one and its note;
    the comment above the next point stays above that point."""
    spec = SPEC.replace("            quote: its costs were not known\n",
                        "            quote: its costs were not known\n"
                        "          # - source: gazette\n"
                        "          #   quote: the plan was rushed\n")
    new = edit_spec_text(spec, [ItemEdit(POINTS, 0, "Ministers disagree.", ("review: a new "
                                                                            "point",))])
    assert added_lines(spec, new) == ["      # review: a new point\n",
                                      "      - text: Ministers disagree.\n"]
    lines = new.splitlines()
    at = lines.index("      - text: Ministers disagree.")
    assert lines[at - 3:at - 1] == ["          # - source: gazette",
                                    "          #   quote: the plan was rushed"]
    assert lines[at + 1:at + 3] == ["", "      # the critics"]


def test_new_points_after_the_last_point_and_several_in_order() -> None:
    new = edit_spec_text(SPEC, [ItemEdit(POINTS, 1, "First: new."),
                                ItemEdit(POINTS, 1, "Second.")])
    assert added_lines(SPEC, new) == ['      - text: "First: new."\n',
                                      "      - text: Second.\n"]
    assert new.index("Second.") < new.index("  - title: Next")


@pytest.mark.parametrize(("siblings", "value", "written"), [
    ("plain", "Moscow may raise gas prices.", "Moscow may raise gas prices."),
    ("plain", "Prices: up.", '"Prices: up."'),
    ("plain", "Prices: \\*up\\*.", "'Prices: \\*up\\*.'"),  # no backslash doubled
    ("plain", "yes", '"yes"'),
    ("single", "Moscow may raise gas prices.", "'Moscow may raise gas prices.'"),
    ("single", "It's up.", "'It''s up.'"),
    ("double", "Moscow may raise gas prices.", '"Moscow may raise gas prices."'),
])
def test_quoted_only_where_yaml_needs_it_in_the_siblings_quotes(
        siblings: str, value: str, written: str) -> None:
    quote = {"plain": "", "single": "'", "double": '"'}[siblings]
    spec = (f"points:\n  - text: {quote}One.{quote}\n  - text: {quote}Two.{quote}\n")
    new = edit_spec_text(spec, [ItemEdit(("points",), 0, value)])
    assert added_lines(spec, new) == [f"  - text: {written}\n"]
    assert parse_yaml(new, Path("spec.yaml")).data["points"][1] == {"text": value}


def test_the_siblings_indentation_is_kept() -> None:
    spec = "points:\n-   text: One.\n    passages: []\n-   text: Two.\n"
    new = edit_spec_text(spec, [ItemEdit(("points",), 0, "New.")])
    assert added_lines(spec, new) == ["-   text: New.\n"]


def test_crlf_bom_and_a_last_line_without_its_end_kept() -> None:
    spec = "\ufeffpoints:\r\n  - text: One.\r\n  - text: Two."
    new = edit_spec_text(spec, [ItemEdit(("points",), 1, "New.")])
    assert new == "\ufeffpoints:\r\n  - text: One.\r\n  - text: Two.\r\n  - text: New.\r\n"


def test_with_a_reworded_point_and_a_comment_on_the_next() -> None:
    reworded = ValueEdit((*POINTS, 1, "text"), "Critics say the plan was hurried.")
    comment = CommentEdit((*POINTS, 1), ("review, Head of Desk: Source?",))
    new = edit_spec_text(SPEC, [ItemEdit(POINTS, 0, "New."), reworded, comment])
    points = parse_yaml(new, Path("spec.yaml")).data["sections"][0]["points"]
    assert [p["text"] for p in points] == ["Costs are unknown.", "New.",
                                           "Critics say the plan was hurried."]
    lines = new.splitlines()
    at = lines.index("      # review, Head of Desk: Source?")
    assert lines[at:at + 2] == ["      # review, Head of Desk: Source?", "      - text: >-"]
    assert lines.index("      - text: New.") < at


@pytest.mark.parametrize(("spec", "reason", "line"), [
    ("points: [{text: One.}, {text: Two.}]\n",
     "the list `points` is written on one line ([a, b]): add the point in the spec by hand",
     1),
    ("points:\n  text: One.\n",
     "`points` is not written as a list (a list of one may be written as its one item): "
     "add the point in the spec by hand", 2),
    ("points:\n  - {text: One.}\n",
     "points[0] is not written as a block of keys (`- text: …`): add the point in the "
     "spec by hand", 2),
    ("points: &shared\n  - text: One.\nagain: *shared\n",
     "the list `points` carries an anchor (&name) or an alias (*name), which other keys "
     "may share: add the point in the spec by hand", 1),
    ("one: &one\n  text: One.\npoints:\n  - *one\n",
     "the list `points` carries an anchor (&name) or an alias (*name), which other keys "
     "may share: add the point in the spec by hand", 4),
])
def test_refused_where_the_surgery_is_not_safe(spec: str, reason: str, line: int) -> None:
    with pytest.raises(EditError) as raised:
        edit_spec_text(spec, [ItemEdit(("points",), 0, "New.")])
    assert (raised.value.reason, raised.value.path, raised.value.line) == (
        reason, ("points",), line)


def test_keys_after_new_points_move_on() -> None:
    items = [ItemEdit(POINTS, 0, "A."), ItemEdit(POINTS, 0, "B."), ItemEdit(POINTS, 2, "C.")]
    assert shifted((*POINTS, 0, "text"), items) == (*POINTS, 0, "text")
    assert shifted((*POINTS, 1, "passages", 0), items) == (*POINTS, 3, "passages", 0)
    assert shifted((*POINTS, 3), items) == (*POINTS, 6)
    assert shifted(("sections", 1, "points", 1), items) == ("sections", 1, "points", 1)
