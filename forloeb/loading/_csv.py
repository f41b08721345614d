"""
A register held as a folder of CSV files, one per table.

Each file is read in one pass with :func:`csv.reader`. The delimiter (``,``
or ``;``, which Danish Excel writes) is taken from the header line; the text
is UTF-8 with or without a byte-order mark, or else Windows-1252, which
Danish Excel's plain CSV export writes. A UTF-16 file (Excel's "Unicode
text") is refused by name rather than misread.

Quotes are read strictly: a quote that is never closed, or that closes in
the middle of a value, is a problem in the row where the quoted value
opened, and the rest of the file is not read, so rows are never silently
swallowed into one cell.
"""

from __future__ import annotations

import codecs
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
            readers[name] = read_file(path, table, caches)
        else:
            reader = TableReader(table, table.file_name, table.column_names, caches)
            if name in REQUIRED_TABLES:
                reader.broken = True
                reader.problems.append(Problem(
                    table.file_name, None, None,
                    f"the file is missing; a register needs {table.file_name} in {folder}"))
            readers[name] = reader
    return readers


def read_file(path: Path, table: Table, caches: Caches) -> TableReader:
    """
    A reader of one table's CSV file, with every row read and every problem
    of the file noted.
    """
    label = path.name
    try:
        with open(path, "rb") as raw:
            head = raw.read(HEAD)
    except OSError as e:
        return _unreadable(table, label, f"the file cannot be read: {e.strerror or e}")
    wide = wide_encoding(head)
    if wide is not None:
        return _unreadable(table, label, f"the file is {wide}; save it as UTF-8 or "
                                         "Windows-1252 (in Excel: CSV UTF-8)")
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


#: How much of a file is looked at to tell its encoding.
HEAD = 4096


def wide_encoding(head: bytes) -> str | None:
    """
    ``"UTF-16"`` or ``"UTF-32"`` if the file starts like one, else ``None``.

    Without a byte-order mark, a UTF-16 file of Latin text has a zero byte in
    every other place; UTF-8 and Windows-1252 text has none.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    pairs = len(head) // 2
    if pairs and max(head[0::2].count(0), head[1::2].count(0)) * 4 >= pairs:
        return "UTF-16"
    return None


def delimiter_of(first: str) -> str:
    """
    The delimiter of a file whose header line is ``first``: ``;`` (as Danish
    Excel writes) if it holds more of them than commas, else ``,``.

    >>> delimiter_of("agreement_id;name;start_date"), delimiter_of("agreement_id,name")
    (';', ',')
    """
    return ";" if first.count(";") > first.count(",") else ","


def _unreadable(table: Table, label: str, message: str) -> TableReader:
    return TableReader.unusable(table, label, message)


def _read_text(f: TextIO, table: Table, label: str, caches: Caches) -> TableReader:
    first = f.readline()
    if not first:
        return _unreadable(table, label, "the file is empty; the first line must name the "
                                         f"columns ({', '.join(table.column_names)})")
    delimiter = delimiter_of(first)
    rows = csv.reader(itertools.chain([first], f), delimiter=delimiter, strict=True)
    try:
        header = next(rows, [])
    except csv.Error as e:
        return _unreadable(table, label, f"the header line cannot be read as CSV: "
                                         f"{_quote_problem(e)}")
    reader = TableReader(table, label, header, caches)
    try:
        reader.read_text(rows)
    except csv.Error as e:
        # The rest of the file cannot be trusted, so the table gives no objects.
        reader.broken = True
        reader.problems.append(Problem(label, reader.next_row, None, _quote_problem(e)))
        return reader
    if rows.line_num > reader.next_row - 1:
        # Some value spans lines: a note with line breaks, or rows swallowed
        # by a quote that closed only where a later value opened one.
        _find_swallowed_rows(reader, delimiter)
    return reader


#: Columns of free text, the only ones whose values may hold a line break.
_FREE_TEXT = ("name", "provider", "author", "note", "enterprise")


def _find_swallowed_rows(reader: TableReader, delimiter: str) -> None:
    fields = [c for c in _FREE_TEXT if c in reader.table.column_names]
    for index, field, text in list(reader.line_breaks(fields)):
        lines = text.splitlines()[1:]
        swallowed = next((n for n, line in enumerate(lines, start=1)
                          if reader.reads_as_row(_cells(line, delimiter))), None)
        if swallowed is None:
            continue
        reader.broken = True
        reader.problems.append(Problem(
            reader.label, reader.row_of(index), field,
            f'a quoted value opens in this row and holds {len(lines)} more lines, and line '
            f"{swallowed + 1} of it reads as a whole row of the file: a quote (\") here is "
            "probably not closed, so the rows after it were read into this value. Check the "
            "quotes in this row"))


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return []


def _quote_problem(error: csv.Error) -> str:
    """
    What went wrong, said for the row where the value being read began.
    """
    reason = str(error)
    if reason.startswith("unexpected end of data"):
        what = ('a quote (") opened in this row is never closed, so every row after it '
                "would be read into one value")
    elif "expected after" in reason:
        what = ('a quoted value that opens in this row is closed in the middle of a value '
                '(a quote inside a quoted value is written twice: "")')
    elif reason.startswith("field larger than field limit"):
        what = ('a value that starts in this row is longer than any cell can be; a quote (") '
                "in it is probably not closed")
    else:
        what = f"the text cannot be read as CSV ({reason})"
    return f"{what}; the file is not read from here on. Check the quotes in this row"
