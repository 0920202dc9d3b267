"""Templates: found along the search path, overridable file by file, with clear errors."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from pypdf import PdfReader

from brief.templates import BUILTIN_FOLDER
from conftest import docx_paragraphs, flat, make_png, pdf_pages, pixels_of_colour


def make_template(project, name: str, *files: str):
    """A project template `name` holding copies of some built-in memo files."""
    return project.template(name, files=files)


@pytest.mark.slow
@pytest.mark.e2e
def test_project_template_overrides_builtin_by_name_file_by_file(project):
    folder = make_template(project, "memo", "document.html.j2")
    page = (folder / "document.html.j2").read_text(encoding="utf-8")
    (folder / "document.html.j2").write_text(
        page.replace("<h1>", "<p>HOUSE STYLE</p><h1>"), encoding="utf-8")
    (folder / "template.yaml").write_text(
        "name: memo\nlabels:\n  bluf: Key judgement\n", encoding="utf-8")
    result = project.run("build", project.spec())
    assert result.exit_code == 0, result.stderr
    pdf = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "HOUSE STYLE Test memo" in pdf
    # The stylesheet still comes from the built-in memo: the title is in its accent colour.
    assert pixels_of_colour(project.output / "memo.pdf", 1, (0x1F, 0x3A, 0x5F)) > 200
    assert "Key judgement The plan is rushed." in pdf
    # The Word file takes the label too, and falls back on the built-in reference.docx.
    paragraphs = [p.text for p in docx.Document(str(project.output / "memo.docx")).paragraphs]
    assert "Key judgement" in paragraphs
    assert "Bottom line up front" not in paragraphs


@pytest.mark.e2e
def test_unknown_template_lists_what_exists(project):
    make_template(project, "ours")
    result = project.run("check", project.spec(template="our"))
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:48:11: error: template: unknown template 'our'; did you mean 'ours'?\n"
        f"    searched: templates, {BUILTIN_FOLDER}\n"
        "    hint: the templates available are: ours, briefing-note, memo, one-pager\n"
        "brief check: failed (1 problem)\n")


@pytest.mark.e2e
def test_template_with_an_undefined_variable(project):
    folder = make_template(project, "broken", "document.html.j2")
    page = folder / "document.html.j2"
    page.write_text(page.read_text().replace("{{ briefing.title }}</h1>",
                                             "{{ briefing.titel }}</h1>"))
    project.output.mkdir()
    result = project.run("build", project.spec(template="broken"))
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(page.read_text().splitlines(), start=1)
                if "briefing.titel" in text)
    assert result.stderr.startswith(
        f"templates/broken/document.html.j2:{line}: error: template uses an undefined value: "
        "'brief.model.Briefing object' has no attribute 'titel'\n")
    assert project.files() == {}


@pytest.mark.slow
@pytest.mark.e2e
def test_reference_docx_without_a_needed_style_is_given_one_based_on_its_own(project):
    folder = make_template(project, "plain")
    docx.Document().save(str(folder / "reference.docx"))  # python-docx's blank document
    result = project.run("build", project.spec(template="plain"))
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines()
              if line.startswith("templates/plain/reference.docx: warning:")]
    assert [line for line in warned if "of brief's styles" in line] == [
        "templates/plain/reference.docx: warning: reference.docx lacks 16 of brief's styles; "
        "added, based on its own Normal and headings: Organisation, Memo Header, BLUF, "
        "Decision, Passage, Source, Marking, Footnote Text, Note, Citation, Hyperlink, "
        "Fingerprint, Footnote Reference, Incentives Table, Options Table, Memo Table"]
    # It has no header or footer either: brief adds them, with the marking.
    assert [line for line in warned if "for every page" in line] == [
        f"templates/plain/reference.docx: warning: reference.docx has no {story} for every "
        "page: brief adds one with the marking on a line of its own"
        for story in ("header", "footer")]
    # python-docx's theme fonts, Cambria (+Body) and Calibri (+Headings), are named too.
    assert "warning: reference.docx names the font 'Cambria' (the document defaults " \
        "(+Body))" in result.stderr
    paragraphs = docx_paragraphs(project.output / "memo.docx")
    assert [text for style, text in paragraphs if style == "BLUF"], paragraphs
    assert any(style == "Passage" for style, _ in paragraphs)
    built = docx.Document(str(project.output / "memo.docx"))
    # based on the house's own styles, not a copy of the built-in memo's navy ones
    assert built.styles["BLUF"].base_style.name == "Normal"
    assert built.styles["Passage"].base_style.name == "Quote"
    assert built.styles["Organisation"].base_style.name == "Heading 1"
    assert "1F3A5F" not in built.styles.element.xml.upper()  # the memo's navy


@pytest.mark.e2e
@pytest.mark.parametrize(("formats", "settings"), [
    ("pdf,docx", None),
    # A Word-only build of a template with max_pages lays the PDF out to measure it: that
    # layout refuses the network like a PDF build does.
    ("docx", "name: online\nmax_pages: 3\n"),
])
def test_template_that_reaches_for_the_network(project, formats, settings):
    folder = make_template(project, "online", "document.html.j2")
    if settings is not None:
        (folder / "template.yaml").write_text(settings)
    page = folder / "document.html.j2"
    page.write_text(page.read_text().replace(
        "<h1>", '<img src="https://example.org/logo.png"><h1>'))
    result = project.run("build", project.spec(template="online"), "--format", formats)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/online/document.html.j2: error: the template refers to "
        "https://example.org/logo.png, but brief does not use the network\n")
    assert not project.output.exists()


@pytest.mark.slow
@pytest.mark.e2e
def test_design_tokens_change_both_formats(project):
    folder = make_template(project, "ours")
    settings = (BUILTIN_FOLDER / "memo" / "template.yaml").read_text(encoding="utf-8")
    settings = settings.replace("name: memo", "name: ours")
    settings = settings.replace('accent_colour: "#1f3a5f"', 'accent_colour: "#00a050"')
    settings = settings.replace("page_size: A4", "page_size: A5")
    settings = settings.replace("body_font: DejaVu Sans", "body_font: DejaVu Serif")
    (folder / "template.yaml").write_text(settings, encoding="utf-8")
    result = project.run("build", project.spec(template="ours"))
    assert result.exit_code == 0, result.stderr
    pdf = project.output / "memo.pdf"
    assert pixels_of_colour(pdf, 1, (0x00, 0xA0, 0x50)) > 200  # the title and headings
    width, height = PdfReader(pdf).pages[0].mediabox.upper_right
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (148, 210)
    document = docx.Document(str(project.output / "memo.docx"))
    assert str(document.styles["Title"].font.color.rgb) == "00A050"
    assert str(document.styles["Heading 1"].font.color.rgb) == "00A050"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (148, 210)
    assert document.styles["Normal"].font.name == "DejaVu Serif"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "DejaVu-Serif" in fonts  # the text
    assert "DejaVu-Sans-Bold" in fonts  # the headings keep their font


@pytest.mark.slow
@pytest.mark.e2e
def test_default_accent_colour_is_not_that_colour(project):
    """The pixel count above can fail: with the built-in style there are none."""
    assert project.run("build", project.spec(), "--format", "pdf").exit_code == 0
    assert pixels_of_colour(project.output / "memo.pdf", 1, (0x00, 0xA0, 0x50)) == 0


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("style:\n  accent_color: '#000000'",
         "unknown style token 'accent_color'; did you mean 'accent_colour'?"),
        ("style:\n  accent_colour: navy",
         "style token 'accent_colour': expected a colour written `#rrggbb`, found 'navy'"),
        ("style:\n  page_size: A3",
         "style token 'page_size': expected one of A4, A5, Letter, Legal, found 'A3'"),
        ("citations: sidenotes",
         "`citations` must be one of inline, footnotes, endnotes, not "
         "'sidenotes'"),
        ("incentives: grid", "`incentives` must be list or table, not 'grid'"),
        ("max_pages: 0", "`max_pages` must be a whole number of pages"),
        ("passages: hidden", "`passages` must be quoted or cited, not 'hidden'"),
        ("include: [risks, annexes]", "`include` must list section kinds: "
         "key_judgments, risks, incentives, recommendations, indicators, options, text"),
        ("stylesheets: [missing.css]",
         "`stylesheets` must list CSS files of the template folder"),
        ("date_format: DD/MM/YYYY", "`date_format` must be a date picture of "
         "d, dd, ddd, dddd, M, MM, MMM, MMMM, yy and yyyy (text in 'single quotes'); 'DD' is "
         "none of them, not 'DD/MM/YYYY'"),
        ("date_format: d MMMM", "`date_format` must be a date picture with the "
         "year in it (yyyy), not 'd MMMM'"),
        ("max_quote_words: many",
         "`max_quote_words` must be a whole number of words"),
        ("left_out: error", "`left_out` must be note or warning, not 'error'"),
        ("portion_marks: yes please", "`portion_marks` must be true or false"),
        ("classifications: [SECRET, SECRET]", "`classifications` must list the "
         "house's classifications, lowest first: each a text, or `{marking: SECRET, "
         "abbreviation: S}`"),
    ],
)
def test_bad_template_settings(project, settings, message):
    folder = make_template(project, "ours")
    (folder / "template.yaml").write_text(f"name: ours\n{settings}\n")
    result = project.run("check", project.spec(template="ours"))
    assert result.exit_code == 1
    key, _, value = settings.rpartition("\n")[2].strip().partition(":")
    line = settings.count("\n") + 2  # after `name: ours`
    column = len(settings.rpartition("\n")[2]) - len(value.strip()) + 1
    if settings.startswith("style:") and "unknown" in message:
        column = 3  # at the key
    path = f"style.{key}" if settings.startswith("style:") else key
    assert result.stderr.startswith(
        f"templates/ours/template.yaml:{line}:{column}: error: {path}: {message}\n")
    assert not project.output.exists()


@pytest.mark.e2e
def test_a_colour_without_quotes_is_explained(project):
    folder = make_template(project, "ours")
    (folder / "template.yaml").write_text("name: ours\nstyle:\n  accent_colour: #8b1e3f\n")
    result = project.run("check", project.spec(template="ours"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/ours/template.yaml:3:17: error: style.accent_colour: style token "
        "'accent_colour' has no value: in YAML a # starts a comment, so the colour #8b1e3f was "
        "read as a note, not as the value\n"
        '    hint: put the colour in quotes: accent_colour: "#8b1e3f"\n')


@pytest.mark.e2e
def test_every_problem_of_a_template_yaml_at_once(project):
    folder = make_template(project, "ours")
    (folder / "template.yaml").write_text(
        "name: ours\ncitations: sidenotes\nstyle:\n  page_size: A3\n  accent_colour: navy\n"
        "max_pages: 0\n")
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()
            if ": error: " in line] == [
        "templates/ours/template.yaml:2:12", "templates/ours/template.yaml:4:14",
        "templates/ours/template.yaml:5:18", "templates/ours/template.yaml:6:12"]
    assert result.stderr.endswith("brief templates check: failed (4 problems)\n")


MAGENTA = (255, 0, 255)


def logo_template(project):
    project.run("templates", "new", "logo")
    folder = project.root / "templates" / "logo"
    make_png(folder / "logo.png", MAGENTA)
    settings = folder / "template.yaml"
    settings.write_text(settings.read_text().replace('logo: ""', "logo: logo.png"))
    return folder


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_logo_on_every_page_of_both_formats(project, tmp_path):
    logo_template(project)
    long_bluf = "\n\n".join(["Padding paragraph to run the memo onto a second page."] * 40)
    result = project.run("build", project.spec(template="logo", bluf=long_bluf))
    assert result.exit_code == 0, result.stderr
    pdf = project.output / "memo.pdf"
    pages = len(pdf_pages(pdf))
    assert pages >= 2
    for page in range(1, pages + 1):
        assert pixels_of_colour(pdf, page, MAGENTA) > 300, f"page {page}"
    document = docx.Document(str(project.output / "memo.docx"))
    header = document.sections[0].header
    assert header.paragraphs[0]._p.xpath(".//pic:pic")
    assert header.paragraphs[0]._p.xpath(".//wp:docPr/@descr") == ["Organisation logo"]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(project.output / "memo.docx")], check=True, capture_output=True,
                   timeout=180)
    converted = tmp_path / "memo.pdf"
    for page in range(1, len(pdf_pages(converted)) + 1):
        assert pixels_of_colour(converted, page, MAGENTA) > 300, f"Word page {page}"


@pytest.mark.e2e
def test_missing_logo(project):
    folder = logo_template(project)
    (folder / "logo.png").unlink()
    line = next(number for number, text in enumerate(
        (folder / "template.yaml").read_text().splitlines(), start=1) if "logo: logo.png" in text)
    result = project.run("check", project.spec(template="logo"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"templates/logo/template.yaml:{line}:9: error: style.logo: logo file not found: "
        "logo.png\n"
        "    hint: put the image in templates/logo, or set `logo: \"\"` for none\n")


@pytest.mark.slow
@pytest.mark.e2e
def test_header_and_footer_text_on_every_page_of_both_formats(project):
    folder = logo_template(project)
    settings = folder / "template.yaml"
    settings.write_text(settings.read_text()
                        .replace('header_text: ""', "header_text: Example Ministry")
                        .replace('footer_text: ""', "footer_text: Not for publication"))
    long_bluf = "\n\n".join(["Padding paragraph to run the memo onto a second page."] * 40)
    result = project.run("build", project.spec(template="logo", bluf=long_bluf))
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages(project.output / "memo.pdf")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Example Ministry" in page, f"page {number}"
        assert "Not for publication" in page, f"page {number}"
    section = docx.Document(str(project.output / "memo.docx")).sections[0]
    # The header line (header text, date) at the left, the classification banner centred.
    assert section.header.paragraphs[0].text == \
        "Example Ministry · 1 May 2024\tOFFICIAL-SENSITIVE\t"
    assert section.footer.paragraphs[0].text == \
        "Not for publication · Page  of \tOFFICIAL-SENSITIVE\t"


def test_template_named_by_its_folder_when_template_yaml_gives_no_name(project):
    from brief.templates import find_template

    folder = make_template(project, "plainname")
    (folder / "template.yaml").write_text("citations: endnotes\n")
    template = find_template("plainname", project.root, project.root)
    assert (template.name, template.citations, template.incentives) == (
        "plainname", "endnotes", "list")


def clean_spec(project, **settings):
    """A spec no check warns about (its source long enough and graded), with risks and
    incentives sections."""
    sentence = "Minsk weighs its options with care, and Moscow watches every step it takes. "
    (project.root / "sources" / "long.txt").write_text(
        "\n\n".join(sentence * 6 for _ in range(4)) + "\n", encoding="utf-8")
    return project.spec(text=(
        "title: Test memo\n"
        + "".join(f"{key}: {value}\n" for key, value in settings.items()) +
        "sources:\n"
        "  long: {file: sources/long.txt, title: Long, authors: [Ann Example], date: 2024, "
        "reliability: B}\n"
        "bluf: The plan is rushed.\n"
        "sections:\n"
        "  - title: Risks\n"
        "    kind: risks\n"
        "    points:\n"
        "      - text: Minsk weighs its options.\n"
        "        passages: [{source: long, paragraph: 1}]\n"
        "  - title: Actors\n"
        "    kind: incentives\n"
        "    points:\n"
        "      - {actor: Moscow, text: Moscow watches.}\n"))


LEFT_OUT_NOTE = (
    "memo.yaml:2:11: note: template: template '{name}' does not show \"Actors\" "
    "(incentives)\n"
    "    hint: it shows only {shown}; build with another template (`template: memo`) to "
    "show everything\n")


@pytest.mark.slow
@pytest.mark.e2e
def test_a_template_that_leaves_sections_out_says_which(project):
    spec = clean_spec(project, template="one-pager")
    for strict in ([], ["--strict"]):  # a note, which --strict leaves alone
        result = project.run("build", spec, "--format", "pdf", *strict)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == LEFT_OUT_NOTE.format(
            name="one-pager", shown="key_judgments, risks, recommendations")
    text = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    assert "Minsk weighs its options." in text and "Moscow watches." not in text


@pytest.mark.e2e
def test_a_house_may_make_left_out_sections_a_warning(project):
    folder = make_template(project, "short")
    (folder / "template.yaml").write_text("name: short\ninclude: [risks, recommendations]\n"
                                          "left_out: warning\n")
    spec = clean_spec(project, template="short")
    assert project.run("check", spec).stderr == LEFT_OUT_NOTE.format(
        name="short", shown="risks, recommendations").replace("note:", "warning:")
    result = project.run("build", spec, "--strict")
    assert result.exit_code == 1
    assert result.stderr.startswith("memo.yaml:2:11: error: template: template 'short' "
                                    "does not show \"Actors\" (incentives)\n")
    assert not project.output.exists()
