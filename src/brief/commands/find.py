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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from ..errors import PassageError, Where
from ..passages import Resolver, location
from ..sources import Source
from ..sources.matching import normal_form
from ..spec import PassageSpec

_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? or … (and any closing quotes or brackets) before a space and a
# capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Þ])")
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


@cache
def _stemmer(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(_STEMMERS.get(language.split("-")[0].lower(), "english"))


def terms(text: str, language: str = "en") -> list[str]:
    """The search terms of a text: its words in normal form, case folded and stemmed."""
    words = _WORD.findall(normal_form(text).casefold())
    return list(_stemmer(language).stemWords(words))


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
           limit: int = 5) -> list[Hit]:
    """The paragraphs of `sources` that best match `words`, best first, each with its best
    sentence and a selector (with a `prefix` where the sentence alone would be ambiguous,
    or the whole paragraph where no sentence can be quoted alone)."""
    query = terms(words, language)
    if not query:
        return []
    paragraphs = [(source, paragraph) for source in sources for paragraph in source.paragraphs
                  if paragraph.role == "text"]  # headings and boilerplate are not quoted
    documents = [terms(p.text, language) for _, p in paragraphs]
    ranking = _Bm25(documents)
    scored = sorted(((ranking.score(query, d), i) for i, d in enumerate(documents)),
                    key=lambda pair: (-pair[0], pair[1]))
    resolver = Resolver({s.id: s for s in sources}, lambda _: Where())
    hits = []
    for score, index in scored[:limit]:
        if score <= 0:
            break
        source, paragraph = paragraphs[index]
        best = max(sentences(paragraph.text),
                   key=lambda s: ranking.score(query, terms(s, language)))
        hits.append(Hit(source, paragraph.number, score, best,
                        selector(resolver, source, paragraph.number, best)))
    return hits


def selector(resolver: Resolver, source: Source, number: int, sentence: str) -> dict[str, Any]:
    """A passage selector that resolves to `sentence` of paragraph `number`: the quote,
    with as many words before it as make it unique, else the whole paragraph."""
    text = source.paragraph(number).text
    before = text[:text.find(sentence)].split() if sentence in text else []
    for take in (0, *range(2, len(before) + 1)):
        candidate: dict[str, Any] = {"source": source.id, "quote": sentence}
        if take:
            candidate["prefix"] = " ".join(before[-take:])
        passage = PassageSpec(source=source.id, quote=sentence,
                              prefix=candidate.get("prefix"), key_path=("find",))
        try:
            resolved = resolver.resolve(passage)
        except PassageError:  # ambiguous still: try more words before it
            continue
        if resolved.first_paragraph == number:
            return candidate
    return {"source": source.id, "paragraph": number}


def selector_yaml(selector: dict[str, Any]) -> str:
    """A selector as the YAML to paste under a point's `passages:`."""
    return yaml.safe_dump([selector], allow_unicode=True, width=10_000,
                          sort_keys=False).rstrip()


def hit_heading(hit: Hit) -> str:
    """The line that heads a hit: the source, the paragraph, the score and the sentence."""
    shown = location(hit.source, hit.paragraph, hit.paragraph)
    return f"# {hit.source.id} {shown} (score {hit.score:.1f}): {hit.sentence}"
