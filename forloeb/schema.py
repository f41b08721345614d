"""
The six tables of a register and their columns, as docs/register-format.md lists them.

This is the one place that says which columns exist, what kind of value each
holds, which are required and what an absent value means. The loader, the
writer, the store and the synthetic generator all read it, and
:func:`to_object` / :func:`to_row` turn a row (a dict of column to typed value)
into a model object and back:

>>> import datetime as dt
>>> note = to_object("collaboration", {"agreement_id": "SA1", "date": dt.date(2018, 5, 1),
...                                    "rating": 4})
>>> note.rating, to_row(note)["author"]
(4, '')
>>> [c.name for c in TABLES["events"].columns]
['pathway_id', 'date', 'type', 'code', 'value', 'note']
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from forloeb import values
from forloeb.codes import (
    AGREEMENT_BOUNDS,
    CHANNELS,
    DEFAULT_CHANNEL,
    DEFAULT_INTENSITY,
    DEFAULT_POSITIVE_OUTCOMES,
    EMPLOYMENT_KINDS,
    INTENSITY_BOUNDS,
    MAX_HOURS_PER_WEEK,
    NO_PLAN_REASONS,
    OUTCOMES,
    PRICE_BOUNDS,
    RATING_BOUNDS,
    TARGET_GROUPS,
    EmploymentEventType,
    EventType,
)
from forloeb.errors import InvalidArgument
from forloeb.model import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
)

#: A model object of one of the six tables.
Record = Agreement | Pathway | Event | CollaborationNote | Employment | EmploymentEvent


class Kind(enum.StrEnum):
    """
    The kind of value a column holds; it decides how a cell is read and written.
    """

    TEXT = "text"
    DATE = "date"
    INT = "int"
    BOOL = "bool"
    LIST = "list"
    DECIMAL = "decimal"
    CODE = "code"


_PARSERS = {
    Kind.DATE: values.parse_date,
    Kind.INT: values.parse_int,
    Kind.BOOL: values.parse_bool,
    Kind.LIST: values.parse_list,
    Kind.DECIMAL: values.parse_decimal,
}

_FORMATTERS: dict[Kind, Any] = {
    Kind.TEXT: lambda value: value or "",
    Kind.CODE: lambda value: value or "",
    Kind.DATE: values.format_date,
    Kind.INT: values.format_int,
    Kind.BOOL: values.format_bool,
    Kind.LIST: values.format_list,
    Kind.DECIMAL: values.format_decimal,
}


@attrs.frozen
class Column:
    """
    One column of a table.

    ``default`` is the value an absent cell gets (the model's default).
    ``low``/``high`` are inclusive bounds of a number (from
    :mod:`forloeb.codes`, where every bound is defined once), ``codes`` the
    allowed codes of a coded column (for a list column: of each item); ``None``
    where the allowed values depend on another column (an event's ``code`` and
    ``value``) or are free. The loader refuses unknown codes; bounds are
    checked by :func:`forloeb.rules.validate`, which explains them in domain
    terms. ``enum`` is the enumeration a coded column's values become (an
    event's ``type``), if any.
    """

    name: str
    kind: Kind
    required: bool = False
    default: object = None
    low: int | None = None
    high: int | None = None
    codes: tuple[str, ...] | None = None
    enum: type[enum.StrEnum] | None = None

    def parse(self, text: str) -> object:
        """
        The typed value of one cell's text, or ``None`` for an empty cell.

        Codes are read case-insensitively.

        Raises:
            ValueError: if the text is not a value of this column's kind, or
                not one of its codes.

        >>> TABLES["pathways"].column("outcome").parse(" Fleksjob ")
        'fleksjob'
        >>> TABLES["pathways"].column("outcome").parse("flexjob")
        Traceback (most recent call last):
        ...
        ValueError: 'flexjob' is not a known outcome code; did you mean 'fleksjob'?
        """
        text = values.strip_cell(text)
        if not text:
            return None
        if self.kind is Kind.TEXT:
            return text
        if self.kind is Kind.CODE:
            return self.check_code(text.lower())
        parsed = _PARSERS[self.kind](text)
        if self.kind is Kind.LIST and self.codes is not None:
            return tuple(self.check_code(item.lower()) for item in parsed)  # type: ignore[attr-defined]
        return parsed

    def check_code(self, code: str) -> str:
        """
        ``code`` itself if this column allows it.

        Raises:
            ValueError: naming the code and the closest known one.
        """
        if self.codes is None or code in self.codes:
            return code
        raise ValueError(unknown_code_message(code, self.codes, _CODE_NOUNS.get(self.name, "code")))

    def format(self, value: object) -> str:
        """
        The text of one cell, in the canonical form every parser reads back.

        >>> TABLES["agreements"].column("positive_outcomes").format(("fleksjob", "uddannelse"))
        'fleksjob;uddannelse'
        """
        return _FORMATTERS[self.kind](value)  # type: ignore[no-any-return]


def unknown_code_message(code: str, codes: tuple[str, ...], noun: str) -> str:
    """
    "'flexjob' is not a known outcome code; did you mean 'fleksjob'?", or with
    the list of codes when none is close.
    """
    import difflib

    close = difflib.get_close_matches(code, codes, n=1)
    if close:
        return f"{code!r} is not a known {noun}; did you mean {close[0]!r}?"
    return f"{code!r} is not a known {noun} ({', '.join(codes)})"


_CODE_NOUNS = {
    "outcome": "outcome code",
    "positive_outcomes": "outcome code",
    "allowed_outcomes": "outcome code",
    "target_group": "target group",
    "no_plan_reason": "no-plan reason",
    "type": "event type",
    "kind": "kind of employment",
    "channel": "channel",
}


@attrs.frozen
class Table:
    """
    One table of a register: its name, the model class a row becomes, its
    columns in the order files list them, and its id column (if rows have one).
    """

    name: str
    model: type[Record]
    columns: tuple[Column, ...]
    key: str | None = None

    @property
    def file_name(self) -> str:
        """
        The table's file in a CSV folder: ``pathways.csv``.
        """
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        """
        The names of the columns, in order.
        """
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """
        The column called ``name``.

        Raises:
            InvalidArgument: if the table has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise InvalidArgument(f"table {self.name} has no column {name!r}")


_C = Column
_K = Kind
_OUTCOME_CODES = tuple(OUTCOMES)


def _term(name: str, **options: Any) -> Column:
    # A whole-number term of an agreement, with its bounds from forloeb.codes.
    low, high = AGREEMENT_BOUNDS[name]
    return Column(name, Kind.INT, low=low, high=high, **options)


def _type(kinds: type[enum.StrEnum]) -> Column:
    # The type of an event: one of the enumeration's codes, read as its member.
    return Column("type", Kind.CODE, required=True, codes=tuple(str(t) for t in kinds),
                  enum=kinds)


def _hours(**options: Any) -> Column:
    # More than 0 hours a week (so no inclusive low bound) and at most the maximum.
    return Column("hours_per_week", Kind.DECIMAL, high=int(MAX_HOURS_PER_WEEK), **options)


def _intensity(**options: Any) -> Column:
    low, high = INTENSITY_BOUNDS
    return Column("intensity", Kind.INT, low=low, high=high, **options)


#: Id columns: matched exactly, so no invisible character may hide inside one
#: (:func:`forloeb.values.check_characters` with ``identifier``).
ID_COLUMNS = frozenset({"agreement_id", "pathway_id", "participant_id", "employment_id"})


#: The six tables, in the order a register is read and written.
TABLES: Mapping[str, Table] = MappingProxyType({
    "agreements": Table("agreements", Agreement, (
        _C("agreement_id", _K.TEXT, required=True),
        _C("name", _K.TEXT, default=""),
        _C("provider", _K.TEXT, default=""),
        _C("start_date", _K.DATE, required=True),
        _C("end_date", _K.DATE),
        _term("slots", required=True),
        _term("extra_slots", default=0),
        _term("plan_deadline_weeks", required=True),
        _term("frame_weeks", required=True),
        _term("attendance_interval_months", default=2),
        _term("grace_days", default=0),
        _term("followup_interval_weeks"),
        _C("pause_on_absence", _K.BOOL, default=False),
        _C("positive_outcomes", _K.LIST, default=DEFAULT_POSITIVE_OUTCOMES,
           codes=_OUTCOME_CODES),
        _C("allowed_outcomes", _K.LIST, codes=_OUTCOME_CODES),
        _C("price_per_pathway", _K.DECIMAL, low=int(PRICE_BOUNDS[0]), high=int(PRICE_BOUNDS[1])),
    ), key="agreement_id"),
    "pathways": Table("pathways", Pathway, (
        _C("pathway_id", _K.TEXT, required=True),
        _C("agreement_id", _K.TEXT, required=True),
        _C("participant_id", _K.TEXT, required=True),
        _C("target_group", _K.CODE, codes=TARGET_GROUPS),
        _C("referred_date", _K.DATE),
        _C("start_date", _K.DATE),
        _C("end_date", _K.DATE),
        _C("outcome", _K.CODE, codes=_OUTCOME_CODES),
        _C("plan_date", _K.DATE),
        _C("plan_co_created", _K.BOOL),
        _C("plan_own_goals", _K.BOOL),
        _C("no_plan_reason", _K.CODE, codes=NO_PLAN_REASONS),
    ), key="pathway_id"),
    "events": Table("events", Event, (
        _C("pathway_id", _K.TEXT, required=True),
        _C("date", _K.DATE, required=True),
        _type(EventType),
        # The allowed codes and values depend on the type (forloeb.codes.EVENT_CODES).
        _C("code", _K.CODE),
        _C("value", _K.INT),
        _C("note", _K.TEXT, default=""),
    )),
    "collaboration": Table("collaboration", CollaborationNote, (
        _C("agreement_id", _K.TEXT, required=True),
        _C("date", _K.DATE, required=True),
        _C("author", _K.TEXT, default=""),
        _C("rating", _K.INT, low=RATING_BOUNDS[0], high=RATING_BOUNDS[1]),
        _C("note", _K.TEXT, default=""),
    )),
    "employments": Table("employments", Employment, (
        _C("employment_id", _K.TEXT, required=True),
        _C("participant_id", _K.TEXT, required=True),
        _C("enterprise", _K.TEXT, required=True),
        _C("kind", _K.CODE, required=True, codes=EMPLOYMENT_KINDS),
        _C("channel", _K.CODE, default=DEFAULT_CHANNEL, codes=CHANNELS),
        _C("start_date", _K.DATE, required=True),
        _C("end_date", _K.DATE),
        _C("pathway_id", _K.TEXT),
        _hours(required=True),
        _intensity(default=DEFAULT_INTENSITY),
    ), key="employment_id"),
    "employment_events": Table("employment_events", EmploymentEvent, (
        _C("employment_id", _K.TEXT, required=True),
        _C("date", _K.DATE, required=True),
        _type(EmploymentEventType),
        _hours(),
        _intensity(),
        _C("note", _K.TEXT, default=""),
    )),
})

#: The tables a register cannot do without (the others may be absent).
REQUIRED_TABLES: tuple[str, ...] = ("agreements", "pathways")

_TABLE_OF_MODEL: dict[type, Table] = {t.model: t for t in TABLES.values()}


def table_of(obj: Record) -> Table:
    """
    The table that ``obj`` (an agreement, pathway, event, note, employment or
    employment event) belongs to.

    Raises:
        InvalidArgument: if ``obj`` is none of those.
    """
    try:
        return _TABLE_OF_MODEL[type(obj)]
    except KeyError:
        raise InvalidArgument(f"{obj!r} is not a row of any register table") from None


def to_object(table: str | Table, row: Mapping[str, object]) -> Record:
    """
    The model object for ``row``, a dict of column name to typed value.

    Absent columns and ``None`` values get the model's default; lists become
    tuples and an event's ``type`` an :class:`~forloeb.codes.EventType`. No
    rule is checked here (:func:`forloeb.rules.validate` does that).

    Raises:
        InvalidArgument: for an unknown table or column, or a missing required value.
    """
    spec = table if isinstance(table, Table) else _table(table)
    known = set(spec.column_names)
    unknown = [name for name in row if name not in known]
    if unknown:
        raise InvalidArgument(f"table {spec.name} has no column {unknown[0]!r}")
    kwargs: dict[str, Any] = {}
    for column in spec.columns:
        value: Any = row.get(column.name)
        if value is None:
            if column.required:
                raise InvalidArgument(f"a row of {spec.name} needs a value for {column.name}")
            continue
        if column.kind is Kind.LIST:
            value = tuple(value)
        elif column.enum is not None:
            value = column.enum(value)
        kwargs[column.name] = value
    return spec.model(**kwargs)


def to_row(obj: Record) -> dict[str, object]:
    """
    The row for ``obj``: every column of its table, in order, with typed values
    (``None`` where absent).

    >>> import datetime as dt
    >>> row = to_row(Event("P1", dt.date(2018, 3, 1), EventType.EXTENSION, value=13))
    >>> row["type"], row["code"], row["value"], row["note"]
    ('extension', None, 13, '')
    """
    spec = table_of(obj)
    row = {name: getattr(obj, name) for name in spec.column_names}
    for column in spec.columns:
        if column.enum is not None and row[column.name] is not None:
            row[column.name] = str(row[column.name])
    return row


def _table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise InvalidArgument(
            f"{name!r} is not a register table ({', '.join(TABLES)})"
        ) from None


__all__ = [
    "ID_COLUMNS",
    "REQUIRED_TABLES",
    "TABLES",
    "Column",
    "Kind",
    "Record",
    "Table",
    "table_of",
    "to_object",
    "to_row",
    "unknown_code_message",
]
