"""
Small agreements and workbooks made by hand, shared by the tests of the rules,
the recording functions, loading and the limits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from forloeb.model import Agreement

#: The bundled example without its employments (links to its other CSV files):
#: the store holds no employments yet and refuses a register that has any.
EXAMPLE_FOR_THE_STORE = Path(__file__).parent / "data" / "slagelse-2018-pathways"


def agreement(agreement_id: str = "SA1", **terms: object) -> Agreement:
    """
    An agreement from 1 January 2018 with 2 slots, a plan due in 4 weeks and a
    52-week frame, unless ``terms`` say otherwise.
    """
    values: dict[str, object] = {"slots": 2, "plan_deadline_weeks": 4, "frame_weeks": 52}
    values.update(terms)
    return Agreement(agreement_id, dt.date(2018, 1, 1), **values)  # type: ignore[arg-type]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """
    An Excel workbook at ``path`` with these sheets, each a list of rows.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
