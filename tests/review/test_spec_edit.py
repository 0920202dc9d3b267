"""New values and review comments written into a spec's text: only the edited
scalar's lines change, and brief's reader reads back exactly the values given."""

from __future__ import annotations

import difflib
import random
from pathlib import Path
from typing import Any

import pytest

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
