"""Charts drawn from data: a chart's data read and checked (`data`), drawn in the house's
fonts and colours (`draw`, which alone imports matplotlib, when a memo has a chart), and
put in words (`describe`: the alternative text and the data as a table).
"""

from .data import ChartData, Series, load_chart
from .describe import Table, alt_text, data_table
from .draw import Drawing, Look, draw, value_text
from .figures import chart_figure, load_charts, spec_charts

__all__ = ["ChartData", "Drawing", "Look", "Series", "Table", "alt_text", "chart_figure",
           "data_table", "draw", "load_chart", "load_charts", "spec_charts", "value_text"]
