"""
The PostgreSQL backend of the store: connecting by URI, the header, locking,
bulk loading with ``COPY``, and telling PostgreSQL's failures apart.

What the store promises lives in the other modules of :mod:`forloeb.store`,
written once for every backend; this one knows how a shared PostgreSQL
database is used by several tools on several machines at once:

- Every writing transaction takes one transaction-level advisory lock
  (``pg_advisory_xact_lock``) before it reads anything, then reads the facts
  it checks under ``READ COMMITTED``, so it sees every change committed
  before it got the lock. Writers take turns exactly as in SQLite: no two
  recording calls can both take the last slot, and since every writer takes
  the same single lock there is no deadlock and no serialization failure.
  The lock is released when the transaction ends, also when the client is
  killed or its connection drops (the server then rolls back).
- Readers take no lock: one ``REPEATABLE READ READ ONLY`` transaction gives
  every table from one snapshot while others write.
- Creating the tables and migrating them take the same lock, so two tools
  starting at once do not both create or migrate. The header is the one-row
  table ``forloeb_store`` (application id and schema version).
- A bulk import writes with binary ``COPY`` (psycopg's ``cursor.copy``);
  big reads stream through a server-side cursor.

psycopg (version 3) is imported only when a ``postgresql://`` URI is opened,
so everything else works without it.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from forloeb.errors import StoreError
from forloeb.store._backend import ASKED_READ_ONLY, POSTGRES, Backend
from forloeb.store._location import shown_location
from forloeb.store._rows import TABLE_NAMES
from forloeb.store._schema import APPLICATION_ID, SCHEMA_VERSION, create, migrate

if TYPE_CHECKING:
    import psycopg

_T = TypeVar("_T")

#: The key of the advisory lock every writer takes ("Forl" in ASCII, as the
#: SQLite store's application id). Advisory locks are per database, so each
#: store has its own.
WRITE_LOCK = APPLICATION_ID

#: The table that marks a database as a forloeb store.
HEADER_TABLE = "forloeb_store"

#: What to install when psycopg is missing.
INSTALL_HINT = ("a store in PostgreSQL needs psycopg 3, which is not installed; install "
                "it with: pip install 'forloeb[postgres]'")

_names = itertools.count(1)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(INSTALL_HINT) from None
    return psycopg


def _native(sql: str) -> str:
    # The shared SQL uses ? placeholders and never a literal ? or %.
    return sql.replace("?", "%s")


class PostgresBackend(Backend):
    """
    A store in one PostgreSQL database (the tables of the connection's
    current schema), through one connection in autocommit mode: every
    transaction is begun and ended explicitly, as in SQLite.
    """

    dialect = POSTGRES
    rebuilds_indexes = False

    def __init__(self, connection: psycopg.Connection[Any], location: str) -> None:
        self.connection = connection
        self.location = location
        self.read_only: str | None = None
        #: The store's tables are to be made in the first writing transaction.
        self.create_when_written = False
        self._types: dict[str, dict[str, str]] = {}

    # -- statements ----------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self.connection.execute(_native(sql), params or None)

    def stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[Sequence[Any]]:
        # A server-side cursor: millions of rows in batches, never all at once.
        with self.connection.cursor(name=f"forloeb_{next(_names)}", binary=True) as cursor:
            cursor.itersize = 20_000
            cursor.execute(_native(sql), params or None)
            yield from cursor

    def insert(self, sql: str, params: Sequence[object], *, key: str) -> int:
        row = self.connection.execute(_native(sql) + f" RETURNING {key}", params).fetchone()
        assert row is not None
        return int(row[0])

    def insert_rows(self, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> int:
        types = self._column_types(table)
        count = 0
        with self.connection.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([types[column] for column in columns])
            write = copy.write_row
            for row in rows:
                write(row)
                count += 1
        return count

    def _column_types(self, table: str) -> dict[str, str]:
        # Binary COPY needs each column's exact type; read once from the catalogue.
        if table not in self._types:
            found = self.connection.execute(
                "SELECT a.attname, t.typname FROM pg_catalog.pg_attribute a "
                "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                "WHERE a.attrelid = (quote_ident(current_schema()) || '.' || %s)::regclass "
                "AND a.attnum > 0 AND NOT a.attisdropped", (table,)).fetchall()
            self._types[table] = {str(name): str(kind) for name, kind in found}
        return self._types[table]

    # -- transactions --------------------------------------------------------------

    def begin_write(self) -> None:
        self.connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        # Taken before anything is read: every statement after it sees every
        # change committed before this transaction got the lock.
        self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        if self.create_when_written:
            self.create_when_written = False
            # Made in this transaction: a refused or failed first import leaves no tables.
            version = self.header()
            if version is None:
                create(self)
                self._types.clear()
            elif version < SCHEMA_VERSION:
                migrate(self, version)

    def begin_read(self) -> None:
        self.connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        psycopg = _psycopg()
        if self.connection.closed:
            return
        if self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            # If the connection is gone, the server rolls back by itself.
            with contextlib.suppress(psycopg.Error):
                self.connection.execute("ROLLBACK")

    def locked(self, work: Callable[[], _T]) -> _T:
        """
        ``work()`` in one writing transaction that holds the write lock.
        """
        try:
            self.begin_write()
            result = work()
            self.commit()
        except BaseException:
            self.rollback()
            raise
        return result

    # -- the database --------------------------------------------------------------

    def write_version(self, version: int) -> None:
        if version == 1:
            self.execute(f"CREATE TABLE {HEADER_TABLE} (application_id BIGINT NOT NULL, "
                         "schema_version INTEGER NOT NULL)")
            self.execute(f"INSERT INTO {HEADER_TABLE} VALUES (?, ?)", (APPLICATION_ID, 1))
        else:
            self.execute(f"UPDATE {HEADER_TABLE} SET schema_version = ?", (version,))

    def header(self) -> int | None:
        """
        The store's schema version; ``None`` for a database that holds no
        tables (in its current schema).

        Raises:
            StoreError: the database holds other tables, or a store of a newer forloeb.
        """
        tables, marked = self.execute(
            "SELECT count(*), count(*) FILTER (WHERE c.relname = ?) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind IN ('r', 'p')", (HEADER_TABLE,)).fetchone()
        if tables == 0:
            return None
        rows = self.execute(
            f"SELECT application_id, schema_version FROM {HEADER_TABLE}").fetchall() \
            if marked else []
        if len(rows) != 1 or rows[0][0] != APPLICATION_ID or rows[0][1] < 1:
            raise StoreError(f"{self.location} is a PostgreSQL database, but not a forloeb "
                             f"store: it holds {tables} other table{'s' * (tables > 1)}")
        version = int(rows[0][1])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location} was written by a newer forloeb (store schema version "
                f"{version}; this forloeb knows versions up to {SCHEMA_VERSION}); upgrade "
                "forloeb to use it. The store was not changed.")
        return version

    def why_read_only(self) -> str | None:
        """
        Why this role cannot record into the store here, or ``None``.
        """
        standby, may_insert = self.execute(
            "SELECT pg_is_in_recovery(), has_table_privilege(quote_ident(current_schema()) "
            "|| '.changes', 'INSERT')").fetchone()
        if standby:
            return "the server is a read-only standby"
        if not may_insert:
            return (f"the role {self.connection.info.user} may only read it (it has no "
                    "INSERT privilege on the store's tables)")
        return None

    @property
    def failures(self) -> tuple[type[BaseException], ...]:
        return (_psycopg().Error,)

    def translate(self, error: BaseException) -> Exception:
        errors = _psycopg().errors
        where = self.location
        text = (str(error).strip().splitlines() or [type(error).__name__])[0]
        if isinstance(error, errors.LockNotAvailable):
            return StoreError(f"the store {where} is busy: another tool kept it locked "
                              f"longer than the timeout ({text})")
        if isinstance(error, errors.ReadOnlySqlTransaction):
            why = self.read_only or "the server accepts no writes"
            return StoreError(f"cannot record into the store {where}: {why}")
        if isinstance(error, errors.InsufficientPrivilege):
            return StoreError(f"cannot record into the store {where}: the role "
                              f"{self.connection.info.user} may not ({text})")
        if isinstance(error, errors.DiskFull):
            return StoreError(f"the store {where} cannot be written: the server's disk is full")
        if isinstance(error, errors.DataCorrupted | errors.IndexCorrupted):
            return StoreError(f"the store {where} is damaged ({text}); restore it from a "
                              "backup")
        if self.connection.closed or isinstance(error, errors.OperationalError):
            return StoreError(f"the connection to the store {where} was lost ({text}); a "
                              "change not yet committed was not recorded")
        return StoreError(f"the store {where} cannot be used: {text}")

    def integrity_problems(self) -> list[str]:
        # Reading every row makes the server read every page (and check its
        # checksum, where the cluster keeps them).
        psycopg = _psycopg()
        problems = []
        for table in ("changes", *TABLE_NAMES):
            try:
                self.execute(f"SELECT count(*) FROM {table}").fetchone()
            except psycopg.Error as e:
                problems.append(f"table {table}: {str(e).strip().splitlines()[0]}")
        return problems

    def close(self) -> None:
        self.connection.close()


def connect(uri: str, *, timeout: float) -> PostgresBackend:
    """
    A connection to the database at ``uri`` (any libpq URI; what it leaves
    out comes from the ``PG*`` environment variables, as for ``psql``).

    Raises:
        StoreError: psycopg is not installed, the URI is not valid, or the
            server cannot be reached or refuses the connection.
    """
    psycopg = _psycopg()
    location = shown_location(uri)
    try:
        options = psycopg.conninfo.conninfo_to_dict(uri)
    except psycopg.Error as e:
        raise StoreError(f"{location} is not a valid PostgreSQL connection URI: "
                         f"{str(e).strip()}") from None
    extra: dict[str, object] = {}
    if "connect_timeout" not in options:
        extra["connect_timeout"] = max(2, min(int(timeout), 3600))
    if "application_name" not in options:
        extra["application_name"] = "forloeb"
    try:
        connection = psycopg.connect(uri, autocommit=True, **extra)
    except psycopg.Error as e:
        lines = [line for line in str(e).strip().splitlines() if line.strip()]
        raise StoreError(f"cannot connect to the store {location}: "
                         f"{lines[-1] if lines else type(e).__name__}") from None
    if location in ("postgresql://", "postgres://"):
        location = f"postgresql:///{connection.info.dbname}"
    backend = PostgresBackend(connection, location)
    # A write waits this long for another's write lock, then gives up (0 would mean forever).
    milliseconds = max(1, min(int(timeout * 1000), 2**31 - 1))
    connection.execute(f"SET lock_timeout = {milliseconds}")
    return backend


def open_database(uri: str, *, create: bool, read_only: bool, timeout: float,
                  create_when_written: bool = False) -> PostgresBackend:
    """
    Open the store in the database at ``uri``: create its tables first if the
    database holds none and ``create`` (at once, or with
    ``create_when_written`` in the first writing transaction, so a failed
    import leaves none); migrate it if it is older.

    Raises:
        StoreError: as :func:`connect`; or the database is empty (without
            ``create``), holds other tables, or a store of a newer forloeb.
    """
    backend = connect(uri, timeout=timeout)
    try:
        with _translated(backend):
            version = backend.header()
            if version is None:
                if not create:
                    raise StoreError(
                        f"{backend.location} is not a forloeb store: it is an empty "
                        "PostgreSQL database; forloeb import (or Store.open(uri, "
                        "create=True)) makes a store in it")
                if create_when_written:
                    backend.create_when_written = True
                    return backend
                backend.locked(lambda: _create_or_migrate(backend))
            elif version < SCHEMA_VERSION:
                _migrate(backend, version, read_only=read_only)
            backend.read_only = ASKED_READ_ONLY if read_only else backend.why_read_only()
            if read_only:
                backend.execute("SET default_transaction_read_only = on")
    except BaseException:
        backend.close()
        raise
    return backend


def _create_or_migrate(backend: PostgresBackend) -> None:
    # Under the lock, the header again: another tool may have been first.
    version = backend.header()
    if version is None:
        create(backend)
    elif version < SCHEMA_VERSION:
        migrate(backend, version)


def _migrate(backend: PostgresBackend, version: int, *, read_only: bool) -> None:
    errors = _psycopg().errors
    older = (f"the store {backend.location} is at schema version {version}, older than "
             f"this forloeb's {SCHEMA_VERSION}")
    if read_only:
        raise StoreError(f"{older}; it cannot be migrated by a tool that opens it "
                         "read-only: open it once for writing, as the role that owns its "
                         "tables")
    try:
        backend.locked(lambda: _create_or_migrate(backend))
    except errors.InsufficientPrivilege:
        raise StoreError(f"{older}, and the role {backend.connection.info.user} may not "
                         "migrate it: open it once as the role that owns its tables. The "
                         "store was not changed.") from None


@contextlib.contextmanager
def _translated(backend: PostgresBackend) -> Iterator[None]:
    """
    PostgreSQL's failures while opening, as the library's errors.
    """
    try:
        yield
    except backend.failures as e:
        raise backend.translate(e) from None
