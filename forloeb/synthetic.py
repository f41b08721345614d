"""
Synthetic registers (da: *syntetiske registre*): a decade of made-up pathways
that keep every rule, for benchmarks and for other tools' test data.

The generator is deterministic: the same ``pathways`` and ``seed`` give the same
register, byte for byte, on every machine (a seeded :class:`random.Random`, no
clock). It writes the register format (a CSV folder or one JSON file) as it
goes, one agreement at a time, so a million pathways never sit in memory; for
small registers :func:`generate` returns the :class:`~forloeb.model.Register`.

>>> register = generate(pathways=60, seed=1)
>>> len(register.pathways), len(register.agreements)
(60, 2)
>>> from forloeb.rules import validate
>>> validate(register)
[]

From the shell (``--format json`` writes one ``register.json``)::

    python -m forloeb.synthetic --pathways 100000 --seed 1 data/synthetic-100k/
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import heapq
import json
import math
import random
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from forloeb.model import Register
from forloeb.schema import TABLES, Kind
from forloeb.sla._employment import review_dates

#: Bumped whenever the same seed would give different data (benchmark caches key on it).
GENERATOR_VERSION = 2

#: The first and last day the synthetic data can cover; nothing is dated after
#: :data:`DATA_END` (the day the register was "extracted").
DATA_START = dt.date(2014, 1, 1)
DATA_END = dt.date(2024, 12, 31)

#: The evaluation date benchmarks use: the last 30 June inside the data.
BENCHMARK_AS_OF = dt.date(2024, 6, 30)

_FORMATS = ("csv", "json")


@attrs.frozen
class _Terms:
    """
    The terms of one kind of agreement, modelled on one of the 2018 agreements.
    """

    kind: str
    slots: int
    extra_slots: int
    plan_deadline_weeks: int
    frame_weeks: int
    followup_interval_weeks: int | None
    positive_outcomes: tuple[str, ...]
    # The 2018 overview of the agreement, repeated per count, drawn uniformly.
    outcomes: tuple[str, ...]
    extension_weeks: tuple[int, ...]
    # Cumulative shares of pathways extended at least once and at least twice.
    extended_once: float
    extended_twice: float
    # Mean days a pathway occupies a slot (measured on generated data).
    mean_days: int
    followup_gap: tuple[int, int]
    price: int


def _repeat(counts: dict[str, int]) -> tuple[str, ...]:
    return tuple(code for code, n in counts.items() for _ in range(n))


# SA1: VeteranHaven, 8 slots, plan in 4 weeks, a 52-week frame (as in the bundled
# example, examples/slagelse-2018).
_SA1 = _Terms(
    kind="SA1", slots=8, extra_slots=0, plan_deadline_weeks=4, frame_weeks=52,
    followup_interval_weeks=None,
    positive_outcomes=("fleksjob", "ordinaert_job", "uddannelse"),
    outcomes=_repeat({
        "fleksjob": 5, "ordinaert_job": 2, "uddannelse": 3, "stoppet_massive_udfordringer": 4,
        "praktik_foer_rehab": 5, "afventer_rehab": 3, "foertidspension": 1, "faengsel": 1,
        "jobsoegende": 1,
    }),
    extension_weeks=(8, 13, 13, 26), extended_once=0.35, extended_twice=0.10,
    mean_days=330, followup_gap=(42, 91), price=95000,
)

# SA2: Sumak, 8 slots + 2 extra, plan in 1 week, a 13-week frame, follow-up every 4 weeks.
_SA2 = _Terms(
    kind="SA2", slots=8, extra_slots=2, plan_deadline_weeks=1, frame_weeks=13,
    followup_interval_weeks=4,
    positive_outcomes=("fleksjob", "ordinaert_job", "loentilskud", "uddannelse", "sprogskole"),
    outcomes=_repeat({
        "fleksjob": 5, "ordinaert_job": 7, "loentilskud": 2, "uddannelse": 4, "sprogskole": 4,
        "arbejdsproevning_2": 1, "barsel": 1, "stoppet_massive_udfordringer": 1,
        "rehab_afklaring": 4, "afventer_rehab": 7,
    }),
    extension_weeks=(4, 8, 8, 13), extended_once=0.5, extended_twice=0.2,
    mean_days=115, followup_gap=(20, 28), price=32000,
)

_REHAB_OUTCOMES = frozenset(
    {"praktik_foer_rehab", "arbejdsproevning_2", "afventer_rehab", "rehab_afklaring"}
)
_STOPPED = "stoppet_massive_udfordringer"
_CANCELLED = "annulleret"

# Shares of the pathways: cancelled before start, and of the started ones the plan kinds.
_CANCELLED_SHARE = 0.02
_PLAN_ON_TIME, _PLAN_LATE, _PLAN_EXEMPT = 0.72, 0.84, 0.96
_RETURNING_SHARE = 0.05
_OVERRUN_SHARE = 0.07
# Occupancy aimed at: regular slots are busy most of the time, extra slots rarely.
_REGULAR_OCCUPANCY, _EXTRA_OCCUPANCY = 0.8, 0.08

_TARGET_GROUPS = _repeat({
    "ressourceforloeb": 8, "lab_2_3": 5, "integration": 4, "aegtefaelleforsoerget": 1,
    "andet": 2,
})
_NO_PLAN_REASONS = _repeat(
    {"behandling_backup": 3, "kort_forloeb": 3, "arbejdsproevning": 2, "andet": 1}
)
_EFFECT_DOMAINS = (
    "moedestabilitet", "regelmaessighed", "overblik", "ro_og_egenmaerkning", "tillid", "sprog",
    "arbejdsmarkedsnormer", "selvstaendighed",
)
_EFFECT_COUNTS = (0, 1, 1, 2, 2, 2, 3)
_EFFECT_NOTES = (
    "Møder stabilt op, også om mandagen",
    "Tager selv fat i opgaverne",
    'Siger nu "nej tak" i stedet for at blive væk',
    "Har fået ro på; sover bedre",
)
_NOTES = (
    "God dialog om visitationerne",
    "Fremmødesedler kommer til tiden",
    "Ønsker hurtigere svar fra sagsbehandler, især om forlængelser",
    "Fælles møde om målgruppen; aftalt ny kontaktperson",
    "Opfølgningsmøderne afholdes som aftalt",
)
_ENTERPRISES = (
    "VeteranHaven", "Sumak", "Café Æblehaven", "Grønt Værksted", "Kaffeslottet", "Bybi",
    "Cykelværkstedet", "Genbrugsgården", "Smørrebrødshuset", "Havestuen", "Køkkenhaven",
    "Søstjernen",
)
_MUNICIPALITIES = (
    "Slagelse", "Sorø", "Næstved", "Holbæk", "Køge", "Ringsted", "Kalundborg", "Faxe",
    "Aabenraa", "Ærø", "Frederikshavn", "Høje-Taastrup", "Brøndby", "Tårnby", "Aarhus",
    "Odense", "Esbjerg", "Vejle", "Randers", "Viborg", "Guldborgsund", "Lolland",
)


class _Calendar:
    """
    Dates as day ordinals, with ISO texts and anchored month arithmetic by table
    lookup: ``date.isoformat`` and ``relativedelta`` per event would cost more
    than everything else the generator does.
    """

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.base = first.toordinal()
        days = last.toordinal() - self.base + 1
        dates = [first + dt.timedelta(days=i) for i in range(days)]
        self.iso = [d.isoformat() for d in dates]
        self.ymd = [(d.year, d.month, d.day) for d in dates]
        self.month_base = first.year * 12
        self.month_first: list[int] = []
        self.month_days: list[int] = []
        for index in range((last.year - first.year + 2) * 12):
            year, month0 = divmod(self.month_base + index, 12)
            start = dt.date(year, month0 + 1, 1)
            following = dt.date(year + (month0 == 11), (month0 + 1) % 12 + 1, 1)
            self.month_first.append(start.toordinal())
            self.month_days.append((following - start).days)

    def add_months(self, day: int, months: int) -> int:
        """
        ``day`` plus ``months`` calendar months, clipped to the month's last day
        (the same as :func:`forloeb.dates.add_months`).
        """
        year, month, mday = self.ymd[day - self.base]
        index = year * 12 + month - 1 + months - self.month_base
        return self.month_first[index] + min(mday, self.month_days[index]) - 1


@attrs.frozen
class _Batch:
    """
    One agreement and everything recorded about it, as rows of cell texts in
    the column order of :mod:`forloeb.schema`.
    """

    agreement: tuple[str, ...]
    pathways: list[tuple[str, ...]]
    events: list[tuple[str, ...]]
    notes: list[tuple[str, ...]]
    employments: list[tuple[str, ...]] = attrs.field(factory=list)
    employment_events: list[tuple[str, ...]] = attrs.field(factory=list)


class _Generator:
    """
    Generates a register agreement by agreement from one seeded random stream.
    """

    def __init__(self, pathways: int, seed: int) -> None:
        self.rng = random.Random(seed)
        # Room before the data for agreements that began earlier, after it for months.
        self.cal = _Calendar(dt.date(DATA_START.year - 10, 1, 1),
                             dt.date(DATA_END.year + 2, 12, 31))
        self.iso = self.cal.iso
        self.base = self.cal.base
        self.first = DATA_START.toordinal()
        self.last = DATA_END.toordinal()
        self.total = pathways
        self.next_pathway = 1
        self.next_participant = 1
        # The hires have a stream of their own, so they never move a pathway.
        self.hires = random.Random(seed * 7919 + 1)
        self.next_employment = 1

    def batches(self) -> Iterator[_Batch]:
        """
        Every agreement in turn, with its pathways, events and notes.

        Each agreement is given 40-60 pathways; one that reaches the data's
        end before it has them all leaves the rest to the next agreement.
        """
        left = self.total
        number = 0
        while left > 0:
            # Two of every five agreements are SA1-like, as in 2018 (29 of 74 pathways).
            terms = _SA1 if (number + 1) % 5 in (1, 3) else _SA2
            quota = min(left, 40 + int(self.rng.random() * 21))
            batch = self._agreement(number + 1, quota, terms)
            if batch.pathways:
                number += 1
                left -= len(batch.pathways)
                yield batch

    def _date(self, day: int) -> str:
        return self.iso[day - self.base]

    def _agreement(self, number: int, quota: int, terms: _Terms) -> _Batch:
        rng = self.rng.random
        first, last = self.first, self.last
        # How long the slots take to hold the quota at the aimed occupancy. Starts
        # spread so that about as many agreements run in 2014 as in 2024: some
        # began before the data (their pathways that ended before 2014 are left
        # out), some reach its end (their pathways run on, or are still to start).
        per_day = (terms.slots * _REGULAR_OCCUPANCY
                   + terms.extra_slots * _EXTRA_OCCUPANCY) / terms.mean_days
        lifetime = int(quota / per_day)
        earliest = first - int(0.8 * lifetime)
        start = earliest + int(rng() * (last - lifetime // 2 - earliest))
        agreement_id = f"SA{number:05d}"
        # Each slot holds one pathway at a time: a heap of (free from, slot).
        slots = terms.slots + terms.extra_slots
        # Years before the data would only be thrown away: begin shortly before it.
        begin = max(start, first - 2 * terms.mean_days)
        heap = [(begin + int(rng() * 45), slot) for slot in range(slots)]
        for n in range(terms.slots, slots):
            heap[n] = (begin + int(rng() * 2 * terms.mean_days / _EXTRA_OCCUPANCY), n)
        heapq.heapify(heap)
        previous: list[str | None] = [None] * slots
        pathways: list[tuple[str, ...]] = []
        events: list[tuple[str, ...]] = []
        never = last + 10_000
        latest = start
        while len(pathways) < quota and heap[0][0] <= last:
            pathway_id = f"P{self.next_pathway:07d}"
            mark = len(events)
            if rng() < _CANCELLED_SHARE:
                row = self._cancelled(pathway_id, agreement_id, heap[0][0], events)
                if row is not None:
                    pathways.append(row)
                    self.next_pathway += 1
                continue
            free, slot = heapq.heappop(heap)
            occupancy = _REGULAR_OCCUPANCY if slot < terms.slots else _EXTRA_OCCUPANCY
            mean_gap = terms.mean_days * (1 / occupancy - 1)
            began = free + int(-math.log(1.0 - rng()) * mean_gap)
            if began > last + 45:
                heapq.heappush(heap, (never, slot))
                continue
            participant = previous[slot]
            if participant is None or rng() >= _RETURNING_SHARE:
                participant = f"D-{self.next_participant:07d}"
                self.next_participant += 1
            row, end = self._pathway(pathway_id, agreement_id, participant, began, terms, events)
            # Only an ended pathway's participant may come back in a new one.
            previous[slot] = participant if end is not None else None
            heapq.heappush(heap, (end if end is not None else never, slot))
            if end is not None and end < first:
                del events[mark:]  # over before the data begins: not in the register
                continue
            pathways.append(row)
            self.next_pathway += 1
            if end is not None:
                latest = max(latest, end)
        # An agreement whose every pathway ended well before the data's end has ended too.
        finished = (latest if all(row[6] for row in pathways) and latest < self.last - 180
                    else None)
        notes = self._notes(agreement_id, max(start, first), finished or last)
        agreement = (
            agreement_id,
            f"Samarbejdsaftale {number}",
            f"{_ENTERPRISES[number % len(_ENTERPRISES)]} "
            f"{_MUNICIPALITIES[(number * 7) % len(_MUNICIPALITIES)]}",
            self._date(start),
            self._date(finished) if finished is not None else "",
            str(terms.slots),
            str(terms.extra_slots),
            str(terms.plan_deadline_weeks),
            str(terms.frame_weeks),
            "2",
            "7" if number % 3 == 0 else "0",
            str(terms.followup_interval_weeks or ""),
            "true" if number % 10 == 4 else "false",
            ";".join(terms.positive_outcomes),
            "",
            str(terms.price + 1000 * (number % 7)),
        )
        hires, reviews = self._hires(pathways, agreement[2])
        return _Batch(agreement, pathways, events, notes, hires, reviews)

    def _hires(self, pathways: list[tuple[str, ...]], enterprise: str
               ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        """
        A hire through the jobcenter after most pathways that ended in a job,
        from the end of the pathway; most flexjobs get their 2.5-year review
        in time, some late, some never.
        """
        rng = self.hires.random
        hires: list[tuple[str, ...]] = []
        reviews: list[tuple[str, ...]] = []
        for row in pathways:
            kinds = _HIRED_AS.get(row[7])
            if not kinds or not row[6] or rng() < 0.2:
                continue
            kind = kinds[int(rng() * len(kinds))]
            start = dt.date.fromisoformat(row[6]).toordinal()
            employment_id = f"E{self.next_employment:07d}"
            self.next_employment += 1
            low, high = _HOURS[kind]
            hours = low + int(rng() * (high - low + 1))
            intensity = 50 + 10 * int(rng() * 6) if kind == "fleksjob" else 100
            hires.append((employment_id, row[2], enterprise, kind, "jobcenter", row[6], "",
                          row[0], str(hours), str(intensity)))
            if kind != "fleksjob":
                continue
            due, _ = review_dates(dt.date.fromordinal(start))
            draw = rng()
            held = (due - dt.timedelta(days=int(rng() * 80)) if draw < 0.7
                    else due + dt.timedelta(days=1 + int(rng() * 60)) if draw < 0.85 else None)
            if held is not None and held.toordinal() <= self.last:
                reviews.append((employment_id, held.isoformat(), "review", "", "", ""))
        return hires, reviews

    def _cancelled(self, pathway_id: str, agreement_id: str, around: int,
                   events: list[tuple[str, ...]]) -> tuple[str, ...] | None:
        """
        A pathway referred and cancelled before it started (outcome ``annulleret``),
        or ``None`` if that falls outside the data.
        """
        rng = self.rng.random
        referred = around + int(rng() * 30)
        end: int | None = referred + 5 + int(rng() * 40)
        if referred < self.first or referred > self.last:
            return None
        if end is not None and end > self.last:
            end = None  # still waiting for its start when the register was extracted
        elif rng() < 0.5:
            events.append((pathway_id, self._date(referred + int(rng() * 5)), "delivery",
                           "meeting_offer", "", ""))
        participant = f"D-{self.next_participant:07d}"
        self.next_participant += 1
        group = _TARGET_GROUPS[int(rng() * len(_TARGET_GROUPS))]
        return (pathway_id, agreement_id, participant, group, self._date(referred), "",
                self._date(end) if end is not None else "", _CANCELLED if end else "",
                "", "", "", "")

    def _pathway(self, pathway_id: str, agreement_id: str, participant: str, start: int,
                 terms: _Terms, events: list[tuple[str, ...]]
                 ) -> tuple[tuple[str, ...], int | None]:
        """
        One started (or, past the data's end, only referred) pathway and its
        events; returns its row and its end day (``None`` while it runs).
        """
        rng = self.rng.random
        iso, base, last = self.iso, self.base, self.last
        referred = start - 3 - int(rng() * 28)
        group = _TARGET_GROUPS[int(rng() * len(_TARGET_GROUPS))]
        if start > last:
            # Agreed but not started when the register was extracted.
            referred = min(referred, last - int(rng() * 20))
            return (pathway_id, agreement_id, participant, group, iso[referred - base],
                    "", "", "", "", "", "", ""), None

        outcome = terms.outcomes[int(rng() * len(terms.outcomes))]
        frame = terms.frame_weeks * 7
        extensions: list[tuple[int, int]] = []
        if outcome == _STOPPED:
            end = start + 7 + int(frame * (0.1 + 0.5 * rng()))
        else:
            planned = start + frame
            draw = rng()
            times = 2 if draw < terms.extended_twice else 1 if draw < terms.extended_once else 0
            for _ in range(times):
                weeks = terms.extension_weeks[int(rng() * len(terms.extension_weeks))]
                extensions.append((planned - int(rng() * 14), weeks))
                planned += weeks * 7
            if rng() < _OVERRUN_SHARE:
                end = planned + 1 + int(rng() * 45)  # runs past its frame unextended
            else:
                end = max(start + 14, planned - int(rng() * 0.25 * frame))
        ended = end <= last
        until = end if ended else last

        # Rows of this pathway's events; ISO dates sort as the days do.
        found: list[tuple[str, ...]] = []

        def add(day: int, kind: str, code: str = "", value: str = "", note: str = "") -> None:
            found.append((pathway_id, iso[day - base], kind, code, value, note))

        for day, weeks in extensions:
            # Rule 5: an extension is recorded while the pathway is active.
            if day < end and day <= last:
                add(day, "extension", "", str(weeks))

        plan_day = -1
        reason = ""
        deadline = start + terms.plan_deadline_weeks * 7
        draw = rng()
        if draw < _PLAN_ON_TIME:
            plan_day = start + int(rng() * (deadline - start + 1))
        elif draw < _PLAN_LATE:
            plan_day = deadline + 1 + int(rng() * 28)
        elif draw < _PLAN_EXEMPT:
            reason = ("massive_udfordringer" if outcome == _STOPPED
                      else _NO_PLAN_REASONS[int(rng() * len(_NO_PLAN_REASONS))])
        if plan_day > until:
            plan_day = -1
        if plan_day >= 0:
            co_created = "true" if rng() < 0.7 else "false"
            own_goals = "true" if rng() < 0.6 else "false"
            if rng() < 0.92:
                sent = plan_day + int(rng() * 4)
                if sent <= until:
                    add(sent, "delivery", "plan_sent")
            if rng() < 0.3:
                revised = plan_day + 30 + int(rng() * 90)
                if revised <= until:
                    add(revised, "plan_revised")
        else:
            co_created = own_goals = ""

        # Attendance sheets every two months, anchored on the start.
        add_months = self.cal.add_months
        k = 1
        due = add_months(start, 2)
        while due <= until:
            draw = rng()
            if draw < 0.85:
                add(due - int(rng() * 8), "attendance_report")
            elif draw < 0.93:
                sent = due + 1 + int(rng() * 20)
                if sent <= until:
                    add(sent, "attendance_report")
            k += 1
            due = add_months(start, 2 * k)

        low, high = terms.followup_gap
        day = start + low + int(rng() * (high - low + 1))
        while day <= until:
            add(day, "followup", "cancelled" if rng() < 0.04 else "held")
            gap = low + int(rng() * (high - low + 1))
            if rng() < 0.1:
                gap += 7 + int(rng() * 14)  # a meeting that slipped: a late follow-up
            day += gap

        span = until - start + 1
        if rng() < 0.25:
            asked = start + int(rng() * span)
            add(asked, "meeting_request")
            held = asked + 3 + int(rng() * 12)
            if held <= until:
                add(held, "followup", "held")
        if rng() < 0.15:
            add(start + int(rng() * span), "delivery", "meeting_offer")
        if ended and outcome in _REHAB_OUTCOMES:
            add(max(start, end - int(rng() * 14)), "delivery", "rehab_description")
        for _ in range(_EFFECT_COUNTS[int(rng() * len(_EFFECT_COUNTS))]):
            domain = _EFFECT_DOMAINS[int(rng() * len(_EFFECT_DOMAINS))]
            score = str(2 + int(rng() * 4)) if rng() < 0.7 else ""
            note = _EFFECT_NOTES[int(rng() * len(_EFFECT_NOTES))] if rng() < 0.1 else ""
            add(start + int(rng() * span), "effect", domain, score, note)
        draw = rng()
        for _ in range(2 if draw < 0.1 else 1 if draw < 0.35 else 0):
            code = "sick" if rng() < 0.75 else "other"
            add(start + int(rng() * span), "absence", code, str(1 + int(rng() * 10)))

        found.sort()
        events.extend(found)
        row = (pathway_id, agreement_id, participant, group, iso[referred - base],
               iso[start - base], iso[end - base] if ended else "", outcome if ended else "",
               iso[plan_day - base] if plan_day >= 0 else "", co_created, own_goals, reason)
        return row, (end if ended else None)

    def _notes(self, agreement_id: str, start: int, until: int) -> list[tuple[str, ...]]:
        """
        Collaboration notes about every half year, alternately from each side.
        """
        rng = self.rng.random
        notes: list[tuple[str, ...]] = []
        day = start + 60 + int(rng() * 60)
        author = 0
        while day <= until:
            rating = str(3 + int(rng() * 3)) if rng() < 0.8 else "2"
            notes.append((agreement_id, self._date(day), ("jobcenter", "enterprise")[author],
                          rating, _NOTES[int(rng() * len(_NOTES))]))
            author = 1 - author
            day += 150 + int(rng() * 60)
        return notes


#: Each table's columns in the order the generator makes them (docs/register-format.md).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "agreements": (
        "agreement_id", "name", "provider", "start_date", "end_date", "slots", "extra_slots",
        "plan_deadline_weeks", "frame_weeks", "attendance_interval_months", "grace_days",
        "followup_interval_weeks", "pause_on_absence", "positive_outcomes", "allowed_outcomes",
        "price_per_pathway",
    ),
    "pathways": (
        "pathway_id", "agreement_id", "participant_id", "target_group", "referred_date",
        "start_date", "end_date", "outcome", "plan_date", "plan_co_created", "plan_own_goals",
        "no_plan_reason",
    ),
    "events": ("pathway_id", "date", "type", "code", "value", "note"),
    "collaboration": ("agreement_id", "date", "author", "rating", "note"),
    "employments": ("employment_id", "participant_id", "enterprise", "kind", "channel",
                    "start_date", "end_date", "pathway_id", "hours_per_week", "intensity"),
    "employment_events": ("employment_id", "date", "type", "hours_per_week", "intensity",
                          "note"),
}

#: The kinds of employment a pathway's outcome leads to.
_HIRED_AS = {"fleksjob": ("fleksjob",), "ordinaert_job": ("deltid", "fuldtid"),
             "loentilskud": ("loentilskud",)}

#: Hours a week by kind of employment (low, high).
_HOURS = {"fleksjob": (4, 20), "deltid": (15, 30), "fuldtid": (37, 37),
          "loentilskud": (25, 37)}


def _reorder(table: str) -> tuple[tuple[str, ...], list[int] | None]:
    """
    The schema's header for ``table`` and, if it differs from the generator's
    order, where each of its columns sits in a generated row (-1: none).
    """
    header = TABLES[table].column_names
    ours = _COLUMNS[table]
    if header == ours:
        return header, None
    return header, [ours.index(name) if name in ours else -1 for name in header]


@attrs.frozen
class Written:
    """
    What :func:`write` wrote: where, and how many rows of each table.
    """

    path: Path
    agreements: int
    pathways: int
    events: int
    collaboration: int
    employments: int = 0
    employment_events: int = 0


class _Sink:
    """
    Receives batches and writes them to one format.
    """

    def add(self, batch: _Batch) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _CsvSink(_Sink):
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._files = []
        self._writers = {}
        self._orders = {}
        for table in _COLUMNS:
            f = open(folder / TABLES[table].file_name, "w", encoding="utf-8",  # noqa: SIM115
                     newline="")
            self._files.append(f)
            writer = csv.writer(f)
            header, order = _reorder(table)
            writer.writerow(header)
            self._writers[table] = writer
            self._orders[table] = order

    def _write(self, table: str, rows: Sequence[tuple[str, ...]]) -> None:
        order = self._orders[table]
        if order is not None:
            rows = [tuple(row[i] if i >= 0 else "" for i in order) for row in rows]
        self._writers[table].writerows(rows)

    def add(self, batch: _Batch) -> None:
        self._write("agreements", [batch.agreement])
        self._write("pathways", batch.pathways)
        self._write("events", batch.events)
        self._write("collaboration", batch.notes)
        self._write("employments", batch.employments)
        self._write("employment_events", batch.employment_events)

    def close(self) -> None:
        for f in self._files:
            f.close()


def _native(kind: Kind, text: str) -> object:
    """
    The JSON value of a generated cell text of a column of ``kind``.
    """
    if kind is Kind.INT:
        return int(text)
    if kind is Kind.BOOL:
        return text == "true"
    if kind is Kind.LIST:
        return text.split(";")
    return text


class _JsonSink(_Sink):
    """
    Streams one JSON file: the tables go to part files beside it, which are
    joined at the end, so no table is held in memory.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._parts = {table: path.with_name(f".{path.name}.{table}.part") for table in _COLUMNS}
        self._files = {table: open(part, "w", encoding="utf-8")  # noqa: SIM115
                       for table, part in self._parts.items()}
        self._first = dict.fromkeys(_COLUMNS, True)
        self._kinds = {table: [TABLES[table].column(name).kind for name in names]
                       for table, names in _COLUMNS.items()}

    def _write(self, table: str, rows: Sequence[tuple[str, ...]]) -> None:
        names, kinds, f = _COLUMNS[table], self._kinds[table], self._files[table]
        for row in rows:
            record = {name: _native(kind, text)
                      for name, kind, text in zip(names, kinds, row, strict=True) if text}
            f.write(("\n  " if self._first[table] else ",\n  ")
                    + json.dumps(record, ensure_ascii=False))
            self._first[table] = False

    def add(self, batch: _Batch) -> None:
        self._write("agreements", [batch.agreement])
        self._write("pathways", batch.pathways)
        self._write("events", batch.events)
        self._write("collaboration", batch.notes)
        self._write("employments", batch.employments)
        self._write("employment_events", batch.employment_events)

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        with open(self._path, "w", encoding="utf-8") as out:
            out.write("{")
            for n, (table, part) in enumerate(self._parts.items()):
                out.write(f'{"," if n else ""}\n"{table}": [')
                with open(part, encoding="utf-8") as f:
                    shutil.copyfileobj(f, out)
                out.write("\n]")
                part.unlink()
            out.write("\n}\n")


def write(out: str | Path, *, pathways: int, seed: int = 0, format: str = "csv") -> Written:
    """
    Write a synthetic register of ``pathways`` pathways, made from ``seed``.

    ``format="csv"``: ``out`` is a folder, and gets ``agreements.csv``,
    ``pathways.csv``, ``events.csv``, ``collaboration.csv``, ``employments.csv``
    and ``employment_events.csv`` (a hire after most pathways that ended in a job).
    ``format="json"``: ``out`` is the ``.json`` file to write, or a folder to
    write ``register.json`` in. Rows are written as they are made, so memory
    stays flat however many pathways are asked for.

    Raises:
        InvalidArgument: for a negative count or an unknown format.
    """
    from forloeb.errors import InvalidArgument

    if format not in _FORMATS:
        raise InvalidArgument(f"format {format!r} is not one of {', '.join(_FORMATS)}")
    if pathways < 0:
        raise InvalidArgument(f"pathways is {pathways}; it must be 0 or more")
    target = Path(out)
    if format == "json" and target.suffix.lower() != ".json":
        target = target / "register.json"
    sink: _Sink = _CsvSink(target) if format == "csv" else _JsonSink(target)
    counts = [0, 0, 0, 0, 0, 0]
    try:
        for batch in _Generator(pathways, seed).batches():
            sink.add(batch)
            counts[0] += 1
            counts[1] += len(batch.pathways)
            counts[2] += len(batch.events)
            counts[3] += len(batch.notes)
            counts[4] += len(batch.employments)
            counts[5] += len(batch.employment_events)
    finally:
        sink.close()
    return Written(target, *counts)


def generate(*, pathways: int, seed: int = 0) -> Register:
    """
    A synthetic register of ``pathways`` pathways, made from ``seed``, in memory.

    The same register that :func:`write` writes, read back the way the loader
    reads it (through :mod:`forloeb.schema`). Meant for test data of up to some
    tens of thousands of pathways; for more, :func:`write` files and load them.

    >>> a = generate(pathways=5, seed=7)
    >>> a == generate(pathways=5, seed=7), a == generate(pathways=5, seed=8)
    (True, False)
    """
    from forloeb.errors import InvalidArgument
    from forloeb.schema import to_object

    if pathways < 0:
        raise InvalidArgument(f"pathways is {pathways}; it must be 0 or more")
    tables: dict[str, list[object]] = {table: [] for table in _COLUMNS}
    columns = {table: [TABLES[table].column(name) for name in names]
               for table, names in _COLUMNS.items()}

    def add(table: str, rows: Sequence[tuple[str, ...]]) -> None:
        spec = columns[table]
        for row in rows:
            values = {c.name: c.parse(text) for c, text in zip(spec, row, strict=True)}
            tables[table].append(to_object(table, values))

    for batch in _Generator(pathways, seed).batches():
        add("agreements", [batch.agreement])
        add("pathways", batch.pathways)
        add("events", batch.events)
        add("collaboration", batch.notes)
        add("employments", batch.employments)
        add("employment_events", batch.employment_events)
    return Register(*tables.values())  # type: ignore[arg-type]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m forloeb.synthetic",
        description="Write a synthetic register that keeps every rule (for benchmarks and "
        "test data). The same --pathways and --seed always give the same files.",
    )
    parser.add_argument("out", metavar="OUT", help="folder to write (for json: a folder or "
                        "a .json file)")
    parser.add_argument("--pathways", type=int, required=True, metavar="N",
                        help="how many pathways")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed "
                        "(default 0)")
    parser.add_argument("--format", choices=_FORMATS, default="csv", help="default csv")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """
    ``python -m forloeb.synthetic --pathways N --seed S OUT/``: write and say what.
    """
    # The generator is a developer's tool run with -m, not a forloeb sub-command,
    # so it parses its own arguments here instead of in forloeb.cli.
    args = _parse_args(argv)
    if args.pathways < 0:
        print(f"--pathways is {args.pathways}; it must be 0 or more")
        return 2
    written = write(args.out, pathways=args.pathways, seed=args.seed, format=args.format)
    print(f"{written.path}: {written.agreements} agreements, {written.pathways} pathways, "
          f"{written.events} events, {written.collaboration} collaboration notes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
