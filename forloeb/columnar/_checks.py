"""
The rules of :mod:`forloeb.rules` over the engine's tables, as yes-or-no questions.

Each check is one SQL query counting the rows that break it (a comparison
with a missing value is written so that it counts as broken where the rule
needs the value); a register
read by the fast path (:mod:`forloeb.columnar._from_csv`) is used only
when every count is 0. A check never words a problem: when one fails, the
reference loader reads the register and reports every problem in its own
words. So a check may be stricter than its rule (it then only costs the
time of the reference), never looser; ``tests/test_columnar_loading.py``
holds that on broken and corrupted registers. A new rule or table is one
more entry in :data:`CHECKS`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from forloeb.codes import (
    BEFORE_START_TYPES,
    CANCELLED,
    EVENT_CODES,
    EVENT_TOTALS,
    EVENT_VALUES,
    FIRST_DATE,
    LAST_DATE,
    RATING_BOUNDS,
    EventType,
    ValueUse,
)
from forloeb.columnar._layout import date_literal, text_list, text_literal, type_code

_Connection = Any

_FIRST, _LAST = date_literal(FIRST_DATE), date_literal(LAST_DATE)


def _within(column: str) -> str:
    return f"({column} IS NULL OR {column} BETWEEN {_FIRST} AND {_LAST})"


def _event_terms() -> str:
    # Per type: the codes it takes (none: no code; a follow-up may leave its
    # code out, which means held) and how it takes a value.
    cases = []
    for kind in EventType:
        codes = EVENT_CODES[kind]
        if not codes:
            code = "code IS NULL"
        elif kind is EventType.FOLLOWUP:
            code = f"(code IS NULL OR code IN {text_list(codes)})"
        else:
            code = f"code IN {text_list(codes)}"
        use, low, high = EVENT_VALUES[kind]
        if use is ValueUse.NONE:
            value = "value IS NULL"
        else:
            bounds = " AND ".join(
                [f"value >= {low}"] * (low is not None) + [f"value <= {high}"] * (high is not None))
            value = f"value IS NOT NULL AND {bounds or 'true'}"
            if use is ValueUse.OPTIONAL:
                value = f"(value IS NULL OR ({value}))"
        cases.append(f"WHEN {type_code(kind)} THEN {code} AND {value}")
    # A NULL (a code missing where one is needed) is a no, not an unknown.
    return f"coalesce(CASE type {' '.join(cases)} ELSE false END, false)"


def _rule_4_and_5() -> str:
    before = "(" + ", ".join(type_code(k) for k in BEFORE_START_TYPES) + ")"
    extension = type_code(EventType.EXTENSION)
    return f"""
        SELECT count(*) FROM events e JOIN pathways w ON w.p = e.p
        WHERE (w.start_date IS NULL AND e.type NOT IN {before})
           OR (w.start_date IS NULL AND e.date < w.referred_date)
           OR (e.date < w.start_date AND e.type NOT IN {before})
           OR (e.date < w.start_date AND e.date < w.referred_date)
           OR (e.type = {extension} AND e.date >= w.end_date)
           OR (e.type <> {extension} AND e.date > w.end_date)"""


def _totals() -> str:
    over = " OR ".join(
        f"sum(value) FILTER (WHERE type = {type_code(kind)}) > {limit}"
        for kind, limit in EVENT_TOTALS.items())
    return f"SELECT count(*) FROM (SELECT p FROM events GROUP BY p HAVING {over})"


#: Per check, the SQL that counts the rows breaking it.
CHECKS: MappingProxyType[str, str] = MappingProxyType({
    "cells of pathways": "SELECT count(*) FROM pathways WHERE ok IS NOT true",
    "cells of events": "SELECT count(*) FROM events WHERE ok IS NOT true",
    "cells of notes": "SELECT count(*) FROM notes WHERE ok IS NOT true",
    "pathway ids": "SELECT count(*) - count(DISTINCT pathway_id) FROM pathways",
    "pathway dates": "SELECT count(*) FROM pathways WHERE NOT ("
                     + " AND ".join(map(_within, ("referred_date", "start_date", "end_date",
                                                  "plan_date"))) + ")",
    "rule 1": "SELECT count(*) FROM pathways WHERE (end_date IS NULL) <> (outcome IS NULL)",
    "rule 2": """SELECT count(*) FROM pathways
                 WHERE start_date < referred_date OR end_date < start_date
                    OR (start_date IS NULL AND end_date < referred_date)""",
    "rule 3": f"""SELECT count(*) FROM pathways w JOIN agreements g ON g.a = w.a
                  WHERE w.outcome IS NOT NULL AND (
                      (g.allowed IS NOT NULL
                       AND NOT list_contains(string_split(g.allowed, ';'), w.outcome))
                      OR (w.outcome = {text_literal(CANCELLED)} AND w.start_date IS NOT NULL)
                      OR (w.outcome <> {text_literal(CANCELLED)} AND w.start_date IS NULL))""",
    # Rule 6: in start order (then end), a pathway overlaps an earlier one of
    # the same participant exactly when the latest end before it is after its
    # start (forloeb.rules._overlaps_in; an empty pathway [s, s) included).
    "rule 6": """SELECT count(*) FROM (
                     SELECT start_date, max(coalesce(end_date, DATE '9999-12-31')) OVER (
                         PARTITION BY a, participant_id
                         ORDER BY start_date, coalesce(end_date, DATE '9999-12-31'), p
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest
                     FROM pathways WHERE start_date IS NOT NULL)
                 WHERE latest > start_date""",
    # Rule 7: the pathways active at the end of each day (ends free their
    # slot before the day's starts take one) against slots plus extra slots.
    "rule 7": """SELECT count(*) FROM (
                     SELECT a, sum(delta) OVER (PARTITION BY a ORDER BY day) AS active
                     FROM (SELECT a, day, sum(delta) AS delta FROM (
                               SELECT a, start_date AS day, 1 AS delta FROM pathways
                               WHERE start_date IS NOT NULL
                                 AND (end_date IS NULL OR end_date > start_date)
                               UNION ALL
                               SELECT a, end_date, -1 FROM pathways
                               WHERE start_date IS NOT NULL AND end_date > start_date)
                           GROUP BY a, day)) x
                 JOIN agreements g ON g.a = x.a
                 WHERE x.active > g.slots + g.extra_slots""",
    "event dates": f"SELECT count(*) FROM events WHERE NOT {_within('date')}",
    "event codes and values": f"SELECT count(*) FROM events WHERE NOT ({_event_terms()})",
    "rules 4 and 5": _rule_4_and_5(),
    "event totals": _totals(),
    "note dates": f"SELECT count(*) FROM notes WHERE NOT {_within('date')}",
    "note ratings": f"""SELECT count(*) FROM notes WHERE rating IS NOT NULL
                        AND NOT rating BETWEEN {RATING_BOUNDS[0]} AND {RATING_BOUNDS[1]}""",
})


def violations(con: _Connection) -> list[str]:
    """
    The names of the checks that some row of the tables breaks (none for a
    register the fast path may use).
    """
    counts = con.execute(
        "SELECT " + ", ".join(f"({sql}) AS c{i}" for i, sql in enumerate(CHECKS.values()))
    ).fetchone()
    return [name for name, count in zip(CHECKS, counts, strict=True) if count]
