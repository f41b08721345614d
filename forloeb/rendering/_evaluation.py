"""
The evaluation report: one part per agreement, one section per question of
the paradigm, then the paradigm's summary sentence.

Built from the JSON document ``Evaluation.to_dict()`` (possibly suppressed),
so it renders exactly what ``--format json`` would show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from forloeb.codes import EFFECT_DOMAINS, NO_PLAN_REASONS, OUTCOMES
from forloeb.labels import code_label, figure_label, format_date, label
from forloeb.rendering._cells import Cell, Mean, Share, as_date, format_share
from forloeb.rendering._charts import compliance_chart, outcome_chart
from forloeb.rendering._comparison import comparison_from_evaluation
from forloeb.rendering._report import Part, Report, Section, Table
from forloeb.rendering._summary import evaluation_summary
from forloeb.sla import COUNTED, Status

#: The sections of an agreement in the document, in the paradigm's order.
QUESTIONS: tuple[str, ...] = (
    "q1_in_use",
    "q2_plan",
    "q3_ownership",
    "q4_followup",
    "q5_caseworker",
    "q6_effects",
    "q7_overview",
    "q8_collaboration",
)

#: Statuses as the follow-up table lists them; exempt and not-due only when they occur.
_STATUS_ROWS: tuple[str, ...] = ("met", "late", "pending", "overdue", "missed", "exempt",
                                 "not_due")
_ALWAYS_SHOWN = frozenset({"met", "late", "pending", "overdue", "missed"})

#: The statuses a compliance rate counts: met / (met + late + overdue + missed).
_COUNTED: tuple[str, ...] = tuple(s.value for s in Status if s in COUNTED)

#: Where the document keeps the compliance rate of each kind of finding.
_COMPLIANCE = {"followup": "followup_compliance", "attendance_report": "attendance_compliance"}

Doc = Mapping[str, Any]


def build_evaluation_report(
    document: Doc, *, lang: str, with_comparison: bool = False, with_summary: bool = False
) -> Report:
    """
    The report of an evaluation document in language ``lang``.

    ``with_comparison`` adds every agreement side by side to the details
    (the workbook's last sheet, the web page's last page); ``with_summary``
    adds the summary page, a card per agreement.
    """
    as_of = dt.date.fromisoformat(document["as_of"])
    lines = [line for line in [_period_line(document, lang)] if line]
    lines.extend(suppression_lines(document, lang))
    agreements = document.get("agreements", [])
    if not agreements:
        lines.append(label("text.no_agreements", lang).format(as_of=format_date(as_of, lang)))
    parts = [_agreement_part(a, lang) for a in agreements]
    details = []
    if with_comparison and agreements:
        # The summary shows the comparison as charts; the details hold every figure.
        details.append(comparison_from_evaluation(document, lang=lang, charts=not with_summary))
    summary = evaluation_summary(document, lang=lang) if with_summary else None
    title = label("text.evaluation_title", lang).format(as_of=format_date(as_of, lang))
    return Report(lang=lang, title=title, lines=lines, parts=parts, summary=summary,
                  details=details)


def suppression_lines(document: Doc, lang: str) -> list[str]:
    """
    The note a suppressed document carries, or nothing.
    """
    below = document.get("suppressed_below")
    if not below:
        return []
    return [label("text.suppression_note", lang).format(n=below, last=below - 1)]


def agreement_heading(agreement: Doc, lang: str) -> str:
    """
    ``Samarbejdsaftale 1 (SA1) – VeteranHaven``, or as much of it as is known.
    """
    agreement_id = agreement["agreement_id"]
    name = agreement.get("name") or ""
    provider = agreement.get("provider") or ""
    if not name:
        return f"{agreement_id} – {provider}" if provider else agreement_id
    key = "text.agreement_heading_provider" if provider else "text.agreement_heading"
    return label(key, lang).format(name=name, agreement_id=agreement_id, provider=provider)


def summary_sentence(agreement: Doc, lang: str) -> str:
    """
    The paradigm's sentence: how many went on to education, a job or a flexjob,
    and how many stopped.
    """
    q7 = agreement.get("q7_overview", {})
    completed = q7.get("completed")
    if completed == 0 or completed is None:
        return label("text.summary_none_completed", lang)
    progression = _phrase(Share(q7.get("progression_share"), q7.get("progression"), completed),
                          lang)
    stopped = _phrase(Share(q7.get("stopped_share"), q7.get("stopped"), completed), lang)
    return label("text.summary", lang).format(progression=progression, stopped=stopped)


def _phrase(share: Share, lang: str) -> str:
    if not share.is_suppressed:
        return format_share(share, lang, counts=False)
    count = share.numerator
    if count == 0:
        return label("text.nobody", lang)
    if isinstance(count, str) and count.startswith("<"):
        return label("text.fewer_than", lang).format(n=count[1:])
    return label("text.suppressed", lang)


def _period_line(document: Doc, lang: str) -> str:
    as_of = dt.date.fromisoformat(document["as_of"])
    since = document.get("since")
    if since is None:
        return ""
    # The period (since, as_of] starts the day after `since`.
    first = dt.date.fromisoformat(since) + dt.timedelta(days=1)
    return label("text.period", lang).format(
        first=format_date(first, lang), last=format_date(as_of, lang)
    )


def _agreement_part(agreement: Doc, lang: str) -> Part:
    sections = []
    for number, key in enumerate(QUESTIONS, start=1):
        heading = f"{number}. {label(f'question.{key}', lang)}"
        build = _BUILDERS[key]
        sections.append(build(heading, agreement.get(key, {}), agreement, lang))
    return Part(
        sheet=str(agreement["agreement_id"]),
        heading=agreement_heading(agreement, lang),
        sections=sections,
        paragraphs=[summary_sentence(agreement, lang)],
    )


def _figures(section: str, figures: Doc, names: Iterable[str], lang: str,
             cells: Mapping[str, Cell] | None = None) -> Table:
    # A list of figures; `cells` overrides how a figure is shown (a share, a mean).
    cells = cells or {}
    rows = []
    for name in names:
        if name in cells:
            rows.append((figure_label(section, name, lang), cells[name]))
        elif name in figures:
            rows.append((figure_label(section, name, lang), figures[name]))
    return Table(rows)


def _total(*values: Any) -> int | None:
    # The sum of some counts, unknown (None) if one is suppressed or missing.
    counts = [v for v in values if isinstance(v, int)]
    return sum(counts) if len(counts) == len(values) else None


def _ordered(counts: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    # Known codes in the code list's order, then any others as they come.
    known = [code for code in order if code in counts]
    return known + [code for code in counts if code not in order]


def _q1(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    cells = {
        "utilisation": Share(q.get("utilisation"), q.get("active"), q.get("slots")),
        "occupancy": Share(q.get("occupancy"), q.get("pathway_days"), q.get("slot_days")),
    }
    names = ("slots", "extra_slots", "active", "utilisation", "occupancy",
             "started_in_period", "active_in_period", "ended_in_period", "upcoming_starts")
    return Section(heading, [_figures("q1_in_use", q, names, lang, cells)])


def _compliance(counts: Doc, value: Any) -> Share:
    # The compliance rate with the counts it comes from.
    parts = [counts.get(s, 0) for s in _COUNTED]
    hidden = [c for c in parts if isinstance(c, str)]
    if hidden:
        return Share(hidden[0])  # a count behind it is suppressed, so is the share
    return Share(value, counts.get("met", 0), _total(*parts))


def _q2(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    value = q.get("compliance", agreement.get("summary", {}).get("plan_compliance"))
    cells = {"plan_compliance": _compliance(q, value)}
    names = ("participants", "met", "late", "exempt", "pending", "overdue", "missed",
             "not_due", "plan_compliance")
    tables = [_figures("q2_plan", q, names, lang, cells)]
    reasons = q.get("exempt_reasons") or {}
    rows = [(code_label("reason", r, lang), reasons[r])
            for r in _ordered(reasons, NO_PLAN_REASONS) if reasons[r] != 0]
    if rows:
        headers = (figure_label("q2_plan", "exempt_reasons", lang), label("figure.count", lang))
        tables.append(Table(rows, headers))
    return Section(heading, tables)


def _q3(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    plans = q.get("plans")
    cells: dict[str, Cell] = {
        name: Share(q.get(f"{name}_share"), q[name], plans)
        for name in ("co_created", "own_goals", "revised") if name in q
    }
    names = ("plans", "co_created", "own_goals", "revised")
    return Section(heading, [_figures("q3_ownership", q, names, lang, cells)])


def _q4(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    cells = {"meetings_per_participant": Mean(q.get("meetings_per_participant"))}
    names = ("meetings_held", "participants", "meetings_per_participant", "meeting_requests")
    tables = [_figures("q4_followup", q, names, lang, cells)]
    # A rule with no findings at all (no follow-up interval agreed) gets no column.
    kinds = [k for k in ("followup", "attendance_report")
             if isinstance(q.get(k), Mapping) and any(v != 0 for v in q[k].values())]
    if kinds:
        headers = (label("figure.status", lang),
                   *(figure_label("q4_followup", k, lang) for k in kinds))
        rows: list[tuple[Cell, ...]] = []
        for status in _STATUS_ROWS:
            counts = [q[k].get(status, 0) for k in kinds]
            if status in _ALWAYS_SHOWN or any(c != 0 for c in counts):
                rows.append((code_label("status", status, lang), *counts))
        compliance = [_compliance(q[k], q.get(_COMPLIANCE[k])) for k in kinds]
        rows.append((figure_label("q4_followup", "compliance", lang), *compliance))
        tables.append(Table(rows, headers))
    chart = compliance_chart(agreement, lang)
    return Section(heading, tables, charts=[chart] if chart else [])


def _q5(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    tables = []
    deliveries = q.get("deliveries") or {}
    if deliveries:
        rows = [(code_label("delivery", kind, lang), n) for kind, n in deliveries.items()]
        headers = (figure_label("q5_caseworker", "deliveries", lang), label("figure.count", lang))
        tables.append(Table(rows, headers))
    cells = {
        "requests_followed_by_meeting": Share(
            q.get("requests_followed_share"), q.get("requests_followed_by_meeting"),
            q.get("meetings_requested"),
        )
    }
    names = ("meetings_requested", "requests_followed_by_meeting")
    tables.append(_figures("q5_caseworker", q, names, lang, cells))
    return Section(heading, tables)


def _q6(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    tables = [_figures("q6_effects", q, ("participants_with_effect",), lang)]
    by_domain = q.get("by_domain") or {}
    change = q.get("score_change") or {}
    domains = _ordered({**by_domain, **change}, EFFECT_DOMAINS)
    if domains:
        headers = (figure_label("q6_effects", "by_domain", lang),
                   figure_label("q6_effects", "participants", lang),
                   figure_label("q6_effects", "score_change", lang))
        rows = [(code_label("effect", d, lang), by_domain.get(d, 0),
                 Mean(change.get(d), signed=True)) for d in domains]
        tables.append(Table(rows, headers))
    return Section(heading, tables)


def _q7(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    completed = q.get("completed")
    cells = {
        "progression": Share(q.get("progression_share"), q.get("progression"), completed),
        "stopped": Share(q.get("stopped_share"), q.get("stopped"), completed),
    }
    tables = [_figures("q7_overview", q, ("completed", "continuing", "progression", "stopped"),
                       lang, cells)]
    outcomes = q.get("outcomes") or {}
    shown = [code for code in _ordered(outcomes, tuple(OUTCOMES)) if outcomes[code] != 0]
    if shown:
        rows: list[tuple[Cell, ...]] = [(code_label("outcome", code, lang), outcomes[code])
                                        for code in shown]
        rows.append((figure_label("q7_overview", "total", lang), completed))
        headers = (figure_label("q7_overview", "outcomes", lang), label("figure.count", lang))
        tables.append(Table(rows, headers))
    chart = outcome_chart(agreement, lang)
    return Section(heading, tables, charts=[chart] if chart else [])


def _q8(heading: str, q: Doc, agreement: Doc, lang: str) -> Section:
    cells = {"mean_rating": Mean(q.get("mean_rating"))}
    tables = [_figures("q8_collaboration", q, ("notes", "mean_rating"), lang, cells)]
    items = q.get("items") or []
    if items:
        columns = ("date", "author", "rating", "note")
        headers = tuple(figure_label("q8_collaboration", c, lang) for c in columns)
        rows = [(as_date(i.get("date")), code_label("author", i.get("author") or "", lang),
                 i.get("rating"), i.get("note") or "") for i in items]
        tables.append(Table(rows, headers, text_columns={1, 3}))
    return Section(heading, tables)


_BUILDERS: dict[str, Callable[[str, Doc, Doc, str], Section]] = {
    "q1_in_use": _q1,
    "q2_plan": _q2,
    "q3_ownership": _q3,
    "q4_followup": _q4,
    "q5_caseworker": _q5,
    "q6_effects": _q6,
    "q7_overview": _q7,
    "q8_collaboration": _q8,
}
