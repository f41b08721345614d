"""
``forloeb reconcile``: check a published summary against the register.

Exit status 0 when every published figure matches, 1 when there are
discrepancies (a failed check) or the published file cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from forloeb.cli import _common, _output
from forloeb.codes import FIRST_DATE, LAST_DATE
from forloeb.dates import last_june_30
from forloeb.errors import ForloebError, InvalidArgument
from forloeb.privacy import hide_in_document


class PublishedFileError(ForloebError, ValueError):
    """
    The published summary cannot be read, or is not in the evaluation's shape.
    """


def add_parser(subparsers: Any) -> None:
    """
    Add ``reconcile`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "reconcile",
        help="list every discrepancy between published figures and the register",
        description="Compare a published summary (JSON in the shape of 'evaluate --format "
        "json', any part of it, with the jobs of a year under 'jobs' in the shape of 'jobs "
        "--format json') with the register, and list every discrepancy: a figure that "
        "differs, a total that is not the sum of its own categories, a share that does not "
        "match its own numerator and denominator, effective hours that are not the hours "
        "a week times the intensity. Exit status 1 when there is one.",
    )
    parser.add_argument("published", metavar="PUBLISHED.json",
                        help="the published figures, as JSON")
    _common.add_register_argument(parser)
    _common.add_as_of_argument(
        parser, "the published as_of; else the most recent 30 June, "
        "2018-06-30 for the bundled example")
    _common.add_lang_argument(parser)
    _output.add_output_arguments(parser, ("text", "json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Read the published figures, evaluate the register, reconcile, report.
    """
    from forloeb.evaluation import reconcile_register
    from forloeb.rendering import render_discrepancies

    published = read_published(Path(args.published))
    register = _common.load_register(args.register)
    as_of = args.as_of or _published_date(published, "as_of", args.published)
    if as_of is None:
        as_of = _common.default_as_of(args, today_default=last_june_30(_common.today()))
    _published_date(published, "since", args.published)
    try:
        discrepancies = reconcile_register(register, published, as_of=as_of)
    except InvalidArgument as e:
        raise PublishedFileError(f"{args.published}: {e}") from None
    rendered = render_discrepancies(discrepancies, as_of=as_of, fmt=args.format, lang=args.lang)
    _output.write(rendered, args, out)
    return 1 if discrepancies else 0


def read_published(path: Path) -> dict[str, Any]:
    """
    The published figures in ``path``, checked to be in the evaluation's shape,
    with every key and value that looks like a CPR number hidden
    (:func:`forloeb.privacy.hide_in_document`): none reaches a message.

    Raises:
        PublishedFileError: naming the file, if it cannot be read or has the wrong shape.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PublishedFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PublishedFileError(f"{path}: cannot be read ({e})") from None
    def whole_number(digits: str) -> int:
        # Python will not read more than 4,300 digits; no figure has more than 16.
        if len(digits) > 20:
            raise PublishedFileError(f"{path}: a figure of {len(digits)} digits is too large "
                                     "to be a published figure")
        return int(digits)

    try:
        document = json.loads(text, parse_int=whole_number)
    except json.JSONDecodeError as e:
        raise PublishedFileError(
            f"{path} is not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(document, dict):
        raise PublishedFileError(
            f"{path} must hold a JSON object with 'agreements', not a {_kind(document)}")
    agreements = document.get("agreements")
    if not isinstance(agreements, list):
        raise PublishedFileError(
            f"{path} must have a list 'agreements' of published figures per agreement")
    for number, agreement in enumerate(agreements, start=1):
        if not isinstance(agreement, Mapping) or not isinstance(
                agreement.get("agreement_id"), str):
            shown = json.dumps(hide_in_document(agreement), ensure_ascii=False)
            raise PublishedFileError(
                f"{path}: agreement number {number} must be an object with an "
                f"'agreement_id' (text), not {shown}")
    hidden: dict[str, Any] = hide_in_document(document)
    return hidden


def _published_date(document: Mapping[str, Any], key: str, path: str) -> dt.date | None:
    value = document.get(key)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise PublishedFileError(
            f"{path}: {key} must be a date like 2018-06-30, not {value!r}") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise PublishedFileError(f"{path}: {key} {day} is outside the dates forloeb works "
                                 f"with ({FIRST_DATE} to {LAST_DATE})")
    return day


def _kind(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number",
            bool: "true/false"}.get(type(value), "null")
