"""
The store: recording through the API, corrections, history, known_at,
imports and round trips (issue 5), each test run against every backend
(SQLite and PostgreSQL, through the ``store_backend`` fixture) unless it
is about SQLite's file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from store_backends import StoreBackend

from forloeb import (
    Agreement,
    CapacityError,
    CollaborationNote,
    Event,
    EventType,
    InvalidArgument,
    Pathway,
    Register,
    RegisterError,
    RuleViolation,
    StoreError,
    UnknownIdError,
)
from forloeb.store import Store
from forloeb.testing import registers

UTC = dt.UTC
D = dt.date


def at(month: int, day: int, hour: int = 12, year: int = 2018) -> dt.datetime:
    """
    A recording time in UTC.
    """
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


SA1 = Agreement("SA1", D(2017, 1, 1), slots=2, plan_deadline_weeks=4, frame_weeks=52,
                name="Samarbejdsaftale 1", provider="VeteranHaven", extra_slots=1,
                price_per_pathway=Decimal("123456.50"), allowed_outcomes=("fleksjob",
                                                                          "annulleret"))
SA2 = Agreement("SA2", D(2017, 1, 1), slots=8, plan_deadline_weeks=1, frame_weeks=13,
                positive_outcomes=(), followup_interval_weeks=6, pause_on_absence=True)


def a_register() -> Register:
    """
    A small valid register that uses every kind of value the store keeps.
    """
    pathways = [
        Pathway("P1", "SA1", "D-1", target_group="integration", referred_date=D(2017, 2, 1),
                start_date=D(2017, 2, 6), end_date=D(2017, 12, 1), outcome="fleksjob",
                plan_date=D(2017, 2, 20), plan_co_created=True, plan_own_goals=False),
        Pathway("P2", "SA1", "D-2", start_date=D(2017, 3, 1), no_plan_reason="kort_forloeb"),
        Pathway("P3", "SA2", "D-3", referred_date=D(2018, 5, 1)),
        Pathway("P4", "SA2", "D-4", referred_date=D(2017, 4, 1), end_date=D(2017, 4, 20),
                outcome="annulleret"),
    ]
    events = [
        Event("P1", D(2017, 3, 1), EventType.FOLLOWUP, code="held", note='Sagt "ja", æøå'),
        Event("P1", D(2017, 3, 1), EventType.FOLLOWUP, code="held", note='Sagt "ja", æøå'),
        Event("P1", D(2017, 4, 1), EventType.EFFECT, code="tillid", value=4),
        Event("P2", D(2017, 5, 1), EventType.EXTENSION, value=13),
        Event("P4", D(2017, 4, 2), EventType.DELIVERY, code="meeting_offer"),
    ]
    notes = [CollaborationNote("SA1", D(2017, 6, 1), "jobcenter", 4, "Godt samarbejde; tak"),
             CollaborationNote("SA2", D(2017, 6, 1))]
    return Register.build([SA1, SA2], pathways, events, notes)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """
    A file name for an SQLite store (for the tests of SQLite's file).
    """
    return tmp_path / "store.sqlite"


@pytest.fixture
def store(location: str) -> Store:
    """
    A new, empty store in the backend under test.
    """
    with Store.open(location, create=True) as opened:
        yield opened


def recorded(store: Store) -> Store:
    """
    ``store`` with SA1 (2 + 1 slots) and one referred pathway P1.
    """
    store.add_agreement(SA1, actor="anna", recorded_at=at(1, 1))
    store.refer("P1", agreement_id="SA1", participant_id="D-1", day=D(2018, 1, 2),
                actor="anna", recorded_at=at(1, 2))
    return store


# -- opening ------------------------------------------------------------------------


def test_a_new_store_is_one_file_in_wal_mode(path: Path) -> None:
    with Store.open(path, create=True) as store:
        assert Register([]) == store.load()
    assert path.is_file()
    assert b"SQLite format 3\x00" == path.read_bytes()[:16]
    # Bytes 18 and 19 of the header are 2 in WAL mode.
    assert (2, 2) == tuple(path.read_bytes()[18:20])


def test_opening_without_create_refuses_a_missing_store(path: Path) -> None:
    with pytest.raises(StoreError, match="there is no store at"):
        Store.open(path)
    assert not path.exists()


def test_a_store_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "store.sqlite", create=True)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(path: Path) -> None:
    path.write_text("agreement_id,name\nSA1,Samarbejdsaftale 1\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a forloeb store: it is not an SQLite database"):
        Store.open(path)
    assert before == path.read_bytes()


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


# -- recording ----------------------------------------------------------------------


def test_a_pathway_recorded_step_by_step_loads_as_recorded(store: Store) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="bo", recorded_at=at(1, 8))
    store.record_plan("P1", day=D(2018, 1, 20), co_created=True, own_goals=True, actor="bo",
                      recorded_at=at(1, 20))
    followup = Event("P1", D(2018, 2, 1), EventType.FOLLOWUP, code="held")
    store.record_event(followup, actor="bo", recorded_at=at(2, 1))
    store.extend("P1", day=D(2018, 3, 1), weeks=13, actor="anna", recorded_at=at(3, 1))
    store.end("P1", day=D(2018, 6, 1), outcome="fleksjob", actor="anna", recorded_at=at(6, 1))
    note = CollaborationNote("SA1", D(2018, 6, 2), "jobcenter", 5, "Fint")
    store.add_note(note, actor="anna", recorded_at=at(6, 2))
    expected = Register(
        [SA1],
        [Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2), start_date=D(2018, 1, 8),
                 end_date=D(2018, 6, 1), outcome="fleksjob", plan_date=D(2018, 1, 20),
                 plan_co_created=True, plan_own_goals=True)],
        [followup, Event("P1", D(2018, 3, 1), EventType.EXTENSION, value=13)],
        [note],
    )
    assert expected == store.load()


def test_the_start_beyond_the_last_slot_is_refused_with_the_date_and_count(store: Store) -> None:
    recorded(store)
    for n in (2, 3, 4):
        store.refer(f"P{n}", agreement_id="SA1", participant_id=f"D-{n}",
                    day=D(2018, 1, 2), actor="anna")
    for n in (1, 2, 3):
        store.start(f"P{n}", day=D(2018, 1, 8), actor="anna")
    with pytest.raises(CapacityError) as refused:
        store.start("P4", day=D(2018, 1, 9), actor="anna")
    assert ("pathway P4: starting on 2018-01-09 would make 4 pathways active on agreement "
            "SA1, which has 2 slots + 1 extra (rule 7)") == str(refused.value)
    assert store.pathway("P4").start_date is None


def test_a_refused_change_records_nothing(store: Store) -> None:
    recorded(store)
    before = store.load()
    with pytest.raises(RuleViolation, match="rule 2"):
        store.start("P1", day=D(2017, 12, 1), actor="anna")
    with pytest.raises(RuleViolation, match="rule 3"):
        store.end("P1", day=D(2018, 2, 1), outcome="fleksjob", actor="anna")
    assert before == store.load()
    assert ["refer"] == [c.action for c in store.history("P1")]


@pytest.mark.parametrize(
    ("ended", "change", "rule"),
    [
        (False, lambda s: s.end("P1", day=D(2018, 1, 10), outcome="ordinaert_job", actor="a"), 3),
        (True, lambda s: s.start("P1", day=D(2018, 3, 1), actor="a"), 6),
        (False, lambda s: s.record_event(Event("P1", D(2018, 1, 7), EventType.FOLLOWUP),
                                         actor="a"), 4),
        (True, lambda s: s.record_event(Event("P1", D(2018, 2, 2), EventType.FOLLOWUP),
                                        actor="a"), 4),
        (True, lambda s: s.extend("P1", day=D(2018, 2, 1), weeks=4, actor="a"), 5),
        (False, lambda s: s.refer("P1", agreement_id="SA1", participant_id="D-9",
                                  day=D(2018, 1, 1), actor="a"), 6),
    ],
    ids=["disallowed outcome", "re-opening", "event before start", "event after end",
         "extension at the end", "reused id"],
)
def test_each_rule_is_enforced_when_recorded(store: Store, ended: bool, change: object,
                                             rule: int) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="anna")
    if ended:
        store.end("P1", day=D(2018, 2, 1), outcome="fleksjob", actor="anna")
    before = store.load()
    with pytest.raises(RuleViolation) as refused:
        change(store)  # type: ignore[operator]
    assert (rule, "P1") == (refused.value.rule, refused.value.pathway_id)
    assert before == store.load()


def test_unknown_ids_raise_the_librarys_error(store: Store) -> None:
    recorded(store)
    with pytest.raises(UnknownIdError, match="'SA9'"):
        store.refer("P2", agreement_id="SA9", participant_id="D-2",
                    day=D(2018, 1, 2), actor="anna")
    with pytest.raises(UnknownIdError, match="'P9'"):
        store.start("P9", day=D(2018, 1, 2), actor="anna")
    with pytest.raises(UnknownIdError, match="99"):
        store.retract_event(99, actor="anna")


def test_a_cpr_number_is_refused_and_not_stored(store: Store, location: str,
                                                store_backend: StoreBackend) -> None:
    recorded(store)
    with pytest.raises(RuleViolation, match="CPR"):
        store.refer("P2", agreement_id="SA1", participant_id="300618-1234",
                    day=D(2018, 1, 2), actor="anna")
    assert "300618" not in str(store_backend.dump(location))
    if store_backend.name == "sqlite":
        assert b"300618" not in Path(location).read_bytes()


def test_an_agreement_with_bad_terms_or_a_taken_id_is_refused(store: Store) -> None:
    recorded(store)
    with pytest.raises(RuleViolation, match="already used"):
        store.add_agreement(SA1, actor="anna")
    bad = Agreement("SA3", D(2018, 1, 1), slots=0, plan_deadline_weeks=1, frame_weeks=1)
    with pytest.raises(RuleViolation, match="slots is 0"):
        store.add_agreement(bad, actor="anna")


def test_every_change_needs_an_actor(store: Store) -> None:
    with pytest.raises(InvalidArgument, match="actor"):
        store.add_agreement(SA1, actor=" ")


def test_history_runs_forward(store: Store) -> None:
    recorded(store)
    with pytest.raises(InvalidArgument, match="history only runs forward"):
        store.start("P1", day=D(2018, 1, 8), actor="anna", recorded_at=at(1, 1))
    assert store.pathway("P1").start_date is None


def test_the_clock_is_read_when_no_time_is_given(store: Store) -> None:
    before = dt.datetime.now(UTC)
    store.add_agreement(SA2, actor="anna")
    store.refer("P1", agreement_id="SA2", participant_id="D-1", day=D(2018, 1, 2),
                actor="anna")
    (change,) = store.history("P1")
    assert before <= change.recorded_at <= dt.datetime.now(UTC)


# -- corrections, history and known_at ----------------------------------------------


def test_a_correction_is_a_new_version_and_the_old_one_stays(store: Store) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="bo", recorded_at=at(1, 8))
    store.correct_pathway("P1", start_date=D(2018, 1, 9), actor="anna", recorded_at=at(2, 1))
    assert D(2018, 1, 9) == store.pathway("P1").start_date
    assert D(2018, 1, 8) == store.load(known_at=at(1, 31)).pathway("P1").start_date
    last = store.history("P1")[-1]
    expected = [("start_date", D(2018, 1, 8), D(2018, 1, 9))]
    assert (expected, "anna", "correct_pathway") == (last.differences, last.actor, last.action)


def test_a_correction_that_breaks_a_rule_is_refused(store: Store) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="bo")
    with pytest.raises(RuleViolation, match="rule 1"):
        store.correct_pathway("P1", outcome="fleksjob", actor="anna")
    with pytest.raises(InvalidArgument, match="'pathway_id' cannot be corrected"):
        store.correct_pathway("P1", pathway_id="P7", actor="anna")


def test_moving_a_pathway_to_a_full_agreement_is_refused(store: Store) -> None:
    recorded(store)
    full = Agreement("SA3", D(2017, 1, 1), slots=1, plan_deadline_weeks=1, frame_weeks=13)
    store.add_agreement(full, actor="anna")
    store.refer("P2", agreement_id="SA3", participant_id="D-2", day=D(2018, 1, 1),
                actor="anna")
    store.start("P2", day=D(2018, 1, 1), actor="anna")
    store.start("P1", day=D(2018, 1, 8), actor="anna")
    with pytest.raises(CapacityError, match="SA3"):
        store.correct_pathway("P1", agreement_id="SA3", actor="anna")


def test_fewer_slots_than_pathways_in_use_is_refused(store: Store) -> None:
    recorded(store)
    store.refer("P2", agreement_id="SA1", participant_id="D-2", day=D(2018, 1, 2),
                actor="anna")
    store.start("P1", day=D(2018, 1, 8), actor="anna")
    store.start("P2", day=D(2018, 1, 8), actor="anna")
    with pytest.raises(CapacityError):
        store.correct_agreement("SA1", slots=1, extra_slots=0, actor="anna")
    store.correct_agreement("SA1", extra_slots=2, actor="anna")
    assert 2 == store.agreement("SA1").extra_slots


def test_events_and_notes_are_corrected_and_retracted_by_id(store: Store) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="bo", recorded_at=at(1, 8))
    sheet = store.record_event(Event("P1", D(2018, 3, 8), EventType.ATTENDANCE_REPORT),
                               actor="bo", recorded_at=at(3, 8))
    meeting = store.record_event(Event("P1", D(2018, 3, 9), EventType.FOLLOWUP),
                                 actor="bo", recorded_at=at(3, 9))
    note = store.add_note(CollaborationNote("SA1", D(2018, 3, 1), rating=2), actor="bo",
                          recorded_at=at(3, 9))
    store.correct_event(sheet, date=D(2018, 3, 7), actor="anna", recorded_at=at(4, 1))
    store.retract_event(meeting, actor="anna", recorded_at=at(4, 1))
    store.correct_note(note, rating=3, actor="anna", recorded_at=at(4, 1))
    with pytest.raises(RuleViolation, match="rule 4"):
        store.correct_event(sheet, date=D(2018, 1, 1), actor="anna")
    with pytest.raises(RuleViolation, match="rating 9"):
        store.correct_note(note, rating=9, actor="anna")
    corrected_sheet = Event("P1", D(2018, 3, 7), EventType.ATTENDANCE_REPORT)
    corrected_note = CollaborationNote("SA1", D(2018, 3, 1), rating=3)
    assert [(sheet, corrected_sheet)] == store.events_with_ids("P1")
    assert [corrected_sheet] == store.events_of("P1")
    assert [(note, corrected_note)] == store.notes_with_ids("SA1")
    assert [corrected_note] == store.notes_of("SA1")
    earlier = store.load(known_at=at(3, 31))
    assert 2 == len(earlier.events)
    assert 2 == earlier.collaboration[0].rating
    store.retract_note(note, actor="anna")
    assert () == store.load().collaboration


def test_a_retracted_pathway_disappears_with_its_events_and_keeps_its_id(store: Store) -> None:
    recorded(store)
    store.record_event(Event("P1", D(2018, 1, 3), EventType.DELIVERY, code="plan_sent"),
                       actor="bo")
    store.retract_pathway("P1", actor="anna")
    assert Register([SA1]) == store.load()
    with pytest.raises(UnknownIdError, match="retracted"):
        store.start("P1", day=D(2018, 1, 8), actor="anna")
    with pytest.raises(RuleViolation, match="retracted"):
        store.refer("P1", agreement_id="SA1", participant_id="D-1",
                    day=D(2018, 1, 2), actor="anna")
    assert ["refer", "record_event", "retract_pathway", "retract_pathway"] == \
        [c.action for c in store.history("P1")]


def test_history_lists_who_changed_what_and_when(store: Store) -> None:
    recorded(store)
    store.start("P1", day=D(2018, 1, 8), actor="bo", recorded_at=at(1, 8, hour=9))
    event_id = store.record_event(Event("P1", D(2018, 1, 9), EventType.FOLLOWUP),
                                  actor="bo", recorded_at=at(1, 9))
    store.retract_event(event_id, actor="anna", recorded_at=at(1, 10))
    rows = [(c.recorded_at, c.actor, c.action, c.item, c.item_id, c.differences)
            for c in store.history("P1")]
    assert [
        (at(1, 2), "anna", "refer", "pathway", "P1",
         [("agreement_id", None, "SA1"), ("participant_id", None, "D-1"),
          ("referred_date", None, D(2018, 1, 2))]),
        (at(1, 8, hour=9), "bo", "start", "pathway", "P1",
         [("start_date", None, D(2018, 1, 8))]),
        (at(1, 9), "bo", "record_event", "event", str(event_id),
         [("date", None, D(2018, 1, 9)), ("type", None, EventType.FOLLOWUP)]),
        (at(1, 10), "anna", "retract_event", "event", str(event_id), []),
    ] == rows


def test_history_of_an_unknown_pathway_is_an_error(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="never held a pathway with id 'P1'"):
        store.history("P1")


def test_known_at_reproduces_an_earlier_evaluation_after_corrections(store: Store) -> None:
    from forloeb.evaluation import evaluate

    store.import_register(a_register(), actor="import", recorded_at=at(6, 30))
    as_of = D(2018, 6, 30)
    published = evaluate(store.load(), as_of=as_of).to_dict()
    store.correct_pathway("P1", end_date=D(2017, 11, 1), actor="anna", recorded_at=at(8, 1))
    effect = next(i for i, e in store.events_with_ids("P1") if e.type == EventType.EFFECT)
    store.retract_event(effect, actor="anna", recorded_at=at(8, 2))
    store.start("P3", day=D(2018, 5, 7), actor="anna", recorded_at=at(8, 3))
    assert published != evaluate(store.load(), as_of=as_of).to_dict()
    for known_at in (at(6, 30), at(7, 31), D(2018, 7, 31)):
        assert published == evaluate(store.load(known_at=known_at), as_of=as_of).to_dict()
    assert Register([]) == store.load(known_at=at(6, 29))


def test_load_as_of_keeps_only_facts_dated_by_then(store: Store) -> None:
    store.import_register(a_register(), actor="import")
    assert a_register().as_of(D(2017, 3, 1)) == store.load(as_of=D(2017, 3, 1))


def test_known_at_must_be_a_time(store: Store) -> None:
    with pytest.raises(InvalidArgument, match="known_at"):
        store.load(known_at="2018-07-01")  # type: ignore[arg-type]


# -- importing ----------------------------------------------------------------------


def test_an_imported_register_loads_equal(store: Store) -> None:
    summary = store.import_register(a_register(), actor="import")
    assert a_register() == store.load()
    assert {"agreements": 2, "pathways": 4, "events": 5, "collaboration": 2} == summary.added


def test_an_invalid_register_writes_nothing(store: Store) -> None:
    store.import_register(a_register(), actor="import")
    before = store.load()
    bad = Register([SA2], [Pathway("Q1", "SA2", "D-1", start_date=D(2018, 1, 1),
                                   outcome="fleksjob"),
                           Pathway("Q2", "SA2", "D-2", start_date=D(2018, 1, 1),
                                   end_date=D(2017, 1, 1), outcome="fleksjob")])
    with pytest.raises(RegisterError) as refused:
        store.import_register(bad, actor="import")
    assert 2 == len(refused.value.problems)
    assert before == store.load()


def test_importing_ids_the_store_holds_is_refused_without_replace(store: Store) -> None:
    store.import_register(a_register(), actor="import")
    with pytest.raises(StoreError, match=r"2 of its agreements \(SA1, SA2\).*replace"):
        store.import_register(a_register(), actor="import")


def test_a_second_register_with_new_ids_is_added(store: Store) -> None:
    store.import_register(a_register(), actor="import")
    other = Register([Agreement("SA3", D(2018, 1, 1), slots=1, plan_deadline_weeks=1,
                                frame_weeks=4)],
                     [Pathway("Q1", "SA3", "D-1", referred_date=D(2018, 1, 2))])
    store.import_register(other, actor="import")
    both = store.load()
    assert (3, 5) == (len(both.agreements), len(both.pathways))


def test_replace_records_only_the_differences(store: Store) -> None:
    store.import_register(a_register(), actor="import", recorded_at=at(1, 1))
    first = a_register()
    changed = Register(
        first.agreements,
        [p if p.pathway_id != "P2" else Pathway("P2", "SA1", "D-2", start_date=D(2017, 3, 2))
         for p in first.pathways if p.pathway_id != "P4"]
        + [Pathway("P5", "SA2", "D-5", referred_date=D(2018, 6, 1))],
        [e for e in first.events if e.pathway_id != "P4"][1:],
        first.collaboration,
    )
    summary = store.import_register(changed, actor="import", replace=True, recorded_at=at(2, 1))
    assert changed == store.load()
    assert first == store.load(known_at=at(1, 31))
    assert ({"agreements": 0, "pathways": 1, "events": 0, "collaboration": 0},
            {"agreements": 0, "pathways": 1, "events": 0, "collaboration": 0},
            {"agreements": 0, "pathways": 1, "events": 2, "collaboration": 0}) == \
        (summary.added, summary.corrected, summary.retracted)
    again = store.import_register(changed, actor="import", replace=True)
    assert not again.changed
    back = store.import_register(first, actor="import", replace=True, recorded_at=at(3, 1))
    assert first == store.load()
    # P4 comes back as a new version of the retracted pathway; its events are new items.
    assert (2, 1, 2) == (back.corrected["pathways"], back.retracted["pathways"],
                         back.added["events"])


def test_replace_into_an_empty_store_is_an_import(store: Store) -> None:
    summary = store.import_register(a_register(), actor="import", replace=True)
    assert 4 == summary.added["pathways"]
    assert a_register() == store.load()


@pytest.mark.slow
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
# The store holds no employments yet (it refuses them), so neither do these registers.
@given(register=registers(max_pathways=15, max_employments=0))
def test_any_valid_register_round_trips_through_a_store(store_backend: StoreBackend,
                                                        register: Register) -> None:
    location = store_backend.fresh()
    with Store.open(location, create=True) as store:
        store.import_register(register, actor="property test")
    with Store.open(location) as store:
        assert register == store.load()


@pytest.mark.slow
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(first=registers(max_pathways=10, max_employments=0),
       second=registers(max_pathways=10, max_employments=0))
def test_replace_makes_the_store_hold_any_second_register(store_backend: StoreBackend,
                                                          first: Register,
                                                          second: Register) -> None:
    with Store.open(store_backend.fresh(), create=True) as store:
        store.import_register(first, actor="one", recorded_at=at(1, 1))
        store.import_register(second, actor="two", replace=True, recorded_at=at(2, 1))
        assert (first, second) == (store.load(known_at=at(1, 1)), store.load())


@pytest.mark.slow
def test_the_example_year_records_and_reproduces_its_evaluation(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    import runpy

    script = Path(__file__).parent.parent / "examples" / "record-a-year" / "record_a_year.py"
    module = runpy.run_path(str(script))
    assert 0 == module["main"]([str(tmp_path / "year.sqlite")])
    out = capsys.readouterr().out
    assert "known_at reproduces the published one: True." in out
    assert "starts were refused for want of a free slot" in out
    with Store.open(tmp_path / "year.sqlite") as store:
        assert 20 < len(store.load().pathways)
