"""Flood limits: per private chat, per group and per bot, answered with 429 retry_after."""

import datetime
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.sandbox import RunningEmulator, start_emulator
from bot.sandbox.client import SandboxClient
from bot.sandbox.rules import RateLimiter


@pytest.fixture
async def limited() -> AsyncIterator[RunningEmulator]:
    running = await start_emulator()  # rate limits are on by default
    yield running
    await running.stop()


def seconds(value: int | datetime.timedelta) -> float:
    return value.total_seconds() if isinstance(value, datetime.timedelta) else value


async def test_private_chat_allows_a_short_burst_then_429(limited: RunningEmulator):
    async with (
        SandboxClient(limited.url) as sandbox,
        Bot(limited.token, base_url=limited.api_base_url) as bot,
    ):
        user = await sandbox.create_user("Fast")
        sent = 0
        with pytest.raises(RetryAfter) as error:
            for i in range(10):
                await bot.send_message(user["id"], str(i))
                sent += 1
        assert 2 <= sent <= 5
        assert seconds(error.value.retry_after) >= 1
        [refused] = [c for c in await sandbox.calls("sendmessage") if c["status"] == 429]
        assert refused["description"].startswith("Too Many Requests: retry after ")
        other = await sandbox.create_user("Other")
        assert await bot.send_message(other["id"], "another chat has its own budget")


async def test_switching_limits_off_at_runtime(limited: RunningEmulator):
    async with (
        SandboxClient(limited.url) as sandbox,
        Bot(limited.token, base_url=limited.api_base_url) as bot,
    ):
        user = await sandbox.create_user("Fast")
        await sandbox.set_rate_limits(False)
        for i in range(25):
            await bot.send_message(user["id"], str(i))
        await sandbox.set_rate_limits(True)
        assert (await sandbox.info())["rate_limits"] is True


def test_group_budget_is_20_per_minute():
    limiter = RateLimiter()
    results = [limiter.check(-100, is_group=True, now=0.0) for _ in range(21)]
    assert results[:20] == [0] * 20
    assert results[20] == 3  # one token refills every 3 s at 20/min
    assert limiter.check(-100, is_group=True, now=3.0) == 0


def test_bot_wide_budget_is_30_per_second():
    limiter = RateLimiter()
    results = [limiter.check(user_id, is_group=False, now=0.0) for user_id in range(1, 32)]
    assert results[:30] == [0] * 30
    assert results[30] == 1


def test_private_chat_refills_one_per_second():
    limiter = RateLimiter()
    burst = [limiter.check(7, is_group=False, now=0.0) for _ in range(5)]
    assert burst == [0, 0, 0, 0, 1]
    assert limiter.check(7, is_group=False, now=1.0) == 0
    assert limiter.check(7, is_group=False, now=1.0) == 1


async def test_group_limit_over_http(limited: RunningEmulator):
    async with (
        SandboxClient(limited.url) as sandbox,
        Bot(limited.token, base_url=limited.api_base_url) as bot,
    ):
        group = await sandbox.create_group("Ops")
        for i in range(20):
            await bot.send_message(group["id"], str(i))
        with pytest.raises(RetryAfter) as error:
            await bot.send_message(group["id"], "21st")
        assert seconds(error.value.retry_after) == 3
