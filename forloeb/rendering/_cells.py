"""
What one cell of a report table holds, and how it is written in each language.

A cell is a plain value (``int``, ``float``, ``str``, ``None``) or one of the
small classes here, which keep the numbers a spreadsheet wants apart from the
text a reader sees: a :class:`Share` next to its numerator and denominator, a
:class:`Mean`, an amount of :class:`Money`, or a date. Numbers are grouped by
thousands and dates written as the reader's language writes them (Danish
``2.103`` and ``30.06.2018``, English ``2,103`` and ``2018-06-30``), in every
table of every format that a person reads. A suppressed figure is the string
``"<N"`` (see :mod:`forloeb.rendering.suppression`): a count is written as it
is, a share, mean or amount worked out from one as "skjult" ("suppressed").
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import attrs

from forloeb.evaluation._shares import percent_of, rounded_half_up
from forloeb.labels import label

#: A figure's value as the evaluation document holds it: ``"<N"`` when suppressed.
Figure = int | float | str | None

_DASH = "–"


@attrs.frozen
class Share:
    """
    A share shown as whole percent rounded half up, with the counts it comes from.

    ``value`` is the share (0-1, or above 1 for utilisation), ``None`` when
    the denominator is 0, or ``"<N"`` when suppressed.

    >>> format_cell(Share(0.4, 10, 25), "da")
    '40 % (10/25)'
    >>> format_cell(Share("<5", "<5", 25), "en"), format_cell(Share(None, 0, 0), "da")
    ('suppressed (<5/25)', '– (0/0)')
    """

    value: Figure
    numerator: Figure = None
    denominator: Figure = None

    @property
    def exact(self) -> Fraction | float | None:
        """
        The share as an exact fraction where the counts allow, else the float.
        """
        n, d = self.numerator, self.denominator
        if _is_count(n) and _is_count(d) and d:
            return Fraction(n, d)  # type: ignore[arg-type]
        if isinstance(self.value, int | float) and not isinstance(self.value, bool):
            return self.value
        return None

    @property
    def is_suppressed(self) -> bool:
        """
        Whether the share is hidden to protect a small count (its own or one it comes from).
        """
        return any(isinstance(x, str) for x in (self.value, self.numerator, self.denominator))

    @property
    def has_counts(self) -> bool:
        """
        Whether the numerator and denominator are known (shown or suppressed).
        """
        return self.numerator is not None and self.denominator is not None


@attrs.frozen
class Mean:
    """
    A mean (or a mean change, ``signed``) shown with one decimal.

    >>> format_cell(Mean(4.25), "da"), format_cell(Mean(0.5, signed=True), "en")
    ('4,3', '+0.5')
    """

    value: Figure
    signed: bool = False


@attrs.frozen
class Money:
    """
    An amount in Danish kroner, shown without decimals.

    >>> format_cell(Money(14500), "da"), format_cell(Money(14500), "en")
    ('14.500 kr.', 'DKK 14,500')
    >>> format_cell(Money("<5"), "da")
    'skjult'
    """

    value: Figure


Cell = int | float | str | None | Share | Mean | Money | dt.date


def format_cell(cell: Cell, lang: str) -> str:
    """
    A cell as a reader sees it in language ``lang``.

    >>> format_cell(3, "da"), format_cell(None, "da"), format_cell("<5", "en")
    ('3', '–', '<5')
    >>> format_cell(0.75, "da"), format_cell(2103, "da"), format_cell(2103, "en")
    ('0,8', '2.103', '2,103')
    >>> format_cell(dt.date(2018, 6, 30), "da"), format_cell(dt.date(2018, 6, 30), "en")
    ('30.06.2018', '2018-06-30')
    """
    if isinstance(cell, Share):
        return format_share(cell, lang)
    if isinstance(cell, Mean | Money) and isinstance(cell.value, str):
        # Derived from a suppressed count: hidden, and said so in words.
        return label("text.suppressed", lang)
    if isinstance(cell, Mean):
        return _format_decimal(cell.value, lang, signed=cell.signed)
    if isinstance(cell, Money):
        return _format_money(cell.value, lang)
    if isinstance(cell, float):
        return _format_decimal(cell, lang, signed=False)
    if cell is None:
        return _DASH
    if _is_count(cell):
        return format_count(cell, lang)  # type: ignore[arg-type]
    if isinstance(cell, dt.date):
        return format_day(cell, lang)
    return str(cell)


def as_date(value: Any) -> Any:
    """
    A date of a document (ISO text) as a date cell, so that each language
    writes it its way (and a workbook holds a date); anything else as it is.

    >>> as_date("2018-06-30"), as_date("<5")
    (datetime.date(2018, 6, 30), '<5')
    """
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def format_count(value: int, lang: str) -> str:
    """
    A whole number grouped by thousands: ``2.103`` in Danish, ``2,103`` in English.

    >>> format_count(1234567, "da"), format_count(-2103, "en"), format_count(999, "da")
    ('1.234.567', '-2,103', '999')
    """
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if lang == "da" else grouped


def format_day(day: dt.date, lang: str) -> str:
    """
    A date in a table: ``30.06.2018`` in Danish, ISO ``2018-06-30`` in English.

    >>> format_day(dt.date(2018, 7, 4), "da")
    '04.07.2018'
    """
    return f"{day.day:02}.{day.month:02}.{day.year:04}" if lang == "da" else day.isoformat()


def format_share(cell: Share, lang: str, *, counts: bool = True) -> str:
    """
    ``40 % (10/25)``; without ``counts`` only ``40 %``.

    >>> format_share(Share(0.4, 10, 25), "da", counts=False)
    '40 %'
    """
    if cell.is_suppressed:
        text = label("text.suppressed", lang)
    else:
        whole = percent_of(cell.exact)
        text = _DASH if whole is None else f"{whole} %"
    if counts and cell.has_counts:
        text += f" ({_count_text(cell.numerator, lang)}/{_count_text(cell.denominator, lang)})"
    return text


def _count_text(value: Figure, lang: str) -> str:
    return format_count(value, lang) if _is_count(value) else str(value)  # type: ignore[arg-type]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _tenths(value: float) -> int:
    # Half up away from zero, on the exact fraction the float stands for.
    return int(abs(rounded_half_up(value, 1)) * 10)


def _format_decimal(value: Figure, lang: str, *, signed: bool) -> str:
    if value is None or isinstance(value, str):
        return _DASH
    tenths = _tenths(float(value))
    sign = ""
    if tenths and value < 0:
        sign = "-"
    elif tenths and signed:
        sign = "+"
    point = "," if lang == "da" else "."
    return f"{sign}{format_count(tenths // 10, lang)}{point}{tenths % 10}"


def _format_money(value: Figure, lang: str) -> str:
    if value is None or isinstance(value, str):
        return _DASH
    whole = format_count(int(rounded_half_up(value, 0)), lang)
    return f"{whole} kr." if lang == "da" else f"DKK {whole}"
