"""
What the SLA engine reports: the rules it checks, the statuses and one finding.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from forloeb import _arguments as check
from forloeb.typing import FindingDict


class Rule(enum.StrEnum):
    """
    A deadline rule (docs/deadlines.md), in the order reports list them.
    """

    PLAN_DEADLINE = "plan_deadline"
    ATTENDANCE_REPORT = "attendance_report"
    FRAME = "frame"
    FOLLOWUP = "followup"
    FLEXJOB_REVIEW = "flexjob_review"
    CAPACITY = "capacity"


class Status(enum.StrEnum):
    """
    Where one deadline stands as of a date.

    ``met`` and ``late`` are done (on time or not). Not done: ``pending`` is
    not yet due, ``overdue`` is due on a pathway still running, ``missed`` fell
    due on a pathway that has ended, so it can no longer be done. ``exempt``
    is excused by a documented reason; ``not_due`` never fell due because the
    pathway ended first.
    """

    MET = "met"
    LATE = "late"
    PENDING = "pending"
    OVERDUE = "overdue"
    MISSED = "missed"
    EXEMPT = "exempt"
    NOT_DUE = "not_due"


#: The statuses that count in a compliance rate: met / (met + late + overdue + missed).
COUNTED: frozenset[Status] = frozenset({Status.MET, Status.LATE, Status.OVERDUE,
                                        Status.MISSED})

#: The statuses of a deadline somebody can still act on: only an active pathway has them.
OPEN: frozenset[Status] = frozenset({Status.PENDING, Status.OVERDUE})


@attrs.frozen(weakref_slot=False)
class Finding:
    """
    Finding (da: *frist*): one deadline of one pathway or one employment, or
    one capacity observation of an agreement, and where it stands as of a date.

    ``days_overdue`` is ``as_of - due`` for an overdue finding, ``done - due``
    for a late one, ``end_date - due`` for a missed one (how long it was
    outstanding while the pathway ran) and 0 otherwise. ``days_left`` is
    ``due - as_of`` for a pending finding (below 0 only for an attendance
    sheet within its grace days) and ``None`` otherwise. ``reason`` is the
    ``no_plan_reason`` of an exempt plan finding. ``detail`` says which deadline it is in English
    (``"sheet 3 of 6"``); :func:`forloeb.sla.describe` gives it in Danish.
    Capacity findings have no pathway.

    An employment's finding (the flexjob review) has its ``employment_id``
    and ``enterprise``, and the pathway it followed and that pathway's
    agreement, or ``None`` for both if it followed none.
    """

    agreement_id: str | None
    pathway_id: str | None
    rule: Rule
    due: dt.date
    status: Status
    done: dt.date | None = None
    days_overdue: int = 0
    reason: str | None = None
    detail: str = ""
    days_left: int | None = None
    employment_id: str | None = None
    enterprise: str | None = None

    def to_dict(self) -> FindingDict:
        """
        The finding as JSON-able values: the keys of docs/register-format.md, ISO dates,
        plus ``days_left``, ``reason``, ``detail``, ``employment_id`` and
        ``enterprise`` (``None`` but for an employment's finding).

        >>> Finding("SA1", "P1", Rule.FRAME, dt.date(2018, 3, 5), Status.OVERDUE,
        ...         days_overdue=4).to_dict()["due"]
        '2018-03-05'
        """
        return {
            "agreement_id": self.agreement_id,
            "pathway_id": self.pathway_id,
            "rule": self.rule.value,
            "due": self.due.isoformat(),
            "status": self.status.value,
            "done": self.done.isoformat() if self.done is not None else None,
            "days_overdue": self.days_overdue,
            "days_left": self.days_left,
            "reason": self.reason,
            "detail": self.detail,
            "employment_id": self.employment_id,
            "enterprise": self.enterprise,
        }


def compliance(findings: Iterable[Finding]) -> dict[Rule, tuple[int, int]]:
    """
    Per rule that has findings: (met, met + late + overdue + missed).

    Pending, exempt and not-due findings do not count either way. Capacity
    findings are about agreements, not pathways, and are left out.

    >>> day = dt.date(2018, 1, 1)
    >>> compliance([Finding("SA1", "P1", Rule.FRAME, day, Status.MET),
    ...             Finding("SA1", "P2", Rule.FRAME, day, Status.OVERDUE),
    ...             Finding("SA1", "P3", Rule.FRAME, day, Status.MISSED),
    ...             Finding("SA1", "P4", Rule.FRAME, day, Status.PENDING)])
    {<Rule.FRAME: 'frame'>: (1, 3)}

    Raises:
        InvalidArgument: if ``findings`` is not an iterable of findings.
    """
    check.check_iterable("findings", findings, Finding)
    met: dict[Rule, int] = {}
    counted: dict[Rule, int] = {}
    for f in findings:
        if f.rule is Rule.CAPACITY:
            continue
        met[f.rule] = met.get(f.rule, 0) + (f.status is Status.MET)
        counted[f.rule] = counted.get(f.rule, 0) + (f.status in COUNTED)
    return {rule: (met[rule], counted[rule]) for rule in Rule if rule in met}
