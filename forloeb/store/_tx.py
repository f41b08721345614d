"""
Reading the current versions of items and writing new versions, inside one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from forloeb import _progress
from forloeb.errors import UnknownIdError
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.schema import Record
from forloeb.store._backend import Backend
from forloeb.store._rows import (
    COLUMNS,
    NOUNS,
    first_rows,
    from_sql,
    insert_statement,
    row_columns,
    version_rows,
)

#: A bound above every change id: "everything recorded so far".
EVERYTHING = 2**62


_ALL = "1 = 1"


def latest_versions(db: Backend, table: str, where: str = _ALL,
                    params: Sequence[object] = (), *, bound: int = EVERYTHING
                    ) -> dict[int, tuple[bool, Record]]:
    """
    The latest version of each item of ``table`` that has a version matching
    ``where`` and recorded up to change ``bound``: item id -> (retracted, object).
    """
    columns = ", ".join(COLUMNS[table])
    convert = from_sql(table, db.dialect, offset=3)
    latest: dict[int, tuple[bool, Record]] = {}
    query = (f"SELECT seq, coalesce(original, seq), retracted, {columns} FROM {table} "
             f"WHERE ({where}) AND change_id <= ? ORDER BY seq")
    # A whole table may be millions of rows; one item's versions are a few.
    read = db.stream if where == _ALL else db.execute
    for row in read(query, (*params, bound)):
        latest[row[1]] = (bool(row[2]), convert(row))
    return latest


def current_items(db: Backend, table: str, *, bound: int = EVERYTHING
                  ) -> list[tuple[int, Record]]:
    """
    Every item of ``table`` as it stood after change ``bound``, retracted ones
    left out, in the order the items were first recorded: (item id, object).
    """
    convert = from_sql(table, db.dialect, offset=1)
    width = 1 + len(COLUMNS[table])
    # A first version's seq is the item's id; a correction ends with its original.
    return [(row[0] if len(row) == width else row[-1], convert(row))
            for row in _current_rows(db, table, bound)]


def current_objects(db: Backend, table: str, *, bound: int = EVERYTHING) -> list[Record]:
    """
    :func:`current_items` without the ids: what :meth:`Store.load` reads.
    """
    convert = from_sql(table, db.dialect, offset=1)
    rows = _progress.tracked(_current_rows(db, table, bound), f"reading {table}",
                             unit="rows", every=4096)
    return [convert(row) for row in rows]


def current_seqs(db: Backend, table: str, *, bound: int = EVERYTHING) -> list[int]:
    """
    The ``seq`` of the row each item of :func:`current_objects` was read from,
    in the same order (to name the rows in a message).
    """
    return [row[0] for row in _current_rows(db, table, bound)]


def _current_rows(db: Backend, table: str, bound: int) -> Iterable[Sequence[Any]]:
    # Two queries, no per-item lookups: the few corrections through their
    # partial index, then the first versions in rowid order. Every row starts
    # with its own seq (for messages about a damaged row).
    columns = ", ".join(COLUMNS[table])
    corrections: dict[int, Sequence[Any]] = {}
    for row in db.stream(
            f"SELECT seq, {columns}, retracted, original FROM {table} "
            "WHERE original IS NOT NULL AND change_id <= ? ORDER BY seq", (bound,)):
        corrections[row[-1]] = row
    rows = db.stream(
        f"SELECT seq, {columns} FROM {table} WHERE original IS NULL AND change_id <= ? "
        "ORDER BY seq", (bound,))
    if not corrections:
        return rows
    return _corrected(rows, corrections)


def _corrected(rows: Iterable[Sequence[Any]], corrections: dict[int, Sequence[Any]]
               ) -> Iterator[Sequence[Any]]:
    for row in rows:
        latest = corrections.get(row[0], row)
        if latest is row or not latest[-2]:
            yield latest


class Transaction:
    """
    One write to the store: reads see the store as it is inside the
    transaction, and every version written carries the transaction's change.
    """

    def __init__(self, db: Backend, change_id: int) -> None:
        self.db = db
        self.change_id = change_id
        self.written = 0

    # -- reading -----------------------------------------------------------------

    def find(self, table: str, where: str, params: Sequence[object]
             ) -> tuple[int, bool, Record] | None:
        """
        The latest version of the one item matching ``where`` (retracted or
        not): (item id, retracted, object), or ``None`` if there never was one.
        """
        found = latest_versions(self.db, table, where, params)
        if not found:
            return None
        item, (retracted, obj) = next(iter(found.items()))
        return item, retracted, obj

    def current(self, table: str, where: str, params: Sequence[object], *,
                shown: object) -> tuple[int, Record]:
        """
        The current version of the one item matching ``where`` and its id.

        Raises:
            UnknownIdError: naming ``shown``, if there is none or it was retracted.
        """
        found = self.find(table, where, params)
        if found is None or found[1]:
            retracted = " (it was retracted)" if found else ""
            raise UnknownIdError(f"no {NOUNS[table]} with id {shown!r}{retracted}")
        return found[0], found[2]

    def agreement(self, agreement_id: str) -> Agreement:
        """
        The current version of an agreement.
        """
        _, found = self.current("agreements", "agreement_id = ?", (agreement_id,),
                                shown=agreement_id)
        return found  # type: ignore[return-value]

    def pathway(self, pathway_id: str) -> tuple[int, Pathway]:
        """
        The current version of a pathway and its item id.
        """
        return self.current("pathways", "pathway_id = ?", (pathway_id,),  # type: ignore[return-value]
                            shown=pathway_id)

    def item(self, table: str, item_id: int) -> Record:
        """
        The current version of an event or a collaboration note, by its id.
        """
        # Two index lookups (rowid, corrections index), never a scan.
        return self.current(table, "seq = ? OR original = ?", (item_id, item_id),
                            shown=item_id)[1]

    def pathways_of(self, agreement_id: str) -> list[Pathway]:
        """
        The current pathways of one agreement.
        """
        # A correction may move a pathway between agreements: read every version
        # of the pathways that were ever under this one, keep those still there.
        found = latest_versions(
            self.db, "pathways",
            "pathway_id IN (SELECT pathway_id FROM pathways WHERE agreement_id = ?)",
            (agreement_id,))
        pathways = [p for retracted, p in found.values() if not retracted]
        return [p for p in pathways
                if isinstance(p, Pathway) and p.agreement_id == agreement_id]

    def events_of(self, pathway_id: str) -> list[tuple[int, Event]]:
        """
        The current events of one pathway with their ids, in the order recorded.
        """
        found = latest_versions(self.db, "events", "pathway_id = ?", (pathway_id,))
        return [(item, e) for item, (retracted, e) in sorted(found.items())  # type: ignore[misc]
                if not retracted]

    def notes_of(self, agreement_id: str) -> list[tuple[int, CollaborationNote]]:
        """
        The current collaboration notes on one agreement with their ids.
        """
        found = latest_versions(self.db, "collaboration", "agreement_id = ?",
                                (agreement_id,))
        return [(item, n) for item, (retracted, n) in sorted(found.items())  # type: ignore[misc]
                if not retracted]

    def surroundings(self, pathway: Pathway, *, without_event: int | None = None) -> Register:
        """
        The facts the rules need to judge a change to ``pathway``: its
        agreement, the agreement's pathways (capacity, returning participants)
        and the pathway's events.
        """
        agreement = self.agreement(pathway.agreement_id)
        pathways = self.pathways_of(pathway.agreement_id)
        events = [e for item, e in self.events_of(pathway.pathway_id) if item != without_event]
        return Register([agreement], pathways, events)

    def is_empty(self, table: str) -> bool:
        """
        Whether ``table`` holds no row at all.
        """
        return self.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None

    # -- writing -----------------------------------------------------------------

    def add(self, table: str, obj: Record) -> int:
        """
        Record a new item; its id.
        """
        row = next(first_rows(table, [obj], self.change_id, self.db.dialect))
        item = self.db.insert(insert_statement(table), row, key="seq")
        self.written += 1
        return item

    def add_many(self, table: str, items: Iterable[Record]) -> int:
        """
        Record many new items in one bulk load; how many.
        """
        items = _progress.tracked(items, f"importing {table}", unit="rows", every=4096)
        count = self.db.insert_rows(table, row_columns(table),
                                    first_rows(table, items, self.change_id, self.db.dialect))
        self.written += count
        return count

    def revise(self, table: str, versions: Iterable[tuple[int, bool, Record]]) -> int:
        """
        Record new versions ``(item id, retracted, object)`` of existing items; how many.
        """
        count = self.db.insert_rows(table, row_columns(table),
                                    version_rows(table, versions, self.change_id,
                                                 self.db.dialect))
        self.written += count
        return count
