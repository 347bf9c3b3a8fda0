"""Queueing outgoing Bot API calls. Handlers never call Telegram: they add rows here, in the
transaction that records why, and :mod:`bot.sender` makes the calls after the commit."""

from __future__ import annotations

from typing import Any

from db.repositories import OutboxRepository

TOPIC = "$topic"
"""A ``message_thread_id`` placeholder: the case's forum topic, once Telegram has created it."""
CARD = "$card"
"""A ``message_id`` placeholder: the case card's message in the operators' group."""


class Outbox:
    """The Bot API calls one update causes, written to the database with its other changes."""

    def __init__(self, repository: OutboxRepository) -> None:
        self._repository = repository
        self.queued = 0

    async def call(
        self,
        chat_id: int,
        method: str,
        params: dict[str, Any],
        *,
        message_row_id: int | None = None,
        case_id: int | None = None,
        on_sent: str | None = None,
        urgent: bool = False,
        batchable: bool = False,
    ) -> None:
        """Queue any Bot API method; ``chat_id`` decides the lane (order and rate limits).

        In the operators' group, ``case_id`` puts the call in the case's thread: parameters
        may then say :data:`TOPIC` or :data:`CARD`, which the sender fills in from the case.
        """
        await self._repository.add(
            chat_id,
            method,
            params,
            message_row_id=message_row_id,
            case_id=case_id,
            on_sent=on_sent,
            urgent=urgent,
            batchable=batchable,
        )
        self.queued += 1

    async def send_message(
        self,
        chat_id: int,
        text: str,
        *,
        reply_markup: dict[str, Any] | None = None,
        message_row_id: int | None = None,
        case_id: int | None = None,
        **params: Any,
    ) -> None:
        """Queue a text message. Texts are HTML: callers escape what they did not write."""
        payload: dict[str, Any] = {"text": text, "parse_mode": "HTML", **params}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        await self.call(
            chat_id, "sendMessage", payload, message_row_id=message_row_id, case_id=case_id
        )

    async def edit_message_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        reply_markup: dict[str, Any] | None = None,
    ) -> None:
        """Queue an edit of a message the bot sent earlier."""
        payload: dict[str, Any] = {"message_id": message_id, "text": text, "parse_mode": "HTML"}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        await self.call(chat_id, "editMessageText", payload)

    async def answer_callback(self, chat_id: int, callback_query_id: str, text: str = "") -> None:
        """Queue the answer to a button press (stops the button's spinner)."""
        payload: dict[str, Any] = {"callback_query_id": callback_query_id}
        if text:
            payload["text"] = text
        await self.call(chat_id, "answerCallbackQuery", payload)
