"""
Every date boundary of the deadlines (docs/deadlines.md), one table each: the
fact the day before the boundary, on it and the day after, and the status
and days each gives.

The pathway starts on Monday 8 January 2018. Under the agreement below its
plan is due on 5 February (4 weeks), its sheets on 8 March, 8 May and 8 July
(every 2 months), its frame ends on 9 April (13 weeks) and its first
follow-up gap closes on 5 February (4 weeks).
"""

from __future__ import annotations

import datetime as dt

import pytest
from around import SHIFT_AND_EXPECTED, around, outcome, shifted

from forloeb.codes import EventType
from forloeb.model import Agreement, Event, Pathway, Register
from forloeb.sla import (
    Finding,
    Rule,
    capacity_use,
    check_deadlines,
    check_pathway,
    select_worklist,
)

D = dt.date
START = D(2018, 1, 8)
PLAN_DUE = D(2018, 2, 5)
SHEET_1, SHEET_2 = D(2018, 3, 8), D(2018, 5, 8)
FRAME_END = D(2018, 4, 9)
FIRST_GAP_DUE = D(2018, 2, 5)
SUMMER = D(2018, 6, 30)


def agreement(**terms: object) -> Agreement:
    values: dict[str, object] = {"slots": 8, "plan_deadline_weeks": 4, "frame_weeks": 13,
                                 "followup_interval_weeks": 4}
    values.update(terms)
    return Agreement("SA1", D(2017, 1, 1), **values)  # type: ignore[arg-type]


def pathway(**facts: object) -> Pathway:
    if "end_date" in facts:
        facts.setdefault("outcome", "jobsoegende")
    return Pathway("P1", "SA1", "D-001", start_date=START, **facts)  # type: ignore[arg-type]


def event(day: dt.date, kind: EventType, code: str | None = None,
          value: int | None = None) -> Event:
    return Event("P1", day, kind, code, value)


def sheet(day: dt.date) -> Event:
    return event(day, EventType.ATTENDANCE_REPORT)


def meeting(day: dt.date) -> Event:
    return event(day, EventType.FOLLOWUP, "held")


def absence(day: dt.date, days: int) -> Event:
    return event(day, EventType.ABSENCE, "sick", days)


def findings(p: Pathway, events: list[Event] | tuple[Event, ...] = (), *,
             as_of: dt.date = SUMMER, **terms: object) -> list[Finding]:
    return check_pathway(p, agreement(**terms), events, as_of=as_of)


def of(found: list[Finding], rule: Rule, due: dt.date | None = None) -> Finding | None:
    """
    The one finding of ``rule`` (due on ``due``, if given), or ``None``.
    """
    chosen = [f for f in found if f.rule is rule and (due is None or f.due == due)]
    assert len(chosen) <= 1, chosen
    return chosen[0] if chosen else None


def open_gap(found: list[Finding]) -> Finding | None:
    """
    The follow-up finding not closed by a meeting, if there is one.
    """
    return of([f for f in found if f.done is None], Rule.FOLLOWUP)


# -- the individual plan ----------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the plan deadline", "met", "met", "late by 1 day"))
def test_a_plan_made_by_its_deadline_is_met_and_after_it_late(shift: int,
                                                              expected: str) -> None:
    made = findings(pathway(plan_date=shifted(PLAN_DUE, shift)))
    assert expected == outcome(of(made, Rule.PLAN_DEADLINE))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the plan deadline", "not due", "missed by 0 days", "missed by 1 day"))
def test_a_pathway_ended_without_a_plan_missed_it_if_it_ended_on_or_after_the_deadline(
        shift: int, expected: str) -> None:
    ended = findings(pathway(end_date=shifted(PLAN_DUE, shift)))
    assert expected == outcome(of(ended, Rule.PLAN_DEADLINE))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the plan deadline", "pending, 1 day left", "pending, 0 days left", "overdue by 1 day"))
def test_a_missing_plan_is_pending_up_to_and_on_its_deadline_and_overdue_after(
        shift: int, expected: str) -> None:
    running = findings(pathway(), as_of=shifted(PLAN_DUE, shift))
    assert expected == outcome(of(running, Rule.PLAN_DEADLINE))


AFTER_THE_DEADLINE = D(2018, 3, 1)  # 24 days after the plan deadline


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "late by 23 days", "late by 24 days", "overdue by 24 days"))
def test_a_plan_dated_after_the_date_checked_does_not_exist_yet(shift: int,
                                                                expected: str) -> None:
    made = findings(pathway(plan_date=shifted(AFTER_THE_DEADLINE, shift)),
                    as_of=AFTER_THE_DEADLINE)
    assert expected == outcome(of(made, Rule.PLAN_DEADLINE))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the end", "overdue by 23 days", "missed by 24 days", "missed by 24 days"))
def test_an_undone_plan_is_overdue_while_the_pathway_runs_and_missed_from_its_end_on(
        shift: int, expected: str) -> None:
    """
    Checked the day before the pathway ends, on its end and the day after:
    the days missed stop at the end and never grow after it.
    """
    ends = pathway(end_date=AFTER_THE_DEADLINE)
    assert expected == outcome(of(findings(ends, as_of=shifted(AFTER_THE_DEADLINE, shift)),
                                  Rule.PLAN_DEADLINE))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "missed by 23 days", "missed by 24 days", "overdue by 24 days"))
def test_an_end_dated_after_the_date_checked_is_not_known_so_the_pathway_still_runs(
        shift: int, expected: str) -> None:
    ends = pathway(end_date=shifted(AFTER_THE_DEADLINE, shift))
    assert expected == outcome(of(findings(ends, as_of=AFTER_THE_DEADLINE),
                                  Rule.PLAN_DEADLINE))


# -- the absence pause ------------------------------------------------------------------


def plan_due(events: list[Event], *, as_of: dt.date = SUMMER, pause: bool = True) -> dt.date:
    found = of(findings(pathway(), events, as_of=as_of, pause_on_absence=pause),
               Rule.PLAN_DEADLINE)
    assert found is not None
    return found.due


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the plan deadline", D(2018, 2, 15), D(2018, 2, 15), PLAN_DUE))
def test_an_absence_beginning_on_or_before_the_deadline_moves_it_by_its_days(
        shift: int, expected: dt.date) -> None:
    assert expected == plan_due([absence(shifted(PLAN_DUE, shift), 10)])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the deadline as moved", D(2018, 2, 18), D(2018, 2, 18), D(2018, 2, 15)))
def test_an_absence_beginning_on_or_before_the_moved_deadline_moves_it_again(
        shift: int, expected: dt.date) -> None:
    """
    10 days of sickness from 1 February move the plan to 15 February; 3 more
    days move it on if they begin by then.
    """
    moved = D(2018, 2, 15)
    assert expected == plan_due([absence(D(2018, 2, 1), 10), absence(shifted(moved, shift), 3)])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the first day of the absence", PLAN_DUE, D(2018, 2, 15), D(2018, 2, 15)))
def test_an_absence_moves_the_deadline_from_the_day_it_begins(shift: int,
                                                              expected: dt.date) -> None:
    begins = D(2018, 2, 2)
    assert expected == plan_due([absence(begins, 10)], as_of=shifted(begins, shift))


def test_an_absence_moves_nothing_where_the_agreement_does_not_pause() -> None:
    assert PLAN_DUE == plan_due([absence(D(2018, 2, 1), 10)], pause=False)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the planned end", D(2018, 4, 14), D(2018, 4, 14), FRAME_END))
def test_an_absence_beginning_by_the_planned_end_moves_the_frame_but_no_sheet(
        shift: int, expected: dt.date) -> None:
    found = findings(pathway(), [absence(shifted(FRAME_END, shift), 5)], pause_on_absence=True)
    frame = of(found, Rule.FRAME)
    assert frame is not None
    assert (expected, [SHEET_1, SHEET_2]) == (
        frame.due, [f.due for f in found if f.rule is Rule.ATTENDANCE_REPORT])


# -- attendance sheets -------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the due date", "met", "met", "late by 1 day"))
def test_a_sheet_sent_by_its_due_date_is_met_and_after_it_late(shift: int,
                                                               expected: str) -> None:
    sent = findings(pathway(), [sheet(shifted(SHEET_1, shift))])
    assert expected == outcome(of(sent, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the last of 3 grace days", "met", "met", "late by 4 days"))
def test_a_sheet_sent_within_its_grace_days_is_met_and_its_lateness_counts_from_the_due_date(
        shift: int, expected: str) -> None:
    sent = findings(pathway(), [sheet(shifted(SHEET_1, 3 + shift))], grace_days=3)
    assert expected == outcome(of(sent, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the due date", "no finding", "pending, 0 days left", "overdue by 1 day"))
def test_an_unsent_sheet_falls_due_on_its_due_date_and_is_overdue_the_day_after(
        shift: int, expected: str) -> None:
    running = findings(pathway(), as_of=shifted(SHEET_1, shift))
    assert expected == outcome(of(running, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the last of 3 grace days", "pending, -2 days left", "pending, -3 days left",
    "overdue by 4 days"))
def test_an_unsent_sheet_stays_pending_through_its_grace_days(shift: int,
                                                              expected: str) -> None:
    running = findings(pathway(), as_of=shifted(SHEET_1, 3 + shift), grace_days=3)
    assert expected == outcome(of(running, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the due date", "no finding", "missed by 0 days", "missed by 1 day"))
def test_a_sheet_falls_due_on_a_pathway_that_ends_on_its_due_date(shift: int,
                                                                  expected: str) -> None:
    ended = findings(pathway(end_date=shifted(SHEET_1, shift)))
    assert expected == outcome(of(ended, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the first due date", "overdue by 53 days", "overdue by 53 days", "met"))
def test_a_sheet_sent_on_a_due_date_belongs_to_the_window_ending_that_day_only(
        shift: int, expected: str) -> None:
    """
    Sheet 1 was sent on 1 March; a second sheet sent up to and on its due
    date is surplus and does not do sheet 2, one sent the day after does.
    """
    sent = findings(pathway(), [sheet(D(2018, 3, 1)), sheet(shifted(SHEET_1, shift))])
    assert ("met", expected) == (outcome(of(sent, Rule.ATTENDANCE_REPORT, SHEET_1)),
                                 outcome(of(sent, Rule.ATTENDANCE_REPORT, SHEET_2)))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "late by 11 days", "late by 12 days", "overdue by 12 days"))
def test_a_sheet_sent_after_the_date_checked_has_not_been_sent_yet(shift: int,
                                                                   expected: str) -> None:
    day = D(2018, 3, 20)
    sent = findings(pathway(), [sheet(shifted(day, shift))], as_of=day)
    assert expected == outcome(of(sent, Rule.ATTENDANCE_REPORT, SHEET_1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the last day looked ahead", "pending, 13 days left", "pending, 14 days left",
    "no finding"))
def test_looking_14_days_ahead_gives_the_sheets_due_up_to_and_on_the_14th_day(
        shift: int, expected: str) -> None:
    day = shifted(SHEET_2, -14 - shift)  # SHEET_2 falls on day + 14 + shift
    register = Register([agreement()], [pathway()], [sheet(SHEET_1)])
    ahead = check_deadlines(register, as_of=day, due_within=14)
    listed = select_worklist(ahead, as_of=day, due_within=14)
    found = of(ahead, Rule.ATTENDANCE_REPORT, SHEET_2)
    assert (expected, found is not None) == (outcome(found), found in listed)


# -- the frame ----------------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the planned end", "met", "met", "late by 1 day"))
def test_a_pathway_ending_by_its_planned_end_meets_the_frame(shift: int,
                                                             expected: str) -> None:
    ended = findings(pathway(end_date=shifted(FRAME_END, shift)))
    assert expected == outcome(of(ended, Rule.FRAME))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the planned end", "pending, 1 day left", "pending, 0 days left", "overdue by 1 day"))
def test_a_running_pathway_owes_its_frame_up_to_the_planned_end_and_is_overdue_after(
        shift: int, expected: str) -> None:
    running = findings(pathway(), as_of=shifted(FRAME_END, shift))
    assert expected == outcome(of(running, Rule.FRAME))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the day of the extension", FRAME_END, D(2018, 7, 9), D(2018, 7, 9)))
def test_an_extension_moves_the_planned_end_from_the_day_it_is_dated(
        shift: int, expected: dt.date) -> None:
    extended = D(2018, 4, 1)
    running = findings(pathway(), [event(extended, EventType.EXTENSION, value=13)],
                       as_of=shifted(extended, shift))
    frame = of(running, Rule.FRAME)
    assert frame is not None
    assert expected == frame.due


# -- follow-up meetings -------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "4 weeks after the start", "met", "met", "late by 1 day"))
def test_a_first_meeting_within_the_interval_of_the_start_is_met(shift: int,
                                                                 expected: str) -> None:
    held = findings(pathway(), [meeting(shifted(FIRST_GAP_DUE, shift))])
    assert expected == outcome(of(held, Rule.FOLLOWUP, FIRST_GAP_DUE))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "4 weeks after the last meeting", "met", "met", "late by 1 day"))
def test_a_meeting_within_the_interval_of_the_last_one_is_met(shift: int,
                                                              expected: str) -> None:
    last, due = D(2018, 2, 1), D(2018, 3, 1)
    held = findings(pathway(), [meeting(last), meeting(shifted(due, shift))])
    assert expected == outcome(of(held, Rule.FOLLOWUP, due))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "4 weeks after the start", "pending, 1 day left", "pending, 0 days left",
    "overdue by 1 day"))
def test_the_open_gap_of_a_running_pathway_is_pending_up_to_its_due_date(
        shift: int, expected: str) -> None:
    running = findings(pathway(), as_of=shifted(FIRST_GAP_DUE, shift))
    assert expected == outcome(open_gap(running))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "4 weeks after the start", "no finding", "no finding", "missed by 1 day"))
def test_the_open_gap_of_an_ended_pathway_is_missed_only_if_it_fell_due_before_the_end(
        shift: int, expected: str) -> None:
    ended = findings(pathway(end_date=shifted(FIRST_GAP_DUE, shift)))
    assert expected == outcome(open_gap(ended))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the day of the meeting", FIRST_GAP_DUE, D(2018, 2, 17), D(2018, 2, 17)))
def test_a_meeting_closes_the_gap_from_the_day_it_is_held(shift: int,
                                                          expected: dt.date) -> None:
    held = D(2018, 1, 20)
    gap = open_gap(findings(pathway(), [meeting(held)], as_of=shifted(held, shift)))
    assert gap is not None
    assert expected == gap.due


# -- capacity ------------------------------------------------------------------------------


def _on_extra(*, ends: dt.date, as_of: dt.date = SUMMER, since: dt.date | None = None) -> int:
    """
    The days on extra slots of an agreement of 1 slot + 1 extra, whose P1 runs
    from 8 January and whose P2 takes the extra slot from 1 March to ``ends``.
    """
    terms = agreement(slots=1, extra_slots=1)
    second = Pathway("P2", "SA1", "D-002", start_date=D(2018, 3, 1), end_date=ends,
                     outcome="jobsoegende")
    return capacity_use(terms, [pathway(), second], as_of=as_of, since=since).days_on_extra


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("1 April", 30, 31, 32))
def test_a_pathway_on_an_extra_slot_uses_it_up_to_the_day_before_its_end(
        shift: int, expected: int) -> None:
    assert expected == _on_extra(ends=shifted(D(2018, 4, 1), shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("10 March", 9, 10, 11))
def test_capacity_counts_the_days_up_to_and_including_the_date_checked(
        shift: int, expected: int) -> None:
    assert expected == _on_extra(ends=D(2018, 4, 1), as_of=shifted(D(2018, 3, 10), shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the start on the extra slot", 31, 31, 30))
def test_capacity_over_a_period_counts_from_its_first_day_included(
        shift: int, expected: int) -> None:
    assert expected == _on_extra(ends=D(2018, 4, 1), since=shifted(D(2018, 3, 1), shift))
