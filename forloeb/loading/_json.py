"""
A register held as one JSON file: ``{"agreements": [...], "pathways": [...],
"events": [...], "collaboration": [...], "employments": [...],
"employment_events": [...]}``; all but the first two may be left out.

Values may be JSON's own (numbers, booleans, arrays, ``null``) or text in the
forms a CSV file uses. A row's number in problems is its 1-based position in
its array plus one, so it reads like a spreadsheet row: the first object of
``pathways`` is "row 2", as the first data row of ``pathways.csv`` is.

Table names and keys are matched as CSV headers are: case and surrounding
spaces do not matter. A name that appears twice (``"pathways"`` twice, or
``"slots"`` and ``"Slots"`` in one row) is a problem, never silently resolved,
and so is a row none of whose keys names a column.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from forloeb import _progress
from forloeb.errors import Problem
from forloeb.loading._cells import Caches
from forloeb.loading._table import TableReader
from forloeb.schema import REQUIRED_TABLES, TABLES
from forloeb.values import EDGE, MAX_NUMBER_LENGTH

_SHAPE = ('a register in JSON is one object: {"agreements": [...], "pathways": [...], '
          '"events": [...], "collaboration": [...], "employments": [...], '
          '"employment_events": [...]}')


class _Repeated(dict):  # type: ignore[type-arg]
    """
    A JSON object in which a key appears more than once (the last value kept,
    as :func:`json.loads` would, and the repeated keys noted).
    """

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    repeated = _Repeated(made)
    counts = Counter(key for key, _ in pairs)
    repeated.repeated = tuple(key for key, n in counts.items() if n > 1)
    return repeated


def _whole_number(text: str) -> int | str:
    # Python will not turn more than 4,300 digits into an int; such a number
    # is kept as its text, which the cell converters refuse as too long.
    return int(text) if len(text) <= MAX_NUMBER_LENGTH else text


def _name(key: object) -> str:
    return str(key).strip(EDGE).lower()


def read_json(path: Path, caches: Caches) -> tuple[dict[str, TableReader], list[Problem],
                                                   list[str]]:
    """
    A reader per table, the problems of the file as a whole, and warnings.
    """
    name = path.name
    readers = {t: TableReader(table, f"{name} ({t})", table.column_names, caches, native=True)
               for t, table in TABLES.items()}
    try:
        data = json.loads(path.read_bytes(), object_pairs_hook=_object,
                          parse_int=_whole_number)
    except OSError as e:
        return _broken(readers), [Problem(name, None, None,
                                          f"the file cannot be read: {e.strerror or e}")], []
    except (ValueError, RecursionError) as e:
        # json reports the line and column of a syntax error in its message.
        return _broken(readers), [Problem(name, None, None, f"the file is not valid JSON: {e}")
                                  ], []
    if not isinstance(data, dict):
        return _broken(readers), [Problem(name, None, None, _SHAPE)], []
    problems: list[Problem] = []
    tables: dict[str, object] = {}
    warnings: list[str] = []
    for key, rows in data.items():
        table = _name(key)
        if table not in TABLES:
            warnings.append(f"{name}: unknown table {key!r} is ignored")
        elif table in tables or key in getattr(data, "repeated", ()):
            readers[table].broken = True
            problems.append(Problem(name, None, None, f"the {table!r} table appears twice; "
                                    "keep one of them"))
        else:
            tables[table] = rows
    for t, reader in readers.items():
        rows = tables.get(t)
        if rows is None:
            if t in REQUIRED_TABLES and not reader.broken:
                reader.broken = True
                problems.append(Problem(name, None, None, f"the {t!r} table is missing; "
                                        + _SHAPE))
            continue
        if not isinstance(rows, list):
            reader.broken = True
            problems.append(Problem(reader.label, None, None,
                                    f"{t!r} must be an array of objects, one per row"))
            continue
        warnings.extend(_read_rows(reader, rows))
    return readers, problems, warnings


def _read_rows(reader: TableReader, rows: list[object]) -> list[str]:
    columns = reader.table.column_names
    known = frozenset(columns)
    unknown: dict[str, None] = {}
    tracked = _progress.tracked(rows, f"reading {reader.label}", unit="rows", every=4096)
    for position, item in enumerate(tracked, start=1):
        number = position + 1
        if not isinstance(item, dict):
            reader.skip(number, f"each row must be an object with column names as keys, "
                                f"not {json.dumps(item)[:40]}")
            continue
        if type(item) is dict and known.issuperset(item):
            reader.read_row(number, [item.get(c) for c in columns])
            continue
        cells, problems = _match_keys(item, known, unknown)
        row = [cells.get(c) for c in columns]
        if problems:
            reader.refuse(number, problems, row)
        else:
            reader.read_row(number, row)
    return [f"{reader.label}: unknown column {key!r} is ignored" for key in unknown]


def _match_keys(item: Mapping[str, object], known: frozenset[str],
                unknown: dict[str, None]) -> tuple[dict[str, object], list[tuple[str | None, str]]]:
    """
    The row's cells by column name (keys matched regardless of case and
    spaces), and its problems: a column named twice, or no key naming one.
    """
    cells: dict[str, object] = {}
    problems: list[tuple[str | None, str]] = []
    repeated = set(getattr(item, "repeated", ()))
    strangers: list[str] = []
    for key, value in item.items():
        column = _name(key)
        if column not in known:
            unknown[key] = None
            strangers.append(key)
        elif column in cells or key in repeated:
            problems.append((column, "the column appears twice in this row; keep one of them"))
        else:
            cells[column] = value
    if not cells and strangers and not _all_blank(item.values()):
        shown = ", ".join(repr(key) for key in strangers[:3])
        more = ", ..." if len(strangers) > 3 else ""
        problems.append((None, f"no key of this row names a column ({shown}{more}), so it "
                               "would be read as an empty row; name the keys as the columns "
                               "are named"))
    return cells, list(dict.fromkeys(problems))


def _all_blank(values: Iterable[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip(EDGE)) for v in values)


def _broken(readers: dict[str, TableReader]) -> dict[str, TableReader]:
    for reader in readers.values():
        reader.broken = True
    return readers
