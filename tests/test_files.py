"""The files a build reads: only regular files within their size limits, only inside the
project, and a template only its own. A file outside the project holds a canary: it must
appear in no message and no output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import attacks
from conftest import Project

pytestmark = pytest.mark.e2e

CANARY = "CANARY-7f3a outside the project: nobody may read this"


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder beside the project, holding a text, a stylesheet, a scale and an image."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.txt").write_text(f"{CANARY}.\n\nAnd a second paragraph.\n",
                                       encoding="utf-8")
    (folder / "secret.css").write_text(f'body::before {{ content: "{CANARY}"; }}\n')
    (folder / "secret.yaml").write_text(
        f"name: {CANARY}\nterms:\n  - {{term: {CANARY}, range: [0, 100]}}\n"
        "confidence: {low: a, moderate: b, high: c}\n")
    return folder


def assert_unread(project: Project, result) -> None:
    """Nothing written, and the canary in no message."""
    assert result.exit_code == 1
    assert CANARY not in result.stdout + result.stderr
    assert not project.output.exists()


def cite(project: Project, file: str) -> Path:
    return project.spec(sources={"gazette": {"file": file}})


@pytest.mark.parametrize("how", ["relative", "absolute", "link"])
def test_a_source_outside_the_project_is_refused_unread(project, outside, how):
    target = outside / "secret.txt"
    if how == "link":
        os.symlink(target, project.root / "sources" / "innocent.txt")
        file = "sources/innocent.txt"
    else:
        file = str(target) if how == "absolute" else os.path.relpath(target, project.root)
    result = project.run("build", cite(project, file))
    assert_unread(project, result)
    line = next(n for n, text in enumerate(cite(project, file).read_text().splitlines(), 1)
                if text.strip().startswith("file:") and file.split("/")[-1] in text)
    assert result.stderr.startswith(
        f"memo.yaml:{line}:11: error: sources.gazette.file: the source file {file} is outside "
        f"the project ({project.root}): brief reads only files inside it\n"
        "    hint: copy the file into the project (its sources/ folder, say), or name a wider "
        "project with --root\n")


def test_root_names_a_wider_project(project, outside):
    target = outside / "secret.txt"
    spec = cite(project, os.path.relpath(target, project.root))
    result = project.run("check", spec, "--root", str(outside.parent))
    assert result.exit_code == 1  # read now: the passages of the spec are not in it
    assert "quote not found in source 'gazette' (secret.txt)" in result.stderr


def test_a_link_inside_the_project_is_followed(project):
    os.symlink(project.root / "sources" / "quirks.txt", project.root / "sources" / "same.txt")
    result = project.run("check", cite(project, "sources/same.txt"))
    assert result.exit_code == 0, result.stderr


def test_a_folder_as_a_source(project):
    result = project.run("check", cite(project, "sources"))
    assert "error: sources.gazette.file: source file is a folder, not a file: sources\n" \
        in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(("maker", "message"), [
    (attacks.fifo, "source file is a named pipe, not a file: sources/pipe.txt"),
    (attacks.huge_text, "sources/huge.txt is 2048 MB, more than the 50 MB brief allows for "
     "a source file"),
    (attacks.docx_zip_bomb, "the Word file bomb.docx unpacks to 2048 MB, more than the 200 MB "
     "brief allows for the unpacked contents of a Word file or a PDF"),
    (attacks.docx_lying_zip_bomb, "the Word file bomb.docx is not a readable Word file: Bad "
     "CRC-32 for file 'word/document.xml'"),
    (attacks.pdf_flate_bomb, "the PDF bomb.pdf (1 MB) unpacks to more than 40.5 MB: more than "
     "a real PDF of its size needs"),
    (attacks.pdf_operator_bomb, "the PDF bomb.pdf (20 KB) unpacks to more than 4 MB: more than "
     "a real PDF of its size needs"),
    (attacks.pdf_self_length, "the PDF loop.pdf cannot be read: its structure refers to "
     "itself, or nests too deep"),
])
def test_a_source_that_is_no_file_too_large_or_a_bomb_is_refused_at_once(project, maker,
                                                                          message):
    spec = maker(project.root)
    result = project.run("build", spec)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"memo.yaml:3:15: error: sources.src.file: {message}\n")
    assert not project.output.exists()


def test_an_unpacked_limit_that_is_raised_reads_the_file(project, monkeypatch):
    spec = attacks.pdf_padded(project.root)
    assert "padded.pdf (5 KB) unpacks to more than 4 MB" in project.run("check", spec).stderr
    monkeypatch.setenv("BRIEF_MAX_UNPACKED_SIZE", "20MB")
    result = project.run("sources", "sources/padded.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("¶1   (p. 1, ¶1) A padded page says hello.\n")


def test_a_scale_outside_the_project_is_refused(project, outside):
    result = project.run("check", project.spec(likelihood_scale="../secret"))
    assert_unread(project, result)
    assert "error: likelihood_scale: '../secret' cannot name a likelihood scale: a scale is " \
        "named by its file's name in scales/, without .yaml\n" in result.stderr
    (project.root / "scales").mkdir()
    os.symlink(outside / "secret.yaml", project.root / "scales" / "house.yaml")
    result = project.run("check", project.spec(likelihood_scale="house"))
    assert_unread(project, result)
    assert "error: likelihood_scale: the likelihood scale scales/house.yaml is outside the " \
        "project: brief reads only files inside it\n" in result.stderr


def test_a_template_reads_only_its_own_files(project, outside):
    folder = project.template("linked", files=("document.html.j2",))
    os.symlink(outside / "secret.css", folder / "style.css")
    result = project.run("build", project.spec(template="linked"))
    assert_unread(project, result)
    assert result.stderr.startswith(
        "templates/linked/template.yaml: error: template 'linked' uses style.css, which lies "
        "outside its folder templates/linked: a template reads only its own files\n")


@pytest.mark.slow
@pytest.mark.parametrize("markup", [
    '<img src="file://{secret}">',
    '<a rel="attachment" href="file://{secret}">notes</a>',
    '<style>body {{ background: url("file://{secret}"); }}</style>',
])
def test_a_template_that_reaches_for_an_outside_file_is_refused(project, outside, markup):
    folder = project.template("reaching", files=("document.html.j2",))
    layout = folder / "document.html.j2"
    layout.write_text(layout.read_text().replace(
        "</body>", markup.format(secret=outside / "secret.txt") + "\n</body>"))
    result = project.run("build", project.spec(template="reaching"), "--format", "pdf")
    assert_unread(project, result)
    assert result.stderr.startswith(
        f"templates/reaching/document.html.j2: error: the template refers to "
        f"file://{outside / 'secret.txt'}, which is not a file of the template: a template "
        "reads only its own files\n")


def test_a_template_include_out_of_its_folder_is_refused(project):
    folder = project.template("including", files=("document.html.j2",))
    layout = folder / "document.html.j2"
    layout.write_text(layout.read_text().replace("</body>", "{% include '../../memo.yaml' %}"
                                                 "\n</body>"))
    result = project.run("build", project.spec(template="including"), "--format", "pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/including/template.yaml: error: template 'including' uses ../../memo.yaml, "
        "which lies outside its folder templates/including: a template reads only its own "
        "files\n")
    assert "internal error" not in result.stderr


def test_a_template_cannot_reach_python_through_jinja(project):
    folder = project.template("sly", files=("document.html.j2",))
    layout = folder / "document.html.j2"
    layout.write_text(layout.read_text().replace(
        "</body>", "{{ briefing.__class__.__mro__[1].__subclasses__() }}\n</body>"))
    result = project.run("build", project.spec(template="sly"), "--format", "pdf")
    assert result.exit_code == 1
    assert "error: the template reaches for something a memo's layout may not use: access " \
        "to attribute '__class__' of 'Briefing' object is unsafe." in result.stderr


def test_a_logo_that_links_out_of_its_template_is_refused(project, outside):
    (outside / "logo.png").write_bytes(b"\x89PNG not really")
    folder = project.template("logo", 'style: {logo: "logo.png"}\n')
    os.symlink(outside / "logo.png", folder / "logo.png")
    result = project.run("check", project.spec(template="logo"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "templates/logo/template.yaml:2:15: error: style.logo: the logo logo.png lies outside "
        "the template's folder (it is a link): a template reads only its own files\n")


def test_a_template_outside_the_project_is_refused(project, outside):
    (outside / "house").mkdir()
    (outside / "house" / "template.yaml").write_text("name: house\n")
    result = project.run("check", project.spec(template=str(outside / "house")))
    assert result.exit_code == 1
    assert f"error: template: the template {outside / 'house'} is outside the project " \
        f"({project.root}): brief reads only files inside it\n" in result.stderr


def test_verify_reads_no_source_outside_the_project(project, outside):
    assert project.run("build", project.spec(), "--format", "docx").exit_code == 0
    manifest = project.output / "memo.json"
    manifest.write_text(manifest.read_text().replace(
        '"file": "sources/quirks.txt"', f'"file": "{outside / "secret.txt"}"'))
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert CANARY not in result.stdout + result.stderr
    assert f"the source file {outside / 'secret.txt'} is outside the project" in result.stderr


def test_verify_of_a_damaged_manifest_says_what_is_wrong(project):
    assert project.run("build", project.spec(), "--format", "docx").exit_code == 0
    manifest = project.output / "memo.json"
    manifest.write_text(manifest.read_text().replace('"selector": {', '"selector": {"x": [],',
                                                     1))
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert result.stderr == (
        "output/memo.json: error: passages[0].selector: the build manifest output/memo.json "
        "is damaged: `passages[0].selector` is not a passage selector\n"
        "    hint: build the spec again to make a new manifest\n"
        "brief verify: failed (1 problem)\n")


@pytest.mark.parametrize("key", ["template", "likelihood_scale"])
def test_a_name_too_long_for_the_file_system_is_an_unknown_name(project, key):
    result = project.run("check", project.spec(**{key: "x" * 400}))
    assert result.exit_code == 1
    what = "template" if key == "template" else "likelihood scale"
    assert f"error: {key}: unknown {what} '{'x' * 400}'" in result.stderr
    assert "internal error" not in result.stderr
