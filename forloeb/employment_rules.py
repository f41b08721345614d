"""
The rules of employments (da: *ansættelser*) and their events, checked over a
whole register and one at a time.

Like :mod:`forloeb.rules`, every check returns what is wrong instead of
raising, so a register with many problems is reported in full, each problem
with its table, row and column. The rules:

- an employment has a unique, non-empty id that is no CPR number, a
  participant pseudonym that is no CPR number, an enterprise, a known kind
  and channel, a start, and an end (if any) on or after its start; every date
  lies within the dates a register may hold;
- ``pathway_id``, if given, names a pathway of the register;
- hours a week are more than 0 and at most
  :data:`~forloeb.codes.MAX_HOURS_PER_WEEK`, with at most
  :data:`~forloeb.codes.HOURS_DECIMALS` decimals; intensity is a whole
  percent from 1 to 100;
- an event names an employment of the register and is dated within it, from
  its start to its end (both included);
- a ``change`` gives new hours, a new intensity or both, a ``review`` neither,
  and only a flexjob has reviews (the 2.5-year follow-up is the flexjob's);
- no free text (the enterprise, a note) holds a CPR-like number.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from forloeb.model import Employment
>>> job = Employment("E1", "D-001", "Sumak", "fleksjob", dt.date(2018, 3, 1), Decimal(0),
...                  intensity=120)
>>> for column, message in employment_rule_breaks(job):
...     print(column, "-", message)
hours_per_week - hours_per_week is 0; it must be more than 0
intensity - intensity is 120; it must be at most 100
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal

from forloeb.codes import (
    CHANNELS,
    EMPLOYMENT_KINDS,
    FLEXJOB,
    HOURS_DECIMALS,
    INTENSITY_BOUNDS,
    MAX_HOURS_PER_WEEK,
    EmploymentEventType,
)
from forloeb.model import Employment, EmploymentEvent, Register
from forloeb.privacy import contains_cpr, cpr_positions
from forloeb.rules import Violation, cpr_message, date_message, id_message, whole_number_message


def hours_message(column: str, hours: object) -> str | None:
    """
    Why ``hours`` cannot be hours a week, or ``None`` if it can.

    >>> hours_message("hours_per_week", Decimal("4.5")) is None
    True
    >>> hours_message("hours_per_week", Decimal("375"))
    'hours_per_week is 375; it must be at most 80 hours a week'
    >>> hours_message("hours_per_week", 4.5)
    'hours_per_week is 4.5; it must be a number (a decimal.Decimal or an int)'
    """
    if isinstance(hours, bool) or not isinstance(hours, Decimal | int):
        return f"{column} is {hours!r}; it must be a number (a decimal.Decimal or an int)"
    if isinstance(hours, Decimal) and not hours.is_finite():
        return f"{column} is {hours}; it must be a number"
    if hours <= 0:
        return f"{column} is {hours}; it must be more than 0"
    if hours > MAX_HOURS_PER_WEEK:
        return f"{column} is {hours}; it must be at most {MAX_HOURS_PER_WEEK} hours a week"
    exponent = hours.as_tuple().exponent if isinstance(hours, Decimal) else 0
    if isinstance(exponent, int) and -exponent > HOURS_DECIMALS:
        return f"{column} is {hours}; it may have at most {HOURS_DECIMALS} decimals"
    return None


def intensity_message(column: str, intensity: object) -> str | None:
    """
    Why ``intensity`` cannot be an intensity in percent, or ``None`` if it can.

    >>> intensity_message("intensity", 0)
    'intensity is 0; it must be at least 1'
    """
    low, high = INTENSITY_BOUNDS
    return whole_number_message(column, intensity, low, high)


def employment_rule_breaks(e: Employment) -> Iterator[tuple[str, str]]:
    """
    What is wrong with one employment on its own, as (column, message): its
    codes, dates, hours and intensity, and CPR-like text. Ids and references
    are checked over the whole register (:func:`employment_violations`).
    """
    if e.kind not in EMPLOYMENT_KINDS:
        yield ("kind", f"{e.kind!r} is not a known kind of employment "
                       f"({', '.join(EMPLOYMENT_KINDS)})")
    if e.channel not in CHANNELS:
        yield ("channel", f"{e.channel!r} is not a known channel ({', '.join(CHANNELS)})")
    for column in ("start_date", "end_date"):
        day = getattr(e, column)
        message = None if day is None else _day_message(column, day)
        if message is not None:
            yield (column, message)
    if (isinstance(e.end_date, dt.date) and isinstance(e.start_date, dt.date)
            and e.end_date < e.start_date):
        yield ("end_date", f"end_date {e.end_date} is before start_date {e.start_date}")
    yield from _hours_and_intensity(e.hours_per_week, e.intensity)
    if not e.enterprise:
        yield ("enterprise", "enterprise is empty; name the enterprise that hired")
    elif contains_cpr(e.enterprise):
        yield ("enterprise", cpr_message("enterprise"))


def employment_event_rule_breaks(event: EmploymentEvent, employment: Employment | None
                                 ) -> Iterator[tuple[str | None, str]]:
    """
    What is wrong with one event of an employment on its own and against its
    employment (``None``: it names none), as (column, message).
    """
    kind = event.type
    if kind is EmploymentEventType.CHANGE:
        if event.hours_per_week is None and event.intensity is None:
            yield ("hours_per_week", "a change gives new hours_per_week, a new intensity or "
                                     "both; this one gives neither")
    elif kind is EmploymentEventType.REVIEW:
        for column in ("hours_per_week", "intensity"):
            if getattr(event, column) is not None:
                yield (column, f"a review takes no {column}; record a change beside it")
    yield from _hours_and_intensity(event.hours_per_week, event.intensity)
    day_message = _day_message("date", event.date)
    if day_message is not None:
        yield ("date", day_message)
    if event.note and contains_cpr(event.note):
        yield ("note", cpr_message("note"))
    if employment is None or day_message is not None:
        return
    if event.date < employment.start_date:
        yield ("date", f"dated before the start of the employment on {employment.start_date}")
    elif employment.end_date is not None and event.date > employment.end_date:
        yield ("date", f"dated after the end of the employment on {employment.end_date}")
    if kind is EmploymentEventType.REVIEW and employment.kind != FLEXJOB:
        yield ("type", f"the 2.5-year review is held in a flexjob, and this employment is "
                       f"{employment.kind!r}")


def _hours_and_intensity(hours: object, intensity: object) -> Iterator[tuple[str, str]]:
    # What is wrong with the hours and the intensity given (None: not given).
    for column, value, why in (("hours_per_week", hours, hours_message),
                               ("intensity", intensity, intensity_message)):
        message = None if value is None else why(column, value)
        if message is not None:
            yield (column, message)


def _day_message(column: str, day: object) -> str | None:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        return f"{column} is {day!r}; it must be a date"
    return date_message(column, day)


def employment_violations(register: Register, cpr_pathways: set[str]
                          ) -> Iterator[Violation]:
    """
    Every violation of the rules of employments and their events in
    ``register``, in table order. ``cpr_pathways``: the pathway ids that look
    like CPR numbers (refused where they are referred to).
    """
    employments = register.employments
    ids = [e.employment_id for e in employments]
    cpr_ids = set(cpr_positions(ids, whole_cells=True))
    cpr_participants = set(cpr_positions([e.participant_id for e in employments],
                                         whole_cells=True))
    seen: set[str] = set()
    for i, e in enumerate(employments):
        def bad(column: str, message: str, i: int = i, e: Employment = e) -> Violation:
            return Violation("employments", i, column, f"employment {e.employment_id}: {message}")

        message = id_message("employment_id", e.employment_id, seen=seen, cpr_like=i in cpr_ids)
        if message is not None:
            yield bad("employment_id", message)
        seen.add(e.employment_id)
        if not e.participant_id:
            yield bad("participant_id", "participant_id is empty")
        elif i in cpr_participants:
            yield bad("participant_id", cpr_message("participant_id"))
        for column, message in employment_rule_breaks(e):
            yield bad(column, message)
        if e.pathway_id is not None:
            if not register.has_pathway(e.pathway_id):
                yield bad("pathway_id", f"pathway {e.pathway_id!r} does not exist")
            elif e.pathway_id in cpr_pathways:
                yield bad("pathway_id", cpr_message("pathway_id"))
    yield from _event_violations(register, employments, {ids[i] for i in cpr_ids})


def _event_violations(register: Register, employments: Sequence[Employment],
                      cpr_employments: set[str]) -> Iterator[Violation]:
    by_id = {e.employment_id: e for e in employments}
    for i, event in enumerate(register.employment_events):
        def bad(column: str | None, message: str, i: int = i,
                event: EmploymentEvent = event) -> Violation:
            return Violation("employment_events", i, column,
                             f"employment {event.employment_id}, {event.type} on "
                             f"{event.date}: {message}")

        employment = by_id.get(event.employment_id)
        if employment is None:
            yield bad("employment_id", f"employment {event.employment_id!r} does not exist")
        elif event.employment_id in cpr_employments:
            yield bad("employment_id", cpr_message("employment_id"))
        for column, message in employment_event_rule_breaks(event, employment):
            yield bad(column, message)


__all__ = [
    "employment_event_rule_breaks",
    "employment_rule_breaks",
    "employment_violations",
    "hours_message",
    "intensity_message",
]
