"""
Every date boundary of a pathway's state, of the register as of a date and
of the rules (docs/user-guide.md, docs/questions.md, docs/register-format.md),
one table each: the fact the day before the boundary, on it and the day
after, and the outcome of each.

The pathway is referred on 2 January 2018, starts on Monday 8 January and
ends on 1 September 2018.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from around import SHIFT_AND_EXPECTED, around, shifted

from forloeb import recording
from forloeb.codes import EventType, State
from forloeb.errors import RuleViolation
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.privacy import contains_cpr, looks_like_cpr
from forloeb.rules import pathways_overlap, validate

D = dt.date
REFERRED, START, END = D(2018, 1, 2), D(2018, 1, 8), D(2018, 9, 1)
P1 = Pathway("P1", "SA1", "D-001", referred_date=REFERRED, start_date=START, end_date=END,
             outcome="fleksjob")


def agreement(**terms: object) -> Agreement:
    values: dict[str, object] = {"start_date": D(2016, 1, 1), "slots": 1,
                                 "plan_deadline_weeks": 4, "frame_weeks": 52}
    values.update(terms)
    return Agreement("SA1", **values)  # type: ignore[arg-type]


def broken_rules(pathways: list[Pathway], events: list[Event] = (),  # type: ignore[assignment]
                 **terms: object) -> list[int]:
    """
    The numbers of the rules the register breaks, in the order reported.
    """
    return [v.rule for v in validate(Register([agreement(**terms)], pathways, events))]


# -- a pathway's state ---------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the start", State.REFERRED, State.ACTIVE, State.ACTIVE))
def test_a_pathway_is_active_as_of_its_start_day(shift: int, expected: State) -> None:
    assert expected == P1.state(as_of=shifted(START, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the end", State.ACTIVE, State.ENDED, State.ENDED))
def test_a_pathway_has_ended_as_of_its_end_day(shift: int, expected: State) -> None:
    assert expected == P1.state(as_of=shifted(END, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the start", False, True, True))
def test_a_pathway_holds_its_slot_from_its_start_day(shift: int, expected: bool) -> None:
    assert expected == P1.is_active_on(shifted(START, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end", True, False, False))
def test_a_pathway_frees_its_slot_on_its_end_day(shift: int, expected: bool) -> None:
    assert expected == P1.is_active_on(shifted(END, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end", None, "fleksjob", "fleksjob"))
def test_the_outcome_exists_from_the_end_day(shift: int, expected: str | None) -> None:
    assert expected == P1.outcome_as_of(shifted(END, shift))


# -- the register as of D keeps every fact dated on D ------------------------------------


FACTS = Register(
    [agreement()],
    [P1],
    [Event("P1", D(2018, 3, 1), EventType.FOLLOWUP, "held")],
    [CollaborationNote("SA1", D(2018, 3, 1), "jobcenter", 4)],
)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the referral", [], ["P1"], ["P1"]))
def test_the_register_as_of_a_day_holds_the_pathways_referred_by_then(
        shift: int, expected: list[str]) -> None:
    assert expected == [p.pathway_id for p in FACTS.as_of(shifted(REFERRED, shift)).pathways]


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the end", (None, None), (END, "fleksjob"), (END, "fleksjob")))
def test_the_register_as_of_a_day_holds_an_end_and_outcome_dated_by_then(
        shift: int, expected: tuple[dt.date | None, str | None]) -> None:
    known = FACTS.as_of(shifted(END, shift)).pathway("P1")
    assert expected == (known.end_date, known.outcome)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the event", 0, 1, 1))
def test_the_register_as_of_a_day_holds_the_events_dated_by_then(shift: int,
                                                                  expected: int) -> None:
    day = shifted(D(2018, 3, 1), shift)
    past = FACTS.as_of(day)
    assert (expected, expected, expected) == (
        len(past.events), len(past.events_of("P1")), len(FACTS.events_of("P1", until=day)))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the note", 0, 1, 1))
def test_the_register_as_of_a_day_holds_the_collaboration_notes_dated_by_then(
        shift: int, expected: int) -> None:
    past = FACTS.as_of(shifted(D(2018, 3, 1), shift))
    assert (expected, expected) == (len(past.collaboration), len(past.notes_of("SA1")))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the plan date", None, START, START))
def test_the_register_as_of_a_day_holds_a_plan_made_by_then(
        shift: int, expected: dt.date | None) -> None:
    planned = Register(FACTS.agreements, [attrs.evolve(P1, plan_date=START)])
    assert expected == planned.as_of(shifted(START, shift)).pathway("P1").plan_date


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around(
    "the agreement's start", [], ["SA1"], ["SA1"]))
def test_the_register_as_of_a_day_holds_the_agreements_started_by_then(
        shift: int, expected: list[str]) -> None:
    begins = D(2018, 1, 1)
    register = Register([agreement(start_date=begins)])
    assert expected == [a.agreement_id for a in register.as_of(shifted(begins, shift)).agreements]


# -- the rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the agreement's start", [0], [], []))
def test_an_agreement_may_end_on_the_day_it_starts(shift: int, expected: list[int]) -> None:
    begins = D(2018, 1, 1)
    assert expected == broken_rules([], start_date=begins, end_date=shifted(begins, shift))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the referral", [2], [], []))
def test_rule_2_a_pathway_starts_on_or_after_its_referral(shift: int,
                                                          expected: list[int]) -> None:
    assert expected == broken_rules([attrs.evolve(P1, start_date=shifted(REFERRED, shift))])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the start", [2], [], []))
def test_rule_2_a_pathway_ends_on_or_after_its_start(shift: int, expected: list[int]) -> None:
    assert expected == broken_rules([attrs.evolve(P1, end_date=shifted(START, shift))])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the start", [4], [], []))
def test_rule_4_an_event_lies_on_or_after_the_start(shift: int, expected: list[int]) -> None:
    held = Event("P1", shifted(START, shift), EventType.FOLLOWUP, "held")
    assert expected == broken_rules([P1], [held])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end", [], [], [4]))
def test_rule_4_an_event_lies_on_or_before_the_end(shift: int, expected: list[int]) -> None:
    held = Event("P1", shifted(END, shift), EventType.FOLLOWUP, "held")
    assert expected == broken_rules([P1], [held])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the referral", [4], [], []))
def test_rule_4_a_delivery_at_referral_may_precede_the_start_but_not_the_referral(
        shift: int, expected: list[int]) -> None:
    handed = Event("P1", shifted(REFERRED, shift), EventType.DELIVERY, "rehab_description")
    assert expected == broken_rules([P1], [handed])


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end", [], [5], [5]))
def test_rule_5_an_extension_is_recorded_before_the_end_day(shift: int,
                                                            expected: list[int]) -> None:
    extended = Event("P1", shifted(END, shift), EventType.EXTENSION, value=13)
    assert expected == broken_rules([P1], [extended])


def returning(start: dt.date) -> Pathway:
    """
    The participant of P1 back in a new pathway from ``start``.
    """
    return Pathway("P2", "SA1", "D-001", referred_date=REFERRED, start_date=start)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end of the first", [6], [], []))
def test_rule_6_a_returning_participant_starts_again_on_or_after_the_old_end(
        shift: int, expected: list[int]) -> None:
    assert expected == broken_rules([P1, returning(shifted(END, shift))], slots=2)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end of the first", True, False, False))
def test_two_pathways_overlap_when_one_starts_before_the_other_ends_either_way_round(
        shift: int, expected: bool) -> None:
    second = returning(shifted(END, shift))
    assert (expected, expected) == (pathways_overlap(P1, second), pathways_overlap(second, P1))


@pytest.mark.parametrize("first", [
    pytest.param(Pathway("P1", "SA1", "D-001", start_date=START), id="an open-ended pathway"),
    pytest.param(Pathway("P1", "SA1", "D-001", start_date=START, end_date=START,
                         outcome="fleksjob"), id="a pathway ended the day it started"),
    pytest.param(Pathway("P1", "SA1", "D-001", referred_date=START), id="a pathway not started"),
])
@pytest.mark.parametrize("day", [shifted(START, -1), START, shifted(START, 1)],
                         ids=["the day before", "the same day", "the day after"])
def test_whether_two_pathways_overlap_does_not_depend_on_their_order(
        first: Pathway, day: dt.date) -> None:
    second = Pathway("P2", "SA1", "D-001", start_date=day)
    assert pathways_overlap(first, second) == pathways_overlap(second, first)


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("the end of the first", [7], [], []))
def test_rule_7_a_slot_is_free_for_a_new_start_on_the_day_a_pathway_ends(
        shift: int, expected: list[int]) -> None:
    other = Pathway("P2", "SA1", "D-002", start_date=shifted(END, shift))
    assert expected == broken_rules([P1, other], slots=1)


# -- CPR numbers born around 29 February 2000 -------------------------------------------


@pytest.mark.parametrize("serial", ["1234", "4123", "9999"],
                         ids=["a 1900s serial", "a 2000s serial", "a 1800s serial"])
@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("29 February 2000", True, True, True))
def test_a_cpr_number_born_around_29_february_2000_is_refused_whatever_its_serial(
        serial: str, shift: int, expected: bool) -> None:
    born = shifted(D(2000, 2, 29), shift)
    number = f"{born:%d%m%y}{serial}"
    assert (expected, expected, expected) == (
        looks_like_cpr(number), looks_like_cpr(f"{number[:6]}-{number[6:]}"),
        contains_cpr(f"født {number[:6]}-{number[6:]}"))


@pytest.mark.parametrize(("ddmmyy", "expected"), [
    pytest.param("290200", True, id="29 February 2000, a leap day"),
    pytest.param("290201", False, id="29 February 2001, no day"),
    pytest.param("290204", True, id="29 February 2004, a leap day"),
    pytest.param("300200", False, id="30 February, no day in any century"),
])
def test_ten_digits_look_like_a_cpr_number_when_they_start_with_a_day_of_some_century(
        ddmmyy: str, expected: bool) -> None:
    """
    Without a separator, ten digits are only a CPR number if they start with
    a date: 29 February is one in 2000 though not in 1900.
    """
    assert (expected, expected) == (looks_like_cpr(f"{ddmmyy}0000"),
                                    contains_cpr(f"nr. {ddmmyy}0000"))


# -- collaboration notes ----------------------------------------------------------------------


@pytest.mark.parametrize(("rating", "expected"), [
    pytest.param(0, [("rating", "rating 0 is not between 1 and 5")], id="0, below the scale"),
    pytest.param(1, [], id="1, the lowest"),
    pytest.param(5, [], id="5, the highest"),
    pytest.param(6, [("rating", "rating 6 is not between 1 and 5")], id="6, above the scale"),
])
def test_a_collaboration_rating_lies_from_1_to_5_both_included(
        rating: int, expected: list[tuple[str, str]]) -> None:
    note = CollaborationNote("SA1", D(2018, 3, 1), "jobcenter", rating)
    register = Register([agreement()], collaboration=[note])
    found = [(v.column, v.message.split(": ", 1)[1]) for v in validate(register)]
    refused = []
    try:
        recording.add_note(Register([agreement()]), note)
    except RuleViolation as error:
        refused.append(str(error))
    assert (expected, len(expected)) == (found, len(refused))


@pytest.mark.parametrize(SHIFT_AND_EXPECTED, around("1 January 1990", ["date"], [], []))
def test_a_collaboration_note_is_dated_from_1_january_1990(shift: int,
                                                          expected: list[str]) -> None:
    note = CollaborationNote("SA1", shifted(D(1990, 1, 1), shift), "jobcenter", 4)
    register = Register([agreement(start_date=D(1989, 1, 1))], collaboration=[note])
    assert expected == [v.column for v in validate(register)
                        if v.table == "collaboration"]
