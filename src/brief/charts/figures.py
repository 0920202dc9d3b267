"""A spec's charts: each one's data read and checked as the spec is (`load_charts`), and
drawn as a figure of the model (`chart_figure`) when the memo is assembled."""

from __future__ import annotations

import functools
from pathlib import Path

from ..errors import BriefError, SpecError
from ..model import Citation, DataTable, Figure, Picture
from ..spec import BriefingSpec, ChartSpec
from ..yamlfile import KeyPath
from .data import ChartData, load_chart
from .describe import alt_text, data_table
from .draw import Drawing, Look, draw


def spec_charts(spec: BriefingSpec) -> list[ChartSpec]:
    """Every chart of the spec, in document order."""
    return [p.chart for s in spec.sections for p in s.points if p.chart is not None]


def load_charts(spec: BriefingSpec, root: Path
                ) -> tuple[dict[KeyPath, ChartData], list[BriefError]]:
    """The data of every chart of the spec, by the chart's key path, and the problems
    found (one for each chart, at its line)."""
    found: dict[KeyPath, ChartData] = {}
    errors: list[BriefError] = []
    for chart in spec_charts(spec):
        if not spec.intact(chart.key_path):
            continue
        if chart.source is not None and chart.source not in spec.sources:
            known = ", ".join(spec.sources) or "none"
            errors.append(SpecError(f"the chart's source '{chart.source}' is not a source of "
                                    f"the spec (its sources: {known})",
                                    spec.where((*chart.key_path, "source")),
                                    hint="name a source's id, or say where the data comes "
                                    "from in `credit`"))
            continue
        misplaced = _misplaced(chart)
        if misplaced is not None:
            key, belongs = misplaced
            errors.append(SpecError(f"'{key}' is for {belongs}, not a {chart.type} chart",
                                    spec.where((*chart.key_path, key), at_key=True),
                                    hint=f"remove '{key}', or make the chart's type "
                                    f"{_TYPE_OF[key]}"))
            continue
        try:
            found[chart.key_path] = load_chart(chart, spec.folder, root, spec.where)
        except BriefError as error:
            errors.append(error)
    return found, errors


# The keys only one type of chart uses, and that type.
_TYPE_OF = {"low": "dotplot", "high": "dotplot", "label": "timeline"}
_BELONGS = {"dotplot": "dot plots (the range of each estimate)",
            "timeline": "timelines (what happened)"}


def _misplaced(chart: ChartSpec) -> tuple[str, str] | None:
    """A key the chart's type does not use, and the charts it is for."""
    for key, kind in _TYPE_OF.items():
        if getattr(chart, key) is not None and chart.type != kind:
            return key, _BELONGS[kind]
    return None


def chart_figure(chart: ChartSpec, data: ChartData, style: dict[str, str],
                 citation: Citation | None, lead: str = "Data of", language: str = "en"
                 ) -> Figure:
    """The chart as a figure of the model: its picture drawn, its caption the title (and
    the chart's `caption`), its data as a table; numbered with the memo's figures."""
    drawing = _drawing(data, Look.of(style, language), chart.x_label, chart.y_label,
                       chart.units)
    table = data_table(data, chart.units, language)
    caption = " ".join(part.strip() for part in (_sentence(chart.title), chart.caption or "")
                       if part.strip())
    return Figure(alt=(chart.alt or alt_text(data, chart.title, chart.units, language)).strip(),
                  picture=Picture(drawing.svg, "svg", drawing.width_mm * PX_PER_MM,
                                  drawing.height_mm * PX_PER_MM),
                  caption=caption, credit=(chart.credit or "").strip(), citation=citation,
                  table=DataTable(table.header, table.rows, table.numeric, lead))


PX_PER_MM = 96 / 25.4  # CSS pixels


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!", "…")) else text + "."


@functools.lru_cache(maxsize=64)
def _drawing(data: ChartData, look: Look, x_label: str | None, y_label: str | None,
             units: str | None) -> Drawing:
    """The chart drawn once for the memo and all its releases."""
    return draw(data, look, x_label=x_label, y_label=y_label, units=units)
