"""The house's Caption style (reference.docx) styles the figures' captions in both formats,
and a reference.docx that never held a caption gets Word's own, without a warning."""

from __future__ import annotations

import re
import zipfile

import pytest

from brief.render.pdf.word_css import word_css
from brief.templates import BUILTIN_FOLDER, find_template
from brief.templates.word import house_style


def test_the_caption_style_reaches_the_pdfs_captions():
    memo = find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)
    css = word_css(house_style(memo))
    rule = re.search(r"figcaption, table > caption \{([^}]*)\}", css)
    assert rule is not None
    # the built-in reference.docx's Caption: bold, 9 pt, in the memo's navy (Word's own
    # blue is too light for small type on the bottom line's shading)
    assert "font-weight: bold" in rule[1] and "font-size: 9pt" in rule[1]
    assert "color: #1F3A5F" in rule[1].upper().replace("COLOR", "color")


@pytest.mark.slow  # `templates check` renders a sample memo in both formats
@pytest.mark.e2e
def test_a_house_without_a_caption_style_gets_words_own_silently(project):
    folder = project.template("house")
    source = BUILTIN_FOLDER / "memo" / "reference.docx"
    with zipfile.ZipFile(source) as package, \
            zipfile.ZipFile(folder / "reference.docx", "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == "word/styles.xml":
                data, count = re.subn(rb'<w:style w:type="paragraph" w:styleId="Caption">'
                                      rb".*?</w:style>", b"", data, flags=re.S)
                assert count == 1
            out.writestr(info, data)
    (project.root / "brief.yaml").write_text("", encoding="utf-8")
    result = project.run("templates", "check", "house")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "template 'house' (templates/house): OK\n"
    house = house_style(find_template("house", project.root, project.root))
    assert house.added == ("Caption",)
    assert house.warnings == []
    css = word_css(house)
    rule = re.search(r"figcaption, table > caption \{([^}]*)\}", css)
    assert rule is not None and "font-style: italic" in rule[1]


@pytest.mark.slow  # `templates check` renders a sample memo in both formats
@pytest.mark.e2e
def test_a_house_layout_without_the_figures_macro_is_told_to_add_it(project):
    folder = project.template("lof", "list_of_figures: true\n", files=("document.html.j2",))
    page = folder / "document.html.j2"
    text = page.read_text(encoding="utf-8")
    start, end = text.index("{#- The list of figures"), text.index("{#- The bottom line up")
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    (project.root / "brief.yaml").write_text("", encoding="utf-8")
    result = project.run("templates", "check", "lof")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/lof/document.html.j2: error: template.yaml asks for a list of figures "
        "(`list_of_figures: true`), and its document.html.j2 has no `figures` macro to draw "
        "it: the PDF would have none\n"
        "    hint: copy `{% macro figures(block) %}` from the built-in memo's "
        "document.html.j2\n"
        "brief templates check: failed (1 problem)\n")
