"""
Importing a whole register into a store: added to it, or replacing what it holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from forloeb.errors import StoreError
from forloeb.model import Register
from forloeb.schema import Record
from forloeb.store._backend import Backend
from forloeb.store._rows import TABLE_NAMES
from forloeb.store._schema import INDEXES, index_statements
from forloeb.store._tx import Transaction, current_items, latest_versions

#: The tables whose items have an id of their own in a register, and that id.
_KEYS = {"agreements": "agreement_id", "pathways": "pathway_id"}


@attrs.frozen
class ImportSummary:
    """
    What an import wrote, per table (``agreements``, ``pathways``, ``events``,
    ``collaboration``): how many items it added, corrected and retracted.
    """

    added: Mapping[str, int]
    corrected: Mapping[str, int] = attrs.field(factory=dict)
    retracted: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def changed(self) -> bool:
        """
        Whether the import wrote anything at all.
        """
        return any(n for counts in (self.added, self.corrected, self.retracted)
                   for n in counts.values())


def _items(register: Register, table: str) -> Sequence[Record]:
    return getattr(register, table)  # type: ignore[no-any-return]


def add(tx: Transaction, register: Register, *, store: str) -> ImportSummary:
    """
    Add every item of ``register`` to the store, whose ids it must not share.
    """
    clashes = []
    for table, key in _KEYS.items():
        if tx.is_empty(table):
            continue
        known = {row[0] for row in tx.db.stream(f"SELECT DISTINCT {key} FROM {table}")}
        taken = [getattr(item, key) for item in _items(register, table)
                 if getattr(item, key) in known]
        if taken:
            shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5
                                            else "")
            clashes.append(f"{len(taken)} of its {table} ({shown})")
    if clashes:
        raise StoreError(
            f"{store} already holds {' and '.join(clashes)}; import with replace=True "
            "(forloeb import --replace) to make the store hold this register, with every "
            "difference recorded as a correction")
    added = {}
    for table in TABLE_NAMES:
        items = _items(register, table)
        if tx.db.rebuilds_indexes and tx.is_empty(table) and items:
            added[table] = _bulk_add(tx, table, items)
        else:
            added[table] = tx.add_many(table, items)
    return ImportSummary(added)


def _bulk_add(tx: Transaction, table: str, items: Sequence[Record]) -> int:
    # Building an index once over sorted keys is much faster than keeping it up
    # to date row by row; DDL is transactional, so a failure restores them.
    # (Only where the backend says so: in PostgreSQL a recording role may not
    # drop an index, and COPY keeps them up to date cheaply.)
    for name, _ in INDEXES[table]:
        tx.db.execute(f"DROP INDEX IF EXISTS {name}")
    count = tx.add_many(table, items)
    for statement in index_statements(table):
        tx.db.execute(statement)
    return count


def replace(tx: Transaction, register: Register, *, store: str) -> ImportSummary:
    """
    Make the store hold exactly ``register``: new items are added, changed ones
    get a new version, missing ones are retracted; unchanged ones are left alone.
    """
    if all(tx.is_empty(table) for table in TABLE_NAMES):
        return add(tx, register, store=store)
    added, corrected, retracted = {}, {}, {}
    for table in TABLE_NAMES:
        if table in _KEYS:
            new, versions = _by_key(tx.db, table, _items(register, table))
        else:
            new, versions = _by_content(tx.db, table, _items(register, table))
        added[table] = tx.add_many(table, new)
        corrected[table] = sum(1 for _, gone, _ in versions if not gone)
        retracted[table] = sum(1 for _, gone, _ in versions if gone)
        tx.revise(table, versions)
    return ImportSummary(added, corrected, retracted)


def _by_key(db: Backend, table: str, wanted: Sequence[Record]
            ) -> tuple[list[Record], list[tuple[int, bool, Record]]]:
    key = _KEYS[table]
    held = {getattr(obj, key): (item, retracted, obj)
            for item, (retracted, obj) in latest_versions(db, table).items()}
    new, versions = [], []
    for obj in wanted:
        found = held.pop(getattr(obj, key), None)
        if found is None:
            new.append(obj)
        elif found[1] or found[2] != obj:
            versions.append((found[0], False, obj))  # corrected, or back after a retraction
    versions.extend((item, True, obj) for item, retracted, obj in held.values()
                    if not retracted)
    return new, versions


def _by_content(db: Backend, table: str, wanted: Sequence[Record]
                ) -> tuple[list[Record], list[tuple[int, bool, Record]]]:
    # Events and notes have no id in a register: equal rows are the same item,
    # matched one to one (a register may hold two equal rows).
    held: dict[Record, list[int]] = {}
    for item, obj in current_items(db, table):
        held.setdefault(obj, []).append(item)
    new = []
    for obj in wanted:
        items = held.get(obj)
        if items:
            items.pop(0)
        else:
            new.append(obj)
    gone = [(item, True, obj) for obj, items in held.items() for item in items]
    return new, gone
