"""The word diff `brief review` shows under each change: read with its markers taken
out, it gives back the words before and after the change, on many random insertions,
deletions and replacements beside one another (words never run together that the
reviewer kept apart, nor apart that they ran together)."""

from __future__ import annotations

import random
import re

import pytest
from review_builder import SPEC, Reviewer, trace_of

from brief.review.findings import find
from brief.review.markdown_edit import word_diff
from brief.review.reviewed import DELETE, INSERT, Change
from brief.spec.reader import read_spec

WORDS = ["Belarus", "will", "very", "likely", "(80–95%)", "be", "decided", "in", "Moscow,",
         "not", "Minsk.", "settled", "the", "war", "“false-flag”", "[1]", "un", "s"]
MARKS = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


def sides(diff: str) -> tuple[str, str]:
    """The words before and after, read from a diff: `[-old-]` on the first side,
    `{+new+}` on the second, each with the one space that sets it apart."""
    old, new, at = [], [], 0
    for mark in MARKS.finditer(diff):
        kept = diff[at:mark.start()]
        old.append(kept)
        new.append(kept)
        (old if mark.group(1) is not None else new).append(mark.group(1) or mark.group(2))
        at = mark.end()
    old.append(diff[at:])
    new.append(diff[at:])
    return " ".join("".join(old).split()), " ".join("".join(new).split())


def reads(side: str, text: str) -> bool:
    """Whether a side of a diff reads as `text` (where the diff cut words, `…`, the
    pieces it kept, in order)."""
    text = " ".join(text.split())
    if "…" not in side:
        return side == text
    at = 0
    for piece in (p.strip() for p in side.split("…")):
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def random_edits(rng: random.Random, text: str, count: int, *, apart: float = 0.3
                 ) -> list[tuple[int, int, str]]:
    """`count` edits of `text` one beside the other (each starting where the last ended,
    or, `apart` of the time, a character after): whole words inserted, deleted or
    replaced, and words changed inside ("s" added, "un" put before)."""
    bounds = [0] + [m.end() for m in re.finditer(r"\S+", text)]
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    edits: list[tuple[int, int, str]] = []
    at = rng.choice([*starts, len(text)])
    for _ in range(count):
        kind = rng.choice(["insert", "delete", "replace", "suffix", "prefix"])
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        ends = [b for b in bounds if b > at] or [len(text)]
        end = rng.choice(ends[:3])
        if kind == "insert":
            edit = (at, at, words + rng.choice([" ", ""]))
        elif kind == "delete":
            edit = (at, end, "")
        elif kind == "replace":
            edit = (at, end, words)
        elif kind == "suffix":
            edit = (at, at, "s")
        else:
            edit = (at, at, "un")
        if edits and edit[0] < edits[-1][1]:
            break
        edits.append(edit)
        at = edit[1] + (1 if rng.random() < apart and edit[1] < len(text) else 0)
    return edits


def applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, new in edits:
        out += [text[at:start], new]
        at = end
    return "".join([*out, text[at:]])


def test_the_diff_gives_back_the_words_before_and_after():
    rng = random.Random(23)
    for _ in range(2000):
        old = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))
        new = applied(old, random_edits(rng, old, rng.randint(1, 4)))
        diff = word_diff(old, new)
        before, after = sides(diff)
        assert reads(before, old) and reads(after, new), (old, new, diff)


@pytest.fixture
def memo(project):
    return project.spec("memo", SPEC)


BLUF = "The plan is rushed. Its costs are not known to anyone."


def test_each_finding_s_diff_reads_as_the_reviewed_file(memo):
    """Changes touching one another, by two reviewers, or by one across words brief
    wrote (a quotation mark, a citation): each finding's diff reads, markers taken out,
    as the paragraph was built and as the reviewed file has it (a change split by the
    origins of its words shown whole; the changes that touch it shown with it)."""
    read, _, _ = read_spec(memo)
    trace = trace_of(memo)
    point = trace.paragraphs[3].text  # "Costs are unknown. “its costs were not known” [1]"
    rng = random.Random(5)
    checked = 0
    for _ in range(100):
        reviewer = Reviewer(trace)
        index, text = rng.choice([(1, BLUF), (3, point)])
        edits = random_edits(rng, text, rng.randint(1, 4), apart=0)
        changes = []
        for start, end, new in edits:
            author = rng.choice(["Head of Desk", "Deputy"])
            if end > start:
                changes.append(Change(DELETE, author, reviewer.date, start, end, start,
                                      start, text[start:end]))
            if new:
                changes.append(Change(INSERT, author, reviewer.date, end, end, end, end,
                                      new))
        reviewer.paragraphs[index].changes = changes
        document = reviewer.document()
        after = document.paragraphs[index].after
        assert after == applied(text, edits)
        review = find(document, read.document, lambda source, words: None)
        for finding in review.findings:
            if not finding.diff or "formatting" in finding.diff:
                continue
            before, new = sides(finding.diff)
            assert reads(before, text) and reads(new, after), (edits, finding)
            checked += 1
    assert checked > 100
