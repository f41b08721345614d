"""
A report as every format draws it: a title, parts (one per agreement, each a
sheet of a workbook), sections (one per question) holding tables, sentences
and bar charts.

Builders turn an evaluation, comparison, trend or reconciliation into a
:class:`Report` with every label already in the reader's language; the text,
Markdown, HTML and XLSX writers only lay it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from forloeb.rendering._cells import Cell


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


@attrs.frozen
class Section:
    """
    One question (or one block of a comparison): a heading, tables, sentences, a chart.
    """

    heading: str
    tables: tuple[Table, ...] = attrs.field(default=(), converter=_tables)
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    chart_title: str = ""
    chart: tuple[Bar, ...] = attrs.field(default=(), converter=_bars)


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
class Report:
    """
    Everything a format draws, labelled in ``lang``.
    """

    lang: str
    title: str
    lines: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    parts: tuple[Part, ...] = attrs.field(default=(), converter=_parts)
