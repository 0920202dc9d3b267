"""Comments of a reviewed file: each beside the key of the spec its words came from."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

from ..origins import ANALYST, GENERATED, QUOTATION, Origin, TracedParagraph
from ..yamlfile import format_key_path
from .context import ALREADY, CANNOT, COMMENT, Context
from .keys import parse_key_path
from .placing import Placement, segments_at
from .reviewed import Comment
from .reviewers import comment_lines, who
from .spec_edit import CommentEdit


def first_path(paragraphs: Sequence[TracedParagraph], start: int, offset: int = 0
                ) -> str:
    """The key of the words at `offset` of paragraph `start`, else of the first words
    from the spec at or after it (a comment on a heading belongs to what it heads)."""
    for index in range(start, len(paragraphs)):
        paragraph = paragraphs[index]
        segments = (segments_at(paragraph, offset, offset + 1) if index == start else [])
        segments += list(paragraph.segments)
        for segment in segments:
            if segment.origin.path and segment.origin.kind in (ANALYST, QUOTATION):
                return segment.origin.path
    return ""


# The key of the spec beside which a comment on the words brief writes in each block of
# the memo goes (words that name no key of their own: a heading, a label, the source
# summary): the first of these the spec has. The blocks left empty take theirs from what
# they show: a section its own key (`key_judgments`, `sections[2]`), the list of figures
# its first figure's, the endnotes their first passage's. (`render.layout.KINDS`: every
# kind has its entry, checked by the tests.)
BLOCK_KEYS: dict[str, tuple[str, ...]] = {
    "marking": ("marking",),
    "title": ("title",),
    "header": ("memo", "date"),
    "figures": (),
    "bluf": ("bluf",),
    "decision": ("decision_requested",),
    "changes": ("previous",),
    "section": (),
    "notes": (),
    "source_summary": ("sources",),  # what it sums up (the template's `source_summary`)
    "sources": ("sources",),
    "legend": ("likelihood_scale", "key_judgments", "sources"),  # the words it explains
}


def _comment_path(context: Context, paragraphs: list[TracedParagraph],
                  paragraph: TracedParagraph, offset: int) -> str:
    """The key of the spec a comment goes beside: that of the words it is on (for words
    brief wrote, `_generated_key`), else of the spec's words that follow them; where
    the spec changed since, where that key is now, or the nearest key around it."""
    at = segments_at(paragraph, offset, offset + 1)
    if at and at[0].origin.kind == GENERATED:
        return _generated_key(context, paragraphs, paragraph, at[0].origin)
    path = first_path(paragraphs, paragraphs.index(paragraph), offset)
    return context.present(context.locate(path)) if path else ""


def _generated_key(context: Context, paragraphs: list[TracedParagraph],
                   paragraph: TracedParagraph, origin: Origin) -> str:
    """The key beside which a comment on words brief wrote goes: the spec's key that
    writes them (the marking, a source's entry, the date), else the key they belong to
    (a deadline, a judgment's confidence, a citation's passage), else the analyst's
    words of their paragraph (a label before them; for a likelihood's range inside
    them, the judgment's `likelihood`), else the key of their block (`BLOCK_KEYS`)."""
    if origin.control and origin.control != "labels" and \
            parse_key_path(origin.control) in context.spec.value_marks:
        return origin.control
    if origin.path and (found := context.present(context.locate(origin.path))):
        return found
    own = next((s.origin.path for s in paragraph.segments
                if s.origin.path and s.origin.kind in (ANALYST, QUOTATION)), "")
    if own:
        own = context.present(context.locate(own))
        keys = parse_key_path(own)
        if origin.control == "likelihood_ranges" and keys[-1:] == ("text",) and \
                (*keys[:-1], "likelihood") in context.spec.value_marks:
            return format_key_path((*keys[:-1], "likelihood"))  # the range's term
        return own
    return block_key(context, paragraphs, paragraphs.index(paragraph))


def block_key(context: Context, paragraphs: Sequence[TracedParagraph], index: int) -> str:
    """The key of the spec that the block of paragraph `index` shows ("" if none)."""
    kind = paragraphs[index].block
    for key in BLOCK_KEYS.get(kind, ()):
        if parse_key_path(key) in context.spec.value_marks:
            return key
    later = paragraphs[index:]
    if kind == "figures":  # the first figure it lists
        paths = [s.origin.path for p in later for s in p.segments
                 if s.origin.control == "labels.figure" and s.origin.path]
    else:  # a section's first words, the first endnote's passage
        same = list(itertools.takewhile(lambda p: p.block == kind, later))
        paths = [s.origin.path for p in same for s in p.segments if s.origin.path]
    if not paths:
        return ""
    path = context.present(context.locate(paths[0]))
    if kind == "section":
        keys = parse_key_path(path)
        return format_key_path(keys[:2] if keys[:1] == ("sections",) else keys[:1])
    return path


def _on_new_point(context: Context, paragraph: int, comment: Comment,
                  lines: tuple[str, ...], replies: tuple[str, ...]) -> None:
    """A comment on the words of a new point: written above it, under its own note (or,
    the point being in the spec already, above that point)."""
    item, place, path = context.new_points[paragraph]
    already = item is None and f"# {lines[0]}"[:50] in context.spec.text
    if item is not None:
        edit = context.items[item]
        context.items[item] = dataclasses.replace(edit, comment=edit.comment + lines)
    elif not already:
        context.comments.append(CommentEdit(parse_key_path(place), lines))
    anchor = comment.anchor.text if comment.anchor is not None else ""
    context.add(path, comment.author, comment.date, "comment",
                ALREADY if already else COMMENT,
                "already in the spec" if already else
                f"# {lines[0]} (above the new point `{place}`)", anchor=anchor,
                text=comment.text, replies=replies)


def comments(context: Context, placement: Placement) -> None:
    paragraphs = list(context.trace.paragraphs)
    for comment in context.document.comments:
        if not context.keep(comment.author):
            context.leaves_out = True
            continue
        path = ""
        if comment.anchor is not None:
            found = placement.where(comment.anchor.first, comment.anchor.start)
            if found is not None:
                path = _comment_path(context, paragraphs, *found)
        lines = comment_lines(comment)
        replies = tuple(f"{who(r.author, r.date)}: {r.text}" for r in comment.replies)
        anchor = comment.anchor.text if comment.anchor is not None else ""
        if not path and comment.anchor is not None and \
                comment.anchor.first in context.new_points:  # on a new point: above it
            _on_new_point(context, comment.anchor.first, comment, lines, replies)
            continue
        if not path:  # on no words of the spec's: beside the spec's first key
            tops = sorted((mark, keys) for keys, mark in context.spec.key_marks.items()
                          if len(keys) == 1)
            if not tops:
                context.add("", comment.author, comment.date, "comment", CANNOT,
                            "cannot be written into the spec: it has no key",
                            anchor=anchor, text=comment.text, replies=replies,
                            located=False)
                continue
            path = format_key_path(tops[0][1])
        already = f"# {lines[0]}"[:50] in context.spec.text  # (a long line is wrapped)
        if not already:
            context.comments.append(CommentEdit(parse_key_path(path), lines))
        context.add(path, comment.author, comment.date, "comment",
                    ALREADY if already else COMMENT,
                    "already in the spec" if already else "# " + lines[0],
                    anchor=anchor, text=comment.text, replies=replies,
                    words=(anchor, 0, len(anchor)) if anchor else None, quote=True)
