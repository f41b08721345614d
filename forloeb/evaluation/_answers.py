"""
The answers to the eight questions of the evaluation paradigm, one class each.

Counts are plain integers; shares are properties that return exact
:class:`~fractions.Fraction` values (``None`` when the denominator is 0).
``to_dict`` gives the JSON form of ``Evaluation.to_dict()``: shares become
floats between 0 and 1 next to the counts they come from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from types import MappingProxyType

import attrs

from forloeb.evaluation._shares import compliance_of, share_of, to_number
from forloeb.model import CollaborationNote
from forloeb.typing import (
    DeliveriesDict,
    Q1InUseDict,
    Q2PlanDict,
    Q3OwnershipDict,
    Q4FollowupDict,
    Q5CaseworkerDict,
    Q6EffectsDict,
    Q7OverviewDict,
    Q8CollaborationDict,
    StatusCountsDict,
)

#: Deadline statuses in the order reports list them (the values of ``forloeb.sla.Status``).
STATUSES: tuple[str, ...] = ("met", "late", "exempt", "pending", "overdue", "missed",
                             "not_due")

#: What the caseworker receives (question 5): the delivery codes, then attendance sheets.
DELIVERY_KINDS: tuple[str, ...] = (
    "plan_sent",
    "meeting_offer",
    "rehab_description",
    "other",
    "attendance_sheet",
)


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


def _fractions(value: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return MappingProxyType(dict(value))


def _notes(notes: Iterable[CollaborationNote]) -> tuple[CollaborationNote, ...]:
    return tuple(notes)


def _statuses(counts: Mapping[str, int]) -> StatusCountsDict:
    return {
        "met": counts.get("met", 0),
        "late": counts.get("late", 0),
        "exempt": counts.get("exempt", 0),
        "pending": counts.get("pending", 0),
        "overdue": counts.get("overdue", 0),
        "missed": counts.get("missed", 0),
        "not_due": counts.get("not_due", 0),
    }


@attrs.frozen
class Q1InUse:
    """
    Question 1 (da: *Er forløbene i brug?*): are the pathways in use?

    ``utilisation`` is active / slots (above 1 when extra slots are used);
    ``occupancy`` is pathway-days / slot-days over the period.
    """

    slots: int
    extra_slots: int
    active: int
    pathway_days: int
    slot_days: int
    started_in_period: int
    active_in_period: int
    ended_in_period: int
    upcoming_starts: int

    @property
    def utilisation(self) -> Fraction | None:
        """
        Active pathways as of the evaluation date per purchased slot.
        """
        return share_of(self.active, self.slots)

    @property
    def occupancy(self) -> Fraction | None:
        """
        Average occupancy over the period: pathway-days / slot-days.
        """
        return share_of(self.pathway_days, self.slot_days)

    def to_dict(self) -> Q1InUseDict:
        """
        The JSON form (``q1_in_use``).
        """
        return {
            "slots": self.slots,
            "extra_slots": self.extra_slots,
            "active": self.active,
            "utilisation": to_number(self.utilisation),
            "occupancy": to_number(self.occupancy),
            "pathway_days": self.pathway_days,
            "slot_days": self.slot_days,
            "started_in_period": self.started_in_period,
            "active_in_period": self.active_in_period,
            "ended_in_period": self.ended_in_period,
            "upcoming_starts": self.upcoming_starts,
        }


@attrs.frozen
class Q2Plan:
    """
    Question 2 (da: *Har deltageren en plan?*): does the participant have a plan?

    The plan-deadline findings of every pathway started on or before the
    evaluation date, counted by status, and the exempt ones by reason.
    ``missed`` counts the pathways that ended after their plan deadline
    without a plan or a reason.
    """

    participants: int
    met: int
    late: int
    exempt: int
    pending: int
    overdue: int
    not_due: int
    missed: int = 0
    exempt_reasons: Mapping[str, int] = attrs.field(converter=_counts, factory=dict)

    @property
    def compliance(self) -> Fraction | None:
        """
        Plans made on time: met / (met + late + overdue + missed).
        """
        return compliance_of({status: getattr(self, status) for status in STATUSES})

    def to_dict(self) -> Q2PlanDict:
        """
        The JSON form (``q2_plan``).
        """
        return {
            "participants": self.participants,
            "met": self.met,
            "late": self.late,
            "exempt": self.exempt,
            "pending": self.pending,
            "overdue": self.overdue,
            "missed": self.missed,
            "not_due": self.not_due,
            "exempt_reasons": dict(self.exempt_reasons),
            "compliance": to_number(self.compliance),
        }


@attrs.frozen
class Q3Ownership:
    """
    Question 3 (da: *Har deltageren ejerskab til planen?*): does the participant own the plan?

    Of the plans made on or before the evaluation date: how many were
    co-created by mentor and participant, built on the participant's own
    goals, and revised at least once.
    """

    plans: int
    co_created: int
    own_goals: int
    revised: int

    def to_dict(self) -> Q3OwnershipDict:
        """
        The JSON form (``q3_ownership``), with each count's share of the plans.
        """
        return {
            "plans": self.plans,
            "co_created": self.co_created,
            "own_goals": self.own_goals,
            "revised": self.revised,
            "co_created_share": to_number(share_of(self.co_created, self.plans)),
            "own_goals_share": to_number(share_of(self.own_goals, self.plans)),
            "revised_share": to_number(share_of(self.revised, self.plans)),
        }


@attrs.frozen
class Q4Followup:
    """
    Question 4 (da: *Sker opfølgningen og foretages opfølgningsmøderne?*): do
    follow-ups happen and are follow-up meetings held?

    ``followup`` and ``attendance_report`` count deadline findings by status.
    """

    meetings_held: int
    participants: int
    meeting_requests: int
    followup: Mapping[str, int] = attrs.field(converter=_counts)
    attendance_report: Mapping[str, int] = attrs.field(converter=_counts)

    @property
    def meetings_per_participant(self) -> Fraction | None:
        """
        Meetings held in the period per pathway active in it.
        """
        return share_of(self.meetings_held, self.participants)

    @property
    def followup_compliance(self) -> Fraction | None:
        """
        Follow-up gaps within the agreed interval: met / (met + late + overdue + missed).
        """
        return compliance_of(self.followup)

    @property
    def attendance_compliance(self) -> Fraction | None:
        """
        Attendance sheets sent on time: met / (met + late + overdue + missed).
        """
        return compliance_of(self.attendance_report)

    def to_dict(self) -> Q4FollowupDict:
        """
        The JSON form (``q4_followup``).
        """
        return {
            "meetings_held": self.meetings_held,
            "participants": self.participants,
            "meetings_per_participant": to_number(self.meetings_per_participant),
            "meeting_requests": self.meeting_requests,
            "followup": _statuses(self.followup),
            "attendance_report": _statuses(self.attendance_report),
            "followup_compliance": to_number(self.followup_compliance),
            "attendance_compliance": to_number(self.attendance_compliance),
        }


@attrs.frozen
class Q5Caseworker:
    """
    Question 5 (da: *Får sagsbehandlere, hvad der er aftalt?*): do caseworkers
    get what was agreed?

    Deliveries to the caseworker in the period by kind (attendance sheets
    included), and the caseworker's meeting requests with how many were
    answered by a held follow-up meeting within the response window.
    """

    deliveries: Mapping[str, int] = attrs.field(converter=_counts)
    meetings_requested: int
    requests_followed_by_meeting: int
    requests_open: int = 0

    def _deliveries(self) -> DeliveriesDict:
        counts = self.deliveries
        return {
            "plan_sent": counts.get("plan_sent", 0),
            "meeting_offer": counts.get("meeting_offer", 0),
            "rehab_description": counts.get("rehab_description", 0),
            "other": counts.get("other", 0),
            "attendance_sheet": counts.get("attendance_sheet", 0),
        }

    def to_dict(self) -> Q5CaseworkerDict:
        """
        The JSON form (``q5_caseworker``).
        """
        return {
            "deliveries": self._deliveries(),
            "meetings_requested": self.meetings_requested,
            "requests_followed_by_meeting": self.requests_followed_by_meeting,
            "requests_followed_share": to_number(
                share_of(self.requests_followed_by_meeting, self.meetings_requested)
            ),
            "requests_open": self.requests_open,
        }


@attrs.frozen
class Q6Effects:
    """
    Question 6 (da: *Hvad opnår deltagerne i forløbene – effekter i den
    praktiske hverdag?*): what do participants achieve in everyday life?

    ``by_domain`` counts participants with an effect in the period per effect
    domain; ``score_change`` is the mean change (last score minus first) per
    domain over the participants with at least two scores in it.
    """

    participants_with_effect: int
    by_domain: Mapping[str, int] = attrs.field(converter=_counts)
    score_change: Mapping[str, Fraction] = attrs.field(converter=_fractions)
    score_change_participants: Mapping[str, int] = attrs.field(converter=_counts)

    def to_dict(self) -> Q6EffectsDict:
        """
        The JSON form (``q6_effects``).
        """
        return {
            "participants_with_effect": self.participants_with_effect,
            "by_domain": dict(self.by_domain),
            "score_change": {k: float(v) for k, v in self.score_change.items()},
            "score_change_participants": dict(self.score_change_participants),
        }


@attrs.frozen
class Q7Overview:
    """
    Question 7 (da: *Overblik, herunder efter endt forløb?*): the overview,
    including after the pathway ends.

    Cumulative to the evaluation date: ``completed`` pathways (cancelled ones
    left out) by outcome, how many count as progression under the agreement's
    terms and how many stopped.
    """

    completed: int
    continuing: int
    outcomes: Mapping[str, int] = attrs.field(converter=_counts)
    progression: int
    stopped: int
    cancelled: int = 0

    @property
    def progression_share(self) -> Fraction | None:
        """
        Progression / completed.
        """
        return share_of(self.progression, self.completed)

    @property
    def stopped_share(self) -> Fraction | None:
        """
        Stopped / completed.
        """
        return share_of(self.stopped, self.completed)

    def to_dict(self) -> Q7OverviewDict:
        """
        The JSON form (``q7_overview``).
        """
        return {
            "completed": self.completed,
            "continuing": self.continuing,
            "outcomes": dict(self.outcomes),
            "progression": self.progression,
            "progression_share": to_number(self.progression_share),
            "stopped": self.stopped,
            "stopped_share": to_number(self.stopped_share),
            "cancelled": self.cancelled,
        }


@attrs.frozen
class Q8Collaboration:
    """
    Question 8 (da: *Samarbejdet med virksomhederne?*): how is the
    collaboration with the enterprise?

    The collaboration notes dated in the period, in date order.
    """

    notes: tuple[CollaborationNote, ...] = attrs.field(converter=_notes)

    @property
    def mean_rating(self) -> Fraction | None:
        """
        The mean of the ratings given (notes without a rating left out).
        """
        ratings = [n.rating for n in self.notes if n.rating is not None]
        return share_of(sum(ratings), len(ratings))

    def to_dict(self) -> Q8CollaborationDict:
        """
        The JSON form (``q8_collaboration``).
        """
        return {
            "notes": len(self.notes),
            "mean_rating": to_number(self.mean_rating),
            "items": [
                {"date": n.date.isoformat(), "author": n.author, "rating": n.rating,
                 "note": n.note}
                for n in self.notes
            ],
        }
