"""The hotline's working hours, and the wait a person is told about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Hours:
    """When operators are at work: ISO weekdays (1 = Monday) and a daily span in a time zone."""

    timezone: ZoneInfo
    days: frozenset[int]
    start: time
    end: time
    """The end of the day's span; ``24:00`` is written as ``time.max``."""

    @classmethod
    def parse(cls, timezone: str, days: list[int], span: str) -> Hours:
        """From the settings' form: ``"Asia/Almaty"``, ``[1, 2, 3, 4, 5]``, ``"09:00-18:00"``."""
        start_text, end_text = span.split("-")
        return cls(ZoneInfo(timezone), frozenset(days), _time(start_text), _time(end_text))

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.timezone)
        return local.isoweekday() in self.days and self.start <= local.time() < self.end

    def next_opening(self, now: datetime) -> datetime:
        """The next moment (local time) the hotline opens, after ``now``; ``now`` when open."""
        local = now.astimezone(self.timezone)
        if self.is_open(now):
            return local
        for days_ahead in range(8):
            day = (local + timedelta(days=days_ahead)).date()
            opening = datetime.combine(day, self.start, tzinfo=self.timezone)
            if day.isoweekday() in self.days and opening > local:
                return opening
        raise ValueError("working hours never open")  # the settings forbid empty days


@dataclass(frozen=True)
class Wait:
    """What to tell a waiting person: minutes while open, or when the team is back."""

    open_now: bool
    minutes: int
    """The expected wait while the hotline is open (rounded up to 5 minutes)."""
    reopens_at: datetime | None
    """Local time of the next opening, when closed now."""


def expected_wait(now: datetime, hours: Hours, cases_ahead: int, minutes_per_case: float) -> Wait:
    """The expected wait for a case with ``cases_ahead`` waiting cases before it."""
    if not hours.is_open(now):
        return Wait(open_now=False, minutes=0, reopens_at=hours.next_opening(now))
    minutes = max(5, int(-(-(cases_ahead + 1) * minutes_per_case // 5) * 5))
    return Wait(open_now=True, minutes=minutes, reopens_at=None)


def _time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time.max if (hour, minute) == (24, 0) else time(hour, minute)
