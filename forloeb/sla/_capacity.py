"""
Capacity (da: *kapacitet*): active pathways per day against an agreement's
slots, as a sweep over start and end points, never a loop over days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from forloeb import _arguments as check
from forloeb.model import Agreement, Pathway
from forloeb.sla._details import join, part
from forloeb.sla._findings import Finding, Rule, Status

_DAY = dt.timedelta(days=1)


@attrs.frozen
class CapacityUse:
    """
    Capacity use (da: *kapacitetsudnyttelse*) of one agreement over the days
    ``since``..``as_of`` (both included).

    A pathway occupies a slot on the days ``start <= t < end``. ``peak`` is the
    most pathways active on one day and ``peak_date`` the first day it was
    reached (``None`` when no pathway was active). ``days_on_extra`` counts the
    days with more pathways than ``slots`` (the extra slots in use, or worse),
    ``days_over`` those with more than ``slots + extra_slots``, the first of
    them being ``first_over``.
    """

    agreement_id: str
    slots: int
    extra_slots: int
    since: dt.date | None
    as_of: dt.date
    peak: int = 0
    peak_date: dt.date | None = None
    days_on_extra: int = 0
    days_over: int = 0
    first_over: dt.date | None = None

    @property
    def capacity(self) -> int:
        """
        Slots plus extra slots: the most pathways allowed on one day.
        """
        return self.slots + self.extra_slots

    def to_finding(self) -> Finding:
        """
        The capacity finding of the agreement: ``late`` if any day was over
        slots plus extra slots, else ``met``; due on the day the peak was first
        reached (``as_of`` if nothing was active). Peak and day counts are in
        the detail; ``days_overdue`` stays 0 because nothing is awaited.
        """
        over = self.days_over > 0
        note = join(
            part("peak", peak=self.peak, slots=self.slots, extra=self.extra_slots),
            part("extra_days", days=self.days_on_extra),
            part("over_days", days=self.days_over, capacity=self.capacity) if over else "",
        )
        return Finding(
            self.agreement_id,
            None,
            Rule.CAPACITY,
            self.peak_date or self.as_of,
            Status.LATE if over else Status.MET,
            detail=note,
        )


def capacity_use(
    agreement: Agreement,
    pathways: Iterable[Pathway],
    *,
    as_of: dt.date,
    since: dt.date | None = None,
) -> CapacityUse:
    """
    How many of ``agreement``'s slots its pathways used, day by day, from
    ``since`` (default: the first start) to ``as_of``, from the facts known on
    ``as_of``.

    >>> a = Agreement("SA2", dt.date(2018, 1, 1), slots=1, plan_deadline_weeks=1,
    ...               frame_weeks=13, extra_slots=1)
    >>> ps = [Pathway("P1", "SA2", "D-1", start_date=dt.date(2018, 1, 1)),
    ...       Pathway("P2", "SA2", "D-2", start_date=dt.date(2018, 1, 10),
    ...               end_date=dt.date(2018, 1, 20), outcome="fleksjob")]
    >>> use = capacity_use(a, ps, as_of=dt.date(2018, 1, 31))
    >>> use.peak, use.peak_date, use.days_on_extra, use.days_over
    (2, datetime.date(2018, 1, 10), 10, 0)

    Raises:
        InvalidArgument: if an argument is of the wrong kind, or a date lies
            outside the dates a register may hold.
    """
    check.check_instance("agreement", agreement, Agreement)
    own = check.checked_items("pathways", pathways, Pathway)
    check.check_date("as_of", as_of, bounded=True)
    check.check_date("since", since, optional=True, bounded=True)
    return slot_use(agreement, own, as_of=as_of, since=since)


def slot_use(agreement: Agreement, pathways: Iterable[Pathway], *, as_of: dt.date,
             since: dt.date | None = None) -> CapacityUse:
    # capacity_use, its arguments known to be right (the register's own).
    deltas: dict[dt.date, int] = {}
    for pathway in pathways:
        known = pathway.known_as_of(as_of)
        if known is None or known.start_date is None:
            continue
        deltas[known.start_date] = deltas.get(known.start_date, 0) + 1
        if known.end_date is not None:
            # An end on day t frees the slot on t itself.
            deltas[known.end_date] = deltas.get(known.end_date, 0) - 1
    points = sorted(deltas)
    after = as_of + _DAY
    peak, peak_date, on_extra, over, first_over = 0, None, 0, 0, None
    active = 0
    for i, day in enumerate(points):
        active += deltas[day]
        # The count holds from this point until the next one (or past as_of).
        low = day if since is None else max(day, since)
        high = min(points[i + 1], after) if i + 1 < len(points) else after
        if low >= high:
            continue
        days = (high - low).days
        if active > peak:
            peak, peak_date = active, low
        if active > agreement.slots:
            on_extra += days
        if active > agreement.capacity:
            over += days
            first_over = first_over or low
    return CapacityUse(agreement.agreement_id, agreement.slots, agreement.extra_slots, since,
                       as_of, peak, peak_date, on_extra, over, first_over)
