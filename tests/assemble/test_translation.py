"""Quotes in translation: a Russian quote verified against a Russian source (decomposed
`й`, `ё` written `е`), shown in the analyst's English with who translated it, and the
original, in Cyrillic and marked as Russian, in the note; in the PDF, the Word file, both
email bodies and the manifest."""

from __future__ import annotations

import email
import json
import shutil
import unicodedata
from email.message import Message
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest

from conftest import DATA, Project, flat, pdf_pages
from pdf_structure import marked_content

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

RUSSIAN = DATA / "translation" / "minsk-army-2022.txt"
# The source says "остаётся" and spells й decomposed; the spec writes е and й composed.
QUOTE = "моральный дух войск остается низким"
ORIGINAL = "моральный дух войск остаётся низким"  # as the source has it, in NFC
TRANSLATION = "the troops' morale remains *low*"


def russian_spec(project: Project, passage: dict[str, Any] | None = None,
                 **overrides: Any) -> Path:
    shutil.copy(RUSSIAN, project.root / "sources" / RUSSIAN.name)
    source = {"file": f"sources/{RUSSIAN.name}", "title": "Белорусская армия не спешит "
              "воевать", "authors": ["Иван Петров"], "publisher": "Наша Ніва",
              "date": "2022-03-20", "language": "ru", "reliability": "C"}
    passage = passage or {"source": "minsk", "quote": QUOTE, "translation": TRANSLATION}
    return project.spec(sources={"minsk": source}, sections=[{
        "title": "Risks", "kind": "risks", "points": [
            {"text": "The army is not ready.", "passages": [passage]}]}], **overrides)


def test_the_source_file_is_as_the_test_needs_it():
    text = RUSSIAN.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFD", "й") in text and "остаётся" in text
    assert QUOTE not in unicodedata.normalize("NFC", text)


def test_a_russian_quote_in_translation_in_the_pdf(project):
    result = project.run("build", russian_spec(project), "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "the troops' morale remains low (our translation)1" in text
    assert f"1. Петров 2022, ¶2 [C]. Original: “{ORIGINAL}”" in text
    # The original is tagged as Russian, for a screen reader's voice and hyphenation.
    languages = _languages(project.output / "memo.pdf")
    assert (("ru", f"“{ORIGINAL}”") in languages), languages
    # and the memo stays PDF/UA-1, its Cyrillic included
    import page as page_validation

    report = page_validation.validate_pdf(project.output / "memo.pdf", profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


def _languages(path: Path) -> list[tuple[str, str]]:
    """Each structure element with a /Lang of its own, and the text of what it holds."""
    pdf = pikepdf.open(path)
    marked = marked_content(path)
    numbers = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    found = []

    def text(node: Any, page: int | None) -> str:
        page = numbers[node.Pg.objgen] if "/Pg" in node else page
        kids = node.get("/K")
        out = []
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None
                    else []):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and
                                        kid._type_code == pikepdf.ObjectType.integer):
                out.append(marked.texts[page, int(kid)])
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                out.append(marked.texts[numbers[kid.Pg.objgen], int(kid.MCID)])
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                out.append(walk(kid, page))
        return "".join(out)

    def walk(node: Any, page: int | None) -> str:
        held = text(node, page)
        if "/Lang" in node:
            found.append((str(node.Lang), " ".join(held.split())))
        return held

    top = pdf.Root.StructTreeRoot.K
    for node in (top if isinstance(top, pikepdf.Array) else [top]):
        walk(node, None)
    return found


def test_a_russian_quote_in_translation_in_word(project):
    result = project.run("build", russian_spec(project), "--format", "docx")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    [passage] = [p for p in document.paragraphs if p.style.name == "Passage"]
    assert passage.text == "the troops' morale remains low (our translation)"
    assert [r.text for r in passage.runs if r.italic] == ["low"]
    footnotes = next(rel.target_part for rel in document.part.rels.values()
                     if rel.reltype.endswith("/footnotes"))
    from lxml import etree

    root = etree.fromstring(footnotes.blob)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    [note] = [n for n in root.iter(f"{w}footnote") if n.get(f"{w}type") is None]
    runs = [("".join(r.itertext()), r.find(f"{w}rPr/{w}lang")) for r in note.iter(f"{w}r")]
    assert "".join(t for t, _ in runs) == f" Петров 2022, ¶2 [C]. Original: “{ORIGINAL}”"
    [(quoted, lang)] = [(t, lang) for t, lang in runs if lang is not None]
    assert (quoted, lang.get(f"{w}val")) == (f"“{ORIGINAL}”", "ru")


def test_inline_and_endnote_citations_carry_the_original(project):
    project.template("inline", "citations: inline\n")
    result = project.run("build", russian_spec(project, template="inline"))
    assert result.exit_code == 0, result.stderr
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert (f"the troops' morale remains low (our translation) (Петров 2022, ¶2 [C]) "
            f"Original: “{ORIGINAL}”") in text
    paragraphs = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    assert (f"the troops' morale remains low (our translation) (Петров 2022, ¶2 [C]) "
            f"Original: “{ORIGINAL}”") in paragraphs
    project.template("endnotes", "citations: endnotes\n")
    result = project.run("build", russian_spec(project, template="endnotes"), "--force")
    assert result.exit_code == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    assert f"1. Петров 2022, ¶2 [C]. Original: “{ORIGINAL}”" in paragraphs
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert f"1. Петров 2022, ¶2 [C]. Original: “{ORIGINAL}”" in text


@pytest.mark.parametrize(("translator", "shown"), [
    ("analyst", "(our translation)"),
    ("Anna Kowalska", "(translated by Anna Kowalska)"),
    ("machine DeepL (2026-11)", "(machine translation: DeepL (2026-11))"),
])
def test_who_translated_is_said(project, translator, shown):
    passage = {"source": "minsk", "quote": QUOTE, "translation": TRANSLATION,
               "translator": translator}
    result = project.run("build", russian_spec(project, passage), "--format", "docx")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    [passage_paragraph] = [p for p in document.paragraphs if p.style.name == "Passage"]
    assert passage_paragraph.text == f"the troops' morale remains low {shown}"


def test_the_email_and_the_manifest_carry_both(project):
    judgment = {"text": "The army is unlikely to cross the border soon.",
                "likelihood": "unlikely", "confidence": "moderate",
                "passages": [{"source": "minsk", "quote": QUOTE,
                              "translation": TRANSLATION}]}
    spec = russian_spec(project, key_judgments=[judgment],
                        distribution={"from": "Desk <desk@example.org>",
                                      "to": ["Boss <boss@example.org>"]})
    result = project.run("build", spec, "--email")
    assert result.exit_code == 0, result.stderr
    [eml] = project.output.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes())
    bodies = {part.get_content_type(): _text(part) for part in message.walk()
              if part.get_content_type() in ("text/plain", "text/html")}
    assert (f"“the troops' morale remains low” (our translation) (Петров 2022, ¶2 [C]; "
            f"Original: “{ORIGINAL}”)") in flat(bodies["text/plain"])
    assert (f"(our translation) (Петров 2022, ¶2 [C]; Original: <span lang=\"ru\">“"
            f"{ORIGINAL}”</span>)") in flat(bodies["text/html"])
    assert "the troops' morale remains <em>low</em>" in bodies["text/html"]
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    [kept] = [p for p in manifest["passages"] if p["key"][0] == "key_judgments"]
    assert kept["selector"] == {"source": "minsk", "quote": QUOTE,
                                "translation": TRANSLATION}
    assert kept["text"] == [ORIGINAL]


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def test_verify_checks_the_original(project):
    spec = russian_spec(project)
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    assert project.run("verify", project.output / "memo.json").exit_code == 0
    source = project.root / "sources" / RUSSIAN.name
    source.write_text(source.read_text(encoding="utf-8").replace("низким", "высоким"),
                      encoding="utf-8")
    result = project.run("verify", project.output / "memo.json")
    assert result.exit_code == 1
    assert "моральный дух войск" in result.stdout + result.stderr
