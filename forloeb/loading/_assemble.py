"""
From the rows that were read to a checked register, or every problem at once.

The objects built from good rows are checked against the rules of the user guide
section 3 (:func:`forloeb.rules.validate`), and each violation is located in
the file and row it came from. A reference to a row that could not be read
("pathway P7 does not exist", when P7's row has a bad date) is not reported:
the row's own problem is.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from forloeb.errors import Problem, RegisterError, RegisterWarning
from forloeb.loading._table import TableReader
from forloeb.model import Register
from forloeb.privacy import redact
from forloeb.rules import Violation, validate
from forloeb.schema import TABLES

#: Per table, the column that refers to another table, and that table.
_REFERENCES = {
    "pathways": ("agreement_id", "agreements"),
    "events": ("pathway_id", "pathways"),
    "collaboration": ("agreement_id", "agreements"),
    "employments": ("pathway_id", "pathways"),
    "employment_events": ("employment_id", "employments"),
}


def assemble(readers: Mapping[str, TableReader], *, problems: Iterable[Problem] = (),
             notes: Iterable[str] = (), source: str) -> Register:
    """
    The register made of what ``readers`` read, after every check.

    ``problems`` and ``notes`` are those of the source as a whole (a missing
    table, an unknown sheet); the readers carry their own.

    Raises:
        RegisterError: listing every problem, if there is any.
    """
    usable: dict[str, Any] = {t: () if r.broken else r.take() for t, r in readers.items()}
    register = Register(*(usable[table] for table in TABLES))
    del usable
    found = list(problems)
    for reader in readers.values():
        found.extend(reader.problems)
    for violation in validate(register):
        if not _follows_from_unread_row(violation, register, readers):
            reader = readers[violation.table]
            found.append(Problem(reader.label, reader.row_of(violation.index),
                                 violation.column, violation.message))
    all_notes = list(notes)
    for reader in readers.values():
        all_notes.extend(reader.warnings)
    warn(all_notes)
    if found:
        raise RegisterError(sorted(found, key=_order(readers)), source=source)
    return register


def warn(notes: Iterable[str]) -> None:
    """
    Each of a register's ``notes`` (an unknown column, an unknown table) once,
    as a :class:`~forloeb.errors.RegisterWarning`, never repeating a CPR-like value.
    """
    for note in dict.fromkeys(map(redact, notes)):
        warnings.warn(note, RegisterWarning, stacklevel=4)


def _follows_from_unread_row(violation: Violation, register: Register,
                             readers: Mapping[str, TableReader]) -> bool:
    reference = _REFERENCES.get(violation.table)
    if reference is None or violation.column != reference[0]:
        return False
    column, target = reference
    item = getattr(register, violation.table)[violation.index]
    reader = readers[target]
    return reader.broken or getattr(item, column) in reader.failed_ids


def _order(readers: Mapping[str, TableReader]) -> Callable[[Problem], tuple[int, int, int]]:
    table_of_label = {r.label: i for i, r in enumerate(readers.values())}
    column_order = {t: {c: i for i, c in enumerate(table.column_names)}
                    for t, table in TABLES.items()}
    tables = list(readers)

    def key(problem: Problem) -> tuple[int, int, int]:
        table = table_of_label.get(problem.file, -1)
        columns = column_order[tables[table]] if table >= 0 else {}
        return (table, problem.row or 0, columns.get(problem.column or "", -1))

    return key
