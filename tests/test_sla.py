"""
The SLA engine, rule by rule, on small hand-built pathways (domain.md section 4).
"""

from __future__ import annotations

import datetime as dt

import pytest
from engines import each_engine

from forloeb.codes import EventType
from forloeb.errors import InvalidArgument, UnknownIdError
from forloeb.model import Agreement, Event, Pathway, Register
from forloeb.sla import (
    Finding,
    Rule,
    Status,
    capacity_use,
    check_deadlines,
    check_pathway,
    compliance,
    describe,
    next_due,
)

D = dt.date


#: Every test here runs once per engine (tests/engines.py).
engine = each_engine('check_pathway', 'check_deadlines')
_START = D(2018, 1, 8)
_SUMMER = D(2018, 6, 30)


def sa(**changes: object) -> Agreement:
    """
    An agreement like SA1: 8 slots, plan in 4 weeks, a 52-week frame, sheets every 2 months.
    """
    terms: dict[str, object] = {
        "agreement_id": "SA1", "start_date": D(2016, 1, 1), "slots": 8,
        "plan_deadline_weeks": 4, "frame_weeks": 52,
    }
    terms.update(changes)
    return Agreement(**terms)  # type: ignore[arg-type]


def pw(pathway_id: str = "P1", start: dt.date | None = _START, **changes: object
       ) -> Pathway:
    return Pathway(pathway_id, str(changes.pop("agreement_id", "SA1")), f"D-{pathway_id}",
                   start_date=start, **changes)  # type: ignore[arg-type]


def ev(day: dt.date, kind: EventType, code: str | None = None, value: int | None = None,
       pathway_id: str = "P1") -> Event:
    return Event(pathway_id, day, kind, code, value)


def report(day: dt.date, pathway_id: str = "P1") -> Event:
    return ev(day, EventType.ATTENDANCE_REPORT, pathway_id=pathway_id)


def meeting(day: dt.date, code: str | None = "held") -> Event:
    return ev(day, EventType.FOLLOWUP, code)


def extension(day: dt.date, weeks: int) -> Event:
    return ev(day, EventType.EXTENSION, value=weeks)


def absence(day: dt.date, days: int) -> Event:
    return ev(day, EventType.ABSENCE, "sick", days)


def of_rule(findings: list[Finding], rule: Rule) -> list[Finding]:
    return [f for f in findings if f.rule is rule]


def one(findings: list[Finding], rule: Rule) -> Finding:
    (finding,) = of_rule(findings, rule)
    return finding


def check(pathway: Pathway, events: list[Event] | tuple[Event, ...] = (), *,
          agreement: Agreement | None = None, as_of: dt.date = _SUMMER
          ) -> list[Finding]:
    return check_pathway(pathway, agreement or sa(), events, as_of=as_of)


# --- plan deadline ------------------------------------------------------------------------


def test_plan_made_on_the_deadline_day_is_met() -> None:
    finding = one(check(pw(plan_date=D(2018, 2, 5))), Rule.PLAN_DEADLINE)
    expected = Finding("SA1", "P1", Rule.PLAN_DEADLINE, D(2018, 2, 5), Status.MET,
                       done=D(2018, 2, 5))
    assert expected == finding


def test_plan_a_day_after_the_deadline_is_late_by_one_day() -> None:
    finding = one(check(pw(plan_date=D(2018, 2, 6))), Rule.PLAN_DEADLINE)
    assert (Status.LATE, 1, D(2018, 2, 6)) == (finding.status, finding.days_overdue,
                                                 finding.done)


def test_plan_deadline_is_one_week_under_an_sa2_agreement() -> None:
    finding = one(check(pw(agreement_id="SA2"), agreement=sa(agreement_id="SA2",
                                                             plan_deadline_weeks=1)),
                  Rule.PLAN_DEADLINE)
    assert (D(2018, 1, 15), Status.OVERDUE) == (finding.due, finding.status)


def test_missing_plan_with_a_reason_is_exempt_and_keeps_the_reason() -> None:
    finding = one(check(pw(no_plan_reason="kort_forloeb")), Rule.PLAN_DEADLINE)
    assert (Status.EXEMPT, "kort_forloeb") == (finding.status, finding.reason)


def test_missing_plan_of_a_pathway_that_ended_before_the_deadline_is_not_due() -> None:
    p = pw(end_date=D(2018, 1, 20), outcome="jobsoegende")
    assert Status.NOT_DUE == one(check(p), Rule.PLAN_DEADLINE).status


def test_missing_plan_is_pending_up_to_and_including_the_deadline() -> None:
    statuses = [one(check(pw(), as_of=day), Rule.PLAN_DEADLINE).status
                for day in (D(2018, 1, 8), D(2018, 2, 5), D(2018, 2, 6))]
    assert [Status.PENDING, Status.PENDING, Status.OVERDUE] == statuses


def test_overdue_plan_counts_days_from_the_deadline_to_the_as_of_date() -> None:
    finding = one(check(pw(), as_of=D(2018, 3, 7)), Rule.PLAN_DEADLINE)
    assert (Status.OVERDUE, 30, None) == (finding.status, finding.days_overdue, finding.done)


def test_pending_plan_says_how_many_days_are_left() -> None:
    finding = one(check(pw(), as_of=D(2018, 1, 29)), Rule.PLAN_DEADLINE)
    assert (Status.PENDING, 7, 0) == (finding.status, finding.days_left, finding.days_overdue)


def test_missing_plan_of_a_pathway_that_ended_after_the_deadline_is_missed() -> None:
    """Its days run from the deadline to the end, however long ago the end was."""
    p = pw(end_date=D(2018, 3, 7), outcome="jobsoegende")
    findings = [one(check(p, as_of=day), Rule.PLAN_DEADLINE) for day in (D(2018, 3, 7),
                                                                          D(2019, 6, 30))]
    expected = Finding("SA1", "P1", Rule.PLAN_DEADLINE, D(2018, 2, 5), Status.MISSED,
                       days_overdue=30)
    assert [expected, expected] == findings


def test_missing_plan_of_a_pathway_that_ended_on_the_deadline_is_missed_by_0_days() -> None:
    p = pw(end_date=D(2018, 2, 5), outcome="jobsoegende")
    finding = one(check(p, as_of=D(2018, 2, 5)), Rule.PLAN_DEADLINE)
    assert (Status.MISSED, 0, None) == (finding.status, finding.days_overdue, finding.days_left)


def test_plan_dated_after_the_as_of_date_does_not_exist_yet() -> None:
    finding = one(check(pw(plan_date=D(2018, 7, 1))), Rule.PLAN_DEADLINE)
    assert Status.OVERDUE == finding.status


def test_pathway_not_started_by_the_as_of_date_has_no_deadlines() -> None:
    assert [] == check(pw(start=D(2018, 7, 2)))
    assert [] == check(pw(start=None, referred_date=D(2018, 5, 1)))


# --- attendance sheets --------------------------------------------------------------------


def test_sheets_of_a_pathway_started_on_31_august_fall_on_each_month_end() -> None:
    p = pw(start=D(2018, 8, 31))
    dues = [f.due for f in of_rule(check(p, as_of=D(2019, 8, 31)), Rule.ATTENDANCE_REPORT)]
    expected = [D(2018, 10, 31), D(2018, 12, 31), D(2019, 2, 28), D(2019, 4, 30),
                D(2019, 6, 30), D(2019, 8, 31)]
    assert expected == dues


def test_sheet_due_on_29_february_in_a_leap_year() -> None:
    p = pw(start=D(2019, 12, 31))
    dues = [f.due for f in of_rule(check(p, as_of=D(2020, 6, 30)), Rule.ATTENDANCE_REPORT)]
    assert [D(2020, 2, 29), D(2020, 4, 30), D(2020, 6, 30)] == dues


def test_sheet_on_time_late_missing_and_not_yet_due() -> None:
    p = pw(start=D(2018, 1, 10))  # due 10 Mar, 10 May, 10 Jul (not yet on 30 Jun)
    events = [report(D(2018, 3, 9)), report(D(2018, 5, 20))]
    sheets = of_rule(check(p, events), Rule.ATTENDANCE_REPORT)
    expected = [
        Finding("SA1", "P1", Rule.ATTENDANCE_REPORT, D(2018, 3, 10), Status.MET,
                done=D(2018, 3, 9), detail="sheet 1 of 2"),
        Finding("SA1", "P1", Rule.ATTENDANCE_REPORT, D(2018, 5, 10), Status.LATE,
                done=D(2018, 5, 20), days_overdue=10, detail="sheet 2 of 2"),
    ]
    assert expected == sheets


def test_missing_sheet_is_overdue_by_days_since_its_due_date() -> None:
    sheets = of_rule(check(pw(start=D(2018, 1, 10))), Rule.ATTENDANCE_REPORT)
    assert [(Status.OVERDUE, 112), (Status.OVERDUE, 51)] == [
        (f.status, f.days_overdue) for f in sheets]


def test_sheet_due_today_is_pending() -> None:
    sheets = of_rule(check(pw(start=D(2018, 4, 30))), Rule.ATTENDANCE_REPORT)
    assert [Status.PENDING] == [f.status for f in sheets]


def test_grace_days_keep_a_sheet_on_time_and_delay_overdue() -> None:
    agreement = sa(grace_days=5)
    p = pw(start=D(2018, 2, 25))  # sheets due 25 Apr and 25 Jun
    sheets = of_rule(check(p, [report(D(2018, 4, 30))], agreement=agreement),
                     Rule.ATTENDANCE_REPORT)
    assert [Status.MET, Status.PENDING] == [f.status for f in sheets]
    later = of_rule(check(p, [report(D(2018, 5, 1))], agreement=agreement,
                          as_of=D(2018, 7, 1)), Rule.ATTENDANCE_REPORT)
    assert [(Status.LATE, 6), (Status.OVERDUE, 6)] == [(f.status, f.days_overdue)
                                                       for f in later]


def test_unsent_sheets_of_an_ended_pathway_are_missed_counted_to_the_end() -> None:
    p = pw(start=D(2018, 1, 10), end_date=D(2018, 5, 20), outcome="fleksjob")
    sheets = of_rule(check(p, [report(D(2018, 3, 9))]), Rule.ATTENDANCE_REPORT)
    assert [(Status.MET, 0), (Status.MISSED, 10)] == [(f.status, f.days_overdue)
                                                      for f in sheets]


def test_sheet_still_within_its_grace_days_when_the_pathway_ended_is_missed() -> None:
    p = pw(start=D(2018, 2, 25), end_date=D(2018, 4, 27), outcome="fleksjob")
    sheets = of_rule(check(p, agreement=sa(grace_days=5), as_of=D(2018, 4, 28)),
                     Rule.ATTENDANCE_REPORT)
    assert [(D(2018, 4, 25), Status.MISSED, 2)] == [(f.due, f.status, f.days_overdue)
                                                    for f in sheets]


def test_sheet_within_its_grace_days_is_pending_with_days_left_below_0() -> None:
    p = pw(start=D(2018, 2, 25))
    sheets = of_rule(check(p, agreement=sa(grace_days=5), as_of=D(2018, 4, 28)),
                     Rule.ATTENDANCE_REPORT)
    assert [(Status.PENDING, -3)] == [(f.status, f.days_left) for f in sheets]


def test_surplus_reports_in_one_window_are_not_errors_and_not_carried_over() -> None:
    p = pw(start=D(2018, 1, 10))
    events = [report(D(2018, 2, 1)), report(D(2018, 2, 15)), report(D(2018, 3, 1))]
    sheets = of_rule(check(p, events), Rule.ATTENDANCE_REPORT)
    assert [Status.MET, Status.OVERDUE] == [f.status for f in sheets]


def test_report_sent_on_a_due_date_belongs_to_that_window_only() -> None:
    p = pw(start=D(2018, 1, 10))
    sheets = of_rule(check(p, [report(D(2018, 3, 10))]), Rule.ATTENDANCE_REPORT)
    assert [Status.MET, Status.OVERDUE] == [f.status for f in sheets]


def test_late_sheet_sent_in_the_next_window_is_matched_to_the_earlier_due_date() -> None:
    p = pw(start=D(2018, 1, 10))
    events = [report(D(2018, 4, 1)), report(D(2018, 5, 2))]
    sheets = of_rule(check(p, events), Rule.ATTENDANCE_REPORT)
    assert [(Status.LATE, D(2018, 4, 1)), (Status.MET, D(2018, 5, 2))] == [
        (f.status, f.done) for f in sheets]


def test_sheets_stop_at_the_end_of_the_pathway() -> None:
    p = pw(start=D(2018, 1, 10), end_date=D(2018, 5, 9), outcome="fleksjob")
    sheets = of_rule(check(p), Rule.ATTENDANCE_REPORT)
    assert [D(2018, 3, 10)] == [f.due for f in sheets]


def test_sheets_every_three_months_when_the_agreement_says_so() -> None:
    sheets = of_rule(check(pw(start=D(2018, 1, 10)),
                           agreement=sa(attendance_interval_months=3)),
                     Rule.ATTENDANCE_REPORT)
    assert [D(2018, 4, 10)] == [f.due for f in sheets]


def test_report_dated_after_the_as_of_date_is_ignored() -> None:
    sheets = of_rule(check(pw(start=D(2018, 4, 1)), [report(D(2018, 7, 1))]),
                     Rule.ATTENDANCE_REPORT)
    assert [Status.OVERDUE] == [f.status for f in sheets]


# --- frame --------------------------------------------------------------------------------


def test_pathway_that_ended_on_its_planned_end_meets_the_frame() -> None:
    p = pw(end_date=D(2018, 4, 9), outcome="fleksjob")
    finding = one(check(p, agreement=sa(frame_weeks=13)), Rule.FRAME)
    assert (D(2018, 4, 9), Status.MET, D(2018, 4, 9), 0) == (
        finding.due, finding.status, finding.done, finding.days_overdue)


def test_pathway_that_ended_after_its_planned_end_is_late() -> None:
    p = pw(end_date=D(2018, 6, 1), outcome="fleksjob")
    finding = one(check(p, agreement=sa(frame_weeks=13)), Rule.FRAME)
    expected = Finding("SA1", "P1", Rule.FRAME, D(2018, 4, 9), Status.LATE,
                       done=D(2018, 6, 1), days_overdue=53, detail="13 weeks")
    assert expected == finding


def test_active_pathway_is_pending_until_its_planned_end_and_overdue_after() -> None:
    agreement = sa(frame_weeks=13)
    on_the_day = one(check(pw(), agreement=agreement, as_of=D(2018, 4, 9)), Rule.FRAME)
    after = one(check(pw(), agreement=agreement, as_of=D(2018, 4, 19)), Rule.FRAME)
    assert (Status.PENDING, Status.OVERDUE, 10) == (on_the_day.status, after.status,
                                                     after.days_overdue)


def test_frame_of_an_ended_pathway_is_done_however_late() -> None:
    """The end is what the frame waits for: it is never missed, overdue or pending."""
    p = pw(end_date=D(2019, 6, 1), outcome="fleksjob")
    finding = one(check(p, as_of=D(2019, 6, 30)), Rule.FRAME)
    assert (Status.LATE, D(2019, 6, 1), 145) == (finding.status, finding.done,
                                                 finding.days_overdue)


def test_extension_moves_the_planned_end() -> None:
    finding = one(check(pw(), [extension(D(2018, 4, 1), 13)], agreement=sa(frame_weeks=13)),
                  Rule.FRAME)
    assert (D(2018, 7, 9), Status.PENDING, "13 weeks + 13 weeks extension") == (
        finding.due, finding.status, finding.detail)


def test_extension_dated_after_the_as_of_date_is_ignored() -> None:
    events = [extension(D(2018, 4, 1), 13), extension(D(2018, 7, 1), 13)]
    finding = one(check(pw(), events, agreement=sa(frame_weeks=13), as_of=D(2018, 6, 30)),
                  Rule.FRAME)
    assert D(2018, 7, 9) == finding.due


def test_active_pathway_past_an_extended_frame_is_overdue() -> None:
    events = [extension(D(2018, 3, 1), 4), extension(D(2018, 4, 1), 4)]
    finding = one(check(pw(), events, agreement=sa(frame_weeks=13)), Rule.FRAME)
    assert (D(2018, 6, 4), Status.OVERDUE, 26) == (finding.due, finding.status,
                                                    finding.days_overdue)


# --- follow-up ----------------------------------------------------------------------------


def test_no_followup_findings_without_an_interval_in_the_agreement() -> None:
    assert [] == of_rule(check(pw(), [meeting(D(2018, 2, 1))]), Rule.FOLLOWUP)


def test_followup_gaps_met_late_and_open() -> None:
    agreement = sa(followup_interval_weeks=4)
    events = [meeting(D(2018, 2, 1)), meeting(D(2018, 3, 15)), meeting(D(2018, 3, 20),
                                                                      "cancelled")]
    findings = of_rule(check(pw(), events, agreement=agreement, as_of=D(2018, 5, 1)),
                       Rule.FOLLOWUP)
    expected = [
        Finding("SA1", "P1", Rule.FOLLOWUP, D(2018, 2, 5), Status.MET, done=D(2018, 2, 1),
                detail="24 days from the start to the first meeting"),
        Finding("SA1", "P1", Rule.FOLLOWUP, D(2018, 3, 1), Status.LATE, done=D(2018, 3, 15),
                days_overdue=14, detail="42 days since the last meeting"),
        Finding("SA1", "P1", Rule.FOLLOWUP, D(2018, 4, 12), Status.OVERDUE, days_overdue=19,
                detail="no meeting since 2018-03-15"),
    ]
    assert expected == findings


def test_open_followup_gap_of_an_active_pathway_is_pending_until_due() -> None:
    findings = of_rule(check(pw(), agreement=sa(followup_interval_weeks=4),
                             as_of=D(2018, 2, 5)), Rule.FOLLOWUP)
    assert [(D(2018, 2, 5), Status.PENDING)] == [(f.due, f.status) for f in findings]


def test_ended_pathway_has_no_open_followup_gap_that_was_not_due_before_the_end() -> None:
    p = pw(end_date=D(2018, 2, 5), outcome="fleksjob")
    findings = of_rule(check(p, agreement=sa(followup_interval_weeks=4)), Rule.FOLLOWUP)
    assert [] == findings


def test_ended_pathway_whose_followup_fell_due_before_the_end_has_missed_it() -> None:
    p = pw(end_date=D(2018, 2, 6), outcome="fleksjob")
    findings = of_rule(check(p, agreement=sa(followup_interval_weeks=4)), Rule.FOLLOWUP)
    assert [(D(2018, 2, 5), Status.MISSED, 1)] == [(f.due, f.status, f.days_overdue)
                                                   for f in findings]


def test_open_followup_gap_of_an_active_pathway_says_how_many_days_are_left() -> None:
    findings = of_rule(check(pw(), [meeting(D(2018, 6, 15))],
                             agreement=sa(followup_interval_weeks=4)), Rule.FOLLOWUP)
    assert [(Status.LATE, None), (Status.PENDING, 13)] == [(f.status, f.days_left)
                                                           for f in findings]


def test_two_meetings_on_one_day_are_one_meeting() -> None:
    events = [meeting(D(2018, 2, 1)), meeting(D(2018, 2, 1))]
    findings = of_rule(check(pw(), events, agreement=sa(followup_interval_weeks=4),
                             as_of=D(2018, 2, 10)), Rule.FOLLOWUP)
    assert [Status.MET, Status.PENDING] == [f.status for f in findings]


# --- absence pause ------------------------------------------------------------------------


def test_absence_before_the_plan_deadline_moves_it_when_the_agreement_pauses() -> None:
    events = [absence(D(2018, 1, 20), 10)]
    paused = one(check(pw(), events, agreement=sa(pause_on_absence=True)), Rule.PLAN_DEADLINE)
    unpaused = one(check(pw(), events), Rule.PLAN_DEADLINE)
    assert (D(2018, 2, 15), "moved 10 days for absence") == (paused.due, paused.detail)
    assert D(2018, 2, 5) == unpaused.due


def test_absence_after_the_deadline_does_not_move_it() -> None:
    finding = one(check(pw(), [absence(D(2018, 2, 6), 10)],
                        agreement=sa(pause_on_absence=True)), Rule.PLAN_DEADLINE)
    assert D(2018, 2, 5) == finding.due


def test_absence_within_an_already_moved_deadline_moves_it_again() -> None:
    events = [absence(D(2018, 2, 1), 10), absence(D(2018, 2, 14), 3)]
    finding = one(check(pw(), events, agreement=sa(pause_on_absence=True)),
                  Rule.PLAN_DEADLINE)
    assert D(2018, 2, 18) == finding.due


def test_absence_dated_after_the_as_of_date_does_not_move_anything() -> None:
    finding = one(check(pw(), [absence(D(2018, 1, 20), 10)],
                        agreement=sa(pause_on_absence=True), as_of=D(2018, 1, 19)),
                  Rule.PLAN_DEADLINE)
    assert D(2018, 2, 5) == finding.due


def test_absence_moves_the_planned_end_but_not_the_attendance_sheets() -> None:
    agreement = sa(pause_on_absence=True, frame_weeks=13)
    findings = check(pw(), [absence(D(2018, 4, 1), 7)], agreement=agreement)
    frame = one(findings, Rule.FRAME)
    sheets = [f.due for f in of_rule(findings, Rule.ATTENDANCE_REPORT)]
    assert (D(2018, 4, 16), "13 weeks; moved 7 days for absence") == (frame.due, frame.detail)
    assert [D(2018, 3, 8), D(2018, 5, 8)] == sheets


# --- capacity -----------------------------------------------------------------------------


def _ended(pathway_id: str, start: dt.date, end: dt.date) -> Pathway:
    return pw(pathway_id, start, end_date=end, outcome="fleksjob")


def test_capacity_reports_the_peak_the_days_on_extra_slots_and_none_over() -> None:
    agreement = sa(slots=2, extra_slots=1)
    pathways = [pw("P1", D(2018, 1, 1)), pw("P2", D(2018, 1, 1)),
                _ended("P3", D(2018, 2, 1), D(2018, 2, 11))]
    use = capacity_use(agreement, pathways, as_of=D(2018, 6, 30))
    assert (3, D(2018, 2, 1), 10, 0) == (use.peak, use.peak_date, use.days_on_extra,
                                         use.days_over)
    finding = use.to_finding()
    assert (None, Rule.CAPACITY, D(2018, 2, 1), Status.MET) == (
        finding.pathway_id, finding.rule, finding.due, finding.status)
    assert "peak 3 of 2+1 slots; 10 days on extra slots" == finding.detail


def test_capacity_over_slots_plus_extra_is_late_with_the_days_over() -> None:
    agreement = sa(slots=1)
    pathways = [_ended("P1", D(2018, 1, 1), D(2018, 1, 31)), pw("P2", D(2018, 1, 21))]
    use = capacity_use(agreement, pathways, as_of=D(2018, 6, 30))
    assert (2, 10, 10, D(2018, 1, 21)) == (use.peak, use.days_on_extra, use.days_over,
                                           use.first_over)
    finding = use.to_finding()
    assert (Status.LATE, "peak 2 of 1+0 slots; 10 days on extra slots; 10 days over 1") == (
        finding.status, finding.detail)


def test_end_on_a_day_frees_the_slot_for_a_start_that_day() -> None:
    pathways = [_ended("P1", D(2018, 1, 1), D(2018, 2, 1)), pw("P2", D(2018, 2, 1))]
    use = capacity_use(sa(slots=1), pathways, as_of=D(2018, 6, 30))
    assert (1, 0) == (use.peak, use.days_on_extra)


def test_capacity_counts_only_the_days_from_since_to_the_as_of_date() -> None:
    pathways = [pw("P1", D(2018, 1, 1)), pw("P2", D(2018, 1, 1))]
    use = capacity_use(sa(slots=1, extra_slots=1), pathways, as_of=D(2018, 1, 31),
                       since=D(2018, 1, 22))
    assert (2, D(2018, 1, 22), 10) == (use.peak, use.peak_date, use.days_on_extra)


def test_capacity_ignores_starts_after_and_counts_ends_after_the_as_of_date_as_active() -> None:
    pathways = [_ended("P1", D(2018, 1, 1), D(2018, 8, 1)), pw("P2", D(2018, 7, 1))]
    before = capacity_use(sa(slots=1), pathways, as_of=D(2018, 6, 30))
    after = capacity_use(sa(slots=1), pathways, as_of=D(2018, 7, 15))
    assert ((1, 0), (2, 15)) == ((before.peak, before.days_over),
                                 (after.peak, after.days_over))


def test_capacity_of_an_agreement_without_active_pathways_is_due_on_the_as_of_date() -> None:
    finding = capacity_use(sa(), [], as_of=D(2018, 6, 30)).to_finding()
    assert (D(2018, 6, 30), Status.MET, "peak 0 of 8+0 slots; 0 days on extra slots") == (
        finding.due, finding.status, finding.detail)


# --- the register -------------------------------------------------------------------------


def _register() -> Register:
    agreements = [sa(), sa(agreement_id="SA2", plan_deadline_weeks=1, frame_weeks=13,
                           start_date=D(2017, 1, 1)),
                  sa(agreement_id="SA3", start_date=D(2019, 1, 1))]
    pathways = [pw("P1"), pw("P2", D(2018, 5, 1), agreement_id="SA2"),
                pw("P3", D(2018, 6, 1), plan_date=D(2018, 6, 2))]
    return Register(agreements, pathways, [report(D(2018, 3, 1))])


def test_check_deadlines_lists_agreements_pathways_and_then_capacity() -> None:
    findings = check_deadlines(_register(), as_of=D(2018, 6, 30))
    keys = [(f.agreement_id, f.pathway_id, f.rule.value) for f in findings]
    expected = [
        ("SA1", "P1", "plan_deadline"), ("SA1", "P1", "attendance_report"),
        ("SA1", "P1", "attendance_report"), ("SA1", "P1", "frame"),
        ("SA1", "P3", "plan_deadline"), ("SA1", "P3", "frame"), ("SA1", None, "capacity"),
        ("SA2", "P2", "plan_deadline"), ("SA2", "P2", "frame"), ("SA2", None, "capacity"),
    ]
    assert expected == keys


def test_check_deadlines_of_chosen_agreements_only() -> None:
    findings = check_deadlines(_register(), as_of=D(2018, 6, 30), agreements=["SA2"])
    assert {"SA2"} == {f.agreement_id for f in findings}


def test_check_deadlines_names_an_unknown_agreement() -> None:
    with pytest.raises(UnknownIdError, match="'SA9'"):
        check_deadlines(_register(), as_of=D(2018, 6, 30), agreements=["SA9"])


def test_due_within_adds_the_sheets_falling_due_in_the_next_days_as_pending() -> None:
    findings = check_deadlines(_register(), as_of=D(2018, 6, 30), due_within=40)
    upcoming = [(f.pathway_id, f.due, f.status, f.detail)
                for f in findings if f.rule is Rule.ATTENDANCE_REPORT and f.due > D(2018, 6, 30)]
    expected = [("P1", D(2018, 7, 8), Status.PENDING, "sheet 3"),
                ("P3", D(2018, 8, 1), Status.PENDING, "sheet 1"),
                ("P2", D(2018, 7, 1), Status.PENDING, "sheet 1")]
    assert expected == upcoming


def test_due_within_leaves_out_a_sheet_sent_before_it_falls_due() -> None:
    """It is done, not a sheet to chase; the one after it still has to come."""
    register = Register([sa()], [pw("P1", D(2018, 5, 10))], [report(D(2018, 6, 29))])
    findings = check_deadlines(register, as_of=D(2018, 6, 30), due_within=80)
    sheets = of_rule(findings, Rule.ATTENDANCE_REPORT)
    assert [(D(2018, 9, 10), Status.PENDING, "sheet 2")] == [
        (f.due, f.status, f.detail) for f in sheets]


def test_due_within_gives_the_days_left_of_every_deadline_in_the_window() -> None:
    register = Register([sa(followup_interval_weeks=2, frame_weeks=25)],
                        [pw("P1", D(2018, 1, 8), plan_date=D(2018, 1, 20))],
                        [meeting(D(2018, 6, 20))])
    findings = check_deadlines(register, as_of=D(2018, 6, 30), due_within=14)
    upcoming = [(f.rule, f.due, f.days_left) for f in findings
                if f.status is Status.PENDING]
    assert [(Rule.ATTENDANCE_REPORT, D(2018, 7, 8), 8), (Rule.FRAME, D(2018, 7, 2), 2),
            (Rule.FOLLOWUP, D(2018, 7, 4), 4)] == upcoming


def test_due_within_leaves_out_the_day_after_the_window() -> None:
    findings = check_deadlines(_register(), as_of=D(2018, 6, 30), due_within=7)
    assert [] == [f for f in findings if f.due == D(2018, 7, 8)
                  and f.rule is Rule.ATTENDANCE_REPORT]


def test_due_within_must_not_be_negative() -> None:
    with pytest.raises(InvalidArgument, match="-1"):
        check_deadlines(_register(), as_of=D(2018, 6, 30), due_within=-1)


def test_check_pathway_refuses_a_pathway_of_another_agreement() -> None:
    with pytest.raises(InvalidArgument, match="P1 belongs to agreement SA1, not to agreement SA2"):
        check_pathway(pw(), sa(agreement_id="SA2"), (), as_of=D(2018, 6, 30))


# --- next_due -----------------------------------------------------------------------------


def test_next_due_is_the_plan_while_it_is_pending() -> None:
    finding = next_due(_register(), "P1", as_of=D(2018, 1, 10))
    assert finding is not None
    assert (Rule.PLAN_DEADLINE, D(2018, 2, 5), Status.PENDING) == (
        finding.rule, finding.due, finding.status)


def test_next_due_puts_an_overdue_deadline_first() -> None:
    finding = next_due(_register(), "P1", as_of=D(2018, 6, 30))
    assert finding is not None
    assert (Rule.PLAN_DEADLINE, Status.OVERDUE, 145) == (finding.rule, finding.status,
                                                         finding.days_overdue)


def test_next_due_is_the_next_attendance_sheet_once_the_plan_is_made() -> None:
    finding = next_due(_register(), "P3", as_of=D(2018, 6, 30))
    assert finding is not None
    assert (Rule.ATTENDANCE_REPORT, D(2018, 8, 1), "sheet 1") == (
        finding.rule, finding.due, finding.detail)


def test_next_due_after_a_sheet_is_sent_is_the_following_one() -> None:
    register = Register([sa()], [pw("P1", plan_date=D(2018, 1, 20))], [report(D(2018, 3, 1))])
    finding = next_due(register, "P1", as_of=D(2018, 3, 9))
    assert finding is not None
    assert (Rule.ATTENDANCE_REPORT, D(2018, 5, 8), Status.PENDING) == (
        finding.rule, finding.due, finding.status)

def test_nothing_is_due_next_for_a_pathway_not_started_or_done_with() -> None:
    p = _ended("P4", D(2018, 1, 8), D(2018, 1, 31))
    register = Register([sa()], [pw("P9", start=None), p])
    assert (None, None) == (next_due(register, "P9", as_of=D(2018, 6, 30)),
                            next_due(register, "P4", as_of=D(2018, 6, 30)))


def test_nothing_is_due_next_for_an_ended_pathway_that_missed_a_sheet() -> None:
    p = _ended("P4", D(2018, 1, 8), D(2018, 4, 1))
    register = Register([sa()], [p])
    findings = check_deadlines(register, as_of=D(2018, 6, 30))
    assert Status.MISSED == one(findings, Rule.ATTENDANCE_REPORT).status
    assert None is next_due(register, "P4", as_of=D(2018, 6, 30))


def test_next_due_is_whichever_rule_falls_due_first() -> None:
    """A sheet due before the plan is what comes next, though the plan is a single deadline."""
    register = Register([sa(plan_deadline_weeks=10, attendance_interval_months=1)],
                        [pw("P1", D(2018, 6, 1))])
    finding = next_due(register, "P1", as_of=D(2018, 6, 20))
    assert finding is not None
    assert (Rule.ATTENDANCE_REPORT, D(2018, 7, 1), 11) == (finding.rule, finding.due,
                                                           finding.days_left)


def test_next_due_names_an_unknown_pathway() -> None:
    with pytest.raises(UnknownIdError, match="'P404'"):
        next_due(_register(), "P404", as_of=D(2018, 6, 30))


# --- compliance and details ---------------------------------------------------------------


def test_compliance_counts_met_over_met_late_overdue_and_missed_per_rule() -> None:
    register = _register()
    ended = _ended("P5", D(2018, 1, 8), D(2018, 4, 1))  # no plan, sheet 1 never sent
    findings = check_deadlines(Register(register.agreements, [*register.pathways, ended],
                                        register.events), as_of=D(2018, 6, 30))
    assert {Rule.PLAN_DEADLINE: (1, 4), Rule.ATTENDANCE_REPORT: (1, 3),
            Rule.FRAME: (1, 1)} == compliance(findings)


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("sheet 3 of 6", "seddel 3 af 6"),
        ("sheet 7", "seddel 7"),
        ("13 weeks; moved 7 days for absence", "13 uger; rykket 7 dage for fravær"),
        ("no meeting since 2018-03-15", "intet møde siden 15.03.2018"),
        ("peak 2 of 1+0 slots; 10 days on extra slots; 10 days over 1",
         "højst 2 af 1+0 pladser; 10 dage på ekstrapladser; 10 dage over 1"),
        ("", ""),
    ],
)
def test_details_are_said_in_danish(english: str, danish: str) -> None:
    assert danish == describe(english, lang="da")
    assert english == describe(english, lang="en")
