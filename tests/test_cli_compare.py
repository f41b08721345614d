"""
``forloeb compare``: every agreement side by side.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

import forloeb
from forloeb.cli import main
from forloeb.evaluation import compare


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_compare_puts_both_agreements_side_by_side():
    status, out, err = run("compare")
    assert (0, "") == (status, err)
    assert out.startswith("Sammenligning af samarbejdsaftalerne pr. 30. juni 2018\n")
    header = next(line for line in out.splitlines() if line.startswith("Nøgletal"))
    assert ["Nøgletal", "SA1", "SA2"] == header.split()
    assert "61 % (22/36)" in out
    assert "Pris pr. progression" in out


def test_compare_in_english():
    status, out, _ = run("compare", "--lang", "en")
    assert 0 == status
    assert "Price per progression" in out


def test_compare_json_is_the_comparison_document():
    status, out, _ = run("compare", "--format", "json")
    expected = compare(forloeb.load_example(), as_of=dt.date(2018, 6, 30))
    assert (0, expected) == (status, json.loads(out))


def test_compare_csv_is_one_row_per_agreement():
    status, out, _ = run("compare", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (0, ["SA1", "SA2"]) == (status, [r["agreement_id"] for r in rows])


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_compare_in_other_formats(fmt):
    status, out, _ = run("compare", "--format", fmt)
    assert 0 == status
    assert "SA2" in out


def test_compare_to_a_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "sammenligning.xlsx"
    status, _, _ = run("compare", "--format", "xlsx", "-o", str(target))
    assert (0, ["Sammenligning"]) == (status, openpyxl.load_workbook(target).sheetnames)


def test_compare_as_of_a_date():
    status, out, _ = run("compare", "--as-of", "2017-06-30", "--format", "json")
    assert (0, "2017-06-30") == (status, json.loads(out)["as_of"])


def test_compare_to_a_workbook_needs_a_file():
    status, _, err = run("compare", "--format", "xlsx")
    assert 2 == status
    assert "-o FILE" in err


def test_compare_suppresses_small_counts_as_the_evaluation_does():
    status, out, _ = run("compare", "--suppress-below", "5", "--format", "json")
    document = json.loads(out)
    sa1, sa2 = document["agreements"]
    assert (0, 5) == (status, document["suppressed_below"])
    assert ("<5", "<5", 10, 0.4) == (sa1["stopped"], sa1["stopped_share"], sa1["progression"],
                                     sa1["progression_share"])
    # SA2's plan compliance rests on 4 late plans: hidden, as in the evaluation; its
    # occupancy rests on no small count: shown.
    unsuppressed = compare(forloeb.load_example(), as_of=dt.date(2018, 6, 30))["agreements"][1]
    assert ("<5", unsuppressed["occupancy"]) == (sa2["plan_compliance"], sa2["occupancy"])


def test_compare_under_suppression_says_so():
    status, out, _ = run("compare", "--suppress-below", "5", "--lang", "en")
    assert 0 == status
    assert "Counts from 1 to 4 are shown as <5" in out


@pytest.mark.parametrize("value", ["1", "x"])
def test_compare_suppress_below_must_be_at_least_two(value):
    status, _, err = run("compare", "--suppress-below", value)
    assert 2 == status
    assert "is not a whole number of people from 2 to 1000" in err
