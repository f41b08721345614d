"""
The flexjob review (``flexjob_review``): due 30 months after the start of a
flexjob, on time from 3 months before; in the engine, the work list and next_due.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest
from by_hand import agreement
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb.codes import EmploymentEventType
from forloeb.model import Employment, EmploymentEvent, Pathway, Register
from forloeb.rendering.worklist import render_worklist
from forloeb.sla import (
    Rule,
    Status,
    check_deadlines,
    compliance,
    employment_deadlines,
    next_due,
    next_due_for_employment,
    review_due,
    select_worklist,
)

D = dt.date
REVIEW = EmploymentEventType.REVIEW


START = D(2016, 9, 8)


def flexjob(start: dt.date = START, **fields: object) -> Employment:
    return Employment("E1", "D-1", "Sumak", "fleksjob", start, Decimal("4.5"),
                      intensity=80, **fields)  # type: ignore[arg-type]


def review(day: dt.date) -> EmploymentEvent:
    return EmploymentEvent("E1", day, REVIEW)


def status(job: Employment, reviews: list[dt.date], as_of: dt.date
           ) -> tuple[str, dt.date | None, int, int | None]:
    [d] = employment_deadlines(job, [review(r) for r in reviews], as_of=as_of)
    assert Rule.FLEXJOB_REVIEW is d.rule
    return d.status.value, d.done, d.days_overdue, d.days_left


def test_the_review_is_due_30_months_after_the_start_anchored_on_it() -> None:
    assert (D(2019, 3, 8), D(2018, 12, 8)) == review_due(D(2016, 9, 8))
    assert (D(2019, 2, 28), D(2018, 11, 28)) == review_due(D(2016, 8, 31))
    assert (D(2020, 2, 29), D(2019, 11, 29)) == review_due(D(2017, 8, 31))


@pytest.mark.parametrize(("reviews", "as_of", "end", "expected"), [
    # The first day of the window, and the due date itself, are on time.
    ([D(2018, 12, 8)], D(2019, 6, 30), None, ("met", D(2018, 12, 8), 0, None)),
    ([D(2019, 3, 8)], D(2019, 6, 30), None, ("met", D(2019, 3, 8), 0, None)),
    # The day before the window does not count; nor does anything earlier.
    ([D(2018, 12, 7)], D(2019, 3, 8), None, ("pending", None, 0, 0)),
    ([D(2017, 1, 5), D(2019, 4, 1)], D(2019, 6, 30), None, ("late", D(2019, 4, 1), 24, None)),
    # In the window beats after it.
    ([D(2019, 4, 1), D(2019, 1, 15)], D(2019, 6, 30), None, ("met", D(2019, 1, 15), 0, None)),
    ([], D(2019, 1, 31), None, ("pending", None, 0, 36)),
    ([], D(2019, 3, 9), None, ("overdue", None, 1, None)),
    # Ended on or after the due date: missed, counted to the end.
    ([], D(2019, 6, 30), D(2019, 3, 8), ("missed", None, 0, None)),
    ([], D(2019, 6, 30), D(2019, 5, 1), ("missed", None, 54, None)),
    # Ended before it fell due: not due.
    ([], D(2019, 6, 30), D(2019, 3, 7), ("not_due", None, 0, None)),
    # A review dated after D does not exist yet; an end after D is not known.
    ([D(2019, 2, 1)], D(2019, 1, 31), D(2019, 6, 1), ("pending", None, 0, 36)),
])
def test_the_decision_table_row_by_row(reviews: list[dt.date], as_of: dt.date,
                                       end: dt.date | None,
                                       expected: tuple[object, ...]) -> None:
    assert expected == status(flexjob(end_date=end), reviews, as_of)


def test_only_a_started_flexjob_has_a_review() -> None:
    assert [] == employment_deadlines(flexjob(), [], as_of=D(2016, 9, 7))
    part_time = attrs.evolve(flexjob(), kind="deltid")
    assert [] == employment_deadlines(part_time, [], as_of=D(2020, 1, 1))


@settings(max_examples=200, deadline=None)
@given(start=st.dates(D(2014, 1, 1), D(2020, 12, 31)),
       offsets=st.lists(st.integers(-400, 1200), max_size=3),
       end_after=st.none() | st.integers(0, 1500),
       as_of_after=st.integers(0, 1800))
def test_the_statuses_mean_what_they_mean_for_pathways(
        start: dt.date, offsets: list[int], end_after: int | None, as_of_after: int) -> None:
    """
    Missed only once ended, overdue and pending only while running, and a
    review that decided is one that was held by D.
    """
    end = None if end_after is None else start + dt.timedelta(days=end_after)
    as_of = start + dt.timedelta(days=as_of_after)
    reviews = [start + dt.timedelta(days=n) for n in offsets]
    reviews = [r for r in reviews if r >= start and (end is None or r <= end)]
    [d] = employment_deadlines(flexjob(start, end_date=end), [review(r) for r in reviews],
                               as_of=as_of)
    ended = end is not None and end <= as_of
    if d.status in (Status.MET, Status.LATE):
        assert d.done is not None
        assert d.done <= as_of
        assert d.done in reviews
    if d.status is Status.MISSED:
        assert ended
        assert end is not None
        assert d.days_overdue == (end - d.due).days >= 0
    if d.status in (Status.PENDING, Status.OVERDUE):
        assert not ended
    if d.status is Status.PENDING:
        assert d.days_left == (d.due - as_of).days >= 0
    if d.status is Status.OVERDUE:
        assert d.days_overdue == (as_of - d.due).days > 0


def _register() -> Register:
    sa1 = attrs.evolve(agreement(), start_date=D(2014, 1, 1))
    pathway = Pathway("P1", "SA1", "D-1", start_date=D(2015, 6, 1), end_date=D(2016, 9, 1),
                      outcome="fleksjob")
    jobs = [attrs.evolve(flexjob(), pathway_id="P1"),
            attrs.evolve(flexjob(D(2016, 1, 4)), employment_id="E2", enterprise="Café Kornet"),
            attrs.evolve(flexjob(D(2016, 2, 1)), employment_id="E3", kind="deltid")]
    return Register([sa1], [pathway], employments=jobs)


def test_check_deadlines_puts_a_review_under_the_agreement_of_the_pathway_it_followed(
        ) -> None:
    findings = check_deadlines(_register(), as_of=D(2018, 12, 31))
    reviews = [(f.agreement_id, f.pathway_id, f.employment_id, f.enterprise, f.status.value)
               for f in findings if f.rule is Rule.FLEXJOB_REVIEW]
    assert [("SA1", "P1", "E1", "Sumak", "pending"),
            (None, None, "E2", "Café Kornet", "overdue")] == reviews
    assert Rule.CAPACITY is findings[-2].rule  # SA1's capacity, before E2
    only_sa1 = check_deadlines(_register(), as_of=D(2018, 12, 31), agreements=["SA1"])
    assert ["E1"] == [f.employment_id for f in only_sa1 if f.employment_id]


def test_the_compliance_summary_counts_the_reviews() -> None:
    findings = check_deadlines(_register(), as_of=D(2019, 6, 30))
    assert (0, 2) == compliance(findings)[Rule.FLEXJOB_REVIEW]


def test_next_due_for_an_employment_is_its_open_review() -> None:
    register = _register()
    finding = next_due_for_employment(register, "E1", as_of=D(2018, 12, 31))
    assert finding is not None
    assert (Rule.FLEXJOB_REVIEW, D(2019, 3, 8), Status.PENDING, 67) == (
        finding.rule, finding.due, finding.status, finding.days_left)
    assert next_due_for_employment(register, "E3", as_of=D(2018, 12, 31)) is None
    held = register.replace(employment_events=[review(D(2019, 1, 10))])
    assert next_due_for_employment(held, "E1", as_of=D(2019, 1, 31)) is None
    # The pathway itself owes nothing: it has ended.
    assert next_due(register, "P1", as_of=D(2018, 12, 31)) is None


def test_the_work_list_groups_a_review_after_no_pathway_by_enterprise() -> None:
    register = _register()
    day = D(2018, 12, 31)
    findings = check_deadlines(register, as_of=day)
    listed = select_worklist(findings, as_of=day, everything=True)
    assert "E2" == listed[-1].employment_id
    text = render_worklist(findings, agreements=register.agreements, as_of=day, lang="en",
                           everything=True)
    assert "Enterprise: Café Kornet (employments after no pathway)" in text
    assert "Pathway / employment" in text
    assert "after pathway P1" in text
    rows = json.loads(render_worklist(findings, agreements=register.agreements, as_of=day,
                                      fmt="json"))
    assert {"agreement_id": None, "pathway_id": None, "employment_id": "E2",
            "enterprise": "Café Kornet", "rule": "flexjob_review", "due": "2018-07-04",
            "status": "overdue"}.items() <= rows[0].items()
    csv = render_worklist(findings, agreements=register.agreements, as_of=day, fmt="csv")
    assert csv.splitlines()[0].endswith(",employment_id,enterprise")
    assert ",,flexjob_review,2018-07-04,overdue,,180,,,flexjob since 2016-01-04, on time " \
           "from 2018-04-04,E2,Café Kornet" in csv.replace('"', "")
