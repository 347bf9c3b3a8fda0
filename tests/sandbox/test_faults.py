"""Injected faults: 429, 500, 502, delays and dropped connections, per method or by share."""

import time

import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter

from bot.sandbox import start_emulator
from bot.sandbox.client import SandboxClient, SandboxClientError


async def test_429_for_the_next_call_only(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.inject_fault("429", count=1, retry_after=7)
    with pytest.raises(RetryAfter) as error:
        await bot.send_message(user["id"], "x")
    assert error.value.retry_after in (7, __import__("datetime").timedelta(seconds=7))
    assert "Flood control exceeded" in error.value.message
    assert (await bot.send_message(user["id"], "y")).text == "y"


@pytest.mark.parametrize(
    ("kind", "text"), [("500", "Internal Server Error"), ("502", "Bad Gateway")]
)
async def test_server_errors(bot: Bot, user: dict, sandbox: SandboxClient, kind: str, text: str):
    await sandbox.inject_fault(kind, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=text):
            await bot.send_message(user["id"], "x")
    assert await bot.send_message(user["id"], "ok")


async def test_fault_only_for_given_methods(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.inject_fault("500", count=1, methods=["editMessageText"])
    message = await bot.send_message(user["id"], "untouched")
    with pytest.raises(NetworkError):
        await bot.edit_message_text("x", user["id"], message.message_id)
    assert (await bot.edit_message_text("x", user["id"], message.message_id)).text == "x"


async def test_delay(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.inject_fault("delay", count=1, delay=0.4)
    started = time.monotonic()
    await bot.send_message(user["id"], "slow")
    assert time.monotonic() - started >= 0.4


async def test_dropped_connection(bot: Bot, user: dict, sandbox: SandboxClient):
    await sandbox.inject_fault("drop", count=1, methods=["sendMessage"])
    with pytest.raises(NetworkError):
        await bot.send_message(user["id"], "lost")
    assert await sandbox.messages(user["id"]) == []
    assert await bot.send_message(user["id"], "fine")


async def test_share_of_calls_is_deterministic_given_the_seed():
    async def failures(seed: int) -> list[int]:
        emulator = await start_emulator(rate_limits=False, seed=seed)
        try:
            async with (
                SandboxClient(emulator.url) as sandbox,
                Bot(emulator.token, base_url=emulator.api_base_url) as bot,
            ):
                user = await sandbox.create_user("U")
                await sandbox.inject_fault("500", share=0.3, methods=["sendmessage"])
                failed = []
                for i in range(40):
                    try:
                        await bot.send_message(user["id"], str(i))
                    except NetworkError:
                        failed.append(i)
                return failed
        finally:
            await emulator.stop()

    first, second = await failures(3), await failures(3)
    assert first == second
    assert 4 <= len(first) <= 24


async def test_fault_requests_are_validated(sandbox: SandboxClient):
    with pytest.raises(SandboxClientError, match="fault kind"):
        await sandbox.inject_fault("418")  # type: ignore[arg-type]
    rule = await sandbox.inject_fault("502", count=3)
    assert rule["remaining"] == 3
    await sandbox.clear_faults()
