"""
The multi-year trend: the key figures of each agreement at each 30 June, side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forloeb.labels import label
from forloeb.rendering._cells import Cell, Figure, Share
from forloeb.rendering._charts import share_lines
from forloeb.rendering._report import Part, Report, Section, Summary, Table

#: The rows of each agreement's table, top to bottom.
FIGURES: tuple[str, ...] = (
    "active",
    "completed",
    "progression_share",
    "stopped_share",
    "occupancy",
    "plan_compliance",
    "attendance_compliance",
)

#: The shares drawn as lines over the years.
CHARTED: tuple[str, ...] = FIGURES[2:]

Doc = Mapping[str, Any]


def build_trend_report(document: Doc, *, lang: str, with_summary: bool = False) -> Report:
    """
    The report of a trend document: one table per agreement, a column per
    year, with its shares as lines; ``with_summary`` adds a first page with
    a chart per share, a line per agreement.
    """
    from forloeb.rendering._evaluation import suppression_lines

    years = [y["year"] for y in document.get("years", [])]
    title = label("text.trend_title", lang).format(
        first=min(years, default=""), last=max(years, default="")
    )
    names: dict[str, str] = {}
    by_agreement: dict[str, dict[int, Doc]] = {}
    for year in document.get("years", []):
        for row in year.get("agreements", []):
            agreement_id = str(row["agreement_id"])
            names.setdefault(agreement_id, row.get("name") or "")
            by_agreement.setdefault(agreement_id, {})[year["year"]] = row
    parts = []
    categories = [str(y) for y in years]
    for agreement_id, rows in by_agreement.items():
        heading = f"{names[agreement_id]} ({agreement_id})" if names[agreement_id] \
            else agreement_id
        headers = (label("figure.figure", lang), *categories)
        table_rows = [(label(f"figure.{figure}", lang),
                       *(_cell(rows.get(y), figure, lang) for y in years))
                      for figure in FIGURES]
        lines = share_lines(label("text.trend_chart", lang), categories,
                            [(label(f"figure.{figure}", lang), [_share(rows.get(y), figure)
                                                               for y in years])
                             for figure in CHARTED])
        parts.append(Part(sheet=agreement_id, heading=heading,
                          sections=[Section("", [Table(table_rows, headers)], charts=[lines])]))
    summary = None
    if by_agreement:
        summary = Summary(label("text.summary_heading", lang), charts=[
            share_lines(label(f"figure.{figure}", lang), categories,
                        [(agreement_id, [_share(rows.get(y), figure) for y in years])
                         for agreement_id, rows in by_agreement.items()])
            for figure in CHARTED])
    return Report(lang=lang, title=title, lines=suppression_lines(document, lang), parts=parts,
                  summary=summary if with_summary else None)


def _share(row: Doc | None, figure: str) -> Figure:
    # A share of one year, or None where the agreement had not started.
    return None if row is None else row.get(figure)


def _cell(row: Doc | None, figure: str, lang: str) -> Cell:
    if row is None:
        return label("text.trend_not_started", lang) if figure == FIGURES[0] else None
    if figure == "progression_share":
        return Share(row.get(figure), row.get("progression"), row.get("completed"))
    if figure == "stopped_share":
        return Share(row.get(figure), row.get("stopped"), row.get("completed"))
    if figure.endswith(("_share", "compliance", "occupancy")):
        return Share(row.get(figure))
    value: Cell = row.get(figure)
    return value
