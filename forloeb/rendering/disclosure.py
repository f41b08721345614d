"""
The audit of a suppressed document: which hidden counts a reader can still
work out from what is shown.

:func:`audit` compares a document with its suppressed copy and tries what a
reader would (statistical offices call it a disclosure audit):

- totals minus their other parts, shares with their denominators, rates
  with their counts, and any combination of them (linear algebra over every
  relation of :mod:`forloeb.rendering._relations` that holds in the
  document, with the shown figures put in);
- the marks themselves: a ``<N`` count lies below N and an ``x`` count is at
  least N, so two ``<5`` counts that add up to 8 are both 4 (the bounds are
  narrowed relation by relation until nothing changes);
- a mean shown beside the count it is the mean over (its denominator gives
  the count away), and records listed beside their hidden number.

It is independent of how :func:`~forloeb.rendering.suppression.suppress`
chooses what to hide, so it can check it:

>>> import datetime as dt, forloeb
>>> from forloeb.evaluation import evaluate
>>> from forloeb.rendering import suppress
>>> document = evaluate(forloeb.load_example(), as_of=dt.date(2018, 6, 30)).to_dict()
>>> audit(document, suppress(document, below=5)).disclosures
()
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from forloeb.rendering._inference import (
    Equation,
    mark_bounds,
    narrow,
    reduced,
    solved,
    substitute,
    sum_equation,
)
from forloeb.rendering._relations import (
    ROW_SOURCES,
    Path,
    Relations,
    figures,
    is_jobs_document,
    relations,
)

Doc = Mapping[str, Any]


#: How a hidden count is worked out: from the relations alone (a total minus
#: its other parts, a share times its denominator, any combination) ...
WORKED_OUT = "worked out from the totals and shares shown"
#: ... with what the marks say besides (a <N is below N, an x at least N) ...
NARROWED = "narrowed to one value by the totals and the marks"
#: ... from a figure worked out from it alone shown beside it (a mean, a total
#: of days, whether the goal is met), from the records listed beside it, or
#: from another table of the report that shows it.
MEAN = "a mean or total over it is shown"
LISTED = "counted from the records listed"
ELSEWHERE = "shown in another table of the report"


@attrs.frozen
class Disclosure:
    """
    A hidden count a reader can work out: where (an agreement, or a year and
    an agreement of a trend, ``jobs``, or a part of an annual report
    before them), which figure, its value and how (:data:`WORKED_OUT`,
    :data:`NARROWED`, :data:`MEAN`, :data:`LISTED` or :data:`ELSEWHERE`).
    """

    unit: str
    figure: str
    value: int
    how: str


def _disclosures(items: Sequence[Disclosure]) -> tuple[Disclosure, ...]:
    return tuple(items)


@attrs.frozen
class Audit:
    """
    The hidden counts of a suppressed document, and those a reader can work out.
    """

    hidden: int
    disclosures: tuple[Disclosure, ...] = attrs.field(converter=_disclosures)

    @property
    def share(self) -> Fraction:
        """
        The share of the hidden counts that can be worked out (0 when none is hidden).
        """
        return Fraction(len(self.disclosures), self.hidden) if self.hidden else Fraction(0)


def audit(original: Doc, published: Doc) -> Audit:
    """
    Which hidden counts of ``published`` (``original`` suppressed) a reader
    can work out from the figures it shows.

    Both are documents of the same kind (an evaluation, a comparison, a
    trend, a jobs document or an annual report), agreements in the same
    order. In an annual report a reader also reads a figure shown in one
    table into another that hides it (a comparison row into the evaluation
    it comes from, the trend's row of the summer into the summer evaluation,
    what the register gives in the reconciliation into the summer
    evaluation or the jobs).
    """
    below = int(published.get("suppressed_below") or 1)
    units = list(_units(original, published))
    shown = {name: figures(after) for name, _, after in units}
    links = _links(original, units)
    hidden = 0
    found: list[Disclosure] = []
    for name, before, after in units:
        elsewhere = {path: shown[other][there] for path, other, there in links.get(name, ())
                     if _is_number(shown[other].get(there))}
        unit_hidden, unit_found = _audit_unit(name, before, after, below, elsewhere)
        hidden += unit_hidden
        found.extend(unit_found)
    return Audit(hidden, found)


#: Where a figure shown in one unit is the same figure in another: the name of
#: that unit and its path there, by path in this one.
Links = dict[str, list[tuple[Path, str, Path]]]


def _units(original: Doc, published: Doc, prefix: str = "") -> Iterator[tuple[str, Doc, Doc]]:
    if is_jobs_document(original):
        yield f"{prefix}jobs", original, published
        return
    if "summer" in original and "jobs" in original:  # an annual report
        for key in ("jobs", "summer", "year_end", "comparison", "trend"):
            if isinstance(original.get(key), Mapping):
                yield from _units(original[key], published[key],
                                  "" if key == "jobs" else f"{key} ")
        reconciliation = published.get("reconciliation") or ()
        for n, (before, after) in enumerate(zip(original.get("reconciliation") or (),
                                                reconciliation, strict=True)):
            # What the register gives: one figure, linked to where the report shows it.
            yield f"reconciliation {n}", {"computed": before.get("computed")}, \
                {"computed": after.get("computed")}
        return
    if "years" in original:
        for year, shown in zip(original["years"], published["years"], strict=True):
            for before, after in zip(year["agreements"], shown["agreements"], strict=True):
                yield f"{prefix}{year['year']} {before['agreement_id']}", before, after
        return
    for before, after in zip(original.get("agreements", []), published.get("agreements", []),
                             strict=True):
        yield f"{prefix}{before['agreement_id']}", before, after


def _links(original: Doc, units: Sequence[tuple[str, Doc, Doc]]) -> Links:
    """
    The figures of an annual report shown in two of its tables, both ways.
    """
    links: Links = {}
    if not ("summer" in original and "jobs" in original):
        return links

    def link(one: str, path: Path, other: str, there: Path) -> None:
        links.setdefault(one, []).append((path, other, there))
        links.setdefault(other, []).append((there, one, path))

    names = {name for name, _, _ in units}
    summer = original.get("summer") or {}
    current = "year_end" if isinstance(original.get("year_end"), Mapping) else "summer"
    for agreement in summer.get("agreements", []) if isinstance(summer, Mapping) else ():
        ident = agreement["agreement_id"]
        for row in ROW_SOURCES:
            if f"comparison {ident}" in names:
                link(f"comparison {ident}", (row,), f"{current} {ident}", ROW_SOURCES[row])
            for year in (original.get("trend") or {}).get("years", []):
                if year.get("as_of") == summer.get("as_of") and \
                        f"trend {year['year']} {ident}" in names:
                    link(f"trend {year['year']} {ident}", (row,), f"summer {ident}",
                         ROW_SOURCES[row])
    for n, discrepancy in enumerate(original.get("reconciliation") or ()):
        path = tuple(str(discrepancy.get("path") or "").split("."))
        if discrepancy.get("kind") != "differs":
            continue
        other = "jobs" if path[0] == "jobs" else f"summer {discrepancy.get('agreement_id')}"
        if other in names:
            link(f"reconciliation {n}", ("computed",), other,
                 path[1:] if path[0] == "jobs" else path)
    return links


def _audit_unit(name: str, original: Doc, published: Doc, below: int,
                elsewhere: Mapping[Path, Any]) -> tuple[int, list[Disclosure]]:
    found = relations(original)
    true = figures(original)
    shown = figures(published)
    counts = found.counts(original)
    # A 0 hidden among the parts of a small total singles no one out.
    hidden = [p for p in counts if isinstance(shown.get(p), str) and counts[p]]
    if not hidden:
        return 0, []
    disclosed: dict[Path, str] = {}
    for path, value in elsewhere.items():
        if isinstance(shown.get(path), str):
            # The reader reads it in: shown as a figure in another table.
            shown[path] = value
            if path in hidden:
                disclosed.setdefault(path, ELSEWHERE)
    for derived in found.derived:
        if _is_shown(shown.get(derived.figure)):
            for source in derived.of:
                if source in hidden:
                    disclosed.setdefault(source, MEAN)
    for listing in found.listed:
        if listing.count in hidden and _item_count(published, listing.items):
            disclosed.setdefault(listing.count, LISTED)
    equations = list(_equations(found, true, shown))
    for path in solved(equations):
        disclosed.setdefault(path, WORKED_OUT)
    unknowns = {p for coefficients, _ in equations for p in coefficients}
    marks = {p: mark_bounds(shown.get(p), below, count=p in counts) for p in unknowns}
    for path, (low, high) in narrow(equations + reduced(equations), marks).items():
        if low == high:
            disclosed.setdefault(path, NARROWED)
    return len(hidden), [Disclosure(name, _dotted(p), counts[p], how)
                         for p, how in disclosed.items() if p in hidden]


def _is_shown(value: object) -> bool:
    # A figure a reader sees: a number, or a yes or no (whether the goal is met).
    return _is_number(value) or isinstance(value, bool)


def _dotted(path: Path) -> str:
    return ".".join(path)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _item_count(unit: Doc, path: Path) -> int:
    node: Any = unit
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return len(node) if isinstance(node, list) else 0


def _exact(value: int | float) -> Fraction:
    # A share or rate as a reader recovers it from the printed float.
    return Fraction(value).limit_denominator(1_000_000)


def _equations(found: Relations, true: Mapping[Path, Any], shown: Mapping[Path, Any]
               ) -> Iterator[Equation]:
    """
    The relations that hold in the document, as equations in its hidden figures.
    """
    for relation in found.sums:
        values = [true.get(p) for p in relation.members]
        if all(map(_is_number, values)) and values[0] == sum(v for v in values[1:] if v):
            equation = sum_equation(relation, shown)
            if equation is not None:
                yield equation
    for derived in found.derived:
        figure = shown.get(derived.figure)
        if not derived.is_ratio or not _is_number(figure):
            continue
        ratio = _exact(figure)  # type: ignore[arg-type]
        scale = Fraction(1)
        if derived.scale is not None:
            if not _is_number(shown.get(derived.scale)):
                continue
            scale = Fraction(shown[derived.scale])
        terms: dict[Path, Fraction] = {}
        for path in derived.numerator:
            terms[path] = terms.get(path, Fraction(0)) + scale
        for path in derived.denominator:
            terms[path] = terms.get(path, Fraction(0)) - ratio
        # A reader recovers the share from a printed float: only if it is exact.
        if sum(c * Fraction(true[p]) for p, c in terms.items()) == 0:
            equation = substitute(terms, shown)
            if equation is not None:
                yield equation


__all__ = ["ELSEWHERE", "LISTED", "MEAN", "NARROWED", "WORKED_OUT", "Audit", "Disclosure", "audit"]
