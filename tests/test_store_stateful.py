"""
The store as the system under test of forloeb's own lifecycle state machine:
every change recorded through :class:`~forloeb.store.Store` is accepted or
refused exactly as the rules say, and what the store loads is what was
recorded; the same machine drives each backend.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from store_backends import StoreBackend

from forloeb.model import Agreement, Register
from forloeb.store import Store
from forloeb.testing.changes import Cancel, Change, End, Extend, RecordEvent, Refer, Start
from forloeb.testing.stateful import PathwayLifecycle


class StoreLifecycle(PathwayLifecycle):
    """
    The pathway lifecycle recorded in a store, one transaction per change.
    """

    #: A new place for a store (a file name, an empty database), for each run.
    fresh: Callable[[], str]

    def setup(self, agreement: Agreement) -> None:
        self.store = Store.open(type(self).fresh(), create=True)
        self.store.add_agreement(agreement, actor="state machine")

    def apply(self, change: Change) -> None:
        store, actor = self.store, "state machine"
        match change:
            case Refer(pathway_id, agreement_id, participant_id, day):
                store.refer(pathway_id, agreement_id=agreement_id,
                            participant_id=participant_id, day=day, actor=actor)
            case Start(pathway_id, day):
                store.start(pathway_id, day=day, actor=actor)
            case End(pathway_id, day, outcome):
                store.end(pathway_id, day=day, outcome=outcome, actor=actor)
            case Cancel(pathway_id, day):
                store.cancel(pathway_id, day=day, actor=actor)
            case Extend(pathway_id, day, weeks):
                store.extend(pathway_id, day=day, weeks=weeks, actor=actor)
            case RecordEvent(event):
                store.record_event(event, actor=actor)

    def snapshot(self) -> Register:
        if not hasattr(self, "store"):
            return Register([])
        return self.store.load()

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()


@pytest.mark.slow
def test_the_store_records_the_lifecycle_as_the_rules_say(store_backend: StoreBackend) -> None:
    class Machine(StoreLifecycle):
        fresh = staticmethod(store_backend.fresh)

    run_state_machine_as_test(Machine, settings=settings(
        max_examples=8, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
