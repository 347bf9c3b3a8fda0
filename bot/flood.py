"""The per-user flood limit: arithmetic over a fixed window, no Telegram, no database."""

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


class FloodCounter:
    """Every user's current window, kept in memory by the process that handles updates.

    A limiter, not a record: a restart only starts the counts again. Kept in the database,
    the count cost a write on every message a person sends."""

    def __init__(self, limit: int, window_seconds: int) -> None:
        self._limit = limit
        self._window_seconds = window_seconds
        self._states: dict[int, FloodState] = {}
        self._forget_at = _FORGET_ABOVE

    def register(self, user_id: int, now: datetime) -> Verdict:
        """Count one more message of ``user_id`` and say whether it may be handled."""
        state = self._states.get(user_id, FloodState(None, 0))
        state, verdict = register_message(state, now, self._limit, self._window_seconds)
        self._states[user_id] = state
        if len(self._states) > self._forget_at:
            self._forget_ended_windows(now)
        return verdict

    def _forget_ended_windows(self, now: datetime) -> None:
        window = timedelta(seconds=self._window_seconds)
        self._states = {
            user_id: state
            for user_id, state in self._states.items()
            if state.window_start is not None and now - state.window_start < window
        }
        self._forget_at = max(_FORGET_ABOVE, 2 * len(self._states))


_FORGET_ABOVE = 1024
"""Users counted before windows that have ended are forgotten."""
