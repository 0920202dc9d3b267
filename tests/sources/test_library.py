"""The project's source library (sources.yaml): a spec cites its sources by id, lays its
own keys over them, and is told at the right line where an id is in neither."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from brief.spec import read_spec
from conftest import REPO, Project, docx_footnotes, flat, pdf_pages

LIBRARY = """\
# The project's sources, each once.
gazette-2024:
  file: sources/quirks.txt
  title: The Quirks Gazette
  authors: [Ann Example]
  publisher: Gazette
  date: 2024-04-30
  reliability: B
  assessment: A local paper, usually right.
lines-2023:
  file: sources/one-per-line.txt
  title: Lines
  authors: [Bo One, Cy Two]
  date: 2023
  reliability: D
"""


def library_spec(project: Project, name: str = "memo", **overrides: object) -> Path:
    """The minimal spec, citing the library's ids and giving no `sources`."""
    data = yaml.safe_load(yaml.safe_dump(project.minimal))
    for section in data["sections"]:
        for point in section["points"]:
            for passage in point["passages"]:
                passage["source"] += "-2024" if passage["source"] == "gazette" else "-2023"
    data.pop("sources")
    data.update(overrides)
    return project.spec(name, yaml.safe_dump(data, sort_keys=False))


@pytest.fixture
def library(project: Project) -> Path:
    path = project.root / "sources.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def test_a_spec_cites_the_librarys_sources_by_id_alone(project, library):
    spec, errors, _ = read_spec(library_spec(project))
    assert errors == []
    assert list(spec.sources) == ["gazette-2024", "lines-2023"]  # as first cited
    gazette = spec.sources["gazette-2024"]
    assert (gazette.title, gazette.authors, gazette.reliability) == (
        "The Quirks Gazette", ("Ann Example",), "B")
    assert gazette.assessment == "A local paper, usually right."
    assert gazette.file == "sources/quirks.txt"
    assert spec.where((*gazette.key_path, "reliability")).file == library
    assert spec.where((*gazette.key_path, "reliability")).line == 8


@pytest.mark.slow
@pytest.mark.e2e
def test_a_library_file_is_relative_to_the_library_whatever_the_specs_folder(
        project, library):
    (project.root / "briefings").mkdir()
    path = library_spec(project)
    moved = project.root / "briefings" / "memo.yaml"
    path.rename(moved)
    spec, errors, _ = read_spec(moved)
    assert errors == []
    assert spec.sources["gazette-2024"].file == "../sources/quirks.txt"
    result = project.run("check", moved)
    assert result.exit_code == 0, result.stderr
    assert "3 passages verified in 2 sources" in result.stdout


def test_a_spec_entry_changes_only_the_keys_it_gives(project, library):
    path = library_spec(project, sources={
        "gazette-2024": {"assessment": "For this memo: its figures are a week old."}})
    spec, errors, _ = read_spec(path)
    assert errors == []
    gazette = spec.sources["gazette-2024"]
    assert gazette.assessment == "For this memo: its figures are a week old."
    assert (gazette.title, gazette.reliability, gazette.file) == (
        "The Quirks Gazette", "B", "sources/quirks.txt")


def test_a_list_of_ids_lists_the_librarys_sources_as_they_are(project, library):
    data = yaml.safe_load(project.spec().read_text(encoding="utf-8"))
    data["sources"] = ["gazette-2024", "lines-2023"]
    for section in data["sections"]:
        for point in section["points"]:
            for passage in point["passages"]:
                passage["source"] = "gazette-2024"
    spec, errors, _ = read_spec(project.spec(text=yaml.safe_dump(data, sort_keys=False)))
    assert errors == []
    assert list(spec.sources) == ["gazette-2024", "lines-2023"]  # the uncited one listed
    assert spec.sources["lines-2023"].reliability == "D"


def test_an_id_in_neither_the_spec_nor_the_library_is_reported_at_its_line(
        project, library):
    path = library_spec(project)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "source: gazette-2024", "source: gazete-2024", 1), encoding="utf-8")
    result = project.run("build", path)
    assert result.exit_code == 1
    line, column = next((n, text.index("gazete") + 1) for n, text in
                        enumerate(path.read_text().splitlines(), 1) if "gazete-2024" in text)
    assert (f"memo.yaml:{line}:{column}: error: sections[0].points[0].passages[0].source: "
            "unknown source 'gazete-2024'; did you mean 'gazette-2024'?") in result.stderr
    assert "the project's library holds gazette-2024, lines-2023" in result.stderr
    assert project.files() == {}


def test_a_listed_id_the_library_lacks_is_reported(project, library):
    path = library_spec(project, sources=["gazette-2024", "lines-2032"])
    _, errors, _ = read_spec(path)
    assert [e.message for e in errors] == [
        "the project's library holds no source 'lines-2032'; did you mean 'lines-2023'?"]
    assert errors[0].hint.startswith("the library (sources.yaml) holds: gazette-2024, "
                                     "lines-2023")
    assert errors[0].where.file == path and errors[0].where.line is not None


def test_a_wrong_value_in_the_library_is_reported_at_the_librarys_line(project, library):
    library.write_text(LIBRARY.replace("reliability: D", "reliability: Q"), encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("sources.yaml:15:16: error: lines-2023.reliability: expected one of A, B, C, "
            "D, E, F, found the text 'Q'") in result.stderr


def test_a_library_that_is_not_yaml_is_reported_at_its_line(project, library):
    library.write_text(LIBRARY + "broken: [\n", encoding="utf-8")
    result = project.run("build", library_spec(project))
    assert result.exit_code == 1
    assert "sources.yaml:" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert project.files() == {}


def test_a_library_that_is_a_list_is_refused(project, library):
    library.write_text("- gazette-2024\n", encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("sources.yaml:1:1: error: expected the source library to be a mapping of ids "
            "to sources, found a list") in result.stderr


def test_a_library_named_outside_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "sources.yaml"
    outside.write_text(LIBRARY, encoding="utf-8")
    (project.root / "brief.yaml").write_text(f"library: {outside}\n", encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert "brief.yaml:1:10: error: library: the source library " in result.stderr
    assert "is outside the project" in result.stderr


def test_brief_yaml_names_the_library(project):
    (project.root / "refs").mkdir()
    (project.root / "refs" / "house.yaml").write_text(
        LIBRARY.replace("file: sources/", "file: ../sources/"), encoding="utf-8")
    (project.root / "brief.yaml").write_text("library: refs/house.yaml\n", encoding="utf-8")
    spec, errors, _ = read_spec(library_spec(project))
    assert errors == []
    assert spec.sources["gazette-2024"].file == "sources/quirks.txt"


def test_a_list_of_ids_without_a_library_is_explained(project):
    result = project.run("check", project.spec(sources=["gazette"]))
    assert result.exit_code == 1
    assert ("error: sources: expected a mapping of ids to sources, found a list: a list of "
            "ids takes the sources from the project's library, and this project keeps "
            "none") in result.stderr


def test_a_spec_without_sources_and_without_a_library_still_needs_them(project):
    result = project.run("check", project.spec(sources=None))
    assert result.exit_code == 1
    assert "error: missing required key 'sources': The source articles" in result.stderr


def test_an_entry_appended_to_the_library_as_text_reads(project, library):
    """`brief capture` appends an entry as text; it reads as the others."""
    with library.open("a", encoding="utf-8") as stream:
        stream.write("\nweb-2024:\n  file: sources/saved-page.html\n"
                     "  url: https://example.org/article\n  reliability: C\n")
    path = library_spec(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: lines-2023", "source: web-2024"), encoding="utf-8")
    spec, errors, _ = read_spec(path)
    assert errors == []
    assert spec.sources["web-2024"].reliability == "C"
    assert spec.sources["web-2024"].url == "https://example.org/article"


@pytest.mark.slow
@pytest.mark.e2e
def test_the_library_is_an_input_of_the_build(project, library):
    path = library_spec(project)
    assert project.run("build", path, "--format", "docx").exit_code == 0
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    assert "sources.yaml" in manifest["inputs"]["files"]
    assert manifest["sources"]["gazette-2024"]["library"] == "sources.yaml"
    assert manifest["sources"]["gazette-2024"]["file"] == "sources/quirks.txt"
    again = project.run("build", path, "--format", "docx")
    assert "unchanged" in again.stdout, again.stdout
    library.write_text(LIBRARY.replace("usually right", "often right"), encoding="utf-8")
    rebuilt = project.run("build", path, "--format", "docx")
    assert rebuilt.exit_code == 0 and "wrote" in rebuilt.stdout, rebuilt.stdout


@pytest.mark.slow
@pytest.mark.e2e
def test_the_example_cited_from_the_library_reads_as_the_example(tmp_path, monkeypatch):
    """A second spec cites the example's two sources from the library only: its memo, in
    both formats, cites and lists them exactly as the example does."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    example = (tmp_path / "briefings" / "belarus-2022.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(example)["sources"]
    library = {}
    for old, new in (("wolff", "wolff-2022"), ("korybko", "korybko-2020")):
        entry = dict(entries[old])
        entry["file"] = "briefings/" + entry["file"]
        library[new] = entry
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(library, sort_keys=False,
                                                          allow_unicode=True))
    start, end = example.index("\nsources:\n"), example.index("\ndistribution:\n")
    second = (example[:start] + example[end:]).replace(
        "source: wolff\n", "source: wolff-2022\n").replace(
        "source: korybko\n", "source: korybko-2020\n")
    assert "sources:" not in second
    (tmp_path / "briefings" / "second.yaml").write_text(second, encoding="utf-8")
    project = Project.__new__(Project)
    project.root = tmp_path
    result = project.run("build", "briefings/belarus-2022.yaml", "briefings/second.yaml")
    assert result.exit_code == 0, result.stderr
    output = tmp_path / "output"
    assert flat("".join(pdf_pages(output / "second.pdf"))) == flat(
        "".join(pdf_pages(output / "belarus-2022.pdf")))
    footnotes = docx_footnotes(output / "second.docx")
    assert footnotes == docx_footnotes(output / "belarus-2022.docx")
    assert any("Wolff & Bayok 2022, ¶10" in note for note in footnotes)


def test_watch_follows_the_library_and_its_sources(project, library):
    from brief.commands.rebuild import Rebuilder

    watched = Rebuilder(library_spec(project)).watched()
    root = project.root.resolve()
    assert {root / "sources.yaml", root / "sources" / "quirks.txt"} <= set(watched.files)
    library.write_text("broken: [\n", encoding="utf-8")  # still watched, to be mended
    assert root / "sources.yaml" in Rebuilder(library_spec(project)).watched().files


def test_a_library_that_links_out_of_the_project_is_not_read(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    outside.write_text("secret-word: {file: x}\n", encoding="utf-8")
    (project.root / "sources.yaml").symlink_to(outside)
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("error: the source library sources.yaml is outside the project "
            f"({project.root}) (a link?): brief reads only files inside it") in result.stderr
    assert "secret-word" not in result.stderr


def test_a_library_over_its_size_limit_is_refused(project, library, monkeypatch):
    monkeypatch.setenv("BRIEF_MAX_LIBRARY_SIZE", "100")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("more than the 100 bytes brief allows for the project's source library"
            in result.stderr)
    assert "BRIEF_MAX_LIBRARY_SIZE=" in result.stderr


def test_a_spec_entry_the_library_lacks_still_needs_its_file(project, library):
    path = library_spec(project, sources={"notes": {"title": "Our notes"}})
    _, errors, _ = read_spec(path)
    assert [e.message for e in errors] == [
        "missing required key 'file': the source 'notes' is not in the project's library, "
        "so the spec gives its file"]
    assert errors[0].where.line == line_in(path, "title: Our notes")  # its keys


def line_in(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_a_spec_entry_with_another_file_is_a_source_of_its_own(project, library):
    """A spec written before the library, whose id the library happens to use, takes
    nothing from the library's entry: not its grade, not its assessment."""
    path = project.spec(sources={"gazette-2024": {
        "file": "sources/one-per-line.txt", "title": "Another paper"}, "gazette": None})
    path.write_text(path.read_text(encoding="utf-8").replace(
        "source: gazette\n", "source: gazette-2024\n"), encoding="utf-8")
    spec, errors, _ = read_spec(path)
    assert errors == []
    other = spec.sources["gazette-2024"]
    assert (other.title, other.reliability, other.assessment) == ("Another paper", None, None)
    same = project.spec("same", sources={"gazette-2024": {"file": "sources/quirks.txt"},
                                         "gazette": None})
    spec, _, _ = read_spec(same)
    assert spec.sources["gazette-2024"].reliability == "B"  # the same file: the library's
