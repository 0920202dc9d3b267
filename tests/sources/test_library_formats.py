"""The source library exported from Zotero, read directly: CSL-JSON, BibTeX and RIS, with
the grade and assessment from the item's Extra field (or from sources.yaml beside it)."""

from __future__ import annotations

import json

import pytest

from brief.spec import read_spec
from conftest import Project
from sources.test_library import library_spec

# As Zotero's "Better"-less built-in BibTeX export writes them: Extra as `note`, the
# attachments as `file` (title:path:type), the month as a macro, capitals braced.
BIBTEX = r"""
@article{gazette-2024,
	title = {The {Quirks} {Gazette}},
	journal = {Gazette},
	author = {Example, Ann},
	month = apr,
	year = {2024},
	note = {reliability: B
assessment: A local paper, usually right.},
	file = {Full Text:sources/quirks.txt:text/plain},
}

@report{lines-2023,
	title = {Lines},
	institution = {Lines \& Co},
	author = {One, Bo and Two, Cy},
	year = {2023},
	file = {Snapshot:sources/one-per-line.txt:text/plain;Other:sources/other.txt:text/plain},
}
"""

CSL_JSON = [
    {"id": "gazette-2024", "type": "article-newspaper", "title": "The Quirks Gazette",
     "container-title": "Gazette", "author": [{"family": "Example", "given": "Ann"}],
     "issued": {"date-parts": [[2024, 4, 30]]},
     "note": "reliability: B\nassessment: A local paper, usually right.",
     "file": "sources/quirks.txt"},
    {"id": "http://zotero.org/users/1/items/ABCD", "type": "report", "title": "Lines",
     "publisher": "Lines & Co", "author": [{"family": "One", "given": "Bo"},
                                           {"family": "Two", "given": "Cy"}],
     "issued": {"date-parts": [["2023"]]}, "file": "sources/one-per-line.txt"},
]

RIS = """TY  - NEWS
ID  - gazette-2024
TI  - The Quirks Gazette
AU  - Example, Ann
T2  - Gazette
DA  - 2024/04/30/
L1  - sources/quirks.txt
N1  - reliability: B
ER  -

TY  - RPRT
TI  - Lines
AU  - One, Bo
AU  - Two, Cy
PB  - Lines & Co
PY  - 2023
L1  - sources/one-per-line.txt
ER  -
"""


def write_export(project: Project, suffix: str) -> None:
    ris = RIS.replace("ER  -", "ER  - ")  # Zotero ends a record so, a space after it
    text = {"bib": BIBTEX, "json": json.dumps(CSL_JSON, indent="\t"), "ris": ris}[suffix]
    (project.root / f"sources.{suffix}").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("suffix", ["bib", "json", "ris"])
def test_a_zotero_export_is_the_library(project, suffix):
    write_export(project, suffix)
    lines_id = "one-2023" if suffix in ("json", "ris") else "lines-2023"
    path = library_spec(project)
    path.write_text(path.read_text(encoding="utf-8").replace("lines-2023", lines_id),
                    encoding="utf-8")
    spec, errors, _ = read_spec(path)
    assert errors == []
    gazette = spec.sources["gazette-2024"]
    # The newspaper: its `container` where the spec format has that key, else publisher.
    newspaper = getattr(gazette, "container", None) or gazette.publisher
    assert (gazette.title, gazette.authors, newspaper, gazette.reliability,
            gazette.file) == ("The Quirks Gazette", ("Ann Example",), "Gazette", "B",
                              "sources/quirks.txt")
    assert gazette.date is not None and gazette.date.year == 2024 and gazette.date.month == 4
    lines = spec.sources[lines_id]
    assert (lines.authors, lines.publisher, lines.file) == (
        ("Bo One", "Cy Two"), "Lines & Co", "sources/one-per-line.txt")
    assert str(lines.date.year) == "2023"
    if suffix != "ris":
        assert gazette.assessment == "A local paper, usually right."
    assert spec.where((*gazette.key_path, "title")).file == project.root / f"sources.{suffix}"


def test_sources_yaml_beside_an_export_adds_what_zotero_cannot_carry(project):
    write_export(project, "bib")
    (project.root / "sources.yaml").write_text(
        "lines-2023:\n  reliability: D\n  assessment: The firm's own account.\n"
        "gazette-2024:\n  reliability: A\n", encoding="utf-8")
    spec, errors, _ = read_spec(library_spec(project))
    assert errors == []
    assert spec.sources["lines-2023"].reliability == "D"
    assert spec.sources["lines-2023"].title == "Lines"  # the export's
    assert spec.sources["gazette-2024"].reliability == "A"  # sources.yaml wins
    assert spec.sources["gazette-2024"].assessment == "A local paper, usually right."


def test_an_exported_item_without_a_file_is_reported_at_its_line(project):
    (project.root / "sources.bib").write_text(
        BIBTEX.replace("\tfile = {Full Text:sources/quirks.txt:text/plain},\n", ""),
        encoding="utf-8")
    _, errors, _ = read_spec(library_spec(project))
    assert [(e.message, e.where.line) for e in errors] == [
        ("missing required key 'file': the library's source 'gazette-2024' needs the path "
         "of its file, relative to the library", 2)]


def test_a_bibtex_entry_never_closed_is_reported_at_its_line(project):
    (project.root / "sources.bib").write_text(BIBTEX.rsplit("}", 1)[0], encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("sources.bib:13: error: this BibTeX entry is never closed: a brace is "
            "missing") in result.stderr


def test_csl_json_that_is_not_json_is_reported_at_its_line(project):
    (project.root / "sources.json").write_text('[\n{"id": "x",\n}\n]', encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert "sources.json:3:1: error: the source library is not JSON" in result.stderr


def test_two_exports_are_refused(project):
    write_export(project, "bib")
    write_export(project, "ris")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("error: the project holds two source libraries, sources.bib and sources.ris: "
            "brief reads one") in result.stderr


def test_brief_yaml_names_an_export(project):
    (project.root / "zotero").mkdir()
    (project.root / "zotero" / "My Library.bib").write_text(
        BIBTEX.replace(":sources/", ":../sources/"), encoding="utf-8")
    (project.root / "brief.yaml").write_text('library: "zotero/My Library.bib"\n',
                                             encoding="utf-8")
    spec, errors, _ = read_spec(library_spec(project))
    assert errors == []
    assert spec.sources["gazette-2024"].file == "sources/quirks.txt"


def test_an_export_not_in_utf8_is_refused(project):
    (project.root / "sources.ris").write_bytes(RIS.replace("Gazette", "Gaz\xe9tte").encode(
        "latin-1"))
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert ("sources.ris:3: error: the source library is not UTF-8 text: byte 0xe9 cannot "
            "be decoded") in result.stderr


@pytest.mark.parametrize(("name", "content", "message"), [
    ("sources.json", "[" * 100_000, "nests lists or objects too deeply"),
    ("sources.json", '{"id": "gazette-2024", "title": ["a"], "author": "Ann", "issued": 7,'
     ' "file": "sources/quirks.txt"}', "sources.json:1:1: error: gazette-2024.title: "
     "expected text, found a list"),
    ("sources.bib", "@article{x, title = {" + "{" * 50_000, "never closed"),
    ("sources.ris", "TY  - JOUR\nTI  - x\n" * 1000, "has no end"),
])
def test_a_hostile_export_gets_one_clear_message(project, name, content, message):
    (project.root / name).write_text(content, encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_an_attachment_outside_the_project_says_to_export_the_files(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("Zotero") / "storage.txt"
    outside.write_text("An article kept by Zotero.", encoding="utf-8")
    (project.root / "sources.bib").write_text(
        BIBTEX.replace("Full Text:sources/quirks.txt", f"Full Text:{outside}"),
        encoding="utf-8")
    result = project.run("check", library_spec(project))
    assert result.exit_code == 1
    assert "sources.bib:10:1: error: gazette-2024.file: the source file " in result.stderr
    assert ("hint: export the library from Zotero into the project with \"Export Files\" "
            "ticked") in result.stderr
