"""
A tiny case system, as another municipal tool might have one.

It keeps its own cases with a Danish status (``visiteret``, ``i forløb``,
``afsluttet``) and its own checks, written by hand; forloeb is used only for
its vocabulary (outcome codes, errors) and to export the cases as a register
for the yearly evaluation. ``test_casesystem.py`` property-tests these
checks with forloeb's strategies and lifecycle state machine.

>>> import datetime as dt
>>> from forloeb import Agreement
>>> sa1 = Agreement("SA1", dt.date(2018, 1, 1), slots=8, plan_deadline_weeks=4, frame_weeks=52)
>>> cases = CaseSystem(sa1)
>>> cases.open_case("K-1", citizen="D-001", day=dt.date(2018, 1, 2))
>>> cases.begin("K-1", dt.date(2018, 1, 8))
>>> cases.close("K-1", dt.date(2018, 6, 1), outcome="fleksjob")
>>> cases.status_on("K-1", dt.date(2018, 5, 31)), cases.status_on("K-1", dt.date(2018, 6, 1))
('i forløb', 'afsluttet')
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from forloeb import Agreement, CapacityError, Event, EventType, Pathway, Register, RuleViolation
from forloeb.codes import CANCELLED, OUTCOMES
from forloeb.rules import looks_like_cpr

REFERRED = "visiteret"
ACTIVE = "i forløb"
ENDED = "afsluttet"


@dataclasses.dataclass
class Case:
    """
    One citizen's case (da: *sag*) under the agreement.
    """

    case_id: str
    citizen: str
    opened: dt.date
    started: dt.date | None = None
    closed: dt.date | None = None
    outcome: str | None = None
    log: list[Event] = dataclasses.field(default_factory=list)


class CaseSystem:
    """
    Cases under one cooperation agreement, with the rules checked by hand.

    Every method checks first and changes second, so a refused call leaves
    the cases as they were.
    """

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self.cases: dict[str, Case] = {}

    def _case(self, case_id: str) -> Case:
        return self.cases[case_id]

    def status_on(self, case_id: str, day: dt.date) -> str:
        """
        The case's status on ``day``.
        """
        case = self._case(case_id)
        if case.closed is not None and case.closed <= day:
            return ENDED
        if case.started is None or case.started > day:
            return REFERRED
        return ACTIVE

    def open_case(self, case_id: str, *, citizen: str, day: dt.date) -> None:
        """
        Open a case when a citizen is referred.
        """
        if case_id in self.cases:
            raise RuleViolation(f"pathway {case_id}: the case number is taken (rule 6)", rule=6,
                                pathway_id=case_id)
        if looks_like_cpr(citizen):
            raise RuleViolation(f"pathway {case_id}: use the citizen's pseudonym, not a CPR "
                                "number", rule=0, pathway_id=case_id)
        self.cases[case_id] = Case(case_id, citizen, day)

    def begin(self, case_id: str, day: dt.date) -> None:
        """
        The citizen starts at the enterprise.
        """
        case = self._case(case_id)
        if case.started is not None or case.closed is not None:
            raise RuleViolation(f"pathway {case_id}: has started or ended before; a returning "
                                "citizen gets a new case (rule 6)", rule=6, pathway_id=case_id)
        if day < case.opened:
            raise RuleViolation(f"pathway {case_id}: start {day} is before the referral on "
                                f"{case.opened} (rule 2)", rule=2, pathway_id=case_id)
        for other in self.cases.values():
            if (other.citizen == case.citizen and other.started is not None
                    and (other.closed is None or day < other.closed)):
                raise RuleViolation(f"pathway {case_id}: {case.citizen} is already in case "
                                    f"{other.case_id} (rule 6)", rule=6, pathway_id=case_id)
        active = 1 + sum(1 for c in self.cases.values()
                         if c.started is not None and c.started <= day
                         and (c.closed is None or c.closed > day))
        if active > self.agreement.capacity:
            raise CapacityError(f"pathway {case_id}: starting on {day} would make {active} "
                                f"pathways active, and the agreement has "
                                f"{self.agreement.capacity} slots (rule 7)", pathway_id=case_id)
        case.started = day

    def close(self, case_id: str, day: dt.date, *, outcome: str) -> None:
        """
        Close a case with exactly one outcome.
        """
        case = self._case(case_id)
        if case.closed is not None:
            raise RuleViolation(f"pathway {case_id}: closed on {case.closed} already (rule 1)",
                                rule=1, pathway_id=case_id)
        if outcome not in OUTCOMES or not self.agreement.allows(outcome):
            raise RuleViolation(f"pathway {case_id}: {outcome!r} is not an outcome of this "
                                "agreement (rule 3)", rule=3, pathway_id=case_id)
        if (case.started is None) != (outcome == CANCELLED):
            raise RuleViolation(f"pathway {case_id}: only a case that never started is "
                                f"closed with {CANCELLED!r} (rule 3)", rule=3, pathway_id=case_id)
        if day < (case.started or case.opened):
            raise RuleViolation(f"pathway {case_id}: closing on {day} is before the start "
                                f"(rule 2)", rule=2, pathway_id=case_id)
        for event in case.log:
            if event.type is EventType.EXTENSION and event.date >= day:
                raise RuleViolation(f"pathway {case_id}: extended on {event.date}, so it cannot "
                                    f"close on {day} (rule 5)", rule=5, pathway_id=case_id)
            if event.date > day:
                raise RuleViolation(f"pathway {case_id}: {event.type} on {event.date} comes "
                                    f"after closing on {day} (rule 4)", rule=4, pathway_id=case_id)
        case.closed, case.outcome = day, outcome

    def cancel(self, case_id: str, day: dt.date) -> None:
        """
        Close a case that never started (outcome ``annulleret``).
        """
        self.close(case_id, day, outcome=CANCELLED)

    def extend(self, case_id: str, day: dt.date, *, weeks: int) -> None:
        """
        Extend the frame of an active case.
        """
        if self.status_on(case_id, day) != ACTIVE or weeks < 1:
            raise RuleViolation(f"pathway {case_id}: only an active case is extended, by at "
                                "least a week (rule 5)", rule=5, pathway_id=case_id)
        self._case(case_id).log.append(Event(case_id, day, EventType.EXTENSION, value=weeks))

    def note(self, event: Event) -> None:
        """
        Log something that happened in a case (a meeting, a sheet, a delivery, ...).
        """
        case = self._case(event.pathway_id)
        early = event.date < (case.started or dt.date.max)
        if (early and event.type is not EventType.DELIVERY) or event.date < case.opened:
            raise RuleViolation(f"pathway {case.case_id}: {event.type} on {event.date} is "
                                "before the start (rule 4)", rule=4, pathway_id=case.case_id)
        if case.closed is not None and event.date > case.closed:
            raise RuleViolation(f"pathway {case.case_id}: {event.type} on {event.date} is "
                                "after the end (rule 4)", rule=4, pathway_id=case.case_id)
        case.log.append(event)

    def to_register(self) -> Register:
        """
        The cases as a forloeb register, for the yearly evaluation.
        """
        pathways = [
            Pathway(c.case_id, self.agreement.agreement_id, c.citizen, referred_date=c.opened,
                    start_date=c.started, end_date=c.closed, outcome=c.outcome)
            for c in self.cases.values()
        ]
        events = [e for c in self.cases.values() for e in c.log]
        return Register([self.agreement], pathways, events)
