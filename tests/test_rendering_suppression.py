"""
Small-cell suppression: counts from 1 to N-1 and what is worked out from them
become "<N", and nothing else changes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import forloeb
from forloeb.errors import InvalidArgument
from forloeb.evaluation import compare, evaluate, trend
from forloeb.rendering import render_evaluation, suppress
from forloeb.rendering.suppression import is_small

AS_OF = dt.date(2018, 6, 30)

#: Figures that are not counts of people or events: never suppressed as counts.
TERMS = {("q1_in_use", "slots"), ("q1_in_use", "extra_slots"), ("q1_in_use", "slot_days"),
         ("q1_in_use", "pathway_days")}


@pytest.fixture(scope="module")
def document():
    return evaluate(forloeb.load_example(), as_of=AS_OF).to_dict()


def _flat(node, path=()):
    # Every leaf of a document with its path; lists (note items) left out.
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flat(value, (*path, key))
    elif not isinstance(node, list):
        yield path, node


def _figures(agreement):
    return dict(_flat({k: v for k, v in agreement.items() if k.startswith(("q", "summary"))}))


def test_sa1_outcomes_below_five_are_shown_as_less_than_five(document):
    q7 = suppress(document, below=5)["agreements"][0]["q7_overview"]
    expected = {"fleksjob": 5, "ordinaert_job": "<5", "uddannelse": "<5",
                "praktik_foer_rehab": 5, "afventer_rehab": "<5", "foertidspension": "<5",
                "stoppet_massive_udfordringer": "<5", "faengsel": "<5", "jobsoegende": "<5"}
    assert expected == q7["outcomes"]
    assert (25, 10, 0.4, "<5", "<5") == (q7["completed"], q7["progression"],
                                          q7["progression_share"], q7["stopped"],
                                          q7["stopped_share"])


def test_suppression_leaves_the_original_document_alone(document):
    before = copy.deepcopy(document)
    suppress(document, below=5)
    assert before == document


def test_suppressed_document_says_below_what(document):
    assert 5 == suppress(document, below=5)["suppressed_below"]


def test_the_agreements_terms_are_never_suppressed(document):
    q1 = suppress(document, below=50)["agreements"][0]["q1_in_use"]
    assert (8, 0, 2920) == (q1["slots"], q1["extra_slots"], q1["slot_days"])


def test_zero_is_not_a_small_count(document):
    q2 = suppress(document, below=5)["agreements"][0]["q2_plan"]
    assert (0, 0) == (q2["late"], q2["overdue"])


def test_a_share_from_a_suppressed_denominator_is_suppressed(document):
    doc = copy.deepcopy(document)
    doc["agreements"][0]["q5_caseworker"].update(
        meetings_requested=3, requests_followed_by_meeting=0, requests_followed_share=0.0)
    q5 = suppress(doc, below=5)["agreements"][0]["q5_caseworker"]
    assert ("<5", 0, "<5") == (q5["meetings_requested"], q5["requests_followed_by_meeting"],
                               q5["requests_followed_share"])


def test_the_summary_is_suppressed_with_the_question_it_comes_from(document):
    summary = suppress(document, below=5)["agreements"][0]["summary"]
    assert "<5" == summary["stopped_share"]
    assert document["agreements"][0]["summary"]["progression_share"] == \
        summary["progression_share"]


def test_json_under_suppression_shows_the_less_than_strings(document):
    text = render_evaluation(suppress(document, below=5), fmt="json")
    assert '"stopped": "<5"' in text


def test_text_under_suppression_says_what_was_done(document):
    text = render_evaluation(suppress(document, below=5))
    assert ("Tal fra 1 til 4 er vist som <5, og andele beregnet af dem er skjult, så ingen "
            "enkeltperson kan genkendes.") in text
    assert "skjult (<5/25)" in text


def test_comparison_rows_are_suppressed_too():
    doc = suppress(compare(forloeb.load_example(), as_of=AS_OF), below=5)
    sa1 = doc["agreements"][0]
    assert ("<5", "<5", 10, 0.4) == (sa1["stopped"], sa1["stopped_share"], sa1["progression"],
                                     sa1["progression_share"])


def test_trend_rows_are_suppressed_too():
    doc = suppress(trend(forloeb.load_example(), years=[2016, 2017]), below=5)
    sa2_2016 = doc["years"][0]["agreements"][1]
    assert ("<5", "<5", "<5") == (sa2_2016["completed"], sa2_2016["progression"],
                                  sa2_2016["progression_share"])


@pytest.mark.parametrize("below", [0, -3, 2.5, True])
def test_suppress_below_must_be_a_whole_number_of_at_least_one(document, below):
    with pytest.raises(InvalidArgument, match="at least 1"):
        suppress(document, below=below)


def _randomised(document, data):
    # The example's document with every count of people or events drawn anew.
    doc = copy.deepcopy(document)
    places = []
    for agreement in doc["agreements"]:
        for path, value in _flat({k: v for k, v in agreement.items() if k.startswith("q")}):
            if isinstance(value, int) and path not in TERMS:
                node = agreement
                for key in path[:-1]:
                    node = node[key]
                places.append((node, path[-1]))
    counts = data.draw(st.lists(st.integers(0, 12), min_size=len(places),
                                max_size=len(places)))
    for (node, key), count in zip(places, counts, strict=True):
        node[key] = count
    return doc


@given(data=st.data(), below=st.integers(1, 12))
def test_suppression_replaces_exactly_the_small_counts_and_what_comes_from_them(
        document, data, below):
    original = _randomised(document, data)
    suppressed = suppress(original, below=below)
    marker = f"<{below}"
    for before, after in zip(original["agreements"], suppressed["agreements"], strict=True):
        old, new = _figures(before), _figures(after)
        assert old.keys() == new.keys()
        hidden = {path for path in old if new[path] == marker}
        counts = {path for path, value in old.items()
                  if path not in TERMS and isinstance(value, int) and path[0] != "summary"}
        # Every small count is hidden, no other count is.
        assert {p for p in counts if is_small(old[p], below)} == hidden & counts
        # Whatever is not hidden is exactly as it was.
        assert {p: old[p] for p in old if p not in hidden} == \
            {p: new[p] for p in new if p not in hidden}
        # A figure that is not a count is hidden only when a count it comes from is.
        for path in hidden - counts:
            section = path[0] if path[0] != "summary" else None
            hidden_counts = {p for p in hidden & counts if section is None or p[0] == section}
            assert hidden_counts, f"{path} hidden though no count of its question is"
        # Collaboration notes and ratings are untouched.
        assert before["q8_collaboration"]["items"] == after["q8_collaboration"]["items"]


def test_suppression_below_one_changes_nothing_but_the_note(document):
    suppressed = suppress(document, below=1)
    del suppressed["suppressed_below"]
    assert json.dumps(document) == json.dumps(suppressed)


def test_a_compliance_rate_with_a_suppressed_count_behind_it_is_shown_as_hidden(document):
    text = render_evaluation(suppress(document, below=5), lang="en")
    sa1 = text[:text.index("Samarbejdsaftale 2 (SA2)")]
    compliance = [line.split()[-1] for line in sa1.splitlines()
                  if line.startswith("Compliance")]
    assert ["suppressed"] == compliance
