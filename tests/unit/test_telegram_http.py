"""The aiohttp transport under python-telegram-bot, against a real server on loopback."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.telegram_http import AiohttpRequest
from tests.conftest import serving

pytestmark = [
    pytest.mark.filterwarnings("ignore:Please use .Bot.:telegram.warnings.PTBUserWarning"),
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]

TOKEN = "123:abc"  # made up: the server is local
ME = {"id": 123, "is_bot": True, "first_name": "Senim", "username": "senim_bot"}


@dataclass
class FakeApi:
    """Answers like the Bot API and keeps what it was sent."""

    answer: tuple[int, dict[str, Any]] = (200, {"ok": True, "result": True})
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "getMe":  # asked once when the bot starts
            return web.json_response({"ok": True, "result": ME})
        if request.content_type.startswith("multipart/"):
            fields: dict[str, Any] = {}
            async for part in await request.multipart():
                fields[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
        else:
            fields = dict(await request.post())
        fields["method"] = request.match_info["method"]
        self.received.append(fields)
        await asyncio.sleep(self.delay)
        status, body = self.answer
        return web.json_response(body, status=status)


@pytest.fixture
async def api() -> AsyncIterator[FakeApi]:
    fake = FakeApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", fake.handle)
    async with serving(app) as url:
        fake.url = f"{url}/bot"
        yield fake


def bot_for(url: str, **timeouts: float) -> Bot:
    return Bot(TOKEN, base_url=url, request=AiohttpRequest(**timeouts))


async def test_a_call_sends_its_parameters_and_returns_the_result(api: FakeApi) -> None:
    api.answer = (200, {"ok": True, "result": {"message_id": 7}})
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Қазақша", callback_data="lang:kk")]])
    async with bot_for(api.url) as bot:
        result = await bot.do_api_request(
            "sendMessage", api_kwargs={"chat_id": 42, "text": "Сәлем", "reply_markup": keyboard}
        )
    assert result == {"message_id": 7}
    sent = api.received[-1]
    assert (sent["method"], sent["chat_id"], sent["text"]) == ("sendMessage", "42", "Сәлем")
    assert json.loads(sent["reply_markup"])["inline_keyboard"][0][0]["text"] == "Қазақша"


async def test_a_file_goes_as_multipart_with_its_name(api: FakeApi) -> None:
    message = {"message_id": 8, "date": 0, "chat": {"id": 42, "type": "private"}}
    api.answer = (200, {"ok": True, "result": message})
    async with bot_for(api.url) as bot:
        await bot.send_document(42, document=b"a,b\n1,2\n", filename="cases.csv")
    sent = api.received[-1]
    assert sent["chat_id"] == (None, b"42")
    assert sent["document"] == ("cases.csv", b"a,b\n1,2\n")


async def test_telegram_errors_keep_their_meaning(api: FakeApi) -> None:
    async with bot_for(api.url) as bot:
        api.answer = (429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
                            "parameters": {"retry_after": 3}})  # fmt: skip
        with pytest.raises(RetryAfter) as limited:
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 1, "text": "x"})
        assert limited.value.retry_after in (3, timedelta(seconds=3))
        api.answer = (400, {"ok": False, "error_code": 400, "description": "Bad Request: no"})
        with pytest.raises(BadRequest):
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 1, "text": "x"})


async def test_a_slow_answer_is_a_timeout(api: FakeApi) -> None:
    api.delay = 1.0
    async with bot_for(api.url, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": 1, "text": "x"})


async def test_nobody_listening_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as failed:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(failed.value, TimedOut)
    assert "ClientConnectorError" in failed.value.message
