"""A reviewer in Microsoft Word 365, for tests: tracked changes and comments written into a
.docx brief built, as Word writes them when a head of desk reviews with Track Changes on
(ECMA-376 Part 1, 17.13: revisions; Word's own parts for comment threads).

    word_review(docx, "replace:OLD=>NEW", "comment:ANCHOR=>TEXT", author="Head of Desk")

Operations (each on the first place its text is found, in the body and its tables, then
the footnotes, in the text as the reviewer sees it: earlier tracked deletions left out):
  "replace:OLD=>NEW"           OLD deleted (w:del, w:delText) and NEW inserted (w:ins)
  "delete:TEXT"                TEXT deleted
  "insert-after:ANCHOR=>TEXT"  TEXT inserted right after ANCHOR
  "paragraph-after:ANCHOR=>TEXT"  a new paragraph TEXT after the one holding ANCHOR, as
                               Word writes Enter pressed at that paragraph's end and TEXT
                               typed: its paragraph mark inserted (w:pPr/w:rPr/w:ins),
                               the new paragraph (its properties, its rsids) the runs of
                               TEXT inside w:ins
  "comment:ANCHOR=>TEXT"       a comment on ANCHOR (comments.xml, with its range and reference)
  "reply:COMMENT-TEXT=>REPLY"  a reply to the comment whose text holds COMMENT-TEXT
                               (w15:paraIdParent in commentsExtended.xml)
  "resolve:COMMENT-TEXT"       that comment marked done (w15:done="1")
  "bold:TEXT"                  TEXT made bold, tracked (w:rPrChange holding the old w:rPr)
  "move:TEXT=>AFTER-ANCHOR"    TEXT moved to just after AFTER-ANCHOR (w:moveFrom/w:moveTo,
                               paired by name, within range markers)
  "accept-untracked:OLD=>NEW"  OLD replaced by NEW with tracking off (as if the reviewer had
                               accepted their own change): no revision marks, a new rsid

As Word saves: every paragraph of the body and of the comments gets w14:paraId and
w14:textId, each edited run the session's w:rsidR/w:rsidDel (added to settings.xml's
w:rsids), the comment parts (comments.xml, commentsExtended.xml, commentsIds.xml,
commentsExtensible.xml, people.xml) their content types and relationships, settings.xml
w:trackRevisions when a change is tracked, and docProps/core.xml the reviewer as the last
to modify it. Text that spans several runs is found: runs are split at its edges.

Run as a script: python tests/review/word_review.py FILE.docx [--author NAME] [--date
ISO] [--out OUT.docx] OPERATION...
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from word_saving import XML_SPACE, finish, w


class NotFound(Exception):
    """An operation's text is not in the document."""


@dataclass
class _Session:
    """One review: who, when, the session's rsid, the next ids."""

    author: str
    date: str
    rsid: str
    random: random.Random
    next_id: int
    roots: list[Any] = field(default_factory=list)  # the body, then the footnotes' root
    tracked: bool = False
    para_ids: set[str] = field(default_factory=set)
    replies: dict[str, str] = field(default_factory=dict)  # a reply's comment id: its parent's
    resolved: set[str] = field(default_factory=set)  # the ids of comments marked done

    def revision(self, tag: str, **extra: str) -> Any:
        from lxml import etree

        element = etree.Element(w(tag))
        element.set(w("id"), str(self.next_id))
        self.next_id += 1
        element.set(w("author"), self.author)
        element.set(w("date"), self.date)
        for name, value in extra.items():
            element.set(w(name), value)
        self.tracked = True
        return element

    def hex_id(self, limit: int = 0x7FFFFFFF) -> str:
        while True:
            value = f"{self.random.randrange(1, limit):08X}"
            if value not in self.para_ids:
                self.para_ids.add(value)
                return value


def word_review(docx_file: Path, *operations: str, author: str = "Head of Desk",
                date: str | None = None, out: Path | None = None) -> Path:
    """Review `docx_file` as Word 365 would (see the module's doc) and save it to `out`
    (default: beside it, "-word-reviewed"). `date`: ISO 8601 to the second, in UTC
    ("2026-12-04T10:15:00Z"); default now. Raise NotFound for text not in the file."""
    import docx

    document = docx.Document(str(docx_file))
    date = date or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:00Z")
    seed = hashlib.sha256("\n".join((author, date, *operations)).encode()).digest()
    generator = random.Random(seed)
    footnotes = _footnotes(document)
    roots = [document.element.body] + ([] if footnotes is None else [footnotes[1]])
    session = _Session(author, date, f"00{generator.randrange(0x100000, 0xFFFFFF):06X}",
                       generator, max(_next_id(root) for root in roots), roots=roots)
    for operation in operations:
        verb, _, rest = operation.partition(":")
        what, _, new = rest.partition("=>")
        _OPERATIONS[verb](document, session, what, new)
    finish(document, session)
    if footnotes is not None:
        from lxml import etree

        footnotes[0]._blob = etree.tostring(footnotes[1], xml_declaration=True,
                                            encoding="UTF-8", standalone=True)
    out = out or docx_file.with_name(f"{docx_file.stem}-word-reviewed.docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


# -- finding text, splitting runs ------------------------------------------------------

def _footnotes(document: Any) -> tuple[Any, Any] | None:
    """The footnotes part (python-docx keeps it as bytes) and its XML, parsed."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part, etree.fromstring(rel.target_part.blob)
    return None


def _next_id(root: Any) -> int:
    """One above every revision and bookmark id under `root` (not footnotes' own ids)."""
    ids = [int(value) for element in root.iter() if isinstance(element.tag, str)
           for value in [element.get(w("id"))] if value is not None
           and value.lstrip("-").isdigit()
           and element.tag not in (w("footnoteReference"), w("footnote"))]
    return max(ids, default=0) + 1


def _visible_runs(paragraph: Any) -> Iterator[Any]:
    """The runs of a paragraph whose text the reviewer sees (not tracked deletions, not
    a nested paragraph's), in order."""
    for run in paragraph.iter(w("r")):
        ancestor = run.getparent()
        hidden = False
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in (w("del"), w("moveFrom"), w("p")):
                hidden = True
                break
            ancestor = ancestor.getparent()
        if not hidden:
            yield run


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        if child.tag == w("t"):
            parts.append(child.text or "")
        elif child.tag == w("tab"):
            parts.append("\t")
        elif child.tag in (w("br"), w("cr")):
            parts.append("\n")
        elif child.tag == w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _explode(run: Any) -> list[Any]:
    """Split a run into runs of one content element each (same properties)."""
    contents = [child for child in run if child.tag != w("rPr")]
    if len(contents) <= 1:
        return [run]
    pieces = []
    for child in contents:
        piece = copy.deepcopy(run)
        for old in [c for c in piece if c.tag != w("rPr")]:
            piece.remove(old)
        piece.append(child)
        pieces.append(piece)
    for piece in reversed(pieces):
        run.addnext(piece)
    run.getparent().remove(run)
    return pieces


def _split(run: Any, at: int) -> Any:
    """Split a one-text run at character `at`; return the second half (inserted after)."""
    text = run.find(w("t"))
    second = copy.deepcopy(run)
    second_text = second.find(w("t"))
    text.text, second_text.text = text.text[:at], text.text[at:]
    for element in (text, second_text):
        element.set(XML_SPACE, "preserve")
    run.addnext(second)
    return second


def _locate(session: _Session, text: str) -> tuple[Any, int]:
    """The first paragraph holding `text` as the reviewer sees it (in the body, then the
    footnotes), and where it starts."""
    for root in session.roots:
        for paragraph in root.iter(w("p")):
            found = "".join(_run_text(run) for run in _visible_runs(paragraph)).find(text)
            if found >= 0:
                return paragraph, found
    raise NotFound(f"not found: {text!r}")


def _isolate(session: _Session, text: str) -> list[Any]:
    """The runs that hold exactly the first `text` in the document, split at its edges."""
    if not text:
        raise NotFound("empty text")
    paragraph, start = _locate(session, text)
    end = start + len(text)
    for run in list(_visible_runs(paragraph)):
        _explode(run)
    chosen, offset = [], 0
    for run in list(_visible_runs(paragraph)):
        length = len(_run_text(run))
        if offset + length <= start or offset >= end or length == 0:
            offset += length
            continue
        if offset < start:
            run = _split(run, start - offset)
            length -= start - offset
            offset = start
        if offset + length > end:
            _split(run, end - offset)
            length = end - offset
        chosen.append(run)
        offset += length
    return chosen


def _point_after(session: _Session, anchor: str) -> Any:
    """The run that ends right where `anchor` does (split there)."""
    return _isolate(session, anchor)[-1]


def _new_run(session: _Session, like: Any, text: str, *, deleted: bool = False) -> Any:
    from lxml import etree

    run = etree.Element(w("r"))
    run.set(w("rsidR" if not deleted else "rsidDel"), session.rsid)
    properties = like.find(w("rPr")) if like is not None else None
    if properties is not None:
        run.append(copy.deepcopy(properties))
    element = etree.SubElement(run, w("delText" if deleted else "t"))
    element.text = text
    element.set(XML_SPACE, "preserve")
    return run


# -- the operations -------------------------------------------------------------------

def _wrap(runs: list[Any], wrapper: Any) -> Any:
    runs[0].addprevious(wrapper)
    for run in runs:
        wrapper.append(run)
    return wrapper


def _delete_runs(session: _Session, runs: list[Any]) -> Any:
    for run in runs:
        for text in run.iter(w("t")):
            text.tag = w("delText")
            text.set(XML_SPACE, "preserve")
        run.set(w("rsidDel"), session.rsid)
    return _wrap(runs, session.revision("del"))


def _insert_after(session: _Session, point: Any, text: str, like: Any = None) -> None:
    """A tracked insertion of `text` right after `point`, in the properties of `like`
    (default: `point`, a run)."""
    inserted = session.revision("ins")
    inserted.append(_new_run(session, point if like is None else like, text))
    point.addnext(inserted)


def op_replace(document: Any, session: _Session, old: str, new: str) -> None:
    runs = _isolate(session, old)
    deleted = _delete_runs(session, runs)
    if new:
        _insert_after(session, deleted, new, like=runs[0])


def op_delete(document: Any, session: _Session, text: str, _: str) -> None:
    _delete_runs(session, _isolate(session, text))


def op_insert_after(document: Any, session: _Session, anchor: str, text: str) -> None:
    _insert_after(session, _point_after(session, anchor), text)


def op_paragraph_after(document: Any, session: _Session, anchor: str, text: str) -> None:
    from lxml import etree

    paragraph, _ = _locate(session, anchor)
    new = etree.Element(w("p"))
    properties = paragraph.find(w("pPr"))
    if properties is not None:
        new.append(copy.deepcopy(properties))
    else:
        properties = etree.SubElement(paragraph, w("pPr"))
        paragraph.insert(0, properties)
    mark = properties.find(w("rPr"))
    if mark is None:  # CT_PPr: rPr before sectPr and pPrChange, after everything else
        mark = etree.Element(w("rPr"))
        later = [c for c in properties if c.tag in (w("sectPr"), w("pPrChange"))]
        (later[0].addprevious if later else properties.append)(mark)
    for done in mark.findall(w("ins")):  # already new: the new paragraph took that mark
        mark.remove(done)
    mark.insert(0, session.revision("ins"))  # CT_ParaRPr: ins first
    for name in ("rsidR", "rsidRDefault", "rsidP"):
        new.set(w(name), session.rsid)
    inserted = session.revision("ins")
    inserted.append(_new_run(session, None, text))
    new.append(inserted)
    paragraph.addnext(new)


def op_bold(document: Any, session: _Session, text: str, _: str) -> None:
    from docx.text.run import Run
    from lxml import etree

    for run in _isolate(session, text):
        properties = run.find(w("rPr"))
        old = copy.deepcopy(properties) if properties is not None else etree.Element(w("rPr"))
        Run(run, None).bold = True  # w:b where CT_RPr's sequence puts it
        properties = run.find(w("rPr"))
        change = session.revision("rPrChange")
        change.append(old)
        properties.append(change)  # last, as the schema wants
        run.set(w("rsidR"), session.rsid)


def op_move(document: Any, session: _Session, text: str, anchor: str) -> None:
    name = f"move{session.random.randrange(100000000, 999999999)}"
    runs = _isolate(session, text)
    moved = [copy.deepcopy(run) for run in runs]
    start = session.revision("moveFromRangeStart", name=name)
    runs[0].addprevious(start)
    source = _wrap(runs, session.revision("moveFrom"))
    for run in runs:
        run.set(w("rsidDel"), session.rsid)
    end = _range_end("moveFromRangeEnd", start)
    source.addnext(end)
    point = _point_after(session, anchor)
    start_to = session.revision("moveToRangeStart", name=name)
    destination = session.revision("moveTo")
    for run in moved:
        run.set(w("rsidR"), session.rsid)
        destination.append(run)
    point.addnext(start_to)
    start_to.addnext(destination)
    destination.addnext(_range_end("moveToRangeEnd", start_to))


def _range_end(tag: str, start: Any) -> Any:
    from lxml import etree

    end = etree.Element(w(tag))
    end.set(w("id"), start.get(w("id")))
    return end


def op_accept_untracked(document: Any, session: _Session, old: str, new: str) -> None:
    runs = _isolate(session, old)
    first = runs[0]
    first.find(w("t")).text = new
    first.find(w("t")).set(XML_SPACE, "preserve")
    first.set(w("rsidR"), session.rsid)
    for run in runs[1:]:
        run.getparent().remove(run)


def op_comment(document: Any, session: _Session, anchor: str, text: str) -> None:
    runs = _isolate(session, anchor)
    comment = _new_comment(document, session, text)
    _anchor(runs[0], runs[-1], comment.comment_id)


def _anchor(first: Any, last: Any, comment_id: int, after: Any = None) -> None:
    """commentRangeStart before `first`, commentRangeEnd after `last`, then the reference
    run (after `after`, a parent comment's reference run, when given)."""
    from lxml import etree

    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(comment_id))
    first.addprevious(start)
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), str(comment_id))
    last.addnext(end)
    reference = etree.Element(w("r"))
    style = etree.SubElement(etree.SubElement(reference, w("rPr")), w("rStyle"))
    style.set(w("val"), "CommentReference")
    etree.SubElement(reference, w("commentReference")).set(w("id"), str(comment_id))
    (after if after is not None else end).addnext(reference)


def _new_comment(document: Any, session: _Session, text: str) -> Any:
    initials = "".join(word[0] for word in session.author.split() if word[:1].isupper())
    comment = document.comments.add_comment(text, author=session.author, initials=initials)
    comment._comment_elm.set(w("date"), session.date)
    for paragraph in comment._comment_elm.iter(w("p")):
        paragraph.set(w("rsidR"), session.rsid)
    return comment


def _comment_element(document: Any, text: str) -> Any:
    for comment in document.comments:
        if text in comment.text:
            return comment._comment_elm
    raise NotFound(f"no comment holds {text!r}")


def op_reply(document: Any, session: _Session, parent_text: str, text: str) -> None:
    parent = _comment_element(document, parent_text)
    parent_id = parent.get(w("id"))
    marks = {element.tag: element for root in session.roots for element in root.iter(
        w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))
        if element.get(w("id")) == parent_id}
    reply = _new_comment(document, session, text)
    _anchor(marks[w("commentRangeStart")], marks[w("commentRangeEnd")], reply.comment_id,
            after=marks[w("commentReference")].getparent())
    # Word puts a reply's range start just after its parent's, its end after the parent's.
    marks[w("commentRangeStart")].addnext(marks[w("commentRangeStart")].getprevious())
    session.replies[str(reply.comment_id)] = parent_id


def op_resolve(document: Any, session: _Session, text: str, _: str) -> None:
    session.resolved.add(_comment_element(document, text).get(w("id")))


_OPERATIONS = {"replace": op_replace, "delete": op_delete, "insert-after": op_insert_after,
               "paragraph-after": op_paragraph_after,
               "comment": op_comment, "reply": op_reply, "resolve": op_resolve,
               "bold": op_bold, "move": op_move, "accept-untracked": op_accept_untracked}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("operations", nargs="+")
    parser.add_argument("--author", default="Head of Desk")
    parser.add_argument("--date")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    try:
        out = word_review(args.file, *args.operations, author=args.author, date=args.date,
                          out=args.out)
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return 3
    print("saved", out.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
