"""
The two engines, for the tests that hold them to one contract (style.md,
"Two implementations, one contract").

A test module that checks register-wide results runs every one of its tests
once per engine: ``engine = each_engine("evaluate")`` at module level binds
the module's ``evaluate`` to the reference's and then to the columnar
engine's, as CPython's ``test_datetime`` runs one suite against ``_pydatetime``
and ``_datetime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pytest

from forloeb import columnar, evaluation, sla
from forloeb.codes import FIRST_DATE
from forloeb.errors import InvalidArgument
from forloeb.model import Agreement, Event, Pathway, Register
from forloeb.sla import Finding, Rule


def _columnar_check_pathway(pathway: Pathway, agreement: Agreement, events: Iterable[Event],
                            *, as_of: dt.date) -> list[Finding]:
    """
    One pathway's deadlines from the columnar engine: the register of that
    pathway alone, checked whole. The agreement's start is moved to the
    first date a register holds, since a pathway's own deadlines never
    depend on it and ``check_deadlines`` leaves out an agreement not yet started.
    """
    if pathway.agreement_id != agreement.agreement_id:
        raise InvalidArgument(
            f"pathway {pathway.pathway_id} belongs to agreement {pathway.agreement_id}, "
            f"not to agreement {agreement.agreement_id}")
    register = Register([attrs.evolve(agreement, start_date=FIRST_DATE)], [pathway],
                        list(events))
    return [f for f in columnar.check_deadlines(register, as_of=as_of)
            if f.rule is not Rule.CAPACITY]


@attrs.frozen
class Engine:
    """
    One engine's register-wide functions, under the reference's names.
    """

    name: str
    check_deadlines: Callable[..., list[Finding]]
    check_pathway: Callable[..., list[Finding]]
    evaluate: Callable[..., evaluation.Evaluation]
    compare: Callable[..., dict[str, Any]]
    trend: Callable[..., dict[str, Any]]

    def __str__(self) -> str:
        return self.name


REFERENCE = Engine("reference", sla.check_deadlines, sla.check_pathway, evaluation.evaluate,
                   evaluation.compare, evaluation.trend)
COLUMNAR = Engine("columnar", columnar.check_deadlines, _columnar_check_pathway,
                  columnar.evaluate, columnar.compare, columnar.trend)

#: Both engines, the reference first.
ENGINES = (REFERENCE, COLUMNAR)


def each_engine(*names: str) -> Any:
    """
    An autouse fixture that runs each test of the module once per engine,
    with the module's ``names`` bound to that engine's functions.
    """
    @pytest.fixture(autouse=True, params=ENGINES, ids=str)
    def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Engine:
        chosen: Engine = request.param
        for name in names:
            monkeypatch.setattr(request.module, name, getattr(chosen, name))
        return chosen

    return engine
