"""What a chart says in words: the alternative text brief writes from its data, and its data
as a table, for a reader who cannot see the picture.

The alternative text names the kind of chart and its title, then its values (`Bar chart:
Belarus's exports by partner, 2021: Russia 41 %, EU 22 %, ...`) while they are few; of a
longer series it gives a summary: how many values, the first and the last, the highest
and the lowest. The table holds every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import ChartData, Series
from .draw import value_text as number_text

KIND_NAMES = {"bar": "Bar chart", "line": "Line chart", "timeline": "Timeline",
              "dotplot": "Dot plot of estimates with their ranges"}
# Up to this many values, the alternative text gives them all.
LISTED = 8
# The longest alternative text brief writes (a screen reader reads the table for the rest).
ALT_LIMIT = 600


@dataclass(frozen=True)
class Table:
    """A chart's data as a table: the header row, the rows, and which columns hold
    numbers (set right)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


def alt_text(data: ChartData, title: str, units: str | None, language: str = "en"
             ) -> str:
    """The chart's alternative text, from its data."""
    head = f"{KIND_NAMES[data.type]}: {title.rstrip('. ')}"
    if data.type == "timeline":
        body = "; ".join(f"{date}, {event}" for date, event in
                         zip(data.labels, data.events, strict=True))
        if len(data.labels) > LISTED:
            body = (f"{len(data.labels)} events from {data.labels[0]} "
                    f"({data.events[0]}) to {data.labels[-1]} ({data.events[-1]})")
        return _cut(f"{head}: {body}.")
    parts = [_series_text(data, series, units, language) for series in data.series]
    return _cut(f"{head}: {'; '.join(parts)}.")


def _series_text(data: ChartData, series: Series, units: str | None,
                 language: str) -> str:
    def value_text(value: float, units: str | None = None) -> str:
        return number_text(value, units, language)

    named = f"{series.name}: " if len(data.series) > 1 else ""
    pairs = [(label, value) for label, value in zip(data.labels, series.values, strict=True)
             if value is not None]
    if data.type == "dotplot":
        return named + ", ".join(
            f"{label} {value_text(value, units)} (range {value_text(lo)} to "
            f"{value_text(hi, units)})"
            for (label, value), lo, hi in zip(pairs, series.low, series.high, strict=True))
    if len(pairs) <= LISTED:
        return named + ", ".join(f"{label} {value_text(value, units)}"
                                 for label, value in pairs)
    if not pairs:
        return named + "no values"
    high = max(pairs, key=lambda p: p[1])
    low = min(pairs, key=lambda p: p[1])
    first, last = pairs[0], pairs[-1]
    return (f"{named}{len(pairs)} values, {first[0]} to {last[0]}: "
            f"{value_text(first[1], units)} in {first[0]}, {value_text(last[1], units)} in "
            f"{last[0]}; highest {value_text(high[1], units)} ({high[0]}), lowest "
            f"{value_text(low[1], units)} ({low[0]})")


def _cut(text: str) -> str:
    if len(text) <= ALT_LIMIT:
        return text
    return text[:ALT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"


def data_table(data: ChartData, units: str | None, language: str = "en") -> Table:
    """The chart's data as a table: a row for each label, a column for each series."""
    label = data.x_name

    def headed(name: str) -> str:  # a column's name with its units, unless it says them
        return name if not units or units.lower() in name.lower() else f"{name} ({units})"

    if data.type == "timeline":
        events: tuple[tuple[str, ...], ...] = tuple(
            zip(data.labels, data.events, strict=True))
        return Table((label, "Event"), events, (False, False))
    if data.type == "dotplot":
        series = data.series[0]
        rows: tuple[tuple[str, ...], ...] = tuple(
            (name, _cell(value, language), number_text(lo, language=language),
             number_text(hi, language=language))
            for name, value, lo, hi in zip(data.labels, series.values, series.low,
                                           series.high, strict=True))
        return Table((label, headed(series.name), headed("Low"), headed("High")),
                     rows, (False, True, True, True))
    header = (label, *(headed(s.name) for s in data.series))
    rows = tuple((name, *(_cell(s.values[i], language) for s in data.series))
                 for i, name in enumerate(data.labels))
    return Table(header, rows, (False, *(True for _ in data.series)))


def _cell(value: float | None, language: str) -> str:
    return "no data" if value is None else number_text(value, language=language)
