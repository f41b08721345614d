"""
Cell values as a spreadsheet user writes them, and as forloeb writes them back.

Every ``parse_*`` function takes the text of one cell (already known not to be
empty, unless it says otherwise) and returns a Python value, or raises
:class:`ValueError` with a message that shows the text. The ``format_*``
functions write the one canonical form that every parser reads back;
:func:`format_text` and :func:`parse_text` are the pair for text in a CSV
file, where a cell that starts like a formula is marked as text.

Danish habits are accepted: day-first dates (``30-06-2018``, ``30.06.2018``,
``30/06/2018``), ``ja``/``nej``, and the decimal comma. Month-first dates are
never read, because ``06/07/2018`` would silently mean a different day.

Around every value, spaces of any kind and invisible characters are ignored
(:data:`EDGE`); inside one, :func:`check_characters` refuses what no
spreadsheet shows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

#: What is removed from both ends of every cell: whitespace of every kind
#: (the non-breaking space included) and the invisible format characters
#: that copying from web pages and other programs leaves behind (zero-width
#: space and joiners, byte-order mark, soft hyphen, direction marks).
EDGE = (" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
        "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
        "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")

#: The longest text read as a number: far more digits than any term or
#: price needs, and short enough that no conversion is ever slow or fails.
MAX_NUMBER_LENGTH = 30


def strip_cell(text: str) -> str:
    r"""
    ``text`` without whitespace or invisible characters at either end.

    >>> strip_cell("\ufeff SA1\u200b\u00a0")
    'SA1'
    """
    return text.strip(EDGE)


#: Control characters: C0 (but tab, line feed and carriage return), DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Unicode's noncharacters: never text, and U+FFFE and U+FFFF cannot be stored
# in a workbook or a web page at all.
_NONCHARACTER = re.compile("[\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]")


def check_characters(text: str, *, identifier: bool) -> str:
    r"""
    ``text`` itself if it holds only characters a cell may hold; already
    stripped (:func:`strip_cell`).

    No cell may hold a control character (``NUL`` and the like, which no
    spreadsheet shows) or half of a broken character. Free text may hold
    tabs and line breaks. An ``identifier`` holds only printable characters,
    with no invisible or unusual space inside it, since two ids that differ
    only by one would look the same.

    >>> check_characters("Gik godt\nmed kørsel", identifier=False)
    'Gik godt\nmed kørsel'
    >>> check_characters("P\u200b1", identifier=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'P\u200b1' holds an invisible character (U+200B ZERO WIDTH SPACE) inside it, ...
    """
    if text.isprintable():
        return text
    control = _CONTROL.search(text) or (_LINE_BREAKS.search(text) if identifier else None)
    if control is not None:
        raise ValueError(f"{text!r} holds a control character ({_describe(control.group())}), "
                         "which no spreadsheet shows; delete it")
    broken = broken_character(text)
    if broken is not None:
        raise ValueError(broken)
    noncharacter = _NONCHARACTER.search(text)
    if noncharacter is not None:
        raise ValueError(f"{text!r} holds {_describe(noncharacter.group())}, "
                         "a noncharacter that is no text and that a workbook cannot store; "
                         "delete it")
    if identifier:
        odd = next(ch for ch in text if not ch.isprintable())
        raise ValueError(f"{text!r} holds an invisible character ({_describe(odd)}) inside it, "
                         "so it would look like another id; retype it")
    return text


def broken_character(text: str) -> str | None:
    r"""
    What :func:`check_characters` says of ``text`` if it holds half of a
    broken character (a lone surrogate, which no file, database or terminal
    can hold), or ``None`` if it does not.

    >>> broken_character("Q\ud800")
    "'Q\\ud800' holds U+D800, half of a character whose text encoding broke; retype it"
    >>> broken_character("Q1") is None
    True
    """
    if text.isprintable():
        return None
    surrogate = _SURROGATE.search(text)
    if surrogate is None:
        return None
    return (f"{text!r} holds {_describe(surrogate.group())}, half of a character whose text "
            "encoding broke; retype it")


def cell_message(text: str, *, identifier: bool) -> str | None:
    r"""
    Why ``text``, a value given as an object rather than read from a file,
    could not be a cell of a register file as it is, or ``None`` if it could.

    A register file refuses what :func:`check_characters` refuses, and reads
    a value with whitespace or invisible characters at either end
    (:data:`EDGE`) as a different value, without them. So a value is
    refused with the words the loader uses for the cell, and one with
    something at either end is refused too, naming the value it would be
    read back as.

    >>> cell_message("Gik godt\nmed kørsel", identifier=False) is None
    True
    >>> print(cell_message("Ent\x1b[2J", identifier=False))
    'Ent\x1b[2J' holds a control character (U+001B), which no spreadsheet shows; delete it
    >>> print(cell_message("  P6  ", identifier=True))  # doctest: +ELLIPSIS
    '  P6  ' has whitespace or invisible characters at its start or end, ... 'P6'; remove them
    """
    if text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return None  # the usual case, checked in C
    stripped = text.strip(EDGE)
    try:
        check_characters(stripped, identifier=identifier)
    except ValueError as refused:
        return str(refused)
    if stripped != text:
        return (f"{text!r} has whitespace or invisible characters at its start or end, which a "
                f"register file does not keep: it would be read back as {stripped!r}; "
                "remove them")
    return None


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"

_DAY_FIRST = re.compile(r"(\d{1,2})([-./])(\d{1,2})\2(\d{4})")
_DATE_HINT = "write it as 2018-06-30 or 30-06-2018"


def parse_date(text: str) -> dt.date:
    """
    A date written as ISO ``2018-06-30`` or Danish day-first ``30-06-2018``,
    ``30.06.2018`` or ``30/06/2018``.

    >>> parse_date("2018-06-30"), parse_date("30.06.2018"), parse_date(" 1/7/2018 ")
    (datetime.date(2018, 6, 30), datetime.date(2018, 6, 30), datetime.date(2018, 7, 1))

    Month-first dates are refused, not guessed:

    >>> parse_date("06/30/2018")
    Traceback (most recent call last):
    ...
    ValueError: '06/30/2018' is not a date; write it as 2018-06-30 or 30-06-2018
    """
    text = text.strip(EDGE)
    # The fast path: ISO is what forloeb and most tools write.
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date; {_DATE_HINT}") from None
    match = _DAY_FIRST.fullmatch(text)
    if match is not None:
        day, _, month, year = match.groups()
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date; {_DATE_HINT}")


_TRUE = frozenset({"ja", "yes", "true", "1", "x", "sand"})
_FALSE = frozenset({"nej", "no", "false", "0", "", "falsk"})


def parse_bool(text: str) -> bool:
    """
    A yes/no cell: ``ja``/``nej``, ``yes``/``no``, ``true``/``false``, ``1``/``0``,
    or a checkbox column where ``x`` is yes and an empty cell no. Danish Excel's
    ``SAND``/``FALSK`` are read too; case does not matter.

    >>> parse_bool("Ja"), parse_bool("nej"), parse_bool("x"), parse_bool(""), parse_bool("SAND")
    (True, False, True, False, True)
    >>> parse_bool("måske")
    Traceback (most recent call last):
    ...
    ValueError: 'måske' is not yes or no; write ja or nej (or true/false, 1/0, x)
    """
    folded = text.strip(EDGE).lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"{text.strip(EDGE)!r} is not yes or no; write ja or nej (or true/false, "
                     "1/0, x)")


def parse_int(text: str) -> int:
    """
    A whole number; ``8,0`` (a spreadsheet's way of writing 8) is read as 8.

    >>> parse_int("8"), parse_int(" -2 "), parse_int("8,0")
    (8, -2, 8)
    >>> parse_int("8,5")
    Traceback (most recent call last):
    ...
    ValueError: '8,5' is not a whole number
    """
    text = text.strip(EDGE)
    _check_length(text)
    if text.isascii() and "_" not in text:
        try:
            return int(text)
        except ValueError:
            pass
    try:
        number = parse_decimal(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if number != number.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


_DANISH_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def parse_decimal(text: str) -> Decimal:
    """
    A number, exactly: ``1234.50``, ``1234,50`` (decimal comma) or
    ``1.234,50`` (Danish thousands separator).

    >>> parse_decimal("1234,50"), parse_decimal("1.234,50"), parse_decimal("0.5")
    (Decimal('1234.50'), Decimal('1234.50'), Decimal('0.5'))

    A single dot before three digits could be either, so it is refused rather
    than guessed (a price 1000 times too small would go unnoticed):

    >>> parse_decimal("45.000")
    Traceback (most recent call last):
    ...
    ValueError: '45.000' is not a clear number: write 45000 (or 45000,00), or 45,000 for a decimal
    """
    text = text.strip(EDGE)
    _check_length(text)
    if _DANISH_THOUSANDS.fullmatch(text) and ("," in text or text.count(".") > 1):
        plain = text.replace(".", "").replace(",", ".")
    elif _AMBIGUOUS.fullmatch(text):
        whole = text.replace(".", "")
        raise ValueError(f"{text!r} is not a clear number: write {whole} (or {whole},00), "
                         f"or {text.replace('.', ',')} for a decimal")
    elif _PLAIN_NUMBER.fullmatch(text):
        plain = text.replace(",", ".")
    else:
        raise ValueError(f"{text!r} is not a number")
    return Decimal(plain)


def _check_length(text: str) -> None:
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"{text[:MAX_NUMBER_LENGTH // 2]!r}... ({len(text)} characters) is "
                         f"too long to be a number here (at most {MAX_NUMBER_LENGTH} characters)")


def parse_list(text: str) -> tuple[str, ...]:
    """
    The items of a ``;``-separated cell, without blanks.

    >>> parse_list("fleksjob; ordinaert_job;;uddannelse")
    ('fleksjob', 'ordinaert_job', 'uddannelse')
    >>> parse_list("")
    ()
    """
    return tuple(item for item in (part.strip(EDGE) for part in text.split(";")) if item)


def format_date(value: dt.date | None, *, day_first: bool = False) -> str:
    """
    A date as ISO text, or ``day_first`` as Danish Excel writes it; absent is empty.

    >>> format_date(dt.date(2018, 6, 30)), format_date(None)
    ('2018-06-30', '')
    >>> format_date(dt.date(2018, 7, 4), day_first=True)
    '04-07-2018'
    """
    if value is None:
        return ""
    if day_first:
        return f"{value.day:02}-{value.month:02}-{value.year:04}"
    return value.isoformat()


def format_bool(value: bool | None, *, danish: bool = False) -> str:
    """
    ``true`` or ``false`` (``danish``: ``ja`` or ``nej``); absent is empty.

    >>> format_bool(True), format_bool(False), format_bool(None), format_bool(True, danish=True)
    ('true', 'false', '', 'ja')
    """
    if value is None:
        return ""
    if danish:
        return "ja" if value else "nej"
    return "true" if value else "false"


def format_int(value: int | None) -> str:
    """
    A whole number; absent is empty.

    >>> format_int(8), format_int(None)
    ('8', '')
    """
    return "" if value is None else str(value)


def format_decimal(value: Decimal | float | None, *, comma: bool = False) -> str:
    """
    A number with a decimal point (``comma``: a decimal comma, as Danish
    Excel reads it) and no exponent; absent is empty.

    >>> format_decimal(Decimal("1234.50")), format_decimal(Decimal("1E+3")), format_decimal(None)
    ('1234.50', '1000', '')
    >>> format_decimal(Decimal("1234.50"), comma=True), format_decimal(3.5, comma=True)
    ('1234,50', '3,5')

    A form :func:`parse_decimal` would refuse as unclear gets one more zero:

    >>> format_decimal(Decimal("1.500"))
    '1.5000'
    """
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest digits that give back the float
    text = f"{value:f}"
    if comma:
        return text.replace(".", ",")
    return text + "0" if _AMBIGUOUS.fullmatch(text) else text


#: The characters that make a spreadsheet read a cell as a formula when they
#: open it (OWASP's CSV-injection list, with NUL, a line feed and the
#: full-width forms a Japanese or Chinese keyboard types).
FORMULA_STARTS = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")

#: The mark a spreadsheet takes as "this cell is text": a leading apostrophe.
TEXT_MARK = "'"


def starts_like_formula(text: str) -> bool:
    """
    Whether a spreadsheet would take ``text`` as the start of a formula: its
    first character, or its first after leading spaces, is one of
    :data:`FORMULA_STARTS`.

    >>> starts_like_formula("=1+1"), starts_like_formula("  @SUM(A1)"), starts_like_formula("-2")
    (True, True, True)
    >>> starts_like_formula("Godt samarbejde"), starts_like_formula("")
    (False, False)
    """
    return text[:1] in FORMULA_STARTS or text.lstrip(" \u00a0")[:1] in FORMULA_STARTS


def format_text(value: str | None) -> str:
    """
    A text cell of a CSV file that no spreadsheet runs as a formula; absent is empty.

    Text that a spreadsheet would take as a formula (see
    :func:`starts_like_formula`) gets a leading apostrophe, which Excel and
    LibreOffice read as "this is text" and do not show. Text that already
    starts with an apostrophe gets one more, so :func:`parse_text` gives back
    exactly the text written:

    >>> format_text("=HYPERLINK(A1)"), format_text("-2 dage"), format_text("@SUM(1)")
    ("'=HYPERLINK(A1)", "'-2 dage", "'@SUM(1)")
    >>> format_text("'t is"), format_text("Sumak"), format_text(None)
    ("''t is", 'Sumak', '')
    >>> all(parse_text(format_text(t)) == t for t in ("=1", "'", "''x", "x", ""))
    True
    """
    if not value:
        return ""
    if value.startswith(TEXT_MARK) or starts_like_formula(value):
        return TEXT_MARK + value
    return value


def parse_text(text: str) -> str:
    """
    The text of a CSV cell: one leading apostrophe, the mark of text that
    :func:`format_text` (and a spreadsheet) writes, is not part of it.

    >>> parse_text("'=1+1"), parse_text("''t is"), parse_text("Sumak")
    ('=1+1', "'t is", 'Sumak')
    """
    return text[1:] if text.startswith(TEXT_MARK) else text


def format_list(value: Iterable[str] | None) -> str:
    """
    Items separated by ``;``; absent is empty.

    >>> format_list(("fleksjob", "uddannelse")), format_list(None)
    ('fleksjob;uddannelse', '')
    """
    return "" if value is None else ";".join(value)


__all__ = [
    "EDGE",
    "FORMULA_STARTS",
    "MAX_NUMBER_LENGTH",
    "TEXT_MARK",
    "broken_character",
    "cell_message",
    "check_characters",
    "format_bool",
    "format_date",
    "format_decimal",
    "format_int",
    "format_list",
    "format_text",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "parse_list",
    "parse_text",
    "starts_like_formula",
    "strip_cell",
]
