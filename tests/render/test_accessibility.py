"""Accessible and archival by default: every PDF is tagged, reads in order with its
marking first, and passes the PDF/UA-1 and PDF/A-3b validators that install here; the
Word file and the email draft say what a screen reader needs too.

The structure tree is read with pikepdf and pdfminer (tests/pdf_structure.py), not with
brief's own code; the validators are page-validation (PDF/UA-1, PDF/A-3b) and outloud
(PDF/UA-1 and the semantic checks a validator cannot make), both from PyPI.
"""

from __future__ import annotations

import email
import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import docx
import page as page_validation
import pikepdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from brief.cli import cli
from conftest import REPO, docx_paragraphs, page_pixels, pdf_pages, word_problems
from pdf_structure import Element, id_tree, marked_content, structure

TEMPLATES = ("memo", "briefing-note", "one-pager")
VARIANTS = {"pdf/ua-1": (), "pdf/a-3b": ("--pdf-variant", "pdf/a-3b")}

# What outloud's semantic layer (heuristics, "no validator tests this") says of each
# built-in template's build of the example, pinned: each a warning, a known disagreement
# with what brief does on purpose, explained in docs/accessibility.md. No errors; its
# conformance layer finds nothing.
OUTLOUD_SEMANTIC = {
    "memo": {"ORD-001"},
    "briefing-note": {"ORD-001", "TBL-014"},
    "one-pager": set(),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example, built with each built-in template in each PDF variant."""
    root = tmp_path_factory.mktemp("a11y")
    shutil.copytree(REPO / "briefings", root / "briefings")
    example = (root / "briefings" / "belarus-2022.yaml").read_text(encoding="utf-8")
    outputs = {}
    for template in TEMPLATES:
        spec = root / "briefings" / f"{template}.yaml"
        spec.write_text(example.replace("\ntitle: Will", f"\ntemplate: {template}\ntitle: Will",
                                        1), encoding="utf-8")
        for variant, options in VARIANTS.items():
            folder = root / variant.replace("/", "-")
            result = CliRunner().invoke(cli, ["build", str(spec), "--output", str(folder),
                                              "--force", *options])
            assert result.exit_code == 0, result.stderr
            outputs[template, variant] = folder / f"{template}.pdf"
    return outputs


@pytest.fixture(scope="module")
def memo(built: dict[tuple[str, str], Path]) -> Element:
    return structure(built["memo", "pdf/ua-1"])


@pytest.mark.slow
@pytest.mark.e2e
def test_the_example_is_tagged_pdf_ua_1_with_its_language_and_title(built):
    pdf = pikepdf.open(built["memo", "pdf/ua-1"])
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.Lang == "en"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "Will Belarus join Russia's war in Ukraine?"
        assert xmp["pdfuaid:part"] == "1"
    assert "/Filter" not in pdf.Root.Metadata  # XMP uncompressed, as PDF/A asks


@pytest.mark.slow
@pytest.mark.e2e
def test_the_marking_is_read_first_then_the_title(memo):
    first, title_block = memo.elements[:2]
    assert (first.role, first.text) == ("P", "Handling marking: TLP:AMBER")
    assert [e.role for e in title_block.elements] == ["P", "H1", "P"]
    assert title_block.elements[1].text == "Will Belarus join Russia's war in Ukraine?"


@pytest.mark.slow
@pytest.mark.e2e
def test_the_marking_statement_is_copied_with_the_text_but_out_of_sight(built):
    path = built["memo", "pdf/ua-1"]
    assert pdf_pages(path)[0].startswith("22 March 2022\n\nTLP:AMBER\n\nHandling marking: "
                                         "TLP:AMBER\nPOLICY PLANNING STAFF")
    # Where pdftotext places its words, the page shows nothing but white.
    layout = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                            check=True, capture_output=True, text=True).stdout
    boxes = [tuple(float(v) for v in m.groups()) for m in re.finditer(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
        r"(?:Handling|marking:)</word>", layout)]
    assert len(boxes) == 2
    width, _, pixels = page_pixels(path, 1, dpi=72)  # a pixel a point
    for x0, y0, x1, y1 in boxes:
        for y in range(int(y0), int(y1)):
            row = pixels[(y * width + int(x0)) * 3:(y * width + int(x1)) * 3]
            assert set(row) == {255}, (x0, y0, x1, y1)


@pytest.mark.slow
@pytest.mark.e2e
def test_running_header_and_footer_are_pagination_artifacts_not_read(built, memo):
    path = built["memo", "pdf/ua-1"]
    artifacts = marked_content(path).artifacts  # it also fails on text outside any mark
    pages = len(pikepdf.open(path).pages)
    for number in range(1, pages + 1):
        on_page = {(p["Subtype"], text) for page, _, p, text in artifacts
                   if page == number and "Subtype" in p and text}
        assert on_page == {("Header", "22 March 2022"), ("Header", "TLP:AMBER"),
                           ("Footer", f"Page {number} of {pages}"), ("Footer", "TLP:AMBER")}
    assert "Page 1 of" not in memo.text
    assert memo.text.count("TLP:AMBER") == 1  # the statement only


@pytest.mark.slow
@pytest.mark.e2e
def test_headings_in_order_are_the_word_files(built, memo):
    headings = [(e.role, e.text) for e in memo.walk() if re.fullmatch(r"H\d", e.role)]
    assert headings[0] == ("H1", "Will Belarus join Russia's war in Ukraine?")
    assert [level for level, _ in headings[1:]] == [
        "H2", "H2", "H2", "H2", "H2", "H3", "H3", "H3", "H3", "H2", "H2", "H2", "H2", "H2",
        "H2", "H2"]  # the last three: the source summary, the sources, the legend
    word = docx_paragraphs(built["memo", "pdf/ua-1"].with_suffix(".docx"))
    assert [text for style, text in word if style in ("Heading 1", "Heading 2")] == \
        [text for _, text in headings[1:]]


@pytest.mark.slow
@pytest.mark.e2e
def test_every_list_item_is_a_label_and_a_body(built):
    for path in built.values():
        items = structure(path).all("LI")
        assert items
        for item in items:
            assert [e.role for e in item.elements] in (["Lbl", "LBody"], ["LBody"]), item.text
            assert not [kid for kid in item.kids if isinstance(kid, str)]
    judgments = next(s for s in structure(built["memo", "pdf/ua-1"]).all("Sect")
                     if s.elements[0].text == "Key judgments")
    [numbered] = judgments.all("L")
    assert [item.elements[0].text for item in numbered.elements] == ["1.", "2.", "3."]


@pytest.mark.slow
@pytest.mark.e2e
def test_passages_are_block_quotes_holding_their_footnote(memo):
    quotes = memo.all("BlockQuote")
    assert len(quotes) == 30
    for quote in quotes:
        [note] = quote.all("Note")
        [reference] = quote.all("Reference")
        kids = quote.walk()
        assert kids.index(note) == kids.index(reference) + 1  # the note right after its call
        assert re.fullmatch(r"\d+\. [\w &]+ \d{4}, ¶\d+( \[\w+\])?\.", note.text), note.text
        assert note.elements[0].role == "Lbl"
    assert quotes[0].text == (
        "Sending Belarusian troops to battle in opposition to Ukraine will make him extra "
        "unpopular in Belarus 1 1. Wolff & Bayok 2022, ¶10 [B2].")


@pytest.mark.slow
@pytest.mark.e2e
def test_notes_have_ids_in_the_id_tree(built):
    path = built["memo", "pdf/ua-1"]
    notes = structure(path).all("Note")
    assert sorted(n.id for n in notes) == sorted(f"note-{n}" for n in range(1, 31))
    assert id_tree(path) == {note.id: "Note" for note in notes}


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("template", ["memo", "briefing-note"])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_footnote_is_on_its_calls_page(built, template, variant):
    tree = structure(built[template, variant])
    references, notes = tree.all("Reference"), tree.all("Note")
    assert len(references) == len(notes) > 0
    for reference, note in zip(references, notes, strict=True):
        assert len(reference.pages) == 1
        assert note.all_pages == reference.pages, note.text


INLINE = ("Span", "Link", "Reference", "Quote", "Code", "Lbl")


def read_out(element: Element, between: str = "") -> str:
    """An element's text as a reader takes it from the PDF: the text of its content run
    together, nothing put between its lines (or `between`); a line break between blocks.
    Its ActualText instead, if it has one."""
    if element.actual_text is not None:
        return element.actual_text
    return between.join(kid if isinstance(kid, str) else read_out(kid, between)
                        if kid.role in INLINE else f"\n{read_out(kid, between)}\n"
                        for kid in element.kids)


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_space_keeps_apart_the_words_where_a_line_wraps(built, template, variant):
    """WeasyPrint leaves out the space at which it wraps a line: each line ends with a
    space glyph, so the last word of a line and the first of the next are read apart
    from the tree (a screen reader) and extracted apart (pdfminer, pdftotext)."""
    from pdfminer.high_level import extract_text

    path = built[template, variant]
    elements = structure(path).walk()
    # the lines of each block, a space put between them whatever the PDF holds
    blocks = {" ".join(block.split()) for element in elements
              for block in read_out(element, " ").split("\n")}
    read = [" ".join(read_out(element).split()) for element in elements]
    mined = extract_text(str(path))
    pairs = []  # the last word of each line and the first of the next, as pdftotext reads
    for page in pdf_pages(path):
        lines = [line.split() for line in page.splitlines() if line.strip()]
        pairs += [(first[-1], second[0]) for first, second in itertools.pairwise(lines)]
    wraps = []
    for last, next_first in pairs:
        pair = f"{last} {next_first}"
        if last.endswith("-") or not any(pair in block for block in blocks):
            continue  # a hyphen, or not two lines of a block
        wraps.append(pair)
        assert any(pair in text for text in read), pair  # a screen reader
        # pdfminer: the line ends with the space, then its line break
        assert re.search(rf"{re.escape(last)} \n+{re.escape(next_first)}", mined), pair
    assert len(wraps) >= 10
    if template != "one-pager":
        assert "decision rests" in wraps
    if template == "memo":  # a line that ends in a hyphen of the text takes no space
        assert re.search(r"was machine-\n+paraphrased by", mined)
        assert any("was machine-paraphrased by" in text for text in read)
    assert "the decision rests more with Moscow" in " ".join(pdf_pages(path)[0].split())


@pytest.mark.slow
@pytest.mark.e2e
def test_a_table_is_one_table_across_pages_with_scoped_headers(built):
    tree = structure(built["briefing-note", "pdf/ua-1"])
    [incentives] = [t for t in tree.all("Table") if t.text.startswith("Actor")]
    assert len(incentives.all_pages) == 2  # it runs over a page break, yet is one table
    head, body = incentives.elements
    assert head.role == "THead" and body.role == "TBody"
    [header_row] = head.elements
    assert [(c.role, c.attributes["Scope"], c.text) for c in header_row.elements] == [
        ("TH", "/Column", "Actor"), ("TH", "/Column", "What they want"),
        ("TH", "/Column", "Levers and constraints"), ("TH", "/Column", "Sources")]
    # The header row drawn again on the next page is content of the same cells, not an
    # artifact (a line of text hidden from a reader), each copy a Span with an empty
    # ActualText: the row is read once.
    assert incentives.text.count("Levers and constraints") == 1
    for cell in header_row.elements:
        first, copy = cell.elements
        assert (first.role, first.actual_text, first.pages) == ("Span", None, {2})
        assert (copy.role, copy.actual_text, copy.pages) == ("Span", "", {3})
        assert copy.kids == [cell.text]  # what the page shows there
    assert not [text for page, _, _, text in marked_content(built["briefing-note", "pdf/ua-1"])
                .artifacts if "Levers and constraints" in text]
    actors = [row.elements[0] for row in body.elements if row.elements[0].role == "TH"]
    assert [(a.text, a.attributes["Scope"]) for a in actors] == [
        ("Lukashenko", "/Row"), ("Putin", "/Row"), ("The West", "/Row"), ("China", "/Row")]
    assert actors[0].attributes["RowSpan"] == 2


@pytest.mark.slow
@pytest.mark.e2e
def test_options_table_rows_are_headed_by_their_option(memo):
    [_, options] = memo.all("Table")
    head, body = options.elements
    assert [c.text for c in head.elements[0].elements] == ["Option", "For", "Against"]
    for row in body.elements:
        assert [c.role for c in row.elements] == ["TH", "TD", "TD"]
        assert row.elements[0].attributes["Scope"] == "/Row"
    assert body.elements[0].elements[0].text.startswith("✓ Recommended Differentiate")


@pytest.mark.slow
@pytest.mark.e2e
def test_the_one_pagers_inline_memo_header_is_a_table_of_rows(built):
    [header] = structure(built["one-pager", "pdf/ua-1"]).all("Table")
    [body] = header.elements
    assert [[c.role for c in row.elements] for row in body.elements] == [["TH", "TD"]] * 4
    assert body.elements[0].text == "To: Director, Policy Planning"


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_page_validation_finds_nothing(built, template, variant):
    path = built[template, variant]
    profiles = ["ua1", "3b"] if variant == "pdf/a-3b" else ["ua1"]
    for profile in profiles:
        report = page_validation.validate_pdf(path, profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile
        assert report.is_compliant
    with pikepdf.open(path) as pdf:  # qpdf's check: the attachments' name tree in order
        assert pdf.check_pdf_syntax() == []


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_outloud_conformance_finds_nothing_and_its_heuristics_are_pinned(
        built, template, variant):
    def findings(layer: str) -> list[dict]:
        run = subprocess.run([str(Path(sys.executable).parent / "outloud"), "--json", "-",
                              "--layer", layer, "--fail-on", "never", str(built[template,
                                                                               variant])],
                             capture_output=True, text=True, check=True)
        return json.loads(run.stdout)["results"][0]["findings"]

    assert findings("conformance") == []
    semantic = findings("semantic")
    assert [f"{f['rule']}: {f['message']}" for f in semantic if f["severity"] == "error"] == []
    assert {f["rule"] for f in semantic} == OUTLOUD_SEMANTIC[template]


@pytest.mark.slow
@pytest.mark.e2e
def test_a_template_image_without_alt_text_is_an_error(project):
    from conftest import make_png

    folder = project.template("memo", files=("document.html.j2",))
    make_png(folder / "seal.png", (0, 0, 120))
    page = folder / "document.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<h1>", '<img src="seal.png"><h1>', 1), encoding="utf-8")
    result = project.run("build", project.spec(), "-f", "pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "templates/memo/document.html.j2: error: the image seal.png has no alt text, which "
        "a reader who cannot see it hears instead\n"
        '    hint: give the <img> an alt="..." that says what it shows, or alt="" if it is '
        "only decoration\n"
        "brief build: failed (1 problem); no files were written\n")
    assert project.files() == {}
    page.write_text(page.read_text(encoding="utf-8").replace(
        '<img src="seal.png">', '<img src="seal.png" alt="The seal of the ministry">'),
        encoding="utf-8")
    assert project.run("build", project.spec(), "-f", "pdf").exit_code == 0
    [figure] = structure(project.output / "memo.pdf").all("Figure")
    assert figure.alt == "The seal of the ministry"


def test_no_stream_ends_in_a_carriage_return():
    """Data ending in CR before WeasyPrint's "\\nendstream" reads as one byte short of its
    /Length to a PDF/A validator. The Adler-32 checksum ends a compressed stream, so
    the data is chosen to make its last byte CR."""
    import pydyf

    from brief.render.pdf.finish import finisher

    data = next(d for n in range(1000)
                if (d := b"0 0 m 10 10 l S " + b"%" * n + b"\n").endswith(b"\n")
                and zlib.compress(d, 9).endswith(b"\r"))
    pdf = pydyf.PDF()
    content = pydyf.Stream([data], compress=True)
    pdf.add_object(content)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference,
                                   "MediaBox": pydyf.Array([0, 0, 100, 100]),
                                   "Contents": content.reference}))
    finisher("pdf/a-3b")(None, pdf)
    output = io.BytesIO()
    pdf.write(output)
    raw = output.getvalue()
    start = raw.index(b"stream\n") + len(b"stream\n")
    assert not raw[:raw.index(b"\nendstream", start)].endswith(b"\r")
    with pikepdf.open(io.BytesIO(raw)) as written:
        assert written.pages[0].Contents.read_bytes() == data


@pytest.mark.slow
@pytest.mark.e2e
def test_word_file_states_the_marking_first_and_describes_its_tables(built):
    path = built["briefing-note", "pdf/ua-1"].with_suffix(".docx")
    assert word_problems(path) == []
    document = docx.Document(str(path))
    first = document.paragraphs[0]
    assert first.text == "Handling marking: TLP:AMBER"
    assert first.runs[0].font.size.pt == 1  # out of sight, as in the PDF
    tables = {t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")):
              t._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
              for t in document.tables}
    assert tables == {
        "What each actor wants": "Actor, What they want, Levers and constraints and "
                                    "Sources, an actor's aim a row",
        "Options": "Option, For and Against, an option a row; the recommended one marked "
                      "Recommended"}
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"en"}


@pytest.mark.slow
@pytest.mark.e2e
def test_email_body_has_its_language_and_attachments_their_names(project):
    spec = project.spec(distribution={"from": "Desk <desk@example.org>",
                                      "to": ["Director <director@example.org>"]})
    assert project.run("build", spec, "--email").exit_code == 0
    message = email.message_from_bytes((project.output / "memo.eml").read_bytes())
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    assert html.get_payload(decode=True).decode("utf-8").startswith(
        '<!DOCTYPE html><html lang="en">')
    attached = [(p.get_filename(), p.get_param("name")) for p in message.walk()
                if p.get_content_disposition() == "attachment"]
    assert attached == [("memo.pdf", "memo.pdf"), ("memo.docx", "memo.docx")]
