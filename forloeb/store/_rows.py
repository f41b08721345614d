"""
Model objects to SQL values and back, column by column as :mod:`forloeb.schema` lists them.

In SQLite, dates are ISO text (readable with the ``sqlite3`` shell),
booleans 0/1 and amounts of money exact decimal text; PostgreSQL keeps them
as its own ``DATE``, ``BOOLEAN`` and ``NUMERIC`` (the dialect's
``text_values``). Lists are ``;``-joined text in both. Reading shares equal
dates and repeated strings between rows, because a store of fifteen million
events repeats the same few thousand of each.

Both directions check what they convert. Writing refuses a value of the
wrong kind or a whole number SQLite cannot hold (64 bits), so nothing the
store cannot give back reaches SQLite. Reading refuses a cell that forloeb
did not write (a date ``'garbage'`` typed in with the ``sqlite3`` shell, an
unknown event type): :class:`DamagedRow` names the table, the row and the
column. Each distinct value is checked when first seen, so the checks cost
little in a big store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from forloeb._arguments import check_record, shown
from forloeb.codes import EventType
from forloeb.errors import InvalidArgument
from forloeb.model import Event
from forloeb.schema import TABLES, Column, Kind, Record
from forloeb.store._backend import SQLITE, Dialect

#: The register's tables in the order they are written (referenced items first).
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: Per table, the register's columns as the store holds them.
COLUMNS: dict[str, tuple[str, ...]] = {name: TABLES[name].column_names for name in TABLE_NAMES}

_Convert = Callable[[Any], Any]

#: The largest whole number SQLite holds (a signed 64-bit integer).
INT_LIMIT = 2**63 - 1

#: How the items of each table are named in messages.
NOUNS = {"agreements": "agreement", "pathways": "pathway", "events": "event",
         "collaboration": "collaboration note", "employments": "employment",
         "employment_events": "employment event"}


class _Unfit(Exception):
    pass


class DamagedRow(Exception):
    """
    A row of the store holds a cell that forloeb did not write: the table,
    the row (its ``seq``), the column and what is wrong.
    """

    def __init__(self, table: str, seq: object, column: str | None, problem: str) -> None:
        self.table, self.seq, self.column, self.problem = table, seq, column, problem
        super().__init__(self.where())

    def where(self) -> str:
        """
        "table events, row 17, column date: 'garbage' is not a date".
        """
        column = f", column {self.column}" if self.column else ""
        return f"table {self.table}, row {self.seq}{column}: {self.problem}"


def _date_text(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _bool_int(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _list_text(value: Sequence[str] | None) -> str | None:
    return None if value is None else ";".join(value)


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _code_text(value: object) -> str | None:
    return None if value is None else str(value)


def _same(value: object) -> object:
    return value


def _text(value: object) -> object:
    # Neither SQLite (as text) nor PostgreSQL (at all) keeps a NUL character.
    if value is not None and "\x00" in value:  # type: ignore[operator]
        raise _Unfit
    return value


def _native_date(value: dt.date | None) -> dt.date | None:
    if value is not None and value.__class__ is not dt.date:
        raise _Unfit
    return value


_TO_TEXT: dict[Kind, _Convert] = {
    Kind.TEXT: _text,
    Kind.CODE: _code_text,
    Kind.INT: lambda value: _int_value(value),
    Kind.DATE: _date_text,
    Kind.BOOL: _bool_int,
    Kind.LIST: _list_text,
    Kind.DECIMAL: _decimal_text,
}

_TO_NATIVE: dict[Kind, _Convert] = {
    **_TO_TEXT,
    Kind.DATE: _native_date,
    Kind.BOOL: _same,
    Kind.DECIMAL: _same,
}


def _int_value(value: int | None) -> int | None:
    if value is not None and (value.__class__ is not int or not -INT_LIMIT - 1 <= value
                              <= INT_LIMIT):
        raise _Unfit
    return value


def to_sql(table: str, dialect: Dialect = SQLITE) -> Callable[[Record], tuple[object, ...]]:
    """
    A function from one model object of ``table`` to its column values in ``dialect``.

    Raises:
        InvalidArgument: a field holds the wrong kind of value, or a whole
            number too large for the store (more than 64 bits).
    """
    writers = _TO_TEXT if dialect.text_values else _TO_NATIVE
    pairs = [(c.name, writers[c.kind]) for c in TABLES[table].columns]

    def convert(obj: Record) -> tuple[object, ...]:
        try:
            return tuple(to(getattr(obj, name)) for name, to in pairs)
        except Exception:
            raise refused(table, obj) from None

    return convert


def refused(table: str, obj: object) -> InvalidArgument:
    """
    Why ``obj`` cannot be written to ``table``: a field of the wrong kind, or
    a number too large for SQLite.
    """
    noun = NOUNS[table].replace(" ", "_")
    check_record(noun, obj, TABLES[table].model)
    for column in TABLES[table].columns:
        value = getattr(obj, column.name)
        if column.kind is Kind.INT and value is not None and abs(value) > INT_LIMIT:
            return InvalidArgument(
                f"{noun}.{column.name} is {shown(value)}, more than the store can hold "
                f"(whole numbers up to {INT_LIMIT:,})")
        if isinstance(value, str) and "\x00" in value:
            return InvalidArgument(f"{noun}.{column.name} holds a NUL character (\\x00), "
                                   "which the store cannot keep")
    return InvalidArgument(f"{noun} cannot be stored: {type(obj).__name__} with values "
                           "of the wrong kind")


class _Shared:
    """
    Reads values so that equal ones are one object: dates, ids and codes.
    """

    def __init__(self) -> None:
        self.dates: dict[str, dt.date] = {}
        self.strings: dict[str, str] = {}

    def date(self, text: str) -> dt.date:
        return self.dates.get(text) or self.new_date(text)

    def new_date(self, text: str) -> dt.date:
        if text.__class__ is not str or len(text) != 10:
            raise _Unfit
        day = self.dates[text] = dt.date.fromisoformat(text)
        return day

    def native_date(self, day: dt.date) -> dt.date:
        return self.dates.get(day) or self.new_native_date(day)  # type: ignore[call-overload]

    def new_native_date(self, day: dt.date) -> dt.date:
        if day.__class__ is not dt.date:
            raise _Unfit
        return self.dates.setdefault(day, day)  # type: ignore[arg-type]

    def string(self, text: str) -> str:
        return self.strings.get(text) or self.new_string(text)

    def new_string(self, text: str) -> str:
        if text.__class__ is not str:
            raise _Unfit
        return self.strings.setdefault(text, text)


def _read_int(value: int) -> int:
    if value.__class__ is not int:
        raise _Unfit
    return value


def _read_bool(value: int) -> bool:
    if value.__class__ is not int or value not in (0, 1):
        raise _Unfit
    return bool(value)


def _read_decimal(value: str) -> Decimal:
    amount = Decimal(value)
    if value.__class__ is not str or not amount.is_finite():
        raise _Unfit
    return amount


def _read_native_bool(value: bool) -> bool:
    if value.__class__ is not bool:
        raise _Unfit
    return value


def _read_native_decimal(value: Decimal) -> Decimal:
    if value.__class__ is not Decimal or not value.is_finite():
        raise _Unfit
    return value


def _from_sql(column: Column, shared: _Shared, dialect: Dialect) -> _Convert:
    kind = column.kind
    text = dialect.text_values
    if kind is Kind.DATE:
        return shared.date if text else shared.native_date
    if kind is Kind.BOOL:
        return _read_bool if text else _read_native_bool
    if kind is Kind.INT:
        return _read_int
    if kind is Kind.DECIMAL:
        return _read_decimal if text else _read_native_decimal
    if kind is Kind.LIST:
        check = column.check_code if column.codes else _same
        return lambda value: tuple(check(item) for item in filter(None, value.split(";")))
    if column.enum is not None:
        # An employment event's type, read as its member (as the loaders read
        # it, and as its type hint says); an unknown one is a damaged row.
        members: dict[object, object] = {str(member): member for member in column.enum}

        def member(value: str) -> object:
            found = members.get(value)
            return found if found is not None else members[column.check_code(value)]

        return member
    if kind is Kind.CODE and column.codes:
        # Codes of their own, so that text seen in another column is still checked.
        checked: dict[str, str] = {}

        def code(value: str) -> str:
            return checked.get(value) or checked.setdefault(
                value, shared.new_string(column.check_code(value)))

        return code
    return shared.string


def from_sql(table: str, dialect: Dialect = SQLITE, *, offset: int = 1, seq_at: int = 0
             ) -> Callable[[Sequence[Any]], Record]:
    """
    A function from one SQL row of ``dialect`` to a model object of
    ``table``; the row's register columns start at ``offset``, and
    ``row[seq_at]`` is the row's ``seq`` (for messages).

    Raises:
        DamagedRow: for a row with a cell that forloeb would not have written.
    """
    spec = TABLES[table]
    shared = _Shared()
    if table == "events":
        return _events_from_sql(shared, dialect, offset, seq_at)
    converters = [(offset + i, c.name, _from_sql(c, shared, dialect))
                  for i, c in enumerate(spec.columns)]
    model = spec.model

    def convert(row: Sequence[Any]) -> Record:
        try:
            kwargs = {}
            for i, name, convert_value in converters:
                value = row[i]
                if value is not None:
                    kwargs[name] = convert_value(value)
            return model(**kwargs)
        except Exception:
            raise damaged_row(table, row, offset, seq_at, dialect) from None

    return convert


def _events_from_sql(shared: _Shared, dialect: Dialect, offset: int, seq_at: int
                     ) -> Callable[[Sequence[Any]], Record]:
    # Events are most of a big register: positional arguments, values shared
    # through dict methods called from C, no per-column loop. A value not
    # seen before is checked once, when it is first read.
    assert [f.name for f in attrs.fields(Event)] == list(COLUMNS["events"])
    types = {str(t): t for t in EventType}
    known_date = shared.dates.get
    new_date = shared.new_date if dialect.text_values else shared.new_native_date
    known_string, new_string = shared.strings.get, shared.new_string
    model = Event
    o = offset

    def convert(row: Sequence[Any]) -> Record:
        try:
            pathway_id, day, code, value, note = row[o], row[o + 1], row[o + 3], row[o + 4], \
                row[o + 5]
            if (value is not None and value.__class__ is not int) or note.__class__ is not str:
                raise _Unfit
            return model(known_string(pathway_id) or new_string(pathway_id),
                         known_date(day) or new_date(day), types[row[o + 2]],
                         code if code is None else known_string(code) or new_string(code),
                         value, note)
        except Exception:
            raise damaged_row("events", row, offset, seq_at, dialect) from None

    return convert


def damaged_row(table: str, row: Sequence[Any], offset: int, seq_at: int,
                dialect: Dialect = SQLITE) -> DamagedRow:
    """
    What is wrong with ``row`` of ``table``: the first cell forloeb would not have written.
    """
    for i, column in enumerate(TABLES[table].columns):
        problem = cell_problem(column, row[offset + i], dialect)
        if problem:
            return DamagedRow(table, row[seq_at], column.name, problem)
    return DamagedRow(table, row[seq_at], None, "the row cannot be read")


def cell_problem(column: Column, value: object, dialect: Dialect = SQLITE) -> str | None:
    """
    What is wrong with ``value`` as a cell of ``column`` in a store of
    ``dialect``, or ``None``: the cell is read as a load reads it.

    >>> cell_problem(TABLES["pathways"].column("start_date"), "garbage")
    "'garbage' is not a date (YYYY-MM-DD)"
    >>> cell_problem(TABLES["events"].column("type"), "visit")
    "'visit' is not a known event type (followup, meeting_request, attendance_report, ...)"
    """
    if value is None:
        return "is empty" if column.required else None
    kind = column.kind
    try:
        _from_sql(column, _Shared(), dialect)(value)
    except ValueError as e:
        if column.codes and isinstance(value, str):
            return _short_codes(str(e))
        return f"{shown_cell(value)} is not {_EXPECTED[kind]}"
    except Exception:
        return f"{shown_cell(value)} is not {_EXPECTED[kind]}"
    return None


_EXPECTED = {
    Kind.TEXT: "text", Kind.CODE: "text", Kind.LIST: "text", Kind.INT: "a whole number",
    Kind.DATE: "a date (YYYY-MM-DD)", Kind.BOOL: "0 or 1", Kind.DECIMAL: "a decimal amount",
}


def _short_codes(message: str) -> str:
    # The list of every code is long; three are enough to say what a code looks like.
    head, _, codes = message.partition(" (")
    if not codes:
        return message
    listed = codes.rstrip(")").split(", ")
    return f"{head} ({', '.join(listed[:3])}{', ...' if len(listed) > 3 else ''})"


def shown_cell(value: object) -> str:
    """
    A cell's value as a message shows it (bytes and numbers as SQLite holds them).
    """
    if isinstance(value, bytes):
        return f"a blob of {len(value)} bytes"
    if isinstance(value, Decimal):
        return str(value)  # PostgreSQL's NUMERIC holds NaN and infinities
    text = shown(value)
    return text.removeprefix("the str ").removeprefix("the int ").removeprefix("the float ")


def insert_statement(table: str) -> str:
    """
    ``INSERT`` of one row version: ``original``, ``change_id``, ``retracted``,
    then the register's columns.
    """
    columns = row_columns(table)
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def row_columns(table: str) -> tuple[str, ...]:
    """
    The columns of :func:`insert_statement`, in order.
    """
    return ("original", "change_id", "retracted", *COLUMNS[table])


def version_rows(table: str, items: Iterable[tuple[int | None, bool, Record]],
                 change_id: int, dialect: Dialect = SQLITE) -> Iterator[tuple[object, ...]]:
    """
    Rows for :func:`insert_statement` from ``(original, retracted, object)``.
    """
    convert = to_sql(table, dialect)
    for original, retracted, obj in items:
        yield (original, change_id, int(retracted), *convert(obj))


def first_rows(table: str, items: Iterable[Record], change_id: int,
               dialect: Dialect = SQLITE) -> Iterator[tuple[object, ...]]:
    """
    Rows for :func:`insert_statement` of new items (first versions).
    """
    if table == "events":
        yield from _first_event_rows(items, change_id, dialect.text_values)
        return
    convert = to_sql(table, dialect)
    for obj in items:
        yield (None, change_id, 0, *convert(obj))


def _first_event_rows(events: Iterable[Any], change_id: int, text_dates: bool
                      ) -> Iterator[tuple[object, ...]]:
    types = {t: str(t) for t in EventType}
    low, high = -INT_LIMIT - 1, INT_LIMIT
    for e in events:
        try:
            value = e.value
            if value is not None and (value.__class__ is not int or not low <= value <= high):
                raise _Unfit
            day, note = e.date, e.note
            if e.pathway_id.__class__ is not str or day.__class__ is not dt.date \
                    or "\x00" in note:
                raise _Unfit
            yield (None, change_id, 0, e.pathway_id, day.isoformat() if text_dates else day,
                   types[e.type], e.code, value, note)
        except Exception:
            raise refused("events", e) from None
