"""A point's `figure`: no picture without its alternative text, each mistake at its line."""

from __future__ import annotations

import pytest

from conftest import make_png

BAD = """title: A memo
sources:
  src: {file: sources/quirks.txt, title: The source}
bluf: The bottom line.
sections:
  - title: Risks
    kind: risks
    points:
      - text: One.
        figure: {file: figures/red.png, caption: No alt}
      - text: Two.
        figure: {file: figures/red.png, alt: ""}
      - text: Three.
        figure: {file: figures/red.png, alt: A band, decorative: true}
      - text: Four.
        figure: {file: figures/red.png, alt: A band, width: wide, source: nope}
      - text: "Five ![](figures/red.png)"
"""


@pytest.mark.e2e
def test_every_figure_mistake_is_reported_at_its_line(project):
    (project.root / "figures").mkdir()
    make_png(project.root / "figures" / "red.png", (200, 30, 30))
    spec = project.spec(text=BAD)
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:10:17: error: sections[0].points[0].figure: missing required key 'alt': "
        "What the picture shows, for a reader who cannot see it (a screen reader reads it in "
        "its place): required, and empty (`alt: \"\"`) only with `decorative: true`.\n"
        "memo.yaml:12:46: error: sections[0].points[1].figure.alt: the figure has no "
        "alternative text, which a reader who cannot see it hears instead: say in `alt` what "
        "it shows\n"
        "    hint: `alt: \"\"` is for a picture that only decorates, with `decorative: true`\n"
        "memo.yaml:14:46: error: sections[0].points[2].figure.alt: a decorative figure has no "
        "alternative text (a screen reader skips it): leave `alt` empty, or drop "
        "`decorative: true` if the picture says something\n"
        "memo.yaml:16:61: error: sections[0].points[3].figure.width: width 'wide' is not a "
        "share of the text width (`60%`) or a length (`80mm`, `8cm`, `3in`)\n"
        "memo.yaml:16:75: error: sections[0].points[3].figure.source: the figure's source "
        "'nope' is not among the `sources`\n"
        "    hint: one of: src\n"
        "memo.yaml:17:21: error: sections[0].points[4].text: the image 'figures/red.png' has "
        "no alternative text, which a reader who cannot see it hears instead: write it "
        "between the brackets, ![what it shows](...) (a decorative image is a `figure` with "
        "`decorative: true`)\n"
        "brief check: failed (6 problems)\n")
    assert not project.output.exists()


BLOCK = """title: A memo
sources:
  src: {file: sources/quirks.txt, title: The source}
bluf: |
  The bottom line.

  More of it, and [a link](https://example.org).

    ![](figures/red.png "The border")
sections:
  - title: Risks
    kind: risks
    points:
      - text: |
          One.

          ![A band](figures/red.png) and [this](ftp://example.org/x)
"""


@pytest.mark.e2e
def test_a_markdown_image_or_link_is_reported_at_its_own_line_in_a_block(project):
    (project.root / "figures").mkdir()
    make_png(project.root / "figures" / "red.png", (200, 30, 30))
    result = project.run("check", project.spec(text=BLOCK))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("memo.yaml:9:5: error: bluf: the image 'figures/red.png' has "
                               "no alternative text")
    assert lines[1].startswith("memo.yaml:17:42: error: sections[0].points[0].text: the link "
                               "to 'ftp://example.org/x' is not a web or mail address")


@pytest.mark.e2e
def test_a_figure_wider_than_the_text_is_refused_and_a_file_name_as_alt_warned(project):
    (project.root / "figures").mkdir()
    make_png(project.root / "figures" / "red.png", (200, 30, 30))
    head = BAD.split("      - text: One.")[0]
    wide = project.spec(text=head + """\
      - text: One.
        figure: {file: figures/red.png, alt: A band, width: 150%}
""")
    result = project.run("check", wide)
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:10:61: error: sections[0].points[0].figure.width: width '150%' is not a "
        "share of the text width a picture can have: a figure is never wider than the text\n"
        "    hint: give a share from 1% to 100% (the default, the text's width)\n"
        "brief check: failed (1 problem)\n")
    named = project.spec(text=head + """\
      - text: Two.
        figure: {file: figures/red.png, alt: border-map.svg}
""")
    result = project.run("check", named)
    assert result.exit_code == 0
    assert ("memo.yaml:10:46: warning: sections[0].points[0].figure.alt: the figure's "
            "alternative text is a file name ('border-map.svg'): a reader who cannot see the "
            "picture hears it instead of what the picture shows\n") in result.stderr
