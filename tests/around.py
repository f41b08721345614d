"""
Boundary tables: a fact dated the day before a boundary, on it and the day
after it, each with its outcome, so that a table reads as the rule.

>>> [p.id for p in around("the deadline", "met", "met", "late by 1 day")]
['the day before the deadline', 'on the deadline', 'the day after the deadline']
>>> shifted(dt.date(2018, 2, 28), 1)
datetime.date(2018, 3, 1)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from forloeb.sla import Finding, Status

#: The names of the two columns every boundary table has.
SHIFT_AND_EXPECTED = ("shift", "expected")


def around(boundary: str, before: object, on: object, after: object) -> list[Any]:
    """
    Three rows of ``(shift, expected)``: the day before ``boundary`` (-1), the
    day itself (0) and the day after (+1), named for where the fact falls.
    """
    return [
        pytest.param(-1, before, id=f"the day before {boundary}"),
        pytest.param(0, on, id=f"on {boundary}"),
        pytest.param(1, after, id=f"the day after {boundary}"),
    ]


def shifted(day: dt.date, shift: int) -> dt.date:
    """
    ``day`` moved by ``shift`` days.
    """
    return day + dt.timedelta(days=shift)


def _days(n: int) -> str:
    return f"{n} day" if n in (1, -1) else f"{n} days"


def outcome(finding: Finding | None) -> str:
    """
    A finding's status and days as a table says them: ``"met"``, ``"late by
    1 day"``, ``"pending, 3 days left"``, ``"missed by 0 days"``, ``"no
    finding"``.
    """
    if finding is None:
        return "no finding"
    status = finding.status
    if status is Status.PENDING:
        assert finding.days_left is not None
        assert finding.days_overdue == 0
        return f"pending, {_days(finding.days_left)} left"
    assert finding.days_left is None
    if status in (Status.MET, Status.EXEMPT, Status.NOT_DUE):
        assert finding.days_overdue == 0
        return "not due" if status is Status.NOT_DUE else status.value
    return f"{status.value} by {_days(finding.days_overdue)}"
