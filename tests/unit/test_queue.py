"""Looking for work: which chats may go now, in which order, with their first due rows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault, generate_secret
from db.models import utcnow
from db.repositories import Repositories

VAULT = Vault.from_secret(generate_secret())


async def _store(sessions: async_sessionmaker[AsyncSession], *updates: tuple) -> None:
    async with sessions() as session, session.begin():
        inbox = Repositories(session, VAULT).inbox
        for update_id, lane, urgent in updates:
            await inbox.add(update_id, lane, {"update_id": update_id}, urgent=urgent)


async def _ready(
    sessions: async_sessionmaker[AsyncSession], limit: int, exclude: list[str], batch: int
) -> dict[str, list[int]]:
    async with sessions() as session:
        lanes = await Repositories(session, VAULT).inbox.ready(limit, exclude, batch)
    return {lane: [pending.update_id for pending in batch] for lane, batch in lanes.items()}


async def test_chats_come_urgent_first_then_oldest_first_each_with_its_first_rows(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _store(
        sessions, (1, "a", False), (2, "a", False), (3, "a", False), (4, "b", True),
        (5, "c", False), (6, "d", False), (7, "d", False),
    )  # fmt: skip
    async with sessions() as session, session.begin():
        inbox = Repositories(session, VAULT).inbox
        await inbox.mark_failed_attempt(5, "Boom", utcnow() + timedelta(minutes=5))
        await inbox.mark_failed_attempt(7, "Boom", utcnow() + timedelta(minutes=5))

    ready = await _ready(sessions, limit=10, exclude=[], batch=2)
    assert list(ready) == ["b", "a", "d"], "urgent first, then by oldest update; c waits"
    assert ready == {"b": [4], "a": [1, 2], "d": [6]}, "at most a batch, up to a row not due"

    assert list(await _ready(sessions, limit=2, exclude=[], batch=2)) == ["b", "a"]
    assert list(await _ready(sessions, limit=10, exclude=["b", "a"], batch=2)) == ["d"]


async def test_a_chat_whose_first_update_waits_is_not_ready_even_if_later_ones_are_due(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _store(sessions, (1, "a", False), (2, "a", True))
    async with sessions() as session, session.begin():
        await Repositories(session, VAULT).inbox.mark_failed_attempt(
            1, "Boom", utcnow() + timedelta(minutes=5)
        )
    assert await _ready(sessions, limit=10, exclude=[], batch=20) == {}


async def test_calls_come_with_whether_the_user_blocked_the_bot(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session, VAULT)
        await repos.users.get_or_create(1001)
        await repos.users.get_or_create(1002)
        await repos.users.set_unreachable(VAULT.chat_key(1002), True)
        for chat_id in (1001, 1002, 1001):
            await repos.outbox.add(chat_id, "sendMessage", {"chat_id": chat_id, "text": "hi"})
    async with sessions() as session:
        ready = await Repositories(session, VAULT).outbox.ready(10, [], 20)
    open_chat, blocked_chat = ready[VAULT.chat_key(1001)], ready[VAULT.chat_key(1002)]
    assert [call.chat_id for call in open_chat.calls] == [1001, 1001]
    assert not open_chat.blocked and blocked_chat.blocked
