"""
The reconciliation report: every discrepancy between a published summary and
the register, explained in the reader's language.

Built from the discrepancies of ``forloeb.evaluation.reconcile`` in their JSON
form (``Discrepancy.to_dict()``): the numbers in ``details`` are written into
sentences of the chosen language, so nothing depends on the English message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from forloeb.labels import code_label, figure_label, format_date, has_label, label
from forloeb.rendering._cells import Cell, Mean, Share, format_cell, format_share
from forloeb.rendering._report import Part, Report, Section, Table

Doc = Mapping[str, Any]

#: Figures compared as shares (as ``reconcile`` does): a name ending in one of these.
_SHARE_SUFFIXES = ("_share", "compliance", "occupancy", "utilisation")


def build_reconcile_report(discrepancies: Sequence[Doc], *, as_of: dt.date,
                           lang: str) -> Report:
    """
    The report of a reconciliation as of ``as_of`` in language ``lang``.
    """
    title = label("text.reconcile_title", lang).format(as_of=format_date(as_of, lang))
    count = len(discrepancies)
    if count == 0:
        return Report(lang=lang, title=title, lines=[label("text.reconcile_none", lang)])
    line = (label("text.reconcile_one", lang) if count == 1
            else label("text.reconcile_count", lang).format(n=count))
    headers = tuple(label(f"text.reconcile_{c}", lang)
                    for c in ("agreement", "figure", "published", "explanation"))
    rows: list[tuple[Cell, ...]] = [
        (d.get("agreement_id") or "", figure_name(d.get("path") or "", lang),
         _value(d.get("path") or "", d.get("published"), lang),
         explanation(d, as_of=as_of, lang=lang))
        for d in discrepancies
    ]
    table = Table(rows, headers, text_columns={1, 3})
    part = Part(sheet=label("text.reconcile_heading", lang), heading="",
                sections=[Section("", [table])])
    return Report(lang=lang, title=title, lines=[line], parts=[part])


def figure_name(path: str, lang: str) -> str:
    """
    The reader's name of a figure given by its dotted path.

    >>> figure_name("q7_overview.completed", "da")
    'Afsluttede forløb'
    >>> figure_name("q7_overview.outcomes.fleksjob", "en")
    'Outcome: Flexjob'
    >>> figure_name("q4_followup.attendance_report.late", "en")
    'Attendance sheets: Late'
    """
    if not path:
        return ""
    parts = path.split(".")
    if len(parts) == 1:
        return figure_label("", parts[0], lang)
    if parts[0] == "jobs":
        return _job_figure_name(parts[1:], lang)
    section, name, *rest = parts
    text = figure_label(section, name, lang)
    if rest:
        kind = {"outcomes": "outcome", "exempt_reasons": "reason", "deliveries": "delivery",
                "by_domain": "effect", "score_change": "effect"}.get(name, "status")
        text += ": " + code_label(kind, rest[-1], lang)
    return text


def _job_figure_name(parts: list[str], lang: str) -> str:
    # "jobs.via_jobcenter.fleksjob": "Job via jobcentret: Fleksjob";
    # "jobs.flexjob_progression.paths.E1.start.effective_hours":
    # "Progression i fleksjob: E1, Ved start, Effektive timer".
    first, *rest = parts
    named = [figure_label("jobs", first, lang)]
    for part in rest:
        if part == "paths":
            continue
        if has_label(f"figure.jobs.{part}", lang):
            named.append(figure_label("jobs", part, lang))
        elif has_label(f"kind.{part}", lang):
            named.append(code_label("kind", part, lang))
        elif has_label(f"status.{part}", lang):
            named.append(code_label("status", part, lang))
        else:
            named.append(part)
    return named[0] + (": " + ", ".join(named[1:]) if len(named) > 1 else "")


def explanation(discrepancy: Doc, *, as_of: dt.date, lang: str) -> str:
    """
    One sentence saying what is wrong with a published figure.
    """
    kind = str(discrepancy.get("kind"))
    details = discrepancy.get("details") or {}
    path = discrepancy.get("path") or ""
    if kind == "missing_agreement":
        return label("text.reconcile_missing_agreement", lang).format(
            as_of=format_date(as_of, lang))
    if kind == "hours_mismatch":
        return label("text.reconcile_hours_mismatch", lang).format(
            hours=format_cell(details.get("hours_per_week"), lang),
            intensity=details.get("intensity"),
            effective=format_cell(Mean(details.get("effective_hours")), lang))
    if kind == "sum_mismatch":
        return label("text.reconcile_sum_mismatch", lang).format(
            sum=details.get("sum", discrepancy.get("computed")))
    if kind == "share_mismatch" and "numerator" in details:
        num, den = details["numerator"], details["denominator"]
        source = (f"{_source(details.get('numerator_from', ''), lang)} / "
                  f"{_source(details.get('denominator_from', ''), lang)}")
        return label("text.reconcile_share_mismatch", lang).format(
            numerator=num, denominator=den,
            percent=format_share(Share(None, num, den), lang, counts=False), source=source)
    return label("text.reconcile_differs", lang).format(
        computed=_value(path, discrepancy.get("computed"), lang))


def _value(path: str, value: Any, lang: str) -> str:
    if path.endswith(_SHARE_SUFFIXES) and isinstance(value, int | float):
        return format_share(Share(value), lang, counts=False)
    return format_cell(value, lang)


def _source(text: str, lang: str) -> str:
    # Where reconcile took a numerator or denominator from: a figure's path,
    # or a phrase about the published outcome counts.
    if text.startswith("the sum of"):
        return label("text.reconcile_outcome_sum", lang)
    if "progression outcomes" in text:
        return label("text.reconcile_progression_outcomes", lang)
    if " count of " in text:
        return label("text.reconcile_stopped_outcome", lang)
    if "." in text and " " not in text:
        name = figure_name(text, lang)
        return name[:1].lower() + name[1:]  # it stands inside a sentence
    return text
