"""The case watch: announces again the cases nobody has taken in time.

The timers are ``cases.reannounce_at`` in the database, not jobs in memory, so a restart loses
none; every round is one transaction, so an announcement and its new timer commit together.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import escalation
from bot.config import Settings
from bot.content_keeper import ContentKeeper
from bot.crypto import Vault
from bot.outbox import Outbox
from bot.turn import Turn
from db.models import utcnow
from db.repositories import Repositories

logger = logging.getLogger(__name__)


async def watch_once(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    settings: Settings,
    content: ContentKeeper,
) -> int:
    """One round: re-announce every overdue waiting case; returns how many."""
    async with sessions() as session, session.begin():
        repos = Repositories(session, vault)
        turn = Turn(
            repos=repos, outbox=Outbox(repos.outbox), settings=settings, library=content.library
        )
        return await escalation.reannounce_due(turn, utcnow())


async def keep_watching(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    settings: Settings,
    content: ContentKeeper,
    on_queued: Callable[[], None],
) -> None:
    """Check every ``operators.watch_seconds`` until cancelled."""
    while True:
        try:
            if await watch_once(sessions, vault, settings, content):
                on_queued()
        except Exception as error:  # the next round tries again
            logger.error("case watch failed: %s", type(error).__name__)
        await asyncio.sleep(settings.operators.watch_seconds)
