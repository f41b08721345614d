"""
The deadline rules of :mod:`forloeb.sla`, over the engine's tables, as SQL.

Each rule is one function that returns the SQL of its findings, in the
columns of :data:`FINDING_COLUMNS`; :func:`findings_sql` puts them
together after the shared steps (the pathways as known on D, their facts).
A new rule is one more function in :data:`RULES`. Every decision follows
the decision table of its rule in ``docs/deadlines.md``, row by row, as
:mod:`forloeb.sla._pathway` does; ``tests/test_columnar_*.py`` hold the two
engines equal.

The attendance sheets are matched in closed form, not by walking each
pathway's reports: with due dates ``d_1 < d_2 < ...`` (``d_0`` the start)
and the reports of the pathway in date order, let ``c_k`` be the number of
reports on or before ``d_{k-1}``; due date ``k`` gets the report at 0-based
position ``k + max(c_i - i for i <= k)``, if there is one. The reference
matching skips the reports sent on or before the window opened and takes
the next one, so its pointer after due date ``k`` is ``max(pointer, c_k) + 1``;
unrolled, that is the running maximum above (property-tested against
:func:`forloeb.sla.pathway_deadlines` in ``tests/test_columnar_matching.py``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import string
from collections.abc import Callable, Sequence

from forloeb.codes import EventType
from forloeb.columnar._layout import (
    date_literal,
    event_code,
    rule_code,
    status_code,
    type_code,
)
from forloeb.sla import Rule, Status
from forloeb.sla._details import _EN

#: The columns of every rule's findings, in order.
FINDING_COLUMNS = ("a", "p", "rule", "seq", "due", "status", "done", "days_overdue",
                   "days_left", "reason", "detail")

_MET, _LATE = status_code(Status.MET), status_code(Status.LATE)
_PENDING, _OVERDUE = status_code(Status.PENDING), status_code(Status.OVERDUE)
_MISSED, _EXEMPT = status_code(Status.MISSED), status_code(Status.EXEMPT)
_NOT_DUE = status_code(Status.NOT_DUE)


def part(key: str, **values: str) -> str:
    """
    The SQL of one part of a finding's detail: the English template of
    :mod:`forloeb.sla._details` with a SQL expression for each field.

    >>> part("sheet", k="k", n="n")
    "concat('sheet ', k, ' of ', n)"
    """
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(_EN[key]):
        if literal:
            pieces.append("'" + literal.replace("'", "''") + "'")
        if field is not None:
            pieces.append(values[field])
    return f"concat({', '.join(pieces)})"


def matched_reports(start: dt.date, dues: Sequence[dt.date],
                    reports: Sequence[dt.date]) -> list[int | None]:
    """
    The closed form of the attendance-sheet matching, one due date at a time:
    for each of ``dues`` (ascending, after ``start``), the 0-based position in
    ``reports`` (ascending) of the report matched to it, or ``None``.

    :func:`_attendance` computes the same in SQL with a running maximum;
    ``tests/test_columnar_matching.py`` holds this against the reference's walk.

    >>> d = dt.date
    >>> matched_reports(d(2018, 1, 1), [d(2018, 3, 1), d(2018, 5, 1), d(2018, 7, 1)],
    ...                 [d(2018, 3, 20), d(2018, 4, 2), d(2018, 4, 9)])
    [0, 1, None]
    """
    positions: list[int | None] = []
    best = None
    for k, opened in enumerate([start, *dues][:len(dues)], 1):
        # c_k: the reports on or before the window of due date k opened.
        c = bisect.bisect_right(reports, opened)
        best = c - k if best is None else max(best, c - k)
        position = k + best
        positions.append(position if position < len(reports) else None)
    return positions


def _undone(due: str, end: str, as_of: str, grace: str = "0") -> tuple[str, str, str]:
    """
    Status, days overdue and days left of a deadline not done as of D: the
    one decision every rule shares (``forloeb.sla._pathway._undone``).
    """
    status = (f"CASE WHEN {end} IS NOT NULL THEN {_MISSED} "
              f"WHEN {due} + {grace} < {as_of} THEN {_OVERDUE} ELSE {_PENDING} END")
    days = (f"CASE WHEN {end} IS NOT NULL THEN {end} - {due} "
            f"WHEN {due} + {grace} < {as_of} THEN {as_of} - {due} ELSE 0 END")
    left = f"CASE WHEN {end} IS NULL AND NOT ({due} + {grace} < {as_of}) THEN {due} - {as_of} END"
    return status, days, left


def _paused(deadlines: str, as_of: str) -> str:
    """
    The days each deadline of ``deadlines`` (a relation of ``p``, ``due0``,
    ``pause``) is moved by the absence pause: absences in date order, each
    one that begins on or before the deadline as moved so far moves it by
    its days. Once one does not, no later one can (they begin later and the
    deadline stays put), so the absences taken are a prefix of the list:
    those before the first that fails.
    """
    del as_of
    return f"""
        SELECT d.p, CAST(sum(x.days) AS INTEGER) AS moved
        FROM (
            SELECT ab.p, ab.days,
                   bool_and(ab.date <= d.due0 + CAST(ab.before AS INTEGER))
                       OVER (PARTITION BY ab.p ORDER BY ab.r) AS taken
            FROM ({deadlines}) d JOIN absences ab ON ab.p = d.p
            WHERE d.pause
        ) x JOIN ({deadlines}) d ON d.p = x.p
        WHERE x.taken
        GROUP BY d.p"""


# --- the rules -----------------------------------------------------------------------------

def _plan(as_of: str, until: str) -> str:
    due0 = "SELECT p, start_date + 7 * plan_weeks AS due0, pause FROM started"
    status = f"""CASE WHEN plan_date IS NOT NULL THEN
                     CASE WHEN plan_date <= due THEN {_MET} ELSE {_LATE} END
                 WHEN no_plan_reason IS NOT NULL AND no_plan_reason <> '' THEN {_EXEMPT}
                 WHEN end_date IS NOT NULL AND end_date < due THEN {_NOT_DUE}
                 ELSE ({_undone("due", "end_date", as_of)[0]}) END"""
    undone_days, undone_left = _undone("due", "end_date", as_of)[1:]
    return f"""
        SELECT a, p, {rule_code(Rule.PLAN_DEADLINE)} AS rule, 0 AS seq, due,
               {status} AS status,
               plan_date AS done,
               CASE WHEN plan_date IS NOT NULL THEN greatest(plan_date - due, 0)
                    WHEN no_plan_reason IS NOT NULL AND no_plan_reason <> '' THEN 0
                    WHEN end_date IS NOT NULL AND end_date < due THEN 0
                    ELSE {undone_days} END AS days_overdue,
               CASE WHEN plan_date IS NULL
                         AND NOT (no_plan_reason IS NOT NULL AND no_plan_reason <> '')
                         AND NOT (end_date IS NOT NULL AND end_date < due)
                    THEN {undone_left} END AS days_left,
               CASE WHEN plan_date IS NULL AND no_plan_reason <> '' THEN no_plan_reason
                    END AS reason,
               CASE WHEN moved > 0 THEN {part("paused", days="moved")} ELSE '' END AS detail
        FROM (
            SELECT s.*, s.start_date + 7 * s.plan_weeks + coalesce(m.moved, 0) AS due,
                   coalesce(m.moved, 0) AS moved
            FROM started s LEFT JOIN ({_paused(due0, as_of)}) m ON m.p = s.p
        )"""


def _attendance(as_of: str, until: str) -> str:
    # The sheets due by D (up to the end) are counted; on a running pathway the
    # ones still to come up to ``until`` are matched too, and listed only if
    # no report was sent for them yet.
    last = (f"CASE WHEN end_date IS NULL AND {until} IS NOT NULL AND {until} > {as_of} "
            f"THEN {until} ELSE coalesce(end_date, {as_of}) END")
    undone_status, undone_days, undone_left = _undone("due", "end_date", as_of, "grace_days")
    return f"""
        SELECT a, p, {rule_code(Rule.ATTENDANCE_REPORT)} AS rule, k AS seq, due,
               CASE WHEN sent IS NULL THEN {undone_status}
                    WHEN sent <= due + grace_days THEN {_MET} ELSE {_LATE} END AS status,
               sent AS done,
               CASE WHEN sent IS NULL THEN {undone_days}
                    WHEN sent <= due + grace_days THEN 0 ELSE sent - due END AS days_overdue,
               CASE WHEN sent IS NULL THEN {undone_left} END AS days_left,
               NULL AS reason,
               CASE WHEN counted THEN {part("sheet", k="k", n="n")}
                    ELSE {part("next_sheet", k="k")} END AS detail
        FROM (
            SELECT d.*, r.date AS sent
            FROM (
                SELECT d.*,
                       d.k + max(d.reports - d.k)
                           OVER (PARTITION BY d.p ORDER BY d.k ROWS UNBOUNDED PRECEDING)
                           AS position,
                       count(*) FILTER (WHERE d.counted) OVER (PARTITION BY d.p) AS n
                FROM (
                    -- c_k: the reports on or before the window opened, counted in
                    -- one sweep over reports and windows in date order (a report
                    -- on the day a window opens counts as before it).
                    SELECT *, sum(is_report) OVER (PARTITION BY p ORDER BY date, is_report DESC
                                                   ROWS UNBOUNDED PRECEDING) AS reports
                    FROM (
                        SELECT d.a, d.p, d.grace_days, d.end_date, d.k, d.due, d.counted,
                               coalesce(lag(d.due) OVER (PARTITION BY d.p ORDER BY d.k),
                                        d.start_date) AS date, 0 AS is_report
                        FROM (
                            SELECT x.*, x.due <= coalesce(x.end_date, {as_of}) AS counted
                            FROM (
                                SELECT s.a, s.p, s.start_date, s.end_date, s.grace_days, s.k,
                                       s.last, CAST(s.start_date + to_months(CAST(
                                           s.k * s.interval_months AS INTEGER)) AS DATE) AS due
                                FROM (
                                    SELECT *, unnest(range(1, datediff('month', start_date,
                                                     last) // interval_months + 2)) AS k
                                    FROM (SELECT *, {last} AS last FROM started)
                                ) s
                            ) x
                            WHERE x.due <= x.last
                        ) d
                        UNION ALL
                        SELECT NULL, p, NULL, NULL, NULL, NULL, NULL, date, 1 FROM reports
                    )
                ) d
                WHERE is_report = 0
            ) d
            LEFT JOIN reports r ON r.p = d.p AND r.position = d.position
        )
        WHERE counted OR sent IS NULL"""


def _frame(as_of: str, until: str) -> str:
    due0 = ("SELECT s.p, s.start_date + 7 * (s.frame_weeks + coalesce(x.weeks, 0)) AS due0, "
            "s.pause FROM started s LEFT JOIN extensions x ON x.p = s.p")
    undone_status, undone_days, undone_left = _undone("due", "end_date", as_of)
    frame = (f"CASE WHEN extension > 0 THEN "
             f"{part('frame_extended', weeks='frame_weeks', extension='extension')} "
             f"ELSE {part('frame', weeks='frame_weeks')} END")
    return f"""
        SELECT a, p, {rule_code(Rule.FRAME)} AS rule, 0 AS seq, due,
               CASE WHEN end_date IS NULL THEN {undone_status}
                    WHEN end_date <= due THEN {_MET} ELSE {_LATE} END AS status,
               end_date AS done,
               CASE WHEN end_date IS NULL THEN {undone_days}
                    ELSE greatest(end_date - due, 0) END AS days_overdue,
               CASE WHEN end_date IS NULL THEN {undone_left} END AS days_left,
               NULL AS reason,
               CASE WHEN moved > 0 THEN concat({frame}, '; ', {part("paused", days="moved")})
                    ELSE {frame} END AS detail
        FROM (
            SELECT s.*, coalesce(x.weeks, 0) AS extension,
                   s.start_date + 7 * (s.frame_weeks + coalesce(x.weeks, 0))
                       + coalesce(m.moved, 0) AS due,
                   coalesce(m.moved, 0) AS moved
            FROM started s LEFT JOIN extensions x ON x.p = s.p
                 LEFT JOIN ({_paused(due0, as_of)}) m ON m.p = s.p
        )"""


def _followup(as_of: str, until: str) -> str:
    closed_status = f"CASE WHEN held <= due THEN {_MET} ELSE {_LATE} END"
    undone_status, undone_days, undone_left = _undone("due", "end_date", as_of)
    gap = (f"CASE WHEN j = 1 THEN {part('first_gap', days='held - opened')} "
           f"ELSE {part('gap', days='held - opened')} END")
    no_meeting = (f"CASE WHEN held_count = 0 THEN {part('no_meeting', since='opened')} "
                  f"ELSE {part('open_gap', since='opened')} END")
    return f"""
        SELECT a, p, {rule_code(Rule.FOLLOWUP)} AS rule, j AS seq, due,
               {closed_status} AS status, held AS done,
               CASE WHEN held <= due THEN 0 ELSE held - due END AS days_overdue,
               NULL AS days_left, NULL AS reason, {gap} AS detail
        FROM (
            SELECT *, opened + 7 * followup_weeks AS due FROM gaps
        )
        UNION ALL
        SELECT a, p, {rule_code(Rule.FOLLOWUP)} AS rule, held_count + 1 AS seq, due,
               {undone_status} AS status, NULL AS done, {undone_days} AS days_overdue,
               {undone_left} AS days_left, NULL AS reason, {no_meeting} AS detail
        FROM (
            SELECT s.a, s.p, s.end_date, coalesce(g.last, s.start_date) AS opened,
                   coalesce(g.held_count, 0) AS held_count,
                   coalesce(g.last, s.start_date) + 7 * s.followup_weeks AS due
            FROM started s
                 LEFT JOIN (SELECT p, max(held) AS last, count(*) AS held_count
                            FROM gaps GROUP BY p) g ON g.p = s.p
            WHERE s.followup_weeks IS NOT NULL
        )
        WHERE end_date IS NULL OR due < end_date"""


#: The rules of one pathway, in the order findings list them.
RULES: tuple[tuple[Rule, Callable[[str, str], str]], ...] = (
    (Rule.PLAN_DEADLINE, _plan),
    (Rule.ATTENDANCE_REPORT, _attendance),
    (Rule.FRAME, _frame),
    (Rule.FOLLOWUP, _followup),
)


def steps(as_of: dt.date, chosen: str) -> list[tuple[str, str, str]]:
    """
    The shared steps every rule and question reads, as ``(name, kind, sql)``
    with kind ``TABLE`` or ``VIEW`` (:func:`with_steps` makes them):
    ``chosen_agreements`` (the ``chosen`` agreements that had started by D,
    each with its ``position`` in the listing), ``known`` (their pathways as
    the register knew them on D, rule 8), ``started`` (those started by D,
    with their agreement's terms), ``facts`` (the events of the known
    pathways dated on or before D), and what the rules read of them:
    ``reports``, ``gaps``, ``extensions`` and ``absences``.

    ``chosen`` is a relation of ``(a, position)``: the agreements to read, in
    the order to list them.
    """
    d = date_literal(as_of)
    first = "coalesce(p.referred_date, p.start_date, p.end_date)"
    return [
        ("chosen_agreements", "TABLE", f"""
            SELECT g.*, c.position FROM agreements g JOIN ({chosen}) c ON c.a = g.a
            WHERE g.start_date <= {d}"""),
        ("known", "TABLE", f"""
            SELECT p.p, p.a, p.referred_date,
                   CASE WHEN p.start_date <= {d} THEN p.start_date END AS start_date,
                   CASE WHEN p.end_date <= {d} THEN p.end_date END AS end_date,
                   CASE WHEN p.end_date <= {d} THEN p.outcome END AS outcome,
                   CASE WHEN p.plan_date <= {d} THEN p.plan_date END AS plan_date,
                   CASE WHEN p.plan_date <= {d} THEN p.plan_co_created END AS plan_co_created,
                   CASE WHEN p.plan_date <= {d} THEN p.plan_own_goals END AS plan_own_goals,
                   p.no_plan_reason, g.plan_weeks, g.frame_weeks, g.interval_months,
                   g.grace_days, g.followup_weeks, g.pause
            FROM pathways p JOIN chosen_agreements g ON g.a = p.a
            WHERE {first} IS NULL OR {first} <= {d}"""),
        ("started", "VIEW", "SELECT * FROM known WHERE start_date IS NOT NULL"),
        ("facts", "VIEW", f"""
            SELECT e.e, e.p, e.date, e.type, e.code, e.value
            FROM events e SEMI JOIN known k ON k.p = e.p
            WHERE e.date <= {d}"""),
        ("reports", "TABLE", f"""
            SELECT p, date,
                   CAST(row_number() OVER (PARTITION BY p ORDER BY date) - 1 AS INTEGER)
                       AS position
            FROM facts WHERE type = {type_code(EventType.ATTENDANCE_REPORT)}"""),
        # The gaps between held meetings: two on one day are one meeting (the
        # second has the first's date before it and is left out), and one
        # before the start is no meeting of the pathway's.
        ("gaps", "TABLE", f"""
            SELECT a, p, followup_weeks, held, j, coalesce(previous, start_date) AS opened
            FROM (
                SELECT s.a, s.p, s.followup_weeks, s.start_date, f.date AS held,
                       dense_rank() OVER (PARTITION BY f.p ORDER BY f.date) AS j,
                       lag(f.date) OVER (PARTITION BY f.p ORDER BY f.date) AS previous
                FROM facts f JOIN started s ON s.p = f.p
                WHERE f.type = {type_code(EventType.FOLLOWUP)}
                  AND (f.code IS NULL OR f.code = {event_code('held')})
                  AND s.followup_weeks IS NOT NULL AND f.date >= s.start_date)
            WHERE previous IS DISTINCT FROM held"""),
        ("extensions", "TABLE", f"""
            SELECT p, CAST(sum(coalesce(value, 0)) AS INTEGER) AS weeks FROM facts
            WHERE type = {type_code(EventType.EXTENSION)} GROUP BY p"""),
        ("absences", "TABLE", f"""
            SELECT p, date, coalesce(value, 0) AS days,
                   coalesce(sum(coalesce(value, 0)) OVER (PARTITION BY p ORDER BY date,
                       coalesce(value, 0) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                       AS before,
                   row_number() OVER (PARTITION BY p ORDER BY date, coalesce(value, 0)) AS r
            FROM facts WHERE type = {type_code(EventType.ABSENCE)}"""),
    ]


def with_steps(as_of: dt.date, chosen: str, *more: tuple[str, str]) -> str:
    """
    The ``WITH`` clause of the steps of :func:`steps`, and of ``more``
    ``(name, sql)`` after them, for one statement. The tables are computed
    once each (``MATERIALIZED``); the events stay a view, not copied.
    """
    clauses = [f"{name} AS {'MATERIALIZED ' if kind == 'TABLE' else ''}({sql})"
               for name, kind, sql in steps(as_of, chosen)]
    clauses.extend(f"{name} AS MATERIALIZED ({sql})" for name, sql in more)
    return "WITH " + ",\n".join(clauses)


def capacity_sql(as_of: dt.date) -> str:
    """
    One capacity finding per chosen agreement (after :func:`with_steps`): the
    sweep of :func:`forloeb.sla.capacity_use` over start and end points.
    """
    d = date_literal(as_of)
    extra = part("extra_days", days="on_extra")
    over = part("over_days", days="over", capacity="slots + extra_slots")
    peak = part("peak", peak="peak", slots="slots", extra="extra_slots")
    return f"""
        SELECT a, NULL AS p, {rule_code(Rule.CAPACITY)} AS rule, 0 AS seq,
               coalesce(peak_date, {d}) AS due,
               CASE WHEN over > 0 THEN {_LATE} ELSE {_MET} END AS status,
               NULL AS done, 0 AS days_overdue, NULL AS days_left, NULL AS reason,
               CASE WHEN over > 0 THEN concat({peak}, '; ', {extra}, '; ', {over})
                    ELSE concat({peak}, '; ', {extra}) END AS detail
        FROM (
            SELECT g.a, g.slots, g.extra_slots, coalesce(c.peak, 0) AS peak, c.peak_date,
                   coalesce(c.on_extra, 0) AS on_extra, coalesce(c.over, 0) AS over
            FROM chosen_agreements g LEFT JOIN (
                SELECT a, greatest(max(active), 0) AS peak,
                       min(day) FILTER (WHERE active = top AND top > 0) AS peak_date,
                       sum(days) FILTER (WHERE active > slots) AS on_extra,
                       sum(days) FILTER (WHERE active > slots + extra_slots) AS over
                FROM (
                    SELECT r.*, max(active) OVER (PARTITION BY r.a) AS top
                    FROM (
                        SELECT x.a, x.day, g.slots, g.extra_slots,
                               sum(x.delta) OVER (PARTITION BY x.a ORDER BY x.day) AS active,
                               coalesce(lead(x.day) OVER (PARTITION BY x.a ORDER BY x.day),
                                        {d} + 1) - x.day AS days
                        FROM (
                            SELECT a, day, sum(delta) AS delta FROM (
                                SELECT a, start_date AS day, 1 AS delta FROM known
                                WHERE start_date IS NOT NULL
                                UNION ALL
                                SELECT a, end_date, -1 FROM known
                                WHERE start_date IS NOT NULL AND end_date IS NOT NULL
                            ) GROUP BY a, day
                        ) x JOIN chosen_agreements g ON g.a = x.a
                    ) r
                ) GROUP BY a
            ) c ON c.a = g.a
        )"""


def rules_sql(as_of: dt.date, until: dt.date | None, *, capacity: bool = True,
              details: bool = True, only: tuple[Rule, ...] | None = None) -> str:
    """
    The findings of every rule (after :func:`with_steps`), in the columns
    of :data:`FINDING_COLUMNS`, unordered; without ``details`` the ``detail`` column is left empty
    (counting does not need it, and making millions of texts takes time);
    with ``only``, the findings of those rules alone.
    """
    d, u = date_literal(as_of), date_literal(until)
    rules = [rule(d, u) for name, rule in RULES if only is None or name in only]
    if capacity:
        rules.append(capacity_sql(as_of))
    columns = ", ".join(c if details or c != "detail" else "NULL AS detail"
                        for c in FINDING_COLUMNS)
    return "\nUNION ALL\n".join(f"SELECT {columns} FROM ({sql})" for sql in rules)


def findings_sql(as_of: dt.date, until: dt.date | None, chosen: str, *,
                 capacity: bool = True) -> str:
    """
    Every finding of the ``chosen`` agreements as of ``as_of`` (with
    ``until``, the deadlines still to come up to it), in the columns of
    :data:`FINDING_COLUMNS` plus ``position`` (the agreement's place in the
    listing), unordered: one statement.
    """
    return f"""
    {with_steps(as_of, chosen)}
    SELECT f.*, g.position FROM ({rules_sql(as_of, until, capacity=capacity)}) f
    JOIN chosen_agreements g ON g.a = f.a"""
