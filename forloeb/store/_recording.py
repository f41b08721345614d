"""
The recording API's work inside a transaction: read the facts a change needs
into a small register, let :mod:`forloeb.recording` or :mod:`forloeb.rules`
judge it, and write what they return as new row versions.

Because the facts are read after the backend has taken its write lock
(SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock), no other writer
can change them between the check and the write: two processes starting the
ninth pathway of an eight-slot agreement are judged one after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from forloeb import recording
from forloeb._arguments import check_fields
from forloeb.employment_rules import employment_violations
from forloeb.errors import CapacityError, InvalidArgument, RuleViolation
from forloeb.model import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.rules import Violation, change_violations
from forloeb.schema import TABLES, Record
from forloeb.store._tx import Transaction


def add_agreement(tx: Transaction, agreement: Agreement) -> None:
    """
    Record a new agreement after checking its terms.
    """
    recording.check_text_cells(agreement)
    if tx.find("agreements", "agreement_id = ?", (agreement.agreement_id,)) is not None:
        raise RuleViolation(f"agreement {agreement.agreement_id}: the id is already used",
                            rule=0)
    raise_first(change_violations(Register([agreement])))
    tx.add("agreements", agreement)


def refer(tx: Transaction, pathway_id: str, *, agreement_id: str, participant_id: str,
          day: dt.date, target_group: str | None) -> None:
    """
    Record a new referred pathway.
    """
    recording.check_text_cells(Pathway(pathway_id, agreement_id, participant_id,
                                       target_group=target_group, referred_date=day))
    agreement = tx.agreement(agreement_id)
    pathways = tx.pathways_of(agreement_id)
    known = tx.find("pathways", "pathway_id = ?", (pathway_id,))
    if known is not None:
        if known[1]:
            raise RuleViolation(f"pathway {pathway_id}: the id belonged to a pathway that was "
                                "retracted; give the new pathway a new id",
                                rule=6, pathway_id=pathway_id)
        pathways.append(known[2])  # type: ignore[arg-type]  # recording.refer names the clash
    after = recording.refer(Register([agreement], pathways), pathway_id,
                            agreement_id=agreement_id, participant_id=participant_id, day=day,
                            target_group=target_group)
    tx.add("pathways", after.pathway(pathway_id))


def change_pathway(tx: Transaction, pathway_id: str, how: str, **arguments: object) -> None:
    """
    Start, end or cancel a pathway through the matching :mod:`forloeb.recording` function.
    """
    item, pathway = tx.pathway(pathway_id)
    after = getattr(recording, how)(tx.surroundings(pathway), pathway_id, **arguments)
    tx.revise("pathways", [(item, False, after.pathway(pathway_id))])


def record_event(tx: Transaction, event: Event) -> int:
    """
    Record an event of a pathway; its id.
    """
    recording.check_text_cells(event)
    _, pathway = tx.pathway(event.pathway_id)
    recording.record_event(tx.surroundings(pathway), event)
    return tx.add("events", event)


def extend(tx: Transaction, pathway_id: str, *, day: dt.date, weeks: int) -> int:
    """
    Record an extension of an active pathway; the event's id.
    """
    _, pathway = tx.pathway(pathway_id)
    after = recording.extend(tx.surroundings(pathway), pathway_id, day=day, weeks=weeks)
    return tx.add("events", after.events[-1])


def add_note(tx: Transaction, note: CollaborationNote) -> int:
    """
    Record a collaboration note; its id.
    """
    recording.check_text_cells(note)
    recording.add_note(Register([tx.agreement(note.agreement_id)]), note)
    return tx.add("collaboration", note)


def correct_pathway(tx: Transaction, pathway_id: str, changes: Mapping[str, object]) -> None:
    """
    Record a new version of a pathway with ``changes``, if the rules allow it.
    """
    item, before = tx.pathway(pathway_id)
    after = _corrected("pathways", before, changes, fixed=("pathway_id",))
    if after == before:
        return
    agreements = [tx.agreement(after.agreement_id)]
    pathways = [p for p in tx.pathways_of(after.agreement_id) if p.pathway_id != pathway_id]
    events = [e for _, e in tx.events_of(pathway_id)]
    raise_first(change_violations(Register(agreements, [*pathways, after], events)),
                pathway_id=pathway_id)
    tx.revise("pathways", [(item, False, after)])


def correct_agreement(tx: Transaction, agreement_id: str, changes: Mapping[str, object]
                      ) -> None:
    """
    Record a new version of an agreement's terms, if its pathways still keep them.
    """
    item, before = tx.current("agreements", "agreement_id = ?", (agreement_id,),
                              shown=agreement_id)
    after = _corrected("agreements", before, changes, fixed=("agreement_id",))
    if after == before:
        return
    raise_first(change_violations(Register([cast(Agreement, after)],
                                           tx.pathways_of(agreement_id))))
    tx.revise("agreements", [(item, False, after)])


def correct_event(tx: Transaction, event_id: int, changes: Mapping[str, object]) -> None:
    """
    Record a new version of an event, judged against its pathway.
    """
    before = tx.item("events", event_id)
    after = _corrected("events", before, changes, fixed=("pathway_id",))
    if after == before:
        return
    _, pathway = tx.pathway(after.pathway_id)
    recording.record_event(tx.surroundings(pathway, without_event=event_id), after)
    tx.revise("events", [(event_id, False, after)])


def correct_note(tx: Transaction, note_id: int, changes: Mapping[str, object]) -> None:
    """
    Record a new version of a collaboration note.
    """
    before = tx.item("collaboration", note_id)
    after = _corrected("collaboration", before, changes, fixed=("agreement_id",))
    if after == before:
        return
    recording.add_note(Register([tx.agreement(after.agreement_id)]), after)
    tx.revise("collaboration", [(note_id, False, after)])


def retract(tx: Transaction, table: str, item_id: int) -> None:
    """
    Record that an event (of a pathway or an employment) or a collaboration
    note should not have been recorded.
    """
    before = tx.item(table, item_id)
    tx.revise(table, [(item_id, True, before)])


def retract_pathway(tx: Transaction, pathway_id: str) -> None:
    """
    Record that a pathway (and its events) should not have been recorded,
    if no employment names it as the pathway it followed.
    """
    item, before = tx.pathway(pathway_id)
    following = [e.employment_id for e in tx.employments_following(pathway_id)]
    if following:
        raise RuleViolation(
            f"pathway {pathway_id}: employment {', '.join(following)} followed it; correct "
            "its pathway_id or retract it first, so that no hire names a pathway the "
            "register does not hold", rule=0, pathway_id=pathway_id)
    tx.revise("events", [(event_id, True, e) for event_id, e in tx.events_of(pathway_id)])
    tx.revise("pathways", [(item, True, before)])


def hire(tx: Transaction, employment: Employment) -> None:
    """
    Record a new employment (a hire) through :func:`forloeb.recording.hire`.
    """
    recording.check_text_cells(employment)
    employment_id = employment.employment_id
    known = tx.find("employments", "employment_id = ?", (employment_id,))
    if known is not None and known[1]:
        raise RuleViolation(f"employment {employment_id}: the id belonged to an employment "
                            "that was retracted; give the new employment a new id", rule=0)
    held = [] if known is None else [cast(Employment, known[2])]  # recording.hire names it
    recording.hire(tx.employment_surroundings(*held, employment).replace(employments=held),
                   employment)
    tx.add("employments", employment)


def record_employment_event(tx: Transaction, event: EmploymentEvent) -> int:
    """
    Record an event of an employment; its id.
    """
    recording.check_text_cells(event)
    _, employment = tx.employment(event.employment_id)
    recording.record_employment_event(tx.employment_surroundings(employment), event)
    return tx.add("employment_events", event)


def end_employment(tx: Transaction, employment_id: str, *, day: dt.date) -> None:
    """
    End a running employment through :func:`forloeb.recording.end_employment`.
    """
    item, employment = tx.employment(employment_id)
    after = recording.end_employment(tx.employment_surroundings(employment), employment_id,
                                     day=day)
    tx.revise("employments", [(item, False, after.employment(employment_id))])


def correct_employment(tx: Transaction, employment_id: str, changes: Mapping[str, object]
                       ) -> None:
    """
    Record a new version of an employment with ``changes``, judged with its events.
    """
    item, before = tx.employment(employment_id)
    after = _corrected("employments", before, changes, fixed=("employment_id",))
    if after == before:
        return
    raise_first(list(employment_violations(tx.employment_surroundings(after), set())))
    tx.revise("employments", [(item, False, after)])


def correct_employment_event(tx: Transaction, event_id: int, changes: Mapping[str, object]
                             ) -> None:
    """
    Record a new version of an employment's event, judged against its employment.
    """
    before = tx.item("employment_events", event_id)
    after = _corrected("employment_events", before, changes, fixed=("employment_id",))
    if after == before:
        return
    _, employment = tx.employment(after.employment_id)
    recording.record_employment_event(
        tx.employment_surroundings(employment, without_event=event_id), after)
    tx.revise("employment_events", [(event_id, False, after)])


def retract_employment(tx: Transaction, employment_id: str) -> None:
    """
    Record that an employment (and its events) should not have been recorded.
    """
    item, before = tx.employment(employment_id)
    tx.revise("employment_events", [(event_id, True, e) for event_id, e
                                    in tx.employment_events_of(employment_id)])
    tx.revise("employments", [(item, True, before)])


def _corrected(table: str, before: Record, changes: Mapping[str, object], *,
               fixed: Iterable[str]) -> Any:
    """
    ``before`` with ``changes``, each a field that may change and holds the
    kind of value its column does.
    """
    allowed = set(TABLES[table].column_names) - set(fixed)
    for name in changes:
        if name not in allowed:
            raise InvalidArgument(
                f"{name!r} cannot be corrected on {table}; the fields that can are "
                f"{', '.join(sorted(allowed))}")
    after = attrs.evolve(before, **changes)  # type: ignore[arg-type]
    check_fields(after)
    recording.check_text_cells(after)
    return after


def raise_first(violations: list[Violation], *, pathway_id: str | None = None) -> None:
    """
    Raise the first violation as the library's error (rule 7: :class:`CapacityError`).
    """
    if not violations:
        return
    first = violations[0]
    more = len(violations) - 1
    message = first.message + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
    if first.rule == 7:
        raise CapacityError(message, pathway_id=pathway_id)
    raise RuleViolation(message, rule=first.rule, pathway_id=pathway_id)

