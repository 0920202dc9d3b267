"""Footnotes in Word: the footnotes part, its separators declared in the settings, and each
note added where its call is."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ...model import Span
from ...ooxml import W

_SEPARATORS = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote></w:footnotes>')
# Elements of w:settings that come after w:footnotePr, in the schema's order.
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions",
                      "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


class Footnotes:
    """Native Word footnotes: the document's footnotes part, made if it has none."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from lxml import etree

        part = next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES), None)
        if part is None:
            part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                        _SEPARATORS.encode("utf-8"), document.part.package)
            document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.part = part
        self.element = etree.fromstring(part.blob)
        for note in self.element.xpath("./w:footnote[not(@w:type)]", namespaces={"w": W}):
            self.element.remove(note)  # notes of the reference document are not ours
        # after the ids the house's own part uses (Word's continuation notice, say)
        kept = [int(i) for i in self.element.xpath("./w:footnote/@w:id", namespaces={"w": W})
                if i.lstrip("-").isdigit()]
        self.next_id = max([0, *kept]) + 1
        self.styles = {s.name: s.style_id for s in document.styles}
        self._declare_separators(document)

    def _declare_separators(self, document: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        settings = document.settings.element
        if settings.find(qn("w:footnotePr")) is not None:
            return
        footnote_pr = OxmlElement("w:footnotePr")
        for note_id in ("-1", "0"):
            ref = OxmlElement("w:footnote")
            ref.set(qn("w:id"), note_id)
            footnote_pr.append(ref)
        later = [child for child in settings
                 if child.tag.rsplit("}", 1)[-1] in _AFTER_FOOTNOTE_PR]
        if later:
            later[0].addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)

    def add(self, paragraph: Any, text: str | tuple[Span, ...],
            foreign: tuple[str, str, str | None] | None = None) -> None:
        """Add a footnote holding `text` (rich text: a CSL style's titles in italics),
        referenced at the end of `paragraph`; `foreign`: more text after it in another
        language (what leads it, a translated quote's original, and its language tag, set
        as the run's `w:lang` so that Word and a screen reader read it so)."""
        from docx.oxml import parse_xml
        from lxml import etree

        spans = (Span(text),) if isinstance(text, str) else text
        spans = (Span(" " + spans[0].text, spans[0].strong, spans[0].emphasis),
                 *spans[1:]) if spans else (Span(" "),)
        note_id = self.next_id
        self.next_id += 1
        reference_style = self.styles["Footnote Reference"]
        run = paragraph.add_run()
        run.style = "Footnote Reference"  # by name: the document part looks it up once
        run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="{note_id}"/>'))
        self.element.append(etree.fromstring(
            f'<w:footnote xmlns:w="{W}" w:id="{note_id}"><w:p><w:pPr><w:pStyle '
            f'w:val="{self.styles["Footnote Text"]}"/></w:pPr><w:r><w:rPr><w:rStyle '
            f'w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r>{_runs(spans)}'
            f'{_foreign_run(foreign)}</w:p></w:footnote>'))

    def finish(self) -> None:
        """Write the footnotes into their part of the package."""
        from lxml import etree

        self.part._blob = etree.tostring(self.element, xml_declaration=True,
                                         encoding="UTF-8", standalone=True)


def _runs(spans: tuple[Span, ...]) -> str:
    """Spans as WordprocessingML runs, italic and bold kept."""
    runs = []
    for span in spans:
        props = ("<w:b/>" if span.strong else "") + ("<w:i/>" if span.emphasis else "")
        props = f"<w:rPr>{props}</w:rPr>" if props else ""
        runs.append(f'<w:r>{props}<w:t xml:space="preserve">{escape(span.text)}</w:t></w:r>')
    return "".join(runs)
def _foreign_run(foreign: tuple[str, str, str | None] | None) -> str:
    """The WordprocessingML of what leads a text in its own language, and of that text in
    a run of its own marked with its language; or nothing."""
    if foreign is None:
        return ""
    lead, text, language = foreign
    lang = f'<w:rPr><w:lang w:val="{escape(language)}"/></w:rPr>' if language else ""
    return (f'<w:r><w:t xml:space="preserve">{escape(lead)}</w:t></w:r>'
            f'<w:r>{lang}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')
