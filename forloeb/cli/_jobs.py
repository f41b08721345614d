"""
``forloeb jobs``: the hires of a year against the goal, the progression in
flexjobs and the flexjob reviews due in the year.

``forloeb report``: the annual report (or, with ``--mid-year``, the mid-year
status) of a year, on the same engine.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from forloeb.cli import _common, _output, usage_error
from forloeb.cli._evaluate import FORMATS, suppress_below_argument
from forloeb.codes import DEFAULT_JOBS_GOAL, FIRST_DATE, LAST_DATE
from forloeb.evaluation._jobs import MAX_GOAL


def year_argument(text: str) -> int:
    """
    ``--year Y``: a year within the dates forloeb works with.
    """
    return _common.whole_number_argument(text, low=FIRST_DATE.year, high=LAST_DATE.year,
                                         what="a year")


def goal_argument(text: str) -> int:
    """
    ``--goal N``: the yearly goal of hires through the jobcenter.
    """
    return _common.whole_number_argument(text, low=0, high=MAX_GOAL, what="jobs")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--goal", type=goal_argument, default=DEFAULT_JOBS_GOAL, metavar="N",
                        help=f"the yearly goal of hires through the jobcenter (default "
                        f"{DEFAULT_JOBS_GOAL})")
    _common.add_lang_argument(parser)
    _output.add_output_arguments(parser, FORMATS)
    parser.add_argument("--suppress-below", type=suppress_below_argument, metavar="N",
                        help="show counts of people from 1 to N-1 as <N, hide what is "
                        "worked out from them and leave out each person's path, so no one "
                        "can be singled out")


def add_parser(subparsers: Any) -> None:
    """
    Add ``jobs`` and ``report`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "jobs",
        help="count the year's hires against the goal; flexjob progression and reviews",
        description="Count the hires of a year up to a date: through the jobcenter by "
        "kind against the yearly goal (met or not, how many are missing, and before the "
        "year is over the pace needed), through other channels, and per enterprise; the "
        "progression in hours and intensity of the flexjobs running on the date, each "
        "person's path, and the flexjob reviews due in the year by status.",
    )
    _common.add_register_argument(parser)
    parser.add_argument("--year", type=year_argument, metavar="Y",
                        help="the year (default: the year of --as-of)")
    _common.add_as_of_argument(
        parser, "31 December of --year, or today if that is earlier; without --year, "
        "today (2018-06-30 for the bundled example)")
    _add_common(parser)
    parser.set_defaults(run=run_jobs)

    report = subparsers.add_parser(
        "report",
        help="the annual report of a year (or the mid-year status)",
        description="The annual report of a year as of 31 December (with --mid-year, the "
        "status as of 30 June): jobs against the goal, flexjob progression and reviews; "
        "the summer evaluation of each agreement and where each stands at the report's "
        "date; the comparison of the agreements; the trend at each 30 June; and the "
        "reconciliation of a published summary given with --published.",
    )
    _common.add_register_argument(report)
    report.add_argument("--year", type=year_argument, metavar="Y", required=True,
                        help="the year of the report")
    report.add_argument("--mid-year", action="store_true",
                        help="the mid-year status: as of 30 June")
    report.add_argument("--published", metavar="PUBLISHED.json",
                        help="a published summary to reconcile with the register (as for "
                        "'forloeb reconcile')")
    _add_common(report)
    report.set_defaults(run=run_report)


def jobs_dates(args: argparse.Namespace, *, today: dt.date) -> tuple[int, dt.date]:
    """
    The year and the date to count up to, from ``--year`` and ``--as-of``.
    """
    if args.as_of is not None:
        year = args.as_of.year if args.year is None else args.year
        if year > args.as_of.year:
            raise usage_error(f"--as-of {args.as_of} lies before the year {year} begins")
        return year, args.as_of
    if args.year is not None:
        as_of = min(dt.date(args.year, 12, 31), today)
        if as_of.year < args.year:
            raise usage_error(f"the year {args.year} has not begun yet; give --as-of")
        return args.year, as_of
    as_of = _common.default_as_of(args, today_default=today)
    return as_of.year, as_of


def run_jobs(args: argparse.Namespace, out: TextIO) -> int:
    """
    Count the jobs of the year and write them.
    """
    from forloeb.evaluation import jobs
    from forloeb.rendering import render_jobs

    year, as_of = jobs_dates(args, today=_common.today())
    register = _common.load_register(args.register)
    document = jobs(register, year=year, as_of=as_of, goal=args.goal).to_dict()
    _write(document, render_jobs, args, out)
    return 0


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    """
    Build the annual report of the year and write it.
    """
    from forloeb.cli._reconcile import PublishedFileError, read_published
    from forloeb.errors import InvalidArgument
    from forloeb.evaluation import annual_report
    from forloeb.rendering import render_annual_report

    published = None if args.published is None else read_published(Path(args.published))
    register = _common.load_register(args.register)
    try:
        report = annual_report(register, year=args.year, mid_year=args.mid_year,
                               goal=args.goal, published=published)
    except InvalidArgument as e:
        if published is None:
            raise
        raise PublishedFileError(f"{args.published}: {e}") from None
    _write(report.to_dict(), render_annual_report, args, out)
    return 0


def _write(document: Mapping[str, Any], render: Any, args: argparse.Namespace,
           out: TextIO) -> None:
    from forloeb.rendering import suppress

    if args.suppress_below:
        document = suppress(document, below=args.suppress_below)
    _output.write(render(document, fmt=args.format, lang=args.lang), args, out)
