"""Retention: erase what the privacy notice says is erased, when it says so."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.crypto import Vault
from db.models import utcnow
from db.repositories import Repositories

logger = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600.0


PURGE_BATCH = 500
"""Rows of each kind erased per transaction. The first purge after a long pause can meet months
of rows; in one transaction it would hold the database (and, on SQLite, the event loop) for as
long as that takes, and every chat would wait."""


async def purge_once(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    retention_days: int,
    batch: int = PURGE_BATCH,
) -> dict[str, int]:
    """Erase everything older than the retention period, a batch at a time; returns the
    counts."""
    cutoff = utcnow() - timedelta(days=retention_days)
    totals: Counter[str] = Counter()
    while True:
        async with sessions() as session, session.begin():
            counts = await Repositories(session, vault).retention.purge(cutoff, batch)
        totals.update(counts)
        if max(counts["users"], counts["inbox"], counts["outbox"]) < batch:
            return {kind: totals[kind] for kind in counts}
        await asyncio.sleep(0)  # the chats' own transactions go between batches


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
