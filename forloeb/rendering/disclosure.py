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
from forloeb.rendering._relations import Path, Relations, figures, relations

Doc = Mapping[str, Any]


#: How a hidden count is worked out: from the relations alone (a total minus
#: its other parts, a share times its denominator, any combination) ...
WORKED_OUT = "worked out from the totals and shares shown"
#: ... with what the marks say besides (a <N is below N, an x at least N) ...
NARROWED = "narrowed to one value by the totals and the marks"
#: ... from a mean (or a total of days) over it shown beside it, or from the
#: records listed beside it.
MEAN = "a mean or total over it is shown"
LISTED = "counted from the records listed"


@attrs.frozen
class Disclosure:
    """
    A hidden count a reader can work out: where (an agreement, or a year and
    an agreement of a trend), which figure, its value and how
    (:data:`WORKED_OUT`, :data:`NARROWED`, :data:`MEAN` or :data:`LISTED`).
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

    Both are documents of the same kind (an evaluation, a comparison or a
    trend), agreements in the same order.
    """
    below = int(published.get("suppressed_below") or 1)
    hidden = 0
    found: list[Disclosure] = []
    for name, before, after in _units(original, published):
        unit_hidden, unit_found = _audit_unit(name, before, after, below)
        hidden += unit_hidden
        found.extend(unit_found)
    return Audit(hidden, found)


def _units(original: Doc, published: Doc) -> Iterator[tuple[str, Doc, Doc]]:
    if "years" in original:
        for year, shown in zip(original["years"], published["years"], strict=True):
            for before, after in zip(year["agreements"], shown["agreements"], strict=True):
                yield f"{year['year']} {before['agreement_id']}", before, after
        return
    for before, after in zip(original.get("agreements", []), published.get("agreements", []),
                             strict=True):
        yield str(before["agreement_id"]), before, after


def _audit_unit(name: str, original: Doc, published: Doc, below: int
                ) -> tuple[int, list[Disclosure]]:
    found = relations(original)
    true = figures(original)
    shown = figures(published)
    counts = found.counts(original)
    # A 0 hidden among the parts of a small total singles no one out.
    hidden = [p for p in counts if isinstance(shown.get(p), str) and counts[p]]
    if not hidden:
        return 0, []
    disclosed: dict[Path, str] = {}
    for derived in found.derived:
        if _is_number(shown.get(derived.figure)):
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


__all__ = ["LISTED", "MEAN", "NARROWED", "WORKED_OUT", "Audit", "Disclosure", "audit"]
