"""
Model objects to SQL values and back, column by column as :mod:`forloeb.schema` lists them.

Dates are ISO text (readable with the ``sqlite3`` shell), booleans 0/1,
lists ``;``-joined text and amounts of money exact decimal text. Reading
shares equal dates and repeated strings between rows, because a store of
fifteen million events repeats the same few thousand of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from forloeb.codes import EventType
from forloeb.model import Event
from forloeb.schema import TABLES, Kind, Record

#: The register's tables in the order they are written (referenced items first).
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: Per table, the register's columns as the store holds them.
COLUMNS: dict[str, tuple[str, ...]] = {name: TABLES[name].column_names for name in TABLES}

_Convert = Callable[[Any], Any]


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


_TO_SQL: dict[Kind, _Convert] = {
    Kind.TEXT: _same,
    Kind.CODE: _code_text,
    Kind.INT: _same,
    Kind.DATE: _date_text,
    Kind.BOOL: _bool_int,
    Kind.LIST: _list_text,
    Kind.DECIMAL: _decimal_text,
}


def to_sql(table: str) -> Callable[[Record], tuple[object, ...]]:
    """
    A function from one model object of ``table`` to its column values.
    """
    pairs = [(c.name, _TO_SQL[c.kind]) for c in TABLES[table].columns]

    def convert(obj: Record) -> tuple[object, ...]:
        return tuple(to(getattr(obj, name)) for name, to in pairs)

    return convert


class _Shared:
    """
    Reads values so that equal ones are one object: dates, ids and codes.
    """

    def __init__(self) -> None:
        self.dates: dict[str, dt.date] = {}
        self.strings: dict[str, str] = {}

    def date(self, text: str | None) -> dt.date | None:
        if text is None:
            return None
        return self.dates.get(text) or self.new_date(text)

    def new_date(self, text: str) -> dt.date:
        day = self.dates[text] = dt.date.fromisoformat(text)
        return day

    def string(self, text: str | None) -> str | None:
        if text is None:
            return None
        return self.strings.setdefault(text, text)


def _from_sql(kind: Kind, shared: _Shared) -> _Convert:
    if kind is Kind.DATE:
        return shared.date
    if kind is Kind.BOOL:
        return lambda value: None if value is None else bool(value)
    if kind is Kind.LIST:
        return lambda value: None if value is None else tuple(filter(None, value.split(";")))
    if kind is Kind.DECIMAL:
        return lambda value: None if value is None else Decimal(value)
    if kind is Kind.INT:
        return _same
    return shared.string


def from_sql(table: str, *, offset: int = 1) -> Callable[[Sequence[Any]], Record]:
    """
    A function from one SQL row to a model object of ``table``; the row's
    register columns start at ``offset`` (after the item's id).
    """
    spec = TABLES[table]
    shared = _Shared()
    if table == "events":
        return _events_from_sql(shared, offset)
    converters = [(offset + i, c.name, _from_sql(c.kind, shared))
                  for i, c in enumerate(spec.columns)]
    model = spec.model

    def convert(row: Sequence[Any]) -> Record:
        kwargs = {}
        for i, name, convert_value in converters:
            value = row[i]
            if value is not None:
                kwargs[name] = convert_value(value)
        return model(**kwargs)

    return convert


def _events_from_sql(shared: _Shared, offset: int) -> Callable[[Sequence[Any]], Record]:
    # Events are most of a big register: positional arguments, values shared
    # through dict methods called from C, no per-column loop.
    assert [f.name for f in attrs.fields(Event)] == list(COLUMNS["events"])
    types = {str(t): t for t in EventType}
    known_date, new_date = shared.dates.get, shared.new_date
    same = shared.strings.setdefault
    model = Event
    o = offset

    def convert(row: Sequence[Any]) -> Record:
        pathway_id, day, code = row[o], row[o + 1], row[o + 3]
        return model(same(pathway_id, pathway_id), known_date(day) or new_date(day),
                     types[row[o + 2]], same(code, code), row[o + 4], row[o + 5])

    return convert


def insert_statement(table: str) -> str:
    """
    ``INSERT`` of one row version: ``original``, ``change_id``, ``retracted``,
    then the register's columns.
    """
    columns = ("original", "change_id", "retracted", *COLUMNS[table])
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def version_rows(table: str, items: Iterable[tuple[int | None, bool, Record]],
                 change_id: int) -> Iterator[tuple[object, ...]]:
    """
    Rows for :func:`insert_statement` from ``(original, retracted, object)``.
    """
    convert = to_sql(table)
    for original, retracted, obj in items:
        yield (original, change_id, int(retracted), *convert(obj))


def first_rows(table: str, items: Iterable[Record], change_id: int
               ) -> Iterator[tuple[object, ...]]:
    """
    Rows for :func:`insert_statement` of new items (first versions).
    """
    if table == "events":
        yield from _first_event_rows(items, change_id)
        return
    convert = to_sql(table)
    for obj in items:
        yield (None, change_id, 0, *convert(obj))


def _first_event_rows(events: Iterable[Any], change_id: int) -> Iterator[tuple[object, ...]]:
    types = {t: str(t) for t in EventType}
    for e in events:
        yield (None, change_id, 0, e.pathway_id, e.date.isoformat(), types[e.type], e.code,
               e.value, e.note)
