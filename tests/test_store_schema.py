"""
The store's schema: versions, forward migrations, and files or databases that
are not stores; against both backends where the test takes ``store_backend``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from store_backends import StoreBackend

from forloeb import StoreError
from forloeb.schema import STORED_TABLES, TABLES
from forloeb.store import SCHEMA_VERSION, Store
from forloeb.store._schema import APPLICATION_ID, VERSION_COLUMNS, create_v1

UTC = dt.UTC


def _pragma(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute(f"PRAGMA {name}").fetchone()[0])
    finally:
        connection.close()


def _v1_store(store_backend: StoreBackend, location: str) -> None:
    """
    A store as forloeb's schema version 1 wrote it, with one pathway and an event.
    """
    backend = store_backend.backend(location)
    try:
        backend.begin_write()
        create_v1(backend)
        backend.execute("INSERT INTO changes (recorded_at, actor) "
                        "VALUES ('2017-07-01T10:00:00.000000Z', 'old tool')")
        backend.execute(
            "INSERT INTO agreements (change_id, agreement_id, start_date, slots, "
            "plan_deadline_weeks, frame_weeks, positive_outcomes) "
            "VALUES (1, 'SA1', '2017-01-01', 8, 4, 52, 'fleksjob;ordinaert_job;uddannelse')")
        backend.execute(
            "INSERT INTO pathways (change_id, pathway_id, agreement_id, participant_id, "
            "start_date) VALUES (1, 'P1', 'SA1', 'D-1', '2017-06-01')")
        backend.execute(
            "INSERT INTO events (change_id, pathway_id, date, type, code) "
            "VALUES (1, 'P1', '2017-06-20', 'followup', 'held')")
        backend.commit()
    finally:
        backend.close()


def _header(store_backend: StoreBackend, location: str) -> tuple[int, int]:
    """
    The application id and the schema version, as the database holds them.
    """
    if store_backend.name == "sqlite":
        return _pragma(Path(location), "application_id"), _pragma(Path(location),
                                                                  "user_version")
    rows = [row for row in store_backend.dump(location) if row[0] == "forloeb_store"]
    return rows[1][1], rows[1][2]  # type: ignore[return-value]


def test_a_new_store_is_marked_as_forloebs_at_the_current_version(
        store_backend: StoreBackend, location: str) -> None:
    Store.open(location, create=True).close()
    assert (APPLICATION_ID, SCHEMA_VERSION) == _header(store_backend, location)


def test_the_store_keeps_every_column_of_the_register_format(
        store_backend: StoreBackend, location: str) -> None:
    """
    A new column in forloeb.schema needs a new store version and a migration.
    """
    Store.open(location, create=True).close()
    held = {name: store_backend.columns(location, name) for name in STORED_TABLES}
    for name in STORED_TABLES:
        assert [*VERSION_COLUMNS, *TABLES[name].column_names] == held[name]


def test_a_version_1_store_is_migrated_and_keeps_its_data(store_backend: StoreBackend,
                                                          location: str) -> None:
    _v1_store(store_backend, location)
    assert (APPLICATION_ID, 1) == _header(store_backend, location)
    with Store.open(location) as store:
        register = store.load()
        (change,) = [c for c in store.history("P1") if c.item == "pathway"]
        # The migrated store takes new changes, with their action.
        store.refer("P2", agreement_id="SA1", participant_id="D-2",
                    day=dt.date(2018, 1, 2), actor="new tool")
        actions = [c.action for c in store.history("P2")]
    assert SCHEMA_VERSION == _header(store_backend, location)[1]
    assert (dt.date(2017, 6, 1), 1) == (register.pathway("P1").start_date,
                                        len(register.events))
    assert ("old tool", "", dt.datetime(2017, 7, 1, 10, tzinfo=UTC)) == (
        change.actor, change.action, change.recorded_at)
    assert ["refer"] == actions


def test_a_store_from_a_newer_version_is_refused_and_not_touched(
        store_backend: StoreBackend, location: str) -> None:
    with Store.open(location, create=True) as store:
        store.load()
    store_backend.edit(location, {
        "sqlite": f"PRAGMA user_version = {SCHEMA_VERSION + 1}",
        "postgres": f"UPDATE forloeb_store SET schema_version = {SCHEMA_VERSION + 1}",
    }[store_backend.name])
    before = store_backend.dump(location)
    for read_only in (False, True):
        with pytest.raises(StoreError, match=f"newer forloeb.*version {SCHEMA_VERSION + 1}.*"
                                             "upgrade forloeb"):
            Store.open(location, read_only=read_only)
    assert before == store_backend.dump(location)


def test_a_newer_sqlite_store_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    with Store.open(path, create=True) as store:
        store.load()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=f"newer forloeb.*version {SCHEMA_VERSION + 1}.*"
                                         "upgrade forloeb"):
        Store.open(path)
    assert before == path.read_bytes()
    assert not Path(f"{path}-wal").exists()


def test_another_programs_database_is_refused(store_backend: StoreBackend,
                                              location: str) -> None:
    store_backend.edit(location, "CREATE TABLE cases (id INTEGER)")
    before = store_backend.dump(location)
    kind = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[store_backend.name]
    for create in (True, False):
        with pytest.raises(StoreError, match=f"an? {kind} database, but not a forloeb store"):
            Store.open(location, create=create)
    assert before == store_backend.dump(location)


def test_an_empty_file_or_an_empty_database_is_not_turned_into_a_store(tmp_path: Path) -> None:
    empty_file = tmp_path / "empty.sqlite"
    empty_file.touch()
    empty_database = tmp_path / "empty-database.sqlite"
    sqlite3.connect(empty_database).execute("VACUUM").connection.close()
    for path, what in ((empty_file, "an empty file"), (empty_database, "an empty SQLite")):
        before = path.read_bytes()
        for create, read_only in ((True, False), (False, False), (False, True)):
            with pytest.raises(StoreError, match=f"is not a forloeb store: it is {what}"):
                Store.open(path, create=create, read_only=read_only)
        assert before == path.read_bytes()
        assert [path] == [p for p in tmp_path.iterdir() if p.name.startswith(path.name)]


def test_reading_an_old_store_migrates_it_in_memory_and_leaves_the_file_alone(
        tmp_path: Path) -> None:
    from store_backends import SQLiteUnderTest

    from forloeb import load

    path = tmp_path / "old.sqlite"
    _v1_store(SQLiteUnderTest(tmp_path), str(path))
    before = path.read_bytes()
    register = load(path)
    with Store.open(path, read_only=True) as store:
        assert register == store.load()
        assert ["old tool"] == [c.actor for c in store.history("P1") if c.item == "pathway"]
        with pytest.raises(StoreError, match="read-only"):
            store.start("P1", day=dt.date(2017, 6, 2), actor="reader")
    assert (1, before) == (_pragma(path, "user_version"), path.read_bytes())
