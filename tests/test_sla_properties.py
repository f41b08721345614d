"""
Properties of the SLA engine that hold for every pathway, checked with Hypothesis.
"""

from __future__ import annotations

import calendar
import datetime as dt

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb.codes import NO_PLAN_REASONS, EventType
from forloeb.dates import add_months
from forloeb.model import Agreement, Employment, Event, Pathway, Register
from forloeb.sla import (
    Finding,
    Rule,
    Status,
    capacity_use,
    check_deadlines,
    check_pathway,
    compliance,
)
from forloeb.testing import registers as valid_registers

D = dt.date
_FIRST = D(2016, 1, 1)
_LAST = D(2020, 12, 31)

#: Month ends and the 29th-31st are where calendar arithmetic goes wrong.
days = st.one_of(
    st.dates(min_value=_FIRST, max_value=_LAST),
    st.builds(lambda y, m, d: D(y, m, min(d, calendar.monthrange(y, m)[1])),
              st.integers(2016, 2020), st.integers(1, 12), st.integers(28, 31)),
)


# Strategies are built once: building them inside a draw costs more than the test.
_FOLLOWUP_WEEKS = st.none() | st.integers(1, 8)
_END_OFFSET = st.none() | st.integers(0, 700)
_PLAN_OFFSET = st.none() | st.integers(-10, 80)
_REASON = st.none() | st.sampled_from(NO_PLAN_REASONS)
_EVENT_KINDS = st.sampled_from([
    (EventType.ATTENDANCE_REPORT, None, None),
    (EventType.FOLLOWUP, "held", None),
    (EventType.FOLLOWUP, "cancelled", None),
    (EventType.EXTENSION, None, 4),
    (EventType.ABSENCE, "sick", 10),
])
_EVENTS = st.lists(st.tuples(st.integers(0, 800), _EVENT_KINDS), max_size=8)
_AGREEMENT_IDS = st.sampled_from(["SA1", "SA2"])


@st.composite
def agreements(draw: st.DrawFn, agreement_id: str = "SA1") -> Agreement:
    return Agreement(
        agreement_id, _FIRST, slots=draw(st.integers(1, 4)),
        plan_deadline_weeks=draw(st.integers(0, 6)),
        frame_weeks=draw(st.integers(1, 60)),
        extra_slots=draw(st.integers(0, 2)),
        attendance_interval_months=draw(st.integers(1, 4)),
        grace_days=draw(st.integers(0, 10)),
        followup_interval_weeks=draw(_FOLLOWUP_WEEKS),
        pause_on_absence=draw(st.booleans()),
    )


def _after(day: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else day + dt.timedelta(days=offset)


@st.composite
def pathways(draw: st.DrawFn, pathway_id: str = "P1", agreement_id: str = "SA1") -> Pathway:
    start = draw(days)
    end = _after(start, draw(_END_OFFSET))
    return Pathway(
        pathway_id, agreement_id, f"D-{pathway_id}", start_date=start, end_date=end,
        outcome="fleksjob" if end else None, plan_date=_after(start, draw(_PLAN_OFFSET)),
        no_plan_reason=draw(_REASON),
    )


@st.composite
def events_of(draw: st.DrawFn, pathway: Pathway) -> list[Event]:
    """
    Events of ``pathway`` between its start and its end (or 800 days on).
    """
    assert pathway.start_date is not None
    span = ((pathway.end_date or pathway.start_date + dt.timedelta(days=800))
            - pathway.start_date).days
    events = []
    for offset, (kind, code, value) in draw(_EVENTS):
        day = pathway.start_date + dt.timedelta(days=min(offset, span))
        events.append(Event(pathway.pathway_id, day, kind, code, value))
    return events


@st.composite
def registers(draw: st.DrawFn) -> Register:
    agreement_list = [draw(agreements("SA1")), draw(agreements("SA2"))]
    pathway_list = []
    event_list: list[Event] = []
    for n in range(draw(st.integers(0, 5))):
        p = draw(pathways(f"P{n}", draw(_AGREEMENT_IDS)))
        pathway_list.append(p)
        event_list.extend(draw(events_of(p)))
    return Register(agreement_list, pathway_list, event_list)


def _sheets(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule is Rule.ATTENDANCE_REPORT]


@given(start=days, end=st.none() | days, as_of=days, interval=st.integers(1, 6))
def test_attendance_due_dates_are_the_whole_intervals_between_start_and_end_or_as_of(
    start: dt.date, end: dt.date | None, as_of: dt.date, interval: int
) -> None:
    if end is not None and end < start:
        start, end = end, start
    pathway = Pathway("P1", "SA1", "D-1", start_date=start, end_date=end,
                      outcome="fleksjob" if end else None)
    agreement = Agreement("SA1", _FIRST, slots=1, plan_deadline_weeks=4, frame_weeks=52,
                          attendance_interval_months=interval)
    sheets = _sheets(check_pathway(pathway, agreement, (), as_of=as_of))
    last = min(end, as_of) if end is not None else as_of
    whole_months = 0
    if last >= start:
        gap = relativedelta(last, start)
        whole_months = gap.years * 12 + gap.months
    assert whole_months // interval == len(sheets)


@given(start=days, as_of=days, interval=st.integers(1, 6))
def test_attendance_due_dates_increase_and_each_falls_in_its_own_month(
    start: dt.date, as_of: dt.date, interval: int
) -> None:
    pathway = Pathway("P1", "SA1", "D-1", start_date=start)
    agreement = Agreement("SA1", _FIRST, slots=1, plan_deadline_weeks=4, frame_weeks=52,
                          attendance_interval_months=interval)
    dues = [f.due for f in _sheets(check_pathway(pathway, agreement, (), as_of=as_of))]
    assert sorted(set(dues)) == dues
    for k, due in enumerate(dues, 1):
        months = start.month - 1 + k * interval
        year, month = start.year + months // 12, months % 12 + 1
        expected_day = min(start.day, calendar.monthrange(year, month)[1])
        assert (year, month, expected_day) == (due.year, due.month, due.day)


@given(start=days, months=st.integers(-40, 40))
def test_add_months_gives_the_same_date_as_relativedelta(start: dt.date, months: int) -> None:
    # The integer arithmetic in forloeb.dates replaced relativedelta for speed.
    assert add_months.__wrapped__(start, months) == start + relativedelta(months=months)


_WITHIN = st.none() | st.integers(0, 90)


@given(register=registers(), as_of=days, due_within=_WITHIN)
def test_each_finding_has_the_fields_its_status_implies(
    register: Register, as_of: dt.date, due_within: int | None
) -> None:
    findings = check_deadlines(register, as_of=as_of, due_within=due_within)
    for f in findings:
        if f.rule is Rule.CAPACITY:
            continue  # an observation of the agreement: nothing is done or awaited
        assert (f.done is not None) == (f.status in (Status.MET, Status.LATE))
        assert (f.status in (Status.LATE, Status.OVERDUE)) <= (f.days_overdue > 0)
        assert (f.days_overdue != 0) <= (f.status in (Status.LATE, Status.OVERDUE,
                                                      Status.MISSED))
        assert f.days_overdue >= 0
        assert (f.reason is not None) == (f.status is Status.EXEMPT)
        assert (f.days_left is not None) == (f.status is Status.PENDING)
        if f.days_left is not None:
            assert (f.due - as_of).days == f.days_left
        if f.done is not None:
            assert f.done <= as_of
    started = [p for p in register.pathways
               if p.start_date is not None and p.start_date <= as_of]
    for rule in (Rule.PLAN_DEADLINE, Rule.FRAME):
        assert sorted(p.pathway_id for p in started) == sorted(
            f.pathway_id for f in findings if f.rule is rule)


def _conditions(f: Finding, register: Register, as_of: dt.date) -> set[Status]:
    """
    The statuses whose condition in docs/deadlines.md holds for ``f``, read
    from the pathway (or, for a flexjob review, the employment) as known on
    ``as_of`` rather than from the finding's status.
    """
    if f.employment_id is not None:
        job = register.employment(f.employment_id).known_as_of(as_of)
        assert job is not None
        end, exempt, on_time = job.end_date, False, f.due
        ended_first = end is not None and end < f.due
    else:
        assert f.pathway_id is not None
        assert f.agreement_id is not None
        known = register.pathway(f.pathway_id).known_as_of(as_of)
        assert known is not None
        grace = register.agreement(f.agreement_id).grace_days if (
            f.rule is Rule.ATTENDANCE_REPORT) else 0
        on_time = f.due + dt.timedelta(days=grace)
        end = known.end_date
        exempt = f.rule is Rule.PLAN_DEADLINE and known.no_plan_reason is not None
        ended_first = f.rule is Rule.PLAN_DEADLINE and end is not None and end < f.due
    owed = f.done is None and not exempt
    conditions = {
        Status.MET: f.done is not None and f.done <= on_time,
        Status.LATE: f.done is not None and f.done > on_time,
        Status.EXEMPT: f.done is None and exempt,
        Status.NOT_DUE: owed and ended_first,
        Status.MISSED: owed and end is not None and f.due <= end,
        Status.OVERDUE: owed and end is None and on_time < as_of,
        Status.PENDING: owed and end is None and on_time >= as_of,
    }
    return {status for status, holds in conditions.items() if holds}


@given(register=registers(), as_of=days, due_within=_WITHIN)
def test_statuses_partition_each_rules_findings_by_the_documented_conditions(
    register: Register, as_of: dt.date, due_within: int | None
) -> None:
    """Exactly one documented condition holds for each finding, and it is its status."""
    findings = check_deadlines(register, as_of=as_of, due_within=due_within)
    for f in findings:
        if f.rule is not Rule.CAPACITY:
            assert {f.status} == _conditions(f, register, as_of), f


@given(register=registers(), as_of=days, due_within=_WITHIN)
def test_a_finding_of_an_ended_pathway_is_never_overdue_or_pending(
    register: Register, as_of: dt.date, due_within: int | None
) -> None:
    """
    What it never did is missed, counted from the due date to the end; the
    same for an employment's review.
    """
    for f in check_deadlines(register, as_of=as_of, due_within=due_within):
        known: Pathway | Employment | None
        if f.employment_id is not None:
            known = register.employment(f.employment_id).known_as_of(as_of)
        elif f.pathway_id is not None:
            known = register.pathway(f.pathway_id).known_as_of(as_of)
        else:
            continue
        assert known is not None
        if known.end_date is not None:
            assert f.status not in (Status.OVERDUE, Status.PENDING), f
            if f.status is Status.MISSED:
                assert (known.end_date - f.due).days == f.days_overdue
        else:
            assert f.status is not Status.MISSED, f


def _by_deadline(findings: list[Finding]) -> dict[tuple[object, ...], Status]:
    return {(f.pathway_id, f.employment_id, f.rule, f.due): f.status for f in findings}


@given(register=registers(), as_of=days, data=st.data())
def test_adding_a_report_or_a_plan_never_turns_a_done_deadline_overdue_or_missed(
    register: Register, as_of: dt.date, data: st.DataObject
) -> None:
    started = [p for p in register.pathways if p.start_date is not None]
    if not started:
        return
    pathway = data.draw(st.sampled_from(started))
    assert pathway.start_date is not None
    day = data.draw(st.dates(min_value=pathway.start_date, max_value=max(as_of,
                                                                         pathway.start_date)))
    if data.draw(st.booleans()):
        more = register.replace(events=[
            *register.events, Event(pathway.pathway_id, day, EventType.ATTENDANCE_REPORT)])
    else:
        planned = attrs.evolve(pathway, plan_date=min(day, pathway.plan_date or day))
        more = register.replace(
            pathways=[planned if p is pathway else p for p in register.pathways])
    before = _by_deadline(check_deadlines(register, as_of=as_of))
    after = _by_deadline(check_deadlines(more, as_of=as_of))
    for key, status in before.items():
        if status in (Status.MET, Status.LATE):
            assert after.get(key, status) not in (Status.OVERDUE, Status.MISSED), key


@given(register=registers(), as_of=days)
def test_checking_as_of_a_date_ignores_everything_after_it(
    register: Register, as_of: dt.date
) -> None:
    assert check_deadlines(register.as_of(as_of), as_of=as_of) == check_deadlines(
        register, as_of=as_of)


@given(register=registers(), as_of=days, extra=st.lists(st.integers(1, 400), max_size=5))
def test_facts_added_after_the_as_of_date_change_nothing(
    register: Register, as_of: dt.date, extra: list[int]
) -> None:
    later = [Event(p.pathway_id, as_of + dt.timedelta(days=n), kind, None, value)
             for p in register.pathways for n in extra
             for kind, value in ((EventType.ATTENDANCE_REPORT, None),
                                 (EventType.EXTENSION, 8), (EventType.ABSENCE, 30))]
    more = Register(register.agreements, register.pathways, [*register.events, *later])
    assert check_deadlines(register, as_of=as_of) == check_deadlines(more, as_of=as_of)


@given(register=registers(), as_of=days, since=st.none() | days)
def test_capacity_sweep_agrees_with_counting_every_day(
    register: Register, as_of: dt.date, since: dt.date | None
) -> None:
    agreement = register.agreements[0]
    pathway_list = register.pathways_of(agreement.agreement_id)
    use = capacity_use(agreement, pathway_list, as_of=as_of, since=since)
    known = [p.known_as_of(as_of) for p in pathway_list]
    first = min((p.start_date for p in known if p and p.start_date), default=as_of)
    day = since or first
    counts = []
    while day <= as_of:
        counts.append((day, sum(1 for p in known if p is not None and p.is_active_on(day))))
        day += dt.timedelta(days=1)
    peak = max((n for _, n in counts), default=0)
    assert peak == use.peak
    assert (next(d for d, n in counts if n == peak) if peak else None) == use.peak_date
    assert sum(1 for _, n in counts if n > agreement.slots) == use.days_on_extra
    assert sum(1 for _, n in counts if n > agreement.capacity) == use.days_over


@given(register=registers(), due_within=st.integers(1, 120), data=st.data())
def test_every_deadline_falling_due_within_the_window_is_listed_ahead_of_time(
    register: Register, due_within: int, data: st.DataObject
) -> None:
    """
    With ``due_within``, each deadline of every rule still to be done that the
    same facts make fall due by ``as_of + due_within`` is there already, as
    pending; the ones listed that are done stand as they will then. The
    compliance rates do not change: what is still to come counts neither way.
    """
    # Soon after an event is where a sheet sent early or a meeting just held sits.
    soon = [e.date + dt.timedelta(days=n) for e in register.events for n in (0, 9)]
    as_of = data.draw(st.sampled_from(soon) if soon else days)
    until = as_of + dt.timedelta(days=due_within)

    def window(findings: list[Finding]) -> dict[tuple[object, ...], Status]:
        return {key: status for key, status in _by_deadline(findings).items()
                if key[2] is not Rule.CAPACITY and as_of < key[3] <= until}  # type: ignore[operator]

    findings = check_deadlines(register, as_of=as_of, due_within=due_within)
    ahead = window(findings)
    later = window(check_deadlines(register.as_of(as_of), as_of=until))
    assert set(ahead) <= set(later)
    for key, status in later.items():
        if status in (Status.OVERDUE, Status.PENDING):
            assert Status.PENDING is ahead.get(key), key
        elif key in ahead:
            assert status is ahead[key], key

    def rates(of: list[Finding]) -> dict[Rule, tuple[int, int]]:
        return {rule: counts for rule, counts in compliance(of).items() if counts[1]}

    assert rates(check_deadlines(register, as_of=as_of)) == rates(findings)


@settings(max_examples=60)
@given(register=valid_registers(max_pathways=8), as_of=days, days_later=st.integers(1, 900))
def test_the_findings_of_an_ended_pathway_never_change_after_its_end(
    register: Register, as_of: dt.date, days_later: int
) -> None:
    """A missed deadline stays missed, by the same days: they stop at the end."""
    ended = {p.pathway_id for p in register.pathways
             if p.end_date is not None and p.end_date <= as_of}
    later = as_of + dt.timedelta(days=days_later)

    def of_ended(day: dt.date) -> list[Finding]:
        # The pathway's own findings: a hire after it has deadlines of its own.
        return [f for f in check_deadlines(register, as_of=day)
                if f.pathway_id in ended and f.employment_id is None]

    assert of_ended(as_of) == of_ended(later)
