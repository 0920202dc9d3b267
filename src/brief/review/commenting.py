"""Comments of a reviewed file: each beside the key of the spec its words came from."""

from __future__ import annotations

from collections.abc import Sequence

from ..origins import ANALYST, GENERATED, QUOTATION, TracedParagraph
from ..yamlfile import format_key_path
from .context import ALREADY, CANNOT, COMMENT, Context
from .keys import parse_key_path
from .placing import Placement, segments_at
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


def _comment_path(context: Context, paragraphs: list[TracedParagraph],
                  paragraph: TracedParagraph, offset: int) -> str:
    """The key of the spec a comment goes beside: that of the words it is on (a source's
    entry for a comment on the list of sources, the marking for one on the marking), else
    of the spec's words that follow them; where the spec changed since, where that key
    is now, or the nearest key around it."""
    for segment in segments_at(paragraph, offset, offset + 1):
        control = segment.origin.control
        if segment.origin.kind == GENERATED and control and \
                parse_key_path(control) in context.spec.value_marks:
            return control
    path = first_path(paragraphs, paragraphs.index(paragraph), offset)
    if not path:  # what follows is brief's: the list of sources, say
        for later in paragraphs[paragraphs.index(paragraph) + 1:]:
            controls = [s.origin.control for s in later.segments
                        if parse_key_path(s.origin.control) in context.spec.value_marks]
            if controls:  # a comment on the heading of the list of sources: `sources`
                return context.present(".".join(controls[0].split(".")[:-1]) or
                                       controls[0])
        return ""
    return context.present(context.locate(path))


def comments(context: Context, placement: Placement) -> None:
    paragraphs = list(context.trace.paragraphs)
    for comment in context.document.comments:
        if not context.keep(comment.author):
            context.left_out[comment.author] = context.left_out.get(comment.author, 0) + 1
            continue
        path = ""
        if comment.anchor is not None:
            found = placement.where(comment.anchor.first, comment.anchor.start)
            if found is not None:
                path = _comment_path(context, paragraphs, *found)
        lines = comment_lines(comment)
        replies = tuple(f"{who(r.author, r.date)}: {r.text}" for r in comment.replies)
        anchor = comment.anchor.text if comment.anchor is not None else ""
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
