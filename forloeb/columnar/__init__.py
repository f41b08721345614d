"""
The columnar engine: the register-wide work, on DuckDB (an embedded
analytical database), for registers of hundreds of thousands of pathways.

forloeb has two engines that answer identically:

- the **object engine** (:mod:`forloeb.rules`, :mod:`forloeb.sla`,
  :mod:`forloeb.evaluation`): the reference, readable rule by rule, and
  the API for one pathway (``check_pathway``, ``next_due``, recording);
- the **columnar engine** (this package): the same rules and questions as
  SQL over whole columns, for checking, listing and evaluating a large
  register at about the speed of reading it.

The functions here take the same arguments as their reference namesakes and
give the same answers (``tests/test_columnar_*.py`` hold them equal on
generated, synthetic and broken registers):

>>> import datetime as dt
>>> import forloeb
>>> from forloeb import columnar
>>> register = forloeb.load_example()
>>> day = dt.date(2018, 6, 30)
>>> columnar.evaluate(register, as_of=day) == forloeb.evaluate(register, as_of=day)
True
>>> columnar.check_deadlines(register, as_of=day) == forloeb.check_deadlines(register, as_of=day)
True

From a source, :func:`open_source` reads a CSV folder with DuckDB itself
(falling back to the reference loader where it cannot vouch for the files,
so problems and warnings are the reference's own) and gives
:class:`Columns`, on which the same questions can be asked many times:

>>> with columnar.open_source(forloeb.EXAMPLE_REGISTER) as columns:
...     result = columns.evaluate(as_of=day)
>>> result.agreement("SA1").q7_overview.completed
25

DuckDB is imported only when a function here first needs it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from forloeb import _arguments as check
from forloeb.columnar._register import Columns
from forloeb.columnar._source import open_source
from forloeb.evaluation import Evaluation
from forloeb.model import Register
from forloeb.sla import Finding
from forloeb.typing import ComparisonDict, TrendDict


def _check_register(register: object) -> None:
    check.check_instance("register", register, Register)


def _check_agreements(agreements: object) -> None:
    if agreements is not None and (isinstance(agreements, str)
                                   or not isinstance(agreements, Sequence)
                                   or not all(isinstance(a, str) for a in agreements)):
        raise check.refuse("agreements", "a sequence of agreement ids (str) or None",
                           agreements)


def check_deadlines(register: Register, *, as_of: dt.date, due_within: int | None = None,
                    agreements: Sequence[str] | None = None) -> list[Finding]:
    """
    Every deadline in ``register`` as of ``as_of``, as and in the order
    :func:`forloeb.sla.check_deadlines` gives them.

    Raises:
        UnknownIdError: for an id in ``agreements`` that the register lacks.
        InvalidArgument: for an argument of the wrong kind, or a negative ``due_within``.
    """
    _check_register(register)
    check.check_date("as_of", as_of, bounded=True)
    if due_within is not None:
        check.check_int("due_within", due_within)
    _check_agreements(agreements)
    with Columns.of(register) as columns:
        return list(columns.findings(as_of=as_of, due_within=due_within,
                                     agreements=agreements))


def evaluate(register: Register, *, as_of: dt.date, since: dt.date | None = None,
             agreements: Sequence[str] | None = None) -> Evaluation:
    """
    The eight questions for each agreement, as :func:`forloeb.evaluation.evaluate`
    answers them.

    Raises:
        UnknownIdError: if ``agreements`` names an agreement the register lacks.
        InvalidArgument: if the dates are not dates or the period is empty.
    """
    _check_register(register)
    check.check_date("as_of", as_of, bounded=True)
    check.check_date("since", since, optional=True, bounded=True)
    _check_agreements(agreements)
    with Columns.of(register) as columns:
        return columns.evaluate(as_of=as_of, since=since, agreements=agreements)


def evaluate_source(source: str | os.PathLike[str], *, as_of: dt.date,
                    since: dt.date | None = None, agreements: Sequence[str] | None = None,
                    known_at: dt.datetime | dt.date | None = None) -> Evaluation:
    """
    The eight questions for each agreement of the register at ``source`` (a
    CSV folder, a JSON file, a workbook or a store), as
    ``forloeb.evaluate(forloeb.load(source), ...)`` answers them: the fast
    path, which reads a CSV folder with DuckDB and never makes an object
    per row.

    >>> import forloeb
    >>> day = dt.date(2018, 6, 30)
    >>> evaluate_source(forloeb.EXAMPLE_REGISTER, as_of=day) == forloeb.evaluate(
    ...     forloeb.load_example(), as_of=day)
    True

    Raises:
        RegisterError: listing every problem in the register, as :func:`forloeb.load` does.
        UnknownIdError: if ``agreements`` names an agreement the register lacks.
        InvalidArgument: if an argument is of the wrong kind or the period is empty.
    """
    check.check_date("as_of", as_of, bounded=True)
    check.check_date("since", since, optional=True, bounded=True)
    _check_agreements(agreements)
    with open_source(source, known_at=known_at) as columns:
        return columns.evaluate(as_of=as_of, since=since, agreements=agreements)


def compare(register: Register, *, as_of: dt.date, since: dt.date | None = None
            ) -> ComparisonDict:
    """
    Every agreement side by side, as :func:`forloeb.evaluation.compare` puts them.
    """
    from forloeb.evaluation import comparison

    return comparison(evaluate(register, as_of=as_of, since=since))


def trend(register: Register, *, years: Sequence[int]) -> TrendDict:
    """
    The key figures at 30 June of each year, as :func:`forloeb.evaluation.trend`
    gives them.

    Raises:
        InvalidArgument: if a year is not a whole number from 2 to 9999.
    """
    _check_register(register)
    with Columns.of(register) as columns:
        return columns.trend(years=years)


__all__ = ["Columns", "check_deadlines", "compare", "evaluate", "evaluate_source", "open_source",
           "trend"]
