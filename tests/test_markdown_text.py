"""Markdown in spec text: the fast path for plain lines reads as Python-Markdown does."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from brief import markdown_text
from brief.markdown_text import _blocks, _markdown, _tree, markdown_problem, parse_markdown
from brief.model import ListBlock, Span, TextBlock
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


def _linked(text: str) -> list[tuple[str, str | None]]:
    """The text and address of each span of the one paragraph of `text`."""
    (block,) = parse_markdown(text)
    assert isinstance(block, TextBlock)
    return [(span.text, span.href) for span in block.spans]


WIKI = "https://en.wikipedia.org/wiki/"


@pytest.mark.parametrize(("markdown", "spans"), [
    # Balanced parentheses in the address, as Wikipedia's addresses have them.
    (f"[Union State]({WIKI}Union_State_(Russia))",
     [("Union State", f"{WIKI}Union_State_(Russia)")]),
    (f"See [it]({WIKI}A_(b)_(c)).", [("See ", None), ("it", f"{WIKI}A_(b)_(c)"), (".", None)]),
    ("[a](https://x.org/((a)b)c)", [("a", "https://x.org/((a)b)c")]),
    # An address in angle brackets may hold spaces and unbalanced parentheses.
    ("[a](<https://x.org/a b(>)", [("a", "https://x.org/a b(")]),
    # Escaped parentheses need no partner.
    ("[a](https://x.org/a\\(b)", [("a", "https://x.org/a(b")]),
    # Titles in either quotes or parentheses (not part of the address).
    ('[a](https://x.org "The title")', [("a", "https://x.org")]),
    (f"[a]({WIKI}A_(b) (The title))", [("a", f"{WIKI}A_(b)")]),
    # Brackets in the text, balanced or in a code span.
    ("[a [b] c](https://x.org)", [("a [b] c", "https://x.org")]),
    # Not links: an escaped bracket, a link inside a code span, a space in a bare address,
    # parentheses that do not close.
    ("\\[a](https://x.org)", [("[a](https://x.org)", None)]),
    ("[a](https://x.org/a b)", [("[a](https://x.org/a b)", None)]),
    ("[a](https://x.org/(a)", [("[a](https://x.org/(a)", None)]),
])
def test_links_are_read_as_commonmark_reads_them(markdown, spans):
    assert _linked(markdown) == spans


def test_a_link_in_a_code_span_is_code():
    assert parse_markdown("`[a](javascript:x)`") == (
        TextBlock((Span("[a](javascript:x)", code=True),)),)
    assert markdown_problem("`[a](javascript:x)`") is None


@pytest.mark.parametrize(("markdown", "shown"), [
    # A code span in the address is the address as written (once shown as
    # `javascript:alert\x02klzzwxh:0000\x03`, Python-Markdown's placeholder).
    ("[js](javascript:alert`1`)", "javascript:alert`1`"),
    ("See [x](javascript:alert(1)).", "javascript:alert(1)"),
    ("[a](<javascript:x y>)", "javascript:x y"),
])
def test_a_message_about_a_link_shows_its_address_as_written(markdown, shown):
    assert markdown_problem(markdown) == (
        f"the link to {shown!r} is not a web or mail address: only http, https and mailto "
        "links go into a memo")


@pytest.mark.parametrize("hostile", [
    "[a](" * 20_000, "[a]((((" * 10_000, "[a](" + "(x)" * 20_000, "[a](x(y)" * 10_000,
    ("[" + "a" * 999) * 100, "[a[b]c" * 10_000, '[a](b "' * 10_000, "[a](b (" * 10_000,
    "[a](<" * 20_000, "](" * 30_000, "[a](" + "(" * 10_000 + ")" * 10_001,
])
def test_unclosed_links_are_read_in_one_pass_and_shown_as_written(hostile):
    """Each of these once took, or could take, time growing with the square of its length
    (see bench/ for the figures); they are text, as written."""
    spans = [span.text for block in parse_markdown(hostile) for span in block.spans]
    assert "".join(spans).replace(" ", "") == hostile.replace(" ", "")


def test_the_space_between_two_styled_runs_of_a_list_item_is_kept() -> None:
    """`- **a** **b**`: the space between the runs is the item's text too (it was
    dropped, and the memo read `ab`)."""
    (block,) = parse_markdown("- **war** *the* `border` [it](https://example.org) x\n- y")
    assert isinstance(block, ListBlock)
    (item,) = block.items[0]
    assert isinstance(item, TextBlock)
    assert "".join(span.text for span in item.spans) == "war the border it x"
