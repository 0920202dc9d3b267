"""Stage 3: resolve every passage of a spec to exactly one place in its source.

A quote must occur exactly once (after `prefix`/`suffix` narrow it down); a
paragraph number must exist. A quote that is not found is never re-anchored to a
look-alike: the closest passage is only offered in the error message.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .errors import (
    BriefError,
    BriefErrors,
    BriefWarning,
    PassageError,
    Where,
    display_path,
    plural,
)
from .sources import Source
from .sources.base import FORMAT_NAMES
from .sources.matching import (
    CJK,
    NormalisedText,
    closest_passage,
    find_all,
    has_context,
    is_word,
    normal_form,
    normalise,
    word_diff,
)
from .spec import BriefingSpec, PassageSpec
from .templates import Template
from .yamlfile import KeyPath


@dataclass(frozen=True)
class ResolvedPassage:
    """A verified passage: the text exactly as it stands in the source, and where."""

    source_id: str
    first_paragraph: int
    last_paragraph: int
    texts: tuple[str, ...]  # one per paragraph; a quote's gaps are shown as " … "
    is_quote: bool  # a quoted part of the source, rather than whole paragraphs
    start: int | None = None  # offset of the quote in the first paragraph's text
    end: int | None = None  # offset of its end in the last paragraph's text
    spans: tuple[tuple[int, int], ...] = ()  # each part of a quote with gaps
    #: "page": found in the whole web page, outside its article (`scope: page`); the
    #: paragraph numbers are then those of `Source.page_view()`
    scope: str | None = None


@dataclass(frozen=True)
class Match:
    """Where a quote (all its parts, in one paragraph) stands in a source."""

    paragraph: int  # its number
    spans: tuple[tuple[int, int], ...]  # offsets of each part in the paragraph's text
    position: tuple[int, int]  # start and end in the index's text, to order matches


def quote_parts(quote: str, *, join_hyphens: bool = True) -> list[str]:
    """The parts of a quote between ellipses, in normal form: `A … B` gives [A, B]."""
    return [part.strip() for part in normal_form(quote, join_hyphens=join_hyphens).split("...")
            if part.strip()]


_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
# Joins paragraphs for searching: normalising never touches it, and no quote holds it.
_SEPARATOR = "\x00"
# Words for the index: a Chinese, Japanese or Korean character is a word of its own.
_WORD = re.compile(f"[{CJK}]|[^\\W{CJK}]+")
# The same words in a text that is all ASCII (the normal form of most English sources:
# its quotes and dashes are ASCII), found in half the time.
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")


class SourceIndex:
    """A source's paragraphs in normal form, joined for fast searching.

    The whole source is normalised in one call (per-paragraph calls cost five times
    as much), and each word is mapped to the paragraphs that hold it. A look-up then
    searches only the paragraphs holding the quote's rarest word: every word of a
    quote is a whole word wherever it matches, since matches must start and end on
    word boundaries. So indexing grows with the size of the sources, and a look-up
    with the number of paragraphs that share its rarest word, not with the sources.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        # A web page's text has no line ends to break a word at: `Arbeiter- und` stays.
        self.join_hyphens = source.format != "html"
        texts = [p.text.replace(_SEPARATOR, "") for p in source.paragraphs]
        self.whole = normalise(_SEPARATOR.join(texts), join_hyphens=self.join_hyphens)
        self.text = self.whole.text
        self.starts: list[int] = []  # of each paragraph in `text`
        self.original_starts: list[int] = []  # ... and in the joined original
        normal_offset = original_offset = 0
        for original, normal in zip(texts, self.text.split(_SEPARATOR), strict=True):
            self.starts.append(normal_offset)
            self.original_starts.append(original_offset)
            normal_offset += len(normal) + 1
            original_offset += len(original) + 1

    def paragraph_text(self, index: int) -> str:
        """The normal form of paragraph `index` (0-based)."""
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end]

    @cached_property
    def paragraphs_by_word(self) -> dict[str, list[int]]:
        """Each word of the source, and the (0-based) paragraphs it stands in."""
        index: defaultdict[str, list[int]] = defaultdict(list)
        words = _ASCII_WORD.findall if self.text.isascii() else _WORD.findall
        for number, text in enumerate(self.text.split(_SEPARATOR)):
            for word in set(words(text)):
                index[word].append(number)
        return dict(index)

    def candidates(self, parts: list[str]) -> list[int] | None:
        """The paragraphs that may hold all `parts`, or None to search them all."""
        words = {word for part in parts for word in _WORD.findall(part)}
        if not words:
            return None
        postings = [self.paragraphs_by_word.get(word, []) for word in words]
        return min(postings, key=len)

    @cached_property
    def normalised(self) -> list[NormalisedText]:
        """Each paragraph in normal form, with its own map: for near-miss suggestions."""
        return [normalise(p.text, join_hyphens=self.join_hyphens)
                for p in self.source.paragraphs]

    def find(self, parts: list[str], prefix: str | None = None, suffix: str | None = None
             ) -> tuple[list[Match], list[int]]:
        """Return where `parts` occur in order within one paragraph, and the numbers of
        paragraphs where they occur but without the given prefix or suffix."""
        matches: list[Match] = []
        without_context: list[int] = []
        first, rest = parts[0], parts[1:]
        for start in self._starts_of(first, self.candidates(parts)):
            index = bisect.bisect_right(self.starts, start) - 1
            paragraph = self.paragraph_text(index)
            offset = self.starts[index]
            local = start - offset
            spans = [(local, local + len(first))]
            for part in rest:
                later = [s for s in find_all(paragraph, part) if s >= spans[-1][1]]
                if not later:
                    break
                spans.append((later[0], later[0] + len(part)))
            if len(spans) < len(parts):
                continue
            if not has_context(paragraph, spans[0][0], spans[-1][1], prefix, suffix):
                without_context.append(index + 1)
                continue
            base = self.original_starts[index]
            original = tuple(
                (a - base, b - base)
                for a, b in (self.whole.original_span(offset + s, offset + e) for s, e in spans))
            matches.append(Match(index + 1, original,
                                 (offset + spans[0][0], offset + spans[-1][1])))
        return matches, without_context


    def inside_words(self, part: str) -> tuple[int, str] | None:
        """The first paragraph holding `part` only inside longer words (a quote copied
        with a word cut short), and those words; None if no paragraph holds it."""
        start = self.text.find(part)
        if start == -1 or _SEPARATOR in part:
            return None
        index = bisect.bisect_right(self.starts, start) - 1
        paragraph = self.paragraph_text(index)
        first = start - self.starts[index]
        last = first + len(part)
        while first > 0 and is_word(paragraph[first - 1]):
            first -= 1
        while last < len(paragraph) and is_word(paragraph[last]):
            last += 1
        return index + 1, paragraph[first:last]

    def _starts_of(self, needle: str, paragraphs: list[int] | None) -> list[int]:
        """Where `needle` starts in `text`, searching only `paragraphs` if given."""
        if paragraphs is None:
            return find_all(self.text, needle)
        return [self.starts[index] + local for index in paragraphs
                for local in find_all(self.paragraph_text(index), needle)]


class Resolver:
    """Resolves passages against loaded sources; `where` places a key path for errors."""

    def __init__(self, sources: Mapping[str, Source],
                 where: Callable[[KeyPath], Where]) -> None:
        self.sources = sources
        self.where = where

    @cached_property
    def _indexes(self) -> dict[str, SourceIndex]:
        return {source_id: SourceIndex(source) for source_id, source in self.sources.items()}

    def prepare(self) -> None:
        """Index the sources now (it is otherwise done on the first look-up)."""
        for index in self._indexes.values():
            _ = index.paragraphs_by_word

    def resolve_all(self, passages: Iterable[PassageSpec]) -> dict[KeyPath, ResolvedPassage]:
        """Resolve every passage whose source loaded; raise `BriefErrors` for the rest."""
        resolved: dict[KeyPath, ResolvedPassage] = {}
        errors: list[BriefError] = []
        for passage in passages:
            if passage.source not in self.sources:
                continue  # its source failed to load, and that was reported
            try:
                resolved[passage.key_path] = self.resolve(passage)
            except PassageError as error:
                errors.append(error)
        if errors:
            raise BriefErrors(errors)
        return resolved

    @cached_property
    def _whole_pages(self) -> Resolver:
        """A resolver over the whole text of each web page, for `scope: page`."""
        return Resolver({source_id: source.page_view() for source_id, source in
                         self.sources.items() if source.page_paragraphs}, self.where)

    def resolve(self, passage: PassageSpec) -> ResolvedPassage:
        if passage.scope == "page":
            source = self.sources[passage.source]
            if not source.page_paragraphs:
                raise PassageError(
                    f"`scope: page` is for web pages; source '{passage.source}' "
                    f"({source.path.name}) is a {FORMAT_NAMES[source.format]}",
                    self.where((*passage.key_path, "scope")),
                    hint="remove `scope: page`: every quote of this source is looked for in "
                    "all of its text")
            found = self._whole_pages.resolve(dataclasses.replace(passage, scope=None))
            return dataclasses.replace(found, scope="page")
        if passage.quote is not None:
            return self._resolve_quote(passage)
        if passage.from_ is not None and passage.to is not None:
            return self._resolve_range(passage, passage.from_, passage.to)
        first, last = passage.paragraph_range or (0, 0)
        source = self.sources[passage.source]
        count = len(source.paragraphs)
        if last > count:
            selector = "paragraph" if passage.paragraph is not None else "paragraphs"
            raise PassageError(
                f"source '{passage.source}' has {plural(count, 'paragraph')}; there is no "
                f"paragraph {last}",
                self.where((*passage.key_path, selector)),
                hint=f"run `brief sources {display_path(source.path)}` to see the "
                "numbered paragraphs")
        texts = tuple(source.paragraph(n).text for n in range(first, last + 1))
        return ResolvedPassage(passage.source, first, last, texts, is_quote=False)

    def _resolve_quote(self, passage: PassageSpec) -> ResolvedPassage:
        assert passage.quote is not None
        match = self._find_one(passage, "quote", passage.quote, passage.prefix, passage.suffix)
        text = self.sources[passage.source].paragraph(match.paragraph).text
        shown = " … ".join(text[a:b] for a, b in match.spans)
        return ResolvedPassage(passage.source, match.paragraph, match.paragraph, (shown,),
                               is_quote=True, start=match.spans[0][0],
                               end=match.spans[-1][1], spans=match.spans)

    def _resolve_range(self, passage: PassageSpec, start_quote: str, end_quote: str
                       ) -> ResolvedPassage:
        """Everything from the one place of `from` to the first `to` after it."""
        begin = self._find_one(passage, "from", start_quote, None, None)
        index = self._indexes[passage.source]
        parts = quote_parts(end_quote, join_hyphens=index.join_hyphens)
        if not parts:
            raise PassageError("'to' is empty", self.where((*passage.key_path, "to")))
        ends = [m for m in index.find(parts)[0] if m.position[0] >= begin.position[1]]
        if not ends:
            raise PassageError(
                f"'to' does not occur after 'from' in source '{passage.source}' "
                f"({index.source.path.name}); 'from' is at ¶{begin.paragraph}",
                self.where((*passage.key_path, "to")),
                details=[f"to: {_shorten(end_quote)}"],
                hint="`to` must quote words that come after the `from` quote in the source")
        end = ends[0]
        source = self.sources[passage.source]
        start, stop = begin.spans[0][0], end.spans[-1][1]
        if begin.paragraph == end.paragraph:
            texts: tuple[str, ...] = (source.paragraph(begin.paragraph).text[start:stop],)
        else:
            texts = (source.paragraph(begin.paragraph).text[start:],
                     *(source.paragraph(n).text
                       for n in range(begin.paragraph + 1, end.paragraph)),
                     source.paragraph(end.paragraph).text[:stop])
        return ResolvedPassage(passage.source, begin.paragraph, end.paragraph, texts,
                               is_quote=True, start=start, end=stop)

    def _find_one(self, passage: PassageSpec, key: str, quote: str, prefix: str | None,
                  suffix: str | None) -> Match:
        """The one place `quote` stands in the passage's source, or a `PassageError`."""
        index = self._indexes[passage.source]
        where = self.where((*passage.key_path, key))
        name = f"source '{passage.source}' ({index.source.path.name})"
        parts = quote_parts(quote, join_hyphens=index.join_hyphens)
        if not parts:
            raise PassageError(f"'{key}' holds no words, only an ellipsis", where)
        matches, without_context = index.find(parts, prefix, suffix)
        if not matches and not without_context:
            # a compound hyphenated at a PDF's line end reads `selfpublishing` once joined
            joined = [_INNER_HYPHEN.sub("", part) for part in parts]
            if joined != parts:
                matches, without_context = index.find(joined, prefix, suffix)
        if len(matches) == 1:
            return matches[0]
        what = "quote" if key == "quote" else f"'{key}' quote"
        if matches:
            places = _places([m.paragraph for m in matches])
            context = "`prefix:` or `suffix:`" if key == "quote" else "more words"
            raise PassageError(
                f"{what} occurs {len(matches)} times in {name}: {places}", where,
                details=[f"{key}: {_shorten(quote)}"],
                hint=f"add {context} with the words just before or after the "
                "place you mean, or quote a longer passage")
        if without_context:
            places = _places(without_context)
            raise PassageError(
                f"quote is in {name} at {places}, but not with the given prefix/suffix",
                where,
                hint="prefix and suffix must be the words immediately before and after "
                "the quote, exactly as in the source")
        raise self._not_found(passage, quote, parts, index, name, where, what)

    def _not_found(self, passage: PassageSpec, quote: str, parts: list[str],
                   index: SourceIndex, name: str, where: Where, what: str) -> PassageError:
        details = [f"{what}:{' ' * max(1, 8 - len(what))}{_shorten(quote)}"]
        hint = ("copy the words exactly as the source has them (only spacing, quote marks, "
                "dashes and ellipses may differ), or cite whole paragraphs with `paragraph:`")
        if len(parts) > 1:
            hint = ("each part between ellipses must be copied exactly, and all parts must "
                    "stand in this order in one paragraph")
        source = index.source
        if source.page_paragraphs:
            whole = self._whole_pages._indexes[passage.source]
            if whole.find(parts, passage.prefix, passage.suffix)[0]:
                return PassageError(
                    f"{what} is on the web page {source.path.name}, but outside the article "
                    f"text that brief reads from it (source '{passage.source}')", where,
                    details=details,
                    hint="brief leaves out what is not the article (captions, sidebars, "
                    "menus, comments); to quote it all the same, add `scope: page` to the "
                    "passage: it is cited as the web page, without a paragraph number")
        inside = index.inside_words(parts[0]) if len(parts) == 1 else None
        if inside is not None:
            number, words = inside
            return PassageError(
                f"{what} begins or ends inside a word in {name}: ¶{number} has it only "
                f"within {_shorten(words)}", where, details=details,
                hint="quote whole words, as the source has them")
        near = closest_passage(" ".join(parts), index.normalised)
        if near is not None:
            number = near.index + 1
            paragraph = index.source.paragraph(number)
            page = f" ({paragraph.label})" if paragraph.page is not None else ""
            details.append(f"closest: ¶{number}{page}, {near.similarity:.0f}% similar: "
                           f"{_shorten(near.text)}")
            details.append(f"diff:    {word_diff(' '.join(parts), near.text)}")
        for other_id, other in self._indexes.items():
            if other_id == passage.source:
                continue
            found, _ = other.find(parts, passage.prefix, passage.suffix)
            if found:
                hint = (f"the quote is in source '{other_id}' at ¶{found[0].paragraph}: did "
                        f"you mean `source: {other_id}`?")
                break
        return PassageError(f"{what} not found in {name}", where, details=details, hint=hint)


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
    """Resolve every passage of `spec` that was read intact; raise `BriefErrors` listing
    every failure."""
    return Resolver(sources, spec.where).resolve_all(
        p for p in spec.passages() if spec.intact(p.key_path))


_ROLES = {"heading": "a heading", "boilerplate": "boilerplate"}


def passage_warnings(spec: BriefingSpec, sources: Mapping[str, Source],
                     resolved: Mapping[KeyPath, ResolvedPassage], template: Template
                     ) -> list[BriefWarning]:
    """Passages a reader would stumble on: a range of paragraphs (`paragraph`,
    `paragraphs`, `from`/`to`) that takes in a heading or boilerplate, and a quotation
    longer than the template's `max_quote_words` (where the template shows passages)."""
    found: list[BriefWarning] = []
    shows_quotes = template.passages == "quoted"
    for passage in spec.passages():
        done = resolved.get(passage.key_path)
        if done is None:
            continue
        source = sources[done.source_id]
        selector = next(k for k, v in (("paragraph", passage.paragraph),
                                       ("paragraphs", passage.paragraphs),
                                       ("from", passage.from_), ("quote", passage.quote))
                        if v is not None)
        where = spec.where((*passage.key_path, selector))
        if selector != "quote":
            odd = [source.paragraph(n) for n in range(done.first_paragraph,
                                                     done.last_paragraph + 1)
                   if source.paragraph(n).role in _ROLES]
            if odd:
                shown = "; ".join(f"{p.label}, {_ROLES[p.role]} ({_shorten(p.text, 50)})"
                                  for p in odd)
                span = location(source, done.first_paragraph, done.last_paragraph)
                found.append(BriefWarning(
                    f"the passage ({span} of source '{done.source_id}') takes in {shown}",
                    where, hint="quote the paragraphs on either side of it separately, or "
                    "narrow the range"))
        words = sum(len(text.split()) for text in done.texts)
        if shows_quotes and words > template.max_quote_words:
            found.append(BriefWarning(
                f"the passage is {words} words long: a principal will not read a quotation "
                f"of more than {template.max_quote_words}", where,
                hint="quote the sentence that carries the point (`...` leaves words out), "
                f"or change `max_quote_words` in template '{template.name}'"))
    return found


def location(source: Source, first: int, last: int, scope: str | None = None) -> str:
    """Where paragraphs `first` to `last` stand: `¶9`, `¶9–10`, `p. 3, ¶2`, `p. 3, ¶2–3`;
    `web page` for a quote from outside a web page's article (`scope: page`)."""
    if scope == "page":
        return "web page"
    start, end = source.paragraph(first), source.paragraph(last)
    if first == last:
        return start.label
    if start.page is None:
        return f"¶{first}–{last}"
    if start.page == end.page:
        return f"{start.label}–{end.page_paragraph}"
    return f"{start.label} – {end.label}"
