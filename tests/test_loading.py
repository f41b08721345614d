"""
Loading registers: every problem found at once, with file, row and column;
Danish spreadsheet habits accepted; never a traceback for any input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from by_hand import workbook as _workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.codes import EventType
from forloeb.errors import (
    ForloebError,
    InvalidArgument,
    Problem,
    RegisterError,
    RegisterWarning,
)
from forloeb.loading import load
from forloeb.loading._cells import Caches
from forloeb.loading._table import TableReader, _column_builder
from forloeb.schema import TABLES
from forloeb.store import Store
from forloeb.testing import registers

BROKEN = Path(__file__).parent / "data" / "broken"
D = dt.date


def where(error: RegisterError) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in error.problems]


def problems_of(path: Path) -> RegisterError:
    with pytest.raises(RegisterError) as raised:
        load(path)
    return raised.value


def copy_fixture(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(BROKEN / name, target)
    return target


# -- the broken registers ---------------------------------------------------------


def test_wrong_dates_are_reported_with_file_row_and_column() -> None:
    error = problems_of(BROKEN / "wrong-dates")
    assert [
        ("pathways.csv", 2, "start_date"),
        ("pathways.csv", 3, "plan_date"),
        ("events.csv", 3, "date"),
    ] == where(error)
    assert "'2016-13-45' is not a date" in error.problems[0].message


def test_a_month_first_date_is_refused_not_guessed() -> None:
    error = problems_of(BROKEN / "wrong-dates")
    assert "'06/30/2017' is not a date" in error.problems[1].message


def test_events_of_a_pathway_whose_row_is_unreadable_raise_no_follow_on_problem() -> None:
    """
    P1's row has a bad date; its follow-up meeting is not "of a pathway that does not exist".
    """
    error = problems_of(BROKEN / "wrong-dates")
    assert not any("does not exist" in p.message for p in error.problems)


def test_unknown_codes_are_reported_with_the_closest_known_code() -> None:
    error = problems_of(BROKEN / "unknown-codes")
    assert [
        ("pathways.csv", 2, "outcome"),
        ("pathways.csv", 3, "target_group"),
        ("events.csv", 3, "type"),
    ] == where(error)
    assert ("'flexjob' is not a known outcome code; did you mean 'fleksjob'?"
            == error.problems[0].message)


def test_an_outcome_on_an_active_pathway_breaks_rule_1() -> None:
    error = problems_of(BROKEN / "outcome-on-active")
    assert [("pathways.csv", 3, "end_date")] == where(error)
    assert "rule 1" in error.problems[0].message


def test_an_end_before_the_start_breaks_rule_2() -> None:
    error = problems_of(BROKEN / "end-before-start")
    assert [("pathways.csv", 2, "end_date")] == where(error)
    assert "end_date 2017-01-31 is before start_date 2017-02-15" in error.problems[0].message


def test_a_start_beyond_the_slots_breaks_rule_7_with_date_and_count() -> None:
    error = problems_of(BROKEN / "overlapping-capacity")
    assert [("pathways.csv", 4, "start_date")] == where(error)
    message = error.problems[0].message
    assert "2017-04-03" in message
    assert "3 pathways active" in message


def test_a_cpr_number_is_refused_without_repeating_it() -> None:
    error = problems_of(BROKEN / "cpr-number")
    assert [("pathways.csv", 2, "participant_id")] == where(error)
    assert "CPR" in str(error)
    assert "300675" not in str(error)


def test_a_missing_required_column_is_one_problem_and_no_follow_on() -> None:
    error = problems_of(BROKEN / "missing-column")
    assert [("pathways.csv", None, "agreement_id")] == where(error)
    assert "required column is missing" in error.problems[0].message


def test_an_unknown_extra_column_is_ignored_with_a_warning_naming_file_and_column() -> None:
    with pytest.warns(RegisterWarning, match="pathways.csv: unknown column 'sagsbehandler'"):
        register = load(BROKEN / "extra-column")
    assert 2 == len(register.pathways)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    error = problems_of(BROKEN / "three-problems")
    assert [
        ("pathways.csv", 4, "start_date"),
        ("pathways.csv", 5, "agreement_id"),
        ("pathways.csv", 6, "end_date"),
    ] == where(error)
    assert str(error).startswith(f"{BROKEN / 'three-problems'} has 3 problems:")


# -- Danish spreadsheet habits ----------------------------------------------------


def test_a_danish_excel_export_in_windows_1252_with_semicolons_is_valid() -> None:
    raw = (BROKEN / "danish-excel" / "agreements.csv").read_bytes()
    assert b";" in raw
    assert "Værkstedet Ø".encode("cp1252") in raw
    register = load(BROKEN / "danish-excel")
    agreement = register.agreement("SA1")
    assert ("Værkstedet Ø", D(2017, 1, 1), Decimal("45000.50"), False) == (
        agreement.provider, agreement.start_date, agreement.price_per_pathway,
        agreement.pause_on_absence)
    p1, p2 = register.pathways
    assert (D(2017, 2, 1), D(2017, 2, 15), True, True) == (
        p1.referred_date, p1.start_date, p1.plan_co_created, p1.plan_own_goals)
    assert (D(2017, 3, 1), D(2017, 3, 20), False, None) == (
        p2.referred_date, p2.plan_date, p2.plan_co_created, p2.plan_own_goals)
    extension = next(e for e in register.events if e.type is EventType.EXTENSION)
    assert 8 == extension.value
    assert "Gik godt, også med kørsel" == register.events_of("P1")[0].note


def test_utf8_with_a_byte_order_mark_and_either_delimiter_per_file(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        "pathway_id;agreement_id;participant_id;start_date\nP1;SA1;Ø-001;2017-02-15\n",
        encoding="utf-8-sig")
    register = load(folder)
    assert "Ø-001" == register.pathway("P1").participant_id


def test_whitespace_around_values_and_header_names_is_ignored(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        " pathway_id , Agreement_ID ,participant_id,start_date\n P1 , SA1 , D-1 , 2017-02-15 \n")
    (folder / "events.csv").write_text("pathway_id,date,type,code\nP1,2017-03-01, FollowUp ,\n")
    register = load(folder)
    assert ("P1", "SA1", "D-1", D(2017, 2, 15)) == (
        register.pathways[0].pathway_id, register.pathways[0].agreement_id,
        register.pathways[0].participant_id, register.pathways[0].start_date)
    assert EventType.FOLLOWUP == register.events[0].type


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_one_problem(tmp_path: Path) -> None:
    folder = copy_fixture("danish-excel", tmp_path)
    (folder / "events.csv").write_bytes(b"pathway_id;date;type\nP1;\x81\x8d;followup\n")
    error = problems_of(folder)
    assert [("events.csv", None, None)] == where(error)
    assert "not text in UTF-8 or Windows-1252 (byte 0x81)" in error.problems[0].message


# -- rows and row numbers ---------------------------------------------------------


def test_blank_lines_count_as_rows_and_are_skipped(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id,start_date\n\nP1,SA1,D-1,2017-02-15\n"
        ",,,\nP2,SA1,D-2,2017-99-01\n")
    error = problems_of(folder)
    assert [("pathways.csv", 5, "start_date")] == where(error)


def test_a_row_with_more_values_than_columns_is_a_problem(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id,start_date\nP1,SA1,D-1,2017-02-15,x\n"
        "P2,SA1,D-2,2017-03-01,,\n")
    error = problems_of(folder)
    assert [("pathways.csv", 2, None)] == where(error)
    assert "5 values but the header names only 4 columns" in error.problems[0].message


def test_a_short_row_leaves_the_missing_cells_empty(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id,start_date,end_date,outcome\nP1,SA1,D-1\n")
    (folder / "events.csv").write_text("pathway_id,date,type\n")
    assert load(folder).pathway("P1").start_date is None


def test_a_required_value_left_empty_is_a_problem(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").write_text(
        "pathway_id,agreement_id,participant_id\nP1,,D-1\nP2,SA1, \n")
    error = problems_of(folder)
    assert [("pathways.csv", 2, "agreement_id"), ("pathways.csv", 3, "participant_id")
            ] == where(error)
    assert "a value is required here" == error.problems[0].message



@pytest.mark.parametrize("empty", ["", " ", "\u200b"])
def test_a_required_id_left_empty_is_a_problem_after_an_optional_id_left_empty(
        tmp_path: Path, empty: str) -> None:
    """
    The example's employment ANS-002 followed no pathway (its pathway_id is
    left empty, here as the event's employment_id is): an event whose
    employment_id is empty is still "a value is required here", never an
    event of an employment ``None``.
    """
    folder = tmp_path / "register"
    shutil.copytree(forloeb.EXAMPLE_REGISTER, folder)
    employments = folder / "employments.csv"
    ans_002 = "ANS-002,BO-952,VeteranHaven,fleksjob,jobcenter,2015-08-03,,,"
    text = employments.read_text(encoding="utf-8")
    assert ans_002 in text
    employments.write_text(text.replace(ans_002, f"{ans_002[:-1]}{empty},"), encoding="utf-8")
    events = folder / "employment_events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    events.write_text("\n".join([*lines, f"{empty},2017-05-01,change,9,,"]) + "\n",
                      encoding="utf-8")
    error = problems_of(folder)
    assert [("employment_events.csv", len(lines) + 1, "employment_id",
             "a value is required here")] == [(p.file, p.row, p.column, p.message)
                                              for p in error.problems]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_short_row_of_a_table_missing_a_required_column_is_still_checked(
        tmp_path: Path, form: str) -> None:
    header = ["pathway_id", "agreement_id", "start_date"]  # no participant_id
    if form == "csv":
        path = copy_fixture("three-problems", tmp_path)
        (path / "pathways.csv").write_text(",".join(header) + "\nP1\n")
        (path / "events.csv").write_text("pathway_id,date,type\n")
        label = "pathways.csv"
    else:
        path = _workbook(tmp_path / "register.xlsx", {"agreements": _AGREEMENTS,
                                                      "pathways": [header, ["P1"]]})
        label = "register.xlsx (pathways)"
    error = problems_of(path)
    assert [(label, None, "participant_id", "the required column is missing"),
            (label, 2, "agreement_id", "a value is required here")
            ] == [(p.file, p.row, p.column, p.message) for p in error.problems]

def test_rows_beyond_the_first_chunk_are_numbered_right(tmp_path: Path) -> None:
    """
    Large files are read in chunks; a bad row deep in one, and a rule broken
    after it, still name their spreadsheet rows.
    """
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "agreements.csv").write_text(
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks\n"
        "SA1,2010-01-01,1,4,52\n")
    lines = ["pathway_id,agreement_id,participant_id,start_date,end_date,outcome"]
    day = D(2010, 1, 1)
    for i in range(10_000):
        start, end = day + dt.timedelta(days=i), day + dt.timedelta(days=i + 1)
        lines.append(f"P{i},SA1,D-{i},{start},{end},fleksjob")
    lines[5001] = "P5000,SA1,D-5000,2023-02-30,2023-03-01,fleksjob"
    lines.insert(7000, "")
    lines[9001] = "P8999,SA1,D-8999,2034-08-20,2034-08-19,fleksjob"
    (folder / "pathways.csv").write_text("\n".join(lines) + "\n")
    (folder / "events.csv").write_text("pathway_id,date,type\nP5000,2023-02-28,followup\n")
    error = problems_of(folder)
    assert [("pathways.csv", 5002, "start_date"), ("pathways.csv", 9002, "end_date")
            ] == where(error)


@given(st.sets(st.integers(2, 60)), st.integers(0, 40))
def test_an_object_is_located_at_its_row_whatever_rows_were_skipped(skipped: set[int],
                                                                    index: int) -> None:
    reader = TableReader(TABLES["events"], "events.csv", TABLES["events"].column_names,
                         Caches())
    for row in sorted(skipped):
        reader.skip(row)
    good = [row for row in range(2, 200) if row not in skipped]
    assert good[index] == reader.row_of(index)


# -- JSON -------------------------------------------------------------------------


def _json_register() -> dict[str, object]:
    return {
        "agreements": [{"agreement_id": "SA1", "start_date": "2017-01-01", "slots": 2,
                        "plan_deadline_weeks": 4, "frame_weeks": 52,
                        "pause_on_absence": True, "price_per_pathway": 45000.5,
                        "positive_outcomes": ["fleksjob", "uddannelse"]}],
        "pathways": [{"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-1",
                      "start_date": "15-02-2017", "plan_co_created": "ja",
                      "end_date": None}],
        "events": [{"pathway_id": "P1", "date": "2017-03-01", "type": "extension",
                    "value": 4.0}],
    }


def test_a_json_register_reads_native_values_and_csv_forms(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text(json.dumps(_json_register()))
    register = load(path)
    agreement = register.agreement("SA1")
    assert (True, Decimal("45000.5"), ("fleksjob", "uddannelse")) == (
        agreement.pause_on_absence, agreement.price_per_pathway, agreement.positive_outcomes)
    assert (D(2017, 2, 15), True, None) == (register.pathway("P1").start_date,
                                             register.pathway("P1").plan_co_created,
                                             register.pathway("P1").end_date)
    assert 4 == register.events[0].value


def test_json_problems_name_the_table_and_count_rows_like_a_sheet(tmp_path: Path) -> None:
    data = _json_register()
    data["pathways"].append({"pathway_id": "P2", "agreement_id": "SA1",  # type: ignore[attr-defined]
                             "participant_id": "D-2", "start_date": 20170301})
    data["events"].append("not a row")  # type: ignore[attr-defined]
    data["agreements"][0]["slots"] = True  # type: ignore[index]
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data))
    error = problems_of(path)
    assert [
        ("register.json (agreements)", 2, "slots"),
        ("register.json (pathways)", 3, "start_date"),
        ("register.json (events)", 3, None),
    ] == where(error)
    assert "true is not a whole number" == error.problems[0].message



@pytest.mark.parametrize(("table", "column", "value", "message"), [
    ("pathways", "start_date", 43000, "43000 is not a date; write it as 2018-06-30 or 30-06-2018"),
    ("pathways", "start_date", True, "true is not a date; write it as 2018-06-30 or 30-06-2018"),
    ("agreements", "price_per_pathway", "ja", "'ja' is not a number"),
    ("agreements", "price_per_pathway", True, "true is not a number"),
    ("agreements", "price_per_pathway", [45000], "[45000] is not a number"),
    ("agreements", "slots", 2.5, "2.5 is not a whole number"),
    ("pathways", "participant_id", 1.5, "1.5 is not text"),
    ("agreements", "pause_on_absence", 2, "2 is not yes or no; write ja or nej (or true/false, "
                                          "1/0, x)"),
])
def test_a_json_value_of_the_wrong_kind_is_shown_in_its_problem(
        tmp_path: Path, table: str, column: str, value: object, message: str) -> None:
    data = _json_register()
    data[table][0][column] = value  # type: ignore[index]
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data))
    assert [(f"register.json ({table})", 2, column, message)] == [
        (p.file, p.row, p.column, p.message) for p in problems_of(path).problems]

@pytest.mark.parametrize(("text", "message"), [
    ("{", "the file is not valid JSON"),
    ("[1, 2]", "a register in JSON is one object"),
    ('{"agreements": []}', "the 'pathways' table is missing"),
    ('{"agreements": {}, "pathways": []}', "'agreements' must be an array of objects"),
])
def test_a_json_file_of_the_wrong_shape_is_one_problem(tmp_path: Path, text: str,
                                                        message: str) -> None:
    path = tmp_path / "register.json"
    path.write_text(text)
    error = problems_of(path)
    assert 1 == len(error.problems)
    assert message in error.problems[0].message


def test_an_unknown_json_key_is_ignored_with_a_warning(tmp_path: Path) -> None:
    data = _json_register()
    data["pathways"][0]["caseworker"] = "Hanne"  # type: ignore[index]
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data))
    with pytest.warns(RegisterWarning, match=r"register.json \(pathways\): unknown column "
                                             "'caseworker'"):
        load(path)


# -- Excel ------------------------------------------------------------------------


_AGREEMENTS = [["agreement_id", "start_date", "slots", "plan_deadline_weeks", "frame_weeks"],
               ["SA1", dt.datetime(2017, 1, 1), 2, 4, 52.0]]


def test_an_excel_workbook_reads_real_dates_numbers_and_text(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx", {
        "agreements": _AGREEMENTS,
        "pathways": [["pathway_id", "agreement_id", "participant_id", "start_date",
                      "plan_co_created"],
                     ["P1", "SA1", "D-1", "15-02-2017", True],
                     [None, None, None, None, None],
                     [1002, "SA1", "D-2", dt.datetime(2017, 3, 1), "nej"]],
    })
    register = load(path)
    assert (D(2017, 1, 1), 52) == (register.agreement("SA1").start_date,
                                   register.agreement("SA1").frame_weeks)
    assert (D(2017, 2, 15), True) == (register.pathway("P1").start_date,
                                      register.pathway("P1").plan_co_created)
    assert (D(2017, 3, 1), False) == (register.pathway("1002").start_date,
                                      register.pathway("1002").plan_co_created)


def test_excel_problems_name_the_sheet_and_its_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx", {
        "agreements": _AGREEMENTS,
        "pathways": [["pathway_id", "agreement_id", "participant_id", "start_date"],
                     ["P1", "SA1", "D-1", dt.datetime(2017, 2, 15, 13, 30)],
                     ["P2", "SA1", "D-2", 43000]],
        "Ark1": [["notes"]],
    })
    with pytest.warns(RegisterWarning, match="unknown sheet 'Ark1'"):
        error = problems_of(path)
    assert [("register.xlsx (pathways)", 2, "start_date"),
            ("register.xlsx (pathways)", 3, "start_date")] == where(error)
    assert "has a time of day" in error.problems[0].message


_PATHWAYS = [["pathway_id", "agreement_id", "participant_id", "start_date"],
             ["P1", "SA1", "D-1", dt.datetime(2017, 2, 1)]]
_EVENTS = [["pathway_id", "date", "type"], ["P1", dt.datetime(2017, 3, 1), "followup"]]


@pytest.mark.parametrize(("missing", "sheets"), [
    ("pathways", {"agreements": _AGREEMENTS, "events": _EVENTS}),
    ("agreements", {"pathways": _PATHWAYS, "events": _EVENTS}),
])
def test_a_workbook_without_a_required_sheet_is_one_problem_and_no_follow_on(
        tmp_path: Path, missing: str, sheets: dict[str, list[list[object]]]) -> None:
    # The rows that refer to the missing table are not "of a pathway that does not exist".
    error = problems_of(_workbook(tmp_path / "register.xlsx", sheets))
    assert [("register.xlsx", None, None, f"the workbook has no sheet named {missing!r}")
            ] == [(p.file, p.row, p.column, p.message) for p in error.problems]


def test_an_empty_sheet_is_a_problem_saying_its_first_row_names_the_columns(
        tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx", {"agreements": _AGREEMENTS,
                                                  "pathways": _PATHWAYS, "events": []})
    assert [("register.xlsx (events)", None, None,
             "the sheet is empty; its first row must name the columns")] == [
        (p.file, p.row, p.column, p.message) for p in problems_of(path).problems]


def test_a_file_that_is_not_a_workbook_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    error = problems_of(path)
    assert "not a readable .xlsx workbook" in error.problems[0].message


def test_reading_a_workbook_without_openpyxl_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ForloebError, match=r"pip install 'forloeb\[xlsx\]'"):
        load(path)


# -- paths and arguments ----------------------------------------------------------


def test_a_missing_required_file_is_a_problem(tmp_path: Path) -> None:
    folder = copy_fixture("three-problems", tmp_path)
    (folder / "pathways.csv").unlink()
    error = problems_of(folder)
    assert [("pathways.csv", None, None)] == where(error)
    assert "the file is missing" in error.problems[0].message


def test_an_empty_file_is_a_problem(tmp_path: Path) -> None:
    folder = copy_fixture("danish-excel", tmp_path)
    (folder / "events.csv").write_bytes(b"")
    error = problems_of(folder)
    assert [("events.csv", None, None)] == where(error)


@pytest.mark.parametrize(("name", "message"), [
    ("nowhere", "there is no such file or folder"),
    ("pathways.csv", "a register in CSV is a folder of files"),
    ("register.txt", "a register is a folder of CSV files or a .json, .xlsx or .sqlite file"),
])
def test_a_path_that_is_no_register_is_a_clear_error(tmp_path: Path, name: str,
                                                     message: str) -> None:
    if name != "nowhere":
        (tmp_path / name).write_text("x")
    with pytest.raises(ForloebError, match=message):
        load(tmp_path / name)



def test_a_path_the_system_refuses_is_one_sentence_naming_the_path_once(
        tmp_path: Path) -> None:
    path = tmp_path / ("r" * 300 + ".json")  # longer than a file name may be
    with pytest.raises(ForloebError) as refused:
        load(path)
    assert f"cannot load {path}: {os.strerror(errno.ENAMETOOLONG).lower()}" == str(
        refused.value)

def test_known_at_needs_a_store() -> None:
    with pytest.raises(InvalidArgument, match="known_at=2018-01-01 needs a store"):
        load(BROKEN / "danish-excel", known_at=D(2018, 1, 1))


def test_as_of_gives_the_register_as_it_stood_that_day() -> None:
    register = load(BROKEN / "danish-excel")
    assert register.as_of(D(2017, 2, 20)) == load(BROKEN / "danish-excel", as_of=D(2017, 2, 20))


def test_a_store_is_loaded_through_the_store(tmp_path: Path) -> None:
    register = load(BROKEN / "danish-excel")
    with Store.open(tmp_path / "register.sqlite", create=True) as store:
        store.import_register(register, actor="test")
    assert register == forloeb.load(tmp_path / "register.sqlite")
    assert register.as_of(D(2017, 3, 1)) == load(tmp_path / "register.sqlite",
                                                 as_of=D(2017, 3, 1))


# -- any bytes at all -------------------------------------------------------------

_VALID = {p.name: p.read_bytes() for p in (BROKEN / "danish-excel").iterdir()}
_FUZZ = settings(max_examples=60, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@contextlib.contextmanager
def _no_fail() -> Iterator[None]:
    # Unknown-column warnings are expected from mangled headers; nothing else is.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegisterWarning)
        yield


def _load_or_problems(folder: Path) -> None:
    problems: tuple[Problem, ...] | None = None
    try:
        load(folder)
    except RegisterError as e:
        problems = e.problems
    if problems is not None:
        assert problems
        assert all(p.row is None or p.row >= 1 for p in problems)


@_FUZZ
@given(name=st.sampled_from(sorted(_VALID)), data=st.binary(max_size=400))
def test_any_bytes_in_a_file_load_or_give_problems_never_another_exception(
        tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for file, content in _VALID.items():
        (folder / file).write_bytes(data if file == name else content)
    with _no_fail():
        _load_or_problems(folder)


@_FUZZ
@given(name=st.sampled_from(sorted(_VALID)), at=st.integers(0, 10_000),
       cut=st.integers(0, 20), insert=st.sampled_from(
           [b"", b";", b",", b"\"", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b";;;;", b"-",
            b"31-02-2018", b"\xe6\xf8\xe5", "æøå".encode(), b"\"\"\n\"", b"1,5", b"x"]))
def test_a_mutated_valid_file_loads_or_gives_problems_with_rows(
        tmp_path_factory: pytest.TempPathFactory, name: str, at: int, cut: int,
        insert: bytes) -> None:
    folder = tmp_path_factory.mktemp("mutated")
    for file, content in _VALID.items():
        if file == name:
            at %= len(content) + 1
            content = content[:at] + insert + content[at + cut:]
        (folder / file).write_bytes(content)
    with _no_fail():
        _load_or_problems(folder)


def test_rows_after_empty_rows_of_a_sheet_keep_their_sheet_numbers(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx", {
        "agreements": _AGREEMENTS,
        "pathways": [["pathway_id", "agreement_id", "participant_id", "start_date"],
                     [], [], [], ["P1", "SA1", "D-1", "2017-02-30"]],
    })
    assert [("register.xlsx (pathways)", 5, "start_date")] == where(problems_of(path))


@settings(max_examples=30)
@given(registers())
def test_objects_built_column_by_column_equal_those_the_class_builds(
        register: forloeb.Register) -> None:
    # The CSV reader fills the slots of frozen objects from columns (faster
    # than one constructor call per row); the result must be the same objects.
    for items in (register.agreements, register.pathways, register.events,
                  register.collaboration):
        if not items:
            continue
        model = type(items[0])
        columns = [[getattr(item, f.name) for item in items] for f in attrs.fields(model)]
        built = _column_builder(model)(len(items), columns)
        assert list(items) == built
        assert [hash(item) for item in items] == [hash(item) for item in built]
        assert {model} == {type(item) for item in built}


def _refuse_early(self: object, day: dt.date | None = None) -> None:
    if (day or self.day).year < 2000:  # type: ignore[attr-defined]
        raise ValueError("too early")


@pytest.mark.parametrize("hook", ["__attrs_pre_init__", "__attrs_post_init__"])
def test_a_class_whose_init_does_more_is_built_by_calling_it(hook: str) -> None:
    # The pre-init hook is given the arguments of __init__ (attrs passes them
    # when the hook takes more than self).
    checked = attrs.frozen(type("Checked", (), {"__annotations__": {"day": "dt.date"},
                                                hook: _refuse_early}))
    with pytest.raises(ValueError, match="too early"):
        _column_builder(checked)(1, [[dt.date(1999, 1, 1)]])
