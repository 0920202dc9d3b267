"""Analytic standards: graded sources, key judgments in estimative language, and the
warnings `brief check` gives where a memo falls short of them."""

from __future__ import annotations

import docx
import pytest

from brief.standards.grading import grade
from brief.standards.likelihood import BUILTIN_SCALES
from conftest import REPO, docx_footnotes, flat, pdf_pages

pytestmark = pytest.mark.e2e

WEAK_SOURCES = {"gazette": {"reliability": "E"}, "lines": {"reliability": "B"}}


def judgment(text: str, likelihood: str = "unlikely", confidence: str = "moderate",
             source: str = "gazette", **passage: object) -> dict:
    return {"text": text, "likelihood": likelihood, "confidence": confidence,
            "passages": [{"source": source, "quote": "its costs were not known", **passage}]}


def line_of(path, text: str) -> int:
    """The line of the spec file that holds `text` (specs are written by yaml.safe_dump)."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def words(project) -> tuple[str, str]:
    """What a reader sees: the PDF's text and the Word file's text, flattened."""
    pdf = flat(" ".join(pdf_pages(project.output / "memo.pdf")))
    document = docx.Document(str(project.output / "memo.docx"))
    return pdf, flat(" ".join(p.text for p in document.paragraphs))


# Source grading --------------------------------------------------------------------------

@pytest.mark.slow
def test_grades_in_citations_source_list_and_legend_of_both_formats(project):
    spec = project.spec(
        sources={"gazette": {"reliability": "B", "assessment": "A local paper of record"},
                 "lines": {"reliability": "C"}},
        sections=[{"title": "Risks", "kind": "risks", "points": [{
            "text": "Costs are unknown.", "passages": [
                {"source": "gazette", "quote": "its costs were not known", "credibility": 2},
                {"source": "lines", "paragraph": 1}]}]}])
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    pdf, word = words(project)
    assert "Example 2024, ¶4 [B2]." in pdf and "One & Two 2023, ¶1 [C]." in pdf
    assert docx_footnotes(project.output / "memo.docx") == [
        "Example 2024, ¶4 [B2].", "One & Two 2023, ¶1 [C]."]
    for text in (pdf, word):
        assert "Source reliability: B (usually reliable). A local paper of record." in text
        assert "Source reliability: C (fairly reliable)." in text
        assert "What we mean by these words" in text
        assert "Source reliability: A completely reliable; B usually reliable; C fairly " \
            "reliable; D not usually reliable; E unreliable; F reliability cannot be judged." \
            in text
        assert "Credibility of information: 1 confirmed by other sources; 2 probably true; " \
            "3 possibly true; 4 doubtful; 5 improbable; 6 truth cannot be judged." in text


@pytest.mark.slow
def test_ungraded_memo_has_no_grade_legend(project):
    assert project.run("build", project.spec()).exit_code == 0
    pdf, word = words(project)
    assert "What we mean by these words" not in pdf + word
    assert "[" not in pdf.split("Sources")[0]  # no grades in the citations


def test_free_text_reliability_points_to_assessment(project):
    spec = project.spec(sources={"gazette": {"reliability": "Usually reliable"}})
    result = project.run("check", spec)
    assert result.exit_code == 1
    line = line_of(spec, "reliability: Usually reliable")
    assert result.stderr == (
        f"memo.yaml:{line}:18: error: sources.gazette.reliability: expected one of A, B, C, "
        "D, E, F, found the text 'Usually reliable'\n"
        "    hint: grade the source with one letter, A (completely reliable) to F (cannot be "
        "judged), and put your reasons under `assessment`\n"
        "brief check: failed (1 problem)\n")


def test_credibility_out_of_range(project):
    spec = project.spec(sections=[{"title": "Risks", "kind": "risks", "points": [{
        "text": "Costs.", "passages": [
            {"source": "gazette", "quote": "its costs were not known", "credibility": 7}]}]}])
    result = project.run("check", spec)
    assert result.exit_code == 1
    line = line_of(spec, "credibility: 7")
    assert result.stderr == (
        f"memo.yaml:{line}:20: error: sections[0].points[0].passages[0].credibility: expected "
        "one of 1, 2, 3, 4, 5, 6, found the number 7\n"
        "    hint: credibility is a number from 1 (confirmed by other sources) to 6 (truth "
        "cannot be judged)\n"
        "brief check: failed (1 problem)\n")


def test_judgment_resting_only_on_a_source_graded_e_is_flagged(project):
    spec = project.spec(sources=WEAK_SOURCES,
                        key_judgments=[judgment("Costs are unlikely to be known soon.")])
    result = project.run("check", spec)
    assert result.exit_code == 0
    line = line_of(spec, "- text: Costs are unlikely")
    assert (
        f"memo.yaml:{line}:3: warning: key_judgments[0]: key judgment 1 rests only on sources "
        "graded D, E, F or ungraded: 'gazette' (E)\n"
        "    hint: support it with a source graded A, B or C, or say in the text how far it "
        "can be trusted\n") in result.stderr
    # The recommendation rests on 'lines', graded B: no warning for it.
    assert "recommendation 1" not in result.stderr
    strict = project.run("check", spec, "--strict")
    assert strict.exit_code == 1
    assert f"memo.yaml:{line}:3: error: key_judgments[0]: key judgment 1 rests only" \
        in strict.stderr


def test_ungraded_sources_and_weak_recommendations_are_flagged(project):
    spec = project.spec()
    result = project.run("check", spec)
    assert result.exit_code == 0
    for source in ("gazette", "lines"):
        assert (f"warning: sources.{source}: source '{source}' has no reliability grade\n"
                "    hint: add `reliability:` with a letter from A (completely reliable) to F "
                "(cannot be judged); see docs/spec.md, \"Source grading\"\n") in result.stderr
    line = line_of(spec, "- text: Watch Moscow.")
    assert (f"memo.yaml:{line}:5: warning: sections[2].points[0]: recommendation 1 rests only "
            "on sources graded D, E, F or ungraded: 'lines' (ungraded)\n") in result.stderr


def test_graded_example_has_no_grading_warnings(project):
    from conftest import REPO

    result = project.run("check", REPO / "briefings" / "belarus-2022.yaml")
    assert result.exit_code == 0, result.stderr
    assert "grade" not in result.stderr and "likelihood" not in result.stderr


# Key judgments and estimative language ---------------------------------------------------

@pytest.mark.slow
def test_judgment_marks_its_likelihood_and_states_confidence_in_both_formats(project):
    spec = project.spec(sources=WEAK_SOURCES | {"gazette": {"reliability": "A"}},
                        key_judgments=[
                            judgment("Costs are very unlikely to be known before June.",
                                     "very unlikely", "high"),
                            judgment("Costs will be published.", "roughly even chance", "low")])
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    pdf, word = words(project)
    for text in (pdf, word):
        assert "Key judgments" in text
        assert "Costs are very unlikely (5–20%) to be known before June." in text
        assert "We have high confidence in this judgment." in text
        assert "Roughly even chance (45–55%): Costs will be published." in text
        assert "We have low confidence in this judgment." in text
        assert "Likelihood (ICD 203): almost no chance 1–5%; very unlikely 5–20%; unlikely " \
            "20–45%; roughly even chance 45–55%; likely 55–80%; very likely 80–95%; almost " \
            "certain 95–99%." in text
        assert "Confidence: high the judgment rests on high-quality information" in text
    # The likelihood word is bold in the Word file.
    document = docx.Document(str(project.output / "memo.docx"))
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "very unlikely" in bold and "Roughly even chance" in bold
    # Key judgments come right after the bottom line, numbered.
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Bottom line up front", "Key judgments", "Risks"]
    assert pdf.index("Key judgments") < pdf.index("Risks")
    assert "1. Costs are very unlikely" in pdf and "2. Roughly even chance" in pdf


def test_says_probably_while_likelihood_is_unlikely(project):
    spec = project.spec(key_judgments=[judgment("Costs will probably stay hidden.")])
    result = project.run("check", spec)
    assert result.exit_code == 0
    line = line_of(spec, "- text: Costs will probably")
    assert (f"memo.yaml:{line}:20: warning: key_judgments[0].text: key judgment 1 says "
            "'probably' (likely, 55–80%), but its likelihood is 'unlikely' (20–45%)\n"
            "    hint: make the text and `likelihood` agree\n") in result.stderr


def test_words_of_no_scale_and_of_the_other_scale_are_flagged(project):
    spec = project.spec(bluf="Costs will possibly rise.\n\nA rise is highly likely.\n")
    result = project.run("check", spec)
    assert result.exit_code == 0
    first, second = line_of(spec, "possibly"), line_of(spec, "highly likely")
    assert (f"memo.yaml:{first}:19: warning: bluf: 'possibly' says no likelihood: it is on no "
            "likelihood scale\n"
            "    hint: say how likely with a term of the ICD 203 scale: almost no chance, very "
            "unlikely, unlikely, roughly even chance, likely, very likely, almost certain\n"
            ) in result.stderr
    assert (f"memo.yaml:{second}:13: warning: bluf: 'highly likely' is a term of the UK "
            "Probability Yardstick, not of the ICD 203 scale this memo uses\n"
            "    hint: say 'very likely' (80–95%), or set `likelihood_scale: uk-yardstick`\n"
            ) in result.stderr


@pytest.mark.slow
def test_uk_yardstick_chosen_by_the_spec(project):
    spec = project.spec(likelihood_scale="uk-yardstick",
                        bluf="A rise is highly likely; a fall is very likely not.\n",
                        key_judgments=[judgment("There is a realistic possibility of delay.",
                                                "realistic possibility")])
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    assert "warning: bluf: 'highly likely'" not in result.stderr
    assert "warning: bluf: 'very likely' is a term of the ICD 203, not of the UK Probability " \
        "Yardstick scale this memo uses\n    hint: say 'highly likely' (≈80–90%)" \
        in result.stderr
    pdf, word = words(project)
    for text in (pdf, word):
        assert "There is a realistic possibility (≈40–50%) of delay." in text
        assert "Likelihood (UK Probability Yardstick): remote chance ≈0–5%;" in text


@pytest.mark.slow
def test_scale_chosen_by_the_template_and_ranges_left_out(project):
    folder = project.root / "templates" / "house"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        "likelihood_scale: uk-yardstick\nlikelihood_ranges: false\n")
    spec = project.spec(template="house", key_judgments=[
        judgment("Delay is highly likely.", "highly likely")])
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    pdf, word = words(project)
    assert "Delay is highly likely. We have moderate confidence" in pdf
    assert "Delay is highly likely." in word and "(≈80–90%)" not in word


@pytest.mark.slow
def test_a_house_scale_in_the_project(project):
    scales = project.root / "scales"
    scales.mkdir()
    (scales / "house.yaml").write_text(
        "name: House\nterms:\n  - {term: doubtful, range: [0, 30]}\n"
        "  - {term: toss-up, range: [30, 70]}\n  - {term: expected, range: [70, 100]}\n"
        "confidence: {low: thin, moderate: fair, high: solid}\n")
    spec = project.spec(likelihood_scale="house",
                        key_judgments=[judgment("Delay is expected.", "expected")])
    result = project.run("build", spec)
    assert result.exit_code == 0, result.stderr
    pdf, _ = words(project)
    assert "Delay is expected (70–100%)." in pdf
    assert "Likelihood (House): doubtful 0–30%; toss-up 30–70%; expected 70–100%." in pdf
    assert "Confidence: high solid; moderate fair; low thin." in pdf


def test_unknown_scale_and_unknown_likelihood_are_errors(project):
    spec = project.spec(likelihood_scale="icd203",
                        key_judgments=[judgment("Delay.", "possible")])
    result = project.run("build", spec)
    assert result.exit_code == 1
    line = line_of(spec, "likelihood_scale:")
    assert result.stderr.startswith(
        f"memo.yaml:{line}:19: error: likelihood_scale: unknown likelihood scale 'icd203'; "
        f"did you mean 'icd-203'?\n    searched: scales, {BUILTIN_SCALES}\n")
    assert "hint: the scales available are: icd-203, uk-yardstick\n" in result.stderr
    fixed = project.spec(key_judgments=[judgment("Delay.", "possible")])
    result = project.run("build", fixed)
    line = line_of(fixed, "likelihood: possible")
    assert result.stderr == (
        f"memo.yaml:{line}:15: error: key_judgments[0].likelihood: 'possible' is not a term "
        "of the ICD 203 likelihood scale\n"
        "    hint: use one of: almost no chance, very unlikely, unlikely, roughly even chance, "
        "likely, very likely, almost certain (or choose another `likelihood_scale`)\n"
        "brief build: failed (1 problem); no files were written\n")
    assert not project.output.exists()


@pytest.mark.parametrize(("likelihood", "meant"), [
    # Misspelt: the term of the memo's scale it is spelt like.
    ("unlikly", "; did you mean 'unlikely'?"),
    ("Very Likley", "; did you mean 'very likely'?"),
    # A term of another scale: the memo's term whose range is nearest.
    ("highly likely", " but of the UK Probability Yardstick (≈80–90%); did you mean "
     "'very likely' (80–95%)?"),
    ("realistic possibility", " but of the UK Probability Yardstick (≈40–50%); did you mean "
     "'roughly even chance' (45–55%)?"),
    # No guess that would put a likelihood in the analyst's mouth.
    ("possible", ""),
    ("probably not", ""),
])
def test_an_unknown_likelihood_says_which_term_was_meant(project, likelihood, meant):
    spec = project.spec(key_judgments=[judgment("Delay.", likelihood)])
    result = project.run("check", spec)
    assert result.exit_code == 1
    line = line_of(spec, f"likelihood: {likelihood}")
    assert result.stderr == (
        f"memo.yaml:{line}:15: error: key_judgments[0].likelihood: '{likelihood}' is not a "
        f"term of the ICD 203 likelihood scale{meant}\n"
        "    hint: use one of: almost no chance, very unlikely, unlikely, roughly even chance, "
        "likely, very likely, almost certain (or choose another `likelihood_scale`)\n"
        "brief check: failed (1 problem)\n")


def test_a_yardstick_memo_points_at_the_yardstick_term(project):
    spec = project.spec(likelihood_scale="uk-yardstick",
                        key_judgments=[judgment("Delay.", "very likely")])
    result = project.run("check", spec)
    assert result.exit_code == 1
    assert ("error: key_judgments[0].likelihood: 'very likely' is not a term of the UK "
            "Probability Yardstick likelihood scale but of the ICD 203 (80–95%); did you mean "
            "'highly likely' (≈80–90%)?\n") in result.stderr


@pytest.mark.parametrize(("confidence", "message"), [
    ("certain", "expected one of low, moderate, high, found the text 'certain'"),
    ("hi", "expected one of low, moderate, high, found the text 'hi'; did you mean 'high'?"),
    ("High", "expected one of low, moderate, high, found the text 'High'; did you mean "
     "'high'?"),
    ("moderately", "expected one of low, moderate, high, found the text 'moderately'; did "
     "you mean 'moderate'?"),
    # Another word for a level, as UK and NATO products say it.
    ("medium", "expected one of low, moderate, high, found the text 'medium'; did you mean "
     "'moderate'?"),
])
def test_confidence_must_be_low_moderate_or_high(project, confidence, message):
    spec = project.spec(key_judgments=[judgment("Delay.", confidence=confidence)])
    result = project.run("check", spec)
    assert result.exit_code == 1
    line = line_of(spec, f"confidence: {confidence}")
    assert result.stderr == (f"memo.yaml:{line}:15: error: key_judgments[0].confidence: "
                             f"{message}\nbrief check: failed (1 problem)\n")


def test_the_grade_of_an_ungraded_sources_passage_is_a_dash_and_is_documented():
    assert grade(None, 3) == "–3" and grade("B", None) == "B" and grade(None, None) is None
    spec_md = (REPO / "docs" / "spec.md").read_text(encoding="utf-8")
    grading = spec_md.split("## Source grading")[1].split("\n## ")[0]
    assert "`Analyst 2022, ¶3 [–3]` (source ungraded, information possibly true)" in flat(
        grading)
