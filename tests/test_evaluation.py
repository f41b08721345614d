"""
The eight evaluation questions on small hand-built registers whose answers are
worked out in each test. Period (2017-06-30, 2018-06-30] unless a test says
otherwise: 365 days.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import pytest
from documented_keys import QUESTION_KEYS
from engines import each_engine

from forloeb.errors import InvalidArgument, UnknownIdError
from forloeb.evaluation import Q4Followup, evaluate
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register

D = dt.date(2018, 6, 30)


#: Every test here runs once per engine (tests/engines.py).
engine = each_engine('evaluate')


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def agreement(agreement_id: str = "SA1", **terms: object) -> Agreement:
    values: dict[str, object] = {"start_date": day("2014-01-01"), "slots": 8,
                                 "plan_deadline_weeks": 4, "frame_weeks": 52}
    values.update(terms)
    return Agreement(agreement_id, **values)  # type: ignore[arg-type]


def pathway(pathway_id: str, agreement_id: str = "SA1", **fields: object) -> Pathway:
    for key, value in fields.items():
        if key.endswith("_date") and isinstance(value, str):
            fields[key] = day(value)
    return Pathway(pathway_id, agreement_id, f"D-{pathway_id}", **fields)  # type: ignore[arg-type]


def event(pathway_id: str, date: str, type_: str, code: str | None = None,
          value: int | None = None) -> Event:
    return Event(pathway_id, day(date), type_, code, value)  # type: ignore[arg-type]


def only(register: Register, **kwargs: object):  # type: ignore[no-untyped-def]
    (result,) = evaluate(register, as_of=kwargs.pop("as_of", D), **kwargs).agreements  # type: ignore[arg-type]
    return result


# Question 1 ---------------------------------------------------------------


def test_occupancy_is_pathway_days_in_the_period_over_slot_days() -> None:
    """One pathway active all 365 days, one from 1 June (30 days), 2 slots."""
    register = Register([agreement(slots=2)], [
        pathway("P1", start_date="2017-01-01"),
        pathway("P2", start_date="2018-06-01"),
    ])
    q1 = only(register).q1_in_use
    assert (395, 730) == (q1.pathway_days, q1.slot_days)
    assert Fraction(395, 730) == q1.occupancy


def test_pathway_ending_on_the_first_day_of_the_period_was_never_active_in_it() -> None:
    """Active on day t means start <= t < end: ended 1 July 2017, last active 30 June."""
    register = Register([agreement()], [
        pathway("P1", start_date="2017-01-01", end_date="2017-07-01", outcome="jobsoegende"),
    ])
    q1 = only(register).q1_in_use
    assert (0, 0, 1) == (q1.pathway_days, q1.active_in_period, q1.ended_in_period)


def test_utilisation_exceeds_one_when_extra_slots_are_used() -> None:
    register = Register([agreement(slots=2, extra_slots=1)], [
        pathway(f"P{i}", start_date="2018-01-01") for i in range(3)
    ])
    q1 = only(register).q1_in_use
    assert (3, Fraction(3, 2)) == (q1.active, q1.utilisation)


def test_flow_through_the_period_counts_starts_ends_and_upcoming_starts() -> None:
    register = Register([agreement()], [
        pathway("started", start_date="2017-08-01"),
        pathway("before", start_date="2016-01-01", end_date="2017-01-01", outcome="fleksjob"),
        pathway("ended", start_date="2016-06-01", end_date="2018-01-01", outcome="fleksjob"),
        pathway("cancelled", referred_date="2017-09-01", end_date="2017-10-01",
                outcome="annulleret"),
        pathway("upcoming", referred_date="2018-06-01", start_date="2018-08-01"),
        pathway("cancelled later", referred_date="2018-06-01", end_date="2018-07-15",
                outcome="annulleret"),
        pathway("referred later", referred_date="2018-07-01", start_date="2018-08-01"),
    ])
    q1 = only(register).q1_in_use
    # "cancelled later" is still an agreed start as of D (rule 8); "referred later" is unknown.
    expected = {"active": 1, "started_in_period": 1, "active_in_period": 2,
                "ended_in_period": 1, "upcoming_starts": 2}
    assert expected == {k: getattr(q1, k) for k in expected}


def test_slot_days_count_only_the_days_the_agreement_ran() -> None:
    """An agreement that began on 1 January 2018 had 181 days in the period."""
    register = Register([agreement(start_date=day("2018-01-01"), slots=3)])
    assert 3 * 181 == only(register).q1_in_use.slot_days


# Question 2 ---------------------------------------------------------------


def _plan_register() -> Register:
    return Register([agreement()], [
        pathway("met", start_date="2018-01-01", plan_date="2018-01-20"),
        pathway("late", start_date="2018-01-01", plan_date="2018-02-15"),
        pathway("exempt", start_date="2018-01-01", no_plan_reason="kort_forloeb"),
        pathway("pending", start_date="2018-06-20"),
        pathway("overdue", start_date="2018-03-01"),
        pathway("not due", start_date="2018-02-01", end_date="2018-02-10",
                outcome="jobsoegende"),
        pathway("missed", start_date="2018-02-01", end_date="2018-04-10",
                outcome="jobsoegende"),
        pathway("old", start_date="2015-01-01", plan_date="2015-01-10",
                end_date="2016-01-01", outcome="fleksjob"),
        pathway("referred", referred_date="2018-06-01", start_date="2018-09-01"),
    ])


def test_plan_deadline_findings_are_counted_by_status_for_every_started_pathway() -> None:
    """Cumulative: the pathway started in 2015 counts; the referred one does not."""
    q2 = only(_plan_register()).q2_plan
    assert {"participants": 8, "met": 2, "late": 1, "exempt": 1, "pending": 1, "overdue": 1,
            "missed": 1, "not_due": 1, "exempt_reasons": {"kort_forloeb": 1},
            "compliance": 0.4} == q2.to_dict()


def test_plan_compliance_leaves_out_pending_exempt_and_not_due() -> None:
    """The plan the ended pathway never had counts against it, as the overdue one does."""
    assert Fraction(2, 5) == only(_plan_register()).q2_plan.compliance


# Question 3 ---------------------------------------------------------------


def test_ownership_counts_the_plans_made_by_the_evaluation_date() -> None:
    register = Register([agreement()], [
        pathway("P1", start_date="2018-01-01", plan_date="2018-01-10", plan_co_created=True,
                plan_own_goals=True),
        pathway("P2", start_date="2018-01-01", plan_date="2018-01-20", plan_co_created=False),
        pathway("P3", start_date="2018-06-01", plan_date="2018-07-05", plan_co_created=True),
        pathway("P4", start_date="2018-01-01"),
    ], [
        event("P1", "2018-03-01", "plan_revised"),
        event("P1", "2018-05-01", "plan_revised"),
        event("P2", "2018-01-15", "plan_revised"),  # before P2's plan: not a revision of it
    ])
    q3 = only(register).q3_ownership
    assert (2, 1, 1, 1) == (q3.plans, q3.co_created, q3.own_goals, q3.revised)


# Question 4 ---------------------------------------------------------------


def _followup_register() -> Register:
    return Register([agreement(followup_interval_weeks=4)], [
        pathway("P1", start_date="2018-03-01"),
        pathway("P2", start_date="2016-01-01", end_date="2017-03-01", outcome="jobsoegende"),
        pathway("P3", start_date="2017-01-01"),
    ], [
        event("P1", "2018-03-20", "followup"),
        event("P1", "2018-04-10", "followup", "cancelled"),
        event("P1", "2018-04-25", "attendance_report"),
        event("P1", "2018-05-01", "followup", "held"),
        event("P1", "2018-05-02", "meeting_request"),
        event("P2", "2016-02-01", "followup"),
        event("P3", "2017-06-20", "followup"),
    ])


def test_meetings_held_in_the_period_per_participant_active_in_it() -> None:
    """P1's two held meetings count; the cancelled one and P3's of June 2017 do not."""
    q4 = only(_followup_register()).q4_followup
    assert (2, 2, Fraction(2, 2), 1) == (
        q4.meetings_held, q4.participants, q4.meetings_per_participant, q4.meeting_requests)


def test_followup_findings_of_the_period_include_the_gap_still_open() -> None:
    """
    P1: 19 days to the first meeting (met), 42 to the next (late), open since
    1 May (overdue on 29 May). P3: the gap open since 20 June 2017 (overdue).
    P2 was not active in the period.
    """
    q4 = only(_followup_register()).q4_followup
    assert {"met": 1, "late": 1, "overdue": 2} == {k: n for k, n in q4.followup.items() if n}


def test_attendance_findings_of_the_period_are_the_sheets_due_in_it() -> None:
    """
    P1: sheet due 1 May met (sent 25 April). P3 (started 1 January 2017): sheets
    due 1 July 2017 to 1 May 2018 are six in the period, all overdue; those of
    March and May 2017 fell due before it.
    """
    q4 = only(_followup_register()).q4_followup
    assert {"met": 1, "overdue": 6} == {k: n for k, n in q4.attendance_report.items() if n}
    assert Fraction(1, 7) == q4.attendance_compliance


def test_follow_up_counts_given_by_hand_show_every_status_0_for_those_left_out() -> None:
    """Question 4 built by another tool from its own counts, as the JSON says them."""
    q4 = Q4Followup(meetings_held=2, participants=1, meeting_requests=0,
                    followup={"met": 2, "late": 1}, attendance_report={})
    document = q4.to_dict()
    assert {"met": 2, "late": 1, "exempt": 0, "pending": 0, "overdue": 0, "missed": 0,
            "not_due": 0} == document["followup"]
    assert {0} == set(document["attendance_report"].values())
    assert (2 / 3, None) == (document["followup_compliance"], document["attendance_compliance"])


def test_a_pathway_that_ended_in_the_period_counts_what_it_missed_against_it() -> None:
    """
    Ended on 1 March 2018 without a meeting or a sheet: the gap due 29 January
    and the sheet due 1 March are missed, and count as the overdue ones do.
    """
    register = Register([agreement(followup_interval_weeks=4)], [
        pathway("P4", start_date="2018-01-01", end_date="2018-03-01", outcome="jobsoegende"),
    ])
    q4 = only(register).q4_followup
    assert ({"missed": 1}, {"missed": 1}) == (
        {k: n for k, n in q4.followup.items() if n},
        {k: n for k, n in q4.attendance_report.items() if n})
    assert (Fraction(0), Fraction(0)) == (q4.followup_compliance, q4.attendance_compliance)


# Question 5 ---------------------------------------------------------------


def test_deliveries_to_the_caseworker_in_the_period_by_kind() -> None:
    register = Register([agreement()], [
        pathway("P1", referred_date="2017-07-10", start_date="2017-08-01"),
    ], [
        event("P1", "2017-07-15", "delivery", "plan_sent"),  # at referral, before the start
        event("P1", "2018-02-01", "delivery", "rehab_description"),
        event("P1", "2017-10-01", "attendance_report"),
        event("P1", "2017-12-01", "attendance_report"),
        event("P1", "2018-07-05", "delivery", "other"),  # after D
    ])
    q5 = only(register).q5_caseworker
    assert {"plan_sent": 1, "meeting_offer": 0, "rehab_description": 1, "other": 0,
            "attendance_sheet": 2} == q5.to_dict()["deliveries"]


def test_a_request_counts_as_followed_by_a_held_meeting_within_14_days() -> None:
    register = Register([agreement()], [pathway("P1", start_date="2017-01-01")], [
        event("P1", "2017-06-01", "meeting_request"),  # before the period
        event("P1", "2018-03-01", "meeting_request"),
        event("P1", "2018-03-15", "followup"),  # 14 days later: followed
        event("P1", "2018-04-01", "meeting_request"),
        event("P1", "2018-04-05", "followup", "cancelled"),
        event("P1", "2018-04-16", "followup"),  # 15 days later: too late
        event("P1", "2018-05-01", "meeting_request"),  # never answered
        event("P1", "2018-06-25", "meeting_request"),  # window still open on D
    ])
    q5 = only(register).q5_caseworker
    assert (4, 1, 1) == (q5.meetings_requested, q5.requests_followed_by_meeting,
                         q5.requests_open)


# Question 6 ---------------------------------------------------------------


def test_effects_by_domain_and_mean_score_change() -> None:
    """
    A: tillid 2 -> 4 (+2), overblik in the period. B: tillid 3 -> 2 (-1), sprog
    once. C: moedestabilitet 3 -> 5 (+2), all before the period, so C has no
    effect in the period but its change counts (cumulative to D).
    """
    register = Register([agreement()], [
        pathway(p, start_date="2016-01-01") for p in ("A", "B", "C")
    ], [
        event("A", "2017-05-01", "effect", "tillid", 2),
        event("A", "2017-09-01", "effect", "tillid", 4),
        event("A", "2018-01-01", "effect", "overblik"),
        event("B", "2018-02-01", "effect", "tillid", 3),
        event("B", "2018-03-01", "effect", "tillid", 2),
        event("B", "2018-04-01", "effect", "sprog", 1),
        event("C", "2017-01-01", "effect", "moedestabilitet", 3),
        event("C", "2017-02-01", "effect", "moedestabilitet", 5),
        event("C", "2018-08-01", "effect", "moedestabilitet", 1),  # after D
    ])
    q6 = only(register).q6_effects
    assert 2 == q6.participants_with_effect
    assert [("overblik", 1), ("tillid", 2), ("sprog", 1)] == list(q6.by_domain.items())
    assert {"moedestabilitet": Fraction(2), "tillid": Fraction(1, 2)} == dict(q6.score_change)


# Question 7 ---------------------------------------------------------------


def test_overview_counts_outcomes_progression_and_stopped_cumulatively() -> None:
    register = Register([agreement(positive_outcomes=("fleksjob", "loentilskud"))], [
        pathway("P1", start_date="2015-01-01", end_date="2016-01-01", outcome="loentilskud"),
        pathway("P2", start_date="2017-01-01", end_date="2018-01-01", outcome="fleksjob"),
        pathway("P3", start_date="2017-01-01", end_date="2018-02-01",
                outcome="stoppet_massive_udfordringer"),
        pathway("P4", start_date="2017-01-01", end_date="2018-03-01", outcome="fleksjob"),
        pathway("P5", referred_date="2017-01-01", end_date="2017-02-01", outcome="annulleret"),
        pathway("P6", start_date="2018-01-01", end_date="2018-09-01", outcome="fleksjob"),
    ])
    q7 = only(register).q7_overview
    assert {"completed": 4, "continuing": 1,
            "outcomes": {"fleksjob": 2, "loentilskud": 1, "stoppet_massive_udfordringer": 1},
            "progression": 3, "progression_share": 0.75, "stopped": 1, "stopped_share": 0.25,
            "cancelled": 1} == q7.to_dict()
    assert ["fleksjob", "loentilskud", "stoppet_massive_udfordringer"] == list(q7.outcomes)


def test_shares_are_undefined_when_nothing_has_ended() -> None:
    register = Register([agreement()], [pathway("P1", start_date="2018-01-01")])
    q7 = only(register).q7_overview
    assert (None, None) == (q7.progression_share, q7.stopped_share)
    assert None is only(register).to_dict()["q7_overview"]["progression_share"]


# Question 8 ---------------------------------------------------------------


def test_collaboration_notes_of_the_period_and_their_mean_rating() -> None:
    register = Register([agreement(), agreement("SA2")], collaboration=[
        CollaborationNote("SA1", day("2018-03-01"), "enterprise", 5, "Godt samarbejde."),
        CollaborationNote("SA1", day("2017-09-01"), "jobcenter", 4, "Hurtige svar."),
        CollaborationNote("SA1", day("2018-04-01"), "jobcenter", None, "Møde aflyst."),
        CollaborationNote("SA1", day("2017-06-30"), "jobcenter", 1, "Før perioden."),
        CollaborationNote("SA2", day("2018-01-01"), "jobcenter", 2, "Andet forløb."),
    ])
    q8 = only(register, agreements=["SA1"]).q8_collaboration.to_dict()
    assert 3 == q8["notes"]
    assert 4.5 == q8["mean_rating"]
    assert {"date": "2017-09-01", "author": "jobcenter", "rating": 4,
            "note": "Hurtige svar."} == q8["items"][0]
    assert ["2017-09-01", "2018-03-01", "2018-04-01"] == [i["date"] for i in q8["items"]]


def test_mean_rating_is_undefined_without_ratings() -> None:
    register = Register([agreement()], collaboration=[
        CollaborationNote("SA1", day("2018-03-01"), "enterprise", None, "Ingen karakter."),
    ])
    assert None is only(register).q8_collaboration.mean_rating


# The evaluation as a whole ------------------------------------------------


def test_the_period_defaults_to_the_year_before_the_evaluation_date() -> None:
    evaluation = evaluate(Register([agreement()]), as_of=D)
    assert (day("2017-06-30"), D) == (evaluation.since, evaluation.as_of)


def test_a_given_since_sets_the_period() -> None:
    register = Register([agreement(slots=1)], [pathway("P1", start_date="2017-01-01")])
    result = only(register, since=day("2018-05-31"))
    assert (30, 30) == (result.q1_in_use.pathway_days, result.q1_in_use.slot_days)


def test_an_empty_period_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="2018-06-30"):
        evaluate(Register([agreement()]), as_of=D, since=D)


def test_an_unknown_agreement_id_is_named_in_the_error() -> None:
    with pytest.raises(UnknownIdError, match="'SA9'"):
        evaluate(Register([agreement()]), as_of=D, agreements=["SA1", "SA9"])


def test_the_error_for_an_unknown_agreement_lists_those_the_register_holds() -> None:
    register = Register([agreement("SA1"), agreement("SA2")])
    with pytest.raises(UnknownIdError) as refused:
        evaluate(register, as_of=D, agreements=["SA9"])
    assert "the register has no agreement 'SA9' (it has: SA1, SA2)" == str(refused.value)


def test_agreements_are_evaluated_in_the_order_asked_for() -> None:
    register = Register([agreement("SA1"), agreement("SA2")])
    evaluation = evaluate(register, as_of=D, agreements=["SA2", "SA1"])
    assert ["SA2", "SA1"] == [a.agreement_id for a in evaluation.agreements]


def test_an_agreement_that_had_not_started_is_left_out() -> None:
    register = Register([agreement("SA1"), agreement("SA2", start_date=day("2018-08-01"))])
    assert ["SA1"] == [a.agreement_id for a in evaluate(register, as_of=D).agreements]


def test_facts_after_the_evaluation_date_are_ignored() -> None:
    """The pathway that ends in September 2018 is still continuing as of 30 June."""
    register = Register([agreement()], [
        pathway("P1", start_date="2018-01-01", end_date="2018-09-01", outcome="fleksjob",
                plan_date="2018-07-10"),
    ], [event("P1", "2018-07-01", "followup")])
    result = only(register)
    assert (0, 1) == (result.q7_overview.completed, result.q7_overview.continuing)
    assert (0, 0) == (result.q3_ownership.plans, result.q4_followup.meetings_held)
    assert 1 == result.q2_plan.late + result.q2_plan.overdue


def test_the_json_document_has_the_documented_keys() -> None:
    document = evaluate(_followup_register(), as_of=D).to_dict()
    json.dumps(document)  # JSON-able
    (result,) = document["agreements"]
    expected = {
        **QUESTION_KEYS,
        "summary": {"progression_share", "stopped_share", "plan_compliance",
                    "attendance_compliance", "occupancy"},
    }
    assert {"as_of": "2018-06-30", "since": "2017-06-30"}.items() <= document.items()
    assert {"agreement_id", "name", "provider", "price_per_pathway", *expected} <= set(result)
    for section, keys in expected.items():
        assert keys <= set(result[section]), section


def test_price_per_pathway_is_a_json_number() -> None:
    from decimal import Decimal

    register = Register([agreement(price_per_pathway=Decimal("14500.50"))])
    assert 14500.5 == evaluate(register, as_of=D).to_dict()["agreements"][0]["price_per_pathway"]


def test_events_after_the_evaluation_date_count_for_nothing() -> None:
    """
    Dated after D: a third effect score, a plan revision and the meeting that
    answers a request made just before D. As of D the score change is the
    first two scores', the plan is not revised and the request is still open.
    """
    register = Register([agreement(followup_interval_weeks=4)], [
        pathway("P1", start_date="2018-01-08", plan_date="2018-02-01"),
    ], [
        event("P1", "2018-03-01", "effect", "tillid", 2),
        event("P1", "2018-05-01", "effect", "tillid", 3),
        event("P1", "2018-06-25", "meeting_request"),
        event("P1", "2018-07-02", "effect", "tillid", 5),
        event("P1", "2018-07-03", "plan_revised"),
        event("P1", "2018-07-04", "followup", "held"),
    ])
    result = only(register)
    assert {"tillid": Fraction(1)} == dict(result.q6_effects.score_change)
    assert 0 == result.q3_ownership.revised
    assert (1, 0, 1) == (result.q5_caseworker.meetings_requested,
                         result.q5_caseworker.requests_followed_by_meeting,
                         result.q5_caseworker.requests_open)
