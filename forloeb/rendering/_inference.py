"""
What a reader can infer from the figures shown: what a mark says about the
count it hides, a relation as an equation in the hidden figures, those
equations combined (reduced echelon form, exactly), and the bounds they
narrow each hidden figure to.

Complementary suppression (:mod:`forloeb.rendering.suppression`) uses this to
see which hidden counts a reader could pin down, and the audit
(:mod:`forloeb.rendering.disclosure`) to check it, with more equations (the
shares shown) besides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from forloeb.rendering._relations import COMPLEMENTARY, Path, Sum

#: A bound of a hidden figure: a whole number, or a float only when it is infinite.
Bound = int | float

#: An exact number: a whole number where it can be, for speed.
Number = int | Fraction

#: A linear equation in hidden figures: sum of coefficient x figure = right-hand side.
Equation = tuple[Mapping[Path, Number], Number]

#: How many times :func:`narrow` goes over the equations, at most (they settle in a few).
_ROUNDS = 50


def mark_bounds(mark: object, below: int, *, count: bool = True) -> tuple[Bound, Bound]:
    """
    What a hidden figure's mark alone says: ``<N`` is a count below N (a 0
    may be written so among the parts of a small total), ``x`` a count of at
    least N (smaller ones are written ``<N``, and 0 never ``x``); any other
    hidden figure is at least 0.

    >>> mark_bounds("<5", 5), mark_bounds("x", 5), mark_bounds("<5", 5, count=False)
    ((0, 4), (5, inf), (0, inf))
    """
    if count and mark == COMPLEMENTARY:
        return below, math.inf
    if count and isinstance(mark, str) and mark.startswith("<"):
        return 0, below - 1
    return 0, math.inf


def sum_equation(relation: Sum, shown: Mapping[Path, Any]) -> Equation | None:
    """
    ``relation`` as an equation in its hidden members (``None`` if all are shown),
    the shown ones put in.
    """
    terms: dict[Path, Number] = {relation.total: 1}
    for part in relation.parts:
        terms[part] = terms.get(part, 0) - 1
    return substitute(terms, shown)


def substitute(terms: Mapping[Path, Number], shown: Mapping[Path, Any]) -> Equation | None:
    """
    The equation sum of ``terms`` = 0 with every shown figure put in: in the
    hidden figures only, or ``None`` when none is hidden or a figure is undefined.
    """
    unknown: dict[Path, Number] = {}
    rhs: Number = 0
    for path, coefficient in terms.items():
        value = shown.get(path)
        if coefficient == 0:
            continue
        if isinstance(value, str):
            unknown[path] = coefficient
        elif isinstance(value, int) and not isinstance(value, bool):
            rhs -= coefficient * value
        elif isinstance(value, float):
            rhs -= coefficient * Fraction(value)
        else:
            return None
    return (unknown, rhs) if unknown else None


def narrow(equations: Sequence[Equation], bounds: Mapping[Path, tuple[Bound, Bound]]
           ) -> dict[Path, tuple[Bound, Bound]]:
    """
    ``bounds`` of whole-number unknowns narrowed by each equation in turn
    until they settle: what a reader who knows the marks and the shown
    figures can tell about each hidden one.

    >>> a, b = ("a",), ("b",)
    >>> narrow([({a: Fraction(1), b: Fraction(1)}, Fraction(8))], {a: (0, 4), b: (0, 4)})[a]
    (4, 4)
    """
    rows = [_whole(e) for e in equations]
    narrowed: dict[Path, tuple[Bound, Bound]] = {
        p: (_ceil(low), _floor(high)) for p, (low, high) in bounds.items()}
    for _ in range(_ROUNDS):
        changed = False
        for terms, rhs in rows:
            # Each term's least and most, with the infinite ones counted apart
            # (so that an infinity is never subtracted from another).
            spans = []
            least = most = 0
            least_inf = most_inf = 0
            for path, c in terms:
                low, high = narrowed[path]
                a, b = (c * low, c * high) if c > 0 else (c * high, c * low)
                spans.append((a, b))
                if math.isinf(a):
                    least_inf += 1
                else:
                    least += int(a)
                if math.isinf(b):
                    most_inf += 1
                else:
                    most += int(b)
            for (path, c), (a, b) in zip(terms, spans, strict=True):
                # c * value = rhs - (the other terms)
                rest_least = -math.inf if least_inf - math.isinf(a) else least - _finite(a)
                rest_most = math.inf if most_inf - math.isinf(b) else most - _finite(b)
                first, last = rhs - rest_most, rhs - rest_least
                if c < 0:
                    first, last = last, first
                low, high = narrowed[path]
                new = (max(low, _divide_up(first, c)), min(high, _divide_down(last, c)))
                if new != (low, high) and new[0] <= new[1]:
                    narrowed[path] = new
                    changed = True
        if not changed:
            break
    return narrowed


def _whole(equation: Equation) -> tuple[list[tuple[Path, int]], int]:
    # The equation times the common denominator: whole numbers only, exactly.
    coefficients, rhs = equation
    scale = math.lcm(rhs.denominator, *(c.denominator for c in coefficients.values()))
    return ([(p, int(c * scale)) for p, c in coefficients.items()], int(rhs * scale))


def _finite(value: Bound) -> int:
    return 0 if math.isinf(value) else int(value)


def _divide_up(value: Bound, by: int) -> Bound:
    if math.isinf(value):
        return value if by > 0 else -value
    return -(-int(value) // by)


def _divide_down(value: Bound, by: int) -> Bound:
    if math.isinf(value):
        return value if by > 0 else -value
    return int(value) // by


def _ceil(value: Bound) -> Bound:
    return value if math.isinf(value) else math.ceil(value)


def _floor(value: Bound) -> Bound:
    return value if math.isinf(value) else math.floor(value)


def _components(equations: Sequence[Equation]) -> list[list[Equation]]:
    # Equations that share no unknown, directly or through others, apart.
    groups: list[tuple[set[Path], list[Equation]]] = []
    for equation in equations:
        paths = set(equation[0])
        joined = [g for g in groups if g[0] & paths]
        for group in joined:
            groups.remove(group)
            paths |= group[0]
        groups.append((paths, [e for g in joined for e in g[1]] + [equation]))
    return [group for _, group in groups]


def _echelon(equations: Sequence[Equation]) -> list[Equation]:
    # Reduced row echelon form, exactly, one group of connected unknowns at a time.
    result: list[Equation] = []
    for group in _components(equations):
        unknowns = sorted({p for coefficients, _ in group for p in coefficients})
        width = len(unknowns)
        rows: list[list[Number]] = [[c.get(p, 0) for p in unknowns] + [rhs] for c, rhs in group]
        pivot_row = 0
        for column in range(width):
            pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
            if pivot is None:
                continue
            rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
            lead = rows[pivot_row][column]
            if lead != 1:
                # Dividing by -1 keeps whole numbers whole.
                rows[pivot_row] = ([-x for x in rows[pivot_row]] if lead == -1
                                   else [Fraction(x) / lead for x in rows[pivot_row]])
            top = rows[pivot_row]
            for r, row in enumerate(rows):
                factor = row[column]
                if r != pivot_row and factor:
                    rows[r] = [x - factor * y for x, y in zip(row, top, strict=True)]
            pivot_row += 1
        result.extend(({unknowns[i]: row[i] for i in range(width) if row[i]}, row[-1])
                      for row in rows[:pivot_row])
    return result


def solved(equations: Sequence[Equation]) -> list[Path]:
    """
    The unknowns the equations fix, whatever the bounds: a row of the
    reduced echelon form with a single unknown.
    """
    return [next(iter(c)) for c, _ in _echelon(equations) if len(c) == 1]


def reduced(equations: Sequence[Equation]) -> list[Equation]:
    """
    The equations combined as a reader may add and subtract them: the rows
    of their reduced echelon form (a total minus a subtotal is one of them).
    """
    return _echelon(equations)
