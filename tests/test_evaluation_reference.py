"""
The reference case: the bundled example register evaluated as of 30 June 2018
gives the figures of Slagelse's 2018 report (domain.md section 6).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

import forloeb
from forloeb.evaluation import AgreementEvaluation, Evaluation, evaluate, percent

D = dt.date(2018, 6, 30)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(forloeb.load_example(), as_of=D)


@pytest.fixture(scope="module")
def sa1(evaluation: Evaluation) -> AgreementEvaluation:
    return evaluation.agreement("SA1")


@pytest.fixture(scope="module")
def sa2(evaluation: Evaluation) -> AgreementEvaluation:
    return evaluation.agreement("SA2")


def test_both_agreements_are_evaluated_over_the_year_to_30_june_2018(
        evaluation: Evaluation) -> None:
    assert (["SA1", "SA2"], dt.date(2017, 6, 30)) == (
        [a.agreement_id for a in evaluation.agreements], evaluation.since)


def test_sa1_overview_is_the_published_one(sa1: AgreementEvaluation) -> None:
    q7 = sa1.q7_overview
    assert (25, 4) == (q7.completed, q7.continuing)
    assert {"fleksjob": 5, "ordinaert_job": 2, "uddannelse": 3,
            "stoppet_massive_udfordringer": 4, "praktik_foer_rehab": 5, "afventer_rehab": 3,
            "foertidspension": 1, "faengsel": 1, "jobsoegende": 1} == dict(q7.outcomes)


def test_sa1_progression_is_40_percent_and_stopped_16_percent(sa1: AgreementEvaluation) -> None:
    q7 = sa1.q7_overview
    assert (10, Fraction(10, 25), 40) == (q7.progression, q7.progression_share,
                                          percent(q7.progression_share))
    assert (4, Fraction(4, 25), 16) == (q7.stopped, q7.stopped_share, percent(q7.stopped_share))


def test_sa1_slots_in_use_ended_and_upcoming(sa1: AgreementEvaluation) -> None:
    q1 = sa1.q1_in_use
    assert (8, 4, 3, 2) == (q1.slots, q1.active, q1.ended_in_period, q1.upcoming_starts)


def test_sa1_plans_20_on_time_6_exempt_3_pending(sa1: AgreementEvaluation) -> None:
    q2 = sa1.q2_plan
    assert (29, 20, 6, 3, 0, 0, 0, 0) == (q2.participants, q2.met, q2.exempt, q2.pending,
                                          q2.late, q2.overdue, q2.missed, q2.not_due)
    assert 6 == sum(q2.exempt_reasons.values())


def test_sa2_followup_gap_of_the_pathway_that_stopped_in_may_is_missed(
        sa2: AgreementEvaluation) -> None:
    """SA2-P39 ended on 25 May 2018 with no meeting since 26 April: not overdue, missed."""
    q4 = sa2.q4_followup
    assert {"met": 70, "late": 8, "pending": 9, "missed": 1} == {
        k: n for k, n in q4.followup.items() if n}
    assert Fraction(70, 79) == q4.followup_compliance


def test_sa2_completed_36_continuing_9(sa2: AgreementEvaluation) -> None:
    q7 = sa2.q7_overview
    assert (36, 9, 36) == (q7.completed, q7.continuing, sum(q7.outcomes.values()))


def test_sa2_progression_is_22_of_36_which_is_61_percent(sa2: AgreementEvaluation) -> None:
    q7 = sa2.q7_overview
    assert (22, Fraction(22, 36), 61) == (q7.progression, q7.progression_share,
                                          percent(q7.progression_share))


def test_sa2_uses_one_of_its_extra_slots(sa2: AgreementEvaluation) -> None:
    q1 = sa2.q1_in_use
    assert (8, 2, 9) == (q1.slots, q1.extra_slots, q1.active)
    assert 113 == percent(q1.utilisation)


def test_the_2017_evaluation_counts_only_what_had_ended_by_then() -> None:
    """Rule 8: re-running the 2017 evaluation from today's register gives the 2017 answer."""
    register = forloeb.load_example()
    as_of = dt.date(2017, 6, 30)
    for result in evaluate(register, as_of=as_of).agreements:
        ended = [p for p in register.pathways_of(result.agreement_id)
                 if p.end_date is not None and p.end_date <= as_of and not p.is_cancelled]
        assert len(ended) == result.q7_overview.completed
        assert len(ended) < evaluate(register, as_of=D).agreement(
            result.agreement_id).q7_overview.completed
