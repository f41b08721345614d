"""
CPR numbers, in the forms people actually type them, kept out of registers and messages.

A register holds pseudonyms, never a Danish CPR number (*personnummer*). This
module alone decides what looks like one:

- :func:`looks_like_cpr` for a whole id cell (``participant_id``,
  ``pathway_id``, ``agreement_id``): ten digits starting with a birth date,
  written with any separators or none, with a ``CPR`` prefix or invisible
  characters around or inside, or nine digits that are such a number whose
  leading zero a spreadsheet or a JSON number dropped, or either written
  with decimals (``3006181234.0``);
- :func:`contains_cpr` for free text (notes, names, authors): a CPR-like
  ten-digit number anywhere in it (the nine-digit rule would see CPR numbers
  in too many ordinary numbers, so it is kept to whole id cells);
- :func:`redact` for a message: every CPR-like value in it (quoted, or an id
  where the message names an item by it, or a number in the text) is
  replaced by :data:`HIDDEN`, so no error names a CPR number, whichever
  column it was in;
- :func:`hide_in_document` for a document read from elsewhere (a published
  summary): every key and value that looks like a CPR number is
  :data:`HIDDEN` before anything is read from it.

A separator (:func:`is_separator`) is any character but a letter, a digit or
a control character: spaces, dashes, dots, colons, plus signs, bullets, every
mark of punctuation or symbol.

The rules, the loader, the errors, reconciliation and the columnar engine
(through :data:`LATIN1_SEPARATORS`) all use these; nothing else decides.

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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: What a message shows in place of a CPR-like value.
HIDDEN = "[a CPR-like value, not shown]"

#: A separator: a character that may stand between the digits of a CPR
#: number without ending it. Any character but a letter, a digit or a control
#: character: spaces of every kind, tabs and line breaks, hyphens and dashes,
#: dots, commas, colons, slashes, plus signs, bullets and every other mark of
#: punctuation or symbol (``300618-1234``, ``300618:1234``, ``300618·1234``).
#: Control characters (``NUL`` among them) are no separators: no register
#: cell holds one, and the batches of :func:`cpr_positions` are joined by
#: ``NUL`` so that no number spans two texts.
_S = r"(?:_|[^\w\x00-\x08\x0e-\x1f\x7f-\x9f])"
_SEPARATOR = re.compile(_S)
_SEPARATOR_RUN = re.compile(_S + "+")
#: The separators that also keep a number apart from a digit before or after
#: it: spaces, hyphens and dashes, dots, colons, slashes and underscores. A
#: digit that near makes the digits part of a longer number (``12 34 56 78
#: 90 12``, a phone number; ``kl. 00:01 01.01.2000``, a time and a date); a
#: digit behind a comma (``tlf. 12345678, 3006181234``) does not.
_NEAR = " \t\n\r\x0b\x0c\u2010\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d-./:_"
_B = "[" + re.escape(_NEAR) + "]"

#: ``CPR``, ``cpr-nr.``, ``CPR nummer:`` and the like before the number.
_PREFIX = re.compile(r"cpr(?:[\s._-]*(?:nr|nummer|no))?[\s.:#=_-]*", re.IGNORECASE)
#: The written form ``ddmmyy-xxxx``: six digits, separators, four digits.
_SIX_FOUR = re.compile(rf"\d{{6}}{_S}+\d{{4}}")
#: Nine or ten digits written as a number with decimals, as a spreadsheet or
#: a JSON reader turns a number into text: ``3006181234.0``.
_AS_FLOAT = re.compile(r"(\d{9,10})\.0+")
#: A ten-digit number inside text: no digit next to it, nor a letter right
#: before it but the ``r`` of a ``CPR`` written onto it (``P130100: 1990`` is
#: an id and a year, ``CPR3006181234`` a CPR number), up to two separators
#: between the day, month and year and up to three before the serial. The
#: date is checked afterwards.
_IN_TEXT = re.compile(
    r"(?:(?<=[cC][pP][rR])|(?<![^\W\d_]))"
    rf"(?<!\d)(?<!\d{_B})(?<!\d{_B}{_B})"
    rf"(\d\d){_S}{{0,2}}(\d\d){_S}{{0,2}}(\d\d){_S}{{0,3}}(\d{{4}})"
    rf"(?!{_B}{{0,2}}\d)"
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
    as_float = _AS_FLOAT.fullmatch(body)
    if as_float is not None:
        body = as_float.group(1)
    digits = _ascii_digits(_SEPARATOR_RUN.sub("", body))
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


def is_separator(character: str) -> bool:
    """
    Whether ``character`` may stand between the digits of a CPR number: any
    character but a letter, a digit or a control character (a tab and a line
    break are separators).

    >>> [is_separator(c) for c in "-:+\u00b7\u2013 a7\\x00"]
    [True, True, True, True, True, True, False, False, False]
    """
    return _SEPARATOR.fullmatch(character) is not None


#: The separators among the first 256 characters (ASCII and Latin-1), for a
#: reader that cannot run this module's expressions (the columnar engine's
#: SQL): it removes these before it looks for a run of digits.
LATIN1_SEPARATORS = "".join(c for c in map(chr, range(256)) if is_separator(c))

#: Bytes: every separator deleted, every digit made a 1, every other byte a 0.
#: ``?``, which stands for any character beyond ASCII, is a separator too, so
#: text need not be normalised for a separator beyond ASCII to be deleted.
_ASCII_SEPARATORS = "".join(c for c in LATIN1_SEPARATORS if c.isascii()).encode("ascii")
_DIGITS_TO_ONES = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))


def _has_digit_run(text: str, length: int) -> bool:
    """
    Whether ``text`` holds ``length`` digits in a row once separators (and
    invisible characters) are removed; in C, a few nanoseconds a character.
    Every character beyond ASCII counts as a separator (so the answer may be
    yes for text that holds no such number, never no for text that does).
    """
    if not text.isascii() and ((astral := max(text) > "\uffff") or _TELLING.search(text)):
        # Only characters that can be or fold into a digit need the slow
        # path; Danish letters, say, cannot.
        text = normalise(text).translate(_digit_table(astral))
    data = text.encode("ascii", "replace").translate(_DIGITS_TO_ONES, _ASCII_SEPARATORS)
    return data.find(b"1" * length) >= 0


#: Characters beyond ASCII that are a digit, a space, a dash or invisible, or
#: that NFKC folds into one (superscripts, fractions, enclosed and full-width
#: forms): whole blocks where such characters live, beside the digits and
#: spaces of every script. Text without any needs no normalising to be
#: searched (Danish letters, say): every other character beyond ASCII is taken
#: for a separator. tests/test_privacy.py checks the list.
_TELLING = re.compile(
    "(?![\\x00-\\x7f])[\\d\\s\u00a0-\u00bf\u02d8-\u02dd\u037a\u0384\u0385\u058a\u05be\u0600-\u0605"
    "\u061c\u06dd\u070f\u0890\u0891\u08e2\u1400\u1806\u180e\u1fbd-\u1fff"
    "\u2000-\u2bff\u2e00-\u2e7f\u3000-\u33ff\ufc5e-\ufc63\ufdfa\ufdfb\ufe10-\ufe19"
    "\ufe30-\ufe7f\ufeff\uff00-\uffef\ufff9-\ufffb]")


@functools.cache
def _digit_table(astral: bool) -> dict[int, str]:
    # Digits of every script in the Basic Multilingual Plane (and, for text
    # beyond it, in every plane: Adlam, Osmanya, ...), as ASCII digits (NFKC
    # has already folded full-width and mathematical digits).
    return {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x110000 if astral
                                                                  else 0x10000)
            if chr(cp).isdecimal()}


def redact(message: str) -> str:
    """
    ``message`` with every CPR-like value replaced by :data:`HIDDEN`: a quoted
    value that :func:`looks_like_cpr` (as messages quote cells), an id that
    looks like one where the message names an item by it (``pathway X:``,
    ``agreement X``, ``employment X,``, ``participant X``), and any CPR-like
    number in the rest of the text.

    >>> redact("pathway P1: participant '106181234' is taken")
    'pathway P1: participant [a CPR-like value, not shown] is taken'
    >>> redact("pathway 106181234: pathway_id looks like a CPR number")
    'pathway [a CPR-like value, not shown]: pathway_id looks like a CPR number'

    Other numbers are left as they are, nine digits among them, since only
    an id can be a CPR number that lost its leading zero:

    >>> redact("pathway P1, followup on 2018-03-01: dated after the end on 2018-02-01")
    'pathway P1, followup on 2018-03-01: dated after the end on 2018-02-01'
    >>> redact("agreement SA1: slots is 106181234; it must be at most 10000")
    'agreement SA1: slots is 106181234; it must be at most 10000'
    """
    if not _DIGIT.search(message):
        return message
    message = _QUOTED.sub(_hide_quoted, message)
    message = _hide_named(message)
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


#: Where a message names an item by its id, unquoted: ``pathway P1:``,
#: ``employment E1,``, ``agreement SA1 (rule 3)``, ``participant D-1 is``.
_NAMED = re.compile(r"\b(?:pathway|agreement|employment|participant)s? +", re.IGNORECASE)
#: Where a named id ends at the latest: the end of its clause or line.
_CLAUSE_END = re.compile(r"[:,;](?=\s|$)|\n|$")
#: The most words an id named in a message is taken to have.
_ID_WORDS = 6


def _hide_named(message: str) -> str:
    # The longest run of words after the name of an item, within its clause,
    # that is a CPR-like id (an id may hold spaces: "10 61 81 234").
    parts: list[str] = []
    shown = 0
    for match in _NAMED.finditer(message):
        start = match.end()
        if match.start() < shown:
            continue
        clause_end = _CLAUSE_END.search(message, start)
        end = clause_end.start() if clause_end is not None else len(message)
        words = message[start:end].split(" ")[:_ID_WORDS]
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size]).rstrip(")]}.!?'\"")
            if candidate and _whole_cell(candidate):
                parts += (message[shown:start], HIDDEN)
                shown = start + len(candidate)
                break
    return "".join(parts) + message[shown:] if parts else message


def _hide_words(message: str) -> str:
    words = message.split(" ")
    # A CPR number may be split over several words ("30 06 18 - 1234").
    for size in range(1, 8):
        for i in range(len(words) - size + 1):
            if contains_cpr(" ".join(words[i:i + size])):
                words[i:i + size] = [HIDDEN] + [""] * (size - 1)
    return " ".join(word for word in words if word != "")


def hide_in_document(document: Any) -> Any:
    """
    A copy of a JSON document (a published summary, say) in which no key and
    no value looks like a CPR number: each key, text or whole number that
    :func:`looks_like_cpr` is :data:`HIDDEN` instead (a second such key in the
    same object ``HIDDEN (2)``, and so on), so that nothing read from the
    document can reach a message, a report or a discrepancy.

    >>> hide_in_document({"agreements": [{"agreement_id": "3006181234", "completed": 3}]})
    {'agreements': [{'agreement_id': '[a CPR-like value, not shown]', 'completed': 3}]}
    >>> for key, value in hide_in_document({"106181234": 2018, "0106181234": 3006181234.0,
    ...                                     "D-1": 4}).items():
    ...     print(key, value)
    [a CPR-like value, not shown] 2018
    [a CPR-like value, not shown] (2) [a CPR-like value, not shown]
    D-1 4
    """
    if isinstance(document, Mapping):
        copy: dict[Any, Any] = {}
        for key, value in document.items():
            if isinstance(key, str) and looks_like_cpr(key):
                key = HIDDEN
                number = 1
                while key in copy:
                    number += 1
                    key = f"{HIDDEN} ({number})"
            copy[key] = hide_in_document(value)
        return copy
    if isinstance(document, list | tuple):
        return [hide_in_document(value) for value in document]
    if isinstance(document, str):
        return HIDDEN if looks_like_cpr(document) else document
    if isinstance(document, bool):
        return document
    if isinstance(document, int | float) and (
            isinstance(document, int) or document.is_integer()) and abs(document) < 10**11:
        # No CPR-like number has more than ten digits (and Python will not
        # write a number of more than 4,300).
        return HIDDEN if looks_like_cpr(str(int(document))) else document
    return document


__all__ = [
    "HIDDEN",
    "LATIN1_SEPARATORS",
    "contains_cpr",
    "cpr_positions",
    "hide_in_document",
    "is_separator",
    "looks_like_cpr",
    "normalise",
    "redact",
    "starts_with_a_birth_date",
]
