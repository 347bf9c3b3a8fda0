"""When a case reopens, and when it is announced again. (Risk levels and their order are the
screening's: :func:`bot.screening.risk_rank`.)"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

STATUSES: tuple[str, ...] = ("waiting", "assigned", "closed")
OPEN_STATUSES: tuple[str, ...] = ("waiting", "assigned")
"""A person has at most one case in these at a time, and it is their latest."""

ENDED_BY_USER = "ended_by_user"
"""The outcome recorded when the person ends the conversation themselves."""
ERASED_BY_USER = "erased_by_user"
"""The outcome recorded when the person erases their data during a case."""

NO_REOPEN_OUTCOMES = frozenset({ENDED_BY_USER, ERASED_BY_USER, "duplicate"})
"""Closed this way, a case stays closed: the person chose to leave, or it lives on elsewhere."""


def may_reopen(
    closed_at: datetime | None, outcome: str | None, now: datetime, reopen_hours: float
) -> bool:
    """Whether a person writing at ``now`` reopens their closed case instead of starting anew."""
    if closed_at is None or outcome in NO_REOPEN_OUTCOMES:
        return False
    return now - closed_at <= timedelta(hours=reopen_hours)


def reannounce_at(now: datetime, risk: str, minutes: Mapping[str, float]) -> datetime:
    """When a case nobody has taken by then is announced again."""
    return now + timedelta(minutes=minutes.get(risk, minutes.get("none", 60)))
