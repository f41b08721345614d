"""
Arguments and helpers shared by the sub-commands: the register and dates.
Where output goes is :mod:`forloeb.cli._output`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from forloeb.evaluation import Evaluation
    from forloeb.model import Agreement

from forloeb._bundled import EXAMPLE_AS_OF, EXAMPLE_REGISTER
from forloeb.codes import FIRST_DATE, LAST_DATE
from forloeb.labels import LANGUAGES
from forloeb.model import Register

#: The dates every date argument must lie between, as the register's own dates do.
_DATE_RANGE = f"from {FIRST_DATE} to {LAST_DATE}"


def parse_date_argument(text: str) -> dt.date:
    """
    A date given on the command line: ISO, or Danish day-first, between
    :data:`~forloeb.codes.FIRST_DATE` and :data:`~forloeb.codes.LAST_DATE`.

    >>> parse_date_argument("30-06-2018")
    datetime.date(2018, 6, 30)
    >>> parse_date_argument("9999-12-31")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '9999-12-31' is outside the dates forloeb works with (from 1990-...
    """
    from forloeb.values import parse_date

    try:
        day = parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as 2018-06-30 or 30-06-2018"
        ) from None
    return _within_dates(text, day)


def _within_dates(text: str, day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the dates forloeb works with ({_DATE_RANGE})")
    return day


def whole_number_argument(text: str, *, low: int, high: int, what: str) -> int:
    """
    A whole number given on the command line, from ``low`` to ``high``;
    ``what`` says what it counts, for the message.

    >>> whole_number_argument("3000000", low=0, high=3650, what="days")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '3000000' is not a whole number of days from 0 to 3650
    """
    stripped = text.strip()
    value = None
    if len(stripped) <= 20 and stripped.lstrip("+-").isdigit() and stripped.isascii():
        value = int(stripped)
    if value is None or not low <= value <= high:
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a whole number of {what} from {low} to {high}")
    return value


def add_register_argument(parser: argparse.ArgumentParser, *, optional: bool = True) -> None:
    """
    The REGISTER positional: a CSV folder, a .json, .xlsx or .sqlite file, or
    a postgresql:// URI.
    """
    help_text = ("a folder of CSV files, a .json, .xlsx or .sqlite file, or a store in "
                 "PostgreSQL (postgresql://...)")
    if optional:
        parser.add_argument("register", nargs="?", metavar="REGISTER",
                            help=help_text + " (default: the bundled 2018 example)")
    else:
        parser.add_argument("register", metavar="REGISTER", help=help_text)


def add_as_of_argument(parser: argparse.ArgumentParser, default_help: str) -> None:
    """
    ``--as-of DATE``.
    """
    parser.add_argument("--as-of", type=parse_date_argument, metavar="DATE",
                        help=f"evaluate as of this date (default: {default_help})")


def parse_moment_argument(text: str) -> dt.datetime | dt.date:
    """
    A moment given on the command line: a date (the end of that day) or an ISO
    date and time (local time), within the dates forloeb works with.
    """
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time; write it as 2018-07-01 or 2018-07-01T12:00") from None
    _within_dates(text, moment.date())
    if len(text.strip()) == 10:
        return moment.date()
    return moment


def add_known_at_argument(parser: argparse.ArgumentParser) -> None:
    """
    ``--known-at TIME``: read a store as it stood then.
    """
    parser.add_argument("--known-at", type=parse_moment_argument, metavar="TIME",
                        help="for a store: the register as the store held it at TIME "
                        "(2018-07-01 means the end of that day; 2018-07-01T12:00 local time), "
                        "so a published evaluation can be reproduced after later corrections")


def load_register(path: str | None, *,
                  known_at: dt.datetime | dt.date | None = None) -> Register:
    """
    The register at ``path`` (a file, a folder or a store's URI), or the
    bundled example when ``path`` is ``None``.
    """
    from forloeb.loading import load

    # A URI stays a string: pathlib would fold its "//".
    register = load(EXAMPLE_REGISTER if path is None else path, known_at=known_at)
    # The command keeps the register to its end: the cyclic collector need not
    # walk its millions of objects again at every full collection.
    gc.freeze()
    return register


#: ``--engine``: which engine answers (see docs/engines.md).
ENGINES = ("auto", "reference", "columnar")

#: With ``--engine auto``, a register this large (bytes of its files) or
#: larger is read and checked by the columnar engine; a smaller one by the
#: reference, which starts at once.
COLUMNAR_FROM_BYTES = 4 << 20


def add_engine_argument(parser: argparse.ArgumentParser) -> None:
    """
    ``--engine auto|reference|columnar``.
    """
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="which engine reads and checks the register: the reference "
                        "(objects, one row at a time) or the columnar one (DuckDB); both "
                        "give the same answers (default auto: columnar for a register of "
                        f"{COLUMNAR_FROM_BYTES >> 20} MB or more)")


def columnar_wanted(args: argparse.Namespace) -> bool:
    """
    Whether the columnar engine answers this command: asked for, or (auto)
    the register is large.
    """
    engine = getattr(args, "engine", "auto")
    if engine != "auto":
        return engine == "columnar"
    if args.register is None:
        return False
    return _size(Path(args.register)) >= COLUMNAR_FROM_BYTES


def _size(path: Path) -> int:
    # The bytes a register's files hold (0 for what is not there: the
    # reference then says what is wrong).
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.glob("*.csv") if f.is_file())
        return sum(f.stat().st_size for f in (path, path.with_name(path.name + "-wal"))
                   if f.is_file())
    except OSError:
        return 0


def open_columns(path: str | None, *, known_at: dt.datetime | dt.date | None = None) -> Any:
    """
    The register at ``path`` (the bundled example for ``None``) as the
    columnar engine's :class:`~forloeb.columnar.Columns`.
    """
    from forloeb.columnar import open_source

    return open_source(EXAMPLE_REGISTER if path is None else path, known_at=known_at)


@contextlib.contextmanager
def evaluator(args: argparse.Namespace, *,
              known_at: dt.datetime | dt.date | None = None) -> Iterator[Evaluator]:
    """
    The register of ``args`` as what evaluates it, by the engine
    :func:`columnar_wanted` picks: ``evaluate(as_of=..., since=...,
    agreements=...)`` and the register's ``agreements``.
    """
    if columnar_wanted(args):
        with open_columns(args.register, known_at=known_at) as columns:
            yield Evaluator(columns.evaluate, tuple(columns.agreements))
        return
    from forloeb.evaluation import evaluate

    register = load_register(args.register, known_at=known_at)
    yield Evaluator(functools.partial(evaluate, register), register.agreements)


@attrs.frozen
class Evaluator:
    """
    A register's evaluation, by one engine or the other (see :func:`evaluator`).
    """

    evaluate: Callable[..., Evaluation]
    agreements: Sequence[Agreement]


def default_as_of(args: argparse.Namespace, *, today_default: dt.date) -> dt.date:
    """
    ``--as-of`` if given; else the bundled example's own date, or ``today_default``.
    """
    if args.as_of is not None:
        return args.as_of  # type: ignore[no-any-return]
    if args.register is None:
        return EXAMPLE_AS_OF
    return today_default


def today() -> dt.date:
    """
    Today's date: the CLI is the one place that reads the clock.
    """
    return dt.date.today()


def now() -> dt.datetime:
    """
    This moment in local time, for a report's footer: the CLI reads the clock,
    the library never. Where ``SOURCE_DATE_EPOCH`` is set (whole seconds since
    1970, the convention of reproducible builds), that moment instead, so the
    same register gives the same file byte for byte.
    """
    import os

    from forloeb.errors import InvalidArgument

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now().astimezone()
    if not epoch.strip().isdecimal() or len(epoch.strip()) > 11:
        raise InvalidArgument(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 "
                              f"(such as 1530396000), not {epoch!r}")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).astimezone()


def source_of(register: str | None, lang: str) -> str:
    """
    What a report's footer names as its source: the register as given, or the bundled example.

    >>> source_of("register/", "da"), source_of(None, "en")
    ('register/', 'the bundled example (synthetic, Slagelse 2018)')
    """
    from forloeb.labels import label
    from forloeb.privacy import redact

    if register is None:
        return label("text.example_source", lang)
    return redact(register)


def add_since_argument(parser: argparse.ArgumentParser) -> None:
    """
    ``--since DATE``: the day before the evaluation period starts.
    """
    parser.add_argument("--since", type=parse_date_argument, metavar="DATE",
                        help="the period is (since, as-of] (default: one year before as-of)")


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """
    ``--lang da|en``.
    """
    parser.add_argument("--lang", choices=LANGUAGES, default="da",
                        help="language of headings and labels (default: da)")


__all__ = [
    "COLUMNAR_FROM_BYTES",
    "ENGINES",
    "Evaluator",
    "add_as_of_argument",
    "add_engine_argument",
    "add_known_at_argument",
    "add_lang_argument",
    "add_register_argument",
    "add_since_argument",
    "columnar_wanted",
    "default_as_of",
    "evaluator",
    "load_register",
    "now",
    "open_columns",
    "parse_date_argument",
    "parse_moment_argument",
    "source_of",
    "today",
    "whole_number_argument",
]
