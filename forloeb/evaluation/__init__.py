"""
The yearly evaluation: the eight questions of the evaluation paradigm
(domain.md section 5), computed per agreement from the register; the jobs
of a year against the goal (:func:`jobs`) and the annual report
(:func:`annual_report`).

:func:`evaluate` answers the questions as of a date; :func:`reconcile` checks
a published summary against the computed one; :func:`compare` puts every
agreement side by side and :func:`trend` evaluates each past 30 June.
Shares are exact fractions; :func:`percent` shows one as whole percent,
rounded half up. ``docs/questions.md`` says how each figure is computed.
"""

from __future__ import annotations

from forloeb.evaluation._annual import (
    AnnualReport,
    annual_report,
    reconcile_register,
    trend_years,
)
from forloeb.evaluation._answers import (
    DELIVERY_KINDS,
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
from forloeb.evaluation._compare import compare, comparison, price_per_progression
from forloeb.evaluation._compute import REQUEST_RESPONSE_DAYS
from forloeb.evaluation._jobs import (
    EnterpriseJobs,
    FlexjobPath,
    JobFigures,
    Pace,
    Progression,
    Reviews,
    Step,
    jobs,
)
from forloeb.evaluation._period import Period
from forloeb.evaluation._reconcile import Discrepancy, DiscrepancyKind, reconcile
from forloeb.evaluation._result import AgreementEvaluation, Evaluation, evaluate
from forloeb.evaluation._shares import compliance, percent, round_half_up, share
from forloeb.evaluation._trend import trend, trend_of

__all__ = [
    "DELIVERY_KINDS",
    "REQUEST_RESPONSE_DAYS",
    "STATUSES",
    "AgreementEvaluation",
    "AnnualReport",
    "Discrepancy",
    "DiscrepancyKind",
    "EnterpriseJobs",
    "Evaluation",
    "FlexjobPath",
    "JobFigures",
    "Pace",
    "Period",
    "Progression",
    "Q1InUse",
    "Q2Plan",
    "Q3Ownership",
    "Q4Followup",
    "Q5Caseworker",
    "Q6Effects",
    "Q7Overview",
    "Q8Collaboration",
    "Reviews",
    "Step",
    "annual_report",
    "compare",
    "comparison",
    "compliance",
    "evaluate",
    "jobs",
    "percent",
    "price_per_progression",
    "reconcile",
    "reconcile_register",
    "round_half_up",
    "share",
    "trend",
    "trend_of",
    "trend_years",
]
