"""A memo's citations and bibliography in a CSL style, through citeproc-py, as the model's
rich text (spans: italics kept, no HTML left in the text).

The notes are cited in the memo's order, so that a style shortens a later note to the same
source, or writes "Ibid." where it allows it. The bibliography lists every source of the
spec, in the style's order, without the locator of any note."""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import TemplateError, Where
from ..files import read_input
from ..model import Span

_NS = {"csl": "http://purl.org/net/xbiblio/csl"}
# Where a passage stands, as a CSL locator: its label (`paragraph`, `page`) and value.
Locator = tuple[str, str] | None


@dataclass(frozen=True)
class Cite:
    """One citation of a source: its id and where in it (None: the whole source)."""

    source_id: str
    locator: Locator = None


@dataclass(frozen=True)
class Formatted:
    """What a style made: each note's citation (in the order given), each other citation
    (each on its own, as a first citation), the bibliography (source id and entry, in the
    style's order), and whether the style cites in the text (author-date) or in notes."""

    notes: tuple[tuple[Span, ...], ...]
    others: tuple[tuple[Span, ...], ...]
    bibliography: tuple[tuple[str, tuple[Span, ...]], ...]
    in_text: bool


def locator(label: str) -> Locator:
    """A passage's place as brief writes it (`¶10`, `¶21–22`, `p. 3, ¶2`, `web page`) as a
    CSL locator: `("paragraph", "10")`, `("page", "3, ¶2")`; None for a whole web page."""
    if label.startswith("¶"):
        return ("paragraph", label[1:])
    if label.startswith("p. "):
        return ("page", re.sub(r"\bp\. ", "", label))
    return None


@functools.cache
def locale_name(language: str) -> str:
    """The CSL locale of the memo's `language`: `en` is `en-US`, `ru` `ru-RU`, `en-GB`
    itself; a language CSL has no locale for falls back on `en-US`."""
    from citeproc import LOCALES_PATH

    names = sorted(p.stem.removeprefix("locales-") for p in Path(LOCALES_PATH).glob("*.xml"))
    wanted = language.replace("_", "-")
    exact = [n for n in names if n.lower() == wanted.lower()]
    if exact:
        return exact[0]
    base = wanted.split("-")[0].lower()
    if base == "en":
        return "en-US"
    near = [n for n in names if n.split("-")[0].lower() == base]
    main = [n for n in near if n.lower() == f"{base}-{base}"]  # de-DE before de-AT
    return (main or near or ["en-US"])[0]


def format_citations(style_path: Path, where: Where, language: str,
                     items: Mapping[str, dict[str, Any]], notes: Sequence[Cite],
                     others: Sequence[Cite] = ()) -> Formatted:
    """Format `notes` (in order) and `others` in the CSL style at `style_path`, with the
    locale of `language`; `items` are the sources as CSL-JSON, by id, in the spec's
    order. A style file that is not CSL is one `TemplateError` at its line (`where`: the
    template's `citation_style`)."""
    from citeproc import CitationStylesBibliography, formatter

    style, language = _style(style_path, where, language)
    # citeproc-py folds ids to lower case: each source is cited by its position instead
    keys = {source_id: f"s{n}" for n, source_id in enumerate(items)}
    source = _source(items, keys)
    in_text = style.root.get("class") != "note"
    # A note starts with a capital ("Ibid."), as citeproc-js writes it, unless the style
    # keeps its "ibid" in lower case (OSCOLA)
    capital = not style.root.xpath("//csl:text[@term='ibid' and @text-case='lowercase']",
                                   namespaces=_NS)

    def bibliography() -> Any:
        made = CitationStylesBibliography(style, source, formatter.html)
        for key in keys.values():  # each source first without a locator: the entries have none
            made.register(_citation(key, None))
        return made

    places = _Places()

    def finished(html: str) -> tuple[Span, ...]:
        return _finish(places.put_back(_spans(html)), in_text, language, capital)

    try:
        main = bibliography()
        listed = style.root.find(f"{{{_NS['csl']}}}bibliography") is not None
        if listed:  # a style without a bibliography leaves the list of sources brief's own
            main.sort()
        cited = [_citation(keys[c.source_id], places.locator(c.locator)) for c in notes]
        for citation in cited:
            main.register(citation)
        # A style that never asks a citation's position (first, subsequent, ibid) writes
        # the same citation of the same place alike: each is formatted once (citeproc-py
        # takes some 15 ms a citation)
        alike = not style.root.xpath("//csl:*[@position]", namespaces=_NS)
        made: dict[tuple[str, int], tuple[Span, ...]] = {}
        noted_list = []
        for citation, cite in zip(cited, notes, strict=True):
            same = (cite.source_id, id(citation.cites[0].get("locator")))
            if not alike or same not in made:
                made[same] = finished(main.cite(citation, _ignore))
            noted_list.append(made[same])
        noted = tuple(noted_list)
        other = []
        for cite in others:
            alone = bibliography()
            citation = _citation(keys[cite.source_id], places.locator(cite.locator))
            alone.register(citation)
            other.append(finished(alone.cite(citation, _ignore)))
        by_key = {key: source_id for source_id, key in keys.items()}
        entries = tuple((by_key[item.key], _tidy(_spans(str(entry)), language))
                        for item, entry in zip(main.items, main.bibliography(), strict=True)
                        ) if listed else ()
    except Exception as exc:  # citeproc-py raises anything on a style it cannot run
        raise TemplateError(f"the citation style {style_path.name} cannot be used: "
                            f"{type(exc).__name__}: {exc}", where,
                            hint="check the style with a CSL validator, or choose a bundled "
                            "style") from None
    return Formatted(noted, tuple(other), entries, in_text)


class _Places:
    """A page and paragraph (`3, ¶2`) is one place, but a CSL processor would read two
    numbers as two pages ("pp. 3, ¶2"): the style is given a stand-in page number (two
    where the place spans pages), and the place is put back where the stand-in stands.
    One place is one locator object, so that citeproc-py, which compares them by
    identity, sees a note to the same place as the one before as "Ibid." alone."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # the place, by its stand-in
        self.locators: dict[tuple[str, str], Any] = {}

    def locator(self, where: Locator) -> Any:
        from citeproc.source import Locator as CslLocator

        if where is None:
            return None
        if where[0] == "page" and not re.fullmatch(r"\d+(?:[–-]\d+)?", where[1]):
            number = 900_000_001 + 2 * len(self.tokens)
            token = next((t for t, place in self.tokens.items() if place == where[1]),
                         f"{number}, {number + 1}" if " – " in where[1] else str(number))
            self.tokens[token] = where[1]
            where = ("page", token)
        return self.locators.setdefault(where, CslLocator(*where))

    def put_back(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        def text(value: str) -> str:
            for token, place in self.tokens.items():
                value = value.replace(token, place)
            return value

        return tuple(Span(text(s.text), s.strong, s.emphasis, href=s.href) for s in spans)


def _style(path: Path, where: Where, language: str) -> tuple[Any, str]:
    """The CSL style at `path`, read once, no larger than a template's file may be, and the
    language its words are in: the memo's, but for a memo in `en` alone, the style's own
    English (`default-locale`: OSCOLA's `en-GB`). A file that is not XML, declares a
    DOCTYPE (whose entities could pull another file into the citations), or is not a CSL
    style is one message at its line."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    data = read_input(path, "template", where, TemplateError, "the citation style")
    try:
        tree = etree.parse(io.BytesIO(data), etree.XMLParser(
            no_network=True, resolve_entities=False, load_dtd=False))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or None
        raise TemplateError(f"the citation style {path.name} is not well-formed XML: "
                            f"{exc.msg}", Where(path, line, exc.offset or None),
                            hint="fix the file, or choose a bundled style") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TemplateError(f"the citation style {path.name} declares a DOCTYPE, which a CSL "
                            "style never needs: brief does not read its entities",
                            Where(path, 1), hint="remove the <!DOCTYPE …> line")
    data = _adapted(tree, data)
    own = str(tree.getroot().get("default-locale") or "")
    if language.lower() == "en" and own.lower().startswith("en-"):
        language = own
    locale = locale_name(language)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(io.BytesIO(data), locale=locale, validate=False)
    except Exception as exc:  # citeproc-py's own errors are bare exceptions
        raise TemplateError(f"the citation style {path.name} cannot be read: {exc}",
                            Where(path), hint="choose a bundled style") from None
    root = style.root
    if not str(root.tag).endswith("}style") or root.find(
            "{http://purl.org/net/xbiblio/csl}citation") is None:
        raise TemplateError(f"{path.name} is not a CSL style: it has no <citation> element",
                            Where(path, root.sourceline), hint="choose a bundled style")
    _check_parts(root, path)
    return style, language


def _check_parts(root: Any, path: Path) -> None:
    """What a CSL style needs before it runs, each missing part one message at its line: a
    `<layout>` in its `<citation>` and `<bibliography>`, and every macro it calls."""
    ns = _NS["csl"]
    for part in ("citation", "bibliography"):
        element = root.find(f"{{{ns}}}{part}")
        if element is not None and element.find(f"{{{ns}}}layout") is None:
            raise TemplateError(f"the citation style {path.name} cannot be used: its <{part}> "
                                "has no <layout>, which says how each entry reads",
                                Where(path, element.sourceline),
                                hint="add the <layout>, or choose a bundled style")
    macros = {m.get("name") for m in root.iterfind(f"{{{ns}}}macro")}
    for call in root.xpath("//csl:*[@macro]", namespaces=_NS):
        if call.get("macro") not in macros:
            raise TemplateError(f"the citation style {path.name} cannot be used: it calls the "
                                f"macro '{call.get('macro')}', which it does not define",
                                Where(path, call.sourceline),
                                hint="add the <macro name=…>, or choose a bundled style")


def _adapted(tree: Any, data: bytes) -> bytes:
    """The style as brief runs it: a note style's citations without their last full stop
    (the renderers end each note, after its grade: an abbreviation's stop is left, "Ibid.
    [B]."), and without `disambiguate` conditions (`_without_disambiguation`)."""
    from lxml import etree

    layouts = tree.xpath("/csl:style[@class='note']/csl:citation/csl:layout[@suffix='.']",
                         namespaces=_NS)
    for layout in layouts:
        del layout.attrib["suffix"]
    if _without_disambiguation(tree) or layouts:
        return bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))
    return data


def _without_disambiguation(tree: Any) -> bool:
    """The style without its `disambiguate="true"` conditions, which citeproc-py does not
    read and so takes as true: Chicago's later notes would all carry the date. A memo's
    sources are told apart by their titles, so no citation needs them. A style whose later
    notes point back to the first ("(n 1)", OSCOLA), a number citeproc-py cannot give,
    keeps them: the title stays in their place. Whether it changed."""
    found = tree.xpath("//csl:if[@disambiguate] | //csl:else-if[@disambiguate]",
                       namespaces=_NS)
    if not found or tree.xpath("//csl:*[@variable='first-reference-note-number']",
                               namespaces=_NS):
        return False
    for condition in found:
        if any(name in condition.attrib for name in _CONDITIONS):
            del condition.attrib["disambiguate"]  # its other conditions still hold
        else:
            condition.getparent().remove(condition)
    return True


# The conditions a CSL `if` may test besides `disambiguate`.
_CONDITIONS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")


def _source(items: Mapping[str, dict[str, Any]], keys: Mapping[str, str]) -> Any:
    from citeproc.source.json import CiteProcJSON

    return CiteProcJSON([{**item, "id": keys[source_id]} for source_id, item in items.items()])


def _citation(key: str, where: Any) -> Any:
    """A citation of one source, at a citeproc-py locator (None: the whole source)."""
    from citeproc import Citation, CitationItem

    if where is None:
        return Citation([CitationItem(key)])
    return Citation([CitationItem(key, locator=where)])


def _ignore(item: Any) -> None:
    """Every source cited is in the bibliography's source: nothing is missing."""


class _Spans(HTMLParser):
    """citeproc-py's HTML as spans: `<i>` emphasis, `<b>` strong, the rest as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[Span] = []
        self.italic = self.bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.italic += tag == "i"
        self.bold += tag == "b"

    def handle_endtag(self, tag: str) -> None:
        self.italic -= tag == "i" and self.italic > 0
        self.bold -= tag == "b" and self.bold > 0

    def handle_data(self, data: str) -> None:
        if not data:
            return
        style = (self.bold > 0, self.italic > 0)
        last = self.spans[-1] if self.spans else None
        if last is not None and (last.strong, last.emphasis) == style:
            self.spans[-1] = Span(last.text + data, *style)
        else:
            self.spans.append(Span(data, *style))


# A `<` that opens none of the tags citeproc-py's HTML formatter writes.
_NOT_A_TAG = re.compile(r"<(?!/?(?:i|b|l|u|sup|sub|span)\b)")
# A web address in a citation, without the punctuation after it (or `<>` around it).
_ADDRESS = re.compile(r"https?://[^\s<>]+?(?=[.,;:)]?(?:\s|>|$))")


def _spans(html: str) -> tuple[Span, ...]:
    """citeproc-py's HTML as spans, each web address a link."""
    parser = _Spans()
    # citeproc-py leaves a style's affixes unescaped: OSCOLA's `<` before an address
    parser.feed(_NOT_A_TAG.sub("&lt;", str(html)))
    parser.close()
    out: list[Span] = []
    for span in parser.spans:
        at = 0
        for found in _ADDRESS.finditer(span.text):
            out += [Span(span.text[at:found.start()], span.strong, span.emphasis),
                    Span(found[0], span.strong, span.emphasis, href=found[0])]
            at = found.end()
        out.append(Span(span.text[at:], span.strong, span.emphasis))
    return tuple(s for s in out if s.text)


def _tidy(spans: tuple[Span, ...], language: str) -> tuple[Span, ...]:
    """American English puts a comma or full stop inside the closing quotation mark
    (`“Title,”`), which citeproc-py leaves outside; a title ending in a question mark
    takes neither; spaces doubled by an empty variable are made one."""
    american = locale_name(language) == "en-US"
    out: list[Span] = []
    for span in spans:
        text = re.sub(r"  +", " ", span.text)
        # a question or exclamation mark ends the title: no comma or full stop after it
        text = re.sub(r"([?!][”’]?)[,.]", r"\1", text)
        if american:
            text = re.sub(r"([”’])([,.])", r"\2\1", text)
        if out and re.search(r"[?!][”’»“]?$", out[-1].text) and text[:1] in ",.":
            text = text[1:]  # across spans: an italic title's question mark, then a stop
        out.append(Span(text, span.strong, span.emphasis, href=span.href))
    return tuple(s for s in out if s.text)


def _finish(spans: tuple[Span, ...], in_text: bool, language: str,
            capital: bool = True) -> tuple[Span, ...]:
    """A citation as the model holds it: a note's without its last full stop (taken from
    the style's layout: the renderers end the note; an abbreviation's stays, "Ibid.") and,
    with `capital`, capitalised (`Ibid.`); an in-text one without its parentheses (the
    renderers put it in them, or in a note)."""
    spans = _tidy(spans, language)
    if not spans:
        return spans
    first, last = spans[0], spans[-1]
    if in_text:
        if first.text.startswith("(") and last.text.endswith(")"):
            spans = _edit(spans, 0, first.text[1:])
            spans = _edit(spans, len(spans) - 1, spans[-1].text[:-1])
        return tuple(s for s in spans if s.text)
    if capital:
        spans = _edit(spans, 0, first.text[:1].upper() + first.text[1:])
    return tuple(s for s in spans if s.text)


def _edit(spans: tuple[Span, ...], at: int, text: str) -> tuple[Span, ...]:
    old = spans[at]
    return (*spans[:at], Span(text, old.strong, old.emphasis, href=old.href), *spans[at + 1:])
