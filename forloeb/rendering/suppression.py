"""
Small-cell suppression: published output never singles out a person.

:func:`suppress` is a pure transformation of a document (an evaluation, a
comparison or a trend, as ``to_dict()``/``compare``/``trend`` give them) that
every format renders from. With ``below=N``:

- every count of people or events from 1 to N-1 becomes the string ``"<N"``
  (0 and counts of N or more stay as they are);
- every share, mean or day total worked out from such a count becomes
  ``"<N"`` too, so it cannot be used to recover the count;
- the agreement's own terms (``slots``, ``extra_slots``, ``slot_days``,
  ``price_per_pathway``), dates, names and the texts of collaboration notes
  are left alone;
- the document gains ``"suppressed_below": N``, which renderers use to print
  a note saying what was done.

>>> doc = {"as_of": "2018-06-30", "agreements": [{"agreement_id": "SA1",
...     "q7_overview": {"completed": 25, "progression": 10, "stopped": 4,
...                     "progression_share": 0.4, "stopped_share": 0.16}}]}
>>> q7 = suppress(doc, below=5)["agreements"][0]["q7_overview"]
>>> q7["completed"], q7["progression"], q7["progression_share"], q7["stopped"], q7["stopped_share"]
(25, 10, 0.4, '<5', '<5')

A jobs document (``JobFigures.to_dict()``) is treated the same way: counts of
hires, of flexjobs and of reviews are counts of people; the figures worked out
from them (what is missing to the goal, the pace, the mean hours, the review
compliance) follow them; each person's path in a flexjob is one person, so the
paths are left out. The goal, the year and the dates stay. An annual report
(``AnnualReport.to_dict()``) has each of its documents suppressed, and the
computed side of its reconciliation too.

What it does not do: it does not hide a count that could be worked out by
subtracting the shown counts from a shown total (secondary suppression).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, MutableMapping
from typing import Any

from forloeb.errors import InvalidArgument

Path = tuple[str, ...]

#: Figures of an agreement's questions that are not counts of people or events.
_NOT_COUNTS: frozenset[Path] = frozenset(
    {("q1_in_use", "slots"), ("q1_in_use", "extra_slots"), ("q1_in_use", "slot_days"),
     ("q1_in_use", "pathway_days")}
)

#: Parts of a question that hold records, not figures.
_RECORDS = frozenset({"items"})


def _statuses(section: str, kind: str) -> list[Path]:
    return [(section, kind, status) for status in ("met", "late", "overdue")]


def _share_of_plans(name: str) -> tuple[Path, list[Path]]:
    return ("q3_ownership", f"{name}_share"), [("q3_ownership", name), ("q3_ownership", "plans")]


#: Figures worked out from counts: the figure and the counts it comes from.
_DERIVED: tuple[tuple[Path, list[Path]], ...] = (
    (("q1_in_use", "utilisation"), [("q1_in_use", "active")]),
    (("q1_in_use", "pathway_days"), [("q1_in_use", "active_in_period")]),
    (("q1_in_use", "occupancy"), [("q1_in_use", "active_in_period")]),
    (("q2_plan", "compliance"), [("q2_plan", s) for s in ("met", "late", "overdue")]),
    *(_share_of_plans(name) for name in ("co_created", "own_goals", "revised")),
    (("q4_followup", "meetings_per_participant"),
     [("q4_followup", "meetings_held"), ("q4_followup", "participants")]),
    (("q4_followup", "followup_compliance"), _statuses("q4_followup", "followup")),
    (("q4_followup", "attendance_compliance"), _statuses("q4_followup", "attendance_report")),
    (("q5_caseworker", "requests_followed_share"),
     [("q5_caseworker", "requests_followed_by_meeting"),
      ("q5_caseworker", "meetings_requested")]),
    (("q7_overview", "progression_share"),
     [("q7_overview", "progression"), ("q7_overview", "completed")]),
    (("q7_overview", "stopped_share"),
     [("q7_overview", "stopped"), ("q7_overview", "completed")]),
    (("q8_collaboration", "mean_rating"), [("q8_collaboration", "notes")]),
    (("summary", "progression_share"),
     [("q7_overview", "progression"), ("q7_overview", "completed")]),
    (("summary", "stopped_share"), [("q7_overview", "stopped"), ("q7_overview", "completed")]),
    (("summary", "plan_compliance"), [("q2_plan", s) for s in ("met", "late", "overdue")]),
    (("summary", "attendance_compliance"), _statuses("q4_followup", "attendance_report")),
    (("summary", "followup_compliance"), _statuses("q4_followup", "followup")),
    (("summary", "occupancy"), [("q1_in_use", "active_in_period")]),
)

#: The counts of a comparison or trend row, and what is worked out from them.
_ROW_COUNTS = ("active", "completed", "progression", "stopped")
_ROW_DERIVED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("progression_share", ("progression", "completed")),
    ("stopped_share", ("stopped", "completed")),
    ("price_per_progression", ("progression", "completed")),
)


def suppress(document: Mapping[str, Any], *, below: int) -> dict[str, Any]:
    """
    A copy of ``document`` in which counts from 1 to ``below - 1`` and the
    figures worked out from them are the string ``"<below"``.

    Raises:
        InvalidArgument: if ``below`` is not a whole number of at least 1.
    """
    if not isinstance(below, int) or isinstance(below, bool) or below < 1:
        raise InvalidArgument(f"suppress below must be a whole number of at least 1, "
                              f"not {below!r}")
    result: dict[str, Any] = copy.deepcopy(dict(document))
    marker = f"<{below}"
    if "via_jobcenter" in result:
        _suppress_jobs(result, below, marker)
        result["suppressed_below"] = below
        return result
    if "summer" in result and "jobs" in result:
        for key in ("jobs", "summer", "year_end", "comparison", "trend"):
            if isinstance(result.get(key), Mapping):
                result[key] = suppress(result[key], below=below)
        for discrepancy in result.get("reconciliation") or ():
            _suppress_computed(discrepancy, below, marker)
        result["suppressed_below"] = below
        return result
    if "years" in result:
        for year in result["years"]:
            for row in year.get("agreements", []):
                _suppress_row(row, below, marker)
    for agreement in result.get("agreements", []):
        if any(key.startswith("q") and key[1:2].isdigit() for key in agreement):
            _suppress_agreement(agreement, below, marker)
        else:
            _suppress_row(agreement, below, marker)
    result["suppressed_below"] = below
    return result


def is_small(value: object, below: int) -> bool:
    """
    Whether ``value`` is a count that must not be shown: 1 to ``below - 1``.

    >>> [is_small(n, 5) for n in (0, 1, 4, 5)], is_small(0.5, 5), is_small(True, 5)
    ([False, True, True, False], False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < below


def _suppress_counts(node: MutableMapping[str, Any], path: Path, below: int,
                     marker: str) -> None:
    for key, value in node.items():
        here = (*path, key)
        if isinstance(value, MutableMapping):
            _suppress_counts(value, here, below, marker)
        elif here not in _NOT_COUNTS and is_small(value, below):
            node[key] = marker


def _get(agreement: Mapping[str, Any], path: Path) -> Any:
    node: Any = agreement
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _put(agreement: MutableMapping[str, Any], path: Path, value: Any) -> None:
    node: Any = agreement
    for key in path[:-1]:
        node = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(node, MutableMapping) and path[-1] in node:
        node[path[-1]] = value


def _suppress_agreement(agreement: MutableMapping[str, Any], below: int, marker: str) -> None:
    for key, section in agreement.items():
        if key.startswith("q") and isinstance(section, MutableMapping):
            counts = {k: v for k, v in section.items() if k not in _RECORDS}
            _suppress_counts(counts, (key,), below, marker)
            section.update(counts)
    for target, sources in _DERIVED:
        if any(_get(agreement, s) == marker for s in sources):
            _put(agreement, target, marker)
    effects = agreement.get("q6_effects")
    if isinstance(effects, MutableMapping):
        # A domain's mean score change comes from the participants scored in it.
        counted = effects.get("score_change_participants") or effects.get("by_domain") or {}
        changes = effects.get("score_change") or {}
        for domain in changes:
            if counted.get(domain) == marker:
                changes[domain] = marker


def _suppress_row(row: MutableMapping[str, Any], below: int, marker: str) -> None:
    for key in _ROW_COUNTS:
        if is_small(row.get(key), below):
            row[key] = marker
    for target, sources in _ROW_DERIVED:
        if target in row and any(row.get(s) == marker for s in sources):
            row[target] = marker


#: The counts of people in a jobs document, and the groups of counts.
_JOB_COUNTS = ("total_via_jobcenter", "other_channels", "total")
_JOB_COUNT_MAPS = ("via_jobcenter", "other_channels_by_kind", "by_enterprise")
_PROGRESSION_COUNTS = ("running", "up", "same", "down")
_PROGRESSION_MEANS = ("mean_start_hours", "mean_hours", "mean_change")


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
