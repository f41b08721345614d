"""
``forloeb check``: validate a register and list every problem in it, or
summarise it on one screen when it is valid.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from forloeb._bundled import EXAMPLE_REGISTER
from forloeb.cli import _common
from forloeb.codes import EMPLOYMENT_KINDS, EventType, State
from forloeb.columnar._register import Summary
from forloeb.errors import ForloebError, RegisterError
from forloeb.escaping import terminal_text
from forloeb.loading import load
from forloeb.model import Agreement, Register


def add_parser(subparsers: Any) -> None:
    """
    Add ``check`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "check",
        help="validate a register: list every problem, or summarise it",
        description="Read a register and check every rule. If anything is wrong, list "
        "every problem with its file, row and column and exit with status 1; if not, "
        "summarise the register: its agreements, its pathways by state and its events.",
    )
    _common.add_register_argument(parser)
    _common.add_as_of_argument(parser, "today; 2018-06-30 for the bundled example")
    _common.add_engine_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Check the register; 0 if it is valid. If it has problems, list them on
    ``out`` and raise, so the count goes to stderr and the status is 1.
    Warnings go to stderr, as for every command.
    """
    from forloeb.store._location import names_a_store, shown_location

    path = EXAMPLE_REGISTER if args.register is None else args.register
    shown = shown_location(args.register) if args.register is not None \
        else "the bundled example"
    as_of = _common.default_as_of(args, today_default=_common.today())
    try:
        if _common.columnar_wanted(args):
            with _common.open_columns(args.register) as columns:
                agreements, summary = columns.agreements, columns.summary(as_of=as_of)
        else:
            register = load(path)
            agreements, summary = register.agreements, _summary_of(register, as_of)
    except RegisterError as e:
        _problems([str(problem) for problem in e.problems], shown, out)
    if names_a_store(path):
        # What loading does not read: the indexes, the pages of the history.
        from forloeb.store import Store

        with Store.open(path, read_only=True) as store:
            damage = store.check_integrity()
        if damage:
            _problems(damage, shown, out)
    out.write(terminal_text(_summary(agreements, summary, shown, as_of)))
    return 0


def _problems(problems: list[str], shown: str, out: TextIO) -> NoReturn:
    # Every problem on ``out``, their count as the error (to stderr, status 1).
    for problem in problems:
        out.write(f"{terminal_text(problem)}\n")
    count = len(problems)
    found = f"{count} {'problem' if count == 1 else 'problems'} found"
    raise ForloebError(f"{shown}: {found}") from None


def _summary_of(register: Register, as_of: dt.date) -> Summary:
    # What the columnar engine's Columns.summary gives, from objects.
    pathways = {}
    for a in register.agreements:
        pathways[a.agreement_id] = dict(Counter(
            _state(p.known_as_of(as_of), as_of) for p in register.pathways_of(a.agreement_id)))
    return Summary(pathways, dict(Counter(e.type for e in register.events)),
                   len(register.collaboration), register.employments,
                   len(register.employment_events))


def _summary(agreements: Sequence[Agreement], summary: Summary, shown: str,
             as_of: dt.date) -> str:
    lines = [f"{shown}: valid, as of {as_of.isoformat()}", ""]
    lines.append(f"Agreements: {len(agreements)}")
    width = max((len(a.agreement_id) for a in agreements), default=0)
    for a in agreements:
        who = ", ".join(part for part in (a.name, a.provider) if part)
        extra = f" + {a.extra_slots} extra" if a.extra_slots else ""
        lines.append(f"  {a.agreement_id:<{width}}  {a.slots} slots{extra}"
                     + (f"  ({who})" if who else ""))
    total = sum(sum(counts.values()) for counts in summary.pathways.values())
    lines += ["", f"Pathways: {total}"]
    header = ("", "referred", "active", "ended", "later", "total")
    table: list[tuple[str, ...]] = [header]
    for a in agreements:
        counts = summary.pathways.get(a.agreement_id, {})
        table.append((a.agreement_id, *(str(counts.get(k, 0)) for k in header[1:5]),
                      str(sum(counts.values()))))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                          strict=True)]
        lines.append("  " + "  ".join(cells).rstrip())
    lines.append("  (later: not yet referred or started as of the date)")
    by_type = summary.events
    lines += ["", f"Events: {sum(by_type.values())}"]
    for kind in EventType:
        if by_type.get(kind):
            lines.append(f"  {kind.value:<18} {by_type[kind]:>7}")
    lines += ["", f"Collaboration notes: {summary.notes}"]
    employments = summary.employments
    if employments or summary.employment_events:
        lines += ["", f"Employments: {len(employments)}",
                  "               jobcenter  other  running"]
        for code in EMPLOYMENT_KINDS:
            jobs = [e for e in employments if e.kind == code]
            via = sum(e.channel == "jobcenter" for e in jobs)
            running = sum(e.is_running_on(as_of) for e in jobs)
            lines.append(f"  {code:<12} {via:>9}  {len(jobs) - via:>5}  {running:>7}")
        lines += ["", f"Employment events: {summary.employment_events}"]
    return "\n".join(lines) + "\n"


def _state(pathway: Any, as_of: dt.date) -> str:
    if pathway is None:
        return "later"
    state: State = pathway.state(as_of=as_of)
    return state.value
