"""Make the built-in templates' reference.docx files from python-docx's blank document.

House-style editors change reference.docx in Word or LibreOffice; this script only
records how the built-in ones were made. Run: python scripts/make_reference_docx.py
(the memo's), and python scripts/make_reference_docx.py --compact (the one-pager's:
the same styles with less space, to fit one page as its PDF does).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from brief.templates.word import tidy_reference

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
FONT = "DejaVu Sans"  # the theme's body (+Body) and headings (+Headings) font
TEMPLATES = Path(__file__).resolve().parents[1] / "src/brief/templates"


def set_font(style, size: float | None = None, *, bold: bool | None = None,  # type: ignore[no-untyped-def]
             color: RGBColor | None = None, italic: bool | None = None,
             theme: str | None = None) -> None:
    """Set a style's look. Its font is the theme's (`theme="minor"`: +Body, `"major"`:
    +Headings), or none of its own: it inherits Normal's, so that changing Normal's font,
    or the theme's, changes every style that follows it."""
    font = style.font
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    if theme is not None:
        fonts = OxmlElement("w:rFonts")
        for attr, script in (("w:asciiTheme", "HAnsi"), ("w:eastAsiaTheme", "EastAsia"),
                             ("w:hAnsiTheme", "HAnsi"), ("w:cstheme", "Bidi")):
            fonts.set(qn(attr), f"{theme}{script}")
        rpr.insert(0, fonts)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


def with_theme_fonts(docx: bytes) -> bytes:
    """The package with its theme's Latin fonts, +Headings and +Body, set to FONT (the
    styles name the theme's fonts, not FONT)."""
    import io
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as package, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for info in package.infolist():
            content = package.read(info)
            if info.filename == "word/theme/theme1.xml":
                content, count = re.subn(
                    rb'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"',
                    rb'\g<1>' + FONT.encode() + b'"', content)
                assert count == 2, "the theme's major and minor fonts"
            rebuilt.writestr(info, content)
    return out.getvalue()


def border(style, side: str, color: str, size_eighths: int, space: int = 4) -> None:  # type: ignore[no-untyped-def]
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def shade(style, fill: str) -> None:  # type: ignore[no-untyped-def]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    style.element.get_or_add_pPr().append(shd)


def add_field(paragraph, instruction: str, placeholder: str):  # type: ignore[no-untyped-def]
    """Add a simple field (PAGE, NUMPAGES); return its result run, for formatting."""
    from docx.text.run import Run

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    return [Run(run, paragraph)]


def paragraph_style(document, name: str, base: str = "Normal"):  # type: ignore[no-untyped-def]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    return style


def compact(document) -> None:  # type: ignore[no-untyped-def]
    """Less space everywhere: the one-pager's Word file fits one page like its PDF."""
    styles = document.styles
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(16), Mm(14)
    section.left_margin, section.right_margin = Mm(14), Mm(14)
    styles["Normal"].font.size = Pt(8.5)
    styles["Normal"].paragraph_format.space_after = Pt(2)
    styles["Normal"].paragraph_format.line_spacing = 1.0
    styles["Title"].font.size = Pt(15)
    styles["Subtitle"].font.size = Pt(10)
    for name, size in (("Heading 1", 11), ("Heading 2", 9.5)):
        styles[name].font.size = Pt(size)
        styles[name].paragraph_format.space_before = Pt(5 if name == "Heading 1" else 3)
        styles[name].paragraph_format.space_after = Pt(1)
    for name in ("List Bullet", "List Number", "List Continue", "Memo Header", "BLUF",
                 "Decision"):
        styles[name].paragraph_format.space_after = Pt(1)
    styles["Source"].font.size = Pt(7.5)
    styles["Source"].paragraph_format.space_after = Pt(1)


def main() -> None:
    document = Document()
    styles = document.styles

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    normal = styles["Normal"]
    set_font(normal, 10, color=RGBColor(0x1A, 0x1A, 0x1A), theme="minor")
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True

    set_font(styles["Title"], 18, bold=True, color=NAVY)
    for edge in styles["Title"].element.pPr.iterfind(qn("w:pBdr") + "/" + qn("w:bottom")):
        edge.set(qn("w:color"), "1F3A5F")  # python-docx's Title is ruled in its own blue
    styles["Title"].paragraph_format.space_after = Pt(4)
    subtitle = styles["Subtitle"]
    set_font(subtitle, 11, italic=False, color=RGBColor(0x44, 0x44, 0x44))
    spacing = subtitle.element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is not None:  # python-docx's Subtitle is letter-spaced; our PDF is not
        spacing.getparent().remove(spacing)
    for name, size, color in (("Heading 1", 12.5, NAVY), ("Heading 2", 10.5, None)):
        heading = styles[name]
        set_font(heading, size, bold=True, color=color or RGBColor(0x1A, 0x1A, 0x1A),
                 theme="major")
        heading.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 8)
        heading.paragraph_format.space_after = Pt(4 if name == "Heading 1" else 2)
        heading.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number", "List Continue"):
        styles[name].paragraph_format.space_after = Pt(3)

    organisation = paragraph_style(document, "Organisation")
    set_font(organisation, 9, color=NAVY)
    organisation.font.all_caps = True
    organisation.paragraph_format.space_after = Pt(4)

    memo_header = paragraph_style(document, "Memo Header")
    memo_header.paragraph_format.space_after = Pt(1)
    memo_header.paragraph_format.tab_stops.add_tab_stop(Mm(25))

    bluf = paragraph_style(document, "BLUF")
    shade(bluf, "EEF2F7")
    border(bluf, "left", "1F3A5F", 24, space=8)
    bluf.paragraph_format.left_indent = Mm(3)

    decision = paragraph_style(document, "Decision")  # the ask: a box ruled all round
    for side in ("top", "left", "bottom", "right"):
        border(decision, side, "1F3A5F", 8, space=4)
    decision.paragraph_format.left_indent = Mm(2)
    decision.paragraph_format.right_indent = Mm(2)

    passage = paragraph_style(document, "Passage")
    set_font(passage, 9, color=RGBColor(0x33, 0x33, 0x33))
    border(passage, "left", "9AA9BD", 12, space=6)
    passage.paragraph_format.left_indent = Mm(9)
    passage.paragraph_format.space_after = Pt(3)

    source = paragraph_style(document, "Source")
    set_font(source, 9)
    source.paragraph_format.space_after = Pt(3)

    marking = paragraph_style(document, "Marking", base="Header")
    set_font(marking, 9, bold=True, color=RGBColor(0xB0, 0x00, 0x20))
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # Header and footer: the header line (or page number) at the left margin, a
    # classification banner centred, a TLP label at the right margin.
    marking.paragraph_format.tab_stops.add_tab_stop(Mm(85), WD_TAB_ALIGNMENT.CENTER)
    marking.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    for stop in styles["Header"].paragraph_format.tab_stops:  # they would catch the tabs
        marking.paragraph_format.tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)


    citation = styles.add_style("Citation", WD_STYLE_TYPE.CHARACTER)
    citation.font.color.rgb = NAVY
    footnote_text = paragraph_style(document, "Footnote Text")
    set_font(footnote_text, 8, color=RGBColor(0x33, 0x33, 0x33))
    footnote_text.paragraph_format.space_after = Pt(0)
    footnote_text.paragraph_format.line_spacing = 1.0
    footnote_reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    footnote_reference.font.superscript = True
    footnote_reference.font.color.rgb = NAVY
    notes = paragraph_style(document, "Note")  # endnotes, listed at the end
    set_font(notes, 9)
    notes.paragraph_format.space_after = Pt(2)
    # The caption of a table or figure: Word's own Caption style, in the memo's navy (Word's
    # default blue is too light for small type on the bottom line's shading).
    caption = styles["Caption"]
    set_font(caption, 9, bold=True, color=NAVY)
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    # No Keep with next in the style: a table's caption, above it, is kept with it by the
    # renderer; a figure's, under it, is not tied to the text after it.
    for name in ("Incentives Table", "Options Table", "Memo Table"):
        table = styles.add_style(name, WD_STYLE_TYPE.TABLE)
        table.base_style = styles["Table Grid"]
        table.font.size = Pt(9)
    fingerprint = styles.add_style("Fingerprint", WD_STYLE_TYPE.CHARACTER)
    fingerprint.font.size = Pt(8)
    fingerprint.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = NAVY

    def small(run) -> None:  # type: ignore[no-untyped-def]
        run.font.size = Pt(8)
        run.font.bold = False
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)

    header = section.header.paragraphs[0]
    header.style = marking
    header.add_run("{logo}")
    small(header.add_run("{header_line}"))
    header.add_run("\t{classification}\t")
    header.add_run("{tlp}")
    footer = section.footer.paragraphs[0]
    footer.style = marking
    small(footer.add_run("{footer_lead}Page "))
    for run in add_field(footer, "PAGE", "1") or ():
        small(run)
    small(footer.add_run(" of "))
    for run in add_field(footer, "NUMPAGES", "1") or ():
        small(run)
    footer.add_run("\t{classification}\t")
    footer.add_run("{tlp}")

    # The body of the reference is replaced at build time; a note helps editors.
    document.paragraphs[0]._p.getparent().remove(document.paragraphs[0]._p) \
        if document.paragraphs else None
    document.add_paragraph(
        "Reference document of the brief memo template. Its styles, page setup, header "
        "and footer are used for the Word output; this text is not. Header and footer may "
        "hold {marking}, {tlp}, {classification}, {header_line}, {footer_lead}, {title}, "
        "{date}, {organisation}, {author}, {subject}, {header_text}, {footer_text} and "
        "{logo}.")

    props = document.core_properties
    props.title = "brief memo reference document"
    props.author = props.last_modified_by = "brief"
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1

    template = "memo"
    if "--compact" in sys.argv:
        compact(document)
        template = "one-pager"
    target = TEMPLATES / template / "reference.docx"
    document.save(str(target))
    # Tidied as brief tidies a house's reference.docx, so that Word opens it as it is.
    target.write_bytes(tidy_reference(target, with_theme_fonts(target.read_bytes())).docx)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
