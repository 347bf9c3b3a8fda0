"""Nothing lost, nothing twice: crashes, Telegram faults, duplicates and blocked users."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.crypto import Vault
from bot.sandbox.botprocess import BotProcess, bot_env, free_port
from db.models import InboxUpdate, OutboxMessage, User
from db.session import create_engine, session_factory
from tests.conftest import POSTGRES_URL
from tests.service.harness import Harness

SETTLE_SECONDS = 2.0
"""How long to keep watching for a duplicate after the expected reply arrived."""


async def bot_texts(harness: Harness, chat: int) -> list[str]:
    return [message["text"] for message in await harness.bot_messages(chat)]


async def wait_for_calls(harness: Harness, method: str, status: int, count: int = 1) -> None:
    for _ in range(200):
        calls = await harness.sandbox.calls(method)
        if sum(1 for call in calls if call["status"] == status) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {count} {method} calls answered {status}")


async def test_reply_arrives_once_when_the_bot_is_killed_before_sending(
    harness: Harness,
) -> None:
    chat = await harness.user("Bakyt", language_code="ky")
    await harness.sandbox.inject_fault("500", share=1.0, methods=["sendMessage"])
    await harness.sandbox.send_text(chat, "/start")
    await wait_for_calls(harness, "sendMessage", 500)  # handled: the reply waits in the outbox

    assert await harness.bot.stop(kill=True) == -9
    await harness.sandbox.clear_faults()
    await harness.bot.start()

    await harness.sandbox.wait_for_messages(chat, count=1, timeout=15)
    await asyncio.sleep(SETTLE_SECONDS)
    texts = await bot_texts(harness, chat)
    assert len(texts) == 1 and texts[0].startswith("Саламатсызбы!")


async def test_reply_arrives_once_when_the_bot_is_killed_right_after_the_message(
    harness: Harness,
) -> None:
    chat = await harness.user("Gulnara", language_code="kk")
    await harness.sandbox.send_text(chat, "/start")
    await harness.bot.stop(kill=True)  # wherever it was: fetching, storing, handling, sending
    await harness.bot.start()
    await harness.sandbox.wait_for_messages(chat, count=1, timeout=15)
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(await bot_texts(harness, chat)) == 1


async def test_every_reply_arrives_once_and_in_order_under_30_percent_faults(
    harness: Harness,
) -> None:
    commands = ["/help", "/privacy", "/nosuchcommand", "/help", "/privacy"]
    chats = [await harness.user(f"Worker {index}", language_code="ru") for index in range(5)]
    await harness.sandbox.inject_fault("429", share=0.15, retry_after=1)
    await harness.sandbox.inject_fault("500", share=0.15)
    for command in commands:
        for chat in chats:
            await harness.sandbox.send_text(chat, command)

    expected_starts = ["Напишите", "Что я храню", "Я не знаю", "Напишите", "Что я храню"]
    for chat in chats:
        await harness.sandbox.wait_for_messages(chat, count=len(commands), timeout=60)
    await asyncio.sleep(SETTLE_SECONDS)
    faults = [call for call in await harness.sandbox.calls() if call["status"] in (429, 500)]
    assert faults, "the faults were injected and hit"
    for chat in chats:
        texts = await bot_texts(harness, chat)
        assert [text.split(" ")[0] for text in texts] == [s.split(" ")[0] for s in expected_starts]
        assert all(
            text.startswith(start) for text, start in zip(texts, expected_starts, strict=True)
        )


async def blocked_user_state(harness: Harness, chat: int) -> tuple[User | None, list[str]]:
    """The user's row and the statuses of their outbox rows, once nothing is pending."""
    vault = Vault.from_secret(harness.secret_key)
    engine = create_engine(harness.database_url)
    try:
        for _ in range(100):
            async with session_factory(engine)() as session:
                user = await session.scalar(
                    select(User).where(User.chat_key == vault.chat_key(chat))
                )
                statuses = list(
                    await session.scalars(
                        select(OutboxMessage.status).where(
                            OutboxMessage.lane == vault.chat_key(chat)
                        )
                    )
                )
            if user is not None and user.unreachable and "pending" not in statuses:
                break
            await asyncio.sleep(0.1)
    finally:
        await engine.dispose()
    return user, statuses


async def refused_calls(harness: Harness, chat: int) -> int:
    return sum(
        1
        for call in await harness.sandbox.calls()
        if call["status"] == 403 and str(call["params"].get("chat_id")) == str(chat)
    )


@pytest.mark.parametrize("told", [False, True], ids=["refused-call", "my-chat-member"])
async def test_a_blocked_user_does_not_stall_other_chats(harness: Harness, told: bool) -> None:
    blocked = await harness.user("Blocked", language_code="ru")
    other = await harness.user("Other", language_code="ru")
    await harness.choose_language(blocked, "ru")
    await harness.bot.stop()
    for _ in range(3):
        await harness.sandbox.send_text(blocked, "/help")
    await harness.sandbox.block(blocked, notify=told)  # before the three replies go out
    await harness.sandbox.send_text(other, "/help")
    await harness.bot.start()
    await harness.sandbox.wait_for_messages(other, count=1, timeout=10)

    user, statuses = await blocked_user_state(harness, blocked)
    assert user is not None and user.unreachable
    assert "pending" not in statuses and "dead" in statuses
    if told:
        # The update and the first refused call race; either way at most one call is refused.
        assert await refused_calls(harness, blocked) <= 1
    else:
        assert await refused_calls(harness, blocked) == 1, "no retrying a user who blocked us"

    await harness.sandbox.unblock(blocked)  # Telegram sends my_chat_member "member"
    reply = await harness.say(blocked, "/help")
    assert "/language" in reply["text"], "an unblocked user is answered again"


@pytest.fixture
async def webhook_bot(harness: Harness, tmp_path) -> tuple[str, str]:
    """The harness's bot restarted in webhook mode; returns (webhook URL, secret)."""
    await harness.bot.stop()
    port = free_port()
    secret = "test-secret_123"
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    harness.bot.env.update(
        SENIM_TELEGRAM_MODE="webhook",
        SENIM_TELEGRAM_WEBHOOK_URL=url,
        SENIM_WEBHOOK_SECRET=secret,
        SENIM_WEB_PORT=str(port),
    )
    await harness.bot.start()
    return url, secret


async def test_webhook_answers_a_duplicated_update_once(
    harness: Harness, webhook_bot: tuple[str, str]
) -> None:
    url, secret = webhook_bot
    chat = await harness.user("Nodira", language_code="uz")
    update = {
        "update_id": 777000,
        "message": {
            "message_id": 1, "date": 1795000000, "text": "/help",
            "chat": {"id": chat, "type": "private", "first_name": "Nodira"},
            "from": {"id": chat, "is_bot": False, "first_name": "Nodira", "language_code": "uz"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }  # fmt: skip
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as http:
        for _ in range(3):
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 200
    await harness.sandbox.wait_for_messages(chat, count=1, timeout=10)
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(await bot_texts(harness, chat)) == 1


async def test_webhook_refuses_a_wrong_secret_without_side_effects(
    harness: Harness, webhook_bot: tuple[str, str]
) -> None:
    url, _secret = webhook_bot
    update = {"update_id": 888000, "message": {"message_id": 1, "date": 1, "text": "hi",
              "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": False,
              "first_name": "X"}}}  # fmt: skip
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with http.post(url, data=json.dumps(update), headers=headers) as response:
                assert response.status == 401
    engine = create_engine(harness.database_url)
    try:
        async with session_factory(engine)() as session:
            stored = await session.scalar(
                select(InboxUpdate).where(InboxUpdate.update_id == 888000)
            )
        assert stored is None
    finally:
        await engine.dispose()


async def test_webhook_mode_serves_updates_from_the_emulator(
    harness: Harness, webhook_bot: tuple[str, str]
) -> None:
    chat = await harness.user("Timur", language_code="ru")
    reply = await harness.say(chat, "/privacy")
    assert reply["text"].startswith("Что я храню")


async def test_polling_starts_even_when_telegram_fails_at_first(harness: Harness) -> None:
    await harness.bot.stop()
    await harness.sandbox.inject_fault("500", count=2, methods=["deleteWebhook", "getUpdates"])
    await harness.bot.start()
    chat = await harness.user("Timur", language_code="uz")
    reply = await harness.say(chat, "/start", timeout=20)
    assert "inline_keyboard" in reply.get("reply_markup", {})


async def test_a_second_bot_process_takes_over_after_a_crash(harness: Harness, tmp_path) -> None:
    """The same database and key serve a new process (e.g. after a redeploy)."""
    chat = await harness.user("Saule", language_code="kk")
    await harness.choose_language(chat, "kk")
    await harness.bot.stop(kill=True)
    replacement = BotProcess(
        bot_env(harness.emulator, harness.database_url, harness.secret_key, tmp_path / "d2")
    )
    await replacement.start()
    try:
        reply = await harness.say(chat, "/help")
        assert "/language" in reply["text"] and "Сұрағыңызды" in reply["text"]
    finally:
        await replacement.stop()


@pytest.mark.skipif(
    not POSTGRES_URL, reason="a database server going away: only PostgreSQL has one"
)
async def test_the_bot_carries_on_after_the_database_was_away(harness: Harness) -> None:
    """A database restart or network cut pauses the bot; it neither dies nor drops the
    message written meanwhile, and answers it once."""
    chat = await harness.user("Dana", language_code="ru")
    await harness.choose_language(chat, "ru")
    name = harness.database_url.rsplit("/", 1)[1]
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            await connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        sent = await harness.sandbox.send_text(chat, "как продлить регистрацию")
        await asyncio.sleep(3)  # every part of the bot meets the closed database meanwhile
        assert await harness.sandbox.messages(chat, since=sent["message_id"], from_bot=True) == []
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        await admin.dispose()

    reply = await harness.next_reply(chat, sent["message_id"], timeout=40)
    await asyncio.sleep(SETTLE_SECONDS)
    assert len(await harness.sandbox.messages(chat, since=sent["message_id"], from_bot=True)) == 1
    assert harness.bot.process is not None and harness.bot.process.returncode is None
    # The answer is the one the question always gets, not an apology for a lost message.
    again = await harness.say(chat, "как продлить регистрацию")
    assert reply["text"] == again["text"]
