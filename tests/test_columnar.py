"""
The columnar engine answers what the object engine answers: every finding
and every figure of ``to_dict()``, on generated registers (with their
dates pushed to month ends, where the calendar bites), on a synthetic
register of a few thousand pathways and on the bundled example.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb import columnar
from forloeb.columnar import Columns
from forloeb.evaluation import compare, evaluate, trend
from forloeb.model import Register
from forloeb.rules import validate
from forloeb.sla import Status, check_deadlines
from forloeb.synthetic import generate
from forloeb.testing import FIRST_DAY, LAST_DAY, TYPICAL_AS_OF, registers


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@st.composite
def edge_registers(draw: st.DrawFn) -> Register:
    """
    Valid registers some of whose pathways start on the last day of a month
    (31 August, 29 February, ...), where sheet dates are clamped: each start
    is moved there only if the register stays valid.
    """
    register = draw(registers(max_pathways=12, max_events_per_pathway=6))
    pathways = list(register.pathways)
    for i, p in enumerate(pathways):
        if p.start_date is None or not draw(st.booleans()):
            continue
        moved = attrs.evolve(p, start_date=_month_end(p.start_date))
        candidate = attrs.evolve(register, pathways=[*pathways[:i], moved, *pathways[i + 1:]])
        if not validate(candidate):
            pathways[i] = moved
    # The employments stay: the differential tests cover their flexjob reviews.
    return attrs.evolve(register, pathways=pathways)


_DAYS = st.one_of(
    st.sampled_from([TYPICAL_AS_OF, dt.date(2016, 2, 29), dt.date(2020, 2, 29),
                     dt.date(2018, 2, 28), dt.date(2017, 12, 31)]),
    st.dates(min_value=FIRST_DAY + dt.timedelta(days=400), max_value=LAST_DAY))


def _same_findings(columns: Columns, register: Register, as_of: dt.date,
                   due_within: int | None) -> None:
    expected = check_deadlines(register, as_of=as_of, due_within=due_within)
    assert expected == list(columns.findings(as_of=as_of, due_within=due_within))


def _same_evaluation(columns: Columns, register: Register, as_of: dt.date,
                     since: dt.date | None) -> None:
    expected = evaluate(register, as_of=as_of, since=since).to_dict()
    # The JSON text too: the order of every breakdown is part of the output.
    assert json.dumps(expected) == json.dumps(columns.evaluate(as_of=as_of,
                                                               since=since).to_dict())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_registers(), _DAYS, st.sampled_from([None, 0, 1, 14, 61]),
       st.integers(1, 500))
def test_both_engines_give_every_finding_and_figure_alike(
        register: Register, as_of: dt.date, due_within: int | None, days: int) -> None:
    since = as_of - dt.timedelta(days=days)
    with Columns.of(register) as columns:
        _same_findings(columns, register, as_of, due_within)
        _same_evaluation(columns, register, as_of, None)
        _same_evaluation(columns, register, as_of, since)


@settings(max_examples=10, deadline=None)
@given(registers(max_pathways=8), st.lists(st.integers(2015, 2020), min_size=1, max_size=3))
def test_both_engines_give_the_same_trend_and_comparison(register: Register,
                                                         years: list[int]) -> None:
    with Columns.of(register) as columns:
        assert trend(register, years=years) == columns.trend(years=years)
        assert (compare(register, as_of=TYPICAL_AS_OF)
                == columns.compare(as_of=TYPICAL_AS_OF))


@pytest.fixture(scope="module")
def synthetic() -> Register:
    return generate(pathways=3000, seed=5)


@pytest.mark.parametrize("as_of", [dt.date(2019, 6, 30), dt.date(2024, 2, 29)])
def test_every_finding_and_figure_of_a_synthetic_register_is_the_same(
        synthetic: Register, as_of: dt.date) -> None:
    with Columns.of(synthetic) as columns:
        _same_findings(columns, synthetic, as_of, 14)
        _same_evaluation(columns, synthetic, as_of, None)


def test_the_synthetic_register_holds_every_status_but_not_due(synthetic: Register) -> None:
    """
    The comparison above is worth something only if the statuses are in it;
    the generator plans every pathway that ends before its plan deadline, so
    ``not_due`` is left to the generated registers.
    """
    findings = check_deadlines(synthetic, as_of=dt.date(2019, 6, 30), due_within=14)
    assert set(Status) - {Status.NOT_DUE} == {f.status for f in findings}


def test_the_bundled_example_is_the_same_in_both_engines() -> None:
    register = forloeb.load_example()
    day = forloeb.EXAMPLE_AS_OF
    assert check_deadlines(register, as_of=day, due_within=14) == columnar.check_deadlines(
        register, as_of=day, due_within=14)
    assert evaluate(register, as_of=day) == columnar.evaluate(register, as_of=day)


def test_the_columnar_functions_check_their_arguments() -> None:
    register = forloeb.load_example()
    with pytest.raises(forloeb.InvalidArgument, match="as_of"):
        columnar.evaluate(register, as_of="2018-06-30")  # type: ignore[arg-type]
    with pytest.raises(forloeb.InvalidArgument, match="register"):
        columnar.check_deadlines("register/", as_of=dt.date(2018, 6, 30))  # type: ignore[arg-type]
    with pytest.raises(forloeb.InvalidArgument, match="agreements"):
        columnar.evaluate(register, as_of=dt.date(2018, 6, 30), agreements="SA1")  # type: ignore[arg-type]
    with pytest.raises(forloeb.UnknownIdError, match="'SA9'"):
        columnar.evaluate(register, as_of=dt.date(2018, 6, 30), agreements=["SA9"])
