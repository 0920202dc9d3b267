"""The memo as one self-contained web page (`--format html`), for an intranet or a Teams
post: the PDF's own HTML (`html.render_html`, the template's `document.html.j2`), so the
same content in the same house style, made to stand alone and to read well in a browser.

- Every stylesheet is put inline, and every file it refers to (the logo, the house's
  fonts) as a `data:` address: the page fetches nothing. Only the template's own files are
  read, as for the PDF; an address of anything else is dropped.
- The marking stands in a banner at the top (`header`) and the bottom (`footer`) of the
  page instead of in the page margins, the house's logo (`style: logo:`) above it, with
  the alt text the Word file gives it; the memo is the `main` landmark.
- Footnotes (`citations: footnotes`) become numbered links to a list of notes at the end
  (a `section` with the Notes heading), each note with a link back to its call; endnotes
  (`citations: endnotes`) get the same links back.
- The page's own stylesheet (`WEB_CSS`) lays the memo out in a column on screen and leaves
  out what only a printed page has; the print rules of the house's CSS (`@page`) still
  apply when the page is printed.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...errors import TemplateError, Where
from ...files import inside, is_file, read_input
from ...model import Briefing
from ...templates import Template
from .html import render_html

# The page's own CSS, after the house's: a column of text on screen, the marking as a
# banner, the running elements of the PDF's page margins left out.
WEB_CSS = """
@media screen {
  html { background: #fff; }
  body { max-width: 48rem; margin: 0 auto; padding: 0 1.25rem 1.5rem; }
  main { display: block; }
}
.tlp-running, .classification-running, .marking-statement { display: none; }
.page-marking { text-align: center; margin: 0.75rem 0; font-weight: bold; }
.page-marking .logo { display: block; max-height: 3rem; max-width: 12rem; margin: 0 auto 0.5rem; }
.page-marking .tlp-label { display: inline-block; padding: 0.1rem 0.5rem; }
.footnote-call { font-size: 0.75em; vertical-align: super; line-height: 0; }
.web-notes { margin-top: 1.5rem; border-top: 1px solid #9aa9bd; font-size: 0.9em; }
.web-notes ol { padding-left: 1.5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); white-space: nowrap; }
main a { text-decoration: underline; }
.back-link { margin-left: 0.25rem; }
table.data { overflow-wrap: anywhere; }
"""
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""")


def render_web(briefing: Briefing, template: Template) -> bytes:
    """Return the memo as one self-contained, accessible HTML page (UTF-8)."""
    import lxml.html

    page = lxml.html.document_fromstring(render_html(briefing, template))
    _inline_stylesheets(page, template)
    _inline_images(page, template)
    body = page.body
    main = lxml.html.Element("main")
    main.text, body.text = body.text, None
    for child in list(body):
        main.append(child)
    body.append(main)
    _footnotes(main, template)
    _endnote_links(main)
    if briefing.marking or template.logo:
        body.insert(0, _marking(briefing, template, "header"))
    if briefing.marking:
        body.append(_marking(briefing, template, "footer"))
    head = page.head
    head.insert(1, lxml.html.fragment_fromstring(
        '<meta name="viewport" content="width=device-width, initial-scale=1">'))
    style = lxml.html.Element("style")
    style.text = WEB_CSS
    head.append(style)
    html = lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="unicode")
    return html.encode("utf-8")


def _marking(briefing: Briefing, template: Template, tag: str) -> Any:
    """The marking's banner, at the top (`header`) or the bottom (`footer`) of the page:
    a TLP label in its colour on black, classification text in the marking colour."""
    import lxml.html

    banner = lxml.html.Element(tag, {"class": "page-marking"})
    if tag == "header" and template.logo and is_file(template.logo):
        # the house's logo, which the PDF draws in its page header, at the top of the page
        kind = mimetypes.guess_type(template.logo.name)[0] or "application/octet-stream"
        data = base64.b64encode(_read(template.logo)).decode("ascii")
        name = briefing.organisation or template.name
        banner.append(lxml.html.Element("img", {
            "class": "logo", "src": f"data:{kind};base64,{data}", "alt": f"{name} logo"}))
    if not briefing.marking:
        return banner
    label = lxml.html.Element("span")
    label.text = briefing.marking
    if briefing.tlp:
        label.set("class", "tlp-label")
        label.set("style", f"--tlp-colour: {briefing.tlp_colour}")
    else:
        label.set("class", "classification-banner")
    paragraph = lxml.html.Element("p")
    if tag == "header":  # what a screen reader hears first, as in the PDF
        lead = lxml.html.Element("span", {"class": "visually-hidden"})
        lead.text = f"{template.labels['marking']}: "
        paragraph.append(lead)
    paragraph.append(label)
    banner.append(paragraph)
    return banner


def _footnotes(main: Any, template: Template) -> None:
    """Each footnote's text (`span.footnote`, which the PDF floats to the foot of its page)
    moved to a list of notes at the end of the memo, a numbered link in its place, and a
    link back from the note."""
    import lxml.html

    notes = main.xpath(".//span[contains(concat(' ', @class, ' '), ' footnote ')]")
    if not notes:
        return
    section = lxml.html.Element("section", {"class": "web-notes",
                                            "aria-labelledby": "web-notes-heading"})
    heading = lxml.html.Element("h2", {"id": "web-notes-heading"})
    heading.text = template.labels["notes"]
    section.append(heading)
    listing = lxml.html.Element("ol")
    section.append(listing)
    for number, note in enumerate(notes, start=1):
        call = lxml.html.fragment_fromstring(
            f'<sup class="footnote-call"><a id="note-call-{number}" href="#note-{number}" '
            f'aria-label="{template.labels["notes"]} {number}">{number}</a></sup>')
        call.tail = note.tail
        note.getparent().replace(note, call)
        item = lxml.html.Element("li", {"id": f"note-{number}"})
        item.text = note.text_content().strip() + " "
        item.append(_back_link(number))
        listing.append(item)
    # before the list of sources, where a reader of the PDF finds them on each page
    sources = main.xpath("./section[contains(concat(' ', @class, ' '), ' sources ')]")
    if sources:
        sources[0].addprevious(section)
    else:
        main.append(section)


def _endnote_links(main: Any) -> None:
    """Endnotes (`citations: endnotes`): each call given an id, each note a link back."""
    for link in main.xpath(".//sup[contains(@class, 'note-call')]/a[starts-with(@href, "
                           "'#note-')]"):
        number = link.get("href")[len("#note-"):]
        link.set("id", f"note-call-{number}")
        notes = main.xpath(f".//li[@id='note-{number}']")
        if notes and not notes[0].xpath(".//a[@class='back-link']"):
            notes[0].append(_back_link(int(number) if number.isdigit() else 0, number))


def _back_link(number: int, name: str | None = None) -> Any:
    import lxml.html

    name = name or str(number)
    return lxml.html.fragment_fromstring(
        f'<a class="back-link" href="#note-call-{name}" aria-label="Back to the text of note '
        f'{name}">↩</a>')


def _inline_stylesheets(page: Any, template: Template) -> None:
    """Every `<link rel=stylesheet>` replaced by a `<style>` holding its CSS, and every
    file a stylesheet refers to put in as a `data:` address."""
    import lxml.html

    for link in page.xpath("//link[@rel='stylesheet']"):
        href = link.get("href", "")
        css, base = _stylesheet(href, template)
        style = lxml.html.Element("style")
        style.text = _inline_urls(css, base, template)
        link.getparent().replace(link, style)
    for style in page.xpath("//style"):
        style.text = _inline_urls(style.text or "", template.folder, template)


def _inline_images(page: Any, template: Template) -> None:
    """Every picture put in as a `data:` address: a file of the template (as the PDF reads
    it); any other address is dropped (the picture's alt text stays), and so is any other
    `<link>` (an icon, a font), which would be fetched."""
    for image in page.xpath("//img[@src]"):
        address = image.get("src", "")
        if address.startswith("data:"):
            continue
        path = _template_file(address, template.folder, template)
        if path is None:
            del image.attrib["src"]
            continue
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        image.set("src", f"data:{kind};base64,{base64.b64encode(_read(path)).decode('ascii')}")
    for image in page.xpath("//img[@srcset]"):
        del image.attrib["srcset"]
    for link in page.xpath("//link"):
        link.getparent().remove(link)


def _stylesheet(href: str, template: Template) -> tuple[str, Path]:
    """The CSS of a stylesheet's address (a data: address or a template file), and the
    folder its own relative addresses start from."""
    if href.startswith("data:"):
        return _data(href).decode("utf-8", "replace"), template.folder
    path = _template_file(href, template.folder, template)
    if path is None:
        return "", template.folder
    return _read(path).decode("utf-8", "replace"), path.parent


def _inline_urls(css: str, base: Path, template: Template) -> str:
    def inline(match: re.Match[str]) -> str:
        address = match[2].strip()
        if not address or address.startswith(("data:", "#")):
            return match[0]
        path = _template_file(address, base, template)
        if path is None:  # the network, or a file not of the template: nothing is fetched
            return 'url("data:,")'
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(_read(path)).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    return _URL.sub(inline, css)


def _template_file(address: str, base: Path, template: Template) -> Path | None:
    """The template's file (or its logo) an address names, if it names one."""
    from urllib.request import url2pathname

    parts = urlsplit(address)
    if parts.scheme == "file":
        path = Path(url2pathname(parts.path))
    elif not parts.scheme and not parts.netloc:
        path = base / unquote(parts.path)
    else:
        return None
    allowed = [*template.folders, *([template.logo] if template.logo else [])]
    return path if is_file(path) and inside(path, allowed) else None


def _read(path: Path) -> bytes:
    return read_input(path, "template", Where(path), TemplateError, "template file")


def _data(address: str) -> bytes:
    header, _, payload = address.partition(",")
    if header.endswith(";base64"):
        return base64.b64decode(payload)
    return unquote(payload).encode("utf-8")
