"""
The geometry of the web page's charts: where each bar, segment, line and
tick goes, worked out from a :class:`~forloeb.rendering._report.Chart` and
handed to the template, which draws it as inline SVG.

Labels of any length are not drawn here: bars and split bars get their
labels and values as HTML beside them (``templates/charts.html``), which
wraps. The one text inside an SVG is a line chart's ticks, short by
construction (``100 %``, a year), with room reserved for the widest, and
year labels thinned out so that neighbours never touch.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, TypeGuard

from forloeb.labels import label
from forloeb.rendering._cells import Cell, Figure, Mean, Money, Share, format_cell, format_share
from forloeb.rendering._report import Chart

#: How many series colours (and line styles) there are before they repeat.
SERIES_STYLES = 8

#: A hidden (suppressed) bar is an outline of this share of the track.
_HIDDEN_WIDTH = 8.0

#: A line chart's box in SVG units: full width, and the small multiples of a
#: summary (two or three to a row).
_FULL = (560, 220)
_COMPACT = (320, 180)
#: The ticks' font size, and the room around the plot: the widest y tick
#: (``100 %``, about 3.3 font sizes wide in a wide font) fits in the left
#: margin. A small multiple is drawn smaller, so its ticks are set larger.
_FONT = {False: 11, True: 14}
_LEFT, _RIGHT, _TOP, _BOTTOM = 4.5, 14, 12, 2.4
#: Space left and right of the first and last year, and the least distance
#: between two year labels at 11 units (a four-digit year is about 28 wide).
_X_PAD = 20
_X_LABEL_SPACE = 36


def draw(chart: Chart, lang: str, *, compact: bool = False) -> dict[str, Any]:
    """
    What the template needs to draw ``chart``: its kind, title, legend, and
    the rows of bars, the segments of a split bar, or the lines and ticks.
    """
    drawn = {"bars": _bars, "split": _split, "lines": _lines}[chart.kind](chart, lang, compact)
    return {"kind": chart.kind, "title": chart.title, **drawn}


def is_figure(cell: Cell) -> bool:
    """
    Whether a cell is a figure or a date, never broken inside; text wraps.
    """
    return isinstance(cell, dt.date | Share | Mean | Money) or _is_number(cell)


def percent_width(share: float) -> float:
    """
    A share as the width of a bar in percent of its track, at most the whole track.

    >>> percent_width(0.875), percent_width(1.125), percent_width(-0.1)
    (87.5, 100.0, 0.0)
    """
    return round(min(max(share, 0.0), 1.0) * 100, 2)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value_text(value: Figure, unit: str, lang: str) -> str:
    if unit == "share":
        return format_share(Share(value), lang, counts=False)
    if unit == "money":
        return format_cell(Money(value), lang)
    return format_cell(value, lang)


def _series_style(index: int) -> str:
    return f"s{index % SERIES_STYLES}"


def _legend(chart: Chart) -> list[dict[str, str]]:
    if chart.legend:
        return [{"style": f"g-{key}", "label": text, "text": ""} for key, text in chart.legend]
    if len(chart.series) > 1:
        return [{"style": _series_style(k), "label": s.name, "text": ""}
                for k, s in enumerate(chart.series)]
    return []


def _bars(chart: Chart, lang: str, compact: bool) -> dict[str, Any]:
    numbers = [float(v) for s in chart.series for v in s.values if _is_number(v)]
    # Shares on a track from 0 to 100 % (above it, as utilisation can be, fills it);
    # counts scaled to the largest.
    scale = max([1.0 if chart.unit == "share" else 0.0, *numbers]) or 1.0
    several = len(chart.series) > 1
    rows = []
    for i, category in enumerate(chart.categories):
        bars = []
        for k, series in enumerate(chart.series):
            value = series.values[i] if i < len(series.values) else None
            style = f"g-{chart.groups[i]}" if chart.groups else _series_style(k)
            hidden = isinstance(value, str)
            if _is_number(value):
                width = round(100 * float(value) / scale, 2)
            else:
                width = _HIDDEN_WIDTH if hidden else 0.0
            bars.append({"series": series.name if several else "", "style": style,
                         "width": width, "hidden": hidden,
                         "text": _value_text(value, chart.unit, lang)})
        rows.append({"label": category, "bars": bars})
    return {"rows": rows, "legend": _legend(chart), "track": chart.unit == "share"}


def _split(chart: Chart, lang: str, compact: bool) -> dict[str, Any]:
    values = chart.series[0].values if chart.series else ()
    known = sum(v for v in values if _is_number(v))
    hidden = any(isinstance(v, str) for v in values)
    total = chart.total if _is_number(chart.total) else None
    scale = float(total if total else known) or 1.0
    segments, x = [], 0.0
    for i, value in enumerate(values):
        if _is_number(value) and value:
            width = 100 * float(value) / scale
            segments.append({"x": round(x, 2), "width": round(width, 2),
                             "style": f"g-{chart.groups[i]}" if chart.groups else
                             _series_style(i)})
            x += width
    if hidden and total is not None and x < 100:
        # The parts not shown add up to the rest: drawn as hidden, not split.
        segments.append({"x": round(x, 2), "width": round(100 - x, 2), "style": "hidden"})
    legend = [{"style": f"g-{chart.groups[i]}" if chart.groups else _series_style(i),
               "label": category, "text": _value_text(values[i], chart.unit, lang)}
              for i, category in enumerate(chart.categories) if i < len(values)]
    return {"segments": segments, "legend": legend,
            "drawn": bool(segments) and (not hidden or total is not None),
            "hidden_label": label("group.hidden", lang) if hidden else ""}


def _lines(chart: Chart, lang: str, compact: bool) -> dict[str, Any]:
    width, height = _COMPACT if compact else _FULL
    font = _FONT[compact]
    plot_left, plot_right = round(_LEFT * font), width - _RIGHT
    plot_top, plot_bottom = _TOP, height - round(_BOTTOM * font)
    numbers = [float(v) for s in chart.series for v in s.values if _is_number(v)]
    step = 0.25 if chart.unit == "share" else _nice_step(max(numbers, default=1.0))
    top_value = max(1.0 if chart.unit == "share" else step,
                    math.ceil(max(numbers, default=0.0) / step - 1e-9) * step)
    if top_value > 1.0 and chart.unit == "share":
        step = 0.5
        top_value = math.ceil(top_value / step - 1e-9) * step
    count = len(chart.categories)
    inner = plot_right - plot_left - 2 * _X_PAD

    def x_of(i: int) -> float:
        if count <= 1:
            return (plot_left + plot_right) / 2
        return plot_left + _X_PAD + inner * i / (count - 1)

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * value / top_value

    ticks = []
    tick = 0.0
    while tick <= top_value + 1e-9:
        ticks.append({"y": round(y_of(tick), 1), "text": _value_text(
            tick if chart.unit == "share" else round(tick), chart.unit, lang)})
        tick += step
    spacing = inner / (count - 1) if count > 1 else float(inner)
    every = max(1, math.ceil(_X_LABEL_SPACE * font / 11 / spacing))
    years = [{"x": round(x_of(i), 1), "text": category}
             for i, category in enumerate(chart.categories)
             if (count - 1 - i) % every == 0]
    lines = []
    for k, series in enumerate(chart.series):
        runs: list[list[str]] = [[]]
        points = []
        for i, value in enumerate(series.values[:count]):
            if not _is_number(value):
                runs.append([])
                continue
            x, y = round(x_of(i), 1), round(y_of(float(value)), 1)
            runs[-1].append(f"{x},{y}")
            points.append({"x": x, "y": y, "title": f"{series.name}, {chart.categories[i]}: "
                           f"{_value_text(value, chart.unit, lang)}"})
        lines.append({"style": _series_style(k),
                      "runs": [" ".join(run) for run in runs if len(run) > 1],
                      "points": points})
    return {"width": width, "height": height, "left": plot_left, "right": plot_right,
            "top": plot_top, "bottom": plot_bottom, "ticks": ticks, "years": years,
            "year_y": height - round(font * 0.7), "lines": lines, "legend": _legend(chart),
            "compact": compact, "font": font, "tick_shift": round(font * 0.35, 1)}


def _nice_step(largest: float) -> float:
    # A round step giving four or five ticks up to `largest`.
    raw = max(largest, 1.0) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))
