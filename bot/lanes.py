"""Lanes: work kept in order per chat, and done for many chats at once.

The dispatcher (updates in) and the sender (calls out) both keep one task per chat that has
work, up to a limit; each drains its chat's queue in order and ends when it is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 0.5
"""How often to look for work nobody announced: retries that came due, another process's rows."""

MAX_PAUSE_SECONDS = 10.0
"""The longest wait between looks for work while the database does not answer."""

DRAIN_BATCH = 20
"""Pieces of one chat's work read at a time (and the most relayed texts merged into one)."""


def pause_after(failures: int) -> float:
    """How long to wait after ``failures`` failures in a row: doubling from one poll interval up
    to :data:`MAX_PAUSE_SECONDS`, so a short hiccup costs little and a long outage no spin."""
    return min(MAX_PAUSE_SECONDS, IDLE_POLL_SECONDS * 2.0 ** (failures - 1))


Work = TypeVar("Work")
"""What a look for work reads for each chat: its first due pieces of work."""


class LanePool(ABC, Generic[Work]):
    """Runs :meth:`drain` once per chat with work, never twice for the same chat at once."""

    def __init__(self, concurrency: int, name: str) -> None:
        self._concurrency = concurrency
        self._name = name
        self._wake = asyncio.Event()
        self._lanes: dict[str, asyncio.Task[None]] = {}
        self._resting: dict[str, tuple[float, int]] = {}
        """Chats whose task failed: until when they wait, and how many times in a row."""

    def wake(self) -> None:
        """New work was stored: look for it now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Start a task per chat with work, for as long as the service runs.

        A database that is away for a while (a restart, a lost connection) only pauses the
        pool: the work is in the database, so it is found again once the database answers."""
        failures = 0
        try:
            while True:
                self._wake.clear()
                free = self._concurrency - len(self._lanes)
                if free > 0:
                    try:
                        busy = self._lanes.keys() | self._still_resting()
                        lanes = await self.ready_lanes(free, exclude=busy)
                    except Exception as error:
                        failures += 1
                        # Only the class name: a database error's text can quote parameters.
                        logger.error(
                            "%s: looking for work failed (%s)", self._name, type(error).__name__
                        )
                        await asyncio.sleep(pause_after(failures))
                        continue
                    failures = 0
                    for lane, work in lanes.items():
                        self._start(lane, work)
                # Not asyncio.wait_for: on Python 3.11 it can swallow the cancellation that
                # stops the pool when the wake-up comes in the same turn (CPython gh-86296).
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(IDLE_POLL_SECONDS):
                        await self._wake.wait()
        finally:
            for task in self._lanes.values():
                task.cancel()
            await asyncio.gather(*self._lanes.values(), return_exceptions=True)

    def _start(self, lane: str, work: Work) -> None:
        task = asyncio.create_task(self.drain(lane, work), name=f"{self._name}-{lane[:8]}")
        self._lanes[lane] = task
        task.add_done_callback(lambda done: self._finished(lane, done))

    def _finished(self, lane: str, task: asyncio.Task[None]) -> None:
        self._lanes.pop(lane, None)
        error = None if task.cancelled() else task.exception()
        if error is None:
            self._resting.pop(lane, None)
        else:
            # The chat's work is still in the database and is taken up again after a pause
            # that grows while it keeps failing; taken up at once, a failure that repeats
            # (a database that refuses writes) would spin.
            logger.error("%s: a chat's work stopped (%s)", self._name, type(error).__name__)
            failures = self._resting.get(lane, (0.0, 0))[1] + 1
            self._resting[lane] = (time.monotonic() + pause_after(failures), failures)
        self.lane_finished(lane)
        self._wake.set()  # a free slot, and maybe work that arrived meanwhile

    def _still_resting(self) -> set[str]:
        """The chats to leave out of the next look; a chat quiet long after its pause ended
        is forgotten, and counts its failures afresh."""
        now = time.monotonic()
        for lane, (until, _failures) in list(self._resting.items()):
            if until < now - MAX_PAUSE_SECONDS:
                del self._resting[lane]
        return {lane for lane, (until, _failures) in self._resting.items() if until > now}

    @abstractmethod
    async def ready_lanes(self, limit: int, exclude: Iterable[str]) -> dict[str, Work]:
        """Chats whose next piece of work may be done now, other than ``exclude``, with that
        work read: one statement for many chats rather than one for each."""

    @abstractmethod
    async def drain(self, lane: str, work: Work) -> None:
        """Do one chat's work, starting with ``work``, in order, until none is left or it must
        wait."""

    def lane_finished(self, lane: str) -> None:
        """Called when a chat's task ends."""
