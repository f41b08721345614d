"""
CPR numbers, in the forms people actually type them, kept out of registers and messages.

A register holds pseudonyms, never a Danish CPR number (*personnummer*). This
module alone decides what looks like one:

- :func:`looks_like_cpr` for a whole id cell (``participant_id``,
  ``pathway_id``, ``agreement_id``): ten digits starting with a birth date,
  written with any separator or none, with a ``CPR`` prefix or invisible
  characters around or inside, or nine digits that are such a number whose
  leading zero a spreadsheet or a JSON number dropped;
- :func:`contains_cpr` for free text (notes, names, authors): a CPR-like
  ten-digit number anywhere in it (the nine-digit rule would see CPR numbers
  in too many ordinary numbers, so it is kept to whole id cells);
- :func:`redact` for a message: every CPR-like value in it is replaced by
  :data:`HIDDEN`, so no error names a CPR number, whichever column it was in.

The rules, the loader and the errors all use these; nothing else decides.

>>> looks_like_cpr("300618-1234"), looks_like_cpr("CPR: 300618\u20131234"), looks_like_cpr("D-0042")
(True, True, False)
>>> redact("'010618-1234' is not a date")
'[a CPR-like value, not shown] is not a date'
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

#: What a message shows in place of a CPR-like value.
HIDDEN = "[a CPR-like value, not shown]"

#: Characters people put between the digits of a CPR number: spaces of every
#: kind, hyphens and dashes (after NFKC, a non-breaking hyphen is U+2010), the
#: minus sign, dots, slashes and underscores.
_SEPARATORS = " \t\n\r\x0b\x0c\u2010\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d-./_"
_S = "[" + re.escape(_SEPARATORS) + "]"
_DROP_SEPARATORS = str.maketrans("", "", _SEPARATORS)

#: ``CPR``, ``cpr-nr.``, ``CPR nummer:`` and the like before the number.
_PREFIX = re.compile(r"cpr(?:[\s._-]*(?:nr|nummer|no))?[\s.:#=_-]*", re.IGNORECASE)
#: The written form ``ddmmyy-xxxx``: six digits, separators, four digits.
_SIX_FOUR = re.compile(rf"\d{{6}}{_S}+\d{{4}}")
#: A ten-digit number inside text: no digit next to it, separators allowed
#: between the day, month, year and serial. The date is checked afterwards.
_IN_TEXT = re.compile(
    rf"(?<!\d)(?<!\d{_S})(?<!\d{_S}{_S})"
    rf"(\d\d){_S}{{0,2}}(\d\d){_S}{{0,2}}(\d\d){_S}{{0,3}}(\d{{4}})"
    rf"(?!{_S}{{0,2}}\d)"
)
#: A value quoted in a message, as ``repr`` writes it.
_QUOTED = re.compile(r"'([^'\n]{1,80})'|\"([^\"\n]{1,80})\"")
#: An escape ``repr`` or ``json.dumps`` writes for a character it does not show.
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[ntr])")
_DIGIT = re.compile(r"\d")


def normalise(text: str) -> str:
    """
    ``text`` as it reads: compatibility forms folded (NFKC: full-width digits,
    the non-breaking space and hyphen) and invisible format characters (zero-width
    space, byte-order mark, soft hyphen, direction marks) removed.

    >>> normalise("30\u200b06\ufeff18\u00a01234")
    '300618 1234'
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_invisible_table())


#: Format characters beyond the Basic Multilingual Plane (tags, musical and
#: Egyptian format controls, shorthand format controls).
_ASTRAL_FORMAT = (*range(0x110BD, 0x110BE), *range(0x110CD, 0x110CE),
                  *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4),
                  *range(0x1D173, 0x1D17B), 0xE0001, *range(0xE0020, 0xE0080))


@functools.cache
def _invisible_table() -> dict[int, None]:
    # Made once, when first text that is not ASCII is read.
    found = [cp for cp in range(0x80, 0x10000) if unicodedata.category(chr(cp)) == "Cf"]
    return dict.fromkeys([*found, *_ASTRAL_FORMAT])


def starts_with_a_birth_date(digits: str) -> bool:
    """
    Whether ten digits start with a day, month and year (``ddmmyy``) that are
    a date in some century a CPR number can mean.

    The CPR office's rule reads the century from the seventh digit (1858 to
    2057), but a value that only looks like a CPR number is refused whatever
    its seventh digit says: a day is a date in some century when it is one in
    20yy, since 2000 was a leap year, so 29 February 2000 counts.

    >>> starts_with_a_birth_date("2902004123"), starts_with_a_birth_date("2902011234")
    (True, False)
    """
    try:
        dt.date(2000 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return False
    return True


def looks_like_cpr(value: str) -> bool:
    """
    Whether a whole id cell looks like a CPR number, in any form people type,
    or holds one (:func:`contains_cpr`).

    >>> [looks_like_cpr(v) for v in ("3006181234", "30.06.18 1234", "cpr-nr. 300618-1234",
    ...                              "\u200b300618\u20111234 ", "106181234", "VH-300618-1234")]
    [True, True, True, True, True, True]

    ``106181234`` is ``0106181234`` with its leading zero lost. Pseudonyms
    and other numbers pass:

    >>> [looks_like_cpr(v) for v in ("D-0042", "VH-017", "2018-0042", "9999991234", "12345")]
    [False, False, False, False, False]
    """
    return _whole_cell(value) or contains_cpr(value)


def _whole_cell(value: str) -> bool:
    if value.isascii() and value[:1].isalpha() and value[:1] not in "cC":
        return False  # the common pseudonym, "D-0042", at once
    text = normalise(value).strip()
    prefix = _PREFIX.match(text)
    body = text[prefix.end():] if prefix else text
    digits = _ascii_digits(body.translate(_DROP_SEPARATORS))
    if digits is None:
        return False
    if len(digits) == 10:
        return (prefix is not None or _SIX_FOUR.fullmatch(body) is not None
                or starts_with_a_birth_date(digits))
    if len(digits) == 9:
        return starts_with_a_birth_date("0" + digits)
    return False


def _ascii_digits(text: str) -> str | None:
    # Digits of other scripts (NFKC leaves Arabic-Indic digits alone) read as digits.
    if not text.isdecimal():
        return None
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) for ch in text)


def _cpr_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in _IN_TEXT.finditer(text):
        digits = _ascii_digits("".join(match.groups()))
        if digits is not None and starts_with_a_birth_date(digits):
            yield match.span()


def contains_cpr(text: str) -> bool:
    """
    Whether free text holds a CPR-like number: ten digits starting with a
    birth date, with any separators (or invisible characters) between the
    day, month, year and serial, and no digit right next to it.

    >>> contains_cpr("Ringede fra 300618-1234 i går"), contains_cpr("Møde 30.06.2018 kl. 10.00")
    (True, False)
    """
    if not _DIGIT.search(text):
        return False
    return next(_cpr_spans(normalise(text)), None) is not None


def cpr_positions(texts: Iterable[str], *, whole_cells: bool, batch: int = 65536) -> list[int]:
    """
    The positions of the texts that hold a CPR-like value: for ``whole_cells``
    (ids) those that :func:`looks_like_cpr`, else (free text) those that
    :func:`contains_cpr`.

    A batch of texts is searched at once: most registers hold none, and one
    search over a batch is much faster than one per text.

    >>> cpr_positions(["D-1", "106181234", "VH-2"], whole_cells=True)
    [1]
    >>> cpr_positions(["Mødt", "ringede fra 300618-1234", "106181234"], whole_cells=False)
    [1]
    """
    found: list[int] = []
    it = iter(texts)
    start = 0
    while chunk := list(itertools.islice(it, batch)):
        found.extend(_batch(chunk, start, whole_cells))
        start += len(chunk)
    return found


def _batch(chunk: list[str], start: int, whole_cells: bool) -> list[int]:
    # A NUL between the texts: no separator and no digit, so no number spans two.
    joined = "\x00".join(chunk)
    # A CPR-like value has nine or ten digits once its separators are gone:
    # a batch without such a run of digits holds none (the common case).
    if not _has_digit_run(joined, 9 if whole_cells else 10):
        return []
    contained = contains_cpr(joined)
    if whole_cells:
        whole = _whole_cell
        return [start + i for i, text in enumerate(chunk)
                if whole(text) or (contained and contains_cpr(text))]
    if not contained:
        return []
    return [start + i for i, text in enumerate(chunk) if contains_cpr(text)]


#: Bytes: every separator deleted, every digit made a 1, every other byte a 0.
_ASCII_SEPARATORS = "".join(c for c in _SEPARATORS if c.isascii()).encode("ascii")
_DIGITS_TO_ONES = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_WIDE_SEPARATORS = {ord(c): None for c in _SEPARATORS if not c.isascii()}


def _has_digit_run(text: str, length: int) -> bool:
    """
    Whether ``text`` holds ``length`` digits in a row once separators (and
    invisible characters) are removed; in C, a few nanoseconds a character.
    """
    if not text.isascii() and (max(text) > "\uffff" or _TELLING.search(text)):
        # Only characters that can be or hide a digit or a separator need the
        # slow path; Danish letters, say, cannot.
        text = normalise(text).translate(_WIDE_SEPARATORS).translate(_digit_table())
    data = text.encode("ascii", "replace").translate(_DIGITS_TO_ONES, _ASCII_SEPARATORS)
    return data.find(b"1" * length) >= 0


#: Characters beyond ASCII that are a digit, a space, a dash or invisible, or
#: that NFKC folds into one (superscripts, fractions, enclosed and full-width
#: forms): whole blocks where such characters live, beside the digits and
#: spaces of every script. Text without any needs no normalising to be
#: searched (Danish letters, say); tests/test_privacy.py checks the list.
_TELLING = re.compile(
    "(?![\\x00-\\x7f])[\\d\\s\u00a0-\u00bf\u02d8-\u02dd\u037a\u0384\u0385\u058a\u05be\u0600-\u0605"
    "\u061c\u06dd\u070f\u0890\u0891\u08e2\u1400\u1806\u180e\u1fbd-\u1fff"
    "\u2000-\u2bff\u2e00-\u2e7f\u3000-\u33ff\ufc5e-\ufc63\ufdfa\ufdfb\ufe10-\ufe19"
    "\ufe30-\ufe7f\ufeff\uff00-\uffef\ufff9-\ufffb]")


@functools.cache
def _digit_table() -> dict[int, str]:
    # Digits of every script in the Basic Multilingual Plane, as ASCII digits
    # (NFKC has already folded full-width and mathematical digits).
    return {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x10000)
            if chr(cp).isdecimal()}


def redact(message: str) -> str:
    """
    ``message`` with every CPR-like value replaced by :data:`HIDDEN`: a quoted
    value that :func:`looks_like_cpr` (as messages quote cells), and any
    CPR-like number in the rest of the text.

    >>> redact("pathway P1: participant '106181234' is taken")
    'pathway P1: participant [a CPR-like value, not shown] is taken'
    >>> redact("pathway P1, followup on 2018-03-01: dated after the end on 2018-02-01")
    'pathway P1, followup on 2018-03-01: dated after the end on 2018-02-01'
    """
    if not _DIGIT.search(message):
        return message
    message = _QUOTED.sub(_hide_quoted, message)
    spans = list(_cpr_spans(message)) if message.isascii() else []
    if not message.isascii() and contains_cpr(message):
        # Positions in the normalised text are not positions in the message:
        # hide each whitespace-separated word that holds part of the number.
        return _hide_words(message)
    for begin, end in reversed(spans):
        message = message[:begin] + HIDDEN + message[end:]
    return message


def _hide_quoted(match: re.Match[str]) -> str:
    value = match.group(1) if match.group(1) is not None else match.group(2)
    shown = _ESCAPE.sub("", value)
    if looks_like_cpr(shown):
        return HIDDEN
    return match.group(0)


def _hide_words(message: str) -> str:
    words = message.split(" ")
    # A CPR number may be split over several words ("30 06 18 - 1234").
    for size in range(1, 8):
        for i in range(len(words) - size + 1):
            if contains_cpr(" ".join(words[i:i + size])):
                words[i:i + size] = [HIDDEN] + [""] * (size - 1)
    return " ".join(word for word in words if word != "")


__all__ = [
    "HIDDEN",
    "contains_cpr",
    "cpr_positions",
    "looks_like_cpr",
    "normalise",
    "redact",
    "starts_with_a_birth_date",
]
