"""
Every date boundary of the evaluation (docs/questions.md), one table each:
the fact the day before the boundary, on it and the day after, and what
each question counts.

The 2018 evaluation is as of D = 30 June 2018 over the period (P, D] with
P = 30 June 2017: it starts on 1 July 2017. The 2017 evaluation ends on P.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction

import pytest
from around import SHIFT_AND_EXPECTED, around, shifted

from forloeb.codes import EventType
from forloeb.dates import last_june_30
from forloeb.evaluation import AgreementEvaluation, evaluate, trend
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register

D = dt.date
AS_OF = D(2018, 6, 30)  # D
SINCE = D(2017, 6, 30)  # P, the 2017 evaluation date
RUNNING = D(2017, 1, 2)  # a start before both periods


def agreement(**terms: object) -> Agreement:
    values: dict[str, object] = {"start_date": D(2016, 1, 1), "slots": 8,
                                 "plan_deadline_weeks": 4, "frame_weeks": 104}
    values.update(terms)
    return Agreement("SA1", **values)  # type: ignore[arg-type]


def pathway(pathway_id: str = "P1", start: dt.date | None = RUNNING, **facts: object
            ) -> Pathway:
    if "end_date" in facts:
        facts.setdefault("outcome", "fleksjob")
    return Pathway(pathway_id, "SA1", f"D-{pathway_id}", start_date=start,
                   **facts)  # type: ignore[arg-type]


def event(day: dt.date, kind: EventType, code: str | None = None,
          value: int | None = None) -> Event:
    return Event("P1", day, kind, code, value)


def evaluated(pathways: Sequence[Pathway], events: Sequence[Event] = (),
              notes: Sequence[CollaborationNote] = (), *, as_of: dt.date = AS_OF,
              since: dt.date | None = None, **terms: object) -> AgreementEvaluation:
    register = Register([agreement(**terms)], pathways, events, notes)
    return evaluate(register, as_of=as_of, since=since).agreement("SA1")


def in_both_years(count: Callable[[AgreementEvaluation], int], pathways: Sequence[Pathway],
                  events: Sequence[Event] = (), notes: Sequence[CollaborationNote] = (),
                  **terms: object) -> tuple[int, int]:
    """
    What ``count`` gives in the 2017 evaluation and in the 2018 one.
    """
    return tuple(count(evaluated(pathways, events, notes, as_of=day, **terms))
                 for day in (SINCE, AS_OF))  # type: ignore[return-value]


# -- question 1: the period, the flow and the slot-days -----------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("P", (1, 0), (1, 0), (0, 1)))
def test_a_start_dated_on_p_is_in_the_period_ending_on_p_and_not_in_the_next(
        shift: int, expected: tuple[int, int]) -> None:
    starts = [pathway(start=shifted(SINCE, shift))]
    assert expected == in_both_years(lambda r: r.q1_in_use.started_in_period, starts)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("P", (1, 0), (1, 0), (0, 1)))
def test_an_end_dated_on_p_is_in_the_period_ending_on_p_and_not_in_the_next(
        shift: int, expected: tuple[int, int]) -> None:
    ends = [pathway(end_date=shifted(SINCE, shift))]
    assert expected == in_both_years(lambda r: r.q1_in_use.ended_in_period, ends)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", (1, 1, 0), (1, 1, 0), (0, 0, 1)))
def test_a_start_on_d_is_a_start_in_the_period_and_a_start_after_d_an_upcoming_one(
        shift: int, expected: tuple[int, int, int]) -> None:
    q1 = evaluated([pathway(start=shifted(AS_OF, shift), referred_date=D(2018, 1, 2))]
                   ).q1_in_use
    assert expected == (q1.started_in_period, q1.active, q1.upcoming_starts)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", (1, 0), (1, 0), (0, 1)))
def test_an_end_on_d_is_an_end_in_the_period_and_an_end_after_d_is_not_known_yet(
        shift: int, expected: tuple[int, int]) -> None:
    q1 = evaluated([pathway(end_date=shifted(AS_OF, shift))]).q1_in_use
    assert expected == (q1.ended_in_period, q1.active)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", 1, 1, 0))
def test_a_referral_on_d_is_an_upcoming_start_and_one_after_d_is_not_known_yet(
        shift: int, expected: int) -> None:
    referred = [pathway(start=None, referred_date=shifted(AS_OF, shift))]
    assert expected == evaluated(referred).q1_in_use.upcoming_starts


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the first day of the period", (0, 0), (0, 0), (1, 1)))
def test_a_pathway_ending_on_the_first_day_of_the_period_was_never_active_in_it(
        shift: int, expected: tuple[int, int]) -> None:
    q1 = evaluated([pathway(end_date=shifted(D(2017, 7, 1), shift))]).q1_in_use
    assert expected == (q1.pathway_days, q1.active_in_period)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", 2, 1, 0))
def test_a_pathway_starting_on_d_has_one_pathway_day(shift: int, expected: int) -> None:
    assert expected == evaluated([pathway(start=shifted(AS_OF, shift))]).q1_in_use.pathway_days


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the first day of the period", 8 * 365, 8 * 365, 8 * 364))
def test_slot_days_count_from_the_agreements_start_or_the_first_day_of_the_period(
        shift: int, expected: int) -> None:
    started = shifted(D(2017, 7, 1), shift)
    assert expected == evaluated([], start_date=started).q1_in_use.slot_days


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", ["SA1"], ["SA1"], []))
def test_an_agreement_starting_on_d_is_evaluated_and_one_starting_after_d_left_out(
        shift: int, expected: list[str]) -> None:
    register = Register([agreement(start_date=shifted(AS_OF, shift))])
    assert expected == [a.agreement_id for a in evaluate(register, as_of=AS_OF).agreements]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("30 June 2017", [2017], [2017], []))
def test_the_trend_holds_an_agreement_from_the_first_30_june_on_or_after_its_start(
        shift: int, expected: list[int]) -> None:
    register = Register([agreement(start_date=shifted(SINCE, shift))])
    years = trend(register, years=[2017])["years"]
    assert expected == [y["year"] for y in years if y["agreements"]]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "30 June", D(2025, 6, 30), D(2026, 6, 30), D(2026, 6, 30)))
def test_the_default_evaluation_date_is_the_most_recent_30_june_today_included(
        shift: int, expected: dt.date) -> None:
    assert expected == last_june_30(shifted(D(2026, 6, 30), shift))


# -- question 2 and 3: plans ---------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", 1, 1, 0))
def test_a_pathway_started_on_d_is_a_participant_with_a_plan_deadline(
        shift: int, expected: int) -> None:
    q2 = evaluated([pathway(start=shifted(AS_OF, shift))]).q2_plan
    assert (expected, expected) == (q2.participants, q2.pending + q2.overdue)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", 1, 1, 0))
def test_a_plan_made_on_d_counts_and_one_made_after_d_does_not_exist_yet(
        shift: int, expected: int) -> None:
    made = [pathway(start=D(2018, 6, 1), plan_date=shifted(AS_OF, shift),
                    plan_co_created=True, plan_own_goals=True)]
    q3 = evaluated(made).q3_ownership
    assert (expected, expected, expected) == (q3.plans, q3.co_created, q3.own_goals)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the plan date", 0, 1, 1))
def test_a_plan_is_revised_by_a_revision_dated_on_or_after_it(shift: int,
                                                               expected: int) -> None:
    planned = D(2018, 2, 1)
    revised = [event(shifted(planned, shift), EventType.PLAN_REVISED)]
    q3 = evaluated([pathway(plan_date=planned)], revised).q3_ownership
    assert expected == q3.revised


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", 1, 1, 0))
def test_a_revision_dated_after_d_is_not_known_yet(shift: int, expected: int) -> None:
    revised = [event(shifted(AS_OF, shift), EventType.PLAN_REVISED)]
    assert expected == evaluated([pathway(plan_date=D(2018, 2, 1))], revised
                                 ).q3_ownership.revised


# -- questions 4, 5, 6 and 8: what is dated in the period ---------------------------------


def _note(day: dt.date) -> CollaborationNote:
    return CollaborationNote("SA1", day, "jobcenter", 4)


#: Each fact dated in a period, and the figure that counts it.
DATED_IN_THE_PERIOD: dict[str, tuple[Callable[[dt.date], Event | CollaborationNote],
                                     Callable[[AgreementEvaluation], int]]] = {
    "a meeting held": (lambda day: event(day, EventType.FOLLOWUP, "held"),
                       lambda r: r.q4_followup.meetings_held),
    "a meeting requested": (lambda day: event(day, EventType.MEETING_REQUEST),
                            lambda r: r.q4_followup.meeting_requests),
    "a plan delivered": (lambda day: event(day, EventType.DELIVERY, "plan_sent"),
                         lambda r: r.q5_caseworker.deliveries.get("plan_sent", 0)),
    "a sheet delivered": (lambda day: event(day, EventType.ATTENDANCE_REPORT),
                          lambda r: r.q5_caseworker.deliveries.get("attendance_sheet", 0)),
    "an effect seen": (lambda day: event(day, EventType.EFFECT, "tillid", 3),
                       lambda r: r.q6_effects.participants_with_effect),
    "a collaboration note": (_note, lambda r: len(r.q8_collaboration.notes)),
}


@pytest.mark.parametrize("fact", list(DATED_IN_THE_PERIOD))
@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("P", (1, 0), (1, 0), (0, 1)))
def test_a_fact_dated_on_p_counts_in_the_evaluation_ending_on_p_and_not_in_the_next(
        fact: str, shift: int, expected: tuple[int, int]) -> None:
    make, count = DATED_IN_THE_PERIOD[fact]
    dated = make(shifted(SINCE, shift))
    events = [dated] if isinstance(dated, Event) else []
    notes = [dated] if isinstance(dated, CollaborationNote) else []
    assert expected == in_both_years(count, [pathway()], events, notes)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("P", (1, 0), (1, 0), (0, 1)))
def test_a_gap_closed_by_a_meeting_on_p_counts_in_the_evaluation_ending_on_p_only(
        shift: int, expected: tuple[int, int]) -> None:
    held = [event(shifted(SINCE, shift), EventType.FOLLOWUP, "held")]
    started = [pathway(start=D(2017, 6, 10))]
    assert expected == in_both_years(lambda r: r.q4_followup.followup["met"], started, held,
                                     followup_interval_weeks=4)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("P", (1, 0), (1, 0), (0, 1)))
def test_a_sheet_due_on_p_counts_in_the_evaluation_ending_on_p_only(
        shift: int, expected: tuple[int, int]) -> None:
    """
    A pathway of three months whose only sheet falls due around P, never sent.
    """
    start = shifted(D(2017, 4, 30), shift)  # its sheet is due two months later
    short = [pathway(start=start, end_date=D(2017, 8, 1))]
    assert expected == in_both_years(lambda r: sum(r.q4_followup.attendance_report.values()),
                                     short)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "D", {"overdue": 0, "pending": 0}, {"overdue": 0, "pending": 1},
    {"overdue": 0, "pending": 1}))
def test_a_sheet_due_before_the_period_and_still_pending_at_d_stays_in_question_4(
        shift: int, expected: dict[str, int]) -> None:
    """
    A ten-day period; the sheet fell due before it, and its 14 grace days run
    out the day before D, on D or the day after.
    """
    started = [pathway(start=shifted(D(2018, 4, 16), shift))]  # its sheet is due on 16 June
    q4 = evaluated(started, since=shifted(AS_OF, -10), grace_days=14).q4_followup
    assert expected == {s: q4.attendance_report[s] for s in ("overdue", "pending")}


REQUESTED = D(2018, 3, 1)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the day of the request", 0, 1, 1))
def test_a_request_is_answered_by_a_meeting_on_its_day_or_after_it(shift: int,
                                                                    expected: int) -> None:
    events = [event(REQUESTED, EventType.MEETING_REQUEST),
              event(shifted(REQUESTED, shift), EventType.FOLLOWUP, "held")]
    assert expected == evaluated([pathway()], events).q5_caseworker.requests_followed_by_meeting


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("14 days after the request", 1, 1, 0))
def test_a_request_is_answered_by_a_meeting_within_14_days(shift: int, expected: int) -> None:
    events = [event(REQUESTED, EventType.MEETING_REQUEST),
              event(shifted(REQUESTED, 14 + shift), EventType.FOLLOWUP, "held")]
    assert expected == evaluated([pathway()], events).q5_caseworker.requests_followed_by_meeting


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("14 days before D", 0, 0, 1))
def test_a_request_unanswered_is_open_while_its_14_days_run_past_d(shift: int,
                                                                   expected: int) -> None:
    """
    A request made 14 days before D has its window close on D: as of D it
    was not answered, and it is no longer open.
    """
    requested = [event(shifted(AS_OF, -14 + shift), EventType.MEETING_REQUEST)]
    q5 = evaluated([pathway()], requested).q5_caseworker
    assert (0, expected) == (q5.requests_followed_by_meeting, q5.requests_open)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "D", {"tillid": Fraction(2)}, {"tillid": Fraction(2)}, {}))
def test_a_score_dated_on_d_counts_in_the_score_change_and_one_after_d_does_not(
        shift: int, expected: dict[str, Fraction]) -> None:
    scores = [event(D(2017, 3, 1), EventType.EFFECT, "tillid", 2),
              event(shifted(AS_OF, shift), EventType.EFFECT, "tillid", 4)]
    assert expected == dict(evaluated([pathway()], scores).q6_effects.score_change)


# -- question 7: completed pathways --------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", (1, 0), (1, 0), (0, 1)))
def test_a_pathway_ended_on_d_is_completed_and_one_ending_after_d_continuing(
        shift: int, expected: tuple[int, int]) -> None:
    q7 = evaluated([pathway(end_date=shifted(AS_OF, shift))]).q7_overview
    assert expected == (q7.completed, q7.continuing)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("D", (1, 0), (1, 0), (0, 1)))
def test_a_pathway_cancelled_on_d_is_cancelled_and_one_cancelled_after_d_upcoming(
        shift: int, expected: tuple[int, int]) -> None:
    cancelled = [pathway(start=None, referred_date=D(2018, 1, 2),
                         end_date=shifted(AS_OF, shift), outcome="annulleret")]
    result = evaluated(cancelled)
    assert expected == (result.q7_overview.cancelled, result.q1_in_use.upcoming_starts)
