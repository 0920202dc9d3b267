"""The keys of a quote in translation: `translation` only with a `quote` of a source whose
wording is its author's, `translator` only with a `translation`; each mistake one message
at its line, and nothing written."""

from __future__ import annotations

import pytest

SPEC = """\
title: Test memo
bluf: The plan is rushed.
sources:
  gazette:
    file: sources/quirks.txt
    title: The Quirks Gazette
    paraphrased: {paraphrased}
sections:
  - title: Risks
    kind: risks
    points:
      - text: Costs are unknown.
        passages:
          - source: gazette
{passage}
"""


def build(project, passage: str, paraphrased: str = "false"):
    path = project.spec(text=SPEC.format(passage=passage, paraphrased=paraphrased))
    return project.run("build", path)


@pytest.mark.e2e
@pytest.mark.parametrize(("passage", "paraphrased", "message"), [
    ("            paragraph: 4\n            translation: They want delay.",
     "false",
     "memo.yaml:16:26: error: sections[0].points[0].passages[0].translation: 'translation' "
     "goes with 'quote': it translates the words quoted, which are checked against the "
     "source\n    hint: quote the original words under `quote`, and give your translation "
     "of them under `translation`\n"),
    ("            quote: its costs were not known\n            translator: analyst",
     "false",
     "memo.yaml:16:25: error: sections[0].points[0].passages[0].translator: 'translator' "
     "goes with 'translation': there is no translation to credit\n"),
    ("            quote: its costs were not known\n            translation: Costs unknown.",
     "true",
     "memo.yaml:16:26: error: sections[0].points[0].passages[0].translation: 'translation' "
     "of a machine-paraphrased source ('gazette' has `paraphrased: true`): its wording is "
     "not the author's, and a translation would present it as such\n    hint: quote the "
     "original article, or show this passage untranslated\n"),
    ("            quote: its costs were not known\n            translation: Costs unknown."
     "\n            translator: machine", "false",
     "memo.yaml:17:25: error: sections[0].points[0].passages[0].translator: a machine "
     "translation names its tool and version: `translator: machine DeepL (2026-11)`\n"
     "    hint: ICS 206-01 asks that machine translation be disclosed with the tool and its "
     "version\n"),
    ("            quote: its costs were not known\n            translation: \"  \"",
     "false",
     "memo.yaml:16:26: error: sections[0].points[0].passages[0].translation: 'translation' "
     "is empty\n"),
])
def test_a_translation_key_out_of_place_is_one_message_at_its_line(project, passage,
                                                                   paraphrased, message):
    result = build(project, passage, paraphrased)
    assert result.exit_code == 1
    assert result.stderr == message + "brief build: failed (1 problem); no files were written\n"
    assert project.files() == {}


@pytest.mark.e2e
@pytest.mark.slow
def test_a_quote_verifies_with_the_letters_folded_and_shows_the_sources(project):
    """ё and е are one letter for matching; the memo shows the source's."""
    (project.root / "sources" / "ru.txt").write_text(
        "Он ещё верит в мир.\n", encoding="utf-8")
    text = SPEC.format(paraphrased="false", passage="            quote: Он еще верит").replace(
        "sources/quirks.txt", "sources/ru.txt")
    result = project.run("build", project.spec(text=text), "--format", "docx")
    assert result.exit_code == 0, result.stderr
    import docx

    document = docx.Document(str(project.output / "memo.docx"))
    assert [p.text for p in document.paragraphs if p.style.name == "Passage"] == ["Он ещё верит"]


@pytest.mark.e2e
def test_a_source_language_must_be_a_language_tag(project):
    text = SPEC.format(paraphrased="false", passage="            quote: its costs were not "
                       "known").replace("    paraphrased: false", "    language: Russian")
    result = project.run("build", project.spec(text=text))
    assert result.exit_code == 1
    assert result.stderr == (
        "memo.yaml:7:15: error: sources.gazette.language: source 'gazette': 'Russian' is not "
        "a language tag\n    hint: give a BCP 47 language tag, such as `ru`, `be`, `uk` or "
        "`de`\nbrief build: failed (1 problem); no files were written\n")
    assert project.files() == {}


@pytest.mark.e2e
def test_a_translation_of_a_source_without_a_language_is_warned_about(project):
    result = project.run("check", project.spec(text=SPEC.format(
        paraphrased="false", passage="            quote: its costs were not known\n"
        "            translation: Costs unknown.")))
    assert result.exit_code == 0, result.stderr
    assert (
        "memo.yaml:16:26: warning: sections[0].points[0].passages[0].translation: a "
        "translation of source 'gazette', which gives no `language`: its original is not "
        "marked as written in another language, so a screen reader reads it with the memo's "
        "voice\n    hint: give the source's language, `language: ru`, under `sources: "
        "gazette:`\n") in result.stderr
