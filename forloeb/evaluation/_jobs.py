"""
Jobs for a year (da: *job i året*): the hires through the jobcenter against the
yearly goal, the hires through other channels, per enterprise; the progression
in hours and intensity of the people in flexjobs; and the flexjob reviews due
in the year.

Pure functions over the register as of a date: only employments started on or
before it count, and only the changes and reviews dated on or before it.
Hours are exact (:class:`~decimal.Decimal`), means and paces exact fractions;
``to_dict()`` turns them into JSON numbers.

>>> import datetime as dt
>>> import forloeb
>>> figures = jobs(forloeb.load_example(), year=2018, as_of=dt.date(2018, 12, 31))
>>> figures.total_via_jobcenter, figures.goal, figures.goal_met, figures.other_channels
(35, 30, True, 29)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from forloeb import _arguments as check
from forloeb.codes import (
    DEFAULT_JOBS_GOAL,
    EMPLOYMENT_KINDS,
    FIRST_DATE,
    FLEXJOB,
    LAST_DATE,
    EmploymentEventType,
)
from forloeb.errors import InvalidArgument
from forloeb.evaluation._answers import STATUSES
from forloeb.evaluation._shares import compliance_of, to_figure, to_number
from forloeb.model import Employment, EmploymentEvent, Register, effective_hours
from forloeb.sla._employment import flexjob_deadlines

if TYPE_CHECKING:
    from forloeb.typing import (
        FlexjobPathDict,
        JobsDict,
        PaceDict,
        ProgressionDict,
        ReviewsDict,
        StepDict,
    )

#: The largest yearly goal: far more hires than a municipality makes.
MAX_GOAL = 1_000_000

_CHANGE = EmploymentEventType.CHANGE


def _read_only(counts: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(counts))


@attrs.frozen
class Step:
    """
    One point of a person's path in a flexjob: from ``date`` on, these hours
    a week at this intensity.
    """

    date: dt.date
    hours_per_week: Decimal
    intensity: int

    @property
    def effective_hours(self) -> Decimal:
        """
        Hours per week × intensity / 100, exactly (4.5 × 80 % = 3.6).
        """
        return effective_hours(self.hours_per_week, self.intensity)

    def to_dict(self) -> StepDict:
        """
        The JSON form: the date as ISO text, the hours as numbers.
        """
        return {"date": self.date.isoformat(), "hours_per_week": to_figure(self.hours_per_week),
                "intensity": self.intensity,
                "effective_hours": to_figure(self.effective_hours)}


def _steps(items: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(items)


@attrs.frozen
class FlexjobPath:
    """
    Progression in a flexjob (da: *progression i fleksjob*): one person's
    hours and intensity from the start of the flexjob up to the date asked
    about, by employment id (never by participant).
    """

    employment_id: str
    enterprise: str
    steps: tuple[Step, ...] = attrs.field(converter=_steps)

    @property
    def start(self) -> Step:
        """
        The hours and intensity the flexjob started with.
        """
        return self.steps[0]

    @property
    def now(self) -> Step:
        """
        The hours and intensity in force on the date asked about.
        """
        return self.steps[-1]

    @property
    def change(self) -> Decimal:
        """
        Effective hours now less effective hours at the start.
        """
        return self.now.effective_hours - self.start.effective_hours

    @property
    def direction(self) -> str:
        """
        ``up``, ``same`` or ``down``: how the effective hours moved.
        """
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"

    def to_dict(self) -> FlexjobPathDict:
        """
        The JSON form: the start, now, the change and every step.
        """
        return {"employment_id": self.employment_id, "enterprise": self.enterprise,
                "start": self.start.to_dict(), "now": self.now.to_dict(),
                "change": to_figure(self.change), "direction": self.direction,
                "steps": [s.to_dict() for s in self.steps]}


def _paths(items: Iterable[FlexjobPath]) -> tuple[FlexjobPath, ...]:
    return tuple(items)


@attrs.frozen
class Progression:
    """
    The progression in hours and intensity of the flexjobs running on ``as_of``.
    """

    as_of: dt.date
    paths: tuple[FlexjobPath, ...] = attrs.field(converter=_paths)

    @property
    def running(self) -> int:
        """
        How many flexjobs run on ``as_of``.
        """
        return len(self.paths)

    def count(self, direction: str) -> int:
        """
        How many went ``up``, stayed the ``same`` or went ``down``.
        """
        return sum(p.direction == direction for p in self.paths)

    @property
    def mean_start_hours(self) -> Fraction | None:
        """
        The mean effective hours at the start (``None`` with no flexjob running).
        """
        return _mean(p.start.effective_hours for p in self.paths)

    @property
    def mean_hours(self) -> Fraction | None:
        """
        The mean effective hours on ``as_of``.
        """
        return _mean(p.now.effective_hours for p in self.paths)

    @property
    def mean_change(self) -> Fraction | None:
        """
        The mean change in effective hours, start to ``as_of``.
        """
        return _mean(p.change for p in self.paths)

    def to_dict(self) -> ProgressionDict:
        """
        The JSON form: the counts, the means and each person's path.
        """
        return {"as_of": self.as_of.isoformat(), "running": self.running,
                "up": self.count("up"), "same": self.count("same"), "down": self.count("down"),
                "mean_start_hours": to_number(self.mean_start_hours),
                "mean_hours": to_number(self.mean_hours),
                "mean_change": to_number(self.mean_change),
                "paths": [p.to_dict() for p in self.paths]}


def _mean(values: Iterable[Decimal]) -> Fraction | None:
    exact = [Fraction(v) for v in values]
    return sum(exact, Fraction(0)) / len(exact) if exact else None


@attrs.frozen
class Reviews:
    """
    The flexjob reviews (da: *opfølgning efter 2½ år*) due in ``year``, by
    status as of the date asked about.
    """

    year: int
    by_status: Mapping[str, int] = attrs.field(converter=_read_only)

    @property
    def due(self) -> int:
        """
        How many reviews fall due in the year.
        """
        return sum(self.by_status.values())

    @property
    def compliance(self) -> Fraction | None:
        """
        met / (met + late + overdue + missed), ``None`` when none counts.
        """
        return compliance_of(self.by_status)

    def to_dict(self) -> ReviewsDict:
        """
        The JSON form: the year, the count, each status and the compliance.
        """
        count = self.by_status.get
        return {"year": self.year, "due": self.due,
                "met": count("met", 0), "late": count("late", 0),
                "exempt": count("exempt", 0), "pending": count("pending", 0),
                "overdue": count("overdue", 0), "missed": count("missed", 0),
                "not_due": count("not_due", 0),
                "compliance": to_number(self.compliance)}


@attrs.frozen
class Pace:
    """
    Where the year's hires stand against the goal before the year is over
    (da: *tempo*): months as exact fractions, the hires expected by now if
    the goal were spread evenly over the year, and the hires a month needed
    in the months left to reach it.
    """

    months_elapsed: Fraction
    months_left: Fraction
    expected_by_now: Fraction
    on_track: bool
    needed_per_month: Fraction | None

    def to_dict(self) -> PaceDict:
        """
        The JSON form, fractions as numbers.
        """
        return {"months_elapsed": to_figure(self.months_elapsed),
                "months_left": to_figure(self.months_left),
                "expected_by_now": to_figure(self.expected_by_now),
                "on_track": self.on_track,
                "needed_per_month": to_number(self.needed_per_month)}


@attrs.frozen
class EnterpriseJobs:
    """
    The hires of one social-economy enterprise in the year.
    """

    enterprise: str
    via_jobcenter: int
    other_channels: int

    @property
    def total(self) -> int:
        """
        Every hire of the enterprise in the year.
        """
        return self.via_jobcenter + self.other_channels


def _enterprises(items: Iterable[EnterpriseJobs]) -> tuple[EnterpriseJobs, ...]:
    return tuple(items)


@attrs.frozen
class JobFigures:
    """
    Jobs for a year (da: *job i året*) as of a date: hires through the
    jobcenter by kind against the goal, hires through other channels, per
    enterprise; the progression in flexjobs running on the date, and the
    flexjob reviews due in the year.
    """

    year: int
    as_of: dt.date
    goal: int
    via_jobcenter: Mapping[str, int] = attrs.field(converter=_read_only)
    other_by_kind: Mapping[str, int] = attrs.field(converter=_read_only)
    enterprises: tuple[EnterpriseJobs, ...] = attrs.field(converter=_enterprises)
    pace: Pace | None
    progression: Progression
    reviews: Reviews

    @property
    def total_via_jobcenter(self) -> int:
        """
        Every hire through the jobcenter in the year up to ``as_of``.
        """
        return sum(self.via_jobcenter.values())

    @property
    def other_channels(self) -> int:
        """
        Every hire through the enterprises' own channels in the year.
        """
        return sum(self.other_by_kind.values())

    @property
    def goal_met(self) -> bool:
        """
        Whether the hires through the jobcenter reach the goal.
        """
        return self.total_via_jobcenter >= self.goal

    @property
    def missing(self) -> int:
        """
        How many hires through the jobcenter the goal still lacks (0 once met).
        """
        return max(self.goal - self.total_via_jobcenter, 0)

    @property
    def mid_year(self) -> bool:
        """
        Whether this is the mid-year status: as of 30 June of the year.
        """
        return self.as_of == dt.date(self.year, 6, 30)

    def to_dict(self) -> JobsDict:
        """
        The JSON form: ``year``, ``as_of``, ``goal``, ``via_jobcenter`` (kind:
        count), ``total_via_jobcenter``, ``goal_met``, ``missing``,
        ``other_channels`` (and ``other_channels_by_kind``), ``total``,
        ``by_enterprise`` (name: every hire) and ``enterprises`` (the split
        by channel), ``mid_year``, ``pace`` (``None`` at the end of the year),
        ``flexjob_progression`` and ``flexjob_reviews``.
        """
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "goal": self.goal,
            "via_jobcenter": dict(self.via_jobcenter),
            "total_via_jobcenter": self.total_via_jobcenter,
            "goal_met": self.goal_met,
            "missing": self.missing,
            "other_channels": self.other_channels,
            "other_channels_by_kind": dict(self.other_by_kind),
            "total": self.total_via_jobcenter + self.other_channels,
            "by_enterprise": {e.enterprise: e.total for e in self.enterprises},
            "enterprises": [{"enterprise": e.enterprise, "via_jobcenter": e.via_jobcenter,
                             "other_channels": e.other_channels, "total": e.total}
                            for e in self.enterprises],
            "mid_year": self.mid_year,
            "pace": None if self.pace is None else self.pace.to_dict(),
            "flexjob_progression": self.progression.to_dict(),
            "flexjob_reviews": self.reviews.to_dict(),
        }


def jobs(register: Register, *, as_of: dt.date, year: int | None = None,
         goal: int = DEFAULT_JOBS_GOAL) -> JobFigures:
    """
    The jobs of ``year`` (default: the year of ``as_of``) as of ``as_of``.

    A hire counts in the year when it starts from 1 January to the earlier of
    31 December and ``as_of``. Progression is over the flexjobs running on
    ``as_of``; the reviews are those due in the year, with their status as
    of ``as_of``. Only facts dated on or before ``as_of`` count (rule 8).

    Raises:
        InvalidArgument: ``as_of`` is not a date within the dates a register
            may hold, ``year`` is not a whole number or ``as_of`` lies
            before it, or ``goal`` is not a whole number from 0 to
            :data:`MAX_GOAL`.
    """
    check.check_instance("register", register, Register)
    check.check_date("as_of", as_of, bounded=True)
    check.check_int("year", year, low=FIRST_DATE.year, high=LAST_DATE.year, optional=True)
    check.check_int("goal", goal, low=0, high=MAX_GOAL)
    year = as_of.year if year is None else year
    if year > as_of.year:
        raise InvalidArgument(f"as_of={as_of} lies before the year {year} begins; the jobs "
                              "of a year are counted as of a date in it or after it")
    known = [k for e in register.employments if (k := e.known_as_of(as_of)) is not None]
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    hired = [e for e in known if first <= e.start_date <= last]
    via = Counter(e.kind for e in hired if e.channel == "jobcenter")
    other = Counter(e.kind for e in hired if e.channel != "jobcenter")
    via_jobcenter = {kind: via[kind] for kind in EMPLOYMENT_KINDS}
    return JobFigures(
        year=year, as_of=as_of, goal=goal,
        via_jobcenter=via_jobcenter,
        other_by_kind={kind: other[kind] for kind in EMPLOYMENT_KINDS},
        enterprises=_by_enterprise(hired),
        pace=_pace(as_of, year, goal, sum(via_jobcenter.values())),
        progression=progression(register, known, as_of=as_of),
        reviews=_reviews(register, known, year=year, as_of=as_of),
    )


def _by_enterprise(hired: Sequence[Employment]) -> list[EnterpriseJobs]:
    via: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for e in hired:
        (via if e.channel == "jobcenter" else other)[e.enterprise] += 1
    names = sorted(set(via) | set(other), key=lambda name: (-(via[name] + other[name]), name))
    return [EnterpriseJobs(name, via[name], other[name]) for name in names]


def _pace(as_of: dt.date, year: int, goal: int, total: int) -> Pace | None:
    if as_of >= dt.date(year, 12, 31):
        return None
    days = calendar.monthrange(year, as_of.month)[1]
    left = Fraction(12 - as_of.month) + Fraction(days - as_of.day, days)
    elapsed = 12 - left
    expected = goal * elapsed / 12
    missing = max(goal - total, 0)
    return Pace(months_elapsed=elapsed, months_left=left, expected_by_now=expected,
                on_track=total >= expected, needed_per_month=missing / left if left else None)


def progression(register: Register, employments: Iterable[Employment], *,
                as_of: dt.date) -> Progression:
    """
    The progression of the flexjobs among ``employments`` (as known on
    ``as_of``) that run on ``as_of``: each one's steps, from its start and
    every change dated on or before ``as_of`` (an empty cell of a change
    keeps the value before it).
    """
    paths = []
    for e in employments:
        if e.kind != FLEXJOB or not e.is_running_on(as_of):
            continue
        events = register.employment_events_of(e.employment_id, until=as_of)
        paths.append(FlexjobPath(e.employment_id, e.enterprise, path_of(e, events)))
    return Progression(as_of, paths)


def path_of(employment: Employment, events: Iterable[EmploymentEvent]) -> list[Step]:
    """
    The steps of one employment: its start, then each change in date order.

    >>> from forloeb.model import Employment, EmploymentEvent
    >>> job = Employment("E1", "D-1", "Sumak", "fleksjob", dt.date(2016, 9, 8),
    ...                  Decimal("4.5"), intensity=80)
    >>> later = EmploymentEvent("E1", dt.date(2017, 3, 1), EmploymentEventType.CHANGE,
    ...                         hours_per_week=Decimal(8))
    >>> [str(s.effective_hours) for s in path_of(job, [later])]
    ['3.6', '6.4']
    """
    steps = [Step(employment.start_date, employment.hours_per_week, employment.intensity)]
    for event in sorted(events, key=lambda e: e.date):
        if event.type != _CHANGE:
            continue
        before = steps[-1]
        steps.append(Step(event.date,
                          before.hours_per_week if event.hours_per_week is None
                          else event.hours_per_week,
                          before.intensity if event.intensity is None else event.intensity))
    return steps


def _reviews(register: Register, employments: Iterable[Employment], *, year: int,
             as_of: dt.date) -> Reviews:
    counts: Counter[str] = Counter()
    for e in employments:
        events = register.employment_events_of(e.employment_id)
        for d in flexjob_deadlines(e, events, as_of=as_of):
            if d.due.year == year:
                counts[d.status.value] += 1
    return Reviews(year, {status: counts[status] for status in STATUSES})


__all__ = [
    "MAX_GOAL",
    "EnterpriseJobs",
    "FlexjobPath",
    "JobFigures",
    "Pace",
    "Progression",
    "Reviews",
    "Step",
    "jobs",
    "path_of",
    "progression",
]
