"""New values and review comments written into a spec's text: only the edited
scalar's lines change, and brief's reader reads back exactly the values given."""

from __future__ import annotations

import difflib
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from brief.review.markdown_edit import edit_markdown, plain_text, word_edits
from brief.review.spec_edit import CommentEdit, EditError, ValueEdit, edit_spec_text
from brief.yamlfile import KeyPath, parse_yaml

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "briefings" / "belarus-2022.yaml"
SPECS = [EXAMPLE, ROOT / "tests/data/minimal.yaml", ROOT / "src/brief/sample/sample.yaml",
         ROOT / "tests/data/corpus/quotes.yaml"]


def _data(text: str) -> Any:
    return parse_yaml(text, Path("spec.yaml")).data


def _strings(data: Any, path: KeyPath = ()) -> list[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in _strings(value, (*path, key))]
    if isinstance(data, list):
        return [s for n, value in enumerate(data) for s in _strings(value, (*path, n))]
    return [(path, data)] if isinstance(data, str) and data.strip() else []


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _changed_lines(old: str, new: str) -> list[int]:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(),
                                      autojunk=False)
    return [n for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"
            for n in range(i1, max(i2, i1 + 1))]


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_every_string_changed_alone(spec: Path) -> None:
    """Each string scalar of each spec, given one random word changed: the result
    reads back with only that value changed, and only that scalar's lines differ."""
    text = spec.read_text(encoding="utf-8")
    data = _data(text)
    document = parse_yaml(text, spec)
    rng = random.Random(spec.name)
    tried = 0
    for path, value in _strings(data):
        words = value.split(" ")
        at = rng.randrange(len(words))
        words[at] = rng.choice(["Kremlin", "re-entry", "allied", "50%", "it's", "a: b"])
        new = " ".join(words)
        if new == value:
            continue
        result = edit_spec_text(text, [ValueEdit(path, new)])
        after = _data(result)
        assert _get(after, path) == new
        expected = _data(text)
        _get(expected, path[:-1])[path[-1]] = new
        assert after == expected
        line = document.value_marks[path][0] - 1
        lines = value.count("\n") + text.count("\n", 0, 0) + 3
        for changed in _changed_lines(text, result):
            assert line - 1 <= changed <= line + lines, (path, changed, line)
        tried += 1
    assert tried >= 10


def test_the_example_keeps_its_layout() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = _data(text)
    bluf = data["bluf"].replace("rests more with Moscow", "rests largely with Moscow")
    result = edit_spec_text(text, [
        ValueEdit(("bluf",), bluf),
        ValueEdit(("key_judgments", 0, "text"),
                  "Belarusian troops are unlikely to enter the war soon: watch Minsk."),
        CommentEdit(("key_judgments", 0, "text"),
                    ("review, Head of Desk, 4 Dec 2026: Check this line with the Political "
                     "Director first, and with the sanctions coordinator after that",)),
        CommentEdit(("bluf",), ("review, Head of Desk: good",)),
    ])
    diff = [line for line in difflib.unified_diff(text.splitlines(), result.splitlines(),
                                                  n=0, lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == [
        "+# review, Head of Desk: good",
        "-  rests more with Moscow than with Minsk. Lukashenko's survival argues for "
        "staying out; the",
        "+  rests largely with Moscow than with Minsk. Lukashenko's survival argues for "
        "staying out; the",
        "-  - text: Belarusian troops are unlikely to enter the war in the coming weeks.",
        "+  # review, Head of Desk, 4 Dec 2026: Check this line with the Political Director "
        "first,",
        "+  #   and with the sanctions coordinator after that",
        '+  - text: "Belarusian troops are unlikely to enter the war soon: watch Minsk."',
    ]
    assert _data(result)["bluf"] == bluf
    assert max(len(line) for line in result.splitlines() if "# review" in line) <= 88


@pytest.mark.parametrize(("yaml_text", "value", "expected"), [
    ("a: 'it''s here'\n", "it's there", "a: 'it''s there'\n"),
    ('a: "say \\"hi\\" now"\n', 'say "bye" now', 'a: "say \\"bye\\" now"\n'),
    ("a: |\n  one two\n  three four\n", "one two\nthree five\n", "a: |\n  one two\n  three five\n"),
    ("a: |-\n  one two\n  three four\n", "one two\nthree five", "a: |-\n  one two\n  three five\n"),
    ("a: >\n  one two\n  three four\n", "one two three five\n", "a: >\n  one two\n  three five\n"),
    ("a: one\n  two three\n", "one\n  two four".replace("\n  ", " "), "a: one\n  two four\n"),
    ("a: plain text\n", "plain # text", 'a: "plain # text"\n'),
    ("a: plain text\n", "- plain", 'a: "- plain"\n'),
    ("a: [x, y]\n", "z", "a: [x, z]\n"),
    ("a: [x, y]\n", "z, w", 'a: [x, "z, w"]\n'),
])
def test_styles(yaml_text: str, value: str, expected: str) -> None:
    path: KeyPath = ("a", 1) if "[" in yaml_text else ("a",)
    assert edit_spec_text(yaml_text, [ValueEdit(path, value)]) == expected


def test_crlf_and_bom_kept() -> None:
    text = "\ufeff# top\r\na: one two\r\nb: three\r\n"
    result = edit_spec_text(text, [ValueEdit(("a",), "one four"),
                                   CommentEdit(("b",), ("review: why",))])
    assert result == "\ufeff# top\r\na: one four\r\n# review: why\r\nb: three\r\n"


def test_flow_value_with_lines_refused() -> None:
    with pytest.raises(EditError, match="on one line"):
        edit_spec_text("a: [x, y]\n", [ValueEdit(("a", 0), "one\ntwo")])


def test_not_a_string() -> None:
    with pytest.raises(EditError) as caught:
        edit_spec_text("a:\n  b: 1\n", [ValueEdit(("a", "b"), "x")])
    assert caught.value.reason == "the value there is not text"
    with pytest.raises(EditError) as caught:
        edit_spec_text("a: 1\n", [ValueEdit(("c",), "x")])
    assert caught.value.reason == "the spec has no c"


EVERY_STYLE = '''# top comment
title: A plain title here  # trailing comment
multi: a plain scalar that
  runs over two lines
  and three
single: 'it''s single quoted'
single_multi: 'single quoted
  over two lines'
double: "double with \\"quotes\\" and \\u00e9 escape"
double_multi: "double over
  two lines with \\
  a continuation"
literal: |
  first line
  second line

  after a blank
keep: |+
  kept ending

strip: |-
  stripped ending
folded: >
  folded one
  folded two

  new paragraph
    more indented
  back
folded_strip: >-
  a folded
  strip block
"quoted key": value of quoted key
list:
  - item one here
  - 'item two'
  -   spaced item
nested:
    deep:
        - text: deep item text
          note: other
flow: [alpha beta, "gamma delta", 'eps zeta']
flowmap: {a: one two, b: "three four"}
anchor: &a anchored value
uses: *a
tab_comment: x  #\tnote
trail: value with trailing spaces\x20\x20\x20
'''


@pytest.mark.parametrize("crlf", [False, True], ids=["LF", "CRLF"])
def test_every_style_with_random_words(crlf: bool) -> None:
    """Each value of a spec that uses every style of YAML scalar, given words that YAML
    reads as markup (`: `, ` #`, quotes, a backslash, a tab, a line break): the result
    reads back with only that value changed, and only its lines change; a value with an
    anchor, and a line break inside `[a, b]`, are refused with a reason."""
    text = EVERY_STYLE.replace("\n", "\r\n") if crlf else EVERY_STYLE
    data = _data(EVERY_STYLE)
    rng = random.Random(3)
    for path, value in _strings(data):
        for _ in range(6):
            words = value.split(" ")
            words[rng.randrange(len(words))] = rng.choice(
                ["Kremlin", "it's", 'say "hi"', "a: b", "# x", "-", "new\nline", "tab\there",
                 "é", "'q'", "\\back"])
            new = " ".join(words)
            try:
                result = edit_spec_text(text, [ValueEdit(path, new)])
            except EditError as refused:
                assert path[0] in ("anchor", "uses") or (path[0] == "flow" and "\n" in new)
                assert refused.reason.endswith("by hand")
                continue
            if crlf:
                assert result.count("\r\n") == result.count("\n")
            expected = _data(EVERY_STYLE)
            _get(expected, path[:-1])[path[-1]] = new
            assert _data(result.replace("\r\n", "\n")) == expected
            assert "  #\tnote\n" in result.replace("\r\n", "\n")  # a tab in a comment
            if path != ("trail",):
                assert "trail: value with trailing spaces   " in result


def test_lines_of_blocks_kept() -> None:
    """A word changed in a folded block, a plain value over several lines or a double-
    quoted one with an escaped line break changes that line only; a plain value that
    now needs quotes keeps its lines, in double quotes."""
    def changed(path: KeyPath, old: str, new: str) -> list[str]:
        value = _get(_data(EVERY_STYLE), path)
        result = edit_spec_text(EVERY_STYLE, [ValueEdit(path, value.replace(old, new))])
        return [line for line in difflib.unified_diff(
            EVERY_STYLE.splitlines(), result.splitlines(), n=0, lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]

    assert changed(("folded",), "one", "1") == ["-  folded one", "+  folded 1"]
    assert changed(("folded",), "back", "front") == ["-  back", "+  front"]
    assert changed(("multi",), "three", "four") == ["-  and three", "+  and four"]
    assert changed(("multi",), "that", "that: b") == [
        "-multi: a plain scalar that", '+multi: "a plain scalar that: b', "-  and three",
        '+  and three"']
    assert changed(("double_multi",), "continuation", "follow-on") == [
        '-  a continuation"', '+  a follow-on"']
    assert changed(("literal",), "second", "2nd") == ["-  second line", "+  2nd line"]
    assert changed(("keep",), "kept", "held") == ["-  kept ending", "+  held ending"]


def test_a_head_of_desks_review_of_the_example() -> None:
    """The issue's review, as `--apply` writes it: two rewordings (the bottom line's `|`
    block, a key judgment), a deleted sentence, a clause inserted in an actor's point (a
    `>-` block), two comments. `git diff` shows the changed lines and the comments,
    nothing else; the spec reads back with exactly those values."""
    text = EXAMPLE.read_text(encoding="utf-8")
    data = _data(text)

    def reviewed(markdown: str, change: Callable[[str], str]) -> str:
        plain = plain_text(markdown)
        return edit_markdown(markdown, plain, word_edits(plain, change(plain)))

    bluf = reviewed(data["bluf"], lambda plain: plain.replace(
        "rests more with Moscow", "rests largely with Moscow").replace(
        " The warning sign to watch is a staged incident inside Belarus.", ""))
    judgment = reviewed(data["key_judgments"][0]["text"], lambda plain: plain.replace(
        "in the coming weeks", "this spring"))
    point = reviewed(data["sections"][1]["points"][0]["text"], lambda plain: plain.replace(
        "To survive in power.", "To survive in power, whatever the cost."))
    result = edit_spec_text(text, [
        ValueEdit(("bluf",), bluf),
        ValueEdit(("key_judgments", 0, "text"), judgment),
        ValueEdit(("sections", 1, "points", 0, "text"), point),
        CommentEdit(("bluf",), ("review, Head of Desk, 4 Dec: Check this line with the "
                                "Political Director first",)),
        CommentEdit(("sections", 1, "points", 0), ("review, Head of Desk, 4 Dec: Sources?",)),
    ])
    diff = [line for line in difflib.unified_diff(text.splitlines(), result.splitlines(),
                                                  n=0, lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == [
        "+# review, Head of Desk, 4 Dec: Check this line with the Political Director first",
        "-  rests more with Moscow than with Minsk. Lukashenko's survival argues for "
        "staying out; the",
        "+  rests largely with Moscow than with Minsk. Lukashenko's survival argues for "
        "staying out; the",
        "-  The warning sign to watch is a staged incident inside Belarus.",
        "-  - text: Belarusian troops are unlikely to enter the war in the coming weeks.",
        "+  - text: Belarusian troops are unlikely to enter the war this spring.",
        "+      # review, Head of Desk, 4 Dec: Sources?",
        "-          To survive in power. Sending troops would make him more unpopular and "
        "could revive",
        "+          To survive in power, whatever the cost. Sending troops would make him "
        "more unpopular and could revive",
    ]
    after = _data(result)
    assert plain_text(after["bluf"]).startswith(
        "Belarusian troops are unlikely to enter the war in the coming weeks, but the "
        "decision rests largely with Moscow")
    assert "warning sign" not in after["bluf"]
    assert after["sections"][1]["points"][0]["text"].startswith(
        "To survive in power, whatever the cost. Sending troops")


def test_comments_in_order_at_their_keys_indentation() -> None:
    text = "a: 1\nitems:\n  - text: one\n    note: two\n  - text: three\n"
    result = edit_spec_text(text, [
        CommentEdit(("items", 1), ("review, A: first",)),
        CommentEdit(("items", 1), ("review, B: second",)),
        CommentEdit(("items", 0, "note"), ("review, C: on the note",)),
        CommentEdit(("a",), ("review, D: " + "word " * 30,)),
    ])
    assert result == (
        "# review, D: word word word word word word word word word word word word word word "
        "word\n"
        "#   word word word word word word word word word word word word word word word\n"
        "a: 1\nitems:\n  - text: one\n    # review, C: on the note\n    note: two\n"
        "  # review, A: first\n  # review, B: second\n  - text: three\n")
    assert _data(result) == _data(text)
