"""
Cell values: every form a spreadsheet user writes is read, and every form
forloeb writes is read back the same.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forloeb.values import (
    MAX_NUMBER_LENGTH,
    check_characters,
    format_bool,
    format_date,
    format_decimal,
    format_int,
    format_list,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_list,
    strip_cell,
)

JUNE_30 = dt.date(2018, 6, 30)


@pytest.mark.parametrize("text", ["2018-06-30", "30-06-2018", "30.06.2018", "30/06/2018",
                                  " 30-06-2018 ", "30-6-2018"])
def test_a_date_is_read_in_iso_and_danish_day_first_forms(text: str) -> None:
    assert JUNE_30 == parse_date(text)


def test_a_day_first_date_with_one_digit_day_and_month() -> None:
    assert dt.date(2018, 7, 1) == parse_date("1.7.2018")


def test_an_ambiguous_date_is_read_day_first_never_month_first() -> None:
    assert dt.date(2018, 7, 6) == parse_date("06/07/2018")


@pytest.mark.parametrize("text", ["06/30/2018", "2018-13-01", "2016-13-45", "31-04-2018",
                                  "29-02-2019", "30-06-18", "30-06/2018", "20180630",
                                  "2018-W26-6", "juni 2018", "30 06 2018", "tomorrow"])
def test_a_text_that_is_not_a_date_is_refused_with_the_text_in_the_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date") as raised:
        parse_date(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("ja", True), ("Ja", True), ("nej", False), ("NEJ", False), ("yes", True), ("no", False),
    ("true", True), ("FALSE", False), ("1", True), ("0", False), ("x", True), ("X", True),
    ("", False), (" ja ", True), ("SAND", True), ("falsk", False),
])
def test_a_yes_or_no_is_read_in_every_accepted_form(text: str, expected: bool) -> None:
    assert expected == parse_bool(text)


@pytest.mark.parametrize("text", ["måske", "2", "y", "jaja", "-"])
def test_a_text_that_is_not_yes_or_no_is_refused_with_the_text_in_the_message(text: str
                                                                              ) -> None:
    with pytest.raises(ValueError, match="is not yes or no") as raised:
        parse_bool(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("8", 8), (" 8 ", 8), ("-3", -3), ("+4", 4), ("8,0", 8), ("8.0", 8), ("0", 0),
])
def test_a_whole_number_is_read_with_a_spreadsheets_trailing_zero_decimals(text: str,
                                                                           expected: int
                                                                           ) -> None:
    assert expected == parse_int(text)


@pytest.mark.parametrize("text", ["8,5", "otte", "1_000", "8 uger", "1e3", "", "0x10"])
def test_a_text_that_is_not_a_whole_number_is_refused_with_the_text_in_the_message(
        text: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number") as raised:
        parse_int(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(("text", "expected"), [
    ("1234.50", Decimal("1234.50")), ("1234,50", Decimal("1234.50")),
    ("1.234,50", Decimal("1234.50")), ("45.000,00", Decimal("45000")),
    ("0.286", Decimal("0.286")), ("0,5", Decimal("0.5")),
    (",5", Decimal("0.5")), ("-12", Decimal("-12")), ("1.234.567,8", Decimal("1234567.8")),
])
def test_a_number_is_read_with_decimal_comma_and_danish_thousands(text: str,
                                                                  expected: Decimal) -> None:
    assert expected == parse_decimal(text)


@pytest.mark.parametrize("text", ["12 kr.", "NaN", "Infinity", "1e5", "1,2,3", "", "1.23.4"])
def test_a_text_that_is_not_a_number_is_refused_with_the_text_in_the_message(text: str
                                                                             ) -> None:
    with pytest.raises(ValueError, match="is not a number") as raised:
        parse_decimal(text)
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize("text", ["45.000", "1.500", "-2.250"])
def test_a_single_dot_before_three_digits_is_refused_as_unclear(text: str) -> None:
    """
    1.500 is 1500 to a Danish reader and 1.5 to an English one: never guessed.
    """
    with pytest.raises(ValueError, match="is not a clear number") as raised:
        parse_decimal(text)
    assert repr(text) in str(raised.value)


def test_a_list_is_split_on_semicolons_without_blanks_or_spaces() -> None:
    assert ("fleksjob", "uddannelse") == parse_list(" fleksjob ;; uddannelse; ")


def test_absent_values_are_written_as_empty_cells() -> None:
    assert [""] * 5 == [format_date(None), format_bool(None), format_int(None),
                        format_decimal(None), format_list(None)]


@given(st.dates())
def test_a_written_date_reads_back_the_same(day: dt.date) -> None:
    assert day == parse_date(format_date(day))


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_danish_day_first_date_reads_as_the_same_day(day: dt.date) -> None:
    assert day == parse_date(day.strftime("%d.%m.%Y"))


@given(st.booleans())
def test_a_written_yes_or_no_reads_back_the_same(value: bool) -> None:
    assert value == parse_bool(format_bool(value))


def _short(text: str) -> bool:
    return len(text) <= MAX_NUMBER_LENGTH


@given(st.integers().filter(lambda n: _short(format_int(n))))
def test_a_written_whole_number_reads_back_the_same(value: int) -> None:
    assert value == parse_int(format_int(value))


@given(st.decimals(allow_nan=False, allow_infinity=False).filter(
    lambda d: _short(format_decimal(d))))
def test_a_written_number_reads_back_the_same(value: Decimal) -> None:
    assert value == parse_decimal(format_decimal(value))


@pytest.mark.parametrize("parse", [parse_int, parse_decimal])
@pytest.mark.parametrize("text", ["9" * 5000, "0." + "0" * 40 + "1", "1" * 31])
def test_a_number_too_long_for_any_term_is_refused_without_converting_it(parse: object,
                                                                         text: str) -> None:
    """
    Python refuses to turn more than 4,300 digits into an int, and a term of
    31 digits means a mistake: both are a clear problem, which shows only the
    start of the text.
    """
    with pytest.raises(ValueError, match=rf"\.\.\. \({len(text)} characters\) is too long to "
                                         "be a number here") as refused:
        parse(text)  # type: ignore[operator]
    assert len(str(refused.value)) < 120


def test_the_longest_number_is_still_read() -> None:
    assert 10 ** 29 == parse_int("1" + "0" * 29)


@pytest.mark.parametrize("text", ["\ufeff2018-06-30", "2018-06-30\u200b", "\u00a02018-06-30\u2007",
                                  "\u2060 2018-06-30 \u00ad"])
def test_invisible_characters_and_any_space_around_a_value_are_ignored(text: str) -> None:
    assert JUNE_30 == parse_date(text)
    assert "2018-06-30" == strip_cell(text)


@pytest.mark.parametrize(("text", "identifier", "character"), [
    ("D-\x001", False, "U+0000"),
    ("Gik godt\x07", False, "U+0007"),
    ("Note\x85", False, "U+0085"),
    ("P\t1", True, "U+0009"),
    ("P\n1", True, "U+000A"),
])
def test_a_control_character_in_a_cell_is_refused_naming_it(text: str, identifier: bool,
                                                             character: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"holds a control character ({character}")):
        check_characters(text, identifier=identifier)


@pytest.mark.parametrize("text", ["P\u200b1", "P\ufeff1", "VH\u00a0017", "P\u20601"])
def test_an_invisible_character_inside_an_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="holds an invisible character"):
        check_characters(text, identifier=True)


@pytest.mark.parametrize("text", ["Gik godt\nmed kørsel", "a\tb", "ø\u200bæ", "x\u00a0y"])
def test_free_text_keeps_line_breaks_and_invisible_characters(text: str) -> None:
    assert text == check_characters(text, identifier=False)


def test_half_of_a_broken_character_is_refused_in_any_cell() -> None:
    with pytest.raises(ValueError, match="U\\+D800, half of a character"):
        check_characters("note \ud800", identifier=False)


@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyz_æøå", min_size=1), max_size=5))
def test_a_written_list_reads_back_the_same(items: list[str]) -> None:
    assert tuple(items) == parse_list(format_list(items))
