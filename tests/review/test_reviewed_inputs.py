"""`read_reviewed` given what is not a Word file it can read: one `ReviewError` at the
file, saying what it is and what to do, and nothing written."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pytest
from reviewed_files import REVIEW, W, write_file, zip_parts, zipped

import attacks
from brief.errors import ReviewError
from brief.review.reviewed import read_reviewed

SAVE_AS = ("open it in Word or LibreOffice and save it as Word (.docx), then run brief "
           "review on the .docx")


def _ole(folder: Path, extra: bytes) -> Path:
    path = folder / "reviewed.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + extra + bytes(1024))
    return path


TRACE_HINT = ("build the memo again (brief build) and send the new .docx for review; "
              "the changes in this file must then be copied into the spec by hand")


def _encrypted(path: Path) -> Path:
    """`path` with every part marked encrypted, as a ZIP tool's password leaves it."""
    data = bytearray(path.read_bytes())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for found in re.finditer(re.escape(signature), bytes(data)):
            data[found.start() + flags] |= 1
    path.write_bytes(bytes(data))
    return path


def _trace_with(change: Callable[[dict[str, Any]], None]) -> bytes:
    """word365's trace, changed by `change` (a damaged trace, well-formed JSON)."""
    part = (REVIEW / "word365" / "customXml" / "item1.xml").read_bytes()
    head, rest = part.split(b'version="1">', 1)
    data = json.loads(html.unescape(rest.rsplit(b"</trace>", 1)[0].decode()))
    change(data)
    return head + b'version="1">' + xml_escape(json.dumps(data)).encode() + b"</trace>"


BAD = {
    "missing": (lambda f: f / "reviewed.docx",
                "the reviewed file reviewed.docx does not exist",
                "name the Word file (.docx) the reviewer sent back: brief review SPEC.yaml "
                "REVIEWED.docx"),
    "a folder": (lambda f: (f / "reviewed.docx").mkdir() or f / "reviewed.docx",
                 "the reviewed file is a folder, not a file: reviewed.docx", "name a file"),
    "empty": (lambda f: write_file(f, "reviewed.docx", b""),
              "the reviewed file reviewed.docx is empty",
              "ask the reviewer for the file again, or save it again from Word or "
              "LibreOffice as .docx"),
    "not a zip": (lambda f: write_file(f, "reviewed.docx", b"\x00\x01 binary"),
                  "the reviewed file reviewed.docx is not a Word file (.docx)",
                  "name the .docx the reviewer sent back; " + SAVE_AS),
    "a zip of something else": (
        lambda f: zip_parts(f, "reviewed.docx", {"notes.txt": b"hello"}),
        "the reviewed file reviewed.docx is a ZIP file, not a Word document: it holds no "
        "word/document.xml", "name the .docx the reviewer sent back"),
    "an .odt without its content": (
        lambda f: zip_parts(f, "reviewed.odt", {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "meta.xml": b"<office:document-meta/>"}),
        "LibreOffice saved the review as OpenDocument (.odt); open it in LibreOffice and "
        "save it as Word (File > Save As, 'Word 2007-365 (.docx)'), then run brief review "
        "on the .docx", None),
    "an .ods": (
        lambda f: zip_parts(f, "reviewed.ods", {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
        "the reviewed file reviewed.ods is an OpenDocument spreadsheet, not a Word file",
        "name the .docx the reviewer sent back"),
    "a .doc": (lambda f: _ole(f, "WordDocument".encode("utf-16-le")),
               "the reviewed file reviewed.docx is a Word 97-2003 document (.doc), not a "
               ".docx", SAVE_AS),
    "a password": (lambda f: _ole(f, "EncryptedPackage".encode("utf-16-le")),
                   "the reviewed file reviewed.docx is protected by a password: brief "
                   "cannot read it",
                   "open it in Word, remove the password (File > Info > Protect Document > "
                   "Encrypt with Password: clear it) and save it, then run brief review "
                   "again"),
    "a PDF": (lambda f: write_file(f, "memo.pdf", b"%PDF-1.7\n%\xe2\xe3\n"),
              "the reviewed file memo.pdf is a PDF, not a Word file",
              "brief review reads the Word file (.docx) the reviewer marked up: ask for "
              "the .docx (brief build writes one beside the PDF)"),
    "the spec": (lambda f: write_file(f, "memo.yaml", b"title: Memo\n"),
                 "the reviewed file memo.yaml is a YAML file (a spec?), not a Word file",
                 "the spec comes first, then the reviewed Word file: brief review "
                 "SPEC.yaml REVIEWED.docx"),
    "damaged XML": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx",
                         {"word/comments.xml": b"<w:comments xmlns:w='x'><w:comment>"}),
        "the reviewed file reviewed.docx is damaged: its part word/comments.xml cannot be "
        "read (Premature end of data in tag comment line 1, line 1, column 36)",
        "open it in Word or LibreOffice (which repair what they can) and save it again "
        "as .docx"),
    "a ZIP with a password": (
        lambda f: _encrypted(zipped(REVIEW / "word365", f / "reviewed.docx")),
        "the reviewed file reviewed.docx is a ZIP file protected by a password: brief "
        "cannot read it", "a ZIP tool put the password on it: save it again from Word or "
        "LibreOffice as .docx, with none"),
    "a trace of the wrong shape": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx", {
            "customXml/item1.xml": _trace_with(lambda t: t.__setitem__("keys", []))}),
        "the trace brief wrote into the reviewed file reviewed.docx is damaged "
        "(customXml/item1.xml: the trace cannot be read: 'list' object has no attribute "
        "'items')", TRACE_HINT),
    "a trace whose segment starts at no number": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx", {
            "customXml/item1.xml": _trace_with(
                lambda t: t["paragraphs"][0]["segments"][0].__setitem__("start", "0"))}),
        "the trace brief wrote into the reviewed file reviewed.docx is damaged "
        "(customXml/item1.xml: the trace cannot be read: its paragraph '_brief_L4_1' is "
        "damaged)", TRACE_HINT),
    "a trace whose line is no number": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx", {
            "customXml/item1.xml": _trace_with(
                lambda t: t["keys"]["bluf"].__setitem__("line", "4"))}),
        "the trace brief wrote into the reviewed file reviewed.docx is damaged "
        "(customXml/item1.xml: the trace cannot be read: its key 'bluf' is damaged)",
        TRACE_HINT),
    "Strict Open XML": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx", {
            "word/document.xml": b'<w:document xmlns:w="http://purl.oclc.org/ooxml/'
                                 b'wordprocessingml/main"><w:body/></w:document>'}),
        "the reviewed file reviewed.docx was saved as Strict Open XML, which brief review "
        "does not read",
        "open it in Word and save it as 'Word Document (*.docx)', not 'Strict Open XML "
        "Document', then run brief review on it"),
    "no body": (
        lambda f: zipped(REVIEW / "word365", f / "reviewed.docx",
                         {"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()}),
        "the reviewed file reviewed.docx cannot be read: its word/document.xml has no "
        "document body", SAVE_AS),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_what_is_not_a_readable_word_file_is_one_clear_error(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    make, message, hint = BAD[case]
    path = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ReviewError) as caught:
        read_reviewed(Path(path.name))
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert caught.value.where.file == Path(path.name)
    assert str(caught.value).startswith(f"{path.name}: error: {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_a_file_larger_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEF_MAX_REVIEW_SIZE", "1KB")
    zipped(REVIEW / "word365", tmp_path / "reviewed.docx")
    with pytest.raises(ReviewError) as caught:
        read_reviewed(Path("reviewed.docx"))
    size = (tmp_path / "reviewed.docx").stat().st_size // 1024
    assert caught.value.message == (
        f"reviewed.docx is {size} KB, more than the 1 KB brief allows for a reviewed Word "
        "file")
    assert caught.value.hint == ("if the file is what you mean, allow more with "
                                 "BRIEF_MAX_REVIEW_SIZE=10KB (for example)")


@pytest.mark.parametrize(("honest", "message"), [
    (True, "the reviewed file sources/bomb.docx unpacks to 2048 MB, more than the 200 MB "
     "brief allows for the unpacked contents of a Word file or a PDF"),
    # the zip claims a few hundred bytes: inflated with a cap, it is found out
    (False, "the reviewed file sources/bomb.docx is not a readable Word file: Bad CRC-32 "
     "for file 'word/document.xml'")])
@pytest.mark.slow
def test_a_zip_bomb(tmp_path, monkeypatch, honest, message):
    monkeypatch.chdir(tmp_path)
    attacks.docx_zip_bomb(tmp_path, honest=honest)
    with pytest.raises(ReviewError) as caught:
        read_reviewed(Path("sources/bomb.docx"))
    assert caught.value.message == message


def test_a_file_of_too_many_paragraphs(tmp_path, monkeypatch):
    """Under the byte limits, but more paragraphs than brief reads of a Word file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEF_MAX_WORD_PARAGRAPHS", "1000")
    paragraphs = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 1001
    zip_parts(tmp_path, "reviewed.docx", {"word/document.xml": (
        f'<w:document xmlns:w="{W}"><w:body>'.encode() + paragraphs + b"</w:body></w:document>")})
    with pytest.raises(ReviewError) as caught:
        read_reviewed(Path("reviewed.docx"))
    assert caught.value.message == ("the reviewed file reviewed.docx has more than 1,000 "
                                    "paragraphs: more than brief reads of a Word file")
    assert caught.value.hint == ("if the file is what you mean, allow more with "
                                 "BRIEF_MAX_WORD_PARAGRAPHS=10000 (for example)")


