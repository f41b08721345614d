"""
How each of the eight questions is computed for one agreement.

Every function reads one agreement's pathways and, through the register's
indexes, only those pathways' events, so an evaluation is linear in pathways
plus events. The register passed in is already cut to the evaluation date
(:meth:`~forloeb.model.Register.as_of`), so nothing here looks past it.
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
from forloeb.sla import OPEN, Finding, Rule, Status, check_pathway

#: A caseworker's meeting request counts as answered by a held follow-up
#: meeting of the same pathway on the day of the request or up to this many
#: days after it.
REQUEST_RESPONSE_DAYS = 14

_HELD = "held"


@attrs.frozen
class Scope:
    """
    What one agreement's evaluation reads: the agreement, its pathways as of
    the evaluation date, the register they came from, and the period.
    """

    agreement: Agreement
    pathways: Sequence[Pathway]
    register: Register
    period: Period

    def events(self, pathway: Pathway) -> Sequence[Event]:
        """
        The pathway's events in date order (all on or before the evaluation date).
        """
        return self.register.events_of(pathway.pathway_id)


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
    # Slot-days count from the agreement's start, so an agreement that began
    # mid-period is not shown as half empty. Not up to its end: pathways
    # begun under it run their course and keep their slots after it.
    slot_days = agreement.slots * period.days_between(agreement.start_date, None)
    return Q1InUse(
        slots=agreement.slots,
        extra_slots=agreement.extra_slots,
        active=counts["active"],
        pathway_days=pathway_days,
        slot_days=slot_days,
        started_in_period=counts["started"],
        active_in_period=counts["active_in_period"],
        ended_in_period=counts["ended"],
        upcoming_starts=counts["upcoming"],
    )


@attrs.frozen
class DeadlineCounts:
    """
    The SLA findings questions 2 and 4 read, already counted by status.
    """

    participants: int
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
    period plus each pathway's gap still open at D (pending or overdue: a
    pathway without a meeting since before the period counts against it).
    Findings are counted as they come, never kept, so a large register needs
    no memory per finding.
    """
    period, agreement = scope.period, scope.agreement
    plan: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    followup: Counter[str] = Counter()
    attendance: Counter[str] = Counter()
    participants = 0
    for p in scope.pathways:
        if p.start_date is None:
            continue
        participants += 1
        in_period = period.days_between(p.start_date, p.end_date) > 0
        for f in check_pathway(p, agreement, scope.events(p), as_of=period.as_of):
            if f.rule == Rule.PLAN_DEADLINE:
                plan[str(f.status)] += 1
                if f.status == Status.EXEMPT and f.reason:
                    reasons[f.reason] += 1
            elif in_period and _belongs_to_period(f, period):
                if f.rule == Rule.FOLLOWUP:
                    followup[str(f.status)] += 1
                elif f.rule == Rule.ATTENDANCE_REPORT:
                    attendance[str(f.status)] += 1
    return DeadlineCounts(participants, plan, reasons, _by_status(followup),
                          _by_status(attendance))


def _belongs_to_period(finding: Finding, period: Period) -> bool:
    if finding.rule == Rule.FOLLOWUP:
        # A gap belongs to the period whose meeting closed it, or to D while open.
        return period.contains(finding.done) or finding.status in OPEN
    return period.contains(finding.due) or finding.status == Status.PENDING


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
        exempt_reasons=_ordered(counts.exempt_reasons, NO_PLAN_REASONS),
    )


def ownership(scope: Scope) -> Q3Ownership:
    """
    Question 3: of the plans made on or before D, co-created, own goals, revised.

    A plan counts as revised when a ``plan_revised`` event is dated on or after
    the plan (an earlier one cannot be a revision of it).
    """
    plans = co_created = own_goals = revised = 0
    for p in scope.pathways:
        if p.plan_date is None:
            continue
        plans += 1
        co_created += p.plan_co_created is True
        own_goals += p.plan_own_goals is True
        revised += any(
            e.type == EventType.PLAN_REVISED and e.date >= p.plan_date for e in scope.events(p)
        )
    return Q3Ownership(plans=plans, co_created=co_created, own_goals=own_goals, revised=revised)


def followup(scope: Scope, counts: DeadlineCounts) -> Q4Followup:
    """
    Question 4: meetings held and requested in the period, follow-up and
    attendance-sheet findings.
    """
    period = scope.period
    held = requests = participants = 0
    for p in scope.pathways:
        participants += period.days_between(p.start_date, p.end_date) > 0
        for e in scope.events(p):
            if not period.contains(e.date):
                continue
            held += _is_held_meeting(e)
            requests += e.type == EventType.MEETING_REQUEST
    return Q4Followup(
        meetings_held=held,
        participants=participants,
        meeting_requests=requests,
        followup=counts.followup,
        attendance_report=counts.attendance_report,
    )


def caseworker(scope: Scope) -> Q5Caseworker:
    """
    Question 5: deliveries to the caseworker in the period, and meeting
    requests answered by a held meeting within :data:`REQUEST_RESPONSE_DAYS`.

    A request whose window has not closed by D and has no meeting yet is
    ``requests_open``: it is not (yet) counted as followed.
    """
    period = scope.period
    window = dt.timedelta(days=REQUEST_RESPONSE_DAYS)
    deliveries: Counter[str] = Counter()
    requested = followed = still_open = 0
    for p in scope.pathways:
        meetings = [e.date for e in scope.events(p) if _is_held_meeting(e)]
        for e in scope.events(p):
            if not period.contains(e.date):
                continue
            if e.type == EventType.DELIVERY and e.code:
                deliveries[e.code] += 1
            elif e.type == EventType.ATTENDANCE_REPORT:
                deliveries["attendance_sheet"] += 1
            elif e.type == EventType.MEETING_REQUEST:
                requested += 1
                # meetings is in date order: the first meeting on or after the request.
                i = bisect.bisect_left(meetings, e.date)
                if i < len(meetings) and meetings[i] <= e.date + window:
                    followed += 1
                elif e.date + window > period.as_of:
                    still_open += 1
    return Q5Caseworker(
        deliveries=deliveries,
        meetings_requested=requested,
        requests_followed_by_meeting=followed,
        requests_open=still_open,
    )


def effects(scope: Scope) -> Q6Effects:
    """
    Question 6: participants with an effect in the period, by domain, and the
    mean score change per domain (cumulative to D).
    """
    period = scope.period
    participants = 0
    by_domain: Counter[str] = Counter()
    change_sum: Counter[str] = Counter()
    change_count: Counter[str] = Counter()
    for p in scope.pathways:
        domains_in_period: set[str] = set()
        scores: dict[str, list[int]] = {}
        for e in scope.events(p):
            if e.type != EventType.EFFECT or e.code is None:
                continue
            if period.contains(e.date):
                domains_in_period.add(e.code)
            if e.value is not None:
                scores.setdefault(e.code, []).append(e.value)
        participants += bool(domains_in_period)
        by_domain.update(domains_in_period)
        for domain, values in scores.items():
            if len(values) >= 2:
                change_sum[domain] += values[-1] - values[0]
                change_count[domain] += 1
    return Q6Effects(
        participants_with_effect=participants,
        by_domain=_ordered(by_domain, EFFECT_DOMAINS),
        score_change={
            d: Fraction(change_sum[d], n) for d, n in _ordered(change_count, EFFECT_DOMAINS).items()
        },
        score_change_participants=_ordered(change_count, EFFECT_DOMAINS),
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
    return Q7Overview(
        completed=sum(outcomes.values()),
        continuing=continuing,
        outcomes=_ordered(outcomes, OUTCOMES),
        progression=sum(n for code, n in outcomes.items() if agreement.is_progression(code)),
        stopped=outcomes[STOPPED],
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


def _by_status(counts: Mapping[str, int]) -> dict[str, int]:
    """
    Every status, in reporting order, with its count (0 included).
    """
    return {status: counts.get(status, 0) for status in STATUSES}


def _is_held_meeting(event: Event) -> bool:
    return event.type == EventType.FOLLOWUP and (event.code or _HELD) == _HELD


def _ordered(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """
    The nonzero counts in the reporting order of ``order``, unknown codes last.
    """
    known = list(order)
    rank = {code: i for i, code in enumerate(known)}
    keys = sorted((k for k, n in counts.items() if n), key=lambda k: (rank.get(k, len(known)), k))
    return {k: counts[k] for k in keys}
