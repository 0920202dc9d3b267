"""A chart's data, read and checked: a CSV in the project (a BOM, `;` and decimal commas
read; a missing column, a non-number, a ragged row, too many rows, a file outside the
project refused, each with one message at the chart's line naming the CSV's line), or
columns written in the spec (mismatched lengths refused at the data's line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.charts import alt_text, data_table, load_chart
from brief.errors import BriefError, Where
from brief.spec import ChartSpec


def where(path: tuple[object, ...]) -> Where:
    return Where(None, 7, 5, ".".join(map(str, path)))


def load(folder: Path, root: Path | None = None, **keys: object):
    chart = ChartSpec(**{"type": "bar", "title": "Exports", **keys},  # type: ignore[arg-type]
                      key_path=("chart",))
    return load_chart(chart, folder, root or folder, where)


def problem(folder: Path, root: Path | None = None, **keys: object) -> BriefError:
    with pytest.raises(BriefError) as caught:
        load(folder, root, **keys)
    return caught.value


def csv(folder: Path, text: str | bytes, name: str = "trade.csv") -> str:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return name


def test_a_csv_with_a_bom_semicolons_and_decimal_commas_is_read(tmp_path: Path) -> None:
    name = csv(tmp_path, "\ufeffpartner;share\nRussia;41,5\nEU;22\n\nOther;1.234,5\n")
    data = load(tmp_path, data=name, units="%")
    assert data.labels == ("Russia", "EU", "Other")
    assert data.series[0].values == (41.5, 22.0, 1234.5)
    assert data.file == (tmp_path / name).resolve() and len(data.sha256) == 64
    assert alt_text(data, "Exports", "%") == (
        "Bar chart: Exports: Russia 41.5 %, EU 22 %, Other 1,234.5 %.")


def test_columns_are_chosen_by_name(tmp_path: Path) -> None:
    name = csv(tmp_path, "year,partner,share,note\n2021,Russia,41,x\n2021,EU,22,y\n")
    data = load(tmp_path, data=name, x="partner", y=("share",))
    assert (data.labels, data.series[0].values) == (("Russia", "EU"), (41.0, 22.0))
    assert data_table(data, None).header == ("partner", "share")


def test_a_missing_column_is_named_with_the_columns_there_are(tmp_path: Path) -> None:
    name = csv(tmp_path, "partner,share\nRussia,41\n")
    error = problem(tmp_path, data=name, y=("value",))
    assert error.message == "trade.csv has no column 'value' (its columns: 'partner', 'share')"
    assert (error.where.line, error.where.key) == (7, "chart.y")


def test_a_non_number_is_refused_at_its_csv_line(tmp_path: Path) -> None:
    name = csv(tmp_path, "partner,share\nRussia,41\nEU,n/a\n")
    error = problem(tmp_path, data=name)
    assert error.message == ("trade.csv, line 3, column 'share': expected a number, found "
                             "the text 'n/a'")
    assert error.hint == "write a number such as 41 or 41.5 (units go in `units`)"
    assert error.where.key == "chart.data"


def test_a_ragged_row_is_refused_at_its_line(tmp_path: Path) -> None:
    name = csv(tmp_path, "partner,share\nRussia,41\nEU,22,9\n")
    assert problem(tmp_path, data=name).message == (
        "trade.csv, line 3: 3 values, where the header names 2 columns")


def test_a_csv_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    name = csv(tmp_path, b"partner,share\nR\xe9union,4\n")
    assert problem(tmp_path, data=name).message == (
        "trade.csv, line 2: the file is not UTF-8 text")


def test_a_csv_outside_the_project_is_not_read(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    csv(tmp_path, "partner,share\nRussia,41\n", "secret.csv")
    error = problem(project, data="../secret.csv")
    assert error.message == f"the data file ../secret.csv is outside the project ({project})"


def test_a_missing_csv_is_named(tmp_path: Path) -> None:
    assert problem(tmp_path, data="data/none.csv").message == (
        "the data file data/none.csv does not exist")


@pytest.mark.slow
def test_a_million_rows_are_refused_as_they_are_read(tmp_path: Path) -> None:
    name = csv(tmp_path, "partner,share\n" + "a,1\n" * 1_000_000)
    error = problem(tmp_path, data=name)
    assert error.message == ("trade.csv has more than 1,000 rows: more than brief draws in "
                             "a chart")
    assert "BRIEF_MAX_CHART_ROWS=10000" in (error.hint or "")


def test_the_row_limit_is_raised_by_its_variable(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEF_MAX_CHART_ROWS", "3")
    name = csv(tmp_path, "partner,share\na,1\nb,2\nc,3\nd,4\n")
    assert "more than 3 rows" in problem(tmp_path, data=name).message


def test_inline_columns_of_different_lengths_are_refused(tmp_path: Path) -> None:
    error = problem(tmp_path, data={"partner": ["Russia", "EU"], "share": [41]})
    assert error.message == ("the columns have different numbers of values ('partner' 2, "
                             "'share' 1)")
    assert error.where.key == "chart.data"


def test_an_inline_non_number_is_refused_at_its_value(tmp_path: Path) -> None:
    error = problem(tmp_path, data={"partner": ["Russia", "EU"], "share": [41, "lots"]})
    assert error.message == ("the column 'share', value 2: expected a number, found the "
                             "text 'lots'")
    assert error.where.key == "chart.data.share.1"


def test_a_dot_plot_needs_its_range_and_each_value_inside_it(tmp_path: Path) -> None:
    data = {"who": ["NATO"], "troops": [30000], "low": [31000], "high": [35000]}
    assert problem(tmp_path, type="dotplot", data=data).message == (
        "a dot plot needs the columns of each estimate's range: `low` and `high`")
    assert problem(tmp_path, type="dotplot", data=data, low="low", high="high").message == (
        "the column 'troops', value 1: the estimate 30000 is not between its low 31000 and "
        "high 35000")


def test_a_line_reads_years_and_dates_and_leaves_gaps(tmp_path: Path) -> None:
    data = load(tmp_path, type="line", data={"year": [2020, 2021, 2022],
                                             "share": [40, "", 55]})
    assert data.positions == (2020.0, 2021.0, 2022.0)
    assert data.series[0].values == (40.0, None, 55.0)
    assert data_table(data, "%").rows == (("2020", "40"), ("2021", "no data"),
                                          ("2022", "55"))
    error = problem(tmp_path, type="line", data={"when": ["2022-02-24", "soon"],
                                                 "n": [1, 2]})
    assert error.message.startswith("the column 'when', value 2: expected a date or a "
                                    "number, found the text 'soon'")


def test_a_timeline_is_put_in_order_of_its_dates(tmp_path: Path) -> None:
    data = load(tmp_path, type="timeline", data={
        "date": ["2022-02-24", "9 August 2020"],
        "event": ["Invasion of Ukraine", "Disputed election"]})
    assert data.labels == ("9 August 2020", "2022-02-24")
    assert alt_text(data, "Escalation", None) == (
        "Timeline: Escalation: 9 August 2020, Disputed election; 2022-02-24, Invasion of "
        "Ukraine.")


def test_a_long_series_is_summed_up_in_its_alternative_text(tmp_path: Path) -> None:
    years = list(range(2000, 2024))
    values = [10 + (y - 2000) for y in years]
    values[5] = 90
    data = load(tmp_path, type="line", data={"year": years, "share": values})
    assert alt_text(data, "Share", "%") == (
        "Line chart: Share: 24 values, 2000 to 2023: 10 % in 2000, 33 % in 2023; highest "
        "90 % (2005), lowest 10 % (2000).")


@pytest.mark.slow
def test_a_memo_without_a_chart_never_loads_matplotlib(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    from conftest import DATA
    shutil.copytree(DATA / "sources", tmp_path / "sources")
    shutil.copy(DATA / "minimal.yaml", tmp_path / "memo.yaml")
    code = ("import sys, brief\n"
            "brief.check(sys.argv[1])\n"
            "print('matplotlib' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "memo.yaml")],
                            capture_output=True, text=True, check=True)
    assert result.stdout == "False\n"


def test_a_bar_chart_of_more_labels_than_a_page_can_show_is_refused(tmp_path: Path) -> None:
    data = {"district": [f"D{n}" for n in range(61)], "troops": list(range(61))}
    error = problem(tmp_path, data=data)
    assert error.message == ("the data has 61 rows: a bar chart of more than 60 cannot be "
                             "read on a page")
    years = {"year": list(range(1960, 2021)), "troops": list(range(61))}
    assert len(load(tmp_path, type="line", data=years).labels) == 61  # a line can
