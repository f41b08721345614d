"""
Build the bundled example register: the 2018 reference case, with synthetic people.

The register reproduces every figure of Slagelse Kommune's 2018 evaluation
(*Socialøkonomisk Årsrapport 2018*, section 6.5) when evaluated as of 30 June
2018, and holds plausible follow-ups, attendance sheets, deliveries, effects
and collaboration notes so that every question has data. Nobody in it is real.

Run it from the repository root to regenerate the committed CSV files, byte
for byte::

    python examples/slagelse-2018/build.py [FOLDER]

Everything random comes from ``random.Random(2018)``; no clock is read.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

_HERE = Path(__file__).resolve().parent
if __name__ == "__main__":
    # Run from a clone without installing: use this checkout's forloeb.
    sys.path.insert(0, str(_HERE.parents[1]))

from forloeb.codes import EmploymentEventType, EventType  # noqa: E402
from forloeb.dates import add_weeks, month_series  # noqa: E402
from forloeb.model import (  # noqa: E402
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.writing import write_csv  # noqa: E402

#: The evaluation date of the reference case, and the day before its period.
AS_OF = dt.date(2018, 6, 30)
SINCE = dt.date(2017, 6, 30)

#: The last day the register holds facts for: it was "extracted" at the end of 2018.
CUTOFF = dt.date(2018, 12, 31)

SEED = 2018

_D = dt.date.fromisoformat
_MIN_GAP = 14  # days between one pathway's end and the next start on the same slot

AGREEMENTS = (
    Agreement(
        "SA1", _D("2014-01-06"), slots=8, plan_deadline_weeks=4, frame_weeks=52,
        name="Samarbejdsaftale 1", provider="VeteranHaven", extra_slots=0,
        attendance_interval_months=2, grace_days=0, pause_on_absence=False,
        positive_outcomes=("fleksjob", "ordinaert_job", "uddannelse"),
        price_per_pathway=Decimal("96000"),
    ),
    Agreement(
        "SA2", _D("2016-01-04"), slots=8, plan_deadline_weeks=1, frame_weeks=13,
        name="Samarbejdsaftale 2", provider="Sumak", extra_slots=2,
        attendance_interval_months=2, grace_days=0, followup_interval_weeks=4,
        pause_on_absence=False,
        positive_outcomes=("fleksjob", "ordinaert_job", "loentilskud", "uddannelse",
                           "sprogskole"),
        price_per_pathway=Decimal("31500"),
    ),
)
_AGREEMENT = {a.agreement_id: a for a in AGREEMENTS}


@attrs.frozen
class _Draft:
    """
    One pathway before its events are drawn: dates, outcome and how its plan went.

    ``until`` is the last day it runs (its end, or where an open pathway is
    heading); ``plan`` is ``"met"``, ``"late"``, a no-plan reason, or a date
    (the plan was made on that day).
    """

    agreement_id: str
    start: dt.date | None
    end: dt.date | None
    outcome: str | None
    plan: str | dt.date
    referred: dt.date | None = None
    until: dt.date | None = None


# --- SA1: VeteranHaven, 8 slots, 52-week frame -------------------------------------------------

#: The pathways that decide the 2018 figures, fixed by hand: three that ended in
#: the period, four active on 30 June 2018 (three of them started in June with
#: no plan yet), and two agreed starts after the summer.
_SA1_RECENT = (
    _Draft("SA1", _D("2016-11-07"), _D("2017-11-30"), "fleksjob", "met"),
    _Draft("SA1", _D("2017-01-16"), _D("2018-03-23"), "praktik_foer_rehab", "met"),
    _Draft("SA1", _D("2017-05-08"), _D("2018-01-31"), "uddannelse", "met"),
    _Draft("SA1", _D("2017-09-04"), _D("2018-10-26"), "ordinaert_job", "met"),
    _Draft("SA1", _D("2018-06-04"), None, None, _D("2018-07-02"), until=_D("2019-06-28")),
    _Draft("SA1", _D("2018-06-11"), None, None, _D("2018-07-05"), until=_D("2019-07-05")),
    _Draft("SA1", _D("2018-06-18"), _D("2018-11-16"), "stoppet_massive_udfordringer",
           _D("2018-07-12")),
    _Draft("SA1", _D("2018-08-06"), None, None, "met", referred=_D("2018-06-14"),
           until=_D("2019-08-02")),
    _Draft("SA1", _D("2018-08-13"), None, None, "met", referred=_D("2018-06-25"),
           until=_D("2019-08-09")),
)

#: The 22 pathways that ended before the period (25 completed minus the 3 above).
_SA1_EARLIER = {
    "fleksjob": 4, "ordinaert_job": 2, "uddannelse": 2, "stoppet_massive_udfordringer": 4,
    "praktik_foer_rehab": 4, "afventer_rehab": 3, "foertidspension": 1, "faengsel": 1,
    "jobsoegende": 1,
}

#: Which of the earlier pathways had no plan, and why (the four 2018 reasons).
_SA1_NO_PLAN = (
    ("stoppet_massive_udfordringer", "massive_udfordringer"),
    ("stoppet_massive_udfordringer", "massive_udfordringer"),
    ("faengsel", "kort_forloeb"),
    ("foertidspension", "behandling_backup"),
    ("afventer_rehab", "behandling_backup"),
    ("praktik_foer_rehab", "arbejdsproevning"),
)

# --- SA2: Sumak, 8 + 2 slots, 13-week frame ----------------------------------------------------

_SA2_COMPLETED = {
    "fleksjob": 5, "ordinaert_job": 7, "loentilskud": 2, "uddannelse": 4, "sprogskole": 4,
    "arbejdsproevning_2": 1, "barsel": 1, "stoppet_massive_udfordringer": 1,
    "rehab_afklaring": 4, "afventer_rehab": 7,
}
_SA2_NO_PLAN = (
    ("stoppet_massive_udfordringer", "massive_udfordringer"),
    ("barsel", "kort_forloeb"),
)
_SA2_LATE_PLANS = 4
_SA2_LATER_OUTCOMES = ("ordinaert_job", "fleksjob", "sprogskole", "uddannelse",
                       "afventer_rehab", "rehab_afklaring", "loentilskud")
_SA2_PENDING_START = _D("2018-06-26")

#: Days a pathway runs, by outcome, per agreement (before it is fitted into its slot).
_DURATIONS = {
    "SA1": {"progression": (300, 500), "rehab": (330, 520), "foertidspension": (400, 540),
            "stoppet_massive_udfordringer": (50, 220), "faengsel": (30, 110),
            "jobsoegende": (250, 380)},
    "SA2": {"progression": (70, 190), "rehab": (91, 200), "barsel": (40, 120),
            "stoppet_massive_udfordringer": (20, 70)},
}
_REHAB = frozenset({"praktik_foer_rehab", "arbejdsproevning_2", "afventer_rehab",
                    "rehab_afklaring"})
_EXTENSION_WEEKS = {"SA1": (8, 13, 26), "SA2": (4, 6, 8)}
_MEETING_GAP = {"SA1": (28, 42), "SA2": (18, 28)}
_EFFECT_DOMAINS = {
    "SA1": ("moedestabilitet", "regelmaessighed", "overblik", "ro_og_egenmaerkning", "tillid",
            "arbejdsmarkedsnormer", "selvstaendighed"),
    "SA2": ("sprog", "arbejdsmarkedsnormer", "moedestabilitet", "selvstaendighed", "tillid",
            "regelmaessighed"),
}
_TARGET_GROUPS = {
    "SA1": (("ressourceforloeb", 6), ("lab_2_3", 3), ("andet", 1)),
    "SA2": (("integration", 5), ("aegtefaelleforsoerget", 2), ("lab_2_3", 2),
            ("ressourceforloeb", 1)),
}
_PREFIX = {"SA1": "VH", "SA2": "SU"}
_EVENT_ORDER = {t: n for n, t in enumerate(EventType)}

#: Cancelled before start (outcome annulleret): (agreement, referred, cancelled).
_CANCELLED = (("SA1", _D("2016-03-07"), _D("2016-03-21")),
              ("SA2", _D("2018-02-12"), _D("2018-02-26")))

_NOTES = (
    ("SA1", "2017-03-15", "jobcenter", 4,
     "God dialog om de nye deltagere; mentoren deltager i opfølgningsmøderne."),
    ("SA1", "2017-08-22", "enterprise", 4,
     "Sagsbehandlerne svarer hurtigt, når vi beder om et møde."),
    ("SA1", "2017-10-10", "jobcenter", 3, "Fremmødesedlerne kommer ikke altid til tiden."),
    ("SA1", "2018-01-18", "enterprise", 5,
     "Godt samarbejde om forlængelser og om sagerne til rehabiliteringsteamet."),
    ("SA1", "2018-04-12", "jobcenter", 4,
     "Planerne er lavet sammen med deltagerne og bygger på deres egne mål."),
    ("SA1", "2018-09-05", "enterprise", 4, "De nye deltagere er kommet godt i gang."),
    ("SA2", "2017-02-08", "jobcenter", 4, "Hurtig opstart; planen ligger klar efter en uge."),
    ("SA2", "2017-06-12", "enterprise", 3,
     "Vi venter længe på svar fra sagsbehandlerne om forlængelser."),
    ("SA2", "2017-09-27", "jobcenter", 5,
     "Sprogtræningen i praktikken virker; flere er startet i sprogskole."),
    ("SA2", "2017-12-06", "enterprise", 4, "Gode opfølgningsmøder med jobcentret hver måned."),
    ("SA2", "2018-03-21", "jobcenter", 4,
     "Der var brug for en ekstra plads i foråret, og den blev købt."),
    ("SA2", "2018-05-30", "enterprise", 5, "Flere deltagere er gået videre i job og uddannelse."),
    ("SA2", "2018-10-17", "jobcenter", 4,
     "Afklaringsbeskrivelserne til rehabiliteringsteamet er grundige."),
)


def build_register() -> Register:
    """
    The example register, built from ``random.Random(2018)`` and checked.

    Raises:
        RegisterError: if the register breaks one of the rules listed in
            docs/user-guide.md (a bug in this script).
    """
    rng = random.Random(SEED)
    drafts = [*_sa1_drafts(rng), *_sa2_drafts(rng)]
    drafts.extend(_Draft(a, None, end, "annulleret", "none", referred=referred)
                  for a, referred, end in _CANCELLED)
    drafts.sort(key=lambda d: (d.agreement_id, d.start or d.referred or CUTOFF))
    pathways: list[Pathway] = []
    events: list[Event] = []
    # Participant numbers are drawn, so a pseudonym says nothing about when someone started.
    numbers = {a: iter(rng.sample(range(1, 100), sum(d.agreement_id == a for d in drafts)))
               for a in _PREFIX}
    counts = dict.fromkeys(_PREFIX, 0)
    for draft in drafts:
        a = draft.agreement_id
        counts[a] += 1
        pathway = _pathway(rng, draft, f"{a}-P{counts[a]:02d}",
                           f"{_PREFIX[a]}-{next(numbers[a]):03d}")
        pathways.append(pathway)
        events.extend(_events(rng, draft, pathway))
    notes = [CollaborationNote(a, _D(day), author, rating, text)
             for a, day, author, rating, text in _NOTES]
    # The files list each pathway's events in date order, whatever order they were drawn in.
    events.sort(key=lambda e: (e.pathway_id, e.date, _EVENT_ORDER[e.type], e.code or ""))
    employments, changes = _employments({p.pathway_id: p for p in pathways})
    # Register.build checks every rule with forloeb.rules.validate.
    return Register.build(AGREEMENTS, pathways, events, notes, employments, changes)


def _sa1_drafts(rng: random.Random) -> Iterator[_Draft]:
    outcomes = [code for code, n in _SA1_EARLIER.items() for _ in range(n)]
    rng.shuffle(outcomes)
    # Slots 0-3 end with the recent pathways that started before the period;
    # the earlier pathways must have ended before the period began.
    finish = [min(d.start, SINCE) for d in _SA1_RECENT[:4] if d.start] + [SINCE] * 4
    counts = (2, 3, 3, 3, 3, 3, 3, 2)
    earlier: list[_Draft] = []
    for slot, count in enumerate(counts):
        lane, outcomes = outcomes[:count], outcomes[count:]
        earlier.extend(_fill_slot(rng, "SA1", _AGREEMENT["SA1"].start_date, finish[slot], lane))
    yield from _with_no_plan_reasons(earlier, _SA1_NO_PLAN)
    yield from _SA1_RECENT


def _sa2_drafts(rng: random.Random) -> Iterator[_Draft]:
    outcomes = [code for code, n in _SA2_COMPLETED.items() for _ in range(n)]
    rng.shuffle(outcomes)
    first = _D("2018-02-19")
    span = (_D("2018-06-15") - first).days
    recent_starts = [_workday(first + dt.timedelta(days=n))
                     for n in sorted(rng.sample(range(span), 8))]
    recent_starts.append(_SA2_PENDING_START)
    earlier: list[_Draft] = []
    # Eight slots hold 35 completed pathways; the first extra slot holds one in
    # 2017 and the ninth pathway active on 30 June 2018.
    counts = (5, 4, 5, 4, 5, 4, 4, 4)
    for slot, count in enumerate(counts):
        lane, outcomes = outcomes[:count], outcomes[count:]
        earlier.extend(_fill_slot(rng, "SA2", _AGREEMENT["SA2"].start_date,
                                  recent_starts[slot], lane))
    earlier.extend(_fill_slot(rng, "SA2", _D("2017-03-01"), _D("2017-09-30"), outcomes))
    late = set(rng.sample(range(len(earlier)), _SA2_LATE_PLANS))
    earlier = [attrs.evolve(d, plan="late") if i in late else d for i, d in enumerate(earlier)]
    yield from _with_no_plan_reasons(earlier, _SA2_NO_PLAN)
    for start in recent_starts:
        outcome = rng.choice(_SA2_LATER_OUTCOMES)
        low = (AS_OF - start).days + 14
        until = start + dt.timedelta(days=max(_duration(rng, "SA2", outcome), low))
        until = _workday_before(until)
        plan: str | dt.date = _D("2018-07-02") if start == _SA2_PENDING_START else "met"
        if until > CUTOFF:
            yield _Draft("SA2", start, None, None, plan, until=until)
        else:
            yield _Draft("SA2", start, until, outcome, plan)
    # One agreed start after the summer, on the second extra slot.
    until = _D("2018-10-12")
    yield _Draft("SA2", _D("2018-07-09"), until, "ordinaert_job", "met", referred=_D("2018-06-20"))


def _with_no_plan_reasons(drafts: list[_Draft],
                          reasons: Sequence[tuple[str, str]]) -> Iterator[_Draft]:
    wanted = list(reasons)
    for draft in drafts:
        match = next((pair for pair in wanted if pair[0] == draft.outcome), None)
        if match is not None and draft.plan == "met":
            wanted.remove(match)
            draft = attrs.evolve(draft, plan=match[1])
        yield draft
    assert not wanted, f"no pathway left for the no-plan reasons {wanted}"


def _fill_slot(rng: random.Random, agreement_id: str, begin: dt.date, finish: dt.date,
               outcomes: Sequence[str]) -> Iterator[_Draft]:
    """
    Pathways one after another on one slot, all ended before ``finish``.

    Drawn lengths that do not fit the slot's window are shortened in
    proportion, and the time left over is split at random between the gaps.
    """
    durations = [_duration(rng, agreement_id, o) for o in outcomes]
    room = (finish - begin).days - _MIN_GAP * (len(outcomes) + 1)
    if sum(durations) > room:
        durations = [d * room // sum(durations) for d in durations]
    spare = room - sum(durations)
    cuts = sorted(rng.randint(0, spare) for _ in outcomes)
    t = begin
    for before, cut, days, outcome in zip([0, *cuts], cuts, durations, outcomes, strict=False):
        start = _workday(t + dt.timedelta(days=_MIN_GAP + cut - before))
        end = _workday_before(start + dt.timedelta(days=days))
        yield _Draft(agreement_id, start, end, outcome, "met")
        t = end
    assert t < finish, f"slot of {agreement_id} overflows {finish}"


def _duration(rng: random.Random, agreement_id: str, outcome: str) -> int:
    table = _DURATIONS[agreement_id]
    key = outcome if outcome in table else "rehab" if outcome in _REHAB else "progression"
    low, high = table[key]
    return rng.randint(low, high)


def _pathway(rng: random.Random, draft: _Draft, pathway_id: str,
             participant_id: str) -> Pathway:
    a = draft.agreement_id
    groups, weights = zip(*_TARGET_GROUPS[a], strict=True)
    target_group = rng.choices(groups, weights)[0]
    referred = draft.referred
    if referred is None and draft.start is not None:
        referred = max(_workday_before(draft.start - dt.timedelta(days=rng.randint(7, 35))),
                       _AGREEMENT[a].start_date)
    plan_date, reason = _plan_date(rng, draft)
    return Pathway(
        pathway_id, a, participant_id, target_group=target_group, referred_date=referred,
        start_date=draft.start, end_date=draft.end, outcome=draft.outcome, plan_date=plan_date,
        plan_co_created=None if plan_date is None else rng.random() < 0.8,
        plan_own_goals=None if plan_date is None else rng.random() < 0.7,
        no_plan_reason=reason,
    )


def _plan_date(rng: random.Random, draft: _Draft) -> tuple[dt.date | None, str | None]:
    if isinstance(draft.plan, dt.date):
        return draft.plan, None
    if draft.start is None or draft.plan == "none":
        return None, None
    weeks = _AGREEMENT[draft.agreement_id].plan_deadline_weeks
    if draft.plan == "met":
        day = draft.start + dt.timedelta(days=rng.randint(max(weeks * 7 - 21, 1), weeks * 7))
        return _workday_before(day), None
    if draft.plan == "late":
        return _workday(draft.start + dt.timedelta(days=weeks * 7 + rng.randint(2, 13))), None
    return None, draft.plan


def _events(rng: random.Random, draft: _Draft, pathway: Pathway) -> list[Event]:
    """
    Everything that happened to one pathway, from referral to its end (or the cutoff).
    """
    pid, a = pathway.pathway_id, draft.agreement_id
    found: list[Event] = []
    referred, start = pathway.referred_date, pathway.start_date
    if referred is not None and rng.random() < 0.5:
        last_day = start or pathway.end_date or referred
        found.append(Event(pid, _some_day(rng, referred, last_day), EventType.DELIVERY,
                           "meeting_offer"))
    if start is None or start > CUTOFF:
        return found
    last = min(draft.end or draft.until or CUTOFF, CUTOFF)
    found.extend(_meetings(rng, pid, a, start, last))
    found.extend(_attendance_sheets(rng, pid, start, last))
    found.extend(_extensions(rng, pid, a, start, draft.end or draft.until or CUTOFF))
    plan = pathway.plan_date
    if plan is not None and plan <= last:
        sent = _some_day(rng, plan, min(plan + dt.timedelta(days=3), last))
        found.append(Event(pid, sent, EventType.DELIVERY, "plan_sent"))
        revised = plan
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            revised = _workday(revised + dt.timedelta(days=rng.randint(30, 120)))
            if revised <= last:
                found.append(Event(pid, revised, EventType.PLAN_REVISED,
                                   note=rng.choice(("", "Mål justeret efter samtale.",
                                                    "Nyt delmål om arbejdstid."))))
    if draft.outcome in _REHAB or draft.outcome == "foertidspension":
        assert draft.end is not None
        day = _some_day(rng, max(draft.end - dt.timedelta(days=30), start), draft.end)
        found.append(Event(pid, day, EventType.DELIVERY, "rehab_description"))
    if rng.random() < 0.15:
        found.append(Event(pid, _some_day(rng, start, last), EventType.DELIVERY, "other",
                           note="Status til sagsbehandler."))
    found.extend(_effects(rng, pid, a, start, last))
    if rng.random() < 0.15:
        code = "sick" if rng.random() < 0.8 else "other"
        found.append(Event(pid, _some_day(rng, start, last), EventType.ABSENCE, code,
                           rng.randint(2, 15)))
    return found


def _meetings(rng: random.Random, pid: str, a: str, start: dt.date,
              last: dt.date) -> Iterator[Event]:
    """
    Follow-up meetings about monthly, a few cancelled and held a week later, and
    the caseworker's requests for a meeting, most of them met within two weeks.
    """
    low, high = _MEETING_GAP[a]
    previous = start
    while True:
        # SA2 has a 4-week follow-up interval; now and then a gap runs over it.
        stretch = rng.randint(3, 12) if rng.random() < 0.1 else 0
        day = _workday(previous + dt.timedelta(days=rng.randint(low, high) + stretch))
        if day > last:
            return
        if rng.random() < 0.08:
            yield Event(pid, day, EventType.FOLLOWUP, "cancelled")
            day = _workday(day + dt.timedelta(days=rng.randint(4, 9)))
            if day > last:
                return
        if previous > start and rng.random() < 0.2:
            # Most requests are met within two weeks, a few are not.
            wait = rng.randint(16, 25) if rng.random() < 0.12 else rng.randint(2, 12)
            request = _workday_before(day - dt.timedelta(days=wait))
            if request > previous:
                yield Event(pid, request, EventType.MEETING_REQUEST)
        yield Event(pid, day, EventType.FOLLOWUP, "held")
        previous = day


def _attendance_sheets(rng: random.Random, pid: str, start: dt.date,
                       last: dt.date) -> Iterator[Event]:
    """
    An attendance sheet for every two months from the start: most on time,
    some late, a few forgotten and sent together with the next one (or never,
    if it was the last).
    """
    forgotten = 0
    for due in month_series(start, 2, last):
        draw = rng.random()
        if draw < 0.05:
            forgotten += 1
            continue
        if draw < 0.2:
            sent = min(_workday(due + dt.timedelta(days=rng.randint(2, 20))), last)
        else:
            sent = _workday_before(due - dt.timedelta(days=rng.randint(0, 6)))
        for _ in range(forgotten + 1):
            yield Event(pid, sent, EventType.ATTENDANCE_REPORT)
        forgotten = 0


def _extensions(rng: random.Random, pid: str, a: str, start: dt.date,
                until: dt.date) -> Iterator[Event]:
    """
    Extensions granted a few weeks before the planned end, until the frame
    covers the whole pathway; now and then the last one is never granted.
    """
    agreement = _AGREEMENT[a]
    planned = add_weeks(start, agreement.frame_weeks)
    while planned < until:
        weeks = rng.choice(_EXTENSION_WEEKS[a])
        granted = _workday_before(planned - dt.timedelta(days=rng.randint(7, 21)))
        if add_weeks(planned, weeks) >= until and rng.random() < 0.1:
            return
        if granted <= CUTOFF:
            yield Event(pid, granted, EventType.EXTENSION, value=weeks,
                        note="Forlænget efter aftale med sagsbehandleren.")
        planned = add_weeks(planned, weeks)


def _effects(rng: random.Random, pid: str, a: str, start: dt.date,
             last: dt.date) -> Iterator[Event]:
    """
    Everyday effects seen by the mentor; a participant's scores tend to rise.
    """
    first = start + dt.timedelta(days=14)
    if first >= last or rng.random() < 0.15:
        return
    domains = rng.sample(_EFFECT_DOMAINS[a], rng.randint(1, 2))
    for domain in domains:
        score = rng.randint(1, 3)
        days = sorted(_some_day(rng, first, last) for _ in range(rng.randint(1, 3)))
        for day in days:
            value = None if rng.random() < 0.15 else score
            yield Event(pid, day, EventType.EFFECT, domain, value)
            score = min(score + rng.randint(0, 1), 5)


def _some_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """
    A working day between ``first`` and ``last``, if the two allow one.
    """
    day = _workday(first + dt.timedelta(days=rng.randint(0, (last - first).days)))
    return day if day <= last else max(_workday_before(last), first)


def _workday(day: dt.date) -> dt.date:
    """
    ``day``, or the Monday after it if it falls on a weekend.
    """
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _workday_before(day: dt.date) -> dt.date:
    """
    ``day``, or the Friday before it if it falls on a weekend.
    """
    return day - dt.timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


# --- Employments: the hires after (or beside) the pathways ---------------------------------------

#: The seed of the employments, apart from the pathways' so that adding hires
#: never moves a pathway.
EMPLOYMENT_SEED = 2019

#: Social-economy enterprises that hire (synthetic, but for the two providers).
_ENTERPRISES = ("VeteranHaven", "Sumak", "Café Kornet", "Genbrugsværkstedet",
                "Cykelværkstedet Egen Kraft", "Grønne Hænder", "Kantinen på Havnen")

_C = EmploymentEventType.CHANGE
_R = EmploymentEventType.REVIEW

#: The flexjob of the report's progression example: 4.5 hours a week at 80 %
#: from 8 September 2016 (3.6 effective hours; the report says 3.5), rising to
#: 15 hours at 100 %; it followed SA1-P14, which ended in a flexjob in July 2016.
_FEATURED = ("ANS-001", "SA1-P14", "Grønne Hænder", _D("2016-09-08"), "4.5", 80)
_FEATURED_CHANGES = (("2017-03-06", "8", None), ("2017-10-02", "10", 90),
                     ("2018-05-07", "12", 100), ("2018-12-03", "15", None))

#: Flexjobs whose review fell due in 2018, as (start, end, review, enterprise,
#: pathway): met three times, late once, missed once, overdue once and not
#: due once (it ended first), as of 31 December 2018.
_REVIEWED = (
    ("2015-08-03", None, "2018-01-15", "VeteranHaven", None),
    ("2015-10-05", None, "2018-03-20", "Sumak", None),
    ("2015-11-16", None, "2018-08-20", "Café Kornet", None),
    ("2016-01-25", "2018-09-28", None, "Kantinen på Havnen", None),
    ("2016-02-01", "2017-05-31", None, "Genbrugsværkstedet", None),
    ("2016-03-07", None, "2018-08-30", "Cykelværkstedet Egen Kraft", None),
    ("2016-05-02", None, None, "Sumak", "SA2-P03"),
)

#: The 2018 hires through the jobcenter that followed one of the example's
#: pathways: (pathway, kind, start, enterprise).
_AFTER_PATHWAYS = (
    ("SA1-P22", "fleksjob", "2018-01-08", "VeteranHaven"),
    ("SA2-P31", "deltid", "2018-01-22", "Genbrugsværkstedet"),
    ("SA2-P33", "fuldtid", "2018-02-05", "Kantinen på Havnen"),
    ("SA2-P32", "deltid", "2018-03-19", "Sumak"),
    ("SA2-P35", "fleksjob", "2018-04-23", "Café Kornet"),
    ("SA2-P38", "deltid", "2018-07-16", "Genbrugsværkstedet"),
    ("SA2-P47", "deltid", "2018-10-15", "Sumak"),
    ("SA2-P40", "loentilskud", "2018-10-22", "Cykelværkstedet Egen Kraft"),
    ("SA1-P27", "fuldtid", "2018-11-05", "VeteranHaven"),
    ("SA2-P42", "loentilskud", "2018-11-19", "Grønne Hænder"),
)

#: The other 2018 hires through the jobcenter, before and after 30 June, so
#: that the year has 21 flexjobs, 7 part-time, 3 full-time and 4 wage-subsidy
#: jobs (35 against the goal of 30), 14 of them by 30 June.
_JOBCENTER_2018 = (
    ("first_half", {"fleksjob": 7, "deltid": 1, "loentilskud": 1}),
    ("second_half", {"fleksjob": 12, "deltid": 2, "fuldtid": 1, "loentilskud": 1}),
)

#: The 29 hires of 2018 through the enterprises' own channels.
_OTHER_2018 = {"fleksjob": 3, "deltid": 12, "fuldtid": 9, "loentilskud": 5}

#: Hours a week by kind (low, high) and the intensities a flexjob starts with.
_HOURS = {"fleksjob": (4, 20), "deltid": (15, 30), "fuldtid": (37, 37),
          "loentilskud": (25, 37)}
_INTENSITIES = (50, 60, 70, 80, 90, 100)


def _employments(pathways: dict[str, Pathway]
                 ) -> tuple[list[Employment], list[EmploymentEvent]]:
    """
    The hires of the example and what happened to them, up to the cutoff.
    """
    rng = random.Random(EMPLOYMENT_SEED)
    hires: list[Employment] = []
    changes: list[EmploymentEvent] = []
    numbers = iter(rng.sample(range(100, 1000), 200))

    def hire(kind: str, start: dt.date, enterprise: str, *, pathway_id: str | None = None,
             channel: str = "jobcenter", hours: Decimal | None = None,
             intensity: int | None = None, end: dt.date | None = None) -> Employment:
        low, high = _HOURS[kind]
        participant = (pathways[pathway_id].participant_id if pathway_id
                       else f"BO-{next(numbers)}")
        job = Employment(
            f"ANS-{len(hires) + 1:03d}", participant, enterprise, kind, start,
            hours if hours is not None else Decimal(rng.randint(low, high)),
            channel=channel, end_date=end, pathway_id=pathway_id,
            intensity=intensity if intensity is not None else
            (rng.choice(_INTENSITIES) if kind == "fleksjob" else 100))
        hires.append(job)
        return job

    featured_id, followed, featured_at, start, hours, intensity = _FEATURED
    hire("fleksjob", start, featured_at, pathway_id=followed, hours=Decimal(hours),
         intensity=intensity)
    changes.extend(EmploymentEvent(featured_id, _D(day), _C, Decimal(h), i)
                   for day, h, i in _FEATURED_CHANGES)
    for start_text, end_text, reviewed, enterprise, pathway_id in _REVIEWED:
        job = hire("fleksjob", _D(start_text), enterprise, pathway_id=pathway_id,
                   end=None if end_text is None else _D(end_text))
        if reviewed is not None:
            changes.append(EmploymentEvent(job.employment_id, _D(reviewed), _R,
                                           note="Opfølgning efter 2½ år holdt."))
        changes.extend(_changes(rng, job))
    for pathway_id, kind, start_text, enterprise in _AFTER_PATHWAYS:
        hire(kind, _D(start_text), enterprise, pathway_id=pathway_id)
    windows = {"first_half": (_D("2018-01-02"), _D("2018-06-29")),
               "second_half": (_D("2018-07-02"), _D("2018-12-14"))}
    drawn: list[tuple[dt.date, str, str]] = []
    for half, counts in _JOBCENTER_2018:
        first, last = windows[half]
        drawn.extend((_some_day(rng, first, last), kind, "jobcenter")
                     for kind, n in counts.items() for _ in range(n))
    drawn.extend((_some_day(rng, _D("2018-01-02"), _D("2018-12-14")), kind, "other")
                 for kind, n in _OTHER_2018.items() for _ in range(n))
    for start, kind, channel in sorted(drawn):
        job = hire(kind, start, rng.choice(_ENTERPRISES), channel=channel,
                   end=_maybe_end(rng, start))
        changes.extend(_changes(rng, job))
    changes.sort(key=lambda e: (e.employment_id, e.date))
    return hires, changes


def _maybe_end(rng: random.Random, start: dt.date) -> dt.date | None:
    """
    One hire in six ends before the cutoff; the rest still run.
    """
    if rng.random() >= 1 / 6 or (CUTOFF - start).days < 60:
        return None
    return _workday_before(start + dt.timedelta(days=rng.randint(45, (CUTOFF - start).days)))


def _changes(rng: random.Random, job: Employment) -> Iterator[EmploymentEvent]:
    """
    Now and then, a flexjob's hours go up after a few months (or, rarely, down).
    """
    if job.kind != "fleksjob" or rng.random() < 0.5:
        return
    last = min(job.end_date or CUTOFF, CUTOFF)
    day = _workday(job.start_date + dt.timedelta(days=rng.randint(60, 200)))
    if day > last:
        return
    step = rng.choice((2, 2, 3, 4, -2))
    hours = max(job.hours_per_week + step, Decimal(2))
    intensity = min(job.intensity + 10, 100) if step > 0 and rng.random() < 0.5 else None
    yield EmploymentEvent(job.employment_id, day, _C, hours, intensity)


def main(argv: Sequence[str]) -> int:
    """
    Build the register and write it to the folder given (default: next to this script).
    """
    write_csv(build_register(), Path(argv[0]) if argv else _HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
