"""
Recording changes one at a time (:mod:`forloeb.recording`): every rule-breaking
change is refused with the right error and rule number, and leaves the
register as it was; accepted changes keep the register valid.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from by_hand import agreement as _sa1
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from forloeb import recording
from forloeb.codes import CANCELLED, OUTCOMES, EventType, State
from forloeb.errors import CapacityError, RuleViolation, UnknownIdError
from forloeb.model import CollaborationNote, Event, Pathway, Register
from forloeb.rules import validate
from forloeb.testing import LAST_DAY, cpr_like_numbers, registers

D = dt.date
DAY = dt.timedelta(days=1)


def _referred(register: Register, pathway_id: str, day: dt.date,
              participant_id: str | None = None) -> Register:
    return recording.refer(register, pathway_id, agreement_id="SA1",
                           participant_id=participant_id or f"D-{pathway_id}", day=day)


def _started(register: Register, pathway_id: str, day: dt.date,
             participant_id: str | None = None) -> Register:
    return recording.start(_referred(register, pathway_id, day - 7 * DAY, participant_id),
                           pathway_id, day=day)


@pytest.fixture
def active() -> Register:
    """
    SA1 (2 slots) with P1 referred on 1 February and started on 8 February 2018.
    """
    return _started(Register([_sa1()]), "P1", D(2018, 2, 8))


@pytest.fixture
def ended(active: Register) -> Register:
    """
    P1 ended on 1 June 2018 with a flexjob.
    """
    return recording.end(active, "P1", day=D(2018, 6, 1), outcome="fleksjob")


def _refused(change: Callable[[], Register], rule: int) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        change()
    assert rule == caught.value.rule, str(caught.value)
    return caught.value


# -- the lifecycle, accepted ------------------------------------------------------


def test_a_pathway_goes_from_referral_through_start_to_one_outcome(ended: Register) -> None:
    pathway = ended.pathway("P1")
    assert (D(2018, 2, 1), D(2018, 2, 8), D(2018, 6, 1), "fleksjob") == (
        pathway.referred_date, pathway.start_date, pathway.end_date, pathway.outcome)
    assert [State.REFERRED, State.ACTIVE, State.ENDED] == [
        pathway.state(as_of=d) for d in (D(2018, 2, 7), D(2018, 5, 31), D(2018, 6, 1))]
    assert [] == validate(ended)


def test_a_referred_pathway_is_cancelled_with_annulleret() -> None:
    register = recording.cancel(_referred(Register([_sa1()]), "P1", D(2018, 2, 1)), "P1",
                                day=D(2018, 2, 10))
    pathway = register.pathway("P1")
    assert (None, D(2018, 2, 10), CANCELLED) == (pathway.start_date, pathway.end_date,
                                                 pathway.outcome)


def test_a_returning_participant_gets_a_new_pathway(ended: Register) -> None:
    register = _started(ended, "P2", D(2018, 6, 1), participant_id="D-P1")
    assert ["D-P1", "D-P1"] == [p.participant_id for p in register.pathways]
    assert [] == validate(register)


def test_an_extension_is_recorded_as_an_event_of_its_weeks(active: Register) -> None:
    register = recording.extend(active, "P1", day=D(2018, 5, 1), weeks=13)
    assert [Event("P1", D(2018, 5, 1), EventType.EXTENSION, value=13)] == list(
        register.events_of("P1"))


def test_a_delivery_at_referral_may_come_before_the_start() -> None:
    register = _referred(Register([_sa1()]), "P1", D(2018, 2, 1))
    delivery = Event("P1", D(2018, 2, 1), EventType.DELIVERY, code="rehab_description")
    register = recording.start(recording.record_event(register, delivery), "P1", day=D(2018, 2, 8))
    assert [delivery] == list(register.events_of("P1"))


def test_a_collaboration_note_is_added(active: Register) -> None:
    note = CollaborationNote("SA1", D(2018, 3, 1), author="jobcenter", rating=4, note="Godt")
    assert (note,) == recording.add_note(active, note).collaboration


# -- refused: each rule -----------------------------------------------------------------


def test_an_end_before_the_start_is_refused_under_rule_2(active: Register) -> None:
    error = _refused(lambda: recording.end(active, "P1", day=D(2018, 2, 7), outcome="fleksjob"), 2)
    assert "pathway P1: end_date 2018-02-07 is before start_date 2018-02-08" in str(error)


def test_a_start_before_the_referral_is_refused_under_rule_2() -> None:
    register = _referred(Register([_sa1()]), "P1", D(2018, 2, 1))
    error = _refused(lambda: recording.start(register, "P1", day=D(2018, 1, 31)), 2)
    assert "start_date 2018-01-31 is before referred_date 2018-02-01" in str(error)


def test_ending_twice_is_refused_under_rule_1(ended: Register) -> None:
    error = _refused(lambda: recording.end(ended, "P1", day=D(2018, 7, 1), outcome="barsel"), 1)
    assert ("pathway P1: already ended on 2018-06-01 with outcome 'fleksjob'; it has exactly "
            "one outcome (rule 1)") == str(error)


@pytest.mark.parametrize("outcome", ["lottogevinst", "Fleksjob", ""])
def test_an_unknown_outcome_is_refused_under_rule_3(active: Register, outcome: str) -> None:
    error = _refused(lambda: recording.end(active, "P1", day=D(2018, 6, 1), outcome=outcome), 3)
    assert f"{outcome!r} is not a known outcome code (rule 3)" in str(error)


def test_an_outcome_the_agreement_does_not_allow_is_refused_under_rule_3() -> None:
    register = _started(Register([_sa1(allowed_outcomes=("fleksjob",))]), "P1", D(2018, 2, 8))
    error = _refused(lambda: recording.end(register, "P1", day=D(2018, 6, 1), outcome="barsel"), 3)
    assert "outcome 'barsel' is not allowed by agreement SA1 (rule 3)" in str(error)


def test_ending_a_pathway_that_never_started_is_refused_under_rule_3() -> None:
    register = _referred(Register([_sa1()]), "P1", D(2018, 2, 1))
    error = _refused(lambda: recording.end(register, "P1", day=D(2018, 3, 1),
                                           outcome="fleksjob"), 3)
    assert "has not started, so it can only be cancelled" in str(error)


def test_cancelling_an_active_pathway_is_refused_under_rule_3(active: Register) -> None:
    error = _refused(lambda: recording.cancel(active, "P1", day=D(2018, 3, 1)), 3)
    assert "started on 2018-02-08, so it cannot be cancelled" in str(error)


def test_ending_an_active_pathway_with_annulleret_is_refused_under_rule_3(
        active: Register) -> None:
    _refused(lambda: recording.end(active, "P1", day=D(2018, 3, 1), outcome=CANCELLED), 3)


def test_an_event_before_the_start_is_refused_under_rule_4(active: Register) -> None:
    event = Event("P1", D(2018, 2, 7), EventType.FOLLOWUP, code="held")
    error = _refused(lambda: recording.record_event(active, event), 4)
    assert "pathway P1: dated before the start on 2018-02-08 (rule 4)" == str(error)


def test_an_event_after_the_end_is_refused_under_rule_4(ended: Register) -> None:
    event = Event("P1", D(2018, 6, 2), EventType.ATTENDANCE_REPORT)
    error = _refused(lambda: recording.record_event(ended, event), 4)
    assert "dated after the end on 2018-06-01 (rule 4)" in str(error)


def test_an_end_before_recorded_events_is_refused_under_rule_4(active: Register) -> None:
    register = recording.record_event(active, Event("P1", D(2018, 5, 1), EventType.FOLLOWUP,
                                                    code="held"))
    _refused(lambda: recording.end(register, "P1", day=D(2018, 4, 30), outcome="fleksjob"), 4)


def test_an_extension_after_the_end_is_refused_under_rule_5(ended: Register) -> None:
    error = _refused(lambda: recording.extend(ended, "P1", day=D(2018, 6, 1), weeks=4), 5)
    assert ("pathway P1: an extension is recorded while the pathway is active, and on "
            "2018-06-01 it is ended (rule 5)") == str(error)


def test_an_extension_before_the_start_is_refused_under_rule_5(active: Register) -> None:
    _refused(lambda: recording.extend(active, "P1", day=D(2018, 2, 7), weeks=4), 5)


@pytest.mark.parametrize("weeks", [0, -3])
def test_an_extension_that_does_not_move_the_end_later_is_refused_under_rule_5(
        active: Register, weeks: int) -> None:
    _refused(lambda: recording.extend(active, "P1", day=D(2018, 5, 1), weeks=weeks), 5)


def test_an_end_on_the_day_of_an_extension_is_refused_under_rule_5(active: Register) -> None:
    register = recording.extend(active, "P1", day=D(2018, 5, 1), weeks=4)
    _refused(lambda: recording.end(register, "P1", day=D(2018, 5, 1), outcome="fleksjob"), 5)


@pytest.mark.parametrize("change", ["start", "end", "cancel", "extend"])
def test_an_ended_pathway_is_never_reopened(ended: Register, change: str) -> None:
    day = D(2018, 7, 1)
    attempts: dict[str, tuple[Callable[[], Register], set[int]]] = {
        "start": (lambda: recording.start(ended, "P1", day=day), {6}),
        "end": (lambda: recording.end(ended, "P1", day=day, outcome="barsel"), {1}),
        "cancel": (lambda: recording.cancel(ended, "P1", day=day), {1}),
        "extend": (lambda: recording.extend(ended, "P1", day=day, weeks=4), {5}),
    }
    attempt, rules = attempts[change]
    with pytest.raises(RuleViolation) as caught:
        attempt()
    assert caught.value.rule in rules


def test_restarting_an_ended_pathway_says_a_returning_participant_gets_a_new_one(
        ended: Register) -> None:
    error = _refused(lambda: recording.start(ended, "P1", day=D(2018, 7, 1)), 6)
    assert ("pathway P1: ended on 2018-06-01 with outcome 'fleksjob'; an ended pathway is "
            "never re-opened, a returning participant gets a new pathway (rule 6)") == str(error)


def test_a_second_start_is_refused_under_rule_6(active: Register) -> None:
    error = _refused(lambda: recording.start(active, "P1", day=D(2018, 3, 1)), 6)
    assert "already started on 2018-02-08" in str(error)


def test_a_reused_pathway_id_is_refused_under_rule_6(ended: Register) -> None:
    error = _refused(lambda: _referred(ended, "P1", D(2018, 7, 1)), 6)
    assert "pathway P1: the id is already used" in str(error)


def test_a_participant_in_an_active_pathway_cannot_start_another_under_rule_6(
        active: Register) -> None:
    register = _referred(active, "P2", D(2018, 3, 1), participant_id="D-P1")
    error = _refused(lambda: recording.start(register, "P2", day=D(2018, 3, 5)), 6)
    assert ("pathway P2: participant D-P1 is already in pathway P1 of agreement SA1 at that "
            "time") in str(error)


def test_a_start_beyond_capacity_is_refused_naming_the_date_and_the_count(
        active: Register) -> None:
    register = _started(active, "P2", D(2018, 2, 9))
    register = _referred(register, "P3", D(2018, 3, 1))
    with pytest.raises(CapacityError) as caught:
        recording.start(register, "P3", day=D(2018, 3, 5))
    assert (7, "P3") == (caught.value.rule, caught.value.pathway_id)
    assert ("pathway P3: starting on 2018-03-05 would make 3 pathways active on agreement SA1, "
            "which has 2 slots + 0 extra (rule 7)") == str(caught.value)


def test_a_back_dated_start_that_fills_a_later_start_slot_is_refused_naming_the_start(
        ) -> None:
    register = _started(Register([_sa1(slots=1)]), "P1", D(2018, 3, 1))
    register = _referred(register, "P2", D(2018, 1, 10))
    with pytest.raises(CapacityError) as caught:
        recording.start(register, "P2", day=D(2018, 2, 1))
    message = str(caught.value)
    assert message.startswith("pathway P2: starting on 2018-02-01 ")
    assert "starting on 2018-03-01 would make 2 pathways active" in message


def test_the_extra_slots_may_be_used() -> None:
    register = Register([_sa1(slots=1, extra_slots=1)])
    register = _started(_started(register, "P1", D(2018, 2, 1)), "P2", D(2018, 2, 2))
    assert 2 == sum(p.is_active_on(D(2018, 2, 2)) for p in register.pathways)


def test_a_cpr_number_as_participant_id_is_refused() -> None:
    error = _refused(lambda: _referred(Register([_sa1()]), "P1", D(2018, 2, 1),
                                       participant_id="300618-1234"), 0)
    assert "pathway P1: participant_id looks like a CPR number" in str(error)
    assert "300618" not in str(error)


def test_an_unknown_target_group_is_refused() -> None:
    error = _refused(lambda: recording.refer(Register([_sa1()]), "P1",
                                             agreement_id="SA1", participant_id="D-1",
                                             day=D(2018, 2, 1), target_group="pensionist"), 0)
    assert "pathway P1: 'pensionist' is not a known target group" in str(error)


@pytest.mark.parametrize(("pathway_id", "participant_id"), [("", "D-1"), ("P1", "")])
def test_empty_ids_are_refused(pathway_id: str, participant_id: str) -> None:
    _refused(lambda: recording.refer(Register([_sa1()]), pathway_id,
                                     agreement_id="SA1", participant_id=participant_id,
                                     day=D(2018, 2, 1)), 0)


def test_unknown_ids_are_refused_naming_them(active: Register) -> None:
    with pytest.raises(UnknownIdError, match="no agreement with id 'SA9'"):
        recording.refer(active, "P9", agreement_id="SA9", participant_id="D-9",
                        day=D(2018, 2, 1))
    with pytest.raises(UnknownIdError, match="no pathway with id 'P9'"):
        recording.start(active, "P9", day=D(2018, 2, 1))
    with pytest.raises(UnknownIdError, match="no pathway with id 'P9'"):
        recording.record_event(active, Event("P9", D(2018, 2, 1), EventType.PLAN_REVISED))


def test_a_note_rating_outside_1_to_5_is_refused(active: Register) -> None:
    _refused(lambda: recording.add_note(active, CollaborationNote("SA1", D(2018, 3, 1),
                                                                  rating=6)), 0)


# -- properties over generated registers ---------------------------------------------------


def _open(register: Register) -> list[Pathway]:
    return [p for p in register.pathways if p.start_date is not None and p.end_date is None]


def _closed(register: Register) -> list[Pathway]:
    return [p for p in register.pathways if p.start_date is not None and p.end_date is not None]


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_any_end_before_the_start_is_refused(register: Register, data: st.DataObject) -> None:
    assume(_open(register))
    pathway = data.draw(st.sampled_from(_open(register)))
    assert pathway.start_date is not None
    day = pathway.start_date - data.draw(st.integers(1, 400)) * DAY
    outcome = data.draw(st.sampled_from(tuple(OUTCOMES)))
    with pytest.raises(RuleViolation) as caught:
        recording.end(register, pathway.pathway_id, day=day, outcome=outcome)
    assert caught.value.rule in {2, 3}


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_any_change_to_an_ended_pathway_is_refused(register: Register,
                                                   data: st.DataObject) -> None:
    ended = [p for p in register.pathways if p.end_date is not None]
    assume(ended)
    pathway = data.draw(st.sampled_from(ended))
    assert pathway.end_date is not None
    day = pathway.end_date + data.draw(st.integers(0, 400)) * DAY
    attempts = {
        "start": (lambda: recording.start(register, pathway.pathway_id, day=day), {6}),
        "end": (lambda: recording.end(register, pathway.pathway_id, day=day,
                                      outcome="barsel"), {1}),
        "cancel": (lambda: recording.cancel(register, pathway.pathway_id, day=day), {1}),
        "extend": (lambda: recording.extend(register, pathway.pathway_id, day=day, weeks=4), {5}),
    }
    attempt, rules = attempts[data.draw(st.sampled_from(sorted(attempts)))]
    with pytest.raises(RuleViolation) as caught:
        attempt()
    assert caught.value.rule in rules


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_any_event_outside_a_pathway_is_refused(register: Register,
                                                data: st.DataObject) -> None:
    started = [p for p in register.pathways if p.start_date is not None]
    assume(started)
    pathway = data.draw(st.sampled_from(started))
    assert pathway.start_date is not None
    kind = data.draw(st.sampled_from([EventType.FOLLOWUP, EventType.PLAN_REVISED,
                                      EventType.ATTENDANCE_REPORT, EventType.MEETING_REQUEST]))
    if pathway.end_date is not None and data.draw(st.booleans()):
        day = pathway.end_date + data.draw(st.integers(1, 400)) * DAY
    else:
        day = pathway.start_date - data.draw(st.integers(1, 400)) * DAY
    code = "held" if kind is EventType.FOLLOWUP else None
    with pytest.raises(RuleViolation) as caught:
        recording.record_event(register, Event(pathway.pathway_id, day, kind, code=code))
    assert 4 == caught.value.rule


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_starts_beyond_capacity_are_refused_naming_the_date_and_count(
        register: Register, data: st.DataObject) -> None:
    """
    After every recorded fact, start new pathways on one agreement until it
    is full: exactly the free slots are accepted, the next start is refused.
    """
    agreement = data.draw(st.sampled_from(register.agreements))
    day = LAST_DAY + data.draw(st.integers(1, 30)) * DAY
    taken = sum(1 for p in _open(register) if p.agreement_id == agreement.agreement_id)
    for n in range(agreement.capacity - taken):
        register = recording.refer(register, f"NY{n}",
                                   agreement_id=agreement.agreement_id,
                                   participant_id=f"NY-{n}", day=day)
        register = recording.start(register, f"NY{n}", day=day)
    register = recording.refer(register, "NYX", agreement_id=agreement.agreement_id,
                               participant_id="NY-X", day=day)
    with pytest.raises(CapacityError) as caught:
        recording.start(register, "NYX", day=day)
    message = str(caught.value)
    assert f"starting on {day}" in message
    assert f"{agreement.capacity + 1} pathways active" in message
    assert [] == validate(register)


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_a_refused_change_leaves_the_register_as_it_was(register: Register,
                                                        data: st.DataObject) -> None:
    assume(register.pathways)
    before = register.replace()
    pathway = data.draw(st.sampled_from(register.pathways))
    outcome = data.draw(st.sampled_from(("lottogevinst", CANCELLED)))
    with contextlib.suppress(RuleViolation):
        recording.end(register, pathway.pathway_id, day=LAST_DAY + DAY, outcome=outcome)
    assert before == register
    assert (before.pathways, before.events) == (register.pathways, register.events)


@settings(max_examples=25)
@given(registers(max_pathways=12), st.data())
def test_accepted_changes_keep_the_register_valid(register: Register,
                                                  data: st.DataObject) -> None:
    """
    Ending an open pathway after everything recorded, with an allowed
    outcome, is accepted and the result passes validation. (After, not on:
    an extension recorded on the last generated day is dated while the
    pathway runs only if the end is later, rule 5.)
    """
    assume(_open(register))
    pathway = data.draw(st.sampled_from(_open(register)))
    agreement = register.agreement(pathway.agreement_id)
    outcomes = [c for c in (agreement.allowed_outcomes or OUTCOMES) if c != CANCELLED]
    day = LAST_DAY + data.draw(st.integers(1, 30)) * DAY
    changed = recording.end(register, pathway.pathway_id, day=day,
                            outcome=data.draw(st.sampled_from(outcomes)))
    assert [] == validate(changed)
    assert attrs.evolve(changed.pathway(pathway.pathway_id), end_date=None,
                        outcome=None) == pathway


@given(cpr_like_numbers())
def test_every_cpr_like_participant_id_is_refused(value: str) -> None:
    with pytest.raises(RuleViolation):
        _referred(Register([_sa1()]), "P1", D(2018, 2, 1), participant_id=value)


@pytest.mark.parametrize("column", ["pathway_id", "participant_id", "agreement_id"])
@pytest.mark.parametrize("value", ["106181234", "3006181234.0", "300618:1234"])
def test_a_cpr_like_id_given_to_refer_is_refused_without_repeating_it(
        column: str, value: str) -> None:
    ids = {"pathway_id": "P1", "participant_id": "D-1", "agreement_id": "SA1", column: value}
    with pytest.raises((RuleViolation, UnknownIdError)) as raised:
        recording.refer(Register([_sa1()]), ids["pathway_id"], agreement_id=ids["agreement_id"],
                        participant_id=ids["participant_id"], day=D(2018, 2, 1))
    error = raised.value
    shown = str(error) + repr(error.args) + str(getattr(error, "pathway_id", ""))
    assert value not in shown
    assert "10618" not in shown
    assert "[a CPR-like value, not shown]" in shown or "looks like a CPR number" in shown
