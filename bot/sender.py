"""The sender: makes the queued Bot API calls, in order per chat, within Telegram's limits.

Limits (core.telegram.org/bots/faq): about one message a second to a private chat with short
bursts, 20 a minute to a group, 30 a second in all. A 429 answer postpones the chat by its
``retry_after``; 5xx answers and timeouts are retried with exponential backoff; a user who
blocked the bot (403) is marked unreachable and their pending calls are stopped, so one blocked
user never stalls anybody else.

Telegram has no idempotency key: if the process dies after Telegram accepted a call and before
the row is marked sent, that one call is made again on restart. The window is one round trip.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.config import SenderSettings
from bot.crypto import Vault
from bot.lanes import LanePool
from db.models import utcnow
from db.repositories import OutgoingCall, Repositories

logger = logging.getLogger(__name__)

MESSAGE_METHODS = frozenset(
    {
        "sendMessage", "copyMessage", "forwardMessage", "sendPhoto", "sendDocument",
        "sendVoice", "sendLocation", "sendMediaGroup", "sendSticker",
    }
)  # fmt: skip
"""Calls that post a message to a chat and so count against the per-chat limits."""

CHATLESS_METHODS = frozenset({"answerCallbackQuery"})
"""Calls that are queued in a chat's lane for ordering but take no ``chat_id`` parameter."""


class Sender(LanePool):
    def __init__(
        self,
        bot: Bot,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        settings: SenderSettings,
        *,
        concurrency: int = 64,
    ) -> None:
        super().__init__(concurrency, "send")
        self._bot = bot
        self._sessions = sessions
        self._vault = vault
        self._settings = settings
        self._chat_limiters: dict[str, AsyncLimiter] = {}
        self._global_limiter = AsyncLimiter(settings.global_per_second, 1)

    async def ready_lanes(self, limit: int, exclude: Iterable[str]) -> list[str]:
        async with self._sessions() as session:
            return await Repositories(session, self._vault).outbox.lanes_ready(limit, exclude)

    def lane_finished(self, lane: str) -> None:
        limiter = self._chat_limiters.get(lane)
        if limiter is not None and limiter.has_capacity(limiter.max_rate):
            del self._chat_limiters[lane]  # idle and full again: nothing to remember

    async def drain(self, lane: str) -> None:
        while True:
            async with self._sessions() as session:
                repos = Repositories(session, self._vault)
                call = await repos.outbox.head(lane)
                blocked = call is not None and await repos.users.is_unreachable(lane)
            if call is None:
                return
            if blocked:
                # Queued before the block was known: Telegram would only refuse it again.
                await self._stop_lane(call, "user blocked the bot")
                return
            if not await self._deliver(call):
                return  # postponed: the chat's later calls wait behind it

    async def _deliver(self, call: OutgoingCall) -> bool:
        """Make one call and record the outcome; False when the chat must wait."""
        await self._acquire(call)
        params: dict[str, Any] = dict(call.params)
        if call.method not in CHATLESS_METHODS:
            params["chat_id"] = call.chat_id
        try:
            result = await self._bot.do_api_request(call.method, api_kwargs=params)
        except RetryAfter as error:
            await self._postpone(call, _seconds(error.retry_after), count_attempt=False)
            logger.warning("call %s: rate limited for %ss", call.id, _seconds(error.retry_after))
            return False
        except Forbidden as error:
            await self._stop_lane(call, _describe(error))
            return False
        except BadRequest as error:
            if "message is not modified" in error.message:
                await self._mark_sent(call, None)  # the chat already shows what we wanted
                return True
            await self._fail(call, error)
            return True  # a refused call must not hold up the rest of the chat
        except (NetworkError, TelegramError) as error:
            # 5xx, timeouts and dropped connections: Telegram may recover, so try again.
            attempts = call.attempts + 1
            if attempts >= self._settings.max_attempts:
                await self._fail(call, error)
                return True
            delay = min(self._settings.max_backoff_seconds, 2.0 ** (attempts - 1))
            await self._postpone(call, delay, count_attempt=True)
            logger.warning(
                "call %s: %s, retry %s in %.0fs", call.id, type(error).__name__, attempts, delay
            )
            return False
        message_id = result.get("message_id") if isinstance(result, dict) else None
        await self._mark_sent(call, message_id)
        return True

    async def _acquire(self, call: OutgoingCall) -> None:
        if not self._settings.rate_limits:
            return
        if call.method in MESSAGE_METHODS:
            limiter = self._chat_limiters.get(call.lane)
            if limiter is None:
                limiter = self._new_chat_limiter(call.is_group)
                self._chat_limiters[call.lane] = limiter
            await limiter.acquire()
        await self._global_limiter.acquire()

    def _new_chat_limiter(self, is_group: bool) -> AsyncLimiter:
        if is_group:
            return AsyncLimiter(self._settings.group_per_minute, 60)
        burst = self._settings.private_burst
        return AsyncLimiter(burst, burst / self._settings.private_per_second)

    async def _mark_sent(self, call: OutgoingCall, message_id: int | None) -> None:
        async with self._sessions() as session, session.begin():
            await Repositories(session, self._vault).outbox.mark_sent(call, message_id)

    async def _postpone(self, call: OutgoingCall, seconds: float, *, count_attempt: bool) -> None:
        until = utcnow() + timedelta(seconds=seconds)
        async with self._sessions() as session, session.begin():
            await Repositories(session, self._vault).outbox.postpone(
                call.id, until, count_attempt=count_attempt
            )

    async def _fail(self, call: OutgoingCall, error: TelegramError) -> None:
        reason = _describe(error)
        logger.error("call %s (%s) failed for good: %s", call.id, call.method, reason)
        async with self._sessions() as session, session.begin():
            await Repositories(session, self._vault).outbox.mark_failed(call.id, reason)

    async def _stop_lane(self, call: OutgoingCall, reason: str) -> None:
        async with self._sessions() as session, session.begin():
            repos = Repositories(session, self._vault)
            stopped = await repos.outbox.mark_lane_dead(call.lane, reason)
            if not call.is_group:
                await repos.users.set_unreachable(call.lane, True)
        logger.warning("chat unreachable (%s); %s pending calls stopped", reason, stopped)


def _seconds(retry_after: int | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


def _describe(error: TelegramError) -> str:
    """Telegram's description, short. Telegram's descriptions name offsets and tags, not the
    text that was sent, so they are safe to keep."""
    return f"{type(error).__name__}: {error.message}"[:160]
