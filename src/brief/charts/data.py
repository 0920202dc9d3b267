"""A chart's data: the columns written in the spec or read from a CSV file in the project,
checked against what the chart's type needs, every problem at its line.

A CSV is read as UTF-8 (a byte order mark is skipped), with `,`, `;` or a tab between
values (whichever the header row uses), at most `BRIEF_MAX_DATA_SIZE` (10 MB) and
`BRIEF_MAX_CHART_ROWS` (1,000 rows, every one of which the chart's data table shows):
counted as it is read, so a file of a million rows is refused at once. A bar chart, a dot
plot or a timeline draws at most 60 labels: more cannot be read on a page. Numbers are
read as an analyst writes them: `41`, `41.5`, `-3`, `41 %`, `1,234` and `1 234`
(thousands), and `41,5` where `;` separates the values.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import DateProblem, PartialDate, parse_date
from ..errors import SpecError, Where
from ..files import Budget, InputFile, inside, read_input
from ..spec import ChartSpec
from ..yamlfile import KeyPath, describe

ROWS = Budget("BRIEF_MAX_CHART_ROWS", 1_000, "rows")
# The labels a bar chart, a dot plot or a timeline can show legibly on a page.
MOST_LABELS = 60
# The longest label or cell brief draws (a longer one is no label).
MAX_CELL = 500


@dataclass(frozen=True)
class Column:
    """A column of the data: its name and its values, each with the line it was read at
    (a line of the CSV, or of the spec)."""

    name: str
    values: tuple[Any, ...]
    lines: tuple[int | None, ...]
    decimal_comma: bool = False  # `41,5` is 41.5 (a CSV with `;` between values)


@dataclass(frozen=True)
class Series:
    """Numbers to draw: one bar colour, one line, or a dot plot's estimates."""

    name: str
    values: tuple[float | None, ...]  # None: no value (a gap in a line)
    low: tuple[float, ...] = ()
    high: tuple[float, ...] = ()


@dataclass(frozen=True)
class ChartData:
    """A chart's data as the drawing, the alternative text and the table take it."""

    type: str
    labels: tuple[str, ...]  # what each row is: a label, a year, a date as written
    series: tuple[Series, ...]  # line, bar, dot plot
    positions: tuple[float, ...] = ()  # line and timeline: where each row lies on the axis
    events: tuple[str, ...] = ()  # timeline: what happened
    x_name: str = ""  # the name of the column of labels
    dated: bool = False  # line and timeline: the positions are dates
    file: Path | None = None  # the CSV file read, if any
    sha256: str = ""  # of its bytes, as read


# Where a problem in the data is: the spec's place for a key of the chart, and the
# problem's own words.
Locate = Callable[[KeyPath], Where]


class DataProblem(Exception):
    """A problem in the data: the message, and where in the spec it points (the key of the
    chart, or the value written inline)."""

    def __init__(self, message: str, path: KeyPath, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.path, self.hint = message, path, hint


def load_chart(chart: ChartSpec, folder: Path, root: Path, locate: Locate) -> ChartData:
    """The data of `chart`, checked; raise `SpecError` at the line of the first problem."""
    try:
        columns, origin, read = _columns(chart, folder, root)
        shaped = _shaped(chart, columns, origin)
        if read is None:
            return shaped
        return dataclasses.replace(shaped, file=read.path, sha256=read.sha256)
    except DataProblem as problem:
        raise SpecError(problem.message, locate((*chart.key_path, *problem.path)),
                        hint=problem.hint) from None


def _columns(chart: ChartSpec, folder: Path, root: Path
             ) -> tuple[list[Column], str, InputFile | None]:
    """The columns of the data, what they came from as messages name it, and the file
    read, if any."""
    data = chart.data
    if isinstance(data, str):
        path = folder / data
        read = _csv_file(path, data, root)
        return _read_csv(read.content.decode("utf-8-sig"), data), data, read
    if isinstance(data, dict):
        return _inline_columns(data), "the data", None
    raise DataProblem(f"expected a CSV file or columns of values, found {describe(data)}",
                      ("data",), hint="write `data: data/trade.csv`, or under `data:` each "
                      "column's name and its values: `share: [41, 22, 12]`")


def _inline_columns(data: dict[Any, Any]) -> list[Column]:
    columns = []
    for name, values in data.items():
        if not isinstance(values, list):
            raise DataProblem(f"the column '{name}' must be a list of values, found "
                              f"{describe(values)}", ("data", name),
                              hint=f"write `{name}: [first, second, ...]`")
        if len(values) > ROWS.most():
            raise DataProblem(_too_many(f"the column '{name}'"), ("data", name),
                              hint=_more_rows())
        for index, value in enumerate(values):
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise DataProblem(f"a value of '{name}' must be a number or text, found "
                                  f"{describe(value)}", ("data", name, index))
        columns.append(Column(str(name), tuple(values), (None,) * len(values)))
    if not columns:
        raise DataProblem("the data has no columns", ("data",))
    lengths = {len(c.values) for c in columns}
    if len(lengths) > 1:
        listed = ", ".join(f"'{c.name}' {len(c.values)}" for c in columns)
        raise DataProblem(f"the columns have different numbers of values ({listed})",
                          ("data",), hint="give every column one value for each row")
    return columns


def _too_many(what: str) -> str:
    return f"{what} has more than {ROWS.most():,} rows: more than brief draws in a chart"


def _more_rows() -> str:
    return (f"a chart shows a summary: group or sample the data, or allow more with "
            f"{ROWS.variable}={ROWS.most() * 10} (for example)")


def _csv_file(path: Path, written: str, root: Path) -> InputFile:
    """The CSV file at `path` (as the spec writes it: `written`), read and checked."""
    if not inside(path, [root]):
        raise DataProblem(f"the data file {written} is outside the project ({root})",
                          ("data",), hint="put the file in the project (data/, say), or "
                          "name the project's folder with --root")
    if path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        raise DataProblem(f"the data file {written} is no CSV file (.csv)", ("data",),
                          hint="save the table as CSV (comma-separated values)")
    try:
        raw = read_input(path, "data", None, SpecError, "the data file")
    except FileNotFoundError:
        raise DataProblem(f"the data file {written} does not exist", ("data",),
                          hint="the path is relative to the spec's folder") from None
    except SpecError as error:
        raise DataProblem(error.message, ("data",), hint=error.hint) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataProblem(f"{written}, line {line}: the file is not UTF-8 text",
                          ("data",), hint="save it as CSV UTF-8") from None
    if "\x00" in text:
        raise DataProblem(f"the data file {written} is not text", ("data",))
    return InputFile(path.resolve(), raw)


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(text: str, written: str) -> list[Column]:
    first = text.split("\n", 1)[0]
    separator = _separator(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    most = ROWS.most()
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise DataProblem(f"{written} has no header row", ("data",),
                              hint="the first row names the columns: `partner,share`")
        names = [cell.strip() for cell in header]
        cells: list[list[str]] = [[] for _ in names]
        lines: list[int] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(lines) >= most:
                raise DataProblem(_too_many(written), ("data",), hint=_more_rows())
            if len(row) != len(names):
                raise DataProblem(f"{written}, line {reader.line_num}: {len(row)} values, "
                                  f"where the header names {len(names)} columns",
                                  ("data",), hint="give every row one value for each column")
            for column, cell in zip(cells, row, strict=True):
                column.append(cell.strip())
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataProblem(f"{written}, line {reader.line_num}: not CSV: {exc}",
                          ("data",)) from None
    _check_names(names, written)
    return [Column(name, tuple(values), tuple(lines), separator == ";")
            for name, values in zip(names, cells, strict=True)]


def _check_names(names: list[str], written: str) -> None:
    for index, name in enumerate(names):
        if not name:
            raise DataProblem(f"{written}: column {index + 1} of the header has no name",
                              ("data",))
        if names.index(name) != index:
            raise DataProblem(f"{written}: two columns are named '{name}'", ("data",))


_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")


def number(value: Any, decimal_comma: bool = False) -> float | None:
    """`value` as a number, as an analyst writes it; None if it is none. With
    `decimal_comma`, `1,5` is 1.5 and `1.234,5` 1234.5."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace("\u2212", "-").replace("\u2009", "").replace(
        "\u202f", "").replace("\xa0", "").replace(" ", "").removesuffix("%")
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    result = float(text)
    return result if math.isfinite(result) else None


def _pick(columns: list[Column], name: str | None, key: str, index: int,
          origin: str) -> Column:
    """The column named by the chart's `key`, or the column at `index` when none is."""
    if name is None:
        if index >= len(columns):
            raise DataProblem(f"{origin} has {len(columns)} column(s); a chart needs "
                              f"{index + 1}", ("data",),
                              hint="name the columns to draw with `x` and `y`")
        return columns[index]
    for column in columns:
        if column.name == name:
            return column
    listed = ", ".join(f"'{c.name}'" for c in columns)
    raise DataProblem(f"{origin} has no column '{name}' (its columns: {listed})", (key,))


def _where(column: Column, row: int, origin: str) -> tuple[str, KeyPath]:
    """How a message names a value: its CSV line, or its place in the spec."""
    line = column.lines[row]
    if line is not None:
        return f"{origin}, line {line}, column '{column.name}'", ("data",)
    return f"the column '{column.name}', value {row + 1}", ("data", column.name, row)


def _numbers(column: Column, origin: str, *, gaps: bool = False) -> tuple[float | None, ...]:
    values: list[float | None] = []
    for row, value in enumerate(column.values):
        if gaps and str(value).strip() == "":
            values.append(None)
            continue
        found = number(value, column.decimal_comma)
        if found is None:
            place, path = _where(column, row, origin)
            shown = describe(value) if str(value).strip() else "nothing (an empty cell)"
            raise DataProblem(f"{place}: expected a number, found {shown}", path,
                              hint="write a number such as 41 or 41.5 (units go in "
                              "`units`)")
        values.append(found)
    return tuple(values)


def _texts(column: Column, origin: str) -> tuple[str, ...]:
    texts = []
    for row, value in enumerate(column.values):
        text = " ".join(str(value).split())
        if not text or len(text) > MAX_CELL:
            place, path = _where(column, row, origin)
            what = "is empty" if not text else f"is longer than {MAX_CELL} characters"
            raise DataProblem(f"{place}: the label {what}", path)
        texts.append(text if not isinstance(value, float) else _shown(value))
    return tuple(texts)


def _shown(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _positions(column: Column, origin: str) -> tuple[tuple[float, ...], bool]:
    """Where each row of `x` lies along a line's or a timeline's axis: numbers (years) as
    they are, dates as years with a fraction; and whether they are dates."""
    values = [number(v, column.decimal_comma)
              if not isinstance(v, str) or re.fullmatch(r"\s*[-\d.,]+\s*", v)
              else None for v in column.values]
    if all(v is not None for v in values):
        return tuple(v for v in values if v is not None), False
    positions = []
    for row, value in enumerate(column.values):
        try:
            date = parse_date(str(value))
        except DateProblem as problem:
            place, path = _where(column, row, origin)
            raise DataProblem(f"{place}: expected a date or a number, found "
                              f"{describe(value)}: {problem.message}", path,
                              hint=problem.fix) from None
        positions.append(_year_fraction(date))
    return tuple(positions), True


def _year_fraction(date: PartialDate) -> float:
    month = (date.month or 1) - 1
    day = (date.day or 1) - 1
    return date.year + (month + day / 31) / 12


def _shaped(chart: ChartSpec, columns: list[Column], origin: str) -> ChartData:
    if not columns[0].values:
        raise DataProblem(f"{origin} has no rows of data", ("data",))
    x = _pick(columns, chart.x, "x", 0, origin)
    labels = _texts(x, origin)
    if chart.type != "line" and len(labels) > MOST_LABELS:
        raise DataProblem(f"{origin} has {len(labels)} rows: a {_NAMES[chart.type]} of more "
                          f"than {MOST_LABELS} cannot be read on a page", ("data",),
                          hint="keep the largest and add up the rest as `Other`, or draw a "
                          "line chart")
    if chart.type == "timeline":
        label = _pick(columns, chart.label, "label", 1, origin)
        positions, _ = _positions(x, origin)
        order = sorted(range(len(labels)), key=lambda i: positions[i])
        events = _texts(label, origin)
        return ChartData("timeline", tuple(labels[i] for i in order), (),
                         tuple(positions[i] for i in order), tuple(events[i] for i in order),
                         x.name, True)
    names = chart.y or (None,)
    if chart.type == "dotplot":
        names = names[:1]
    series = []
    for index, name in enumerate(names):
        column = _pick(columns, name, "y", 1 + index, origin)
        series.append(Series(column.name, _numbers(column, origin,
                                                   gaps=chart.type == "line")))
    if chart.type == "dotplot":
        series = [_ranged(chart, columns, series[0], origin)]
    if chart.type == "line":
        positions, dated = _positions(x, origin)
        return ChartData("line", labels, tuple(series), positions, (), x.name, dated)
    return ChartData(chart.type, labels, tuple(series), x_name=x.name)


_NAMES = {"bar": "bar chart", "dotplot": "dot plot", "timeline": "timeline"}


def _ranged(chart: ChartSpec, columns: list[Column], series: Series, origin: str) -> Series:
    """A dot plot's estimates with their low and high ends, each range around its value."""
    if chart.low is None or chart.high is None:
        raise DataProblem("a dot plot needs the columns of each estimate's range: `low` and "
                          "`high`", ("type",), hint="add `low: <column>` and "
                          "`high: <column>` to the chart")
    low_column = _pick(columns, chart.low, "low", 0, origin)
    high_column = _pick(columns, chart.high, "high", 0, origin)
    low = _numbers(low_column, origin)
    high = _numbers(high_column, origin)
    for row, (value, lo, hi) in enumerate(zip(series.values, low, high, strict=True)):
        assert value is not None and lo is not None and hi is not None
        if not lo <= value <= hi:
            place, path = _where(low_column, row, origin)
            raise DataProblem(f"{place.replace(low_column.name, series.name)}: the estimate "
                              f"{_shown(value)} is not between its low {_shown(lo)} and "
                              f"high {_shown(hi)}", path)
    return Series(series.name, series.values, tuple(v for v in low if v is not None),
                  tuple(v for v in high if v is not None))


__all__ = ["ROWS", "ChartData", "Series", "load_chart", "number"]
