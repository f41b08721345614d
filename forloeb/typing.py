"""
The shapes of the documents forloeb gives, for type checkers.

``Evaluation.to_dict()`` is an :class:`EvaluationDict`, ``compare`` gives a
:class:`ComparisonDict`, ``trend`` a :class:`TrendDict`,
``Finding.to_dict()`` a :class:`FindingDict` and ``Discrepancy.to_dict()`` a
:class:`DiscrepancyDict`. Each is a :class:`~typing.TypedDict`: at run time a
plain ``dict``, to a type checker a dict whose every key has its own type, so
``doc["agreements"][0]["q7_overview"]["progresion"]`` is an error before it
runs. Dates are ISO strings (``"2018-06-30"``); a share is a float from 0 to 1,
or ``None`` where its denominator is 0; a price is a number of kroner.

The keyword arguments of the store's corrections are typed here too
(:class:`PathwayCorrection`, ...): only the fields that can be corrected.

The JSON the command line writes (``forloeb evaluate --format json``,
``forloeb sla --format json``) is these documents, described for other
languages by the JSON Schemas in ``forloeb/schemas/``.

>>> import forloeb
>>> doc: EvaluationDict = forloeb.evaluate(forloeb.load_example(),
...                                        as_of=forloeb.EXAMPLE_AS_OF).to_dict()
>>> doc["agreements"][0]["q7_overview"]["progression"]
10
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from forloeb.codes import EventType

if TYPE_CHECKING:
    from forloeb.model import (
        Agreement,
        CollaborationNote,
        Employment,
        EmploymentEvent,
        Event,
        Pathway,
    )

#: Any value a JSON document holds.
JSONValue: TypeAlias = (
    "int | float | str | bool | list[JSONValue] | dict[str, JSONValue] | None"
)


class StatusCountsDict(TypedDict):
    """
    Deadline findings counted by status (``q4_followup.followup``, ...).
    """

    met: int
    late: int
    exempt: int
    pending: int
    overdue: int
    missed: int
    not_due: int


class Q1InUseDict(TypedDict):
    """
    ``q1_in_use``: are the pathways in use?
    """

    slots: int
    extra_slots: int
    active: int
    utilisation: float | None
    occupancy: float | None
    pathway_days: int
    slot_days: int
    started_in_period: int
    active_in_period: int
    ended_in_period: int
    upcoming_starts: int


class Q2PlanDict(StatusCountsDict):
    """
    ``q2_plan``: the plan deadlines counted by status, the exempt ones by reason.
    """

    participants: int
    exempt_reasons: dict[str, int]
    compliance: float | None


class Q3OwnershipDict(TypedDict):
    """
    ``q3_ownership``: the plans co-created, built on own goals and revised.
    """

    plans: int
    co_created: int
    own_goals: int
    revised: int
    co_created_share: float | None
    own_goals_share: float | None
    revised_share: float | None


class Q4FollowupDict(TypedDict):
    """
    ``q4_followup``: follow-up meetings and attendance sheets.
    """

    meetings_held: int
    participants: int
    meetings_per_participant: float | None
    meeting_requests: int
    followup: StatusCountsDict
    attendance_report: StatusCountsDict
    followup_compliance: float | None
    attendance_compliance: float | None


class DeliveriesDict(TypedDict):
    """
    ``q5_caseworker.deliveries``: what the caseworker received, by kind.
    """

    plan_sent: int
    meeting_offer: int
    rehab_description: int
    other: int
    attendance_sheet: int


class Q5CaseworkerDict(TypedDict):
    """
    ``q5_caseworker``: deliveries and the caseworker's meeting requests.
    """

    deliveries: DeliveriesDict
    meetings_requested: int
    requests_followed_by_meeting: int
    requests_followed_share: float | None
    requests_open: int


class Q6EffectsDict(TypedDict):
    """
    ``q6_effects``: effects per domain and the mean change of score.
    """

    participants_with_effect: int
    by_domain: dict[str, int]
    score_change: dict[str, float]
    score_change_participants: dict[str, int]


class Q7OverviewDict(TypedDict):
    """
    ``q7_overview``: completed pathways by outcome, progression and stops.
    """

    completed: int
    continuing: int
    outcomes: dict[str, int]
    progression: int
    progression_share: float | None
    stopped: int
    stopped_share: float | None
    cancelled: int


class NoteItemDict(TypedDict):
    """
    One collaboration note of ``q8_collaboration.items``.
    """

    date: str
    author: str
    rating: int | None
    note: str


class Q8CollaborationDict(TypedDict):
    """
    ``q8_collaboration``: the collaboration notes of the period.
    """

    notes: int
    mean_rating: float | None
    items: list[NoteItemDict]


class SummaryDict(TypedDict):
    """
    ``summary``: the key figures of the summary sentence and the comparison.
    """

    progression_share: float | None
    stopped_share: float | None
    plan_compliance: float | None
    attendance_compliance: float | None
    followup_compliance: float | None
    occupancy: float | None


class AgreementEvaluationDict(TypedDict):
    """
    One agreement's answers (``AgreementEvaluation.to_dict()``).
    """

    agreement_id: str
    name: str
    provider: str
    price_per_pathway: float | None
    positive_outcomes: list[str]
    q1_in_use: Q1InUseDict
    q2_plan: Q2PlanDict
    q3_ownership: Q3OwnershipDict
    q4_followup: Q4FollowupDict
    q5_caseworker: Q5CaseworkerDict
    q6_effects: Q6EffectsDict
    q7_overview: Q7OverviewDict
    q8_collaboration: Q8CollaborationDict
    summary: SummaryDict


class EvaluationDict(TypedDict):
    """
    The evaluation (``Evaluation.to_dict()``) over the period ``(since, as_of]``.
    """

    as_of: str
    since: str
    agreements: list[AgreementEvaluationDict]


class ComparisonRowDict(TypedDict):
    """
    One agreement's row of the comparison.
    """

    agreement_id: str
    name: str
    provider: str
    slots: int
    extra_slots: int
    occupancy: float | None
    plan_compliance: float | None
    attendance_compliance: float | None
    progression_share: float | None
    stopped_share: float | None
    completed: int
    progression: int
    stopped: int
    price_per_pathway: float | None
    price_per_progression: float | None


class ComparisonDict(TypedDict):
    """
    Every agreement side by side (``forloeb.compare``).
    """

    as_of: str
    since: str
    agreements: list[ComparisonRowDict]


class TrendRowDict(TypedDict):
    """
    One agreement's key figures in one year of the trend.
    """

    agreement_id: str
    name: str
    active: int
    completed: int
    progression: int
    progression_share: float | None
    stopped: int
    stopped_share: float | None
    occupancy: float | None
    plan_compliance: float | None
    attendance_compliance: float | None


class TrendYearDict(TypedDict):
    """
    One year of the trend: the evaluation as of its 30 June.
    """

    year: int
    as_of: str
    since: str
    agreements: list[TrendRowDict]


class TrendDict(TypedDict):
    """
    The key figures at each 30 June (``forloeb.trend``).
    """

    years: list[TrendYearDict]


class FindingDict(TypedDict):
    """
    One deadline (``Finding.to_dict()``); ``rule`` and ``status`` are the
    values of :class:`~forloeb.sla.Rule` and :class:`~forloeb.sla.Status`.
    ``agreement_id`` is ``None`` only for the review of a hire that followed
    no pathway; ``employment_id`` and ``enterprise`` are set only on a
    flexjob review.
    """

    agreement_id: str | None
    pathway_id: str | None
    rule: str
    due: str
    status: str
    done: str | None
    days_overdue: int
    days_left: int | None
    reason: str | None
    detail: str
    employment_id: str | None
    enterprise: str | None


class DiscrepancyDict(TypedDict):
    """
    One difference found by reconciliation (``Discrepancy.to_dict()``);
    ``kind`` is a value of :class:`~forloeb.evaluation.DiscrepancyKind`.
    """

    agreement_id: str | None
    path: str
    published: JSONValue
    computed: JSONValue
    kind: str
    message: str
    details: dict[str, JSONValue]


class StepDict(TypedDict):
    """
    One step of a flexjob's hours (``Step.to_dict()``).
    """

    date: str
    hours_per_week: float
    intensity: int
    effective_hours: float


class FlexjobPathDict(TypedDict):
    """
    One flexjob's progression (``FlexjobPath.to_dict()``); ``direction`` is
    ``"up"``, ``"same"`` or ``"down"``.
    """

    employment_id: str
    enterprise: str
    start: StepDict
    now: StepDict
    change: float
    direction: str
    steps: list[StepDict]


class ProgressionDict(TypedDict):
    """
    The progression of the flexjobs running on a day (``Progression.to_dict()``).
    """

    as_of: str
    running: int
    up: int
    same: int
    down: int
    mean_start_hours: float | None
    mean_hours: float | None
    mean_change: float | None
    paths: list[FlexjobPathDict]


class ReviewsDict(StatusCountsDict):
    """
    The flexjob reviews due in a year by status (``Reviews.to_dict()``).
    """

    year: int
    due: int
    compliance: float | None


class PaceDict(TypedDict):
    """
    The year's hires against the goal before the year is over (``Pace.to_dict()``).
    """

    months_elapsed: float
    months_left: float
    expected_by_now: float
    on_track: bool
    needed_per_month: float | None


class EnterpriseJobsDict(TypedDict):
    """
    The hires of one enterprise in the year, by channel.
    """

    enterprise: str
    via_jobcenter: int
    other_channels: int
    total: int


class JobsDict(TypedDict):
    """
    The year's hires against the goal (``forloeb.jobs(...).to_dict()``).
    """

    year: int
    as_of: str
    goal: int
    via_jobcenter: dict[str, int]
    total_via_jobcenter: int
    goal_met: bool
    missing: int
    other_channels: int
    other_channels_by_kind: dict[str, int]
    total: int
    by_enterprise: dict[str, int]
    enterprises: list[EnterpriseJobsDict]
    mid_year: bool
    pace: PaceDict | None
    flexjob_progression: ProgressionDict
    flexjob_reviews: ReviewsDict


class AnnualReportDict(TypedDict):
    """
    The annual report as one document (``forloeb.annual_report(...).to_dict()``).
    """

    year: int
    as_of: str
    mid_year: bool
    jobs: JobsDict
    summer: EvaluationDict
    year_end: EvaluationDict | None
    comparison: ComparisonDict
    trend: TrendDict
    reconciliation: list[DiscrepancyDict] | None


class RegisterTables(TypedDict, total=False):
    """
    The tables of a register by name, as :meth:`Register.replace` takes them.
    """

    agreements: Iterable[Agreement]
    pathways: Iterable[Pathway]
    events: Iterable[Event]
    collaboration: Iterable[CollaborationNote]
    employments: Iterable[Employment]
    employment_events: Iterable[EmploymentEvent]


class PathwayCorrection(TypedDict, total=False):
    """
    What ``Store.correct_pathway`` may change: any field of a pathway but its id.
    """

    agreement_id: str
    participant_id: str
    target_group: str | None
    referred_date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    outcome: str | None
    plan_date: dt.date | None
    plan_co_created: bool | None
    plan_own_goals: bool | None
    no_plan_reason: str | None


class AgreementCorrection(TypedDict, total=False):
    """
    What ``Store.correct_agreement`` may change: any term of an agreement but its id.
    """

    start_date: dt.date
    slots: int
    plan_deadline_weeks: int
    frame_weeks: int
    name: str
    provider: str
    end_date: dt.date | None
    extra_slots: int
    attendance_interval_months: int
    grace_days: int
    followup_interval_weeks: int | None
    pause_on_absence: bool
    positive_outcomes: tuple[str, ...]
    allowed_outcomes: tuple[str, ...] | None
    price_per_pathway: Decimal | None


class EventCorrection(TypedDict, total=False):
    """
    What ``Store.correct_event`` may change: any field of an event but its pathway.
    """

    date: dt.date
    type: EventType
    code: str | None
    value: int | None
    note: str


class NoteCorrection(TypedDict, total=False):
    """
    What ``Store.correct_note`` may change: any field of a note but its agreement.
    """

    date: dt.date
    author: str
    rating: int | None
    note: str


__all__ = [
    "AgreementCorrection",
    "AgreementEvaluationDict",
    "AnnualReportDict",
    "ComparisonDict",
    "ComparisonRowDict",
    "DeliveriesDict",
    "DiscrepancyDict",
    "EnterpriseJobsDict",
    "EvaluationDict",
    "EventCorrection",
    "FindingDict",
    "FlexjobPathDict",
    "JSONValue",
    "JobsDict",
    "NoteCorrection",
    "NoteItemDict",
    "PaceDict",
    "PathwayCorrection",
    "ProgressionDict",
    "Q1InUseDict",
    "Q2PlanDict",
    "Q3OwnershipDict",
    "Q4FollowupDict",
    "Q5CaseworkerDict",
    "Q6EffectsDict",
    "Q7OverviewDict",
    "Q8CollaborationDict",
    "RegisterTables",
    "ReviewsDict",
    "StatusCountsDict",
    "StepDict",
    "SummaryDict",
    "TrendDict",
    "TrendRowDict",
    "TrendYearDict",
]
