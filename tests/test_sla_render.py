"""
The work list as the SLA renderer lays it out, and the engine on the bundled
example and on valid registers from :mod:`forloeb.testing`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Register
from forloeb.rendering.worklist import render_worklist
from forloeb.sla import (
    Finding,
    Rule,
    Status,
    check_deadlines,
    describe,
    select_worklist,
    urgency,
)
from forloeb.testing import registers

D = dt.date
_SA1 = Agreement("SA1", D(2018, 1, 1), slots=1, plan_deadline_weeks=4, frame_weeks=52)


def _finding(status: Status, due: dt.date, days: int = 0, pathway_id: str = "P1") -> Finding:
    return Finding("SA1", pathway_id, Rule.FRAME, due, status, days_overdue=days,
                   done=due if status in (Status.MET, Status.LATE) else None)


def test_most_urgent_first_overdue_by_days_then_pending_by_due_then_the_rest() -> None:
    findings = [
        _finding(Status.MISSED, D(2017, 3, 1), 12),
        _finding(Status.MET, D(2018, 1, 1)),
        _finding(Status.PENDING, D(2018, 8, 1)),
        _finding(Status.OVERDUE, D(2018, 5, 1), 60),
        _finding(Status.LATE, D(2018, 2, 1), 3),
        _finding(Status.PENDING, D(2018, 7, 1)),
        _finding(Status.OVERDUE, D(2018, 3, 1), 121),
        _finding(Status.NOT_DUE, D(2017, 1, 1)),
        _finding(Status.EXEMPT, D(2017, 6, 1)),
    ]
    expected = [
        (Status.OVERDUE, 121), (Status.OVERDUE, 60), (Status.PENDING, 0), (Status.PENDING, 0),
        (Status.MISSED, 12), (Status.LATE, 3), (Status.MET, 0), (Status.EXEMPT, 0),
        (Status.NOT_DUE, 0),
    ]
    assert expected == [(f.status, f.days_overdue) for f in sorted(findings, key=urgency)]


_DAY = D(2018, 6, 30)
_MIXED = [
    Finding("SA2", "Q1", Rule.FRAME, D(2018, 7, 1), Status.PENDING, days_left=1),
    Finding("SA1", "P1", Rule.FRAME, D(2018, 7, 15), Status.PENDING, days_left=15),
    Finding("SA1", "P1", Rule.PLAN_DEADLINE, D(2018, 7, 14), Status.PENDING, days_left=14),
    Finding("SA1", "P2", Rule.ATTENDANCE_REPORT, D(2018, 6, 28), Status.PENDING, days_left=-2),
    Finding("SA1", "P3", Rule.FOLLOWUP, D(2018, 5, 1), Status.OVERDUE, days_overdue=60),
    Finding("SA1", "P4", Rule.FOLLOWUP, D(2018, 6, 1), Status.OVERDUE, days_overdue=29),
    Finding("SA1", "P5", Rule.ATTENDANCE_REPORT, D(2016, 6, 1), Status.MISSED, days_overdue=3),
    Finding("SA1", None, Rule.CAPACITY, D(2018, 1, 1), Status.MET),
    Finding("SA2", "Q2", Rule.PLAN_DEADLINE, D(2018, 1, 1), Status.MET, done=D(2018, 1, 1)),
    Finding("SA2", None, Rule.CAPACITY, D(2018, 1, 1), Status.MET),
]


def _keys(findings: list[Finding]) -> list[tuple[str, str | None, str]]:
    return [(f.agreement_id, f.pathway_id, f.due.isoformat()) for f in findings]


def test_work_list_shows_overdue_then_what_falls_due_in_the_window_by_agreement() -> None:
    """A sheet within its grace days is due already, so it is listed whatever the window."""
    assert [("SA2", "Q1", "2018-07-01"), ("SA1", "P3", "2018-05-01"),
            ("SA1", "P4", "2018-06-01"), ("SA1", "P2", "2018-06-28"),
            ("SA1", "P1", "2018-07-14")] == _keys(select_worklist(_MIXED, as_of=_DAY))
    assert [("SA1", "P3", "2018-05-01"), ("SA1", "P4", "2018-06-01"),
            ("SA1", "P2", "2018-06-28")] == _keys(select_worklist(_MIXED, as_of=_DAY,
                                                                  due_within=0))


def test_work_list_of_some_statuses_or_of_everything() -> None:
    missed = select_worklist(_MIXED, as_of=_DAY, statuses={Status.MISSED, Status.MET})
    assert [("SA1", "P5", "2016-06-01"), ("SA1", None, "2018-01-01"),
            ("SA2", "Q2", "2018-01-01"), ("SA2", None, "2018-01-01")] == _keys(missed)
    everything = select_worklist(_MIXED, as_of=_DAY, everything=True)
    assert ["Q1", "Q2", None, "P3", "P4", "P2", "P1", "P1", "P5", None] == [
        f.pathway_id for f in everything]


@pytest.mark.parametrize(("options", "message"), [
    ({"due_within": -1}, "due_within must be a whole number of days from 0 to 40541, "
                         "not the int -1"),
    ({"everything": True, "statuses": {Status.MET}}, "not both"),
])
def test_work_list_refuses_a_selection_that_makes_no_sense(options: dict[str, Any],
                                                           message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        select_worklist(_MIXED, as_of=_DAY, **options)


def test_work_list_says_when_nothing_has_fallen_due_yet() -> None:
    text = render_worklist([], agreements=[_SA1], as_of=D(2018, 1, 2), lang="en")
    assert "No deadline has fallen due yet." in text
    assert "No deadlines to show." in text


@pytest.mark.parametrize(("fmt", "lang", "message"), [
    ("html", "da", "unknown format 'html'"),
    ("text", "fr", "unknown language 'fr'"),
])
def test_work_list_refuses_an_unknown_format_or_language(fmt: str, lang: str,
                                                         message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        render_worklist([], agreements=[_SA1], as_of=D(2018, 1, 2), fmt=fmt, lang=lang)


def test_every_detail_of_the_bundled_example_is_said_in_danish() -> None:
    register = forloeb.load_example()
    findings = check_deadlines(register, as_of=forloeb.EXAMPLE_AS_OF, due_within=60)
    parts = {part for f in findings for part in f.detail.split("; ") if part}
    untranslated = sorted(part for part in parts if describe(part, lang="da") == part)
    assert [] == untranslated


def test_bundled_example_has_the_statuses_a_jobcenter_acts_on() -> None:
    register = forloeb.load_example()
    statuses = {f.status for f in check_deadlines(register, as_of=forloeb.EXAMPLE_AS_OF)}
    assert {Status.MET, Status.LATE, Status.PENDING, Status.MISSED, Status.EXEMPT} <= statuses


def test_bundled_example_a_fortnight_on_has_sa1_p27s_sheet_overdue() -> None:
    """With nothing recorded after 30 June 2018, the sheet due on 4 July never came."""
    register = forloeb.load_example().as_of(forloeb.EXAMPLE_AS_OF)
    findings = check_deadlines(register, as_of=D(2018, 7, 14))
    overdue = [(f.pathway_id, f.due, f.days_overdue) for f in findings
               if f.status is Status.OVERDUE and f.rule is Rule.ATTENDANCE_REPORT]
    assert ("SA1-P27", D(2018, 7, 4), 10) in overdue


@settings(max_examples=15)
@given(register=registers(max_pathways=6), as_of=st.dates(D(2015, 1, 1), D(2020, 12, 31)))
def test_valid_registers_never_break_capacity_and_ignore_facts_after_the_as_of_date(
    register: Register, as_of: dt.date
) -> None:
    findings = check_deadlines(register, as_of=as_of)
    assert [] == [f for f in findings if f.rule is Rule.CAPACITY and f.status is Status.LATE]
    assert check_deadlines(register.as_of(as_of), as_of=as_of) == findings
