"""
The limits of dates and numbers: every date and term of a register has
documented bounds, enforced the same way by the loader, ``Register.build``,
the recording API, the store and the command line; and anything ``check``
accepts can be evaluated, listed and exported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from by_hand import agreement as _agreement
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb import recording
from forloeb.cli import main
from forloeb.codes import (
    AGREEMENT_BOUNDS,
    EVENT_TOTALS,
    EVENT_VALUES,
    FIRST_DATE,
    LAST_DATE,
    EventType,
)
from forloeb.errors import InvalidArgument, RegisterError, RuleViolation
from forloeb.evaluation import compare, evaluate, trend
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.rules import validate
from forloeb.schema import TABLES, Kind
from forloeb.sla import check_deadlines
from forloeb.store import Store
from forloeb.testing import FIRST_DAY, LAST_DAY, registers
from forloeb.writing import write_csv, write_json

D = dt.date
DAY = dt.timedelta(days=1)


def _active() -> Register:
    return Register([_agreement()], [Pathway("P1", "SA1", "D-1", start_date=D(2018, 1, 8))])


def _problems(register: Register) -> list[tuple[str, str | None, str]]:
    return [(v.table, v.column, v.message) for v in validate(register)]


# -- the bounds, rule by rule ----------------------------------------------------------


@pytest.mark.parametrize("column", sorted(AGREEMENT_BOUNDS))
def test_each_agreement_term_is_refused_one_beyond_each_bound_and_kept_on_it(
        column: str) -> None:
    low, high = AGREEMENT_BOUNDS[column]
    for value, message in ((low - 1, f"{column} is {low - 1}; it must be at least {low}"),
                           (high + 1, f"{column} is {high + 1}; it must be at most {high}")):
        assert [("agreements", column, f"agreement SA1: {message}")] == _problems(
            Register([_agreement(**{column: value})]))
    for value in (low, high):
        if column == "extra_slots" or column == "slots":
            value = max(value, 1)
        assert [] == _problems(Register([_agreement(**{column: value})]))


def test_the_schema_lists_the_bounds_the_rules_enforce() -> None:
    columns = {c.name: (c.low, c.high) for c in TABLES["agreements"].columns
               if c.kind is Kind.INT}
    assert dict(AGREEMENT_BOUNDS) == columns


@pytest.mark.parametrize("value", [8.5, 8.0, True, "8", Decimal(8)])
def test_a_term_that_is_not_a_whole_number_is_refused(value: object) -> None:
    assert [("agreements", "slots", f"agreement SA1: slots is {value!r}; it must be a whole "
                                    "number")] == _problems(Register([_agreement(slots=value)]))


@pytest.mark.parametrize(("price", "expected"), [
    (Decimal("100000000"), None),
    (Decimal("100000000.01"), "price_per_pathway 100000000.01 is more than 100,000,000 kroner"),
    (Decimal("-0.01"), "price_per_pathway -0.01 is negative"),
    (Decimal("45000.505"), "price_per_pathway 45000.505 has more than 2 decimals (kroner and "
                           "øre)"),
    (Decimal("NaN"), "price_per_pathway is Decimal('NaN'); it must be a number of kroner"),
    (Decimal("0"), None),
])
def test_a_price_lies_between_0_and_100_million_kroner_with_øre(price: Decimal,
                                                                expected: str | None) -> None:
    problems = _problems(Register([_agreement(price_per_pathway=price)]))
    assert ([] if expected is None else
            [("agreements", "price_per_pathway", f"agreement SA1: {expected}")]) == problems


@pytest.mark.parametrize(("day", "valid"), [
    (FIRST_DATE - DAY, False), (FIRST_DATE, True), (LAST_DATE, True), (LAST_DATE + DAY, False),
    (D(1, 1, 1), False), (D(9999, 12, 31), False),
])
def test_every_date_of_a_register_lies_from_1990_to_2100(day: dt.date, valid: bool) -> None:
    """
    The same bound holds for an agreement, each date of a pathway, an event
    and a collaboration note.
    """
    agreement = Agreement("SA1", day, slots=1, plan_deadline_weeks=4, frame_weeks=52)
    pathways = [Pathway("P1", "SA1", "D-1", referred_date=day, start_date=day, plan_date=day),
                Pathway("P2", "SA1", "D-2", referred_date=day, end_date=day,
                        outcome="annulleret")]
    events = [Event("P1", day, EventType.FOLLOWUP)]
    notes = [CollaborationNote("SA1", day, rating=3)]
    columns = [(table, column) for table, column, _ in
               _problems(Register([agreement], pathways, events, notes))]
    expected = [("agreements", "start_date"), ("pathways", "referred_date"),
                ("pathways", "start_date"), ("pathways", "plan_date"),
                ("pathways", "referred_date"), ("pathways", "end_date"), ("events", "date"),
                ("collaboration", "date")]
    assert ([] if valid else expected) == columns


@pytest.mark.parametrize(("kind", "code"), [(EventType.EXTENSION, None),
                                            (EventType.ABSENCE, "sick")])
def test_an_event_value_is_refused_above_its_maximum(kind: EventType, code: str | None) -> None:
    high = EVENT_VALUES[kind][2]
    assert high is not None
    for value, refused in ((high, False), (high + 1, True), (3_000_000, True)):
        register = Register(_active().agreements, _active().pathways,
                            [Event("P1", D(2018, 2, 1), kind, code=code, value=value)])
        assert refused == bool(_problems(register)), value
        if refused:
            assert f"value {value} is above {high}" in _problems(register)[0][2]


@pytest.mark.parametrize(("kind", "code"), [(EventType.EXTENSION, None),
                                            (EventType.ABSENCE, "sick")])
def test_a_pathways_extensions_and_absences_add_up_to_a_bounded_total(
        kind: EventType, code: str | None) -> None:
    """
    However many are recorded, no deadline moves past the calendar: the
    event that takes the total over is refused, naming the total.
    """
    total = EVENT_TOTALS[kind]
    events = [Event("P1", D(2018, 2, 1) + n * DAY, kind, code=code, value=10)
              for n in range(total // 10)]
    register = Register(_active().agreements, _active().pathways, events)
    assert [] == _problems(register)
    one_more = Event("P1", D(2019, 6, 1), kind, code=code, value=1)
    over = Register(register.agreements, register.pathways, [*events, one_more])
    unit = "weeks" if kind is EventType.EXTENSION else "days"
    assert [("events", "value",
             f"pathway P1, {kind} on 2019-06-01: with this one the {kind}s of the pathway add "
             f"up to {total + 1} {unit}; they may add up to at most {total} {unit}")
            ] == _problems(over)
    with pytest.raises(RuleViolation, match=f"add up to {total + 1} {unit}"):
        recording.record_event(register, one_more)


def test_an_event_value_that_is_not_a_whole_number_is_refused() -> None:
    register = Register(_active().agreements, _active().pathways,
                        [Event("P1", D(2018, 2, 1), EventType.EXTENSION, value=8.5)])  # type: ignore[arg-type]
    assert [("events", "value", "pathway P1, extension on 2018-02-01: value 8.5 is not a whole "
                                "number")] == _problems(register)


@pytest.mark.parametrize("rating", [0, 6, 4.5, True])
def test_a_rating_is_a_whole_number_from_1_to_5(rating: object) -> None:
    register = Register([_agreement()], [], [], [CollaborationNote("SA1", D(2018, 3, 1),
                                                                   rating=rating)])  # type: ignore[arg-type]
    assert [("collaboration", "rating")] == [(t, c) for t, c, _ in _problems(register)]


# -- the same bounds in every way in -----------------------------------------------------


def test_register_build_refuses_what_the_loader_refuses() -> None:
    with pytest.raises(RegisterError, match="frame_weeks is 3000000; it must be at most 520"):
        Register.build([_agreement(frame_weeks=3_000_000)])


@pytest.mark.parametrize("change", [
    lambda r: recording.refer(r, "P2", agreement_id="SA1", participant_id="D-2",
                              day=D(1899, 12, 31)),
    lambda r: recording.start(recording.refer(
        r, "P2", agreement_id="SA1", participant_id="D-2", day=D(2018, 1, 9)),
        "P2", day=D(2108, 1, 9)),
    lambda r: recording.end(r, "P1", day=D(9999, 12, 31), outcome="fleksjob"),
    lambda r: recording.extend(r, "P1", day=D(2018, 3, 1), weeks=3_000_000),
    lambda r: recording.record_event(r, Event("P1", D(2101, 1, 1), EventType.FOLLOWUP)),
    lambda r: recording.add_note(r, CollaborationNote("SA1", D(1989, 12, 31))),
], ids=["refer", "start", "end", "extend", "event", "note"])
def test_the_recording_api_refuses_dates_and_values_beyond_the_bounds(
        change: Callable[[Register], Register]) -> None:
    with pytest.raises(RuleViolation, match=r"outside the dates a register may hold|is above 260"):
        change(_active())


def test_the_store_refuses_a_date_beyond_the_bounds_and_writes_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "register.sqlite", create=True) as store:
        store.import_register(_active(), actor="test")
        with pytest.raises(RuleViolation, match="outside the dates a register may hold"):
            store.refer("P2", agreement_id="SA1", participant_id="D-2",
                        day=D(9999, 12, 31), actor="test")
        with pytest.raises(RuleViolation, match="frame_weeks is 3000000"):
            store.add_agreement(Agreement("SA2", D(2018, 1, 1), slots=1, plan_deadline_weeks=4,
                                          frame_weeks=3_000_000), actor="test")
        assert _active() == store.load()


def test_load_refuses_a_known_at_beyond_the_bounds(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument,
                       match=r"known_at must be .* from 1990-01-01 to 2100-12-31, or None, not"):
        forloeb.load(tmp_path, known_at=dt.datetime.max)


# -- the command line --------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [
    ["evaluate", "--as-of", "0001-01-01"], ["evaluate", "--as-of", "9999-12-31"],
    ["evaluate", "--since", "1989-12-31"], ["sla", "--as-of", "2101-01-01"],
    ["sla", "--due-within", "3000000"], ["sla", "--due-within", "-1"],
    ["sla", "--due-within", "9" * 5000], ["evaluate", "--known-at", "9999-12-31"],
    ["evaluate", "--known-at", "0001-01-01T00:00"], ["evaluate", "--years", "1989..2018"],
    ["evaluate", "--years", "2018..2101"], ["evaluate", "--suppress-below", "1001"],
    ["evaluate", "--suppress-below", "9" * 5000], ["check", "--as-of", "9999-12-31"],
    ["compare", "--as-of", "0001-01-01"], ["export", "x.sqlite", "out", "--as-of", "0001-01-01"],
])
def test_a_date_or_number_argument_beyond_the_bounds_is_a_usage_error(argv: list[str]) -> None:
    status, _, err = _run(*argv)
    assert 2 == status
    assert "Traceback" not in err
    assert "is outside the" in err or "is not a whole number" in err, err
    assert len(err) < 600


@pytest.mark.parametrize("argv", [
    ["sla", "--as-of", "2100-12-31", "--due-within", "3650"],
    ["sla", "--as-of", "1990-01-01", "--due-within", "0"],
    ["evaluate", "--as-of", "2100-12-31", "--format", "json"],
    ["evaluate", "--as-of", "1990-01-02", "--since", "1990-01-01"],
    ["evaluate", "--years", "1990..1991"], ["evaluate", "--years", "2099..2100"],
    ["check", "--as-of", "2100-12-31"],
])
def test_the_bounds_themselves_are_accepted_and_run_to_the_end(argv: list[str]) -> None:
    status, _, err = _run(*argv)
    assert 0 == status, err


def _write_register(folder: Path, slots: str) -> Path:
    folder.mkdir()
    (folder / "agreements.csv").write_text(
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks\n"
        f"SA1,2018-01-01,{slots},4,52\n", encoding="utf-8")
    (folder / "pathways.csv").write_text("pathway_id,agreement_id,participant_id\n",
                                         encoding="utf-8")
    return folder


@pytest.mark.parametrize("slots", ["9" * 5000, "9" * 31, "100001", "1" + "0" * 29])
def test_check_reports_a_number_of_any_length_as_one_problem(tmp_path: Path,
                                                             slots: str) -> None:
    status, out, err = _run("check", str(_write_register(tmp_path / "r", slots)))
    assert (1, "1 problem found") == (status, err.strip().rsplit(": ", 1)[1])
    assert out.startswith("agreements.csv row 2, column slots: ")
    assert len(out) < 300


# -- what check accepts, every later command takes ---------------------------------------

_EARLIEST_SHIFT = (FIRST_DATE - FIRST_DAY).days
_LATEST_SHIFT = (LAST_DATE - LAST_DAY).days


def _edge(low: int, high: int) -> st.SearchStrategy[int]:
    return st.sampled_from([low, high]) | st.integers(low, high)


_FAR_SHIFT = (D(9990, 1, 1) - LAST_DAY).days


@st.composite
def edge_registers(draw: st.DrawFn) -> Register:
    """
    Valid registers pushed to the bounds, and about half the time beyond them:
    every date moved (all by the same number of days, which keeps every rule)
    to the first or last years a register may hold, or far past them; every
    term of an agreement drawn up to its maximum, or far above it; extensions
    and absences up to their largest values and totals.
    """
    register = draw(registers(max_agreements=2, max_pathways=5, max_events_per_pathway=4))
    beyond = draw(st.booleans())
    latest = _FAR_SHIFT if beyond else _LATEST_SHIFT
    shift = dt.timedelta(days=draw(st.sampled_from([_EARLIEST_SHIFT, _LATEST_SHIFT, latest])
                                   | st.integers(_EARLIEST_SHIFT, latest)))
    scale = 10_000 if beyond else 1

    def moved(obj: object) -> object:
        changes = {f.name: getattr(obj, f.name) + shift for f in attrs.fields(type(obj))
                   if isinstance(getattr(obj, f.name), dt.date)}
        return attrs.evolve(obj, **changes)  # type: ignore[misc]

    agreements = []
    for a in register.agreements:
        terms = {column: draw(_edge(max(low, getattr(a, column) or low), high * scale))
                 for column, (low, high) in AGREEMENT_BOUNDS.items()
                 if column != "followup_interval_weeks"}
        terms["followup_interval_weeks"] = draw(st.none() | _edge(1, 104 * scale))
        cents = draw(st.none() | _edge(0, 10_000_000_000 * scale))
        agreements.append(attrs.evolve(moved(a), **terms,  # type: ignore[misc]
                                       price_per_pathway=None if cents is None
                                       else Decimal(cents).scaleb(-2)))
    events = []
    totals: dict[tuple[str, EventType], int] = {}
    for e in register.events:
        if e.type in EVENT_TOTALS:
            so_far = totals.get((e.pathway_id, e.type), 0)
            room = min(EVENT_VALUES[e.type][2] or 0, EVENT_TOTALS[e.type] - so_far) * scale
            if room < 1:
                continue
            e = attrs.evolve(e, value=draw(_edge(1, room)))
            totals[(e.pathway_id, e.type)] = so_far + e.value  # type: ignore[operator]
        events.append(moved(e))
    return Register(agreements, [moved(p) for p in register.pathways], events,  # type: ignore[arg-type]
                    [moved(n) for n in register.collaboration])  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(edge_registers(), st.sampled_from([FIRST_DATE, LAST_DATE]) | st.dates(FIRST_DATE,
                                                                             LAST_DATE))
def test_anything_check_accepts_can_be_evaluated_listed_and_exported(register: Register,
                                                                    as_of: dt.date) -> None:
    """
    What the rules accept (about half of the registers drawn lie beyond the
    bounds, and are refused) goes through every later step without an
    exception.
    """
    assume([] == validate(register))
    evaluate(register, as_of=as_of, since=FIRST_DATE if as_of > FIRST_DATE else None).to_dict()
    compare(register, as_of=as_of)
    trend(register, years=[as_of.year])
    check_deadlines(register, as_of=as_of, due_within=3650)
    with tempfile.TemporaryDirectory() as folder:
        write_csv(register, Path(folder) / "csv")
        write_json(register, Path(folder) / "register.json")
        assert register == forloeb.load(Path(folder) / "csv")
        assert register == forloeb.load(Path(folder) / "register.json")


def test_a_register_at_the_bounds_runs_through_the_command_line(tmp_path: Path) -> None:
    last = LAST_DATE
    register = Register(
        [Agreement("SA1", last - 400 * DAY, slots=100_000, plan_deadline_weeks=104,
                   frame_weeks=520, attendance_interval_months=24, grace_days=365,
                   followup_interval_weeks=104, pause_on_absence=True,
                   price_per_pathway=Decimal("100000000"))],
        [Pathway("P1", "SA1", "D-1", start_date=last - 10 * DAY)],
        [Event("P1", last - 9 * DAY, EventType.EXTENSION, value=260),
         Event("P1", last - 8 * DAY, EventType.EXTENSION, value=260),
         *[Event("P1", last - 7 * DAY, EventType.ABSENCE, code="sick", value=365)] * 10],
    )
    assert [] == validate(register)
    write_csv(register, tmp_path / "edge")
    for argv in (["check", "--as-of", "2100-12-31"],
                 ["sla", "--as-of", "2100-12-31", "--due-within", "3650", "--format", "json"],
                 ["evaluate", "--as-of", "2100-12-31", "--format", "json"]):
        status, _, err = _run(argv[0], str(tmp_path / "edge"), *argv[1:])
        assert 0 == status, err
    assert json.loads(_run("sla", str(tmp_path / "edge"), "--as-of", "2100-12-31",
                           "--all", "--format", "json")[1])


# -- reconcile: a published figure is a finite number -------------------------------------


@pytest.mark.parametrize(("figure", "shown"), [
    ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("1e400", "Infinity"),
    ("1e300", "1e+300"), ("10000000000000000", "a number of 17 digits"),
])
def test_reconcile_refuses_a_published_figure_that_is_no_finite_number(
        tmp_path: Path, figure: str, shown: str) -> None:
    published = tmp_path / "published.json"
    published.write_text('{"agreements": [{"agreement_id": "SA1", "q7_overview": '
                         f'{{"progression_share": {figure}}}}}]}}', encoding="utf-8")
    status, out, err = _run("reconcile", str(published))
    assert (1, "") == (status, out)
    assert (f"{published}: the published figures: SA1: q7_overview.progression_share is "
            f"published as {shown}, which is not a figure (a finite number of at most 15 "
            "digits)\n") == err
    with pytest.raises(InvalidArgument, match=re.escape(f"is published as {shown},")):
        forloeb.reconcile(json.loads(published.read_text(encoding="utf-8")),
                          {"agreements": []})


def test_reconcile_names_a_figure_in_a_list_that_is_no_finite_number_by_its_place() -> None:
    """A person's flexjob path is an item of a list: its place is counted from 1."""
    paths = [{"employment_id": "E1", "start": {"effective_hours": 3.6}},
             {"employment_id": "E2", "start": {"effective_hours": float("nan")}}]
    published = {"agreements": [], "jobs": {"flexjob_progression": {"paths": paths}}}
    with pytest.raises(InvalidArgument) as refused:
        forloeb.reconcile(published, {"agreements": []})
    assert ("the published figures: jobs.flexjob_progression.paths.2.start.effective_hours "
            "is published as NaN, which is not a figure (a finite number of at most 15 "
            "digits)") == str(refused.value)


def test_reconcile_refuses_a_published_number_of_5000_digits(tmp_path: Path) -> None:
    published = tmp_path / "published.json"
    published.write_text('{"agreements": [{"agreement_id": "SA1", "q7_overview": '
                         f'{{"completed": {"9" * 5000}}}}}]}}', encoding="utf-8")
    assert (1, "", f"{published}: a figure of 5000 digits is too large to be a published "
                   "figure\n") == _run("reconcile", str(published))


def test_reconcile_refuses_a_published_date_beyond_the_bounds(tmp_path: Path) -> None:
    published = tmp_path / "published.json"
    published.write_text('{"as_of": "9999-12-31", "agreements": []}', encoding="utf-8")
    status, _, err = _run("reconcile", str(published))
    assert 1 == status
    assert "as_of 9999-12-31 is outside the dates forloeb works with" in err
