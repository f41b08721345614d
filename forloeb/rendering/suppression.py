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

A jobs document (``JobFigures.to_dict()``) is treated the same way, as one
table: counts of hires, of flexjobs and of reviews are counts of people; the
totals protected are the hires by kind (through the jobcenter, through other
channels), the two channels to every hire, each enterprise's hires by channel
to its total and the enterprises to every hire, the flexjobs that went up,
stayed and went down to those running, the reviews by status to those due,
and what is missing and the hires through the jobcenter to the goal; what is
worked out from them (what is missing, whether the goal is met, the pace, the
mean hours, the review compliance) follows them. Each person's path in a
flexjob is one person, so the paths are left out. The goal, the year, the
months of the pace and the dates stay. An annual report
(``AnnualReport.to_dict()``) has each of its documents suppressed: its
comparison hides what its evaluation hides, the year of its summer
evaluation in the trend what that evaluation hides (every year, given
``evaluations``), and its reconciliation what the register gives where the
report hides the same figure.
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
    PROGRESSION,
    ROW_SOURCES,
    Path,
    Relations,
    Sum,
    figures,
    get,
    is_evaluation_unit,
    is_jobs_document,
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
            from; for a trend, or the trend of an annual report, one per
            year, in the trend's order (without them, an annual report's
            trend hides in the year of its summer evaluation what that
            evaluation hides).

    Raises:
        InvalidArgument: if ``below`` is not a whole number of at least 1, or
            ``evaluations`` do not match the document.
    """
    if not isinstance(below, int) or isinstance(below, bool) or below < 1:
        raise InvalidArgument(f"suppress below must be a whole number of at least 1, "
                              f"not {below!r}")
    result: dict[str, Any] = copy.deepcopy(dict(document))
    if is_jobs_document(result):  # the jobs of a year
        _suppress_jobs(result, below)
        result["suppressed_below"] = below
        return result
    if "summer" in result and "jobs" in result:  # an annual report
        _suppress_annual(result, below, evaluations)
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
                _suppress_unit(unit, below)
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


def _suppress_unit(unit: MutableMapping[str, Any], below: int) -> None:
    # An agreement of an evaluation, or a jobs document: every count of it
    # and the relations between them.
    marker = f"<{below}"
    found = relations(unit)
    counts = found.counts(unit)
    known = _numbers(unit)
    hidden = {path: marker for path, value in counts.items() if is_small(value, below)}
    holding = [r for r in found.sums
               if r.total in known and all(p in known for p in r.parts)
               and known[r.total] == sum(known[p] for p in r.parts)]
    for relation in holding:
        if relation.total in hidden:
            # Its parts are all small: which of them are 0 would tell too much.
            hidden.update({p: marker for p in relation.parts if counts.get(p) == 0})
    _complement(found, holding, counts, known, hidden, below)
    _hide_derived(found, hidden, marker)
    for path, mark in hidden.items():
        put(unit, path, mark)
    for listing in found.listed:
        if listing.count in hidden:
            put(unit, listing.items, [])


def _numbers(unit: Doc) -> dict[Path, int | float]:
    # The figures of ``unit`` that are numbers (the terms among them).
    return {path: value for path, value in figures(unit).items()
            if isinstance(value, int | float) and not isinstance(value, bool)}


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
    _hide_derived(found, hidden, marker)
    for path, mark in hidden.items():
        put(row, path, mark)


def _hide_derived(found: Relations, hidden: dict[Path, str], marker: str) -> None:
    # A figure worked out from a hidden one is hidden; a day total hides the
    # occupancy worked out from it, so repeat until nothing changes.
    changed = True
    while changed:
        changed = False
        for derived in found.derived:
            if derived.figure not in hidden and any(s in hidden for s in derived.sources):
                hidden[derived.figure] = marker
                changed = True


def _complement(found: Relations, sums: Sequence[Sum], counts: Mapping[Path, int],
                known: Mapping[Path, int | float], hidden: dict[Path, str], below: int) -> None:
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

    def pinned_by(hiding: Mapping[Path, str]) -> list[Path]:
        # The figures worked out from hidden counts are hidden with them.
        with_derived = dict(hiding)
        _hide_derived(found, with_derived, marker)
        return _pinned(sums, counts, known, with_derived, below)

    while True:
        pinned = pinned_by(hidden)
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
            left = len(pinned_by({**hidden, path: mark(path)}))
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


def _pinned(sums: Sequence[Sum], counts: Mapping[Path, int], known: Mapping[Path, int | float],
            hidden: Mapping[Path, str], below: int) -> list[Path]:
    """
    The hidden counts a reader can pin down from ``sums`` and the marks.

    A reader knows a ``<N`` count lies below N and an ``x`` count is at least
    N (a hidden figure that is not a count, only that it is at least 0);
    each relation, and each combination of them, narrows what the others
    leave.
    """
    shown: dict[Path, Any] = {**known, **hidden}
    equations = [e for e in (sum_equation(r, shown) for r in sums) if e is not None]
    unknowns = {p for coefficients, _ in equations for p in coefficients}
    marks = {p: mark_bounds(hidden[p], below, count=p in counts) for p in unknowns}
    # The relations one by one, and as a reader combines them (a total minus a subtotal).
    narrowed = narrow([*equations, *reduced(equations)], marks)
    # A hidden 0 worked out singles no one out.
    return [p for p in unknowns if counts.get(p) and narrowed[p][0] == narrowed[p][1]]


__all__ = ["COMPLEMENTARY", "is_hidden", "is_small", "suppress"]


def _suppress_jobs(jobs: MutableMapping[str, Any], below: int) -> None:
    # One unit: its counts, the relations between them, the figures worked out from them.
    _suppress_unit(jobs, below)
    progression = jobs.get(PROGRESSION)
    if isinstance(progression, MutableMapping):
        progression["paths"] = []  # each path is one person


def _suppress_annual(report: MutableMapping[str, Any], below: int,
                     evaluations: Sequence[Doc] | None) -> None:
    # Each document as on its own; the comparison and the trend hide what
    # the evaluations they were made from hide, and the reconciliation what
    # the documents beside it hide.
    summer = report.get("summer")
    current = report.get("year_end") or summer
    trend = report.get("trend")
    years = trend.get("years", []) if isinstance(trend, Mapping) else []
    if evaluations is not None and len(evaluations) != len(years):
        raise InvalidArgument(f"suppress needs one evaluation per year of the annual "
                              f"report's trend ({len(years)}), not {len(evaluations)}")
    if isinstance(trend, MutableMapping):
        trend["years"] = [
            _suppress_year(block, below, evaluations[n] if evaluations is not None
                           else summer if _same_day(block, summer) else None)
            for n, block in enumerate(years)]
    if isinstance(report.get("comparison"), Mapping):
        report["comparison"] = suppress(
            report["comparison"], below=below,
            evaluations=[current] if isinstance(current, Mapping) else None)
    for key in ("jobs", "summer", "year_end"):
        if isinstance(report.get(key), Mapping):
            report[key] = suppress(report[key], below=below)
    for discrepancy in report.get("reconciliation") or ():
        _suppress_computed(discrepancy, below, _shown_as(report, discrepancy))


def _same_day(block: Doc, evaluation: object) -> bool:
    return isinstance(evaluation, Mapping) and block.get("as_of") == evaluation.get("as_of")


def _suppress_year(block: Doc, below: int, evaluation: Doc | None) -> Any:
    # One year of a trend, as the trend is suppressed.
    document = suppress({"years": [block]}, below=below,
                        evaluations=None if evaluation is None else [evaluation])
    return document["years"][0]


def _shown_as(report: Doc, discrepancy: Doc) -> object:
    # The figure a discrepancy is about, as the suppressed report shows it
    # (the summer evaluation's, or the jobs'), or None.
    path = tuple(str(discrepancy.get("path") or "").split("."))
    if path[0] == "jobs":
        return get(report.get("jobs") or {}, path[1:])
    summer = report.get("summer")
    agreement = _by_agreement(summer).get(str(discrepancy.get("agreement_id"))) \
        if isinstance(summer, Mapping) else None
    return None if agreement is None else get(agreement, path)


def _suppress_computed(discrepancy: MutableMapping[str, Any], below: int,
                       shown: object) -> None:
    # What the register gives, hidden as the suppressed report hides the same
    # figure: with the report's own mark, "x" where the report leaves the
    # figure out (a person's flexjob path), "<N" for a small count. The
    # published figure was public already, and so is what the published
    # figures add up to (a sum or share mismatch).
    computed = discrepancy.get("computed")
    if discrepancy.get("kind") != "differs" or not isinstance(computed, int | float):
        return  # a bool (whether the goal is met) is hidden where the report hides it
    if is_hidden(shown):
        mark = str(shown)
    elif shown is None:
        mark = COMPLEMENTARY
    elif is_small(computed, below):
        mark = f"<{below}"
    else:
        return
    discrepancy["computed"] = mark
    message = str(discrepancy.get("message") or "")
    head, gives, _ = message.rpartition(" gives ")
    if gives:
        discrepancy["message"] = f"{head} gives {mark}."
