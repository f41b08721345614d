"""
Writing a register as a folder of CSV files, a JSON file or an Excel workbook.

Every writer uses the columns of :mod:`forloeb.schema` in their order and the
canonical cell forms of :mod:`forloeb.values` (ISO dates, ``true``/``false``,
``;``-separated lists), so a register written and loaded again is equal to
the one written:

>>> import tempfile, forloeb
>>> register = forloeb.load_example()
>>> with tempfile.TemporaryDirectory() as folder:
...     write_csv(register, folder)
...     forloeb.load(folder) == register
True
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from forloeb.errors import ForloebError
from forloeb.model import Register
from forloeb.schema import TABLES, Kind, Table, to_row


def _records(register: Register, table: Table) -> tuple[Any, ...]:
    return getattr(register, table.name)  # type: ignore[no-any-return]


def write_csv(register: Register, folder: str | os.PathLike[str], *, delimiter: str = ",",
              encoding: str = "utf-8") -> None:
    """
    Write ``register`` as ``agreements.csv``, ``pathways.csv``, ``events.csv``,
    ``collaboration.csv``, ``employments.csv`` and ``employment_events.csv``
    in ``folder`` (made if missing), replacing them.

    Args:
        delimiter: ``,`` (the default) or ``;``, which Danish Excel expects.
        encoding: ``utf-8`` (the default) or ``utf-8-sig``, the byte-order
            mark that makes Excel read æ, ø and å correctly.
    """
    if delimiter not in (",", ";"):
        raise ForloebError(f"delimiter must be ',' or ';', not {delimiter!r}")
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        formats = [(c.name, c.format) for c in table.columns]
        with open(target / table.file_name, "w", encoding=encoding, newline="") as f:
            writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
            writer.writerow(table.column_names)
            writer.writerows([fmt(row[name]) for name, fmt in formats]
                             for row in map(to_row, _records(register, table)))


def write_json(register: Register, path: str | os.PathLike[str]) -> None:
    """
    Write ``register`` as one JSON file (UTF-8, indented): an object with an
    array of rows per table. Dates are ISO text, lists arrays, absent values
    ``null``, and prices text (``"1234.50"``) so no digit is lost.
    """
    data = {
        table.name: [{name: _json_value(value) for name, value in to_row(record).items()}
                     for record in _records(register, table)]
        for table in TABLES.values()
    }
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, tuple):
        return list(value)
    return value


def write_xlsx(register: Register, path: str | os.PathLike[str]) -> None:
    """
    Write ``register`` as an Excel workbook with one sheet per table. Dates are
    real dates (shown as 2018-06-30), yes/no real booleans, lists ``;``-text.

    Raises:
        ForloebError: if openpyxl is not installed, or a text holds characters
            a workbook cannot (control characters).
    """
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils.exceptions import IllegalCharacterError
    except ImportError:
        raise ForloebError("writing .xlsx workbooks needs openpyxl; install it with "
                           "pip install 'forloeb[xlsx]'") from None
    workbook = Workbook(write_only=True)
    for table in TABLES.values():
        sheet = workbook.create_sheet(table.name)
        sheet.append(list(table.column_names))
        kinds = [(c.name, c.kind, c.format) for c in table.columns]
        for record in _records(register, table):
            row = to_row(record)
            cells = []
            for name, kind, fmt in kinds:
                value = row[name]
                try:
                    cells.append(_xlsx_cell(WriteOnlyCell, sheet, kind, fmt, value))
                except IllegalCharacterError:
                    raise ForloebError(f"{table.name}, column {name}: {value!r} holds "
                                       "characters a workbook cannot store") from None
            sheet.append(cells)
    workbook.save(path)


def _xlsx_cell(make: Any, sheet: Any, kind: Kind, fmt: Any, value: object) -> object:
    if value is None:
        return None
    if kind is Kind.DATE:
        cell = make(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if kind in (Kind.INT, Kind.BOOL):
        return value
    if kind is Kind.DECIMAL:
        assert isinstance(value, Decimal)
        # A number when a float holds it exactly, else text, so no digit is lost.
        return float(value) if Decimal(repr(float(value))) == value else fmt(value)
    text = fmt(value)
    if not text:
        return None
    cell = make(sheet, value=text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


__all__ = ["write_csv", "write_json", "write_xlsx"]
