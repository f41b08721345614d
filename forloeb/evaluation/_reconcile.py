"""
Reconciliation: compare a published summary with the computed evaluation.

Both sides are documents in the shape of ``Evaluation.to_dict()``; the
published one may hold any part of it. Besides plain differences, the
published figures are checked against themselves: a total that is not the sum
of its own categories, and a share that is not its own numerator over its own
denominator (the 2018 report's "completed 34" beside outcome counts summing to
36, and its "64 %" for 22 progressions).

A published summary may also hold the jobs of a year (``"jobs"``, in the shape
of ``JobFigures.to_dict()``): its figures are compared with the register's, its
total with the sum of its kinds, and every published effective hours with the
hours a week and intensity published beside them (the report's "4.5 hours a
week at 80 % intensity, i.e. 3.5 effective hours", which is 3.6). Without jobs
in the computed document, the published jobs are only checked against
themselves.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from forloeb._arguments import refuse
from forloeb.codes import STOPPED
from forloeb.errors import InvalidArgument
from forloeb.evaluation._answers import STATUSES
from forloeb.evaluation._shares import percent_of, rounded_half_up
from forloeb.privacy import HIDDEN, hide_in_document, redact
from forloeb.typing import DiscrepancyDict, JSONValue


def _read_only(details: Mapping[str, JSONValue]) -> Mapping[str, JSONValue]:
    return MappingProxyType(dict(details))


class DiscrepancyKind(enum.StrEnum):
    """
    What kind of difference a :class:`Discrepancy` is.
    """

    #: A published figure is not the computed one.
    DIFFERS = "differs"
    #: A published total is not the sum of its own published categories.
    SUM_MISMATCH = "sum_mismatch"
    #: A published share is not its own published numerator over its denominator.
    SHARE_MISMATCH = "share_mismatch"
    #: A published agreement is not in the computed evaluation.
    MISSING_AGREEMENT = "missing_agreement"
    #: Published effective hours are not the published hours × intensity / 100.
    HOURS_MISMATCH = "hours_mismatch"


@attrs.frozen
class Discrepancy:
    """
    One difference found by reconciliation (da: *afvigelse*).

    ``path`` names the figure with dots (``q7_overview.completed``, or
    ``jobs.via_jobcenter.fleksjob``); ``agreement_id`` is ``None`` for the
    document's own dates and for the jobs. ``details``
    holds the numbers the message is built from (``total``, ``sum``,
    ``numerator``, ``denominator``, their sources and percents), so the
    message can be rewritten in another language.
    """

    agreement_id: str | None
    path: str
    published: JSONValue
    computed: JSONValue
    kind: DiscrepancyKind
    message: str
    details: Mapping[str, JSONValue] = attrs.field(factory=dict, converter=_read_only)

    def to_dict(self) -> DiscrepancyDict:
        """
        The JSON form: the fields above, ``kind`` as its string.
        """
        return {
            "agreement_id": self.agreement_id,
            "path": self.path,
            "published": self.published,
            "computed": self.computed,
            "kind": str(self.kind),
            "message": self.message,
            "details": dict(self.details),
        }


#: Figures compared as whole percent: a name ending in one of these.
_SHARE_SUFFIXES = ("_share", "compliance", "occupancy", "utilisation")

#: Category maps that list every category: a code missing from one counts as 0.
_COMPLETE_MAPS = frozenset({"outcomes"})

#: Parts of an agreement that are not figures.
_NOT_FIGURES = frozenset({"agreement_id", "name", "provider", "positive_outcomes", "items"})

#: (section, share, numerator, denominator) of the shares checked against their own parts.
_SHARE_PARTS = (
    ("q1_in_use", "utilisation", "active", "slots"),
    ("q1_in_use", "occupancy", "pathway_days", "slot_days"),
    ("q3_ownership", "co_created_share", "co_created", "plans"),
    ("q3_ownership", "own_goals_share", "own_goals", "plans"),
    ("q3_ownership", "revised_share", "revised", "plans"),
    ("q5_caseworker", "requests_followed_share", "requests_followed_by_meeting",
     "meetings_requested"),
)

#: Statuses a published plan breakdown may leave out: summaries from before
#: ``missed`` existed counted those findings as overdue, so their six
#: statuses still add up to the participants.
_OPTIONAL_STATUSES = frozenset({"missed"})


def reconcile(published: Mapping[str, Any], computed: Mapping[str, Any]) -> list[Discrepancy]:
    """
    Every discrepancy between a published summary and the computed evaluation.

    Counts must be equal; shares are compared as whole percent rounded half
    up; other decimals (a mean rating) at the precision they were published
    with. Text and lists are not compared, except where the evaluation has a
    number: there anything but a number (or a suppressed cell, ``<5`` or
    ``x``) is a discrepancy. A category map that is published
    is compared key by key for the keys it has, except ``outcomes``, which
    lists every outcome, so a missing code counts as 0.

    No key or value of the published document that looks like a CPR number
    reaches a discrepancy or an error: each is read as
    :data:`~forloeb.privacy.HIDDEN` (:func:`~forloeb.privacy.hide_in_document`),
    so a published agreement whose id looks like one is a missing agreement
    that says so.

    Raises:
        InvalidArgument: if either document is not in the evaluation's shape,
            or a published figure is not a finite number (``NaN``,
            ``Infinity``) or is larger than :data:`LARGEST_FIGURE`.
    """
    _check_shape("published", published, "the published figures")
    published = hide_in_document(published)
    _check_figures(published, "the published figures")
    _check_shape("computed", computed, "the computed evaluation")
    found: list[Discrepancy] = []
    for key in ("as_of", "since"):
        if key in published and key in computed and published[key] != computed[key]:
            found.append(Discrepancy(
                None, key, published[key], computed[key], DiscrepancyKind.DIFFERS,
                f"The published figures are {key} {published[key]}, but the evaluation is "
                f"{key} {computed[key]}.",
            ))
    computed_by_id = {a["agreement_id"]: a for a in computed.get("agreements", ())}
    for pub in published.get("agreements", ()):
        agreement_id = pub["agreement_id"]
        comp = computed_by_id.get(agreement_id)
        if comp is None:
            named = ("An agreement whose id looks like a CPR number (not shown)"
                     if agreement_id == HIDDEN else agreement_id)
            found.append(Discrepancy(
                agreement_id, "", agreement_id, None, DiscrepancyKind.MISSING_AGREEMENT,
                f"{named} is in the published figures but not in the evaluation "
                f"as of {computed.get('as_of', '?')}.",
            ))
        else:
            found.extend(_differences(agreement_id, pub, comp, ()))
        positive = pub.get("positive_outcomes") or (comp or {}).get("positive_outcomes")
        found.extend(_sum_mismatches(agreement_id, pub, positive))
        found.extend(_share_mismatches(agreement_id, pub, positive))
    jobs = published.get("jobs")
    if isinstance(jobs, Mapping):
        found.extend(_job_discrepancies(jobs, computed.get("jobs")))
    return found


#: The largest figure a published summary may hold: more digits than any
#: count, kroner amount or share of a register can have.
LARGEST_FIGURE = 10**15


def _check_figures(published: Mapping[str, Any], what: str) -> None:
    """
    Raise :class:`InvalidArgument` for a published figure that is not a
    finite number of sensible size (``NaN``, ``Infinity``, ``1e400``).
    """
    for key, value in published.items():
        if key == "agreements":
            for agreement in value:
                _check_figure(agreement, f"{what}: {agreement['agreement_id']}", ())
        else:
            _check_figure(value, what, (str(key),))


def _check_figure(value: object, where: str, path: tuple[str, ...]) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _check_figure(inner, where, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value, 1):
            _check_figure(inner, where, (*path, str(i)))
    elif _is_number(value) and not (
            math.isfinite(value) and abs(value) <= LARGEST_FIGURE):  # type: ignore[arg-type]
        shown = (_NOT_FINITE.get(repr(value), repr(value)) if isinstance(value, float)
                 else f"a number of {len(str(abs(value)))} digits")  # type: ignore[arg-type]
        raise InvalidArgument(f"{where}: {'.'.join(path)} is published as {shown}, which is "
                              "not a figure (a finite number of at most "
                              f"{len(str(LARGEST_FIGURE)) - 1} digits)")


_NOT_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _check_shape(name: str, document: object, what: str) -> None:
    # The values are shown as hide_in_document shows them: never CPR-like.
    if not isinstance(document, Mapping):
        raise refuse(name, "a JSON object (a Mapping)", hide_in_document(document))
    agreements = document.get("agreements", [])
    if not isinstance(agreements, Sequence) or isinstance(agreements, str):
        raise InvalidArgument(f"{what}: 'agreements' must be a list, "
                              f"not {hide_in_document(agreements)!r}")
    for i, item in enumerate(agreements, 1):
        if not isinstance(item, Mapping) or not isinstance(item.get("agreement_id"), str):
            raise InvalidArgument(
                f"{what}: agreement number {i} must be an object with an 'agreement_id', "
                f"not {hide_in_document(item)!r}"
            )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_share(key: str) -> bool:
    return key.endswith(_SHARE_SUFFIXES)


def _show(key: str, value: object) -> str:
    if value is None:
        return "undefined"
    if _is_share(key) and _is_number(value):
        return f"{percent_of(value)} %"  # type: ignore[arg-type]
    return str(value)


def _same(key: str, published: object, computed: object) -> bool:
    if published is None or computed is None:
        return published is computed
    if isinstance(published, bool):
        return published is computed
    if not _is_number(computed):
        return False
    if _is_share(key):
        return percent_of(published) == percent_of(computed)  # type: ignore[arg-type]
    if isinstance(published, float) and not published.is_integer():
        decimals = len(repr(published).partition(".")[2])
        return rounded_half_up(published, decimals) == rounded_half_up(computed, decimals)  # type: ignore[arg-type]
    return bool(published == computed)


def _differences(agreement_id: str | None, pub: Mapping[str, Any], comp: Mapping[str, Any],
                 path: tuple[str, ...]) -> Iterator[Discrepancy]:
    keys = list(pub)
    if path and path[-1] in _COMPLETE_MAPS:
        keys += [k for k in comp if k not in pub]
    for key in keys:
        if not path and key in _NOT_FIGURES:
            continue
        value = pub.get(key, 0)
        here = (*path, key)
        if isinstance(value, Mapping):
            inner = comp.get(key)
            yield from _differences(agreement_id, value, inner if isinstance(inner, Mapping)
                                    else {}, here)
            continue
        if key in _NOT_FIGURES:
            continue
        dotted = ".".join(here)
        owner = f"{agreement_id}: " if agreement_id is not None else ""
        computed_figure = comp.get(key)
        if _is_number(computed_figure) and not (_is_number(value) or value is None):
            # Where the register gives a number, anything else published is a
            # mistake in the summary, except a suppressed cell ("<5", "x").
            if not (isinstance(value, str) and _SUPPRESSED.fullmatch(value)):
                yield Discrepancy(
                    agreement_id, dotted, redact(value) if isinstance(value, str) else value,
                    computed_figure, DiscrepancyKind.DIFFERS,
                    redact(f"{owner}{dotted} is published as {_not_a_figure(value)}, which "
                           f"is no figure; the register gives "
                           f"{_show(key, computed_figure)}."),
                )
            continue
        if not (_is_number(value) or value is None or isinstance(value, bool)):
            continue  # text and lists where the evaluation has none are not compared
        if key not in comp and not (path and path[-1] in _COMPLETE_MAPS):
            yield Discrepancy(
                agreement_id, dotted, value, None, DiscrepancyKind.DIFFERS,
                f"{owner}{dotted} is published as {_show(key, value)}, but the "
                f"evaluation has no such figure.",
            )
            continue
        computed = comp.get(key, 0)
        if not _same(key, value, computed):
            yield Discrepancy(
                agreement_id, dotted, value, computed, DiscrepancyKind.DIFFERS,
                f"{owner}{dotted} is published as {_show(key, value)}, but the "
                f"register gives {_show(key, computed)}.",
            )


#: A cell hidden by suppression: "<N", or "x" for one hidden beside it.
_SUPPRESSED = re.compile(r"<[0-9]+|x")


def _not_a_figure(value: object) -> str:
    # What was published instead of a number, briefly.
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == HIDDEN:
        return "a value that looks like a CPR number (not shown)"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return f"a {'list' if isinstance(value, list | tuple) else type(value).__name__}"


def _section(pub: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = pub.get(name)
    return section if isinstance(section, Mapping) else {}


def _count(section: Mapping[str, Any], key: str) -> int | None:
    value = section.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _outcomes(q7: Mapping[str, Any]) -> dict[str, int] | None:
    outcomes = q7.get("outcomes")
    if not isinstance(outcomes, Mapping):
        return None
    counts = {code: _count(outcomes, code) for code in outcomes}
    if any(n is None for n in counts.values()):
        return None  # a suppressed or non-numeric cell: the sum is unknown
    return {code: n for code, n in counts.items() if n is not None}


def _sum_mismatch(agreement_id: str, path: str, total: int, parts: int,
                  parts_text: str) -> Discrepancy:
    return Discrepancy(
        agreement_id, path, total, parts, DiscrepancyKind.SUM_MISMATCH,
        f"{agreement_id}: {path} is published as {total}, but {parts_text} add up to {parts}.",
        {"total": total, "sum": parts, "categories": parts_text},
    )


def _sum_mismatches(agreement_id: str, pub: Mapping[str, Any],
                    positive: Sequence[str] | None) -> Iterator[Discrepancy]:
    q7 = _section(pub, "q7_overview")
    outcomes = _outcomes(q7)
    if outcomes is not None:
        text = "the published outcome counts (q7_overview.outcomes)"
        checks = [("completed", sum(outcomes.values()), text),
                  ("stopped", outcomes.get(STOPPED, 0), f"the {STOPPED} count of {text}")]
        if positive:
            checks.append(("progression", sum(outcomes.get(c, 0) for c in positive),
                           f"the progression outcomes of {text}"))
        for key, parts, parts_text in checks:
            total = _count(q7, key)
            if total is not None and total != parts:
                yield _sum_mismatch(agreement_id, f"q7_overview.{key}", total, parts, parts_text)
    q2 = _section(pub, "q2_plan")
    statuses = [_count(q2, s) for s in STATUSES if s in q2 or s not in _OPTIONAL_STATUSES]
    participants = _count(q2, "participants")
    if participants is not None and None not in statuses:
        parts = sum(n for n in statuses if n is not None)
        if parts != participants:
            yield _sum_mismatch(agreement_id, "q2_plan.participants", participants, parts,
                                "the published plan findings by status")
    q8 = _section(pub, "q8_collaboration")
    notes, items = _count(q8, "notes"), q8.get("items")
    if notes is not None and isinstance(items, list) and notes != len(items):
        yield _sum_mismatch(agreement_id, "q8_collaboration.notes", notes, len(items),
                            "the published notes (q8_collaboration.items)")


def _share_mismatches(agreement_id: str, pub: Mapping[str, Any],
                      positive: Sequence[str] | None) -> Iterator[Discrepancy]:
    for section_name, share_key, num_key, den_key in _SHARE_PARTS:
        section = _section(pub, section_name)
        num, den = _count(section, num_key), _count(section, den_key)
        if num is not None and den is not None:
            yield from _share_check(agreement_id, section_name, share_key, section.get(share_key),
                                    [(num, f"{section_name}.{num_key}")],
                                    [(den, f"{section_name}.{den_key}")])
    q7 = _section(pub, "q7_overview")
    outcomes = _outcomes(q7)
    denominators = []
    completed = _count(q7, "completed")
    if completed is not None:
        denominators.append((completed, "q7_overview.completed"))
    if outcomes is not None and sum(outcomes.values()) != completed:
        denominators.append((sum(outcomes.values()), "the sum of q7_overview.outcomes"))
    for share_key, num_key in (("progression_share", "progression"),
                               ("stopped_share", "stopped")):
        num = _count(q7, num_key)
        numerators = [] if num is None else [(num, f"q7_overview.{num_key}")]
        if num is None and outcomes is not None:
            if num_key == "stopped":
                numerators.append((outcomes.get(STOPPED, 0),
                                   f"the {STOPPED} count of q7_overview.outcomes"))
            elif positive:
                numerators.append((sum(outcomes.get(c, 0) for c in positive),
                                   "the progression outcomes of q7_overview.outcomes"))
        yield from _share_check(agreement_id, "q7_overview", share_key, q7.get(share_key),
                                numerators, denominators)


def _share_check(agreement_id: str, section: str, share_key: str, published: JSONValue,
                 numerators: list[tuple[int, str]],
                 denominators: list[tuple[int, str]]) -> Iterator[Discrepancy]:
    if not _is_number(published):
        return
    shown = percent_of(published)  # type: ignore[arg-type]
    path = f"{section}.{share_key}"
    for num, num_from in numerators:
        for den, den_from in denominators:
            if den == 0:
                continue
            own = percent_of(Fraction(num, den))
            if own != shown:
                yield Discrepancy(
                    agreement_id, path, published, float(Fraction(num, den)),
                    DiscrepancyKind.SHARE_MISMATCH,
                    f"{agreement_id}: {path} is published as {shown} %, but {num} of {den} "
                    f"is {own} % ({num_from} over {den_from}).",
                    {"published_percent": shown, "percent": own, "numerator": num,
                     "denominator": den, "numerator_from": num_from,
                     "denominator_from": den_from},
                )


def _job_discrepancies(published: Mapping[str, Any], computed: object
                       ) -> Iterator[Discrepancy]:
    """
    The discrepancies of published jobs figures: against the register's,
    against their own kinds, and each effective hours against its own hours
    and intensity.
    """
    pub = _paths_by_id(published)
    if isinstance(computed, Mapping):
        yield from _differences(None, pub, _paths_by_id(computed), ("jobs",))
    kinds = published.get("via_jobcenter")
    total = _count(published, "total_via_jobcenter")
    if isinstance(kinds, Mapping) and total is not None:
        counts = [_count(kinds, kind) for kind in kinds]
        if None not in counts:
            parts = sum(n for n in counts if n is not None)
            if parts != total:
                yield _sum_mismatch_of_jobs(total, parts)
    progression = _section(pub, "flexjob_progression")
    for employment_id, path in _section(progression, "paths").items():
        if not isinstance(path, Mapping):
            continue
        points = [(name, path.get(name)) for name in ("start", "now")]
        points += [(f"steps.{i}", step) for i, step in enumerate(path.get("steps") or (), 1)]
        for name, point in points:
            if isinstance(point, Mapping):
                found = _hours_mismatch(
                    f"jobs.flexjob_progression.paths.{employment_id}.{name}", point)
                if found is not None:
                    yield found


def _sum_mismatch_of_jobs(total: int, parts: int) -> Discrepancy:
    path = "jobs.total_via_jobcenter"
    return Discrepancy(
        None, path, total, parts, DiscrepancyKind.SUM_MISMATCH,
        f"{path} is published as {total}, but the published kinds (jobs.via_jobcenter) add "
        f"up to {parts}.",
        {"total": total, "sum": parts, "categories": "the published kinds (jobs.via_jobcenter)"},
    )


def _paths_by_id(jobs: Mapping[str, Any]) -> dict[str, Any]:
    # A person's path is found by its employment id, wherever it is in the list.
    copy = dict(jobs)
    progression = jobs.get("flexjob_progression")
    if isinstance(progression, Mapping) and isinstance(progression.get("paths"), list):
        copy["flexjob_progression"] = {
            **progression,
            "paths": {str(p["employment_id"]): p for p in progression["paths"]
                      if isinstance(p, Mapping) and "employment_id" in p}}
    return copy


def _hours_mismatch(where: str, point: Mapping[str, Any]) -> Discrepancy | None:
    hours, intensity, shown = (point.get(k) for k in ("hours_per_week", "intensity",
                                                       "effective_hours"))
    if not (_is_number(hours) and _is_number(intensity) and _is_number(shown)):
        return None
    exact = _exact_number(hours) * _exact_number(intensity) / 100
    decimals = _decimals(shown)
    if rounded_half_up(exact, decimals) == rounded_half_up(_exact_number(shown), decimals):
        return None
    path = f"{where}.effective_hours"
    own = _number_text(rounded_half_up(exact, max(decimals, 1)))
    return Discrepancy(
        None, path, shown, float(exact), DiscrepancyKind.HOURS_MISMATCH,
        f"{path} is published as {shown}, but {hours} hours a week at {intensity} % "
        f"intensity is {own} effective hours.",
        {"hours_per_week": hours, "intensity": intensity, "effective_hours": float(exact),
         "published_effective_hours": shown},
    )


def _exact_number(value: Any) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def _decimals(value: Any) -> int:
    if isinstance(value, float) and not value.is_integer():
        return len(repr(value).partition(".")[2])
    return 0


def _number_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
