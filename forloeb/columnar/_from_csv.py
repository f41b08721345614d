"""
A register's CSV folder straight into the engine's tables, read by DuckDB.

The reference loader (:mod:`forloeb.loading`) reads a row at a time into
frozen objects; here DuckDB reads the files in parallel and every cell is
converted in SQL. This path vouches for a register only where it is sure
the reference loader would read the very same values and accept them.
Wherever it is not sure, it raises :class:`Unvouched`, and the caller hands
the folder to the reference loader, which reads it or says what is wrong
(every problem, with file, row and column, in its own words). So this path
never accepts what the reference refuses, and never words a problem itself.

What it is sure of, and checks:

- The bytes: UTF-8 (DuckDB refuses anything else, and a wide encoding is
  told by the reference's own test), no NUL, and no line with a quote (")
  unless the line is a well-formed row of quoted and plain values. So no
  value spans lines, and DuckDB and :mod:`csv` split every line alike.
- The header: read by the reference's own code, so the columns, the
  duplicates and the unknown columns (and their warnings) are the same.
- Every cell, in a form both read the same way: ISO or day-first dates,
  plain whole numbers, codes and yes/no words in ASCII, ids of printable
  Latin-1 characters, free text without control characters or line breaks
  (and no longer than the :mod:`csv` module's field limit), spaces and
  invisible characters around a value removed as :data:`forloeb.values.EDGE`
  says. Anything else (a decimal comma, a full-width digit, ...) is left to
  the reference.
- CPR-like values: an id or text that could hold one (nine digits in a
  row once separators are gone, or a character outside ASCII and Latin-1)
  is read again and judged by :mod:`forloeb.privacy` itself.
- The agreements, a few thousand rows, are read and checked by the
  reference's own reader and rules; the rules over pathways, events and
  notes are :mod:`forloeb.columnar._checks`.
"""

from __future__ import annotations

import csv
import mmap
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from forloeb.codes import EventType
from forloeb.columnar._checks import (
    event_keeps_rules,
    note_keeps_rules,
    pathway_keeps_rules,
    violations,
)
from forloeb.columnar._from_objects import fill_agreements
from forloeb.columnar._layout import EVENT_CODE_NAMES, TABLES, text_list, text_literal
from forloeb.loading._cells import _ESCAPED, BOOL_WORDS, Caches
from forloeb.loading._csv import HEAD, delimiter_of, read_file, wide_encoding
from forloeb.loading._table import read_header
from forloeb.model import Agreement, Pathway, Register
from forloeb.privacy import LATIN1_SEPARATORS, contains_cpr, looks_like_cpr
from forloeb.rules import _agreement_violations
from forloeb.schema import ID_COLUMNS, Column, Kind, Table
from forloeb.schema import TABLES as SCHEMA
from forloeb.values import EDGE, TEXT_MARK

_Connection = Any  # duckdb.DuckDBPyConnection, imported lazily


class Unvouched(Exception):
    """
    The fast path cannot vouch that the reference loader would read these
    files the same way and accept them; the reference must read them.
    """


#: Where each of the register's tables goes (the agreements are read apart).
_TARGETS = {"pathways": "pathways", "events": "events", "collaboration": "notes"}

#: The longest value :mod:`csv` reads (its default field limit), less one.
_FIELD_LIMIT = csv.field_size_limit()

_EDGE = text_literal(EDGE)

#: An id the reference reads as it is: printable characters of ASCII and Latin-1.
_ID_CHARS = r"[\x20-\x7E\x{A1}-\x{AC}\x{AE}-\x{FF}]+"
#: What free text may not hold here: control characters, noncharacters, and line breaks
#: (the reference looks closer at values that span lines).
_NOT_TEXT = (r"[\x00-\x08\x0A-\x1F\x7F-\x{9F}\x{FDD0}-\x{FDEF}"
             + "".join(rf"\x{{{plane:X}FFFE}}\x{{{plane:X}FFFF}}" for plane in range(17)) + "]")
#: Characters that can neither be nor hide a digit or a separator of a CPR
#: number (forloeb.privacy normalises everything else first).
_INERT = r"[^\x20-\x7E\x{C0}-\x{FF}]"
#: What forloeb.privacy takes for a separator between the digits of a CPR
#: number, among those characters (its own list, written for DuckDB).
_SEPARATOR = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in LATIN1_SEPARATORS) + "]"
#: An id or text that needs no trimming and holds no control character:
#: printable ASCII, starting and ending with a character that is not a space.
_PLAIN_ID = r"[!-~]([ -~]*[!-~])?"
_PLAIN_TEXT = r"[!-~]([^\x00-\x1F\x7F-\x{9F}]*[!-~])?"
_ISO = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DAY_FIRST = ("[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}|[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}"
              "|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")
_WHOLE = "[+-]?[0-9]{1,9}"
_ASCII_WORD = "[A-Za-z0-9_]+"
_TRUE = tuple(word for word, meaning in BOOL_WORDS.items() if meaning)
_FALSE = tuple(word for word, meaning in BOOL_WORDS.items() if not meaning)
_TYPES = "[" + ", ".join(text_literal(str(kind)) for kind in EventType) + "]"
_CODES = EVENT_CODE_NAMES


def read_folder(con: _Connection, folder: Path, temp: Path
                ) -> tuple[list[Agreement], list[str], Register | None]:
    """
    Fill the engine's tables from the CSV folder ``folder``: the agreements
    (in register order), the warnings the reference would give, and, where
    the folder holds employments, a register of them and of the pathways
    they followed (see :func:`_employed`).

    Raises:
        Unvouched: the reference loader must read the folder.
    """
    if not folder.is_dir():
        raise Unvouched(f"{folder} is not a folder")
    notes: list[str] = []
    # Checked first (the reference may have to read it all), warned of last,
    # in the reference's order of tables.
    later: list[str] = []
    others = {name: _objects(folder, table, later) for name, table in SCHEMA.items()
              if name != "agreements" and name not in _TARGETS}
    agreements = _agreements(folder, notes)
    fill_agreements(con, agreements, temp)
    for name, target in _TARGETS.items():
        _read_table(con, folder, SCHEMA[name], target, notes)
    found = violations(con)
    if found:
        raise Unvouched(f"the rules may be broken: {', '.join(found)}")
    employed = _employed(con, agreements, others.get("employments", ()),
                         others.get("employment_events", ()))
    return agreements, notes + later, employed


def _employed(con: _Connection, agreements: list[Agreement], employments: Sequence[Any],
              employment_events: Sequence[Any]) -> Register | None:
    """
    The employments and their events with the pathways they name (as
    objects: employments are few), checked by the reference's own rules
    (:func:`forloeb.employment_rules.employment_violations`); ``None`` for none.
    """
    from forloeb.employment_rules import employment_violations
    from forloeb.privacy import cpr_positions

    if not employments and not employment_events:
        return None
    named = sorted({e.pathway_id for e in employments if e.pathway_id is not None})
    rows = con.execute("""
        SELECT w.pathway_id, g.agreement_id, w.participant_id, w.referred_date, w.start_date,
               w.end_date, w.outcome, w.plan_date, w.plan_co_created, w.plan_own_goals,
               w.no_plan_reason
        FROM pathways w JOIN agreements g ON g.a = w.a
        WHERE list_contains($named, w.pathway_id) ORDER BY w.p""", {"named": named}).fetchall()
    pathways = [Pathway(pathway_id, agreement_id, participant_id, referred_date=referred,
                        start_date=start, end_date=end, outcome=outcome, plan_date=plan,
                        plan_co_created=co_created, plan_own_goals=own_goals,
                        no_plan_reason=reason)
                for (pathway_id, agreement_id, participant_id, referred, start, end, outcome,
                     plan, co_created, own_goals, reason) in rows]
    register = Register(agreements, pathways, (), (), employments, employment_events)
    ids = [p.pathway_id for p in pathways]
    cpr_pathways = {ids[i] for i in cpr_positions(ids, whole_cells=True)}
    if next(iter(employment_violations(register, cpr_pathways)), None) is not None:
        raise Unvouched("an employment breaks a rule")
    return register


def _agreements(folder: Path, notes: list[str]) -> list[Agreement]:
    table = SCHEMA["agreements"]
    path = folder / table.file_name
    if not path.is_file():
        raise Unvouched(f"{table.file_name} is missing")
    reader = read_file(path, table, Caches())
    if reader.broken or reader.problems:
        raise Unvouched(f"{table.file_name} has problems")
    agreements: list[Agreement] = list(reader.take())  # type: ignore[arg-type]
    if next(_agreement_violations(agreements), None) is not None:
        raise Unvouched("an agreement breaks a rule")
    notes.extend(reader.warnings)
    return agreements


def _objects(folder: Path, table: Table, notes: list[str]) -> tuple[Any, ...]:
    # A table DuckDB does not read (the employments and their events: few)
    # as the reference loader's objects; with a problem, the reference
    # reads the whole folder.
    path = folder / table.file_name
    if not path.exists():
        return ()
    if not path.is_file():
        raise Unvouched(f"{table.file_name} is not a file")
    reader = read_file(path, table, Caches())
    if reader.broken or reader.problems:
        raise Unvouched(f"{table.file_name} has problems")
    notes.extend(reader.warnings)
    return reader.take()


def _read_table(con: _Connection, folder: Path, table: Table, target: str,
                notes: list[str]) -> None:
    path = folder / table.file_name
    if not path.is_file():
        if table.name in ("agreements", "pathways"):
            raise Unvouched(f"{table.file_name} is missing")
        # An optional table left out is empty (with the verdict column the
        # checks read, as every table read here has).
        con.execute(f"CREATE OR REPLACE TABLE {target} ("
                    + ", ".join(f"{name} {kind}" for name, kind in TABLES[target])
                    + ", ok BOOLEAN)")
        return
    delimiter, header = _header(path, table)
    problems: list[Any] = []
    position = read_header(table, table.file_name, header, problems, notes)
    if problems or any(c.required and c.name not in position for c in table.columns):
        raise Unvouched(f"{table.file_name}: the header has problems")
    _scan_lines(path, delimiter)
    width = len(header)
    scan = (f"read_csv({text_literal(str(path))}, header=true, auto_detect=false, "
            f"delim={text_literal(delimiter)}, quote='\"', escape='\"', strict_mode=true, "
            f"null_padding=false, columns={{"
            + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "})")
    values, oks, suspects = [], [], []
    for column in table.columns:
        i = position.get(column.name)
        value, ok, suspect = _cell(column, None if i is None else f"c{i}",
                                   owned=_owned(table, column), refers=_refers(table, column))
        values.append(f"{value} AS {column.name}")
        oks.append(ok)
        if suspect is not None:
            suspects.append(suspect)
    # A column the table does not read is ignored, but the csv module would
    # refuse a value of it longer than its field limit.
    oks.extend(f"coalesce(length(c{i}), 0) < {_FIELD_LIMIT}"
               for i in sorted(set(range(width)) - set(position.values())))
    # A row of empty cells is a blank line, as spreadsheets leave them.
    blank = " AND ".join(f"c{i} IS NULL" for i in range(width))
    cells = f"""
        SELECT rn, {', '.join(values)},
               {' AND '.join(f'({ok})' for ok in oks)} AS ok,
               {' OR '.join(f'({s})' for s in suspects) if suspects else 'false'} AS suspect
        FROM (SELECT row_number() OVER () AS rn, * FROM {scan})
        WHERE NOT ({blank})"""
    try:
        con.execute(_CREATE[target](cells))
    except _duckdb_error() as e:
        # DuckDB refuses the text (not UTF-8, a row of another width, a quote
        # it cannot read ...): the reference says what is wrong, in its words.
        raise Unvouched(f"{table.file_name}: {str(e).splitlines()[0]}") from None
    bad, suspect = con.execute(
        f"SELECT count(*) FILTER (WHERE NOT ok), count(*) FILTER (WHERE ok IS NULL) "
        f"FROM {target}").fetchone()
    if bad:
        raise Unvouched(f"{table.file_name}: {bad} rows have cells to look at closer")
    if suspect:
        _judge_suspects(con, cells, table, target)


def _duckdb_error() -> type[Exception]:
    import duckdb

    return duckdb.Error


def _create_pathways(cells: str) -> str:
    return f"""
        CREATE OR REPLACE TABLE pathways AS
        SELECT CAST(c.rn - 1 AS INTEGER) AS p, g.a, c.pathway_id, c.participant_id,
               c.referred_date, c.start_date, c.end_date, c.outcome, c.plan_date,
               c.plan_co_created, c.plan_own_goals, c.no_plan_reason,
               CASE WHEN NOT c.ok OR g.a IS NULL OR NOT {pathway_keeps_rules("c", "g")}
                    THEN false WHEN c.suspect THEN NULL ELSE true END AS ok
        FROM ({cells}) c LEFT JOIN agreements g ON g.agreement_id = c.agreement_id"""


def _create_events(cells: str) -> str:
    return f"""
        CREATE OR REPLACE TABLE events AS
        SELECT CAST(c.rn - 1 AS INTEGER) AS e, w.p, c.date, c.type, c.code, c.value,
               CASE WHEN NOT c.ok OR w.p IS NULL OR NOT {event_keeps_rules("c", "w")}
                    THEN false WHEN c.suspect THEN NULL ELSE true END AS ok
        FROM ({cells}) c LEFT JOIN pathways w ON w.pathway_id = c.pathway_id"""


def _create_notes(cells: str) -> str:
    return f"""
        CREATE OR REPLACE TABLE notes AS
        SELECT CAST(c.rn - 1 AS INTEGER) AS n, g.a, c.date, c.author, c.rating, c.note,
               CASE WHEN NOT c.ok OR g.a IS NULL OR NOT {note_keeps_rules("c")}
                    THEN false WHEN c.suspect THEN NULL ELSE true END AS ok
        FROM ({cells}) c LEFT JOIN agreements g ON g.agreement_id = c.agreement_id"""


_CREATE = {"pathways": _create_pathways, "events": _create_events, "notes": _create_notes}


def _refers(table: Table, column: Column) -> bool:
    """
    Whether ``column`` names a row of another table (an event's pathway, a
    pathway's or a note's agreement).
    """
    return column.name in ID_COLUMNS and column.name not in (table.key, "participant_id")


def _owned(table: Table, column: Column) -> bool:
    """
    Whether ``column`` is text that ``table`` itself holds: its own ids and
    its free text, which a CPR-like value must not be in. An id that refers
    to another table (an event's ``pathway_id``) is judged where it is defined.
    """
    if column.kind is not Kind.TEXT:
        return False
    return column.name not in ID_COLUMNS or column.name in (table.key, "participant_id")


def _judge_suspects(con: _Connection, cells: str, table: Table, target: str) -> None:
    # The few values that could hold a CPR-like number, judged by forloeb.privacy.
    key = {"pathways": "p", "events": "e", "notes": "n"}[target]
    owned = [c.name for c in table.columns if _owned(table, c)]
    ids = [name in ID_COLUMNS for name in owned]
    rows = con.execute(
        f"SELECT {', '.join(owned)} FROM ({cells}) "
        f"WHERE rn - 1 IN (SELECT {key} FROM {target} WHERE ok IS NULL)").fetchall()
    for row in rows:
        for is_id, value in zip(ids, row, strict=True):
            if value is None:  # an empty cell beside the suspect one
                continue
            if looks_like_cpr(value) if is_id else contains_cpr(value):
                raise Unvouched(f"{table.file_name}: a value looks like a CPR number")
    con.execute(f"UPDATE {target} SET ok = true WHERE ok IS NULL")


#: The text mark, as SQL (forloeb.values.TEXT_MARK).
_MARK = text_literal(TEXT_MARK)


def _unmarked(text: str) -> str:
    return f"CASE WHEN starts_with({text}, {_MARK}) THEN {text}[2:] ELSE {text} END"


def _trimmed(cell: str) -> str:
    return f"trim(coalesce({cell}, ''), {_EDGE})"


def _cell(column: Column, cell: str | None, *, owned: bool, refers: bool
          ) -> tuple[str, str, str | None]:
    """
    The typed value of one column's ``cell`` (``None``: the column is
    absent), whether the reference would read it the same, and whether it
    could hold a CPR-like value.

    Each kind has a fast form, the canonical one forloeb and most tools
    write, tested cheaply on the cell as it is; any other cell (surrounded
    by spaces, in upper case, a day-first date) is trimmed as the reference
    trims it and read the slower way, or left to the reference.
    """
    if cell is None:
        default = column.default
        value = ("NULL" if default is None or default == "" else text_literal(default)
                 if isinstance(default, str) else "true" if default is True
                 else "false" if default is False else "NULL")
        return value, "true", None
    if refers:
        # An id naming a row of another table must be that row's id exactly
        # (the join decides); the ids themselves are checked in their table.
        if column.kind in _ESCAPED:
            cell = _unmarked(cell)
        return cell, f"{cell} IS NOT NULL", None
    trimmed = _trimmed(cell)
    if column.kind in _ESCAPED:
        # The reference drops one leading apostrophe, the mark of text that
        # starts like a formula (forloeb.values.parse_text), after trimming:
        # a marked cell takes the slower way.
        fast, fast_value, slow_value, slow_ok = _forms(column, cell, _unmarked(trimmed))
        fast = f"CASE WHEN starts_with({cell}, {_MARK}) THEN false ELSE {fast} END"
    else:
        fast, fast_value, slow_value, slow_ok = _forms(column, cell, trimmed)
    value = f"CASE WHEN {fast} THEN {fast_value} ELSE {slow_value} END"
    # The csv module reads no value this long; DuckDB reads up to a whole line.
    ok = (f"CASE WHEN {fast} THEN true ELSE coalesce(length({cell}), 0) < {_FIELD_LIMIT} "
          f"AND coalesce({slow_ok}, false) END")
    return value, ok, _suspect(cell) if owned else None


def _forms(column: Column, cell: str, t: str) -> tuple[str, str, str, str]:
    """
    For one kind of column: the test of the fast form, its value, and the
    value and validity of any other cell (from ``t``, the trimmed cell).
    Conditions are CASEs, not ORs: DuckDB evaluates both sides of an OR in
    a SELECT list, and the slow side is for the few.
    """
    empty_ok = "false" if column.required else f"{t} = ''"
    kind = column.kind
    if kind is Kind.TEXT:
        if column.name in ID_COLUMNS:
            # Required, and both forms hold at least one character.
            return (f"regexp_full_match({cell}, '{_PLAIN_ID}')", cell, t,
                    f"regexp_full_match({t}, '{_ID_CHARS}')")
        fast = (f"CASE WHEN {cell} IS NULL THEN true WHEN length({cell}) < {_FIELD_LIMIT} "
                f"THEN regexp_full_match({cell}, '{_PLAIN_TEXT}') ELSE false END")
        # Empty text is stored as none, as a file read by DuckDB holds it.
        return (fast, cell, f"NULLIF({t}, '')", f"NOT regexp_matches({t}, '{_NOT_TEXT}')")
    if kind is Kind.CODE:
        if column.name == "type":
            fast = f"list_position({_TYPES}, {cell})"
            slow = f"list_position({_TYPES}, lower({t}))"
            return (f"{fast} > 0", f"CAST({fast} - 1 AS UTINYINT)",
                    f"CAST({slow} - 1 AS UTINYINT)", f"{_ascii(t)} AND {slow} > 0")
        if column.codes is None:
            # An event's code, stored as its place in the list of every event
            # code; one outside the list is wrong for any type.
            fast = f"list_position({_CODES}, {cell})"
            slow = f"list_position({_CODES}, lower({t}))"
            return (f"CASE WHEN {cell} IS NULL THEN true ELSE {fast} > 0 END",
                    f"CAST({fast} - 1 AS UTINYINT)",
                    f"CAST(NULLIF({slow}, 0) - 1 AS UTINYINT)",
                    f"{_ascii(t)} AND ({empty_ok} OR {slow} > 0)")
        known = column.codes
        fast = f"CASE WHEN {cell} IS NULL THEN true ELSE {cell} IN {text_list(known)} END"
        slow_ok = f"{_ascii(t)} AND ({empty_ok} OR lower({t}) IN {text_list(known)})"
        return fast, cell, f"NULLIF(lower({t}), '')", slow_ok
    if kind is Kind.DATE:
        # Canonical ISO: DuckDB's date written back is the very same text.
        fast = (f"CASE WHEN {cell} IS NULL THEN {'false' if column.required else 'true'} "
                f"ELSE CAST(TRY_CAST({cell} AS DATE) AS VARCHAR) = {cell} END")
        parts = f"string_split(regexp_replace({t}, '[./]', '-', 'g'), '-')"
        slow = (f"CASE WHEN regexp_full_match({t}, '{_ISO}') THEN TRY_CAST({t} AS DATE) "
                f"WHEN regexp_full_match({t}, '{_DAY_FIRST}') THEN TRY(make_date("
                f"CAST({parts}[3] AS BIGINT), CAST({parts}[2] AS BIGINT), "
                f"CAST({parts}[1] AS BIGINT))) END")
        return fast, f"CAST({cell} AS DATE)", slow, f"{empty_ok} OR ({slow}) IS NOT NULL"
    if kind is Kind.INT:
        fast = (f"CASE WHEN {cell} IS NULL THEN true "
                f"ELSE regexp_full_match({cell}, '[0-9]{{1,9}}') END")
        slow = f"CASE WHEN regexp_full_match({t}, '{_WHOLE}') THEN CAST({t} AS INTEGER) END"
        return fast, f"CAST({cell} AS INTEGER)", slow, f"{empty_ok} OR ({slow}) IS NOT NULL"
    if kind is Kind.BOOL:
        fast = f"CASE WHEN {cell} IS NULL THEN true ELSE {cell} IN ('true', 'false') END"
        slow = (f"CASE WHEN lower({t}) IN {text_list(_TRUE)} THEN true "
                f"WHEN lower({t}) IN {text_list(_FALSE)} THEN false END")
        return (fast, f"{cell} = 'true'", slow,
                f"{empty_ok} OR ({_ascii(t)} AND ({slow}) IS NOT NULL)")
    raise Unvouched(f"no fast path for a {kind} column ({column.name})")


def _ascii(text: str) -> str:
    # Python and DuckDB lower-case ASCII alike; beyond it, the reference decides.
    return f"strlen({text}) = length({text})"


def _suspect(cell: str) -> str:
    # On the cell as it is: trimming removes no digit, and whatever is not
    # ASCII or Latin-1 is a suspect already. Fewer than nine bytes cannot
    # hold nine digits; "1.0.6.1.8.1.2.3.4" holds them without three in a row.
    return (f"CASE WHEN {cell} IS NULL THEN false WHEN regexp_matches({cell}, '{_INERT}') "
            f"THEN true WHEN strlen({cell}) < 9 THEN false "
            f"ELSE regexp_matches(regexp_replace({cell}, '{_SEPARATOR}', '', 'g'), "
            f"'[0-9]{{9}}') END")


def _header(path: Path, table: Table) -> tuple[str, list[str]]:
    """
    The delimiter and the header cells of a CSV file, as the reference reads them.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD)
            first = head if b"\n" in head else head + f.readline()
    except OSError:
        raise Unvouched(f"{path.name} cannot be read") from None
    if wide_encoding(head) is not None:
        raise Unvouched(f"{path.name} is not UTF-8")
    line, newline, _ = first.partition(b"\n")
    line = line.removesuffix(b"\r")
    if (not newline and not line) or b'"' in line or b"\r" in line:
        raise Unvouched(f"{path.name}: the header needs a closer look")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unvouched(f"{path.name} is not UTF-8") from None
    delimiter = delimiter_of(text)
    return delimiter, next(csv.reader([text], delimiter=delimiter, strict=True), [])


def _line_pattern(delimiter: str) -> re.Pattern[bytes]:
    d = re.escape(delimiter.encode())
    field = rb'(?:"(?:[^"\r\n]|"")*"|[^"\r\n' + d + rb"]*)"
    return re.compile(field + rb"(?:" + d + field + rb")*\r?")


def _scan_lines(path: Path, delimiter: str) -> None:
    """
    Refuse a file with a NUL byte, or with a line holding a quote that is not
    a well-formed row of quoted and plain values.
    """
    pattern = _line_pattern(delimiter)
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        if m.find(b"\x00") >= 0:
            raise Unvouched(f"{path.name} holds a NUL byte")
        end = 0
        quote = m.find(b'"')
        while quote >= 0:
            start = m.rfind(b"\n", end, quote) + 1 or end
            end = m.find(b"\n", quote)
            if end < 0:
                end = len(m)
            if not pattern.fullmatch(m[start:end]):
                raise Unvouched(f"{path.name}: a quoted value needs a closer look")
            quote = m.find(b'"', end)
