"""Retention erases what the privacy notice promises, and keeps what operators still need."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.crypto import Vault, generate_secret
from bot.retention import purge_once
from db.models import Case, Message, User, utcnow
from db.repositories import Repositories
from db.session import create_engine, session_factory


async def test_idle_users_are_erased_unless_a_case_is_open(database_url: str) -> None:
    vault = Vault.from_secret(generate_secret())
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    long_ago = utcnow() - timedelta(days=120)
    try:
        async with sessions() as session, session.begin():
            repos = Repositories(session, vault)
            idle = await repos.users.get_or_create(1001)
            recent = await repos.users.get_or_create(1002)
            waiting = await repos.users.get_or_create(1003)
            for user in (idle, recent, waiting):
                await repos.messages.add(user, "in", text="мой паспорт у хозяина")
            idle.last_seen_at = long_ago
            waiting.last_seen_at = long_ago
            await repos.cases.open_or_raise(
                waiting, reason="user:talk", risk="high", language="ru"
            )
            closed, _, _ = await repos.cases.open_or_raise(
                idle, reason="user:talk", risk="none", language="ru"
            )
            closed.status = "closed"

        counts = await purge_once(sessions, vault, retention_days=90)
        assert counts["users"] == 1 and counts["messages"] == 1

        async with sessions() as session:
            keys = set(await session.scalars(select(User.chat_key)))
            assert keys == {vault.chat_key(1002), vault.chat_key(1003)}
            assert await session.scalar(select(func.count()).select_from(Message)) == 2
            orphaned = await session.scalar(select(Case).where(Case.status == "closed"))
            assert orphaned is not None and orphaned.user_id is None  # the case's record stays
    finally:
        await engine.dispose()
