"""Keeps the running bot's rights content current: seeds, loads and reloads revisions."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PROJECT_ROOT
from bot.crypto import Vault
from bot.faq.content import load_content
from bot.faq.library import Library
from bot.faq.snapshot import from_document, to_document
from db.repositories import Repositories

logger = logging.getLogger(__name__)

CONTENT_DIR = PROJECT_ROOT / "locales" / "content"
WATCH_SECONDS = 5.0


class ContentKeeper:
    """Holds the current :class:`Library`; a newer revision in the database replaces it."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        content_dir: Path = CONTENT_DIR,
    ) -> None:
        self._sessions = sessions
        self._vault = vault
        self._content_dir = content_dir
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        """The content being served."""
        assert self._library is not None, "start() loads the content first"
        return self._library

    async def start(self) -> None:
        """Load the newest revision; a new deployment first publishes the content files."""
        async with self._sessions() as session, session.begin():
            content = Repositories(session, self._vault).content
            revision = await content.latest_revision()
            if revision is None:
                files = await asyncio.to_thread(load_content, self._content_dir)
                revision = await content.publish(to_document(files), "seed", "content files")
                logger.info("content revision %s published from the content files", revision)
        await self._load(revision)

    async def watch(self) -> None:
        """Switch to newer revisions as they are published, until cancelled."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                async with self._sessions() as session:
                    latest = await Repositories(session, self._vault).content.latest_revision()
                if latest is not None and latest != self.library.revision:
                    await self._load(latest)
                    logger.info("now serving content revision %s", latest)
            except Exception as error:  # keep serving the content we have
                logger.error("content reload failed: %s", type(error).__name__)

    async def _load(self, revision: int) -> None:
        async with self._sessions() as session:
            document = await Repositories(session, self._vault).content.load(revision)
        content = from_document(document)
        self._library = await asyncio.to_thread(Library.from_content, revision, content)
