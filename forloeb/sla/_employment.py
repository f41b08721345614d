"""
The deadline of one employment: the jobcenter's review 2.5 years into a
flexjob (da: *opfølgning efter 2½ år i fleksjob*, LAB § 70 d, stk. 1).

One pure function over one employment and its own events, like
:mod:`forloeb.sla._pathway` for pathways, so another engine can reproduce it
row by row. With D the date checked (only facts dated on or before it count;
the employment as known then, :meth:`~forloeb.model.Employment.known_as_of`),
``due`` = start + 30 months (:func:`forloeb.dates.add_months`, anchored on the
start: 31 August 2016 gives 28 February 2019) and ``opens`` = ``due`` − 3
months, the first row whose condition holds decides:

====================================================  =========  ===============  ===========
condition                                             status     ``days_overdue``  ``days_left``
====================================================  =========  ===============  ===========
not a flexjob, or not started by D                    no finding
a review dated in [``opens``, ``due``]                ``met``    0                –
a review dated after ``due`` (the first one)          ``late``   review − due     –
no such review, ended by D, ``end`` < ``due``         ``not_due``  0              –
no such review, ended by D (``due`` ≤ ``end``)        ``missed`` end − due        –
no such review, running, D ≤ ``due``                  ``pending`` 0               due − D
no such review, running, ``due`` < D                  ``overdue`` D − due         –
====================================================  =========  ===============  ===========

A review held before ``opens`` does not count. ``done`` is the review that
decided (the first in the window, else the first after ``due``).

>>> import datetime as dt
>>> from decimal import Decimal
>>> from forloeb.model import Employment
>>> job = Employment("E1", "D-001", "Sumak", "fleksjob", dt.date(2016, 8, 31), Decimal(10))
>>> [(d.rule.value, d.due.isoformat(), d.status.value, d.days_left)
...  for d in employment_deadlines(job, (), as_of=dt.date(2019, 1, 31))]
[('flexjob_review', '2019-02-28', 'pending', 28)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from forloeb import _arguments as check
from forloeb.codes import (
    FLEXJOB,
    REVIEW_AFTER_MONTHS,
    REVIEW_WINDOW_MONTHS,
    EmploymentEventType,
)
from forloeb.dates import add_months
from forloeb.model import Employment, EmploymentEvent
from forloeb.sla._findings import Rule, Status
from forloeb.sla._pathway import Deadline

_REVIEW = EmploymentEventType.REVIEW
_RULE = Rule.FLEXJOB_REVIEW


def review_due(start: dt.date) -> tuple[dt.date, dt.date]:
    """
    The due date of a flexjob's review and the first day it counts as on
    time: start + 30 months, and that less 3 months.

    >>> review_due(dt.date(2016, 9, 8))
    (datetime.date(2019, 3, 8), datetime.date(2018, 12, 8))
    >>> review_due(dt.date(2016, 8, 31))
    (datetime.date(2019, 2, 28), datetime.date(2018, 11, 28))

    Raises:
        InvalidArgument: if ``start`` is no date, or lies outside the dates a
            register may hold.
    """
    check.check_date("start", start, bounded=True)
    return review_dates(start)


def review_dates(start: dt.date) -> tuple[dt.date, dt.date]:
    # review_due, its start known to be a date of a register.
    due = add_months(start, REVIEW_AFTER_MONTHS)
    return due, add_months(due, -REVIEW_WINDOW_MONTHS)


def employment_deadlines(employment: Employment, events: Iterable[EmploymentEvent], *,
                         as_of: dt.date) -> list[Deadline]:
    """
    The deadlines of one employment as of ``as_of`` (its flexjob review, if
    it has one), from the employment's own ``events``; see the table above.

    Raises:
        InvalidArgument: if an argument is of the wrong kind, or ``as_of``
            lies outside the dates a register may hold.
    """
    check.check_instance("employment", employment, Employment)
    own = check.checked_items("events", events, EmploymentEvent)
    check.check_date("as_of", as_of, bounded=True)
    return flexjob_deadlines(employment, own, as_of=as_of)


def flexjob_deadlines(employment: Employment, events: Iterable[EmploymentEvent], *,
                      as_of: dt.date) -> list[Deadline]:
    # employment_deadlines, its arguments known to be right (the register's own).
    known = employment.known_as_of(as_of)
    if known is None or known.kind != FLEXJOB:
        return []
    due, opens = review_dates(known.start_date)
    reviews = sorted(e.date for e in events if e.type == _REVIEW and e.date <= as_of)
    parts = (("review", known.start_date.isoformat(), opens.isoformat()),)
    on_time = next((day for day in reviews if opens <= day <= due), None)
    if on_time is not None:
        return [Deadline(_RULE, due, Status.MET, on_time, 0, None, parts)]
    later = next((day for day in reviews if day > due), None)
    if later is not None:
        return [Deadline(_RULE, due, Status.LATE, later, (later - due).days, None, parts)]
    end = known.end_date  # on or before as_of: the employment as known then
    if end is not None:
        if end < due:
            return [Deadline(_RULE, due, Status.NOT_DUE, None, 0, None, parts)]
        return [Deadline(_RULE, due, Status.MISSED, None, (end - due).days, None, parts)]
    if as_of <= due:
        return [Deadline(_RULE, due, Status.PENDING, None, 0, None, parts,
                         (due - as_of).days)]
    return [Deadline(_RULE, due, Status.OVERDUE, None, (as_of - due).days, None, parts)]
