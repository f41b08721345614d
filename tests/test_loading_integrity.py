"""
No silent data loss on load: every row is read or a problem names it.

Quotes that swallow rows, JSON keys that repeat or name nothing, formulas
without a saved value, control and invisible characters, UTF-16 files and
CPR numbers in any column are each a problem with file, row and column; every
bad cell of a row is reported, in file, row and column order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from by_hand import workbook as _workbook
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb.errors import RegisterError, RegisterWarning
from forloeb.loading import load
from forloeb.model import Register
from forloeb.privacy import HIDDEN
from forloeb.schema import TABLES
from forloeb.testing import registers
from forloeb.writing import write_csv

D = dt.date

_AGREEMENTS = ("agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks\n"
               "SA1,2017-01-01,8,4,52\n")
_PATHWAYS = ("pathway_id,agreement_id,participant_id,start_date\n"
             "P1,SA1,D-1,2017-02-01\nP2,SA1,D-2,2017-02-01\nP3,SA1,D-3,2017-02-01\n")


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "register"
    folder.mkdir(exist_ok=True)
    contents = {"agreements": _AGREEMENTS, "pathways": _PATHWAYS, **files}
    for name, text in contents.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _problems(path: Path) -> list[tuple[str, int | None, str | None, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegisterWarning)
        with pytest.raises(RegisterError) as raised:
            load(path)
    return [(p.file, p.row, p.column, p.message) for p in raised.value.problems]


def _where(path: Path) -> list[tuple[str, int | None, str | None]]:
    return [problem[:3] for problem in _problems(path)]


_EVENTS = "pathway_id,date,type,code,value,note\n"


# -- quotes -----------------------------------------------------------------------------


def test_a_quote_never_closed_is_a_problem_in_the_row_where_it_opened(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + (
        "P1,2017-03-01,followup,held,,Gik godt\n"
        'P2,2017-03-02,followup,held,,"Gik godt, men\n'
        "P3,2017-03-03,followup,held,,Aflyst\n"
        "P1,2017-03-04,followup,held,,Igen\n"))
    (problem,) = _problems(folder)
    assert ("events.csv", 3, None) == problem[:3]
    assert problem[3].startswith('a quote (") opened in this row is never closed')


def test_a_quote_that_closes_in_the_middle_of_a_later_value_names_the_row_it_opened_in(
        tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + (
        'P1,2017-03-01,followup,held,,"Gik godt\n'
        "P2,2017-03-02,followup,held,,Aflyst\n"
        'P3,2017-03-03,followup,held,,"Sagde ""nej"""\n'))
    assert [("events.csv", 2, None)] == _where(folder)


def test_rows_swallowed_by_a_quote_that_a_line_break_closed_are_found(tmp_path: Path) -> None:
    """
    The quote of row 2 is closed only by the quote of a later note that starts
    with a line break: the CSV is well formed, but a line inside the value is
    a whole row of the file.
    """
    folder = _folder(tmp_path, events=_EVENTS + (
        'P1,2017-03-01,followup,held,,"Gik godt\n'
        "P2,2017-03-02,followup,held,,Aflyst\n"
        'P3,2017-03-03,followup,held,,"\nNy linje"\n'))
    problems = _problems(folder)
    assert ("events.csv", 2, "note") == problems[0][:3]
    assert "line 2 of it reads as a whole row of the file" in problems[0][3]



def test_a_quoted_value_longer_than_any_cell_is_a_problem_in_the_row_where_it_opened(
        tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + (
        "P1,2017-03-01,followup,held,,Gik godt\n"
        'P2,2017-03-02,followup,held,,"Aflyst\n' + "P3,2017-03-03,followup,held,,Igen\n" * 6000))
    assert [("events.csv", 3, None,
             'a value that starts in this row is longer than any cell can be; a quote (") in '
             "it is probably not closed; the file is not read from here on. Check the quotes "
             "in this row")] == _problems(folder)


def test_rows_after_a_broken_quote_raise_no_follow_on_problems(tmp_path: Path) -> None:
    """
    P3's row comes after the quote that breaks pathways.csv, so it is never
    read; its event is not "of a pathway that does not exist".
    """
    folder = _folder(tmp_path, pathways=(
        "pathway_id,agreement_id,participant_id,start_date\n"
        'P1,SA1,D-1,2017-02-01\nP2,SA1,"D-2,2017-02-01\nP3,SA1,D-3,2017-02-01\n'),
        events=_EVENTS + "P3,2017-03-01,followup,held,,\n")
    assert [("pathways.csv", 3, None)] == _where(folder)


def test_rows_swallowed_by_a_quote_deep_in_a_large_file_name_the_row_it_opened_in(
        tmp_path: Path) -> None:
    # Past the third chunk of rows the file is read in.
    rows = ["P1,2017-03-01,followup,held,,Gik godt\n"] * 9000
    rows[8500:8501] = ['P1,2017-03-01,followup,held,,"Gik godt\n',
                       "P2,2017-03-02,followup,held,,Aflyst\n",
                       'P3,2017-03-03,followup,held,,"\nNy linje"\n']
    problems = [p for p in _problems(_folder(tmp_path, events=_EVENTS + "".join(rows)))
                if p[2] == "note"]
    assert [("events.csv", 8502)] == [p[:2] for p in problems]
    assert "line 2 of it reads as a whole row of the file" in problems[0][3]

def test_notes_with_line_breaks_commas_and_quotes_load(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + (
        'P1,2017-03-01,followup,held,,"Gik godt,\nmen ""kørsel"" var svær\n, også i dag"\n'
        'P2,2017-03-02,followup,held,,"Aflyst;\nP3,2017-03-03,møde"\n'))
    register = load(folder)
    assert ['Gik godt,\nmen "kørsel" var svær\n, også i dag', "Aflyst;\nP3,2017-03-03,møde"
            ] == [e.note for e in register.events]


def _row_counts(register: Register) -> dict[str, int]:
    return {t: len(getattr(register, t)) for t in TABLES}


def _load_quietly(folder: Path) -> Register | RegisterError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegisterWarning)
        try:
            return load(folder)
        except RegisterError as e:
            return e


_BYTES = [b'"', b"\n", b"\r", b",", b";", b"x", b"\x00", b"\xff", b" ", b'""']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(max_pathways=6, max_events_per_pathway=3), st.sampled_from([",", ";"]),
       st.sampled_from(list(TABLES)), st.floats(0, 1), st.none() | st.sampled_from(_BYTES),
       st.booleans())
def test_a_register_with_one_byte_deleted_or_inserted_loads_whole_or_names_a_row(
        register: Register, delimiter: str, table: str, where: float, inserted: bytes | None,
        at_a_quote: bool) -> None:
    """
    Any written register with one byte deleted (``inserted`` is ``None``) or
    inserted anywhere, often at a quote: it loads with as many rows in each
    table as were written, or it is refused with problems, one of which names
    a row when the damage lies below the header of text that still decodes.
    Never fewer rows and "valid".
    """
    with tempfile.TemporaryDirectory() as folder:
        write_csv(register, folder, delimiter=delimiter)
        path = Path(folder) / f"{table}.csv"
        data = path.read_bytes()
        quotes = [i for i, byte in enumerate(data) if byte == ord('"')]
        at = (quotes[int(where * (len(quotes) - 1))] if at_a_quote and quotes
              else int(where * len(data)))
        if inserted is None:
            assume(at < len(data))
            damaged = data[:at] + data[at + 1:]
        else:
            damaged = data[:at] + inserted + data[at:]
        path.write_bytes(damaged)
        loaded = _load_quietly(Path(folder))
    if isinstance(loaded, Register):
        assert _row_counts(register) == _row_counts(loaded)
        return
    assert loaded.problems
    header_end = data.index(b"\n")
    try:
        damaged.decode("utf-8")
    except UnicodeDecodeError:
        return  # the file falls back to Windows-1252 or is one problem
    if at > header_end:
        assert any(p.row is not None and p.row >= 2 for p in loaded.problems), loaded


@pytest.mark.parametrize("rows", [1, 3])
def test_a_header_that_lost_its_line_end_is_refused_not_read_as_columns(
        tmp_path: Path, rows: int) -> None:
    """
    The header and the first row run together: the row's values would be
    read as unknown columns (a warning) and the row lost; it is refused.
    """
    register = forloeb.load_example()
    register = register.replace(pathways=register.pathways[:rows], events=(),
                                employments=(), employment_events=())
    write_csv(register, tmp_path)
    path = tmp_path / "pathways.csv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\n", b"", 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegisterWarning)
        with pytest.raises(RegisterError) as refused:
            load(tmp_path)
    (problem,) = refused.value.problems
    assert ("pathways.csv", 1) == (problem.file, problem.row)
    assert "has the header run into the first row (a lost line end)?" in problem.message
    # The header's 12 names and the first row's values, the last of them empty.
    widest = "no row follows" if rows == 1 else "no row has more than 12 values"
    assert problem.message.startswith(f"the header names 22 columns, but {widest}, and "
                                      "'no_plan_reasonSA1-P01' is no column")


def test_an_unknown_column_of_an_empty_table_is_only_a_warning(tmp_path: Path) -> None:
    write_csv(forloeb.load_example().replace(collaboration=()), tmp_path)
    path = tmp_path / "collaboration.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + ",kommentar\n",
                    encoding="utf-8")
    with pytest.warns(RegisterWarning, match="unknown column 'kommentar'"):
        assert () == load(tmp_path).collaboration


# -- encodings and characters ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf_16_file_is_refused_by_name(tmp_path: Path, encoding: str) -> None:
    folder = _folder(tmp_path)
    (folder / "pathways.csv").write_bytes(_PATHWAYS.encode(encoding))
    wide = "UTF-32" if "32" in encoding else "UTF-16"
    assert [("pathways.csv", None, None, f"the file is {wide}; save it as UTF-8 or "
                                         "Windows-1252 (in Excel: CSV UTF-8)")] == _problems(folder)


def test_a_nul_byte_in_a_cell_is_a_problem_in_its_cell(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + "P1,2017-03-01,followup,held,,Gik\x00godt\n")
    (problem,) = _problems(folder)
    assert ("events.csv", 2, "note") == problem[:3]
    assert "holds a control character (U+0000)" in problem[3]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u00a0", "\u2060", "\u00ad"])
def test_ids_differing_only_by_an_invisible_character_at_an_end_are_one_id(
        tmp_path: Path, invisible: str) -> None:
    """
    Around a value, invisible characters go the way spaces go: ``P1`` with a
    zero-width space after it is ``P1``, so a second ``P1`` is a duplicate and
    an event of it finds its pathway.
    """
    folder = _folder(tmp_path, pathways=(
        "pathway_id,agreement_id,participant_id,start_date\n"
        f"P1,SA1{invisible},D-1,2017-02-01\n{invisible}P1,SA1,D-2,2017-02-01\n"),
        events=_EVENTS + f"P1{invisible},2017-03-01,followup,held,,\n")
    assert [("pathways.csv", 3, "pathway_id",
             "pathway P1: the same pathway_id appears twice")] == _problems(folder)
    (folder / "pathways.csv").write_text("pathway_id,agreement_id,participant_id,start_date\n"
                                         f"{invisible}P1{invisible},SA1,D-1,2017-02-01\n",
                                         encoding="utf-8")
    assert ["P1"] == [e.pathway_id for e in load(folder).events]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u00a0", "\u2060", "\u2007"])
def test_an_invisible_character_inside_an_id_is_refused_naming_it(tmp_path: Path,
                                                                   invisible: str) -> None:
    folder = _folder(tmp_path, pathways=("pathway_id,agreement_id,participant_id\n"
                                         f"P1,SA1,D{invisible}1\nP{invisible}2,SA1,D-2\n"))
    problems = _problems(folder)
    assert [("pathways.csv", 2, "participant_id"), ("pathways.csv", 3, "pathway_id")
            ] == [p[:3] for p in problems]
    assert all(f"U+{ord(invisible):04X}" in p[3] for p in problems)



@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u00ad"])
def test_invisible_characters_around_a_header_name_or_a_note_are_removed(
        tmp_path: Path, invisible: str) -> None:
    folder = _folder(tmp_path, events=(f"pathway_id,date{invisible},type,code,value,"
                                       f"{invisible}note\n"
                                       f"P1,2017-03-01,followup,held,,{invisible}Gik godt"
                                       f"{invisible}\n"))
    assert [(D(2017, 3, 1), "Gik godt")] == [(e.date, e.note) for e in load(folder).events]

def test_invisible_characters_inside_a_note_are_kept(tmp_path: Path) -> None:
    folder = _folder(tmp_path, events=_EVENTS + "P1,2017-03-01,followup,held,,Gik\u200bgodt\n")
    assert "Gik\u200bgodt" == load(folder).events[0].note


# -- CPR numbers in any column ---------------------------------------------------------


def test_a_cpr_number_is_refused_in_every_id_and_text_column_and_never_repeated(
        tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        agreements=("agreement_id,name,provider,start_date,slots,plan_deadline_weeks,frame_weeks\n"
                    "SA1,Aftale for 010203-4455,VeteranHaven,2017-01-01,8,4,52\n"
                    "0102034455,SA2,,2017-01-01,8,4,52\n"),
        pathways=("pathway_id,agreement_id,participant_id,start_date\n"
                  "P1,SA1,102034455,2017-02-01\n"
                  "CPR 010203\u20134455,SA1,D-2,2017-02-01\n"
                  "P3,0102034455,D-3,\n"),
        events=_EVENTS + "P1,2017-03-01,followup,held,,ringede fra 01.02.03-4455\n",
        collaboration="agreement_id,date,author,note\nSA1,2017-03-01,010203 4455,ok\n")
    problems = _problems(folder)
    assert [("agreements.csv", 2, "name"), ("agreements.csv", 3, "agreement_id"),
            ("pathways.csv", 2, "participant_id"), ("pathways.csv", 3, "pathway_id"),
            ("pathways.csv", 4, "agreement_id"), ("events.csv", 2, "note"),
            ("collaboration.csv", 2, "author")
            ] == [p[:3] for p in problems]
    assert all("looks like a CPR number" in p[3] for p in problems)
    text = str(RegisterError([forloeb.Problem(*p) for p in problems]))
    for shown in ("4455", "102034455", "010203"):
        assert shown not in text


def test_a_bad_cell_that_looks_like_a_cpr_number_is_reported_without_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path, pathways=("pathway_id,agreement_id,participant_id,start_date\n"
                                         "P1,SA1,D-1,300618-1234\n"))
    assert [("pathways.csv", 2, "start_date",
             f"{HIDDEN} is not a date; write it as 2018-06-30 or 30-06-2018")] == _problems(folder)


# -- JSON -------------------------------------------------------------------------------

_JSON_AGREEMENT = {"agreement_id": "SA1", "start_date": "2017-01-01", "slots": 8,
                   "plan_deadline_weeks": 4, "frame_weeks": 52}
_JSON_PATHWAY = '{"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-1"}'


def _json(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "register.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_json_table_given_twice_is_a_problem_not_the_last_copy(tmp_path: Path) -> None:
    agreements = json.dumps([_JSON_AGREEMENT])
    for text in (f'{{"agreements": {agreements}, "pathways": [{_JSON_PATHWAY}], "pathways": []}}',
                 f'{{"agreements": {agreements}, "pathways": [], "Pathways": [{_JSON_PATHWAY}]}}'):
        assert [("register.json", None, None,
                 "the 'pathways' table appears twice; keep one of them")] == _problems(
            _json(tmp_path, text))


@pytest.mark.parametrize("row", [
    '{"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-1", "pathway_id": "P2"}',
    '{"pathway_id": "P1", "agreement_id": "SA1", "participant_id": "D-1", "Pathway_ID": "P2"}',
])
def test_a_json_key_given_twice_in_a_row_is_a_problem(tmp_path: Path, row: str) -> None:
    text = f'{{"agreements": {json.dumps([_JSON_AGREEMENT])}, "pathways": [{row}]}}'
    assert [("register.json (pathways)", 2, "pathway_id",
             "the column appears twice in this row; keep one of them")] == _problems(
        _json(tmp_path, text))


def test_json_keys_and_tables_match_whatever_their_case(tmp_path: Path) -> None:
    text = json.dumps({"Agreements": [{k.upper(): v for k, v in _JSON_AGREEMENT.items()}],
                       " PATHWAYS ": [{"Pathway_Id": "P1", " agreement_id ": "SA1",
                                       "PARTICIPANT_ID": "D-1"}]})
    register = load(_json(tmp_path, text))
    assert (["SA1"], ["D-1"]) == ([a.agreement_id for a in register.agreements],
                                  [p.participant_id for p in register.pathways])


def test_a_json_row_whose_keys_name_no_column_is_a_problem_not_a_blank_row(
        tmp_path: Path) -> None:
    text = json.dumps({"agreements": [_JSON_AGREEMENT],
                       "pathways": [{"pathwayid": "P1", "agreementid": "SA1"}, {},
                                    {"pathwayid": None}]})
    problems = _problems(_json(tmp_path, text))
    assert [("register.json (pathways)", 2, None)] == [p[:3] for p in problems]
    assert "no key of this row names a column ('pathwayid', 'agreementid')" in problems[0][3]


@pytest.mark.parametrize(("keys", "shown"), [
    (["pathwayid", "agreementid", "participantid"], "'pathwayid', 'agreementid', 'participantid'"),
    (["pathwayid", "agreementid", "participantid", "startdate"],
     "'pathwayid', 'agreementid', 'participantid', ..."),
])
def test_a_json_row_whose_keys_name_no_column_shows_at_most_three_of_them(
        tmp_path: Path, keys: list[str], shown: str) -> None:
    text = json.dumps({"agreements": [_JSON_AGREEMENT],
                       "pathways": [dict.fromkeys(keys, "x")]})
    assert [("register.json (pathways)", 2, None,
             f"no key of this row names a column ({shown}), so it would be read as an empty "
             "row; name the keys as the columns are named")] == _problems(_json(tmp_path, text))


def test_a_json_number_of_5000_digits_is_one_problem(tmp_path: Path) -> None:
    text = json.dumps({"agreements": [_JSON_AGREEMENT], "pathways": []}).replace(
        '"slots": 8', '"slots": ' + "9" * 5000)
    (problem,) = _problems(_json(tmp_path, text))
    assert ("register.json (agreements)", 2, "slots") == problem[:3]
    assert "(5000 characters) is too long to be a number here" in problem[3]


# -- Excel ------------------------------------------------------------------------------


_XLSX_AGREEMENTS = [["agreement_id", "start_date", "slots", "plan_deadline_weeks",
                     "frame_weeks"], ["SA1", dt.datetime(2017, 1, 1), 8, 4, 52]]
_XLSX_PATHWAYS = [["pathway_id", "agreement_id", "participant_id", "start_date", "plan_date"],
                  ["P1", "SA1", "D-1", dt.datetime(2017, 2, 1), dt.datetime(2017, 2, 10)],
                  ["P2", "SA1", "D-2", dt.datetime(2017, 2, 1), "=D3+7"]]


def _without_references(path: Path, *, rows: bool) -> Path:
    # The same workbook with no cell reference (r="B2") on its cells, and with
    # none on its rows either if ``rows``: the format lets a program leave them out.
    bare = path.with_name("bare.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<c\b[^>]*?) r="[A-Z]+[0-9]+"', rb"\1", data)
                if rows:
                    data = re.sub(rb'(<row\b[^>]*?) r="[0-9]+"', rb"\1", data)
            target.writestr(item, data)
    return bare


_UNSAVED = ("a formula with no saved value; open and save the workbook in Excel, or paste "
            "values")


@pytest.mark.parametrize(("rows", "references", "row"), [
    ("formula after filled cells", "cells and rows", 3),
    ("formula after empty cells of its row", "cells and rows", 3),
    ("formula after empty rows", "cells and rows", 5),
    ("formula after filled cells", "rows only", 3),
    ("formula after empty rows", "rows only", 5),
    ("formula after filled cells", "none", 3),
])
def test_a_formula_without_a_saved_value_is_a_problem_in_its_cell(
        tmp_path: Path, rows: str, references: str, row: int) -> None:
    pathways = [*_XLSX_PATHWAYS[:2], ["P2", "SA1", "D-2", dt.datetime(2017, 2, 1), "=D3+7"]]
    if rows == "formula after empty cells of its row":
        pathways[2][3] = None
    elif rows == "formula after empty rows":
        pathways[2:2] = [[], []]
    path = _workbook(tmp_path / "register.xlsx", {"agreements": _XLSX_AGREEMENTS,
                                                  "pathways": pathways})
    if references != "cells and rows":
        path = _without_references(path, rows=references == "none")
    assert [(f"{path.name} (pathways)", row, "plan_date", _UNSAVED)] == _problems(path)


@pytest.mark.parametrize("references", [True, False])
def test_a_header_cell_holding_a_formula_without_a_saved_value_is_a_problem(
        tmp_path: Path, references: bool) -> None:
    """
    The column has no name, so its cells cannot be read: the table is
    refused, never read without the column (nor with a column named after
    whatever stands in for the missing value).
    """
    header = ["pathway_id", "agreement_id", "participant_id", '="start_"&"date"']
    path = _workbook(tmp_path / "register.xlsx", {
        "agreements": _XLSX_AGREEMENTS,
        "pathways": [header, ["P1", "SA1", "D-1", dt.datetime(2017, 2, 1)]]})
    if not references:
        path = _without_references(path, rows=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RegisterWarning)
        with pytest.raises(RegisterError) as refused:
            load(path)
    assert [(f"{path.name} (pathways)", 1, None,
             "the header cell D1 holds a formula with no saved value, so its column has no "
             "name; open and save the workbook in Excel, or write the name")] == [
        (p.file, p.row, p.column, p.message) for p in refused.value.problems]


@pytest.mark.parametrize(("column", "code"), [("participant_id", "#N/A"), ("start_date", "#REF!"),
                                             ("plan_date", "#DIV/0!")])
def test_an_excel_error_value_is_a_problem_in_its_cell_in_any_column(
        tmp_path: Path, column: str, code: str) -> None:
    # openpyxl reads an error cell as its code: text, that a text column took
    # as a participant id or a note.
    pathways = [list(row) for row in _XLSX_PATHWAYS[:2]]
    pathways[1][pathways[0].index(column)] = code
    path = _workbook(tmp_path / "register.xlsx", {"agreements": _XLSX_AGREEMENTS,
                                                  "pathways": pathways})
    assert [(f"{path.name} (pathways)", 2, column,
             f"an Excel error value ({code}), not a value; correct what the cell computes, or "
             "write the value")] == _problems(path)


def test_text_that_reads_like_an_excel_error_is_text(tmp_path: Path) -> None:
    # Written as text (forloeb's own export does), it is the note it says.
    path = tmp_path / "register.xlsx"
    register = forloeb.Register.build(
        [forloeb.Agreement("SA1", dt.date(2017, 1, 1), slots=1, plan_deadline_weeks=4,
                           frame_weeks=52)],
        collaboration=[forloeb.CollaborationNote("SA1", dt.date(2017, 6, 30), note="#N/A")])
    forloeb.write_xlsx(register, path)
    assert register == load(path)


def test_a_header_cell_holding_an_excel_error_value_is_a_problem(tmp_path: Path) -> None:
    header = ["pathway_id", "agreement_id", "participant_id", "#REF!"]
    path = _workbook(tmp_path / "register.xlsx", {
        "agreements": _XLSX_AGREEMENTS,
        "pathways": [header, ["P1", "SA1", "D-1", dt.datetime(2017, 2, 1)]]})
    with pytest.raises(RegisterError) as refused:
        load(path)
    assert [(f"{path.name} (pathways)", 1, None,
             "the header cell D1 holds an Excel error value (#REF!), so its column has no "
             "name; open and save the workbook in Excel, or write the name")] == [
        (p.file, p.row, p.column, p.message) for p in refused.value.problems]


def test_a_formula_with_a_saved_value_is_read_as_that_value(tmp_path: Path) -> None:
    rows = [["pathway_id", "agreement_id", "participant_id"], ["P1", "SA1", '="D-"&1']]
    path = _workbook(tmp_path / "register.xlsx", {"agreements": _XLSX_AGREEMENTS,
                                                  "pathways": rows})
    saved = tmp_path / "saved.xlsx"
    # What Excel writes when it saves: the formula and the text it gave.
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            formula = b'<c r="C2"><f>"D-"&amp;1</f><v /></c>'
            if formula in data:
                data = data.replace(formula, b'<c r="C2" t="str"><f>"D-"&amp;1</f><v>D-1</v></c>')
            target.writestr(item, data)
    assert "D-1" == load(saved).pathway("P1").participant_id
    assert [("register.xlsx (pathways)", 2, "participant_id")] == _where(path)


def test_sheets_and_columns_match_whatever_their_case(tmp_path: Path) -> None:
    upper = [[name.upper() for name in _XLSX_AGREEMENTS[0]], _XLSX_AGREEMENTS[1]]
    path = _workbook(tmp_path / "register.xlsx", {
        "Agreements": upper, " Pathways ": [row[:4] for row in _XLSX_PATHWAYS[:2]]})
    assert ["SA1"] == [a.agreement_id for a in load(path).agreements]


def test_two_sheets_for_one_table_are_a_problem(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "register.xlsx", {"agreements": _XLSX_AGREEMENTS,
                                                  " Agreements ": _XLSX_AGREEMENTS,
                                                  "pathways": _XLSX_PATHWAYS[:2]})
    assert [("register.xlsx", None, None, "the workbook has two sheets named 'agreements' "
                                          "('agreements' and ' Agreements '); keep one")
            ] == _problems(path)


# -- issue 12: each bad cell, each format, in order ---------------------------------------


def _csv_register(tmp_path: Path, agreements: str, pathways: str) -> Path:
    return _folder(tmp_path, agreements=agreements, pathways=pathways)


def _json_register(tmp_path: Path, agreements: str, pathways: str) -> Path:
    tables = {}
    for name, text in (("agreements", agreements), ("pathways", pathways)):
        rows = list(__import__("csv").reader(io.StringIO(text)))
        tables[name] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return _json(tmp_path, json.dumps(tables))


def _xlsx_register(tmp_path: Path, agreements: str, pathways: str) -> Path:
    import csv

    return _workbook(tmp_path / "register.xlsx", {
        name: list(csv.reader(io.StringIO(text)))
        for name, text in (("agreements", agreements), ("pathways", pathways))})


_FORMATS = {"csv": _csv_register, "json": _json_register, "xlsx": _xlsx_register}


def _labels(fmt: str) -> tuple[str, str]:
    if fmt == "csv":
        return "agreements.csv", "pathways.csv"
    name = "register.json" if fmt == "json" else "register.xlsx"
    return f"{name} (agreements)", f"{name} (pathways)"


@pytest.mark.parametrize("fmt", _FORMATS)
def test_every_bad_cell_of_a_row_is_reported(tmp_path: Path, fmt: str) -> None:
    path = _FORMATS[fmt](tmp_path, _AGREEMENTS, (
        "pathway_id,agreement_id,participant_id,target_group,start_date,plan_date\n"
        "P1,SA1,D-1,ressource,2017-13-01,31-02-2017\n"))
    pathways = _labels(fmt)[1]
    assert [(pathways, 2, "target_group"), (pathways, 2, "start_date"),
            (pathways, 2, "plan_date")] == _where(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_column_named_twice_in_the_header_is_a_problem(tmp_path: Path, fmt: str) -> None:
    path = _FORMATS[fmt](tmp_path, _AGREEMENTS, (
        "pathway_id,agreement_id,participant_id,Participant_ID\nP1,SA1,D-1,D-2\n"))
    assert [(_labels(fmt)[1], 1, "participant_id",
             "the column appears twice; keep one of them")] == _problems(path)


@pytest.mark.parametrize("fmt", _FORMATS)
@pytest.mark.parametrize("slots", ["8.5", "8,5", "0.5"])
def test_a_number_with_a_fraction_is_refused_in_every_format(tmp_path: Path, fmt: str,
                                                             slots: str) -> None:
    agreements = _AGREEMENTS.replace(",8,4,52", f",{slots.replace(',', ';')},4,52")
    if fmt == "xlsx":
        path = _workbook(tmp_path / "register.xlsx", {
            "agreements": [_XLSX_AGREEMENTS[0], ["SA1", dt.datetime(2017, 1, 1),
                                                  float(slots.replace(",", ".")), 4, 52]],
            "pathways": _XLSX_PATHWAYS[:2]})
    elif fmt == "json":
        path = _json(tmp_path, json.dumps({
            "agreements": [{**_JSON_AGREEMENT, "slots": float(slots.replace(",", "."))}],
            "pathways": []}))
    else:
        path = _csv_register(tmp_path, agreements.replace(";", ","), _PATHWAYS).parent
        (path / "register" / "agreements.csv").write_text(
            _AGREEMENTS.replace(",8,4,52", f',"{slots}",4,52'), encoding="utf-8")
        path = path / "register"
    (problem,) = _problems(path)
    assert (_labels(fmt)[0], 2, "slots") == problem[:3]
    assert problem[3].endswith("is not a whole number")


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_a_whole_number_written_with_a_fraction_of_zero_is_read(tmp_path: Path,
                                                                fmt: str) -> None:
    if fmt == "json":
        path = _json(tmp_path, json.dumps({"agreements": [{**_JSON_AGREEMENT, "slots": 8.0}],
                                           "pathways": []}))
    else:
        path = _workbook(tmp_path / "register.xlsx", {
            "agreements": [_XLSX_AGREEMENTS[0], ["SA1", dt.datetime(2017, 1, 1), 8.0, 4, 52]],
            "pathways": _XLSX_PATHWAYS[:1]})
    assert 8 == load(path).agreement("SA1").slots
    json_string = _json(tmp_path, json.dumps({"agreements": [{**_JSON_AGREEMENT,
                                                              "slots": "8,0"}],
                                              "pathways": []}))
    assert 8 == load(json_string).agreement("SA1").slots


@pytest.mark.parametrize("fmt", _FORMATS)
def test_problems_come_out_in_file_row_and_column_order(tmp_path: Path, fmt: str) -> None:
    """
    Cell problems are found while reading and broken rules afterwards; the
    list is sorted all the same: by table, then row, then column as the
    table lists its columns.
    """
    path = _FORMATS[fmt](
        tmp_path,
        "agreement_id,start_date,slots,plan_deadline_weeks,frame_weeks\n"
        "SA1,2017-01-01,8,4,52\nSA2,2017-01-01,8,4,0\n",
        "pathway_id,agreement_id,participant_id,start_date,outcome,plan_date\n"
        "P1,SA1,D-1,2017-02-01,fleksjob,2199-01-01\nP2,SA1,D-2,2017-13-01,,\n"
        "P3,SA9,D-3,,,\n")
    agreements, pathways = _labels(fmt)
    assert [(agreements, 3, "frame_weeks"), (pathways, 2, "end_date"),
            (pathways, 2, "plan_date"), (pathways, 3, "start_date"),
            (pathways, 4, "agreement_id")] == _where(path)
