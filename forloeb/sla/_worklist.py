"""
The work list (da: *arbejdsliste*): which findings a caseworker is shown, and
in what order. Every format of ``forloeb sla`` lists what :func:`select_worklist`
selects, so text, Markdown, JSON and CSV never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from forloeb import _arguments as check
from forloeb.errors import InvalidArgument
from forloeb.sla._findings import Finding, Rule, Status

#: How many days ahead the work list looks unless told otherwise.
DUE_WITHIN = 14

#: After what is overdue and what is pending, the rest in this order.
DONE_WITH = (Status.MISSED, Status.LATE, Status.MET, Status.EXEMPT, Status.NOT_DUE)
_RULES = tuple(Rule)


def urgency(finding: Finding) -> tuple[object, ...]:
    """
    Sort key, most urgent first: overdue by days overdue (most first), then
    pending by due date, then missed, late, met, exempt and not due, each by
    due date.

    Raises:
        InvalidArgument: if ``finding`` is no :class:`Finding`.
    """
    check.check_instance("finding", finding, Finding)
    return urgency_of(finding)


def urgency_of(finding: Finding) -> tuple[object, ...]:
    # urgency, for the findings of a work list (sorted by it, one call each).
    if finding.status is Status.OVERDUE:
        first: tuple[object, ...] = (0, -finding.days_overdue, finding.due)
    elif finding.status is Status.PENDING:
        first = (1, 0, finding.due)
    else:
        first = (2, DONE_WITH.index(finding.status), finding.due)
    return (*first, finding.pathway_id or "", finding.employment_id or "",
            _RULES.index(finding.rule))


def group_of(finding: Finding) -> tuple[str, str]:
    """
    Where the work list puts a finding: ``("agreement", id)`` under its
    agreement, or ``("enterprise", name)`` for an employment that followed
    no pathway, and so belongs to no agreement, under its enterprise.

    Raises:
        InvalidArgument: if ``finding`` is no :class:`Finding`.
    """
    check.check_instance("finding", finding, Finding)
    return group_where(finding)


def group_where(finding: Finding) -> tuple[str, str]:
    # group_of, for the findings of a work list (grouped by it, one call each).
    if finding.agreement_id is not None:
        return ("agreement", finding.agreement_id)
    return ("enterprise", finding.enterprise or "")


def select_worklist(
    findings: Iterable[Finding],
    *,
    as_of: dt.date,
    due_within: int = DUE_WITHIN,
    statuses: Collection[Status] | None = None,
    everything: bool = False,
) -> list[Finding]:
    """
    The findings the work list shows, agreement by agreement (in the order
    of each agreement's first finding shown), most urgent first
    (:func:`urgency`), each agreement's capacity finding last; the reviews
    of employments that followed no pathway are grouped by enterprise
    (:func:`group_of`), after every agreement.

    By default, what needs doing: every ``overdue`` finding, then every
    ``pending`` one due on or before ``as_of + due_within`` days (one due
    today, or an attendance sheet within its grace days, is pending and
    due already). ``statuses`` shows the findings with those statuses
    instead; ``everything`` shows every finding, history included. The
    deadlines still to come are those ``findings`` holds: check them with
    ``due_within`` too (:func:`~forloeb.sla.check_deadlines`).

    >>> day = dt.date(2018, 6, 30)
    >>> findings = [
    ...     Finding("SA1", "P1", Rule.FRAME, dt.date(2018, 9, 1), Status.PENDING),
    ...     Finding("SA1", "P1", Rule.PLAN_DEADLINE, dt.date(2018, 7, 4), Status.PENDING),
    ...     Finding("SA1", "P2", Rule.PLAN_DEADLINE, dt.date(2018, 1, 1), Status.MET),
    ...     Finding("SA1", "P3", Rule.FRAME, dt.date(2018, 6, 1), Status.OVERDUE,
    ...             days_overdue=29)]
    >>> [(f.pathway_id, f.due.isoformat()) for f in select_worklist(findings, as_of=day)]
    [('P3', '2018-06-01'), ('P1', '2018-07-04')]
    >>> len(select_worklist(findings, as_of=day, everything=True))
    4

    Raises:
        InvalidArgument: if an argument is of the wrong kind, ``due_within``
            is negative, or both ``statuses`` and ``everything`` are given.
    """
    check.check_iterable("findings", findings, Finding)
    check.check_date("as_of", as_of, bounded=True)
    check.check_days("due_within", due_within)
    check.check_bool("everything", everything)
    check.check_members("statuses", statuses, Status, optional=True)
    if everything and statuses is not None:
        raise InvalidArgument("choose either every finding or some statuses, not both")
    until = as_of + dt.timedelta(days=due_within)
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        status = f.status
        if everything:
            pass
        elif statuses is not None:
            if status not in statuses:
                continue
        elif status is not Status.OVERDUE and (status is not Status.PENDING or f.due > until):
            continue
        groups.setdefault(group_where(f), []).append(f)
    listed: list[Finding] = []
    # Agreements first, as they came; then the enterprises.
    for _, group in sorted(groups.items(), key=lambda item: item[0][0] == "enterprise"):
        # Each agreement's capacity finding closes its group, as it does in the text.
        group.sort(key=_in_group)
        listed.extend(group)
    return listed


def _in_group(finding: Finding) -> tuple[object, ...]:
    return (finding.rule is Rule.CAPACITY, *urgency_of(finding))
