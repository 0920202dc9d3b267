"""Text every format can hold: a value `brief check` accepts builds in both formats, read
back as a reader would; what cannot be held is refused at its line."""

from __future__ import annotations

import docx
import pytest

from conftest import docx_paragraphs, flat, pdf_pages

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("text", "message"), [
    ("Costs\x07 rise.", "the text holds the control character U+0007 (BELL), which no "
     "document can show"),
    ("Costs \x1b[31mrise.", "the text holds the control character U+001B (ESCAPE), which no "
     "document can show"),
    ("Costs \ufffe rise.", "the text holds U+FFFE, a noncharacter: no document can hold it"),
])
def test_text_no_document_can_hold_is_refused_at_its_line(project, text, message):
    spec = project.spec(bluf=text)
    line = spec.read_text().splitlines().index(next(
        line for line in spec.read_text().splitlines() if line.startswith("bluf:"))) + 1
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        f"memo.yaml:{line}:7: error: bluf: {message}\n"
        "    hint: delete the character: it comes from copying out of another program, and "
        "no reader would see it\n"
        "brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


def test_a_lone_surrogate_is_refused(project):
    spec = project.spec(text=project.spec().read_text().replace(
        "title: Test memo", 'title: "Test \\uD800 memo"'))
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert "error: YAML syntax error: found invalid Unicode character escape code" \
        in result.stderr


@pytest.mark.slow
def test_breaks_pasted_from_word_become_line_breaks_with_a_warning(project):
    spec = project.spec(bluf="The plan\vis rushed.\fCosts are unknown.\u2029Gas is "
                        "cheap.\u2028Oil too.", title="Test\vmemo")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    assert "warning: bluf: a line or page break pasted from another program is shown as a " \
        "line break\n" in result.stderr
    assert "warning: title: this value is shown on one line: its line breaks are shown as " \
        "spaces\n" in result.stderr
    page = pdf_pages(project.output / "memo.pdf")[0]
    assert "The plan\nis rushed.\n" in page and "Costs are unknown." in page
    assert "Test memo" in flat(page)
    paragraphs = docx_paragraphs(project.output / "memo.docx")
    assert ("BLUF", "The plan\nis rushed.") in paragraphs  # a Word line break
    assert ("BLUF", "Costs are unknown.") in paragraphs
    assert ("BLUF", "Gas is cheap.\nOil too.") in paragraphs
    assert ("Title", "Test memo") in paragraphs


@pytest.mark.slow
def test_a_title_longer_than_words_properties_hold_is_whole_in_the_memo(project):
    title = "A very long title " * 20
    result = project.run("build", project.spec(title=title.strip()))
    assert result.exit_code == 0, result.stderr
    assert "warning: title: this is 359 characters long: the Word file's properties hold " \
        "255, so there it is shortened (the memo shows it whole)\n" in result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    assert len(document.core_properties.title) <= 255
    assert document.core_properties.title.endswith("…")
    assert ("Title", title.strip()) in docx_paragraphs(project.output / "memo.docx")
    assert flat(title) in flat(pdf_pages(project.output / "memo.pdf")[0])


@pytest.mark.slow
def test_source_text_no_document_can_hold_is_left_out(project):
    source = project.root / "sources" / "quirks.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("start soon", "start\x01 \x0csoon\ufffe"), encoding="utf-8")
    result = project.run("build", project.spec())
    assert result.exit_code == 0, result.stderr
    assert "warning: sources.gazette: source 'gazette' holds 3 characters no document can " \
        "show (control characters, or no characters at all): they are left out\n" \
        in result.stderr
    assert "would start soon" in flat(project.run("sources", source).stdout)


@pytest.mark.parametrize(("markdown", "link"), [
    ("See [the page](file:///etc/passwd).", "file:///etc/passwd"),
    ("See [the page](data:text/html,hi).", "data:text/html,hi"),
    ("See [the page](notes.html).", "notes.html"),
])
def test_links_go_only_to_web_and_mail_addresses(project, markdown, link):
    result = project.run("build", project.spec(bluf=markdown))
    assert result.exit_code == 1
    assert f"error: bluf: the link to {link!r} is not a web or mail address: only http, https " \
        "and mailto links go into a memo\n    hint: write a link as [words](https://address)" \
        in result.stderr
    assert not project.output.exists()


@pytest.mark.parametrize(("markdown", "written"), [
    # Read as CommonMark reads it, a link (it was text while brief read no parentheses in
    # an address): refused, not built.
    ("See [x](javascript:alert(1)).", "javascript:alert(1)"),
    # The address as written, not Python-Markdown's placeholder for the code span in it.
    ("See [js](javascript:alert`1`).", "javascript:alert`1`"),
])
def test_a_link_that_javascript_cannot_hide_in(project, markdown, written):
    result = project.run("build", project.spec(bluf=markdown))
    assert result.exit_code == 1
    assert f"error: bluf: the link to {written!r} is not a web or mail address: only http, " \
        "https and mailto links go into a memo\n" in result.stderr
    assert "\x02" not in result.stderr and "klzzwxh" not in result.stderr
    assert not project.output.exists()


@pytest.mark.slow
def test_a_link_whose_address_holds_parentheses_is_a_link_in_both_formats(project):
    from pypdf import PdfReader

    address = "https://en.wikipedia.org/wiki/Union_State_(Russia)"
    result = project.run("build", project.spec(
        bluf=f"Minsk is bound to Moscow by the [Union State]({address})."))
    assert result.exit_code == 0, result.stderr
    page = pdf_pages(project.output / "memo.pdf")[0]
    assert "Minsk is bound to Moscow by the Union State." in flat(page)
    assert "](" not in page
    annotations = [a.get_object() for a in PdfReader(project.output / "memo.pdf").pages[0]
                   .get("/Annots", [])]
    assert address in [a["/A"]["/URI"] for a in annotations if "/A" in a]
    document = docx.Document(str(project.output / "memo.docx"))
    bluf = next(p for p in document.paragraphs if p.text.startswith("Minsk is bound"))
    assert bluf.text == "Minsk is bound to Moscow by the Union State."
    assert [(link.text, link.address) for link in bluf.hyperlinks] == [("Union State",
                                                                        address)]


def test_a_source_url_is_a_web_address(project):
    result = project.run("check", project.spec(
        sources={"gazette": {"url": "javascript:alert(1)"}}))
    assert result.exit_code == 1
    assert "error: sources.gazette.url: 'javascript:alert(1)' is not a web address: a " \
        "source's `url` is an http or https address\n" in result.stderr


def test_messages_show_control_characters_escaped(project):
    result = project.run("check", project.spec(text=project.spec().read_text()
                                               + '"\\e[2J\\e[31mowned": 1\n'))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "unknown key '\\x1b[2J\\x1b[31mowned'" in result.stderr
