"""
A register held as one Excel workbook with a sheet per table.

openpyxl is imported only here, and only when a workbook is read, so forloeb
works without it until someone gives it a ``.xlsx`` file.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from forloeb.errors import ForloebError, Problem
from forloeb.loading._cells import Caches
from forloeb.loading._table import TableReader
from forloeb.schema import REQUIRED_TABLES, TABLES, Table


def read_xlsx(path: Path, caches: Caches) -> tuple[dict[str, TableReader], list[Problem],
                                                   list[str]]:
    """
    A reader per sheet, the problems of the workbook as a whole, and warnings.

    Raises:
        ForloebError: if openpyxl is not installed.
    """
    try:
        import openpyxl
    except ImportError:
        raise ForloebError(f"cannot read {path}: reading .xlsx workbooks needs openpyxl; "
                           "install it with pip install 'forloeb[xlsx]'") from None
    name = path.name
    readers: dict[str, TableReader] = {}
    problems: list[Problem] = []
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it does not read; none matter here.
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl has many ways to fail on a damaged file
            readers = {t: TableReader(table, f"{name} ({t})", table.column_names, caches)
                       for t, table in TABLES.items()}
            for reader in readers.values():
                reader.broken = True
            return readers, [Problem(name, None, None,
                                     f"the file is not a readable .xlsx workbook ({e})")], []
        try:
            sheets = {str(title).strip().lower(): title for title in workbook.sheetnames}
            notes = [f"{name}: unknown sheet {title!r} is ignored"
                     for key, title in sheets.items() if key not in TABLES]
            for t, table in TABLES.items():
                label = f"{name} ({t})"
                if t not in sheets:
                    readers[t] = reader = TableReader(table, label, table.column_names, caches)
                    if t in REQUIRED_TABLES:
                        reader.broken = True
                        problems.append(Problem(name, None, None,
                                                f"the workbook has no sheet named {t!r}"))
                    continue
                readers[t] = _read_sheet(workbook[sheets[t]], table, label, caches)
        finally:
            workbook.close()
    return readers, problems, notes


def _read_sheet(sheet: Any, table: Table, label: str, caches: Caches) -> TableReader:
    try:
        # Some programs write a wrong size into the sheet; trusting it would cut rows short.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return TableReader.unusable(table, label, "the sheet is empty; its first row "
                                                      "must name the columns")
        reader = TableReader(table, label, header, caches, native=True)
        reader.read(rows)
    except Exception as e:  # a damaged sheet, too, fails in many ways
        return TableReader.unusable(table, label, f"the sheet cannot be read ({e})")
    return reader
