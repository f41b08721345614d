"""
The keys of ``forloeb evaluate --format json`` that register-format.md
documents, per question; shared by the evaluation and rendering tests.
"""

from __future__ import annotations

QUESTION_KEYS: dict[str, set[str]] = {
    "q1_in_use": {"slots", "extra_slots", "active", "utilisation", "occupancy",
                  "pathway_days", "slot_days", "started_in_period", "active_in_period",
                  "ended_in_period", "upcoming_starts"},
    "q2_plan": {"participants", "met", "late", "exempt", "pending", "overdue", "not_due",
                "exempt_reasons"},
    "q3_ownership": {"plans", "co_created", "own_goals", "revised"},
    "q4_followup": {"meetings_held", "participants", "meetings_per_participant",
                    "meeting_requests", "followup", "attendance_report"},
    "q5_caseworker": {"deliveries", "meetings_requested", "requests_followed_by_meeting"},
    "q6_effects": {"participants_with_effect", "by_domain", "score_change"},
    "q7_overview": {"completed", "continuing", "outcomes", "progression",
                    "progression_share", "stopped", "stopped_share"},
    "q8_collaboration": {"notes", "mean_rating", "items"},
}
