"""
The pathway lifecycle as a Hypothesis state machine, reusable by other tools.

:class:`PathwayLifecycle` refers, starts, ends, cancels and extends pathways
of one agreement and records their events, one day at a time, and checks
every step against a plain model (dicts of what should hold): which changes
are accepted, which are refused and under which outcome-state rule.

By default the system under test is :mod:`forloeb.recording`. A tool with its
own handling of outcome states subclasses the machine and overrides
:meth:`~PathwayLifecycle.setup`, :meth:`~PathwayLifecycle.apply` and
:meth:`~PathwayLifecycle.snapshot`; see ``docs/testing.md`` and
``examples/property-testing/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from forloeb.codes import (
    CANCELLED,
    EMPLOYMENT_KINDS,
    EVENT_CODES,
    EVENT_VALUES,
    FLEXJOB,
    OUTCOMES,
    EmploymentEventType,
    EventType,
    State,
    ValueUse,
)
from forloeb.errors import CapacityError, RuleViolation
from forloeb.model import Agreement, Employment, EmploymentEvent, Event, Register
from forloeb.rules import capacity_violations, validate
from forloeb.sla import Status
from forloeb.sla._employment import flexjob_deadlines
from forloeb.testing.changes import (
    Cancel,
    Change,
    End,
    EndEmployment,
    Extend,
    Hire,
    RecordEmploymentEvent,
    RecordEvent,
    Refer,
    Start,
)
from forloeb.testing.strategies import (
    LAST_DAY,
    agreements,
    cpr_like_numbers,
    notes,
    participant_ids,
)

#: An outcome code no agreement knows: ending with it must be refused (rule 3).
UNKNOWN_OUTCOME = "ukendt_udfald"

_DAY = dt.timedelta(days=1)
_RECORDABLE = tuple(k for k in EventType if k is not EventType.EXTENSION)
_NEVER_BEFORE_START = tuple(k for k in _RECORDABLE if k is not EventType.DELIVERY)


@st.composite
def _events_of(draw: st.DrawFn, pathway_id: str, day: dt.date, kind: EventType) -> Event:
    codes = EVENT_CODES[kind]
    use, low, high = EVENT_VALUES[kind]
    value = None
    if use is ValueUse.REQUIRED or (use is ValueUse.OPTIONAL and draw(st.booleans())):
        value = draw(st.integers(low or 1, min(high or 30, 30)))
    return Event(pathway_id, day, kind, code=draw(st.sampled_from(codes)) if codes else None,
                 value=value, note=draw(notes(max_size=20)))


class PathwayLifecycle(RuleBasedStateMachine):
    """
    Pathway lifecycle (da: *forløbets gang*): referral, start, events,
    extensions, end or cancellation of the pathways of one agreement.

    Every change is dated "today"; ``advance`` moves today forward. The model
    predicts, for each change, the set of rules it breaks: an empty set means
    the system must accept it, otherwise it must raise
    :class:`~forloeb.errors.RuleViolation` whose ``rule`` is one of them
    (:class:`~forloeb.errors.CapacityError` for rule 7) and leave its data
    unchanged. The invariants check, after every step, that the system's
    register passes :func:`forloeb.rules.validate`, that an ended pathway
    has exactly one outcome and a referred or active one none, that no day
    has more active pathways than the agreement's capacity, and that the
    register as of every earlier day equals what was recorded by then (rule 8).

    Hooks for other tools: :meth:`agreement_strategy`, :meth:`setup`,
    :meth:`apply`, :meth:`snapshot` and :meth:`check_refusal`.
    """

    pathways = Bundle("pathways")

    def __init__(self) -> None:
        super().__init__()
        self.register = Register([])
        self.agreement: Agreement | None = None
        self.today = dt.date.min
        # The plain model: what should hold, in dicts keyed by pathway id.
        self.participant_of: dict[str, str] = {}
        self.referred_on: dict[str, dt.date] = {}
        self.started_on: dict[str, dt.date] = {}
        self.ended: dict[str, tuple[dt.date, str]] = {}
        self.events_of: dict[str, list[tuple[dt.date, EventType]]] = {}
        # The register at the end of each past day, for rule 8.
        self.history: list[tuple[dt.date, Register]] = []
        self._count = 0

    # -- hooks ---------------------------------------------------------------

    def agreement_strategy(self) -> st.SearchStrategy[Agreement]:
        """
        The agreement the machine works on; few slots, so rule 7 bites.
        """
        return agreements(max_slots=2).map(
            lambda a: attrs.evolve(a, extra_slots=min(a.extra_slots, 1)))

    def setup(self, agreement: Agreement) -> None:
        """
        Prepare the system under test to hold pathways of ``agreement``.
        """
        self.register = Register([agreement])

    def apply(self, change: Change) -> None:
        """
        Make ``change`` in the system under test, or raise
        :class:`~forloeb.errors.RuleViolation` (leaving everything unchanged).
        """
        self.register = change.apply_to(self.register)

    def snapshot(self) -> Register:
        """
        Everything the system under test holds now, as a :class:`~forloeb.Register`.
        """
        return self.register

    def check_refusal(self, change: Change, error: RuleViolation) -> None:
        """
        Check what a refusal says; by default, that it names the pathway (or
        the employment), and for rule 7 the date and the count of active pathways.
        """
        message = str(error)
        if isinstance(change, Hire | RecordEmploymentEvent | EndEmployment):
            assert change.employment_id in message, (
                f"{message!r} does not name {change.employment_id}")
            return
        assert change.pathway_id in message, f"{message!r} does not name {change.pathway_id}"
        if isinstance(error, CapacityError):
            assert self.agreement is not None
            count = str(self.agreement.capacity + 1)
            assert str(change.day) in message, f"{message!r} does not name {change.day}"
            assert count in message, f"{message!r} does not name the count {count}"

    # -- the model -----------------------------------------------------------

    def _ready(self) -> bool:
        return self.agreement is not None

    def _active_ids(self) -> list[str]:
        return sorted(p for p in self.started_on if p not in self.ended)

    def _waiting_ids(self) -> list[str]:
        return sorted(p for p in self.referred_on
                      if p not in self.started_on and p not in self.ended)

    def _started_ids(self) -> list[str]:
        return sorted(self.started_on)

    def _state(self, pathway_id: str) -> State:
        if pathway_id in self.ended:
            return State.ENDED
        return State.ACTIVE if pathway_id in self.started_on else State.REFERRED

    def _ending_outcomes(self) -> tuple[str, ...]:
        assert self.agreement is not None
        allowed = self.agreement.allowed_outcomes or tuple(OUTCOMES)
        return tuple(c for c in allowed if c != CANCELLED) or tuple(OUTCOMES)

    def _capacity(self) -> int:
        assert self.agreement is not None
        return self.agreement.capacity

    def _expect(self, change: Change, rules: set[int]) -> bool:
        """
        Apply ``change``; it must be accepted if ``rules`` is empty, else
        refused under one of them. Whether it was accepted.
        """
        before = self.snapshot()
        refusal: RuleViolation | None = None
        try:
            self.apply(change)
        except RuleViolation as error:
            refusal = error
        if refusal is None:
            assert not rules, f"{change} breaks rule(s) {sorted(rules)} but was accepted"
            return True
        assert rules, f"{change} was refused but breaks no rule: {refusal}"
        assert refusal.rule in rules, (
            f"{change} was refused under rule {refusal.rule}, expected one of "
            f"{sorted(rules)}: {refusal}")
        assert isinstance(refusal, CapacityError) == (refusal.rule == 7), (
            f"rule 7 refusals, and only they, are CapacityError: {refusal!r}")
        assert self.snapshot() == before, f"refusing {change} changed the register"
        self.check_refusal(change, refusal)
        return False

    def _end_rules(self, pathway_id: str, day: dt.date, outcome: str) -> set[int]:
        if pathway_id in self.ended:
            return {1, 6}
        assert self.agreement is not None
        known = outcome in OUTCOMES and self.agreement.allows(outcome)
        start = self.started_on.get(pathway_id)
        rules = set()
        if start is None:
            if outcome != CANCELLED or not known:
                rules.add(3)
            if day < self.referred_on[pathway_id]:
                rules.add(2)
        else:
            if outcome == CANCELLED or not known:
                rules.add(3)
            if day < start:
                rules.add(2)
        for when, kind in self.events_of[pathway_id]:
            if kind is EventType.EXTENSION and when >= day:
                rules.add(5)
            elif when > day:
                rules.add(4)
        return rules

    def _event_rules(self, pathway_id: str, day: dt.date, kind: EventType) -> set[int]:
        rules = set()
        start = self.started_on.get(pathway_id)
        referred = self.referred_on[pathway_id]
        if (start is None or day < start) and (kind is not EventType.DELIVERY or day < referred):
            rules.add(4)
        if pathway_id in self.ended:
            end = self.ended[pathway_id][0]
            if kind is EventType.EXTENSION and day >= end:
                rules.add(5)
            elif day > end:
                rules.add(4)
        return rules

    # -- rules -----------------------------------------------------------------

    @initialize(data=st.data())
    def begin(self, data: st.DataObject) -> None:
        """
        Draw the agreement and start the clock on its first day.
        """
        agreement = data.draw(self.agreement_strategy(), label="agreement")
        self.agreement = agreement
        self.today = agreement.start_date
        self.setup(agreement)

    @rule(target=pathways, data=st.data())
    def refer(self, data: st.DataObject) -> str:
        """
        Refer a pathway today, sometimes for a participant who was here before.
        """
        assert self.agreement is not None
        returning = sorted(set(self.participant_of.values()))
        self._count += 1
        if bool(returning) and data.draw(st.integers(0, 3), label="returning") == 0:
            participant = data.draw(st.sampled_from(returning), label="participant")
        else:
            participant = data.draw(participant_ids(), label="participant")
            if participant in returning:
                # A newcomer: Hypothesis likes to draw the same simple id again.
                participant = f"{participant}-{self._count}"
        pathway_id = f"P{self._count:03d}"
        self._expect(Refer(pathway_id, self.agreement.agreement_id, participant, self.today),
                     set())
        self.participant_of[pathway_id] = participant
        self.referred_on[pathway_id] = self.today
        self.events_of[pathway_id] = []
        return pathway_id

    @precondition(lambda self: bool(self.referred_on))
    @rule(data=st.data())
    def refer_refused(self, data: st.DataObject) -> None:
        """
        A participant id that looks like a CPR number is refused, and so is a
        pathway id used before: a returning participant gets a new one (rule 6).
        """
        assert self.agreement is not None
        used = sorted(self.referred_on)
        if bool(used) and data.draw(st.booleans(), label="reuse an id"):
            pathway_id = data.draw(st.sampled_from(used), label="pathway")
            participant = data.draw(participant_ids(), label="participant")
            rules = {6}
        else:
            self._count += 1
            pathway_id = f"P{self._count:03d}"
            participant = data.draw(cpr_like_numbers(), label="participant")
            rules = {0}
        self._expect(Refer(pathway_id, self.agreement.agreement_id, participant, self.today),
                     rules)

    @precondition(lambda self: bool(self._waiting_ids()))
    @rule(data=st.data())
    def start_a_waiting_pathway(self, data: st.DataObject) -> None:
        """
        Start a pathway that is referred and waiting; fills the agreement sooner.
        """
        self.start(data.draw(st.sampled_from(self._waiting_ids()), label="pathway"))

    @rule(pathway_id=pathways)
    def start(self, pathway_id: str) -> None:
        """
        Start a pathway today: refused if it started or ended before (rule 6),
        if its participant is in another active pathway (rule 6), or if every
        slot is taken (rule 7).
        """
        rules = set()
        if pathway_id in self.started_on or pathway_id in self.ended:
            rules.add(6)
        else:
            participant = self.participant_of[pathway_id]
            if any(self.participant_of[p] == participant for p in self._active_ids()):
                rules.add(6)
            if len(self._active_ids()) >= self._capacity():
                rules.add(7)
        if self._expect(Start(pathway_id, self.today), rules):
            self.started_on[pathway_id] = self.today

    @rule(pathway_id=pathways, data=st.data())
    def end(self, pathway_id: str, data: st.DataObject) -> None:
        """
        End a pathway today with one outcome (rules 1, 3, 4, 5, 6); mostly
        one the agreement allows, sometimes any code or an unknown one.
        """
        outcome = data.draw(st.sampled_from(self._ending_outcomes())
                            | st.sampled_from((*OUTCOMES, UNKNOWN_OUTCOME)), label="outcome")
        if self._expect(End(pathway_id, self.today, outcome),
                        self._end_rules(pathway_id, self.today, outcome)):
            self.ended[pathway_id] = (self.today, outcome)

    @precondition(lambda self: bool(self._ready() and self._active_ids()))
    @rule(data=st.data())
    def end_before_start(self, data: st.DataObject) -> None:
        """
        An end dated before the start is refused (rule 2).
        """
        pathway_id = data.draw(st.sampled_from(self._active_ids()), label="pathway")
        day = self.started_on[pathway_id] - data.draw(st.integers(1, 30), label="days") * _DAY
        outcome = data.draw(st.sampled_from(tuple(OUTCOMES)), label="outcome")
        rules = self._end_rules(pathway_id, day, outcome)
        assert 2 in rules
        self._expect(End(pathway_id, day, outcome), rules)

    @rule(pathway_id=pathways)
    def cancel(self, pathway_id: str) -> None:
        """
        Cancel a pathway today: only one that has not started (rule 3).
        """
        assert self.agreement is not None
        if pathway_id in self.ended:
            rules = {1, 6}
        elif pathway_id in self.started_on or not self.agreement.allows(CANCELLED):
            rules = {3}
        else:
            rules = self._end_rules(pathway_id, self.today, CANCELLED)
        if self._expect(Cancel(pathway_id, self.today), rules):
            self.ended[pathway_id] = (self.today, CANCELLED)

    @rule(pathway_id=pathways, data=st.data())
    def record_event(self, pathway_id: str, data: st.DataObject) -> None:
        """
        Record an event today: inside the pathway, or refused (rule 4).
        """
        kind = data.draw(st.sampled_from(_RECORDABLE), label="kind")
        event = data.draw(_events_of(pathway_id, self.today, kind), label="event")
        if self._expect(RecordEvent(event), self._event_rules(pathway_id, self.today, kind)):
            self.events_of[pathway_id].append((self.today, kind))

    @precondition(lambda self: bool(self._ready() and self._started_ids()))
    @rule(data=st.data())
    def event_before_start(self, data: st.DataObject) -> None:
        """
        An event (other than a delivery) dated before the start is refused (rule 4).
        """
        pathway_id = data.draw(st.sampled_from(self._started_ids()), label="pathway")
        day = self.started_on[pathway_id] - data.draw(st.integers(1, 30), label="days") * _DAY
        kind = data.draw(st.sampled_from(_NEVER_BEFORE_START), label="kind")
        event = data.draw(_events_of(pathway_id, day, kind), label="event")
        self._expect(RecordEvent(event), {4})

    @rule(pathway_id=pathways, weeks=st.integers(0, 12))
    def extend(self, pathway_id: str, weeks: int) -> None:
        """
        Extend a pathway today: only an active one, and only later (rule 5).
        """
        active = self._state(pathway_id) is State.ACTIVE
        if self._expect(Extend(pathway_id, self.today, weeks),
                        set() if active and weeks >= 1 else {5}):
            self.events_of[pathway_id].append((self.today, EventType.EXTENSION))

    @precondition(lambda self: self._ready() and self.today < LAST_DAY)
    @rule(days=st.integers(1, 60))
    def advance(self, days: int) -> None:
        """
        Close the day and move today forward.
        """
        self.history.append((self.today, self.snapshot()))
        self.today = min(LAST_DAY, self.today + days * _DAY)

    # -- invariants ------------------------------------------------------------

    @invariant()
    def ended_pathways_have_exactly_one_outcome(self) -> None:
        """
        Rule 1: ended as of today means one known outcome; referred or active, none.
        """
        if not self._ready():
            return
        for p in self.snapshot().pathways:
            if p.state(as_of=self.today) is State.ENDED:
                assert p.outcome in OUTCOMES, f"{p.pathway_id} ended with {p.outcome!r}"
            else:
                assert p.outcome_as_of(self.today) is None
                assert p.end_date is not None or p.outcome is None, (
                    f"{p.pathway_id} has outcome {p.outcome!r} but has not ended")

    @invariant()
    def active_pathways_never_exceed_capacity(self) -> None:
        """
        Rule 7: no day has more active pathways than slots plus extra slots.
        """
        if not self._ready():
            return
        assert self.agreement is not None
        register = self.snapshot()
        active = sum(p.is_active_on(self.today) for p in register.pathways)
        assert active <= self._capacity(), f"{active} active on {self.today}"
        assert list(capacity_violations(self.agreement, register.pathways)) == []

    @invariant()
    def register_breaks_no_rule(self) -> None:
        """
        Every accepted change leaves a register that passes validation.
        """
        if self._ready():
            violations = validate(self.snapshot())
            assert violations == [], "\n".join(v.message for v in violations)

    @invariant()
    def register_matches_the_model(self) -> None:
        """
        The system holds exactly the pathways, states and outcomes the model expects.
        """
        if not self._ready():
            return
        register = self.snapshot()
        assert sorted(p.pathway_id for p in register.pathways) == sorted(self.referred_on)
        for p in register.pathways:
            pid = p.pathway_id
            assert p.participant_id == self.participant_of[pid]
            assert p.start_date == self.started_on.get(pid)
            assert (p.end_date, p.outcome) == self.ended.get(pid, (None, None))
            assert p.state(as_of=self.today) is self._state(pid)
            assert len(register.events_of(pid)) == len(self.events_of[pid])

    @invariant()
    def the_past_depends_only_on_facts_dated_then(self) -> None:
        """
        Rule 8: the register as of an earlier day equals what was recorded by
        its end, and every pathway's state as of that day is the same in both.
        """
        if not self._ready():
            return
        register = self.snapshot()
        for day, then in _recent(self.history):
            assert register.as_of(day) == then, f"the register as of {day} has changed"
            for p in then.pathways:
                assert register.pathway(p.pathway_id).state(as_of=day) is p.state(as_of=day)


class EmploymentLifecycle(PathwayLifecycle):
    """
    Employment lifecycle (da: *ansættelsens gang*): the pathway lifecycle,
    and beside it hires (some after an ended pathway), changes of hours and
    intensity, the 2.5-year review of a flexjob and the end of an employment.

    The model predicts which changes are accepted: a change or review dated
    within the employment (a review only in a flexjob), an end of a running
    employment; a hire reusing an id, or naming a CPR-like participant, is
    refused. Besides the invariants of :class:`PathwayLifecycle` (every one
    of which now covers the employments too: the register passes validation
    and the past depends only on facts dated then), the employments match the
    model and every flexjob's review has a status its dates allow.
    """

    employments = Bundle("employments")

    def __init__(self) -> None:
        super().__init__()
        self.hired: dict[str, tuple[str, dt.date]] = {}  # kind, start
        self.employment_ended: dict[str, dt.date] = {}
        self.employment_events: dict[str, list[tuple[dt.date, EmploymentEventType]]] = {}
        self._hires = 0

    @rule(target=employments, data=st.data())
    def hire(self, data: st.DataObject) -> str:
        """
        Hire someone today, sometimes after a pathway that has ended.
        """
        self._hires += 1
        employment_id = f"E{self._hires:03d}"
        ended = sorted(p for p in self.ended if self.ended[p][0] <= self.today)
        after: str | None = None
        if ended:
            follows: bool = data.draw(st.booleans(), label="follows a pathway")
            after = data.draw(st.sampled_from(ended), label="after") if follows else None
        participant = (self.participant_of[after] if after is not None
                       else data.draw(participant_ids(), label="participant"))
        kind = data.draw(st.sampled_from(EMPLOYMENT_KINDS), label="kind")
        job = Employment(employment_id, participant, "Virksomheden", kind, self.today,
                         Decimal(data.draw(st.integers(1, 37), label="hours")),
                         pathway_id=after,
                         intensity=data.draw(st.integers(1, 100), label="intensity"))
        self._expect(Hire(job), set())
        self.hired[employment_id] = (kind, self.today)
        self.employment_events[employment_id] = []
        return employment_id

    @precondition(lambda self: bool(self.hired))
    @rule(data=st.data())
    def hire_refused(self, data: st.DataObject) -> None:
        """
        A hire reusing an employment id, or of a CPR-like participant, is refused.
        """
        if data.draw(st.booleans(), label="reuse an id"):
            employment_id = data.draw(st.sampled_from(sorted(self.hired)), label="employment")
            participant = data.draw(participant_ids(), label="participant")
        else:
            self._hires += 1
            employment_id = f"E{self._hires:03d}"
            participant = data.draw(cpr_like_numbers(), label="participant")
        job = Employment(employment_id, participant, "Virksomheden", "deltid", self.today,
                         Decimal(20))
        self._expect(Hire(job), {0})

    @rule(employment_id=employments, data=st.data())
    def change_hours(self, employment_id: str, data: st.DataObject) -> None:
        """
        New hours or a new intensity from today: inside the employment, or refused.
        """
        hours = data.draw(st.none() | st.integers(1, 37).map(Decimal), label="hours")
        intensity = data.draw(st.integers(1, 100), label="intensity") if hours is None \
            else data.draw(st.none() | st.integers(1, 100), label="intensity")
        event = EmploymentEvent(employment_id, self.today, EmploymentEventType.CHANGE,
                                hours, intensity)
        if self._expect(RecordEmploymentEvent(event), self._employment_event_rules(
                employment_id, EmploymentEventType.CHANGE)):
            self.employment_events[employment_id].append(
                (self.today, EmploymentEventType.CHANGE))

    @rule(employment_id=employments)
    def review(self, employment_id: str) -> None:
        """
        Hold the 2.5-year review today: only in a flexjob, inside the employment.
        """
        event = EmploymentEvent(employment_id, self.today, EmploymentEventType.REVIEW)
        if self._expect(RecordEmploymentEvent(event), self._employment_event_rules(
                employment_id, EmploymentEventType.REVIEW)):
            self.employment_events[employment_id].append(
                (self.today, EmploymentEventType.REVIEW))

    @rule(employment_id=employments)
    def end_employment(self, employment_id: str) -> None:
        """
        End an employment today: refused if it has ended already.
        """
        rules = {0} if employment_id in self.employment_ended else set()
        if self._expect(EndEmployment(employment_id, self.today), rules):
            self.employment_ended[employment_id] = self.today

    def _employment_event_rules(self, employment_id: str,
                                kind: EmploymentEventType) -> set[int]:
        ended = self.employment_ended.get(employment_id)
        outside = ended is not None and self.today > ended
        not_flexjob = kind is EmploymentEventType.REVIEW and self.hired[employment_id][0] != FLEXJOB
        return {0} if outside or not_flexjob else set()

    @invariant()
    def employments_match_the_model(self) -> None:
        """
        The system holds exactly the hires, ends and events the model expects.
        """
        if not self._ready():
            return
        register = self.snapshot()
        assert sorted(e.employment_id for e in register.employments) == sorted(self.hired)
        for e in register.employments:
            assert (e.kind, e.start_date) == self.hired[e.employment_id]
            assert e.end_date == self.employment_ended.get(e.employment_id)
            events = register.employment_events_of(e.employment_id)
            assert [(x.date, x.type) for x in events] == self.employment_events[e.employment_id]

    @invariant()
    def every_review_has_a_status_its_dates_allow(self) -> None:
        """
        A flexjob's review is met or late only once held, missed only once the
        employment has ended, pending or overdue only while it runs.
        """
        if not self._ready():
            return
        register = self.snapshot()
        for e in register.employments:
            events = register.employment_events_of(e.employment_id)
            for d in flexjob_deadlines(e, events, as_of=self.today):
                held = any(x.type is EmploymentEventType.REVIEW for x in events)
                if d.status in (Status.MET, Status.LATE):
                    assert held
                    assert d.done is not None
                    assert d.done <= self.today
                if d.status is Status.MISSED:
                    assert e.has_ended(as_of=self.today)
                if d.status in (Status.PENDING, Status.OVERDUE):
                    assert not e.has_ended(as_of=self.today)


def _recent(history: list[tuple[dt.date, Register]]) -> Iterable[tuple[dt.date, Register]]:
    # Every past day would make long runs quadratic; the last few and the
    # first catch a change to the past just as well.
    return history[:1] + history[-4:] if len(history) > 5 else history


__all__ = ["UNKNOWN_OUTCOME", "EmploymentLifecycle", "PathwayLifecycle"]
