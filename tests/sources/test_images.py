"""The pictures a spec names: read by their content, checked before anything is drawn,
and refused with one message at the line that names them (the hostile ones are
tests/attacks.py's, which bench/bombs.py measures)."""

from __future__ import annotations

import pytest

import attacks
from brief.errors import SourceError
from brief.markdown_text import markdown_problem, parse_markdown
from brief.model import Figure, TextBlock
from brief.sources.images import read_picture

AT = "memo.yaml:12:17: error: sections[0].points[0].figure.file: "
SVG_REFUSED = (": a memo's picture draws only what it holds, and brief reads no other file "
               "and uses no network")


@pytest.mark.e2e
@pytest.mark.parametrize(("maker", "message"), [
    (attacks.png_bomb, "figures/bomb.png is 30,000 × 30,000 pixels (900 million), more than "
     "the 40 million brief draws in a memo"),
    (attacks.png_truncated, "figures/cut.png is a broken PNG file (image file is "
     "truncated): it cannot be drawn"),
    (attacks.text_as_png, "figures/map.png is not a PNG, JPEG or SVG picture (its content "
     "is none of them, whatever its name says)"),
    (attacks.svg_file_reference, "the SVG figures/map.svg refers to 'file:///etc/passwd'"
     + SVG_REFUSED),
    (attacks.svg_http_reference, "the SVG figures/map.svg refers to "
     "'http://127.0.0.1:9/map.png'" + SVG_REFUSED),
    (attacks.svg_external_entity, "the SVG figures/map.svg declares entities (which may "
     "read other files or grow without end)" + SVG_REFUSED),
    (attacks.svg_entity_bomb, "the SVG figures/map.svg declares entities (which may read "
     "other files or grow without end)" + SVG_REFUSED),
    (attacks.svg_css_reference, "the SVG figures/map.svg refers to 'file:///etc/passwd#x'"
     + SVG_REFUSED),
    (attacks.svg_elements_bomb, "the SVG figures/map.svg has more than 200,000 elements: "
     "more than a picture in a memo needs, and slow to draw"),
], ids=["png bomb", "png cut off", "text named .png", "svg file:", "svg http:",
        "svg entity", "svg entity bomb", "svg css url", "svg elements"])
def test_a_hostile_or_broken_picture_is_refused_at_its_line_and_nothing_is_written(
        project, maker, message):
    spec = maker(project.root)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.startswith(AT + message + "\n"), result.stderr
    assert result.stderr.endswith("brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.e2e
def test_an_svg_reaching_for_a_file_outside_the_project_is_refused(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from brief.cli import cli

    spec = attacks.svg_outside_file(tmp_path)
    monkeypatch.chdir(spec.parent)
    result = CliRunner().invoke(cli, ["check", str(spec)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        AT + "the SVG figures/map.svg refers to '../../outside.png'" + SVG_REFUSED)


@pytest.mark.e2e
def test_a_picture_outside_the_project_or_missing_is_refused(project):
    (project.root.parent / "outside.png").write_bytes(attacks.png_bytes(4, 4))
    spec = attacks.figure_spec_for(project.root, "../outside.png")
    result = project.run("check", spec)
    assert result.stderr.startswith(
        AT + f"the picture ../outside.png is outside the project ({project.root}): brief "
        "reads only files inside it\n    hint: copy it into the project (a figures/ folder, "
        "say)\n")
    spec = attacks.figure_spec_for(project.root, "figures/none.png")
    result = project.run("check", spec)
    assert result.stderr.startswith(
        AT + "the picture figures/none.png does not exist\n    hint: check the path: it is "
        "relative to the spec's folder\n")


@pytest.mark.e2e
def test_a_missing_picture_says_where_brief_looked(project):
    (project.root / "briefings").mkdir()
    (project.root / "figures").mkdir()
    (project.root / "figures" / "map.png").write_bytes(attacks.png_bytes(4, 4))
    spec = project.spec("briefings/memo", bluf="Map.\n\n![The border](figures/map.png)\n",
                        sources={"gazette": {"file": "../sources/quirks.txt"},
                                 "lines": {"file": "../sources/one-per-line.txt"}})
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert ("briefings/memo.yaml:" in result.stderr and "the picture figures/map.png does "
            "not exist (brief looked for briefings/figures/map.png)\n    hint: check the "
            "path: it is relative to the spec's folder\n") in result.stderr


def test_an_svg_link_is_dropped_and_its_drawing_kept():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
           b'xlink"><a href="https://example.org/map"><rect width="5" height="5"/></a>'
           b'<a xlink:href="mailto:desk@example.org"><circle r="2"/></a></svg>')
    picture = read_picture(svg, "map.svg", None)
    assert b"example.org" not in picture.data and b"<rect" in picture.data
    assert b"<circle" in picture.data
    with pytest.raises(SourceError, match="refers to 'file:///etc/passwd'"):
        read_picture(svg.replace(b"https://example.org/map", b"file:///etc/passwd"),
                     "map.svg", None)


def test_a_jpeg_named_png_is_read_by_its_content():
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (64, 32), (1, 2, 3)).save(out, format="JPEG")
    picture = read_picture(out.getvalue(), "figures/map.png", None)
    assert (picture.format, picture.width, picture.height) == ("jpeg", 64.0, 32.0)


def test_a_pixel_budget_that_is_raised_reads_a_large_picture(monkeypatch):
    data = attacks.png_bytes(3000, 2000)
    with pytest.raises(SourceError, match="3,000 × 2,000 pixels"):
        monkeypatch.setenv("BRIEF_MAX_IMAGE_PIXELS", "5000000")
        read_picture(data, "big.png", None)
    monkeypatch.setenv("BRIEF_MAX_IMAGE_PIXELS", "6000000")
    assert read_picture(data, "big.png", None).width == 3000


def test_an_svg_is_kept_without_its_doctype_scripts_and_handlers_and_sized_by_its_box():
    svg = (b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org'
           b'/2000/svg" viewBox="0 0 400 100" width="8cm" onload="x()"><script>x()</script>'
           b'<rect width="10" height="10" fill="url(#g)"/></svg>')
    picture = read_picture(svg, "a.svg", None)
    assert picture.format == "svg"
    assert (round(picture.width, 1), round(picture.height, 1)) == (302.4, 75.6)
    assert b"DOCTYPE" not in picture.data and b"script" not in picture.data
    assert b"onload" not in picture.data and b'fill="url(#g)"' in picture.data


def test_an_svg_may_hold_a_png_and_is_refused_when_that_png_is_a_bomb():
    import base64

    small = base64.b64encode(attacks.png_bytes(4, 4)).decode()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image '
           f'href="data:image/png;base64,{small}" width="10" height="10"/></svg>')
    assert read_picture(svg.encode(), "a.svg", None).format == "svg"
    bomb = base64.b64encode(attacks.png_bytes(10_000, 10_000, b"")).decode()
    with pytest.raises(SourceError, match="10,000 × 10,000 pixels"):
        read_picture(svg.replace(small, bomb).encode(), "a.svg", None)


def test_a_markdown_image_is_a_figure_after_the_text_of_its_paragraph():
    blocks = parse_markdown('Here is the border ![The border, from the air](figures/b.png '
                            '"The border") as it runs.')
    assert [type(b) for b in blocks] == [TextBlock, Figure]
    assert blocks[0].plain == "Here is the border as it runs."
    assert blocks[1] == Figure(alt="The border, from the air", file="figures/b.png",
                               caption="The border")
    assert parse_markdown("![Map](m.png)") == (Figure(alt="Map", file="m.png"),)


@pytest.mark.parametrize(("text", "message"), [
    ("![](figures/map.png)", "the image 'figures/map.png' has no alternative text, which a "
     "reader who cannot see it hears instead: write it between the brackets, ![what it "
     "shows](...) (a decorative image is a `figure` with `decorative: true`)"),
    ("![Map](https://example.org/map.png)", "the image 'https://example.org/map.png' is not "
     "a file of the project: an image is named by its path from the spec's folder "
     "(figures/map.png), and brief fetches nothing from the network"),
    ("![Map](/etc/map.png)", "the image '/etc/map.png' is not a file of the project: an "
     "image is named by its path from the spec's folder (figures/map.png), and brief "
     "fetches nothing from the network"),
])
def test_a_markdown_image_without_alt_text_or_from_elsewhere_is_refused(text, message):
    assert markdown_problem(text) == message


def test_an_svg_of_more_elements_than_its_budget_is_refused_even_when_its_tags_are_few(
        monkeypatch):
    monkeypatch.setenv("BRIEF_MAX_SVG_ELEMENTS", "10")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 11 + b"</svg>"
    with pytest.raises(SourceError, match="more than 10 elements"):
        read_picture(svg, "a.svg", None)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 9 + b"</svg>"
    assert read_picture(svg, "a.svg", None).format == "svg"


def test_a_photograph_turned_by_its_exif_is_given_upright_to_both_formats():
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (60, 20), (200, 0, 0))
    image.paste((0, 0, 200), (0, 0, 10, 20))  # blue on the left, before it is turned
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    picture = read_picture(out.getvalue(), "photo.jpg", None)
    assert (picture.format, picture.width, picture.height) == ("jpeg", 20.0, 60.0)
    with Image.open(BytesIO(picture.data)) as upright:
        assert upright.size == (20, 60)
        assert upright.getexif().get(0x0112, 1) == 1
        red, _, blue = upright.getpixel((10, 5))  # the blue band is now at the top
        assert blue > 150 and red < 80
