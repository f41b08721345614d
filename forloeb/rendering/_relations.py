"""
What a reader can work out from a published document: which figures are
counts, which add up to which, and which are worked out from which counts.

Small-cell suppression (:mod:`forloeb.rendering.suppression`) protects these
relations and the audit (:mod:`forloeb.rendering.disclosure`) tries them
(with :mod:`forloeb.rendering._inference`), so both read the same
description of the documents:

- a :class:`Sum` is a total and the parts a reader can add up to it (the
  outcomes add up to the completed pathways);
- a :class:`Derived` figure is worked out from counts: a share, a mean, a
  rate per participant, a day total (the progression share is progression
  over completed);
- a :class:`Listed` table lists the records a count counts (the
  collaboration notes beside their number).

A unit is one agreement of an evaluation document, or one row of a
comparison or a trend. Paths name a figure inside a unit:
``("q7_overview", "outcomes", "fleksjob")``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from forloeb.codes import DEFAULT_POSITIVE_OUTCOMES, STOPPED
from forloeb.sla import COUNTED, Status

Path = tuple[str, ...]

#: A count hidden by complementary suppression: not small, but hidden so that
#: a small count beside it cannot be worked out.
COMPLEMENTARY = "x"

#: The statuses a compliance rate counts (met / the sum of these).
_COUNTED = tuple(s.value for s in Status if s in COUNTED)

#: The figures of question 2 that are not its plan findings by status.
_NOT_STATUSES = frozenset({"participants", "compliance", "exempt_reasons"})


def _paths(items: Any) -> tuple[Path, ...]:
    return tuple(items)


@attrs.frozen
class Sum:
    """
    ``total`` = the sum of ``parts``: a reader who sees all but one of them
    can work out the last.

    ``exact``: the relation holds by definition; otherwise it holds in most
    registers (a one-day pathway breaks it), so a reader will try it anyway.
    """

    total: Path
    parts: tuple[Path, ...] = attrs.field(converter=_paths)
    exact: bool = True

    @property
    def members(self) -> tuple[Path, ...]:
        """
        The total, then the parts.
        """
        return (self.total, *self.parts)


@attrs.frozen
class Derived:
    """
    A figure worked out from counts: ``scale`` x sum of ``numerator`` / sum of
    ``denominator`` for a share or a rate, or a figure of the counts in ``of``
    that the document does not give the makings of (a mean score change, a
    mean rating, a total of days).
    """

    figure: Path
    numerator: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    denominator: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    scale: Path | None = None
    of: tuple[Path, ...] = attrs.field(default=(), converter=_paths)

    @property
    def sources(self) -> tuple[Path, ...]:
        """
        Every figure this one is worked out from.
        """
        scale = (self.scale,) if self.scale is not None else ()
        return (*self.numerator, *self.denominator, *scale, *self.of)

    @property
    def is_ratio(self) -> bool:
        """
        Whether the figure is a ratio of figures the document shows (so a
        reader can solve it for one of them).
        """
        return bool(self.denominator) and not self.of


@attrs.frozen
class Listed:
    """
    Records listed beside the count of them (the collaboration notes).
    """

    items: Path
    count: Path


@attrs.frozen
class Relations:
    """
    Everything a reader can work out in one unit.
    """

    terms: frozenset[Path]
    sums: tuple[Sum, ...] = ()
    derived: tuple[Derived, ...] = ()
    listed: tuple[Listed, ...] = ()

    def counts(self, unit: Mapping[str, Any]) -> dict[Path, int]:
        """
        The counts of people or events in ``unit``, by path: whole numbers
        that are neither the agreement's terms nor worked out from counts.
        """
        derived = {d.figure for d in self.derived}
        return {path: value for path, value in figures(unit).items()
                if _is_count(value) and path not in self.terms and path not in derived}


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_evaluation_unit(unit: Mapping[str, Any]) -> bool:
    """
    Whether ``unit`` is an agreement of an evaluation (it has question sections),
    not a row of a comparison or trend.
    """
    return any(key[:1] == "q" and key[1:2].isdigit() for key in unit)


def figures(unit: Mapping[str, Any]) -> dict[Path, Any]:
    """
    Every figure of ``unit`` by path: the leaves of an agreement's question
    sections and summary, or the fields of a row (lists and records left out).
    """
    if not is_evaluation_unit(unit):
        return {(key,): value for key, value in unit.items()
                if not isinstance(value, list | Mapping)}
    found: dict[Path, Any] = {}
    for key, section in unit.items():
        if isinstance(section, Mapping) and (key == "summary" or key[:1] == "q"):
            found.update(_leaves(section, (key,)))
    return found


def _leaves(node: Mapping[str, Any], path: Path) -> Iterator[tuple[Path, Any]]:
    for key, value in node.items():
        if isinstance(value, Mapping):
            yield from _leaves(value, (*path, key))
        elif not isinstance(value, list):
            yield (*path, key), value


def get(unit: Mapping[str, Any], path: Path) -> Any:
    """
    The value at ``path`` in ``unit``, or ``None``.
    """
    node: Any = unit
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def has(unit: Mapping[str, Any], path: Path) -> bool:
    """
    Whether ``unit`` holds a figure at ``path``.
    """
    node: Any = unit
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return False
        node = node[key]
    return True


def put(unit: Any, path: Path, value: Any) -> None:
    """
    Set the figure at ``path`` of ``unit`` (a mutable document) to ``value``.
    """
    node = unit
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


# -- an agreement of an evaluation ---------------------------------------------------

Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8 = ("q1_in_use", "q2_plan", "q3_ownership", "q4_followup",
                                  "q5_caseworker", "q6_effects", "q7_overview",
                                  "q8_collaboration")

#: An agreement's own terms: shown as they are, never counted.
AGREEMENT_TERMS: frozenset[Path] = frozenset(
    {(Q1, "slots"), (Q1, "extra_slots"), (Q1, "slot_days")})


def _compliance(figure: Path, breakdown: Path, unit: Mapping[str, Any]) -> Derived:
    # met / (met + late + overdue ...): the statuses compliance counts.
    counted = tuple((*breakdown, s) for s in _COUNTED if has(unit, (*breakdown, s)))
    return Derived(figure, numerator=((*breakdown, "met"),), denominator=counted)


def agreement_relations(unit: Mapping[str, Any]) -> Relations:
    """
    The relations of one agreement of an evaluation document.

    Sums that hold by definition: the plan findings by status add up to the
    participants (whatever statuses the breakdown holds), the exempt ones by
    reason to the exempt; the outcomes to the completed pathways, the
    agreement's positive outcomes to the progressions and the others to
    completed minus progression; ``stopped`` is the count of its outcome;
    the same figure shown in two questions (continuing and active, the
    participants of question 4 and the pathways active in the period, the
    meeting requests of questions 4 and 5) is one figure.

    Sums that hold in most registers: active in the period = active + ended
    in the period; plans = plans met + late; meeting requests = followed +
    open; participants with an effect = the sum over the effect domains.
    """
    q7_outcomes = get(unit, (Q7, "outcomes")) or {}
    positive = set(unit.get("positive_outcomes") or DEFAULT_POSITIVE_OUTCOMES)
    outcomes = [(Q7, "outcomes", code) for code in q7_outcomes]
    gains = [p for p in outcomes if p[-1] in positive]
    others = [p for p in outcomes if p[-1] not in positive]
    # Whatever statuses the breakdown holds (a new one is covered without a change here).
    statuses = [(Q2, s) for s, n in (get(unit, (Q2,)) or {}).items()
                if s not in _NOT_STATUSES and _is_count(n)]
    reasons = [(Q2, "exempt_reasons", r) for r in get(unit, (Q2, "exempt_reasons")) or {}]
    domains = [(Q6, "by_domain", d) for d in get(unit, (Q6, "by_domain")) or {}]
    sums = [
        Sum((Q2, "participants"), statuses),
        Sum((Q2, "exempt"), reasons),
        Sum((Q7, "completed"), outcomes),
        Sum((Q7, "progression"), gains),
        Sum((Q7, "completed"), [(Q7, "progression"), *others]),
        Sum((Q7, "stopped"), [p for p in outcomes if p[-1] == STOPPED]),
        Sum((Q7, "continuing"), [(Q1, "active")]),
        Sum((Q4, "participants"), [(Q1, "active_in_period")]),
        Sum((Q4, "meeting_requests"), [(Q5, "meetings_requested")]),
        Sum((Q1, "active_in_period"), [(Q1, "active"), (Q1, "ended_in_period")], exact=False),
        Sum((Q3, "plans"), [(Q2, "met"), (Q2, "late")], exact=False),
        Sum((Q5, "meetings_requested"),
            [(Q5, "requests_followed_by_meeting"), (Q5, "requests_open")], exact=False),
        Sum((Q6, "participants_with_effect"), domains, exact=False),
    ]
    counted = get(unit, (Q6, "score_change_participants")) or get(unit, (Q6, "by_domain")) \
        or {}
    source = "score_change_participants" if get(unit, (Q6, "score_change_participants")) \
        else "by_domain"
    progression = Derived((Q7, "progression_share"), [(Q7, "progression")], [(Q7, "completed")])
    stopped = Derived((Q7, "stopped_share"), [(Q7, "stopped")], [(Q7, "completed")])
    occupancy = Derived((Q1, "occupancy"), [(Q1, "pathway_days")], [(Q1, "slot_days")])
    plan = _compliance((Q2, "compliance"), (Q2,), unit)
    attendance = _compliance((Q4, "attendance_compliance"), (Q4, "attendance_report"), unit)
    followup = _compliance((Q4, "followup_compliance"), (Q4, "followup"), unit)
    derived = [
        Derived((Q1, "utilisation"), [(Q1, "active")], [(Q1, "slots")]),
        Derived((Q1, "pathway_days"), of=[(Q1, "active_in_period")]),
        occupancy, plan, attendance, followup, progression, stopped,
        *(Derived((Q3, f"{name}_share"), [(Q3, name)], [(Q3, "plans")])
          for name in ("co_created", "own_goals", "revised")),
        Derived((Q4, "meetings_per_participant"), [(Q4, "meetings_held")],
                [(Q4, "participants")]),
        Derived((Q5, "requests_followed_share"), [(Q5, "requests_followed_by_meeting")],
                [(Q5, "meetings_requested")]),
        *(Derived((Q6, "score_change", d), of=[(Q6, source, d)])
          for d in get(unit, (Q6, "score_change")) or {} if d in counted),
        Derived((Q8, "mean_rating"), of=[(Q8, "notes")]),
        # The summary repeats figures of the questions.
        *(attrs.evolve(d, figure=("summary", name)) for name, d in (
            ("progression_share", progression), ("stopped_share", stopped),
            ("plan_compliance", plan), ("attendance_compliance", attendance),
            ("followup_compliance", followup), ("occupancy", occupancy))),
    ]
    return Relations(
        terms=AGREEMENT_TERMS,
        sums=tuple(s for s in sums if all(has(unit, p) for p in s.members)),
        derived=tuple(d for d in derived
                      if has(unit, d.figure) and all(has(unit, p) for p in d.sources)),
        listed=tuple(x for x in [Listed((Q8, "items"), (Q8, "notes"))]
                     if has(unit, x.items) and has(unit, x.count)),
    )


# -- a row of a comparison or a trend ------------------------------------------------

#: A row's own terms (and its year).
ROW_TERMS: frozenset[Path] = frozenset(
    {("slots",), ("extra_slots",), ("price_per_pathway",), ("year",)})

#: Where each figure of a comparison or trend row is in the evaluation it comes from.
ROW_SOURCES: Mapping[str, Path] = {
    "active": (Q1, "active"),
    "completed": (Q7, "completed"),
    "progression": (Q7, "progression"),
    "stopped": (Q7, "stopped"),
    "progression_share": (Q7, "progression_share"),
    "stopped_share": (Q7, "stopped_share"),
    "occupancy": (Q1, "occupancy"),
    "plan_compliance": (Q2, "compliance"),
    "attendance_compliance": (Q4, "attendance_compliance"),
}

#: Figures of a row worked out from counts the row does not hold.
FROM_ELSEWHERE: tuple[str, ...] = ("occupancy", "plan_compliance", "attendance_compliance")


def row_relations(row: Mapping[str, Any]) -> Relations:
    """
    The relations of one row of a comparison or trend: its shares of the
    completed pathways, and the price per progression (price per pathway x
    completed / progression).
    """
    derived = [
        Derived(("progression_share",), [("progression",)], [("completed",)]),
        Derived(("stopped_share",), [("stopped",)], [("completed",)]),
        Derived(("price_per_progression",), [("completed",)], [("progression",)],
                scale=("price_per_pathway",)),
    ]
    return Relations(
        terms=ROW_TERMS,
        derived=tuple(d for d in derived
                      if has(row, d.figure) and all(has(row, p) for p in d.sources)),
    )


def relations(unit: Mapping[str, Any]) -> Relations:
    """
    The relations of ``unit``: an agreement of an evaluation, or a row.
    """
    return agreement_relations(unit) if is_evaluation_unit(unit) else row_relations(unit)
