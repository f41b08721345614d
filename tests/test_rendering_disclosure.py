"""
The disclosure audit: it finds the hidden counts a reader can still work out,
and finds none in what :func:`suppress` publishes.
"""

from __future__ import annotations

import datetime as dt
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.evaluation import comparison, evaluate, trend_of
from forloeb.rendering import audit, suppress
from forloeb.rendering._relations import agreement_relations, get
from forloeb.rendering.disclosure import LISTED, MEAN, NARROWED, WORKED_OUT
from forloeb.testing import registers

AS_OF = dt.date(2018, 6, 30)

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
