"""The control API itself: setup, reading, reset, clock, refusals, the page and the command."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from telegram import Bot

from bot.sandbox import RunningEmulator
from bot.sandbox.client import SandboxClient, SandboxClientError

ROOT = Path(__file__).resolve().parents[2]


async def test_info_tells_how_to_connect(sandbox: SandboxClient, emulator: RunningEmulator):
    info = await sandbox.info()
    assert info["api_base_url"] == emulator.api_base_url
    assert info["token"] == emulator.token
    assert info["bot"]["username"] == "senim_sandbox_bot"
    assert "sendmessage" in info["methods"] and "createforumtopic" in info["methods"]


async def test_messages_since_and_by_topic(
    bot: Bot, group: dict, operator: dict, sandbox: SandboxClient
):
    topic = await bot.create_forum_topic(group["id"], "Case")
    first = await bot.send_message(group["id"], "general")
    second = await bot.send_message(
        group["id"], "in topic", message_thread_id=topic.message_thread_id
    )
    newer = await sandbox.messages(group["id"], since=first.message_id)
    assert [m["message_id"] for m in newer] == [second.message_id]
    in_topic = await sandbox.messages(group["id"], thread_id=topic.message_thread_id)
    assert [m.get("text") for m in in_topic] == [None, "in topic"]  # creation message first


async def test_wait_for_messages_is_bounded(sandbox: SandboxClient, user: dict):
    with pytest.raises(TimeoutError, match="0 of 1 expected messages"):
        await sandbox.wait_for_messages(user["id"], timeout=0.2)


async def test_wait_for_messages_with_a_predicate(bot: Bot, sandbox: SandboxClient, user: dict):
    async def later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(user["id"], "noise")
        await bot.send_message(user["id"], "the answer")

    task = asyncio.create_task(later())
    [found] = await sandbox.wait_for_messages(
        user["id"], predicate=lambda m: "answer" in m["text"]
    )
    await task
    assert found["text"] == "the answer"


async def test_refusals_explain_themselves(sandbox: SandboxClient, user: dict, group: dict):
    with pytest.raises(SandboxClientError, match="already exists"):
        await sandbox.create_user("Twin", user_id=user["id"])
    with pytest.raises(SandboxClientError, match="no user"):
        await sandbox.send_text(424242, "ghost")
    stranger = await sandbox.create_user("Stranger")
    with pytest.raises(SandboxClientError, match="not a member"):
        await sandbox.send_text(stranger["id"], "hi", chat_id=group["id"])
    with pytest.raises(SandboxClientError, match="no topic"):
        await sandbox.send_text(user["id"], "hi", chat_id=group["id"], thread_id=77)
    with pytest.raises(SandboxClientError, match="no such inline button"):
        sent = await sandbox.send_text(user["id"], "hi")
        await sandbox.press_button(user["id"], sent, data="nothing")


async def test_batch_send(sandbox: SandboxClient, user: dict, bot: Bot):
    results = await sandbox.send_batch(
        [{"kind": "text", "user_id": user["id"], "text": str(i)} for i in range(5)]
    )
    assert len(results) == 5
    assert [u.message.text for u in await bot.get_updates()] == ["0", "1", "2", "3", "4"]


async def test_reset_forgets_everything(bot: Bot, sandbox: SandboxClient, user: dict):
    await bot.send_message(user["id"], "x")
    await sandbox.inject_fault("500", count=5)
    await sandbox.reset()
    assert await sandbox.users() == []
    assert await sandbox.calls() == []
    assert await sandbox.pending_updates() == []
    again = await sandbox.create_user("Again", user_id=user["id"])
    assert (await bot.send_message(again["id"], "fresh")).message_id == 1


async def test_clock_only_moves_forward(sandbox: SandboxClient):
    before = (await sandbox.info())["version"]
    now = await sandbox.advance_clock(3600)
    assert now >= 3600
    with pytest.raises(SandboxClientError, match="only moves forward"):
        await sandbox.advance_clock(-1)
    assert before >= 0


async def test_the_page_and_its_assets_are_served(emulator: RunningEmulator):
    async with aiohttp.ClientSession() as http:
        for path, kind in (
            ("/", "text/html"),
            ("/static/app.js", "javascript"),
            ("/static/style.css", "text/css"),
        ):
            async with http.get(emulator.url + path) as response:
                assert response.status == 200
                assert kind in response.headers["Content-Type"]


def test_module_entry_point_prints_url_and_token():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox", "--port", "0", "--no-rate-limits"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(5)]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
    assert lines[0].startswith("Telegram Bot API emulator at http://127.0.0.1:")
    assert any("bot token:" in line for line in lines)
    assert any("rate limits:   off" in line for line in lines)


async def test_forged_press_sends_data_no_button_has(bot: Bot, sandbox: SandboxClient, user: dict):
    message = await bot.send_message(user["id"], "no buttons here")
    with pytest.raises(SandboxClientError, match="no such inline button"):
        await sandbox.press_button(user["id"], message.message_id, data="admin:1")
    query_id = await sandbox.press_button(
        user["id"], message.message_id, data="admin:1", forged=True
    )
    [update] = await bot.get_updates()
    assert update.callback_query.id == query_id and update.callback_query.data == "admin:1"
