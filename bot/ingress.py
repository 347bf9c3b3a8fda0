"""Ingress: updates reach the inbox and are committed before Telegram is told we have them.

Polling confirms an update by asking for the next offset, which we do only after the commit; the
webhook answers 200 only after the commit. A crash at any point therefore loses nothing, and a
redelivered update is ignored by the inbox's unique ``update_id``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import Conflict, InvalidToken

from bot.crypto import Vault
from bot.screening import screen
from db.repositories import Repositories

logger = logging.getLogger(__name__)

ALLOWED_UPDATES: tuple[str, ...] = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
)
"""The update types Senim handles; Telegram does not send the others."""

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret

MAX_SCREENED = 4096
"""Characters of a text screened to order the queue (Telegram's message limit)."""

_CHAT_SOURCES = ("message", "edited_message", "my_chat_member", "channel_post")


def chat_id_of(payload: dict[str, Any]) -> int | None:
    """The chat an update belongs to, read from the raw JSON."""
    for kind in _CHAT_SOURCES:
        part = payload.get(kind)
        if isinstance(part, dict) and isinstance(part.get("chat"), dict):
            chat_id = part["chat"].get("id")
            return chat_id if isinstance(chat_id, int) else None
    query = payload.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return message["chat"].get("id")
        sender = query.get("from")
        if isinstance(sender, dict):
            return sender.get("id")
    return None


def lane_of(payload: dict[str, Any], update_id: int, vault: Vault) -> str:
    """The lane an update is handled in: its chat's, or, in a group with topics, its topic's.

    Updates of one lane are handled in order. A forum topic is a case's conversation, so
    operators answering different cases are handled side by side."""
    chat_id = chat_id_of(payload)
    if chat_id is None:
        return f"update:{update_id}"  # nothing to keep in order with
    message = payload.get("message") or payload.get("edited_message")
    if message is None and isinstance(payload.get("callback_query"), dict):
        message = payload["callback_query"].get("message")
    if chat_id < 0 and isinstance(message, dict) and message.get("is_topic_message"):
        thread = message.get("message_thread_id")
        if isinstance(thread, int):
            return vault.key_of(f"{chat_id}/topic/{thread}")
    return vault.chat_key(chat_id)


def reads_urgent(payload: dict[str, Any]) -> bool:
    """Whether a person's text reads as danger now: such chats are handled first when many
    updates wait (the full reading happens in the handler; this is only the order)."""
    message = payload.get("message")
    if not isinstance(message, dict) or not isinstance(message.get("text"), str):
        return False
    return screen(message["text"][:MAX_SCREENED]).risk == "urgent"


async def store_updates(
    sessions: async_sessionmaker[AsyncSession], vault: Vault, payloads: Iterable[dict[str, Any]]
) -> int:
    """Store updates in one transaction; returns how many were new."""
    new = 0
    async with sessions() as session, session.begin():
        inbox = Repositories(session, vault).inbox
        for payload in payloads:
            update_id = payload.get("update_id")
            if not isinstance(update_id, int):
                continue
            lane = lane_of(payload, update_id, vault)
            new += await inbox.add(update_id, lane, payload, urgent=reads_urgent(payload))
    return new


class Poller:
    """Long-polls getUpdates and stores each batch before confirming it."""

    def __init__(
        self,
        bot: Bot,
        sessions: async_sessionmaker[AsyncSession],
        vault: Vault,
        on_stored: Callable[[], None],
        *,
        timeout: int,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._vault = vault
        self._on_stored = on_stored
        self._timeout = timeout

    async def run(self) -> None:
        """Poll until cancelled; errors are logged and retried with backoff."""
        webhook_removed = False  # Telegram refuses getUpdates while a webhook is set
        offset = 0
        failures = 0
        while True:
            try:
                if not webhook_removed:
                    await self._bot.delete_webhook()
                    webhook_removed = True
                updates = await self._bot.do_api_request(
                    "getUpdates",
                    api_kwargs={
                        "offset": offset,
                        "timeout": self._timeout,
                        "allowed_updates": list(ALLOWED_UPDATES),
                    },
                    read_timeout=self._timeout + 10,
                )
                stored = (
                    await store_updates(self._sessions, self._vault, updates) if updates else 0
                )
            except (Conflict, InvalidToken) as error:
                logger.error("getUpdates refused: %s", error.message)
                failures += 1
                await asyncio.sleep(min(60.0, 2.0**failures))
                continue
            except Exception as error:
                # Telegram or the database did not answer. The offset stays, so a batch that
                # could not be stored is sent again once both are back.
                failures += 1
                logger.warning("polling failed (%s); retrying", type(error).__name__)
                await asyncio.sleep(min(30.0, 0.5 * 2.0**failures))
                continue
            failures = 0
            if stored:
                self._on_stored()
            if updates:
                # Only now, with the batch committed, may Telegram forget it.
                offset = max(update["update_id"] for update in updates) + 1


def webhook_handler(
    sessions: async_sessionmaker[AsyncSession],
    vault: Vault,
    secret: str,
    on_stored: Callable[[], None],
) -> Callable[[web.Request], Any]:
    """The aiohttp route Telegram posts updates to."""
    expected = secret.encode("utf-8")

    async def receive_update(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return web.Response(status=401, text="unauthorized")
        try:
            payload = await request.json()
        except ValueError:
            return web.Response(status=400, text="expected a JSON update")
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            return web.Response(status=400, text="expected a JSON update")
        # A database error propagates as 500, and Telegram delivers the update again later.
        if await store_updates(sessions, vault, [payload]):
            on_stored()
        return web.Response(text="ok")

    return receive_update
