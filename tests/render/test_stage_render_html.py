"""Stage 5, the PDF's renderer without its layout: `render_html` given a hand-made
`Briefing` (tests/briefings.py) and a template returns the HTML page WeasyPrint lays out."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from brief.render.pdf.html import render_html
from brief.templates import Template, find_template
from briefings import briefing
from conftest import Project


def builtin(name: str = "memo") -> Template:
    here = Path(__file__).parent
    return find_template(name, here, here)


def page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def texts(root: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


def test_the_memo_in_the_models_order():
    root = page(render_html(briefing(), builtin()))
    assert root.get("lang") == "en"
    assert texts(root, "//head/title") == ["Minsk between two capitals"]
    assert texts(root, "//h1") == ["Minsk between two capitals"]
    assert texts(root, "//p[@class='subtitle']") == ["What the Kremlin wants"]
    assert [texts(row, "th|td") for row in root.xpath("//table[@class='memo-header rows']//tr")
            ] == [["To:", "The Minister"], ["From:", "Test desk"], ["Date:", "1 May 2024"]]
    assert texts(root, "//h2") == ["Bottom line up front", "Decision requested", "Risks",
                                   "Actors", "Recommendations", "Sources"]
    assert texts(root, "//h3") == ["Critics"]
    assert texts(root, "//p[@class='deadline']") == ["Needed by 8 May 2024"]
    assert texts(root, "//ol[@class='points']/li/div[@class='point-body']") == [
        "Watch Moscow.", "Talk to Warsaw."]
    assert [li.get("value") for li in root.xpath("//ol[@class='points']/li")] == ["1", "2"]


def test_rich_text_keeps_its_emphasis_and_links():
    root = page(render_html(briefing(), builtin()))
    bluf = root.xpath("//div[@class='bluf']/p")[0]
    assert [(e.tag, e.text) for e in bluf] == [
        ("strong", "plan"), ("em", "rushed"), ("a", "the gazette")]
    assert bluf.xpath("a/@href") == ["https://example.org/gazette"]
    assert texts(root, "//section[contains(@class, 'kind-risks')]//ul[not(@class)]/li") == [
        "Delay & doubt.", "Protest."]


def test_each_quotation_with_its_footnote_and_the_source_list():
    root = page(render_html(briefing(), builtin()))
    assert texts(root, "//blockquote") == [
        "its costs were not knownExample 2024, ¶4.",
        "Critics argued that the plan was rushed.Example 2024, ¶4.",
        "Second line paragraph about Moscow.One & Two 2023, ¶2."]
    # a quote (part of a paragraph) is marked as one; whole paragraphs are not
    assert [b.get("class") for b in root.xpath("//blockquote")] == [
        "passage quote", "passage", "passage quote"]
    assert texts(root, "//section[@class='sources']//span[@class='fingerprint']") == [
        "SHA-256 1b7965203652", "SHA-256 6c3d2b301679"]
    assert texts(root, "//section[@class='sources']//span[@class='reliability']") == [
        "Source reliability: B (usually reliable)."]


def test_text_is_escaped_never_markup():
    html = render_html(briefing(), builtin())
    root = page(html)
    assert root.xpath("//body//script") == []
    assert "Two risks &lt;script&gt;stand&lt;/script&gt; out." in html
    assert texts(root, "//section[contains(@class, 'kind-risks')]/p") == [
        "Two risks <script>stand</script> out."]


def test_the_marking_stated_first_as_classification_or_tlp_label():
    root = page(render_html(briefing(), builtin()))
    assert texts(root, "//body/*[1]") == ["Handling marking: OFFICIAL-SENSITIVE"]
    assert texts(root, "//span[@class='classification-banner']") == ["OFFICIAL-SENSITIVE"]
    assert root.xpath("//span[@class='tlp-label']") == []
    root = page(render_html(briefing(marking="TLP:AMBER"), builtin()))
    assert texts(root, "//span[@class='tlp-label']") == ["TLP:AMBER"]
    assert root.xpath("//span[@class='classification-banner']") == []


def test_a_template_that_leaves_a_kind_out_and_cites_inline(project: Project):
    project.template("house", "include: [risks, recommendations]\ncitations: inline\n")
    house = find_template("house", project.root, project.root)
    root = page(render_html(briefing(), house))
    assert texts(root, "//h2") == ["Bottom line up front", "Decision requested", "Risks",
                                   "Recommendations", "Sources"]
    assert texts(root, "//cite") == ["(Example 2024, ¶4)", "(One & Two 2023, ¶2)"]
    assert root.xpath("//span[@class='footnote']") == []
