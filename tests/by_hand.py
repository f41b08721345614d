"""
Small agreements and workbooks made by hand, shared by the tests of the rules,
the recording functions, loading and the limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs
import openpyxl

from forloeb.model import Agreement, CollaborationNote, EmploymentEvent, Event, Register

_Noted = TypeVar("_Noted", Event, CollaborationNote, EmploymentEvent)


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


def as_a_workbook_gives_it_back(register: Register) -> Register:
    """
    ``register`` as a workbook gives it back: a workbook is XML, which stores
    every line break as a line feed, so a note's ``"\\r\\n"`` or lone
    ``"\\r"`` comes back as ``"\\n"`` (docs/register-format.md).
    """
    return with_notes(register, lambda note: note.replace("\r\n", "\n").replace("\r", "\n"))


def with_notes(register: Register, change: Callable[[str], str]) -> Register:
    """
    ``register`` with ``change`` made to the note of every event,
    collaboration note and employment event.
    """
    def changed(item: _Noted) -> _Noted:
        return attrs.evolve(item, note=change(item.note))

    return register.replace(events=[changed(e) for e in register.events],
                            collaboration=[changed(n) for n in register.collaboration],
                            employment_events=[changed(e) for e in register.employment_events])
