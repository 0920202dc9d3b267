"""Each type of chart drawn: SVG whose words stay words (the labels and the events as
text), in the house's font and accent colour, with no date and the same bytes each time."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.charts import Look, draw, load_chart
from brief.errors import Where
from brief.spec import ChartSpec

pytestmark = pytest.mark.slow  # matplotlib loads

CHARTS = {
    "bar": ({"partner": ["Russia", "EU"], "share": [41, 22], "other": [30, 25]},
            {"y": ("share", "other")}, ["Russia", "EU", "share", "other"]),
    "line": ({"year": [2019, 2020, 2021], "share": [40, "", 55]}, {},
             ["2019", "2021"]),
    "timeline": ({"date": ["2022-02-24", "2020-08-09"],
                  "event": ["Invasion of Ukraine", "Contested election"]}, {},
                 ["2020-08-09", "Contested election", "Invasion of Ukraine"]),
    "dotplot": ({"who": ["NATO", "Kyiv"], "troops": [30000, 35000],
                 "low": [25000, 30000], "high": [35000, 40000]},
                {"low": "low", "high": "high"}, ["NATO", "Kyiv", "30,000"]),
}


@pytest.mark.parametrize("kind", list(CHARTS))
def test_each_type_is_drawn_as_svg_with_its_words_as_text(kind: str) -> None:
    data, keys, words = CHARTS[kind]
    chart = ChartSpec(type=kind, title="T", data=data, **keys)  # type: ignore[arg-type]
    loaded = load_chart(chart, Path("."), Path("."), lambda path: Where())
    look = Look.of({"body_font": "Liberation Serif", "accent_colour": "#aa3300"})
    drawing = draw(loaded, look, x_label="Across", y_label=None, units="%")
    svg = drawing.svg.decode("utf-8")
    for word in words:
        assert f">{word}<" in svg or f"> {word}<" in svg, word
    assert "font-family: 'Liberation Serif', 'DejaVu Sans', sans-serif" in svg
    assert "#aa3300" in svg
    assert "<dc:date>" not in svg
    again = draw(loaded, look, x_label="Across", y_label=None, units="%")
    assert again.svg == drawing.svg
    assert 60 <= drawing.width_mm <= 170 and drawing.height_mm > 0


@pytest.mark.parametrize(("language", "tick", "label"), [
    ("en", "2,000", "4,000"), ("de", "2.000", "4.000")])
def test_the_value_axis_writes_numbers_as_the_bar_labels_do(language: str, tick: str,
                                                            label: str) -> None:
    """Thousands separated on the axis as on the bars ("1000 ... 4000" beside "4,000" was
    not), in the memo's language; the table and the alternative text write them alike."""
    from brief.charts.describe import alt_text, data_table

    chart = ChartSpec(type="bar", title="Troops", data={  # type: ignore[arg-type]
        "district": ["Brest", "Gomel"], "troops": [4000, 3500.5]})
    loaded = load_chart(chart, Path("."), Path("."), lambda path: Where())
    svg = draw(loaded, Look.of({}, language), x_label=None, y_label=None,
               units=None).svg.decode("utf-8")
    assert f">{tick}<" in svg and f">{label}<" in svg
    assert ">2000<" not in svg and ">1000<" not in svg
    decimal = "3,500.5" if language == "en" else "3.500,5"
    assert f">{decimal}<" in svg
    assert data_table(loaded, None, language).rows == (("Brest", label), ("Gomel", decimal))
    assert alt_text(loaded, "Troops", None, language) == (
        f"Bar chart: Troops: Brest {label}, Gomel {decimal}.")
