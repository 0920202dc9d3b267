"""A briefing cited in a CSL style: each quotation's citation and each source's entry in
the list of sources formatted by the style (`csl`), the list in the style's order."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..dates import DateProblem, PartialDate, parse_date
from ..errors import Where
from ..model import Briefing, Citation, Point, Quotation, Span
from .csl import Cite, Formatted, format_citations, locator

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
    language: str | None = None  # the source's own (`ru`), when it is not the memo's


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
    item: dict[str, Any] = {"type": item_type(facts), "title": facts.title or "",
                            # a style sets in title case only an English source's title
                            "language": facts.language or language}
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
    made = with_access_dates(made, style, where, briefing.language, items,
                             {s.id: s.accessed for s in briefing.sources if s.accessed})
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
    # the grade and assessment follow each entry: after a full stop, where a style ends its
    # entries without one (OSCOLA)
    stopped = tuple((source_id, spans if re.search(r"[.!?][”’»)]?$", _text(spans))
                     else (*spans, Span(".")))
                    for source_id, spans in made.bibliography)
    sources = tuple(dataclasses.replace(entries[source_id], styled=spans)
                    for source_id, spans in stopped if source_id in entries
                    ) if stopped else briefing.sources  # a style without a list
    return dataclasses.replace(briefing, sections=sections, sources=sources)


# A date no source was read on: where a style prints it, it prints a page's access date.
_PROBE = {"date-parts": [[1901, 1, 1]]}


def with_access_dates(made: Formatted, style: Path, where: Where, language: str,
                      items: Mapping[str, dict[str, Any]],
                      accessed: Mapping[str, str]) -> Formatted:
    """`made` with each page's access date (`accessed`: "accessed 5 December 2026", by
    source id) where the style leaves it out for that source (Chicago and APA print it only
    for a page without a date): in a full note after the address, "(accessed …)", and at
    the end of the bibliography's entry. Whether the style prints it is asked of the style
    itself, with a date no page was read on."""
    probed = {key: {**item, "accessed": _PROBE} for key, item in items.items()
              if key in accessed and "accessed" in item}
    if not probed:
        return made
    probe = format_citations(style, where, language, probed, [],
                             [Cite(key) for key in probed])
    in_notes = {key for key, spans in zip(probed, probe.others, strict=True)
                if "1901" not in _text(spans)}
    in_list = {key for key, spans in probe.bibliography if "1901" not in _text(spans)}
    urls = {key: item.get("URL") for key, item in items.items()}

    def note(spans: tuple[Span, ...]) -> tuple[Span, ...]:
        for key in in_notes:
            url = urls[key]
            if url and any(s.href == url for s in spans):
                return _after_address(spans, url, f" ({accessed[key]})")
        return spans

    def entry(key: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        if key not in in_list:
            return spans
        label = accessed[key]
        if _text(spans).endswith("."):  # a style whose entries end in a full stop
            return (*spans, Span(f" {label[:1].upper()}{label[1:]}."))
        return (*spans, Span(f" ({label})"))

    return dataclasses.replace(
        made, notes=tuple(note(n) for n in made.notes),
        others=tuple(note(n) for n in made.others),
        bibliography=tuple((key, entry(key, spans)) for key, spans in made.bibliography))


def _after_address(spans: tuple[Span, ...], url: str, added: str) -> tuple[Span, ...]:
    at = next(n for n, s in enumerate(spans) if s.href == url) + 1
    return (*spans[:at], Span(added), *spans[at:])


def _text(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)


def _cite(citation: Citation) -> Cite:
    return Cite(citation.source_id, locator(citation.location))

