"""
A register held as one Excel workbook with a sheet per table.

openpyxl is imported only here, and only when a workbook is read, so forloeb
works without it until someone gives it a ``.xlsx`` file.

Cells are read as the workbook last showed them (the values Excel saved). A
formula whose value was never saved (a workbook written by a program that
does not calculate) is a problem in its cell, not an empty cell.
"""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from forloeb.errors import ForloebError, Problem
from forloeb.loading._cells import FORMULA_WITHOUT_VALUE, Caches, ExcelError
from forloeb.loading._table import TableReader
from forloeb.schema import REQUIRED_TABLES, TABLES, Table
from forloeb.values import EDGE


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
            # Sheet names are matched as column names are: case and spaces aside.
            sheets: dict[str, str] = {}
            doubled: set[str] = set()
            notes = []
            for title in workbook.sheetnames:
                key = str(title).strip(EDGE).lower()
                if key not in TABLES:
                    notes.append(f"{name}: unknown sheet {title!r} is ignored")
                elif key in sheets:
                    doubled.add(key)
                    problems.append(Problem(name, None, None,
                                            f"the workbook has two sheets named {key!r} "
                                            f"({sheets[key]!r} and {title!r}); keep one"))
                sheets.setdefault(key, title)
            for t, table in TABLES.items():
                label = f"{name} ({t})"
                if t in doubled:
                    readers[t] = reader = TableReader(table, label, table.column_names, caches)
                    reader.broken = True
                    continue
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
        rows = _marked(sheet.iter_rows(values_only=True), _cells_to_mark(sheet))
        header = next(rows, None)
        if header is None:
            return TableReader.unusable(table, label, "the sheet is empty; its first row "
                                                      "must name the columns")
        unnamed = {i: cell for i, cell in enumerate(header)
                   if cell is FORMULA_WITHOUT_VALUE or isinstance(cell, ExcelError)}
        if unnamed:
            # The column's name is unknown: it reads as unnamed, and the table as broken.
            header = [None if i in unnamed else cell for i, cell in enumerate(header)]
        reader = TableReader(table, label, header, caches, native=True)
        for i, cell in unnamed.items():
            reader.broken = True
            what = (f"an Excel error value ({cell.code})" if isinstance(cell, ExcelError)
                    else "a formula with no saved value")
            reader.problems.append(Problem(
                label, 1, None, f"the header cell {_letters(i)}1 holds {what}, so its column "
                "has no name; open and save the workbook in Excel, or write the name"))
        reader.read(rows)
    except Exception as e:  # a damaged sheet, too, fails in many ways
        return TableReader.unusable(table, label, f"the sheet cannot be read ({e})")
    return reader


#: A formula element, ``<f>`` or with a namespace prefix, in a sheet's XML.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: A cell of the error type, in a sheet's XML.
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
_CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)")


def _cells_to_mark(sheet: Any) -> dict[int, list[tuple[int, object]]]:
    """
    Per row number, the 0-based columns of the cells that openpyxl reads
    as something they are not, with what to read instead: a formula with no
    saved value (read as empty) is
    :data:`~forloeb.loading._cells.FORMULA_WITHOUT_VALUE`, and an error value
    (read as its code, text) an :class:`~forloeb.loading._cells.ExcelError`.

    The sheet's XML is looked at directly, and only when it holds a formula
    or an error value at all.
    """
    try:
        source = sheet.parent._archive.open(sheet._worksheet_path)
    except (AttributeError, KeyError, OSError):
        return {}  # not a sheet openpyxl reads from a file: nothing to look at
    with source:
        data = source.read()
    if not (_FORMULA_TAG.search(data) or _ERROR_TYPE.search(data)):
        return {}
    found: dict[int, list[tuple[int, object]]] = {}
    row_number = 0
    column = -1
    # A row is numbered as openpyxl numbers it: by its own r, else as the one
    # after the row before; that is known when the row starts, before its cells.
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if tag == "row":
            if event == "start":
                row_number = int(element.get("r", row_number + 1))
                column = -1
            else:
                element.clear()
        elif tag == "c" and event == "end":
            column = _column_of(element.get("r"), column + 1)
            children = {child.tag.rpartition("}")[2]: child for child in element}
            value = children.get("v")
            if element.get("t") == "e":
                code = (value.text or "") if value is not None else ""
                found.setdefault(row_number, []).append((column, ExcelError(code)))
            elif "f" in children and (value is None or not (value.text or "")):
                found.setdefault(row_number, []).append((column, FORMULA_WITHOUT_VALUE))
    return found


def _column_of(reference: str | None, default: int) -> int:
    match = _CELL_REFERENCE.fullmatch(reference or "")
    if match is None:
        return default
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _letters(column: int) -> str:
    # The letters of a 0-based column: 0 is A, 26 is AA.
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _marked(rows: Iterable[Sequence[object]], marks: dict[int, list[tuple[int, object]]]
            ) -> Iterator[Sequence[object]]:
    """
    The rows, with each cell :func:`_cells_to_mark` found marked as it says.
    """
    if not marks:
        yield from rows
        return
    for number, row in enumerate(rows, start=1):
        marked = marks.get(number)
        if marked:
            cells = list(row)
            for column, mark in marked:
                if column < len(cells):
                    cells[column] = mark
            row = cells
        yield row
