"""
Rendering: the evaluation, the comparison, the trend, a reconciliation, the
jobs of a year and the annual report as text, Markdown, HTML, JSON, CSV or
XLSX, labelled in Danish or English.

Everything is rendered from the JSON documents the evaluation produces
(``Evaluation.to_dict()``, ``compare``, ``trend``, ``Discrepancy.to_dict()``,
``JobFigures.to_dict()``, ``AnnualReport.to_dict()``),
so every format shows the same figures as ``--format json``. Small counts are
hidden by :func:`suppress` before rendering, the same way for every format,
and :func:`audit` tells which hidden counts a reader could still work out.
This package is the only one that imports ``tabulate`` (and, lazily, openpyxl).

>>> doc = {"as_of": "2018-06-30", "since": "2017-06-30", "agreements": []}
>>> print(render_evaluation(doc, fmt="text", lang="en"), end="")
Evaluation of the cooperation agreements as of 30 June 2018
===========================================================
<BLANKLINE>
Period: 1 July 2017 – 30 June 2018
No cooperation agreement had started as of 30 June 2018.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from forloeb.errors import InvalidArgument
from forloeb.labels import LANGUAGES
from forloeb.rendering._annual import build_annual_report
from forloeb.rendering._comparison import build_comparison_report
from forloeb.rendering._evaluation import build_evaluation_report
from forloeb.rendering._jobs import build_jobs_report
from forloeb.rendering._reconcile import build_reconcile_report
from forloeb.rendering._report import Report
from forloeb.rendering._trend import build_trend_report
from forloeb.rendering.csv import (
    render_comparison_csv,
    render_evaluation_csv,
    render_jobs_csv,
    render_report_csv,
    render_trend_csv,
)
from forloeb.rendering.disclosure import audit
from forloeb.rendering.html import render_html
from forloeb.rendering.json import render_json
from forloeb.rendering.markdown import render_markdown
from forloeb.rendering.suppression import suppress
from forloeb.rendering.text import render_text
from forloeb.rendering.xlsx import MissingExtraError, render_xlsx

#: Every format, and the binary ones (which must go to a file).
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json", "csv", "xlsx")
BINARY_FORMATS: frozenset[str] = frozenset({"xlsx"})

_LAYOUTS: dict[str, Callable[[Report], str | bytes]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "xlsx": render_xlsx,
}

Doc = Mapping[str, Any]


def render_evaluation(document: Doc, *, fmt: str = "text", lang: str = "da") -> str | bytes:
    """
    An evaluation document (``Evaluation.to_dict()``, possibly suppressed) in
    format ``fmt``; ``bytes`` for xlsx, text otherwise.

    The workbook has a sheet per agreement and a comparison sheet.

    Raises:
        InvalidArgument: for an unknown format or language.
        MissingExtraError: for xlsx without openpyxl installed.
    """
    _check(fmt, lang)
    if fmt == "json":
        return render_json(document)
    if fmt == "csv":
        return render_evaluation_csv(document)
    report = build_evaluation_report(document, lang=lang, with_comparison=fmt == "xlsx")
    return _LAYOUTS[fmt](report)


def render_comparison(document: Doc, *, fmt: str = "text", lang: str = "da") -> str | bytes:
    """
    A comparison document (``forloeb.evaluation.compare``) in format ``fmt``.
    """
    _check(fmt, lang)
    if fmt == "json":
        return render_json(document)
    if fmt == "csv":
        return render_comparison_csv(document)
    return _LAYOUTS[fmt](build_comparison_report(document, lang=lang))


def render_trend(document: Doc, *, fmt: str = "text", lang: str = "da") -> str | bytes:
    """
    A trend document (``forloeb.evaluation.trend``) in format ``fmt``.
    """
    _check(fmt, lang)
    if fmt == "json":
        return render_json(document)
    if fmt == "csv":
        return render_trend_csv(document)
    return _LAYOUTS[fmt](build_trend_report(document, lang=lang))


def render_jobs(document: Doc, *, fmt: str = "text", lang: str = "da") -> str | bytes:
    """
    A jobs document (``JobFigures.to_dict()``, possibly suppressed) in format ``fmt``.
    """
    _check(fmt, lang)
    if fmt == "json":
        return render_json(document)
    if fmt == "csv":
        return render_jobs_csv(document)
    return _LAYOUTS[fmt](build_jobs_report(document, lang=lang))


def render_annual_report(document: Doc, *, fmt: str = "text",
                         lang: str = "da") -> str | bytes:
    """
    An annual report document (``AnnualReport.to_dict()``, possibly
    suppressed) in format ``fmt``; the workbook has a sheet per part.
    """
    _check(fmt, lang)
    if fmt == "json":
        return render_json(document)
    if fmt == "csv":
        return render_report_csv(document)
    return _LAYOUTS[fmt](build_annual_report(document, lang=lang))


def render_discrepancies(discrepancies: Sequence[Any], *, as_of: dt.date, fmt: str = "text",
                         lang: str = "da") -> str | bytes:
    """
    The discrepancies of a reconciliation (``Discrepancy`` objects or their
    ``to_dict()``) in format ``fmt``; JSON is the list of their dicts.
    """
    _check(fmt, lang)
    documents = [d.to_dict() if hasattr(d, "to_dict") else dict(d) for d in discrepancies]
    if fmt == "json":
        return render_json(documents)
    if fmt == "csv":
        from forloeb.rendering.csv import render_table_csv

        return render_table_csv([{k: v for k, v in d.items() if k != "details"}
                                 for d in documents])
    return _LAYOUTS[fmt](build_reconcile_report(documents, as_of=as_of, lang=lang))


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise InvalidArgument(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")


__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "MissingExtraError",
    "audit",
    "render_annual_report",
    "render_comparison",
    "render_discrepancies",
    "render_evaluation",
    "render_jobs",
    "render_trend",
    "suppress",
]
