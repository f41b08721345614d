"""
Property tests of the tiny case system, with forloeb's strategies and state machine.

Copy this file next to your own code, replace ``CaseSystem`` with it, and
run ``pytest``. Two kinds of test:

- ``TestCaseSystemLifecycle`` runs forloeb's lifecycle state machine against
  the case system: every referral, start, end, cancellation, extension and
  event that forloeb's rules accept must be accepted, every other one refused
  under one of the rules it breaks, and the exported register must stay valid.
- ``@given`` tests check how the case system reads outcome states, on
  pathways and registers drawn by forloeb's strategies.
"""

from __future__ import annotations

from casesystem import ACTIVE, ENDED, REFERRED, CaseSystem
from hypothesis import given, settings
from hypothesis import strategies as st

from forloeb import Agreement, Pathway, Register, State
from forloeb.rules import validate
from forloeb.testing import (
    TYPICAL_AS_OF,
    Cancel,
    Change,
    End,
    Extend,
    PathwayLifecycle,
    RecordEvent,
    Refer,
    Start,
    agreements,
    pathways,
)


class CaseSystemLifecycle(PathwayLifecycle):
    """
    forloeb's lifecycle machine, driving the case system instead of forloeb.recording.
    """

    def setup(self, agreement: Agreement) -> None:
        self.system = CaseSystem(agreement)

    def apply(self, change: Change) -> None:
        match change:
            case Refer(pathway_id=case_id, participant_id=citizen, day=day):
                self.system.open_case(case_id, citizen=citizen, day=day)
            case Start(pathway_id=case_id, day=day):
                self.system.begin(case_id, day)
            case End(pathway_id=case_id, day=day, outcome=outcome):
                self.system.close(case_id, day, outcome=outcome)
            case Cancel(pathway_id=case_id, day=day):
                self.system.cancel(case_id, day)
            case Extend(pathway_id=case_id, day=day, weeks=weeks):
                self.system.extend(case_id, day, weeks=weeks)
            case RecordEvent(event=event):
                self.system.note(event)

    def snapshot(self) -> Register:
        return self.system.to_register()


TestCaseSystemLifecycle = CaseSystemLifecycle.TestCase
TestCaseSystemLifecycle.settings = settings(max_examples=15, stateful_step_count=25,
                                            deadline=None)

_STATUS = {State.REFERRED: REFERRED, State.ACTIVE: ACTIVE, State.ENDED: ENDED}


def _cases_of(agreement: Agreement, pathway: Pathway) -> CaseSystem:
    """
    A case system holding ``pathway``, entered the way a caseworker would.
    """
    system = CaseSystem(agreement)
    system.open_case(pathway.pathway_id, citizen=pathway.participant_id,
                     day=pathway.referred_date or pathway.start_date or pathway.end_date
                     or agreement.start_date)
    if pathway.start_date is not None:
        system.begin(pathway.pathway_id, pathway.start_date)
    if pathway.end_date is not None and pathway.outcome is not None:
        system.close(pathway.pathway_id, pathway.end_date, outcome=pathway.outcome)
    return system


@settings(max_examples=30)
@given(agreements().flatmap(lambda a: st.tuples(st.just(a), pathways(a, as_of=TYPICAL_AS_OF))))
def test_case_status_matches_the_pathway_state(drawn: tuple[Agreement, Pathway]) -> None:
    agreement, pathway = drawn
    system = _cases_of(agreement, pathway)
    expected = _STATUS[pathway.state(as_of=TYPICAL_AS_OF)]
    assert expected == system.status_on(pathway.pathway_id, TYPICAL_AS_OF)


@settings(max_examples=30)
@given(agreements().flatmap(lambda a: st.tuples(st.just(a), pathways(a))))
def test_exported_cases_pass_forloebs_rules(drawn: tuple[Agreement, Pathway]) -> None:
    agreement, pathway = drawn
    assert [] == validate(_cases_of(agreement, pathway).to_register())
