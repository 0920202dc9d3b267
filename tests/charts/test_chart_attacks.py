"""Hostile chart data (tests/attacks.py, measured by bench/bombs.py): each refused by
`brief check` with one message at the chart's line, and nothing written."""

from __future__ import annotations

import pytest

from attacks import (
    csv_device,
    csv_million_rows,
    csv_of_non_numbers,
    csv_outside_the_project,
    csv_too_large,
)
from conftest import Project

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CASES = {
    csv_million_rows: "memo/memo.yaml:15:17: error: sections[0].points[1].chart.data: "
    "data/big.csv has more than 1,000 rows: more than brief draws in a chart",
    csv_of_non_numbers: "memo/memo.yaml:15:17: error: sections[0].points[1].chart.data: "
    "data/words.csv, line 3, column 'share': expected a number, found the text 'lots'",
    csv_outside_the_project: "memo/memo.yaml:15:17: error: sections[0].points[1].chart.data: "
    "the data file ../outside.csv is outside the project ({root})",
    csv_device: "memo/memo.yaml:15:17: error: sections[0].points[1].chart.data: "
    "the data file /dev/zero is outside the project ({root})",
    csv_too_large: "memo/memo.yaml:15:17: error: sections[0].points[1].chart.data: "
    "memo/data/large.csv is 11 MB, more than the 10 MB brief allows for a chart's data file",
}


@pytest.mark.parametrize("make", list(CASES), ids=lambda make: make.__name__)
def test_hostile_chart_data_is_refused_at_its_line(project: Project, make) -> None:
    (project.root / "outside.csv").write_text("partner,share\nRussia,41\n", encoding="utf-8")
    folder = project.root / "memo"
    folder.mkdir()
    spec = make(folder)
    result = project.run("build", spec)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first == CASES[make].format(root=folder.resolve())
    assert not (project.root / "output").exists() and not (folder / "output").exists()


def test_a_csv_a_build_read_is_in_its_manifest_and_a_change_rebuilds(
        project: Project) -> None:
    import hashlib
    import json

    folder = project.root / "memo"
    folder.mkdir()
    (folder / "data").mkdir()
    data = folder / "data" / "ok.csv"
    data.write_text("partner,share\nRussia,41\n", encoding="utf-8")
    spec = csv_of_non_numbers(folder)
    spec.write_text(spec.read_text(encoding="utf-8").replace("data/words.csv", "data/ok.csv"),
                    encoding="utf-8")
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    manifest = json.loads((project.output / "memo.json").read_text(encoding="utf-8"))
    root = (project.output / manifest["project"]).resolve()  # paths are the project's
    assert manifest["inputs"]["files"][data.resolve().relative_to(root).as_posix()] == \
        hashlib.sha256(data.read_bytes()).hexdigest()
    first = (project.output / "memo.docx").read_bytes()
    data.write_text("partner,share\nRussia,42\n", encoding="utf-8")
    assert project.run("build", spec, "--format", "docx").exit_code == 0
    assert (project.output / "memo.docx").read_bytes() != first
