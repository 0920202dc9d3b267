"""Fonts never change in silence: a font the house names that this machine lacks is named
(a warning at build, an error in `brief templates check`), a house may give its own font
files, and the shipped reference.docx follows Normal's and the theme's fonts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import EDIT_STYLES, SYSTEM_PYTHON, needs_libreoffice, pdf_fonts

DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
FIX = ("install it (or list its .ttf or .otf file under `fonts:` in template.yaml), or name "
       "a font this machine has; the PDF uses DejaVu Sans instead")


def edit_package(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Rewrite reference.docx with `edit(styles, theme)` applied to its parsed parts."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    theme = etree.fromstring(parts["word/theme/theme1.xml"])
    edit(styles, theme)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8")
    parts["word/theme/theme1.xml"] = etree.tostring(theme, xml_declaration=True,
                                                    encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    path.write_bytes(out.getvalue())


def style_named(styles, name: str):  # type: ignore[no-untyped-def]
    return next(s for s in styles.iter(qn("w:style"))
                if s.find(qn("w:name")).get(qn("w:val")) == name)


def name_font(styles, name: str, font: str) -> None:  # type: ignore[no-untyped-def]
    """Give a style a font of its own, as Word writes it (the theme's font dropped)."""
    r_pr = style_named(styles, name).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.Element(qn("w:rFonts"))
        r_pr.insert(0, fonts)
    fonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), font)


def theme_font(theme, kind: str, font: str) -> None:  # type: ignore[no-untyped-def]
    theme.find(f".//{{{DRAWING}}}{kind}Font/{{{DRAWING}}}latin").set("typeface", font)


def house(project, edit) -> Path:  # type: ignore[no-untyped-def]
    """A house template `ours`, copied from memo, its reference.docx edited."""
    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    folder = project.root / "templates" / "ours"
    edit_package(folder / "reference.docx", edit)
    return folder


def ministry_fonts(styles, theme) -> None:  # type: ignore[no-untyped-def]
    name_font(styles, "Normal", "Ministry Serif")
    theme_font(theme, "major", "Ministry Sans")
    theme_font(theme, "minor", "Ministry Text")


MINISTRY_PROBLEMS = [
    "reference.docx names the font 'Ministry Text' (the document defaults (+Body)), which "
    "is not installed",
    "reference.docx names the font 'Ministry Serif' (style Normal), which is not installed",
    "reference.docx names the font 'Ministry Sans' (style Heading 1 (+Headings), style "
    "Heading 2 (+Headings)), which is not installed",
]


@pytest.mark.slow
@pytest.mark.e2e
def test_check_names_each_font_of_reference_docx_that_is_not_installed(project):
    house(project, ministry_fonts)
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 1
    assert result.stderr == "".join(
        f"templates/ours/reference.docx: error: {problem}\n    hint: {FIX}\n"
        for problem in MINISTRY_PROBLEMS) + "brief templates check: failed (3 problems)\n"


@pytest.mark.slow
@pytest.mark.e2e
def test_a_font_of_a_style_it_is_based_on_is_named_with_it(project):
    def edit(styles, theme):  # type: ignore[no-untyped-def]
        heading = etree.SubElement(styles, qn("w:style"), {qn("w:type"): "paragraph",
                                                           qn("w:styleId"): "HouseHeading"})
        etree.SubElement(heading, qn("w:name"), {qn("w:val"): "House Heading"})
        etree.SubElement(heading, qn("w:rPr"))
        name_font(styles, "House Heading", "Ministry Sans")
        heading_2 = style_named(styles, "heading 2")
        heading_2.find(qn("w:rPr")).remove(heading_2.find("w:rPr/w:rFonts", W))
        heading_2.find(qn("w:basedOn")).set(qn("w:val"), "HouseHeading")

    house(project, edit)
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/ours/reference.docx: error: reference.docx names the font 'Ministry Sans' "
        "(style House Heading, which Heading 2 is based on), which is not installed\n"
        f"    hint: {FIX}\nbrief templates check: failed (1 problem)\n")


@pytest.mark.slow
@pytest.mark.e2e
def test_a_build_warns_of_each_and_strict_fails_writing_nothing(project):
    house(project, ministry_fonts)
    spec = project.spec(template="ours")
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    for problem in MINISTRY_PROBLEMS:
        assert f"templates/ours/reference.docx: warning: {problem}\n    hint: {FIX}\n" \
            in result.stderr
    # What the hint says the PDF uses instead, it uses; the Word file names the house's.
    assert pdf_fonts(project.output / "memo.pdf") <= {"DejaVuSans", "DejaVuSansBold",
                                                      "DejaVuSansOblique"}
    document = docx.Document(str(project.output / "memo.docx"))
    assert document.styles["Normal"].font.name == "Ministry Serif"
    shutil.rmtree(project.output)
    strict = project.run("build", spec, "--strict")
    assert strict.exit_code == 1
    assert "templates/ours/reference.docx: error: reference.docx names the font 'Ministry " \
        "Serif'" in strict.stderr
    assert not project.output.exists() or not any(project.output.iterdir())


# --- a house's own font files -------------------------------------------------------------

def ministry_serif_file(folder: Path) -> Path:
    """DejaVu Serif renamed "Ministry Serif" (a font this machine does not have), as a
    house's own font file would be."""
    from fontTools.ttLib import TTFont

    source = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Serif:style=Book"],
                            capture_output=True, text=True, check=True).stdout
    if not source.endswith(".ttf"):
        pytest.skip("DejaVu Serif is not installed")
    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Ministry Serif"
        elif record.nameID == 6:
            record.string = "MinistrySerif"
        elif record.nameID == 3:
            record.string = "Ministry Serif 1.0"
    path = folder / "ministry-serif.ttf"
    font.save(str(path))
    return path


@pytest.mark.slow
@pytest.mark.e2e
def test_a_font_the_house_gives_under_fonts_is_the_pdfs(project, monkeypatch):
    """The house's font file is the PDF's, and the copy WeasyPrint makes of it in the
    temporary folder is gone once the PDF is written (the PDF worker, which makes it, is
    stopped, not wound down)."""
    import tempfile

    scratch = project.root / "temporary"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the worker is forked: its too
    folder = house(project, lambda styles, theme: name_font(styles, "Normal", "Ministry Serif"))
    ministry_serif_file(folder)
    settings = folder / "template.yaml"
    settings.write_text(settings.read_text() + "fonts: [ministry-serif.ttf]\n")
    check = project.run("templates", "check", "ours")
    assert check.exit_code == 0, check.stderr
    assert check.stdout == "template 'ours' (templates/ours): OK\n"
    result = project.run("build", project.spec(template="ours"))
    assert result.exit_code == 0, result.stderr
    assert "font" not in result.stderr
    fonts = pdf_fonts(project.output / "memo.pdf")
    assert "MinistrySerif" in fonts  # the text, from the house's file
    assert "DejaVuSansBold" in fonts  # the headings, +Headings: the theme's DejaVu Sans
    assert "DejaVuSerif" not in fonts
    assert list(scratch.iterdir()) == []


LISTING = "`fonts` must list .ttf or .otf font files of the template folder"


@pytest.mark.e2e
@pytest.mark.parametrize(("listed", "written", "problem"), [
    ("[missing.ttf]", None, ":{line}:8: error: fonts: " + LISTING),
    ("[notes.txt]", b"notes", ":{line}:8: error: fonts: " + LISTING),
    ("[broken.ttf]", b"not a font at all", ": error: broken.ttf, listed under `fonts:`, is "
     "not a TrueType or OpenType font (Not a TrueType or OpenType font (bad sfntVersion))\n"
     "    hint: list .ttf or .otf files of the template folder, as the house's font files "
     "are"),
])
def test_a_wrong_font_file_is_one_message_and_nothing_is_written(project, listed, written,
                                                                  problem):
    folder = house(project, lambda styles, theme: None)
    if written is not None:
        (folder / re.sub(r"[\[\]]", "", listed)).write_bytes(written)
    settings = folder / "template.yaml"
    line = len(settings.read_text().splitlines()) + 1
    settings.write_text(settings.read_text() + f"fonts: {listed}\n")
    result = project.run("build", project.spec(template="ours"))
    assert result.exit_code == 1
    assert result.stderr == "templates/ours/template.yaml" + problem.format(line=line) + \
        "\nbrief build: failed (1 problem); no files were written\n"
    assert not project.output.exists() or not any(project.output.iterdir())


# --- the shipped reference.docx follows Normal and the theme ------------------------------

def word_font(document, name: str) -> str:  # type: ignore[no-untyped-def]
    """The Latin font a paragraph style shows in Word: its own, else that of the style it
    is based on, else the document defaults', a theme font by the theme's name."""
    theme_part = next(p for p in document.part.package.iter_parts()
                      if str(p.partname).startswith("/word/theme/"))
    theme = etree.fromstring(theme_part.blob)
    style = document.styles[name].element
    defaults = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr",
                                            style.nsmap)
    while style is not None:
        fonts = style.find("w:rPr/w:rFonts", style.nsmap)
        if fonts is not None and (fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:ascii"))):
            break
        based_on = style.find("w:basedOn", style.nsmap)
        style = (document.styles.element.find(
            f"w:style[@w:styleId='{based_on.get(qn('w:val'))}']", style.nsmap)
            if based_on is not None else None)
    fonts = (style if style is not None else defaults).find(".//w:rFonts", defaults.nsmap)
    kind = fonts.get(qn("w:asciiTheme"))
    if kind:
        return theme.find(f".//{{{DRAWING}}}{kind[:5]}Font/{{{DRAWING}}}latin").get("typeface")
    return fonts.get(qn("w:ascii"))


def fonts_of_lines(pdf: Path, texts: list[str]) -> dict[str, set[str]]:
    """The fonts of the characters of page 1's lines that hold each of `texts`."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextLine

    found: dict[str, set[str]] = {text: set() for text in texts}

    def walk(item) -> None:  # type: ignore[no-untyped-def]
        if isinstance(item, LTTextLine):
            line = item.get_text()
            for text in texts:
                if text in line:
                    found[text] |= {c.fontname.split("+")[-1].replace("-", "") for c in item
                                    if isinstance(c, LTChar) and c.get_text().strip()}
            return
        for child in getattr(item, "_objs", ()):
            walk(child)

    walk(next(iter(extract_pages(str(pdf), maxpages=1))))
    return found


# What each style styles on page 1 of the test memo.
STYLED = {"Title": "Test memo", "Subtitle": "A line under the title",
          "Passage": "its costs were not known", "Footnote Text": "Quirks Gazette",
          "Heading 1": "Bottom line up front"}


def edit_in_libreoffice(reference: Path) -> None:
    """Change Normal's font in LibreOffice's Styles pane, and save as Word."""
    subprocess.run([SYSTEM_PYTHON, str(EDIT_STYLES), str(reference),
                    "Normal:font=DejaVu Serif"], check=True, capture_output=True, timeout=180)


def set_minor_font_to_serif(reference: Path) -> None:
    edit_package(reference, lambda styles, theme: theme_font(theme, "minor", "DejaVu Serif"))


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("change", [
    pytest.param(edit_in_libreoffice, id="Normal's font, in LibreOffice",
                 marks=needs_libreoffice),
    pytest.param(set_minor_font_to_serif, id="the theme's body font"),
])
def test_normals_font_or_the_themes_is_the_whole_memos(project, change):
    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    change(project.root / "templates" / "ours" / "reference.docx")
    result = project.run("build", project.spec(template="ours",
                                               subtitle="A line under the title"))
    assert result.exit_code == 0, result.stderr
    assert "font" not in result.stderr
    document = docx.Document(str(project.output / "memo.docx"))
    for name in ("Normal", "Title", "Subtitle", "Passage", "Footnote Text"):
        assert word_font(document, name) == "DejaVu Serif", name
    assert word_font(document, "Heading 1") == "DejaVu Sans"  # +Headings: unchanged
    fonts = fonts_of_lines(project.output / "memo.pdf", list(STYLED.values()))
    for name, text in STYLED.items():
        wanted = "DejaVuSansBold" if name == "Heading 1" else "DejaVuSerif"
        assert fonts[text] and all(f.startswith(wanted) for f in fonts[text]), (name, fonts)


def test_the_shipped_reference_documents_name_fonts_only_in_normal_and_the_headings():
    from brief.templates import BUILTIN_FOLDER

    for template in ("memo", "one-pager"):
        document = docx.Document(str(BUILTIN_FOLDER / template / "reference.docx"))
        for name in ("Title", "Subtitle", "Organisation", "Passage", "Source",
                     "Footnote Text", "Note", "Marking"):
            assert document.styles[name].element.find("w:rPr/w:rFonts", W) is None, name
        assert word_font(document, "Normal") == word_font(document, "Heading 1") \
            == "DejaVu Sans"
        fonts = document.styles["Heading 1"].element.find("w:rPr/w:rFonts", W)
        assert fonts.get(qn("w:asciiTheme")) == "majorHAnsi"
