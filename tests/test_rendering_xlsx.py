"""
The workbook: a sheet per agreement and a comparison sheet, read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

import forloeb
from forloeb.evaluation import compare, evaluate, trend
from forloeb.rendering import render_comparison, render_evaluation, render_trend, suppress


@pytest.fixture(scope="module")
def document():
    return evaluate(forloeb.load_example(), as_of=dt.date(2018, 6, 30)).to_dict()


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _row(sheet, first_cell):
    # The first row whose first cell is `first_cell`, as values.
    for row in sheet.iter_rows(values_only=True):
        if row[0] == first_cell:
            return row
    raise AssertionError(f"no row {first_cell!r} on sheet {sheet.title}")


def test_workbook_has_a_sheet_per_agreement_and_a_comparison_sheet(document):
    book = _workbook(render_evaluation(document, fmt="xlsx"))
    assert ["SA1", "SA2", "Sammenligning"] == book.sheetnames


def test_agreement_sheet_holds_the_figures_as_numbers(document):
    sheet = _workbook(render_evaluation(document, fmt="xlsx"))["SA1"]
    assert 25 == _row(sheet, "Afsluttede forløb")[1]
    assert "Evaluering af samarbejdsaftalerne pr. 30. juni 2018" == sheet["A1"].value


def test_a_share_is_a_percent_with_its_numerator_and_denominator_beside_it(document):
    sheet = _workbook(render_evaluation(document, fmt="xlsx"))["SA1"]
    row = _row(sheet, "Progression (uddannelse, job eller fleksjob)")
    assert (0.4, 10, 25) == row[1:4]
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == 0.4)
    assert "0%" == cell.number_format


def test_comparison_sheet_puts_agreements_side_by_side(document):
    sheet = _workbook(render_evaluation(document, fmt="xlsx"))["Sammenligning"]
    assert ("Nøgletal", "SA1", "SA2") == _row(sheet, "Nøgletal")[:3]
    assert (25, 36) == _row(sheet, "Afsluttede forløb")[1:3]
    assert (96000, 31500) == _row(sheet, "Pris pr. forløb")[1:3]


def test_english_workbook_names_its_comparison_sheet_in_english(document):
    book = _workbook(render_evaluation(document, fmt="xlsx", lang="en"))
    assert "Comparison" == book.sheetnames[-1]
    assert 25 == _row(book["SA1"], "Completed pathways")[1]


def test_suppressed_workbook_shows_small_counts_as_text(document):
    sheet = _workbook(render_evaluation(suppress(document, below=5), fmt="xlsx"))["SA1"]
    assert "<5" == _row(sheet, "I forløb på evalueringsdagen")[1]
    assert ("skjult", "<5", 25) == _row(sheet, "Stoppet pga. massive udfordringer")[1:4]


def test_comparison_and_trend_workbooks():
    register = forloeb.load_example()
    book = _workbook(render_comparison(compare(register, as_of=dt.date(2018, 6, 30)),
                                       fmt="xlsx"))
    assert ["Sammenligning"] == book.sheetnames
    book = _workbook(render_trend(trend(register, years=[2017, 2018]), fmt="xlsx"))
    assert ["SA1", "SA2"] == book.sheetnames
    assert ("Nøgletal", "2017", "2018") == _row(book["SA1"], "Nøgletal")[:3]
