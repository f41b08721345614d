"""
The eight questions of :mod:`forloeb.evaluation`, counted over the engine's tables.

What is counted is decided here, in SQL, figure by figure as
``docs/questions.md`` describes it and :mod:`forloeb.evaluation._compute`
counts it; the answers are put together by the reference's own code
(:func:`forloeb.evaluation._result.answered`), so the two engines cannot
differ in how a count becomes a share, in the order of a breakdown or in
the JSON of ``to_dict()``. Each query gives long rows ``(a, key, n)``: an
agreement, what was counted, how many.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from forloeb.codes import CANCELLED, EventType
from forloeb.columnar._deadlines import rules_sql, with_steps
from forloeb.columnar._layout import (
    EVENT_CODE_NAMES,
    STATUSES,
    date_literal,
    event_code,
    rule_code,
    status_code,
    text_literal,
    type_code,
)
from forloeb.evaluation._answers import Q1InUse, Q3Ownership, Q8Collaboration
from forloeb.evaluation._compute import (
    REQUEST_RESPONSE_DAYS,
    DeadlineCounts,
    EventTally,
    by_status,
    overview_of,
    slot_days,
)
from forloeb.evaluation._period import Period
from forloeb.evaluation._result import AgreementEvaluation, answered
from forloeb.model import Agreement, CollaborationNote
from forloeb.sla import Rule, Status

_Connection = Any

_CANCELLED = text_literal(CANCELLED)


def _known_counts(period: Period) -> str:
    since, first, after = (date_literal(period.since), date_literal(period.first_day),
                           date_literal(period.as_of + dt.timedelta(days=1)))
    days = (f"CASE WHEN start_date IS NULL THEN 0 ELSE greatest(0, least(coalesce(end_date, "
            f"{after}), {after}) - greatest(start_date, {first})) END")
    figures = {
        # Question 1.
        "active": "count(*) FILTER (WHERE end_date IS NULL AND start_date IS NOT NULL)",
        "upcoming": "count(*) FILTER (WHERE end_date IS NULL AND start_date IS NULL)",
        "pathway_days": "sum(days)",
        "active_in_period": "count(*) FILTER (WHERE days > 0)",
        "started": f"count(*) FILTER (WHERE start_date > {since})",
        "ended": f"count(*) FILTER (WHERE end_date > {since} "
                 f"AND coalesce(outcome, '') <> {_CANCELLED})",
        # Question 2 (the pathways with a plan deadline) and question 3.
        "participants": "count(*) FILTER (WHERE start_date IS NOT NULL)",
        "plans": "count(*) FILTER (WHERE plan_date IS NOT NULL)",
        "co_created": "count(*) FILTER (WHERE plan_date IS NOT NULL AND plan_co_created)",
        "own_goals": "count(*) FILTER (WHERE plan_date IS NOT NULL AND plan_own_goals)",
        # Question 7.
        "cancelled": f"count(*) FILTER (WHERE end_date IS NOT NULL AND outcome = {_CANCELLED})",
    }
    names = "[" + ", ".join(map(text_literal, figures)) + "]"
    values = "[" + ", ".join(f"CAST({sql} AS BIGINT)" for sql in figures.values()) + "]"
    return f"""
        SELECT a, unnest({names}) AS key, unnest({values}) AS n
        FROM (SELECT *, {days} AS days FROM known) GROUP BY a"""


def _deadline_counts(period: Period) -> str:
    """
    The deadlines questions 2 and 4 count, in one pass over every rule's
    findings, each counted where it belongs: ``plan/<status>`` (every
    pathway started by D), ``reason/<no_plan_reason>`` (the exempt ones),
    and, of the pathways active in the period, ``followup/<status>`` (each
    gap closed by a meeting in the period, or left open) and
    ``attendance/<status>`` (each sheet due in the period, or pending).
    """
    since, as_of = date_literal(period.since), date_literal(period.as_of)
    first, after = date_literal(period.first_day), date_literal(period.as_of + dt.timedelta(1))
    plan, gap, sheet = (rule_code(r) for r in (Rule.PLAN_DEADLINE, Rule.FOLLOWUP,
                                                Rule.ATTENDANCE_REPORT))
    undone = ", ".join(status_code(s) for s in (Status.PENDING, Status.OVERDUE, Status.MISSED))
    names = "[" + ", ".join(text_literal(s.value) for s in STATUSES) + "]"
    in_period = (f"SELECT p FROM known WHERE start_date IS NOT NULL AND greatest(0, "
                 f"least(coalesce(end_date, {after}), {after}) "
                 f"- greatest(start_date, {first})) > 0")
    return f"""
        SELECT a, coalesce(key, reason) AS key, count(*) AS n FROM (
            SELECT f.a, CASE
                WHEN f.rule = {plan} THEN 'plan/' || {names}[f.status + 1]
                WHEN f.rule = {gap} AND (f.status IN ({undone})
                                          OR (f.done > {since} AND f.done <= {as_of}))
                    THEN 'followup/' || {names}[f.status + 1]
                WHEN f.rule = {sheet} AND (f.status = {status_code(Status.PENDING)}
                                            OR (f.due > {since} AND f.due <= {as_of}))
                    THEN 'attendance/' || {names}[f.status + 1]
                END AS key,
                CASE WHEN f.rule = {plan} AND f.status = {status_code(Status.EXEMPT)}
                          AND f.reason <> '' THEN 'reason/' || f.reason END AS reason
            FROM ({rules_sql(period.as_of, None, capacity=False, details=False,
                             only=(Rule.PLAN_DEADLINE, Rule.FOLLOWUP,
                                   Rule.ATTENDANCE_REPORT))}) f
            WHERE f.rule = {plan} OR f.p IN ({in_period}))
        GROUP BY GROUPING SETS ((a, key), (a, reason))
        HAVING coalesce(key, reason) IS NOT NULL"""


def _queries(period: Period) -> dict[str, str]:
    """
    Per part of the answers, the query of its long rows ``(a, key, n)``.
    """
    since, as_of = date_literal(period.since), date_literal(period.as_of)
    held = (f"type = {type_code(EventType.FOLLOWUP)} "
            f"AND (code IS NULL OR code = {event_code('held')})")
    return {
        "known": _known_counts(period),
        "deadlines": _deadline_counts(period),
        "outcomes": f"""
            SELECT a, outcome AS key, count(*) AS n FROM known
            WHERE end_date IS NOT NULL AND outcome IS NOT NULL AND outcome <> {_CANCELLED}
            GROUP BY ALL""",
        # Questions 3 to 6, from the events of the known pathways dated by D.
        "tally": f"""
            SELECT k.a, unnest(['meetings_held', 'requests', 'sheets']) AS key,
                   unnest([count(*) FILTER (WHERE {held} AND f.date > {since}),
                           count(*) FILTER (WHERE f.type = {type_code(EventType.MEETING_REQUEST)}
                                            AND f.date > {since}),
                           count(*) FILTER (WHERE f.type
                                            = {type_code(EventType.ATTENDANCE_REPORT)}
                                            AND f.date > {since})]) AS n
            FROM facts f JOIN known k ON k.p = f.p GROUP BY k.a""",
        "revised": f"""
            SELECT k.a, 'revised' AS key, count(DISTINCT k.p) AS n
            FROM facts f JOIN known k ON k.p = f.p
            WHERE f.type = {type_code(EventType.PLAN_REVISED)} AND f.date >= k.plan_date
            GROUP BY k.a""",
        "requests": f"""
            SELECT a, CASE WHEN followed THEN 'followed' ELSE 'open' END AS key, count(*) AS n
            FROM (
                SELECT k.a, r.e, r.date, bool_or(m.p IS NOT NULL) AS followed
                FROM facts r JOIN known k ON k.p = r.p
                     LEFT JOIN (SELECT p, date FROM facts WHERE {held}) m
                          ON m.p = r.p AND m.date >= r.date
                             AND m.date <= r.date + {REQUEST_RESPONSE_DAYS}
                WHERE r.type = {type_code(EventType.MEETING_REQUEST)} AND r.date > {since}
                GROUP BY k.a, r.e, r.date
            )
            WHERE followed OR date + {REQUEST_RESPONSE_DAYS} > {as_of}
            GROUP BY ALL""",
        "deliveries": f"""
            SELECT k.a, {EVENT_CODE_NAMES}[f.code + 1] AS key, count(*) AS n
            FROM facts f JOIN known k ON k.p = f.p
            WHERE f.type = {type_code(EventType.DELIVERY)} AND f.date > {since}
              AND f.code IS NOT NULL
            GROUP BY ALL""",
        "domains": f"""
            SELECT a, key, count(*) AS n FROM (
                SELECT DISTINCT k.a, k.p, {EVENT_CODE_NAMES}[f.code + 1] AS key
                FROM facts f JOIN known k ON k.p = f.p
                WHERE f.type = {type_code(EventType.EFFECT)} AND f.code IS NOT NULL
                  AND f.date > {since})
            GROUP BY ALL""",
        "effect_participants": f"""
            SELECT k.a, 'effect_participants' AS key, count(DISTINCT k.p) AS n
            FROM facts f JOIN known k ON k.p = f.p
            WHERE f.type = {type_code(EventType.EFFECT)} AND f.code IS NOT NULL
              AND f.date > {since}
            GROUP BY k.a""",
        # The change of a participant's score in a domain: last minus first
        # (in date order, same-day scores as recorded), where there are two.
        "changes": f"""
            SELECT a, key, CAST(sum(change) AS BIGINT) AS n, count(*) AS m FROM (
                SELECT k.a, f.p, {EVENT_CODE_NAMES}[f.code + 1] AS key,
                       arg_max(f.value, (f.date, f.e)) - arg_min(f.value, (f.date, f.e))
                           AS change
                FROM facts f JOIN known k ON k.p = f.p
                WHERE f.type = {type_code(EventType.EFFECT)} AND f.code IS NOT NULL
                  AND f.value IS NOT NULL
                GROUP BY k.a, f.p, f.code HAVING count(*) >= 2)
            GROUP BY ALL""",
    }


def evaluate_agreements(con: _Connection, agreements: Sequence[Agreement], chosen: str,
                        period: Period) -> list[AgreementEvaluation]:
    """
    The evaluation of each agreement of ``chosen`` (a relation of ``(a,
    position)``: positions in ``agreements`` and the order to list them)
    that had started by ``period.as_of``.
    """
    as_of = period.as_of
    queries = _queries(period)
    # One query for every part: each statement costs DuckDB some milliseconds
    # to plan, which is what a small register's evaluation is made of.
    union = " UNION ALL ".join(
        f"SELECT {text_literal(part)} AS part, a, CAST(key AS VARCHAR) AS key, "
        f"CAST(n AS BIGINT) AS n, CAST({'m' if part == 'changes' else 'NULL'} AS BIGINT) AS m "
        f"FROM ({sql})" for part, sql in queries.items())
    counts: dict[str, dict[int, Counter[str]]] = {part: defaultdict(Counter)
                                                   for part in queries}
    changes: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for part, a, key, n, m in con.execute(
            f"{with_steps(as_of, chosen)} {union}").fetchall():
        if part == "changes":
            changes[a][key] = (int(n), int(m))
        else:
            counts[part][a][key] += int(n)
    notes = _notes(con, agreements, chosen, period)
    order = [a for (a,) in con.execute(
        f"SELECT c.a FROM ({chosen}) c JOIN agreements g ON g.a = c.a "
        f"WHERE g.start_date <= {date_literal(as_of)} ORDER BY c.position").fetchall()]
    results = []
    for a in order:
        agreement = agreements[a]

        def got(part: str, a: int = a) -> Counter[str]:
            return counts[part].get(a, Counter())

        known = got("known")
        counted: dict[str, Counter[str]] = defaultdict(Counter)
        for key, n in got("deadlines").items():
            kind, _, what = key.partition("/")
            counted[kind][what] = n
        deadline_counts = DeadlineCounts(
            known["participants"], known["active_in_period"], counted["plan"],
            counted["reason"], by_status(counted["followup"]),
            by_status(counted["attendance"]))
        tally = got("tally")
        requests = got("requests")
        deliveries = got("deliveries")
        if tally["sheets"]:
            deliveries["attendance_sheet"] = tally["sheets"]
        change = changes.get(a, {})
        event_tally = EventTally(
            revised=got("revised")["revised"], meetings_held=tally["meetings_held"],
            requests=tally["requests"], requests_followed=requests["followed"],
            requests_open=requests["open"], deliveries=deliveries,
            effect_participants=got("effect_participants")["effect_participants"],
            effect_domains=got("domains"),
            change_sum=Counter({k: total for k, (total, _) in change.items()}),
            change_count=Counter({k: n for k, (_, n) in change.items()}))
        in_use = Q1InUse(
            slots=agreement.slots, extra_slots=agreement.extra_slots, active=known["active"],
            pathway_days=known["pathway_days"], slot_days=slot_days(agreement, period),
            started_in_period=known["started"], active_in_period=known["active_in_period"],
            ended_in_period=known["ended"], upcoming_starts=known["upcoming"])
        results.append(answered(
            agreement, in_use=in_use, deadlines=deadline_counts,
            ownership=Q3Ownership(plans=known["plans"], co_created=known["co_created"],
                                  own_goals=known["own_goals"], revised=event_tally.revised),
            tally=event_tally,
            overview=overview_of(agreement, continuing=known["active"],
                                 outcomes=got("outcomes"), cancelled=known["cancelled"]),
            collaboration=Q8Collaboration(notes.get(a, ()))))
    return results


def _notes(con: _Connection, agreements: Sequence[Agreement], chosen: str, period: Period
           ) -> dict[int, list[CollaborationNote]]:
    # Question 8: the notes dated in the period, in date order (same-day
    # notes in the order they were recorded).
    rows = con.execute(f"""
        SELECT a, date, author, rating, note FROM notes SEMI JOIN ({chosen}) c USING (a)
        WHERE date > {date_literal(period.since)} AND date <= {date_literal(period.as_of)}
        ORDER BY a, date, n""").fetchall()
    notes: dict[int, list[CollaborationNote]] = defaultdict(list)
    for a, day, author, rating, note in rows:
        notes[a].append(CollaborationNote(agreements[a].agreement_id, day, author or "",
                                          None if rating is None else int(rating), note or ""))
    return notes
