"""
Rendering the evaluation, the comparison, the trend and a reconciliation as
text, Markdown, JSON and CSV, in Danish and English (HTML, XLSX and
suppression have their own files).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json

import pytest
from documented_keys import QUESTION_KEYS

import forloeb
from forloeb.codes import OUTCOMES
from forloeb.errors import InvalidArgument
from forloeb.evaluation import compare, evaluate, reconcile, trend
from forloeb.labels import code_label, label
from forloeb.rendering import (
    render_comparison,
    render_discrepancies,
    render_evaluation,
    render_trend,
    suppress,
)
from forloeb.rendering._cells import Mean, Money, Share, format_cell

AS_OF = dt.date(2018, 6, 30)


@pytest.fixture(scope="module")
def register():
    return forloeb.load_example()


@pytest.fixture(scope="module")
def document(register):
    return evaluate(register, as_of=AS_OF).to_dict()


def _agreement_text(text, heading):
    # The part of a text report from one agreement's heading to the next one's.
    start = text.index(heading)
    following = text.find("\nSamarbejdsaftale", start + len(heading))
    return text[start:] if following == -1 else text[start:following]


def test_text_title_names_the_evaluation_date_and_the_period(document):
    text = render_evaluation(document)
    lines = text.splitlines()
    assert "Evaluering af samarbejdsaftalerne pr. 30. juni 2018" == lines[0]
    assert "Periode: 1. juli 2017 – 30. juni 2018" in lines


def test_text_has_every_paradigm_heading_for_every_agreement(document):
    text = render_evaluation(document)
    for heading in ("Samarbejdsaftale 1 (SA1) – VeteranHaven",
                    "Samarbejdsaftale 2 (SA2) – Sumak"):
        part = _agreement_text(text, heading)
        for number, key in enumerate(("q1_in_use", "q2_plan", "q3_ownership", "q4_followup",
                                      "q5_caseworker", "q6_effects", "q7_overview",
                                      "q8_collaboration"), start=1):
            assert f"\n{number}. {label(f'question.{key}', 'da')}\n" in part


def test_text_shows_sa1_progression_as_percent_next_to_its_counts(document):
    part = _agreement_text(render_evaluation(document), "Samarbejdsaftale 1 (SA1)")
    assert "40 % (10/25)" in part
    assert "16 % (4/25)" in part


def test_text_shows_sa2_progression_over_the_36_completed(document):
    part = _agreement_text(render_evaluation(document), "Samarbejdsaftale 2 (SA2)")
    assert "61 % (22/36)" in part


def test_text_ends_each_agreement_with_the_paradigms_summary_sentence(document):
    part = _agreement_text(render_evaluation(document), "Samarbejdsaftale 1 (SA1)")
    expected = ("Det betyder at 40 % er gået i uddannelse, job eller fleksjob efter endt "
                "forløb, og 16 % er stoppet pga. massive udfordringer.")
    assert expected == part.strip().splitlines()[-1]


def test_outcome_table_lists_danish_labels_in_the_order_of_the_code_list(document):
    part = _agreement_text(render_evaluation(document), "Samarbejdsaftale 2 (SA2)")
    table = part[part.index("\nUdfald "):]
    outcomes = document["agreements"][1]["q7_overview"]["outcomes"]
    expected = [code_label("outcome", code, "da") for code in OUTCOMES if outcomes.get(code)]
    found = [(table.index(f"\n{name} "), name) for name in expected]
    assert expected == [name for _, name in sorted(found)]


def test_outcome_table_ends_with_the_completed_total(document):
    part = _agreement_text(render_evaluation(document), "Samarbejdsaftale 1 (SA1)")
    total = [line for line in part.splitlines() if line.startswith("I alt")]
    assert ["25"] == [line.split()[-1] for line in total]


def test_english_text_has_english_headings_and_summary(document):
    text = render_evaluation(document, lang="en")
    assert text.startswith("Evaluation of the cooperation agreements as of 30 June 2018\n")
    assert "\n1. Are the pathways in use?\n" in text
    assert "\n7. Overview, including after the pathway ends?\n" in text
    assert ("This means that 40 % have gone into education, a job or a flexjob after the "
            "pathway ended, and 16 % stopped due to massive challenges.") in text
    assert "Er forløbene i brug?" not in text
    assert "Fleksjob" not in text


def test_markdown_has_headings_and_pipe_tables(document):
    text = render_evaluation(document, fmt="markdown")
    assert text.startswith("# Evaluering af samarbejdsaftalerne pr. 30. juni 2018\n")
    assert "\n## Samarbejdsaftale 1 (SA1) – VeteranHaven\n" in text
    assert "\n### 7. Overblik, herunder efter endt forløb?\n" in text
    progression = [line for line in text.splitlines() if line.startswith("| Progression")]
    assert 2 == len(progression)
    assert "40 % (10/25)" in progression[0]


def test_markdown_escapes_a_pipe_in_a_collaboration_note(document):
    doc = copy.deepcopy(document)
    doc["agreements"][0]["q8_collaboration"]["items"][0]["note"] = "godt | skidt"
    text = render_evaluation(doc, fmt="markdown")
    assert "godt \\| skidt" in text


def test_json_is_exactly_the_evaluation_document(document):
    text = render_evaluation(document, fmt="json")
    assert document == json.loads(text)
    assert "VeteranHaven" in text
    assert "\\u" not in text  # Danish letters as they are


def test_json_has_the_documented_keys(document):
    keys = QUESTION_KEYS
    parsed = json.loads(render_evaluation(document, fmt="json"))
    assert {"as_of", "since", "agreements"} <= set(parsed)
    for agreement in parsed["agreements"]:
        assert {"agreement_id", "name", "provider", "summary", *keys} <= set(agreement)
        missing = {q: wanted - set(agreement[q]) for q, wanted in keys.items()
                   if wanted - set(agreement[q])}
        assert {} == missing


def test_csv_is_one_row_per_figure_in_long_format(document):
    rows = list(csv.reader(io.StringIO(render_evaluation(document, fmt="csv"))))
    assert ["agreement_id", "question", "figure", "value"] == rows[0]
    assert all(4 == len(row) for row in rows)
    figures = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert "25" == figures[("SA1", "q7_overview", "completed")]
    assert "5" == figures[("SA1", "q7_overview", "outcomes.fleksjob")]
    assert "0.4" == figures[("SA1", "q7_overview", "progression_share")]
    assert "VeteranHaven" == figures[("SA1", "agreement", "provider")]
    assert "36" == figures[("SA2", "q7_overview", "completed")]


def test_csv_has_no_rows_for_the_texts_of_collaboration_notes(document):
    rows = list(csv.DictReader(io.StringIO(render_evaluation(document, fmt="csv"))))
    assert [] == [r for r in rows if "items" in r["figure"]]


def test_csv_writes_an_undefined_share_as_an_empty_cell(document):
    rows = list(csv.DictReader(io.StringIO(render_evaluation(document, fmt="csv"))))
    followup = [r for r in rows if (r["agreement_id"], r["question"], r["figure"])
                == ("SA1", "q4_followup", "followup_compliance")]
    assert [""] == [r["value"] for r in followup]


def test_a_period_is_not_shown_when_the_document_has_none():
    doc = {"as_of": "2018-06-30", "agreements": []}
    text = render_evaluation(doc)
    assert "Periode" not in text
    assert "Ingen samarbejdsaftaler var startet pr. 30. juni 2018." in text


def test_summary_sentence_when_nothing_has_ended_yet(document):
    doc = copy.deepcopy(document)
    doc["agreements"][0]["q7_overview"].update(
        completed=0, progression=0, stopped=0, progression_share=None, stopped_share=None,
        outcomes={})
    part = _agreement_text(render_evaluation(doc), "Samarbejdsaftale 1 (SA1)")
    assert "Ingen forløb er afsluttet endnu." == part.strip().splitlines()[-1]


def test_summary_sentence_under_suppression_says_fewer_than_n(document):
    doc = suppress(document, below=5)
    part = _agreement_text(render_evaluation(doc), "Samarbejdsaftale 1 (SA1)")
    expected = ("Det betyder at 40 % er gået i uddannelse, job eller fleksjob efter endt "
                "forløb, og under 5 er stoppet pga. massive udfordringer.")
    assert expected == part.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("cell", "lang", "expected"),
    [
        (Share(0.125, 1, 8), "da", "13 % (1/8)"),
        (Share(22 / 34, 22, 34), "da", "65 % (22/34)"),
        (Share(None, 0, 0), "en", "– (0/0)"),
        (Share(0.76), "da", "76 %"),
        (Share(9 / 8, 9, 8), "da", "113 % (9/8)"),
        (Share("<5", "<5", 25), "da", "skjult (<5/25)"),
        (Mean(3.45), "da", "3,5"),
        (Mean(-0.25, signed=True), "en", "-0.3"),
        (Mean(0.0, signed=True), "en", "0.0"),
        (Money(36250.0), "da", "36.250 kr."),
        (Money(None), "en", "–"),
        ("<5", "da", "<5"),
    ],
)
def test_cells_are_written_as_a_reader_expects(cell, lang, expected):
    assert expected == format_cell(cell, lang)


def test_an_unknown_format_is_refused():
    with pytest.raises(InvalidArgument, match="'pdf'"):
        render_evaluation({"as_of": "2018-06-30", "agreements": []}, fmt="pdf")


def test_an_unknown_language_is_refused():
    with pytest.raises(InvalidArgument, match="'sv'"):
        render_evaluation({"as_of": "2018-06-30", "agreements": []}, lang="sv")


# The comparison.

@pytest.fixture(scope="module")
def comparison(register):
    return compare(register, as_of=AS_OF)


def test_comparison_text_puts_the_agreements_side_by_side(comparison):
    text = render_comparison(comparison)
    lines = text.splitlines()
    assert "Sammenligning af samarbejdsaftalerne pr. 30. juni 2018" == lines[0]
    header = next(line for line in lines if line.startswith("Nøgletal"))
    assert ["Nøgletal", "SA1", "SA2"] == header.split()
    progression = next(line for line in lines if line.startswith("Andel med progression"))
    assert progression.endswith("40 % (10/25)        61 % (22/36)")


def test_comparison_shows_both_prices(comparison):
    text = render_comparison(comparison, lang="en")
    assert "Price per pathway" in text
    assert "Price per progression" in text


def test_comparison_csv_is_one_row_per_agreement(comparison):
    rows = list(csv.DictReader(io.StringIO(render_comparison(comparison, fmt="csv"))))
    assert ["SA1", "SA2"] == [r["agreement_id"] for r in rows]
    assert "36" == rows[1]["completed"]


def test_comparison_json_is_the_comparison_document(comparison):
    assert comparison == json.loads(render_comparison(comparison, fmt="json"))


# The trend.

@pytest.fixture(scope="module")
def trend_document(register):
    return trend(register, years=[2016, 2017, 2018])


def test_trend_text_has_a_column_per_year_for_each_agreement(trend_document):
    text = render_trend(trend_document)
    assert text.startswith("Udvikling pr. 30. juni 2016–2018\n")
    headers = [line.split() for line in text.splitlines() if line.startswith("Nøgletal")]
    assert [["Nøgletal", "2016", "2017", "2018"]] * 2 == headers
    assert "40 % (10/25)" in _agreement_text(text, "Samarbejdsaftale 1 (SA1)")


def test_trend_csv_is_one_row_per_year_and_agreement(trend_document):
    rows = list(csv.DictReader(io.StringIO(render_trend(trend_document, fmt="csv"))))
    assert [("2016", "SA1"), ("2016", "SA2"), ("2017", "SA1"), ("2017", "SA2"),
            ("2018", "SA1"), ("2018", "SA2")] == [(r["year"], r["agreement_id"]) for r in rows]


def test_trend_marks_an_agreement_not_started_in_a_year():
    doc = {"years": [
        {"year": 2017, "as_of": "2017-06-30", "agreements": []},
        {"year": 2018, "as_of": "2018-06-30", "agreements": [
            {"agreement_id": "SA9", "active": 6, "completed": 0, "progression": 0,
             "progression_share": None, "stopped": 0, "stopped_share": None}]},
    ]}
    text = render_trend(doc, lang="en")
    active = next(line for line in text.splitlines() if line.startswith("Active"))
    assert ["not", "started", "6"] == active.split()[-3:]


# Reconciliation.

@pytest.fixture(scope="module")
def discrepancies(document):
    with open(forloeb.EXAMPLE_REGISTER / "published-2018.json", encoding="utf-8") as f:
        published = json.load(f)
    return reconcile(published, document)


def test_reconciliation_explains_the_sa2_discrepancies_in_danish(discrepancies):
    text = render_discrepancies(discrepancies, as_of=AS_OF)
    assert "Afstemning af de offentliggjorte tal pr. 30. juni 2018" in text
    assert "De offentliggjorte kategorier summer til 36." in text
    assert "22 af 34 er 65 %" in text
    assert "22 af 36 er 61 %" in text
    assert "Registeret giver 36." in text
    rows = [line for line in text.splitlines() if line.startswith("SA")]
    assert {"SA2"} == {line.split()[0] for line in rows}


def test_reconciliation_in_english(discrepancies):
    text = render_discrepancies(discrepancies, as_of=AS_OF, lang="en")
    assert "The published categories add up to 36." in text
    assert "22 of 34 is 65 %" in text


def test_reconciliation_json_is_the_list_of_discrepancies(discrepancies):
    parsed = json.loads(render_discrepancies(discrepancies, as_of=AS_OF, fmt="json"))
    assert [d.to_dict() for d in discrepancies] == parsed


def test_reconciliation_without_discrepancies_says_so():
    text = render_discrepancies([], as_of=AS_OF)
    assert "Ingen uoverensstemmelser: de offentliggjorte tal svarer til registeret." in text
