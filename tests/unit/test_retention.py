"""Retention erases what the privacy notice promises, and keeps what operators still need."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault, generate_secret
from bot.retention import purge_once
from db.models import Case, Message, User, utcnow
from db.repositories import Repositories

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
def vault() -> Vault:
    return Vault.from_secret(generate_secret())


async def test_idle_users_are_erased_unless_a_case_is_open(
    sessions: Sessions, vault: Vault
) -> None:
    long_ago = utcnow() - timedelta(days=120)
    async with sessions() as session, session.begin():
        repos = Repositories(session, vault)
        idle = await repos.users.get_or_create(1001)
        recent = await repos.users.get_or_create(1002)
        waiting = await repos.users.get_or_create(1003)
        for user in (idle, recent, waiting):
            await repos.messages.add(user, "in", text="мой паспорт у хозяина")
        idle.last_seen_at = long_ago
        waiting.last_seen_at = long_ago
        await repos.cases.open_or_raise(waiting, reason="user:talk", risk="high", language="ru")
        closed, _, _ = await repos.cases.open_or_raise(
            idle, reason="user:talk", risk="none", language="ru"
        )
        closed.status = "closed"
        for case in (closed, await repos.cases.open_case_of(waiting)):
            assert case is not None
            case.indicators_enc = vault.encrypt("паспорт у хозяина", "case.indicators")
            case.guided_enc = vault.encrypt("passport: yes", "case.guided")

    counts = await purge_once(sessions, vault, retention_days=90)
    assert counts["users"] == 1 and counts["messages"] == 1

    async with sessions() as session:
        keys = set(await session.scalars(select(User.chat_key)))
        assert keys == {vault.chat_key(1002), vault.chat_key(1003)}
        assert await session.scalar(select(func.count()).select_from(Message)) == 2
        orphaned = await session.scalar(select(Case).where(Case.status == "closed"))
        assert orphaned is not None and orphaned.user_id is None  # the case's record stays
        # ...without the person's words or answers; the open case keeps them.
        assert (orphaned.indicators_enc, orphaned.guided_enc) == (None, None)
        still_open = await session.scalar(select(Case).where(Case.status != "closed"))
        assert still_open is not None and still_open.indicators_enc is not None
        assert still_open.guided_enc is not None


async def test_erasing_a_user_keeps_their_cases_counts_but_not_their_words(
    sessions: Sessions, vault: Vault
) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session, vault)
        user = await repos.users.get_or_create(2001)
        case, _, _ = await repos.cases.open_or_raise(
            user, reason="urgent:violence", risk="urgent", language="ru"
        )
        case.indicators_enc = vault.encrypt("бригадир бьёт", "case.indicators")
        case.guided_enc = vault.encrypt("violence: yes", "case.guided")
        case.status = "closed"
    async with sessions() as session, session.begin():
        repos = Repositories(session, vault)
        user = await repos.users.get_or_create(2001)
        await repos.users.erase(user)

    async with sessions() as session:
        kept = await session.scalar(select(Case))
        assert kept is not None
        assert (kept.user_id, kept.indicators_enc, kept.guided_enc) == (None, None, None)
        assert (kept.reason, kept.risk) == ("urgent:violence", "urgent")
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_a_purge_larger_than_a_batch_erases_everything_in_several(
    sessions: Sessions, vault: Vault
) -> None:
    async with sessions() as session, session.begin():
        repos = Repositories(session, vault)
        for chat_id in range(3001, 3006):
            user = await repos.users.get_or_create(chat_id)
            await repos.messages.add(user, "in", text="сколько стоит патент")
            user.last_seen_at = utcnow() - timedelta(days=120)

    counts = await purge_once(sessions, vault, retention_days=90, batch=2)
    assert (counts["users"], counts["messages"]) == (5, 5)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 0
        assert await session.scalar(select(func.count()).select_from(Message)) == 0
