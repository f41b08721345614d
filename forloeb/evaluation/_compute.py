"""
How each of the eight questions is computed for one agreement.

Every function reads one agreement's pathways and, through the register's
indexes, only those pathways' events, so an evaluation is linear in pathways
plus events. The scope holds the pathways as known on the evaluation date and
hands out only the events dated on or before it, so nothing here looks past
it (rule 8).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from forloeb.codes import EFFECT_DOMAINS, NO_PLAN_REASONS, OUTCOMES, STOPPED, EventType, State
from forloeb.evaluation._answers import (
    STATUSES,
    Q1InUse,
    Q2Plan,
    Q3Ownership,
    Q4Followup,
    Q5Caseworker,
    Q6Effects,
    Q7Overview,
    Q8Collaboration,
)
from forloeb.evaluation._period import Period
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.sla import OPEN, Rule, Status
from forloeb.sla._pathway import deadlines_of

#: A caseworker's meeting request counts as answered by a held follow-up
#: meeting of the same pathway on the day of the request or up to this many
#: days after it.
REQUEST_RESPONSE_DAYS = 14

_HELD = "held"


@attrs.frozen
class Scope:
    """
    What one agreement's evaluation reads: the agreement, its pathways as
    known on the evaluation date, the register they came from, and the period.
    """

    agreement: Agreement
    pathways: Sequence[Pathway]
    register: Register
    period: Period

    def events(self, pathway: Pathway) -> Sequence[Event]:
        """
        The pathway's events dated on or before the evaluation date, in date order.
        """
        return self.register.events_of(pathway.pathway_id, until=self.period.as_of)


def in_use(scope: Scope) -> Q1InUse:
    """
    Question 1: slots, active as of D, occupancy and the flow through the period.
    """
    period, agreement = scope.period, scope.agreement
    counts: Counter[str] = Counter()
    pathway_days = 0
    for p in scope.pathways:
        state = p.state(as_of=period.as_of)
        counts["active"] += state is State.ACTIVE
        counts["upcoming"] += state is State.REFERRED and not p.is_cancelled
        days = period.days_between(p.start_date, p.end_date)
        pathway_days += days
        counts["active_in_period"] += days > 0
        counts["started"] += period.contains(p.start_date)
        counts["ended"] += period.contains(p.end_date) and not p.is_cancelled
    return Q1InUse(
        slots=agreement.slots,
        extra_slots=agreement.extra_slots,
        active=counts["active"],
        pathway_days=pathway_days,
        slot_days=slot_days(agreement, period),
        started_in_period=counts["started"],
        active_in_period=counts["active_in_period"],
        ended_in_period=counts["ended"],
        upcoming_starts=counts["upcoming"],
    )


def slot_days(agreement: Agreement, period: Period) -> int:
    """
    The slot-days of ``agreement`` in ``period`` (question 1): its slots times
    the days of the period on or after its start. Counted from the start, so
    an agreement that began mid-period is not shown as half empty; not up to
    its end: pathways begun under it run their course and keep their slots.
    """
    return agreement.slots * period.days_between(agreement.start_date, None)


@attrs.frozen
class DeadlineCounts:
    """
    The SLA findings questions 2 and 4 read, already counted by status.
    """

    participants: int
    active_in_period: int
    plan: Mapping[str, int]
    exempt_reasons: Mapping[str, int]
    followup: Mapping[str, int]
    attendance_report: Mapping[str, int]


def deadlines(scope: Scope) -> DeadlineCounts:
    """
    Count the plan, follow-up and attendance-sheet findings of the agreement.

    Plan findings: every pathway started on or before D (cumulative).
    Follow-up and attendance findings: of the pathways active on at least one
    day of the period, the attendance sheets due in the period (plus any still
    pending at D), and the follow-up gaps closed by a meeting held in the
    period plus each pathway's gap left open (pending or overdue at D, or
    missed at the end: a pathway without a meeting since before the period
    counts against it).
    Findings are counted as they come, never kept, so a large register needs
    no memory per finding.
    """
    period, agreement = scope.period, scope.agreement
    as_of, since = period.as_of, period.since
    plan: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    followup: Counter[str] = Counter()
    attendance: Counter[str] = Counter()
    participants = active = 0
    for p in scope.pathways:
        if p.start_date is None:
            continue
        participants += 1
        in_period = period.days_between(p.start_date, p.end_date) > 0
        active += in_period
        for rule, due, status, done, _, reason, _, _ in deadlines_of(
                p, agreement, scope.events(p), as_of=as_of):
            if rule is _PLAN:
                plan[status] += 1
                if status is _EXEMPT and reason:
                    reasons[reason] += 1
            elif not in_period:
                continue
            elif rule is _GAP:
                # A gap belongs to the period whose meeting closed it, or to D
                # while open; a missed one to the end, and the pathway was in the
                # period, so it ended in it.
                if status in _UNDONE or (done is not None and since < done <= as_of):
                    followup[status] += 1
            elif rule is _SHEET and (status is _PENDING or since < due <= as_of):
                attendance[status] += 1
    return DeadlineCounts(participants, active, plan, reasons, by_status(followup),
                          by_status(attendance))


_PLAN = Rule.PLAN_DEADLINE
_GAP = Rule.FOLLOWUP
_SHEET = Rule.ATTENDANCE_REPORT
_EXEMPT = Status.EXEMPT
_PENDING = Status.PENDING
_UNDONE = OPEN | {Status.MISSED}


def plan(counts: DeadlineCounts) -> Q2Plan:
    """
    Question 2: plan-deadline findings by status, exempt ones by reason.
    """
    return Q2Plan(
        participants=counts.participants,
        met=counts.plan.get("met", 0),
        late=counts.plan.get("late", 0),
        exempt=counts.plan.get("exempt", 0),
        pending=counts.plan.get("pending", 0),
        overdue=counts.plan.get("overdue", 0),
        not_due=counts.plan.get("not_due", 0),
        missed=counts.plan.get("missed", 0),
        exempt_reasons=ordered(counts.exempt_reasons, NO_PLAN_REASONS),
    )


@attrs.define
class EventTally:
    """
    What questions 3 to 6 read from the pathways' events, counted in one pass
    over each pathway's events.
    """

    revised: int = 0
    meetings_held: int = 0
    requests: int = 0
    requests_followed: int = 0
    requests_open: int = 0
    deliveries: Counter[str] = attrs.field(factory=Counter)
    effect_participants: int = 0
    effect_domains: Counter[str] = attrs.field(factory=Counter)
    change_sum: Counter[str] = attrs.field(factory=Counter)
    change_count: Counter[str] = attrs.field(factory=Counter)


_FOLLOWUP_EVENT = EventType.FOLLOWUP
_REQUEST = EventType.MEETING_REQUEST
_DELIVERY = EventType.DELIVERY
_SHEET_SENT = EventType.ATTENDANCE_REPORT
_EFFECT = EventType.EFFECT
_REVISION = EventType.PLAN_REVISED


def tally_events(scope: Scope) -> EventTally:
    """
    Count, in one pass over each pathway's events: plans revised (question 3),
    meetings held and requested in the period and the requests answered by a
    meeting within :data:`REQUEST_RESPONSE_DAYS` (questions 4 and 5),
    deliveries in the period (question 5), and effects (question 6).
    """
    since, as_of = scope.period.since, scope.period.as_of
    window = dt.timedelta(days=REQUEST_RESPONSE_DAYS)
    t = EventTally()
    deliveries = t.deliveries
    for p in scope.pathways:
        events = scope.events(p)
        if not events:
            continue
        plan_date = p.plan_date
        revised = False
        meetings: list[dt.date] = []
        requested: list[dt.date] = []
        domains: set[str] = set()
        scores: dict[str, list[int]] = {}
        for e in events:
            kind, day = e.type, e.date
            inside = since < day <= as_of
            if kind == _FOLLOWUP_EVENT:
                if (e.code or _HELD) == _HELD:
                    meetings.append(day)
                    t.meetings_held += inside
            elif kind == _SHEET_SENT:
                if inside:
                    deliveries["attendance_sheet"] += 1
            elif kind == _EFFECT:
                code = e.code
                if code is None:
                    continue
                if inside:
                    domains.add(code)
                if e.value is not None:
                    scores.setdefault(code, []).append(e.value)
            elif kind == _REQUEST:
                if inside:
                    requested.append(day)
            elif kind == _DELIVERY:
                if inside and e.code:
                    deliveries[e.code] += 1
            elif kind == _REVISION:
                # An earlier revision cannot be a revision of this plan.
                revised = revised or (plan_date is not None and day >= plan_date)
        t.revised += revised
        t.requests += len(requested)
        for day in requested:
            # meetings is in date order: the first meeting on or after the request.
            i = bisect.bisect_left(meetings, day)
            if i < len(meetings) and meetings[i] <= day + window:
                t.requests_followed += 1
            elif day + window > as_of:
                t.requests_open += 1
        t.effect_participants += bool(domains)
        t.effect_domains.update(domains)
        for domain, values in scores.items():
            if len(values) >= 2:
                t.change_sum[domain] += values[-1] - values[0]
                t.change_count[domain] += 1
    return t


def ownership(scope: Scope, tally: EventTally) -> Q3Ownership:
    """
    Question 3: of the plans made on or before D, co-created, own goals, revised.

    A plan counts as revised when a ``plan_revised`` event is dated on or after
    the plan (an earlier one cannot be a revision of it).
    """
    plans = co_created = own_goals = 0
    for p in scope.pathways:
        if p.plan_date is None:
            continue
        plans += 1
        co_created += p.plan_co_created is True
        own_goals += p.plan_own_goals is True
    return Q3Ownership(plans=plans, co_created=co_created, own_goals=own_goals,
                       revised=tally.revised)


def followup(counts: DeadlineCounts, tally: EventTally) -> Q4Followup:
    """
    Question 4: meetings held and requested in the period, follow-up and
    attendance-sheet findings.
    """
    return Q4Followup(
        meetings_held=tally.meetings_held,
        participants=counts.active_in_period,
        meeting_requests=tally.requests,
        followup=counts.followup,
        attendance_report=counts.attendance_report,
    )


def caseworker(tally: EventTally) -> Q5Caseworker:
    """
    Question 5: deliveries to the caseworker in the period, and meeting
    requests answered by a held meeting within :data:`REQUEST_RESPONSE_DAYS`.

    A request whose window has not closed by D and has no meeting yet is
    ``requests_open``: it is not (yet) counted as followed.
    """
    return Q5Caseworker(
        deliveries=tally.deliveries,
        meetings_requested=tally.requests,
        requests_followed_by_meeting=tally.requests_followed,
        requests_open=tally.requests_open,
    )


def effects(tally: EventTally) -> Q6Effects:
    """
    Question 6: participants with an effect in the period, by domain, and the
    mean score change per domain (cumulative to D).
    """
    changed = ordered(tally.change_count, EFFECT_DOMAINS)
    return Q6Effects(
        participants_with_effect=tally.effect_participants,
        by_domain=ordered(tally.effect_domains, EFFECT_DOMAINS),
        score_change={d: Fraction(tally.change_sum[d], n) for d, n in changed.items()},
        score_change_participants=changed,
    )


def overview(scope: Scope) -> Q7Overview:
    """
    Question 7: completed (cumulative, cancelled left out) by outcome,
    continuing, progression under the agreement's terms, stopped.
    """
    as_of, agreement = scope.period.as_of, scope.agreement
    outcomes: Counter[str] = Counter()
    continuing = cancelled = 0
    for p in scope.pathways:
        state = p.state(as_of=as_of)
        if state is State.ACTIVE:
            continuing += 1
        elif state is State.ENDED and p.outcome is not None:
            if p.is_cancelled:
                cancelled += 1
            else:
                outcomes[p.outcome] += 1
    return overview_of(agreement, continuing=continuing, outcomes=outcomes, cancelled=cancelled)


def overview_of(agreement: Agreement, *, continuing: int, outcomes: Mapping[str, int],
                cancelled: int) -> Q7Overview:
    """
    Question 7 from its counts: the pathways active as of D, the ended ones
    by outcome (cancelled ones left out) and the cancelled ones.
    """
    return Q7Overview(
        completed=sum(outcomes.values()),
        continuing=continuing,
        outcomes=ordered(outcomes, OUTCOMES),
        progression=sum(n for code, n in outcomes.items() if agreement.is_progression(code)),
        stopped=outcomes.get(STOPPED, 0),
        cancelled=cancelled,
    )


def collaboration(scope: Scope) -> Q8Collaboration:
    """
    Question 8: the collaboration notes dated in the period, in date order.
    """
    notes = scope.register.notes_of(scope.agreement.agreement_id)
    return Q8Collaboration(sorted((n for n in notes if scope.period.contains(n.date)),
                                  key=_note_date))


def _note_date(note: CollaborationNote) -> dt.date:
    return note.date


def by_status(counts: Mapping[str, int]) -> dict[str, int]:
    """
    Every status, in reporting order, with its count (0 included).
    """
    return {status: counts.get(status, 0) for status in STATUSES}


def ordered(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """
    The nonzero counts in the reporting order of ``order``, unknown codes last.
    """
    known = list(order)
    rank = {code: i for i, code in enumerate(known)}
    keys = sorted((k for k, n in counts.items() if n), key=lambda k: (rank.get(k, len(known)), k))
    return {k: counts[k] for k in keys}
