"""
The code lists of the domain: outcomes, event types, reasons and domains.

Codes are ASCII identifiers; their Danish and English labels live in
:mod:`forloeb.labels`. The lists are the union of what the two 2018 agreements
recorded (domain.md sections 3-5).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from types import MappingProxyType


class State(enum.StrEnum):
    """
    Where a pathway stands as of a date (da: *visiteret / i forløb / afsluttet*).
    """

    REFERRED = "referred"
    ACTIVE = "active"
    ENDED = "ended"


class OutcomeGroup(enum.StrEnum):
    """
    The default classification of an outcome code.

    Whether an outcome counts as *progression* is a term of each agreement
    (``positive_outcomes``); the group is only the default reading.
    """

    PROGRESSION = "progression"
    REHABILITATION = "rehabilitation"
    STOPPED = "stopped"
    OTHER = "other"
    CANCELLED = "cancelled"


_G = OutcomeGroup

#: Every known outcome code and its group, in the order reports list them.
OUTCOMES: MappingProxyType[str, OutcomeGroup] = MappingProxyType(
    {
        "fleksjob": _G.PROGRESSION,
        "ordinaert_job": _G.PROGRESSION,
        "loentilskud": _G.OTHER,
        "uddannelse": _G.PROGRESSION,
        "sprogskole": _G.OTHER,
        "praktik_foer_rehab": _G.REHABILITATION,
        "arbejdsproevning_2": _G.REHABILITATION,
        "afventer_rehab": _G.REHABILITATION,
        "rehab_afklaring": _G.REHABILITATION,
        "foertidspension": _G.OTHER,
        "stoppet_massive_udfordringer": _G.STOPPED,
        "barsel": _G.OTHER,
        "faengsel": _G.OTHER,
        "jobsoegende": _G.OTHER,
        "annulleret": _G.CANCELLED,
    }
)

#: The outcome of a pathway cancelled before it started; never counted as completed.
CANCELLED = "annulleret"

#: The outcome that counts as *stopped* in question 7.
STOPPED = "stoppet_massive_udfordringer"

#: SA1's definition of progression, the default ``positive_outcomes``.
DEFAULT_POSITIVE_OUTCOMES: tuple[str, ...] = ("fleksjob", "ordinaert_job", "uddannelse")

#: Why a pathway has no individual plan (exempts it from the plan deadline).
NO_PLAN_REASONS: tuple[str, ...] = (
    "behandling_backup",
    "kort_forloeb",
    "massive_udfordringer",
    "arbejdsproevning",
    "andet",
)

#: The target groups of the agreements.
TARGET_GROUPS: tuple[str, ...] = (
    "ressourceforloeb",
    "lab_2_3",
    "integration",
    "aegtefaelleforsoerget",
    "andet",
)

#: Everyday effect domains observed in 2018 (question 6).
EFFECT_DOMAINS: tuple[str, ...] = (
    "moedestabilitet",
    "regelmaessighed",
    "overblik",
    "ro_og_egenmaerkning",
    "tillid",
    "sprog",
    "arbejdsmarkedsnormer",
    "selvstaendighed",
)


class EventType(enum.StrEnum):
    """
    The kinds of thing that can happen to a pathway (one row of ``events``).
    """

    FOLLOWUP = "followup"
    MEETING_REQUEST = "meeting_request"
    ATTENDANCE_REPORT = "attendance_report"
    DELIVERY = "delivery"
    PLAN_REVISED = "plan_revised"
    EXTENSION = "extension"
    EFFECT = "effect"
    ABSENCE = "absence"


@enum.unique
class ValueUse(enum.Enum):
    """
    Whether an event type takes a ``value``.
    """

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


#: Per event type: the allowed codes (empty: no code), the default code, and
#: whether a value is taken, with its inclusive bounds.
EVENT_CODES: MappingProxyType[EventType, tuple[str, ...]] = MappingProxyType(
    {
        EventType.FOLLOWUP: ("held", "cancelled"),
        EventType.MEETING_REQUEST: (),
        EventType.ATTENDANCE_REPORT: (),
        EventType.DELIVERY: ("plan_sent", "meeting_offer", "rehab_description", "other"),
        EventType.PLAN_REVISED: (),
        EventType.EXTENSION: (),
        EventType.EFFECT: EFFECT_DOMAINS,
        EventType.ABSENCE: ("sick", "other"),
    }
)

#: The code an event gets when its row leaves ``code`` empty.
EVENT_DEFAULT_CODES: MappingProxyType[EventType, str] = MappingProxyType(
    {EventType.FOLLOWUP: "held"}
)

#: Per event type: how ``value`` is used and its bounds (low, high or None).
EVENT_VALUES: MappingProxyType[EventType, tuple[ValueUse, int | None, int | None]] = (
    MappingProxyType(
        {
            EventType.FOLLOWUP: (ValueUse.NONE, None, None),
            EventType.MEETING_REQUEST: (ValueUse.NONE, None, None),
            EventType.ATTENDANCE_REPORT: (ValueUse.NONE, None, None),
            EventType.DELIVERY: (ValueUse.NONE, None, None),
            EventType.PLAN_REVISED: (ValueUse.NONE, None, None),
            EventType.EXTENSION: (ValueUse.REQUIRED, 1, 260),
            EventType.EFFECT: (ValueUse.OPTIONAL, 1, 5),
            EventType.ABSENCE: (ValueUse.REQUIRED, 1, 365),
        }
    )
)

#: Per event type: the most its values may add up to over one pathway (the
#: weeks of every extension, the days of every absence), so that no deadline
#: moves beyond the calendar however many are recorded.
EVENT_TOTALS: MappingProxyType[EventType, int] = MappingProxyType(
    {EventType.EXTENSION: 520, EventType.ABSENCE: 3650}
)

# -- the limits of dates and numbers ------------------------------------------------
# A register describes what a jobcenter did and plans: dates outside these
# years are typing mistakes (2108 for 2018, 0201 for 2021), and terms in the
# thousands of weeks would push deadlines past the end of the calendar.

#: The earliest date a register may hold and the command line accepts.
FIRST_DATE = dt.date(1990, 1, 1)

#: The latest date a register may hold and the command line accepts.
LAST_DATE = dt.date(2100, 12, 31)

#: Inclusive bounds of each whole-number term of an agreement.
AGREEMENT_BOUNDS: MappingProxyType[str, tuple[int, int]] = MappingProxyType(
    {
        "slots": (1, 100_000),
        "extra_slots": (0, 100_000),
        "plan_deadline_weeks": (0, 104),
        "frame_weeks": (1, 520),
        "attendance_interval_months": (1, 24),
        "grace_days": (0, 365),
        "followup_interval_weeks": (1, 104),
    }
)

#: Inclusive bounds of an agreement's price per pathway, in kroner.
PRICE_BOUNDS: tuple[Decimal, Decimal] = (Decimal(0), Decimal(100_000_000))

#: The most decimals a price may have (øre).
PRICE_DECIMALS = 2

#: Inclusive bounds of a collaboration note's rating.
RATING_BOUNDS: tuple[int, int] = (1, 5)

#: Event types that may be dated before the start (handed over at referral).
BEFORE_START_TYPES: frozenset[EventType] = frozenset({EventType.DELIVERY})

# -- employments: hires after (or beside) a pathway --------------------------------

#: The kinds of employment (da: *ansættelsesformer*) the jobs goal counts, in
#: the order reports list them: flexjob, part-time, full-time, wage subsidy.
EMPLOYMENT_KINDS: tuple[str, ...] = ("fleksjob", "deltid", "fuldtid", "loentilskud")

#: The kind of employment whose 2.5-year review the jobcenter holds.
FLEXJOB = "fleksjob"

#: How a hire came about: through the jobcenter, or the enterprise's own channels.
CHANNELS: tuple[str, ...] = ("jobcenter", "other")

#: The channel a hire has when its row leaves ``channel`` empty.
DEFAULT_CHANNEL = "jobcenter"

#: The intensity (percent of the work capacity used) when a row leaves it empty.
DEFAULT_INTENSITY = 100

#: Inclusive bounds of an employment's intensity, in percent.
INTENSITY_BOUNDS: tuple[int, int] = (1, 100)

#: The most hours a week an employment may have (it must have more than 0).
MAX_HOURS_PER_WEEK = Decimal(80)

#: The most decimals hours a week may have (quarter hours: 37.25).
HOURS_DECIMALS = 2


class EmploymentEventType(enum.StrEnum):
    """
    What can happen to an employment (one row of ``employment_events``).

    ``change``: new hours and/or intensity from that date. ``review``: the
    jobcenter's follow-up 2.5 years into a flexjob was held.
    """

    CHANGE = "change"
    REVIEW = "review"


#: A flexjob's review falls due this many months after its start (LAB § 70 d, stk. 1).
REVIEW_AFTER_MONTHS = 30

#: A review held this many months before its due date, or later up to it, is on time.
REVIEW_WINDOW_MONTHS = 3

#: The yearly goal of hires through the jobcenter unless told otherwise.
DEFAULT_JOBS_GOAL = 30
