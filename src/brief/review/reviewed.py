"""Read a reviewed Word file: its paragraphs before and after the tracked changes, the
changes themselves, the comments with their replies, and brief's trace.

A review LibreOffice saved as OpenDocument text (.odt) is read too (`opendocument`).
What is not a file brief can read gets one message at the file, and nothing else
happens: a missing file, a folder, an empty file, a PDF or a spec given by mistake, a
Word 97-2003 file or a password-protected one (both OLE compound files), another
OpenDocument file, a ZIP that holds no Word document, a damaged part, a file larger than
`BRIEF_MAX_REVIEW_SIZE`, one that unpacks to more than `BRIEF_MAX_UNPACKED_SIZE` (a ZIP
bomb) or holds more than a Word source may (`sources.budgets`).

What is read is declared in `changes` (`Change`, `ReviewedParagraph`, `Comment`, ...,
importable from here too); the body's paragraphs and their changes are read by
`tracked`, the comments by `comments`, an .odt by `opendocument`."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ..errors import ReviewError, Where, display_path
from ..files import check_zip, read_input
from ..ooxml import W, part_at, relationships_part
from ..origins import NAMESPACE, BuildTrace
from ..sources.budgets import BUDGETS, Spent, budget, count_word_xml
from .changes import (
    DELETE,
    FORMAT,
    INSERT,
    MOVE_FROM,
    MOVE_TO,
    PARAGRAPH_DELETE,
    PARAGRAPH_INSERT,
    Anchor,
    Change,
    Comment,
    ReviewedDocument,
    ReviewedParagraph,
)
from .comments import read_comments
from .opendocument import read_opendocument
from .tracked import Reader

__all__ = ["DELETE", "FORMAT", "INSERT", "MOVE_FROM", "MOVE_TO", "PARAGRAPH_DELETE",
           "PARAGRAPH_INSERT", "Anchor", "Change", "Comment", "ReviewedDocument",
           "ReviewedParagraph", "read_reviewed"]

_W = f"{{{W}}}"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as Word (.docx), then run " \
    "brief review on the .docx"
ODT_MESSAGE = ("LibreOffice saved the review as OpenDocument (.odt); open it in LibreOffice "
               "and save it as Word (File > Save As, 'Word 2007-365 (.docx)'), then run "
               "brief review on the .docx")
_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DCTERMS = "http://purl.org/dc/terms/"


def read_reviewed(path: Path) -> ReviewedDocument:
    """Read the reviewed Word file at `path`. Raise `ReviewError` (one clear message,
    at the file) when it is missing, not a Word file, an OpenDocument file, a Word
    97-2003 or password-protected file, damaged, or larger than brief reads."""
    where = Where(path)
    data = _read(path, where)
    package = _package(data, path, where)
    if _mimetype(package).startswith(ODT):
        return _read_odt(package, path, where)
    parts = _Parts(package, path, where)
    margins = [name for kind in ("header", "footer")
               for name in parts.of_document.get(kind, [])]
    _within_budget(parts.package, [parts.document, parts.related("footnotes"),
                                   parts.related("comments"), *margins], path, where)
    document = parts.xml(parts.document)
    if document is not None and str(document.tag).startswith("{http://purl.oclc.org/ooxml/"):
        raise ReviewError(f"the reviewed file {_shown(path)} was saved as Strict Open XML, "
                          "which brief review does not read", where,
                          hint="open it in Word and save it as 'Word Document (*.docx)', not "
                          "'Strict Open XML Document', then run brief review on it")
    body = document.find(f"{_W}body") if document is not None else None
    if body is None:
        raise ReviewError(f"the reviewed file {_shown(path)} cannot be read: its "
                          f"{parts.document} has no document body", where,
                          hint=f"{_SAVE_AS_DOCX}")
    styles, default = _styles(parts.xml(parts.related("styles")))
    reader = Reader(styles, default)
    reader.body(body)
    footnotes = parts.xml(parts.related("footnotes"))
    if footnotes is not None:
        reader.footnotes(footnotes)
    reader.finish()
    paragraphs = tuple(reader.paragraphs)
    comments = read_comments(parts.xml(parts.related("comments")),
                             parts.xml(parts.related("commentsExtended")), reader.marks,
                             paragraphs)
    by, modified = _core(parts.xml(parts.core))
    return ReviewedDocument(path, paragraphs, comments, _trace(parts, path, where), by,
                            modified, _tracking(parts.xml(parts.related("settings"))),
                            _headers_footers(parts, margins, styles, default))


def _headers_footers(parts: _Parts, names: list[str], styles: dict[str, str],
                     default: str) -> tuple[ReviewedParagraph, ...]:
    reader = Reader(styles, default)
    for name in dict.fromkeys(names):
        root = parts.xml(name)
        if root is not None:
            reader.body(root, "header" if root.tag == f"{_W}hdr" else "footer")
    reader.finish()
    return tuple(reader.paragraphs)


def _shown(path: Path) -> str:
    return display_path(path)


def _read(path: Path, where: Where) -> bytes:
    try:
        data = read_input(path, "review", where, ReviewError, "the reviewed file")
    except FileNotFoundError:
        raise ReviewError(f"the reviewed file {_shown(path)} does not exist", where,
                          hint="name the Word file (.docx) the reviewer sent back: "
                          "brief review SPEC.yaml REVIEWED.docx") from None
    if not data:
        raise ReviewError(f"the reviewed file {_shown(path)} is empty", where,
                          hint="ask the reviewer for the file again, or save it again "
                          "from Word or LibreOffice as .docx")
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ReviewError(
                f"the reviewed file {_shown(path)} is protected by a password: brief "
                "cannot read it", where,
                hint="open it in Word, remove the password (File > Info > Protect "
                "Document > Encrypt with Password: clear it) and save it, then run brief "
                "review again")
        raise ReviewError(f"the reviewed file {_shown(path)} is a Word 97-2003 document "
                          "(.doc), not a .docx", where, hint=_SAVE_AS_DOCX)
    if not data.startswith(b"PK"):
        raise _not_word(data, path, where)
    return data


def _not_word(data: bytes, path: Path, where: Where) -> ReviewError:
    """What a file that is not a ZIP package is, said as a mistake the user can fix."""
    if data.startswith(b"%PDF"):
        return ReviewError(f"the reviewed file {_shown(path)} is a PDF, not a Word file",
                           where, hint="brief review reads the Word file (.docx) the "
                           "reviewer marked up: ask for the .docx (brief build writes one "
                           "beside the PDF)")
    if path.suffix.lower() in (".yaml", ".yml"):
        return ReviewError(f"the reviewed file {_shown(path)} is a YAML file (a spec?), "
                           "not a Word file", where,
                           hint="the spec comes first, then the reviewed Word file: brief "
                           "review SPEC.yaml REVIEWED.docx")
    if data.lstrip().startswith(b"{\\rtf"):
        return ReviewError(f"the reviewed file {_shown(path)} is a Rich Text (.rtf) file, "
                           "not a .docx", where, hint=_SAVE_AS_DOCX)
    return ReviewError(f"the reviewed file {_shown(path)} is not a Word file (.docx)",
                       where, hint="name the .docx the reviewer sent back; " + _SAVE_AS_DOCX)


ODT = b"application/vnd.oasis.opendocument.text"


def _mimetype(package: zipfile.ZipFile) -> bytes:
    """An OpenDocument package's type, from its first part (b"" for any other)."""
    if "mimetype" not in package.namelist():
        return b""
    with package.open("mimetype") as part:
        return part.read(100).strip()


def _read_odt(package: zipfile.ZipFile, path: Path, where: Where) -> ReviewedDocument:
    """A review LibreOffice saved as OpenDocument text: read as a .docx is."""
    names = set(package.namelist())
    if "content.xml" not in names:
        raise ReviewError(ODT_MESSAGE, where)
    _within_budget(package, ["content.xml"], path, where)
    return read_opendocument(package, path,
                             lambda name: _xml(package, names, name, path, where))


def _package(data: bytes, path: Path, where: Where) -> zipfile.ZipFile:
    check_zip(data, f"the reviewed file {_shown(path)}", where, ReviewError)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        mimetype = _mimetype(package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
            ValueError, NotImplementedError) as exc:
        raise ReviewError(f"the reviewed file {_shown(path)} is not a readable Word file: "
                          f"{exc}", where, hint=_SAVE_AS_DOCX) from None
    if mimetype.startswith(b"application/vnd.oasis.opendocument") and \
            not mimetype.startswith(ODT):
        kind = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
        raise ReviewError(f"the reviewed file {_shown(path)} is an OpenDocument {kind}, not "
                          "a Word file", where, hint="name the .docx the reviewer sent back")
    return package


_PARAGRAPHS = {f"{_W}p", "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"}


def _within_budget(package: zipfile.ZipFile, names: list[str], path: Path,
                   where: Where) -> None:
    """Refuse a file whose document, footnotes and comments hold more paragraphs, XML
    elements or characters than a Word source may (`sources.budgets`), counted before any
    tree is built (`count_word_xml`): a 1 MB file may unpack to millions of paragraphs."""
    present = set(package.namelist())
    try:
        count_word_xml((package.open(n) for n in names if n in present), _PARAGRAPHS)
    except Spent as spent:
        entry, most = BUDGETS[spent.kind], budget(spent.kind)
        raise ReviewError(
            f"the reviewed file {_shown(path)} has more than {most:,} "
            f"{entry.what}: more than brief reads of a Word file", where,
            hint=f"if the file is what you mean, allow more with "
            f"{entry.variable}={most * 10} (for example)") from None


class _Parts:
    """The parts of the package, found as Word finds them: through the package's and
    the document's relationships, else by the names Word gives them."""

    def __init__(self, package: zipfile.ZipFile, path: Path, where: Where) -> None:
        self.package, self.path, self.where = package, path, where
        self.names = set(package.namelist())
        top = self._relationships("")
        self.document = top.get("officeDocument", "word/document.xml")
        self.core = top.get("core-properties", "docProps/core.xml")
        if self.document not in self.names:
            raise ReviewError(f"the reviewed file {_shown(path)} is a ZIP file, not a Word "
                              "document: it holds no word/document.xml", where,
                              hint="name the .docx the reviewer sent back")
        self.of_document = self._relationships(self.document, all_of=True)

    def related(self, kind: str) -> str:
        """The part the document relates by a relationship of type `kind` (its last
        word), else Word's name for it."""
        found = self.of_document.get(kind)
        return found[0] if found else f"word/{kind}.xml"

    def custom(self) -> list[str]:
        """The custom XML parts: those the document relates, then any other
        customXml/item*.xml."""
        named = list(self.of_document.get("customXml", []))
        named += sorted(n for n in self.names if re.fullmatch(r"customXml/item\d+\.xml", n)
                        and n not in named)
        return [name for name in named if name in self.names]

    def xml(self, name: str) -> Any:
        """The part `name` as XML; None when the package has no such part."""
        return _xml(self.package, self.names, name, self.path, self.where)

    def _relationships(self, source: str, all_of: bool = False) -> dict[str, Any]:
        root = self.xml(relationships_part(source))
        found: dict[str, Any] = {}
        if root is None:
            return found
        for relationship in root.iter(f"{{{_RELATIONSHIPS}}}Relationship"):
            kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
            target = relationship.get("Target") or ""
            if relationship.get("TargetMode") == "External" or not target:
                continue
            if all_of:
                found.setdefault(kind, []).append(part_at(source, target))
            else:
                found.setdefault(kind, part_at(source, target))
        return found


def _xml(package: zipfile.ZipFile, names: set[str], name: str, path: Path,
         where: Where) -> Any:
    """The part `name` of `package` as XML; None when it has no such part."""
    from lxml import etree

    if name not in names:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(package.read(name), parser)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, OSError,
            EOFError) as exc:
        why = getattr(exc, "msg", None) or exc
        raise ReviewError(f"the reviewed file {_shown(path)} is damaged: its part "
                          f"{name} cannot be read ({why})", where,
                          hint="open it in Word or LibreOffice (which repair what they "
                          "can) and save it again as .docx") from None


def _styles(root: Any) -> tuple[dict[str, str], str]:
    """The paragraph and character styles' names by their ids, and the name of the
    default paragraph style."""
    names: dict[str, str] = {}
    default = ""
    if root is None:
        return names, default
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        style_id = style.get(f"{_W}styleId") or ""
        names[style_id] = name.get(f"{_W}val") or style_id if name is not None else style_id
        if style.get(f"{_W}type") == "paragraph" and \
                (style.get(f"{_W}default") or "") in ("1", "true", "on"):
            default = names[style_id]
    return names, default


def _core(root: Any) -> tuple[str, str | None]:
    if root is None:
        return "", None
    by = root.findtext(f"{{{_CP}}}lastModifiedBy") or ""
    modified = (root.findtext(f"{{{_DCTERMS}}}modified") or "").strip() or None
    return by.strip(), modified


def _tracking(root: Any) -> bool:
    element = None if root is None else root.find(f"{_W}trackRevisions")
    if element is None:
        return False
    return (element.get(f"{_W}val") or "true").lower() not in ("0", "false", "off")


def _trace(parts: _Parts, path: Path, where: Where) -> BuildTrace | None:
    """brief's trace: the custom XML part whose root is in `origins.NAMESPACE`."""
    for name in parts.custom():
        data = parts.package.read(name)
        if NAMESPACE.encode() not in data:
            continue
        try:
            return BuildTrace.from_xml(data)
        except ValueError as exc:
            raise ReviewError(
                f"the trace brief wrote into the reviewed file {_shown(path)} is damaged "
                f"({name}: {exc})", where,
                hint="build the memo again (brief build) and send the new .docx for review; "
                "the changes in this file must then be copied into the spec by hand"
                ) from None
    return None
