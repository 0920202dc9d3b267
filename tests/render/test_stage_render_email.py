"""Stage 5, the email renderer: the bodies and the draft made from a hand-made `Briefing`
(tests/briefings.py), with no build and no file written."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import lxml.html

from brief.render.email import compose, html_body, plain_body, subject
from brief.spec import read_spec
from brief.templates import Template, find_template
from briefings import briefing
from conftest import Project


def builtin(name: str = "memo") -> Template:
    here = Path(__file__).parent
    return find_template(name, here, here)


def test_the_plain_body_says_the_ask_the_bottom_line_and_the_recommendations():
    assert plain_body(briefing(), builtin(), ["memo.pdf", "memo.docx"], "Test desk") == (
        "OFFICIAL-SENSITIVE\n\n"
        "Minsk between two capitals\nWhat the Kremlin wants\n1 May 2024\n\n"
        "DECISION REQUESTED\n\nApprove the visit.\nNeeded by 8 May 2024.\n\n"
        "BOTTOM LINE UP FRONT\n\nThe plan is rushed; see the gazette.\n\n"
        "RECOMMENDATIONS\n\n"
        "1. Watch Moscow.\n   (One & Two 2023, ¶2)\n\n"
        "2. Talk to Warsaw.\n\n"
        "The full memo is attached: memo.pdf and memo.docx.\n\n"
        "Regards,\nTest desk\n\n"
        "OFFICIAL-SENSITIVE\n")


def test_the_html_body_says_the_same_in_the_memos_language():
    root = lxml.html.document_fromstring(
        html_body(briefing(language="de"), builtin(), ["memo.pdf"], "Test desk"))
    assert root.get("lang") == "de"
    assert [" ".join(h.text_content().split()) for h in root.xpath("//h2")] == [
        "Decision requested", "Bottom line up front", "Recommendations"]
    text = " ".join(root.text_content().split())
    assert "Approve the visit." in text and "Watch Moscow." in text
    assert "The full memo is attached: memo.pdf." in text
    assert "plan" in root.xpath("//strong/text()")


def test_text_in_the_html_body_is_escaped():
    html = html_body(briefing(title="Costs <b>unknown</b> & rising"), builtin(), [], "")
    root = lxml.html.document_fromstring(html)
    assert root.xpath("//b") == []
    assert "Costs &lt;b&gt;unknown&lt;/b&gt; &amp; rising" in html


def test_the_draft_to_the_distribution_with_its_attachments(project: Project):
    spec, errors, _ = read_spec(project.spec(distribution={
        "from": "Test desk <desk@example.org>", "to": ["The Minister <minister@example.org>"],
        "cc": ["private.office@example.org"]}))
    assert errors == []
    draft = compose(briefing(), spec, builtin(), [("memo.pdf", b"%PDF-1.7 a memo")],
                    extra_to=["adviser@example.org"])
    message = email.message_from_bytes(draft.as_bytes(), policy=email.policy.default)
    assert message["From"] == "Test desk <desk@example.org>"
    assert message["To"] == "The Minister <minister@example.org>, adviser@example.org"
    assert message["Cc"] == "private.office@example.org"
    assert message["Subject"] == subject(briefing()) == \
        "[OFFICIAL-SENSITIVE] Minsk between two capitals"
    assert message["Keywords"] == "OFFICIAL-SENSITIVE"
    assert message["Date"] == "Wed, 01 May 2024 00:00:00 +0000"
    plain = message.get_body(("plain",))
    assert plain is not None
    assert plain.get_content().replace("\r\n", "\n") == plain_body(
        briefing(), builtin(), ["memo.pdf"], "Test desk")
    attachments = [(a.get_filename(), a.get_content()) for a in message.iter_attachments()]
    assert attachments == [("memo.pdf", b"%PDF-1.7 a memo")]
    # the same briefing and files make the same draft, byte for byte
    assert compose(briefing(), spec, builtin(), [("memo.pdf", b"%PDF-1.7 a memo")],
                   extra_to=["adviser@example.org"]).as_bytes() == draft.as_bytes()


def styled(memo, spans):
    """`memo` with every citation in a CSL style's words (`Citation.styled`)."""
    import dataclasses

    def point(p):
        return dataclasses.replace(p, quotations=tuple(dataclasses.replace(
            q, citation=dataclasses.replace(q.citation, styled=spans)) for q in p.quotations))

    return dataclasses.replace(memo, sections=tuple(dataclasses.replace(s, groups=tuple(
        dataclasses.replace(g, points=tuple(point(p) for p in g.points)) for g in s.groups))
        for s in memo.sections))


def test_a_citation_in_a_csl_style_keeps_its_italics_in_the_html_body_and_its_words_in_both():
    from brief.model import Span

    memo = styled(briefing(), (Span("Bo One and Cy Two, "), Span("Lines", emphasis=True),
                               Span(", para. 2")))
    plain = plain_body(memo, builtin(), ["memo.pdf"], "Test desk")
    assert "1. Watch Moscow.\n   (Bo One and Cy Two, Lines, para. 2)\n" in plain
    root = lxml.html.document_fromstring(html_body(memo, builtin(), ["memo.pdf"], "Test desk"))
    cited = [p for p in root.iter("p") if p.text_content().startswith("(Bo One")]
    assert [p.text_content() for p in cited] == ["(Bo One and Cy Two, Lines, para. 2)"]
    assert [em.text for em in cited[0].iter("em")] == ["Lines"]
