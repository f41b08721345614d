"""
The deadlines of one pathway (domain.md section 4): plan, attendance sheets,
frame and follow-up meetings, with the absence pause.

Pure functions over one pathway, its agreement and its own events; nothing
here looks at other pathways, so checking a register is linear in pathways
plus events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from forloeb.codes import EventType
from forloeb.dates import add_months, add_weeks, month_series
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Event, Pathway
from forloeb.sla._details import join, part
from forloeb.sla._findings import Finding, Rule, Status


@attrs.frozen
class _Facts:
    """
    What one pathway's events say, as of a date, sorted out by kind.
    """

    reports: tuple[dt.date, ...]
    meetings: tuple[dt.date, ...]
    extension_weeks: int
    absences: tuple[tuple[dt.date, int], ...]


def _facts(events: Iterable[Event], as_of: dt.date) -> _Facts:
    reports: list[dt.date] = []
    meetings: set[dt.date] = set()
    absences: list[tuple[dt.date, int]] = []
    extension_weeks = 0
    # One pass in any order; only the few dates kept are sorted afterwards.
    for e in events:
        day = e.date
        if day > as_of:
            continue
        kind = e.type
        if kind == EventType.ATTENDANCE_REPORT:
            reports.append(day)
        elif kind == EventType.FOLLOWUP and e.code in (None, "held"):
            # Two meetings on one day are one meeting, not a gap of 0 days.
            meetings.add(day)
        elif kind == EventType.EXTENSION:
            extension_weeks += e.value or 0
        elif kind == EventType.ABSENCE:
            absences.append((day, e.value or 0))
    reports.sort()
    absences.sort()
    return _Facts(tuple(reports), tuple(sorted(meetings)), extension_weeks, tuple(absences))


def pathway_findings(
    pathway: Pathway,
    agreement: Agreement,
    events: Iterable[Event],
    *,
    as_of: dt.date,
    until: dt.date | None = None,
) -> list[Finding]:
    """
    Every deadline of ``pathway`` as of ``as_of``, in rule order.

    Only facts dated on or before ``as_of`` count. With ``until`` (after
    ``as_of``), the attendance sheets of an active pathway that fall due in
    ``(as_of, until]`` are added as ``pending``.

    Raises:
        InvalidArgument: if the pathway belongs to another agreement.
    """
    if pathway.agreement_id != agreement.agreement_id:
        raise InvalidArgument(
            f"pathway {pathway.pathway_id} belongs to agreement {pathway.agreement_id}, "
            f"not to {agreement.agreement_id}"
        )
    known = pathway.known_as_of(as_of)
    if known is None or known.start_date is None:
        return []
    facts = _facts(events, as_of)
    findings = [_plan(known, agreement, facts, as_of)]
    findings.extend(_attendance(known, agreement, facts, as_of, until))
    findings.append(_frame(known, agreement, facts, as_of))
    findings.extend(_followup(known, agreement, facts, as_of))
    return findings


def _start(p: Pathway) -> dt.date:
    assert p.start_date is not None  # pathway_findings returns early for unstarted ones
    return p.start_date


def _paused(deadline: dt.date, agreement: Agreement, facts: _Facts) -> tuple[dt.date, int]:
    """
    The deadline moved by the absence pause, and by how many days.

    Absences are taken in date order; each that begins on or before the
    deadline as moved so far moves it later by its days.
    """
    if not agreement.pause_on_absence:
        return deadline, 0
    moved = 0
    for begins, days in facts.absences:
        if begins <= deadline + dt.timedelta(days=moved):
            moved += days
    return deadline + dt.timedelta(days=moved), moved


def _finding(p: Pathway, rule: Rule, due: dt.date, status: Status, *,
             done: dt.date | None = None, days_overdue: int = 0, reason: str | None = None,
             detail: str = "") -> Finding:
    return Finding(p.agreement_id, p.pathway_id, rule, due, status, done=done,
                   days_overdue=days_overdue, reason=reason, detail=detail)


def _plan(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date) -> Finding:
    due, moved = _paused(add_weeks(_start(p), agreement.plan_deadline_weeks), agreement, facts)
    note = part("paused", days=moved) if moved else ""
    rule = Rule.PLAN_DEADLINE
    if p.plan_date is not None:
        if p.plan_date <= due:
            return _finding(p, rule, due, Status.MET, done=p.plan_date, detail=note)
        return _finding(p, rule, due, Status.LATE, done=p.plan_date,
                        days_overdue=(p.plan_date - due).days, detail=note)
    if p.no_plan_reason:
        return _finding(p, rule, due, Status.EXEMPT, reason=p.no_plan_reason, detail=note)
    if p.end_date is not None and p.end_date < due:
        return _finding(p, rule, due, Status.NOT_DUE, detail=note)
    if as_of <= due:
        return _finding(p, rule, due, Status.PENDING, detail=note)
    return _finding(p, rule, due, Status.OVERDUE, days_overdue=(as_of - due).days, detail=note)


def _attendance(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date,
                until: dt.date | None) -> list[Finding]:
    start = _start(p)
    interval = agreement.attendance_interval_months
    grace = dt.timedelta(days=agreement.grace_days)
    dues = month_series(start, interval, p.end_date or as_of)
    reports = facts.reports
    rule = Rule.ATTENDANCE_REPORT
    findings = []
    unused = 0  # reports before this index are matched or surplus
    previous = start
    for k, due in enumerate(dues, 1):
        note = part("sheet", k=k, n=len(dues))
        # A report sent on or before the window opened belongs to an earlier
        # window; one that is left over there is surplus, not an error.
        while unused < len(reports) and reports[unused] <= previous:
            unused += 1
        if unused < len(reports):
            sent = reports[unused]
            unused += 1
            if sent <= due + grace:
                findings.append(_finding(p, rule, due, Status.MET, done=sent, detail=note))
            else:
                findings.append(_finding(p, rule, due, Status.LATE, done=sent,
                                         days_overdue=(sent - due).days, detail=note))
        elif due + grace < as_of:
            findings.append(_finding(p, rule, due, Status.OVERDUE,
                                     days_overdue=(as_of - due).days, detail=note))
        else:
            findings.append(_finding(p, rule, due, Status.PENDING, detail=note))
        previous = due
    if until is not None and p.end_date is None:
        k = len(dues) + 1
        while (due := add_months(start, k * interval)) <= until:
            findings.append(_finding(p, rule, due, Status.PENDING,
                                     detail=part("next_sheet", k=k)))
            k += 1
    return findings


def _frame(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date) -> Finding:
    weeks = agreement.frame_weeks
    extension = facts.extension_weeks
    due, moved = _paused(add_weeks(_start(p), weeks + extension), agreement, facts)
    note = join(
        part("frame_extended", weeks=weeks, extension=extension) if extension
        else part("frame", weeks=weeks),
        part("paused", days=moved) if moved else "",
    )
    rule = Rule.FRAME
    if p.end_date is not None:
        if p.end_date <= due:
            return _finding(p, rule, due, Status.MET, done=p.end_date, detail=note)
        return _finding(p, rule, due, Status.LATE, done=p.end_date,
                        days_overdue=(p.end_date - due).days, detail=note)
    if as_of <= due:
        return _finding(p, rule, due, Status.PENDING, detail=note)
    return _finding(p, rule, due, Status.OVERDUE, days_overdue=(as_of - due).days, detail=note)


def _followup(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date) -> list[Finding]:
    weeks = agreement.followup_interval_weeks
    if weeks is None:
        return []
    start = _start(p)
    rule = Rule.FOLLOWUP
    findings: list[Finding] = []
    opened = start
    for held in facts.meetings:
        if held < start:
            continue  # rule 4 forbids it; a gap cannot begin before the pathway does
        due = add_weeks(opened, weeks)
        key = "gap" if findings else "first_gap"
        note = part(key, days=(held - opened).days)
        if held <= due:
            findings.append(_finding(p, rule, due, Status.MET, done=held, detail=note))
        else:
            findings.append(_finding(p, rule, due, Status.LATE, done=held,
                                     days_overdue=(held - due).days, detail=note))
        opened = held
    due = add_weeks(opened, weeks)
    note = part("no_meeting" if not findings else "open_gap", since=opened.isoformat())
    if due < min(p.end_date or as_of, as_of):
        findings.append(_finding(p, rule, due, Status.OVERDUE,
                                 days_overdue=(as_of - due).days, detail=note))
    elif p.end_date is None:
        findings.append(_finding(p, rule, due, Status.PENDING, detail=note))
    return findings
