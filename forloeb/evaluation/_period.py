"""
The evaluation period ``(since, as_of]``: which dates and days it holds.
"""

from __future__ import annotations

import datetime as dt

import attrs

from forloeb.errors import InvalidArgument

_DAY = dt.timedelta(days=1)


@attrs.frozen
class Period:
    """
    Evaluation period (da: *evalueringsperiode*) ``(since, as_of]``: it starts the
    day after ``since`` and ends on ``as_of``, both dates being days of the year.

    >>> p = Period(dt.date(2017, 6, 30), dt.date(2018, 6, 30))
    >>> p.days, p.contains(dt.date(2017, 6, 30)), p.contains(dt.date(2018, 6, 30))
    (365, False, True)
    """

    since: dt.date
    as_of: dt.date
    # The first day and the day after the last: asked for once per pathway.
    _first: dt.date = attrs.field(init=False, repr=False, eq=False)
    _after: dt.date = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        for name in ("since", "as_of"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidArgument(f"{name} must be a datetime.date, not {value!r}")
        if self.since >= self.as_of:
            raise InvalidArgument(
                f"the evaluation period ({self.since}, {self.as_of}] is empty: "
                f"since must be before as_of"
            )
        object.__setattr__(self, "_first", self.since + _DAY)
        object.__setattr__(self, "_after", self.as_of + _DAY)

    @property
    def first_day(self) -> dt.date:
        """
        The first day of the period: the day after ``since``.
        """
        return self._first

    @property
    def days(self) -> int:
        """
        How many days the period holds.
        """
        return (self.as_of - self.since).days

    def contains(self, day: dt.date | None) -> bool:
        """
        Whether ``day`` is in ``(since, as_of]`` (``None`` never is).
        """
        return day is not None and self.since < day <= self.as_of

    def days_between(self, first: dt.date | None, stop: dt.date | None) -> int:
        """
        How many days of the period fall in ``[first, stop)`` (``stop`` ``None``: no end).

        A pathway is active on day t when ``start <= t < end``, so its
        pathway-days in the period are ``days_between(start, end)``.

        >>> p = Period(dt.date(2017, 6, 30), dt.date(2018, 6, 30))
        >>> p.days_between(dt.date(2018, 6, 1), None), p.days_between(None, None)
        (30, 0)
        >>> p.days_between(dt.date(2017, 1, 1), dt.date(2017, 7, 1))
        0
        >>> p.days_between(dt.date(2017, 1, 1), dt.date(2017, 7, 2))
        1
        """
        if first is None:
            return 0
        low = first if first > self._first else self._first
        high = stop if stop is not None and stop < self._after else self._after
        return max(0, (high - low).days)
