"""
The jobs report: the hires of a year against the goal, the hires through other
channels and per enterprise, the progression in flexjobs with each person's
path, and the flexjob reviews due in the year.

Built from the JSON document ``JobFigures.to_dict()`` (possibly suppressed),
so it renders exactly what ``forloeb jobs --format json`` shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from forloeb.codes import EMPLOYMENT_KINDS
from forloeb.labels import code_label, figure_label, format_date, label
from forloeb.rendering._cells import Cell, Mean, Share, format_cell
from forloeb.rendering._report import Part, Report, Section, Table
from forloeb.sla import COUNTED, Status

Doc = Mapping[str, Any]

#: The statuses a review table lists: every one that can occur, exempt aside.
_REVIEW_STATUSES = ("met", "late", "pending", "overdue", "missed", "not_due")
_COUNTED = tuple(s.value for s in Status if s in COUNTED)


def build_jobs_report(document: Doc, *, lang: str) -> Report:
    """
    The report of a jobs document in language ``lang``.
    """
    from forloeb.rendering._evaluation import suppression_lines

    as_of = dt.date.fromisoformat(document["as_of"])
    title = label("text.jobs_title", lang).format(year=document["year"],
                                                  as_of=format_date(as_of, lang))
    return Report(lang=lang, title=title, lines=suppression_lines(document, lang),
                  parts=jobs_parts(document, lang=lang))


def jobs_parts(document: Doc, *, lang: str) -> list[Part]:
    """
    The two parts of a jobs document: the jobs, and the flexjobs.
    """
    return [_jobs_part(document, lang), _flexjob_part(document, lang)]


def _f(name: str, lang: str) -> str:
    return figure_label("jobs", name, lang)


def _by_kind(counts: Doc, lang: str, total: Cell) -> Table:
    rows: list[tuple[Cell, ...]] = [(code_label("kind", kind, lang), counts.get(kind, 0))
                                    for kind in _ordered(counts)]
    rows.append((label("figure.q7_overview.total", lang), total))
    return Table(rows, headers=(_f("kind", lang), label("figure.count", lang)))


def _ordered(counts: Doc) -> list[str]:
    known = [kind for kind in EMPLOYMENT_KINDS if kind in counts]
    return known + [kind for kind in counts if kind not in EMPLOYMENT_KINDS]


def _jobs_part(document: Doc, lang: str) -> Part:
    year, goal = document["year"], document.get("goal")
    total = document.get("total_via_jobcenter")
    as_of = dt.date.fromisoformat(document["as_of"])
    figures = Table([
        (_f("goal", lang), goal),
        (_f("total_via_jobcenter", lang), total),
        (_f("goal_met", lang), label("text.yes" if document.get("goal_met") else "text.no",
                                     lang)),
        (_f("missing", lang), document.get("missing")),
    ])
    paragraphs = [_goal_sentence(document, lang)]
    pace = document.get("pace")
    if isinstance(pace, Mapping):
        key = "text.jobs_mid_year" if document.get("mid_year") else "text.jobs_pace"
        paragraphs.append(label(key, lang).format(
            as_of=format_date(as_of, lang), total=format_cell(total, lang),
            expected=format_cell(Mean(pace.get("expected_by_now")), lang), goal=goal,
            needed=format_cell(Mean(pace.get("needed_per_month")), lang),
            months=format_cell(Mean(pace.get("months_left")), lang)))
    sections = [
        Section("", [_by_kind(document.get("via_jobcenter") or {}, lang, total), figures],
                paragraphs),
        Section(label("text.jobs_other_heading", lang),
                [_by_kind(document.get("other_channels_by_kind") or {}, lang,
                          document.get("other_channels"))]),
    ]
    enterprises = document.get("enterprises") or []
    if enterprises:
        headers = (_f("enterprise", lang), code_label("channel", "jobcenter", lang),
                   code_label("channel", "other", lang), label("figure.q7_overview.total", lang))
        rows = [(e.get("enterprise", ""), e.get("via_jobcenter"), e.get("other_channels"),
                 e.get("total")) for e in enterprises]
        sections.append(Section(label("text.jobs_enterprise_heading", lang),
                                [Table(rows, headers)]))
    heading = label("text.jobs_heading", lang).format(year=year)
    return Part(sheet=heading[:31], heading=heading, sections=sections)


def _goal_sentence(document: Doc, lang: str) -> str:
    total = format_cell(document.get("total_via_jobcenter"), lang)
    goal = document.get("goal")
    if document.get("goal_met"):
        return label("text.jobs_goal_met", lang).format(goal=goal, total=total)
    return label("text.jobs_goal_missing", lang).format(
        goal=goal, total=total, missing=format_cell(document.get("missing"), lang))


def _flexjob_part(document: Doc, lang: str) -> Part:
    progression = document.get("flexjob_progression") or {}
    reviews = document.get("flexjob_reviews") or {}
    as_of = dt.date.fromisoformat(progression.get("as_of") or document["as_of"])
    cells = {name: Mean(progression.get(name), signed=name == "mean_change")
             for name in ("mean_start_hours", "mean_hours", "mean_change")}
    rows = [(_f(name, lang), cells.get(name, progression.get(name)))
            for name in ("running", "up", "same", "down", "mean_start_hours", "mean_hours",
                         "mean_change") if name in progression]
    paragraphs = []
    if progression.get("running") == 0:
        paragraphs.append(label("text.flexjob_none", lang).format(as_of=format_date(as_of,
                                                                                    lang)))
    sections = [Section(label("text.flexjob_progression_heading", lang).format(
        as_of=format_date(as_of, lang)), [Table(rows)], paragraphs)]
    paths = progression.get("paths") or []
    if paths:
        sections.append(Section(label("text.flexjob_paths_heading", lang),
                                [_paths_table(paths, lang)]))
    sections.append(_reviews_section(reviews, document["year"], lang))
    heading = label("text.flexjob_heading", lang)
    return Part(sheet=heading[:31], heading=heading, sections=sections)


def _paths_table(paths: list[Doc], lang: str) -> Table:
    headers = (_f("employment_id", lang), _f("enterprise", lang), _f("date", lang),
               _f("hours_per_week", lang), _f("intensity", lang), _f("effective_hours", lang),
               _f("change", lang))
    rows: list[tuple[Cell, ...]] = []
    for path in paths:
        steps = path.get("steps") or [path.get("start") or {}, path.get("now") or {}]
        start = steps[0].get("effective_hours") if steps else None
        for i, step in enumerate(steps):
            effective = step.get("effective_hours")
            change: Cell = None
            if i and isinstance(effective, int | float) and isinstance(start, int | float):
                change = Mean(effective - start, signed=True)
            rows.append((path.get("employment_id", "") if i == 0 else "",
                         path.get("enterprise", "") if i == 0 else "",
                         step.get("date"), Mean(step.get("hours_per_week")),
                         step.get("intensity"), Mean(effective), change))
    return Table(rows, headers, text_columns={1})


def _reviews_section(reviews: Doc, year: int, lang: str) -> Section:
    rows: list[tuple[Cell, ...]] = [(code_label("status", s, lang), reviews.get(s, 0))
                                    for s in _REVIEW_STATUSES]
    rows.append((_f("due", lang), reviews.get("due")))
    counts = [reviews.get(s, 0) for s in _COUNTED]
    hidden = [c for c in counts if isinstance(c, str)]
    share = Share(hidden[0]) if hidden else Share(reviews.get("compliance"),
                                                  reviews.get("met", 0), sum(counts))
    rows.append((_f("compliance", lang), share))
    return Section(label("text.flexjob_reviews_heading", lang).format(year=year),
                   [Table(rows, headers=(label("figure.status", lang),
                                         label("figure.count", lang)))])
