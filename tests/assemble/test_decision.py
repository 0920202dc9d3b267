"""The decision requested: right after the bottom line in every built-in template, in both
formats, and first in the email."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from brief.templates import BUILTIN_FOLDER
from conftest import docx_paragraphs, flat, pdf_pages
from drafts import DISTRIBUTION, read_eml

pytestmark = pytest.mark.e2e

ASK = {"text": "Approve the **new line** on Minsk.", "deadline": "2024-05-10"}


@pytest.mark.slow
@pytest.mark.parametrize("template", ["memo", "briefing-note", "one-pager"])
def test_the_ask_follows_the_bottom_line_in_both_formats(project, template):
    spec = project.spec(template=template, decision_requested=ASK)
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    text = flat(pdf_pages(project.output / "memo.pdf", raw=True)[0])
    bluf = "Summary" if template == "briefing-note" else "Bottom line"
    order = [text.index(bluf), text.index("The plan is rushed."),
             text.index("Decision requested"), text.index("Approve the new line on Minsk."),
             text.index("Needed by 10 May 2024"), text.index("Risks")]
    assert order == sorted(order)
    paragraphs = docx_paragraphs(project.output / "memo.docx")
    at = paragraphs.index(("Heading 1", "Decision requested"))
    assert paragraphs[at - 1] == ("BLUF", "The plan is rushed.")
    assert paragraphs[at + 1:at + 3] == [("Decision", "Approve the new line on Minsk."),
                                         ("Decision", "Needed by 10 May 2024")]
    run = docx.Document(str(project.output / "memo.docx")).paragraphs[at + 1].runs[1]
    assert (run.text, run.bold) == ("new line", True)


def test_the_ask_may_be_its_text_alone(project):
    result = project.run("build", project.spec(decision_requested="Approve the line."),
                         "--format", "docx")
    assert result.exit_code == 0, result.stderr
    paragraphs = docx_paragraphs(project.output / "memo.docx")
    assert ("Decision", "Approve the line.") in paragraphs
    assert not any(text.startswith("Needed by") for _, text in paragraphs)


def test_a_reference_docx_without_the_decision_style_is_given_one_like_the_house(project):
    folder = project.template("old")
    document = docx.Document(str(BUILTIN_FOLDER / "memo" / "reference.docx"))
    document.styles["Decision"].delete()
    document.save(str(folder / "reference.docx"))
    result = project.run("build", project.spec(template="old", decision_requested=ASK),
                         "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert "templates/old/reference.docx: warning: reference.docx lacks 1 of brief's " \
        "styles; added, based on its own Normal and headings: Decision\n" in result.stderr
    built = docx.Document(str(project.output / "memo.docx"))
    decision = next(p for p in built.paragraphs if p.text == "Approve the new line on Minsk.")
    assert decision.style.name == "Decision"
    assert decision.style.element.pPr.find(qn("w:pBdr")) is not None  # ruled all round


def test_a_house_layout_made_before_the_ask_is_warned_about(project):
    folder = project.template("old", files=("style.css",))
    layout = (BUILTIN_FOLDER / "memo" / "document.html.j2").read_text(encoding="utf-8")
    start, end = layout.index("{% macro decision("), layout.index("{#- A section")
    (folder / "document.html.j2").write_text(layout[:start] + layout[end:], encoding="utf-8")
    spec = project.spec(template="old", decision_requested=ASK)
    line = spec.read_text().splitlines().index("decision_requested:") + 2
    result = project.run("check", spec)
    assert f"memo.yaml:{line}:3: warning: decision_requested: template 'old' does not show " \
        "`decision_requested` in the PDF: its document.html.j2 was made before brief had it\n" \
        "    hint: copy the decision block from the built-in memo's document.html.j2 " \
        "(`brief templates new` makes a fresh copy)\n" in result.stderr


@pytest.mark.slow
def test_the_email_opens_with_the_ask_and_closes_with_the_sender(project):
    spec = project.spec(marking="TLP:AMBER", distribution=DISTRIBUTION,
                        decision_requested=ASK)
    assert project.run("email", spec).exit_code == 0
    message = read_eml(project.output / "memo.eml")
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.startswith("TLP:AMBER\n\nTest memo\n1 May 2024\n\nDECISION REQUESTED\n\n"
                            "Approve the new line on Minsk.\nNeeded by 10 May 2024.\n\n"
                            "BOTTOM LINE UP FRONT\n\nThe plan is rushed.\n\n"
                            "RECOMMENDATIONS\n\n1. Watch Moscow.\n   (One & Two 2023, ¶1–2)\n")
    assert plain.endswith("\n\nRegards,\nTest desk\n\nTLP:AMBER\n")
    html = message.get_body(("html",)).get_content()
    body = html.split("<body", 1)[1]
    assert body.index("Decision requested") < body.index("Approve the <strong>new line") \
        < body.index("Needed by 10 May 2024.") < body.index("Bottom line up front") \
        < body.index("Watch Moscow.") < body.index("Regards,<br>Test desk")
