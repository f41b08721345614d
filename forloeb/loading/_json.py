"""
A register held as one JSON file: ``{"agreements": [...], "pathways": [...],
"events": [...], "collaboration": [...]}``.

Values may be JSON's own (numbers, booleans, arrays, ``null``) or text in the
forms a CSV file uses. A row's number in problems is its 1-based position in
its array plus one, so it reads like a spreadsheet row: the first object of
``pathways`` is "row 2", as the first data row of ``pathways.csv`` is.
"""

from __future__ import annotations

import json
from pathlib import Path

from forloeb import _progress
from forloeb.errors import Problem
from forloeb.loading._cells import Caches
from forloeb.loading._table import TableReader
from forloeb.schema import REQUIRED_TABLES, TABLES

_SHAPE = ('a register in JSON is one object: {"agreements": [...], "pathways": [...], '
          '"events": [...], "collaboration": [...]}')


def read_json(path: Path, caches: Caches) -> tuple[dict[str, TableReader], list[Problem],
                                                   list[str]]:
    """
    A reader per table, the problems of the file as a whole, and warnings.
    """
    name = path.name
    readers = {t: TableReader(table, f"{name} ({t})", table.column_names, caches, native=True)
               for t, table in TABLES.items()}
    try:
        data = json.loads(path.read_bytes())
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
    warnings = [f"{name}: unknown table {key!r} is ignored" for key in data if key not in TABLES]
    for t, reader in readers.items():
        rows = data.get(t)
        if rows is None:
            if t in REQUIRED_TABLES:
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
    known = set(columns)
    unknown: dict[str, None] = {}
    tracked = _progress.tracked(rows, f"reading {reader.label}", unit="rows", every=4096)
    for position, item in enumerate(tracked, start=1):
        number = position + 1
        if not isinstance(item, dict):
            reader.skip(number, f"each row must be an object with column names as keys, "
                                f"not {json.dumps(item)[:40]}")
            continue
        for key in item:
            if key not in known:
                unknown[key] = None
        reader.read_row(number, [item.get(c) for c in columns])
    return [f"{reader.label}: unknown column {key!r} is ignored" for key in unknown]


def _broken(readers: dict[str, TableReader]) -> dict[str, TableReader]:
    for reader in readers.values():
        reader.broken = True
    return readers
