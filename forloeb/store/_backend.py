"""
The small interface every backend of the store supplies, and its SQL dialect.

What the store promises (the rules checked in the recording transaction, an
append-only history, ``known_at``, migrations) is written once, in the other
modules of :mod:`forloeb.store`, as SQL with ``?`` placeholders run through
a :class:`Backend`. A backend supplies only what must differ between
database systems:

- the dialect (:class:`Dialect`): column types in the DDL, how dates,
  booleans, amounts and recorded times are kept, and one predicate;
- the placeholders (``?`` or ``%s``) and how an inserted row's id comes back;
- locking: what a writing transaction takes before it reads the facts it checks;
- bulk loading (``executemany`` or ``COPY``) and streaming big reads;
- opening, the header (is it a forloeb store, which schema version) and
  telling its failures apart.

:mod:`forloeb.store.sqlite` is the SQLite backend, :mod:`forloeb.store.postgres`
the PostgreSQL one.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

#: What ``read_only=True`` gives as the reason a write is refused.
ASKED_READ_ONLY = "it was opened read-only (read_only=True)"


@attrs.frozen
class Dialect:
    """
    What differs between two SQL databases in the text of the store's SQL and
    in the values it keeps.

    ``text_values``: dates as ISO text, booleans as 0/1 and amounts as decimal
    text (SQLite, which has no such types), or the database's own ``DATE``,
    ``BOOLEAN`` and ``NUMERIC`` (PostgreSQL). ``types`` fills the
    placeholders of the DDL (``{key}``, ``{int}``, ``{date}``, ...).
    ``malformed_stamp`` is a predicate on ``recorded_at`` that finds a time
    forloeb did not write (``FALSE`` where the column type cannot hold one).
    """

    name: str
    text_values: bool
    types: dict[str, str]
    malformed_stamp: str

    def ddl(self, template: str) -> str:
        """
        ``template`` with this dialect's column types.

        >>> SQLITE.ddl("seq {key}, day {date}")
        'seq INTEGER PRIMARY KEY, day TEXT'
        >>> POSTGRES.ddl("seq {key}, day {date}")
        'seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, day DATE'
        """
        return template.format(**self.types)

    def stamp_value(self, text: str) -> object:
        """
        A recorded time (forloeb's UTC text) as this database keeps it.
        """
        return text if self.text_values else dt.datetime.fromisoformat(text)

    def stamp_text(self, value: object) -> object:
        """
        A recorded time read from this database, as forloeb's UTC text (a
        value that is not a time is given back as it is, to be refused).
        """
        if isinstance(value, dt.datetime) and not self.text_values:
            utc = value.astimezone(dt.UTC).replace(tzinfo=None)
            return utc.isoformat(timespec="microseconds") + "Z"
        return value


_STAMP_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]." \
    "[0-9][0-9][0-9][0-9][0-9][0-9]Z"

SQLITE = Dialect(
    name="SQLite",
    text_values=True,
    types={"key": "INTEGER PRIMARY KEY", "int": "INTEGER", "flag": "INTEGER", "date": "TEXT",
           "bool": "INTEGER", "false": "0", "decimal": "TEXT", "stamp": "TEXT"},
    malformed_stamp=f"typeof(recorded_at) != 'text' OR recorded_at NOT GLOB '{_STAMP_GLOB}'",
)

POSTGRES = Dialect(
    name="PostgreSQL",
    text_values=False,
    types={"key": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "int": "BIGINT",
           "flag": "SMALLINT", "date": "DATE", "bool": "BOOLEAN", "false": "FALSE",
           "decimal": "NUMERIC", "stamp": "TIMESTAMPTZ"},
    malformed_stamp="FALSE",
)


class Backend(ABC):
    """
    One open store in one database system: a connection, its dialect, and
    the few operations that differ between systems.

    ``location`` is what messages call the store (a file name, or a URI
    without its password); ``read_only`` says why it cannot be written
    (``None`` if it can).
    """

    dialect: Dialect
    location: str
    read_only: str | None
    #: The store's file, for a backend that keeps one.
    path: Path | None = None
    #: Whether a bulk import into an empty table drops and rebuilds its indexes.
    rebuilds_indexes: bool = False

    # -- statements ----------------------------------------------------------------

    @abstractmethod
    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        """
        Run one statement (``?`` placeholders); a cursor to iterate or ``fetchone()``.
        """

    def stream(self, sql: str, params: Sequence[object] = ()) -> Iterable[Sequence[Any]]:
        """
        The rows of a query that may return millions, without holding them all at once.
        """
        return self.execute(sql, params)  # type: ignore[no-any-return]

    @abstractmethod
    def insert(self, sql: str, params: Sequence[object], *, key: str) -> int:
        """
        Run one ``INSERT``; the new row's ``key`` column (its id).
        """

    @abstractmethod
    def insert_rows(self, table: str, columns: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> int:
        """
        Insert many rows into ``table``'s ``columns`` (bulk loading); how many.
        """

    # -- transactions --------------------------------------------------------------

    @abstractmethod
    def begin_write(self) -> None:
        """
        Begin a writing transaction and take the write lock before anything
        is read, so the facts a check reads cannot change before the write.
        """

    @abstractmethod
    def begin_read(self) -> None:
        """
        Begin a reading transaction: every table read from the same moment.
        """

    @abstractmethod
    def commit(self) -> None:
        """
        Commit the open transaction.
        """

    @abstractmethod
    def rollback(self) -> None:
        """
        Roll the open transaction back, if there is one (and the connection
        still works).
        """

    # -- the database --------------------------------------------------------------

    @abstractmethod
    def write_version(self, version: int) -> None:
        """
        Mark the store as forloeb's, at schema ``version`` (inside the caller's transaction).
        """

    @property
    @abstractmethod
    def failures(self) -> tuple[type[BaseException], ...]:
        """
        The exceptions of this database system that :meth:`translate` explains.
        """

    @abstractmethod
    def translate(self, error: BaseException) -> Exception:
        """
        The library's error for one of :attr:`failures`.
        """

    @abstractmethod
    def integrity_problems(self) -> list[str]:
        """
        What the database finds wrong with the store's storage (empty when sound).
        """

    @abstractmethod
    def close(self) -> None:
        """
        Close the connection.
        """
