"""
The store's tables, its schema versions and the forward migrations between them.

Every table of a register becomes a table of *row versions*: nothing is
updated in place. A row's first version has ``original`` NULL; each later
version (a correction or a retraction) repeats the whole row with
``original`` set to the first version's ``seq``, so ``coalesce(original, seq)``
is the item's lasting id. ``change_id`` points at the row of ``changes`` that
says when (``recorded_at``, UTC) and by whom (``actor``) the version was
recorded; one change is one transaction.

The DDL is written out literally per version, never derived from
:mod:`forloeb.schema`: a new register column needs a new schema version and a
migration, and ``tests/test_store_schema.py`` fails until it has one.
"""

from __future__ import annotations

import sqlite3

#: The schema version this forloeb writes (``PRAGMA user_version``).
SCHEMA_VERSION = 2

#: ``PRAGMA application_id`` of a forloeb store: "Forl" in ASCII.
APPLICATION_ID = 0x466F726C

#: The columns every versioned table starts with, before the register's own.
VERSION_COLUMNS = ("seq", "original", "change_id", "retracted")

_VERSIONED = """
    seq        INTEGER PRIMARY KEY,
    original   INTEGER,
    change_id  INTEGER NOT NULL,
    retracted  INTEGER NOT NULL DEFAULT 0,
"""

_TABLES_V1 = f"""
CREATE TABLE changes (
    change_id   INTEGER PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL
);
CREATE TABLE agreements ({_VERSIONED}
    agreement_id               TEXT NOT NULL,
    name                       TEXT NOT NULL DEFAULT '',
    provider                   TEXT NOT NULL DEFAULT '',
    start_date                 TEXT NOT NULL,
    end_date                   TEXT,
    slots                      INTEGER NOT NULL,
    extra_slots                INTEGER NOT NULL DEFAULT 0,
    plan_deadline_weeks        INTEGER NOT NULL,
    frame_weeks                INTEGER NOT NULL,
    attendance_interval_months INTEGER NOT NULL DEFAULT 2,
    grace_days                 INTEGER NOT NULL DEFAULT 0,
    followup_interval_weeks    INTEGER,
    pause_on_absence           INTEGER NOT NULL DEFAULT 0,
    positive_outcomes          TEXT NOT NULL,
    allowed_outcomes           TEXT,
    price_per_pathway          TEXT
);
CREATE TABLE pathways ({_VERSIONED}
    pathway_id      TEXT NOT NULL,
    agreement_id    TEXT NOT NULL,
    participant_id  TEXT NOT NULL,
    target_group    TEXT,
    referred_date   TEXT,
    start_date      TEXT,
    end_date        TEXT,
    outcome         TEXT,
    plan_date       TEXT,
    plan_co_created INTEGER,
    plan_own_goals  INTEGER,
    no_plan_reason  TEXT
);
CREATE TABLE events ({_VERSIONED}
    pathway_id TEXT NOT NULL,
    date       TEXT NOT NULL,
    type       TEXT NOT NULL,
    code       TEXT,
    value      INTEGER,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE collaboration ({_VERSIONED}
    agreement_id TEXT NOT NULL,
    date         TEXT NOT NULL,
    author       TEXT NOT NULL DEFAULT '',
    rating       INTEGER,
    note         TEXT NOT NULL DEFAULT ''
);
"""

#: Per table, the indexes that look items up (dropped and rebuilt around a bulk import).
INDEXES: dict[str, tuple[tuple[str, str], ...]] = {
    "agreements": (("agreements_by_id", "agreement_id"),),
    "pathways": (("pathways_by_id", "pathway_id"), ("pathways_by_agreement", "agreement_id")),
    "events": (("events_by_pathway", "pathway_id"),),
    "collaboration": (("collaboration_by_agreement", "agreement_id"),),
}


def index_statements(table: str) -> list[str]:
    """
    The ``CREATE INDEX`` statements of one table's lookup indexes.
    """
    return [f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"
            for name, column in INDEXES[table]]


def _corrections_index(table: str) -> str:
    # Few rows are corrections; a partial index finds them without a full scan,
    # so loading a store reads the first versions in one pass in rowid order.
    return (f"CREATE INDEX IF NOT EXISTS {table}_corrections ON {table} (original) "
            "WHERE original IS NOT NULL")


def create_v1(connection: sqlite3.Connection) -> None:
    """
    Create the version 1 schema (kept to create old stores in migration tests).

    Version 1 had no ``changes.action`` and no index of corrections.
    """
    # Not executescript(): it would commit the caller's transaction first.
    for statement in _TABLES_V1.split(";"):
        if statement.strip():
            connection.execute(statement)
    for table in INDEXES:
        for statement in index_statements(table):
            connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")


def _migrate_1_to_2(connection: sqlite3.Connection) -> None:
    # What kind of change a row is (refer, start, import, ...) shows in the history;
    # changes recorded before version 2 say nothing.
    connection.execute("ALTER TABLE changes ADD COLUMN action TEXT NOT NULL DEFAULT ''")
    for table in INDEXES:
        connection.execute(_corrections_index(table))


#: ``MIGRATIONS[n]`` takes a store from version ``n`` to ``n + 1``.
MIGRATIONS = {1: _migrate_1_to_2}


def create(connection: sqlite3.Connection) -> None:
    """
    Create the current schema in an empty database, inside the caller's transaction.

    A new store is made as version 1 and migrated, so every store, old or new,
    has gone through the same steps.
    """
    create_v1(connection)
    migrate(connection, 1)


def migrate(connection: sqlite3.Connection, version: int) -> None:
    """
    Bring a store at ``version`` up to :data:`SCHEMA_VERSION`, inside the
    caller's transaction (a failed step leaves the store at ``version``).
    """
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](connection)
        version += 1
        connection.execute(f"PRAGMA user_version = {version}")
