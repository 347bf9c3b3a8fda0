"""The lane pool: a chat whose work keeps failing pauses, and the other chats go on."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Iterable

from bot.lanes import IDLE_POLL_SECONDS, MAX_PAUSE_SECONDS, LanePool, pause_after


class Failing(LanePool[int]):
    """Chat "bad" fails every time; chat "good" has one piece of work each look."""

    def __init__(self) -> None:
        super().__init__(concurrency=4, name="test")
        self.drains: Counter[str] = Counter()

    async def ready_lanes(self, limit: int, exclude: Iterable[str]) -> dict[str, int]:
        return {lane: 1 for lane in ("bad", "good") if lane not in exclude}

    async def drain(self, lane: str, work: int) -> None:
        self.drains[lane] += 1
        if lane == "bad":
            raise RuntimeError("the database refuses writes")
        await asyncio.sleep(0.01)


async def test_a_chat_whose_work_fails_pauses_while_others_go_on() -> None:
    pool = Failing()
    running = asyncio.create_task(pool.run())
    await asyncio.sleep(IDLE_POLL_SECONDS * 1.8)
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    # Taken up again at once, the failing chat ran hundreds of times in this time.
    assert 1 <= pool.drains["bad"] <= 3
    assert pool.drains["good"] >= 20


def test_pauses_double_after_each_failure_up_to_a_cap() -> None:
    pauses = [pause_after(failures) for failures in range(1, 10)]
    assert pauses[:3] == [IDLE_POLL_SECONDS, 2 * IDLE_POLL_SECONDS, 4 * IDLE_POLL_SECONDS]
    assert pauses[-1] == MAX_PAUSE_SECONDS
    assert pauses == sorted(pauses)


class Busy(LanePool[int]):
    """Every chat has work at every look and finishes at once: the pool is woken all the time."""

    def __init__(self) -> None:
        super().__init__(concurrency=8, name="test")
        self.stopping = False

    async def ready_lanes(self, limit: int, exclude: Iterable[str]) -> dict[str, int]:
        if self.stopping:
            raise RuntimeError("the test gave up on this pool")
        return {str(n): 1 for n in range(limit) if str(n) not in exclude}

    async def drain(self, lane: str, work: int) -> None:
        await asyncio.sleep(0)


async def test_a_busy_pool_stops_when_cancelled() -> None:
    # Shutdown cancels the pool while chats finish and wake it; the cancellation must not be
    # lost in the wait for the next wake-up (as asyncio.wait_for can lose it on Python 3.11).
    stuck = 0
    for attempt in range(30):
        pool = Busy()
        running = asyncio.create_task(pool.run())
        await asyncio.sleep(0.001 * (attempt % 5))
        running.cancel()
        done, _ = await asyncio.wait({running}, timeout=2)
        if not done:
            stuck += 1
            pool.stopping = True  # its waits become plain sleeps, which a cancel does stop
            while not running.done():
                running.cancel()
                await asyncio.wait({running}, timeout=0.1)
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert stuck == 0
