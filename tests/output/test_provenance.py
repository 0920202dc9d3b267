"""The build manifest, and `brief verify` catching sources that changed after the build."""

from __future__ import annotations

import hashlib
import json

import pytest

pytestmark = pytest.mark.e2e


def built(project):
    spec = project.spec()
    assert project.run("build", spec).exit_code == 0
    return project.output / "memo.json"


@pytest.mark.slow
def test_manifest_records_sources_passages_and_outputs(project):
    manifest = json.loads(built(project).read_text(encoding="utf-8"))
    assert manifest["tool"]["name"] == "brief"
    gazette = manifest["sources"]["gazette"]
    raw = (project.root / "sources" / "quirks.txt").read_bytes()
    assert gazette["sha256"] == hashlib.sha256(raw).hexdigest()
    assert gazette["format"] == "text"
    assert gazette["metadata"]["title"] == "The Quirks Gazette"
    first = manifest["passages"][0]
    assert first["key"] == ["sections", 0, "points", 0, "passages", 0]
    assert first["selector"] == {"source": "gazette", "quote": "its costs were not known"}
    assert first["paragraphs"] == [4, 4]
    assert first["text"] == ["its costs were not known"]
    paragraph = "Critics argued that the plan was rushed. Critics argued that the plan was " \
        "rushed, and that its costs were not known."
    assert paragraph[first["start"]:first["end"]] == "its costs were not known"
    for name in ("memo.pdf", "memo.docx"):
        content = (project.output / name).read_bytes()
        assert manifest["outputs"][name] == hashlib.sha256(content).hexdigest()


@pytest.mark.slow
def test_verify_unchanged_sources(project):
    manifest = built(project)
    result = project.run("verify", manifest)
    assert result.exit_code == 0
    assert result.stdout == "output/memo.json: OK, 3 passages still match their sources\n"


@pytest.mark.slow
def test_verify_of_one_passage_says_it_in_the_singular(project):
    spec = project.spec(sections=[{"title": "Risks", "kind": "risks", "points": [
        {"text": "Costs are unknown.",
         "passages": [{"source": "gazette", "quote": "its costs were not known"}]}]}])
    assert project.run("build", spec).exit_code == 0
    result = project.run("verify", project.output / "memo.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "output/memo.json: OK, 1 passage still matches its source\n"


@pytest.mark.slow
def test_verify_catches_a_source_changed_after_the_build(project):
    manifest = built(project)
    source = project.root / "sources" / "quirks.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "its costs were not known", "its costs were well known"), encoding="utf-8")
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "output/memo.json: sources changed since the build: 'gazette'"
    assert lines[1] == (
        "memo.yaml:31: error: sections[0].points[0].passages[0].quote: quote not found in "
        "source 'gazette' (quirks.txt)")
    assert '    diff:    its costs were [-not-] {+well+} known' in lines
    assert lines[-1] == "brief verify: failed (2 problems)"
    # The whole paragraph cited by number changed too.
    assert any("the text at ¶4 changed" in line for line in lines)


@pytest.mark.slow
def test_verify_catches_a_paragraph_that_moved(project):
    manifest = built(project)
    source = project.root / "sources" / "one-per-line.txt"
    source.write_text("A new first line.\n" + source.read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    # Where the text went, and the selector that picks it again (not "the text changed").
    lines = result.stderr.splitlines()
    passage = (project.root / "memo.yaml").read_text().splitlines().index(
        "    - source: lines") + 1
    at = lines.index(
        f"memo.yaml:{passage}: error: sections[2].points[0].passages[0].paragraphs: the text at "
        "¶1–2 has moved to ¶2–3: `paragraphs: 1-2` now selects other text; write "
        "`paragraphs: 2-3` to select it again")
    assert lines[at + 1:at + 3] == [
        '    was:     "First line paragraph about Minsk. / Second line paragraph about '
        'Moscow."',
        "    hint: run `brief sources sources/one-per-line.txt` to see the numbered "
        "paragraphs"]
    assert "changed: was" not in result.stderr
    # Written as it says, the passage verifies again after a build.
    spec = project.root / "memo.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("paragraphs: 1-2",
                                                             "paragraphs: 2-3"),
                    encoding="utf-8")
    assert project.run("build", spec).exit_code == 0
    assert project.run("verify", manifest).exit_code == 0


@pytest.mark.slow
def test_verify_a_quoted_passage_that_moved_says_to_build_again(project):
    manifest = built(project)
    source = project.root / "sources" / "quirks.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Critics argued", "A new paragraph.\n\nCritics argued", 1),
                      encoding="utf-8")
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert ("error: sections[0].points[0].passages[0]: the passage moved from ¶4 to ¶5: its "
            "citation is out of date; build again to cite it at ¶5") in result.stderr


@pytest.mark.slow
def test_verify_catches_a_paragraph_an_unchanged_source_now_reads_otherwise(project):
    """The file is byte for byte the same, but the manifest was written by a brief that
    read its paragraphs otherwise (as a newer brief mends a PDF's paragraph split in
    two): verify says so, not OK."""
    manifest = built(project)
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    entry = next(p for p in recorded["passages"] if p["key"] == ["sections", 2, "points", 0,
                                                                 "passages", 0])
    entry["text"] = ["First line paragraph about Minsk, split", "in two."]
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert "error: sections[2].points[0].passages[0]: the text at ¶1–2 changed: was " \
        '"First line paragraph about Minsk, split / in two.", now "First line paragraph ' \
        'about Minsk. / Second line paragraph about Moscow." (the source\'s file is the same ' \
        "as at the build: this brief reads it otherwise)" in result.stderr


@pytest.mark.slow
def test_verify_a_paragraph_whose_text_changed_in_place_has_not_moved(project):
    """Text that reads as before only once its spaces are folded is where it was: no
    "moved to" the paragraph it is at."""
    manifest = built(project)
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    entry = next(p for p in recorded["passages"] if p["key"] == ["sections", 2, "points", 0,
                                                                 "passages", 0])
    entry["text"] = ["First  line paragraph about Minsk.", "Second line paragraph about Moscow."]
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert "error: sections[2].points[0].passages[0]: the text at ¶1–2 changed" in result.stderr
    assert "moved" not in result.stderr


@pytest.mark.slow
def test_verify_a_source_that_is_gone(project):
    manifest = built(project)
    (project.root / "sources" / "one-per-line.txt").unlink()
    result = project.run("verify", manifest)
    assert result.exit_code == 1
    assert "error: sections[2].points[0].passages[0].source: source file not found: " \
        in result.stderr


def test_verify_something_that_is_not_a_manifest(project):
    (project.root / "notes.json").write_text("[1, 2")
    result = project.run("verify", "notes.json")
    assert result.exit_code == 1
    assert result.stderr == ("notes.json:1: error: not a build manifest: notes.json is not "
                             "JSON\nbrief verify: failed (1 problem)\n")


def test_a_release_no_longer_listed_leaves_no_files(project):
    # Built with its release, by a build of that release alone (as the preview does);
    # the spec then lists none: the next build removes the release's files.
    from red_memo import red_memo

    red_memo(project)
    assert project.run("build", "memo.yaml").exit_code == 0
    assert project.run("build", "memo.yaml", "--release", "TLP:CLEAR",
                       "--force").exit_code == 0
    assert "memo-TLP-CLEAR.pdf" in project.files()
    red_memo(project, releases=[])
    result = project.run("build", "memo.yaml")
    assert result.exit_code == 0, result.stderr
    assert sorted(project.files()) == ["memo.docx", "memo.json", "memo.pdf"]


def test_a_build_of_the_memo_alone_keeps_the_releases_still_listed(project):
    from red_memo import red_memo

    red_memo(project)
    assert project.run("build", "memo.yaml").exit_code == 0
    assert project.run("build", "memo.yaml", "--main-only", "--force").exit_code == 0
    assert "memo-TLP-CLEAR.pdf" in project.files()
