"""
Small-cell suppression: published output never singles out a person.

:func:`suppress` is a pure transformation of a document (an evaluation, a
comparison or a trend, as ``to_dict()``/``compare``/``trend`` give them) that
every format renders from. With ``below=N`` it does what statistical offices
do to a table before publishing it:

1. *Primary suppression*: every count of people or events from 1 to N-1
   becomes the string ``"<N"`` (0 and counts of N or more stay as they are).
2. *Complementary suppression*: where a hidden count could still be worked
   out from the figures shown beside it (a total minus its other parts), the
   smallest other part is hidden too, shown as ``"x"`` (it is not small, so
   it is not written ``<N``); this repeats until every total has none or at
   least two hidden parts, and no hidden count is pinned down by the others
   (two hidden counts that add up to 2 are both 1). Parts are hidden before
   totals. The totals protected are listed in :mod:`forloeb.rendering._relations`.
3. Every share, mean, rate or day total worked out from a hidden count
   becomes ``"<N"`` too, so it cannot be used to recover the count; the
   collaboration notes are listed only when their number is shown.
4. The agreement's own terms (``slots``, ``extra_slots``, ``slot_days``,
   ``price_per_pathway``), dates and names are left alone, and the document
   gains ``"suppressed_below": N``, which renderers use to print a note
   saying what was done.

>>> doc = {"as_of": "2018-06-30", "agreements": [{"agreement_id": "SA1",
...     "positive_outcomes": ["fleksjob", "ordinaert_job", "uddannelse"],
...     "q7_overview": {"completed": 25, "progression": 10, "stopped": 4,
...                     "outcomes": {"fleksjob": 5, "uddannelse": 5, "ordinaert_job": 0,
...                                  "praktik_foer_rehab": 11,
...                                  "stoppet_massive_udfordringer": 4},
...                     "progression_share": 0.4, "stopped_share": 0.16}}]}
>>> q7 = suppress(doc, below=5)["agreements"][0]["q7_overview"]
>>> q7["completed"], q7["progression"], q7["progression_share"], q7["stopped"], q7["stopped_share"]
(25, 10, 0.4, '<5', '<5')
>>> q7["outcomes"]["praktik_foer_rehab"], q7["outcomes"]["stoppet_massive_udfordringer"]
('x', '<5')

Without the second step, 25 - 5 - 5 - 11 would give away the 4 who stopped.

A comparison or a trend holds only the key figures of each agreement, not the
counts its occupancy and compliance rates come from; give ``evaluations``
(the evaluation documents it was made from) and each row hides exactly what
the evaluation hides, so the reports can be published side by side. Without
them, those rates are hidden.

A jobs document (``JobFigures.to_dict()``) is treated the same way: counts of
hires, of flexjobs and of reviews are counts of people; the figures worked out
from them (what is missing to the goal, the pace, the mean hours, the review
compliance) follow them; each person's path in a flexjob is one person, so the
paths are left out. The goal, the year and the dates stay. An annual report
(``AnnualReport.to_dict()``) has each of its documents suppressed (its
comparison hiding what its evaluation hides), and the computed side of its
reconciliation too.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from forloeb.errors import InvalidArgument
from forloeb.rendering._inference import mark_bounds, narrow, reduced, sum_equation
from forloeb.rendering._relations import (
    COMPLEMENTARY,
    FROM_ELSEWHERE,
    ROW_SOURCES,
    Path,
    Relations,
    Sum,
    get,
    is_evaluation_unit,
    put,
    relations,
)

Doc = Mapping[str, Any]

#: The counts the comparison and the trend show: hidden only when nothing else will do.
_KEY_FIGURES = frozenset(ROW_SOURCES.values())


def suppress(document: Doc, *, below: int,
             evaluations: Sequence[Doc] | None = None) -> dict[str, Any]:
    """
    A copy of ``document`` in which counts from 1 to ``below - 1`` are the
    string ``"<below"``, the counts that would give them away ``"x"``, and
    the figures worked out from either ``"<below"``.

    Args:
        evaluations: for a comparison, the evaluation document it was made
            from; for a trend, one per year, in the trend's order.

    Raises:
        InvalidArgument: if ``below`` is not a whole number of at least 1, or
            ``evaluations`` do not match the document.
    """
    if not isinstance(below, int) or isinstance(below, bool) or below < 1:
        raise InvalidArgument(f"suppress below must be a whole number of at least 1, "
                              f"not {below!r}")
    result: dict[str, Any] = copy.deepcopy(dict(document))
    marker = f"<{below}"
    if "via_jobcenter" in result:  # the jobs of a year
        _suppress_jobs(result, below, marker)
        result["suppressed_below"] = below
        return result
    if "summer" in result and "jobs" in result:  # an annual report
        _suppress_annual(result, below, marker)
        result["suppressed_below"] = below
        return result
    blocks = result.get("years", [result])
    if evaluations is not None and len(evaluations) != len(blocks):
        raise InvalidArgument(f"suppress needs one evaluation per {_block_name(result)} "
                              f"({len(blocks)}), not {len(evaluations)}")
    for n, block in enumerate(blocks):
        published = None
        if evaluations is not None:
            published = _by_agreement(suppress(evaluations[n], below=below))
        for unit in block.get("agreements", []):
            if is_evaluation_unit(unit):
                _suppress_agreement(unit, below)
            else:
                reference = None if published is None else published.get(unit["agreement_id"])
                if published is not None and reference is None:
                    raise InvalidArgument(f"the evaluation given for {_block_name(result)} "
                                          f"{n + 1} has no agreement "
                                          f"{unit['agreement_id']!r}")
                _suppress_row(unit, below, reference)
    result["suppressed_below"] = below
    return result


def is_small(value: object, below: int) -> bool:
    """
    Whether ``value`` is a count that must not be shown: 1 to ``below - 1``.

    >>> [is_small(n, 5) for n in (0, 1, 4, 5)], is_small(0.5, 5), is_small(True, 5)
    ([False, True, True, False], False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < below


def is_hidden(value: object) -> bool:
    """
    Whether a figure of a suppressed document is hidden (``"<N"`` or ``"x"``).

    >>> is_hidden("<5"), is_hidden("x"), is_hidden(0), is_hidden(None)
    (True, True, False, False)
    """
    return isinstance(value, str)


def _block_name(document: Doc) -> str:
    return "year of the trend" if "years" in document else "comparison"


def _by_agreement(evaluation: Doc) -> dict[str, Doc]:
    return {str(a["agreement_id"]): a for a in evaluation.get("agreements", [])}


def _suppress_agreement(unit: MutableMapping[str, Any], below: int) -> None:
    marker = f"<{below}"
    found = relations(unit)
    counts = found.counts(unit)
    hidden = {path: marker for path, value in counts.items() if is_small(value, below)}
    holding = [r for r in found.sums
               if counts.get(r.total, 0) == sum(counts.get(p, 0) for p in r.parts)]
    for relation in holding:
        if relation.total in hidden:
            # Its parts are all small: which of them are 0 would tell too much.
            hidden.update({p: marker for p in relation.parts if counts.get(p) == 0})
    _complement(holding, counts, hidden, below)
    _hide_derived(found, unit, hidden, marker)
    for path, mark in hidden.items():
        put(unit, path, mark)
    for listing in found.listed:
        if listing.count in hidden:
            put(unit, listing.items, [])


def _suppress_row(row: MutableMapping[str, Any], below: int, evaluation: Doc | None) -> None:
    marker = f"<{below}"
    found = relations(row)
    hidden: dict[Path, str] = {}
    if evaluation is None:
        hidden.update({p: marker for p, v in found.counts(row).items() if is_small(v, below)})
        # Their counts are not in the row: without the evaluation they cannot be checked.
        hidden.update({(name,): marker for name in FROM_ELSEWHERE if row.get(name) is not None})
    else:
        for name, path in ROW_SOURCES.items():
            value = get(evaluation, path)
            if name in row and isinstance(value, str):
                hidden[(name,)] = value
    _hide_derived(found, row, hidden, marker)
    for path, mark in hidden.items():
        put(row, path, mark)


def _hide_derived(found: Relations, unit: Doc, hidden: dict[Path, str], marker: str) -> None:
    # A figure worked out from a hidden one is hidden; a day total hides the
    # occupancy worked out from it, so repeat until nothing changes.
    changed = True
    while changed:
        changed = False
        for derived in found.derived:
            if derived.figure not in hidden and any(s in hidden for s in derived.sources):
                hidden[derived.figure] = marker
                changed = True


def _complement(sums: Sequence[Sum], counts: Mapping[Path, int], hidden: dict[Path, str],
                below: int) -> None:
    """
    Hide more counts until no hidden count can be pinned down from the
    relations that hold and the marks.

    Each round hides one more member of the relations that hold hidden
    counts: the one that leaves the fewest counts given away, then one that
    is not a key figure of the comparison and the trend, then a count above 0
    (written ``x``) rather than a 0 (written ``<N``, which a 0 is), then a
    part rather than a total, then the smallest. If every member
    is hidden already, nothing more can be done (the audit would say so).
    """
    marker = f"<{below}"
    while True:
        pinned = _pinned(sums, counts, hidden, below)
        if not pinned:
            return
        touching = _linked(sums, hidden, pinned)
        totals = {r.total for r in touching}
        candidates = list(dict.fromkeys(
            p for r in touching for p in r.members if p not in hidden and p in counts))
        if not candidates:
            return

        def mark(path: Path) -> str:
            return COMPLEMENTARY if counts[path] else marker

        # In order of preference after the first key; the first that leaves
        # nothing pinned is the best there is, so the rest need not be tried.
        def preference(path: Path, totals: set[Path] = totals) -> tuple[bool, bool, bool, int]:
            return path in _KEY_FIGURES, not counts[path], path in totals, counts[path]

        candidates.sort(key=preference)
        chosen, fewest = candidates[0], math.inf
        for path in candidates:
            left = len(_pinned(sums, counts, {**hidden, path: mark(path)}, below))
            if left < fewest:
                chosen, fewest = path, left
            if not left:
                break
        hidden[chosen] = mark(chosen)


def _linked(sums: Sequence[Sum], hidden: Mapping[Path, str], pinned: Sequence[Path]
            ) -> list[Sum]:
    """
    The relations a pinned count is worked out through: those that hold it,
    and those linked to them by a hidden count they share, in any chain (a
    member of any of them may protect it).
    """
    reached = set(pinned)
    linked: list[Sum] = []
    grew = True
    while grew:
        grew = False
        for relation in sums:
            if relation not in linked and any(m in reached for m in relation.members):
                linked.append(relation)
                reached.update(m for m in relation.members if m in hidden)
                grew = True
    return linked


def _pinned(sums: Sequence[Sum], counts: Mapping[Path, int], hidden: Mapping[Path, str],
            below: int) -> list[Path]:
    """
    The hidden counts a reader can pin down from ``sums`` and the marks.

    A reader knows a ``<N`` count lies below N and an ``x`` count is at least
    N; each relation, and each combination of them, narrows what the others
    leave.
    """
    shown: dict[Path, Any] = {**counts, **hidden}
    equations = [e for e in (sum_equation(r, shown) for r in sums) if e is not None]
    unknowns = {p for coefficients, _ in equations for p in coefficients}
    marks = {p: mark_bounds(hidden[p], below) for p in unknowns}
    # The relations one by one, and as a reader combines them (a total minus a subtotal).
    narrowed = narrow([*equations, *reduced(equations)], marks)
    # A hidden 0 worked out singles no one out.
    return [p for p in unknowns if counts.get(p) and narrowed[p][0] == narrowed[p][1]]


__all__ = ["COMPLEMENTARY", "is_hidden", "is_small", "suppress"]


_JOB_COUNTS = ("total_via_jobcenter", "other_channels", "total")
_JOB_COUNT_MAPS = ("via_jobcenter", "other_channels_by_kind", "by_enterprise")
_PROGRESSION_COUNTS = ("running", "up", "same", "down")
_PROGRESSION_MEANS = ("mean_start_hours", "mean_hours", "mean_change")


def _suppress_counts(node: MutableMapping[str, Any], path: Path, below: int,
                     marker: str) -> None:
    # Every small count in ``node``, however deep (``path`` names where it is).
    for key, value in node.items():
        if isinstance(value, MutableMapping):
            _suppress_counts(value, (*path, key), below, marker)
        elif is_small(value, below):
            node[key] = marker


def _suppress_jobs(jobs: MutableMapping[str, Any], below: int, marker: str) -> None:
    for key in _JOB_COUNTS:
        if is_small(jobs.get(key), below):
            jobs[key] = marker
    for key in _JOB_COUNT_MAPS:
        counts = jobs.get(key)
        if isinstance(counts, MutableMapping):
            _suppress_counts(counts, (key,), below, marker)
    for row in jobs.get("enterprises") or ():
        for key in ("via_jobcenter", "other_channels", "total"):
            if is_small(row.get(key), below):
                row[key] = marker
    if jobs.get("total_via_jobcenter") == marker:
        jobs["missing"] = marker
        pace = jobs.get("pace")
        if isinstance(pace, MutableMapping):
            pace["on_track"] = marker
            pace["needed_per_month"] = marker
    progression = jobs.get("flexjob_progression")
    if isinstance(progression, MutableMapping):
        for key in _PROGRESSION_COUNTS:
            if is_small(progression.get(key), below):
                progression[key] = marker
        if progression.get("running") == marker:
            for key in _PROGRESSION_MEANS:
                progression[key] = marker
        progression["paths"] = []  # each path is one person
    reviews = jobs.get("flexjob_reviews")
    if isinstance(reviews, MutableMapping):
        counts = {k: v for k, v in reviews.items() if k not in ("year", "compliance")}
        _suppress_counts(counts, ("flexjob_reviews",), below, marker)
        reviews.update(counts)
        if any(reviews.get(s) == marker for s in ("met", "late", "overdue", "missed")):
            reviews["compliance"] = marker


def _suppress_computed(discrepancy: MutableMapping[str, Any], below: int, marker: str) -> None:
    # What the register gives is hidden where it is a small count; the
    # published figure was public already.
    if is_small(discrepancy.get("computed"), below):
        discrepancy["computed"] = marker
    details = discrepancy.get("details")
    if isinstance(details, MutableMapping):
        for key in ("sum", "numerator", "denominator"):
            if is_small(details.get(key), below):
                details[key] = marker


def _suppress_annual(report: MutableMapping[str, Any], below: int, marker: str) -> None:
    # Each document as on its own; the comparison hides what the evaluation
    # it was made from hides (the year-end one, else the summer one).
    current = report.get("year_end") or report.get("summer")
    for key in ("jobs", "summer", "year_end", "trend"):
        if isinstance(report.get(key), Mapping):
            report[key] = suppress(report[key], below=below)
    if isinstance(report.get("comparison"), Mapping):
        report["comparison"] = suppress(
            report["comparison"], below=below,
            evaluations=[current] if isinstance(current, Mapping) else None)
    for discrepancy in report.get("reconciliation") or ():
        _suppress_computed(discrepancy, below, marker)
