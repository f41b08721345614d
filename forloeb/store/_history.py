"""
A pathway's history: every version of it and of its events, who recorded it and when.
"""

from __future__ import annotations

import datetime as dt

import attrs

from forloeb.errors import UnknownIdError
from forloeb.model import Event, Pathway
from forloeb.schema import TABLES
from forloeb.store._backend import Backend
from forloeb.store._rows import COLUMNS, from_sql
from forloeb.store._time import parse_stamp


@attrs.frozen
class Change:
    """
    One recorded change to a pathway or one of its events: a row version.

    ``before`` is ``None`` when the item was first recorded, ``after`` when it
    was retracted. ``action`` names the call that recorded it (``refer``,
    ``start``, ``record_event``, ``correct_pathway``, ``import``, ...); it is
    empty for changes recorded by a store older than schema version 2.
    """

    change_id: int
    recorded_at: dt.datetime
    actor: str
    action: str
    item: str
    item_id: str
    before: Pathway | Event | None
    after: Pathway | Event | None

    @property
    def differences(self) -> list[tuple[str, object, object]]:
        """
        ``(column, before, after)`` for each column that the change set or changed.

        A first version lists the columns that hold a value other than the
        default; a retraction lists nothing.
        """
        if self.after is None:
            return []
        table = "pathways" if isinstance(self.after, Pathway) else "events"
        spec = TABLES[table]
        found = []
        for column in spec.columns:
            if column.name == "pathway_id":
                continue
            new = getattr(self.after, column.name)
            old = column.default if self.before is None else getattr(self.before, column.name)
            if new != old:
                found.append((column.name, None if self.before is None else old, new))
        return found


def history(db: Backend, pathway_id: str) -> list[Change]:
    """
    Every change to a pathway and its events, oldest first.

    Raises:
        UnknownIdError: if the store has never held the pathway.
    """
    rows = []
    for order, table, item_name in ((0, "pathways", "pathway"), (1, "events", "event")):
        columns = ", ".join(f"t.{c}" for c in COLUMNS[table])
        convert = from_sql(table, db.dialect, offset=7, seq_at=1)
        query = (f"SELECT t.change_id, t.seq, coalesce(t.original, t.seq), t.retracted, "
                 f"c.recorded_at, c.actor, c.action, {columns} FROM {table} AS t "
                 "JOIN changes AS c ON c.change_id = t.change_id "
                 "WHERE t.pathway_id = ? ORDER BY t.seq")
        for row in db.execute(query, (pathway_id,)):
            rows.append((row[0], order, row[1], item_name, row[2], bool(row[3]),
                         db.dialect.stamp_text(row[4]),
                         row[5], row[6], convert(row)))
    if not rows:
        raise UnknownIdError(f"the store has never held a pathway with id {pathway_id!r}")
    rows.sort(key=lambda r: r[:3])
    latest: dict[tuple[str, int], object] = {}
    changes = []
    for change_id, _, _, item_name, item, retracted, recorded_at, actor, action, obj in rows:
        before = latest.get((item_name, item))
        latest[(item_name, item)] = None if retracted else obj
        changes.append(Change(
            change_id=change_id,
            recorded_at=parse_stamp(recorded_at, change_id=change_id),
            actor=actor,
            action=action,
            item=item_name,
            item_id=pathway_id if item_name == "pathway" else str(item),
            before=before,  # type: ignore[arg-type]
            after=None if retracted else obj,  # type: ignore[arg-type]
        ))
    return changes

