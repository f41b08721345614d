"""
Checking the arguments of the public API at its boundary.

Every public function checks its arguments first, with these functions, at
the cost of a few ``isinstance`` calls (never once per row of a register).
Each raises :class:`~forloeb.errors.InvalidArgument` naming the argument,
what was given and what is expected, before anything is read or written:

>>> import datetime as dt
>>> check_date("day", dt.date(2018, 1, 8))
>>> check_date("day", "2018-01-08")
Traceback (most recent call last):
...
forloeb.errors.InvalidArgument: day must be a datetime.date, not the str '2018-01-08'

A value that looks like a CPR number is never repeated in a message:

>>> check_text("participant_id", 3006181234)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
forloeb.errors.InvalidArgument: participant_id must be text (a str), not an int that looks ...
"""

from __future__ import annotations

import codecs
import datetime as dt
import enum
import math
import operator
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from forloeb.codes import FIRST_DATE, LAST_DATE
from forloeb.errors import InvalidArgument
from forloeb.privacy import looks_like_cpr
from forloeb.schema import Kind, Record, table_of
from forloeb.values import broken_character

_T = TypeVar("_T")

#: The longest look ahead in days: from the first date a register may hold to the last.
LONGEST_WINDOW = (LAST_DATE - FIRST_DATE).days

#: Longest shown value; a 5,000-digit number is not repeated in full.
_SHOWN = 40


def shown(value: object) -> str:
    """
    ``value`` as a message shows it: its type and its repr, shortened, and
    never a CPR-like value.

    >>> shown(12), shown("x" * 50)
    ('the int 12', "the str 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...")
    """
    kind = type(value).__name__
    article = "an" if kind[:1] in "aeiou" else "a"
    if value is None:
        return "None"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_SHOWN:
        # Python will not even make the text of a number of more than 4,300 digits.
        return f"{article} {kind} of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    if isinstance(value, str | int) and not isinstance(value, bool) and looks_like_cpr(str(value)):
        return f"{article} {kind} that looks like a CPR number"
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 2] + "..."
    return f"the {kind} {text}"


def refuse(name: str, expected: str, value: object) -> InvalidArgument:
    """
    The error for an argument ``name`` that is not ``expected``.
    """
    return InvalidArgument(f"{name} must be {expected}, not {shown(value)}")


def check_date(name: str, value: object, *, optional: bool = False,
               bounded: bool = False) -> None:
    """
    ``value`` is a :class:`datetime.date` (not a datetime, whose time would be
    lost), or ``None`` if ``optional``; if ``bounded``, one of the dates a
    register may hold (1990 to 2100), which every date a function works out
    deadlines or periods from must be.

    >>> check_date("as_of", dt.date(2108, 6, 30), bounded=True)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: as_of must be a datetime.date from 1990-01-01 to \
2100-12-31, not the date datetime.date(2108, 6, 30)
    """
    if optional and value is None:
        return
    expected = "a datetime.date" + (f" from {FIRST_DATE} to {LAST_DATE}" if bounded else "")
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise refuse(name, expected + " or None" * optional, value)
    if bounded and not FIRST_DATE <= value <= LAST_DATE:
        raise refuse(name, expected, value)


def check_date_within(name: str, value: object, low: dt.date, high: dt.date, *,
                      optional: bool = False, low_text: str | None = None) -> None:
    """
    ``value`` is a :class:`datetime.date` (not a datetime) from ``low`` to
    ``high``, both included, or ``None`` if ``optional``; ``low_text`` says
    where ``low`` comes from, when another argument sets it.

    >>> check_date_within("max_start", dt.date(2016, 1, 1), dt.date(2017, 1, 1),
    ...                   dt.date(2020, 12, 31), low_text="min_start (2017-01-01)")
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: max_start must be a datetime.date from min_start \
(2017-01-01) to 2020-12-31, not the date datetime.date(2016, 1, 1)
    """
    if optional and value is None:
        return
    if (not isinstance(value, dt.date) or isinstance(value, dt.datetime)
            or not low <= value <= high):
        raise refuse(name, f"a datetime.date from {low_text or low} to {high}"
                     + " or None" * optional, value)


def check_datetime(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a :class:`datetime.datetime` (naive: local time) on one of
    the days a register may hold (1990 to 2100), or ``None`` if ``optional``.

    >>> check_datetime("recorded_at", "now", optional=True)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: recorded_at must be a datetime.datetime from 1990-01-01 to \
2100-12-31 or None, not the str 'now'
    """
    if optional and value is None:
        return
    if (not isinstance(value, dt.datetime)
            or not FIRST_DATE <= value.date() <= LAST_DATE):
        raise refuse(name, f"a datetime.datetime from {FIRST_DATE} to {LAST_DATE}"
                     + " or None" * optional, value)


def check_moment(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a moment to read a store as it stood: a
    :class:`datetime.datetime`, or a :class:`datetime.date` (the end of that
    day), on one of the days a register may hold; or ``None`` if ``optional``.
    """
    if optional and value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(day, dt.date) or not FIRST_DATE <= day <= LAST_DATE:
        raise refuse(name, f"a datetime.date or datetime.datetime from {FIRST_DATE} to "
                     f"{LAST_DATE}" + ", or None" * optional, value)


def check_choice(name: str, value: object, choices: Collection[str]) -> None:
    """
    ``value`` is one of the texts ``choices``.

    >>> check_choice("lang", "fr", ("da", "en"))
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: lang must be 'da' or 'en', not the str 'fr'
    """
    if not isinstance(value, str) or value not in choices:
        *most, last = (repr(choice) for choice in choices)
        raise refuse(name, f"{', '.join(most)} or {last}" if most else last, value)


def check_number(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a finite number: a :class:`~fractions.Fraction`, a float or
    an int (not a bool, nor a text that reads as a number), or ``None`` if
    ``optional``.

    >>> check_number("fraction", "x")
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: fraction must be a finite number (a Fraction, float or \
int), not the str 'x'
    """
    if optional and value is None:
        return
    if (not isinstance(value, Fraction | float | int) or isinstance(value, bool)
            or (isinstance(value, float) and not math.isfinite(value))):
        raise refuse(name, "a finite number (a Fraction, float or int)"
                     + " or None" * optional, value)


def check_mapping(name: str, value: object, *, what: str = "a Mapping") -> None:
    """
    ``value`` is a :class:`~collections.abc.Mapping` (a dict).
    """
    if not isinstance(value, Mapping):
        raise refuse(name, what, value)


def check_text(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a str (or ``None``, if ``optional``) that is text: not one
    holding half of a broken character (a lone surrogate, which no file,
    database or terminal can hold).

    >>> check_text("participant_id", "Q\\ud800")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: participant_id 'Q\\ud800' holds U+D800, half of a ...
    """
    if not (isinstance(value, str) or (optional and value is None)):
        raise refuse(name, "text (a str)" + " or None" * optional, value)
    if value is not None:
        _check_whole_characters(name, value)


def _check_whole_characters(name: str, value: str) -> None:
    broken = broken_character(value)
    if broken is not None:
        raise InvalidArgument(f"{name} {broken}")


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None,
              optional: bool = False) -> None:
    """
    ``value`` is a whole number (an int, not a bool), from ``low`` to ``high``
    where they are given, or ``None`` if ``optional``.

    >>> check_int("goal", 10_001, low=0, high=10_000)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: goal must be a whole number (an int) from 0 to 10000, \
not the int 10001
    """
    if optional and value is None:
        return
    expected = "a whole number (an int)"
    if low is not None:
        expected += f" from {low} to {high}" if high is not None else f", {low} or more"
    elif high is not None:
        expected += f", {high} or less"
    if (not isinstance(value, int) or isinstance(value, bool)
            or (low is not None and value < low) or (high is not None and value > high)):
        raise refuse(name, expected + " or None" * optional, value)


def check_days(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a number of days to look ahead: a whole number from 0 to
    :data:`LONGEST_WINDOW` (longer reaches past every date a register may hold).
    """
    if optional and value is None:
        return
    if (not isinstance(value, int) or isinstance(value, bool)
            or not 0 <= value <= LONGEST_WINDOW):
        raise refuse(name, f"a whole number of days from 0 to {LONGEST_WINDOW}"
                     + " or None" * optional, value)


def check_path(name: str, value: object, *, what: str = "file or folder") -> None:
    """
    ``value`` names a file or folder: a str or an :class:`os.PathLike` (a
    :class:`pathlib.Path`), not an empty str, which would mean the current folder.
    """
    if not isinstance(value, str | os.PathLike) or value == "":
        raise refuse(name, f"a {what} name (a str or a pathlib.Path)", value)


def check_encoding(name: str, value: object) -> None:
    """
    ``value`` names a text encoding Python knows (``utf-8``, ``utf-8-sig``, ...).
    """
    check_text(name, value)
    try:
        codecs.lookup(value)  # type: ignore[arg-type]
    except LookupError:
        raise refuse(name, "the name of a text encoding such as 'utf-8'", value) from None


def check_ids(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a sequence of ids (``["SA1", "SA2"]``), or ``None`` if
    ``optional``; one id on its own is refused with the way to write it.

    >>> check_ids("agreements", "SA1")
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: agreements must be a sequence of ids (write \
agreements=['SA1']), not the str 'SA1'
    """
    if optional and value is None:
        return
    if isinstance(value, str):
        raise refuse(name, f"a sequence of ids (write {name}=[{value!r}])", value)
    if not isinstance(value, Sequence) or isinstance(value, bytes):
        raise refuse(name, "a sequence of ids (a list of str)" + " or None" * optional, value)
    for i, item in enumerate(value):
        check_text(f"{name}[{i}]", item)


def check_years(name: str, value: object) -> None:
    """
    ``value`` is a sequence of years (``[2017, 2018]``) within the dates a register may hold.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        raise refuse(name, f"a sequence of years (write {name}=[{value}])", value)
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise refuse(name, "a sequence of years (a list of int)", value)
    for i, year in enumerate(value):
        if (not isinstance(year, int) or isinstance(year, bool)
                or not FIRST_DATE.year <= year <= LAST_DATE.year):
            raise refuse(f"{name}[{i}]", f"a year from {FIRST_DATE.year} to {LAST_DATE.year}",
                         year)


def checked_sequence(name: str, value: object, cls: type[_T]) -> tuple[_T, ...]:
    """
    ``value`` as a tuple, after checking that it is a sequence (a list or a
    tuple, not a set, whose order would be lost) of ``cls``.
    """
    if not isinstance(value, Sequence) or isinstance(value, str | bytes | cls):
        raise refuse(name, f"a sequence of forloeb.{cls.__name__} (a list)", value)
    return checked_items(name, value, cls)


def check_iterable(name: str, value: object, cls: type) -> None:
    """
    ``value`` is an iterable that may hold ``cls`` items (not a str, nor one
    ``cls`` on its own); what it holds is not looked at, since it may be millions.
    """
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | cls):
        raise refuse(name, f"an iterable of forloeb.{cls.__name__}", value)


def check_members(name: str, value: object, cls: type[enum.Enum], *,
                  optional: bool = False) -> None:
    """
    ``value`` is a collection of members of the enum ``cls`` (``{Status.OVERDUE}``),
    or ``None`` if ``optional``.
    """
    if optional and value is None:
        return
    expected = f"a collection of forloeb.{cls.__name__}" + " or None" * optional
    if not isinstance(value, Collection) or isinstance(value, str | bytes | cls):
        raise refuse(name, expected, value)
    for item in value:
        if not isinstance(item, cls):
            raise refuse(name, expected, item)


def checked_items(name: str, value: object, cls: type[_T], *,
                  fields: bool = False) -> tuple[_T, ...]:
    """
    ``value`` as a tuple, after checking that it is an iterable of ``cls``
    (and, with ``fields``, that every field of each item holds the kind of
    value its column does, as :func:`check_record` checks).

    >>> from forloeb import Agreement
    >>> checked_items("agreements", ["SA1"], Agreement)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: agreements[0] must be a forloeb.Agreement, not the str 'SA1'
    """
    check_iterable(name, value, cls)
    items: tuple[_T, ...] = tuple(value)  # type: ignore[arg-type]
    if _all_of_kind(items, cls, fields=fields):
        return items
    # Something is wrong: find the first item or field that is, and say so.
    for i, item in enumerate(items):
        if fields:
            check_record(f"{name}[{i}]", item, cls)
        else:
            check_instance(f"{name}[{i}]", item, cls)
    return items


def _all_of_kind(items: tuple[object, ...], cls: type, *, fields: bool) -> bool:
    # At C speed: the set of the types found in each column, not a check per
    # value, so a register of a million rows is checked in a fraction of a
    # second. True only if nothing is wrong; False sends the caller looking.
    if not all(issubclass(kind, cls) for kind in set(map(type, items))):
        return False
    if not fields or not items:
        return True
    for column in table_of(items[0]).columns:  # type: ignore[arg-type]
        values = map(operator.attrgetter(column.name), items)
        optional = column.default is None and not column.required
        if column.kind is Kind.LIST:
            if not all((optional and value is None) or _tuple_of_text(value)
                       for value in values):
                return False
            continue
        found = set(map(type, values))
        if optional:
            found.discard(type(None))
        allowed, _ = _KINDS[column.kind]
        if column.enum is not None:
            allowed = column.enum  # an event's type: a member, not its text
        refused = _LOOK_ALIKES.get(column.kind, ())
        if not all(issubclass(kind, allowed) and not issubclass(kind, refused)
                   for kind in found):
            return False
    return True


def _tuple_of_text(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def check_bool(name: str, value: object) -> None:
    """
    ``value`` is ``True`` or ``False``.
    """
    if not isinstance(value, bool):
        raise refuse(name, "True or False", value)


def check_flag(name: str, value: object) -> None:
    """
    ``value`` is ``True``, ``False`` or ``None`` (not recorded).
    """
    if value is not None and not isinstance(value, bool):
        raise refuse(name, "True, False or None", value)


def check_instance(name: str, value: object, cls: type, *, optional: bool = False) -> None:
    """
    ``value`` is a ``cls`` (an :class:`~forloeb.model.Event`, say), or
    ``None`` if ``optional``.
    """
    if optional and value is None:
        return
    if not isinstance(value, cls):
        raise refuse(name, f"a forloeb.{cls.__name__}" + " or None" * optional, value)


#: Types that pass for a column's kind in Python but are refused: a bool is
#: an int, and a datetime a date, whose time would be dropped.
_LOOK_ALIKES: dict[Kind, type] = {Kind.INT: bool, Kind.DATE: dt.datetime}

_KINDS = {
    Kind.TEXT: (str, "text (a str)"),
    Kind.CODE: (str, "a code (a str)"),
    Kind.INT: (int, "a whole number (an int)"),
    Kind.DATE: (dt.date, "a datetime.date"),
    Kind.BOOL: (bool, "True or False"),
    Kind.LIST: (tuple, "a tuple of codes"),
    Kind.DECIMAL: (Decimal, "a decimal.Decimal"),
}


def check_record(name: str, obj: object, cls: type, *, optional: bool = False) -> None:
    """
    ``obj`` is a ``cls`` (an :class:`~forloeb.model.Event`, say) whose every
    field holds the kind of value its column does, or ``None`` if ``optional``.

    >>> from forloeb import Event, EventType
    >>> check_record("event", Event("P1", "2018-02-01", EventType.FOLLOWUP), Event)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: event.date must be a datetime.date, not the str '2018-02-01'
    """
    if optional and obj is None:
        return
    check_instance(name, obj, cls, optional=optional)
    check_fields(obj, prefix=f"{name}.")  # type: ignore[arg-type]


def check_fields(record: Record, *, prefix: str = "") -> None:
    """
    Every field of ``record`` holds the kind of value its column does; a
    wrong one is named ``prefix`` + the field (``event.date``, or ``start_date``
    for a correction given as keywords).
    """
    for column in table_of(record).columns:
        value = getattr(record, column.name)
        if value is None and column.default is None and not column.required:
            continue
        cls_, expected = _KINDS[column.kind]
        if column.enum is not None:
            # An event's type is a member of its enumeration (EventType.FOLLOWUP),
            # as its type hint says; its text ("followup") is what a file holds.
            cls_, expected = column.enum, f"a forloeb.{column.enum.__name__}"
        wrong = (not isinstance(value, cls_)
                 or (column.kind is Kind.INT and isinstance(value, bool))
                 or (column.kind is Kind.DATE and isinstance(value, dt.datetime))
                 or (column.kind is Kind.LIST
                     and not all(isinstance(v, str) for v in value)))  # type: ignore[attr-defined]
        if wrong:
            optional = column.default is None and not column.required
            raise refuse(f"{prefix}{column.name}", expected + " or None" * optional, value)
        for text in value if column.kind is Kind.LIST else (value,):
            if isinstance(text, str):
                _check_whole_characters(f"{prefix}{column.name}", text)
