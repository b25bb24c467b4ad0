"""Early / on time / late, and "due soon": the one classification every report reads (no Django).

DESIGN.md "Early / on time / late", after the national portal's rule (Decision 766 formula,
§2.1) and OpenCPS: a result ready on a calendar day before the appointment's day is early; on
that day at or before the due instant, on time; after the due instant, late. The applicant's
supplementation time is already excluded from the due instant (the clock was paused); a dossier
with more than one supplementation request during resolution counts as late. Without a legal
time limit the class is explicitly "no time limit".
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from motcua.workcal.calendar import to_local


class Timeliness(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    NO_TIME_LIMIT = "no_time_limit"


def classify(
    *, finished_at: datetime, due_at: datetime | None, supplement_requests: int = 0
) -> Timeliness:
    """The class of a resolved dossier or a finished step."""
    if due_at is None:
        return Timeliness.NO_TIME_LIMIT
    if supplement_requests > 1 or finished_at > due_at:
        return Timeliness.LATE
    if to_local(finished_at).date() < to_local(due_at).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def is_due_soon(
    *,
    remaining_seconds: int,
    total_seconds: int,
    share: float = 0.2,
    last_day_seconds: int = 8 * 3600,
) -> bool:
    """Within the last `share` of its working time, or its last working day (defaults: 20%, 8 h).

    Both durations are working time; an overdue item (remaining ≤ 0) is not "due soon" but late.
    """
    if remaining_seconds <= 0:
        return False
    return remaining_seconds <= total_seconds * share or remaining_seconds <= last_day_seconds
