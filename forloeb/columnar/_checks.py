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
from forloeb.columnar._layout import date_literal, event_codes, text_literal, type_code

_Connection = Any

_FIRST, _LAST = date_literal(FIRST_DATE), date_literal(LAST_DATE)


def _within(column: str) -> str:
    return f"({column} IS NULL OR {column} BETWEEN {_FIRST} AND {_LAST})"


def _event_terms(e: str) -> str:
    # Per type: the codes it takes (none: no code; a follow-up may leave its
    # code out, which means held) and how it takes a value.
    cases = []
    for kind in EventType:
        codes = EVENT_CODES[kind]
        if not codes:
            code = f"{e}.code IS NULL"
        elif kind is EventType.FOLLOWUP:
            code = f"({e}.code IS NULL OR {e}.code IN {event_codes(codes)})"
        else:
            code = f"{e}.code IN {event_codes(codes)}"
        use, low, high = EVENT_VALUES[kind]
        if use is ValueUse.NONE:
            value = f"{e}.value IS NULL"
        else:
            bounds = " AND ".join([f"{e}.value >= {low}"] * (low is not None)
                                  + [f"{e}.value <= {high}"] * (high is not None))
            value = f"{e}.value IS NOT NULL AND {bounds or 'true'}"
            if use is ValueUse.OPTIONAL:
                value = f"({e}.value IS NULL OR ({value}))"
        cases.append(f"WHEN {type_code(kind)} THEN {code} AND {value}")
    return f"CASE {e}.type {' '.join(cases)} ELSE false END"


# --- each row against its own rules: part of what a row's ``ok`` says ------------------
# Each is true for a row that keeps them, false (never NULL) for one that
# breaks one, so a missing value where a rule needs one counts as broken.

def pathway_keeps_rules(w: str, g: str) -> str:
    """
    Pathway ``w`` (of agreement ``g``) keeps rules 1 to 3 and the bounds of its dates.
    """
    cancelled = text_literal(CANCELLED)
    return f"""coalesce(
        {" AND ".join(_within(f"{w}.{d}") for d in ("referred_date", "start_date", "end_date",
                                                    "plan_date"))}
        AND ({w}.end_date IS NULL) = ({w}.outcome IS NULL)
        AND NOT coalesce({w}.start_date < {w}.referred_date, false)
        AND NOT coalesce({w}.end_date < {w}.start_date, false)
        AND NOT coalesce({w}.start_date IS NULL AND {w}.end_date < {w}.referred_date, false)
        AND ({w}.outcome IS NULL OR (
            ({g}.allowed IS NULL OR list_contains(string_split({g}.allowed, ';'), {w}.outcome))
            AND ({w}.outcome = {cancelled}) = ({w}.start_date IS NULL))), false)"""


def event_keeps_rules(e: str, w: str) -> str:
    """
    Event ``e`` (of pathway ``w``) keeps rules 4 and 5, the codes and value
    its type takes, and the bounds of its date.
    """
    before = "(" + ", ".join(type_code(k) for k in BEFORE_START_TYPES) + ")"
    extension = type_code(EventType.EXTENSION)
    return f"""coalesce(
        {_within(f"{e}.date")} AND {_event_terms(e)}
        AND NOT coalesce({w}.start_date IS NULL AND {e}.type NOT IN {before}, false)
        AND NOT coalesce({w}.start_date IS NULL AND {e}.date < {w}.referred_date, false)
        AND NOT coalesce({e}.date < {w}.start_date AND {e}.type NOT IN {before}, false)
        AND NOT coalesce({e}.date < {w}.start_date AND {e}.date < {w}.referred_date, false)
        AND NOT coalesce({e}.type = {extension} AND {e}.date >= {w}.end_date, false)
        AND NOT coalesce({e}.type <> {extension} AND {e}.date > {w}.end_date, false), false)"""


def note_keeps_rules(n: str) -> str:
    """
    Collaboration note ``n`` keeps the bounds of its date and rating.
    """
    low, high = RATING_BOUNDS
    return (f"coalesce({_within(f'{n}.date')} AND ({n}.rating IS NULL "
            f"OR {n}.rating BETWEEN {low} AND {high}), false)")


def _totals() -> str:
    over = " OR ".join(
        f"sum(value) FILTER (WHERE type = {type_code(kind)}) > {limit}"
        for kind, limit in EVENT_TOTALS.items())
    kinds = ", ".join(type_code(kind) for kind in EVENT_TOTALS)
    return (f"SELECT count(*) FROM (SELECT p FROM events WHERE type IN ({kinds}) "
            f"GROUP BY p HAVING {over})")


#: Per check across rows, the SQL that counts the rows breaking it. Every
#: row's own rules are in its ``ok`` (see :func:`pathway_keeps_rules` and
#: its siblings), made as the row was read.
CHECKS: MappingProxyType[str, str] = MappingProxyType({
    "pathways": "SELECT count(*) FROM pathways WHERE ok IS NOT true",
    "events": "SELECT count(*) FROM events WHERE ok IS NOT true",
    "notes": "SELECT count(*) FROM notes WHERE ok IS NOT true",
    "pathway ids": "SELECT count(*) - count(DISTINCT pathway_id) FROM pathways",
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
    "event totals": _totals(),
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
