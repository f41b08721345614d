"""
The domain model: agreements, pathways, events, collaboration notes,
employments and their events, the register.

Pure data over ``datetime.date``; no I/O. Construction does not validate (so a
million pathways load quickly); :func:`forloeb.rules.validate` and the
recording functions in :mod:`forloeb.recording` enforce the rules of
the rules of docs/user-guide.md ("The rules") and say exactly what is wrong.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

import attrs

from forloeb.codes import (
    CANCELLED,
    DEFAULT_CHANNEL,
    DEFAULT_INTENSITY,
    DEFAULT_POSITIVE_OUTCOMES,
    EmploymentEventType,
    EventType,
    State,
)
from forloeb.errors import InvalidArgument, UnknownIdError

if TYPE_CHECKING:
    from forloeb.typing import RegisterTables


def _date_argument(name: str, value: object, *, optional: bool = False) -> None:
    # The record methods are called for every pathway of a big register, so
    # the common case is one comparison; anything else gets the full check
    # (imported here: the checks read the schema, which reads this module).
    if value.__class__ is not dt.date and not (optional and value is None):
        from forloeb._arguments import check_date

        check_date(name, value, optional=optional)


@attrs.frozen
class Agreement:
    """
    Cooperation agreement (da: *samarbejdsaftale*): the slots a jobcenter buys
    from one social-economy enterprise and the terms each pathway must meet.
    """

    agreement_id: str
    start_date: dt.date
    slots: int
    plan_deadline_weeks: int
    frame_weeks: int
    name: str = ""
    provider: str = ""
    end_date: dt.date | None = None
    extra_slots: int = 0
    attendance_interval_months: int = 2
    grace_days: int = 0
    followup_interval_weeks: int | None = None
    pause_on_absence: bool = False
    positive_outcomes: tuple[str, ...] = DEFAULT_POSITIVE_OUTCOMES
    allowed_outcomes: tuple[str, ...] | None = None
    price_per_pathway: Decimal | None = None

    @property
    def capacity(self) -> int:
        """
        The most pathways that may be active on one day: slots plus extra slots.
        """
        return self.slots + self.extra_slots

    def allows(self, outcome: str) -> bool:
        """
        Whether this agreement lists ``outcome`` as allowed (all are, by default).
        """
        return self.allowed_outcomes is None or outcome in self.allowed_outcomes

    def is_progression(self, outcome: str | None) -> bool:
        """
        Whether ``outcome`` counts as progression under this agreement's terms.
        """
        return outcome is not None and outcome in self.positive_outcomes


@attrs.frozen(weakref_slot=False)
class Pathway:
    """
    Pathway (da: *forløb*): one participant's course under one agreement, from
    referral through start to exactly one outcome.

    The state is computed as of a date, never stored:

    >>> p = Pathway("P1", "SA1", "D-001", start_date=dt.date(2018, 1, 8))
    >>> p.state(as_of=dt.date(2018, 1, 7)).value, p.state(as_of=dt.date(2018, 6, 30)).value
    ('referred', 'active')
    """

    pathway_id: str
    agreement_id: str
    participant_id: str
    target_group: str | None = None
    referred_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    outcome: str | None = None
    plan_date: dt.date | None = None
    plan_co_created: bool | None = None
    plan_own_goals: bool | None = None
    no_plan_reason: str | None = None

    def state(self, *, as_of: dt.date) -> State:
        """
        ``referred``, ``active`` or ``ended`` as of ``as_of`` (docs/user-guide.md, "The rules").
        """
        _date_argument("as_of", as_of)
        if self.end_date is not None and self.end_date <= as_of:
            return State.ENDED
        if self.start_date is None or self.start_date > as_of:
            return State.REFERRED
        return State.ACTIVE

    def outcome_as_of(self, as_of: dt.date) -> str | None:
        """
        The outcome, if the pathway has ended by ``as_of`` (rule 1: none before).
        """
        return self.outcome if self.state(as_of=as_of) is State.ENDED else None

    def is_active_on(self, day: dt.date) -> bool:
        """
        Whether the pathway occupies a slot on ``day``: start <= day < end.
        """
        _date_argument("day", day)
        return (
            self.start_date is not None
            and self.start_date <= day
            and (self.end_date is None or day < self.end_date)
        )

    @property
    def first_date(self) -> dt.date | None:
        """
        The earliest date the register knows the pathway by (referral, else start).
        """
        return self.referred_date or self.start_date or self.end_date

    @property
    def is_cancelled(self) -> bool:
        """
        Whether the pathway was cancelled before it started (outcome ``annulleret``).
        """
        return self.outcome == CANCELLED

    def known_as_of(self, as_of: dt.date) -> Pathway | None:
        """
        The pathway as the register knew it on ``as_of`` (rule 8), or ``None``
        if it had not been referred or started by then.

        >>> p = Pathway("P1", "SA1", "D-001", start_date=dt.date(2018, 1, 8),
        ...             end_date=dt.date(2018, 9, 1), outcome="fleksjob")
        >>> p.known_as_of(dt.date(2018, 6, 30)).outcome is None
        True
        >>> p.known_as_of(dt.date(2017, 6, 30)) is None
        True
        """
        _date_argument("as_of", as_of)
        first = self.first_date
        if first is not None and first > as_of:
            return None
        changes: dict[str, Any] = {}
        if self.start_date is not None and self.start_date > as_of:
            changes["start_date"] = None
        if self.end_date is not None and self.end_date > as_of:
            changes["end_date"] = None
            changes["outcome"] = None
        if self.plan_date is not None and self.plan_date > as_of:
            changes.update(plan_date=None, plan_co_created=None, plan_own_goals=None)
        return attrs.evolve(self, **changes) if changes else self


@attrs.frozen(weakref_slot=False)
class Event:
    """
    Something that happened to a pathway on a date: a follow-up meeting (da:
    *opfølgningsmøde*), an attendance sheet (da: *fremmødeseddel*), an
    extension (da: *forlængelse*), a delivery, an effect or an absence.

    ``code`` and ``value`` mean what the event type says (docs/register-format.md):
    an extension's value is its weeks, an absence's its days, an effect's its
    score 1-5.
    """

    pathway_id: str
    date: dt.date
    type: EventType
    code: str | None = None
    value: int | None = None
    note: str = ""


@attrs.frozen
class CollaborationNote:
    """
    A note on the collaboration with the enterprise (question 8, da:
    *samarbejdet med virksomhederne*).
    """

    agreement_id: str
    date: dt.date
    author: str = ""
    rating: int | None = None
    note: str = ""


@attrs.frozen(weakref_slot=False)
class Employment:
    """
    Employment (da: *ansættelse*): one hire of a participant in a
    social-economy enterprise, through the jobcenter or the enterprise's own
    channels, and the hours and intensity it started with.

    ``intensity`` is the percent of the work capacity used (da:
    *arbejdsintensitet*, for a flexjob); the effective hours are hours per
    week × intensity / 100, exactly:

    >>> job = Employment("E1", "D-001", "Sumak", "fleksjob", dt.date(2016, 9, 8),
    ...                  Decimal("4.5"), intensity=80)
    >>> job.effective_hours
    Decimal('3.6')

    ``pathway_id`` is the pathway the hire followed, if any. Like a pathway,
    an employment runs on day t when ``start_date <= t < end_date`` (or it
    has no end): it has ended as of D when its end is on or before D.
    """

    employment_id: str
    participant_id: str
    enterprise: str
    kind: str
    start_date: dt.date
    hours_per_week: Decimal
    channel: str = DEFAULT_CHANNEL
    end_date: dt.date | None = None
    pathway_id: str | None = None
    intensity: int = DEFAULT_INTENSITY

    @property
    def effective_hours(self) -> Decimal:
        """
        The hours it started with: hours per week × intensity / 100, exact.
        """
        return effective_hours(self.hours_per_week, self.intensity)

    def is_running_on(self, day: dt.date) -> bool:
        """
        Whether the participant is employed on ``day``: start <= day < end.
        """
        _date_argument("day", day)
        return self.start_date <= day and (self.end_date is None or day < self.end_date)

    def has_ended(self, *, as_of: dt.date) -> bool:
        """
        Whether the employment has ended as of ``as_of`` (its end is on or before it).
        """
        _date_argument("as_of", as_of)
        return self.end_date is not None and self.end_date <= as_of

    def known_as_of(self, as_of: dt.date) -> Employment | None:
        """
        The employment as the register knew it on ``as_of`` (rule 8): ``None``
        if it had not started by then, without an end dated later.

        >>> job = Employment("E1", "D-001", "Sumak", "deltid", dt.date(2018, 3, 1),
        ...                  Decimal(20), end_date=dt.date(2018, 9, 1))
        >>> job.known_as_of(dt.date(2018, 6, 30)).end_date is None
        True
        >>> job.known_as_of(dt.date(2018, 2, 28)) is None
        True
        """
        _date_argument("as_of", as_of)
        if self.start_date > as_of:
            return None
        if self.end_date is not None and self.end_date > as_of:
            return attrs.evolve(self, end_date=None)
        return self


def effective_hours(hours_per_week: Decimal, intensity: int) -> Decimal:
    """
    Hours per week × intensity / 100, exactly (a Decimal, never a float).

    >>> effective_hours(Decimal("4.5"), 80), effective_hours(Decimal(15), 100)
    (Decimal('3.6'), Decimal('15'))
    """
    return Decimal(hours_per_week) * intensity / 100


@attrs.frozen(weakref_slot=False)
class EmploymentEvent:
    """
    Something that happened to an employment on a date: a change of hours
    or intensity (da: *ændring af timetal*), in effect from that date, or the
    jobcenter's review 2.5 years into a flexjob (da: *opfølgning efter 2½ år*).

    A ``change`` leaves ``hours_per_week`` or ``intensity`` ``None`` to keep
    the value it had; a ``review`` has neither.
    """

    employment_id: str
    date: dt.date
    type: EmploymentEventType
    hours_per_week: Decimal | None = None
    intensity: int | None = None
    note: str = ""


_T = TypeVar("_T")


def _by_key(items: Iterable[_T], key: str) -> dict[str, list[_T]]:
    grouped: dict[str, list[_T]] = {}
    for item in items:
        grouped.setdefault(getattr(item, key), []).append(item)
    return grouped


_EMPTY: tuple[()] = ()


# Typed converters, so a caller may pass any iterable and the type checker
# still knows what each field holds.
def _agreements(items: Iterable[Agreement]) -> tuple[Agreement, ...]:
    return tuple(items)


def _pathways(items: Iterable[Pathway]) -> tuple[Pathway, ...]:
    return tuple(items)


def _events(items: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(items)


def _notes(items: Iterable[CollaborationNote]) -> tuple[CollaborationNote, ...]:
    return tuple(items)


def _employments(items: Iterable[Employment]) -> tuple[Employment, ...]:
    return tuple(items)


def _employment_events(items: Iterable[EmploymentEvent]) -> tuple[EmploymentEvent, ...]:
    return tuple(items)


@attrs.frozen(eq=False)
class Register:
    """
    Everything recorded about a set of agreements: the facts an evaluation reads.

    Build one with :func:`forloeb.load` (from files or a store) or
    :meth:`Register.build` (from objects, validated); the plain constructor
    does not validate. Lookups are indexed, so reading the events of one
    pathway does not scan the register.
    """

    agreements: tuple[Agreement, ...] = attrs.field(converter=_agreements)
    pathways: tuple[Pathway, ...] = attrs.field(converter=_pathways, default=())
    events: tuple[Event, ...] = attrs.field(converter=_events, default=())
    collaboration: tuple[CollaborationNote, ...] = attrs.field(converter=_notes, default=())
    employments: tuple[Employment, ...] = attrs.field(converter=_employments, default=())
    employment_events: tuple[EmploymentEvent, ...] = attrs.field(
        converter=_employment_events, default=())

    _agreements_by_id: Mapping[str, Agreement] = attrs.field(init=False, repr=False)
    _pathways_by_id: Mapping[str, Pathway] = attrs.field(init=False, repr=False)
    _pathways_by_agreement: Mapping[str, list[Pathway]] = attrs.field(init=False, repr=False)
    _events_by_pathway: Mapping[str, Sequence[Event]] = attrs.field(init=False, repr=False)
    _notes_by_agreement: Mapping[str, list[CollaborationNote]] = attrs.field(
        init=False, repr=False
    )
    _employments_by_id: Mapping[str, Employment] = attrs.field(init=False, repr=False)
    _employments_by_pathway: Mapping[str, list[Employment]] = attrs.field(init=False,
                                                                          repr=False)
    _events_by_employment: Mapping[str, Sequence[EmploymentEvent]] = attrs.field(
        init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        events: dict[str, list[Event]] = {}
        # Files usually list a pathway's events together: one step per run of them.
        for pathway_id, run in itertools.groupby(self.events, _PATHWAY_ID):
            if pathway_id in events:
                events[pathway_id].extend(run)
            else:
                events[pathway_id] = list(run)
        for per_pathway in events.values():
            per_pathway.sort(key=_EVENT_DATE)  # stable: same-day events keep their order
        self._index(events)

    def _index(self, events_by_pathway: Mapping[str, Sequence[Event]]) -> None:
        by_employment = _by_key(self.employment_events, "employment_id")
        for per_employment in by_employment.values():
            per_employment.sort(key=_EVENT_DATE)
        index: dict[str, Mapping[str, Any]] = {
            "_agreements_by_id": {a.agreement_id: a for a in self.agreements},
            "_pathways_by_id": {p.pathway_id: p for p in self.pathways},
            "_pathways_by_agreement": _by_key(self.pathways, "agreement_id"),
            "_events_by_pathway": events_by_pathway,
            "_notes_by_agreement": _by_key(self.collaboration, "agreement_id"),
            "_employments_by_id": {e.employment_id: e for e in self.employments},
            "_employments_by_pathway": _by_key(
                (e for e in self.employments if e.pathway_id is not None), "pathway_id"),
            "_events_by_employment": by_employment,
        }
        for name, value in index.items():
            object.__setattr__(self, name, MappingProxyType(value))

    @classmethod
    def build(
        cls,
        agreements: Iterable[Agreement],
        pathways: Iterable[Pathway] = (),
        events: Iterable[Event] = (),
        collaboration: Iterable[CollaborationNote] = (),
        employments: Iterable[Employment] = (),
        employment_events: Iterable[EmploymentEvent] = (),
    ) -> Register:
        """
        A register from objects, after checking every rule of the user guide
        section 3 and every rule of employments and their events, and that
        every text is one a register file can hold and give back as it is
        (:func:`forloeb.rules.text_breaks`).

        Raises:
            RegisterError: listing every problem found, if there are any.
            InvalidArgument: if an argument is not an iterable of its class,
                or a field holds the wrong kind of value (``agreements[0].slots``).
        """
        from forloeb import _arguments as check
        from forloeb.rules import ensure_valid

        register = cls(
            check.checked_items("agreements", agreements, Agreement, fields=True),
            check.checked_items("pathways", pathways, Pathway, fields=True),
            check.checked_items("events", events, Event, fields=True),
            check.checked_items("collaboration", collaboration, CollaborationNote, fields=True),
            check.checked_items("employments", employments, Employment, fields=True),
            check.checked_items("employment_events", employment_events, EmploymentEvent,
                                fields=True),
        )
        ensure_valid(register)
        return register

    def replace(self, **tables: Unpack[RegisterTables]) -> Register:
        """
        This register with some of its tables replaced (by name: ``pathways=``,
        ``employments=``, ...), the others kept as they are; not validated.

        >>> register = Register([])
        >>> register.replace(employments=[]) == register
        True
        """
        unknown = [name for name in tables if name not in _TABLE_FIELDS]
        if unknown:
            raise InvalidArgument(f"a register has no table {unknown[0]!r} "
                            f"({', '.join(_TABLE_FIELDS)})")
        return attrs.evolve(self, **tables)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Register):
            return NotImplemented
        return self._canonical() == other._canonical()

    def __hash__(self) -> int:
        return hash(self._canonical())

    def _canonical(self) -> tuple[object, ...]:
        # Equal registers hold the same facts, whatever order they were recorded in.
        return (
            tuple(sorted(self.agreements, key=lambda a: a.agreement_id)),
            tuple(sorted(self.pathways, key=lambda p: p.pathway_id)),
            tuple(sorted(self.events, key=_event_sort_key)),
            tuple(sorted(self.collaboration, key=_note_sort_key)),
            tuple(sorted(self.employments, key=lambda e: e.employment_id)),
            tuple(sorted(self.employment_events, key=_employment_event_sort_key)),
        )

    def agreement(self, agreement_id: str) -> Agreement:
        """
        The agreement with this id.

        Raises:
            UnknownIdError: if the register holds no such agreement.
        """
        return _found(self._agreements_by_id, "agreement", agreement_id)

    def pathway(self, pathway_id: str) -> Pathway:
        """
        The pathway with this id.

        Raises:
            UnknownIdError: if the register holds no such pathway.
        """
        return _found(self._pathways_by_id, "pathway", pathway_id)

    def has_agreement(self, agreement_id: str) -> bool:
        """
        Whether the register holds an agreement with this id.
        """
        return agreement_id in self._agreements_by_id

    def has_pathway(self, pathway_id: str) -> bool:
        """
        Whether the register holds a pathway with this id.
        """
        return pathway_id in self._pathways_by_id

    def pathways_of(self, agreement_id: str) -> Sequence[Pathway]:
        """
        The pathways of one agreement, in the order they were recorded.
        """
        return self._pathways_by_agreement.get(agreement_id, _EMPTY)

    def events_of(self, pathway_id: str, *, until: dt.date | None = None) -> Sequence[Event]:
        """
        The events of one pathway in date order (same-day events as recorded);
        with ``until``, only those dated on or before it.
        """
        _date_argument("until", until, optional=True)
        own = self._events_by_pathway.get(pathway_id, _EMPTY)
        return own if until is None else _dated_until(own, until)

    def notes_of(self, agreement_id: str) -> Sequence[CollaborationNote]:
        """
        The collaboration notes on one agreement, in the order they were recorded.
        """
        return self._notes_by_agreement.get(agreement_id, _EMPTY)

    def employment(self, employment_id: str) -> Employment:
        """
        The employment with this id.

        Raises:
            UnknownIdError: if the register holds no such employment.
        """
        return _found(self._employments_by_id, "employment", employment_id)

    def has_employment(self, employment_id: str) -> bool:
        """
        Whether the register holds an employment with this id.
        """
        return employment_id in self._employments_by_id

    def employments_following(self, pathway_id: str) -> Sequence[Employment]:
        """
        The employments that followed one pathway, in the order they were recorded.
        """
        return self._employments_by_pathway.get(pathway_id, _EMPTY)

    def employment_events_of(self, employment_id: str, *,
                             until: dt.date | None = None) -> Sequence[EmploymentEvent]:
        """
        The events of one employment in date order (same-day events as
        recorded); with ``until``, only those dated on or before it.
        """
        own = self._events_by_employment.get(employment_id, _EMPTY)
        return own if until is None else _dated_until(own, until)

    def as_of(self, day: dt.date) -> Register:
        """
        The register as it stood on ``day``: only facts dated on or before it (rule 8).

        Agreements that had not started and pathways not yet referred or
        started disappear, ends and outcomes dated
        later are dropped, and so are later events and notes. Evaluating the
        result gives the same answer whatever was recorded after ``day``.

        Raises:
            InvalidArgument: if ``day`` is not a :class:`datetime.date`.
        """
        from forloeb import _arguments as check

        check.check_date("day", day)
        agreements = tuple(a for a in self.agreements if a.start_date <= day)
        agreement_ids = {a.agreement_id for a in agreements}
        changed = len(agreements) < len(self.agreements)
        pathways = []
        # Each pathway's events are already in date order: later ones are cut
        # off its list, and a list with nothing later is shared, not copied.
        own_events = self._events_by_pathway
        events: dict[str, Sequence[Event]] = {}
        events_cut = False
        for pathway in self.pathways:
            known = pathway.known_as_of(day)
            if known is None or known.agreement_id not in agreement_ids:
                changed = True
                continue
            changed = changed or known is not pathway
            pathways.append(known)
            own = own_events.get(known.pathway_id)
            if own:
                kept = _dated_until(own, day)
                events_cut = events_cut or kept is not own
                if kept:
                    events[known.pathway_id] = kept
        kept_events = sum(map(len, events.values()))
        events_cut = events_cut or kept_events < len(self.events)
        notes = tuple(n for n in self.collaboration
                      if n.date <= day and n.agreement_id in agreement_ids)
        employments, employment_events, employments_cut = self._employments_as_of(
            day, {p.pathway_id for p in pathways})
        if not (changed or events_cut or len(notes) < len(self.collaboration)
                or employments_cut):
            return self
        flat = (tuple(e for e in self.events if e.date <= day and e.pathway_id in events)
                if events_cut else self.events)
        view = object.__new__(Register)
        for name, value in (("agreements", agreements), ("pathways", tuple(pathways)),
                            ("events", flat), ("collaboration", notes),
                            ("employments", employments),
                            ("employment_events", employment_events)):
            object.__setattr__(view, name, value)
        view._index(events)
        return view

    def _employments_as_of(self, day: dt.date, pathway_ids: set[str]
                           ) -> tuple[tuple[Employment, ...], tuple[EmploymentEvent, ...], bool]:
        # Employments started by ``day``, without a later end, and their
        # events dated by then; whether anything was cut.
        kept: list[Employment] = []
        cut = False
        for employment in self.employments:
            known = employment.known_as_of(day)
            if known is None:
                cut = True
                continue
            if known.pathway_id is not None and known.pathway_id not in pathway_ids:
                # A pathway not known on ``day`` was followed by nothing yet.
                known = attrs.evolve(known, pathway_id=None)
            cut = cut or known is not employment
            kept.append(known)
        ids = {e.employment_id for e in kept}
        events = tuple(e for e in self.employment_events
                       if e.date <= day and e.employment_id in ids)
        return tuple(kept), events, cut or len(events) < len(self.employment_events)


_EVENT_DATE = operator.attrgetter("date")


def _found(index: Mapping[str, _T], noun: str, key: str) -> _T:
    # An item by its id, or the error that names what is missing.
    try:
        return index[key]
    except KeyError:
        raise UnknownIdError(f"no {noun} with id {key!r}") from None


_Dated = TypeVar("_Dated", Event, EmploymentEvent)


def _dated_until(events: Sequence[_Dated], day: dt.date) -> Sequence[_Dated]:
    # A date-ordered list cut after ``day``; the list itself when nothing is later.
    if not events or events[-1].date <= day:
        return events
    return events[:bisect.bisect_right(events, day, key=_EVENT_DATE)]
_PATHWAY_ID = operator.attrgetter("pathway_id")


def _event_sort_key(event: Event) -> tuple[object, ...]:
    return (event.pathway_id, event.date, event.type, event.code or "", event.value or 0,
            event.note)


def _note_sort_key(note: CollaborationNote) -> tuple[object, ...]:
    return (note.agreement_id, note.date, note.author, note.rating or 0, note.note)


def _employment_event_sort_key(event: EmploymentEvent) -> tuple[object, ...]:
    return (event.employment_id, event.date, event.type, event.hours_per_week or 0,
            event.intensity or 0, event.note)


#: The tables of a register, in the order its constructor takes them.
_TABLE_FIELDS = ("agreements", "pathways", "events", "collaboration", "employments",
                 "employment_events")
