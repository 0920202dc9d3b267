"""A reviewer's change of the words a reader sees, carried into the analyst's Markdown:
checked by rendering the result with brief's own Markdown reader."""

from __future__ import annotations

import random

import pytest

from brief.markdown_text import parse_markdown
from brief.model import TextBlock
from brief.review.markdown_edit import (
    FormatEdit,
    PlainEdit,
    Unmappable,
    edit_markdown,
    plain_text,
    word_diff,
    word_edits,
)

SNIPPETS = [
    "Belarusian troops are **unlikely to enter the war in the coming weeks**, but the "
    "decision\nrests more with Moscow than with Minsk. Lukashenko's survival argues for "
    "staying out.\n",
    "We recommend that Western policy **differentiate between Minsk and Moscow**: keep "
    "pressure on\nthe Kremlin while leaving Minsk reasons to stay out.\n\nA second "
    "paragraph follows here.",
    "Approve *differentiating* between __Minsk__ and _Moscow_ as our line.",
    "See [the Wolff report](https://example.org/wolff_(2022)) for the full argument "
    "and more.",
    "Keep `the code words` as they are, and this plain tail of words too.",
    "- the first item of a list\n- the second item, with **bold** words\n- a third item",
    "1. first numbered step here\n2. second numbered step\n\nAnd a closing paragraph.",
    "A line ends here  \nand a new line starts after a hard break.",
    "Escaped \\*stars\\* and snake_case_words stay as they are in this sentence.",
    "# A heading line\n\nThen a paragraph of text under the heading.",
    "> A quoted remark from someone important\n\nThe analyst's own words after it.",
    "Text with a figure ![a map of the border](figures/map.png \"The border\") and "
    "words after it.",
    "| District | Troops |\n| --- | ---: |\n| Brest | 3,000 |\n| Gomel | 1,200 |\n\n"
    "Table: Troops by district",
    "***Bold and italic*** words, then plain ones, then **bold** again at the end.",
    "Prices rose 5% &amp; wages fell; Minsk's \"line\" -- as ever -- held.",
]

WORDS = ["Kremlin", "pressure", "quickly", "not", "the", "border", "Minsk's",
         "re-entry", "(sic)", "50%", "and", "allied"]


def _random_edit(plain: str, rng: random.Random) -> str:
    """`plain` with one to three words replaced, inserted or deleted (lines kept)."""
    lines = plain.split("\n")
    for _ in range(rng.randint(1, 3)):
        number = rng.randrange(len(lines))
        words = lines[number].split(" ")
        at = rng.randrange(len(words))
        action = rng.choice(["replace", "insert", "delete"])
        if action == "replace":
            words[at] = rng.choice(WORDS)
        elif action == "insert":
            words.insert(at, rng.choice(WORDS))
        elif len(words) > 1:
            del words[at]
        lines[number] = " ".join(words)
    return "\n".join(lines)


def test_random_word_edits_read_as_the_reviewer_wanted() -> None:
    """For each snippet and many random edits: the Markdown `edit_markdown` returns,
    rendered by brief, reads exactly as the edited plain text; and nearly every edit
    can be carried (the others raise Unmappable, never a wrong text)."""
    rng = random.Random(23)
    tried = carried = 0
    refused: list[tuple[str, str, str]] = []
    for markdown in SNIPPETS:
        plain = plain_text(markdown)
        for _ in range(40):
            new = _random_edit(plain, rng)
            if new == plain:
                continue
            tried += 1
            try:
                result = edit_markdown(markdown, plain, word_edits(plain, new))
            except Unmappable as exc:
                refused.append((markdown, new, exc.reason))
                continue
            assert plain_text(result) == new, (markdown, new, result)
            carried += 1
    assert tried > 500
    assert carried == tried, refused[:5]


INLINE_WORDS = ["the", "Kremlin", "Minsk", "troops", "border", "war", "sanctions", "allied",
                "pressure", "re-entry", "50%", "(sic)", "it's", "Lukashenko's"]
ODD_WORDS = ["a*b", "_x_", "[note]", "a\\b", "1.", "-", "#tag", "**", "x_y", "&amp;",
             "<b>", "e.g.", "—"]


def _inline(rng: random.Random) -> str:
    """A line or two of words, some bold, italic, code or linked."""
    words = [rng.choice(INLINE_WORDS) for _ in range(rng.randint(3, 9))]
    runs = []
    while words:
        count = rng.randint(1, 3)
        run, words = " ".join(words[:count]), words[count:]
        roll = rng.random()
        if roll < 0.15:
            run = f"**{run}**"
        elif roll < 0.25:
            run = f"*{run}*"
        elif roll < 0.3:
            run = f"_{run}_"
        elif roll < 0.35:
            run = f"`{run}`"
        elif roll < 0.42:
            run = f"[{run}](https://example.org/{rng.randint(1, 9)})"
        runs.append(run)
    return "".join(run + rng.choice([" ", " ", " ", "\n"]) for run in runs).rstrip()


def _random_markdown(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.2:
            blocks.append("\n".join("- " + _inline(rng).replace("\n", " ")
                                    for _ in range(rng.randint(2, 3))))
        elif roll < 0.3:
            blocks.append("\n".join(f"{n}. " + _inline(rng).replace("\n", " ")
                                    for n in (1, 2)))
        else:
            blocks.append(_inline(rng))
    return "\n\n".join(blocks)


@pytest.mark.slow
@pytest.mark.parametrize("odd", [False, True], ids=["words", "markup-like words"])
def test_random_markdown_and_edits(odd: bool) -> None:
    """Random Markdown (bold, italic, code, links, soft breaks, lists) and random word
    edits, some with characters Markdown reads as markup: every result reads exactly as
    the reviewer's words; at most a few in a hundred are refused (a backtick inside
    code, say)."""
    rng = random.Random(1)
    tried = carried = 0
    for _ in range(600):
        markdown = _random_markdown(rng)
        plain = plain_text(markdown)
        lines = plain.split("\n")
        for _ in range(rng.randint(1, 3)):
            number = rng.randrange(len(lines))
            words = lines[number].split(" ")
            at = rng.randrange(len(words))
            word = rng.choice(ODD_WORDS if odd and rng.random() < 0.5 else INLINE_WORDS)
            action = rng.choice(["replace", "insert", "delete"])
            if action == "replace":
                words[at] = word
            elif action == "insert":
                words.insert(at, word)
            elif len(words) > 1:
                del words[at]
            lines[number] = " ".join(words)
        new = "\n".join(lines)
        if new == plain:
            continue
        tried += 1
        try:
            result = edit_markdown(markdown, plain, word_edits(plain, new))
        except Unmappable:
            continue
        assert plain_text(result) == new, (markdown, new, result)
        carried += 1
    assert carried / tried > 0.98


def test_word_edits_turn_old_into_new() -> None:
    rng = random.Random(5)
    for markdown in SNIPPETS:
        plain = plain_text(markdown)
        for _ in range(30):
            new = _random_edit(plain, rng)
            text = plain
            for edit in reversed(word_edits(plain, new)):
                assert edit.start <= edit.end
                text = text[:edit.start] + edit.text + text[edit.end:]
            assert text == new


def test_word_edits_are_whole_words() -> None:
    assert word_edits("the quick brown fox", "the slow brown fox") == [
        PlainEdit(4, 9, "slow")]
    assert word_edits("the quick brown fox", "the brown fox") == [PlainEdit(4, 10, "")]
    # a word deleted at a line's end takes the space before it, not the line break
    assert word_edits("one two\nthree", "one\nthree") == [PlainEdit(3, 7, "")]
    # a word inserted at a line's start goes after the line break
    assert word_edits("one\ntwo", "one\nnew two") == [PlainEdit(4, 4, "new ")]
    assert word_edits("the brown fox", "the brown fox jumps") == [PlainEdit(13, 13, " jumps")]
    assert word_edits("the fox", "the fox") == []


def _edit(markdown: str, new: str) -> str:
    plain = plain_text(markdown)
    return edit_markdown(markdown, plain, word_edits(plain, new))


@pytest.mark.parametrize(("markdown", "new", "expected"), [
    # a word replaced inside bold stays bold
    ("very **bold** claim", "very strong claim", "very **strong** claim"),
    # a change across the end of a bold run is shared word by word
    ("very **bold** claim", "very strong point", "very **strong** point"),
    # an insertion at a bold run's edge goes outside it, unless it continues the word
    ("very **bold** claim", "very big bold claim", "very big **bold** claim"),
    ("very **bold** claim", "very bold indeed claim", "very **bold** indeed claim"),
    ("very **bold**", "very bold indeed", "very **bold** indeed"),
    ("very **bold** claim", "very bolder claim", "very **bolder** claim"),
    # deleting the whole emphasised span takes its markers
    ("very **bold** claim", "very claim", "very claim"),
    ("a *quite* odd _and_ plain text", "a odd plain text", "a odd plain text"),
    ("**a** **c**", "c", "**c**"),
    # a link keeps its address; its text deleted whole takes the link
    ("see [the report](https://x.org/a_(b)) now", "see the full report now",
     "see [the full report](https://x.org/a_(b)) now"),
    ("see [the report](https://x.org/a_(b)) now", "see now", "see now"),
    # a soft line break of the Markdown stays where the words around it are unchanged
    ("the first line of text\nthe second line here", "the first line of prose the "
     "second line here", "the first line of prose\nthe second line here"),
    # a word deleted before a line break takes the space before it, not the break
    ("the first line of word\nthe second line", "the first line of the second line",
     "the first line of\nthe second line"),
    ("rests more with Moscow than\n  with Minsk today", "rests more with Moscow than\n  "
     "with Minsk".replace("\n  ", " "), "rests more with Moscow than\n  with Minsk"),
    # list items keep their markers
    ("- a item\n- b item\n\n1. c step", "a item\nb thing\nc step",
     "- a item\n- b thing\n\n1. c step"),
    # new words that Markdown would read as markup are escaped
    ("a plain claim", "a *plain* claim", "a \\*plain\\* claim"),
    ("a plain claim", "a plain_ claim", "a plain\\_ claim"),
    ("a plain claim", "a snake_case claim", "a snake_case claim"),
    # inside code, words are as they are
    ("keep `the code words` here", "keep the code*word here", "keep `the code*word` here"),
    # entities are text in brief's Markdown
    ("cats &amp; dogs", "cats &amp; birds", "cats &amp; birds"),
])
def test_named_cases(markdown: str, new: str, expected: str) -> None:
    assert _edit(markdown, new) == expected
    assert plain_text(expected) == new


def test_insertion_inside_a_bold_run_stays_in_it() -> None:
    markdown = "We **differentiate Minsk and Moscow** now."
    plain = plain_text(markdown)
    at = plain.index("Moscow")
    assert edit_markdown(markdown, plain, [PlainEdit(at, at, "from ")]) == \
        "We **differentiate Minsk and from Moscow** now."


def test_words_brief_added_are_unmappable() -> None:
    markdown = "Russia will act **soon**."
    shown = "(TLP:AMBER) Russia will act soon (55-80%)."
    with pytest.raises(Unmappable) as caught:
        edit_markdown(markdown, shown, [PlainEdit(1, 10, "TLP:RED")])
    assert caught.value.reason == (
        "the words 'TLP:AMBER' are not in the spec: brief adds them (a portion mark, a "
        "likelihood's range, a number or a label)")
    # the spec's own words beside them are carried
    at = shown.index("will")
    assert edit_markdown(markdown, shown, [PlainEdit(at, at + 4, "may")]) == \
        "Russia may act **soon**."
    at = shown.index("55")
    with pytest.raises(Unmappable, match="'55-80%' are not in the spec"):
        edit_markdown(markdown, shown, [PlainEdit(at, at + 6, "60-90%")])


def test_a_text_that_is_not_the_markdowns_is_refused() -> None:
    with pytest.raises(Unmappable, match="changed without tracking, or the spec changed"):
        edit_markdown("Russia will act.", "Belarus may wait.", [PlainEdit(0, 7, "Minsk")])


def test_a_new_paragraph_is_refused() -> None:
    with pytest.raises(Unmappable, match="new paragraph or line"):
        edit_markdown("one two", "one two", [PlainEdit(3, 4, "\n")])


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(Unmappable, match="overlap"):
        edit_markdown("one two three", "one two three",
                      [PlainEdit(0, 7, "x"), PlainEdit(4, 13, "y")])


def test_several_edits_at_once() -> None:
    markdown = "The **first** claim\nand the *second* claim."
    plain = plain_text(markdown)
    new = "The first big claim\nand the other claim."
    new_plain = new.replace("\n", " ")
    result = edit_markdown(markdown, plain, word_edits(plain, new_plain))
    assert result == "The **first** big claim\nand the *other* claim."


def _styles(markdown: str) -> list[tuple[str, bool, bool]]:
    block = parse_markdown(markdown)[0]
    assert isinstance(block, TextBlock)
    return [(span.text, span.strong, span.emphasis) for span in block.spans]


def test_format_edits() -> None:
    markdown = "keep the line with Minsk"
    plain = plain_text(markdown)
    at = plain.index("Minsk")
    made_bold = edit_markdown(markdown, plain, [FormatEdit(at, at + 5, bold=True)])
    assert made_bold == "keep the line with **Minsk**"
    made_italic = edit_markdown(markdown, plain, [FormatEdit(0, 4, italic=True)])
    assert made_italic == "*keep* the line with Minsk"
    unbold = edit_markdown("a **strong** word", "a strong word",
                           [FormatEdit(2, 8, bold=False)])
    assert unbold == "a strong word"
    unitalic = edit_markdown("a _soft_ word", "a soft word", [FormatEdit(2, 6, italic=False)])
    assert unitalic == "a soft word"
    assert _styles(edit_markdown("a soft word", "a soft word",
                                 [FormatEdit(2, 6, bold=True, italic=True)])) == [
        ("a ", False, False), ("soft", True, True), (" word", False, False)]
    with pytest.raises(Unmappable, match="taken off part of the words"):
        edit_markdown("a **very strong** word", "a very strong word",
                      [FormatEdit(2, 6, bold=False)])


def test_word_diff() -> None:
    assert word_diff("the quick brown fox", "the slow brown fox") == \
        "the [-quick-] {+slow+} brown fox"
    long = " ".join(f"w{n}" for n in range(30))
    changed = long.replace("w15", "X")
    assert word_diff(long, changed) == "… w11 w12 w13 w14 [-w15-] {+X+} w16 w17 w18 w19 …"
