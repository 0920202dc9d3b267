"""A warm process (`brief watch`, `brief preview`, a batch's workers) keeps the parsed
stylesheets and the font configuration between builds (`render.pdf.warm`), and
reference.docx's house style (by its bytes): a change to any file of the template still
shows in the very next rebuild, in the PDF and in the Word file. The cycle collector is
paused while a memo is rendered (render/pdf/collector.py)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from brief.commands.rebuild import Rebuilder
from brief.options import BuildOptions
from brief.render.pdf import warm
from brief.render.pdf.worker import PdfWorker
from conftest import docx_paragraphs, flat, pdf_fonts, pdf_pages, pixels_of_colour

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rebuilt(rebuilder: Rebuilder) -> None:
    rebuild = rebuilder.build()
    assert rebuild.result is not None, [p.format() for p in rebuild.problems]


@pytest.fixture(params=["worker", "here"])
def rebuilder(request, project, monkeypatch):  # type: ignore[no-untyped-def]
    """A Rebuilder of a spec with the house template 'ours', its PDF laid out in a warm
    worker process (as watch and preview do) or in this process (a batch's workers)."""
    worker = PdfWorker.start() if request.param == "worker" else None
    if request.param == "here":  # no worker process: the PDF is rendered in this one
        monkeypatch.setenv("BRIEF_WORKERS", "0")
        warm.forget()
    project.template("ours", "", ("style.css", "reference.docx"))
    spec = project.spec(template="ours")
    yield Rebuilder(spec, BuildOptions(output=project.output), worker)
    if worker is not None:
        worker.close()


@pytest.mark.slow
@pytest.mark.e2e
def test_a_change_to_style_css_shows_in_the_next_rebuild(project, rebuilder):
    css = project.root / "templates" / "ours" / "style.css"
    pdf = project.output / "memo.pdf"
    original = css.read_text(encoding="utf-8")
    rebuilt(rebuilder)
    assert pixels_of_colour(pdf, 1, (0, 200, 0)) == 0
    css.write_text(original + "\n@page { background: rgb(0, 200, 0); }\n", encoding="utf-8")
    rebuilt(rebuilder)
    assert pixels_of_colour(pdf, 1, (0, 200, 0)) > 100_000  # the page, green
    css.write_text(original + "\n@page { background: rgb(0, 0, 200); }\n", encoding="utf-8")
    rebuilt(rebuilder)
    assert pixels_of_colour(pdf, 1, (0, 200, 0)) == 0
    assert pixels_of_colour(pdf, 1, (0, 0, 200)) > 100_000
    css.write_text(original, encoding="utf-8")  # as it was first: the first sheet again
    rebuilt(rebuilder)
    assert pixels_of_colour(pdf, 1, (0, 0, 200)) == 0


@pytest.mark.slow
@pytest.mark.e2e
def test_a_change_to_template_yaml_shows_in_the_next_rebuild(project, rebuilder):
    settings = project.root / "templates" / "ours" / "template.yaml"
    rebuilt(rebuilder)
    assert "Bottom line up front" in flat(pdf_pages(project.output / "memo.pdf")[0])
    settings.write_text(settings.read_text(encoding="utf-8") + "labels:\n  bluf: The gist\n",
                        encoding="utf-8")
    rebuilt(rebuilder)
    first_page = flat(pdf_pages(project.output / "memo.pdf")[0])
    assert "The gist" in first_page and "Bottom line up front" not in first_page
    word = [text for _, text in docx_paragraphs(project.output / "memo.docx")]
    assert "The gist" in word and "Bottom line up front" not in word


def set_normal_font(reference: Path, font: str) -> None:
    """Give reference.docx's Normal style the font `font` (no theme font)."""
    with zipfile.ZipFile(reference) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    normal = styles.find(f"{{{W}}}style[@{{{W}}}styleId='Normal']")
    assert normal is not None
    properties = normal.find(f"{{{W}}}rPr")
    if properties is None:
        properties = etree.SubElement(normal, f"{{{W}}}rPr")
    fonts = properties.find(f"{{{W}}}rFonts")
    if fonts is None:
        fonts = etree.Element(f"{{{W}}}rFonts")
        properties.insert(0, fonts)
    fonts.attrib.clear()
    for kind in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(f"{{{W}}}{kind}", font)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True,
                                              encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    reference.write_bytes(out.getvalue())


@pytest.mark.slow
@pytest.mark.e2e
def test_a_change_to_reference_docx_shows_in_the_next_rebuild(project, rebuilder):
    reference = project.root / "templates" / "ours" / "reference.docx"
    rebuilt(rebuilder)
    assert "DejaVuSansMono" not in pdf_fonts(project.output / "memo.pdf")
    set_normal_font(reference, "DejaVu Sans Mono")
    rebuilt(rebuilder)
    word = docx.Document(str(project.output / "memo.docx"))
    assert word.styles["Normal"].font.name == "DejaVu Sans Mono"
    assert "DejaVuSansMono" in pdf_fonts(project.output / "memo.pdf")


def house_font(folder: Path, source: str, postscript: str) -> None:
    """The font fc-match gives for `source`, renamed "House Serif" (a font this machine
    does not have) with PostScript name `postscript`, as the house's file house.ttf."""
    from fontTools.ttLib import TTFont

    found = subprocess.run(["fc-match", "-f", "%{file}", source], capture_output=True,
                           text=True, check=True).stdout
    if not found.endswith(".ttf"):
        pytest.skip(f"{source} is not installed as a .ttf")
    font = TTFont(found)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "House Serif"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"{postscript} 1.0"
    font.save(str(folder / "house.ttf"))


def embedded_postscript_names(pdf: Path) -> set[str]:
    """The PostScript names (name ID 6) inside the font programs the PDF embeds."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            font = descendants[0].get_object() if descendants else font
            program = font.get("/FontDescriptor", {}).get("/FontFile2")
            if program is not None:
                name = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
                names.add(str(name.getDebugName(6)))
    return names


@pytest.mark.slow
@pytest.mark.e2e
def test_a_change_to_a_house_font_file_shows_in_the_next_rebuild(project, rebuilder):
    folder = project.root / "templates" / "ours"
    set_normal_font(folder / "reference.docx", "House Serif")
    house_font(folder, "DejaVu Serif:style=Book", "HouseSerifFirst")
    (folder / "template.yaml").write_text("name: ours\nfonts: [house.ttf]\n", encoding="utf-8")
    rebuilt(rebuilder)
    assert "HouseSerifFirst" in embedded_postscript_names(project.output / "memo.pdf")
    house_font(folder, "DejaVu Sans:style=Book", "HouseSerifSecond")
    rebuilt(rebuilder)
    fonts = embedded_postscript_names(project.output / "memo.pdf")
    assert "HouseSerifSecond" in fonts and "HouseSerifFirst" not in fonts
    (folder / "template.yaml").write_text("name: ours\n", encoding="utf-8")
    set_normal_font(folder / "reference.docx", "DejaVu Serif")
    rebuilt(rebuilder)  # no house fonts: the font configuration is kept from here on
    rebuilt(rebuilder)
    assert not any(f.startswith("HouseSerif") for f in pdf_fonts(project.output / "memo.pdf"))


@pytest.mark.slow
@pytest.mark.e2e
def test_the_stylesheets_are_parsed_once_in_a_warm_process(project, monkeypatch):
    """In this process (no worker): the second build takes its stylesheets from those
    kept, and gives the same PDF."""
    monkeypatch.setenv("BRIEF_WORKERS", "0")
    warm.forget()
    rebuilder = Rebuilder(project.spec(), BuildOptions(output=project.output), None)
    rebuilt(rebuilder)
    first = (project.output / "memo.pdf").read_bytes()
    kept = dict(warm._SHEETS)
    assert len(kept) == 3  # the style tokens' <style>, style.css, reference.docx's CSS
    configuration = warm.font_config()
    rebuilt(rebuilder)
    assert (project.output / "memo.pdf").read_bytes() == first
    assert dict(warm._SHEETS) == kept and all(
        warm._SHEETS[key] is sheet for key, sheet in kept.items())
    assert warm.font_config() is configuration
