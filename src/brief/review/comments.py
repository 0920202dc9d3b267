"""The comments of a reviewed Word file, with the words each is anchored to and its
replies.

A comment is `w:comment` in `word/comments.xml`; the body marks the words it is
attached to with `w:commentRangeStart` and `w:commentRangeEnd`, or only with a
`w:commentReference` (the anchor is then the point just before it). Word (2013 and
later) tells a reply from a comment in `word/commentsExtended.xml`: the `w15:commentEx`
of the reply's last paragraph (`w15:paraId`) names its parent's
(`w15:paraIdParent`), and `w15:done="1"` marks a comment resolved. LibreOffice 7.4
writes `commentsExtended.xml` too (for the resolved state), and `0-00-00T00:00:00Z`
as the date of every comment: read as no date.

LibreOffice 7.4's own "Reply" (the button of a comment in Writer) makes no thread in
the file: the reply is a new comment at the same place whose text starts "Reply to
NAME (DATE, TIME): "..."" (Writer's `SwAnnotationWin::InitAnswer`): such a comment is
read as a reply to the comment by NAME anchored at the same place, with that first line
left out of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..ooxml import W
from ..origins import paragraph_text
from .changes import Anchor, Comment, ReviewedParagraph
from .tracked import Marks, when

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W = f"{{{W}}}"
_LIBREOFFICE_REPLY = re.compile(r'Reply to (?P<author>.+?) \([^)]*\): ".*?"(\n|$)', re.DOTALL)


@dataclass
class Read:
    """A comment as read, before it is put in its thread."""

    comment: Comment
    para_id: str  # its key in the threads: the w14:paraId of its last paragraph
    order: int


def read_comments(root: Any, extended: Any, marks: Marks,
                  paragraphs: tuple[ReviewedParagraph, ...]) -> tuple[Comment, ...]:
    """The top-level comments of `root` (comments.xml), in the order of their anchors in
    the document, each with its replies."""
    if root is None:
        return ()
    read: list[Read] = []
    for order, element in enumerate(root.iter(f"{_W}comment")):
        name = element.get(f"{_W}id") or ""
        texts = [paragraph_text(p, version="after") for p in element.iter(f"{_W}p")]
        last = [p for p in element.iter(f"{_W}p")][-1:]
        para_id = last[0].get(f"{{{W14}}}paraId") or "" if last else ""
        comment = Comment(element.get(f"{_W}author") or "", element.get(f"{_W}initials") or "",
                          when(element.get(f"{_W}date")), "\n".join(texts),
                          anchor_of(name, marks, paragraphs), (), False, name)
        read.append(Read(comment, para_id, order))
    parents, done = _extended(extended)
    return arrange(read, parents, done)


def arrange(read: list[Read], parents: dict[str, str], done: dict[str, bool]
            ) -> tuple[Comment, ...]:
    """The comments `read` (in the file's order) as threads: the top-level ones in the
    order of their anchors, each with its replies (`parents`: a comment's key -> its
    parent's; `done`: whether a comment is resolved, by its key)."""
    parent_of = _threads(read, parents)
    anchors = {item.comment.id: item.comment.anchor for item in read}
    replies: dict[str, list[Comment]] = {}
    for item in read:
        parent = parent_of.get(item.comment.id)
        if parent is not None:  # a reply not anchored itself is anchored as its comment
            replies.setdefault(parent, []).append(
                _as_reply(item.comment, anchors[parent]))
    top = [item for item in read if item.comment.id not in parent_of]
    top.sort(key=lambda item: (item.comment.anchor is None,
                               _position(item.comment.anchor), item.order))
    return tuple(replace(item.comment, replies=tuple(replies.get(item.comment.id, ())),
                         done=done.get(item.para_id, False)) for item in top)


def _position(anchor: Anchor | None) -> tuple[int, int]:
    return (anchor.first, anchor.start) if anchor is not None else (0, 0)


def _extended(root: Any) -> tuple[dict[str, str], dict[str, bool]]:
    """From commentsExtended.xml: each comment's parent, and whether it is resolved, by
    the w14:paraId of its last paragraph."""
    parents: dict[str, str] = {}
    done: dict[str, bool] = {}
    if root is None:
        return parents, done
    for entry in root.iter(f"{{{W15}}}commentEx"):
        para_id = entry.get(f"{{{W15}}}paraId") or ""
        if entry.get(f"{{{W15}}}paraIdParent"):
            parents[para_id] = entry.get(f"{{{W15}}}paraIdParent") or ""
        done[para_id] = (entry.get(f"{{{W15}}}done") or "0") in ("1", "true")
    return parents, done


def _threads(read: list[Read], parents: dict[str, str]) -> dict[str, str]:
    """Each reply's comment id -> the id of the comment that starts its thread (Word's
    threads are flat: a reply to a reply belongs to the first comment's thread)."""
    by_para = {item.para_id: item for item in read if item.para_id}
    parent_of: dict[str, str] = {}
    for item in read:
        parent = by_para.get(parents.get(item.para_id, ""))
        seen = {item.comment.id}
        while parent is not None and parents.get(parent.para_id) in by_para \
                and parent.comment.id not in seen:
            seen.add(parent.comment.id)
            parent = by_para[parents[parent.para_id]]
        if parent is not None and parent.comment.id != item.comment.id:
            parent_of[item.comment.id] = parent.comment.id
    for index, item in enumerate(read):  # LibreOffice 7.4's replies
        match = _LIBREOFFICE_REPLY.match(item.comment.text)
        if item.comment.id in parent_of or not match:
            continue
        for earlier in reversed(read[:index]):
            if earlier.comment.author == match["author"] \
                    and _same_place(earlier.comment.anchor, item.comment.anchor):
                root = parent_of.get(earlier.comment.id, earlier.comment.id)
                parent_of[item.comment.id] = root
                break
    return parent_of


def _same_place(one: Anchor | None, other: Anchor | None) -> bool:
    if one is None or other is None:
        return False
    return (one.first, one.start) == (other.first, other.start) or \
        (one.last, one.end) == (other.last, other.end)


def _as_reply(comment: Comment, anchor: Anchor | None) -> Comment:
    match = _LIBREOFFICE_REPLY.match(comment.text)
    if match:
        comment = replace(comment, text=comment.text[match.end():])
    if comment.anchor is None:
        comment = replace(comment, anchor=anchor)
    return comment


def anchor_of(name: str, marks: Marks,
            paragraphs: tuple[ReviewedParagraph, ...]) -> Anchor | None:
    start = marks.start.get(name)
    end = marks.end.get(name)
    if start is None and end is None:
        start = end = marks.reference.get(name)
    if start is None:
        start = end
    if end is None:
        end = marks.reference.get(name, start)
    if start is None or end is None:
        return None
    if end < start:
        end = start
    (first, at), (last, to) = start, end
    if first == last:
        text = paragraphs[first].before[at:to]
    else:
        text = "\n".join([paragraphs[first].before[at:],
                          *(p.before for p in paragraphs[first + 1:last]),
                          paragraphs[last].before[:to]])
    return Anchor(first, at, last, to, text)
