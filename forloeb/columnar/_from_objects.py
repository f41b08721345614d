"""
A register of model objects into the engine's tables (:mod:`forloeb.columnar._layout`).

DuckDB reads Python values one at a time slowly (no NumPy or Arrow here), so
each table is written to a plain CSV file in a private temporary folder, in
the engine's own layout (positions instead of ids, event types as codes),
and read back in one statement. This is the way in for everything that is
not a CSV folder: a JSON file, a workbook, a store, a :class:`Register` a
program built; the objects are valid already (the loader or
:meth:`Register.build` checked them), so nothing is checked again here.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from forloeb._csvout import Writer
from forloeb.columnar._layout import EVENT_CODE, TABLES, TYPE_CODE, text_literal
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register

_Connection = Any  # duckdb.DuckDBPyConnection, imported lazily


def _iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def _bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def read_table(con: _Connection, table: str, path: Path) -> None:
    """
    Create ``table`` from ``path``, a headerless CSV file in the table's layout.
    """
    if path.stat().st_size == 0:
        # read_csv wants at least one line; an empty table is made empty.
        _create_empty(con, table)
        return
    columns = ", ".join(f"{text_literal(name)}: {text_literal(kind)}"
                        for name, kind in TABLES[table])
    con.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv({text_literal(str(path))}, "
        f"header=false, auto_detect=false, delim=',', quote='\"', escape='\"', "
        f"strict_mode=true, columns={{{columns}}})")


def _create_empty(con: _Connection, table: str) -> None:
    con.execute(f"CREATE OR REPLACE TABLE {table} ("
                + ", ".join(f"{name} {kind}" for name, kind in TABLES[table]) + ")")


#: Up to this many rows a table is given to DuckDB as the values of one
#: statement; more go through a file (a statement of a million rows is slow
#: to parse, and a file is read in parallel).
_INLINE_ROWS = 2000


def _literal(text: str, kind: str) -> str:
    if text == "":
        return "NULL"
    if kind == "VARCHAR":
        return text_literal(text)
    if kind == "DATE":
        return f"DATE '{text}'"
    return text  # a whole number or true/false, as the file would hold it


def load_rows(con: _Connection, table: str, rows: Sequence[Sequence[str]],
              folder: Path) -> None:
    """
    Create ``table`` from ``rows`` of cell texts in the table's layout (an
    empty text is none): in one statement for a few rows, through a CSV
    file in ``folder`` for many.
    """
    if len(rows) > _INLINE_ROWS:
        path = folder / f"{table}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            Writer(f).writerows(rows)
        read_table(con, table, path)
        return
    _create_empty(con, table)
    if rows:
        kinds = [kind for _, kind in TABLES[table]]
        values = ", ".join("(" + ", ".join(map(_literal, row, kinds)) + ")" for row in rows)
        con.execute(f"INSERT INTO {table} VALUES {values}")


def fill_agreements(con: _Connection, agreements: Sequence[Agreement], folder: Path) -> None:
    """
    The ``agreements`` table, from the agreement objects (in register order).
    """
    load_rows(con, "agreements", [
        (str(i), a.agreement_id, _iso(a.start_date), _int(a.slots), _int(a.extra_slots),
         _int(a.plan_deadline_weeks), _int(a.frame_weeks), _int(a.attendance_interval_months),
         _int(a.grace_days), _int(a.followup_interval_weeks), _bool(a.pause_on_absence),
         # None allows every outcome; an empty list none (";" holds no code).
         (";".join(a.allowed_outcomes) or ";") if a.allowed_outcomes is not None else "")
        for i, a in enumerate(agreements)], folder)


def fill_pathways(con: _Connection, pathways: Sequence[Pathway],
                  agreement_position: Callable[[str], int | None], folder: Path) -> None:
    """
    The ``pathways`` table, from the pathway objects (in register order).
    """
    load_rows(con, "pathways", [
        (str(i), _int(agreement_position(p.agreement_id)), p.pathway_id, p.participant_id,
         _iso(p.referred_date), _iso(p.start_date), _iso(p.end_date), p.outcome or "",
         _iso(p.plan_date), _bool(p.plan_co_created), _bool(p.plan_own_goals),
         p.no_plan_reason or "")
        for i, p in enumerate(pathways)], folder)


def fill_events(con: _Connection, events: Sequence[Event], pathway_position: dict[str, int],
                folder: Path) -> None:
    """
    The ``events`` table, from the event objects (in register order).

    Every cell is a number, a date or a code, so the lines of a large table
    are joined as they are, without the quoting of :mod:`csv`: ten million
    events are written in seconds.
    """
    types = {kind: str(code) for kind, code in TYPE_CODE.items()}
    # A valid register's event codes are all in the list; no code is none.
    codes = {code: str(i) for code, i in EVENT_CODE.items()}
    codes[""] = ""
    if len(events) <= _INLINE_ROWS:
        load_rows(con, "events", [
            (str(i), str(pathway_position[e.pathway_id]), e.date.isoformat(), types[e.type],
             codes[e.code] if e.code else "", _int(e.value))
            for i, e in enumerate(events)], folder)
        return
    dates: dict[dt.date, str] = {}

    def iso(day: dt.date) -> str:
        text = dates.get(day)
        if text is None:
            text = dates[day] = day.isoformat()
        return text

    positions = {pid: str(i) for pid, i in pathway_position.items()}
    path = folder / "events.csv"
    chunk = 1 << 16
    with open(path, "w", encoding="utf-8", newline="") as f:
        for start in range(0, len(events), chunk):
            part = events[start:start + chunk]
            lines = map(",".join, zip(
                map(str, range(start, start + len(part))),
                map(positions.__getitem__, map(_PATHWAY_ID, part)),
                map(iso, map(_DATE, part)),
                map(types.__getitem__, map(_TYPE, part)),
                (codes[code or ""] for code in map(_CODE, part)),
                map(_int, map(_VALUE, part)),
                strict=True))
            f.write("".join(line + "\n" for line in lines))
    read_table(con, "events", path)


_PATHWAY_ID = operator.attrgetter("pathway_id")
_DATE = operator.attrgetter("date")
_TYPE = operator.attrgetter("type")
_CODE = operator.attrgetter("code")
_VALUE = operator.attrgetter("value")


def fill_notes(con: _Connection, notes: Sequence[CollaborationNote],
               agreement_position: Callable[[str], int | None], folder: Path) -> None:
    """
    The ``notes`` table (collaboration notes), from the note objects.
    """
    load_rows(con, "notes", [
        (str(i), _int(agreement_position(n.agreement_id)), _iso(n.date), n.author,
         _int(n.rating), n.note)
        for i, n in enumerate(notes)], folder)


def fill_from_register(con: _Connection, register: Register, folder: Path) -> None:
    """
    Every table of the engine from ``register``, which must be valid.
    """
    positions = {a.agreement_id: i for i, a in enumerate(register.agreements)}
    fill_agreements(con, register.agreements, folder)
    fill_pathways(con, register.pathways, positions.get, folder)
    pathway_position = {p.pathway_id: i for i, p in enumerate(register.pathways)}
    fill_events(con, register.events, pathway_position, folder)
    fill_notes(con, register.collaboration, positions.get, folder)
