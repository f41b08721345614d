"""
forloeb: pathways (da: *forløb*) that a jobcenter buys from social-economy
enterprises under cooperation agreements (da: *samarbejdsaftaler*).

Record pathways, check every deadline and answer the eight questions of the
yearly evaluation::

    >>> import datetime as dt
    >>> import forloeb
    >>> register = forloeb.load_example()
    >>> [a.agreement_id for a in register.agreements]
    ['SA1', 'SA2']
    >>> result = forloeb.evaluate(register, as_of=dt.date(2018, 6, 30))
    >>> overview = result.agreement("SA1").q7_overview
    >>> overview.completed, overview.progression, overview.progression_share
    (25, 10, Fraction(2, 5))

Every public name is listed in ``docs/api.md``; ``forloeb.typing`` types the
documents ``to_dict()`` gives.
"""

from __future__ import annotations

import typing as _typing
from importlib import metadata as _metadata

from forloeb._bundled import EXAMPLE_AS_OF, EXAMPLE_REGISTER
from forloeb.codes import OUTCOMES, EmploymentEventType, EventType, OutcomeGroup, State
from forloeb.errors import (
    CapacityError,
    ForloebError,
    InvalidArgument,
    Problem,
    RegisterError,
    RegisterWarning,
    RuleViolation,
    StoreError,
    UnknownIdError,
)
from forloeb.evaluation import (
    AgreementEvaluation,
    AnnualReport,
    Discrepancy,
    Evaluation,
    JobFigures,
    annual_report,
    compare,
    evaluate,
    jobs,
    reconcile,
    trend,
)
from forloeb.model import (
    Agreement,
    CollaborationNote,
    Employment,
    EmploymentEvent,
    Event,
    Pathway,
    Register,
)
from forloeb.rules import validate
from forloeb.sla import (
    Finding,
    Rule,
    Status,
    check_deadlines,
    check_pathway,
    next_due,
    next_due_for_employment,
)
from forloeb.store import Store
from forloeb.writing import write_csv, write_json, write_xlsx

try:
    #: The installed version: the package metadata (``pyproject.toml``) is the one source.
    __version__ = _metadata.version("forloeb")
except _metadata.PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"


if _typing.TYPE_CHECKING:
    from forloeb.loading import load
else:
    def __getattr__(name: str) -> object:
        # ``forloeb.load`` is :func:`forloeb.loading.load` itself, signature and
        # all, imported when first asked for: ``import forloeb`` does not read
        # in the loaders. (Hidden from type checkers, which would otherwise
        # accept any misspelt name of the package.)
        if name == "load":
            from forloeb.loading import load

            globals()["load"] = load
            return load
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), "load"})


def load_example() -> Register:
    """
    The bundled example register: the 2018 reference case (synthetic people).
    """
    from forloeb.loading import load as _load

    return _load(EXAMPLE_REGISTER)


__all__ = [
    "EXAMPLE_AS_OF",
    "EXAMPLE_REGISTER",
    "OUTCOMES",
    "Agreement",
    "AgreementEvaluation",
    "AnnualReport",
    "CapacityError",
    "CollaborationNote",
    "Discrepancy",
    "Employment",
    "EmploymentEvent",
    "EmploymentEventType",
    "Evaluation",
    "Event",
    "EventType",
    "Finding",
    "ForloebError",
    "InvalidArgument",
    "JobFigures",
    "OutcomeGroup",
    "Pathway",
    "Problem",
    "Register",
    "RegisterError",
    "RegisterWarning",
    "Rule",
    "RuleViolation",
    "State",
    "Status",
    "Store",
    "StoreError",
    "UnknownIdError",
    "annual_report",
    "check_deadlines",
    "check_pathway",
    "compare",
    "evaluate",
    "jobs",
    "load",
    "load_example",
    "next_due",
    "next_due_for_employment",
    "reconcile",
    "trend",
    "validate",
    "write_csv",
    "write_json",
    "write_xlsx",
]
