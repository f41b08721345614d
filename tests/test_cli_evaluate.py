"""
``forloeb evaluate``: exit codes, defaults, every format, suppression and the trend.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

import forloeb
from forloeb.cli import _common, main
from forloeb.evaluation import evaluate


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def example_document():
    return evaluate(forloeb.load_example(), as_of=dt.date(2018, 6, 30)).to_dict()


def test_evaluate_without_arguments_prints_the_2018_evaluation_in_danish():
    status, out, err = run("evaluate")
    assert (0, "") == (status, err)
    assert out.startswith("Evaluering af samarbejdsaftalerne pr. 30. juni 2018\n")
    assert "1. Er forløbene i brug?" in out
    assert "40 % (10/25)" in out
    assert "61 % (22/36)" in out


def test_evaluate_in_english():
    status, out, _ = run("evaluate", "--lang", "en")
    assert 0 == status
    assert "1. Are the pathways in use?" in out
    assert "Er forløbene i brug?" not in out


def test_json_output_is_the_evaluation_document(example_document):
    status, out, _ = run("evaluate", "--format", "json")
    assert (0, example_document) == (status, json.loads(out))


def test_csv_output_parses_as_long_format():
    status, out, _ = run("evaluate", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert 0 == status
    completed = {r["agreement_id"]: r["value"] for r in rows
                 if (r["question"], r["figure"]) == ("q7_overview", "completed")}
    assert {"SA1": "25", "SA2": "36"} == completed


def test_markdown_output():
    status, out, _ = run("evaluate", "--format", "markdown")
    assert 0 == status
    assert out.startswith("# Evaluering af samarbejdsaftalerne")


def test_html_output_goes_to_the_file_given(tmp_path):
    target = tmp_path / "evaluering.html"
    status, out, err = run("evaluate", "--format", "html", "-o", str(target))
    assert (0, "", "") == (status, out, err)
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page


def test_xlsx_output_goes_to_the_file_given(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "evaluering.xlsx"
    status, _, err = run("evaluate", "--format", "xlsx", "-o", str(target))
    assert (0, "") == (status, err)
    assert ["SA1", "SA2", "Sammenligning"] == openpyxl.load_workbook(target).sheetnames


def test_xlsx_without_a_file_is_a_usage_error():
    status, out, err = run("evaluate", "--format", "xlsx")
    assert (2, "") == (status, out)
    assert "-o FILE" in err


def test_output_into_a_missing_folder_is_refused_with_status_1(tmp_path):
    status, _, err = run("evaluate", "-o", str(tmp_path / "nowhere" / "report.txt"))
    assert 1 == status
    assert "nowhere" in err


def test_one_agreement_only():
    status, out, _ = run("evaluate", "--agreement", "SA2")
    assert 0 == status
    assert "Samarbejdsaftale 2 (SA2)" in out
    assert "Samarbejdsaftale 1 (SA1)" not in out


def test_an_unknown_agreement_is_refused_with_a_sentence_naming_it():
    status, out, err = run("evaluate", "--agreement", "SA7")
    assert (1, "") == (status, out)
    assert "'SA7'" in err
    assert "Traceback" not in err


def test_as_of_and_since_set_the_period():
    status, out, _ = run("evaluate", "--as-of", "2017-12-31", "--since", "30-06-2017",
                         "--format", "json")
    document = json.loads(out)
    assert (0, "2017-12-31", "2017-06-30") == (status, document["as_of"], document["since"])


def test_a_date_that_is_not_a_date_is_a_usage_error():
    status, _, err = run("evaluate", "--as-of", "2018-13-45")
    assert 2 == status
    assert "2018-13-45" in err


def test_a_period_that_is_empty_is_refused():
    status, _, err = run("evaluate", "--as-of", "2018-06-30", "--since", "2018-07-01")
    assert 1 == status
    assert "empty" in err


@pytest.mark.parametrize(("today", "as_of"), [(dt.date(2018, 11, 27), "2018-06-30"),
                                              (dt.date(2018, 6, 29), "2017-06-30")])
def test_a_register_given_is_evaluated_as_of_the_most_recent_30_june(monkeypatch, today,
                                                                    as_of):
    monkeypatch.setattr(_common, "today", lambda: today)
    status, out, _ = run("evaluate", str(forloeb.EXAMPLE_REGISTER), "--format", "json")
    assert (0, as_of) == (status, json.loads(out)["as_of"])


def test_a_register_that_does_not_exist_is_an_error_without_a_traceback(tmp_path):
    status, out, err = run("evaluate", str(tmp_path / "missing"))
    assert (1, "") == (status, out)
    assert "missing" in err
    assert "Traceback" not in err


def test_suppression_shows_small_counts_as_less_than_n():
    status, out, _ = run("evaluate", "--suppress-below", "5", "--format", "json")
    sa1 = json.loads(out)["agreements"][0]["q7_overview"]
    assert (0, "<5", "<5", 25) == (status, sa1["stopped"], sa1["stopped_share"],
                                   sa1["completed"])


def test_suppression_in_text_says_so():
    status, out, _ = run("evaluate", "--suppress-below", "5")
    assert 0 == status
    assert "vist som <5" in out
    assert "skjult (<5/25)" in out


@pytest.mark.parametrize("value", ["1", "0", "fem", "2.5"])
def test_suppress_below_must_be_at_least_two(value):
    status, _, err = run("evaluate", "--suppress-below", value)
    assert 2 == status
    assert repr(value) in err


def test_years_shows_the_key_figures_per_year_side_by_side():
    status, out, _ = run("evaluate", "--years", "2016..2018")
    assert 0 == status
    assert out.startswith("Udvikling pr. 30. juni 2016–2018\n")
    headers = [line.split() for line in out.splitlines() if line.startswith("Nøgletal")]
    assert [["Nøgletal", "2016", "2017", "2018"]] * 2 == headers


def test_years_as_json_is_the_trend_document():
    status, out, _ = run("evaluate", "--years", "2017..2018", "--format", "json",
                         "--agreement", "SA1")
    document = json.loads(out)
    assert 0 == status
    assert [2017, 2018] == [y["year"] for y in document["years"]]
    assert [["SA1"], ["SA1"]] == [[a["agreement_id"] for a in y["agreements"]]
                                  for y in document["years"]]


def test_years_with_an_unknown_agreement_is_refused():
    status, _, err = run("evaluate", "--years", "2017..2018", "--agreement", "SA7")
    assert 1 == status
    assert "'SA7'" in err


@pytest.mark.parametrize("years", ["2018..2016", "16..18", "2016-2018", "x"])
def test_years_that_are_not_a_range_are_a_usage_error(years):
    status, _, err = run("evaluate", "--years", years)
    assert 2 == status
    assert "2016..2018" in err


def test_years_with_as_of_is_a_usage_error():
    status, _, err = run("evaluate", "--years", "2016..2018", "--as-of", "2018-06-30")
    assert 2 == status
    assert "--as-of" in err


def test_an_unknown_format_is_a_usage_error():
    status, _, err = run("evaluate", "--format", "pdf")
    assert 2 == status
    assert "pdf" in err


def test_the_three_year_report_under_suppression_hides_what_each_years_evaluation_hides():
    status, out, _ = run("evaluate", "--years", "2016..2018", "--suppress-below", "5",
                         "--format", "json")
    document = json.loads(out)
    assert (0, 5) == (status, document["suppressed_below"])
    for year in document["years"]:
        status, out, _ = run("evaluate", "--as-of", year["as_of"], "--suppress-below", "5",
                             "--format", "json")
        evaluation = {a["agreement_id"]: a for a in json.loads(out)["agreements"]}
        for row in year["agreements"]:
            agreement = evaluation[row["agreement_id"]]
            assert (row["active"], row["completed"], row["plan_compliance"]) == (
                agreement["q1_in_use"]["active"], agreement["q7_overview"]["completed"],
                agreement["q2_plan"]["compliance"])


def test_a_count_hidden_to_protect_another_is_x_in_json():
    status, out, _ = run("evaluate", "--as-of", "2016-06-30", "--suppress-below", "5",
                         "--format", "json")
    sa1 = json.loads(out)["agreements"][0]
    assert (0, "x", "<5") == (status, sa1["q2_plan"]["participants"], sa1["q2_plan"]["exempt"])
