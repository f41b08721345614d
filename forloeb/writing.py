"""
Writing a register as a folder of CSV files, a JSON file or an Excel workbook.

Every writer uses the columns of :mod:`forloeb.schema` in their order and the
canonical cell forms of :mod:`forloeb.values` (ISO dates, ``true``/``false``,
``;``-separated lists), so a register written and loaded again is equal to
the one written. Nothing written runs as a formula when a spreadsheet opens
it: in CSV, text that starts like one (``=``, ``+``, ``-``, ``@`` ...) or with an
apostrophe gets a leading apostrophe (:func:`forloeb.values.format_text`),
which the loader removes again; in a workbook every text cell is a text value.

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

from forloeb import _arguments as check
from forloeb import values
from forloeb._csvout import Writer
from forloeb.errors import ForloebError
from forloeb.escaping import as_text_cell, unstorable_in_workbook
from forloeb.model import Register
from forloeb.schema import TABLES, Column, Kind, Table, to_row

#: Kinds of column whose cells are free text, escaped in CSV.
_TEXT_KINDS = frozenset({Kind.TEXT, Kind.CODE})


def _records(register: Register, table: Table) -> tuple[Any, ...]:
    return getattr(register, table.name)  # type: ignore[no-any-return]


def write_csv(register: Register, folder: str | os.PathLike[str], *, delimiter: str = ",",
              encoding: str = "utf-8", excel: bool = False) -> None:
    """
    Write ``register`` as ``agreements.csv``, ``pathways.csv``, ``events.csv``,
    ``collaboration.csv``, ``employments.csv`` and ``employment_events.csv``
    in ``folder`` (made if missing), replacing them.

    Args:
        delimiter: ``,`` (the default) or ``;``, which Danish Excel expects.
        encoding: ``utf-8`` (the default) or ``utf-8-sig``, the byte-order
            mark that makes Excel read æ, ø and å correctly.
        excel: write for Danish Excel, which then opens each file in
            columns with æ, ø and å right: ``;``, UTF-8 with a byte-order
            mark, CRLF line ends, day-first dates (``30-06-2018``),
            ``ja``/``nej`` and a decimal comma. The loader reads it back to
            the same register; the column names stay those of the format.

    Raises:
        InvalidArgument: if an argument is of the wrong kind, ``delimiter``
            is neither ``,`` nor ``;`` or ``encoding`` is no known encoding.

    >>> import tempfile, forloeb
    >>> register = forloeb.load_example()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv(register, folder, excel=True)
    ...     forloeb.load(folder) == register
    True
    """
    _check_register_and_path(register, "folder", folder, what="folder")
    if delimiter not in (",", ";"):
        raise check.refuse("delimiter", "',' or ';'", delimiter)
    check.check_encoding("encoding", encoding)
    check.check_bool("excel", excel)
    if excel:
        delimiter, encoding = ";", "utf-8-sig"
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        formats = [(c.name, _csv_format(c, excel=excel)) for c in table.columns]
        with open(target / table.file_name, "w", encoding=encoding, newline="") as f:
            # Excel's line ends ("\r\n") make Python's writer quote a "\r" itself.
            writer = (csv.writer(f, delimiter=delimiter, lineterminator="\r\n") if excel
                      else Writer(f, delimiter=delimiter))
            writer.writerow(table.column_names)
            writer.writerows([fmt(row[name]) for name, fmt in formats]
                             for row in map(to_row, _records(register, table)))


def _csv_format(column: Column, *, excel: bool) -> Any:
    if column.kind in _TEXT_KINDS:
        return lambda value: values.format_text(column.format(value))
    if excel and column.kind is Kind.DATE:
        return lambda value: values.format_date(value, day_first=True)
    if excel and column.kind is Kind.BOOL:
        return lambda value: values.format_bool(value, danish=True)
    if excel and column.kind is Kind.DECIMAL:
        return lambda value: values.format_decimal(value, comma=True)
    return column.format


def write_json(register: Register, path: str | os.PathLike[str]) -> None:
    """
    Write ``register`` as one JSON file (UTF-8, indented): an object with an
    array of rows per table. Dates are ISO text, lists arrays, absent values
    ``null``, and prices text (``"1234.50"``) so no digit is lost.

    Raises:
        InvalidArgument: if an argument is of the wrong kind.
    """
    _check_register_and_path(register, "path", path)
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
    real dates (shown as 2018-06-30), yes/no real booleans, lists ``;``-text,
    and every text a text value, never a formula. Each sheet opens ready to
    use: the header row bold, frozen and filtered, every column as wide as
    what it holds (up to 60 characters).

    Raises:
        ForloebError: if openpyxl is not installed, or if a text holds a
            character a workbook cannot store (a control character): one
            error naming every such cell, and nothing written.
        InvalidArgument: if an argument is of the wrong kind.
    """
    _check_register_and_path(register, "path", path)
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
    except ImportError:
        raise ForloebError("writing .xlsx workbooks needs openpyxl; install it with "
                           "pip install 'forloeb[xlsx]'") from None
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    _refuse_unstorable(register)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in TABLES.values():
        sheet = workbook.create_sheet(table.name)
        records = _records(register, table)
        # Set before the first row: a write-only sheet writes its columns first.
        for number, width in enumerate(_column_widths(table, records), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(records) + 1}"
        header = []
        for name in table.column_names:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        kinds = [(c.name, c.kind, c.format) for c in table.columns]
        for record in records:
            row = to_row(record)
            sheet.append([_xlsx_cell(WriteOnlyCell, sheet, kind, fmt, row[name])
                          for name, kind, fmt in kinds])
    workbook.save(path)


#: The widest column of an exported workbook, in characters; longer text
#: (a note) is cut off in view, not in the cell.
_MAX_COLUMN_WIDTH = 60


def _column_widths(table: Table, records: tuple[Any, ...]) -> list[float]:
    # Each column as wide as its header (bold, with the filter button) or its
    # longest value as the workbook shows it; a date shows as 2018-06-30.
    widths = []
    for column in table.columns:
        longest = len(column.name) + 3
        if column.kind is Kind.DATE:
            longest = max(longest, 10)
        elif records:
            longest = max(longest, max(len(column.format(getattr(r, column.name)))
                                       for r in records))
        widths.append(min(longest * 1.1 + 2, _MAX_COLUMN_WIDTH))
    return widths


def _refuse_unstorable(register: Register) -> None:
    # Every cell is checked before the workbook is begun: one error, all cells.
    found = []
    for table in TABLES.values():
        texts = [c for c in table.columns if c.kind in _TEXT_KINDS]
        for number, record in enumerate(_records(register, table), start=2):
            for column in texts:
                character = unstorable_in_workbook(column.format(getattr(record, column.name)))
                if character is not None:
                    found.append(f"{table.name} row {number}, column {column.name}: "
                                 f"a control character (U+{ord(character):04X})")
    if found:
        listed = "; ".join(found[:10]) + (f"; and {len(found) - 10} more" if len(found) > 10
                                          else "")
        raise ForloebError(f"cannot write a workbook: {len(found)} text cell(s) hold a "
                           f"character a workbook cannot store ({listed}); remove it, or "
                           "export as CSV or JSON")


def _check_register_and_path(register: object, name: str, path: object, *,
                             what: str = "file") -> None:
    check.check_instance("register", register, Register)
    check.check_path(name, path, what=what)


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
        if Decimal(repr(float(value))) == value:
            return float(value)
        return as_text_cell(make(sheet, value=fmt(value)))
    text = fmt(value)
    if not text:
        return None
    return as_text_cell(make(sheet, value=text))  # never a formula, whatever it starts with


__all__ = ["write_csv", "write_json", "write_xlsx"]
