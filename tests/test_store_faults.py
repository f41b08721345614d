"""
The store under faults (issue 10): files that are not stores, read-only
folders, cells edited by hand, flipped bits, numbers the store cannot hold,
failed imports; and per-pathway deadlines read without the register (issue 11).

Tests that take ``store_backend`` or ``location`` run against SQLite and
PostgreSQL; the others are about SQLite's file (permissions, bit flips).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_backends import StoreBackend

import forloeb
from forloeb import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    EmploymentEventType,
    Event,
    EventType,
    ForloebError,
    InvalidArgument,
    Pathway,
    Register,
    RuleViolation,
    StoreError,
)
from forloeb.cli import main
from forloeb.store import Store
from forloeb.store._rows import first_rows, to_sql

D = dt.date
UTC = dt.UTC
EXAMPLE = str(forloeb.EXAMPLE_REGISTER)


def small_register() -> Register:
    """
    Two agreements, four pathways, events, notes and a hire after P1: every kind of cell.
    """
    sa1 = Agreement("SA1", D(2017, 1, 1), slots=2, plan_deadline_weeks=4, frame_weeks=52,
                    name="Samarbejdsaftale 1", extra_slots=1, followup_interval_weeks=6)
    sa2 = Agreement("SA2", D(2017, 1, 1), slots=8, plan_deadline_weeks=1, frame_weeks=13)
    pathways = [
        Pathway("P1", "SA1", "D-1", referred_date=D(2017, 2, 1), start_date=D(2017, 2, 6),
                end_date=D(2017, 12, 1), outcome="fleksjob", plan_date=D(2017, 2, 20),
                plan_co_created=True),
        Pathway("P2", "SA1", "D-2", start_date=D(2017, 3, 1)),
        Pathway("P3", "SA2", "D-3", start_date=D(2017, 5, 1)),
        Pathway("P4", "SA2", "D-4", referred_date=D(2018, 5, 1)),
    ]
    events = [
        Event("P1", D(2017, 3, 1), EventType.FOLLOWUP, code="held"),
        Event("P1", D(2017, 4, 1), EventType.EFFECT, code="tillid", value=4),
        Event("P2", D(2017, 5, 1), EventType.EXTENSION, value=13),
        Event("P3", D(2017, 6, 1), EventType.ATTENDANCE_REPORT),
    ]
    notes = [CollaborationNote("SA1", D(2017, 6, 1), "jobcenter", 4, "Godt")]
    hires = [Employment("E1", "D-1", "Sumak", "fleksjob", D(2017, 12, 4), Decimal("4.5"),
                        pathway_id="P1", intensity=80)]
    hours = [EmploymentEvent("E1", D(2018, 3, 1), EmploymentEventType.CHANGE,
                             hours_per_week=Decimal(15))]
    return Register.build([sa1, sa2], pathways, events, notes, hires, hours)


def _imported(location: str) -> str:
    Store.import_into(location, small_register(), actor="import",
                      recorded_at=dt.datetime(2018, 7, 1, tzinfo=UTC))
    return location


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """
    An SQLite store holding :func:`small_register`, imported on 1 July 2018.
    """
    return Path(_imported(str(tmp_path / "store.sqlite")))


@pytest.fixture
def held(location: str) -> str:
    """
    A store holding :func:`small_register` in the backend under test.
    """
    return _imported(location)


def edit(path: Path, sql: str) -> None:
    """
    Change the file as someone with the ``sqlite3`` shell would.
    """
    connection = sqlite3.connect(path)
    connection.execute(sql)
    connection.commit()
    connection.close()


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# -- only import and create=True make a store ---------------------------------------------


READING_COMMANDS = [
    ("check", "{store}"),
    ("evaluate", "{store}", "--as-of", "2018-06-30"),
    ("sla", "{store}", "--as-of", "2018-06-30"),
    ("history", "P1", "{store}"),
    ("export", "{store}", "{out}"),
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=[c[0] for c in READING_COMMANDS])
@pytest.mark.parametrize("content", ["missing", "empty file", "empty database", "other program"])
def test_a_reading_command_never_makes_or_changes_a_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...],
        content: str) -> None:
    store = tmp_path / "register.sqlite"
    if content == "empty file":
        store.touch()
    elif content != "missing":
        connection = sqlite3.connect(store)
        if content == "other program":
            connection.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("VACUUM")
        connection.close()
    before = files_in(tmp_path)
    argv = [a.format(store=store, out=tmp_path / "out.json") for a in command]
    status, _, err = run(*argv, capsys=capsys)
    assert 1 == status
    expected = {"missing": "no", "empty file": "is not a forloeb store: it is an empty file",
                "empty database": "is not a forloeb store: it is an empty SQLite database",
                "other program": "is an SQLite database, but not a forloeb store"}[content]
    assert expected in err
    assert "Traceback" not in err
    assert before == files_in(tmp_path)


def test_a_failed_import_into_a_new_store_leaves_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], store_backend: StoreBackend,
        location: str) -> None:
    huge = Register([Agreement("SA1", D(2018, 1, 1), slots=1, plan_deadline_weeks=1,
                               frame_weeks=1)],
                    [Pathway("P1", "SA1", "D-1", start_date=D(2018, 1, 2))],
                    [Event("P1", D(2018, 1, 3), EventType.EXTENSION, value=10**30)])
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ForloebError):
        Store.import_into(location, huge, actor="import")
    assert [] == store_backend.dump(location)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "agreements.csv").write_text("agreement_id\nSA1\n", encoding="utf-8")
    status, _, _ = run("import", str(tmp_path / "bad"), location, capsys=capsys)
    assert 1 == status
    assert [] == store_backend.dump(location)
    assert sorted([*before, "bad"]) == sorted(p.name for p in tmp_path.iterdir())


def test_import_into_an_existing_store_adds_to_it(held: str) -> None:
    more = Register([Agreement("SA3", D(2018, 1, 1), slots=1, plan_deadline_weeks=1,
                               frame_weeks=4)])
    summary = Store.import_into(held, more, actor="import")
    assert 1 == summary.added["agreements"]
    with Store.open(held) as store:
        assert 3 == len(store.load().agreements)


# -- read-only ------------------------------------------------------------------------------


def test_a_store_opened_read_only_refuses_writes_and_stays_unchanged(
        held: str, store_backend: StoreBackend) -> None:
    before = store_backend.dump(held)
    with Store.open(held, read_only=True) as store:
        assert store.read_only
        assert small_register() == store.load()
        with pytest.raises(StoreError, match=r"cannot record into the store .*read-only "
                                             r"\(read_only=True\)"):
            store.start("P4", day=D(2018, 6, 1), actor="reader")
    assert before == store_backend.dump(held)


def _as_someone_who_cannot_write(folder: Path, read: Callable[[], object]) -> object:
    """
    ``read()`` with ``folder`` read-only: as this user if it is not root (for
    whom permissions do not apply), else in a child process as ``nobody``.
    """
    folder.chmod(0o555)
    try:
        if os.geteuid() != 0:
            return read()
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's result comes back through the pipe
            try:
                os.setgid(65534)
                os.setuid(65534)
                result: object = ("ok", read())
            except BaseException as e:
                result = ("error", f"{type(e).__name__}: {e}")
            os.write(writer, pickle.dumps(result))
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader, "rb") as answer:
            data = answer.read()
        os.waitpid(child, 0)
        kind, value = pickle.loads(data)
        assert "ok" == kind, value
        return value
    finally:
        folder.chmod(0o755)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """
    A folder that another user can reach (pytest's own are private to this one).
    """
    top = Path(tempfile.mkdtemp(prefix="forloeb-read-only-"))
    top.chmod(0o755)
    folder = top / "backup"
    folder.mkdir()
    yield folder
    shutil.rmtree(top)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_store_in_a_read_only_folder_can_be_read(shared_folder: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_folder / "2018.sqlite"
    Store.import_into(path, forloeb.load(EXAMPLE), actor="import")
    path.chmod(0o666)  # the file may be written; its folder may not
    expected_sla = main(["sla", str(path), "--as-of", "2018-06-30", "--format", "json"])
    expected = capsys.readouterr().out
    before = files_in(shared_folder)

    def read() -> object:
        register = forloeb.load(path)
        with Store.open(path) as store:
            history = [c.action for c in store.history("SA1-P27")]
            due = store.next_due("SA1-P27", as_of=D(2018, 6, 30))
            try:
                store.start("SA1-P27", day=D(2018, 7, 1), actor="reader")
            except StoreError as e:
                refused = str(e)
        status = main(["sla", str(path), "--as-of", "2018-06-30", "--format", "json"])
        out, err = capsys.readouterr()
        return len(register.pathways), history, due, refused, status, out, err

    pathways, history, due, refused, status, out, err = _as_someone_who_cannot_write(
        shared_folder, read)  # type: ignore[misc]
    assert (79, {"import"}) == (pathways, set(history))
    assert forloeb.next_due(forloeb.load(EXAMPLE), "SA1-P27", as_of=D(2018, 6, 30)) == due
    assert f"cannot record into the store {path}: its folder {shared_folder} cannot be " \
           "written" == refused
    assert (expected_sla, expected, "") == (status, out, err)
    assert before == files_in(shared_folder)


# -- damage ---------------------------------------------------------------------------------

#: Cells edited by hand, what forloeb says of each, and whether PostgreSQL's
#: column types already refuse the edit itself (a date column holds only
#: dates): True, or the edit as it would be tried there.
EDITS = [
    ("UPDATE pathways SET start_date = 'garbage' WHERE pathway_id = 'P2'",
     "table pathways, row 2, column start_date: 'garbage' is not a date (YYYY-MM-DD)", True),
    ("UPDATE events SET type = 'visit' WHERE seq = 3",
     "table events, row 3, column type: 'visit' is not a known event type", False),
    ("UPDATE agreements SET slots = 'eight' WHERE agreement_id = 'SA2'",
     "table agreements, row 2, column slots: 'eight' is not a whole number", True),
    ("UPDATE events SET value = 'lots' WHERE seq = 2",
     "table events, row 2, column value: 'lots' is not a whole number", True),
    # (x'00ff' is a blob in SQLite, but bits that become text in PostgreSQL.)
    ("UPDATE events SET note = x'00ff' WHERE seq = 1",
     "table events, row 1, column note: a blob of 2 bytes is not text",
     "UPDATE events SET note = E'\\xff' WHERE seq = 1"),
    ("UPDATE pathways SET outcome = 'flexjob' WHERE pathway_id = 'P1'",
     "table pathways, row 1, column outcome: 'flexjob' is not a known outcome code; "
     "did you mean 'fleksjob'?", False),
    ("UPDATE pathways SET plan_co_created = 7 WHERE pathway_id = 'P1'",
     "table pathways, row 1, column plan_co_created: 7 is not 0 or 1", True),
    ("UPDATE agreements SET price_per_pathway = 'NaN' WHERE agreement_id = 'SA1'",
     "table agreements, row 1, column price_per_pathway: NaN is not a decimal amount", False),
    ("UPDATE employments SET kind = 'flexjob' WHERE employment_id = 'E1'",
     "table employments, row 1, column kind: 'flexjob' is not a known kind of employment; "
     "did you mean 'fleksjob'?", False),
    ("UPDATE employment_events SET hours_per_week = 'many' WHERE seq = 1",
     "table employment_events, row 1, column hours_per_week: 'many' is not a decimal amount",
     True),
    ("UPDATE employment_events SET type = 'visit' WHERE seq = 1",
     "table employment_events, row 1, column type: 'visit' is not a known event type", False),
]


@pytest.mark.parametrize(("sql", "where", "typed_away"), EDITS,
                         ids=[e[1].split(":")[0] for e in EDITS])
def test_a_cell_edited_by_hand_is_one_error_naming_table_row_and_column(
        held: str, store_backend: StoreBackend, capsys: pytest.CaptureFixture[str],
        sql: str, where: str, typed_away: bool | str) -> None:
    if store_backend.name == "postgres" and typed_away:
        import psycopg

        with pytest.raises((psycopg.DataError, psycopg.ProgrammingError)):
            store_backend.edit(held, sql if typed_away is True else typed_away)
        assert small_register() == forloeb.load(held)
        return
    edit_sql = sql.replace("'NaN'", "'NaN'::numeric") if store_backend.name == "postgres" \
        else sql
    store_backend.edit(held, edit_sql)
    if store_backend.name == "sqlite":
        where = where.replace("NaN is not", "'NaN' is not")
    with pytest.raises(StoreError) as refused:
        forloeb.load(held)
    assert f"the store {held} is damaged: {where}" in str(refused.value)
    status, out, err = run("evaluate", held, capsys=capsys)
    assert (1, "") == (status, out)
    assert where in err
    assert "Traceback" not in err


def test_a_store_that_refused_a_damaged_read_still_answers_and_records(
        held: str, store_backend: StoreBackend) -> None:
    """
    A read stopped half-way by a damaged row leaves nothing open behind it.
    """
    store_backend.edit(held, "UPDATE events SET type = 'visit' WHERE seq = 1")
    with Store.open(held) as store:
        for _ in range(2):
            with pytest.raises(StoreError, match="row 1, column type: 'visit'"):
                store.load()
        assert "fleksjob" == store.pathway("P1").outcome
        store.refer("P5", agreement_id="SA2", participant_id="D-5", day=D(2018, 6, 1),
                    actor="anna")
        assert ["refer"] == [c.action for c in store.history("P5")]


def test_a_recorded_time_out_of_order_is_named(held: str, store_backend: StoreBackend
                                               ) -> None:
    with Store.open(held) as store:
        store.start("P4", day=D(2018, 6, 1), actor="anna",
                    recorded_at=dt.datetime(2018, 7, 2, tzinfo=UTC))
    store_backend.edit(held, "UPDATE changes SET recorded_at = '2018-06-01T00:00:00.000000Z' "
                             "WHERE change_id = (SELECT max(change_id) FROM changes)")
    with Store.open(held) as store, pytest.raises(
            StoreError, match=r"column recorded_at: 2018-06-01T00:00:00.000000Z is earlier "
                              r"than the change before it \(2018-07-01T00:00:00.000000Z\)"):
        store.load(known_at=D(2018, 7, 1))


def test_a_recorded_time_edited_by_hand_is_named(path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    edit(path, "UPDATE changes SET recorded_at = 'yesterday'")
    where = "table changes, row 1, column recorded_at: 'yesterday' is not a time"
    with Store.open(path) as store:
        assert small_register() == store.load()  # today's register does not need the times
        for attempt in (lambda: store.load(known_at=D(2018, 7, 1)),
                        lambda: store.history("P1"),
                        lambda: store.start("P4", day=D(2018, 6, 1), actor="anna")):
            with pytest.raises(StoreError, match=where):
                attempt()
    status, _, err = run("history", "P1", str(path), capsys=capsys)
    assert 1 == status
    assert where in err


def test_rows_that_break_the_rules_are_listed_with_their_rows(
        held: str, store_backend: StoreBackend) -> None:
    store_backend.edit(held, "UPDATE pathways SET end_date = '2016-01-01' "
                             "WHERE pathway_id = 'P1'")
    store_backend.edit(held, "UPDATE collaboration SET rating = 9")
    with pytest.raises(StoreError) as refused:
        forloeb.load(held)
    message = str(refused.value)
    assert "changed outside forloeb (4 problems)" in message
    assert "table pathways row 1, column end_date: " in message
    assert "table events row 2, column date: pathway P1, effect on 2017-04-01: dated after " \
        "the end on 2016-01-01 (rule 4)" in message
    assert "table collaboration row 1, column rating: " in message


def test_damage_that_sqlite_finds_is_reported_with_its_integrity_check(path: Path) -> None:
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'events_by_pathway'").fetchone()
    connection.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    with Store.open(path) as store:
        problems = store.check_integrity()
        with pytest.raises(StoreError, match=r"is damaged \(.*malformed\); PRAGMA "
                                             r"integrity_check reports: "):
            store.events_of("P1")
    assert problems


def _checked(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(path)], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_forloeb_check_finds_damage_that_loading_does_not_read(path: Path) -> None:
    # A damaged index: every row still loads, but the store is not sound.
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'events_by_pathway'").fetchone()
    connection.close()
    forloeb.load(path)  # nothing raised
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    status, out, err = _checked(path)
    assert (1, f"{path}: 1 problem found\n") == (status, err)
    assert "malformed" in out


def test_forloeb_check_finds_a_recorded_time_forloeb_did_not_write(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE changes SET recorded_at = 'yesterday' WHERE change_id = 1")
    connection.commit()
    connection.close()
    assert (1, "table changes, row 1, column recorded_at: 'yesterday' is not a time as "
               "forloeb records it (2018-07-01T12:00:00.000000Z)\n",
            f"{path}: 1 problem found\n") == _checked(path)


def test_text_that_is_not_utf8_is_named_by_table_row_and_column_never_shown(
        path: Path) -> None:
    connection = sqlite3.connect(path)
    (seq,) = connection.execute("SELECT min(seq) FROM events").fetchone()
    # "Forl", a byte no UTF-8 text holds, then a CPR number.
    connection.execute("UPDATE events SET note = CAST(X'466f726cff30313031393031323334' "
                       "AS TEXT) WHERE seq = ?", (seq,))
    connection.commit()
    connection.close()
    for command in (["evaluate", str(path)], ["check", str(path)]):
        out, err = io.StringIO(), io.StringIO()
        assert (1, "", f"the store {path} is damaged: table events, row {seq}, column note: "
                       "the text is not UTF-8; restore it from a backup\n") == (
            main(command, stdout=out, stderr=err), out.getvalue(), err.getvalue())


def test_forloeb_check_of_a_sound_store_is_valid(path: Path) -> None:
    status, out, err = _checked(path)
    assert (0, "") == (status, err)
    assert out.startswith(f"{path}: valid")


@pytest.fixture(scope="module")
def store_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("flips") / "store.sqlite"
    Store.import_into(path, small_register(), actor="import")
    return path.read_bytes()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 7)), min_size=1,
                      max_size=3))
def test_flipped_bits_load_or_give_the_librarys_error(tmp_path: Path, store_bytes: bytes,
                                                      flips: list[tuple[int, int]]) -> None:
    """
    Property: whatever bits flip, reading the store either works or raises
    ForloebError; never another exception.
    """
    data = bytearray(store_bytes)
    for position, bit in flips:
        data[position % len(data)] ^= 1 << bit
    path = tmp_path / "flipped.sqlite"
    path.write_bytes(bytes(data))
    try:
        with Store.open(path, read_only=True) as store:
            store.load()
            store.history("P1")
            store.next_due("P2", as_of=D(2018, 6, 30))
            store.check_integrity()
    except ForloebError:
        pass
    finally:
        path.unlink()


# -- numbers and kinds SQLite cannot keep ------------------------------------------------------


def test_a_number_sqlite_cannot_hold_never_reaches_it() -> None:
    agreement = Agreement("SA1", D(2018, 1, 1), slots=2**63, plan_deadline_weeks=1,
                          frame_weeks=1)
    with pytest.raises(InvalidArgument, match=r"agreement\.slots is the int 9223372036854775808, "
                                              r"more than the store can hold"):
        to_sql("agreements")(agreement)
    event = Event("P1", D(2018, 1, 1), EventType.EXTENSION, value=-(10**5000))
    with pytest.raises(InvalidArgument, match=r"event\.value is an int of about 5001 digits"):
        list(first_rows("events", [event], change_id=1))
    assert (None, 1, 0, "P1", "2018-01-01", "extension", None, 2**63 - 1, "") == next(
        first_rows("events", [Event("P1", D(2018, 1, 1), EventType.EXTENSION,
                                    value=2**63 - 1)], change_id=1))


def test_recording_a_huge_number_is_refused_and_records_nothing(held: str) -> None:
    with Store.open(held) as store:
        before = store.load()
        with pytest.raises(ForloebError, match="value"):
            store.record_event(Event("P2", D(2017, 6, 1), EventType.EXTENSION, value=10**20),
                               actor="anna")
        with pytest.raises(ForloebError, match="rating"):
            store.add_note(CollaborationNote("SA1", D(2017, 6, 1), rating=2**64), actor="anna")
        with pytest.raises(ForloebError, match="grace_days"):
            store.correct_agreement("SA1", grace_days=10**19, actor="anna")
        with pytest.raises(RuleViolation, match=r"note 'a\\x00b' holds a control character "
                                                r"\(U\+0000\)"):
            store.record_event(Event("P2", D(2017, 6, 1), EventType.FOLLOWUP, note="a\x00b"),
                               actor="anna")
        assert before == store.load()


# -- the arguments of the recording API -------------------------------------------------------

_VALID: dict[str, dict[str, object]] = {
    "refer": {"pathway_id": "P9", "agreement_id": "SA2", "participant_id": "D-9",
              "day": D(2018, 5, 1), "target_group": None},
    "start": {"pathway_id": "P4", "day": D(2018, 5, 7)},
    "end": {"pathway_id": "P3", "day": D(2018, 6, 1), "outcome": "fleksjob"},
    "cancel": {"pathway_id": "P4", "day": D(2018, 5, 7)},
    "extend": {"pathway_id": "P3", "day": D(2017, 6, 2), "weeks": 4},
    "record_plan": {"pathway_id": "P3", "day": D(2017, 5, 3), "co_created": True,
                    "own_goals": None},
}
_EXPECTED = {"pathway_id": str, "agreement_id": str, "participant_id": str, "outcome": str,
             "target_group": (str, type(None)), "day": D, "weeks": int,
             "co_created": (bool, type(None)), "own_goals": (bool, type(None))}
_ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                      st.text(max_size=12), st.dates(), st.datetimes(),
                      st.lists(st.integers(), max_size=2))


def _wrong(name: str, value: object) -> bool:
    expected = _EXPECTED[name]
    if isinstance(value, bool) and expected is int:
        return True
    if isinstance(value, dt.datetime) and expected is D:
        return True
    return not isinstance(value, expected)


@pytest.fixture(scope="module")
def argument_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("arguments") / "store.sqlite"
    Store.import_into(path, small_register(), actor="import")
    with Store.open(path) as store:
        yield store


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_wrong_argument_is_named_with_what_was_given_and_expected(
        argument_store: Store, data: st.DataObject) -> None:
    """
    Property: one argument of any recording call replaced by a value of the
    wrong kind raises InvalidArgument naming that argument, and records nothing.
    """
    from forloeb import recording

    method = data.draw(st.sampled_from(sorted(_VALID)), label="method")
    arguments = dict(_VALID[method])
    name = data.draw(st.sampled_from(sorted(arguments)), label="argument")
    arguments[name] = data.draw(_ANYTHING.filter(lambda v: _wrong(name, v)), label="value")
    pathway_id = arguments.pop("pathway_id")
    changes = len(argument_store.history("P3"))
    with pytest.raises(InvalidArgument) as refused:
        getattr(argument_store, method)(pathway_id, **arguments, actor="anna")
    assert str(refused.value).startswith(f"{name} must be ")
    assert changes == len(argument_store.history("P3"))
    if method != "record_plan":
        with pytest.raises(InvalidArgument, match=f"^{name} must be "):
            getattr(recording, method)(small_register(), pathway_id, **arguments)


def test_a_wrong_field_of_a_recorded_object_or_correction_is_named(argument_store: Store
                                                                   ) -> None:
    with pytest.raises(InvalidArgument, match=r"^event\.date must be a datetime\.date, not "
                                              r"the str '2018-01-01'"):
        argument_store.record_event(Event("P3", "2018-01-01", EventType.FOLLOWUP),  # type: ignore[arg-type]
                                    actor="anna")
    with pytest.raises(InvalidArgument, match=r"^start_date must be a datetime\.date or None"):
        argument_store.correct_pathway("P3", start_date="2017-05-02", actor="anna")
    with pytest.raises(InvalidArgument, match=r"^event_id must be a whole number"):
        argument_store.retract_event("1", actor="anna")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^actor must be"):
        argument_store.retract_event(1, actor=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^as_of must be a datetime\.date"):
        argument_store.next_due("P3", as_of="2018-06-30")  # type: ignore[arg-type]


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: s.hire("E2", actor="anna"),
     r"^employment must be a forloeb\.Employment, not the str 'E2'"),
    (lambda s: s.hire(Employment("E2", "D-2", "Sumak", "deltid", D(2018, 1, 1), 20.5),
                      actor="anna"),
     r"^employment\.hours_per_week must be "),
    (lambda s: s.record_employment_event(
        EmploymentEvent("E1", "2018-04-01", EmploymentEventType.REVIEW), actor="anna"),
     r"^event\.date must be a datetime\.date, not the str '2018-04-01'"),
    (lambda s: s.end_employment("E1", day="2018-06-30", actor="anna"),
     r"^day must be a datetime\.date, not the str '2018-06-30'"),
    (lambda s: s.end_employment(1, day=D(2018, 6, 30), actor="anna"),
     r"^employment_id must be text \(a str\), not "),
    (lambda s: s.correct_employment("E1", intensity="80", actor="anna"),
     r"^intensity must be a whole number"),
    (lambda s: s.correct_employment_event("1", note="x", actor="anna"),
     r"^event_id must be a whole number"),
    (lambda s: s.retract_employment_event(0, actor="anna"),
     r"^event_id must be an id that the store gave"),
    (lambda s: s.retract_employment("E1", actor=""), r"^actor must be"),
    (lambda s: s.employment_deadlines("E1", as_of="2018-06-30"),
     r"^as_of must be a datetime\.date"),
    (lambda s: s.next_due_for_employment(None, as_of=D(2018, 6, 30)),
     r"^employment_id must be text \(a str\), not "),
    (lambda s: s.employment_events_of(7), r"^employment_id must be text \(a str\), not "),
], ids=range(12))
def test_a_wrong_argument_about_a_hire_is_named_and_records_nothing(
        argument_store: Store, call: Callable[[Store], object], message: str) -> None:
    changes = len(argument_store.employment_history("E1"))
    with pytest.raises(InvalidArgument, match=message):
        call(argument_store)
    assert changes == len(argument_store.employment_history("E1"))


# -- one pathway's deadlines ------------------------------------------------------------------


def test_per_pathway_deadlines_answer_what_the_whole_register_answers(location: str
                                                                     ) -> None:
    from forloeb.sla import check_pathway

    register = forloeb.load(EXAMPLE)
    Store.import_into(location, register, actor="import")
    with Store.open(location, read_only=True) as store:
        for as_of in (D(2017, 6, 30), D(2018, 6, 30), D(2019, 1, 1)):
            for pathway in register.pathways:
                pathway_id = pathway.pathway_id
                agreement = register.agreement(pathway.agreement_id)
                assert forloeb.next_due(register, pathway_id, as_of=as_of) == \
                    store.next_due(pathway_id, as_of=as_of)
                assert check_pathway(pathway, agreement, register.events_of(pathway_id),
                                     as_of=as_of) == store.deadlines(pathway_id, as_of=as_of)


def test_per_hire_deadlines_answer_what_the_whole_register_answers(location: str) -> None:
    """
    The flexjob reviews of the example's hires, asked of the store one hire
    at a time, are what the register from CSV answers.
    """
    from forloeb.sla import employment_findings

    register = forloeb.load(EXAMPLE)
    Store.import_into(location, register, actor="import")
    reviews = 0
    with Store.open(location, read_only=True) as store:
        for as_of in (D(2018, 6, 30), D(2019, 1, 31), D(2019, 6, 30)):
            for job in register.employments:
                employment_id = job.employment_id
                assert forloeb.next_due_for_employment(register, employment_id, as_of=as_of) \
                    == store.next_due_for_employment(employment_id, as_of=as_of)
                found = store.employment_deadlines(employment_id, as_of=as_of)
                assert employment_findings(register, job, as_of=as_of) == found
                reviews += len(found)
    assert reviews > 0


def test_per_pathway_deadlines_read_no_other_pathway(held: str, store_backend: StoreBackend
                                                     ) -> None:
    """
    Another pathway's rows damaged beyond reading do not stop one pathway's answer.
    """
    expected = forloeb.next_due(small_register(), "P2", as_of=D(2018, 6, 30))
    store_backend.edit(held, "UPDATE pathways SET outcome = 'flexjob' WHERE pathway_id != 'P2'")
    store_backend.edit(held, "UPDATE events SET type = 'visit' WHERE pathway_id != 'P2'")
    with Store.open(held) as store:
        assert expected == store.next_due("P2", as_of=D(2018, 6, 30))
        assert [] != store.deadlines("P2", as_of=D(2018, 6, 30))
        with pytest.raises(StoreError, match="damaged"):
            store.next_due("P1", as_of=D(2018, 6, 30))
