"""
Every agreement side by side (docs/summer-evaluation.md, steps 8 and 10): effect, price and quality.

The same table comes from two documents: the comparison document of
``forloeb.evaluation.compare`` (``forloeb compare``), and an evaluation
document (the comparison sheet of the evaluation workbook).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from forloeb.labels import format_date, label
from forloeb.rendering._cells import Cell, Figure, Money, Share
from forloeb.rendering._charts import share_bars
from forloeb.rendering._report import Chart, Part, Report, Section, Series, Table

#: The rows of the comparison, top to bottom.
FIGURES: tuple[str, ...] = (
    "name",
    "provider",
    "slots",
    "extra_slots",
    "occupancy",
    "plan_compliance",
    "attendance_compliance",
    "completed",
    "progression_share",
    "stopped_share",
    "price_per_pathway",
    "price_per_progression",
)

Doc = Mapping[str, Any]


def build_comparison_report(document: Doc, *, lang: str) -> Report:
    """
    The report of a comparison document in language ``lang``.
    """
    from forloeb.rendering._evaluation import suppression_lines

    as_of = dt.date.fromisoformat(document["as_of"])
    title = label("text.compare_title", lang).format(as_of=format_date(as_of, lang))
    lines = suppression_lines(document, lang)
    columns = {str(a["agreement_id"]): _cells_from_comparison(a)
               for a in document.get("agreements", [])}
    if not columns:
        lines.append(label("text.no_agreements", lang).format(as_of=format_date(as_of, lang)))
        return Report(lang=lang, title=title, lines=lines)
    # The title says it all; the part needs no heading of its own.
    part = attrs.evolve(_part(columns, lang), heading="")
    return Report(lang=lang, title=title, lines=lines, parts=[part])


def comparison_from_evaluation(document: Doc, *, lang: str, charts: bool = True) -> Part:
    """
    The comparison part of an evaluation document, worked out from its answers;
    without ``charts``, only the table.
    """
    columns = {str(a["agreement_id"]): cells_from_evaluation(a)
               for a in document.get("agreements", [])}
    return _part(columns, lang, charts=charts)


def comparison_charts(document: Doc, *, lang: str) -> list[Chart]:
    """
    The comparison of an evaluation document as charts: the shares as bars
    side by side, and the price per progression.
    """
    columns = {str(a["agreement_id"]): cells_from_evaluation(a)
               for a in document.get("agreements", [])}
    return _charts(columns, lang)


def price_per_progression(price: Any, completed: Any, progression: Any) -> Any:
    """
    What one progression cost: price per pathway x completed / progression.

    ``None`` where it is undefined (no price, no progression); ``"<N"`` where
    a count it comes from is suppressed.

    >>> price_per_progression(14500, 25, 10), price_per_progression(14500, 25, 0)
    (36250.0, None)
    >>> price_per_progression(14500, 25, "<5")
    '<5'
    """
    for value in (completed, progression):
        if isinstance(value, str):
            return value
    if price is None or isinstance(price, str) or not progression:
        return None
    return price * completed / progression


#: The shares the comparison chart puts side by side.
CHARTED: tuple[str, ...] = ("occupancy", "plan_compliance", "attendance_compliance",
                            "progression_share", "stopped_share")


def _part(columns: Mapping[str, Mapping[str, Cell]], lang: str, *,
          charts: bool = True) -> Part:
    headers = (label("figure.figure", lang), *columns)
    rows = []
    for figure in FIGURES:
        values = [cells.get(figure) for cells in columns.values()]
        if figure in ("name", "provider") and not any(values):
            continue
        rows.append((label(f"figure.{figure}", lang), *values))
    table = Table(rows, headers)
    heading = label("text.compare_heading", lang)
    sections = [Section("", charts=_charts(columns, lang))] if charts else []
    return Part(sheet=heading, heading=heading, sections=[*sections, Section("", [table])])


def _charts(columns: Mapping[str, Mapping[str, Cell]], lang: str) -> list[Chart]:
    # The shares as bars side by side, and what a progression cost.
    def value(cell: Cell | None) -> Figure:
        return cell.value if isinstance(cell, Share | Money) else None

    shares = share_bars(label("text.compare_chart", lang),
                        [(label(f"figure.{f}", lang), [value(c.get(f)) for c in columns.values()])
                         for f in CHARTED], list(columns))
    prices = [value(c.get("price_per_progression")) for c in columns.values()]
    charts = [shares]
    if any(p is not None for p in prices):
        charts.append(Chart("bars", label("text.price_chart", lang), list(columns),
                            [Series(label("figure.price_per_progression", lang), prices)],
                            unit="money"))
    return charts


def _cells_from_comparison(a: Doc) -> dict[str, Cell]:
    completed = a.get("completed")
    return {
        "name": a.get("name") or "",
        "provider": a.get("provider") or "",
        "slots": a.get("slots"),
        "extra_slots": a.get("extra_slots"),
        "occupancy": Share(a.get("occupancy")),
        "plan_compliance": Share(a.get("plan_compliance")),
        "attendance_compliance": Share(a.get("attendance_compliance")),
        "completed": completed,
        "progression_share": Share(a.get("progression_share"), a.get("progression"), completed),
        "stopped_share": Share(a.get("stopped_share"), a.get("stopped"), completed)
        if "stopped" in a else Share(a.get("stopped_share")),
        "price_per_pathway": Money(a.get("price_per_pathway")),
        "price_per_progression": Money(a.get("price_per_progression")),
    }


def cells_from_evaluation(a: Doc) -> dict[str, Cell]:
    """
    The comparison's cells of one agreement of an evaluation document.
    """
    q1 = a.get("q1_in_use", {})
    q2 = a.get("q2_plan", {})
    q4 = a.get("q4_followup", {})
    q7 = a.get("q7_overview", {})
    summary = a.get("summary", {})
    completed = q7.get("completed")
    price = a.get("price_per_pathway")
    return {
        "name": a.get("name") or "",
        "provider": a.get("provider") or "",
        "slots": q1.get("slots"),
        "extra_slots": q1.get("extra_slots"),
        "occupancy": Share(q1.get("occupancy", summary.get("occupancy"))),
        "plan_compliance": Share(q2.get("compliance", summary.get("plan_compliance"))),
        "attendance_compliance": Share(
            q4.get("attendance_compliance", summary.get("attendance_compliance"))
        ),
        "completed": completed,
        "progression_share": Share(q7.get("progression_share"), q7.get("progression"), completed),
        "stopped_share": Share(q7.get("stopped_share"), q7.get("stopped"), completed),
        "price_per_pathway": Money(price),
        "price_per_progression": Money(
            price_per_progression(price, completed, q7.get("progression"))
        ),
    }
