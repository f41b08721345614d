"""
The pathway lifecycle state machine, run against forloeb.recording, and shown
to catch systems that get the outcome-state rules wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from forloeb.errors import CapacityError, RuleViolation
from forloeb.model import Register
from forloeb.testing import (
    Change,
    EmploymentLifecycle,
    End,
    EndEmployment,
    PathwayLifecycle,
    RecordEmploymentEvent,
    Start,
)

TestPathwayLifecycle = PathwayLifecycle.TestCase
TestPathwayLifecycle.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)

TestEmploymentLifecycle = EmploymentLifecycle.TestCase
TestEmploymentLifecycle.settings = settings(max_examples=30, stateful_step_count=30,
                                            deadline=None)


def _evolve_pathway(register: Register, pathway_id: str, **changes: object) -> Register:
    pathways = [attrs.evolve(p, **changes) if p.pathway_id == pathway_id else p
                for p in register.pathways]
    return Register(register.agreements, pathways, register.events, register.collaboration)


def _accepts_any_outcome(machine: PathwayLifecycle, change: Change) -> None:
    if isinstance(change, End) and machine.register.pathway(change.pathway_id).end_date is None:
        machine.register = _evolve_pathway(machine.register, change.pathway_id,
                                           end_date=change.day, outcome=change.outcome)
        return
    machine.register = change.apply_to(machine.register)


def _ignores_capacity(machine: PathwayLifecycle, change: Change) -> None:
    try:
        machine.register = change.apply_to(machine.register)
    except CapacityError:
        assert isinstance(change, Start)
        machine.register = _evolve_pathway(machine.register, change.pathway_id,
                                           start_date=change.day)


def _half_applies_refused_changes(machine: PathwayLifecycle, change: Change) -> None:
    try:
        machine.register = change.apply_to(machine.register)
    except RuleViolation:
        machine.register = Register(machine.register.agreements, machine.register.pathways[:-1],
                                    machine.register.events, machine.register.collaboration)
        raise


def _reports_no_rule_number(machine: PathwayLifecycle, change: Change) -> None:
    try:
        machine.register = change.apply_to(machine.register)
    except RuleViolation as error:
        raise RuleViolation(str(error), rule=0, pathway_id=error.pathway_id) from None


def _hides_the_capacity_count(machine: PathwayLifecycle, change: Change) -> None:
    try:
        machine.register = change.apply_to(machine.register)
    except CapacityError as error:
        raise CapacityError(f"pathway {error.pathway_id}: the agreement is full",
                            pathway_id=error.pathway_id) from None


@pytest.mark.parametrize(
    "apply",
    [
        _accepts_any_outcome,
        _ignores_capacity,
        _half_applies_refused_changes,
        _reports_no_rule_number,
        _hides_the_capacity_count,
    ],
)
def test_the_machine_catches_a_system_that_breaks_the_rules(
        apply: Callable[[PathwayLifecycle, Change], None]) -> None:
    """
    A subclass whose ``apply`` hook gets one thing wrong fails the run.
    """

    class Faulty(PathwayLifecycle):
        def apply(self, change: Change) -> None:
            apply(self, change)

    quick = settings(max_examples=100, stateful_step_count=25, deadline=None, database=None,
                     derandomize=True, phases=[Phase.generate],
                     suppress_health_check=[HealthCheck.too_slow])
    with pytest.raises(AssertionError):
        run_state_machine_as_test(Faulty, settings=quick)


def _records_any_employment_event(machine: PathwayLifecycle, change: Change) -> None:
    if isinstance(change, RecordEmploymentEvent):
        machine.register = machine.register.replace(
            employment_events=(*machine.register.employment_events, change.event))
        return
    machine.register = change.apply_to(machine.register)


def _ends_an_employment_twice(machine: PathwayLifecycle, change: Change) -> None:
    if isinstance(change, EndEmployment):
        ended = [attrs.evolve(e, end_date=change.day) if e.employment_id == change.employment_id
                 else e for e in machine.register.employments]
        machine.register = machine.register.replace(employments=ended)
        return
    machine.register = change.apply_to(machine.register)


@pytest.mark.parametrize("apply", [_records_any_employment_event, _ends_an_employment_twice])
def test_the_employment_machine_catches_a_system_that_breaks_the_rules(
        apply: Callable[[PathwayLifecycle, Change], None]) -> None:
    """
    A system that records a review in a job that is no flexjob (or an event
    after the end), or ends an employment again, fails the run.
    """

    class Faulty(EmploymentLifecycle):
        def apply(self, change: Change) -> None:
            apply(self, change)

    quick = settings(max_examples=150, stateful_step_count=25, deadline=None, database=None,
                     derandomize=True, phases=[Phase.generate],
                     suppress_health_check=[HealthCheck.too_slow])
    with pytest.raises(AssertionError):
        run_state_machine_as_test(Faulty, settings=quick)
