"""
CSV, for a spreadsheet.

An evaluation is written in *long* format, one row per figure, so that a
pivot table can put agreements, questions and figures wherever it likes::

    agreement_id,question,figure,value
    SA1,q7_overview,completed,25
    SA1,q7_overview,outcomes.fleksjob,5

``question`` is the section of the JSON document (``q1_in_use`` ...
``q8_collaboration``, ``summary``, or ``agreement`` for the agreement's name,
provider, price and positive outcomes); nested figures are joined with dots.
Shares are numbers between 0 and 1, an undefined share is empty, a suppressed
figure is ``<N``. The texts of collaboration notes are not included. Every
cell passes through :func:`forloeb.escaping.csv_cell`, so a name or code that
starts like a formula (``=``, ``+``, ``-``, ``@`` ...) is written with a
leading apostrophe and a spreadsheet shows it as text; numbers stay numbers.

A comparison or a trend is already a table, so it is written as one: a row
per agreement (per year and agreement for the trend), a column per figure.

The jobs of a year are written in long format too, ``section,figure,value``
(``via_jobcenter,fleksjob,21``; each person's path in a flexjob as
``flexjob_progression,paths.E1.steps.2.effective_hours,15``), and the annual
report as ``part,agreement_id,section,figure,value``, ``part`` being ``jobs``,
``summer``, ``year_end``, ``comparison``, ``trend`` or ``reconciliation``.

For Danish Excel (``--excel``, a ``lang`` given), the same rows are written
the way Danish Excel opens a CSV file without asking: ``;`` between cells,
UTF-8 with a byte-order mark (so æ, ø and å are read right), CRLF line ends,
day-first dates (``30-06-2018``), ``ja``/``nej`` and a decimal comma, with
the column headings in the reader's language (:func:`for_excel`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from forloeb import values
from forloeb._csvout import Writer
from forloeb.escaping import csv_cell
from forloeb.labels import has_label, label

#: The columns of an evaluation in long format.
EVALUATION_COLUMNS: tuple[str, ...] = ("agreement_id", "question", "figure", "value")

_AGREEMENT_FIELDS = ("name", "provider", "price_per_pathway", "positive_outcomes")


def render_evaluation_csv(document: Mapping[str, Any], *, lang: str | None = None) -> str:
    """
    An evaluation document in long format.

    >>> doc = {"agreements": [{"agreement_id": "SA1", "name": "Samarbejdsaftale 1",
    ...        "q7_overview": {"completed": 25, "outcomes": {"fleksjob": 5},
    ...                        "progression_share": 0.4}}]}
    >>> print(render_evaluation_csv(doc), end="")
    agreement_id,question,figure,value
    SA1,agreement,name,Samarbejdsaftale 1
    SA1,q7_overview,completed,25
    SA1,q7_overview,outcomes.fleksjob,5
    SA1,q7_overview,progression_share,0.4
    """
    rows: list[Sequence[Any]] = [EVALUATION_COLUMNS]
    for agreement in document.get("agreements", []):
        agreement_id = agreement["agreement_id"]
        for name in _AGREEMENT_FIELDS:
            if name in agreement:
                rows.append((agreement_id, "agreement", name, _cell(agreement[name])))
        for key, section in agreement.items():
            if isinstance(section, Mapping):
                rows.extend((agreement_id, key, figure, value)
                            for figure, value in _flatten(section, ""))
    return _write(rows, lang=lang)


def render_table_csv(rows: Sequence[Mapping[str, Any]], *,
                     leading: Mapping[str, Any] | None = None,
                     lang: str | None = None, columns: Sequence[str] = ()) -> str:
    """
    Flat records (comparison or trend rows) as a table, one column per key
    (``columns`` first, in their order).

    ``leading`` holds columns put in front of every row (a trend's year);
    ``lang``, for Danish Excel (:func:`for_excel`).
    """
    records = [{**(leading or {}), **row} for row in rows]
    names: list[str] = list(columns)
    for record in records:
        names.extend(k for k in record if k not in names)
    table: list[Sequence[Any]] = [names]
    table.extend([_cell(record.get(c)) for c in names] for record in records)
    return _write(table, lang=lang)


def render_comparison_csv(document: Mapping[str, Any], *, lang: str | None = None) -> str:
    """
    A comparison document: one row per agreement.
    """
    return render_table_csv(document.get("agreements", []), lang=lang)


def render_trend_csv(document: Mapping[str, Any], *, lang: str | None = None) -> str:
    """
    A trend document: one row per year and agreement.
    """
    records = [{"year": year["year"], "as_of": year.get("as_of"), **row}
               for year in document.get("years", []) for row in year.get("agreements", [])]
    return render_table_csv(records, lang=lang)


#: What Danish Excel reads without asking.
EXCEL_DELIMITER = ";"
EXCEL_LINE_END = "\r\n"
BYTE_ORDER_MARK = "\ufeff"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def for_excel(value: Any) -> Any:
    """
    A cell for Danish Excel: text that cannot run as a formula (as every CSV
    cell, :func:`forloeb.escaping.csv_cell`), dates day first, yes/no as
    ``ja``/``nej``, numbers with a decimal comma.

    >>> for_excel(0.4), for_excel(True), for_excel("2018-06-30"), for_excel(dt.date(2018, 7, 4))
    ('0,4', 'ja', '30-06-2018', '04-07-2018')
    >>> for_excel(-2), for_excel("=1+1"), for_excel("<5")
    (-2, "'=1+1", '<5')
    """
    if isinstance(value, bool):
        return values.format_bool(value, danish=True)
    if isinstance(value, float):
        return values.format_decimal(value, comma=True)
    if isinstance(value, dt.date):
        return values.format_date(value, day_first=True)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return values.format_date(dt.date.fromisoformat(value), day_first=True)
    return csv_cell(value)


def heading(column: str, lang: str) -> str:
    """
    A column's heading in language ``lang``: its label, or the name itself.

    >>> heading("agreement_id", "da"), heading("question", "en"), heading("q7_extra", "da")
    ('Aftale', 'Question', 'q7_extra')
    """
    key = f"figure.{column}"
    return label(key, lang) if has_label(key, lang) else column


def _flatten(section: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in section.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{name}.")
        elif not isinstance(value, list):
            yield name, _cell(value)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def _write(rows: Sequence[Sequence[Any]], *, lang: str | None = None) -> str:
    buffer = io.StringIO()
    if lang is None:
        Writer(buffer).writerows(map(_escaped, rows))
        return buffer.getvalue()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, delimiter=EXCEL_DELIMITER, lineterminator=EXCEL_LINE_END)
    header, *body = rows
    writer.writerow([csv_cell(heading(str(c), lang)) for c in header])
    writer.writerows([for_excel(cell) for cell in row] for row in body)
    return buffer.getvalue()


def _escaped(row: Sequence[Any]) -> list[Any]:
    return [csv_cell(cell) for cell in row]


#: The columns of the jobs of a year in long format.
JOBS_COLUMNS: tuple[str, ...] = ("section", "figure", "value")

#: The columns of the annual report in long format.
REPORT_COLUMNS: tuple[str, ...] = ("part", "agreement_id", "section", "figure", "value")


def _job_rows(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    for key, value in document.items():
        if key == "enterprises":
            for row in value:
                for name in ("via_jobcenter", "other_channels", "total"):
                    yield ("enterprises", f"{row.get('enterprise')}.{name}", _cell(row.get(name)))
        elif key == "flexjob_progression" and isinstance(value, Mapping):
            paths = {str(p.get("employment_id")): {
                "enterprise": p.get("enterprise"), "direction": p.get("direction"),
                "change": p.get("change"),
                "steps": {str(i): step for i, step in enumerate(p.get("steps") or (), 1)}}
                for p in value.get("paths") or ()}
            section = {k: v for k, v in value.items() if k != "paths"}
            for figure, cell in _flatten({**section, "paths": paths}, ""):
                yield (key, figure, cell)
        elif isinstance(value, Mapping):
            for figure, cell in _flatten(value, ""):
                yield (key, figure, cell)
        elif not isinstance(value, list):
            yield ("jobs", key, _cell(value))


def render_jobs_csv(document: Mapping[str, Any], *, lang: str | None = None) -> str:
    """
    The jobs of a year in long format; ``lang``, for Danish Excel (:func:`for_excel`).

    >>> print(render_jobs_csv({"year": 2018, "via_jobcenter": {"fleksjob": 21}}), end="")
    section,figure,value
    jobs,year,2018
    via_jobcenter,fleksjob,21
    """
    return _write([JOBS_COLUMNS, *_job_rows(document)], lang=lang)


def render_report_csv(document: Mapping[str, Any], *, lang: str | None = None) -> str:
    """
    The annual report in long format: every part's figures, one per row;
    ``lang``, for Danish Excel (:func:`for_excel`).
    """
    rows: list[Sequence[Any]] = [REPORT_COLUMNS]
    for key in ("year", "as_of", "mid_year"):
        rows.append(("report", "", "report", key, _cell(document.get(key))))
    rows.extend(("jobs", "", section, figure, value)
                for section, figure, value in _job_rows(document.get("jobs") or {}))
    for part in ("summer", "year_end"):
        evaluation = document.get(part)
        if isinstance(evaluation, Mapping):
            for agreement in evaluation.get("agreements", []):
                agreement_id = agreement["agreement_id"]
                for key, section in agreement.items():
                    if isinstance(section, Mapping):
                        rows.extend((part, agreement_id, key, figure, value)
                                    for figure, value in _flatten(section, ""))
    for row in (document.get("comparison") or {}).get("agreements", []):
        rows.extend(("comparison", row.get("agreement_id"), "comparison", key, _cell(value))
                    for key, value in row.items() if key != "agreement_id")
    for year in (document.get("trend") or {}).get("years", []):
        for row in year.get("agreements", []):
            rows.extend(("trend", row.get("agreement_id"), str(year["year"]), key, _cell(value))
                        for key, value in row.items() if key != "agreement_id")
    for d in document.get("reconciliation") or ():
        for key in ("published", "computed", "kind"):
            rows.append(("reconciliation", d.get("agreement_id") or "", d.get("path"), key,
                         _cell(d.get(key))))
    return _write(rows, lang=lang)
