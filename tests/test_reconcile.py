"""
Reconciliation: a published summary against the computed evaluation, and
against itself.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import forloeb
from forloeb.codes import STOPPED
from forloeb.errors import InvalidArgument
from forloeb.evaluation import (
    Discrepancy,
    DiscrepancyKind,
    evaluate,
    reconcile,
    reconcile_register,
)
from forloeb.privacy import HIDDEN

PUBLISHED_2018 = Path(__file__).parent.parent / "examples" / "slagelse-2018" / "published-2018.json"


def document(**q7: Any) -> dict[str, Any]:
    """A computed-looking document with one agreement and the given question 7 figures."""
    overview = {"completed": 4, "continuing": 1, "outcomes": {"fleksjob": 1, "jobsoegende": 3},
                "progression": 1, "progression_share": 0.25, "stopped": 0,
                "stopped_share": 0.0}
    overview.update(q7)
    return {"as_of": "2018-06-30", "since": "2017-06-30", "agreements": [{
        "agreement_id": "SA1", "name": "Samarbejdsaftale 1",
        "positive_outcomes": ["fleksjob", "ordinaert_job", "uddannelse"],
        "q1_in_use": {"slots": 8, "active": 1, "utilisation": 0.125},
        "q7_overview": overview,
        "q8_collaboration": {"notes": 3, "mean_rating": 13 / 3, "items": [
            {"date": "2018-01-01", "author": "jobcenter", "rating": r, "note": ""}
            for r in (4, 4, 5)]},
    }]}


def published(**q7: Any) -> dict[str, Any]:
    return {"agreements": [{"agreement_id": "SA1", "q7_overview": q7}]}


def kinds_and_paths(found: list[Discrepancy]) -> list[tuple[str, str | None, str]]:
    return [(str(d.kind), d.agreement_id, d.path) for d in found]


def test_the_published_2018_figures_show_the_sa2_discrepancies_and_none_for_sa1() -> None:
    computed = evaluate(forloeb.load_example(), as_of=dt.date(2018, 6, 30)).to_dict()
    found = reconcile(json.loads(PUBLISHED_2018.read_text(encoding="utf-8")), computed)
    assert [
        ("differs", "SA2", "q7_overview.completed"),
        ("differs", "SA2", "q7_overview.progression_share"),
        ("sum_mismatch", "SA2", "q7_overview.completed"),
        ("share_mismatch", "SA2", "q7_overview.progression_share"),
        ("share_mismatch", "SA2", "q7_overview.progression_share"),
        # Without the computed jobs, the published ones are checked against themselves.
        ("hours_mismatch", None, "jobs.flexjob_progression.paths.ANS-001.start.effective_hours"),
    ] == kinds_and_paths(found)
    assert [(34, 36), (0.64, 22 / 36)] == [(d.published, d.computed) for d in found[:2]]
    assert {"total": 34, "sum": 36} == {k: found[2].details[k] for k in ("total", "sum")}
    assert [(22, 34, 65), (22, 36, 61)] == [
        (d.details["numerator"], d.details["denominator"], d.details["percent"])
        for d in found[3:5]
    ]
    assert ("SA2: q7_overview.progression_share is published as 64 %, but 22 of 34 is 65 % "
            "(the progression outcomes of q7_overview.outcomes over q7_overview.completed)."
            ) == found[3].message


def test_a_document_reconciles_with_itself() -> None:
    assert [] == reconcile(document(), document())


def test_a_count_that_differs_is_reported_with_both_values() -> None:
    (found,) = reconcile(published(continuing=2), document())
    assert (DiscrepancyKind.DIFFERS, 2, 1) == (found.kind, found.published, found.computed)
    assert "SA1: q7_overview.continuing is published as 2, but the register gives 1." == (
        found.message)


def test_shares_are_compared_as_whole_percent() -> None:
    assert [] == reconcile(published(progression_share=0.254), document())
    found = reconcile(published(progression_share=0.26), document())
    assert [("differs", "SA1", "q7_overview.progression_share")] == kinds_and_paths(found)


def test_a_published_total_that_is_not_the_sum_of_its_outcomes() -> None:
    computed = document(completed=5, outcomes={"fleksjob": 2, "jobsoegende": 3}, progression=2,
                        progression_share=0.4)
    found = reconcile(published(completed=4, outcomes={"fleksjob": 2, "jobsoegende": 3}),
                      computed)
    assert [("differs", "SA1", "q7_overview.completed"),
            ("sum_mismatch", "SA1", "q7_overview.completed")] == kinds_and_paths(found)


def test_a_published_progression_that_is_not_its_positive_outcomes() -> None:
    found = reconcile(published(progression=2, outcomes={"fleksjob": 1, "jobsoegende": 3}),
                      document())
    assert [("differs", "SA1", "q7_overview.progression"),
            ("sum_mismatch", "SA1", "q7_overview.progression")] == kinds_and_paths(found)


def test_a_share_that_is_not_its_own_numerator_over_its_denominator() -> None:
    found = reconcile(published(progression=1, completed=4, progression_share=0.3), document())
    assert [("differs", "SA1", "q7_overview.progression_share"),
            ("share_mismatch", "SA1", "q7_overview.progression_share")] == kinds_and_paths(found)
    assert (30, 25) == (found[1].details["published_percent"], found[1].details["percent"])


def test_a_missing_numerator_is_derived_from_the_outcomes_and_the_positive_outcomes() -> None:
    pub = published(completed=4, outcomes={"fleksjob": 1, "jobsoegende": 3},
                    progression_share=0.5)
    found = [d for d in reconcile(pub, document()) if d.kind == "share_mismatch"]
    assert [(1, 4, "the progression outcomes of q7_overview.outcomes")] == [
        (d.details["numerator"], d.details["denominator"], d.details["numerator_from"])
        for d in found
    ]


def test_published_positive_outcomes_take_precedence_for_the_derived_numerator() -> None:
    """Counting jobsoegende as progression, 4 of 4 is 100 %, not the published 50 %."""
    pub = published(completed=4, outcomes={"fleksjob": 1, "jobsoegende": 3},
                    progression_share=0.5)
    pub["agreements"][0]["positive_outcomes"] = ["fleksjob", "jobsoegende"]
    found = [d for d in reconcile(pub, document()) if d.kind == "share_mismatch"]
    assert [(4, 4, 100)] == [(d.details["numerator"], d.details["denominator"],
                              d.details["percent"]) for d in found]


def test_an_outcome_missing_from_the_published_list_counts_as_zero() -> None:
    found = reconcile(published(outcomes={"jobsoegende": 3}), document())
    assert [("differs", "SA1", "q7_overview.outcomes.fleksjob")] == kinds_and_paths(found)
    assert (0, 1) == (found[0].published, found[0].computed)


def test_a_published_agreement_the_register_lacks() -> None:
    pub = {"agreements": [{"agreement_id": "SA3", "q7_overview": {"completed": 3,
                                                                  "outcomes": {"barsel": 2}}}]}
    found = reconcile(pub, document())
    assert [("missing_agreement", "SA3", ""), ("sum_mismatch", "SA3", "q7_overview.completed")
            ] == kinds_and_paths(found)


def test_a_mean_rating_is_compared_at_the_precision_it_was_published_with() -> None:
    def rating(value: float) -> dict[str, Any]:
        return {"agreements": [{"agreement_id": "SA1",
                                "q8_collaboration": {"mean_rating": value}}]}

    assert [] == reconcile(rating(4.3), document())  # 13/3 = 4.333...
    assert ["q8_collaboration.mean_rating"] == [d.path for d in reconcile(rating(4.4),
                                                                          document())]


def test_suppressed_cells_text_and_lists_are_not_compared() -> None:
    pub = published(continuing="<5", outcomes={"fleksjob": "<5", "jobsoegende": 3})
    pub["agreements"][0]["name"] = "Aftale 1"
    assert [] == reconcile(pub, document())


def test_a_suppressed_x_is_not_compared_either() -> None:
    assert [] == reconcile(published(completed="x", stopped="<5"), document())


@pytest.mark.parametrize(("value", "shown"), [
    ("four", "the text 'four'"),
    ([4], "a list"),
    (True, "true"),
])
def test_anything_but_a_number_where_the_register_gives_one_is_a_discrepancy(
        value: Any, shown: str) -> None:
    (found,) = reconcile(published(completed=value), document())
    assert (DiscrepancyKind.DIFFERS, "q7_overview.completed", 4,
            f"SA1: q7_overview.completed is published as {shown}, which is no figure; the "
            "register gives 4.") == (found.kind, found.path, found.computed, found.message)


def test_the_text_published_for_a_figure_is_never_repeated_if_it_looks_like_a_cpr_number(
        ) -> None:
    (found,) = reconcile(published(completed="010190-1234"), document())
    assert "010190-1234" not in json.dumps(found.to_dict())


def test_a_figure_the_evaluation_does_not_have() -> None:
    (found,) = reconcile(published(happiness=7), document())
    assert (None, "SA1: q7_overview.happiness is published as 7, but the evaluation has no "
            "such figure.") == (found.computed, found.message)


def test_published_figures_for_another_date() -> None:
    found = reconcile({"as_of": "2017-06-30", "agreements": []}, document())
    assert [("differs", None, "as_of")] == kinds_and_paths(found)
    assert ("2017-06-30", "2018-06-30") == (found[0].published, found[0].computed)


def test_a_published_plan_total_that_is_not_the_sum_of_its_statuses() -> None:
    computed = copy.deepcopy(document())
    statuses = {"met": 20, "late": 0, "exempt": 6, "pending": 3, "overdue": 0, "not_due": 0}
    computed["agreements"][0]["q2_plan"] = {"participants": 29, **statuses}
    pub = {"agreements": [{"agreement_id": "SA1",
                           "q2_plan": {"participants": 28, **statuses}}]}
    assert [("differs", "SA1", "q2_plan.participants"),
            ("sum_mismatch", "SA1", "q2_plan.participants")] == kinds_and_paths(
        reconcile(pub, computed))


@pytest.mark.parametrize("bad", [[], {"agreements": {"SA1": {}}}, {"agreements": [{"x": 1}]}])
def test_a_document_not_in_the_evaluation_shape_is_refused(bad: Any) -> None:
    with pytest.raises(InvalidArgument, match="published"):
        reconcile(bad, document())


def test_a_discrepancy_is_json_able() -> None:
    (found,) = reconcile(published(continuing=2), document())
    assert {"agreement_id": "SA1", "path": "q7_overview.continuing", "published": 2,
            "computed": 1, "kind": "differs"}.items() <= json.loads(
        json.dumps(found.to_dict())).items()


def test_the_published_jobs_of_2018_show_3_5_effective_hours_that_are_3_6() -> None:
    """
    "4.5 hours a week at 80 % intensity, i.e. 3.5 effective hours": it is 3.6,
    against the register and against its own hours and intensity.
    """
    published_2018 = json.loads(PUBLISHED_2018.read_text(encoding="utf-8"))
    found = reconcile_register(forloeb.load_example(), published_2018,
                               as_of=dt.date(2018, 6, 30))
    jobs = [d for d in found if d.path.startswith("jobs.")]
    path = "jobs.flexjob_progression.paths.ANS-001.start.effective_hours"
    assert [("differs", None, path), ("hours_mismatch", None, path)] == kinds_and_paths(jobs)
    assert [(3.5, 3.6), (3.5, 3.6)] == [(d.published, d.computed) for d in jobs]
    assert (f"{path} is published as 3.5, but 4.5 hours a week at 80 % intensity is 3.6 "
            "effective hours.") == jobs[1].message


def test_published_jobs_are_checked_against_their_own_kinds() -> None:
    jobs = {"via_jobcenter": {"fleksjob": 21, "deltid": 7, "fuldtid": 3, "loentilskud": 4},
            "total_via_jobcenter": 36}
    [found] = reconcile({"agreements": [], "jobs": jobs}, {"agreements": []})
    assert ("sum_mismatch", "jobs.total_via_jobcenter", 36, 35) == (
        str(found.kind), found.path, found.published, found.computed)


def test_published_effective_hours_are_compared_at_their_own_precision() -> None:
    step = {"hours_per_week": 4.5, "intensity": 80}
    paths = [{"employment_id": "E1", "start": {**step, "effective_hours": 4},
              "now": {**step, "effective_hours": 3.6}}]
    document = {"agreements": [], "jobs": {"flexjob_progression": {"paths": paths}}}
    assert [] == reconcile(document, {"agreements": []})


def test_a_published_goal_met_that_the_register_does_not_meet_differs() -> None:
    found = reconcile_register(forloeb.load_example(),
                               {"agreements": [], "jobs": {"year": 2018, "as_of": "2018-06-30",
                                                           "goal_met": True}},
                               as_of=dt.date(2018, 6, 30))
    assert [("differs", None, "jobs.goal_met", True, False)] == [
        (str(d.kind), d.agreement_id, d.path, d.published, d.computed) for d in found]
    assert "jobs.goal_met is published as True, but the register gives False." == (
        found[0].message)


def test_published_jobs_are_measured_against_their_own_goal() -> None:
    """35 hires through the jobcenter in 2018: a goal of 40 is not met, 5 are missing."""
    jobs = {"year": 2018, "goal": 40, "goal_met": False, "missing": 5}
    assert [] == reconcile_register(forloeb.load_example(), {"agreements": [], "jobs": jobs},
                                    as_of=dt.date(2018, 6, 30))


# -- nothing CPR-like from the published figures is repeated ---------------------------


_CPR_LIKE = ["3006181234", "106181234", "300618:1234", "3006181234.0"]


@pytest.mark.parametrize("value", _CPR_LIKE)
def test_a_published_agreement_id_that_looks_like_a_cpr_number_is_not_repeated(
        value: str) -> None:
    (found,) = reconcile({"agreements": [{"agreement_id": value,
                                          "q7_overview": {"completed": 3}}]}, document())
    shown = json.dumps(found.to_dict(), ensure_ascii=False) + repr(found)
    assert value not in shown
    assert (DiscrepancyKind.MISSING_AGREEMENT, HIDDEN, HIDDEN) == (
        found.kind, found.agreement_id, found.published)
    assert found.message.startswith(
        "An agreement whose id looks like a CPR number (not shown) is in the published figures")


@pytest.mark.parametrize("value", _CPR_LIKE)
def test_a_published_key_or_figure_that_looks_like_a_cpr_number_is_not_repeated(
        value: str) -> None:
    number = float(value) if value.endswith(".0") else int(value) if value.isdecimal() else value
    pub = {"agreements": [{"agreement_id": "SA1", "q7_overview": {
        "completed": number, value: 4, "outcomes": {value: 1}}}],
           "jobs": {"flexjob_progression": {"paths": [
               {"employment_id": value, "start": {"hours_per_week": 10, "intensity": 50,
                                                  "effective_hours": 9}}]}}}
    found = reconcile(pub, document())
    assert found
    for discrepancy in found:
        shown = json.dumps(discrepancy.to_dict(), ensure_ascii=False) + repr(discrepancy)
        assert value not in shown
        assert str(number) not in shown
    assert ("q7_overview.completed is published as a value that looks like a CPR number "
            "(not shown), which is no figure") in found[0].message


def test_a_published_document_of_the_wrong_shape_does_not_repeat_a_cpr_like_id() -> None:
    with pytest.raises(InvalidArgument) as raised:
        reconcile({"agreements": [{"agreement_id": 106181234}]}, document())
    assert "106181234" not in str(raised.value)
    assert "agreement number 1 must be an object with an 'agreement_id'" in str(raised.value)


def test_a_published_jobs_year_that_looks_like_a_cpr_number_is_not_repeated() -> None:
    with pytest.raises(InvalidArgument) as raised:
        reconcile_register(forloeb.load_example(), {"agreements": [], "jobs": {"year": 106181234}},
                           as_of=dt.date(2018, 6, 30))
    assert "106181234" not in str(raised.value)



def _step(hours: float, intensity: int, effective_hours: float) -> dict[str, Any]:
    return {"hours_per_week": hours, "intensity": intensity, "effective_hours": effective_hours}


@pytest.mark.parametrize(("points", "where", "own"), [
    ({"start": _step(4.5, 80, 3.5)}, "start",
     "4.5 hours a week at 80 % intensity is 3.6 effective hours."),
    ({"now": _step(10, 50, 4)}, "now",
     "10 hours a week at 50 % intensity is 5 effective hours."),
    ({"steps": [_step(10, 50, 5), _step(15, 50, 7.4)]}, "steps.2",
     "15 hours a week at 50 % intensity is 7.5 effective hours."),
])
def test_every_published_effective_hours_is_checked_against_its_hours_and_intensity(
        points: dict[str, Any], where: str, own: str) -> None:
    paths = [{"employment_id": "E1", **points}]
    [found] = reconcile({"agreements": [], "jobs": {"flexjob_progression": {"paths": paths}}},
                        {"agreements": []})
    path = f"jobs.flexjob_progression.paths.E1.{where}.effective_hours"
    shown = found.published
    assert (DiscrepancyKind.HOURS_MISMATCH, path, f"{path} is published as {shown}, but {own}"
            ) == (found.kind, found.path, found.message)


@pytest.mark.parametrize(("figures", "path", "total", "parts"), [
    ({"q7_overview": {"stopped": 2, "outcomes": {"jobsoegende": 3, STOPPED: 1}}},
     "q7_overview.stopped", 2, 1),
    ({"q8_collaboration": {"notes": 4, "items": [{}, {}, {}]}},
     "q8_collaboration.notes", 4, 3),
])
def test_a_published_total_is_checked_against_its_own_published_parts(
        figures: dict[str, Any], path: str, total: int, parts: int) -> None:
    found = reconcile({"agreements": [{"agreement_id": "SA1", **figures}]}, {"agreements": []})
    assert [(path, total, parts)] == [(d.path, d.published, d.computed) for d in found
                                      if d.kind == DiscrepancyKind.SUM_MISMATCH]


@pytest.mark.parametrize("figures", [
    {"q7_overview": {"stopped": "<5", "outcomes": {"jobsoegende": 3, STOPPED: 1}}},
    {"q8_collaboration": {"notes": "<5", "items": [{}, {}, {}]}},
    {"q8_collaboration": {"items": [{}, {}, {}]}},
])
def test_a_total_suppressed_or_left_out_is_not_checked_against_its_parts(
        figures: dict[str, Any]) -> None:
    found = reconcile({"agreements": [{"agreement_id": "SA1", **figures}]}, {"agreements": []})
    assert [] == [d for d in found if d.kind == DiscrepancyKind.SUM_MISMATCH]


def test_a_count_published_where_the_register_has_a_breakdown_differs() -> None:
    found = reconcile(published(outcomes=4), document())
    assert [("differs", "SA1", "q7_overview.outcomes")] == kinds_and_paths(found)
    assert (4, {"fleksjob": 1, "jobsoegende": 3}) == (found[0].published, found[0].computed)
