"""Freshness that cannot lie: a build is skipped only when nothing it could read has
changed: the files it read, what the folders along the search path hold (present and
absent files alike), brief's own code, the libraries that draw the memo and the fonts.
And the manifest gives its paths from the project's folder, so that a project moved or
shared still verifies."""

from __future__ import annotations

import json
import shutil

import pytest

from brief import freshness
from brief.templates import BUILTIN_FOLDER
from conftest import docx_paragraphs, pdf_pages

pytestmark = pytest.mark.e2e

UNCHANGED = "memo.yaml: unchanged since output/memo.json; not built again (--force rebuilds)\n"


def pdf_text(path) -> str:
    return "\n".join(pdf_pages(path))


def built(result) -> bool:
    assert result.exit_code == 0, result.stderr
    return "wrote output/memo.pdf" in result.stdout


@pytest.mark.slow
def test_a_style_css_added_to_a_template_folder_rebuilds_and_the_pdf_shows_it(project):
    project.template("house")  # template.yaml alone: the rest is the built-in memo's
    spec = project.spec(template="house")
    assert built(project.run("build", spec))
    assert project.run("build", spec).stdout == UNCHANGED
    assert "House style of 2026" not in pdf_text(project.output / "memo.pdf")
    css = (BUILTIN_FOLDER / "memo" / "style.css").read_text(encoding="utf-8")
    (project.root / "templates" / "house" / "style.css").write_text(
        css + '\n.bluf-section::before { content: "House style of 2026"; }\n', encoding="utf-8")
    assert built(project.run("build", spec))
    assert "House style of 2026" in pdf_text(project.output / "memo.pdf")
    assert project.run("build", spec).stdout == UNCHANGED


@pytest.mark.slow
def test_a_reference_docx_added_to_a_template_folder_rebuilds(project):
    project.template("house")
    spec = project.spec(template="house")
    assert built(project.run("build", spec))
    before = project.files()["memo.docx"]
    shutil.copy(BUILTIN_FOLDER / "memo" / "reference.docx",
                project.root / "templates" / "house" / "reference.docx")
    assert built(project.run("build", spec))
    assert project.run("build", spec).stdout == UNCHANGED
    # Taken out again: the template falls back on the built-in's, and is built again.
    (project.root / "templates" / "house" / "reference.docx").unlink()
    assert built(project.run("build", spec))
    assert project.files()["memo.docx"] == before
    assert any(text == "Test memo" for _, text in docx_paragraphs(project.output / "memo.docx"))


@pytest.mark.slow
def test_a_template_added_to_the_projects_folder_rebuilds_a_spec_in_briefings(project):
    """The spec in briefings/ finds templates beside it, then in the project's templates/:
    a template that appears in either, where there was none, changes the memo."""
    (project.root / "briefings").mkdir()
    spec = project.spec("briefings/memo", **{"sources": {
        "gazette": {"file": "../sources/quirks.txt"},
        "lines": {"file": "../sources/one-per-line.txt"}}})
    assert built(project.run("build", spec))
    assert project.run("build", spec).stdout == \
        UNCHANGED.replace("memo.yaml", "briefings/memo.yaml")
    css = (BUILTIN_FOLDER / "memo" / "style.css").read_text(encoding="utf-8")
    house = project.template("memo")  # the project's own memo template: it wins
    (house / "style.css").write_text(
        css + '\n.bluf-section::before { content: "The project\'s memo"; }\n', encoding="utf-8")
    assert built(project.run("build", spec))
    assert "The project's memo" in pdf_text(project.output / "memo.pdf")


@pytest.mark.slow
@pytest.mark.parametrize(("key", "value"), [
    ("code", "0" * 64),  # another brief with the same version number
    ("libraries", {"weasyprint": "69.0"}),  # over the versions installed
    ("fonts", "0" * 64),  # a font installed, removed or updated
    ("brief", "0.0.1"),
])
def test_a_build_with_other_code_libraries_or_fonts_is_built_again(project, key, value):
    spec = project.spec()
    assert built(project.run("build", spec))
    manifest_path = project.output / "memo.json"
    manifest = json.loads(manifest_path.read_bytes())
    assert manifest["inputs"][key] == {
        "code": freshness.code_fingerprint(), "libraries": freshness.library_versions(),
        "fonts": freshness.fonts_fingerprint(), "brief": freshness.__version__}[key]
    manifest["inputs"][key] = {**manifest["inputs"][key], **value} if key == "libraries" \
        else value
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert built(project.run("build", spec))
    assert project.run("build", spec).stdout == UNCHANGED


def test_the_code_fingerprint_changes_with_any_file_of_brief(tmp_path, monkeypatch):
    (tmp_path / "render").mkdir()
    (tmp_path / "render" / "style.css").write_text("p { }\n", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    monkeypatch.setattr(freshness, "BRIEF_CODE", tmp_path)
    fingerprint = freshness.code_fingerprint.__wrapped__
    first = fingerprint()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"compiled")  # not brief's code
    assert fingerprint() == first
    (tmp_path / "render" / "style.css").write_text("p { color: red }\n", encoding="utf-8")
    second = fingerprint()
    assert second != first
    (tmp_path / "render" / "new.py").write_text("", encoding="utf-8")
    assert fingerprint() not in (first, second)


def test_the_libraries_are_read_without_importing_them():
    versions = freshness.library_versions()
    assert set(versions) == set(freshness.LIBRARIES)
    import docx
    import weasyprint

    assert versions["weasyprint"] == weasyprint.__version__
    assert versions["python_docx"] == docx.__version__
    assert freshness.fonts_fingerprint() is not None  # fontconfig answers on this machine


@pytest.mark.slow
def test_the_unchanged_line_names_the_memos_own_manifest_not_a_releases(project):
    """And a release's files left from an earlier build are not taken for the memo's."""
    spec = project.spec(marking="TLP:AMBER", portion_marking="TLP:GREEN",
                        releases=[{"marking": "TLP:GREEN"}])
    assert project.run("build", spec).exit_code == 0
    assert "memo-TLP-GREEN.json" in project.files()  # sorted before memo.json
    assert project.run("build", spec).stdout == UNCHANGED
    # A release taken out of the spec: its files go with the next build (they are not
    # taken for the memo's), and the memo is up to date once built again.
    project.spec(marking="TLP:AMBER", portion_marking="TLP:GREEN")
    assert built(project.run("build", spec))
    assert "memo-TLP-GREEN.json" not in project.files()
    assert project.run("build", spec).stdout == UNCHANGED
    # Only the release asked for: its own manifest says it is up to date.
    project.spec(marking="TLP:AMBER", portion_marking="TLP:GREEN",
                 releases=[{"marking": "TLP:GREEN"}])
    assert project.run("build", spec, "--release", "TLP:GREEN").exit_code == 0
    assert project.run("build", spec, "--release", "TLP:GREEN").stdout == \
        UNCHANGED.replace("memo.json", "memo-TLP-GREEN.json")


# --- the manifest's paths, from the project's folder ----------------------------------------

@pytest.mark.slow
def test_a_project_moved_elsewhere_still_verifies_and_builds(project, tmp_path, monkeypatch):
    spec = project.spec()
    assert built(project.run("build", spec))
    manifest = json.loads((project.output / "memo.json").read_bytes())
    text = (project.output / "memo.json").read_text(encoding="utf-8")
    assert str(project.root) not in text  # no path of the analyst's machine is given
    assert manifest["project"] == ".."
    assert manifest["spec"]["path"] == "memo.yaml"
    assert manifest["sources"]["gazette"]["path"] == "sources/quirks.txt"

    moved = tmp_path / "shared" / "copy"
    shutil.copytree(project.root, moved)
    shutil.rmtree(project.root / "sources")  # the original is gone
    monkeypatch.chdir(moved)
    verified = project.run("verify", "output/memo.json")
    assert verified.exit_code == 0, verified.stderr
    assert verified.stdout == "output/memo.json: OK, 3 passages still match their sources\n"
    assert project.run("build", "memo.yaml").stdout == UNCHANGED
    # A source changed in the copy is found there, and the drift put at the copy's spec.
    quirks = moved / "sources" / "quirks.txt"
    quirks.write_bytes(quirks.read_bytes().replace(b"its costs were not known",
                                                   b"its costs were known"))
    drifted = project.run("verify", "output/memo.json")
    assert drifted.exit_code == 1
    assert drifted.stderr.startswith("output/memo.json: sources changed since the build: "
                                     "'gazette'\nmemo.yaml:")
    # Verified from elsewhere, with the project named by --root.
    monkeypatch.chdir(tmp_path)
    assert project.run("verify", "shared/copy/output/memo.json", "--root",
                       "shared/copy").exit_code == 1
    # The manifest alone, moved away from its project: said once, with what to do.
    (tmp_path / "away").mkdir()
    shutil.move(moved / "output", tmp_path / "away" / "output")
    lost = project.run("verify", "away/output/memo.json")
    assert lost.exit_code == 1
    assert lost.stderr == (
        "away/output/memo.json: error: spec.path: the spec away/memo.yaml is not there: the "
        "project has moved since the build (or the manifest has), or the spec was taken "
        "away\n"
        "    hint: name the project's folder with --root\n"
        "brief verify: failed (1 problem)\n")
    found = project.run("verify", "away/output/memo.json", "--root", "shared/copy")
    assert found.stderr.startswith("away/output/memo.json: sources changed since the build")


@pytest.mark.slow
def test_a_manifest_of_an_earlier_brief_with_absolute_paths_is_still_read(project):
    spec = project.spec()
    assert built(project.run("build", spec))
    manifest_path = project.output / "memo.json"
    manifest = json.loads(manifest_path.read_bytes())
    root = project.root.resolve()
    del manifest["project"]
    manifest["spec"]["path"] = str(root / "memo.yaml")
    for source in manifest["sources"].values():
        source["path"] = str(root / source["path"])
    inputs = manifest["inputs"]
    for key in ("files", "folders", "trees"):
        inputs[key] = {str(root / path): value for path, value in inputs[key].items()}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    verified = project.run("verify", manifest_path)
    assert verified.exit_code == 0, verified.stderr
    assert project.run("build", spec).stdout == UNCHANGED
    (project.root / "templates").mkdir()  # a folder along the search path appears: empty
    assert project.run("build", spec).stdout == UNCHANGED
    project.template("other")  # a template appears beside the spec
    assert built(project.run("build", spec))


@pytest.mark.slow
@pytest.mark.parametrize("damage", [
    {"inputs": {"files": {"sources/\u0000quirks.txt": "0" * 64}}},
    {"inputs": {"folders": {"\u0000": []}, "trees": ["not", "a", "mapping"]}},
    {"project": 5},
    {"project": "\u0000"},
    {"spec": {"path": "\u0000memo.yaml"}},
])
def test_a_damaged_manifest_in_the_output_folder_is_built_over(project, damage):
    spec = project.spec()
    assert built(project.run("build", spec))
    manifest_path = project.output / "memo.json"
    manifest = json.loads(manifest_path.read_bytes())
    for key, value in damage.items():
        if isinstance(value, dict):
            for inner, part in value.items():
                manifest[key][inner] = part
        else:
            manifest[key] = value
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = project.run("build", spec)
    assert built(result)
    assert "internal error" not in result.stderr
    assert project.run("build", spec).stdout == UNCHANGED
