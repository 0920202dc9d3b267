"""Citations and bibliographies formatted by a CSL style (brief.citations.csl), without a
build: the locators, later notes shortened or "Ibid.", American punctuation, the
bibliography's order and italics."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.citations import STYLES_FOLDER, bundled, is_style, suggestion
from brief.citations.csl import Cite, format_citations, locale_name, locator
from brief.citations.styling import SourceFacts, csl_item, item_type
from brief.errors import TemplateError, Where
from brief.model import Span

WOLFF = SourceFacts(title="Belarus and the war", authors=("Stefan Wolff", "Anastasiya Bayok"),
                    publisher=None, date="March 2022", url=None, container="The Conversation")
KORYBKO = SourceFacts(title="Back to being brothers?", authors=("Korybko, Andrew",),
                      publisher="Global Research", date="2020-08-17",
                      url="https://example.org/korybko", accessed="2024-05-02")
ITEMS = {"wolff": csl_item(WOLFF), "korybko": csl_item(KORYBKO)}
WHERE = Where(Path("templates/house/template.yaml"), 2)


def text(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)


def style(name: str) -> Path:
    return STYLES_FOLDER / f"{name}.csl"


def test_brief_ships_its_own_style_and_four_csl_styles():
    assert bundled() == ["brief", "apa", "chicago-note-bibliography",
                         "harvard-cite-them-right", "oscola"]
    assert (STYLES_FOLDER / "LICENSE.md").read_text().count("CC BY-SA") == 0  # spelt out:
    assert "Attribution-ShareAlike 3.0" in (STYLES_FOLDER / "LICENSE.md").read_text()


def test_a_style_is_a_bundled_name_or_a_csl_file_of_the_template(tmp_path):
    (tmp_path / "house.csl").write_text("<style/>")
    assert is_style("apa", tmp_path) and is_style("house.csl", tmp_path)
    assert is_style("chicago-notes-bibliography", tmp_path)  # the CSL repository's name
    assert not is_style("other.csl", tmp_path) and not is_style("", tmp_path)
    assert not is_style(["apa"], tmp_path)
    assert suggestion("chicago-note-bibliografy") == "; did you mean 'chicago-note-bibliography'?"
    assert suggestion("zzz") == ""
    # the start of a style's name
    assert suggestion("chicago") == "; did you mean 'chicago-note-bibliography'?"
    assert suggestion("harvard") == "; did you mean 'harvard-cite-them-right'?"
    assert suggestion("Harvard") == "; did you mean 'harvard-cite-them-right'?"
    assert suggestion("apa-7th") == "; did you mean 'apa'?"


@pytest.mark.parametrize(("label", "expected"), [
    ("¶10", ("paragraph", "10")), ("¶21–22", ("paragraph", "21–22")),
    ("p. 3, ¶2", ("page", "3, ¶2")), ("p. 3, ¶2–3", ("page", "3, ¶2–3")),
    ("p. 3, ¶2 – p. 4, ¶1", ("page", "3, ¶2 – 4, ¶1")), ("web page", None)])
def test_brief_pinpoints_become_csl_locators(label, expected):
    assert locator(label) == expected


@pytest.mark.parametrize(("language", "locale"), [
    ("en", "en-US"), ("en-GB", "en-GB"), ("ru", "ru-RU"), ("de", "de-DE"), ("xx", "en-US")])
def test_the_locale_follows_the_memos_language(language, locale):
    assert locale_name(language) == locale


def test_a_source_is_a_csl_item_of_the_type_its_facts_suggest():
    assert ITEMS["wolff"] == {
        "type": "article-newspaper", "title": "Belarus and the war", "language": "en",
        "author": [{"family": "Wolff", "given": "Stefan"},
                   {"family": "Bayok", "given": "Anastasiya"}],
        "container-title": "The Conversation", "issued": {"date-parts": [[2022, 3]]}}
    assert ITEMS["korybko"]["author"] == [{"family": "Korybko", "given": "Andrew"}]
    assert ITEMS["korybko"]["accessed"] == {"date-parts": [[2024, 5, 2]]}
    assert item_type(KORYBKO) == "webpage"
    assert item_type(SourceFacts("T", (), "Chatham House", None, None)) == "report"
    assert item_type(SourceFacts("T", (), None, None, None, item_type="book")) == "book"
    assert csl_item(SourceFacts("T", ("NATO",), None, "sometime", None))["author"] == [
        {"literal": "NATO"}]


def test_chicago_notes_shorten_later_notes_and_say_ibid_where_the_style_allows():
    made = format_citations(style("chicago-note-bibliography"), WHERE, "en", ITEMS, [
        Cite("wolff", ("paragraph", "10")), Cite("wolff", ("paragraph", "11")),
        Cite("korybko", ("page", "3, ¶2")), Cite("wolff", ("paragraph", "12"))])
    assert [text(n) for n in made.notes] == [
        "Stefan Wolff and Anastasiya Bayok, “Belarus and the War,” The Conversation, "
        "March 2022, para. 10",
        "Ibid., para. 11",
        "Andrew Korybko, “Back to Being Brothers?” (Global Research, August 17, 2020), 3, ¶2, "
        "https://example.org/korybko",
        "Wolff and Bayok, “Belarus and the War,” para. 12"]  # no date: Chicago's short form
    assert not made.in_text
    # the newspaper in italics, the address a link
    assert Span("The Conversation", emphasis=True) in made.notes[0]
    assert Span("https://example.org/korybko", href="https://example.org/korybko") in \
        made.notes[2]
    # the bibliography: every source, in the style's order, without a note's locator
    assert [(source_id, text(entry)) for source_id, entry in made.bibliography] == [
        ("korybko", "Korybko, Andrew. “Back to Being Brothers?” Global Research, August 17, "
                    "2020. https://example.org/korybko."),
        ("wolff", "Wolff, Stefan, and Anastasiya Bayok. “Belarus and the War.” The "
                  "Conversation, March 2022.")]


def test_oscola_keeps_its_ibid_in_lower_case_and_prints_the_access_date():
    made = format_citations(style("oscola"), WHERE, "en-GB", ITEMS, [
        Cite("korybko", ("paragraph", "4")), Cite("korybko", ("paragraph", "5"))])
    assert [text(n) for n in made.notes] == [
        # OSCOLA's initials; a web page's site is its `container`, not its publisher
        "A Korybko, ‘Back to Being Brothers?’ (17 August 2020) para 4 "
        "<https://example.org/korybko> accessed 2 May 2024",
        "ibid 5"]


def test_an_author_date_style_cites_in_the_text_without_its_parentheses():
    made = format_citations(style("apa"), WHERE, "en", ITEMS, [
        Cite("wolff", ("paragraph", "10"))], [Cite("korybko", ("page", "3, ¶2"))])
    assert made.in_text
    assert [text(n) for n in made.notes] == ["Wolff & Bayok, 2022, para. 10"]
    assert [text(n) for n in made.others] == ["Korybko, 2020, p. 3, ¶2"]


def test_a_style_file_that_is_not_xml_is_one_message_at_its_line(tmp_path):
    broken = tmp_path / "house.csl"
    broken.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">'
                      '\n  <citation><layout></citation>\n</style>\n')
    with pytest.raises(TemplateError) as raised:
        format_citations(broken, WHERE, "en", ITEMS, [Cite("wolff", ("paragraph", "1"))])
    assert raised.value.message == (
        "the citation style house.csl is not well-formed XML: Opening and ending tag "
        "mismatch: layout line 3 and citation, line 3, column 32")
    assert (raised.value.where.file, raised.value.where.line) == (broken, 3)


def test_xml_that_is_not_a_csl_style_is_refused(tmp_path):
    other = tmp_path / "house.csl"
    other.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">'
                     '\n  <info/>\n</style>\n')
    with pytest.raises(TemplateError) as raised:
        format_citations(other, WHERE, "en", ITEMS, [Cite("wolff", ("paragraph", "1"))])
    assert raised.value.message == "house.csl is not a CSL style: it has no <citation> element"
    assert raised.value.where.line == 2


def test_an_author_date_style_cites_in_the_text_unless_the_template_says_otherwise(project):
    from brief.citations import cites_in_text
    from brief.templates import find_template

    assert [cites_in_text(name, project.root) for name in bundled()] == [
        False, True, False, True, False]
    project.template("dated", "citation_style: apa\n")
    project.template("noted", "citation_style: apa\ncitations: endnotes\n")
    project.template("chicago", "citation_style: chicago-note-bibliography\n")
    found = {name: find_template(name, project.root, project.root)
             for name in ("dated", "noted", "chicago")}
    assert {name: t.citations for name, t in found.items()} == {
        "dated": "inline", "noted": "endnotes", "chicago": "footnotes"}


def test_a_note_to_the_same_place_as_the_one_before_is_ibid_alone():
    made = format_citations(style("chicago-note-bibliography"), WHERE, "en", ITEMS, [
        Cite("wolff", ("paragraph", "9")), Cite("wolff", ("paragraph", "9")),
        Cite("korybko", ("page", "3, ¶2")), Cite("korybko", ("page", "3, ¶2")),
        Cite("korybko", ("page", "4, ¶1 – 5, ¶2"))])
    assert [text(n) for n in made.notes][1:] == [
        "Ibid.", "Andrew Korybko, “Back to Being Brothers?” (Global Research, August 17, "
        "2020), 3, ¶2, https://example.org/korybko", "Ibid.", "Ibid., 4, ¶1 – 5, ¶2"]


def test_a_title_ending_in_a_question_mark_takes_no_full_stop_after_it():
    made = format_citations(style("apa"), WHERE, "en", ITEMS, [])
    korybko = dict(made.bibliography)["korybko"]
    assert text(korybko) == ("Korybko, A. (2020, August 17). Back to being brothers? Global "
                             "Research. https://example.org/korybko")
    assert Span("Back to being brothers?", emphasis=True) in korybko


def test_a_style_that_declares_entities_is_refused_before_they_are_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the minister's diary")
    hostile = tmp_path / "house.csl"
    hostile.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note"><info><title>&x;</title>'
        '</info><citation><layout><text variable="title"/></layout></citation></style>\n')
    with pytest.raises(TemplateError) as raised:
        format_citations(hostile, WHERE, "en", ITEMS, [Cite("wolff", ("paragraph", "1"))])
    assert raised.value.message == (
        "the citation style house.csl declares a DOCTYPE, which a CSL style never needs: "
        "brief does not read its entities")
    assert suggestion("ours.csl") == "; there is no ours.csl in the template folder"


def test_ibid_keeps_its_full_stop_before_the_grade_and_the_notes_end():
    from brief.model import Citation

    made = format_citations(style("chicago-note-bibliography"), WHERE, "en", ITEMS, [
        Cite("wolff", ("paragraph", "9")), Cite("wolff", ("paragraph", "9"))])
    ibid = made.notes[1]
    assert text(ibid) == "Ibid."
    graded = Citation("wolff", "Wolff & Bayok 2022", "¶9", "B", styled=ibid)
    assert graded.label + "." == "Ibid. [B]."  # as the renderers end a note
    ungraded = Citation("wolff", "Wolff & Bayok 2022", "¶9", None, styled=ibid)
    assert ungraded.label + "." == "Ibid."
    # a note's own full stop is still the renderers'
    assert text(made.notes[0]).endswith("para. 9")


@pytest.mark.parametrize(("name", "expected"), [
    ("chicago-note-bibliography", "Иван Петров, “Белорусская армия не спешит воевать,” March "
                                  "20, 2022, para. 3"),
    ("oscola", "И Петров, ‘Белорусская армия не спешит воевать’ para 3")])
def test_a_title_in_another_language_is_not_set_in_english_title_case(name, expected):
    russian = SourceFacts(title="Белорусская армия не спешит воевать", authors=("Иван Петров",),
                          publisher=None, date="2022-03-20", url=None, language="ru")
    items = {"minsk": csl_item(russian, "en")}
    assert items["minsk"]["language"] == "ru"
    made = format_citations(style(name), WHERE, "en", items, [Cite("minsk", ("paragraph", "3"))])
    assert [text(n) for n in made.notes] == [expected]
    # an English source's title still is
    assert "Belarus and the War" in text(format_citations(
        style(name), WHERE, "en", ITEMS, [Cite("wolff", None)]).notes[0])
