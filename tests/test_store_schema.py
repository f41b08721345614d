"""
The store's schema: versions, forward migrations, and files that are not stores.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

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


def _v1_store(path: Path) -> None:
    """
    A store as forloeb's schema version 1 wrote it, with one pathway and an event.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    create_v1(connection)
    connection.execute("INSERT INTO changes (recorded_at, actor) "
                       "VALUES ('2017-07-01T10:00:00.000000Z', 'old tool')")
    connection.execute(
        "INSERT INTO agreements (change_id, agreement_id, start_date, slots, "
        "plan_deadline_weeks, frame_weeks, positive_outcomes) "
        "VALUES (1, 'SA1', '2017-01-01', 8, 4, 52, 'fleksjob;ordinaert_job;uddannelse')")
    connection.execute(
        "INSERT INTO pathways (change_id, pathway_id, agreement_id, participant_id, start_date) "
        "VALUES (1, 'P1', 'SA1', 'D-1', '2017-06-01')")
    connection.execute(
        "INSERT INTO events (change_id, pathway_id, date, type, code) "
        "VALUES (1, 'P1', '2017-06-20', 'followup', 'held')")
    connection.execute("COMMIT")
    connection.close()


def test_a_new_store_is_marked_as_forloebs_at_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store.open(path, create=True).close()
    assert (APPLICATION_ID, SCHEMA_VERSION) == (_pragma(path, "application_id"),
                                                _pragma(path, "user_version"))


def test_the_store_keeps_every_column_of_the_register_format(tmp_path: Path) -> None:
    """
    A new column in forloeb.schema needs a new store version and a migration.
    """
    path = tmp_path / "new.sqlite"
    Store.open(path, create=True).close()
    connection = sqlite3.connect(path)
    for name in STORED_TABLES:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({name})")]
        assert [*VERSION_COLUMNS, *TABLES[name].column_names] == columns
    connection.close()


def test_a_version_1_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _v1_store(path)
    assert 1 == _pragma(path, "user_version")
    with Store.open(path) as store:
        register = store.load()
        (change,) = [c for c in store.history("P1") if c.item == "pathway"]
        # The migrated store takes new changes, with their action.
        store.refer("P2", agreement_id="SA1", participant_id="D-2",
                    day=dt.date(2018, 1, 2), actor="new tool")
        actions = [c.action for c in store.history("P2")]
    assert SCHEMA_VERSION == _pragma(path, "user_version")
    assert (dt.date(2017, 6, 1), 1) == (register.pathway("P1").start_date,
                                        len(register.events))
    assert ("old tool", "", dt.datetime(2017, 7, 1, 10, tzinfo=UTC)) == (
        change.actor, change.action, change.recorded_at)
    assert ["refer"] == actions


def test_a_store_from_a_newer_version_is_refused_and_not_touched(tmp_path: Path) -> None:
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


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE cases (id INTEGER)")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="an SQLite database, but not a forloeb store"):
        Store.open(path, create=True)


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
    from forloeb import load

    path = tmp_path / "old.sqlite"
    _v1_store(path)
    before = path.read_bytes()
    register = load(path)
    with Store.open(path, read_only=True) as store:
        assert register == store.load()
        assert ["old tool"] == [c.actor for c in store.history("P1") if c.item == "pathway"]
        with pytest.raises(StoreError, match="read-only"):
            store.start("P1", day=dt.date(2017, 6, 2), actor="reader")
    assert (1, before) == (_pragma(path, "user_version"), path.read_bytes())
