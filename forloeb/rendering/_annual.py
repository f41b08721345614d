"""
The annual report: the jobs and the flexjobs, the summer evaluation of each
agreement with where it stands at the report's date, the comparison, the
trend and the reconciliation of a published summary, in one report that every
layout draws (one sheet per part in a workbook).

As a document (the web page, the workbook) it opens with a summary: the
year's result in plain words (the jobs against the goal, the progression in
flexjobs and the reviews, what the reconciliation found), the cards of the
jobs summary (:func:`forloeb.rendering._jobs.jobs_summary`) beside a card per
agreement as it stands at the report's date, and the hires as charts.

Built from the JSON document ``AnnualReport.to_dict()`` (possibly suppressed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from forloeb.labels import format_date, label
from forloeb.rendering._cells import Cell, Share
from forloeb.rendering._comparison import comparison_from_evaluation
from forloeb.rendering._evaluation import (
    build_evaluation_report,
    summary_sentence,
    suppression_lines,
)
from forloeb.rendering._jobs import jobs_parts, jobs_summary
from forloeb.rendering._reconcile import build_reconcile_report
from forloeb.rendering._report import Part, Report, Section, Summary, Table
from forloeb.rendering._summary import evaluation_summary
from forloeb.rendering._trend import build_trend_report

Doc = Mapping[str, Any]

#: The key figures of where an agreement stands at the report's date.
_STANDING = ("active", "completed", "continuing", "progression_share", "stopped_share",
             "occupancy", "plan_compliance", "attendance_compliance")


def build_annual_report(document: Doc, *, lang: str, with_summary: bool = False) -> Report:
    """
    The annual report (or the mid-year status) of an annual report document;
    ``with_summary`` adds the summary page (:func:`annual_summary`).
    """
    as_of = dt.date.fromisoformat(document["as_of"])
    key = "text.mid_year_title" if document.get("mid_year") else "text.annual_title"
    title = label(key, lang).format(year=document["year"], as_of=format_date(as_of, lang))
    summer = build_evaluation_report(document["summer"], lang=lang)
    summer_day = dt.date.fromisoformat(document["summer"]["as_of"])
    lines = [*suppression_lines(document, lang),
             label("text.annual_summer", lang).format(as_of=format_date(summer_day, lang)),
             *(line for line in summer.lines if line not in suppression_lines(document, lang))]
    parts = jobs_parts(document["jobs"], lang=lang)
    year_end = document.get("year_end")
    standing = _standing(year_end, lang) if isinstance(year_end, Mapping) else {}
    for part in summer.parts:
        if part.sheet not in standing:
            parts.append(part)
            continue
        # The sentence closes the part, after the year-end figures: each says
        # which day it is of, so neither is read as the other's.
        extra, closing = standing[part.sheet]
        paragraphs = [*(_dated(summer_day, sentence, lang) for sentence in part.paragraphs),
                      closing]
        parts.append(attrs.evolve(part, sections=(*part.sections, extra), paragraphs=paragraphs))
    current = year_end if isinstance(year_end, Mapping) else document["summer"]
    if current.get("agreements"):
        parts.append(comparison_from_evaluation(current, lang=lang))
    parts.append(_trend_part(document.get("trend") or {}, lang))
    reconciliation = document.get("reconciliation")
    if reconciliation is not None:
        parts.append(_reconcile_part(reconciliation, summer_day, lang))
    summary = annual_summary(document, lang=lang) if with_summary else None
    return Report(lang=lang, title=title, lines=lines, parts=parts, summary=summary)


def annual_summary(document: Doc, *, lang: str) -> Summary:
    """
    The first page of the annual report: the jobs summary's sentences, cards
    and charts, what the reconciliation found, and a card per agreement as it
    stands at the report's date.
    """
    jobs = jobs_summary(document["jobs"], lang=lang)
    paragraphs = list(jobs.paragraphs)
    reconciliation = document.get("reconciliation")
    summer = document["summer"]
    if reconciliation is not None:
        found = build_reconcile_report(reconciliation,
                                       as_of=dt.date.fromisoformat(summer["as_of"]), lang=lang)
        paragraphs.extend(f"{found.title}: {line}" for line in found.lines)
    year_end = document.get("year_end")
    current = year_end if isinstance(year_end, Mapping) else summer
    agreements = evaluation_summary(current, lang=lang)
    cards = list(jobs.cards)
    if agreements is not None:
        key = "text.annual_summary_agreements" if current is year_end else \
            "text.annual_summary_summer"
        paragraphs.append(label(key, lang).format(
            as_of=format_date(dt.date.fromisoformat(current["as_of"]), lang),
            summer=format_date(dt.date.fromisoformat(summer["as_of"]), lang)))
        cards.extend(agreements.cards)
    return attrs.evolve(jobs, cards=cards, paragraphs=paragraphs)


def _dated(day: dt.date, sentence: str, lang: str) -> str:
    # "Status pr. 31. december 2018: Det betyder at ..."
    return f"{label('text.annual_year_end', lang).format(as_of=format_date(day, lang))}: {sentence}"


def _standing(evaluation: Doc, lang: str) -> dict[str, tuple[Section, str]]:
    # Per agreement, its figures at the year end and the sentence they give.
    as_of = dt.date.fromisoformat(evaluation["as_of"])
    heading = label("text.annual_year_end", lang).format(as_of=format_date(as_of, lang))
    sections = {}
    for a in evaluation.get("agreements", []):
        q1, q2, q4, q7 = (a.get(k, {}) for k in ("q1_in_use", "q2_plan", "q4_followup",
                                                 "q7_overview"))
        completed = q7.get("completed")
        cells: dict[str, Cell] = {
            "active": q1.get("active"),
            "completed": completed,
            "continuing": q7.get("continuing"),
            "progression_share": Share(q7.get("progression_share"), q7.get("progression"),
                                       completed),
            "stopped_share": Share(q7.get("stopped_share"), q7.get("stopped"), completed),
            "occupancy": Share(q1.get("occupancy")),
            "plan_compliance": Share(q2.get("compliance")),
            "attendance_compliance": Share(q4.get("attendance_compliance")),
        }
        rows = [(label(f"figure.{name}", lang) if name != "continuing"
                 else label("figure.q7_overview.continuing", lang), cells[name])
                for name in _STANDING]
        sections[str(a["agreement_id"])] = (Section(heading, [Table(rows)]),
                                            _dated(as_of, summary_sentence(a, lang), lang))
    return sections


def _trend_part(trend: Doc, lang: str) -> Part:
    report = build_trend_report(trend, lang=lang)
    sections = [Section(part.heading, [t for s in part.sections for t in s.tables],
                        charts=[c for s in part.sections for c in s.charts])
                for part in report.parts]
    heading = label("text.annual_trend_heading", lang)
    return Part(sheet=heading[:31], heading=report.title, sections=sections)


def _reconcile_part(discrepancies: list[Doc], as_of: dt.date, lang: str) -> Part:
    report = build_reconcile_report(discrepancies, as_of=as_of, lang=lang)
    sections = [s for part in report.parts for s in part.sections]
    heading = label("text.reconcile_heading", lang)
    return Part(sheet=heading, heading=report.title,
                sections=[Section("", [t for s in sections for t in s.tables],
                                  list(report.lines))])
