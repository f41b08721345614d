"""
The work list (:mod:`forloeb.sla._worklist`) from the engine's tables: what
it shows, in its order, and the findings written as JSON or CSV as they
come out of DuckDB.

Writing millions of findings one Python object at a time would cost more
than computing them, so DuckDB writes the text of every finding whose
values need no quoting or escaping (ids that start with a letter or digit
and hold no comma, quote or line break, and so on), a few thousand findings
to a piece, exactly as :class:`forloeb.rendering.worklist.FindingsWriter`
would write them; any other finding is handed to that writer, which alone
decides how a value is quoted and escaped (``tests/test_columnar_output.py``
holds the two texts equal). Nothing holds more than one piece at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, TextIO

from forloeb.columnar._deadlines import findings_sql
from forloeb.columnar._layout import RULES, STATUSES, rule_code, status_code, text_literal
from forloeb.errors import InvalidArgument
from forloeb.rendering.worklist import COLUMNS, FindingsWriter, finding_row
from forloeb.sla import COUNTED, DUE_WITHIN, Finding, Rule, Status, group_of, select_worklist
from forloeb.sla import compliance as sla_compliance

_Group = tuple[str, str]

_Columns = Any  # forloeb.columnar.Columns (imported lazily there)

#: The findings written in one piece.
_PIECE = 4096

#: Marks, in a piece, where a finding that DuckDB does not write goes.
_MARK = "\x00"

_RULE_NAMES = "[" + ", ".join(text_literal(r.value) for r in RULES) + "]"
_STATUS_NAMES = "[" + ", ".join(text_literal(s.value) for s in STATUSES) + "]"
_DONE_WITH = (Status.MISSED, Status.LATE, Status.MET, Status.EXEMPT, Status.NOT_DUE)


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


def _named(findings: str) -> str:
    """
    The findings of the relation ``findings`` with their values as JSON and
    CSV give them, and what orders them in the work list: agreement by
    agreement (``position``), each capacity finding last (``last``), the rest
    by :func:`forloeb.sla.urgency` (``urgency``, then the due date, pathway and rule).
    """
    overdue, pending = status_code(Status.OVERDUE), status_code(Status.PENDING)
    done_with = ", ".join(status_code(s) for s in _DONE_WITH)
    return f"""
        SELECT f.position, f.rule = {rule_code(Rule.CAPACITY)} AS last,
               CASE f.status WHEN {overdue} THEN 0 WHEN {pending} THEN 1 ELSE 2 END AS urgency,
               CASE WHEN f.status = {overdue} THEN -f.days_overdue
                    WHEN f.status = {pending} THEN 0
                    ELSE list_position([{done_with}], f.status) END AS urgency_within,
               f.due AS due_date, f.rule AS rule_code, f.status AS status_code,
               g.agreement_id, w.pathway_id, {_RULE_NAMES}[f.rule + 1] AS rule,
               CAST(f.due AS VARCHAR) AS due, {_STATUS_NAMES}[f.status + 1] AS status,
               CAST(f.done AS VARCHAR) AS done, CAST(f.days_overdue AS BIGINT) AS days_overdue,
               CAST(f.days_left AS BIGINT) AS days_left, f.reason,
               coalesce(f.detail, '') AS detail, NULL::VARCHAR AS employment_id,
               NULL::VARCHAR AS enterprise
        FROM ({findings}) f JOIN agreements g ON g.a = f.a LEFT JOIN pathways w ON w.p = f.p"""


_ORDER = ("position, last, urgency, urgency_within, due_date, coalesce(pathway_id, ''), "
          "rule_code")


def _listed(chosen: str, *, as_of: dt.date, due_within: int,
            statuses: Collection[Status] | None, everything: bool) -> str:
    """
    The findings of the ``chosen`` agreements the work list shows, numbered
    in its order (``rn``), with their values as JSON and CSV give them.
    """
    until = as_of + dt.timedelta(days=due_within) if due_within else None
    findings = findings_sql(as_of, until, chosen)
    return f"""
        SELECT row_number() OVER (ORDER BY {_ORDER}) AS rn, * FROM ({_named(findings)}) f
        WHERE {_selection(as_of, due_within, statuses, everything)}"""


#: Text DuckDB writes as it is: what starts with a letter or a digit and
#: holds nothing a CSV cell quotes or a JSON string escapes, nor a character
#: :func:`forloeb.escaping.csv_cell` shows escaped (nor, starting so,
#: anything a spreadsheet could take for a formula).
_PLAIN = (r"([A-Za-z0-9][^,\"\\\x00-\x1F\x7F-\x9F\x{2028}-\x{202E}\x{2066}-\x{2069}]*)?")


def _piece_sql(fmt: str) -> tuple[str, str]:
    """
    The SQL of one finding's text as :class:`FindingsWriter` writes it, and
    of whether DuckDB may write it (every text value plain).
    """
    texts = ("agreement_id", "pathway_id", "reason", "detail")
    plain = " AND ".join(f"({c} IS NULL OR regexp_full_match({c}, '{_PLAIN}'))" for c in texts)
    if fmt == "csv":
        cells = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in COLUMNS)
        return f"concat_ws(',', {cells}) || chr(10)", plain
    quoted = {"agreement_id", "pathway_id", "rule", "due", "status", "done", "reason", "detail"}
    members = []
    for c in COLUMNS:
        value = (f"'\"' || {c} || '\"'" if c in quoted else f"CAST({c} AS VARCHAR)")
        members.append(f"'    \"{c}\": ' || coalesce({value}, 'null')")
    body = " || ',' || chr(10) || ".join(members)
    return f"chr(10) || '  {{' || chr(10) || {body} || chr(10) || '  }}'", plain


def write_findings(columns: _Columns, out: TextIO, *, fmt: str, as_of: dt.date,
                   due_within: int = DUE_WITHIN, agreements: Sequence[str] | None = None,
                   statuses: Collection[Status] | None = None, everything: bool = False) -> int:
    """
    Write the findings the work list shows as JSON or CSV, as
    :func:`forloeb.rendering.worklist.render_worklist` writes them, a piece
    at a time; returns how many.
    """
    _check(due_within, statuses, everything)
    employed = columns.employment_findings(as_of=as_of)
    if employed:
        written = 0
        with FindingsWriter(out, fmt=fmt) as writer:
            for finding in _merged(columns, as_of=as_of, due_within=due_within,
                                   agreements=agreements, statuses=statuses,
                                   everything=everything):
                writer.row(finding_row(finding))
                written += 1
        return written
    piece, plain = _piece_sql(fmt)
    separator = "','" if fmt == "json" else "''"
    con = columns.connection
    written = 0
    with FindingsWriter(out, fmt=fmt) as writer:
        # Agreement by agreement, a batch of them at a time: the work list's
        # order is agreement by agreement, so the batches follow each other.
        for chosen in columns.batches(columns.chosen(agreements, deadlines=True)):
            listed = _listed(chosen, as_of=as_of, due_within=due_within, statuses=statuses,
                             everything=everything)
            cursor = con.execute(f"""
                SELECT count(*), string_agg(CASE WHEN {plain} THEN {piece}
                                                 ELSE chr(0) || rn || chr(0) END, {separator}
                                            ORDER BY rn)
                FROM ({listed}) GROUP BY (rn - 1) // {_PIECE} ORDER BY min(rn)""")
            others: dict[int, tuple[object, ...]] | None = None
            while pieces := cursor.fetchmany(16):
                for count, text in pieces:
                    if _MARK in text:
                        if others is None:
                            others = _others(con, listed)
                        text = _filled(text, others, writer)
                    writer.pieces(text, count)
                    written += count
    return written


def _others(con: Any, listed: str) -> dict[int, tuple[object, ...]]:
    # The findings DuckDB does not write, by place: rare (an id starting with
    # '=' or holding a comma), so the selection is made a second time for them.
    names = ", ".join(COLUMNS)
    texts = ("agreement_id", "pathway_id", "reason", "detail")
    plain = " AND ".join(f"({c} IS NULL OR regexp_full_match({c}, '{_PLAIN}'))" for c in texts)
    rows = con.execute(f"SELECT rn, {names} FROM ({listed}) WHERE NOT ({plain})").fetchall()
    return {rn: tuple(row) for rn, *row in rows}


def _filled(text: str, others: Mapping[int, tuple[object, ...]], writer: FindingsWriter) -> str:
    parts = text.split(_MARK)
    # Every other part is the place of a finding the writer makes itself.
    return "".join(writer.piece(others[int(part)]) if i % 2 else part
                   for i, part in enumerate(parts))


def worklist(columns: _Columns, *, as_of: dt.date, due_within: int = DUE_WITHIN,
             agreements: Sequence[str] | None = None,
             statuses: Collection[Status] | None = None, everything: bool = False
             ) -> tuple[dict[_Group, list[Finding]], dict[Rule, tuple[int, int]],
                        dict[str | None, Finding]]:
    """
    What the text and Markdown work list show: the listed findings of each
    agreement, the compliance of each rule over all findings and each
    agreement's capacity finding (see
    :func:`forloeb.rendering.worklist.render_listed`), in one statement.
    """
    _check(due_within, statuses, everything)
    employed = columns.employment_findings(as_of=as_of)
    if employed:
        findings = list(columns.findings(as_of=as_of, due_within=due_within,
                                         agreements=agreements))
        return (_grouped(findings, columns, agreements, as_of=as_of, due_within=due_within,
                         statuses=statuses, everything=everything),
                sla_compliance(findings),
                {f.agreement_id: f for f in findings if f.rule is Rule.CAPACITY})
    compliance: dict[Rule, tuple[int, int]] = {}
    shown: dict[_Group, list[Finding]] = defaultdict(list)
    capacities: dict[str | None, Finding] = {}
    for chosen in columns.batches(columns.chosen(agreements, deadlines=True)):
        _worklist_of(columns, chosen, as_of=as_of, due_within=due_within, statuses=statuses,
                     everything=everything, compliance=compliance, shown=shown,
                     capacities=capacities)
    ordered = {rule: compliance[rule] for rule in Rule if rule in compliance}
    return dict(shown), ordered, capacities


def _worklist_of(columns: _Columns, chosen: str, *, as_of: dt.date, due_within: int,
                 statuses: Collection[Status] | None, everything: bool,
                 compliance: dict[Rule, tuple[int, int]], shown: dict[_Group, list[Finding]],
                 capacities: dict[str | None, Finding]) -> None:
    # One batch of agreements of worklist(), added to what is there.
    until = as_of + dt.timedelta(days=due_within) if due_within else None
    names = ", ".join(COLUMNS)
    met, counted = status_code(Status.MET), ", ".join(status_code(s) for s in COUNTED)
    capacity = rule_code(Rule.CAPACITY)
    findings = findings_sql(as_of, until, chosen)
    rows = columns.connection.execute(f"""
        WITH f AS MATERIALIZED ({_named(findings)})
        SELECT 'compliance' AS part, 0 AS rn, NULL AS agreement_id, NULL AS pathway_id,
               rule, NULL AS due, NULL AS status, NULL AS done,
               count(*) FILTER (WHERE status_code = {met}) AS days_overdue,
               count(*) FILTER (WHERE status_code IN ({counted})) AS days_left,
               NULL AS reason, NULL AS detail, NULL AS employment_id, NULL AS enterprise
        FROM f WHERE rule_code <> {capacity} GROUP BY rule
        UNION ALL
        SELECT 'capacity', 0, {names} FROM f WHERE rule_code = {capacity}
        UNION ALL
        SELECT 'listed', row_number() OVER (ORDER BY {_ORDER}), {names} FROM f
        WHERE {_selection(as_of, due_within, statuses, everything)}
        ORDER BY part, rn""").fetchall()
    for part, _, *row in rows:
        if part == "compliance":
            rule = Rule(row[2])
            met_before, counted_before = compliance.get(rule, (0, 0))
            compliance[rule] = (met_before + int(row[6]), counted_before + int(row[7]))
        elif part == "capacity":
            capacities[row[0]] = _finding(row)
        else:
            shown[("agreement", row[0])].append(_finding(row))


def _finding(row: Sequence[Any]) -> Finding:
    agreement_id, pathway_id, rule, due, status, done, days, left, reason, detail, *_ = row
    return Finding(agreement_id, pathway_id, Rule(rule), dt.date.fromisoformat(due),
                   Status(status), done=None if done is None else dt.date.fromisoformat(done),
                   days_overdue=int(days), reason=reason, detail=detail,
                   days_left=None if left is None else int(left))


def _merged(columns: _Columns, *, as_of: dt.date, due_within: int,
            agreements: Sequence[str] | None, statuses: Collection[Status] | None,
            everything: bool) -> Iterator[Finding]:
    """
    The listed findings of a register with employments, in the work list's
    order: the findings with the reviews merged in (:meth:`Columns.findings`)
    selected and ordered by the reference's own
    :func:`~forloeb.sla.select_worklist`, one agreement at a time (they come
    agreement by agreement, and the work list keeps each agreement's
    findings together), then the employments that followed no pathway.
    """
    def select(findings: list[Finding]) -> list[Finding]:
        return select_worklist(findings, as_of=as_of, due_within=due_within,
                               statuses=statuses, everything=everything)

    run: list[Finding] = []
    orphans: list[Finding] = []
    for finding in columns.findings(as_of=as_of, due_within=due_within,
                                    agreements=agreements):
        if finding.agreement_id is None:
            orphans.append(finding)
            continue
        if run and run[-1].agreement_id != finding.agreement_id:
            yield from select(run)
            run = []
        run.append(finding)
    yield from select(run)
    yield from select(orphans)


def _grouped(findings: Sequence[Finding], columns: _Columns, agreements: Sequence[str] | None,
             *, as_of: dt.date, due_within: int, statuses: Collection[Status] | None,
             everything: bool) -> dict[_Group, list[Finding]]:
    # The listed findings by group (forloeb.sla.group_of), as the reference
    # work list groups them: the agreements shown first, in their order.
    shown = [a.agreement_id for a in columns.agreements if a.start_date <= as_of] \
        if agreements is None else list(dict.fromkeys(agreements))
    groups: dict[_Group, list[Finding]] = {("agreement", a): [] for a in shown}
    for f in select_worklist(findings, as_of=as_of, due_within=due_within, statuses=statuses,
                             everything=everything):
        groups.setdefault(group_of(f), []).append(f)
    return groups
