"""
Property-testing tools for forloeb and for the tools built on it.

Hypothesis strategies that generate valid agreements, pathways, events,
collaboration notes, employments and their events, and whole registers
(:mod:`forloeb.testing.strategies`),
and :class:`PathwayLifecycle`, a state machine that drives the pathway
lifecycle through :mod:`forloeb.recording` (or through another tool's own
code) and checks every rule of domain.md section 3, with
:class:`EmploymentLifecycle` beside it for hires after the pathway
(:mod:`forloeb.testing.stateful`). Needs the ``test`` extra (Hypothesis).
See ``docs/testing.md``.
"""

from __future__ import annotations

try:
    import hypothesis as _hypothesis  # noqa: F401  (every module here needs it)
except ModuleNotFoundError as missing:
    if missing.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "forloeb.testing needs Hypothesis, which is not installed: "
        "pip install 'forloeb[test]' (or pip install hypothesis)", name="hypothesis"
    ) from None

from forloeb.testing.changes import (
    Cancel,
    Change,
    EmploymentChange,
    End,
    EndEmployment,
    Extend,
    Hire,
    RecordEmploymentEvent,
    RecordEvent,
    Refer,
    Start,
)
from forloeb.testing.stateful import UNKNOWN_OUTCOME, EmploymentLifecycle, PathwayLifecycle
from forloeb.testing.strategies import (
    FIRST_DAY,
    LAST_DAY,
    TYPICAL_AS_OF,
    agreements,
    collaboration_notes,
    cpr_like_numbers,
    employment_events,
    employments,
    events,
    identifiers,
    labels,
    notes,
    participant_ids,
    pathways,
    registers,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "TYPICAL_AS_OF",
    "UNKNOWN_OUTCOME",
    "Cancel",
    "Change",
    "EmploymentChange",
    "EmploymentLifecycle",
    "End",
    "EndEmployment",
    "Extend",
    "Hire",
    "PathwayLifecycle",
    "RecordEmploymentEvent",
    "RecordEvent",
    "Refer",
    "Start",
    "agreements",
    "collaboration_notes",
    "cpr_like_numbers",
    "employment_events",
    "employments",
    "events",
    "identifiers",
    "labels",
    "notes",
    "participant_ids",
    "pathways",
    "registers",
]
