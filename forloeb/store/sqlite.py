"""
The SQLite backend of the store: opening a file, reading its header, read-only
use, creating a store where there is none, locking, and telling a damaged
file from a busy one.

What the store promises (rules checked in the recording transaction, an
append-only history, ``known_at``, migrations) lives in the other modules of
:mod:`forloeb.store`; this one knows how SQLite keeps a file:

- A writing transaction is ``BEGIN IMMEDIATE``: it takes the file's write
  lock before it reads anything, so writers take turns and the facts a
  check reads cannot change before the write.

- A new store is built in a hidden file beside its path and moved into place
  (a hard link, which fails if the name is taken) only when it is complete:
  no process ever sees a half-made store, eight processes creating one store
  at once end with one store, and a failed import into a new path leaves
  nothing behind.
- The header (application id, schema version, whether there are tables) is
  read in one statement, so it comes from one moment of the file.
- A store whose file or folder cannot be written is opened read-only; where
  SQLite cannot keep its write-ahead log beside it, it is opened as an
  immutable file. A store from an older forloeb opened read-only is migrated
  in memory, never on disk.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from forloeb.errors import StoreError
from forloeb.store._backend import ASKED_READ_ONLY, SQLITE, Backend
from forloeb.store._schema import APPLICATION_ID, SCHEMA_VERSION, create, migrate

_T = TypeVar("_T")

#: The first 16 bytes of every SQLite database file.
_MAGIC = b"SQLite format 3\x00"

# SQLite's primary result codes (the low byte of an extended code).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _NOTADB = 13, 14, 26

#: Failures that mean "this file or its folder cannot be written here".
_CANNOT_WRITE = {_PERM, _READONLY, _CANTOPEN}

#: What reading a damaged file can raise: SQLite's errors, and text that is not UTF-8.
FAILURES = (sqlite3.Error, UnicodeDecodeError)



class SQLiteBackend(Backend):
    """
    A store in one SQLite file, through one connection in autocommit mode
    (every transaction is begun and ended explicitly).
    """

    dialect = SQLITE
    rebuilds_indexes = True

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: str | None
                 ) -> None:
        self.connection = connection
        self.path = self._file = path
        self.location = str(path)
        self.read_only = read_only

    def execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def insert(self, sql: str, params: Sequence[object], *, key: str) -> int:
        cursor = self.connection.execute(sql, params)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def insert_rows(self, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> int:
        before = self.connection.total_changes
        marks = ", ".join("?" * len(columns))
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return self.connection.total_changes - before

    def begin_write(self) -> None:
        # IMMEDIATE takes the write lock now, before anything is read.
        self.connection.execute("BEGIN IMMEDIATE")

    def begin_read(self) -> None:
        self.connection.execute("BEGIN")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def write_version(self, version: int) -> None:
        self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.connection.execute(f"PRAGMA user_version = {int(version)}")

    @property
    def failures(self) -> tuple[type[BaseException], ...]:
        return FAILURES

    def translate(self, error: BaseException) -> Exception:
        assert isinstance(error, FAILURES)
        return translate(self.connection, self._file, error, read_only=self.read_only)

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.connection)

    def close(self) -> None:
        self.connection.close()


def open_file(path: Path, *, create: bool, read_only: bool, timeout: float) -> SQLiteBackend:
    """
    Open the store at ``path``: create it first if there is no file and
    ``create``; migrate it if it is older (in memory only, if it cannot or
    must not be written).

    Raises:
        StoreError: there is no store, the file is not a forloeb store, it is
            from a newer forloeb, or it cannot be read.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store")
    if not path.exists():
        if not create:
            raise StoreError(f"there is no store at {path}")
        create_file(path, timeout=timeout)
    _check_magic(path)
    why = ASKED_READ_ONLY if read_only else _why_read_only(path)
    opened = None
    if why is None or why == ASKED_READ_ONLY:
        opened = _try_open(path, "rw", timeout, query_only=why is not None)
        if opened is None:  # a folder that looked writable but is not (a read-only mount)
            why = why or f"its folder {path.parent} cannot be written"
    connection, version = opened or _open_read_only(path, timeout)
    try:
        if version < SCHEMA_VERSION:
            connection = _migrated(connection, path, in_memory=why is not None)
    except BaseException:
        connection.close()
        raise
    return SQLiteBackend(connection, path, why)


def create_file(path: Path, *, timeout: float,
                fill: Callable[[SQLiteBackend], _T] | None = None) -> tuple[bool, _T | None]:
    """
    Create a store at ``path`` where there is no file: build it beside
    ``path``, let ``fill`` write into it (an import), and move it into place
    only when all is done. If another process created a store there first,
    that one is kept and this one dropped.

    Returns:
        Whether this call's store is the one at ``path``, and what ``fill`` returned.
    """
    if not path.parent.is_dir():
        raise StoreError(f"cannot create a store at {path}: the folder {path.parent} "
                         "does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        try:
            connection = _connect(temporary, "rwc", timeout)
        except sqlite3.Error:
            raise StoreError(f"cannot create a store at {path}: the folder {path.parent} "
                             "cannot be written") from None
        try:
            # WAL: readers never block the writer or each other; the mode stays
            # with the file. It cannot be set inside a transaction.
            connection.execute("PRAGMA journal_mode = WAL")
            backend = SQLiteBackend(connection, path, None)
            connection.execute("BEGIN IMMEDIATE")
            create(backend)
            connection.execute("COMMIT")
            result = None if fill is None else fill(backend)
        except sqlite3.Error as e:
            raise StoreError(f"cannot create a store at {path}: {e}") from None
        finally:
            # Closing the last connection writes the log into the file and removes it.
            connection.close()
        return _publish(temporary, path), result
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def _publish(temporary: Path, path: Path) -> bool:
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links: a rename, which could replace a store
        # made in the instant between the look and the rename.
        if path.exists():
            return False
        os.replace(temporary, path)
    return True


def _connect(path: Path, mode: str, timeout: float) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    # Autocommit: every transaction is begun and ended explicitly.
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _check_magic(path: Path) -> None:
    try:
        with path.open("rb") as file:
            start = file.read(len(_MAGIC))
    except OSError as e:
        raise StoreError(f"cannot read the store {path}: {e.strerror}") from None
    if not start:
        raise StoreError(f"{path} is not a forloeb store: it is an empty file")
    if start != _MAGIC:
        raise StoreError(f"{path} is not a forloeb store: it is not an SQLite database")


def _why_read_only(path: Path) -> str | None:
    if not os.access(path, os.W_OK):
        return f"the file {path} cannot be written"
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} cannot be written"
    return None


def _open_read_only(path: Path, timeout: float) -> tuple[sqlite3.Connection, int]:
    opened = _try_open(path, "ro", timeout)
    if opened is not None:
        return opened
    # SQLite keeps a store in WAL mode with two files beside it (-wal, -shm);
    # where it can neither find nor make them, the file is read as it is.
    log = Path(f"{path}-wal")
    if log.exists() and log.stat().st_size > 0:
        raise StoreError(
            f"cannot read the store {path}: its latest changes are still in {log.name}, "
            "which SQLite cannot read in a folder it cannot write to; open the store once "
            "where its folder can be written, or copy the folder somewhere it can")
    opened = _try_open(path, "ro&immutable=1", timeout)
    if opened is None:
        raise StoreError(f"cannot read the store {path}: SQLite cannot open it here")
    return opened


def _try_open(path: Path, mode: str, timeout: float, *, query_only: bool = False
              ) -> tuple[sqlite3.Connection, int] | None:
    """
    A connection in ``mode`` and the store's schema version; ``None`` if the
    file or its folder cannot be written, which this mode needs.
    """
    try:
        connection = _connect(path, mode, timeout)
    except sqlite3.Error as e:
        raise translate(None, path, e) from None
    try:
        if query_only:
            connection.execute("PRAGMA query_only = 1")
        return connection, _judge(path, _header(connection))
    except FAILURES as e:
        if isinstance(e, sqlite3.OperationalError) and _code(e) in _CANNOT_WRITE:
            connection.close()
            return None
        error = translate(connection, path, e)
        connection.close()
        raise error from None
    except BaseException:
        connection.close()
        raise


def _header(connection: sqlite3.Connection) -> tuple[int, int, int]:
    # One statement, so one read transaction: the three come from one moment.
    row = connection.execute(
        "SELECT (SELECT application_id FROM pragma_application_id), "
        "(SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)").fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _judge(path: Path, header: tuple[int, int, int]) -> int:
    """
    The schema version of a forloeb store; raise for anything else.
    """
    application_id, version, tables = header
    if application_id == 0 and version == 0 and tables == 0:
        raise StoreError(f"{path} is not a forloeb store: it is an empty SQLite database")
    if application_id != APPLICATION_ID or version < 1:
        raise StoreError(f"{path} is an SQLite database, but not a forloeb store")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer forloeb (store schema version {version}; this "
            f"forloeb knows versions up to {SCHEMA_VERSION}); upgrade forloeb to use it. "
            "The store was not changed.")
    return version


def _migrated(connection: sqlite3.Connection, path: Path, *, in_memory: bool
              ) -> sqlite3.Connection:
    """
    ``connection`` to a store at the current schema version.

    On disk, one transaction, taken before the version is read again: two
    processes opening an old store at once migrate it once. In memory, a copy
    of the store is migrated and the file is left as it is.
    """
    try:
        if in_memory:
            memory = sqlite3.connect(":memory:", isolation_level=None)
            connection.backup(memory)
            connection.close()
            connection = memory
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = _judge(path, _header(connection))
            if version < SCHEMA_VERSION:
                migrate(SQLiteBackend(connection, path, None), version)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if in_memory:
            connection.execute("PRAGMA query_only = 1")
    except FAILURES as e:
        raise translate(connection, path, e) from None
    return connection


def _code(error: sqlite3.Error) -> int:
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def translate(connection: sqlite3.Connection | None, path: Path,
              error: sqlite3.Error | UnicodeDecodeError, *, read_only: str | None = None
              ) -> StoreError:
    """
    The library's error for an SQLite failure on the store at ``path``: busy,
    read-only, damaged (with what ``PRAGMA integrity_check`` finds), full.
    """
    if isinstance(error, UnicodeDecodeError):
        return damaged(connection, path, "it holds text that is not UTF-8")
    code = _code(error)
    if code in (_BUSY, _LOCKED):
        return StoreError(f"the store {path} is busy: another process kept it locked longer "
                          f"than the timeout ({error})")
    if code in _CANNOT_WRITE:
        why = read_only or f"the file or its folder {path.parent} cannot be written"
        return StoreError(f"cannot record into the store {path}: {why}")
    if code in (_CORRUPT, _NOTADB):
        return damaged(connection, path, str(error))
    if code == _FULL:
        return StoreError(f"the store {path} cannot be written: the disk is full")
    if code == _IOERR:
        return StoreError(f"the store {path} cannot be used: the disk failed to read or "
                          f"write it ({error})")
    return StoreError(f"the store {path} cannot be used: {error}")


def integrity_problems(connection: sqlite3.Connection, *, limit: int = 10) -> list[str]:
    """
    What ``PRAGMA integrity_check`` finds wrong (at most ``limit`` lines;
    empty when the file is sound).
    """
    try:
        rows = connection.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    except UnicodeDecodeError:
        return ["the file holds text that is not UTF-8 where SQLite keeps its own schema"]
    except sqlite3.DatabaseError as e:
        return [f"the check itself failed: {e}"]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def damaged(connection: sqlite3.Connection | None, path: Path, what: str) -> StoreError:
    """
    The error for a store that SQLite finds damaged, with what ``PRAGMA
    integrity_check`` reports.
    """
    problems = [] if connection is None else integrity_problems(connection)
    report = ("; PRAGMA integrity_check reports: " + "; ".join(problems)) if problems else ""
    return StoreError(f"the store {path} is damaged ({what}){report}; restore it from a backup")
