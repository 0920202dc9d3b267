"""Stage 3: every passage resolves to exactly one place, or fails with a useful message."""

from __future__ import annotations

import pytest

from brief.errors import BriefErrors
from brief.passages import resolve_passages
from brief.sources import load_sources
from brief.sources.matching import find_all, normal_form, normalise
from brief.spec import load_spec


@pytest.mark.parametrize(
    ("typed", "source"),
    [
        ('the "new policy"', "the “new policy”"),  # straight typed, curly in source
        ("the “new policy”", 'the "new policy"'),  # and the other way round
        ("minister's office", "minister’s office"),
        ("soon -- perhaps", "soon — perhaps"),
        ("soon - perhaps", "soon—perhaps"),
        ("next week...", "next week…"),
        ("new policy", "new\u00a0policy"),
        ("new policy", "new\n   policy"),
        ("ﬁne", "fine"),
        ("cross-border", "cross\u00ad-border"),
        ("Jażdżewski", "Ja\u017cd\u017cewski"),  # composed in the quote ...
        ("Ja\u017cd\u017cewski", "Jaz\u0307dz\u0307ewski"),  # ... decomposed in the source
        ("protection of", "protec- tion of"),  # a word broken at a line end
        ("protec-\ntion of", "protection of"),
    ],
)
def test_typographic_differences_are_forgiven(typed, source):
    assert normal_form(typed) == normal_form(source)


@pytest.mark.parametrize(
    ("typed", "source"),
    [("Costs", "costs"), ("its costs", "it's costs"), ("rushed.", "rushed,"),
     ("visa-free", "visa free"), ("EU- Kommission", "EUKommission"), ("pre-war", "prewar")],
)
def test_other_differences_are_not(typed, source):
    assert normal_form(typed) != normal_form(source)


def test_normal_form_maps_back_to_the_original():
    original = "said the “new\u00a0 policy” — soon…"
    text = normalise(original)
    start = text.text.index('"new policy"')
    begin, end = text.original_span(start, start + len('"new policy"'))
    assert original[begin:end] == "“new\u00a0 policy”"
    begin, end = text.original_span(text.text.index("soon"), len(text.text))
    assert original[begin:end] == "soon…"


def test_matches_respect_word_boundaries():
    assert find_all("Minskers in Minsk", "Minsk") == [12]
    assert find_all("a (Minsk) b", "(Minsk)") == [2]


def test_chinese_japanese_and_korean_characters_are_each_on_a_word_boundary():
    assert find_all("1975年1月28日出生于北京", "1月28日出生") == [5]
    assert find_all("東京都に住んでいる", "住んで") == [4]
    assert find_all("Minsk東京", "Minsk") == [0]  # a CJK character after a Latin word


def test_a_quote_from_the_middle_of_a_chinese_sentence_resolves(project):
    (project.root / "sources" / "zh.txt").write_text(
        "谭雅，1975年1月28日出生，2000年在新加坡发行首张专辑。\n", encoding="utf-8")
    resolved = resolve(project, {"source": "zh", "quote": "2000年在新加坡"},
                       sources={"zh": {"file": "sources/zh.txt", "title": "谭雅"}})
    assert resolved[0].texts == ("2000年在新加坡",)


def resolve(project, *passages, **overrides):
    sections = [{"title": "Risks", "kind": "risks",
                 "points": [{"text": "x", "passages": list(passages)}]}]
    spec = load_spec(project.spec(sections=sections, **overrides))
    sources, errors = load_sources(spec, project.root)
    assert errors == []
    resolved = resolve_passages(spec, sources)
    return [resolved[p.key_path] for p in spec.passages()]


def test_quote_is_shown_as_it_stands_in_the_source(project):
    [passage] = resolve(project, {"source": "gazette",
                                  "quote": 'the "new policy" would start soon -- perhaps'})
    assert passage.texts == ("the “new\u00a0policy” would start soon — perhaps",)
    assert (passage.first_paragraph, passage.last_paragraph) == (3, 3)
    assert passage.is_quote


def test_quote_across_a_rejoined_page_break(project):
    [passage] = resolve(project, {"source": "gazette",
                                  "quote": "the cross-border trade had fallen"})
    assert passage.first_paragraph == 5


def test_whole_paragraphs(project):
    one, run = resolve(project, {"source": "lines", "paragraph": 3},
                       {"source": "lines", "paragraphs": "1-2"})
    assert one.texts == ("Third line: the end.",)
    assert run.texts == ("First line paragraph about Minsk.",
                         "Second line paragraph about Moscow.")
    assert (run.first_paragraph, run.last_paragraph) == (1, 2)
    assert not run.is_quote


def test_prefix_and_suffix_pick_one_of_repeated_text(project):
    first, second = resolve(
        project,
        {"source": "gazette", "quote": "Critics argued that the plan was rushed",
         "suffix": "."},
        {"source": "gazette", "quote": "Critics argued that the plan was rushed",
         "prefix": "rushed."})
    assert first.start == 0
    assert second.start == len("Critics argued that the plan was rushed. ")


def failure(project, passage) -> str:
    with pytest.raises(BriefErrors) as raised:
        resolve(project, passage)
    [error] = raised.value.errors
    return error.format()


def test_quote_not_found_shows_closest_passage_and_diff(project):
    message = failure(project, {"source": "gazette", "quote": "its costs were not clear"})
    assert message == (
        "memo.yaml:32:14: error: sections[0].points[0].passages[0].quote: quote not found in "
        "source 'gazette' (quirks.txt)\n"
        '    quote:   "its costs were not clear"\n'
        '    closest: ¶4, 79% similar: "its costs were not known"\n'
        "    diff:    its costs were not [-clear-] {+known+}\n"
        "    hint: copy the words exactly as the source has them (only spacing, quote marks, "
        "dashes and ellipses may differ), or cite whole paragraphs with `paragraph:`")


def test_quote_in_another_source_is_pointed_out(project):
    message = failure(project, {"source": "gazette", "quote": "paragraph about Moscow"})
    assert message.endswith(
        "hint: the quote is in source 'lines' at ¶2: did you mean `source: lines`?")


def test_repeated_quote_asks_for_prefix_or_suffix(project):
    message = failure(project, {"source": "gazette", "quote": "the plan was rushed"})
    assert message == (
        "memo.yaml:32:14: error: sections[0].points[0].passages[0].quote: quote occurs 2 "
        "times in source 'gazette' (quirks.txt): ¶4 (2 times)\n"
        '    quote: "the plan was rushed"\n'
        "    hint: add `prefix:` or `suffix:` with the words just before or after the place "
        "you mean, or quote a longer passage")


def test_prefix_that_does_not_fit(project):
    message = failure(project, {"source": "gazette", "quote": "its costs were not known",
                                "prefix": "because"})
    assert message.splitlines()[0].endswith(
        "quote is in source 'gazette' (quirks.txt) at ¶4, but not with the given "
        "prefix/suffix")


def test_paragraph_out_of_range(project):
    message = failure(project, {"source": "lines", "paragraphs": "2-9"})
    assert message == (
        "memo.yaml:32:19: error: sections[0].points[0].passages[0].paragraphs: source 'lines' "
        "has 3 paragraphs; there is no paragraph 9\n"
        f"    hint: run `brief sources {project.root / 'sources' / 'one-per-line.txt'}` "
        "to see the numbered paragraphs".replace(f"{project.root}/", ""))


def test_quote_with_an_ellipsis_matches_its_parts_in_order(project):
    [passage] = resolve(project, {"source": "gazette",
                                  "quote": "Officials said … perhaps next week"})
    assert passage.texts == ("Officials said … perhaps next week",)
    assert passage.first_paragraph == 3
    assert len(passage.spans) == 2
    [typed] = resolve(project, {"source": "gazette",
                                "quote": "the plan was rushed, ... costs were not known"})
    assert typed.texts == ("the plan was rushed, … costs were not known",)


def test_quote_with_an_ellipsis_whose_parts_are_out_of_order(project):
    message = failure(project, {"source": "gazette",
                                "quote": "perhaps next week ... Officials said"})
    assert message.splitlines()[0].endswith("quote not found in source 'gazette' (quirks.txt)")
    assert message.endswith(
        "hint: each part between ellipses must be copied exactly, and all parts must stand "
        "in this order in one paragraph")


def test_from_to_selects_across_paragraphs(project):
    [passage] = resolve(project, {"source": "gazette", "from": "The minister’s office",
                                  "to": "the plan was rushed."})
    assert (passage.first_paragraph, passage.last_paragraph) == (3, 4)
    assert passage.texts == ("The minister’s office declined to comment.",
                             "Critics argued that the plan was rushed.")
    [inside] = resolve(project, {"source": "gazette", "from": "A second report",
                                 "to": "since the spring"})
    assert inside.texts == ("A second report found that the cross-border trade had fallen "
                            "by half since the spring",)


def test_to_before_from(project):
    message = failure(project, {"source": "gazette", "from": "A second report",
                                "to": "The minister"})
    assert message == (
        "memo.yaml:33:11: error: sections[0].points[0].passages[0].to: 'to' does not occur "
        "after 'from' in source 'gazette' (quirks.txt); 'from' is at ¶5\n"
        '    to: "The minister"\n'
        "    hint: `to` must quote words that come after the `from` quote in the source")


def range_warnings(project, passage, **overrides) -> list[str]:
    """The warnings `brief check` gives about one passage of the minimal spec's first point."""
    sections = [{"title": "Risks", "kind": "risks",
                 "points": [{"text": "Costs are unknown.", "passages": [passage]}]}]
    spec = project.spec(sections=sections, **overrides)
    result = project.run("check", spec)
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines()
            if "passages[0]" in line or line.startswith("    hint: quote")]


@pytest.mark.e2e
@pytest.mark.parametrize(("passage", "selector", "message"), [
    ({"source": "gazette", "paragraphs": "2-3"}, "paragraphs",
     "the passage (¶2–3 of source 'gazette') takes in ¶2, a heading (\"By Ann Example\")"),
    ({"source": "gazette", "paragraphs": "5-6"}, "paragraphs",
     "the passage (¶5–6 of source 'gazette') takes in ¶6, boilerplate (\"Share this article "
     "on social media.\")"),
    ({"source": "gazette", "from": "The Quirks", "to": "would start soon"}, "from",
     "the passage (¶1–3 of source 'gazette') takes in ¶1, a heading (\"The Quirks Gazette\"); "
     "¶2, a heading (\"By Ann Example\")"),
])
def test_a_range_that_takes_in_a_heading_or_boilerplate_warns_at_its_line(
        project, passage, selector, message):
    warnings = range_warnings(project, passage)
    assert len(warnings) == 2
    assert warnings[0].endswith(
        f": warning: sections[0].points[0].passages[0].{selector}: {message}")
    assert warnings[1] == "    hint: quote the paragraphs on either side of it separately, " \
        "or narrow the range"


@pytest.mark.e2e
def test_a_range_of_body_text_does_not_warn(project):
    assert range_warnings(project, {"source": "gazette", "paragraphs": "3-5"}) == []


@pytest.mark.e2e
def test_a_quotation_longer_than_a_principal_reads_warns(project):
    passage = {"source": "gazette", "paragraphs": "3-5"}  # 63 words
    folder = project.template("terse", "max_quote_words: 40\n")
    sections = [{"title": "Risks", "kind": "risks",
                 "points": [{"text": "Costs are unknown.", "passages": [passage]}]}]
    result = project.run("check", project.spec(sections=sections, template="terse"))
    assert "warning: sections[0].points[0].passages[0].paragraphs: the passage is 63 words " \
        "long: a principal will not read a quotation of more than 40\n" \
        "    hint: quote the sentence that carries the point (`...` leaves words out), or " \
        "change `max_quote_words` in template 'terse'\n" in result.stderr
    # The one-pager cites passages without quoting them: nothing to read, nothing to warn.
    (folder / "template.yaml").write_text("name: terse\nmax_quote_words: 40\n"
                                          "passages: cited\n")
    result = project.run("check", project.spec(sections=sections, template="terse"))
    assert "words long" not in result.stderr


def test_a_source_of_one_paragraph_is_said_in_the_singular(project):
    (project.root / "sources" / "one-per-line.txt").write_text("Alone here.\n",
                                                               encoding="utf-8")
    message = failure(project, {"source": "lines", "paragraph": 2})
    assert message.splitlines()[0].endswith(
        "source 'lines' has 1 paragraph; there is no paragraph 2")
