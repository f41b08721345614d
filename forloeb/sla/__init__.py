"""
Deadlines and compliance (da: *frister*): the individual plan, the
attendance sheets, the frame, follow-up meetings, capacity and the 2.5-year
review of a flexjob, and the selection the work list shows.

Everything is computed as of a date from the facts dated on or before it:

>>> import datetime as dt
>>> from forloeb import Agreement, Pathway, Register
>>> sa2 = Agreement("SA2", dt.date(2018, 1, 1), slots=8, plan_deadline_weeks=1,
...                 frame_weeks=13)
>>> register = Register([sa2], [Pathway("P1", "SA2", "D-1", start_date=dt.date(2018, 3, 5))])
>>> for f in check_deadlines(register, as_of=dt.date(2018, 3, 20)):
...     print(f.pathway_id, f.rule, f.due, f.status, f.days_overdue)
P1 plan_deadline 2018-03-12 overdue 8
P1 frame 2018-06-04 pending 0
None capacity 2018-03-05 met 0
"""

from __future__ import annotations

from forloeb.sla._capacity import CapacityUse, capacity_use
from forloeb.sla._details import describe
from forloeb.sla._employment import employment_deadlines, review_due
from forloeb.sla._findings import COUNTED, OPEN, Finding, Rule, Status, compliance
from forloeb.sla._pathway import Deadline, pathway_deadlines
from forloeb.sla._register import (
    check_deadlines,
    check_pathway,
    employment_findings,
    next_due,
    next_due_for_employment,
)
from forloeb.sla._worklist import DUE_WITHIN, group_of, select_worklist, urgency

__all__ = [
    "COUNTED",
    "DUE_WITHIN",
    "OPEN",
    "CapacityUse",
    "Deadline",
    "Finding",
    "Rule",
    "Status",
    "capacity_use",
    "check_deadlines",
    "check_pathway",
    "compliance",
    "describe",
    "employment_deadlines",
    "employment_findings",
    "group_of",
    "next_due",
    "next_due_for_employment",
    "pathway_deadlines",
    "review_due",
    "select_worklist",
    "urgency",
]
