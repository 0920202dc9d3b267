"""Stage 3: resolve every passage of a spec to exactly one place in its source.

A quote must occur exactly once (after `prefix`/`suffix` narrow it down); a
paragraph number must exist. A quote that is not found is never re-anchored to a
look-alike: the closest passage is only offered in the error message.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from .errors import BriefError, BriefErrors, PassageError, Where, display_path
from .sources import Source
from .spec import BriefingSpec, PassageSpec
from .textmatch import (
    NormalisedText,
    closest_passage,
    find_all,
    has_context,
    normal_form,
    normalise,
    word_diff,
)
from .yamlfile import KeyPath


@dataclass(frozen=True)
class ResolvedPassage:
    """A verified passage: the text exactly as it stands in the source, and where."""

    source_id: str
    first_paragraph: int
    last_paragraph: int
    texts: tuple[str, ...]  # one per paragraph; a quote is part of one paragraph
    is_quote: bool  # a quoted part of a paragraph, rather than whole paragraphs
    start: int | None = None  # offsets of a quote within its paragraph's text
    end: int | None = None


class SourceIndex:
    """A source's paragraphs in normal form, joined for fast searching."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.normalised: list[NormalisedText] = [normalise(p.text) for p in source.paragraphs]
        self.starts: list[int] = []
        offset = 0
        for paragraph in self.normalised:
            self.starts.append(offset)
            offset += len(paragraph.text) + 1
        # Paragraph normal forms never contain "\n", so no quote can match across two.
        self.text = "\n".join(p.text for p in self.normalised)

    def find(self, quote: str, prefix: str | None, suffix: str | None
             ) -> tuple[list[tuple[int, int, int]], list[int]]:
        """Return matches as (paragraph number, start, end) in the original paragraph
        text, and the paragraph numbers where the quote occurs without the context."""
        needle = normal_form(quote)
        matches: list[tuple[int, int, int]] = []
        without_context: list[int] = []
        for start in find_all(self.text, needle):
            index = bisect.bisect_right(self.starts, start) - 1
            local = start - self.starts[index]
            paragraph = self.normalised[index]
            if not has_context(paragraph.text, local, local + len(needle), prefix, suffix):
                without_context.append(index + 1)
                continue
            orig_start, orig_end = paragraph.original_span(local, local + len(needle))
            matches.append((index + 1, orig_start, orig_end))
        return matches, without_context


class Resolver:
    """Resolves the passages of one spec against its loaded sources."""

    def __init__(self, spec: BriefingSpec, sources: Mapping[str, Source]) -> None:
        self.spec = spec
        self.sources = sources

    @cached_property
    def _indexes(self) -> dict[str, SourceIndex]:
        return {source_id: SourceIndex(source) for source_id, source in self.sources.items()}

    def resolve_all(self) -> dict[KeyPath, ResolvedPassage]:
        """Resolve every passage whose source loaded; raise `BriefErrors` for the rest."""
        resolved: dict[KeyPath, ResolvedPassage] = {}
        errors: list[BriefError] = []
        for passage in self.spec.passages():
            if passage.source not in self.sources:
                continue  # its source failed to load, and that was reported
            try:
                resolved[passage.key_path] = self.resolve(passage)
            except PassageError as error:
                errors.append(error)
        if errors:
            raise BriefErrors(errors)
        return resolved

    def resolve(self, passage: PassageSpec) -> ResolvedPassage:
        if passage.quote is not None:
            return self._resolve_quote(passage, passage.quote)
        first, last = passage.paragraph_range or (0, 0)
        source = self.sources[passage.source]
        count = len(source.paragraphs)
        if last > count:
            selector = "paragraph" if passage.paragraph is not None else "paragraphs"
            raise PassageError(
                f"source '{passage.source}' has {count} paragraphs; there is no paragraph "
                f"{last}",
                self.spec.where((*passage.key_path, selector)),
                hint=f"run `brief sources {display_path(source.path)}` to see the "
                "numbered paragraphs")
        texts = tuple(source.paragraph(n).text for n in range(first, last + 1))
        return ResolvedPassage(passage.source, first, last, texts, is_quote=False)

    def _resolve_quote(self, passage: PassageSpec, quote: str) -> ResolvedPassage:
        index = self._indexes[passage.source]
        matches, without_context = index.find(quote, passage.prefix, passage.suffix)
        where = self.spec.where((*passage.key_path, "quote"))
        name = f"source '{passage.source}' ({index.source.path.name})"
        if len(matches) == 1:
            number, start, end = matches[0]
            text = index.source.paragraph(number).text
            return ResolvedPassage(passage.source, number, number, (text[start:end],),
                                   is_quote=True, start=start, end=end)
        if matches:
            places = _places([m[0] for m in matches])
            raise PassageError(
                f"quote occurs {len(matches)} times in {name}: {places}", where,
                details=[f"quote: {_shorten(quote)}"],
                hint="add `prefix:` or `suffix:` with the words just before or after the "
                "place you mean, or quote a longer passage")
        if without_context:
            places = _places(without_context)
            raise PassageError(
                f"quote is in {name} at {places}, but not with the given prefix/suffix",
                where,
                hint="prefix and suffix must be the words immediately before and after "
                "the quote, exactly as in the source")
        raise self._not_found(passage, quote, index, name, where)

    def _not_found(self, passage: PassageSpec, quote: str, index: SourceIndex, name: str,
                   where: Where) -> PassageError:
        details = [f"quote:   {_shorten(quote)}"]
        hint = ("copy the words exactly as the source has them (only spacing, quote marks, "
                "dashes and ellipses may differ), or cite whole paragraphs with `paragraph:`")
        near = closest_passage(normal_form(quote), index.normalised)
        if near is not None:
            number = near.index + 1
            details.append(f"closest: ¶{number}, {near.similarity:.0f}% similar: "
                           f"{_shorten(near.text)}")
            details.append(f"diff:    {word_diff(quote, near.text)}")
        for other_id, other in self._indexes.items():
            if other_id == passage.source:
                continue
            found, _ = other.find(quote, passage.prefix, passage.suffix)
            if found:
                hint = (f"the quote is in source '{other_id}' at ¶{found[0][0]}: did you "
                        f"mean `source: {other_id}`?")
                break
        return PassageError(f"quote not found in {name}", where, details=details, hint=hint)


def _places(numbers: list[int], limit: int = 8) -> str:
    """List paragraph numbers once each: `¶1 (twice), ¶4, ¶9`."""
    counts: dict[int, int] = {}
    for number in numbers:
        counts[number] = counts.get(number, 0) + 1
    shown = [f"¶{n}" + (f" ({c} times)" if c > 1 else "") for n, c in counts.items()]
    more = f" and {len(shown) - limit} more paragraphs" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _shorten(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return f"\"{flat if len(flat) <= limit else flat[:limit - 3] + '...'}\""


def resolve_passages(spec: BriefingSpec, sources: Mapping[str, Source]
                     ) -> dict[KeyPath, ResolvedPassage]:
    """Resolve every passage of `spec`; raise `BriefErrors` listing every failure."""
    return Resolver(spec, sources).resolve_all()
