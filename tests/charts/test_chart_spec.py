"""A chart's keys, checked with the rest of the spec by `brief check`: each problem one
message at its line, and nothing built."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Project

pytestmark = pytest.mark.e2e


def charted(project: Project, chart: dict[str, Any]):
    return project.spec(sections=[{"title": "Trade", "kind": "risks", "points": [
        {"text": "Costs are unknown.",
         "passages": [{"source": "gazette", "quote": "its costs were not known"}],
         "chart": chart}]}])


def first_line(project: Project, chart: dict[str, Any]) -> str:
    result = project.run("build", charted(project, chart))
    assert result.exit_code == 1
    assert not project.output.exists()
    return result.stderr.splitlines()[0]


INLINE = {"partner": ["Russia", "EU"], "share": [41, 22]}


def test_an_unknown_type_is_named_with_the_types_there_are(project: Project) -> None:
    assert first_line(project, {"type": "pie", "title": "T", "data": INLINE}) == (
        "memo.yaml:34:13: error: sections[0].points[0].chart.type: expected one of bar, "
        "line, timeline, dotplot, found the text 'pie'")


def test_a_chart_needs_its_data(project: Project) -> None:
    assert first_line(project, {"type": "bar", "title": "T"}) == (
        "memo.yaml:34:7: error: sections[0].points[0].chart: missing required key 'data': "
        "The data: a CSV file in the project, relative to the spec (`data/trade.csv`; a "
        "header row, then one row for each label; `,` or `;` between values), or the "
        "columns written in the spec, each a list of values (`partner: [Russia, EU]`).")


def test_a_source_that_is_not_the_specs_is_refused(project: Project) -> None:
    assert first_line(project, {"type": "bar", "title": "T", "data": INLINE,
                                "source": "belstat"}) == (
        "memo.yaml:43:15: error: sections[0].points[0].chart.source: the chart's source "
        "'belstat' is not a source of the spec (its sources: gazette, lines)")


def test_a_key_of_another_type_of_chart_is_refused(project: Project) -> None:
    assert first_line(project, {"type": "bar", "title": "T", "data": INLINE,
                                "low": "share"}) == (
        "memo.yaml:43:7: error: sections[0].points[0].chart.low: 'low' is for dot plots "
        "(the range of each estimate), not a bar chart")


def test_data_that_is_neither_a_file_nor_columns_is_refused(project: Project) -> None:
    assert first_line(project, {"type": "bar", "title": "T", "data": [41, 22]}) == (
        "memo.yaml:37:7: error: sections[0].points[0].chart.data: expected a CSV file or "
        "columns of values, found a list")
