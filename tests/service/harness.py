"""The real bot process, run against the emulator: what the end-to-end tests drive."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox import RunningEmulator
from bot.sandbox.botprocess import BotProcess
from bot.sandbox.client import SandboxClient


@dataclass
class Harness:
    emulator: RunningEmulator
    sandbox: SandboxClient
    bot: BotProcess
    database_url: str
    secret_key: str

    async def user(self, name: str = "Aigerim", language_code: str | None = None) -> int:
        """A new user of the emulator; returns their id (= their private chat id)."""
        created = await self.sandbox.create_user(name, language_code=language_code)
        return int(created["id"])

    async def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return await self.sandbox.messages(chat_id, from_bot=True)

    async def next_reply(
        self,
        chat_id: int,
        after: int,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 10,
    ) -> dict[str, Any]:
        """The first bot message in a chat with message_id > ``after``."""
        found = await self.sandbox.wait_for_messages(
            chat_id, since=after, predicate=predicate, timeout=timeout
        )
        return found[0]

    async def press_and_answer(
        self, chat_id: int, message: dict[str, Any], data: str, *, forged: bool = False
    ) -> dict[str, Any]:
        """Press a button; returns how the bot answered the press (the toast), once it has."""
        query_id = await self.sandbox.press_button(chat_id, message, data=data, forged=forged)
        for _ in range(300):
            answer = await self.sandbox.callback_answer(query_id)
            if answer is not None:
                return answer
            await asyncio.sleep(0.05)
        raise AssertionError(f"the press of {data!r} was not answered")

    async def say(self, chat_id: int, text: str, timeout: float = 10) -> dict[str, Any]:
        """The user writes ``text``; returns the bot's next message."""
        sent = await self.sandbox.send_text(chat_id, text)
        return await self.next_reply(chat_id, sent["message_id"], timeout=timeout)

    async def choose_language(self, chat_id: int, language: str) -> dict[str, Any]:
        """/start, press the language button; returns the confirmation message."""
        menu = await self.say(chat_id, "/start")
        await self.sandbox.press_button(chat_id, menu, data=f"lang:{language}")
        return await self.next_reply(
            chat_id, menu["message_id"], predicate=lambda message: "/help" in message["text"]
        )
