"""
Properties of the evaluation that hold for every valid register
(``forloeb.testing.registers``), evaluated as of its typical date.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb.codes import STOPPED
from forloeb.evaluation import evaluate, percent
from forloeb.model import Pathway, Register
from forloeb.testing import TYPICAL_AS_OF, registers

D = TYPICAL_AS_OF

# Small registers: enough to reach every state and rule. Generating a valid
# register is what takes the time here, so each property sees fewer of them.
_registers = registers(max_agreements=2, max_pathways=12)
_fewer = settings(max_examples=50)


@pytest.mark.slow
@_fewer
@given(_registers)
def test_outcome_counts_sum_to_completed(register: Register) -> None:
    for result in evaluate(register, as_of=D).agreements:
        q7 = result.q7_overview
        assert q7.completed == sum(q7.outcomes.values())


@pytest.mark.slow
@_fewer
@given(_registers)
def test_progression_and_stopped_never_exceed_completed(register: Register) -> None:
    for result in evaluate(register, as_of=D).agreements:
        q7 = result.q7_overview
        stopped_apart = q7.stopped if STOPPED not in result.positive_outcomes else 0
        assert q7.progression + stopped_apart <= q7.completed


@pytest.mark.slow
@_fewer
@given(_registers)
def test_shares_lie_between_zero_and_one(register: Register) -> None:
    for result in evaluate(register, as_of=D).agreements:
        document = result.to_dict()
        shares = [v for section in document.values() if isinstance(section, dict)
                  for k, v in section.items() if k.endswith(("_share", "compliance"))]
        assert all(0 <= s <= 1 for s in shares if s is not None), shares
        q1 = result.q1_in_use
        most = Fraction(q1.slots + q1.extra_slots, q1.slots)
        assert q1.occupancy is None or 0 <= q1.occupancy <= most


@pytest.mark.slow
@_fewer
@given(_registers)
def test_every_started_pathway_has_one_plan_finding(register: Register) -> None:
    for result in evaluate(register, as_of=D).agreements:
        q2 = result.q2_plan
        assert q2.participants == (q2.met + q2.late + q2.exempt + q2.pending + q2.overdue
                                   + q2.missed + q2.not_due)


@pytest.mark.slow
@_fewer
@given(_registers)
def test_continuing_pathways_are_the_active_ones_and_active_in_the_period(
        register: Register) -> None:
    for result in evaluate(register, as_of=D).agreements:
        q1 = result.q1_in_use
        assert q1.active == result.q7_overview.continuing
        assert q1.active <= q1.active_in_period


@pytest.mark.slow
@_fewer
@given(_registers)
def test_evaluating_a_register_equals_evaluating_each_agreement_alone(
        register: Register) -> None:
    whole = evaluate(register, as_of=D)
    for result in whole.agreements:
        agreement_id = result.agreement_id
        pathways = register.pathways_of(agreement_id)
        alone = Register(
            [register.agreement(agreement_id)],
            pathways,
            [e for p in pathways for e in register.events_of(p.pathway_id)],
            register.notes_of(agreement_id),
        )
        assert (result,) == evaluate(alone, as_of=D).agreements
        assert (result,) == evaluate(register, as_of=D, agreements=[agreement_id]).agreements


@pytest.mark.slow
@_fewer
@given(_registers, st.data())
def test_an_ended_pathway_with_a_progression_outcome_adds_exactly_one_progression(
        register: Register, data: st.DataObject) -> None:
    agreement = data.draw(st.sampled_from(register.agreements))
    outcome = data.draw(st.sampled_from(agreement.positive_outcomes))
    start = data.draw(st.dates(agreement.start_date, D))
    end = data.draw(st.dates(start, D))
    added = Pathway("P-added", agreement.agreement_id, "X-added", start_date=start,
                    end_date=end, outcome=outcome)
    before = evaluate(register, as_of=D).agreement(agreement.agreement_id).q7_overview
    bigger = Register(register.agreements, [*register.pathways, added], register.events,
                      register.collaboration)
    after = evaluate(bigger, as_of=D).agreement(agreement.agreement_id).q7_overview
    assert before.progression + 1 == after.progression
    assert before.completed + 1 == after.completed
    assert before.outcomes.get(outcome, 0) + 1 == after.outcomes[outcome]


@pytest.mark.slow
@_fewer
@given(registers(max_agreements=2, max_pathways=12, as_of=dt.date(2017, 6, 30)))
def test_evaluation_as_of_a_date_ignores_what_happened_after_it(register: Register) -> None:
    """Rewriting every later outcome and dropping every later event changes nothing."""
    as_of = dt.date(2017, 6, 30)

    def rewritten(p: Pathway) -> Pathway:
        if p.end_date is None or p.end_date <= as_of or p.outcome == "annulleret":
            return p
        other = "jobsoegende" if p.outcome != "jobsoegende" else "fleksjob"
        return attrs.evolve(p, outcome=other, end_date=p.end_date + dt.timedelta(days=30))

    changed = Register(
        register.agreements,
        [rewritten(p) for p in register.pathways],
        [e for e in register.events if e.date <= as_of],
        [n for n in register.collaboration if n.date <= as_of],
    )
    assert evaluate(register, as_of=as_of) == evaluate(changed, as_of=as_of)


@_fewer
@given(registers(max_agreements=2, max_pathways=12, as_of=dt.date(2017, 6, 30)),
       st.dates(dt.date(2015, 1, 1), dt.date(2019, 12, 31)))
def test_evaluating_as_of_a_date_equals_evaluating_the_register_as_it_stood_then(
        register: Register, as_of: dt.date) -> None:
    """evaluate reads the pathways as known on D without copying the register (rule 8)."""
    assert evaluate(register, as_of=as_of) == evaluate(register.as_of(as_of), as_of=as_of)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_percent_of_a_share_read_back_from_json_is_the_exact_percent(
        numerator: int, denominator: int) -> None:
    exact = Fraction(numerator, denominator)
    assert percent(exact) == percent(float(exact))
