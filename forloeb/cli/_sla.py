"""
``forloeb sla``: the caseworker's work list of deadlines, most urgent first.

By default it lists what needs doing (overdue, and falling due within
``--due-within`` days); ``--all`` lists every finding and ``--status`` those
of some statuses. :func:`forloeb.sla.select_worklist` decides, for every format.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from forloeb.cli import _common, _output
from forloeb.rendering.worklist import FORMATS, render_excel_csv, render_listed, render_worklist
from forloeb.sla import DUE_WITHIN, Status, check_deadlines


def add_parser(subparsers: Any) -> None:
    """
    Add ``sla`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "sla",
        help="list the deadlines that need doing: the caseworker's work list",
        description="List the deadlines of the pathways (individual plan, attendance "
        "sheets, frame, follow-up meetings) as of a date, grouped by agreement, most "
        "urgent first, under the compliance rate of each rule. By default: what needs "
        "doing, i.e. every overdue deadline and every deadline falling due within "
        f"--due-within days (default {DUE_WITHIN}).",
    )
    _common.add_register_argument(parser)
    _common.add_as_of_argument(parser, "today; 2018-06-30 for the bundled example")
    _common.add_known_at_argument(parser)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--status", action="append", dest="statuses", metavar="STATUS",
                       choices=[s.value for s in Status],
                       help="list the findings with this status instead, history included "
                       "(repeat for more): " + ", ".join(s.value for s in Status))
    shown.add_argument("--all", action="store_true", dest="everything",
                       help="list every finding, history included")
    parser.add_argument("--agreement", action="append", dest="agreements", metavar="ID",
                        help="only this agreement (repeat for more)")
    parser.add_argument("--due-within", type=_days_argument, metavar="DAYS",
                        default=DUE_WITHIN,
                        help="list the deadlines falling due in the next DAYS days, as "
                        f"pending (default {DUE_WITHIN}; 0: only what is overdue or due "
                        "today)")
    _common.add_lang_argument(parser)
    _common.add_engine_argument(parser)
    _output.add_output_arguments(parser, FORMATS)
    parser.set_defaults(run=run)


#: The longest look ahead ``--due-within`` takes: ten years.
MAX_DUE_WITHIN = 3650


def _days_argument(text: str) -> int:
    return _common.whole_number_argument(text, low=0, high=MAX_DUE_WITHIN, what="days")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Check the deadlines and write the work list; 0 whatever their status.
    """
    as_of = _common.default_as_of(args, today_default=_common.today())
    statuses = None if args.statuses is None else {Status(s) for s in args.statuses}
    if _common.columnar_wanted(args):
        with _common.open_columns(args.register, known_at=args.known_at) as columns:
            return _columnar(columns, args, out, as_of=as_of, statuses=statuses)
    register = _common.load_register(args.register, known_at=args.known_at)
    findings = check_deadlines(register, as_of=as_of, due_within=args.due_within,
                               agreements=args.agreements)
    if args.agreements is None:
        agreements = [a for a in register.agreements if a.start_date <= as_of]
    else:
        agreements = [register.agreement(a) for a in dict.fromkeys(args.agreements)]
    rendered = render_worklist(findings, agreements=agreements, as_of=as_of, fmt=args.format,
                               lang=args.lang, statuses=statuses, due_within=args.due_within,
                               everything=args.everything, excel=args.excel)
    _output.write(rendered, args, out)
    return 0


def _columnar(columns: Any, args: argparse.Namespace, out: TextIO, *, as_of: dt.date,
              statuses: set[Status] | None) -> int:
    # The same work list from the columnar engine: JSON and CSV written as
    # the findings come, never all held at once.
    from forloeb.columnar._worklist import worklist, write_findings

    selection = {"as_of": as_of, "due_within": args.due_within,
                 "agreements": args.agreements, "statuses": statuses,
                 "everything": args.everything}
    if args.format in ("json", "csv") and not args.excel:
        with _output.opened(args, out) as target:
            write_findings(columns, target, fmt=args.format, **selection)  # type: ignore[arg-type]
        return 0
    listed, compliance, capacity = worklist(columns, **selection)
    by_id = {a.agreement_id: a for a in columns.agreements}
    if args.agreements is None:
        agreements = [a for a in columns.agreements if a.start_date <= as_of]
    else:
        agreements = [by_id[a] for a in dict.fromkeys(args.agreements)]
    # The agreements in their order, then (where employments followed no
    # pathway) the enterprises, as the reference groups them.
    groups: dict[tuple[str, str], list[Any]] = {("agreement", a.agreement_id): []
                                                for a in agreements}
    groups.update(listed)
    if args.format == "csv":  # for Danish Excel (plain CSV was streamed above)
        rendered = render_excel_csv(groups, lang=args.lang)
    else:
        rendered = render_listed(groups, compliance=compliance, capacity=capacity,
                                 agreements=agreements, as_of=as_of, fmt=args.format,
                                 lang=args.lang, statuses=statuses,
                                 due_within=args.due_within, everything=args.everything)
    _output.write(rendered, args, out)
    return 0
