"""
The jobs report: the hires of a year against the goal, the hires through other
channels and per enterprise, the progression in flexjobs with each person's
path, and the flexjob reviews due in the year.

As a document (the web page, the workbook) it opens with a summary: the
year's result in plain words (the jobs against the goal, the progression in
flexjobs, the reviews), a card each with the key figures and the hires by
kind and by enterprise as charts.

Built from the JSON document ``JobFigures.to_dict()`` (possibly suppressed),
so it renders exactly what ``forloeb jobs --format json`` shows: a suppressed
count is ``<N`` (or ``x``) in tables and charts, and "under N" (or
"skjult") in a sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from forloeb.codes import EMPLOYMENT_KINDS
from forloeb.labels import code_label, figure_label, format_date, label
from forloeb.rendering._cells import Cell, Mean, Share, as_date, format_cell, format_share
from forloeb.rendering._report import Card, Chart, Part, Report, Section, Series, Summary, Table
from forloeb.sla import COUNTED, Status

Doc = Mapping[str, Any]

#: The statuses a review table lists: every one that can occur, exempt aside.
_REVIEW_STATUSES = ("met", "late", "pending", "overdue", "missed", "not_due")
_COUNTED = tuple(s.value for s in Status if s in COUNTED)


def build_jobs_report(document: Doc, *, lang: str, with_summary: bool = False) -> Report:
    """
    The report of a jobs document in language ``lang``; ``with_summary``
    adds the summary page (:func:`jobs_summary`).
    """
    from forloeb.rendering._evaluation import suppression_lines

    as_of = dt.date.fromisoformat(document["as_of"])
    title = label("text.jobs_title", lang).format(year=document["year"],
                                                  as_of=format_date(as_of, lang))
    return Report(lang=lang, title=title, lines=suppression_lines(document, lang),
                  parts=jobs_parts(document, lang=lang),
                  summary=jobs_summary(document, lang=lang) if with_summary else None)


def jobs_summary(document: Doc, *, lang: str) -> Summary:
    """
    The summary of a jobs document: the year's result in sentences, a card
    for the jobs against the goal, one for the progression in flexjobs and
    one for the reviews, and the hires by kind and by enterprise as charts.
    """
    paragraphs = [result_sentence(document, lang), *_pace_sentences(document, lang),
                  flexjob_sentence(document, lang), reviews_sentence(document, lang)]
    progression = document.get("flexjob_progression") or {}
    cards = [
        Card(label("text.jobs_heading", lang).format(year=document["year"]),
             _goal_figures(document, lang), chart=goal_chart(document, lang)),
        Card(_f("flexjob_progression", lang), Table(_progression_rows(progression, lang)),
             chart=_direction_chart(progression, lang)),
        Card(_f("flexjob_reviews", lang),
             Table(_review_rows(document.get("flexjob_reviews") or {}, lang, summary=True))),
    ]
    charts = [_kind_chart(document, lang)]
    enterprises = document.get("enterprises") or []
    if enterprises:
        charts.append(_enterprise_chart(enterprises, lang))
    return Summary(label("text.summary_heading", lang), cards, charts=charts,
                   paragraphs=paragraphs)


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
    year = document["year"]
    total = document.get("total_via_jobcenter")
    figures = _goal_figures(document, lang, with_other=False)
    paragraphs = [_goal_sentence(document, lang), *_pace_sentences(document, lang)]
    sections = [
        Section("", [_by_kind(document.get("via_jobcenter") or {}, lang, total), figures],
                paragraphs, charts=[goal_chart(document, lang)]),
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
                                [Table(rows, headers)],
                                charts=[_enterprise_chart(enterprises, lang)]))
    return Part(sheet=label("text.jobs_sheet", lang).format(year=year),
                heading=label("text.jobs_heading", lang).format(year=year), sections=sections)


def phrase(count: Cell, lang: str) -> str:
    """
    A count of people in a sentence: ``21``, ``under 5`` where it is
    suppressed as ``<5``, ``skjult`` where it is hidden (``x``).

    >>> phrase(2103, "da"), phrase("<5", "da"), phrase("x", "en"), phrase(None, "en")
    ('2.103', 'under 5', 'suppressed', '–')
    """
    if isinstance(count, str):
        if count.startswith("<"):
            return label("text.fewer_than", lang).format(n=count[1:])
        return label("text.suppressed", lang)
    return format_cell(count, lang)


def _listed(items: list[str], lang: str) -> str:
    # "a, b og c" / "a, b and c".
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {label('text.and', lang)} {items[-1]}"


def _lower(text: str) -> str:
    # A label inside a sentence: "Fleksjob" -> "fleksjob".
    return text[:1].lower() + text[1:]


def result_sentence(document: Doc, lang: str) -> str:
    """
    The year's result in plain words: the jobs through the jobcenter against
    the goal (met, or how many are missing), by kind, and the hires through
    other channels.
    """
    as_of = dt.date.fromisoformat(document["as_of"])
    fields = {"as_of": format_date(as_of, lang), "year": document["year"],
              "goal": phrase(document.get("goal"), lang),
              "total": phrase(document.get("total_via_jobcenter"), lang),
              "missing": phrase(document.get("missing"), lang)}
    met = document.get("goal_met")
    key = ("text.jobs_summary_hidden" if isinstance(met, str)  # suppressed with the total
           else "text.jobs_summary_met" if met else "text.jobs_summary_missing")
    sentences = [label(key, lang).format(**fields)]
    counts = document.get("via_jobcenter") or {}
    kinds = [f"{_lower(code_label('kind', kind, lang))} {phrase(counts[kind], lang)}"
             for kind in _ordered(counts) if counts[kind] != 0]
    if kinds:
        sentences.append(label("text.jobs_summary_kinds", lang).format(
            kinds=_listed(kinds, lang)))
    other = document.get("other_channels")
    if other is not None:
        sentences.append(label("text.jobs_summary_other", lang).format(
            other=phrase(other, lang)))
    return " ".join(sentences)


def flexjob_sentence(document: Doc, lang: str) -> str:
    """
    The progression in flexjobs in plain words: how many are running, how
    many went up, stayed or went down, and the mean effective hours.
    """
    progression = document.get("flexjob_progression") or {}
    as_of = format_date(dt.date.fromisoformat(progression.get("as_of") or document["as_of"]),
                        lang)
    if progression.get("running") in (0, None):
        return label("text.flexjob_none", lang).format(as_of=as_of)
    return label("text.flexjob_summary", lang).format(
        as_of=as_of, **{name: phrase(progression.get(name), lang)
                        for name in ("running", "up", "same", "down")},
        start=format_cell(Mean(progression.get("mean_start_hours")), lang),
        now=format_cell(Mean(progression.get("mean_hours")), lang),
        change=format_cell(Mean(progression.get("mean_change"), signed=True), lang))


def reviews_sentence(document: Doc, lang: str) -> str:
    """
    The flexjob reviews due in the year in plain words: how many fall due,
    by status, and the compliance.
    """
    reviews = document.get("flexjob_reviews") or {}
    year = document["year"]
    if reviews.get("due") == 0:
        return label("text.reviews_summary_none", lang).format(year=year)
    statuses = [f"{phrase(reviews[s], lang)} {_lower(_status(s, lang))}"
                for s in _REVIEW_STATUSES if reviews.get(s, 0) != 0]
    return label("text.reviews_summary", lang).format(
        due=phrase(reviews.get("due"), lang), year=year, statuses=_listed(statuses, lang),
        compliance=format_share(_review_compliance(reviews), lang, counts=False))


def _pace_sentences(document: Doc, lang: str) -> list[str]:
    # Before the year is over: the pace it takes to reach the goal.
    pace = document.get("pace")
    if not isinstance(pace, Mapping):
        return []
    as_of = dt.date.fromisoformat(document["as_of"])
    key = "text.jobs_mid_year" if document.get("mid_year") else "text.jobs_pace"
    return [label(key, lang).format(
        as_of=format_date(as_of, lang), total=format_cell(document.get("total_via_jobcenter"),
                                                          lang),
        expected=format_cell(Mean(pace.get("expected_by_now")), lang), goal=document.get("goal"),
        needed=format_cell(Mean(pace.get("needed_per_month")), lang),
        months=format_cell(Mean(pace.get("months_left")), lang))]


def goal_chart(document: Doc, lang: str) -> Chart:
    """
    The jobs through the jobcenter against the goal: the goal grey, the jobs
    green where they reach it and orange where they fall short.
    """
    met = document.get("goal_met")
    # A hidden answer (suppressed with the total) is neither green nor orange.
    reached = "other" if isinstance(met, str) else "progression" if met else "stopped"
    return Chart("bars", label("text.goal_chart", lang),
                 [_f("goal", lang), _f("via_jobcenter", lang)],
                 [Series(label("figure.count", lang),
                         [document.get("goal"), document.get("total_via_jobcenter")])],
                 groups=["other", reached])


def _kind_chart(document: Doc, lang: str) -> Chart:
    # The hires by kind, through the jobcenter and through other channels.
    via = document.get("via_jobcenter") or {}
    other = document.get("other_channels_by_kind") or {}
    kinds = _ordered({**via, **other})
    return Chart("bars", _f("kind", lang), [code_label("kind", k, lang) for k in kinds],
                 [Series(code_label("channel", "jobcenter", lang), [via.get(k, 0) for k in kinds]),
                  Series(code_label("channel", "other", lang), [other.get(k, 0) for k in kinds])])


def _enterprise_chart(enterprises: list[Doc], lang: str) -> Chart:
    # The hires per enterprise, through the jobcenter and through other channels.
    return Chart("bars", _f("by_enterprise", lang), [e.get("enterprise", "") for e in enterprises],
                 [Series(code_label("channel", channel, lang),
                         [e.get(key) for e in enterprises])
                  for channel, key in (("jobcenter", "via_jobcenter"),
                                       ("other", "other_channels"))])


def _direction_chart(progression: Doc, lang: str) -> Chart | None:
    # The flexjobs running on the date, split by where their effective hours went.
    running = progression.get("running")
    if running in (0, None):
        return None
    directions = ("up", "same", "down")
    return Chart("split", _f("flexjob_progression", lang),
                 [_f(d, lang) for d in directions],
                 [Series(label("figure.count", lang),
                         [progression.get(d, 0) for d in directions])],
                 groups=["progression", "other", "stopped"], total=running)


def _goal_figures(document: Doc, lang: str, *, with_other: bool = True) -> Table:
    # The goal and the jobs against it (and, on the summary, the other channels).
    rows: list[tuple[Cell, ...]] = [
        (_f("goal", lang), document.get("goal")),
        (_f("total_via_jobcenter", lang), document.get("total_via_jobcenter")),
        (_f("goal_met", lang), _yes_no(document.get("goal_met"), lang)),
        (_f("missing", lang), _worked_out(document.get("missing"), lang)),
    ]
    if with_other:
        rows.append((_f("other_channels", lang), document.get("other_channels")))
    return Table(rows)


def _worked_out(value: Cell, lang: str) -> Cell:
    # What is missing to the goal, worked out from the hires: where they are
    # hidden it is hidden with them, in words (its "<N" says nothing of its size).
    return label("text.suppressed", lang) if isinstance(value, str) else value


def _yes_no(value: object, lang: str) -> str:
    # Whether the goal is met: hidden (a string) with the total it is worked out from.
    if isinstance(value, str):
        return label("text.suppressed", lang)
    return label("text.yes" if value else "text.no", lang)


def _goal_sentence(document: Doc, lang: str) -> str:
    total = format_cell(document.get("total_via_jobcenter"), lang)
    goal = document.get("goal")
    if isinstance(document.get("goal_met"), str):
        return label("text.jobs_goal_hidden", lang).format(goal=goal, total=total)
    if document.get("goal_met"):
        return label("text.jobs_goal_met", lang).format(goal=goal, total=total)
    return label("text.jobs_goal_missing", lang).format(
        goal=goal, total=total, missing=format_cell(document.get("missing"), lang))


def _flexjob_part(document: Doc, lang: str) -> Part:
    progression = document.get("flexjob_progression") or {}
    reviews = document.get("flexjob_reviews") or {}
    as_of = dt.date.fromisoformat(progression.get("as_of") or document["as_of"])
    rows = _progression_rows(progression, lang)
    paragraphs = []
    if progression.get("running") == 0:
        paragraphs.append(label("text.flexjob_none", lang).format(as_of=format_date(as_of,
                                                                                    lang)))
    chart = _direction_chart(progression, lang)
    sections = [Section(label("text.flexjob_progression_heading", lang).format(
        as_of=format_date(as_of, lang)), [Table(rows)], paragraphs,
        charts=[chart] if chart else [])]
    paths = progression.get("paths") or []
    if paths:
        sections.append(Section(label("text.flexjob_paths_heading", lang),
                                [_paths_table(paths, lang)]))
    sections.append(_reviews_section(reviews, document["year"], lang))
    return Part(sheet=label("text.flexjob_sheet", lang),
                heading=label("text.flexjob_heading", lang), sections=sections)


def _progression_rows(progression: Doc, lang: str) -> list[tuple[Cell, ...]]:
    cells = {name: Mean(progression.get(name), signed=name == "mean_change")
             for name in ("mean_start_hours", "mean_hours", "mean_change")}
    return [(_f(name, lang), cells.get(name, progression.get(name)))
            for name in ("running", "up", "same", "down", "mean_start_hours", "mean_hours",
                         "mean_change") if name in progression]


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
                         as_date(step.get("date")), Mean(step.get("hours_per_week")),
                         step.get("intensity"), Mean(effective), change))
    return Table(rows, headers, text_columns={1})


def _status(status: str, lang: str) -> str:
    # A review's status: as a deadline's, but it is the employment that ends first.
    return label("text.review_not_due", lang) if status == "not_due" else code_label(
        "status", status, lang)


def _review_compliance(reviews: Doc) -> Share:
    # The compliance of the reviews with the counts it comes from, hidden with any of them.
    counts = [reviews.get(s, 0) for s in _COUNTED]
    hidden = [c for c in counts if isinstance(c, str)]
    if hidden:
        return Share(hidden[0])
    return Share(reviews.get("compliance"), reviews.get("met", 0), sum(counts))


def _review_rows(reviews: Doc, lang: str, *, summary: bool = False) -> list[tuple[Cell, ...]]:
    # Every status (the summary's card: the due first, and only the statuses that occur).
    due: tuple[Cell, ...] = (_f("due", lang), reviews.get("due"))
    rows: list[tuple[Cell, ...]] = [(_status(s, lang), reviews.get(s, 0))
                                    for s in _REVIEW_STATUSES
                                    if not summary or reviews.get(s, 0) != 0]
    compliance: tuple[Cell, ...] = (_f("compliance", lang), _review_compliance(reviews))
    return [due, *rows, compliance] if summary else [*rows, due, compliance]


def _reviews_section(reviews: Doc, year: int, lang: str) -> Section:
    return Section(label("text.flexjob_reviews_heading", lang).format(year=year),
                   [Table(_review_rows(reviews, lang), headers=(label("figure.status", lang),
                                                                label("figure.count", lang)))])
