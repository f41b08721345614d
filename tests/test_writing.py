"""
Writing registers: whatever is written, in any format, loads back equal.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from by_hand import as_a_workbook_gives_it_back, with_notes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
    write_csv(register, folder, excel=True)
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
    path = tmp_path_factory.mktemp("xlsx") / "register.xlsx"
    write_xlsx(register, path)
    assert register == forloeb.load(path)


def _spanning_lines(register: Register, data: st.DataObject) -> Register:
    # Each note of the register with a tab or a line break of some kind
    # inside it (the generated notes hold none: a spreadsheet user's tests
    # keep them out, forloeb's writers must not).
    breaks = st.sampled_from(["\n", "\r", "\r\n", "\t", "\n\n", "\r\r"])

    def spanning(note: str) -> str:
        at = data.draw(st.integers(0, len(note)))
        return f"{note[:at]}{data.draw(breaks)}{note[at:]}".strip()

    return with_notes(register, spanning)


@_ROUND_TRIP
@given(register=registers(max_pathways=12), data=st.data(),
       form=st.sampled_from(["csv", "csv-excel", "json", "xlsx"]))
def test_any_register_whose_notes_span_lines_reads_back_equal(
        tmp_path_factory: pytest.TempPathFactory, register: Register, data: st.DataObject,
        form: str) -> None:
    register = _spanning_lines(register, data)
    loaded = forloeb.load(_write(register, tmp_path_factory.mktemp(form), form))
    if form == "xlsx":
        register = as_a_workbook_gives_it_back(register)
    assert register == loaded


@pytest.mark.parametrize("note", ["ring\rigen", "ring\r\nigen", "slut\r\"citat\"\rx", "a,\rb"])
@pytest.mark.parametrize("excel", [False, True])
def test_a_note_holding_a_carriage_return_reads_back_equal_from_csv(
        tmp_path: Path, note: str, excel: bool) -> None:
    # Python's CSV writer quotes only its own line end: a lone "\r" was
    # written bare and every reader ended the row there.
    register = Register.build([Agreement("SA1", D(2017, 1, 1), slots=1, plan_deadline_weeks=4,
                                         frame_weeks=52)],
                              collaboration=[CollaborationNote("SA1", D(2017, 6, 30), note=note),
                                             CollaborationNote("SA1", D(2017, 7, 1), note="x")])
    write_csv(register, tmp_path, excel=excel)
    assert register == forloeb.load(tmp_path)


@pytest.mark.parametrize("character", ["\ufffe", "\uffff"])
def test_a_noncharacter_no_workbook_can_store_is_refused_on_load(
        tmp_path: Path, character: str) -> None:
    (tmp_path / "agreements.csv").write_text(
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks,name\n"
        f"SA1,2017-01-01,1,4,52,Veteran{character}Haven\n", encoding="utf-8")
    (tmp_path / "pathways.csv").write_text("pathway_id,agreement_id,participant_id\n",
                                           encoding="utf-8")
    with pytest.raises(forloeb.RegisterError) as refused:
        forloeb.load(tmp_path)
    (problem,) = refused.value.problems
    assert f"U+{ord(character):04X}" in str(problem)
    assert "column name" in str(problem)


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


def test_csv_for_danish_excel_is_semicolons_bom_crlf_day_first_ja_nej_decimal_comma(
        tmp_path: Path) -> None:
    write_csv(_hand_made(), tmp_path, excel=True)
    raw = (tmp_path / "pathways.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert [
        "pathway_id;agreement_id;participant_id;target_group;referred_date;start_date;"
        "end_date;outcome;plan_date;plan_co_created;plan_own_goals;no_plan_reason",
        "P1;SA1;D-001;lab_2_3;01-02-2017;15-02-2017;01-12-2017;fleksjob;01-03-2017;ja;nej;",
        "P2;SA1;D-002;;01-03-2017;;05-03-2017;annulleret;;;;kort_forloeb",
        "",
    ] == lines
    agreements = (tmp_path / "agreements.csv").read_bytes().decode("utf-8-sig")
    assert ";45000,50\r\n" in agreements
    assert '"fleksjob;annulleret"' in agreements


def test_formula_escaping_holds_in_csv_for_danish_excel(tmp_path: Path) -> None:
    register = _hand_made()
    note = CollaborationNote("SA1", D(2017, 7, 1), note="=HYPERLINK(\"x\")", author="-2 dage")
    changed = Register(register.agreements, register.pathways, register.events, [note])
    write_csv(changed, tmp_path, excel=True)
    text = (tmp_path / "collaboration.csv").read_text(encoding="utf-8-sig")
    assert "'-2 dage" in text
    assert "'=HYPERLINK" in text
    assert changed == forloeb.load(tmp_path)


def test_json_holds_native_values_and_prices_as_exact_text(tmp_path: Path) -> None:
    write_json(_hand_made(), tmp_path / "register.json")
    data = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    agreement = data["agreements"][0]
    assert (2, True, ["fleksjob", "annulleret"], "45000.50", "2017-01-01", None) == (
        agreement["slots"], agreement["pause_on_absence"], agreement["allowed_outcomes"],
        agreement["price_per_pathway"], agreement["start_date"], agreement["end_date"])


def test_a_text_starting_with_an_equals_sign_stays_text_in_a_workbook(tmp_path: Path
                                                                       ) -> None:
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
        write_csv(register, tmp_path / "excel", excel=True)
        return tmp_path / "excel"
    if form == "json":
        write_json(register, tmp_path / "register.json")
        return tmp_path / "register.json"
    write_xlsx(register, tmp_path / "register.xlsx")
    return tmp_path / "register.xlsx"


def test_an_exported_workbook_opens_with_a_bold_frozen_filtered_header_and_dates_as_dates(
        tmp_path: Path) -> None:
    register = forloeb.load_example()
    write_xlsx(register, tmp_path / "register.xlsx")
    book = openpyxl.load_workbook(tmp_path / "register.xlsx")
    for sheet in book.worksheets:
        assert "A2" == sheet.freeze_panes, sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" \
            f"{sheet.max_row}"
        assert all(c.font.b for c in sheet[1])
        for column in range(1, sheet.max_column + 1):
            letter = sheet.cell(1, column).column_letter
            shown = max(len(str(c.value.date() if hasattr(c.value, "date") else c.value))
                        for (c,) in sheet.iter_rows(min_col=column, max_col=column)
                        if c.value is not None)
            assert sheet.column_dimensions[letter].width >= min(shown, 55), (sheet.title, letter)
    start = book["pathways"]["F2"]
    assert (True, "yyyy-mm-dd") == (start.is_date, start.number_format)
    assert register == forloeb.load(tmp_path / "register.xlsx")
