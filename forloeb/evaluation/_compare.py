"""
The cross-agreement comparison (docs/summer-evaluation.md, steps 8 and 10): every agreement side by
side on effect, price and quality.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from forloeb import _arguments as check
from forloeb.evaluation._result import AgreementEvaluation, Evaluation, evaluate
from forloeb.evaluation._shares import to_number
from forloeb.model import Register
from forloeb.typing import ComparisonDict, ComparisonRowDict


def compare(register: Register, *, as_of: dt.date,
            since: dt.date | None = None) -> ComparisonDict:
    """
    One row per agreement with the figures that compare agreements.

    ``price_per_progression`` is what one progression cost: the price of every
    completed pathway over the progressions among them, ``price_per_pathway ×
    completed / progression`` (cumulative to ``as_of``, as question 7). It is
    ``None`` without a price or without a progression.
    """
    return comparison(evaluate(register, as_of=as_of, since=since))


def comparison(evaluation: Evaluation) -> ComparisonDict:
    """
    The comparison table of an evaluation already computed (see :func:`compare`).

    Raises:
        InvalidArgument: if ``evaluation`` is no :class:`Evaluation`.
    """
    check.check_instance("evaluation", evaluation, Evaluation)
    return {
        "as_of": evaluation.as_of.isoformat(),
        "since": evaluation.since.isoformat(),
        "agreements": [_row(a) for a in evaluation.agreements],
    }


def price_per_progression(result: AgreementEvaluation) -> Fraction | None:
    """
    ``price_per_pathway × completed / progression``, or ``None`` where undefined.

    Raises:
        InvalidArgument: if ``result`` is no :class:`AgreementEvaluation`.
    """
    check.check_instance("result", result, AgreementEvaluation)
    return _price_per_progression(result)


def _price_per_progression(result: AgreementEvaluation) -> Fraction | None:
    q7 = result.q7_overview
    if result.price_per_pathway is None or q7.progression == 0:
        return None
    return Fraction(result.price_per_pathway) * q7.completed / q7.progression


def _row(result: AgreementEvaluation) -> ComparisonRowDict:
    summary = result.summary
    q1, q7 = result.q1_in_use, result.q7_overview
    return {
        "agreement_id": result.agreement_id,
        "name": result.name,
        "provider": result.provider,
        "slots": q1.slots,
        "extra_slots": q1.extra_slots,
        "occupancy": to_number(summary["occupancy"]),
        "plan_compliance": to_number(summary["plan_compliance"]),
        "attendance_compliance": to_number(summary["attendance_compliance"]),
        "progression_share": to_number(summary["progression_share"]),
        "stopped_share": to_number(summary["stopped_share"]),
        "completed": q7.completed,
        "progression": q7.progression,
        "stopped": q7.stopped,
        "price_per_pathway": to_number(result.price_per_pathway),
        "price_per_progression": to_number(_price_per_progression(result)),
    }
