"""
The ``forloeb`` command line: the only module that touches ``argv``, ``stdout``
and ``stderr``.

Each sub-command lives in its own module with ``add_parser(subparsers)``; the
parser's ``run(args, out)`` returns the exit status. Exit codes: 0 done, 1
invalid register, failed check or anything the system refused, 2 usage
error, 130 interrupted (Ctrl-C). Nothing a user can cause ends in a
traceback: :class:`~forloeb.errors.ForloebError` and what the operating
system refuses become one plain sentence on stderr, and a reader that stops
reading (``forloeb evaluate | head -1``) ends the command quietly. Warnings
go to stderr, and so does the progress of long work when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import io
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

import forloeb
from forloeb.errors import ForloebError, RegisterWarning
from forloeb.escaping import terminal_text
from forloeb.privacy import redact

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

#: The sub-command modules, in the order ``forloeb --help`` lists them.
_COMMANDS = (
    "forloeb.cli._evaluate",
    "forloeb.cli._jobs",
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
        # The usage of the parser that found the mistake: the sub-command's.
        raise _UsageError(f"{self.prog}: {message}", usage=self.format_usage())

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse would swallow a failed write of --help or --version.
        if message:
            (file or sys.stderr).write(message)


class _UsageError(Exception):
    """
    A usage error (exit 2); like every error, it never repeats a CPR-like value.
    """

    def __init__(self, message: str, *, usage: str = "") -> None:
        super().__init__(redact(message))
        self.usage = usage


def build_parser() -> argparse.ArgumentParser:
    """
    The parser for every sub-command.
    """
    parser = _Parser(
        prog="forloeb",
        description="Pathways bought under cooperation agreements: check the register, "
        "list deadlines, run the yearly evaluation, count the year's jobs and write the "
        "annual report.",
    )
    parser.add_argument("--version", action="version", version=f"forloeb {forloeb.__version__}")
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
    # A standard stream closed by the shell (``>&-``) is None in Python.
    out = stdout if stdout is not None else sys.stdout or _Closed()
    err = stderr if stderr is not None else sys.stderr or io.StringIO()
    try:
        status = _main(argv, out, err)
    except KeyboardInterrupt:
        err.write("forloeb: interrupted\n")
        status = 130
    except RuntimeError as e:
        if not _interrupted_query(e):
            raise
        err.write("forloeb: interrupted\n")
        status = 130
    except BrokenPipeError:
        # Whoever read standard output has stopped (| head): nothing to say.
        status = 1
    except OSError as e:  # writing --help or --version
        from forloeb.cli._output import reason

        err.write(f"cannot write standard output: {reason(e)}\n")
        status = 1
    return _flushed(out, err, status)


def _interrupted_query(error: RuntimeError) -> bool:
    # DuckDB (the columnar engine) turns Ctrl-C during a query into this
    # error of its own rather than a KeyboardInterrupt.
    return str(error) == "Query interrupted"


class _Closed(io.StringIO):
    """
    Standard output closed by the shell: writing to it is an error of the
    system, which the command line reports as any other.
    """

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    from forloeb.cli import _output, _progress_bar

    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version
            args = parser.parse_args(argv)
    except _UsageError as e:
        err.write(f"{e.usage or parser.format_usage()}{terminal_text(str(e))}\n")
        return 2
    except SystemExit as e:  # --help and --version
        return int(e.code or 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RegisterWarning)
        try:
            with _progress_bar.shown_on(err):
                if hasattr(args, "output_formats"):
                    _output.settle(args)
                status: int = args.run(args, out)
        except _UsageError as e:
            err.write(f"{terminal_text(str(e))}\n")
            return 2
        except ForloebError as e:
            err.write(f"{terminal_text(str(e))}\n")
            return 1
        except BrokenPipeError:
            raise
        except OSError as e:
            # What the system refused, outside what forloeb reads and writes itself.
            where = f"{e.filename}: " if e.filename else ""
            err.write(f"forloeb: {where}{_output.reason(e)}\n")
            return 1
        finally:
            # A register's warnings are for its keeper: one plain line each.
            for warning in caught:
                if issubclass(warning.category, RegisterWarning):
                    err.write(f"warning: {terminal_text(str(warning.message))}\n")
                else:
                    warnings.warn_explicit(warning.message, warning.category,
                                           warning.filename, warning.lineno)
    return status


def _flushed(out: TextIO, err: TextIO, status: int) -> int:
    # Flushed here, not at interpreter shutdown, where a failure would end in
    # "Exception ignored" and a traceback.
    from forloeb.cli._output import reason

    try:
        out.flush()
    except BrokenPipeError:
        _discard_rest(out)
        return status or 1
    except OSError as e:
        _discard_rest(out)
        if status == 0:
            err.write(f"cannot write standard output: {reason(e)}\n")
        return status or 1
    return status


def _discard_rest(out: TextIO) -> None:
    # As the Python documentation advises for SIGPIPE: point standard output
    # at devnull, so the flush at interpreter shutdown does not fail again.
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file (a test's buffer): nothing is flushed at shutdown
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def usage_error(message: str) -> _UsageError:
    """
    An error a sub-command raises for a bad combination of arguments (exit 2).
    """
    return _UsageError(f"forloeb: {message}")
