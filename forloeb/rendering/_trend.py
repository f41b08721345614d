"""
The multi-year trend: the key figures of each agreement at each 30 June, side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forloeb.labels import label
from forloeb.rendering._cells import Cell, Share
from forloeb.rendering._report import Part, Report, Section, Table

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

Doc = Mapping[str, Any]


def build_trend_report(document: Doc, *, lang: str) -> Report:
    """
    The report of a trend document: one table per agreement, a column per year.
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
    for agreement_id, rows in by_agreement.items():
        heading = f"{names[agreement_id]} ({agreement_id})" if names[agreement_id] \
            else agreement_id
        headers = (label("figure.figure", lang), *(str(y) for y in years))
        table_rows = [(label(f"figure.{figure}", lang),
                       *(_cell(rows.get(y), figure, lang) for y in years))
                      for figure in FIGURES]
        parts.append(Part(sheet=agreement_id, heading=heading,
                          sections=[Section("", [Table(table_rows, headers)])]))
    return Report(lang=lang, title=title, lines=suppression_lines(document, lang), parts=parts)


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
