"""
When a change was recorded: UTC timestamps as fixed-width text, so that text
order is time order.

The store is the one part of forloeb that may read the clock, and only for the
time a change is recorded (never for the dates facts are about).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from forloeb.errors import InvalidArgument


def stamp(moment: dt.datetime) -> str:
    """
    ``moment`` as stored: UTC, microseconds, a ``Z``. A naive datetime is local time.

    >>> stamp(dt.datetime(2018, 7, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    '2018-07-01T12:00:00.000000Z'
    """
    if not isinstance(moment, dt.datetime):
        raise InvalidArgument(f"recorded_at must be a datetime, got {moment!r}")
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


def next_stamp(connection: sqlite3.Connection, recorded_at: dt.datetime | None) -> str:
    """
    The time to record a change at: ``recorded_at``, or now. History runs
    forward: a given time before the last change is refused, and a clock that
    went back is read as the last change's time.
    """
    row = connection.execute(
        "SELECT recorded_at FROM changes ORDER BY change_id DESC LIMIT 1").fetchone()
    last = row[0] if row else ""
    if recorded_at is None:
        return max(stamp(dt.datetime.now(dt.UTC)), last)
    text = stamp(recorded_at)
    if text < last:
        raise InvalidArgument(f"recorded_at {text} is before the store's last change, "
                              f"recorded at {last}; history only runs forward")
    return text


def known_bound(connection: sqlite3.Connection, known_at: dt.datetime | dt.date) -> int:
    """
    The last change recorded at or before ``known_at`` (0 if none).

    A date means the end of that day, local time: what the register held when
    that day was over.
    """
    if isinstance(known_at, dt.datetime):
        query, moment = "recorded_at <= ?", known_at
    elif isinstance(known_at, dt.date):
        midnight = dt.datetime.combine(known_at + dt.timedelta(days=1), dt.time())
        query, moment = "recorded_at < ?", midnight
    else:
        raise InvalidArgument(f"known_at must be a datetime or a date, got {known_at!r}")
    row = connection.execute(f"SELECT max(change_id) FROM changes WHERE {query}",
                             (stamp(moment),)).fetchone()
    return int(row[0] or 0)


def parse_stamp(text: str) -> dt.datetime:
    """
    A stored time as an aware UTC datetime.

    >>> parse_stamp('2018-07-01T12:00:00.000000Z')
    datetime.datetime(2018, 7, 1, 12, 0, tzinfo=datetime.timezone.utc)
    """
    return dt.datetime.fromisoformat(text)
