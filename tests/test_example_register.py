"""
The bundled example register reproduces the 2018 reference case (domain.md section 6).

Every figure is computed here straight from the model (states, outcomes, plan
dates), not through the evaluation, so the example and the evaluation check
each other.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

import forloeb
from forloeb import EXAMPLE_AS_OF, EXAMPLE_REGISTER, Pathway, Register, State
from forloeb.codes import CANCELLED, EventType
from forloeb.dates import add_weeks
from forloeb.rules import validate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "slagelse-2018"
D = dt.date(2018, 6, 30)
P = dt.date(2017, 6, 30)
FILES = ("agreements.csv", "pathways.csv", "events.csv", "collaboration.csv",
         "employments.csv", "employment_events.csv")

SA1_OUTCOMES = {
    "fleksjob": 5, "ordinaert_job": 2, "uddannelse": 3, "stoppet_massive_udfordringer": 4,
    "praktik_foer_rehab": 5, "afventer_rehab": 3, "foertidspension": 1, "faengsel": 1,
    "jobsoegende": 1,
}
SA2_OUTCOMES = {
    "fleksjob": 5, "ordinaert_job": 7, "loentilskud": 2, "uddannelse": 4, "sprogskole": 4,
    "arbejdsproevning_2": 1, "barsel": 1, "stoppet_massive_udfordringer": 1,
    "rehab_afklaring": 4, "afventer_rehab": 7,
}


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slagelse_2018_build", EXAMPLE / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def register() -> Register:
    return forloeb.load_example()


def started(register: Register, agreement_id: str) -> list[Pathway]:
    return [p for p in register.pathways_of(agreement_id)
            if p.start_date is not None and p.start_date <= D]


def completed(register: Register, agreement_id: str) -> list[Pathway]:
    return [p for p in register.pathways_of(agreement_id)
            if p.state(as_of=D) is State.ENDED and p.outcome != CANCELLED]


def plan_status(register: Register, p: Pathway) -> str:
    """
    The plan-deadline status as of D, by domain.md section 4, from the pathway alone.
    """
    assert p.start_date is not None
    due = add_weeks(p.start_date, register.agreement(p.agreement_id).plan_deadline_weeks)
    if p.plan_date is not None and p.plan_date <= D:
        return "met" if p.plan_date <= due else "late"
    if p.no_plan_reason is not None:
        return "exempt"
    if p.end_date is not None and p.end_date <= D:
        return "not_due" if p.end_date < due else "missed"
    return "pending" if D <= due else "overdue"


def test_the_bundled_register_is_the_example_folder() -> None:
    assert EXAMPLE.resolve() == EXAMPLE_REGISTER.resolve()
    assert D == EXAMPLE_AS_OF


def test_build_regenerates_the_committed_files_byte_for_byte(
    build: ModuleType, tmp_path: Path
) -> None:
    assert build.main([str(tmp_path)]) == 0
    for name in FILES:
        assert (EXAMPLE / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_loaded_register_equals_the_one_build_makes(
    build: ModuleType, register: Register
) -> None:
    assert build.build_register() == register


def test_the_register_breaks_no_rule(register: Register) -> None:
    assert [] == validate(register)


def test_the_agreements_carry_the_2018_terms(register: Register) -> None:
    sa1, sa2 = register.agreement("SA1"), register.agreement("SA2")
    assert ("Samarbejdsaftale 1", "VeteranHaven") == (sa1.name, sa1.provider)
    assert (8, 0, 4, 52, 2) == (sa1.slots, sa1.extra_slots, sa1.plan_deadline_weeks,
                                sa1.frame_weeks, sa1.attendance_interval_months)
    assert ("fleksjob", "ordinaert_job", "uddannelse") == sa1.positive_outcomes
    assert ("Samarbejdsaftale 2", "Sumak") == (sa2.name, sa2.provider)
    assert (8, 2, 1, 13, 4) == (sa2.slots, sa2.extra_slots, sa2.plan_deadline_weeks,
                                sa2.frame_weeks, sa2.followup_interval_weeks)
    assert ("fleksjob", "ordinaert_job", "loentilskud", "uddannelse",
            "sprogskole") == sa2.positive_outcomes
    assert sa1.price_per_pathway is not None
    assert sa2.price_per_pathway is not None


def test_sa1_overview_has_the_published_outcomes(register: Register) -> None:
    done = completed(register, "SA1")
    sa1 = register.agreement("SA1")
    assert 25 == len(done)
    assert SA1_OUTCOMES == Counter(p.outcome for p in done)
    assert 10 == sum(sa1.is_progression(p.outcome) for p in done)
    assert 4 == sum(p.outcome == "stoppet_massive_udfordringer" for p in done)


def test_sa1_is_in_use_as_published(register: Register) -> None:
    pathways = register.pathways_of("SA1")
    states = Counter(p.state(as_of=D) for p in pathways if p.outcome != CANCELLED)
    assert 4 == states[State.ACTIVE]
    assert 2 == states[State.REFERRED]
    assert 3 == sum(P < p.end_date <= D for p in completed(register, "SA1")
                    if p.end_date is not None)
    upcoming = [p for p in pathways if p.state(as_of=D) is State.REFERRED
                and p.outcome != CANCELLED]
    assert all(p.referred_date is not None and p.referred_date <= D for p in upcoming)
    assert all(p.start_date is not None and p.start_date.month == 8 for p in upcoming)


def test_sa1_plans_are_20_met_6_exempt_3_pending(register: Register) -> None:
    pathways = started(register, "SA1")
    assert 29 == len(pathways)
    assert {"met": 20, "exempt": 6, "pending": 3} == Counter(
        plan_status(register, p) for p in pathways
    )
    reasons = Counter(p.no_plan_reason for p in pathways if p.no_plan_reason)
    assert {"behandling_backup", "kort_forloeb", "massive_udfordringer",
            "arbejdsproevning"} == set(reasons)


def test_sa1_pending_plans_belong_to_the_june_starters(register: Register) -> None:
    pending = [p for p in started(register, "SA1") if plan_status(register, p) == "pending"]
    assert all(p.start_date is not None and p.start_date > D - dt.timedelta(weeks=4)
               for p in pending)
    # Their plans come in July: as of D they do not exist yet.
    assert all(p.plan_date is not None and p.plan_date > D for p in pending)


def test_sa2_overview_counts_one_pathway_per_person(register: Register) -> None:
    done = completed(register, "SA2")
    sa2 = register.agreement("SA2")
    assert 36 == len(done)
    assert SA2_OUTCOMES == Counter(p.outcome for p in done)
    assert 22 == sum(sa2.is_progression(p.outcome) for p in done)
    people = [p.participant_id for p in register.pathways_of("SA2")]
    assert len(people) == len(set(people))


def test_sa2_has_nine_continuing_on_one_extra_slot(register: Register) -> None:
    sa2 = register.agreement("SA2")
    active = [p for p in register.pathways_of("SA2") if p.state(as_of=D) is State.ACTIVE]
    assert 9 == len(active)
    assert sa2.slots < len(active) <= sa2.capacity


def test_sa2_plans_are_mostly_made_within_a_week(register: Register) -> None:
    pathways = started(register, "SA2")
    assert 45 == len(pathways)
    assert {"met": 38, "late": 4, "exempt": 2, "pending": 1} == Counter(
        plan_status(register, p) for p in pathways
    )


def test_each_agreement_has_one_cancelled_pathway_excluded_from_completed(
    register: Register,
) -> None:
    for agreement_id in ("SA1", "SA2"):
        cancelled = [p for p in register.pathways_of(agreement_id) if p.outcome == CANCELLED]
        assert 1 == len(cancelled)
        (p,) = cancelled
        assert p.start_date is None
        assert p.end_date is not None
        assert p.end_date <= D
        assert p not in completed(register, agreement_id)


def test_facts_dated_after_the_evaluation_date_exist(register: Register) -> None:
    """
    The register runs into the autumn of 2018, so evaluating "as of" matters.
    """
    assert any(p.end_date is not None and p.end_date > D and p.outcome
               for p in register.pathways_of("SA1"))
    assert sum(p.end_date is not None and p.end_date > D
               for p in register.pathways_of("SA2")) >= 3
    assert {7, 8, 9, 10, 11, 12} <= {e.date.month for e in register.events if e.date > D}
    assert max(e.date for e in register.events) <= dt.date(2018, 12, 31)


def test_every_question_has_data_in_the_period(register: Register) -> None:
    in_period = [e for e in register.events if P < e.date <= D]
    for agreement_id in ("SA1", "SA2"):
        ids = {p.pathway_id for p in register.pathways_of(agreement_id)}
        mine = [e for e in in_period if e.pathway_id in ids]
        assert {EventType.FOLLOWUP, EventType.ATTENDANCE_REPORT, EventType.DELIVERY,
                EventType.MEETING_REQUEST, EventType.PLAN_REVISED} <= {e.type for e in mine}
        assert any(e.type is EventType.EFFECT and e.value is not None for e in mine)
        notes = [n for n in register.notes_of(agreement_id) if P < n.date <= D]
        assert notes
        assert all(n.rating is not None and 3 <= n.rating <= 5 for n in notes)
        assert {"jobcenter", "enterprise"} == {n.author for n in notes}


def test_effect_scores_tend_to_rise(register: Register) -> None:
    changes = []
    for p in register.pathways:
        by_domain: dict[str, list[int]] = {}
        for e in register.events_of(p.pathway_id):
            if e.type is EventType.EFFECT and e.value is not None and e.code is not None:
                by_domain.setdefault(e.code, []).append(e.value)
        changes.extend(s[-1] - s[0] for s in by_domain.values() if len(s) > 1)
    assert changes
    assert all(c >= 0 for c in changes)
    assert sum(changes) > 0


def test_participant_ids_are_pseudonyms(register: Register) -> None:
    pattern = re.compile(r"(VH|SU)-\d{3}")
    assert all(pattern.fullmatch(p.participant_id) for p in register.pathways)


def test_published_figures_state_the_report_as_printed() -> None:
    published = json.loads((EXAMPLE / "published-2018.json").read_text(encoding="utf-8"))
    assert "2018-06-30" == published["as_of"]
    sa1, sa2 = published["agreements"]
    assert SA1_OUTCOMES == sa1["q7_overview"]["outcomes"]
    assert SA2_OUTCOMES == sa2["q7_overview"]["outcomes"]
    # The report's own inconsistency: SA2 says 34 completed, its outcomes add up to 36.
    assert (34, 36) == (sa2["q7_overview"]["completed"],
                        sum(sa2["q7_overview"]["outcomes"].values()))


# -- the hires: the jobs of 2018 and the flexjob of the report's example -----------------------


def hires_of(register: Register, year: int, channel: str) -> Counter[str]:
    return Counter(e.kind for e in register.employments
                   if e.start_date.year == year and e.channel == channel)


def test_2018_has_35_hires_through_the_jobcenter_and_29_through_other_channels(
        register: Register) -> None:
    assert {"fleksjob": 21, "deltid": 7, "fuldtid": 3, "loentilskud": 4} == hires_of(
        register, 2018, "jobcenter")
    assert 29 == sum(hires_of(register, 2018, "other").values())


def test_14_of_the_2018_hires_through_the_jobcenter_came_by_30_june(register: Register) -> None:
    assert 14 == sum(e.start_date <= D and e.channel == "jobcenter"
                     for e in register.employments if e.start_date.year == 2018)


def test_the_flexjob_of_the_report_rose_from_4_5_hours_at_80_to_15_at_100(
        register: Register) -> None:
    job = register.employment("ANS-001")
    assert ("fleksjob", dt.date(2016, 9, 8), Decimal("4.5"), 80) == (
        job.kind, job.start_date, job.hours_per_week, job.intensity)
    last = register.employment_events_of("ANS-001")[-1]
    assert last.date <= dt.date(2019, 1, 31)
    assert Decimal(15) == last.hours_per_week
    assert 100 == [e.intensity for e in register.employment_events_of("ANS-001")
                   if e.intensity is not None][-1]
    assert "SA1-P14" == job.pathway_id


def test_hires_that_follow_a_pathway_follow_one_that_ended_in_a_job(register: Register) -> None:
    followed = [e for e in register.employments if e.pathway_id is not None]
    assert len(followed) >= 10
    for job in followed:
        pathway = register.pathway(job.pathway_id or "")
        assert pathway.outcome in ("fleksjob", "ordinaert_job", "loentilskud")
        assert pathway.participant_id == job.participant_id
        assert pathway.end_date is not None
        assert pathway.end_date <= job.start_date
    assert {"fleksjob", "ordinaert_job", "loentilskud"} == {
        register.pathway(e.pathway_id or "").outcome for e in followed}


def test_the_register_holds_no_fact_after_the_end_of_2018(register: Register) -> None:
    days = [e.start_date for e in register.employments]
    days += [e.end_date for e in register.employments if e.end_date is not None]
    days += [e.date for e in register.employment_events]
    assert max(days) <= dt.date(2018, 12, 31)
