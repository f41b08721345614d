"""
The work list (da: *arbejdsliste*): findings as text, Markdown, JSON or CSV.

Text and Markdown are laid out by :mod:`forloeb.rendering` (so ``sla`` looks
like ``evaluate``), with the statuses, rules and no-plan reasons labelled by
:mod:`forloeb.labels`; the few phrases only the work list uses are in
:data:`_PHRASES`, one table per language. JSON and CSV keep the codes, for
tools.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Collection, Iterable, Sequence
from types import MappingProxyType

from forloeb.errors import InvalidArgument
from forloeb.escaping import csv_cell
from forloeb.labels import code_label, format_date
from forloeb.model import Agreement
from forloeb.rendering._cells import Cell, Share
from forloeb.rendering._report import Part, Report, Section, Table
from forloeb.rendering.markdown import render_markdown
from forloeb.rendering.text import render_text
from forloeb.sla import Finding, Rule, Status, compliance, describe

#: The formats of the work list.
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "csv")

#: The columns of JSON and CSV output (register-format.md), then the extras.
COLUMNS: tuple[str, ...] = ("agreement_id", "pathway_id", "rule", "due", "status", "done",
                            "days_overdue", "reason", "detail")

_PHRASES: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType({
    "da": MappingProxyType({
        "title": "Frister pr. {date}",
        "compliance": "Overholdelse: overholdt / (overholdt + for sent + overskredet)",
        "no_compliance": "Ingen frister er faldet endnu.",
        "within": "Med kommende fremmødesedler til og med {date}.",
        "statuses": "Viser kun: {statuses}.",
        "capacity": "Kapacitet: {peak} ({date}); {rest}.",
        "nothing": "Ingen frister at vise.",
    }),
    "en": MappingProxyType({
        "title": "Deadlines as of {date}",
        "compliance": "Compliance: met / (met + late + overdue)",
        "no_compliance": "No deadline has fallen due yet.",
        "within": "With the attendance sheets coming due up to {date}.",
        "statuses": "Showing only: {statuses}.",
        "capacity": "Capacity: {peak} ({date}); {rest}.",
        "nothing": "No deadlines to show.",
    }),
})

#: Column headings of the compliance table and of the work list, per language.
_HEADERS: MappingProxyType[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "da": (("Regel", "Overholdt til tiden"),
           ("Forløb", "Regel", "Frist", "Status", "Udført", "Dage over", "Bemærkning")),
    "en": (("Rule", "On time"),
           ("Pathway", "Rule", "Due", "Status", "Done", "Days over", "Detail")),
})

_REST = (Status.LATE, Status.MET, Status.EXEMPT, Status.NOT_DUE)
_RULES = tuple(Rule)


def urgency(finding: Finding) -> tuple[object, ...]:
    """
    Sort key, most urgent first: overdue by days overdue (most first), then
    pending by due date, then late, met, exempt and not due, each by due date.
    """
    if finding.status is Status.OVERDUE:
        first: tuple[object, ...] = (0, -finding.days_overdue, finding.due)
    elif finding.status is Status.PENDING:
        first = (1, 0, finding.due)
    else:
        first = (2, _REST.index(finding.status), finding.due)
    return (*first, finding.pathway_id or "", _RULES.index(finding.rule))


def render_worklist(
    findings: Sequence[Finding],
    *,
    agreements: Sequence[Agreement],
    as_of: dt.date,
    fmt: str = "text",
    lang: str = "da",
    statuses: Collection[Status] | None = None,
    until: dt.date | None = None,
) -> str:
    """
    The work list: ``findings`` grouped by agreement (in the order of
    ``agreements``), most urgent first.

    Text and Markdown open with the compliance rate of each rule over all
    ``findings``; only findings with a status in ``statuses`` (all, if
    ``None``) are listed. JSON and CSV hold the listed findings only.

    Raises:
        InvalidArgument: for an unknown format or language.
    """
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in _PHRASES:
        raise InvalidArgument(f"unknown language {lang!r}; use one of {', '.join(_PHRASES)}")
    order = {a.agreement_id: n for n, a in enumerate(agreements)}
    # Each agreement's capacity finding closes its group, as it does in the text.
    listed = sorted((f for f in findings if statuses is None or f.status in statuses),
                    key=lambda f: (order.get(f.agreement_id, len(order)), f.agreement_id,
                                   f.rule is Rule.CAPACITY, urgency(f)))
    if fmt == "json":
        return json.dumps([f.to_dict() for f in listed], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(listed)
    report = _report(findings, listed, agreements=agreements, as_of=as_of, lang=lang,
                     statuses=statuses, until=until)
    return render_text(report) if fmt == "text" else render_markdown(report)


def _csv(findings: Iterable[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for finding in findings:
        writer.writerow({key: csv_cell(value) for key, value in finding.to_dict().items()})
    return buffer.getvalue()


def _report(all_findings: Sequence[Finding], listed: Sequence[Finding], *,
            agreements: Sequence[Agreement], as_of: dt.date, lang: str,
            statuses: Collection[Status] | None, until: dt.date | None) -> Report:
    phrase = _PHRASES[lang]
    lines = []
    if until is not None:
        lines.append(phrase["within"].format(date=format_date(until, lang)))
    if statuses is not None:
        shown = ", ".join(code_label("status", s.value, lang) for s in Status if s in statuses)
        lines.append(phrase["statuses"].format(statuses=shown))
    parts = [Part("compliance", "", [_compliance(all_findings, lang)])]
    capacity = {f.agreement_id: f for f in all_findings if f.rule is Rule.CAPACITY}
    # Grouped in one pass: a register of 20,000 agreements lists millions.
    listed_of: dict[str, list[Finding]] = {}
    for f in listed:
        if f.rule is not Rule.CAPACITY:
            listed_of.setdefault(f.agreement_id, []).append(f)
    for agreement in agreements:
        rows = [_row(f, lang) for f in listed_of.get(agreement.agreement_id, ())]
        paragraphs = []
        if agreement.agreement_id in capacity:
            paragraphs.append(_capacity_line(capacity[agreement.agreement_id], lang))
        if not rows:
            paragraphs.append(phrase["nothing"])
        table = Table(rows, headers=_HEADERS[lang][1], text_columns={1, 3, 6})
        parts.append(Part(agreement.agreement_id[:31], _heading(agreement),
                          [Section("", [table], paragraphs)]))
    return Report(lang, phrase["title"].format(date=format_date(as_of, lang)), lines, parts)


def _capacity_line(finding: Finding, lang: str) -> str:
    # The peak, the day it was first reached, then the days on extra slots and over.
    peak, _, rest = describe(finding.detail, lang=lang).partition("; ")
    return _PHRASES[lang]["capacity"].format(peak=peak, date=format_date(finding.due, lang),
                                             rest=rest)


def _heading(agreement: Agreement) -> str:
    heading = agreement.agreement_id
    if agreement.name:
        heading += f" – {agreement.name}"
    if agreement.provider:
        heading += f" ({agreement.provider})"
    return heading


def _compliance(findings: Sequence[Finding], lang: str) -> Section:
    counts = {rule: c for rule, c in compliance(findings).items() if c[1]}
    if not counts:
        return Section("", paragraphs=[_PHRASES[lang]["no_compliance"]])
    rows = [(code_label("rule", rule.value, lang), Share(met / counted, met, counted))
            for rule, (met, counted) in counts.items()]
    phrase = _PHRASES[lang]
    return Section(phrase["compliance"], [Table(rows, headers=_HEADERS[lang][0])])


def _row(finding: Finding, lang: str) -> tuple[Cell, ...]:
    note = describe(finding.detail, lang=lang)
    if finding.reason:
        note = "; ".join(x for x in (code_label("reason", finding.reason, lang), note) if x)
    return (
        finding.pathway_id or "",
        code_label("rule", finding.rule.value, lang),
        finding.due.isoformat(),
        code_label("status", finding.status.value, lang),
        finding.done.isoformat() if finding.done else "",
        finding.days_overdue or "",
        note,
    )
