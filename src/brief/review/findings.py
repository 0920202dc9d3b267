"""What a review asks of the spec: each tracked change, change made without tracking,
and comment of a reviewed file, matched to the spec's key and line, and what brief can
do with it.

A change of the analyst's own words can be applied: the key's new Markdown is made from
its value at build time (the trace's) and every change the review makes to it, then
carried onto the spec as it is now (three-way, where the spec changed since the
build). A change inside a verified quotation cannot: the source says what it says, so
the closest words of the source to what the reviewer wants are offered instead. A
change of what brief wrote (a heading, a label, a citation) is reported with the
setting that controls it. A comment becomes a YAML comment beside its key."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from ..errors import ReviewError, Where, display_path, plural
from ..origins import ANALYST, GENERATED, QUOTATION, Origin
from ..sources.matching import normal_form
from ..yamlfile import YamlDocument, format_key_path
from . import moves
from .commenting import comments, first_path
from .context import (
    ALREADY,
    APPLY,
    CANNOT,
    COMMENT,
    UNTRACKED_NAME,
    Closest,
    Context,
    Finding,
    Review,
)
from .keys import parse_key_path, value_at
from .keytext import KeyText, excerpt, joined_plain, key_text, moved_offset, plain_edits
from .labels import label_words
from .lines import WordLines
from .markdown_edit import (
    NEW_LINE,
    PlainEdit,
    Unmappable,
    edit_markdown,
    plain_text,
    word_diff,
    word_edits,
)
from .merge import apply_edits, merge3
from .new_points import new_points, why_not
from .placing import FORMAT, JOIN, UNTRACKED, Placed, Placement, place, segments_at
from .replacing import edit_diff, replacements
from .reviewed import (
    DELETE,
    INSERT,
    MOVE_FROM,
    MOVE_TO,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Change,
    ReviewedDocument,
)
from .reviewers import author_filter, short_date
from .spec_edit import ValueEdit

__all__ = ["ALREADY", "APPLY", "CANNOT", "COMMENT", "Closest", "Finding", "Review", "find"]


def find(document: ReviewedDocument, spec: YamlDocument, closest: Closest, *,
         only: Sequence[str] = (), reject: Sequence[str] = (),
         root: Path | None = None) -> Review:
    """Everything `document` (a reviewed file) asks of `spec` (the spec as it is now;
    `root`, its project, where its template is looked for)."""
    trace = document.trace
    if trace is None:
        raise ReviewError(
            f"{display_path(document.path)} carries no trace of a brief build: it was not "
            "built by brief (or was saved by a program that drops custom XML parts), so "
            "brief cannot tell which words came from which key of the spec",
            Where(document.path),
            hint=f"build the memo again (brief build {display_path(spec.path)}) and send "
            "that .docx for review, or copy the changes into the spec by hand")
    keep = author_filter(document, only, reject)
    saved = " on ".join(p for p in (document.last_modified_by, short_date(document.modified))
                        if p)
    context = Context(document, trace, spec, closest, keep,
                       f"the file was last saved by {saved}" if saved else "",
                       WordLines(spec), root=root)
    placement = place(document, trace.paragraphs)
    _decide(context, placement)
    left_out: tuple[str, ...] = ()
    if context.leaves_out:  # decided as the report would, had they been taken, and counted
        shadow = Context(document, trace, spec, lambda source, words: None,
                         lambda author: not keep(author), context.saved_by, context.lines,
                         root=root)
        _decide(shadow, placement)
        left_out = _left_out(shadow.findings)
    # In the spec's order; what the template writes (no line of the spec) last.
    findings = sorted(context.findings,
                      key=lambda f: (f.line is None, f.line or 0, f.column or 0))
    notes: tuple[str, ...] = ()
    if spec.file is not None and spec.file.sha256 != trace.spec_sha256:
        notes = (f"{display_path(spec.path)} changed since {display_path(document.path)} was "
                 "built (by you, or by an earlier --apply of this review): each change is "
                 "carried onto the spec as it is now",)
    return Review(spec.path, document.path, trace, tuple(findings), tuple(context.values),
                  tuple(context.comments), left_out, notes, tuple(context.items))


def _decide(context: Context, placement: Placement) -> None:
    # Each replacement (a deletion and the insertion beside it) one change, reduced to
    # the words it changes: what every finding and its word diff are made of.
    context.placed = tuple(replacements([c for c in placement.changes
                                         if context.taken(c.author, c.kind == UNTRACKED)]))
    _changes(context)
    broken = moves.broken(context, context.placed)
    if broken:  # a move half applied: decided again, with neither half of it applied
        context.findings.clear()
        context.values.clear()
        context.broken = broken
        _changes(context)
    _paragraphs(context, placement)
    _headers(context)
    comments(context, placement)


def _left_out(findings: Sequence[Finding]) -> tuple[str, ...]:
    """What `--only`/`--reject` left out, counted as the report counts: `2 changes and
    1 comment by Legal Adviser left out`."""
    counts: dict[str, list[int]] = {}
    for finding in findings:
        name = UNTRACKED_NAME if finding.untracked else (finding.author or
                                                          "an unknown author")
        count = counts.setdefault(name, [0, 0])
        count[finding.outcome == COMMENT] += 1
    out = []
    for name, (changes, notes) in counts.items():
        if name == UNTRACKED_NAME:
            out.append(f"{plural(changes, 'change')} made without tracking left out")
            continue
        words = " and ".join(p for p in (plural(changes, "change") if changes else "",
                                         plural(notes, "comment") if notes else "") if p)
        out.append(f"{words} by {name} left out")
    return tuple(out)


def _changes(context: Context) -> None:
    """Each change, split by the origins of the words it touches, then decided."""
    parts: dict[Origin, list[Placed]] = {}
    for change in context.placed:
        for origin, part in _split(change):
            parts.setdefault(origin, []).append(part)
    for origin, placed in parts.items():
        if origin.kind == ANALYST and origin.path:
            _analyst(context, origin.path, placed)
        elif origin.kind == QUOTATION and origin.path:
            _quotation(context, origin.path, placed)
        else:
            for group in _groups(placed):
                _generated(context, origin, group)


def _split(change: Placed) -> list[tuple[Origin, Placed]]:
    """`change` in the segments of its paragraph it touches: a deletion across two is
    cut at their edge, and words it inserts go with the analyst's segment, if any. A
    replacement of words brief generated (a likelihood's range, a portion mark, a
    number) goes whole to them: it is one change, reported, never written."""
    segments = segments_at(change.paragraph, change.start, change.end)
    if len(segments) <= 1:
        origin = segments[0].origin if segments else Origin(GENERATED)
        return [(origin, change)]
    generated = next((s for s in segments if s.origin.kind == GENERATED), None)
    if generated is not None and change.text and change.kind != FORMAT:
        return [(generated.origin, change)]
    own = next((s for s in segments if s.origin.kind == ANALYST), segments[0])
    out = []
    for segment in segments:
        start, end = max(change.start, segment.start), min(change.end, segment.end)
        text = change.text if segment is own else ""
        if change.kind == FORMAT:
            text = change.paragraph.text[start:end]
        out.append((segment.origin, Placed(change.kind if change.kind != INSERT else DELETE,
                                           change.author, change.date, change.paragraph,
                                           start, end, text, change.formatting,
                                           change.detail, change.order, change.move)))
    return out


def _what(items: Sequence[Placed]) -> str:
    kinds = {item.kind for item in items}
    if kinds == {FORMAT}:
        return "formatting changed" + (f" ({items[0].detail})" if items[0].detail else "")
    if kinds & {MOVE_FROM, MOVE_TO}:
        return "words moved"
    if kinds == {JOIN}:
        return "paragraphs joined"
    deleted = any(item.end > item.start for item in items if item.kind != FORMAT)
    inserted = any(item.text for item in items if item.kind != FORMAT)
    if UNTRACKED in kinds:
        return "changed without tracking"
    if deleted and inserted:
        return "reworded"
    return "words deleted" if deleted else "words inserted"


def _untracked_note(context: Context, items: Sequence[Placed]) -> str:
    if any(item.kind == UNTRACKED for item in items):
        return "made without tracking" + (f" ({context.saved_by})" if context.saved_by
                                           else "")
    return ""


def _groups(items: Sequence[Placed]) -> list[list[Placed]]:
    """The changes of one key as findings: those that touch, by one author, together."""
    groups: list[list[Placed]] = []
    spans: list[tuple[int, int]] = []
    for item in sorted(items, key=lambda i: (i.order, i.start)):
        span = (item.start, item.end)
        for index, group in enumerate(groups):
            first = group[0]
            if (first.author == item.author and _family(first) == _family(item)
                    and first.paragraph == item.paragraph
                    and ((spans[index][0] <= span[1] and span[0] <= spans[index][1])
                         or any(i.order == item.order for i in group))):
                group.append(item)
                spans[index] = (min(spans[index][0], span[0]), max(spans[index][1], span[1]))
                break
        else:
            groups.append([item])
            spans.append(span)
    return groups


def _family(item: Placed) -> str:
    """Changes that touch are one finding when of one family: words replaced, moved,
    or formatted."""
    return {FORMAT: "format", MOVE_FROM: "move", MOVE_TO: "move"}.get(item.kind, "words")


def _analyst(context: Context, path: str, items: list[Placed]) -> None:
    traced = context.trace.keys.get(path)
    text = key_text(context.trace.paragraphs, path)
    groups = _groups(items)
    if traced is None:
        for group in groups:
            _say(context, path, group, CANNOT, "cannot be applied: the file's trace does "
                 "not hold this key's words as they were built", text)
        return
    path = context.locate(path)
    refused = [(g, why) for g in groups if (why := moves.refused(context, g, path))]
    groups = [g for g in groups if not any(g is r for r, _ in refused)]
    tangled = _tangled(text, groups)
    taken, failed = _carried(traced.value, text, [g for g in groups if g not in tangled])
    failed += refused
    failed += [(g, "the words here read otherwise than the build wrote them, where a "
                "tracked change is too; make the change by hand") for g in tangled]
    for group, reason in failed:
        _say(context, path, group, CANNOT, _new_line(path, text, group)
             if reason == NEW_LINE else f"cannot be applied: {reason}", text)
    if not taken:
        return
    edits = plain_edits(text, [i for g in taken for i in g])
    new = edit_markdown(traced.value, text.plain, edits)
    every = [e for e in edits if isinstance(e, PlainEdit)]
    after = apply_edits(text.plain, every)
    outcome, says = _against_spec(context, path, traced.value, new, after)
    if outcome == APPLY and not after.strip():
        outcome, says = CANNOT, (f"cannot be applied: it deletes all of `{path}`; remove "
                                 "it from the spec by hand, with what belongs to it")
    elif outcome == APPLY:
        context.values.append(ValueEdit(parse_key_path(path), says))
    merged = outcome == APPLY and says != new  # onto the spec's words as changed since
    shown_after = plain_text(says) if merged else after
    since = word_edits(after, shown_after) if merged else []
    for group in taken:
        own = plain_edits(text, group)
        at = moved_offset(min(e.start for e in own), every) if own else 0
        at = moved_offset(at, since)
        reads = excerpt(shown_after, at, at)
        shown = {APPLY: "can be applied, with the spec's changes since the build kept; it "
                 f"will read: {reads}" if merged else f"can be applied; it will read: {reads}",
                 ALREADY: "already in the spec"}.get(outcome, says)
        _say(context, path, group, outcome, shown, text)


def _new_line(path: str, text: KeyText, group: list[Placed]) -> str:
    """What a change that breaks a line of the key's words says: as a new paragraph's."""
    edits = [e for e in plain_edits(text, group) if isinstance(e, PlainEdit)]
    after = apply_edits(text.plain, edits)
    broken = next((e for e in edits if "\n" in e.text), None)
    reads = ""
    if broken is not None:
        start = moved_offset(broken.start, [e for e in edits if e is not broken]) + \
            broken.text.index("\n") + 1
        end = after.find("\n", start)
        reads = after[start:end if end >= 0 else len(after)].strip()
    return (f"not applied: a new line in `{path}`" + (f" reads: \"{reads}\"" if reads else "")
            + "; add it to the spec by hand (a line broken inside the words: as a paragraph "
            "of its own after the point, it would have become a new point)")


def _tangled(text: KeyText, groups: list[list[Placed]]) -> list[list[Placed]]:
    """The groups of changes made without tracking that touch a tracked change, and
    those tracked changes: which came first cannot be told, so neither is applied."""
    def span(group: list[Placed]) -> tuple[int, int] | None:
        edits = plain_edits(text, group)
        return (min(e.start for e in edits), max(e.end for e in edits)) if edits else None

    untracked = [g for g in groups if any(i.kind == UNTRACKED for i in g)]
    tracked = [g for g in groups if g not in untracked]
    out: list[list[Placed]] = []
    for loose in untracked:
        a = span(loose)
        touching = [g for g in tracked if a and (b := span(g)) and
                    a[0] <= b[1] and b[0] <= a[1]]
        if touching:
            out += [loose, *(g for g in touching if g not in out)]
    return out


def _moves(group: Sequence[Placed]) -> bool:
    return any(item.kind in (MOVE_FROM, MOVE_TO) for item in group)


def _carried(value: str, text: KeyText, groups: list[list[Placed]]
             ) -> tuple[list[list[Placed]], list[tuple[list[Placed], str]]]:
    """The groups of changes that can be carried into the Markdown `value` together, in
    order, and those that cannot, each with why."""
    taken: list[list[Placed]] = []
    failed: list[tuple[list[Placed], str]] = []
    try:  # all of them at once: some only read right together (a paragraph and its break)
        edit_markdown(value, text.plain, plain_edits(text, [i for g in groups for i in g]))
        return list(groups), failed
    except Unmappable:
        pass
    for group in groups:
        try:
            edit_markdown(value, text.plain, plain_edits(text, [
                i for g in (*taken, group) for i in g]))
        except Unmappable as problem:
            failed.append((group, problem.reason))
            continue
        taken.append(group)
    if any(_moves(group) for group, _ in failed):  # half a move is no move
        failed += [(g, "the words it moves could not be placed; make the move by hand")
                   for g in taken if _moves(g)]
        taken = [g for g in taken if not _moves(g)]
    return taken, failed


def _against_spec(context: Context, path: str, built: str, new: str, after: str
                  ) -> tuple[str, str]:
    """What to do with the key's new Markdown `new`, given the spec as it is now: the
    new value for APPLY, else why not."""
    current = value_at(context.spec.data, parse_key_path(path))
    if current is None or not isinstance(current, str):
        return CANNOT, (f"cannot be applied: the spec has no `{path}` any more (it changed "
                        "since the build); make the change by hand")
    if current == new:
        return ALREADY, "already in the spec"
    if current == built:
        return APPLY, new
    merged = merge3(built, current, new) if _alike(built, current) else None
    if merged is None:
        return CANNOT, ("cannot be applied: the spec's words here changed since the build "
                        f"(it now reads: {excerpt(current, 0, 0)}); make the change by hand")
    if merged == current:
        return ALREADY, "already in the spec"
    return APPLY, merged


def _alike(built: str, current: str) -> bool:
    """Whether a key's words are still much as they were built (else they are not the
    same words: a merge would make nonsense)."""
    return difflib.SequenceMatcher(None, built, current, autojunk=False).ratio() >= 0.5


def _say(context: Context, path: str, group: Sequence[Placed], outcome: str, says: str,
         text: KeyText) -> None:
    first = min(group, key=lambda i: i.order)
    untracked = _untracked_note(context, group)
    what = _what(group)
    moves.note(context, group, path, outcome)
    diff = _diff(text.plain, group, context)
    context.add(path, first.author, first.date, f"{what}, {untracked}" if untracked and
                what != "changed without tracking" else
                (untracked or what), outcome, says, diff=diff, untracked=bool(untracked),
                words=_span(text, group))


def _span(text: KeyText, group: Sequence[Placed]) -> tuple[str, int, int] | None:
    """The words a group of changes touches, in the key's words as the memo shows them."""
    edits = plain_edits(text, group)
    if not edits:
        return None
    first = min(edits, key=lambda e: e.start)
    return text.plain, first.start, first.end


def _diff(plain: str, group: Sequence[Placed], context: Context) -> str:
    paragraph = group[0].paragraph
    if all(i.kind == FORMAT for i in group):
        item = group[0]
        return f"{paragraph.text[item.start:item.end]} ({item.detail or 'formatting'})"
    edits = [PlainEdit(i.start, i.end, i.text) for i in _shown(group, context)]
    return edit_diff(paragraph.text, joined_plain(edits))


def _shown(group: Sequence[Placed], context: Context) -> list[Placed]:
    """The changes a finding's word diff shows: the whole of each change of `group` (a
    change split by origin, across a likelihood's range or a citation, shown whole), and
    the changes of other findings that touch them (a word one reviewer deleted where
    another typed its replacement), so that the diff reads as the reviewed file does
    there and words never run together that the reviewer kept apart."""
    paragraph = group[0].paragraph
    mine = [i for i in group if i.kind != FORMAT]
    orders = {i.order for i in mine}
    others = [c for c in context.placed if c.paragraph == paragraph and c.kind != FORMAT
              and c.order not in orders]
    shown = [c for c in context.placed if c.paragraph == paragraph and c.order in orders
             and c.kind != FORMAT] or mine
    grown = True
    while grown:
        grown = False
        for other in list(others):
            if other in others and any(other.start <= item.end and item.start <= other.end
                                       for item in shown):
                whole = [o for o in others if o.order == other.order]  # a change, whole
                shown += whole
                others = [o for o in others if o.order != other.order]
                grown = True
    return sorted(shown, key=lambda i: (i.order, i.start))  # as the file has them


def _quotation(context: Context, path: str, items: list[Placed]) -> None:
    traced = context.trace.keys.get(path)
    text = key_text(context.trace.paragraphs, path, QUOTATION)
    edits = [e for e in plain_edits(text, items) if isinstance(e, PlainEdit)]
    wanted = apply_edits(text.plain, edits)
    source = traced.source if traced is not None else ""
    says = ("cannot be applied: a verified quotation says what its source says"
            + (f"; source '{source}' says: \"{text.plain}\"" if source else ""))
    if all(item.kind == FORMAT for item in items):
        says += "; its look is the house style's"
    elif not wanted.strip():
        says += "; to leave it out, remove the passage from the spec"
    elif source and wanted.strip():
        near = context.closest(source, wanted)
        if near is not None and near[2] >= 80 and _closer(wanted, near[1], text.plain):
            says += (f"; the source's closest words to the reviewer's (¶{near[0]}, "
                     f"{near[2]:.0f}% similar): \"{near[1]}\": quote them instead")
        else:
            says += ("; the source has no words closer to the reviewer's than the quote: "
                     "keep it, or choose another passage (brief find SPEC WORDS)")
    for group in _groups(items):
        first = min(group, key=lambda i: i.order)
        untracked = _untracked_note(context, group)
        moves.note(context, group, path, CANNOT)
        context.add(path, first.author, first.date, untracked or _what(group), CANNOT,
                    says + moves.also(context, group, path),
                    diff=_diff(text.plain, group, context), quote=True,
                    untracked=bool(untracked), words=_span(text, group))


def _closer(wanted: str, words: str, quote: str) -> bool:
    """Whether the source's `words` read more as the reviewer `wanted` than the quote
    does (and are not the quote itself, widened by a word or two)."""
    wanted, words, quote = normal_form(wanted), normal_form(words), normal_form(quote)
    return words != quote and difflib.SequenceMatcher(None, wanted, words).ratio() > \
        difflib.SequenceMatcher(None, wanted, quote).ratio()


_CONTROLS = (
    ("sources.", "the spec's `{}` (its details, as the list of sources shows them)"),
    ("citation_style", "written by the template's `{}`"),
    ("marking", "the spec's `{}`"),
    ("numbered_headings", "numbered by the template's `{}`"),
    ("likelihood_ranges", "the range of the judgment's `likelihood` on the memo's scale, "
     "printed by the template's `{}`: change the judgment's `likelihood` to move it, or "
     "set `{}: false` in the template to leave ranges out"),
    ("portion_marks", "the portion's marking, printed by `{}` (the spec's, else the "
     "template's): change the portion's own `marking` (or the spec's `portion_marking`), "
     "or set "
     "`{}: false` to leave marks out"),
)


def control_words(control: str) -> str:
    """Where a user changes what brief generated."""
    for prefix, words in _CONTROLS:
        if control.startswith(prefix):
            return words.format(control, control)
    return f"set by `{control}`" if control else "written by brief itself"


def _generated(context: Context, origin: Origin, group: list[Placed]) -> None:
    control = origin.control or origin.path
    item = min(group, key=lambda i: i.order)
    untracked = _untracked_note(context, group)
    path = control if parse_key_path(control) in context.spec.value_marks else ""
    words = label_words(control, context.spec, context.root) \
        if control.startswith("labels.") else control_words(control)
    says = f"cannot be applied: brief writes these words: {words}"
    moves.note(context, group, path or control, CANNOT)
    says += moves.also(context, group, path or control)
    context.add(path or control, item.author, item.date, untracked or _what(group),
                CANNOT, says, diff=_diff(item.paragraph.text, group, context),
                located=bool(path),
                untracked=bool(untracked))


def _after_item(path: str) -> str:
    """` after `sections[0].points[1]` in the list `sections[0].points``: where a new
    paragraph after the words of `path` would go."""
    keys = parse_key_path(path)
    if "passages" in keys[1:]:  # after a quotation: after what it supports
        keys = keys[:keys.index("passages")]
        return f" after `{format_key_path(keys)}` (after its quotations)"
    last = max((i for i, part in enumerate(keys) if isinstance(part, int)), default=None)
    if last is None:
        return f" after `{path}`" if path else ""
    return (f" after `{format_key_path(keys[:last + 1])}` in the list "
            f"`{format_key_path(keys[:last])}`")


def _why_by_hand(path: str) -> str:
    if path.startswith("key_judgments["):
        return ("a key judgment takes no second paragraph, and a new one needs its "
                "likelihood and confidence: add it to the spec by hand")
    return ("add it to the spec by hand, where it belongs (only a paragraph after a point "
            "of a section becomes a new point)")


def _paragraphs(context: Context, placement: Placement) -> None:
    paragraphs = list(context.trace.paragraphs)
    news = [new for new in placement.new if context.taken(new.author)]
    for new in new_points(context, paragraphs, news):
        index = paragraphs.index(new.after) if new.after is not None else 0
        path = context.present(context.locate(first_path(paragraphs, index)))
        where, why, path = why_not(context, paragraphs, new) or (
            _after_item(path), _why_by_hand(path), path)
        line = context.where(path)[0] if path else None
        at = f" (line {line})" if line else ""
        context.add(path, new.author, new.date, "new paragraph" if new.tracked else
                    "new paragraph, made without tracking", CANNOT,
                    f"not applied: a new paragraph{where}{at} reads: \"{new.text.strip()}\"; "
                    + why, located=bool(path))
    for joined in placement.joined:
        if not context.taken(joined.author):
            continue
        path = first_path(paragraphs, paragraphs.index(joined.first))
        context.add(path, joined.author, joined.date, "paragraphs joined", CANNOT,
                    "cannot be applied: the reviewer joined this paragraph to the next; "
                    "join them in the spec by hand")
    for missing in placement.missing:
        if not context.taken("", untracked=True) or not missing.paragraph.text.strip():
            continue
        path = first_path(paragraphs, paragraphs.index(missing.paragraph))
        context.add(path, "", None, "paragraph deleted without tracking", CANNOT,
                    f"cannot be applied: the paragraph \"{missing.paragraph.text.strip()}\" "
                    "is not in the reviewed file; remove it from the spec by hand")


_HEADER_KEYS = ("marking", "date", "title", "subtitle", "author", "organisation")


def _headers(context: Context) -> None:
    """Changes in the pages' headers and footers, one finding a paragraph and reviewer:
    brief writes those (the marking, the date) from the spec and the template."""
    data = context.spec.data if isinstance(context.spec.data, dict) else {}
    for paragraph in getattr(context.document, "headers_footers", ()):
        by: dict[str, list[Change]] = {}
        for change in paragraph.changes:
            if change.kind not in (PARAGRAPH_INSERT, PARAGRAPH_DELETE) and \
                    context.taken(change.author):
                by.setdefault(change.author, []).append(change)
        for author, changes in by.items():
            key = next((k for k in _HEADER_KEYS if isinstance(data.get(k), str) and data[k]
                        and any(_touches(paragraph.before, data[k], c) for c in changes)), "")
            where = "the spec's" if key else "the template's header or footer, in its"
            says = (f"cannot be applied: brief writes the page {paragraph.part}: "
                    f"{where} `{key or 'reference.docx'}`")
            context.add(key, author, changes[0].date, f"changed in the page {paragraph.part}",
                        CANNOT, says, diff=word_diff(paragraph.before, paragraph.after),
                        located=bool(key))


def _touches(text: str, value: str, change: Change) -> bool:
    """Whether `change` falls on the words `value` in `text`."""
    at = text.find(value)
    return at >= 0 and change.before_start <= at + len(value) and at <= change.before_end
