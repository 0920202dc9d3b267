"""Checks of analytic standards: graded sources, and estimative language.

None of these stops a build unless `--strict` is given. They hold the analyst's own
text (never the quoted passages) to the likelihood scale the memo uses, and warn where
a judgment rests on weak sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property

from ..dates import language_known
from ..errors import BriefError, BriefWarning, SpecError, Where
from ..schema import nearest_choice
from ..standards.grading import WEAK_RELIABILITY, is_weak
from ..standards.likelihood import Scale, Term, find_words, unscaled_words
from ..yamlfile import KeyPath, format_key_path
from .schema import BriefingSpec, PassageSpec


def grading_warnings(spec: BriefingSpec) -> list[BriefWarning]:
    """Ungraded sources, and key judgments or recommendations that rest only on sources
    graded D, E, F or not at all."""
    found = []
    for source_id, source in spec.sources.items():
        if source.reliability is None:
            found.append(BriefWarning(
                f"source '{source_id}' has no reliability grade", spec.where(source.key_path),
                hint="add `reliability:` with a letter from A (completely reliable) to F "
                "(cannot be judged); see docs/spec.md, \"Source grading\""))
    claims: list[tuple[str, KeyPath, tuple[PassageSpec, ...]]] = [
        (f"key judgment {number}", judgment.key_path, judgment.passages)
        for number, judgment in enumerate(spec.key_judgments, start=1)]
    for section in spec.sections:
        if section.kind == "recommendations":
            claims += [(f"recommendation {number}", point.key_path, point.passages)
                       for number, point in enumerate(section.points, start=1)]
    for what, path, passages in claims:
        if not passages:
            if what.startswith("key judgment"):
                found.append(BriefWarning(
                    f"{what} cites no passages", spec.where(path),
                    hint="add the passages it rests on, so the reader can weigh them"))
            continue
        grades = {p.source: spec.sources[p.source].reliability for p in passages
                  if p.source in spec.sources}
        if grades and all(is_weak(g) for g in grades.values()):
            shown = ", ".join(f"'{s}' ({g or 'ungraded'})" for s, g in grades.items())
            found.append(BriefWarning(
                f"{what} rests only on sources graded {', '.join(WEAK_RELIABILITY)} or "
                f"ungraded: {shown}", spec.where(path),
                hint="support it with a source graded A, B or C, or say in the text how far "
                "it can be trusted"))
    return found


def likelihood_errors(spec: BriefingSpec, scale: Scale,
                      others: Sequence[Scale] = ()) -> list[BriefError]:
    """Key judgments whose `likelihood` is not a term of the scale, each with the term it
    probably means: the nearest term of the memo's scale to a term of another scale
    (`highly likely` in an ICD 203 memo: `very likely`), else the term it is spelt like."""
    return [SpecError(
        f"'{judgment.likelihood}' is not a term of the {scale.name} likelihood scale"
        f"{_meant(judgment.likelihood, scale, others)}",
        spec.where((*judgment.key_path, "likelihood")),
        hint=f"use one of: {scale.term_names} (or choose another `likelihood_scale`)")
        for judgment in spec.key_judgments if scale.term(judgment.likelihood) is None
        and spec.intact((*judgment.key_path, "likelihood"))]


def _meant(word: str, scale: Scale, others: Sequence[Scale]) -> str:
    """What a `likelihood` that is not a term of `scale` probably means, as the end of its
    message; nothing for a word on no scale (`possible`): a guess by spelling would
    put a likelihood in the analyst's mouth."""
    for other in others:
        term = other.term(word)
        if term is not None:
            nearest = _Lexicon(scale, []).nearest(term)
            return (f" but of the {other.name} ({term.range}); did you mean "
                    f"'{nearest.term}' ({nearest.range})?")
    if " ".join(word.lower().split()) in unscaled_words():
        return ""
    # Strict: `possible` is not `probable`, nor `probably not` `probably`.
    spelt = nearest_choice(word, [w for term in scale.terms for w in term.words], 0.85)
    meant = scale.term(spelt) if spelt is not None else None
    return "" if meant is None else f"; did you mean '{meant.term}'?"


class _Lexicon:
    """The probability words an analyst may use, and those they should not."""

    def __init__(self, scale: Scale, others: list[Scale]) -> None:
        self.scale = scale
        self.own = {word: term for term in scale.terms for word in term.words}
        self.foreign: dict[str, tuple[Scale, Term]] = {}
        for other in others:
            for term in other.terms:
                for word in term.words:
                    if word not in self.own:
                        self.foreign.setdefault(word, (other, term))
        self.unscaled = [w for w in unscaled_words() if w not in self.own]

    @cached_property
    def words(self) -> list[str]:
        return [*self.own, *self.foreign, *self.unscaled]

    def nearest(self, term: Term) -> Term:
        """The term of this scale whose range is nearest to `term`'s."""
        middle = (term.low + term.high) / 2
        return min(self.scale.terms, key=lambda t: abs((t.low + t.high) / 2 - middle))


def estimative_warnings(spec: BriefingSpec, scale: Scale,
                        others: list[Scale]) -> list[BriefWarning]:
    """Probability words of the analyst's text that are on no scale or on another scale,
    and key judgments whose text says another likelihood than their `likelihood`."""
    lexicon = _Lexicon(scale, others)
    locator = _Locator(spec)
    found = []
    for path, text in _analyst_texts(spec):
        for word in find_words(text, lexicon.words):
            where = locator.where(path, text[word.start:word.end])
            if word.word in lexicon.foreign:
                other, foreign_term = lexicon.foreign[word.word]
                nearest = lexicon.nearest(foreign_term)
                found.append(BriefWarning(
                    f"'{word.word}' is a term of the {other.name}, not of the {scale.name} "
                    f"scale this memo uses", where,
                    hint=f"say '{nearest.term}' ({nearest.range}), or set `likelihood_scale: "
                    f"{other.id}`"))
            elif word.word not in lexicon.own:
                found.append(BriefWarning(
                    f"'{word.word}' says no likelihood: it is on no likelihood scale", where,
                    hint=f"say how likely with a term of the {scale.name} scale: "
                    f"{scale.term_names}"))
    for number, judgment in enumerate(spec.key_judgments, start=1):
        term = scale.term(judgment.likelihood)
        if term is None:
            continue  # reported by likelihood_errors
        for word in find_words(judgment.text, lexicon.words):
            said = lexicon.own.get(word.word)
            if said is not None and said != term:
                found.append(BriefWarning(
                    f"key judgment {number} says '{word.word}' ({said.term}, {said.range}), "
                    f"but its likelihood is '{term.term}' ({term.range})",
                    locator.where((*judgment.key_path, "text"),
                                  judgment.text[word.start:word.end]),
                    hint="make the text and `likelihood` agree"))
    return found


def language_warnings(spec: BriefingSpec) -> list[BriefWarning]:
    """A `language` brief cannot write dates in."""
    if spec.intact(("language",)) and not language_known(spec.language):
        return [BriefWarning(
            f"brief does not know the language '{spec.language}': dates are written in "
            "English", spec.where(("language",)),
            hint="give a BCP 47 language tag, such as `en`, `en-GB`, `fr` or `de`")]
    return []


def _analyst_texts(spec: BriefingSpec) -> Iterator[tuple[KeyPath, str]]:
    """Every text of the spec in the analyst's own words, with its key path."""
    yield ("bluf",), spec.bluf
    for judgment in spec.key_judgments:
        yield (*judgment.key_path, "text"), judgment.text
    for section in spec.sections:
        if section.text:
            yield (*section.key_path, "text"), section.text
        for point in section.points:
            for name in ("text", "levers", "implication"):
                if getattr(point, name):
                    yield (*point.key_path, name), getattr(point, name)
            for name in ("pros", "cons"):
                for index, item in enumerate(getattr(point, name)):
                    yield (*point.key_path, name, index), item


class _Locator:
    """Finds the line and column of a word inside a key's value in the spec file, so a
    warning points at the word itself, even in a folded block of text."""

    def __init__(self, spec: BriefingSpec) -> None:
        self.spec = spec
        self.lines = spec.document.text.splitlines() if spec.document else []

    def where(self, path: KeyPath, word: str) -> Where:
        start = self.spec.where(path)
        if start.line is None:
            return start
        first_word = word.split()[0]
        for pattern in (r"\s+".join(map(re.escape, word.split())), re.escape(first_word)):
            regex = re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE)
            for offset, line in enumerate(self.lines[start.line - 1:start.line + 199]):
                from_column = (start.column or 1) - 1 if offset == 0 else 0
                match = regex.search(line, from_column)
                if match:
                    return Where(start.file, start.line + offset, match.start() + 1,
                                 format_key_path(path))
        return start

