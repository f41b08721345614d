"""
The summary page a committee reads first: a card per agreement with its key
figures (occupancy, plan and sheet compliance, progression, stopped, price
per progression), its outcomes split by group and the paradigm's sentence;
then, with more than one agreement, the comparison as bars.

Built from an evaluation document, with the same cells as the comparison
(:mod:`forloeb.rendering._comparison`), so the figures cannot differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forloeb.labels import label
from forloeb.rendering._cells import Share
from forloeb.rendering._charts import outcome_split
from forloeb.rendering._comparison import cells_from_evaluation, comparison_charts
from forloeb.rendering._report import Card, Summary, Table

#: The key figures of a card, top to bottom.
KEY_FIGURES: tuple[str, ...] = (
    "occupancy",
    "plan_compliance",
    "attendance_compliance",
    "progression_share",
    "stopped_share",
    "price_per_progression",
)

Doc = Mapping[str, Any]


def evaluation_summary(document: Doc, *, lang: str) -> Summary | None:
    """
    The summary of an evaluation document; ``None`` without agreements.
    """
    from forloeb.rendering._evaluation import summary_sentence

    agreements = document.get("agreements", [])
    if not agreements:
        return None
    cards = []
    for agreement in agreements:
        cells = cells_from_evaluation(agreement)
        rows = []
        for figure in KEY_FIGURES:
            cell = cells[figure]
            if isinstance(cell, Share) and figure not in ("progression_share", "stopped_share"):
                cell = Share(cell.value)  # a rate: its counts are in the agreement's pages
            rows.append((label(f"figure.{figure}", lang), cell))
        name = agreement.get("name") or ""
        agreement_id = str(agreement["agreement_id"])
        cards.append(Card(
            heading=f"{name} ({agreement_id})" if name else agreement_id,
            subheading=agreement.get("provider") or "",
            figures=Table(rows),
            chart=outcome_split(agreement, lang),
            paragraphs=[summary_sentence(agreement, lang)],
        ))
    return Summary(label("text.summary_heading", lang), cards,
                   charts=comparison_charts(document, lang=lang) if len(cards) > 1 else [])
