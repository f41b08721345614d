"""
A municipal tool using forloeb as the documentation teaches it.

``tests/test_typing.py`` checks this file with ``mypy --strict`` (no error
allowed, and no expression of type ``Any``: every call of the documented API
has a precise type), then runs :func:`main`, so it also works.
"""

# mypy: disallow-any-expr

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis.strategies import SearchStrategy

import forloeb
from forloeb import Agreement, Event, EventType, Register, Status, Store
from forloeb.sla import Finding, select_worklist
from forloeb.testing import registers
from forloeb.typing import EvaluationDict, FindingDict, Q7OverviewDict

SUMMER = dt.date(2018, 6, 30)


def evaluate_the_example() -> int:
    """
    The attribute API, and the same figure in the typed JSON document.
    """
    register: Register = forloeb.load(forloeb.EXAMPLE_REGISTER)
    evaluation = forloeb.evaluate(register, as_of=SUMMER, agreements=["SA1"])
    q7 = evaluation.agreement("SA1").q7_overview
    progression: int = q7.progression
    share: Fraction | None = q7.progression_share
    assert share == Fraction(10, 25)
    document: EvaluationDict = evaluation.to_dict()
    overview: Q7OverviewDict = document["agreements"][0]["q7_overview"]
    assert overview["progression"] == progression
    compliance: float | None = document["agreements"][0]["summary"]["plan_compliance"]
    assert compliance is not None
    assert [] == forloeb.reconcile(document, document)
    return progression


def compare_and_trend(register: Register) -> None:
    """
    The documents of ``compare`` and ``trend``.
    """
    comparison = forloeb.compare(register, as_of=SUMMER)
    price: float | None = comparison["agreements"][0]["price_per_progression"]
    assert price is not None
    years = forloeb.trend(register, years=[2017, 2018])
    assert [2017, 2018] == [year["year"] for year in years["years"]]


def read_deadlines(register: Register) -> list[str | None]:
    """
    The work list, the next deadline of one pathway, and a finding as JSON.
    """
    findings: list[Finding] = forloeb.check_deadlines(register, as_of=SUMMER, due_within=14)
    missed = [f.pathway_id for f in findings if f.status is Status.MISSED]
    row: FindingDict = findings[0].to_dict()
    assert row["agreement_id"] == "SA1"
    upcoming = forloeb.next_due(register, "SA1-P27", as_of=SUMMER)
    assert upcoming is not None
    due: dt.date = upcoming.due
    assert due == dt.date(2018, 7, 4)
    listed = select_worklist(findings, as_of=SUMMER, statuses={Status.OVERDUE})
    assert all(f.status is Status.OVERDUE for f in listed)
    pathway = register.pathway("SA1-P27")
    agreement = register.agreement(pathway.agreement_id)
    own = forloeb.check_pathway(pathway, agreement, register.events_of("SA1-P27"),
                                as_of=SUMMER)
    assert own
    return missed


def record_in_a_store(folder: Path) -> None:
    """
    The recording API of the store: ids positional, the rest keyword-only.
    """
    sa1 = Agreement("SA1", dt.date(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                    frame_weeks=52, name="Samarbejdsaftale 1")
    with Store.open(folder / "store.sqlite", create=True) as store:
        store.add_agreement(sa1, actor="jobcenter")
        store.refer("P1", agreement_id="SA1", participant_id="D-001",
                    day=dt.date(2018, 1, 2), actor="jobcenter")
        store.start("P1", day=dt.date(2018, 1, 8), actor="VeteranHaven")
        meeting: int = store.record_event(Event("P1", dt.date(2018, 2, 20), EventType.FOLLOWUP),
                                          actor="VeteranHaven")
        store.correct_event(meeting, date=dt.date(2018, 2, 21), actor="VeteranHaven")
        store.correct_pathway("P1", plan_own_goals=False, actor="jobcenter")
        events: list[Event] = store.events_of("P1")
        assert [dt.date(2018, 2, 21)] == [e.date for e in events]
        assert meeting == store.events_with_ids("P1")[0][0]
        upcoming = store.next_due("P1", as_of=dt.date(2018, 3, 6))
        assert upcoming is not None
        register = store.load(as_of=dt.date(2018, 6, 30))
    assert [] == forloeb.validate(register)
    forloeb.write_csv(register, folder / "csv", delimiter=";", encoding="utf-8-sig")
    forloeb.write_json(register, folder / "register.json")
    assert forloeb.load(folder / "register.json") == forloeb.load(folder / "csv")


def strategies_for_my_tests() -> SearchStrategy[Register]:
    """
    forloeb's Hypothesis strategies, for another tool's property tests.
    """
    return registers(max_pathways=5)


def main() -> None:
    """
    Everything above, on the bundled example and in a temporary store.
    """
    assert 10 == evaluate_the_example()
    register = forloeb.load_example()
    compare_and_trend(register)
    assert ["SA1-P16", "SA2-P39"] == read_deadlines(register)
    with tempfile.TemporaryDirectory() as folder:
        record_in_a_store(Path(folder))
    assert strategies_for_my_tests() is not None


if __name__ == "__main__":
    main()
