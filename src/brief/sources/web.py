"""Read a saved web page: its article's paragraphs, and the rest of the page's text.

- The encoding comes from a byte-order mark, then the page's own `<meta charset>` or
  `http-equiv` declaration, then strict UTF-8, then charset-normalizer's best guess.
  Decoding is lenient: a byte the encoding cannot read becomes U+FFFD and is counted,
  so one bad byte does not lose the page.
- The article is trafilatura's, in its precision mode (chosen by measurement on the
  shared corpus, see bench/corpus.py), or its default mode where precision keeps less
  than half as much; the lead the page shows from its own description opens it where
  trafilatura left that out. Its paragraphs are the extracted document's own elements
  (paragraphs, headings, list items, quotes, table rows) and the text left after one
  (a tail), never the line wraps of the page's source; a line break is a space, a blank
  line parts paragraphs. Lines that say nothing of the article are left out: teasers
  ("Read more: …"), sign-up lines, advertising disclosures, photo credits, stamps,
  dates standing alone, comment counts, and the heading-like lines and note on the
  author trailing after its last sentence (CJK text counted by characters).
- The whole page's text, block by block, is kept as well (a line break a space): a
  quote found there but not in the article is cited with `scope: page`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from ..errors import SourceError, Where
from .base import BYTE_ORDER_MARKS, Block, FileMetadata, SourceText, split_authors
from .matching import CJK, normal_form, normalise

# The encodings WHATWG has browsers read in place of the one a page declares.
# A "site name" that is a date or a number: trafilatura takes the last part of a page's
# title for its site's name where the page names none ("Ein Artikel | 02.11.2021").
_NOT_A_NAME = re.compile(r"[\d\s./,:;|-]*|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}")


def _site_name(value: object) -> str | None:
    """The page's site name, unless it is none (a date, a number)."""
    if not isinstance(value, str) or _NOT_A_NAME.fullmatch(value.strip()):
        return None
    return value.strip()


_BROWSER_ENCODING = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252",
                     "latin1": "windows-1252", "ascii": "windows-1252",
                     "us-ascii": "windows-1252", "iso-8859-9": "windows-1254",
                     "tis-620": "windows-874", "gb2312": "gb18030", "gbk": "gb18030",
                     "x-sjis": "shift_jis", "utf8": "utf-8"}
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def decode_page(raw: bytes) -> tuple[str, str, int]:
    """The text of a page, the encoding it was read with, and how many of its bytes that
    encoding could not read (each now U+FFFD)."""
    for bom, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            return _lenient(raw, encoding)
    declared = _DECLARED.search(raw[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _BROWSER_ENCODING.get(name, name)
        try:
            codecs.lookup(name)
        except LookupError:
            pass
        else:
            if name.replace("_", "-") not in ("utf-16", "utf-16le", "utf-16be"):
                return _lenient(raw, name)
    try:
        return raw.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return _lenient(raw, best.encoding if best is not None else "utf-8")


def _lenient(raw: bytes, encoding: str) -> tuple[str, str, int]:
    try:
        return raw.decode(encoding), encoding, 0  # the common case: decoded once
    except UnicodeDecodeError:
        pass
    text = raw.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - raw.decode(encoding, errors="ignore").count("\ufffd")
    return text, encoding, bad


# Lines around an article that say nothing of it, in the languages of the news.
_RELATED = re.compile(
    r"(?i)^\W{0,3}(read more|read also|see also|related( articles| stories)?|"
    r"more on this( topic)?|(next|previous) (article|post|story)|"
    r"(lesen|lies|hören|sehen) sie (auch|mehr|hier|dazu|weiter)|lies (auch|mehr|hier)|"
    r"mehr zum thema|siehe auch|schon gelesen|weitere (informationen|infos|artikel|"
    r"beiträge|themen|nachrichten|meldungen)|weitere \w+ (zum|aus|in|im)|"
    r"(vorschau auf den )?(nächste|vorherige)[nr]? (artikel|beitrag)|über diese reihe|"
    r"zusatzinformationen|à lire aussi|lire aussi|voir aussi|leer más|lea también|"
    r"ver también|notas relacionadas|leggi anche|czytaj (też|także|również|więcej)|"
    r"zobacz (też|także)|dowiedz się więcej)\b"
    r"|^follow .{0,60} on (twitter|facebook|instagram)|\[(czytaj|zobacz) więcej\]\W*$")
# Newsletter, sign-up and feedback lines; advertising and affiliate disclosures.
_PROMPT = re.compile(
    r"(?i)\b(never miss|sign up (for|to)|(our|unser\w*|notre|nuestro|nostra) newsletter|"
    r"(sign up|subscribe|register|abonnier\w*|anmelden|inscri\w*|suscr[íi]b\w*|iscriviti)"
    r"\W+(\w+\W+){0,6}newsletter|newsletter\W+(\w+\W+){0,6}(abonnieren|bestellen|"
    r"anmelden|sign up|subscribe)|subscribe to (our|my|the) (newsletter|channel|podcast|"
    r"feed|mailing list)|rss-feed|we want to hear what you think|submit a letter|"
    r"(enthält|contains?) (unbezahlte |bezahlte )?(werbung|anzeigen?|affiliate|"
    r"references to products)|affiliate[- ]?links?|provisionslinks?|werbelinks?|"
    r"(may|might|could) (receive|earn|get) (a )?(small )?(compensation|commission)|"
    r"advertiser disclosure|enlaces de afiliados|liens (d'affiliation|affiliés))\b"
    r"|^\W{0,2}(werbung|anzeige|sponsored|gesponsert|advertorial)\W*$"
    r"|^\W{0,2}(werbung|anzeige|sponsored|gesponsert)\s*[.:|]"
    r"|^follow .{0,60} on (twitter|facebook|instagram)")
_CREDIT = re.compile(
    r"(?i)^[(\[]?(foto|photo|photos|bild|image|quelle|source|crédits? photos?|credits?|"
    r"fotos?|titelbild|bildnachweis|bildquelle|fuente|crédito)\s*:|^fot\.\s"
    r"|getty images|\bAFP\b|\bdpa\b|\breuters\b|©|^agencja gazeta")
# A photo credit in parentheses closing a caption: `… the launch pad. (Credit: NASA)`.
_CREDIT_AFTER = re.compile(
    r"(?i)\s*[(\[](photo |image )?(credits?|photo|foto|bild|image|crédits?|fuente|crédito)"
    r"\s*:[^()\[\]]{1,80}[)\]]\s*$")
# A date or time standing alone (`23.10.2018`, `2021-10-16 | Botschaft`, `3:59 PM`).
_DATE = re.compile(
    r"(?i)^\W*(\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}:\d{2}(\s?[ap]\.?m\.?)?)(\W|$)")
_STAMP = re.compile(
    r"(?i)^(last (updated|modified|changed)|updated( on)?|letzte änderung|"
    r"zuletzt (aktualisiert|geändert)|aktualisiert am|mis à jour|dernière mise à jour|"
    r"actualizado|no comments|(keine )?kommentare( insgesamt)?|\d+ (comments|kommentare|"
    r"commentaires)|you are not logged in|sie sind (aktuell )?nicht (eingeloggt|"
    r"angemeldet))\b")
# A trailing note on who wrote the article: "Jane Doe is a reporter at …".
_BIO = re.compile(
    r"(?i)^(about the author|über (den|die) autor(in)?|à propos de l'auteur|sobre el autor"
    r"|(\S+ ){1,3}(is|was|ist|war|est|es|è|jest) (an? |eine?r? |une? |una? |)?(\S+ ){0,6}?"
    r"(journalist|writer|reporter|editor|author|correspondent|columnist|contributor|"
    r"blogger|autor|redakteur|korrespondent|journaliste|rédact|periodista|redactor|"
    r"giornalista|redattore|dziennikar|publicyst)\w*)")
_SENTENCE_END = re.compile(r"[.!?…»\"“”')。！？」』）]\s*$")
_CJK_CHARACTER = re.compile(f"[{CJK}]")


def _words(text: str) -> int:
    """How many words a text has; in Chinese, Japanese and Korean (which may put no spaces
    between words) each character counts as one."""
    cjk = len(_CJK_CHARACTER.findall(text))
    return len(_CJK_CHARACTER.sub(" ", text).split()) + cjk


def _trailing_label(text: str, kind: str) -> bool:
    """Whether a block after the article's last sentence says nothing of it: a short
    heading or paragraph that does not end as a sentence does (a label, a by-line, a
    contact). List items, table rows and code end articles as content: they stay."""
    if kind not in ("head", "p"):
        return False
    if _words(text) <= 12 and not _SENTENCE_END.search(text):
        return True
    return _words(text) <= 80 and _BIO.search(text) is not None  # a note on the author


def _furniture(text: str, kind: str = "p") -> bool:
    """Whether a block says nothing of the article: a teaser for another ("Lesen Sie
    hier: …"), a newsletter or sign-up line, an advertising disclosure, a photo credit,
    a stamp or a date standing alone (a table row may be a date: it stays)."""
    words = _words(text)
    return ((words <= 20 and _RELATED.search(text) is not None)
            or (words <= 60 and _PROMPT.search(text) is not None)
            or (words <= 12 and (_CREDIT.search(text) or _STAMP.search(text)) is not None)
            or (words <= 4 and kind != "row" and _DATE.search(text) is not None))


_MOST_CHARACTERS = 20_000_000


def read_web_page(path: Path, raw: bytes, where: Where) -> SourceText:
    """The article of a saved web page, its metadata, and the rest of its text."""
    import trafilatura
    from trafilatura.utils import load_html

    text, encoding, bad = decode_page(raw)
    if len(text) > _MOST_CHARACTERS:  # trafilatura quietly reads no more than this
        raise SourceError(f"the web page {path.name} holds {len(text):,} characters: saved "
                          f"pages of more than {_MOST_CHARACTERS:,} characters cannot be "
                          "read", where,
                          hint="save the article alone (Reader view), or its text as .txt")
    document, blocks = _extract(trafilatura, text)
    if not blocks:
        raise SourceError(f"no article text found in the web page {path}", where,
                          hint="save the page again, or copy its text into a .txt file")
    tree = load_html(text)
    page = tuple(Block(t) for t in _page_texts(tree)) if tree is not None else ()
    found: dict[str, Any] = {}
    if document is not None:
        found = document if isinstance(document, dict) else document.as_dict()
    lead = _lead(found.get("description"), page, blocks)
    if lead is not None:
        first = next((n for n, b in enumerate(blocks) if not b.heading), len(blocks))
        blocks.insert(first, Block(lead))
    metadata = FileMetadata(title=found.get("title") or None,
                            authors=split_authors(found.get("author")),
                            date=found.get("date") or None, url=found.get("url") or None,
                            publisher=_site_name(found.get("sitename")))
    notes: tuple[str, ...] = ()
    if bad:
        notes = (f"{bad} byte{'s' if bad != 1 else ''} of the page cannot be read as "
                 f"{encoding}, the encoding it declares or seems to have: each shows as "
                 "\ufffd",)
    return SourceText("html", encoding, tuple(blocks), metadata, notes=notes,
                      page_blocks=page)


_BREAK = "\n"  # where the page has a line break (`<br>`, trafilatura's `<lb/>`)
_PARTS = frozenset(("p", "head", "item", "list", "quote", "code", "table"))


def _texts(element: Any) -> list[str]:
    """The text of an element, a line break in it a space between words; a blank line (two
    breaks in a row) parts paragraphs, as the page shows them."""
    pieces: list[str] = []
    stack: list[tuple[Any, bool]] = [(element, False)]
    while stack:  # the order of `itertext`, with each `<lb/>` a line break
        node, closing = stack.pop()
        if closing:
            if node is not element and node.tag in _PARTS:
                pieces.append(_BREAK * 2)
            if node is not element and node.tail:
                pieces.append(node.tail)
            continue
        if node is not element and node.tag in _PARTS:
            pieces.append(_BREAK * 2)  # a paragraph inside a list item or a quote
        pieces.append(_BREAK if node.tag == "lb" else node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    parts = re.split(r"\n[^\S\n]*\n\s*", "".join(pieces))
    return [text for text in (" ".join(part.split()) for part in parts) if text]


def _extract(trafilatura: Any, text: str) -> tuple[Any, list[Block]]:
    """trafilatura's document of the page and its article's blocks: in its precision mode,
    unless that keeps less than half the text of its default mode (it then dropped whole
    sections of the article, such as a list of questions and answers); a page where both
    find nothing is read in its recall mode, rather than not at all."""

    def read(precision: bool, recall: bool) -> tuple[Any, list[Block]]:
        document = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=True,
            url=None, favor_precision=precision, favor_recall=recall)
        article = _article_blocks(getattr(document, "body", None))
        while article and _trailing_label(*article[-1]):
            article.pop()  # headings and labels after the article's last sentence
        return document, [Block(t, heading=kind == "head") for t, kind in article]

    precise, default = read(True, False), read(False, False)
    if _length(precise[1]) * 2 < _length(default[1]):
        return default
    return precise if precise[1] else read(False, True)


def _length(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _lead(description: str | None, page: tuple[Block, ...], article: list[Block]
          ) -> str | None:
    """The article's lead (standfirst) where the article left it out: the block of the
    page that shows the page's own description (`<meta name="description">`, which may be
    cut short, even inside a word), when that is 8 words or more and not in the article.
    A kicker before it or a credit after it is left out."""
    summary = normal_form(re.sub(r"<[^>]*>", " ", description or ""))
    summary = summary.removesuffix("[...]").removesuffix("...").rstrip()
    if _words(summary) < 8:
        return None
    if not _SENTENCE_END.search(summary):
        summary = summary.rsplit(" ", 1)[0]  # the last word may be cut
    article_text = "\n".join(normal_form(block.text) for block in article)
    if summary in article_text:
        return None
    for block in page:
        shown = normalise(block.text)
        start = shown.text.find(summary)
        if not 0 <= start <= 60 or len(shown.text) > 2 * len(summary) + 80 \
                or shown.text in article_text:
            continue
        end = len(shown.text)
        rest = shown.text[start + len(summary):].strip()
        if rest and _words(rest) <= 12 and not _SENTENCE_END.search(rest):
            end = start + len(summary)  # a credit or label the page sets after the lead
        first, last = shown.original_span(start, end)
        return block.text[first:last].strip()
    return None


def _text(element: Any) -> str:
    return " ".join(_texts(element))


def _article_blocks(body: Any) -> list[tuple[str, str]]:
    """(text, kind) of each element of trafilatura's document: a paragraph (`p`), a
    heading (`head`), a list item (`item`), a quote, a table row (`row`), code; and the
    text trafilatura leaves after an element (its tail), a paragraph of its own."""
    if body is None:
        return []
    found: list[tuple[str, str]] = []

    def walk(container: Any) -> None:
        for element in container:
            if element.tag == "list":
                for item in element.findall("item"):
                    if item.find("list") is not None:
                        found.append((" ".join((item.text or "").split()), "item"))
                        walk(item)
                    else:
                        found.extend((text, "item") for text in _texts(item))
            elif element.tag == "table":
                for row in element.iter("row"):
                    found.append(("\t".join(_text(c) for c in row), "row"))
            elif element.tag in ("div", "quote") and len(element) and \
                    not (element.text or "").strip():
                walk(element)
            else:
                found.extend((text, str(element.tag)) for text in _texts(element))
            if element.tail and element.tail.strip():
                found.append((" ".join(element.tail.split()), "p"))
    walk(body)
    found = [(_CREDIT_AFTER.sub("", text), kind) for text, kind in found]
    return [(text, kind) for text, kind in found
            if text.strip() and not _furniture(text, kind)]


_BLOCK_TAGS = frozenset(str.split(
    "p div li h1 h2 h3 h4 h5 h6 td th tr blockquote section article header footer nav aside "
    "figcaption figure dt dd pre table ul ol form main title option button label hr "
    "address details summary caption center dl fieldset legend"))
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "head"))


def _page_texts(tree: Any) -> list[str]:
    """The text of every block of the whole page, as a browser breaks it into blocks."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            out.append(text)
        current.clear()

    stack: list[tuple[Any, bool]] = [(tree, False)]
    while stack:  # a loop, not recursion: pages nest deep
        element, closing = stack.pop()
        if closing:
            if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
                flush()
            if element.tail:
                current.append(element.tail)
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIPPED_TAGS:
            if element.tail:
                current.append(element.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        elif tag == "br":  # a line break within a block: a space between its words
            current.append(" ")
        if element.text:
            current.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
    return out
