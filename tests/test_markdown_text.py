"""Markdown in spec text: the fast path for plain lines reads as Python-Markdown does."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from brief import markdown_text
from brief.markdown_text import _blocks, _markdown, _tree, parse_markdown
from conftest import docx_paragraphs

# Characters Markdown cares about, mixed with ordinary text, so that the strategy reaches
# the edges of the fast path (list markers, rules, code indents, headings).
_ALPHABET = st.sampled_from([*list("ab 1.)-+*_=#>\t:;,'\""), "é", "—"])


def _slow(text: str):
    return _blocks(_tree(_markdown(), text))


@pytest.mark.slow
@settings(max_examples=600, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=12))
@example("---")
@example("\tcode")
@example("1986. A year")
@example("a  ")
@example("a\t")
@example("===")
@example("- ")
def test_a_plain_line_reads_as_python_markdown_reads_it(text):
    if markdown_text._PLAIN.fullmatch(text):
        assert parse_markdown(text) == _slow(text)


def test_a_plain_line_takes_the_fast_path():
    assert markdown_text._PLAIN.fullmatch("Moscow and Minsk: not the same interests.")
    assert not markdown_text._PLAIN.fullmatch("**Moscow**")


@pytest.mark.slow
@pytest.mark.e2e
def test_twenty_thousand_brackets_are_text(project):
    """Unclosed link brackets once cost Python-Markdown quadratic time; now they are read
    in one pass and shown as they were written."""
    result = project.run("build", project.spec(bluf="[" * 20_000))
    assert result.exit_code == 0, result.stderr
    assert ("BLUF", "[" * 20_000) in docx_paragraphs(project.output / "memo.docx")
