"""
CSV for Danish Excel from the command line (``--excel``), and the source and
time of generation in the footer of a report made by the command line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from pathlib import Path

import pytest

import forloeb
from forloeb.cli import main
from forloeb.store import Store


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _excel_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    text = raw.decode("utf-8-sig")
    assert "\n" not in text.replace("\r\n", ""), "a line does not end in CRLF"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_evaluate_for_danish_excel_has_danish_headings_decimal_commas_and_day_first_dates(
        tmp_path):
    status, _, err = run("evaluate", "--format", "csv", "--excel", "-o",
                         str(tmp_path / "evaluering.csv"))
    assert (0, "") == (status, err)
    rows = _excel_rows(tmp_path / "evaluering.csv")
    assert ["Aftale", "Spørgsmål", "Nøgletal", "Værdi"] == rows[0]
    figures = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert "0,4" == figures[("SA1", "q7_overview", "progression_share")]
    assert "3,4285714285714284" == figures[("SA1", "q4_followup", "meetings_per_participant")]
    assert "Samarbejdsaftale 1" == figures[("SA1", "agreement", "name")]


def test_the_english_excel_csv_is_headed_in_english(tmp_path):
    run("compare", "--format", "csv", "--excel", "--lang", "en", "-o",
        str(tmp_path / "compare.csv"))
    rows = _excel_rows(tmp_path / "compare.csv")
    assert ["Agreement", "Name", "Enterprise"] == rows[0][:3]
    assert "0,4" == rows[1][rows[0].index("Progression share")]


def test_the_work_list_for_danish_excel_writes_its_due_dates_day_first(tmp_path):
    run("sla", "--format", "csv", "--excel", "-o", str(tmp_path / "frister.csv"))
    rows = _excel_rows(tmp_path / "frister.csv")
    assert ["Aftale", "Forløb", "Regel", "Frist"] == rows[0][:4]
    assert ["SA1", "SA1-P27", "attendance_report", "04-07-2018"] in [r[:4] for r in rows]


@pytest.mark.parametrize(("lang", "headings", "detail"), [
    ("da", ["Aftale", "Forløb", "Regel", "Frist", "Status", "Udført", "Dage over",
            "Dage tilbage", "Begrundelse", "Bemærkning", "Ansættelse", "Virksomhed"], "seddel 5"),
    ("en", ["Agreement", "Pathway", "Rule", "Due", "Status", "Done", "Days over", "Days left",
            "Reason", "Detail", "Employment", "Enterprise"], "sheet 5"),
])
def test_the_work_list_for_excel_is_headed_and_explained_in_its_language_throughout(
        tmp_path, lang, headings, detail):
    run("sla", "--format", "csv", "--excel", "--lang", lang, "-o", str(tmp_path / "f.csv"))
    rows = _excel_rows(tmp_path / "f.csv")
    assert headings == rows[0]
    assert detail == next(r for r in rows if r[1] == "SA1-P27")[9]


def test_the_trend_for_danish_excel_writes_its_dates_day_first(tmp_path):
    run("evaluate", "--years", "2017..2018", "--format", "csv", "--excel", "-o",
        str(tmp_path / "udvikling.csv"))
    rows = _excel_rows(tmp_path / "udvikling.csv")
    assert ["År", "Evalueringsdato", "Aftale"] == rows[0][:3]
    assert ["2018", "30-06-2018", "SA1"] in [r[:3] for r in rows]


def test_the_plain_csv_stays_as_tools_read_it():
    _, out, _ = run("evaluate", "--format", "csv")
    assert out.startswith("agreement_id,question,figure,value\n")
    assert "SA1,q7_overview,progression_share,0.4\n" in out


def test_excel_goes_only_with_csv():
    status, _, err = run("evaluate", "--format", "text", "--excel")
    assert 2 == status
    assert "--excel writes CSV for Danish Excel" in err


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "forloeb.sqlite"
    Store.import_into(path, forloeb.load_example(), actor="test")
    return path


def test_an_export_for_danish_excel_opens_in_columns_and_loads_back_equal(store, tmp_path):
    target = tmp_path / "til-excel"
    status, _out, err = run("export", str(store), str(target), "--excel")
    assert (0, "") == (status, err)
    rows = _excel_rows(target / "pathways.csv")
    header = rows[0]
    assert "plan_co_created" in header
    assert len(header) == len(rows[1])
    p27 = dict(zip(header, next(r for r in rows if r[0] == "SA1-P27"), strict=True))
    assert p27["start_date"].count("-") == 2
    assert len(p27["start_date"].split("-")[0]) == 2
    assert {r[header.index("plan_co_created")] for r in rows[1:]} <= {"ja", "nej", ""}
    agreements = _excel_rows(target / "agreements.csv")
    price = agreements[1][agreements[0].index("price_per_pathway")]
    assert "," in price or price.isdigit()
    assert forloeb.load_example() == forloeb.load(target)


def test_export_excel_goes_only_with_a_csv_folder(store, tmp_path):
    status, _, err = run("export", str(store), str(tmp_path / "register.json"), "--excel")
    assert 2 == status
    assert "--excel writes a CSV folder" in err


def test_a_web_report_names_its_source_and_when_it_was_made(tmp_path, monkeypatch):
    from forloeb.cli import _common

    moment = dt.datetime(2019, 6, 30, 14, 5)
    monkeypatch.setattr(_common, "now", lambda: moment)
    run("evaluate", "-o", str(tmp_path / "rapport.html"))
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Kilde: det medfølgende eksempel (syntetisk, Slagelse 2018)" in page
    assert "Dannet 30. juni 2019 kl. 14.05" in page
    register = tmp_path / "register"
    forloeb.writing.write_csv(forloeb.load_example(), register)
    run("evaluate", str(register), "--as-of", "2018-06-30", "--lang", "en", "-o",
        str(tmp_path / "report.html"))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f"Source: {register}" in page
    assert "Generated 30 June 2019 at 14:05" in page


def test_text_output_carries_no_time_so_it_stays_the_same_run_after_run():
    assert run("evaluate")[1] == run("evaluate")[1]
    assert "Dannet" not in run("evaluate")[1]


def test_the_jobs_and_the_annual_report_for_danish_excel_are_headed_in_danish(tmp_path):
    status, _, err = run("jobs", "--year", "2018", "--format", "csv", "--excel", "-o",
                         str(tmp_path / "job.csv"))
    assert (0, "") == (status, err)
    rows = _excel_rows(tmp_path / "job.csv")
    assert ["Afsnit", "Nøgletal", "Værdi"] == rows[0]
    figures = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert ("31-12-2018", "ja", "21") == (figures[("jobs", "as_of")],
                                          figures[("jobs", "goal_met")],
                                          figures[("via_jobcenter", "fleksjob")])
    assert "4,5" == figures[("flexjob_progression", "paths.ANS-001.steps.1.hours_per_week")]
    status, _, err = run("report", "--year", "2018", "--format", "csv", "--excel", "-o",
                         str(tmp_path / "aarsrapport.csv"))
    assert (0, "") == (status, err)
    rows = _excel_rows(tmp_path / "aarsrapport.csv")
    assert ["Del", "Aftale", "Afsnit", "Nøgletal", "Værdi"] == rows[0]
    assert ["jobs", "", "jobs", "goal_met", "ja"] in rows


def test_the_annual_report_made_by_the_command_line_names_its_source_and_time(tmp_path):
    target = tmp_path / "aarsrapport.html"
    status, _, err = run("report", "--year", "2018", "-o", str(target))
    assert (0, "") == (status, err)
    colophon = target.read_text(encoding="utf-8").split('<footer class="colophon">')[1]
    assert "Kilde: det medfølgende eksempel (syntetisk, Slagelse 2018)" in colophon
    assert "Dannet " in colophon


def test_source_date_epoch_makes_the_same_report_byte_for_byte(tmp_path, monkeypatch):
    # 1 July 2018 00:00 in Copenhagen: the time a published report says it was made.
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1530396000")
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    time.tzset()
    try:
        assert (0, "", "") == run("evaluate", "-o", str(first))
        for name in ("a.xlsx", "b.xlsx"):
            assert (0, "", "") == run("report", "--year", "2018", "-o", str(tmp_path / name))
            time.sleep(1.1)  # openpyxl stamps the clock's time, to the second
        assert (0, "", "") == run("evaluate", "-o", str(second))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    colophon = first.read_text(encoding="utf-8").split('<footer class="colophon">')[1]
    assert "Dannet 1. juli 2018 kl. 00.00" in colophon


def test_a_source_date_epoch_that_is_no_time_is_one_sentence(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert (1, "", "SOURCE_DATE_EPOCH must be whole seconds since 1970 (such as "
            "1530396000), not 'yesterday'\n") == run("evaluate", "--format", "html")
