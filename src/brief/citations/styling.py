"""A briefing cited in a CSL style: each quotation's citation and each source's entry in
the list of sources formatted by the style (`csl`), the list in the style's order."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..dates import DateProblem, PartialDate, parse_date
from ..errors import Where
from ..model import Briefing, Citation, Point, Quotation
from .csl import Cite, format_citations, locator

# The CSL item types a source may be (`type:`), and what each is for.
ITEM_TYPES = ("article-newspaper", "article-journal", "article-magazine", "webpage",
              "post-weblog", "report", "book", "chapter", "document")


@dataclasses.dataclass(frozen=True)
class SourceFacts:
    """What a style needs of a source: its metadata, as the spec and the file give it."""

    title: str | None
    authors: tuple[str, ...]
    publisher: str | None
    date: str | PartialDate | None
    url: str | None
    container: str | None = None
    item_type: str | None = None
    accessed: str | PartialDate | None = None


def item_type(facts: SourceFacts) -> str:
    """The source's CSL type: its `type:`, else what is known of it: an article of a
    newspaper or journal (`container:`), a web page (an address), a report (a
    publisher), or a document."""
    if facts.item_type:
        return facts.item_type
    if facts.container:
        return "article-newspaper"
    if facts.url:
        return "webpage"
    return "report" if facts.publisher else "document"


def csl_item(facts: SourceFacts, language: str = "en") -> dict[str, Any]:
    """The source as a CSL-JSON item."""
    item: dict[str, Any] = {"type": item_type(facts), "title": facts.title or ""}
    if facts.authors:
        item["author"] = [_name(a) for a in facts.authors]
    for key, value in (("publisher", facts.publisher), ("container-title", facts.container),
                       ("URL", facts.url)):
        if value:
            item[key] = value
    for key, when in (("issued", facts.date), ("accessed", facts.accessed)):
        if when:
            item[key] = _date(when, language)
    return item


def _name(name: str) -> dict[str, str]:
    """`Stefan Wolff` or `Wolff, Stefan` as a CSL name; one word (an organisation) as it
    stands."""
    name = " ".join(name.split())
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    words = name.split(" ")
    if len(words) == 1:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def _date(value: str | PartialDate, language: str) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = parse_date(value, language)
        except DateProblem:
            return {"literal": value}
    parts = [value.year, *([value.month] if value.month else []),
             *([value.day] if value.month and value.day else [])]
    return {"date-parts": [parts]}


def apply_style(briefing: Briefing, style: Path, where: Where,
                facts: Mapping[str, SourceFacts]) -> Briefing:
    """`briefing` cited in the CSL style at `style` (`where`: the template's
    `citation_style`, for a style that cannot be used): the notes in their order, the
    citations of tables each on its own, the list of sources as the style's bibliography,
    in its order. `facts` are the spec's sources, in its order."""
    items = {source_id: csl_item(fact, briefing.language) for source_id, fact in facts.items()}
    quotations = briefing.quotations()
    notes = sorted((q for q in quotations if q.note), key=lambda q: q.note)
    others = [q for q in quotations if not q.note]
    made = format_citations(style, where, briefing.language, items,
                            [_cite(q.citation) for q in notes],
                            [_cite(q.citation) for q in others])
    styled: dict[int, Any] = {id(q): spans for q, spans in zip(notes, made.notes, strict=True)}
    styled.update({id(q): spans for q, spans in zip(others, made.others, strict=True)})

    def quotation(q: Quotation) -> Quotation:
        return dataclasses.replace(q, citation=dataclasses.replace(
            q.citation, styled=styled[id(q)]))

    def point(p: Point) -> Point:
        return dataclasses.replace(p, quotations=tuple(quotation(q) for q in p.quotations))

    sections = tuple(dataclasses.replace(s, groups=tuple(
        dataclasses.replace(g, points=tuple(point(p) for p in g.points)) for g in s.groups))
        for s in briefing.sections)
    entries = {source.id: source for source in briefing.sources}
    sources = tuple(dataclasses.replace(entries[source_id], styled=spans)
                    for source_id, spans in made.bibliography if source_id in entries)
    return dataclasses.replace(briefing, sections=sections, sources=sources)


def _cite(citation: Citation) -> Cite:
    return Cite(citation.source_id, locator(citation.location))

