"""
The workbooks, read back with openpyxl: the evaluation (a summary sheet, a
sheet per agreement and a comparison sheet), the comparison, the trend, and
the annual report and the jobs of a year (a summary sheet, then a sheet per
part).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pypdf
import pytest

import forloeb
from forloeb.evaluation import annual_report, compare, evaluate, jobs, trend
from forloeb.rendering import (
    render_annual_report,
    render_comparison,
    render_evaluation,
    render_jobs,
    render_trend,
    suppress,
)


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


def test_workbook_has_a_summary_sheet_first_then_a_sheet_per_agreement_and_a_comparison(
        document):
    book = _workbook(render_evaluation(document, fmt="xlsx"))
    assert ["Sammenfatning", "SA1", "SA2", "Sammenligning"] == book.sheetnames


def test_agreement_sheet_holds_the_figures_as_numbers(document):
    sheet = _workbook(render_evaluation(document, fmt="xlsx"))["SA1"]
    assert 25 == _row(sheet, "Afsluttede forløb")[1]
    assert "Evaluering af samarbejdsaftalerne pr. 30. juni 2018" == sheet["A1"].value


def test_a_share_is_a_percent_with_its_numerator_and_denominator_beside_it(document):
    sheet = _workbook(render_evaluation(document, fmt="xlsx"))["SA1"]
    row = _row(sheet, "Progression (uddannelse, job eller fleksjob)")
    assert (0.4, 10, 25) == row[1:4]
    cell = next(c for r in sheet.iter_rows() for c in r if c.value == 0.4)
    assert "0 %" == cell.number_format


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


def _cells(book):
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
            if c.value is not None]


@pytest.fixture(scope="module")
def book(document):
    moment = dt.datetime(2018, 7, 1, 9, 30)
    return _workbook(render_evaluation(document, fmt="xlsx", source="register/",
                                       generated_at=moment))


@pytest.fixture(scope="module")
def annual():
    return annual_report(forloeb.load_example(), year=2018).to_dict()


@pytest.fixture(scope="module")
def annual_book(annual):
    moment = dt.datetime(2018, 7, 1, 9, 30)
    return _workbook(render_annual_report(annual, fmt="xlsx", source="register/",
                                          generated_at=moment))


@pytest.mark.parametrize("workbook", ["book", "annual_book"])
def test_every_sheet_prints_on_a4_one_page_wide_with_its_title_rows_repeated(request, workbook):
    book = request.getfixturevalue(workbook)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert ("9", 1, 0) == (str(setup.paperSize), setup.fitToWidth, setup.fitToHeight), \
            sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows
        assert sheet.print_title_rows.startswith("$1:$")
        assert "&P" in sheet.oddFooter.right.text
        assert "&N" in sheet.oddFooter.right.text


@pytest.mark.parametrize("workbook", ["book", "annual_book"])
def test_the_page_footer_names_the_source_and_the_time(request, workbook):
    for sheet in request.getfixturevalue(workbook).worksheets:
        assert "Kilde: register/" in sheet.oddFooter.left.text
        assert "Dannet 1. juli 2018 kl. 09.30" in sheet.oddFooter.left.text


@pytest.mark.parametrize("workbook", ["book", "annual_book"])
def test_one_font_family_throughout(request, workbook):
    assert {"Calibri"} == {c.font.name for c in _cells(request.getfixturevalue(workbook))}


def test_the_summary_sheet_puts_the_key_figures_of_every_agreement_side_by_side(book):
    sheet = book["Sammenfatning"]
    assert ("Nøgletal", "Samarbejdsaftale 1 (SA1)", "Samarbejdsaftale 2 (SA2)") == \
        _row(sheet, "Nøgletal")[:3]
    assert ("VeteranHaven", "Sumak") == _row(sheet, "Virksomhed")[1:3]
    assert (0.4, 22 / 36) == _row(sheet, "Andel med progression")[1:3]
    assert (240000, pytest.approx(51545.45, abs=0.01)) == _row(sheet, "Pris pr. progression")[1:3]


def test_shares_are_percent_amounts_kroner_and_counts_grouped(book):
    formats = {}
    for cell in _cells(book):
        if not isinstance(cell.value, str):
            formats.setdefault(cell.number_format, []).append(cell.value)
    assert 0.4 in formats["0 %"]
    assert 240000 in formats['#,##0 "kr."']
    assert 96000 in formats['#,##0 "kr."']
    assert 2920 in formats["#,##0"]


def test_note_dates_are_date_cells_and_notes_wrap(book):
    sheet = book["SA1"]
    dates = [c for row in sheet.iter_rows() for c in row if getattr(c, "is_date", False)]
    assert dt.datetime(2017, 8, 22) in [c.value for c in dates]
    assert {"dd.mm.yyyy"} == {c.number_format for c in dates}
    note = next(c for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("Sagsbehandlerne svarer"))
    assert note.alignment.wrap_text


def test_columns_are_as_wide_as_what_they_hold_and_longer_labels_wrap(book):
    sheet = book["SA1"]
    width = sheet.column_dimensions["A"].width
    labels = [c for (c,) in sheet.iter_rows(min_col=1, max_col=1)
              if isinstance(c.value, str) and c.coordinate not in sheet.merged_cells]
    assert all(len(c.value) <= width for c in labels if not c.alignment.wrap_text)
    assert all(c.alignment.wrap_text for c in labels if len(c.value) > width)
    assert max(len(c.value) for c in labels) > width - 10  # fitted, not merely wide
    # The value column is wide enough for "100 %" and not as wide as a label.
    assert 8 <= sheet.column_dimensions["B"].width < 30


def test_the_english_workbook_writes_dates_and_amounts_the_english_way(document):
    book = _workbook(render_evaluation(document, fmt="xlsx", lang="en"))
    assert ["Summary", "SA1", "SA2", "Comparison"] == book.sheetnames
    formats = {c.number_format for c in _cells(book) if not isinstance(c.value, str)}
    assert {"0%", '"DKK "#,##0', "yyyy-mm-dd"} <= formats


# The annual report and the jobs of a year.


def test_the_annual_workbook_has_the_summary_first_then_a_sheet_per_part(annual_book):
    assert ["Sammenfatning", "Job 2018", "Fleksjob", "SA1", "SA2", "Sammenligning",
            "Udvikling pr. 30. juni"] == annual_book.sheetnames


def test_the_annual_summary_sheet_says_the_result_and_holds_each_cards_key_figures(
        annual_book):
    sheet = annual_book["Sammenfatning"]
    texts = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert any(t.startswith("Pr. 31. december 2018 har de socialøkonomiske virksomheder "
                            "skaffet 35 job") for t in texts)
    assert ("Nøgletal", "Job via jobcentret i 2018") == _row(sheet, "Nøgletal")[:2]
    assert (30, 35, "ja", 0, 29) == tuple(
        _row(sheet, name)[1] for name in ("Mål (job via jobcentret)",
                                          "Job via jobcentret i alt", "Målet er nået",
                                          "Mangler for at nå målet", "Ansat via andre kanaler"))
    assert 0.5 == _row(sheet, "Overholdelse")[1]
    # The agreements' cards side by side, as in the evaluation's summary.
    headers = [row[:3] for row in sheet.iter_rows(values_only=True) if row[0] == "Nøgletal"]
    assert ("Nøgletal", "Samarbejdsaftale 1 (SA1)", "Samarbejdsaftale 2 (SA2)") in headers


def test_each_persons_path_holds_date_cells_and_hours_as_numbers(annual_book):
    sheet = annual_book["Fleksjob"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "ANS-001")
    assert (dt.datetime(2016, 9, 8), "dd.mm.yyyy") == (row[2].value, row[2].number_format)
    assert (4.5, 80, 3.6) == (row[3].value, row[4].value, row[5].value)
    assert "0.0" == row[5].number_format


def test_the_suppressed_annual_workbook_writes_small_counts_as_text(annual):
    book = _workbook(render_annual_report(suppress(annual, below=5), fmt="xlsx"))
    sheet = book["Job 2018"]
    assert "<5" == _row(sheet, "Fuldtid")[1]
    assert "<5" == _row(book["Sammenfatning"], "Færre effektive timer")[1]
    assert "skjult" == _row(book["Sammenfatning"], "Overholdelse")[1]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "<5")
    assert "s" == cell.data_type


def test_the_english_annual_workbook_is_named_in_english(annual):
    book = _workbook(render_annual_report(annual, fmt="xlsx", lang="en"))
    assert ["Summary", "Jobs 2018", "Flexjobs"] == book.sheetnames[:3]


def test_the_jobs_workbook_opens_with_its_summary():
    figures = jobs(forloeb.load_example(), year=2018, as_of=dt.date(2018, 12, 31)).to_dict()
    book = _workbook(render_jobs(figures, fmt="xlsx"))
    assert ["Sammenfatning", "Job 2018", "Fleksjob"] == book.sheetnames


def _printed_by_libreoffice(workbook: bytes, tmp_path):
    """
    The pages of ``workbook`` printed to PDF by LibreOffice (skipped where it is missing).
    """
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(workbook)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    pages = pypdf.PdfReader(tmp_path / "rapport.pdf").pages
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert {(595, 842)} == sizes
    return pages


def _lines_starting(pages, text):
    return [line for page in pages for line in page.extract_text().splitlines()
            if line.startswith(text)]


@pytest.mark.slow
def test_libreoffice_prints_the_workbook_one_page_wide_on_a4(document, tmp_path):
    """
    Where LibreOffice is installed: printed to PDF, every page is A4 and
    every figure is on the page of its label (no sheet is cut into columns
    of pages), in a handful of pages.
    """
    pages = _printed_by_libreoffice(render_evaluation(document, fmt="xlsx"), tmp_path)
    completed = _lines_starting(pages, "Afsluttede forløb")
    assert completed
    assert all(re.search(r"\d", line) for line in completed), completed
    assert len(pages) <= 4 + 2 * len(document["agreements"])


@pytest.mark.slow
def test_libreoffice_prints_the_annual_workbook_one_page_wide_on_a4(annual, tmp_path):
    """
    The annual report's workbook likewise: each person's path in a flexjob
    keeps its hours on the page of its employment, at most two pages a sheet.
    """
    workbook = render_annual_report(annual, fmt="xlsx")
    pages = _printed_by_libreoffice(workbook, tmp_path)
    path = _lines_starting(pages, "ANS-001")
    assert path
    assert all(re.search(r"4,5|4\.5", line) for line in path), path
    running = _lines_starting(pages, "Fleksjob i gang på datoen")
    assert running
    assert all(line.endswith("27") for line in running), running
    assert len(pages) <= 2 * len(_workbook(workbook).sheetnames)
