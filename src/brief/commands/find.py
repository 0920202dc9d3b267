"""Find the passages of sources that match some words, and the selector that quotes them.

Paragraphs are ranked by BM25 (the ranking of search engines: rare words count more,
long paragraphs are not favoured for their length) over their words in normal form
(typography forgiven as in quote matching, case folded, words stemmed in the memo's
language), then the best sentence of each paragraph is picked the same way. Every
selector offered is resolved before it is shown, so it verifies when pasted into a spec.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import BriefError, PassageError, Where, display_path
from ..files import project_root
from ..passages import Resolver, location
from ..sources import Source
from ..sources.bylines import back_matter
from ..sources.checks import SPINNER
from ..sources.matching import normal_form
from ..spec import PassageSpec, read_spec
from ..templates import Template, find_template
from .sources import sources_of

_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? or … (and any closing quotes or brackets) before a space and a
# capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Þ])")
# Where a long sentence may be cut: after a comma, semicolon, colon or dash.
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–]\s)")
# A run of words that ends where a sentence or clause does.
_BOUNDARY_END = re.compile(r"[.!?…,;:\"'”’)\]]$")
_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"'}
_STEMMERS = {"da": "danish", "de": "german", "en": "english", "es": "spanish",
             "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian",
             "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pt": "portuguese",
             "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish"}
K1, B = 1.5, 0.75


@dataclass(frozen=True)
class Hit:
    """A paragraph that matches, its best sentence, and a selector that quotes it."""

    source: Source
    paragraph: int
    score: float
    sentence: str
    selector: dict[str, Any]


@dataclass(frozen=True)
class Found:
    """What `brief find` found: the hits, best first, and (where they are fewer than
    asked for) how many paragraphs hold any of the words."""

    hits: list[Hit]
    paragraphs: int


@cache
def _stemmer(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(_STEMMERS.get(language.split("-")[0].lower(), "english"))


def terms(text: str, language: str = "en") -> list[str]:
    """The search terms of a text: its words in normal form, case folded and stemmed."""
    return [_stem(language, word) for word in _WORD.findall(normal_form(text).casefold())]


@lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    """A word stemmed, once (a long source has some 60,000 words, a few thousand of them
    different; Snowball in pure Python takes about 0.1 ms a word)."""
    return str(_stemmer(language).stemWord(word))


# English names of peoples and their languages, and of the places they come from, as the
# stemmer leaves them: `crimean` and `crimea`, `ukrainian` and `ukrain`, `european` and
# `europ`, `chines` and `china`, `japanes` and `japan`, `iraqi` and `iraq`, `germani` and
# `german`. The ending, and what takes its place.
_DEMONYM_ENDINGS = (("n", ""), ("an", ""), ("ian", ""), ("ean", ""), ("es", ""),
                    ("es", "a"), ("i", ""))


def place_names(vocabulary: set[str], language: str) -> dict[str, str]:
    """In English, each term of `vocabulary` that is a people's or place's name with an
    ending (`crimean`), mapped to the term without it that is also in `vocabulary`
    (`crimea`), so that either finds the other."""
    if not language.lower().startswith("en"):
        return {}
    found = {}
    for term in vocabulary:
        for ending, instead in _DEMONYM_ENDINGS:
            base = term[:-len(ending)] + instead
            if term.endswith(ending) and len(base) >= 4 and base != term and base in vocabulary:
                found[term] = base
                break
    return found


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (a short one is kept with the next)."""
    pieces = [p for p in _SENTENCE_END.split(text) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1].split()) < 4:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return [s.strip() for s in merged] or [text.strip()]


class _Bm25:
    """BM25 scores of a query against a collection of documents' terms."""

    def __init__(self, documents: list[list[str]]) -> None:
        self.lengths = [len(d) for d in documents]
        self.average = sum(self.lengths) / len(documents) if documents else 0.0
        self.frequencies = [Counter(d) for d in documents]
        having = Counter(term for d in documents for term in set(d))
        count = len(documents)
        self.idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in having.items()}

    def matched(self, query: list[str], document: list[str]) -> tuple[float, float]:
        """How much of the query a piece of a document holds, whatever its length: the
        weights of the terms it has, and of every time it has them."""
        counts = Counter(document)
        held = [term for term in set(query) if counts[term]]
        return (sum(self.idf.get(t, 0.0) for t in held),
                sum(self.idf.get(t, 0.0) * counts[t] for t in held))

    def score(self, query: list[str], document: list[str]) -> float:
        counts, length = Counter(document), len(document)
        total = 0.0
        for term in set(query):
            tf = counts.get(term, 0)
            if tf:
                norm = 1 - B + B * length / (self.average or 1)
                total += self.idf.get(term, 0.0) * tf * (K1 + 1) / (tf + K1 * norm)
        return total


def search(sources: Sequence[Source], words: str, *, language: str = "en",
           limit: int = 5, max_words: int = 80) -> list[Hit]:
    """The paragraphs of `sources` that best match `words`, best first, each with its best
    sentence (or run of sentences, or clause of a long one) of at most `max_words` words
    and a selector (with a `prefix` or `suffix` where those words alone would be
    ambiguous, or the whole paragraph where it is short enough and nothing less can be
    quoted alone). Headings, boilerplate and the notes on the authors after the text are
    not searched."""
    query = terms(words, language)
    if not query:
        return []
    paragraphs = [(source, paragraph) for source in sources
                  for back in (back_matter(source.paragraphs),)
                  for paragraph in source.paragraphs
                  if paragraph.role == "text" and paragraph.number not in back]
    documents = [terms(p.text, language) for _, p in paragraphs]
    names = place_names({t for d in (query, *documents) for t in d}, language)
    query = [names.get(t, t) for t in query]
    documents = [[names.get(t, t) for t in d] for d in documents]
    ranking = _Bm25(documents)
    scored = sorted(((ranking.score(query, d), i) for i, d in enumerate(documents)),
                    key=lambda pair: (-pair[0], pair[1]))
    resolver = Resolver({s.id: s for s in sources}, lambda _: Where())
    hits: list[Hit] = []
    for score, index in scored:
        if score <= 0 or len(hits) == limit:
            break
        source, paragraph = paragraphs[index]
        for piece in best_pieces(paragraph.text, max_words,
                                 _scorer(paragraph.text, query, names, ranking, language)):
            found = selector(resolver, source, paragraph.number, piece, max_words)
            if found is not None:
                hits.append(Hit(source, paragraph.number, score, piece, found))
                break
        else:  # nothing less can be quoted alone: the whole paragraph, if short enough
            if len(paragraph.text.split()) <= max_words and not SPINNER.search(paragraph.text):
                hits.append(Hit(source, paragraph.number, score, paragraph.text,
                                {"source": source.id, "paragraph": paragraph.number}))
    return hits


def matching(sources: Sequence[Source], words: str, language: str = "en") -> int:
    """How many paragraphs of `sources` that `search` searches hold any of `words`."""
    query = set(terms(words, language))
    count = 0
    for source in sources:
        back = back_matter(source.paragraphs)
        for paragraph in source.paragraphs:
            if paragraph.role == "text" and paragraph.number not in back:
                found = set(terms(paragraph.text, language))
                names = place_names(found | query, language)
                count += bool({names.get(t, t) for t in found}
                              & {names.get(t, t) for t in query})
    return count


def _scorer(text: str, query: list[str], names: dict[str, str], ranking: _Bm25,
            language: str) -> Callable[[str], tuple[float, float]]:
    """How much of the query a piece of the paragraph `text` holds (`_Bm25.matched`); a
    piece with none of the paragraph's words that match is not stemmed at all (a long
    paragraph has thousands of pieces)."""
    words = _WORD.findall(normal_form(text).casefold())
    wanted = set(query)
    matching = {w for w, t in zip(words, terms(text, language), strict=False)
                if names.get(t, t) in wanted}

    def score(piece: str) -> tuple[float, float]:
        folded = normal_form(piece).casefold()
        if not any(word in folded for word in matching):
            return (0.0, 0.0)
        return ranking.matched(query, [names.get(t, t) for t in terms(piece, language)])

    return score


def best_pieces(text: str, max_words: int,
                score: Callable[[str], tuple[float, float]]) -> list[str]:
    """The pieces of a paragraph that may be quoted, best first: a sentence, a run of up
    to three, or (of a sentence too long) a run of its clauses, of at most `max_words`
    words; one that would begin with a quotation mark it does not close begins after it.
    Best: the one that holds the most of what is searched for (`score`: the weights of
    the terms held, and of every time they occur), then one whose quotation marks are all
    closed, then a sentence before a run of them before a run of clauses, then the one
    that holds the terms more often, the shorter sentence and the longer run of
    clauses."""
    parts = sentences(text)
    pieces = [(" ".join(parts[i:j]), int(j - i > 1)) for i in range(len(parts))
              for j in range(i + 1, min(i + 3, len(parts)) + 1)]
    pieces = [(p, kind) for p, kind in pieces if len(p.split()) <= max_words]
    pieces += [c for part in parts if len(part.split()) > max_words
               for c in clauses(part, max_words)]
    # A spinner's leftover (`{that a}`) is never suggested: the words either side of it
    # may be, as clauses of their own.
    pieces += [c for part in parts if SPINNER.search(part)
               for side in SPINNER.split(part) if side.strip()
               for c in [(side.strip(), 2), *clauses(side.strip(), max_words)]
               if len(c[0].split()) <= max_words]
    pieces = [(trimmed, kind) for p, kind in pieces
              if (trimmed := _open_quote_dropped(p)) and not SPINNER.search(trimmed)]

    def rank(piece: tuple[str, int]) -> tuple[float, bool, int, float, int]:
        words = len(piece[0].split())
        held, often = score(piece[0])
        if piece[1] == 3:  # a run of words: better ending where a clause does
            words = int(not _BOUNDARY_END.search(piece[0]))
        return (-held, not _balanced(piece[0]), piece[1], -often,
                -words if piece[1] == 2 else words)

    # Only a piece that holds what is searched for: a paragraph found for a word is
    # never suggested by words of it that are not that word.
    return [p for p, _ in sorted(dict.fromkeys(pieces), key=rank)
            if p in text and score(p)[0] > 0]


def clauses(sentence: str, max_words: int) -> list[tuple[str, int]]:
    """Runs of a long sentence's clauses (cut after a comma, semicolon, colon or dash) of
    at most `max_words` words (kind 2); of a clause longer still, every run of
    `max_words` of its words (kind 3: so that whichever word is searched for, a run
    around it is there)."""
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    runs: list[tuple[str, int]] = []
    for i in range(len(cuts) - 1):
        for j in range(i + 1, len(cuts)):
            run = sentence[cuts[i]:cuts[j]].strip(" ,;:—–")
            if len(run.split()) > max_words:
                if j == i + 1:  # this clause alone is too long
                    runs += [(r, 3) for r in _word_runs(run, max_words)]
                break
            runs.append((run, 2))
    return [r for r in runs if len(r[0].split()) >= 3]


def _word_runs(clause: str, max_words: int) -> list[str]:
    """Every run of `max_words` words of `clause`, as it is written (its spaces kept), not
    ending in the punctuation that joins it to the next word."""
    words = [m.span() for m in re.finditer(r"\S+", clause)]
    return [clause[words[i][0]:words[i + max_words - 1][1]].rstrip(",;:")
            for i in range(len(words) - max_words + 1)]


def _open_quote_dropped(piece: str) -> str:
    """`piece` without a quotation mark it opens first and never closes."""
    opener = piece[:1]
    closer = _QUOTE_PAIRS.get(opener)
    if closer is None:
        return piece
    unclosed = (piece.count('"') % 2 == 1 if opener == '"'
                else piece.count(opener) > piece.count(closer))
    return piece[1:].lstrip() if unclosed else piece


def _balanced(piece: str) -> bool:
    """Whether every quotation mark and bracket `piece` opens it closes, and the other
    way round."""
    if piece.count('"') % 2:
        return False
    for opener, closer in (*_QUOTE_PAIRS.items(), ("(", ")"), ("[", "]")):
        if opener == '"':
            continue
        depth = 0
        for char in piece:
            depth += (char == opener) - (char == closer)
            if depth < 0:
                return False
        if depth:
            return False
    return True


def selector(resolver: Resolver, source: Source, number: int, quote: str,
             max_words: int = 80) -> dict[str, Any] | None:
    """A passage selector that resolves to `quote` of paragraph `number`: the quote, with
    as many words before it (or else after it) as make it unique; else the whole
    paragraph, if it has no more than `max_words` words; else None."""
    text = source.paragraph(number).text
    at = text.find(quote)
    before = text[:at].split() if at >= 0 else []
    after = text[at + len(quote):].split() if at >= 0 else []
    tries = [("", 0), *(("prefix", n) for n in range(2, len(before) + 1)),
             *(("suffix", n) for n in range(2, len(after) + 1))]
    for side, take in tries:
        context = {}
        if side == "prefix":
            context["prefix"] = " ".join(before[-take:])
        elif side == "suffix":
            context["suffix"] = " ".join(after[:take])
        passage = PassageSpec(source=source.id, quote=quote, prefix=context.get("prefix"),
                              suffix=context.get("suffix"), key_path=("find",))
        try:
            resolved = resolver.resolve(passage)
        except PassageError:  # ambiguous still: try more words around it
            continue
        if resolved.first_paragraph == number:
            return {"source": source.id, "quote": quote, **context}
    if len(text.split()) <= max_words:
        return {"source": source.id, "paragraph": number}
    return None


def find_in(path: Path, root: Path | None, words: str, *, limit: int = 5,
            source_ids: Sequence[str] = (), max_words: int | None = None) -> Found:
    """`brief find`: search the source file `path`, or the sources of the spec `path` (or
    those `source_ids` names), in the memo's language, for quotes of at most `max_words`
    words (default: the template's `max_quote_words`)."""
    sources, language = sources_of(path, root, name_files=True)
    searched = chosen(sources, source_ids, path)
    hits = search(searched, words, language=language, limit=limit,
                  max_words=max_words or quote_limit(path, root))
    return Found(hits, matching(searched, words, language) if len(hits) < limit else 0)


def quote_limit(path: Path, root: Path | None) -> int:
    """The most words a quotation should have: the `max_quote_words` of the template of
    the spec `path` (80 for a source file, or where the template cannot be read)."""
    default = Template.max_quote_words
    if path.suffix.lower() not in (".yaml", ".yml"):
        return default
    try:
        spec, _, _ = read_spec(path, root)
        return find_template(spec.template, spec.folder,
                             project_root(spec.folder, root)).max_quote_words
    except BriefError:  # `brief check` says what is wrong with it
        return default


def chosen(sources: Sequence[Source], ids: Sequence[str], path: Path) -> list[Source]:
    """The sources `ids` names (all where it names none)."""
    known = {source.id: source for source in sources}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise BriefError(
            f"{display_path(path)} has no source '{unknown[0]}'", Where(path),
            hint=f"the sources are: {', '.join(known)}")
    return [known[i] for i in dict.fromkeys(ids)] if ids else list(sources)


def selector_yaml(selector: dict[str, Any]) -> str:
    """A selector as the YAML to paste under a point's `passages:`."""
    return yaml.safe_dump([selector], allow_unicode=True, width=10_000,
                          sort_keys=False).rstrip()


def hit_heading(hit: Hit) -> str:
    """The line that heads a hit: the source, the paragraph, the score and the sentence."""
    shown = location(hit.source, hit.paragraph, hit.paragraph)
    return f"# {hit.source.id} {shown} (score {hit.score:.1f}): {hit.sentence}"
