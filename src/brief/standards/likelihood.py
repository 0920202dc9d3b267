"""Estimative language: likelihood scales, and the words analysts use to say how likely.

A scale is data (a YAML file), not code: the built-ins are the US ICD 203 scale and
the UK Probability Yardstick, and a house adds its own as `scales/<id>.yaml` beside
its specs or in the project. Scales are looked up like templates: `scales/` beside
the spec, the project's `scales/`, then the built-ins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import SpecError, Where, display_path
from ..files import inside, is_dir, is_file
from ..folders import BUILTIN_SCALES
from ..schema import did_you_mean
from ..yamlfile import load_yaml

DEFAULT_SCALE = "icd-203"
CONFIDENCE_LEVELS = ("low", "moderate", "high")
_NOT_SCALES = ("unscaled",)  # data files of the folder that are not scales


@dataclass(frozen=True)
class Term:
    """One step of a likelihood scale."""

    term: str  # "very likely": the word in `likelihood:` and in the memo
    also: tuple[str, ...]  # other words that say the same ("highly probable")
    low: int
    high: int
    approximate: bool = False

    @property
    def words(self) -> tuple[str, ...]:
        return (self.term, *self.also)

    @property
    def range(self) -> str:
        """The range as printed: `80–95%` (`≈80–90%` on an approximate scale)."""
        return f"{'≈' if self.approximate else ''}{self.low}–{self.high}%"


@dataclass(frozen=True)
class Scale:
    """A named likelihood scale, with what its confidence levels mean."""

    id: str  # the file name without .yaml: "icd-203"
    name: str  # "ICD 203"
    title: str
    terms: tuple[Term, ...]
    confidence: dict[str, str]

    def term(self, word: str) -> Term | None:
        """The term `word` names (its own word or another word for it), if any."""
        word = " ".join(word.lower().split())
        return next((t for t in self.terms if word in t.words), None)

    @property
    def term_names(self) -> str:
        return ", ".join(t.term for t in self.terms)


def scale_names(folders: list[Path]) -> list[str]:
    names: list[str] = []
    for folder in folders:
        for file in sorted(folder.glob("*.yaml")) if is_dir(folder) else ():
            if file.stem not in names and file.stem not in _NOT_SCALES:
                names.append(file.stem)
    return names


def find_scale(name: str, folders: list[Path], where: Where | None = None,
               within: list[Path] | None = None) -> Scale:
    """Load the scale called `name` from the first of `folders` that has it; its file
    must lie inside one of `within` (the project and the built-ins), its links followed."""
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", name) or ".." in name:
        raise SpecError(f"{name!r} cannot name a likelihood scale: a scale is named by its "
                        "file's name in scales/, without .yaml", where,
                        hint="icd-203, uk-yardstick, or a house scale such as `house`")
    for folder in folders:
        file = folder / f"{name}.yaml"
        if is_file(file) and name not in _NOT_SCALES:
            if within is not None and not inside(file, within):
                raise SpecError(f"the likelihood scale {display_path(file)} is outside the "
                                "project: brief reads only files inside it", where,
                                hint="copy the scale into the project's scales/ folder")
            return load_scale(file.resolve())
    names = scale_names(folders)
    guess = did_you_mean(name, names)
    raise SpecError(f"unknown likelihood scale '{name}'{guess}", where,
                    details=["searched: " + ", ".join(display_path(f) for f in folders)],
                    hint=f"the scales available are: {', '.join(names)}")


def all_scales(folders: list[Path], within: list[Path] | None = None) -> list[Scale]:
    """Every scale along `folders` (the first of each name)."""
    return [find_scale(name, folders, within=within) for name in scale_names(folders)]


@cache
def load_scale(path: Path) -> Scale:
    """Read and check a scale file."""
    where = Where(path)
    data = load_yaml(path, "likelihood scale", "template", SpecError).data

    def fail(problem: str) -> SpecError:
        return SpecError(f"likelihood scale {path.name}: {problem}", where,
                         hint="see docs/spec.md, \"Likelihood scales\", for the format")

    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise fail("expected a mapping with `name`, `terms` and `confidence`")
    approximate = data.get("approximate") is True
    terms = []
    for number, item in enumerate(data["terms"], start=1):
        if not (isinstance(item, dict) and isinstance(item.get("term"), str)
                and _is_range(item.get("range"))):
            raise fail(f"term {number} needs `term` (text) and `range` ([low, high] in per "
                       "cent)")
        also = item.get("also") or []
        if not (isinstance(also, list) and all(isinstance(a, str) for a in also)):
            raise fail(f"term '{item['term']}': `also` must be a list of words")
        terms.append(Term(_words(item["term"]), tuple(_words(a) for a in also),
                          item["range"][0], item["range"][1], approximate))
    confidence = data.get("confidence")
    if not (isinstance(confidence, dict) and set(confidence) == set(CONFIDENCE_LEVELS)
            and all(isinstance(v, str) for v in confidence.values())):
        raise fail("`confidence` must say what " + ", ".join(CONFIDENCE_LEVELS) + " mean")
    return Scale(path.stem, str(data.get("name") or path.stem), str(data.get("title") or ""),
                 tuple(terms), {level: confidence[level] for level in CONFIDENCE_LEVELS})


def _is_range(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and 0 <= v <= 100 for v in value)
            and value[0] <= value[1])


def _words(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def unscaled_words() -> tuple[str, ...]:
    """Hedging words that belong to no scale (`scales/unscaled.yaml`)."""
    data = load_yaml(BUILTIN_SCALES / "unscaled.yaml", "word list", "template").data
    return tuple(_words(w) for w in data["words"])


@dataclass(frozen=True)
class Found:
    """A probability word found in a text."""

    word: str  # as the lexicon has it, lower case
    start: int
    end: int


def find_words(text: str, words: list[str] | tuple[str, ...]) -> list[Found]:
    """The places where any of `words` occur in `text` as whole words, longest first
    where two overlap, in text order."""
    if not words:
        return []
    pattern = _words_pattern(tuple(words))
    return [Found(_words(m[1]), m.start(1), m.end(1)) for m in pattern.finditer(text)]


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the words, longest first (made once per list of words)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    # The look-ahead at the words' first letters lets the engine skip most places at once.
    firsts = "".join(sorted({re.escape(word[0]) for word in ordered}))
    return re.compile(r"(?<![\w-])(?=[" + firsts + r"])(" + "|".join(
        r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)
        + r")(?![\w-])", re.IGNORECASE)
