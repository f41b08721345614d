"""
``forloeb import``, ``forloeb export`` and ``forloeb history``: moving a
register into and out of a store, and showing what was recorded when.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from forloeb.cli import _common, _output, usage_error
from forloeb.cli._common import load_register, parse_date_argument
from forloeb.escaping import terminal_text
from forloeb.model import Register
from forloeb.schema import TABLES
from forloeb.store._location import names_a_store, shown_location

#: How STORE is described in the help.
_STORE_HELP = "the store: a .sqlite file, or a postgresql:// URI"

#: What each table's items are called in messages (singular, plural).
_NOUNS = {
    "agreements": ("agreement", "agreements"),
    "pathways": ("pathway", "pathways"),
    "events": ("event", "events"),
    "collaboration": ("collaboration note", "collaboration notes"),
}

#: What ``export`` writes, and the files of a register in CSV (all that an
#: existing folder may hold for ``export --force`` to replace it).
_EXPORT_FORMATS = ("csv", "json", "xlsx")
_CSV_FILES = frozenset(table.file_name for table in TABLES.values())

#: The store used by ``forloeb history`` when none is named.
DEFAULT_STORE = "forloeb.sqlite"


def add_parser(subparsers: Any) -> None:
    """
    Add ``import``, ``export`` and ``history`` to the command line.
    """
    p = subparsers.add_parser(
        "import", help="import a register into a store",
        description="Import a register (a CSV folder, .json or .xlsx) into a store in one "
        "transaction. A register with any problem writes nothing. The store is created if "
        "it does not exist (in PostgreSQL: in a database that holds no tables).")
    p.add_argument("register", metavar="REGISTER",
                   help="a folder of CSV files, or a .json, .xlsx or .sqlite file")
    p.add_argument("store", metavar="STORE", help=_STORE_HELP)
    p.add_argument("--actor", metavar="NAME",
                   help="who imports, kept with every row (default: your user name)")
    p.add_argument("--replace", action="store_true",
                   help="make the store hold exactly this register: differences are "
                   "recorded as corrections and retractions, the old versions kept")
    p.set_defaults(run=_run_import)

    p = subparsers.add_parser(
        "export", help="write a store's register as CSV, JSON or XLSX",
        description="Write the register a store holds as a CSV folder, a .json or an .xlsx "
        "file. Importing the export gives the same register. OUT is written whole or not "
        "at all, and replaced only with --force.")
    p.add_argument("store", metavar="STORE", help=_STORE_HELP)
    p.add_argument("out", metavar="OUT", help="a folder (csv) or a .json or .xlsx file")
    p.add_argument("--format", choices=_EXPORT_FORMATS,
                   help="default: from OUT's suffix (.json, .xlsx, .csv; no suffix: a CSV "
                   "folder)")
    p.add_argument("--force", action="store_true",
                   help="replace OUT if it exists (a folder only if it holds nothing but "
                   "a register's CSV files)")
    p.add_argument("--as-of", type=parse_date_argument, metavar="DATE",
                   help="only the facts dated on or before DATE")
    _common.add_known_at_argument(p)
    p.set_defaults(run=_run_export)

    p = subparsers.add_parser(
        "history", help="show every change to a pathway: what, who and when",
        description="Show every recorded version of a pathway and its events, oldest "
        "first, with who recorded it and when (UTC).")
    p.add_argument("pathway_id", metavar="PATHWAY_ID")
    p.add_argument("store", metavar="STORE", nargs="?", default=DEFAULT_STORE,
                   help=f"{_STORE_HELP} (default: {DEFAULT_STORE})")
    p.set_defaults(run=_run_history)


def _check_store_name(name: str) -> None:
    if not names_a_store(name):
        raise usage_error(f"a store's file name ends in .sqlite, so that other commands "
                          f"know it for a store, or a store is a postgresql:// URI; got "
                          f"{shown_location(name)!r}")


def _counted(counts: Mapping[str, int], *, empty: str = "nothing") -> str:
    parts = []
    for table, n in counts.items():
        if n:
            singular, plural = _NOUNS[table]
            parts.append(f"{n} {singular if n == 1 else plural}")
    if not parts:
        return empty
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _actor(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No user name (a container without a passwd entry): say what did it.
        return "forloeb import"


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    from forloeb.store import Store

    _check_store_name(args.store)
    register = load_register(args.register)
    # A new store appears only when the import is complete: a failure leaves no file.
    summary = Store.import_into(args.store, register, actor=_actor(args.actor),
                                replace=args.replace)
    store = shown_location(args.store)
    if not args.replace:
        out.write(f"Imported {_counted(summary.added)} into {store}.\n")
    elif not summary.changed:
        out.write(f"{store} already held this register; nothing was recorded.\n")
    else:
        out.write(f"{store} now holds {args.register}: added "
                  f"{_counted(summary.added)}; corrected {_counted(summary.corrected)}; "
                  f"retracted {_counted(summary.retracted)}.\n")
    return 0


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from forloeb import writing
    from forloeb.store import Store

    if args.out == _output.STDOUT:
        raise usage_error("export writes a file or a folder, not standard output; name one")
    target = Path(args.out)
    kind = _output.format_for(target, given=args.format, formats=_EXPORT_FORMATS,
                              default="csv")
    folder = kind == "csv"
    # Checked before the store is read, and again as it is written.
    _output.check_target(target, force=args.force, folder=folder, replaceable=_CSV_FILES)
    with Store.open(args.store, read_only=True) as store:
        register = store.load(as_of=args.as_of, known_at=args.known_at)
    write: dict[str, Callable[[Register, Path], None]] = {
        "csv": writing.write_csv, "json": writing.write_json, "xlsx": writing.write_xlsx}
    with _output.replacing(target, force=args.force, folder=folder,
                           replaceable=_CSV_FILES) as temp:
        write[kind](register, temp)
    counts = {table: len(getattr(register, table)) for table in _NOUNS}
    out.write(f"Exported {_counted(counts, empty='an empty register')} to {args.out} "
              f"({kind}).\n")
    return 0


def _run_history(args: argparse.Namespace, out: TextIO) -> int:
    from forloeb.store import Store

    with Store.open(args.store, read_only=True) as store:
        changes = store.history(args.pathway_id)
    lines = []
    for change in changes:
        when = change.recorded_at.strftime("%Y-%m-%d %H:%M:%S")
        item = f"{change.item} {change.item_id}"
        lines.append((f"{when} UTC", change.actor, change.action or "-", item,
                      _describe(change)))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    noun = "change" if len(lines) == 1 else "changes"
    out.write(f"Pathway {args.pathway_id} in {shown_location(args.store)}: {len(lines)} "
              f"{noun}\n")
    for line in lines:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        out.write(terminal_text("  ".join([*cells, line[4]]).rstrip()) + "\n")
    return 0


def _describe(change: Any) -> str:
    if change.after is None:
        return "retracted"
    parts = []
    for column, before, after in change.differences:
        text = f"{column} {_shown(after)}"
        if change.before is not None:
            text += f" (was {_shown(before)})"
        parts.append(text)
    if change.before is None:
        return "recorded: " + ", ".join(parts) if parts else "recorded"
    return ", ".join(parts) if parts else "no change"


def _shown(value: object) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)
