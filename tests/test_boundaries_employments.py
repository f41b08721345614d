"""
Every date boundary of employments (docs/jobs.md, docs/deadlines.md,
docs/register-format.md), one table each: the fact the day before the
boundary, on it and the day after, and the outcome of each.

The flexjob starts on Thursday 8 September 2016, so its review 2.5 years in
is due on 8 March 2019 and on time from 8 December 2018. The jobs are those
of 2018, as of 31 December or as of 30 June (the mid-year status), and the
annual report's trend begins at the first 30 June an agreement ran.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from around import SHIFT_AND_EXPECTED, around, outcome, shifted

from forloeb.codes import EmploymentEventType
from forloeb.evaluation import jobs, trend_years
from forloeb.model import Agreement, Employment, EmploymentEvent, Register
from forloeb.rules import validate
from forloeb.sla import Rule, check_deadlines, next_due_for_employment

D = dt.date
START = D(2016, 9, 8)
REVIEW_DUE, REVIEW_OPENS = D(2019, 3, 8), D(2018, 12, 8)
YEAR_END, MID_YEAR = D(2018, 12, 31), D(2018, 6, 30)
AGREEMENT = Agreement("SA1", D(2014, 1, 1), slots=8, plan_deadline_weeks=4, frame_weeks=52)
FLEXJOB = Employment("E1", "D-001", "Sumak", "fleksjob", START, Decimal(10), intensity=50)


def review(day: dt.date) -> EmploymentEvent:
    return EmploymentEvent("E1", day, EmploymentEventType.REVIEW)


def change(day: dt.date, hours: int) -> EmploymentEvent:
    return EmploymentEvent("E1", day, EmploymentEventType.CHANGE, Decimal(hours))


def register(*employments: Employment, events: tuple[EmploymentEvent, ...] = ()) -> Register:
    return Register([AGREEMENT], employments=employments, employment_events=events)


def review_outcome(employment: Employment = FLEXJOB, *events: EmploymentEvent,
                   as_of: dt.date) -> str:
    """
    The flexjob review's status as ``forloeb sla`` gives it on ``as_of``.
    """
    found = [f for f in check_deadlines(register(employment, events=events), as_of=as_of)
             if f.rule is Rule.FLEXJOB_REVIEW]
    assert len(found) <= 1, found
    return outcome(found[0] if found else None)


# -- the flexjob review ----------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the day the review opens", "overdue by 1 day", "met", "met"))
def test_a_review_counts_from_three_months_before_its_due_date(shift: int,
                                                               expected: str) -> None:
    held = review(shifted(REVIEW_OPENS, shift))
    assert expected == review_outcome(FLEXJOB, held, as_of=shifted(REVIEW_DUE, 1))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the review's due date", "met", "met", "late by 1 day"))
def test_a_review_held_by_its_due_date_is_met_and_after_it_late(shift: int,
                                                                expected: str) -> None:
    held = review(shifted(REVIEW_DUE, shift))
    assert expected == review_outcome(FLEXJOB, held, as_of=D(2019, 6, 30))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the review's due date", "pending, 1 day left", "pending, 0 days left",
    "overdue by 1 day"))
def test_a_review_not_held_is_pending_up_to_and_on_its_due_date_and_overdue_after(
        shift: int, expected: str) -> None:
    assert expected == review_outcome(as_of=shifted(REVIEW_DUE, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the review's due date", "not due", "missed by 0 days", "missed by 1 day"))
def test_a_flexjob_ended_without_a_review_missed_it_if_it_ended_on_or_after_the_due_date(
        shift: int, expected: str) -> None:
    ended = attrs.evolve(FLEXJOB, end_date=shifted(REVIEW_DUE, shift))
    assert expected == review_outcome(ended, as_of=D(2019, 6, 30))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "met", "met", "pending, 10 days left"))
def test_a_review_dated_after_the_date_checked_has_not_been_held_yet(shift: int,
                                                                     expected: str) -> None:
    as_of = D(2019, 2, 26)
    assert expected == review_outcome(FLEXJOB, review(shifted(as_of, shift)), as_of=as_of)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "missed by 4 days", "missed by 5 days", "overdue by 5 days"))
def test_an_end_dated_after_the_date_checked_is_not_known_so_the_flexjob_still_runs(
        shift: int, expected: str) -> None:
    as_of = shifted(REVIEW_DUE, 5)
    ended = attrs.evolve(FLEXJOB, end_date=shifted(as_of, shift))
    assert expected == review_outcome(ended, as_of=as_of)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", "pending", "pending", "no finding"))
def test_a_flexjob_has_a_review_from_its_start_day(shift: int, expected: str) -> None:
    as_of = D(2018, 6, 30)
    started = attrs.evolve(FLEXJOB, start_date=shifted(as_of, shift))
    assert expected == review_outcome(started, as_of=as_of).split(",")[0]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the review's due date", "pending", "pending", "overdue"))
def test_the_next_review_due_is_pending_up_to_and_on_its_due_date(shift: int,
                                                                  expected: str) -> None:
    found = next_due_for_employment(register(FLEXJOB), "E1", as_of=shifted(REVIEW_DUE, shift))
    assert found is not None
    assert (REVIEW_DUE, expected) == (found.due, found.status.value)


# -- the jobs of a year ----------------------------------------------------------------------


def hired(start: dt.date, *, as_of: dt.date = YEAR_END, year: int = 2018) -> int:
    """
    How many hires through the jobcenter ``forloeb jobs`` counts in ``year``
    for one hire starting on ``start``.
    """
    job = attrs.evolve(FLEXJOB, kind="deltid", start_date=start, intensity=100)
    return jobs(register(job), year=year, as_of=as_of).total_via_jobcenter


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("1 January", 0, 1, 1))
def test_a_hire_counts_in_the_year_from_1_january(shift: int, expected: int) -> None:
    assert expected == hired(shifted(D(2018, 1, 1), shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("31 December", 1, 1, 0))
def test_a_hire_counts_in_the_year_up_to_and_on_31_december(shift: int,
                                                           expected: int) -> None:
    assert expected == hired(shifted(YEAR_END, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("31 December", 0, 0, 1))
def test_a_hire_on_1_january_counts_in_the_new_year(shift: int, expected: int) -> None:
    assert expected == hired(shifted(YEAR_END, shift), as_of=D(2019, 1, 31), year=2019)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("30 June", 1, 1, 0))
def test_the_mid_year_status_counts_the_hires_up_to_and_on_30_june(shift: int,
                                                                  expected: int) -> None:
    assert expected == hired(shifted(MID_YEAR, shift), as_of=MID_YEAR)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("30 June", False, True, False))
def test_the_jobs_are_the_mid_year_status_as_of_30_june_only(shift: int,
                                                            expected: bool) -> None:
    assert expected == jobs(register(), as_of=shifted(MID_YEAR, shift)).mid_year


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("31 December", True, False, False))
def test_the_pace_is_shown_up_to_the_day_before_31_december(shift: int,
                                                           expected: bool) -> None:
    as_of = shifted(YEAR_END, shift)
    figures = jobs(register(), year=2018, as_of=as_of)
    assert expected == (figures.pace is not None)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the date checked", 1, 1, 0))
def test_a_flexjob_runs_from_its_start_day(shift: int, expected: int) -> None:
    started = attrs.evolve(FLEXJOB, start_date=shifted(YEAR_END, shift))
    assert expected == jobs(register(started), year=2018, as_of=YEAR_END).progression.running


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the date checked", 0, 0, 1))
def test_a_flexjob_ended_on_the_date_checked_no_longer_runs(shift: int, expected: int) -> None:
    ended = attrs.evolve(FLEXJOB, end_date=shifted(YEAR_END, shift))
    assert expected == jobs(register(ended), year=2018, as_of=YEAR_END).progression.running


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the date checked", Decimal(15), Decimal(15), Decimal(5)))
def test_a_change_dated_on_the_date_checked_is_in_the_progression(shift: int,
                                                                  expected: Decimal) -> None:
    figures = jobs(register(FLEXJOB, events=(change(shifted(YEAR_END, shift), 30),)),
                   year=2018, as_of=YEAR_END)
    [path] = figures.progression.paths
    assert expected == path.now.effective_hours


def reviews_due_in_2018(start: dt.date) -> int:
    """
    How many reviews the jobs of 2018 count for one flexjob starting on ``start``.
    """
    started = attrs.evolve(FLEXJOB, start_date=start)
    return jobs(register(started), year=2018, as_of=YEAR_END).reviews.due


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "1 July 2015, whose review falls due on 1 January 2018", 0, 1, 1))
def test_the_reviews_of_a_year_are_those_falling_due_from_1_january(shift: int,
                                                                    expected: int) -> None:
    assert expected == reviews_due_in_2018(shifted(D(2015, 7, 1), shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "1 July 2016, whose review falls due on 1 January 2019", 1, 0, 0))
def test_the_reviews_of_a_year_are_those_falling_due_by_31_december(shift: int,
                                                                    expected: int) -> None:
    assert expected == reviews_due_in_2018(shifted(D(2016, 7, 1), shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("30 June 2014", 2014, 2014, 2015))
def test_the_annual_reports_trend_begins_at_the_first_30_june_an_agreement_ran(
        shift: int, expected: int) -> None:
    started = attrs.evolve(AGREEMENT, start_date=shifted(D(2014, 6, 30), shift))
    assert expected == trend_years(Register([started]), 2018)[0]


@pytest.mark.parametrize(("start", "year", "expected"), [
    (D(2009, 6, 30), 2018, list(range(2009, 2019))),
    (D(2008, 6, 30), 2018, list(range(2009, 2019))),
    (D(2000, 1, 1), 2018, list(range(2009, 2019))),
    (D(1991, 6, 30), 1995, list(range(1991, 1996))),
])
def test_the_annual_reports_trend_runs_from_the_first_30_june_at_most_ten_years_back(
        start: dt.date, year: int, expected: list[int]) -> None:
    started = attrs.evolve(AGREEMENT, start_date=start)
    assert expected == trend_years(Register([started]), year)


# -- the register as of a date and the rules -------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the date", ["E1"], ["E1"], []))
def test_the_register_as_of_a_day_holds_the_employments_started_by_then(
        shift: int, expected: list[str]) -> None:
    started = attrs.evolve(FLEXJOB, start_date=shifted(MID_YEAR, shift))
    assert expected == [e.employment_id for e in register(started).as_of(MID_YEAR).employments]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the date", True, True, False))
def test_the_register_as_of_a_day_holds_an_end_dated_by_then(shift: int,
                                                             expected: bool) -> None:
    ended = attrs.evolve(FLEXJOB, end_date=shifted(MID_YEAR, shift))
    [known] = register(ended).as_of(MID_YEAR).employments
    assert expected == (known.end_date is not None)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the date", 1, 1, 0))
def test_the_register_as_of_a_day_holds_the_employment_events_dated_by_then(
        shift: int, expected: int) -> None:
    held = register(FLEXJOB, events=(review(shifted(MID_YEAR, shift)),))
    assert expected == len(held.as_of(MID_YEAR).employment_events)


def broken_columns(employment: Employment, *events: EmploymentEvent) -> list[tuple[str, str]]:
    """
    The table and column of each rule the register breaks, in the order reported.
    """
    return [(v.table, str(v.column)) for v in validate(register(employment, events=events))]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the start", [("employments", "end_date")], [], []))
def test_an_employment_ends_on_or_after_its_start(shift: int,
                                                  expected: list[tuple[str, str]]) -> None:
    assert expected == broken_columns(attrs.evolve(FLEXJOB, end_date=shifted(START, shift)))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the start", [("employment_events", "date")], [], []))
def test_an_employment_event_lies_on_or_after_the_start(
        shift: int, expected: list[tuple[str, str]]) -> None:
    assert expected == broken_columns(FLEXJOB, change(shifted(START, shift), 12))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the end", [], [], [("employment_events", "date")]))
def test_an_employment_event_lies_on_or_before_the_end(
        shift: int, expected: list[tuple[str, str]]) -> None:
    end = D(2018, 9, 1)
    ended = attrs.evolve(FLEXJOB, end_date=end)
    assert expected == broken_columns(ended, review(shifted(end, shift)))
