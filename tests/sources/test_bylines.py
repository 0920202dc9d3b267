"""What an article's own lines say about it: its title, by-line, dateline and the notes on
its authors after the text (`brief new` fills a source's details in from them, and
`brief find` does not offer those notes as passages)."""

from __future__ import annotations

from brief.sources import split_paragraphs
from brief.sources.bylines import Stated, back_matter, stated

BODY = ("Officials said the new policy would start soon. The minister's office would not "
        "say what it would cost, nor who would pay for it.")


def test_a_by_line_with_its_publisher_and_date_after_bars():
    paragraphs = split_paragraphs(
        "Home | World | Europe\n\nCrisis: What Minsk Wants Now\n\n"
        "By Jane Doe and John de la Roe | The Daily Example | 3 March 2022\n\n" + BODY)
    assert stated(paragraphs) == Stated("Crisis: What Minsk Wants Now",
                                        ("Jane Doe", "John de la Roe"), "by-line",
                                        "The Daily Example", "3 March 2022")


def test_a_dateline_on_its_own_and_labels_that_are_no_title():
    paragraphs = split_paragraphs("Region: Europe\n\nBelarus Between Two Capitals\n\n"
                                  "Published: Aug. 17, 2020\n\n" + BODY)
    assert stated(paragraphs) == Stated("Belarus Between Two Capitals", (), "", None,
                                        "Aug. 17, 2020")


def test_nothing_stated_where_the_text_begins_at_once():
    assert stated(split_paragraphs(BODY + "\n\n" + BODY)) == Stated()


def test_notes_on_the_authors_and_the_lines_around_them_are_back_matter():
    paragraphs = split_paragraphs(
        BODY + "\n\nThe Kremlin is the author of its own troubles, analysts at the institute "
        "say.\n\nAbout the author:\n\nJane Doe is a senior fellow at the Example Institute."
        "\n\nShare this article on social media.")
    assert back_matter(paragraphs) == {3, 4, 5}  # not "The Kremlin is the author ..."
    assert stated(paragraphs).authors == ("Jane Doe",)


def test_an_article_that_ends_in_a_heading_has_no_back_matter():
    assert back_matter(split_paragraphs(BODY + "\n\nConcluding thoughts")) == frozenset()


def test_a_markdown_title_without_its_marks():
    paragraphs = split_paragraphs("# Minsk after the vote\n\n*By Jane Doe*\n\n" + BODY)
    assert stated(paragraphs) == Stated("Minsk after the vote", ("Jane Doe",), "by-line")
