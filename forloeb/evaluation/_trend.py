"""
The multi-year trend (domain.md section 7): the same register evaluated at
each past 30 June.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from forloeb.errors import InvalidArgument
from forloeb.evaluation._result import AgreementEvaluation, Evaluation, evaluate
from forloeb.evaluation._shares import to_number
from forloeb.model import Register


def trend(register: Register, *, years: Sequence[int]) -> dict[str, Any]:
    """
    The key figures of every agreement as of 30 June of each year, over the
    year before it, in the order the years are given.

    An agreement that had not started by a year's 30 June is not in that year.

    Raises:
        InvalidArgument: if a year is not a whole number from 1 to 9999.
    """
    return trend_of(lambda as_of: evaluate(register, as_of=as_of), years=years)


def trend_of(evaluate_at: Callable[[dt.date], Evaluation], *,
             years: Sequence[int]) -> dict[str, Any]:
    """
    The trend (see :func:`trend`) of whatever ``evaluate_at`` evaluates as
    of a date: the register, by one engine or the other.

    Raises:
        InvalidArgument: if a year is not a whole number from 1 to 9999.
    """
    years = list(years)
    for year in years:
        if not isinstance(year, int) or isinstance(year, bool) or not 1 < year <= 9999:
            raise InvalidArgument(f"years must be whole numbers from 2 to 9999, not {year!r}")
    rows = []
    for year in years:
        evaluation = evaluate_at(dt.date(year, 6, 30))
        rows.append({
            "year": year,
            "as_of": evaluation.as_of.isoformat(),
            "since": evaluation.since.isoformat(),
            "agreements": [_row(a) for a in evaluation.agreements],
        })
    return {"years": rows}


def _row(result: AgreementEvaluation) -> dict[str, Any]:
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
