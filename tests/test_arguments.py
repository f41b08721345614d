"""
Every public function checks its arguments at the boundary: a wrong kind of
value in any argument raises ``InvalidArgument`` naming the argument, what
it must be and what was given, before any work is done.

The wrong values are generated from each function's own type hints, so a
parameter added without a check fails here; values of the right type but
outside the dates a register may hold are wrong too. The functions are those
of the facade, of ``forloeb.sla`` and ``forloeb.evaluation``, the strategies
of ``forloeb.testing`` (refused when called, before anything is drawn), and
the recording methods of the store.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import inspect
import math
import os
import tempfile
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
import forloeb.evaluation as evaluation
import forloeb.sla as sla
import forloeb.testing as testing
import forloeb.testing.broken as broken
from forloeb import (
    Agreement,
    CollaborationNote,
    Event,
    EventType,
    InvalidArgument,
    Pathway,
    Register,
    State,
    Status,
    Store,
)
from forloeb.codes import FIRST_DATE, LAST_DATE
from forloeb.sla import select_worklist

D = dt.date
AS_OF = D(2018, 6, 30)
SA1 = Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4, frame_weeks=52)
P1 = Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2), start_date=D(2018, 1, 8))
MEETING = Event("P1", D(2018, 2, 1), EventType.FOLLOWUP, code="held")
HIRE = forloeb.Employment("E1", "D-1", "Værkstedet", "fleksjob", D(2018, 3, 1), Decimal("12"),
                          intensity=50)
RAISE = forloeb.EmploymentEvent("E1", D(2018, 5, 1), forloeb.EmploymentEventType.CHANGE,
                                hours_per_week=Decimal("15"))
REGISTER = Register([SA1], [P1], [MEETING], employments=[HIRE], employment_events=[RAISE])
EVALUATION = forloeb.evaluate(REGISTER, as_of=AS_OF)
DOCUMENT = EVALUATION.to_dict()
FINDING = forloeb.check_deadlines(REGISTER, as_of=AS_OF)[0]
NOTE = CollaborationNote("SA1", D(2018, 3, 1), rating=4)
_FOLDER = Path(tempfile.mkdtemp(prefix="forloeb-arguments-"))

#: Each public function, and a valid value for every one of its parameters.
API: dict[str, tuple[Callable[..., object], dict[str, object]]] = {
    "evaluate": (forloeb.evaluate, {"register": REGISTER, "as_of": AS_OF,
                                    "since": D(2017, 6, 30), "agreements": ["SA1"]}),
    "compare": (forloeb.compare, {"register": REGISTER, "as_of": AS_OF,
                                  "since": D(2017, 6, 30)}),
    "trend": (forloeb.trend, {"register": REGISTER, "years": [2018]}),
    "reconcile": (forloeb.reconcile, {"published": DOCUMENT, "computed": DOCUMENT}),
    "check_deadlines": (forloeb.check_deadlines, {"register": REGISTER, "as_of": AS_OF,
                                                  "due_within": 14, "agreements": ["SA1"]}),
    "check_pathway": (forloeb.check_pathway, {"pathway": P1, "agreement": SA1,
                                              "events": [MEETING], "as_of": AS_OF}),
    "next_due": (forloeb.next_due, {"register": REGISTER, "pathway_id": "P1", "as_of": AS_OF}),
    "load": (forloeb.load, {"path": forloeb.EXAMPLE_REGISTER, "as_of": AS_OF,
                            "known_at": None}),
    "validate": (forloeb.validate, {"register": REGISTER}),
    "write_csv": (forloeb.write_csv, {"register": REGISTER, "folder": _FOLDER / "csv",
                                      "delimiter": ";", "encoding": "utf-8",
                                      "excel": False}),
    "write_json": (forloeb.write_json, {"register": REGISTER, "path": _FOLDER / "r.json"}),
    "write_xlsx": (forloeb.write_xlsx, {"register": REGISTER, "path": _FOLDER / "r.xlsx"}),
    "jobs": (forloeb.jobs, {"register": REGISTER, "as_of": AS_OF, "year": 2018, "goal": 30}),
    "annual_report": (forloeb.annual_report, {"register": REGISTER, "year": 2018,
                                              "mid_year": True, "goal": 30, "published": None}),
    "next_due_for_employment": (forloeb.next_due_for_employment, {
        "register": REGISTER, "employment_id": "E1", "as_of": AS_OF}),
    "Register.build": (Register.build, {"agreements": [SA1], "pathways": [P1],
                                        "events": [MEETING], "collaboration": [],
                                        "employments": [HIRE], "employment_events": [RAISE]}),
    "Register.as_of": (REGISTER.as_of, {"day": AS_OF}),
    "Evaluation.agreement": (EVALUATION.agreement, {"agreement_id": "SA1"}),
    "select_worklist": (select_worklist, {"findings": [], "as_of": AS_OF, "due_within": 14,
                                          "statuses": {Status.OVERDUE}, "everything": False}),
    # forloeb.sla (check_deadlines and the others of the facade are above)
    "sla.capacity_use": (sla.capacity_use, {"agreement": SA1, "pathways": [P1], "as_of": AS_OF,
                                            "since": D(2018, 1, 1)}),
    "sla.compliance": (sla.compliance, {"findings": [FINDING]}),
    "sla.describe": (sla.describe, {"text": "sheet 3 of 6", "lang": "en"}),
    "sla.employment_deadlines": (sla.employment_deadlines, {"employment": HIRE,
                                                            "events": [RAISE], "as_of": AS_OF}),
    "sla.employment_findings": (sla.employment_findings, {"register": REGISTER,
                                                          "employment": HIRE, "as_of": AS_OF}),
    "sla.group_of": (sla.group_of, {"finding": FINDING}),
    "sla.pathway_deadlines": (sla.pathway_deadlines, {"pathway": P1, "agreement": SA1,
                                                      "events": [MEETING], "as_of": AS_OF,
                                                      "until": D(2018, 7, 14)}),
    "sla.review_due": (sla.review_due, {"start": D(2016, 9, 8)}),
    "sla.urgency": (sla.urgency, {"finding": FINDING}),
    # forloeb.evaluation (evaluate and the others of the facade are above)
    "evaluation.comparison": (evaluation.comparison, {"evaluation": EVALUATION}),
    "evaluation.compliance": (evaluation.compliance, {"counts": {"met": 19, "late": 1}}),
    "evaluation.percent": (evaluation.percent, {"fraction": Fraction(1, 8)}),
    "evaluation.price_per_progression": (evaluation.price_per_progression, {
        "result": EVALUATION.agreements[0]}),
    "evaluation.reconcile_register": (evaluation.reconcile_register, {
        "register": REGISTER, "published": DOCUMENT, "as_of": AS_OF}),
    "evaluation.round_half_up": (evaluation.round_half_up, {"value": Fraction(25, 6),
                                                            "decimals": 1}),
    "evaluation.share": (evaluation.share, {"numerator": 10, "denominator": 25}),
    "evaluation.trend_of": (evaluation.trend_of, {"evaluations": [EVALUATION]}),
    "evaluation.trend_years": (evaluation.trend_years, {"register": REGISTER, "year": 2018}),
    # forloeb.testing: a strategy checks its arguments when it is called, so a
    # wrong one fails at once, before anything is drawn (nothing is drawn here).
    "testing.agreements": (testing.agreements, {"agreement_id": "SA9", "min_start": D(2015, 1, 1),
                                                "max_start": D(2017, 12, 31), "max_slots": 1}),
    "testing.pathways": (testing.pathways, {"agreement": SA1, "pathway_id": "P9",
                                            "participant_id": "D-9", "as_of": AS_OF,
                                            "states": [State.ACTIVE, "ended"]}),
    "testing.events": (testing.events, {"pathway": P1, "agreement": SA1}),
    "testing.collaboration_notes": (testing.collaboration_notes, {"agreement": SA1}),
    "testing.employments": (testing.employments, {"pathway": P1, "employment_id": "E9",
                                                  "participant_id": "D-1"}),
    "testing.employment_events": (testing.employment_events, {"employment": HIRE}),
    "testing.registers": (testing.registers, {
        "min_agreements": 1, "max_agreements": 1, "max_pathways": 0, "max_events_per_pathway": 0,
        "max_notes_per_agreement": 0, "max_employments": 0, "max_events_per_employment": 0,
        "as_of": AS_OF}),
    "testing.identifiers": (testing.identifiers, {"prefix": "SA"}),
    "testing.labels": (testing.labels, {"max_size": 0}),
    "testing.notes": (testing.notes, {"max_size": 60}),
    "testing.participant_ids": (testing.participant_ids, {}),
    "testing.cpr_like_numbers": (testing.cpr_like_numbers, {}),
    "testing.broken.broken_registers": (broken.broken_registers, {"kinds": ["over_capacity"],
                                                                  "max_pathways": 0}),
}

#: Arguments whose items are not looked at (there may be millions): only the container.
SHALLOW = {("select_worklist", "findings"), ("sla.compliance", "findings")}

#: Arguments that are no dates to work from, so any date is right (a filter).
ANY_DATE = {("Register.as_of", "day")}


def test_every_public_function_of_the_facade_is_under_test() -> None:
    functions = {name for name in forloeb.__all__
                 if inspect.isfunction(getattr(forloeb, name)) and name != "load_example"}
    assert functions <= set(API)
    assert [] == list(inspect.signature(forloeb.load_example).parameters)


@pytest.mark.parametrize("module", [sla, evaluation, testing, broken], ids=lambda m: m.__name__)
def test_every_public_function_of_sla_evaluation_and_testing_is_under_test(
        module: types.ModuleType) -> None:
    tested = [function for function, _ in API.values()]
    public = [name for name in module.__all__ if inspect.isfunction(getattr(module, name))]
    assert [] == [name for name in public
                  if not any(getattr(module, name) is function for function in tested)]


def test_every_parameter_has_a_valid_value_that_is_accepted() -> None:
    for name, (function, valid) in API.items():
        assert set(inspect.signature(function).parameters) == set(valid), name
        for parameter, value in valid.items():
            assert _conforms(value, _hints(function)[parameter], strict_dates=True), (
                name, parameter)
    for function, valid in API.values():
        function(**valid)  # nothing raised


@pytest.mark.parametrize("name", [name for name in API if name.startswith("testing.")])
def test_the_defaults_of_a_strategy_are_valid(name: str) -> None:
    function, valid = API[name]
    parameters = inspect.signature(function).parameters.values()
    for parameter in parameters:
        if parameter.default is not parameter.empty:
            assert _conforms(parameter.default, _hints(function)[parameter.name],
                             strict_dates=True), (name, parameter.name)
    required = {p.name: valid[p.name] for p in parameters if p.default is p.empty}
    assert isinstance(function(**required), st.SearchStrategy)


def _hints(function: Callable[..., object]) -> dict[str, object]:
    target = getattr(function, "__func__", function)
    return typing.get_type_hints(target)


_ITERABLES = (collections.abc.Iterable, collections.abc.Sequence, collections.abc.Collection)


def _conforms(value: object, hint: object, *, strict_dates: bool,
              shallow: bool = False) -> bool:
    """
    Whether ``value`` is what ``hint`` asks for, as forloeb means it: a date is
    no datetime and lies in the dates a register may hold, a whole number is
    no bool, and one str is not a sequence of str.
    """
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return any(_conforms(value, h, strict_dates=strict_dates, shallow=shallow)
                   for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is dt.datetime:
        return isinstance(value, dt.datetime) and FIRST_DATE <= value.date() <= LAST_DATE
    if hint is dt.date:
        return (isinstance(value, dt.date) and not isinstance(value, dt.datetime)
                and (not strict_dates or FIRST_DATE <= value <= LAST_DATE))
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        # A float is finite, and an int will do (as type checkers take it).
        return (isinstance(value, float) and math.isfinite(value)) or _conforms(
            value, int, strict_dates=strict_dates)
    if hint in (bool, str):
        return isinstance(value, hint)  # type: ignore[arg-type]
    if origin is os.PathLike:
        return isinstance(value, os.PathLike)
    if origin in _ITERABLES:
        (item,) = typing.get_args(hint)
        return (isinstance(value, origin) and not isinstance(value, str | bytes)
                and (shallow or all(_conforms(v, item, strict_dates=strict_dates)
                                    for v in value)))  # type: ignore[attr-defined]
    if origin is collections.abc.Mapping:
        return isinstance(value, Mapping)
    if inspect.isclass(hint):
        return isinstance(value, hint)
    raise NotImplementedError(f"no rule for the type hint {hint!r}: add one here")


def _cases() -> Iterator[tuple[str, str]]:
    for name, (function, _valid) in API.items():
        for parameter in inspect.signature(function).parameters:
            yield name, parameter


#: Values of every kind a caller might pass by mistake, the domain's own included.
_ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(allow_nan=False),
    st.text(max_size=12), st.binary(max_size=4), st.dates(), st.datetimes(),
    st.dates(max_value=FIRST_DATE - dt.timedelta(days=1)),
    st.dates(min_value=LAST_DATE + dt.timedelta(days=1)),
    st.lists(st.integers() | st.text(max_size=4) | st.dates(), max_size=3),
    st.tuples(st.text(max_size=3)), st.sets(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from([REGISTER, SA1, P1, MEETING, EVALUATION, Status.MET, EventType.FOLLOWUP,
                     Decimal("1.5"), object(), [SA1, "SA2"], (MEETING, 7), [None]]),
)


@pytest.mark.parametrize(("name", "parameter"), list(_cases()))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_wrong_argument_is_refused_naming_it(name: str, parameter: str,
                                               data: st.DataObject) -> None:
    function, valid = API[name]
    hint = _hints(function)[parameter]
    wrong = data.draw(_ANYTHING.filter(lambda value: not _conforms(
        value, hint, strict_dates=(name, parameter) not in ANY_DATE,
        shallow=(name, parameter) in SHALLOW)), label=parameter)
    with pytest.raises(InvalidArgument) as refused:
        function(**{**valid, parameter: wrong})
    message = str(refused.value)
    assert message.startswith((f"{parameter} must be ", f"{parameter}[")), message
    assert " must be " in message
    assert ", not " in message


# -- the store's recording methods ------------------------------------------------------

#: Each recording method of the store, and a valid value for every one of its
#: parameters (a correction's ``**changes`` are checked as the fields of the
#: record, see test_register_build_names_the_first_field_of_the_wrong_kind).
#: These are not called with all of them valid, which would record something;
#: with one wrong, nothing may be written, and the sentence is the same.
_WHO: dict[str, object] = {"actor": "anna", "recorded_at": dt.datetime(2018, 7, 1, 12)}
STORE_API: dict[str, dict[str, object]] = {
    "open": {"path": _FOLDER / "store.sqlite", "create": False, "read_only": False,
             "timeout": 30.0},
    "import_into": {"path": _FOLDER / "store.sqlite", "register": REGISTER, "replace": False,
                    "timeout": 30.0, **_WHO},
    "import_register": {"register": REGISTER, "replace": False, **_WHO},
    "add_agreement": {"agreement": Agreement("SA9", D(2018, 1, 1), slots=2,
                                             plan_deadline_weeks=4, frame_weeks=52), **_WHO},
    "refer": {"pathway_id": "P9", "agreement_id": "SA1", "participant_id": "D-9",
              "day": AS_OF, "target_group": None, **_WHO},
    "start": {"pathway_id": "P1", "day": AS_OF, **_WHO},
    "end": {"pathway_id": "P1", "day": AS_OF, "outcome": "fleksjob", **_WHO},
    "cancel": {"pathway_id": "P1", "day": AS_OF, **_WHO},
    "record_event": {"event": MEETING, **_WHO},
    "extend": {"pathway_id": "P1", "day": AS_OF, "weeks": 4, **_WHO},
    "record_plan": {"pathway_id": "P1", "day": AS_OF, "co_created": True, "own_goals": None,
                    **_WHO},
    "add_note": {"note": NOTE, **_WHO},
    "hire": {"employment": HIRE, **_WHO},
    "record_employment_event": {"event": RAISE, **_WHO},
    "end_employment": {"employment_id": "E1", "day": AS_OF, **_WHO},
    "correct_pathway": {"pathway_id": "P1", **_WHO},
    "retract_pathway": {"pathway_id": "P1", **_WHO},
    "correct_agreement": {"agreement_id": "SA1", **_WHO},
    "correct_event": {"event_id": 1, **_WHO},
    "retract_event": {"event_id": 1, **_WHO},
    "correct_note": {"note_id": 1, **_WHO},
    "retract_note": {"note_id": 1, **_WHO},
    "correct_employment": {"employment_id": "E1", **_WHO},
    "retract_employment": {"employment_id": "E1", **_WHO},
    "correct_employment_event": {"event_id": 1, **_WHO},
    "retract_employment_event": {"event_id": 1, **_WHO},
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    Store.import_into(path, REGISTER, actor="setup", recorded_at=dt.datetime(2018, 7, 1))
    with Store.open(path) as opened:
        yield opened


def _method(store: Store, name: str) -> Callable[..., object]:
    method: Callable[..., object] = getattr(store, name)
    return method


def _parameters(function: Callable[..., object]) -> dict[str, inspect.Parameter]:
    # A correction's **changes are the record's fields, not one argument.
    return {name: p for name, p in inspect.signature(function).parameters.items()
            if p.kind is not p.VAR_KEYWORD}


def _call(function: Callable[..., object], arguments: Mapping[str, object]) -> object:
    parameters = _parameters(function)
    ids = [arguments[name] for name, p in parameters.items() if p.kind is p.POSITIONAL_ONLY]
    rest = {name: value for name, value in arguments.items()
            if parameters[name].kind is not inspect.Parameter.POSITIONAL_ONLY}
    return function(*ids, **rest)


def test_every_recording_method_of_the_store_is_under_test() -> None:
    recording = {name for name, member in vars(Store).items()
                 if not name.startswith("_") and callable(getattr(Store, name))
                 and "actor" in inspect.signature(getattr(Store, name)).parameters}
    assert recording | {"open"} == set(STORE_API)


def test_every_parameter_of_the_store_has_a_valid_value(store: Store) -> None:
    for name, valid in STORE_API.items():
        method = _method(store, name)
        assert set(_parameters(method)) == set(valid), name
        for parameter, value in valid.items():
            assert _conforms(value, _hints(method)[parameter], strict_dates=True), (
                name, parameter)


def _store_cases() -> Iterator[tuple[str, str]]:
    for name, valid in STORE_API.items():
        for parameter in valid:
            yield name, parameter


@pytest.mark.parametrize(("name", "parameter"), list(_store_cases()))
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_wrong_argument_to_the_store_is_refused_naming_it(
        store: Store, name: str, parameter: str, data: st.DataObject) -> None:
    method = _method(store, name)
    hint = _hints(method)[parameter]
    # The day of a fact recorded outside the dates a register may hold breaks
    # a rule (RuleViolation, as the recording API says), so any date is a date here.
    wrong = data.draw(_ANYTHING.filter(lambda value: not _conforms(
        value, hint, strict_dates=parameter != "day")), label=parameter)
    before = store.history("P1")
    with pytest.raises(InvalidArgument) as refused:
        _call(method, {**STORE_API[name], parameter: wrong})
    message = str(refused.value)
    assert message.startswith((f"{parameter} must be ", f"{parameter}[")), message
    assert ", not " in message
    assert before == store.history("P1")


# -- the sentences, one of each kind ---------------------------------------------------


@pytest.mark.parametrize(("call", "message"), [
    (lambda: forloeb.evaluate(REGISTER, as_of="2018-06-30"),  # type: ignore[arg-type]
     "as_of must be a datetime.date from 1990-01-01 to 2100-12-31, not the str '2018-06-30'"),
    (lambda: forloeb.evaluate(REGISTER, as_of=dt.datetime(2018, 6, 30)),
     "as_of must be a datetime.date from 1990-01-01 to 2100-12-31, not the datetime "
     "datetime.datetime(2018, 6, 30, 0, 0)"),
    (lambda: forloeb.evaluate(REGISTER, as_of=D(1, 1, 1)),
     "as_of must be a datetime.date from 1990-01-01 to 2100-12-31, not the date "
     "datetime.date(1, 1, 1)"),
    (lambda: forloeb.evaluate("register/", as_of=AS_OF),  # type: ignore[arg-type]
     "register must be a forloeb.Register, not the str 'register/'"),
    (lambda: forloeb.evaluate(REGISTER, as_of=AS_OF, agreements="SA1"),
     "agreements must be a sequence of ids (write agreements=['SA1']), not the str 'SA1'"),
    (lambda: forloeb.check_deadlines(REGISTER, as_of=AS_OF, agreements=["SA1", 2]),  # type: ignore[list-item]
     "agreements[1] must be text (a str), not the int 2"),
    (lambda: forloeb.check_deadlines(REGISTER, as_of=AS_OF, due_within="14"),  # type: ignore[arg-type]
     "due_within must be a whole number of days from 0 to 40541 or None, not the str '14'"),
    (lambda: forloeb.trend(REGISTER, years=2018),  # type: ignore[arg-type]
     "years must be a sequence of years (write years=[2018]), not the int 2018"),
    (lambda: forloeb.trend(REGISTER, years=[2018, 3018]),
     "years[1] must be a year from 1990 to 2100, not the int 3018"),
    (lambda: forloeb.check_pathway(P1, SA1, [(1, MEETING)], as_of=AS_OF),  # type: ignore[list-item]
     "events[0] must be a forloeb.Event, not the tuple (1, Event(pathway_id='P1', "
     "date=dateti..."),
    (lambda: forloeb.next_due(REGISTER, 27, as_of=AS_OF),  # type: ignore[arg-type]
     "pathway_id must be text (a str), not the int 27"),
    (lambda: forloeb.next_due(REGISTER, "P1", as_of=D(9999, 12, 31)),
     "as_of must be a datetime.date from 1990-01-01 to 2100-12-31, not the date "
     "datetime.date(9999, 12, 31)"),
    (lambda: forloeb.load(42),  # type: ignore[arg-type]
     "path must be a file or folder name (a str or a pathlib.Path), not the int 42"),
    (lambda: forloeb.write_csv(REGISTER, _FOLDER, encoding="klingon"),
     "encoding must be the name of a text encoding such as 'utf-8', not the str 'klingon'"),
    (lambda: forloeb.write_csv(REGISTER, _FOLDER, delimiter="\t"),
     "delimiter must be ',' or ';', not the str '\\t'"),
    (lambda: forloeb.reconcile([1, 2], DOCUMENT),  # type: ignore[arg-type]
     "published must be a JSON object (a Mapping), not the list [1, 2]"),
    (lambda: forloeb.annual_report(REGISTER, year=2018, published=[1, 2]),  # type: ignore[arg-type]
     "published must be a published summary (a mapping) or None, not the list [1, 2]"),
    (lambda: Register.build([Agreement("SA1", "2018-01-01", slots=1,  # type: ignore[arg-type]
                                       plan_deadline_weeks=1, frame_weeks=1)]),
     "agreements[0].start_date must be a datetime.date, not the str '2018-01-01'"),
    (lambda: Register.build([SA1], [P1], MEETING),  # type: ignore[arg-type]
     "events must be an iterable of forloeb.Event, not the Event Event(pathway_id='P1', "
     "date=datetime.d..."),
    (lambda: REGISTER.as_of("2018-06-30"),  # type: ignore[arg-type]
     "day must be a datetime.date, not the str '2018-06-30'"),
    (lambda: P1.state(as_of="2018-06-30"),  # type: ignore[arg-type]
     "as_of must be a datetime.date, not the str '2018-06-30'"),
    (lambda: P1.is_active_on(None),  # type: ignore[arg-type]
     "day must be a datetime.date, not None"),
    (lambda: HIRE.known_as_of(dt.datetime(2018, 6, 30, 12)),
     "as_of must be a datetime.date, not the datetime datetime.datetime(2018, 6, 30, 12, 0)"),
    (lambda: REGISTER.events_of("P1", until="2018-06-30"),  # type: ignore[arg-type]
     "until must be a datetime.date or None, not the str '2018-06-30'"),
    (lambda: select_worklist([], as_of=AS_OF, statuses="overdue"),  # type: ignore[arg-type]
     "statuses must be a collection of forloeb.Status or None, not the str 'overdue'"),
    # forloeb.sla
    (lambda: sla.describe("x", lang="fr"),
     "lang must be 'da' or 'en', not the str 'fr'"),
    (lambda: sla.review_due("2018-01-01"),  # type: ignore[arg-type]
     "start must be a datetime.date from 1990-01-01 to 2100-12-31, not the str '2018-01-01'"),
    (lambda: sla.review_due(dt.date.max),
     "start must be a datetime.date from 1990-01-01 to 2100-12-31, not the date "
     "datetime.date(9999, 12, 31)"),
    (lambda: sla.capacity_use("x", [], as_of=AS_OF),  # type: ignore[arg-type]
     "agreement must be a forloeb.Agreement, not the str 'x'"),
    (lambda: sla.capacity_use(SA1, [P1, "P2"], as_of=AS_OF),  # type: ignore[list-item]
     "pathways[1] must be a forloeb.Pathway, not the str 'P2'"),
    (lambda: sla.pathway_deadlines(P1, SA1, [], as_of=AS_OF, until="2018-07-14"),  # type: ignore[arg-type]
     "until must be a datetime.date from 1990-01-01 to 2100-12-31 or None, not the str "
     "'2018-07-14'"),
    (lambda: sla.employment_deadlines(HIRE, [MEETING], as_of=AS_OF),  # type: ignore[list-item]
     "events[0] must be a forloeb.EmploymentEvent, not the Event Event(pathway_id='P1', "
     "date=datetime.d..."),
    (lambda: sla.urgency(FINDING.to_dict()),  # type: ignore[arg-type]
     "finding must be a forloeb.Finding, not the dict {'agreement_id': 'SA1', 'pathway_id': ..."),
    (lambda: sla.compliance(FINDING),  # type: ignore[arg-type]
     "findings must be an iterable of forloeb.Finding, not the Finding Finding(agreement_id="
     "'SA1', pathway_id..."),
    # forloeb.evaluation
    (lambda: evaluation.percent("x"),  # type: ignore[arg-type]
     "fraction must be a finite number (a Fraction, float or int) or None, not the str 'x'"),
    (lambda: evaluation.percent(float("nan")),
     "fraction must be a finite number (a Fraction, float or int) or None, not the float nan"),
    (lambda: evaluation.round_half_up("1.5", 0),  # type: ignore[arg-type]
     "value must be a finite number (a Fraction, float or int), not the str '1.5'"),
    (lambda: evaluation.round_half_up(Decimal("15"), 0),  # type: ignore[arg-type]
     "value must be a finite number (a Fraction, float or int), not the Decimal "
     "Decimal('15')"),
    (lambda: evaluation.round_half_up(15, -1),
     "decimals must be a whole number (an int) from 0 to 100, not the int -1"),
    (lambda: evaluation.share(True, 2),
     "numerator must be a whole number (an int), not the bool True"),
    (lambda: evaluation.compliance({"met": 19, "late": -1}),
     "counts['late'] must be a whole number (an int), 0 or more, not the int -1"),
    (lambda: evaluation.compliance([("met", 19)]),  # type: ignore[arg-type]
     "counts must be a mapping of status to count (a dict), not the list [('met', 19)]"),
    (lambda: evaluation.trend_years(REGISTER, "2018"),  # type: ignore[arg-type]
     "year must be a whole number (an int) from 1990 to 2100, not the str '2018'"),
    (lambda: evaluation.trend_years(REGISTER, 9999),
     "year must be a whole number (an int) from 1990 to 2100, not the int 9999"),
    (lambda: evaluation.trend_of({2018: EVALUATION}),  # type: ignore[arg-type]
     "evaluations must be a sequence of forloeb.Evaluation (a list), not the dict {2018: "
     "Evaluation(as_of=datetime.date(..."),
    (lambda: evaluation.comparison(EVALUATION.agreements[0]),  # type: ignore[arg-type]
     "evaluation must be a forloeb.Evaluation, not the AgreementEvaluation "
     "AgreementEvaluation(agreement_id='SA1'..."),
    (lambda: evaluation.reconcile_register(REGISTER, DOCUMENT, as_of=D(2108, 6, 30)),
     "as_of must be a datetime.date from 1990-01-01 to 2100-12-31, not the date "
     "datetime.date(2108, 6, 30)"),
    (lambda: Register.build([SA1], [P1], [Event("P1", D(2018, 2, 1), "followup")]),  # type: ignore[arg-type]
     "events[0].type must be a forloeb.EventType, not the str 'followup'"),
    # forloeb.testing: refused when the strategy is made, before anything is drawn
    (lambda: testing.agreements(max_slots="x"),  # type: ignore[arg-type]
     "max_slots must be a whole number (an int), 1 or more, not the str 'x'"),
    (lambda: testing.agreements(max_slots=0),
     "max_slots must be a whole number (an int), 1 or more, not the int 0"),
    (lambda: testing.agreements(min_start=D(2017, 1, 1), max_start=D(2016, 1, 1)),
     "max_start must be a datetime.date from min_start (2017-01-01) to 2020-12-31, not the "
     "date datetime.date(2016, 1, 1)"),
    (lambda: testing.identifiers(prefix=3),  # type: ignore[arg-type]
     "prefix must be '' or text of letters, digits, '_' and '-' that starts with a letter, "
     "not the int 3"),
    (lambda: testing.identifiers("1"),
     "prefix must be '' or text of letters, digits, '_' and '-' that starts with a letter, "
     "not the str '1'"),
    (lambda: testing.registers(as_of="2018-06-30"),  # type: ignore[arg-type]
     "as_of must be a datetime.date from 2014-01-01 to 2020-12-31, not the str '2018-06-30'"),
    (lambda: testing.registers(min_agreements=3, max_agreements=2),
     "max_agreements must be a whole number (an int), min_agreements (3) or more, not the "
     "int 2"),
    (lambda: testing.registers(max_pathways=-1),
     "max_pathways must be a whole number (an int), 0 or more, not the int -1"),
    (lambda: testing.events("P1"),  # type: ignore[arg-type]
     "pathway must be a forloeb.Pathway, not the str 'P1'"),
    (lambda: testing.pathways(SA1, states="active"),  # type: ignore[arg-type]
     "states must be a sequence of states (write states=['active']), not the str 'active'"),
    (lambda: testing.pathways(SA1, states=[]),
     "states must be a non-empty sequence of forloeb.State (or their text) or None, not the "
     "list []"),
    (lambda: testing.pathways(SA1, states=["waiting"]),
     "states[0] must be a forloeb.State or its text: 'referred', 'active' or 'ended', not the "
     "str 'waiting'"),
    (lambda: testing.employments(pathway="P1"),  # type: ignore[arg-type]
     "pathway must be a forloeb.Pathway or None, not the str 'P1'"),
    (lambda: testing.events(Pathway("P1", "SA1", "D-1", start_date="2018-01-08")),  # type: ignore[arg-type]
     "pathway.start_date must be a datetime.date or None, not the str '2018-01-08'"),
    (lambda: testing.notes(max_size=-1),
     "max_size must be a whole number (an int), 0 or more, not the int -1"),
    (lambda: broken.broken_registers("over_capacity"),
     "kinds must be a sequence of kinds of break (write kinds=['over_capacity']), not the "
     "str 'over_capacity'"),
])
def test_a_misused_function_says_what_is_wrong_in_one_sentence(
        call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        call()
    assert message == str(refused.value)


@pytest.mark.parametrize(("call", "message"), [
    (lambda _: Store("/tmp/x.sqlite"),  # type: ignore[arg-type]
     "backend must be a backend that Store.open prepared (write Store.open('/tmp/x.sqlite')), "
     "not the str '/tmp/x.sqlite'"),
    (lambda s: s.record_event(Event("P1", D(2018, 2, 1), "meeting"),  # type: ignore[arg-type]
                              actor="anna"),
     "event.type must be a forloeb.EventType, not the str 'meeting'"),
    (lambda s: s.record_event(Event("P1", D(2018, 2, 1), "followup"),  # type: ignore[arg-type]
                              actor="anna"),
     "event.type must be a forloeb.EventType, not the str 'followup'"),
    (lambda s: s.correct_event(1, type="followup", actor="anna"),
     "type must be a forloeb.EventType, not the str 'followup'"),
    (lambda s: s.record_employment_event(forloeb.EmploymentEvent(
        "E1", D(2018, 5, 1), "review"), actor="anna"),  # type: ignore[arg-type]
     "event.type must be a forloeb.EmploymentEventType, not the str 'review'"),
    (lambda s: s.start("P1", day=AS_OF, actor="anna", recorded_at="now"),
     "recorded_at must be a datetime.datetime from 1990-01-01 to 2100-12-31 or None, not the "
     "str 'now'"),
    (lambda s: s.import_register(REGISTER, actor="anna", recorded_at=dt.date(2018, 7, 1)),
     "recorded_at must be a datetime.datetime from 1990-01-01 to 2100-12-31 or None, not the "
     "date datetime.date(2018, 7, 1)"),
    (lambda s: s.load(known_at=dt.date.max),
     "known_at must be a datetime.date or datetime.datetime from 1990-01-01 to 2100-12-31, "
     "or None, not the date datetime.date(9999, 12, 31)"),
    (lambda s: s.refer("P9", agreement_id="SA1", participant_id="D-9", day=AS_OF,
                       actor=" "),
     "actor must be the name of who records the change (a str), not the str ' '"),
    (lambda s: s.retract_event(0, actor="anna"),
     "event_id must be an id that the store gave (1 or more), not the int 0"),
    (lambda s: s.import_register(REGISTER, actor="anna", replace=None),
     "replace must be True or False, not None"),
    (lambda _: Store.open(_FOLDER / "none.sqlite", create=None),  # type: ignore[arg-type]
     "create must be True or False, not None"),
])
def test_a_misused_store_says_what_is_wrong_in_one_sentence(
        store: Store, call: Callable[[Store], object], message: str) -> None:
    before = store.history("P1")
    with pytest.raises(InvalidArgument) as refused:
        call(store)
    assert message == str(refused.value)
    assert before == store.history("P1")
    assert not (_FOLDER / "none.sqlite").exists()


def test_an_id_that_looks_like_a_cpr_number_is_not_repeated() -> None:
    with pytest.raises(InvalidArgument) as refused:
        forloeb.evaluate(REGISTER, as_of=AS_OF, agreements="3006181234")
    assert "3006181234" not in str(refused.value)


def test_a_refused_write_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument):
        forloeb.write_csv(REGISTER, tmp_path / "out", encoding="klingon")
    assert [] == list(tmp_path.iterdir())


@pytest.mark.parametrize(("objects", "message"), [
    ({"pathways": [P1, Pathway("P2", "SA1", "D-2", plan_co_created=1)]},  # type: ignore[arg-type]
     "pathways[1].plan_co_created must be True or False or None, not the int 1"),
    ({"events": [MEETING, Event("P1", D(2018, 3, 1), EventType.EXTENSION, value=True)]},
     "events[1].value must be a whole number (an int) or None, not the bool True"),
    ({"events": [Event("P1", dt.datetime(2018, 3, 1), EventType.FOLLOWUP)]},
     "events[0].date must be a datetime.date, not the datetime "
     "datetime.datetime(2018, 3, 1, 0, 0)"),
    ({"agreements": [Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                               frame_weeks=52, positive_outcomes=["fleksjob"])]},  # type: ignore[arg-type]
     "agreements[0].positive_outcomes must be a tuple of codes, not the list ['fleksjob']"),
    ({"agreements": [Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                               frame_weeks=52, allowed_outcomes=("fleksjob", 7))]},  # type: ignore[arg-type]
     "agreements[0].allowed_outcomes must be a tuple of codes or None, not the tuple "
     "('fleksjob', 7)"),
    ({"collaboration": [forloeb.CollaborationNote("SA1", "2018-03-01")]},  # type: ignore[arg-type]
     "collaboration[0].date must be a datetime.date, not the str '2018-03-01'"),
    ({"employments": [forloeb.Employment("E1", "D-1", "Værkstedet", "fleksjob", D(2018, 3, 1),
                                         12, intensity=50)]},  # type: ignore[arg-type]
     "employments[0].hours_per_week must be a decimal.Decimal, not the int 12"),
    ({"employments": [HIRE], "employment_events": [forloeb.EmploymentEvent(
        "E1", D(2018, 5, 1), forloeb.EmploymentEventType.CHANGE,
        hours_per_week=15.5)]},  # type: ignore[arg-type]
     "employment_events[0].hours_per_week must be a decimal.Decimal or None, not the float 15.5"),
])
def test_register_build_names_the_first_field_of_the_wrong_kind(
        objects: dict[str, list[object]], message: str) -> None:
    arguments: dict[str, object] = {"agreements": [SA1], "pathways": [P1],
                                    "events": [MEETING], **objects}
    with pytest.raises(InvalidArgument) as refused:
        Register.build(**arguments)  # type: ignore[arg-type]
    assert message == str(refused.value)
