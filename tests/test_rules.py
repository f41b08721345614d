"""
The outcome-state rules of domain.md section 3, checked over whole registers.

Properties: every generated register is valid, and every kind of deliberate
break gives exactly one violation with the right rule, table and column.
Examples: the exact message of each rule, naming the pathway, the rule and
the dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from by_hand import agreement as _agreement
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forloeb.codes import EVENT_CODES, EVENT_VALUES, EventType, ValueUse
from forloeb.errors import RegisterError
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.rules import (
    _events_certainly_valid,
    _EventTerms,
    capacity_violations,
    ensure_valid,
    event_rule_breaks,
    looks_like_cpr,
    pathways_overlap,
    to_problems,
    validate,
)
from forloeb.testing import cpr_like_numbers, participant_ids, registers
from forloeb.testing.broken import BREAK_KINDS, broken_registers

D = dt.date


def _messages(register: Register) -> list[str]:
    return [v.message for v in validate(register)]


# -- properties ---------------------------------------------------------------


@settings(max_examples=50)
@given(registers())
def test_generated_registers_break_no_rule(register: Register) -> None:
    assert [] == validate(register)


@pytest.mark.parametrize("kind", BREAK_KINDS)
@settings(max_examples=5)
@given(data=st.data())
def test_each_kind_of_break_gives_exactly_one_violation(kind: str, data: st.DataObject) -> None:
    """
    The break shows as one violation, of its rule, in its table and column,
    and the message names the pathway (or employment) and (for a numbered
    rule) the rule.
    """
    broken = data.draw(broken_registers([kind], max_pathways=5))
    violations = validate(broken.register)
    assert [(broken.rule, broken.table, broken.column)] == [
        (v.rule, v.table, v.column) for v in violations
    ]
    assert broken.names in violations[0].message
    if broken.rule:
        assert f"(rule {broken.rule}" in violations[0].message


@given(cpr_like_numbers())
def test_cpr_numbers_are_recognised(value: str) -> None:
    assert looks_like_cpr(value)


@given(participant_ids())
def test_generated_pseudonyms_never_look_like_cpr_numbers(value: str) -> None:
    assert not looks_like_cpr(value)


@given(st.dates(min_value=D(1930, 1, 1), max_value=D(2009, 12, 31)), st.integers(0, 9999))
def test_ten_digits_starting_with_a_birth_date_look_like_cpr(born: dt.date, serial: int) -> None:
    assert looks_like_cpr(f"{born:%d%m%y}{serial:04d}")


# -- CPR-like values: examples --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("300618-1234", True),
        ("3006181234", True),
        ("290200-1234", True),  # 29 February 2000
        ("2902011234", False),  # no 29 February in 2001 (or 1901)
        ("3102001234", False),  # no 31 February
        ("999999-1234", True),  # with the dash it is CPR-shaped whatever the date
        ("D-0042", False),
        ("30061812345", False),  # eleven digits
        ("", False),
    ],
)
def test_cpr_like_values(value: str, expected: bool) -> None:
    assert expected == looks_like_cpr(value)


def test_a_cpr_like_participant_id_is_refused_without_repeating_it() -> None:
    register = Register([_agreement()], [Pathway("P1", "SA1", "300618-1234")])
    [message] = _messages(register)
    assert "pathway P1: participant_id looks like a CPR number" in message
    assert "300618" not in message


# -- each rule's message --------------------------------------------------------


def test_outcome_on_a_pathway_without_an_end_breaks_rule_1() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), outcome="fleksjob"),
    ])
    expected = ["pathway P1: has outcome 'fleksjob' but no end_date "
                "(rule 1: only an ended pathway has an outcome)"]
    assert expected == _messages(register)


def test_end_without_outcome_breaks_rule_1_and_names_the_end_date() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 5, 1)),
    ])
    expected = ["pathway P1: ended on 2018-05-01 but has no outcome "
                "(rule 1: an ended pathway has exactly one outcome)"]
    assert expected == _messages(register)


def test_end_before_start_breaks_rule_2_and_names_both_dates() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 3, 1), end_date=D(2018, 2, 1),
                outcome="fleksjob"),
    ])
    expected = ["pathway P1: end_date 2018-02-01 is before start_date 2018-03-01 "
                "(rule 2: referred <= start <= end)"]
    assert expected == _messages(register)


def test_start_before_referral_breaks_rule_2() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", referred_date=D(2018, 3, 2), start_date=D(2018, 3, 1)),
    ])
    expected = ["pathway P1: start_date 2018-03-01 is before referred_date 2018-03-02 "
                "(rule 2: referred <= start <= end)"]
    assert expected == _messages(register)


def test_referral_start_and_end_on_one_day_are_in_order() -> None:
    day = D(2018, 3, 1)
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", referred_date=day, start_date=day, end_date=day,
                outcome="jobsoegende"),
    ])
    assert [] == validate(register)


def test_unknown_outcome_breaks_rule_3() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 5, 1),
                outcome="lottogevinst"),
    ])
    assert ["pathway P1: 'lottogevinst' is not a known outcome code (rule 3)"] == _messages(
        register)


def test_outcome_the_agreement_does_not_allow_breaks_rule_3() -> None:
    register = Register([_agreement(allowed_outcomes=("fleksjob",))], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 5, 1),
                outcome="barsel"),
    ])
    expected = ["pathway P1: outcome 'barsel' is not allowed by agreement SA1 (rule 3)"]
    assert expected == _messages(register)


def test_cancelled_after_the_start_breaks_rule_3_and_names_the_start() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 5, 1),
                outcome="annulleret"),
    ])
    expected = ["pathway P1: outcome 'annulleret' is for a pathway cancelled before it "
                "started, but it started on 2018-02-01 (rule 3)"]
    assert expected == _messages(register)


def test_cancelled_before_the_start_is_valid() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", referred_date=D(2018, 2, 1), end_date=D(2018, 2, 20),
                outcome="annulleret"),
    ])
    assert [] == validate(register)


def test_event_before_the_start_breaks_rule_4_and_names_both_dates() -> None:
    register = Register(
        [_agreement()],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1))],
        [Event("P1", D(2018, 1, 25), EventType.FOLLOWUP, code="held")],
    )
    expected = ["pathway P1, followup on 2018-01-25: dated before the start on 2018-02-01 "
                "(rule 4)"]
    assert expected == _messages(register)


def test_event_after_the_end_breaks_rule_4() -> None:
    register = Register(
        [_agreement()],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 4, 1),
                 outcome="fleksjob")],
        [Event("P1", D(2018, 4, 2), EventType.ATTENDANCE_REPORT)],
    )
    expected = ["pathway P1, attendance_report on 2018-04-02: dated after the end on "
                "2018-04-01 (rule 4)"]
    assert expected == _messages(register)


def test_delivery_at_referral_may_precede_the_start_but_not_the_referral() -> None:
    pathway = Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 10),
                      start_date=D(2018, 2, 1))
    at_referral = Event("P1", D(2018, 1, 10), EventType.DELIVERY, code="rehab_description")
    too_early = Event("P1", D(2018, 1, 9), EventType.DELIVERY, code="rehab_description")
    assert [] == validate(Register([_agreement()], [pathway], [at_referral]))
    expected = ["pathway P1, delivery on 2018-01-09: dated before the referral on 2018-01-10 "
                "(rule 4)"]
    assert expected == _messages(Register([_agreement()], [pathway], [too_early]))


def test_extension_after_the_end_breaks_rule_5() -> None:
    register = Register(
        [_agreement()],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 4, 1),
                 outcome="fleksjob")],
        [Event("P1", D(2018, 4, 1), EventType.EXTENSION, value=8)],
    )
    expected = ["pathway P1, extension on 2018-04-01: an extension must be recorded while the "
                "pathway is active, but it ended on 2018-04-01 (rule 5)"]
    assert expected == _messages(register)


def test_extension_that_moves_the_end_earlier_breaks_rule_5() -> None:
    register = Register(
        [_agreement()],
        [Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1))],
        [Event("P1", D(2018, 3, 1), EventType.EXTENSION, value=-2)],
    )
    [violation] = validate(register)
    assert 5 == violation.rule
    assert ("pathway P1, extension on 2018-03-01: value -2 is below 1; an extension moves "
            "the planned end later, never earlier (rule 5)") == violation.message


def test_overlapping_pathways_of_one_participant_break_rule_6() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1)),
        Pathway("P2", "SA1", "D-1", start_date=D(2018, 3, 1)),
    ])
    expected = ["pathway P2: starts on 2018-03-01 while the same participant's pathway P1 "
                "(started 2018-02-01) has not ended; a returning participant gets a new "
                "pathway after the old one ends (rule 6)"]
    assert expected == _messages(register)


def test_returning_participant_may_start_the_day_the_old_pathway_ended() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 3, 1),
                outcome="jobsoegende"),
        Pathway("P2", "SA1", "D-1", start_date=D(2018, 3, 1)),
    ])
    assert [] == validate(register)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_pathway_ended_the_day_it_started_does_not_overlap_one_starting_that_day(
        order: tuple[int, int]) -> None:
    """
    Found by the lifecycle machine: the verdict used to depend on the order
    the two pathways were recorded in.
    """
    day = D(2018, 3, 1)
    both = [Pathway("P1", "SA1", "D-1", start_date=day),
            Pathway("P2", "SA1", "D-1", start_date=day, end_date=day, outcome="jobsoegende")]
    register = Register([_agreement()], [both[i] for i in order])
    assert [] == validate(register)


def test_a_long_pathway_overlapping_two_later_ones_is_reported_for_both() -> None:
    register = Register([_agreement(slots=3)], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1)),
        Pathway("P2", "SA1", "D-1", start_date=D(2018, 3, 1), end_date=D(2018, 3, 2),
                outcome="barsel"),
        Pathway("P3", "SA1", "D-1", start_date=D(2018, 4, 1)),
    ])
    assert [("P2", "P1"), ("P3", "P1")] == [
        (v.message.split(":")[0].removeprefix("pathway "),
         v.message.split("pathway ")[2].split(" ")[0]) for v in validate(register)]


def test_one_participant_may_be_in_pathways_of_two_agreements_at_once() -> None:
    register = Register([_agreement("SA1"), _agreement("SA2")], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1)),
        Pathway("P2", "SA2", "D-1", start_date=D(2018, 3, 1)),
    ])
    assert [] == validate(register)


def test_start_beyond_capacity_breaks_rule_7_and_names_the_date_and_count() -> None:
    register = Register([_agreement(slots=1, extra_slots=1)], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1)),
        Pathway("P2", "SA1", "D-2", start_date=D(2018, 2, 5)),
        Pathway("P3", "SA1", "D-3", start_date=D(2018, 3, 1)),
    ])
    expected = ["pathway P3: starting on 2018-03-01 would make 3 pathways active on agreement "
                "SA1, which has 1 slots + 1 extra (rule 7)"]
    assert expected == _messages(register)


def test_an_end_frees_its_slot_on_the_same_day() -> None:
    agreement = _agreement(slots=1)
    pathways = [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), end_date=D(2018, 3, 1),
                outcome="fleksjob"),
        Pathway("P2", "SA1", "D-2", start_date=D(2018, 3, 1)),
    ]
    assert [] == list(capacity_violations(agreement, pathways))


def test_a_pathway_ended_the_day_it_started_takes_no_slot() -> None:
    agreement = _agreement(slots=1)
    pathways = [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1)),
        Pathway("P2", "SA1", "D-2", start_date=D(2018, 2, 1), end_date=D(2018, 2, 1),
                outcome="jobsoegende"),
    ]
    assert [] == list(capacity_violations(agreement, pathways))


# -- checks that are not numbered rules -------------------------------------------


def test_unknown_agreement_and_pathway_ids_are_reported() -> None:
    register = Register(
        [_agreement()],
        [Pathway("P1", "SA9", "D-1")],
        [Event("P9", D(2018, 2, 1), EventType.PLAN_REVISED)],
    )
    assert ["pathway P1: agreement 'SA9' does not exist",
            "pathway P9, plan_revised on 2018-02-01: pathway 'P9' does not exist"] == _messages(
        register)


def test_duplicate_ids_are_reported() -> None:
    register = Register([_agreement(), _agreement()], [
        Pathway("P1", "SA1", "D-1"), Pathway("P1", "SA1", "D-2"),
    ])
    assert ["agreement SA1: the same agreement_id appears twice",
            "pathway P1: the same pathway_id appears twice"] == _messages(register)


def test_agreement_terms_below_their_minimum_are_reported() -> None:
    register = Register([_agreement(slots=0, frame_weeks=0, end_date=D(2017, 1, 1))])
    assert ["agreement SA1: slots is 0; it must be at least 1",
            "agreement SA1: frame_weeks is 0; it must be at least 1",
            "agreement SA1: end_date 2017-01-01 is before start_date 2018-01-01"] == _messages(
        register)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Event("P1", D(2018, 3, 1), EventType.DELIVERY, code="pizza"),
         "'pizza' is not a code of delivery events (allowed: plan_sent, meeting_offer, "
         "rehab_description, other)"),
        (Event("P1", D(2018, 3, 1), EventType.ABSENCE, code="sick"),
         "absence events need a value"),
        (Event("P1", D(2018, 3, 1), EventType.EFFECT, code="tillid", value=6),
         "value 6 is above 5"),
        (Event("P1", D(2018, 3, 1), EventType.ATTENDANCE_REPORT, value=1),
         "attendance_report events take no value (got 1)"),
    ],
)
def test_bad_event_codes_and_values_are_reported(event: Event, expected: str) -> None:
    register = Register([_agreement()], [Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1))],
                        [event])
    assert [f"pathway P1, {event.type} on 2018-03-01: {expected}"] == _messages(register)


def test_ensure_valid_lists_every_problem_at_once() -> None:
    register = Register([_agreement()], [
        Pathway("P1", "SA1", "D-1", start_date=D(2018, 2, 1), outcome="fleksjob"),
        Pathway("P2", "SA1", "300618-1234"),
    ])
    with pytest.raises(RegisterError) as caught:
        ensure_valid(register)
    assert 2 == len(caught.value.problems)
    assert str(caught.value).startswith("register has 2 problems:\n  pathways, column end_date")


def test_problems_without_a_locator_name_the_table() -> None:
    register = Register([_agreement()], [Pathway("P1", "SA1", "")])
    [problem] = to_problems(validate(register))
    assert ("pathways", None, "participant_id") == (problem.file, problem.row, problem.column)


def test_build_refuses_an_invalid_register() -> None:
    with pytest.raises(RegisterError, match="rule 2"):
        Register.build([_agreement()], [
            Pathway("P1", "SA1", "D-1", start_date=D(2018, 3, 1), end_date=D(2018, 2, 1),
                    outcome="fleksjob"),
        ])


# A narrow window, so that events often fall on a start or end day.
_DAYS = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2018, 1, 5))


@given(
    kind=st.sampled_from(list(EventType)),
    code=st.one_of(st.none(), st.sampled_from(["held", "cancelled", "sick", "tillid",
                                               "plan_sent", "bogus"])),
    value=st.one_of(st.none(), st.integers(-2, 8)),
    day=_DAYS,
    referred=st.one_of(st.none(), _DAYS),
    start=st.one_of(st.none(), _DAYS),
    end=st.one_of(st.none(), _DAYS),
)
def test_the_quick_event_test_agrees_with_the_full_one(
    kind: EventType, code: str | None, value: int | None, day: dt.date,
    referred: dt.date | None, start: dt.date | None, end: dt.date | None,
) -> None:
    """
    validate() skips the detailed check for events the quick test admits; the
    two must agree on every event, or a broken event would slip through.
    """
    event = Event("P1", day, kind, code=code, value=value)
    pathway = Pathway("P1", "SA1", "D-1", referred_date=referred, start_date=start,
                      end_date=end)
    admitted = _EventTerms.of(kind).admit(event, referred, start, end)
    assert (not list(event_rule_breaks(event, pathway))) == admitted


@st.composite
def _mostly_valid_events(draw: st.DrawFn) -> Event:
    # Codes and values mostly fit the type, so the dates are what is tested.
    kind = draw(st.sampled_from(list(EventType)))
    codes = EVENT_CODES[kind]
    use, low, high = EVENT_VALUES[kind]
    code = draw(st.sampled_from(codes) | st.sampled_from([None, "bogus"])
                if codes else st.none() | st.just("bogus"))
    value = draw(st.integers(low or 0, high or 9) | st.none() | st.just(-1)
                 if use is not ValueUse.NONE else st.none() | st.just(1))
    return Event(draw(st.sampled_from(["P1", "P1", "P2", "P3"])), draw(_DAYS), kind,
                 code=code, value=value)


_SPAN = (D(2018, 1, 1), D(2018, 1, 2), D(2018, 1, 4))


@settings(max_examples=500)
# The edges the quick test must not miss: an extension on the end day (rule 5),
# an event before the start, an event of no pathway.
@example(spans=[_SPAN], events=[Event("P1", D(2018, 1, 4), EventType.EXTENSION, value=4)])
@example(spans=[_SPAN], events=[Event("P1", D(2018, 1, 1), EventType.FOLLOWUP)])
@example(spans=[_SPAN], events=[Event("P2", D(2018, 1, 3), EventType.FOLLOWUP)])
@given(
    spans=st.lists(st.tuples(st.one_of(st.none(), _DAYS), st.one_of(st.none(), _DAYS),
                             st.one_of(st.none(), _DAYS)), min_size=1, max_size=2),
    events=st.lists(_mostly_valid_events(), min_size=1, max_size=4),
)
def test_the_whole_register_quick_test_admits_only_registers_whose_events_are_all_valid(
    spans: list[tuple[dt.date | None, dt.date | None, dt.date | None]], events: list[Event],
) -> None:
    """
    validate() skips the event-by-event check when the quick test of the
    whole register (once per distinct code and value, once per pathway for
    the dates) admits it: then no event may break a rule.
    """
    pathways = [Pathway(f"P{n}", "SA1", "D-1", referred_date=referred, start_date=start,
                        end_date=end) for n, (referred, start, end) in enumerate(spans, 1)]
    register = Register([_agreement()], pathways, events)
    if _events_certainly_valid(register):
        by_id = {p.pathway_id: p for p in pathways}
        for e in events:
            assert e.pathway_id in by_id
            assert [] == list(event_rule_breaks(e, by_id[e.pathway_id]))


# -- rule 6 at scale -----------------------------------------------------------------


def _quadratic_overlaps(group: list[Pathway]) -> list[tuple[str, str]]:
    # The rule as first written: each pathway against every earlier one,
    # naming the first that it overlaps (in order of start, then end).
    group = sorted(group, key=lambda p: (p.start_date or D.min, p.end_date or D.max))
    found = []
    for i, after in enumerate(group[1:], start=1):
        before = next((b for b in group[:i] if pathways_overlap(b, after)), None)
        if before is not None:
            found.append((after.pathway_id, before.pathway_id))
    return found


_DAY = st.integers(0, 40)


@st.composite
def _one_participants_pathways(draw: st.DrawFn) -> list[Pathway]:
    # Short spans on a small calendar, so overlaps, shared days, pathways
    # ending the day they start, open ends and ends before starts all occur.
    pathways = []
    for n in range(draw(st.integers(0, 25))):
        start = D(2018, 1, 1) + dt.timedelta(days=draw(_DAY))
        end = draw(st.none() | _DAY.map(lambda d: D(2018, 1, 1) + dt.timedelta(days=d)))
        pathways.append(Pathway(f"P{n}", "SA1", "UKENDT", start_date=start, end_date=end,
                                outcome="barsel" if end else None))
    return pathways


@settings(max_examples=150)
@given(_one_participants_pathways())
def test_rule_6_names_the_same_earlier_pathway_as_checking_every_pair(
        pathways: list[Pathway]) -> None:
    """
    The sweep over one participant's pathways reports exactly the pathways,
    and names exactly the earlier pathway, that comparing every pair does.
    """
    register = Register([_agreement(slots=100)], pathways)
    reported = [(register.pathways[v.index].pathway_id, v.message.split("pathway ")[2].split()[0])
                for v in validate(register) if v.rule == 6]
    assert sorted(_quadratic_overlaps(pathways)) == sorted(reported)


def test_forty_thousand_pathways_of_one_placeholder_participant_are_checked_at_once() -> None:
    """
    Rule 6's worst case, all pathways of one participant and none overlapping
    (each earlier one must be ruled out), once took minutes; a sweep takes well
    under a second. Timing is measured in benchmarks/, not asserted here: this
    only runs it, and checks that a late overlap is still found.
    """
    first = D(1990, 1, 1)
    pathways = [Pathway(f"P{n}", "SA1", "UKENDT", start_date=first + dt.timedelta(days=n),
                        end_date=first + dt.timedelta(days=n + 1), outcome="jobsoegende")
                for n in range(40_000)]
    pathways.append(Pathway("LATE", "SA1", "UKENDT", start_date=first + dt.timedelta(days=5),
                            end_date=first + dt.timedelta(days=6), outcome="jobsoegende"))
    register = Register([Agreement("SA1", first, slots=2, plan_deadline_weeks=4,
                                   frame_weeks=52)], pathways)
    assert [("LATE", "P5")] == [
        (register.pathways[v.index].pathway_id, v.message.split("pathway ")[2].split()[0])
        for v in validate(register) if v.rule == 6]


# -- what each message says, and under which rule ----------------------------------


def _one_pathway(*events: Event, notes: tuple[CollaborationNote, ...] = (),
                 pathway_id: str = "P1", pathway: Pathway | None = None) -> Register:
    # One agreement (by_hand's) and one pathway, referred on 2 January 2018
    # and started on the 8th unless another is given.
    if pathway is None:
        pathway = Pathway(pathway_id, "SA1", "D-1", referred_date=D(2018, 1, 2),
                          start_date=D(2018, 1, 8))
    return Register([_agreement()], [pathway], list(events), list(notes))


def test_a_note_is_told_which_of_its_cells_is_wrong_and_why_never_the_cpr_like_value() -> None:
    register = _one_pathway(notes=(
        CollaborationNote("SA1", D(2108, 1, 1), "jobcenter", 4, "ok"),
        CollaborationNote("SA1", D(2018, 3, 1), "jobcenter", 4, "ring 010203-1234 i morgen"),
        CollaborationNote("SA1", D(2018, 3, 2), "010203-1234", 4, "ok")))
    assert [(v.table, v.index, v.column, v.rule, v.message) for v in validate(register)] == [
        ("collaboration", 0, "date", 0, "note on agreement SA1 of 2108-01-01: date 2108-01-01 "
         "is outside the dates a register may hold (1990-01-01 to 2100-12-31)"),
        ("collaboration", 1, "note", 0, "note on agreement SA1 of 2018-03-01: note holds what "
         "looks like a CPR number; remove it (the value is not repeated here)"),
        ("collaboration", 2, "author", 0, "note on agreement SA1 of 2018-03-02: author holds "
         "what looks like a CPR number; remove it (the value is not repeated here)"),
    ]


def test_an_event_of_a_pathway_that_does_not_exist_or_has_a_cpr_like_id_breaks_no_numbered_rule(
) -> None:
    unknown = _one_pathway(Event("P9", D(2018, 3, 1), EventType.FOLLOWUP, "held"))
    assert [("pathway_id", 0, "pathway P9, followup on 2018-03-01: pathway 'P9' does not exist")
            ] == [(v.column, v.rule, v.message) for v in validate(unknown)]
    cpr_like = _one_pathway(Event("0102031234", D(2018, 3, 1), EventType.FOLLOWUP, "held"),
                            pathway_id="0102031234")
    of_event = [(v.column, v.rule, v.message) for v in validate(cpr_like) if v.table == "events"]
    assert [("pathway_id", 0, "pathway [a CPR-like value, not shown], followup on 2018-03-01: "
             "pathway_id looks like a CPR number; record a pseudonym instead (the value is not "
             "repeated here)")] == of_event


@pytest.mark.parametrize(("kind", "code", "least", "most"), [
    (EventType.EXTENSION, None, 1, 260),
    (EventType.ABSENCE, "sick", 1, 365),
    (EventType.EFFECT, "tillid", 1, 5),
], ids=["extension weeks", "absence days", "effect score"])
def test_an_events_value_is_refused_below_its_least_and_above_its_most(
        kind: EventType, code: str | None, least: int, most: int) -> None:
    # docs/register-format.md: an extension of 1 to 260 weeks, an absence of
    # 1 to 365 days, an effect score from 1 to 5.
    refused = {value: [v.column for v in validate(
        _one_pathway(Event("P1", D(2018, 3, 1), kind, code, value)))]
        for value in (least - 1, least, most, most + 1)}
    assert {least - 1: ["value"], least: [], most: [], most + 1: ["value"]} == refused


def test_an_extension_beyond_its_own_bounds_is_refused_on_its_own_and_left_out_of_the_total(
) -> None:
    # docs/register-format.md: an extension of 1 to 260 weeks, all of a
    # pathway's at most 520. The 261 is refused as it stands and not added
    # up; the two of 260 (each at its most) reach the total, past a meeting
    # that adds nothing, and the 1 after them passes it.
    extension = EventType.EXTENSION
    register = _one_pathway(
        Event("P1", D(2018, 3, 1), extension, value=261),
        Event("P1", D(2018, 3, 2), EventType.FOLLOWUP, "held"),
        *(Event("P1", D(2018, 3, day), extension, value=w) for day, w in [(3, 260), (4, 260),
                                                                          (5, 1)]))
    assert sorted((v.index, v.column, v.message) for v in validate(register)) == [
        (0, "value", "pathway P1, extension on 2018-03-01: value 261 is above 260"),
        (4, "value", "pathway P1, extension on 2018-03-05: with this one the extensions of "
         "the pathway add up to 521 weeks; they may add up to at most 520 weeks"),
    ]
    within = _one_pathway(*(Event("P1", D(2018, 3, 1 + n), EventType.EXTENSION, value=w)
                            for n, w in enumerate([261, 260, 260])))
    assert [0] == [v.index for v in validate(within)]


@pytest.mark.parametrize(("event", "message"), [
    (Event("P1", D(2018, 3, 1), EventType.EXTENSION, "lang", 1),
     "'lang' is not a code of extension events (allowed: no code)"),
    (Event("P1", D(2018, 3, 1), EventType.ABSENCE, None, 1),
     "absence events need a code (sick, other)"),
], ids=["a code on a type without codes", "no code on a type that needs one"])
def test_a_code_wrong_for_the_type_is_told_so_in_the_code_column_under_no_numbered_rule(
        event: Event, message: str) -> None:
    assert [("code", 0, f"pathway P1, {event.type} on 2018-03-01: {message}")] == [
        (v.column, v.rule, v.message) for v in validate(_one_pathway(event))]


def _pathway_of(start: dt.date | None, end: dt.date | None = None) -> Pathway:
    return Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2), start_date=start,
                   end_date=end, outcome="fleksjob" if end else None)


_STARTED, _ENDED = _pathway_of(D(2018, 1, 8)), _pathway_of(D(2018, 1, 8), D(2018, 9, 1))
_NOT_STARTED = _pathway_of(None)
_E = EventType

#: Every problem one event can have on its own or against its pathway, as
#: docs/register-format.md and the user guide's rules 4 and 5 word it: the
#: column it is told in, the rule it breaks (0: no numbered rule) and the words.
EVENT_PROBLEMS = {
    "a value missing": (_STARTED, Event("P1", D(2018, 3, 1), _E.EXTENSION),
                        "value", 0, "extension events need a value"),
    "a value on a type without values": (
        _STARTED, Event("P1", D(2018, 3, 1), _E.FOLLOWUP, "held", 3),
        "value", 0, "followup events take no value (got 3)"),
    "a value not whole": (_STARTED, Event("P1", D(2018, 3, 1), _E.EFFECT, "tillid", 2.5),  # type: ignore[arg-type]
                          "value", 0, "value 2.5 is not a whole number"),
    "an extension of no weeks": (
        _STARTED, Event("P1", D(2018, 3, 1), _E.EXTENSION, value=0), "value", 5,
        "value 0 is below 1; an extension moves the planned end later, never earlier (rule 5)"),
    "an absence of no days": (_STARTED, Event("P1", D(2018, 3, 1), _E.ABSENCE, "sick", 0),
                              "value", 0, "value 0 is below 1"),
    "an effect score too high": (_STARTED, Event("P1", D(2018, 3, 1), _E.EFFECT, "tillid", 6),
                                 "value", 0, "value 6 is above 5"),
    "a date no register holds": (
        _STARTED, Event("P1", D(2108, 3, 1), _E.FOLLOWUP, "held"), "date", 0,
        "date 2108-03-01 is outside the dates a register may hold (1990-01-01 to 2100-12-31)"),
    "a CPR number in the note": (
        _STARTED, Event("P1", D(2018, 3, 1), _E.FOLLOWUP, "held", note="ring 010203-1234"),
        "note", 0, "note holds what looks like a CPR number; remove it (the value is not "
        "repeated here)"),
    "a meeting before any start": (
        _NOT_STARTED, Event("P1", D(2018, 3, 1), _E.FOLLOWUP, "held"), "date", 4,
        "the pathway has not started, so it can have no followup events (rule 4)"),
    "a delivery before the referral, not started": (
        _NOT_STARTED, Event("P1", D(2018, 1, 1), _E.DELIVERY, "meeting_offer"), "date", 4,
        "dated before the referral on 2018-01-02 (rule 4)"),
    "a meeting before the start": (_STARTED, Event("P1", D(2018, 1, 5), _E.FOLLOWUP, "held"),
                                   "date", 4, "dated before the start on 2018-01-08 (rule 4)"),
    "a delivery before the referral, started": (
        _STARTED, Event("P1", D(2018, 1, 1), _E.DELIVERY, "meeting_offer"), "date", 4,
        "dated before the referral on 2018-01-02 (rule 4)"),
    "an extension on the end day": (
        _ENDED, Event("P1", D(2018, 9, 1), _E.EXTENSION, value=4), "date", 5,
        "an extension must be recorded while the pathway is active, but it ended on "
        "2018-09-01 (rule 5)"),
    "a meeting after the end": (_ENDED, Event("P1", D(2018, 9, 2), _E.FOLLOWUP, "held"),
                                "date", 4, "dated after the end on 2018-09-01 (rule 4)"),
}


@pytest.mark.parametrize(("pathway", "event", "column", "rule", "message"),
                         EVENT_PROBLEMS.values(), ids=EVENT_PROBLEMS.keys())
def test_each_problem_of_one_event_is_told_in_its_column_under_its_rule(
        pathway: Pathway, event: Event, column: str, rule: int, message: str) -> None:
    said = f"pathway P1, {event.type} on {event.date}: {message}"
    assert [("events", column, rule, said)] == [
        (v.table, v.column, v.rule, v.message)
        for v in validate(_one_pathway(event, pathway=pathway))]


#: An event with one problem whose other cells sit at the edge of what is
#: allowed (docs/register-format.md, rules 4 and 5): it is told that problem only.
ONE_PROBLEM_AT_THE_EDGES = {
    "a score at its most, before the start": (
        _STARTED, Event("P1", D(2018, 1, 5), _E.EFFECT, "tillid", 5),
        "date", "dated before the start on 2018-01-08 (rule 4)"),
    "a harmless note, before the start": (
        _STARTED, Event("P1", D(2018, 1, 5), _E.FOLLOWUP, "held", note="ringede"),
        "date", "dated before the start on 2018-01-08 (rule 4)"),
    "a meeting on the start day": (
        _STARTED, Event("P1", D(2018, 1, 8), _E.FOLLOWUP, "held", 3),
        "value", "followup events take no value (got 3)"),
    "a meeting on the end day": (
        _ENDED, Event("P1", D(2018, 9, 1), _E.FOLLOWUP, "held", 3),
        "value", "followup events take no value (got 3)"),
    "a delivery on the referral day, not started": (
        _NOT_STARTED, Event("P1", D(2018, 1, 2), _E.DELIVERY, "meeting_offer", 3),
        "value", "delivery events take no value (got 3)"),
    "a delivery on the referral day, before the start": (
        _STARTED, Event("P1", D(2018, 1, 2), _E.DELIVERY, "meeting_offer", 3),
        "value", "delivery events take no value (got 3)"),
    "a code not of the type that has codes": (
        _STARTED, Event("P1", D(2018, 3, 1), _E.ABSENCE, "ferie", 3),
        "code", "'ferie' is not a code of absence events (allowed: sick, other)"),
}


@pytest.mark.parametrize(("pathway", "event", "column", "message"),
                         ONE_PROBLEM_AT_THE_EDGES.values(), ids=ONE_PROBLEM_AT_THE_EDGES.keys())
def test_an_event_with_one_problem_is_told_that_one_only_whatever_else_sits_at_an_edge(
        pathway: Pathway, event: Event, column: str, message: str) -> None:
    assert [(column, f"pathway P1, {event.type} on {event.date}: {message}")] == [
        (v.column, v.message) for v in validate(_one_pathway(event, pathway=pathway))]


@pytest.mark.parametrize(("end", "until"), [(D(2018, 9, 1), "ended 2018-09-01"),
                                            (None, "has not ended")],
                         ids=["ended", "running"])
def test_a_returning_participants_overlapping_pathway_is_told_when_the_old_one_ends(
        end: dt.date | None, until: str) -> None:
    old = Pathway("P1", "SA1", "D-1", referred_date=D(2018, 1, 2), start_date=D(2018, 1, 8),
                  end_date=end, outcome="fleksjob" if end else None)
    new = Pathway("P2", "SA1", "D-1", referred_date=D(2018, 7, 1), start_date=D(2018, 8, 1))
    register = Register([_agreement()], [old, new])
    assert [("pathways", 1, "start_date", 6,
             f"pathway P2: starts on 2018-08-01 while the same participant's pathway P1 "
             f"(started 2018-01-08) {until}; a returning participant gets a new pathway after "
             "the old one ends (rule 6)")] == [
        (v.table, v.index, v.column, v.rule, v.message) for v in validate(register)]


@pytest.mark.parametrize("price", [True, 1.5, "14500", Decimal("NaN")],
                         ids=["a flag", "a float", "text", "not a number"])
def test_a_price_that_is_not_a_number_of_kroner_is_told_so(price: object) -> None:
    agreement = _agreement(price_per_pathway=price)
    assert [("price_per_pathway", f"agreement SA1: price_per_pathway is {price!r}; it must be "
             "a number of kroner")] == [
        (v.column, v.message) for v in validate(Register([agreement], []))]


def test_an_id_that_looks_like_a_cpr_number_is_told_to_be_a_pseudonym_in_its_column() -> None:
    hidden, advice = "[a CPR-like value, not shown]", ("looks like a CPR number; record a "
                                                       "pseudonym instead (the value is not "
                                                       "repeated here)")
    register = Register(
        [_agreement("0102031234")],
        [Pathway("0102031235", "0102031234", "D-1", referred_date=D(2018, 1, 2),
                 start_date=D(2018, 1, 8)),
         Pathway("P2", "0102031234", "0102031236", referred_date=D(2018, 1, 2))], [], [])
    assert [("agreements", "agreement_id", f"agreement {hidden}: agreement_id {advice}"),
            ("pathways", "pathway_id", f"pathway {hidden}: pathway_id {advice}"),
            ("pathways", "agreement_id", f"pathway {hidden}: agreement_id {advice}"),
            ("pathways", "agreement_id", f"pathway P2: agreement_id {advice}"),
            ("pathways", "participant_id", f"pathway P2: participant_id {advice}")] == [
        (v.table, v.column, v.message) for v in validate(register)]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("target_group", "pensionist", "pathway P1: 'pensionist' is not a known target group "
     "(ressourceforloeb, lab_2_3, integration, aegtefaelleforsoerget, andet)"),
    ("no_plan_reason", "glemt", "pathway P1: 'glemt' is not a known no-plan reason"),
])
def test_a_pathway_built_with_an_unknown_code_is_told_so_in_its_column(
        field: str, value: str, message: str) -> None:
    # The loader refuses these codes in their cells; a register built from
    # objects reaches the rules with them.
    pathway = attrs.evolve(_one_pathway().pathways[0], **{field: value})
    (violation,) = validate(_one_pathway(pathway=pathway))
    assert ("pathways", 0, field, 0) == (violation.table, violation.index, violation.column,
                                         violation.rule)
    assert violation.message.startswith(message)


#: Forms of a CPR number as an id cell: ten digits, a number a spreadsheet or
#: a JSON reader wrote with decimals, nine digits (the leading zero lost),
#: other separators.
_CPR_FORMS = {"ten digits": lambda d: d, "with decimals": lambda d: f"{d}.0",
              "nine digits": lambda d: d[1:], "nine with decimals": lambda d: f"{d[1:]}.0",
              "a colon": lambda d: f"{d[:6]}:{d[6:]}", "a plus": lambda d: f"{d[:6]} + {d[6:]}"}


@pytest.mark.parametrize("form", _CPR_FORMS)
def test_an_id_in_any_cpr_like_form_is_never_named_in_a_message(form: str) -> None:
    hidden = "[a CPR-like value, not shown]"
    agreement_id, pathway_id, participant_id = (
        _CPR_FORMS[form](d) for d in ("0102031234", "0102031235", "0102031236"))
    register = Register(
        [_agreement(agreement_id)],
        [Pathway(pathway_id, agreement_id, "D-1", referred_date=D(2018, 1, 2),
                 start_date=D(2018, 1, 8), end_date=D(2018, 1, 5)),
         Pathway("P2", agreement_id, participant_id, referred_date=D(2018, 1, 2))],
        [Event(pathway_id, D(2018, 1, 9), EventType.FOLLOWUP, "held")], [])
    violations = validate(register)
    assert {("agreements", "agreement_id"), ("pathways", "pathway_id"),
            ("pathways", "participant_id"), ("events", "pathway_id")} <= {
        (v.table, v.column) for v in violations}
    for v in violations:
        for value in (agreement_id, pathway_id, participant_id, "102031"):
            assert value not in v.message
    assert f"agreement {hidden}: agreement_id looks like a CPR number" in violations[0].message
