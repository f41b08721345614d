"""
``forloeb evaluate``: the eight questions for every agreement, in any format.

With ``--years A..B`` it shows the key figures at each 30 June side by side
instead (the multi-year trend).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from forloeb.cli import _common, _output, usage_error
from forloeb.codes import FIRST_DATE, LAST_DATE
from forloeb.dates import last_june_30
from forloeb.errors import UnknownIdError
from forloeb.model import Agreement

if TYPE_CHECKING:
    from forloeb.typing import TrendDict

#: Every format of ``evaluate``; xlsx is binary and needs ``-o FILE``.
FORMATS = ("text", "markdown", "html", "json", "csv", "xlsx")

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:\.\.\s*(\d{4})\s*)?$")


def add_parser(subparsers: Any) -> None:
    """
    Add ``evaluate`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "evaluate",
        help="answer the eight evaluation questions for every agreement",
        description="Answer the eight questions of the evaluation paradigm for every "
        "cooperation agreement, as of a date, over the year before it.",
    )
    _common.add_register_argument(parser)
    _common.add_as_of_argument(
        parser, "the most recent 30 June; 2018-06-30 for the bundled example")
    _common.add_since_argument(parser)
    _common.add_known_at_argument(parser)
    parser.add_argument("--agreement", action="append", dest="agreements", metavar="ID",
                        help="evaluate only this agreement (repeat for more)")
    _common.add_lang_argument(parser)
    _common.add_engine_argument(parser)
    _output.add_output_arguments(parser, FORMATS)
    add_suppress_argument(parser)
    parser.add_argument("--years", type=years_argument, metavar="A..B",
                        help="evaluate at 30 June of each year from A to B and show the key "
                        "figures side by side")
    parser.set_defaults(run=run)


#: The largest ``--suppress-below``: a threshold above it would hide every figure.
MAX_SUPPRESS_BELOW = 1000


def add_suppress_argument(parser: argparse.ArgumentParser) -> None:
    """
    ``--suppress-below N``, for every report that shows counts of people.
    """
    parser.add_argument("--suppress-below", type=suppress_below_argument, metavar="N",
                        help="show counts from 1 to N-1 as <N, hide the counts that would "
                        "give them away (x) and the shares worked out from either, so no "
                        "one can be singled out")


def suppress_below_argument(text: str) -> int:
    """
    ``--suppress-below N``: a whole number from 2 to :data:`MAX_SUPPRESS_BELOW`.
    """
    return _common.whole_number_argument(text, low=2, high=MAX_SUPPRESS_BELOW,
                                         what="people")


def years_argument(text: str) -> list[int]:
    """
    ``--years 2016..2018`` (or one year, ``2018``): the years, first to last,
    within the years forloeb works with.
    """
    match = _YEARS.match(text)
    first = int(match.group(1)) if match else 0
    last = int(match.group(2) or first) if match else 0
    if not match or not 1 < first <= last:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a range of years; write it as 2016..2018")
    if not FIRST_DATE.year <= first <= last <= LAST_DATE.year:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the years forloeb works with "
            f"({FIRST_DATE.year} to {LAST_DATE.year})")
    return list(range(first, last + 1))


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Evaluate, suppress if asked, render and write.
    """
    from forloeb.evaluation import trend_of
    from forloeb.rendering import render_evaluation, render_trend, suppress
    from forloeb.rendering.json import write_json

    if args.years and (args.as_of is not None or args.since is not None):
        raise usage_error("--years evaluates at 30 June of each year; "
                          "leave out --as-of and --since")
    document: Mapping[str, Any]
    with _common.evaluator(args, known_at=args.known_at) as engine:
        if args.years:
            evaluations = [engine.evaluate(as_of=dt.date(year, 6, 30)) for year in args.years]
            document = _only(trend_of(evaluations), args.agreements, engine.agreements)
            if args.suppress_below:
                # Each year's rows hide what that year's evaluation hides.
                document = suppress(document, below=args.suppress_below,
                                    evaluations=[e.to_dict() for e in evaluations])
        else:
            as_of = _common.default_as_of(args, today_default=last_june_30(_common.today()))
            document = engine.evaluate(as_of=as_of, since=args.since,
                                       agreements=args.agreements).to_dict()
            if args.suppress_below:
                document = suppress(document, below=args.suppress_below)
    if args.format == "json":
        # Straight to the file: the document of a large register is tens of
        # megabytes as text.
        with _output.opened(args, out) as target:
            write_json(document, target)  # type: ignore[arg-type]
        return 0
    render = render_trend if args.years else render_evaluation
    rendered = render(document, fmt=args.format, lang=args.lang, excel=args.excel,
                      source=_common.source_of(args.register, args.lang),
                      generated_at=_common.now())
    _output.write(rendered, args, out)
    return 0


def _only(document: TrendDict, agreements: list[str] | None,
          held_agreements: Sequence[Agreement]) -> TrendDict:
    # --agreement with --years: keep the trend of the agreements asked for.
    if not agreements:
        return document
    ids = {a.agreement_id for a in held_agreements}
    unknown = [a for a in agreements if a not in ids]
    if unknown:
        held = ", ".join(a.agreement_id for a in held_agreements) or "none"
        raise UnknownIdError(
            f"the register has no agreement {', '.join(map(repr, unknown))} (it has: {held})")
    for year in document["years"]:
        year["agreements"] = [a for a in year["agreements"] if a["agreement_id"] in agreements]
    return document
