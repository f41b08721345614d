"""
The ``forloeb`` command line: the only module that touches ``argv``, ``stdout``
and ``stderr``.

Each sub-command lives in its own module with ``add_parser(subparsers)``; the
parser's ``run(args, out)`` returns the exit status. Exit codes: 0 done, 1
invalid register or failed check, 2 usage error. A user mistake never ends in a
traceback: :class:`~forloeb.errors.ForloebError` becomes a plain sentence on
stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from typing import TextIO

from forloeb.errors import ForloebError, RegisterWarning
from forloeb.privacy import redact

#: The sub-command modules, in the order ``forloeb --help`` lists them.
_COMMANDS = (
    "forloeb.cli._evaluate",
    "forloeb.cli._sla",
    "forloeb.cli._check",
    "forloeb.cli._compare",
    "forloeb.cli._reconcile",
    "forloeb.cli._store",
)


class _Parser(argparse.ArgumentParser):
    """
    An argument parser that reports usage errors with exit status 2 and no traceback.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    """
    A usage error (exit 2); like every error, it never repeats a CPR-like value.
    """

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def build_parser() -> argparse.ArgumentParser:
    """
    The parser for every sub-command.
    """
    parser = _Parser(
        prog="forloeb",
        description="Pathways bought under cooperation agreements: check the register, "
        "list deadlines and run the yearly evaluation.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in _COMMANDS:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """
    Run the command line with ``argv`` and return the exit status.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as e:
        err.write(f"{parser.format_usage()}{e}\n")
        return 2
    except SystemExit as e:  # --help and --version
        return int(e.code or 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RegisterWarning)
        try:
            status: int = args.run(args, out)
        except _UsageError as e:
            err.write(f"{e}\n")
            return 2
        except ForloebError as e:
            err.write(f"{e}\n")
            return 1
        finally:
            # A register's warnings are for its keeper: one plain line each.
            for warning in caught:
                if issubclass(warning.category, RegisterWarning):
                    err.write(f"warning: {warning.message}\n")
                else:
                    warnings.warn_explicit(warning.message, warning.category,
                                           warning.filename, warning.lineno)
    return status


def usage_error(message: str) -> _UsageError:
    """
    An error a sub-command raises for a bad combination of arguments (exit 2).
    """
    return _UsageError(f"forloeb: {message}")
