"""`brief templates list | new | check`, and font warnings at build."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_list_shows_builtin_and_project_templates(project):
    assert project.run("templates", "new", "ours").exit_code == 0
    result = project.run("templates", "list")
    assert result.exit_code == 0
    rows = [re.split(r"\s{2,}", line) for line in result.stdout.splitlines()]
    assert [row[:2] for row in rows] == [
        ["ours", "templates/ours"], ["briefing-note", "built in"], ["memo", "built in"],
        ["one-pager", "built in"]]


def test_new_copies_a_complete_template_and_renames_it(project):
    result = project.run("templates", "new", "ours", "--from", "memo")
    assert result.exit_code == 0
    assert result.stdout.startswith("created templates/ours from 'memo': ")
    folder = project.root / "templates" / "ours"
    assert sorted(p.name for p in folder.iterdir()) == [
        "document.html.j2", "reference.docx", "style.css", "template.yaml"]
    assert "name: ours\n" in (folder / "template.yaml").read_text(encoding="utf-8")
    again = project.run("templates", "new", "ours")
    assert again.exit_code == 1
    assert again.stderr == (
        "templates/ours: error: templates/ours already exists\n"
        "    hint: choose another name, or edit the template that is there\n"
        "brief templates new: failed (1 problem)\n")


@pytest.mark.slow
def test_check_a_good_template(project):
    project.run("templates", "new", "ours")
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "template 'ours' (templates/ours): OK\n"


def test_check_reports_every_problem(project):
    project.run("templates", "new", "ours")
    folder = project.root / "templates" / "ours"
    settings = folder / "template.yaml"
    settings.write_text(settings.read_text().replace("#  body_font: DejaVu Sans",
                                                     "  body_font: No Such Font"))
    page = folder / "document.html.j2"
    page.write_text(page.read_text().replace("{{ briefing.title }}</h1>",
                                             "{{ briefing.headline }}</h1>"))
    result = project.run("templates", "check", "ours")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/ours/template.yaml: error: font 'No Such Font' (body_font) is not "
        "installed\n    hint: install it (or list its .ttf or .otf file under `fonts:` in "
        "template.yaml), or name a font this machine has; the PDF uses DejaVu Sans instead\n")
    assert "error: template uses an undefined value: 'brief.model.Briefing object' has no " \
        "attribute 'headline'" in result.stderr
    assert result.stderr.endswith("brief templates check: failed (2 problems)\n")


@pytest.mark.slow
def test_missing_font_warns_at_build_and_fails_with_strict(project):
    project.run("templates", "new", "ours")
    settings = project.root / "templates" / "ours" / "template.yaml"
    settings.write_text(settings.read_text().replace("#  heading_font: DejaVu Sans",
                                                     "  heading_font: No Such Font"))
    spec = project.spec(template="ours")
    result = project.run("build", spec, "--format", "pdf")
    assert result.exit_code == 0
    assert "templates/ours/template.yaml: warning: font 'No Such Font' (heading_font) is " \
        "not installed" in result.stderr
    strict = project.run("build", spec, "--strict")
    assert strict.exit_code == 1
    assert "templates/ours/template.yaml: error: font 'No Such Font'" in strict.stderr


def test_a_copy_of_the_memo_cites_in_the_text_in_an_author_date_style(project):
    from brief.templates import find_template

    assert project.run("templates", "new", "ours", "--from", "memo").exit_code == 0
    settings = project.root / "templates" / "ours" / "template.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "\n# citation_style: chicago-note-bibliography\n" in text  # the choices, shown
    assert "\ncitations:" not in text  # left to the built-in memo's footnotes

    def citations(style: str) -> str:
        settings.write_text(text + f"citation_style: {style}\n", encoding="utf-8")
        return find_template("ours", project.root, project.root).citations

    assert citations("apa") == "inline"
    assert citations("chicago-note-bibliography") == "footnotes"
    assert citations("brief") == "footnotes"
