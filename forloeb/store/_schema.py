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
migration, and ``tests/test_store_schema.py`` fails until it has one. It is
written once for every backend, with the column types as placeholders that
each dialect fills (``{date}`` is ``TEXT`` in SQLite, ``DATE`` in
PostgreSQL; see :class:`~forloeb.store._backend.Dialect`), so every store,
SQLite or PostgreSQL, goes through the same versions and the same
migrations. A migration is one function over a :class:`Backend`, run inside
the caller's transaction; where the dialects need different SQL for a step,
the step reads ``backend.dialect``.
"""

from __future__ import annotations

from forloeb.store._backend import Backend

#: The schema version this forloeb writes (SQLite's ``PRAGMA user_version``,
#: the ``forloeb_store`` table in PostgreSQL).
SCHEMA_VERSION = 2

#: ``PRAGMA application_id`` of a forloeb store: "Forl" in ASCII.
APPLICATION_ID = 0x466F726C

#: The columns every versioned table starts with, before the register's own.
VERSION_COLUMNS = ("seq", "original", "change_id", "retracted")

_VERSIONED = """
    seq        {key},
    original   {int},
    change_id  {int} NOT NULL,
    retracted  {flag} NOT NULL DEFAULT 0,
"""

_TABLES_V1 = f"""
CREATE TABLE changes (
    change_id   {{key}},
    recorded_at {{stamp}} NOT NULL,
    actor       TEXT NOT NULL
);
CREATE TABLE agreements ({_VERSIONED}
    agreement_id               TEXT NOT NULL,
    name                       TEXT NOT NULL DEFAULT '',
    provider                   TEXT NOT NULL DEFAULT '',
    start_date                 {{date}} NOT NULL,
    end_date                   {{date}},
    slots                      {{int}} NOT NULL,
    extra_slots                {{int}} NOT NULL DEFAULT 0,
    plan_deadline_weeks        {{int}} NOT NULL,
    frame_weeks                {{int}} NOT NULL,
    attendance_interval_months {{int}} NOT NULL DEFAULT 2,
    grace_days                 {{int}} NOT NULL DEFAULT 0,
    followup_interval_weeks    {{int}},
    pause_on_absence           {{bool}} NOT NULL DEFAULT {{false}},
    positive_outcomes          TEXT NOT NULL,
    allowed_outcomes           TEXT,
    price_per_pathway          {{decimal}}
);
CREATE TABLE pathways ({_VERSIONED}
    pathway_id      TEXT NOT NULL,
    agreement_id    TEXT NOT NULL,
    participant_id  TEXT NOT NULL,
    target_group    TEXT,
    referred_date   {{date}},
    start_date      {{date}},
    end_date        {{date}},
    outcome         TEXT,
    plan_date       {{date}},
    plan_co_created {{bool}},
    plan_own_goals  {{bool}},
    no_plan_reason  TEXT
);
CREATE TABLE events ({_VERSIONED}
    pathway_id TEXT NOT NULL,
    date       {{date}} NOT NULL,
    type       TEXT NOT NULL,
    code       TEXT,
    value      {{int}},
    note       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE collaboration ({_VERSIONED}
    agreement_id TEXT NOT NULL,
    date         {{date}} NOT NULL,
    author       TEXT NOT NULL DEFAULT '',
    rating       {{int}},
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


def create_v1(backend: Backend) -> None:
    """
    Create the version 1 schema (kept to create old stores in migration tests).

    Version 1 had no ``changes.action`` and no index of corrections.
    """
    # One statement at a time, inside the caller's transaction (SQLite's
    # executescript() would commit it first).
    for statement in backend.dialect.ddl(_TABLES_V1).split(";"):
        if statement.strip():
            backend.execute(statement)
    for table in INDEXES:
        for statement in index_statements(table):
            backend.execute(statement)
    backend.write_version(1)


def _migrate_1_to_2(backend: Backend) -> None:
    # What kind of change a row is (refer, start, import, ...) shows in the history;
    # changes recorded before version 2 say nothing.
    backend.execute("ALTER TABLE changes ADD COLUMN action TEXT NOT NULL DEFAULT ''")
    for table in INDEXES:
        backend.execute(_corrections_index(table))


#: ``MIGRATIONS[n]`` takes a store from version ``n`` to ``n + 1``, in every backend.
MIGRATIONS = {1: _migrate_1_to_2}


def create(backend: Backend) -> None:
    """
    Create the current schema in an empty database, inside the caller's transaction.

    A new store is made as version 1 and migrated, so every store, old or new,
    SQLite or PostgreSQL, has gone through the same steps.
    """
    create_v1(backend)
    migrate(backend, 1)


def migrate(backend: Backend, version: int) -> None:
    """
    Bring a store at ``version`` up to :data:`SCHEMA_VERSION`, inside the
    caller's transaction (a failed step leaves the store at ``version``).
    """
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](backend)
        version += 1
        backend.write_version(version)
