"""
The evaluation of a register: one :class:`AgreementEvaluation` per agreement,
and :func:`evaluate`, which computes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from forloeb import _arguments as check
from forloeb import _progress
from forloeb.dates import one_year_before
from forloeb.errors import UnknownIdError
from forloeb.evaluation import _compute
from forloeb.evaluation._answers import (
    Q1InUse,
    Q2Plan,
    Q3Ownership,
    Q4Followup,
    Q5Caseworker,
    Q6Effects,
    Q7Overview,
    Q8Collaboration,
)
from forloeb.evaluation._period import Period
from forloeb.evaluation._shares import to_number
from forloeb.model import Agreement, Register
from forloeb.typing import AgreementEvaluationDict, EvaluationDict, SummaryDict


@attrs.frozen
class AgreementEvaluation:
    """
    The evaluation of one cooperation agreement (da: *evaluering af
    samarbejdsaftalen*): the answers to the eight questions of the paradigm.
    """

    agreement_id: str
    name: str
    provider: str
    price_per_pathway: Decimal | None
    positive_outcomes: tuple[str, ...]
    q1_in_use: Q1InUse
    q2_plan: Q2Plan
    q3_ownership: Q3Ownership
    q4_followup: Q4Followup
    q5_caseworker: Q5Caseworker
    q6_effects: Q6Effects
    q7_overview: Q7Overview
    q8_collaboration: Q8Collaboration

    @property
    def summary(self) -> dict[str, Fraction | None]:
        """
        The key figures of the paradigm's summary sentence and the comparison.
        """
        return {
            "progression_share": self.q7_overview.progression_share,
            "stopped_share": self.q7_overview.stopped_share,
            "plan_compliance": self.q2_plan.compliance,
            "attendance_compliance": self.q4_followup.attendance_compliance,
            "followup_compliance": self.q4_followup.followup_compliance,
            "occupancy": self.q1_in_use.occupancy,
        }

    def to_dict(self) -> AgreementEvaluationDict:
        """
        The JSON form of one agreement's evaluation (see :meth:`Evaluation.to_dict`).
        """
        return {
            "agreement_id": self.agreement_id,
            "name": self.name,
            "provider": self.provider,
            "price_per_pathway": to_number(self.price_per_pathway),
            "positive_outcomes": list(self.positive_outcomes),
            "q1_in_use": self.q1_in_use.to_dict(),
            "q2_plan": self.q2_plan.to_dict(),
            "q3_ownership": self.q3_ownership.to_dict(),
            "q4_followup": self.q4_followup.to_dict(),
            "q5_caseworker": self.q5_caseworker.to_dict(),
            "q6_effects": self.q6_effects.to_dict(),
            "q7_overview": self.q7_overview.to_dict(),
            "q8_collaboration": self.q8_collaboration.to_dict(),
            "summary": self._summary_numbers(),
        }

    def _summary_numbers(self) -> SummaryDict:
        summary = self.summary
        return {
            "progression_share": to_number(summary["progression_share"]),
            "stopped_share": to_number(summary["stopped_share"]),
            "plan_compliance": to_number(summary["plan_compliance"]),
            "attendance_compliance": to_number(summary["attendance_compliance"]),
            "followup_compliance": to_number(summary["followup_compliance"]),
            "occupancy": to_number(summary["occupancy"]),
        }


def _results(results: Iterable[AgreementEvaluation]) -> tuple[AgreementEvaluation, ...]:
    return tuple(results)


@attrs.frozen
class Evaluation:
    """
    The yearly evaluation (da: *evaluering*) of a register as of a date, over
    the period ``(since, as_of]``: one :class:`AgreementEvaluation` per agreement.
    """

    as_of: dt.date
    since: dt.date
    agreements: tuple[AgreementEvaluation, ...] = attrs.field(converter=_results)

    def agreement(self, agreement_id: str) -> AgreementEvaluation:
        """
        The evaluation of one agreement.

        Raises:
            UnknownIdError: if this evaluation holds no such agreement.
            InvalidArgument: if ``agreement_id`` is not a str.
        """
        check.check_text("agreement_id", agreement_id)
        for result in self.agreements:
            if result.agreement_id == agreement_id:
                return result
        held = ", ".join(a.agreement_id for a in self.agreements) or "none"
        raise UnknownIdError(
            f"the evaluation as of {self.as_of} holds no agreement {agreement_id!r} "
            f"(it holds: {held})"
        )

    def to_dict(self) -> EvaluationDict:
        """
        The evaluation as a JSON-able document: dates as ISO strings, shares as
        floats between 0 and 1 (``None`` where the denominator is 0) next to
        the counts they come from.
        """
        return {
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "agreements": [a.to_dict() for a in self.agreements],
        }


def evaluate(
    register: Register,
    *,
    as_of: dt.date,
    since: dt.date | None = None,
    agreements: Sequence[str] | None = None,
) -> Evaluation:
    """
    Answer the eight questions for each agreement, as of ``as_of``, over the
    period ``(since, as_of]``.

    Only facts dated on or before ``as_of`` are used (rule 8), so the 2017
    evaluation re-run from today's register gives the 2017 answer.

    Args:
        register: the register to evaluate.
        as_of: the evaluation date (the library never reads the clock).
        since: the day before the period starts; default one year before ``as_of``.
        agreements: evaluate only these agreement ids, in this order. An
            agreement that had not started by ``as_of`` is left out.

    Raises:
        UnknownIdError: if ``agreements`` names an agreement the register lacks.
        InvalidArgument: if an argument is of the wrong kind, a date lies
            outside the dates a register may hold, or the period is empty.
    """
    check.check_instance("register", register, Register)
    check.check_date("as_of", as_of, bounded=True)
    check.check_date("since", since, optional=True, bounded=True)
    check.check_ids("agreements", agreements, optional=True)
    period = Period(one_year_before(as_of) if since is None else since, as_of)
    wanted = _selected(register, agreements)
    results = [
        evaluate_agreement(register, agreement, period)
        for agreement in _progress.tracked(map(register.agreement, wanted), "evaluating",
                                           total=len(wanted), unit="agreements")
        if agreement.start_date <= period.as_of
    ]
    return Evaluation(as_of=period.as_of, since=period.since, agreements=results)


def evaluate_agreement(register: Register, agreement: Agreement,
                       period: Period) -> AgreementEvaluation:
    """
    The evaluation of one agreement of ``register`` as of ``period.as_of``.

    Only what the register knew on that day counts (rule 8): each pathway as
    it stood then (:meth:`~forloeb.model.Pathway.known_as_of`), and its events
    and the notes dated on or before it. The register itself is not copied.
    """
    as_of = period.as_of
    known = [k for p in register.pathways_of(agreement.agreement_id)
             if (k := p.known_as_of(as_of)) is not None]
    scope = _compute.Scope(agreement, known, register, period)
    deadlines = _compute.deadlines(scope)
    tally = _compute.tally_events(scope)
    return answered(agreement, in_use=_compute.in_use(scope), deadlines=deadlines,
                    ownership=_compute.ownership(scope, tally), tally=tally,
                    overview=_compute.overview(scope),
                    collaboration=_compute.collaboration(scope))


def answered(agreement: Agreement, *, in_use: Q1InUse, deadlines: _compute.DeadlineCounts,
             ownership: Q3Ownership, tally: _compute.EventTally, overview: Q7Overview,
             collaboration: Q8Collaboration) -> AgreementEvaluation:
    """
    The evaluation of ``agreement`` from what was counted: questions 1, 3, 7
    and 8 answered, the deadline counts (questions 2 and 4) and the tally of
    events (questions 3 to 6). Both engines count; this puts the answers together.
    """
    return AgreementEvaluation(
        agreement_id=agreement.agreement_id,
        name=agreement.name,
        provider=agreement.provider,
        price_per_pathway=agreement.price_per_pathway,
        positive_outcomes=tuple(agreement.positive_outcomes),
        q1_in_use=in_use,
        q2_plan=_compute.plan(deadlines),
        q3_ownership=ownership,
        q4_followup=_compute.followup(deadlines, tally),
        q5_caseworker=_compute.caseworker(tally),
        q6_effects=_compute.effects(tally),
        q7_overview=overview,
        q8_collaboration=collaboration,
    )


def _selected(register: Register, agreements: Iterable[str] | None) -> list[str]:
    if agreements is None:
        return [a.agreement_id for a in register.agreements]
    wanted = list(dict.fromkeys(agreements))
    unknown = [a for a in wanted if not register.has_agreement(a)]
    if unknown:
        held = ", ".join(a.agreement_id for a in register.agreements) or "none"
        raise UnknownIdError(
            f"the register has no agreement {', '.join(map(repr, unknown))} (it has: {held})"
        )
    return wanted
