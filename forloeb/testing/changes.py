"""
Changes to a register, as values: what :class:`~forloeb.testing.PathwayLifecycle`
and :class:`~forloeb.testing.EmploymentLifecycle` ask the system under test to do.

Each change knows how :mod:`forloeb.recording` applies it (:meth:`apply_to`);
a tool that drives its own case system reads the fields instead and calls
its own code. Matching on the class reads well:

>>> import datetime as dt
>>> change = Start("P1", dt.date(2018, 1, 8))
>>> match change:
...     case Start(pathway_id=pathway_id, day=day):
...         print(f"start {pathway_id} on {day}")
start P1 on 2018-01-08
"""

from __future__ import annotations

import datetime as dt

import attrs

from forloeb import recording
from forloeb.codes import CANCELLED
from forloeb.model import Employment, EmploymentEvent, Event, Register


@attrs.frozen
class Refer:
    """
    Referral (da: *visitering*): a new pathway agreed for a participant on ``day``.
    """

    pathway_id: str
    agreement_id: str
    participant_id: str
    day: dt.date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.refer`.
        """
        return recording.refer(register, self.pathway_id,
                               agreement_id=self.agreement_id,
                               participant_id=self.participant_id, day=self.day)


@attrs.frozen
class Start:
    """
    Start (da: *opstart*) of a referred pathway on ``day``.
    """

    pathway_id: str
    day: dt.date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.start`.
        """
        return recording.start(register, self.pathway_id, day=self.day)


@attrs.frozen
class End:
    """
    End (da: *afslutning*) of a pathway on ``day`` with one ``outcome`` code.
    """

    pathway_id: str
    day: dt.date
    outcome: str

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.end`.
        """
        return recording.end(register, self.pathway_id, day=self.day, outcome=self.outcome)


@attrs.frozen
class Cancel:
    """
    Cancellation before the start (da: *annullering*): outcome ``annulleret``.
    """

    pathway_id: str
    day: dt.date

    @property
    def outcome(self) -> str:
        """
        Always ``annulleret``.
        """
        return CANCELLED

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.cancel`.
        """
        return recording.cancel(register, self.pathway_id, day=self.day)


@attrs.frozen
class Extend:
    """
    Extension (da: *forlængelse*) of an active pathway's frame by ``weeks``.
    """

    pathway_id: str
    day: dt.date
    weeks: int

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.extend`.
        """
        return recording.extend(register, self.pathway_id, day=self.day, weeks=self.weeks)


@attrs.frozen
class RecordEvent:
    """
    One event of a pathway (a follow-up, an attendance sheet, a delivery, ...).
    """

    event: Event

    @property
    def pathway_id(self) -> str:
        """
        The pathway the event belongs to.
        """
        return self.event.pathway_id

    @property
    def day(self) -> dt.date:
        """
        The event's date.
        """
        return self.event.date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.record_event`.
        """
        return recording.record_event(register, self.event)


@attrs.frozen
class Hire:
    """
    Hire (da: *ansættelse*): a new employment, from its start date.
    """

    employment: Employment

    @property
    def employment_id(self) -> str:
        """
        The id of the employment hired.
        """
        return self.employment.employment_id

    @property
    def day(self) -> dt.date:
        """
        The start of the employment.
        """
        return self.employment.start_date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.hire`.
        """
        return recording.hire(register, self.employment)


@attrs.frozen
class RecordEmploymentEvent:
    """
    A change of hours or intensity, or the 2.5-year review, of an employment.
    """

    event: EmploymentEvent

    @property
    def employment_id(self) -> str:
        """
        The employment the event belongs to.
        """
        return self.event.employment_id

    @property
    def day(self) -> dt.date:
        """
        The event's date.
        """
        return self.event.date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by
        :func:`forloeb.recording.record_employment_event`.
        """
        return recording.record_employment_event(register, self.event)


@attrs.frozen
class EndEmployment:
    """
    The end of an employment on ``day``.
    """

    employment_id: str
    day: dt.date

    def apply_to(self, register: Register) -> Register:
        """
        The register with this change recorded by :func:`forloeb.recording.end_employment`.
        """
        return recording.end_employment(register, self.employment_id, day=self.day)


#: A change to an employment.
EmploymentChange = Hire | RecordEmploymentEvent | EndEmployment

#: Any change the lifecycle machines make.
Change = Refer | Start | End | Cancel | Extend | RecordEvent | EmploymentChange


__all__ = ["Cancel", "Change", "EmploymentChange", "End", "EndEmployment", "Extend", "Hire",
           "RecordEmploymentEvent", "RecordEvent", "Refer", "Start"]
