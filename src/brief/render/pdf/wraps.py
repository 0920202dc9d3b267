"""A space where a line wraps, so that the words on either side stay apart.

WeasyPrint draws each line of a paragraph as text of its own and leaves out the space
at which it broke the line. A reader that takes the text from the PDF (a screen reader
following the structure tree, copy and paste, a text extractor) then runs the last word
of one line into the first of the next: "the decision" and "rests more" read as
"decisionrests". Here each line that ends where the text had a space ends with a space
glyph too, drawn after its last word (so nothing on the page moves), inside the line's
own marked content.

`mark(document)` finds those lines, once the document is laid out; `install()` makes
WeasyPrint draw the space as it draws them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

_LINE_ENDS = "_brief_ends_at_space"  # the attribute a text box is marked with
_NEAR = 30  # characters either side of a break compared with the element's text


def install() -> None:
    """Make WeasyPrint draw a space after the text of each marked box."""
    import weasyprint.draw.text

    draw = weasyprint.draw.text.draw_first_line
    if getattr(draw, "draws_wrap_spaces", False):
        return

    def draw_first_line(stream: Any, textbox: Any, text_overflow: Any,
                        block_ellipsis: Any, matrix: Any) -> Any:
        drawn = draw(stream, textbox, text_overflow, block_ellipsis, matrix)
        if getattr(textbox, _LINE_ENDS, False) and textbox.text.strip() and \
                text_overflow != "ellipsis" and block_ellipsis == "none":
            _draw_space(stream, textbox)
        return drawn

    draw_first_line.draws_wrap_spaces = True  # type: ignore[attr-defined]
    weasyprint.draw.text.draw_first_line = draw_first_line


def mark(document: Any) -> None:
    """Mark each text box that ends a line where the text had a space (not a hyphen,
    a dash or a slash the line broke after)."""
    texts: dict[Any, str] = {}  # a block's element: its text, white space folded
    for page in document.pages:
        for block, first, second in _breaks(page._page_box):
            element = block.element
            if element is None:
                continue
            if element not in texts:
                texts[element] = " ".join("".join(element.itertext()).split())
            before, after = _fold(first.text)[-_NEAR:], _fold(second.text)[:_NEAR]
            if not before or not after or before[-1] in "-\u00ad\u2010":
                continue
            text = texts[element]
            if f"{before} {after}" in text or f"{before}{after}" not in text:
                setattr(first, _LINE_ENDS, True)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _breaks(box: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Each block that holds lines, the last text box of a line and the first of the
    next, for each pair of lines in the block."""
    from weasyprint.formatting_structure import boxes

    if not isinstance(box, boxes.ParentBox):
        return
    lines = [child for child in box.children if isinstance(child, boxes.LineBox)]
    for line, next_line in itertools.pairwise(lines):
        last = next(reversed(list(_texts(line))), None)
        first = next(_texts(next_line), None)
        if last is not None and first is not None:
            yield box, last, first
    for child in box.children:
        yield from _breaks(child)


def _texts(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        if box.text.strip():
            yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _texts(child)


def _draw_space(stream: Any, textbox: Any) -> None:
    """Draw the space glyph of the font of the line's last run, where the line ends."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, harfbuzz, pango

    first_line, _ = textbox.pango_layout.get_first_line()
    run, last = first_line.runs[0], None
    while run != ffi.NULL:
        last, run = run.data, run.next
    if last is None:
        return
    pango_font = last.item.analysis.font
    font, font_size = stream.add_font(pango_font)  # the font the line ends in, as set
    if pango.pango_version() < 14802:  # as WeasyPrint measures its glyphs
        font_size = textbox.style["font_size"]
    if font.bitmap or font.png or font.svg or font.colr:
        return
    glyph = ffi.new("hb_codepoint_t *")
    if not _nominal_glyph(harfbuzz, ffi)(font.hb_font, 0x20, glyph):
        return
    glyph_id = glyph[0]
    font.to_unicode.setdefault(glyph_id, " ")  # the glyph is kept in the subset
    if glyph_id not in font.widths:
        pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect,
                                           stream.logical_rect)
        font.widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS
                                      / font_size)
    stream.show_text(f"<{glyph_id:04x}>")


def _nominal_glyph(harfbuzz: Any, ffi: Any) -> Any:
    """HarfBuzz's hb_font_get_nominal_glyph, which WeasyPrint does not declare."""
    try:
        return harfbuzz.hb_font_get_nominal_glyph
    except AttributeError:
        ffi.cdef("hb_bool_t hb_font_get_nominal_glyph (hb_font_t *font, "
                 "hb_codepoint_t unicode, hb_codepoint_t *glyph);")
        return harfbuzz.hb_font_get_nominal_glyph
