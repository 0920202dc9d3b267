"""Render a briefing to Word with python-docx, starting from the template's reference.docx.

As with Pandoc's reference document, the body of reference.docx is dropped and its
styles, page setup, header and footer are kept. `{marking}`, `{title}`, `{date}`,
`{organisation}`, `{author}` and `{subject}` in the header and footer are filled in.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, ClassVar

from ...errors import TemplateError, Where
from ...markdown_text import link_allowed
from ...model import (
    Block,
    Briefing,
    Figure,
    ListBlock,
    Point,
    Quotation,
    RichText,
    SourceEntry,
    Span,
    TableBlock,
    TextBlock,
)
from ...ooxml import W
from ...origins import ANALYST, GENERATED, QUOTATION, Origin
from ...templates import Template
from ...templates.word import house_style, table_style_name
from ..layout import LayoutBlock, layout
from .figures import add_figure, add_list_of_figures
from .footnotes import Footnotes
from .package import clear_body, fill_placeholders, remember_style_ids, set_properties, stamped_zip
from .quick import quicken_python_docx
from .review_copy import for_review
from .section_tables import incentives_table, options_table
from .tables import space_after_tables
from .text_tables import draw_table
from .trace import Tracer


def render_docx(briefing: Briefing, template: Template, *, review: bool = False) -> bytes:
    """Return the briefing as .docx bytes; with `review`, the review copy: Track Changes
    on, the document protected for tracked changes, its trace marked as a review copy."""
    import docx

    quicken_python_docx()
    house = house_style(template)
    try:
        document = docx.Document(io.BytesIO(house.docx))
    except Exception as exc:  # python-docx raises several kinds for a bad package
        reference = template.file("reference.docx")
        raise TemplateError(f"reference.docx cannot be opened: {exc}", Where(reference),
                            hint="open it in Word or LibreOffice and save it as .docx") from None
    remember_style_ids(document)
    clear_body(document)
    fill_placeholders(document, briefing, template)
    DocxWriter(document, template, table_style_name(house, template)).write(
        briefing, review=review)
    set_properties(document, briefing)
    if review:
        for_review(document)
    out = io.BytesIO()
    document.save(out)
    return stamped_zip(out.getvalue(), briefing.stamp)


# What controls the text each kind of block writes, where no key of the spec does: the
# setting or label a user would look up (docs/house-style.md, docs/spec.md).
CONTROLS = {"marking": "marking", "title": "title", "header": "memo", "figures": "labels.figures",
            "bluf": "labels.bluf", "decision": "labels.decision", "changes": "previous",
            "section": "labels", "notes": "labels.notes", "source_summary": "source_summary",
            "sources": "labels.sources", "legend": "labels.legend"}


class DocxWriter:
    """Appends the briefing to the document body, block by block, in the order of
    `layout` (which the PDF's template walks too)."""

    def __init__(self, document: Any, template: Template,
                 table_style: str = "Memo Table") -> None:
        self.document = document
        self.table_style = table_style  # of the tables in the text
        self.template = template
        self.labels = template.labels
        self.citations = template.citations
        self.incentives = template.incentives
        self.footnotes = Footnotes(document) if self.citations == "footnotes" else None
        self.trace = Tracer(document.element.body)  # where each run came from
        if self.footnotes is not None:
            self.trace.follow_footnotes(self.footnotes.element)

    def write(self, briefing: Briefing, *, review: bool = False) -> None:
        """Append the memo's blocks, in the order `layout` gives, each drawn by the method
        `DRAW` names for its kind."""
        for block in layout(briefing, self.template):
            with self.trace.block(block.kind, CONTROLS.get(block.kind, "")):
                self.DRAW[block.kind](self, briefing, block)
        space_after_tables(self.document)
        self.trace.finish(self.document, briefing, review_copy=review)  # before the notes
        if self.footnotes is not None:
            self.footnotes.finish()

    def draw_marking(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.marking_statement(f"{self.labels['marking']}: {briefing.marking}")

    def draw_title(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        if briefing.organisation:
            with self.trace.analyst("organisation"):
                doc.add_paragraph(briefing.organisation, style="Organisation")
        with self.trace.analyst("title"):
            doc.add_paragraph(briefing.title, style="Title")
        if briefing.subtitle:
            with self.trace.analyst("subtitle"):
                doc.add_paragraph(briefing.subtitle, style="Subtitle")

    def draw_header(self, briefing: Briefing, block: LayoutBlock) -> None:
        inline = self.template.header_layout == "inline"
        paragraph = None
        for field in briefing.header:
            if paragraph is None or not inline:
                paragraph = self.document.add_paragraph(style="Memo Header")
            elif inline:
                paragraph.add_run("   ")
            paragraph.add_run(f"{field.label}:").bold = True
            run = paragraph.add_run(f" {field.value}" if inline else f"\t{field.value}")
            self.trace.split(run._r, ((1, Origin(GENERATED, control="memo")), (0, Origin(
                ANALYST, field.origin) if field.origin else Origin(GENERATED, control="date"))))

    def draw_figures(self, briefing: Briefing, block: LayoutBlock) -> None:
        add_list_of_figures(self.document, self.labels["figures"], block.figures)

    def draw_bluf(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["bluf"], style="Heading 1")
        with self.trace.analyst("bluf"):
            self.rich(briefing.bluf, "BLUF")

    def draw_decision(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        assert briefing.decision is not None
        doc.add_paragraph(self.labels["decision"], style="Heading 1")
        with self.trace.analyst(f"{briefing.decision.origin}.text"):
            self.rich(briefing.decision.body, "Decision")
        if briefing.decision.deadline:
            with self.trace.generated("labels.deadline", f"{briefing.decision.origin}.deadline"):
                doc.add_paragraph(style="Decision").add_run(self.labels["deadline"].replace(
                    "{deadline}", briefing.decision.deadline)).bold = True

    def draw_changes(self, briefing: Briefing, block: LayoutBlock) -> None:
        """What changed since the previous edition: its heading, then one bullet each."""
        assert briefing.changes is not None
        self.document.add_paragraph(briefing.changes.heading, style="Heading 1")
        for item in briefing.changes.items:
            self.rich(item, "List Bullet", continuation="List Continue")

    def draw_section(self, briefing: Briefing, block: LayoutBlock) -> None:
        doc = self.document
        section = block.section
        assert section is not None
        cited = self.template.passages == "cited"
        heading = f"{block.number}. " if self.template.numbered_headings else ""
        run = doc.add_paragraph(style="Heading 1").add_run(heading + section.heading)
        mark = f"{section.mark} " if section.mark else ""  # the number and mark are brief's
        title = Origin(ANALYST, f"{section.origin}.title") if section.origin \
            else Origin(GENERATED, control=f"labels.{section.kind}")
        self.trace.split(run._r, ((len(heading), Origin(GENERATED, control="numbered_headings")),
                                  (len(mark), Origin(GENERATED, control="portion_marks")),
                                  (len(section.title), title)))
        with self.trace.analyst(f"{section.origin}.text" if section.origin else ""):
            self.rich(section.intro, "Normal")
        if section.kind == "incentives" and self.incentives == "table":
            incentives_table(self, section)
            return
        if section.kind == "options":
            options_table(self, section)
            return
        for group in section.groups:
            if group.heading:
                with self.trace.analyst(group.origin):
                    doc.add_paragraph(group.heading, style="Heading 2")
            num_id = self.new_numbering() if section.numbered else None
            for point in group.points:
                self.point(point, num_id, numbered=section.numbered, cited=cited)

    def point(self, point: Point, num_id: int | None, *, numbered: bool, cited: bool) -> None:
        """A point of a section in a list: its text, its citations or passages, and what
        goes under it."""
        doc = self.document
        before = self.last_element()
        with self.trace.analyst(f"{point.origin}.text"):
            self.rich(point.body, "List Number" if numbered else "List Bullet",
                      num_id=num_id, continuation="List Continue")
        if cited and point.quotations:  # the citations run on after the point
            labels: list[Span] = [Span("(")]
            for index, quotation in enumerate(point.quotations):
                labels += [*([Span("; ")] if index else []),
                           *quotation.citation.label_spans]
            with self.trace.generated("citation_style", point.quotations[0].origin):
                doc.paragraphs[-1].add_run(" ")
                self.spans(doc.paragraphs[-1], (*labels, Span(")")), "Citation")
                self.trace.claim(doc.paragraphs[-1]._p)
        if point.estimate:
            with self.trace.generated("labels.confidence", f"{point.origin}.confidence"):
                statement = doc.add_paragraph(style="List Continue")
                statement.add_run(point.estimate.statement).italic = True
        if point.levers:
            self.labelled(self.labels["levers"], point.levers, f"{point.origin}.levers",
                          "labels.levers")
        if point.implication:
            self.labelled(self.labels["implication"], point.implication,
                          f"{point.origin}.implication", "labels.implication")
        if cited:
            return
        if point.quotations:  # the point is kept with its first passage
            self.keep_with_next_since(before)
        for quotation in point.quotations:
            self.passage(quotation)

    def passage(self, quotation: Quotation) -> None:
        """A passage as it stands in the source (its runs in the source's language), or
        the analyst's translation and who made it; then its citation."""
        if quotation.translation:
            with self.trace.analyst(f"{quotation.origin}.translation"):
                paragraph = self.document.add_paragraph(style="Passage")
                for index, block in enumerate(b for b in quotation.translation
                                              if isinstance(b, TextBlock)):
                    if index:
                        paragraph.add_run(" ")
                    for span in block.spans:
                        self.span(paragraph, span)
            with self.trace.generated("translator", f"{quotation.origin}.translator"):
                paragraph.add_run(f" {quotation.translated_by}")
            self.cite(paragraph, quotation)
            return
        passage = []
        for index, text in enumerate(quotation.texts):
            with self.trace.quotation(quotation.origin):
                paragraph = self.document.add_paragraph(style="Passage")
                set_language(paragraph.add_run(text), quotation.language)
            passage.append(paragraph)
            if index == len(quotation.texts) - 1:
                self.cite(paragraph, quotation)
        self.keep_together(passage)

    def original(self, paragraph: Any, quotation: Quotation) -> None:
        """A translated quote's original, after its citation, in the source's language."""
        if quotation.translation:
            paragraph.add_run(f" {self.labels['original']}: ")
            with self.trace.quotation(quotation.origin):
                set_language(paragraph.add_run(f"“{quotation.original}”"), quotation.language)

    def draw_notes(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["notes"], style="Heading 1")
        for quotation in block.notes:
            with self.trace.generated("citation_style", quotation.origin):
                note = self.document.add_paragraph(style="Note")
                self.spans(note, (Span(f"{quotation.note}. "), *quotation.citation.label_spans,
                                  Span(".")))
                self.original(note, quotation)

    def draw_source_summary(self, briefing: Briefing, block: LayoutBlock) -> None:
        """The source summary statement (ICD 206), before the list of sources."""
        assert briefing.source_summary is not None
        self.document.add_paragraph(briefing.source_summary.heading, style="Heading 1")
        self.rich(briefing.source_summary.body, "Normal")

    def draw_sources(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["sources"], style="Heading 1")
        for source in briefing.sources:
            with self.trace.generated(f"sources.{source.id}"):
                self.source(source)

    def source(self, source: SourceEntry) -> None:
        """A source in the list of sources."""
        paragraph = self.document.add_paragraph(style="Source")
        if source.styled:  # the entry of the template's CSL style
            self.spans(paragraph, source.styled)
        else:
            paragraph.add_run(f"{source.short}:").bold = True
            paragraph.add_run(f" {source.reference}")
        if source.url and not source.styled:
            paragraph.add_run(" ")
            self.hyperlink(paragraph, Span(source.url, href=source.url))
        if source.accessed and not source.styled:  # a CSL style prints its own
            paragraph.add_run(f" ({source.accessed})")
        if source.reliability or source.assessment:
            run = paragraph.add_run(f" {self.labels['reliability']}: {source.reliability_note}")
            self.trace.assessment(run._r, source)
        paragraph.add_run(f" SHA-256 {source.fingerprint}", style="Fingerprint")

    def draw_legend(self, briefing: Briefing, block: LayoutBlock) -> None:
        self.document.add_paragraph(self.labels["legend"], style="Heading 1")
        for legend in briefing.legends:
            paragraph = self.document.add_paragraph(style="Source")
            paragraph.add_run(f"{legend.title}:").bold = True
            for index, entry in enumerate(legend.entries):
                paragraph.add_run(" " if index == 0 else "; ")
                paragraph.add_run(entry.key).bold = True
                paragraph.add_run(f" {entry.meaning}")
            paragraph.add_run(".")

    # How each kind of block is drawn (see brief/render/layout.py).
    DRAW: ClassVar[dict[str, Callable[[DocxWriter, Briefing, LayoutBlock], None]]] = {
        "marking": draw_marking, "title": draw_title, "header": draw_header,
        "figures": draw_figures,
        "bluf": draw_bluf, "decision": draw_decision, "changes": draw_changes,
        "section": draw_section,
        "notes": draw_notes, "source_summary": draw_source_summary, "sources": draw_sources,
        "legend": draw_legend}

    def cite(self, paragraph: Any, quotation: Quotation) -> None:
        """Add the passage's citation, as the template's `citations:` asks."""
        with self.trace.generated("citation_style", quotation.origin):
            self._cite(paragraph, quotation)

    def _cite(self, paragraph: Any, quotation: Quotation) -> None:
        if self.footnotes is not None:
            foreign = (f" {self.labels['original']}: ", f"“{quotation.original}”",
                       quotation.language) if quotation.translation else None
            self.footnotes.add(paragraph, (*quotation.citation.label_spans, Span(".")), foreign)
            if foreign is not None:  # the original, in the note: the verified quote
                runs = list(self.footnotes.element[-1].iter(f"{{{W}}}r"))
                self.trace.split(runs[-1], ((0, Origin(QUOTATION, quotation.origin)),))
        elif self.citations == "endnotes":
            paragraph.add_run(str(quotation.note), style="Footnote Reference")
        else:
            paragraph.add_run(" ")
            self.spans(paragraph, (Span("("), *quotation.citation.label_spans, Span(")")),
                       "Citation")
            self.original(paragraph, quotation)

    def labelled(self, label: str, text: RichText, path: str, control: str) -> None:
        """Text under the point, after its label: an actor's levers, a signpost's
        implication (the spec's key `path`, the label's `control`)."""
        with self.trace.generated(control):
            paragraph = self.document.add_paragraph(style="List Continue")
            paragraph.add_run(f"{label}:").bold = True
        with self.trace.analyst(path):
            first, rest = text[0], text[1:]
            if isinstance(first, TextBlock):
                paragraph.add_run(" ")
                for span in first.spans:
                    self.span(paragraph, span)
            else:
                rest = text
            for block in rest:
                self.block(block, "List Continue")

    def marking_statement(self, text: str) -> None:
        """The marking, stated once at the start of the text for a reader who listens
        (a screen reader does not read the page headers that show it to the eye), as the
        PDF states it: in white 1 pt type on a 1 pt line, out of sight, but copied with
        the text."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt, RGBColor

        paragraph = self.document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.space_before = layout.space_after = Pt(0)
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(1)
        run = paragraph.add_run(text)
        run.font.size = Pt(1)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    def rich_in(self, cell: Any, blocks: RichText, list_style: str | None = None) -> None:
        """Rich text in a table cell: into its last paragraph, when that is empty, so a
        cell does not start with a blank line; lists as Word lists (and the whole of
        `blocks` as one item of a `list_style` list)."""
        for index, block in enumerate(blocks):
            if isinstance(block, ListBlock):
                for item in block.items:
                    self.rich_in(cell, item, "List Number" if block.ordered else "List Bullet")
                continue
            if isinstance(block, Figure):  # in a cell: at most a third of the text wide
                with self.trace.generated("labels.figure", block.origin):
                    add_figure(self.document, block, container=cell, share=1 / 3)
                continue
            if isinstance(block, TableBlock):
                draw_table(cell, self.document, block, self.span, self.table_style,
                           generated=self.trace.generated)
                continue
            last = cell.paragraphs[-1]
            paragraph = last if index == 0 and not last.text else cell.add_paragraph()
            if list_style:
                paragraph.style = self.document.styles[list_style if index == 0
                                                       else "List Continue"]
            for span in block.spans:
                self.span(paragraph, span)

    def rich(self, blocks: RichText, style: str, *, num_id: int | None = None,
             continuation: str | None = None) -> None:
        """Add rich-text blocks; the first takes `style`, later ones `continuation`."""
        for index, block in enumerate(blocks):
            this_style = style if index == 0 or continuation is None else continuation
            self.block(block, this_style, num_id if index == 0 else None)

    def block(self, block: Block, style: str, num_id: int | None = None) -> None:
        if isinstance(block, Figure):  # in the paragraphs' box or indent (no bullet)
            own = "List Continue" if style in ("List Bullet", "List Number") else style
            before = self.last_element()
            if block.picture is not None and before is not None \
                    and before.tag.endswith("}p"):  # the text that leads into it, with it
                before.get_or_add_pPr().keepNext_val = True
            with self.trace.generated("labels.figure", block.origin):
                add_figure(self.document, block, style=own)
                self.trace.caption(before, block)
                self.rich(block.description, own)  # a chart's data, after its caption
            return
        if isinstance(block, TextBlock):
            paragraph = self.document.add_paragraph(style=style)
            if num_id is not None:
                self.set_numbering(paragraph, num_id)
            for span in block.spans:
                self.span(paragraph, span)
            return
        if isinstance(block, TableBlock):
            draw_table(self.document, self.document, block, self.span, self.table_style,
                       generated=self.trace.generated)
            return
        assert isinstance(block, ListBlock)
        list_style = "List Number" if block.ordered else "List Bullet"
        list_num = self.new_numbering(block.start) if block.ordered else None
        for item in block.items:
            self.rich(item, list_style, num_id=list_num, continuation="List Continue")

    def span(self, paragraph: Any, span: Span) -> None:
        if span.control:  # brief's, within the analyst's text: a portion mark, a range
            with self.trace.generated(span.control):
                self._span(paragraph, span)
            return
        self._span(paragraph, span)

    def _span(self, paragraph: Any, span: Span) -> None:
        if span.text == "\n":
            paragraph.add_run().add_break()
            return
        if span.href and link_allowed(span.href):
            self.hyperlink(paragraph, span)
            return
        run = paragraph.add_run(span.text)
        self.style_run(run, span)

    @staticmethod
    def style_run(run: Any, span: Span) -> None:
        if span.strong:
            run.bold = True
        if span.emphasis:
            run.italic = True
        if span.code:
            run.font.name = "DejaVu Sans Mono"

    def spans(self, paragraph: Any, spans: tuple[Span, ...], style: str | None = None) -> None:
        """Add a run of spans (a citation in a CSL style) in one character `style`: its
        italics and bold kept, an address a link."""
        for span in spans:
            if span.href:
                self.hyperlink(paragraph, span)
                continue
            run = paragraph.add_run(span.text, style=style)
            if span.emphasis:
                run.italic = True
            if span.strong:
                run.bold = True

    def hyperlink(self, paragraph: Any, span: Span) -> None:
        """Add a real Word hyperlink (python-docx has no API for making one)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.text.run import Run

        assert span.href is not None
        rel_id = paragraph.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK,
                                          is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        run_element = OxmlElement("w:r")
        link.append(run_element)
        paragraph._p.append(link)
        run = Run(run_element, paragraph)
        run.text = span.text
        run.style = self.document.styles["Hyperlink"]
        self.style_run(run, span)

    def new_numbering(self, start: int = 1) -> int:
        """Return a new numbering instance of the List Number style, restarted at `start`."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.oxml.numbering import CT_Num

        style = self.document.styles["List Number"]
        num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
        numbering = self.document.part.numbering_part.element
        if num_pr is None or num_pr.numId is None:
            return 0  # the house style's list has no numbering: leave it to the style
        base = numbering.num_having_numId(num_pr.numId.val)
        # python-docx's add_num looks for the first free numId in a list, once per id:
        # quadratic in a house's thousands of lists. The same id, found in a set.
        used = {int(n) for n in numbering.xpath("./w:num/@w:numId") if n.isdigit()}
        free = next(n for n in range(1, len(used) + 2) if n not in used)
        num = numbering._insert_num(CT_Num.new(free, base.abstractNumId.val))
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        return int(num.numId)

    def last_element(self) -> Any:
        """The body's last element before its section properties (None: the body is
        empty): the paragraphs added after it are those `keep_with_next_since` keeps."""
        from docx.oxml.ns import qn

        body = self.document.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == qn("w:sectPr"):
            last = last.getprevious()
        return last

    def keep_with_next_since(self, before: Any) -> None:
        """Keep every paragraph added after `before` on the page of the paragraph that
        follows them (Word's "Keep with next"): a point with its first passage."""
        from docx.oxml.ns import qn

        body = self.document.element.body
        element = before.getnext() if before is not None else (body[0] if len(body) else None)
        while element is not None:
            if element.tag == qn("w:p"):
                element.get_or_add_pPr().keepNext_val = True
            element = element.getnext()

    @staticmethod
    def keep_together(passage: list[Any]) -> None:
        """A passage's paragraphs on one page, with the citation after its last (Word's
        "Keep lines together" and "Keep with next"), as the PDF keeps them."""
        for number, paragraph in enumerate(passage, start=1):
            paragraph.paragraph_format.keep_together = True
            if number < len(passage):
                paragraph.paragraph_format.keep_with_next = True

    @staticmethod
    def set_numbering(paragraph: Any, num_id: int) -> None:
        if num_id:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.get_or_add_numPr().get_or_add_numId().val = num_id
            p_pr.get_or_add_numPr().get_or_add_ilvl().val = 0




def set_language(run: Any, language: str | None) -> None:
    """Mark a run as written in `language` (BCP 47), Word's `w:lang`: its spelling,
    hyphenation and a screen reader's voice follow it."""
    if not language:
        return
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    run._r.get_or_add_rPr().append(lang)
