"""
Registers with exactly one rule broken on purpose, for testing validators and loaders.

:func:`broken_registers` takes a valid register from
:func:`~forloeb.testing.registers` and adds one agreement (id ``BRUD``) holding
the break, so :func:`forloeb.rules.validate` must report exactly one
violation: the rule and column of the :class:`Break`, naming its pathway.
The breaks of the employment rules (kinds starting ``employment_``) add one
employment (id ``BRUD-E1``) and perhaps one of its events instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from forloeb._arguments import check_choice, check_int, refuse
from forloeb.codes import CANCELLED, EmploymentEventType, EventType
from forloeb.model import Agreement, Employment, EmploymentEvent, Event, Pathway, Register
from forloeb.testing.strategies import (
    LAST_DAY,
    agreements,
    cpr_like_numbers,
    registers,
)


@attrs.frozen
class Break:
    """
    One rule broken on purpose: the register, what was done and where it shows.

    ``table`` and ``column`` are where :func:`forloeb.rules.validate` reports
    the violation, ``rule`` its number (0 for checks that are not numbered
    rules, such as a CPR-like participant id) and ``pathway_id`` the pathway
    its message names (for a break of the employment rules: the employment).
    """

    register: Register
    kind: str
    rule: int
    table: str
    column: str
    pathway_id: str

    @property
    def names(self) -> str:
        """
        What the violation's message names: ``pathway BRUD-P1``, or
        ``employment BRUD-E1`` for a break of the employment rules.
        """
        noun = "employment" if self.table.startswith("employment") else "pathway"
        return f"{noun} {self.pathway_id}"


#: The agreement every break is added under (no strategy generates this id).
BROKEN_AGREEMENT_ID = "BRUD"

_DAY = dt.timedelta(days=1)

_Builder = Callable[[st.DrawFn, Agreement], tuple[Agreement, list[Pathway], list[Event], Break]]


def _day(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date:
    return low + draw(st.integers(0, max(0, (high - low).days))) * _DAY


def _pathway(pathway_id: str = "BRUD-P1", participant_id: str = "BRUD-1",
             **dates: object) -> Pathway:
    return Pathway(pathway_id, BROKEN_AGREEMENT_ID, participant_id, **dates)  # type: ignore[arg-type]


def _mark(kind: str, rule: int, table: str, column: str,
          pathway_id: str = "BRUD-P1") -> Break:
    # The register is filled in by broken_registers once the break is added.
    return Break(Register([]), kind, rule, table, column, pathway_id)


def _cpr_number(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway], list[Event],
                                                        Break]:
    p = _pathway(participant_id=draw(cpr_like_numbers()), referred_date=a.start_date)
    return a, [p], [], _mark("cpr_number", 0, "pathways", "participant_id")


def _outcome_while_active(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                  list[Event], Break]:
    p = _pathway(start_date=_day(draw, a.start_date, LAST_DAY), outcome="fleksjob")
    return a, [p], [], _mark("outcome_while_active", 1, "pathways", "end_date")


def _end_without_outcome(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                 list[Event], Break]:
    start = _day(draw, a.start_date, LAST_DAY)
    p = _pathway(start_date=start, end_date=_day(draw, start, LAST_DAY))
    return a, [p], [], _mark("end_without_outcome", 1, "pathways", "outcome")


def _end_before_start(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                              list[Event], Break]:
    end = _day(draw, a.start_date, LAST_DAY - _DAY)
    p = _pathway(start_date=_day(draw, end + _DAY, LAST_DAY), end_date=end, outcome="fleksjob")
    return a, [p], [], _mark("end_before_start", 2, "pathways", "end_date")


def _start_before_referral(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                   list[Event], Break]:
    start = _day(draw, a.start_date, LAST_DAY - _DAY)
    p = _pathway(referred_date=_day(draw, start + _DAY, LAST_DAY), start_date=start)
    return a, [p], [], _mark("start_before_referral", 2, "pathways", "start_date")


def _ended(draw: st.DrawFn, a: Agreement, outcome: str) -> Pathway:
    start = _day(draw, a.start_date, LAST_DAY)
    return _pathway(start_date=start, end_date=_day(draw, start, LAST_DAY), outcome=outcome)


def _unknown_outcome(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                             list[Event], Break]:
    return (a, [_ended(draw, a, "ukendt_udfald")], [],
            _mark("unknown_outcome", 3, "pathways", "outcome"))


def _disallowed_outcome(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                list[Event], Break]:
    a = attrs.evolve(a, allowed_outcomes=("fleksjob", CANCELLED))
    return (a, [_ended(draw, a, "ordinaert_job")], [],
            _mark("disallowed_outcome", 3, "pathways", "outcome"))


def _cancelled_after_start(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                   list[Event], Break]:
    return (a, [_ended(draw, a, CANCELLED)], [],
            _mark("cancelled_after_start", 3, "pathways", "outcome"))


def _ended_without_start(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                 list[Event], Break]:
    p = _pathway(end_date=_day(draw, a.start_date, LAST_DAY), outcome="fleksjob")
    return a, [p], [], _mark("ended_without_start", 3, "pathways", "start_date")


def _event_before_start(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                list[Event], Break]:
    start = _day(draw, a.start_date + 30 * _DAY, LAST_DAY)
    p = _pathway(start_date=start)
    e = Event(p.pathway_id, start - draw(st.integers(1, 30)) * _DAY, EventType.FOLLOWUP,
              code="held")
    return a, [p], [e], _mark("event_before_start", 4, "events", "date")


def _event_after_end(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                             list[Event], Break]:
    p = _ended(draw, a, "fleksjob")
    assert p.end_date is not None
    e = Event(p.pathway_id, p.end_date + draw(st.integers(1, 30)) * _DAY,
              EventType.ATTENDANCE_REPORT)
    return a, [p], [e], _mark("event_after_end", 4, "events", "date")


def _event_before_any_start(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                    list[Event], Break]:
    p = _pathway(referred_date=a.start_date)
    e = Event(p.pathway_id, _day(draw, a.start_date, LAST_DAY), EventType.EFFECT,
              code="tillid", value=draw(st.none() | st.integers(1, 5)))
    return a, [p], [e], _mark("event_without_start", 4, "events", "date")


def _extension_after_end(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                 list[Event], Break]:
    p = _ended(draw, a, "fleksjob")
    assert p.end_date is not None
    e = Event(p.pathway_id, p.end_date + draw(st.integers(0, 30)) * _DAY, EventType.EXTENSION,
              value=draw(st.integers(1, 26)))
    return a, [p], [e], _mark("extension_after_end", 5, "events", "date")


def _extension_of_no_weeks(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                   list[Event], Break]:
    start = _day(draw, a.start_date, LAST_DAY)
    p = _pathway(start_date=start)
    e = Event(p.pathway_id, _day(draw, start, LAST_DAY), EventType.EXTENSION,
              value=draw(st.integers(-4, 0)))
    return a, [p], [e], _mark("extension_of_no_weeks", 5, "events", "value")


def _participant_overlap(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                                 list[Event], Break]:
    a = attrs.evolve(a, slots=max(a.slots, 2))
    first = _day(draw, a.start_date, LAST_DAY)
    end = draw(st.none() | st.just(_day(draw, first + _DAY, LAST_DAY)))
    second = _day(draw, first, (end or LAST_DAY + _DAY) - _DAY)
    before = _pathway("BRUD-P1", start_date=first, end_date=end,
                      outcome=None if end is None else "fleksjob")
    after = _pathway("BRUD-P2", start_date=second)
    return (a, [before, after], [],
            _mark("participant_overlap", 6, "pathways", "start_date", "BRUD-P2"))


def _over_capacity(draw: st.DrawFn, a: Agreement) -> tuple[Agreement, list[Pathway],
                                                           list[Event], Break]:
    a = attrs.evolve(a, slots=min(a.slots, 3), extra_slots=min(a.extra_slots, 1))
    first = _day(draw, a.start_date, LAST_DAY - 30 * _DAY)
    starts = sorted(_day(draw, first, first + 30 * _DAY) for _ in range(a.capacity + 1))
    ps = [_pathway(f"BRUD-P{n + 1}", f"BRUD-{n + 1}", start_date=d)
          for n, d in enumerate(starts)]
    # The sweep orders same-day starts by position, so the last one is over.
    return (a, ps, [],
            _mark("over_capacity", 7, "pathways", "start_date", ps[-1].pathway_id))


_BUILDERS: dict[str, _Builder] = {
    "cpr_number": _cpr_number,
    "outcome_while_active": _outcome_while_active,
    "end_without_outcome": _end_without_outcome,
    "end_before_start": _end_before_start,
    "start_before_referral": _start_before_referral,
    "unknown_outcome": _unknown_outcome,
    "disallowed_outcome": _disallowed_outcome,
    "cancelled_after_start": _cancelled_after_start,
    "ended_without_start": _ended_without_start,
    "event_before_start": _event_before_start,
    "event_after_end": _event_after_end,
    "event_without_start": _event_before_any_start,
    "extension_after_end": _extension_after_end,
    "extension_of_no_weeks": _extension_of_no_weeks,
    "participant_overlap": _participant_overlap,
    "over_capacity": _over_capacity,
}

_EmploymentBuilder = Callable[[st.DrawFn], tuple[Employment, list[EmploymentEvent], Break]]

#: The employment every employment break is made with.
BROKEN_EMPLOYMENT_ID = "BRUD-E1"


def _job(draw: st.DrawFn, **fields: object) -> Employment:
    start = _day(draw, dt.date(2014, 1, 1), LAST_DAY - 30 * _DAY)
    values: dict[str, object] = {"employment_id": BROKEN_EMPLOYMENT_ID,
                                 "participant_id": "BRUD-1", "enterprise": "Brudværkstedet",
                                 "kind": "fleksjob", "start_date": start,
                                 "hours_per_week": Decimal(draw(st.integers(1, 37))),
                                 "intensity": draw(st.integers(1, 100))}
    values.update(fields)
    return Employment(**values)  # type: ignore[arg-type]


def _break(kind: str, table: str, column: str) -> Break:
    return _mark(kind, 0, table, column, BROKEN_EMPLOYMENT_ID)


def _employment_cpr_number(draw: st.DrawFn) -> tuple[Employment, list[EmploymentEvent], Break]:
    return (_job(draw, participant_id=draw(cpr_like_numbers())), [],
            _break("employment_cpr_number", "employments", "participant_id"))


def _employment_unknown_pathway(draw: st.DrawFn
                                ) -> tuple[Employment, list[EmploymentEvent], Break]:
    return (_job(draw, pathway_id="BRUD-P404"), [],
            _break("employment_unknown_pathway", "employments", "pathway_id"))


def _employment_no_hours(draw: st.DrawFn) -> tuple[Employment, list[EmploymentEvent], Break]:
    hours = Decimal(draw(st.integers(-40, 0)))
    return (_job(draw, hours_per_week=hours), [],
            _break("employment_no_hours", "employments", "hours_per_week"))


def _employment_intensity_over_100(draw: st.DrawFn
                                   ) -> tuple[Employment, list[EmploymentEvent], Break]:
    return (_job(draw, intensity=draw(st.integers(101, 500))), [],
            _break("employment_intensity_over_100", "employments", "intensity"))


def _employment_end_before_start(draw: st.DrawFn
                                 ) -> tuple[Employment, list[EmploymentEvent], Break]:
    job = _job(draw)
    end = job.start_date - draw(st.integers(1, 30)) * _DAY
    return (attrs.evolve(job, end_date=end), [],
            _break("employment_end_before_start", "employments", "end_date"))


def _employment_event_outside(draw: st.DrawFn
                              ) -> tuple[Employment, list[EmploymentEvent], Break]:
    job = _job(draw)
    if draw(st.booleans()):
        day = job.start_date - draw(st.integers(1, 30)) * _DAY
    else:
        job = attrs.evolve(job, end_date=job.start_date + 20 * _DAY)
        day = job.start_date + draw(st.integers(21, 60)) * _DAY
    event = EmploymentEvent(job.employment_id, day, EmploymentEventType.CHANGE, Decimal(10))
    return job, [event], _break("employment_event_outside", "employment_events", "date")


def _employment_empty_change(draw: st.DrawFn
                             ) -> tuple[Employment, list[EmploymentEvent], Break]:
    job = _job(draw)
    event = EmploymentEvent(job.employment_id, job.start_date + 10 * _DAY,
                            EmploymentEventType.CHANGE)
    return job, [event], _break("employment_empty_change", "employment_events",
                                "hours_per_week")


def _employment_review_with_hours(draw: st.DrawFn
                                  ) -> tuple[Employment, list[EmploymentEvent], Break]:
    job = _job(draw)
    event = EmploymentEvent(job.employment_id, job.start_date + 10 * _DAY,
                            EmploymentEventType.REVIEW, Decimal(draw(st.integers(1, 37))))
    return job, [event], _break("employment_review_with_hours", "employment_events",
                                "hours_per_week")


def _employment_review_not_in_a_flexjob(draw: st.DrawFn
                                        ) -> tuple[Employment, list[EmploymentEvent], Break]:
    job = _job(draw, kind=draw(st.sampled_from(("deltid", "fuldtid", "loentilskud"))),
               intensity=100)
    event = EmploymentEvent(job.employment_id, job.start_date + 10 * _DAY,
                            EmploymentEventType.REVIEW)
    return job, [event], _break("employment_review_not_in_a_flexjob", "employment_events",
                                "type")


_EMPLOYMENT_BUILDERS: dict[str, _EmploymentBuilder] = {
    "employment_cpr_number": _employment_cpr_number,
    "employment_unknown_pathway": _employment_unknown_pathway,
    "employment_no_hours": _employment_no_hours,
    "employment_intensity_over_100": _employment_intensity_over_100,
    "employment_end_before_start": _employment_end_before_start,
    "employment_event_outside": _employment_event_outside,
    "employment_empty_change": _employment_empty_change,
    "employment_review_with_hours": _employment_review_with_hours,
    "employment_review_not_in_a_flexjob": _employment_review_not_in_a_flexjob,
}

#: Every kind of break :func:`broken_registers` can make.
BREAK_KINDS: tuple[str, ...] = (*_BUILDERS, *_EMPLOYMENT_BUILDERS)


def broken_registers(
    kinds: Sequence[str] | None = None, *, max_pathways: int = 10
) -> st.SearchStrategy[Break]:
    """
    A valid register with one break of one of ``kinds`` (default: every kind
    in :data:`BREAK_KINDS`) added under agreement ``BRUD``.

    Raises:
        InvalidArgument: ``kinds`` is no sequence of at least one kind of
            :data:`BREAK_KINDS` (nor ``None``), or ``max_pathways`` no whole
            number, 0 or more.
    """
    if kinds is None:
        chosen = BREAK_KINDS
    elif isinstance(kinds, str) and kinds in BREAK_KINDS:
        raise refuse("kinds", f"a sequence of kinds of break (write kinds=[{kinds!r}])", kinds)
    elif not isinstance(kinds, Sequence) or isinstance(kinds, str | bytes) or not kinds:
        raise refuse("kinds", "a non-empty sequence of kinds of break (a list of str from "
                     "BREAK_KINDS) or None", kinds)
    else:
        for i, kind in enumerate(kinds):
            check_choice(f"kinds[{i}]", kind, BREAK_KINDS)
        chosen = tuple(kinds)
    check_int("max_pathways", max_pathways, low=0)
    return _broken_registers(chosen, max_pathways)


@st.composite
def _broken_registers(draw: st.DrawFn, kinds: tuple[str, ...], max_pathways: int) -> Break:
    valid = draw(registers(max_pathways=max_pathways))
    kind = draw(st.sampled_from(kinds))
    if kind in _EMPLOYMENT_BUILDERS:
        job, job_events, mark = _EMPLOYMENT_BUILDERS[kind](draw)
        register = valid.replace(employments=(*valid.employments, job),
                                 employment_events=(*valid.employment_events, *job_events))
        return attrs.evolve(mark, register=register)
    agreement = draw(agreements(agreement_id=BROKEN_AGREEMENT_ID))
    agreement = attrs.evolve(agreement, allowed_outcomes=None)
    agreement, added, events, mark = _BUILDERS[kind](draw, agreement)
    register = valid.replace(agreements=(*valid.agreements, agreement),
                             pathways=(*valid.pathways, *added), events=(*valid.events, *events))
    return attrs.evolve(mark, register=register)


__all__ = ["BREAK_KINDS", "BROKEN_AGREEMENT_ID", "BROKEN_EMPLOYMENT_ID", "Break",
           "broken_registers"]
