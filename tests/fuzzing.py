"""Specs mutated as a fuzzer would: shared by tests/test_fuzz.py (hypothesis, a few hundred
examples) and bench/fuzz.py (ten thousand). A mutation changes the spec's data (a value of
another type, hostile text inside a text) or its YAML text (a tag, an anchor or alias,
brackets, an odd key, an impossible date)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"

# Text a hostile or careless spec may hold: what Word pastes, controls, noncharacters,
# encoded words, markup of every kind the renderers meet, and very long text.
NASTY_TEXT = [
    "\v", "\f", "\r", "\r\n", "\t", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028",
    "\u2029", "\ufeff", "\u00ad", "\u202e", "\u0301", "\ufb01", "\ufffe", "\uffff",
    "\U0010ffff", "\U0001f600", "=?utf-8?q?=0D=0ABcc:_evil@example.org?=",
    "=?utf-8?b?DQpCY2M6IHhAeS56?=", "<script>alert(1)</script>", "&amp;", "]]>", "{{ 7*7 }}",
    "{% raw %}", "\\", '"', "'", "[x](javascript:alert(1))", "[x](file:///etc/passwd)",
    "![i](x.png)", "<http://example.org>", "* * *", "- - - - - - - - - - - - - - - - - - - - - -",
    "[" * 2000, "*" * 500, "`" * 300, "x" * 300, "word " * 200, "# heading", "> quote",
    "1. one\n2. two", "    code", "\n\n\n", " ", "", "TLP:RED", "%", "{", "}", ":", ": ",
]
# Values of every YAML type, and of the wrong type for wherever they land.
VALUES: list[Any] = [
    None, "", "x", 0, -1, 10**30, 3.5, float("inf"), True, False, [], ["a"], {}, {"a": 1},
    [{"text": "t"}], "TLP:CLEAR", "TLP:RED", "TLP:YELLOW", "OFFICIAL", "risks", "options",
    "2022-02-30", "25/03/2022", "03/04/2022", "March 2022", "1-2", "9-1", 99, 0,
    {"source": "gazette"}, [{"source": "gazette", "quote": "nope"}],
    [{"source": "gazette", "paragraph": 0}], [{"marking": "TLP:CLEAR"}],
    {"text": "ask", "deadline": "2022-13-01"}, "../../etc/passwd", "/dev/zero", "sources",
    "n" * 400, "a/" * 300,
]
# Fragments inserted into the YAML text itself.
YAML_FRAGMENTS = [
    "!!int ", "!!bool ", "!!timestamp ", "!!binary ", "!!set ", "!!python/object:os.system ",
    "!custom ", "&a ", "*a ", "&r [*r]", "<<: ", "? [a, b]\n: x\n", "1.5: x\n", "null: x\n",
    "2022-03-01: x\n", "[" * 100, "]", "{", "}", "---\n", "...\n", "\n  - ", ": ", " #", "'",
    '"', "|\n", ">\n", "\t", "%YAML 1.1\n", "\\u0000", "\"\\uD800\"",
]


def minimal() -> dict[str, Any]:
    """The tests' minimal spec, with a distribution, so that the email is fuzzed too."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["distribution"] = {"from": "Test desk <desk@example.org>",
                            "to": ["The Minister <minister@example.org>"]}
    return data


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def mutate_data(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to three changes to the spec's data: a value replaced, hostile text put into a
    text, a key dropped."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        paths = _paths(data)[1:]
        path = rng.choice(paths)
        current = _get(data, path)
        choice = rng.random()
        if isinstance(current, str) and choice < 0.6:
            at = rng.randint(0, len(current))
            _set(data, path, current[:at] + rng.choice(NASTY_TEXT) + current[at:])
        elif choice < 0.9:
            _set(data, path, copy.deepcopy(rng.choice(VALUES)))
        else:
            parent = _get(data, path[:-1])
            if isinstance(parent, dict):
                del parent[path[-1]]
            elif isinstance(parent, list) and parent:
                parent.pop(path[-1])
    return data


def text_of(data: dict[str, Any]) -> str:
    """The data as YAML text (as a spec file would hold it)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)


def mutate_text(text: str, rng: random.Random) -> str:
    """One to three YAML fragments put into the text at random places."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(YAML_FRAGMENTS) + text[at:]
    return text


def mutated_spec(rng: random.Random) -> str:
    """The text of a mutated spec: its data changed, its YAML changed, or both."""
    choice = rng.random()
    data = mutate_data(minimal(), rng) if choice < 0.8 else minimal()
    text = text_of(data)
    if choice > 0.6:
        text = mutate_text(text, rng)
    return text


def text_mutated_spec(rng: random.Random) -> str:
    """A spec whose structure is sound and only its texts hold hostile text: one that
    `brief check` often accepts, to be built."""
    data = minimal()
    for _ in range(rng.randint(1, 3)):
        texts = [p for p in _paths(data)[1:] if isinstance(_get(data, p), str)]
        path = rng.choice(texts)
        current = _get(data, path)
        at = rng.randint(0, len(current))
        _set(data, path, current[:at] + rng.choice(NASTY_TEXT) + current[at:])
    return text_of(data)
