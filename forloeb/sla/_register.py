"""
The deadlines of a whole register: every pathway and employment, plus
capacity per agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from forloeb import _arguments as check
from forloeb.model import Agreement, Employment, Event, Pathway, Register
from forloeb.sla._capacity import slot_use
from forloeb.sla._employment import flexjob_deadlines
from forloeb.sla._findings import OPEN, Finding
from forloeb.sla._pathway import checked_pathway_arguments, pathway_findings


def check_pathway(
    pathway: Pathway,
    agreement: Agreement,
    events: Iterable[Event],
    *,
    as_of: dt.date,
) -> list[Finding]:
    """
    Every deadline of one pathway as of ``as_of``: its plan, its attendance
    sheets, its frame and (where the agreement sets an interval) its follow-up
    meetings, from the facts dated on or before ``as_of``.

    ``events`` are the pathway's own events (:meth:`Register.events_of`); a
    pathway that has not started by ``as_of`` has no deadlines yet.

    >>> sa1 = Agreement("SA1", dt.date(2018, 1, 1), slots=8, plan_deadline_weeks=4,
    ...                 frame_weeks=52)
    >>> p = Pathway("P1", "SA1", "D-001", start_date=dt.date(2018, 1, 8),
    ...             plan_date=dt.date(2018, 2, 1))
    >>> [(f.rule.value, f.status.value) for f in check_pathway(p, sa1, (),
    ...                                                          as_of=dt.date(2018, 3, 9))]
    [('plan_deadline', 'met'), ('attendance_report', 'overdue'), ('frame', 'pending')]

    Raises:
        InvalidArgument: if an argument is of the wrong kind, ``as_of`` lies
            outside the dates a register may hold, or the pathway belongs to
            another agreement.
    """
    own = checked_pathway_arguments(pathway, agreement, events, as_of)
    return pathway_findings(pathway, agreement, own, as_of=as_of)


def check_deadlines(
    register: Register,
    *,
    as_of: dt.date,
    due_within: int | None = None,
    agreements: Sequence[str] | None = None,
) -> list[Finding]:
    """
    Every deadline in ``register`` as of ``as_of``, agreement by agreement
    (in register order): each agreement's pathways in register order, then
    the flexjob reviews of the employments that followed them, then the
    agreement's capacity finding. Last, the reviews of the employments that
    followed no pathway, in register order (none when ``agreements`` is given).

    Agreements that had not started by ``as_of`` have no findings. With
    ``due_within=N``, every deadline of an active pathway that falls due in
    ``(as_of, as_of + N days]`` is there as ``pending``, whatever its rule
    (see :func:`~forloeb.sla.pathway_findings`). ``agreements`` restricts the
    check to those ids.

    Raises:
        UnknownIdError: for an id in ``agreements`` that the register lacks.
        InvalidArgument: if an argument is of the wrong kind, ``as_of`` lies
            outside the dates a register may hold, or ``due_within`` is
            negative (or longer than those dates span).
    """
    check.check_instance("register", register, Register)
    check.check_date("as_of", as_of, bounded=True)
    check.check_days("due_within", due_within, optional=True)
    check.check_ids("agreements", agreements, optional=True)
    until = as_of + dt.timedelta(days=due_within) if due_within else None
    if agreements is None:
        chosen: Iterable[Agreement] = register.agreements
    else:
        chosen = [register.agreement(agreement_id) for agreement_id in dict.fromkeys(agreements)]
    findings: list[Finding] = []
    for agreement in chosen:
        if agreement.start_date > as_of:
            continue
        pathways = register.pathways_of(agreement.agreement_id)
        for pathway in pathways:
            findings.extend(pathway_findings(pathway, agreement,
                                             register.events_of(pathway.pathway_id),
                                             as_of=as_of, until=until))
        for pathway in pathways:
            for employment in register.employments_following(pathway.pathway_id):
                findings.extend(findings_of_employment(register, employment, as_of=as_of))
        findings.append(slot_use(agreement, pathways, as_of=as_of).to_finding())
    if agreements is None:
        for employment in register.employments:
            if employment.pathway_id is None or not register.has_pathway(employment.pathway_id):
                findings.extend(findings_of_employment(register, employment, as_of=as_of))
    return findings


def employment_findings(register: Register, employment: Employment, *,
                        as_of: dt.date) -> list[Finding]:
    """
    The deadlines of one employment of ``register`` as of ``as_of`` (its
    flexjob review), as findings under the agreement of the pathway it followed.

    Raises:
        InvalidArgument: if an argument is of the wrong kind, or ``as_of``
            lies outside the dates a register may hold.
    """
    check.check_instance("register", register, Register)
    check.check_instance("employment", employment, Employment)
    check.check_date("as_of", as_of, bounded=True)
    return findings_of_employment(register, employment, as_of=as_of)


def findings_of_employment(register: Register, employment: Employment, *,
                           as_of: dt.date) -> list[Finding]:
    # employment_findings, its arguments known to be right (the register's own).
    agreement_id = None
    if employment.pathway_id is not None and register.has_pathway(employment.pathway_id):
        agreement_id = register.pathway(employment.pathway_id).agreement_id
    events = register.employment_events_of(employment.employment_id)
    return [d.employment_finding(employment, agreement_id=agreement_id)
            for d in flexjob_deadlines(employment, events, as_of=as_of)]


def next_due(register: Register, pathway_id: str, *, as_of: dt.date) -> Finding | None:
    """
    What a pathway must do next, and by when: its earliest open deadline
    (overdue or pending) as of ``as_of``, whatever its rule, the deadlines
    still to come included. ``None`` if nothing is open: the pathway has not
    started, or has ended (what it never did is ``missed``, past doing).

    Raises:
        UnknownIdError: if the register holds no such pathway.
        InvalidArgument: if an argument is of the wrong kind, or ``as_of``
            lies outside the dates a register may hold.
    """
    check.check_instance("register", register, Register)
    check.check_text("pathway_id", pathway_id)
    check.check_date("as_of", as_of, bounded=True)
    pathway = register.pathway(pathway_id)
    agreement = register.agreement(pathway.agreement_id)
    events = register.events_of(pathway_id)
    earliest = _earliest_open(pathway_findings(pathway, agreement, events, as_of=as_of))
    if earliest is not None and earliest.due > as_of:
        # Deadlines that recur (attendance sheets) may fall due before the
        # earliest one given so far; every one due by then is asked for.
        earliest = _earliest_open(pathway_findings(pathway, agreement, events, as_of=as_of,
                                                   until=earliest.due))
    return earliest


def next_due_for_employment(register: Register, employment_id: str, *,
                            as_of: dt.date) -> Finding | None:
    """
    What an employment must have next, and by when: its open deadline (the
    flexjob review, pending or overdue) as of ``as_of``. ``None`` if nothing
    is open: it is no flexjob, has not started, its review was held, or it
    has ended (a review never held is ``missed``, past doing).

    The sibling of :func:`next_due`, which answers for a pathway: pathways
    and employments have ids of their own, so each has its own question.

    Raises:
        UnknownIdError: if the register holds no such employment.
        InvalidArgument: if an argument is of the wrong kind, or ``as_of``
            lies outside the dates a register may hold.
    """
    check.check_instance("register", register, Register)
    check.check_text("employment_id", employment_id)
    check.check_date("as_of", as_of, bounded=True)
    employment = register.employment(employment_id)
    return _earliest_open(findings_of_employment(register, employment, as_of=as_of))


def _earliest_open(findings: Iterable[Finding]) -> Finding | None:
    return min((f for f in findings if f.status in OPEN), key=_urgency, default=None)


def _urgency(finding: Finding) -> tuple[dt.date, int]:
    return finding.due, list(type(finding.rule)).index(finding.rule)
