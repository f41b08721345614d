"""
Calendar arithmetic on ``datetime.date``: weeks of 7 days, months anchored on a start.

No clock is read here; every function takes the dates it works on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from dateutil.relativedelta import relativedelta


def add_weeks(start: dt.date, weeks: int) -> dt.date:
    """
    The date ``weeks`` weeks of 7 days after ``start``.

    >>> add_weeks(dt.date(2018, 1, 1), 4)
    datetime.date(2018, 1, 29)
    """
    return start + dt.timedelta(weeks=weeks)


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@functools.lru_cache(maxsize=1 << 16)
def add_months(start: dt.date, months: int) -> dt.date:
    """
    The date ``months`` calendar months after ``start``, anchored on ``start``.

    A day that the target month lacks becomes its last day, and the anchor is
    kept: the k-th date is always computed from ``start``, never from the
    previous one, so a series never drifts to the 28th. Results are cached:
    a register has few distinct start dates and relativedelta is slow.

    >>> add_months(dt.date(2018, 8, 31), 2)
    datetime.date(2018, 10, 31)
    >>> add_months(dt.date(2018, 8, 31), 6)
    datetime.date(2019, 2, 28)
    >>> add_months(dt.date(2019, 12, 31), 2)
    datetime.date(2020, 2, 29)
    """
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    last = 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month]
    return dt.date(year, month, min(start.day, last))


def month_series(start: dt.date, interval: int, until: dt.date) -> list[dt.date]:
    """
    Every ``start + k * interval`` months (k >= 1) on or before ``until``.

    >>> [d.isoformat() for d in month_series(dt.date(2018, 8, 31), 2, dt.date(2019, 8, 31))]
    ['2018-10-31', '2018-12-31', '2019-02-28', '2019-04-30', '2019-06-30', '2019-08-31']
    """
    dates = []
    k = 1
    while (due := add_months(start, k * interval)) <= until:
        dates.append(due)
        k += 1
    return dates


def last_june_30(today: dt.date) -> dt.date:
    """
    The most recent 30 June on or before ``today``: the default evaluation date.

    >>> last_june_30(dt.date(2026, 11, 27))
    datetime.date(2026, 6, 30)
    >>> last_june_30(dt.date(2026, 6, 29))
    datetime.date(2025, 6, 30)
    """
    june = dt.date(today.year, 6, 30)
    return june if june <= today else dt.date(today.year - 1, 6, 30)


def one_year_before(day: dt.date) -> dt.date:
    """
    The same day a year earlier (29 February becomes 28 February).

    >>> one_year_before(dt.date(2018, 6, 30))
    datetime.date(2017, 6, 30)
    """
    return day - relativedelta(years=1)
