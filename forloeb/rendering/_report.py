"""
A report as every format draws it: a title, a summary page (a card per
agreement), parts (one per agreement, each a sheet of a workbook), sections
(one per question) holding tables, sentences and charts, then the details;
and where it came from (the source register, the time it was made).

Builders turn an evaluation, comparison, trend, reconciliation, the jobs of
a year or the annual report into a :class:`Report` with every label already
in the reader's language; the text, Markdown, HTML and XLSX writers only lay
it out. Text and Markdown draw no charts; HTML draws every one; a workbook
holds the figures behind them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from forloeb.rendering._cells import Cell, Figure


# Typed converters: attrs' plain `tuple` converter loses the element type for mypy.
def _cells(rows: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _columns(items: Iterable[int]) -> frozenset[int]:
    return frozenset(items)


def _tables(items: Iterable[Table]) -> tuple[Table, ...]:
    return tuple(items)


def _bars(items: Iterable[Bar]) -> tuple[Bar, ...]:
    return tuple(items)


def _sections(items: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(items)


def _parts(items: Iterable[Part]) -> tuple[Part, ...]:
    return tuple(items)


def _figures(items: Iterable[Figure]) -> tuple[Figure, ...]:
    return tuple(items)


def _series(items: Iterable[Series]) -> tuple[Series, ...]:
    return tuple(items)


def _charts(items: Iterable[Chart]) -> tuple[Chart, ...]:
    return tuple(items)


def _cards(items: Iterable[Card]) -> tuple[Card, ...]:
    return tuple(items)


def _pairs(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((key, text) for key, text in items)


@attrs.frozen
class Table:
    """
    A table of cells. Without ``headers`` it is a list of figures: a label
    column and a value column.
    """

    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_cells)
    headers: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    #: Columns (by index) holding free text, which is left-aligned like the first.
    text_columns: frozenset[int] = attrs.field(default=frozenset(), converter=_columns)

    @property
    def width(self) -> int:
        """
        The number of columns.
        """
        if self.headers:
            return len(self.headers)
        return max((len(row) for row in self.rows), default=0)


@attrs.frozen
class Bar:
    """
    One bar of a chart: a label and a count (``"<N"`` when suppressed).
    """

    label: str
    value: int | str


#: The kinds of chart: bars across (one per category, one per category and
#: series when there are several series), lines over the categories (years),
#: and one bar split into its categories' parts.
CHART_KINDS: tuple[str, ...] = ("bars", "lines", "split")

#: What a chart's values are: counts, shares (0-1, shown as percent), kroner.
CHART_UNITS: tuple[str, ...] = ("count", "share", "money")


@attrs.frozen
class Series:
    """
    One colour of a chart (an agreement, a figure): its name and a value per
    category, ``None`` where there is none, ``"<N"`` or ``"x"`` where it is hidden.
    """

    name: str
    values: tuple[Figure, ...] = attrs.field(converter=_figures)


@attrs.frozen
class Chart:
    """
    A chart of ``kind`` (:data:`CHART_KINDS`) over ``categories`` (bar labels,
    or the years of a line chart), with one or more ``series``.

    ``groups`` gives each category of a one-series chart the group it belongs
    to (an outcome's group: progression, rehabilitation, stopped, other),
    which decides its colour; ``legend`` names the groups, in order.
    ``total`` is what a split bar's parts add up to (the completed
    pathways), so that hidden parts can be shown as the rest.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(CHART_KINDS))
    title: str
    categories: tuple[str, ...] = attrs.field(converter=_strings)
    series: tuple[Series, ...] = attrs.field(converter=_series)
    unit: str = attrs.field(default="count", validator=attrs.validators.in_(CHART_UNITS))
    groups: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    legend: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    total: Figure = None


@attrs.frozen
class Section:
    """
    One question (or one block of a comparison): a heading, tables, sentences, charts.

    ``chart`` and ``chart_title`` are the older form of one bar chart of
    counts; ``charts`` can hold any.
    """

    heading: str
    tables: tuple[Table, ...] = attrs.field(default=(), converter=_tables)
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    chart_title: str = ""
    chart: tuple[Bar, ...] = attrs.field(default=(), converter=_bars)
    charts: tuple[Chart, ...] = attrs.field(default=(), converter=_charts)

    @property
    def all_charts(self) -> tuple[Chart, ...]:
        """
        Every chart of the section, the older one-bar-chart form included.
        """
        if not self.chart:
            return self.charts
        older = Chart("bars", self.chart_title, [b.label for b in self.chart],
                      [Series(self.chart_title, [b.value for b in self.chart])])
        return (older, *self.charts)


@attrs.frozen
class Part:
    """
    One agreement, or a comparison: a sheet of a workbook.

    ``sheet`` is a short name fit for a worksheet tab (at most 31 characters).
    """

    sheet: str
    heading: str
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Card:
    """
    One agreement (or the jobs of a year, the flexjobs, the reviews) on the
    summary page: its key figures (a list of figures), a small chart and a
    sentence. The cards of the agreements have the same rows, so they read
    side by side (one table in a workbook); a card with other rows is a
    table of its own.
    """

    heading: str
    figures: Table
    subheading: str = ""
    chart: Chart | None = None
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Summary:
    """
    The first page: what a committee reads before anything else, its
    sentences (``paragraphs``, the year's result) first.
    """

    heading: str
    cards: tuple[Card, ...] = attrs.field(default=(), converter=_cards)
    charts: tuple[Chart, ...] = attrs.field(default=(), converter=_charts)
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen
class Report:
    """
    Everything a format draws, labelled in ``lang``.

    ``summary`` comes first, then the ``parts`` (each agreement on a page of
    its own when printed), then the ``details`` (the comparison of every
    figure, say). ``source`` (the register it was made from) and
    ``generated_at`` (when, passed in: rendering never reads the clock) go in
    the footer.
    """

    lang: str
    title: str
    lines: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    parts: tuple[Part, ...] = attrs.field(default=(), converter=_parts)
    summary: Summary | None = None
    details: tuple[Part, ...] = attrs.field(default=(), converter=_parts)
    source: str = ""
    generated_at: dt.datetime | None = None
