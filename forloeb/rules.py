"""
The outcome-state rules (docs/user-guide.md, "The rules"), checked over a whole register.

Every check returns :class:`Violation` values instead of raising, so a register
with many problems is reported in full. :func:`ensure_valid` turns them into a
:class:`~forloeb.errors.RegisterError`; the loader maps each violation to the
file, row and column it came from.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from forloeb import _progress
from forloeb._arguments import check_instance
from forloeb.codes import (
    AGREEMENT_BOUNDS,
    BEFORE_START_TYPES,
    CANCELLED,
    EVENT_CODES,
    EVENT_TOTALS,
    EVENT_VALUES,
    FIRST_DATE,
    LAST_DATE,
    NO_PLAN_REASONS,
    OUTCOMES,
    PRICE_BOUNDS,
    PRICE_DECIMALS,
    RATING_BOUNDS,
    TARGET_GROUPS,
    EventType,
    ValueUse,
)
from forloeb.errors import Problem, RegisterError
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register
from forloeb.privacy import contains_cpr, cpr_positions, redact
from forloeb.privacy import looks_like_cpr as looks_like_cpr  # where it was first defined
from forloeb.schema import ID_COLUMNS, TABLES, Kind, Record, table_of
from forloeb.values import cell_message


@attrs.frozen
class Violation:
    """
    One broken rule: which table and item (its index in the register), the
    column, the rule's number (0 for checks that are not numbered rules, such
    as an unknown id) and a message that names the pathway and the dates
    (never a CPR-like value: :func:`forloeb.privacy.redact`).
    """

    table: str
    index: int
    column: str | None
    message: str = attrs.field(converter=redact)
    rule: int = 0


#: Maps a violation to the file and row it came from (the loader supplies one).
Locator = Callable[[Violation], tuple[str, int | None]]

def cpr_message(column: str) -> str:
    """
    What a cell that looks like a CPR number is told, without repeating it.

    >>> print(cpr_message("participant_id"))  # doctest: +ELLIPSIS
    participant_id looks like a CPR number; record a pseudonym instead (the value is not ...
    >>> print(cpr_message("note"))
    note holds what looks like a CPR number; remove it (the value is not repeated here)
    """
    if column in _FREE_TEXT:
        return (f"{column} holds what looks like a CPR number; remove it "
                "(the value is not repeated here)")
    return (f"{column} looks like a CPR number; record a pseudonym instead "
            "(the value is not repeated here)")


#: Free-text columns: a CPR-like number anywhere in them is refused.
_FREE_TEXT = frozenset({"name", "provider", "author", "note", "enterprise"})


def date_message(column: str, day: dt.date) -> str | None:
    """
    Why ``day`` cannot be a date of a register, or ``None`` if it can.

    >>> date_message("start_date", dt.date(2108, 1, 1))
    'start_date 2108-01-01 is outside the dates a register may hold (1990-01-01 to 2100-12-31)'
    """
    if FIRST_DATE <= day <= LAST_DATE:
        return None
    return (f"{column} {day} is outside the dates a register may hold "
            f"({FIRST_DATE} to {LAST_DATE})")


def whole_number_message(column: str, value: object, low: int, high: int) -> str | None:
    """
    Why ``value`` cannot be ``column``, a whole number from ``low`` to
    ``high``, or ``None`` if it can.

    >>> whole_number_message("slots", 0, 1, 100), whole_number_message("slots", 8.5, 1, 100)
    ('slots is 0; it must be at least 1', 'slots is 8.5; it must be a whole number')
    """
    if type(value) is not int:
        return f"{column} is {value!r}; it must be a whole number"
    if value < low:
        return f"{column} is {value}; it must be at least {low}"
    if value > high:
        return f"{column} is {value}; it must be at most {high}"
    return None


def validate(register: Register) -> list[Violation]:
    """
    Every violation of the rules in ``register``, in table order, the rules
    of employments (:mod:`forloeb.employment_rules`) included.

    Raises:
        InvalidArgument: if ``register`` is not a :class:`~forloeb.model.Register`.
    """
    check_instance("register", register, Register)
    return _violations(register, text=True)


def change_violations(register: Register) -> list[Violation]:
    """
    What :func:`validate` finds but text a register file could not hold
    (:func:`text_breaks`): the judgement of a change to the few rows that
    ``register`` holds, whose own text the caller has checked already. A
    row that a store kept from before that rule does not stop a change to
    its neighbours, nor its own repair.
    """
    check_instance("register", register, Register)
    return _violations(register, text=False)


def _violations(register: Register, *, text: bool) -> list[Violation]:
    from forloeb.employment_rules import employment_violations

    pathway_ids = [p.pathway_id for p in register.pathways]
    cpr_like_ids = cpr_positions(pathway_ids, whole_cells=True)
    cpr_pathways = {pathway_ids[i] for i in cpr_like_ids}
    index_of = _Positions(register.pathways)
    # Each check is a generator: nothing runs until the loop below drains it.
    checks = [
        _text_violations(register) if text else iter(()),
        _agreement_violations(register.agreements),
        _pathway_violations(register, set(cpr_like_ids)),
        _event_violations(register, cpr_pathways),
        _note_violations(register),
        _participant_overlaps(register, index_of),
        _capacity_violations(register, index_of),
        employment_violations(register, cpr_pathways),
    ]
    found: list[Violation] = []
    for check in _progress.tracked(checks, "checking the rules", unit="checks"):
        found.extend(check)
    return found


#: Per table, its text columns (ids, names, notes; not codes, which are
#: checked against the codes they may be), and whether each holds an id.
_TEXT_COLUMNS: Mapping[str, tuple[tuple[str, bool], ...]] = MappingProxyType({
    table.name: tuple((c.name, c.name in ID_COLUMNS) for c in table.columns
                      if c.kind is Kind.TEXT)
    for table in TABLES.values()
})


def text_breaks(record: Record) -> Iterator[tuple[str, str]]:
    r"""
    Each text cell of ``record`` (an id, a name, a note, ...) that a register
    file could not hold as it is, as (column, message naming the item and the
    column): what the loader refuses in a cell
    (:func:`forloeb.values.check_characters`), in its words, and whitespace or
    invisible characters at either end, which a file does not keep
    (:func:`forloeb.values.cell_message`).

    This is the rule that keeps what the recording API and
    :meth:`Register.build <forloeb.model.Register.build>` accept the same as
    what a register file can give back.

    >>> from forloeb import Pathway
    >>> for column, message in text_breaks(Pathway("P1", "SA1", "Q\u00a01")):
    ...     print(message)  # doctest: +ELLIPSIS
    pathway P1: participant_id 'Q\xa01' holds an invisible character (U+00A0 NO-BREAK SPACE) ...
    """
    table = table_of(record).name
    for column, identifier in _TEXT_COLUMNS[table]:
        value = getattr(record, column)
        if isinstance(value, str):
            message = cell_message(value, identifier=identifier)
            if message is not None:
                yield (column, f"{_who(table, record)}: {column} {message}")


def _text_violations(register: Register) -> Iterator[Violation]:
    # Each text column of each table is tested at once, in C: joined, its
    # values are printable and no value starts or ends with a space (the
    # one character of EDGE that is printable). Only a column that fails is
    # tested value by value, and only in a table that fails.
    for table, columns in _TEXT_COLUMNS.items():
        items = getattr(register, table)
        if not items or all(_clean_column(items, column) for column, _ in columns):
            continue
        for i, item in enumerate(items):
            for column, message in text_breaks(item):
                yield Violation(table, i, column, message)


def _clean_column(items: Sequence[object], column: str) -> bool:
    texts = list(map(operator.attrgetter(column), items))
    try:
        joined = "".join(texts)
    except TypeError:  # None (not recorded), or a value that is not text
        texts = list(filter(None, texts))
        try:
            joined = "".join(texts)
        except TypeError:
            return False  # looked at one by one
    if not joined.isprintable():
        return False
    if " " not in joined:
        return True
    joined = "\x00".join(texts)
    return not (joined[:1] == " " or joined[-1:] == " " or " \x00" in joined
                or "\x00 " in joined)


def _who(table: str, item: Any) -> str:
    # How a message names an item whose text breaks the rule: its id, shown
    # escaped when it is the text that breaks it.
    def shown(value: object) -> str:
        text = str(value)
        return text if cell_message(text, identifier=True) is None else repr(text)

    if table == "agreements":
        return f"agreement {shown(item.agreement_id)}"
    if table == "pathways":
        return f"pathway {shown(item.pathway_id)}"
    if table == "events":
        return f"pathway {shown(item.pathway_id)}, {item.type} on {item.date}"
    if table == "collaboration":
        return f"note on agreement {shown(item.agreement_id)} of {item.date}"
    if table == "employments":
        return f"employment {shown(item.employment_id)}"
    return f"employment {shown(item.employment_id)}, {item.type} on {item.date}"


def _capacity_violations(register: Register, index_of: Callable[[Pathway], int]
                         ) -> Iterator[Violation]:
    for agreement in register.agreements:
        pathways = register.pathways_of(agreement.agreement_id)
        yield from capacity_violations(agreement, pathways, index_of=index_of)


def ensure_valid(register: Register) -> None:
    """
    Raise :class:`RegisterError` listing every violation, if there is any
    (the loader, which knows each item's file and row, says where instead).
    """
    violations = validate(register)
    if violations:
        raise RegisterError(to_problems(violations))


def to_problems(violations: Iterable[Violation], *, locate: Locator | None = None) -> list[Problem]:
    """
    Problems (file, row, column, message) for ``violations``.

    Without a locator the "file" is the table name and the row is unknown; the
    message names the item by its id.
    """
    problems = []
    for v in violations:
        file, row = locate(v) if locate else (v.table, None)
        problems.append(Problem(file, row, v.column, v.message))
    return problems


class _Positions:
    """
    The position of a pathway in the register, mapped only when first asked
    (a valid register never asks).
    """

    def __init__(self, pathways: Sequence[Pathway]) -> None:
        self._pathways = pathways
        self._index: dict[int, int] | None = None

    def __call__(self, pathway: Pathway) -> int:
        if self._index is None:
            self._index = {id(p): i for i, p in enumerate(self._pathways)}
        return self._index[id(pathway)]


def id_message(column: str, value: str, *, seen: set[str], cpr_like: bool) -> str | None:
    """
    Why ``value`` cannot be the id in ``column`` of a table whose ids so far
    are ``seen`` (empty, given twice, CPR-like), or ``None`` if it can; the
    caller adds it to ``seen``.

    >>> id_message("agreement_id", "SA1", seen={"SA1"}, cpr_like=False)
    'the same agreement_id appears twice'
    """
    if not value:
        return f"{column} is empty"
    if value in seen:
        return f"the same {column} appears twice"
    if cpr_like:
        return cpr_message(column)
    return None


def _agreement_violations(agreements: Sequence[Agreement]) -> Iterator[Violation]:
    seen: set[str] = set()
    cpr_like = set(cpr_positions([a.agreement_id for a in agreements], whole_cells=True))
    for i, a in enumerate(agreements):
        def bad(column: str, message: str, i: int = i, a: Agreement = a) -> Violation:
            return Violation("agreements", i, column, f"agreement {a.agreement_id}: {message}")

        message = id_message("agreement_id", a.agreement_id, seen=seen, cpr_like=i in cpr_like)
        if message is not None:
            yield bad("agreement_id", message)
        seen.add(a.agreement_id)
        for column in ("name", "provider"):
            if contains_cpr(getattr(a, column)):
                yield bad(column, cpr_message(column))
        for column in ("start_date", "end_date"):
            day = getattr(a, column)
            message = None if day is None else date_message(column, day)
            if message is not None:
                yield bad(column, message)
        for column, (low, high) in AGREEMENT_BOUNDS.items():
            value = getattr(a, column)
            message = None if value is None else whole_number_message(column, value, low, high)
            if message is not None:
                yield bad(column, message)
        if a.end_date is not None and a.end_date < a.start_date:
            yield bad("end_date", f"end_date {a.end_date} is before start_date {a.start_date}")
        for column in ("positive_outcomes", "allowed_outcomes"):
            for code in getattr(a, column) or ():
                if code not in OUTCOMES:
                    yield bad(column, f"{code!r} is not a known outcome code")
        if a.price_per_pathway is not None:
            message = _price_message(a.price_per_pathway)
            if message is not None:
                yield bad("price_per_pathway", message)


def _price_message(price: object) -> str | None:
    low, high = PRICE_BOUNDS
    if isinstance(price, bool) or not isinstance(price, int | Decimal) or (
            isinstance(price, Decimal) and not price.is_finite()):
        return f"price_per_pathway is {price!r}; it must be a number of kroner"
    if price < low:
        return f"price_per_pathway {price} is negative"
    if price > high:
        return f"price_per_pathway {price} is more than {high:,} kroner"
    if isinstance(price, Decimal) and -price.as_tuple().exponent > PRICE_DECIMALS:  # type: ignore[operator]
        return (f"price_per_pathway {price} has more than {PRICE_DECIMALS} decimals "
                "(kroner and øre)")
    return None


def _pathway_violations(register: Register, cpr_like_ids: set[int]) -> Iterator[Violation]:
    seen: set[str] = set()
    agreements = {a.agreement_id: a for a in register.agreements}
    pathways = register.pathways
    cpr_like_participants = set(cpr_positions([p.participant_id for p in pathways],
                                              whole_cells=True))
    cpr_agreements = {a.agreement_id for a in register.agreements
                      if looks_like_cpr(a.agreement_id)}
    for i, p in enumerate(pathways):
        problems: list[tuple[str | None, str, int]] = []
        message = id_message("pathway_id", p.pathway_id, seen=seen, cpr_like=i in cpr_like_ids)
        if message is not None:
            problems.append(("pathway_id", message, 0))
        seen.add(p.pathway_id)
        agreement = agreements.get(p.agreement_id)
        if agreement is None:
            problems.append(("agreement_id", f"agreement {p.agreement_id!r} does not exist", 0))
        elif p.agreement_id in cpr_agreements:
            problems.append(("agreement_id", cpr_message("agreement_id"), 0))
        if not p.participant_id:
            problems.append(("participant_id", "participant_id is empty", 0))
        elif i in cpr_like_participants:
            problems.append(("participant_id", cpr_message("participant_id"), 0))
        if p.target_group is not None and p.target_group not in TARGET_GROUPS:
            problems.append(("target_group", f"{p.target_group!r} is not a known target group "
                             f"({', '.join(TARGET_GROUPS)})", 0))
        if p.no_plan_reason is not None and p.no_plan_reason not in NO_PLAN_REASONS:
            problems.append(("no_plan_reason", f"{p.no_plan_reason!r} is not a known no-plan "
                             f"reason ({', '.join(NO_PLAN_REASONS)})", 0))
        problems.extend(pathway_rule_breaks(p, agreement))
        for column, message, rule in problems:
            yield Violation("pathways", i, column, f"pathway {p.pathway_id}: {message}", rule)


_PATHWAY_DATES = ("referred_date", "start_date", "end_date", "plan_date")
_PATHWAY_DAYS = operator.attrgetter(*_PATHWAY_DATES)


def pathway_rule_breaks(p: Pathway, agreement: Agreement | None
                        ) -> Iterator[tuple[str, str, int]]:
    """
    The rules 1-3 that one pathway breaks on its own, as (column, message, rule),
    and any of its dates outside the dates a register may hold.
    """
    referred, start, end, plan = _PATHWAY_DAYS(p)
    if not ((referred is None or FIRST_DATE <= referred <= LAST_DATE)
            and (start is None or FIRST_DATE <= start <= LAST_DATE)
            and (end is None or FIRST_DATE <= end <= LAST_DATE)
            and (plan is None or FIRST_DATE <= plan <= LAST_DATE)):
        for column, day in zip(_PATHWAY_DATES, (referred, start, end, plan), strict=True):
            message = None if day is None else date_message(column, day)
            if message is not None:
                yield (column, message, 0)
    if p.end_date is not None and p.outcome is None:
        yield ("outcome", f"ended on {p.end_date} but has no outcome "
               "(rule 1: an ended pathway has exactly one outcome)", 1)
    if p.outcome is not None and p.end_date is None:
        yield ("end_date", f"has outcome {p.outcome!r} but no end_date "
               "(rule 1: only an ended pathway has an outcome)", 1)
    # Each date against the one before it that is set.
    if referred is not None and start is not None and start < referred:
        yield _misordered("start_date", start, "referred_date", referred)
    if end is not None:
        if start is not None:
            if end < start:
                yield _misordered("end_date", end, "start_date", start)
        elif referred is not None and end < referred:
            yield _misordered("end_date", end, "referred_date", referred)
    if p.outcome is not None:
        if p.outcome not in OUTCOMES:
            yield ("outcome", f"{p.outcome!r} is not a known outcome code (rule 3)", 3)
        elif agreement is not None and not agreement.allows(p.outcome):
            yield ("outcome", f"outcome {p.outcome!r} is not allowed by agreement "
                   f"{agreement.agreement_id} (rule 3)", 3)
        elif p.outcome == CANCELLED and p.start_date is not None:
            yield ("outcome", f"outcome {CANCELLED!r} is for a pathway cancelled before it "
                   f"started, but it started on {p.start_date} (rule 3)", 3)
        elif p.outcome != CANCELLED and p.start_date is None:
            yield ("start_date", f"ended with outcome {p.outcome!r} without having started; "
                   f"a pathway cancelled before its start has outcome {CANCELLED!r} (rule 3)", 3)


def _misordered(second: str, b: dt.date, first: str, a: dt.date) -> tuple[str, str, int]:
    return (second, f"{second} {b} is before {first} {a} (rule 2: referred <= start <= end)", 2)


def _event_violations(register: Register, cpr_pathways: set[str]) -> Iterator[Violation]:
    # Registers hold many events per pathway and nearly all are fine, so the
    # register first passes a cheap test of all its events at once; only when
    # that fails is each event tested, and only an event that fails its own
    # quick test is examined by event_rule_breaks, which words the messages.
    # ``cpr_pathways``: the pathway ids that look like CPR numbers.
    events = register.events
    cpr_notes = set(cpr_positions(map(_NOTE, events), whole_cells=False))
    if not cpr_notes and not cpr_pathways and _events_certainly_valid(register):
        return
    spans = {p.pathway_id: (p.referred_date, p.start_date, p.end_date)
             for p in register.pathways}
    terms = _EventTerms.every()
    for i, e in enumerate(events):
        span = spans.get(e.pathway_id)
        if (span is not None and terms[e.type].admit(e, *span) and i not in cpr_notes
                and e.pathway_id not in cpr_pathways):
            continue
        yield from _examine_event(register, i, e, cpr_pathways)
    yield from _total_violations(register)


_TYPE_CODE_VALUE = operator.attrgetter("type", "code", "value")
_NOTE = operator.attrgetter("note")


def _events_certainly_valid(register: Register) -> bool:
    """
    Whether every event is certainly valid; ``False`` means "test each one".

    Codes and values are tested once per distinct (type, code, value). Dates
    are tested per pathway: its events are in date order, so when the first
    is on or after the start and the last before the end, all are. The
    totals of a pathway's extensions and absences are added up only for a
    pathway with enough events to reach them.
    """
    events = register.events
    terms = _EventTerms.every()
    largest: dict[EventType, int] = {}
    for kind, code, value in set(map(_TYPE_CODE_VALUE, events)):
        if kind not in terms or not terms[kind].admits(code, value):
            return False
        if kind in EVENT_TOTALS and value is not None:
            largest[kind] = max(largest.get(kind, 0), value)
    # A pathway with no more events than this cannot exceed any total.
    enough = min((EVENT_TOTALS[kind] // value for kind, value in largest.items()),
                 default=len(events))
    seen = 0
    for p in register.pathways:
        own = register.events_of(p.pathway_id)
        if not own:
            continue
        seen += len(own)
        if own[0].date < FIRST_DATE or own[-1].date > LAST_DATE:
            return False
        if len(own) > enough and not _within_totals(own):
            return False
        start, end = p.start_date, p.end_date
        if (start is None or own[0].date < start or (end is not None and own[-1].date >= end)):
            span = (p.referred_date, start, end)
            if not all(terms[e.type].admit(e, *span) for e in own):
                return False
    # Fewer events than the register holds: some name no pathway, or a
    # pathway id appears twice.
    return seen == len(events) and len(register.pathways) == len(
        {p.pathway_id for p in register.pathways})


def _within_totals(own: Sequence[Event]) -> bool:
    # The quick form of total_breaks, for events whose values are known good.
    totals = dict.fromkeys(EVENT_TOTALS, 0)
    for e in own:
        if e.type in totals:
            totals[e.type] += e.value  # type: ignore[operator]
    return all(totals[kind] <= limit for kind, limit in EVENT_TOTALS.items())


#: What the values of each event type with a total count: (unit, plural noun).
_TOTAL_NOUNS = {EventType.EXTENSION: ("weeks", "extensions"),
                EventType.ABSENCE: ("days", "absences")}


def total_breaks(events: Iterable[Event]) -> Iterator[tuple[Event, str]]:
    """
    The event of one pathway (``events``, in date order) at which its
    extensions, or its absences, add up to more than they may
    (:data:`forloeb.codes.EVENT_TOTALS`), with the message.
    """
    totals = dict.fromkeys(EVENT_TOTALS, 0)
    for e in events:
        if e.type not in totals or type(e.value) is not int:
            continue
        _, low, high = EVENT_VALUES[e.type]
        if not (low or 1) <= e.value <= (high or e.value):
            continue  # a value beyond its own bounds is refused on its own
        before = totals[e.type]
        totals[e.type] = after = before + e.value
        limit = EVENT_TOTALS[e.type]
        if after > limit >= before:
            unit, noun = _TOTAL_NOUNS[e.type]
            yield e, (f"with this one the {noun} of the pathway add up to {after} "
                      f"{unit}; they may add up to at most {limit} {unit}")


def _total_violations(register: Register) -> Iterator[Violation]:
    index: dict[int, int] | None = None
    for p in register.pathways:
        for e, message in total_breaks(register.events_of(p.pathway_id)):
            if index is None:
                index = {id(event): i for i, event in enumerate(register.events)}
            yield Violation("events", index[id(e)], "value",
                            f"pathway {e.pathway_id}, {e.type} on {e.date}: {message}")


def _examine_event(register: Register, i: int, e: Event, cpr_pathways: set[str]
                   ) -> Iterator[Violation]:
    def bad(column: str | None, message: str, rule: int = 0) -> Violation:
        return Violation("events", i, column,
                         f"pathway {e.pathway_id}, {e.type} on {e.date}: {message}", rule)

    pathway = register.pathway(e.pathway_id) if register.has_pathway(e.pathway_id) else None
    if pathway is None:
        yield bad("pathway_id", f"pathway {e.pathway_id!r} does not exist")
    elif e.pathway_id in cpr_pathways:
        yield bad("pathway_id", cpr_message("pathway_id"))
    yield from (bad(*args) for args in event_rule_breaks(e, pathway))


@attrs.frozen
class _EventTerms:
    """
    What a valid event of one type looks like, for the quick test.
    """

    codes: frozenset[str]
    code_optional: bool
    value_use: ValueUse
    low: int | None
    high: int | None
    before_start: bool
    while_active: bool

    @classmethod
    def of(cls, kind: EventType) -> _EventTerms:
        codes = EVENT_CODES[kind]
        use, low, high = EVENT_VALUES[kind]
        return cls(frozenset(codes), not codes or kind is EventType.FOLLOWUP, use, low, high,
                   kind in BEFORE_START_TYPES, kind is EventType.EXTENSION)

    @classmethod
    @functools.cache
    def every(cls) -> Mapping[str, _EventTerms]:
        """
        The terms of every event type, by type.
        """
        return MappingProxyType({kind: cls.of(kind) for kind in EventType})

    def admits(self, code: str | None, value: int | None) -> bool:
        """
        Whether ``code`` and ``value`` are certainly valid for this type.
        """
        if code is None:
            if not self.code_optional:
                return False
        elif code not in self.codes:
            return False
        if value is None:
            return self.value_use is not ValueUse.REQUIRED
        return not (self.value_use is ValueUse.NONE or type(value) is not int
                    or (self.low is not None and value < self.low)
                    or (self.high is not None and value > self.high))

    def admit(self, e: Event, referred: dt.date | None, start: dt.date | None,
              end: dt.date | None) -> bool:
        """
        Whether ``e`` is certainly valid; ``False`` means "look closer".
        """
        if not self.admits(e.code, e.value):
            return False
        day = e.date
        if not FIRST_DATE <= day <= LAST_DATE:
            return False
        if (start is None or day < start) and (
            not self.before_start or (referred is not None and day < referred)
        ):
            return False
        if end is not None:
            return day < end if self.while_active else day <= end
        return True


def event_rule_breaks(e: Event, p: Pathway | None) -> Iterator[tuple[str | None, str, int]]:
    """
    What is wrong with one event on its own and against its pathway (rules 4-5),
    as (column, message, rule).
    """
    codes = EVENT_CODES[e.type]
    if e.code is not None and e.code not in codes:
        allowed = ", ".join(codes) if codes else "no code"
        yield ("code", f"{e.code!r} is not a code of {e.type} events (allowed: {allowed})", 0)
    elif e.code is None and codes and e.type not in (EventType.FOLLOWUP,):
        yield ("code", f"{e.type} events need a code ({', '.join(codes)})", 0)
    use, low, high = EVENT_VALUES[e.type]
    if use is ValueUse.REQUIRED and e.value is None:
        yield ("value", f"{e.type} events need a value", 0)
    if use is ValueUse.NONE and e.value is not None:
        yield ("value", f"{e.type} events take no value (got {e.value})", 0)
    elif e.value is not None and type(e.value) is not int:
        yield ("value", f"value {e.value!r} is not a whole number", 0)
    elif e.value is not None and use is not ValueUse.NONE:
        if low is not None and e.value < low:
            if e.type == EventType.EXTENSION:
                yield ("value", f"value {e.value} is below {low}; an extension moves the "
                       "planned end later, never earlier (rule 5)", 5)
            else:
                yield ("value", f"value {e.value} is below {low}", 0)
        if high is not None and e.value > high:
            yield ("value", f"value {e.value} is above {high}", 0)
    day_message = date_message("date", e.date)
    if day_message is not None:
        yield ("date", day_message, 0)
    if e.note and contains_cpr(e.note):
        yield ("note", cpr_message("note"), 0)
    if p is None:
        return
    if p.start_date is None:
        if e.type not in BEFORE_START_TYPES:
            yield ("date", f"the pathway has not started, so it can have no {e.type} events "
                   "(rule 4)", 4)
        elif p.referred_date is not None and e.date < p.referred_date:
            yield ("date", f"dated before the referral on {p.referred_date} (rule 4)", 4)
    elif e.date < p.start_date and e.type not in BEFORE_START_TYPES:
        yield ("date", f"dated before the start on {p.start_date} (rule 4)", 4)
    elif (e.date < p.start_date and p.referred_date is not None
          and e.date < p.referred_date):
        yield ("date", f"dated before the referral on {p.referred_date} (rule 4)", 4)
    if p.end_date is not None:
        if e.type == EventType.EXTENSION and e.date >= p.end_date:
            yield ("date", f"an extension must be recorded while the pathway is active, "
                   f"but it ended on {p.end_date} (rule 5)", 5)
        elif e.date > p.end_date:
            yield ("date", f"dated after the end on {p.end_date} (rule 4)", 4)


def _note_violations(register: Register) -> Iterator[Violation]:
    notes = register.collaboration
    cpr_like = set(cpr_positions(map(_NOTE, notes), whole_cells=False)).union(
        cpr_positions([n.author for n in notes], whole_cells=False))
    cpr_agreements = {a.agreement_id for a in register.agreements
                      if looks_like_cpr(a.agreement_id)}
    low, high = RATING_BOUNDS
    for i, n in enumerate(notes):
        def bad(column: str, message: str, i: int = i, n: CollaborationNote = n) -> Violation:
            return Violation("collaboration", i, column,
                             f"note on agreement {n.agreement_id} of {n.date}: {message}")

        if not register.has_agreement(n.agreement_id):
            yield bad("agreement_id", f"agreement {n.agreement_id!r} does not exist")
        elif n.agreement_id in cpr_agreements:
            yield bad("agreement_id", cpr_message("agreement_id"))
        rating = n.rating
        # The free text was searched above, all notes at once.
        if (i in cpr_like or not FIRST_DATE <= n.date <= LAST_DATE
                or (rating is not None and not (type(rating) is int and low <= rating <= high))):
            yield from (bad(*args) for args in note_rule_breaks(n))


def note_rule_breaks(n: CollaborationNote) -> Iterator[tuple[str, str]]:
    """
    What is wrong with one collaboration note on its own, as (column, message).
    """
    day_message = date_message("date", n.date)
    if day_message is not None:
        yield ("date", day_message)
    if n.rating is not None:
        low, high = RATING_BOUNDS
        if type(n.rating) is not int:
            yield ("rating", f"rating {n.rating!r} is not a whole number")
        elif not low <= n.rating <= high:
            yield ("rating", f"rating {n.rating} is not between {low} and {high}")
    for column in ("author", "note"):
        if contains_cpr(getattr(n, column)):
            yield (column, cpr_message(column))


def pathways_overlap(a: Pathway, b: Pathway) -> bool:
    """
    Whether two started pathways share a day: their ``[start, end)`` spans
    intersect (no end: open-ended). Symmetric, so the order they were
    recorded in does not matter; a pathway that ends the day it starts
    shares no day with one starting that day.

    >>> first = Pathway("P1", "SA1", "D-1", start_date=dt.date(2018, 1, 8),
    ...                 end_date=dt.date(2018, 3, 1), outcome="barsel")
    >>> pathways_overlap(first, Pathway("P2", "SA1", "D-1", start_date=dt.date(2018, 3, 1)))
    False
    >>> pathways_overlap(first, Pathway("P2", "SA1", "D-1", start_date=dt.date(2018, 2, 28)))
    True
    """
    if a.start_date is None or b.start_date is None:
        return False
    return (a.start_date < (b.end_date or dt.date.max)
            and b.start_date < (a.end_date or dt.date.max))


def _participant_overlaps(register: Register,
                          index_of: Callable[[Pathway], int]) -> Iterator[Violation]:
    """
    Rule 6: a participant who returns gets a new pathway, so one participant's
    pathways under one agreement never overlap in time.
    """
    for agreement_id in dict.fromkeys(p.agreement_id for p in register.pathways):
        # One agreement at a time, and a list only for a participant seen twice.
        first: dict[str, Pathway] = {}
        repeated: dict[str, list[Pathway]] = {}
        for p in register.pathways_of(agreement_id):
            if p.start_date is None:
                continue
            earlier = first.setdefault(p.participant_id, p)
            if earlier is not p:
                repeated.setdefault(p.participant_id, [earlier]).append(p)
        for group in repeated.values():
            yield from _overlaps_in(group, index_of)


def _overlaps_in(group: list[Pathway], index_of: Callable[[Pathway], int]
                 ) -> Iterator[Violation]:
    """
    Each pathway of one participant that overlaps an earlier one, naming the
    first earlier one (in order of start, then end) that it overlaps.

    A sweep in that order: the running latest end of the pathways before
    each one, kept as a list that never decreases, tells by binary search the
    first earlier pathway still running at its start, so one participant's
    pathways cost n log n, not n squared (a placeholder participant id shared
    by tens of thousands of pathways is a real register's habit).
    """
    group.sort(key=_start_then_end)
    starts = [p.start_date or dt.date.min for p in group]
    # latest[j]: the latest end among group[0..j] (no end: running for ever).
    latest = list(itertools.accumulate((p.end_date or dt.date.max for p in group), max))
    for i, after in enumerate(group[1:], start=1):
        start = starts[i]
        # Only pathways starting before ``after`` ends can overlap it (all do,
        # unless ``after`` ends on or before its own start).
        candidates = min(i, bisect.bisect_left(starts, after.end_date or dt.date.max))
        first = bisect.bisect_right(latest, start, 0, candidates)
        if first >= candidates:
            continue
        before = group[first]
        until = f"ended {before.end_date}" if before.end_date else "has not ended"
        yield Violation(
            "pathways", index_of(after), "start_date",
            f"pathway {after.pathway_id}: starts on {after.start_date} while the same "
            f"participant's pathway {before.pathway_id} (started {before.start_date}) "
            f"{until}; a returning participant gets a new pathway after the old one "
            "ends (rule 6)", 6)


def _start_then_end(p: Pathway) -> tuple[dt.date, dt.date]:
    return (p.start_date or dt.date.min, p.end_date or dt.date.max)


_SWEEP_ORDER = operator.itemgetter(0, 1, 2)


def capacity_violations(agreement: Agreement, pathways: Iterable[Pathway], *,
                        index_of: Callable[[Pathway], int] | None = None
                        ) -> Iterator[Violation]:
    """
    Rule 7: every start that puts more pathways on ``agreement`` on one day than
    its slots plus extra slots. A sweep over start and end points, not over days.
    """
    points: list[tuple[dt.date, int, int, Pathway]] = []
    for n, p in enumerate(pathways):
        if p.start_date is None or (p.end_date is not None and p.end_date <= p.start_date):
            continue
        points.append((p.start_date, 1, n, p))
        if p.end_date is not None:
            # An end on day t frees the slot on t itself, so ends sort before starts.
            points.append((p.end_date, 0, n, p))
    points.sort(key=_SWEEP_ORDER)
    active = 0
    for day, is_start, _, p in points:
        if not is_start:
            active -= 1
            continue
        active += 1
        if active > agreement.capacity:
            yield Violation(
                "pathways", index_of(p) if index_of is not None else 0, "start_date",
                f"pathway {p.pathway_id}: starting on {day} would make {active} pathways "
                f"active on agreement {agreement.agreement_id}, which has "
                f"{agreement.slots} slots + {agreement.extra_slots} extra (rule 7)", 7)
