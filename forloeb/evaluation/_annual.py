"""
The annual report (da: *årsrapport*): everything the municipality's yearly
report on social economy needs, from the register, on the same engine.

As of 31 December of the year (or 30 June, for the mid-year status): the jobs
against the goal with the progression in flexjobs and the reviews; the summer
evaluation of each agreement (the eight questions as of 30 June) and where
each stands at the report's date; the comparison of the agreements; the trend
at each past 30 June; and the reconciliation of a published summary, where
one is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from forloeb import _arguments as check
from forloeb.codes import DEFAULT_JOBS_GOAL, FIRST_DATE, LAST_DATE
from forloeb.errors import InvalidArgument
from forloeb.evaluation._compare import comparison
from forloeb.evaluation._jobs import MAX_GOAL, JobFigures, jobs
from forloeb.evaluation._reconcile import Discrepancy, reconcile
from forloeb.evaluation._result import Evaluation, evaluate
from forloeb.evaluation._trend import trend_of
from forloeb.model import Register
from forloeb.privacy import hide_in_document

if TYPE_CHECKING:
    from forloeb.typing import AnnualReportDict, TrendDict

#: The most years back the trend of an annual report goes.
TREND_YEARS = 10


def _discrepancies(items: Sequence[Discrepancy] | None) -> tuple[Discrepancy, ...] | None:
    return None if items is None else tuple(items)


def _evaluations(items: Sequence[Evaluation]) -> tuple[Evaluation, ...]:
    return tuple(items)


@attrs.frozen
class AnnualReport:
    """
    The annual report (da: *årsrapport*) of a year as of ``as_of``: 31
    December, or 30 June for the mid-year status (``mid_year``).

    ``summer`` is the evaluation as of 30 June of the year; ``year_end`` the
    evaluation as of ``as_of`` (``None`` for the mid-year status, when it is
    the summer one); ``trend`` the key figures at each 30 June up to the
    year's; ``reconciliation`` the discrepancies of a published summary, or
    ``None`` where none was given.
    """

    year: int
    as_of: dt.date
    mid_year: bool
    jobs: JobFigures
    summer: Evaluation
    year_end: Evaluation | None
    trend: TrendDict
    reconciliation: tuple[Discrepancy, ...] | None = attrs.field(
        default=None, converter=_discrepancies)
    trend_evaluations: tuple[Evaluation, ...] = attrs.field(
        default=(), converter=_evaluations, eq=False, repr=False)

    def to_dict(self) -> AnnualReportDict:
        """
        The report as one JSON document: ``year``, ``as_of``, ``mid_year``,
        ``jobs`` (``JobFigures.to_dict()``), ``summer`` and ``year_end``
        (``Evaluation.to_dict()``; ``year_end`` ``None`` at mid-year),
        ``comparison`` (of ``year_end``, else ``summer``), ``trend`` and
        ``reconciliation`` (a list of ``Discrepancy.to_dict()``, or ``None``).
        """
        current = self.year_end or self.summer
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "mid_year": self.mid_year,
            "jobs": self.jobs.to_dict(),
            "summer": self.summer.to_dict(),
            "year_end": None if self.year_end is None else self.year_end.to_dict(),
            "comparison": comparison(current),
            "trend": self.trend,
            "reconciliation": None if self.reconciliation is None
            else [d.to_dict() for d in self.reconciliation],
        }


def annual_report(register: Register, *, year: int, mid_year: bool = False,
                  goal: int = DEFAULT_JOBS_GOAL,
                  published: Mapping[str, Any] | None = None) -> AnnualReport:
    """
    The annual report of ``year``: as of 31 December, or as of 30 June with
    ``mid_year``. ``goal`` is the year's goal of hires through the jobcenter;
    ``published``, a published summary to reconcile (see
    :func:`reconcile_register`).

    Raises:
        InvalidArgument: ``year`` is not a whole number within the years a
            register may hold, or ``published`` is not in the shape of the
            evaluation (or holds figures that are not figures).
    """
    check.check_instance("register", register, Register)
    check.check_int("year", year, low=FIRST_DATE.year, high=LAST_DATE.year)
    check.check_bool("mid_year", mid_year)
    check.check_int("goal", goal, low=0, high=MAX_GOAL)
    if published is not None and not isinstance(published, Mapping):
        raise check.refuse("published", "a published summary (a mapping) or None", published)
    summer_day = dt.date(year, 6, 30)
    as_of = summer_day if mid_year else dt.date(year, 12, 31)
    # The trend ends with the summer evaluation itself.
    evaluations = [evaluate(register, as_of=dt.date(y, 6, 30))
                   for y in trend_years(register, year)]
    summer = evaluations[-1]
    return AnnualReport(
        year=year, as_of=as_of, mid_year=mid_year,
        jobs=jobs(register, year=year, as_of=as_of, goal=goal),
        summer=summer,
        year_end=None if mid_year else evaluate(register, as_of=as_of),
        trend=trend_of(evaluations),
        reconciliation=None if published is None else reconcile_register(
            register, published, as_of=_published_as_of(published) or summer_day),
        trend_evaluations=evaluations,
    )


def trend_years(register: Register, year: int) -> list[int]:
    """
    The years of the trend up to ``year``: from the first 30 June on which
    an agreement had started, at most :data:`TREND_YEARS` of them.

    >>> import forloeb
    >>> trend_years(forloeb.load_example(), 2018)
    [2014, 2015, 2016, 2017, 2018]

    Raises:
        InvalidArgument: if ``register`` is no :class:`~forloeb.model.Register`,
            or ``year`` no year a register may hold (1990 to 2100).
    """
    check.check_instance("register", register, Register)
    check.check_int("year", year, low=FIRST_DATE.year, high=LAST_DATE.year)
    starts = [a.start_date for a in register.agreements]
    if not starts:
        return [year]
    first = min(starts)
    first_year = first.year if first <= dt.date(first.year, 6, 30) else first.year + 1
    return list(range(max(first_year, year - TREND_YEARS + 1, FIRST_DATE.year + 1),
                      year + 1)) or [year]


def reconcile_register(register: Register, published: Mapping[str, Any], *,
                       as_of: dt.date) -> list[Discrepancy]:
    """
    Every discrepancy between a published summary and the register: the
    evaluation as of ``as_of`` (over the period since the published
    ``since``, where it lies before ``as_of``) and, if the summary has
    ``jobs``, the jobs of its ``year`` as of its ``as_of`` (default 31
    December of that year; default year that of ``as_of``) against its ``goal``.

    Raises:
        InvalidArgument: as :func:`~forloeb.evaluation.reconcile`, or for a
            published date or year that is not one; if ``register`` is no
            :class:`~forloeb.model.Register`, or ``as_of`` no date a register may hold.
    """
    check.check_instance("register", register, Register)
    check.check_mapping("published", published, what="a JSON object (a Mapping)")
    check.check_date("as_of", as_of, bounded=True)
    published = hide_in_document(published)  # nothing CPR-like reaches a message
    since = _date(published, "since", published.get("since"))
    computed: dict[str, Any] = dict(evaluate(
        register, as_of=as_of, since=since if since is not None and since < as_of else None
    ).to_dict())
    published_jobs = published.get("jobs")
    if isinstance(published_jobs, Mapping):
        year = published_jobs.get("year", as_of.year)
        if not isinstance(year, int) or isinstance(year, bool):
            raise InvalidArgument(f"jobs.year must be a year, not {year!r}")
        jobs_as_of = _date(published_jobs, "jobs.as_of", published_jobs.get("as_of"))
        goal = published_jobs.get("goal", DEFAULT_JOBS_GOAL)
        if not isinstance(goal, int) or isinstance(goal, bool):
            raise InvalidArgument(f"jobs.goal must be a whole number, not {goal!r}")
        if not FIRST_DATE.year <= year <= LAST_DATE.year:
            raise InvalidArgument(f"jobs.year {year} is outside the years a register may hold")
        computed["jobs"] = jobs(register, year=year,
                                as_of=jobs_as_of or dt.date(year, 12, 31), goal=goal).to_dict()
    return reconcile(published, computed)


def _published_as_of(published: Mapping[str, Any]) -> dt.date | None:
    return _date(published, "as_of", published.get("as_of"))


def _date(document: Mapping[str, Any], name: str, value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name} must be a date like 2018-06-30, not {value!r}") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise InvalidArgument(f"{name} {day} is outside the dates a register may hold "
                              f"({FIRST_DATE} to {LAST_DATE})")
    return day


__all__ = ["TREND_YEARS", "AnnualReport", "annual_report", "reconcile_register",
           "trend_years"]
