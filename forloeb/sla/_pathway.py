"""
The deadlines of one pathway (domain.md section 4): plan, attendance sheets,
frame and follow-up meetings, with the absence pause.

Pure functions over one pathway, its agreement and its own events; nothing
here looks at other pathways, so checking a register is linear in pathways
plus events. The engine makes light :class:`Deadline` tuples with their
details unformatted; :func:`pathway_findings` turns them into
:class:`~forloeb.sla.Finding` objects for those who list them, and an
evaluation that only counts statuses never pays for that.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable
from typing import NamedTuple

from forloeb.codes import EventType
from forloeb.dates import add_months, add_weeks, month_series
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Event, Pathway
from forloeb.sla._details import Part, detail
from forloeb.sla._findings import Finding, Rule, Status

_ATTENDANCE = EventType.ATTENDANCE_REPORT
_FOLLOWUP = EventType.FOLLOWUP
_EXTENSION = EventType.EXTENSION
_ABSENCE = EventType.ABSENCE
_HELD_CODES = (None, "held")


class Deadline(NamedTuple):
    """
    One deadline of one pathway as the engine sees it: a :class:`Finding`
    without the pathway's ids and with its detail not yet formatted.
    """

    rule: Rule
    due: dt.date
    status: Status
    done: dt.date | None = None
    days_overdue: int = 0
    reason: str | None = None
    parts: tuple[Part, ...] = ()

    def finding(self, pathway: Pathway) -> Finding:
        """
        The finding of this deadline of ``pathway``, detail formatted.
        """
        return Finding(pathway.agreement_id, pathway.pathway_id, self.rule, self.due,
                       self.status, done=self.done, days_overdue=self.days_overdue,
                       reason=self.reason, detail=detail(self.parts) if self.parts else "")


class _Facts(NamedTuple):
    """
    What one pathway's events say, as of a date, sorted out by kind.
    """

    reports: list[dt.date]
    meetings: list[dt.date]
    extension_weeks: int
    absences: list[tuple[dt.date, int]]


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
        if kind == _ATTENDANCE:
            reports.append(day)
        elif kind == _FOLLOWUP:
            if e.code in _HELD_CODES:
                # Two meetings on one day are one meeting, not a gap of 0 days.
                meetings.add(day)
        elif kind == _EXTENSION:
            extension_weeks += e.value or 0
        elif kind == _ABSENCE:
            absences.append((day, e.value or 0))
    reports.sort()
    absences.sort()
    return _Facts(reports, sorted(meetings), extension_weeks, absences)


def pathway_findings(
    pathway: Pathway,
    agreement: Agreement,
    events: Iterable[Event],
    *,
    as_of: dt.date,
    until: dt.date | None = None,
) -> list[Finding]:
    """
    Every deadline of ``pathway`` as of ``as_of``, in rule order, as findings.

    Only facts dated on or before ``as_of`` count. With ``until`` (after
    ``as_of``), the attendance sheets of an active pathway that fall due in
    ``(as_of, until]`` are added as ``pending``.

    Raises:
        InvalidArgument: if the pathway belongs to another agreement.
    """
    return [d.finding(pathway)
            for d in pathway_deadlines(pathway, agreement, events, as_of=as_of, until=until)]


def pathway_deadlines(
    pathway: Pathway,
    agreement: Agreement,
    events: Iterable[Event],
    *,
    as_of: dt.date,
    until: dt.date | None = None,
) -> list[Deadline]:
    """
    Every deadline of ``pathway`` as of ``as_of``, in rule order (see
    :func:`pathway_findings`), as light :class:`Deadline` tuples.

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
    deadlines = [_plan(known, agreement, facts, as_of)]
    _attendance(deadlines, known, agreement, facts, as_of, until)
    deadlines.append(_frame(known, agreement, facts, as_of))
    _followup(deadlines, known, agreement, facts, as_of)
    return deadlines


def _start(p: Pathway) -> dt.date:
    assert p.start_date is not None  # pathway_deadlines returns early for unstarted ones
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


_PLAN = Rule.PLAN_DEADLINE
_SHEET = Rule.ATTENDANCE_REPORT
_FRAME = Rule.FRAME
_GAP = Rule.FOLLOWUP
_MET = Status.MET
_LATE = Status.LATE
_PENDING = Status.PENDING
_OVERDUE = Status.OVERDUE


def _plan(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date) -> Deadline:
    due, moved = _paused(add_weeks(_start(p), agreement.plan_deadline_weeks), agreement, facts)
    note: tuple[Part, ...] = (("paused", moved),) if moved else ()
    if p.plan_date is not None:
        if p.plan_date <= due:
            return Deadline(_PLAN, due, _MET, p.plan_date, 0, None, note)
        return Deadline(_PLAN, due, _LATE, p.plan_date, (p.plan_date - due).days, None, note)
    if p.no_plan_reason:
        return Deadline(_PLAN, due, Status.EXEMPT, None, 0, p.no_plan_reason, note)
    if p.end_date is not None and p.end_date < due:
        return Deadline(_PLAN, due, Status.NOT_DUE, None, 0, None, note)
    if as_of <= due:
        return Deadline(_PLAN, due, _PENDING, None, 0, None, note)
    return Deadline(_PLAN, due, _OVERDUE, None, (as_of - due).days, None, note)


def _attendance(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
                as_of: dt.date, until: dt.date | None) -> None:
    start = _start(p)
    interval = agreement.attendance_interval_months
    grace = dt.timedelta(days=agreement.grace_days)
    dues = _sheets_due(start, interval, as_of)
    if p.end_date is not None:  # on or before as_of: p is the pathway as known then
        dues = dues[:bisect.bisect_right(dues, p.end_date)]
    n = len(dues)
    reports = facts.reports
    sent_count = len(reports)
    unused = 0  # reports before this index are matched or surplus
    previous = start
    for k, due in enumerate(dues, 1):
        note = (("sheet", k, n),)
        # A report sent on or before the window opened belongs to an earlier
        # window; one that is left over there is surplus, not an error.
        while unused < sent_count and reports[unused] <= previous:
            unused += 1
        if unused < sent_count:
            sent = reports[unused]
            unused += 1
            if sent <= due + grace:
                out.append(Deadline(_SHEET, due, _MET, sent, 0, None, note))
            else:
                out.append(Deadline(_SHEET, due, _LATE, sent, (sent - due).days, None, note))
        elif due + grace < as_of:
            out.append(Deadline(_SHEET, due, _OVERDUE, None, (as_of - due).days, None, note))
        else:
            out.append(Deadline(_SHEET, due, _PENDING, None, 0, None, note))
        previous = due
    if until is not None and p.end_date is None:
        k = n + 1
        while (due := add_months(start, k * interval)) <= until:
            out.append(Deadline(_SHEET, due, _PENDING, None, 0, None, (("next_sheet", k),)))
            k += 1


@functools.lru_cache(maxsize=1 << 14)
def _sheets_due(start: dt.date, interval: int, until: dt.date) -> tuple[dt.date, ...]:
    # Many pathways share a start date, and an evaluation has one as_of.
    return tuple(month_series(start, interval, until))


def _frame(p: Pathway, agreement: Agreement, facts: _Facts, as_of: dt.date) -> Deadline:
    weeks = agreement.frame_weeks
    extension = facts.extension_weeks
    due, moved = _paused(add_weeks(_start(p), weeks + extension), agreement, facts)
    frame: Part = ("frame_extended", weeks, extension) if extension else ("frame", weeks)
    note: tuple[Part, ...] = (frame, ("paused", moved)) if moved else (frame,)
    if p.end_date is not None:
        if p.end_date <= due:
            return Deadline(_FRAME, due, _MET, p.end_date, 0, None, note)
        return Deadline(_FRAME, due, _LATE, p.end_date, (p.end_date - due).days, None, note)
    if as_of <= due:
        return Deadline(_FRAME, due, _PENDING, None, 0, None, note)
    return Deadline(_FRAME, due, _OVERDUE, None, (as_of - due).days, None, note)


def _followup(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
              as_of: dt.date) -> None:
    weeks = agreement.followup_interval_weeks
    if weeks is None:
        return
    start = _start(p)
    interval = dt.timedelta(weeks=weeks)
    first = True
    opened = start
    for held in facts.meetings:
        if held < start:
            continue  # rule 4 forbids it; a gap cannot begin before the pathway does
        due = opened + interval
        note: tuple[Part, ...] = (("first_gap" if first else "gap", (held - opened).days),)
        if held <= due:
            out.append(Deadline(_GAP, due, _MET, held, 0, None, note))
        else:
            out.append(Deadline(_GAP, due, _LATE, held, (held - due).days, None, note))
        opened = held
        first = False
    due = opened + interval
    note = (("no_meeting" if first else "open_gap", opened),)  # the date, as ISO
    if due < min(p.end_date or as_of, as_of):
        out.append(Deadline(_GAP, due, _OVERDUE, None, (as_of - due).days, None, note))
    elif p.end_date is None:
        out.append(Deadline(_GAP, due, _PENDING, None, 0, None, note))
