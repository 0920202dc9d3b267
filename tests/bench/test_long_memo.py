"""bench/long_memo.py's generator makes a valid quarterly assessment: every passage verified
against its source, as `brief check` says, with no warning."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO, Project

pytestmark = pytest.mark.slow  # it writes two PDFs and a .docx with WeasyPrint and python-docx

sys.path.insert(0, str(REPO / "bench"))  # long_memo imports build_speed's helpers
_spec = importlib.util.spec_from_file_location("long_memo", REPO / "bench" / "long_memo.py")
assert _spec is not None and _spec.loader is not None
long_memo = importlib.util.module_from_spec(_spec)
sys.modules["long_memo"] = long_memo  # its dataclasses look their module up there
_spec.loader.exec_module(long_memo)


def test_the_smallest_memo_checks_clean_with_every_source_format(project: Project):
    spec = long_memo.generate(project.root, 5)
    result = project.run("check", spec.name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "quarterly.yaml: OK, 15 passages verified in 12 sources"
    assert "warning" not in result.stderr
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    formats = sorted({Path(source["file"]).suffix for source in data["sources"].values()})
    assert formats == [".docx", ".html", ".md", ".pdf", ".txt"]


@pytest.mark.parametrize("size", [10, 40])
def test_a_longer_memo_holds_what_the_issue_asks(project: Project, size: int):
    spec = long_memo.generate(project.root, size)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    sections = data["sections"]
    passages = [p for section in sections for point in section.get("points", [])
                for p in point.get("passages", [])]
    passages += [p for judgment in data["key_judgments"] for p in judgment["passages"]]
    assert len(sections) == 12 and len(data["sources"]) == 12
    assert len(passages) == {10: 38, 40: 200}[size]
    assert sum(section["text"].count("\nTable: ") for section in sections) == 3
    figures = [point["figure"]["file"] for section in sections
               for point in section.get("points", []) if "figure" in point]
    assert figures == ["figures/bands.png", "figures/bars.svg"]
    if size == 40:
        result = project.run("check", spec.name)
        assert result.stdout.strip() == "quarterly.yaml: OK, 200 passages verified in 12 sources"
        assert "warning" not in result.stderr


def test_the_generator_writes_the_same_bytes_every_time(tmp_path: Path):
    first = long_memo.generate(tmp_path / "a", 10)
    time.sleep(1.1)  # a clock's second later: no date of the moment may reach the files
    second = long_memo.generate(tmp_path / "b", 10)
    assert first.read_bytes() == second.read_bytes()
    for name in ("src01.txt", "src02.md", "src03.html", "src04.docx", "src05.pdf"):
        assert ((first.parent / "sources" / name).read_bytes()
                == (second.parent / "sources" / name).read_bytes()), name
