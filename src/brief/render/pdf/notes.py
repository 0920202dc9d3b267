"""The footnote area's height, from each footnote's height measured once.

Each time WeasyPrint places a footnote on a page it lays out the page's whole footnote
area again, every note in it, only to learn the area's height (what is left of the page
for the text): a page of n notes lays its first note out n times. That was a sixth of the
example's render and a tenth of a 40-page memo's (docs/performance.md, "Layout").

Where the area's height is simply the sum of its notes' heights (each note a block with
no vertical margins, the area with no fixed, minimum or maximum height: brief's footnotes,
`float: footnote; footnote-display: block`), `install()` makes WeasyPrint lay each note out
once per page width, alone in a copy of the area, and add the heights up. Anything else
(inline notes, margins between notes, a `max-height` on `@footnote`, a house style's own
rules) takes WeasyPrint's own way, note by note, so the pages are the same either way;
the area drawn at the foot of each page is laid out by WeasyPrint as before.
"""

from __future__ import annotations

from math import inf
from typing import Any

# On the layout context: (note id, page width) -> the note and its height; "plain" -> False
# once a note was found not to be a plain block.
_HEIGHTS = "_brief_note_heights"


def install() -> None:
    """Make WeasyPrint add up the footnote area's height from its notes' own heights."""
    from weasyprint.layout import LayoutContext

    update = LayoutContext._update_footnote_area
    if getattr(update, "adds_up_notes", False):
        return

    def _update_footnote_area(self: Any) -> bool:
        height = summed_height(self)
        if height is None:  # not a plain stack of notes: WeasyPrint's own way
            return bool(update(self))
        area = self.current_footnote_area
        if area.height != "auto" and not self.in_column:
            self.page_bottom += area.margin_height()
        area.children = self.current_page_footnotes
        area.height = height
        if not self.in_column:
            self.page_bottom -= area.margin_height()
        return False  # a plain stack with no maximum height never overflows

    _update_footnote_area.adds_up_notes = True  # type: ignore[attr-defined]
    _update_footnote_area.original = update  # type: ignore[attr-defined]
    LayoutContext._update_footnote_area = _update_footnote_area


def summed_height(context: Any) -> float | None:
    """The footnote area's content height with the page's notes, the sum of each note's
    height alone; None where that sum is not the area's height."""
    area = context.current_footnote_area
    notes = context.current_page_footnotes
    if not notes or area.style["height"] != "auto" or area.min_height != 0 or \
            area.max_height != inf:
        return None
    heights = context.__dict__.setdefault(_HEIGHTS, {})
    if heights.get("plain") is False:  # a note was not a plain block: WeasyPrint's way on
        return None
    total = 0.0
    for note in notes:
        key = (id(note), area.page.width)
        if key not in heights:  # the note is kept with its height: its id stays its own
            heights[key] = (note, _alone(context, area, note))
        height = heights[key][1]
        if height is None:
            heights["plain"] = False
            return None
        total += height
    return total


def _alone(context: Any, area: Any, note: Any) -> float | None:
    """The height of `note` laid out alone in a copy of the footnote area, as WeasyPrint
    lays the area out; None unless it is a block with no vertical margins whose height is
    the area's."""
    from weasyprint.formatting_structure import boxes, build
    from weasyprint.layout.block import block_level_layout

    if not isinstance(note, boxes.BlockBox):
        return None
    children = area.children
    area.children = [note]
    try:
        copy = build.create_anonymous_boxes(area.deepcopy())
    finally:
        area.children = children
    laid = block_level_layout(context, copy, -inf, None, area.page)[0]
    if laid is None or len(laid.children) != 1:
        return None
    child = laid.children[0]
    if child.margin_top != 0 or child.margin_bottom != 0 or \
            laid.height != child.margin_height():
        return None
    return float(laid.height)
