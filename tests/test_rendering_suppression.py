"""
Small-cell suppression: counts from 1 to N-1 become "<N", the counts that
would give them away "x", what is worked out from either "<N", and nothing
else changes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.errors import InvalidArgument
from forloeb.evaluation import compare, comparison, evaluate, trend, trend_of
from forloeb.rendering import render_evaluation, render_trend, suppress
from forloeb.rendering._relations import figures, jobs_relations
from forloeb.rendering.suppression import COMPLEMENTARY, is_small
from forloeb.testing import registers

AS_OF = dt.date(2018, 6, 30)

#: Figures that are not counts of people or events: never suppressed as counts.
TERMS = {("q1_in_use", "slots"), ("q1_in_use", "extra_slots"), ("q1_in_use", "slot_days"),
         ("q1_in_use", "pathway_days")}

#: Every figure worked out from counts, and the counts it comes from, as
#: docs/questions.md describes them (written from the docs, not the code).
COUNTED = ("met", "late", "overdue")
DERIVED = {
    ("q1_in_use", "utilisation"): [("q1_in_use", "active")],
    ("q1_in_use", "occupancy"): [("q1_in_use", "active_in_period")],
    ("q1_in_use", "pathway_days"): [("q1_in_use", "active_in_period")],
    ("q2_plan", "compliance"): [("q2_plan", s) for s in COUNTED],
    **{("q3_ownership", f"{n}_share"): [("q3_ownership", n), ("q3_ownership", "plans")]
       for n in ("co_created", "own_goals", "revised")},
    ("q4_followup", "meetings_per_participant"): [("q4_followup", "meetings_held"),
                                                  ("q4_followup", "participants")],
    ("q4_followup", "followup_compliance"): [("q4_followup", "followup", s) for s in COUNTED],
    ("q4_followup", "attendance_compliance"): [("q4_followup", "attendance_report", s)
                                               for s in COUNTED],
    ("q5_caseworker", "requests_followed_share"): [
        ("q5_caseworker", "requests_followed_by_meeting"),
        ("q5_caseworker", "meetings_requested")],
    ("q7_overview", "progression_share"): [("q7_overview", "progression"),
                                           ("q7_overview", "completed")],
    ("q7_overview", "stopped_share"): [("q7_overview", "stopped"),
                                       ("q7_overview", "completed")],
    ("q8_collaboration", "mean_rating"): [("q8_collaboration", "notes")],
}
SUMMARY = {"progression_share": ("q7_overview", "progression_share"),
           "stopped_share": ("q7_overview", "stopped_share"),
           "plan_compliance": ("q2_plan", "compliance"),
           "attendance_compliance": ("q4_followup", "attendance_compliance"),
           "followup_compliance": ("q4_followup", "followup_compliance"),
           "occupancy": ("q1_in_use", "occupancy")}

_GENERATED = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


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


def _get(node, path):
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def test_sa1_outcomes_below_five_are_shown_as_less_than_five(document):
    q7 = suppress(document, below=5)["agreements"][0]["q7_overview"]
    expected = {"fleksjob": 5, "ordinaert_job": "<5", "uddannelse": "<5",
                "praktik_foer_rehab": 5, "afventer_rehab": "<5", "foertidspension": "<5",
                "stoppet_massive_udfordringer": "<5", "faengsel": "<5", "jobsoegende": "<5"}
    assert expected == q7["outcomes"]
    assert (25, 10, 0.4, "<5", "<5") == (q7["completed"], q7["progression"],
                                          q7["progression_share"], q7["stopped"],
                                          q7["stopped_share"])


def test_a_total_minus_its_shown_parts_does_not_give_a_small_count_away():
    """Completed 25 minus the shown 5, 5 and 11 would be the 4 who stopped."""
    doc = {"agreements": [{"agreement_id": "SA1", "positive_outcomes": ["fleksjob"],
                           "q7_overview": {"completed": 25, "progression": 5, "stopped": 4,
                                           "outcomes": {"fleksjob": 5, "barsel": 5,
                                                        "praktik_foer_rehab": 11,
                                                        "stoppet_massive_udfordringer": 4}}}]}
    q7 = suppress(doc, below=5)["agreements"][0]["q7_overview"]
    hidden = [code for code, n in q7["outcomes"].items() if isinstance(n, str)]
    assert "stoppet_massive_udfordringer" in hidden
    assert len(hidden) >= 2
    assert COMPLEMENTARY in q7["outcomes"].values()
    assert (25, 5) == (q7["completed"], q7["progression"])  # parts go before totals


def test_a_complementary_count_is_never_a_small_one():
    doc = {"agreements": [{"agreement_id": "SA1",
                           "q2_plan": {"participants": 30, "met": 20, "late": 6,
                                       "pending": 4, "exempt": 0}}]}
    q2 = suppress(doc, below=5)["agreements"][0]["q2_plan"]
    assert ("<5", "x", 20, 30) == (q2["pending"], q2["late"], q2["met"], q2["participants"])


def test_a_status_the_breakdown_gains_is_protected_too():
    """A status other than those of today (the work list's `missed`) adds up like the rest."""
    doc = {"agreements": [{"agreement_id": "SA1",
                           "q2_plan": {"participants": 30, "met": 20, "late": 7,
                                       "missed": 3, "exempt": 0}}]}
    q2 = suppress(doc, below=5)["agreements"][0]["q2_plan"]
    assert ("<5", "x") == (q2["missed"], q2["late"])


def test_the_parts_of_a_small_total_hide_their_zeros_too():
    """Three participants: which statuses are 0 would say where the three are."""
    doc = {"agreements": [{"agreement_id": "SA1",
                           "q2_plan": {"participants": 3, "met": 2, "late": 0, "overdue": 1,
                                       "exempt": 0}}]}
    q2 = suppress(doc, below=5)["agreements"][0]["q2_plan"]
    assert {"participants": "<5", "met": "<5", "late": "<5", "overdue": "<5",
            "exempt": "<5"} == q2


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
    assert ("<5", "<5") == (q5["meetings_requested"], q5["requests_followed_share"])


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
    assert ("Tal fra 1 til 4 er vist som <5 (det kan også være et 0 i en lille sum), og x er "
            "et tal, der er skjult, fordi det ellers ville afsløre et af dem. Andele beregnet "
            "af skjulte tal er skjult, så ingen enkeltperson kan genkendes.") in text
    assert "skjult (<5/25)" in text


# -- issue 12: what a mutation of the old suppression got away with -----------------


def test_a_mean_score_change_over_few_participants_is_hidden(document):
    doc = copy.deepcopy(document)
    q6 = doc["agreements"][0]["q6_effects"]
    q6["score_change_participants"] = {"tillid": 4, "overblik": 6}
    q6["score_change"] = {"tillid": 1.25, "overblik": -0.5}
    shown = suppress(doc, below=5)["agreements"][0]["q6_effects"]
    assert {"tillid": "<5", "overblik": -0.5} == shown["score_change"]


def test_meetings_per_participant_beside_a_hidden_participant_count_is_hidden(document):
    doc = copy.deepcopy(document)
    doc["agreements"][0]["q4_followup"].update(meetings_held=24, participants=4,
                                               meetings_per_participant=6.0)
    q4 = suppress(doc, below=5)["agreements"][0]["q4_followup"]
    assert ("<5", "<5", 24) == (q4["participants"], q4["meetings_per_participant"],
                                q4["meetings_held"])


def test_active_in_the_trend_is_hidden_when_small():
    doc = suppress(trend(forloeb.load_example(), years=[2017, 2018]), below=5)
    sa1 = [year["agreements"][0] for year in doc["years"]]
    assert ["<5", "<5"] == [row["active"] for row in sa1]


def test_active_in_a_comparison_row_is_hidden_when_small():
    """Every count a comparison row holds is hidden when small, `active` included."""
    row = {"agreement_id": "SA1", "active": 3, "completed": 25, "progression": 10,
           "stopped": 4, "slots": 8, "progression_share": 0.4, "stopped_share": 0.16}
    shown = suppress({"agreements": [row]}, below=5)["agreements"][0]
    assert ("<5", 25, 10, "<5", "<5", 8) == (shown["active"], shown["completed"],
                                             shown["progression"], shown["stopped"],
                                             shown["stopped_share"], shown["slots"])


def test_collaboration_notes_are_listed_only_when_their_number_is_shown(document):
    shown = suppress(document, below=5)["agreements"][0]["q8_collaboration"]
    assert ("<5", "<5", []) == (shown["notes"], shown["mean_rating"], shown["items"])
    listed = suppress(document, below=4)["agreements"][0]["q8_collaboration"]
    assert (4, 4) == (listed["notes"], len(listed["items"]))


# -- the comparison and the trend ---------------------------------------------------


def test_comparison_rows_are_suppressed_too():
    doc = suppress(compare(forloeb.load_example(), as_of=AS_OF), below=5)
    sa1 = doc["agreements"][0]
    assert ("<5", "<5", 10, 0.4) == (sa1["stopped"], sa1["stopped_share"], sa1["progression"],
                                     sa1["progression_share"])


def test_a_comparison_without_its_evaluation_hides_the_rates_it_cannot_check():
    doc = suppress(compare(forloeb.load_example(), as_of=AS_OF), below=5)
    assert {"<5"} == {row[k] for row in doc["agreements"]
                      for k in ("occupancy", "plan_compliance", "attendance_compliance")}


def test_a_comparison_with_its_evaluation_hides_what_the_evaluation_hides():
    evaluation = evaluate(forloeb.load_example(), as_of=AS_OF)
    shown = suppress(comparison(evaluation), below=5, evaluations=[evaluation.to_dict()])
    hidden = suppress(evaluation.to_dict(), below=5)
    for row, agreement in zip(shown["agreements"], hidden["agreements"], strict=True):
        assert (row["occupancy"], row["plan_compliance"], row["attendance_compliance"],
                row["stopped"]) == (agreement["q1_in_use"]["occupancy"],
                                    agreement["q2_plan"]["compliance"],
                                    agreement["q4_followup"]["attendance_compliance"],
                                    agreement["q7_overview"]["stopped"])


def test_trend_rows_are_suppressed_too():
    doc = suppress(trend(forloeb.load_example(), years=[2016, 2017]), below=5)
    sa2_2016 = doc["years"][0]["agreements"][1]
    assert ("<5", "<5", "<5") == (sa2_2016["completed"], sa2_2016["progression"],
                                  sa2_2016["progression_share"])


def test_evaluations_must_match_the_trend_they_come_from():
    register = forloeb.load_example()
    evaluations = [evaluate(register, as_of=dt.date(y, 6, 30)) for y in (2017, 2018)]
    with pytest.raises(InvalidArgument, match="one evaluation per year of the trend"):
        suppress(trend_of(evaluations), below=5, evaluations=[evaluations[0].to_dict()])


@pytest.mark.parametrize("below", [0, -3, 2.5, True])
def test_suppress_below_must_be_a_whole_number_of_at_least_one(document, below):
    with pytest.raises(InvalidArgument, match="at least 1"):
        suppress(document, below=below)


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


def test_a_complementary_count_reads_x_in_every_table():
    register = forloeb.load_example()
    evaluations = [evaluate(register, as_of=dt.date(2016, 6, 30))]
    published = suppress(trend_of(evaluations), below=5,
                         evaluations=[e.to_dict() for e in evaluations])
    assert "x" in json.dumps(suppress(evaluations[0].to_dict(), below=5))
    assert "skjult (<5/11)" in render_trend(published)


# -- properties ---------------------------------------------------------------------


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
def test_suppression_hides_every_small_count_and_changes_nothing_it_shows(
        document, data, below):
    original = _randomised(document, data)
    suppressed = suppress(original, below=below)
    marker = f"<{below}"
    for before, after in zip(original["agreements"], suppressed["agreements"], strict=True):
        old, new = _figures(before), _figures(after)
        assert old.keys() == new.keys()
        counts = {path for path, value in old.items()
                  if path not in TERMS and isinstance(value, int) and path[0] != "summary"}
        for path in counts:
            if is_small(old[path], below):
                assert marker == new[path], path
            elif new[path] == COMPLEMENTARY:
                assert old[path] >= below, path  # x is never a small count
            elif new[path] == marker:
                assert old[path] == 0, path  # a 0 among the parts of a small total
        # Whatever is shown is exactly as it was; terms are always shown.
        assert all(old[p] == new[p] for p in old if not isinstance(new[p], str))
        assert all(old[p] == new[p] for p in TERMS if p in old and p[1] != "pathway_days")


def _shown(value):
    return value is not None and not isinstance(value, str)


@_GENERATED
@given(register=registers(max_pathways=30, max_notes_per_agreement=5),
       below=st.integers(2, 8))
def test_no_shown_figure_comes_from_a_count_below_the_threshold(register, below):
    """Counts, shares, means and rates per participant: none shown rests on a small count."""
    original = evaluate(register, as_of=AS_OF).to_dict()
    published = suppress(original, below=below)
    for before, after in zip(original["agreements"], published["agreements"], strict=True):
        for path, value in _figures(after).items():
            if _shown(value) and isinstance(value, int) and path not in TERMS:
                assert not is_small(value, below), path
        derived = {**DERIVED, **{("summary", k): DERIVED[v] for k, v in SUMMARY.items()}}
        changes = before["q6_effects"]["score_change_participants"]
        derived.update({("q6_effects", "score_change", d): [
            ("q6_effects", "score_change_participants", d)] for d in changes})
        for figure, sources in derived.items():
            if _shown(_get(after, figure)):
                small = [s for s in sources if is_small(_get(before, s), below)]
                assert [] == small, figure
                assert all(not isinstance(_get(after, s), str) for s in sources), figure
        if after["q8_collaboration"]["items"]:
            assert _shown(after["q8_collaboration"]["notes"])


@_GENERATED
@given(register=registers(max_pathways=30), below=st.integers(2, 8))
def test_the_trend_and_comparison_show_nothing_their_evaluations_hide(register, below):
    evaluations = [evaluate(register, as_of=dt.date(y, 6, 30)) for y in (2017, 2018)]
    documents = [e.to_dict() for e in evaluations]
    published = suppress(trend_of(evaluations), below=below, evaluations=documents)
    rows = suppress(comparison(evaluations[-1]), below=below, evaluations=documents[-1:])
    sources = {"active": ("q1_in_use", "active"), "completed": ("q7_overview", "completed"),
               "progression": ("q7_overview", "progression"),
               "stopped": ("q7_overview", "stopped"),
               "occupancy": ("q1_in_use", "occupancy"),
               "plan_compliance": ("q2_plan", "compliance"),
               "attendance_compliance": ("q4_followup", "attendance_compliance")}
    blocks = [*zip(published["years"], documents, strict=True), (rows, documents[-1])]
    for block, document in blocks:
        hidden = {a["agreement_id"]: a for a in suppress(document, below=below)["agreements"]}
        for row in block["agreements"]:
            for name, path in sources.items():
                if name in row and isinstance(_get(hidden[row["agreement_id"]], path), str):
                    assert isinstance(row[name], str), name


def test_the_evaluations_of_an_annual_report_must_match_its_trend():
    report = forloeb.annual_report(forloeb.load_example(), year=2018, mid_year=True)
    with pytest.raises(InvalidArgument, match="one evaluation per year of the annual"):
        suppress(report.to_dict(), below=5, evaluations=[report.summer.to_dict()])


#: The figures of a jobs document worked out from counts, and the counts they come from.
_JOBS_DERIVED = {
    ("missing",): [("total_via_jobcenter",)],
    ("goal_met",): [("total_via_jobcenter",)],
    ("pace", "on_track"): [("total_via_jobcenter",)],
    ("pace", "needed_per_month"): [("total_via_jobcenter",)],
    **{("flexjob_progression", m): [("flexjob_progression", "running")]
       for m in ("mean_start_hours", "mean_hours", "mean_change")},
    ("flexjob_reviews", "compliance"): [("flexjob_reviews", s)
                                        for s in ("met", "late", "overdue", "missed")],
}


@_GENERATED
@given(register=registers(max_pathways=5, max_notes_per_agreement=1, max_employments=40,
                          max_events_per_employment=3),
       as_of=st.dates(dt.date(2015, 1, 1), dt.date(2020, 12, 31)), below=st.integers(2, 10))
def test_no_shown_figure_of_the_jobs_comes_from_a_count_below_the_threshold(
        register, as_of, below):
    """Hires, flexjobs, reviews; what is missing, the pace, the means: none shown rests on
    a small count, and what is shown is as it was."""
    original = forloeb.jobs(register, year=as_of.year, as_of=as_of).to_dict()
    published = suppress(original, below=below)
    relations = jobs_relations(original)
    before, after = figures(original), figures(published)
    for path in relations.counts(original):
        if is_small(before[path], below):
            assert f"<{below}" == after[path], path
        elif after[path] == COMPLEMENTARY:
            assert before[path] >= below, path
    assert all(before[p] == after[p] for p in before if not isinstance(after[p], str))
    assert all(before[p] == after[p] for p in relations.terms if p in before)
    for figure, sources in _JOBS_DERIVED.items():
        if figure in after and _shown(after[figure]):
            assert all(not isinstance(after[s], str) for s in sources), figure
    assert [] == published["flexjob_progression"]["paths"]


# -- the searches that run until nothing changes -------------------------------------

from forloeb.rendering._relations import Derived, Relations, Sum  # noqa: E402
from forloeb.rendering.suppression import _complement, _hide_derived, _linked  # noqa: E402


@pytest.mark.parametrize("chain", [
    [Derived(("days",), of=[("active",)]), Derived(("occupancy",), of=[("days",)])],
    [Derived(("occupancy",), of=[("days",)]), Derived(("days",), of=[("active",)])],
], ids=["listed in the order worked out", "listed backwards"])
def test_a_figure_worked_out_from_a_hidden_one_is_hidden_down_the_whole_chain(
        chain: list[Derived]) -> None:
    # A hidden count hides the day total worked out from it, and that the
    # occupancy worked out from the day total, whatever order they are listed in.
    hidden: dict[tuple[str, ...], str] = {("active",): "<5"}
    _hide_derived(Relations(terms=frozenset(), derived=tuple(chain)), hidden, "<5")
    assert {("active",): "<5", ("days",): "<5", ("occupancy",): "<5"} == hidden


@pytest.mark.parametrize("backwards", [False, True], ids=["in order", "backwards"])
def test_the_relations_a_pinned_count_is_worked_out_through_reach_along_hidden_counts(
        backwards: bool) -> None:
    # pinned is in the first; the second shares a hidden count with it, the
    # third shares only a shown one with the second, so a member of the first
    # two may protect it and of the third not.
    holding = Sum(("t1",), (("pinned",), ("h",)))
    linked = Sum(("t2",), (("h",), ("b",)))
    apart = Sum(("t3",), (("b",), ("c",)))
    sums = [apart, linked, holding] if backwards else [holding, linked, apart]
    hidden: dict[tuple[str, ...], str] = {("pinned",): "<5", ("h",): "x"}
    assert {holding, linked} == set(_linked(sums, hidden, [("pinned",)]))


def test_a_zero_hidden_to_protect_another_count_is_written_below_n_never_x() -> None:
    # 10 = a + 7 + z with a = 3 hidden: a reader works a out unless z is
    # hidden too, the only count that can be (10 and 7 are not counts here).
    # "x" says "at least 5", which a 0 is not.
    relation = Sum(("total",), (("a",), ("seven",), ("z",)))
    counts: dict[tuple[str, ...], int] = {("a",): 3, ("z",): 0}
    known = {("total",): 10, ("seven",): 7, **counts}
    hidden: dict[tuple[str, ...], str] = {("a",): "<5"}
    _complement(Relations(terms=frozenset(), sums=(relation,)), [relation], counts, known,
                hidden, 5)
    assert {("a",): "<5", ("z",): "<5"} == hidden


def test_what_is_missing_to_the_goal_narrows_nothing_so_no_more_is_hidden_than_the_hires_need(
) -> None:
    # 4 hires through the jobcenter against a goal of 8: the 4 missing are
    # hidden with them and say nothing of their size (a reader cannot tell 8 =
    # 4 + 4 from 8 = 3 + 5), so the total of every hire and the other
    # channels' hires by kind stay shown, and nothing hidden can be worked out.
    from forloeb.evaluation import jobs
    from forloeb.rendering import audit

    document = jobs(forloeb.load_example(), year=2018, as_of=dt.date(2018, 12, 31)).to_dict()
    document.update(via_jobcenter={"fleksjob": 4, "deltid": 0, "fuldtid": 0, "loentilskud": 0},
                    total_via_jobcenter=4, goal=8, missing=4, goal_met=False,
                    total=4 + document["other_channels"], by_enterprise=[])
    hidden = suppress(document, below=5)
    assert ("<5", "<5") == (hidden["total_via_jobcenter"], hidden["missing"])
    assert document["total"] == hidden["total"]
    assert {kind: n for kind, n in document["other_channels_by_kind"].items() if n >= 5} == {
        kind: n for kind, n in hidden["other_channels_by_kind"].items() if not isinstance(n, str)}
    assert () == audit(document, hidden).disclosures
