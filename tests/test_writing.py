"""
Writing registers: whatever is written, in any format, loads back equal.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import forloeb
from forloeb.codes import EventType
from forloeb.errors import ForloebError
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.testing import registers
from forloeb.writing import write_csv, write_json, write_xlsx

D = dt.date

_ROUND_TRIP = settings(max_examples=30, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture])


def _hand_made() -> Register:
    agreement = Agreement("SA1", D(2017, 1, 1), slots=2, plan_deadline_weeks=4,
                          frame_weeks=52, name="Samarbejdsaftale 1", provider="Værkstedet Ø",
                          extra_slots=1, followup_interval_weeks=4, pause_on_absence=True,
                          allowed_outcomes=("fleksjob", "annulleret"),
                          price_per_pathway=Decimal("45000.50"))
    pathways = [
        Pathway("P1", "SA1", "D-001", target_group="lab_2_3", referred_date=D(2017, 2, 1),
                start_date=D(2017, 2, 15), end_date=D(2017, 12, 1), outcome="fleksjob",
                plan_date=D(2017, 3, 1), plan_co_created=True, plan_own_goals=False),
        Pathway("P2", "SA1", "D-002", referred_date=D(2017, 3, 1), end_date=D(2017, 3, 5),
                outcome="annulleret", no_plan_reason="kort_forloeb"),
    ]
    events = [
        Event("P1", D(2017, 3, 15), EventType.FOLLOWUP, code="held",
              note='Gik godt; "rigtig" godt,\nogså med kørsel'),
        Event("P1", D(2017, 6, 1), EventType.EXTENSION, value=8),
        Event("P2", D(2017, 3, 2), EventType.DELIVERY, code="other"),
    ]
    notes = [CollaborationNote("SA1", D(2017, 6, 30), author="jobcenter", rating=4,
                               note="Godt samarbejde")]
    return Register.build([agreement], pathways, events, notes)


@pytest.mark.parametrize("form", ["csv", "csv-excel", "json", "xlsx"])
def test_a_hand_made_register_reads_back_equal(tmp_path: Path, form: str) -> None:
    register = _hand_made()
    assert register == forloeb.load(_write(register, tmp_path, form))


def test_the_bundled_example_reads_back_equal_from_json(tmp_path: Path) -> None:
    register = forloeb.load_example()
    write_json(register, tmp_path / "register.json")
    assert register == forloeb.load(tmp_path / "register.json")


@pytest.mark.parametrize(("provider", "name"), [("''", "'"), ("'", "''"), ("=1", "'=1")])
def test_texts_that_differ_only_by_apostrophes_read_back_apart(
        tmp_path: Path, provider: str, name: str) -> None:
    # The cell of one is the value of the other: a cell is looked up as
    # written, never taken for a value already read.
    register = Register.build([Agreement("SA1", D(2017, 1, 1), slots=1, plan_deadline_weeks=4,
                                         frame_weeks=52, provider=provider, name=name)])
    assert register == forloeb.load(_write(register, tmp_path, "csv"))


@_ROUND_TRIP
@given(register=registers())
def test_any_register_written_as_csv_reads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, register: Register) -> None:
    folder = tmp_path_factory.mktemp("csv")
    write_csv(register, folder)
    assert register == forloeb.load(folder)


@_ROUND_TRIP
@given(register=registers())
def test_any_register_written_for_danish_excel_reads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, register: Register) -> None:
    folder = tmp_path_factory.mktemp("excel-csv")
    write_csv(register, folder, delimiter=";", encoding="utf-8-sig")
    assert register == forloeb.load(folder)


@_ROUND_TRIP
@given(register=registers())
def test_any_register_written_as_json_reads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, register: Register) -> None:
    path = tmp_path_factory.mktemp("json") / "register.json"
    write_json(register, path)
    assert register == forloeb.load(path)


@settings(_ROUND_TRIP, max_examples=15)
@given(register=registers(max_pathways=12))
def test_any_register_written_as_xlsx_reads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, register: Register) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path_factory.mktemp("xlsx") / "register.xlsx"
    write_xlsx(register, path)
    assert register == forloeb.load(path)


def test_csv_uses_the_schema_columns_iso_dates_and_true_false(tmp_path: Path) -> None:
    write_csv(_hand_made(), tmp_path)
    lines = (tmp_path / "pathways.csv").read_text(encoding="utf-8").splitlines()
    assert [
        "pathway_id,agreement_id,participant_id,target_group,referred_date,start_date,"
        "end_date,outcome,plan_date,plan_co_created,plan_own_goals,no_plan_reason",
        "P1,SA1,D-001,lab_2_3,2017-02-01,2017-02-15,2017-12-01,fleksjob,2017-03-01,true,"
        "false,",
        "P2,SA1,D-002,,2017-03-01,,2017-03-05,annulleret,,,,kort_forloeb",
    ] == lines


def test_json_holds_native_values_and_prices_as_exact_text(tmp_path: Path) -> None:
    write_json(_hand_made(), tmp_path / "register.json")
    data = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    agreement = data["agreements"][0]
    assert (2, True, ["fleksjob", "annulleret"], "45000.50", "2017-01-01", None) == (
        agreement["slots"], agreement["pause_on_absence"], agreement["allowed_outcomes"],
        agreement["price_per_pathway"], agreement["start_date"], agreement["end_date"])


def test_a_text_starting_with_an_equals_sign_stays_text_in_a_workbook(tmp_path: Path
                                                                       ) -> None:
    pytest.importorskip("openpyxl")
    register = _hand_made()
    note = CollaborationNote("SA1", D(2017, 7, 1), note="=SUM(A1:A3) er ikke en formel")
    changed = Register(register.agreements, register.pathways, register.events, [note])
    write_xlsx(changed, tmp_path / "register.xlsx")
    assert changed == forloeb.load(tmp_path / "register.xlsx")


def test_a_delimiter_other_than_comma_or_semicolon_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ForloebError, match="delimiter must be ',' or ';'"):
        write_csv(_hand_made(), tmp_path, delimiter="\t")


def _write(register: Register, tmp_path: Path, form: str) -> Path:
    if form == "csv":
        write_csv(register, tmp_path / "csv")
        return tmp_path / "csv"
    if form == "csv-excel":
        write_csv(register, tmp_path / "excel", delimiter=";", encoding="utf-8-sig")
        return tmp_path / "excel"
    if form == "json":
        write_json(register, tmp_path / "register.json")
        return tmp_path / "register.json"
    pytest.importorskip("openpyxl")
    write_xlsx(register, tmp_path / "register.xlsx")
    return tmp_path / "register.xlsx"
