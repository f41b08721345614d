"""
Record a year of pathways in a forloeb store, as a case system would, then evaluate it.

Two agreements like Slagelse's (8 slots with a 4-week plan deadline and a
52-week frame; 8 + 2 slots with 1 week and 13 weeks) run from 1 July 2017 to
30 June 2018. Every day, citizens are referred, start when a slot is free
(the store refuses a start beyond the slots, and the case system tries again
a week later), get a plan, follow-up meetings and attendance sheets, are
extended or end with an outcome. Each call records who did it and when.

Then the 2018 evaluation is run from the store, an outcome is corrected in
August, and ``known_at`` reproduces the evaluation as it was published on
1 July. Run it with a new store file::

    python examples/record-a-year/record_a_year.py year.sqlite
    forloeb evaluate year.sqlite --as-of 2018-06-30
    forloeb history SA1-001 year.sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from forloeb import Agreement, CapacityError, CollaborationNote, Event, EventType
from forloeb.evaluation import evaluate
from forloeb.store import Store

FIRST_DAY = dt.date(2017, 7, 1)
LAST_DAY = dt.date(2018, 6, 30)
#: The evaluation was published the day after; the correction came later.
PUBLISHED = dt.datetime(2018, 7, 1, 12, 0, tzinfo=dt.UTC)
CORRECTED = dt.datetime(2018, 8, 15, 10, 0, tzinfo=dt.UTC)

AGREEMENTS = (
    Agreement("SA1", dt.date(2017, 7, 1), slots=8, plan_deadline_weeks=4, frame_weeks=52,
              name="Samarbejdsaftale 1", provider="VeteranHaven",
              followup_interval_weeks=8),
    Agreement("SA2", dt.date(2017, 7, 1), slots=8, extra_slots=2, plan_deadline_weeks=1,
              frame_weeks=13, name="Samarbejdsaftale 2", provider="Sumak",
              positive_outcomes=("fleksjob", "ordinaert_job", "loentilskud", "uddannelse",
                                 "sprogskole")),
)
OUTCOMES = ("fleksjob", "ordinaert_job", "uddannelse", "loentilskud", "praktik_foer_rehab",
            "afventer_rehab", "stoppet_massive_udfordringer", "jobsoegende")
OUTCOME_WEIGHTS = (4, 3, 3, 1, 3, 3, 2, 1)
TARGET_GROUPS = ("ressourceforloeb", "lab_2_3", "integration", "aegtefaelleforsoerget")


class CaseSystem:
    """
    A stand-in for a municipal case system that records into a forloeb store.
    """

    def __init__(self, store: Store, seed: int) -> None:
        self.store = store
        self.random = random.Random(seed)
        self.numbers = {a.agreement_id: 0 for a in AGREEMENTS}
        self.waiting: dict[str, dt.date] = {}  # referred pathway -> day it should start
        self.active: dict[str, dict[str, object]] = {}
        self.refused_starts = 0

    def at(self, day: dt.date) -> dt.datetime:
        """
        When something that happened on ``day`` is recorded: that afternoon.
        """
        return dt.datetime.combine(day, dt.time(15, 0), tzinfo=dt.UTC)

    def run(self) -> None:
        """
        Record every day from the first to the last.
        """
        for agreement in AGREEMENTS:
            self.store.add_agreement(agreement, actor="jobcenter",
                                     recorded_at=self.at(FIRST_DAY))
        day = FIRST_DAY
        while day <= LAST_DAY:
            if day.weekday() < 5:
                self.working_day(day)
            day += dt.timedelta(days=1)

    def working_day(self, day: dt.date) -> None:
        """
        One day's referrals, starts, events and ends.
        """
        rnd = self.random
        for agreement in AGREEMENTS:
            if rnd.random() < (0.06 if agreement.agreement_id == "SA1" else 0.12):
                self.refer(agreement, day)
            if day.day == 1 and day.month % 3 == 1:
                self.store.add_note(
                    CollaborationNote(agreement.agreement_id, day, author="jobcenter",
                                      rating=rnd.randint(3, 5), note="Kvartalsmøde afholdt."),
                    actor="jobcenter", recorded_at=self.at(day))
        for pathway_id, due in sorted(self.waiting.items()):
            if due <= day:
                self.try_start(pathway_id, day)
        for pathway_id in sorted(self.active):
            self.follow(pathway_id, day)

    def refer(self, agreement: Agreement, day: dt.date) -> None:
        """
        A citizen is referred and agreed to start in one to three weeks.
        """
        self.numbers[agreement.agreement_id] += 1
        number = self.numbers[agreement.agreement_id]
        pathway_id = f"{agreement.agreement_id}-{number:03}"
        self.store.refer(pathway_id, agreement_id=agreement.agreement_id,
                         participant_id=f"D-{agreement.agreement_id}-{number:04}", day=day,
                         target_group=self.random.choice(TARGET_GROUPS),
                         actor="jobcenter", recorded_at=self.at(day))
        self.waiting[pathway_id] = day + dt.timedelta(days=self.random.randint(7, 21))

    def try_start(self, pathway_id: str, day: dt.date) -> None:
        """
        Start a referred pathway, or try again in a week if every slot is taken.
        """
        agreement = AGREEMENTS[0] if pathway_id.startswith("SA1") else AGREEMENTS[1]
        try:
            self.store.start(pathway_id, day=day, actor=agreement.provider,
                             recorded_at=self.at(day))
        except CapacityError:
            self.refused_starts += 1
            if (day - self.store.pathway(pathway_id).referred_date).days > 60:  # type: ignore[operator]
                self.store.cancel(pathway_id, day=day, actor="jobcenter", recorded_at=self.at(day))
                del self.waiting[pathway_id]
            else:
                self.waiting[pathway_id] = day + dt.timedelta(days=7)
            return
        del self.waiting[pathway_id]
        rnd = self.random
        self.active[pathway_id] = {
            "agreement": agreement,
            "start": day,
            "plan": day + dt.timedelta(days=rnd.randint(2, agreement.plan_deadline_weeks * 7 + 5))
            if rnd.random() < 0.85 else None,
            "planned_end": day + dt.timedelta(weeks=agreement.frame_weeks),
            "last_meeting": day,
        }

    def follow(self, pathway_id: str, day: dt.date) -> None:
        """
        What happens to an active pathway today.
        """
        rnd = self.random
        state = self.active[pathway_id]
        agreement: Agreement = state["agreement"]  # type: ignore[assignment]
        start: dt.date = state["start"]  # type: ignore[assignment]
        actor, at = agreement.provider, self.at(day)
        if state["plan"] == day:
            self.store.record_plan(pathway_id, day=day, co_created=rnd.random() < 0.8,
                                   own_goals=rnd.random() < 0.7, actor=actor, recorded_at=at)
        if (day - state["last_meeting"]).days >= rnd.randint(35, 60):  # type: ignore[operator]
            self.record(Event(pathway_id, day, EventType.FOLLOWUP, code="held"), actor, at)
            state["last_meeting"] = day
        if (day - start).days > 7 and (day - start).days % 61 == rnd.randint(0, 3):
            self.record(Event(pathway_id, day, EventType.ATTENDANCE_REPORT), actor, at)
        if rnd.random() < 0.01:
            domain = rnd.choice(("moedestabilitet", "regelmaessighed", "tillid", "overblik"))
            self.record(Event(pathway_id, day, EventType.EFFECT, code=domain,
                              value=rnd.randint(2, 5)), actor, at)
        if day >= state["planned_end"] or rnd.random() < 0.004:  # type: ignore[operator]
            if day < state["planned_end"] or rnd.random() < 0.5:  # type: ignore[operator]
                outcome = rnd.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
                self.store.end(pathway_id, day=day, outcome=outcome, actor="jobcenter",
                               recorded_at=at)
                del self.active[pathway_id]
            else:
                weeks = agreement.frame_weeks // 2
                self.store.extend(pathway_id, day=day, weeks=weeks, actor="jobcenter",
                                  recorded_at=at)
                state["planned_end"] = day + dt.timedelta(weeks=weeks)

    def record(self, event: Event, actor: str, at: dt.datetime) -> None:
        """
        Record one event.
        """
        self.store.record_event(event, actor=actor, recorded_at=at)


def summary(evaluation: dict[str, object]) -> list[str]:
    """
    One line per agreement: slots, active, completed and progression.
    """
    lines = []
    for a in evaluation["agreements"]:  # type: ignore[attr-defined]
        q1, q7 = a["q1_in_use"], a["q7_overview"]
        lines.append(f"{a['agreement_id']} {a['name']}: {q1['slots']} slots, {q1['active']} "
                     f"active, {q7['completed']} completed, progression "
                     f"{q7['progression']}/{q7['completed']}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """
    Record the year into a new store, evaluate it, correct it, reproduce it.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("store", help="a new .sqlite file")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    if Path(args.store).exists():
        parser.error(f"{args.store} exists; give the name of a new store")

    with Store.open(args.store, create=True) as store:
        system = CaseSystem(store, args.seed)
        system.run()
        register = store.load()
        print(f"Recorded {len(register.pathways)} pathways and {len(register.events)} events; "
              f"{system.refused_starts} starts were refused for want of a free slot.")
        published = evaluate(store.load(known_at=PUBLISHED), as_of=LAST_DAY).to_dict()
        print("Evaluation as of 2018-06-30, published 2018-07-01:")
        for line in summary(published):
            print("  " + line)

        # In August the enterprise reports that a participant's flexjob was an ordinary job.
        ended = [p for p in register.pathways if p.outcome == "fleksjob"]
        provider = register.agreement(ended[0].agreement_id).provider
        store.correct_pathway(ended[0].pathway_id, outcome="ordinaert_job",
                              actor=provider, recorded_at=CORRECTED)
        now = evaluate(store.load(), as_of=LAST_DAY).to_dict()
        again = evaluate(store.load(known_at=PUBLISHED), as_of=LAST_DAY).to_dict()
        print(f"Corrected {ended[0].pathway_id}: fleksjob -> ordinaert_job on 2018-08-15.")
        print(f"The evaluation changes with the correction: {now != published}; "
              f"known_at reproduces the published one: {again == published}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
