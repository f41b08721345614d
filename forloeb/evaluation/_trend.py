"""
The multi-year trend (docs/summer-evaluation.md, steps 8 and 10): the same register evaluated at
each past 30 June.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from forloeb import _arguments as check
from forloeb.evaluation._result import AgreementEvaluation, Evaluation, evaluate
from forloeb.evaluation._shares import to_number
from forloeb.model import Register
from forloeb.typing import TrendDict, TrendRowDict, TrendYearDict


def trend(register: Register, *, years: Sequence[int]) -> TrendDict:
    """
    The key figures of every agreement as of 30 June of each year, over the
    year before it, in the order the years are given.

    An agreement that had not started by a year's 30 June is not in that year.

    Raises:
        InvalidArgument: if ``register`` is not a register, or ``years`` is
            not a sequence of years from 1990 to 2100 (the years of the
            dates a register may hold).
    """
    check.check_instance("register", register, Register)
    check.check_years("years", years)
    return trend_of([evaluate(register, as_of=dt.date(year, 6, 30)) for year in years])


def trend_of(evaluations: Sequence[Evaluation]) -> TrendDict:
    """
    The trend of evaluations already computed, one per year (see
    :func:`trend`), each year named by its evaluation date.

    Raises:
        InvalidArgument: if ``evaluations`` is not a sequence of :class:`Evaluation`.
    """
    evaluations = check.checked_sequence("evaluations", evaluations, Evaluation)
    rows: list[TrendYearDict] = [{
        "year": evaluation.as_of.year,
        "as_of": evaluation.as_of.isoformat(),
        "since": evaluation.since.isoformat(),
        "agreements": [_row(a) for a in evaluation.agreements],
    } for evaluation in evaluations]
    return {"years": rows}


def _row(result: AgreementEvaluation) -> TrendRowDict:
    summary = result.summary
    return {
        "agreement_id": result.agreement_id,
        "name": result.name,
        "active": result.q1_in_use.active,
        "completed": result.q7_overview.completed,
        "progression": result.q7_overview.progression,
        "progression_share": to_number(summary["progression_share"]),
        "stopped": result.q7_overview.stopped,
        "stopped_share": to_number(summary["stopped_share"]),
        "occupancy": to_number(summary["occupancy"]),
        "plan_compliance": to_number(summary["plan_compliance"]),
        "attendance_compliance": to_number(summary["attendance_compliance"]),
    }
