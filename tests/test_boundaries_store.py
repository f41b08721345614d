"""
The boundaries of the store's time (docs/store.md): ``known_at`` as a date
means the end of that day, a time includes a change recorded at that very
moment, and history runs forward even when the clock jumps back. Each test
runs against SQLite and against PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from around import SHIFT_AND_EXPECTED, around, shifted

from forloeb.model import Agreement
from forloeb.store import Store

D = dt.date
DAY = D(2018, 3, 10)
#: The last moment of DAY and the first of the next, in local time (naive).
LAST_MOMENT = dt.datetime(2018, 3, 10, 23, 59, 59, 999999)
NEXT_MIDNIGHT = dt.datetime(2018, 3, 11)
MICROSECOND = dt.timedelta(microseconds=1)


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    """
    SA1 and pathway P1, referred, both recorded on 1 March 2018; P1 started
    on 8 January at the last moment of 10 March, and the start corrected to
    9 January at midnight after it.
    """
    with Store.open(location, create=True) as opened:
        opened.add_agreement(Agreement("SA1", D(2018, 1, 1), slots=2, plan_deadline_weeks=4,
                                       frame_weeks=52),
                             actor="anna", recorded_at=dt.datetime(2018, 3, 1, 9))
        opened.refer("P1", agreement_id="SA1", participant_id="D-1", day=D(2018, 1, 2),
                     actor="anna", recorded_at=dt.datetime(2018, 3, 1, 9))
        opened.start("P1", day=D(2018, 1, 8), actor="anna", recorded_at=LAST_MOMENT)
        opened.correct_pathway("P1", start_date=D(2018, 1, 9), actor="bo",
                               recorded_at=NEXT_MIDNIGHT)
        yield opened


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the day the start was recorded", None, D(2018, 1, 8), D(2018, 1, 9)))
def test_known_at_a_date_is_what_was_recorded_by_the_end_of_that_day(
        store: Store, shift: int, expected: dt.date | None) -> None:
    assert expected == store.load(known_at=shifted(DAY, shift)).pathway("P1").start_date


@pytest.mark.parametrize(("moment", "expected"), [
    pytest.param(LAST_MOMENT - MICROSECOND, None, id="a microsecond before the start"),
    pytest.param(LAST_MOMENT, D(2018, 1, 8), id="the moment the start was recorded"),
    pytest.param(NEXT_MIDNIGHT - MICROSECOND, D(2018, 1, 8),
                 id="a microsecond before the correction"),
    pytest.param(NEXT_MIDNIGHT, D(2018, 1, 9), id="the moment the correction was recorded"),
])
def test_known_at_a_time_includes_a_change_recorded_at_that_moment(
        store: Store, moment: dt.datetime, expected: dt.date | None) -> None:
    assert expected == store.load(known_at=moment).pathway("P1").start_date


def test_history_runs_forward_when_the_clock_jumps_back(store: Store) -> None:
    """
    A change recorded while the clock ran a day ahead, then one by the
    corrected clock: the second is recorded at the first's time, not before
    it, so the history stays in order and known_at still finds both.
    """
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    store.record_plan("P1", day=D(2018, 2, 1), actor="anna", recorded_at=ahead)
    store.correct_pathway("P1", plan_co_created=True, actor="anna")  # the clock, now behind
    times = [change.recorded_at for change in store.history("P1")]
    assert sorted(times) == times
    assert ahead == times[-1]
    assert store.load(known_at=ahead).pathway("P1").plan_co_created is True

