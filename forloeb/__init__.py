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
"""

from __future__ import annotations

from forloeb._bundled import EXAMPLE_AS_OF, EXAMPLE_REGISTER
from forloeb.codes import OUTCOMES, EventType, OutcomeGroup, State
from forloeb.errors import (
    CapacityError,
    ForloebError,
    InvalidArgument,
    Problem,
    RegisterError,
    RuleViolation,
    StoreError,
    UnknownIdError,
)
from forloeb.model import Agreement, CollaborationNote, Event, Pathway, Register


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
    "CapacityError",
    "CollaborationNote",
    "Event",
    "EventType",
    "ForloebError",
    "InvalidArgument",
    "OutcomeGroup",
    "Pathway",
    "Problem",
    "Register",
    "RegisterError",
    "RuleViolation",
    "State",
    "StoreError",
    "UnknownIdError",
    "load",
    "load_example",
]
