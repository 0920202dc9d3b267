"""A PDF's structure tree as a screen reader follows it: read with pikepdf (the tree) and
pdfminer (the text of each marked-content sequence), not with brief's own code."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


@dataclass
class Element:
    role: str
    page: int | None  # 1-based: the page of its /Pg
    attributes: dict[str, Any]
    id: str | None
    alt: str | None
    kids: list[Element | str] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)  # every page its own content is on
    actual_text: str | None = None  # read instead of its content, if it has one

    @property
    def text(self) -> str:
        """All the text read out for this element, in order, white space folded, a space
        put between its pieces of content (each line of a paragraph is a marked-content
        sequence of its own). An element with an ActualText is read as its ActualText."""
        if self.actual_text is not None:
            return " ".join(self.actual_text.split())
        return " ".join(" ".join(
            kid if isinstance(kid, str) else kid.text for kid in self.kids).split())

    def walk(self) -> list[Element]:
        found = [self]
        for kid in self.kids:
            if isinstance(kid, Element):
                found.extend(kid.walk())
        return found

    def all(self, role: str) -> list[Element]:
        return [element for element in self.walk() if element.role == role]

    @property
    def elements(self) -> list[Element]:
        return [kid for kid in self.kids if isinstance(kid, Element)]

    @property
    def all_pages(self) -> set[int]:
        return set().union(*(element.pages for element in self.walk()))


@dataclass
class Marked:
    """What a page draws inside marked content: by MCID, and the artifacts' text."""

    texts: dict[tuple[int, int], str]  # (page, MCID): text
    artifacts: list[tuple[int, str, dict[str, str], str]]  # page, tag, properties, text


def marked_content(path: Path) -> Marked:
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    marked = Marked({}, [])

    class Collector(PDFDevice):
        def __init__(self, resources: Any) -> None:
            super().__init__(resources)
            self.page = 0
            self.stack: list[tuple[str, dict[str, str], list[str]]] = []

        def begin_page(self, page: Any, ctm: Any) -> None:
            self.page += 1

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            properties = {str(k): str(getattr(v, "name", v)) for k, v in props.items()} \
                if isinstance(props, dict) else {}
            self.stack.append((tag.name, properties, []))

        def end_tag(self) -> None:
            tag, properties, texts = self.stack.pop()
            text = "".join(texts)
            if "MCID" in properties:
                marked.texts[self.page, int(properties["MCID"])] = text
            elif tag == "Artifact":
                marked.artifacts.append((self.page, tag, properties, text))

        def do_tag(self, tag: Any, props: Any = None) -> None:
            pass

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            if not self.stack:
                raise AssertionError(f"page {self.page} draws text outside marked content")
            font = textstate.font
            for item in seq:
                if isinstance(item, bytes):
                    for cid in font.decode(item):
                        with contextlib.suppress(PDFUnicodeNotDefined):
                            self.stack[-1][2].append(font.to_unichr(cid))

    resources = PDFResourceManager()
    with path.open("rb") as file:
        device = Collector(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.get_pages(io.BytesIO(file.read())):
            interpreter.process_page(page)
    return marked


def structure(path: Path) -> Element:
    """The Document element of the PDF's structure tree, with the text of its content."""
    marked = marked_content(path)
    pdf = pikepdf.open(path)
    page_numbers = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}

    def element(node: Any, inherited: int | None) -> Element:
        page = page_numbers[node.Pg.objgen] if "/Pg" in node else inherited
        attributes: dict[str, Any] = {}
        owners = node.get("/A")
        for owner in (owners if isinstance(owners, pikepdf.Array) else
                      [owners] if owners is not None else []):
            attributes.update({str(k)[1:]: v for k, v in owner.items()})
        result = Element(str(node.S)[1:], page, attributes,
                         str(node.ID) if "/ID" in node else None,
                         str(node.Alt) if "/Alt" in node else None,
                         actual_text=str(node.ActualText) if "/ActualText" in node else None)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else
                    [kids] if kids is not None else []):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object)
                                        and kid._type_code == pikepdf.ObjectType.integer):
                assert page is not None
                result.kids.append(marked.texts[page, int(kid)])
                result.pages.add(page)
            elif kid.get("/Type") == "/MCR":
                kid_page = page_numbers[kid.Pg.objgen]
                result.kids.append(marked.texts[kid_page, int(kid.MCID)])
                result.pages.add(kid_page)
            elif kid.get("/Type") == "/OBJR":
                continue
            else:
                result.kids.append(element(kid, page))
        return result

    [document] = list(pdf.Root.StructTreeRoot.K) if isinstance(
        pdf.Root.StructTreeRoot.K, pikepdf.Array) else [pdf.Root.StructTreeRoot.K]
    return element(document, None)


def id_tree(path: Path) -> dict[str, str]:
    """The structure tree's IDs, and the type of the element each names."""
    pdf = pikepdf.open(path)
    names = pdf.Root.StructTreeRoot.IDTree.Names
    return {str(names[i]): str(names[i + 1].S)[1:] for i in range(0, len(names), 2)}
