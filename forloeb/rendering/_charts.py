"""
The charts of the reports, built from the documents: outcomes split by group,
compliance per rule, the comparison as bars and the trend as lines.

Each function returns a :class:`~forloeb.rendering._report.Chart` labelled in
the reader's language; :mod:`forloeb.rendering.html` draws it. A chart shows
exactly the figures of its document: a suppressed count stays suppressed (a
group's total is known only when every outcome in it is shown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from forloeb.codes import OUTCOMES, OutcomeGroup
from forloeb.labels import code_label, figure_label, label
from forloeb.rendering._cells import Figure
from forloeb.rendering._report import Chart, Series

#: The groups an outcome chart shows, in order; a cancelled pathway never ended.
GROUPS: tuple[str, ...] = (
    OutcomeGroup.PROGRESSION.value,
    OutcomeGroup.REHABILITATION.value,
    OutcomeGroup.STOPPED.value,
    OutcomeGroup.OTHER.value,
)

Doc = Mapping[str, Any]


def outcome_group(code: str, positive_outcomes: Sequence[str] | None) -> str:
    """
    The group an outcome is shown in: progression where the agreement counts
    it as progression (its ``positive_outcomes``), else its default group.

    >>> outcome_group("loentilskud", ["loentilskud"]), outcome_group("loentilskud", None)
    ('progression', 'other')
    >>> outcome_group("fleksjob", ["uddannelse"]), outcome_group("afventer_rehab", None)
    ('other', 'rehabilitation')
    """
    if positive_outcomes is not None and code in positive_outcomes:
        return OutcomeGroup.PROGRESSION.value
    group = OUTCOMES.get(code, OutcomeGroup.OTHER)
    if group is OutcomeGroup.PROGRESSION and positive_outcomes is not None:
        return OutcomeGroup.OTHER.value  # this agreement does not count it as progression
    return group.value if group.value in GROUPS else OutcomeGroup.OTHER.value


def _grouped(agreement: Doc) -> list[tuple[str, str, Figure]]:
    # (group, code, count) of every outcome that occurred, group by group.
    outcomes = agreement.get("q7_overview", {}).get("outcomes") or {}
    positive = agreement.get("positive_outcomes")
    order = {code: n for n, code in enumerate(OUTCOMES)}
    rows = [(outcome_group(code, positive), code, count) for code, count in outcomes.items()
            if count != 0 and OUTCOMES.get(code) is not OutcomeGroup.CANCELLED]
    return sorted(rows, key=lambda r: (GROUPS.index(r[0]), order.get(r[1], len(order))))


def _legend(groups: Sequence[str], lang: str) -> list[tuple[str, str]]:
    return [(g, label(f"group.{g}", lang)) for g in GROUPS if g in groups]


def outcome_chart(agreement: Doc, lang: str) -> Chart | None:
    """
    A bar per outcome that occurred, coloured by its group; ``None`` if none did.
    """
    rows = _grouped(agreement)
    if not rows:
        return None
    groups = [g for g, _, _ in rows]
    return Chart("bars", label("text.outcome_chart", lang),
                 [code_label("outcome", code, lang) for _, code, _ in rows],
                 [Series(label("figure.count", lang), [n for _, _, n in rows])],
                 groups=groups, legend=_legend(groups, lang))


def outcome_split(agreement: Doc, lang: str) -> Chart | None:
    """
    The completed pathways as one bar split by group (progression,
    rehabilitation track, stopped, other); ``None`` if none completed.

    A group's total is shown only if every outcome in it is; otherwise it is
    hidden (the text "suppressed"), and so the bar shows the known parts to
    scale and the rest as hidden.
    """
    rows = _grouped(agreement)
    completed = agreement.get("q7_overview", {}).get("completed")
    if not rows or completed == 0:
        return None
    totals: dict[str, Figure] = {}
    for group, _, count in rows:
        known = totals.get(group, 0)
        if isinstance(known, int) and isinstance(count, int):
            totals[group] = known + count
        else:
            totals[group] = label("text.suppressed", lang)
    groups = list(totals)
    return Chart("split", label("text.outcome_chart", lang),
                 [label(f"group.{g}", lang) for g in groups],
                 [Series(label("figure.count", lang), list(totals.values()))],
                 groups=groups, legend=_legend(groups, lang), total=completed)


def compliance_chart(agreement: Doc, lang: str) -> Chart | None:
    """
    The compliance rate of each deadline rule that has deadlines: the plan
    deadline, the attendance sheets and the follow-up meetings.
    """
    q2 = agreement.get("q2_plan", {})
    q4 = agreement.get("q4_followup", {})
    summary = agreement.get("summary", {})
    rates = [
        (code_label("rule", "plan_deadline", lang),
         q2.get("compliance", summary.get("plan_compliance"))),
        (figure_label("q4_followup", "attendance_report", lang),
         q4.get("attendance_compliance", summary.get("attendance_compliance"))),
        (figure_label("q4_followup", "followup", lang),
         q4.get("followup_compliance", summary.get("followup_compliance"))),
    ]
    shown = [(rule, rate) for rule, rate in rates if rate is not None]
    if not shown:
        return None
    return Chart("bars", label("text.compliance_chart", lang),
                 [rule for rule, _ in shown],
                 [Series(label("figure.status", lang), [rate for _, rate in shown])],
                 unit="share")


def share_bars(title: str, figures: Sequence[tuple[str, Sequence[Figure]]],
               series: Sequence[str]) -> Chart:
    """
    Shares side by side: a group of bars per figure, a bar per series (agreement).
    """
    return Chart("bars", title, [name for name, _ in figures],
                 [Series(name, [values[i] for _, values in figures])
                  for i, name in enumerate(series)], unit="share")


def share_lines(title: str, categories: Sequence[str],
                series: Sequence[tuple[str, Sequence[Figure]]]) -> Chart:
    """
    Shares over the years: a line per series.
    """
    return Chart("lines", title, categories, [Series(name, values) for name, values in series],
                 unit="share")
