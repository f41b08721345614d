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
    >>> overview = result.to_dict()["agreements"][0]["q7_overview"]
    >>> overview["completed"], overview["progression"]
    (25, 10)
"""

from __future__ import annotations

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


def load(path: object, **kwargs: object) -> Register:
    """
    Load a register from a CSV folder or a ``.json``, ``.xlsx`` or ``.sqlite`` file.

    See :func:`forloeb.loading.load` for the keyword arguments.
    """
    from forloeb.loading import load as _load

    return _load(path, **kwargs)  # type: ignore[arg-type]


def load_example() -> Register:
    """
    The bundled example register: the 2018 reference case (synthetic people).
    """
    return load(EXAMPLE_REGISTER)


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
