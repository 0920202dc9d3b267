"""The PDF's structure tree: what a screen reader follows, built from the memo's HTML.

WeasyPrint tags each page on its own: an element that runs over a page break becomes two
(two tables, each with a header row; two lists), a page's footnotes are read where the
page ends, list items hold more than a label and a body, and the running header and
footer are tagged content that no structure element reads. This module replaces
WeasyPrint's tagging step (`weasyprint.pdf.add_tags`, called as the PDF is written)
with one that makes one structure element per HTML element, however many pages it
spans, in the order of the HTML:

- headings, paragraphs, sections and quotations as H1-H6, P, Sect and BlockQuote;
- lists as L, each item an LI holding its Lbl (the bullet or number) and its LBody;
- tables as one Table whatever the pages, header cells with their Scope; the header
  row drawn again on a later page is read as part of the same cells, each copy a Span
  with an empty ActualText, so it is read once;
- a footnote as a Note (with an ID, listed in the ID tree) just after its Reference,
  the call in the text, not at the foot of the page;
- the page margins (running header, footer, page numbers, markings there) as
  pagination artifacts;
- an image as a Figure with its alt text, an image with alt="" as an artifact; a
  `<figure>` as a Div holding the image's Figure and its caption's Caption (the Figure's
  alt text stands for everything inside it, so the caption is beside it, not in it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...errors import TemplateError, Where

# HTML elements and the structure types they are tagged as; an element not listed is a
# Div if it is a block, a Span if not. None: no element of its own (its content belongs
# to its parent's).
_ROLES: dict[str, str | None] = {
    "html": None, "body": None, "br": None, "wbr": None,
    "h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "h5": "H5", "h6": "H6",
    "p": "P", "section": "Sect", "article": "Art", "main": "Part", "aside": "Aside",
    "header": "Div", "footer": "Div", "nav": "Div", "div": "Div",
    "blockquote": "BlockQuote", "q": "Quote", "code": "Code", "a": "Link",
    "ul": "L", "ol": "L", "dl": "L", "li": "LI", "dt": "LI", "dd": "LI",
    "table": "Table", "caption": "Caption", "thead": "THead", "tbody": "TBody",
    "tfoot": "TFoot", "tr": "TR", "th": "TH", "td": "TD",
    # A figure holds its picture (a Figure, with its alt text) and its caption beside it:
    # a Figure's alt text stands for all it holds, so the caption is not inside it.
    "img": "Figure", "figure": "Div", "figcaption": "Caption",
}
_CELLS = ("TH", "TD")
# Elements that hold only other elements: what is drawn directly in them (the spaces
# between the rows of a table laid out inline) is not read.
_CONTAINERS = ("Table", "THead", "TBody", "TFoot", "TR", "L")


@dataclass(eq=False)
class _Node:
    """A structure element, before it is written as a PDF dictionary."""

    role: str
    kids: list[Any] = field(default_factory=list)  # _Node, _Content or _Annotation
    attributes: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # Alt, Lang, ID
    wraps_content: bool = False  # a Span made only to hold a run of its parent's content

    def add(self, role: str) -> _Node:
        node = _Node(role)
        self.kids.append(node)
        return node


@dataclass(frozen=True)
class _Content:
    """A run of marked content: a page and the MCID WeasyPrint gave it there."""

    page: int
    mcid: int


@dataclass(frozen=True)
class _Annotation:
    page: int
    annotation: Any


def install() -> None:
    """Make WeasyPrint tag PDFs with `add_tags`."""
    import weasyprint.pdf

    weasyprint.pdf.add_tags = add_tags


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Add the structure tree to `pdf` (WeasyPrint's pydyf PDF, being written)."""
    _Tagger(pdf, document, page_streams).tag(pdf_version)


class _Tagger:
    def __init__(self, pdf: Any, document: Any, page_streams: list[Any]) -> None:
        self.pdf = pdf
        self.document = document
        self.streams = page_streams
        self.root = _Node("Document")
        self.nodes: dict[tuple[Any, str], _Node] = {}  # (HTML element, part) to node
        self.first_page: dict[Any, int] = {}  # a table's head or foot: where first drawn
        self.artifacts: dict[tuple[int, int], str | None] = {}  # (page, MCID): subtype
        self.notes = 0
        # HTML element: its parent (ElementTree's elements do not know it)
        html = _html_root(document.pages[0]._page_box) if document.pages else None
        self.parents: dict[Any, Any] = {} if html is None else {
            child: parent for parent in html.iter() for child in parent}

    def tag(self, pdf_version: Any) -> None:
        import pydyf

        for page_number, page in enumerate(self.document.pages):
            tags = self.streams[page_number]._tags
            self._visit(page._page_box, page_number, tags)
            for box in list(tags):  # drawn, yet not in the box tree: read by nobody
                self.artifacts[page_number, tags.pop(box)["mcid"]] = None
        self._prune(self.root)
        _wrap_mixed(self.root)
        numbers = self._mark_streams()
        root = pydyf.Dictionary({"Type": "/StructTreeRoot"})
        self.pdf.add_object(root)
        if str(pdf_version) >= "2.0":
            namespace = pydyf.Dictionary({"Type": "/Namespace",
                                          "NS": pydyf.String("http://iso.org/pdf2/ssn")})
            self.pdf.add_object(namespace)
            root["Namespaces"] = pydyf.Array([namespace.reference])
        # each page's MCIDs: the structure element each belongs to (the parent tree)
        owners: dict[int, dict[int, Any]] = {n: {} for n in range(len(self.streams))}
        annotations: list[tuple[Any, Any]] = []
        ids: list[tuple[str, Any]] = []
        document = self._write(self.root, root, numbers, owners, annotations, ids)
        root["K"] = pydyf.Array([document.reference])

        nums = pydyf.Array()
        for page_number in range(len(self.streams)):
            by_mcid = owners[page_number]
            nums.extend([page_number, pydyf.Array([by_mcid[n] for n in sorted(by_mcid)])])
        for index, (element, annotation) in enumerate(annotations, len(self.streams)):
            annotation["StructParent"] = index
            annotation["F"] = 4  # printed as shown (PDF/A and PDF/UA checkers ask it)
            nums.extend([index, element])
        parent_tree = pydyf.Dictionary({"Nums": nums})
        self.pdf.add_object(parent_tree)
        root["ParentTree"] = parent_tree.reference
        root["ParentTreeNextKey"] = len(self.streams) + len(annotations)
        if ids:
            names = pydyf.Array()
            for key, reference in sorted(ids):
                names.extend([pydyf.String(key), reference])
            root["IDTree"] = pydyf.Dictionary({"Names": names})
        self.pdf.catalog["StructTreeRoot"] = root.reference
        self.pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        self.pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
        if "Lang" not in self.pdf.catalog:
            self.pdf.catalog["Lang"] = pydyf.String("und")

    # Reading the boxes of each page

    def _visit(self, box: Any, page: int, tags: dict[Any, Any]) -> None:
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout.absolute import AbsolutePlaceholder

        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.MarginBox):
            subtype = ("Header" if box.at_keyword.startswith("@top") else
                       "Footer" if box.at_keyword.startswith("@bottom") else None)
            self._artifact(box, page, tags, subtype)
            return
        node = None
        element = box.element
        if element is not None and not isinstance(box, boxes.PageBox):
            # A table's head and foot are drawn again on each page the table spans.
            if element.tag in ("thead", "tfoot") and \
                    self.first_page.setdefault(element, page) != page:
                self._repeated(box, page, tags)
                return
            if element.tag == "img" and element.get("alt") == "":  # decorative
                self._artifact(box, page, tags, None)
                return
            node = self._owner(box)
            if box.link_annotation is not None and node.role == "Link":
                node.kids.append(_Annotation(page, box.link_annotation))
        owner = node or self.root
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)) and box in tags:
            if owner.role in _CONTAINERS:
                self.artifacts[page, tags.pop(box)["mcid"]] = None
                return
            owner.kids.append(_Content(page, tags.pop(box)["mcid"]))
            if isinstance(box, boxes.ReplacedBox) and owner.role == "Figure":
                self._figure(owner, box, page)
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                self._visit(child, page, tags)

    def _artifact(self, box: Any, page: int, tags: dict[Any, Any], subtype: str | None) -> None:
        for drawn in _descendants(box):
            if drawn in tags:
                self.artifacts[page, tags.pop(drawn)["mcid"]] = subtype

    def _repeated(self, box: Any, page: int, tags: dict[Any, Any]) -> None:
        """A table's head or foot drawn again on a later page: each cell's copy is read
        as part of the same cell, in a Span whose ActualText is empty, so the cell is
        read once. (An artifact would hide text the page shows as content, a line of
        prose to a checker.)"""
        from weasyprint.formatting_structure import boxes

        for drawn in _descendants(box):
            if drawn not in tags:
                continue
            mcid = tags.pop(drawn)["mcid"]
            cell = next((e for e in (drawn.element, *self._ancestors(drawn.element))
                         if e.tag in ("th", "td")), None) \
                if drawn.element is not None else None
            if cell is None or (cell, "") not in self.nodes or \
                    not isinstance(drawn, (boxes.TextBox, boxes.ReplacedBox)):
                self.artifacts[page, mcid] = None  # the rules and spaces of the grid
                continue
            if (cell, f"page {page}") not in self.nodes:
                copy = self.nodes[cell, f"page {page}"] = self.nodes[cell, ""].add("Span")
                copy.extra["ActualText"] = ""
            self.nodes[cell, f"page {page}"].kids.append(_Content(page, mcid))

    def _owner(self, box: Any) -> _Node:
        """The node a box's content belongs to, made (with its parents) when first met."""
        element = box.element
        pseudo = box.element_tag.partition("::")[2]
        if pseudo == "footnote-call":  # the call, in the text; the note goes just after it
            container = self._container(self.parents.get(element))
            if (element, "call") not in self.nodes:
                self.nodes[element, "call"] = container.add("Reference")
                note = self.nodes[element, ""] = container.add("Note")
                self.notes += 1
                note.extra["ID"] = f"note-{self.notes}"
            return self.nodes[element, "call"]
        if pseudo in ("marker", "footnote-marker"):
            item = self._node(element, box)
            if (element, "marker") not in self.nodes:
                self.nodes[element, "marker"] = _Node("Lbl")
                item.kids.insert(0, self.nodes[element, "marker"])
            return self.nodes[element, "marker"]
        node = self._node(element, box)
        return self._body(element, node) if node.role == "LI" else node

    def _node(self, element: Any, box: Any = None) -> _Node:
        """The node of an HTML element; for `html`, `body` and the like, their parent's."""
        if (element, "") in self.nodes:
            return self.nodes[element, ""]
        tag = element.tag if isinstance(element.tag, str) else ""
        if box is not None and box.style["float"] == "footnote":
            role: str | None = "Note"
        elif tag in _ROLES:
            role = _ROLES[tag]
        else:
            role = "Div" if box is not None and _is_block(box) else "Span"
        parent = self.parents.get(element)
        if role is None:
            return self._container(parent) if parent is not None else self.root
        node = self.nodes[element, ""] = self._container(parent).add(role) \
            if parent is not None else self.root.add(role)
        if lang := element.get("lang"):
            node.extra["Lang"] = lang
        if role in _CELLS:
            node.attributes["O"] = "/Table"
            if role == "TH":
                scope = element.get("scope", "")
                in_head = any(a.tag == "thead" for a in self._ancestors(element))
                node.attributes["Scope"] = (
                    "/Row" if scope.startswith("row") or (not scope and not in_head)
                    else "/Column")
            for attribute, key in (("rowspan", "RowSpan"), ("colspan", "ColSpan")):
                if (span := element.get(attribute, "1")).isdigit() and int(span) > 1:
                    node.attributes[key] = int(span)
        return node

    def _ancestors(self, element: Any) -> Iterator[Any]:
        while (element := self.parents.get(element)) is not None:
            yield element

    def _container(self, element: Any) -> _Node:
        """Where the children of an HTML element go: a list item's go in its body."""
        node = self._node(element)
        return self._body(element, node) if node.role == "LI" else node

    def _body(self, element: Any, item: _Node) -> _Node:
        if (element, "body") not in self.nodes:
            self.nodes[element, "body"] = item.add("LBody")
        return self.nodes[element, "body"]

    def _figure(self, node: _Node, box: Any, page: int) -> None:
        alt = box.element.get("alt")
        if alt is None:
            raise TemplateError(
                f"the image {box.element.get('src', '')} has no alt text, which a reader "
                "who cannot see it hears instead", Where(None),
                hint='give the <img> an alt="..." that says what it shows, or alt="" if '
                "it is only decoration")
        node.extra.setdefault("Alt", alt)
        # Its box on the page in PDF units (points, from the bottom left), as the layout
        # gives it in CSS pixels from the top left.
        x, y = box.content_box_x() * 0.75, box.content_box_y() * 0.75
        top = self.document.pages[page].height * 0.75
        node.attributes.setdefault("BBox", tuple(round(n, 2) for n in (
            x, top - y - box.height * 0.75, x + box.width * 0.75, top - y)))
        node.attributes.setdefault("O", "/Layout")

    def _prune(self, node: _Node) -> bool:
        """Drop elements with nothing to read (but table cells, which hold their
        place in the grid); return whether `node` stays."""
        node.kids = [kid for kid in node.kids if not isinstance(kid, _Node) or self._prune(kid)]
        return bool(node.kids) or node.role in _CELLS or node is self.root

    # Writing the PDF objects

    def _mark_streams(self) -> dict[tuple[int, int], int]:
        """Turn the marked content of artifacts into `/Artifact` sequences, and number
        what is left on each page from 0 in the order drawn; return the new MCIDs."""
        import pydyf

        numbers: dict[tuple[int, int], int] = {}
        for page_number, stream in enumerate(self.streams):
            count = 0
            for stream_object in [stream, *self._groups(stream)]:
                items = stream_object.stream
                for index, item in enumerate(items):
                    if not (isinstance(item, pydyf.Dictionary) and "MCID" in item):
                        continue
                    key = (page_number, item["MCID"])
                    if stream_object is stream and key not in self.artifacts:
                        numbers[key] = item["MCID"] = count
                        count += 1
                        continue
                    # Content drawn inside a group (a form XObject) cannot take part in
                    # the page's numbering: such decoration is an artifact.
                    subtype = self.artifacts.get(key)
                    items[index - 1] = "/Artifact"
                    items[index] = pydyf.Dictionary(
                        {"Type": "/Pagination", **({"Subtype": f"/{subtype}"} if subtype
                                                    else {})})
        return numbers

    def _groups(self, stream: Any) -> Iterator[Any]:
        import pydyf

        for pdf_object in self.pdf.objects:
            if (isinstance(pdf_object, pydyf.Stream) and pdf_object is not stream
                    and getattr(pdf_object, "_tags", None) is stream._tags):
                yield pdf_object

    def _write(self, node: _Node, parent: Any, numbers: dict[tuple[int, int], int],
               owners: dict[int, dict[int, Any]], annotations: list[tuple[Any, Any]],
               ids: list[tuple[str, Any]]) -> Any:
        import pydyf

        page_references = self.pdf.page_references
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{node.role}",
                                    "P": parent.reference})
        self.pdf.add_object(element)
        page = next((kid.page for kid in _contents(node)), None)
        if page is not None:
            element["Pg"] = page_references[page]
        for key, value in node.extra.items():
            element[key] = pydyf.String(value)
        if "ID" in node.extra:
            ids.append((node.extra["ID"], element.reference))
        if node.attributes:
            element["A"] = pydyf.Dictionary({
                key: pydyf.Array(value) if isinstance(value, tuple) else value
                for key, value in node.attributes.items()})
        kids = pydyf.Array()
        for kid in node.kids:
            if isinstance(kid, _Node):
                kids.append(self._write(kid, element, numbers, owners, annotations,
                                        ids).reference)
            elif isinstance(kid, _Content):
                if (kid.page, kid.mcid) not in numbers:  # drawn in a group: an artifact
                    continue
                number = numbers[kid.page, kid.mcid]
                owners[kid.page][number] = element.reference
                kids.append(number if kid.page == page else pydyf.Dictionary(
                    {"Type": "/MCR", "Pg": page_references[kid.page], "MCID": number}))
            else:
                reference = pydyf.Dictionary({"Type": "/OBJR",
                                              "Obj": kid.annotation.reference,
                                              "Pg": page_references[kid.page]})
                kids.append(reference)
                annotations.append((element.reference, kid.annotation))
        element["K"] = kids
        return element


def _contents(node: _Node) -> Iterator[_Content]:
    """The content of `node` and of its descendants, in order."""
    for kid in node.kids:
        if isinstance(kid, _Content):
            yield kid
        elif isinstance(kid, _Node):
            yield from _contents(kid)


def _wrap_mixed(node: _Node) -> None:
    """Give each run of content beside elements a Span of its own: tools that list an
    element's content before its children's then read it in order."""
    kids: list[Any] = []
    mixed = any(isinstance(kid, _Node) for kid in node.kids) and any(
        isinstance(kid, _Content) for kid in node.kids)
    for kid in node.kids:
        if isinstance(kid, _Node):
            _wrap_mixed(kid)
        if mixed and isinstance(kid, _Content):
            if not (kids and isinstance(kids[-1], _Node) and kids[-1].wraps_content):
                kids.append(_Node("Span", wraps_content=True))
            kids[-1].kids.append(kid)
            continue
        kids.append(kid)
    node.kids = kids


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _html_root(page_box: Any) -> Any:
    """The root HTML element, from the first page's boxes (None if it draws nothing)."""
    return next((child.element for child in page_box.children
                 if getattr(child, "element_tag", None) == "html"), None)


def _is_block(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.BlockLevelBox)
