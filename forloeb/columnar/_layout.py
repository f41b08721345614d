"""
The tables the columnar engine works on, and the small codes it stores.

One entry per table in :data:`TABLES` says its columns and their DuckDB
types; both ways in (:mod:`forloeb.columnar._from_objects` and
:mod:`forloeb.columnar._from_csv`) fill exactly these, so a rule or a
question never knows where the register came from. A new register table is
one more entry here and one more way to fill it in each of the two.

Event types, event codes, deadline rules and statuses are stored as small
integers: their position in :class:`~forloeb.codes.EventType`,
:data:`EVENT_CODE_LIST`, :class:`~forloeb.sla.Rule` and
:class:`~forloeb.sla.Status`.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from forloeb.codes import EVENT_CODES, EventType
from forloeb.sla import Rule, Status

#: Per table: its columns in order, as (name, DuckDB type). ``a``, ``p``, ``e``
#: and ``n`` are an item's position in the register (agreement, pathway,
#: event, note), which orders every result as the reference engine orders it.
TABLES: MappingProxyType[str, tuple[tuple[str, str], ...]] = MappingProxyType({
    "agreements": (
        ("a", "INTEGER"), ("agreement_id", "VARCHAR"), ("start_date", "DATE"),
        ("slots", "INTEGER"), ("extra_slots", "INTEGER"), ("plan_weeks", "INTEGER"),
        ("frame_weeks", "INTEGER"), ("interval_months", "INTEGER"), ("grace_days", "INTEGER"),
        ("followup_weeks", "INTEGER"), ("pause", "BOOLEAN"), ("allowed", "VARCHAR"),
    ),
    "pathways": (
        ("p", "INTEGER"), ("a", "INTEGER"), ("pathway_id", "VARCHAR"),
        ("participant_id", "VARCHAR"), ("referred_date", "DATE"), ("start_date", "DATE"),
        ("end_date", "DATE"), ("outcome", "VARCHAR"), ("plan_date", "DATE"),
        ("plan_co_created", "BOOLEAN"), ("plan_own_goals", "BOOLEAN"),
        ("no_plan_reason", "VARCHAR"),
    ),
    "events": (
        ("e", "INTEGER"), ("p", "INTEGER"), ("date", "DATE"), ("type", "UTINYINT"),
        ("code", "UTINYINT"), ("value", "INTEGER"),
    ),
    "notes": (
        ("n", "INTEGER"), ("a", "INTEGER"), ("date", "DATE"), ("author", "VARCHAR"),
        ("rating", "INTEGER"), ("note", "VARCHAR"),
    ),
})

#: An event type's code in the ``events`` table.
TYPE_CODE: MappingProxyType[EventType, int] = MappingProxyType(
    {kind: i for i, kind in enumerate(EventType)})

#: A rule's code in a findings table.
RULE_CODE: MappingProxyType[Rule, int] = MappingProxyType({r: i for i, r in enumerate(Rule)})

#: A status's code in a findings table.
STATUS_CODE: MappingProxyType[Status, int] = MappingProxyType(
    {s: i for i, s in enumerate(Status)})

#: Every code an event of any type may have; an event's ``code`` is its place here.
EVENT_CODE_LIST: tuple[str, ...] = tuple(sorted({c for codes in EVENT_CODES.values()
                                                 for c in codes}))

#: An event code's place in :data:`EVENT_CODE_LIST`.
EVENT_CODE: MappingProxyType[str, int] = MappingProxyType(
    {code: i for i, code in enumerate(EVENT_CODE_LIST)})

RULES: tuple[Rule, ...] = tuple(Rule)
STATUSES: tuple[Status, ...] = tuple(Status)
EVENT_TYPES: tuple[EventType, ...] = tuple(EventType)


def type_code(kind: EventType) -> str:
    """
    The SQL literal of an event type's code.

    >>> type_code(EventType.ATTENDANCE_REPORT)
    '2'
    """
    return str(TYPE_CODE[kind])


def event_code(code: str) -> str:
    """
    The SQL literal of an event code's place.

    >>> event_code("held") == str(EVENT_CODE_LIST.index("held"))
    True
    """
    return str(EVENT_CODE[code])


def event_codes(codes: tuple[str, ...] | list[str]) -> str:
    """
    Event codes' places as a parenthesised SQL list, for ``IN``.
    """
    return "(" + ", ".join(map(event_code, codes)) + ")" if codes else "(NULL)"


#: The SQL list of the event codes: ``EVENT_CODE_NAMES[code + 1]`` is a code's text.
EVENT_CODE_NAMES = "[" + ", ".join("'" + c + "'" for c in EVENT_CODE_LIST) + "]"


def rule_code(rule: Rule) -> str:
    """
    The SQL literal of a rule's code.
    """
    return str(RULE_CODE[rule])


def status_code(status: Status) -> str:
    """
    The SQL literal of a status's code.
    """
    return str(STATUS_CODE[status])


def date_literal(day: dt.date | None) -> str:
    """
    A date as a SQL literal (``NULL`` for none); dates come from ``datetime.date``
    objects only, so nothing a user typed is ever spliced into a query.

    >>> date_literal(dt.date(2018, 6, 30)), date_literal(None)
    ("DATE '2018-06-30'", 'NULL')
    """
    if day is None:
        return "NULL"
    if not isinstance(day, dt.date):
        raise TypeError(f"not a date: {day!r}")
    return f"DATE '{day.isoformat()}'"


def text_literal(text: str) -> str:
    """
    A string as a SQL literal, quotes doubled.

    >>> text_literal("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"


def text_list(texts: tuple[str, ...] | list[str]) -> str:
    """
    Strings as a parenthesised SQL list, for ``IN``.

    >>> text_list(["held", "cancelled"])
    "('held', 'cancelled')"
    """
    return "(" + ", ".join(map(text_literal, texts)) + ")" if texts else "(NULL)"
