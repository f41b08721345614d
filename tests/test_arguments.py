"""
Every public function checks its arguments at the boundary: a wrong kind of
value in any argument raises ``InvalidArgument`` naming the argument, what
it must be and what was given, before any work is done.

The wrong values are generated from each function's own type hints, so a
parameter added without a check fails here; values of the right type but
outside the dates a register may hold are wrong too.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import inspect
import os
import tempfile
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import forloeb
from forloeb import Agreement, Event, EventType, InvalidArgument, Pathway, Register, Status
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
}

#: Arguments whose items are not looked at (there may be millions): only the container.
SHALLOW = {("select_worklist", "findings")}

#: Arguments that are no dates to work from, so any date is right (a filter).
ANY_DATE = {("Register.as_of", "day")}


def test_every_public_function_of_the_facade_is_under_test() -> None:
    functions = {name for name in forloeb.__all__
                 if inspect.isfunction(getattr(forloeb, name)) and name != "load_example"}
    assert functions <= set(API)
    assert [] == list(inspect.signature(forloeb.load_example).parameters)


def test_every_parameter_has_a_valid_value_that_is_accepted() -> None:
    for name, (function, valid) in API.items():
        assert set(inspect.signature(function).parameters) == set(valid), name
        for parameter, value in valid.items():
            assert _conforms(value, _hints(function)[parameter], strict_dates=True), (
                name, parameter)
    for function, valid in API.values():
        function(**valid)  # nothing raised


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
])
def test_a_misused_function_says_what_is_wrong_in_one_sentence(
        call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        call()
    assert message == str(refused.value)


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
