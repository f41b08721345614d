"""
CPR numbers are refused in the forms people type, and no message repeats one.

Properties over generated CPR numbers (every century the CPR office's rule
allows, 29 February 2000 among them), written every way a spreadsheet user or
another program writes them, and over the pseudonyms that must pass.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from forloeb.errors import ForloebError, Problem, RuleViolation, StoreError, UnknownIdError
from forloeb.privacy import (
    HIDDEN,
    LATIN1_SEPARATORS,
    contains_cpr,
    cpr_positions,
    hide_in_document,
    is_separator,
    looks_like_cpr,
    normalise,
    redact,
    starts_with_a_birth_date,
)
from forloeb.rules import Violation
from forloeb.testing import identifiers, notes, participant_ids

D = dt.date

#: The seventh digit of a CPR number, per birth year, by the CPR office's rule.
_SEVENTH_DIGITS = {
    range(1858, 1900): (5, 6, 7, 8),
    range(1900, 1937): (0, 1, 2, 3),
    range(1937, 2000): (0, 1, 2, 3, 4, 9),
    range(2000, 2037): (4, 5, 6, 7, 8, 9),
    range(2037, 2058): (5, 6, 7, 8),
}


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """
    Real CPR numbers, ten digits: a birth date from 1858 to 2057 and a serial
    whose first digit gives that century.
    """
    born = draw(st.dates(D(1858, 1, 1), D(2057, 12, 31)))
    seventh = next(digits for years, digits in _SEVENTH_DIGITS.items() if born.year in years)
    serial = draw(st.sampled_from(seventh)) * 1000 + draw(st.integers(0, 999))
    return f"{born:%d%m%y}{serial:04d}"


_SEPARATORS = ["-", "", " ", "\u2013", "\u2011", "\u2010", "\u2212", ".", "/", " - ", "\u00a0",
               "\u202f"]
_INVISIBLE = ["\u200b", "\ufeff", "\u00ad", "\u2060", "\u200e"]


def _reads_as_separators(text: str, most: int) -> bool:
    # Neither a letter nor a digit once folded (NFKC: "\u2103" is "\u00b0C"),
    # no control character, and at most ``most`` of them once folded (NFKC
    # makes "\u02d8" a space and a combining breve): what forloeb.privacy
    # promises to read as that many separators.
    folded = unicodedata.normalize("NFKC", text)
    return len(folded) <= most and all(
        not c.isalnum() and unicodedata.category(c) != "Cc" for c in folded)


def separators(min_size: int = 1, max_size: int = 3) -> st.SearchStrategy[str]:
    """
    Any few characters that are neither letters, digits nor control
    characters: punctuation, symbols, spaces of every kind.
    """
    return st.text(st.characters(exclude_categories=("L", "N", "Cc", "Cs")),
                   min_size=min_size, max_size=max_size).filter(
        lambda text: _reads_as_separators(text, max_size))
_PREFIXES = ["CPR ", "cpr: ", "CPR-nr. ", "Cpr.nr.", "CPR nummer ", "cpr"]


@st.composite
def typed_cpr_numbers(draw: st.DrawFn) -> str:
    """
    A CPR number as people type it: any separator between date and serial
    (or between day, month and year), maybe a prefix, maybe invisible
    characters around or inside, maybe full-width digits.
    """
    digits = draw(cpr_numbers())
    separator = draw(st.sampled_from(_SEPARATORS) | separators())
    if draw(st.booleans()):
        inner = draw(st.sampled_from([".", " ", "-"]) | separators(max_size=2))
        text = f"{digits[:2]}{inner}{digits[2:4]}{inner}{digits[4:6]}{separator}{digits[6:]}"
    else:
        text = f"{digits[:6]}{separator}{digits[6:]}"
    if draw(st.booleans()):
        text = draw(st.sampled_from(_PREFIXES)) + text
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_INVISIBLE)) + text[at:]
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", " ", "\u00a0", "\ufeff"])) + text + draw(
            st.sampled_from(["", " ", "\u00a0", "\u200b"]))
    if draw(st.integers(0, 9)) == 0:
        text = text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})  # full width
    return text


# -- the one function that decides -------------------------------------------------


@given(typed_cpr_numbers())
@example("290200-4123")
@example("2902004123")
@example("2902009999")
@example("\u200b290200\u20114123")
def test_every_typed_form_of_a_cpr_number_is_refused(value: str) -> None:
    assert looks_like_cpr(value)


@given(cpr_numbers().filter(lambda n: n.startswith("0")))
def test_a_cpr_number_whose_leading_zero_a_spreadsheet_dropped_is_refused(digits: str) -> None:
    assert looks_like_cpr(digits[1:])
    assert looks_like_cpr(str(int(digits)))


@given(cpr_numbers(), separators(), separators(0, 2), separators(0, 2))
@example("3006181234", ":", "", "")
@example("3006181234", "\u00b7", "", "")
@example("3006181234", "\u2022", "", "")
@example("3006181234", ", ", ",", ",")
def test_a_cpr_number_with_any_few_separators_is_refused_in_an_id_and_found_in_text(
        digits: str, before_serial: str, inside_date: str, inside_date_too: str) -> None:
    """
    Between the date and the serial any one to three characters that are
    neither letters, digits nor control characters; between day, month and
    year up to two.
    """
    written = (f"{digits[:2]}{inside_date}{digits[2:4]}{inside_date_too}{digits[4:6]}"
               f"{before_serial}{digits[6:]}")
    assert looks_like_cpr(written)
    assert looks_like_cpr(f"{digits[:6]}{before_serial}{digits[6:]}")
    assert contains_cpr(f"Ringede fra {written} i går")
    assert contains_cpr(f"Note {written}")


@given(cpr_numbers())
@example("3006181234")
def test_a_cpr_number_written_as_a_number_with_decimals_is_refused(digits: str) -> None:
    # Excel or a JSON reader turned the number into 3006181234.0.
    assert looks_like_cpr(f"{digits}.0")
    assert looks_like_cpr(f"{int(digits)}.0")


def test_a_separator_is_any_character_but_a_letter_a_digit_or_a_control_character() -> None:
    assert [] == [f"U+{cp:04X}" for cp in range(0x10000) if 0xD800 > cp or cp > 0xDFFF
                  if is_separator(chr(cp)) != (not chr(cp).isalnum() and (
                      unicodedata.category(chr(cp)) != "Cc" or chr(cp) in "\t\n\x0b\x0c\r"))]
    assert LATIN1_SEPARATORS == "".join(c for c in map(chr, range(256)) if is_separator(c))
    assert "\x00" not in LATIN1_SEPARATORS  # the batches are joined by NUL


@pytest.mark.parametrize("serial", [4000, 4123, 5555, 6001, 7890, 8000, 9999])
def test_every_cpr_number_born_on_29_february_2000_is_refused(serial: int) -> None:
    """
    Only the century tells that 29 February 2000 exists (1900 was no leap
    year); its serials 4000-9999 mean 2000.
    """
    assert looks_like_cpr(f"290200{serial}")
    assert looks_like_cpr(f"290200-{serial}")
    assert contains_cpr(f"født 290200 {serial}")


@pytest.mark.parametrize(("digits", "date"), [
    ("2902004123", True), ("2902001234", True), ("2902011234", False), ("3102004123", False),
    ("0100001234", False), ("3213001234", False), ("3112999999", True), ("0101000000", True),
])
def test_ten_digits_start_with_a_birth_date_when_they_are_a_date_in_some_century(
        digits: str, date: bool) -> None:
    assert date == starts_with_a_birth_date(digits)


@given(participant_ids())
def test_generated_pseudonyms_never_look_like_cpr_numbers(value: str) -> None:
    assert not looks_like_cpr(value)


@given(identifiers())
def test_generated_ids_never_look_like_cpr_numbers(value: str) -> None:
    assert not looks_like_cpr(value)


@pytest.mark.parametrize("value", [
    "D-0042", "VH-017", "SA1", "P1", "1002", "2018-0042", "12345678", "123456-78",
    "9999991234", "3213181234", "12345", "CPR-ansvarlig", "Caseworker 7", "Ø-001",
    "2018063012345", "01-01-2018",
])
def test_pseudonyms_and_numbers_that_are_no_cpr_number_pass(value: str) -> None:
    assert not looks_like_cpr(value)


# -- free text ---------------------------------------------------------------------


@given(notes(), typed_cpr_numbers().filter(lambda v: not v.lower().startswith("cpr")), notes())
def test_a_cpr_number_inside_free_text_is_found(before: str, value: str, after: str) -> None:
    assert contains_cpr(f"{before} ringede fra {value} i dag {after}")


@pytest.mark.parametrize("text", [
    "Møde 30.06.2018 kl. 10.00", "Ringede 2018-06-30 kl 10:30", "tlf. 12 34 56 78",
    "Aftale nr. 1234567890123", "30 dage, 12 uger", "Sendt 01-06-2018, svar 15-06-2018",
    "106181234", "Mødt 3 af 4 gange",
])
def test_ordinary_numbers_in_notes_are_not_taken_for_cpr_numbers(text: str) -> None:
    assert not contains_cpr(text)


_PUNCTUATION = st.sampled_from([" ", ", ", "; ", ": ", " - ", " kl. ", " og ", " / ", "(", ")",
                                " tlf. ", ". ", "+", " · "])


@st.composite
def _ordinary_numbers(draw: st.DrawFn) -> str:
    # What notes hold beside words: full dates, times, phone numbers, counts.
    day = draw(st.dates(D(1990, 1, 1), D(2100, 12, 31)))
    phone = draw(st.integers(10_000_000, 99_999_999))
    return draw(st.sampled_from([
        f"{day:%Y-%m-%d}", f"{day:%d.%m.%Y}", f"{day:%d-%m-%Y}", f"{day:%d/%m/%Y}",
        f"{day.day}.{day.month}.{day.year}", f"{draw(st.integers(0, 23)):02d}:"
        f"{draw(st.integers(0, 59)):02d}", f"{phone}", f"{phone // 10**6} {phone // 10**4 % 100}"
        f" {phone // 100 % 100} {phone % 100}", f"+45 {phone}", f"+45{phone}",
        f"{draw(st.integers(0, 40_541))}", f"{day.year}"]))


@given(st.lists(st.tuples(_PUNCTUATION, _ordinary_numbers()), min_size=1, max_size=6))
@example([(" ", "2018-06-30"), (", ", "12:30"), (" tlf. ", "12 34 56 78")])
@example([(" ", "30.06.2018"), (", ", "2018")])
@example([(" ", "00:01"), (" ", "01.01.2000")])
def test_dates_times_and_phone_numbers_in_notes_are_not_taken_for_cpr_numbers(
        parts: list[tuple[str, str]]) -> None:
    text = "Mødt" + "".join(punctuation + number for punctuation, number in parts)
    assert not contains_cpr(text)
    assert text == redact(text)


@given(st.lists(st.one_of(notes(), typed_cpr_numbers(), participant_ids()), max_size=30),
       st.booleans())
def test_positions_found_in_batches_are_those_found_one_by_one(texts: list[str],
                                                               whole: bool) -> None:
    one_by_one = [i for i, text in enumerate(texts)
                  if (looks_like_cpr(text) if whole else contains_cpr(text))]
    assert one_by_one == cpr_positions(texts, whole_cells=whole, batch=4)


# -- no message repeats one ----------------------------------------------------------


@given(typed_cpr_numbers())
def test_no_message_repeats_a_cpr_number_however_it_is_quoted(value: str) -> None:
    for message in (f"{value!r} is not a date", f"pathway {value}: starts before",
                    f"agreement {value!r} does not exist", f"participant {value} is taken"):
        hidden = redact(message)
        assert HIDDEN in hidden
        assert not any(c.isdigit() for c in hidden.replace(HIDDEN, "")
                       .replace("pathway", "")), hidden


@given(cpr_numbers().filter(lambda n: n.startswith("0")))
def test_a_message_quoting_a_cpr_number_without_its_leading_zero_hides_it(digits: str) -> None:
    assert HIDDEN == redact(repr(digits[1:]))


_NAMING = ["pathway {}: pathway_id looks like a CPR number", "employment {}: bad",
           "agreement {}: agreement_id looks like a CPR number",
           "pathway {}, followup on 2018-03-01: dated after the end",
           "outcome 'fleksjob' is not allowed by agreement {} (rule 3)",
           "participant {} is already in pathway P1", "Pathway {} in store.db: 3 changes",
           "pathway P1 belongs to agreement {}, not to agreement SA1"]


@given(st.one_of(cpr_numbers().filter(lambda n: n.startswith("0")).map(lambda n: n[1:]),
                 cpr_numbers().map(lambda n: f"{n}.0"), typed_cpr_numbers()),
       st.sampled_from(_NAMING))
@example("106181234", "pathway {}: pathway_id looks like a CPR number")
@example("106181234", "employment {}: bad")
def test_a_message_naming_an_item_by_a_cpr_like_id_does_not_repeat_it(
        value: str, template: str) -> None:
    """
    An id is unquoted where a message names its item ("pathway X:"): a
    CPR-like one, nine digits or a float among them, is hidden there too.
    """
    hidden = redact(template.format(value))
    assert HIDDEN in hidden
    assert _digits(value) not in _digits(hidden), hidden


def _digits(text: str) -> str:
    return "".join(c for c in normalise(text) if c.isdigit())


@given(st.integers(0, 99_999_999), st.integers(1990, 2100),
       st.sampled_from(["agreement SA1: slots is {}; it must be at most 40541",
                        "pathway P{}: {} pathways overlap", "employment E1: hours_per_week {}",
                        "{} problems found in {} rows", "agreement {}: no such year {}"]))
# An id's digits and a year behind a colon read as ddmmyy and a serial.
@example(130100, 1990, "pathway P{}: {} pathways overlap")
def test_ordinary_numbers_in_a_message_are_left_as_they_are(number: int, year: int,
                                                            template: str) -> None:
    message = template.format(number, year)
    assert message == redact(message)


@pytest.mark.parametrize(("text", "held"), [
    ("CPR3006181234", True), ("cpr.3006181234", True), ("P130100: 1990", False),
    ("VH300618-1234", False), ("ring 300618:1234", True),
])
def test_digits_written_onto_a_letter_are_part_of_a_word_but_after_cpr(
        text: str, held: bool) -> None:
    assert held == contains_cpr(text)


def test_every_error_hides_a_cpr_number_in_its_message() -> None:
    value = "300618-1234"
    errors: list[BaseException] = [
        ForloebError(f"{value!r} is not a date"), StoreError(f"row {value}"),
        UnknownIdError(f"no pathway with id {value!r}"),
        RuleViolation(f"pathway {value}: ended", rule=1, pathway_id=value),
    ]
    for error in errors:
        assert value not in str(error)
        assert value not in repr(error.args)
        assert HIDDEN in str(error)
    assert HIDDEN == RuleViolation("pathway 106181234: bad", rule=0,
                                   pathway_id="106181234").pathway_id
    problem = Problem(f"{value}.json", 2, "note", f"note {value} is bad")
    violation = Violation("pathways", 0, "pathway_id", f"pathway {value}: bad")
    for text in (str(problem), problem.message, problem.file, violation.message):
        assert value not in text


def test_a_message_without_a_cpr_number_is_left_as_it_is() -> None:
    message = ("pathway P1, followup on 2018-03-01: dated after the end on 2018-02-01 "
               "(rule 4); 'D-0042' row 14")
    assert message == redact(message)


def test_every_character_that_can_be_or_hide_a_digit_or_separator_takes_the_slow_path() -> None:
    """
    A batch of text is searched quickly unless it holds a character that is,
    or folds into, a digit, a space, a dash or an invisible character; the
    quick test must know every such character of the Basic Multilingual Plane.
    """
    import unicodedata

    from forloeb.privacy import _TELLING

    # Any other character beyond ASCII is taken for a separator by the quick
    # test, which is always safe: it may only say yes more often.
    missing = []
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        telling = (unicodedata.category(ch) in ("Cf", "Zs", "Pd", "Nd") or ch == "\u2212"
                   or any(c.isdecimal() for c in folded))
        if telling and _TELLING.match(ch) is None:
            missing.append(f"U+{cp:04X}")
    assert [] == missing


def test_digits_beyond_the_basic_multilingual_plane_are_found_in_batches_too() -> None:
    adlam = "".join(chr(0x1E950 + int(d)) for d in "3006181234")
    for whole in (True, False):
        assert [1] == cpr_positions(["D-1", adlam], whole_cells=whole)


# -- published documents -------------------------------------------------------------


@given(st.one_of(typed_cpr_numbers(), cpr_numbers().map(lambda n: n[1:])
                 .filter(looks_like_cpr)))
def test_no_key_or_value_of_a_document_looks_like_a_cpr_number_once_hidden(value: str) -> None:
    document = {"agreements": [{"agreement_id": value, value: {"completed": 3, "x": [value]}}],
                "jobs": {"paths": [{"employment_id": value}, {value: 1}]}}
    if value.isdecimal():
        document["figures"] = [int(value), float(int(value))]
    hidden = hide_in_document(document)
    text = json.dumps(hidden, ensure_ascii=False)
    assert value not in text
    assert not contains_cpr(text)
    assert hidden["agreements"][0][HIDDEN] == {"completed": 3, "x": [HIDDEN]}


def test_a_document_without_a_cpr_like_value_is_the_same_once_hidden() -> None:
    document = {"as_of": "2018-06-30", "agreements": [
        {"agreement_id": "SA1", "q7_overview": {"completed": 34, "progression_share": 0.64,
                                                "outcomes": {"fleksjob": 12}}}],
        "jobs": {"year": 2018, "goal": 40541, "flag": True, "none": None}}
    assert document == hide_in_document(document)
