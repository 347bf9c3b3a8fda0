"""The per-user flood limit: pure arithmetic over a fixed window, no Telegram, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"
    """The first message over the limit: answer once, politely, and keep nothing."""
    DROP = "drop"
    """Further messages in the same window: keep nothing and say nothing more."""


@dataclass(frozen=True)
class FloodState:
    window_start: datetime | None
    count: int


def register_message(
    state: FloodState, now: datetime, limit: int, window_seconds: int
) -> tuple[FloodState, Verdict]:
    """Count one more message and say whether it may be handled."""
    window = timedelta(seconds=window_seconds)
    if state.window_start is None or now - state.window_start >= window:
        return FloodState(now, 1), Verdict.OK
    count = state.count + 1
    new_state = FloodState(state.window_start, count)
    if count <= limit:
        return new_state, Verdict.OK
    return new_state, Verdict.WARN if count == limit + 1 else Verdict.DROP
