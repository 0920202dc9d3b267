"""A chart drawn with matplotlib, as SVG (the picture both formats show: Word's PNG
fallback is drawn from it, as for any SVG picture), in the house's fonts and colours.

matplotlib is imported here, when a memo has a chart, and only its object-oriented
`Figure` with the SVG canvas (not pyplot, nor any GUI). Text stays text in the
SVG (`svg.fonttype: none`): the PDF holds the axis labels as words a reader can find and
copy, in the house's font, and the file is a fifth of the size of glyphs drawn as paths.
The SVG carries no date and its ids are salted with a constant, so the same data draws
the same bytes.
"""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..templates.style import DEFAULTS, PAGE_SIZES_MM, length_mm
from .data import ChartData

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MM = 1 / 25.4  # inches
# Colours after the house's accent colour, for a chart of several bars or lines: a palette
# that stays apart for readers with red-green colour blindness (Okabe & Ito).
PALETTE = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#d55e00", "#0072b2", "#f0e442")


@dataclass(frozen=True)
class Drawing:
    """A chart as a picture: the drawing as SVG, and its size."""

    svg: bytes
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Look:
    """What the house's style tokens say a chart looks like."""

    font: str
    size: float  # points
    text: str
    accent: str
    colours: tuple[str, ...]
    width_mm: float
    language: str = "en"  # the memo's: how its numbers are written

    @classmethod
    def of(cls, style: dict[str, str], language: str = "en") -> Look:
        tokens = {**DEFAULTS, **style}
        page_width = PAGE_SIZES_MM.get(tokens["page_size"], PAGE_SIZES_MM["A4"])[0]
        width = page_width - length_mm(tokens["margin_left"]) - \
            length_mm(tokens["margin_right"])
        return cls(tokens["body_font"], float(tokens["font_size"].removesuffix("pt")),
                   tokens["text_colour"], tokens["accent_colour"],
                   (tokens["accent_colour"], *PALETTE),
                   max(60.0, min(width, 170.0)), language)


def draw(data: ChartData, look: Look, *, x_label: str | None, y_label: str | None,
         units: str | None) -> Drawing:
    """Draw `data` as SVG."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # a missing font
    rows = len(data.labels)
    width = look.width_mm
    if data.type in ("bar", "dotplot", "timeline"):
        per_row = 7.5 * max(1, len(data.series)) if data.type == "bar" else 7.5
        height = min(max(45.0, 22 + per_row * rows), 220.0)
    else:
        height = width * 0.5
    with rc_context(_rc(look)):  # type: ignore[arg-type]
        figure = Figure(figsize=(width * MM, height * MM), layout="constrained")
        axes = figure.add_subplot()
        _DRAW[data.type](axes, data, look, units)
        _axes_style(axes, look, data.type)
        if x_label:
            (axes.set_ylabel if data.type in ("bar", "dotplot") else axes.set_xlabel)(x_label)
        value_label = _with_units(y_label if y_label is not None else
                                  (data.series[0].name if len(data.series) == 1 else ""),
                                  units)
        if value_label and data.type != "timeline":
            (axes.set_xlabel if data.type in ("bar", "dotplot") else axes.set_ylabel)(
                value_label)
        if len(data.series) > 1:
            axes.legend(frameon=False)
        _thousands(axes, data, look.language)
        svg = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(svg, metadata={"Date": None, "Creator": None})
    return Drawing(svg.getvalue(), width, height)


def _thousands(axes: Axes, data: ChartData, language: str) -> None:
    """The value axis's numbers written as the bars' labels, the table and the alternative
    text write them, in the memo's language: `4,000` (`4.000` in German), `2.5`."""
    from matplotlib.ticker import FuncFormatter

    if data.type != "timeline":
        axis = axes.xaxis if data.type in ("bar", "dotplot") else axes.yaxis
        axis.set_major_formatter(FuncFormatter(
            lambda value, _: value_text(value, language=language)))


def _rc(look: Look) -> dict[str, Any]:
    return {
        "svg.fonttype": "none", "svg.hashsalt": "brief", "font.family": "sans-serif",
        "font.sans-serif": [look.font, "DejaVu Sans"], "font.size": look.size,
        "text.color": look.text, "axes.labelcolor": look.text, "xtick.color": look.text,
        "ytick.color": look.text, "axes.edgecolor": look.text, "axes.linewidth": 0.6,
        "axes.titlesize": look.size, "axes.labelsize": look.size,
        "xtick.labelsize": look.size * 0.9, "ytick.labelsize": look.size * 0.9,
        "legend.fontsize": look.size * 0.9, "figure.dpi": 72, "savefig.dpi": 72,
        "path.simplify": False, "axes.unicode_minus": True,
    }


def _axes_style(axes: Axes, look: Look, kind: str) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if kind == "timeline":
        for side in ("left", "bottom"):
            axes.spines[side].set_visible(False)
        return
    axes.set_axisbelow(True)
    axes.grid(axis="x" if kind in ("bar", "dotplot") else "y", color=look.text, alpha=0.15,
              linewidth=0.5)


def _with_units(label: str | None, units: str | None) -> str:
    if not units or (label and units.lower() in label.lower()):
        return label or ""
    return f"{label} ({units})" if label else units


def value_text(value: float, units: str | None = None, language: str = "en") -> str:
    """A value as the chart, the table and the alternative text show it: `41`, `2.5`,
    `1,234`, with its units (`41 %`, `6 bn USD`); in a memo in another language than
    English, as that language writes numbers (German `1.234`, `2,5`)."""
    if language.lower().split("-")[0].split("_")[0] == "en":
        text = f"{value:,.0f}" if value == round(value) else f"{value:,.2f}".rstrip("0")
    else:
        text = _localised(value, language)
    text = text.replace("-", "\u2212")
    return f"{text} {units}" if units else text


def _localised(value: float, language: str) -> str:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    return str(format_decimal(value, format="#,##0.##", locale=locale))


def _bar(axes: Axes, data: ChartData, look: Look, units: str | None) -> None:
    count = len(data.series)
    height = 0.8 / count
    positions = range(len(data.labels))
    for index, series in enumerate(data.series):
        offsets = [p - 0.4 + height * (index + 0.5) for p in positions]
        values = [v or 0.0 for v in series.values]
        bars = axes.barh(offsets, values, height=height * 0.9, label=series.name,
                         color=look.colours[index % len(look.colours)])
        axes.bar_label(bars, labels=[value_text(v, language=look.language) for v in values],
                       padding=2,
                       fontsize=look.size * 0.85)
    axes.set_yticks(list(positions), list(data.labels))
    axes.invert_yaxis()  # the first row at the top, as the table reads
    axes.margins(x=0.12)


def _line(axes: Axes, data: ChartData, look: Look, units: str | None) -> None:
    for index, series in enumerate(data.series):
        points = [(x, y) for x, y in zip(data.positions, series.values, strict=True)]
        xs = [x for x, _ in points]
        ys = [float("nan") if y is None else y for _, y in points]
        axes.plot(xs, ys, color=look.colours[index % len(look.colours)], linewidth=1.6,
                  marker="o" if len(xs) <= 24 else None, markersize=3, label=series.name)
    if data.dated or all(x == int(x) for x in data.positions):
        # Years (dates lie between them): whole years on the axis, never `2021.5`.
        from matplotlib.ticker import MaxNLocator, ScalarFormatter

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.xaxis.set_major_formatter(ScalarFormatter(useOffset=False))


def _dotplot(axes: Axes, data: ChartData, look: Look, units: str | None) -> None:
    series = data.series[0]
    rows = list(range(len(data.labels)))
    values = [v or 0.0 for v in series.values]
    axes.hlines(rows, series.low, series.high, color=look.colours[0], alpha=0.45,
                linewidth=3)
    axes.plot(values, rows, "o", color=look.colours[0], markersize=5)
    axes.set_yticks(rows, list(data.labels))
    axes.invert_yaxis()
    axes.margins(y=0.15)


def _timeline(axes: Axes, data: ChartData, look: Look, units: str | None) -> None:
    rows = list(range(len(data.labels)))
    axes.plot([0] * len(rows), rows, color=look.colours[0], linewidth=1.2)
    axes.plot([0] * len(rows), rows, "o", color=look.colours[0], markersize=5)
    for row, date, event in zip(rows, data.labels, data.events, strict=True):
        axes.annotate(date, (0, row), xytext=(-8, 0), textcoords="offset points",
                      ha="right", va="center", fontweight="bold",
                      fontsize=look.size * 0.9)
        axes.annotate(_wrapped(event), (0, row), xytext=(8, 0), textcoords="offset points",
                      ha="left", va="center", fontsize=look.size * 0.9)
    axes.set_xlim(-1, 3)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.invert_yaxis()
    axes.margins(y=0.08)


def _wrapped(text: str, width: int = 70) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])


_DRAW = {"bar": _bar, "line": _line, "dotplot": _dotplot, "timeline": _timeline}
