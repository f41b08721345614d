"""
Recording what happens to a pathway, one change at a time, with every rule checked.

Each function takes a register and returns a new one with the change applied,
or raises the library's own error naming the pathway, the rule and the dates.
Registers are immutable, so a refused change leaves nothing half-done. The
SQLite store runs the same checks inside the transaction that writes.

One calling convention, the store's too: the register, then what the call
acts on (a pathway's id, or the event or note being recorded) are
positional; dates and everything else are keyword-only. Every argument is
checked first: a wrong type raises :class:`~forloeb.errors.InvalidArgument`
naming the argument, what was given and what is expected.

>>> import datetime as dt
>>> from forloeb import Agreement, Register
>>> sa = Agreement("SA1", dt.date(2018, 1, 1), slots=1, plan_deadline_weeks=4, frame_weeks=52)
>>> r = refer(Register([sa]), "P1", agreement_id="SA1", participant_id="D-1",
...           day=dt.date(2018, 1, 2))
>>> r = start(r, "P1", day=dt.date(2018, 1, 8))
>>> r = refer(r, "P2", agreement_id="SA1", participant_id="D-2", day=dt.date(2018, 1, 9))
>>> try:
...     start(r, "P2", day=dt.date(2018, 1, 10))
... except CapacityError as refused:
...     print(refused)  # doctest: +ELLIPSIS
pathway P2: starting on 2018-01-10 would make 2 pathways active on agreement SA1, ...
"""

from __future__ import annotations

import datetime as dt

import attrs

from forloeb import _arguments as check
from forloeb.codes import CANCELLED, TARGET_GROUPS, EventType, State
from forloeb.employment_rules import employment_violations
from forloeb.errors import CapacityError, RuleViolation, UnknownIdError
from forloeb.model import (
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.privacy import looks_like_cpr
from forloeb.rules import (
    capacity_violations,
    cpr_message,
    event_rule_breaks,
    note_rule_breaks,
    pathway_rule_breaks,
    pathways_overlap,
    text_breaks,
    total_breaks,
)
from forloeb.schema import Record


def refer(
    register: Register,
    pathway_id: str,
    *,
    agreement_id: str,
    participant_id: str,
    day: dt.date,
    target_group: str | None = None,
) -> Register:
    """
    A new pathway, referred (agreed, not started) on ``day``.

    Raises:
        RuleViolation: an id is empty, the pathway id is taken (rule 6), an id
            looks like a CPR number or holds a character a register file
            refuses (:func:`check_text_cells`), the target group is unknown
            or ``day`` is outside the dates a register may hold.
        UnknownIdError: the agreement does not exist.
        InvalidArgument: an argument of the wrong type.
    """
    _check_register(register)
    for name, value in (("pathway_id", pathway_id), ("agreement_id", agreement_id),
                        ("participant_id", participant_id)):
        check.check_text(name, value)
    check.check_date("day", day)
    check.check_text("target_group", target_group, optional=True)
    pathway = Pathway(pathway_id, agreement_id, participant_id, target_group=target_group,
                      referred_date=day)
    check_text_cells(pathway)
    register.agreement(agreement_id)
    if not pathway_id or not participant_id:
        raise RuleViolation(f"pathway {pathway_id!r} of participant {participant_id!r}: "
                            "neither id may be empty", rule=0, pathway_id=pathway_id)
    for column, value in (("pathway_id", pathway_id), ("participant_id", participant_id)):
        if looks_like_cpr(value):
            raise RuleViolation(f"pathway {pathway_id}: {cpr_message(column)}", rule=0,
                                pathway_id=pathway_id)
    if register.has_pathway(pathway_id):
        raise RuleViolation(f"pathway {pathway_id}: the id is already used; a participant "
                            "who returns gets a new pathway with a new id (rule 6)",
                            rule=6, pathway_id=pathway_id)
    if target_group is not None and target_group not in TARGET_GROUPS:
        raise RuleViolation(f"pathway {pathway_id}: {target_group!r} is not a known target "
                            f"group ({', '.join(TARGET_GROUPS)})", rule=0, pathway_id=pathway_id)
    return _with_pathway(register, pathway, new=True)


def start(register: Register, pathway_id: str, *, day: dt.date) -> Register:
    """
    Start a referred pathway on ``day``.

    Raises:
        RuleViolation: the pathway has already started or ended (rule 6), or the
            start is before its referral (rule 2).
        CapacityError: the agreement's slots would be exceeded on some day (rule 7).
    """
    pathway = _pathway(register, pathway_id, day)
    if pathway.end_date is not None:
        raise RuleViolation(f"pathway {pathway_id}: ended on {pathway.end_date} with outcome "
                            f"{pathway.outcome!r}; an ended pathway is never re-opened, a "
                            "returning participant gets a new pathway (rule 6)",
                            rule=6, pathway_id=pathway_id)
    if pathway.start_date is not None:
        raise RuleViolation(f"pathway {pathway_id}: already started on {pathway.start_date}",
                            rule=6, pathway_id=pathway_id)
    return _with_pathway(register, attrs.evolve(pathway, start_date=day))


def end(register: Register, pathway_id: str, *, day: dt.date, outcome: str) -> Register:
    """
    End an active pathway on ``day`` with exactly one ``outcome``.

    Raises:
        RuleViolation: it has not started (use :func:`cancel`), has ended already,
            the outcome is unknown or not allowed, or events lie after ``day``.
    """
    check.check_text("outcome", outcome)
    pathway = _pathway(register, pathway_id, day)
    if pathway.end_date is not None:
        raise RuleViolation(f"pathway {pathway_id}: already ended on {pathway.end_date} with "
                            f"outcome {pathway.outcome!r}; it has exactly one outcome (rule 1)",
                            rule=1, pathway_id=pathway_id)
    if pathway.start_date is None and outcome != CANCELLED:
        raise RuleViolation(f"pathway {pathway_id}: has not started, so it can only be "
                            f"cancelled (outcome {CANCELLED!r}), not ended with {outcome!r} "
                            "(rule 3)", rule=3, pathway_id=pathway_id)
    changed = attrs.evolve(pathway, end_date=day, outcome=outcome)
    register = _with_pathway(register, changed)
    for event in register.events_of(pathway_id):
        _raise_first(event_rule_breaks(event, changed), pathway_id)
    return register


def cancel(register: Register, pathway_id: str, *, day: dt.date) -> Register:
    """
    Cancel a pathway before it starts (outcome ``annulleret``).
    """
    pathway = _pathway(register, pathway_id, day)
    if pathway.start_date is not None and pathway.end_date is None:
        raise RuleViolation(f"pathway {pathway_id}: started on {pathway.start_date}, so it "
                            "cannot be cancelled; end it with an outcome (rule 3)",
                            rule=3, pathway_id=pathway_id)
    return end(register, pathway_id, day=day, outcome=CANCELLED)


def record_event(register: Register, event: Event) -> Register:
    """
    Record one event of a pathway (a follow-up, a sheet, a delivery, ...).

    Raises:
        RuleViolation: the event is dated outside the pathway (rule 4), is an
            extension outside the active period (rule 5), has a bad code or
            value or a note a register file refuses, or would make the
            pathway's extensions or absences add up to more than they may.
    """
    _check_register(register)
    check.check_record("event", event, Event)
    check_text_cells(event)
    if not register.has_pathway(event.pathway_id):
        raise UnknownIdError(f"no pathway with id {event.pathway_id!r}")
    _raise_first(event_rule_breaks(event, register.pathway(event.pathway_id)), event.pathway_id)
    for _, message in total_breaks([*register.events_of(event.pathway_id), event]):
        raise RuleViolation(f"pathway {event.pathway_id}, {event.type} on {event.date}: "
                            f"{message}", rule=0, pathway_id=event.pathway_id)
    return register.replace(events=(*register.events, event))


def extend(register: Register, pathway_id: str, *, day: dt.date, weeks: int) -> Register:
    """
    Extend an active pathway's frame by ``weeks`` (at least 1), recorded on ``day``.
    """
    check.check_int("weeks", weeks)
    pathway = _pathway(register, pathway_id, day)
    if pathway.state(as_of=day) is not State.ACTIVE:
        raise RuleViolation(f"pathway {pathway_id}: an extension is recorded while the pathway "
                            f"is active, and on {day} it is {pathway.state(as_of=day)} (rule 5)",
                            rule=5, pathway_id=pathway_id)
    return record_event(register, Event(pathway_id, day, EventType.EXTENSION, value=weeks))


def add_note(register: Register, note: CollaborationNote) -> Register:
    """
    Add a collaboration note on an agreement (question 8).

    Raises:
        RuleViolation: the rating is not 1-5, the date is outside the dates a
            register may hold, or the text holds a CPR-like number or a
            character a register file refuses.
    """
    _check_register(register)
    check.check_record("note", note, CollaborationNote)
    check_text_cells(note)
    register.agreement(note.agreement_id)
    for _column, message in note_rule_breaks(note):
        raise RuleViolation(f"note on agreement {note.agreement_id}: {message}", rule=0)
    return register.replace(collaboration=(*register.collaboration, note))


def hire(register: Register, employment: Employment) -> Register:
    """
    Record a hire (da: *ansættelse*): a new employment of a participant.

    Raises:
        RuleViolation: the id is empty or taken, an id looks like a CPR number,
            a text holds a character a register file refuses, a code, date,
            hours or intensity is wrong, or the pathway it followed does not
            exist.
        InvalidArgument: an argument of the wrong type.
    """
    _check_register(register)
    check.check_record("employment", employment, Employment)
    check_text_cells(employment)
    changed = register.replace(employments=(*register.employments, employment))
    _raise_first_of_employment(changed, employment.employment_id)
    return changed


def record_employment_event(register: Register, event: EmploymentEvent) -> Register:
    """
    Record a change of hours or intensity, or the 2.5-year review, of an employment.

    Raises:
        RuleViolation: the event is dated outside the employment, a change
            gives neither hours nor intensity, a review gives either or is not
            of a flexjob, or a value is out of bounds.
        UnknownIdError: the employment does not exist.
        InvalidArgument: an argument of the wrong type.
    """
    _check_register(register)
    check.check_record("employment event", event, EmploymentEvent)
    check_text_cells(event)
    register.employment(event.employment_id)
    changed = register.replace(employment_events=(*register.employment_events, event))
    _raise_first_of_employment(changed, event.employment_id)
    return changed


def end_employment(register: Register, employment_id: str, *, day: dt.date) -> Register:
    """
    End a running employment on ``day``.

    Raises:
        RuleViolation: it has ended already, ``day`` is before its start, or
            some of its events are dated after ``day``.
        UnknownIdError: the employment does not exist.
    """
    _check_register(register)
    check.check_text("employment_id", employment_id)
    check.check_date("day", day)
    employment = register.employment(employment_id)
    if employment.end_date is not None:
        raise RuleViolation(f"employment {employment_id}: already ended on "
                            f"{employment.end_date}", rule=0)
    ended = attrs.evolve(employment, end_date=day)
    changed = register.replace(employments=tuple(
        ended if e.employment_id == employment_id else e for e in register.employments))
    _raise_first_of_employment(changed, employment_id)
    return changed


def check_text_cells(record: Record) -> None:
    """
    Refuse ``record`` if a text cell of it (an id, a name, a note) is one a
    register file could not hold as it is (:func:`forloeb.rules.text_breaks`):
    a control character, an invisible character inside an id, or
    whitespace at either end, in the words the loader uses for the cell.

    Raises:
        RuleViolation: naming the item, the column and what is wrong.
    """
    for _column, message in text_breaks(record):
        of_pathway = record.pathway_id if isinstance(record, Pathway | Event) else None
        raise RuleViolation(message, rule=0, pathway_id=of_pathway)


def _raise_first_of_employment(register: Register, employment_id: str) -> None:
    # Only the violations of this employment and its events: the rest of the
    # register was valid before the change.
    for violation in employment_violations(register, set()):
        item = getattr(register, violation.table)[violation.index]
        if item.employment_id == employment_id:
            raise RuleViolation(violation.message, rule=violation.rule)


def _check_register(register: object) -> None:
    check.check_instance("register", register, Register)


def _pathway(register: Register, pathway_id: str, day: dt.date) -> Pathway:
    # The arguments every change to one pathway takes, checked before it is looked up.
    _check_register(register)
    check.check_text("pathway_id", pathway_id)
    check.check_date("day", day)
    return register.pathway(pathway_id)


def _with_pathway(register: Register, pathway: Pathway, *, new: bool = False) -> Register:
    agreement = register.agreement(pathway.agreement_id)
    _raise_first(((column, message, rule) for column, message, rule
                  in pathway_rule_breaks(pathway, agreement)), pathway.pathway_id)
    if new:
        pathways = (*register.pathways, pathway)
    else:
        pathways = tuple(pathway if p.pathway_id == pathway.pathway_id else p
                         for p in register.pathways)
    changed = register.replace(pathways=pathways)
    _check_participant(changed, pathway)
    if pathway.start_date is not None:
        same_agreement = changed.pathways_of(pathway.agreement_id)
        for violation in capacity_violations(agreement, same_agreement):
            message = violation.message
            prefix = f"pathway {pathway.pathway_id}: "
            if not message.startswith(prefix):
                # A back-dated start can fill a slot that a later start already holds.
                message = (f"{prefix}starting on {pathway.start_date} leaves no slot for a "
                           f"start already recorded: {message}")
            raise CapacityError(message, pathway_id=pathway.pathway_id)
    return changed


def _check_participant(register: Register, pathway: Pathway) -> None:
    if pathway.start_date is None:
        return
    for other in register.pathways_of(pathway.agreement_id):
        if (other.pathway_id == pathway.pathway_id
                or other.participant_id != pathway.participant_id
                or other.start_date is None):
            continue
        if pathways_overlap(other, pathway):
            raise RuleViolation(
                f"pathway {pathway.pathway_id}: participant {pathway.participant_id} is already "
                f"in pathway {other.pathway_id} of agreement {pathway.agreement_id} at that time; "
                "a returning participant gets a new pathway after the old one ends (rule 6)",
                rule=6, pathway_id=pathway.pathway_id)


def _raise_first(breaks: object, pathway_id: str) -> None:
    for _column, message, rule in breaks:  # type: ignore[attr-defined]
        prefix = f"pathway {pathway_id}: "
        text = message if message.startswith(prefix) else prefix + message
        if rule == 7:
            raise CapacityError(text, pathway_id=pathway_id)
        raise RuleViolation(text, rule=rule, pathway_id=pathway_id)
