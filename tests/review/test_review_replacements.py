"""A reviewer's replacement (words selected and typed over: a deletion of the whole
selection and an insertion, as LibreOffice and Word record it) decided as one change and
reduced to the words it changes: a likelihood's range or a portion mark replaced is
reported, never written into the analyst's words beside it; a replacement running over
the end of a bold span keeps the bold where it was; the word diff and the column are the
changed word's. Real reviews, in LibreOffice (issue 23's trial)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reviews import AUTHOR, EXAMPLE, copy_example

from conftest import flat, lo_review, pdf_pages

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def build(project, *extra: str) -> Path:
    result = project.run("build", EXAMPLE, *extra)
    assert result.exit_code == 0, result.stderr
    return project.output / "belarus-2022.docx"


@pytest.fixture
def example(project) -> Path:
    return copy_example(project.root)


def position(text: str, words: str, at: str) -> str:
    """`line:column` of `at` inside the first `words` of the spec's text."""
    offset = text.index(words) + words.index(at)
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - text.rfind(chr(10), 0, offset)}"


def test_a_likelihood_range_or_portion_mark_replaced_is_reported_never_written(project,
                                                                                example):
    text = example.read_text(encoding="utf-8").replace(
        "\nmarking: ", "\nportion_marks: true\nmarking: ", 1)
    example.write_text(text, encoding="utf-8")
    before = example.read_bytes()
    file = lo_review(build(project, "-f", "docx"),
                     "replace:(80–95%)=>(85–95%)",
                     "replace:(TLP:AMBER) Belarusian troops are unlikely to=>"
                     "(TLP:GREEN) Belarusian troops are unlikely to",
                     author=AUTHOR, out=project.root / "reviews" / "reviewed.docx")
    result = project.run("review", EXAMPLE, file)
    assert result.exit_code == 3, result.stderr
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines)
              if line.startswith(f"{EXAMPLE}: likelihood_ranges: {AUTHOR}, "))
    assert lines[at].endswith(": reworded")
    assert lines[at + 1] == ("    (TLP:AMBER) Whether Belarus enters the war will very likely "
                             "[-(80–95%)-] {+(85–95%)+} be decided in Moscow, not in Minsk.")
    assert lines[at + 2] == (
        "    cannot be applied: brief writes these words: the range of the judgment's "
        "`likelihood` on the memo's scale, printed by the template's `likelihood_ranges`: "
        "change the judgment's `likelihood` to move it, or set `likelihood_ranges: false` "
        "in the template to leave ranges out")
    mark = next(n for n, line in enumerate(lines) if ": portion_marks: " in line)
    assert lines[mark + 1] == ("    [-(TLP:AMBER)-] {+(TLP:GREEN)+} Belarusian troops are "
                               "unlikely …")
    assert lines[mark + 2] == (
        "    cannot be applied: brief writes these words: the portion's marking, printed by "
        "`portion_marks` (the spec's, else the template's): change the portion's "
        "own `marking` (or the spec's `portion_marking`), or set `portion_marks: false` to "
        "leave marks out")
    # Neither is written into the analyst's words beside it.
    assert "(85–95%)" not in result.stdout.replace("{+(85–95%)+}", "")
    assert "can be applied;" not in result.stdout
    assert lines[-1] == ("reviews/reviewed.docx: 2 changes: 0 can be applied, 0 already in "
                         "the spec, 2 cannot be applied; 0 comments")
    applied = project.run("review", EXAMPLE, file, "--apply")
    assert applied.exit_code == 3, applied.stderr
    assert "wrote" not in applied.stdout
    assert example.read_bytes() == before
    assert not example.with_name("belarus-2022.yaml.bak").exists()


def test_a_replacement_over_a_bold_span_keeps_the_bold_and_reports_the_changed_words(
        project, example):
    import docx

    text = example.read_text(encoding="utf-8")
    file = lo_review(build(project, "-f", "docx"),
                     "replace:in the coming weeks, but=>in the next few weeks, but",
                     "replace:Moscow in statements=>Moscow clearly in statements",
                     "replace:ally.=>ally on its western flank.",
                     "replace:him extra=>him even more",
                     author=AUTHOR, out=project.root / "reviews" / "reviewed.docx")
    result = project.run("review", EXAMPLE, file)
    assert result.exit_code == 3, result.stderr  # the quotation's change cannot
    out = result.stdout
    lines = out.splitlines()

    def finding(key: str, words: str, at: str) -> list[str]:
        head = f"{EXAMPLE}:{position(text, words, at)}: {key}: {AUTHOR}, "
        found = [n for n, line in enumerate(lines) if line.startswith(head)]
        assert found, (head, out)
        return lines[found[0]:found[0] + 3]

    bluf = finding("bluf", "in the coming weeks", "coming")
    assert bluf[0].endswith(": reworded")
    assert bluf[1] == ("    Belarusian troops are unlikely to enter the war in the [-coming-] "
                       "{+next few+} weeks, but the decision …")
    point = finding("sections[4].points[0].text", "Moscow** in statements", "**")
    assert point[0].endswith(": words inserted")
    assert point[1] == ("    Differentiate between Minsk and Moscow {+clearly+} in statements, "
                        "sanctions and …")
    ally = finding("sections[1].points[2].text", "ally. A destabilised", ".")
    assert ally[0].endswith(": words inserted")
    assert ally[1] == ("    To keep control of a stable ally{+ on its western flank+}. "
                       "A destabilised Belarus …")
    quote = finding("key_judgments[0].passages[0]", "him extra unpopular", "extra")
    assert quote[1] == ("    Sending Belarusian troops to battle in opposition to Ukraine will "
                        "make him [-extra-] {+even more+} unpopular in Belarus")

    applied = project.run("review", EXAMPLE, file, "--apply", "--no-backup")
    assert applied.exit_code == 3, applied.stderr
    spec = example.read_text(encoding="utf-8")
    assert "**unlikely to enter the war in the next few weeks**, but the decision" in spec
    assert "**Differentiate between Minsk and Moscow** clearly in statements" in spec
    assert "stable ally on its western flank. A destabilised" in spec
    # Only those three values changed.
    changed = [(a, b) for a, b in zip(text.splitlines(), spec.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 3, changed

    rebuilt = build(project)
    bold = [r.text for p in docx.Document(str(rebuilt)).paragraphs for r in p.runs if r.bold]
    assert "unlikely to enter the war in the next few weeks" in bold
    assert "Differentiate between Minsk and Moscow" in bold
    assert not any("clearly" in b or ", but" in b for b in bold)
    pdf = flat(" ".join(pdf_pages(project.output / "belarus-2022.pdf")))
    assert "unlikely to enter the war in the next few weeks, but the decision" in pdf
    assert "Differentiate between Minsk and Moscow clearly in statements" in pdf


def test_a_heading_number_replaced_is_reported_and_the_title_beside_it_kept(project, example):
    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    settings = project.root / "templates" / "ours" / "template.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nnumbered_headings: true\n",
                        encoding="utf-8")
    example.write_text(example.read_text(encoding="utf-8").replace(
        "\nmarking: ", "\ntemplate: ours\nmarking: ", 1), encoding="utf-8")
    file = lo_review(build(project, "-f", "docx"), "replace:2. Risk=>Two. Risk",
                     "replace:5. Options=>5. Choices",
                     author=AUTHOR, out=project.root / "reviews" / "reviewed.docx")
    result = project.run("review", EXAMPLE, file, "--apply", "--no-backup")
    assert result.exit_code == 3, result.stderr
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines)
              if line.startswith(f"{EXAMPLE}: numbered_headings: {AUTHOR}, "))
    assert lines[at + 1:at + 3] == [
        "    [-2.-] {+Two.+} Risk factors",
        "    cannot be applied: brief writes these words: numbered by the template's "
        "`numbered_headings`"]
    assert "    5. [-Options-] {+Choices+}" in lines
    spec = example.read_text(encoding="utf-8")
    assert "title: Risk factors" in spec and "title: Choices" in spec
    assert "Two." not in spec
