"""
The mistakes a new integrator makes, each caught by ``mypy --strict`` before
the code runs: ``tests/test_typing.py`` checks that mypy reports exactly the
error the ``# E:`` comment on its line names (code, then words of
the message), and nothing else.
(Never run: it is wrong on purpose.)

Two mistakes no type checker can see are refused when the code runs, with
``InvalidArgument``: one id where a sequence of ids is asked for
(``agreements="SA1"``: a str is a sequence of str), and a datetime where a
date is asked for (a datetime is a date to a type checker).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import forloeb
from forloeb import Event, EventType, Register, Store

SUMMER = dt.date(2018, 6, 30)


def load_wrongly() -> Register:
    forloeb.load("register/", asof=SUMMER)  # E: call-arg: Unexpected keyword argument "asof"
    forloeb.load(42)  # E: arg-type: "int"
    forloeb.load(Path("register"), as_of="2018-06-30")  # E: arg-type: "str"
    return forloeb.load_example("examples/slagelse-2018")  # E: call-arg: Too many arguments


def evaluate_wrongly(register: Register) -> None:
    forloeb.evaluate(register, as_of="2018-06-30")  # E: arg-type: "str"
    forloeb.evaluate(register, SUMMER)  # E: call-arg: Too many positional arguments
    forloeb.trend(register, years=2018)  # E: arg-type: "int"
    forloeb.compare(register, as_of=SUMMER, since="2017-06-30")  # E: arg-type: "str"


def read_results_wrongly(register: Register) -> None:
    evaluation = forloeb.evaluate(register, as_of=SUMMER)
    overview = evaluation.agreement("SA1").q7_overview
    print(overview.progresion)  # E: attr-defined: "progresion"
    count: int = overview.progression_share  # E: assignment: "Fraction | None"
    document = evaluation.to_dict()
    print(document["agreements"][0]["q7_overview"]["progresion"])  # E: typeddict-item: "progresion"
    share: int = document["agreements"][0]["summary"]["occupancy"]  # E: assignment: "float | None"
    print(count, share)


def check_deadlines_wrongly(register: Register) -> None:
    forloeb.check_deadlines(register, as_of=SUMMER, due_within="14")  # E: arg-type: "str"
    forloeb.next_due(register, 27, as_of=SUMMER)  # E: arg-type: "int"
    upcoming = forloeb.next_due(register, "SA1-P27", as_of=SUMMER)
    print(upcoming.due)  # E: union-attr: "None"


def record_wrongly(store: Store, register: Register) -> None:
    store.start("P1", dt.date(2018, 1, 8), actor="x")  # E: call-arg: Too many positional arguments
    store.refer("P1", "SA1", "D-001", day=SUMMER, actor="x")  # E: call-arg: Too many positional
    store.correct_pathway("P1", strat_date=SUMMER, actor="x")  # E: call-arg: "strat_date"
    store.correct_pathway("P1", start_date="2018-01-08", actor="x")  # E: arg-type: "str"
    store.correct_event(7, type="followup", actor="x")  # E: arg-type: "str"
    store.record_event(Event("P1", "2018-02-01", EventType.FOLLOWUP))  # E: arg-type: "str" # E: call-arg: "actor"
    pathway = register.pathway("P1")
    agreement = register.agreement("SA1")
    pairs = store.events_with_ids("P1")
    forloeb.check_pathway(pathway, agreement, pairs, as_of=SUMMER)  # E: arg-type: "list[tuple[int, Event]]"


def write_wrongly(register: Register) -> None:
    forloeb.write_csv(register, 42)  # E: arg-type: "int"
    forloeb.write_json("register.json", register)  # E: arg-type: "str" # E: arg-type: "Register"
    Register.build(["SA1"])  # E: list-item: "str"
