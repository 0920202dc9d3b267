"""The organisation's own Word file as the house style (`brief templates new NAME
--from-word FILE`): real letterheads and templates nobody here wrote (../shared/corpus),
letterheads made with python-docx, and one of them re-saved by LibreOffice, each builds
the example memo, and its headers (text and logo) are in the Word file brief writes."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import page as page_validation
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from brief.render.pdf.word_css import word_css
from brief.templates import BUILTIN_FOLDER, find_template
from brief.templates.word import house_style
from conftest import EDIT_STYLES, REPO, SYSTEM_PYTHON, make_png, needs_libreoffice, word_problems

CORPUS = REPO.parent / "shared" / "corpus"
CORPUS_FILES = ["docx/notes.docx", "docx/page-breaks.docx", "docx/textbox.docx",
                "docx/track_changes_insertion.docx",
                "docx-templates/DB0016-DocDefaultStyles.docx", "docx-templates/Fax.docx",
                "docx-templates/DB006-Source2.docx",
                "docx-templates/DB005-Headers-With-Images.docx",
                "docx-templates/cover-page-data.docx",
                "docx-templates/header_footer_image_tpl.docx",
                "docx-templates/sct-first-page-hdrftr.docx"]
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def shown_headers(path: Path) -> dict[tuple[str, str], tuple[list[str], int, bool]]:
    """The headers and footers the last section of a Word file shows (its own, or those
    it inherits from the sections before it), by kind and type: their paragraphs' text as
    python-docx reads it, how many images they hold, and whether every relationship
    their XML names exists."""
    document = docx.Document(str(path))
    shown = {}
    for section in document.element.body.iter(qn("w:sectPr")):  # the last one last
        for reference in section:
            kind = reference.tag.rsplit("}", 1)[-1]
            if kind in ("headerReference", "footerReference"):
                shown[(kind, reference.get(qn("w:type")))] = reference.get(qn("r:id"))
    found = {}
    for key, rel_id in shown.items():
        part = document.part.related_parts[rel_id]
        texts = [Paragraph(p, None).text for p in part.element.iterfind(qn("w:p"))]
        images = sum(1 for rel in part.rels.values() if rel.reltype.endswith("/image"))
        named = {value for element in part.element.iter() for name, value in element.attrib.items()
                 if name.startswith(_R)}
        found[key] = (texts, images, named <= set(part.rels))
    return found


def build_with_house(project, word_file: Path) -> tuple[object, Path]:
    """Make templates/house from `word_file` and build the example memo with it."""
    shutil.copytree(REPO / "briefings", project.root / "briefings")
    made = project.run("templates", "new", "house", "--from-word", word_file)
    assert made.exit_code == 0, made.stderr
    spec = project.root / "briefings" / "house.yaml"
    text = (project.root / "briefings" / "belarus-2022.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("\nmarking:", "\ntemplate: house\nmarking:", 1),
                    encoding="utf-8")
    result = project.run("build", spec)
    return result, project.output / "house.docx"


def assert_house_kept(result, word_file: Path, built: Path) -> None:
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    assert "reference.docx lacks" not in result.stderr  # --from-word wrote them in
    with zipfile.ZipFile(built) as package:  # the note of the styles added stays behind
        assert b"brief: styles added" not in package.read("docProps/custom.xml")
    docx.Document(str(built))  # it opens
    assert word_problems(built) == []
    house, memo = shown_headers(word_file), shown_headers(built)
    assert set(house) <= set(memo)
    for key, (texts, images, _) in house.items():
        memo_texts, memo_images, resolved = memo[key]
        assert resolved, key  # every picture and link of the header is in the package
        assert memo_images >= images, key
        shown = "\n".join(memo_texts)
        assert all(text in shown for text in texts if text.strip()), (key, texts, memo_texts)


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_a_real_word_file_becomes_a_house_template_that_builds(project, name):
    word_file = CORPUS / name
    if not word_file.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    result, built = build_with_house(project, word_file)
    assert_house_kept(result, word_file, built)


def letterhead(folder: Path, name: str, *, different_first_page: bool) -> Path:
    """A letterhead as an organisation makes one in Word: its logo and name in the
    header, a different first-page header, its own font, no list or numbering part."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    section = document.sections[0]
    section.different_first_page_header_footer = different_first_page
    header = section.header.paragraphs[0]
    header.add_run().add_picture(str(make_png(folder / "logo.png", (0, 90, 60))), height=Mm(10))
    header.add_run("\tMinistry of Examples\tPolicy Unit")
    section.footer.paragraphs[0].text = "1 Example Street, Exampleton"
    if different_first_page:
        first = section.first_page_header.paragraphs[0]
        first.add_run().add_picture(str(make_png(folder / "seal.png", (120, 0, 0), 200, 200)),
                                    height=Mm(20))
        first.add_run("Ministry of Examples: the Minister's Office")
    document.add_paragraph("Dear colleague,")
    path = folder / name
    document.save(str(path))
    # python-docx's blank document has a numbering part; a letterhead without lists has not
    import re

    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()
                 if info.filename != "word/numbering.xml"}
    for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
        parts[name] = re.sub(rb"<[^<>]*numbering[^<>]*/>", b"", parts[name])
    with zipfile.ZipFile(path, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return path


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("first_page", [True, False])
def test_a_letterhead_made_with_python_docx_builds(project, tmp_path, first_page):
    word_file = letterhead(tmp_path, "letterhead.docx", different_first_page=first_page)
    result, built = build_with_house(project, word_file)
    assert_house_kept(result, word_file, built)
    memo = shown_headers(built)
    assert memo[("headerReference", "default")][1] == 1  # the logo
    if first_page:
        assert memo[("headerReference", "first")][1] == 1  # the seal
        assert "Minister's Office" in "".join(memo[("headerReference", "first")][0])


@pytest.mark.slow
@pytest.mark.e2e
@needs_libreoffice
def test_a_letterhead_re_saved_by_libreoffice_builds(project, tmp_path):
    word_file = letterhead(tmp_path, "letterhead.docx", different_first_page=True)
    subprocess.run([SYSTEM_PYTHON, str(EDIT_STYLES), str(word_file)], check=True,
                   capture_output=True, timeout=180)  # opened and saved, nothing changed
    result, built = build_with_house(project, word_file)
    assert_house_kept(result, word_file, built)


@pytest.mark.slow
@pytest.mark.e2e
def test_a_word_template_dotx_becomes_a_house_template(project, tmp_path):
    word_file = letterhead(tmp_path, "letterhead.docx", different_first_page=True)
    dotx = tmp_path / "letterhead.dotx"
    with zipfile.ZipFile(word_file) as package, zipfile.ZipFile(dotx, "w") as template:
        for info in package.infolist():
            content = package.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            template.writestr(info, content)
    result, built = build_with_house(project, dotx)
    assert_house_kept(result, word_file, built)
    reference = project.root / "templates" / "house" / "reference.docx"
    with zipfile.ZipFile(reference) as package:
        assert b"document.main+xml" in package.read("[Content_Types].xml")


@pytest.mark.e2e
def test_from_word_lists_the_styles_it_added(project, tmp_path):
    word_file = letterhead(tmp_path, "letterhead.docx", different_first_page=False)
    result = project.run("templates", "new", "house", "--from-word", word_file)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "added to templates/house/reference.docx brief's styles it lacked, based on its own "
        "Normal and headings (edit them in Word's Styles pane): Organisation, Memo Header, "
        "BLUF, Decision, Passage, Source, Marking, Footnote Text, Note, Citation, Hyperlink, "
        "Fingerprint, Footnote Reference, Incentives Table, Options Table, Memo Table")
    reference = docx.Document(str(project.root / "templates" / "house" / "reference.docx"))
    assert reference.styles["BLUF"].base_style.name == "Normal"
    assert reference.styles["Normal"].font.name == "Liberation Serif"
    checked = project.run("templates", "check", "house")
    assert checked.stdout.splitlines()[0] == (
        "templates/house/reference.docx: 16 of brief's styles were added to it by `brief "
        "templates new --from-word`, based on its own Normal and headings (edit them in "
        "Word's Styles pane): Organisation, Memo Header, BLUF, Decision, Passage, Source, "
        "Marking, Footnote Text, Note, Citation, Hyperlink, Fingerprint, Footnote Reference, "
        "Incentives Table, Options Table, Memo Table")
    # What else it finds is the house's own: the fonts it names that this machine lacks.
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert errors and all("names the font" in line for line in errors), checked.stderr


@pytest.mark.parametrize(("name", "content", "message"), [
    ("letter.doc", b"\xd0\xcf\x11\xe0", "letter.doc is not a Word document or template"),
    ("missing.docx", None, "missing.docx does not exist"),
    ("broken.docx", b"not a zip", "reference.docx is not a readable Word file"),
])
def test_from_word_refuses_a_file_it_cannot_use(project, name, content, message):
    if content is not None:
        (project.root / name).write_bytes(content)
    result = project.run("templates", "new", "house", "--from-word", name)
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()[0]
    assert "internal error" not in result.stderr
    assert not (project.root / "templates").exists()


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("made_by", ["document", "reference"])
def test_a_word_file_made_by_pandoc_builds(project, tmp_path, made_by):
    """pandoc writes a section with no page size or margins, and no numbering for a file
    without lists."""
    word_file = tmp_path / "pandoc.docx"
    if made_by == "reference":
        command = ["pandoc", "-o", str(word_file), "--print-default-data-file",
                   "reference.docx"]
    else:
        (tmp_path / "letter.md").write_text("# Ministry of Examples\n\nDear colleague,\n")
        command = ["pandoc", str(tmp_path / "letter.md"), "-o", str(word_file)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    result, built = build_with_house(project, word_file)
    assert_house_kept(result, word_file, built)
    section = docx.Document(str(built)).sections[-1]
    assert (section.page_width.mm, section.left_margin.mm) == pytest.approx((210, 20), abs=0.1)


def test_a_strict_open_xml_file_is_one_message(project, tmp_path):
    word_file = letterhead(tmp_path, "strict.docx", different_first_page=False)
    with zipfile.ZipFile(word_file) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    with zipfile.ZipFile(word_file, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    result = project.run("templates", "new", "house", "--from-word", word_file)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "strict.docx: error: reference.docx is saved as Strict Open XML, which brief "
        "cannot read",
        "    hint: in Word: File > Save As > Word Document (.docx), not Strict Open XML "
        "Document"]
    assert not (project.root / "templates").exists()


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_a_real_word_file_copied_over_reference_docx_builds(project, name):
    """The way the issue found six of them ending in `internal error`: the file put in
    place of a copied template's reference.docx by hand."""
    word_file = CORPUS / name
    if not word_file.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    assert project.run("templates", "new", "house").exit_code == 0
    shutil.copy(word_file, project.root / "templates" / "house" / "reference.docx")
    checked = project.run("templates", "check", "house")
    assert "internal error" not in checked.stderr
    problems = [line for line in checked.stderr.splitlines()
                if ": error: " in line and "of brief's styles" in line]
    assert len(problems) == 1, checked.stderr  # one line naming the styles it lacks
    assert problems[0].startswith("templates/house/reference.docx: error: reference.docx "
                                  "lacks ")
    assert "of brief's styles; added, based on its own Normal and headings: " in problems[0]
    result = project.run("build", project.spec(template="house"))
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines()
            if line.startswith("templates/house/reference.docx: warning:")
            and "of brief's styles" in line] == [problems[0].replace(": error: ", ": warning: ")]
    docx.Document(str(project.output / "memo.docx"))


@pytest.mark.slow
@pytest.mark.e2e
def test_the_house_logo_in_its_header_is_in_the_pdf_header_too(project, tmp_path):
    """The default header's picture, at its size in Word, at the top left of every page
    of the PDF, beside the header's text: both files show the house's logo."""
    word_file = letterhead(tmp_path, "letterhead.docx", different_first_page=False)
    result, _ = build_with_house(project, word_file)
    assert result.exit_code == 0, result.stderr
    pdf = project.output / "house.pdf"
    pages = len(PdfReader(str(pdf)).pages)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    # make_png's logo is 120 x 40 pixels, the letterhead shows it 10 mm high
    logos = [line.split() for line in listed if line.split()[3:5] == ["120", "40"]]
    assert sorted({int(fields[0]) for fields in logos}) == list(range(1, pages + 1))
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    date = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>22</word>', boxes)
    assert date is not None
    # the header's text stands after the logo, 30 mm wide (10 mm high at 3:1) and 3 mm
    assert float(date[1]) > (20 + 30) * 72 / 25.4
    # and the archival PDF with the logo still meets PDF/A-3b (no interpolated image) and
    # PDF/UA-1 (the logo is part of the header, an artifact)
    archival = project.run("build", project.root / "briefings" / "house.yaml", "--force",
                           "--pdf-variant", "pdf/a-3b")
    assert archival.exit_code == 0, archival.stderr
    for profile in ("3b", "ua1"):
        report = page_validation.validate_pdf(pdf, profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile


@pytest.mark.slow
@pytest.mark.e2e
def test_a_header_picture_the_pdf_cannot_show_is_named(project):
    word_file = CORPUS / "docx-templates" / "DB0016-DocDefaultStyles.docx"
    if not word_file.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    result, _ = build_with_house(project, word_file)
    assert result.exit_code == 0, result.stderr
    assert ("templates/house/reference.docx: warning: the picture in reference.docx's header "
            "(media/image1.bin) is not PNG, JPEG or GIF, so the PDF's header cannot show it; "
            "the Word file does\n"
            "    hint: in Word or LibreOffice, replace it with the same picture saved as PNG"
            ) in result.stderr


def test_a_house_list_style_hanging_indent_does_not_overlap_the_pdf_number(tmp_path):
    """Word hangs a number in the List Number style's hanging indent; CSS hangs the
    marker outside the item itself, so the item keeps its left margin and no negative
    indent (which drew the number over the first word)."""
    word_file = CORPUS / "docx-templates" / "header_footer_image_tpl.docx"
    if not word_file.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    folder = tmp_path / "templates" / "house"
    shutil.copytree(BUILTIN_FOLDER / "memo", folder)
    shutil.copy(word_file, folder / "reference.docx")
    template = find_template("house", tmp_path, tmp_path)
    rules = [line for line in word_css(house_style(template)).splitlines()
             if line.startswith(("ol.points > li {", "ul.points > li {"))]
    assert len(rules) == 2
    assert all("margin-left: 18pt" in rule and "text-indent" not in rule for rule in rules)


@pytest.mark.slow
@pytest.mark.e2e
def test_a_house_footer_the_marking_was_put_above_still_runs_along_the_pdf(project, tmp_path):
    """A centred footer line has no room for the marking after it, so brief puts the
    marking on a line of its own above it; the PDF's running footer is still the house's
    line, not the marking's placeholders."""
    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Ministry of Examples · 1 Example Street · London"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.sections[0].header.paragraphs[0].text = "Ministry of Examples"
    word_file = tmp_path / "centred.docx"
    document.save(str(word_file))
    result, built = build_with_house(project, word_file)
    assert result.exit_code == 0, result.stderr
    footer_lines = [p.text for p in docx.Document(str(built)).sections[0].footer.paragraphs]
    assert footer_lines[-1] == "Ministry of Examples · 1 Example Street · London"
    text = " ".join(subprocess.run(["pdftotext", str(project.output / "house.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Ministry of Examples · 1 Example Street · London" in text
    # `templates new --from-word` says what it did to the footer, as a build would
    made = project.run("templates", "new", "again", "--from-word", word_file)
    assert made.exit_code == 0, made.stderr
    assert ("centred.docx: warning: reference.docx's footer for every page has no "
            "{classification} and {tlp}: brief puts the marking on a line of its own at the "
            "top\n"
            ) in made.stderr
