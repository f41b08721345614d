"""
The work list (:mod:`forloeb.sla._worklist`) from the engine's tables: what
it shows, in its order, and the findings written as JSON or CSV as they
come out of DuckDB.

Writing millions of findings one Python object at a time would cost more
than computing them, so DuckDB writes the text of every finding whose
values need no escaping (ids that start with a letter or digit and hold no
quote or line break, and so on; a comma only quotes the CSV cell), exactly
as :class:`forloeb.rendering.worklist.FindingsWriter` would write them, and
they are joined a few thousand to a piece; any other finding is handed to
that writer, which alone decides how a value is quoted and escaped
(``tests/test_columnar_commands.py`` holds the two texts equal). Nothing
holds more than one piece at a time.

A register's employments are few: their flexjob reviews are found by the
reference's own rule (:meth:`Columns.employment_table`) and read from a
table beside the pathways' findings, so one statement selects and orders
both as :func:`forloeb.sla.select_worklist` does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from typing import Any, TextIO

from forloeb.columnar._deadlines import findings_sql
from forloeb.columnar._layout import (
    RULES,
    STATUSES,
    date_literal,
    rule_code,
    status_code,
    text_literal,
)
from forloeb.errors import InvalidArgument
from forloeb.rendering.worklist import COLUMNS, FindingsWriter
from forloeb.sla import COUNTED, DUE_WITHIN, Finding, Rule, Status
from forloeb.sla._worklist import DONE_WITH, group_where

_Group = tuple[str, str]

_Columns = Any  # forloeb.columnar.Columns (imported lazily there)

#: The findings written in one piece.
_PIECE = 4096

_RULE_NAMES = "[" + ", ".join(text_literal(r.value) for r in RULES) + "]"
_STATUS_NAMES = "[" + ", ".join(text_literal(s.value) for s in STATUSES) + "]"
def _check(due_within: int, statuses: Collection[Status] | None, everything: bool) -> None:
    if due_within < 0:
        raise InvalidArgument(f"due_within must be 0 or more days, not {due_within}")
    if everything and statuses is not None:
        raise InvalidArgument("choose either every finding or some statuses, not both")


def _selection(as_of: dt.date, due_within: int, statuses: Collection[Status] | None,
               everything: bool) -> str:
    # forloeb.sla.select_worklist's choice, as a condition on a finding of _named.
    if everything:
        return "true"
    if statuses is not None:
        return (f"status_code IN ({', '.join(status_code(s) for s in statuses)})"
                if statuses else "false")
    until = as_of + dt.timedelta(days=due_within)
    return (f"status_code = {status_code(Status.OVERDUE)} OR (status_code = "
            f"{status_code(Status.PENDING)} AND due_date <= DATE '{until.isoformat()}')")


def _named(findings: str | None, employed: str | None) -> str:
    """
    The findings of the relation ``findings`` (of :func:`findings_sql`) and
    the flexjob reviews of ``employed`` (rows of
    :meth:`Columns.employment_table` with the ``position`` of their
    agreement) with their values as JSON and CSV give them, and what orders
    them in the work list: agreement by agreement (``position``), each
    capacity finding last (``last``), the rest by :func:`forloeb.sla.urgency`
    (``urgency``, then the due date, pathway, employment and rule); ``ord``
    is a review's place in :func:`forloeb.sla.check_deadlines`'s order.
    """
    overdue, pending = status_code(Status.OVERDUE), status_code(Status.PENDING)
    done_with = ", ".join(status_code(s) for s in DONE_WITH)
    parts = []
    if findings is not None:
        parts.append(f"""
            SELECT f.position, f.a, w.pathway_id, f.rule, f.due, f.status, f.done,
                   f.days_overdue, f.days_left, f.reason, f.detail,
                   NULL::VARCHAR AS employment_id, NULL::VARCHAR AS enterprise,
                   NULL::INTEGER AS ord
            FROM ({findings}) f LEFT JOIN pathways w ON w.p = f.p""")
    if employed is not None:
        parts.append(f"""
            SELECT e.position, e.a, e.pathway_id, e.rule, e.due, e.status, e.done,
                   e.days_overdue, e.days_left, e.reason, e.detail, e.employment_id,
                   e.enterprise, e.ord
            FROM ({employed}) e""")
    return f"""
        SELECT f.position, f.rule = {rule_code(Rule.CAPACITY)} AS last,
               CASE f.status WHEN {overdue} THEN 0 WHEN {pending} THEN 1 ELSE 2 END AS urgency,
               CASE WHEN f.status = {overdue} THEN -f.days_overdue
                    WHEN f.status = {pending} THEN 0
                    ELSE list_position([{done_with}], f.status) END AS urgency_within,
               f.due AS due_date, f.rule AS rule_code, f.status AS status_code,
               g.agreement_id, f.pathway_id, {_RULE_NAMES}[f.rule + 1] AS rule,
               CAST(f.due AS VARCHAR) AS due, {_STATUS_NAMES}[f.status + 1] AS status,
               CAST(f.done AS VARCHAR) AS done, CAST(f.days_overdue AS BIGINT) AS days_overdue,
               CAST(f.days_left AS BIGINT) AS days_left, f.reason,
               coalesce(f.detail, '') AS detail, f.employment_id, f.enterprise, f.ord
        FROM ({" UNION ALL ".join(parts)}) f LEFT JOIN agreements g ON g.a = f.a"""


#: The work list's order: agreement by agreement, then (``first``) the
#: enterprises of the employments that followed no pathway, each in the
#: place of its first finding shown; within each, :func:`forloeb.sla.urgency`.
_ORDER = ("position, first, last, urgency, urgency_within, due_date, "
          "coalesce(pathway_id, ''), coalesce(employment_id, ''), rule_code")


class _Part:
    """
    One statement's worth of the work list: the findings of a batch of
    agreements (``findings``, of :func:`findings_sql`) with the reviews of
    their employments (``employed``), or the reviews of the employments
    that followed no pathway (``orphans``: grouped by enterprise).
    """

    def __init__(self, findings: str | None, employed: str | None, *,
                 orphans: bool = False) -> None:
        self.findings = findings
        self.employed = employed
        self.orphans = orphans

    def named(self) -> str:
        return _named(self.findings, self.employed)

    def shown(self, named: str, selection: str) -> str:
        # The findings of ``named`` (a statement of named()) shown, with the
        # place of their group's first one shown (forloeb.sla.select_worklist).
        first = ("min(ord) OVER (PARTITION BY coalesce(enterprise, ''))" if self.orphans
                 else "NULL::INTEGER")
        return f"SELECT *, {first} AS first FROM ({named}) f WHERE {selection}"


def _parts(columns: _Columns, agreements: Sequence[str] | None, *, as_of: dt.date,
           due_within: int) -> Iterator[_Part]:
    """
    The work list's statements, in its order: agreement by agreement, a
    batch of them at a time (the batches follow each other), each with the
    flexjob reviews of its employments; last, where every agreement is
    asked for, the reviews of the employments that followed no pathway.
    """
    until = as_of + dt.timedelta(days=due_within) if due_within else None
    table = columns.employment_table(as_of=as_of)
    for chosen in columns.batches(columns.chosen(agreements, deadlines=True)):
        employed = None if table is None else f"""
            SELECT c.position, e.* FROM {table} e JOIN ({chosen}) c ON c.a = e.a
                 JOIN agreements g ON g.a = e.a
            WHERE g.start_date <= {date_literal(as_of)}"""
        yield _Part(findings_sql(as_of, until, chosen), employed)
    if table is not None and agreements is None:
        yield _Part(None, f"SELECT {len(columns.agreements)} AS position, e.* "
                          f"FROM {table} e WHERE e.a IS NULL", orphans=True)


def _listed(part: _Part, *, as_of: dt.date, due_within: int,
            statuses: Collection[Status] | None, everything: bool) -> str:
    """
    The findings of ``part`` the work list shows, numbered in its order
    (``rn``), with their values as JSON and CSV give them.
    """
    shown = part.shown(part.named(), _selection(as_of, due_within, statuses, everything))
    return f"SELECT row_number() OVER (ORDER BY {_ORDER}) AS rn, * FROM ({shown}) f"


#: Text DuckDB writes as it is: what starts with a letter or a digit and
#: holds nothing a CSV cell quotes or a JSON string escapes, but for commas
#: (a CSV cell holding one is quoted, below), nor a character
#: :func:`forloeb.escaping.csv_cell` shows escaped (nor, starting so,
#: anything a spreadsheet could take for a formula).
_PLAIN = (r"([A-Za-z0-9][^\"\\\x00-\x1F\x7F-\x9F\x{2028}-\x{202E}\x{2066}-\x{2069}]*)?")

#: The text values of a finding, which may need quoting or escaping.
_TEXTS = ("agreement_id", "pathway_id", "reason", "detail", "employment_id", "enterprise")

#: Whether DuckDB may write a finding's text (every text value plain).
_ALL_PLAIN = " AND ".join(f"({c} IS NULL OR regexp_full_match({c}, '{_PLAIN}'))"
                          for c in _TEXTS)


def _piece_sql(fmt: str) -> str:
    """
    The SQL of one finding's text as :class:`FindingsWriter` writes it, for
    a finding whose text values are plain (:data:`_ALL_PLAIN`).
    """
    if fmt == "csv":
        # A plain value with a comma is the one a CSV cell quotes.
        cells = ", ".join(
            f"""CASE WHEN contains({c}, ',') THEN '"' || {c} || '"' ELSE coalesce({c}, '') END"""
            if c in _TEXTS else f"coalesce(CAST({c} AS VARCHAR), '')" for c in COLUMNS)
        return f"concat_ws(',', {cells}) || chr(10)"
    quoted = {*_TEXTS, "rule", "due", "status", "done"}
    members = []
    for c in COLUMNS:
        value = (f"'\"' || {c} || '\"'" if c in quoted else f"CAST({c} AS VARCHAR)")
        members.append(f"'    \"{c}\": ' || coalesce({value}, 'null')")
    body = " || ',' || chr(10) || ".join(members)
    return f"chr(10) || '  {{' || chr(10) || {body} || chr(10) || '  }}'"


def write_findings(columns: _Columns, out: TextIO, *, fmt: str, as_of: dt.date,
                   due_within: int = DUE_WITHIN, agreements: Sequence[str] | None = None,
                   statuses: Collection[Status] | None = None, everything: bool = False) -> int:
    """
    Write the findings the work list shows as JSON or CSV, as
    :func:`forloeb.rendering.worklist.render_worklist` writes them, a piece
    at a time; returns how many.
    """
    _check(due_within, statuses, everything)
    piece = _piece_sql(fmt)
    separator = "," if fmt == "json" else ""
    con = columns.connection
    written = 0
    with FindingsWriter(out, fmt=fmt) as writer:
        for part in _parts(columns, agreements, as_of=as_of, due_within=due_within):
            listed = _listed(part, as_of=as_of, due_within=due_within, statuses=statuses,
                             everything=everything)
            # One text per finding, in order (NULL for one DuckDB does not
            # write); joined here a piece at a time: an aggregate of the
            # texts would hold a whole batch's (for JSON, more than DuckDB's
            # memory), where a sorted result spills.
            cursor = con.execute(f"""
                SELECT rn, CASE WHEN {_ALL_PLAIN} THEN {piece} END
                FROM ({listed}) ORDER BY rn""")
            others: dict[int, tuple[object, ...]] | None = None
            while rows := cursor.fetchmany(_PIECE):
                texts = [text for _, text in rows]
                if None in texts:
                    if others is None:
                        others = _others(con, listed)
                    texts = [writer.piece(others[rn]) if text is None else text
                             for rn, text in rows]
                writer.pieces(separator.join(texts), len(texts))
                written += len(texts)
    return written


def _others(con: Any, listed: str) -> dict[int, tuple[object, ...]]:
    # The findings DuckDB does not write, by place: rare (an id starting with
    # '=' or holding a quote), so the selection is made a second time for them.
    names = ", ".join(COLUMNS)
    rows = con.execute(f"SELECT rn, {names} FROM ({listed}) WHERE NOT ({_ALL_PLAIN})").fetchall()
    return {rn: tuple(row) for rn, *row in rows}


def worklist(columns: _Columns, *, as_of: dt.date, due_within: int = DUE_WITHIN,
             agreements: Sequence[str] | None = None,
             statuses: Collection[Status] | None = None, everything: bool = False
             ) -> tuple[dict[_Group, list[Finding]], dict[Rule, tuple[int, int]],
                        dict[str | None, Finding]]:
    """
    What the text and Markdown work list show: the listed findings of each
    group (:func:`forloeb.sla.group_of`, in order), the compliance of each
    rule over all findings and each agreement's capacity finding (see
    :func:`forloeb.rendering.worklist.render_listed`), one statement per
    batch of agreements.
    """
    _check(due_within, statuses, everything)
    compliance: dict[Rule, tuple[int, int]] = {}
    shown: dict[_Group, list[Finding]] = defaultdict(list)
    capacities: dict[str | None, Finding] = {}
    for part in _parts(columns, agreements, as_of=as_of, due_within=due_within):
        _worklist_of(columns, part, as_of=as_of, due_within=due_within, statuses=statuses,
                     everything=everything, compliance=compliance, shown=shown,
                     capacities=capacities)
    ordered = {rule: compliance[rule] for rule in Rule if rule in compliance}
    return dict(shown), ordered, capacities


def _worklist_of(columns: _Columns, part: _Part, *, as_of: dt.date, due_within: int,
                 statuses: Collection[Status] | None, everything: bool,
                 compliance: dict[Rule, tuple[int, int]], shown: dict[_Group, list[Finding]],
                 capacities: dict[str | None, Finding]) -> None:
    # One part of worklist(), added to what is there.
    names = ", ".join(COLUMNS)
    met, counted = status_code(Status.MET), ", ".join(status_code(s) for s in COUNTED)
    capacity = rule_code(Rule.CAPACITY)
    selected = part.shown("SELECT * FROM f", _selection(as_of, due_within, statuses, everything))
    rows = columns.connection.execute(f"""
        WITH f AS MATERIALIZED ({part.named()})
        SELECT 'compliance' AS part, 0 AS rn, NULL AS agreement_id, NULL AS pathway_id,
               rule, NULL AS due, NULL AS status, NULL AS done,
               count(*) FILTER (WHERE status_code = {met}) AS days_overdue,
               count(*) FILTER (WHERE status_code IN ({counted})) AS days_left,
               NULL AS reason, NULL AS detail, NULL AS employment_id, NULL AS enterprise
        FROM f WHERE rule_code <> {capacity} GROUP BY rule
        UNION ALL
        SELECT 'capacity', 0, {names} FROM f WHERE rule_code = {capacity}
        UNION ALL
        SELECT 'listed', row_number() OVER (ORDER BY {_ORDER}), {names}
        FROM ({selected})
        ORDER BY part, rn""").fetchall()
    for kind, _, *row in rows:
        if kind == "compliance":
            rule = Rule(row[2])
            met_before, counted_before = compliance.get(rule, (0, 0))
            compliance[rule] = (met_before + int(row[6]), counted_before + int(row[7]))
        elif kind == "capacity":
            capacities[row[0]] = _finding(row)
        else:
            finding = _finding(row)
            shown[group_where(finding)].append(finding)


def _finding(row: Sequence[Any]) -> Finding:
    (agreement_id, pathway_id, rule, due, status, done, days, left, reason, detail,
     employment_id, enterprise) = row
    return Finding(agreement_id, pathway_id, Rule(rule), dt.date.fromisoformat(due),
                   Status(status), done=None if done is None else dt.date.fromisoformat(done),
                   days_overdue=int(days), reason=reason, detail=detail,
                   days_left=None if left is None else int(left),
                   employment_id=employment_id, enterprise=enterprise)
