"""
The disclosure audit: it finds the hidden counts a reader can still work out,
and finds none in what :func:`suppress` publishes.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.evaluation import comparison, evaluate, trend_of
from forloeb.rendering import audit, suppress
from forloeb.rendering._relations import agreement_relations, get, jobs_relations
from forloeb.rendering.disclosure import ELSEWHERE, LISTED, MEAN, NARROWED, WORKED_OUT
from forloeb.testing import registers

AS_OF = dt.date(2018, 6, 30)
PUBLISHED = Path(__file__).resolve().parents[1] / "examples" / "slagelse-2018" / \
    "published-2018.json"

_GENERATED = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


def _unit(**sections):
    return {"agreement_id": "SA1", "positive_outcomes": ["fleksjob"], **sections}


def _hows(original, published):
    return {(d.figure, d.value, d.how) for d in audit(original, published).disclosures}


def test_the_audit_works_a_hidden_count_out_from_a_total_and_its_other_parts():
    q7 = {"completed": 20, "progression": 10, "stopped": 4,
          "outcomes": {"fleksjob": 10, "barsel": 6, "stoppet_massive_udfordringer": 4}}
    shown = {**q7, "stopped": "<5", "outcomes": {**q7["outcomes"],
                                                 "stoppet_massive_udfordringer": "<5"}}
    original = {"agreements": [_unit(q7_overview=q7)]}
    published = {"suppressed_below": 5, "agreements": [_unit(q7_overview=shown)]}
    assert {("q7_overview.stopped", 4, WORKED_OUT),
            ("q7_overview.outcomes.stoppet_massive_udfordringer", 4, WORKED_OUT)} == \
        _hows(original, published)


def test_the_audit_works_a_count_out_from_a_share_and_its_denominator():
    q5 = {"meetings_requested": 10, "requests_followed_by_meeting": 3,
          "requests_followed_share": 0.3, "requests_open": 0}
    shown = {**q5, "requests_followed_by_meeting": "<5"}
    original = {"agreements": [_unit(q5_caseworker=q5)]}
    published = {"suppressed_below": 5, "agreements": [_unit(q5_caseworker=shown)]}
    assert ("q5_caseworker.requests_followed_by_meeting", 3, WORKED_OUT) in \
        _hows(original, published)


def test_the_audit_narrows_two_hidden_counts_that_add_up_to_eight_to_four_each():
    q7 = {"completed": 18, "progression": 10, "stopped": 0,
          "outcomes": {"fleksjob": 10, "barsel": 4, "faengsel": 4}}
    shown = {**q7, "outcomes": {"fleksjob": 10, "barsel": "<5", "faengsel": "<5"}}
    found = _hows({"agreements": [_unit(q7_overview=q7)]},
                  {"suppressed_below": 5, "agreements": [_unit(q7_overview=shown)]})
    assert {("q7_overview.outcomes.barsel", 4, NARROWED),
            ("q7_overview.outcomes.faengsel", 4, NARROWED)} == found


def test_the_audit_counts_notes_listed_beside_their_hidden_number_and_their_mean():
    items = [{"date": "2018-01-02", "author": "", "rating": 4, "note": ""}] * 3
    q8 = {"notes": 3, "mean_rating": 4.0, "items": items}
    found = _hows({"agreements": [_unit(q8_collaboration=q8)]},
                  {"suppressed_below": 5,
                   "agreements": [_unit(q8_collaboration={**q8, "notes": "<5",
                                                          "mean_rating": "<5"})]})
    assert {("q8_collaboration.notes", 3, LISTED)} == found
    found = _hows({"agreements": [_unit(q8_collaboration=q8)]},
                  {"suppressed_below": 5, "agreements": [_unit(
                      q8_collaboration={**q8, "notes": "<5", "items": []})]})
    assert {("q8_collaboration.notes", 3, MEAN)} == found


def test_without_its_complementary_counts_the_example_would_give_counts_away(document):
    """Only the small counts hidden (as before issue 10): the audit sees what a reader would."""
    published = suppress(document, below=5)
    naive = {**published, "agreements": [dict(a) for a in published["agreements"]]}
    q2 = dict(naive["agreements"][1]["q2_plan"])
    original_q2 = document["agreements"][1]["q2_plan"]
    # Show again every count that was hidden only to protect another.
    q2.update({k: original_q2[k] for k, v in q2.items() if v == "x"})
    naive["agreements"][1]["q2_plan"] = q2
    assert audit(document, naive).disclosures


@pytest.fixture(scope="module")
def document():
    return evaluate(forloeb.load_example(), as_of=AS_OF).to_dict()


@pytest.mark.parametrize("below", [3, 5, 10])
def test_the_bundled_examples_three_year_report_gives_nothing_away(below):
    """`forloeb evaluate --years 2016..2018`, and each year's evaluation, suppressed."""
    register = forloeb.load_example()
    evaluations = [evaluate(register, as_of=dt.date(y, 6, 30)) for y in (2016, 2017, 2018)]
    documents = [e.to_dict() for e in evaluations]
    report = trend_of(evaluations)
    assert () == audit(report, suppress(report, below=below, evaluations=documents)).disclosures
    for document in documents:
        result = audit(document, suppress(document, below=below))
        assert result.hidden > 0
        assert () == result.disclosures


def test_a_synthetic_register_gives_nothing_away():
    from forloeb.synthetic import write

    with tempfile.TemporaryDirectory() as folder:
        write(folder, pathways=1500, seed=7)
        register = forloeb.load(folder)
    document = evaluate(register, as_of=dt.date(2023, 6, 30)).to_dict()
    result = audit(document, suppress(document, below=5))
    assert result.hidden > 100
    assert () == result.disclosures


@_GENERATED
@given(register=registers(max_pathways=40, max_events_per_pathway=5,
                          max_notes_per_agreement=5),
       below=st.integers(3, 10))
def test_suppression_gives_no_hidden_count_away(register, below):
    original = evaluate(register, as_of=AS_OF).to_dict()
    assert () == audit(original, suppress(original, below=below)).disclosures


@_GENERATED
@given(register=registers(max_pathways=40, max_events_per_pathway=5,
                          max_notes_per_agreement=5))
def test_below_two_no_hidden_count_is_worked_out_from_the_figures(register):
    """With 2, a "<2" is 0 or 1: sums of ones can be narrowed, nothing else is given away."""
    original = evaluate(register, as_of=AS_OF).to_dict()
    found = audit(original, suppress(original, below=2)).disclosures
    assert [] == [d for d in found if d.how != NARROWED]


@_GENERATED
@given(register=registers(max_pathways=30), below=st.integers(2, 8))
def test_a_suppressed_comparison_gives_no_hidden_count_away(register, below):
    evaluation = evaluate(register, as_of=AS_OF)
    original = comparison(evaluation)
    published = suppress(original, below=below, evaluations=[evaluation.to_dict()])
    assert () == audit(original, published).disclosures


@_GENERATED
@given(register=registers(max_pathways=40, max_events_per_pathway=5,
                          max_notes_per_agreement=5))
def test_every_relation_said_to_hold_by_definition_holds(register):
    for agreement in evaluate(register, as_of=AS_OF).to_dict()["agreements"]:
        for relation in agreement_relations(agreement).sums:
            if relation.exact:
                total = get(agreement, relation.total)
                assert total == sum(get(agreement, p) for p in relation.parts), relation


# -- the jobs of a year and the annual report -----------------------------------------

def _jobs_document(**figures):
    """A jobs document with no hire, no flexjob and no review, then ``figures``."""
    kinds = dict.fromkeys(("fleksjob", "deltid", "fuldtid", "loentilskud"), 0)
    document = {"year": 2018, "as_of": "2018-06-30", "goal": 30, "via_jobcenter": kinds,
                "total_via_jobcenter": 0, "goal_met": False, "missing": 30,
                "other_channels": 0, "other_channels_by_kind": dict(kinds), "total": 0,
                "by_enterprise": {}, "enterprises": [], "mid_year": True, "pace": None,
                "flexjob_progression": {"as_of": "2018-06-30", "running": 0, "up": 0,
                                        "same": 0, "down": 0, "mean_start_hours": None,
                                        "mean_hours": None, "mean_change": None,
                                        "paths": []},
                "flexjob_reviews": {"year": 2018, "due": 0, "met": 0, "late": 0,
                                    "exempt": 0, "pending": 0, "overdue": 0, "missed": 0,
                                    "not_due": 0, "compliance": None}}
    document.update(figures)
    return document


def test_the_audit_works_a_hidden_hire_out_from_the_total_and_the_other_kinds():
    kinds = {"fleksjob": 9, "deltid": 3, "fuldtid": 0, "loentilskud": 0}
    original = _jobs_document(via_jobcenter=kinds, total_via_jobcenter=12, missing=18,
                              total=12)
    published = {**original, "suppressed_below": 5,
                 "via_jobcenter": {**kinds, "deltid": "<5"}}
    assert {("via_jobcenter.deltid", 3, WORKED_OUT)} == _hows(original, published)


def test_the_audit_works_the_hires_out_from_what_is_missing_to_the_goal():
    kinds = {"fleksjob": 3, "deltid": 0, "fuldtid": 0, "loentilskud": 0}
    original = _jobs_document(via_jobcenter=kinds, total_via_jobcenter=3, missing=27,
                              total=3)
    hidden = {"via_jobcenter": {**kinds, "fleksjob": "<5"}, "total_via_jobcenter": "<5",
              "total": "<5", "suppressed_below": 5}
    assert ("total_via_jobcenter", 3, MEAN) in _hows(original, {**original, **hidden})
    # Hidden with the total, what is missing gives nothing away; nor does "no".
    published = {**original, **hidden, "missing": "<5", "goal_met": "<5"}
    assert set() == _hows(original, published)
    assert ("total_via_jobcenter", 3, MEAN) in _hows(original, {**published,
                                                                "goal_met": False})


def test_the_audit_adds_up_an_enterprises_hires_by_channel():
    rows = [{"enterprise": "Sumak", "via_jobcenter": 2, "other_channels": 6, "total": 8}]
    original = _jobs_document(enterprises=rows, by_enterprise={"Sumak": 8},
                              via_jobcenter={"fleksjob": 2, "deltid": 0, "fuldtid": 0,
                                             "loentilskud": 0},
                              total_via_jobcenter=2, missing=28,
                              other_channels_by_kind={"fleksjob": 6, "deltid": 0,
                                                      "fuldtid": 0, "loentilskud": 0},
                              other_channels=6, total=8)
    published = suppress(original, below=5)
    assert "<5" == published["enterprises"][0]["via_jobcenter"]
    # 8 - 6: the enterprise's other hires must go, and with them what gives them away.
    assert "x" == published["enterprises"][0]["other_channels"]
    assert () == audit(original, published).disclosures
    naive = {**published, "enterprises": [{**rows[0], "via_jobcenter": "<5"}]}
    assert ("enterprises.0.via_jobcenter", 2, WORKED_OUT) in _hows(original, naive)


def test_a_hidden_total_of_hires_hides_whether_the_goal_is_met_and_the_pace():
    register = forloeb.load_example()
    published = suppress(forloeb.jobs(register, year=2018, as_of=dt.date(2018, 1, 28))
                         .to_dict(), below=5)
    assert ("<5", "<5", "<5") == (published["total_via_jobcenter"], published["goal_met"],
                                  published["missing"])
    assert ("<5", "<5") == (published["pace"]["on_track"],
                            published["pace"]["needed_per_month"])
    assert (30, 0.9032258064516129) == (published["goal"], published["pace"]["months_elapsed"])


@pytest.mark.parametrize("below", [2, 3, 5, 10])
@pytest.mark.parametrize("as_of", [dt.date(2018, 6, 30), dt.date(2018, 12, 31),
                                   dt.date(2018, 1, 28)])
def test_the_bundled_examples_jobs_give_nothing_away(below, as_of):
    """`forloeb jobs --year 2018 --suppress-below N` (with 2, only sums of ones narrow)."""
    document = forloeb.jobs(forloeb.load_example(), year=2018, as_of=as_of).to_dict()
    result = audit(document, suppress(document, below=below))
    assert result.hidden > 0
    assert [] == [d for d in result.disclosures if below > 2 or d.how != NARROWED]


def test_without_its_complementary_counts_the_examples_jobs_would_give_counts_away():
    document = forloeb.jobs(forloeb.load_example(), year=2018,
                            as_of=dt.date(2018, 6, 30)).to_dict()
    published = suppress(document, below=5)
    assert "x" == published["flexjob_progression"]["up"]
    naive = {**published, "flexjob_progression": {
        **published["flexjob_progression"], "up": document["flexjob_progression"]["up"]}}
    assert ("flexjob_progression.down", 1, WORKED_OUT) in _hows(document, naive)


@pytest.mark.parametrize("below", [3, 5, 10])
@pytest.mark.parametrize("mid_year", [False, True])
def test_the_bundled_examples_annual_report_gives_nothing_away(below, mid_year):
    """`forloeb report --year 2018 --published ... --suppress-below N`, every part of it."""
    published_2018 = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    annual = forloeb.annual_report(forloeb.load_example(), year=2018, mid_year=mid_year,
                                   published=published_2018)
    report = annual.to_dict()
    result = audit(report, suppress(report, below=below))
    assert result.hidden > 0
    assert () == result.disclosures
    # As `forloeb report` does it: each year of the trend as its evaluation.
    evaluations = [e.to_dict() for e in annual.trend_evaluations]
    assert [y["as_of"] for y in report["trend"]["years"]] == [e["as_of"] for e in evaluations]
    assert () == audit(report, suppress(report, below=below,
                                        evaluations=evaluations)).disclosures


def test_the_annual_reports_comparison_and_trend_hide_what_its_evaluations_hide():
    report = forloeb.annual_report(forloeb.load_example(), year=2018).to_dict()
    published = suppress(report, below=5)
    summer = {a["agreement_id"]: a for a in published["summer"]["agreements"]}
    year_end = {a["agreement_id"]: a for a in published["year_end"]["agreements"]}
    this_year = published["trend"]["years"][-1]
    assert "2018-06-30" == this_year["as_of"]
    for row in this_year["agreements"]:
        assert _key_figures(row, summer[row["agreement_id"]]) == _key_figures(row, row)
    for row in published["comparison"]["agreements"]:
        assert _key_figures(row, year_end[row["agreement_id"]]) == _key_figures(row, row)
    # A count the trend showed where the summer evaluation hides it would give it away.
    original = report["trend"]["years"][-1]["agreements"]
    n, name = next((n, name) for n, row in enumerate(this_year["agreements"])
                   for name in ("active", "completed", "progression", "stopped")
                   if isinstance(row[name], str) and original[n][name])
    leaky = {**published, "trend": {"years": [*published["trend"]["years"][:-1], {
        **this_year, "agreements": [{**row, name: original[n][name]} if i == n else row
                                    for i, row in enumerate(this_year["agreements"])]}]}}
    assert ELSEWHERE in {d.how for d in audit(report, leaky).disclosures}


@pytest.mark.parametrize("below", [3, 5, 10])
def test_the_earlier_years_of_the_annual_reports_trend_are_suppressed_as_on_their_own(below):
    # Only the report's own year has its evaluation beside it (the summer
    # evaluation); each earlier year of the trend is suppressed as a trend
    # of one year is, or with its own evaluation where one is given.
    register = forloeb.load_example()
    report = forloeb.annual_report(register, year=2018).to_dict()
    years = report["trend"]["years"]
    published = suppress(report, below=below)["trend"]["years"]
    assert "2018-06-30" == years[-1]["as_of"]
    assert len(years) > 1
    for block, shown in zip(years[:-1], published[:-1], strict=True):
        assert suppress({"years": [block]}, below=below)["years"][0] == shown
    evaluations = [evaluate(register, as_of=dt.date.fromisoformat(b["as_of"])).to_dict()
                   for b in years]
    given = suppress(report, below=below, evaluations=evaluations)["trend"]["years"]
    for block, evaluation, shown in zip(years, evaluations, given, strict=True):
        assert suppress({"years": [block]}, below=below,
                        evaluations=[evaluation])["years"][0] == shown


def test_suppression_hides_figures_and_adds_none_the_comparison_lacks():
    # The comparison holds no count of active pathways; the evaluation beside
    # it hides one (SA1's 4 at 5), and the row must not gain it.
    report = forloeb.annual_report(forloeb.load_example(), year=2018).to_dict()
    published = suppress(report, below=5)
    assert any(isinstance(get(a, ("q1_in_use", "active")), str)
               for a in published["year_end"]["agreements"])
    for row, before in zip(published["comparison"]["agreements"],
                           report["comparison"]["agreements"], strict=True):
        assert set(before) == set(row)


def _key_figures(row, unit):
    """The key figures ``row`` shows, as ``unit`` (the row or its agreement) shows them."""
    from forloeb.rendering._relations import ROW_SOURCES

    names = [name for name in ROW_SOURCES if name in row]
    if "q1_in_use" in unit:
        return {name: get(unit, ROW_SOURCES[name]) for name in names}
    return {name: unit[name] for name in names}


def test_the_reconciliation_hides_what_the_register_gives_where_the_report_hides_it():
    published_2018 = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    report = forloeb.annual_report(forloeb.load_example(), year=2018,
                                   published=published_2018).to_dict()
    published = suppress(report, below=40)
    differs = [d for d in published["reconciliation"] if d["kind"] == "differs"
               and d["path"] == "q7_overview.completed"]
    assert ["<40"] == [d["computed"] for d in differs]
    assert ["SA2: q7_overview.completed is published as 34, but the register gives <40."] \
        == [d["message"] for d in differs]
    assert () == audit(report, published).disclosures


def _reconciled(published: dict, below: int) -> dict[str, tuple[object, str]]:
    # The suppressed reconciliation's "differs" discrepancies: path -> (computed, message).
    report = forloeb.annual_report(forloeb.load_example(), year=2018,
                                   published=published).to_dict()
    return {d["path"]: (d["computed"], d["message"])
            for d in suppress(report, below=below)["reconciliation"] if d["kind"] == "differs"}


def test_the_reconciliation_hides_a_count_the_report_hides_as_complementary():
    # At 5, SA2's plans met on time (at least 5) are hidden to protect a small
    # count beside them; a published figure that differs must not show it either.
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    report = forloeb.annual_report(forloeb.load_example(), year=2018).to_dict()
    met = report["summer"]["agreements"][1]["q2_plan"]["met"]
    assert met >= 5
    published["agreements"][1]["q2_plan"] = {"met": met + 1}
    computed, message = _reconciled(published, below=5)["q2_plan.met"]
    assert "x" == computed
    assert message.endswith(f"is published as {met + 1}, but the register gives x.")
    # Where the report shows the count, so does the reconciliation.
    assert 5 <= report["summer"]["agreements"][1]["q7_overview"]["completed"]
    assert 36 == _reconciled(published, below=5)["q7_overview.completed"][0]


def test_the_reconciliation_leaves_out_the_hours_of_a_persons_flexjob_path():
    # The suppressed report leaves out every flexjob path (each is one person),
    # so what the register gives for one is not repeated beside the published figure.
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    path = "jobs.flexjob_progression.paths.ANS-001.start.effective_hours"
    computed, message = _reconciled(published, below=5)[path]
    assert "x" == computed
    assert message.endswith("is published as 3.5, but the register gives x.")
    report = forloeb.annual_report(forloeb.load_example(), year=2018,
                                   published=published).to_dict()
    assert [3.6] == [d["computed"] for d in report["reconciliation"]
                     if d["kind"] == "differs" and d["path"] == path]


def test_the_reconciliation_hides_whether_the_goal_is_met_where_the_report_hides_it():
    # Below 40 the 35 hires via the jobcenter are a small count, and whether
    # they reach the goal of 30 is hidden with them.
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    published["jobs"]["goal_met"] = False
    computed, message = _reconciled(published, below=40)["jobs.goal_met"]
    assert "<40" == computed
    assert message.endswith("but the register gives <40.")
    assert True is _reconciled(published, below=5)["jobs.goal_met"][0]


def test_the_reconciliation_keeps_what_the_published_figures_add_up_to():
    # A sum that does not add up is made of published figures only: public.
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    report = forloeb.annual_report(forloeb.load_example(), year=2018,
                                   published=published).to_dict()
    sums = [d for d in suppress(report, below=40)["reconciliation"]
            if d["kind"] == "sum_mismatch"]
    assert [36] == [d["computed"] for d in sums]
    assert sums[0]["message"].endswith("add up to 36.")


def test_a_comparison_suppressed_beside_an_evaluation_lacking_an_agreement_is_refused():
    register = forloeb.load_example()
    day = dt.date(2018, 6, 30)
    document = comparison(evaluate(register, as_of=day))
    other = evaluate(register, as_of=day, agreements=["SA1"]).to_dict()
    with pytest.raises(forloeb.InvalidArgument, match="the evaluation given for comparison 1 "
                                                      "has no agreement 'SA2'"):
        suppress(document, below=5, evaluations=[other])


_JOBS_GENERATED = settings(max_examples=20, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
_JOB_REGISTERS = registers(max_pathways=10, max_events_per_pathway=2, max_notes_per_agreement=1,
                           max_employments=40, max_events_per_employment=3)
_DAYS = st.dates(dt.date(2015, 1, 1), dt.date(2020, 12, 31))


@_JOBS_GENERATED
@given(register=_JOB_REGISTERS, as_of=_DAYS, below=st.integers(3, 10))
def test_suppressed_jobs_give_no_hidden_count_away(register, as_of, below):
    original = forloeb.jobs(register, year=as_of.year, as_of=as_of).to_dict()
    assert () == audit(original, suppress(original, below=below)).disclosures


@_JOBS_GENERATED
@given(register=_JOB_REGISTERS, as_of=_DAYS)
def test_below_two_no_hidden_hire_is_worked_out_from_the_figures(register, as_of):
    """As for the evaluation: a "<2" is 0 or 1, so only sums of ones can be narrowed."""
    original = forloeb.jobs(register, year=as_of.year, as_of=as_of).to_dict()
    found = audit(original, suppress(original, below=2)).disclosures
    assert [] == [d for d in found if d.how != NARROWED]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=_JOB_REGISTERS, year=st.integers(2015, 2020), mid_year=st.booleans(),
       below=st.integers(3, 10))
def test_a_suppressed_annual_report_gives_no_hidden_count_away(register, year, mid_year,
                                                                below):
    original = forloeb.annual_report(register, year=year, mid_year=mid_year).to_dict()
    assert () == audit(original, suppress(original, below=below)).disclosures


@_JOBS_GENERATED
@given(register=_JOB_REGISTERS, as_of=_DAYS)
def test_every_relation_of_the_jobs_said_to_hold_by_definition_holds(register, as_of):
    document = forloeb.jobs(register, year=as_of.year, as_of=as_of).to_dict()
    for relation in jobs_relations(document).sums:
        if relation.exact:
            total = get(document, relation.total)
            assert total == sum(get(document, p) for p in relation.parts), relation
