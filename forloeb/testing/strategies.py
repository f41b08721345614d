"""
Hypothesis strategies for every domain type, valid by construction.

Every value these strategies generate passes :func:`forloeb.rules.validate`
(as part of a register that holds its agreement, pathway or employment), and can be
written to CSV, JSON, XLSX or a store and read back equal: text has no
leading or trailing whitespace, no control characters, no ``;`` and no
CPR-like number, but may start like a spreadsheet formula (``=``, ``+``,
``-``, ``@``) or with an apostrophe; participant ids never look like CPR
numbers; dates lie between :data:`FIRST_DAY` and :data:`LAST_DAY`.

>>> from hypothesis import given, settings
>>> from forloeb.rules import validate
>>> @settings(max_examples=20, database=None)
... @given(registers(max_pathways=10))
... def test_generated_registers_are_valid(register):
...     assert validate(register) == []
>>> test_generated_registers_are_valid()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from forloeb._arguments import (
    check_date_within,
    check_int,
    check_record,
    check_text,
    refuse,
)
from forloeb.codes import (
    CANCELLED,
    CHANNELS,
    EMPLOYMENT_KINDS,
    EVENT_CODES,
    EVENT_VALUES,
    FLEXJOB,
    NO_PLAN_REASONS,
    OUTCOMES,
    TARGET_GROUPS,
    EmploymentEventType,
    EventType,
    State,
    ValueUse,
)
from forloeb.model import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.privacy import contains_cpr
from forloeb.rules import capacity_violations, pathways_overlap

#: The earliest date any strategy generates.
FIRST_DAY = dt.date(2014, 1, 1)

#: The latest date any strategy generates.
LAST_DAY = dt.date(2020, 12, 31)

#: The evaluation date :func:`registers` spreads its pathways around by default:
#: some are referred, some active and some ended as of this day.
TYPICAL_AS_OF = dt.date(2018, 6, 30)

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzæøåÆØÅéü"
_DIGITS = "0123456789"

# Labels (names, providers) and notes: what a caseworker types, minus what a
# spreadsheet would mangle: no control characters, no ';' (the list separator
# and Danish Excel's delimiter). Text may start like a formula or with an
# apostrophe, as a hostile or careless hand would type it: every writer must
# keep it text and give it back as it was.
_LABEL_ALPHABET = _LETTERS + _DIGITS + " -.&/()=@"
_NOTE_ALPHABET = _LABEL_ALPHABET + ",'\"!?:%+"
_FORMULA_LIKE = ("=", "+", "-", "@", "'", "''", "=HYPERLINK(", "=1+1", "-2+3", "@SUM(")

_ENDING_OUTCOMES: tuple[str, ...] = tuple(c for c in OUTCOMES if c != CANCELLED)
_T = TypeVar("_T")
_AUTHORS = ("jobcenter", "enterprise", "caseworker", "mentor")


def _stripped_text(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    # No text holds a CPR-like number, which the rules refuse in every column.
    plain = st.text(alphabet, max_size=max_size)
    formula_like = st.builds(str.__add__, st.sampled_from(_FORMULA_LIKE), plain)
    return st.one_of(plain, formula_like).map(lambda text: text[:max_size].strip()).filter(
        lambda text: not contains_cpr(text))


def labels(*, max_size: int = 30) -> st.SearchStrategy[str]:
    """
    Short free text for names and providers (possibly empty; Danish letters welcome).
    """
    check_int("max_size", max_size, low=0)
    return _stripped_text(_LABEL_ALPHABET, max_size)


def notes(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """
    Free text for notes: may hold commas, quotes and Danish letters (possibly empty).
    """
    check_int("max_size", max_size, low=0)
    return _stripped_text(_NOTE_ALPHABET, max_size)


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ID_CHARACTERS = _DIGITS + "_-"
_ID_TAIL = st.text(_UPPER + _ID_CHARACTERS, max_size=5)
_ID = st.builds(str.__add__, st.sampled_from(_UPPER), _ID_TAIL)


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """
    Ids that start with a letter (so no spreadsheet reads them as numbers),
    after ``prefix``: ``""``, or letters, digits, ``_`` and ``-`` starting
    with a letter (``"SA"``, ``"P"``).
    """
    if not isinstance(prefix, str) or (prefix and not (
            prefix[0].isalpha() and all(c.isalpha() or c in _ID_CHARACTERS for c in prefix))):
        raise refuse("prefix", "'' or text of letters, digits, '_' and '-' that starts with "
                     "a letter", prefix)
    return _ID.map(lambda s: prefix + s) if prefix else _ID


_PARTICIPANT = st.builds(
    "{}-{}".format,
    st.text(_UPPER, min_size=1, max_size=2),
    st.integers(0, 99_999).map(lambda n: f"{n:04d}"),
)


def participant_ids() -> st.SearchStrategy[str]:
    """
    Participant pseudonyms such as ``D-0042``; never CPR-like (they start with a letter).
    """
    return _PARTICIPANT


def cpr_like_numbers() -> st.SearchStrategy[str]:
    """
    Values that look like Danish CPR numbers (``ddmmyy-xxxx`` or ten digits
    starting with a date): participant ids that must be refused.
    """
    return st.builds(
        "{:%d%m%y}{}{:04d}".format,
        st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2009, 12, 31)),
        st.sampled_from(("-", "")),
        st.integers(0, 9999),
    )


def _date(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date:
    # Drawing an offset from a cached integers() strategy is several times
    # faster than building a fresh dates() strategy for every pair of bounds.
    return low + dt.timedelta(days=draw(st.integers(0, max(0, (high - low).days))))


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[_T]) -> _T | None:
    return draw(strategy) if draw(st.booleans()) else None


def _maybe_date(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date | None:
    return _date(draw, low, high) if draw(st.booleans()) else None


def agreements(
    *,
    agreement_id: str | None = None,
    min_start: dt.date = FIRST_DAY,
    max_start: dt.date = dt.date(2017, 12, 31),
    max_slots: int = 8,
) -> st.SearchStrategy[Agreement]:
    """
    Cooperation agreements (da: *samarbejdsaftaler*) with every term drawn,
    starting from ``min_start`` to ``max_start`` (both between
    :data:`FIRST_DAY` and :data:`LAST_DAY`).

    ``allowed_outcomes`` is either ``None`` (all known codes) or a list that
    always holds at least one code a started pathway can end with. A small
    ``max_slots`` (1 or more) makes the capacity rule (rule 7) bite sooner.

    Raises:
        InvalidArgument: an argument is of the wrong type or out of bounds,
            or ``max_start`` comes before ``min_start``.
    """
    check_text("agreement_id", agreement_id, optional=True)
    check_date_within("min_start", min_start, FIRST_DAY, LAST_DAY)
    check_date_within("max_start", max_start, min_start, LAST_DAY,
                      low_text=f"min_start ({min_start})")
    check_int("max_slots", max_slots, low=1)
    return _agreements(agreement_id=agreement_id, min_start=min_start, max_start=max_start,
                       max_slots=max_slots)


@st.composite
def _agreements(
    draw: st.DrawFn,
    *,
    agreement_id: str | None,
    min_start: dt.date,
    max_start: dt.date,
    max_slots: int,
) -> Agreement:
    start = _date(draw, min_start, max_start)
    allowed = None
    if draw(st.booleans()):
        allowed_codes = draw(st.lists(st.sampled_from(_ENDING_OUTCOMES), min_size=1,
                                      max_size=6, unique=True))
        if draw(st.booleans()):
            allowed_codes.append(CANCELLED)
        allowed = tuple(allowed_codes)
    cents = _maybe(draw, st.integers(0, 50_000_000))
    return Agreement(
        agreement_id=agreement_id if agreement_id is not None else draw(identifiers("SA")),
        start_date=start,
        slots=draw(st.integers(1, max_slots)),
        plan_deadline_weeks=draw(st.integers(0, 8)),
        frame_weeks=draw(st.integers(1, 52)),
        name=draw(labels()),
        provider=draw(labels()),
        end_date=_maybe_date(draw, start + dt.timedelta(days=365), LAST_DAY),
        extra_slots=draw(st.integers(0, 2)),
        attendance_interval_months=draw(st.integers(1, 3)),
        grace_days=draw(st.integers(0, 14)),
        followup_interval_weeks=_maybe(draw, st.integers(1, 8)),
        pause_on_absence=draw(st.booleans()),
        positive_outcomes=tuple(draw(st.lists(st.sampled_from(_ENDING_OUTCOMES), min_size=1,
                                              max_size=5, unique=True))),
        allowed_outcomes=allowed,
        price_per_pathway=None if cents is None else Decimal(cents).scaleb(-2),
    )


def _ending_outcomes(agreement: Agreement) -> tuple[str, ...]:
    return tuple(c for c in (agreement.allowed_outcomes or _ENDING_OUTCOMES) if c != CANCELLED)


def _can_cancel(agreement: Agreement) -> bool:
    return agreement.allows(CANCELLED)


def pathways(
    agreement: Agreement | None = None,
    *,
    pathway_id: str | None = None,
    participant_id: str | None = None,
    as_of: dt.date | None = None,
    states: Sequence[State | str] | None = None,
) -> st.SearchStrategy[Pathway]:
    """
    Pathways (da: *forløb*) of ``agreement`` (drawn too, if not given) that
    break none of rules 1-3 on their own.

    With ``as_of``, each pathway is in one of ``states`` (default: all three)
    as of that day and known by then (referred or started on or before it),
    so a register spreads its pathways over referred, active and ended.
    Dates lie between the agreement's start and :data:`LAST_DAY`; ``as_of``
    must lie there too (from :data:`FIRST_DAY`, if no agreement is given).

    Raises:
        InvalidArgument: an argument is of the wrong type, ``as_of`` lies
            outside that window, or ``states`` is empty or holds an unknown state.
    """
    check_record("agreement", agreement, Agreement, optional=True)
    check_text("pathway_id", pathway_id, optional=True)
    check_text("participant_id", participant_id, optional=True)
    if agreement is None:
        check_date_within("as_of", as_of, FIRST_DAY, LAST_DAY, optional=True)
    else:
        check_date_within("as_of", as_of, agreement.start_date, LAST_DAY, optional=True,
                          low_text=f"the start of agreement {agreement.agreement_id!r} "
                          f"({agreement.start_date})")
    wanted = _checked_states(states)
    if agreement is None:
        return _agreements(agreement_id=None, min_start=FIRST_DAY,
                           max_start=dt.date(2017, 12, 31), max_slots=8).flatmap(
            lambda a: _pathways(a, pathway_id, participant_id,
                                None if as_of is None else max(as_of, a.start_date), wanted)
        )
    return _pathways(agreement, pathway_id, participant_id, as_of, wanted)


def _checked_states(states: object) -> tuple[State, ...]:
    # None is every state; otherwise a sequence (not one text on its own) of
    # at least one State or the text of one.
    if states is None:
        return tuple(State)
    texts = [state.value for state in State]
    if isinstance(states, str) and states in texts:
        raise refuse("states", f"a sequence of states (write states=[{states!r}])", states)
    if not isinstance(states, Sequence) or isinstance(states, str | bytes) or not states:
        raise refuse("states", "a non-empty sequence of forloeb.State (or their text) or None",
                     states)
    for i, state in enumerate(states):
        if not isinstance(state, str) or state not in texts:
            raise refuse(f"states[{i}]", "a forloeb.State or its text: "
                         + ", ".join(map(repr, texts[:-1])) + f" or {texts[-1]!r}", state)
    return tuple(State(state) for state in states)


@st.composite
def _pathways(
    draw: st.DrawFn,
    agreement: Agreement,
    pathway_id: str | None,
    participant_id: str | None,
    as_of: dt.date | None,
    wanted: tuple[State, ...],
) -> Pathway:
    low, high = agreement.start_date, LAST_DAY
    state = draw(st.sampled_from(wanted)) if as_of is not None else None
    if state is State.ENDED and not (_ending_outcomes(agreement) or _can_cancel(agreement)):
        state = State.ACTIVE  # pragma: no cover - agreements() always allows an ending
    referred = start = end = None
    outcome = None
    if as_of is None:
        referred = _maybe_date(draw, low, high)
        shape = draw(st.sampled_from(("referred", "started", "ended", "cancelled")))
        first = referred or low
        if shape == "cancelled" and not _can_cancel(agreement):
            shape = "ended"
        if shape in ("started", "ended"):
            start = _date(draw, first, high)
            if shape == "ended":
                end = _date(draw, start, high)
        elif shape == "cancelled":
            end = _date(draw, first, high)
    elif state is State.REFERRED:
        referred = _date(draw, low, as_of)
        shape = draw(st.sampled_from(("waiting", "agreed_start", "cancelled_later")))
        if shape == "cancelled_later" and as_of < high and _can_cancel(agreement):
            end = _date(draw, as_of + dt.timedelta(days=1), high)
        elif shape == "agreed_start" and as_of < high:
            start = _date(draw, as_of + dt.timedelta(days=1), high)
            end = _maybe_date(draw, start, high)
    elif state is State.ACTIVE:
        start = _date(draw, low, as_of)
        referred = _maybe_date(draw, low, start)
        if as_of < high:
            end = _maybe_date(draw, as_of + dt.timedelta(days=1), high)
    else:
        end = _date(draw, low, as_of)
        if _can_cancel(agreement) and draw(st.integers(0, 4)) == 0:
            referred = _maybe_date(draw, low, end)
        else:
            start = _date(draw, low, end)
            referred = _maybe_date(draw, low, start)
    if end is not None:
        outcome = (draw(st.sampled_from(_ending_outcomes(agreement))) if start is not None
                   else CANCELLED)
    plan_date = plan_co_created = plan_own_goals = no_plan_reason = None
    if start is not None:
        plan = draw(st.sampled_from(("plan", "reason", "none")))
        if plan == "plan":
            plan_date = _date(draw, start, end or high)
            plan_co_created = _maybe(draw, st.booleans())
            plan_own_goals = _maybe(draw, st.booleans())
        elif plan == "reason":
            no_plan_reason = draw(st.sampled_from(NO_PLAN_REASONS))
    return Pathway(
        pathway_id=pathway_id if pathway_id is not None else draw(identifiers("P")),
        agreement_id=agreement.agreement_id,
        participant_id=participant_id if participant_id is not None
        else draw(participant_ids()),
        target_group=_maybe(draw, st.sampled_from(TARGET_GROUPS)),
        referred_date=referred,
        start_date=start,
        end_date=end,
        outcome=outcome,
        plan_date=plan_date,
        plan_co_created=plan_co_created,
        plan_own_goals=plan_own_goals,
        no_plan_reason=no_plan_reason,
    )


_STARTED_TYPES: tuple[EventType, ...] = tuple(EventType)


def events(pathway: Pathway, agreement: Agreement | None = None) -> st.SearchStrategy[Event]:
    """
    Events of ``pathway`` that break none of rules 4-5: dated inside it
    (a delivery may come between referral and start), extensions while it is
    active, codes and values as its type requires.

    A pathway that never started gets deliveries only. ``agreement`` is
    accepted for symmetry with the other strategies and for future terms
    that shape events; the rules need only the pathway.

    Raises:
        InvalidArgument: ``pathway`` is no :class:`~forloeb.model.Pathway`
            (or one of its fields holds the wrong kind of value), or
            ``agreement`` no :class:`~forloeb.model.Agreement` nor ``None``.
    """
    check_record("pathway", pathway, Pathway)
    check_record("agreement", agreement, Agreement, optional=True)
    return _events(pathway)


@st.composite
def _events(draw: st.DrawFn, pathway: Pathway) -> Event:
    end = pathway.end_date
    if pathway.start_date is None:
        kind = EventType.DELIVERY
        low = pathway.referred_date or pathway.end_date or FIRST_DAY
        high = end or LAST_DAY
    else:
        kinds = [k for k in _STARTED_TYPES
                 if not (k is EventType.EXTENSION and end is not None
                         and end <= pathway.start_date)]
        kind = draw(st.sampled_from(kinds))
        low = pathway.start_date
        if kind is EventType.DELIVERY and pathway.referred_date is not None:
            low = pathway.referred_date
        high = end or max(LAST_DAY, pathway.start_date)
        if kind is EventType.EXTENSION and end is not None:
            high = end - dt.timedelta(days=1)
    codes = EVENT_CODES[kind]
    code = draw(st.sampled_from(codes)) if codes else None
    use, value_low, value_high = EVENT_VALUES[kind]
    value = None
    if use is not ValueUse.NONE:
        # Moderate values (an extension of up to half a year), far inside the bounds.
        values = st.integers(value_low or 1, min(value_high or 26, 26))
        value = draw(values) if use is ValueUse.REQUIRED else _maybe(draw, values)
    return Event(pathway.pathway_id, _date(draw, low, high), kind, code=code, value=value,
                 note=draw(notes()))


def collaboration_notes(agreement: Agreement) -> st.SearchStrategy[CollaborationNote]:
    """
    Collaboration notes (question 8) on ``agreement``, dated during it.

    Raises:
        InvalidArgument: ``agreement`` is no :class:`~forloeb.model.Agreement`
            (or one of its fields holds the wrong kind of value).
    """
    check_record("agreement", agreement, Agreement)
    return _collaboration_notes(agreement)


@st.composite
def _collaboration_notes(draw: st.DrawFn, agreement: Agreement) -> CollaborationNote:
    return CollaborationNote(
        agreement_id=agreement.agreement_id,
        date=_date(draw, agreement.start_date, agreement.end_date or LAST_DAY),
        author=draw(st.sampled_from(("", *_AUTHORS))),
        rating=_maybe(draw, st.integers(1, 5)),
        note=draw(notes()),
    )


#: Hours a week in quarter hours, from a quarter of an hour to 60 hours.
_HOURS = st.integers(1, 240).map(lambda quarters: Decimal(quarters) / 4)


def employments(
    pathway: Pathway | None = None,
    *,
    employment_id: str | None = None,
    participant_id: str | None = None,
) -> st.SearchStrategy[Employment]:
    """
    Employments (da: *ansættelser*) with every column drawn, that break no rule.

    With ``pathway``, the hire followed it: the same participant, starting
    on or after the pathway's end (or start, if it has not ended), and
    ``pathway_id`` set. Hours a week are whole quarter hours up to 60;
    intensity is 100 but for some flexjobs.

    Raises:
        InvalidArgument: an argument is of the wrong type.
    """
    check_record("pathway", pathway, Pathway, optional=True)
    check_text("employment_id", employment_id, optional=True)
    check_text("participant_id", participant_id, optional=True)
    return _employments(pathway, employment_id=employment_id, participant_id=participant_id)


@st.composite
def _employments(
    draw: st.DrawFn,
    pathway: Pathway | None,
    *,
    employment_id: str | None,
    participant_id: str | None,
) -> Employment:
    low = FIRST_DAY
    if pathway is not None:
        low = pathway.end_date or pathway.start_date or pathway.referred_date or FIRST_DAY
    start = _date(draw, low, LAST_DAY)
    kind = draw(st.sampled_from(EMPLOYMENT_KINDS))
    intensity = draw(st.integers(1, 100)) if kind == FLEXJOB and draw(st.booleans()) else 100
    return Employment(
        employment_id=employment_id if employment_id is not None else draw(identifiers("E")),
        participant_id=(participant_id if participant_id is not None
                        else pathway.participant_id if pathway is not None
                        else draw(participant_ids())),
        enterprise=draw(labels().filter(bool)),
        kind=kind,
        start_date=start,
        hours_per_week=draw(_HOURS),
        channel=draw(st.sampled_from(CHANNELS)),
        end_date=_maybe_date(draw, start, LAST_DAY),
        pathway_id=None if pathway is None else pathway.pathway_id,
        intensity=intensity,
    )


def employment_events(employment: Employment) -> st.SearchStrategy[EmploymentEvent]:
    """
    Events of ``employment`` that break no rule: dated within it (start to
    end, both included), a change with new hours, a new intensity or both,
    and for a flexjob now and then its review.

    Raises:
        InvalidArgument: ``employment`` is no :class:`~forloeb.model.Employment`
            (or one of its fields holds the wrong kind of value).
    """
    check_record("employment", employment, Employment)
    return _employment_events(employment)


@st.composite
def _employment_events(draw: st.DrawFn, employment: Employment) -> EmploymentEvent:
    day = _date(draw, employment.start_date, employment.end_date or LAST_DAY)
    if employment.kind == FLEXJOB and draw(st.integers(0, 3)) == 0:
        return EmploymentEvent(employment.employment_id, day, EmploymentEventType.REVIEW,
                               note=draw(notes()))
    which = draw(st.sampled_from(("hours", "intensity", "both")))
    return EmploymentEvent(
        employment.employment_id, day, EmploymentEventType.CHANGE,
        hours_per_week=draw(_HOURS) if which != "intensity" else None,
        intensity=draw(st.integers(1, 100)) if which != "hours" else None,
        note=draw(notes()),
    )


def registers(
    *,
    min_agreements: int = 1,
    max_agreements: int = 3,
    max_pathways: int = 30,
    max_events_per_pathway: int = 3,
    max_notes_per_agreement: int = 2,
    max_employments: int = 5,
    max_events_per_employment: int = 2,
    as_of: dt.date = TYPICAL_AS_OF,
) -> st.SearchStrategy[Register]:
    """
    Whole registers that pass :func:`forloeb.rules.validate` with no violations.

    Pathways are spread over referred, active and ended as of ``as_of``; no
    day has more active pathways than an agreement's slots plus extra slots;
    some participants return with a new pathway after the old one ended,
    never overlapping it. Pathway ids are unique across the register, and so
    are employment ids; some employments follow a pathway of the register.
    ``max_employments=0`` gives registers without employments.

    Raises:
        InvalidArgument: a count is no whole number, ``min_agreements`` is
            below 1, ``max_agreements`` below ``min_agreements``, another
            ``max_...`` negative, or ``as_of`` no date from :data:`FIRST_DAY`
            to :data:`LAST_DAY`.
    """
    check_int("min_agreements", min_agreements, low=1)
    if not isinstance(max_agreements, int) or isinstance(max_agreements, bool) or (
            max_agreements < min_agreements):
        raise refuse("max_agreements", f"a whole number (an int), min_agreements "
                     f"({min_agreements}) or more", max_agreements)
    for name, count in (("max_pathways", max_pathways),
                        ("max_events_per_pathway", max_events_per_pathway),
                        ("max_notes_per_agreement", max_notes_per_agreement),
                        ("max_employments", max_employments),
                        ("max_events_per_employment", max_events_per_employment)):
        check_int(name, count, low=0)
    check_date_within("as_of", as_of, FIRST_DAY, LAST_DAY)
    return _registers(min_agreements, max_agreements, max_pathways, max_events_per_pathway,
                      max_notes_per_agreement, max_employments, max_events_per_employment, as_of)


@st.composite
def _registers(
    draw: st.DrawFn,
    min_agreements: int,
    max_agreements: int,
    max_pathways: int,
    max_events_per_pathway: int,
    max_notes_per_agreement: int,
    max_employments: int,
    max_events_per_employment: int,
    as_of: dt.date,
) -> Register:
    ids = draw(st.lists(identifiers("SA"), min_size=min_agreements, max_size=max_agreements,
                        unique=True))
    drawn = [draw(_agreements(agreement_id=i, min_start=FIRST_DAY,
                              max_start=min(as_of, dt.date(2017, 12, 31)), max_slots=8))
             for i in ids]
    count = draw(st.integers(0, max_pathways))
    pathway_ids = draw(st.lists(identifiers("P"), min_size=count, max_size=count, unique=True))
    kept: dict[str, list[Pathway]] = {a.agreement_id: [] for a in drawn}
    for pathway_id in pathway_ids:
        agreement = draw(st.sampled_from(drawn))
        same = kept[agreement.agreement_id]
        returning = [p.participant_id for p in same]
        comes_back = bool(returning) and draw(st.booleans())
        participant = draw(st.sampled_from(returning) if comes_back else participant_ids())
        candidate = draw(_pathways(agreement, pathway_id, participant, as_of, tuple(State)))
        if any(p.participant_id == participant and pathways_overlap(p, candidate) for p in same):
            taken = {p.participant_id for p in same}
            fresh = participant
            while fresh in taken:
                fresh += "X"  # a letter: more digits could spell a CPR number
            candidate = attrs.evolve(candidate, participant_id=fresh)
        if candidate.start_date is not None and next(
                capacity_violations(agreement, [*same, candidate]), None) is not None:
            continue  # a full agreement refuses the start, as rule 7 says
        same.append(candidate)
    all_pathways = [p for a in drawn for p in kept[a.agreement_id]]
    all_events = [
        e for p in all_pathways
        for e in draw(st.lists(_events(p), max_size=max_events_per_pathway))
    ]
    all_notes = [
        n for a in drawn
        for n in draw(st.lists(_collaboration_notes(a), max_size=max_notes_per_agreement))
    ]
    hires: list[Employment] = []
    if max_employments:
        count = draw(st.integers(0, max_employments))
        followed = [p for p in all_pathways if p.start_date is not None]
        for employment_id in draw(st.lists(identifiers("E"), min_size=count, max_size=count,
                                           unique=True)):
            pathway: Pathway | None = None
            if followed:
                follows: bool = draw(st.booleans())
                pathway = draw(st.sampled_from(followed)) if follows else None
            hires.append(draw(_employments(pathway, employment_id=employment_id,
                                           participant_id=None)))
    hire_events = [
        e for job in hires
        for e in draw(st.lists(_employment_events(job), max_size=max_events_per_employment))
    ]
    return Register(drawn, all_pathways, all_events, all_notes, hires, hire_events)


__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "TYPICAL_AS_OF",
    "agreements",
    "collaboration_notes",
    "cpr_like_numbers",
    "employment_events",
    "employments",
    "events",
    "identifiers",
    "labels",
    "notes",
    "participant_ids",
    "pathways",
    "registers",
]
