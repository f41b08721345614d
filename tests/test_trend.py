"""
The multi-year trend: the same register evaluated at each 30 June.
"""

from __future__ import annotations

import datetime as dt

import pytest
from engines import each_engine

import forloeb
from forloeb.errors import InvalidArgument
from forloeb.evaluation import evaluate, trend
from forloeb.model import Agreement, Pathway, Register

#: Every test here runs once per engine (tests/engines.py).
engine = each_engine("evaluate", "trend")


def test_each_year_is_evaluated_as_of_its_30_june() -> None:
    register = Register([
        Agreement("SA1", dt.date(2015, 1, 1), slots=2, plan_deadline_weeks=4, frame_weeks=52),
        Agreement("SA2", dt.date(2017, 1, 1), slots=2, plan_deadline_weeks=1, frame_weeks=13),
    ], [
        Pathway("P1", "SA1", "D-1", start_date=dt.date(2015, 3, 1), end_date=dt.date(2016, 3, 1),
                outcome="fleksjob"),
        Pathway("P2", "SA1", "D-2", start_date=dt.date(2016, 3, 1), end_date=dt.date(2017, 3, 1),
                outcome="jobsoegende"),
    ])
    years = trend(register, years=[2016, 2017])["years"]
    assert [("2016-06-30", "2015-06-30", ["SA1"]), ("2017-06-30", "2016-06-30", ["SA1", "SA2"])
            ] == [(y["as_of"], y["since"], [a["agreement_id"] for a in y["agreements"]])
                  for y in years]
    assert [(1, 1, 1.0), (2, 1, 0.5)] == [
        (a["completed"], a["progression"], a["progression_share"])
        for a in (years[0]["agreements"][0], years[1]["agreements"][0])
    ]


def test_the_trend_of_the_bundled_example_ends_with_the_2018_figures() -> None:
    register = forloeb.load_example()
    years = trend(register, years=range(2016, 2019))["years"]
    assert [2016, 2017, 2018] == [y["year"] for y in years]
    latest = {a["agreement_id"]: a for a in years[-1]["agreements"]}
    expected = evaluate(register, as_of=dt.date(2018, 6, 30))
    for result in expected.agreements:
        row = latest[result.agreement_id]
        assert (result.q1_in_use.active, result.q7_overview.completed,
                result.q7_overview.progression) == (row["active"], row["completed"],
                                                    row["progression"])
    assert (36, 22) == (latest["SA2"]["completed"], latest["SA2"]["progression"])


@pytest.mark.parametrize("year", ["2018", 1, 2018.0, True])
def test_a_year_that_is_not_a_whole_number_is_refused(year: object) -> None:
    with pytest.raises(InvalidArgument, match="years"):
        trend(Register([]), years=[year])  # type: ignore[list-item]
