"""
Checking the arguments of the public recording API at its boundary.

Each check raises :class:`~forloeb.errors.InvalidArgument` naming the
argument, what was given and what is expected, before anything is read or
written:

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

import datetime as dt
from decimal import Decimal

from forloeb.errors import InvalidArgument
from forloeb.rules import looks_like_cpr
from forloeb.schema import Kind, Record, table_of

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


def check_date(name: str, value: object) -> None:
    """
    ``value`` is a :class:`datetime.date` (not a datetime, whose time would be lost).
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise refuse(name, "a datetime.date", value)


def check_text(name: str, value: object, *, optional: bool = False) -> None:
    """
    ``value`` is a str (or ``None``, if ``optional``).
    """
    if not (isinstance(value, str) or (optional and value is None)):
        raise refuse(name, "text (a str)" + " or None" * optional, value)


def check_int(name: str, value: object) -> None:
    """
    ``value`` is a whole number (an int, not a bool).
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise refuse(name, "a whole number (an int)", value)


def check_flag(name: str, value: object) -> None:
    """
    ``value`` is ``True``, ``False`` or ``None`` (not recorded).
    """
    if value is not None and not isinstance(value, bool):
        raise refuse(name, "True, False or None", value)


def check_instance(name: str, value: object, cls: type) -> None:
    """
    ``value`` is a ``cls`` (an :class:`~forloeb.model.Event`, say).
    """
    if not isinstance(value, cls):
        raise refuse(name, f"a forloeb.{cls.__name__}", value)


_KINDS = {
    Kind.TEXT: (str, "text (a str)"),
    Kind.CODE: (str, "a code (a str)"),
    Kind.INT: (int, "a whole number (an int)"),
    Kind.DATE: (dt.date, "a datetime.date"),
    Kind.BOOL: (bool, "True or False"),
    Kind.LIST: (tuple, "a tuple of codes"),
    Kind.DECIMAL: (Decimal, "a decimal.Decimal"),
}


def check_record(name: str, obj: object, cls: type) -> None:
    """
    ``obj`` is a ``cls`` (an :class:`~forloeb.model.Event`, say) whose every
    field holds the kind of value its column does.

    >>> from forloeb import Event, EventType
    >>> check_record("event", Event("P1", "2018-02-01", EventType.FOLLOWUP), Event)
    Traceback (most recent call last):
    ...
    forloeb.errors.InvalidArgument: event.date must be a datetime.date, not the str '2018-02-01'
    """
    check_instance(name, obj, cls)
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
        wrong = (not isinstance(value, cls_)
                 or (column.kind is Kind.INT and isinstance(value, bool))
                 or (column.kind is Kind.DATE and isinstance(value, dt.datetime))
                 or (column.kind is Kind.LIST
                     and not all(isinstance(v, str) for v in value)))  # type: ignore[attr-defined]
        if wrong:
            optional = column.default is None and not column.required
            raise refuse(f"{prefix}{column.name}", expected + " or None" * optional, value)
