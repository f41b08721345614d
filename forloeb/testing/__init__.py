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
