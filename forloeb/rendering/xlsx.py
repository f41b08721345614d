"""
XLSX (the ``xlsx`` extra): one sheet per agreement plus a comparison sheet.

Figures are written as numbers a spreadsheet can compute with: a share is
its value formatted as percent, with its numerator and denominator in the two
columns beside it; a suppressed figure is the text ``<N`` (or "skjult").
Every cell holds a value, never a formula: text goes through
:func:`forloeb.escaping.xlsx_text` (a control character, which a workbook
cannot store, is shown as an escape such as ``\\x0b``) and is stored as text
(:func:`forloeb.escaping.as_text_cell`), whatever it starts with.
openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import io
import re
from typing import Any

from forloeb.errors import ForloebError
from forloeb.escaping import as_text_cell, xlsx_text
from forloeb.labels import label
from forloeb.rendering._cells import Cell, Mean, Money, Share, format_cell, format_share
from forloeb.rendering._report import Part, Report, Table

#: Characters Excel refuses in a sheet name, and its longest sheet name.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


class MissingExtraError(ForloebError, ImportError):
    """
    A format needs a package that is installed only with an extra (``forloeb[xlsx]``).
    """


def render_xlsx(report: Report) -> bytes:
    """
    ``report`` as the bytes of an .xlsx workbook, one sheet per part.

    Raises:
        MissingExtraError: if openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError(
            "the xlsx format needs openpyxl; install it with: pip install 'forloeb[xlsx]'"
        ) from None
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for part in report.parts:
        sheet = workbook.create_sheet(_sheet_name(part.sheet, used))
        _write_part(sheet, part, report)
    if not report.parts:
        sheet = workbook.create_sheet(_sheet_name(report.title, used))
        _write_lines(sheet, [report.title, *report.lines])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", xlsx_text(wanted)).strip("'") or "Ark"
    base = base[:_SHEET_NAME_MAX]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _append(sheet: Any, values: list[Any]) -> None:
    # The one way a row reaches a sheet: text is stored as text, never a formula.
    from openpyxl.cell import Cell

    sheet.append([as_text_cell(Cell(sheet, value=xlsx_text(v))) if isinstance(v, str) else v
                  for v in values])


def _write_lines(sheet: Any, lines: list[str]) -> None:
    from openpyxl.styles import Font

    for line in lines:
        if line:
            _append(sheet, [line])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)


def _write_part(sheet: Any, part: Part, report: Report) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    _write_lines(sheet, [report.title, *report.lines])
    _append(sheet, [])
    _append(sheet, [part.heading])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    for section in part.sections:
        if section.heading:
            _append(sheet, [])
            _append(sheet, [section.heading])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        for table in section.tables:
            if table.rows:
                _write_table(sheet, table, report.lang, bold)
        for paragraph in section.paragraphs:
            _append(sheet, [paragraph])
    for paragraph in part.paragraphs:
        _append(sheet, [])
        _append(sheet, [paragraph])
    sheet.column_dimensions["A"].width = 55
    for column in "BCDEFGH":
        sheet.column_dimensions[column].width = 16


def _write_table(sheet: Any, table: Table, lang: str, bold: Any) -> None:
    figures = not table.headers
    with_counts = figures and any(isinstance(c, Share) and c.has_counts
                                  for row in table.rows for c in row)
    headers = list(table.headers)
    if figures:
        headers = [label("figure.figure", lang), label("figure.value", lang)]
        if with_counts:
            headers += [label("figure.numerator", lang), label("figure.denominator", lang)]
    _append(sheet, headers)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in table.rows:
        values: list[Any] = []
        formats: list[str | None] = []
        for cell in row:
            value, number_format = _value(cell, lang)
            values.append(value)
            formats.append(number_format)
        if with_counts and isinstance(row[-1], Share) and row[-1].has_counts:
            values += [row[-1].numerator, row[-1].denominator]
            formats += [None, None]
        _append(sheet, values)
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=False):
            if number_format:
                cell.number_format = number_format


def _value(cell: Cell, lang: str) -> tuple[Any, str | None]:
    # The value a spreadsheet should hold, and how to show it.
    if isinstance(cell, Share):
        exact = cell.exact
        if cell.is_suppressed or exact is None:
            return format_share(cell, lang, counts=False), None
        return float(exact), "0%"
    if isinstance(cell, Mean):
        if isinstance(cell.value, int | float):
            return cell.value, "+0.0;-0.0;0.0" if cell.signed else "0.0"
        return format_cell(cell, lang), None
    if isinstance(cell, Money):
        if isinstance(cell.value, int | float):
            return cell.value, "#,##0"
        return format_cell(cell, lang), None
    if isinstance(cell, float):
        return cell, "0.0"
    return cell, None
