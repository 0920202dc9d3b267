"""Turn the analyst's Markdown into format-neutral rich text (see `model`).

Python-Markdown parses; we take its element tree before it is serialised, so the
Word renderer never reads HTML. Raw HTML in the Markdown is shown as text, not
interpreted. Supported: paragraphs, **strong**, *emphasis*, `code`, links, line
breaks, bulleted and numbered lists, images (`![alt](figures/map.png "Caption")`),
each a figure after the text of its paragraph, and pipe tables with a caption
(`markdown_tables`). Headings become bold paragraphs; block quotes and code blocks
become plain paragraphs.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any
from xml.etree.ElementTree import Element

from .markdown_tables import table_block, table_extension, table_problem
from .model import (
    Block,
    Figure,
    ListBlock,
    RichText,
    Span,
    TableBlock,
    TextBlock,
    figures_in,
)

_INLINE_STYLES = {"strong": "strong", "b": "strong", "em": "emphasis", "i": "emphasis",
                  "code": "code"}


# A link or an image, `[text](address "title")`, found in one pass: Python-Markdown's own
# link patterns look for each `[`'s closing bracket afresh, which takes quadratic time.
# Read as CommonMark reads it: the text may hold balanced brackets; the address is either
# `<...>` (spaces allowed) or has no spaces, and parentheses in it only in balanced pairs
# (`Union_State_(Russia)`; nested up to _DEPTH deep) or escaped (`\(`); the title is in
# quotes or parentheses. Every repetition is bounded or possessive (nothing is tried
# twice), so each `[` costs at most a few thousand steps, whatever follows it. Group 3 is
# the address as written, in its angle brackets if any (see `_address`); group 4 the title.
_DEPTH = 3
_PLAIN_ADDRESS = r"[^\s()]"
for _level in range(_DEPTH):
    _PLAIN_ADDRESS = rf"(?:[^\s()]|\({_PLAIN_ADDRESS}*+\))"
_LINK = (r'(!?)\[((?:[^\[\]]|\[[^\[\]]{0,1000}\]){0,1000})\]\(\s*'
         rf'(<[^<>\n]{{0,2000}}>|(?!<){_PLAIN_ADDRESS}{{0,2000}}+)'
         r'(?:\s+("[^"]{0,1000}"|\'[^\']{0,1000}\'|\([^()]{0,1000}\)))?\s*\)')
# The link schemes a memo may carry: anything else (javascript:, file:, data:) is refused.
LINK_SCHEMES = ("http", "https", "mailto")


def _markdown() -> Any:
    import markdown
    from markdown.inlinepatterns import InlineProcessor

    class Links(InlineProcessor):
        def handleMatch(self, m: Any, data: str) -> tuple[Element, int, int]:
            if m[1]:  # an image: a figure, its title the caption
                element = Element("img", {"alt": m[2], "src": _address(m[3], self.md),
                                          "title": (m[4] or "")[1:-1]})
            else:
                element = Element("a", {"href": _address(m[3], self.md)})
                element.text = m[2]
            return element, m.start(0), m.end(0)

    md = markdown.Markdown(extensions=[table_extension()])
    md.preprocessors.deregister("html_block")
    md.parser.blockprocessors.deregister("reference")  # `[id]: address` stays text
    for name in ("html", "entity", "reference", "link", "image_link", "image_reference",
                 "short_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    md.inlinePatterns.register(Links(_LINK, md), "brief_link", 160)
    md.treeprocessors.deregister("prettify")  # only white space for the HTML, not needed
    return md


def _address(written: str, md: Any) -> str:
    """A link's address as the analyst wrote it, without its angle brackets: the code
    spans Python-Markdown has already put aside (its placeholders, as in
    ``javascript:alert`1` ``) are put back as written, in backticks (CommonMark: a link's
    address holds no code span). Its escapes (`\\(`) are undone with the rest of the
    text's."""
    if written.startswith("<") and written.endswith(">"):
        written = written[1:-1]
    if "\x02" not in written:
        return written
    from markdown.util import INLINE_PLACEHOLDER_RE

    stash = md.treeprocessors["inline"].stashed_nodes

    def put_back(match: re.Match[str]) -> str:
        value = stash.get(match[1], "")
        if isinstance(value, str):
            return value
        text = "".join(value.itertext())
        return f"`{text}`" if value.tag == "code" else text

    return INLINE_PLACEHOLDER_RE.sub(put_back, written)


def _tree(md: Any, text: str) -> Element:
    """The element tree of Markdown `text`: Python-Markdown's `convert` up to its tree,
    without writing the HTML brief does not use."""
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        replaced = treeprocessor.run(root)
        if replaced is not None:
            root = replaced
    return root


_MD: Any = None
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


# A line that opens more than 20 lists or quotes at once, or is indented past 80 columns
# (four a level): Python-Markdown would nest a level deeper for each, by recursion.
_DEEP = re.compile(r"(?m)^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]*){21}|^[ \t]{81}")
# A line of text with nothing Markdown would read as markup: no emphasis, code, link,
# escape or entity characters, and no start of a list, a rule, a heading, a quote or code
# (so no list marker or white space at the start, none but spaces inside, none at the end).
_PLAIN = re.compile(r"(?!\d{1,9}[.)](?:[ \t]|$))[^-+*#>=\s_`\[\]<>!\\&]"
                    r"(?:(?:[^*_`\[\]<>!\\&\s]| )*[^*_`\[\]<>!\\&\s])?")
_TOO_DEEP = ("the Markdown nests lists or quotes more than 20 levels deep (is a line full of "
             "`- `, `1. ` or `>`, or indented very far?)")


class MarkdownProblem(ValueError):
    """Markdown brief will not turn into a memo's text: nesting it cannot follow, or a
    link to something other than a web or mail address."""


def parse_markdown(text: str | None) -> RichText:
    """Return the rich-text blocks of Markdown `text` (empty for None); raise
    `MarkdownProblem` for lists or quotes nested too deep to follow."""
    if not text or not text.strip():
        return ()
    return _parse(text)


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> RichText:
    """Markdown parsed once: the check and the assembly of a memo read the same texts (the
    blocks are immutable, so they may be shared)."""
    global _MD
    if _PLAIN.fullmatch(text):  # one line, no Markdown in it: the text is its own paragraph
        return (TextBlock((Span(text.strip()),)),)
    if _DEEP.search(text):
        raise MarkdownProblem(_TOO_DEEP)
    if problem := table_problem(text):
        raise MarkdownProblem(problem)
    if _MD is None:
        _MD = _markdown()
    try:
        return _blocks(_tree(_MD, text))
    except RecursionError:
        _MD = None  # the parser's state is not to be trusted after it
        raise MarkdownProblem(_TOO_DEEP) from None


def markdown_problem(text: str) -> str | None:
    """What keeps Markdown `text` out of a memo, if anything: nesting too deep to follow,
    or a link whose address is not http, https or mailto."""
    return markdown_problem_at(text)[0]


def markdown_problem_at(text: str) -> tuple[str | None, str | None]:
    """`markdown_problem`, and the address of the link or image it is about (to find its
    line in the spec), if it is about one."""
    try:
        blocks = parse_markdown(text)
    except MarkdownProblem as problem:
        return str(problem), None
    for href in _links(blocks):
        if not link_allowed(href):
            return (f"the link to {href!r} is not a web or mail address: only http, https "
                    "and mailto links go into a memo"), href
    for figure in figures_in(blocks):
        refused = image_problem(figure)
        if refused:
            return refused, figure.file
    return None, None


def image_problem(figure: Figure) -> str | None:
    """What keeps a Markdown image out of a memo: no alternative text, or an address
    that is not a file of the project named by its path."""
    name = figure.file
    if not figure.alt:
        return (f"the image {name!r} has no alternative text, which a reader who cannot "
                "see it hears instead: write it between the brackets, ![what it shows](...)"
                " (a decorative image is a `figure` with `decorative: true`)")
    if not name or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", name) or name.startswith(("/", "\\")):
        return (f"the image {name!r} is not a file of the project: an image is named by "
                "its path from the spec's folder (figures/map.png), and brief fetches "
                "nothing from the network")
    return None


def link_allowed(href: str) -> bool:
    """Whether `href` is an address a memo may link to: http, https or mailto."""
    scheme, colon, rest = href.partition(":")
    return bool(colon) and scheme.lower() in LINK_SCHEMES and bool(rest.strip("/"))


def _links(blocks: RichText) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            found.extend(span.href for span in block.spans if span.href is not None)
        elif isinstance(block, TableBlock):
            cells = [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
            found.extend(span.href for cell in cells for span in cell if span.href is not None)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(_links(item))
    return found


def _blocks(parent: Element) -> RichText:
    blocks: list[Block] = []
    loose: list[Span] = []  # inline content directly in a tight list item
    figures: list[Figure] = []  # the images of the paragraph being read

    if parent.text and parent.text.strip():
        loose.append(Span(_squash(parent.text)))
    for child in parent:
        tag = child.tag
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"):
            _flush(loose, blocks)
            strong = tag.startswith("h")
            spans = _spans(child, figures, strong=strong, code=tag == "pre")
            if spans:
                blocks.append(TextBlock(spans))
            blocks.extend(figures)
            figures.clear()
        elif tag in ("ul", "ol"):
            _flush(loose, blocks)
            items = tuple(_blocks(li) for li in child if li.tag == "li")
            start = int(child.get("start", "1"))
            blocks.append(ListBlock(ordered=tag == "ol", items=items, start=start))
        elif tag in ("blockquote", "div"):
            _flush(loose, blocks)
            blocks.extend(_blocks(child))
        elif tag == "hr":
            _flush(loose, blocks)
        elif tag == "table":
            _flush(loose, blocks)
            blocks.append(table_block(child, lambda cell: _spans(cell, figures)))
        else:  # inline element directly in a list item
            loose.extend(_spans_of(child, {}, figures))
        if child.tail and (child.tail.strip() or loose):  # the space between two runs too
            loose.append(Span(_squash(child.tail)))
    _flush(loose, blocks)
    blocks.extend(figures)
    return tuple(blocks)


def _flush(loose: list[Span], blocks: list[Block]) -> None:
    spans = _tidy(loose)
    if spans:
        blocks.append(TextBlock(spans))
    loose.clear()


def _spans(element: Element, figures: list[Figure], *, strong: bool = False,
           code: bool = False) -> tuple[Span, ...]:
    style: dict[str, Any] = {}
    if strong:
        style["strong"] = True
    if code:
        style["code"] = True
    spans: list[Span] = []
    if element.text:
        spans.append(Span(element.text if code else _squash(element.text), **style))
    for child in element:
        spans.extend(_spans_of(child, style, figures))
        if child.tail:
            tail = _squash(child.tail)
            if child.tag == "img" and spans and spans[-1].text.endswith(" "):
                tail = tail.lstrip(" ")  # the image's place is not a second space
            spans.append(Span(tail, **style))
    return _tidy(spans)


def _spans_of(element: Element, style: dict[str, Any], figures: list[Figure]) -> list[Span]:
    if element.tag == "br":
        return [Span("\n", **style)]
    inner = dict(style)
    if element.tag in _INLINE_STYLES:
        inner[_INLINE_STYLES[element.tag]] = True
    elif element.tag == "a":
        inner["href"] = element.get("href")
    elif element.tag == "img":  # a figure, after the text of its paragraph
        figures.append(Figure(alt=_squash(element.get("alt", "")).strip(),
                              file=element.get("src", ""),
                              caption=_squash(element.get("title", "")).strip()))
        return []
    spans = [Span(_squash(element.text), **inner)] if element.text else []
    for child in element:
        spans.extend(_spans_of(child, inner, figures))
        if child.tail:
            spans.append(Span(_squash(child.tail), **inner))
    return spans


def _squash(text: str) -> str:
    """Fold the soft line breaks and indentation of Markdown source into spaces."""
    return _SOFT_BREAK.sub(" ", text)


def _tidy(spans: list[Span]) -> tuple[Span, ...]:
    """Drop empty spans and trim white space at the ends of a paragraph and of each line
    (the line end after a line break is not a space)."""
    kept = [s for s in spans if s.text]
    kept = [dataclasses.replace(s, text=s.text.lstrip(" ")) if i and kept[i - 1].text == "\n"
            else s for i, s in enumerate(kept)]
    kept = [s for s in kept if s.text]
    if kept and kept[0].text != "\n":
        kept[0] = Span(kept[0].text.lstrip(), kept[0].strong, kept[0].emphasis, kept[0].code,
                       kept[0].href)
    if kept and kept[-1].text != "\n":
        kept[-1] = Span(kept[-1].text.rstrip(), kept[-1].strong, kept[-1].emphasis,
                        kept[-1].code, kept[-1].href)
    return tuple(s for s in kept if s.text)
