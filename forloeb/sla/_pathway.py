"""
The deadlines of one pathway (docs/deadlines.md): plan, attendance sheets,
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

from forloeb import _arguments as check
from forloeb.codes import EventType
from forloeb.dates import add_weeks, month_series
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Employment, Event, Pathway
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
    days_left: int | None = None

    def finding(self, pathway: Pathway) -> Finding:
        """
        The finding of this deadline of ``pathway``, detail formatted.
        """
        return Finding(pathway.agreement_id, pathway.pathway_id, self.rule, self.due,
                       self.status, done=self.done, days_overdue=self.days_overdue,
                       reason=self.reason, detail=detail(self.parts) if self.parts else "",
                       days_left=self.days_left)

    def employment_finding(self, employment: Employment, *,
                           agreement_id: str | None) -> Finding:
        """
        The finding of this deadline of ``employment``, detail formatted;
        ``agreement_id`` is that of the pathway it followed (``None``: none).
        """
        return Finding(agreement_id, employment.pathway_id, self.rule, self.due, self.status,
                       done=self.done, days_overdue=self.days_overdue, reason=self.reason,
                       detail=detail(self.parts) if self.parts else "",
                       days_left=self.days_left, employment_id=employment.employment_id,
                       enterprise=employment.enterprise)


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

    Only facts dated on or before ``as_of`` count. Each rule gives the
    deadlines that fell due up to ``as_of`` and the one it has open, if any.
    With ``until`` (after ``as_of``), every deadline of an active pathway
    still to be done that falls due in ``(as_of, until]`` is there too, as
    ``pending``, whatever its rule: the later attendance sheets not sent
    yet are added; the plan, the frame and the open follow-up gap have one
    deadline each, there already.

    Raises:
        InvalidArgument: if the pathway belongs to another agreement.
    """
    return [d.finding(pathway)
            for d in deadlines_of(pathway, agreement, events, as_of=as_of, until=until)]


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
        InvalidArgument: if an argument is of the wrong kind, a date lies
            outside the dates a register may hold, or the pathway belongs to
            another agreement.
    """
    own = checked_pathway_arguments(pathway, agreement, events, as_of)
    check.check_date("until", until, optional=True, bounded=True)
    return deadlines_of(pathway, agreement, own, as_of=as_of, until=until)


def checked_pathway_arguments(pathway: object, agreement: object, events: object,
                              as_of: object) -> tuple[Event, ...]:
    """
    The ``events`` of a public function about one pathway, after checking
    that its arguments are what they must be (a pathway, an agreement, events
    and a date a register may hold).
    """
    check.check_instance("pathway", pathway, Pathway)
    check.check_instance("agreement", agreement, Agreement)
    own = check.checked_items("events", events, Event)
    check.check_date("as_of", as_of, bounded=True)
    return own


def deadlines_of(pathway: Pathway, agreement: Agreement, events: Iterable[Event], *,
                 as_of: dt.date, until: dt.date | None = None) -> list[Deadline]:
    # pathway_deadlines, its arguments known to be right (the register's own).
    if pathway.agreement_id != agreement.agreement_id:
        raise InvalidArgument(
            f"pathway {pathway.pathway_id} belongs to agreement {pathway.agreement_id}, "
            f"not to agreement {agreement.agreement_id}"
        )
    known = pathway.known_as_of(as_of)
    if known is None or known.start_date is None:
        return []
    facts = _facts(events, as_of)
    deadlines: list[Deadline] = []
    for rule in _RULES:
        rule(deadlines, known, agreement, facts, as_of, until)
    return deadlines


def _start(p: Pathway) -> dt.date:
    assert p.start_date is not None  # deadlines_of returns early for unstarted ones
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
_MISSED = Status.MISSED
_NO_GRACE = dt.timedelta(0)


def _undone(rule: Rule, due: dt.date, p: Pathway, as_of: dt.date, note: tuple[Part, ...],
            grace: dt.timedelta = _NO_GRACE) -> Deadline:
    """
    A deadline that fell due (or will) and has not been done as of ``as_of``.

    Every rule decides an undone deadline here, so the three statuses mean
    the same everywhere: ``missed`` if the pathway has ended (it can no longer
    be done; its days run from the due date to the end and stop there),
    ``overdue`` once the due date plus ``grace`` has passed (days from the due
    date to ``as_of``), else ``pending`` (days left to the due date).
    """
    end = p.end_date  # p is the pathway as known on as_of: an end is on or before it
    if end is not None:
        return Deadline(rule, due, _MISSED, None, (end - due).days, None, note)
    if due + grace < as_of:
        return Deadline(rule, due, _OVERDUE, None, (as_of - due).days, None, note)
    return Deadline(rule, due, _PENDING, None, 0, None, note, (due - as_of).days)


def _plan(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
          as_of: dt.date, until: dt.date | None) -> None:
    due, moved = _paused(add_weeks(_start(p), agreement.plan_deadline_weeks), agreement, facts)
    note: tuple[Part, ...] = (("paused", moved),) if moved else ()
    if p.plan_date is not None:
        if p.plan_date <= due:
            out.append(Deadline(_PLAN, due, _MET, p.plan_date, 0, None, note))
        else:
            out.append(Deadline(_PLAN, due, _LATE, p.plan_date, (p.plan_date - due).days,
                                None, note))
    elif p.no_plan_reason:
        out.append(Deadline(_PLAN, due, Status.EXEMPT, None, 0, p.no_plan_reason, note))
    elif p.end_date is not None and p.end_date < due:
        out.append(Deadline(_PLAN, due, Status.NOT_DUE, None, 0, None, note))
    else:
        out.append(_undone(_PLAN, due, p, as_of, note))


def _attendance(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
                as_of: dt.date, until: dt.date | None) -> None:
    start = _start(p)
    interval = agreement.attendance_interval_months
    grace = dt.timedelta(days=agreement.grace_days)
    dues = _sheets_due(start, interval, as_of)
    if p.end_date is not None:  # on or before as_of: p is the pathway as known then
        dues = dues[:bisect.bisect_right(dues, p.end_date)]
    n = len(dues)  # the sheets due by as_of
    if p.end_date is None and until is not None and until > as_of:
        # The sheets still to come are matched like the others, and one sent
        # early is done: it is left out, not a deadline to chase (nor a
        # finding that would make a compliance rate depend on ``until``).
        dues = _sheets_due(start, interval, until)
    reports = facts.reports
    sent_count = len(reports)
    unused = 0  # reports before this index are matched or surplus
    previous = start
    for k, due in enumerate(dues, 1):
        opened, previous = previous, due
        note = (("sheet", k, n),) if k <= n else (("next_sheet", k),)
        # A report sent on or before the window opened belongs to an earlier
        # window; one that is left over there is surplus, not an error.
        while unused < sent_count and reports[unused] <= opened:
            unused += 1
        if unused == sent_count:
            out.append(_undone(_SHEET, due, p, as_of, note, grace))
            continue
        sent = reports[unused]
        unused += 1
        if k > n:
            continue  # still to come and sent early: done, so nothing to list
        if sent <= due + grace:
            out.append(Deadline(_SHEET, due, _MET, sent, 0, None, note))
        else:
            out.append(Deadline(_SHEET, due, _LATE, sent, (sent - due).days, None, note))


@functools.lru_cache(maxsize=1 << 14)
def _sheets_due(start: dt.date, interval: int, until: dt.date) -> tuple[dt.date, ...]:
    # Many pathways share a start date, and an evaluation has one as_of.
    return tuple(month_series(start, interval, until))


def _frame(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
           as_of: dt.date, until: dt.date | None) -> None:
    weeks = agreement.frame_weeks
    extension = facts.extension_weeks
    due, moved = _paused(add_weeks(_start(p), weeks + extension), agreement, facts)
    frame: Part = ("frame_extended", weeks, extension) if extension else ("frame", weeks)
    note: tuple[Part, ...] = (frame, ("paused", moved)) if moved else (frame,)
    # The end of the pathway is what the frame waits for, so an ended pathway
    # has done it (on time or late) and only an active one can still owe it.
    if p.end_date is None:
        out.append(_undone(_FRAME, due, p, as_of, note))
    elif p.end_date <= due:
        out.append(Deadline(_FRAME, due, _MET, p.end_date, 0, None, note))
    else:
        out.append(Deadline(_FRAME, due, _LATE, p.end_date, (p.end_date - due).days, None,
                            note))


def _followup(out: list[Deadline], p: Pathway, agreement: Agreement, facts: _Facts,
              as_of: dt.date, until: dt.date | None) -> None:
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
    # The open gap: on an ended pathway only if it fell due before the end.
    # Later gaps depend on meetings not yet held, so there is no deadline
    # beyond this one to give for ``until``.
    due = opened + interval
    if p.end_date is None or due < p.end_date:
        note = (("no_meeting" if first else "open_gap", opened),)  # the date, as ISO
        out.append(_undone(_GAP, due, p, as_of, note))


#: The rules of one pathway, in the order findings list them. Each appends
#: its deadlines as of ``as_of`` (every one due by then, and its open one),
#: and for an active pathway every further one falling due by ``until``.
_RULES = (_plan, _attendance, _frame, _followup)
