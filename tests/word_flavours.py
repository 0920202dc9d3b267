"""A Word file in each flavour Word (or LibreOffice) saves: Strict Open XML, macro-enabled
documents and templates, and the older formats LibreOffice writes (Word 97-2003, RTF,
OpenDocument, Word 2003 XML). For the Word reader's tests and bench/corpus.py."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

# Strict Open XML names every WordprocessingML, DrawingML and relationship namespace (and
# relationship type) anew; Word's "Strict Open XML Document" writes the same parts with
# them, and marks the document `w:conformance="strict"`.
STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main":
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/drawingml/2006/main":
        "http://purl.oclc.org/ooxml/drawingml/main",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":
        "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
}
DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: The main part's content type of each kind of Word package, by extension.
CONTENT_TYPES = {
    ".docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"}
#: LibreOffice's filter for each older format it saves.
LIBREOFFICE_FILTERS = {".doc": "doc:MS Word 97", ".rtf": "rtf:Rich Text Format",
                       ".odt": "odt:writer8", ".xml": "xml:MS Word 2003 XML"}


def strict_copy(transitional: bytes, rename: dict[str, str] | None = None) -> bytes:
    """The Word file `transitional` as Word saves it as Strict Open XML; `rename` moves
    parts to other names (their relationships follow, as any name is allowed)."""
    rename = rename or {}
    source = zipfile.ZipFile(io.BytesIO(transitional))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for old, new in STRICT.items():
                    text = text.replace(old, new)
                for old, new in rename.items():  # targets from the package, or word/
                    text = text.replace(f'"{old}"', f'"{new}"')
                    text = text.replace(f'"/{old}"', f'"/{new}"')
                    text = text.replace(f'"{old.removeprefix("word/")}"',
                                        f'"{new.removeprefix("word/")}"')
                text = text.replace("<w:document ", '<w:document w:conformance="strict" ', 1)
                data = text.encode("utf-8")
            name = rename.get(item.filename, item.filename)
            if item.filename.startswith("word/_rels/") and "word/document.xml" in rename:
                name = "word/_rels/" + rename["word/document.xml"].split("/")[-1] + ".rels"
            package.writestr(name, data)
    return out.getvalue()


def package_copy(document: bytes, suffix: str) -> bytes:
    """The Word file `document` as a .docm, .dotx or .dotm: the main part's content type
    changed (and a macro project added to a macro-enabled one)."""
    source = zipfile.ZipFile(io.BytesIO(document))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                assert DOCUMENT.encode() in data
                data = data.replace(DOCUMENT.encode(), CONTENT_TYPES[suffix].encode())
            package.writestr(item, data)
        if suffix.endswith("m"):
            package.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    return out.getvalue()


def libreoffice_copy(document: Path, suffix: str, folder: Path) -> Path:
    """`document` saved by LibreOffice in the older format of `suffix`, in `folder`."""
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", LIBREOFFICE_FILTERS[suffix], "--outdir",
                    str(folder / "saved"), str(document)],
                   check=True, capture_output=True, timeout=180)
    return folder / "saved" / f"{document.stem}{suffix}"
