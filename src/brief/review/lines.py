"""The line and column of the spec where changed words stand: inside a value that spans
several lines (a `|` block of Markdown), the line of the words themselves, not of the
key, so that an editor opened at it shows them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..yamlfile import KeyPath, YamlDocument

_WORD = re.compile(r"\w+")


class WordLines:
    """Finds words of a spec's values in its text (composed once, when first asked)."""

    def __init__(self, document: YamlDocument) -> None:
        self.text = document.text
        self._root: Any = None
        self._composed = False

    def _span(self, keys: KeyPath) -> tuple[int, int] | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.SafeLoader)
            except yaml.YAMLError:  # brief's reader read it; this cannot be, but say nothing
                self._root = None
        node = self._root
        for part in keys:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                node = next((v for k, v in node.value if getattr(k, "value", None) == part),
                            None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
            else:
                return None
        if not isinstance(node, yaml.ScalarNode):
            return None
        return node.start_mark.index, node.end_mark.index

    def place(self, keys: KeyPath, plain: str, start: int, end: int
              ) -> tuple[int, int] | None:
        """The line and column (1-based) in the spec of characters `start` to `end` of
        `plain` (the value as the memo shows it): of the first words changed, or, for an
        insertion (`start == end`), just after the words before it. None where the words
        cannot be told apart in the spec's text."""
        span = self._span(keys)
        if span is None:
            return None
        inserted = start == end
        words = _WORD.findall(plain[:start])[-3:] if inserted else \
            _WORD.findall(plain[start:])[:3]
        if not words:
            return None
        pattern = re.compile(r"\W+".join(re.escape(word) for word in words))
        if inserted:  # the words just before it: the last of them that ends there
            nth = sum(1 for m in pattern.finditer(plain) if m.end() <= start) - 1
        else:
            nth = sum(1 for m in pattern.finditer(plain) if m.start() < start)
        found = list(pattern.finditer(self.text, span[0], span[1]))
        if not 0 <= nth < len(found):
            return None
        match = found[nth]
        index = match.start() if start < end else match.end()
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1
