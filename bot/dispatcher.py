"""The dispatcher: handles stored updates, one chat's in order, different chats at once.

Each update is handled in one transaction: the handlers' changes, the replies they queue and the
"done" mark commit together. A crash before the commit leaves the update pending and it is
handled again on restart; a crash after it leaves nothing to redo. A failing update is retried
with backoff and, after ``max_attempts``, parked as ``failed`` while the chat moves on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.content_keeper import ContentKeeper
from bot.crypto import Vault
from bot.flood import FloodCounter
from bot.i18n import translator
from bot.ingress import chat_id_of
from bot.lanes import DRAIN_BATCH, LanePool
from bot.outbox import Outbox
from bot.turn import Turn, enter_turn, leave_turn
from db.models import utcnow
from db.repositories import PendingUpdate, Repositories
from db.session import writers_in_flight

logger = logging.getLogger(__name__)


class Dispatcher(LanePool[list[PendingUpdate]]):
    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        settings: Settings,
        content: ContentKeeper,
        on_replies_queued: Callable[[], None],
        readers: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        concurrency = writers_in_flight(settings.sqlalchemy_url(), settings.dispatcher.concurrency)
        super().__init__(concurrency, "dispatch")
        self._content = content
        self._application = application
        self._sessions = sessions
        self._readers = readers or sessions
        self._vault = vault
        self._settings = settings
        self._on_replies_queued = on_replies_queued
        self._flood = FloodCounter(
            settings.limits.flood_messages, settings.limits.flood_window_seconds
        )

    async def ready_lanes(
        self, limit: int, exclude: Iterable[str]
    ) -> dict[str, list[PendingUpdate]]:
        async with self._readers() as session:
            inbox = Repositories(session, self._vault).inbox
            return await inbox.ready(limit, exclude, DRAIN_BATCH)

    async def drain(self, lane: str, work: list[PendingUpdate]) -> None:
        batch = work
        while True:
            for pending in batch:
                if not await self._handle(pending):
                    return  # the update waits for its retry; later updates of the chat wait too
            if len(batch) < DRAIN_BATCH:
                # Whatever arrived meanwhile is found when the pool looks again, which it does
                # as soon as this lane ends; looking here would cost a read per update.
                return
            async with self._readers() as session:
                batch = await Repositories(session, self._vault).inbox.next_in_lane(
                    lane, DRAIN_BATCH
                )

    async def _handle(self, pending: PendingUpdate) -> bool:
        """Handle one update in one transaction; False when it failed and was postponed."""
        try:
            async with self._sessions() as session, session.begin():
                repos = Repositories(session, self._vault)
                outbox = Outbox(repos.outbox)
                turn = Turn(
                    repos=repos,
                    outbox=outbox,
                    settings=self._settings,
                    library=self._content.library,
                    flood=self._flood,
                )
                token = enter_turn(turn)
                try:
                    update = Update.de_json(pending.payload, self._application.bot)
                    await self._application.process_update(update)
                finally:
                    leave_turn(token)
                if turn.error is not None:
                    raise turn.error
                await repos.inbox.mark_done(pending.update_id)
        except Exception as error:
            await self._record_failure(pending, error)
            return False
        if outbox.queued:
            self._on_replies_queued()
        return True

    async def _record_failure(self, pending: PendingUpdate, error: Exception) -> None:
        attempts = pending.attempts + 1
        give_up = attempts >= self._settings.dispatcher.max_attempts
        retry_at = None if give_up else utcnow() + timedelta(seconds=2.0**attempts)
        # Only the class name: an exception's message may quote what the user wrote.
        logger.error(
            "update %s failed (attempt %s%s): %s",
            pending.update_id,
            attempts,
            ", parked as failed" if give_up else "",
            type(error).__name__,
        )
        async with self._sessions() as session, session.begin():
            repos = Repositories(session, self._vault)
            await repos.inbox.mark_failed_attempt(
                pending.update_id, type(error).__name__, retry_at
            )
            if give_up:
                await self._apologise(repos, pending)
        if give_up:
            self._on_replies_queued()

    async def _apologise(self, repos: Repositories, pending: PendingUpdate) -> None:
        """Tell the user their message could not be handled, so it is not silently lost."""
        chat_id = chat_id_of(pending.payload)
        if chat_id is None or chat_id < 0:
            return  # group updates: the operators see failures in the logs and the console
        user = await repos.users.get(chat_id)
        language = (user.language or user.language_hint) if user is not None else None
        t = translator(language or self._settings.languages.default)
        await Outbox(repos.outbox).send_message(
            chat_id,
            t.gettext(
                "Sorry, something went wrong on our side and I could not read your last "
                "message. Please send it again."
            ),
        )
