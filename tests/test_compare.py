"""
The cross-agreement comparison: every agreement side by side.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from engines import each_engine

import forloeb
from forloeb.evaluation import compare
from forloeb.model import Agreement, Pathway, Register

D = dt.date(2018, 6, 30)


#: Every test here runs once per engine (tests/engines.py).
engine = each_engine('compare')

KEYS = {"agreement_id", "name", "provider", "slots", "extra_slots", "occupancy",
        "plan_compliance", "attendance_compliance", "progression_share", "stopped_share",
        "completed", "progression", "price_per_pathway", "price_per_progression"}


def _register(price: Decimal | None, outcomes: list[str]) -> Register:
    agreement = Agreement("SA1", dt.date(2014, 1, 1), slots=2, plan_deadline_weeks=4,
                          frame_weeks=52, price_per_pathway=price)
    pathways = [
        Pathway(f"P{i}", "SA1", f"D-{i}", start_date=dt.date(2016, 1, 1) + dt.timedelta(i * 40),
                end_date=dt.date(2016, 1, 20) + dt.timedelta(i * 40), outcome=outcome,
                plan_date=dt.date(2016, 1, 10) + dt.timedelta(i * 40))
        for i, outcome in enumerate(outcomes)
    ]
    return Register([agreement], pathways)


def test_price_per_progression_is_the_price_of_every_completed_pathway_per_progression() -> None:
    """4 completed at 10,000 DKK each, 1 progression: one progression cost 40,000 DKK."""
    register = _register(Decimal("10000"), ["fleksjob", "jobsoegende", "barsel", "faengsel"])
    (row,) = compare(register, as_of=D)["agreements"]
    assert (4, 1, 10000, 40000.0) == (row["completed"], row["progression"],
                                      row["price_per_pathway"], row["price_per_progression"])


@pytest.mark.parametrize(("price", "outcomes"), [
    (None, ["fleksjob"]),
    (Decimal("10000"), ["jobsoegende"]),
    (Decimal("10000"), []),
])
def test_price_per_progression_is_undefined_without_a_price_or_a_progression(
        price: Decimal | None, outcomes: list[str]) -> None:
    (row,) = compare(_register(price, outcomes), as_of=D)["agreements"]
    assert None is row["price_per_progression"]


def test_the_2018_comparison_puts_both_agreements_side_by_side() -> None:
    table = compare(forloeb.load_example(), as_of=D)
    json.dumps(table)
    assert ("2018-06-30", "2017-06-30") == (table["as_of"], table["since"])
    sa1, sa2 = table["agreements"]
    assert KEYS <= set(sa1)
    assert (("SA1", 8, 0, 0.4, 0.16), ("SA2", 8, 2, 22 / 36, 1 / 36)) == tuple(
        (r["agreement_id"], r["slots"], r["extra_slots"], r["progression_share"],
         r["stopped_share"]) for r in (sa1, sa2))
    assert 1.0 == sa1["plan_compliance"]  # 20 on time, none late or overdue
