"""Figures in both formats: a PNG in the bottom line's Markdown, an SVG and a JPEG as
`figure` points (one taken from a source, one at 60% of the text width), a decorative
picture; read back as a reader gets them: the PDF's structure tree (pikepdf) and text
(pdftotext), the Word file's pictures and captions (python-docx), and LibreOffice's
rendering of the Word file."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import page as page_validation
import pikepdf
import pytest
from docx.oxml.ns import qn

from conftest import DATA, libreoffice_pdf, pdf_pages
from pdf_structure import structure

SVG = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
       '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
       '<rect x="10" y="10" width="50" height="80" fill="#22aa77"/>'
       '<rect x="80" y="40" width="50" height="50" fill="#aa7722"/>'
       '<script>alert(1)</script></svg>')

SPEC = """title: Figures
date: 2024-05-01
sources:
  gazette:
    file: sources/quirks.txt
    title: The Quirks Gazette
    authors: [Ann Example]
    date: 2024-04-30
    reliability: B
bluf: |
  The border is long.

  ![A red band, the border](figures/band.png "The border")
sections:
  - title: Trade
    kind: risks
    points:
      - text: Exports fell.
        passages:
          - {source: gazette, quote: its costs were not known}
        figure:
          file: figures/chart.svg
          alt: "Bar chart: exports to two partners, 80 and 50"
          caption: Exports by partner
          credit: "Chart: the desk"
          source: gazette
          width: 60%
      - text: A square.
        figure: {file: figures/square.jpg, alt: A blue square, caption: The square}
      - text: An ornament.
        figure: {file: figures/square.jpg, alt: "", decorative: true}
"""


def make_pictures(folder: Path) -> None:
    from PIL import Image

    (folder / "figures").mkdir(exist_ok=True)
    Image.new("RGB", (400, 200), (200, 30, 30)).save(folder / "figures" / "band.png")
    Image.new("RGB", (300, 300), (30, 30, 200)).save(folder / "figures" / "square.jpg")
    (folder / "figures" / "chart.svg").write_text(SVG, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from brief.cli import cli

    root = tmp_path_factory.mktemp("figures")
    shutil.copytree(DATA / "sources", root / "sources")
    make_pictures(root)
    (root / "memo.yaml").write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(root / "memo.yaml"), "--output",
                                      str(root / "output")])
    assert result.exit_code == 0, result.stderr
    return root / "output"


@pytest.mark.slow
@pytest.mark.e2e
def test_each_picture_is_a_figure_with_its_alt_text_and_its_caption_beside_it(built):
    memo = structure(built / "memo.pdf")
    figures = [e for e in memo.walk() if e.role == "Figure"]
    assert [f.alt for f in figures] == [
        "A red band, the border", "Bar chart: exports to two partners, 80 and 50",
        "A blue square"]  # the decorative picture is an artifact
    captions = [e.text for e in memo.walk() if e.role == "Caption"]
    assert captions == [
        "Figure 1: The border.",
        "Figure 2: Exports by partner. Chart: the desk. Source: Example 2024 [B].",
        "Figure 3: The square."]
    holders = [e for e in memo.walk() if e.role == "Div" and any(
        isinstance(k, type(memo)) and k.role == "Figure" for k in e.kids)]
    assert [[k.role for k in h.kids if isinstance(k, type(memo))] for h in holders] == \
        [["Figure", "Caption"]] * 3


@pytest.mark.slow
@pytest.mark.e2e
def test_the_pictures_are_drawn_within_the_text_and_the_svg_as_vectors(built):
    with pikepdf.open(built / "memo.pdf") as pdf:
        images = {}
        for page in pdf.pages:
            for name, image in page.get_images().items():
                images[name] = (int(image.Width), int(image.Height))
        assert sorted(images.values()) == [(300, 300), (400, 200)]  # no raster of the SVG
        width = float(pdf.pages[0].MediaBox[2])
    memo = structure(built / "memo.pdf")
    for figure in (e for e in memo.walk() if e.role == "Figure"):
        x0, _, x1, _ = figure.attributes["BBox"]
        assert 0 < x0 < x1 < width
    chart = next(e for e in memo.walk() if e.role == "Figure" and e.alt.startswith("Bar"))
    band = next(e for e in memo.walk() if e.role == "Figure" and e.alt.startswith("A red"))
    chart_width = float(chart.attributes["BBox"][2] - chart.attributes["BBox"][0])
    band_width = float(band.attributes["BBox"][2] - band.attributes["BBox"][0])
    assert chart_width == pytest.approx(band_width * 0.6, rel=0.02)  # width: 60%
    assert "Figure 1: The border." in pdf_pages(built / "memo.pdf")[0]


@pytest.mark.slow
@pytest.mark.e2e
def test_the_pdf_with_figures_is_pdf_ua_1(built):
    report = page_validation.validate_pdf(built / "memo.pdf", profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    assert outloud_findings(built / "memo.pdf") == []


def outloud_findings(path: Path) -> list[dict]:
    """What outloud's conformance layer finds in a PDF (as tests/render/test_accessibility
    runs it)."""
    import json
    import subprocess
    import sys

    run = subprocess.run([str(Path(sys.executable).parent / "outloud"), "--json", "-",
                          "--layer", "conformance", "--fail-on", "never", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["results"][0]["findings"]


def _captions(document: docx.document.Document) -> list[tuple[str, list[str]]]:
    return [(p.text, [t.text for t in p._p.iter(qn("w:instrText"))])
            for p in document.paragraphs if p.style.name == "Caption"]


@pytest.mark.slow
@pytest.mark.e2e
def test_word_has_inline_pictures_with_alt_text_and_seq_numbered_captions(built):
    document = docx.Document(str(built / "memo.docx"))
    shapes = document.inline_shapes
    described = [s._inline.docPr.get("descr") for s in shapes]
    assert described == ["A red band, the border",
                         "Bar chart: exports to two partners, 80 and 50",
                         "A blue square", None]
    decorative = shapes[3]._inline.docPr.xpath(".//*[local-name()='decorative']")
    assert [d.get("val") for d in decorative] == ["1"]
    assert _captions(document) == [
        ("Figure 1: The border.", [" SEQ Figure \\* ARABIC "]),
        ("Figure 2: Exports by partner. Chart: the desk. Source: Example 2024 [B].",
         [" SEQ Figure \\* ARABIC "]),
        ("Figure 3: The square.", [" SEQ Figure \\* ARABIC "])]
    # each picture is kept on the page of its caption
    pictures = [p for p in document.paragraphs if p._p.xpath(".//wp:inline")]
    assert [p.paragraph_format.keep_with_next for p in pictures] == [True, True, True, False]
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for picture, shape in zip(pictures, shapes, strict=True):  # within its indents
        indent = picture.style.paragraph_format.left_indent or 0
        assert indent + shape.width <= text_width
    # 60% of what the point's text has: the text width less its indent (as in the PDF)
    indent = pictures[1].style.paragraph_format.left_indent
    assert pictures[1].style.name == "List Continue" and indent > 0
    assert shapes[1].width == pytest.approx((text_width - indent) * 0.6, abs=400)


@pytest.mark.slow
@pytest.mark.e2e
def test_word_holds_the_svg_itself_beside_a_png_drawn_from_it(built):
    with zipfile.ZipFile(built / "memo.docx") as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        svgs = [n for n in names if n.endswith(".svg")]
        assert len(svgs) == 1
        svg = package.read(svgs[0])
        assert b"<rect" in svg and b"script" not in svg and b"DOCTYPE" not in svg
        assert "image/svg+xml" in types
        body = package.read("word/document.xml").decode()
    assert body.count("svgBlip") == 1
    document = docx.Document(str(built / "memo.docx"))
    blip = document.inline_shapes[1]._inline.xpath(".//a:blip")[0]
    fallback = document.part.related_parts[blip.get(qn("r:embed"))]
    from PIL import Image

    with Image.open(io.BytesIO(fallback.blob)) as png:
        assert png.format == "PNG" and png.width >= 300
        assert png.getpixel((png.width // 6, png.height // 2))[:3] == (0x22, 0xAA, 0x77)


@pytest.mark.slow
@pytest.mark.e2e
def test_libreoffice_shows_the_word_files_figures_and_captions(built, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    shown = libreoffice_pdf(built / "memo.docx", tmp_path)
    text = " ".join(pdf_pages(shown))
    for caption in ("Figure 1: The border.", "Figure 2: Exports by partner.",
                    "Figure 3: The square."):
        assert caption in re.sub(r"\s+", " ", text)
    with pikepdf.open(shown) as pdf:
        drawn = sum(len(page.get_images()) for page in pdf.pages)
    assert drawn >= 3  # the PNG, the SVG (or its PNG) and the JPEG, each drawn


@pytest.mark.slow
@pytest.mark.e2e
def test_a_figure_is_a_build_input(built):
    import json

    manifest = json.loads((built / "memo.json").read_text(encoding="utf-8"))
    files = manifest["inputs"]["files"]
    assert sum(1 for path in files if f"/{path}".count("/figures/")) == 3


def _with_figure() -> object:
    from brief.model import Figure, Picture
    from briefings import briefing, text

    picture = Picture(attacks_png(), "png", 4.0, 4.0)
    figure = Figure(alt="A map of the border", picture=picture, caption="The border",
                    number=1, credit="Map: the desk")
    return briefing(bluf=(text("The border is long."), figure))


def attacks_png() -> bytes:
    from attacks import png_bytes

    return png_bytes(4, 4)


def test_the_email_leaves_the_picture_out_and_keeps_its_caption():
    from test_stage_render_email import builtin

    from brief.render.email import html_body, plain_body

    memo = _with_figure()
    plain = plain_body(memo, builtin(), ["memo.pdf"], "Test desk")
    assert "The border is long.\n\n[Figure 1: The border. Map: the desk.]" in plain
    html = html_body(memo, builtin(), ["memo.pdf"], "Test desk")
    assert '<p class="figure-left-out">[Figure 1: The border. Map: the desk.]</p>' in html
    assert "<img" not in html and "data:image" not in html


def test_the_pdfs_html_inlines_the_picture_with_its_alt_text_and_caption_below():
    from brief.render.markup import rich_html

    html = str(rich_html(_with_figure().bluf))
    assert re.fullmatch(
        r'<p class="before-figure">The border is long\.</p>'
        r'<figure class="figure" id="figure-1"><img '
        r'class="figure-picture" src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="A map of '
        r'the border"><figcaption><span class="figure-label">Figure 1:</span> The border\. '
        r"Map: the desk\.</figcaption></figure>", html), html


@pytest.mark.slow
@pytest.mark.e2e
def test_a_template_that_asks_for_a_list_of_figures_gets_one_in_both_formats(project):
    make_pictures(project.root)
    project.template("house", "list_of_figures: true\n")
    spec = project.spec(text=SPEC.replace("title: Figures", "template: house\ntitle: Figures"))
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    first = re.sub(r"\s+", " ", pdf_pages(project.output / "memo.pdf")[0])
    # each entry the caption alone (no credit, no source), dots, and its page number
    assert re.search(r"Figures Figure 1: The border \.{3,} ?1 Figure 2: Exports by partner "
                     r"\.{3,} ?\d Figure 3: The square \.{3,} ?\d Bottom line up front",
                     first), first
    with pikepdf.open(project.output / "memo.pdf") as pdf:  # each entry a link in the PDF
        links = [a for a in pdf.pages[0].get("/Annots", [])
                 if a.get("/Subtype") == "/Link" and "/URI" not in a.get("/A", {})]
        assert len(links) >= 3
    document = docx.Document(str(project.output / "memo.docx"))
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, p in enumerate(document.paragraphs)
                 if p.style.name == "Heading 1" and p.text == "Figures")
    # Word: each entry a link to a bookmark on its caption, with a page-number field whose
    # stored result is the figure's page in the PDF (Word's own layout updates it on F9)
    pdf_page = {n: next(i for i, page in enumerate(pdf_pages(project.output / "memo.pdf"), 1)
                        if f"Figure {n}: " in page.split("Bottom line up front", 1)[-1])
                for n in (1, 2, 3)}
    assert texts[start + 1:start + 4] == [
        f"Figure 1: The border\t{pdf_page[1]}", f"Figure 2: Exports by partner\t{pdf_page[2]}",
        f"Figure 3: The square\t{pdf_page[3]}"]
    entries = document.paragraphs[start + 1:start + 4]
    fields = [t.text for t in entries[0]._p.iter(qn("w:instrText"))]
    assert fields == [' TOC \\h \\z \\c "Figure" ', " PAGEREF _TocFigure1 \\h "]
    anchors = [link.get(qn("w:anchor")) for entry in entries
               for link in entry._p.iter(qn("w:hyperlink"))]
    assert anchors == ["_TocFigure1", "_TocFigure2", "_TocFigure3"]
    marked = {mark.get(qn("w:name")): paragraph.text for paragraph in document.paragraphs
              for mark in paragraph._p.iter(qn("w:bookmarkStart"))}
    assert marked["_TocFigure1"] == "Figure 1: The border."
    assert marked["_TocFigure3"] == "Figure 3: The square."
    assert document.paragraphs[marked_index(document, "_TocFigure1")].style.name == "Caption"
    report = page_validation.validate_pdf(project.output / "memo.pdf", profile="ua1")
    assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    assert outloud_findings(project.output / "memo.pdf") == []


@pytest.mark.slow
@pytest.mark.e2e
def test_a_changed_picture_builds_the_memo_again(project):
    from conftest import make_png

    (project.root / "figures").mkdir()
    make_png(project.root / "figures" / "map.png", (200, 30, 30))
    spec = project.spec(bluf='The border.\n\n![The border](figures/map.png "The border")\n')
    assert project.run("build", spec).exit_code == 0
    again = project.run("build", spec)
    assert "unchanged since output/memo.json; not built again" in again.stdout + again.stderr
    make_png(project.root / "figures" / "map.png", (30, 30, 200))
    rebuilt = project.run("build", spec)
    assert "wrote output/memo.pdf" in rebuilt.stdout
    document = docx.Document(str(project.output / "memo.docx"))
    blip = document.inline_shapes[0]._inline.xpath(".//a:blip")[0]
    png = document.part.related_parts[blip.get(qn("r:embed"))].blob
    assert png == (project.root / "figures" / "map.png").read_bytes()


@pytest.mark.slow  # a Word file, then openxml-audit
def test_a_figures_description_follows_its_caption_in_both_formats(tmp_path):
    import dataclasses

    from brief.model import Figure
    from brief.render.docx import render_docx
    from brief.render.markup import rich_html
    from brief.templates import BUILTIN_FOLDER, find_template
    from briefings import text

    memo = _with_figure()
    figure = next(b for b in memo.bluf if isinstance(b, Figure))
    described = dataclasses.replace(figure, description=(text("Russia 41 %, EU 22 %."),))
    memo = dataclasses.replace(memo, bluf=(text("The border is long."), described))
    html = str(rich_html(memo.bluf))
    assert html.endswith('</figcaption><div class="figure-description"><p>Russia 41 %, '
                         'EU 22 %.</p></div></figure>')
    (tmp_path / "output").mkdir()
    path = tmp_path / "output" / "memo.docx"  # checked by openxml-audit (conftest)
    path.write_bytes(render_docx(memo, find_template("memo", BUILTIN_FOLDER, BUILTIN_FOLDER)))
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    at = texts.index("Figure 1: The border. Map: the desk.")
    assert texts[at + 1] == "Russia 41 %, EU 22 %."


def marked_index(document: docx.document.Document, name: str) -> int:
    return next(i for i, p in enumerate(document.paragraphs)
                for mark in p._p.iter(qn("w:bookmarkStart")) if mark.get(qn("w:name")) == name)


@pytest.mark.slow
@pytest.mark.e2e
def test_a_caption_in_the_bottom_line_stays_in_its_box_in_word(built):
    """Word draws paragraphs of the same border, shading and indents as one box: the
    caption of a picture in the bottom line has the BLUF style's, so the box is not split
    in two around "Figure 1"."""
    def shape(element):  # its elements and attributes, whatever namespaces it declares
        return [(e.tag, dict(e.attrib)) for e in element.iter()]

    document = docx.Document(str(built / "memo.docx"))
    caption = next(p for p in document.paragraphs if p.text.startswith("Figure 1: The border"))
    bluf = document.styles["BLUF"].element.pPr
    for name in ("w:pBdr", "w:shd"):
        assert bluf.find(qn(name)) is not None, name
        mine = caption._p.pPr.find(qn(name))
        assert mine is not None, name
        assert shape(mine) == shape(bluf.find(qn(name))), name
    # a caption outside a box has none
    other = next(p for p in document.paragraphs if p.text.startswith("Figure 3: The square"))
    assert other._p.pPr.find(qn("w:shd")) is None


@pytest.mark.slow
@pytest.mark.e2e
def test_a_points_text_goes_to_the_next_page_with_its_figure(project):
    """A figure too tall for what is left of a page starts the next one; the point's text
    before it goes with it, rather than stand alone above an empty half page."""
    from PIL import Image

    (project.root / "figures").mkdir()
    Image.new("RGB", (300, 600), (30, 30, 200)).save(project.root / "figures" / "tall.png")
    filler = "\n\n".join(f"Paragraph {n} of the bottom line, which runs on for a while to "
                         "fill the page." for n in range(12))
    sections = [{"title": "Risks", "kind": "risks", "points": [{
        "text": "The point before the map.",
        "figure": {"file": "figures/tall.png", "alt": "A tall blue map", "caption": "Tall"}}]}]
    spec = project.spec(bluf=filler, sections=sections)
    result = project.run("build", spec, "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages(project.output / "memo.pdf")
    with_point = [i for i, page in enumerate(pages) if "The point before the map." in page]
    with_caption = [i for i, page in enumerate(pages) if "Figure 1: Tall" in page]
    assert with_point == with_caption and with_point[0] > 0, pages
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    document = docx.Document(str(project.output / "memo.docx"))
    point = next(p for p in document.paragraphs if p.text == "The point before the map.")
    assert point.paragraph_format.keep_with_next  # Word keeps it with the picture too
