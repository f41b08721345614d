"""
``forloeb sla``: the caseworker's work list of deadlines, most urgent first.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from forloeb.cli import _common
from forloeb.rendering.worklist import FORMATS, render_worklist
from forloeb.sla import Status, check_deadlines


def add_parser(subparsers: Any) -> None:
    """
    Add ``sla`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "sla",
        help="list every deadline and its status: the caseworker's work list",
        description="List the deadlines of every pathway (individual plan, attendance "
        "sheets, frame, follow-up meetings) and each agreement's capacity as of a date, "
        "grouped by agreement, most urgent first, with the compliance rate of each rule.",
    )
    _common.add_register_argument(parser)
    _common.add_as_of_argument(parser, "today; 2018-06-30 for the bundled example")
    _common.add_known_at_argument(parser)
    parser.add_argument("--status", action="append", dest="statuses", metavar="STATUS",
                        choices=[s.value for s in Status],
                        help="list only findings with this status (repeat for more): "
                        + ", ".join(s.value for s in Status))
    parser.add_argument("--agreement", action="append", dest="agreements", metavar="ID",
                        help="only this agreement (repeat for more)")
    parser.add_argument("--due-within", type=_days_argument, metavar="DAYS",
                        help="also list the attendance sheets falling due in the next DAYS "
                        "days, as pending")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text)")
    _common.add_lang_argument(parser)
    _common.add_output_argument(parser)
    parser.set_defaults(run=run)


#: The longest look ahead ``--due-within`` takes: ten years.
MAX_DUE_WITHIN = 3650


def _days_argument(text: str) -> int:
    return _common.whole_number_argument(text, low=0, high=MAX_DUE_WITHIN, what="days")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Check the deadlines and write the work list; 0 whatever their status.
    """
    register = _common.load_register(args.register, known_at=args.known_at)
    as_of = _common.default_as_of(args, today_default=_common.today())
    findings = check_deadlines(register, as_of=as_of, due_within=args.due_within,
                               agreements=args.agreements)
    if args.agreements is None:
        agreements = [a for a in register.agreements if a.start_date <= as_of]
    else:
        agreements = [register.agreement(a) for a in dict.fromkeys(args.agreements)]
    until = as_of + dt.timedelta(days=args.due_within) if args.due_within else None
    statuses = None if args.statuses is None else {Status(s) for s in args.statuses}
    rendered = render_worklist(findings, agreements=agreements, as_of=as_of, fmt=args.format,
                               lang=args.lang, statuses=statuses, until=until)
    with _common.output(args.output, out) as target:
        target.write(rendered)  # type: ignore[attr-defined]
    return 0
