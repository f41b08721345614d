"""
The domain model: a pathway's state as of a date, what the register knew on a
date (rule 8), and the register's lookups and equality.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb.codes import EventType, State
from forloeb.errors import UnknownIdError
from forloeb.model import Agreement, Employment, Event, Pathway, Register
from forloeb.rules import validate
from forloeb.testing import FIRST_DAY, LAST_DAY, TYPICAL_AS_OF, pathways, registers

D = dt.date
_ORDER = {State.REFERRED: 0, State.ACTIVE: 1, State.ENDED: 2}

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


def _sa1(**terms: object) -> Agreement:
    values: dict[str, object] = {"slots": 8, "plan_deadline_weeks": 4, "frame_weeks": 52}
    values.update(terms)
    return Agreement("SA1", D(2016, 1, 1), **values)  # type: ignore[arg-type]


def _facts(pathway: Pathway) -> list[dt.date]:
    return [d for d in (pathway.referred_date, pathway.start_date, pathway.end_date,
                        pathway.plan_date) if d is not None]


# -- a pathway's state, by example ------------------------------------------------

ENDED_IN_2018 = Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2),
                        start_date=D(2018, 1, 8), end_date=D(2018, 9, 1), outcome="fleksjob")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2018, 1, 2), State.REFERRED),
        (D(2018, 1, 7), State.REFERRED),
        (D(2018, 1, 8), State.ACTIVE),  # active from the start day
        (D(2018, 8, 31), State.ACTIVE),
        (D(2018, 9, 1), State.ENDED),  # ended on the end day itself
        (D(2020, 1, 1), State.ENDED),
    ],
)
def test_state_on_the_days_around_start_and_end(day: dt.date, expected: State) -> None:
    assert expected == ENDED_IN_2018.state(as_of=day)


def test_a_pathway_without_a_start_stays_referred() -> None:
    assert State.REFERRED == Pathway("P1", "SA1", "D-1").state(as_of=D(2030, 1, 1))


def test_a_pathway_cancelled_before_its_start_is_ended_from_the_cancellation() -> None:
    cancelled = Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2),
                        end_date=D(2018, 2, 1), outcome="annulleret")
    assert (State.REFERRED, State.ENDED) == (cancelled.state(as_of=D(2018, 1, 31)),
                                             cancelled.state(as_of=D(2018, 2, 1)))
    assert cancelled.is_cancelled


def test_the_outcome_does_not_exist_before_the_end() -> None:
    assert (None, "fleksjob") == (ENDED_IN_2018.outcome_as_of(D(2018, 8, 31)),
                                  ENDED_IN_2018.outcome_as_of(D(2018, 9, 1)))


def test_a_pathway_occupies_a_slot_from_its_start_until_the_day_before_its_end() -> None:
    assert [False, True, True, False] == [
        ENDED_IN_2018.is_active_on(d)
        for d in (D(2018, 1, 7), D(2018, 1, 8), D(2018, 8, 31), D(2018, 9, 1))
    ]


# -- a pathway's state: properties -------------------------------------------------


@settings(max_examples=50)
@given(pathways(), days)
def test_active_as_of_a_day_means_holding_a_slot_that_day(pathway: Pathway,
                                                          day: dt.date) -> None:
    assert pathway.is_active_on(day) == (pathway.state(as_of=day) is State.ACTIVE)


@settings(max_examples=50)
@given(pathways(), days)
def test_only_an_ended_pathway_has_an_outcome(pathway: Pathway, day: dt.date) -> None:
    """
    Rule 1 as of any date: exactly one outcome once ended, none before.
    """
    ended = pathway.state(as_of=day) is State.ENDED
    assert ended == (pathway.outcome_as_of(day) is not None)


@settings(max_examples=50)
@given(pathways(), days, days)
def test_state_never_goes_back(pathway: Pathway, first: dt.date, second: dt.date) -> None:
    """
    Referred, then active, then ended: an ended pathway is never re-opened (rule 6).
    """
    earlier, later = sorted((first, second))
    assert _ORDER[pathway.state(as_of=earlier)] <= _ORDER[pathway.state(as_of=later)]


@settings(max_examples=50)
@given(st.data())
def test_pathways_drawn_for_a_state_are_in_it_and_known(data: st.DataObject) -> None:
    state = data.draw(st.sampled_from(State))
    pathway = data.draw(pathways(_sa1(), as_of=TYPICAL_AS_OF, states=[state]))
    assert state == pathway.state(as_of=TYPICAL_AS_OF)
    assert pathway.known_as_of(TYPICAL_AS_OF) is not None


# -- what was known as of a date (rule 8) --------------------------------------------


@settings(max_examples=50)
@given(pathways(), days)
def test_known_as_of_holds_no_fact_dated_later(pathway: Pathway, day: dt.date) -> None:
    known = pathway.known_as_of(day)
    if known is None:
        assert pathway.first_date is not None
        assert pathway.first_date > day
    else:
        assert all(d <= day for d in _facts(known))


@settings(max_examples=50)
@given(pathways(), days)
def test_state_as_of_a_day_is_the_same_from_what_was_known_then(pathway: Pathway,
                                                                day: dt.date) -> None:
    known = pathway.known_as_of(day)
    state = pathway.state(as_of=day)
    if known is None:
        assert State.REFERRED == state  # nothing had happened yet
    else:
        assert state == known.state(as_of=day)
        assert pathway.outcome_as_of(day) == known.outcome_as_of(day)


@settings(max_examples=50)
@given(pathways(), days, days)
def test_knowing_less_and_less_is_knowing_as_of_the_earlier_day(pathway: Pathway,
                                                                first: dt.date,
                                                                second: dt.date) -> None:
    earlier, later = sorted((first, second))
    then = pathway.known_as_of(later)
    assert pathway.known_as_of(earlier) == (None if then is None else then.known_as_of(earlier))


@settings(max_examples=50)
@given(pathways())
def test_as_of_a_day_after_every_fact_the_pathway_is_known_in_full(pathway: Pathway) -> None:
    assert pathway == pathway.known_as_of(LAST_DAY)


def test_a_later_outcome_and_plan_are_unknown_before_their_dates() -> None:
    pathway = attrs.evolve(ENDED_IN_2018, plan_date=D(2018, 2, 1), plan_co_created=True,
                           plan_own_goals=False)
    expected = attrs.evolve(ENDED_IN_2018, end_date=None, outcome=None)
    assert expected == pathway.known_as_of(D(2018, 1, 31))


# -- the register as of a date ---------------------------------------------------------


@settings(max_examples=20)
@given(registers(max_pathways=12), days)
def test_register_as_of_a_day_gives_every_pathway_the_same_state(register: Register,
                                                                  day: dt.date) -> None:
    past = register.as_of(day)
    for pathway in register.pathways:
        if past.has_pathway(pathway.pathway_id):
            expected = pathway.state(as_of=day)
            assert expected == past.pathway(pathway.pathway_id).state(as_of=day)
        else:
            assert State.REFERRED == pathway.state(as_of=day)


@settings(max_examples=20)
@given(registers(max_pathways=12), days, days)
def test_facts_dated_after_a_day_change_nothing_as_of_it(register: Register, first: dt.date,
                                                         second: dt.date) -> None:
    """
    The register as of ``later`` holds facts dated after ``earlier``; as of
    ``earlier`` they make no difference.
    """
    earlier, later = sorted((first, second))
    assert register.as_of(earlier) == register.as_of(later).as_of(earlier)


@settings(max_examples=20)
@given(registers(max_pathways=12), days, st.data())
def test_recording_later_facts_changes_nothing_as_of_a_day(register: Register, day: dt.date,
                                                           data: st.DataObject) -> None:
    """
    End every open pathway, refer a new one and add events, all after
    ``day``; end every running employment and hire someone new then too.
    """
    later = data.draw(st.dates(min_value=day + dt.timedelta(days=1),
                               max_value=LAST_DAY + dt.timedelta(days=400)))
    changed = [
        attrs.evolve(p, end_date=later, outcome="jobsoegende")
        if p.start_date is not None and p.end_date is None and p.start_date <= later else p
        for p in register.pathways
    ]
    agreement_id = register.agreements[0].agreement_id
    newcomer = Pathway("NY-1", agreement_id, "NY-1", referred_date=later)
    events = [Event(p.pathway_id, later, EventType.PLAN_REVISED) for p in changed
              if p.start_date is not None and p.start_date <= later
              and (p.end_date is None or later <= p.end_date)]
    hires = [attrs.evolve(e, end_date=later)
             if e.end_date is None and e.start_date <= later else e
             for e in register.employments]
    hires.append(Employment("NY-E1", "NY-1", "Ny virksomhed", "deltid", later, Decimal(20)))
    more = register.replace(pathways=[*changed, newcomer], events=[*register.events, *events],
                            employments=hires)
    assert register.as_of(day) == more.as_of(day)


@settings(max_examples=20)
@given(registers(max_pathways=12), days)
def test_a_valid_register_as_of_any_day_is_valid(register: Register, day: dt.date) -> None:
    assert [] == validate(register.as_of(day))


@settings(max_examples=20)
@given(registers(max_pathways=12))
def test_as_of_the_last_day_the_register_is_whole(register: Register) -> None:
    assert register == register.as_of(LAST_DAY)


# -- lookups and equality ----------------------------------------------------------------


@settings(max_examples=20)
@given(registers(max_pathways=12), st.randoms(use_true_random=False))
def test_registers_with_the_same_facts_in_another_order_are_equal(
        register: Register, rnd: random.Random) -> None:
    def shuffled(items: tuple[object, ...]) -> list[object]:
        items_list = list(items)
        rnd.shuffle(items_list)
        return items_list

    other = Register(shuffled(register.agreements), shuffled(register.pathways),
                     shuffled(register.events), shuffled(register.collaboration),
                     shuffled(register.employments), shuffled(register.employment_events))
    assert register == other
    assert hash(register) == hash(other)


def test_a_register_differs_by_one_fact() -> None:
    register = Register([_sa1()], [ENDED_IN_2018])
    assert register != Register([_sa1()], [attrs.evolve(ENDED_IN_2018, outcome="barsel")])


def test_unknown_ids_are_named_in_the_error() -> None:
    register = Register([_sa1()], [ENDED_IN_2018])
    with pytest.raises(UnknownIdError) as caught:
        register.pathway("P404")
    assert "no pathway with id 'P404'" == str(caught.value)
    with pytest.raises(KeyError, match="no agreement with id 'SA9'"):
        register.agreement("SA9")


def test_events_of_a_pathway_come_in_date_order_keeping_same_day_order() -> None:
    events = [
        Event("P1", D(2018, 3, 1), EventType.FOLLOWUP, code="held", note="b"),
        Event("P1", D(2018, 2, 1), EventType.ATTENDANCE_REPORT),
        Event("P1", D(2018, 3, 1), EventType.FOLLOWUP, code="held", note="a"),
    ]
    register = Register([_sa1()], [ENDED_IN_2018], events)
    assert [events[1], events[0], events[2]] == list(register.events_of("P1"))
    assert () == tuple(register.events_of("P2"))
    assert [events[1]] == list(register.events_of("P1", until=D(2018, 2, 28)))
    assert [] == list(register.events_of("P1", until=D(2018, 1, 31)))


@given(st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]),
                          st.dates(D(2018, 1, 1), D(2018, 1, 9))), max_size=12))
def test_events_of_a_pathway_are_its_events_in_date_order_however_they_are_recorded(
        recorded: list[tuple[str, dt.date]]) -> None:
    # The index takes a run of one pathway's events in one step; interleaved
    # pathways must still end up complete and in (stable) date order.
    events = [Event(pid, day, EventType.FOLLOWUP, note=str(n))
              for n, (pid, day) in enumerate(recorded)]
    register = Register([_sa1()], [], events)
    for pid in ("P1", "P2", "P3"):
        own = [e for e in events if e.pathway_id == pid]
        assert sorted(own, key=lambda e: e.date) == list(register.events_of(pid))


def test_pathways_of_an_agreement_keep_their_recorded_order() -> None:
    second = Pathway("P0", "SA1", "D-2")
    register = Register([_sa1()], [ENDED_IN_2018, second])
    assert [ENDED_IN_2018, second] == list(register.pathways_of("SA1"))


def test_capacity_is_slots_plus_extra_slots() -> None:
    assert 10 == _sa1(slots=8, extra_slots=2).capacity


def test_allowed_and_positive_outcomes_are_terms_of_the_agreement() -> None:
    sa2 = _sa1(allowed_outcomes=("fleksjob", "loentilskud"),
               positive_outcomes=("fleksjob", "loentilskud"))
    assert (True, False) == (sa2.allows("loentilskud"), sa2.allows("barsel"))
    assert (True, False, False) == (sa2.is_progression("loentilskud"),
                                    sa2.is_progression("uddannelse"), sa2.is_progression(None))
    assert _sa1().allows("barsel")
    assert _sa1().is_progression("uddannelse")
