"""Part of a rate limit is kept for urgent calls: the others wait for room beyond it."""

from __future__ import annotations

import asyncio

from aiolimiter import AsyncLimiter

from bot.sender import _outside_reserve


async def test_an_ordinary_call_waits_outside_the_reserve_while_an_urgent_one_goes_at_once() -> (
    None
):
    limiter = AsyncLimiter(30, 1)
    for _ in range(25):
        await limiter.acquire()  # a burst of replies: five of thirty left, all of them reserved
    ordinary = asyncio.create_task(_outside_reserve(limiter, reserve=5))
    await asyncio.sleep(0.01)
    assert not ordinary.done(), "only the reserve is left: an ordinary call must wait"
    await asyncio.wait_for(limiter.acquire(), timeout=0.01)  # an urgent call takes from it
    await asyncio.wait_for(ordinary, timeout=2)  # and the ordinary one goes once room returns
