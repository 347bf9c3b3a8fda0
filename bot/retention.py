"""Retention: erase what the privacy notice says is erased, when it says so."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from db.models import utcnow
from db.repositories import Repositories

logger = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600.0


async def purge_once(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, retention_days: int
) -> dict[str, int]:
    """Erase everything older than the retention period; returns the counts."""
    cutoff = utcnow() - timedelta(days=retention_days)
    async with sessions() as session, session.begin():
        return await Repositories(session, vault).retention.purge(cutoff)


async def keep_purging(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, retention_days: int
) -> None:
    """Purge at start and then every hour, until cancelled."""
    while True:
        try:
            counts = await purge_once(sessions, vault, retention_days)
            if any(counts.values()):
                logger.info("retention purge: %s", counts)
        except Exception as error:  # the next round tries again
            logger.error("retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(PURGE_EVERY_SECONDS)
