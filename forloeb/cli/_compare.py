"""
``forloeb compare``: every agreement side by side on effect, price and quality.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any, TextIO

from forloeb.cli import _common, _output
from forloeb.cli._evaluate import add_suppress_argument
from forloeb.dates import last_june_30

#: The formats of ``compare``; xlsx is binary and needs ``-o FILE``.
FORMATS = ("text", "markdown", "html", "json", "csv", "xlsx")


def add_parser(subparsers: Any) -> None:
    """
    Add ``compare`` to the sub-commands.
    """
    parser = subparsers.add_parser(
        "compare",
        help="put every agreement side by side",
        description="Put every cooperation agreement side by side: slots, occupancy, plan and "
        "attendance compliance, progression and stopped shares, price per pathway and per "
        "progression.",
    )
    _common.add_register_argument(parser)
    _common.add_as_of_argument(
        parser, "the most recent 30 June; 2018-06-30 for the bundled example")
    _common.add_since_argument(parser)
    _common.add_lang_argument(parser)
    _common.add_engine_argument(parser)
    _output.add_output_arguments(parser, FORMATS)
    add_suppress_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """
    Compare, suppress if asked, render and write.
    """
    from forloeb.evaluation import comparison
    from forloeb.rendering import render_comparison, suppress

    as_of = _common.default_as_of(args, today_default=last_june_30(_common.today()))
    with _common.evaluator(args) as engine:
        evaluation = engine.evaluate(as_of=as_of, since=args.since)
    document: Mapping[str, Any] = comparison(evaluation)
    if args.suppress_below:
        # The rows hide what the evaluation of the same day hides.
        document = suppress(document, below=args.suppress_below,
                            evaluations=[evaluation.to_dict()])
    rendered = render_comparison(document, fmt=args.format, lang=args.lang, excel=args.excel,
                                 source=_common.source_of(args.register, args.lang),
                                 generated_at=_common.now())
    _output.write(rendered, args, out)
    return 0
