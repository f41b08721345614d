"""
Output that cannot hurt the reader: whatever text a register holds, no CSV or
workbook cell forloeb writes runs as a formula, Markdown shows it as text,
a terminal does not act on it, and a register exported and imported again is
the register exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forloeb
from forloeb import values
from forloeb.errors import ForloebError
from forloeb.escaping import html_text, markdown_text, terminal_text, visible
from forloeb.evaluation import compare, evaluate, trend
from forloeb.model import Register
from forloeb.rendering import render_comparison, render_evaluation, render_trend
from forloeb.rendering.worklist import render_worklist
from forloeb.sla import check_deadlines
from forloeb.testing import registers
from forloeb.writing import write_csv, write_xlsx

AS_OF = dt.date(2018, 6, 30)

#: What the issue's hostile user typed into names and notes.
HOSTILE = (
    '=HYPERLINK("http://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "  =1+1",
    "＝1+1",
    "#N/A",
    "Sumak\x1b[2J\x1b[31mrød",
    "[klik her](http://evil.example)\n# Overskrift | ikke en kolonne",
    "<script>alert(1)</script>",
)

#: Arbitrary text, control characters included.
TEXTS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                  st.builds(str.__add__, st.sampled_from("=+-@\t\r'＝"), st.text(max_size=20)))

_NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")
_FORMULA_ELEMENT = re.compile(rb"<f[ >/]|\bt=\"e\"")

_SAFETY = settings(max_examples=25, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def example() -> Register:
    return forloeb.load_example()


def _with_texts(register: Register, name: str, provider: str, note: str) -> Register:
    # The example with hostile text in an agreement's name and provider, and in
    # the first of its collaboration notes that the 2018 evaluation lists.
    first, *rest = register.agreements
    agreements = [attrs.evolve(first, name=name, provider=provider), *rest]
    notes = list(register.collaboration)
    listed = next(i for i, n in enumerate(notes) if n.agreement_id == first.agreement_id
                  and AS_OF - dt.timedelta(days=365) < n.date <= AS_OF)
    notes[listed] = attrs.evolve(notes[listed], note=note)
    return Register(agreements, register.pathways, register.events, notes)


def _runs_as_formula(cell: str) -> bool:
    # What a spreadsheet opening the file would run: text that starts like a
    # formula and is not simply a number (a negative score change is a number).
    return values.starts_like_formula(cell) and not _NUMBER.fullmatch(cell)


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _report_csvs(register: Register) -> dict[str, str]:
    evaluation = evaluate(register, as_of=AS_OF)
    findings = check_deadlines(register, as_of=AS_OF)
    return {
        "evaluate": render_evaluation(evaluation.to_dict(), fmt="csv"),
        "compare": render_comparison(compare(register, as_of=AS_OF), fmt="csv"),
        "trend": render_trend(trend(register, years=[2017, 2018]), fmt="csv"),
        "sla": render_worklist(findings, agreements=register.agreements, as_of=AS_OF,
                               fmt="csv"),
    }


@_SAFETY
@given(name=TEXTS, provider=TEXTS, note=TEXTS)
def test_no_report_csv_cell_runs_as_a_formula(example, name, provider, note):
    for command, text in _report_csvs(_with_texts(example, name, provider, note)).items():
        formulas = [cell for cell in _csv_cells(text) if _runs_as_formula(cell)]
        assert [] == formulas, command


def test_a_negative_score_change_stays_a_number_in_csv():
    doc = {"agreements": [{"agreement_id": "SA1", "name": "-1 navn",
                           "q6_effects": {"score_change": {"tillid": -0.5}}}]}
    cells = _csv_cells(render_evaluation(doc, fmt="csv"))
    assert "-0.5" in cells
    assert "'-1 navn" in cells


def test_the_hostile_name_is_written_with_the_text_mark_and_read_as_itself(example):
    text = render_evaluation(evaluate(_with_texts(example, HOSTILE[0], "Sumak", "ok"),
                                      as_of=AS_OF).to_dict(), fmt="csv")
    assert "'" + HOSTILE[0] in _csv_cells(text)


def _workbook_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {n: book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")}


def _formula_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate}" for sheet in book.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type in ("f", "e")]


@settings(_SAFETY, max_examples=10)
@given(name=TEXTS, provider=TEXTS, note=TEXTS)
def test_no_report_workbook_cell_is_a_formula(example, name, provider, note):
    register = _with_texts(example, name, provider, note)
    books = {
        "evaluate": render_evaluation(evaluate(register, as_of=AS_OF).to_dict(), fmt="xlsx"),
        "compare": render_comparison(compare(register, as_of=AS_OF), fmt="xlsx"),
        "trend": render_trend(trend(register, years=[2018]), fmt="xlsx"),
    }
    for command, data in books.items():
        assert [] == [n for n, xml in _workbook_parts(data).items()
                      if _FORMULA_ELEMENT.search(xml)], command
        assert [] == _formula_cells(data), command


def test_a_report_workbook_shows_text_that_starts_like_a_formula_as_text(example):
    register = _with_texts(example, "=1+1", "#N/A", "Godt\x0bsamarbejde")
    data = render_evaluation(evaluate(register, as_of=AS_OF).to_dict(), fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = {cell.value: cell for row in book["SA1"].iter_rows() for cell in row}
    heading = cells["=1+1 (SA1) – #N/A"]
    assert ("s", True) == (heading.data_type, heading.quotePrefix)
    assert "Godt\\x0bsamarbejde" in cells  # a workbook cannot store U+000B: shown escaped


@pytest.mark.parametrize("character", ["\ufffe", "\uffff"])
def test_a_report_workbook_shows_a_noncharacter_escaped_and_opens(example, character):
    # openpyxl lets U+FFFE and U+FFFF through into a workbook no program opens.
    register = _with_texts(example, f"Veteran{character}Haven", "p", "n")
    data = render_evaluation(evaluate(register, as_of=AS_OF).to_dict(), fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = {cell.value for row in book["SA1"].iter_rows() for cell in row}
    assert f"Veteran\\u{ord(character):04x}Haven (SA1) – p" in cells


def test_an_export_refuses_a_noncharacter_in_one_sentence(tmp_path, example):
    register = _with_texts(example, "Veteran\uffffHaven", "p", "n")
    with pytest.raises(forloeb.ForloebError) as refused:
        write_xlsx(register, tmp_path / "r.xlsx")
    assert "U+FFFF" in str(refused.value)
    assert not (tmp_path / "r.xlsx").exists()


@_SAFETY
@given(register=registers(max_pathways=10))
def test_no_exported_csv_cell_runs_as_a_formula(tmp_path_factory, register):
    folder = tmp_path_factory.mktemp("export")
    write_csv(register, folder)
    for path in folder.iterdir():
        formulas = [c for c in _csv_cells(path.read_text(encoding="utf-8"))
                    if _runs_as_formula(c)]
        assert [] == formulas, path.name
    assert register == forloeb.load(folder)


@settings(_SAFETY, max_examples=10)
@given(register=registers(max_pathways=8))
def test_no_exported_workbook_cell_is_a_formula(tmp_path_factory, register):
    path = tmp_path_factory.mktemp("export") / "register.xlsx"
    write_xlsx(register, path)
    assert [] == _formula_cells(path.read_bytes())
    assert register == forloeb.load(path)


@pytest.mark.parametrize("text", [*HOSTILE[:9], "'", "''", "'t is"])
def test_text_that_starts_like_a_formula_survives_export_and_import(tmp_path, example, text):
    register = _with_texts(example, text.strip(), text.strip(), text.strip())
    write_csv(register, tmp_path)
    assert register == forloeb.load(tmp_path)


def test_a_leading_apostrophe_is_the_text_mark_in_csv_but_not_in_json(tmp_path, example):
    """A spreadsheet user writes '=1 to keep a cell text; JSON strings are taken as they are."""
    forloeb.write_json(example, tmp_path / "register.json")
    data = (tmp_path / "register.json").read_text(encoding="utf-8")
    data = data.replace('"Samarbejdsaftale 1"', '"\'=1"', 1)
    (tmp_path / "register.json").write_text(data, encoding="utf-8")
    assert "'=1" == forloeb.load(tmp_path / "register.json").agreements[0].name
    write_csv(example, tmp_path / "csv")
    path = tmp_path / "csv" / "agreements.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Samarbejdsaftale 1", "'=1", 1),
                    encoding="utf-8")
    assert "=1" == forloeb.load(tmp_path / "csv").agreements[0].name


def test_an_export_to_a_workbook_refuses_control_characters_naming_each_cell(tmp_path,
                                                                           example):
    register = _with_texts(example, "Sumak\x1b[2J", "ok", "bell\x07")
    with pytest.raises(ForloebError) as caught:
        write_xlsx(register, tmp_path / "register.xlsx")
    message = str(caught.value)
    assert "agreements row 2, column name: a control character (U+001B)" in message
    assert "collaboration row 3, column note: a control character (U+0007)" in message
    assert "Sumak" not in message  # the cell is named, its text is not repeated
    assert not (tmp_path / "register.xlsx").exists()


def _unescaped(text: str, specials: str) -> list[str]:
    # The special characters of `text` that no backslash escapes, each with
    # the character after it.
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in specials:
            found.append(text[i:i + 2])
        i += 1
    return found


@given(st.text())
def test_markdown_text_cannot_become_a_link_heading_code_or_a_table_break(text):
    escaped = markdown_text(text)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert [] == _unescaped(escaped, "[]|#`*")
    assert [] == [s for s in _unescaped(escaped, "<") if re.fullmatch("<[A-Za-z/!?]", s)]


@given(st.text())
def test_markdown_text_starting_a_paragraph_cannot_start_a_list_quote_or_rule(text):
    escaped = markdown_text(text, block=True)
    assert not re.match(r"([-+>~]|\d+[.)])", escaped)


@given(st.text())
def test_terminal_text_holds_no_control_character_but_tab_and_line_feed(text):
    shown = terminal_text(text)
    assert all(c in "\t\n" or unicodedata.category(c) != "Cc" for c in shown)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", shown)


@given(st.text())
def test_html_text_holds_no_markup_and_shows_the_text(text):
    escaped = html_text(text)
    assert not set("<>\"'") & set(escaped)
    assert visible(text) == html.unescape(escaped)


@given(st.text())
def test_csv_text_reads_back_as_written(text):
    assert text == values.parse_text(values.format_text(text))
    assert not _runs_as_formula(values.format_text(text))


def test_text_output_shows_an_escape_sequence_instead_of_clearing_the_screen(example):
    register = _with_texts(example, "Sumak\x1b[2J", "ok", "note\x1b]0;title\x07")
    text = render_evaluation(evaluate(register, as_of=AS_OF).to_dict(), lang="en")
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "Sumak\\x1b[2J (SA1)" in text


def test_markdown_output_keeps_a_hostile_note_inside_its_table_cell(example):
    note = "[klik her](http://evil.example)\n# Overskrift | ikke en kolonne"
    text = render_evaluation(evaluate(_with_texts(example, "Navn", "ok", note),
                                      as_of=AS_OF).to_dict(), fmt="markdown")
    assert not any(line.startswith("# Overskrift") for line in text.splitlines())
    assert "\\[klik her\\](http://evil.example) \\# Overskrift \\| ikke en kolonne" in text
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith("|"):
            assert 1 == len({len(_unescaped(line, "|")) for line in lines}), block


def test_work_list_markdown_and_text_are_escaped_too(example):
    register = _with_texts(example, "[x](http://evil.example)\x1b[2J", "ok", "ok")
    findings = check_deadlines(register, as_of=AS_OF)
    kwargs = {"agreements": register.agreements, "as_of": AS_OF}
    assert "\x1b" not in render_worklist(findings, fmt="text", **kwargs)
    assert "\\[x\\](http" in render_worklist(findings, fmt="markdown", **kwargs)


def test_synthetic_registers_need_no_text_mark(tmp_path: Path):
    """The generator's fixed texts never start like a formula, so its raw CSV is safe."""
    from forloeb.synthetic import write

    write(tmp_path, pathways=40, seed=3)
    cells = [c for path in tmp_path.glob("*.csv")
             for c in _csv_cells(path.read_text(encoding="utf-8"))]
    assert [] == [c for c in cells if _runs_as_formula(c) or c.startswith("'")]
