"""
The work list (da: *arbejdsliste*): findings as text, Markdown, JSON or CSV.

Text and Markdown are laid out by :mod:`forloeb.rendering` (so ``sla`` looks
like ``evaluate``), with the statuses, rules and no-plan reasons labelled by
:mod:`forloeb.labels`; the few phrases only the work list uses are in
:data:`_PHRASES`, one table per language. JSON and CSV keep the codes, for
tools.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TextIO

from forloeb._csvout import Writer
from forloeb.errors import InvalidArgument
from forloeb.escaping import csv_cell
from forloeb.labels import code_label, format_date
from forloeb.model import Agreement
from forloeb.rendering._cells import Cell, Share
from forloeb.rendering._report import Part, Report, Section, Table
from forloeb.rendering.csv import render_table_csv
from forloeb.rendering.markdown import render_markdown
from forloeb.rendering.text import render_text
from forloeb.sla import (
    DUE_WITHIN,
    Finding,
    Rule,
    Status,
    compliance,
    select_worklist,
)
from forloeb.sla._details import said_in
from forloeb.sla._worklist import group_where

#: The formats of the work list.
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "csv")

#: The columns of JSON and CSV output (docs/register-format.md), then the extras.
COLUMNS: tuple[str, ...] = ("agreement_id", "pathway_id", "rule", "due", "status", "done",
                            "days_overdue", "days_left", "reason", "detail", "employment_id",
                            "enterprise")

_PHRASES: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType({
    "da": MappingProxyType({
        "title": "Frister pr. {date}",
        "compliance": "Overholdelse: overholdt / (overholdt + for sent + overskredet"
                      " + ikke leveret)",
        "no_compliance": "Ingen frister er faldet endnu.",
        "to_do": "Det, der skal gøres: de overskredne frister og dem, der falder"
                 " til og med {date}.",
        "within": "Med de kommende frister til og med {date}.",
        "everything": "Alle frister, også de afsluttede.",
        "statuses": "Viser kun: {statuses}.",
        "capacity": "Kapacitet: {peak} ({date}); {rest}.",
        "nothing": "Ingen frister at vise.",
        "enterprise": "Virksomhed: {name} (ansættelser uden forløb)",
        "after": "efter forløb {pathway}",
    }),
    "en": MappingProxyType({
        "title": "Deadlines as of {date}",
        "compliance": "Compliance: met / (met + late + overdue + missed)",
        "no_compliance": "No deadline has fallen due yet.",
        "to_do": "What needs doing: the overdue deadlines and those falling due"
                 " up to {date}.",
        "within": "With the deadlines coming due up to {date}.",
        "everything": "Every deadline, the ones done with included.",
        "statuses": "Showing only: {statuses}.",
        "capacity": "Capacity: {peak} ({date}); {rest}.",
        "nothing": "No deadlines to show.",
        "enterprise": "Enterprise: {name} (employments after no pathway)",
        "after": "after pathway {pathway}",
    }),
})

#: Column headings of the compliance table and of the work list, per language.
_HEADERS: MappingProxyType[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "da": (("Regel", "Overholdt til tiden"),
           ("Forløb", "Regel", "Frist", "Status", "Udført", "Dage over", "Dage tilbage",
            "Bemærkning")),
    "en": (("Rule", "On time"),
           ("Pathway", "Rule", "Due", "Status", "Done", "Days over", "Days left", "Detail")),
})

#: The first heading of a group that lists an employment's deadline too.
_WHOSE: MappingProxyType[str, str] = MappingProxyType({
    "da": "Forløb / ansættelse", "en": "Pathway / employment"})

_Group = tuple[str, str]


def render_worklist(
    findings: Sequence[Finding],
    *,
    agreements: Sequence[Agreement],
    as_of: dt.date,
    fmt: str = "text",
    lang: str = "da",
    statuses: Collection[Status] | None = None,
    due_within: int = DUE_WITHIN,
    everything: bool = False,
    excel: bool = False,
) -> str:
    """
    The work list: what :func:`forloeb.sla.select_worklist` selects from
    ``findings`` (with ``due_within``, ``statuses`` and ``everything``),
    grouped by agreement in the order of ``agreements``, most urgent first;
    then the reviews of employments that followed no pathway, by enterprise.

    Text and Markdown open with the compliance rate of each rule over all
    ``findings``, whatever is listed. JSON and CSV hold the listed findings;
    ``excel`` writes the CSV for Danish Excel, headed in ``lang``
    (:func:`forloeb.rendering.csv.for_excel`).

    Raises:
        InvalidArgument: for an unknown format or language, or a selection
            :func:`~forloeb.sla.select_worklist` refuses.
    """
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in _PHRASES:
        raise InvalidArgument(f"unknown language {lang!r}; use one of {', '.join(_PHRASES)}")
    listed = _by_agreement(select_worklist(findings, as_of=as_of, due_within=due_within,
                                           statuses=statuses, everything=everything),
                           agreements)
    if fmt == "csv" and excel:
        return render_excel_csv(listed, lang=lang)
    if fmt in ("json", "csv"):
        buffer = io.StringIO()
        with FindingsWriter(buffer, fmt=fmt) as writer:
            for group in listed.values():
                for finding in group:
                    writer.row(finding_row(finding))
        return buffer.getvalue()
    capacity = {f.agreement_id: f for f in findings if f.rule is Rule.CAPACITY}
    return render_listed(listed, compliance=compliance(findings), capacity=capacity,
                         agreements=agreements, as_of=as_of, fmt=fmt, lang=lang,
                         statuses=statuses, due_within=due_within, everything=everything)


def render_excel_csv(listed: Mapping[_Group, Sequence[Finding]], *, lang: str) -> str:
    """
    The ``listed`` findings (by group, in order, as :func:`render_listed`
    takes them) as CSV for Danish Excel, headed in ``lang``; either engine
    writes it.
    """
    # The detail said in ``lang``, as the text and Markdown lists say it.
    return render_table_csv([{**f.to_dict(), "detail": said_in(f.detail, lang)}
                             for group in listed.values() for f in group],
                            lang=lang, columns=COLUMNS)


def render_listed(
    listed: Mapping[_Group, Sequence[Finding]],
    *,
    compliance: Mapping[Rule, tuple[int, int]],
    capacity: Mapping[str | None, Finding],
    agreements: Sequence[Agreement],
    as_of: dt.date,
    fmt: str,
    lang: str,
    statuses: Collection[Status] | None,
    due_within: int,
    everything: bool,
) -> str:
    """
    The work list as text or Markdown from what it shows: the ``listed``
    findings of each group (``("agreement", id)`` or ``("enterprise", name)``,
    :func:`forloeb.sla.group_of`; selected and in order, as
    :func:`forloeb.sla.select_worklist` gives them), the ``compliance`` of
    every rule over all findings (:func:`forloeb.sla.compliance`) and each
    agreement's ``capacity`` finding. Either engine supplies them.
    """
    # The deadlines still to come are worth a line only where some are listed.
    ahead = due_within > 0 and (everything or statuses is None or Status.PENDING in statuses)
    lines = _selection_lines(as_of + dt.timedelta(days=due_within), lang, statuses=statuses,
                             everything=everything, ahead=ahead)
    report = _report(compliance, capacity, listed, agreements=agreements, as_of=as_of,
                     lang=lang, lines=lines)
    return render_text(report) if fmt == "text" else render_markdown(report)


def finding_row(finding: Finding) -> tuple[object, ...]:
    """
    A finding as the values of :data:`COLUMNS`, as JSON and CSV hold them.
    """
    return tuple(finding.to_dict().values())


class FindingsWriter:
    """
    Findings written as JSON (a list of objects, indented as ``json.dumps``
    with ``indent=2`` writes it) or CSV (:data:`COLUMNS`, codes rather than
    labels) to ``out``, one at a time: this is the one place either format
    of the work list is written, for any number of findings.

    A caller that has already made the text of many findings the way
    :meth:`piece` makes it (the columnar engine does, in SQL, for findings
    whose text needs no quoting or escaping) gives it with :meth:`pieces`.

    >>> out = io.StringIO()
    >>> with FindingsWriter(out, fmt="csv") as writer:
    ...     writer.row(("SA1", "P1", "frame", "2018-03-05", "overdue", None, 4, None, None,
    ...                 "", None, "=Sumak"))
    >>> print(out.getvalue(), end="")
    agreement_id,pathway_id,rule,due,status,done,days_overdue,days_left,reason,detail,employment_id,enterprise
    SA1,P1,frame,2018-03-05,overdue,,4,,,,,'=Sumak
    """

    def __init__(self, out: TextIO, *, fmt: str) -> None:
        if fmt not in ("json", "csv"):
            raise InvalidArgument(f"findings are written as json or csv, not {fmt!r}")
        self._out = out
        self._fmt = fmt
        self._written = 0
        # One CSV writer for every line, into a buffer emptied for each.
        self._csv = Writer(out)
        if fmt == "csv":
            out.write(self.piece(COLUMNS))
        else:
            out.write("[")

    def piece(self, row: Sequence[object]) -> str:
        """
        The text of one finding (or, in CSV, of the header): a CSV line, or a
        JSON object with the indentation of its place in the list (the
        commas between findings are the writer's).
        """
        if self._fmt == "csv":
            return self._csv.line(map(csv_cell, row))
        members = ",\n".join(f"    {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                             for key, value in zip(COLUMNS, row, strict=True))
        return f"\n  {{\n{members}\n  }}"

    def row(self, row: Sequence[object]) -> None:
        """
        Write one finding, the values of :data:`COLUMNS`.
        """
        self.pieces(self.piece(row), 1)

    def pieces(self, text: str, count: int) -> None:
        """
        Write ``count`` findings already made into ``text``: CSV lines one
        after the other, JSON objects joined by commas.
        """
        if not count:
            return
        if self._fmt == "json" and self._written:
            self._out.write(",")
        self._out.write(text)
        self._written += count

    def close(self) -> None:
        """
        End the list (JSON's closing bracket; nothing more in CSV).
        """
        if self._fmt == "json":
            self._out.write("\n]\n" if self._written else "]\n")

    def __enter__(self) -> FindingsWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.close()


def _by_agreement(listed: Iterable[Finding],
                  agreements: Sequence[Agreement]) -> dict[_Group, list[Finding]]:
    # One pass: a register of 20,000 agreements lists millions of findings.
    groups: dict[_Group, list[Finding]] = {("agreement", a.agreement_id): []
                                           for a in agreements}
    for f in listed:
        groups.setdefault(group_where(f), []).append(f)
    return groups


def _selection_lines(until: dt.date, lang: str, *, statuses: Collection[Status] | None,
                     everything: bool, ahead: bool) -> list[str]:
    phrase = _PHRASES[lang]
    date = format_date(until, lang)
    if everything:
        lines = [phrase["everything"]]
    elif statuses is not None:
        shown = ", ".join(code_label("status", s.value, lang) for s in Status if s in statuses)
        lines = [phrase["statuses"].format(statuses=shown)]
    else:
        return [phrase["to_do"].format(date=date)]
    if ahead:
        lines.append(phrase["within"].format(date=date))
    return lines


def _report(counts: Mapping[Rule, tuple[int, int]], capacity: Mapping[str | None, Finding],
            listed: Mapping[_Group, Sequence[Finding]], *, agreements: Sequence[Agreement],
            as_of: dt.date, lang: str, lines: list[str]) -> Report:
    phrase = _PHRASES[lang]
    parts = [Part("compliance", "", [_compliance(counts, lang)])]
    for agreement in agreements:
        shown = [f for f in listed.get(("agreement", agreement.agreement_id), ())
                 if f.rule is not Rule.CAPACITY]
        paragraphs = []
        if agreement.agreement_id in capacity:
            paragraphs.append(_capacity_line(capacity[agreement.agreement_id], lang))
        parts.append(Part(agreement.agreement_id[:31], _heading(agreement),
                          [_group_section(shown, lang, paragraphs)]))
    for (kind, name), group in listed.items():
        if kind == "enterprise":
            parts.append(Part(name[:31] or "-", phrase["enterprise"].format(name=name),
                              [_group_section(group, lang, [])]))
    return Report(lang, phrase["title"].format(date=format_date(as_of, lang)), lines, parts)


def _group_section(findings: Sequence[Finding], lang: str, paragraphs: list[str]) -> Section:
    rows = [_row(f, lang) for f in findings]
    if not rows:
        paragraphs.append(_PHRASES[lang]["nothing"])
    headers = _HEADERS[lang][1]
    if any(f.employment_id is not None for f in findings):
        headers = (_WHOSE[lang], *headers[1:])
    return Section("", [Table(rows, headers=headers, text_columns={1, 3, 7})], paragraphs)


def _capacity_line(finding: Finding, lang: str) -> str:
    # The peak, the day it was first reached, then the days on extra slots and over.
    peak, _, rest = said_in(finding.detail, lang).partition("; ")
    return _PHRASES[lang]["capacity"].format(peak=peak, date=format_date(finding.due, lang),
                                             rest=rest)


def _heading(agreement: Agreement) -> str:
    heading = agreement.agreement_id
    if agreement.name:
        heading += f" – {agreement.name}"
    if agreement.provider:
        heading += f" ({agreement.provider})"
    return heading


def _compliance(all_counts: Mapping[Rule, tuple[int, int]], lang: str) -> Section:
    counts = {rule: c for rule, c in all_counts.items() if c[1]}
    if not counts:
        return Section("", paragraphs=[_PHRASES[lang]["no_compliance"]])
    rows = [(code_label("rule", rule.value, lang), Share(met / counted, met, counted))
            for rule, (met, counted) in counts.items()]
    phrase = _PHRASES[lang]
    return Section(phrase["compliance"], [Table(rows, headers=_HEADERS[lang][0])])


def _row(finding: Finding, lang: str) -> tuple[Cell, ...]:
    note = said_in(finding.detail, lang)
    if finding.reason:
        note = "; ".join(x for x in (code_label("reason", finding.reason, lang), note) if x)
    if finding.employment_id is not None and finding.pathway_id is not None:
        after = _PHRASES[lang]["after"].format(pathway=finding.pathway_id)
        note = "; ".join(x for x in (note, after) if x)
    return (
        finding.employment_id or finding.pathway_id or "",
        code_label("rule", finding.rule.value, lang),
        finding.due,
        code_label("status", finding.status.value, lang),
        finding.done or "",
        finding.days_overdue or "",
        "" if finding.days_left is None else finding.days_left,
        note,
    )
