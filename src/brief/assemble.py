"""Stage 4: assemble the format-neutral briefing from the spec and its verified passages."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

from .charts import ChartData, chart_figure
from .citations import style_file
from .citations.styling import SourceFacts, apply_style
from .dates import DEFAULT_FORMAT, PartialDate, display_date, format_date, stamp
from .markdown_text import link_allowed, parse_markdown
from .model import (
    Briefing,
    Citation,
    Decision,
    Estimate,
    Figure,
    HeaderField,
    Legend,
    LegendEntry,
    ListBlock,
    Picture,
    Point,
    PointGroup,
    Quotation,
    RichText,
    Section,
    SourceEntry,
    Span,
    TableBlock,
    TextBlock,
)
from .passages import ResolvedPassage, location
from .sources import Source
from .sources.base import FileMetadata
from .sources.images import picture_key
from .spec import (
    BriefingSpec,
    ChartSpec,
    KeyJudgmentSpec,
    PassageSpec,
    PointSpec,
    SectionSpec,
)
from .spec.checks import translator_parts
from .spec.releases import BLUF, portion_markings, portion_marks_on
from .spec.tracing import spec_keys, written_as_one
from .standards.grading import CREDIBILITY, RELIABILITY, grade
from .standards.likelihood import Scale, find_words
from .summary import source_summary
from .templates import Template
from .yamlfile import KeyPath, format_key_path

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def surname(name: str) -> str:
    """Return the family name of `First Last`, or of `Last, First`."""
    name = name.strip()
    if "," in name:
        return name.split(",", 1)[0].strip()
    return name.split()[-1] if name.split() else name


def short_names(sources: Mapping[str, Source]) -> dict[str, str]:
    """Return each source's short citation (`Wolff & Bayok 2022`), made unique."""
    names: dict[str, str] = {}
    cite_as = {i: s.spec.cite_as if s.spec else None for i, s in sources.items()}
    for source_id, loaded in sources.items():
        if cite_as[source_id]:
            names[source_id] = cite_as[source_id] or ""
            continue
        source = loaded.metadata
        family = [surname(a) for a in source.authors]
        if not family:
            who = source.publisher or source.title or source_id
        elif len(family) == 1:
            who = family[0]
        elif len(family) == 2:
            who = f"{family[0]} & {family[1]}"
        else:
            who = f"{family[0]} et al."
        year = _YEAR.search(source.date or "")
        names[source_id] = f"{who} {year[0] if year else 'n.d.'}"
    # Two sources with the same short name get 2020a, 2020b (cite_as is left alone).
    for name in set(names.values()):
        same = [i for i, n in names.items() if n == name and not cite_as[i]]
        if len(same) > 1:
            for letter, source_id in zip("abcdefghijklmnopqrstuvwxyz", same, strict=False):
                names[source_id] = f"{name}{letter}"
    return names


def full_reference(source: FileMetadata, date_format: str = DEFAULT_FORMAT,
                   language: str = "en") -> str:
    """Return the full reference: `A and B, “Title”, Publisher, date.`"""
    parts = []
    if source.authors:
        authors = list(source.authors)
        parts.append(authors[0] if len(authors) == 1
                     else ", ".join(authors[:-1]) + " and " + authors[-1])
    parts.append(f"“{source.title}”")
    if source.publisher:
        parts.append(source.publisher)
    if source.date:
        parts.append(display_date(source.date, date_format, language) or source.date)
    return ", ".join(parts) + "."


def assemble(spec: BriefingSpec, sources: Mapping[str, Source],
             passages: Mapping[KeyPath, ResolvedPassage], template: Template, *,
             scale: Scale | None = None,
             pictures: Mapping[str, Picture] | None = None,
             charts: Mapping[KeyPath, ChartData] | None = None) -> Briefing:
    """Build the `Briefing` that both renderers draw. Key judgments need their `scale`;
    the `template` gives the labels, whether likelihoods show their ranges, and which
    sections are tables. `pictures` are the spec's pictures, read (`sources.images`): each
    figure is given its own, and those the memo shows are numbered. `charts` are the data
    of the spec's charts (`charts.load_charts`), drawn here in the template's style as
    figures of their own."""
    labels = template.labels
    shorts = short_names(sources)
    cite = _Citer(spec, sources, passages, shorts, charts or {}, template.style,
                  labels["chart_data"], labels)
    marks = _PortionMarks(spec, template)

    def date(value: PartialDate | None) -> str | None:
        return format_date(value, template.date_format, spec.language) if value else None

    judgments: tuple[Section, ...] = ()
    if spec.key_judgments:
        assert scale is not None, "key judgments need a likelihood scale"
        judgments = (Section(labels["key_judgments"], "key_judgments", (), (PointGroup(None, tuple(
            _judgment(j, number, scale, cite, labels["confidence"], template.likelihood_ranges,
                      marks)
            for number, j in enumerate(spec.key_judgments, start=1))),), True),)
    memo = spec.memo
    header = [
        HeaderField(label, value, origin)
        for label, value, origin in (
            ("To", memo.to, "memo.to"), ("From", memo.from_, "memo.from"),
            ("Cc", memo.cc, "memo.cc"), ("Date", date(spec.date), ""),
            ("Subject", memo.subject or spec.title, "memo.subject" if memo.subject else "title"))
        if value
    ]
    decision = None
    if spec.decision_requested is not None:
        ask = spec.decision_requested
        decision = Decision(marks(ask.key_path, parse_markdown(ask.text)), date(ask.deadline),
                            origin=format_key_path(ask.key_path))
    accessed = {i: _accessed(sources[i], date, labels["accessed"]) for i in spec.sources}
    briefing = Briefing(
        title=spec.title,
        subtitle=spec.subtitle,
        organisation=spec.organisation,
        author=spec.author,
        date=date(spec.date),
        stamp=stamp(spec.date),
        marking=spec.marking,
        language=spec.language,
        subject=memo.subject or spec.title,
        header=tuple(header),
        bluf=marks(BLUF, parse_markdown(spec.bluf)),
        decision=decision,
        sections=judgments + tuple(_section(s, cite, marks) for s in spec.sections),
        sources=tuple(
            SourceEntry(
                id=source_id,
                short=shorts[source_id],
                reference=full_reference(sources[source_id].metadata, template.date_format,
                                         spec.language),
                # a page's own canonical address may be anything: only web addresses go in
                url=_web_address(sources[source_id].metadata.url),
                reliability=entry.reliability,
                sha256=sources[source_id].sha256,
                assessment=entry.assessment,
                accessed=accessed[source_id],
                origin=format_key_path(entry.key_path) if entry.key_path[:1] == ("sources",)
                else "",
            )
            for source_id, entry in spec.sources.items()
        ),
        legends=_legends(spec, scale if spec.key_judgments else None, labels),
        source_summary=source_summary(spec, shorts, template, accessed)
        if template.source_summary else None,
        spec_file=spec.path.name,
        spec_sha256=spec.document.file.sha256 if spec.document and spec.document.file else "",
        spec_keys=spec_keys(spec),
    )
    briefing = _number_tables(_number_notes(briefing, template.table_kinds), template)
    briefing = _in_style(briefing, spec, sources, template)
    return _with_pictures(briefing, spec, pictures or {}, template)


def _in_style(briefing: Briefing, spec: BriefingSpec, sources: Mapping[str, Source],
              template: Template) -> Briefing:
    """The briefing cited in the template's CSL style (`citation_style`); as it is in
    brief's own."""
    where = template.setting_where("citation_style")
    style = style_file(template.citation_style, template.folders, where)
    if style is None:
        return briefing
    facts = {}
    for source_id, entry in spec.sources.items():
        found = sources[source_id].metadata
        facts[source_id] = SourceFacts(
            title=found.title, authors=found.authors, publisher=found.publisher,
            date=found.date, url=_web_address(found.url), container=entry.container,
            item_type=entry.item_type, accessed=_read_on(sources[source_id]),
            language=entry.language)
    return apply_style(briefing, style, where, facts)


def _legends(spec: BriefingSpec, scale: Scale | None,
             labels: Mapping[str, str]) -> tuple[Legend, ...]:
    """What the memo's estimative words and grades mean, for those it uses."""
    legends = []
    if scale is not None:
        legends.append(Legend(f"{labels['likelihood']} ({scale.name})", tuple(
            LegendEntry(t.term, t.range) for t in scale.terms)))
        legends.append(Legend(labels["confidence_levels"], tuple(
            LegendEntry(level, meaning) for level, meaning in reversed(
                scale.confidence.items()))))
    if any(s.reliability for s in spec.sources.values()):
        legends.append(Legend(labels["reliability"], tuple(
            LegendEntry(letter, meaning) for letter, meaning in RELIABILITY.items())))
    if any(p.credibility for p in spec.passages()):
        legends.append(Legend(labels["credibility"], tuple(
            LegendEntry(str(number), meaning) for number, meaning in CREDIBILITY.items())))
    return tuple(legends)


class _Citer:
    """Turns a passage of the spec into a quotation with its citation and grade."""

    def __init__(self, spec: BriefingSpec, sources: Mapping[str, Source],
                 passages: Mapping[KeyPath, ResolvedPassage],
                 shorts: Mapping[str, str], charts: Mapping[KeyPath, ChartData] | None = None,
                 style: Mapping[str, str] | None = None, lead: str = "Data of",
                 labels: Mapping[str, str] | None = None) -> None:
        self.spec, self.sources, self.passages, self.shorts = spec, sources, passages, shorts
        self.charts, self.style, self.lead = charts or {}, dict(style or {}), lead
        self.labels = labels or {}

    def chart(self, chart: ChartSpec) -> Figure | None:
        """A point's chart as a figure, drawn, with its source cited and graded."""
        if chart.key_path not in self.charts:
            return None
        citation = None
        if chart.source is not None and chart.source in self.shorts:
            entry = self.spec.sources[chart.source]
            citation = Citation(chart.source, self.shorts[chart.source], "",
                                grade(entry.reliability, None))
        return dataclasses.replace(
            chart_figure(chart, self.charts[chart.key_path], self.style, citation,
                         self.lead, self.spec.language),
            origin=format_key_path(chart.key_path))

    def __call__(self, passage_spec: PassageSpec) -> Quotation:
        passage = self.passages[passage_spec.key_path]
        source_id = passage.source_id
        citation = Citation(
            source_id, self.shorts[source_id],
            location(self.sources[source_id], passage.first_paragraph, passage.last_paragraph,
                     passage.scope),
            grade(self.spec.sources[source_id].reliability, passage_spec.credibility))
        quotation = Quotation(passage.texts, citation, passage.is_quote,
                              language=self.spec.sources[source_id].language,
                              origin=format_key_path(passage_spec.key_path))
        if passage_spec.translation is None:
            return quotation
        kind, who = translator_parts(passage_spec.translator)
        label = {"analyst": "our_translation", "person": "translated_by",
                 "machine": "machine_translation"}[kind]
        by = self.labels.get(label, "").replace("{translator}", who)
        return dataclasses.replace(
            quotation, translation=parse_markdown(passage_spec.translation), translated_by=by)


class _PortionMarks:
    """Puts each portion's marking before it, `(TLP:AMBER) …`, where the spec or the
    template asks for portion marks, or the portions carry more than one marking
    (`spec.releases.portion_marks_on`); otherwise leaves the text as it is."""

    def __init__(self, spec: BriefingSpec, template: Template) -> None:
        self.marks = portion_markings(spec) if portion_marks_on(
            spec, template.portion_marks) else {}
        self.order = template.marking_order

    def __call__(self, path: KeyPath, body: RichText) -> RichText:
        marking = self.marks.get(path)
        if not marking or not body:  # nothing to mark: no mark on a line of its own
            return body
        lead = Span(self.order.portion_mark(marking) + " ", strong=True,
                    control="portion_marks")
        if body and isinstance(body[0], TextBlock):
            return (TextBlock((lead, *body[0].spans)), *body[1:])
        return (TextBlock((lead,)), *body)

    def mark(self, path: KeyPath) -> str:
        """The portion mark of a heading (a section's), or "" where marks are off."""
        marking = self.marks.get(path)
        return self.order.portion_mark(marking) if marking else ""


def _judgment(judgment: KeyJudgmentSpec, number: int, scale: Scale, cite: _Citer,
              confidence_label: str, ranges: bool, marks: _PortionMarks) -> Point:
    term = scale.term(judgment.likelihood)
    assert term is not None, "checked by standards.likelihood_errors"
    estimate = Estimate(term.term, term.range, judgment.confidence,
                        confidence_label.replace("{confidence}", judgment.confidence))
    body = marks(judgment.key_path, _mark_likelihood(
        parse_markdown(judgment.text), term.words, term.term, term.range if ranges else None))
    return Point(body, tuple(cite(p) for p in judgment.passages), number, estimate=estimate,
                 origin=format_key_path(judgment.key_path))


def _mark_likelihood(body: RichText, words: tuple[str, ...], term: str,
                     range_text: str | None) -> RichText:
    """Show the likelihood in the judgment: its word in bold where the text uses it (with
    the range after it), or else the term in bold before the text."""
    after = [Span(f" ({range_text})", control="likelihood_ranges")] if range_text else []
    for index, block in enumerate(body):
        if not isinstance(block, TextBlock):
            continue
        for at, span in enumerate(block.spans):
            found = find_words(span.text, words) if not span.href else []
            if found:
                word = found[0]
                spans = [Span(span.text[:word.start], span.strong, span.emphasis, span.code),
                         Span(span.text[word.start:word.end], True, span.emphasis, span.code),
                         *after,
                         Span(span.text[word.end:], span.strong, span.emphasis, span.code)]
                spans = [s for s in spans if s.text]
                marked = TextBlock((*block.spans[:at], *spans, *block.spans[at + 1:]))
                return (*body[:index], marked, *body[index + 1:])
    lead = [Span(term[:1].upper() + term[1:], strong=True, control="likelihood"), *after,
            Span(": ", control="likelihood")]
    if body and isinstance(body[0], TextBlock):
        return (TextBlock((*lead, *body[0].spans)), *body[1:])
    return (TextBlock(tuple(lead)), *body)


def _number_notes(briefing: Briefing, tabled: frozenset[str]) -> Briefing:
    """Number every quotation's citation, in document order, for footnotes and endnotes;
    the quotations of sections shown as tables (`tabled` kinds), which print their
    citations in the table, get no number (0)."""
    counter = iter(range(1, 1 + len(briefing.quotations())))

    def point(p: Point, noted: bool) -> Point:
        return dataclasses.replace(p, quotations=tuple(
            dataclasses.replace(q, note=next(counter) if noted else 0) for q in p.quotations))

    sections = tuple(dataclasses.replace(s, groups=tuple(
        dataclasses.replace(g, points=tuple(point(p, s.kind not in tabled) for p in g.points))
        for g in s.groups)) for s in briefing.sections)
    return dataclasses.replace(briefing, sections=sections)


def _section(section: SectionSpec, cite: _Citer, marks: _PortionMarks) -> Section:
    numbered = section.kind == "recommendations"
    points = [
        _point(point, cite, number if numbered else None, marks)
        for number, point in enumerate(section.points, start=1)
    ]
    if section.kind == "incentives":
        by_actor: dict[str, list[Point]] = {}
        actor_at: dict[str, str] = {}  # the first point's `actor`: where the heading is
        for spec_point, point in zip(section.points, points, strict=True):
            by_actor.setdefault(spec_point.actor or "", []).append(point)
            actor_at.setdefault(spec_point.actor or "",
                                format_key_path((*spec_point.key_path, "actor")))
        groups = tuple(PointGroup(actor, tuple(pts), actor_at[actor])
                       for actor, pts in by_actor.items())
    else:
        groups = (PointGroup(None, tuple(points)),) if points else ()
    return Section(section.title, section.kind,
                   marks(section.key_path, parse_markdown(section.text)), groups, numbered,
                   mark=marks.mark(section.key_path), origin=format_key_path(section.key_path))


def _point(point: PointSpec, cite: _Citer, number: int | None, marks: _PortionMarks) -> Point:
    figure = (_figure_of(point, cite),) if point.figure is not None else ()
    chart = cite.chart(point.chart) if point.chart is not None else None
    return Point((*marks(point.key_path, parse_markdown(point.text)), *figure,
                  *((chart,) if chart is not None else ())),
                 tuple(cite(p) for p in point.passages), number,
                 parse_markdown(point.levers), implication=parse_markdown(point.implication),
                 pros=tuple(parse_markdown(p) for p in point.pros),
                 cons=tuple(parse_markdown(c) for c in point.cons),
                 recommended=point.recommended, origin=format_key_path(point.key_path),
                 single=written_as_one(cite.spec, point.key_path))


def _accessed(source: Source, date: Callable[[PartialDate | None], str | None],
              label: str) -> str | None:
    """When a web page was read, as the list of sources says it (the snapshot's date, for
    a page `brief capture` kept)."""
    accessed = _read_on(source)
    shown = date(accessed) if accessed else None
    return label.replace("{date}", shown) if shown else None


def _read_on(source: Source) -> PartialDate | None:
    """The day a web page was read: its snapshot's, for a page `brief capture` kept."""
    return source.spec.accessed if source.spec else None


def _web_address(url: str | None) -> str | None:
    return url if url and link_allowed(url) and not url.startswith("mailto:") else None


def _figure_of(point: PointSpec, cite: _Citer) -> Figure:
    """A point's `figure`, its picture still to be given (`_with_pictures`)."""
    spec = point.figure
    assert spec is not None
    citation = None
    if spec.source is not None and spec.source in cite.shorts:
        citation = Citation(spec.source, cite.shorts[spec.source], "",
                            grade(cite.spec.sources[spec.source].reliability, None))
    return Figure(alt="" if spec.decorative else spec.alt.strip(),
                  caption=(spec.caption or "").strip(), credit=(spec.credit or "").strip(),
                  file=spec.file, decorative=spec.decorative,
                  width="".join(spec.width.split()).lower() if spec.width else None,
                  citation=citation, origin=format_key_path((*point.key_path, "figure")))


def _with_pictures(briefing: Briefing, spec: BriefingSpec, pictures: Mapping[str, Picture],
                   template: Template) -> Briefing:
    """Give each figure its picture, and number those with a caption in the sections the
    template shows, in the memo's order (figures have a count of their own)."""
    shown = {id(s) for s in template.shown_sections(briefing)}
    labels = template.labels
    count = 0

    def text(blocks: RichText, numbered: bool) -> RichText:
        nonlocal count
        if not any(isinstance(b, (Figure, ListBlock)) for b in blocks):
            return blocks
        out: list[Any] = []
        for block in blocks:
            if isinstance(block, ListBlock):
                block = dataclasses.replace(block, items=tuple(
                    text(item, numbered) for item in block.items))
            elif isinstance(block, Figure):
                picture = block.picture or pictures.get(picture_key(spec.folder, block.file))
                number = 0
                if numbered and block.caption:
                    count += 1
                    number = count
                block = dataclasses.replace(block, picture=picture, number=number,
                                            label=labels["figure"],
                                            source_note=_source_note(block, labels))
            out.append(block)
        return tuple(out)

    def point(p: Point, numbered: bool) -> Point:
        return dataclasses.replace(
            p, body=text(p.body, numbered), levers=text(p.levers, numbered),
            implication=text(p.implication, numbered),
            pros=tuple(text(x, numbered) for x in p.pros),
            cons=tuple(text(x, numbered) for x in p.cons))

    bluf = text(briefing.bluf, True)
    decision = briefing.decision and dataclasses.replace(
        briefing.decision, body=text(briefing.decision.body, True))
    sections = tuple(dataclasses.replace(
        s, intro=text(s.intro, id(s) in shown), groups=tuple(
            dataclasses.replace(g, points=tuple(point(p, id(s) in shown) for p in g.points))
            for g in s.groups)) for s in briefing.sections)
    return dataclasses.replace(briefing, bluf=bluf, decision=decision, sections=sections)


def _source_note(figure: Figure, labels: Mapping[str, str]) -> str:
    """`Source: Wolff & Bayok 2022 [B]`: the source a figure is taken from, graded."""
    citation = figure.citation
    if citation is None:
        return ""
    grade_text = f" [{citation.grade}]" if citation.grade else ""
    return f"{labels['figure_source']}: {citation.short}{grade_text}"


def _number_tables(briefing: Briefing, template: Template) -> Briefing:
    """Number the tables of the analyst's text "Table 1", "Table 2", ... in the order the
    memo shows them: the bottom line, the decision, then the sections the template shows
    (a section it leaves out keeps its tables unnumbered, 0)."""
    counter = iter(range(1, 1_000_000))
    shown = {id(s) for s in template.shown_sections(briefing)}

    def text(blocks: RichText, on: bool) -> RichText:
        return tuple(block(b, on) for b in blocks)

    def block(b: Any, on: bool) -> Any:
        if isinstance(b, TableBlock):
            return dataclasses.replace(b, number=next(counter) if on else 0,
                                       label=template.labels["table"])
        if isinstance(b, ListBlock):
            return dataclasses.replace(b, items=tuple(text(item, on) for item in b.items))
        return b

    def point(p: Point, on: bool) -> Point:
        return dataclasses.replace(
            p, body=text(p.body, on), levers=text(p.levers, on),
            implication=text(p.implication, on), pros=tuple(text(t, on) for t in p.pros),
            cons=tuple(text(t, on) for t in p.cons))

    def section(s: Section) -> Section:
        on = id(s) in shown
        return dataclasses.replace(s, intro=text(s.intro, on), groups=tuple(
            dataclasses.replace(g, points=tuple(point(p, on) for p in g.points))
            for g in s.groups))

    bluf = text(briefing.bluf, True)
    decision = briefing.decision and dataclasses.replace(
        briefing.decision, body=text(briefing.decision.body, True))
    return dataclasses.replace(briefing, bluf=bluf, decision=decision,
                               sections=tuple(section(s) for s in briefing.sections))
