"""
When a change was recorded: UTC timestamps as fixed-width text, so that text
order is time order.

The store is the one part of forloeb that may read the clock, and only for the
time a change is recorded (never for the dates facts are about).
"""

from __future__ import annotations

import datetime as dt
import re

from forloeb._arguments import refuse
from forloeb.errors import InvalidArgument
from forloeb.store._backend import Backend
from forloeb.store._rows import DamagedRow, shown_cell

#: A time as the store records it.
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def stamp(moment: dt.datetime) -> str:
    """
    ``moment`` as stored: UTC, microseconds, a ``Z``. A naive datetime is local time.

    >>> stamp(dt.datetime(2018, 7, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    '2018-07-01T12:00:00.000000Z'
    """
    if not isinstance(moment, dt.datetime):
        raise refuse("recorded_at", "a datetime.datetime", moment)
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def next_stamp(db: Backend, recorded_at: dt.datetime | None) -> str:
    """
    The time to record a change at: ``recorded_at``, or now. History runs
    forward: a given time before the last change is refused, and a clock that
    went back is read as the last change's time.
    """
    row = db.execute(
        "SELECT change_id, recorded_at FROM changes ORDER BY change_id DESC LIMIT 1").fetchone()
    last = ""
    if row is not None:
        text = db.dialect.stamp_text(row[1])
        parse_stamp(text, change_id=row[0])  # a damaged last time would misdate this one
        last = str(text)
    if recorded_at is None:
        return max(stamp(dt.datetime.now(dt.UTC)), last)
    text = stamp(recorded_at)
    if text < last:
        raise InvalidArgument(f"recorded_at {text} is before the store's last change, "
                              f"recorded at {last}; history only runs forward")
    return text


def known_bound(db: Backend, known_at: dt.datetime | dt.date) -> int:
    """
    The last change recorded at or before ``known_at`` (0 if none).

    A date means the end of that day, local time: what the register held when
    that day was over.

    Raises:
        DamagedRow: a recorded time that forloeb did not write, or one earlier
            than the change before it (the bound would be wrong).
    """
    _check_stamps(db)
    if isinstance(known_at, dt.datetime):
        query, moment = "recorded_at <= ?", known_at
    elif isinstance(known_at, dt.date):
        midnight = dt.datetime.combine(known_at + dt.timedelta(days=1), dt.time())
        query, moment = "recorded_at < ?", midnight
    else:
        raise refuse("known_at", "a datetime.datetime or a datetime.date", known_at)
    row = db.execute(f"SELECT max(change_id) FROM changes WHERE {query}",
                     (db.dialect.stamp_value(stamp(moment)),)).fetchone()
    return int(row[0] or 0)


def parse_stamp(text: object, *, change_id: int) -> dt.datetime:
    """
    A stored time as an aware UTC datetime.

    >>> parse_stamp('2018-07-01T12:00:00.000000Z', change_id=1)
    datetime.datetime(2018, 7, 1, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_stamp('yesterday', change_id=7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    forloeb.store._rows.DamagedRow: table changes, row 7, column recorded_at: 'yesterday' is not ...

    Raises:
        DamagedRow: naming the change, if ``text`` is not a time forloeb wrote.
    """
    try:
        if isinstance(text, str) and _STAMP.fullmatch(text):
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    raise _bad_stamp(change_id, text)


def _bad_stamp(change_id: int, text: object) -> DamagedRow:
    return DamagedRow("changes", change_id, "recorded_at",
                      f"{shown_cell(text)} is not a time as forloeb records it "
                      "(2018-07-01T12:00:00.000000Z)")


def stamp_problems(db: Backend) -> list[str]:
    """
    What is wrong with the times of the history: a time forloeb did not
    write, or one before the change it follows (empty when they run forward).
    """
    try:
        _check_stamps(db)
    except DamagedRow as e:
        return [str(e)]
    return []


def _check_stamps(db: Backend) -> None:
    # One pass in the database: a malformed time, or one before the change it follows.
    row = db.execute(
        "SELECT change_id, recorded_at, before FROM (SELECT change_id, recorded_at, "
        "lag(recorded_at) OVER (ORDER BY change_id) AS before FROM changes) AS ordered "
        f"WHERE {db.dialect.malformed_stamp} OR recorded_at < before LIMIT 1").fetchone()
    if row is None:
        return
    change_id = row[0]
    text, before = db.dialect.stamp_text(row[1]), db.dialect.stamp_text(row[2])
    parse_stamp(text, change_id=change_id)
    raise DamagedRow("changes", change_id, "recorded_at",
                     f"{text} is earlier than the change before it ({before}); history "
                     "only runs forward")
