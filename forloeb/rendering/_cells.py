"""
What one cell of a report table holds, and how it is written in each language.

A cell is a plain value (``int``, ``float``, ``str``, ``None``) or one of the
small classes here, which keep the numbers a spreadsheet wants apart from the
text a reader sees: a :class:`Share` next to its numerator and denominator, a
:class:`Mean`, an amount of :class:`Money`. A suppressed figure is the string
``"<N"`` (see :mod:`forloeb.rendering.suppression`): a count is written as it
is, a share, mean or amount worked out from one as "skjult" ("suppressed").
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from forloeb.evaluation import percent, round_half_up
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


Cell = int | float | str | None | Share | Mean | Money


def format_cell(cell: Cell, lang: str) -> str:
    """
    A cell as a reader sees it in language ``lang``.

    >>> format_cell(3, "da"), format_cell(None, "da"), format_cell("<5", "en")
    ('3', '–', '<5')
    >>> format_cell(0.75, "da")
    '0,8'
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
    return str(cell)


def format_share(cell: Share, lang: str, *, counts: bool = True) -> str:
    """
    ``40 % (10/25)``; without ``counts`` only ``40 %``.

    >>> format_share(Share(0.4, 10, 25), "da", counts=False)
    '40 %'
    """
    if cell.is_suppressed:
        text = label("text.suppressed", lang)
    else:
        whole = percent(cell.exact)
        text = _DASH if whole is None else f"{whole} %"
    if counts and cell.has_counts:
        text += f" ({cell.numerator}/{cell.denominator})"
    return text


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _tenths(value: float) -> int:
    # Half up away from zero, on the exact fraction the float stands for.
    return int(abs(round_half_up(value, 1)) * 10)


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
    return f"{sign}{tenths // 10}{point}{tenths % 10}"


def _format_money(value: Figure, lang: str) -> str:
    if value is None or isinstance(value, str):
        return _DASH
    whole = f"{int(round_half_up(value, 0)):,}"
    if lang == "da":
        return whole.replace(",", ".") + " kr."
    return f"DKK {whole}"
