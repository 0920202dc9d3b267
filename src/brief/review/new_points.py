"""A paragraph the reviewer added after a point of a section, as a new point.

A head of desk often adds a point ("Moscow may raise gas prices in January."), as a
paragraph of its own after the one it follows. Where that paragraph comes after all the
paragraphs of a point `sections[i].points[j]` (its text, its passages, its figure) and
before the next point's, in a section whose points need nothing but `text` (not
`incentives`, whose points name their `actor`, nor `options`, whose pros and cons make
a new paragraph ambiguous), it becomes the point `sections[i].points[j+1]`: its words
as Markdown (what Markdown would read as markup escaped), with no passages yet.
Several such paragraphs in a row become several points, in order. Any other new
paragraph is left to `findings`, which reports it for the analyst to add by hand."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from ..errors import display_path
from ..origins import TracedParagraph
from ..yamlfile import KeyPath, format_key_path
from .context import ALREADY, APPLY, CANNOT, Context
from .keys import parse_key_path, value_at
from .markdown_edit import as_markdown, plain_text
from .placing import NewParagraph
from .reviewers import who
from .spec_edit import ItemEdit, shifted

# The kinds of section whose points need more than their text, or where a new paragraph
# may belong to a point's pros or cons: a new paragraph there is reported, not applied.
NOT_POINTS = frozenset({"incentives", "options"})


def new_points(context: Context, paragraphs: Sequence[TracedParagraph],
               news: Sequence[NewParagraph]) -> list[NewParagraph]:
    """Decide the new paragraphs of `news` (those whose author is taken) that follow a
    point of a section whose points need only text: each a finding, and (can be
    applied) an `ItemEdit` in `context.items`. Return the others, for `findings` to
    report as before."""
    left: list[NewParagraph] = []
    already: dict[str, int] = {}  # after each point: the new points the spec has already
    for new in news:
        point, inside = _point_at(paragraphs, new) or (None, False)
        if point is None or inside or _kind(context, point) in NOT_POINTS:
            left.append(new)
            continue
        there = _decide(context, point, already.get(point, 0), new)
        already[point] = already.get(point, 0) + there
    return left


def why_not(context: Context, paragraphs: Sequence[TracedParagraph], new: NewParagraph
            ) -> tuple[str, str, str] | None:
    """For a new paragraph `new_points` left, in or after a point: where it stands
    (` after the point `sections[1].points[3]``), why it did not become a point, and the
    key of the point's words in the spec now (its line is the point's)."""
    found = _point_at(paragraphs, new)
    if found is None:
        return None
    point, inside = found
    text_key = context.present(context.locate(f"{point}.text"))
    kind = _kind(context, point)
    if kind == "options":
        return (f" in the option `{point}`", "in an `options` section a new paragraph may "
                "be a new option or one of this option's pros or cons: add it to the spec "
                "by hand where it belongs", text_key)
    if inside:
        return (f" inside the point `{point}` (between two of its paragraphs)",
                "a point's words are one paragraph: add it to them, or make it a point of "
                "its own after this one, in the spec by hand", text_key)
    if kind == "incentives":
        return (f" after the point `{point}`", "a point of an `incentives` section names "
                "its `actor`: add it to the spec by hand, with the actor", text_key)
    return None


def _kind(context: Context, point: str) -> object:
    """The kind of the section of `point` (as built), as the spec has it now."""
    now = _point_now(context, f"{point}.text")
    section = value_at(context.spec.data, (now or parse_key_path(point))[:2])
    return section.get("kind") if isinstance(section, dict) else None


def _point_at(paragraphs: Sequence[TracedParagraph], new: NewParagraph
              ) -> tuple[str, bool] | None:
    """`sections[i].points[j]` whose paragraph `new` follows (in the body), and whether
    more of that point follows it (`new` stands between its text and its passages, say);
    None where it follows anything but a point."""
    if new.after is None or new.part != "body" or new.after.part != "body":
        return None
    point = _point_of(new.after)
    if point is None:
        return None
    index = paragraphs.index(new.after)
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    return point, following is not None and _point_of(following) == point


def _point_of(paragraph: TracedParagraph) -> str | None:
    """The point (`sections[i].points[j]`) every key of `paragraph`'s words is under, if
    any."""
    points = set()
    for segment in paragraph.segments:
        if not segment.origin.path:
            continue
        keys = parse_key_path(segment.origin.path)
        if len(keys) < 4 or keys[0] != "sections" or keys[2] != "points" or \
                not isinstance(keys[1], int) or not isinstance(keys[3], int):
            return None
        points.add(format_key_path(keys[:4]))
    return points.pop() if len(points) == 1 else None


def _decide(context: Context, point: str, already: int, new: NewParagraph) -> bool:
    """One new paragraph after `point` (as built), after `already` new points the spec
    has already: where it goes in the spec as it is now, and whether it is there
    already (True)."""
    words = " ".join(new.text.split())
    what = "new paragraph" if new.tracked else "new paragraph, made without tracking"
    text_key = f"{point}.text"
    now = _point_now(context, text_key)
    if now is None:
        context.add(context.present(text_key), new.author, new.date, what, CANNOT,
                    f"cannot be applied: a new paragraph after `{point}` reads: \"{words}\"; "
                    f"the spec's `{point}` changed since the build, so where the new point "
                    "goes cannot be told: add it to the spec by hand (a new point needs its "
                    "passages)", untracked=not new.tracked)
        return False
    list_path, index = now[:-1], now[-1]
    assert isinstance(index, int)
    path = format_key_path((*now, "text"))
    markdown = as_markdown(words)
    line = context.where(path)[0]
    after = f"after `{format_key_path(now)}`" + (f" (line {line})" if line else "")
    if plain_text(markdown) != words:
        context.add(path, new.author, new.date, what, CANNOT,
                    f"cannot be applied: a new paragraph {after} reads: \"{words}\", which "
                    "Markdown cannot be made to show as it is; add it to the spec by hand",
                    untracked=not new.tracked)
        return False
    marking = value_at(context.spec.data, (*now, "marking"))
    if marking:  # written without one, it would take the section's: a release may show it
        context.add(path, new.author, new.date, what, CANNOT,
                    f"cannot be applied: a new paragraph {after} reads: \"{words}\"; the "
                    f"point it follows is marked `{marking}`, and a new point would take "
                    "the section's marking: add it to the spec by hand, with its `marking`",
                    untracked=not new.tracked)
        return False
    items = value_at(context.spec.data, list_path)
    at = index + 1 + already  # where it would stand, were it there
    there = items[at] if at < len(items) else None
    if isinstance(there, dict) and there.get("text") == markdown:
        context.add(path, new.author, new.date, what, ALREADY, "already in the spec (the "
                    f"point `{format_key_path((*list_path, at))}`)", untracked=not new.tracked)
        context.new_points[new.index] = (None, format_key_path((*list_path, at)),
                                         format_key_path((*list_path, at, "text")))
        return True
    moved = shifted((*list_path, at - 1), context.items)[-1]  # past new points before it
    assert isinstance(moved, int)
    place = format_key_path((*list_path, moved + 1 + sum(
        1 for i in context.items if i.path == list_path and i.after == at - 1)))
    # Until the analyst finds its passages and removes the line: brief check asks none.
    note = (f"review, {who(new.author, new.date)}: a new point; no passages yet",)
    context.new_points[new.index] = (len(context.items), place, path)
    context.items.append(ItemEdit(list_path, at - 1, markdown, note))
    context.add(path, new.author, new.date, what, APPLY,
                f"can be applied: it becomes a new point `{place}`, {after}, and will "
                f"read: \"{words}\"; it cites no passages yet: "
                f"{find_hint(context.spec.path, words)}",
                untracked=not new.tracked)
    return False


def find_hint(spec: Path, words: str) -> str:
    """What to do about a new point's passages: find its words in the sources."""
    return (f"find them (brief find {shlex.quote(display_path(spec))} "
            f"{shlex.quote(_few(words))}) and add `passages:` under it")


def _few(words: str) -> str:
    """The first words of a sentence, enough for `brief find`."""
    return " ".join(words.rstrip(".!?").split()[:8])


def _point_now(context: Context, text_key: str) -> KeyPath | None:
    """Where the point whose text is `text_key` at the build stands in the spec now (a
    point added before it since moves it on), or None where no point reads so."""
    traced = context.trace.keys.get(text_key)
    located = parse_key_path(context.locate(text_key))
    if traced is None or len(located) != 5 or \
            value_at(context.spec.data, located) != traced.value:
        return None
    items = value_at(context.spec.data, located[:3])
    if not isinstance(items, list) or not isinstance(located[3], int):
        return None
    return located[:4]
