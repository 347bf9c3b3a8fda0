"""The sender: makes the queued Bot API calls, in order per chat, within Telegram's limits.

Limits (core.telegram.org/bots/faq): about one message a second to a private chat with short
bursts, 20 a minute to a group, 30 messages a second in all. A 429 answer postpones the chat by
its ``retry_after``; 5xx answers and timeouts are retried with exponential backoff; a user who
blocked the bot (403) is marked unreachable and their pending calls are stopped, so one blocked
user never stalls anybody else.

Calls about a case in the operators' group may name the case's topic or card before Telegram
has created them (:data:`bot.outbox.TOPIC`, :data:`bot.outbox.CARD`); they are filled in here,
from what Telegram answered to the calls before them. Relayed texts waiting behind each other in
one case are merged into one message, so a burst never runs into the group's rate limit.

Telegram has no idempotency key: if the process dies after Telegram accepted a call and before
the row is marked sent, that one call is made again on restart. The window is one round trip.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.config import SenderSettings
from bot.crypto import Vault
from bot.lanes import DRAIN_BATCH, LanePool
from bot.outbox import CARD, TOPIC
from db.models import utcnow
from db.repositories import DueCalls, OutgoingCall, Repositories, SentCall

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

RESERVE_POLL_SECONDS = 0.1
"""How often a non-urgent message looks again for room outside the urgent reserve."""

BATCH_LIMIT = 3500
"""Characters of merged relayed texts in one message (Telegram's limit is 4096)."""

MAX_RECORD_PAUSE_SECONDS = 10.0
"""The longest wait between tries to record a made call while the database does not answer."""


class Sender(LanePool[DueCalls]):
    def __init__(
        self,
        bot: Bot,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        settings: SenderSettings,
        *,
        concurrency: int = 64,
        readers: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        super().__init__(concurrency, "send")
        self._bot = bot
        self._sessions = sessions
        self._readers = readers or sessions
        self._vault = vault
        self._settings = settings
        self._chat_limiters: dict[str, AsyncLimiter] = {}
        """Per chat: keyed by the lane for a private chat, by the chat id for a group (whose
        case threads are lanes of their own but share the group's limit)."""
        self._global_limiter = AsyncLimiter(settings.global_per_second, 1)
        self._sent = SentLog(sessions, vault)

    async def ready_lanes(self, limit: int, exclude: Iterable[str]) -> dict[str, DueCalls]:
        async with self._readers() as session:
            outbox = Repositories(session, self._vault).outbox
            return await outbox.ready(limit, exclude, DRAIN_BATCH)

    def lane_finished(self, lane: str) -> None:
        limiter = self._chat_limiters.get(lane)
        if limiter is not None and limiter.has_capacity(limiter.max_rate):
            del self._chat_limiters[lane]  # idle and full again: nothing to remember

    async def drain(self, lane: str, work: DueCalls) -> None:
        due = work
        while due.calls:
            head = due.calls[0]
            if due.blocked:
                # Queued before the block was known: Telegram would only refuse it again.
                await self._stop_lane(head, "user blocked the bot")
                return
            if head.case_id is not None and head.is_group:
                # A case's calls may name the topic or card that the call before them creates,
                # so they go one at a time, each with the thread as it is now.
                thread = await self._thread_of(head.case_id)
                if not await self._deliver_in_thread(head, due.calls[1:], thread):
                    return
            else:
                for call in due.calls:
                    if not await self._deliver(call, dict(call.params), []):
                        return  # postponed: the chat's later calls wait behind it
                if len(due.calls) < DRAIN_BATCH:
                    return  # the pool looks again for this chat as soon as the lane ends
            async with self._readers() as session:
                due = await Repositories(session, self._vault).outbox.next_in_lane(
                    lane, DRAIN_BATCH
                )

    async def _thread_of(self, case_id: int) -> tuple[int | None, int | None]:
        async with self._readers() as session:
            return await Repositories(session, self._vault).cases.thread_of(case_id)

    async def _deliver_in_thread(
        self,
        call: OutgoingCall,
        followers: list[OutgoingCall],
        thread: tuple[int | None, int | None],
    ) -> bool:
        """Make a call about a case, with relayed texts right behind it merged in."""
        params = _in_thread(call, *thread)
        if params is None:
            await self._mark_sent(call, None)  # nothing to change: the thread never opened
            return True
        merged = _mergeable(params, followers) if call.batchable else []
        if merged:
            params["text"] = "\n\n".join(
                [params["text"], *(other.params["text"] for other in merged)]
            )
        return await self._deliver(call, params, [other.id for other in merged])

    async def _deliver(
        self, call: OutgoingCall, params: dict[str, Any], merged: list[int]
    ) -> bool:
        """Make one call and record the outcome; False when the chat must wait."""
        await self._acquire(call)
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
            if "not modified" in error.message.lower().replace("_", " "):
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
        await self._mark_sent(call, result if isinstance(result, dict) else None, merged)
        return True

    async def _acquire(self, call: OutgoingCall) -> None:
        if not self._settings.rate_limits:
            return
        if call.method in MESSAGE_METHODS:
            key = str(call.chat_id) if call.is_group else call.lane
            limiter = self._chat_limiters.get(key)
            if limiter is None:
                limiter = self._new_chat_limiter(call.is_group)
                self._chat_limiters[key] = limiter
            if call.is_group and not call.urgent:
                # Part of the group's burst is kept for urgent cases: when many cases open at
                # once, the others wait for the steady rate and an urgent card never queues.
                await _outside_reserve(limiter, self._settings.group_urgent_reserve)
            await limiter.acquire()
            # Telegram's overall limit is on messages; edits, topics and button answers are
            # not held back by it (a 429 would still be honoured). Part of it is kept for
            # urgent calls too, or an urgent card waits behind everyone's replies.
            if not call.urgent:
                await _outside_reserve(self._global_limiter, self._settings.global_urgent_reserve)
            await self._global_limiter.acquire()

    def _new_chat_limiter(self, is_group: bool) -> AsyncLimiter:
        if is_group:
            return AsyncLimiter(self._settings.group_per_minute, 60)
        burst = self._settings.private_burst
        return AsyncLimiter(burst, burst / self._settings.private_per_second)

    async def _mark_sent(
        self, call: OutgoingCall, result: dict[str, Any] | None, merged: Sequence[int] = ()
    ) -> None:
        """Record a made call; while the database does not answer, keep trying, because a call
        left pending would be made again and the person would get the message twice."""
        failures = 0
        while True:
            try:
                await self._sent.record(SentCall(call, result, merged))
                return
            except Exception as error:
                failures += 1
                logger.error(
                    "call %s: made, but not recorded (%s); retrying", call.id, type(error).__name__
                )
                await asyncio.sleep(min(MAX_RECORD_PAUSE_SECONDS, 0.5 * 2.0**failures))

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


class SentLog:
    """Records calls as made, the calls of many chats in one transaction.

    Each chat's task waits until its own call is committed, as if it had its own transaction,
    so the window in which a crash makes a call twice grows only by the commit already under
    way; calls made while a commit runs share the next one, so under load the database writes
    once for many messages instead of once each."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], vault: Vault) -> None:
        self._sessions = sessions
        self._vault = vault
        self._waiting: list[tuple[SentCall, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, sent: SentCall) -> None:
        """Return once ``sent`` is committed; raise what the commit raised."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((sent, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write(), name="sender-bookkeeping")
        await done

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with self._sessions() as session, session.begin():
                    await Repositories(session, self._vault).outbox.mark_sent(
                        [sent for sent, _done in batch]
                    )
            except Exception as error:  # each waiting chat's task handles it as its own
                for _sent, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for _sent, done in batch:
                    if not done.done():
                        done.set_result(None)


async def _outside_reserve(limiter: AsyncLimiter, reserve: int) -> None:
    """Wait until ``limiter`` has room for one more beyond the ``reserve`` kept for urgent
    calls. Capacity comes back with time, not with an event, hence the polling."""
    while not limiter.has_capacity(1 + reserve):  # noqa: ASYNC110
        await asyncio.sleep(RESERVE_POLL_SECONDS)


def _in_thread(
    call: OutgoingCall, topic_id: int | None, card_message_id: int | None
) -> dict[str, Any] | None:
    """The call's parameters with the case's topic and card filled in; None when the call only
    changes a topic or card that does not exist (topics off, or the card was never posted)."""
    params = dict(call.params)
    if params.get("message_id") == CARD:
        if card_message_id is None:
            return None
        params["message_id"] = card_message_id
    if params.get("message_thread_id") == TOPIC:
        if topic_id is not None:
            params["message_thread_id"] = topic_id
        elif call.method in MESSAGE_METHODS:
            # Topics are off (or the topic could not be made): the thread is replies to the card.
            del params["message_thread_id"]
            if card_message_id is not None and call.on_sent != "card":
                params["reply_parameters"] = {
                    "message_id": card_message_id,
                    "allow_sending_without_reply": True,
                }
        else:
            return None
    return params


def _mergeable(head: dict[str, Any], followers: list[OutgoingCall]) -> list[OutgoingCall]:
    """The followers right behind the head that are relayed texts too and fit into its
    message."""
    size = len(head.get("text", ""))
    taken = []
    for other in followers:
        if not other.batchable:
            break
        size += len(other.params.get("text", "")) + 2
        if size > BATCH_LIMIT:
            break
        taken.append(other)
    return taken


def _seconds(retry_after: int | timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


def _describe(error: TelegramError) -> str:
    """Telegram's description, short. Telegram's descriptions name offsets and tags, not the
    text that was sent, so they are safe to keep."""
    return f"{type(error).__name__}: {error.message}"[:160]
