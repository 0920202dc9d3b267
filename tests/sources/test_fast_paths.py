"""What the quick paths of reading and indexing a source (issue 28: 5 MB of sources
resolved in under half a second) must not change: what a source's text is cleaned of,
how its paragraphs are numbered, and which quotes match."""

from __future__ import annotations

from brief.errors import Where
from brief.passages import Resolver, SourceIndex
from brief.sources import load_source_file
from brief.sources.matching import normalise
from brief.sources.paragraphs import split_paragraphs
from brief.spec import PassageSpec
from brief.text import clean_source_text


def test_clean_text_is_passed_through_untouched():
    for text in ("plain ASCII", "Café “curly” — dash…", "tab\tand\nline", "😀 𝔸 ﬁ 中文"):
        assert clean_source_text(text) == (text, 0)


def test_what_no_document_can_hold_is_still_left_out_and_counted():
    assert clean_source_text("a\x07b\x9fc") == ("abc", 2)
    assert clean_source_text("one\u2028two\u2029three\vfour\ffive") == (
        "one two three four five", 4)
    assert clean_source_text("x\ufffey\U0001fffez\ud800!") == ("xyz!", 3)
    assert clean_source_text("😀\ufdd0😀") == ("😀😀", 1)  # among characters kept


def test_paragraphs_are_numbered_as_before():
    text = ("Title\n\n"
            "A <b>bold</b> claim  with\tspaces and a <Insert name here>.\n\n"
            "It fell by a third over the cross-\n\n"
            "border trade, which\n\n"
            "continued to fall.\n\n"
            "   Indented\t\tline   \n\n"
            "a<b and c>d")
    paragraphs = [(p.number, p.text) for p in split_paragraphs(text)]
    assert paragraphs == [
        (1, "Title"),
        # tags of HTML elements removed, two or more spaces or tabs made one space
        (2, "A bold claim with\tspaces and a <Insert name here>."),
        # blocks split by page breaks joined again
        (3, "It fell by a third over the cross-border trade, which continued to fall."),
        # a block without closing punctuation, then one starting lower-case: joined
        (4, "Indented line a<b and c>d"),
    ]


def test_the_normal_form_of_every_kind_of_span():
    original = ("Cafe\u0301 \u201cquoted\u201d \u2014 the \ufb01rst\u00a0and\u2003more\u2026 "
                "a. . .b protec-\n tion x\u00ady z\u200bw \uff21 ok  two\tthree -- four "
                "\u2013 five")
    normal = normalise(original)
    assert normal.text == ('Café "quoted"-the first and more... a...b protection xy zw A ok '
                           "two three-four-five")
    start = normal.text.index("protection")
    begin, end = normal.original_span(start, start + len("protection"))
    assert normal.original[begin:end] == "protec-\n tion"
    start = normal.text.index("first and more...")
    begin, end = normal.original_span(start, start + len("first and more..."))
    assert normal.original[begin:end] == "\ufb01rst\u00a0and\u2003more\u2026"


def test_quotes_typed_otherwise_resolve_through_the_index(tmp_path):
    """The word index finds the paragraph, whatever form the source or the quote has its
    accents, hyphens and ligatures in; and a quote it cannot hold is not found."""
    path = tmp_path / "source.txt"
    path.write_text(
        "Opening line of the article.\n\n"
        "The Jaz\u0307dz\u0307ewski report (decomposed) found the e\ufb00ect was large.\n\n"
        "Cross\u00adborder trade\u00a0fell \u2014 sharply \u2026 in the \uff21 sector.\n\n"
        "A closing line.\n", encoding="utf-8")
    source = load_source_file(path, "s")
    resolver = Resolver({"s": source}, lambda key_path: Where())
    resolver.prepare()
    index = resolver._indexes["s"]
    assert isinstance(index, SourceIndex)
    assert index.paragraphs_by_word["Jażdżewski"] == [1]
    assert index.paragraphs_by_word["effect"] == [1]
    quotes = {
        "jaz": "The Jażdżewski report (decomposed) found the effect",  # composed, no ligature
        "trade": "Crossborder trade fell -- sharply ... in the A sector",
    }
    resolved = resolver.resolve_all(
        PassageSpec(source="s", quote=quote, key_path=("passages", name))
        for name, quote in quotes.items())
    jaz = resolved[("passages", "jaz")]
    assert (jaz.first_paragraph, jaz.texts) == (
        2, ("The Ja\u017cd\u017cewski report (decomposed) found the e\ufb00ect",))
    trade = resolved[("passages", "trade")]
    assert (trade.first_paragraph, trade.texts) == (
        3, ("Cross\u00adborder trade\u00a0fell \u2014 sharply \u2026 in the \uff21 sector",))


def test_an_ascii_source_is_indexed_by_the_same_words(tmp_path):
    """A source whose normal form is all ASCII is split into words by a quicker pattern:
    the words, digits and underscores are the ones the general pattern finds."""
    from brief.passages import _WORD

    path = tmp_path / "source.txt"
    path.write_text("The “EU’s” 2022 plan — snake_case, x2; re-entry.\n\n"
                    "It's 10:30 p.m. (maybe).\n", encoding="utf-8")
    index = SourceIndex(load_source_file(path, "s"))
    assert index.text.isascii()
    expected: dict[str, list[int]] = {}
    for number, text in enumerate(index.text.split("\x00")):
        for word in sorted(set(_WORD.findall(text))):
            expected.setdefault(word, []).append(number)
    assert index.paragraphs_by_word == expected
    assert index.paragraphs_by_word["snake_case"] == [0]
    assert index.paragraphs_by_word["30"] == [1]
