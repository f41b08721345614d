"""
Shares as exact fractions, and how reports show them: whole percent rounded half up.

A share is ``None`` when its denominator is 0 (nothing to divide), never 0 and
never an error; whoever shows it writes a dash.

Each public function checks its arguments; the engine, which calls them once
per figure with figures it made, calls the unchecked ones beside them
(:func:`share_of`, :func:`percent_of`, :func:`rounded_half_up`, :func:`compliance_of`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from forloeb import _arguments as check
from forloeb.sla import COUNTED, Status

#: The most decimal places :func:`round_half_up` rounds to.
MOST_DECIMALS = 100

#: Denominators up to this size are recovered exactly from a float (see :func:`percent`).
_MAX_DENOMINATOR = 1_000_000


def share(numerator: int, denominator: int) -> Fraction | None:
    """
    ``numerator / denominator`` as an exact fraction, or ``None`` when the denominator is 0.

    >>> share(10, 25), share(0, 0)
    (Fraction(2, 5), None)

    Raises:
        InvalidArgument: if either is no whole number.
    """
    check.check_int("numerator", numerator)
    check.check_int("denominator", denominator)
    return share_of(numerator, denominator)


def share_of(numerator: int, denominator: int) -> Fraction | None:
    # share, for the counts the engine made.
    if denominator == 0:
        return None
    return Fraction(numerator, denominator)


def percent(fraction: Fraction | float | int | None) -> int | None:
    """
    A share as whole percent, rounded half up (``None`` stays ``None``).

    Computed from the exact fraction, so 12.5 % is 13 % and never 12 % through
    float or banker's rounding. A float (a share read back from a JSON document)
    is first turned back into the fraction it came from: any fraction whose
    denominator is at most a million is recovered exactly.

    >>> percent(Fraction(61, 100)), percent(Fraction(22, 34)), percent(Fraction(22, 36))
    (61, 65, 61)
    >>> percent(Fraction(1, 8)), percent(Fraction(10, 25)), percent(None)
    (13, 40, None)
    >>> percent(0.285), percent(22 / 34)
    (29, 65)

    Raises:
        InvalidArgument: if ``fraction`` is no finite number (a text that
            reads as one, a :class:`~decimal.Decimal`, NaN) and not ``None``.
    """
    check.check_number("fraction", fraction, optional=True)
    return percent_of(fraction)


def percent_of(fraction: Fraction | float | int | None) -> int | None:
    # percent, for the figures the engine made or read (once per figure).
    if fraction is None:
        return None
    return _half_up(_exact(fraction) * 100)


def round_half_up(value: Fraction | float | int, decimals: int) -> Fraction:
    """
    ``value`` rounded half up to ``decimals`` decimal places, as an exact fraction.

    A half goes away from zero, as :data:`decimal.ROUND_HALF_UP` and the
    reports do, so -0.25 is -0.3 wherever it is shown or compared.

    >>> round_half_up(Fraction(25, 6), 1), round_half_up(2.25, 1), round_half_up(-0.25, 1)
    (Fraction(21, 5), Fraction(23, 10), Fraction(-3, 10))
    >>> round_half_up(3.75, 1), round_half_up(Fraction(1, 8), 2), round_half_up(2.5, 0)
    (Fraction(19, 5), Fraction(13, 100), Fraction(3, 1))

    Raises:
        InvalidArgument: if ``value`` is no finite number (a text that reads
            as one, a :class:`~decimal.Decimal`, NaN), or ``decimals`` is not
            a whole number from 0 to :data:`MOST_DECIMALS`.
    """
    check.check_number("value", value)
    check.check_int("decimals", decimals, low=0, high=MOST_DECIMALS)
    return rounded_half_up(value, decimals)


def rounded_half_up(value: Fraction | float | int, decimals: int) -> Fraction:
    # round_half_up, for the figures the engine made or read (once per figure).
    scale = 10**decimals
    return Fraction(_half_up(_exact(value) * scale), scale)


def _half_up(exact: Fraction) -> int:
    # To the nearest whole number, a half away from zero.
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return -whole if exact < 0 else whole


def to_number(value: Fraction | Decimal | int | None) -> float | int | None:
    """
    A figure as a JSON number: integers stay integers, the rest become floats.

    >>> to_number(Fraction(2, 5)), to_number(Decimal("14500")), to_number(None)
    (0.4, 14500, None)
    """
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return float(value)


def to_figure(value: Fraction | Decimal | int) -> float:
    """
    A figure that is always there as a JSON number (:func:`to_number`
    without ``None``).

    >>> to_figure(Decimal("3.6")), to_figure(Decimal("12"))
    (3.6, 12)
    """
    number = to_number(value)
    assert number is not None
    return number


def compliance(counts: Mapping[str, int]) -> Fraction | None:
    """
    The compliance rate of a set of findings counted by status:
    met / (met + late + overdue + missed).

    Pending, exempt and not-due findings are left out: they were not (yet) owed.

    >>> compliance({"met": 19, "late": 1, "pending": 3, "exempt": 6})
    Fraction(19, 20)
    >>> compliance({"pending": 3}) is None
    True

    Raises:
        InvalidArgument: if ``counts`` is no mapping, or a count in it is
            not a whole number, 0 or more.
    """
    check.check_mapping("counts", counts, what="a mapping of status to count (a dict)")
    for status in COUNTED:
        check.check_int(f"counts[{str(status)!r}]", counts.get(status, 0), low=0)
    return compliance_of(counts)


def compliance_of(counts: Mapping[str, int]) -> Fraction | None:
    # compliance, for the counts the engine made.
    return share_of(counts.get(Status.MET, 0), sum(counts.get(status, 0) for status in COUNTED))


def _exact(value: Fraction | float | int) -> Fraction:
    if isinstance(value, float):
        return Fraction(value).limit_denominator(_MAX_DENOMINATOR)
    return Fraction(value)
