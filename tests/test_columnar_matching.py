"""
The attendance sheets' matching in closed form (a running maximum, which the
columnar engine computes in SQL) is the reference's walk over the reports.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb.codes import EventType
from forloeb.columnar._deadlines import matched_reports
from forloeb.dates import month_series
from forloeb.model import Agreement, Event, Pathway
from forloeb.sla import Rule, Status, pathway_deadlines

_START = dt.date(2018, 1, 31)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3), st.lists(st.integers(-5, 420), max_size=12), st.integers(0, 20),
       st.integers(30, 400))
def test_the_closed_form_matches_each_due_date_to_the_report_the_walk_does(
        interval: int, offsets: list[int], grace: int, days: int) -> None:
    """
    Reports dated anywhere (before the start, on a due date, several in one
    window, none for a while); each sheet's ``done`` is the report the closed
    form names.
    """
    as_of = _START + dt.timedelta(days=days)
    reports = sorted(_START + dt.timedelta(days=n) for n in offsets
                     if _START + dt.timedelta(days=n) <= as_of)
    agreement = Agreement("SA1", dt.date(2017, 1, 1), slots=8, plan_deadline_weeks=4,
                          frame_weeks=52, attendance_interval_months=interval, grace_days=grace)
    pathway = Pathway("P1", "SA1", "D-1", start_date=_START)
    events = [Event("P1", day, EventType.ATTENDANCE_REPORT) for day in reports]
    sheets = [d for d in pathway_deadlines(pathway, agreement, events, as_of=as_of)
              if d.rule is Rule.ATTENDANCE_REPORT]
    dues = month_series(_START, interval, as_of)
    positions = matched_reports(_START, dues, reports)
    assert [d.due for d in sheets] == dues
    assert [d.done for d in sheets] == [None if i is None else reports[i] for i in positions]
    assert all((d.status in (Status.MET, Status.LATE)) == (d.done is not None) for d in sheets)
