"""
A register held as a folder of CSV files, one per table.

Each file is read in one pass with :func:`csv.reader`. The delimiter (``,``
or ``;``, which Danish Excel writes) is taken from the header line; the text
is UTF-8 with or without a byte-order mark, or else Windows-1252, which
Danish Excel's plain CSV export writes.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import TextIO

from forloeb.errors import Problem
from forloeb.loading._cells import Caches
from forloeb.loading._table import TableReader
from forloeb.schema import REQUIRED_TABLES, TABLES, Table

_ENCODINGS = ("utf-8-sig", "cp1252")


def read_folder(folder: Path, caches: Caches) -> dict[str, TableReader]:
    """
    A reader per table for the CSV files in ``folder``; a missing optional
    file gives an empty table, a missing required one a broken table.
    """
    readers = {}
    for name, table in TABLES.items():
        path = folder / table.file_name
        if path.is_file():
            readers[name] = _read_file(path, table, caches)
        else:
            reader = TableReader(table, table.file_name, table.column_names, caches)
            if name in REQUIRED_TABLES:
                reader.broken = True
                reader.problems.append(Problem(
                    table.file_name, None, None,
                    f"the file is missing; a register needs {table.file_name} in {folder}"))
            readers[name] = reader
    return readers


def _read_file(path: Path, table: Table, caches: Caches) -> TableReader:
    label = path.name
    for encoding in _ENCODINGS:
        try:
            with open(path, encoding=encoding, newline="") as f:
                return _read_text(f, table, label, caches)
        except UnicodeDecodeError as e:
            undecodable = e
        except OSError as e:
            return _unreadable(table, label, f"the file cannot be read: {e.strerror or e}")
    byte = undecodable.object[undecodable.start:undecodable.start + 1].hex()
    return _unreadable(table, label, f"the file is not text in UTF-8 or Windows-1252 "
                                     f"(byte 0x{byte}); save it again as CSV from the "
                                     "spreadsheet")


def _unreadable(table: Table, label: str, message: str) -> TableReader:
    return TableReader.unusable(table, label, message)


def _read_text(f: TextIO, table: Table, label: str, caches: Caches) -> TableReader:
    first = f.readline()
    if not first:
        return _unreadable(table, label, "the file is empty; the first line must name the "
                                         f"columns ({', '.join(table.column_names)})")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(itertools.chain([first], f), delimiter=delimiter)
    try:
        header = next(rows, [])
    except csv.Error as e:
        return _unreadable(table, label, f"the header line cannot be read as CSV: {e}")
    reader = TableReader(table, label, header, caches)
    try:
        reader.read_text(rows)
    except csv.Error as e:
        # The rest of the file cannot be trusted, so the table gives no objects.
        reader.broken = True
        reader.problems.append(Problem(label, reader.next_row, None,
                                       f"the file cannot be read as CSV from here on: {e}"))
    return reader
